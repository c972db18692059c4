import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const FORMAT = /^rlk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A new key: `rlk_<16 hex prefix>_<43 char secret>`. Only the prefix and the secret's SHA-256 are stored. */
export function newApiKeySecret(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `rlk_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = FORMAT.exec(key);
  return match ? { prefix: match[1], secret: match[2] } : null;
}

export const looksLikeApiKey = (token: string): boolean => token.startsWith('rlk_');

// The secret has 256 bits of entropy, so a fast hash suffices (no password stretching needed).
const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
