/**
 * Event-log import benchmark (`npm run bench:insights-import`): writes a XES log shaped like
 * BPIC 2012 (13,087 traces, ~262,000 events, ~68 MB; bench/xes-generator.ts), starts the real
 * HTTP server on PGlite (or PostgreSQL with DATABASE_URL), and uploads it the way the app does:
 * POST /api/insights/datasets (the name), then the file streamed as the body of PUT …/content.
 * Meanwhile it asks GET /api/health every 200 ms and samples the process's RSS every 100 ms.
 *
 * Options: --gzip (upload the log gzipped), --traces N, --data-dir DIR (PGlite on disk), --json
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app';
import { openPglite } from '../server/db/pglite';
import { openPostgres } from '../server/db/postgres';
import { migrate } from '../server/db/migrate';
import { silentLogger } from '../server/log';
import { seed } from '../server/seed';
import { testConfig } from '../test/support/api';
import { writeBpicLikeLog } from './xes-generator';

const arg = (name: string, d: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : d;
};
const GZIP = process.argv.includes('--gzip');
const TRACES = Number(arg('traces', '13087'));
const DATA_DIR = arg('data-dir', '');
const json = process.argv.includes('--json');
const log = (...a: unknown[]) => !json && console.log(...a);
const mb = (n: number) => Math.round(n / 1024 / 1024);

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'lotse-import-'));
  const file = path.join(dir, GZIP ? 'bpic-like.xes.gz' : 'bpic-like.xes');
  const generated = await writeBpicLikeLog(file, { traces: TRACES, gzip: GZIP });
  const size = statSync(file).size;
  log(`log: ${generated.traces} traces, ${generated.events} events (${generated.completes} complete), ${mb(generated.bytes)} MB${GZIP ? `, ${mb(size)} MB gzipped` : ''}`);

  const db = process.env.DATABASE_URL ? await openPostgres(process.env.DATABASE_URL) : await openPglite(DATA_DIR || null);
  await migrate(db);
  await seed(db, { ...testConfig, seed: 'accounts' }, silentLogger);
  const app = createApp({ db, config: testConfig, log: silentLogger, now: () => new Date() });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lotse-csrf': '1' }, body: JSON.stringify({ email: 'analyst@lotse.demo', password: 'demo' }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const headers = { cookie, 'x-lotse-csrf': '1' };

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const health: number[] = [];
  let failedProbes = 0;
  let importing = true;
  const prober = (async () => {
    while (importing) {
      const s = performance.now();
      // A fresh connection per probe: a reused keep-alive socket the server just closed would count as a failure.
      const ok = await fetch(`${base}/api/health`, { headers: { connection: 'close' } }).then((r) => r.ok, () => false);
      if (ok) health.push(performance.now() - s);
      else failedProbes++;
      await new Promise((r) => setTimeout(r, 200));
    }
  })();

  const started = performance.now();
  const created = await fetch(`${base}/api/insights/datasets`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'BPIC 2012 (synthetic)', format: 'xes' }) });
  const { id } = (await created.json()) as { id: string };
  const put = await fetch(`${base}/api/insights/datasets/${id}/content`, {
    method: 'PUT', headers: { ...headers, 'content-type': GZIP ? 'application/gzip' : 'application/xml', 'content-length': String(size) },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream, duplex: 'half',
  } as RequestInit);
  const report = (await put.json()) as { events: number; cases: number; activities: number };
  const seconds = (performance.now() - started) / 1000;
  importing = false;
  await prober;
  clearInterval(sampler);
  if (put.status !== 201) throw new Error(`import failed: ${put.status} ${JSON.stringify(report)}`);

  health.sort((a, b) => a - b);
  const result = {
    database: db.kind, gzip: GZIP, logMB: mb(generated.bytes), uploadMB: mb(size), traces: generated.traces, xesEvents: generated.events,
    imported: report, seconds: Math.round(seconds * 10) / 10, eventsPerSecond: Math.round(report.events / seconds),
    rssBeforeMB: mb(rssBefore), peakRssMB: mb(peakRss), rssGrowthMB: mb(peakRss - rssBefore),
    healthMs: { n: health.length, failed: failedProbes, p50: Math.round(health[Math.floor(health.length / 2)] ?? 0), p95: Math.round(health[Math.floor(health.length * 0.95)] ?? 0), max: Math.round(health[health.length - 1] ?? 0) },
  };
  if (json) console.log(JSON.stringify(result));
  else {
    log(`import: ${result.seconds} s on ${db.kind} (${result.eventsPerSecond} events/s): ${report.cases} cases, ${report.events} events, ${report.activities} activities`);
    log(`memory: RSS ${result.rssBeforeMB} MB before, peak ${result.peakRssMB} MB (+${result.rssGrowthMB} MB)`);
    log(`GET /api/health during the import: ${result.healthMs.n} probes (${failedProbes} failed), p50 ${result.healthMs.p50} ms, p95 ${result.healthMs.p95} ms, max ${result.healthMs.max} ms`);
  }
  server.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
