import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiSession, hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';
import { processDeployment } from '../support/processes';

if (!hasChromium) console.warn(`Problems browser test skipped: ${NO_CHROMIUM_HINT}`);

describe.skipIf(!hasChromium)('problem management in Chromium', () => {
  // No simulated demo history: it keeps the single-threaded database busy for minutes.
  const suite = useServerAndBrowser({ DEMO_HISTORY_DAYS: '0' });

  it('an agent links three incidents to a new problem from the task view, documents root cause and workaround, marks it a known error and publishes the workaround as an article employees find', async () => {
    const { server, browser } = suite;
    const owner = await apiSession(server.url, 'owner.it@lotse.demo');
    const dmn = fs.readFileSync(new URL('../../processes/it-incident/priority.dmn', import.meta.url), 'utf8');
    const deployed = await owner('POST', '/api/deployments', { ...processDeployment('it-incident'), decisions: [dmn] });
    expect([200, 201], JSON.stringify(deployed.body)).toContain(deployed.status);
    const employee = await apiSession(server.url, 'employee@lotse.demo');
    const incidents: string[] = [];
    for (const summary of ['Outlook crashes on start', 'Outlook crashes when starting', 'Outlook crashes at start-up']) {
      const r = await employee('POST', '/api/process-instances', { processKey: 'it-incident', variables: { summary, description: 'Since the update', impact: 'medium', urgency: 'medium' } });
      expect(r.status).toBe(201);
      incidents.push(r.body.id);
    }
    const agentApi = await apiSession(server.url, 'agent.it@lotse.demo');
    const tasks = (await agentApi('GET', '/api/tasks?candidateGroup=it')).body.items as { id: string; instanceId: string }[];
    const taskOf = (instanceId: string) => tasks.find((t) => t.instanceId === instanceId)!.id;

    const { page, errors } = await newPage(browser, server.url);
    try {
      await login(page, 'agent.it@lotse.demo');
      // Probleme → Neues Problem.
      await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Probleme' }).click();
      await page.getByRole('heading', { level: 1, name: 'Probleme' }).waitFor();
      await page.getByTestId('problem-new').click();
      const create = page.getByTestId('problem-create');
      await create.getByLabel('Titel').fill('Outlook crashes after the update');
      await create.getByLabel('Betroffener Service').fill('it-incident');
      await create.getByRole('button', { name: 'Anlegen' }).click();
      await page.getByTestId('problem-detail').waitFor();
      const reference = ((await page.locator('#problem-title .reference').textContent()) ?? '').trim();
      expect(reference).toMatch(/^PRB-IT-\d{4}-0001$/);
      const problemUrl = page.url();

      // From each incident's task: find the problem by its reference and link it.
      for (const id of incidents) {
        await page.goto(`/tasks/${taskOf(id)}`);
        const panel = page.getByTestId('request-problem');
        await panel.getByRole('searchbox').fill(reference);
        await panel.getByRole('button', { name: 'Suchen' }).click();
        await panel.getByRole('button', { name: 'Verknüpfen' }).click();
        await panel.getByRole('link', { name: new RegExp(reference) }).waitFor();
      }

      // Back on the problem: three linked requests; document the 5 Whys, root cause and workaround.
      await page.goto(problemUrl);
      await expect.poll(() => page.getByTestId('problem-requests').locator('tbody tr').count()).toBe(3);
      expect(await page.getByTestId('kpi-incidents').textContent()).toBe('3');
      const form = page.getByTestId('problem-edit');
      await form.getByLabel('Warum 1').fill('Outlook crashes on start');
      await form.getByLabel('Warum 2').fill('An add-in fails to load');
      await form.getByLabel('Warum 3').fill('The update removed a library the add-in needs');
      await form.getByLabel('Ursache').fill('The CRM add-in needs a library the Office update removed');
      await form.getByLabel('Umgehungslösung').fill('Start Outlook with /safe, or disable the CRM add-in under File → Options → Add-ins');
      await form.getByTestId('problem-save').click();
      await page.getByText('Problem gespeichert.').waitFor();
      // A known error needs the analysis first.
      await page.getByRole('button', { name: 'Analyse beginnen' }).click();
      await expect.poll(() => page.getByTestId('problem-status').textContent()).toBe('In Analyse');
      await page.getByRole('button', { name: 'Als bekannten Fehler markieren' }).click();
      await expect.poll(() => page.getByTestId('problem-status').textContent()).toBe('Bekannter Fehler');

      // The incidents' task view shows the problem and its workaround.
      await page.goto(`/tasks/${taskOf(incidents[1])}`);
      await expect.poll(() => page.getByTestId('request-problem-workaround').textContent()).toContain('Start Outlook with /safe');
      const stored = (await agentApi('GET', `/api/problems/by-request/${incidents[0]}`)).body.problem;
      expect(stored).toMatchObject({ status: 'known_error', rootCause: 'The CRM add-in needs a library the Office update removed', fiveWhys: ['Outlook crashes on start', 'An add-in fails to load', 'The update removed a library the add-in needs'] });

      // The known error publishes its workaround as a knowledge article: the agent's goes to the owners' review.
      await page.goto(problemUrl);
      await page.getByTestId('publish-workaround').click();
      await page.getByText('Der Wissensartikel liegt den Prozessverantwortlichen zur Prüfung vor.').waitFor();
      await page.getByTestId('workaround-article').click();
      await page.getByTestId('article').waitFor();
      expect(await page.getByTestId('article').textContent()).toContain('Start Outlook with /safe');
      expect(await page.getByTestId('article-status').textContent()).toContain('Prüfung');
      // The IT owner publishes it; every employee finds it by the words of their problem.
      const articleId = page.url().split('/').pop()!;
      const ownerApi = await apiSession(server.url, 'owner.it@lotse.demo');
      expect((await ownerApi('POST', `/api/articles/${articleId}/transition`, { to: 'published' })).status).toBe(200);
      const employeeApi = await apiSession(server.url, 'employee@lotse.demo');
      const found = (await employeeApi('GET', '/api/articles/search?q=Outlook%20crashes')).body;
      expect(JSON.stringify(found)).toContain(articleId);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 120_000);
});
