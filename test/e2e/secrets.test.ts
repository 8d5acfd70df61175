import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';

if (!hasChromium) console.warn(`secrets browser test skipped: ${NO_CHROMIUM_HINT}`);

/** Presses Tab until the target has the focus: it must be reachable from the keyboard, in order. */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reachable with Tab: ${target.toString()}`);
}

describe.skipIf(!hasChromium)('connector secrets in Chromium, keyboard only', () => {
  const suite = useServerAndBrowser({ LOTSE_SECRET_KEY: randomBytes(32).toString('hex') });

  it('the IT owner stores a secret and replaces its value without a mouse, and the value never shows', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'owner.it@lotse.demo');
      const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
      await tabTo(page, nav.getByRole('link', { name: 'Secrets' }));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 2, name: 'Secrets für Konnektoren' }).waitFor();

      await tabTo(page, page.getByTestId('new-secret'));
      await page.keyboard.press('Enter');
      const form = page.getByTestId('secret-form');
      await form.waitFor();
      await tabTo(page, form.getByLabel('Name'));
      await page.keyboard.type('SHOP_API_KEY');
      await page.keyboard.press('Tab');
      expect(await form.getByLabel('Gilt für').evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await form.getByLabel('Gilt für').locator('option').allTextContents()).toEqual(['IT']);
      await tabTo(page, form.getByLabel('Wert'));
      await page.keyboard.type('first-value-8c2e');
      await page.keyboard.press('Enter');
      const row = page.locator('tr[data-secret=SHOP_API_KEY]');
      await row.waitFor();
      expect(await row.textContent()).toContain('IT');

      await tabTo(page, page.getByRole('button', { name: 'Bearbeiten: SHOP_API_KEY' }));
      await page.keyboard.press('Enter');
      const value = page.getByTestId('secret-value');
      await value.waitFor();
      expect(await value.inputValue()).toBe('');
      await tabTo(page, value);
      await page.keyboard.type('second-value-1f9d');
      await page.keyboard.press('Enter');
      await page.getByTestId('secret-form').waitFor({ state: 'detached' });

      // Escape closes the dialog without saving.
      await tabTo(page, page.getByTestId('new-secret'));
      await page.keyboard.press('Enter');
      await page.getByTestId('secret-form').waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('secret-form').waitFor({ state: 'detached' });

      const html = await page.content();
      expect(html).not.toContain('first-value-8c2e');
      expect(html).not.toContain('second-value-1f9d');
      const list = await page.evaluate(async () => (await fetch('/api/secrets')).text());
      expect(list).toContain('SHOP_API_KEY');
      expect(list).not.toContain('value-');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
