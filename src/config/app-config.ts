import { isIP } from 'node:net';
import path from 'node:path';

/** The validated, typed configuration of one running instance. Built once at boot from the environment. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string | null;
  databaseMigrationUrl: string | null;
  databasePoolSize: number;
  dataDir: string;
  embeddedPgDataDir: string;
  embeddedPgPort: number;
  /** Null: generated on first start and kept in `<dataDir>/secrets/` (see secrets.ts). */
  jwtSecret: string | null;
  jwtTtlSeconds: number;
  webSessionIdleMinutes: number;
  webSessionMaxHours: number;
  auditSigningKeyFile: string | null;
  auditCheckpointIntervalSeconds: number;
  invitationTtlHours: number;
  /** Express `trust proxy`: null trusts no proxy. */
  trustProxy: string | number | null;
  adminEmail: string | null;
  adminPassword: string | null;
  loginRateLimit: number;
  loginRateWindowSeconds: number;
  jsonBodyLimit: string;
  readingsMaxBatch: number;
  readingsBodyLimit: string;
  uploadLimit: string;
  readingsCsvMaxRows: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  logFormat: 'json' | 'text';
}

type Env = Record<string, string | undefined>;

interface VariableSpec<K extends keyof AppConfig> {
  env: string;
  key: K;
  default: string | null;
  description: string;
  parse: (raw: string) => AppConfig[K];
}

class ConfigError extends Error {}

const oneOf =
  <T extends string>(...allowed: T[]) =>
  (raw: string): T => {
    if (!(allowed as string[]).includes(raw)) throw new ConfigError(`must be one of ${allowed.join(', ')}`);
    return raw as T;
  };

const int =
  (min: number, max: number) =>
  (raw: string): number => {
    if (!/^\d+$/.test(raw)) throw new ConfigError('must be a whole number');
    const value = Number(raw);
    if (value < min || value > max) throw new ConfigError(`must be between ${min} and ${max}`);
    return value;
  };

const text = (raw: string): string => raw;

const postgresUrl = (raw: string): string => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('must be a URL such as postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('must use the postgres:// or postgresql:// scheme');
  }
  return raw;
};

const email = (raw: string): string => {
  if (!/^[^\s@]+@[^\s@]+$/.test(raw)) throw new ConfigError('must be an e-mail address');
  return raw.toLowerCase();
};

const isAddressOrCidr = (part: string): boolean => {
  const [address, bits, ...rest] = part.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};

/** Express's `trust proxy` setting, limited to forms that name the proxies (never "trust everyone"). */
const trustProxy = (raw: string): string | number => {
  if (/^\d+$/.test(raw)) return int(1, 10)(raw);
  const parts = raw.split(',').map((part) => part.trim());
  const named = ['loopback', 'linklocal', 'uniquelocal'];
  if (parts.every((part) => named.includes(part) || isAddressOrCidr(part))) return parts.join(',');
  throw new ConfigError(
    'must be loopback, a number of hops, or addresses/CIDRs separated by commas (never true: name the proxies)',
  );
};

const bodyLimit = (raw: string): string => {
  if (!/^\d+(b|kb|mb)$/i.test(raw)) throw new ConfigError('must be a size such as 512kb or 2mb');
  return raw.toLowerCase();
};

/** Every environment variable the service reads, with its default and meaning (the README table mirrors this). */
export const CONFIG_VARIABLES: VariableSpec<keyof AppConfig>[] = [
  {
    env: 'NODE_ENV',
    key: 'nodeEnv',
    default: 'development',
    description: '`development`, `production` or `test`.',
    parse: oneOf('development', 'production', 'test'),
  },
  {
    env: 'HOST',
    key: 'host',
    default: '127.0.0.1',
    description: 'Address the HTTP server binds to (`0.0.0.0` in containers).',
    parse: text,
  },
  { env: 'PORT', key: 'port', default: '3000', description: 'HTTP port.', parse: int(0, 65535) },
  {
    env: 'DATABASE_URL',
    key: 'databaseUrl',
    default: null,
    description:
      'External PostgreSQL (≥ 15), as the role the service works as. When unset, an embedded PostgreSQL is started.',
    parse: postgresUrl,
  },
  {
    env: 'DATABASE_MIGRATION_URL',
    key: 'databaseMigrationUrl',
    default: null,
    description:
      'With `DATABASE_URL`: the role that owns the schema and runs the migrations; the service then grants the `DATABASE_URL` role only what it needs. Unset: `DATABASE_URL` does both.',
    parse: postgresUrl,
  },
  {
    env: 'DATABASE_POOL_SIZE',
    key: 'databasePoolSize',
    default: '10',
    description: 'Connections in the pool.',
    parse: int(1, 200),
  },
  {
    env: 'DATA_DIR',
    key: 'dataDir',
    default: './data',
    description:
      'Directory of what the service keeps outside the database: generated secrets (`secrets/`, mode 0700) and, by default, the embedded PostgreSQL.',
    parse: (raw) => path.resolve(raw),
  },
  {
    env: 'EMBEDDED_PG_DATA_DIR',
    key: 'embeddedPgDataDir',
    default: null,
    description:
      'Data directory of the embedded PostgreSQL (kept across restarts); default `<DATA_DIR>/postgres`.',
    parse: (raw) => path.resolve(raw),
  },
  {
    env: 'EMBEDDED_PG_PORT',
    key: 'embeddedPgPort',
    default: '54329',
    description: 'Port of the embedded PostgreSQL (listens on 127.0.0.1 only).',
    parse: int(1, 65535),
  },
  {
    env: 'JWT_SECRET',
    key: 'jwtSecret',
    default: null,
    description:
      'Secret that signs access tokens (at least 32 characters). Unset: generated on first start and kept in `<DATA_DIR>/secrets/jwt-secret` (mode 0600); set it, or share that file, when several instances serve one database.',
    parse: (raw) => {
      if (raw.length < 32) throw new ConfigError('must be at least 32 characters');
      return raw;
    },
  },
  {
    env: 'JWT_TTL_SECONDS',
    key: 'jwtTtlSeconds',
    default: '900',
    description: 'Lifetime of an access token in seconds; a token whose lifetime is longer is refused.',
    parse: int(60, 86400),
  },
  {
    env: 'WEB_SESSION_IDLE_MINUTES',
    key: 'webSessionIdleMinutes',
    default: '30',
    description: 'A web page session ends after this many minutes without a request.',
    parse: int(5, 1440),
  },
  {
    env: 'WEB_SESSION_MAX_HOURS',
    key: 'webSessionMaxHours',
    default: '12',
    description: 'A web page session ends this many hours after sign-in, however active.',
    parse: int(1, 168),
  },
  {
    env: 'AUDIT_SIGNING_KEY_FILE',
    key: 'auditSigningKeyFile',
    default: null,
    description:
      'PEM file of the Ed25519 private key that signs audit checkpoints. Unset: generated on first start in `<DATA_DIR>/secrets/audit-signing-key.pem` (mode 0600). Keep it outside the database.',
    parse: (raw) => path.resolve(raw),
  },
  {
    env: 'AUDIT_CHECKPOINT_INTERVAL_SECONDS',
    key: 'auditCheckpointIntervalSeconds',
    default: '3600',
    description:
      'How often every audit chain whose head moved gets a signed checkpoint (besides finalization and checkpoints on request); 0 turns the timer off.',
    parse: int(0, 604800),
  },
  {
    env: 'INVITATION_TTL_HOURS',
    key: 'invitationTtlHours',
    default: '168',
    description: 'How long an invitation to join an organization can be accepted.',
    parse: int(1, 720),
  },
  {
    env: 'TRUST_PROXY',
    key: 'trustProxy',
    default: null,
    description:
      "Reverse proxies whose `X-Forwarded-For` is believed: `loopback`, a number of hops, or addresses/CIDRs separated by commas. Unset: none, the client address is the connection's.",
    parse: trustProxy,
  },
  {
    env: 'ADMIN_EMAIL',
    key: 'adminEmail',
    default: null,
    description: 'E-mail of the admin created on first start (default `admin@localhost`).',
    parse: email,
  },
  {
    env: 'ADMIN_PASSWORD',
    key: 'adminPassword',
    default: null,
    description:
      'Password of that admin (at least 12 characters). When unset, one is generated and printed once.',
    parse: (raw) => {
      if (raw.length < 12) throw new ConfigError('must be at least 12 characters');
      return raw;
    },
  },
  {
    env: 'LOGIN_RATE_LIMIT',
    key: 'loginRateLimit',
    default: '10',
    description: 'Login attempts allowed per client address and per e-mail within the window.',
    parse: int(1, 100000),
  },
  {
    env: 'LOGIN_RATE_WINDOW_SECONDS',
    key: 'loginRateWindowSeconds',
    default: '60',
    description: 'Window of the login rate limit in seconds.',
    parse: int(1, 86400),
  },
  {
    env: 'JSON_BODY_LIMIT',
    key: 'jsonBodyLimit',
    default: '1mb',
    description: 'Largest JSON request body; larger bodies answer 413.',
    parse: bodyLimit,
  },
  {
    env: 'READINGS_MAX_BATCH',
    key: 'readingsMaxBatch',
    default: '10000',
    description: 'Most readings in one push request; more answer 413.',
    parse: int(1, 1_000_000),
  },
  {
    env: 'READINGS_BODY_LIMIT',
    key: 'readingsBodyLimit',
    default: '25mb',
    description: 'Largest JSON body of a readings push.',
    parse: bodyLimit,
  },
  {
    env: 'UPLOAD_LIMIT',
    key: 'uploadLimit',
    default: '50mb',
    description: 'Largest CSV or Green Button file upload (after decompression); larger answer 413.',
    parse: bodyLimit,
  },
  {
    env: 'READINGS_CSV_MAX_ROWS',
    key: 'readingsCsvMaxRows',
    default: '500000',
    description: 'Most data rows in one readings CSV import; more answer 413 and write nothing.',
    parse: int(1, 5_000_000),
  },
  {
    env: 'LOG_LEVEL',
    key: 'logLevel',
    default: 'log',
    description: '`error`, `warn`, `log`, `debug` or `verbose`.',
    parse: oneOf('error', 'warn', 'log', 'debug', 'verbose'),
  },
  {
    env: 'LOG_FORMAT',
    key: 'logFormat',
    default: 'json',
    description: '`json` (one object a line) or `text`.',
    parse: oneOf('json', 'text'),
  },
];

/** Reads and validates the configuration; throws one error that lists every invalid variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const config: Partial<Record<keyof AppConfig, unknown>> = {};
  const problems: string[] = [];
  for (const spec of CONFIG_VARIABLES) {
    const raw = env[spec.env];
    const value = raw === undefined || raw === '' ? spec.default : raw;
    if (value === null) {
      config[spec.key] = null;
      continue;
    }
    try {
      config[spec.key] = spec.parse(value);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(`${spec.env} ${error.message}`);
    }
  }
  if (config.databaseMigrationUrl && !config.databaseUrl) {
    problems.push('DATABASE_MIGRATION_URL needs DATABASE_URL (the role the service works as)');
  }
  config.embeddedPgDataDir ??= path.join(config.dataDir as string, 'postgres');
  if (problems.length > 0) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  return config as AppConfig;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
