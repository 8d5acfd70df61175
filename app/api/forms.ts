import { api, ApiError, type FieldError } from './client';
import type { CamundaImport, FormSummary, StoredForm } from './contract';
import type { ItemList } from './types';
import type { FormDefinition, LocalText } from '../../common/forms/types';

/** One stored form version, as the server keeps it. */
export type FormRecord = StoredForm;

export type { FormSummary };

export interface FormVersion {
  id: string;
  version: number;
  createdAt: string;
  createdBy: string | null;
}

/** What POST /api/forms/import/camunda answers (the server's own type). */
export type CamundaImportResult = CamundaImport;

export interface UploadedFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

const k = (key: string) => encodeURIComponent(key);

/** Form definitions (versions per key). */
export const formsApi = {
  list: (departmentId?: string) => api.get<ItemList<FormSummary>>(`/api/forms${departmentId ? `?departmentId=${k(departmentId)}` : ''}`),
  get: (key: string, version?: number) => api.get<FormRecord>(`/api/forms/${k(key)}${version ? `?version=${version}` : ''}`),
  create: (input: { key: string; departmentId: string | null; title: LocalText; definition: FormDefinition }) => api.post<FormRecord>('/api/forms', input),
  update: (key: string, input: { title: LocalText; definition: FormDefinition }) => api.put<FormRecord & { created: boolean }>(`/api/forms/${k(key)}`, input),
  versions: (key: string) => api.get<ItemList<FormVersion>>(`/api/forms/${k(key)}/versions`),
  importCamunda: (formJs: unknown) => api.post<CamundaImportResult>('/api/forms/import/camunda', formJs),
};

/** Uploads one attachment as multipart (the JSON client cannot); errors as ApiError like every call. */
export async function uploadFile(file: File): Promise<UploadedFile> {
  const body = new FormData();
  body.append('file', file);
  let res: Response;
  try {
    res = await fetch('/api/files', { method: 'POST', body, credentials: 'same-origin', headers: { 'X-Lotse-CSRF': '1', Accept: 'application/json' } });
  } catch (cause) {
    throw new ApiError(0, cause instanceof Error ? cause.message : 'Network error', 'network');
  }
  const payload = (await res.json().catch(() => ({}))) as { error?: string; code?: string; errors?: FieldError[] } & UploadedFile;
  if (!res.ok) throw new ApiError(res.status, payload.error ?? `HTTP ${res.status}`, payload.code, payload.errors ?? []);
  return payload;
}
