import { api } from './client';
import type { listProblems, problemDetail, problemKpis, ProblemView, recurringIncidents } from './contract';

export type Problem = ProblemView;
export type ProblemDetail = Awaited<ReturnType<typeof problemDetail>>;
export type ProblemList = Awaited<ReturnType<typeof listProblems>>;
export type RecurringAnswer = Awaited<ReturnType<typeof recurringIncidents>>;
export type RecurringGroup = RecurringAnswer['groups'][number];
export type ProblemKpis = Awaited<ReturnType<typeof problemKpis>>;
export type ProblemStatus = Problem['status'];
export const PROBLEM_STATUSES: readonly ProblemStatus[] = ['new', 'analysis', 'known_error', 'resolved', 'closed'];
export const PROBLEM_PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;

export interface ProblemCreate {
  departmentId: string;
  title: string;
  description?: string;
  serviceKey?: string | null;
  priority?: (typeof PROBLEM_PRIORITIES)[number];
  requestIds?: string[];
}

export interface ProblemEdit {
  title?: string;
  description?: string;
  rootCause?: string;
  fiveWhys?: string[];
  workaround?: string;
  serviceKey?: string | null;
  priority?: (typeof PROBLEM_PRIORITIES)[number];
}

const query = (params: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};
const at = (id: string) => `/api/problems/${encodeURIComponent(id)}`;

/** Problem management: agents and owners of the department work on problems, analysts read them. */
export const problemsApi = {
  list: (params: { status?: string; departmentId?: string; q?: string; limit?: number } = {}) => api.get<ProblemList>(`/api/problems${query(params)}`),
  get: (id: string) => api.get<ProblemDetail>(at(id)),
  create: (input: ProblemCreate) => api.post<ProblemDetail>('/api/problems', input),
  update: (id: string, input: ProblemEdit) => api.patch<ProblemDetail>(at(id), input),
  setStatus: (id: string, status: ProblemStatus) => api.post<ProblemDetail>(`${at(id)}/status`, { status }),
  /** Publishes the known error's workaround as a knowledge article (owners) or sends it to review (agents). */
  publishWorkaround: (id: string) => api.post<{ articleId: string; status: string }>(`${at(id)}/workaround-article`, {}),
  startAnalysis: (id: string) => api.post<ProblemDetail>(`${at(id)}/analysis`, {}),
  link: (id: string, requestIds: string[]) => api.post<ProblemDetail>(`${at(id)}/requests`, { requestIds }),
  unlink: (id: string, requestId: string) => api.delete(`${at(id)}/requests/${encodeURIComponent(requestId)}`),
  closeRequests: (id: string, requestIds?: string[]) => api.post<{ closed: string[] }>(`${at(id)}/close-requests`, requestIds ? { requestIds } : {}),
  ofRequest: (requestId: string) => api.get<{ problem: Problem | null }>(`/api/problems/by-request/${encodeURIComponent(requestId)}`),
  recurring: (params: { from?: string; to?: string; departmentId?: string; processKey?: string; minCount?: number; sort?: string; similarity?: number }) =>
    api.get<RecurringAnswer>(`/api/problems/recurring${query(params)}`),
  kpis: (params: { from?: string; to?: string; departmentId?: string; days?: number }) => api.get<ProblemKpis>(`/api/problems/kpis${query(params)}`),
};
