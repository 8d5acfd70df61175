/** Process owners' side: drafts and the process list per department (drafts and deployed keys). */
import type { Db, Queryable } from '../db/types';
import { conflict, notFound, validationFailed } from '../errors';
import { isAdmin, ownedDepartments, type Principal } from '../auth/principal';
import { assertKeyWritable, claimKey, keyOwnedError, keyOwner, mayActFor } from '../accounts/key-owners';
import { assertOwns, userRef } from './definitions';

export async function getDraft(db: Queryable, p: Principal, key: string) {
  // The key's owning department decides, whoever created the draft.
  const owner = await keyOwner(db, 'process', key);
  if (owner && !mayActFor(p, owner.departmentId)) throw await keyOwnedError(db, 'process', key, owner.departmentId);
  const r = await db.query<any>(
    `SELECT d.key, d.xml, d.revision, d.department_id, d.updated_at, d.updated_by, u.name AS updated_by_name
     FROM process_drafts d LEFT JOIN users u ON u.id = d.updated_by WHERE d.key = $1`,
    [key],
  );
  const row = r.rows[0];
  if (!row) {
    // A deployed process without a draft (a template, an imported model): edit from its newest version.
    const d = await db.query<any>(
      `SELECT d.xml, d.version, d.department_id, d.deployed_at, d.deployed_by, u.name FROM definitions d LEFT JOIN users u ON u.id = d.deployed_by
       WHERE d.key = $1 ORDER BY d.version DESC LIMIT 1`,
      [key],
    );
    const def = d.rows[0];
    if (!def) throw notFound('Draft');
    if (!owner) assertOwns(p, def.department_id);
    return { key, xml: def.xml, revision: 0, departmentId: owner ? owner.departmentId : def.department_id, updatedAt: def.deployed_at, updatedBy: userRef(def.deployed_by, def.name) ?? { id: '', name: '' }, fromVersion: def.version };
  }
  if (!owner) assertOwns(p, row.department_id);
  return { key: row.key, xml: row.xml, revision: row.revision, departmentId: owner ? owner.departmentId : row.department_id, updatedAt: row.updated_at, updatedBy: userRef(row.updated_by, row.updated_by_name) };
}

/**
 * Saves a draft with optimistic locking: the client sends the revision it loaded; if someone saved
 * in between, 409 with the current revision so the editor can offer reload or keep a copy.
 * A draft belongs to its key's department: for an owned key (deployed, or drafted before) only that
 * department's owners and admins may save it, and it cannot be moved to another department here.
 */
export async function saveDraft(db: Db, p: Principal, key: string, input: { xml: string; revision?: number; departmentId?: string }, now: Date) {
  return db.transaction(async (tx) => {
    const cur = await tx.query<any>(
      `SELECT d.revision, d.department_id, d.updated_at, d.updated_by, u.name AS updated_by_name
       FROM process_drafts d LEFT JOIN users u ON u.id = d.updated_by WHERE d.key = $1 FOR UPDATE OF d`,
      [key],
    );
    const row = cur.rows[0];
    const owner = await assertKeyWritable(tx, p, 'process', key, input.departmentId, true);
    const owned = ownedDepartments(p);
    const departmentId = owner ? owner.departmentId : input.departmentId ?? row?.department_id ?? (owned && owned.length === 1 ? owned[0] : null);
    if (!owner) {
      if (!departmentId && !isAdmin(p)) throw validationFailed([{ path: '/departmentId', message: 'choose the department of the process' }]);
      assertOwns(p, departmentId);
      if (row) assertOwns(p, row.department_id);
      await claimKey(tx, p, 'process', key, departmentId, now);
    }
    if (row) {
      if (input.revision !== row.revision) {
        const stale = conflict('Someone else saved this draft in the meantime', 'stale_draft');
        stale.details = { current: { revision: row.revision, updatedAt: row.updated_at, updatedBy: userRef(row.updated_by, row.updated_by_name) } };
        throw stale;
      }
      const r = await tx.query<any>(
        'UPDATE process_drafts SET xml = $2, revision = revision + 1, department_id = $3, updated_by = $4, updated_at = $5 WHERE key = $1 RETURNING revision, updated_at',
        [key, input.xml, departmentId, p.id, now],
      );
      return { key, revision: r.rows[0].revision, departmentId, updatedAt: r.rows[0].updated_at, updatedBy: { id: p.id, name: p.name } };
    }
    await tx.query('INSERT INTO process_drafts (key, department_id, xml, revision, updated_by, updated_at) VALUES ($1, $2, $3, 1, $4, $5)', [key, departmentId, input.xml, p.id, now]);
    return { key, revision: 1, departmentId, updatedAt: now, updatedBy: { id: p.id, name: p.name } };
  });
}

/** Drafts and deployed processes of the caller's departments with running instances and open incidents. */
export async function listProcesses(db: Queryable, p: Principal) {
  const owned = ownedDepartments(p);
  const r = await db.query<any>(
    `WITH keys AS (SELECT key, department_id FROM process_drafts UNION SELECT DISTINCT ON (key) key, department_id FROM definitions ORDER BY key),
     latest AS (SELECT DISTINCT ON (key) id, key, version, name, department_id, deployed_at, enabled FROM definitions ORDER BY key, version DESC)
     SELECT k.key, coalesce(l.name, k.key) AS name, coalesce(l.department_id, dr.department_id, k.department_id) AS department_id,
            dr.revision, dr.updated_at, dr.updated_by, u.name AS updated_by_name,
            l.id AS latest_id, l.version, l.deployed_at, l.enabled,
            (SELECT count(*)::int FROM process_instances pi WHERE pi.process_key = k.key AND pi.status = 'active') AS running,
            (SELECT count(*)::int FROM incidents i JOIN process_instances pi ON pi.id = i.instance_id WHERE pi.process_key = k.key AND i.status = 'open') AS incidents
     FROM (SELECT DISTINCT ON (key) key, department_id FROM keys ORDER BY key) k
     LEFT JOIN process_drafts dr ON dr.key = k.key LEFT JOIN users u ON u.id = dr.updated_by
     LEFT JOIN latest l ON l.key = k.key
     WHERE $1::uuid[] IS NULL OR coalesce(l.department_id, dr.department_id, k.department_id) = ANY($1::uuid[])
     ORDER BY name`,
    [owned],
  );
  return r.rows.map((row) => ({
    key: row.key,
    name: row.name,
    departmentId: row.department_id,
    draft: row.revision ? { revision: row.revision, updatedAt: row.updated_at, updatedBy: userRef(row.updated_by, row.updated_by_name) } : null,
    latest: row.latest_id ? { id: row.latest_id, version: row.version, deployedAt: row.deployed_at, enabled: row.enabled } : null,
    runningInstances: row.running,
    openIncidents: row.incidents,
  }));
}
