import type { Db, Queryable } from '../db/types';
import { conflict, notFound, validationFailed, type FieldError } from '../errors';
import { checkNewPassword } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import type { RoleGrant } from '../auth/principal';
import { missingIds } from './departments';

export interface UserInput {
  email?: string;
  name?: string;
  password?: string;
  locale?: 'de' | 'en' | null;
  roles?: RoleGrant[];
  groupIds?: string[];
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  locale: 'de' | 'en' | null;
  roles: RoleGrant[];
  groupIds: string[];
  createdAt: string;
}

export async function listUsers(db: Queryable, ids?: string[]): Promise<UserView[]> {
  const users = await db.query<{ id: string; email: string; name: string; locale: 'de' | 'en' | null; created_at: Date }>(
    `SELECT id, email, name, locale, created_at FROM users ${ids ? 'WHERE id = ANY($1::uuid[])' : ''} ORDER BY name`,
    ids ? [ids] : [],
  );
  const roles = await db.query<{ user_id: string; role: RoleGrant['role']; department_id: string | null }>(
    `SELECT user_id, role, department_id FROM user_roles ${ids ? 'WHERE user_id = ANY($1::uuid[])' : ''} ORDER BY role`,
    ids ? [ids] : [],
  );
  const members = await db.query<{ user_id: string; group_id: string }>(
    `SELECT user_id, group_id FROM group_members ${ids ? 'WHERE user_id = ANY($1::uuid[])' : ''}`,
    ids ? [ids] : [],
  );
  return users.rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    locale: u.locale,
    roles: roles.rows.filter((r) => r.user_id === u.id).map((r) => (r.department_id ? { role: r.role, departmentId: r.department_id } : { role: r.role })),
    groupIds: members.rows.filter((m) => m.user_id === u.id).map((m) => m.group_id),
    createdAt: new Date(u.created_at).toISOString(),
  }));
}

/** A new password (create, or reset by an admin) must pass the policy; checked against the account's e-mail and name. */
export async function checkUserPassword(db: Queryable, body: UserInput, id: string | null): Promise<void> {
  if (body.password === undefined) return;
  let { email, name } = body;
  if (id && (email === undefined || name === undefined)) {
    const r = await db.query<{ email: string; name: string }>('SELECT email, name FROM users WHERE id = $1', [id]);
    email ??= r.rows[0]?.email;
    name ??= r.rows[0]?.name;
  }
  checkNewPassword(body.password, { email, name });
}

async function checkReferences(tx: Queryable, input: UserInput, selfId: string | null): Promise<void> {
  const errors: FieldError[] = [];
  if (input.email !== undefined) {
    const taken = await tx.query('SELECT 1 FROM users WHERE lower(email) = lower($1) AND ($2::uuid IS NULL OR id <> $2)', [input.email, selfId]);
    if (taken.rowCount) errors.push({ path: '/email', message: 'is already used by another account' });
  }
  if (input.roles) {
    const withDepartment = input.roles.flatMap((r, i) => (r.departmentId ? [{ id: r.departmentId, i }] : []));
    errors.push(...(await missingIds(tx, 'departments', withDepartment.map((d) => d.id), (k) => `/roles/${withDepartment[k].i}/departmentId`)));
  }
  if (input.groupIds) errors.push(...(await missingIds(tx, 'groups', input.groupIds, (i) => `/groupIds/${i}`)));
  if (errors.length) throw validationFailed(errors);
}

async function writeRelations(tx: Queryable, userId: string, input: UserInput): Promise<void> {
  if (input.roles) {
    await tx.query('DELETE FROM user_roles WHERE user_id = $1', [userId]);
    const unique = new Map(input.roles.map((r) => [`${r.role}:${r.departmentId ?? ''}`, r]));
    for (const r of unique.values()) {
      await tx.query('INSERT INTO user_roles (user_id, role, department_id) VALUES ($1, $2, $3)', [userId, r.role, r.departmentId ?? null]);
    }
  }
  if (input.groupIds) {
    // Groups the user stays in keep their lead flag (group_members.lead).
    await tx.query('DELETE FROM group_members WHERE user_id = $1 AND NOT (group_id = ANY($2::uuid[]))', [userId, input.groupIds]);
    if (input.groupIds.length) {
      await tx.query('INSERT INTO group_members (group_id, user_id) SELECT unnest($2::uuid[]), $1 ON CONFLICT DO NOTHING', [userId, input.groupIds]);
    }
  }
}

export async function createUser(db: Db, input: Required<Pick<UserInput, 'email' | 'name' | 'password'>> & UserInput): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  const id = await db.transaction(async (tx) => {
    await checkReferences(tx, input, null);
    const r = await tx.query<{ id: string }>('INSERT INTO users (email, name, password_hash, locale) VALUES ($1, $2, $3, $4) RETURNING id', [
      input.email,
      input.name,
      passwordHash,
      input.locale ?? null,
    ]);
    await writeRelations(tx, r.rows[0].id, { roles: input.roles ?? [], groupIds: input.groupIds ?? [] });
    return r.rows[0].id;
  });
  return (await listUsers(db, [id]))[0];
}

export async function updateUser(db: Db, id: string, input: UserInput): Promise<UserView> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  await db.transaction(async (tx) => {
    const exists = await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id]);
    if (!exists.rowCount) throw notFound('User');
    await checkReferences(tx, input, id);
    await tx.query(
      `UPDATE users SET email = coalesce($2, email), name = coalesce($3, name), password_hash = coalesce($4, password_hash),
         locale = CASE WHEN $5::boolean THEN $6 ELSE locale END WHERE id = $1`,
      [id, input.email ?? null, input.name ?? null, passwordHash, input.locale !== undefined, input.locale ?? null],
    );
    await writeRelations(tx, id, input);
    if (passwordHash) await tx.query('DELETE FROM sessions WHERE user_id = $1', [id]); // a new password ends old sessions
  });
  return (await listUsers(db, [id]))[0];
}

export async function deleteUser(db: Queryable, id: string, actingUserId: string): Promise<void> {
  if (id === actingUserId) throw conflict('You cannot delete your own account', 'self_delete');
  const r = await db.query('DELETE FROM users WHERE id = $1', [id]);
  if (!r.rowCount) throw notFound('User');
}
