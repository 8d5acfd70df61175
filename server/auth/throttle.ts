import type { Queryable } from '../db';

export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60 * 1000;

/** Failed logins for this e-mail within the window; kept in the database so all server processes agree. */
export async function recentFailures(db: Queryable, email: string, now = new Date()): Promise<number> {
  const r = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM login_failures WHERE email = $1 AND at > $2', [
    email.toLowerCase(),
    new Date(now.getTime() - WINDOW_MS),
  ]);
  return r.rows[0].n;
}

export async function recordFailure(db: Queryable, email: string, now = new Date()): Promise<void> {
  await db.query('INSERT INTO login_failures (email, at) VALUES ($1, $2)', [email.toLowerCase(), now]);
  await db.query('DELETE FROM login_failures WHERE email = $1 AND at <= $2', [email.toLowerCase(), new Date(now.getTime() - WINDOW_MS)]);
}

export async function clearFailures(db: Queryable, email: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE email = $1', [email.toLowerCase()]);
}
