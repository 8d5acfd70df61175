import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { writeBpicLikeLog } from '../../bench/xes-generator';
import { dbTargets } from '../support/db';
import { seededApp, testConfig, type Client } from '../support/api';

/** A body the test hands over piece by piece, like a browser uploading a file. */
function controlledBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return { stream, push: (b: Uint8Array) => controller.enqueue(b), end: () => controller.close(), abort: () => controller.error(new Error('aborted by the client')) };
}
const pieces = (b: Uint8Array, size: number) => Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size));
const tick = (ms = 50) => new Promise((r) => setTimeout(r, ms));

describe.each(dbTargets())('event logs of any size: streamed import ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let analyst: Client;
  let small: Client;
  let xes: Buffer;
  const dir = mkdtempSync(path.join(tmpdir(), 'lotse-stream-'));

  /** PUT …/content with a streamed body (no Content-Length: chunked, as a browser's large upload may be). */
  const put = (c: Client, id: string, body: ReadableStream<Uint8Array> | Uint8Array, headers: Record<string, string> = {}) =>
    c.app.request(`/api/insights/datasets/${id}/content`, {
      method: 'PUT', body: body as BodyInit, duplex: 'half', headers: { cookie: c.cookie, 'x-lotse-csrf': '1', 'content-type': 'application/octet-stream', ...headers },
    } as RequestInit);
  const create = async (c: Client, name: string) => {
    const r = await c.post('/api/insights/datasets', { name, format: 'xes' });
    expect(r.status).toBe(202);
    return r.body.id as string;
  };
  const stored = async (id: string) => Number((await db.query('SELECT count(*) AS n FROM insights_dataset_events WHERE dataset_id = $1', [id])).rows[0].n);
  const exists = async (id: string) => (await db.query('SELECT 1 FROM insights_datasets WHERE id = $1', [id])).rows.length > 0;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    analyst = await (await seededApp(db)).as('analyst@lotse.demo');
    // A second app on the same database whose budget is 1 MB of log.
    small = await (await seededApp(db, () => new Date(), { ...testConfig, maxEventLogBytes: 1024 * 1024 })).as('analyst@lotse.demo');
    const file = path.join(dir, 'log.xes');
    await writeBpicLikeLog(file, { traces: 600, seed: 7 });
    xes = readFileSync(file);
  }, 120_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dispose();
  });

  it('imports a gzipped XES log streamed in pieces, reporting progress while it arrives', async () => {
    const id = await create(analyst, 'BPIC-like (gzip)');
    const gz = gzipSync(xes);
    expect(gz.length).toBeLessThan(xes.length / 5);
    const body = controlledBody();
    const answer = put(analyst, id, body.stream);
    const parts = pieces(gz, 16 * 1024);
    for (const p of parts.slice(0, parts.length - 2)) body.push(p);
    // The log is half through: the dataset is importing, not listed, and its progress counts bytes and events.
    let progress = (await analyst.get(`/api/insights/datasets/${id}/progress`)).body;
    for (let i = 0; i < 100 && progress.events === 0; i++) {
      await tick();
      progress = (await analyst.get(`/api/insights/datasets/${id}/progress`)).body;
    }
    expect(progress).toMatchObject({ id, status: 'importing' });
    expect(progress.events).toBeGreaterThan(0);
    expect(progress.received).toBeGreaterThan(0);
    expect(progress.bytes).toBeGreaterThan(progress.received);
    expect((await analyst.get('/api/insights/datasets')).body.items.map((d: { id: string }) => d.id)).not.toContain(id);
    expect((await analyst.get(`/api/insights/datasets/${id}`)).status).toBe(409);
    for (const p of parts.slice(parts.length - 2)) body.push(p);
    body.end();
    const r = await answer;
    expect(r.status).toBe(201);
    const report = await r.json();
    expect(report).toMatchObject({ id, cases: 600, activities: 24, dateFormat: 'iso' });
    expect(report.events).toBe(await stored(id));
    expect((await analyst.get(`/api/insights/datasets/${id}/progress`)).body.status).toBe('ready');
    const summary = (await analyst.get(`/api/insights/datasets/${id}`)).body;
    expect(summary).toMatchObject({ cases: 600, events: report.events, source: 'xes' });
    // A second upload into the same dataset is refused.
    expect((await put(analyst, id, xes)).status).toBe(409);
  }, 120_000);

  it('stores nothing when the upload is aborted half way', async () => {
    const id = await create(analyst, 'aborted');
    const body = controlledBody();
    const answer = Promise.resolve(put(analyst, id, body.stream)).catch((e: unknown) => e);
    for (const p of pieces(xes, 64 * 1024).slice(0, 40)) body.push(p);
    for (let i = 0; i < 100 && (await stored(id)) === 0; i++) await tick();
    expect(await stored(id)).toBeGreaterThan(0); // batches were written while the log arrived
    body.abort();
    await answer;
    for (let i = 0; i < 100 && (await exists(id)); i++) await tick();
    expect(await exists(id)).toBe(false);
    expect(await stored(id)).toBe(0);
    expect((await analyst.get(`/api/insights/datasets/${id}`)).status).toBe(404);
  }, 60_000);

  it('cancels a running import when its dataset is deleted', async () => {
    const id = await create(analyst, 'cancelled');
    const body = controlledBody();
    const answer = put(analyst, id, body.stream);
    const parts = pieces(xes, 64 * 1024);
    for (const p of parts.slice(0, 20)) body.push(p);
    for (let i = 0; i < 100 && (await stored(id)) === 0; i++) await tick();
    expect((await analyst.delete(`/api/insights/datasets/${id}`)).status).toBe(204);
    for (const p of parts.slice(20)) body.push(p);
    body.end();
    const r = await answer;
    expect(r.status).toBe(409);
    expect((await r.json()).code).toBe('import_cancelled');
    expect(await exists(id)).toBe(false);
    expect(await stored(id)).toBe(0);
  }, 60_000);

  it('answers 413 for a log over the configured budget, also when it only unzips to more', async () => {
    const before = (await db.query('SELECT count(*) AS n FROM insights_datasets')).rows[0].n;
    // Content-Length already over the budget: refused before reading.
    const declared = await create(small, 'declared');
    const r1 = await put(small, declared, new Uint8Array(10), { 'content-length': String(2 * 1024 * 1024) });
    expect(r1.status).toBe(413);
    // 4.5 MB of log in a few hundred kB of gzip: refused once the unzipped size passes 1 MB.
    const zipped = await create(small, 'zipped');
    const gz = gzipSync(xes);
    expect(gz.length).toBeLessThan(1024 * 1024);
    const r2 = await put(small, zipped, gz);
    expect(r2.status).toBe(413);
    expect((await r2.json()).error).toMatch(/larger than 1 MB \(uncompressed\)/);
    expect((await db.query('SELECT count(*) AS n FROM insights_datasets')).rows[0].n).toEqual(before);
  }, 60_000);

  it('refuses a log with problems and names them, storing nothing', async () => {
    const id = await create(analyst, 'broken');
    const broken = Buffer.concat([xes.subarray(0, 200_000), Buffer.from('<event><date key="time:timestamp" value="x"/></event></trace></log>')]);
    const r = await put(analyst, id, gzipSync(broken));
    expect(r.status).toBe(422);
    const body = await r.json();
    expect(body.errors[0].path).toMatch(/^\/content|^\/traces\//);
    expect(await exists(id)).toBe(false);
  }, 60_000);

  it('keeps answering /api/health quickly while a log is imported', async () => {
    const id = await create(analyst, 'health');
    const body = controlledBody();
    const answer = put(analyst, id, body.stream);
    const parts = pieces(Buffer.concat([xes]), 32 * 1024);
    const times: number[] = [];
    let i = 0;
    for (; i < parts.length; i++) {
      body.push(parts[i]);
      if (i % 8 === 4) {
        const s = performance.now();
        expect((await analyst.get('/api/health')).status).toBe(200);
        times.push(performance.now() - s);
      }
      await tick(5);
    }
    body.end();
    expect((await answer).status).toBe(201);
    expect(times.length).toBeGreaterThan(3);
    // Generous for a loaded test machine: an import never holds the database for seconds.
    expect(Math.max(...times)).toBeLessThan(1500);
  }, 120_000);
});
