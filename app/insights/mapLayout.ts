/**
 * Lays out a discovered process map (directly-follows graph) with ELK's layered algorithm
 * (elkjs, Eclipse's layout engine, run in the browser): activities in layers from start to end,
 * edges routed around the boxes, and every edge label placed by ELK as a box of its own, so no
 * label lies on another label or on an activity. Pure apart from ELK; the view only draws.
 */
import type { ELK as Elk, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';

export interface MapInput {
  nodes: { id: string; frequency: number }[];
  edges: { source: string; target: string; frequency: number; meanDuration: number | null }[];
}
export type EdgeWeight = 'frequency' | 'duration';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface LaidNode extends Box {
  id: string;
  kind: 'start' | 'end' | 'activity';
  frequency: number;
  /** 0–1: the share of the most frequent activity (for the fill). */
  intensity: number;
}
export interface LaidEdge {
  id: string;
  source: string;
  target: string;
  /** The route: start, bend points, end. */
  points: { x: number; y: number }[];
  /** Stroke width in px (1.5–9), by frequency or mean duration. */
  width: number;
  label: Box & { text: string };
}
export interface MapLayout {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
}

export const START = '▶';
export const END = '■';
/** Font metrics of the drawing (12 px sans-serif): a generous average width, so text never spills out of its box. */
export const FONT_SIZE = 12;
const CHAR_WIDTH = 7.4;
const LINE = 16;
const PAD_X = 12;
let measure: ((s: string) => number) | null | undefined;
/** Measures with a canvas where the browser has one (bold, the wider of the two weights drawn). */
function canvasMeasure(): ((s: string) => number) | null {
  if (measure !== undefined) return measure;
  const ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext?.('2d') ?? null;
  if (ctx) ctx.font = `600 ${FONT_SIZE}px system-ui, sans-serif`;
  measure = ctx ? (s: string) => ctx.measureText(s).width : null;
  return measure;
}
/** The width a text takes in the drawing: measured where a canvas exists, else an estimate on the safe side. */
export const textWidth = (s: string) => {
  const m = canvasMeasure();
  return Math.ceil(m ? m(s) * 1.05 + 2 : [...s].length * CHAR_WIDTH);
};

let elk: Promise<Elk> | null = null;
/** ELK (about 1.4 MB) is loaded with the first map, in a chunk of its own. */
const loadElk = () => (elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default()));

/** Stroke widths from 1.5 to 9 px, in proportion to the edge's frequency or mean duration. */
export function strokeWidths(edges: MapInput['edges'], weight: EdgeWeight): number[] {
  const value = (e: MapInput['edges'][number]) => (weight === 'frequency' ? e.frequency : e.meanDuration ?? 0);
  const max = Math.max(0, ...edges.map(value));
  return edges.map((e) => (max > 0 ? 1.5 + 7.5 * (value(e) / max) : 1.5));
}

/** Computes positions for the map; `nodeText` and `edgeText` are the labels as they will be drawn. */
export async function layoutProcessMap(map: MapInput, weight: EdgeWeight, nodeText: (n: MapInput['nodes'][number]) => string[], edgeText: (e: MapInput['edges'][number]) => string): Promise<MapLayout> {
  const maxFrequency = Math.max(1, ...map.nodes.map((n) => n.frequency));
  const used = new Set(map.edges.flatMap((e) => [e.source, e.target]));
  const children: ElkNode[] = [
    ...[START, END].filter((id) => used.has(id)).map((id) => ({ id, width: 32, height: 32, layoutOptions: { 'elk.layered.layering.layerConstraint': id === START ? 'FIRST' : 'LAST' } })),
    ...map.nodes.map((n) => {
      const lines = nodeText(n);
      return { id: n.id, width: Math.max(80, ...lines.map(textWidth)) + 2 * PAD_X, height: lines.length * LINE + 14 };
    }),
  ];
  const widths = strokeWidths(map.edges, weight);
  const edges: ElkExtendedEdge[] = map.edges.map((e, i) => {
    const text = edgeText(e);
    return { id: `e${i}`, sources: [e.source], targets: [e.target], labels: [{ id: `l${i}`, text, width: textWidth(text) + 8, height: LINE }] };
  });
  const root: ElkNode = {
    id: 'map',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'POLYLINE',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.spacing.nodeNode': '36',
      'elk.spacing.edgeNode': '18',
      'elk.spacing.edgeEdge': '12',
      'elk.spacing.edgeLabel': '4',
      'elk.spacing.labelLabel': '4',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children,
    edges,
  };
  const graph = await (await loadElk()).layout(root);
  const nodes: LaidNode[] = (graph.children ?? []).map((c) => {
    const n = map.nodes.find((x) => x.id === c.id);
    return {
      id: c.id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0,
      kind: c.id === START ? 'start' : c.id === END ? 'end' : 'activity',
      frequency: n?.frequency ?? 0, intensity: n ? n.frequency / maxFrequency : 0,
    };
  });
  const laidEdges: LaidEdge[] = (graph.edges ?? []).map((e, i) => {
    const s = (e as ElkExtendedEdge).sections?.[0];
    const points = s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [];
    const l = (e as ElkExtendedEdge).labels?.[0];
    return {
      id: e.id, source: map.edges[i].source, target: map.edges[i].target, points, width: widths[i],
      label: { text: l?.text ?? '', x: l?.x ?? 0, y: l?.y ?? 0, width: l?.width ?? 0, height: l?.height ?? 0 },
    };
  });
  return { width: graph.width ?? 0, height: graph.height ?? 0, nodes, edges: laidEdges };
}

/** True when two boxes share more than a hair of area (touching edges do not count). */
export function overlaps(a: Box, b: Box, tolerance = 0.5): boolean {
  return a.x + tolerance < b.x + b.width && b.x + tolerance < a.x + a.width && a.y + tolerance < b.y + b.height && b.y + tolerance < a.y + a.height;
}
