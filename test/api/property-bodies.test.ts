import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { dbTargets } from '../support/db';
import { Client, seededApp } from '../support/api';
import { buildVictim, type Victim } from './access-matrix/fixture';
import { RULES } from './access-matrix/routes';

// Property tests over every state-changing route's body: whatever JSON arrives (a valid body with
// one value swapped for anything, or anything at all), the answer is never a 5xx, and a refused
// request leaves the database exactly as it was (no half-written state).

/** Tables a refused request may legitimately touch: session sliding and the sign-in throttle. */
const VOLATILE = new Set(['sessions', 'login_failures', 'login_throttle']);
/** Not state-changing through a JSON body, or ending the caller's own session. */
const SKIP = new Set(['POST /api/auth/logout', 'POST /api/files']);

const nasty = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '', ' ', '-1', '1e309', 'null', '../../etc/passwd', '<script>alert(1)</script>', '=for i in 1..10 return i', '\ud800'),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e300),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
  fc.constant(JSON.parse('{"a":'.repeat(60) + '1' + '}'.repeat(60))),
);

/** Paths to every value of a JSON body, so one of them can be swapped. */
function valuePaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    return [prefix, ...entries.flatMap(([k, v]) => valuePaths(v, [...prefix, k]))];
  }
  return [prefix];
}

function swapped(body: unknown, path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value;
  const copy: any = Array.isArray(body) ? [...body] : { ...(body as object) };
  copy[path[0]] = swapped(copy[path[0]], path.slice(1), value);
  return copy;
}

describe.each(dbTargets())('state-changing routes under arbitrary bodies ($name)', (target) => {
  let dispose: () => Promise<void>;
  let db: Db;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let victim: Victim;
  let admin: Client;
  let tables: string[];

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(db);
    victim = await buildVictim(ctx, db);
    admin = await ctx.as('admin@lotse.demo');
    const r = await db.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1");
    tables = r.rows.map((x) => x.t).filter((t) => !VOLATILE.has(t) && !t.startsWith('schema_'));
  });
  afterAll(() => dispose());

  /** One fingerprint of every table's content. */
  async function fingerprint() {
    const parts = tables.map((t) => `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM "${t}" x) AS "${t}"`);
    return (await db.query<Record<string, string>>(`SELECT ${parts.join(', ')}`)).rows[0];
  }

  it('answers every body with a 2xx or a 4xx, and a 4xx writes nothing', async () => {
    const wrong: string[] = [];
    const routes = Object.entries(RULES).filter(([route]) => !route.startsWith('GET ') && !route.startsWith('DELETE ') && !SKIP.has(route));
    expect(routes.length).toBeGreaterThan(30);
    for (const [route, rule] of routes) {
      const method = route.split(' ')[0];
      const path = [rule.path(victim)].flat()[0];
      const valid = rule.body?.(victim) ?? {};
      const paths = valuePaths(valid);
      const bodies = fc.oneof(
        fc.tuple(fc.constantFrom(...paths), nasty).map(([p, v]) => swapped(valid, p, v)),
        fc.anything({ maxDepth: 3 }),
      );
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const before = await fingerprint();
          const res = await admin.request(method, path, body === undefined ? null : body);
          if (res.status >= 500) wrong.push(`${route} ${JSON.stringify(body)?.slice(0, 200)} → ${res.status}`);
          if (res.status >= 400 && res.status < 500) {
            const after = await fingerprint();
            const changed = tables.filter((t) => before[t] !== after[t]);
            if (changed.length) wrong.push(`${route} ${JSON.stringify(body)?.slice(0, 200)} → ${res.status} but wrote ${changed.join(', ')}`);
          }
        }),
        // Every value once with a NUL character, once with a number where text belongs, then random bodies.
        { numRuns: 12, seed: 20261204, examples: paths.filter((p) => p.length).flatMap((p) => [[swapped(valid, p, 'a\u0000b')], [swapped(valid, p, -1e300)]]) },
      );
    }
    expect(wrong).toEqual([]);
  }, 600_000); // ~90 routes × ~20 bodies, each with two fingerprints of the database
});
