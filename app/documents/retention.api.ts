import { api } from '../api/client';
import type { DocumentTypeInfo } from './documents.api';

export type Anchor = 'document_date' | 'end_of_year';
export interface RetentionRule { documentType: string; years: number; anchor: Anchor }
export interface RequestRule { processKey: string; years: number }
export interface LegalHold { id: string; employeeId: string | null; instanceId: string | null; reference: string | null; name: string | null; email: string | null; reason: string; createdAt: string; departmentId: string }
/** What one deletion-log entry says: ids and facts, never content. */
export interface DeletionFacts {
  kind: 'document' | 'request' | 'erasure';
  documentType?: string;
  documentDate?: string;
  processKey?: string;
  endedAt?: string;
  rule?: { years: number; anchor?: Anchor };
  erasure?: boolean;
}
export interface DeletionEntry { seq: number; at: string; departmentId: string | null; entry: DeletionFacts; hash: string }
export interface DeletionLog { intact: boolean; brokenAt: number | null; items: DeletionEntry[] }
/** A service (process) a department owns; only deployed ones have requests to keep. */
export interface ServiceInfo { key: string; name: string; departmentId: string; latest: { id: string } | null }
/** A hold is placed on a person (e-mail) or a request (its reference, or its id). */
export type HoldTarget = { employeeEmail: string } | { reference: string } | { instanceId: string };

const id = (v: string) => encodeURIComponent(v);

/** Retention rules, legal holds and the deletion log (issue #20, point 4): owners of the department, admins. */
export const retentionApi = {
  rules: (departmentId: string) => api.get<{ items: RetentionRule[]; types: DocumentTypeInfo[] }>(`/api/retention/rules/${id(departmentId)}`),
  saveRules: (departmentId: string, rules: RetentionRule[]) => api.put<{ items: RetentionRule[] }>(`/api/retention/rules/${id(departmentId)}`, { rules }),
  requestRules: (departmentId: string) => api.get<{ items: RequestRule[] }>(`/api/retention/request-rules/${id(departmentId)}`),
  /** An empty `years` (null) comes back as a 422 at that row. */
  saveRequestRules: (departmentId: string, rules: { processKey: string; years: number | null }[]) => api.put<{ items: RequestRule[] }>(`/api/retention/request-rules/${id(departmentId)}`, { rules }),
  services: () => api.get<{ items: ServiceInfo[] }>('/api/processes'),
  holds: () => api.get<{ items: LegalHold[] }>('/api/retention/holds'),
  placeHold: (departmentId: string, target: HoldTarget, reason: string) => api.post<LegalHold>('/api/retention/holds', { ...target, departmentId, reason }),
  releaseHold: (holdId: string) => api.delete<void>(`/api/retention/holds/${id(holdId)}`),
  log: () => api.get<DeletionLog>('/api/retention/deletion-log'),
};
