/**
 * A Camunda project uploaded as one deployment (a folder, or several files, chosen or dropped):
 * which files go, the budgets checked before sending, the multipart upload with progress, and the
 * server's answer sorted per file. The server checks everything again (POST /api/deployments).
 */
import { uploadWithProgress, type ApiError, type FieldError } from '../api/client';
import { MAX_DEPLOYMENT_BYTES, MAX_DEPLOYMENT_FILES } from '../../common/limits';

export const PROJECT_EXTENSIONS = ['.bpmn', '.dmn', '.form'];

export interface ProjectFile {
  /** The path inside the chosen folder (or the file name), as the server names it in its answer. */
  name: string;
  file: File;
}

/** One file's outcome: what it deployed (e.g. "test-form-retrieval v1") or its errors. */
export interface FileResult {
  name: string;
  state: 'deployed' | 'unchanged' | 'failed' | 'not-sent';
  items: { key: string; version: number; created: boolean }[];
  errors: { elementId?: string; message: string }[];
}

interface DeployAnswer {
  processes: { key: string; version: number; created: boolean; resource?: string }[];
  decisions: { key: string; version: number; resource?: string }[];
  forms: { key: string; version: number; created: boolean; resource?: string }[];
  warnings: { elementId?: string; message: string; resource?: string }[];
}

const known = (name: string) => PROJECT_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext));

/** The project files among the chosen ones (a folder brings everything; other files stay out). */
export function projectFiles(files: Iterable<File>): { files: ProjectFile[]; skipped: string[] } {
  const out: ProjectFile[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const name = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
    if (known(file.name)) out.push({ name, file });
    else skipped.push(name);
  }
  return { files: out.sort((a, b) => a.name.localeCompare(b.name)), skipped };
}

/** The budget a selection breaks, or null (the same limits as the server's). */
export function budgetProblem(files: ProjectFile[]): { kind: 'count' | 'size'; limit: number } | null {
  if (files.length > MAX_DEPLOYMENT_FILES) return { kind: 'count', limit: MAX_DEPLOYMENT_FILES };
  if (files.reduce((n, f) => n + f.file.size, 0) > MAX_DEPLOYMENT_BYTES) return { kind: 'size', limit: MAX_DEPLOYMENT_BYTES / 1024 / 1024 };
  return null;
}

/** Sends the files as one multipart deployment; `onProgress` gets the uploaded share (0–1). */
export function uploadProject(files: ProjectFile[], comment: string, onProgress: (share: number) => void): Promise<DeployAnswer> {
  const body = new FormData();
  for (const f of files) body.append('resources', f.file, f.name);
  if (comment.trim()) body.append('comment', comment.trim());
  return uploadWithProgress<DeployAnswer>('/api/deployments', body, { onProgress: (loaded, total) => onProgress(loaded / total) }).finally(() => onProgress(1));
}

/** The answer (or the 422's errors) per file; errors without a file go to `general`. */
export function resultsPerFile(files: ProjectFile[], answer: DeployAnswer | null, failure: ApiError | null): { files: FileResult[]; general: string[] } {
  const byName = new Map(files.map((f) => [f.name, { name: f.name, state: 'deployed', items: [], errors: [] } as FileResult]));
  const general: string[] = [];
  if (answer) {
    for (const item of [...answer.processes, ...answer.decisions.map((d) => ({ ...d, created: true })), ...answer.forms]) {
      const r = item.resource ? byName.get(item.resource) : undefined;
      r?.items.push({ key: item.key, version: item.version, created: item.created });
    }
    for (const r of byName.values()) if (r.items.length && r.items.every((i) => !i.created)) r.state = 'unchanged';
  } else if (failure) {
    for (const e of failure.errors as (FieldError & { resource?: string; elementId?: string })[]) {
      const r = e.resource ? byName.get(e.resource) : undefined;
      if (r) r.errors.push({ elementId: e.elementId, message: e.message });
      else general.push(e.message);
    }
    for (const r of byName.values()) r.state = r.errors.length ? 'failed' : 'not-sent';
    if (!failure.errors.length) general.push(failure.message);
  }
  return { files: [...byName.values()], general };
}

/** The files of a drop, folders walked (a dropped folder keeps its inner paths as names). */
export async function droppedFiles(data: DataTransfer): Promise<File[]> {
  const entries = [...data.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return [...data.files];
  const out: File[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      const path = entry.fullPath.replace(/^\//, '');
      out.push(path === file.name ? file : Object.defineProperty(file, 'webkitRelativePath', { value: path }));
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries answers in batches until an empty one.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) break;
      for (const e of batch) await walk(e);
      if (out.length > MAX_DEPLOYMENT_FILES * 4) break;
    }
  };
  for (const e of entries) await walk(e);
  return out;
}
