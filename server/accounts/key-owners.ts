/**
 * Ownership of keys: a process key (with its draft), a DMN decision key and a form key belong to the
 * department of their first deployment or creation (table key_owners). Anything written under an
 * owned key must be for the owning department; only an admin moves a key, with transferKey, which
 * writes the audit log key_transfers.
 */
import type { Db, Queryable } from '../db/types';
import { HttpError, notFound, validationFailed } from '../errors';
import { isAdmin, ownedDepartments, type Principal } from '../auth/principal';

export type KeyKind = 'process' | 'decision' | 'form';
export const KEY_KINDS: readonly KeyKind[] = ['process', 'decision', 'form'];

export interface KeyOwner {
  departmentId: string | null;
}

export const TRANSFER_ROUTE = 'POST /api/admin/key-ownership/transfer';

/** The owner of a key, or null for a key nobody has used yet; `lock` takes a row lock (inside a transaction). */
export async function keyOwner(q: Queryable, kind: KeyKind, key: string, lock = false): Promise<KeyOwner | null> {
  const r = await q.query<{ department_id: string | null }>(
    `SELECT department_id FROM key_owners WHERE kind = $1 AND key = $2${lock ? ' FOR UPDATE' : ''}`,
    [kind, key],
  );
  return r.rows[0] ? { departmentId: r.rows[0].department_id } : null;
}

/** Whether the principal may write under a key of this department: its owners, and admins. */
export function mayActFor(p: Principal, departmentId: string | null): boolean {
  if (isAdmin(p)) return true;
  return departmentId !== null && (ownedDepartments(p) ?? []).includes(departmentId);
}

/** 403 `key_owned` naming the key and its owning department. */
export async function keyOwnedError(q: Queryable, kind: KeyKind, key: string, departmentId: string | null): Promise<HttpError> {
  const d = departmentId
    ? (await q.query<{ id: string; key: string; name: string }>('SELECT id, key, name FROM departments WHERE id = $1', [departmentId])).rows[0] ?? null
    : null;
  const owner = d ? `department "${d.name}" (${d.key})` : 'no department (admins only)';
  const err = new HttpError(
    403,
    'key_owned',
    `The ${kind} key "${key}" belongs to ${owner}; only an admin can move it to another department (${TRANSFER_ROUTE})`,
  );
  err.details = { kind, key, departmentId, department: d };
  return err;
}

/**
 * Checks a write under a key: refused when the key belongs to another department than `departmentId`
 * (when given) or when the principal is not an owner of the owning department. Returns the owner.
 */
export async function assertKeyWritable(
  q: Queryable, p: Principal, kind: KeyKind, key: string, departmentId?: string | null, lock = false,
): Promise<KeyOwner | null> {
  const owner = await keyOwner(q, kind, key, lock);
  if (!owner) return null;
  if ((departmentId !== undefined && departmentId !== owner.departmentId) || !mayActFor(p, owner.departmentId)) {
    throw await keyOwnedError(q, kind, key, owner.departmentId);
  }
  return owner;
}

/**
 * Claims a key for a department inside the writing transaction: the first writer owns it. A key
 * owned by another department throws 403 `key_owned`, which rolls the whole transaction back.
 */
export async function claimKey(tx: Queryable, p: Principal, kind: KeyKind, key: string, departmentId: string | null, now: Date): Promise<void> {
  await tx.query(
    'INSERT INTO key_owners (kind, key, department_id, created_at, created_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kind, key) DO NOTHING',
    [kind, key, departmentId, now, p.id],
  );
  await assertKeyWritable(tx, p, kind, key, departmentId, true);
}

export interface OwnedKey {
  kind: KeyKind;
  key: string;
  departmentId: string | null;
  department: { key: string; name: string } | null;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
}

/** Every owned key (admins' list), optionally of one kind. */
export async function listKeyOwners(q: Queryable, kind?: KeyKind, key?: string): Promise<OwnedKey[]> {
  const r = await q.query<any>(
    `SELECT o.kind, o.key, o.department_id, o.created_at, o.created_by, u.name AS created_by_name, d.key AS department_key, d.name AS department_name
     FROM key_owners o LEFT JOIN departments d ON d.id = o.department_id LEFT JOIN users u ON u.id = o.created_by
     WHERE ($1::text IS NULL OR o.kind = $1) AND ($2::text IS NULL OR o.key = $2) ORDER BY o.kind, o.key`,
    [kind ?? null, key ?? null],
  );
  return r.rows.map((row) => ({
    kind: row.kind,
    key: row.key,
    departmentId: row.department_id,
    department: row.department_id ? { key: row.department_key, name: row.department_name } : null,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by ? { id: row.created_by, name: row.created_by_name } : null,
  }));
}

export interface KeyTransfer {
  id: string;
  kind: KeyKind;
  key: string;
  fromDepartmentId: string | null;
  toDepartmentId: string | null;
  transferredBy: { id: string | null; name: string | null };
  transferredAt: string;
  reason: string | null;
}

const transferView = (row: any): KeyTransfer => ({
  id: row.id,
  kind: row.kind,
  key: row.key,
  fromDepartmentId: row.from_department_id,
  toDepartmentId: row.to_department_id,
  transferredBy: { id: row.transferred_by, name: row.transferred_by_name },
  transferredAt: new Date(row.transferred_at).toISOString(),
  reason: row.reason,
});

/** The transfer log, newest first (at most 500 entries), optionally for one key. */
export async function listKeyTransfers(q: Queryable, filter: { kind?: KeyKind; key?: string } = {}): Promise<KeyTransfer[]> {
  const r = await q.query<any>(
    `SELECT * FROM key_transfers WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR key = $2)
     ORDER BY transferred_at DESC, id LIMIT 500`,
    [filter.kind ?? null, filter.key ?? null],
  );
  return r.rows.map(transferView);
}

export interface TransferInput {
  kind: KeyKind;
  key: string;
  departmentId: string;
  reason?: string;
}

/**
 * Moves a key to another department (admins only; the route checks the role): the owner record, and
 * with it every stored version (process definitions and the draft, decision versions, form
 * versions), so the new department manages them and new requests land in its queues. Running
 * requests keep the department they were started in. Logged in key_transfers.
 */
export async function transferKey(
  db: Db, p: Principal, input: TransferInput, now: Date,
): Promise<{ owner: OwnedKey; transfer: KeyTransfer; related: { kind: KeyKind; key: string; departmentId: string | null }[] }> {
  return db.transaction(async (tx) => {
    const dep = await tx.query('SELECT 1 FROM departments WHERE id = $1', [input.departmentId]);
    if (!dep.rowCount) throw validationFailed([{ path: '/departmentId', message: 'unknown department' }]);
    const owner = await keyOwner(tx, input.kind, input.key, true);
    if (!owner) throw notFound(`${input.kind[0].toUpperCase()}${input.kind.slice(1)} key`);
    if (owner.departmentId === input.departmentId) throw validationFailed([{ path: '/departmentId', message: 'the key already belongs to this department' }]);
    await tx.query('UPDATE key_owners SET department_id = $3 WHERE kind = $1 AND key = $2', [input.kind, input.key, input.departmentId]);
    if (input.kind === 'process') {
      await tx.query('UPDATE definitions SET department_id = $2 WHERE key = $1', [input.key, input.departmentId]);
      await tx.query('UPDATE process_drafts SET department_id = $2 WHERE key = $1', [input.key, input.departmentId]);
    } else if (input.kind === 'decision') {
      await tx.query('UPDATE decisions SET department_id = $2 WHERE key = $1', [input.key, input.departmentId]);
    } else {
      await tx.query('UPDATE forms SET department_id = $2 WHERE key = $1', [input.key, input.departmentId]);
    }
    const t = await tx.query<any>(
      `INSERT INTO key_transfers (kind, key, from_department_id, to_department_id, transferred_by, transferred_by_name, transferred_at, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [input.kind, input.key, owner.departmentId, input.departmentId, p.id, p.name, now, input.reason ?? null],
    );
    const moved = (await listKeyOwners(tx, input.kind, input.key))[0];
    const related = input.kind === 'process' ? await relatedKeys(tx, input.key, input.departmentId) : [];
    return { owner: moved, transfer: transferView(t.rows[0]), related };
  });
}

/**
 * The forms and decisions the newest version of a process uses that belong to another department
 * than `departmentId`: after moving the process, the admin usually moves these too (each its own
 * logged transfer); until then, the new department cannot deploy a version bound to them.
 */
export async function relatedKeys(q: Queryable, processKey: string, departmentId: string) {
  const r = await q.query<{ kind: KeyKind; key: string; department_id: string | null }>(
    `WITH latest AS (SELECT model, form_bindings FROM definitions WHERE key = $1 ORDER BY version DESC LIMIT 1),
     used AS (
       SELECT 'form' AS kind, b.value->>'formKey' AS key FROM latest, jsonb_each(coalesce(latest.form_bindings, '{}'::jsonb)) b
       UNION
       SELECT 'decision', e.value->'calledDecision'->>'decisionId' FROM latest,
         jsonb_each(CASE WHEN jsonb_typeof(latest.model->'elements') = 'object' THEN latest.model->'elements' ELSE '{}'::jsonb END) e
       WHERE e.value->'calledDecision'->>'decisionId' IS NOT NULL)
     SELECT o.kind, o.key, o.department_id FROM used JOIN key_owners o ON o.kind = used.kind AND o.key = used.key
     WHERE o.department_id IS DISTINCT FROM $2 ORDER BY o.kind, o.key`,
    [processKey, departmentId],
  );
  return r.rows.map((row) => ({ kind: row.kind, key: row.key, departmentId: row.department_id }));
}
