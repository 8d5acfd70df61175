import type { Db, Queryable } from '../db/types';
import { notFound, validationFailed, type FieldError } from '../errors';
import { missingIds } from './departments';

export interface GroupInput {
  key?: string;
  name?: string;
  departmentId?: string | null;
  memberIds?: string[];
  /** Members who lead the group: they may take over a task another member holds. A subset of the members. */
  leadIds?: string[];
}

export interface GroupView {
  id: string;
  key: string;
  name: string;
  departmentId: string | null;
  memberIds: string[];
  leadIds: string[];
}

export async function listGroups(db: Queryable, ids?: string[]): Promise<GroupView[]> {
  const groups = await db.query<{ id: string; key: string; name: string; department_id: string | null }>(
    `SELECT id, key, name, department_id FROM groups ${ids ? 'WHERE id = ANY($1::uuid[])' : ''} ORDER BY key`,
    ids ? [ids] : [],
  );
  const members = await db.query<{ user_id: string; group_id: string; lead: boolean }>(
    `SELECT user_id, group_id, lead FROM group_members ${ids ? 'WHERE group_id = ANY($1::uuid[])' : ''}`,
    ids ? [ids] : [],
  );
  return groups.rows.map((g) => ({
    id: g.id,
    key: g.key,
    name: g.name,
    departmentId: g.department_id,
    memberIds: members.rows.filter((m) => m.group_id === g.id).map((m) => m.user_id),
    leadIds: members.rows.filter((m) => m.group_id === g.id && m.lead).map((m) => m.user_id),
  }));
}

/** Groups for pickers (candidate groups, assign to a colleague's team): names only, no members. */
export async function listGroupNames(db: Queryable) {
  const r = await db.query('SELECT id, key, name, department_id AS "departmentId" FROM groups ORDER BY name');
  return r.rows;
}

async function check(tx: Queryable, input: GroupInput, selfId: string | null) {
  const errors: FieldError[] = [];
  if (input.key !== undefined) {
    const taken = await tx.query('SELECT 1 FROM groups WHERE key = $1 AND ($2::uuid IS NULL OR id <> $2)', [input.key, selfId]);
    if (taken.rowCount) errors.push({ path: '/key', message: `key "${input.key}" is already used` });
  }
  if (input.departmentId) errors.push(...(await missingIds(tx, 'departments', [input.departmentId], () => '/departmentId')));
  if (input.memberIds) errors.push(...(await missingIds(tx, 'users', input.memberIds, (i) => `/memberIds/${i}`)));
  if (input.leadIds) {
    // Leads are members: of the members given now, else of the members stored.
    const members = input.memberIds ?? (selfId ? (await tx.query<{ user_id: string }>('SELECT user_id FROM group_members WHERE group_id = $1', [selfId])).rows.map((r) => r.user_id) : []);
    input.leadIds.forEach((id, i) => {
      if (!members.includes(id)) errors.push({ path: `/leadIds/${i}`, message: 'a lead must be a member of the group' });
    });
  }
  if (errors.length) throw validationFailed(errors);
}

async function writeMembers(tx: Queryable, groupId: string, memberIds: string[] | undefined, leadIds: string[] | undefined) {
  if (memberIds) {
    // Members who stay keep their lead flag unless leadIds says otherwise.
    await tx.query('DELETE FROM group_members WHERE group_id = $1 AND NOT (user_id = ANY($2::uuid[]))', [groupId, memberIds]);
    if (memberIds.length) await tx.query('INSERT INTO group_members (group_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING', [groupId, memberIds]);
  }
  if (leadIds) await tx.query('UPDATE group_members SET lead = (user_id = ANY($2::uuid[])) WHERE group_id = $1', [groupId, leadIds]);
}

export async function createGroup(db: Db, input: Required<Pick<GroupInput, 'key' | 'name'>> & GroupInput): Promise<GroupView> {
  const id = await db.transaction(async (tx) => {
    await check(tx, input, null);
    const r = await tx.query<{ id: string }>('INSERT INTO groups (key, name, department_id) VALUES ($1, $2, $3) RETURNING id', [
      input.key,
      input.name,
      input.departmentId ?? null,
    ]);
    await writeMembers(tx, r.rows[0].id, input.memberIds, input.leadIds);
    return r.rows[0].id;
  });
  return (await listGroups(db, [id]))[0];
}

export async function updateGroup(db: Db, id: string, input: GroupInput): Promise<GroupView> {
  await db.transaction(async (tx) => {
    const exists = await tx.query('SELECT 1 FROM groups WHERE id = $1 FOR UPDATE', [id]);
    if (!exists.rowCount) throw notFound('Group');
    await check(tx, input, id);
    await tx.query(
      `UPDATE groups SET key = coalesce($2, key), name = coalesce($3, name),
         department_id = CASE WHEN $4::boolean THEN $5::uuid ELSE department_id END WHERE id = $1`,
      [id, input.key ?? null, input.name ?? null, input.departmentId !== undefined, input.departmentId ?? null],
    );
    await writeMembers(tx, id, input.memberIds, input.leadIds);
  });
  return (await listGroups(db, [id]))[0];
}

export async function deleteGroup(db: Queryable, id: string): Promise<void> {
  const r = await db.query('DELETE FROM groups WHERE id = $1', [id]);
  if (!r.rowCount) throw notFound('Group');
}
