import { api, ApiError, type FieldError } from './client';
import type { ItemList } from './types';
import type { FormDefinition, LocalText } from '../../server/forms/types';

export interface FormRecord {
  id: string;
  key: string;
  version: number;
  departmentId: string | null;
  title: LocalText;
  definition: FormDefinition;
  createdAt: string;
}

export interface FormSummary {
  key: string;
  version: number;
  departmentId: string | null;
  title: LocalText;
  fieldCount: number;
  createdAt: string;
}

export interface FormVersion {
  id: string;
  version: number;
  createdAt: string;
  createdBy: string | null;
}

export interface CamundaImportResult {
  key: string;
  title: LocalText;
  definition: FormDefinition;
  unsupported: { path: string; type: string; key?: string; message: string }[];
}

export interface UploadedFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** One colleague from the people directory (what the person picker shows; the field stores the e-mail). */
export interface DirectoryPerson {
  name: string;
  email: string;
  department: string | null;
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

/** People whose name or e-mail contains `q` (at least 2 characters), for the person picker. */
export const searchPeople = (q: string, limit: number, signal?: AbortSignal) =>
  api.get<ItemList<DirectoryPerson>>(`/api/directory/people?q=${encodeURIComponent(q)}&limit=${limit}`, signal);
/** The people behind these exact e-mail addresses (at most 50); unknown addresses are missing from the answer. */
export const lookupPeople = (emails: readonly string[]) =>
  api.get<ItemList<DirectoryPerson>>(`/api/directory/people?email=${emails.map(encodeURIComponent).join(',')}`);

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
