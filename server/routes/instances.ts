import { Hono } from 'hono';
import startSchema from '../../schemas/api/instance-start.json';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid, paging } from '../http/params';
import { cancelRequest, getRequest, listRequests, startRequest, type StartRequest } from '../requests/instances';
import { listCatalog } from '../definitions/catalog';
import type { Deps } from './deps';

const anyone = access('authenticated');

export function instanceRoutes({ db, engine, now }: Deps) {
  return new Hono<AppEnv>()
    .get('/catalog', anyone, async (c) => c.json({ items: await listCatalog(db, principalOf(c)) }))
    .post('/process-instances', anyone, async (c) => {
      const body = await readBody<StartRequest>(c, startSchema);
      const key = c.req.header('idempotency-key');
      const r = await startRequest(engine, principalOf(c), body, key ? key.slice(0, 200) : undefined);
      return c.json({ id: r.id, state: r.status, reference: r.reference }, r.created ? 201 : 200);
    })
    .get('/process-instances', anyone, async (c) => {
      const q = (n: string) => c.req.query(n);
      return c.json(await listRequests(db, principalOf(c), { mine: q('mine') === '1' || q('mine') === 'true', status: q('status'), processKey: q('processKey'), ...paging(q) }));
    })
    .get('/process-instances/:id', anyone, async (c) => c.json(await getRequest(db, principalOf(c), isUuid(c.req.param('id'), 'Process instance'), now())))
    .post('/process-instances/:id/cancel', anyone, async (c) => c.json(await cancelRequest(engine, principalOf(c), isUuid(c.req.param('id'), 'Process instance'))));
}
