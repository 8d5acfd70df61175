/**
 * EngineHarness backed by the real runtime on a database (PGlite or PostgreSQL): the same
 * conformance tests then prove that every element family persists and resumes through SQL.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../server/db';
import { silentLogger } from '../../server/log';
import type { Principal } from '../../server/auth/principal';
import { activeElementIds } from '../../server/engine/core/core';
import { completeJob, failJob, fireDueTimers, throwJobError } from '../../server/engine/jobs/jobs';
import { Engine, instanceColumnsOf, instanceRowOf, type Work } from '../../server/engine/runtime/runtime';
import { wireEngine } from '../../server/engine-wiring';
import { deploy } from '../../server/definitions/deploy';
import { addDuration, parseDuration } from '../../common/time';
import type { InstanceState } from '../../server/engine/core/types';
import { HttpError } from '../../server/errors';
import { DeployError, type EngineHarness, type HistoryEntry } from './harness';

/** History kinds the runtime adds beside the core's (task lifecycle); the conformance tests compare the core's. */
const RUNTIME_KINDS = new Set(['task_created', 'task_claimed', 'task_completed', 'task_assigned']);

/** Engine tables, emptied when a harness is created so each test sees only its own deployments and instances. */
const ENGINE_TABLES = [
  'history', 'incidents', 'buffered_messages', 'signal_subscriptions', 'message_subscriptions', 'jobs', 'tasks',
  'mail_outbox', 'process_instances', 'start_events', 'definitions', 'decisions', 'key_owners', 'key_transfers',
];

/**
 * Completes an open user task the way the API does: lock the task row, mark it completed and apply
 * task_completed in the same transaction (a rejected trigger rolls the task back to open).
 */
export async function completeUserTask(engine: Engine, taskId: string, variables: Record<string, unknown>, actor: string | null): Promise<void> {
  const unit = await engine.transact(async (tx) => {
    // One statement: mark the open task completed (its row lock) and lock and return its instance.
    const r = await tx.query(
      `WITH t AS (UPDATE tasks SET status = 'completed', completed_at = $2 WHERE id = $1 AND status = 'open' RETURNING instance_id)
       SELECT ${instanceColumnsOf('p')} FROM process_instances p JOIN t ON p.id = t.instance_id FOR UPDATE OF p`,
      [taskId, engine.now()],
    );
    if (!r.rows[0]) {
      const task = await tx.query<{ status: string }>('SELECT status FROM tasks WHERE id = $1', [taskId]);
      throw new Error(task.rows[0] ? `task ${taskId} is ${task.rows[0].status}` : `no task ${taskId}`);
    }
    const instance = instanceRowOf(r.rows[0]);
    return engine.runIn(tx, [{ kind: 'trigger', instanceId: instance.id, trigger: { type: 'task_completed', taskId, variables } }], actor, { preloaded: [instance] });
  });
  engine.afterCommit(unit);
}

export async function createDbHarness(db: Db, start = new Date('2025-01-06T08:00:00Z')): Promise<EngineHarness> {
  let clock = start;
  // The domain services the engine asks (working time, substitutes, e-mail); no notifications, no SLA clocks.
  const engine = wireEngine(new Engine(db, () => clock, silentLogger));
  await db.query(`TRUNCATE ${ENGINE_TABLES.join(', ')} CASCADE`);
  const adminId = randomUUID();
  await db.query("INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'Harness', 'x')", [adminId, `harness-${adminId}@lotse.test`]);
  // Fixtures name their department (esm:department); deploy refuses unknown ones.
  await db.query(
    "INSERT INTO departments (key, name) SELECT k, initcap(k) FROM unnest($1::text[]) AS k ON CONFLICT (key) DO NOTHING",
    [['hr', 'it', 'facility', 'service', 'purchasing']],
  );
  const admin: Principal = { id: adminId, email: 'harness@lotse.test', name: 'Harness', locale: null, roles: [{ role: 'admin' }], groups: [] };

  const state = async (id: string) => {
    const r = await db.query<{ state: InstanceState; status: InstanceState['status'] }>('SELECT state, status FROM process_instances WHERE id = $1', [id]);
    if (!r.rows[0]) throw new Error(`no instance ${id}`);
    return r.rows[0];
  };
  const openOne = async (table: 'tasks' | 'jobs', instanceId: string, elementId: string) => {
    const r = await db.query<{ id: string }>(
      `SELECT id FROM ${table} WHERE instance_id = $1 AND element_id = $2 AND status IN ('open', 'ready', 'locked') ORDER BY created_at LIMIT 1`,
      [instanceId, elementId],
    );
    if (!r.rows[0]) throw new Error(`no open ${table === 'tasks' ? 'user task' : 'job'} for ${elementId} in ${instanceId}`);
    return r.rows[0].id;
  };
  const unwrap = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (err) {
      if (err instanceof HttpError && err.status === 422) throw new DeployError((err.errors ?? []).map((e) => ({ elementId: e.elementId ?? '', message: e.message })));
      throw err;
    }
  };
  const run = (_instanceId: string, work: Work) => engine.run([work], 'test');

  return {
    async deploy(xml) {
      // Fixtures name their forms (zeebe:formDefinition formId); deploy binds them, so each must exist.
      const formIds = [...new Set([...xml.matchAll(/formId="([^"=][^"]*)"/g)].map((m) => m[1]))];
      if (formIds.length) {
        await db.query(
          `INSERT INTO forms (key, version, title, definition, definition_hash)
           SELECT k, 1, '{"en": "Harness form"}', '{"fields": []}', 'harness' FROM unnest($1::text[]) AS k
           ON CONFLICT (key, version) DO NOTHING`,
          [formIds],
        );
      }
      const r = await unwrap(deploy(engine, { xml }, admin));
      return r.processes.map((p) => p.key);
    },
    async deployDmn(xml) {
      // A DMN needs no process: deploy it with a minimal carrier model that references nothing.
      const carrier = `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t"><bpmn:process id="dmn-carrier" isExecutable="true"><bpmn:startEvent id="s"/></bpmn:process></bpmn:definitions>`;
      await unwrap(deploy(engine, { xml: carrier, decisions: [xml] }, admin));
    },
    async start(processId, variables = {}, options = {}) {
      const def = await db.query<{ id: string }>('SELECT id FROM definitions WHERE key = $1 ORDER BY version DESC LIMIT 1', [processId]);
      if (!def.rows[0]) throw new Error(`process ${processId} is not deployed`);
      const id = randomUUID();
      await engine.run([{ kind: 'start', instanceId: id, definitionId: def.rows[0].id, input: { variables, ...options }, startedBy: adminId }], 'test');
      return id;
    },
    async completeTask(instanceId, elementId, variables = {}) {
      await completeUserTask(engine, await openOne('tasks', instanceId, elementId), variables, 'test');
    },
    async completeJob(instanceId, elementId, variables = {}, result) {
      await completeJob(engine, await openOne('jobs', instanceId, elementId), variables, 'test', null, result);
    },
    async throwJobError(instanceId, elementId, errorCode, variables = {}) {
      await throwJobError(engine, await openOne('jobs', instanceId, elementId), { errorCode, variables }, 'test');
    },
    async failJob(instanceId, elementId, message) {
      await failJob(engine, await openOne('jobs', instanceId, elementId), { retries: 0, errorMessage: message }, 'test');
    },
    async advance(duration) {
      const d = parseDuration(duration);
      if (!d) throw new Error(`bad duration ${duration}`);
      const target = addDuration(clock, d);
      // Step the clock to each due timer in turn so cycles and chains fire in order.
      for (;;) {
        const next = await db.query<{ due_at: Date }>(
          "SELECT due_at FROM jobs WHERE status = 'ready' AND kind IN ('timer', 'start_timer') AND due_at <= $1 ORDER BY due_at LIMIT 1",
          [target],
        );
        if (!next.rows[0]) break;
        const due = new Date(next.rows[0].due_at);
        if (due > clock) clock = due;
        await fireDueTimers(engine, 1);
      }
      clock = target;
    },
    async correlate(name, correlationKey, variables = {}, options = {}) {
      let ttlMs: number | undefined;
      if (options.ttl) {
        const d = parseDuration(options.ttl);
        if (!d) throw new Error(`bad ttl ${options.ttl}`);
        ttlMs = addDuration(clock, d).getTime() - clock.getTime();
      }
      const u = await engine.run([{ kind: 'message', name, correlationKey, variables, ttlMs }], 'test');
      return Math.max(0, u.correlations);
    },
    async broadcastSignal(name, variables = {}) {
      await engine.run([{ kind: 'signal', name, variables }], 'test');
    },
    async cancel(instanceId) {
      await run(instanceId, { kind: 'trigger', instanceId, trigger: { type: 'cancel' } });
    },
    async retryIncident(instanceId, incidentId, variables) {
      await run(instanceId, { kind: 'trigger', instanceId, trigger: { type: 'incident_resolved', incidentId, variables } });
    },
    async status(instanceId) {
      return (await state(instanceId)).status;
    },
    async activeElements(instanceId) {
      return activeElementIds((await state(instanceId)).state).sort();
    },
    async variables(instanceId) {
      const s = (await state(instanceId)).state;
      return { ...(s.instances[s.rootId]?.vars ?? {}) };
    },
    async history(instanceId) {
      const r = await db.query<{ kind: string; element_id: string; element_type: string; data: Record<string, unknown> | null }>(
        'SELECT kind, element_id, element_type, data FROM history WHERE instance_id = $1 ORDER BY id',
        [instanceId],
      );
      return r.rows
        .filter((h) => !RUNTIME_KINDS.has(h.kind))
        .map((h): HistoryEntry => ({ kind: h.kind, elementId: h.element_id, elementType: h.element_type, ...(h.data ? { data: h.data } : {}) }));
    },
    async incidents(instanceId) {
      const r = await db.query<{ id: string; element_id: string; message: string }>(
        "SELECT id, element_id, message FROM incidents WHERE instance_id = $1 AND status = 'open' ORDER BY created_at",
        [instanceId],
      );
      return r.rows.map((i) => ({ id: i.id, elementId: i.element_id, message: i.message }));
    },
    async tasks(instanceId) {
      const r = await db.query<any>("SELECT * FROM tasks WHERE instance_id = $1 AND status = 'open' ORDER BY created_at", [instanceId]);
      return r.rows.map((t) => ({
        id: t.id,
        elementId: t.element_id,
        name: t.name ?? undefined,
        formId: t.form_id ?? undefined,
        assignee: t.assignee ?? undefined,
        candidateGroups: t.candidate_groups,
        candidateUsers: t.candidate_users,
        dueDate: t.due_at ? isoLike(t.due_at) : undefined,
        followUpDate: t.follow_up_at ? isoLike(t.follow_up_at) : undefined,
        priority: t.priority,
        headers: t.headers,
      }));
    },
    async jobs(instanceId) {
      const r = await db.query<any>("SELECT * FROM jobs WHERE instance_id = $1 AND kind = 'service' AND status IN ('ready', 'locked') ORDER BY created_at", [instanceId]);
      return r.rows.map((j) => ({ id: j.id, elementId: j.element_id, type: j.type, retries: j.retries, headers: j.headers, variables: j.variables }));
    },
    async instancesOf(processId) {
      const r = await db.query<{ id: string }>(
        `SELECT h.instance_id AS id FROM history h WHERE h.process_key = $1 AND h.kind = 'process_started' ORDER BY h.id`,
        [processId],
      );
      return r.rows.map((c) => c.id);
    },
    async childInstances(instanceId) {
      const r = await db.query<{ id: string }>(
        `SELECT h.instance_id AS id FROM history h JOIN process_instances p ON p.id = h.instance_id
         WHERE p.parent_id = $1 AND h.kind = 'process_started' ORDER BY h.id`,
        [instanceId],
      );
      return r.rows.map((c) => c.id);
    },
    now: () => clock,
  };
}

/** Due dates come back as timestamps; the tests compare ISO strings without milliseconds. */
function isoLike(d: Date | string) {
  return new Date(d).toISOString().replace('.000Z', 'Z');
}
