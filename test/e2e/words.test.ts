import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';

// Issue #18 points 2 and 3: the modeller's badge predicts Publish; Details speak the form's words.
if (!hasChromium) console.warn(`words browser test skipped: ${NO_CHROMIUM_HINT}`);

function withModeler<T>(page: Page, fn: string): Promise<T> {
  return page.evaluate(`(() => { const modeler = document.querySelector('[data-testid=modeler-canvas]').bpmnjs; ${fn} })()`) as Promise<T>;
}

/** The lint badge's error count ("2 Fehler, 3 Warnungen" / "2 Errors, 3 Warnings"; "Keine Probleme" is 0). */
async function badgeErrors(page: Page): Promise<number> {
  const text = (await page.locator('.bjsl-button').textContent()) ?? '';
  return Number(/(\d+) (?:Errors|Fehler)/.exec(text)?.[1] ?? 0);
}

/** A shipped template's deploy body: model, forms and decision tables. */
function template(name: string) {
  const dir = fileURLToPath(new URL(`../../processes/${name}/`, import.meta.url));
  const forms = readdirSync(`${dir}forms`).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(`${dir}forms/${f}`, 'utf8')));
  const decisions = readdirSync(dir).filter((f) => f.endsWith('.dmn')).map((f) => readFileSync(dir + f, 'utf8'));
  return { xml: readFileSync(`${dir}process.bpmn`, 'utf8'), forms, ...(decisions.length ? { decisions } : {}) };
}

const CSRF = { 'X-Lotse-CSRF': '1' };

describe.skipIf(!hasChromium)('words, not internals; the modeller predicts the verdict (Chromium)', () => {
  const suite = useServerAndBrowser();

  it('a gateway path without condition shows as an error within a second, Publish agrees, and a fix clears both', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'owner.hr@lotse.demo');
      await page.goto('/modeler/badge-test?new=1&name=Badge%20Test');
      await page.locator('.bjsl-button').waitFor();
      await expect.poll(() => page.getByTestId('draft-status').textContent(), { timeout: 15000 }).toBe('Gespeichert');

      // Start → task → decision with two ways out; "Ja" is the default, "Nein" has no condition yet.
      await withModeler(page, `const modeling = modeler.get('modeling'); const registry = modeler.get('elementRegistry');
        const start = registry.filter((e) => e.type === 'bpmn:StartEvent')[0];
        const task = modeling.appendShape(start, { type: 'bpmn:Task' }); modeling.updateLabel(task, 'Prüfen');
        const gateway = modeling.appendShape(task, { type: 'bpmn:ExclusiveGateway' }); modeling.updateLabel(gateway, 'In Ordnung?');
        const yes = modeling.appendShape(gateway, { type: 'bpmn:EndEvent' }); modeling.updateLabel(yes, 'Erledigt');
        const no = modeling.appendShape(gateway, { type: 'bpmn:EndEvent' }, { x: gateway.x + 150, y: gateway.y + 150 }); modeling.updateLabel(no, 'Abgelehnt');
        const [toYes, toNo] = [yes, no].map((end) => gateway.outgoing.find((f) => f.target === end));
        modeling.updateLabel(toYes, 'Ja'); modeling.updateLabel(toNo, 'Nein');
        window.__flows = { toYes: toYes.id, toNo: toNo.id, gateway: gateway.id };`);
      await expect.poll(() => badgeErrors(page), { timeout: 1000 }).toBeGreaterThan(0);
      // In the reader's language: the badge counts "Fehler" for a German owner.
      expect(await page.locator('.bjsl-button').textContent()).toContain('Fehler');
      const changedAt = Date.now();
      await withModeler(page, `const registry = modeler.get('elementRegistry');
        modeler.get('modeling').updateProperties(registry.get(window.__flows.gateway), { default: registry.get(window.__flows.toYes).businessObject });`);
      // Exactly one problem left (the path "Nein"), shown within a second of the change.
      await expect.poll(() => badgeErrors(page), { timeout: 1000, interval: 50 }).toBe(1);
      expect(Date.now() - changedAt).toBeLessThan(1000);

      // Publish says the same: refused, one entry naming the path and what to do.
      await page.getByRole('button', { name: 'Veröffentlichen' }).click();
      await page.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
      const problems = page.getByTestId('deploy-problems');
      await problems.waitFor();
      expect(await problems.getByRole('listitem').allTextContents()).toEqual(['Nein: Geben Sie diesem Weg eine Bedingung, oder machen Sie ihn zum Standardweg der Entscheidung.']);
      const refused = page.locator('.toast, [role=alert], [role=status]').filter({ hasText: 'Nicht veröffentlicht' });
      await refused.first().waitFor();

      // A click on the path's label opens the path's panel with its condition.
      const toNo = await page.evaluate(() => (window as unknown as { __flows: { toNo: string } }).__flows.toNo);
      await withModeler(page, `const canvas = modeler.get('canvas'); canvas.zoom(0.8); canvas.scrollToElement(modeler.get('elementRegistry').get('${toNo}_label'), { top: 200, left: 200, bottom: 200, right: 500 });`);
      const box = await page.locator(`.djs-element[data-element-id="${toNo}_label"] .djs-label`).evaluate((el) => {
        const r = el.getBoundingClientRect();
        const x = r.x + r.width / 2, y = r.y + r.height / 2;
        const hit = document.elementFromPoint(x, y);
        return { x, y, hit: `${hit?.tagName}.${hit?.getAttribute('class')} ${hit?.closest('[data-element-id]')?.getAttribute('data-element-id')}` };
      });
      expect(box.hit).toContain(`${toNo}_label`);
      await page.mouse.click(box.x, box.y);
      const panel = page.getByRole('complementary', { name: 'Eigenschaften' });
      const condition = panel.getByLabel('Bedingung', { exact: false }).first();
      await condition.waitFor();
      await condition.fill('= false');
      await condition.press('Tab');
      await expect.poll(() => badgeErrors(page), { timeout: 1000, interval: 50 }).toBe(0);

      await expect.poll(() => page.getByTestId('draft-status').textContent(), { timeout: 15000 }).toBe('Gespeichert');
      await page.getByRole('button', { name: 'Veröffentlichen' }).click();
      await page.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
      await page.getByRole('status').filter({ hasText: 'Version 1 ist veröffentlicht.' }).waitFor();
      // The red notice and the list are gone with the success.
      await expect.poll(() => refused.count()).toBe(0);
      expect(await problems.count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('Details show the form\'s labels, option labels and the file\'s name; system steps are credited to Lotse', async () => {
    const owner = await newPage(suite.browser, suite.server.url);
    const employee = await newPage(suite.browser, suite.server.url);
    try {
      await login(owner.page, 'owner.it@lotse.demo');
      const deployed = await owner.page.request.post('/api/deployments', { data: template('it-incident'), headers: CSRF });
      expect(deployed.status(), await deployed.text()).toBe(201);

      const ep = employee.page;
      await login(ep, 'employee@lotse.demo');
      const upload = await ep.request.post('/api/files', { multipart: { file: { name: 'drucker-fehler.txt', mimeType: 'text/plain', buffer: Buffer.from('Papierstau in Fach 2') } }, headers: CSRF });
      expect(upload.status(), await upload.text()).toBe(201);
      const fileId = (await upload.json()).id as string;
      const started = await ep.request.post('/api/process-instances', {
        data: { processKey: 'it-incident', variables: { summary: 'Drucker druckt nicht', impact: 'high', urgency: 'medium', screenshot: fileId } },
        headers: CSRF,
      });
      expect(started.status(), await started.text()).toBe(201);
      const id = (await started.json()).id as string;

      await ep.goto(`/portal/requests/${id}`);
      const data = ep.getByTestId('request-data');
      await data.waitFor();
      const pairs = await data.evaluate((dl) => [...dl.querySelectorAll('dt')].map((dt) => `${dt.textContent?.trim()}=${dt.nextElementSibling?.textContent?.trim()}`));
      expect(pairs).toEqual(expect.arrayContaining(['Was funktioniert nicht?=Drucker druckt nicht', 'Auswirkung=Hoch', 'Dringlichkeit=Mittel', 'Bildschirmfoto=drucker-fehler.txt']));
      expect(pairs.join(' ')).not.toContain(fileId);
      expect(pairs.some((p) => p.startsWith('impact='))).toBe(false);

      // The step the engine opened right after the submit is not the requester's doing.
      const created = ep.getByTestId('timeline').locator('li[data-kind=task_created]').first();
      await created.waitFor();
      expect(await created.textContent()).toContain('Lotse (automatisch)');
      expect(await created.textContent()).not.toContain('Erika Mustermann');
      expect(employee.errors).toEqual([]);
    } finally {
      await owner.context.close();
      await employee.context.close();
    }
  });
});
