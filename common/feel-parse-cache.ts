/**
 * A bounded LRU of FEEL parse trees. feelin parses the expression text at every evaluation
 * (`parser.configure({ top, contextTracker, dialect }).parse(text)` of lezer-feel); under load the
 * same few gateway conditions and mappings are evaluated thousands of times. evalFeel runs feelin
 * inside `cachedParse(variables, fn)`: the one parse that evaluation makes is looked up here first.
 *
 * When a cached tree is the same tree: the parse depends on the text, the top rule, the dialect and
 * the names the context tracker knows. Names made of plain identifier characters (not a FEEL
 * keyword) tokenise the same with or without the context, so only the other names — with spaces,
 * operators or other characters, at any depth of the variables — are part of the key (as a
 * signature). Built-in functions handed in depend on the text itself. A lezer Tree is immutable.
 *
 * Only the parse is cached: feelin still builds and runs the evaluation per call, so the evaluation
 * budget (feel-budget.ts) is charged per evaluation exactly as before.
 */
import { parser } from 'lezer-feel';

/** Most trees kept (least recently used dropped first). */
export const PARSE_CACHE_SIZE = 2000;
/** Longest text that is cached (longer ones are parsed every time: rare and would crowd the cache). */
const MAX_CACHED_TEXT = 4000;

type Parse = (input: string) => unknown;
type Configure = (config: { top?: string; dialect?: string }) => { parse: Parse };

const trees = new Map<string, unknown>();
/** The signature of the context of the evaluation under way, or null: parse as feelin does. */
let pending: string | null = null;

export const parseCacheStats = { hits: 0, misses: 0 };

const target = parser as unknown as { configure: Configure; __parseCache?: boolean };
if (!target.__parseCache) {
  const original = target.configure;
  target.configure = function cachedConfigure(this: unknown, config) {
    const signature = pending;
    // One shot: a parse that the evaluation itself might make later has a context of its own.
    pending = null;
    if (signature === null) return original.call(this, config);
    return {
      parse(input: string) {
        if (typeof input !== 'string' || input.length > MAX_CACHED_TEXT) return original.call(target, config).parse(input);
        const key = `${config.top ?? ''}\u0000${config.dialect ?? ''}\u0000${signature}\u0000${input}`;
        const hit = trees.get(key);
        if (hit !== undefined) {
          parseCacheStats.hits++;
          trees.delete(key);
          trees.set(key, hit);
          return hit;
        }
        parseCacheStats.misses++;
        const tree = original.call(target, config).parse(input);
        trees.set(key, tree);
        if (trees.size > PARSE_CACHE_SIZE) trees.delete(trees.keys().next().value!);
        return tree;
      },
    };
  };
  target.__parseCache = true;
}

const KEYWORDS = new Set([
  'true', 'false', 'null', 'and', 'or', 'not', 'for', 'in', 'return', 'if', 'then', 'else', 'some', 'every', 'satisfies',
  'between', 'instance', 'of', 'function', 'external',
]);
const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names in the variables (any depth) that the context tracker could tokenise differently; bounded walk. */
export function contextSignature(variables: unknown): string {
  const odd = new Set<string>();
  let budget = 100_000;
  const walk = (value: unknown) => {
    if (--budget < 0 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      if (!PLAIN.test(k) || KEYWORDS.has(k)) odd.add(k);
      walk(v);
    }
  };
  walk(variables);
  // A structure too large to walk is not cached (its names are not all known).
  if (budget < 0) return '\u0001uncached';
  return [...odd].sort().join('\u0000');
}

/** Runs fn (one synchronous feelin call) with its parse looked up in the cache. */
export function cachedParse<T>(variables: unknown, fn: () => T): T {
  const signature = contextSignature(variables);
  if (signature === '\u0001uncached') return fn();
  pending = signature;
  try {
    return fn();
  } finally {
    pending = null;
  }
}

/** Trees held now (for tests). */
export const parseCacheSize = () => trees.size;
