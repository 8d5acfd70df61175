import type { RequestSummary } from './portal.api';
import type { RequestDetail, RequestStatus } from '../requests/requests.api';
import { stepName } from '../requests/serviceTitle';

type T = (key: string, values?: Record<string, unknown>) => string;

/** The status filter of "my requests" in the words employees use. */
export type RequestFilter = 'open' | 'waiting' | 'done' | 'cancelled' | 'all';

export const REQUEST_FILTERS: readonly RequestFilter[] = ['open', 'waiting', 'done', 'cancelled', 'all'];

/** The server status a filter asks for ("waiting for me" is open requests with a task of mine). */
export function filterStatus(filter: RequestFilter): RequestStatus | undefined {
  return filter === 'open' || filter === 'waiting' ? 'active' : filter === 'done' ? 'completed' : filter === 'cancelled' ? 'terminated' : undefined;
}

export function isWaitingFor(request: Pick<RequestSummary, 'status' | 'openTasks'>, email: string | undefined): boolean {
  const me = email?.toLowerCase();
  return request.status === 'active' && !!me && request.openTasks.some((task) => task.assignee?.toLowerCase() === me);
}

/** "Waiting for you: …", "Review request", "Done" — what is happening now, in plain words (step names in `locale`). */
export function currentStep(request: Pick<RequestSummary, 'status' | 'openTasks'>, email: string | undefined, t: T, locale = 'en'): string {
  if (request.status === 'completed') return t('portal.step.completed');
  if (request.status === 'terminated') return t('portal.step.cancelled');
  if (request.status === 'failed') return t('portal.step.failed');
  const me = email?.toLowerCase();
  const mine = request.openTasks.find((task) => task.assignee?.toLowerCase() === me);
  const named = (task: RequestSummary['openTasks'][number]) => stepName(task, locale) ?? t('portal.step.unnamed');
  if (mine) return t('portal.step.waitingForYou', { step: named(mine) });
  if (request.openTasks.length) return t('portal.step.inStep', { step: request.openTasks.map(named).join(', ') });
  return t('portal.step.processing');
}

/** The detail's open tasks in the list's shape, so both use the same sentence. */
export function openTasksOf(detail: RequestDetail): RequestSummary['openTasks'] {
  return detail.tasks.filter((task) => task.status === 'open').map((task) => ({ elementId: task.elementId, name: task.name, nameDe: task.nameDe, dueAt: task.dueAt, assignee: task.assignee }));
}
