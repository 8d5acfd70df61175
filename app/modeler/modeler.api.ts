import { api } from '../api/client';
import type { ItemList } from '../api/types';

/** Who changed something, as the server reports it. */
export interface UserRef {
  id: string;
  name: string;
}

/** One row of GET /api/processes: a process key with its draft and latest deployed version. */
export interface ProcessSummary {
  key: string;
  name: string;
  departmentId: string;
  draft: { revision: number; updatedAt: string; updatedBy: UserRef } | null;
  latest: { id: string; version: number; deployedAt: string; enabled: boolean } | null;
  runningInstances: number;
  openIncidents: number;
}

export interface Draft {
  key: string;
  xml: string;
  revision: number;
  departmentId: string;
  updatedAt: string;
  updatedBy: UserRef;
}

export interface SavedDraft {
  key: string;
  revision: number;
  updatedAt: string;
}

/** 409 body of PUT /api/processes/:key/draft when someone else saved in between. */
export interface StaleDraft {
  revision: number;
  updatedAt: string;
  updatedBy: UserRef;
}

export interface ModelProblem {
  elementId: string;
  message: string;
}

export interface Deployment {
  id: string;
  key: string;
  version: number;
  processes: { id: string; key: string; version: number; created: boolean; resource?: string }[];
  decisions?: { key: string; version: number; resource?: string }[];
  /** Forms stored with the deployment: shipped, `.form` files and embedded Camunda forms. */
  forms?: { key: string; version: number; created: boolean; resource?: string }[];
  warnings: (ModelProblem & { resource?: string })[];
}

export interface DefinitionVersion {
  id: string;
  key: string;
  version: number;
  name: string;
  departmentId: string;
  deployedAt: string;
  deployedBy: UserRef | null;
  comment: string | null;
  enabled: boolean;
}

export interface PickerGroup {
  id: string;
  key: string;
  name: string;
  departmentId: string | null;
}

export interface FormSummary {
  key: string;
  name?: string;
  /** Per language, as GET /api/forms returns it. */
  title?: { de?: string; en?: string } | string;
}

const enc = encodeURIComponent;

/** The modeller's server calls: process list, drafts, deployments, versions and pickers. */
export const modelerApi = {
  processes: () => api.get<ItemList<ProcessSummary>>('/api/processes'),
  draft: (key: string) => api.get<Draft>(`/api/processes/${enc(key)}/draft`),
  saveDraft: (key: string, body: { xml: string; revision?: number; departmentId?: string }) =>
    api.put<SavedDraft>(`/api/processes/${enc(key)}/draft`, body),
  deploy: (body: { xml: string; comment?: string }) => api.post<Deployment>('/api/deployments', body),
  versions: (key: string) => api.get<ItemList<DefinitionVersion>>(`/api/definitions?key=${enc(key)}`),
  version: (id: string) => api.get<DefinitionVersion & { xml: string }>(`/api/definitions/${enc(id)}`),
  setEnabled: (id: string, enabled: boolean) => api.patch<DefinitionVersion>(`/api/definitions/${enc(id)}`, { enabled }),
  groups: () => api.get<ItemList<PickerGroup>>('/api/groups'),
  forms: (departmentId: string) => api.get<ItemList<FormSummary>>(`/api/forms?departmentId=${enc(departmentId)}`),
};

/** An element of a version, for the migration mapping. */
export interface ElementSummary {
  id: string;
  name: string | null;
  type: string;
}

/** One instance in the answer of POST /api/process-definitions/:key/migrations. */
export interface MigrationOutcome {
  instanceId: string;
  reference: string | null;
  outcome: 'migrated' | 'refused';
  reason?: string;
  elementId?: string;
  mapping?: Record<string, string>;
}

export interface MigrationResult {
  key: string;
  sourceVersion: number;
  targetVersion: number;
  dryRun: boolean;
  mapping: Record<string, string>;
  instances: MigrationOutcome[];
  migrated: number;
  refused: number;
  remaining: number;
  elements: { source: ElementSummary[]; target: ElementSummary[] };
}

export interface MigrationRequest {
  sourceVersion: number;
  targetVersion: number;
  mapping?: Record<string, string>;
  instanceIds?: string[];
  dryRun?: boolean;
}

/** Moving running instances between versions (a dry run first). */
export const migrationApi = {
  run: (key: string, body: MigrationRequest) => api.post<MigrationResult>(`/api/process-definitions/${encodeURIComponent(key)}/migrations`, body),
};
