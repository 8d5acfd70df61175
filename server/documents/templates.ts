/**
 * Document templates (issue #20, point 2): Markdown with {{placeholders}}, versioned per key, owned
 * by one department (its owners and admins manage them; a key taken by one department is never
 * overwritten from another). A new version is stored only when the content changed.
 */
import type { Queryable } from '../db/types';
import { isAdmin, ownedDepartments, type Principal } from '../auth/principal';
import { conflict, notFound, validationFailed, type FieldError } from '../errors';
import { fillTemplate, MAX_TEMPLATE_CHARS, renderPdf, TemplateError } from './render';

export interface TemplateInput { departmentId: string; title: string; documentType: string; body: string; sample?: Record<string, unknown> }

export interface StoredTemplate { key: string; version: number; departmentId: string; title: string; documentType: string; body: string; sample: Record<string, unknown>; createdAt: string }

const COLUMNS = `key, version, department_id AS "departmentId", title, document_type AS "documentType", body, sample, created_at AS "createdAt"`;
const KEY = /^[a-z][a-z0-9_-]{0,63}$/;

const manages = (p: Principal, departmentId: string) => isAdmin(p) || (ownedDepartments(p) ?? []).includes(departmentId);

export async function latestTemplate(q: Queryable, key: string): Promise<StoredTemplate | null> {
  return (await q.query<StoredTemplate>(`SELECT ${COLUMNS} FROM document_templates WHERE key = $1 ORDER BY version DESC LIMIT 1`, [key])).rows[0] ?? null;
}

export async function listTemplates(q: Queryable, p: Principal) {
  const r = await q.query<StoredTemplate>(`SELECT DISTINCT ON (key) ${COLUMNS} FROM document_templates ORDER BY key, version DESC`);
  return r.rows.filter((t) => manages(p, t.departmentId));
}

export async function readTemplate(q: Queryable, p: Principal, key: string) {
  const t = await latestTemplate(q, key);
  if (!t || !manages(p, t.departmentId)) throw notFound('Template');
  const versions = await q.query('SELECT version, created_at AS "createdAt" FROM document_templates WHERE key = $1 ORDER BY version DESC', [key]);
  return { ...t, versions: versions.rows };
}

function check(key: string, t: TemplateInput): void {
  const errors: FieldError[] = [];
  if (!KEY.test(key)) errors.push({ path: '/key', message: 'must be lower-case letters, digits, - or _ (up to 64), starting with a letter' });
  if (typeof t.title !== 'string' || !t.title.trim() || t.title.length > 200) errors.push({ path: '/title', message: 'must be 1 to 200 characters' });
  if (typeof t.documentType !== 'string' || !/^[a-z][a-z0-9_-]{0,39}$/.test(t.documentType)) errors.push({ path: '/documentType', message: 'must be a document type key' });
  if (typeof t.body !== 'string' || !t.body.trim() || t.body.length > MAX_TEMPLATE_CHARS) errors.push({ path: '/body', message: `must be 1 to ${MAX_TEMPLATE_CHARS} characters` });
  if (t.sample !== undefined && (typeof t.sample !== 'object' || t.sample === null || Array.isArray(t.sample) || JSON.stringify(t.sample).length > 50_000)) errors.push({ path: '/sample', message: 'must be an object (up to 50 kB as JSON)' });
  if (errors.length) throw validationFailed(errors);
  try {
    fillTemplate(t.body, {});
  } catch (err) {
    // Missing values are expected without data; a template that cannot be read is not.
    if (err instanceof TemplateError && !err.missing.length) throw validationFailed([{ path: '/body', message: err.message }]);
  }
}

/** Saves a template (a new version when it changed). 404 for a key or department the caller does not manage. */
export async function saveTemplate(db: Queryable & { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> }, p: Principal, key: string, t: TemplateInput) {
  check(key, t);
  if (!manages(p, t.departmentId)) throw notFound('Department');
  return db.transaction(async (tx) => {
    // Serialises saves of one key (two first versions at once would both see none).
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`document_template:${key}`]);
    const latest = await latestTemplate(tx, key);
    if (latest && latest.departmentId !== t.departmentId) {
      if (!manages(p, latest.departmentId)) throw notFound('Template');
      throw conflict('This template key belongs to another department', 'key_owned');
    }
    const sample = t.sample ?? {};
    if (latest && latest.title === t.title.trim() && latest.documentType === t.documentType && latest.body === t.body && JSON.stringify(latest.sample) === JSON.stringify(sample)) {
      return { ...latest, created: false };
    }
    const r = await tx.query<StoredTemplate>(
      `INSERT INTO document_templates (department_id, key, version, title, document_type, body, sample, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [t.departmentId, key, (latest?.version ?? 0) + 1, t.title.trim(), t.documentType, t.body, JSON.stringify(sample), p.id]);
    return { ...r.rows[0], created: true };
  });
}

/** A preview PDF of a template body with sample data; 422 naming every missing value. */
export async function previewTemplate(body: string, sample: Record<string, unknown>, title = 'Preview'): Promise<Buffer> {
  try {
    return await renderPdf(fillTemplate(body, sample), title);
  } catch (err) {
    if (err instanceof TemplateError) throw validationFailed(err.missing.length ? err.missing.map((m) => ({ path: `/sample/${m.replace(/\./g, '/')}`, message: 'is missing (the template uses it)' })) : [{ path: '/body', message: err.message }], err.message);
    throw err;
  }
}
