import { api, apiRequest } from '../api/client';
import type { Priority, SlaClock } from '../admin/sla/sla.api';

const id = (value: string) => encodeURIComponent(value);

/** One service of the catalog: the latest deployed version of a process this user may request. */
export interface CatalogItem {
  definitionId: string;
  processKey: string;
  version: number;
  /** Default (English) text; the German text, when the entry has one. */
  title: string;
  description: string | null;
  titleDe?: string | null;
  descriptionDe?: string | null;
  icon: string | null;
  departmentId: string | null;
  departmentName: string | null;
  formId: string | null;
}

export type RequestStatus = 'active' | 'completed' | 'terminated' | 'failed';

export interface OpenTaskRef {
  elementId: string;
  name: string | null;
  dueAt: string | null;
  assignee: string | null;
}

/** A request as "my requests" lists it. */
export interface RequestSummary {
  id: string;
  processKey: string;
  processName: string | null;
  /** The service's catalog titles (default/English and German), null when none. */
  serviceTitle?: string | null;
  serviceTitleDe?: string | null;
  version: number;
  reference: string | null;
  status: RequestStatus;
  startedAt: string;
  endedAt: string | null;
  openTasks: OpenTaskRef[];
}

export interface RequestTask {
  id: string;
  elementId: string;
  name: string | null;
  status: string;
  assignee: string | null;
  candidateGroups: string[] | null;
  dueAt: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface HistoryEvent {
  id: number;
  kind: string;
  elementId: string | null;
  elementType: string | null;
  time: string;
  actor: string | null;
  data: Record<string, unknown> | null;
}

export interface RequestComment {
  id: string;
  author: { id: string; name: string } | null;
  text: string;
  createdAt: string;
}

export interface Attachment {
  id: string;
  name: string;
  size: number;
  contentType: string;
  createdAt: string;
}

export type SlaState = 'on_time' | 'at_risk' | 'breached';

/** One request with its steps, history and conversation. */
export interface RequestDetail {
  id: string;
  processKey: string;
  processName: string | null;
  /** The service's catalog titles (default/English and German), null when none. */
  serviceTitle?: string | null;
  serviceTitleDe?: string | null;
  version: number;
  definitionId: string;
  reference: string | null;
  status: RequestStatus;
  variables: Record<string, unknown>;
  activeElementIds: string[];
  startedBy: { id: string; name: string; email: string } | null;
  startedAt: string;
  endedAt: string | null;
  tasks: RequestTask[];
  incidents: unknown[];
  history: HistoryEvent[];
  comments?: RequestComment[];
  attachments?: Attachment[];
  rating?: { score: number; comment: string | null } | null;
  sla?: (SlaClock & { state: SlaState }) | null;
  slaClocks?: SlaClock[];
  priority?: Priority | null;
  canCancel?: boolean;
}

export interface StartedRequest {
  id: string;
  state: string;
  reference: string | null;
}

export interface RequestListQuery {
  status?: RequestStatus;
  limit?: number;
  offset?: number;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Catalog, request start, "my requests" and everything on one request. */
export const portalApi = {
  catalog: () => api.get<{ items: CatalogItem[] }>('/api/catalog'),
  start: (processKey: string, variables: Record<string, unknown>, idempotencyKey: string) =>
    apiRequest<StartedRequest>('/api/process-instances', { method: 'POST', body: { processKey, variables }, headers: { 'Idempotency-Key': idempotencyKey } }),
  mine: (q: RequestListQuery = {}) => api.get<{ total: number; items: RequestSummary[] }>(`/api/process-instances${query({ mine: 1, status: q.status, limit: q.limit, offset: q.offset })}`),
  get: (requestId: string) => api.get<RequestDetail>(`/api/process-instances/${id(requestId)}`),
  diagram: (requestId: string) => api.get<{ xml: string }>(`/api/process-instances/${id(requestId)}/diagram`),
  cancel: (requestId: string) => api.post<{ id: string; status: RequestStatus }>(`/api/process-instances/${id(requestId)}/cancel`),
  comment: (requestId: string, text: string) => api.post<RequestComment>(`/api/process-instances/${id(requestId)}/comments`, { text }),
  rate: (requestId: string, score: number, comment?: string) => api.post<unknown>(`/api/process-instances/${id(requestId)}/rating`, { score, ...(comment ? { comment } : {}) }),
};

/** Query-string builder shared with the task list. */
export { query as toQueryString };
