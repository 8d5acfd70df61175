import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaveRequestForm } from '../fixtures/forms/samples';
import type { Db } from '../../server/db';
import { linkFormFiles, MAX_FILE_BYTES } from '../../server/forms';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

describe.each(dbTargets())('file uploads ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let employee: Client;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(db);
    employee = await ctx.as('employee@lotse.demo');
    const owner = await ctx.as('owner.hr@lotse.demo');
    const hr = (await owner.get('/api/departments')).body.items.find((d: { key: string }) => d.key === 'hr').id;
    expect((await owner.post('/api/forms', { key: 'leave', departmentId: hr, title: { en: 'Leave' }, definition: leaveRequestForm })).status).toBe(201);
  });
  afterAll(() => dispose());

  async function upload(client: Client, bytes: Uint8Array, type: string, name = 'doc.pdf') {
    const form = new FormData();
    form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
    const res = await ctx.app.request('/api/files', { method: 'POST', body: form, headers: { cookie: client.cookie, 'x-lotse-csrf': '1' } });
    return { status: res.status, body: await res.json() };
  }
  const download = (client: Client, id: string) => ctx.app.request(`/api/files/${id}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  const countFiles = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM files')).rows[0].n;

  /** An instance of a throwaway HR definition, started by `starter`. */
  async function instanceOf(starterEmail: string): Promise<string> {
    const [{ id: userId }] = (await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [starterEmail])).rows;
    const [{ id: departmentId }] = (await db.query<{ id: string }>("SELECT id FROM departments WHERE key = 'hr'")).rows;
    const def = (await db.query<{ id: string }>(
      `INSERT INTO definitions (key, version, department_id, xml, xml_hash, model) VALUES ($1, 1, $2, '<x/>', 'h', '{}') RETURNING id`,
      [`p-${randomUUID()}`, departmentId],
    )).rows[0].id;
    const id = randomUUID();
    await db.query(
      `INSERT INTO process_instances (id, definition_id, process_key, department_id, status, state, started_by, started_at) VALUES ($1, $2, 'p', $3, 'active', '{}', $4, now())`,
      [id, def, departmentId, userId],
    );
    return id;
  }

  it('stores an allowed file with its checksum and serves it to the uploader', async () => {
    const r = await upload(employee, PDF, 'application/pdf', '../../etc/Antrag "1".pdf');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ filename: 'Antrag 1.pdf', contentType: 'application/pdf', size: PDF.byteLength });
    expect(r.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const res = await download(employee, r.body.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''Antrag%201.pdf");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);
  });

  it('refuses a file over the limit or of a forbidden type, naming the field, and stores nothing', async () => {
    const before = await countFiles();
    const big = await upload(employee, new Uint8Array(MAX_FILE_BYTES + 1).fill(65), 'text/plain', 'big.txt');
    expect(big.status).toBe(413);
    const exe = await upload(employee, new Uint8Array([0x4d, 0x5a, 0x90, 0]), 'application/x-msdownload', 'tool.exe');
    expect(exe.status).toBe(422);
    expect(exe.body.errors).toEqual([{ path: '/file', message: 'files of type "application/x-msdownload" are not allowed' }]);
    const fake = await upload(employee, new Uint8Array([0x4d, 0x5a, 0x90, 0]), 'application/pdf', 'tool.pdf');
    expect(fake.status).toBe(422);
    expect(fake.body.errors[0].message).toBe('the content is not application/pdf');
    const none = await ctx.app.request('/api/files', { method: 'POST', body: new FormData(), headers: { cookie: employee.cookie, 'x-lotse-csrf': '1' } });
    expect(none.status).toBe(422);
    expect(await countFiles()).toBe(before);
  });

  it('once linked to an instance, the file is readable by its department group and admins, nobody else', async () => {
    const r = await upload(employee, PDF, 'application/pdf');
    const instanceId = await instanceOf('employee@lotse.demo');
    const [{ id: agentId }] = (await db.query<{ id: string }>("SELECT id FROM users WHERE email = 'agent.hr@lotse.demo'")).rows;
    const errors = await db.transaction((tx) => linkFormFiles(tx, { formKey: 'leave', version: 1 }, { attachment: r.body.id }, instanceId, agentId));
    expect(errors).toEqual([{ path: '/attachment', message: 'unknown file (upload it again)' }]);
    const [{ id: employeeId }] = (await db.query<{ id: string }>("SELECT id FROM users WHERE email = 'employee@lotse.demo'")).rows;
    expect(await linkFormFiles(db, { formKey: 'leave', version: 1 }, { attachment: r.body.id }, instanceId, employeeId)).toEqual([]);

    expect((await download(await ctx.as('agent.hr@lotse.demo'), r.body.id)).status).toBe(200);
    expect((await download(await ctx.as('admin@lotse.demo'), r.body.id)).status).toBe(200);
    expect((await download(await ctx.as('agent.it@lotse.demo'), r.body.id)).status).toBe(404);
    expect((await download(await ctx.as('employee2@lotse.demo'), r.body.id)).status).toBe(404);
    expect((await download(ctx.anonymous(), r.body.id)).status).toBe(401);
    expect((await download(employee, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('does not let another user link or read an unlinked upload', async () => {
    const r = await upload(employee, PDF, 'application/pdf');
    const other = await ctx.as('employee2@lotse.demo');
    expect((await download(other, r.body.id)).status).toBe(404);
    const [{ id: otherId }] = (await db.query<{ id: string }>("SELECT id FROM users WHERE email = 'employee2@lotse.demo'")).rows;
    const instanceId = await instanceOf('employee2@lotse.demo');
    expect(await linkFormFiles(db, { formKey: 'leave', version: 1 }, { attachment: r.body.id }, instanceId, otherId)).toHaveLength(1);
  });
});
