import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/types';
import { PRINCIPAL_JSON_COLUMNS, principalOf, type Principal, type PrincipalRow } from './principal';

export const SESSION_COOKIE = 'lotse_session';
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
const REFRESH_AFTER_MS = 24 * 3600 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a session row and returns the cookie value (only its hash is stored). */
export async function createSession(db: Queryable, userId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [hashToken(token), userId, expiresAt]);
  return { token, expiresAt };
}

/** The user id behind a cookie value, or null when unknown or expired; extends active sessions (sliding). */
export async function resolveSession(db: Queryable, token: string, now = new Date()): Promise<{ userId: string; expiresAt: Date } | null> {
  if (!token || token.length > 100) return null;
  const r = await db.query<{ user_id: string; expires_at: Date }>(
    'SELECT user_id, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2',
    [hashToken(token), now],
  );
  const row = r.rows[0];
  if (!row) return null;
  let expiresAt = new Date(row.expires_at);
  if (expiresAt.getTime() - now.getTime() < SESSION_TTL_MS - REFRESH_AFTER_MS) {
    expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await db.query('UPDATE sessions SET expires_at = $2 WHERE token_hash = $1', [hashToken(token), expiresAt]);
  }
  return { userId: row.user_id, expiresAt };
}

/**
 * The session behind a cookie value with its user, roles and groups in ONE statement (a request
 * used to spend four: session, user, roles, groups); null when unknown or expired. Extends active
 * sessions as resolveSession does. The principal is the same as loadPrincipal's (same order of
 * roles and groups).
 */
export async function resolveSessionPrincipal(db: Queryable, token: string, now = new Date()): Promise<Principal | null> {
  if (!token || token.length > 100) return null;
  const r = await db.query<PrincipalRow & { expires_at: Date }>(
    `SELECT s.user_id AS id, s.expires_at, u.email, u.name, u.locale, ${PRINCIPAL_JSON_COLUMNS}
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2`,
    [hashToken(token), now],
  );
  const row = r.rows[0];
  if (!row) return null;
  if (new Date(row.expires_at).getTime() - now.getTime() < SESSION_TTL_MS - REFRESH_AFTER_MS) {
    await db.query('UPDATE sessions SET expires_at = $2 WHERE token_hash = $1', [hashToken(token), new Date(now.getTime() + SESSION_TTL_MS)]);
  }
  return principalOf(row);
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [hashToken(token)]);
}

/** Ends every session of the user except the one behind `keepToken` (a password change signs out the other devices). */
export async function deleteOtherSessions(db: Queryable, userId: string, keepToken: string): Promise<number> {
  const r = await db.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2', [userId, hashToken(keepToken)]);
  return r.rowCount;
}

/** Deletes the sessions that ran out; returns how many. Called by the sweep (server/auth/sweep.ts). */
export async function deleteExpiredSessions(db: Queryable, now = new Date()): Promise<number> {
  const r = await db.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
  return r.rowCount;
}
