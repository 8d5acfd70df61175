import { api } from '../api/client';

export interface PersonHit { id: string; name: string; email: string }
export type KeptReason =
  | { code: 'legal_hold'; reason: string }
  | { code: 'retention_rule'; documentType: string; years: number; anchor: string; until: string }
  | { code: 'open_request' }
  | { code: 'kept_documents' };
export interface KeptItem { kind: 'document' | 'request' | 'account'; id: string; label: string; reason: KeptReason }
export interface ErasurePlan { person: PersonHit; erase: { requests: string[]; documents: string[] }; kept: KeptItem[] }
export interface ErasureResult { erased: { requests: number; documents: number; comments: number; attachments: number; historyEntries: number; notifications: number; account: boolean }; kept: KeptItem[] }
export interface PrivacyLogEntry { id: number; at: string; actor: string; action: 'export' | 'erase'; subjectId: string; subjectName: string | null }

const id = (v: string) => encodeURIComponent(v);

/** GDPR requests (issue #20, point 5): admins and the privacy role. */
export const privacyApi = {
  search: (q: string) => api.get<{ items: PersonHit[] }>(`/api/privacy/people?q=${encodeURIComponent(q)}`),
  plan: (personId: string) => api.get<ErasurePlan>(`/api/privacy/people/${id(personId)}/erasure`),
  erase: (personId: string, confirm: string) => api.post<ErasureResult>(`/api/privacy/people/${id(personId)}/erase`, { confirm }),
  log: () => api.get<{ items: PrivacyLogEntry[] }>('/api/privacy/log'),
  /** A plain link: the browser downloads the streamed ZIP itself. */
  exportUrl: (personId: string) => `/api/privacy/people/${id(personId)}/export`,
};
