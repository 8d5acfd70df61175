import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, makeMe, mountApp, settle } from './support';

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => vi.unstubAllGlobals());

const departments = { items: [{ id: 'd-it', key: 'it', name: 'IT' }, { id: 'd-hr', key: 'hr', name: 'HR' }] };
const shopKey = { id: 's1', name: 'SHOP_KEY', departmentId: 'd-it', departmentName: 'IT', createdAt: '2026-03-01T08:00:00Z', updatedAt: '2026-03-01T08:00:00Z', updatedBy: { id: 'u9', name: 'Ingo' } };

const type = (selector: string, value: string) => {
  const el = document.querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
  el.value = value;
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input'));
};

describe('secrets screen', () => {
  it('lets an owner store a secret for their own department only, and never shows the value again', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: makeMe(['portal', 'modeler', 'forms'], { roles: [{ role: 'owner', departmentId: 'd-it' }, { role: 'employee' }] }) } },
      'GET /api/departments': { body: departments },
      'GET /api/secrets': { body: { items: [shopKey], canStore: true } },
      'POST /api/secrets': { status: 201, body: { ...shopKey, id: 's2', name: 'CRM_TOKEN' } },
    });
    const { wrapper } = await mountApp('/secrets');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=secrets-table]').exists()).toBe(true));
    expect(wrapper.find('[data-secret=SHOP_KEY]').text()).toContain('IT');
    await wrapper.find('[data-testid=new-secret]').trigger('click');
    await settle();

    const form = document.querySelector<HTMLFormElement>('[data-testid=secret-form]')!;
    const scopes = [...form.querySelectorAll<HTMLOptionElement>('select[name=departmentId] option')].map((o) => o.textContent);
    expect(scopes).toEqual(['IT']); // no global, no other department
    const value = form.querySelector<HTMLInputElement>('[data-testid=secret-value]')!;
    expect(value.type).toBe('password');
    expect(value.autocomplete).toBe('new-password');
    for (const control of form.querySelectorAll('input, select')) expect(form.querySelector(`label[for="${control.id}"]`)).not.toBeNull();
    type('[data-testid=secret-form] input[name=name]', 'CRM_TOKEN');
    type('[data-testid=secret-value]', 'crm-very-secret-1');
    form.dispatchEvent(new Event('submit'));
    await settle();

    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'CRM_TOKEN', value: 'crm-very-secret-1', departmentId: 'd-it' });
    expect(wrapper.find('[data-secret=CRM_TOKEN]').exists()).toBe(true);
    expect(document.body.innerHTML).not.toContain('crm-very-secret-1');
    wrapper.unmount();
  });

  it('lets an admin replace a value without seeing the old one, and offers global secrets', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: makeMe(['portal', 'admin'], { roles: [{ role: 'admin' }] }) } },
      'GET /api/departments': { body: departments },
      'GET /api/secrets': { body: { items: [shopKey], canStore: true } },
      'PUT /api/secrets/s1': { body: { ...shopKey, updatedAt: '2026-03-02T08:00:00Z' } },
    });
    const { wrapper } = await mountApp('/admin/secrets');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=secrets-table]').exists()).toBe(true));
    await wrapper.find('button[aria-label="Bearbeiten: SHOP_KEY"]').trigger('click');
    await settle();
    const form = document.querySelector<HTMLFormElement>('[data-testid=secret-form]')!;
    expect(form.querySelector('input[name=name]')).toBeNull();
    expect(form.querySelector<HTMLInputElement>('[data-testid=secret-value]')!.value).toBe('');
    type('[data-testid=secret-value]', 'rotated-2');
    form.dispatchEvent(new Event('submit'));
    await settle();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ value: 'rotated-2' });

    await wrapper.find('[data-testid=new-secret]').trigger('click');
    await settle();
    const scopes = [...document.querySelectorAll<HTMLOptionElement>('[data-testid=secret-form] select[name=departmentId] option')].map((o) => o.textContent);
    expect(scopes).toEqual(['Global (alle Abteilungen)', 'IT', 'HR']);
    wrapper.unmount();
  });

  it('says why nothing can be stored when the server has no LOTSE_SECRET_KEY', async () => {
    mockFetch({
      'GET /api/auth/me': { body: { user: makeMe(['portal', 'admin'], { roles: [{ role: 'admin' }] }) } },
      'GET /api/departments': { body: departments },
      'GET /api/secrets': { body: { items: [], canStore: false } },
    });
    const { wrapper } = await mountApp('/admin/secrets');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=secrets-no-key]').exists()).toBe(true));
    expect(wrapper.find('[data-testid=secrets-no-key]').text()).toContain('LOTSE_SECRET_KEY');
    wrapper.unmount();
  });
});
