/**
 * Operations: GET /metrics in the Prometheus text format (who may scrape, what it counts) and request
 * ids in answers and log lines.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import type { Db } from '../../server/db';
import { createLogger } from '../../server/log';
import { seed } from '../../server/seed';
import { Client, testConfig } from '../support/api';
import { dbTargets } from '../support/db';
import { templateDeployment } from './template-harness';

describe.each(dbTargets())('metrics and request ids ($name)', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  const lines: string[] = [];
  let app: ReturnType<typeof createApp>;
  const config = { ...testConfig, metricsToken: 's3cret-scrape-token' };

  beforeAll(async () => {
    ({ db, dispose } = await target.open());
    await seed(db, config, createLogger('error', () => {}));
    app = createApp({ db, config, log: createLogger('info', (l) => lines.push(l)), now: () => new Date() });
  });
  afterAll(() => dispose());

  const scrape = async (token = config.metricsToken) => {
    const res = await app.request('/metrics', { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const sample = (text: string, name: string, labels: Record<string, string> = {}) => {
    const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    const line = text.split('\n').find((l) => l.startsWith(name) && want.every((w) => l.includes(w)));
    return line ? Number(line.split(' ').pop()) : undefined;
  };

  it('counts what happened: route latency, engine steps, open incidents, jobs, pool and event-loop lag', async () => {
    const owner = new Client(app);
    expect((await owner.post('/api/auth/login', { email: 'owner.it@lotse.demo', password: 'demo' })).status).toBe(200);
    expect((await owner.post('/api/deployments', templateDeployment('it-incident'))).status).toBe(201);
    const employee = new Client(app);
    await employee.post('/api/auth/login', { email: 'employee@lotse.demo', password: 'demo' });
    const before = await scrape();
    const steps0 = sample(before.text, 'lotse_engine_steps_total', { kind: 'element_completed' }) ?? 0;
    const started = await employee.post('/api/process-instances', { processKey: 'it-incident', variables: { summary: 'Mouse', description: 'Broken', impact: 'low', urgency: 'low' } });
    expect(started.status).toBe(201);
    await employee.get(`/api/process-instances/${started.body.id}`);
    const m = await scrape();
    expect(m.status).toBe(200);
    expect(m.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(m.text, 'lotse_http_request_duration_seconds_count', { method: 'GET', route: '/api/process-instances/:id', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(m.text).not.toContain(started.body.id); // route patterns, never concrete ids
    expect(sample(m.text, 'lotse_engine_steps_total', { kind: 'element_completed' })!).toBeGreaterThan(steps0);
    expect(sample(m.text, 'lotse_engine_units_total')).toBeGreaterThanOrEqual(1);
    expect(sample(m.text, 'lotse_incidents_open')).toBe(0);
    expect(m.text).toMatch(/^lotse_timers_due \d+$/m);
    expect(sample(m.text, 'lotse_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(m.text).toMatch(/^lotse_nodejs_eventloop_lag_seconds [\d.e-]+$/m);
    expect(m.text).toMatch(/^# HELP lotse_sla_breaches /m);
  });

  it('refuses a scrape without the token or with a wrong one, also for a signed-in admin', async () => {
    expect((await scrape('wrong-token-of-same-len')).status).toBe(403);
    expect((await app.request('/metrics')).status).toBe(403);
    const admin = new Client(app);
    await admin.post('/api/auth/login', { email: 'admin@lotse.demo', password: 'demo' });
    const r = await admin.get('/metrics');
    expect(r.status).toBe(403);
    expect(r.body.error).toMatch(/METRICS_TOKEN/);
  });

  it('without a token, answers only requests from this machine', async () => {
    const local = createApp({ db, config: testConfig, log: createLogger('error', () => {}), now: () => new Date() });
    const server = serve({ fetch: local.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('lotse_http_request_duration_seconds');
    } finally {
      server.close();
    }
  });

  it('gives every answer a request id, puts it in error bodies and in every log line of the request', async () => {
    const res = await app.request('/api/process-instances/not-a-uuid', { headers: { 'x-request-id': 'lb-7f3a' } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get('x-request-id')).toBe('lb-7f3a');
    expect((await res.json()).requestId).toBe('lb-7f3a');
    const line = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'request' && l.path === '/api/process-instances/not-a-uuid');
    expect(line.requestId).toBe('lb-7f3a');
    const hostile = await app.request('/api/nothing-here', { headers: { 'x-request-id': 'x'.repeat(65) + '\n' } });
    const id = hostile.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/); // an unusable id is replaced, never echoed
    expect((await hostile.json()).requestId).toBe(id);
  });
});
