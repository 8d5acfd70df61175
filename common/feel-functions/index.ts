/**
 * FEEL as Camunda 8.8 has it: the functions Lotse adds to feelin's built-ins, passed to feelin in
 * the evaluation context (feelin's documented hook for functions; a context entry takes precedence
 * over a built-in of the same name). Only the functions an expression calls are passed in: the
 * context is copied for every iteration of `for`/`some`/`every`, and the evaluation budget is
 * weighted by its size.
 *
 * docs/engine-coverage.md, "FEEL built-in functions", lists every function with its test.
 */
import { collectionFunctions } from './collections';
import { rangeFunctions } from './ranges';
import { textFunctions } from './text';
import type { FeelFn } from './util';
import { valueFunctions } from './values';

export { FeelAssertionError } from './text';

/** Every function Lotse adds or redoes, by FEEL name. */
export const LOTSE_FUNCTIONS: Readonly<Record<string, FeelFn>> = {
  ...textFunctions, ...collectionFunctions, ...valueFunctions, ...rangeFunctions,
};

/** feelin 8.2's own built-ins (its `builtins` table; the package does not export the names). */
export const FEELIN_BUILTINS: readonly string[] = [
  'number', 'string', 'date', 'date and time', 'time', 'duration', 'years and months duration', 'now', 'today', 'not',
  'substring', 'string length', 'upper case', 'lower case', 'substring before', 'substring after', 'replace', 'contains',
  'matches', 'starts with', 'ends with', 'split', 'string join', 'list contains', 'list replace', 'count', 'min', 'max',
  'sum', 'mean', 'all', 'any', 'sublist', 'append', 'concatenate', 'insert before', 'remove', 'reverse', 'index of',
  'union', 'distinct values', 'flatten', 'product', 'median', 'stddev', 'mode', 'decimal', 'floor', 'ceiling', 'abs',
  'round up', 'round down', 'round half up', 'round half down', 'modulo', 'sqrt', 'log', 'exp', 'odd', 'even', 'is',
  'before', 'after', 'meets', 'met by', 'overlaps', 'overlaps before', 'overlaps after', 'finishes', 'finished by',
  'includes', 'during', 'starts', 'started by', 'coincides', 'day of year', 'day of week', 'month of year',
  'week of year', 'sort', 'get value', 'get entries', 'context', 'context merge', 'context put',
];

/** Every function name an expression may call. */
export const KNOWN_FUNCTIONS: ReadonlySet<string> = new Set([...FEELIN_BUILTINS, ...Object.keys(LOTSE_FUNCTIONS)]);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A call of each function: its name (words separated by any whitespace) followed by `(`, not part
 * of a longer name or a path. `and(`/`or(` only where an operand cannot stand before them, so the
 * operators `a and (b)` stay operators (a context entry named `and` would make them calls).
 */
const callPatterns: ReadonlyArray<[string, RegExp]> = Object.keys(LOTSE_FUNCTIONS).map((name) => {
  const words = name.split(' ').map(escape).join('\\s+');
  const before = name === 'and' || name === 'or' ? '(?:^|[(\\[{,:])\\s*' : '(?<![\\w.])';
  return [name, new RegExp(`${before}${words}\\s*\\(`)];
});

const NONE: Readonly<Record<string, FeelFn>> = Object.freeze({});
const cache = new Map<string, Readonly<Record<string, FeelFn>>>();

/** The Lotse functions `expression` calls, to pass in its evaluation context (spread it, do not change it). */
export function functionsFor(expression: string): Readonly<Record<string, FeelFn>> {
  if (!expression.includes('(')) return NONE;
  const cached = cache.get(expression);
  if (cached) return cached;
  const out: Record<string, FeelFn> = {};
  for (const [name, pattern] of callPatterns) if (pattern.test(expression)) out[name] = LOTSE_FUNCTIONS[name];
  if (cache.size > 5000) cache.clear();
  const result = Object.keys(out).length > 0 ? Object.freeze(out) : NONE;
  cache.set(expression, result);
  return result;
}
