/**
 * An evaluation budget for feelin. FEEL has no loops other than iteration over ranges and lists
 * (`for`, `some`, `every`), so the budget charges each enumerated item, weighted by the size of the
 * evaluation context (feelin copies the context for every iteration). Ranges are charged per item
 * through FeelRange.prototype.map (which also bounds ranges that would never end); lists from
 * variables are charged by length when they are iterated (they are handed to feelin as
 * `CountedList`, whose map charges the budget). A spent budget throws `FeelBudgetExceeded`, which
 * evalFeel turns into a failed result (an incident, or a refused deploy).
 *
 * Pure: a counter, no clock. Evaluation is synchronous, so one module-level budget at a time is safe.
 */
import { FeelRange } from 'feelin';

export class FeelBudgetExceeded extends Error {
  constructor(readonly limit: number) {
    super(`the expression needs more than its evaluation budget (${limit} units; iterate over fewer items)`);
  }
}

interface Budget { spent: number; limit: number; cost: number }

let current: Budget | null = null;

function charge(items: number): void {
  const b = current;
  if (!b) return;
  b.spent += items * b.cost;
  if (b.spent > b.limit) throw new FeelBudgetExceeded(b.limit);
}

/**
 * Work of a built-in function (common/feel-functions): one unit per list item it touches, not
 * weighted by the context size (a built-in does not copy the context per item). A no-op outside a
 * budget.
 */
export function chargeItems(items: number): void {
  const b = current;
  if (!b) return;
  b.spent += items;
  if (b.spent > b.limit) throw new FeelBudgetExceeded(b.limit);
}

/** A list made by a built-in function, as a CountedList: iterating it later charges the budget. */
export function countedList<T>(items: Iterable<T>): CountedList<T> {
  const out = new CountedList<T>();
  for (const item of items) out.push(item);
  return out;
}

// feelin's own coercion of the context maps every list once; that is copying, not iteration.
const COERCE = 'coerceContext';

/** A list variable as feelin sees it: iterating it (map) charges the budget. */
export class CountedList<T> extends Array<T> {
  override map<U>(fn: (value: T, index: number, array: T[]) => U, thisArg?: unknown): U[] {
    if (fn.name !== COERCE) charge(this.length);
    return super.map(fn, thisArg);
  }
}

type RangeMap = (this: FeelRange, fn: (v: unknown) => unknown) => unknown[];
const proto = FeelRange.prototype as unknown as { map: RangeMap; __budgeted?: boolean };
if (!proto.__budgeted) {
  const original = proto.map;
  proto.map = function budgetedMap(this: FeelRange, fn: (v: unknown) => unknown) {
    if (!current) return original.call(this, fn);
    return original.call(this, (v: unknown) => {
      charge(1);
      return fn(v);
    });
  };
  proto.__budgeted = true;
}

/** Deep copy of variables with every list as a CountedList (objects are copied, scalars shared). */
export function countedValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    const out = new CountedList<unknown>();
    for (const v of value) out.push(countedValue(v));
    return out;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = countedValue(v);
    return out;
  }
  return value;
}

/**
 * Runs `fn` (a synchronous feelin call) under a budget of `limit` units; each iterated item costs
 * 20 units plus one per context entry. Nested calls keep the outer budget.
 */
export function withBudget<T>(limit: number, contextSize: number, fn: () => T): T {
  if (current) return fn();
  current = { spent: 0, limit, cost: 20 + contextSize };
  try {
    return fn();
  } finally {
    current = null;
  }
}
