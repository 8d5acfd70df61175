/**
 * The evaluation budget (common/feel-budget.ts) covers the functions Lotse adds to feelin: they
 * charge per list item they touch, and the lists they return (split, extract, partition, …) charge
 * again when an expression iterates them, closing the gap docs/SECURITY.md listed ("FEEL lists
 * produced by built-in functions are not charged when iterated").
 */
import { describe, expect, it } from 'vitest';
import { evalFeel } from '../../common/feel';

const now = new Date('2025-01-06T08:00:00Z');
const L = Array.from({ length: 10_000 }, (_, i) => i % 5000);
const budgetFailure = { ok: false, error: expect.stringContaining('evaluation budget') };

describe('FEEL budget and built-in functions', () => {
  it('given a cartesian for over two lists split from text, then the budget stops it quickly', () => {
    const s = 'x'.repeat(3000);
    const t = performance.now();
    expect(evalFeel('for a in split(s, ""), b in split(s, "") return 1', { s }, now)).toEqual(budgetFailure);
    expect(evalFeel('for a in extract(s, "x"), b in extract(s, "x") return 1', { s }, now)).toEqual(budgetFailure);
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('given a list function over a long list inside a loop, then the items it touches are charged', () => {
    expect(evalFeel('for i in 1..200 return count(duplicate values(L))', { L }, now)).toEqual(budgetFailure);
    expect(evalFeel('for i in 1..200 return count(partition(L, 2))', { L }, now)).toEqual(budgetFailure);
    expect(evalFeel('for i in 1..200 return string join(for x in S return x)', { S: L.map(String) }, now)).toEqual(budgetFailure);
  });

  it('given ordinary use of the same functions, then they run', () => {
    expect(evalFeel('count(duplicate values(L))', { L }, now)).toEqual({ ok: true, value: 5000 });
    expect(evalFeel('count(partition(L, 100))', { L }, now)).toEqual({ ok: true, value: 100 });
    expect(evalFeel('for w in split(s, " ") return upper case(w)', { s: 'a b c' }, now)).toEqual({ ok: true, value: ['A', 'B', 'C'] });
    expect(evalFeel('sum(for p in partition([1,2,3,4], 2) return count(p))', {}, now)).toEqual({ ok: true, value: 4 });
  });
});
