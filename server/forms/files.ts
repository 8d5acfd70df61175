/**
 * Attachments: stored whole in the database (one INSERT, so never half), with SHA-256, a size limit
 * and a content-type allow list checked against the file's first bytes. Download rule (docs/forms.md):
 * the uploader, admins, the starter of the linked instance, members of groups of its department and
 * the process owners of its department.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/types';
import { HttpError, notFound, validationFailed, type FieldError } from '../errors';
import { isAdmin, ownedDepartments, type Principal } from '../auth/principal';
import { compiledForm } from './bind';
import { scanFile } from './file-scan';
import type { UiField } from '../../common/forms/types';

/** server/app.ts allows a larger body on POST /api/files; this leaves room for the multipart framing. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const startsWith = (bytes: Uint8Array, sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const isText = (bytes: Uint8Array) => !bytes.subarray(0, 8192).includes(0);

/** Allowed content types, each with a check of the first bytes (a renamed .exe is not a PDF). */
export const ALLOWED_TYPES: Record<string, (bytes: Uint8Array) => boolean> = {
  'application/pdf': (b) => startsWith(b, ascii('%PDF-')),
  'image/png': (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47]),
  'image/jpeg': (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  'image/gif': (b) => startsWith(b, ascii('GIF8')),
  'image/webp': (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8),
  'text/plain': isText,
  'text/csv': isText,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (b) => startsWith(b, ZIP),
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': (b) => startsWith(b, ZIP),
  'application/vnd.oasis.opendocument.text': (b) => startsWith(b, ZIP),
  'application/vnd.oasis.opendocument.spreadsheet': (b) => startsWith(b, ZIP),
};

export interface StoredFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

const COLUMNS = `id, filename, content_type AS "contentType", size, sha256, created_at AS "createdAt"`;

function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (base || 'file').slice(0, 200);
}

const ZIP_TYPES: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

/** The allowed type the first bytes show (a ZIP container and text by the file name's ending), or null. */
export function sniffType(bytes: Uint8Array, name: string): string | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  for (const t of ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']) if (ALLOWED_TYPES[t](bytes)) return t;
  if (startsWith(bytes, ZIP)) return ZIP_TYPES[ext] ?? null;
  if (bytes.byteLength > 0 && isText(bytes)) return ext === 'csv' ? 'text/csv' : 'text/plain';
  return null;
}

/** Checks and stores one upload; 413 when too large, 422 (path /file) for a refused type. */
export async function storeFile(q: Queryable, file: { name: string; type: string; bytes: Uint8Array }, uploader: Principal): Promise<StoredFile> {
  if (file.bytes.byteLength > MAX_FILE_BYTES) {
    throw new HttpError(413, 'too_large', `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, [{ path: '/file', message: `is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` }]);
  }
  const declared = file.type.split(';')[0].trim().toLowerCase();
  // A browser that does not know the kind (drag and drop of a .docx, say) sends none: then the content decides.
  const type = !declared || declared === 'application/octet-stream' ? sniffType(file.bytes, file.name) ?? (declared || 'unknown') : declared;
  const sniff = ALLOWED_TYPES[type];
  if (!sniff) throw validationFailed([{ path: '/file', message: `files of type "${type || 'unknown'}" are not allowed` }], 'This kind of file is not allowed');
  if (!sniff(file.bytes)) throw validationFailed([{ path: '/file', message: `the content is not ${type}` }], 'This kind of file is not allowed');
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const verdict = await scanFile({ name: file.name, contentType: type, bytes: file.bytes, sha256 });
  if (!verdict.ok) throw validationFailed([{ path: '/file', message: `refused by the virus scan: ${verdict.reason}` }], 'The file was refused by the virus scan');
  const r = await q.query<StoredFile>(
    `INSERT INTO files (filename, content_type, size, sha256, content, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [safeName(file.name), type, file.bytes.byteLength, sha256, file.bytes, uploader.id],
  );
  return { ...r.rows[0], createdAt: new Date(r.rows[0].createdAt).toISOString() };
}

/** A file with its content, if this user may see it; otherwise 404 (its existence is not revealed). */
export async function readFileFor(q: Queryable, id: string, p: Principal): Promise<StoredFile & { content: Uint8Array }> {
  const r = await q.query<StoredFile & { content: Uint8Array; uploadedBy: string | null; startedBy: string | null; departmentId: string | null; initiator: string | null; internal: boolean }>(
    `SELECT f.id, f.filename, f.content_type AS "contentType", f.size, f.sha256, f.created_at AS "createdAt", f.content,
            f.uploaded_by AS "uploadedBy", i.started_by AS "startedBy", i.department_id AS "departmentId",
            lower(i.variables ->> 'initiator') AS initiator, coalesce(c.internal, false) AS internal
     FROM files f LEFT JOIN process_instances i ON i.id = f.instance_id LEFT JOIN comments c ON c.id = f.comment_id WHERE f.id = $1`,
    [id],
  );
  const f = r.rows[0];
  // The request's department: members of its groups and its process owners.
  const departments = [...p.groups.map((g) => g.departmentId).filter(Boolean), ...(ownedDepartments(p) ?? [])];
  const allowed = f && (isAdmin(p) || f.uploadedBy === p.id || f.startedBy === p.id || (f.departmentId !== null && departments.includes(f.departmentId)));
  // A file of an internal note never reaches the requester (unless they uploaded it themselves).
  const requester = !!f && (f.startedBy === p.id || (!!f.initiator && f.initiator === p.email.toLowerCase()));
  if (!allowed || (f.internal && requester && f.uploadedBy !== p.id)) throw notFound('File');
  const { uploadedBy: _u, startedBy: _s, departmentId: _d, initiator: _i, internal: _n, ...file } = f;
  return { ...file, content: new Uint8Array(f.content), createdAt: new Date(f.createdAt).toISOString() };
}

function fileIds(fields: UiField[], data: Record<string, unknown>, pointer: string, out: { path: string; id: string }[]) {
  for (const field of fields) {
    const value = data[field.key];
    if (field.kind === 'file' && typeof value === 'string') out.push({ path: `${pointer}/${field.key}`, id: value });
    if (field.kind === 'group' && Array.isArray(value)) {
      value.forEach((item, i) => item && typeof item === 'object' && fileIds(field.fields ?? [], item as Record<string, unknown>, `${pointer}/${field.key}/${i}`, out));
    }
  }
  return out;
}

/**
 * Links the files of a validated submission to its instance (call inside the start/complete
 * transaction). Only the submitter's own uploads, not yet linked elsewhere, can be linked; the
 * others come back as field errors.
 */
export async function linkFormFiles(
  q: Queryable,
  binding: { formKey: string; version: number },
  data: Record<string, unknown>,
  instanceId: string,
  userId: string,
): Promise<FieldError[]> {
  const form = await compiledForm(q, binding.formKey, binding.version);
  const refs = fileIds(form.definition.ui.fields, data, '', []);
  if (!refs.length) return [];
  const linked = await q.query<{ id: string }>(
    `UPDATE files SET instance_id = $1 WHERE id = ANY($2::uuid[]) AND uploaded_by = $3 AND (instance_id IS NULL OR instance_id = $1) RETURNING id`,
    [instanceId, refs.map((r) => r.id), userId],
  );
  const ok = new Set(linked.rows.map((r) => r.id));
  return refs.filter((r) => !ok.has(r.id)).map((r) => ({ path: r.path, message: 'unknown file (upload it again)' }));
}
