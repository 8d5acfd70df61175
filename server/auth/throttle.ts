import type { Db, Queryable } from '../db/types';

/**
 * Sign-in throttling by client address and by account-and-address (never by account alone, so a
 * stranger cannot lock anyone out: the account stays usable from every other address).
 *
 * Each key has a number of free failures within the window; from then on every further attempt
 * has to wait a delay after the key's last failure that doubles with each failure (exponential
 * back-off), capped at MAX_DELAY_MS. Attempts refused while waiting are not counted, so waiting
 * out the delay is always enough. Failures are kept in the database so all server processes agree.
 */
export const WINDOW_MS = 60 * 60 * 1000;
/** Failures of one account from one address before delays start. */
export const ACCOUNT_FREE_FAILURES = 5;
/** Failures from one address (all accounts together) before delays start. */
export const ADDRESS_FREE_FAILURES = 20;
export const BASE_DELAY_MS = 1000;
export const MAX_DELAY_MS = 15 * 60 * 1000;

/** The wait after the last failure once `failures` failures are on record (0 while still free). */
export function backoffMs(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(failures - free, 30));
}

export interface ThrottleState {
  /** Milliseconds until the next attempt is accepted; 0: go ahead. */
  waitMs: number;
  /** Which counter holds the attempt back. */
  by: 'account' | 'address' | null;
}

/** Whether an attempt for this e-mail from this address has to wait, and how long. */
export async function throttleState(db: Queryable, email: string, address: string, now = new Date()): Promise<ThrottleState> {
  const r = await db.query<{ account_n: number; account_last: Date | null; address_n: number; address_last: Date | null }>(
    `SELECT count(*) FILTER (WHERE email = $1)::int AS account_n, max(at) FILTER (WHERE email = $1) AS account_last,
            count(*)::int AS address_n, max(at) AS address_last
       FROM login_failures WHERE address = $2 AND at > $3`,
    [email.toLowerCase(), address, new Date(now.getTime() - WINDOW_MS)],
  );
  const row = r.rows[0];
  const until = (n: number, last: Date | null, free: number) => (last && backoffMs(n, free) > 0 ? new Date(last).getTime() + backoffMs(n, free) : 0);
  const account = until(row.account_n, row.account_last, ACCOUNT_FREE_FAILURES) - now.getTime();
  const byAddress = until(row.address_n, row.address_last, ADDRESS_FREE_FAILURES) - now.getTime();
  const waitMs = Math.max(0, account, byAddress);
  return { waitMs, by: waitMs === 0 ? null : byAddress >= account ? 'address' : 'account' };
}

/**
 * Admits a sign-in attempt or says how long to wait. An admitted attempt is recorded as a failure
 * right away (clearFailures removes it when the password was right), in one transaction under a
 * lock per address: attempts sent in parallel are counted one after the other instead of all
 * reading the counters before any of them is written.
 */
export async function admitAttempt(db: Db, email: string, address: string, now = new Date()): Promise<ThrottleState> {
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [THROTTLE_LOCK, address]);
    const state = await throttleState(tx, email, address, now);
    if (state.waitMs === 0) await recordFailure(tx, email, address, now);
    return state;
  });
}

/** Advisory lock class for admitAttempt (with the address's hash as second key). */
const THROTTLE_LOCK = 7420004;

export async function recordFailure(db: Queryable, email: string, address: string, now = new Date()): Promise<void> {
  await db.query('INSERT INTO login_failures (email, address, at) VALUES ($1, $2, $3)', [email.toLowerCase(), address, now]);
}

/**
 * After a successful sign-in: the failures of this account from this address are forgotten. The
 * address's own counter stays, or one valid account would reset it between guesses at others.
 */
export async function clearFailures(db: Queryable, email: string, address: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE email = $1 AND address = $2', [email.toLowerCase(), address]);
}

/** Drops failures older than the window (the sweep calls it). */
export async function deleteOldFailures(db: Queryable, now = new Date()): Promise<number> {
  const r = await db.query('DELETE FROM login_failures WHERE at <= $1', [new Date(now.getTime() - WINDOW_MS)]);
  return r.rowCount;
}
