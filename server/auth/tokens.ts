import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/types';
import { notFound, validationFailed } from '../errors';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * What an API token may do: fetch and finish jobs of these types, publish these message and signal
 * names, and (with a department) reach only that department's processes with them.
 */
export interface ApiTokenScope {
  id: string;
  jobTypes: string[];
  messageNames: string[];
  signalNames: string[];
  /** null: messages and signals reach the processes of every department. */
  departmentId: string | null;
}

export interface ApiTokenInput {
  name: string;
  jobTypes?: string[];
  messageNames?: string[];
  signalNames?: string[];
  departmentId?: string | null;
}

/** Creates an API token; the plain token is returned once, only its hash is stored. 422 for a token that could do nothing. */
export async function createApiToken(db: Queryable, input: ApiTokenInput, createdBy: string) {
  const jobTypes = input.jobTypes ?? [];
  const messageNames = input.messageNames ?? [];
  const signalNames = input.signalNames ?? [];
  const departmentId = input.departmentId ?? null;
  if (!jobTypes.length && !messageNames.length && !signalNames.length) {
    throw validationFailed([{ path: '/jobTypes', message: 'give at least one job type, message name or signal name' }]);
  }
  if (departmentId && !(await db.query('SELECT 1 FROM departments WHERE id = $1', [departmentId])).rowCount) {
    throw validationFailed([{ path: '/departmentId', message: 'unknown department' }]);
  }
  const token = `lotse_${randomBytes(24).toString('base64url')}`;
  const r = await db.query<{ id: string; created_at: Date }>(
    `INSERT INTO api_tokens (name, token_hash, job_types, message_names, signal_names, department_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at`,
    [input.name, hash(token), jobTypes, messageNames, signalNames, departmentId, createdBy],
  );
  return { id: r.rows[0].id, name: input.name, jobTypes, messageNames, signalNames, departmentId, createdAt: r.rows[0].created_at, token };
}

export async function listApiTokens(db: Queryable) {
  const r = await db.query<any>('SELECT id, name, job_types, message_names, signal_names, department_id, created_at, revoked_at FROM api_tokens ORDER BY created_at DESC');
  return r.rows.map((t) => ({
    id: t.id, name: t.name, jobTypes: t.job_types, messageNames: t.message_names, signalNames: t.signal_names, departmentId: t.department_id,
    createdAt: t.created_at, revokedAt: t.revoked_at,
  }));
}

export async function revokeApiToken(db: Queryable, id: string, now: Date) {
  const r = await db.query('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1', [id, now]);
  if (!r.rowCount) throw notFound('API token');
}

export async function resolveApiToken(db: Queryable, token: string): Promise<ApiTokenScope | null> {
  if (!token.startsWith('lotse_') || token.length > 100) return null;
  const r = await db.query<{ id: string; job_types: string[]; message_names: string[]; signal_names: string[]; department_id: string | null }>(
    'SELECT id, job_types, message_names, signal_names, department_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
    [hash(token)],
  );
  const t = r.rows[0];
  return t ? { id: t.id, jobTypes: t.job_types, messageNames: t.message_names, signalNames: t.signal_names, departmentId: t.department_id } : null;
}
