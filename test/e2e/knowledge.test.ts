/**
 * The knowledge base in Chromium (#19): an employee typing the summary of an IT problem sees the
 * matching article beside the form, reads it, marks it helpful and ends the attempt with "this
 * solved it"; the analyst's Insights show the deflection. Article bodies with script and event
 * handlers are stored sanitised and run nothing. The help link opens the role's guide; the tour is
 * skippable and remembered.
 */
import { describe, expect, it } from 'vitest';
import { apiSession, hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';
import { templateDeployment } from '../api/template-harness';

if (!hasChromium) console.warn(`knowledge browser test skipped: ${NO_CHROMIUM_HINT}`);

const XSS = [
  '<script>window.__xss = "script"</script>',
  '<img src=x onerror="window.__xss = \'img\'">',
  '<svg onload="window.__xss = \'svg\'"></svg>',
  '[click me](javascript:window.__xss=\'link\')',
].join('\n\n');

describe.skipIf(!hasChromium)('knowledge base and self-service in the browser', () => {
  const suite = useServerAndBrowser();

  it('deflects a request: the employee sees the article while typing, finds it helpful, and it solved it; Insights count it', async () => {
    const url = suite.server.url;
    const owner = await apiSession(url, 'owner.it@lotse.demo');
    expect((await owner('POST', '/api/deployments', templateDeployment('it-incident'))).status).toBe(201);
    const departments = (await owner('GET', '/api/departments')).body.items as { id: string; key: string }[];
    const it_ = departments.find((d) => d.key === 'it')!.id;
    const made = await owner('POST', '/api/articles', {
      departmentId: it_, tags: ['vpn'],
      texts: [
        { language: 'en', title: 'VPN drops every hour', body: `Turn off **power saving** on the network card.\n\n${XSS}` },
        { language: 'de', title: 'VPN bricht stündlich ab', body: `Schalten Sie die **Energiesparfunktion** der Netzwerkkarte aus.\n\n${XSS}` },
      ],
    });
    expect(made.status).toBe(201);
    expect((await owner('POST', `/api/articles/${made.body.id}/transition`, { to: 'published' })).status).toBe(200);

    const { context, page, errors } = await newPage(suite.browser, url, 'en-US');
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      await login(page, 'employee@lotse.demo');
      await page.goto('/portal/new/it-incident');
      // A typo and another word form: "connection drop" is no phrase of the article.
      await page.getByLabel('What does not work?').pressSequentially('VPN connection droping', { delay: 20 });
      const suggestion = page.locator('[data-testid=suggested-article]', { hasText: 'VPN drops every hour' });
      await suggestion.waitFor({ timeout: 15_000 });
      await suggestion.getByRole('button', { name: 'VPN drops every hour' }).click();
      const body = page.locator('[data-testid=suggested-article-body] .article-body');
      await body.waitFor();
      expect(await body.locator('strong').textContent()).toBe('power saving');
      // The payloads show as text; nothing of them runs or becomes an element.
      expect(await body.textContent()).toContain('<script>');
      expect(await body.locator('script, img, svg, a[href^="javascript"]').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss ?? null)).toBeNull();

      await page.getByTestId('helpful-yes').click();
      await page.getByRole('status').filter({ hasText: 'Thank you for your feedback.' }).waitFor();
      await page.getByTestId('this-solved-it').click();
      await page.getByTestId('request-deflected').waitFor();
      expect(await page.getByTestId('request-deflected').textContent()).toContain('No request was created.');
      expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss ?? null)).toBeNull();
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    const employee = await apiSession(url, 'employee@lotse.demo');
    expect((await employee('GET', '/api/process-instances?mine=1')).body.items).toEqual([]);

    const analystPage = await newPage(suite.browser, url, 'en-US');
    try {
      await login(analystPage.page, 'analyst@lotse.demo');
      await analystPage.page.goto('/insights/knowledge');
      await analystPage.page.getByTestId('knowledge-insights').waitFor();
      await analystPage.page.getByTestId('kpi-deflected').filter({ hasText: '1' }).waitFor();
      expect(await analystPage.page.getByTestId('kpi-sessions').textContent()).toBe('1');
      expect(await analystPage.page.getByTestId('kpi-deflection-rate').textContent()).toContain('100%');
      expect(await analystPage.page.getByTestId('knowledge-top').textContent()).toContain('VPN drops every hour');
      expect(analystPage.errors).toEqual([]);
    } finally {
      await analystPage.context.close();
    }
  }, 120_000);

  it('opens the role guide from the help link and remembers a skipped tour', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url, 'de-DE');
    try {
      await login(page, 'employee@lotse.demo');
      await page.goto('/portal');
      await page.getByTestId('start-tour').click();
      await page.locator('.driver-popover').waitFor();
      expect(await page.locator('.driver-popover-title').textContent()).toBe('Erst suchen');
      await page.keyboard.press('Escape');
      await page.locator('.driver-popover').waitFor({ state: 'detached' });
      const employee = await apiSession(suite.server.url, 'employee@lotse.demo');
      // Stored as the tour closes (a request of its own): asked until it is there.
      await expect.poll(async () => (await employee('GET', '/api/articles/guide/tours')).body.items, { timeout: 5000 }).toEqual(['portal']);

      await page.getByTestId('help-link').click();
      await page.getByRole('heading', { level: 1, name: /Leitfaden für Mitarbeitende/ }).waitFor();
      await page.getByRole('button', { name: 'Englisch' }).click();
      await page.getByRole('heading', { level: 1, name: /Guide for employees/ }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
