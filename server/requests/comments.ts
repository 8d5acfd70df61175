import type { Queryable } from '../db/types';

/** The comment thread of a request, oldest first. */
export async function listComments(db: Queryable, instanceId: string) {
  const r = await db.query<any>(
    `SELECT c.id, c.text, c.created_at, c.author_id, u.name FROM comments c LEFT JOIN users u ON u.id = c.author_id
     WHERE c.instance_id = $1 ORDER BY c.created_at, c.id`,
    [instanceId],
  );
  return r.rows.map((c) => ({ id: c.id, text: c.text, createdAt: c.created_at, author: c.author_id ? { id: c.author_id, name: c.name } : null }));
}
