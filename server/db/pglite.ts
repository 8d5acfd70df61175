import { PGlite } from '@electric-sql/pglite';
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
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const base = wrap(pg);
  return {
    kind: 'pglite',
    ...base,
    // PGlite is one connection; its transaction() holds a mutex, so transactions never interleave.
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
  };
}
