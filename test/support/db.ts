import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../server/db';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';

export interface DbTarget {
  name: 'pglite' | 'postgres';
  /** A fresh database of its own, migrated unless `migrated: false`; dispose() closes it (and drops it on PostgreSQL); url on PostgreSQL. */
  open(opts?: { migrated?: boolean }): Promise<{ db: Db; dispose(): Promise<void>; url?: string }>;
}

const pgliteTarget: DbTarget = {
  name: 'pglite',
  async open({ migrated = true } = {}) {
    const db = await openPglite(null);
    if (migrated) await migrate(db);
    return { db, dispose: () => db.close() };
  },
};

function postgresTarget(adminUrl: string): DbTarget {
  return {
    name: 'postgres',
    async open({ migrated = true } = {}) {
      const name = `lotse_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = await openPostgres(url.toString(), 5);
      if (migrated) await migrate(db);
      return {
        db,
        /** The fresh database's URL, for a second pool on it (a second server). */
        url: url.toString(),
        async dispose() {
          await db.close();
          const c = new pg.Client({ connectionString: adminUrl });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await c.end();
        },
      };
    },
  };
}

/** In-memory PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. Use with describe.each. */
export function dbTargets(): DbTarget[] {
  const url = process.env.TEST_DATABASE_URL;
  return url ? [pgliteTarget, postgresTarget(url)] : [pgliteTarget];
}
