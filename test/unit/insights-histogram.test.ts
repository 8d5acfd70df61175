import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketBounds, bucketOf, displayBins, quantile } from '../../server/insights/histogram';
import { periodParts } from '../../server/insights/kpis';

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

describe('the parts of a period read from the histograms', () => {
  it('reads whole months from the monthly roll-up, and a mostly covered month minus the days outside', async () => {
    expect(periodParts('2024-01-01', '2024-03-31')).toEqual({ months: ['2024-01-01', '2024-02-01', '2024-03-01'], days: [] });
    // The benchmark's "last 90 days": October 3–31 is October minus its first two days.
    expect(periodParts('2025-10-03', '2025-12-31')).toEqual({
      months: ['2025-10-01', '2025-11-01', '2025-12-01'], days: [{ from: '2025-10-01', to: '2025-10-02', sign: -1 }],
    });
    expect(periodParts('2024-01-15', '2024-02-10')).toEqual({
      months: ['2024-01-01'], days: [{ from: '2024-01-01', to: '2024-01-14', sign: -1 }, { from: '2024-02-01', to: '2024-02-10', sign: 1 }],
    });
    expect(periodParts('2024-02-05', '2024-02-25')).toEqual({
      months: ['2024-02-01'], days: [{ from: '2024-02-01', to: '2024-02-04', sign: -1 }, { from: '2024-02-26', to: '2024-02-29', sign: -1 }],
    });
    expect(periodParts('2024-02-10', '2024-02-12')).toEqual({ months: [], days: [{ from: '2024-02-10', to: '2024-02-12', sign: 1 }] });
  });

  it('covers every day of the period exactly once', () => {
    const day = 86_400_000;
    fc.assert(fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 500 }), (start, length) => {
      const from = Date.UTC(2024, 0, 1) + start * day, to = from + length * day;
      const covered = new Map<number, number>();
      const add = (a: number, b: number, sign: number) => {
        for (let t = a; t <= b; t += day) covered.set(t, (covered.get(t) ?? 0) + sign);
      };
      const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
      const parts = periodParts(iso(from), iso(to));
      for (const m of parts.months) {
        const s = Date.parse(`${m}T00:00:00Z`), d = new Date(s);
        add(s, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0), 1);
      }
      for (const r of parts.days) add(Date.parse(`${r.from}T00:00:00Z`), Date.parse(`${r.to}T00:00:00Z`), r.sign);
      for (const [t, c] of covered) expect(c, iso(t)).toBe(t >= from && t <= to ? 1 : 0);
      for (let t = from; t <= to; t += day) expect(covered.get(t), iso(t)).toBe(1);
    }), { numRuns: 200 });
  });
});
