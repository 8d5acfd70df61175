// "New form" on a user task in the real modeller: the form exists on the server, the task links
// it, undo and redo take the link back and forth, and the designer opens in a new tab.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blankProcessXml } from '../../app/modeler/processTemplates';
import { hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';

if (!hasChromium) console.warn(`new-form browser test skipped: ${NO_CHROMIUM_HINT}`);

const KEY = 'urlaub-neu';

function withModeler<T>(page: Page, fn: string): Promise<T> {
  return page.evaluate(`(() => { const modeler = document.querySelector('[data-testid=modeler-canvas]').bpmnjs; ${fn} })()`) as Promise<T>;
}

const formIdOf = (page: Page, taskId: string) =>
  withModeler<string | null>(page, `const bo = modeler.get('elementRegistry').get('${taskId}').businessObject;
    return (bo.extensionElements?.values ?? []).find((v) => v.$type === 'zeebe:FormDefinition')?.formId ?? null;`);

describe.skipIf(!hasChromium)('new form from a user task (Chromium)', () => {
  const suite = useServerAndBrowser();

  it('creates the form for HR, links it undoably and opens the designer in a new tab', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'owner.hr@lotse.demo');
      const saved = await page.request.put(`/api/processes/${KEY}/draft`, { data: { xml: blankProcessXml(KEY, 'Urlaub neu', 'hr') }, headers: { 'X-Lotse-CSRF': '1' } });
      expect(saved.status()).toBe(200);
      const { departmentId } = (await saved.json()) as { departmentId: string };
      await page.goto(`/modeler/${KEY}`);
      await page.getByTestId('draft-status').filter({ hasText: /^Gespeichert$/ }).waitFor({ timeout: 15000 });
      const taskId = await withModeler<string>(
        page,
        `const modeling = modeler.get('modeling');
         const start = modeler.get('elementRegistry').filter((e) => e.type === 'bpmn:StartEvent')[0];
         const task = modeling.appendShape(start, { type: 'bpmn:UserTask' });
         modeling.updateLabel(task, 'Antrag prüfen');
         modeler.get('selection').select(task);
         return task.id;`,
      );
      const panel = page.getByRole('complementary', { name: 'Eigenschaften' });
      await panel.getByRole('button', { name: 'Neues Formular' }).click();
      await panel.getByRole('status').filter({ hasText: '„urlaub-neu-antrag-prufen“ wurde angelegt' }).waitFor();
      expect(await formIdOf(page, taskId)).toBe('urlaub-neu-antrag-prufen');

      const form = await page.request.get('/api/forms/urlaub-neu-antrag-prufen');
      expect(form.status()).toBe(200);
      expect(await form.json()).toMatchObject({ key: 'urlaub-neu-antrag-prufen', version: 1, departmentId, title: { de: 'Antrag prüfen' } });

      // One undo takes the link back (the form stays on the server), redo restores it.
      await page.getByRole('button', { name: 'Rückgängig' }).click();
      await expect.poll(() => formIdOf(page, taskId)).toBeNull();
      await page.getByRole('button', { name: 'Wiederholen' }).click();
      await expect.poll(() => formIdOf(page, taskId)).toBe('urlaub-neu-antrag-prufen');
      expect(await panel.locator('select#prop-form').inputValue()).toBe('urlaub-neu-antrag-prufen');

      const [designer] = await Promise.all([context.waitForEvent('page'), panel.getByRole('link', { name: 'Im Formular-Designer öffnen (neuer Tab)' }).click()]);
      await designer.waitForURL(/\/forms\/urlaub-neu-antrag-prufen$/);
      await designer.locator('nav.main-nav').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
