/**
 * Shared set-up of the privacy tests (request retention, GDPR export and erasure): the vacation
 * template deployed on a virtual clock, requests of Erika (employee@) approved by Max (employee2@),
 * a comment with an attachment, and the insights KPIs an owner reads.
 */
import { expect } from 'vitest';
import { Client } from '../support/api';
import type { DbTarget } from '../support/db';
import { runHttpJobs } from '../../server/engine/jobs/jobs';
import { templateHarness, type TemplateHarness } from './template-harness';

export const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');
export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/**
 * The virtual clock starts in 2024: two years on it is still before the real today, because the
 * session cookie's expiry may not lie more than 400 days after the real clock (hono refuses it).
 */
export async function privacyFixture(target: DbTarget, start = '2024-09-02T08:00:00Z') {
  const h: TemplateHarness = await templateHarness(target, start);
  await h.deploy(await h.as('owner.hr@lotse.demo'), 'hr-vacation-request');
  const [erika, max, ownerHr, agentHr] = await Promise.all(['employee@lotse.demo', 'employee2@lotse.demo', 'owner.hr@lotse.demo', 'agent.hr@lotse.demo'].map((e) => h.as(e)));
  const hrId = (await h.db.query<{ id: string }>("SELECT id FROM departments WHERE key = 'hr'")).rows[0].id;
  const userId = async (email: string) => (await h.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email])).rows[0].id;
  const leave = (deputy: string) => ({ leaveType: 'annual', firstDay: '2024-10-07', lastDay: '2024-10-11', days: 5, manager: 'employee2@lotse.demo', deputy });

  /** A request of Erika's, approved by Max an hour later (completed), with a comment and a PNG attached. */
  async function closedRequest(deputy: string, comment: string) {
    const id = await h.start(erika, 'hr-vacation-request', leave(deputy));
    const form = new FormData();
    form.append('file', new File([PNG], 'beleg.png', { type: 'image/png' }));
    const up = await h.app.request('/api/files', { method: 'POST', body: form, headers: { cookie: erika.cookie, 'x-lotse-csrf': '1' } });
    expect(up.status).toBe(201);
    const fileId = ((await up.json()) as { id: string }).id;
    expect((await erika.post(`/api/process-instances/${id}/comments`, { text: comment, attachments: [fileId] })).status).toBe(201);
    h.advance(3600_000);
    await h.complete(max, id, 'ManagerApproval', { approved: true });
    // Filing the leave (document, then absence record) runs in the job worker.
    await runHttpJobs(h.engine);
    await runHttpJobs(h.engine);
    expect((await h.detail(id)).status).toBe('completed');
    return id;
  }

  /** A new session (after the virtual clock jumped past the old ones' expiry). */
  async function fresh(email: string) {
    const c = new Client(h.app);
    const r = await c.post('/api/auth/login', { email, password: 'demo' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return c;
  }

  /** What an HR owner reads in Insights for the vacation service (all of it that rests on the requests). */
  async function kpis(viewer?: Client) {
    viewer ??= await fresh('owner.hr@lotse.demo');
    const q = 'processKey=hr-vacation-request&from=2024-01-01&to=2024-12-31';
    const out: Record<string, unknown> = {};
    for (const k of ['overview', 'cycle-times', 'steps', 'sla', 'variants']) {
      const r = await viewer.get(`/api/insights/${k}?${q}`);
      expect(r.status, `${k}: ${JSON.stringify(r.body)}`).toBe(200);
      out[k] = r.body;
    }
    return out;
  }

  /** Files a document in a personnel file as the HR agent; returns its id. */
  async function fileDocument(employeeId: string, type: string, title: string, date: string) {
    const res = await h.app.request(`/api/personnel-files/${employeeId}/documents?${new URLSearchParams({ type, title, date, filename: `${type}.pdf`, ...(type === 'sick_note' ? { absentFrom: date, absentTo: date } : {}) })}`,
      { method: 'POST', body: PDF, headers: { cookie: agentHr.cookie, 'x-lotse-csrf': '1', 'content-type': 'application/pdf' } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  return { h, fresh, erika, max, ownerHr, agentHr, hrId, userId, leave, closedRequest, kpis, fileDocument };
}
