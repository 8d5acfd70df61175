import { Hono } from 'hono';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { deletionLog, listHolds, listRules, placeHold, releaseHold, replaceRules, type RetentionRule } from '../documents/retention';
import { documentTypes } from '../documents/personnel';
import { listRequestRules, replaceRequestRules, type RequestRetentionRule } from '../documents/request-retention';
import { holdBody, requestRetentionBody, retentionBody } from '../documents/schemas';
import type { Deps } from './deps';

/** Retention rules (documents and request data), legal holds and the deletion log (mounted at /api/retention): owners of the department, admins. */
export function retentionRoutes({ db, now }: Deps) {
  const owners = access(['admin', 'owner']);
  return new Hono<AppEnv>()
    // The department's document types come along, so a screen can offer a rule for each.
    .get('/rules/:departmentId', owners, async (c) => {
      const departmentId = isUuid(c.req.param('departmentId'), 'Department');
      const items = await listRules(db, principalOf(c), departmentId);
      return c.json({ items, types: await documentTypes(db, departmentId) });
    })
    .put('/rules/:departmentId', owners, async (c) => {
      const { rules } = await readBody<{ rules: RetentionRule[] }>(c, retentionBody);
      return c.json({ items: await replaceRules(db, principalOf(c), isUuid(c.req.param('departmentId'), 'Department'), rules) });
    })
    .get('/request-rules/:departmentId', owners, async (c) => c.json({ items: await listRequestRules(db, principalOf(c), isUuid(c.req.param('departmentId'), 'Department')) }))
    .put('/request-rules/:departmentId', owners, async (c) => {
      const { rules } = await readBody<{ rules: RequestRetentionRule[] }>(c, requestRetentionBody);
      return c.json({ items: await replaceRequestRules(db, principalOf(c), isUuid(c.req.param('departmentId'), 'Department'), rules) });
    })
    .get('/holds', owners, async (c) => c.json({ items: await listHolds(db, principalOf(c)) }))
    .post('/holds', owners, async (c) => c.json(await placeHold(db, principalOf(c), await readBody(c, holdBody)), 201))
    .delete('/holds/:id', owners, async (c) => {
      await releaseHold(db, principalOf(c), isUuid(c.req.param('id'), 'Legal hold'), now());
      return c.body(null, 204);
    })
    .get('/deletion-log', owners, async (c) => c.json(await deletionLog(db, principalOf(c))));
}
