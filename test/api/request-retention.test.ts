/**
 * Issue #20, point 4: retention of request data on a virtual clock. "Closed vacation requests: personal
 * data 2 years after closing" — the job anonymises the expired ones in batches (requester, form data,
 * comments, attachments, people in the history), keeps a request under legal hold until the hold is
 * released, logs each in the hash-chained deletion log without content, and the KPIs stay exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRequestRetention } from '../../server/documents/request-retention';
import { dbTargets } from '../support/db';
import { privacyFixture } from './privacy-fixture';

describe.each(dbTargets())('retention of request data ($name)', (target) => {
  let f: Awaited<ReturnType<typeof privacyFixture>>;
  let first = '', second = '', third = '', open = '';

  beforeAll(async () => {
    f = await privacyFixture(target);
    first = await f.closedRequest('Vertretung Klaus Kluge', 'Bitte vor Ostern, mein Sohn heiratet');
    second = await f.closedRequest('Vertretung Berta Bold', 'Zweiter Antrag');
    third = await f.closedRequest('Vertretung Carla Conrad', 'Dritter Antrag');
    open = await f.h.start(f.erika, 'hr-vacation-request', f.leave('Vertretung Dora Dorn'));
  }, 300_000);
  afterAll(() => f.h.dispose());

  it('keeps rules per service: owners of the department set them, others cannot, unknown services are refused', async () => {
    const rules = { rules: [{ processKey: 'hr-vacation-request', years: 2 }] };
    expect((await (await f.h.as('owner.it@lotse.demo')).put(`/api/retention/request-rules/${f.hrId}`, rules)).status).toBe(404);
    expect((await f.agentHr.put(`/api/retention/request-rules/${f.hrId}`, rules)).status).toBe(403);
    const unknown = await f.ownerHr.put(`/api/retention/request-rules/${f.hrId}`, { rules: [{ processKey: 'it-incident', years: 1 }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('/rules/0/processKey');
    expect((await f.ownerHr.put(`/api/retention/request-rules/${f.hrId}`, { rules: [{ processKey: 'hr-vacation-request', years: -1 }] })).status).toBe(422);
    const set = await f.ownerHr.put(`/api/retention/request-rules/${f.hrId}`, rules);
    expect(set.status).toBe(200);
    expect((await f.ownerHr.get(`/api/retention/request-rules/${f.hrId}`)).body.items).toEqual(rules.rules);
  });

  it('anonymises expired closed requests in batches, keeps held and open ones, and the KPIs stay exact', async () => {
    const hold = await f.ownerHr.post('/api/retention/holds', { instanceId: second, departmentId: f.hrId, reason: 'Klage Az. 3 Ca 12/26' });
    expect(hold.status).toBe(201);
    expect((await f.ownerHr.post('/api/retention/holds', { departmentId: f.hrId, reason: 'x' })).status).toBe(422);

    // Two years after closing minus a day: nothing is due.
    f.h.setClock('2026-09-01T12:00:00Z');
    expect(await runRequestRetention(f.h.db, f.h.now())).toBe(0);

    f.h.setClock('2026-09-03T12:00:00Z');
    const [owner, admin] = [await f.fresh('owner.hr@lotse.demo'), await f.fresh('admin@lotse.demo')];
    const before = await f.kpis();
    expect(before.overview).toMatchObject({ requests: { started: 4, completed: 3 } });
    // Batches of one: two expired requests (the held one waits), then nothing.
    expect(await runRequestRetention(f.h.db, f.h.now(), 1)).toBe(1);
    expect(await runRequestRetention(f.h.db, f.h.now(), 1)).toBe(1);
    expect(await runRequestRetention(f.h.db, f.h.now(), 1)).toBe(0);
    expect(await f.kpis()).toEqual(before);

    for (const id of [first, third]) {
      const r = await f.h.detail(id, admin);
      expect(r.status).toBe('completed');
      expect(JSON.stringify(r)).not.toMatch(/Kluge|Conrad|Erika|employee@lotse|Sohn|Dritter|beleg\.png/);
      expect(r.comments?.[0]?.text ?? '[anonymised]').toBe('[anonymised]');
    }
    const rows = await f.h.db.query<{ id: string; started_by: string | null; anonymised_at: Date | null }>('SELECT id, started_by, anonymised_at FROM process_instances WHERE id = ANY($1::uuid[]) ORDER BY started_at', [[first, second, third, open]]);
    expect(rows.rows.map((r) => [r.id, r.started_by === null, r.anonymised_at !== null])).toEqual([[first, true, true], [second, false, false], [third, true, true], [open, false, false]]);
    const files = await f.h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM files WHERE instance_id = ANY($1::uuid[])', [[first, third]]);
    expect(files.rows[0].n).toBe(0);
    // The held request is as it was; the requester's own view of it too.
    expect(JSON.stringify(await f.h.detail(second, admin))).toContain('Berta Bold');
    // The agents' full-text search no longer knows the requester or the form data of the anonymised ones.
    const search = await f.h.db.query<{ id: string; words: string }>('SELECT id, search::text AS words FROM process_instances WHERE id = ANY($1::uuid[])', [[first, second]]);
    expect(search.rows.find((r) => r.id === first)!.words).not.toMatch(/klug|erika|mustermann/i);
    expect(search.rows.find((r) => r.id === second)!.words).toMatch(/bold/i);

    const log = await owner.get('/api/retention/deletion-log');
    expect(log.body.intact).toBe(true);
    const entries = log.body.items.map((e: { entry: { kind: string; instanceId: string } }) => e.entry).filter((e: { kind: string }) => e.kind === 'request');
    expect(entries.map((e: { instanceId: string }) => e.instanceId).sort()).toEqual([first, third].sort());
    expect(JSON.stringify(log.body)).not.toMatch(/Kluge|Sohn|Erika/);
    expect((await (await f.fresh('owner.it@lotse.demo')).get('/api/retention/deletion-log')).body.items).toEqual([]);

    // Released, the held request goes at the next run.
    expect((await owner.delete(`/api/retention/holds/${hold.body.id}`)).status).toBe(204);
    expect(await runRequestRetention(f.h.db, f.h.now())).toBe(1);
    expect(JSON.stringify(await f.h.detail(second, admin))).not.toContain('Berta Bold');
    expect(await f.kpis()).toEqual(before);
  }, 120_000);
});
