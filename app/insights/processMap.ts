import type { DatasetMap } from './insights.api';

export type MapEdge = DatasetMap['edges'][number];

/** Thins a directly-follows graph: keeps activities seen at least `minActivity` times and edges at least `minEdge` times. */
export function thinMap(map: DatasetMap, minActivity: number, minEdge: number) {
  const nodes = map.nodes.filter((n) => n.frequency >= minActivity);
  const keep = new Set(['▶', '■', ...nodes.map((n) => n.id)]);
  const edges = map.edges.filter((e) => e.frequency >= minEdge && keep.has(e.source) && keep.has(e.target));
  return { nodes, edges };
}

/** The smallest frequency among the top `share` (0…1) of edges by frequency: the slider's threshold. */
export function thresholdFor(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => b - a);
  if (!sorted.length) return 0;
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)];
}
