import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { visibleChange } from '../auth/live-visibility';
import type { ChangeScope } from '../engine/runtime/live-changes';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { HttpError } from '../errors';
import { listNotifications, markRead } from '../notify/inbox';
import { langOf, type Lang } from '../notify/messages';
import type { Deps } from './deps';

const anyone = access('authenticated');

/**
 * The language the bell is written in: `?lang=de|en` (the app sends its UI language), else the
 * reader's language setting, else the browser's Accept-Language; 400 for another language.
 */
function readerLang(lang: string | undefined, setting: string | null, acceptLanguage: string | undefined): Lang {
  if (lang !== undefined) {
    if (lang === 'de' || lang === 'en') return lang;
    throw new HttpError(400, 'bad_request', 'Query parameter lang: must be de or en', [{ path: '/lang', message: 'must be de or en' }]);
  }
  if (setting) return langOf(setting);
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'de';
}

/** The caller's own in-app notifications (mounted at /api/notifications). */
export function notificationRoutes({ db, now }: Deps) {
  return new Hono<AppEnv>()
    .get('/', anyone, async (c) => {
      const me = principalOf(c);
      return c.json(await listNotifications(db, me, readerLang(c.req.query('lang'), me.locale, c.req.header('accept-language'))));
    })
    .post('/read', anyone, async (c) => {
      const body = await readBody<{ ids?: string[] }>(c, { type: 'object', properties: { ids: { type: 'array', maxItems: 500, items: { type: 'string', format: 'uuid' } } }, additionalProperties: false });
      await markRead(db, principalOf(c).id, body.ids ?? null, now());
      return c.body(null, 204);
    });
}

/** Live updates for lists (mounted at /api/events): which requests changed; the client refetches through the usual checks. */
export function eventRoutes({ db, engine }: Deps) {
  return new Hono<AppEnv>().get('/', anyone, (c) =>
    // Each client hears only the ids it may see (live-visibility.ts); notices go out in the order they came.
    streamSSE(c, async (stream) => {
      const me = principalOf(c);
      let queue = Promise.resolve();
      const send = (ids: string[], scope?: ChangeScope) => {
        queue = queue
          .then(async () => {
            const visible = await visibleChange(db, me, ids, scope?.staff === true);
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
}
