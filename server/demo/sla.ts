/**
 * The demo organisation's service levels: one office calendar and, per department, SLA policies
 * with escalation paths — so the demo's history has escalations (owners notified, priority raised,
 * work handed to another team) and the SLA admin screens show a worked example. The templates' own
 * esm:sla targets still decide the due times of their requests; the policies' targets serve
 * processes drawn without one, and their escalation steps apply to every request of the department.
 */
import type { Db } from '../db/types';
import { saveCalendar, saveDepartmentSla, type CalendarInput, type PolicyInput } from '../sla/admin';
import type { EscalationStep } from '../sla/clocks';

/** Working hours as the simulation works them (Mon–Fri 08:00–17:00 UTC). */
const DAY: [string, string][] = [['08:00', '17:00']];
export const DEMO_CALENDAR: CalendarInput = {
  key: 'office',
  name: 'Office hours Mon–Fri 8–17',
  timeZone: 'UTC',
  workingHours: { mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY },
  holidayRegion: null,
  closedDays: [],
};

const TARGETS = {
  critical: ['PT1H', 'PT8H'],
  high: ['PT4H', 'P1D'],
  medium: ['P1D', 'P3D'],
  low: ['P2D', 'P5D'],
} as const;

/** Per department: what happens as a request's resolution time runs out (fractions of the target). */
const ESCALATIONS: Record<string, EscalationStep[]> = {
  // IT, the bottleneck: the owner hears of every breach, then the request moves up in the queues.
  it: [
    { at: 1, action: 'notify', to: 'owners' },
    { at: 1.5, action: 'raise_priority' },
    { at: 2, action: 'notify', to: 'requester' },
  ],
  hr: [{ at: 1, action: 'notify', to: 'owners' }],
  facility: [
    { at: 1, action: 'notify', to: 'group' },
    { at: 1.5, action: 'raise_priority' },
  ],
  service: [
    { at: 1, action: 'notify', to: 'owners' },
    { at: 1.25, action: 'raise_priority' },
  ],
  // Purchases stuck long past their target go to finance.
  purchasing: [
    { at: 1, action: 'notify', to: 'owners' },
    { at: 2, action: 'reassign', group: 'finance' },
  ],
};

export async function setUpDemoSla(db: Db): Promise<number> {
  await saveCalendar(db, DEMO_CALENDAR, null);
  const departments = await db.query<{ id: string; key: string }>('SELECT id, key FROM departments');
  let policies = 0;
  for (const d of departments.rows) {
    const list: PolicyInput[] = Object.entries(TARGETS).map(([priority, [response, resolution]]) => ({
      priority: priority as PolicyInput['priority'],
      responseTarget: response,
      resolutionTarget: resolution,
      calendarKey: DEMO_CALENDAR.key,
      atRisk: 0.75,
      escalations: ESCALATIONS[d.key] ?? [],
    }));
    await saveDepartmentSla(db, d.id, { policies: list });
    policies += list.length;
  }
  return policies;
}
