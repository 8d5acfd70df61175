import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useDesigner } from '../../app/forms/designer/useDesigner';
import { mockFetch, makeMe, mountApp, settle } from './support';

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => vi.unstubAllGlobals());

describe('form designer', () => {
  it('keeps schema and UI in step: add, rename, require, reorder, remove, undo', () => {
    const d = useDesigner();
    d.addField('date');
    d.addField('textarea');
    expect(d.definition.value.ui.fields.map((f) => f.key)).toEqual(['date1', 'textarea2']);
    d.updateField([0], { key: 'start' });
    d.setRequired([0], true);
    expect(d.definition.value.schema).toMatchObject({ properties: { start: { type: 'string', format: 'date' } }, required: ['start'] });
    d.updateField([1], { showIf: '=start = (' });
    expect(d.problems.value[0]).toMatchObject({ path: '/ui/fields/1/showIf' });
    d.undo();
    expect(d.problems.value).toEqual([]);
    d.moveField([1], 0);
    expect(d.definition.value.ui.fields.map((f) => f.key)).toEqual(['textarea2', 'start']);
    d.removeField([1]);
    expect(d.definition.value.schema.properties).not.toHaveProperty('start');
    expect(d.definition.value.schema.required).toBeUndefined();
    d.undo();
    expect(d.definition.value.schema.required).toEqual(['start']);
  });

  it('builds a form from the palette, previews it and saves it', { timeout: 20000 }, async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: makeMe(['portal', 'forms'], { roles: [{ role: 'owner', departmentId: 'd-hr' }] }) } },
      'GET /api/departments': { body: { items: [{ id: 'd-hr', key: 'hr', name: 'HR' }] } },
      'POST /api/forms': (call) => ({ status: 201, body: { ...(call.body as object), id: 'f1', version: 1, createdAt: '2030-01-01T00:00:00Z' } }),
      'GET /api/forms/leave': { body: { id: 'f1', key: 'leave', version: 1, departmentId: 'd-hr', title: { de: 'Urlaub' }, definition: { schema: { type: 'object', properties: {} }, ui: { fields: [] } }, createdAt: '2030-01-01T00:00:00Z' } },
    });
    const { wrapper } = await mountApp('/forms/new');
    await settle();
    await vi.waitFor(() => expect(wrapper.find('[data-testid=designer-fields]').exists()).toBe(true));
    await wrapper.find('button[aria-label="Datum hinzufügen"]').trigger('click');
    await settle();
    expect(wrapper.find('[data-testid=field-properties]').exists()).toBe(true);
    await wrapper.find('[data-testid=field-properties] input[name=label-de]').setValue('Erster Tag');
    await wrapper.find('[data-testid=field-properties] input[name=required]').setValue(true);
    await settle();
    expect(wrapper.find('[data-testid=designer-preview] label').text()).toBe('Erster Tag *');
    await wrapper.find('input[name=formKey]').setValue('leave');
    await wrapper.find('input[name=titleDe]').setValue('Urlaub');
    await wrapper.find('[data-testid=save-form]').trigger('click');
    await settle();
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toMatchObject({ key: 'leave', departmentId: 'd-hr', title: { de: 'Urlaub' }, definition: { schema: { required: ['date1'] } } });
    wrapper.unmount();
  });
});
