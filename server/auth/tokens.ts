import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db';
import { notFound } from '../errors';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates an API token for external job workers; the plain token is returned once, only its hash is stored. */
export async function createApiToken(db: Queryable, input: { name: string; jobTypes: string[] }, createdBy: string) {
  const token = `lotse_${randomBytes(24).toString('base64url')}`;
  const r = await db.query<{ id: string; created_at: Date }>(
    'INSERT INTO api_tokens (name, token_hash, job_types, created_by) VALUES ($1, $2, $3, $4) RETURNING id, created_at',
    [input.name, hash(token), input.jobTypes, createdBy],
  );
  return { id: r.rows[0].id, name: input.name, jobTypes: input.jobTypes, createdAt: r.rows[0].created_at, token };
}

export async function listApiTokens(db: Queryable) {
  const r = await db.query<any>('SELECT id, name, job_types, created_at, revoked_at FROM api_tokens ORDER BY created_at DESC');
  return r.rows.map((t) => ({ id: t.id, name: t.name, jobTypes: t.job_types, createdAt: t.created_at, revokedAt: t.revoked_at }));
}

export async function revokeApiToken(db: Queryable, id: string, now: Date) {
  const r = await db.query('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1', [id, now]);
  if (!r.rowCount) throw notFound('API token');
}

export async function resolveApiToken(db: Queryable, token: string): Promise<{ id: string; jobTypes: string[] } | null> {
  if (!token.startsWith('lotse_') || token.length > 100) return null;
  const r = await db.query<{ id: string; job_types: string[] }>('SELECT id, job_types FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL', [hash(token)]);
  return r.rows[0] ? { id: r.rows[0].id, jobTypes: r.rows[0].job_types } : null;
}
