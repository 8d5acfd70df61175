/** Colours for the diagram heatmap: green (low) → yellow → red (high), on a log scale for durations. */
export type HeatMode = 'duration' | 'frequency';

export interface HeatValue {
  elementId: string;
  value: number;
}

/** Share 0…1 of each value between the smallest and largest (log scale: durations span decades). */
export function heatShares(values: HeatValue[], log: boolean): Map<string, number> {
  const used = values.filter((v) => v.value > 0);
  const tf = (x: number) => (log ? Math.log(x) : x);
  const lo = Math.min(...used.map((v) => tf(v.value)));
  const hi = Math.max(...used.map((v) => tf(v.value)));
  return new Map(used.map((v) => [v.elementId, hi > lo ? (tf(v.value) - lo) / (hi - lo) : 0.5]));
}

/** hsl colour for a share: 120° green at 0, 0° red at 1. */
export function heatColour(share: number, alpha = 0.55): string {
  return `hsl(${Math.round(120 * (1 - Math.min(1, Math.max(0, share))))} 80% 60% / ${alpha})`;
}
