/**
 * HTTP benchmark of a realistic template (`npm run bench:http`, part of `npm run bench`): the IT
 * incident (processes/it-incident: decision table, SLA policy and clocks, boundary timers, mails,
 * insights roll-ups) on a real server — `server/main.ts` in a child process on PGlite in a temp
 * data folder, demo accounts (SEED=demo, DEMO_HISTORY_DAYS=0), all workers running — driven over
 * HTTP by autocannon with a fixed number of connections (bounded concurrency) at 1, 8 and 32:
 *
 *   1. start: the employee reports an incident (POST /api/process-instances),
 *   2. first level: agent.it completes "Resolve (1st level)" with solved = true,
 *   3. confirm: the employee confirms the solution (fixed = true): the incident closes and the
 *      requester gets a mail (the e-mail connector writes the outbox; no SMTP: the mail worker keeps it).
 *
 * Per phase and concurrency: requests/s, p50/p99 ms (autocannon's histogram), non-2xx answers, and
 * the server's CPU ms per request (utime + stime of the child from /proc). At the end the server's
 * peak RSS (VmHWM) and CPU ms per completed incident (all three requests).
 *
 * Growth (--prefill N): after the phases on the empty database the server stops, N completed
 * incidents are added (bench/http-growth.ts), it starts again and the same phases run on the grown
 * database; both are reported (and the server's peak RSS of each run).
 *
 * With --shared-buffers MB the last database (the grown one with --prefill) is measured once more
 * after a restart with PGLITE_SHARED_BUFFERS_MB=MB (e.g. 128, PGlite's own default, against the
 * server's 32), so both settings are compared in one run.
 *
 * Options: --requests N (per phase and concurrency, default 200), --concurrency 1,8,32,
 * --prefill N (completed instances before the second round), --shared-buffers MB (a last round with
 * these shared buffers), --data-dir DIR (an empty folder for the server's data, kept afterwards),
 * --cpu-prof DIR (the server's CPU profile, written when it stops), --server bundle|tsx (default
 * bundle: `node dist-server/main.mjs`, built first, as `npm start` runs it; tsx: through tsx), --json
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { bundleServer } from '../server/ops/bundle';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { processDeployment } from '../test/support/processes';
import { cpuTicks, TICK_MS } from './cpu';
import { prefillCompleted } from './http-growth';

const root = fileURLToPath(new URL('..', import.meta.url));

interface PhaseResult {
  phase: string;
  /** Completed instances added before this run (--prefill), 0 on the empty database. */
  prefilled: number;
  /** PGLITE_SHARED_BUFFERS_MB of this run (--shared-buffers), null: the server's default (32 MB). */
  sharedBuffersMb?: number | null;
  concurrency: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  serverCpuMsPerRequest: number;
}

function options(argv: string[]) {
  const value = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  return {
    requests: Number(value('--requests') ?? 200),
    concurrency: (value('--concurrency') ?? '1,8,32').split(',').map(Number),
    /** A folder for the server's CPU profile (node --cpu-prof). */
    cpuProf: value('--cpu-prof'),
    prefill: Number(value('--prefill') ?? 0),
    sharedBuffers: value('--shared-buffers'),
    dataDir: value('--data-dir'),
    /** bundle (default): node dist-server/main.mjs, what `npm start` runs; tsx: node --import tsx server/main.ts. */
    server: (value('--server') ?? 'bundle') as 'bundle' | 'tsx',
    json: argv.includes('--json'),
  };
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Peak resident set of a process (VmHWM), MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** The node arguments that run the server: the compiled bundle, or the TypeScript through tsx. */
const TSX_ENTRY = ['--import', 'tsx', 'server/main.ts'];

async function startServer(entry: string[], port: number, dataDir: string, cpuProf?: string, sharedBuffersMb?: number | null): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : []), ...entry], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SEED: 'demo', DEMO_HISTORY_DAYS: '0', STATIC_DIR: '', LOG_LEVEL: 'error', DATABASE_URL: '',
      ...(sharedBuffersMb ? { PGLITE_SHARED_BUFFERS_MB: String(sharedBuffersMb) } : {}) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 300_000; // a loaded machine needs minutes
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('server did not come up in 300 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A signed-in user's headers (session cookie and the CSRF header). */
async function login(base: string, email: string): Promise<Record<string, string>> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-lotse-csrf': '1' }, body: JSON.stringify({ email, password: 'demo' }),
  });
  if (!r.ok) throw new Error(`login ${email}: ${r.status}`);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
  return { cookie, 'x-lotse-csrf': '1', 'content-type': 'application/json' };
}

async function json(base: string, headers: Record<string, string>, method: string, url: string, body?: unknown) {
  const r = await fetch(`${base}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** Open task ids of a list (all pages), filtered by task name. */
async function openTasks(base: string, headers: Record<string, string>, query: string, name: string): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = (await json(base, headers, 'GET', `/api/tasks?${query}&limit=200&offset=${offset}`)) as { items: { id: string; name: string }[] };
    ids.push(...page.items.filter((t) => t.name === name).map((t) => t.id));
    if (page.items.length < 200) return ids;
  }
}

/** Runs `paths.length` POSTs with `connections` in flight; one request per path. */
async function load(base: string, headers: Record<string, string>, connections: number, paths: string[], body: unknown) {
  let next = 0;
  const payload = JSON.stringify(body);
  const result = await autocannon({
    url: base, connections, amount: paths.length, timeout: 60,
    requests: [{ method: 'POST', headers, body: payload, setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
  });
  return result;
}

export async function main(argv = process.argv.slice(2)) {
  const o = options(argv);
  const entry = o.server === 'bundle' ? [await bundleServer()] : TSX_ENTRY;
  const log = (line: string) => !o.json && console.log(line);
  const dataDir = o.dataDir ?? mkdtempSync(path.join(tmpdir(), 'lotse-bench-http-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | null = null;
  const results: PhaseResult[] = [];
  try {
    const t0 = performance.now();
    server = await startServer(entry, port, dataDir, o.cpuProf);
    log(`server up in ${((performance.now() - t0) / 1000).toFixed(1)} s (pid ${server.pid}, PGlite in ${dataDir})`);
    const [admin, employee, agent] = [await login(base, 'admin@lotse.demo'), await login(base, 'employee@lotse.demo'), await login(base, 'agent.it@lotse.demo')];
    const dir = path.join(root, 'processes/it-incident/');
    const decisions = readdirSync(dir).filter((f) => f.endsWith('.dmn')).map((f) => readFileSync(dir + f, 'utf8'));
    await json(base, admin, 'POST', '/api/deployments', { ...processDeployment('it-incident'), decisions });
    // Warm-up: a few incidents through all three steps, not measured.
    await phases(base, { employee, agent }, 4, 20, null, 0);
    const rounds = o.prefill > 0 ? [0, o.prefill] : [0];
    const envSb = process.env.PGLITE_SHARED_BUFFERS_MB ? Number(process.env.PGLITE_SHARED_BUFFERS_MB) : null;
    const runs: { prefilled: number; sb: number | null }[] = rounds.map((prefilled) => ({ prefilled, sb: envSb }));
    if (o.sharedBuffers) runs.push({ prefilled: rounds[rounds.length - 1], sb: Number(o.sharedBuffers) });
    const summary: { prefilled: number; sharedBuffersMb: number | null; peakRssMb: number; serverCpuMsPerIncident: number }[] = [];
    for (const [i, { prefilled, sb }] of runs.entries()) {
      const sbLabel = sb ? `shared_buffers ${sb} MB ` : '';
      if (i > 0 && sb !== runs[i - 1].sb) {
        await stopServer(server);
        server = await startServer(entry, port, dataDir, o.cpuProf, sb);
        log(`server restarted with PGLITE_SHARED_BUFFERS_MB=${sb}`);
        await phases(base, { employee, agent }, 4, 20, null, 0, sb); // warm the caches again
      } else if (prefilled > 0) {
        await stopServer(server);
        const seconds = await prefillCompleted(path.join(dataDir, 'pgdata'), 'it-incident', prefilled, log); // server/db/index.ts: DATA_DIR/pgdata
        log(`prefilled ${prefilled} completed incidents in ${seconds.toFixed(0)} s`);
        server = await startServer(entry, port, dataDir, o.cpuProf, sb);
        await phases(base, { employee, agent }, 4, 20, null, 0, sb); // warm the caches again
      }
      let cpuTotal = 0;
      let completed = 0;
      for (const c of o.concurrency) {
        const before = cpuTicks(server.pid!);
        const r = await phases(base, { employee, agent }, c, o.requests, server.pid!, prefilled, sb);
        cpuTotal += cpuTicks(server.pid!) - before;
        completed += o.requests;
        for (const p of r) {
          results.push(p);
          log(`  ${sbLabel}${prefilled ? `+${prefilled} ` : ''}c=${String(c).padStart(2)}  ${p.phase.padEnd(11)} ${p.requestsPerSecond.toFixed(1).padStart(7)} req/s  p50 ${p.p50Ms.toFixed(1).padStart(7)} ms  p99 ${p.p99Ms.toFixed(1).padStart(7)} ms  non-2xx ${p.non2xx}  server CPU ${p.serverCpuMsPerRequest.toFixed(2)} ms/request`);
        }
      }
      const rss = peakRssMb(server.pid!);
      const perIncident = (cpuTotal * TICK_MS) / completed;
      summary.push({ prefilled, sharedBuffersMb: sb, peakRssMb: rss, serverCpuMsPerIncident: perIncident });
      log(`${sbLabel}${prefilled ? `with ${prefilled} completed incidents: ` : ''}server peak RSS ${rss} MB; server CPU ${perIncident.toFixed(1)} ms per completed incident (3 requests); node ${process.version}`);
    }
    for (const prefilled of rounds.slice(1)) {
      const rate = (n: number) => {
        const rs = results.filter((r) => r.prefilled === n && r.sharedBuffersMb === envSb);
        return rs.reduce((sum, r) => sum + r.requests, 0) / rs.reduce((sum, r) => sum + r.requests / r.requestsPerSecond, 0);
      };
      log(`growth: ${rate(prefilled).toFixed(1)} requests/s with ${prefilled} completed incidents vs ${rate(0).toFixed(1)} empty (${((rate(prefilled) / rate(0) - 1) * 100).toFixed(0)} %; target within 10 %)`);
    }
    const c32 = results.filter((r) => r.concurrency === 32 && r.prefilled === 0);
    if (c32.length) {
      const worstP99 = Math.max(...c32.map((r) => r.p99Ms));
      const slowest = Math.min(...c32.map((r) => r.requestsPerSecond));
      log(`target at concurrency 32 on PGlite: ≥ 200 requests/s and p99 < 250 ms: ${slowest >= 200 && worstP99 < 250 ? 'met' : 'missed'} (slowest phase ${slowest.toFixed(1)} req/s, worst p99 ${worstP99.toFixed(1)} ms)`);
    }
    if (o.json) console.log(JSON.stringify({ results, summary }));
    return results;
  } finally {
    if (server) await stopServer(server);
    if (!o.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function stopServer(server: ChildProcess) {
  if (server.exitCode !== null) return;
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
}

/** The three phases of n incidents at one concurrency. */
async function phases(
  base: string, as: { employee: Record<string, string>; agent: Record<string, string> }, c: number, n: number, pid: number | null, prefilled: number,
  sharedBuffersMb: number | null = null,
): Promise<PhaseResult[]> {
  const out: PhaseResult[] = [];
  const measure = async (phase: string, paths: string[], headers: Record<string, string>, body: unknown) => {
    const before = pid ? cpuTicks(pid) : 0;
    const r = await load(base, headers, c, paths, body);
    const ticks = pid ? cpuTicks(pid) - before : 0;
    if (r.non2xx || r.errors) throw new Error(`${phase} at c=${c}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
    out.push({
      phase, prefilled, sharedBuffersMb, concurrency: c, requests: r.requests.total, requestsPerSecond: r.requests.total / (r.duration || 1),
      p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx, serverCpuMsPerRequest: (ticks * TICK_MS) / Math.max(1, r.requests.total),
    });
  };
  const starts = Array.from({ length: n }, () => '/api/process-instances');
  await measure('start', starts, as.employee, {
    processKey: 'it-incident', variables: { summary: 'VPN drops every few minutes', description: 'Since this morning', impact: 'medium', urgency: 'high' },
  });
  const first = await openTasks(base, as.agent, 'candidateGroup=it&processKey=it-incident', 'Resolve (1st level)');
  if (first.length < n) throw new Error(`only ${first.length} first-level tasks open`);
  await measure('first level', first.slice(0, n).map((id) => `/api/tasks/${id}/complete`), as.agent, { variables: { solved: true, solution: 'Reinstalled the VPN client' } });
  const confirm = await openTasks(base, as.employee, 'assignee=me&processKey=it-incident', 'Confirm the solution');
  if (confirm.length < n) throw new Error(`only ${confirm.length} confirm tasks open`);
  await measure('confirm', confirm.slice(0, n).map((id) => `/api/tasks/${id}/complete`), as.employee, { variables: { fixed: true } });
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
