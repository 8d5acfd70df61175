/**
 * The connector secret store: names and encrypted values per department (its owners manage them)
 * or global (department NULL, admins manage them). No function here returns a value to a caller
 * of the API; only resolveSecrets (the engine's port, wired in server/engine-wiring.ts) decrypts,
 * for the REST connector's call.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/types';
import { conflict, forbidden, HttpError, notFound, validationFailed } from '../errors';
import { isAdmin, ownedDepartments, type Principal } from '../auth/principal';
import { MAX_SECRET_BYTES, MAX_SECRETS_PER_SCOPE } from '../../common/limits';
import { open, seal } from './crypto';

export interface SecretSummary {
  id: string;
  name: string;
  /** null: a global secret. */
  departmentId: string | null;
  departmentName: string | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: { id: string; name: string } | null;
}

const noKey = () =>
  new HttpError(503, 'secret_key_missing', 'Secrets cannot be stored: the server has no LOTSE_SECRET_KEY. An administrator sets it to 32 random bytes (README, "Connector secrets").');

const iso = (d: Date | string) => new Date(d).toISOString();

const SUMMARY = `s.id, s.name, s.department_id, d.name AS department_name, s.created_at, s.updated_at, s.updated_by, u.name AS updated_by_name
  FROM secrets s LEFT JOIN departments d ON d.id = s.department_id LEFT JOIN users u ON u.id = s.updated_by`;

function summary(r: any): SecretSummary {
  return {
    id: r.id, name: r.name, departmentId: r.department_id, departmentName: r.department_name,
    createdAt: iso(r.created_at), updatedAt: iso(r.updated_at), updatedBy: r.updated_by ? { id: r.updated_by, name: r.updated_by_name } : null,
  };
}

/** May this user manage the secrets of this scope (a department, or null: global)? */
function manages(p: Principal, departmentId: string | null): boolean {
  if (isAdmin(p)) return true;
  return departmentId !== null && (ownedDepartments(p) ?? []).includes(departmentId);
}

/** The secrets this user manages (admins: all; owners: their departments'), names and dates only. */
export async function listSecrets(db: Queryable, p: Principal): Promise<SecretSummary[]> {
  const owned = ownedDepartments(p);
  const r = await db.query(
    `SELECT ${SUMMARY} WHERE $1::uuid[] IS NULL OR s.department_id = ANY($1::uuid[]) ORDER BY d.name NULLS FIRST, s.name`,
    [owned],
  );
  return r.rows.map(summary);
}

/** A secret this user manages, locked for a change; 404 when it does not exist or is not theirs. */
async function managed(tx: Queryable, p: Principal, id: string) {
  const r = await tx.query<{ id: string; department_id: string | null }>('SELECT id, department_id FROM secrets WHERE id = $1 FOR UPDATE', [id]);
  const row = r.rows[0];
  if (!row || !manages(p, row.department_id)) throw notFound('Secret');
  return row;
}

function checkValue(value: string) {
  if (new TextEncoder().encode(value).length > MAX_SECRET_BYTES) {
    throw validationFailed([{ path: '/value', message: `the value is larger than ${MAX_SECRET_BYTES / 1024} KB` }]);
  }
}

export async function createSecret(
  db: Queryable, key: Buffer | null, p: Principal, input: { name: string; value: string; departmentId?: string | null },
): Promise<SecretSummary> {
  const departmentId = input.departmentId ?? null;
  if (!manages(p, departmentId)) throw forbidden(departmentId ? 'You are not a process owner of this department' : 'Only administrators manage global secrets');
  if (!key) throw noKey();
  checkValue(input.value);
  if (departmentId) {
    const d = await db.query('SELECT 1 FROM departments WHERE id = $1', [departmentId]);
    if (!d.rowCount) throw validationFailed([{ path: '/departmentId', message: 'no such department' }]);
  }
  const count = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM secrets WHERE department_id IS NOT DISTINCT FROM $1', [departmentId]);
  if (count.rows[0].n >= MAX_SECRETS_PER_SCOPE) throw validationFailed([{ path: '/name', message: `at most ${MAX_SECRETS_PER_SCOPE} secrets per department (and global)` }]);
  const dup = await db.query('SELECT 1 FROM secrets WHERE department_id IS NOT DISTINCT FROM $1 AND name = $2', [departmentId, input.name]);
  if (dup.rowCount) throw conflict(`A secret named ${input.name} already exists here; replace its value instead`, 'secret_exists');
  const id = randomUUID();
  const s = seal(key, input.value, id);
  await db.query(
    `INSERT INTO secrets (id, department_id, name, nonce, ciphertext, tag, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, departmentId, input.name, s.nonce, s.ciphertext, s.tag, p.id],
  );
  return summary((await db.query(`SELECT ${SUMMARY} WHERE s.id = $1`, [id])).rows[0]);
}

/** Replaces the value (the name stays; the old value is gone). */
export async function replaceSecret(db: Queryable, key: Buffer | null, p: Principal, id: string, value: string, now: Date): Promise<SecretSummary> {
  await managed(db, p, id);
  if (!key) throw noKey();
  checkValue(value);
  const s = seal(key, value, id);
  await db.query('UPDATE secrets SET nonce = $2, ciphertext = $3, tag = $4, updated_at = $5, updated_by = $6 WHERE id = $1', [id, s.nonce, s.ciphertext, s.tag, now, p.id]);
  return summary((await db.query(`SELECT ${SUMMARY} WHERE s.id = $1`, [id])).rows[0]);
}

export async function deleteSecret(db: Queryable, p: Principal, id: string): Promise<void> {
  await managed(db, p, id);
  await db.query('DELETE FROM secrets WHERE id = $1', [id]);
}

export interface ResolvedSecrets {
  values: Record<string, string>;
  /** Names that exist neither in the process's department nor globally. */
  missing: string[];
  /** Why the store could not answer (no key, a value that does not decrypt, a name the model does not carry), without any value. */
  error?: string;
}

/**
 * The values of the named secrets for a process instance: its department's secret, else the
 * global one of that name. A process reads no other department's secrets, and only secrets its
 * model names in its own text: a placeholder that arrives inside a variable (typed into a form,
 * say) is not filled in.
 */
export async function resolveSecrets(db: Queryable, key: Buffer | null, instanceId: string, names: string[]): Promise<ResolvedSecrets> {
  const wanted = [...new Set(names)];
  const def = await db.query<{ department_id: string | null; xml: string }>(
    'SELECT d.department_id, d.xml FROM process_instances i JOIN definitions d ON d.id = i.definition_id WHERE i.id = $1',
    [instanceId],
  );
  const definition = def.rows[0];
  if (!definition) return { values: {}, missing: wanted, error: 'the process instance does not exist' };
  const unnamed = wanted.filter((n) => !new RegExp(`secrets\\.${n}(?![A-Za-z0-9_])`).test(definition.xml));
  if (unnamed.length) {
    return { values: {}, missing: [], error: `secret ${unnamed.join(', ')} is not named in the process model (a placeholder inside a variable is not filled in)` };
  }
  const r = await db.query<{ name: string; id: string; department_id: string | null; nonce: Uint8Array; ciphertext: Uint8Array; tag: Uint8Array }>(
    `SELECT name, id, department_id, nonce, ciphertext, tag FROM secrets
     WHERE name = ANY($1::text[]) AND (department_id IS NULL OR department_id = $2)
     ORDER BY department_id NULLS LAST`,
    [wanted, definition.department_id],
  );
  const rows = new Map<string, (typeof r.rows)[number]>();
  for (const row of r.rows) if (!rows.has(row.name)) rows.set(row.name, row); // the department's before the global one
  const missing = wanted.filter((n) => !rows.has(n));
  if (missing.length || rows.size === 0) return { values: {}, missing };
  if (!key) return { values: {}, missing, error: 'secrets cannot be read: the server has no LOTSE_SECRET_KEY' };
  const values: Record<string, string> = {};
  for (const [name, row] of rows) {
    try {
      values[name] = open(key, row, row.id);
    } catch {
      return { values: {}, missing, error: `secret ${name} cannot be decrypted (was LOTSE_SECRET_KEY changed?)` };
    }
  }
  return { values, missing };
}
