import { describe, expect, it } from 'vitest';
import { hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';

if (!hasChromium) console.warn(`personnel file browser test skipped: ${NO_CHROMIUM_HINT}`);

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

/** Issue #20, point 1 in Chromium: HR opens and fills a file, the employee reads and downloads it, IT sees nothing. */
describe.skipIf(!hasChromium)('the personnel file in Chromium', () => {
  const suite = useServerAndBrowser();

  it('HR files a contract with progress, the employee downloads it from the portal and sees who looked, an IT agent finds no file', async () => {
    const hr = await newPage(suite.browser, suite.server.url);
    let employeeId = '';
    try {
      await login(hr.page, 'owner.hr@lotse.demo');
      await hr.page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Personalakten' }).click();
      const open = hr.page.getByTestId('open-file');
      await open.getByLabel('E-Mail der Mitarbeiterin oder des Mitarbeiters').fill('employee@lotse.demo');
      await open.getByLabel('Geführt von').selectOption({ label: 'HR' });
      await open.getByRole('button', { name: 'Akte anlegen' }).click();
      await hr.page.getByTestId('file-list').getByRole('link', { name: 'Erika Mustermann' }).click();
      await hr.page.getByRole('heading', { name: 'Personalakte von Erika Mustermann' }).waitFor();
      employeeId = hr.page.url().split('/').pop()!;

      const form = hr.page.getByTestId('document-upload');
      await form.getByLabel('Art').selectOption({ label: 'Arbeitsvertrag' });
      await form.getByLabel('Titel').fill('Arbeitsvertrag 2024');
      await form.getByLabel('Datum').fill('2024-03-01');
      await hr.page.getByTestId('document-file').setInputFiles({ name: 'vertrag.pdf', mimeType: 'application/pdf', buffer: PDF });
      await hr.page.getByTestId('document-submit').click();
      await hr.page.locator('tr[data-document="Arbeitsvertrag 2024"]').waitFor();
      expect(hr.errors).toEqual([]);
    } finally {
      await hr.context.close();
    }

    const emp = await newPage(suite.browser, suite.server.url);
    try {
      await login(emp.page, 'employee@lotse.demo');
      await emp.page.getByTestId('my-documents').click();
      const row = emp.page.locator('tr[data-document="Arbeitsvertrag 2024"]');
      await row.waitFor();
      expect(await row.textContent()).toContain('Arbeitsvertrag');
      const [download] = await Promise.all([emp.page.waitForEvent('download'), row.getByTestId('download').click()]);
      const path = await download.path();
      expect(Buffer.from(await import('node:fs').then((fs) => fs.readFileSync(path))).equals(PDF)).toBe(true);
      await emp.page.reload();
      await emp.page.getByTestId('access-log').getByText('heruntergeladen').first().waitFor();
      expect(await emp.page.getByTestId('access-log').textContent()).toContain('Hanna Hoffmann (HR owner)');
      // No form to file contracts: employees may only upload sick notes and training certificates.
      expect(await emp.page.getByTestId('document-upload').getByLabel('Art').locator('option').allTextContents()).toEqual(['Art wählen …', 'Krankmeldung', 'Schulung']);
      expect(emp.errors).toEqual([]);
    } finally {
      await emp.context.close();
    }

    const it2 = await newPage(suite.browser, suite.server.url);
    try {
      await login(it2.page, 'agent.it@lotse.demo');
      await it2.page.goto(`${suite.server.url}/personnel-files/${employeeId}`);
      await it2.page.getByTestId('no-file').waitFor();
      expect(await it2.page.content()).not.toContain('Arbeitsvertrag 2024');
    } finally {
      await it2.context.close();
    }
  });
});
