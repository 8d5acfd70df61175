/**
 * Jobs: timers, start timers and service tasks in one table. The worker claims due rows with
 * FOR UPDATE SKIP LOCKED (safe with several server processes), fires timers in the claiming
 * transaction and runs the http connector outside any transaction. External workers use the
 * activate / complete / fail / error functions (Camunda 8 style).
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/types';
import { conflict, notFound } from '../../errors';
import { HTTP_TYPES } from '../../../common/connector-types';
import { runRestConnector, type ConnectorOutcome } from '../connectors/http';
import { instanceColumnsOf, instanceRowOf, type Engine, type InstanceRow, type Work } from '../runtime/runtime';
import { JOB_UPDATES } from '../runtime/writes';
import { addDuration, parseDuration } from '../../../common/time';
import { MAX_TIMER_STARTS_PER_MINUTE } from '../../../common/limits';
import { TIMER_CAP_LOCK } from '../../db/advisory';
import type { JobResult, Variables } from '../core/types';

interface JobRow {
  id: string;
  kind: 'timer' | 'service' | 'start_timer';
  instance_id: string | null;
  definition_id: string | null;
  element_id: string;
  type: string | null;
  status: string;
  retries: number;
  headers: Record<string, string>;
  variables: Variables;
  cycle: { remaining: number; interval: string } | null;
  locked_until: Date | null;
  worker: string | null;
}

const HTTP_LOCK_MS = 60_000;

/**
 * Fires every due timer and start timer, each atomic on its own; returns how many fired. With group
 * commit several are handed in at once, so they share transactions (each still claims its own row).
 */
export async function fireDueTimers(engine: Engine, limit = 100): Promise<number> {
  let fired = 0;
  while (fired < limit) {
    // A wave of one first: when nothing is due (most polls) that is one claim, not sixteen.
    const width = engine.groupCommit && fired > 0 ? Math.min(limit - fired, 16) : 1;
    const wave = await Promise.allSettled(Array.from({ length: width }, () => fireOne(engine)));
    let idle = false;
    for (const r of wave) {
      if (r.status === 'rejected') throw r.reason;
      if (r.value === null) idle = true;
      else {
        if (r.value !== 'skipped') engine.afterCommit(r.value);
        fired++;
      }
    }
    if (idle) break;
  }
  return fired;
}

/** Claims the most overdue timer (SKIP LOCKED) and fires it in the claiming transaction; null: none due. */
function fireOne(engine: Engine) {
  return engine.transact(async (tx) => {
    const r = await tx.query<JobRow>(
      `SELECT * FROM jobs WHERE status = 'ready' AND kind IN ('timer', 'start_timer') AND due_at <= $1
       ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [engine.now()],
    );
    const job = r.rows[0];
    if (!job) return null;
    // A fired start timer keeps its firing time in locked_until: the per-minute cap counts them.
    await tx.query("UPDATE jobs SET status = 'done', locked_until = $2 WHERE id = $1", [job.id, engine.now()]);
    const work: Work[] = [];
    if (job.kind === 'timer') {
      work.push({ kind: 'trigger', instanceId: job.instance_id!, trigger: { type: 'timer_fired', timerId: job.id }, lenient: true });
    } else {
      await rescheduleStartTimer(tx, job, engine.now());
      if (await timerStartsCapped(tx, job, engine)) return 'skipped' as const;
      work.push({ kind: 'start', instanceId: randomUUID(), definitionId: job.definition_id!, input: { startEventId: job.element_id }, startedBy: null });
    }
    return engine.runIn(tx, work, 'timer');
  });
}

/**
 * At most MAX_TIMER_STARTS_PER_MINUTE timer-started instances per process and minute: a firing above
 * the cap starts nothing (the job is cancelled with the reason, a warning is logged); a cycle goes on.
 */
async function timerStartsCapped(tx: Queryable, job: JobRow, engine: Engine): Promise<boolean> {
  const since = new Date(engine.now().getTime() - 60_000);
  // Two transactions counting at once (group commit's batches, other servers) would each see the
  // other's firings uncommitted and let both through: on PostgreSQL they count one after the other.
  if (engine.db.kind === 'postgres') {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext((SELECT key FROM definitions WHERE id = $2)))', [TIMER_CAP_LOCK, job.definition_id]);
  }
  const r = await tx.query<{ key: string; n: number }>(
    `SELECT d.key, (SELECT count(*)::int FROM jobs j WHERE j.kind = 'start_timer' AND j.status = 'done' AND j.locked_until > $2
       AND j.definition_id IN (SELECT id FROM definitions WHERE key = d.key)) AS n
     FROM definitions d WHERE d.id = $1`,
    [job.definition_id, since],
  );
  const row = r.rows[0];
  // The job itself is already counted (status done, fired now).
  if (!row || row.n <= MAX_TIMER_STARTS_PER_MINUTE) return false;
  const reason = `skipped: more than ${MAX_TIMER_STARTS_PER_MINUTE} timer-started instances of ${row.key} in one minute`;
  await tx.query("UPDATE jobs SET status = 'cancelled', error_message = $2 WHERE id = $1", [job.id, reason]);
  engine.log.warn('timer start skipped', { processKey: row.key, elementId: job.element_id, reason });
  return true;
}

async function rescheduleStartTimer(tx: Queryable, job: JobRow, now: Date) {
  if (!job.cycle || job.cycle.remaining === 0) return;
  const interval = parseDuration(job.cycle.interval);
  if (!interval) return;
  await tx.query(
    `INSERT INTO jobs (id, kind, definition_id, element_id, status, retries, due_at, cycle, created_at)
     VALUES ($1, 'start_timer', $2, $3, 'ready', 3, $4, $5, $6)`,
    [randomUUID(), job.definition_id, job.element_id, addDuration(now, interval), JSON.stringify({ remaining: job.cycle.remaining < 0 ? -1 : job.cycle.remaining - 1, interval: job.cycle.interval }), now],
  );
}

export interface ActivatedJob {
  id: string;
  type: string;
  processInstanceId: string;
  elementId: string;
  retries: number;
  headers: Record<string, string>;
  variables: Variables;
  deadline: string;
}

/** Hands out up to maxJobs jobs of a type, locked for lockSeconds; an expired lock makes a job available again. */
export async function activateJobs(engine: Engine, input: { type: string; maxJobs: number; lockSeconds: number; worker: string }): Promise<ActivatedJob[]> {
  const now = engine.now();
  const until = new Date(now.getTime() + input.lockSeconds * 1000);
  const r = await engine.db.query<JobRow & { locked_until: Date }>(
    `UPDATE jobs SET status = 'locked', locked_until = $4, worker = $5
     WHERE id IN (SELECT id FROM jobs WHERE kind = 'service' AND type = $1
                    AND ((status = 'ready' AND due_at <= $2) OR (status = 'locked' AND locked_until < $2))
                  ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING *`,
    [input.type, now, input.maxJobs, until, input.worker],
  );
  return r.rows.map((j) => ({
    id: j.id,
    type: j.type!,
    processInstanceId: j.instance_id!,
    elementId: j.element_id,
    retries: j.retries,
    headers: j.headers,
    variables: j.variables,
    deadline: new Date(j.locked_until).toISOString(),
  }));
}

/** Locks service jobs and their instances by id: per body, or for a whole group-commit batch at once (Engine.transact's prelock). */
const LOCK_JOBS = `SELECT j.*, j.id AS lock_id, ${instanceColumnsOf('p')} FROM jobs j JOIN process_instances p ON p.id = j.instance_id
  WHERE j.id = ANY($1::uuid[]) AND j.kind = 'service' ORDER BY p.id FOR UPDATE OF j, p`;

const jobLock = (jobId: string) => ({ sql: LOCK_JOBS, id: jobId });

/**
 * Locks a job row that a worker holds (or that is still ready) and its instance, returned with it
 * for the engine (one round trip fewer; in a batch, one statement for all its bodies); 404 unknown, 409 finished.
 */
async function lockJob(engine: Engine, tx: Queryable, jobId: string, jobTypes: string[] | null): Promise<JobRow & { instance: InstanceRow }> {
  const job = (engine.prelocked(tx, jobLock(jobId)) ?? (await tx.query<JobRow>(LOCK_JOBS, [[jobId]])).rows[0]) as JobRow | undefined;
  if (!job || (jobTypes && !jobTypes.includes(job.type!))) throw notFound('Job');
  if (!['locked', 'ready'].includes(job.status)) throw conflict(`The job is ${job.status === 'done' ? 'already completed' : job.status}`, 'job_finished');
  return { ...job, instance: instanceRowOf(job as unknown as Record<string, unknown>) };
}

/** result: a completing user task listener's answer (Camunda 8.8 job result), `{ denied: true }` denies the completion. */
export async function completeJob(
  engine: Engine, jobId: string, variables: Variables, actor: string, jobTypes: string[] | null = null,
  result?: JobResult,
) {
  const unit = await engine.transact(async (tx) => {
    const job = await lockJob(engine, tx, jobId, jobTypes);
    await engine.updateRow(tx, JOB_UPDATES, { id: job.id, status: 'done', locked_until: null });
    const trigger = { type: 'job_completed' as const, jobId, variables, ...(result ? { result } : {}) };
    return engine.runIn(tx, [{ kind: 'trigger', instanceId: job.instance_id!, trigger }], actor, { preloaded: [job.instance] });
  }, jobLock(jobId));
  engine.afterCommit(unit);
}

/** A failed attempt: retry after the backoff while retries remain, else an incident on the element. */
export async function failJob(
  engine: Engine,
  jobId: string,
  input: { retries: number; errorMessage?: string; backoffSeconds?: number },
  actor: string,
  jobTypes: string[] | null = null,
) {
  const unit = await engine.transact(async (tx) => {
    const job = await lockJob(engine, tx, jobId, jobTypes);
    const message = input.errorMessage || 'job failed';
    if (input.retries > 0) {
      const due = new Date(engine.now().getTime() + (input.backoffSeconds ?? 0) * 1000);
      await tx.query("UPDATE jobs SET status = 'ready', retries = $2, due_at = $3, locked_until = NULL, error_message = $4 WHERE id = $1", [job.id, input.retries, due, message]);
      return null;
    }
    await tx.query("UPDATE jobs SET status = 'failed', retries = 0, locked_until = NULL, error_message = $2 WHERE id = $1", [job.id, message]);
    return engine.runIn(tx, [{ kind: 'trigger', instanceId: job.instance_id!, trigger: { type: 'job_failed', jobId, message } }], actor, { preloaded: [job.instance] });
  }, jobLock(jobId));
  if (unit) engine.afterCommit(unit);
}

/** The worker reports a business error: thrown as a BPMN error to the nearest matching boundary. */
export async function throwJobError(engine: Engine, jobId: string, input: { errorCode: string; errorMessage?: string; variables?: Variables }, actor: string, jobTypes: string[] | null = null) {
  const unit = await engine.transact(async (tx) => {
    const job = await lockJob(engine, tx, jobId, jobTypes);
    await engine.updateRow(tx, JOB_UPDATES, { id: job.id, status: 'done', locked_until: null, error_message: input.errorMessage ?? input.errorCode });
    return engine.runIn(
      tx,
      [{ kind: 'trigger', instanceId: job.instance_id!, trigger: { type: 'job_error', jobId, errorCode: input.errorCode, errorMessage: input.errorMessage, variables: input.variables } }],
      actor,
      { preloaded: [job.instance] },
    );
  }, jobLock(jobId));
  engine.afterCommit(unit);
}

/**
 * Runs due http connector jobs: claim (short transaction), call, then complete, throw the BPMN error
 * the model's errorExpression asks for, or fail with backoff (the model's retryBackoff, else
 * 2, 4, 8 … s) until the retries are used up (an incident).
 */
export async function runHttpJobs(engine: Engine, limit = 20): Promise<number> {
  const types = [...HTTP_TYPES, ...engine.ports.workerConnectors.keys()];
  let ran = 0;
  for (const type of types) {
    const jobs = await activateJobs(engine, { type, maxJobs: limit, lockSeconds: HTTP_LOCK_MS / 1000, worker: 'lotse-http' });
    for (const job of jobs) {
      ran++;
      const input = { jobId: job.id, instanceId: job.processInstanceId, elementId: job.elementId, type: job.type, headers: job.headers, variables: job.variables, now: engine.now() };
      const worker = engine.ports.workerConnectors.get(type);
      const outcome = worker ? await worker(engine.db, input).catch((err: Error): ConnectorOutcome => ({ kind: 'fail', message: `${type}: ${err.message}`, retryable: true }))
        : await runRestConnector(input, { db: engine.db, secrets: engine.ports.secrets });
      try {
        if (outcome.kind === 'complete') await completeJob(engine, job.id, outcome.variables, 'connector:http');
        else if (outcome.kind === 'bpmnError') {
          await throwJobError(engine, job.id, { errorCode: outcome.code, errorMessage: outcome.message, variables: outcome.variables }, 'connector:http');
        } else {
          const retries = outcome.retries ?? (outcome.retryable ? job.retries - 1 : 0);
          const attempt = Math.max(1, 4 - job.retries);
          const backoffSeconds = outcome.backoffMs !== undefined ? outcome.backoffMs / 1000 : 2 ** attempt;
          await failJob(engine, job.id, { retries, errorMessage: outcome.message, backoffSeconds }, 'connector:http');
        }
      } catch (err) {
        // Completing can be refused (e.g. a result variable over the size limit): that is an incident, not a retry.
        const message = err instanceof Error ? err.message : String(err);
        await failJob(engine, job.id, { retries: 0, errorMessage: `${job.type}: the result could not be stored: ${message}` }, 'connector:http').catch(() => {});
      }
    }
  }
  return ran;
}

/** The in-process job worker: polls every interval and wakes up at once when new jobs are written. */
export function startJobWorker(engine: Engine, intervalMs = 1000): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        await fireDueTimers(engine);
        await runHttpJobs(engine);
      } catch (err) {
        engine.log.error('job worker failed', { error: (err as Error).stack ?? String(err) });
      } finally {
        running = null;
        if (again && !stopped) {
          again = false;
          setImmediate(tick);
        }
      }
    })();
  };
  const timer = setInterval(tick, intervalMs);
  engine.events.on('jobs', tick);
  tick(); // timers that fell due while the server was down fire right after start-up
  return async () => {
    stopped = true;
    clearInterval(timer);
    engine.events.off('jobs', tick);
    await running;
  };
}
