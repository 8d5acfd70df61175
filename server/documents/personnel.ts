/**
 * The digital personnel file (issue #20, point 1). A file belongs to one employee and is kept by
 * one department: that department's agents (members of its groups) and owners read and file, admins
 * too; the employee reads their own file and uploads the types HR allows. Everyone else — other
 * departments' agents and owners, analysts, colleagues — gets 404, as if there were no file.
 * Every listing, view and download is logged (who, when, which document).
 */
import type { Queryable } from '../db/types';
import { hasRole, isAdmin, ownedDepartments, type Principal } from '../auth/principal';
import { conflict, notFound, validationFailed, type FieldError } from '../errors';
import { openContent, removeContent, writeContent, type StoredContent } from './content';
import type { StorageKind } from './storage';

export const BUILT_IN_TYPES = {
  contract: { de: 'Arbeitsvertrag', en: 'Contract' },
  amendment: { de: 'Vertragsänderung', en: 'Amendment' },
  certificate: { de: 'Bescheinigung', en: 'Certificate' },
  sick_note: { de: 'Krankmeldung', en: 'Sick note' },
  absence: { de: 'Abwesenheit', en: 'Absence' },
  training: { de: 'Schulung', en: 'Training' },
  other: { de: 'Sonstiges', en: 'Other' },
} as const;
/** Built-in types an employee may upload to their own file (a sick note, a training certificate). */
const EMPLOYEE_UPLOAD = new Set(['sick_note', 'training']);

export interface DocumentType { key: string; label: { de: string; en: string }; employeeUpload: boolean; builtIn: boolean }

export type FileAccess = 'keeper' | 'owner' | 'self';

export interface FileRow { employee_id: string; department_id: string }

/** Keeps the department's files: its owners, members of its groups, admins. */
export function keepsFilesOf(p: Principal, departmentId: string): boolean {
  if (isAdmin(p)) return true;
  if ((ownedDepartments(p) ?? []).includes(departmentId)) return true;
  return p.groups.some((g) => g.departmentId === departmentId);
}

async function fileRow(q: Queryable, employeeId: string): Promise<FileRow | null> {
  return (await q.query<FileRow>('SELECT employee_id, department_id FROM personnel_files WHERE employee_id = $1', [employeeId])).rows[0] ?? null;
}

/** How the caller may use the file; 404 when not at all (or there is none). */
export async function fileAccess(q: Queryable, p: Principal, employeeId: string): Promise<{ file: FileRow; access: FileAccess }> {
  const file = await fileRow(q, employeeId);
  if (!file) throw notFound('Personnel file');
  if (keepsFilesOf(p, file.department_id)) return { file, access: isAdmin(p) || (ownedDepartments(p) ?? []).includes(file.department_id) ? 'owner' : 'keeper' };
  if (p.id === employeeId) return { file, access: 'self' };
  throw notFound('Personnel file');
}

export async function documentTypes(q: Queryable, departmentId: string): Promise<DocumentType[]> {
  const custom = await q.query<{ key: string; label_de: string; label_en: string; employee_upload: boolean }>(
    'SELECT key, label_de, label_en, employee_upload FROM document_types WHERE department_id = $1 ORDER BY key', [departmentId]);
  return [
    ...Object.entries(BUILT_IN_TYPES).map(([key, label]) => ({ key, label: { ...label }, employeeUpload: EMPLOYEE_UPLOAD.has(key), builtIn: true })),
    ...custom.rows.map((r) => ({ key: r.key, label: { de: r.label_de, en: r.label_en }, employeeUpload: r.employee_upload, builtIn: false })),
  ];
}

async function log(q: Queryable, p: Principal | { id: null; name: string }, employeeId: string, action: string, documentId: string | null = null, version: number | null = null) {
  await q.query('INSERT INTO document_access_log (employee_id, document_id, version, actor_id, actor_name, action) VALUES ($1, $2, $3, $4, $5, $6)',
    [employeeId, documentId, version, p.id, p.name, action]);
}

/** Opens a file for an employee, kept by a department (its owners and admins may). 409 when one exists. */
export async function openFile(q: Queryable, p: Principal, input: { employeeEmail: string; departmentId: string }) {
  if (!isAdmin(p) && !(ownedDepartments(p) ?? []).includes(input.departmentId)) throw notFound('Department');
  const user = await q.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = lower($1)', [input.employeeEmail]);
  if (!user.rows[0]) throw validationFailed([{ path: '/employeeEmail', message: 'no user with this e-mail' }]);
  const r = await q.query('INSERT INTO personnel_files (employee_id, department_id) VALUES ($1, $2) ON CONFLICT (employee_id) DO NOTHING RETURNING employee_id', [user.rows[0].id, input.departmentId]);
  if (!r.rows[0]) throw conflict('This employee already has a personnel file', 'file_exists');
  return { employeeId: user.rows[0].id as string, departmentId: input.departmentId };
}

/** The files a keeper keeps (employees with their document counts). */
export async function listFiles(q: Queryable, p: Principal) {
  const departments = isAdmin(p) ? null : [...new Set([...(ownedDepartments(p) ?? []), ...p.groups.map((g) => g.departmentId).filter((d): d is string => !!d)])];
  const r = await q.query<{ employee_id: string; name: string; email: string; department_id: string; documents: number }>(
    `SELECT f.employee_id, u.name, u.email, f.department_id, (SELECT count(*)::int FROM documents d WHERE d.employee_id = f.employee_id) AS documents
     FROM personnel_files f JOIN users u ON u.id = f.employee_id
     WHERE $1::uuid[] IS NULL OR f.department_id = ANY($1::uuid[]) ORDER BY u.name LIMIT 500`, [departments]);
  return r.rows.map((x) => ({ employeeId: x.employee_id, name: x.name, email: x.email, departmentId: x.department_id, documents: x.documents }));
}

/** One file: the employee, the documents (newest first) with their versions, the types; logged as a view. */
export async function readFile(q: Queryable, p: Principal, employeeId: string) {
  const { file, access } = await fileAccess(q, p, employeeId);
  const [employee, docs, types] = await Promise.all([
    q.query<{ name: string; email: string }>('SELECT name, email FROM users WHERE id = $1', [employeeId]),
    q.query<{ id: string; type: string; title: string; document_date: string; source: string; instance_id: string | null; current_version: number; created_at: string; versions: unknown }>(
      `SELECT d.id, d.type, d.title, to_char(d.document_date, 'YYYY-MM-DD') AS document_date, d.source, d.instance_id, d.current_version, d.created_at,
         (SELECT json_agg(json_build_object('version', v.version, 'filename', v.filename, 'contentType', v.content_type, 'size', v.size, 'createdAt', v.created_at) ORDER BY v.version DESC)
          FROM document_versions v WHERE v.document_id = d.id) AS versions
       FROM documents d WHERE d.employee_id = $1 ORDER BY d.document_date DESC, d.created_at DESC`, [employeeId]),
    documentTypes(q, file.department_id),
  ]);
  await log(q, p, employeeId, 'list');
  return {
    employee: { id: employeeId, ...employee.rows[0] },
    departmentId: file.department_id,
    access,
    documents: docs.rows.map((d) => ({ id: d.id, type: d.type, title: d.title, date: d.document_date, source: d.source, instanceId: d.instance_id, version: d.current_version, createdAt: d.created_at, versions: d.versions ?? [] })),
    types,
  };
}

export interface DocumentMeta { type: string; title: string; date: string; filename: string; documentId?: string }

const DATE = /^\d{4}-\d{2}-\d{2}$/;

async function checkMeta(q: Queryable, departmentId: string, m: DocumentMeta, access: FileAccess, more: FieldError[] = []): Promise<void> {
  const errors: FieldError[] = [];
  const type = (await documentTypes(q, departmentId)).find((t) => t.key === m.type);
  if (!type) errors.push({ path: '/type', message: 'is not a document type of this file' });
  else if (access === 'self' && !type.employeeUpload) errors.push({ path: '/type', message: 'employees may not upload this type' });
  if (!m.title?.trim() || m.title.length > 200) errors.push({ path: '/title', message: 'must be 1 to 200 characters' });
  if (!DATE.test(m.date ?? '') || Number.isNaN(Date.parse(m.date))) errors.push({ path: '/date', message: 'must be a date YYYY-MM-DD' });
  if (!m.filename?.trim() || m.filename.length > 200) errors.push({ path: '/filename', message: 'must be 1 to 200 characters' });
  errors.push(...more);
  if (errors.length) throw validationFailed(errors);
}

/**
 * Something written with a filed document in its transaction (the absence of a sick note):
 * `check` answers its field errors before anything is stored, `write` runs after the document's rows.
 */
export interface FilingExtra<R> {
  check(q: Queryable, file: FileRow, access: FileAccess): Promise<FieldError[]>;
  write(tx: Queryable, file: FileRow, documentId: string): Promise<R>;
}

/**
 * Files a document (or, with documentId, a new version of one): the content is streamed into the
 * store first, then the rows are written in one transaction; if that fails, the content goes again.
 */
export async function fileDocument<R = undefined>(db: Queryable & { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> }, p: Principal, employeeId: string, meta: DocumentMeta,
  body: AsyncIterable<Uint8Array>, contentType: string, source: 'uploaded' | 'generated' | 'request' = 'uploaded', instanceId: string | null = null, extra?: FilingExtra<R>) {
  const { file, access } = await fileAccess(db, p, employeeId);
  await checkMeta(db, file.department_id, meta, access, extra ? await extra.check(db, file, access) : []);
  if (meta.documentId && access === 'self') throw notFound('Document');
  const content = await writeContent(db, body, contentType, undefined, meta.filename);
  try {
    return await db.transaction(async (tx) => {
      const filed = await recordDocument(tx, p, file, meta, content, source, instanceId);
      return { ...filed, ...(extra ? { extra: await extra.write(tx, file, filed.id) } : {}) };
    });
  } catch (err) {
    await removeContent(db, content.contentId, content.storage).catch(() => {});
    throw err;
  }
}

export async function recordDocument(tx: Queryable, actor: Principal | { id: null; name: string }, file: FileRow, meta: DocumentMeta, content: StoredContent,
  source: 'uploaded' | 'generated' | 'request', instanceId: string | null, jobId: string | null = null) {
  let documentId = meta.documentId;
  let version = 1;
  if (documentId) {
    const d = await tx.query<{ current_version: number }>('UPDATE documents SET current_version = current_version + 1 WHERE id = $1 AND employee_id = $2 RETURNING current_version', [documentId, file.employee_id]);
    if (!d.rows[0]) throw notFound('Document');
    version = d.rows[0].current_version;
  } else {
    const d = await tx.query<{ id: string }>(
      'INSERT INTO documents (employee_id, department_id, type, title, document_date, source, instance_id, source_job_id, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id',
      [file.employee_id, file.department_id, meta.type, meta.title.trim(), meta.date, source, instanceId, jobId, actor.id]);
    documentId = d.rows[0].id;
  }
  await tx.query('INSERT INTO document_versions (document_id, version, filename, content_type, size, sha256, content_id, storage, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
    [documentId, version, meta.filename.trim(), content.contentType, content.size, content.sha256, content.contentId, content.storage, actor.id]);
  await log(tx, actor, file.employee_id, version > 1 ? 'new_version' : source === 'generated' ? 'generate' : 'upload', documentId, version);
  return { id: documentId!, version, size: content.size, sha256: content.sha256 };
}

/**
 * A document version's content for download (the current one without a version); logged. A
 * missing or truncated content is a ChecksumError before the first byte; a changed one errors the
 * stream at its end (content.ts openContent).
 */
export async function openDocument(q: Queryable, p: Principal, documentId: string, version?: number) {
  const d = await q.query<{ employee_id: string; current_version: number }>('SELECT employee_id, current_version FROM documents WHERE id = $1', [documentId]);
  if (!d.rows[0]) throw notFound('Document');
  await fileAccess(q, p, d.rows[0].employee_id).catch(() => { throw notFound('Document'); });
  const v = await q.query<{ version: number; filename: string; content_type: string; size: number; sha256: string; content_id: string; storage: StorageKind }>(
    'SELECT version, filename, content_type, size, sha256, content_id, storage FROM document_versions WHERE document_id = $1 AND version = $2', [documentId, version ?? d.rows[0].current_version]);
  const row = v.rows[0];
  if (!row) throw notFound('Document version');
  const stream = await openContent(q, { contentId: row.content_id, sha256: row.sha256, size: row.size, storage: row.storage });
  await log(q, p, d.rows[0].employee_id, 'download', documentId, row.version);
  return { filename: row.filename, contentType: row.content_type, size: row.size, sha256: row.sha256, storage: row.storage, contentId: row.content_id, stream };
}

/** The access log: the keeping department's owners and admins, and the employee for their own file. */
export async function accessLog(q: Queryable, p: Principal, employeeId: string) {
  const { access } = await fileAccess(q, p, employeeId);
  if (access === 'keeper') throw notFound('Access log');
  const r = await q.query('SELECT l.at, l.actor_name AS "actor", l.action, l.document_id AS "documentId", l.version, d.title FROM document_access_log l LEFT JOIN documents d ON d.id = l.document_id WHERE l.employee_id = $1 ORDER BY l.id DESC LIMIT 500', [employeeId]);
  return r.rows;
}

export const mayKeepAny = (p: Principal) => isAdmin(p) || hasRole(p, 'owner') || hasRole(p, 'agent');
