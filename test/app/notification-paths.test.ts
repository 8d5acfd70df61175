// The paths that the bell pushes and that mails link to (server/notify/links.ts) are the SPA's own routes.
import { describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../../app/router';
import { notificationTarget, requestPath, taskPath } from '../../common/links';

describe('notification paths', () => {
  const router = createAppRouter(createMemoryHistory());
  const id = '3f2b8c1e-6d4a-4e1b-9a7c-0b5d2e8f1a64';

  it('open the task view and the request detail with the id', () => {
    expect(router.resolve(taskPath(id))).toMatchObject({ name: 'task', params: { id } });
    expect(router.resolve(requestPath(id))).toMatchObject({ name: 'portal-request', params: { id } });
  });

  it('name the task only for a reader with the task list', () => {
    expect(notificationTarget({ instanceId: 'r1', taskId: 't1' }, true)).toEqual({ kind: 'task', path: '/tasks/t1' });
    expect(notificationTarget({ instanceId: 'r1', taskId: 't1' }, false)).toEqual({ kind: 'request', path: '/portal/requests/r1' });
    expect(notificationTarget({ instanceId: 'r1', taskId: null }, true)).toEqual({ kind: 'request', path: '/portal/requests/r1' });
    expect(notificationTarget({ instanceId: null, taskId: null }, true)).toBeNull();
  });
});
