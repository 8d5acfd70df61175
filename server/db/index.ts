import path from 'node:path';
import type { Config } from '../config';
import { acquireDataDirLock } from './lock';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { Db, Queryable } from './types';

export type { ChannelListener, Db, Queryable, Row } from './types';

export class DatabaseUnreachableError extends Error {}

/** One round trip to the database (GET /api/health); throws when it does not answer. */
export async function ping(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}

/** Opens PostgreSQL when DATABASE_URL is set, else the embedded PGlite in DATA_DIR (locked to this process). */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'pgliteSharedBuffersMb'>): Promise<Db> {
  if (config.databaseUrl) {
    try {
      return await openPostgres(config.databaseUrl);
    } catch (err) {
      const safeUrl = config.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
      throw new DatabaseUnreachableError(`Cannot reach the database at ${safeUrl}: ${(err as Error).message || String(err)}`);
    }
  }
  const release = acquireDataDirLock(config.dataDir);
  try {
    const db = await openPglite(path.join(config.dataDir, 'pgdata'), { sharedBuffersMb: config.pgliteSharedBuffersMb ?? null });
    const close = db.close;
    return Object.assign(db, {
      close: async () => {
        try {
          await close();
        } finally {
          release();
        }
      },
    });
  } catch (err) {
    release();
    throw err;
  }
}
