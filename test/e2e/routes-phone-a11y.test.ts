/**
 * Every route of app/router.ts, for every demo role that may reach it, at desktop width and at
 * 390 px (a phone): no sideways scrolling on the phone, and no serious or critical accessibility
 * violation at either width (issue #18 points 6 and 8). The route list is read from the running
 * app's router, so a new route is checked without touching this file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';
import { checkA11y, type A11yViolation } from '../support/a11y';
import { processDeployment } from '../support/processes';

if (!hasChromium) console.warn(`route checks skipped: ${NO_CHROMIUM_HINT}`);

const ROLES = ['admin@lotse.demo', 'owner.it@lotse.demo', 'agent.it@lotse.demo', 'employee@lotse.demo', 'analyst@lotse.demo'];
const WIDTHS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];
/** Routes that are no pages of their own: the login form is checked signed out, the rest redirect or catch all. */
const SKIPPED = new Set(['login', 'home', 'admin', 'not-found', 'not-allowed']);

interface AppRoute {
  name: string;
  path: string;
  area: string | null;
  params: string[];
}

/** Signed-in API calls from the page (cookie + CSRF header). */
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

/** The named routes of the running app, with the area each needs (inherited from parents) and its params. */
async function appRoutes(page: Page): Promise<AppRoute[]> {
  return page.evaluate(() => {
    const app = (document.querySelector('#app') as unknown as { __vue_app__: { config: { globalProperties: { $router: any } } } }).__vue_app__;
    const router = app.config.globalProperties.$router;
    return router
      .getRoutes()
      .filter((r: any) => typeof r.name === 'string')
      .map((r: any) => {
        const params = [...String(r.path).matchAll(/:(\w+)/g)].map((m) => m[1]);
        const resolved = router.resolve({ name: r.name, params: Object.fromEntries(params.map((p) => [p, 'x'])) });
        return { name: r.name, path: r.path, area: resolved.meta.area ?? null, params };
      });
  });
}

/** Waits until the page has settled: the view is rendered and shows no spinner (the event stream keeps the network busy, so no "networkidle"). */
async function settle(page: Page): Promise<void> {
  await page.locator('main h1, main h2, .login-card').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  await page.waitForFunction(() => !document.querySelector('.loading, [aria-busy=true]'), undefined, { timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(250);
}

async function overflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    if (doc.scrollWidth <= window.innerWidth) return null;
    // Name the widest offenders, so a failure says where to look.
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && getComputedStyle(e).position !== 'fixed')
      .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 1))
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${String(e.className).split(' ').slice(0, 2).join('.')}`);
    return `scrollWidth ${doc.scrollWidth} > innerWidth ${window.innerWidth} (${wide.join(', ')})`;
  });
}

describe.skipIf(!hasChromium)('every route at desktop and phone width', () => {
  const suite = useServerAndBrowser({ DEMO_HISTORY_DAYS: '0' });
  const values: Record<string, string> = {};

  beforeAll(async () => {
    // A deployed process with its forms, a request of the employee and the task it gives the IT agents.
    const { context, page } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'owner.it@lotse.demo');
      const deployed = await call(page, 'POST', '/api/deployments', processDeployment('it-equipment-request'));
      expect([200, 201], JSON.stringify(deployed.body)).toContain(deployed.status);
      await context.clearCookies();
      await login(page, 'employee@lotse.demo');
      const started = await call(page, 'POST', '/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'laptop', details: 'Broken screen' } });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      await context.clearCookies();
      await login(page, 'agent.it@lotse.demo');
      const tasks = await call(page, 'GET', '/api/tasks');
      values.id = started.body.id;
      values.taskId = tasks.body.items[0]?.id;
      values.key = values.processKey = 'it-equipment-request';
    } finally {
      await context.close();
    }
  });

  /** A concrete path for a route pattern, or null when there is no record to show (e.g. no imported dataset). */
  function pathOf(route: AppRoute, role: string): string | null {
    let path = route.path;
    for (const p of route.params) {
      const value = route.name === 'task' ? values.taskId : route.name === 'insights-dataset' ? undefined : values[p];
      if (!value) return null;
      path = path.replace(new RegExp(`:${p}(\\([^)]*\\))?`), value);
    }
    // The request page belongs to the employee; others see it only as far as they may.
    if (route.name === 'portal-request' && role !== 'employee@lotse.demo' && role !== 'admin@lotse.demo') return null;
    return path;
  }

  async function checkPage(page: Page, path: string, label: string, failures: string[]): Promise<void> {
    for (const size of WIDTHS) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(path);
      await settle(page);
      if (size.name === 'phone') {
        const wide = await overflow(page);
        if (wide) failures.push(`${label} @${size.name}: ${wide}`);
      }
      const violations: A11yViolation[] = await checkA11y(page);
      for (const v of violations) failures.push(`${label} @${size.name}: ${v.impact} ${v.rule} at ${v.target}${v.detail ? ` (${v.detail})` : ''}`);
      // E2E_PROGRESS=1 prints each page's findings as they come (the whole file runs for many minutes).
      if (process.env.E2E_PROGRESS) console.log(`${label} @${size.name}: ${violations.length ? violations.map((v) => `${v.rule} ${v.target} ${v.detail ?? ''}`).join('\n  ') : 'ok'}`);
    }
  }

  it('the sign-in page', async () => {
    const { context, page } = await newPage(suite.browser, suite.server.url);
    const failures: string[] = [];
    try {
      await checkPage(page, '/login', 'login', failures);
    } finally {
      await context.close();
    }
    expect(failures).toEqual([]);
  });

  it.each(ROLES)('%s: every reachable route', async (role) => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    const failures: string[] = [];
    const checked: string[] = [];
    try {
      await login(page, role);
      const me = await call(page, 'GET', '/api/auth/me');
      const areas: string[] = me.body.areas ?? me.body.user?.areas ?? [];
      const routes = (await appRoutes(page)).filter((r) => !SKIPPED.has(r.name) && (!r.area || areas.includes(r.area)));
      expect(routes.length).toBeGreaterThan(2);
      for (const route of routes) {
        const path = pathOf(route, role);
        if (!path) continue;
        checked.push(route.name);
        await checkPage(page, path, `${role} ${path}`, failures);
      }
    } finally {
      await context.close();
    }
    expect(checked.length).toBeGreaterThan(2);
    expect(failures, `checked: ${checked.join(', ')}`).toEqual([]);
    expect(errors).toEqual([]);
  }, 900_000); // an admin reaches some 27 routes, each loaded and checked at two widths
});
