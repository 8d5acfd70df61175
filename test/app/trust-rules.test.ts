// Issue #14: the task list tells why the server refused a claim — four-eyes and a task someone else holds — in German and English.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, makeMe, mountApp, settle } from './support';

beforeEach(() => {
  localStorage.clear();
  document.body.replaceChildren();
});
afterEach(() => vi.unstubAllGlobals());

const agent = makeMe(['portal', 'tasks'], { id: 'u-agent', email: 'agent.hr@lotse.demo', name: 'Greta Graf', groups: [{ id: 'g-hr', key: 'hr', name: 'HR', departmentId: 'dep-hr' }] });
const task = {
  id: 't1', instanceId: 'r-1', elementId: 'HrApproval', name: 'HR approves', formId: 'hr-vacation-approval', status: 'open', assignee: null,
  candidateGroups: ['hr'], dueAt: null, priority: 50, createdAt: new Date().toISOString(), claimedAt: null, processKey: 'hr-vacation-request',
  processName: 'Vacation request', reference: 'HR-2026-000001', departmentId: 'dep-hr',
};

async function claimRefused(locale: 'de' | 'en', code: string): Promise<string> {
  mockFetch({
    'GET /api/auth/me': { body: { user: { ...agent, locale } } },
    'GET /api/tasks?state=open&assignee=me&sort=due&limit=100': { body: { total: 0, items: [] } },
    'GET /api/tasks?state=open&candidateGroup=hr&sort=due&limit=100': { body: { total: 1, items: [task] } },
    'POST /api/tasks/t1/claim': { status: 403, body: { error: 'server text', code } },
  });
  const { wrapper } = await mountApp('/tasks?queue=group:hr', { locale });
  await settle();
  await wrapper.find('[data-task=t1] button').trigger('click');
  await settle();
  const text = document.body.textContent ?? '';
  wrapper.unmount();
  return text;
}

describe('task rules in the task list', () => {
  it('explains four-eyes when the requester tries to claim their own approval (de, en)', async () => {
    expect(await claimRefused('de', 'four_eyes')).toContain('Vier-Augen-Prinzip');
    document.body.replaceChildren();
    expect(await claimRefused('en', 'four_eyes')).toContain('four-eyes principle');
  });

  it('explains that only the lead, the owner or an admin may take over a held task', async () => {
    expect(await claimRefused('en', 'task_held')).toContain('Only the group lead');
  });
});
