import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { templateDeployment } from './template-harness';

const H = 3600_000;

describe.each(dbTargets())('problem management ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let clock = new Date('2026-03-02T08:00:00Z');
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let admin: Client, ownerIt: Client, agentIt: Client, agentHr: Client, analyst: Client, employee: Client, employee2: Client;
  let itId: string, hrId: string;
  const incident = async (who: Client, summary: string, extra: Record<string, unknown> = {}) => {
    const r = await who.post('/api/process-instances', { processKey: 'it-incident', variables: { summary, description: summary, impact: 'medium', urgency: 'medium', ...extra } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };

  /** Everyone signs in (again: sessions end when the virtual clock jumps days ahead). */
  const signIn = async () => {
    [admin, ownerIt, agentIt, agentHr, analyst, employee, employee2] = await Promise.all(
      ['admin@lotse.demo', 'owner.it@lotse.demo', 'agent.it@lotse.demo', 'agent.hr@lotse.demo', 'analyst@lotse.demo', 'employee@lotse.demo', 'employee2@lotse.demo'].map((e) => ctx.as(e)),
    );
  };

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(db, () => clock);
    await signIn();
    const deps = (await admin.get('/api/departments')).body.items;
    itId = deps.find((d: { key: string }) => d.key === 'it').id;
    hrId = deps.find((d: { key: string }) => d.key === 'hr').id;
    expect((await ownerIt.post('/api/deployments', templateDeployment('it-incident'))).status).toBe(201);
  });
  afterAll(() => dispose());

  it('walks a problem through its lifecycle: only allowed moves, the fields each state needs', async () => {
    const created = await agentIt.post('/api/problems', { departmentId: itId, title: 'VPN drops every morning', serviceKey: 'it-incident', priority: 'high' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const p = created.body;
    expect(p).toMatchObject({ status: 'new', reference: expect.stringMatching(/^PRB-IT-2026-\d{4}$/), canEdit: true, nextStatuses: ['analysis', 'closed'] });
    expect((await agentIt.post(`/api/problems/${p.id}/status`, { status: 'resolved' })).status).toBe(409);
    expect((await agentIt.post(`/api/problems/${p.id}/status`, { status: 'analysis' })).body.status).toBe('analysis');
    const noWorkaround = await agentIt.post(`/api/problems/${p.id}/status`, { status: 'known_error' });
    expect(noWorkaround.status).toBe(422);
    expect(noWorkaround.body.errors[0].path).toBe('/workaround');
    const edited = await agentIt.patch(`/api/problems/${p.id}`, {
      fiveWhys: ['VPN drops', 'the gateway restarts', 'memory runs out', 'a leak in firmware 4.1', 'no update policy'],
      rootCause: 'Memory leak in gateway firmware 4.1',
      workaround: 'Reconnect with the "Reset" button in the VPN client',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.fiveWhys).toHaveLength(5);
    expect((await agentIt.post(`/api/problems/${p.id}/status`, { status: 'known_error' })).body.status).toBe('known_error');
    const resolved = (await agentIt.post(`/api/problems/${p.id}/status`, { status: 'resolved' })).body;
    expect(resolved.resolvedAt).not.toBeNull();
    const closed = (await agentIt.post(`/api/problems/${p.id}/status`, { status: 'closed' })).body;
    expect(closed).toMatchObject({ status: 'closed', nextStatuses: [] });
    expect((await agentIt.patch(`/api/problems/${p.id}`, { title: 'x' })).status).toBe(409);
  });

  it('refuses bad input with the field named', async () => {
    const r = await agentIt.post('/api/problems', { departmentId: itId, title: '', priority: 'urgent', extra: 1 });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['/title', '/priority', '/extra']));
    const svc = await agentIt.post('/api/problems', { departmentId: itId, title: 'x', serviceKey: 'no-such-process' });
    expect(svc.status).toBe(422);
    expect(svc.body.errors[0].path).toBe('/serviceKey');
    expect((await agentIt.post('/api/problems', { departmentId: itId, title: 'x', requestIds: Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) })).status).toBe(422);
    expect((await agentIt.get('/api/problems?status=open')).status).toBe(422);
    expect((await agentIt.get('/api/problems/recurring?similarity=2')).body.errors[0].path).toBe('/similarity');
    expect((await agentIt.get('/api/problems/not-a-uuid')).status).toBe(404);
    expect((await agentIt.get(`/api/problems?departmentId=${'-'.repeat(36)}`)).status).toBe(422);
    expect((await agentIt.get('/api/problems?offset=99999999999')).status).toBe(400);
    expect((await agentIt.post('/api/problems', { departmentId: itId, title: 'a\u0000b' })).status).toBe(400);
    expect((await agentIt.get('/api/problems/recurring?from=2026-02-31')).body.errors[0].path).toBe('/from');
  });

  it('keeps problems in their department: other departments 404, analysts read only, employees 403', async () => {
    const p = (await ownerIt.post('/api/problems', { departmentId: itId, title: 'Printer queue stalls' })).body;
    expect((await agentHr.get(`/api/problems/${p.id}`)).status).toBe(404);
    expect((await agentHr.patch(`/api/problems/${p.id}`, { title: 'mine now' })).status).toBe(404);
    expect((await agentHr.post('/api/problems', { departmentId: itId, title: 'in IT' })).status).toBe(404);
    expect((await agentHr.get('/api/problems')).body.items.map((x: { id: string }) => x.id)).not.toContain(p.id);
    expect((await agentHr.post('/api/problems', { departmentId: hrId, title: 'Payslips late' })).status).toBe(201);
    const read = await analyst.get(`/api/problems/${p.id}`);
    expect(read.status).toBe(200);
    expect(read.body.canEdit).toBe(false);
    expect((await analyst.patch(`/api/problems/${p.id}`, { title: 'x' })).status).toBe(403);
    expect((await analyst.post('/api/problems', { departmentId: itId, title: 'x' })).status).toBe(404);
    expect((await employee.get('/api/problems')).status).toBe(403);
    expect((await ctx.anonymous().get('/api/problems')).status).toBe(401);
    expect((await agentIt.get(`/api/problems?q=${encodeURIComponent(p.reference)}`)).body.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
  });

  it('links requests both ways, only for people who may see both, one problem per request', async () => {
    const a = await incident(employee, 'Outlook crashes on start');
    const b = await incident(employee2, 'Outlook crashes when starting');
    const p = (await agentIt.post('/api/problems', { departmentId: itId, title: 'Outlook crash', requestIds: [a, b] })).body;
    expect(p.requests.map((r: { id: string }) => r.id).sort()).toEqual([a, b].sort());
    expect(p.kpis.incidents).toBe(2);
    const fromRequest = await agentIt.get(`/api/problems/by-request/${a}`);
    expect(fromRequest.body.problem).toMatchObject({ id: p.id, title: 'Outlook crash' });
    // The HR agent may see neither the request nor the problem.
    expect((await agentHr.get(`/api/problems/by-request/${a}`)).status).toBe(404);
    const hrProblem = (await agentHr.get('/api/problems')).body.items[0];
    const steal = await agentHr.post(`/api/problems/${hrProblem.id}/requests`, { requestIds: [a] });
    expect(steal.status).toBe(422);
    expect(steal.body.errors[0].path).toBe('/requestIds/0');
    const other = (await agentIt.post('/api/problems', { departmentId: itId, title: 'Other' })).body;
    expect((await agentIt.post(`/api/problems/${other.id}/requests`, { requestIds: [a] })).status).toBe(409);
    expect((await agentIt.delete(`/api/problems/${p.id}/requests/${b}`)).status).toBe(204);
    expect((await agentIt.get(`/api/problems/by-request/${b}`)).body.problem).toBeNull();
    expect((await agentIt.delete(`/api/problems/${p.id}/requests/${b}`)).status).toBe(404);
  });

  it('tells the open linked requests when the problem is resolved, and closes them in bulk', async () => {
    clock = new Date('2026-03-03T08:00:00Z');
    await signIn();
    const ids = [await incident(employee, 'Wi-Fi lost in building B'), await incident(employee2, 'No Wi-Fi in building B'), await incident(employee, 'Wi-Fi in building B gone')];
    const p = (await agentIt.post('/api/problems', { departmentId: itId, title: 'Access point B fails', serviceKey: 'it-incident', requestIds: ids })).body;
    expect((await agentIt.post(`/api/problems/${p.id}/close-requests`, {})).status).toBe(409);
    await agentIt.patch(`/api/problems/${p.id}`, { rootCause: 'Broken access point', workaround: 'Use the cable' });
    await agentIt.post(`/api/problems/${p.id}/status`, { status: 'analysis' });
    clock = new Date(clock.getTime() + 5 * H);
    await agentIt.post(`/api/problems/${p.id}/status`, { status: 'resolved' });
    const notes = (await employee2.get('/api/notifications')).body.items;
    expect(notes.some((n: { title: string }) => /Ursache behoben|Cause removed/.test(n.title))).toBe(true);
    const agentNotes = (await agentIt.get('/api/notifications')).body.items;
    expect(agentNotes.some((n: { title: string }) => /Ursache behoben|Cause removed/.test(n.title))).toBe(false); // the one who resolved it
    const otherAgent = await ownerIt.get('/api/notifications');
    expect(otherAgent.status).toBe(200);
    const closed = await agentIt.post(`/api/problems/${p.id}/close-requests`, {});
    expect(closed.status).toBe(200);
    expect(closed.body.closed.sort()).toEqual([...ids].sort());
    const req = (await employee.get(`/api/process-instances/${ids[0]}`)).body;
    expect(req.status).toBe('terminated');
    expect(req.comments.at(-1).text).toContain(p.reference);
    const detail = (await agentIt.get(`/api/problems/${p.id}`)).body;
    expect(detail.kpis).toMatchObject({ incidents: 3, openRequests: 0 });
    expect(detail.kpis.timeLostHours).toBeCloseTo(15, 0);
  });

  it('groups recurring incidents by service and similar text, sortable, and makes a problem of a group', async () => {
    clock = new Date('2026-03-10T08:00:00Z');
    await signIn();
    const printer = [];
    for (const s of ['Printer on floor 3 jams', 'printer floor 3 jams again', 'Printer on floor 3 jams paper', 'Printer floor 3 paper jam']) printer.push(await incident(employee, s));
    const slow = [];
    for (const s of ['SAP is very slow', 'SAP very slow today']) {
      const id = await incident(employee2, s);
      slow.push(id);
    }
    await incident(employee, 'Keyboard broken');
    clock = new Date('2026-03-12T08:00:00Z');
    await signIn();
    const r = await agentIt.get('/api/problems/recurring?from=2026-03-10&to=2026-03-10&minCount=2');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const groups = r.body.groups;
    expect(groups.map((g: { count: number }) => g.count)).toEqual([4, 2]);
    expect(groups[0].requests.map((x: { id: string }) => x.id).sort()).toEqual([...printer].sort());
    expect(groups[0]).toMatchObject({ processKey: 'it-incident', timeLostHours: expect.any(Number) });
    expect((await agentIt.get('/api/problems/recurring?from=2026-03-10&to=2026-03-10')).body.groups).toHaveLength(1); // at least 3 by default
    expect((await agentHr.get('/api/problems/recurring?from=2026-03-10&to=2026-03-10&minCount=2')).body.groups).toEqual([]);
    const made = await agentIt.post('/api/problems', { departmentId: itId, title: 'Printer floor 3', requestIds: groups[0].requests.map((x: { id: string }) => x.id) });
    expect(made.status).toBe(201);
    const after = (await agentIt.get('/api/problems/recurring?from=2026-03-10&to=2026-03-10&minCount=2')).body.groups;
    expect(after.map((g: { count: number }) => g.count)).toEqual([2]); // the linked ones leave the list
  });

  it('shows incidents per problem, time lost, and the service before and after the fix', async () => {
    const kpis = await ownerIt.get('/api/problems/kpis?from=2026-03-01&to=2026-03-31');
    expect(kpis.status).toBe(200);
    const wifi = kpis.body.items.find((x: { title: string }) => x.title === 'Access point B fails');
    expect(wifi).toMatchObject({ incidents: 3, effect: { serviceKey: 'it-incident', days: 30 } });
    expect(wifi.timeLostHours).toBeCloseTo(15, 0);
    expect(wifi.effect.before.incidents).toBeGreaterThanOrEqual(3);
    expect(wifi.effect.after.incidents).toBeGreaterThanOrEqual(7); // the printer, SAP and keyboard incidents came later
    expect(kpis.body.totals.incidents).toBeGreaterThanOrEqual(7);
    expect((await agentHr.get('/api/problems/kpis?from=2026-03-01&to=2026-03-31')).body.items.every((x: { departmentId: string }) => x.departmentId === hrId)).toBe(true);
    expect((await ownerIt.get('/api/problems/kpis?days=0')).status).toBe(422);
  });
});
