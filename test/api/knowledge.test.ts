/**
 * The knowledge base over the API: draft → review → published with versions (who changed what),
 * who reads which article (public / internal / other departments), search with German and English
 * stemming and typos, bodies stored sanitised, deflections counted, the user guide shipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { createArticleDraft } from '../../server/knowledge/articles';
import { syncGuide } from '../../server/knowledge/guide';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { templateDeployment } from './template-harness';

describe.each(dbTargets())('knowledge base ($name)', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let ctx: Awaited<ReturnType<typeof seededApp>>;
  let ownerIt: Client, agentIt: Client, agentHr: Client, employee: Client, analyst: Client;
  let it_ = '';
  let hr = '';
  let vpnId = '';
  let internalId = '';

  const create = (c: Client, body: Record<string, unknown>) => c.post('/api/articles', body);
  const publish = async (id: string) => {
    expect((await agentIt.post(`/api/articles/${id}/transition`, { to: 'review' })).status).toBe(200);
    expect((await ownerIt.post(`/api/articles/${id}/transition`, { to: 'published', note: 'checked' })).status).toBe(200);
  };

  beforeAll(async () => {
    ({ db, dispose } = await target.open());
    ctx = await seededApp(db);
    [ownerIt, agentIt, agentHr, employee, analyst] = await Promise.all(
      ['owner.it@lotse.demo', 'agent.it@lotse.demo', 'agent.hr@lotse.demo', 'employee@lotse.demo', 'analyst@lotse.demo'].map((e) => ctx.as(e)),
    );
    const deps = (await employee.get('/api/departments')).body.items as { id: string; key: string }[];
    it_ = deps.find((d) => d.key === 'it')!.id;
    hr = deps.find((d) => d.key === 'hr')!.id;
    expect((await ownerIt.post('/api/deployments', templateDeployment('it-incident'))).status).toBe(201);
  }, 120_000);
  afterAll(() => dispose());

  it('takes an article from draft through review to published, keeping every version with who changed what', async () => {
    const made = await create(agentIt, {
      departmentId: it_, tags: ['VPN', 'network'], reviewAt: '2027-06-30',
      texts: [
        { language: 'en', title: 'VPN drops every hour', body: 'The VPN connection drops when the laptop goes to sleep.\n\n1. Open the VPN client\n2. Turn off *power saving*' },
        { language: 'de', title: 'VPN bricht stündlich ab', body: 'Die VPN-Verbindung bricht ab, wenn der Laptop in den Ruhezustand geht.\n\nSchalten Sie die Energiesparfunktionen der Netzwerkkarte aus.' },
      ],
    });
    expect(made.status).toBe(201);
    vpnId = made.body.id;
    expect(made.body).toMatchObject({ status: 'draft', visibility: 'public', tags: ['vpn', 'network'], reviewAt: '2027-06-30', owner: { name: expect.stringContaining('Tim') } });
    expect(made.body.texts.find((t: any) => t.language === 'en').html).toContain('<em>power saving</em>');

    // A draft is not for employees yet; agents may submit but not publish.
    expect((await employee.get(`/api/articles/${vpnId}`)).status).toBe(404);
    expect((await agentIt.post(`/api/articles/${vpnId}/transition`, { to: 'published' })).status).toBe(403);
    expect((await agentIt.patch(`/api/articles/${vpnId}`, { tags: ['vpn', 'network', 'sleep'], baseVersion: 1 })).status).toBe(200);
    const stale = await agentIt.patch(`/api/articles/${vpnId}`, { tags: ['x'], baseVersion: 1 });
    expect(stale.status).toBe(409);
    await publish(vpnId);
    expect((await agentIt.post(`/api/articles/${vpnId}/transition`, { to: 'review' })).status).toBe(409);

    const seen = await employee.get(`/api/articles/${vpnId}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ status: 'published', may: { edit: false, publish: false } });
    const versions = (await ownerIt.get(`/api/articles/${vpnId}/versions`)).body.items as any[];
    expect(versions.map((v) => [v.version, v.action, v.changedBy?.name.split(' ')[0]])).toEqual([
      [4, 'published', 'Ingo'], [3, 'submitted', 'Tim'], [2, 'edited', 'Tim'], [1, 'created', 'Tim'],
    ]);
    expect(versions[2].changed).toEqual(['tags']);
    expect(versions[0].note).toBe('checked');
    expect(versions[3].snapshot.texts).toHaveLength(2);
  });

  it('shows internal articles only to the department’s agents and owners (analysts read), other departments get 404', async () => {
    const made = await create(ownerIt, { departmentId: it_, visibility: 'internal', texts: [{ language: 'en', title: 'Firewall rule for the VPN gateway', body: 'Port 4433 must stay open.' }] });
    internalId = made.body.id;
    expect((await ownerIt.post(`/api/articles/${internalId}/transition`, { to: 'published' })).status).toBe(200);
    expect((await agentIt.get(`/api/articles/${internalId}`)).status).toBe(200);
    const read = await analyst.get(`/api/articles/${internalId}`);
    expect(read.status).toBe(200);
    expect(read.body.may).toEqual({ edit: false, publish: false });
    expect((await analyst.patch(`/api/articles/${internalId}`, { tags: ['x'] })).status).toBe(403);
    expect((await employee.get(`/api/articles/${internalId}`)).status).toBe(404);
    expect((await agentHr.get(`/api/articles/${internalId}`)).status).toBe(404);
    expect((await agentHr.patch(`/api/articles/${internalId}`, { tags: ['x'] })).status).toBe(404);
    // Writing for someone else's department is refused; the list holds only what the caller may read.
    expect((await create(agentHr, { departmentId: it_, texts: [{ language: 'en', title: 'x', body: '' }] })).status).toBe(403);
    const list = (await employee.get('/api/articles')).body.items as { id: string }[];
    expect(list.map((a) => a.id)).toContain(vpnId);
    expect(list.map((a) => a.id)).not.toContain(internalId);
    expect((await create(agentHr, { departmentId: hr, texts: [{ language: 'en', title: 'a', body: '' }, { language: 'en', title: 'b', body: '' }] })).body.errors[0].path).toBe('/texts/1/language');
    expect((await create(agentHr, { departmentId: hr, texts: [] })).status).toBe(422);
    expect((await agentIt.patch(`/api/articles/${vpnId}`, { reviewAt: '0000-01-01' })).body.errors[0].path).toBe('/reviewAt');
    expect((await agentIt.patch(`/api/articles/${vpnId}`, { ownerId: '7d1f5c8e-0000-4000-8000-000000000009' })).body.errors[0].path).toBe('/ownerId');
  });

  it('stores bodies with script and event handlers sanitised', async () => {
    const body = '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[click](javascript:alert(3)) [ok](https://example.org)';
    const made = await create(agentIt, { departmentId: it_, texts: [{ language: 'en', title: '<b onmouseover=alert(4)>Title</b>', body }] });
    const html = made.body.texts[0].html as string;
    // No element an author wrote survives: they stay visible as text; no event handler, no javascript: link.
    expect(html).not.toMatch(/<script|<img|<b |href="javascript|<[^>]*\son\w+=/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('href="https://example.org"');
    const stored = (await db.query<{ body_html: string }>('SELECT body_html FROM article_texts WHERE article_id = $1', [made.body.id])).rows[0].body_html;
    expect(stored).toBe(html);
  });

  it('finds articles and services with German and English stemming and with typos, as far as the caller may read', async () => {
    const search = async (c: Client, q: string, extra = '') => (await c.get(`/api/articles/search?q=${encodeURIComponent(q)}${extra}`)).body;
    // Stemming: "dropping" finds "drops", "Verbindungen" finds "Verbindung".
    expect((await search(employee, 'vpn dropping')).articles.map((a: any) => a.id)).toContain(vpnId);
    const de = await search(employee, 'Verbindungen abgebrochen', '&language=de');
    expect(de.articles[0]).toMatchObject({ id: vpnId, language: 'de', title: 'VPN bricht stündlich ab' });
    // Typo: "VNP drps" is no word of the article.
    expect((await search(employee, 'vpm drops evry hour')).articles.map((a: any) => a.id)).toContain(vpnId);
    // Services come with it, from the caller's catalog.
    expect((await search(employee, 'IT problem')).services.map((s: any) => s.processKey)).toContain('it-incident');
    // Internal articles: agents of the department find them, employees and other departments do not.
    expect((await search(agentIt, 'firewall gateway')).articles.map((a: any) => a.id)).toContain(internalId);
    expect((await search(employee, 'firewall gateway')).articles).toEqual([]);
    expect((await search(agentHr, 'firewall gateway')).articles).toEqual([]);
    expect((await search(employee, '"):*&|!')).articles).toEqual([]);
    expect((await employee.get(`/api/articles/search?q=${'x'.repeat(301)}`)).status).toBe(422);
  });

  it('counts views, one helpful vote per person, and a deflection when an article solved it', async () => {
    expect((await employee.post(`/api/articles/${vpnId}/views`)).status).toBe(204);
    expect((await employee.post(`/api/articles/${vpnId}/feedback`, { helpful: false })).body).toMatchObject({ helpful: 0, unhelpful: 1 });
    expect((await employee.post(`/api/articles/${vpnId}/feedback`, { helpful: true })).body).toMatchObject({ views: 1, helpful: 1, unhelpful: 0 });
    expect((await employee.post(`/api/articles/${internalId}/feedback`, { helpful: true })).status).toBe(404);

    const s1 = await employee.post('/api/articles/sessions', { processKey: 'it-incident' });
    const s2 = await employee.post('/api/articles/sessions', { processKey: 'it-incident' });
    expect([s1.status, s2.status]).toEqual([201, 201]);
    expect((await employee.post('/api/articles/sessions', { processKey: 'nope' })).status).toBe(404);
    expect((await employee.post(`/api/articles/sessions/${s1.body.id}/end`, { outcome: 'deflected', articleId: vpnId })).status).toBe(204);
    // Once only, and only one's own session.
    expect((await employee.post(`/api/articles/sessions/${s1.body.id}/end`, { outcome: 'deflected', articleId: vpnId })).status).toBe(404);
    expect((await agentIt.post(`/api/articles/sessions/${s2.body.id}/end`, { outcome: 'deflected', articleId: vpnId })).status).toBe(404);
    expect((await employee.post(`/api/articles/sessions/${s2.body.id}/end`, { outcome: 'submitted' })).status).toBe(204);

    const kpis = (await analyst.get('/api/articles/insights')).body;
    expect(kpis).toMatchObject({ sessions: 2, deflected: 1, deflectionRate: 0.5, views: 1, helpful: 1, unhelpful: 0, helpfulRate: 1 });
    expect(kpis.articles[0]).toMatchObject({ id: vpnId, views: 1, helpful: 1, deflections: 1 });
    expect((await (await ctx.as('owner.hr@lotse.demo')).get('/api/articles/insights')).body.sessions).toBe(0);
    expect((await employee.get('/api/articles/insights')).status).toBe(403);
    expect((await analyst.get('/api/articles/insights?from=2026-13-01')).body.errors[0].path).toBe('/from');
  });

  it('drafts an article from a request’s resolution, and from another module’s title and body', async () => {
    const started = await employee.post('/api/process-instances', { processKey: 'it-incident', variables: { summary: 'Printer jams on floor 3', description: 'Paper jam every morning', impact: 'low', urgency: 'low' } });
    expect(started.status).toBe(201);
    await agentIt.post(`/api/process-instances/${started.body.id}/comments`, { text: 'Replaced the pickup roller.' });
    const draft = await agentIt.post('/api/articles/from-request', { instanceId: started.body.id });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', visibility: 'internal', sourceInstanceId: started.body.id, departmentId: it_ });
    expect(draft.body.texts[0].title).toBe('Printer jams on floor 3');
    expect(draft.body.texts[0].body).toContain('Replaced the pickup roller.');
    expect((await agentHr.post('/api/articles/from-request', { instanceId: started.body.id })).status).toBe(404);

    const problemId = '7d1f5c8e-0000-4000-8000-000000000001';
    const id = await createArticleDraft(db, { departmentId: it_, title: 'Workaround: restart the print spooler', body: 'Restart the spooler.', sourceProblemId: problemId });
    const read = await ownerIt.get(`/api/articles/${id}`);
    expect(read.body).toMatchObject({ status: 'draft', visibility: 'internal', sourceProblemId: problemId });
  });

  it('ships the user guide per role in both languages and keeps it in step with the files', async () => {
    expect(await syncGuide(db)).toEqual({ created: 5, updated: 0 });
    expect(await syncGuide(db)).toEqual({ created: 0, updated: 0 });
    const guide = await employee.get('/api/articles/guide/agent');
    expect(guide.status).toBe(200);
    expect(guide.body.texts.map((t: any) => t.language)).toEqual(['de', 'en']);
    expect(guide.body.may.edit).toBe(false);
    expect((await ownerIt.patch(`/api/articles/${guide.body.id}`, { tags: [] })).status).toBe(403);
    expect((await employee.get('/api/articles/guide/nobody')).status).toBe(404);
    expect((await employee.get('/api/articles/search?guide=1&q=deflection')).body.articles.map((a: any) => a.title)).toContain('Guide for analysts: reading the numbers');
    expect((await employee.get('/api/articles/guide/tours')).body.items).toEqual([]);
    expect((await employee.put('/api/articles/guide/tours/portal')).status).toBe(204);
    expect((await employee.put('/api/articles/guide/tours/Bad Key')).status).toBe(422);
    expect((await employee.get('/api/articles/guide/tours')).body.items).toEqual(['portal']);
  });
});
