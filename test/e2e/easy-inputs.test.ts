/**
 * Inputs people understand (#18 point 7) and the task list on a phone (point 6): SLA targets typed
 * in words, the process SLA beside the department policy, the icon picker by keyboard, the
 * password verdict while typing, task rows as cards at 390 px.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';
import { processDeployment } from '../support/processes';

if (!hasChromium) console.warn(`easy-input browser test skipped: ${NO_CHROMIUM_HINT}`);

async function call(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const r = await fetch(path, { method, headers: { 'Content-Type': 'application/json', 'X-Lotse-CSRF': '1' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  );
}

describe.skipIf(!hasChromium)('inputs people understand, in Chromium', () => {
  const suite = useServerAndBrowser({ DEMO_HISTORY_DAYS: '0' });

  beforeAll(async () => {
    // it-equipment-request carries its own esm:sla (response PT4H, resolution P3D).
    const { context, page } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'owner.it@lotse.demo');
      const deployed = await call(page, 'POST', '/api/deployments', processDeployment('it-equipment-request'));
      expect([200, 201], JSON.stringify(deployed.body)).toContain(deployed.status);
    } finally {
      await context.close();
    }
  });

  it('an owner types "1d 4h" and "30 min", reads them back in words, and sees where the process SLA wins', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'owner.it@lotse.demo');
      await page.goto('/sla');
      await page.getByTestId('sla-form').waitFor();
      const high = page.locator('fieldset[data-priority=high]');
      await high.getByLabel('Servicezeiten für Priorität „Hoch“ festlegen').check();
      await high.getByLabel('Reaktionszeit').fill('30 min');
      await high.getByText('= 30 Arbeitsminuten', { exact: true }).waitFor();
      await high.getByLabel('Lösungszeit').fill('1d 4h');
      await high.getByText('= 1 Arbeitstag und 4 Arbeitsstunden (12 Arbeitsstunden)', { exact: true }).waitFor();
      await high.getByLabel('Lösungszeit').fill('bald');
      await high.getByText(/^Nicht verstanden/).waitFor();
      await high.getByLabel('Lösungszeit').fill('2 Tage');
      await high.getByText('= 2 Arbeitstage (16 Arbeitsstunden)', { exact: true }).waitFor();
      await page.getByTestId('save-sla').click();
      await page.getByRole('status').filter({ hasText: 'gespeichert' }).waitFor();

      const departments = (await call(page, 'GET', '/api/departments')).body.items as { id: string; key: string }[];
      const it = departments.find((d) => d.key === 'it')!;
      const saved = (await call(page, 'GET', `/api/sla/departments/${it.id}`)).body;
      expect(saved.policies.find((p: { priority: string }) => p.priority === 'high')).toMatchObject({ responseTarget: 'PT30M', resolutionTarget: 'P2D' });
      // Shown back the way people type it.
      expect(await high.getByLabel('Lösungszeit').inputValue()).toBe('2 Tage');

      // The process's own SLA overrides the policy, and both are shown.
      const card = page.getByTestId('sla-overrides').locator('[data-process="it-equipment-request"]');
      await card.waitFor();
      expect(await card.textContent()).toContain('ersetzen die Richtlinie der Abteilung');
      const resolution = card.locator('tr[data-target=resolution]');
      expect(await resolution.locator('td').first().textContent()).toContain('3 Tage');
      expect(await resolution.locator('td').nth(1).textContent()).toContain('Hoch: 2 Tage');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the catalog icon is picked from named icons with the keyboard', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'owner.it@lotse.demo');
      await page.goto('/modeler/it-equipment-request');
      const picker = page.getByTestId('icon-picker');
      await picker.waitFor();
      expect(await picker.textContent()).toContain('Laptop');
      await picker.focus();
      await page.keyboard.press('Enter');
      const list = page.getByRole('listbox', { name: 'Symbole' });
      await list.waitFor();
      expect(await list.getByRole('option', { selected: true }).textContent()).toContain('Laptop');
      // Type-ahead to "Drucker", then Enter chooses it and closes the list.
      await page.keyboard.press('d');
      expect(await list.getAttribute('aria-activedescendant')).toBe(await list.getByRole('option', { name: 'Drucker' }).getAttribute('id'));
      await page.keyboard.press('Enter');
      await list.waitFor({ state: 'detached' });
      expect(await picker.textContent()).toContain('Drucker');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('icon-picker');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a new password shows its strength and the verdict the server gives', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'employee@lotse.demo');
      await page.goto('/settings/notifications#password');
      const form = page.getByTestId('password-form');
      const strength = form.getByTestId('password-strength');
      await form.locator('input[name=newPassword]').fill('short');
      await strength.getByText(/Noch 7 Zeichen bis zur Mindestlänge/).waitFor();
      await form.locator('input[name=newPassword]').fill('password1234');
      await strength.getByText(/häufig verwendeten Passwörter/).waitFor();
      // The server refuses the same password with the same words.
      await form.locator('input[name=currentPassword]').fill('demo');
      await form.locator('input[name=repeatPassword]').fill('password1234');
      await form.locator('button[type=submit]').click();
      await form.locator('.field-error', { hasText: 'häufig verwendeten Passwörter' }).waitFor();
      await form.locator('input[name=newPassword]').fill('Kanu Regen Fenster Blau 7');
      await strength.getByText('Erfüllt die Passwortregeln.').waitFor();
      expect(Number(await strength.locator('meter').getAttribute('value'))).toBeGreaterThanOrEqual(3);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('on a phone the task list shows each task as a card with labelled values', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'employee@lotse.demo');
      const started = await call(page, 'POST', '/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'laptop', details: 'Broken screen' } });
      expect(started.status).toBe(201);
      await context.clearCookies();
      await page.setViewportSize({ width: 390, height: 844 });
      await login(page, 'agent.it@lotse.demo');
      await page.goto('/tasks');
      await page.locator('button.queue-button:not([data-queue=me])').first().click();
      const row = page.getByTestId('tasks-table').locator('tbody tr').first();
      await row.waitFor();
      expect(await row.evaluate((tr) => getComputedStyle(tr).display)).toBe('block');
      expect(await row.locator('td[data-label="Priorität"]').count()).toBe(1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
