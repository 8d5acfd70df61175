import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../server/auth/principal';
import type { Db } from '../../server/db';
import { runHttpJobs } from '../../server/engine/jobs/jobs';
import { Engine } from '../../server/engine/runtime/runtime';
import { deploy } from '../../server/definitions/deploy';
import { silentLogger } from '../../server/log';
import { dbTargets } from '../support/db';
import { fixture } from './fixtures';

describe.each(dbTargets())('the http connector against a real local HTTP server ($name)', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let server: http.Server;
  let url = '';
  let clock = new Date('2026-03-02T09:00:00Z');
  const received: { body: string; idempotencyKey: string | undefined }[] = [];
  let failNext = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ body, idempotencyKey: req.headers['idempotency-key'] as string | undefined });
        if (failNext > 0) {
          failNext--;
          res.writeHead(503).end('busy');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ orderNo: `A-${received.length}` }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`;
    const opened = await target.open();
    db = opened.db;
    dispose = opened.dispose;
    const admin = await db.query<{ id: string }>("INSERT INTO users (email, name, password_hash) VALUES ('a@t', 'A', 'x') RETURNING id");
    const principal: Principal = { id: admin.rows[0].id, email: 'a@t', name: 'A', locale: null, roles: [{ role: 'admin' }], groups: [] };
    await deploy(new Engine(db, () => clock, silentLogger), { xml: fixture('http-connector.bpmn') }, principal);
  });
  afterAll(async () => {
    await dispose();
    await new Promise((r) => server.close(r));
  });

  const start = async (engine: Engine, variables: Record<string, unknown>) => {
    const def = await db.query<{ id: string }>("SELECT id FROM definitions WHERE key = 'http-call'");
    const id = crypto.randomUUID();
    await engine.run([{ kind: 'start', instanceId: id, definitionId: def.rows[0].id, input: { variables }, startedBy: null }], 'test');
    return id;
  };
  const instance = async (id: string) => (await db.query<{ status: string; variables: Record<string, unknown> }>('SELECT status, variables FROM process_instances WHERE id = $1', [id])).rows[0];

  it('posts the FEEL-built body with the job id as idempotency key and stores the answer', async () => {
    const engine = new Engine(db, () => clock, silentLogger);
    const id = await start(engine, { shopUrl: url, item: 'laptop' });
    expect(await runHttpJobs(engine)).toBe(1);
    expect(JSON.parse(received.at(-1)!.body)).toEqual({ item: 'laptop' });
    expect(received.at(-1)!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(await instance(id)).toMatchObject({ status: 'completed', variables: { order: { status: 200, body: { orderNo: expect.stringMatching(/^A-/) } } } });
  });

  it('retries a failing call with backoff and opens an incident when the retries are used up', async () => {
    const engine = new Engine(db, () => clock, silentLogger);
    failNext = 5;
    const id = await start(engine, { shopUrl: url, item: 'monitor' });
    await runHttpJobs(engine);
    const job = await db.query<{ status: string; retries: number; due_at: Date }>("SELECT status, retries, due_at FROM jobs WHERE instance_id = $1", [id]);
    expect(job.rows[0]).toMatchObject({ status: 'ready', retries: 1 });
    expect(new Date(job.rows[0].due_at).getTime()).toBeGreaterThan(clock.getTime());
    expect(await runHttpJobs(engine)).toBe(0); // not due yet
    clock = new Date(clock.getTime() + 60_000);
    await runHttpJobs(engine);
    const incident = await db.query<{ element_id: string; message: string }>("SELECT element_id, message FROM incidents WHERE instance_id = $1 AND status = 'open'", [id]);
    expect(incident.rows[0]).toMatchObject({ element_id: 'Call', message: expect.stringContaining('503') });
    expect((await instance(id)).status).toBe('active');
  });
});
