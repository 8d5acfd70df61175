/**
 * The deletion log (issue #20, point 4): what retention and erasures deleted or anonymised, when —
 * never the content. Each entry's hash covers the previous entry's hash, its time and its content
 * (SHA-256 over canonical JSON), so a removed or altered entry breaks the chain.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/types';
import { isAdmin, ownedDepartments, type Principal } from '../auth/principal';

const GENESIS = '0'.repeat(64);

/** JSON with keys sorted at every level: the stored jsonb gives keys back in its own order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
const chainHash = (prev: string, at: string, entry: unknown) => createHash('sha256').update(`${prev}\n${at}\n${canonical(entry)}`).digest('hex');

/**
 * Appends entries to the hash-chained deletion log. The caller holds the retention lock
 * (lockDeletionLog) in the same transaction, so two writers never fork the chain.
 */
export async function appendDeletionLog(tx: Queryable, now: Date, entries: { departmentId: string | null; entry: Record<string, unknown> }[]): Promise<void> {
  let prev = (await tx.query<{ hash: string }>('SELECT hash FROM deletion_log ORDER BY seq DESC LIMIT 1')).rows[0]?.hash ?? GENESIS;
  const at = now.toISOString();
  for (const { departmentId, entry } of entries) {
    const hash = chainHash(prev, at, entry);
    await tx.query('INSERT INTO deletion_log (at, department_id, entry, prev_hash, hash) VALUES ($1, $2, $3, $4, $5)', [at, departmentId, JSON.stringify(entry), prev, hash]);
    prev = hash;
  }
}

/** One writer of the deletion log at a time (retention runs, erasures); released at the transaction's end. */
export async function lockDeletionLog(tx: Queryable): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('lotse:retention'))");
}

/** The deletion log of the caller's departments, and whether the whole chain is intact. */
export async function deletionLog(q: Queryable, p: Principal, limit = 500) {
  const rows = (await q.query<{ seq: string; at: Date | string; department_id: string | null; entry: unknown; prev_hash: string; hash: string }>('SELECT seq, at, department_id, entry, prev_hash, hash FROM deletion_log ORDER BY seq')).rows;
  let prev = GENESIS;
  let brokenAt: number | null = null;
  for (const r of rows) {
    const at = new Date(r.at).toISOString();
    if (r.prev_hash !== prev || chainHash(prev, at, r.entry) !== r.hash) {
      brokenAt ??= Number(r.seq);
    }
    prev = r.hash;
  }
  const visible = rows.filter((r) => isAdmin(p) || (r.department_id && (ownedDepartments(p) ?? []).includes(r.department_id)));
  return { intact: brokenAt === null, brokenAt, items: visible.slice(-limit).reverse().map((r) => ({ seq: Number(r.seq), at: new Date(r.at).toISOString(), departmentId: r.department_id, entry: r.entry, hash: r.hash })) };
}
