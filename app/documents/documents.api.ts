import { api, uploadWithProgress } from '../api/client';

export interface DocumentTypeInfo { key: string; label: { de: string; en: string }; employeeUpload: boolean; builtIn: boolean }
export interface DocumentVersion { version: number; filename: string; contentType: string; size: number; createdAt: string }
export interface PersonnelDocument { id: string; type: string; title: string; date: string; source: 'uploaded' | 'generated' | 'request'; instanceId: string | null; version: number; createdAt: string; versions: DocumentVersion[] }
export interface PersonnelFile {
  employee: { id: string; name: string; email: string };
  departmentId: string;
  access: 'owner' | 'keeper' | 'self';
  documents: PersonnelDocument[];
  types: DocumentTypeInfo[];
}
export interface FileSummary { employeeId: string; name: string; email: string; departmentId: string; documents: number }
export interface AccessLogEntry { at: string; actor: string; action: string; documentId: string | null; version: number | null; title: string | null }
/** absentFrom/absentTo/substituteEmail: the absence a sick note or absence record filed by HR records. */
export interface UploadMeta { type: string; title: string; date: string; documentId?: string; absentFrom?: string; absentTo?: string; substituteEmail?: string }

const id = (v: string) => encodeURIComponent(v);

/** Personnel files (issue #20): keepers list and file, the employee reads their own ("me"). */
export const documentsApi = {
  files: () => api.get<{ items: FileSummary[] }>('/api/personnel-files'),
  open: (employeeEmail: string, departmentId: string) => api.post<{ employeeId: string }>('/api/personnel-files', { employeeEmail, departmentId }),
  file: (employeeId: string) => api.get<PersonnelFile>(`/api/personnel-files/${id(employeeId)}`),
  log: (employeeId: string) => api.get<{ items: AccessLogEntry[] }>(`/api/personnel-files/${id(employeeId)}/log`),
  /** The file goes as the request body (streamed by the server), with upload progress. */
  upload: (employeeId: string, file: File, meta: UploadMeta, onProgress?: (loaded: number, total: number) => void, signal?: AbortSignal) => {
    const q = new URLSearchParams({ type: meta.type, title: meta.title, date: meta.date, filename: file.name });
    for (const k of ['documentId', 'absentFrom', 'absentTo', 'substituteEmail'] as const) if (meta[k]) q.set(k, meta[k]);
    return uploadWithProgress<{ id: string; version: number }>(`/api/personnel-files/${id(employeeId)}/documents?${q}`, file, { headers: { 'Content-Type': file.type || 'application/octet-stream' }, onProgress, signal });
  },
  contentUrl: (documentId: string, version?: number) => `/api/documents/${id(documentId)}/content${version ? `?version=${version}` : ''}`,
};
