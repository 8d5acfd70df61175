import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Db, Queryable, QueryResult } from './types';

type PgliteLike = Pick<PGlite, 'query' | 'exec'>;

function wrap(pg: PgliteLike): Queryable {
  return {
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const r = await pg.query<T>(sql, params as any[]);
      // PGlite reports affectedRows 0 for SELECT; count the rows then.
      return { rows: r.rows, rowCount: r.rows.length || r.affectedRows || 0 };
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
  };
}

/** The extensions every Lotse PGlite loads (pg_trgm: similar incidents, migration 022). Pass them to every PGlite.create. */
export const PGLITE_EXTENSIONS = { pg_trgm };

export interface PgliteSettings {
  /** shared_buffers in MB (null: PGlite's default, 128 MB). They live in the WASM heap, which never shrinks. */
  sharedBuffersMb?: number | null;
}

/** Embedded PostgreSQL (WASM). dataDir null keeps everything in memory (tests). */
export async function openPglite(dataDir: string | null, settings: PgliteSettings = {}): Promise<Db> {
  const startParams = settings.sharedBuffersMb ? [...PGlite.defaultStartParams, '-c', `shared_buffers=${settings.sharedBuffersMb}MB`] : undefined;
  return openPgliteOn(await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: PGLITE_EXTENSIONS, ...(startParams ? { startParams } : {}) }));
}

/** Lotse's Db over an open PGlite (also for tools that need the PGlite itself, e.g. backups). */
export function openPgliteOn(pg: PGlite): Db {
  const base = wrap(pg);
  return {
    kind: 'pglite',
    ...base,
    // PGlite is one connection; its transaction() holds a mutex, so transactions never interleave.
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    // A checkpoint first leaves little WAL to replay. Then the transaction mutex keeps every
    // transaction out while the files are copied, synchronously, so no statement runs meanwhile:
    // the copy holds whole transactions only. 170 MB take well under a second on a local disk.
    // (query() takes the same mutex itself, so the checkpoint runs before it is taken.)
    copyDataDir: async (into: string) => {
      const dir = pg.dataDir;
      if (!dir) throw new Error('an in-memory database has no data folder');
      await pg.query('CHECKPOINT');
      await pg._runExclusiveTransaction(async () => fs.cpSync(dir, into, { recursive: true }));
    },
    close: () => pg.close(),
  };
}
