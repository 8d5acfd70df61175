import pg from 'pg';
import type { Db, Queryable, QueryResult } from './types';

// int8 (counts, sums) as numbers, as PGlite returns them; our values stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric as number as well.
pg.types.setTypeParser(1700, (v) => Number(v));

type Client = Pick<pg.PoolClient, 'query'>;

function wrap(client: Client): Queryable {
  return {
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const r = await client.query(sql, params);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/** PostgreSQL through a connection pool (DATABASE_URL), for more than one server process. */
export async function openPostgres(url: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  pool.on('error', () => {
    /* idle client errors surface on the next query */
  });
  const probe = await pool.connect(); // fails fast when the server cannot be reached
  probe.release();
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
