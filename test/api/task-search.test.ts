import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { templateDeployment } from './template-harness';

// Given requests in two departments whose texts are German and English — an IT incident about "Papierstau
// des Druckers", one about "The printer on floor 2 is offline", a facility repair mentioning a Drucker too —
// agents search their task list as they type.
describe.each(dbTargets())('task search ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let itAgent: Client, facilityAgent: Client, admin: Client;
  const refs: Record<string, string> = {};
  const search = async (client: Client, q: string) => {
    const r = await client.get(`/api/tasks?q=${encodeURIComponent(q)}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return (r.body.items as { reference: string }[]).map((t) => t.reference).sort();
  };

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(opened.db);
    admin = await ctx.as('admin@lotse.demo');
    for (const key of ['it-incident', 'facility-repair-request']) expect((await admin.post('/api/deployments', templateDeployment(key))).status).toBe(201);
    const employee = await ctx.as('employee@lotse.demo');
    const start = async (name: string, processKey: string, variables: Record<string, unknown>) => {
      const r = await employee.post('/api/process-instances', { processKey, variables });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      refs[name] = r.body.reference;
    };
    await start('drucker', 'it-incident', { summary: 'Papierstau des Druckers im 3. Stock', impact: 'low', urgency: 'medium' });
    await start('printer', 'it-incident', { summary: 'The printer on floor 2 is offline', impact: 'medium', urgency: 'low' });
    await start('vpn', 'it-incident', { summary: 'VPN bricht ständig ab', impact: 'high', urgency: 'high' });
    await start('facility', 'facility-repair-request', { building: 'HQ', location: 'Raum 12', category: 'other', description: 'Der Drucker wackelt auf dem Tisch', urgency: 'normal' });
    itAgent = await ctx.as('agent.it@lotse.demo');
    facilityAgent = await ctx.as('agent.facility@lotse.demo');
  }, 120_000);
  afterAll(async () => dispose?.());

  it('stems German and English: "Drucker" finds "Druckers", "printers" finds "printer"', async () => {
    expect(await search(itAgent, 'Drucker')).toEqual([refs.drucker]);
    expect(await search(itAgent, 'printers')).toEqual([refs.printer]);
    expect(await search(itAgent, 'ständig')).toEqual([refs.vpn]);
  });

  it('matches as the agent types: every word a prefix, all words must match', async () => {
    expect(await search(itAgent, 'Druc')).toEqual([refs.drucker]);
    expect(await search(itAgent, 'papierstau druck')).toEqual([refs.drucker]);
    expect(await search(itAgent, 'papierstau printer')).toEqual([]);
  });

  it('finds by reference, service title, requester and the task name', async () => {
    expect(await search(itAgent, refs.vpn)).toEqual([refs.vpn]);
    expect(await search(itAgent, refs.vpn.toLowerCase().replace(/-/g, ' '))).toEqual([refs.vpn]);
    expect(await search(itAgent, refs.vpn.split('-').pop()!)).toEqual([refs.vpn]);
    const employeeName = ctx.demoUsers.find((u) => u.email === 'employee@lotse.demo')!.name;
    expect(await search(itAgent, employeeName.split(' ')[0])).toEqual([refs.drucker, refs.printer, refs.vpn].sort());
    expect(await search(itAgent, 'resolve level')).toEqual([refs.drucker, refs.printer, refs.vpn].sort());
    expect(await search(itAgent, 'offline resolve')).toEqual([refs.printer]);
  });

  it('shows only tasks the agent may see', async () => {
    expect(await search(facilityAgent, 'Drucker')).toEqual([refs.facility]);
    expect(await search(itAgent, 'wackelt')).toEqual([]);
    expect(await search(admin, 'Drucker')).toEqual([refs.drucker, refs.facility].sort());
    const employee = await ctx.as('employee@lotse.demo');
    expect(await search(employee, 'Drucker')).toEqual([]);
  });

  it('combines with the other filters and refuses an over-long query with 400 naming q', async () => {
    const r = await itAgent.get('/api/tasks?candidateGroup=it&q=drucker&sort=created');
    expect(r.body.total).toBe(1);
    const long = await itAgent.get(`/api/tasks?q=${'a'.repeat(201)}`);
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([{ path: '/q', message: 'must be at most 200 characters' }]);
    // Query syntax is not the caller's: operators are just separators.
    expect((await itAgent.get(`/api/tasks?q=${encodeURIComponent("drucker & !:* | ('")}`)).status).toBe(200);
    expect(await search(itAgent, '!!!')).toHaveLength(3);
  });

  it('finds what the agent wrote on the next step, and keeps finding the request after a step without new text', async () => {
    const open = async () => (await itAgent.get(`/api/tasks?q=${encodeURIComponent(refs.vpn)}`)).body.items as { id: string; elementId: string }[];
    const [first] = await open();
    expect((await itAgent.post(`/api/tasks/${first.id}/claim`)).status).toBe(200);
    const done = await itAgent.post(`/api/tasks/${first.id}/complete`, { variables: { solved: false, handoverNote: 'Tunnelkonfiguration prüfen' } });
    expect(done.status, JSON.stringify(done.body)).toBe(204);
    // The second-level task is a new task of the same request: found by the request's words and the new note (stemmed).
    expect((await open()).map((t) => t.elementId)).toEqual(['SecondLevel']);
    expect(await search(itAgent, 'ständig')).toEqual([refs.vpn]);
    expect(await search(itAgent, 'Tunnelkonfigurationen')).toEqual([refs.vpn]);
    expect(await search(itAgent, 'tunnel')).toEqual([refs.vpn]);
    // A variable that is no text (a flag the engine writes) changes nothing an agent searches.
    await db.query(`UPDATE process_instances SET variables = variables || '{"checked": true}'::jsonb WHERE reference = $1`, [refs.vpn]);
    expect(await search(itAgent, 'tunnelkonf ständig')).toEqual([refs.vpn]);
  });

  it('counts the hits of a search up to 1000 and then says "1000+" (totalExact false)', async () => {
    // A thousand more open tasks of the VPN request (as if it had a thousand parallel steps).
    const [task] = (await itAgent.get(`/api/tasks?q=${encodeURIComponent(refs.vpn)}`)).body.items as { id: string }[];
    await db.query(
      `INSERT INTO tasks (id, instance_id, element_id, element_instance_id, name, form_id, status, candidate_groups, candidate_users, created_at)
       SELECT gen_random_uuid(), t.instance_id, t.element_id, t.element_instance_id || '-' || g, t.name, t.form_id, 'open', t.candidate_groups, t.candidate_users, t.created_at
       FROM tasks t, generate_series(1, 1000) g WHERE t.id = $1`,
      [task.id],
    );
    const many = await itAgent.get('/api/tasks?q=tunnel');
    expect([many.body.total, many.body.totalExact, many.body.items.length]).toEqual([1000, false, 50]);
    const few = await itAgent.get('/api/tasks?q=printer');
    expect([few.body.total, few.body.totalExact]).toEqual([1, true]);
  });
});
