import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

/**
 * Issue #14, point 5 (least visibility): form versions and internal task forms only to their owners
 * (and to people with a task on the form), no ids from the colleague search, live changes only with
 * the ids the client may see, and department owners read the attachments of their requests.
 */
const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1"';
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

const startForm = {
  schema: { type: 'object', properties: { doc: { type: 'string', format: 'uuid' } } },
  ui: { fields: [{ key: 'doc', kind: 'file', label: { en: 'Document' } }] },
};
const reviewForm = (label: string) => ({
  schema: { type: 'object', properties: { note: { type: 'string', maxLength: 200 } } },
  ui: { fields: [{ key: 'note', kind: 'text', label: { en: label } }] },
});

/** A request of department `d`: a start form with an attachment, then a review task for the group `d` with an internal form. */
function deployment(d: string) {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="${d}-scope-defs" targetNamespace="urn:test">
  <bpmn:process id="${d}-scope-request" name="${d} scope request" isExecutable="true" esm:department="${d}">
    <bpmn:startEvent id="Start"><bpmn:extensionElements><zeebe:formDefinition formId="${d}-scope-start" /></bpmn:extensionElements></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
    <bpmn:userTask id="Review" name="Review">
      <bpmn:extensionElements>
        <zeebe:formDefinition formId="${d}-scope-review" />
        <zeebe:assignmentDefinition candidateGroups="${d}" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;
  return {
    xml,
    forms: [
      { key: `${d}-scope-start`, title: { en: 'Start' }, definition: startForm },
      { key: `${d}-scope-review`, title: { en: 'Review' }, definition: reviewForm('Note') },
    ],
  };
}

/** An open `GET /api/events` stream collecting the ids of each 'changed' event (as in live-events.test.ts). */
class EventStream {
  readonly changes: string[][] = [];
  private waiters: (() => void)[] = [];
  private constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {
    void this.pump();
  }
  static async open(app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }, cookie: string) {
    const res = await app.request('/api/events', { headers: { cookie } });
    expect(res.status).toBe(200);
    return new EventStream(res.body!.getReader());
  }
  private async pump() {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await this.reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        if (!frame.includes('event: changed')) continue;
        const data = frame.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        this.changes.push((JSON.parse(data) as { instanceIds: string[] }).instanceIds);
        for (const wake of this.waiters.splice(0)) wake();
      }
    }
  }
  async next(match: (ids: string[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.changes.some(match)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching 'changed' event within ${timeoutMs} ms; got ${JSON.stringify(this.changes)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
  close() {
    return this.reader.cancel().catch(() => {});
  }
}

describe.each(dbTargets())('least visibility ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let admin: Client, ownerHr: Client, ownerIt: Client, agentHr: Client, agentIt: Client, employee: Client;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(db);
    [admin, ownerHr, ownerIt, agentHr, agentIt, employee] = await Promise.all(
      ['admin', 'owner.hr', 'owner.it', 'agent.hr', 'agent.it', 'employee'].map((u) => ctx.as(`${u}@lotse.demo`)),
    );
    for (const [owner, d] of [[ownerHr, 'hr'], [ownerIt, 'it']] as const) {
      const r = await owner.post('/api/deployments', deployment(d));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  });
  afterAll(() => dispose());

  async function upload(client: Client) {
    const form = new FormData();
    form.append('file', new File([PDF as Uint8Array<ArrayBuffer>], 'doc.pdf', { type: 'application/pdf' }));
    const res = await ctx.app.request('/api/files', { method: 'POST', body: form, headers: { cookie: client.cookie, 'x-lotse-csrf': '1' } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }
  const download = async (client: Client, id: string) => (await ctx.app.request(`/api/files/${id}`, { headers: { cookie: client.cookie } })).status;
  const start = async (d: string, variables: Record<string, unknown> = {}) => {
    const r = await employee.post('/api/process-instances', { processKey: `${d}-scope-request`, variables });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };

  it("hides a form's version history from another department's owner, and internal task forms from people without a task", async () => {
    // The owners and admins see every version and the history.
    expect((await ownerHr.get('/api/forms/hr-scope-review/versions')).body.items.map((v: { version: number }) => v.version)).toEqual([1]);
    expect((await admin.get('/api/forms/hr-scope-review/versions')).status).toBe(200);
    expect((await ownerHr.get('/api/forms/hr-scope-review')).status).toBe(200);
    // Another department's owner: as if the form did not exist.
    const versions = await ownerIt.get('/api/forms/hr-scope-review/versions');
    expect(versions.status).toBe(404);
    expect(versions.body.code).toBe('not_found');
    expect((await ownerIt.get('/api/forms/hr-scope-review')).status).toBe(404);
    expect((await ownerIt.get('/api/forms/hr-scope-review?version=1')).status).toBe(404);
    // Agents: never the history; the task form only with a task on it (none yet).
    expect((await agentHr.get('/api/forms/hr-scope-review/versions')).status).toBe(403);
    expect((await agentHr.get('/api/forms/hr-scope-review')).status).toBe(404);
    expect((await agentIt.get('/api/forms/hr-scope-review')).status).toBe(404);
    // A requester reads the start form of a service they may request, not the internal task form.
    expect((await employee.get('/api/forms/hr-scope-start')).status).toBe(200);
    expect((await employee.get('/api/forms/hr-scope-review')).status).toBe(404);
  });

  it('lets an agent with a task read the version of the form that task uses, and only that one', async () => {
    await start('hr');
    const v1 = await agentHr.get('/api/forms/hr-scope-review');
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ key: 'hr-scope-review', version: 1 });
    // The owner saves version 2 (not deployed yet): the agent still gets the version the task is bound to.
    const v2 = await ownerHr.put('/api/forms/hr-scope-review', { title: { en: 'Review' }, definition: reviewForm('Remark') });
    expect(v2.body).toMatchObject({ version: 2, created: true });
    expect((await agentHr.get('/api/forms/hr-scope-review')).body.version).toBe(1);
    expect((await agentHr.get('/api/forms/hr-scope-review?version=1')).status).toBe(200);
    expect((await agentHr.get('/api/forms/hr-scope-review?version=2')).status).toBe(404);
    expect((await ownerHr.get('/api/forms/hr-scope-review')).body.version).toBe(2);
    // Still nothing for the IT agent (no task on it).
    expect((await agentIt.get('/api/forms/hr-scope-review')).status).toBe(404);
  });

  it('names the bound form version on the task and the service, so the app shows the form the server checks against', async () => {
    // Version 2 of the review form exists now (saved above, not deployed): the task stays on version 1.
    const tasks = await agentHr.get('/api/tasks?processKey=hr-scope-request');
    expect(tasks.status).toBe(200);
    const task = tasks.body.items.find((t: { formId: string }) => t.formId === 'hr-scope-review');
    expect(task).toMatchObject({ formId: 'hr-scope-review', formVersion: 1 });
    // The owner's latest is 2, but the version to fill in is the bound one, and it can be read.
    expect((await ownerHr.get('/api/forms/hr-scope-review')).body.version).toBe(2);
    expect((await ownerHr.get(`/api/forms/hr-scope-review?version=${task.formVersion}`)).body.definition.ui.fields[0].label.en).toBe('Note');
    const catalog = await employee.get('/api/catalog');
    const service = (catalog.body.items ?? catalog.body).find((s: { processKey: string }) => s.processKey === 'hr-scope-request');
    expect(service).toMatchObject({ formId: 'hr-scope-start', formVersion: 1 });
  });

  it('answers the colleague search without ids (the e-mail is the reference)', async () => {
    const r = await agentIt.get('/api/users/search?q=agent');
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    for (const hit of r.body.items) expect(Object.keys(hit).sort()).toEqual(['email', 'name']);
  });

  it("streams an HR agent the ids of HR requests only, never an IT request's id", async () => {
    const hrStream = await EventStream.open(ctx.app, agentHr.cookie);
    const itStream = await EventStream.open(ctx.app, agentIt.cookie);
    const adminStream = await EventStream.open(ctx.app, admin.cookie);
    try {
      const itId = await start('it');
      const hrId = await start('hr');
      // Notices reach each client in order: once the HR id is in, the IT one would have been too.
      await hrStream.next((ids) => ids.includes(hrId));
      await itStream.next((ids) => ids.includes(itId));
      await adminStream.next((ids) => ids.includes(itId));
      await adminStream.next((ids) => ids.includes(hrId));
      expect(hrStream.changes.flat()).not.toContain(itId);
      const marker = await start('it'); // after the HR request: once it is in, an HR id would have been too
      await itStream.next((ids) => ids.includes(marker));
      expect(itStream.changes.flat()).not.toContain(hrId);
    } finally {
      await Promise.all([hrStream.close(), itStream.close(), adminStream.close()]);
    }
  });

  it("lets a department owner download the attachments of the department's requests, not another department's", async () => {
    const hrFile = await upload(employee);
    const itFile = await upload(employee);
    await start('hr', { doc: hrFile });
    await start('it', { doc: itFile });
    const linked = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM files WHERE id = ANY($1::uuid[]) AND instance_id IS NOT NULL', [[hrFile, itFile]]);
    expect(linked.rows[0].n).toBe(2);
    expect(await download(ownerHr, hrFile)).toBe(200);
    expect(await download(ownerHr, itFile)).toBe(404);
    expect(await download(ownerIt, itFile)).toBe(200);
    expect(await download(agentHr, hrFile)).toBe(200);
    expect(await download(agentHr, itFile)).toBe(404);
  });
});
