import { createHash, randomBytes } from 'node:crypto';

/** `rli_`: an invitation to join an organization; `rlr_`: a password reset. Prefixes let secret scanners find them. */
export type OneTimeTokenKind = 'rli' | 'rlr';

const FORMAT = /^rl[ir]_[A-Za-z0-9_-]{43}$/;

/** A new single-use token (256 random bits) and the SHA-256 that is all the database keeps of it. */
export function newOneTimeToken(kind: OneTimeTokenKind): { token: string; hash: string } {
  const token = `${kind}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashOneTimeToken(token) };
}

// The token has 256 bits of entropy, so a fast hash suffices (no stretching needed).
export const hashOneTimeToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const looksLikeOneTimeToken = (token: string, kind: OneTimeTokenKind): boolean =>
  FORMAT.test(token) && token.startsWith(`${kind}_`);
