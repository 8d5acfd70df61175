import type { Filter } from './insights.api';

const DAY = 86_400_000;
const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The period of the same length just before `f`. */
export function previousPeriod(f: Filter): Filter {
  const len = day(f.to) - day(f.from) + DAY;
  return { ...f, from: iso(day(f.from) - len), to: iso(day(f.from) - DAY) };
}

/**
 * What the compare view opens with: B is the current filter, or its last 30 days when it spans
 * more than 45 (the overview's default of 90 days would compare against a quarter in which a new
 * installation had no requests at all); A is the period of the same length just before B.
 */
export function defaultComparison(f: Filter): { a: Filter; b: Filter } {
  const b = day(f.to) - day(f.from) + DAY > 45 * DAY ? { ...f, from: iso(day(f.to) - 29 * DAY) } : { ...f };
  return { a: previousPeriod(b), b };
}

/**
 * Periods given by a link (e.g. a problem's "did it help" view: before and after its resolution):
 * aFrom, aTo, bFrom, bTo as YYYY-MM-DD and optionally processKey; null when the link has none.
 */
export function comparisonFromQuery(query: Record<string, unknown>, f: Filter): { a: Filter; b: Filter } | null {
  const d = (k: string) => (typeof query[k] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(query[k] as string) ? (query[k] as string) : null);
  const [aFrom, aTo, bFrom, bTo] = ['aFrom', 'aTo', 'bFrom', 'bTo'].map(d);
  if (!aFrom || !aTo || !bFrom || !bTo) return null;
  const base: Filter = { ...f };
  if (typeof query.processKey === 'string' && query.processKey) {
    base.processKey = query.processKey;
    delete base.version;
  }
  return { a: { ...base, from: aFrom, to: aTo }, b: { ...base, from: bFrom, to: bTo } };
}
