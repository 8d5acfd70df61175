import { describe, expect, it } from 'vitest';
import { defaultComparison, previousPeriod } from '../../app/insights/comparePeriods';

describe('compare view: the periods it opens with', () => {
  it('compares the last 30 days with the 30 before when the filter spans the overview\'s 90 days', () => {
    const { a, b } = defaultComparison({ from: '2026-08-30', to: '2026-11-27', departmentId: 'd1' });
    expect(b).toEqual({ from: '2026-10-29', to: '2026-11-27', departmentId: 'd1' });
    expect(a).toEqual({ from: '2026-09-29', to: '2026-10-28', departmentId: 'd1' });
  });

  it('keeps a short filter as B and puts the period of the same length before it as A', () => {
    const { a, b } = defaultComparison({ from: '2026-11-01', to: '2026-11-14' });
    expect(b).toEqual({ from: '2026-11-01', to: '2026-11-14' });
    expect(a).toEqual({ from: '2026-10-18', to: '2026-10-31' });
    expect(previousPeriod(a)).toEqual({ from: '2026-10-04', to: '2026-10-17' });
  });
});
