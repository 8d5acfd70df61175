import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeError } from '../../app/ui/useFormErrors';
import { ApiError } from '../../app/api/client';
import { createAppI18n } from '../../app/i18n';
import { mockFetch, makeMe, mountApp, settle } from './support';

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => vi.unstubAllGlobals());

const owner = (kind: string, key: string, departmentId: string, name: string) => ({
  kind, key, departmentId, department: { key: name.toLowerCase(), name }, createdAt: '2026-03-01T08:00:00Z', createdBy: null,
});

describe('admin: key ownership', () => {
  it('moves a process key to another department with a reason, then offers the forms it uses', async () => {
    let moved = false;
    const { calls } = mockFetch({
      'GET /api/auth/me': { body: { user: makeMe(['admin']) } },
      'GET /api/departments': { body: { items: [{ id: 'd-it', key: 'it', name: 'IT' }, { id: 'd-hr', key: 'hr', name: 'HR' }] } },
      'GET /api/admin/key-ownership': () => ({
        body: { items: [owner('process', 'it-equipment-request', moved ? 'd-hr' : 'd-it', moved ? 'HR' : 'IT'), owner('form', 'it-equipment-review', 'd-it', 'IT')] },
      }),
      'GET /api/admin/key-ownership/transfers': { body: { items: [] } },
      'POST /api/admin/key-ownership/transfer': (call) => {
        moved = true;
        const body = call.body as { kind: string; key: string; departmentId: string };
        return {
          body: {
            owner: owner(body.kind, body.key, 'd-hr', 'HR'),
            transfer: { id: 't1', kind: body.kind, key: body.key, fromDepartmentId: 'd-it', toDepartmentId: 'd-hr', transferredBy: { id: 'u1', name: 'Erika' }, transferredAt: '2026-03-02T08:00:00Z', reason: null },
            related: body.kind === 'process' ? [{ kind: 'form', key: 'it-equipment-review', departmentId: 'd-it' }] : [],
          },
        };
      },
    });
    const { wrapper } = await mountApp('/admin/key-ownership');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=key-owners-table]').exists()).toBe(true));
    expect(wrapper.find('[data-testid=key-owners-table]').text()).toContain('it-equipment-request');

    await wrapper.find('button[aria-label="Schlüssel it-equipment-request an eine andere Abteilung übertragen"]').trigger('click');
    await settle();
    const form = document.querySelector<HTMLFormElement>('[data-testid=key-transfer-form]')!;
    // Submitting without a department names the field and sends nothing.
    form.dispatchEvent(new Event('submit'));
    await settle();
    expect(form.textContent).toContain('Abteilung wählen');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    const select = form.querySelector<HTMLSelectElement>('select[name=departmentId]')!;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Abteilung wählen', 'HR']); // not the current owner
    select.value = 'd-hr';
    select.dispatchEvent(new Event('change'));
    const reason = form.querySelector<HTMLTextAreaElement>('textarea[name=reason]')!;
    reason.value = 'HR hands out laptops';
    reason.dispatchEvent(new Event('input'));
    form.dispatchEvent(new Event('submit'));
    await settle();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ kind: 'process', key: 'it-equipment-request', departmentId: 'd-hr', reason: 'HR hands out laptops' });

    const related = document.querySelector('[data-testid=key-transfer-related]')!;
    expect(related.textContent).toContain('it-equipment-review');
    related.querySelector<HTMLButtonElement>('button[aria-label="Schlüssel it-equipment-review an eine andere Abteilung übertragen"]')!.click();
    await settle();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { kind: 'process', key: 'it-equipment-request', departmentId: 'd-hr', reason: 'HR hands out laptops' },
      { kind: 'form', key: 'it-equipment-review', departmentId: 'd-hr', reason: 'HR hands out laptops' },
    ]);
    expect(related.textContent).toContain('Alle Schlüssel des Prozesses sind übertragen.');
    wrapper.unmount();
  });

  it("names the key and its owning department when a deploy, draft or form save is refused (key_owned)", () => {
    const refused = new ApiError(403, 'The process key "it-incident" belongs to …', 'key_owned', [], {
      code: 'key_owned', kind: 'process', key: 'it-incident', departmentId: 'd-it', department: { id: 'd-it', key: 'it', name: 'IT' },
    });
    for (const [locale, text] of [['de', 'Der Schlüssel „it-incident“ gehört der Abteilung IT.'], ['en', 'The key “it-incident” belongs to the department IT.']] as const) {
      const t = createAppI18n(locale).global.t as (key: string, values?: Record<string, unknown>) => string;
      expect(describeError(refused, t)).toContain(text);
    }
  });
});
