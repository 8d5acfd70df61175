/** The stored password hash of an account: read to sign in or to check the current password, written on a change. */
import type { Db, Queryable } from '../db/types';
import { deleteOtherSessions } from './sessions';

/** The account behind an e-mail address (case-insensitive) with its password hash, or null. */
export async function credentialsByEmail(db: Queryable, email: string): Promise<{ id: string; password_hash: string } | null> {
  const r = await db.query<{ id: string; password_hash: string }>('SELECT id, password_hash FROM users WHERE lower(email) = lower($1)', [email]);
  return r.rows[0] ?? null;
}

/** The password hash of an account, or null when the account is gone. */
export async function passwordHashOf(db: Queryable, userId: string): Promise<string | null> {
  const r = await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [userId]);
  return r.rows[0]?.password_hash ?? null;
}

/** Stores a new password hash and ends the user's other sessions (all but `keepToken`'s), in one transaction. */
export async function setPasswordHash(db: Db, userId: string, hash: string, keepToken: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, hash]);
    await deleteOtherSessions(tx, userId, keepToken);
  });
}
