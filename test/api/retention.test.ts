/**
 * Issue #20, point 4: retention on a virtual clock. A sick note three years after its year's end is
 * deleted (contents too) and logged in a hash chain without its title; a contract of a person under
 * legal hold stays until the hold is released; the log shows a tampered entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { runRetention } from '../../server/documents/retention';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { processDeployment } from '../support/processes';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

describe.each(dbTargets())('retention and the deletion log ($name)', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let ownerHr: Client, ownerIt: Client, agentHr: Client;
  let hrId = '', erika = '', max = '';
  const docs: Record<string, string> = {};

  beforeAll(async () => {
    const opened = await target.open();
    db = opened.db;
    dispose = opened.dispose;
    ctx = await seededApp(db);
    [ownerHr, ownerIt, agentHr] = await Promise.all(['owner.hr', 'owner.it', 'agent.hr'].map((u) => ctx.as(`${u}@lotse.demo`)));
    hrId = (await db.query<{ id: string }>("SELECT id FROM departments WHERE key = 'hr'")).rows[0].id;
    const id = async (email: string) => (await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email])).rows[0].id;
    [erika, max] = [await id('employee@lotse.demo'), await id('employee2@lotse.demo')];
    for (const email of ['employee@lotse.demo', 'employee2@lotse.demo']) {
      expect((await ownerHr.post('/api/personnel-files', { employeeEmail: email, departmentId: hrId })).status).toBe(201);
    }
    const file = async (who: string, type: string, title: string, date: string) => {
      const res = await ctx.app.request(`/api/personnel-files/${who}/documents?${new URLSearchParams({ type, title, date, filename: 'x.pdf', ...(type === 'sick_note' ? { absentFrom: date, absentTo: date } : {}) })}`,
        { method: 'POST', body: PDF, headers: { cookie: agentHr.cookie, 'x-lotse-csrf': '1', 'content-type': 'application/pdf' } });
      expect(res.status).toBe(201);
      docs[title] = ((await res.json()) as { id: string }).id;
    };
    await file(erika, 'sick_note', 'AU Erika 2021', '2021-11-02');
    await file(erika, 'sick_note', 'AU Erika 2023', '2023-02-10');
    await file(erika, 'contract', 'Vertrag Erika', '2015-01-01');
    await file(max, 'contract', 'Vertrag Max', '2010-04-01');
  }, 180_000);
  afterAll(() => dispose());

  const present = async () => (await db.query<{ title: string }>('SELECT title FROM documents ORDER BY title')).rows.map((r) => r.title);

  it('keeps rules per department: owners set them, another department cannot', async () => {
    const rules = { rules: [{ documentType: 'sick_note', years: 3, anchor: 'end_of_year' }, { documentType: 'contract', years: 10, anchor: 'document_date' }] };
    expect((await ownerIt.put(`/api/retention/rules/${hrId}`, rules)).status).toBe(404);
    expect((await agentHr.put(`/api/retention/rules/${hrId}`, rules)).status).toBe(403);
    const set = await ownerHr.put(`/api/retention/rules/${hrId}`, rules);
    expect(set.status).toBe(200);
    expect(set.body.items).toHaveLength(2);
    const read = await ownerHr.get(`/api/retention/rules/${hrId}`);
    expect(read.body.items).toContainEqual({ documentType: 'sick_note', years: 3, anchor: 'end_of_year' });
    expect(read.body.types).toContainEqual(expect.objectContaining({ key: 'sick_note', label: { de: 'Krankmeldung', en: 'Sick note' } }));
    const twice = await ownerHr.put(`/api/retention/rules/${hrId}`, { rules: [rules.rules[0], rules.rules[0]] });
    expect(twice.status).toBe(422);
    expect(twice.body.errors[0].path).toBe('/rules/1/documentType');
  });

  it('deletes what expired, keeps what is held, and logs each deletion without its content', async () => {
    expect((await ownerHr.post('/api/retention/holds', { employeeEmail: 'employee2@lotse.demo', departmentId: hrId, reason: 'Arbeitsgerichtsverfahren 2024' })).status).toBe(201);
    // 2024-12-31: the 2021 sick note's three years after its year's end are not over yet.
    expect(await runRetention(db, new Date('2024-12-31T12:00:00Z'))).toBe(0);
    // 2025-01-01: the 2021 sick note goes; Erika's 2015 contract (10 years) too; Max's contract is on hold.
    expect(await runRetention(db, new Date('2025-01-01T00:00:00Z'))).toBe(2);
    expect(await present()).toEqual(['AU Erika 2023', 'Vertrag Max']);
    const orphans = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM document_chunks c WHERE NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.content_id = c.content_id)');
    expect(orphans.rows[0].n).toBe(0);
    const log = await ownerHr.get('/api/retention/deletion-log');
    expect(log.body.intact).toBe(true);
    expect(log.body.items.map((e: { entry: { documentId: string } }) => e.entry.documentId).sort()).toEqual([docs['AU Erika 2021'], docs['Vertrag Erika']].sort());
    expect(JSON.stringify(log.body)).not.toContain('AU Erika');
    expect((await ownerIt.get('/api/retention/deletion-log')).body.items).toEqual([]);

    // Released, the held contract goes at the next run.
    const hold = (await ownerHr.get('/api/retention/holds')).body.items[0];
    expect((await ownerIt.delete(`/api/retention/holds/${hold.id}`)).status).toBe(404);
    expect((await ownerHr.delete(`/api/retention/holds/${hold.id}`)).status).toBe(204);
    expect(await runRetention(db, new Date('2025-01-02T00:00:00Z'))).toBe(1);
    expect(await present()).toEqual(['AU Erika 2023']);
  });

  it('shows when an entry of the deletion log was altered', async () => {
    await db.query("UPDATE deletion_log SET entry = jsonb_set(entry, '{documentType}', '\"other\"') WHERE seq = (SELECT min(seq) FROM deletion_log)");
    const log = await ownerHr.get('/api/retention/deletion-log');
    expect(log.body.intact).toBe(false);
    expect(log.body.brokenAt).toBe(Math.min(...log.body.items.map((e: { seq: number }) => e.seq)));
  });
  it('places a hold on a request by its reference (any case), and names the field when the department has no such request', async () => {
    expect((await ownerHr.post('/api/deployments', processDeployment('hr-vacation-request'))).status).toBe(201);
    const employee = await ctx.as('employee2@lotse.demo');
    const started = await employee.post('/api/process-instances', { processKey: 'hr-vacation-request', variables: { leaveType: 'annual', firstDay: '2026-07-06', lastDay: '2026-07-10', days: 5, manager: 'employee@lotse.demo', deputy: 'Erika' } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const reference = started.body.reference as string;
    const held = await ownerHr.post('/api/retention/holds', { reference: reference.toLowerCase(), departmentId: hrId, reason: 'Prüfung' });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    expect(held.body.instanceId).toBe(started.body.id);
    expect((await ownerHr.get('/api/retention/holds')).body.items).toContainEqual(expect.objectContaining({ id: held.body.id, reference }));
    const unknown = await ownerHr.post('/api/retention/holds', { reference: 'NOPE-1', departmentId: hrId, reason: 'x' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('/reference');
    // Another department's owner cannot hold HR's request, even naming their own department.
    const itId = (await db.query<{ id: string }>("SELECT id FROM departments WHERE key = 'it'")).rows[0].id;
    expect((await ownerIt.post('/api/retention/holds', { reference, departmentId: itId, reason: 'x' })).status).toBe(422);
    expect((await ownerHr.post('/api/retention/holds', { reference, instanceId: started.body.id, departmentId: hrId, reason: 'x' })).status).toBe(422);
    expect((await ownerHr.delete(`/api/retention/holds/${held.body.id}`)).status).toBe(204);
  });
});
