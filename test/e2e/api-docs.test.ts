import { describe, expect, it } from 'vitest';
import { hasChromium, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';

if (!hasChromium) console.warn(`API browser test skipped: ${NO_CHROMIUM_HINT}`);

describe.skipIf(!hasChromium)('the API browser at /api/docs in Chromium', () => {
  // The compiled server `npm start` runs: the viewer's files come from swagger-ui-dist, found from the source's place.
  const suite = useServerAndBrowser({}, { entry: 'bundle' });

  // Swagger UI virtualises the operation list once a document has 150 tags and operations or more
  // (swagger-ui-dist 5.3x): only the rows near the viewport are in the DOM. So the test scrolls through
  // the page as a reader would and counts every operation that was shown on the way.
  it('shows every operation of the OpenAPI document, from files of this server only, under its CSP', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url, 'en-US');
    const outside: string[] = [];
    const refused: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(suite.server.url) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') refused.push(m.text());
    });
    try {
      await page.goto('/api/docs');
      await page.getByRole('heading', { name: /Lotse API/ }).waitFor();
      const doc = (await (await page.request.get('/api/openapi.json')).json()) as { paths: Record<string, object> };
      const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
      const t0 = Date.now();
      const seen = new Set<string>();
      for (let y = 0, last = -1; ; ) {
        for (const id of await page.locator('.opblock').evaluateAll((els) => els.map((e) => e.id))) seen.add(id);
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        if (y >= height && last === seen.size) break;
        last = seen.size;
        y += 600;
        await page.evaluate((top) => window.scrollTo(0, top), y);
        await page.waitForTimeout(100);
      }
      console.log(`api-docs: ${seen.size} operations seen while scrolling in ${Date.now() - t0} ms`);
      expect(seen.size).toBe(operations);
      // A deep link opens one operation with its parameters and the schema of its answer.
      await page.goto('about:blank');
      await page.goto('/api/docs#/Tasks/getApiTasksId');
      await page.locator('#operations-Tasks-getApiTasksId .opblock-summary-control').waitFor();
      if ((await page.locator('#operations-Tasks-getApiTasksId .opblock-body').count()) === 0) {
        await page.locator('#operations-Tasks-getApiTasksId .opblock-summary-control').click();
      }
      await page.locator('.opblock-body .parameters').first().waitFor();
      expect(outside).toEqual([]);
      expect(refused).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('runs as `npm start` runs it: the first start prepared the database in its child process', () => {
    // firstStartInChild forks the entry with a role flag; a failed child would be logged (and done in-process).
    expect(suite.server.output()).not.toMatch(/first start in a child process failed|could not run in a child process/);
  });
});
