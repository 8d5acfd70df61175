// Issue #14, remaining gaps: reserved variables on every engine input, cascading loops (signal
// ping-pong, a process calling itself) become incidents instead of a 500, self-service password change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { RESERVED_VARIABLES } from '../../common/task-rules';
import { MAX_CASCADE_DEPTH } from '../../common/limits';
import { ACCOUNT_FREE_FAILURES } from '../../server/auth/throttle';
import { dbTargets } from '../support/db';
import { Client, seededApp } from '../support/api';

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1"';

const definitions = (id: string, body: string, head = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="${id}-defs" targetNamespace="urn:test">${head}
  <bpmn:process id="${id}" name="${id}" isExecutable="true" esm:department="it">${body}</bpmn:process>
</bpmn:definitions>`;

/** Waits for a message `gaps-msg` (key = ticket) or a signal `gaps-sig`, then an external service task `gaps-work`. */
const waiting = definitions(
  'gaps-waiting',
  `<bpmn:startEvent id="Start" /><bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Split" />
    <bpmn:parallelGateway id="Split" />
    <bpmn:sequenceFlow id="f2" sourceRef="Split" targetRef="WaitMsg" /><bpmn:sequenceFlow id="f3" sourceRef="Split" targetRef="WaitSig" />
    <bpmn:intermediateCatchEvent id="WaitMsg"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="WaitSig"><bpmn:signalEventDefinition signalRef="Sig" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f4" sourceRef="WaitMsg" targetRef="Join" /><bpmn:sequenceFlow id="f5" sourceRef="WaitSig" targetRef="Join" />
    <bpmn:parallelGateway id="Join" /><bpmn:sequenceFlow id="f6" sourceRef="Join" targetRef="Work" />
    <bpmn:serviceTask id="Work"><bpmn:extensionElements><zeebe:taskDefinition type="gaps-work" retries="1" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f7" sourceRef="Work" targetRef="End" /><bpmn:endEvent id="End" />`,
  `<bpmn:message id="Msg" name="gaps-msg"><bpmn:extensionElements><zeebe:subscription correlationKey="=ticket" /></bpmn:extensionElements></bpmn:message>
  <bpmn:signal id="Sig" name="gaps-sig" />`,
);

/** Started by signal `from`, throws signal `to`, ends: two of them ping-pong forever. */
const pingPong = (id: string, from: string, to: string) =>
  definitions(
    id,
    `<bpmn:startEvent id="Start"><bpmn:signalEventDefinition signalRef="From" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Throw" />
    <bpmn:intermediateThrowEvent id="Throw"><bpmn:signalEventDefinition signalRef="To" /></bpmn:intermediateThrowEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="Throw" targetRef="End" /><bpmn:endEvent id="End" />`,
    `<bpmn:signal id="From" name="${from}" /><bpmn:signal id="To" name="${to}" />`,
  );

/** A process whose call activity calls the process itself. */
const recursive = definitions(
  'gaps-recursive',
  `<bpmn:startEvent id="Start" /><bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Again" />
    <bpmn:callActivity id="Again"><bpmn:extensionElements><zeebe:calledElement processId="gaps-recursive" /></bpmn:extensionElements></bpmn:callActivity>
    <bpmn:sequenceFlow id="f2" sourceRef="Again" targetRef="End" /><bpmn:endEvent id="End" />`,
);

describe.each(dbTargets())('remaining trust gaps ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let admin: Client, ownerIt: Client, agentIt: Client, employee: Client;

  const deploy = async (xml: string) => {
    const r = await ownerIt.post('/api/deployments', { xml });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  };
  const openIncidents = async (processKey: string) =>
    ((await ownerIt.get('/api/incidents')).body.items as { processKey: string; elementId: string; message: string; id: string; instanceId: string }[])
      .filter((i) => i.processKey === processKey);
  const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params)).rows[0].n;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(db);
    [admin, ownerIt, agentIt, employee] = await Promise.all(['admin', 'owner.it', 'agent.it', 'employee'].map((u) => ctx.as(`${u}@lotse.demo`)));
    await deploy(waiting);
  });
  afterAll(() => dispose());

  describe('reserved variables cannot be set by messages, signals, job workers or incident retries', () => {
    let instanceId: string;
    const rootVariables = async () =>
      (await db.query<{ variables: Record<string, unknown> }>('SELECT variables FROM process_instances WHERE id = $1', [instanceId])).rows[0].variables;

    beforeAll(async () => {
      const r = await employee.post('/api/process-instances', { processKey: 'gaps-waiting', variables: { ticket: 'T-1' } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      instanceId = r.body.id;
    });

    it.each(RESERVED_VARIABLES)('a message or a signal carrying %s is refused with 422 and changes nothing', async (name) => {
      const msg = await agentIt.post('/api/messages', { name: 'gaps-msg', correlationKey: 'T-1', variables: { [name]: 'mallory@evil.example' } });
      expect(msg.status).toBe(422);
      expect(msg.body.errors).toContainEqual(expect.objectContaining({ path: `/variables/${name}` }));
      const sig = await agentIt.post('/api/signals', { name: 'gaps-sig', variables: { note: 'ok', [name]: 'mallory@evil.example' } });
      expect(sig.status).toBe(422);
      expect(sig.body.errors).toEqual([expect.objectContaining({ path: `/variables/${name}` })]);
      expect(await rootVariables()).toMatchObject({ initiator: 'employee@lotse.demo' });
      expect(await count("SELECT count(*)::int AS n FROM message_subscriptions WHERE instance_id = $1", [instanceId])).toBe(1);
      expect(await count("SELECT count(*)::int AS n FROM signal_subscriptions WHERE instance_id = $1", [instanceId])).toBe(1);
    });

    it('messages and signals without reserved names still arrive; job completion, job errors and incident retries refuse them', async () => {
      expect((await agentIt.post('/api/messages', { name: 'gaps-msg', correlationKey: 'T-1', variables: { note: 'parts' } })).status).toBe(200);
      expect((await agentIt.post('/api/signals', { name: 'gaps-sig', variables: { note: 'clear' } })).body).toEqual({ reached: 1 });
      const job = await db.query<{ id: string }>("SELECT id FROM jobs WHERE instance_id = $1 AND type = 'gaps-work' AND status = 'ready'", [instanceId]);
      expect(job.rows).toHaveLength(1);
      const jobId = job.rows[0].id;

      const complete = await admin.post(`/api/jobs/${jobId}/complete`, { variables: { result: 1, initiator: 'admin@lotse.demo' } });
      expect(complete.status).toBe(422);
      expect(complete.body.errors).toEqual([expect.objectContaining({ path: '/variables/initiator' })]);
      const error = await admin.post(`/api/jobs/${jobId}/error`, { errorCode: 'E1', variables: { loopCounter: 7 } });
      expect(error.status).toBe(422);
      expect(error.body.errors).toEqual([expect.objectContaining({ path: '/variables/loopCounter' })]);
      expect((await db.query<{ status: string }>('SELECT status FROM jobs WHERE id = $1', [jobId])).rows[0].status).toBe('ready');

      // A failed job without retries is an incident; a retry may bring variables, but not reserved ones.
      expect((await admin.post(`/api/jobs/${jobId}/fail`, { retries: 0, errorMessage: 'down' })).status).toBe(204);
      const [incident] = await openIncidents('gaps-waiting');
      expect(incident).toMatchObject({ elementId: 'Work' });
      const retry = await ownerIt.post(`/api/incidents/${incident.id}/retry`, { variables: { assignedGroup: 'hr' } });
      expect(retry.status).toBe(422);
      expect(retry.body.errors).toEqual([expect.objectContaining({ path: '/variables/assignedGroup' })]);
      expect(await openIncidents('gaps-waiting')).toHaveLength(1);
      expect(await rootVariables()).not.toHaveProperty('assignedGroup', 'hr');
      expect((await ownerIt.post(`/api/incidents/${incident.id}/retry`, { variables: { fixed: true } })).status).toBe(204);
      expect(await openIncidents('gaps-waiting')).toHaveLength(0);
    });
  });

  describe('a cascade without end is an incident on the runaway element, not a 500', () => {
    it('signal ping-pong between two processes: the signal is answered, the instances exist, the throw has an incident', async () => {
      await deploy(pingPong('gaps-ping', 'gaps-ping', 'gaps-pong'));
      await deploy(pingPong('gaps-pong', 'gaps-pong', 'gaps-ping'));
      const r = await agentIt.post('/api/signals', { name: 'gaps-ping' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toEqual({ reached: 1 });
      const started = await count("SELECT count(*)::int AS n FROM process_instances WHERE process_key IN ('gaps-ping', 'gaps-pong')");
      expect(started).toBe(MAX_CASCADE_DEPTH + 1);
      const incidents = [...(await openIncidents('gaps-ping')), ...(await openIncidents('gaps-pong'))];
      expect(incidents).toEqual([expect.objectContaining({ elementId: 'Throw', message: expect.stringContaining('endless loop') })]);
      // The instance that holds the incident waits at the throw; the others completed.
      const active = await db.query<{ id: string }>("SELECT id FROM process_instances WHERE process_key IN ('gaps-ping', 'gaps-pong') AND status = 'active'");
      expect(active.rows.map((row) => row.id)).toEqual([incidents[0].instanceId]);
    }, 60_000);

    it('a call activity calling its own process: the started request exists, the deepest call has an incident', async () => {
      await deploy(recursive);
      const r = await employee.post('/api/process-instances', { processKey: 'gaps-recursive' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const root = await db.query<{ status: string; parent_id: string | null }>('SELECT status, parent_id FROM process_instances WHERE id = $1', [r.body.id]);
      expect(root.rows[0]).toEqual({ status: 'active', parent_id: null });
      expect(await count("SELECT count(*)::int AS n FROM process_instances WHERE process_key = 'gaps-recursive'")).toBe(MAX_CASCADE_DEPTH + 1);
      const incidents = await openIncidents('gaps-recursive');
      expect(incidents).toEqual([expect.objectContaining({ elementId: 'Again', message: expect.stringContaining('called processes in a row') })]);
      // Retrying goes one more round in a new transaction, ending again in an incident (not a 500).
      const retry = await ownerIt.post(`/api/incidents/${incidents[0].id}/retry`, {});
      expect(retry.status).toBe(204);
      expect(await openIncidents('gaps-recursive')).toHaveLength(1);
      expect(await count("SELECT count(*)::int AS n FROM process_instances WHERE process_key = 'gaps-recursive'")).toBe(2 * MAX_CASCADE_DEPTH + 1);
    }, 60_000);
  });

  describe('PUT /api/me/password: a signed-in user changes their own password', () => {
    const NEW = 'lighthouse keeper 1987';
    const signIn = (email: string, password: string) => new Client(ctx.app).post('/api/auth/login', { email, password });

    it('needs a session', async () => {
      expect((await ctx.anonymous().put('/api/me/password', { currentPassword: 'demo', newPassword: NEW })).status).toBe(401);
    });

    it('applies the password policy at /newPassword and changes nothing on a refusal', async () => {
      const analyst = await ctx.as('analyst@lotse.demo');
      for (const [newPassword, code] of [
        ['short', 'password_too_short'],
        ['password1234', 'password_common'],
        ['analyst@lotse.demo', 'password_personal'],
        ['x'.repeat(257), 'password_too_long'],
      ]) {
        const r = await analyst.put('/api/me/password', { currentPassword: 'demo', newPassword });
        expect(r.status, newPassword).toBe(422);
        expect(r.body.errors).toEqual([expect.objectContaining({ path: '/newPassword', code })]);
      }
      expect((await signIn('analyst@lotse.demo', 'demo')).status).toBe(200);
    });

    it('refuses a wrong current password at /currentPassword, throttled like a sign-in', async () => {
      const employee2 = await ctx.as('employee2@lotse.demo');
      for (let i = 0; i < ACCOUNT_FREE_FAILURES; i++) {
        const r = await employee2.put('/api/me/password', { currentPassword: `guess-${i}`, newPassword: NEW });
        expect(r.status).toBe(422);
        expect(r.body.errors).toEqual([expect.objectContaining({ path: '/currentPassword', code: 'password_wrong' })]);
      }
      const held = await employee2.put('/api/me/password', { currentPassword: 'demo', newPassword: NEW });
      expect(held.status).toBe(429);
      expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
      // The same counters as sign-in: the account is held back at this address there too.
      expect((await signIn('employee2@lotse.demo', 'demo')).status).toBe(429);
    });

    it('sets the new password and ends the other sessions, keeping the current one', async () => {
      const here = await ctx.as('agent.hr@lotse.demo');
      const elsewhere = await ctx.as('agent.hr@lotse.demo');
      const r = await here.put('/api/me/password', { currentPassword: 'demo', newPassword: NEW });
      expect(r.status, JSON.stringify(r.body)).toBe(204);
      expect((await here.get('/api/auth/me')).body.user).toMatchObject({ email: 'agent.hr@lotse.demo' });
      expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
      expect((await signIn('agent.hr@lotse.demo', 'demo')).status).toBe(401);
      expect((await signIn('agent.hr@lotse.demo', NEW)).status).toBe(200);
    });
  });
});
