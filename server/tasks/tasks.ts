/** The agents' side: task lists, claim, unclaim, assign, complete — every change with history. */
import type { Db, Queryable } from '../db/types';
import { conflict, forbidden, HttpError, notFound, validationFailed } from '../errors';
import { isAdmin, ownedDepartments, type Principal } from '../auth/principal';
import { instanceColumnsOf, instanceRowOf, type Engine, type HistoryRow, type InstanceRow, type Work } from '../engine/runtime/runtime';
import type { Variables } from '../engine/core/types';
import { isCandidate, taskVisibility } from '../auth/visibility';
import { clockView, firstResponse } from '../sla/clocks';
import { linkFormFiles, submissionRefused, validateSubmission, type FormBinding } from '../forms';
import { taskConditions, taskOrder, type TaskFilter } from './task-filters';
import { SEARCH_COUNT_CAP, SEARCH_PLAN } from './task-search';
import { dueState, FOUR_EYES, reservedVariableErrors } from '../../common/task-rules';

export type { TaskFilter } from './task-filters';

const TASK_COLUMNS = `t.id, t.instance_id, t.element_id, t.name, t.name_de, t.form_id, t.status, t.assignee, t.candidate_groups, t.candidate_users,
  t.due_at, t.follow_up_at, t.priority, t.headers, t.created_at, t.claimed_at, t.completed_at,
  p.process_key, p.reference, p.department_id, p.priority AS request_priority, p.started_at AS request_started_at, d.name AS process_name, d.version,
  d.catalog ->> 'title' AS service_title, d.catalog ->> 'titleDe' AS service_title_de,
  (d.form_bindings -> t.form_id ->> 'version')::int AS form_version,
  sc.target AS sla_target, sc.due_at AS sla_due_at, sc.at_risk_at AS sla_at_risk_at, sc.state AS sla_state, sc.breached AS sla_breached`;

// The clock a task is measured by: its own step clock, else the request's resolution, else response clock.
const TASK_FROM = `tasks t JOIN process_instances p ON p.id = t.instance_id JOIN definitions d ON d.id = p.definition_id
  LEFT JOIN LATERAL (SELECT c.target, c.due_at, c.at_risk_at, c.state, c.breached FROM sla_clocks c
    WHERE c.instance_id = t.instance_id AND (c.task_id = t.id OR c.target <> 'step')
    ORDER BY (c.task_id = t.id) DESC, (c.target = 'resolution') DESC LIMIT 1) sc ON true`;

function view(row: any, now: Date = new Date()) {
  return {
    requestPriority: row.request_priority,
    sla: row.sla_due_at ? clockView({ target: row.sla_target, due_at: row.sla_due_at, at_risk_at: row.sla_at_risk_at, state: row.sla_state, breached: row.sla_breached }, now) : null,
    id: row.id,
    instanceId: row.instance_id,
    elementId: row.element_id,
    name: row.name,
    nameDe: row.name_de ?? null,
    formId: row.form_id,
    /** The form version the task's process version is bound to: the one its completion is checked against. */
    formVersion: row.form_version ?? null,
    status: row.status,
    assignee: row.assignee,
    candidateGroups: row.candidate_groups,
    candidateUsers: row.candidate_users,
    dueAt: row.due_at,
    dueState: dueState(row.due_at, row.created_at, now),
    followUpAt: row.follow_up_at,
    priority: row.priority,
    headers: row.headers,
    createdAt: row.created_at,
    claimedAt: row.claimed_at,
    completedAt: row.completed_at,
    processKey: row.process_key,
    processName: row.process_name,
    serviceTitle: row.service_title ?? null,
    serviceTitleDe: row.service_title_de ?? null,
    version: row.version,
    reference: row.reference,
    departmentId: row.department_id,
  };
}

/**
 * One page of tasks the caller may see, filtered and sorted in SQL. The page's ids are chosen over
 * tasks alone (joined with their requests only when a condition or the sort reads them), where the
 * indexes apply; only those rows are then joined with the definition and the SLA clock. The total
 * is counted with the same conditions — for a search only up to SEARCH_COUNT_CAP (totalExact false beyond).
 */
export async function listTasks(db: Queryable | Db, p: Principal, f: TaskFilter, now: Date = new Date()) {
  // A search runs in a transaction of its own, so planner settings can be set for its statements only.
  if (f.search?.length && 'transaction' in db) return db.transaction((tx) => listTaskPage(tx, p, f, now, true));
  return listTaskPage(db, p, f, now, false);
}

async function listTaskPage(db: Queryable, p: Principal, f: TaskFilter, now: Date, planned: boolean) {
  // One of my groups' queues, or my own tasks, is visible by definition: the rule would only cost a filter per row.
  const implied = f.assignee === 'me' || (!!f.candidateGroup && p.groups.some((g) => g.key === f.candidateGroup));
  const vis = implied ? { sql: 'TRUE', params: [] } : taskVisibility(p, 1);
  const params: unknown[] = [...vis.params];
  const where = [vis.sql, ...taskConditions(f, p.email.toLowerCase(), now, params)].join(' AND ');
  const order = taskOrder(f);
  // The request row only when a condition or the order reads it (owners' visibility, process, priority).
  const readsRequest = (sql: string) => /\bp\./.test(sql);
  const from = (join: boolean) => `tasks t ${join ? 'JOIN process_instances p ON p.id = t.instance_id ' : ''}WHERE ${where}`;
  // A search counts its hits up to a cap ("1,000+"): a word in nearly every task would otherwise be counted row by row.
  const cap = f.search?.length ? SEARCH_COUNT_CAP : 0;
  const counted = `SELECT ${cap ? '1' : 'count(*)::int AS total'} FROM ${from(readsRequest(where))}`;
  // The planner cannot estimate how many tasks a prefix ("hea:*") matches: guessing many, it reads
  // the table in order to stop at the cap, and reads every row when there are few. A search's hits
  // are therefore always counted from the full-text index (bitmap scans, SEARCH_PLAN in task-search.ts).
  if (planned) await db.query(SEARCH_PLAN.count);
  const count = await db.query<{ total: number }>(cap ? `SELECT count(*)::int AS total FROM (${counted} LIMIT ${cap + 1}) hits` : counted, params);
  // totalExact only on a search's answer (false: more hits than counted).
  const exact = cap ? { totalExact: (count.rows[0]?.total ?? 0) <= cap } : {};
  const total = Math.min(count.rows[0]?.total ?? 0, cap || Infinity);
  if (total <= f.offset) return { total, ...exact, items: [] };
  // Up to the cap the page is sorted from the index's hits; beyond it a walk in the list's order
  // finds a page of them soon (at least one task in a hundred matches), so the planner chooses.
  if (planned) await db.query(exact.totalExact ? SEARCH_PLAN.fewHits : SEARCH_PLAN.manyHits);
  const r = await db.query<any>(
    `WITH page AS (SELECT t.id FROM ${from(readsRequest(where + order))} ORDER BY ${order} LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)})
     SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE t.id IN (SELECT id FROM page) ORDER BY ${order}`,
    params,
  );
  return { total, ...exact, items: r.rows.map((row) => view(row, now)) };
}

/** One task with the request's variables; 404 when the caller may not see it. */
export async function getTask(db: Queryable, p: Principal, id: string, now: Date = new Date()) {
  const vis = taskVisibility(p, 2);
  const r = await db.query<any>(
    `SELECT ${TASK_COLUMNS}, p.variables FROM ${TASK_FROM}
     WHERE t.id = $1 AND ${vis.sql}`,
    [id, ...vis.params],
  );
  if (!r.rows[0]) throw notFound('Task');
  return { ...view(r.rows[0], now), variables: r.rows[0].variables };
}

type LockedTask = {
  id: string; instance_id: string; element_id: string; status: string; assignee: string | null; candidate_groups: string[]; candidate_users: string[];
  department_id: string | null; definition_id: string; process_key: string;
  /** An approval task (four-eyes), and who requested the instance: user id and `initiator` e-mail. */
  approval: boolean; started_by: string | null; initiator: string | null;
};

/**
 * Locks the task row for a change; 404 unknown or invisible, 409 no longer open. forCompletion:
 * the instance row is locked and returned too (for the engine), with the task form's binding.
 */
async function lockTask(tx: Queryable, p: Principal, id: string): Promise<LockedTask>;
async function lockTask(tx: Queryable, p: Principal, id: string, forCompletion: true): Promise<LockedTask & { instance: InstanceRow; binding: FormBinding | null }>;
async function lockTask(tx: Queryable, p: Principal, id: string, forCompletion = false): Promise<LockedTask> {
  const r = await tx.query<LockedTask>(
    `SELECT t.id, t.instance_id, t.element_id, t.status, t.assignee, t.candidate_groups, t.candidate_users, p.department_id, p.definition_id, p.process_key,
            t.approval, p.started_by, lower(p.variables ->> 'initiator') AS initiator
            ${forCompletion ? `, ${instanceColumnsOf('p')}, (SELECT d.form_bindings -> t.form_id FROM definitions d WHERE d.id = p.definition_id) AS binding` : ''}
     FROM tasks t JOIN process_instances p ON p.id = t.instance_id WHERE t.id = $1 FOR UPDATE OF t${forCompletion ? ', p' : ''}`,
    [id],
  );
  if (forCompletion && r.rows[0]) Object.assign(r.rows[0], { instance: instanceRowOf(r.rows[0] as unknown as Record<string, unknown>) });
  const task = r.rows[0];
  if (!task || !isCandidate(p, task)) throw notFound('Task');
  if (task.status !== 'open') throw conflict(`The task is already ${task.status}`, 'task_finished');
  return task;
}

const OWN_APPROVAL = 'This approval belongs to your own request: someone else has to decide it (four-eyes)';

/** Is this user (id, e-mail) the requester of the task's request? */
function isRequester(task: LockedTask, userId: string, email: string): boolean {
  return (!!task.started_by && task.started_by === userId) || (!!task.initiator && task.initiator === email.toLowerCase());
}

/** Four-eyes: nobody approves their own request — not even an admin or the process owner. */
function assertFourEyes(task: LockedTask, userId: string, email: string, message: string) {
  if (task.approval && isRequester(task, userId, email)) throw new HttpError(403, FOUR_EYES, message);
}

/** Who may take over or release a task another person holds: the group's lead, the department's owners, admins. */
function mayTakeOver(p: Principal, task: LockedTask): boolean {
  if (isAdmin(p) || (!!task.department_id && (ownedDepartments(p) ?? []).includes(task.department_id))) return true;
  return p.groups.some((g) => g.lead && task.candidate_groups.includes(g.key));
}

async function taskHistory(tx: Queryable, task: LockedTask, kind: string, actor: string, now: Date, data: Record<string, unknown>) {
  await tx.query(
    `INSERT INTO history (instance_id, definition_id, process_key, element_id, element_type, kind, time, actor, data)
     VALUES ($1, $2, $3, $4, 'userTask', $5, $6, $7, $8)`,
    [task.instance_id, task.definition_id, task.process_key, task.element_id, kind, now, actor, JSON.stringify({ taskId: task.id, ...data })],
  );
}

export async function claimTask(engine: Engine, p: Principal, id: string) {
  await engine.transact(async (tx) => {
    const task = await lockTask(tx, p, id);
    const me = p.email.toLowerCase();
    assertFourEyes(task, p.id, me, OWN_APPROVAL);
    if (task.assignee && task.assignee !== me) throw conflict(`The task is already claimed by ${task.assignee}`, 'task_claimed');
    if (task.assignee === me) return;
    await tx.query('UPDATE tasks SET assignee = $2, claimed_at = $3 WHERE id = $1', [id, me, engine.now()]);
    await taskHistory(tx, task, 'task_claimed', p.email, engine.now(), { assignee: me });
    await firstResponse(tx, task.instance_id, p.id, engine.now());
    await engine.publishChanged(tx, []);
  });
  engine.events.emit('changed', []);
}

export async function unclaimTask(engine: Engine, p: Principal, id: string) {
  await engine.transact(async (tx) => {
    const task = await lockTask(tx, p, id);
    if (!task.assignee) return;
    if (task.assignee !== p.email.toLowerCase() && !mayTakeOver(p, task)) throw forbidden('Only the assignee, the group lead or the process owner may release this task');
    await tx.query('UPDATE tasks SET assignee = NULL, claimed_at = NULL WHERE id = $1', [id]);
    await taskHistory(tx, task, 'task_unclaimed', p.email, engine.now(), { previous: task.assignee });
    await engine.publishChanged(tx, []);
  });
  engine.events.emit('changed', []);
}

/** Hands the task to a colleague (by e-mail); null releases it. */
export async function assignTask(engine: Engine, p: Principal, id: string, assignee: string | null) {
  await engine.transact(async (tx) => {
    const task = await lockTask(tx, p, id);
    let target: string | null = null;
    if (assignee) {
      const u = await tx.query<{ id: string; email: string }>('SELECT id, email FROM users WHERE lower(email) = lower($1)', [assignee]);
      if (!u.rows[0]) throw validationFailed([{ path: '/assignee', message: `no user with e-mail ${assignee}` }]);
      target = u.rows[0].email.toLowerCase();
      assertFourEyes(task, u.rows[0].id, target, `${target} requested this: an approval never goes to the requester of the same request (four-eyes)`);
    }
    const me = p.email.toLowerCase();
    // Taking (or handing on, or releasing) a task another person holds is for the group lead, the owner, an admin.
    if (task.assignee && task.assignee !== me && task.assignee !== target && !mayTakeOver(p, task)) {
      throw new HttpError(403, 'task_held', `${task.assignee} holds this task; only the group lead, the process owner or an admin may reassign it`);
    }
    await tx.query('UPDATE tasks SET assignee = $2, claimed_at = CASE WHEN $2::text IS NULL THEN NULL ELSE $3::timestamptz END WHERE id = $1', [id, target, engine.now()]);
    await taskHistory(tx, task, 'task_assigned', p.email, engine.now(), { assignee: target, previous: task.assignee });
    await firstResponse(tx, task.instance_id, p.id, engine.now());
    await engine.publishChanged(tx, []);
  });
  engine.events.emit('changed', []);
}

/** The engine's own variables inside a multi-instance task: its input element (e.g. `approver`). */
async function loopVariables(engine: Engine, tx: Queryable, task: LockedTask): Promise<string[]> {
  const el = (await engine.definition(tx, task.definition_id)).model.elements[task.element_id];
  return el?.loop?.inputElement ? [el.loop.inputElement] : [];
}

/** Completes a task: 409 when someone else holds it or it is done; 422 when the task form refuses the data. */
export async function completeTask(engine: Engine, p: Principal, id: string, variables: Variables) {
  const unit = await engine.transact(async (tx) => {
    const task = await lockTask(tx, p, id, true);
    const me = p.email.toLowerCase();
    assertFourEyes(task, p.id, me, OWN_APPROVAL);
    if (task.assignee && task.assignee !== me) throw conflict(`The task is claimed by ${task.assignee}`, 'task_claimed');
    const reserved = reservedVariableErrors(variables, '/variables', await loopVariables(engine, tx, task));
    if (reserved.length) throw validationFailed(reserved, 'These variables are set by Lotse and cannot be submitted');
    let data = variables;
    const binding = task.binding;
    if (binding) {
      const checked = await validateSubmission(tx, binding, variables, { now: engine.now() });
      if (!checked.ok) throw submissionRefused(checked.errors);
      data = checked.data;
      const fileErrors = await linkFormFiles(tx, binding, data, task.instance_id, p.id);
      if (fileErrors.length) throw submissionRefused(fileErrors.map((e) => ({ path: e.path ?? '/', message: e.message })));
    }
    const now = engine.now();
    await tx.query("UPDATE tasks SET status = 'completed', assignee = coalesce(assignee, $2), completed_at = $3, completed_by = $4 WHERE id = $1", [id, me, now, p.id]);
    await firstResponse(tx, task.instance_id, p.id, now);
    // The task_completed event goes with the engine's history of this step (one insert for all).
    const history: HistoryRow = {
      instance_id: task.instance_id, definition_id: task.definition_id, process_key: task.process_key, element_id: task.element_id,
      element_type: 'userTask', element_instance_id: null, kind: 'task_completed', time: now.toISOString(), actor: p.email, data: { taskId: task.id },
    };
    const work: Work[] = [{ kind: 'trigger', instanceId: task.instance_id, trigger: { type: 'task_completed', taskId: id, variables: data } }];
    return engine.runIn(tx, work, p.email, { preloaded: [task.instance], history: [history] });
  });
  engine.afterCommit(unit);
}
