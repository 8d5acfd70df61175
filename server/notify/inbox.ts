/** The in-app inbox (GET /api/notifications, POST /api/notifications/read): a user's own notifications. */
import type { Principal } from '../auth/principal';
import { taskVisibility } from '../auth/visibility';
import type { Queryable } from '../db/types';

/** The newest 50 notifications and the unread count. */
export async function listNotifications(db: Queryable, me: Principal) {
  // The task id only while the reader may still see the task (it may have been reassigned); else the request is the link.
  const vis = taskVisibility(me, 2);
  const [items, unread] = await Promise.all([
    db.query<any>(
      `SELECT n.id, n.kind, n.title, n.body, n.instance_id, n.created_at, n.read_at, t.id AS task_id
       FROM notifications n
       LEFT JOIN (tasks t JOIN process_instances p ON p.id = t.instance_id) ON t.id = n.task_id AND ${vis.sql}
       WHERE n.user_id = $1 ORDER BY n.created_at DESC LIMIT 50`,
      [me.id, ...vis.params],
    ),
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [me.id]),
  ]);
  return {
    unread: unread.rows[0].n,
    items: items.rows.map((n) => ({
      id: n.id, kind: n.kind, title: n.title, body: n.body, instanceId: n.instance_id, taskId: n.task_id ?? null, createdAt: n.created_at, readAt: n.read_at,
    })),
  };
}

/** Marks the user's unread notifications read: those named, or all of them without `ids`. */
export async function markRead(db: Queryable, userId: string, ids: string[] | null, now: Date): Promise<void> {
  await db.query('UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))', [userId, now, ids]);
}
