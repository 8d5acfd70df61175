/** The in-app inbox (GET /api/notifications, POST /api/notifications/read): a user's own notifications. */
import type { Principal } from '../auth/principal';
import { taskVisibility } from '../auth/visibility';
import type { Queryable } from '../db/types';
import { NOTIFICATION_KINDS, REQUEST_TITLE_SQL, renderNotification, type Lang, type NotificationKind, type NotificationParams } from './messages';

const KNOWN = new Set<string>(NOTIFICATION_KINDS);

/**
 * The newest 50 notifications and the unread count, written in `lang` (the reader's UI language):
 * rows that keep their params render anew, service title and task name in that language too;
 * rows without (from before params were kept) show the text they were written with.
 */
export async function listNotifications(db: Queryable, me: Principal, lang: Lang) {
  // The task id only while the reader may still see the task (it may have been reassigned); else the request is the link.
  const vis = taskVisibility(me, 2);
  const [items, unread] = await Promise.all([
    db.query<any>(
      `SELECT n.id, n.kind, n.title AS stored_title, n.body AS stored_body, n.params, n.instance_id, n.created_at, n.read_at, t.id AS task_id,
              r.reference, r.title, r.title_de
       FROM notifications n
       LEFT JOIN (tasks t JOIN process_instances p ON p.id = t.instance_id) ON t.id = n.task_id AND ${vis.sql}
       LEFT JOIN LATERAL (SELECT coalesce(p.reference, left(p.id::text, 8)) AS reference, ${REQUEST_TITLE_SQL}
                          FROM process_instances p JOIN definitions d ON d.id = p.definition_id WHERE p.id = n.instance_id) r ON true
       WHERE n.user_id = $1 ORDER BY n.created_at DESC LIMIT 50`,
      [me.id, ...vis.params],
    ),
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [me.id]),
  ]);
  return {
    unread: unread.rows[0].n,
    items: items.rows.map((n) => {
      const fresh = n.params && n.reference && KNOWN.has(n.kind)
        ? renderNotification(n.kind as NotificationKind, lang, n.params as NotificationParams, { reference: n.reference, title: n.title, titleDe: n.title_de })
        : { title: n.stored_title as string, body: n.stored_body as string };
      return { id: n.id, kind: n.kind, title: fresh.title, body: fresh.body, instanceId: n.instance_id, taskId: n.task_id ?? null, createdAt: n.created_at, readAt: n.read_at };
    }),
  };
}

/** Marks the user's unread notifications read: those named, or all of them without `ids`. */
export async function markRead(db: Queryable, userId: string, ids: string[] | null, now: Date): Promise<void> {
  await db.query('UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))', [userId, now, ids]);
}
