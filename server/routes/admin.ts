import { Hono } from 'hono';
import departmentSchema from '../../schemas/api/department.json';
import groupSchema from '../../schemas/api/group.json';
import userSchema from '../../schemas/api/user.json';
import { createDepartment, deleteDepartment, listDepartments, renameDepartment } from '../accounts/departments';
import { createGroup, deleteGroup, listGroups, updateGroup, type GroupInput } from '../accounts/groups';
import { checkUserPassword, createUser, deleteUser, listUsers, updateUser, type UserInput } from '../accounts/users';
import { validationFailed } from '../errors';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { KEY_KINDS, listKeyOwners, listKeyTransfers, transferKey, type KeyKind, type TransferInput } from '../accounts/key-owners';
import type { Deps } from './deps';
import { transferSchema } from '../accounts/transfer-schema';

const admin = access(['admin']);

/** Required fields on create; PATCH takes any subset of the same schema. */
function requireFields(body: Record<string, unknown>, fields: string[]) {
  const missing = fields.filter((f) => body[f] === undefined);
  if (missing.length) throw validationFailed(missing.map((f) => ({ path: `/${f}`, message: 'is required' })));
}


function kindParam(value: string | undefined): KeyKind | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(KEY_KINDS as readonly string[]).includes(value)) throw validationFailed([{ path: '/kind', message: `one of ${KEY_KINDS.join(', ')}` }]);
  return value as KeyKind;
}

/** Admin CRUD for users, groups and departments; ownership of keys and its transfer. */
export function adminRoutes({ db, log, now }: Deps) {
  return new Hono<AppEnv>()
    .get('/users', admin, async (c) => c.json({ items: await listUsers(db) }))
    .post('/users', admin, async (c) => {
      const body = await readBody<UserInput>(c, userSchema);
      requireFields(body as Record<string, unknown>, ['email', 'name', 'password']);
      await checkUserPassword(db, body, null);
      return c.json(await createUser(db, body as UserInput & { email: string; name: string; password: string }), 201);
    })
    .patch('/users/:id', admin, async (c) => {
      const body = await readBody<UserInput>(c, userSchema);
      const id = isUuid(c.req.param('id'), 'User');
      await checkUserPassword(db, body, id);
      return c.json(await updateUser(db, id, body));
    })
    .delete('/users/:id', admin, async (c) => {
      await deleteUser(db, isUuid(c.req.param('id'), 'User'), principalOf(c).id);
      return c.body(null, 204);
    })
    .get('/groups', admin, async (c) => c.json({ items: await listGroups(db) }))
    .post('/groups', admin, async (c) => {
      const body = await readBody<GroupInput>(c, groupSchema);
      requireFields(body as Record<string, unknown>, ['key', 'name']);
      return c.json(await createGroup(db, body as GroupInput & { key: string; name: string }), 201);
    })
    .patch('/groups/:id', admin, async (c) => {
      const body = await readBody<GroupInput>(c, groupSchema);
      return c.json(await updateGroup(db, isUuid(c.req.param('id'), 'Group'), body));
    })
    .delete('/groups/:id', admin, async (c) => {
      await deleteGroup(db, isUuid(c.req.param('id'), 'Group'));
      return c.body(null, 204);
    })
    .get('/departments', admin, async (c) => c.json({ items: await listDepartments(db) }))
    .post('/departments', admin, async (c) => {
      const body = await readBody<{ key?: string; name?: string }>(c, departmentSchema);
      requireFields(body, ['key', 'name']);
      return c.json(await createDepartment(db, body as { key: string; name: string }), 201);
    })
    .patch('/departments/:id', admin, async (c) => {
      const body = await readBody<{ name?: string }>(c, departmentSchema);
      requireFields(body, ['name']);
      return c.json(await renameDepartment(db, isUuid(c.req.param('id'), 'Department'), body.name!));
    })
    .delete('/departments/:id', admin, async (c) => {
      await deleteDepartment(db, isUuid(c.req.param('id'), 'Department'));
      return c.body(null, 204);
    })
    .get('/key-ownership', admin, async (c) => c.json({ items: await listKeyOwners(db, kindParam(c.req.query('kind')), c.req.query('key') || undefined) }))
    .get('/key-ownership/transfers', admin, async (c) =>
      c.json({ items: await listKeyTransfers(db, { kind: kindParam(c.req.query('kind')), key: c.req.query('key') || undefined }) }))
    .post('/key-ownership/transfer', admin, async (c) => {
      const body = await readBody<TransferInput>(c, transferSchema);
      const p = principalOf(c);
      const result = await transferKey(db, p, body, now());
      log.info('key ownership transferred', {
        kind: body.kind, key: body.key, from: result.transfer.fromDepartmentId, to: result.transfer.toDepartmentId, by: p.email,
      });
      return c.json(result);
    });
}
