import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';
import { processDeployment } from '../support/processes';

if (!hasChromium) console.warn(`insights browser test skipped: ${NO_CHROMIUM_HINT}`);
const helpdesk = fileURLToPath(new URL('../fixtures/eventlogs/helpdesk.csv', import.meta.url));

describe.skipIf(!hasChromium)('insights in Chromium', () => {
  const suite = useServerAndBrowser();

  it('an analyst imports the Helpdesk log and sees its figures and process map', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'analyst@lotse.demo');
      await page.goto('/insights');
      await page.getByTestId('kpi-cards').waitFor();
      await page.getByRole('link', { name: 'Ist-Erhebung' }).click();
      await page.getByTestId('import-file').setInputFiles(helpdesk);
      // The mapping is proposed from the column names.
      expect(await page.getByLabel('Spalte Fall').inputValue()).toBe('Case ID');
      expect(await page.getByLabel('Spalte Zeitstempel').inputValue()).toBe('Complete Timestamp');
      await page.getByTestId('import-submit').click();
      await page.waitForURL(/\/insights\/datasets\/[0-9a-f-]{36}$/);
      expect(await page.getByTestId('dataset-cases').textContent()).toBe('4.580');
      await page.getByRole('heading', { name: 'Prozesslandkarte (direkte Nachfolger)' }).waitFor();
      await page.locator('.insights-chart canvas').first().waitFor();
      expect(await page.getByTestId('dataset-activities').locator('tbody tr').count()).toBe(14);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a process owner sees the diagram heatmap of their process', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'owner.it@lotse.demo');
      const deployed = await page.evaluate(async (body) => {
        const r = await fetch('/api/deployments', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Lotse-CSRF': '1' }, body: JSON.stringify(body) });
        return r.status;
      }, processDeployment('it-equipment-request'));
      expect(deployed).toBe(201);
      await page.goto('/insights/process');
      await page.getByTestId('heatmap').locator('svg').first().waitFor();
      await page.getByTestId('steps-table').or(page.getByText('Keine Daten für diesen Filter.').first()).first().waitFor();
      expect(await page.getByLabel('Prozess', { exact: true }).inputValue()).toBe('it-equipment-request');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
