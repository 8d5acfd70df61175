/**
 * Uploading a Camunda project folder in the modeller (#16 point 7): chosen with the folder input by
 * keyboard, sent as one deployment with progress, the result per file; a folder with a file Lotse
 * refuses deploys nothing and names the file and element. Real files: test/fixtures/camunda-projects/.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';

if (!hasChromium) console.warn(`modeler-project-upload browser test skipped: ${NO_CHROMIUM_HINT}`);

const fixtures = fileURLToPath(new URL('../fixtures/camunda-projects/', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'lotse-project-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A project folder: the SDK's form project, plus a README that is not part of a deployment. */
function projectFolder(name: string, extra: string[] = []): string {
  const dir = path.join(work, name);
  for (const f of ['test-form-retrieval.bpmn', 'test-basic-form.form', 'test-drd.dmn']) cpSync(path.join(fixtures, 'camunda-8-js-sdk', f), path.join(dir, f));
  for (const f of extra) cpSync(path.join(fixtures, f), path.join(dir, path.basename(f)));
  writeFileSync(path.join(dir, 'README.md'), '# notes');
  return dir;
}

describe.skipIf(!hasChromium)('uploading a Camunda project folder in the modeller (Chromium)', () => {
  const suite = useServerAndBrowser();

  it('the HR owner uploads a folder by keyboard and sees each file deployed; a folder with a bad file deploys nothing', async () => {
    const { page, context, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'owner.hr@lotse.demo');
      await page.goto('/modeler');
      await page.getByTestId('open-project-upload').click();
      const dialog = page.getByTestId('project-upload');
      await dialog.waitFor();

      // A bad folder first: nothing is deployed, the refused file and element are named.
      const bad = projectFolder('bad', ['camunda-modeler/user-tasks.zeebe.bpmn']);
      await dialog.getByTestId('project-folder').setInputFiles(bad);
      await expect.poll(() => dialog.getByTestId('project-table').locator('tbody tr').count()).toBe(4);
      await expect.poll(() => dialog.textContent()).toContain('README.md');
      await dialog.getByTestId('project-deploy').click();
      await expect.poll(() => dialog.getByTestId('project-summary').textContent(), { timeout: 60_000 }).toMatch(/Nichts wurde bereitgestellt/);
      const badRow = dialog.locator('tr[data-file$="user-tasks.zeebe.bpmn"]');
      expect(await badRow.textContent()).toContain('Process_0ctqzfo');
      expect(await dialog.locator('tr[data-file$="test-form-retrieval.bpmn"]').textContent()).toContain('Nicht bereitgestellt');
      expect((await page.request.get('/api/definitions?key=test-form-retrieval')).status()).toBe(200);
      expect((await (await page.request.get('/api/definitions?key=test-form-retrieval')).json()).items).toEqual([]);

      // Start again with the good folder, this time reaching the folder input by keyboard.
      await dialog.getByRole('button', { name: 'Schließen' }).last().click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('open-project-upload').click();
      // The native dialog moves focus to its first control when it opens: wait for that before focusing.
      await dialog.waitFor({ state: 'visible' });
      await expect.poll(() => dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
      const folderInput = dialog.getByTestId('project-folder');
      await folderInput.focus();
      expect(await folderInput.evaluate((el) => el === document.activeElement)).toBe(true);
      const good = projectFolder('good');
      const chooser = page.waitForEvent('filechooser');
      await folderInput.press('Space');
      await (await chooser).setFiles(good);
      await expect.poll(() => dialog.getByTestId('project-table').locator('tbody tr').count()).toBe(3);
      await dialog.getByTestId('project-deploy').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => dialog.getByTestId('project-summary').textContent(), { timeout: 60_000 }).toContain('3 Dateien bereitgestellt');
      expect(await dialog.locator('tr[data-file$="test-form-retrieval.bpmn"]').textContent()).toMatch(/Bereitgestellt.*test-form-retrieval v1/);
      expect(await dialog.locator('tr[data-file$="test-basic-form.form"]').textContent()).toContain('test-basic-form v1');
      expect(await dialog.locator('tr[data-file$="test-drd.dmn"]').textContent()).toContain('test-decision v1');

      // The list behind the dialog shows the new process.
      await dialog.getByRole('button', { name: 'Schließen' }).last().click();
      await expect.poll(() => page.locator('.process-list').textContent(), { timeout: 10_000 }).toContain('Test Form Retrieval');
      expect(errors.filter((e) => !/422|401/.test(e))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
