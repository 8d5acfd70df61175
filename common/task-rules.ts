/**
 * How the task list words a task's deadline and priority — one rule for the badges in the app and
 * for the server's filters. Pure code without imports, so the app can import it too. The SQL side of
 * the deadline rule is `task_at_risk_from()` in server/db/migrations/009_task_filters.sql: change
 * both together (test/api/task-filters.test.ts checks that they agree at the edges).
 */

/** How close a deadline is: on time, at risk, overdue. */
export type DueState = 'on_time' | 'at_risk' | 'overdue';
export const DUE_STATES = ['overdue', 'at_risk', 'on_time'] as const;

/** A deadline is at risk when less than 4 hours or less than a quarter of its time is left. */
export const AT_RISK_MIN_LEFT_MS = 4 * 60 * 60 * 1000;
export const AT_RISK_SHARE_LEFT = 0.25;

/** From when on a deadline (set at `createdMs`, due at `dueMs`) counts as at risk. */
export function atRiskFrom(dueMs: number, createdMs: number): number {
  const total = Number.isNaN(createdMs) ? 0 : dueMs - createdMs;
  return dueMs - Math.max(AT_RISK_MIN_LEFT_MS, AT_RISK_SHARE_LEFT * total);
}

/** The state of a deadline at `now`; null without a (readable) deadline. */
export function dueState(dueAt: string | Date | null | undefined, createdAt: string | Date | null | undefined, now: Date = new Date()): DueState | null {
  if (!dueAt) return null;
  const due = new Date(dueAt).getTime();
  if (Number.isNaN(due)) return null;
  const t = now.getTime();
  if (t > due) return 'overdue';
  return t > atRiskFrom(due, createdAt ? new Date(createdAt).getTime() : NaN) ? 'at_risk' : 'on_time';
}

/** Request priorities, lowest first (the SLA module's scale). */
export const TASK_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/**
 * The priority a task is listed, filtered and sorted by: its request's priority, else the band of
 * the task's own 0–100 priority (Camunda's scale; the SLA module writes 30, 50, 70, 90).
 */
export function taskPriority(requestPriority: string | null | undefined, priority: number | null | undefined): TaskPriority {
  if ((TASK_PRIORITIES as readonly string[]).includes(requestPriority ?? '')) return requestPriority as TaskPriority;
  const p = priority ?? 50;
  return p >= 85 ? 'critical' : p >= 65 ? 'high' : p >= 40 ? 'medium' : 'low';
}

/**
 * Four-eyes: the error code of a refused claim, completion or assignment of an approval task by (or
 * to) the requester of the same request. The task list shows its own message for it.
 */
export const FOUR_EYES = 'four_eyes';

/**
 * Variables Lotse and the engine set themselves, which no start or task completion may supply:
 * `initiator` (the requester's e-mail, set at the start; models assign and mail the requester by it,
 * the four-eyes rule reads it), `assignedGroup` (set by the department's routing rules), `loopCounter`
 * (the engine's count inside a multi-instance activity). `priority` is not among them: forms may ask
 * for it, and routing rules only fill it in when it is missing.
 */
export const RESERVED_VARIABLES = ['initiator', 'assignedGroup', 'loopCounter'] as const;

/** `{path, message}` for every reserved name among the submitted variables (plus `extra`, e.g. a multi-instance input element). */
export function reservedVariableErrors(variables: Record<string, unknown> | null | undefined, basePath = '/variables', extra: readonly string[] = []): { path: string; message: string }[] {
  const reserved = new Set<string>([...RESERVED_VARIABLES, ...extra]);
  return Object.keys(variables ?? {})
    .filter((name) => reserved.has(name))
    .map((name) => ({ path: `${basePath}/${name}`, message: `${name} is set by Lotse and cannot be submitted` }));
}
