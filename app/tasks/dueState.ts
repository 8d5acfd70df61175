/** How close a deadline is: on time, at risk (< 25 % of the time left or < 4 h), overdue. */
export type DueState = 'on_time' | 'at_risk' | 'overdue';

const FOUR_HOURS_MS = 4 * 60 * 60 * 1000;

export function dueState(dueAt: string | null | undefined, createdAt: string | null | undefined, now: Date = new Date()): DueState | null {
  if (!dueAt) return null;
  const due = new Date(dueAt).getTime();
  if (Number.isNaN(due)) return null;
  const left = due - now.getTime();
  if (left < 0) return 'overdue';
  const created = createdAt ? new Date(createdAt).getTime() : NaN;
  const total = Number.isNaN(created) ? NaN : due - created;
  if (left < FOUR_HOURS_MS || (total > 0 && left < total * 0.25)) return 'at_risk';
  return 'on_time';
}

/** The SLA state names of the server mapped onto the badge states. */
export function slaDueState(state: 'on_time' | 'at_risk' | 'breached'): DueState {
  return state === 'breached' ? 'overdue' : state;
}
