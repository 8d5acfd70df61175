/**
 * The REST connector as Camunda 8 models use it (io.camunda:http-json:1 with the element template's
 * input mappings and task headers), against a real local HTTP server with an OAuth token endpoint,
 * with `{{secrets.NAME}}` filled in from the encrypted secret store. Runs on PGlite and PostgreSQL.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../server/auth/principal';
import type { Db } from '../../server/db';
import { runHttpJobs } from '../../server/engine/jobs/jobs';
import { Engine } from '../../server/engine/runtime/runtime';
import { wireEngine } from '../../server/engine-wiring';
import { deploy } from '../../server/definitions/deploy';
import { createSecret } from '../../server/secrets/store';
import { silentLogger } from '../../server/log';
import { dbTargets } from '../support/db';
import { fixture } from './fixtures';

const SECRETS = {
  SHOP_USER: 'svc-shop',
  SHOP_PASSWORD: 'pw-Üml-7f3a9c',
  API_TOKEN: 'tok-SECRET-4711',
  CLIENT_SECRET: 'cs-9d8e7f6a',
  GLOBAL_USER: 'global-user-5150',
  DB_PASSWORD: 'db-pass-0000',
  HR_KEY: 'hr-key-1234',
};

interface Seen { method: string; path: string; query: URLSearchParams; headers: http.IncomingHttpHeaders; body: string }

describe.each(dbTargets())('the Camunda REST connector against a local HTTP server ($name)', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let server: http.Server;
  let baseUrl = '';
  let clock = new Date('2026-03-02T09:00:00Z');
  const seen: Seen[] = [];
  const key = randomBytes(32);
  let engine: Engine;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const url = new URL(req.url!, 'http://x');
        seen.push({ method: req.method!, path: url.pathname, query: url.searchParams, headers: req.headers, body });
        const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json', 'x-served-by': 'test' }).end(JSON.stringify(value));
        const auth = req.headers.authorization ?? '';
        if (url.pathname === '/orders' && req.method === 'GET') {
          const expected = `Basic ${Buffer.from(`${SECRETS.SHOP_USER}:${SECRETS.SHOP_PASSWORD}`).toString('base64')}`;
          if (auth !== expected) return json(401, { error: 'who are you' });
          // Echoes the credential in a header: what is stored must not carry it.
          return res.writeHead(200, { 'content-type': 'application/json', 'x-served-by': 'test', 'x-echo-auth': auth }).end(JSON.stringify({ items: [{ id: 'A-1' }, { id: 'A-2' }] }));
        }
        if (url.pathname === '/echo') return json(201, { got: { authorization: auth, url: req.url, body } });
        if (url.pathname === '/oauth/token') {
          const form = new URLSearchParams(body);
          const basic = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString().split(':') : null;
          const [id, secret] = basic ?? [form.get('client_id'), form.get('client_secret')];
          const ok = form.get('grant_type') === 'client_credentials' && id === 'lotse-client' && secret === SECRETS.CLIENT_SECRET
            && form.get('audience') === 'crm-api' && form.get('scope') === 'customers:write';
          return ok ? json(200, { access_token: 'crm-token-1', token_type: 'Bearer', expires_in: 300 }) : json(401, { error: 'invalid_client' });
        }
        if (url.pathname.startsWith('/customers/')) {
          return auth === 'Bearer crm-token-1' ? json(200, { id: `crm-${url.pathname.split('/')[2]}`, name: JSON.parse(body).name }) : json(401, {});
        }
        if (url.pathname === '/orders/gone') return json(404, { reason: 'archived' });
        if (url.pathname === '/orders/refused') return json(200, { state: 'rejected' });
        if (url.pathname === '/orders/fine') return json(200, { state: 'open' });
        if (url.pathname === '/flaky') return res.writeHead(503).end('busy');
        if (url.pathname === '/big') return res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(1024 * 1024 + 10));
        json(404, {});
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const opened = await target.open();
    db = opened.db;
    dispose = opened.dispose;
    const deps = await db.query<{ id: string; key: string }>("INSERT INTO departments (key, name) VALUES ('it', 'IT'), ('hr', 'HR') RETURNING id, key");
    const it = deps.rows.find((d) => d.key === 'it')!.id;
    const hr = deps.rows.find((d) => d.key === 'hr')!.id;
    const admin = await db.query<{ id: string }>("INSERT INTO users (email, name, password_hash) VALUES ('a@t', 'A', 'x') RETURNING id");
    const principal: Principal = { id: admin.rows[0].id, email: 'a@t', name: 'A', locale: null, roles: [{ role: 'admin' }], groups: [] };
    const secret = (name: string, value: string, departmentId: string | null) => createSecret(db, key, principal, { name, value, departmentId });
    await secret('SHOP_USER', SECRETS.SHOP_USER, it);
    await secret('SHOP_USER', SECRETS.GLOBAL_USER, null); // the department's wins
    await secret('SHOP_PASSWORD', SECRETS.SHOP_PASSWORD, null);
    await secret('API_TOKEN', SECRETS.API_TOKEN, it);
    await secret('CLIENT_SECRET', SECRETS.CLIENT_SECRET, it);
    await secret('DB_PASSWORD', SECRETS.DB_PASSWORD, null);
    await secret('HR_KEY', SECRETS.HR_KEY, hr);
    engine = wireEngine(new Engine(db, () => clock, silentLogger), { secretKey: key });
    const deployed = await deploy(engine, { xml: fixture('rest-connector.bpmn') }, principal);
    expect(deployed).toBeTruthy();
  }, 120_000);
  afterAll(async () => {
    await dispose();
    await new Promise((r) => server.close(r));
  });

  const start = async (processKey: string, variables: Record<string, unknown>) => {
    const def = await db.query<{ id: string }>('SELECT id FROM definitions WHERE key = $1', [processKey]);
    const id = crypto.randomUUID();
    await engine.run([{ kind: 'start', instanceId: id, definitionId: def.rows[0].id, input: { variables: { baseUrl, ...variables } }, startedBy: null }], 'test');
    return id;
  };
  const instance = async (id: string) => (await db.query<{ status: string; variables: Record<string, unknown> }>('SELECT status, variables FROM process_instances WHERE id = $1', [id])).rows[0];
  const openIncident = async (id: string) => (await db.query<{ element_id: string; message: string }>("SELECT element_id, message FROM incidents WHERE instance_id = $1 AND status = 'open'", [id])).rows[0];
  const passed = async (id: string) => (await db.query<{ element_id: string }>("SELECT element_id FROM history WHERE instance_id = $1 AND kind = 'element_completed' ORDER BY id", [id])).rows.map((r) => r.element_id);

  it('given basic auth from secrets, when the job runs, then the server sees the credentials and the answer lands in resultVariable and resultExpression', async () => {
    const id = await start('rest-basic', { trace: 'tr-1', customer: 'c 42' });
    expect(await runHttpJobs(engine)).toBe(1);
    const call = seen.at(-1)!;
    expect(call).toMatchObject({ method: 'GET', path: '/orders' });
    expect(Object.fromEntries(call.query)).toEqual({ limit: '2', customer: 'c 42' });
    expect(call.headers['x-trace']).toBe('tr-1');
    const { status, variables } = await instance(id);
    expect(status).toBe('completed');
    expect(variables).toMatchObject({
      orders: { status: 200, headers: { 'x-served-by': 'test' }, body: { items: [{ id: 'A-1' }, { id: 'A-2' }] } },
      firstOrder: 'A-1',
      orderCount: 2,
    });
    expect((variables.orders as { headers: Record<string, string> }).headers['x-echo-auth']).toBe('Basic [secret]');
  });

  it('given a bearer token from a secret, when the server echoes it back, then the variables carry the placeholder, not the value', async () => {
    const id = await start('rest-bearer', { title: 'Printer on fire' });
    await runHttpJobs(engine);
    const call = seen.at(-1)!;
    expect(call.headers.authorization).toBe(`Bearer ${SECRETS.API_TOKEN}`);
    expect(call.query.get('key')).toBe(SECRETS.API_TOKEN);
    expect(JSON.parse(call.body)).toEqual({ title: 'Printer on fire', note: `token ${SECRETS.API_TOKEN}` });
    const { status, variables } = await instance(id);
    expect(status).toBe('completed');
    const created = variables.created as { status: number; body: { got: { authorization: string; body: string } } };
    expect(created.status).toBe(201);
    expect(created.body.got.authorization).toBe('Bearer {{secrets.API_TOKEN}}');
    expect(JSON.stringify(variables)).not.toContain(SECRETS.API_TOKEN);
  });

  it.each(['credentialsBody', 'basicAuthHeader'])('given OAuth client credentials (%s), when the job runs, then it fetches a token and calls with it', async (clientAuthentication) => {
    const before = seen.length;
    const id = await start('rest-oauth', { customerId: 'k7', name: 'Kim', clientAuthentication });
    await runHttpJobs(engine);
    const calls = seen.slice(before);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /oauth/token', 'PUT /customers/k7']);
    expect(calls[1].headers.authorization).toBe('Bearer crm-token-1');
    expect((await instance(id))).toMatchObject({ status: 'completed', variables: { synced: true, crmId: 'crm-k7' } });
  });

  it('given an errorExpression, when the server answers 404 or a rejection, then a BPMN error is caught by the matching boundary event', async () => {
    const gone = await start('rest-errors', { orderId: 'gone' });
    const refused = await start('rest-errors', { orderId: 'refused' });
    const fine = await start('rest-errors', { orderId: 'fine' });
    await runHttpJobs(engine);
    expect(await passed(gone)).toContain('NotFoundEnd');
    expect((await instance(gone)).variables).toMatchObject({ reason: 'archived' });
    expect(await passed(refused)).toContain('RejectedEnd');
    expect(await passed(fine)).toContain('Found');
    for (const id of [gone, refused, fine]) expect((await instance(id)).status).toBe('completed');
  });

  it('given retries="2" and retryBackoff PT30S, when the server keeps failing, then it waits 30 s between attempts and ends in an incident', async () => {
    const id = await start('rest-retry', { path: '/flaky' });
    await runHttpJobs(engine);
    const job = async () => (await db.query<{ status: string; retries: number; due_at: Date }>('SELECT status, retries, due_at FROM jobs WHERE instance_id = $1', [id])).rows[0];
    expect(await job()).toMatchObject({ status: 'ready', retries: 1 });
    expect(new Date((await job()).due_at).getTime() - clock.getTime()).toBe(30_000);
    clock = new Date(clock.getTime() + 29_000);
    expect(await runHttpJobs(engine)).toBe(0);
    clock = new Date(clock.getTime() + 1_000);
    expect(await runHttpJobs(engine)).toBe(1);
    expect(await openIncident(id)).toMatchObject({ element_id: 'NotifyShop', message: expect.stringContaining('answered 503') });
  });

  it('given an answer over 1 MB, when the job runs, then it is an incident at once, not a retry', async () => {
    const id = await start('rest-retry', { path: '/big' });
    await runHttpJobs(engine);
    expect(await openIncident(id)).toMatchObject({ element_id: 'NotifyShop', message: expect.stringContaining('larger than 1 MB') });
    expect((await instance(id)).variables).not.toHaveProperty('response');
  });

  it('given an API key in the query and an errorExpression returning jobError, then the attempt fails with the retries and backoff it names', async () => {
    const id = await start('rest-joberror', {});
    await runHttpJobs(engine);
    expect(seen.at(-1)!.query.get('api_key')).toBe(SECRETS.API_TOKEN);
    const job = (await db.query<{ status: string; retries: number; due_at: Date; error_message: string }>('SELECT status, retries, due_at, error_message FROM jobs WHERE instance_id = $1', [id])).rows[0];
    expect(job).toMatchObject({ status: 'ready', retries: 1, error_message: 'order still open' });
    expect(new Date(job.due_at).getTime() - clock.getTime()).toBe(10_000);
    expect(await openIncident(id)).toBeUndefined();
  });

  it('given secrets that do not exist for the process, when the job runs, then the incident names them and calls nobody', async () => {
    const before = seen.length;
    const id = await start('rest-missing', {});
    await runHttpJobs(engine);
    expect(seen.length).toBe(before);
    const incident = await openIncident(id);
    expect(incident.element_id).toBe('CallPartner');
    expect(incident.message).toContain('NOPE');
    expect(incident.message).toContain('HR_KEY'); // another department's secret is not this process's
    expect(incident.message).not.toContain(SECRETS.HR_KEY);
    expect(incident.message).not.toContain(SECRETS.SHOP_USER);
  });

  it('given a placeholder typed into a variable, when the job runs, then it is not filled in (the model names no such secret)', async () => {
    const before = seen.length;
    const id = await start('rest-bearer', { title: '{{secrets.DB_PASSWORD}}' });
    await runHttpJobs(engine);
    expect(seen.length).toBe(before);
    expect((await openIncident(id)).message).toMatch(/DB_PASSWORD is not named in the process model/);
  });

  it('then no secret value is anywhere in history, incidents, jobs, instances or the secrets table', async () => {
    const dump = async (table: string) => (await db.query<{ t: string }>(`SELECT coalesce(string_agg(x::text, '\n'), '') AS t FROM ${table} x`)).rows[0].t;
    for (const table of ['history', 'incidents', 'jobs', 'process_instances', 'secrets']) {
      const text = await dump(table);
      expect(text.length).toBeGreaterThan(0);
      for (const value of Object.values(SECRETS)) expect(text, `${table} holds ${value}`).not.toContain(value);
    }
    // Encrypted at rest: the stored bytes are not the value in any encoding PostgreSQL shows.
    const stored = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM secrets WHERE position(convert_to($1, 'UTF8') IN ciphertext) > 0 OR encode(ciphertext, 'escape') LIKE '%' || $1 || '%'",
      [SECRETS.API_TOKEN],
    );
    expect(stored.rows[0].n).toBe(0);
  });
});
