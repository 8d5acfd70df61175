import { readFileSync, readdirSync } from 'node:fs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../common/eventlog';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

const corpus = new URL('../fixtures/eventlogs/', import.meta.url);
const DAY = 86400;
const esc = (s: string) => s.replace(/[<>&"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot' }[c]};`);
const attr = (type: string, key: string, value: string) => `<${type} key="${esc(key)}" value="${esc(value)}"/>`;

/**
 * The Helpdesk CSV as XES: one trace per case (in order of first appearance), its events in file
 * order as `complete`, case attributes on the trace. Every second event is preceded by a `start`
 * one minute earlier and every third by a `schedule`: the import keeps complete events only.
 */
function helpdeskAsXes(): string {
  const rows = Papa.parse<Record<string, string>>(readFileSync(new URL('helpdesk.csv', corpus), 'utf8'), { header: true, skipEmptyLines: 'greedy' }).data;
  const traces = new Map<string, Record<string, string>[]>();
  for (const r of rows) traces.set(r['Case ID'], [...(traces.get(r['Case ID']) ?? []), r]);
  let n = 0;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">\n',
    '<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n', attr('string', 'concept:name', 'Helpdesk'), '\n'];
  for (const [id, events] of traces) {
    out.push('<trace>', attr('string', 'concept:name', id), attr('string', 'product', events[0].product), '\n');
    for (const e of events) {
      const time = new Date(parseTimestamp(e['Complete Timestamp'], 'ymd-slash'));
      const common = attr('string', 'concept:name', e.Activity) + attr('string', 'org:resource', e.Resource);
      n++;
      if (n % 3 === 0) out.push(`<event>${common}${attr('string', 'lifecycle:transition', 'schedule')}${attr('date', 'time:timestamp', new Date(+time - 120_000).toISOString())}</event>\n`);
      if (n % 2 === 0) out.push(`<event>${common}${attr('string', 'lifecycle:transition', 'start')}${attr('date', 'time:timestamp', new Date(+time - 60_000).toISOString())}</event>\n`);
      out.push(`<event>${common}${attr('string', 'lifecycle:transition', 'complete')}${attr('date', 'time:timestamp', time.toISOString())}${attr('string', 'seriousness', e.seriousness)}</event>\n`);
    }
    out.push('</trace>\n');
  }
  out.push('</log>\n');
  return out.join('');
}

describe.each(dbTargets())('as-is analysis from an XES event log ($name)', (target) => {
  let dispose: () => Promise<void>;
  let analyst: Client;
  const count = async () => (await analyst.get('/api/insights/datasets')).body.items.length;
  const post = (content: string) => analyst.post('/api/insights/datasets', { name: 'x', format: 'xes', content });

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    analyst = await (await seededApp(opened.db)).as('analyst@lotse.demo');
  });
  afterAll(() => dispose());

  it('imports the Helpdesk log as XES with the same figures as the CSV', async () => {
    const xes = helpdeskAsXes();
    const started = performance.now();
    const r = await analyst.post('/api/insights/datasets', { name: 'Helpdesk (XES)', format: 'xes', content: xes });
    const ms = performance.now() - started;
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ cases: 4580, events: 21348, activities: 14, dateFormat: 'iso' });
    expect(r.body.warnings[0].message).toBe('left out events with lifecycle:transition "schedule" (7116)');
    const s = await analyst.get(`/api/insights/datasets/${r.body.id}`);
    expect(s.body).toMatchObject({ source: 'xes', cases: 4580, events: 21348, activities: 14 });
    expect((s.body.caseDuration.mean / DAY).toFixed(2)).toBe('40.86');
    expect((s.body.caseDuration.median / DAY).toFixed(2)).toBe('39.86');
    expect(s.body.firstEvent).toBe('2010-01-13T08:40:25.000Z');
    expect(s.body.lastEvent).toBe('2014-01-03T13:20:58.000Z');
    const m = await analyst.get(`/api/insights/datasets/${r.body.id}/map`);
    expect(m.body.nodes).toHaveLength(14);
    console.log(`helpdesk XES import (${(xes.length / 1e6).toFixed(1)} MB) on ${target.name}: ${Math.round(ms)} ms`);
  });

  it('imports every XES file of the shared corpus', async () => {
    const files = readdirSync(corpus).filter((f) => f.endsWith('.xes'));
    for (const f of files) {
      const r = await analyst.post('/api/insights/datasets', { name: f, format: 'xes', content: readFileSync(new URL(f, corpus), 'utf8') });
      expect(r.status, f).toBe(201);
      expect(r.body.events, f).toBeGreaterThan(0);
    }
  });

  it('refuses broken XML, a log without traces and an event without timestamp as a whole, naming the place', async () => {
    const before = await count();
    const broken = await post('<log>\n  <trace>\n    <string key="concept:name" value="1"/>\n  </log>\n');
    expect(broken.status).toBe(422);
    expect(broken.body.rows).toEqual([{ line: 4, message: 'the XML is not well-formed: Unexpected close tag' }]);
    expect(broken.body.errors[0].path).toBe('/content');

    const empty = await post('<?xml version="1.0"?>\n<log xes.version="1849-2016">\n  <string key="concept:name" value="empty"/>\n</log>\n');
    expect(empty.status).toBe(422);
    expect(empty.body.rows).toEqual([{ line: 4, message: 'the log has no traces' }]);

    const stamp = attr('date', 'time:timestamp', '2024-01-02T10:00:00+01:00');
    const xes = ['<log>', '<trace>', attr('string', 'concept:name', 'c1'),
      `<event>${attr('string', 'concept:name', 'A')}${stamp}</event>`,
      `<event>${attr('string', 'concept:name', 'B')}</event>`,
      `<event>${attr('string', 'concept:name', 'C')}${attr('date', 'time:timestamp', 'yesterday')}</event>`,
      '</trace>', `<trace><event>${attr('string', 'concept:name', 'A')}${stamp}</event></trace>`, '</log>'].join('\n');
    const bad = await post(xes);
    expect(bad.status).toBe(422);
    expect(bad.body.rows).toEqual([
      { line: 5, trace: 1, event: 2, column: 'time:timestamp', message: 'the event has no time:timestamp' },
      { line: 6, trace: 1, event: 3, column: 'time:timestamp', message: '"yesterday" is not an xs:dateTime' },
      { line: 8, trace: 2, column: 'concept:name', message: 'the trace has no concept:name (case id)' },
    ]);
    expect(bad.body.errors[0].path).toBe('/traces/1/events/2/time:timestamp');
    expect((await post('<html><body/></html>')).body.rows).toEqual([{ line: 1, message: 'the root element is <html>, not <log>: this is not an XES log' }]);
    expect(await count()).toBe(before);
  });

  it('reads zoned timestamps and keeps start times and case attributes', async () => {
    const ev = (a: string, t: string, lc: string) => `<event>${attr('string', 'concept:name', a)}${attr('string', 'lifecycle:transition', lc)}${attr('date', 'time:timestamp', t)}</event>`;
    const xes = `<log><trace>${attr('string', 'concept:name', 'c1')}${attr('int', 'priority', '2')}<list key="tags"><values>${attr('string', 'tag', 'x')}</values></list>
      ${ev('A', '2024-01-02T09:00:00+01:00', 'start')}${ev('A', '2024-01-02T10:30:00.5+01:00', 'complete')}${ev('B', '2024-01-03T08:00:00Z', 'complete')}</trace></log>`;
    const r = await post(xes);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ cases: 1, events: 2, activities: 2 });
    const s = await analyst.get(`/api/insights/datasets/${r.body.id}`);
    expect(s.body.firstEvent).toBe('2024-01-02T09:30:00.500Z');
    expect(s.body.caseDuration.mean).toBeCloseTo(22.5 * 3600 - 0.5, 3);
  });
});
