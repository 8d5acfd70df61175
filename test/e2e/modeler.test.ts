import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';

if (!hasChromium) console.warn(`modeler browser test skipped: ${NO_CHROMIUM_HINT}`);

/** Runs `fn` in the page with the modeller's bpmn-js instance (exposed on the canvas element). */
function withModeler<T>(page: Page, fn: string): Promise<T> {
  return page.evaluate(`(() => { const modeler = document.querySelector('[data-testid=modeler-canvas]').bpmnjs; ${fn} })()`) as Promise<T>;
}

async function waitSaved(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('draft-status').textContent(), { timeout: 15000 }).toBe('Gespeichert');
}

describe.skipIf(!hasChromium)('modeller in Chromium', () => {
  const suite = useServerAndBrowser();

  it('an HR owner draws a process, assigns the HR group, deploys version 1 and sees a gateway flow error on the canvas', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'owner.hr@lotse.demo');
      await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Modellierung' }).click();
      await page.getByRole('heading', { level: 1, name: 'Prozesse' }).waitFor();

      // New process from blank: the key follows the name.
      await page.getByRole('button', { name: 'Neuer Prozess' }).click();
      const dialog = page.getByRole('dialog', { name: 'Neuer Prozess' });
      await dialog.getByLabel('Name').fill('Urlaubsantrag Test');
      expect(await dialog.getByLabel('Schlüssel').inputValue()).toBe('urlaubsantrag-test');
      await dialog.getByRole('button', { name: 'Anlegen' }).click();
      // A client-side navigation: no load event to wait for, so poll the address.
      await expect.poll(() => new URL(page.url()).pathname, { timeout: 15000 }).toBe('/modeler/urlaubsantrag-test');
      await waitSaved(page);
      await expect.poll(() => new URL(page.url()).search).toBe('');

      // Start → user task → end through the modelling API, then select the task.
      const taskId = await withModeler<string>(
        page,
        `const modeling = modeler.get('modeling'); const registry = modeler.get('elementRegistry');
         const start = registry.filter((e) => e.type === 'bpmn:StartEvent')[0];
         const task = modeling.appendShape(start, { type: 'bpmn:UserTask' });
         modeling.updateLabel(task, 'Antrag prüfen');
         modeling.appendShape(task, { type: 'bpmn:EndEvent' });
         modeler.get('selection').select(task);
         return task.id;`,
      );
      const panel = page.getByRole('complementary', { name: 'Eigenschaften' });
      await panel.getByRole('heading', { name: 'Aufgabe für eine Person' }).first().waitFor();
      await panel.getByRole('group', { name: 'Bearbeitet von (Gruppen)' }).getByLabel('HR Team').check();
      expect(await withModeler<string>(page, `const bo = modeler.get('elementRegistry').get('${taskId}').businessObject;
        return bo.extensionElements.values.find((v) => v.$type === 'zeebe:AssignmentDefinition').candidateGroups;`)).toBe('hr');
      // The panel's edit is one undoable command.
      await page.getByRole('button', { name: 'Rückgängig' }).click();
      await expect.poll(() => panel.getByRole('group', { name: 'Bearbeitet von (Gruppen)' }).getByLabel('HR Team').isChecked()).toBe(false);
      await page.getByRole('button', { name: 'Wiederholen' }).click();
      await expect.poll(() => panel.getByRole('group', { name: 'Bearbeitet von (Gruppen)' }).getByLabel('HR Team').isChecked()).toBe(true);
      await waitSaved(page);

      await page.getByRole('button', { name: 'Veröffentlichen' }).click();
      await page.getByRole('dialog', { name: 'Prozess veröffentlichen' }).getByLabel('Was hat sich geändert? (optional)').fill('Erste Fassung');
      await page.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
      await page.getByRole('status').filter({ hasText: 'Version 1 ist veröffentlicht.' }).waitFor();

      // A decision with two paths: one default, the other without a condition.
      const flowId = await withModeler<string>(
        page,
        `const modeling = modeler.get('modeling'); const registry = modeler.get('elementRegistry');
         const task = registry.get('${taskId}');
         const end = task.outgoing[0].target;
         modeling.removeElements([end]);
         const gateway = modeling.appendShape(task, { type: 'bpmn:ExclusiveGateway' });
         const yes = modeling.appendShape(gateway, { type: 'bpmn:EndEvent' });
         const no = modeling.appendShape(gateway, { type: 'bpmn:EndEvent' }, { x: gateway.x + 150, y: gateway.y + 150 });
         modeler.get('selection').select(gateway.outgoing[0]);
         return gateway.outgoing.find((f) => f.target === no).id;`,
      );
      await panel.getByLabel('Diesen Weg nehmen, wenn kein anderer passt (Standardweg)').check();
      await waitSaved(page);
      await page.getByRole('button', { name: 'Veröffentlichen' }).click();
      await page.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
      await page.locator(`.djs-element.lotse-deploy-error[data-element-id="${flowId}"]`).waitFor();
      // Once per problem, by where the path leads and what to do (not the flow's id and the rule's name).
      const problems = page.getByRole('region', { name: 'Das muss vor dem Veröffentlichen behoben werden' });
      expect(await problems.getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^Weg von .* nach .*: Geben Sie diesem Weg eine Bedingung, oder machen Sie ihn zum Standardweg der Entscheidung\.$/)]);
      expect(await problems.getByRole('button').getAttribute('title')).toBe(flowId);

      // The version list shows version 1 with its comment.
      await page.getByRole('link', { name: 'Versionen' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Erste Fassung' });
      await row.waitFor();
      expect(await row.getByRole('cell').nth(1).textContent()).toBe('1');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an owner places an approval step from the palette, removes the approval and gets it back with one undo', async () => {
    const { context, page, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'owner.hr@lotse.demo');
      await page.goto('/modeler/urlaubsantrag-test');
      await waitSaved(page);
      const entry = page.getByRole('button', { name: 'Genehmigungsschritt anlegen' });
      expect(await entry.evaluate((e) => e.tagName)).toBe('BUTTON');
      // Click the palette entry, then place the step below the diagram.
      await entry.click();
      const box = (await page.getByTestId('modeler-canvas').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height - 60, { steps: 5 });
      await page.mouse.click(box.x + box.width / 2, box.y + box.height - 60);
      const dialog = page.getByRole('dialog', { name: 'Genehmigungsschritt' });
      await dialog.getByRole('group', { name: 'Gruppen' }).getByLabel('HR Team').check();
      await dialog.getByRole('button', { name: 'Übernehmen' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const stepId = await withModeler<string>(page, `return modeler.get('selection').get()[0].id;`);
      const gatewayAfter = `const step = modeler.get('elementRegistry').get('${stepId}');
        return step.outgoing.map((c) => c.target.businessObject.name).join();`;
      expect(await withModeler<string>(page, gatewayAfter)).toBe('Genehmigt?');

      const panel = page.getByRole('complementary', { name: 'Eigenschaften' });
      await panel.getByRole('button', { name: 'Genehmigung entfernen' }).click();
      await expect.poll(() => withModeler<string>(page, gatewayAfter)).toBe('');
      expect(await withModeler<string>(page, `return modeler.get('elementRegistry').get('${stepId}').businessObject.name;`)).toBe('Genehmigung');
      await page.getByRole('button', { name: 'Rückgängig' }).click();
      await expect.poll(() => withModeler<string>(page, gatewayAfter)).toBe('Genehmigt?');
      await waitSaved(page);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a bad file leaves the draft untouched', async () => {
    const { context, page } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'owner.hr@lotse.demo');
      await page.goto('/modeler/urlaubsantrag-test');
      await waitSaved(page);
      const before = await withModeler<number>(page, `return modeler.get('elementRegistry').getAll().length;`);
      const input = page.getByTestId('import-file');
      await input.setInputFiles({ name: 'kaputt.bpmn', mimeType: 'application/xml', buffer: Buffer.from('<bpmn:definitions xmlns:bpmn="x"><oops') });
      await page.getByTestId('file-error').filter({ hasText: 'kein gültiges XML' }).waitFor();
      await input.setInputFiles({ name: 'note.xml', mimeType: 'application/xml', buffer: Buffer.from('<note><to>Tove</to></note>') });
      await page.getByTestId('file-error').filter({ hasText: 'kein BPMN-2.0-Diagramm' }).waitFor();
      // Over the 5 MB the server accepts (a 20 MB file takes the same path; smaller keeps the test quick).
      await input.setInputFiles({ name: 'big.bpmn', mimeType: 'application/xml', buffer: Buffer.alloc(6 * 1024 * 1024, ' ') }, { timeout: 60000 });
      await page.getByTestId('file-error').filter({ hasText: 'größer als 5 MB' }).waitFor();
      expect(await withModeler<number>(page, `return modeler.get('elementRegistry').getAll().length;`)).toBe(before);
      expect(await page.getByTestId('draft-status').textContent()).toBe('Gespeichert');
    } finally {
      await context.close();
    }
  });

  it('an employee has no modeller, is refused by the draft API and never loads the bpmn-js chunk', async () => {
    const { context, page } = await newPage(suite.browser, suite.server.url);
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    try {
      await login(page, 'employee@lotse.demo');
      await page.getByRole('heading', { level: 1, name: 'Portal' }).waitFor();
      const links = await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link').allTextContents();
      expect(links).not.toContain('Modellierung');
      const res = await page.request.get('/api/processes/urlaubsantrag-test/draft');
      expect(res.status()).toBe(403);
      expect(scripts.some((url) => /createModeler|ModelerView/.test(url))).toBe(false);
    } finally {
      await context.close();
    }
  });
});
