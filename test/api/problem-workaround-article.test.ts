/**
 * Issue #19: a known error publishes its workaround as a knowledge article — public to employees,
 * linked both ways, published by an owner at once and sent to review when an agent asks; other
 * departments and read-only analysts cannot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

describe.each(dbTargets())('workaround articles of known errors ($name)', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let agentIt: Client, ownerIt: Client, ownerHr: Client, analyst: Client, employee: Client;
  let itId = '';

  beforeAll(async () => {
    const opened = await target.open();
    db = opened.db;
    dispose = opened.dispose;
    ctx = await seededApp(db);
    [agentIt, ownerIt, ownerHr, analyst, employee] = await Promise.all(['agent.it', 'owner.it', 'owner.hr', 'analyst', 'employee'].map((u) => ctx.as(`${u}@lotse.demo`)));
    itId = (await db.query<{ id: string }>("SELECT id FROM departments WHERE key = 'it'")).rows[0].id;
  });
  afterAll(() => dispose());

  async function knownError(title: string, workaround: string) {
    const created = await agentIt.post('/api/problems', { departmentId: itId, title });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    if (workaround) expect((await agentIt.patch(`/api/problems/${id}`, { workaround, rootCause: 'Certificate of the VPN gateway expired' })).status).toBe(200);
    return id;
  }

  it("publishes an owner's workaround for every employee and links article and problem both ways", async () => {
    const id = await knownError('VPN drops every hour', 'Reconnect with the "Lotse VPN (backup)" profile until the gateway is renewed.');
    expect((await ownerHr.post(`/api/problems/${id}/workaround-article`)).status).toBe(404);
    expect((await analyst.post(`/api/problems/${id}/workaround-article`)).status).toBe(403);
    const made = await ownerIt.post(`/api/problems/${id}/workaround-article`);
    expect(made.status).toBe(201);
    expect(made.body.status).toBe('published');
    const article = await employee.get(`/api/articles/${made.body.articleId}`);
    expect(article.status).toBe(200);
    expect(JSON.stringify(article.body)).toContain('Lotse VPN (backup)');
    expect((await agentIt.get(`/api/problems/${id}`)).body.workaroundArticleId).toBe(made.body.articleId);
    const again = await agentIt.post(`/api/problems/${id}/workaround-article`);
    expect(again.status).toBe(200);
    expect(again.body.articleId).toBe(made.body.articleId);
    expect((await db.query('SELECT count(*)::int AS n FROM articles WHERE source_problem_id = $1', [id])).rows[0].n).toBe(1);
  });

  it("sends an agent's workaround to the owners' review, and refuses a problem without one", async () => {
    const id = await knownError('Printer queue stalls', 'Restart the print spooler from the self-service page.');
    const made = await agentIt.post(`/api/problems/${id}/workaround-article`);
    expect(made.status).toBe(201);
    expect(made.body.status).toBe('review');
    expect((await employee.get(`/api/articles/${made.body.articleId}`)).status).toBe(404);
    const none = await agentIt.post(`/api/problems/${await knownError('Unknown cause', '')}/workaround-article`);
    expect(none.status).toBe(422);
    expect(none.body.errors[0].path).toBe('/workaround');
  });
});
