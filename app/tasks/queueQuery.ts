import type { LocationQuery } from 'vue-router';
import { AGE_FILTERS, DEFAULT_FILTERS, DUE_FILTERS, TASK_PRIORITIES, TASK_SORTS, type QueueFilters } from './tasks.store';

// URL names of the task-list filters: ?queue=group:it&sort=priority&dir=asc&process=…&priority=high&due=overdue&age=3d&q=drucker&page=2
const text = (v: LocationQuery[string]) => (typeof v === 'string' ? v : '');
const pick = <T extends string>(v: string, allowed: readonly T[], d: T | ''): T | '' => ((allowed as readonly string[]).includes(v) ? (v as T) : d);

/** The filters a URL asks for; unknown values fall back to the defaults (a stale bookmark still opens). */
export function filtersFromQuery(query: LocationQuery): QueueFilters {
  const page = Number(text(query.page));
  return {
    sort: pick(text(query.sort), TASK_SORTS, DEFAULT_FILTERS.sort) || DEFAULT_FILTERS.sort,
    direction: pick(text(query.dir), ['asc', 'desc'] as const, ''),
    processKey: text(query.process),
    priority: pick(text(query.priority), TASK_PRIORITIES, ''),
    due: pick(text(query.due), DUE_FILTERS, ''),
    age: pick(text(query.age), AGE_FILTERS, ''),
    search: text(query.q).slice(0, 200),
    page: Number.isInteger(page) && page > 1 ? page - 1 : 0,
  };
}

/** The URL query for filters, leaving out the defaults so plain links stay plain. */
export function filtersToQuery(f: QueueFilters): Record<string, string | undefined> {
  const or = (v: string, d: string) => (v && v !== d ? v : undefined);
  return {
    sort: or(f.sort, DEFAULT_FILTERS.sort),
    dir: or(f.direction, ''),
    process: or(f.processKey, ''),
    priority: or(f.priority, ''),
    due: or(f.due, ''),
    age: or(f.age, ''),
    q: or(f.search, ''),
    page: f.page > 0 ? String(f.page + 1) : undefined,
  };
}
