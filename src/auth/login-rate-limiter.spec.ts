import { LoginRateLimiter } from './login-rate-limiter';

describe('LoginRateLimiter', () => {
  let clock = 0;
  const limiter = () => new LoginRateLimiter(3, 60_000, () => clock);

  beforeEach(() => (clock = 1_000_000));

  it('refuses a key once its attempts reach the limit, for the rest of the window', () => {
    const l = limiter();
    expect([
      l.begin(['ip:1', 'email:a']),
      l.begin(['ip:1', 'email:a']),
      l.begin(['ip:1', 'email:a']),
    ]).toEqual([0, 0, 0]);
    expect(l.begin(['ip:1', 'email:b'])).toBe(60);
    clock += 30_000;
    expect(l.begin(['ip:2', 'email:a'])).toBe(30);
    clock += 30_000;
    expect(l.begin(['ip:1', 'email:a'])).toBe(0);
  });

  it('counts attempts when they start, so parallel guesses cannot exceed the limit', () => {
    const l = limiter();
    const started = Array.from({ length: 10 }, () => l.begin(['email:a']));
    expect(started.filter((wait) => wait === 0)).toHaveLength(3);
  });

  it('forgives successful attempts', () => {
    const l = limiter();
    for (let i = 0; i < 10; i++) {
      expect(l.begin(['email:a'])).toBe(0);
      l.succeeded(['email:a']);
    }
  });

  it('keeps other keys free', () => {
    const l = limiter();
    for (let i = 0; i < 5; i++) l.begin(['ip:1']);
    expect(l.begin(['ip:2', 'email:x'])).toBe(0);
  });

  it('never holds more keys than its bound', () => {
    const l = new LoginRateLimiter(3, 60_000, () => clock, 10);
    for (let i = 0; i < 50; i++) l.begin([`ip:${i}`]);
    expect((l as unknown as { attempts: Map<string, unknown> }).attempts.size).toBeLessThanOrEqual(10);
  });
});
