import { Hono } from 'hono';
import problemSchema from '../../schemas/api/problem.json';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid, paging } from '../http/params';
import { validationFailed, type FieldError } from '../errors';
import { parseFilter } from '../insights/scope';
import {
  addLinks, beginAnalysis, closeLinkedRequests, createWithLinks, editProblem, EFFECT_DAYS, listProblems, problemDetail, problemKpis, problemOfRequest, problemView,
  PROBLEM_STATUSES, recurringIncidents, setStatus, unlinkRequest,
} from '../problems';
import type { Deps } from './deps';
import { publishWorkaround } from '../problems/workaround-article';

const body = (def: string) => ({ $id: `urn:lotse:api:problem:${def}`, $defs: problemSchema.$defs, $ref: `#/$defs/${def}` });
const createBody = body('create');
const updateBody = body('update');
const statusBody = body('status');
const linkBody = body('link');
const closeBody = body('closeRequests');

/** Agents and owners of the department work on its problems; analysts read them; admins all. */
const WHO = ['admin', 'owner', 'agent', 'analyst'] as const;

/** A number query parameter within bounds, or its default; 422 naming it otherwise. */
function numberParam(errors: FieldError[], name: string, v: string | undefined, d: number, min: number, max: number, whole = true): number {
  if (v === undefined || v === '') return d;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n))) {
    errors.push({ path: `/${name}`, message: `must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}` });
    return d;
  }
  return n;
}

/** Problem management (mounted at /api/problems): records, links to requests, recurring incidents, KPIs. */
export function problemRoutes({ db, engine, now }: Deps) {
  return new Hono<AppEnv>()
    .get('/', access(WHO), async (c) => {
      const errors: FieldError[] = [];
      const status = c.req.query('status') || undefined;
      if (status && !(PROBLEM_STATUSES as readonly string[]).includes(status)) errors.push({ path: '/status', message: `must be one of ${PROBLEM_STATUSES.join(', ')}` });
      const departmentId = c.req.query('departmentId') || undefined;
      if (departmentId && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(departmentId)) errors.push({ path: '/departmentId', message: 'must be a department id' });
      const q = c.req.query('q') || undefined;
      if (q && q.length > 200) errors.push({ path: '/q', message: 'must be at most 200 characters' });
      if (errors.length) throw validationFailed(errors);
      return c.json(await listProblems(db, principalOf(c), { ...paging((n) => c.req.query(n)), status: status as (typeof PROBLEM_STATUSES)[number] | undefined, departmentId, q }));
    })
    .post('/', access(WHO), async (c) => c.json(await createWithLinks(engine, principalOf(c), await readBody(c, createBody)), 201))
    .get('/recurring', access(WHO), async (c) => {
      const q = (n: string) => c.req.query(n);
      const filter = parseFilter(q, now());
      const errors: FieldError[] = [];
      const similarity = numberParam(errors, 'similarity', q('similarity'), 0.45, 0.1, 1, false);
      const minCount = numberParam(errors, 'minCount', q('minCount'), 3, 2, 1000);
      const limit = numberParam(errors, 'limit', q('limit'), 20, 1, 100);
      const sort = q('sort') || 'count';
      if (sort !== 'count' && sort !== 'timeLost') errors.push({ path: '/sort', message: 'must be count or timeLost' });
      if (errors.length) throw validationFailed(errors);
      return c.json(await recurringIncidents(db, principalOf(c), { ...filter, similarity, minCount, limit, sort: sort as 'count' | 'timeLost' }, now()));
    })
    .get('/kpis', access(WHO), async (c) => {
      const q = (n: string) => c.req.query(n);
      const filter = parseFilter(q, now());
      const errors: FieldError[] = [];
      const days = numberParam(errors, 'days', q('days'), EFFECT_DAYS, 1, 365);
      if (errors.length) throw validationFailed(errors);
      return c.json(await problemKpis(db, principalOf(c), { from: filter.from, to: filter.to, departmentId: filter.departmentId, days }, now()));
    })
    .get('/by-request/:requestId', access(WHO), async (c) => {
      const p = principalOf(c);
      const row = await problemOfRequest(db, p, isUuid(c.req.param('requestId'), 'Process instance'));
      return c.json({ problem: row ? problemView(row, p) : null });
    })
    .get('/:id', access(WHO), async (c) => c.json(await problemDetail(engine, principalOf(c), isUuid(c.req.param('id'), 'Problem'))))
    .patch('/:id', access(WHO), async (c) => {
      const id = isUuid(c.req.param('id'), 'Problem');
      return c.json(await editProblem(engine, principalOf(c), id, await readBody(c, updateBody)));
    })
    .post('/:id/status', access(WHO), async (c) => {
      const id = isUuid(c.req.param('id'), 'Problem');
      const { status } = await readBody<{ status: (typeof PROBLEM_STATUSES)[number] }>(c, statusBody);
      return c.json(await setStatus(engine, principalOf(c), id, status));
    })
    .post('/:id/workaround-article', access(WHO), async (c) => {
      const r = await publishWorkaround(db, principalOf(c), isUuid(c.req.param('id'), 'Problem'));
      return c.json({ articleId: r.articleId, status: r.article.status }, r.created ? 201 : 200);
    })
    .post('/:id/analysis', access(WHO), async (c) => c.json(await beginAnalysis(engine, principalOf(c), isUuid(c.req.param('id'), 'Problem')), 201))
    .post('/:id/requests', access(WHO), async (c) => {
      const id = isUuid(c.req.param('id'), 'Problem');
      const { requestIds } = await readBody<{ requestIds: string[] }>(c, linkBody);
      return c.json(await addLinks(engine, principalOf(c), id, requestIds));
    })
    .delete('/:id/requests/:requestId', access(WHO), async (c) => {
      const id = isUuid(c.req.param('id'), 'Problem');
      const requestId = isUuid(c.req.param('requestId'), 'Linked request');
      await db.transaction((tx) => unlinkRequest(tx, principalOf(c), id, requestId));
      return c.body(null, 204);
    })
    .post('/:id/close-requests', access(WHO), async (c) => {
      const id = isUuid(c.req.param('id'), 'Problem');
      const { requestIds } = await readBody<{ requestIds?: string[] }>(c, closeBody);
      return c.json(await closeLinkedRequests(engine, principalOf(c), id, requestIds));
    });
}
