/**
 * Helpers for the FEEL functions Lotse adds to feelin (Camunda 8's extensions and the standard
 * functions feelin lacks). A function is a plain JavaScript function with its FEEL parameter names
 * in `$args`: feelin's documented way to call functions passed in the evaluation context, with
 * positional and named arguments.
 */
import { evaluate, isRange, type FeelRange } from 'feelin';

export type FeelFn = ((...args: any[]) => unknown) & { $args: string[] };

/** A FEEL function with the given parameter names (prefix `...` for varargs). */
export function feelFn(params: string[], fn: (...args: any[]) => unknown): FeelFn {
  return Object.assign(fn, { $args: params });
}

/**
 * feelin's own built-in `name`, to delegate the cases it already handles: the function feelin
 * resolves for the name (it checks and converts the arguments itself; a failure comes back as
 * feelin's failure value, which feelin turns into a warning and null). Names feelin resolves only
 * in call position (`date and time`) are called through a FEEL invocation instead.
 */
export function builtin(name: string): (...args: unknown[]) => unknown {
  let captured: unknown = null;
  // explicit $args: feelin reads parameter names from the source otherwise, which minifiers change
  evaluate(`capture(${name})`, { capture: feelFn(['f'], (f) => { captured = f; }) });
  if (typeof captured === 'function') return captured as (...args: unknown[]) => unknown;
  return (...args: unknown[]) => {
    let n = args.length;
    while (n > 0 && args[n - 1] === undefined) n--;
    const context: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) context[`a${i}`] = args[i] ?? null;
    return evaluate(`${name}(${Object.keys(context).join(', ')})`, context).value;
  };
}

/** A value a FEEL function got for a parameter: `undefined` (not given) counts as null. */
export const nil = (v: unknown): v is null | undefined => v === null || v === undefined;

export const isList = (v: unknown): v is unknown[] => Array.isArray(v);

export const isContext = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

export { isRange, type FeelRange };

const compareExpression = 'if a < b then -1 else if a = b then 0 else if a > b then 1 else null';

/**
 * FEEL comparison of two points (numbers, strings, dates, times, date-times, durations), through
 * feelin itself so temporal values compare as FEEL defines: -1, 0, 1, or null when not comparable.
 */
export function compare(a: unknown, b: unknown): -1 | 0 | 1 | null {
  if (nil(a) || nil(b)) return null;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const r = evaluate(compareExpression, { a, b }).value;
  return r === -1 || r === 0 || r === 1 ? r : null;
}

/**
 * A key that is equal for FEEL-equal JSON-like values (numbers, strings, booleans, null, lists,
 * contexts, temporal values): used to find duplicates in one pass instead of comparing all pairs.
 */
export function valueKey(v: unknown): string {
  if (v === null || v === undefined) return 'n';
  if (typeof v === 'number') return `#${v}`;
  if (typeof v === 'string') return `s${v}`;
  if (typeof v === 'boolean') return `b${v}`;
  if (Array.isArray(v)) return `[${v.map(valueKey).join(',')}]`;
  if (isContext(v)) {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${valueKey(v[k])}`).join(',')}}`;
  }
  const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
  return `${proto?.constructor?.name ?? 'o'}:${String(v)}`;
}

/** A FEEL value as JSON data (temporal values as their ISO text, functions and ranges dropped). */
export function jsonData(v: unknown): unknown {
  if (v === null || v === undefined || typeof v === 'function') return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return Array.from(v, jsonData);
  if (isContext(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonData(x)]));
  if (isRange(v)) return null;
  return String(v);
}
