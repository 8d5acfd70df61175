import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

describe.each(dbTargets())('people directory for the person picker ($name)', (target) => {
  let dispose: () => Promise<void>;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let db: Db;
  let employee: Client;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    db = opened.db;
    ctx = await seededApp(db);
    employee = await ctx.as('employee@lotse.demo');
  });
  afterAll(() => dispose());

  const people = (client: Client, q: string, extra = '') => client.get(`/api/directory/people?q=${encodeURIComponent(q)}${extra}`);

  it('lets an employee find colleagues by part of the name or e-mail, with their department', async () => {
    const byName = await people(employee, 'graf');
    expect(byName.status).toBe(200);
    expect(byName.body.items).toEqual([{ name: 'Greta Graf (HR agent)', email: 'agent.hr@lotse.demo', department: 'HR' }]);

    const byMail = await people(employee, 'EMPLOYEE2@');
    expect(byMail.body.items).toEqual([{ name: 'Max Mustermann', email: 'employee2@lotse.demo', department: null }]);

    // Owners belong to the department they own; someone in two groups of one department is listed once.
    expect((await people(employee, 'owner.it')).body.items[0].department).toBe('IT');
    expect((await people(employee, 'Paula')).body.items[0].department).toBe('Purchasing');
  });

  it('puts names and addresses that start with the text first', async () => {
    const r = await people(employee, 'an');
    const names = r.body.items.map((p: { name: string }) => p.name);
    expect(names.indexOf('Anna Analyse')).toBe(0);
    expect(names.length).toBeGreaterThan(1);
  });

  it('answers only name, e-mail and department: no ids, roles, groups or password hashes', async () => {
    const r = await people(employee, 'lotse.demo', '&limit=20');
    expect(r.body.items.length).toBe(ctx.demoUsers.length);
    for (const person of r.body.items) expect(Object.keys(person).sort()).toEqual(['department', 'email', 'name']);
    const text = JSON.stringify(r.body);
    const stored = await db.query<{ id: string; password_hash: string }>('SELECT id, password_hash FROM users');
    for (const u of stored.rows) {
      expect(text).not.toContain(u.password_hash);
      expect(text).not.toContain(u.id);
    }
    expect(text).not.toMatch(/password|hash|roles|groups/i);
  });

  it('caps the answer at 20 and honours a smaller limit', async () => {
    expect((await people(employee, 'lotse', '&limit=3')).body.items).toHaveLength(3);
    expect((await people(employee, 'lotse', '&limit=500')).body.items.length).toBeLessThanOrEqual(20);
  });

  it('takes the text literally: % and _ are not wildcards, quotes do no harm', async () => {
    expect((await people(employee, '%%')).body.items).toEqual([]);
    expect((await people(employee, '__')).body.items).toEqual([]);
    const quoted = await people(employee, "x' OR '1'='1");
    expect(quoted.status).toBe(200);
    expect(quoted.body.items).toEqual([]);
  });

  it('refuses a query shorter than two characters (or only blanks) with 400', async () => {
    for (const q of ['', 'a', '  b  ']) {
      const r = await people(employee, q);
      expect(r.status, q).toBe(400);
      expect(r.body.code).toBe('bad_request');
    }
    expect((await employee.get('/api/directory/people')).status).toBe(400);
    expect((await people(employee, 'x'.repeat(101))).status).toBe(400);
  });

  describe('exact look-up by e-mail (email=…)', () => {
    const lookup = (client: Client, raw: string) => client.get(`/api/directory/people?email=${raw}`);

    it('answers the people behind the given addresses, case-insensitively; unknown addresses are missing', async () => {
      const r = await lookup(employee, encodeURIComponent('Agent.HR@lotse.demo, employee2@lotse.demo,nobody@example.org'));
      expect(r.status).toBe(200);
      expect(r.body.items).toEqual([
        { name: 'Greta Graf (HR agent)', email: 'agent.hr@lotse.demo', department: 'HR' },
        { name: 'Max Mustermann', email: 'employee2@lotse.demo', department: null },
      ]);
      expect((await lookup(employee, 'nobody@example.org')).body.items).toEqual([]);
    });

    it('matches whole addresses only: no substring, no wildcards, one entry per person', async () => {
      expect((await lookup(employee, encodeURIComponent('agent.hr@lotse.dem'))).body.items).toEqual([]);
      expect((await lookup(employee, encodeURIComponent('%@lotse.demo'))).body.items).toEqual([]);
      expect((await lookup(employee, encodeURIComponent('_gent.hr@lotse.demo'))).body.items).toEqual([]);
      const twice = await lookup(employee, encodeURIComponent('agent.hr@lotse.demo,AGENT.HR@lotse.demo'));
      expect(twice.body.items).toHaveLength(1);
    });

    it('answers only name, e-mail and department', async () => {
      const all = ctx.demoUsers.map((u) => u.email).join(',');
      const r = await lookup(employee, encodeURIComponent(all));
      expect(r.body.items.length).toBe(ctx.demoUsers.length);
      for (const person of r.body.items) expect(Object.keys(person).sort()).toEqual(['department', 'email', 'name']);
      expect(JSON.stringify(r.body)).not.toMatch(/password|hash|roles|groups/i);
    });

    it('refuses a malformed, empty or overlong list and q together with email with 400', async () => {
      for (const raw of ['', 'no-address', 'a@b,,c@d', 'a@b,', 'a b@c', `${'x'.repeat(250)}@lotse.demo`, "x' OR '1'='1"]) {
        const r = await lookup(employee, encodeURIComponent(raw));
        expect(r.status, raw).toBe(400);
        expect(r.body.code).toBe('bad_request');
      }
      const many = Array.from({ length: 51 }, (_, i) => `p${i}@lotse.demo`).join(',');
      expect((await lookup(employee, encodeURIComponent(many))).status).toBe(400);
      const fifty = Array.from({ length: 50 }, (_, i) => `p${i}@lotse.demo`).join(',');
      expect((await lookup(employee, encodeURIComponent(fifty))).status).toBe(200);
      expect((await employee.get('/api/directory/people?q=graf&email=agent.hr%40lotse.demo')).status).toBe(400);
    });

    it('answers 401 without a session', async () => {
      const r = await lookup(ctx.anonymous(), encodeURIComponent('agent.hr@lotse.demo'));
      expect(r.status).toBe(401);
      expect(r.body.items).toBeUndefined();
    });
  });

  it('answers 401 without a session', async () => {
    const r = await people(ctx.anonymous(), 'graf');
    expect(r.status).toBe(401);
    expect(r.body.items).toBeUndefined();
  });
});
