import { Hono } from 'hono';
import jobsSchema from '../../schemas/api/jobs.json';
import messageSchema from '../../schemas/api/message.json';
import variablesSchema from '../../schemas/api/variables.json';
import { createApiToken, listApiTokens, revokeApiToken } from '../auth/tokens';
import { notFound, validationFailed } from '../errors';
import { activateJobs, completeJob, failJob, throwJobError } from '../engine/jobs';
import { addDuration, parseDuration } from '../engine/time';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { listIncidents, retryIncident } from '../process/incidents';
import type { Deps } from './deps';

const def = (name: keyof typeof jobsSchema.$defs) => jobsSchema.$defs[name];
const operators = access(['admin', 'owner', 'agent']);

/** Messages, signals, external job workers, incidents and API tokens. */
export function engineOpsRoutes({ db, engine, now }: Deps) {
  const worker = (c: { get(k: 'apiToken'): { id: string; jobTypes: string[] } | null; get(k: 'principal'): unknown }) => {
    const token = c.get('apiToken');
    return { actor: token ? `worker:${token.id}` : 'admin', jobTypes: token ? token.jobTypes : null };
  };
  return new Hono<AppEnv>()
    .post('/messages', operators, async (c) => {
      const body = await readBody<{ name: string; correlationKey?: string; variables?: Record<string, unknown>; ttl?: string }>(c, messageSchema);
      let ttlMs: number | undefined;
      if (body.ttl) {
        const d = parseDuration(body.ttl);
        if (!d) throw validationFailed([{ path: '/ttl', message: 'is not an ISO-8601 duration' }]);
        ttlMs = addDuration(new Date(0), d).getTime();
      }
      const unit = await engine.run([{ kind: 'message', name: body.name, correlationKey: body.correlationKey ?? '', variables: body.variables ?? {}, ttlMs }], principalOf(c).email);
      if (unit.correlations === 0) throw notFound(`Subscription for message "${body.name}" with this correlation key`);
      return c.json({ correlated: Math.max(0, unit.correlations), buffered: unit.correlations < 0 });
    })
    .post('/signals', operators, async (c) => {
      const body = await readBody<{ name: string; variables?: Record<string, unknown> }>(c, {
        type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, variables: { type: 'object' } }, additionalProperties: false,
      });
      const unit = await engine.run([{ kind: 'signal', name: body.name, variables: body.variables ?? {} }], principalOf(c).email);
      return c.json({ reached: unit.correlations });
    })
    .post('/jobs/activate', access('worker'), async (c) => {
      const body = await readBody<{ type: string; maxJobs?: number; lockSeconds?: number; worker?: string }>(c, def('activate'));
      const { jobTypes } = worker(c);
      if (jobTypes && !jobTypes.includes(body.type)) return c.json({ jobs: [] });
      return c.json({ jobs: await activateJobs(engine, { type: body.type, maxJobs: body.maxJobs ?? 10, lockSeconds: body.lockSeconds ?? 300, worker: body.worker ?? 'worker' }) });
    })
    .post('/jobs/:id/complete', access('worker'), async (c) => {
      const body = await readBody<{ variables?: Record<string, unknown> }>(c, variablesSchema);
      const w = worker(c);
      await completeJob(engine, isUuid(c.req.param('id'), 'Job'), body.variables ?? {}, w.actor, w.jobTypes);
      return c.body(null, 204);
    })
    .post('/jobs/:id/fail', access('worker'), async (c) => {
      const body = await readBody<{ retries: number; errorMessage?: string; backoffSeconds?: number }>(c, def('fail'));
      const w = worker(c);
      await failJob(engine, isUuid(c.req.param('id'), 'Job'), body, w.actor, w.jobTypes);
      return c.body(null, 204);
    })
    .post('/jobs/:id/error', access('worker'), async (c) => {
      const body = await readBody<{ errorCode: string; errorMessage?: string; variables?: Record<string, unknown> }>(c, def('error'));
      const w = worker(c);
      await throwJobError(engine, isUuid(c.req.param('id'), 'Job'), body, w.actor, w.jobTypes);
      return c.body(null, 204);
    })
    .get('/incidents', access(['admin', 'owner']), async (c) => c.json({ items: await listIncidents(db, principalOf(c), c.req.query('status') === 'resolved' ? 'resolved' : 'open') }))
    .post('/incidents/:id/retry', access(['admin', 'owner']), async (c) => {
      const body = await readBody<{ variables?: Record<string, unknown> }>(c, variablesSchema);
      await retryIncident(engine, principalOf(c), isUuid(c.req.param('id'), 'Incident'), body.variables);
      return c.body(null, 204);
    })
    .get('/admin/api-tokens', access(['admin']), async (c) => c.json({ items: await listApiTokens(db) }))
    .post('/admin/api-tokens', access(['admin']), async (c) => {
      const body = await readBody<{ name: string; jobTypes: string[] }>(c, def('token'));
      return c.json(await createApiToken(db, body, principalOf(c).id), 201);
    })
    .delete('/admin/api-tokens/:id', access(['admin']), async (c) => {
      await revokeApiToken(db, isUuid(c.req.param('id'), 'API token'), now());
      return c.body(null, 204);
    });
}
