import { api, apiRequest } from '../api/client';
import { toQueryString } from '../api/query';
import type { RequestStatus } from '../requests/requests.api';

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
  formVersion: number | null;
}

export interface OpenTaskRef {
  elementId: string;
  name: string | null;
  /** German name (esm:nameDe), if the model has one. */
  nameDe?: string | null;
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

/** Catalog, request start, "my requests" and the requester's own actions on a request (requests/ reads and comments it). */
export const portalApi = {
  catalog: () => api.get<{ items: CatalogItem[] }>('/api/catalog'),
  start: (processKey: string, variables: Record<string, unknown>, idempotencyKey: string) =>
    apiRequest<StartedRequest>('/api/process-instances', { method: 'POST', body: { processKey, variables }, headers: { 'Idempotency-Key': idempotencyKey } }),
  mine: (q: RequestListQuery = {}) => api.get<{ total: number; items: RequestSummary[] }>(`/api/process-instances${toQueryString({ mine: 1, status: q.status, limit: q.limit, offset: q.offset })}`),
  diagram: (requestId: string) => api.get<{ xml: string }>(`/api/process-instances/${id(requestId)}/diagram`),
  cancel: (requestId: string) => api.post<{ id: string; status: RequestStatus }>(`/api/process-instances/${id(requestId)}/cancel`),
  rate: (requestId: string, score: number, comment?: string) => api.post<unknown>(`/api/process-instances/${id(requestId)}/rating`, { score, ...(comment ? { comment } : {}) }),
};
