import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaveRequestForm } from '../fixtures/forms/samples';
import type { Db } from '../../server/db';
import { bindForms, validateSubmission } from '../../server/forms';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const camundaDir = fileURLToPath(new URL('../fixtures/camunda-forms', import.meta.url));

describe.each(dbTargets())('forms API ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let admin: Client;
  let ownerHr: Client;
  let ownerIt: Client;
  let hr: string;
  let it_: string;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(db);
    admin = await ctx.as('admin@lotse.demo');
    ownerHr = await ctx.as('owner.hr@lotse.demo');
    ownerIt = await ctx.as('owner.it@lotse.demo');
    const deps = (await admin.get('/api/departments')).body.items as { id: string; key: string }[];
    hr = deps.find((d) => d.key === 'hr')!.id;
    it_ = deps.find((d) => d.key === 'it')!.id;
  });
  afterAll(() => dispose());

  const countForms = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM forms')).rows[0].n;

  it('an owner creates a form, reads it back, adds a version and lists versions', async () => {
    const created = await ownerHr.post('/api/forms', { key: 'leave-request', departmentId: hr, title: { de: 'Urlaub', en: 'Leave' }, definition: leaveRequestForm });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'leave-request', version: 1, departmentId: hr });

    const same = await ownerHr.put('/api/forms/leave-request', { title: { de: 'Urlaub', en: 'Leave' }, definition: leaveRequestForm });
    expect(same.body).toMatchObject({ version: 1, created: false });

    const changed = clone(leaveRequestForm);
    changed.schema.properties.days.maximum = 20;
    const v2 = await ownerHr.put('/api/forms/leave-request', { title: { de: 'Urlaub', en: 'Leave' }, definition: changed });
    expect(v2.body).toMatchObject({ version: 2, created: true });

    expect((await ownerHr.get('/api/forms/leave-request')).body.definition.schema.properties.days.maximum).toBe(20);
    expect((await ownerHr.get('/api/forms/leave-request?version=1')).body.definition.schema.properties.days.maximum).toBe(30);
    expect((await ownerHr.get('/api/forms/leave-request?version=9')).status).toBe(404);
    expect((await ownerHr.get('/api/forms/leave-request/versions')).body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    // An employee reads a form only once it is the start form of a service they may request
    // (test/api/trust-visibility.test.ts), and never lists or changes forms.
    const employee = await ctx.as('employee@lotse.demo');
    expect((await employee.get('/api/forms/leave-request')).status).toBe(404);
    expect((await employee.get('/api/forms')).status).toBe(403);
  });

  it('lists only the forms of departments the caller owns', async () => {
    await ownerIt.post('/api/forms', { key: 'it-access', departmentId: it_, title: { en: 'Access' }, definition: leaveRequestForm });
    const hrList = (await ownerHr.get('/api/forms')).body.items.map((f: { key: string }) => f.key);
    expect(hrList).toContain('leave-request');
    expect(hrList).not.toContain('it-access');
    expect((await ownerHr.get(`/api/forms?departmentId=${it_}`)).status).toBe(403);
    const all = (await admin.get('/api/forms')).body.items.map((f: { key: string }) => f.key);
    expect(all).toEqual(expect.arrayContaining(['leave-request', 'it-access']));
    expect((await admin.get(`/api/forms?departmentId=${it_}`)).body.items.map((f: { key: string }) => f.key)).toEqual(['it-access']);
  });

  it("refuses to create or change a form of another department's owner", async () => {
    const r = await ownerHr.post('/api/forms', { key: 'sneaky', departmentId: it_, title: { en: 'X' }, definition: leaveRequestForm });
    expect(r.status).toBe(403);
    expect((await ownerHr.put('/api/forms/it-access', { title: { en: 'X' }, definition: leaveRequestForm })).status).toBe(403);
    expect((await ownerHr.post('/api/forms', { key: 'nodep', title: { en: 'X' }, definition: leaveRequestForm })).status).toBe(422);
  });

  it('refuses bad definitions with errors naming the field, and stores nothing', async () => {
    const before = await countForms();
    const post = (definition: unknown, key = 'bad-form') => ownerHr.post('/api/forms', { key, departmentId: hr, title: { en: 'Bad' }, definition });

    const notSchema = clone(leaveRequestForm) as any;
    notSchema.schema.properties.days = { type: 'integerish', minimum: 'one' };
    const a = await post(notSchema);
    expect(a.status).toBe(422);
    expect(a.body.errors[0].path).toMatch(/^\/definition\/schema\/properties\/days/);
    expect(a.body.errors[0].message).toMatch(/not valid JSON Schema/);

    const badPattern = clone(leaveRequestForm) as any;
    badPattern.schema.properties.otherReason.pattern = '([a-';
    expect((await post(badPattern)).body.errors[0]).toMatchObject({ path: '/definition/schema' });

    const dup = clone(leaveRequestForm);
    dup.ui.fields.push({ key: 'days', kind: 'number' });
    const b = await post(dup);
    expect(b.status).toBe(422);
    expect(b.body.errors).toContainEqual(expect.objectContaining({ path: '/definition/ui/fields/7/key', message: 'field "days": the key is used twice' }));

    const feel = clone(leaveRequestForm);
    feel.ui.fields[4].showIf = '=reason = "other" and (';
    const c = await post(feel);
    expect(c.status).toBe(422);
    expect(c.body.errors[0].path).toBe('/definition/ui/fields/4/showIf');
    expect(c.body.errors[0].message).toMatch(/^field "otherReason": FEEL syntax error/);

    const orphan = clone(leaveRequestForm);
    orphan.ui.fields.push({ key: 'ghost', kind: 'text' });
    expect((await post(orphan)).body.errors[0].message).toBe('field "ghost" has no property in the schema');

    const badKind = clone(leaveRequestForm) as any;
    badKind.ui.fields[1].kind = 'slider';
    expect((await post(badKind)).body.errors[0].path).toBe('/definition/ui/fields/1/kind');

    expect((await ownerHr.post('/api/forms', '{"key": "x", ')).status).toBe(400);
    expect((await ownerHr.put('/api/forms/leave-request', { title: { en: 'Leave' }, definition: feel })).status).toBe(422);
    expect(await countForms()).toBe(before);
    expect((await ownerHr.get('/api/forms/leave-request/versions')).body.items).toHaveLength(2);
  });

  it('refuses a key that exists already', async () => {
    const r = await ownerHr.post('/api/forms', { key: 'leave-request', departmentId: hr, title: { en: 'Again' }, definition: leaveRequestForm });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ path: '/key', message: 'key "leave-request" is already used' }]);
  });

  it('binds formIds at deploy: latest or pinned, unknown or foreign ones are errors naming the element', async () => {
    const r = await bindForms(db, [
      { elementId: 'start', formId: 'leave-request' },
      { elementId: 'review', formId: 'leave-request', version: 1 },
      { elementId: 'approve', formId: 'no-such-form' },
      { elementId: 'it', formId: 'it-access' },
    ], hr);
    expect(r.bindings['leave-request']).toMatchObject({ formKey: 'leave-request', version: 2 });
    expect(r.bindings['leave-request@1']).toMatchObject({ formKey: 'leave-request', version: 1 });
    expect(r.errors).toEqual([
      { elementId: 'approve', message: 'unknown form "no-such-form" (zeebe:formDefinition formId)' },
      { elementId: 'it', message: 'form "it-access" belongs to another department' },
    ]);
  });

  it('validates a submission against the bound version: hidden fields dropped, unknown keys refused', async () => {
    const binding = { formKey: 'leave-request', version: 2 };
    const good = await validateSubmission(db, binding, { startDate: '2030-05-01', days: 5, reason: 'vacation', otherReason: 'left over', substitutes: [] });
    expect(good).toEqual({ ok: true, data: { startDate: '2030-05-01', days: 5, reason: 'vacation', substitutes: [] } });

    const bad = await validateSubmission(db, binding, { startDate: '01.05.2030', days: 25, reason: 'other', isAdmin: true });
    expect(bad.ok).toBe(false);
    const paths = !bad.ok ? bad.errors.map((e) => e.path).sort() : [];
    expect(paths).toEqual(['/days', '/isAdmin', '/otherReason', '/startDate']);
  });

  it('imports a Camunda form into a preview with the list of what did not carry over', async () => {
    const formJs = JSON.parse(fs.readFileSync(`${camundaDir}/packages__form-js-viewer__test__spec__form.json`, 'utf8'));
    const r = await ownerHr.post('/api/forms/import/camunda', formJs);
    expect(r.status).toBe(200);
    expect(r.body.definition.ui.fields.map((f: { key: string }) => f.key)).toContain('creditor');
    expect(r.body.definition.schema.required).toContain('creditor');
    expect(r.body.unsupported).toContainEqual(expect.objectContaining({ type: 'html', message: 'HTML content is not supported' }));
    const saved = await ownerHr.post('/api/forms', { key: 'invoice', departmentId: hr, title: r.body.title, definition: r.body.definition });
    expect(saved.status).toBe(201);
    expect((await ownerHr.post('/api/forms/import/camunda', { nope: 1 })).status).toBe(422);
  });
});
