/**
 * Persists the effects of one core step: tasks, jobs, timers, subscriptions, incidents, history,
 * and queues what they set off (inline connector results, called instances, signals, messages).
 */
import { randomUUID } from 'node:crypto';
import { INLINE_CONNECTORS } from '../../../common/connector-types';
import { ConnectorError, runInlineConnector } from '../connectors/registry';
import { MAX_INLINE_CASCADE } from '../../../common/limits';
import type { LoadedInstance, Unit } from './runtime';
import type { Effect } from '../core/types';
import { JOBS, TASKS } from './writes';

/** A working-time timer's due date, from the SLA calendars (the WorkingTime port, runtime/ports.ts). */
function workingDue(unit: Unit, inst: LoadedInstance, working: { days: number; ms: number }): Promise<Date> {
  const port = unit.engine.ports.workingTime;
  if (!port) throw new Error('a timer in working time (esm:businessTime) needs the WorkingTime port (server/engine-wiring.ts)');
  return port(unit.tx, inst, unit.now, working);
}

const ownDepartment = (inst: LoadedInstance) => (inst.definition.departmentId ? [inst.definition.departmentId] : null);

export async function applyEffects(unit: Unit, inst: LoadedInstance, effects: Effect[]): Promise<void> {
  const { tx, now } = unit;
  // Jobs and timers cancelled one after the other (a task's boundary timers) go in one statement,
  // written before the next effect of another kind so that the order of statements stays the same.
  let cancels: string[] = [];
  const flushCancels = async () => {
    if (!cancels.length) return;
    const ids = cancels;
    cancels = [];
    await tx.query("UPDATE jobs SET status = 'cancelled' WHERE id = ANY($1::uuid[]) AND status IN ('ready', 'locked', 'failed')", [ids]);
  };
  for (const e of effects) {
    if (e.type !== 'job.cancel' && e.type !== 'timer.cancel') await flushCancels();
    switch (e.type) {
      case 'history':
        unit.record(inst, e.kind, { element_id: e.elementId, element_type: e.elementType, element_instance_id: e.elementInstanceId, data: e.data ?? null, time: e.time });
        break;
      case 'user_task.create': {
        const nameDe = inst.definition.model.elements[e.elementId]?.nameDe;
        let assignee = e.assignee?.toLowerCase() ?? null;
        let candidateUsers = e.candidateUsers.map((u) => u.toLowerCase());
        // Four-eyes: an approval never goes to the requester — a named assignee who is the requester is
        // dropped (the task stays with its candidate groups), and so is the requester among candidate users.
        const requesters = e.approval ? await requesterEmails(unit, inst) : [];
        const dropped = assignee && requesters.includes(assignee) ? assignee : null;
        if (dropped) assignee = null;
        candidateUsers = candidateUsers.filter((u) => !requesters.includes(u));
        let substitute = assignee && unit.engine.ports.substitutes ? await unit.engine.ports.substitutes(tx, assignee, now) : null;
        if (substitute && requesters.includes(substitute)) substitute = null;
        unit.writes.add(TASKS, {
          id: e.taskId, instance_id: inst.id, element_id: e.elementId, element_instance_id: e.elementInstanceId, name: e.name ?? null, name_de: nameDe ?? null,
          form_id: e.formId ?? null, status: 'open', assignee: substitute ?? assignee, candidate_groups: e.candidateGroups,
          candidate_users: candidateUsers, due_at: toDate(e.dueDate), follow_up_at: toDate(e.followUpDate), priority: e.priority ?? 50,
          headers: e.headers, created_at: now, approval: !!e.approval,
        });
        unit.createdTask(e.taskId, inst.id);
        const taskRef = { element_id: e.elementId, element_type: 'userTask', element_instance_id: e.elementInstanceId };
        unit.record(inst, 'task_created', { ...taskRef, data: { taskId: e.taskId, assignee, candidateGroups: e.candidateGroups, ...(dropped ? { fourEyesDropped: dropped } : {}) } });
        if (substitute) {
          unit.record(inst, 'task_assigned', { ...taskRef, data: { taskId: e.taskId, assignee: substitute, previous: assignee, substituteFor: assignee } });
          assignee = substitute;
        }
        notifyTask(unit, inst, { id: e.taskId, name: e.name ?? e.elementId, nameDe }, assignee, e.candidateGroups, candidateUsers);
        break;
      }
      case 'user_task.cancel':
        await tx.query("UPDATE tasks SET status = 'cancelled', completed_at = $2 WHERE id = $1 AND status = 'open'", [e.taskId, now]);
        break;
      case 'user_task.reopen':
        // A completing task listener denied the completion: the task is open again as it was.
        await tx.query("UPDATE tasks SET status = 'open', completed_at = NULL WHERE id = $1 AND status = 'completed'", [e.taskId]);
        break;
      case 'job.create':
        if (INLINE_CONNECTORS.has(e.jobType)) {
          await runInline(unit, inst, e);
        } else {
          unit.writes.add(JOBS, {
            id: e.jobId, kind: 'service', instance_id: inst.id, definition_id: inst.definition.id, element_id: e.elementId,
            element_instance_id: e.elementInstanceId, type: e.jobType, status: 'ready', retries: e.retries, due_at: now,
            headers: e.headers, variables: e.variables, created_at: now,
          });
          unit.createdJobs();
        }
        break;
      case 'job.cancel':
      case 'timer.cancel':
        cancels.push(e.type === 'job.cancel' ? e.jobId : e.timerId);
        break;
      case 'timer.create':
        unit.writes.add(JOBS, {
          id: e.timerId, kind: 'timer', instance_id: inst.id, definition_id: inst.definition.id, element_id: e.elementId,
          element_instance_id: null, type: null, status: 'ready', retries: 3,
          due_at: e.working ? await workingDue(unit, inst, e.working) : new Date(e.due), headers: {}, variables: {}, created_at: now,
        });
        unit.createdJobs();
        break;
      case 'message_subscription.open': {
        await tx.query(
          'INSERT INTO message_subscriptions (id, instance_id, element_id, message_name, correlation_key, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [e.subscriptionId, inst.id, e.elementId, e.messageName, e.correlationKey, now],
        );
        // A message published earlier with a time to live is waiting for exactly this subscription.
        const buffered = await tx.query<{ id: string; variables: Record<string, unknown> }>(
          `DELETE FROM buffered_messages WHERE id = (SELECT id FROM buffered_messages WHERE name = $1 AND correlation_key = $2 AND expires_at > $3
             AND (department_ids IS NULL OR $4::uuid = ANY(department_ids))
             ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, variables`,
          [e.messageName, e.correlationKey, now, inst.definition.departmentId],
        );
        if (buffered.rows[0]) {
          unit.enqueue({ kind: 'trigger', instanceId: inst.id, trigger: { type: 'message_correlated', subscriptionId: e.subscriptionId, variables: buffered.rows[0].variables }, lenient: true });
        }
        break;
      }
      case 'message_subscription.close':
        await tx.query('DELETE FROM message_subscriptions WHERE id = $1', [e.subscriptionId]);
        break;
      case 'signal_subscription.open':
        await tx.query('INSERT INTO signal_subscriptions (id, instance_id, element_id, signal_name) VALUES ($1, $2, $3, $4)', [e.subscriptionId, inst.id, e.elementId, e.signalName]);
        break;
      case 'signal_subscription.close':
        await tx.query('DELETE FROM signal_subscriptions WHERE id = $1', [e.subscriptionId]);
        break;
      case 'signal.throw':
        // A process's own signals and messages stay in its department (one without a department: all).
        unit.enqueue({ kind: 'signal', name: e.signalName, variables: e.variables, departments: ownDepartment(inst) }, true);
        break;
      case 'message.publish':
        unit.enqueue({ kind: 'message', name: e.messageName, correlationKey: e.correlationKey, variables: e.variables, departments: ownDepartment(inst) }, true);
        break;
      case 'child_instance.start': {
        const def = await tx.query<{ id: string }>('SELECT id FROM definitions WHERE key = $1 ORDER BY version DESC LIMIT 1', [e.processId]);
        if (!def.rows[0]) {
          unit.next({ kind: 'trigger', instanceId: inst.id, trigger: { type: 'child_failed', childRef: e.childRef, message: `no process '${e.processId}' is deployed` } });
          break;
        }
        unit.enqueue({
          kind: 'start', instanceId: randomUUID(), definitionId: def.rows[0].id, startedBy: inst.startedBy, parentId: inst.id, parentRef: e.childRef,
          input: { variables: e.variables, businessKey: e.businessKey, calledBy: { instanceId: inst.id, waitId: e.childRef } },
        }, true);
        break;
      }
      case 'child_instance.cancel': {
        const child = await tx.query<{ id: string }>("SELECT id FROM process_instances WHERE parent_id = $1 AND parent_ref = $2 AND status = 'active'", [inst.id, e.childRef]);
        for (const c of child.rows) unit.enqueue({ kind: 'trigger', instanceId: c.id, trigger: { type: 'cancel' }, lenient: true });
        break;
      }
      case 'incident.create':
        await tx.query(
          `INSERT INTO incidents (id, instance_id, element_id, element_instance_id, message, status, created_at) VALUES ($1, $2, $3, $4, $5, 'open', $6)`,
          [e.incidentId, inst.id, e.elementId, e.elementInstanceId, e.message, now],
        );
        break;
      case 'incident.resolve':
        await tx.query("UPDATE incidents SET status = 'resolved', resolved_at = $2 WHERE id = $1", [e.incidentId, now]);
        break;
      case 'instance.completed':
      case 'instance.failed': {
        const parent = inst.state.calledBy;
        if (!parent && e.type === 'instance.completed' && inst.startedBy) {
          unit.intents.push({ kind: 'request_completed', instanceId: inst.id, userIds: [inst.startedBy] });
        }
        if (!parent) break;
        const trigger =
          e.type === 'instance.completed'
            ? { type: 'child_completed' as const, childRef: parent.waitId, variables: e.variables }
            : { type: 'child_failed' as const, childRef: parent.waitId, errorCode: e.errorCode, message: e.message, variables: e.variables };
        unit.enqueue({ kind: 'trigger', instanceId: parent.instanceId, trigger, lenient: true });
        break;
      }
      case 'instance.escalated': {
        // An escalation the called instance did not catch: the parent's call activity may (it goes on either way).
        const parent = inst.state.calledBy;
        if (parent) unit.enqueue({ kind: 'trigger', instanceId: parent.instanceId, trigger: { type: 'child_escalated', childRef: parent.waitId, escalationCode: e.escalationCode }, lenient: true });
        break;
      }
      case 'instance.terminated':
        // The core cancels its own waits; this sweeps anything left so nothing of a cancelled request stays open.
        await tx.query("UPDATE tasks SET status = 'cancelled', completed_at = $2 WHERE instance_id = $1 AND status = 'open'", [inst.id, now]);
        await tx.query("UPDATE jobs SET status = 'cancelled' WHERE instance_id = $1 AND status IN ('ready', 'locked', 'failed')", [inst.id]);
        await tx.query('DELETE FROM message_subscriptions WHERE instance_id = $1', [inst.id]);
        await tx.query('DELETE FROM signal_subscriptions WHERE instance_id = $1', [inst.id]);
        break;
    }
  }
  await flushCancels();
}

async function runInline(unit: Unit, inst: LoadedInstance, e: Extract<Effect, { type: 'job.create' }>) {
  // Each inline completion is a new core run with a fresh step count: a loop through a noop task
  // would cascade forever, so past the limit the job fails and the element gets an incident.
  const cascaded = (unit.inlineRuns.get(inst.id) ?? 0) + 1;
  unit.inlineRuns.set(inst.id, cascaded);
  if (cascaded > MAX_INLINE_CASCADE) {
    const message = `more than ${MAX_INLINE_CASCADE} connector runs in one step without a wait state (endless loop?)`;
    unit.next({ kind: 'trigger', instanceId: inst.id, trigger: { type: 'job_failed', jobId: e.jobId, message } });
    return;
  }
  try {
    const job = { jobId: e.jobId, instanceId: inst.id, elementId: e.elementId, type: e.jobType, headers: e.headers, variables: e.variables, now: unit.now };
    const variables = await runInlineConnector(unit.tx, job, { log: unit.engine.log, publicUrl: unit.engine.publicUrl, connectors: unit.engine.ports.inlineConnectors });
    unit.next({ kind: 'trigger', instanceId: inst.id, trigger: { type: 'job_completed', jobId: e.jobId, variables } });
  } catch (err) {
    const message = err instanceof ConnectorError ? err.message : `connector ${e.jobType} failed: ${(err as Error).message}`;
    unit.next({ kind: 'trigger', instanceId: inst.id, trigger: { type: 'job_failed', jobId: e.jobId, message } });
  }
}

/** The requester's e-mail addresses (lower case): the starting user's, and the request's `initiator`. */
async function requesterEmails(unit: Unit, inst: LoadedInstance): Promise<string[]> {
  const out = new Set<string>();
  const initiator = inst.state.instances[inst.state.rootId]?.vars?.initiator;
  if (typeof initiator === 'string' && initiator) out.add(initiator.toLowerCase());
  if (inst.startedBy) {
    const r = await unit.tx.query<{ email: string }>('SELECT lower(email) AS email FROM users WHERE id = $1', [inst.startedBy]);
    if (r.rows[0]) out.add(r.rows[0].email);
  }
  return [...out];
}

/** A new task is announced to its assignee (or, when that is the requester, as "waiting for you"), else to its candidates. */
function notifyTask(unit: Unit, inst: LoadedInstance, task: { id: string; name: string; nameDe?: string }, assignee: string | null, groups: string[], users: string[]) {
  const requester = String(inst.state.instances[inst.state.rootId]?.vars?.initiator ?? '').toLowerCase();
  const about = { instanceId: inst.id, task: task.name, taskDe: task.nameDe, taskId: task.id };
  if (assignee) {
    unit.intents.push({ kind: assignee === requester ? 'waiting_for_you' : 'task_assigned', emails: [assignee], ...about });
  } else if (groups.length || users.length) {
    unit.intents.push({ kind: 'task_assigned', groupKeys: groups, emails: users, ...about });
  }
}

function toDate(value: string | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}
