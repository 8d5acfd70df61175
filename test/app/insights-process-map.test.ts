import { readFileSync } from 'node:fs';
import path from 'node:path';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { parseCsvLog } from '../../common/eventlog';
import { createAppI18n } from '../../app/i18n';
import ProcessMap from '../../app/insights/ProcessMap.vue';
import { END, overlaps, START, type Box, type MapInput } from '../../app/insights/mapLayout';

/**
 * The directly-follows graph of the Helpdesk log (test/fixtures), computed as the server's
 * datasetMap does: events of a case by time (then file order), ▶ before the first, ■ after the last.
 */
function helpdeskMap(): MapInput {
  const log = parseCsvLog(readFileSync(path.resolve('test/fixtures/eventlogs/helpdesk.csv'), 'utf8'), { case: 'Case ID', activity: 'Activity', timestamp: 'Complete Timestamp', dateFormat: 'ymd-slash' });
  const cases = new Map<string, { activity: string; time: number; seq: number }[]>();
  log.events.forEach((e, seq) => cases.set(e.caseId, [...(cases.get(e.caseId) ?? []), { activity: e.activity, time: e.time, seq }]));
  const nodes = new Map<string, number>();
  const edges = new Map<string, { frequency: number; seconds: number; timed: number }>();
  const add = (from: string, to: string, seconds: number | null) => {
    const k = `${from}\u0000${to}`;
    const v = edges.get(k) ?? { frequency: 0, seconds: 0, timed: 0 };
    v.frequency++;
    if (seconds !== null) {
      v.seconds += seconds;
      v.timed++;
    }
    edges.set(k, v);
  };
  for (const events of cases.values()) {
    events.sort((a, b) => a.time - b.time || a.seq - b.seq);
    events.forEach((e, i) => {
      nodes.set(e.activity, (nodes.get(e.activity) ?? 0) + 1);
      add(i ? events[i - 1].activity : START, e.activity, i ? (e.time - events[i - 1].time) / 1000 : null);
    });
    add(events[events.length - 1].activity, END, null);
  }
  return {
    nodes: [...nodes].map(([id, frequency]) => ({ id, frequency })),
    edges: [...edges].map(([k, v]) => ({ source: k.split('\u0000')[0], target: k.split('\u0000')[1], frequency: v.frequency, meanDuration: v.timed ? v.seconds / v.timed : null })),
  };
}

const boxOf = (el: Element): Box => {
  const [x, y, width, height] = el.getAttribute('data-box')!.split(',').map(Number);
  return { x, y, width, height };
};

async function drawn(map: MapInput, weight: 'frequency' | 'duration') {
  const w = mount(ProcessMap, {
    props: { map, weight, title: 'Process map', nodeText: (n: { id: string; frequency: number }) => [n.id, String(n.frequency)], edgeText: (e: MapInput['edges'][number]) => (weight === 'frequency' ? String(e.frequency) : `${Math.round((e.meanDuration ?? 0) / 3600)} h`) },
    global: { plugins: [createAppI18n('en')] },
  });
  for (let i = 0; i < 600 && !w.find('[data-testid=process-map]').exists(); i++) {
    await new Promise((r) => setTimeout(r, 100));
    await flushPromises();
  }
  return w;
}

describe('process map of an imported log', () => {
  const map = helpdeskMap();

  it('lays out the Helpdesk map with no activity or label on top of another', async () => {
    expect(map.nodes).toHaveLength(14);
    expect(map.edges.length).toBeGreaterThan(50);
    const w = await drawn(map, 'frequency');
    const nodes = w.findAll('[data-testid=map-node]');
    const labels = w.findAll('[data-testid=map-edge-label]');
    expect(nodes).toHaveLength(16); // 14 activities, start and end
    expect(labels).toHaveLength(map.edges.length);
    const boxes = [...nodes.map((n) => ({ what: `activity ${n.attributes('data-id')}`, box: boxOf(n.element) })), ...labels.map((l, i) => ({ what: `label of edge ${i}`, box: boxOf(l.element) }))];
    const clashes: string[] = [];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i].box, boxes[j].box)) clashes.push(`${boxes[i].what} × ${boxes[j].what}`);
    expect(clashes).toEqual([]);
    // Every activity box holds its name (the width the layout reserved for the text).
    for (const n of nodes) expect(boxOf(n.element).width).toBeGreaterThanOrEqual(n.attributes('data-id')!.length * 7);
    w.unmount();
  }, 120_000);

  it('draws frequent transitions wider, and slow ones wider when duration is the weight', async () => {
    const width = async (weight: 'frequency' | 'duration') => {
      const w = await drawn(map, weight);
      const byEdge = new Map(w.findAll('path[data-edge]').map((p) => [p.attributes('data-edge')!, Number(p.attributes('stroke-width'))]));
      w.unmount();
      return byEdge;
    };
    const most = [...map.edges].sort((a, b) => b.frequency - a.frequency)[0];
    const rare = [...map.edges].sort((a, b) => a.frequency - b.frequency)[0];
    const slow = [...map.edges].sort((a, b) => (b.meanDuration ?? 0) - (a.meanDuration ?? 0))[0];
    const byFrequency = await width('frequency');
    expect(byFrequency.get(`${most.source}→${most.target}`)).toBe(9);
    expect(byFrequency.get(`${rare.source}→${rare.target}`)).toBeLessThan(2);
    // In the Helpdesk log "Resolve ticket → Closed" is both the most frequent and the slowest step;
    // the start edges are frequent but have no duration, so they thin out.
    const start = [...map.edges].filter((e) => e.source === START).sort((a, b) => b.frequency - a.frequency)[0];
    expect(byFrequency.get(`${start.source}→${start.target}`)).toBeGreaterThan(8);
    const byDuration = await width('duration');
    expect(byDuration.get(`${slow.source}→${slow.target}`)).toBe(9);
    expect(byDuration.get(`${start.source}→${start.target}`)).toBe(1.5);
  }, 240_000);
});
