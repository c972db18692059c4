import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

export const MIN_PASSWORD_LENGTH = 12;

/** How hard a password hash is to compute: argon2id's memory (KiB) and passes. */
export interface PasswordCost {
  memoryCost: number;
  timeCost: number;
}

/** argon2id with the library's defaults (64 MiB, 3 passes), per the OWASP password storage guidance. */
export const PASSWORD_COST: PasswordCost = Object.freeze({ memoryCost: 65_536, timeCost: 3 });
/**
 * Under NODE_ENV=test only (never in production or development): the suites create hundreds of accounts,
 * and at full cost hashing dominated their time on a busy machine. The algorithm stays argon2id.
 */
export const TEST_PASSWORD_COST: PasswordCost = Object.freeze({ memoryCost: 1_024, timeCost: 1 });

export const passwordCost = (nodeEnv: string): PasswordCost =>
  nodeEnv === 'test' ? TEST_PASSWORD_COST : PASSWORD_COST;

export const hashPassword = (password: string, cost: PasswordCost = PASSWORD_COST): Promise<string> =>
  argon2.hash(password, { type: argon2.argon2id, ...cost });

/** Checks a password against its hash, whatever cost the hash was made with (it is in the hash). */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A random password for accounts created without one: 24 URL-safe characters (144 bits). */
export const generatePassword = (): string => randomBytes(18).toString('base64url');

// Hash of a random password, verified against when the e-mail is unknown, so timing does not reveal accounts.
const decoys = new Map<PasswordCost, Promise<string>>();
export const decoyHash = (cost: PasswordCost = PASSWORD_COST): Promise<string> => {
  if (!decoys.has(cost)) decoys.set(cost, hashPassword(generatePassword(), cost));
  return decoys.get(cost)!;
};
