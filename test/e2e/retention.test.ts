import { describe, expect, it } from 'vitest';
import { checkA11y } from '../support/a11y';
import { processDeployment } from '../support/processes';
import { apiSession, hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';

if (!hasChromium) console.warn(`retention browser test skipped: ${NO_CHROMIUM_HINT}`);

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

/** Issue #20, point 4 in Chromium at phone width: an HR owner keeps sick notes 3 years, holds and releases Max, reads the deletion log; an agent sees nothing. */
describe.skipIf(!hasChromium)('the retention page in Chromium', () => {
  const suite = useServerAndBrowser();

  it('an HR owner sets a rule, places and releases a legal hold, and reads an intact deletion log', async () => {
    const { page, context, errors } = await newPage(suite.browser, suite.server.url);
    const owner = await apiSession(suite.server.url, 'owner.hr@lotse.demo');
    const hr = (await owner('GET', '/api/departments')).body.items.find((d: { key: string }) => d.key === 'hr');
    // A service of HR with one open request, for a request-data rule and a hold on a request.
    expect((await owner('POST', '/api/deployments', processDeployment('hr-vacation-request'))).status).toBe(201);
    const employee2 = await apiSession(suite.server.url, 'employee2@lotse.demo');
    const started = await employee2('POST', '/api/process-instances', { processKey: 'hr-vacation-request', variables: { leaveType: 'annual', firstDay: '2026-07-06', lastDay: '2026-07-10', days: 5, manager: 'employee@lotse.demo', deputy: 'Erika' } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await login(page, 'owner.hr@lotse.demo');
      await page.goto('/personnel-files');
      await page.getByTestId('retention-link').click();
      await page.getByRole('heading', { name: 'Aufbewahrung und Legal Holds' }).waitFor();

      // Document rules: a wrong value is named at its field, then "sick note: 3 years from the end of its year".
      const docs = page.getByTestId('retention-docs');
      await docs.getByLabel('Jahre aufbewahren: Arbeitsvertrag').fill('150');
      await docs.getByRole('button', { name: 'Dokumentregeln speichern' }).click();
      await docs.locator('tr[data-type="contract"] .field-error').waitFor();
      expect(await docs.getByRole('alert').textContent()).toContain('Bitte prüfen Sie die markierten Felder.');
      expect(await docs.locator('tr[data-type="sick_note"] .field-error').count()).toBe(0);
      await docs.getByLabel('Jahre aufbewahren: Arbeitsvertrag').fill('10');
      await docs.getByLabel('Jahre aufbewahren: Krankmeldung').fill('3');
      await docs.getByLabel('Gezählt für Krankmeldung').selectOption({ label: 'ab dem Ende seines Jahres' });
      await docs.getByLabel('Jahre aufbewahren: Krankmeldung').press('Enter');
      await docs.getByRole('status').getByText('Gespeichert.').waitFor();
      expect((await owner('GET', `/api/retention/rules/${hr.id}`)).body.items).toEqual([
        { documentType: 'contract', years: 10, anchor: 'document_date' },
        { documentType: 'sick_note', years: 3, anchor: 'end_of_year' },
      ]);

      // Request data: closed vacation requests anonymised 2 years after closing.
      const requests = page.getByTestId('retention-requests');
      await requests.getByRole('button', { name: 'Dienst hinzufügen' }).click();
      await requests.getByLabel('Dienst', { exact: true }).selectOption({ label: 'Vacation request' });
      await requests.getByLabel(/^Jahre nach Abschluss/).fill('2');
      await requests.getByRole('button', { name: 'Anfrageregeln speichern' }).click();
      await requests.getByRole('status').getByText('Gespeichert.').waitFor();
      expect((await owner('GET', `/api/retention/request-rules/${hr.id}`)).body.items).toEqual([{ processKey: 'hr-vacation-request', years: 2 }]);

      // A hold on the request by its reference (typed in lower case), listed with it.
      const holds = page.getByTestId('retention-holds');
      await holds.getByLabel('eine Anfrage').check();
      await holds.getByLabel('Referenz oder ID der Anfrage').fill(started.body.reference.toLowerCase());
      await holds.getByLabel('Grund').fill('Prüfung');
      await holds.getByRole('button', { name: 'Legal Hold setzen' }).click();
      await holds.locator(`tr[data-hold="${started.body.reference}"]`).getByText(`Anfrage ${started.body.reference}`).waitFor();
      await holds.getByLabel('eine Person').check();

      // A legal hold on Max, by keyboard; an unknown e-mail is named at its field first.
      await holds.getByLabel('E-Mail der Person').fill('nobody@lotse.demo');
      await holds.getByLabel('Grund').fill('Arbeitsgerichtsverfahren 3 Ca 12/26');
      await page.keyboard.press('Enter');
      await holds.getByText('Niemand hat diese E-Mail-Adresse.').waitFor();
      await holds.getByLabel('E-Mail der Person').fill('employee2@lotse.demo');
      await holds.getByLabel('E-Mail der Person').press('Enter');
      const held = holds.locator('tr[data-hold="employee2@lotse.demo"]');
      await held.waitFor();
      expect(await held.textContent()).toMatch(/Max Mustermann.*Arbeitsgerichtsverfahren 3 Ca 12\/26/);
      expect(await checkA11y(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      // Released after a confirmation.
      await holds.getByRole('button', { name: 'Legal Hold auf Max Mustermann (employee2@lotse.demo) aufheben' }).focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Legal Hold aufheben?' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('Max Mustermann');
      await dialog.getByRole('button', { name: 'Aufheben' }).click();
      await holds.getByText('Legal Hold aufgehoben.').waitFor();
      await held.waitFor({ state: 'detached' });
      expect((await owner('GET', '/api/retention/holds')).body.items.map((h: { reference: string | null }) => h.reference)).toEqual([started.body.reference]);

      // Something in the log: an admin erases Erika, whose HR file holds a 2020 sick note (expired under the rule).
      const admin = await apiSession(suite.server.url, 'admin@lotse.demo');
      const erika = (await admin('GET', '/api/privacy/people?q=employee@lotse.demo')).body.items.find((p: { email: string }) => p.email === 'employee@lotse.demo');
      expect((await owner('POST', '/api/personnel-files', { employeeEmail: 'employee@lotse.demo', departmentId: hr.id })).status).toBe(201);
      const cookie = await sessionCookie(suite.server.url, 'owner.hr@lotse.demo');
      const filed = await fetch(`${suite.server.url}/api/personnel-files/${erika.id}/documents?type=sick_note&title=AU+Erika&date=2020-03-02&filename=au.pdf&absentFrom=2020-03-02&absentTo=2020-03-04`,
        { method: 'POST', body: PDF, headers: { cookie, 'x-lotse-csrf': '1', 'content-type': 'application/pdf' } });
      expect(filed.status).toBe(201);
      expect((await admin('POST', `/api/privacy/people/${erika.id}/erase`, { confirm: 'employee@lotse.demo' })).status).toBe(200);

      await page.reload();
      const log = page.getByTestId('retention-log');
      await log.getByTestId('chain-status').getByText('Kette intakt').waitFor();
      const entries = await log.getByTestId('deletion-log').textContent();
      expect(entries).toContain('Dokument: Krankmeldung, vom 2020-03-02');
      expect(entries).not.toContain('AU Erika');
      expect(await checkA11y(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an agent gets no retention data: the server refuses, the page says so politely (English)', async () => {
    const agent = await apiSession(suite.server.url, 'agent.hr@lotse.demo');
    const hr = (await agent('GET', '/api/departments')).body.items.find((d: { key: string }) => d.key === 'hr');
    expect((await agent('GET', `/api/retention/rules/${hr.id}`)).status).toBe(403);
    expect((await agent('GET', '/api/retention/holds')).status).toBe(403);
    expect((await agent('GET', '/api/retention/deletion-log')).status).toBe(403);
    const otherOwner = await apiSession(suite.server.url, 'owner.it@lotse.demo');
    expect((await otherOwner('GET', `/api/retention/rules/${hr.id}`)).status).toBe(404);

    const { page, context, errors } = await newPage(suite.browser, suite.server.url, 'en-US');
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await login(page, 'agent.hr@lotse.demo');
      await page.goto('/personnel-files');
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.getByTestId('retention-link').count()).toBe(0);
      await page.goto(`/retention?department=${hr.id}`);
      await page.getByTestId('retention-denied').getByText('You own no department, so there is nothing to show here.').waitFor();
      expect(await page.getByTestId('retention-holds').count()).toBe(0);
      expect(await checkA11y(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

async function sessionCookie(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lotse-csrf': '1' }, body: JSON.stringify({ email, password: 'demo' }) });
  return (res.headers.get('set-cookie') ?? '').split(';')[0];
}
