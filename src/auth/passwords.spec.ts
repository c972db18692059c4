import { hashPassword, PASSWORD_COST, passwordCost, TEST_PASSWORD_COST, verifyPassword } from './passwords';

describe('password hashing cost', () => {
  it('is the full argon2id cost everywhere but NODE_ENV=test', () => {
    expect(passwordCost('production')).toBe(PASSWORD_COST);
    expect(passwordCost('development')).toBe(PASSWORD_COST);
    expect(passwordCost('')).toBe(PASSWORD_COST);
    expect(passwordCost('test')).toBe(TEST_PASSWORD_COST);
    expect(PASSWORD_COST).toEqual({ memoryCost: 65_536, timeCost: 3 });
  });

  it('writes the cost into the hash, so a hash made at either cost verifies', async () => {
    const full = await hashPassword('correct horse battery staple');
    expect(full).toMatch(/^\$argon2id\$v=19\$m=65536,p=\d+,t=3\$/);
    const cheap = await hashPassword('correct horse battery staple', TEST_PASSWORD_COST);
    expect(cheap).toMatch(/^\$argon2id\$v=19\$m=1024,p=\d+,t=1\$/);
    expect(await verifyPassword(full, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(cheap, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(cheap, 'wrong horse battery staple')).toBe(false);
  });
});
