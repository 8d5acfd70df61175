/** Substitutes (user settings): who stands in for an assignee; the engine asks through its Substitutes port. */
import type { Queryable } from '../db/types';

/** The colleague standing in for this assignee (lower-case e-mail) at that time, if one is set. */
export async function substituteOf(tx: Queryable, email: string, at: Date): Promise<string | null> {
  const r = await tx.query<{ email: string }>(
    `SELECT lower(s.email) AS email FROM user_settings us JOIN users u ON u.id = us.user_id JOIN users s ON s.id = us.substitute_id
     WHERE lower(u.email) = $1 AND us.substitute_from <= $2 AND us.substitute_until > $2`,
    [email, at],
  );
  return r.rows[0]?.email ?? null;
}
