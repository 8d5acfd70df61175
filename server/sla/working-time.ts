/** Working-day due dates of engine timers (esm:businessTime); the engine asks through its WorkingTime port. */
import type { Queryable } from '../db/types';
import type { LoadedInstance } from '../engine/runtime/runtime';
import { addWorkingDays, OFFICE_HOURS } from './calendar';
import { loadCalendar, requestCalendarId, type Priority } from './clocks';

/**
 * When a timer counted in working time fires: on the calendar of the request's SLA clocks (of this
 * instance or the request that called it); before the clocks exist (a timer in the transaction that
 * starts the request), on the calendar they will get (esm:sla, else the department's policy); else
 * office hours.
 */
export async function workingDue(tx: Queryable, inst: LoadedInstance, from: Date, working: { days: number; ms: number }): Promise<Date> {
  const instanceId = inst.id;
  const r = await tx.query<{ calendar_id: string }>(
    `WITH RECURSIVE up (id, parent_id, depth) AS (
       SELECT id, parent_id, 0 FROM process_instances WHERE id = $1
       UNION ALL SELECT p.id, p.parent_id, up.depth + 1 FROM process_instances p JOIN up ON p.id = up.parent_id WHERE up.depth < 20)
     SELECT c.calendar_id FROM up JOIN sla_clocks c ON c.instance_id = up.id AND c.target IN ('resolution', 'response') AND c.calendar_id IS NOT NULL
     ORDER BY up.depth, c.target = 'resolution' DESC LIMIT 1`,
    [instanceId],
  );
  let calendarId: string | null = r.rows[0]?.calendar_id ?? null;
  if (!calendarId) {
    const p = await tx.query<{ department_id: string | null; priority: Priority | null }>('SELECT department_id, priority FROM process_instances WHERE id = $1', [instanceId]);
    calendarId = await requestCalendarId(tx, inst, p.rows[0]?.department_id ?? null, p.rows[0]?.priority ?? 'medium');
  }
  const cal = calendarId ? await loadCalendar(tx, calendarId) : OFFICE_HOURS;
  return addWorkingDays(cal, from, working.days, working.ms);
}
