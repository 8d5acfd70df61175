/**
 * Cycle times are kept as counts on logarithmic buckets (see insights_bucket in
 * 006_insights.sql): bucket 0 holds [0 s, 1 s), bucket b ≥ 1 holds [1.15^(b-1), 1.15^b) seconds.
 * Medians and p90 over any period come from the summed counts, within the 15 % bucket width
 * (geometric interpolation inside the bucket; typically much closer).
 */
export const BUCKET_RATIO = 1.15;

export interface BucketCount {
  bucket: number;
  cases: number;
}

/** Lower and upper bound in seconds of a bucket. */
export function bucketBounds(bucket: number): [number, number] {
  if (bucket <= 0) return [0, 1];
  return [BUCKET_RATIO ** (bucket - 1), BUCKET_RATIO ** bucket];
}

/** The bucket of a duration, as the database computes it. */
export function bucketOf(seconds: number): number {
  return seconds < 1 ? 0 : Math.min(1 + Math.floor(Math.log(seconds) / Math.log(BUCKET_RATIO)), 32000);
}

/** The q-quantile (0…1) of a histogram, interpolated geometrically inside its bucket; null when empty. */
export function quantile(hist: BucketCount[], q: number): number | null {
  const sorted = [...hist].filter((h) => h.cases > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((s, h) => s + h.cases, 0);
  if (!total) return null;
  const rank = q * total;
  let seen = 0;
  for (const h of sorted) {
    if (seen + h.cases >= rank) {
      const share = h.cases ? (rank - seen) / h.cases : 0;
      const [lo, hi] = bucketBounds(h.bucket);
      return h.bucket === 0 ? lo + share * (hi - lo) : lo * (hi / lo) ** share;
    }
    seen += h.cases;
  }
  return bucketBounds(sorted[sorted.length - 1].bucket)[1];
}

export interface DisplayBin {
  from: number;
  to: number;
  cases: number;
}

/** Groups fine buckets into at most `maxBins` bins of equal log width for a histogram chart. */
export function displayBins(hist: BucketCount[], maxBins = 24): DisplayBin[] {
  const used = hist.filter((h) => h.cases > 0);
  if (!used.length) return [];
  const first = Math.min(...used.map((h) => h.bucket));
  const last = Math.max(...used.map((h) => h.bucket));
  const per = Math.max(1, Math.ceil((last - first + 1) / maxBins));
  const bins: DisplayBin[] = [];
  for (let b = first; b <= last; b += per) {
    const end = Math.min(b + per - 1, last);
    bins.push({ from: bucketBounds(b)[0], to: bucketBounds(end)[1], cases: used.filter((h) => h.bucket >= b && h.bucket <= end).reduce((s, h) => s + h.cases, 0) });
  }
  return bins;
}
