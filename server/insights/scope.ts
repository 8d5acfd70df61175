/** Which process versions and days a KPI query covers, and who may ask for them. */
import { isAdmin, hasRole, ownedDepartments, type Principal } from '../auth/principal';
import type { Queryable } from '../db/types';
import { HttpError, validationFailed, type FieldError } from '../errors';
import { CHANNELS, isChannel, type Channel } from '../../common/channels';

export interface InsightFilter {
  departmentId?: string;
  processKey?: string;
  version?: number;
  /** Requests that came in through this channel only (portal, mail); none: all. */
  channel?: Channel;
  /** Inclusive UTC dates, YYYY-MM-DD. */
  from: string;
  to: string;
}

export interface ScopedDefinition {
  id: string;
  key: string;
  version: number;
  name: string | null;
  departmentId: string | null;
}

export interface Scope {
  filter: InsightFilter;
  definitions: ScopedDefinition[];
  ids: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 86_400_000;

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** Versions are PostgreSQL integers: a larger number cannot name one (and would fail the query). */
export const MAX_VERSION = 2_147_483_647;

/** A real calendar day as YYYY-MM-DD: 2026-02-31 and year 0000 are refused (JavaScript rolls them over, PostgreSQL refuses them). */
export function isCalendarDay(v: string): boolean {
  if (!DATE.test(v) || v.startsWith('0000')) return false;
  const t = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(t) && isoDay(new Date(t)) === v;
}

/** Reads the filter from query parameters; the period defaults to the last 90 days. 422 with paths on bad values. */
export function parseFilter(query: (name: string) => string | undefined, now: Date, prefix = ''): InsightFilter {
  const q = (n: string) => query(prefix + n) || undefined;
  const channel = q('channel');
  // Not a value out of range but an unknown word: 400, with its path like the other filters.
  if (channel !== undefined && !isChannel(channel)) {
    throw new HttpError(400, 'bad_request', 'The input is not valid', [{ path: `/${prefix}channel`, message: `must be one of ${CHANNELS.join(', ')}` }]);
  }
  const errors: FieldError[] = [];
  const to = q('to') ?? isoDay(now);
  const from = q('from') ?? isoDay(new Date(Date.parse(`${to}T00:00:00Z`) - 89 * DAY_MS));
  for (const [name, v] of [['from', from], ['to', to]] as const) {
    if (!isCalendarDay(v)) errors.push({ path: `/${prefix}${name}`, message: 'must be a date YYYY-MM-DD that exists (year 1 or later)' });
  }
  if (!errors.length && from > to) errors.push({ path: `/${prefix}from`, message: 'must not be after "to"' });
  const departmentId = q('departmentId');
  if (departmentId && !UUID.test(departmentId)) errors.push({ path: `/${prefix}departmentId`, message: 'must be a department id' });
  const versionText = q('version');
  const version = versionText === undefined ? undefined : Number(versionText);
  if (version !== undefined && (!Number.isInteger(version) || version < 1 || version > MAX_VERSION)) errors.push({ path: `/${prefix}version`, message: 'must be a positive whole number' });
  if (version !== undefined && !q('processKey')) errors.push({ path: `/${prefix}version`, message: 'needs processKey' });
  if (errors.length) throw validationFailed(errors);
  return { from, to, ...(departmentId ? { departmentId } : {}), ...(q('processKey') ? { processKey: q('processKey') } : {}), ...(version ? { version } : {}), ...(channel ? { channel } : {}) };
}

/** Departments whose insights the user may read; null = all (analysts and admins). */
export function insightDepartments(p: Principal): string[] | null {
  if (isAdmin(p) || hasRole(p, 'analyst')) return null;
  return ownedDepartments(p) ?? [];
}

/** Throws 403 (with its own message) when the user may not read the department's insights. */
export function assertDepartment(p: Principal, departmentId: string | null | undefined) {
  const allowed = insightDepartments(p);
  if (allowed && (!departmentId || !allowed.includes(departmentId))) {
    throw new HttpError(403, 'forbidden', 'Process owners see the insights of their own departments only');
  }
}

/** The process versions the filter selects among those the user may see. */
export async function resolveScope(db: Queryable, p: Principal, filter: InsightFilter): Promise<Scope> {
  if (filter.departmentId) assertDepartment(p, filter.departmentId);
  const allowed = insightDepartments(p);
  const r = await db.query<{ id: string; key: string; version: number; name: string | null; department_id: string | null }>(
    `SELECT id, key, version, name, department_id FROM definitions
     WHERE ($1::uuid IS NULL OR department_id = $1) AND ($2::text IS NULL OR key = $2) AND ($3::int IS NULL OR version = $3)
       AND ($4::uuid[] IS NULL OR department_id = ANY ($4))
     ORDER BY key, version`,
    [filter.departmentId ?? null, filter.processKey ?? null, filter.version ?? null, allowed],
  );
  const definitions = r.rows.map((d) => ({ id: d.id, key: d.key, version: d.version, name: d.name, departmentId: d.department_id }));
  return { filter, definitions, ids: definitions.map((d) => d.id) };
}
