/**
 * Camunda 8's numeric, temporal and conversion extensions (docs.camunda.io, FEEL built-in
 * functions, 8.8; `from json` and `to json` from 8.9) and the overloads feelin lacks: `decimal` with
 * a rounding mode, `date and time(date, timezone)`, `years and months duration` without days.
 * `random number()` and `uuid()` are random, as in Camunda; `now()` and `today()` stay in feel.ts
 * (they read the time the caller passes in).
 */
import { FeelDate, FeelDateTime, date, duration } from 'feelin';
import { countedValue } from '../feel-budget';
import { builtin, feelFn, jsonData, nil, type FeelFn } from './util';

const feelinDecimal = builtin('decimal');
const feelinDateAndTime = builtin('date and time');

type Mode = 'UP' | 'DOWN' | 'CEILING' | 'FLOOR' | 'HALF_UP' | 'HALF_DOWN' | 'HALF_EVEN' | 'UNNECESSARY';
const MODES = new Set<string>(['UP', 'DOWN', 'CEILING', 'FLOOR', 'HALF_UP', 'HALF_DOWN', 'HALF_EVEN', 'UNNECESSARY']);

/** Round `n` to `scale` decimal places with a java.math.RoundingMode (as Camunda's decimal()). */
export function roundWith(n: number, scale: number, mode: Mode): number | null {
  const factor = 10 ** scale;
  // 15 significant digits drop the binary noise of n * factor (1.005 * 100 = 100.49999999999999)
  const scaled = Number((n * factor).toPrecision(15));
  const floor = Math.floor(scaled);
  const fraction = Number((scaled - floor).toPrecision(12));
  const away = scaled < 0 ? floor : Math.ceil(scaled);
  const toward = scaled < 0 ? Math.ceil(scaled) : floor;
  let r: number;
  if (fraction === 0) r = scaled;
  else if (mode === 'UNNECESSARY') return null;
  else if (mode === 'UP') r = away;
  else if (mode === 'DOWN') r = toward;
  else if (mode === 'CEILING') r = Math.ceil(scaled);
  else if (mode === 'FLOOR') r = floor;
  else {
    const distance = Math.abs(scaled - toward);
    const half = Number(distance.toPrecision(12)) === 0.5;
    if (!half) r = distance > 0.5 ? away : toward;
    else if (mode === 'HALF_UP') r = away;
    else if (mode === 'HALF_DOWN') r = toward;
    else r = floor % 2 === 0 ? floor : floor + 1;
  }
  return Number((r / factor).toFixed(Math.max(0, scale)));
}

function monthsBetween(from: FeelDate | FeelDateTime, to: FeelDate | FeelDateTime): number {
  let months = (to.year - from.year) * 12 + (to.month - from.month);
  if (months > 0 && to.day < from.day) months--;
  if (months < 0 && to.day > from.day) months++;
  return months;
}

const isDateLike = (v: unknown): v is FeelDate | FeelDateTime => v instanceof FeelDate || v instanceof FeelDateTime;

function atZone(value: FeelDateTime, zone: string): FeelDateTime | null {
  const target = zone === 'Z' ? 'UTC' : zone;
  try {
    // a date-time without a zone is read as UTC (Lotse's clock is UTC)
    const zoned = value.value.toZonedDateTime(value.zone ?? 'UTC').withTimeZone(target);
    return new FeelDateTime(zoned.toPlainDateTime(), target);
  } catch {
    return null;
  }
}

export const valueFunctions: Record<string, FeelFn> = {
  decimal: feelFn(['n', 'scale', 'mode'], (n, scale, mode) => {
    if (nil(mode)) return feelinDecimal(n, scale);
    if (typeof n !== 'number' || typeof scale !== 'number' || typeof mode !== 'string' || !MODES.has(mode.toUpperCase())) return null;
    return roundWith(n, scale, mode.toUpperCase() as Mode);
  }),
  'random number': feelFn([], () => Math.random()),

  'last day of month': feelFn(['date'], (d) => {
    if (!isDateLike(d)) return null;
    const last = new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
    return date(`${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(last).padStart(2, '0')}`);
  }),
  'date and time': feelFn(['date', 'time', 'from', 'timezone'], (d, time, from, timezone) => {
    const zone = !nil(timezone) ? timezone : typeof time === 'string' ? time : null;
    if (zone === null) return feelinDateAndTime(d, time, from);
    return d instanceof FeelDateTime && typeof zone === 'string' ? atZone(d, zone) : null;
  }),
  'years and months duration': feelFn(['from', 'to'], (from, to) => {
    if (!isDateLike(from) || !isDateLike(to)) return null;
    const months = monthsBetween(from, to);
    return duration(`${months < 0 ? '-' : ''}P${Math.abs(months)}M`);
  }),

  // Camunda 8.9 (FEEL 1.20)
  'from json': feelFn(['value'], (text) => {
    if (typeof text !== 'string') return null;
    try {
      return countedValue(JSON.parse(text));
    } catch {
      return null;
    }
  }),
  'to json': feelFn(['value'], (value) => JSON.stringify(jsonData(value === undefined ? null : value))),

  // Camunda's connector runtime (not Zeebe): results of a connector's `errorExpression` header. The
  // context says which error to raise; the connector that evaluates the header acts on it.
  bpmnError: feelFn(['code', 'message', 'variables'], (code, message, variables) =>
    (typeof code === 'string' ? { errorType: 'bpmnError', code, message: message ?? null, variables: variables ?? null } : null)),
  jobError: feelFn(['message', 'variables', 'retries', 'retryBackoff'], (message, variables, retries, retryBackoff) =>
    (typeof message === 'string' ? { errorType: 'jobError', message, variables: variables ?? null, retries: retries ?? null, retryBackoff: retryBackoff ?? null } : null)),

  // Camunda 8.8: marks a value an AI agent fills in (tool definitions); returns it unchanged
  fromAi: feelFn(['value', 'description', 'type', 'schema', 'options'], (value) => value ?? null),
};
