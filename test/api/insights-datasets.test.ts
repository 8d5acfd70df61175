import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

const helpdesk = readFileSync(new URL('../fixtures/eventlogs/helpdesk.csv', import.meta.url), 'utf8');
const mapping = { case: 'Case ID', activity: 'Activity', timestamp: 'Complete Timestamp', resource: 'Resource', attributes: ['seriousness', 'product'] };
const DAY = 86400;

describe.each(dbTargets())('as-is analysis from an imported event log ($name)', (target) => {
  let dispose: () => Promise<void>;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let analyst: Client, hrOwner: Client, employee: Client;
  let id: string;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    ctx = await seededApp(opened.db);
    [analyst, hrOwner, employee] = await Promise.all(['analyst@lotse.demo', 'owner.hr@lotse.demo', 'employee@lotse.demo'].map((e) => ctx.as(e)));
  });
  afterAll(() => dispose());

  it('imports the Helpdesk log with its known figures', async () => {
    const started = performance.now();
    const r = await analyst.post('/api/insights/datasets', { name: 'Helpdesk', format: 'csv', content: helpdesk, mapping });
    const ms = performance.now() - started;
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ cases: 4580, events: 21348, activities: 14, dateFormat: 'ymd-slash' });
    // The log repeats some events verbatim; they are kept and reported.
    expect(r.body.warnings[0]).toMatchObject({ row: expect.any(Number), message: expect.stringMatching(/^duplicate of row \d+ \(kept\)$/) });
    id = r.body.id;
    const s = await analyst.get(`/api/insights/datasets/${id}`);
    expect(s.body).toMatchObject({ cases: 4580, events: 21348, activities: 14 });
    expect((s.body.caseDuration.mean / DAY).toFixed(2)).toBe('40.86');
    expect((s.body.caseDuration.median / DAY).toFixed(2)).toBe('39.86');
    expect((s.body.caseDuration.max / DAY).toFixed(1)).toBe('60.0');
    expect(s.body.variants.items[0].share).toBeGreaterThan(0.1);
    expect(s.body.firstEvent).toBe('2010-01-13T08:40:25.000Z');
    expect(s.body.lastEvent).toBe('2014-01-03T13:20:58.000Z');
    console.log(`helpdesk import on ${target.name}: ${Math.round(ms)} ms`);
  });

  it('draws the directly-follows graph with frequencies and durations', async () => {
    const m = await analyst.get(`/api/insights/datasets/${id}/map`);
    expect(m.body.nodes).toHaveLength(14);
    const starts = m.body.edges.filter((e: { source: string }) => e.source === '▶').reduce((s: number, e: { frequency: number }) => s + e.frequency, 0);
    const ends = m.body.edges.filter((e: { target: string }) => e.target === '■').reduce((s: number, e: { frequency: number }) => s + e.frequency, 0);
    expect(starts).toBe(4580);
    expect(ends).toBe(4580);
    const between = m.body.edges.filter((e: { source: string; target: string }) => e.source !== '▶' && e.target !== '■');
    expect(between.reduce((s: number, e: { frequency: number }) => s + e.frequency, 0)).toBe(21348 - 4580);
  });

  it('refuses a log with missing columns, bad timestamps or duplicates as a whole, naming the rows', async () => {
    const count = async () => (await analyst.get('/api/insights/datasets')).body.items.length;
    const before = await count();
    const missing = await analyst.post('/api/insights/datasets', { name: 'x', format: 'csv', content: 'Case,Activity\n1,A\n', mapping: { case: 'Case', activity: 'Activity', timestamp: 'Time' } });
    expect(missing.status).toBe(422);
    expect(missing.body.rows).toEqual([{ row: 1, column: 'Time', message: 'column "Time" (timestamp) is not in the header' }]);
    const csv = 'Case,Activity,Time\n1,A,2024-01-02 10:00\n1,B,2024-01-02 11:00\n2,A,not a date\n2,B,2024-01-03 10:00,extra\n1,B,2024-01-02 11:00\n';
    const bad = await analyst.post('/api/insights/datasets', { name: 'x', format: 'csv', content: csv, mapping: { case: 'Case', activity: 'Activity', timestamp: 'Time', dateFormat: 'iso', duplicates: 'reject' } });
    expect(bad.status).toBe(422);
    expect(bad.body.rows).toEqual([
      { row: 4, column: 'Time', message: '"not a date" is not a iso timestamp' },
      { row: 5, message: expect.stringContaining('fields') },
      { row: 6, message: 'duplicate of row 3' },
    ]);
    expect(bad.body.errors[0].path).toBe('/rows/4/Time');
    expect(await count()).toBe(before);
  });

  it('refuses a file over 64 MB before reading it', async () => {
    const big = JSON.stringify({ name: 'big', format: 'csv', content: 'x'.repeat(65 * 1024 * 1024), mapping });
    const r = await analyst.request('POST', '/api/insights/datasets', big, { 'content-length': String(big.length) });
    expect(r.status).toBe(413);
    expect(r.body.error).toMatch(/larger than 64 MB/);
  });

  it('keeps datasets to their department and insights readers', async () => {
    expect((await hrOwner.get(`/api/insights/datasets/${id}`)).status).toBe(404);
    expect((await hrOwner.get('/api/insights/datasets')).body.items).toEqual([]);
    expect((await hrOwner.post('/api/insights/datasets', { name: 'x', format: 'csv', content: 'a', mapping })).status).toBe(403);
    expect((await employee.get('/api/insights/datasets')).status).toBe(403);
    expect((await analyst.delete(`/api/insights/datasets/${id}`)).status).toBe(204);
    expect((await analyst.get(`/api/insights/datasets/${id}`)).status).toBe(404);
  });
});
