import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

describe.each(dbTargets())('admin manages users, groups and departments ($name)', (target) => {
  let dispose: () => Promise<void>;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let admin: Client;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    ctx = await seededApp(opened.db);
    admin = await ctx.as('admin@lotse.demo');
  });
  afterAll(() => dispose());

  it('creates an agent who can then sign in and sees the task list', async () => {
    const groups = (await admin.get('/api/admin/groups')).body.items;
    const it = groups.find((g: { key: string }) => g.key === 'it');
    const created = await admin.post('/api/admin/users', { email: 'new.agent@lotse.demo', name: 'New Agent', password: 'lantern orbit velvet', groupIds: [it.id], roles: [{ role: 'employee' }] });
    expect(created.status).toBe(201);
    expect(created.body.groupIds).toEqual([it.id]);
    const login = await ctx.anonymous().post('/api/auth/login', { email: 'New.Agent@lotse.demo', password: 'lantern orbit velvet' });
    expect(login.status).toBe(200);
    expect(login.body.user.areas).toContain('tasks');
    expect((await admin.get('/api/admin/groups')).body.items.find((g: { key: string }) => g.key === 'it').memberIds).toContain(created.body.id);
  });

  it('makes a user process owner of a department and revokes it again', async () => {
    const deps = (await admin.get('/api/departments')).body.items;
    const facility = deps.find((d: { key: string }) => d.key === 'facility');
    const users = (await admin.get('/api/admin/users')).body.items;
    const erika = users.find((u: { email: string }) => u.email === 'employee2@lotse.demo');
    const promoted = await admin.patch(`/api/admin/users/${erika.id}`, { roles: [{ role: 'owner', departmentId: facility.id }] });
    expect(promoted.status).toBe(200);
    const asOwner = await ctx.as('employee2@lotse.demo');
    expect((await asOwner.get('/api/auth/me')).body.user.areas).toContain('modeler');
    await admin.patch(`/api/admin/users/${erika.id}`, { roles: [{ role: 'employee' }] });
    expect((await asOwner.get('/api/auth/me')).body.user.areas).toEqual(['portal']);
  });

  it('refuses bad user input with the field path and stores nothing', async () => {
    const before = (await admin.get('/api/admin/users')).body.items.length;
    const dup = await admin.post('/api/admin/users', { email: 'EMPLOYEE@lotse.demo', name: 'Copy', password: 'lantern orbit velvet' });
    expect(dup.status).toBe(422);
    expect(dup.body.errors).toContainEqual({ path: '/email', message: expect.stringMatching(/already/) });
    const badGroup = await admin.post('/api/admin/users', { email: 'x@lotse.demo', name: 'X', password: 'lantern orbit velvet', groupIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(badGroup.status).toBe(422);
    expect(badGroup.body.errors[0].path).toBe('/groupIds/0');
    const ownerWithoutDept = await admin.post('/api/admin/users', { email: 'y@lotse.demo', name: 'Y', password: 'lantern orbit velvet', roles: [{ role: 'owner' }] });
    expect(ownerWithoutDept.status).toBe(422);
    const missing = await admin.post('/api/admin/users', { email: 'z@lotse.demo' });
    expect(missing.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/name', '/password']);
    expect((await admin.get('/api/admin/users')).body.items.length).toBe(before);
  });

  it('ends the sessions of a user whose password was changed', async () => {
    const c = await ctx.as('employee@lotse.demo');
    const me = (await c.get('/api/auth/me')).body.user;
    expect((await admin.patch(`/api/admin/users/${me.id}`, { password: 'harbour lights at dusk' })).status).toBe(200);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('creates, renames and deletes a group and a department', async () => {
    const dep = await admin.post('/api/admin/departments', { key: 'legal', name: 'Legal' });
    expect(dep.status).toBe(201);
    const group = await admin.post('/api/admin/groups', { key: 'buyers', name: 'Buyers', departmentId: dep.body.id });
    expect(group.status).toBe(201);
    expect((await admin.delete(`/api/admin/departments/${dep.body.id}`)).status).toBe(409);
    expect((await admin.patch(`/api/admin/groups/${group.body.id}`, { name: 'Legal team' })).body.name).toBe('Legal team');
    expect((await admin.delete(`/api/admin/groups/${group.body.id}`)).status).toBe(204);
    expect((await admin.patch(`/api/admin/departments/${dep.body.id}`, { name: 'Recht' })).body.name).toBe('Recht');
    expect((await admin.delete(`/api/admin/departments/${dep.body.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/admin/departments/${dep.body.id}`)).status).toBe(404);
    const dupKey = await admin.post('/api/admin/groups', { key: 'hr', name: 'Other HR' });
    expect(dupKey.status).toBe(422);
    expect(dupKey.body.errors[0].path).toBe('/key');
  });

  it('does not let admins delete themselves, and 404s unknown ids', async () => {
    const me = (await admin.get('/api/auth/me')).body.user;
    expect((await admin.delete(`/api/admin/users/${me.id}`)).status).toBe(409);
    expect((await admin.delete('/api/admin/users/not-a-uuid')).status).toBe(404);
  });
});
