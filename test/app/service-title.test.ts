import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { catalogDescription, catalogTitle, serviceName } from '../../app/requests/serviceTitle';
import { mockFetch, makeMe, mountApp, settle } from './support';

beforeEach(() => {
  localStorage.clear();
  document.body.replaceChildren();
});
afterEach(() => vi.unstubAllGlobals());

const employee = makeMe(['portal'], { id: 'u-emp', email: 'employee@lotse.demo', name: 'Erika Muster' });

const catalog = {
  items: [
    {
      definitionId: 'd1', processKey: 'it-incident', version: 1, title: 'Report an IT problem', description: 'Something does not work: PC, network, printer',
      titleDe: 'Störung melden', descriptionDe: 'Etwas funktioniert nicht: PC, Netzwerk, Drucker', icon: 'alert', departmentId: 'dep-it', departmentName: 'IT', formId: null,
    },
    // Not translated: German readers see the default text.
    { definitionId: 'd2', processKey: 'vpn-access', version: 1, title: 'VPN access', description: 'Work from home', titleDe: null, descriptionDe: null, icon: null, departmentId: 'dep-it', departmentName: 'IT', formId: null },
  ],
};

describe('service text helpers', () => {
  it('pick German text for de, the default for en, and fall back when German is missing', () => {
    const item = { title: 'Report an IT problem', titleDe: 'Störung melden', description: 'Broken', descriptionDe: null };
    expect(catalogTitle(item, 'de')).toBe('Störung melden');
    expect(catalogTitle(item, 'en')).toBe('Report an IT problem');
    expect(catalogDescription(item, 'de')).toBe('Broken');
    expect(catalogTitle({ title: 'VPN access', titleDe: '' }, 'de')).toBe('VPN access');
    const request = { processKey: 'it-incident', processName: 'IT incident', serviceTitle: 'Report an IT problem', serviceTitleDe: 'Störung melden' };
    expect(serviceName(request, 'de')).toBe('Störung melden');
    expect(serviceName(request, 'en')).toBe('Report an IT problem');
    expect(serviceName({ ...request, serviceTitleDe: null }, 'de')).toBe('Report an IT problem');
    expect(serviceName({ processKey: 'it-incident', processName: 'IT incident', serviceTitle: null, serviceTitleDe: null }, 'de')).toBe('IT incident');
    expect(serviceName({ processKey: 'it-incident', processName: null }, 'en')).toBe('it-incident');
  });
});

describe('catalog in the reader language', () => {
  it('shows and searches the German text in German, and the English text after switching to English', async () => {
    mockFetch({ 'GET /api/auth/me': { body: { user: employee } }, 'GET /api/catalog': { body: catalog } });
    const { wrapper, i18n } = await mountApp('/portal', { locale: 'de' });
    const titles = () => wrapper.findAll('.card-link').map((a) => a.text());
    expect(titles()).toEqual(['Störung melden', 'VPN access']);
    expect(wrapper.findAll('.card-text').map((p) => p.text())).toEqual(['Etwas funktioniert nicht: PC, Netzwerk, Drucker', 'Work from home']);
    expect(wrapper.text()).not.toContain('Report an IT problem');

    await wrapper.find('input[type=search]').setValue('drucker');
    expect(titles()).toEqual(['Störung melden']);
    await wrapper.find('input[type=search]').setValue('printer');
    expect(titles()).toEqual([]);

    await wrapper.find('input[type=search]').setValue('');
    i18n.global.locale.value = 'en';
    await settle();
    expect(titles()).toEqual(['Report an IT problem', 'VPN access']);
    expect(wrapper.text()).not.toContain('Störung melden');
    await wrapper.find('input[type=search]').setValue('printer');
    expect(titles()).toEqual(['Report an IT problem']);
    wrapper.unmount();
  });

  it('shows the English text to an English reader', async () => {
    mockFetch({ 'GET /api/auth/me': { body: { user: employee } }, 'GET /api/catalog': { body: catalog } });
    const { wrapper } = await mountApp('/portal', { locale: 'en' });
    expect(wrapper.findAll('.card-link').map((a) => a.text())).toEqual(['Report an IT problem', 'VPN access']);
    expect(wrapper.find('.card-text').text()).toBe('Something does not work: PC, network, printer');
    wrapper.unmount();
  });
});

describe('my requests in the reader language', () => {
  it('names the service by its German catalog title, else its process name', async () => {
    const summaries = {
      total: 2,
      items: [
        {
          id: 'r1', processKey: 'it-incident', processName: 'IT incident', serviceTitle: 'Report an IT problem', serviceTitleDe: 'Störung melden',
          version: 1, reference: 'IT-2026-000001', status: 'active', startedAt: '2026-03-01T09:00:00Z', endedAt: null, openTasks: [],
        },
        {
          id: 'r2', processKey: 'onboarding', processName: 'Onboarding', serviceTitle: null, serviceTitleDe: null,
          version: 1, reference: 'HR-2026-000002', status: 'active', startedAt: '2026-03-02T09:00:00Z', endedAt: null, openTasks: [],
        },
      ],
    };
    mockFetch({
      'GET /api/auth/me': { body: { user: employee } },
      'GET /api/process-instances?mine=1&status=active&limit=50': { body: summaries },
    });
    const { wrapper, i18n } = await mountApp('/portal/requests', { locale: 'de' });
    const service = () => wrapper.findAll('[data-testid=requests-table] tbody tr').map((r) => r.findAll('td')[0].text());
    expect(service()).toEqual(['Störung melden', 'Onboarding']);
    i18n.global.locale.value = 'en';
    await settle();
    expect(service()).toEqual(['Report an IT problem', 'Onboarding']);
    wrapper.unmount();
  });
});

describe('task list in the reader language', () => {
  it('names the service of each task, and the process filter, by the German catalog title', async () => {
    const agent = makeMe(['portal', 'tasks'], { id: 'u-agent', email: 'agent.it@lotse.demo', name: 'Agnes Agent', groups: [{ id: 'g-it', key: 'it', name: 'IT Service Desk', departmentId: 'dep-it' }] });
    const task = {
      id: 't1', instanceId: 'r1', elementId: 'Triage', name: 'Triage', formId: null, status: 'open', assignee: 'agent.it@lotse.demo', candidateGroups: ['it'],
      dueAt: null, priority: 50, createdAt: new Date().toISOString(), claimedAt: null, processKey: 'it-incident', processName: 'IT incident',
      serviceTitle: 'Report an IT problem', serviceTitleDe: 'Störung melden', reference: 'IT-2026-000001', departmentId: 'dep-it',
    };
    mockFetch({
      'GET /api/auth/me': { body: { user: agent } },
      'GET /api/tasks?state=open&assignee=me&sort=due&limit=100': { body: { total: 1, items: [task] } },
    });
    const { wrapper, i18n } = await mountApp('/tasks', { locale: 'de' });
    const row = () => wrapper.find('[data-testid=tasks-table] tbody tr').text();
    const filterOptions = () => wrapper.findAll('select[name=process] option').map((o) => o.text());
    expect(row()).toContain('Störung melden');
    expect(row()).not.toContain('IT incident');
    expect(filterOptions()).toContain('Störung melden');
    i18n.global.locale.value = 'en';
    await settle();
    expect(row()).toContain('Report an IT problem');
    expect(filterOptions()).toContain('Report an IT problem');
    wrapper.unmount();
  });
});
