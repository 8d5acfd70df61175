import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession, hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';
import { templateDeployment } from '../api/template-harness';

if (!hasChromium) console.warn(`conversation and search browser test skipped: ${NO_CHROMIUM_HINT}`);

const PDF = '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n';
const NOTE = 'Intern: Lieferant 4711 ist unzuverlässig';
const REPLY = 'Der Toner wird morgen getauscht.';

/** Drops a file on an element the way a browser does (a DataTransfer with the file). */
async function dropFile(page: Page, selector: string, name: string, content: string, type: string) {
  const dataTransfer = await page.evaluateHandle(([n, c, t]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([c], n, { type: t }));
    return dt;
  }, [name, content, type] as const);
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}

describe.skipIf(!hasChromium)('agents find work and talk on a request (issue 18 points 4 and 5)', () => {
  const suite = useServerAndBrowser();

  it('lands each role where its work is, finds a task by a stemmed word, labels both deadlines', async () => {
    const owner = await apiSession(suite.server.url, 'owner.it@lotse.demo');
    expect((await owner('POST', '/api/deployments', templateDeployment('it-incident'))).status).toBe(201);
    const employeeApi = await apiSession(suite.server.url, 'employee@lotse.demo');
    for (const summary of ['Papierstau des Druckers im 3. Stock', 'VPN bricht ständig ab']) {
      expect((await employeeApi('POST', '/api/process-instances', { processKey: 'it-incident', variables: { summary, impact: 'low', urgency: 'low' } })).status).toBe(201);
    }

    const employee = await newPage(suite.browser, suite.server.url);
    await login(employee.page, 'employee@lotse.demo');
    await employee.page.waitForURL(/\/portal$/);
    await employee.context.close();

    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'agent.it@lotse.demo');
      await page.waitForURL(/\/tasks$/);
      await page.locator('[data-queue="group:it"]').click();
      await page.locator('[data-testid=tasks-table] tbody tr').nth(1).waitFor();
      const table = page.getByTestId('tasks-table');
      await expect(table.getByRole('columnheader', { name: 'Aufgabe fällig' }).count()).resolves.toBe(1);
      await expect(table.getByRole('columnheader', { name: 'SLA-Frist' }).count()).resolves.toBe(1);
      await expect(table.locator('tbody tr').first().getByText('Aufgabe fällig').count()).resolves.toBe(1);

      // As the agent types, the list narrows: "Drucker" finds the request that says "Druckers".
      await page.getByRole('searchbox', { name: 'Aufgaben suchen' }).pressSequentially('Drucker', { delay: 40 });
      await page.getByRole('heading', { name: 'Suchergebnisse für „Drucker“' }).waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=tasks-table] tbody tr').length === 1);
      expect(page.url()).toContain('q=Drucker');
      await page.getByRole('searchbox', { name: 'Aufgaben suchen' }).fill('nichtvorhanden');
      await page.getByText('Keine offenen Aufgaben passen zu diesen Filtern.').waitFor();
      await page.getByRole('button', { name: 'Leeren' }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=tasks-table] tbody tr').length === 2);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('agents drop a file with progress, choose an internal note or a public reply; the requester sees only the reply', async () => {
    const agentApi = await apiSession(suite.server.url, 'agent.it@lotse.demo');
    const task = (await agentApi('GET', '/api/tasks?q=drucker')).body.items[0];
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'agent.it@lotse.demo');
      await page.goto(`/tasks/${task.id}`);
      const form = page.getByTestId('comment-form');
      await form.waitFor();
      await form.getByLabel('Interne Notiz').check();
      await form.getByText('Nur Bearbeitende sehen die Notiz').waitFor();
      await form.getByLabel('Neue interne Notiz').fill(NOTE);
      await dropFile(page, '[data-testid=drop-zone]', 'lieferant.pdf', PDF, 'application/pdf');
      const pending = form.getByTestId('pending-files').locator('li');
      await pending.filter({ hasText: 'lieferant.pdf' }).locator('progress').waitFor();
      await form.locator('li[data-state=done]').waitFor();
      expect(await pending.locator('progress').evaluate((el) => (el as HTMLProgressElement).value)).toBe(1);
      await form.getByRole('button', { name: 'Interne Notiz speichern' }).click();
      const note = page.locator('[data-testid=comments] li[data-internal=true]');
      await note.getByText(NOTE).waitFor();
      await note.getByText('Intern', { exact: true }).waitFor();
      await note.getByRole('link', { name: 'lieferant.pdf' }).waitFor();

      // A refused file is named at once, before anything is sent.
      await dropFile(page, '[data-testid=drop-zone]', 'tool.exe', 'MZ', 'application/x-msdownload');
      await form.getByText('Diese Dateiart ist nicht erlaubt.').waitFor();
      await form.getByRole('button', { name: 'tool.exe entfernen' }).click();

      await form.getByLabel('Öffentliche Antwort').check();
      await form.getByLabel('Neuer Kommentar').fill(REPLY);
      await form.getByTestId('file-input').setInputFiles({ name: 'anleitung.txt', mimeType: 'text/plain', buffer: Buffer.from('Schritt 1: Klappe öffnen') });
      await form.locator('li[data-state=done]').waitFor();
      await form.getByRole('button', { name: 'Kommentar senden' }).click();
      await page.locator('[data-testid=comments] li').filter({ hasText: REPLY }).getByRole('link', { name: 'anleitung.txt' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    const requester = await newPage(suite.browser, suite.server.url);
    try {
      await login(requester.page, 'employee@lotse.demo');
      await requester.page.goto(`/portal/requests/${task.instanceId}`);
      await requester.page.getByTestId('comments').getByText(REPLY).waitFor();
      await requester.page.getByRole('link', { name: 'anleitung.txt' }).first().waitFor();
      const html = await requester.page.content();
      expect(html).not.toContain('4711');
      expect(html).not.toContain('lieferant.pdf');
      expect(await requester.page.locator('[data-internal=true]').count()).toBe(0);
      // The requester has no choice of an internal note.
      expect(await requester.page.getByLabel('Interne Notiz').count()).toBe(0);
      expect(requester.errors).toEqual([]);
    } finally {
      await requester.context.close();
    }
  });
});
