/**
 * Issue #20 "Done when" in Chromium: an employee requests an employment certificate in the portal
 * and downloads the generated PDF from the portal minutes (here: seconds) later — its text read
 * with pdf.js; an HR agent sees it in the personnel file. And the team calendar at 390 px, by
 * keyboard, with the accessibility check.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y } from '../support/a11y';
import { apiSession, hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';
import { pdfText } from '../support/pdf-text';
import { processDeployment } from '../support/processes';

if (!hasChromium) console.warn(`employment certificate browser test skipped: ${NO_CHROMIUM_HINT}`);

async function downloadText(page: Page, click: () => Promise<void>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return pdfText(new Uint8Array(fs.readFileSync(await download.path())));
}

describe.skipIf(!hasChromium)('the employment certificate and the team calendar in Chromium', () => {
  // The compiled server `npm start` runs: deploy (compile worker), PDF rendering (fonts), jobs, static files.
  const suite = useServerAndBrowser({}, { entry: 'bundle' });

  it('an employee requests the certificate in the portal and downloads the PDF; HR sees it in the personnel file', async () => {
    const url = suite.server.url;
    const ownerHr = await apiSession(url, 'owner.hr@lotse.demo');
    const deployed = await ownerHr('POST', '/api/deployments', processDeployment('hr-employment-certificate'));
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    const hrId = (await ownerHr('GET', '/api/departments')).body.items.find((d: { key: string }) => d.key === 'hr').id;
    expect((await ownerHr('POST', '/api/personnel-files', { employeeEmail: 'employee@lotse.demo', departmentId: hrId })).status).toBe(201);

    // The HR agent enters the master data the certificate needs.
    const hr = await newPage(suite.browser, url);
    hr.page.setDefaultTimeout(45_000);
    try {
      await login(hr.page, 'agent.hr@lotse.demo');
      await hr.page.goto('/personnel-files');
      await hr.page.getByTestId('file-list').getByRole('link', { name: 'Erika Mustermann' }).click();
      const md = hr.page.getByTestId('master-data');
      await md.getByLabel('Eintrittsdatum').fill('2021-04-01');
      await md.getByLabel('Tätigkeit / Position').fill('Sachbearbeiterin Einkauf');
      await md.getByTestId('master-save').click();
      await md.getByText('Gespeichert.').waitFor();
      expect(hr.errors).toEqual([]);
    } finally {
      await hr.context.close();
    }

    const emp = await newPage(suite.browser, url);
    emp.page.setDefaultTimeout(45_000);
    try {
      await login(emp.page, 'employee@lotse.demo');
      await emp.page.goto('/portal');
      await emp.page.getByTestId('service-hr-employment-certificate').click();
      await emp.page.getByLabel('Zur Vorlage bei (optional)').fill('der Hausverwaltung');
      await emp.page.getByRole('button', { name: 'Antrag absenden' }).click();
      await emp.page.getByTestId('request-started').waitFor();
      const reference = await emp.page.getByTestId('request-reference').textContent();
      const requestId = await emp.page.evaluate(async (ref) => (await (await fetch('/api/process-instances?mine=1')).json()).items.find((r: { reference: string }) => r.reference === ref).id, reference);
      await emp.page.goto(`/portal/requests/${requestId}`);
      // The job worker renders and files it within seconds; the request shows the attachment.
      const link = emp.page.getByTestId('attachments').getByRole('link', { name: /^Arbeitsbescheinigung-\d{4}-\d{2}-\d{2}\.pdf$/ });
      for (let i = 0; i < 60 && !(await link.count()); i++) {
        await emp.page.waitForTimeout(1000);
        await emp.page.reload();
        await emp.page.getByTestId('request-detail').or(emp.page.locator('main h1')).first().waitFor();
      }
      if (!(await link.count())) {
        const state = await emp.page.evaluate(async () => {
          const mine = await (await fetch('/api/process-instances?mine=1')).json();
          const first = mine.items?.[0];
          return JSON.stringify({ first, detail: first ? await (await fetch(`/api/process-instances/${first.id}`)).json() : null });
        });
        throw new Error(`no certificate attached after 60 s at ${emp.page.url()}: ${state.slice(0, 3000)}`);
      }
      const fromRequest = await downloadText(emp.page, () => link.click());
      expect(fromRequest).toContain('Arbeitsbescheinigung');
      expect(fromRequest).toContain('Erika Mustermann');
      expect(fromRequest).toContain('seit dem 1. April 2021 bei uns als Sachbearbeiterin Einkauf beschäftigt');
      expect(fromRequest).toContain('zur Vorlage bei der Hausverwaltung');

      // The same document under "My documents".
      await emp.page.getByTestId('my-documents').click();
      const row = emp.page.locator('tr[data-document="Arbeitsbescheinigung"]');
      await row.waitFor();
      expect(await row.textContent()).toContain('erzeugt');
      expect(await downloadText(emp.page, () => row.getByTestId('download').click())).toBe(fromRequest);
      expect(emp.errors).toEqual([]);
    } finally {
      await emp.context.close();
    }

    const hr2 = await newPage(suite.browser, url);
    try {
      await login(hr2.page, 'agent.hr@lotse.demo');
      await hr2.page.goto('/personnel-files');
      await hr2.page.getByTestId('file-list').getByRole('link', { name: 'Erika Mustermann' }).click();
      const row = hr2.page.locator('tr[data-document="Arbeitsbescheinigung"]');
      await row.waitFor();
      expect(await row.textContent()).toContain('Bescheinigung');
      expect(await downloadText(hr2.page, () => row.getByTestId('download').click())).toContain('Sachbearbeiterin Einkauf');
    } finally {
      await hr2.context.close();
    }
  }, 300_000);

  it('the team calendar at 390 px: an HR agent walks the month by keyboard and reads who is away', async () => {
    const url = suite.server.url;
    const agent = await apiSession(url, 'agent.hr@lotse.demo');
    const hrId = (await agent('GET', '/api/departments')).body.items.find((d: { key: string }) => d.key === 'hr').id;
    const today = new Date().toISOString().slice(0, 10);
    const r = await agent('POST', '/api/absences', { employeeEmail: 'employee@lotse.demo', departmentId: hrId, kind: 'sick', firstDay: today, lastDay: today, substituteEmail: 'owner.hr@lotse.demo' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);

    const { context, page, errors } = await newPage(suite.browser, url);
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await login(page, 'agent.hr@lotse.demo');
      await page.goto('/personnel-files');
      await page.getByTestId('team-calendar-link').click();
      const grid = page.getByTestId('calendar-grid');
      await grid.waitFor();
      const detail = page.getByTestId('day-detail');
      await detail.locator('[data-absence="employee@lotse.demo"]').waitFor();
      expect(await detail.textContent()).toContain('krank');
      expect(await detail.textContent()).toContain('Vertretung: Hanna Hoffmann (HR owner)');
      // Nothing wider than the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      // Keyboard: the selected day is the one tab stop; arrows move the day, Page Down the month.
      await grid.locator(`[data-day="${today}"]`).focus();
      await page.keyboard.press('ArrowRight');
      const next = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.day);
      expect(next).toBe(new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
      await page.keyboard.press('ArrowLeft');
      expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.day)).toBe(today);
      const title = await page.locator('.calendar-month').textContent();
      await page.keyboard.press('PageDown');
      await expect.poll(() => page.locator('.calendar-month').textContent()).not.toBe(title);
      expect(await detail.textContent()).toContain('An diesem Tag ist niemand abwesend.');
      await page.keyboard.press('PageUp');
      await detail.locator('[data-absence="employee@lotse.demo"]').waitFor();

      expect(await checkA11y(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
