/**
 * FEEL parse cache (common/feel-parse-cache.ts): an expression evaluated again gives exactly what an
 * uncached evaluation gives — also when variable names with spaces change how the text parses —
 * the evaluation budget is charged on every evaluation, and the cache stays bounded.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from 'feelin';
import { evalFeel, evalUnaryTest, toJson } from '../../common/feel';
import { PARSE_CACHE_SIZE, parseCacheSize, parseCacheStats } from '../../common/feel-parse-cache';

const now = new Date('2025-01-06T08:00:00Z');

describe('FEEL parse cache', () => {
  it('given the same condition evaluated many times, then it is parsed once and answers each time from its own variables', () => {
    const before = { ...parseCacheStats };
    const answers = [10, 999, 1000, 5000].map((amount) => evalFeel('approved = true and amount < 1000', { approved: true, amount }, now));
    expect(answers).toEqual([{ ok: true, value: true }, { ok: true, value: true }, { ok: true, value: false }, { ok: true, value: false }]);
    expect(parseCacheStats.misses - before.misses).toBeLessThanOrEqual(1);
    expect(parseCacheStats.hits - before.hits).toBeGreaterThanOrEqual(3);
  });

  it('given names with spaces or operators in one evaluation and not in the next, then each parses as feelin alone would', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['first name', { 'first name': 'Ada' }],
      ['first name', { first: 'A', name: 'B' }],
      ['a+b', { 'a+b': 7, a: 1, b: 2 }],
      ['a+b', { a: 1, b: 2 }],
      ['a+b', { 'a+b': 7, a: 1, b: 2 }],
      ['person.home address', { person: { 'home address': 'Main St' } }],
      ['person.home address', { person: { home: 'x' } }],
      ['for p in people return p.last name', { people: [{ 'last name': 'Lovelace' }] }],
    ];
    for (const [expression, variables] of cases) {
      let expected: unknown;
      try {
        expected = { ok: true, value: toJson(evaluate(expression, { ...variables }).value) };
      } catch {
        expected = { ok: false };
      }
      const got = evalFeel(expression, variables, now);
      expect(got.ok ? got : { ok: false }, `${expression} with ${Object.keys(variables).join(', ')}`).toEqual(expected);
    }
  });

  it('given a loop over a requester\'s list, then the budget stops it on every evaluation, not only the first', () => {
    const big = Array.from({ length: 20_000 }, (_, i) => i);
    for (let i = 0; i < 3; i++) {
      expect(evalFeel('for a in L, b in L return 1', { L: big }, now)).toEqual({ ok: false, error: expect.stringContaining('evaluation budget') });
    }
    expect(evalFeel('for a in L, b in L return 1', { L: [1, 2] }, now)).toEqual({ ok: true, value: [1, 1, 1, 1] });
  });

  it('given unary tests of a decision table, then cached parses still test each input', () => {
    expect(evalUnaryTest('> 5', 7, {}, now)).toEqual({ ok: true, value: true });
    expect(evalUnaryTest('> 5', 3, {}, now)).toEqual({ ok: true, value: false });
  });

  it('given more distinct expressions than the cache holds, then it keeps at most its size', () => {
    for (let i = 0; i < PARSE_CACHE_SIZE + 50; i++) evalFeel(`x + ${i}`, { x: 1 }, now);
    expect(parseCacheSize()).toBeLessThanOrEqual(PARSE_CACHE_SIZE);
    expect(evalFeel(`x + ${PARSE_CACHE_SIZE + 49}`, { x: 1 }, now)).toEqual({ ok: true, value: PARSE_CACHE_SIZE + 50 });
  });
});
