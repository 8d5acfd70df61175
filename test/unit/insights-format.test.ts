import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../app/insights/format';
import { toCsv } from '../../app/ui/csv';
import { heatColour, heatShares } from '../../app/insights/heatmap';
import { thinMap, thresholdFor } from '../../app/insights/processMap';

describe('insights presentation helpers', () => {
  it('writes CSV that spreadsheets read back, without running formulas', () => {
    const csv = toCsv([{ a: 'x, "y"', b: 2 }, { a: '=SUM(A1)', b: null }], [{ label: 'A', value: (r) => r.a }, { label: 'B', value: (r) => r.b }]);
    expect(csv).toBe('A,B\r\n"x, ""y""",2\r\n\'=SUM(A1),\r\n');
  });

  it('formats durations in the largest sensible unit', () => {
    expect(formatDuration(3.5 * 86400)).toBe('3.5 d');
    expect(formatDuration(7200)).toBe('2.0 h');
    expect(formatDuration(90)).toBe('2 min');
    expect(formatDuration(null)).toBe('–');
  });

  it('colours the slowest step red and the fastest green', () => {
    const shares = heatShares([{ elementId: 'a', value: 60 }, { elementId: 'b', value: 86400 }, { elementId: 'c', value: 0 }], true);
    expect(shares.get('a')).toBe(0);
    expect(shares.get('b')).toBe(1);
    expect(shares.has('c')).toBe(false);
    expect(heatColour(1)).toContain('hsl(0 ');
    expect(heatColour(0)).toContain('hsl(120 ');
  });

  it('thins the process map by frequency thresholds', () => {
    const map = {
      nodes: [{ id: 'A', frequency: 10 }, { id: 'B', frequency: 1 }],
      edges: [{ source: '▶', target: 'A', frequency: 10, meanDuration: null }, { source: 'A', target: 'B', frequency: 1, meanDuration: 5 }, { source: 'A', target: '■', frequency: 9, meanDuration: null }],
    };
    expect(thresholdFor([10, 1, 9], 0.5)).toBe(9);
    const thin = thinMap(map, 2, 9);
    expect(thin.nodes.map((n) => n.id)).toEqual(['A']);
    expect(thin.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['▶>A', 'A>■']);
  });
});
