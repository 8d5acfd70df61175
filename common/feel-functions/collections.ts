/**
 * Camunda 8's list and context extensions (docs.camunda.io, FEEL built-in functions, 8.8) and the
 * overloads feelin lacks (`get value` with a path, `context put` creating the path, the deprecated
 * names `put`, `put all`, `and`, `or`). Every function charges the evaluation budget per item and
 * returns lists as CountedList, so iterating them later is charged too.
 */
import { chargeItems, countedList } from '../feel-budget';
import { builtin, feelFn, isContext, isList, nil, valueKey, type FeelFn } from './util';

const feelinAll = builtin('all');
const feelinAny = builtin('any');
const feelinGetValue = builtin('get value');
const feelinContextMerge = builtin('context merge');

/** Lists given as one list or as several arguments (`sum([1,2])` and `sum(1,2)`). */
const varargs = (args: unknown[]): unknown[] => (args.length === 1 && isList(args[0]) ? args[0] : args);

function getPath(context: unknown, keys: unknown[]): unknown {
  if (keys.length === 0) return null;
  let current = context;
  for (const key of keys) {
    if (typeof key !== 'string' || !isContext(current) || !Object.hasOwn(current, key)) return null;
    current = current[key];
  }
  return current ?? null;
}

function putPath(context: Record<string, unknown>, keys: unknown[], value: unknown): Record<string, unknown> | null {
  const [key, ...rest] = keys;
  if (typeof key !== 'string') return null;
  if (rest.length === 0) return { ...context, [key]: value };
  const inner = putPath(isContext(context[key]) ? context[key] : {}, rest, value);
  return inner === null ? null : { ...context, [key]: inner };
}

const contextPut = feelFn(['context', 'key', 'value', 'keys'], (context, key, value, keys) => {
  if (!isContext(context)) return null;
  const path = !nil(keys) ? keys : isList(key) ? key : [key];
  if (!isList(path) || path.length === 0) return null;
  chargeItems(path.length);
  return putPath(context, path, value ?? null);
});

export const collectionFunctions: Record<string, FeelFn> = {
  'is empty': feelFn(['list'], (list) => (isList(list) ? list.length === 0 : null)),
  'duplicate values': feelFn(['list'], (list) => {
    if (!isList(list)) return null;
    chargeItems(list.length);
    const seen = new Map<string, { value: unknown; count: number }>();
    for (const item of list) {
      const key = valueKey(item);
      const entry = seen.get(key);
      if (entry) entry.count++;
      else seen.set(key, { value: item, count: 1 });
    }
    return countedList([...seen.values()].filter((e) => e.count > 1).map((e) => e.value));
  }),
  partition: feelFn(['list', 'size'], (list, size) => {
    if (!isList(list) || typeof size !== 'number' || !Number.isInteger(size) || size <= 0) return null;
    chargeItems(list.length);
    const parts = [];
    for (let i = 0; i < list.length; i += size) parts.push(countedList(list.slice(i, i + size)));
    return countedList(parts);
  }),
  // deprecated Camunda names of all() and any(); only passed in where they are called (see index.ts)
  and: feelFn(['...list'], (...args) => feelinAll(...varargs(args))),
  or: feelFn(['...list'], (...args) => feelinAny(...varargs(args))),

  'get value': feelFn(['context', 'key', 'keys', 'm'], (context, key, keys, m) => {
    const ctx = context ?? m;
    const path = !nil(keys) ? keys : key;
    if (isList(path)) {
      chargeItems(path.length);
      return getPath(ctx, path);
    }
    return feelinGetValue(ctx, path);
  }),
  'context put': contextPut,
  put: contextPut,
  'put all': feelFn(['...contexts'], (...args) => feelinContextMerge(...varargs(args))),
  context: feelFn(['entries'], (entries) => {
    const list = isList(entries) ? entries : [entries];
    chargeItems(list.length);
    const out: Record<string, unknown> = {};
    for (const entry of list) {
      if (!isContext(entry) || typeof entry.key !== 'string' || !('value' in entry)) return null;
      out[entry.key] = entry.value;
    }
    return out;
  }),
};
