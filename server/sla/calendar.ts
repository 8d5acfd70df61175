/**
 * Business calendars: working hours per weekday in a time zone, public holidays by region
 * (date-holidays) and extra closed days. Pure arithmetic on instants — time is always an argument.
 * Wall-clock times are resolved in the calendar's zone with luxon, so DST changes shift nothing.
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface CalendarDefinition {
  timeZone: string;
  /** Per weekday a list of [from, to] local times "HH:MM"; missing or empty = closed. */
  workingHours: Partial<Record<Weekday, [string, string][]>>;
  /** ISO country with optional region, e.g. "DE-BY", "DE", "AT-9"; null = no public holidays. */
  holidayRegion: string | null;
  /** Extra closed local dates (YYYY-MM-DD). */
  closedDays: string[];
}

export interface CalendarProblem {
  path: string;
  message: string;
}

const TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
/** Searching further than this for working time means the calendar is (nearly) always closed. */
const MAX_DAYS = 3 * 366;

/** Checks a calendar; every problem names its field. */
export function checkCalendar(cal: CalendarDefinition): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (!DateTime.now().setZone(cal.timeZone).isValid) problems.push({ path: '/timeZone', message: `unknown time zone "${cal.timeZone}"` });
  let any = false;
  for (const day of Object.keys(cal.workingHours ?? {})) {
    if (!WEEKDAYS.includes(day as Weekday)) {
      problems.push({ path: `/workingHours/${day}`, message: 'is not a weekday (mon … sun)' });
      continue;
    }
    const spans = cal.workingHours[day as Weekday] ?? [];
    spans.forEach(([from, to], i) => {
      if (!TIME.test(from) || !TIME.test(to)) problems.push({ path: `/workingHours/${day}/${i}`, message: 'times must be HH:MM' });
      else if (minutes(from) >= minutes(to)) problems.push({ path: `/workingHours/${day}/${i}`, message: 'must end after it starts' });
      else any = true;
    });
    const sorted = [...spans].filter(([f, t]) => TIME.test(f) && TIME.test(t)).sort((a, b) => minutes(a[0]) - minutes(b[0]));
    for (let i = 1; i < sorted.length; i++) {
      if (minutes(sorted[i][0]) < minutes(sorted[i - 1][1])) problems.push({ path: `/workingHours/${day}`, message: 'working hours overlap' });
    }
  }
  if (!any) problems.push({ path: '/workingHours', message: 'a calendar needs working hours on at least one weekday' });
  if (cal.holidayRegion && !holidayEngine(cal.holidayRegion)) problems.push({ path: '/holidayRegion', message: `unknown holiday region "${cal.holidayRegion}"` });
  cal.closedDays?.forEach((d, i) => {
    if (!DateTime.fromISO(d).isValid || !/^\d{4}-\d{2}-\d{2}$/.test(d)) problems.push({ path: `/closedDays/${i}`, message: 'must be a date YYYY-MM-DD' });
  });
  return problems;
}

const engines = new Map<string, Holidays | null>();
function holidayEngine(region: string): Holidays | null {
  if (!engines.has(region)) {
    const [country, state] = region.toUpperCase().split('-');
    const h = new Holidays();
    const countries = h.getCountries();
    const ok = !!countries[country] && (!state || !!h.getStates(country)?.[state]);
    engines.set(region, ok ? new Holidays(country, state) : null);
  }
  return engines.get(region)!;
}

const holidayCache = new Map<string, Set<string>>();
function publicHolidays(region: string, year: number): Set<string> {
  const key = `${region}:${year}`;
  let set = holidayCache.get(key);
  if (!set) {
    const list = holidayEngine(region)?.getHolidays(year) ?? [];
    set = new Set(list.filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    holidayCache.set(key, set);
  }
  return set;
}

export function isClosedDay(cal: CalendarDefinition, day: DateTime): boolean {
  const iso = day.toISODate()!;
  if (cal.closedDays?.includes(iso)) return true;
  return !!cal.holidayRegion && publicHolidays(cal.holidayRegion, day.year).has(iso);
}

/** The working intervals of one local day as UTC instants (ms), in order. */
function workingIntervals(cal: CalendarDefinition, day: DateTime): [number, number][] {
  if (isClosedDay(cal, day)) return [];
  const spans = cal.workingHours[WEEKDAYS[day.weekday - 1]] ?? [];
  return spans
    .map(([from, to]): [number, number] => [
      day.set({ hour: Number(from.slice(0, 2)), minute: Number(from.slice(3, 5)) }).toMillis(),
      to === '24:00' ? day.plus({ days: 1 }).startOf('day').toMillis() : day.set({ hour: Number(to.slice(0, 2)), minute: Number(to.slice(3, 5)) }).toMillis(),
    ])
    .sort((a, b) => a[0] - b[0]);
}

/** The instant reached after `durationMs` of working time from `start`. */
export function addBusinessTime(cal: CalendarDefinition, start: Date, durationMs: number): Date {
  let remaining = Math.max(0, durationMs);
  let day = DateTime.fromJSDate(start, { zone: cal.timeZone }).startOf('day');
  const from = start.getTime();
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 })) {
    for (const [a, b] of workingIntervals(cal, day)) {
      const s = Math.max(a, from);
      if (s >= b) continue;
      if (remaining <= b - s) return new Date(s + remaining);
      remaining -= b - s;
    }
  }
  throw new Error('the calendar has no working time in the next three years');
}

/** Working time between two instants (0 when `to` is not after `from`). */
export function businessTimeBetween(cal: CalendarDefinition, from: Date, to: Date): number {
  if (to <= from) return 0;
  let total = 0;
  let day = DateTime.fromJSDate(from, { zone: cal.timeZone }).startOf('day');
  const end = to.getTime();
  for (let i = 0; i < MAX_DAYS * 10 && day.toMillis() < end; i++, day = day.plus({ days: 1 })) {
    for (const [a, b] of workingIntervals(cal, day)) {
      const s = Math.max(a, from.getTime());
      const e = Math.min(b, end);
      if (e > s) total += e - s;
    }
  }
  return total;
}

/** A plain 24/7 calendar in UTC, for SLAs without a business calendar. */
export const ALWAYS_OPEN: CalendarDefinition = {
  timeZone: 'UTC',
  workingHours: Object.fromEntries(WEEKDAYS.map((d) => [d, [['00:00', '24:00']]])) as CalendarDefinition['workingHours'],
  holidayRegion: null,
  closedDays: [],
};

/**
 * Office hours (Mon–Fri 08:00–17:00 Europe/Berlin, no holidays) — the same default the insights'
 * business time uses; timers counted in working days fall back to it when a request has no calendar.
 */
export const OFFICE_HOURS: CalendarDefinition = {
  timeZone: 'Europe/Berlin',
  workingHours: { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']] },
  holidayRegion: null,
  closedDays: [],
};

/** Whether a local day has working hours and is neither a holiday nor a closed day. */
export function isWorkingDay(cal: CalendarDefinition, day: DateTime): boolean {
  return workingIntervals(cal, day.startOf('day')).length > 0;
}

/**
 * A timer counted in working days: `days` working days later at the same local time (closed days,
 * weekends and holidays skipped), then `workingMs` of working time on top. "P3D" from Friday 10:00
 * is Wednesday 10:00; "PT4H" from Friday 15:00 in an 08–17 calendar is Monday 10:00.
 */
export function addWorkingDays(cal: CalendarDefinition, start: Date, days: number, workingMs = 0): Date {
  let t = DateTime.fromJSDate(start, { zone: cal.timeZone });
  for (let n = 0, i = 0; n < days; i++) {
    if (i > MAX_DAYS) throw new Error('the calendar has no working day in the next three years');
    t = t.plus({ days: 1 });
    if (isWorkingDay(cal, t)) n++;
  }
  return workingMs > 0 ? addBusinessTime(cal, t.toJSDate(), workingMs) : t.toJSDate();
}
