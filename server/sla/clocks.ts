/**
 * SLA clocks per request (response, resolution) and per step: started with the request, paused
 * while it waits for the requester, stopped by the first agent action / the end, and checked by a
 * sweep that writes at-risk, breach and escalation events. Due times are business time.
 */
import type { Queryable } from '../db/types';
import { evalCondition } from '../../common/feel';
import type { LoadedInstance } from '../engine/runtime/runtime';
import type { UnitView } from '../engine/runtime/ports';
import { ALWAYS_OPEN, addBusinessTime, businessTimeBetween, type CalendarDefinition } from './calendar';
import { targetMs } from './durations';

export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];
/** Task priority (0–100, Camunda's scale) for each request priority. */
export const TASK_PRIORITY: Record<Priority, number> = { low: 30, medium: 50, high: 70, critical: 90 };

export interface EscalationStep {
  at: number;
  action: 'notify' | 'raise_priority' | 'reassign';
  to?: 'assignee' | 'group' | 'owners' | 'requester';
  group?: string;
}

export interface ClockRow {
  id: string;
  instance_id: string;
  target: 'response' | 'resolution' | 'step';
  task_id: string | null;
  element_id: string | null;
  calendar_id: string | null;
  target_ms: number;
  at_risk: number;
  escalations: EscalationStep[];
  started_at: Date;
  paused_ms: number;
  paused_at: Date | null;
  due_at: Date;
  at_risk_at: Date;
  state: 'running' | 'paused' | 'met' | 'breached' | 'cancelled';
  breached: boolean;
  at_risk_notified: boolean;
  escalation_level: number;
}

export async function loadCalendar(q: Queryable, id: string | null): Promise<CalendarDefinition> {
  if (!id) return ALWAYS_OPEN;
  const r = await q.query<{ time_zone: string; working_hours: CalendarDefinition['workingHours']; holiday_region: string | null; closed_days: string[] }>(
    'SELECT time_zone, working_hours, holiday_region, closed_days FROM calendars WHERE id = $1',
    [id],
  );
  const c = r.rows[0];
  return c ? { timeZone: c.time_zone, workingHours: c.working_hours, holidayRegion: c.holiday_region, closedDays: c.closed_days } : ALWAYS_OPEN;
}

/** The instant at which a running clock reaches `fraction` of its target. */
export function instantAt(cal: CalendarDefinition, clock: Pick<ClockRow, 'started_at' | 'target_ms' | 'paused_ms'>, fraction: number): Date {
  return addBusinessTime(cal, new Date(clock.started_at), Math.round(Number(clock.target_ms) * fraction) + Number(clock.paused_ms));
}

/** Due, at-risk and next-check instants of a running clock. */
export function schedule(cal: CalendarDefinition, clock: Pick<ClockRow, 'started_at' | 'target_ms' | 'paused_ms' | 'at_risk' | 'escalations' | 'escalation_level' | 'breached' | 'at_risk_notified'>) {
  const due = instantAt(cal, clock, 1);
  const atRisk = instantAt(cal, clock, Number(clock.at_risk));
  const pending = [
    ...(clock.at_risk_notified ? [] : [Number(clock.at_risk)]),
    ...(clock.breached ? [] : [1]),
    ...clock.escalations.slice(clock.escalation_level).map((s) => s.at),
  ];
  const next = pending.length ? instantAt(cal, clock, Math.min(...pending)) : null;
  return { due, atRisk, next };
}

export async function slaHistory(q: Queryable, instanceId: string, kind: string, data: Record<string, unknown>, now: Date, actor: string | null = 'sla') {
  await q.query(
    `INSERT INTO history (instance_id, definition_id, process_key, element_id, kind, time, actor, data)
     SELECT id, definition_id, process_key, $2, $3, $4, $5, $6 FROM process_instances WHERE id = $1`,
    [instanceId, (data.elementId as string | undefined) ?? null, kind, now, actor, JSON.stringify(data)],
  );
}

interface ClockSpec {
  target: ClockRow['target'];
  targetMs: number;
  calendarId: string | null;
  atRisk: number;
  escalations: EscalationStep[];
  taskId?: string;
  elementId?: string;
}

/** A new clock's row (its due times on its calendar), to be written with insertClocks. */
function clockRow(cal: CalendarDefinition, instanceId: string, spec: ClockSpec, now: Date) {
  const base = { started_at: now, target_ms: spec.targetMs, paused_ms: 0, at_risk: spec.atRisk, escalations: spec.escalations, escalation_level: 0, breached: false, at_risk_notified: false };
  const s = schedule(cal, base);
  return {
    instance_id: instanceId, target: spec.target, task_id: spec.taskId ?? null, element_id: spec.elementId ?? null, calendar_id: spec.calendarId, target_ms: spec.targetMs,
    at_risk: spec.atRisk, escalations: spec.escalations, started_at: now, due_at: s.due, at_risk_at: s.atRisk, next_check_at: s.next,
  };
}

/** Writes new clocks in one statement. */
async function insertClocks(q: Queryable, rows: ReturnType<typeof clockRow>[]) {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO sla_clocks (instance_id, target, task_id, element_id, calendar_id, target_ms, at_risk, escalations, started_at, due_at, at_risk_at, state, next_check_at)
     SELECT instance_id, target, task_id, element_id, calendar_id, target_ms, at_risk, escalations, started_at, due_at, at_risk_at, 'running', next_check_at
     FROM jsonb_to_recordset($1::jsonb) AS x(instance_id uuid, target text, task_id uuid, element_id text, calendar_id uuid, target_ms bigint, at_risk double precision,
       escalations jsonb, started_at timestamptz, due_at timestamptz, at_risk_at timestamptz, next_check_at timestamptz)`,
    [JSON.stringify(rows)],
  );
}

/** Calendars by id, each read once per call. */
function calendarCache(q: Queryable) {
  const byId = new Map<string | null, Promise<CalendarDefinition>>();
  return (id: string | null) => {
    if (!byId.has(id)) byId.set(id, loadCalendar(q, id));
    return byId.get(id)!;
  };
}

/** The request's priority: set explicitly, from the department's impact × urgency matrix, or medium. */
export async function priorityOf(q: Queryable, departmentId: string | null, vars: Record<string, unknown>): Promise<Priority> {
  if (typeof vars.priority === 'string' && (PRIORITIES as readonly string[]).includes(vars.priority)) return vars.priority as Priority;
  if (departmentId && typeof vars.impact === 'string' && typeof vars.urgency === 'string') {
    const r = await q.query<{ matrix: Record<string, Record<string, Priority>> }>('SELECT matrix FROM priority_matrices WHERE department_id = $1', [departmentId]);
    const p = r.rows[0]?.matrix?.[vars.impact]?.[vars.urgency];
    if (p && (PRIORITIES as readonly string[]).includes(p)) return p;
  }
  return 'medium';
}

async function policyFor(q: Queryable, departmentId: string | null, priority: Priority) {
  if (!departmentId) return null;
  const r = await q.query<{ response_target: string | null; resolution_target: string | null; calendar_id: string | null; at_risk: number; escalations: EscalationStep[] }>(
    'SELECT response_target, resolution_target, calendar_id, at_risk, escalations FROM sla_policies WHERE department_id = $1 AND priority = $2',
    [departmentId, priority],
  );
  return r.rows[0] ?? null;
}

async function calendarIdByKey(q: Queryable, key: string | undefined): Promise<string | null> {
  if (!key) return null;
  const r = await q.query<{ id: string }>('SELECT id FROM calendars WHERE key = $1', [key]);
  return r.rows[0]?.id ?? null;
}

/** A request's business calendar: its process's esm:sla calendar, else its department's policy for the priority. */
export async function requestCalendarId(q: Queryable, inst: LoadedInstance, departmentId: string | null, priority: Priority): Promise<string | null> {
  return (await calendarIdByKey(q, inst.definition.model.sla?.calendar)) ?? (await policyFor(q, departmentId, priority))?.calendar_id ?? null;
}

type CalendarRow = { id: string; time_zone: string; working_hours: CalendarDefinition['workingHours']; holiday_region: string | null; closed_days: string[] };

/**
 * Sets a new request's priority (request and its open tasks) and reads its department's policy
 * and its calendar, in one statement; a second one first only when the priority comes from the
 * department's impact × urgency matrix.
 */
async function prioritise(q: Queryable, inst: LoadedInstance) {
  const vars = inst.state.instances[inst.state.rootId]?.vars ?? {};
  let priority: Priority | null = typeof vars.priority === 'string' && (PRIORITIES as readonly string[]).includes(vars.priority) ? (vars.priority as Priority) : null;
  if (!priority) {
    const r = await q.query<{ department_id: string | null }>('SELECT department_id FROM process_instances WHERE id = $1', [inst.id]);
    priority = await priorityOf(q, r.rows[0]?.department_id ?? null, vars);
  }
  const r = await q.query<{ department_id: string | null; policy: PolicyRow | null; calendar: CalendarRow | null }>(
    `WITH i AS (UPDATE process_instances SET priority = $2 WHERE id = $1 RETURNING department_id),
          t AS (UPDATE tasks SET priority = $3 WHERE instance_id = $1 AND priority = 50),
          pol AS (SELECT sp.response_target, sp.resolution_target, sp.calendar_id, sp.at_risk, sp.escalations FROM sla_policies sp JOIN i ON sp.department_id = i.department_id WHERE sp.priority = $2)
     SELECT (SELECT department_id FROM i) AS department_id, (SELECT row_to_json(pol) FROM pol) AS policy,
            (SELECT row_to_json(c) FROM calendars c WHERE c.id = coalesce((SELECT id FROM calendars WHERE key = $4), (SELECT calendar_id FROM pol))) AS calendar`,
    [inst.id, priority, TASK_PRIORITY[priority], inst.definition.model.sla?.calendar ?? null],
  );
  const row = r.rows[0];
  const c = row?.calendar;
  const calendar: CalendarDefinition = c ? { timeZone: c.time_zone, workingHours: c.working_hours, holidayRegion: c.holiday_region, closedDays: c.closed_days } : ALWAYS_OPEN;
  return { priority, policy: row?.policy ?? null, calendarId: c?.id ?? null, calendar };
}

type PolicyRow = { response_target: string | null; resolution_target: string | null; calendar_id: string | null; at_risk: number; escalations: EscalationStep[] };

/** The response and resolution clocks of a new request (targets from esm:sla, else the department policy), to be written with insertClocks. */
async function requestClocks(q: Queryable, inst: LoadedInstance, now: Date) {
  const { policy, calendarId, calendar } = await prioritise(q, inst);
  const model = inst.definition.model.sla;
  const rows: ReturnType<typeof clockRow>[] = [];
  for (const target of ['response', 'resolution'] as const) {
    const iso = target === 'response' ? (model?.responseTime ?? policy?.response_target) : (model?.resolutionTime ?? policy?.resolution_target);
    const ms = iso ? targetMs(iso) : null;
    if (!ms) continue;
    // Escalation paths follow the resolution target; the response target only warns and records.
    const escalations = target === 'resolution' ? (policy?.escalations ?? []) : [];
    rows.push(clockRow(calendar, inst.id, { target, targetMs: ms, calendarId, atRisk: Number(policy?.at_risk ?? 0.75), escalations }, now));
  }
  return rows;
}

/** Stops a clock: met when within its due time, else breached (written once). A paused clock resumes first. */
export async function stopClock(q: Queryable, clock: ClockRow, now: Date, cancelled = false) {
  const cal = await loadCalendar(q, clock.calendar_id);
  let pausedMs = Number(clock.paused_ms);
  if (clock.state === 'paused' && clock.paused_at) {
    pausedMs += businessTimeBetween(cal, new Date(clock.paused_at), now);
    await slaHistory(q, clock.instance_id, 'sla_resumed', { target: clock.target }, now);
  }
  const due = schedule(cal, { ...clock, paused_ms: pausedMs }).due;
  const breached = clock.breached || now > due;
  const state = cancelled ? 'cancelled' : breached ? 'breached' : 'met';
  await q.query('UPDATE sla_clocks SET state = $2, stopped_at = $3, next_check_at = NULL, breached = $4, paused_ms = $5, paused_at = NULL, due_at = $6 WHERE id = $1', [
    clock.id, state, now, breached, pausedMs, due,
  ]);
  if (cancelled) return;
  if (clock.target === 'resolution' && clock.calendar_id) {
    // The request's cycle in working time of its own calendar, for the KPI roll-up
    // (010_insights_business_calendar.sql); the request ends now, pauses included.
    const startedAt = new Date(clock.started_at);
    await slaHistory(q, clock.instance_id, 'business_time', { calendarId: clock.calendar_id, startedAt: startedAt.toISOString(), seconds: businessTimeBetween(cal, startedAt, now) / 1000 }, now);
  }
  if (!breached) await slaHistory(q, clock.instance_id, 'sla_met', { target: clock.target, elementId: clock.element_id, dueAt: due.toISOString() }, now);
  else if (!clock.breached) await slaHistory(q, clock.instance_id, 'sla_breached', { target: clock.target, elementId: clock.element_id, dueAt: due.toISOString() }, now);
}

/** The first agent action on a request (claim, comment, completion, assignment) meets its response target. */
export async function firstResponse(q: Queryable, instanceId: string, actorUserId: string, now: Date) {
  const r = await q.query<ClockRow>(
    `SELECT c.* FROM sla_clocks c JOIN process_instances p ON p.id = c.instance_id
     WHERE c.instance_id = $1 AND c.target = 'response' AND c.state IN ('running', 'paused') AND p.started_by IS DISTINCT FROM $2 FOR UPDATE OF c`,
    [instanceId, actorUserId],
  );
  for (const clock of r.rows) await stopClock(q, clock, now);
}

async function pause(q: Queryable, clock: ClockRow, now: Date) {
  await q.query("UPDATE sla_clocks SET state = 'paused', paused_at = $2, next_check_at = NULL WHERE id = $1", [clock.id, now]);
  await slaHistory(q, clock.instance_id, 'sla_paused', { target: clock.target }, now);
}

async function resume(q: Queryable, clock: ClockRow, now: Date) {
  const cal = await loadCalendar(q, clock.calendar_id);
  const paused = Number(clock.paused_ms) + businessTimeBetween(cal, new Date(clock.paused_at!), now);
  const s = schedule(cal, { ...clock, paused_ms: paused });
  await q.query("UPDATE sla_clocks SET state = 'running', paused_at = NULL, paused_ms = $2, due_at = $3, at_risk_at = $4, next_check_at = $5 WHERE id = $1", [clock.id, paused, s.due, s.atRisk, s.next]);
  await slaHistory(q, clock.instance_id, 'sla_resumed', { target: clock.target, dueAt: s.due.toISOString() }, now);
}

/** Recomputes due times of running clocks (after a priority or calendar change). */
export async function reschedule(q: Queryable, clock: ClockRow) {
  const cal = await loadCalendar(q, clock.calendar_id);
  const s = schedule(cal, clock);
  await q.query('UPDATE sla_clocks SET due_at = $2, at_risk_at = $3, next_check_at = CASE WHEN state = $5 THEN $4::timestamptz ELSE NULL END WHERE id = $1', [clock.id, s.due, s.atRisk, s.next, 'running']);
}

/**
 * Runs at the end of every engine transaction: starts clocks for new requests and steps, pauses
 * the resolution clock while the request waits for its requester, stops clocks that are done.
 */
export async function slaOnFlush(tx: Queryable, unit: UnitView) {
  const touched = [...unit.loaded.values()].filter((i) => unit.touched.has(i.id));
  if (touched.length === 0) return;
  const now = unit.now;
  const calendar = calendarCache(tx);
  const keys = new Map<string, string | null>();
  const calendarIdOf = async (key: string | undefined) => {
    if (!key) return null;
    if (!keys.has(key)) keys.set(key, await calendarIdByKey(tx, key));
    return keys.get(key)!;
  };
  const fresh: ReturnType<typeof clockRow>[] = [];
  for (const inst of touched) {
    if (inst.isNew && !inst.state.calledBy) fresh.push(...(await requestClocks(tx, inst, now)));
  }
  for (const h of unit.flushed) {
    if (h.kind !== 'task_created') continue;
    const inst = unit.loaded.get(h.instance_id);
    const sla = inst?.definition.model.elements[h.element_id ?? '']?.sla;
    const ms = sla ? targetMs(sla.resolutionTime ?? sla.responseTime ?? '') : null;
    if (!inst || !ms) continue;
    const calendarId = await calendarIdOf(sla?.calendar);
    fresh.push(clockRow(await calendar(calendarId), inst.id, { target: 'step', targetMs: ms, calendarId, atRisk: 0.75, escalations: [], taskId: (h.data as { taskId: string }).taskId, elementId: h.element_id ?? undefined }, now));
  }
  await insertClocks(tx, fresh);
  const ids = touched.map((i) => i.id);
  // The running clocks with their request's open tasks, in one statement.
  const clocks = await tx.query<ClockRow & { open_tasks: { id: string; assignee: string | null }[] }>(
    `SELECT c.*, coalesce((SELECT json_agg(json_build_object('id', t.id, 'assignee', t.assignee)) FROM tasks t
                          WHERE t.instance_id = c.instance_id AND t.status = 'open'), '[]'::json) AS open_tasks
     FROM sla_clocks c WHERE c.instance_id = ANY($1::uuid[]) AND c.state IN ('running', 'paused') FOR UPDATE OF c`,
    [ids],
  );
  if (clocks.rows.length === 0) return;
  for (const inst of touched) {
    const mine = clocks.rows.filter((c) => c.instance_id === inst.id);
    if (mine.length === 0) continue;
    if (inst.state.status !== 'active') {
      for (const c of mine) await stopClock(tx, c, now, inst.state.status !== 'completed');
      continue;
    }
    const vars = inst.state.instances[inst.state.rootId]?.vars ?? {};
    const requester = String(vars.initiator ?? '').toLowerCase();
    const tasks = mine[0].open_tasks;
    const condition = inst.definition.model.sla?.pauseCondition;
    const conditionHolds = condition ? (evalCondition(condition.replace(/^=/, ''), vars, now) as { ok: boolean; value?: boolean }) : null;
    const waitingForRequester = (!!requester && tasks.some((t) => t.assignee === requester)) || (conditionHolds?.ok === true && conditionHolds.value === true);
    for (const c of mine) {
      if (c.target === 'step') {
        if (!tasks.some((t) => t.id === c.task_id)) await stopClock(tx, c, now);
        continue;
      }
      if (c.target !== 'resolution') continue;
      if (waitingForRequester && c.state === 'running') await pause(tx, c, now);
      else if (!waitingForRequester && c.state === 'paused') await resume(tx, c, now);
    }
  }
}

/** What the portal and the task list show: the resolution clock (else response) of a request. */
export function clockView(row: Pick<ClockRow, 'due_at' | 'at_risk_at' | 'state' | 'breached' | 'target'> | null, now: Date) {
  if (!row) return null;
  const due = new Date(row.due_at);
  const state = row.breached || row.state === 'breached' || (row.state === 'running' && now > due) ? 'breached' : row.state === 'running' && now >= new Date(row.at_risk_at) ? 'at_risk' : 'on_time';
  return { target: row.target, dueAt: due.toISOString(), state, paused: row.state === 'paused', stopped: ['met', 'breached', 'cancelled'].includes(row.state) };
}
