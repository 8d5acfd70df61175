import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/api';
import { dbTargets } from '../support/db';
import { templateHarness, type TemplateHarness } from './template-harness';

// Issue #18 point 2: a 422 names the field and says what is wrong in a sentence, in the language the client asks for.
describe.each(dbTargets())('translated validation messages ($name)', (target) => {
  let h: TemplateHarness;
  let admin: Client, employee: Client;
  const de = { 'Accept-Language': 'de-DE,de;q=0.9,en;q=0.8' };
  const en = { 'Accept-Language': 'en-GB,en;q=0.9' };

  beforeAll(async () => {
    h = await templateHarness(target);
    await h.deploy(await h.as('owner.hr@lotse.demo'), 'hr-vacation-request');
    [admin, employee] = await Promise.all(['admin@lotse.demo', 'employee@lotse.demo'].map((e) => h.as(e)));
  });
  afterAll(() => h.dispose());

  it('a new user with an empty name: "please fill in" in German and English, not ajv internals', async () => {
    const body = { email: 'neu@lotse.demo', name: '', password: 'lantern orbit velvet' };
    const inGerman = await admin.post('/api/admin/users', body, de);
    expect(inGerman.status).toBe(422);
    expect(inGerman.body.error).toBe('Die Eingaben sind nicht gültig.');
    expect(inGerman.body.errors).toContainEqual(expect.objectContaining({ path: '/name', message: 'Bitte füllen Sie dieses Feld aus.', keyword: 'minLength' }));
    const inEnglish = await admin.post('/api/admin/users', body, en);
    expect(inEnglish.body.errors).toContainEqual(expect.objectContaining({ path: '/name', message: 'Please fill in this field.' }));
    const bad = await admin.post('/api/admin/users', { ...body, name: 'Neu', email: 'kein-at-zeichen' }, de);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ path: '/email', message: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.' }));
    for (const r of [inGerman, inEnglish, bad]) expect(JSON.stringify(r.body.errors)).not.toMatch(/must NOT|characters\b.*1|NOT have/);
  });

  it('a request form without a required field: the sentence in the asked language, at the field path', async () => {
    const variables = { leaveType: 'annual', firstDay: '2026-07-06', lastDay: '2026-07-17', days: 3, deputy: 'Max' };
    const inGerman = await employee.post('/api/process-instances', { processKey: 'hr-vacation-request', variables }, de);
    expect(inGerman.status).toBe(422);
    expect(inGerman.body.errors).toContainEqual(expect.objectContaining({ path: '/manager', message: 'Bitte füllen Sie dieses Feld aus.' }));
    const inEnglish = await employee.post('/api/process-instances', { processKey: 'hr-vacation-request', variables: { ...variables, manager: 'employee2@lotse.demo', days: 'three' } }, en);
    expect(inEnglish.body.errors).toContainEqual(expect.objectContaining({ path: '/days', message: expect.stringMatching(/^The value must be (a number|a whole number)\.$/) }));
  });

  it('the request detail carries the labels of its forms: fields and options, start form first', async () => {
    const variables = { leaveType: 'annual', firstDay: '2026-07-06', lastDay: '2026-07-17', days: 3, manager: 'employee2@lotse.demo', deputy: 'Max' };
    const id = await h.start(employee, 'hr-vacation-request', variables);
    const detail = (await employee.get(`/api/process-instances/${id}`)).body;
    expect(detail.fields.leaveType).toMatchObject({ kind: 'select', label: { de: 'Art des Urlaubs', en: 'Type of leave' }, order: 0 });
    expect(detail.fields.leaveType.options.annual).toEqual(expect.objectContaining({ de: expect.any(String), en: expect.any(String) }));
    expect(detail.fields.approved).toMatchObject({ kind: 'yesno', label: { de: 'Genehmigt?', en: 'Approved?' } });
    expect(detail.fields.approved.order).toBeGreaterThan(detail.fields.note.order);
    expect(detail.fields.summary).toBeUndefined();
  });

  it('without Accept-Language the answer is English', async () => {
    const r = await admin.post('/api/admin/users', { email: 'neu2@lotse.demo', name: '', password: 'lantern orbit velvet' });
    expect(r.body.errors).toContainEqual(expect.objectContaining({ path: '/name', message: 'Please fill in this field.' }));
  });
});
