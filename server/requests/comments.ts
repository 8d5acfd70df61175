/**
 * The conversation on a request: public replies everyone who sees the request reads, and internal
 * notes only the people working on it read — never the requester (not in the request view, its
 * timeline, its attachments, a notification or a mail). Files travel with a comment.
 */
import type { Queryable } from '../db/types';

export interface CommentAttachment {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

export interface CommentView {
  id: string;
  text: string;
  internal: boolean;
  createdAt: string;
  author: { id: string; name: string } | null;
  attachments: CommentAttachment[];
}

/** The comment thread of a request, oldest first; internal notes only with `withInternal`. */
export async function listComments(db: Queryable, instanceId: string, withInternal = false): Promise<CommentView[]> {
  const r = await db.query<any>(
    `SELECT c.id, c.text, c.internal, c.created_at, c.author_id, u.name,
            (SELECT coalesce(json_agg(json_build_object('id', f.id, 'name', f.filename, 'size', f.size, 'contentType', f.content_type) ORDER BY f.created_at, f.id), '[]')
               FROM files f WHERE f.comment_id = c.id) AS attachments
     FROM comments c LEFT JOIN users u ON u.id = c.author_id
     WHERE c.instance_id = $1 AND (c.internal = false OR $2::boolean) ORDER BY c.created_at, c.id`,
    [instanceId, withInternal],
  );
  return r.rows.map((c) => ({
    id: c.id, text: c.text, internal: c.internal, createdAt: c.created_at,
    author: c.author_id ? { id: c.author_id, name: c.name } : null, attachments: c.attachments,
  }));
}
