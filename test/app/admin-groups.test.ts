import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, makeMe, mountApp, settle } from './support';

beforeEach(() => {
  localStorage.clear();
  document.body.replaceChildren();
});
afterEach(() => vi.unstubAllGlobals());

const users = [
  { id: 'u-1', email: 'greta@lotse.demo', name: 'Greta Graf', locale: null, roles: [{ role: 'employee' }], groupIds: [], createdAt: '2025-01-01T00:00:00Z' },
  { id: 'u-2', email: 'tim@lotse.demo', name: 'Tim Teufel', locale: 'de', roles: [{ role: 'employee' }], groupIds: [], createdAt: '2025-01-01T00:00:00Z' },
];

describe('admin: groups', () => {
  it('creates a group with a department and members', async () => {
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: makeMe(['admin']) } },
      'GET /api/admin/groups': { body: { items: [] } },
      'GET /api/admin/users': { body: { items: users } },
      'GET /api/departments': { body: { items: [{ id: 'd-hr', key: 'hr', name: 'HR' }] } },
      'POST /api/admin/groups': (call) => ({ status: 201, body: { id: 'g-new', ...(call.body as object) } }),
    });
    const { wrapper } = await mountApp('/admin/groups');
    await vi.waitFor(() => expect(wrapper.text()).toContain('Noch keine Einträge.'));

    await wrapper.find('[data-testid=new-group]').trigger('click');
    await settle();
    const form = document.querySelector<HTMLFormElement>('[data-testid=group-form]')!;
    const set = (selector: string, value: string) => {
      const el = form.querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
      el.value = value;
      el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input'));
    };
    set('input[name=key]', 'hr-team');
    set('input[name=name]', 'HR-Team');
    set('select[name=departmentId]', 'd-hr');
    form.querySelector<HTMLInputElement>('input[value=u-2]')!.click();
    await settle();
    // Leads are chosen among the members (issue #14: the lead may take over a task another member holds).
    const leads = form.querySelector('[data-testid=group-leads]')!;
    expect(leads.textContent).toContain('Gruppenleitung');
    expect(leads.textContent).toContain('Tim Teufel');
    expect(leads.textContent).not.toContain('Greta Graf');
    leads.querySelector<HTMLInputElement>('input[value=u-2]')!.click();
    await settle();
    form.dispatchEvent(new Event('submit'));
    await settle();

    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ key: 'hr-team', name: 'HR-Team', departmentId: 'd-hr', memberIds: ['u-2'], leadIds: ['u-2'] });
    const row = wrapper.find('[data-testid=groups-table] tbody tr');
    expect(row.text()).toContain('HR-Team');
    expect(row.text()).toContain('1 Mitglied');
    wrapper.unmount();
  });
});
