import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { apiSession, hasChromium, launchBrowser, login, newPage, NO_CHROMIUM_HINT, startServer, type TestServer } from '../support/e2e';
import { processDeployment } from '../support/processes';

if (!hasChromium) console.warn(`SLA browser test skipped: ${NO_CHROMIUM_HINT}`);

describe.skipIf(!hasChromium)('SLA set-up in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    // No simulated demo history: it keeps the single-threaded database busy for minutes.
    server = await startServer({ DEMO_HISTORY_DAYS: '0' });
    browser = await launchBrowser();
    // A process of the IT department without its own esm:sla: the department's policy decides.
    const template = processDeployment('it-equipment-request');
    const xml = template.xml.replace(/<esm:sla [^>]*\/>/, '').replace('id="it-equipment-request"', 'id="it-policy-request"');
    const owner = await apiSession(server.url, 'owner.it@lotse.demo');
    const deployed = await owner('POST', '/api/deployments', { ...template, xml });
    expect([200, 201], JSON.stringify(deployed.body)).toContain(deployed.status);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin creates a calendar, the IT owner sets a 4 h target for medium, the request shows its SLA', async () => {
    const admin = await newPage(browser, server.url);
    const owner = await newPage(browser, server.url);
    const employee = await newPage(browser, server.url);
    const agent = await newPage(browser, server.url);
    try {
      // Admin → Verwaltung → Kalender → new calendar (office week preset, Bavarian holidays).
      const ap = admin.page;
      await login(ap, 'admin@lotse.demo');
      await ap.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' }).click();
      await ap.getByRole('link', { name: 'Kalender' }).click();
      await ap.getByRole('heading', { level: 2, name: 'Kalender' }).waitFor();
      await ap.getByTestId('new-calendar').click();
      const form = ap.getByTestId('calendar-form');
      await form.getByLabel('Schlüssel').fill('office-it');
      await form.getByLabel('Name').fill('IT office Munich');
      await form.getByLabel('Zeitzone').selectOption('Europe/Berlin');
      // First a bad holiday region: the server's message appears at the field.
      await form.getByLabel('Feiertagsregion').fill('XX-YY');
      await form.getByRole('button', { name: 'Anlegen' }).click();
      await form.locator('.field-error', { hasText: 'XX-YY' }).waitFor();
      expect(await form.getByLabel('Feiertagsregion').getAttribute('aria-invalid')).toBe('true');
      await form.getByLabel('Feiertagsregion').fill('DE-BY');
      // Friday: a short day, keyboard only.
      await form.getByLabel('Freitag, Zeitraum 1: bis').fill('13:00');
      await form.getByRole('button', { name: 'Anlegen' }).click();
      await ap.getByTestId('calendars-table').getByRole('row', { name: /IT office Munich/ }).waitFor();
      expect(await ap.getByTestId('calendars-table').textContent()).toContain('Fr 08:00–13:00');

      // The IT owner reaches the SLA settings of IT from the main navigation.
      const op = owner.page;
      await login(op, 'owner.it@lotse.demo');
      await op.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'SLAs' }).click();
      await op.getByTestId('sla-form').waitFor();
      expect(await op.getByLabel('Abteilung').locator('option').allTextContents()).toEqual(['IT']);
      const medium = op.locator('fieldset[data-priority=medium]');
      await medium.getByLabel('Servicezeiten für Priorität „Mittel“ festlegen').check();
      await medium.getByLabel('Lösungszeit').fill('P4H');
      await op.getByTestId('save-sla').click();
      // Not an ISO duration: the message sits at the medium policy's field.
      await medium.locator('.field-error', { hasText: 'ISO-8601' }).waitFor();
      await medium.getByLabel('Lösungszeit').fill('PT4H');
      await medium.getByText('= 4 Arbeitsstunden', { exact: true }).waitFor();
      await medium.getByLabel('Kalender').selectOption('office-it');
      await op.getByTestId('save-sla').click();
      await op.getByRole('status').filter({ hasText: 'SLA-Einstellungen für „IT“ gespeichert.' }).waitFor();

      const ownerApi = await apiSession(server.url, 'owner.it@lotse.demo');
      const it = ((await ownerApi('GET', '/api/departments')).body.items as { id: string; key: string }[]).find((d) => d.key === 'it')!;
      const saved = (await ownerApi('GET', `/api/sla/departments/${it.id}`)).body;
      expect(saved.policies).toEqual([{ priority: 'medium', responseTarget: null, resolutionTarget: 'PT4H', calendarKey: 'office-it', atRisk: 0.75, escalations: [] }]);

      // A new request of the department gets the medium policy: its page shows priority and SLA.
      const employeeApi = await apiSession(server.url, 'employee@lotse.demo');
      const started = await employeeApi('POST', '/api/process-instances', { processKey: 'it-policy-request', variables: { item: 'laptop', details: 'Broken screen' } });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      const ep = employee.page;
      await login(ep, 'employee@lotse.demo');
      await ep.goto(`/portal/requests/${started.body.id}`);
      await ep.getByTestId('request-detail').waitFor();
      expect(await ep.getByTestId('request-priority').textContent()).toContain('Mittel');
      const badge = ep.getByTestId('request-sla').getByTestId('sla-badge');
      await badge.waitFor();
      expect(await badge.textContent()).toMatch(/Im Plan|Gefährdet|Überschritten/);
      expect(await badge.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);

      // The IT agent sees the badge in the queue and raises the priority on the task.
      const gp = agent.page;
      await login(gp, 'agent.it@lotse.demo');
      await gp.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Aufgaben' }).click();
      await gp.getByRole('button', { name: 'Gruppe IT Service Desk' }).click();
      const row = gp.getByTestId('tasks-table').getByRole('row').filter({ hasText: started.body.reference });
      await row.getByTestId('sla-badge').waitFor();
      expect(await row.getByTestId('task-priority').textContent()).toBe('Mittel');
      await row.getByRole('link').first().click();
      await gp.getByTestId('task-detail').waitFor();
      await gp.getByLabel('Priorität ändern').selectOption('high');
      await gp.getByTestId('priority-change').getByRole('button', { name: 'Ändern' }).click();
      await gp.getByRole('status').filter({ hasText: 'Priorität auf „Hoch“ geändert' }).waitFor();
      await gp.getByTestId('timeline').getByText('Priorität von Mittel auf Hoch geändert').waitFor();
      expect((await employeeApi('GET', `/api/process-instances/${started.body.id}`)).body.priority).toBe('high');

      for (const page of [admin, owner, employee, agent]) expect(page.errors).toEqual([]);
    } finally {
      for (const page of [admin, owner, employee, agent]) await page.context.close();
    }
  });
});
