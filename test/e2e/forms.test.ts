import { describe, expect, it } from 'vitest';
import { hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';

if (!hasChromium) console.warn(`forms browser test skipped: ${NO_CHROMIUM_HINT}`);

// Here the designer preview runs the renderer and check; forms-process.test.ts links a designed
// form to a deployed process and submits it through the portal.
describe.skipIf(!hasChromium)('form designer in Chromium', () => {
  const suite = useServerAndBrowser();

  it('an owner designs a form with a required date and a conditional field, submits it wrong and then right, and saves it', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'owner.hr@lotse.demo');
      await page.goto('/forms');
      await page.getByTestId('new-form').click();
      await page.getByRole('heading', { level: 1, name: 'Neues Formular' }).waitFor();

      // A required date.
      await page.getByRole('button', { name: 'Datum hinzufügen', exact: true }).click();
      const props = page.getByTestId('field-properties');
      await props.getByLabel('Feldschlüssel').fill('start');
      await props.getByLabel('Feldschlüssel').press('Tab');
      await props.getByLabel('Beschriftung (Deutsch)').fill('Beginn');
      await props.getByLabel('Pflichtfeld').check();

      // A yes/no and a text shown only when it is yes.
      await page.getByRole('button', { name: 'Ja/Nein hinzufügen' }).click();
      await props.getByLabel('Feldschlüssel').fill('remote');
      await props.getByLabel('Feldschlüssel').press('Tab');
      await props.getByLabel('Beschriftung (Deutsch)').fill('Mobil arbeiten?');
      await page.getByRole('button', { name: 'Text hinzufügen', exact: true }).click();
      await props.getByLabel('Feldschlüssel').fill('where');
      await props.getByLabel('Feldschlüssel').press('Tab');
      await props.getByLabel('Beschriftung (Deutsch)').fill('Wo?');
      await props.getByLabel('Pflichtfeld').check();
      await props.getByLabel('Anzeigen, wenn (FEEL)').fill('=remote = true');

      const preview = page.getByTestId('designer-preview');
      await expect(preview.getByLabel('Wo?').count()).resolves.toBe(0);

      // Wrong: nothing entered; the summary lists the date, the field is marked invalid.
      await preview.getByRole('button', { name: 'Absenden' }).click();
      const summary = preview.getByTestId('error-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain('Beginn: Bitte füllen Sie dieses Feld aus.');
      expect(await preview.getByLabel('Beginn').getAttribute('aria-invalid')).toBe('true');

      // The conditional field appears and is required while it shows.
      await preview.getByLabel('Ja').check();
      await preview.getByLabel('Wo?').waitFor();
      await preview.getByLabel('Beginn').fill('2030-05-01');
      await preview.getByRole('button', { name: 'Absenden' }).click();
      await summary.filter({ hasText: 'Wo?: Bitte füllen Sie dieses Feld aus.' }).waitFor();
      expect(await preview.getByLabel('Wo?').getAttribute('aria-invalid')).toBe('true');

      // Right: keyboard only from the summary link to the field.
      await summary.getByRole('link', { name: /Wo\?/ }).click();
      await page.keyboard.type('Zuhause');
      await preview.getByRole('button', { name: 'Absenden' }).click();
      await page.getByTestId('preview-valid').waitFor();
      expect(await preview.getByTestId('error-summary').count()).toBe(0);

      await page.locator('input[name=formKey]').fill('remote-work');
      await page.locator('input[name=titleDe]').fill('Mobiles Arbeiten');
      await page.getByTestId('save-form').click();
      await page.waitForURL(/\/forms\/remote-work$/);
      await page.getByRole('status').filter({ hasText: 'Version 1 gespeichert.' }).waitFor();

      const stored = await page.evaluate(async () => (await fetch('/api/forms/remote-work')).json());
      expect(stored.definition.schema.required).toEqual(['start', 'where']);
      expect(stored.definition.ui.fields.find((f: { key: string }) => f.key === 'where').showIf).toBe('=remote = true');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
