/**
 * FEEL through feelin, Camunda 8 style: a value starting with `=` is an expression, anything else a
 * literal. Evaluation never throws: failures come back as `{ ok: false }` so the core can open an
 * incident. `now()` and `today()` read the time passed in, never the clock. Camunda's built-in
 * functions that feelin lacks come from feel-functions/ (passed in the context, only those called).
 */
import { evaluate, unaryTest, dateAndTime, date, SyntaxError as FeelSyntaxError } from 'feelin';
import { FeelBudgetExceeded, countedValue, withBudget } from './feel-budget';
import { cachedParse } from './feel-parse-cache';
import { functionsFor } from './feel-functions/index';
import { unknownFunctions } from './feel-functions/check';
import { FEEL_BUDGET, MAX_VARIABLE_BYTES, jsonSize } from './limits';

export type FeelResult<T = unknown> = { ok: true; value: T } | { ok: false; error: string };

/** True when an attribute value is a FEEL expression (`=…`). */
export function isExpression(value: string | undefined): value is string {
  return typeof value === 'string' && value.trimStart().startsWith('=');
}

/** The expression text without the leading `=`. */
export function stripEquals(value: string): string {
  const trimmed = value.trimStart();
  return trimmed.startsWith('=') ? trimmed.slice(1) : trimmed;
}

const syntaxCache = new Map<string, string | null>();

/** Syntax check of a FEEL expression (without `=`): the error message, or null when it parses. */
export function feelSyntaxError(expression: string): string | null {
  const cached = syntaxCache.get(expression);
  if (cached !== undefined) return cached;
  let error: string | null = null;
  if (expression.trim() === '') error = 'empty expression';
  else {
    try {
      // FEEL has no side effects, so evaluating against an empty context is a safe parse check;
      // under the evaluation budget, so a constant expression too large to run is refused here.
      withBudget(FEEL_BUDGET, 0, () => cachedParse(null, () => evaluate(expression, functionsFor(expression))));
    } catch (e) {
      error = e instanceof FeelSyntaxError || (e as Error)?.name === 'SyntaxError'
        ? `FEEL syntax error in '${expression}': ${(e as Error).message}`
        : e instanceof FeelBudgetExceeded ? `FEEL expression '${short(expression)}': ${e.message}` : null;
    }
    error ??= unknownFunctionError(expression);
  }
  if (syntaxCache.size > 5000) syntaxCache.clear();
  syntaxCache.set(expression, error);
  return error;
}

/** A call of a function FEEL does not have (a deploy error, like a syntax error), or null. */
function unknownFunctionError(expression: string): string | null {
  const unknown = unknownFunctions(expression, functionsFor(expression));
  if (unknown.length === 0) return null;
  const calls = unknown.map((n) => `${n}()`).join(', ');
  return `FEEL expression '${short(expression)}' calls ${calls}: ${unknown.length === 1 ? 'no such function' : 'no such functions'} in Camunda 8's FEEL`;
}

/** Syntax check of an attribute value: only `=…` values are FEEL. */
export function valueSyntaxError(value: string | undefined): string | null {
  return isExpression(value) ? feelSyntaxError(stripEquals(value)) : null;
}

function context(expression: string, variables: Record<string, unknown>, now: Date): Record<string, unknown> {
  const iso = now.toISOString();
  // Lists become CountedList: iterating them charges the evaluation budget (feel-budget.ts).
  return {
    ...(countedValue(variables) as Record<string, unknown>),
    ...functionsFor(expression),
    now: () => dateAndTime(iso),
    today: () => date(iso.slice(0, 10)),
  };
}

const short = (expression: string) => (expression.length > 80 ? `${expression.slice(0, 77)}...` : expression);

/** A result larger than one variable may be is a failure (an incident), not a string bomb. */
function tooLarge(expression: string, value: unknown): FeelResult | null {
  return jsonSize(value, MAX_VARIABLE_BYTES) > MAX_VARIABLE_BYTES
    ? { ok: false, error: `the result of '${short(expression)}' is larger than ${MAX_VARIABLE_BYTES / 1024} KB` }
    : null;
}

const FATAL_WARNINGS = new Set(['INVALID_TYPE', 'INVALID_ARGUMENTS', 'NO_FUNCTION_FOUND', 'FUNCTION_INVOCATION_FAILURE', 'UNSUPPORTED', 'NOT_COMPARABLE']);

/** Evaluate a FEEL expression (without `=`). Missing variables give null, as in Camunda 8. */
export function evalFeel(expression: string, variables: Record<string, unknown>, now: Date): FeelResult {
  try {
    const ctx = context(expression, variables, now);
    // The parse comes from a cache (feel-parse-cache.ts); the budget is charged by this evaluation.
    const { value, warnings } = withBudget(FEEL_BUDGET, Object.keys(ctx).length, () => cachedParse(variables, () => evaluate(expression, ctx)));
    const fatal = warnings.find((w) => FATAL_WARNINGS.has(w.type));
    if (value === null && fatal) return { ok: false, error: `failed to evaluate '${expression}': ${fatal.message}` };
    const json = toJson(value);
    return tooLarge(expression, json) ?? { ok: true, value: json };
  } catch (e) {
    return { ok: false, error: `failed to evaluate '${short(expression)}': ${(e as Error).message}` };
  }
}

/** Evaluate an attribute value: FEEL when it starts with `=`, else the literal text. */
export function evalValue(value: string, variables: Record<string, unknown>, now: Date): FeelResult {
  return isExpression(value) ? evalFeel(stripEquals(value), variables, now) : { ok: true, value };
}

/** Evaluate a condition; anything but a boolean is a failure (Camunda raises an incident). */
export function evalCondition(expression: string, variables: Record<string, unknown>, now: Date): FeelResult<boolean> {
  const r = evalFeel(stripEquals(expression), variables, now);
  if (!r.ok) return r;
  if (typeof r.value !== 'boolean') {
    return { ok: false, error: `expected boolean from '${expression}' but got ${JSON.stringify(r.value)}` };
  }
  return { ok: true, value: r.value };
}

/** Evaluate DMN unary tests (`> 5`, `"a","b"`, `-`, `[1..5]`) against an input value. */
export function evalUnaryTest(test: string, input: unknown, variables: Record<string, unknown>, now: Date): FeelResult<boolean> {
  if (test.trim() === '' || test.trim() === '-') return { ok: true, value: true };
  try {
    const ctx = { ...context(test, variables, now), '?': countedValue(input) };
    const { value } = withBudget(FEEL_BUDGET, Object.keys(ctx).length, () => cachedParse([variables, input], () => unaryTest(test, ctx)));
    return { ok: true, value: value === true };
  } catch (e) {
    return { ok: false, error: `failed to evaluate unary test '${test}': ${(e as Error).message}` };
  }
}

/** Convert FEEL results to JSON: temporal values become ISO strings, functions are dropped. */
export function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'function') return null;
  if (Array.isArray(value)) return Array.from(value, toJson);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return String(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJson(v);
    return out;
  }
  return String(value);
}
