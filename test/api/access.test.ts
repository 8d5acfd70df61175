import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRole, type Role } from '../../server/auth/principal';
import { isAccessMiddleware, type Policy } from '../../server/http/access';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

// One demo account per role; "employee" is the plain requester. The privacy role (#20) has no demo
// account: admins grant it (test/api/gdpr.test.ts covers who it admits).
const accounts: Record<Exclude<Role, 'privacy'>, string> = {
  admin: 'admin@lotse.demo',
  owner: 'owner.hr@lotse.demo',
  agent: 'agent.hr@lotse.demo',
  analyst: 'analyst@lotse.demo',
  employee: 'employee@lotse.demo',
};

/** A path that matches the route: ids become a UUID, constrained params (`:format{csv|xes}`) their first choice. */
function concrete(path: string) {
  return path
    .replace(/:[A-Za-z_]+\{([A-Za-z0-9_-]+)(\|[^}]*)?\}/g, '$1')
    .replace(/:[A-Za-z_]+(\{[^}]*\})?/g, '00000000-0000-4000-8000-000000000000')
    .replace(/\*$/, 'x');
}

describe.each(dbTargets())('every API route checks the role on the server ($name)', (target) => {
  let dispose: () => Promise<void>;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  const clients = {} as Record<Role, Client>;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    ctx = await seededApp(opened.db);
    for (const [role, email] of Object.entries(accounts)) clients[role as Role] = await ctx.as(email);
  });
  afterAll(() => dispose());

  // Hono lists each handler of a route separately; group them by method and path.
  function apiRoutes() {
    const byRoute = new Map<string, { method: string; path: string; policies: Policy[] }>();
    for (const r of ctx.app.routes) {
      if (!r.path.startsWith('/api/') || r.path === '/api/*') continue;
      const key = `${r.method} ${r.path}`;
      const entry = byRoute.get(key) ?? { method: r.method, path: r.path, policies: [] };
      if (isAccessMiddleware(r.handler)) entry.policies.push(r.handler.policy);
      byRoute.set(key, entry);
    }
    return [...byRoute.values()];
  }

  it('finds the routes of every resource', () => {
    const paths = apiRoutes().map((r) => `${r.method} ${r.path}`);
    expect(paths).toContain('POST /api/auth/login');
    expect(paths).toContain('GET /api/admin/users');
    expect(paths.length).toBeGreaterThan(10);
  });

  it('declares exactly one access policy on every route', () => {
    const unguarded = apiRoutes().filter((r) => r.policies.length !== 1).map((r) => `${r.method} ${r.path}`);
    expect(unguarded).toEqual([]);
  });

  it('answers 401 without a session on every non-public route', async () => {
    const wrong: string[] = [];
    for (const r of apiRoutes()) {
      if (r.policies[0] === 'public') continue;
      const res = await ctx.anonymous().request(r.method, concrete(r.path), r.method === 'GET' ? undefined : {});
      if (res.status !== 401) wrong.push(`${r.method} ${r.path} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 to each role a route does not admit, and lets admitted roles past the check', async () => {
    const wrong: string[] = [];
    for (const r of apiRoutes()) {
      const policy = r.policies[0];
      if (policy === 'public' || policy === 'authenticated') continue;
      for (const role of Object.keys(accounts) as Role[]) {
        const client = clients[role];
        const res = await client.request(r.method, concrete(r.path), r.method === 'GET' ? undefined : {});
        const me = (await client.get('/api/auth/me')).body.user;
        const admitted = policy === 'worker' ? role === 'admin' : policy.some((p) => hasRole(me, p));
        if (admitted && res.status === 403 && res.body?.code === 'forbidden' && res.body?.error === 'You may not do this') {
          wrong.push(`${r.method} ${r.path} refused ${role}`);
        }
        if (!admitted && res.status !== 403) wrong.push(`${r.method} ${r.path} let ${role} through (${res.status})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
