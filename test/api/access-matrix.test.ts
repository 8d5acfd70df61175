import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { dbTargets } from '../support/db';
import { Client, seededApp } from '../support/api';
import { buildVictim, victimState, type Victim } from './access-matrix/fixture';
import { CALLERS, RULES, type Caller, type RouteRule } from './access-matrix/routes';

// Route × caller × someone else's id: every route of the route table is tried by every kind of
// caller against records of the IT department and of employee2. Who may not must get 401/403/404
// (or, on a list, a 2xx without the other's records), and nothing of the victim's changes.

const emails: Partial<Record<Caller, string>> = {
  employee: 'employee@lotse.demo',
  agentHr: 'agent.hr@lotse.demo',
  ownerHr: 'owner.hr@lotse.demo',
  analyst: 'analyst@lotse.demo',
  admin: 'admin@lotse.demo',
};

/** Hono lists each handler of a route separately: one entry per method and path. */
function routeTable(app: Awaited<ReturnType<typeof seededApp>>['app']) {
  return [...new Set(app.routes.filter((r) => (r.path.startsWith('/api/') && r.path !== '/api/*') || r.path === '/metrics').map((r) => `${r.method} ${r.path}`))];
}

describe.each(dbTargets())('access matrix: route × caller × someone else\'s id ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let victim: Victim;
  let before: Awaited<ReturnType<typeof victimState>>;
  const clients = {} as Record<Caller, Client>;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(db);
    victim = await buildVictim(ctx, db);
    before = await victimState(db, victim);
    clients.anonymous = ctx.anonymous();
    for (const [caller, email] of Object.entries(emails)) clients[caller as Caller] = await ctx.as(email);
    clients.token = ctx.anonymous();
  });
  afterAll(() => dispose());

  const call = (caller: Caller, method: string, path: string, body: unknown) =>
    clients[caller].request(method, path, method === 'GET' || method === 'DELETE' ? undefined : body ?? {}, caller === 'token' ? { authorization: `Bearer ${victim.token}` } : {});

  it('has a rule for every route of the route table, and no rule for a route that is gone', () => {
    const routes = routeTable(ctx.app);
    expect(routes.length).toBeGreaterThan(80);
    expect(routes.filter((r) => !(r in RULES))).toEqual([]);
    expect(Object.keys(RULES).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('lets the callers a rule names read the victim\'s records (the ids are real)', async () => {
    const wrong: string[] = [];
    for (const [route, rule] of Object.entries(RULES)) {
      const [method] = route.split(' ');
      if (method !== 'GET' || rule.mode === 'skip') continue;
      for (const caller of rule.may) {
        for (const path of [rule.path(victim)].flat()) {
          const res = await call(caller, method, path, undefined);
          if (res.status >= 300) wrong.push(`${caller} ${method} ${path} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 120)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses everyone else, hands out none of the victim\'s records, and changes nothing of theirs', async () => {
    const wrong: string[] = [];
    for (const [route, rule] of Object.entries(RULES) as [string, RouteRule][]) {
      const [method] = route.split(' ');
      for (const caller of CALLERS) {
        if (rule.may.includes(caller)) continue;
        if (rule.mode === 'skip' && caller !== 'anonymous') continue;
        if (rule.mode === 'own' && caller !== 'anonymous' && caller !== 'token') continue;
        const secrets = [...victim.secrets, ...(rule.secrets?.(victim) ?? [])];
        for (const path of [rule.path(victim)].flat()) {
          const res = await call(caller, method, path, rule.body?.(victim));
          const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
          const refused = [401, 403, 404].includes(res.status);
          const leaked = secrets.filter((s) => text.includes(s));
          if (rule.mode === 'state') {
            // judged by the state check below
          } else if (rule.mode === 'filtered' && res.status < 300) {
            if (leaked.length) wrong.push(`${caller} ${method} ${path} leaked ${leaked.join(', ')}`);
          } else if (!refused) {
            wrong.push(`${caller} ${method} ${path} → ${res.status} ${text.slice(0, 160)}`);
          }
          // A caller without a session or token is always told so first.
          if (caller === 'anonymous' && res.status !== 401 && rule.mode !== 'skip') wrong.push(`anonymous ${method} ${path} → ${res.status}`);
        }
      }
    }
    const after = await victimState(db, victim);
    for (const [k, v] of Object.entries(before)) {
      if (JSON.stringify(after[k as keyof typeof after]) !== JSON.stringify(v)) wrong.push(`the victim's ${k} changed: ${JSON.stringify(v)} → ${JSON.stringify(after[k as keyof typeof after])}`);
    }
    expect(wrong).toEqual([]);
  });
});
