import { Hono } from 'hono';
import startSchema from '../../schemas/api/instance-start.json';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid, paging } from '../http/params';
import commentSchema from '../../schemas/api/comment.json';
import { addComment, rateRequest, requestDiagram, type NewComment } from '../requests/collaboration';
import { cancelRequest, getRequest, listRequests, startRequest, type StartRequest } from '../requests/instances';
import { changePriority } from '../sla/admin';
import type { Priority } from '../sla/clocks';
import type { Deps } from './deps';

const anyone = access('authenticated');
const priorityBody = { type: 'object', required: ['priority'], properties: { priority: { enum: ['low', 'medium', 'high', 'critical'] } }, additionalProperties: false };

/** Requests (mounted at /api/process-instances): start, list, read, cancel; comments, rating, diagram and priority of one. */
export function instanceRoutes({ db, engine, now }: Deps) {
  const id = (c: { req: { param(n: 'id'): string } }) => isUuid(c.req.param('id'), 'Process instance');
  return new Hono<AppEnv>()
    .post('/', anyone, async (c) => {
      const body = await readBody<StartRequest>(c, startSchema);
      const key = c.req.header('idempotency-key');
      const r = await startRequest(engine, principalOf(c), body, key ? key.slice(0, 200) : undefined);
      return c.json({ id: r.id, state: r.status, reference: r.reference }, r.created ? 201 : 200);
    })
    .get('/', anyone, async (c) => {
      const q = (n: string) => c.req.query(n);
      return c.json(await listRequests(db, principalOf(c), { mine: q('mine') === '1' || q('mine') === 'true', status: q('status'), processKey: q('processKey'), ...paging(q) }));
    })
    .get('/:id', anyone, async (c) => c.json(await getRequest(db, principalOf(c), id(c), now())))
    .post('/:id/cancel', anyone, async (c) => c.json(await cancelRequest(engine, principalOf(c), id(c))))
    .post('/:id/comments', anyone, async (c) => {
      const body = await readBody<NewComment>(c, commentSchema);
      return c.json(await addComment(engine, principalOf(c), id(c), body), 201);
    })
    .post('/:id/rating', anyone, async (c) => {
      const body = await readBody<{ score: number; comment?: string }>(c, {
        type: 'object', required: ['score'], properties: { score: { type: 'integer', minimum: 1, maximum: 5 }, comment: { type: 'string', maxLength: 2000 } }, additionalProperties: false,
      });
      return c.json(await rateRequest(engine, principalOf(c), id(c), body.score, body.comment), 201);
    })
    .get('/:id/diagram', anyone, async (c) => c.json(await requestDiagram(db, principalOf(c), id(c))))
    .post('/:id/priority', access(['agent', 'owner', 'admin']), async (c) => {
      const body = await readBody<{ priority: Priority }>(c, priorityBody);
      const me = principalOf(c);
      const instanceId = id(c);
      await getRequest(db, me, instanceId, now()); // 404 unless the caller sees the request
      await changePriority(db, instanceId, body.priority, me.email, now());
      return c.json(await getRequest(db, me, instanceId, now()));
    });
}
