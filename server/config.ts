import fs from 'node:fs';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Runtime configuration, read once from the environment (see the README's table). */
export interface Config {
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  /** demo: accounts, templates and three months of history; accounts: demo accounts only (tests); none: nothing. */
  seed: 'demo' | 'accounts' | 'none';
  /** Days of simulated demo history on first start (0: none). */
  demoHistoryDays: number;
  smtpUrl: string | null;
  /** The address people open Lotse at (PUBLIC_URL), without a trailing slash: the base of links in mails. */
  publicUrl: string;
  logLevel: LogLevel;
  adminEmail: string | null;
  adminPassword: string | null;
  /** Serve the built app from this folder (null: API only). */
  staticDir: string | null;
  /** Force the Secure flag on cookies (also set automatically behind HTTPS). */
  cookieSecure: boolean;
  /**
   * TRUST_PROXY: how many reverse proxies stand in front of Lotse (0: none, the default). Only then
   * is X-Forwarded-For read for the client's address (sign-in throttling): the entry that many
   * places from the right. Unset, the socket's peer address counts and the header is ignored, so
   * a client cannot choose its own address. `true` means 1, `false` 0.
   */
  trustProxy: number;
  /** METRICS_TOKEN: GET /metrics needs `Authorization: Bearer <token>`; unset: only from this machine. */
  metricsToken?: string | null;
  /**
   * LOTSE_SECRET_KEY: the 32-byte key that encrypts connector secrets at rest (server/secrets/).
   * Unset (null): secrets cannot be stored, and a connector that needs one gets an incident.
   */
  secretKey?: Buffer | null;
  /**
   * PGLITE_SHARED_BUFFERS_MB: the embedded database's shared buffers (default 32 MB; PGlite's own
   * default is 128 MB). They live in PGlite's WASM heap, which never shrinks: a smaller value lowers
   * the server's resident memory (the operating system's page cache still holds the files; at 200,000
   * completed requests 32 MB cost no measurable CPU, docs/BENCHMARKS.md). No effect with DATABASE_URL.
   */
  pgliteSharedBuffersMb?: number | null;
  /** EVENTLOG_MAX_MB: the largest event log one import takes, uncompressed (default 512 MB); larger: 413. */
  maxEventLogBytes?: number;
  /** Requests by e-mail (MAIL_INBOUND_*, README); left out: defaults, no key, no SMTP listener. */
  mailInbound?: MailInboundConfig;
  /** STORAGE_URL: document contents in this S3-compatible bucket; null or left out: in the database. */
  storage?: S3StorageConfig | null;
}

/** An S3-compatible bucket for document contents (STORAGE_URL, README "Configuration"). */
export interface S3StorageConfig {
  /** http(s)://host:port of the S3 API. */
  endpoint: string;
  bucket: string;
  region: string;
  /** Keys of objects start with this (e.g. `lotse/`); empty by default. */
  prefix: string;
  /** Bucket in the path (MinIO, Ceph, Garage, s3rver) instead of the host name (AWS). */
  forcePathStyle: boolean;
  /** null: the AWS SDK's default chain (environment, instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
}

/**
 * STORAGE_URL: `s3://KEY:SECRET@host[:port]/bucket?region=eu-central-1&forcePathStyle=true&prefix=lotse/`
 * over HTTPS, `s3+http://…` over plain HTTP (a server on the same machine or network). Key and
 * secret are URL-encoded; without them the AWS SDK's default credentials are used.
 */
export function parseStorageUrl(value: string | undefined): S3StorageConfig | null {
  const v = (value ?? '').trim();
  if (!v) return null;
  const shape = 'STORAGE_URL must look like s3://KEY:SECRET@host:port/bucket?region=eu-central-1 (s3+http:// for plain HTTP)';
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ConfigError(`${shape}; it is not a URL`);
  }
  if (url.protocol !== 's3:' && url.protocol !== 's3+http:') throw new ConfigError(`${shape}; got the scheme "${url.protocol}"`);
  if (!url.hostname) throw new ConfigError(`${shape}; the host is missing`);
  const bucket = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''));
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError(`${shape}; "${bucket}" is not a bucket name (3–63 lower-case letters, digits, dots and hyphens)`);
  const known = new Set(['region', 'forcePathStyle', 'prefix']);
  for (const k of url.searchParams.keys()) if (!known.has(k)) throw new ConfigError(`${shape}; unknown parameter "${k}" (known: region, forcePathStyle, prefix)`);
  const style = (url.searchParams.get('forcePathStyle') ?? 'true').toLowerCase();
  if (style !== 'true' && style !== 'false') throw new ConfigError(`${shape}; forcePathStyle must be true or false`);
  if (!!url.username !== !!url.password) throw new ConfigError(`${shape}; give both key and secret, or neither`);
  return {
    endpoint: `${url.protocol === 's3:' ? 'https' : 'http'}://${url.host}`,
    bucket,
    region: url.searchParams.get('region') || 'us-east-1',
    prefix: url.searchParams.get('prefix') ?? '',
    forcePathStyle: style === 'true',
    credentials: url.username ? { accessKeyId: decodeURIComponent(url.username), secretAccessKey: decodeURIComponent(url.password) } : null,
  };
}

export interface MailInboundConfig {
  /** MAIL_INBOUND_KEY: 32 bytes that encrypt mailbox passwords (AES-256-GCM); null: none can be stored. */
  key: Buffer | null;
  /** MAIL_INBOUND_POLL_SECONDS: how often a mailbox is checked when its server offers no IDLE (and as a fallback). */
  pollSeconds: number;
  /** MAIL_INBOUND_MAX_BYTES: a larger mail is held for the mailbox owners, not taken in. */
  maxBytes: number;
  /** MAIL_INBOUND_RATE_PER_HOUR: mails one sender may turn into requests or comments per hour. */
  ratePerHour: number;
  /** MAIL_INBOUND_SMTP_PORT: an SMTP listener for relays (null: none); MAIL_INBOUND_SMTP_HOST its address. */
  smtpPort: number | null;
  smtpHost: string;
  /** MAIL_INBOUND_CA_FILE: PEM certificates to trust besides the system's (an IMAP server with a private CA). */
  ca: string | null;
  /** MAIL_INBOUND_DISABLED=1: no mailbox is polled (e.g. a second server on the same database). */
  disabled: boolean;
}

/** MAIL_INBOUND_KEY: 64 hex digits or base64 of 32 bytes; null when unset. */
export function parseMailKey(value: string | undefined): Buffer | null {
  const v = (value ?? '').trim();
  if (!v) return null;
  const key = /^[0-9a-f]{64}$/i.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
  if (key.length !== 32) throw new ConfigError('MAIL_INBOUND_KEY must be 32 bytes: 64 hex digits or base64 (openssl rand -base64 32)');
  return key;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

function readCaFile(file: string | undefined): string | null {
  if (!file) return null;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`MAIL_INBOUND_CA_FILE cannot be read: ${(err as Error).message}`);
  }
}

export function loadMailInbound(env: NodeJS.ProcessEnv): MailInboundConfig {
  return {
    key: parseMailKey(env.MAIL_INBOUND_KEY),
    pollSeconds: wholeNumber(env, 'MAIL_INBOUND_POLL_SECONDS', 60, 5, 86_400),
    maxBytes: wholeNumber(env, 'MAIL_INBOUND_MAX_BYTES', 25 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    ratePerHour: wholeNumber(env, 'MAIL_INBOUND_RATE_PER_HOUR', 20, 1, 10_000),
    smtpPort: env.MAIL_INBOUND_SMTP_PORT ? wholeNumber(env, 'MAIL_INBOUND_SMTP_PORT', 0, 1, 65535) : null,
    smtpHost: env.MAIL_INBOUND_SMTP_HOST || '127.0.0.1',
    ca: readCaFile(env.MAIL_INBOUND_CA_FILE),
    disabled: env.MAIL_INBOUND_DISABLED === '1' || env.MAIL_INBOUND_DISABLED === 'true',
  };
}

/** The inbound-mail settings of a config, with defaults where it has none. */
export const mailInboundOf = (config: Config): MailInboundConfig => config.mailInbound ?? loadMailInbound({});

export class ConfigError extends Error {}

/** PUBLIC_URL: an absolute http(s) URL without credentials, query or fragment; trailing slashes go. */
export function parsePublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute http(s) URL such as https://lotse.example.com, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`PUBLIC_URL must start with http:// or https://, got "${value}"`);
  if (url.username || url.password || url.search || url.hash) throw new ConfigError(`PUBLIC_URL must not carry credentials, a query or a fragment, got "${value}"`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** TRUST_PROXY: unset/false/0 → 0, true → 1, else a whole number of proxies (0–10). */
export function parseTrustProxy(value: string | undefined): number {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'false') return 0;
  if (v === 'true') return 1;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 10) throw new ConfigError(`TRUST_PROXY must be the number of reverse proxies in front of Lotse (0–10), true or false, got "${value}"`);
  return n;
}

/**
 * LOTSE_SECRET_KEY: 32 bytes, written as 64 hex digits or in base64 (`openssl rand -base64 32`).
 * Unset: null (secrets cannot be stored; connectors that need one get an incident).
 */
export function parseSecretKey(value: string | undefined): Buffer | null {
  const v = (value ?? '').trim();
  if (!v) return null;
  const key = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(v) ? Buffer.from(v, 'base64') : null;
  if (!key || key.length !== 32) {
    throw new ConfigError('LOTSE_SECRET_KEY must be 32 bytes, written as 64 hex digits or in base64 (e.g. the output of `openssl rand -base64 32`)');
  }
  return key;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  const seed = (env.SEED ?? 'demo').toLowerCase();
  if (seed !== 'demo' && seed !== 'none' && seed !== 'accounts') throw new ConfigError(`SEED must be "demo", "accounts" or "none", got "${env.SEED}"`);
  const demoHistoryDays = Number(env.DEMO_HISTORY_DAYS ?? 90);
  if (!Number.isInteger(demoHistoryDays) || demoHistoryDays < 0 || demoHistoryDays > 730) throw new ConfigError(`DEMO_HISTORY_DAYS must be a whole number of days (0–730), got "${env.DEMO_HISTORY_DAYS}"`);
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be debug, info, warn or error, got "${env.LOG_LEVEL}"`);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  const publicUrl = parsePublicUrl(env.PUBLIC_URL || `http://localhost:${port}`);
  const secretKey = parseSecretKey(env.LOTSE_SECRET_KEY);
  return {
    port,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    seed: seed as Config['seed'],
    demoHistoryDays,
    smtpUrl: env.SMTP_URL || null,
    publicUrl,
    logLevel: logLevel as LogLevel,
    adminEmail: env.ADMIN_EMAIL || null,
    adminPassword: env.ADMIN_PASSWORD || null,
    staticDir: env.STATIC_DIR === '' ? null : path.resolve(env.STATIC_DIR ?? './dist'),
    cookieSecure: env.COOKIE_SECURE === '1' || env.COOKIE_SECURE === 'true',
    trustProxy,
    metricsToken: env.METRICS_TOKEN || null,
    secretKey,
    maxEventLogBytes: wholeNumber(env, 'EVENTLOG_MAX_MB', 512, 1, 16384) * 1024 * 1024,
    pgliteSharedBuffersMb: wholeNumber(env, 'PGLITE_SHARED_BUFFERS_MB', 32, 1, 16384),
    mailInbound: loadMailInbound(env),
    storage: parseStorageUrl(env.STORAGE_URL),
  };
}
