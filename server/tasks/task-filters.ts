/**
 * The query parameters of GET /api/tasks, checked at the edge (400 naming the parameter), and the
 * SQL they turn into: one WHERE and ORDER BY over `tasks t JOIN process_instances p`, parameterised
 * for every value from the caller; only values from the closed sets below are written into the SQL.
 */
import { HttpError } from '../errors';
import { AT_RISK_MIN_LEFT_MS, DUE_STATES, TASK_PRIORITIES, type DueState, type TaskPriority } from '../../common/task-rules';
import { searchCondition, searchWords } from './task-search';

export const TASK_SORTS = ['due', 'priority', 'created', 'age'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];
export type DueFilter = DueState | 'none';
const DUE_FILTERS: readonly DueFilter[] = [...DUE_STATES, 'none'];
const STATES = ['open', 'completed', 'cancelled'] as const;
const DIRECTIONS = ['asc', 'desc'] as const;

/** Natural direction of each sort: the soonest deadline, the highest priority, the oldest task first. */
const DEFAULT_DIRECTION: Record<TaskSort, 'asc' | 'desc'> = { due: 'asc', priority: 'desc', created: 'asc', age: 'desc' };

export interface TaskFilter {
  assignee?: 'me' | 'none' | string;
  candidateGroup?: string;
  processKey?: string;
  state: (typeof STATES)[number];
  priority?: TaskPriority[];
  due?: DueFilter[];
  /** Only tasks created more than this many milliseconds ago. */
  olderThanMs?: number;
  /** Words of the search box (full text, prefix of the last word), already checked and cut to the budget. */
  search?: string[];
  sort: TaskSort;
  direction: 'asc' | 'desc';
  limit: number;
  offset: number;
}

function invalid(name: string, message: string): HttpError {
  return new HttpError(400, 'bad_request', `Query parameter ${name}: ${message}`, [{ path: `/${name}`, message }]);
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw invalid(name, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

function listOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (value === undefined || value === '') return undefined;
  const items = value.split(',').map((v) => v.trim());
  const wrong = items.find((v) => !(allowed as readonly string[]).includes(v));
  if (wrong !== undefined) throw invalid(name, `"${wrong}" is not one of ${allowed.join(', ')}`);
  return [...new Set(items)] as T[];
}

function wholeNumber(name: string, value: string | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw invalid(name, `must be a whole number from ${min} to ${max}`);
  return n;
}

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

/** An age as an ISO-8601 duration of calendar time (P3D, PT12H, P1W); weeks, days, hours, minutes. */
function duration(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const m = DURATION.exec(value);
  if (!m || value === 'P' || value.endsWith('T')) throw invalid(name, 'must be an ISO-8601 duration such as P3D or PT12H');
  const [w, d, h, min] = m.slice(1).map((x) => Number(x ?? 0));
  return (((w * 7 + d) * 24 + h) * 60 + min) * 60_000 || undefined;
}

/** Reads and checks the task-list parameters; throws 400 naming the first bad one. */
export function parseTaskFilter(q: (name: string) => string | undefined): TaskFilter {
  const sort = oneOf('sort', q('sort'), TASK_SORTS) ?? 'due';
  const group = q('candidateGroup');
  const process = q('processKey');
  return {
    assignee: q('assignee') || undefined,
    candidateGroup: group || undefined,
    processKey: process || undefined,
    state: oneOf('state', q('state'), STATES) ?? 'open',
    priority: listOf('priority', q('priority'), TASK_PRIORITIES),
    due: listOf('due', q('due'), DUE_FILTERS),
    olderThanMs: duration('olderThan', q('olderThan')),
    search: searchWords(q('q'), invalid),
    sort,
    direction: oneOf('direction', q('direction'), DIRECTIONS) ?? DEFAULT_DIRECTION[sort],
    limit: wholeNumber('limit', q('limit'), 1, 200, 50),
    offset: wholeNumber('offset', q('offset'), 0, 1_000_000, 0),
  };
}

/** ORDER BY for a sort; created_at and id make it total, so consecutive pages never overlap. */
export function taskOrder(f: Pick<TaskFilter, 'sort' | 'direction'>): string {
  const dir = f.direction === 'desc' ? 'DESC' : 'ASC';
  switch (f.sort) {
    case 'priority':
      return `task_priority_rank(p.priority, t.priority) ${dir}, t.priority ${dir}, t.due_at NULLS LAST, t.created_at, t.id`;
    case 'created':
      return `t.created_at ${dir}, t.id ${dir}`;
    case 'age': {
      const older = f.direction === 'desc' ? 'ASC' : 'DESC'; // the greatest age is the earliest creation
      return `t.created_at ${older}, t.id ${older}`;
    }
    default:
      return `t.due_at ${dir} NULLS LAST, t.created_at ${dir}, t.id ${dir}`;
  }
}

/**
 * The conditions of a filter (besides visibility), pushing values onto `params`. The due states
 * are written so that the partial indexes of 009_task_filters.sql apply: `due_at` for overdue and
 * none, `task_at_risk_from(due_at, created_at)` for at risk and on time.
 */
export function taskConditions(f: TaskFilter, me: string, now: Date, params: unknown[]): string[] {
  const $ = (v: unknown) => `$${params.push(v)}`;
  const where = [`t.status = '${f.state}'`];
  if (f.assignee === 'me') where.push(`t.assignee = ${$(me)}`);
  else if (f.assignee === 'none') where.push('t.assignee IS NULL');
  else if (f.assignee) where.push(`t.assignee = ${$(f.assignee.toLowerCase())}`);
  if (f.candidateGroup) where.push(`t.candidate_groups @> ARRAY[${$(f.candidateGroup)}::text]`);
  if (f.processKey) where.push(`p.process_key = ${$(f.processKey)}`);
  if (f.priority) where.push(`task_priority_rank(p.priority, t.priority) = ANY(${$(f.priority.map((x) => TASK_PRIORITIES.indexOf(x) + 1))}::int[])`);
  if (f.search?.length) where.push(searchCondition(f.search, $));
  if (f.olderThanMs) where.push(`t.created_at < ${$(new Date(now.getTime() - f.olderThanMs))}`);
  if (f.due) {
    const at = f.due.some((d) => d !== 'none') ? $(now) : '';
    // due_at ≥ now + 4 h follows from the on-time rule; said explicitly, it lets the deadline index skip the overdue rows.
    const soonest = f.due.includes('on_time') ? $(new Date(now.getTime() + AT_RISK_MIN_LEFT_MS)) : '';
    const risk = 'task_at_risk_from(t.due_at, t.created_at)';
    const one: Record<DueFilter, string> = {
      overdue: `t.due_at < ${at}`,
      at_risk: `(t.due_at IS NOT NULL AND ${risk} < ${at} AND t.due_at >= ${at})`,
      on_time: `(t.due_at >= ${soonest} AND ${risk} >= ${at})`,
      none: 't.due_at IS NULL',
    };
    where.push(`(${f.due.map((d) => one[d]).join(' OR ')})`);
  }
  return where;
}
