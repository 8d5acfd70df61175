/** Form definitions in the database: create, new versions, reads. Checks run before anything is written. */
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db/types';
import { HttpError, notFound, validationFailed } from '../errors';
import { isAdmin, ownedDepartments, type Principal } from '../auth/principal';
import { assertKeyWritable, claimKey } from '../accounts/key-owners';
import { checkDefinition } from '../../common/forms/definition';
import type { FormDefinition, LocalText } from '../../common/forms/types';

export interface StoredForm {
  id: string;
  key: string;
  version: number;
  departmentId: string | null;
  title: LocalText;
  definition: FormDefinition;
  createdAt: string;
}

export interface FormInput {
  key: string;
  departmentId: string | null;
  title: LocalText;
  definition: FormDefinition;
}

const COLUMNS = `id, key, version, department_id AS "departmentId", title, definition, created_at AS "createdAt"`;

/** Key order does not change a definition: hash a canonical serialisation. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
export const definitionHash = (def: unknown, title: unknown) => createHash('sha256').update(canonical({ def, title })).digest('hex');

const notOwner = () => new HttpError(403, 'forbidden', 'You are not a process owner of the department of this form');

/** Owners manage the forms of their departments; shared forms (no department) are for admins. */
export function assertMayManage(principal: Principal, departmentId: string | null) {
  const owned = ownedDepartments(principal);
  if (owned === null) return;
  if (!departmentId || !owned.includes(departmentId)) throw notOwner();
}

function assertDefinition(definition: unknown) {
  const errors = checkDefinition(definition);
  if (errors.length) throw validationFailed(errors.map((e) => ({ ...e, path: `/definition${e.path === '/' ? '' : e.path}` })), 'The form definition is not valid');
}

function toForm(row: StoredForm & { createdAt: string | Date }): StoredForm {
  return { ...row, createdAt: new Date(row.createdAt).toISOString() };
}

/** Creates version 1 of a new form key. */
export async function createForm(db: Db, input: FormInput, principal: Principal): Promise<StoredForm> {
  if (input.departmentId) {
    const dep = await db.query('SELECT 1 FROM departments WHERE id = $1', [input.departmentId]);
    if (!dep.rowCount) throw validationFailed([{ path: '/departmentId', message: 'unknown department' }]);
  } else if (!isAdmin(principal)) {
    throw validationFailed([{ path: '/departmentId', message: 'choose the department of the form' }]);
  }
  assertMayManage(principal, input.departmentId);
  assertDefinition(input.definition);
  return db.transaction(async (tx) => {
    // Another department's key: 403 key_owned naming the owner; the own department's: 422 below.
    await claimKey(tx, principal, 'form', input.key, input.departmentId, new Date());
    const taken = await tx.query('SELECT 1 FROM forms WHERE key = $1 LIMIT 1', [input.key]);
    if (taken.rowCount) throw validationFailed([{ path: '/key', message: `key "${input.key}" is already used` }]);
    const r = await tx.query<StoredForm>(
      `INSERT INTO forms (key, version, department_id, title, definition, definition_hash, created_by)
       VALUES ($1, 1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [input.key, input.departmentId, JSON.stringify(input.title), JSON.stringify(input.definition), definitionHash(input.definition, input.title), principal.id],
    );
    return toForm(r.rows[0]);
  });
}

/**
 * Stores a new version, or returns the latest one unchanged when definition and title are the same.
 * Only owners of the form key's department (and admins) may; the version keeps that department.
 */
export async function updateForm(db: Db, key: string, input: Pick<FormInput, 'title' | 'definition'>, principal: Principal): Promise<StoredForm & { created: boolean }> {
  const latest = await getForm(db, key);
  const owner = await assertKeyWritable(db, principal, 'form', key);
  const departmentId = owner ? owner.departmentId : latest.departmentId;
  assertMayManage(principal, departmentId);
  assertDefinition(input.definition);
  const hash = definitionHash(input.definition, input.title);
  return db.transaction(async (tx) => {
    if (owner) await assertKeyWritable(tx, principal, 'form', key, departmentId, true);
    const head = await tx.query<{ version: number; definition_hash: string }>(
      'SELECT version, definition_hash FROM forms WHERE key = $1 ORDER BY version DESC LIMIT 1 FOR UPDATE',
      [key],
    );
    if (head.rows[0].definition_hash === hash) return { ...(await getForm(tx, key, head.rows[0].version)), created: false };
    const r = await tx.query<StoredForm>(
      `INSERT INTO forms (key, version, department_id, title, definition, definition_hash, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [key, head.rows[0].version + 1, departmentId, JSON.stringify(input.title), JSON.stringify(input.definition), hash, principal.id],
    );
    return { ...toForm(r.rows[0]), created: true };
  });
}

/** The latest version of a form, or the given one; 404 when there is none. */
export async function getForm(q: Queryable, key: string, version?: number): Promise<StoredForm> {
  const r = version === undefined
    ? await q.query<StoredForm>(`SELECT ${COLUMNS} FROM forms WHERE key = $1 ORDER BY version DESC LIMIT 1`, [key])
    : await q.query<StoredForm>(`SELECT ${COLUMNS} FROM forms WHERE key = $1 AND version = $2`, [key, version]);
  if (!r.rows[0]) throw notFound('Form');
  return toForm(r.rows[0]);
}

export interface FormSummary {
  key: string;
  version: number;
  departmentId: string | null;
  title: LocalText;
  fieldCount: number;
  createdAt: string;
}

/** Latest version of each form, limited to the given departments (null: all). */
export async function listForms(q: Queryable, departmentIds: string[] | null): Promise<FormSummary[]> {
  const r = await q.query<FormSummary & { createdAt: Date | string }>(
    `SELECT DISTINCT ON (key) key, version, department_id AS "departmentId", title,
            jsonb_array_length(definition->'ui'->'fields') AS "fieldCount", created_at AS "createdAt"
     FROM forms WHERE ($1::uuid[] IS NULL OR department_id = ANY($1::uuid[]))
     ORDER BY key, version DESC`,
    [departmentIds],
  );
  return r.rows.map((f) => ({ ...f, createdAt: new Date(f.createdAt).toISOString() }));
}

/** Every version of a form, newest first. */
export async function listVersions(q: Queryable, key: string) {
  const r = await q.query<{ id: string; version: number; createdAt: Date | string; createdBy: string | null }>(
    `SELECT f.id, f.version, f.created_at AS "createdAt", u.name AS "createdBy"
     FROM forms f LEFT JOIN users u ON u.id = f.created_by WHERE f.key = $1 ORDER BY f.version DESC`,
    [key],
  );
  if (!r.rows.length) throw notFound('Form');
  return r.rows.map((v) => ({ ...v, createdAt: new Date(v.createdAt).toISOString() }));
}

/** The definitions of several form versions in one query (in the order asked; missing ones left out). */
export async function getFormDefinitions(q: Queryable, refs: { formKey: string; version: number }[]): Promise<FormDefinition[]> {
  if (refs.length === 0) return [];
  const r = await q.query<{ key: string; version: number; definition: FormDefinition }>(
    'SELECT key, version, definition FROM forms WHERE (key, version) IN (SELECT * FROM unnest($1::text[], $2::int[]))',
    [refs.map((x) => x.formKey), refs.map((x) => x.version)],
  );
  const byRef = new Map(r.rows.map((row) => [`${row.key}@${row.version}`, row.definition]));
  return refs.map((x) => byRef.get(`${x.formKey}@${x.version}`)).filter((d): d is FormDefinition => !!d);
}
