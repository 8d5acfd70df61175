import type { Db, Queryable } from './types';

/** Advisory lock keys of Lotse (PostgreSQL; one PGlite process needs none). 7420001 is migrate()'s, 7420004 the login throttle's. */
export const STARTUP_LOCK = 7420002;
export const SEED_LOCK = 7420003;
/** With a process key's hash: counting and firing its timer starts (the per-minute cap) one transaction at a time. */
export const TIMER_CAP_LOCK = 7420005;

/**
 * A Db whose queries and transactions all run in the open transaction `tx` (a nested
 * transaction() simply joins it), for code written against Db that must be one unit.
 */
export function joinTransaction(db: Db, tx: Queryable): Db {
  return {
    kind: db.kind,
    query: (sql, params) => tx.query(sql, params),
    exec: (sql) => tx.exec(sql),
    transaction: (fn) => fn(tx),
    close: async () => {},
  };
}

/**
 * Runs fn while this process holds the advisory lock `key` on PostgreSQL: several servers starting
 * at once run fn one after the other. The lock lives in a transaction on a connection of its own
 * that does nothing else, so fn may use the pool (and its own transactions) freely; it ends with fn.
 * On PGlite fn just runs.
 */
export async function withAdvisoryLock<T>(db: Db, key: number, fn: () => Promise<T>): Promise<T> {
  if (db.kind !== 'postgres') return fn();
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const acquired = new Promise<void>((resolve) => (locked = resolve));
  const holder = db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [key]);
    locked();
    await done;
  });
  await Promise.race([acquired, holder]); // holder only settles first when taking the lock failed
  try {
    return await fn();
  } finally {
    release();
    await holder;
  }
}
