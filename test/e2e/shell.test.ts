import { describe, expect, it } from 'vitest';
import { hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';

if (!hasChromium) console.warn(`shell browser test skipped: ${NO_CHROMIUM_HINT}`);

describe.skipIf(!hasChromium)('app shell in Chromium', () => {
  const suite = useServerAndBrowser();

  it('an employee sees the portal but not the admin area, switches language and signs out', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'employee@lotse.demo');
      const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
      await expect(nav.getByRole('link', { name: 'Portal' }).isVisible()).resolves.toBe(true);
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Portal', 'Wissen']);
      await page.getByRole('heading', { level: 1, name: 'Portal' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('de');

      // Typing the admin address shows "not allowed" instead of the admin screens.
      await page.goto('/admin/users');
      await page.getByRole('heading', { level: 1, name: 'Kein Zugriff' }).waitFor();
      await page.goto('/portal');

      await page.getByLabel('Sprache').selectOption('en');
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('main p').first().textContent()).toContain('Pick a service from the catalog');

      await page.getByLabel('Language').selectOption('de');
      await page.getByRole('button', { name: 'Abmelden' }).click();
      await page.waitForURL(/\/login$/);
      await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();

      // The session is really gone: a protected page sends us back to the login form.
      await page.goto('/portal');
      await page.waitForURL(/\/login\?redirect=/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a wrong password shows the server-backed error message', async () => {
    const { context, page } = await newPage(suite.browser, suite.server.url);
    try {
      await page.goto('/login');
      await page.locator('input[name=email]').fill('employee@lotse.demo');
      await page.locator('input[name=password]').fill('falsch');
      await page.locator('form button[type=submit]').click();
      await page.getByRole('alert').filter({ hasText: 'E-Mail oder Passwort falsch.' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('an admin creates a user in the admin area, who can then sign in', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'admin@lotse.demo');
      await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' }).click();
      await page.getByRole('heading', { level: 2, name: 'Benutzer' }).waitFor();
      await page.getByRole('table').getByText('Erika Mustermann').waitFor();

      await page.getByRole('button', { name: 'Neuer Benutzer' }).click();
      const dialog = page.getByRole('dialog', { name: 'Neuer Benutzer' });
      await dialog.getByLabel('Name').fill('Paula Probe');
      await dialog.getByLabel('E-Mail').fill('paula@lotse.demo');
      await dialog.getByLabel('Analyse (Kennzahlen)').check();
      await dialog.getByLabel('IT Service Desk').check();
      // A short password is refused at the field, in German (NIST: at least 12 characters).
      await dialog.locator('input[type=password]').fill('geheim123');
      await dialog.getByRole('button', { name: 'Anlegen' }).click();
      await dialog.getByText('Das Passwort muss mindestens 12 Zeichen lang sein.').waitFor();
      await dialog.locator('input[type=password]').fill('Gartenzaun im Nebel 7');
      await dialog.getByRole('button', { name: 'Anlegen' }).click();

      await page.getByRole('status').filter({ hasText: '„Paula Probe“ wurde gespeichert.' }).waitFor();
      const row = page.getByRole('row').filter({ hasText: 'paula@lotse.demo' });
      await row.waitFor();
      expect(await row.textContent()).toContain('IT Service Desk');
      expect(errors).toEqual([]);
      await page.getByRole('button', { name: 'Abmelden' }).click();
      await page.waitForURL(/\/login$/);

      // The new account works, with the areas its roles grant (analyst → insights, group → tasks).
      await login(page, 'paula@lotse.demo', 'Gartenzaun im Nebel 7');
      const links = await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link').allTextContents();
      expect(links).toEqual(['Portal', 'Aufgaben', 'Probleme', 'Kennzahlen', 'Wissen', 'Personalakten']);
    } finally {
      await context.close();
    }
  });

  it('shows validation errors from the server at the field', async () => {
    const { context, page } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'admin@lotse.demo');
      await page.goto('/admin/groups');
      await page.getByRole('button', { name: 'Neue Gruppe' }).click();
      const dialog = page.getByRole('dialog', { name: 'Neue Gruppe' });
      await dialog.getByLabel('Schlüssel').fill('Nicht Gültig');
      await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Testgruppe');
      await dialog.getByRole('button', { name: 'Anlegen' }).click();
      const key = dialog.getByLabel('Schlüssel');
      await expect.poll(() => key.getAttribute('aria-invalid')).toBe('true');

      // Keyboard: Escape closes the dialog and focus goes back to the button that opened it.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Neue Gruppe');
    } finally {
      await context.close();
    }
  });
});
