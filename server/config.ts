import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Runtime configuration, read once from the environment (see the README's table). */
export interface Config {
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  seed: 'demo' | 'none';
  smtpUrl: string | null;
  logLevel: LogLevel;
  adminEmail: string | null;
  adminPassword: string | null;
  /** Serve the built app from this folder (null: API only). */
  staticDir: string | null;
  /** Force the Secure flag on cookies (also set automatically behind HTTPS). */
  cookieSecure: boolean;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  const seed = (env.SEED ?? 'demo').toLowerCase();
  if (seed !== 'demo' && seed !== 'none') throw new ConfigError(`SEED must be "demo" or "none", got "${env.SEED}"`);
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be debug, info, warn or error, got "${env.LOG_LEVEL}"`);
  return {
    port,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    seed,
    smtpUrl: env.SMTP_URL || null,
    logLevel: logLevel as LogLevel,
    adminEmail: env.ADMIN_EMAIL || null,
    adminPassword: env.ADMIN_PASSWORD || null,
    staticDir: env.STATIC_DIR === '' ? null : path.resolve(env.STATIC_DIR ?? './dist'),
    cookieSecure: env.COOKIE_SECURE === '1' || env.COOKIE_SECURE === 'true',
  };
}
