/**
 * Connector secrets through the HTTP API: owners manage their department's, admins global ones; no
 * answer ever carries a value (list, create, replace, incidents, request history); values are
 * encrypted at rest; without LOTSE_SECRET_KEY nothing is stored and the answer says why.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { Engine } from '../../server/engine/runtime/runtime';
import { runHttpJobs } from '../../server/engine/jobs/jobs';
import { wireEngine } from '../../server/engine-wiring';
import { silentLogger } from '../../server/log';
import { dbTargets } from '../support/db';
import { seededApp, testConfig, type Client } from '../support/api';

const VALUE = 'sk-live-7c1e5d0b9a';
const NEW_VALUE = 'sk-live-rotated-42ff';

const processXml = (url: string) => `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1" id="d" targetNamespace="urn:test">
  <bpmn:process id="it-partner-call" name="Partner call" isExecutable="true" esm:department="it">
    <bpmn:extensionElements><esm:catalog title="Partner call" requesters="employee" /></bpmn:extensionElements>
    <bpmn:startEvent id="S" />
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Call" />
    <bpmn:serviceTask id="Call" name="Call partner">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="io.camunda:http-json:1" retries="1" />
        <zeebe:ioMapping>
          <zeebe:input source="POST" target="method" />
          <zeebe:input source="${url}/fail?key={{secrets.PARTNER_KEY}}" target="url" />
          <zeebe:input source="bearer" target="authentication.type" />
          <zeebe:input source="{{secrets.PARTNER_KEY}}" target="authentication.token" />
          <zeebe:input source="={note: &quot;{{secrets.PARTNER_KEY}}&quot;}" target="body" />
        </zeebe:ioMapping>
        <zeebe:taskHeaders><zeebe:header key="resultVariable" value="answer" /></zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Call" targetRef="E" />
    <bpmn:endEvent id="E" />
  </bpmn:process>
</bpmn:definitions>`;

describe.each(dbTargets())('connector secrets over the API ($name)', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let ownerIt: Client;
  let ownerHr: Client;
  let admin: Client;
  let itId = '';
  let server: http.Server;
  let url = '';
  const authorizations: string[] = [];
  const keys: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      authorizations.push(req.headers.authorization ?? '');
      req.resume();
      keys.push(String(req.headers['x-key'] ?? ''));
      // /ok answers; anything else is a partner that fails and repeats what it was sent: the incident must not carry it.
      req.on('end', () => (req.url === '/ok'
        ? res.writeHead(200, { 'content-type': 'application/json' }).end('{"done":true}')
        : res.writeHead(500, { 'content-type': 'text/plain' }).end(`refused ${req.url} ${req.headers.authorization}`)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const opened = await target.open();
    db = opened.db;
    dispose = opened.dispose;
    ctx = await seededApp(db);
    [ownerIt, ownerHr, admin] = await Promise.all(['owner.it@lotse.demo', 'owner.hr@lotse.demo', 'admin@lotse.demo'].map((e) => ctx.as(e)));
    itId = ((await admin.get('/api/departments')).body.items as { id: string; key: string }[]).find((d) => d.key === 'it')!.id;
  }, 120_000);
  afterAll(async () => {
    await dispose();
    await new Promise((r) => server.close(r));
  });

  it('given an owner, when they store a secret for their department, then only its name and dates come back and other owners do not see it', async () => {
    const created = await ownerIt.post('/api/secrets', { name: 'PARTNER_KEY', value: VALUE, departmentId: itId });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'PARTNER_KEY', departmentId: itId, updatedBy: { name: expect.any(String) } });
    expect(Object.keys(created.body).sort()).toEqual(['createdAt', 'departmentId', 'departmentName', 'id', 'name', 'updatedAt', 'updatedBy']);
    const mine = await ownerIt.get('/api/secrets');
    expect(mine.body.items.map((s: { name: string }) => s.name)).toEqual(['PARTNER_KEY']);
    expect(mine.body.canStore).toBe(true);
    expect((await ownerHr.get('/api/secrets')).body.items).toEqual([]);
    expect((await ownerHr.put(`/api/secrets/${created.body.id}`, { value: 'mine now' })).status).toBe(404);
    expect((await ownerHr.delete(`/api/secrets/${created.body.id}`)).status).toBe(404);
    for (const answer of [created, mine, await admin.get('/api/secrets')]) expect(JSON.stringify(answer.body)).not.toContain(VALUE);
  });

  it('given owners and admins, then only admins manage global secrets, names are checked and unique per scope', async () => {
    expect((await ownerIt.post('/api/secrets', { name: 'SHARED', value: 'x' })).status).toBe(403);
    expect((await ownerIt.post('/api/secrets', { name: 'HR_THING', value: 'x', departmentId: (await ownerHr.get('/api/departments')).body.items.find((d: { key: string }) => d.key === 'hr').id })).status).toBe(403);
    const global = await admin.post('/api/secrets', { name: 'PARTNER_KEY', value: 'global-value', departmentId: null });
    expect(global.status).toBe(201);
    expect(global.body.departmentId).toBeNull();
    expect((await admin.post('/api/secrets', { name: 'PARTNER_KEY', value: 'again' })).status).toBe(409);
    const bad = await admin.post('/api/secrets', { name: 'not ok!', value: 'x' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('/name');
    const big = await admin.post('/api/secrets', { name: 'BIG', value: 'x'.repeat(9000) });
    expect(big.status).toBe(422);
    expect(big.body.errors[0].path).toBe('/value');
    expect((await admin.delete(`/api/secrets/${global.body.id}`)).status).toBe(204);
  });

  it('given a stored secret, then the database holds it only encrypted, and replacing it keeps the name and drops the old value', async () => {
    const id = (await ownerIt.get('/api/secrets')).body.items[0].id as string;
    const dump = async () => (await db.query<{ t: string }>("SELECT string_agg(s::text || encode(ciphertext, 'escape'), ' ') AS t FROM secrets s")).rows[0].t;
    expect(await dump()).not.toContain(VALUE);
    const before = (await db.query<{ ciphertext: Uint8Array }>('SELECT ciphertext FROM secrets WHERE id = $1', [id])).rows[0].ciphertext;
    const replaced = await ownerIt.put(`/api/secrets/${id}`, { value: NEW_VALUE });
    expect(replaced.status).toBe(200);
    expect(replaced.body.name).toBe('PARTNER_KEY');
    expect(JSON.stringify(replaced.body)).not.toContain(NEW_VALUE);
    const after = (await db.query<{ ciphertext: Uint8Array }>('SELECT ciphertext FROM secrets WHERE id = $1', [id])).rows[0].ciphertext;
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);
    expect(await dump()).not.toContain(NEW_VALUE);
  });

  it('given a process that uses the secret, when the partner fails and echoes it, then neither the incident nor the request history shows the value', async () => {
    expect((await ownerIt.post('/api/deployments', { xml: processXml(url) })).status).toBe(201);
    const requester = await ctx.as('employee@lotse.demo');
    const started = await requester.post('/api/process-instances', { processKey: 'it-partner-call', variables: {} });
    expect(started.status).toBe(201);
    const engine = wireEngine(new Engine(db, () => new Date(), silentLogger), { secretKey: testConfig.secretKey });
    expect(await runHttpJobs(engine)).toBe(1);
    expect(authorizations.at(-1)).toBe(`Bearer ${NEW_VALUE}`);
    const incidents = await ownerIt.get('/api/incidents');
    const incident = incidents.body.items.find((i: { instanceId: string }) => i.instanceId === started.body.id);
    expect(incident.message).toContain('answered 500');
    const answers = [incidents, await ownerIt.get(`/api/process-instances/${started.body.id}`), await requester.get(`/api/process-instances/${started.body.id}`)];
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(JSON.stringify(a.body)).not.toContain(NEW_VALUE);
    }
    const tables = await db.query<{ t: string }>("SELECT (SELECT string_agg(h::text, ' ') FROM history h) || (SELECT string_agg(i::text, ' ') FROM incidents i) || (SELECT string_agg(j::text, ' ') FROM jobs j) AS t");
    expect(tables.rows[0].t).not.toContain(NEW_VALUE);
  });

  it('given a secret the model needs but nobody stored yet, when the owner stores it and retries the incident, then the call goes through', async () => {
    const xml = processXml(url)
      .replace('it-partner-call', 'it-later-call')
      .replace(`${url}/fail?key={{secrets.PARTNER_KEY}}`, `${url}/ok`)
      .replace('<zeebe:input source="bearer" target="authentication.type" />', '<zeebe:input source="={&quot;X-Key&quot;: &quot;{{secrets.LATER_KEY}}&quot;}" target="headers" />');
    expect((await ownerIt.post('/api/deployments', { xml })).status).toBe(201);
    const requester = await ctx.as('employee@lotse.demo');
    const started = await requester.post('/api/process-instances', { processKey: 'it-later-call', variables: {} });
    const engine = wireEngine(new Engine(db, () => new Date(), silentLogger), { secretKey: testConfig.secretKey });
    await runHttpJobs(engine);
    const incident = (await ownerIt.get('/api/incidents')).body.items.find((i: { instanceId: string }) => i.instanceId === started.body.id);
    expect(incident.message).toContain('secret LATER_KEY does not exist');
    expect((await ownerIt.post('/api/secrets', { name: 'LATER_KEY', value: 'later-value-77', departmentId: itId })).status).toBe(201);
    expect((await ownerIt.post(`/api/incidents/${incident.id}/retry`, {})).status).toBeLessThan(300);
    await runHttpJobs(engine);
    expect(keys.at(-1)).toBe('later-value-77');
    const detail = await requester.get(`/api/process-instances/${started.body.id}`);
    expect(detail.body.status).toBe('completed');
    expect(JSON.stringify(detail.body)).not.toContain('later-value-77');
  });

  it('given a server without LOTSE_SECRET_KEY, then storing a secret is refused with a clear message and listing still works', async () => {
    const noKey = await seededApp(db, () => new Date(), { ...testConfig, secretKey: null });
    const adminNoKey = await noKey.as('admin@lotse.demo');
    const refused = await adminNoKey.post('/api/secrets', { name: 'NEW_ONE', value: 'v' });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'secret_key_missing', error: expect.stringContaining('LOTSE_SECRET_KEY') });
    const list = await adminNoKey.get('/api/secrets');
    expect(list.status).toBe(200);
    expect(list.body.canStore).toBe(false);
  });
});
