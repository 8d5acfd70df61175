import { isChannel } from '../../common/channels';
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
 * aFrom, aTo, bFrom, bTo as YYYY-MM-DD and optionally processKey, aChannel and bChannel (portal,
 * mail); null when the link has none.
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
  const channel = (k: string) => (isChannel(query[k]) ? { channel: query[k] } : {});
  const a = { ...base, from: aFrom, to: aTo, ...channel('aChannel') }, b = { ...base, from: bFrom, to: bTo, ...channel('bChannel') };
  if (!isChannel(query.aChannel)) delete a.channel;
  if (!isChannel(query.bChannel)) delete b.channel;
  return { a, b };
}

/** The compared pair as link parameters (read back by comparisonFromQuery); other parameters kept. */
export function comparisonQuery(query: Record<string, unknown>, a: Filter, b: Filter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && !/^[ab](From|To|Channel)$/.test(k)) out[k] = v;
  Object.assign(out, { aFrom: a.from, aTo: a.to, bFrom: b.from, bTo: b.to });
  if (a.channel) out.aChannel = a.channel;
  if (b.channel) out.bChannel = b.channel;
  return out;
}

/** Requests by mail (A) against those through the portal (B) in B's period: does e-mail take longer? */
export function channelComparison(b: Filter): { a: Filter; b: Filter } {
  return { a: { ...b, channel: 'mail' }, b: { ...b, channel: 'portal' } };
}
