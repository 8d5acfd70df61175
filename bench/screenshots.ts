/**
 * `npm run screenshots`: starts the real server with the living demo (the stored three months),
 * signs in as the demo users in Chromium and saves the README's screenshots to
 * docs/screenshots/. Needs the built app (npm run build) and /usr/bin/chromium.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchBrowser, login, newPage, startServer } from '../test/support/e2e';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const server = await startServer({ SEED: 'demo', DEMO_HISTORY_DAYS: process.env.DEMO_HISTORY_DAYS ?? '90', LOG_LEVEL: 'info' });
try {
  const deadline = Date.now() + 15 * 60_000;
  while (!server.output().includes('demo history ready')) {
    if (Date.now() > deadline) throw new Error('the demo history was not ready within 15 minutes');
    await new Promise((r) => setTimeout(r, 2000));
  }
  const browser = await launchBrowser();
  const shot = async (email: string, url: string, file: string, ready: (page: Page) => Promise<unknown>) => {
    const { context, page } = await newPage(browser, server.url, 'en-GB');
    await page.setViewportSize({ width: 1400, height: 860 });
    await login(page, email);
    await page.goto(url);
    await ready(page);
    await page.waitForTimeout(1500); // charts and diagrams settle
    await page.screenshot({ path: path.join(out, file) });
    console.log('saved', file);
    await context.close();
  };
  await shot('employee@lotse.demo', '/portal', 'portal.png', (p) => p.locator('main h1').waitFor());
  await shot('agent.it@lotse.demo', '/tasks?queue=group:it', 'tasks.png', (p) => p.locator('main table').first().waitFor());
  await shot('owner.it@lotse.demo', '/modeler/it-incident', 'modeler.png', (p) => p.locator('[data-testid=modeler-canvas] .djs-container').waitFor());
  await shot('owner.hr@lotse.demo', '/forms/hr-vacation-request', 'forms.png', (p) => p.locator('[data-testid=designer-fields]').waitFor());
  await shot('analyst@lotse.demo', '/insights', 'insights.png', (p) => p.locator('main canvas, main svg').first().waitFor({ timeout: 60_000 }));
  // The bottleneck on the diagram: waiting time per step of the IT incident.
  await shot('analyst@lotse.demo', '/insights/process', 'insights-process.png', async (p) => {
    await p.locator('[data-testid=filter-process]').selectOption('it-incident');
    await p.locator('.heatmap-badge').first().waitFor({ timeout: 60_000 });
  });
  await shot('owner.it@lotse.demo', '/sla', 'sla.png', (p) => p.locator('main h1').waitFor());
  // As-is analysis: the facility's old e-mail process, imported as an event log.
  await shot('analyst@lotse.demo', '/insights/datasets', 'as-is.png', async (p) => {
    await p.locator('[data-testid=datasets-table] a').first().click();
    await p.locator('#map-title').waitFor({ timeout: 60_000 });
  });
  await browser.close();
} finally {
  await server.stop();
}
