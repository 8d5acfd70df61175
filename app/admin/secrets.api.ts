import { api } from '../api/client';
import type { SecretSummary } from '../api/contract';

export type { SecretSummary };

/** The list of secrets this user manages; `canStore` is false when the server has no LOTSE_SECRET_KEY. */
export interface SecretList {
  items: SecretSummary[];
  canStore: boolean;
}

export interface SecretInput {
  name: string;
  value: string;
  /** null: a global secret (admins only). */
  departmentId: string | null;
}

const id = (value: string) => encodeURIComponent(value);

/** Connector secrets: names and dates come back, values never (they are write-only). */
export const secretsApi = {
  list: () => api.get<SecretList>('/api/secrets'),
  create: (input: SecretInput) => api.post<SecretSummary>('/api/secrets', input),
  replace: (secretId: string, value: string) => api.put<SecretSummary>(`/api/secrets/${id(secretId)}`, { value }),
  remove: (secretId: string) => api.delete(`/api/secrets/${id(secretId)}`),
};
