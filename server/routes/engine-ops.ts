import { Hono } from 'hono';
import jobsSchema from '../../schemas/api/jobs.json';
import messageSchema from '../../schemas/api/message.json';
import variablesSchema from '../../schemas/api/variables.json';
import type { Principal } from '../auth/principal';
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenInput, type ApiTokenScope } from '../auth/tokens';
import { notFound, validationFailed } from '../errors';
import { activateJobs, completeJob, failJob, throwJobError } from '../engine/jobs/jobs';
import { addDuration, parseDuration } from '../../common/time';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { sessionScope, tokenScope } from '../process/correlation-scope';
import { reservedVariableErrors } from '../../common/task-rules';
import { listIncidents, retryIncident } from '../process/incidents';
import type { Deps } from './deps';

const def = (name: keyof typeof jobsSchema.$defs) => jobsSchema.$defs[name];
const operators = ['admin', 'owner', 'agent'] as const;
/** Messages and signals: operators with a session, or an API token whose scope lists the name. */
const correlators = access(operators, { tokens: true });

/** 422 naming `/variables/<name>` when input from outside tries to set a variable Lotse sets itself (task-rules.ts). */
function refuseReserved(variables: Record<string, unknown> | null | undefined): void {
  const reserved = reservedVariableErrors(variables);
  if (reserved.length) throw validationFailed(reserved, 'These variables are set by Lotse and cannot be submitted');
}

/** Messages, signals, external job workers, incidents and API tokens. */
export function engineOpsRoutes({ db, engine, now }: Deps) {
  const worker = (c: { get(k: 'apiToken'): ApiTokenScope | null; get(k: 'principal'): unknown }) => {
    const token = c.get('apiToken');
    return { actor: token ? `worker:${token.id}` : 'admin', jobTypes: token ? token.jobTypes : null };
  };
  /** The departments a message or signal of this caller may reach (null: all), and the actor recorded in history. */
  const sender = (c: { get(k: 'apiToken'): ApiTokenScope | null; get(k: 'principal'): Principal | null }, kind: 'message' | 'signal', name: string) => {
    const token = c.get('apiToken');
    if (token) return { departments: tokenScope(token, kind, name), actor: `worker:${token.id}` };
    const p = principalOf(c);
    return { departments: sessionScope(p), actor: p.email };
  };
  return new Hono<AppEnv>()
    .post('/messages', correlators, async (c) => {
      const body = await readBody<{ name: string; correlationKey?: string; variables?: Record<string, unknown>; ttl?: string }>(c, messageSchema);
      let ttlMs: number | undefined;
      if (body.ttl) {
        const d = parseDuration(body.ttl);
        if (!d) throw validationFailed([{ path: '/ttl', message: 'is not an ISO-8601 duration' }]);
        ttlMs = addDuration(new Date(0), d).getTime();
      }
      refuseReserved(body.variables);
      const { departments, actor } = sender(c, 'message', body.name);
      const unit = await engine.run([{ kind: 'message', name: body.name, correlationKey: body.correlationKey ?? '', variables: body.variables ?? {}, ttlMs, departments }], actor);
      // A subscription out of the caller's scope answers exactly like none at all.
      if (unit.correlations === 0) throw notFound(`Subscription for message "${body.name}" with this correlation key`);
      return c.json({ correlated: Math.max(0, unit.correlations), buffered: unit.correlations < 0 });
    })
    .post('/signals', correlators, async (c) => {
      const body = await readBody<{ name: string; variables?: Record<string, unknown> }>(c, {
        type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, variables: { type: 'object' } }, additionalProperties: false,
      });
      refuseReserved(body.variables);
      const { departments, actor } = sender(c, 'signal', body.name);
      const unit = await engine.run([{ kind: 'signal', name: body.name, variables: body.variables ?? {}, departments }], actor);
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
      refuseReserved(body.variables);
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
      refuseReserved(body.variables);
      const w = worker(c);
      await throwJobError(engine, isUuid(c.req.param('id'), 'Job'), body, w.actor, w.jobTypes);
      return c.body(null, 204);
    })
    .get('/incidents', access(['admin', 'owner']), async (c) => c.json({ items: await listIncidents(db, principalOf(c), c.req.query('status') === 'resolved' ? 'resolved' : 'open') }))
    .post('/incidents/:id/retry', access(['admin', 'owner']), async (c) => {
      const body = await readBody<{ variables?: Record<string, unknown> }>(c, variablesSchema);
      refuseReserved(body.variables);
      await retryIncident(engine, principalOf(c), isUuid(c.req.param('id'), 'Incident'), body.variables);
      return c.body(null, 204);
    })
    .get('/admin/api-tokens', access(['admin']), async (c) => c.json({ items: await listApiTokens(db) }))
    .post('/admin/api-tokens', access(['admin']), async (c) => {
      const body = await readBody<ApiTokenInput>(c, def('token'));
      return c.json(await createApiToken(db, body, principalOf(c).id), 201);
    })
    .delete('/admin/api-tokens/:id', access(['admin']), async (c) => {
      await revokeApiToken(db, isUuid(c.req.param('id'), 'API token'), now());
      return c.body(null, 204);
    });
}
