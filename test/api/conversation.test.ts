import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { MAX_FILE_BYTES, setFileScanner } from '../../server/forms';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { templateDeployment } from './template-harness';

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const SECRET = 'Intern-4711: Lieferant ist unzuverlässig';

// Given an IT incident the employee reported, worked by agent.it: a conversation of public replies,
// internal notes and files.
describe.each(dbTargets())('conversation on a request ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let employee: Client, agent: Client, otherAgent: Client;
  let instanceId = '';

  async function upload(client: Client, bytes: Uint8Array, type: string, name: string) {
    const form = new FormData();
    form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
    const res = await ctx.app.request('/api/files', { method: 'POST', body: form, headers: { cookie: client.cookie, 'x-lotse-csrf': '1' } });
    return { status: res.status, body: await res.json() };
  }
  const download = (client: Client, id: string) => ctx.app.request(`/api/files/${id}`, { headers: { cookie: client.cookie } });
  const comment = (client: Client, body: unknown) => client.post(`/api/process-instances/${instanceId}/comments`, body);

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(db);
    const owner = await ctx.as('owner.it@lotse.demo');
    expect((await owner.post('/api/deployments', templateDeployment('it-incident'))).status).toBe(201);
    employee = await ctx.as('employee@lotse.demo');
    const r = await employee.post('/api/process-instances', { processKey: 'it-incident', variables: { summary: 'Drucker kaputt', impact: 'low', urgency: 'low' } });
    expect(r.status).toBe(201);
    instanceId = r.body.id;
    agent = await ctx.as('agent.it@lotse.demo');
    otherAgent = await ctx.as('agent.hr@lotse.demo');
    const task = (await agent.get('/api/tasks?candidateGroup=it')).body.items.find((t: { instanceId: string }) => t.instanceId === instanceId);
    expect((await agent.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
  }, 120_000);
  afterAll(async () => dispose?.());
  afterEach(() => setFileScanner(null));

  it('keeps an internal note and its file from every answer the requester can call, and from their bell and mail', async () => {
    const file = await upload(agent, PDF, 'application/pdf', 'geheim-4711.pdf');
    expect(file.status).toBe(201);
    const note = await comment(agent, { text: SECRET, internal: true, attachments: [file.body.id] });
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    expect(note.body).toMatchObject({ internal: true, attachments: [{ id: file.body.id, name: 'geheim-4711.pdf' }] });
    const reply = await comment(agent, { text: 'Wir tauschen den Toner morgen.' });
    expect(reply.status).toBe(201);
    expect(reply.body.internal).toBe(false);

    // The agent's view: both, the note marked internal, the file with it.
    const seen = (await agent.get(`/api/process-instances/${instanceId}`)).body;
    expect(seen.internalNotes).toBe(true);
    expect(seen.comments.map((c: { text: string; internal: boolean }) => [c.text, c.internal])).toEqual([[SECRET, true], ['Wir tauschen den Toner morgen.', false]]);
    expect(seen.attachments.map((a: { id: string }) => a.id)).toContain(file.body.id);
    expect(seen.history.filter((h: { kind: string }) => h.kind === 'comment_added')).toHaveLength(2);
    expect((await download(agent, file.body.id)).status).toBe(200);

    // The requester: every route that answers with comments, timeline, files, events or notices.
    const answers = [
      await employee.get(`/api/process-instances/${instanceId}`),
      await employee.get('/api/process-instances?mine=1'),
      await employee.get('/api/tasks?assignee=me'),
      await employee.get('/api/notifications'),
      await employee.get(`/api/request-mails/${instanceId}`),
      await employee.get(`/api/process-instances/${instanceId}/diagram`),
    ];
    for (const a of answers) {
      expect(a.status).toBe(200);
      const text = JSON.stringify(a.body);
      for (const leak of ['4711', note.body.id, file.body.id]) expect(text).not.toContain(leak);
    }
    const mine = answers[0].body;
    expect(mine.internalNotes).toBe(false);
    expect(mine.comments.map((c: { text: string }) => c.text)).toEqual(['Wir tauschen den Toner morgen.']);
    expect(mine.history.filter((h: { kind: string }) => h.kind === 'comment_added')).toHaveLength(1);
    expect((await download(employee, file.body.id)).status).toBe(404);
    // The public reply reached the requester's bell; the note did not.
    expect(answers[3].body.items.map((n: { body: string }) => n.body).join('\n')).toContain('Wir tauschen den Toner morgen.');
    const mails = (await db.query<{ recipients: string[]; body: string }>('SELECT recipients, body FROM mail_outbox WHERE instance_id = $1', [instanceId])).rows;
    expect(mails.filter((m) => m.recipients.includes('employee@lotse.demo')).map((m) => m.body).join('\n')).not.toContain('4711');
    expect(mails.some((m) => m.body.includes('Wir tauschen den Toner morgen.'))).toBe(true);
  });

  it('lets only agents, owners and admins write internal notes — never the requester', async () => {
    const r = await comment(employee, { text: 'Darf ich das?', internal: true });
    expect(r.status).toBe(403);
    expect((await comment(employee, { text: 'Danke!', internal: false })).status).toBe(201);
    // An agent of another department does not see the request at all.
    expect((await comment(otherAgent, { text: 'x', internal: true })).status).toBe(404);
  });

  it('attaches files after submitting, within limits, with a 4xx that names the field', async () => {
    const mine = await upload(employee, PDF, 'application/pdf', 'rechnung.pdf');
    const only = await comment(employee, { text: '', attachments: [mine.body.id] });
    expect(only.status, JSON.stringify(only.body)).toBe(201);
    expect(only.body.attachments).toEqual([{ id: mine.body.id, name: 'rechnung.pdf', size: PDF.byteLength, contentType: 'application/pdf' }]);
    expect((await download(agent, mine.body.id)).status).toBe(200);
    // Linked once only; someone else's upload is not the caller's to attach.
    const again = await comment(employee, { text: 'noch mal', attachments: [mine.body.id] });
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual([{ path: '/attachments/0', message: 'unknown file (upload it again)' }]);
    const agents = await upload(agent, PDF, 'application/pdf', 'a.pdf');
    expect((await comment(employee, { text: 'x', attachments: [agents.body.id] })).status).toBe(422);
    const empty = await comment(employee, { text: '   ' });
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].path).toBe('/text');
    const tooMany = await comment(employee, { text: 'x', attachments: Array.from({ length: 11 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) });
    expect([400, 422]).toContain(tooMany.status);
    expect(JSON.stringify(tooMany.body.errors)).toContain('/attachments');
    expect((await upload(employee, new Uint8Array(MAX_FILE_BYTES + 1).fill(65), 'text/plain', 'big.txt')).status).toBe(413);
  });

  it('takes the type from the content when the browser sends none, refuses what it cannot recognise', async () => {
    const pdf = await upload(employee, PDF, 'application/octet-stream', 'scan');
    expect(pdf.status).toBe(201);
    expect(pdf.body.contentType).toBe('application/pdf');
    const exe = await upload(employee, new Uint8Array([0x4d, 0x5a, 0x90, 0, 0, 1]), '', 'tool.exe');
    expect(exe.status).toBe(422);
    expect(exe.body.errors[0].path).toBe('/file');
  });

  it('passes every upload through the virus-scan hook: a refusal is a 422 with its reason', async () => {
    setFileScanner(async (f) => (new TextDecoder().decode(f.bytes).includes('EICAR') ? { ok: false, reason: 'EICAR test signature' } : { ok: true }));
    const bad = await upload(employee, new TextEncoder().encode('X5O!P%@AP EICAR-STANDARD-ANTIVIRUS-TEST-FILE'), 'text/plain', 'eicar.txt');
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ path: '/file', message: 'refused by the virus scan: EICAR test signature' }]);
    expect((await upload(employee, PDF, 'application/pdf', 'ok.pdf')).status).toBe(201);
  });
});
