import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { silentLogger } from '../../server/log';
import { dbTargets } from '../support/db';
import { Client, seededApp, testConfig } from '../support/api';
import type { Db } from '../../server/db';

describe.each(dbTargets())('sign-in and sessions ($name)', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let clock = new Date('2026-11-26T10:00:00Z');

  beforeAll(async () => {
    const opened = await target.open();
    db = opened.db;
    dispose = opened.dispose;
    ctx = await seededApp(db, () => clock);
  });
  afterAll(() => dispose());

  it('signs every demo account in with the password "demo" and shows the right areas', async () => {
    const areas: Record<string, string[]> = {};
    for (const u of ctx.demoUsers) {
      const c = await ctx.as(u.email);
      areas[u.email] = (await c.get('/api/auth/me')).body.user.areas;
    }
    expect(areas['employee@lotse.demo']).toEqual(['portal']);
    expect(areas['agent.hr@lotse.demo']).toEqual(['portal', 'tasks', 'problems']);
    expect(areas['owner.hr@lotse.demo']).toEqual(['portal', 'problems', 'modeler', 'forms', 'insights']);
    expect(areas['analyst@lotse.demo']).toEqual(['portal', 'problems', 'insights']);
    expect(areas['admin@lotse.demo']).toContain('admin');
  });

  it('sets an httpOnly SameSite=Lax session cookie, Secure only behind HTTPS', async () => {
    const plain = await ctx.anonymous().post('/api/auth/login', { email: 'employee@lotse.demo', password: 'demo' });
    const cookie = plain.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const proxied = await ctx.anonymous().post('/api/auth/login', { email: 'employee@lotse.demo', password: 'demo' }, { 'x-forwarded-proto': 'https' });
    expect(proxied.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('answers a wrong password and an unknown account alike with 401', async () => {
    const wrong = await ctx.anonymous().post('/api/auth/login', { email: 'employee2@lotse.demo', password: 'nope' });
    const unknown = await ctx.anonymous().post('/api/auth/login', { email: 'nobody@lotse.demo', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toBe(unknown.body.error);
  });

  it('holds an address back after 5 failed attempts at one account, even with the right password, until the delay passed', async () => {
    // Throttling is per address and per account-and-address (test/api/trust-auth.test.ts); these requests share one address.
    const email = 'agent.facility@lotse.demo';
    for (let i = 0; i < 5; i++) expect((await ctx.anonymous().post('/api/auth/login', { email, password: 'x' })).status).toBe(401);
    const held = await ctx.anonymous().post('/api/auth/login', { email, password: 'demo' });
    expect(held.status).toBe(429);
    expect(held.headers.get('retry-after')).toBe('1');
    clock = new Date(clock.getTime() + 1000);
    expect((await ctx.anonymous().post('/api/auth/login', { email, password: 'demo' })).status).toBe(200);
  });

  it('ends the session on logout', async () => {
    const c = await ctx.as('employee2@lotse.demo');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    const cookie = c.cookie;
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    c.cookie = cookie; // replaying the old cookie must not work either
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('expires sessions after seven days without use', async () => {
    const c = await ctx.as('analyst@lotse.demo');
    clock = new Date(clock.getTime() + 8 * 24 * 3600 * 1000);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('keeps sessions across a server restart (a new app on the same database)', async () => {
    const c = await ctx.as('employee@lotse.demo');
    const restarted = new Client(createApp({ db, config: testConfig, log: silentLogger, now: () => clock }));
    restarted.cookie = c.cookie;
    expect((await restarted.get('/api/auth/me')).body.user.email).toBe('employee@lotse.demo');
  });

  it('refuses cookie-authenticated state changes without the CSRF header', async () => {
    const c = await ctx.as('admin@lotse.demo');
    const res = await c.request('POST', '/api/admin/departments', { key: 'legal', name: 'Legal' }, { 'x-lotse-csrf': '' });
    expect(res.status).toBe(403);
    expect((await c.get('/api/admin/departments')).body.items.map((d: { key: string }) => d.key)).not.toContain('legal');
  });

  it('answers malformed JSON with 400, an unknown API route with a JSON 404 and a body over 1 MB with 413', async () => {
    const c = await ctx.as('admin@lotse.demo');
    const malformed = await c.request('POST', '/api/admin/departments', '{"key": ', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('bad_request');
    const unknown = await c.get('/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
    const big = await c.post('/api/admin/departments', { key: 'big', name: 'x'.repeat(1024 * 1024 + 10) });
    expect(big.status).toBe(413);
  });

  it('answers a login without fields with 422 naming the fields', async () => {
    const res = await ctx.anonymous().post('/api/auth/login', { email: 'x' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/password', message: 'Please fill in this field.' })]);
  });

  it('reports health with the database kind', async () => {
    const res = await ctx.anonymous().get('/api/health');
    expect(res.body).toEqual({ status: 'ok', db: target.name });
  });
});
