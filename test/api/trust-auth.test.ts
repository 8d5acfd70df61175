import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import type { Db } from '../../server/db';
import { silentLogger } from '../../server/log';
import { startAuthSweeper, sweepAuth } from '../../server/auth/sweep';
import { ACCOUNT_FREE_FAILURES, ADDRESS_FREE_FAILURES } from '../../server/auth/throttle';
import { dbTargets } from '../support/db';
import { Client, seededApp, testConfig } from '../support/api';

/** Issue #14, point 4 and the session sweep of point 8: sign-in throttling, password policy, timing. */
describe.each(dbTargets())('sign-in that cannot be turned against users ($name)', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let clock = new Date('2026-11-26T10:00:00Z');
  const now = () => clock;
  const tick = (ms: number) => (clock = new Date(clock.getTime() + ms));
  // One proxy in front (TRUST_PROXY=1): the test names the client's address in X-Forwarded-For.
  let proxied: ReturnType<typeof createApp>;
  const login = (from: string, email: string, password: string) =>
    new Client(proxied).post('/api/auth/login', { email, password }, { 'x-forwarded-for': from });

  beforeAll(async () => {
    const opened = await target.open();
    db = opened.db;
    dispose = opened.dispose;
    ctx = await seededApp(db, now);
    proxied = createApp({ db, config: { ...testConfig, trustProxy: 1 }, log: silentLogger, now });
  });
  afterAll(() => dispose());

  it('keeps the admin able to sign in from another address after 10 wrong passwords from one', async () => {
    for (let i = 0; i < 10; i++) expect([401, 429]).toContain((await login('203.0.113.1', 'admin@lotse.demo', `wrong-${i}`)).status);
    expect((await login('203.0.113.1', 'admin@lotse.demo', 'demo')).status).toBe(429); // the guessing address waits
    const elsewhere = await login('198.51.100.7', 'admin@lotse.demo', 'demo');
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.user.email).toBe('admin@lotse.demo');
  });

  it('throttles one address guessing one password each at 30 accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await login('203.0.113.2', `person${i}@example.com`, 'Summer2026!')).status);
    expect(statuses.slice(0, ADDRESS_FREE_FAILURES).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(ADDRESS_FREE_FAILURES).every((s) => s === 429)).toBe(true);
    // Even the right password of a real account waits at that address, but not at another.
    expect((await login('203.0.113.2', 'employee@lotse.demo', 'demo')).status).toBe(429);
    expect((await login('203.0.113.3', 'employee@lotse.demo', 'demo')).status).toBe(200);
  });

  it('answers 429 with a Retry-After that grows with each further failure, and lets the attempt through after it', async () => {
    const from = '203.0.113.4';
    const email = 'agent.it@lotse.demo';
    for (let i = 0; i < ACCOUNT_FREE_FAILURES; i++) expect((await login(from, email, 'nope')).status).toBe(401);
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      const held = await login(from, email, 'nope');
      expect(held.status).toBe(429);
      expect(held.body.code).toBe('too_many_requests');
      const wait = Number(held.headers.get('retry-after'));
      expect(held.body.retryAfter).toBe(wait);
      waits.push(wait);
      tick(wait * 1000);
      expect((await login(from, email, 'nope')).status).toBe(401); // after waiting, a guess is heard (and counted)
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    // The right password after waiting signs in and clears this account's counter at this address.
    tick(16_000);
    expect((await login(from, email, 'demo')).status).toBe(200);
    expect((await login(from, email, 'nope')).status).toBe(401);
  });

  it('counts guesses sent in parallel one after the other', async () => {
    const statuses = await Promise.all(Array.from({ length: 15 }, (_, i) => login('203.0.113.5', 'owner.hr@lotse.demo', `parallel-${i}`)));
    expect(statuses.filter((r) => r.status === 401)).toHaveLength(ACCOUNT_FREE_FAILURES);
    expect(statuses.filter((r) => r.status === 429)).toHaveLength(15 - ACCOUNT_FREE_FAILURES);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says a proxy is in front', async () => {
    const direct = new Client(ctx.app); // testConfig: trustProxy 0
    tick(2 * 3600_000); // earlier failures out of the window
    const statuses: number[] = [];
    for (let i = 0; i <= ADDRESS_FREE_FAILURES; i++) {
      statuses.push((await direct.post('/api/auth/login', { email: `x${i}@example.com`, password: 'nope' }, { 'x-forwarded-for': `192.0.2.${i}` })).status);
    }
    expect(statuses.at(-1)).toBe(429); // a new forged address per guess does not help
  });

  it('takes the address from the socket when served by @hono/node-server', async () => {
    tick(2 * 3600_000);
    const fromSocket = (remoteAddress: string, email: string) =>
      ctx.app.request(
        '/api/auth/login',
        { method: 'POST', headers: { 'content-type': 'application/json', 'x-lotse-csrf': '1' }, body: JSON.stringify({ email, password: 'nope' }) },
        { incoming: { socket: { remoteAddress } } },
      );
    for (let i = 0; i < ADDRESS_FREE_FAILURES; i++) expect((await fromSocket('10.1.1.1', `y${i}@example.com`)).status).toBe(401);
    expect((await fromSocket('10.1.1.1', 'y-last@example.com')).status).toBe(429);
    expect((await fromSocket('10.1.1.2', 'y-last@example.com')).status).toBe(401);
  });

  it('refuses short, common and personal new passwords with 422 at /password, and takes a long one', async () => {
    const admin = await ctx.as('admin@lotse.demo');
    const attempt = (password: string) => admin.post('/api/admin/users', { email: 'new.person@lotse.demo', name: 'New Person', password });
    const short = await attempt('secret1');
    expect(short.status).toBe(422);
    expect(short.body.errors).toEqual([{ path: '/password', message: 'must be at least 12 characters long', code: 'password_too_short' }]);
    for (const [password, code] of [
      ['password1234', 'password_common'],
      ['123456789012', 'password_common'],
      ['Password2024!', 'password_common'],
      ['new.person@lotse.demo', 'password_personal'],
      ['x'.repeat(257), 'password_too_long'],
    ]) {
      const res = await attempt(password);
      expect(res.status, password).toBe(422);
      expect(res.body.errors[0]).toMatchObject({ path: '/password', code });
    }
    expect((await admin.get('/api/admin/users')).body.items.some((u: { email: string }) => u.email === 'new.person@lotse.demo')).toBe(false);
    const created = await attempt('lantern orbit velvet');
    expect(created.status).toBe(201);
    const reset = await admin.patch(`/api/admin/users/${created.body.id}`, { password: 'short' });
    expect(reset.status).toBe(422);
    expect(reset.body.errors[0]).toMatchObject({ path: '/password', code: 'password_too_short' });
    const named = await admin.patch(`/api/admin/users/${created.body.id}`, { password: 'new.person@lotse.demo' });
    expect(named.body.errors[0]).toMatchObject({ path: '/password', code: 'password_personal' });
    expect((await ctx.anonymous().post('/api/auth/login', { email: 'new.person@lotse.demo', password: 'lantern orbit velvet' })).status).toBe(200);
  });

  it('takes about as long for an unknown account as for a wrong password', async () => {
    const timed = async (email: string) => {
      const started = performance.now();
      const res = await login('203.0.113.9', email, 'not the password');
      expect(res.status).toBe(401);
      return performance.now() - started;
    };
    tick(2 * 3600_000);
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 4; i++) {
      unknown.push(await timed(`ghost${i}@lotse.demo`));
      wrong.push(await timed('analyst@lotse.demo'));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = median(unknown) / median(wrong);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });

  it('sweeps expired sessions (and old sign-in failures), at start and then periodically', async () => {
    const stale = await ctx.as('employee2@lotse.demo');
    const countSessions = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions')).rows[0].n;
    tick(8 * 24 * 3600_000); // the sessions so far have run out
    const fresh = await ctx.as('employee@lotse.demo');
    expect(await countSessions()).toBeGreaterThan(1);
    const stop = startAuthSweeper(db, silentLogger, { now, everyMs: 3600_000 });
    await stop(); // waits for the run at start
    expect(await countSessions()).toBe(1);
    expect((await fresh.get('/api/auth/me')).status).toBe(200);
    expect((await stale.get('/api/auth/me')).status).toBe(401);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM login_failures')).rows[0].n).toBe(0);
    tick(8 * 24 * 3600_000);
    expect(await sweepAuth(db, clock)).toEqual({ sessions: 1, failures: 0 });
  });
});
