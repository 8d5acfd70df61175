/**
 * Issue #20, point 3 in Chromium: an HR agent files a sick note with the days it covers in the
 * personnel file (at 390 px, checked with axe), it shows in the file and in the team calendar, the
 * employee reads it read-only under "My documents", and HR cancels it after a confirmation.
 */
import { describe, expect, it } from 'vitest';
import { checkA11y } from '../support/a11y';
import { apiSession, hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';

if (!hasChromium) console.warn(`absences browser test skipped: ${NO_CHROMIUM_HINT}`);

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!hasChromium)('absences from the personnel file in Chromium', () => {
  const suite = useServerAndBrowser();

  it('HR files a sick note with its days; it shows in the file and the team calendar, the employee reads it, HR cancels it', async () => {
    const url = suite.server.url;
    const ownerHr = await apiSession(url, 'owner.hr@lotse.demo');
    const hrId = (await ownerHr('GET', '/api/departments')).body.items.find((d: { key: string }) => d.key === 'hr').id;
    expect((await ownerHr('POST', '/api/personnel-files', { employeeEmail: 'employee@lotse.demo', departmentId: hrId })).status).toBe(201);
    const [from, to] = [day(0), day(2)];

    const hr = await newPage(suite.browser, url);
    hr.page.setDefaultTimeout(30_000);
    try {
      await hr.page.setViewportSize({ width: 390, height: 844 });
      await login(hr.page, 'agent.hr@lotse.demo');
      await hr.page.goto('/personnel-files');
      await hr.page.getByTestId('file-list').getByRole('link', { name: 'Erika Mustermann' }).click();
      const form = hr.page.getByTestId('document-upload');
      await form.locator('select').first().selectOption('sick_note');
      // The sick note asks for the days it covers.
      const fields = form.getByTestId('absence-fields');
      await fields.waitFor();
      await form.getByLabel('Titel').fill('AU Erika');
      await fields.getByLabel('Abwesend von').fill(from);
      await fields.getByLabel('Abwesend bis').fill(to);
      await fields.getByLabel('Vertretung (E-Mail, optional)').fill('nobody@lotse.demo');
      await form.getByTestId('document-file').setInputFiles({ name: 'au.pdf', mimeType: 'application/pdf', buffer: PDF });
      await form.getByTestId('document-submit').click();
      // An unknown substitute is refused beside its field, and nothing is filed.
      await fields.getByText('Unter dieser E-Mail-Adresse gibt es kein Konto.').waitFor();
      expect(await hr.page.locator('tr[data-document="AU Erika"]').count()).toBe(0);
      await fields.getByLabel('Vertretung (E-Mail, optional)').fill('owner.hr@lotse.demo');
      await form.getByTestId('document-submit').click();

      await hr.page.locator('tr[data-document="AU Erika"]').waitFor();
      const row = hr.page.getByTestId('file-absences').locator(`tr[data-absence="${from}/${to}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain('krank');
      expect(await row.textContent()).toContain('Dokument: AU Erika');
      expect(await row.textContent()).toContain('Hanna Hoffmann');
      expect(await hr.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await checkA11y(hr.page)).toEqual([]);

      // The team calendar shows Erika away today, with her substitute.
      await hr.page.goto('/personnel-files');
      await hr.page.getByTestId('team-calendar-link').click();
      const detail = hr.page.getByTestId('day-detail');
      await detail.locator('[data-absence="employee@lotse.demo"]').waitFor();
      expect(await detail.textContent()).toContain('krank');
      expect(await detail.textContent()).toContain('Vertretung: Hanna Hoffmann');

      // The employee reads her own absence under "My documents", without a cancel button.
      const emp = await newPage(suite.browser, url);
      try {
        await login(emp.page, 'employee@lotse.demo');
        await emp.page.goto('/portal/documents');
        const own = emp.page.getByTestId('file-absences').locator(`tr[data-absence="${from}/${to}"]`);
        await own.waitFor();
        expect(await own.textContent()).toContain('krank');
        expect(await emp.page.getByTestId('absence-cancel').count()).toBe(0);
        expect(await checkA11y(emp.page)).toEqual([]);
        expect(emp.errors).toEqual([]);
      } finally {
        await emp.context.close();
      }

      // HR cancels it by keyboard, after a confirmation.
      await hr.page.goto('/personnel-files');
      await hr.page.getByTestId('file-list').getByRole('link', { name: 'Erika Mustermann' }).click();
      await hr.page.getByTestId('file-absences').locator(`tr[data-absence="${from}/${to}"]`).waitFor();
      await hr.page.getByTestId('absence-cancel').focus();
      await hr.page.keyboard.press('Enter');
      const dialog = hr.page.getByRole('dialog');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('Vertretung endet sofort');
      expect(await checkA11y(hr.page)).toEqual([]);
      await dialog.getByRole('button', { name: 'Abwesenheit aufheben' }).click();
      await hr.page.getByTestId('file-absences').getByRole('status').waitFor();
      await hr.page.getByTestId('file-absences').locator(`tr[data-absence="${from}/${to}"]`).waitFor({ state: 'detached' });
      expect(await hr.page.getByTestId('file-absences').textContent()).toContain('Keine Abwesenheiten eingetragen.');
      const month = from.slice(0, 7);
      const cal = await ownerHr('GET', `/api/absences/calendar/${hrId}?month=${month}`);
      expect(cal.body.items).toEqual([]);
      expect(hr.errors).toEqual([]);
    } finally {
      await hr.context.close();
    }
  }, 180_000);
});
