import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, makeMe, mountApp, settle } from './support';

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => vi.unstubAllGlobals());

describe('admin: departments', () => {
  it('explains a 409 when a department that is still in use is deleted', async () => {
    mockFetch({
      'GET /api/auth/me': { body: { user: makeMe(['admin']) } },
      'GET /api/departments': { body: { items: [{ id: 'd-it', key: 'it', name: 'IT' }] } },
      'DELETE /api/admin/departments/d-it': { status: 409, body: { error: 'The department still has groups or process owners', code: 'in_use' } },
    });
    const { wrapper } = await mountApp('/admin/departments');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=departments-table]').exists()).toBe(true));
    await wrapper.find('button[aria-label="Löschen: IT"]').trigger('click');
    await settle();
    [...document.querySelectorAll<HTMLButtonElement>('dialog .button-danger')].find((b) => b.textContent === 'Löschen')!.click();
    await settle();

    expect(document.querySelector('.toasts [role=alert]')?.textContent).toContain('Die Abteilung wird noch verwendet');
    expect(wrapper.find('[data-testid=departments-table]').text()).toContain('IT');
    wrapper.unmount();
  });

  it('renames a department', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: makeMe(['admin']) } },
      'GET /api/departments': { body: { items: [{ id: 'd-it', key: 'it', name: 'IT' }] } },
      'PATCH /api/admin/departments/d-it': { body: { id: 'd-it', key: 'it', name: 'IT-Service' } },
    });
    const { wrapper } = await mountApp('/admin/departments');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=departments-table]').exists()).toBe(true));
    await wrapper.find('button[aria-label="Bearbeiten: IT"]').trigger('click');
    await settle();
    const name = document.querySelector<HTMLInputElement>('[data-testid=department-form] input[name=name]')!;
    name.value = 'IT-Service';
    name.dispatchEvent(new Event('input'));
    document.querySelector<HTMLFormElement>('[data-testid=department-form]')!.dispatchEvent(new Event('submit'));
    await settle();

    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ name: 'IT-Service' });
    expect(wrapper.find('[data-testid=departments-table]').text()).toContain('IT-Service');
    wrapper.unmount();
  });
});
