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

/** Embedded PostgreSQL (WASM). dataDir null keeps everything in memory (tests). */
export async function openPglite(dataDir: string | null): Promise<Db> {
  // pg_trgm: typo-tolerant search (knowledge base); the extensions PostgreSQL ships must be loaded here.
  const extensions = { pg_trgm };
  return openPgliteOn(dataDir ? await PGlite.create(dataDir, { extensions }) : await PGlite.create({ extensions }));
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
