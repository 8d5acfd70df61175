import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import type { ChannelListener, Db } from '../../server/db';
import { openPostgres } from '../../server/db/postgres';
import { listenForChanges } from '../../server/engine/runtime/live-changes';
import { Engine } from '../../server/engine/runtime/runtime';
import { serverWiring, wireEngine } from '../../server/engine-wiring';
import { silentLogger, type Logger } from '../../server/log';
import { seed } from '../../server/seed';
import { Client, seededApp, testConfig } from '../support/api';
import { dbTargets } from '../support/db';
import { processDeployment } from '../support/processes';

type App = ReturnType<typeof createApp>;

/** An open `GET /api/events` stream that collects the ids of every 'changed' event. */
class EventStream {
  readonly changes: string[][] = [];
  private waiters: (() => void)[] = [];
  private constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {
    void this.pump();
  }

  static async open(app: App, cookie: string) {
    const res = await app.request('/api/events', { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    return new EventStream(res.body!.getReader());
  }

  private async pump() {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await this.reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        if (!frame.includes('event: changed')) continue;
        const data = frame.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        this.changes.push((JSON.parse(data) as { instanceIds: string[] }).instanceIds);
        for (const wake of this.waiters.splice(0)) wake();
      }
    }
  }

  /** Events (after index `from`) that name the id. */
  count(id: string, from = 0) {
    return this.changes.slice(from).filter((ids) => ids.includes(id)).length;
  }

  /** Resolves with the index of the first event after `from` that matches. */
  async next(match: (ids: string[]) => boolean, from = 0, timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.changes.findIndex((ids, n) => n >= from && match(ids));
      if (i >= 0) return i;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching 'changed' event within ${timeoutMs} ms; got ${JSON.stringify(this.changes.slice(from))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close() {
    return this.reader.cancel().catch(() => {});
  }
}

/** The SSE stream of one server hears that server's own changes, once (PGlite: no listener at all). */
describe.each(dbTargets())('live events on one server ($name)', (target) => {
  let dispose: () => Promise<void>;
  let ctx: Awaited<ReturnType<typeof seededApp>>;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    ctx = await seededApp(opened.db);
    expect((await (await ctx.as('owner.it@lotse.demo')).post('/api/deployments', processDeployment('it-equipment-request'))).status).toBe(201);
  });
  afterAll(() => dispose());

  it('streams the id of a request started on the same server', async () => {
    const employee = await ctx.as('employee@lotse.demo');
    const stream = await EventStream.open(ctx.app, employee.cookie);
    const id = (await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'laptop' } })).body.id as string;
    await stream.next((ids) => ids.includes(id));
    expect(stream.count(id)).toBe(1);
    await stream.close();
  });

  it("tells the agent of an internal note but not the requester, who hears the public reply", async () => {
    const employee = await ctx.as('employee@lotse.demo');
    const agent = await ctx.as('agent.it@lotse.demo');
    const id = (await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'laptop' } })).body.id as string;
    const requesterStream = await EventStream.open(ctx.app, employee.cookie);
    const agentStream = await EventStream.open(ctx.app, agent.cookie);
    try {
      expect((await agent.post(`/api/process-instances/${id}/comments`, { text: 'Budget klären', internal: true })).status).toBe(201);
      await agentStream.next((ids) => ids.includes(id));
      expect((await agent.post(`/api/process-instances/${id}/comments`, { text: 'Wir melden uns morgen.' })).status).toBe(201);
      // Each stream hears its notices in order: once a later marker is in, the note's and the reply's would be.
      const marker = (await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'phone' } })).body.id as string;
      await requesterStream.next((ids) => ids.includes(marker));
      await agentStream.next((ids) => ids.includes(marker));
      expect(requesterStream.count(id)).toBe(1);
      expect(agentStream.count(id)).toBe(2);
    } finally {
      await requesterStream.close();
      await agentStream.close();
    }
  });
});

const postgres = dbTargets().find((t) => t.name === 'postgres');

/** Two servers (apps with their own engine and pool) on one PostgreSQL database, as in a scaled-out setup. */
describe.skipIf(!postgres)('live events across servers on one PostgreSQL database', () => {
  let dispose: () => Promise<void>;
  let dbA: Db, dbB: Db;
  let engineA: Engine, engineB: Engine;
  let appA: App, appB: App;
  let liveA: ChannelListener, liveB: ChannelListener;
  let employee: Client, agent: Client;
  let streamA: EventStream, streamB: EventStream;
  /** An admin's stream on B: admins hear every id (the others only those they may see, trust-visibility.test.ts). */
  let adminB: EventStream;
  const logB: { level: string; msg: string }[] = [];
  const recordingLog: Logger = {
    debug: () => {},
    info: (msg) => logB.push({ level: 'info', msg }),
    warn: (msg) => logB.push({ level: 'warn', msg }),
    error: (msg) => logB.push({ level: 'error', msg }),
  };

  const server = (db: Db, log: Logger) => {
    const engine = wireEngine(new Engine(db, () => new Date(), log), serverWiring(testConfig));
    return { engine, app: createApp({ db, config: testConfig, log: silentLogger, now: () => new Date(), engine }) };
  };
  const login = async (app: App, email: string) => {
    const c = new Client(app);
    expect((await c.post('/api/auth/login', { email, password: 'demo' })).status).toBe(200);
    return c;
  };
  const startOnA = async () => (await employee.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'laptop' } })).body.id as string;

  beforeAll(async () => {
    const opened = await postgres!.open();
    dispose = opened.dispose;
    dbA = opened.db;
    dbB = await openPostgres(opened.url!, 3);
    await seed(dbA, testConfig, silentLogger);
    ({ engine: engineA, app: appA } = server(dbA, silentLogger));
    ({ engine: engineB, app: appB } = server(dbB, recordingLog));
    liveA = listenForChanges(engineA, silentLogger)!;
    liveB = listenForChanges(engineB, recordingLog)!;
    await Promise.all([liveA.ready, liveB.ready]);
    const owner = await login(appA, 'owner.it@lotse.demo');
    expect((await owner.post('/api/deployments', processDeployment('it-equipment-request'))).status).toBe(201);
    employee = await login(appA, 'employee@lotse.demo');
    agent = await login(appA, 'agent.it@lotse.demo');
    // Sessions live in the database: the cookie from server A is good on server B.
    streamA = await EventStream.open(appA, agent.cookie);
    streamB = await EventStream.open(appB, agent.cookie);
    adminB = await EventStream.open(appB, (await login(appA, 'admin@lotse.demo')).cookie);
  });
  afterAll(async () => {
    await streamA?.close();
    await streamB?.close();
    await adminB?.close();
    await liveA?.close();
    await liveB?.close();
    await dbB?.close();
    await dispose?.();
  });

  it('tells a client of server B about a request started and a task claimed and completed on server A', async () => {
    expect(engineA.origin).not.toBe(engineB.origin);
    const id = await startOnA();
    await streamB.next((ids) => ids.includes(id));

    const task = (await agent.get(`/api/process-instances/${id}`)).body.tasks.find((t: { status: string }) => t.status === 'open');
    let from = streamB.changes.length;
    expect((await agent.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    await streamB.next((ids) => ids.length === 0, from); // a claim says "something changed"

    from = streamB.changes.length;
    expect((await agent.post(`/api/tasks/${task.id}/complete`, { variables: { approved: false, reason: 'no budget' } })).status).toBe(204);
    await streamB.next((ids) => ids.includes(id), from);
    expect((await new Client(appB).request('GET', `/api/process-instances/${id}`, undefined, { cookie: agent.cookie })).body.status).toBe('completed');

    // Server A's own client hears each change once: the local emit, not its own notice as well.
    // A change made on B afterwards is delivered after A's notices (commit order), so by then they are in.
    const employeeOnB = new Client(appB);
    employeeOnB.cookie = employee.cookie;
    const marker = (await employeeOnB.post('/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'phone' } })).body.id as string;
    await streamA.next((ids) => ids.includes(marker));
    expect(streamA.count(id)).toBe(streamB.count(id));
    expect(streamA.count(id)).toBeGreaterThanOrEqual(2);
  });

  it("carries an internal note's notice to the agents of server B, not to the requester there", async () => {
    const id = await startOnA();
    await streamB.next((ids) => ids.includes(id));
    const requesterB = await EventStream.open(appB, employee.cookie);
    try {
      let from = streamB.changes.length;
      expect((await agent.post(`/api/process-instances/${id}/comments`, { text: 'Nur intern', internal: true })).status).toBe(201);
      await streamB.next((ids) => ids.includes(id), from);
      from = streamB.changes.length;
      expect((await agent.post(`/api/process-instances/${id}/comments`, { text: 'Öffentliche Antwort' })).status).toBe(201);
      await streamB.next((ids) => ids.includes(id), from);
      const marker = await startOnA();
      await requesterB.next((ids) => ids.includes(marker));
      expect(requesterB.count(id)).toBe(1);
    } finally {
      await requesterB.close();
    }
  });

  it('sends nothing for a change that is rolled back', async () => {
    const definition = (await dbA.query<{ id: string }>("SELECT id FROM definitions WHERE key = 'it-equipment-request' ORDER BY version DESC LIMIT 1")).rows[0].id;
    const ghost = randomUUID();
    await expect(
      dbA.transaction(async (tx) => {
        // A whole engine unit, its notice queued in the transaction, then a failure before commit.
        await engineA.runIn(tx, [{ kind: 'start', instanceId: ghost, definitionId: definition, input: { variables: { item: 'ghost', initiator: 'employee@lotse.demo' } }, startedBy: null }], 'test');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await dbA.query('SELECT 1 FROM process_instances WHERE id = $1', [ghost])).rowCount).toBe(0);

    const after = await startOnA(); // notices arrive in commit order: once this one is in, a ghost notice would be too
    await streamB.next((ids) => ids.includes(after));
    expect(streamB.changes.flat()).not.toContain(ghost);
  });

  it('splits a change of many requests into notices under the 8000-byte limit', async () => {
    const ids = Array.from({ length: 600 }, () => randomUUID()); // ~23 kB of ids
    const from = adminB.changes.length;
    await dbA.transaction((tx) => engineA.publishChanged(tx, ids));
    await adminB.next(() => new Set(adminB.changes.slice(from).flat()).size >= ids.length, from);
    expect(new Set(adminB.changes.slice(from).flat())).toEqual(new Set(ids));
    expect(adminB.changes.length - from).toBeGreaterThan(1);
  });

  it('reconnects when its connection is terminated, says so, and delivers again', async () => {
    const pid = liveB.pid();
    expect(pid).toBeTypeOf('number');
    const seen = await dbA.query<{ application_name: string }>('SELECT application_name FROM pg_stat_activity WHERE pid = $1', [pid]);
    expect(seen.rows[0]?.application_name).toBe('lotse-listen');

    const from = streamB.changes.length;
    expect((await dbA.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid])).rows[0].ok).toBe(true);
    // Back on LISTEN, B tells its clients to refresh everything: notices in the gap are lost.
    await streamB.next((ids) => ids.length === 0, from);
    expect(liveB.pid()).toBeTypeOf('number');
    expect(liveB.pid()).not.toBe(pid);
    expect(logB).toContainEqual({ level: 'warn', msg: 'database listener lost its connection; reconnecting' });
    expect(logB).toContainEqual({ level: 'info', msg: 'database listener reconnected' });

    const id = await startOnA();
    await streamB.next((ids) => ids.includes(id));
  });
});
