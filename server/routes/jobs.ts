import { Hono } from 'hono';
import jobsSchema from '../../schemas/api/jobs.json';
import type { ApiTokenScope } from '../auth/tokens';
import type { JobResult } from '../engine/core/types';
import { activateJobs, completeJob, failJob, throwJobError } from '../engine/jobs/jobs';
import { access } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { refuseReserved } from '../http/reserved-variables';
import type { Deps } from './deps';

const def = (name: keyof typeof jobsSchema.$defs) => jobsSchema.$defs[name];

/** The worker behind the call: an API token (limited to its job types) or an admin's session (all types). */
function worker(c: { get(k: 'apiToken'): ApiTokenScope | null; get(k: 'principal'): unknown }) {
  const token = c.get('apiToken');
  return { actor: token ? `worker:${token.id}` : 'admin', jobTypes: token ? token.jobTypes : null };
}

/** External job workers (mounted at /api/jobs): fetch-and-lock, complete, fail, throw a BPMN error. */
export function jobRoutes({ engine }: Deps) {
  const id = (c: { req: { param(n: 'id'): string } }) => isUuid(c.req.param('id'), 'Job');
  return new Hono<AppEnv>()
    .post('/activate', access('worker'), async (c) => {
      const body = await readBody<{ type: string; maxJobs?: number; lockSeconds?: number; worker?: string }>(c, def('activate'));
      const { jobTypes } = worker(c);
      if (jobTypes && !jobTypes.includes(body.type)) return c.json({ jobs: [] });
      return c.json({ jobs: await activateJobs(engine, { type: body.type, maxJobs: body.maxJobs ?? 10, lockSeconds: body.lockSeconds ?? 300, worker: body.worker ?? 'worker' }) });
    })
    .post('/:id/complete', access('worker'), async (c) => {
      const body = await readBody<{ variables?: Record<string, unknown>; result?: JobResult }>(c, def('complete'));
      refuseReserved(body.variables);
      const w = worker(c);
      await completeJob(engine, id(c), body.variables ?? {}, w.actor, w.jobTypes, body.result);
      return c.body(null, 204);
    })
    .post('/:id/fail', access('worker'), async (c) => {
      const body = await readBody<{ retries: number; errorMessage?: string; backoffSeconds?: number }>(c, def('fail'));
      const w = worker(c);
      await failJob(engine, id(c), body, w.actor, w.jobTypes);
      return c.body(null, 204);
    })
    .post('/:id/error', access('worker'), async (c) => {
      const body = await readBody<{ errorCode: string; errorMessage?: string; variables?: Record<string, unknown> }>(c, def('error'));
      refuseReserved(body.variables);
      const w = worker(c);
      await throwJobError(engine, id(c), body, w.actor, w.jobTypes);
      return c.body(null, 204);
    });
}
