import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketBounds, bucketOf, displayBins, quantile } from '../../server/insights/histogram';

describe('cycle-time histogram', () => {
  it('puts every duration inside its bucket', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1e8, noNaN: true }), (s) => {
      const [lo, hi] = bucketBounds(bucketOf(s));
      return s >= lo * 0.999999 && s <= hi * 1.000001;
    }));
  });

  it('estimates medians and p90 within the 15 % bucket width', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 300 }), (values) => {
      const counts = new Map<number, number>();
      for (const v of values) counts.set(bucketOf(v), (counts.get(bucketOf(v)) ?? 0) + 1);
      const hist = [...counts].map(([bucket, cases]) => ({ bucket, cases }));
      const sorted = [...values].sort((a, b) => a - b);
      for (const q of [0.5, 0.9]) {
        const exact = sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
        const est = quantile(hist, q)!;
        expect(est / exact).toBeGreaterThan(1 / 1.1501);
        expect(est / exact).toBeLessThan(1.1501);
      }
    }));
  });

  it('groups buckets for the chart without losing cases', () => {
    const hist = [{ bucket: 100, cases: 3 }, { bucket: 180, cases: 2 }, { bucket: 250, cases: 1 }];
    const bins = displayBins(hist, 10);
    expect(bins.length).toBeLessThanOrEqual(10);
    expect(bins.reduce((s, b) => s + b.cases, 0)).toBe(6);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('whole months of a period', () => {
  it('reads whole months from the monthly roll-up and the rest from days', async () => {
    const { fullMonths } = await import('../../server/insights/kpis');
    expect(fullMonths('2024-01-01', '2025-12-31')).toEqual({ first: '2024-01-01', last: '2025-12-01', lastDay: '2025-12-31' });
    expect(fullMonths('2024-01-15', '2024-04-10')).toEqual({ first: '2024-02-01', last: '2024-03-01', lastDay: '2024-03-31' });
    expect(fullMonths('2024-02-01', '2024-02-29')).toEqual({ first: '2024-02-01', last: '2024-02-01', lastDay: '2024-02-29' });
    expect(fullMonths('2024-01-15', '2024-02-10')).toBeNull();
  });
});
