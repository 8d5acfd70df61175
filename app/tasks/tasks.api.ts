import { api } from '../api/client';
import { toQueryString } from '../api/query';
import type { Priority, SlaClock } from '../requests/requests.api';
import type { DueState, TaskPriority } from '../../common/task-rules';

const id = (value: string) => encodeURIComponent(value);

/** One user task as the inbox lists it. */
export interface TaskSummary {
  id: string;
  instanceId: string;
  elementId: string;
  name: string | null;
  /** German name (esm:nameDe), if the model has one. */
  nameDe?: string | null;
  formId: string | null;
  formVersion: number | null;
  status: string;
  assignee: string | null;
  candidateGroups: string[] | null;
  dueAt: string | null;
  /** The deadline's state when the list was read (the server applies the same rule as the badges). */
  dueState?: DueState | null;
  priority: number | null;
  createdAt: string;
  claimedAt: string | null;
  processKey: string;
  processName: string | null;
  /** The service's catalog titles (default/English and German), null when none. */
  serviceTitle?: string | null;
  serviceTitleDe?: string | null;
  reference: string | null;
  departmentId: string | null;
  /** The request's priority (critical … low) and the SLA clock that measures this task. */
  requestPriority?: Priority | null;
  sla?: SlaClock | null;
}

/** One task with the request's data and the saved draft of its form. */
export interface TaskDetail extends TaskSummary {
  variables: Record<string, unknown>;
  draft?: { variables: Record<string, unknown>; savedAt: string } | null;
}

export type TaskSort = 'due' | 'created' | 'priority' | 'age';
export type DueFilter = DueState | 'none';

/** GET /api/tasks parameters (docs/API.md); lists (priority, due) are comma-separated there. */
export interface TaskQuery {
  candidateGroup?: string;
  assignee?: 'me' | 'none' | string;
  processKey?: string;
  priority?: TaskPriority;
  due?: DueFilter;
  /** ISO-8601 duration, e.g. P3D. */
  olderThan?: string;
  /** Search words (reference, title, requester, form text); prefixes, German and English stemming. */
  q?: string;
  sort?: TaskSort;
  direction?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

/** A colleague found by GET /api/users/search: no id, the e-mail is the reference. */
export interface UserHit {
  name: string;
  email: string;
}

/** Inbox, task actions and the colleague search used to delegate. */
export const tasksApi = {
  list: (q: TaskQuery) => api.get<{ total: number; totalExact?: boolean; items: TaskSummary[] }>(`/api/tasks${toQueryString({ state: 'open', ...q })}`),
  get: (taskId: string) => api.get<TaskDetail>(`/api/tasks/${id(taskId)}`),
  claim: (taskId: string) => api.post<TaskDetail>(`/api/tasks/${id(taskId)}/claim`),
  unclaim: (taskId: string) => api.post<TaskDetail>(`/api/tasks/${id(taskId)}/unclaim`),
  assign: (taskId: string, assignee: string | null) => api.post<void>(`/api/tasks/${id(taskId)}/assign`, { assignee }),
  complete: (taskId: string, variables: Record<string, unknown>) => api.post<void>(`/api/tasks/${id(taskId)}/complete`, { variables }),
  saveDraft: (taskId: string, variables: Record<string, unknown>) => api.put<void>(`/api/tasks/${id(taskId)}/draft`, { variables }),
  bulkClaim: (ids: string[]) => api.post<{ claimed: string[]; failed: { id: string; error: string }[] }>('/api/tasks/bulk-claim', { ids }),
  searchUsers: (q: string) => api.get<{ items: UserHit[] }>(`/api/users/search${toQueryString({ q })}`),
};
