import { Hono } from 'hono';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { erasePerson, logPrivacy, personOf, planErasure, privacyLog, searchPeople } from '../documents/gdpr';
import { exportEntries } from '../documents/gdpr-export';
import { eraseBody } from '../documents/schemas';
import { toReadableStream, zipChunks } from '../documents/zip-stream';
import type { Deps } from './deps';

/**
 * GDPR requests (mounted at /api/privacy): admins and the privacy role search a person, export
 * everything about them as a ZIP (streamed), see what an erasure keeps, erase. Others: 403.
 */
export function privacyRoutes({ db, now }: Deps) {
  const officers = access(['admin', 'privacy']);
  const person = (c: { req: { param(n: 'id'): string } }) => isUuid(c.req.param('id'), 'Person');
  return new Hono<AppEnv>()
    .get('/people', officers, async (c) => c.json({ items: await searchPeople(db, c.req.query('q') ?? '') }))
    .get('/people/:id/erasure', officers, async (c) => c.json(await planErasure(db, person(c), now())))
    .get('/people/:id/export', officers, async (c) => {
      const id = person(c);
      await personOf(db, id);
      const at = now();
      await logPrivacy(db, principalOf(c), 'export', id, at, {});
      c.header('content-type', 'application/zip');
      c.header('content-disposition', `attachment; filename="lotse-export-${id}-${at.toISOString().slice(0, 10)}.zip"`);
      c.header('cache-control', 'no-store');
      return c.body(toReadableStream(zipChunks(exportEntries(db, id, at))));
    })
    .post('/people/:id/erase', officers, async (c) => {
      const id = person(c);
      const { confirm } = await readBody<{ confirm: string }>(c, eraseBody);
      return c.json(await erasePerson(db, principalOf(c), id, confirm, now()));
    })
    .get('/log', officers, async (c) => c.json({ items: await privacyLog(db) }));
}
