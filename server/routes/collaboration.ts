import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { effectiveSettings, type NotificationSettings } from '../notify/notifications';
import { NOTIFICATION_KINDS } from '../notify/messages';
import { validationFailed } from '../errors';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { addComment, rateRequest, requestDiagram, saveTaskDraft } from '../requests/collaboration';
import { claimTask } from '../tasks/tasks';
import { visibleChange } from '../auth/live-visibility';
import { taskVisibility } from '../auth/visibility';
import type { Deps } from './deps';

const anyone = access('authenticated');
const kindFlags = { type: 'object', properties: { inApp: { type: 'boolean' }, email: { type: 'boolean' } }, additionalProperties: false };
const settingsSchema = {
  type: 'object',
  properties: {
    notifications: { type: 'object', propertyNames: { enum: [...NOTIFICATION_KINDS] }, additionalProperties: kindFlags },
    substitute: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['email', 'from', 'until'],
          properties: { email: { type: 'string', format: 'email' }, from: { type: 'string', format: 'date-time' }, until: { type: 'string', format: 'date-time' } },
          additionalProperties: false,
        },
      ],
    },
  },
  additionalProperties: false,
};

/** Comments, ratings, drafts, bulk claim, colleague search, notifications, settings and live events. */
export function collaborationRoutes({ db, engine, now }: Deps) {
  return new Hono<AppEnv>()
    .post('/process-instances/:id/comments', anyone, async (c) => {
      const body = await readBody<{ text: string }>(c, { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1, maxLength: 10000 } }, additionalProperties: false });
      return c.json(await addComment(engine, principalOf(c), isUuid(c.req.param('id'), 'Process instance'), body.text.trim()), 201);
    })
    .post('/process-instances/:id/rating', anyone, async (c) => {
      const body = await readBody<{ score: number; comment?: string }>(c, {
        type: 'object', required: ['score'], properties: { score: { type: 'integer', minimum: 1, maximum: 5 }, comment: { type: 'string', maxLength: 2000 } }, additionalProperties: false,
      });
      return c.json(await rateRequest(engine, principalOf(c), isUuid(c.req.param('id'), 'Process instance'), body.score, body.comment), 201);
    })
    .get('/process-instances/:id/diagram', anyone, async (c) => c.json(await requestDiagram(db, principalOf(c), isUuid(c.req.param('id'), 'Process instance'))))
    .put('/tasks/:id/draft', anyone, async (c) => {
      const body = await readBody<{ variables: Record<string, unknown> }>(c, { type: 'object', required: ['variables'], properties: { variables: { type: 'object' } }, additionalProperties: false });
      await saveTaskDraft(db, principalOf(c), isUuid(c.req.param('id'), 'Task'), body.variables, now());
      return c.body(null, 204);
    })
    .post('/tasks/bulk-claim', access(['agent', 'owner', 'admin']), async (c) => {
      const body = await readBody<{ ids: string[] }>(c, { type: 'object', required: ['ids'], properties: { ids: { type: 'array', maxItems: 200, items: { type: 'string', format: 'uuid' } } }, additionalProperties: false });
      const claimed: string[] = [];
      const failed: { id: string; error: string }[] = [];
      for (const id of body.ids) {
        try {
          await claimTask(engine, principalOf(c), id);
          claimed.push(id);
        } catch (err) {
          failed.push({ id, error: (err as Error).message });
        }
      }
      return c.json({ claimed, failed });
    })
    .get('/users/search', access(['agent', 'owner', 'admin']), async (c) => {
      const q = (c.req.query('q') ?? '').trim().slice(0, 100);
      const r = await db.query(
        // Names and e-mails only, never ids (docs/API.md): the e-mail is the stable reference (assign takes it).
        `SELECT name, email FROM users WHERE $1 = '' OR name ILIKE '%' || $1 || '%' OR email ILIKE '%' || $1 || '%' ORDER BY name LIMIT 20`,
        [q.replace(/[%_\\]/g, (m) => `\\${m}`)],
      );
      return c.json({ items: r.rows });
    })
    .get('/notifications', anyone, async (c) => {
      const me = principalOf(c);
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
      return c.json({
        unread: unread.rows[0].n,
        items: items.rows.map((n) => ({
          id: n.id, kind: n.kind, title: n.title, body: n.body, instanceId: n.instance_id, taskId: n.task_id ?? null, createdAt: n.created_at, readAt: n.read_at,
        })),
      });
    })
    .post('/notifications/read', anyone, async (c) => {
      const body = await readBody<{ ids?: string[] }>(c, { type: 'object', properties: { ids: { type: 'array', maxItems: 500, items: { type: 'string', format: 'uuid' } } }, additionalProperties: false });
      await db.query('UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))', [principalOf(c).id, now(), body.ids ?? null]);
      return c.body(null, 204);
    })
    .get('/me/settings', anyone, async (c) => c.json(await readSettings(principalOf(c).id)))
    .put('/me/settings', anyone, async (c) => {
      const me = principalOf(c);
      const body = await readBody<{ notifications?: NotificationSettings; substitute?: { email: string; from: string; until: string } | null }>(c, settingsSchema);
      let substituteId: string | null | undefined;
      if (body.substitute) {
        if (new Date(body.substitute.until) <= new Date(body.substitute.from)) throw validationFailed([{ path: '/substitute/until', message: 'must be after the start' }]);
        const u = await db.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = lower($1)', [body.substitute.email]);
        if (!u.rows[0]) throw validationFailed([{ path: '/substitute/email', message: 'no user with this e-mail' }]);
        if (u.rows[0].id === me.id) throw validationFailed([{ path: '/substitute/email', message: 'you cannot stand in for yourself' }]);
        substituteId = u.rows[0].id;
      } else if (body.substitute === null) substituteId = null;
      await db.query(
        `INSERT INTO user_settings (user_id, notifications, substitute_id, substitute_from, substitute_until) VALUES ($1, coalesce($2::jsonb, '{}'), $3, $4, $5)
         ON CONFLICT (user_id) DO UPDATE SET notifications = coalesce($2::jsonb, user_settings.notifications),
           substitute_id = CASE WHEN $6::boolean THEN $3 ELSE user_settings.substitute_id END,
           substitute_from = CASE WHEN $6::boolean THEN $4 ELSE user_settings.substitute_from END,
           substitute_until = CASE WHEN $6::boolean THEN $5 ELSE user_settings.substitute_until END`,
        [me.id, body.notifications ? JSON.stringify(body.notifications) : null, substituteId ?? null, body.substitute?.from ?? null, body.substitute?.until ?? null, substituteId !== undefined],
      );
      return c.json(await readSettings(me.id));
    })
    .get('/events', anyone, (c) =>
      // Live updates for lists: which requests changed; the client refetches through the usual checks.
      // Each client hears only the ids it may see (live-visibility.ts); notices go out in the order they came.
      streamSSE(c, async (stream) => {
        const me = principalOf(c);
        let queue = Promise.resolve();
        const send = (ids: string[]) => {
          queue = queue
            .then(async () => {
              const visible = await visibleChange(db, me, ids);
              if (visible) await stream.writeSSE({ event: 'changed', data: JSON.stringify({ instanceIds: visible }) });
            })
            .catch(() => {});
        };
        engine.events.on('changed', send);
        const ping = setInterval(() => void stream.writeSSE({ event: 'ping', data: '' }).catch(() => {}), 25_000);
        await new Promise<void>((resolve) => stream.onAbort(resolve));
        clearInterval(ping);
        engine.events.off('changed', send);
      }),
    );

  async function readSettings(userId: string) {
    const r = await db.query<any>(
      `SELECT s.notifications, s.substitute_from, s.substitute_until, u.email FROM user_settings s LEFT JOIN users u ON u.id = s.substitute_id WHERE s.user_id = $1`,
      [userId],
    );
    const row = r.rows[0];
    return {
      notifications: effectiveSettings(row?.notifications),
      substitute: row?.email ? { email: row.email, from: row.substitute_from, until: row.substitute_until } : null,
    };
  }
}
