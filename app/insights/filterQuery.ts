import { isChannel } from '../../common/channels';
import type { Filter } from './insights.api';

/** The query parameters the shared insights filter is kept in (a link shows the same figures). */
export const FILTER_KEYS = ['from', 'to', 'departmentId', 'processKey', 'version', 'channel'] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** The filter a URL names; values that cannot be right are left out (the store keeps its own). */
export function filterFromQuery(query: Record<string, unknown>): Partial<Filter> {
  const f: Partial<Filter> = {};
  const from = text(query.from), to = text(query.to);
  if (from && DATE.test(from)) f.from = from;
  if (to && DATE.test(to)) f.to = to;
  if (text(query.departmentId)) f.departmentId = text(query.departmentId);
  if (text(query.processKey)) f.processKey = text(query.processKey);
  const version = Number(query.version);
  if (f.processKey && Number.isInteger(version) && version > 0) f.version = version;
  if (isChannel(query.channel)) f.channel = query.channel;
  return f;
}

/** The route query with the filter in it: other parameters kept, empty filter values left out. */
export function queryWithFilter(query: Record<string, unknown>, f: Filter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && !(FILTER_KEYS as readonly string[]).includes(k)) out[k] = v;
  for (const k of FILTER_KEYS) if (f[k] !== undefined && f[k] !== '') out[k] = String(f[k]);
  return out;
}
