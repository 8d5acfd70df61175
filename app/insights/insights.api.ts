import { api, ApiError, uploadWithProgress } from '../api/client';
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

/** What the server has read of a log so far (GET …/progress). */
export interface ServerProgress {
  status: 'pending' | 'importing' | 'ready';
  /** Bytes received as sent (maybe gzip) and read (unzipped). */
  received: number;
  bytes: number;
  events: number;
  traces: number;
}

export interface ImportCallbacks {
  /** The share of the file sent (0–1). */
  onUpload(share: number): void;
  /** What the server has parsed and stored so far, asked every `pollMs`. */
  onServer(p: ServerProgress): void;
  signal: AbortSignal;
  pollMs?: number;
}

type LogMeta = Omit<ImportRequest, 'content'>;

const failureOf = (e: unknown): ImportFailure =>
  e instanceof ApiError ? { status: e.status, message: e.message, rows: (e.details.rows as RowProblem[] | undefined) ?? [] } : { status: 0, message: String(e), rows: [] };

/**
 * Imports an event log of any size: creates the dataset, streams the file (as chosen: a .gz is
 * sent gzipped, the server unzips it) with upload progress, and asks the server what it has read
 * meanwhile. Aborting the signal stops the upload and deletes the dataset, so nothing half is
 * left. Rejects with an ImportFailure (the server's row report), or an AbortError when cancelled.
 */
export async function importLog(meta: LogMeta, file: Blob, cb: ImportCallbacks): Promise<ImportReport> {
  let id: string;
  try {
    id = (await api.post<{ id: string }>('/api/insights/datasets', meta)).id;
  } catch (e) {
    throw failureOf(e);
  }
  const path = `/api/insights/datasets/${encodeURIComponent(id)}`;
  let polling = true;
  const poll = (async () => {
    while (polling) {
      await new Promise((r) => setTimeout(r, cb.pollMs ?? 700));
      if (!polling) break;
      const p = await api.get<ServerProgress>(`${path}/progress`).catch(() => null);
      if (p && polling) cb.onServer(p);
    }
  })();
  try {
    return await uploadWithProgress<ImportReport>(`${path}/content`, file, {
      method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, signal: cb.signal,
      onProgress: (loaded, total) => cb.onUpload(loaded / total),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') {
      // The server drops an aborted upload by itself; the delete also covers one that finished meanwhile.
      await api.delete(path).catch(() => {});
      throw e;
    }
    throw failureOf(e);
  } finally {
    polling = false;
    await poll;
  }
}
