import { api, ApiError } from '../api/client';
import type {
  channels,
  cycleTimes,
  datasetMap,
  datasetSummary,
  diagramFor,
  escalations,
  ImportReport,
  ImportRequest,
  insightProcesses,
  InsightFilter,
  listDatasets,
  overview,
  RowProblem,
  slaReport,
  steps,
  variants,
} from '../api/contract';

type Json<T> = T extends Date ? string : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;
type Answer<F extends (...args: never[]) => Promise<unknown>> = Json<Awaited<ReturnType<F>>>;

export type Filter = InsightFilter;
export type Overview = Answer<typeof overview>;
export type CycleTimes = Answer<typeof cycleTimes>;
export type Steps = Answer<typeof steps>;
export type Step = Steps['items'][number];
export type SlaReport = Answer<typeof slaReport>;
export type Escalations = Answer<typeof escalations>;
export type Variants = Answer<typeof variants>;
export type Channels = Answer<typeof channels>;
export type InsightProcess = Answer<typeof insightProcesses>[number];
export type Diagram = Answer<typeof diagramFor>;
export type Dataset = Answer<typeof listDatasets>[number];
export type DatasetSummary = Answer<typeof datasetSummary>;
export type DatasetMap = Answer<typeof datasetMap>;
export type { ImportReport, ImportRequest, RowProblem };

/** The filter as query parameters (empty values left out). */
export function filterQuery(f: Partial<Filter>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return q.toString();
}

/** KPI routes (analysts, process owners). */
export const insightsApi = {
  processes: () => api.get<{ items: InsightProcess[] }>('/api/insights/processes'),
  overview: (f: Filter) => api.get<Overview>(`/api/insights/overview?${filterQuery(f)}`),
  cycleTimes: (f: Filter) => api.get<CycleTimes>(`/api/insights/cycle-times?${filterQuery(f)}`),
  steps: (f: Filter) => api.get<Steps>(`/api/insights/steps?${filterQuery(f)}`),
  sla: (f: Filter) => api.get<SlaReport>(`/api/insights/sla?${filterQuery(f)}`),
  escalations: (f: Filter) => api.get<Escalations>(`/api/insights/escalations?${filterQuery(f)}`),
  variants: (f: Filter) => api.get<Variants>(`/api/insights/variants?${filterQuery(f)}`),
  /** Requests by channel (portal / mail) per week and the share by mail. */
  channels: (f: Filter) => api.get<Channels>(`/api/insights/channels?${filterQuery(f)}`),
  diagram: (processKey: string, version?: number) => api.get<Diagram>(`/api/insights/diagram?${filterQuery({ processKey, version })}`),
  exportUrl: (format: 'csv' | 'xes' | 'ocel', f: Filter) => `/api/insights/export/${format}?${filterQuery(f)}`,
  datasets: () => api.get<{ items: Dataset[] }>('/api/insights/datasets'),
  dataset: (id: string) => api.get<DatasetSummary>(`/api/insights/datasets/${encodeURIComponent(id)}`),
  datasetMap: (id: string) => api.get<DatasetMap>(`/api/insights/datasets/${encodeURIComponent(id)}/map`),
  deleteDataset: (id: string) => api.delete(`/api/insights/datasets/${encodeURIComponent(id)}`),
};

export interface ImportFailure {
  status: number;
  message: string;
  /** CSV: row numbers; XES: line, trace and event. */
  rows: RowProblem[];
}

/**
 * Uploads an event log with XMLHttpRequest, which (unlike fetch) reports upload progress for
 * the progress bar. Resolves with the import report; rejects with the server's row report.
 */
export function uploadDataset(body: ImportRequest, onProgress: (share: number) => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/insights/datasets');
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.setRequestHeader('X-Lotse-CSRF', '1');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'Network error', 'network'));
    xhr.onload = () => {
      let payload: Record<string, unknown> = {};
      try {
        payload = JSON.parse(xhr.responseText || '{}');
      } catch {
        // not JSON: a proxy's error page
      }
      if (xhr.status === 201) return resolve(payload as unknown as ImportReport);
      const failure: ImportFailure = { status: xhr.status, message: String(payload.error ?? xhr.statusText), rows: (payload.rows as ImportFailure['rows']) ?? [] };
      reject(failure);
    };
    xhr.send(JSON.stringify(body));
  });
}
