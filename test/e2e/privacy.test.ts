import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkA11y } from '../support/a11y';
import { apiSession, hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';

if (!hasChromium) console.warn(`privacy browser test skipped: ${NO_CHROMIUM_HINT}`);

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

/** Issue #20, point 5 in Chromium at phone width, by keyboard: an admin exports and erases Max; the kept contract is named. */
describe.skipIf(!hasChromium)('the privacy page in Chromium', () => {
  const suite = useServerAndBrowser();

  it('finds a person, downloads the export, and erases after a confirmation naming what is kept', async () => {
    const admin = await apiSession(suite.server.url, 'admin@lotse.demo');
    const hr = (await admin('GET', '/api/departments')).body.items.find((d: { key: string }) => d.key === 'hr');
    const max = (await admin('GET', '/api/privacy/people?q=employee2')).body.items[0];
    expect((await admin('POST', '/api/personnel-files', { employeeEmail: 'employee2@lotse.demo', departmentId: hr.id })).status).toBe(201);
    expect((await admin('PUT', `/api/retention/rules/${hr.id}`, { rules: [{ documentType: 'contract', years: 10, anchor: 'document_date' }] })).status).toBe(200);
    const login0 = await fetch(`${suite.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lotse-csrf': '1' }, body: JSON.stringify({ email: 'admin@lotse.demo', password: 'demo' }) });
    const cookie = (login0.headers.get('set-cookie') ?? '').split(';')[0];
    const filed = await fetch(`${suite.server.url}/api/personnel-files/${max.id}/documents?type=contract&title=Arbeitsvertrag+Max&date=2024-01-01&filename=vertrag.pdf`,
      { method: 'POST', body: PDF, headers: { cookie, 'x-lotse-csrf': '1', 'content-type': 'application/pdf' } });
    expect(filed.status).toBe(201);

    const { page, context, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await login(page, 'admin@lotse.demo');
      await page.goto('/privacy');
      await page.getByRole('heading', { name: 'Datenschutz: Auskunft und Löschung' }).waitFor();
      await page.getByLabel('Person suchen (Name oder E-Mail)').fill('Max');
      await page.keyboard.press('Enter');
      const hit = page.getByTestId('privacy-hits').getByRole('button', { name: 'Max Mustermann' });
      await hit.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Max Mustermann' }).waitFor();

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('privacy-export').click()]);
      const zip = unzipSync(new Uint8Array(readFileSync(await download.path())));
      expect(JSON.parse(strFromU8(zip['person.json'])).email).toBe('employee2@lotse.demo');
      const file = JSON.parse(strFromU8(zip['personnel-file.json']));
      expect(Buffer.from(zip[file.documents[0].path]).equals(PDF)).toBe(true);

      await page.getByTestId('privacy-erase').focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Max Mustermann löschen' });
      await dialog.waitFor();
      expect(await dialog.getByTestId('privacy-kept').textContent()).toMatch(/Arbeitsvertrag Max.*Aufbewahrungspflicht \(10 Jahre, bis 2034-01-01\)/);
      const submit = dialog.getByRole('button', { name: 'Endgültig löschen' });
      expect(await submit.isDisabled()).toBe(true);
      expect(await checkA11y(page)).toEqual([]);
      await dialog.getByLabel(/Zur Bestätigung/).fill('employee2@lotse.demo');
      await page.keyboard.press('Enter');
      await page.getByTestId('privacy-result').getByText('Gelöscht: 0 Anfragen anonymisiert, 0 Dokumente gelöscht.').waitFor();
      await page.getByText(/Löschung · /).first().waitFor();
      expect(await checkA11y(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
