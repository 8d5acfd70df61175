/** Administration of calendars, SLA policies, the priority matrix and routing rules — validated field by field. */
import type { Db, Queryable } from '../db/types';
import { conflict, notFound, validationFailed, type FieldError } from '../errors';
import { feelSyntaxError, evalCondition } from '../../common/feel';
import { checkCalendar, type CalendarDefinition } from './calendar';
import { PRIORITIES, reschedule, slaHistory, TASK_PRIORITY, type ClockRow, type EscalationStep, type Priority } from './clocks';
import { targetMs } from './durations';

export interface CalendarInput extends CalendarDefinition {
  key: string;
  name: string;
}

const calendarView = (r: any) => ({ id: r.id, key: r.key, name: r.name, timeZone: r.time_zone, workingHours: r.working_hours, holidayRegion: r.holiday_region, closedDays: r.closed_days });

export async function listCalendars(db: Queryable) {
  return (await db.query('SELECT * FROM calendars ORDER BY name')).rows.map(calendarView);
}

export async function saveCalendar(db: Db, input: CalendarInput, id: string | null) {
  const problems = checkCalendar({ ...input, closedDays: input.closedDays ?? [] });
  if (problems.length) throw validationFailed(problems);
  return db.transaction(async (tx) => {
    const dup = await tx.query('SELECT 1 FROM calendars WHERE key = $1 AND ($2::uuid IS NULL OR id <> $2)', [input.key, id]);
    if (dup.rowCount) throw validationFailed([{ path: '/key', message: `key "${input.key}" is already used` }]);
    const params = [input.key, input.name, input.timeZone, JSON.stringify(input.workingHours), input.holidayRegion ?? null, input.closedDays ?? []];
    const r = id
      ? await tx.query('UPDATE calendars SET key = $1, name = $2, time_zone = $3, working_hours = $4, holiday_region = $5, closed_days = $6, updated_at = now() WHERE id = $7 RETURNING *', [...params, id])
      : await tx.query('INSERT INTO calendars (key, name, time_zone, working_hours, holiday_region, closed_days) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *', params);
    if (!r.rows[0]) throw notFound('Calendar');
    if (id) {
      // Due times of running requests follow the changed calendar.
      const clocks = await tx.query<ClockRow>("SELECT * FROM sla_clocks WHERE calendar_id = $1 AND state = 'running' FOR UPDATE", [id]);
      for (const c of clocks.rows) await reschedule(tx, c);
    }
    return calendarView(r.rows[0]);
  });
}

export async function deleteCalendar(db: Queryable, id: string) {
  const used = await db.query('SELECT 1 FROM sla_policies WHERE calendar_id = $1 LIMIT 1', [id]);
  if (used.rowCount) throw conflict('The calendar is used by an SLA policy', 'in_use');
  const r = await db.query('DELETE FROM calendars WHERE id = $1', [id]);
  if (!r.rowCount) throw notFound('Calendar');
}

export interface PolicyInput {
  priority: Priority;
  responseTarget?: string;
  resolutionTarget?: string;
  calendarKey?: string;
  atRisk?: number;
  escalations?: EscalationStep[];
}

export interface RuleInput {
  processKey?: string;
  condition: string;
  groupKey?: string;
  priority?: Priority;
}

export interface DepartmentSlaInput {
  matrix?: Record<string, Record<string, Priority>>;
  policies: PolicyInput[];
  rules?: RuleInput[];
}

export async function getDepartmentSla(db: Queryable, departmentId: string) {
  const [matrix, policies, rules, processes] = await Promise.all([
    db.query<{ matrix: unknown }>('SELECT matrix FROM priority_matrices WHERE department_id = $1', [departmentId]),
    db.query<any>('SELECT p.*, c.key AS calendar_key FROM sla_policies p LEFT JOIN calendars c ON c.id = p.calendar_id WHERE p.department_id = $1', [departmentId]),
    db.query<any>('SELECT process_key, condition, group_key, priority FROM routing_rules WHERE department_id = $1 ORDER BY position', [departmentId]),
    processSlas(db, departmentId),
  ]);
  return {
    matrix: matrix.rows[0]?.matrix ?? null,
    policies: policies.rows
      .map((p) => ({ priority: p.priority, responseTarget: p.response_target, resolutionTarget: p.resolution_target, calendarKey: p.calendar_key, atRisk: Number(p.at_risk), escalations: p.escalations }))
      .sort((a, b) => PRIORITIES.indexOf(b.priority) - PRIORITIES.indexOf(a.priority)),
    rules: rules.rows.map((r) => ({ processKey: r.process_key, condition: r.condition, groupKey: r.group_key, priority: r.priority })),
    processes,
  };
}

/** The department's processes (newest enabled version) that carry their own esm:sla targets: those override the policies (sla/clocks.ts). */
async function processSlas(db: Queryable, departmentId: string) {
  const r = await db.query<{ key: string; name: string | null; version: number; sla: { responseTime?: string; resolutionTime?: string; calendar?: string } | null }>(
    `SELECT key, name, version, sla FROM (
       SELECT DISTINCT ON (key) key, name, version, model->'sla' AS sla FROM definitions
        WHERE department_id = $1 AND enabled ORDER BY key, version DESC) newest
      WHERE sla ? 'responseTime' OR sla ? 'resolutionTime'
      ORDER BY COALESCE(name, key)`,
    [departmentId],
  );
  return r.rows.map((p) => ({ key: p.key, name: p.name, version: p.version, responseTime: p.sla?.responseTime ?? null, resolutionTime: p.sla?.resolutionTime ?? null, calendar: p.sla?.calendar ?? null }));
}

/** Replaces a department's SLA set-up in one transaction, or refuses it whole with field paths. */
export async function saveDepartmentSla(db: Db, departmentId: string, input: DepartmentSlaInput) {
  const errors: FieldError[] = [];
  const calendars = new Map((await db.query<{ id: string; key: string }>('SELECT id, key FROM calendars')).rows.map((c) => [c.key, c.id]));
  const groups = new Set((await db.query<{ key: string }>('SELECT key FROM groups')).rows.map((g) => g.key));
  const seen = new Set<string>();
  input.policies.forEach((p, i) => {
    if (seen.has(p.priority)) errors.push({ path: `/policies/${i}/priority`, message: `priority ${p.priority} appears twice` });
    seen.add(p.priority);
    for (const f of ['responseTarget', 'resolutionTarget'] as const) {
      if (p[f] !== undefined && !targetMs(p[f]!)) errors.push({ path: `/policies/${i}/${f}`, message: 'is not an ISO-8601 duration (e.g. PT4H, P2D; no years or months)' });
    }
    if (p.calendarKey && !calendars.has(p.calendarKey)) errors.push({ path: `/policies/${i}/calendarKey`, message: `unknown calendar "${p.calendarKey}"` });
    (p.escalations ?? []).forEach((s, j) => {
      if (j > 0 && s.at <= p.escalations![j - 1].at) errors.push({ path: `/policies/${i}/escalations/${j}/at`, message: 'escalation steps overlap: each step must come later than the one before' });
      if (s.action === 'reassign' && (!s.group || !groups.has(s.group))) errors.push({ path: `/policies/${i}/escalations/${j}/group`, message: 'reassign needs an existing group' });
    });
  });
  (input.rules ?? []).forEach((r, i) => {
    const e = feelSyntaxError(r.condition.replace(/^=/, ''));
    if (e) errors.push({ path: `/rules/${i}/condition`, message: e });
    if (r.groupKey && !groups.has(r.groupKey)) errors.push({ path: `/rules/${i}/groupKey`, message: `unknown group "${r.groupKey}"` });
    if (!r.groupKey && !r.priority) errors.push({ path: `/rules/${i}`, message: 'a rule sets a group, a priority or both' });
  });
  if (errors.length) throw validationFailed(errors);
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM sla_policies WHERE department_id = $1', [departmentId]);
    for (const p of input.policies) {
      await tx.query(
        'INSERT INTO sla_policies (department_id, priority, response_target, resolution_target, calendar_id, at_risk, escalations) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [departmentId, p.priority, p.responseTarget ?? null, p.resolutionTarget ?? null, p.calendarKey ? calendars.get(p.calendarKey) : null, p.atRisk ?? 0.75, JSON.stringify(p.escalations ?? [])],
      );
    }
    await tx.query('DELETE FROM priority_matrices WHERE department_id = $1', [departmentId]);
    if (input.matrix) await tx.query('INSERT INTO priority_matrices (department_id, matrix) VALUES ($1, $2)', [departmentId, JSON.stringify(input.matrix)]);
    await tx.query('DELETE FROM routing_rules WHERE department_id = $1', [departmentId]);
    for (const [i, r] of (input.rules ?? []).entries()) {
      await tx.query('INSERT INTO routing_rules (department_id, process_key, position, condition, group_key, priority) VALUES ($1, $2, $3, $4, $5, $6)', [
        departmentId, r.processKey ?? null, i, r.condition, r.groupKey ?? null, r.priority ?? null,
      ]);
    }
  });
  return getDepartmentSla(db, departmentId);
}

/** Simple routing rules at request start: the first matching rule sets `assignedGroup` and `priority` unless given. */
export async function applyRoutingRules(q: Queryable, departmentId: string | null, processKey: string, vars: Record<string, unknown>, now: Date): Promise<Record<string, unknown>> {
  if (!departmentId) return vars;
  const rules = await q.query<{ condition: string; group_key: string | null; priority: Priority | null }>(
    'SELECT condition, group_key, priority FROM routing_rules WHERE department_id = $1 AND (process_key IS NULL OR process_key = $2) ORDER BY position',
    [departmentId, processKey],
  );
  for (const rule of rules.rows) {
    const r = evalCondition(rule.condition.replace(/^=/, ''), vars, now);
    if (r.ok && r.value === true) {
      return { ...(rule.group_key && vars.assignedGroup === undefined ? { assignedGroup: rule.group_key } : {}), ...(rule.priority && vars.priority === undefined ? { priority: rule.priority } : {}), ...vars };
    }
  }
  return vars;
}

/** Changes a request's priority; running clocks take the new policy's targets and move their due times. */
export async function changePriority(db: Db, instanceId: string, priority: Priority, actor: string, now: Date) {
  await db.transaction(async (tx) => {
    const r = await tx.query<{ priority: Priority | null; department_id: string | null; model_sla: unknown }>(
      `SELECT p.priority, p.department_id, d.model->'sla' AS model_sla FROM process_instances p JOIN definitions d ON d.id = p.definition_id WHERE p.id = $1 FOR UPDATE OF p`,
      [instanceId],
    );
    const row = r.rows[0];
    if (!row) throw notFound('Process instance');
    if (row.priority === priority) return;
    await tx.query('UPDATE process_instances SET priority = $2 WHERE id = $1', [instanceId, priority]);
    await tx.query("UPDATE tasks SET priority = $2 WHERE instance_id = $1 AND status = 'open'", [instanceId, TASK_PRIORITY[priority]]);
    await slaHistory(tx, instanceId, 'priority_changed', { from: row.priority, to: priority }, now, actor);
    const policy = await tx.query<{ response_target: string | null; resolution_target: string | null }>(
      'SELECT response_target, resolution_target FROM sla_policies WHERE department_id = $1 AND priority = $2',
      [row.department_id, priority],
    );
    const targets = policy.rows[0];
    if (!targets) return;
    const clocks = await tx.query<ClockRow>("SELECT * FROM sla_clocks WHERE instance_id = $1 AND target <> 'step' AND state IN ('running', 'paused') FOR UPDATE", [instanceId]);
    for (const c of clocks.rows) {
      const iso = c.target === 'response' ? targets.response_target : targets.resolution_target;
      const ms = iso ? targetMs(iso) : null;
      if (!ms) continue;
      await tx.query('UPDATE sla_clocks SET target_ms = $2 WHERE id = $1', [c.id, ms]);
      await reschedule(tx, { ...c, target_ms: ms });
    }
  });
}
