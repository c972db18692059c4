import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppConfig } from './app-config';

/** The secrets of a running instance: never with a public default, kept outside the database. */
export interface Secrets {
  /** HS256 key of access tokens. */
  jwtSecret: string;
  /** Ed25519 private key that signs audit checkpoints. */
  auditSigningKey: KeyObject;
}

export const SECRETS = Symbol('SECRETS');

/**
 * The configured secrets, or else the ones generated on the first start and kept in `<DATA_DIR>/secrets/`
 * (directory 0700, files 0600). Several instances starting together on one data directory agree: a file is
 * published with an atomic link, and the loser of the race reads the winner's.
 */
export async function loadSecrets(config: AppConfig, warn: (line: string) => void): Promise<Secrets> {
  const dir = path.join(config.dataDir, 'secrets');
  const kept = (name: string, make: () => string) => keptSecret(dir, name, make, warn);
  const jwtSecret =
    config.jwtSecret ?? (await kept('jwt-secret', () => randomBytes(48).toString('base64url')));
  const pem = config.auditSigningKeyFile
    ? await readSecretFile(config.auditSigningKeyFile, warn, false)
    : await kept('audit-signing-key.pem', () =>
        generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      );
  return {
    jwtSecret,
    auditSigningKey: ed25519PrivateKey(pem, config.auditSigningKeyFile ?? 'generated key'),
  };
}

/** An Ed25519 private key from PEM, with an error that names where it came from. */
export function ed25519PrivateKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error(`The audit signing key (${source}) is not a PEM private key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`The audit signing key (${source}) must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  }
  return key;
}

/** The public half of a signing key, as PEM (SPKI), for auditors who verify signatures themselves. */
export const publicKeyPem = (privateKey: KeyObject): string =>
  createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();

async function keptSecret(
  dir: string,
  name: string,
  make: () => string,
  warn: (line: string) => void,
): Promise<string> {
  // DATA_DIR itself stays traversable (the embedded database's own user needs its postgres/); only
  // secrets/ is private.
  await mkdir(path.dirname(dir), { recursive: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await tighten(dir, 0o700, warn);
  const file = path.join(dir, name);
  try {
    return await readSecretFile(file, warn);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(draft, `${make()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  return readSecretFile(file, warn);
}

async function readSecretFile(file: string, warn: (line: string) => void, ours = true): Promise<string> {
  const text = (await readFile(file, 'utf8')).trim();
  if (text === '') throw new Error(`The secret file ${file} is empty`);
  await tighten(file, 0o600, warn, ours);
  return text;
}

/**
 * A secret readable by others is said so; one the service generated is made private again (an operator's
 * file may sit on a read-only mount, so it is only reported).
 */
async function tighten(file: string, mode: number, warn: (line: string) => void, fix = true): Promise<void> {
  const current = (await stat(file)).mode & 0o777;
  if ((current & 0o077) === 0) return;
  if (fix) await chmod(file, mode);
  warn(
    `${file} is readable by other users (mode ${current.toString(8)})` +
      (fix ? `; it is now ${mode.toString(8)}` : ': make it private'),
  );
}
