import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { apiSession, hasChromium, launchBrowser, login, newPage, NO_CHROMIUM_HINT, startServer, type TestServer } from '../support/e2e';

if (!hasChromium) console.warn(`portal browser test skipped: ${NO_CHROMIUM_HINT}`);

const templateXml = fs.readFileSync(new URL('../../processes/it-equipment-request/process.bpmn', import.meta.url), 'utf8');

/** A real SMTP server on a free local port that keeps what it receives (issue 6: "the mail reached"). */
async function localSmtp() {
  const received: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString()));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const requestForm = {
  schema: {
    type: 'object',
    properties: { item: { type: 'string', enum: ['laptop', 'monitor', 'headset'] }, reason: { type: 'string', minLength: 3, maxLength: 500 } },
    required: ['item', 'reason'],
  },
  ui: {
    fields: [
      { key: 'item', kind: 'select', label: { de: 'Gerät', en: 'Item' }, options: [{ value: 'laptop', label: { de: 'Laptop', en: 'Laptop' } }, { value: 'monitor', label: { de: 'Bildschirm', en: 'Monitor' } }, { value: 'headset', label: { de: 'Headset', en: 'Headset' } }] },
      { key: 'reason', kind: 'textarea', label: { de: 'Begründung', en: 'Reason' } },
    ],
  },
};

const reviewForm = {
  schema: { type: 'object', properties: { approved: { type: 'boolean' }, note: { type: 'string', maxLength: 500 } }, required: ['approved'] },
  ui: { fields: [{ key: 'approved', kind: 'yesno', label: { de: 'Genehmigt?', en: 'Approved?' } }, { key: 'note', kind: 'textarea', label: { de: 'Notiz', en: 'Note' } }] },
};

async function claimAndOpen(page: Page, reference: string, taskName: string): Promise<void> {
  const row = page.getByTestId('tasks-table').getByRole('row').filter({ hasText: reference }).filter({ hasText: taskName });
  await row.waitFor();
  await row.getByRole('button', { name: 'Übernehmen' }).click();
  await page.getByRole('status').filter({ hasText: `„${taskName}“ gehört jetzt Ihnen.` }).waitFor();
  await row.getByRole('link', { name: taskName }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(taskName) }).waitFor();
}

describe.skipIf(!hasChromium)('portal and task list in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof localSmtp>>;

  beforeAll(async () => {
    smtp = await localSmtp();
    server = await startServer({ SMTP_URL: smtp.url });
    browser = await launchBrowser();

    // The IT owner publishes the template with its two forms.
    const owner = await apiSession(server.url, 'owner.it@lotse.demo');
    const it = ((await owner('GET', '/api/departments')).body.items as { id: string; key: string }[]).find((d) => d.key === 'it')!;
    for (const [key, definition, title] of [['it-equipment-request', requestForm, 'IT-Ausstattung'], ['it-equipment-review', reviewForm, 'Prüfung']] as const) {
      if ((await owner('GET', `/api/forms/${key}`)).status === 404) {
        const created = await owner('POST', '/api/forms', { key, departmentId: it.id, title: { de: title, en: title }, definition });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
      }
    }
    const deployed = await owner('POST', '/api/deployments', { xml: templateXml });
    expect([200, 201], JSON.stringify(deployed.body)).toContain(deployed.status);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('an employee requests IT equipment, an IT agent handles it, the employee sees it done and rates it', async () => {
    const employee = await newPage(browser, server.url);
    const agent = await newPage(browser, server.url);
    try {
      // The employee picks the service in the catalog, fills its form and submits.
      const ep = employee.page;
      await login(ep, 'employee@lotse.demo');
      await ep.getByRole('heading', { level: 1, name: 'Portal' }).waitFor();
      await ep.getByRole('searchbox', { name: 'Services durchsuchen' }).fill('laptop');
      await ep.getByRole('link', { name: 'IT-Ausstattung anfordern' }).click();
      await ep.getByRole('heading', { level: 2, name: 'IT-Ausstattung anfordern' }).waitFor();
      // Sent empty, the form says what is missing, before anything reaches the server.
      await ep.getByRole('button', { name: 'Antrag absenden' }).click();
      await ep.getByTestId('error-summary').waitFor();
      await ep.getByLabel('Gerät').selectOption('laptop');
      await ep.getByLabel('Begründung').fill('Mein Laptop startet nicht mehr.');
      await ep.getByRole('button', { name: 'Antrag absenden' }).click();
      await ep.getByRole('heading', { name: 'Ihr Antrag ist eingegangen' }).waitFor();
      const reference = (await ep.getByTestId('request-reference').textContent())!.trim();
      expect(reference).toMatch(/^IT-\d{4}-\d+$/);

      // Following it: the current step in words and highlighted on the lazily loaded diagram.
      await ep.getByRole('link', { name: 'Antrag verfolgen' }).click();
      await ep.getByTestId('request-detail').waitFor();
      expect(await ep.getByTestId('current-step').textContent()).toContain('In Bearbeitung: Antrag prüfen');
      await ep.locator('[data-testid=diagram] .djs-element.lotse-active[data-element-id=Review]').waitFor();

      // The agent finds it in the IT queue, claims it and approves it with the task form.
      const ap = agent.page;
      await login(ap, 'agent.it@lotse.demo');
      await ap.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Aufgaben' }).click();
      await ap.getByRole('button', { name: 'Gruppe IT Service Desk' }).click();
      await claimAndOpen(ap, reference, 'Antrag prüfen');
      expect(await ap.getByTestId('request-data').textContent()).toContain('Mein Laptop startet nicht mehr.');
      await ap.getByRole('radio', { name: 'Ja' }).check();
      await ap.getByLabel('Notiz', { exact: true }).fill('Modell X14 bestellt');
      await ap.getByRole('button', { name: 'Erledigen' }).click();
      await ap.waitForURL(/\/tasks(\?|$)/);

      // The next step arrives in the queue without a reload; the agent hands the laptop over.
      await ap.getByRole('button', { name: 'Gruppe IT Service Desk' }).click();
      await claimAndOpen(ap, reference, 'Bestellen und übergeben');
      await ap.getByRole('button', { name: 'Erledigen' }).click();
      await ap.waitForURL(/\/tasks(\?|$)/);
      expect(agent.errors).toEqual([]);

      // The employee's open page shows the request done without a reload (live events), with its timeline.
      const status = ep.getByTestId('request-status');
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('Erledigt');
      const timeline = ep.getByTestId('timeline');
      await expect.poll(() => timeline.textContent(), { timeout: 10_000 }).toContain('Antrag abgeschlossen');
      const text = (await timeline.textContent())!;
      expect(text).toContain('Antrag gestellt');
      expect(text).toContain('Übernommen: Antrag prüfen');
      expect(text).toContain('Erledigt: Antrag prüfen');
      // Who acted is shown by name (looked up in the directory), not by address.
      await expect.poll(() => timeline.textContent(), { timeout: 10_000 }).toContain('von Tim Teufel (IT agent)');
      expect(await timeline.textContent()).not.toContain('agent.it@lotse.demo');
      await ep.getByRole('radio', { name: '5 von 5' }).check();
      await ep.getByLabel('Kommentar (optional)').fill('Schnell und freundlich.');
      await ep.getByRole('button', { name: 'Bewertung senden' }).click();
      await ep.getByTestId('rating').filter({ hasText: 'Sie haben mit 5 von 5 bewertet.' }).waitFor();

      // "My requests" lists it under "done".
      await ep.getByRole('navigation', { name: 'Portalbereiche' }).getByRole('link', { name: 'Meine Anträge' }).click();
      await ep.getByRole('button', { name: 'Erledigt' }).click();
      await ep.getByTestId('requests-table').getByRole('row').filter({ hasText: reference }).waitFor();
      expect(employee.errors).toEqual([]);

      // The mail about the request reached the local SMTP server.
      await expect
        .poll(() => smtp.received.some((m) => m.to.includes('employee@lotse.demo') && m.raw.includes(reference)), { timeout: 20_000 })
        .toBe(true);
    } finally {
      await employee.context.close();
      await agent.context.close();
    }
  });
});
