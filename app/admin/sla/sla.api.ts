import { api } from '../../api/client';
import type { ItemList } from '../../api/types';
import type { Priority } from '../../requests/requests.api';

const id = (value: string) => encodeURIComponent(value);

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Working times per weekday: a list of [from, to] local times "HH:MM"; a missing day is closed. */
export type WorkingHours = Partial<Record<Weekday, [string, string][]>>;

export interface CalendarInput {
  key: string;
  name: string;
  timeZone: string;
  workingHours: WorkingHours;
  holidayRegion: string | null;
  closedDays: string[];
}

export interface BusinessCalendar extends CalendarInput {
  id: string;
}

export type EscalationAction = 'notify' | 'raise_priority' | 'reassign';
export type EscalationRecipient = 'assignee' | 'group' | 'owners' | 'requester';

export interface EscalationStep {
  /** Share of the target (0.75 = 75 %). */
  at: number;
  action: EscalationAction;
  to?: EscalationRecipient;
  group?: string;
}

export interface SlaPolicy {
  priority: Priority;
  responseTarget?: string | null;
  resolutionTarget?: string | null;
  calendarKey?: string | null;
  atRisk?: number;
  escalations?: EscalationStep[];
}

export interface RoutingRule {
  processKey?: string | null;
  condition: string;
  groupKey?: string | null;
  priority?: Priority | null;
}

/** impact → urgency → priority. */
export type PriorityMatrix = Record<string, Record<string, Priority>>;

/** A deployed process of the department with its own esm:sla: its targets override the department's policy. */
export interface ProcessSla {
  key: string;
  name: string | null;
  version: number;
  responseTime: string | null;
  resolutionTime: string | null;
  calendar: string | null;
}

export interface DepartmentSla {
  matrix: PriorityMatrix | null;
  policies: SlaPolicy[];
  rules: RoutingRule[];
  /** Read only (GET): processes whose own SLA overrides these policies. */
  processes?: ProcessSla[];
}

export interface GroupOption {
  id: string;
  key: string;
  name: string;
  departmentId: string | null;
}

/** Calendars (admins change them; owners read them for their policies). */
export const calendarsApi = {
  list: () => api.get<ItemList<BusinessCalendar>>('/api/calendars'),
  create: (input: CalendarInput) => api.post<BusinessCalendar>('/api/calendars', input),
  update: (calendarId: string, input: CalendarInput) => api.put<BusinessCalendar>(`/api/calendars/${id(calendarId)}`, input),
  remove: (calendarId: string) => api.delete(`/api/calendars/${id(calendarId)}`),
};

/** A department's SLA set-up: priority matrix, policies per priority, routing rules. */
export const slaApi = {
  get: (departmentId: string) => api.get<DepartmentSla>(`/api/sla/departments/${id(departmentId)}`),
  save: (departmentId: string, input: DepartmentSla) => api.put<DepartmentSla>(`/api/sla/departments/${id(departmentId)}`, input),
  groups: () => api.get<ItemList<GroupOption>>('/api/groups'),
};
