/**
 * Issue #22, point 6: three real server processes on one PostgreSQL database behind a small
 * round-robin HTTP proxy (any load balancer, no sticky sessions). A load of starts, external job
 * completions, timers and user task completions spreads over all three; afterwards every job and every
 * timer ran exactly once and every instance completed once. Live updates (GET /api/events) reach a
 * client of each server whatever server made the change (LISTEN/NOTIFY, live-changes.ts).
 * PostgreSQL only: skipped without TEST_DATABASE_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db';

const N = 60;
const JOB_TYPE = 'multi-server-work';
const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1" id="multi-defs" targetNamespace="urn:test">
  <bpmn:process id="multi-load" name="Load" isExecutable="true" esm:department="it">
    <bpmn:extensionElements><esm:catalog title="Load" requesters="employee" /></bpmn:extensionElements>
    <bpmn:startEvent id="Start" /><bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
    <bpmn:serviceTask id="Work" name="Work"><bpmn:extensionElements><zeebe:taskDefinition type="${JOB_TYPE}" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="Wait" />
    <bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT3S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="Wait" targetRef="Review" />
    <bpmn:userTask id="Review" name="Review"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="it" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f4" sourceRef="Review" targetRef="End" /><bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

const postgres = dbTargets().find((t) => t.name === 'postgres');
const children: ChildProcess[] = [];
let proxy: http.Server | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, ms: number, what: string) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Round-robin: each request (SSE streams included) goes to the next server; headers and bodies pass through. */
function roundRobin(ports: number[]): Promise<{ port: number; served: number[] }> {
  const served = ports.map(() => 0);
  let next = 0;
  proxy = http.createServer((req, res) => {
    const i = next++ % ports.length;
    served[i]++;
    const up = http.request({ host: '127.0.0.1', port: ports[i], method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    res.on('close', () => up.destroy());
    req.pipe(up);
  });
  return new Promise((resolve) => proxy!.listen(0, '127.0.0.1', () => resolve({ port: (proxy!.address() as net.AddressInfo).port, served })));
}

/** A signed-in user against one base URL: JSON in and out, CSRF header, session cookie. */
class User {
  constructor(readonly base: string, readonly cookie: string) {}
  static async signIn(base: string, email: string) {
    const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lotse-csrf': '1' }, body: JSON.stringify({ email, password: 'demo' }) });
    expect(r.status, `${email}: ${await r.text()}`).toBe(200);
    return new User(base, r.headers.get('set-cookie')!.split(';')[0]);
  }
  at(base: string) {
    return new User(base, this.cookie);
  }
  async post(path: string, body: unknown = {}) {
    const r = await fetch(`${this.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lotse-csrf': '1', cookie: this.cookie }, body: JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  }
  /** An open GET /api/events stream collecting the instance ids of every 'changed' event. */
  async events() {
    const ctl = new AbortController();
    const res = await fetch(`${this.base}/api/events`, { headers: { cookie: this.cookie }, signal: ctl.signal });
    expect(res.status).toBe(200);
    const seen = new Set<string>();
    const reader = res.body!.getReader();
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          if (!frame.includes('event: changed')) continue;
          const data = frame.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          for (const id of (JSON.parse(data) as { instanceIds: string[] }).instanceIds) seen.add(id);
        }
      }
    })();
    return { seen, close: () => ctl.abort() };
  }
}

describe.skipIf(!postgres)('three servers on one PostgreSQL behind a round-robin proxy', () => {
  let dispose: () => Promise<void>;
  let db: pg.Client;
  const ports: number[] = [];
  let front = '';
  let served: number[] = [];
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    const opened = await postgres!.open({ migrated: false }); // the first server migrates and seeds
    await opened.db.close();
    dispose = async () => {
      await opened.dispose().catch(() => {});
    };
    db = new pg.Client({ connectionString: opened.url });
    await db.connect();
    for (let i = 0; i < 3; i++) ports.push(await freePort());
    // All three start at once: one takes the advisory lock and migrates/seeds, the others wait on it.
    for (const [i, port] of ports.entries()) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        env: {
          ...process.env, DATABASE_URL: opened.url!, PORT: String(port), SEED: 'demo', DEMO_HISTORY_DAYS: '0',
          STATIC_DIR: '', LOG_LEVEL: 'error', SMTP_URL: '', ...(i > 0 ? { MAIL_INBOUND_DISABLED: '1' } : {}),
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
    }
    await Promise.all(ports.map((p) => waitFor(async () => (await fetch(`http://127.0.0.1:${p}/api/health`)).ok, 90_000, `server on ${p}`)));
    const p = await roundRobin(ports);
    front = `http://127.0.0.1:${p.port}`;
    served = p.served;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : (c.once('exit', r), c.kill('SIGKILL'))))));
    proxy?.closeAllConnections();
    proxy?.close();
    await db?.end().catch(() => {});
    await dispose?.();
    if (Object.keys(figures).length) console.log('multi-server figures', figures);
  });

  it('runs a load of starts, jobs, timers and tasks across all three: each job and timer exactly once', async () => {
    // Sessions live in the database: signing in through one server is good on every other.
    const [owner, employee, admin, agent] = await Promise.all(['owner.it@lotse.demo', 'employee@lotse.demo', 'admin@lotse.demo', 'agent.it@lotse.demo'].map((e) => User.signIn(front, e)));
    const dep = await owner.post('/api/deployments', { xml });
    expect(dep.status, JSON.stringify(dep.body)).toBe(201);
    const viaProxy = await admin.events(); // an SSE stream through the proxy too

    const t0 = Date.now();
    const starts = await Promise.all(Array.from({ length: N }, (_, n) => employee.post('/api/process-instances', { processKey: 'multi-load', variables: { n } })));
    const total = () => served.reduce((a, b) => a + b, 0);
    figures.startsPerSecond = Math.round((N / (Date.now() - t0)) * 1000);
    const t1 = Date.now();
    const r1 = total();
    for (const s of starts) expect(s.status, JSON.stringify(s.body)).toBe(201);
    const ids = starts.map((s) => s.body.id as string);
    expect(new Set(ids).size).toBe(N);

    // Three workers poll through the proxy (so on all servers) until every job is completed.
    const activated: string[] = [];
    const completed: string[] = [];
    const worker = async () => {
      const until = Date.now() + 60_000;
      while (completed.length < N && Date.now() < until) {
        const a = await admin.post('/api/jobs/activate', { type: JOB_TYPE, maxJobs: 5, lockSeconds: 120 });
        expect(a.status, JSON.stringify(a.body)).toBe(200);
        for (const job of a.body.jobs as { id: string; processInstanceId: string }[]) {
          activated.push(job.id);
          const c = await admin.post(`/api/jobs/${job.id}/complete`, { variables: { worked: true } });
          expect(c.status, JSON.stringify(c.body)).toBe(204);
          completed.push(job.id);
        }
        if (!a.body.jobs.length) await new Promise((r) => setTimeout(r, 100));
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(completed).toHaveLength(N);
    expect(new Set(activated).size).toBe(activated.length); // no job handed to two workers
    figures.jobsPerSecond = Math.round((N / (Date.now() - t1)) * 1000);
    figures.jobRequestsPerSecond = Math.round(((total() - r1) / (Date.now() - t1)) * 1000);

    // The timers (PT3S) fire on whichever server claims them first; then every Review task is open.
    const openTasks = async () =>
      (await db.query<{ id: string }>("SELECT t.id FROM tasks t WHERE t.instance_id = ANY($1) AND t.element_id = 'Review' AND t.status = 'open'", [ids])).rows;
    await waitFor(async () => (await openTasks()).length === N, 30_000, 'every timer to fire');
    const tasks = await openTasks();
    const t2 = Date.now();
    const done = await Promise.all(tasks.map((t) => agent.post(`/api/tasks/${t.id}/complete`, { variables: {} })));
    for (const d of done) expect(d.status, JSON.stringify(d.body)).toBe(204);
    figures.taskCompletionsPerSecond = Math.round((N / (Date.now() - t2)) * 1000);
    figures.loadMs = Date.now() - t0; // starts to last completion, with the PT3S timers
    figures.proxiedRequests = total();

    // Every server took a share of the requests.
    for (const n of served) expect(n).toBeGreaterThan(N / 2);
    // Every instance completed, once.
    const inst = await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM process_instances WHERE id = ANY($1) GROUP BY status', [ids]);
    expect(inst.rows).toEqual([{ status: 'completed', n: N }]);
    // One service job and one timer per instance, each done.
    const jobs = await db.query<{ kind: string; status: string; n: number; instances: number }>(
      'SELECT kind, status, count(*)::int AS n, count(DISTINCT instance_id)::int AS instances FROM jobs WHERE instance_id = ANY($1) GROUP BY kind, status ORDER BY kind',
      [ids],
    );
    expect(jobs.rows).toEqual([
      { kind: 'service', status: 'done', n: N, instances: N },
      { kind: 'timer', status: 'done', n: N, instances: N },
    ]);
    // History: each element of each instance completed exactly once (the job, the timer, the task, the end).
    const history = await db.query<{ element_id: string; n: number; instances: number; most: number }>(
      `SELECT element_id, sum(n)::int AS n, count(*)::int AS instances, max(n)::int AS most FROM (
         SELECT instance_id, element_id, count(*) AS n FROM history WHERE instance_id = ANY($1) AND kind = 'element_completed' GROUP BY instance_id, element_id
       ) x GROUP BY element_id ORDER BY element_id`,
      [ids],
    );
    const byElement = Object.fromEntries(history.rows.map((r) => [r.element_id, r]));
    for (const el of ['Work', 'Wait', 'Review', 'End']) expect(byElement[el], el).toEqual({ element_id: el, n: N, instances: N, most: 1 });

    // The stream through the proxy heard of every instance.
    await waitFor(async () => ids.every((id) => viaProxy.seen.has(id)), 10_000, 'live updates through the proxy');
    viaProxy.close();
  }, 120_000);

  it('lets ten sign-ins from one address at once through (all users behind one balancer address)', async () => {
    // Before the fix in throttle.ts a parallel attempt recorded with a later timestamp counted as a
    // back-off to wait: several people signing in at once from one address got 429 "try again in 1 s".
    const emails = ['employee@lotse.demo', 'agent.it@lotse.demo', 'owner.it@lotse.demo', 'admin@lotse.demo', 'agent.hr@lotse.demo'];
    const tries = await Promise.all([...emails, ...emails].map((email) =>
      fetch(`${front}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lotse-csrf': '1' }, body: JSON.stringify({ email, password: 'demo' }) }).then((r) => r.status),
    ));
    expect(tries).toEqual(tries.map(() => 200));
  }, 60_000);

  it('live updates reach a client of every server, whichever server made the change', async () => {
    const admin = await User.signIn(front, 'admin@lotse.demo');
    const streams = await Promise.all(ports.map((p) => admin.at(`http://127.0.0.1:${p}`).events()));
    try {
      for (const [i, p] of ports.entries()) {
        const employee = await User.signIn(`http://127.0.0.1:${p}`, 'employee@lotse.demo');
        const t0 = Date.now();
        const s = await employee.post('/api/process-instances', { processKey: 'multi-load', variables: { from: i } });
        expect(s.status).toBe(201);
        await waitFor(async () => streams.every((st) => st.seen.has(s.body.id)), 10_000, `the start on server ${i} to reach every client`);
        figures[`liveMsFromServer${i}`] = Date.now() - t0;
      }
    } finally {
      streams.forEach((s) => s.close());
    }
  }, 60_000);
});
