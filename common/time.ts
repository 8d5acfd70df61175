/** ISO-8601 durations, dates and repeating intervals for timer events; pure date arithmetic in UTC. */

const DURATION = /^(-)?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

export interface Duration {
  sign: 1 | -1;
  years: number; months: number; weeks: number; days: number;
  hours: number; minutes: number; seconds: number;
}

/**
 * Parse `P1DT2H` style durations; null when the text is not one. The designators may be lower case
 * (`PT30s`), as java.time and so Camunda 8 accept them.
 */
export function parseDuration(text: string): Duration | null {
  const t = text.trim().toUpperCase();
  const m = DURATION.exec(t);
  if (!m || t === 'P' || t.endsWith('T')) return null;
  const n = (s: string | undefined) => (s ? Number(s.replace(',', '.')) : 0);
  return {
    sign: m[1] ? -1 : 1,
    years: n(m[2]), months: n(m[3]), weeks: n(m[4]), days: n(m[5]),
    hours: n(m[6]), minutes: n(m[7]), seconds: n(m[8]),
  };
}

/** Add a duration to a date (calendar fields first, then exact time). */
export function addDuration(from: Date, d: Duration): Date {
  const out = new Date(from.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + d.sign * d.years, out.getUTCMonth() + d.sign * d.months);
  out.setUTCDate(out.getUTCDate() + d.sign * (d.weeks * 7 + d.days));
  const ms = ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
  return new Date(out.getTime() + d.sign * ms);
}

/** Parse an ISO date-time; null when invalid. */
export function parseDateTime(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?/.test(text.trim())) return null;
  const d = new Date(text.trim());
  return Number.isNaN(d.getTime()) ? null : d;
}

export interface Cycle {
  /** Total repetitions; -1 for unbounded (`R/…`). */
  repetitions: number;
  start?: Date;
  interval: string;
}

/** Parse `R3/PT10M`, `R/PT1H` or `R2/2025-01-01T00:00:00Z/P1D`. Cron is not supported. */
export function parseCycle(text: string): Cycle | null {
  const parts = text.trim().split('/');
  const rep = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!rep) return null;
  const repetitions = rep[1] === '' ? -1 : Number(rep[1]);
  if (parts.length === 2 && parseDuration(parts[1])) return { repetitions, interval: parts[1] };
  if (parts.length === 3 && parseDateTime(parts[1]) && parseDuration(parts[2])) {
    return { repetitions, start: parseDateTime(parts[1]) ?? undefined, interval: parts[2] };
  }
  return null;
}

/**
 * A duration as working time (esm:businessTime): weeks and days as working days (a week = 5), the
 * rest as working milliseconds; null for years, months or a negative duration.
 */
export function workingDuration(d: Duration): { days: number; ms: number } | null {
  if (d.sign < 0 || d.years || d.months) return null;
  return { days: d.weeks * 5 + d.days, ms: ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000 };
}
