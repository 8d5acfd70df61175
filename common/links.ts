/**
 * Where a notification opens in the app. One rule for the bell (app/notifications) and for mails:
 * the task while the reader may work on it (the task list is theirs and the task still is), else
 * the request in the portal. Paths are the SPA's routes `task` and `portal-request` (app/router.ts).
 * Pure, so the app imports it as well.
 */

export const taskPath = (taskId: string) => `/tasks/${encodeURIComponent(taskId)}`;
export const requestPath = (instanceId: string) => `/portal/requests/${encodeURIComponent(instanceId)}`;

export interface LinkTarget {
  instanceId: string | null;
  /** The task named by the notification, only while the reader may still see it. */
  taskId?: string | null;
}

/** What a notification opens and its app path; null when it is about nothing that can be opened. */
export function notificationTarget(n: LinkTarget, mayOpenTasks: boolean): { kind: 'task' | 'request'; path: string } | null {
  if (n.taskId && mayOpenTasks) return { kind: 'task', path: taskPath(n.taskId) };
  return n.instanceId ? { kind: 'request', path: requestPath(n.instanceId) } : null;
}

/** An app path made absolute under PUBLIC_URL (stored without a trailing slash). */
export const publicLink = (publicUrl: string, path: string) => `${publicUrl}${path}`;
