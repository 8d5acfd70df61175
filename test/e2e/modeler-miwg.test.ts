// MIWG models (reference and vendor exports) open in the modeller through its import button, and
// files it must refuse (20 MB, BPMN 1.x) leave the open draft as it was.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BpmnModdle } from 'bpmn-moddle';
import { moddleExtensions } from '../../app/modeler/moddleExtensions';
import { blankProcessXml } from '../../app/modeler/processTemplates';
import { hasChromium, launchBrowser, login, newPage, NO_CHROMIUM_HINT, startServer, type TestServer } from '../support/e2e';

const MIWG = process.env.BPMN_MIWG_DIR ?? fileURLToPath(new URL('../fixtures/bpmn-miwg', import.meta.url));
/** Reference models and vendor exports of different shapes: pools and lanes, sub-processes, events, data. */
const FILES = ['reference/A.1.0.bpmn', 'reference/A.4.1.bpmn', 'reference/B.2.0.bpmn', 'reference/C.3.0.bpmn', 'signavio/C.1.0-export.bpmn', 'trisotech/C.4.0-export.bpmn'];
const KEY = 'miwg-import';

if (!hasChromium) console.warn(`MIWG modeller test skipped: ${NO_CHROMIUM_HINT}`);

/**
 * Ids of the elements in the file's first diagram (the one bpmn-js opens), split into those
 * bpmn-js draws and those it leaves out: in a collaboration diagram it draws only processes that a
 * participant references or that have lanes (bpmn-js lib/import/BpmnTreeWalker.js,
 * handleUnhandledProcesses), so elements of a free-floating process without lanes stay off the canvas.
 */
async function diagramIds(file: string): Promise<{ drawn: string[]; leftOut: string[] }> {
  const { rootElement } = await new BpmnModdle(moddleExtensions).fromXML(fs.readFileSync(file, 'utf8'), 'bpmn:Definitions');
  const plane = (rootElement as any).diagrams[0].plane;
  const participants: any[] = plane.bpmnElement?.$instanceOf('bpmn:Collaboration') ? (plane.bpmnElement.participants ?? []) : [];
  const processOf = (el: any) => {
    let cur = el;
    while (cur && !cur.$instanceOf?.('bpmn:Process')) cur = cur.$parent;
    return cur;
  };
  const leftOutProcess = (p: any) => participants.length > 0 && p && !participants.some((x) => x.processRef === p) && !p.laneSets?.length;
  const drawn: string[] = [];
  const leftOut: string[] = [];
  for (const di of plane.planeElement ?? []) {
    const el = di.bpmnElement;
    if (!el?.id) continue;
    (leftOutProcess(processOf(el)) ? leftOut : drawn).push(el.id);
  }
  return { drawn, leftOut };
}

/** Files with elements bpmn-js does not draw (see diagramIds): how many. */
const LEFT_OUT: Record<string, number> = { 'reference/B.2.0.bpmn': 14 };

function withModeler<T>(page: Page, fn: string): Promise<T> {
  return page.evaluate(`(() => { const modeler = document.querySelector('[data-testid=modeler-canvas]').bpmnjs; ${fn} })()`) as Promise<T>;
}

async function waitSaved(page: Page): Promise<void> {
  await page.getByTestId('draft-status').filter({ hasText: /^Gespeichert$/ }).waitFor({ timeout: 15000 });
}

describe.skipIf(!hasChromium)('MIWG models in the modeller (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    expect(FILES.filter((f) => !fs.existsSync(path.join(MIWG, f)))).toEqual([]);
    server = await startServer();
    browser = await launchBrowser();
    ({ context, page, errors } = await newPage(browser, server.url));
    await login(page, 'owner.hr@lotse.demo');
    const saved = await page.request.put(`/api/processes/${KEY}/draft`, { data: { xml: blankProcessXml(KEY, 'MIWG import', 'hr') }, headers: { 'X-Lotse-CSRF': '1' } });
    expect(saved.status()).toBe(200);
    await page.goto(`/modeler/${KEY}`);
    await waitSaved(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it.each(FILES)('%s opens without an import error, with every drawn element on the canvas', async (name) => {
    const file = path.join(MIWG, name);
    const { drawn: expected, leftOut } = await diagramIds(file);
    expect(expected.length).toBeGreaterThan(3);
    expect(leftOut.length).toBe(LEFT_OUT[name] ?? 0);
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByRole('status').filter({ hasText: `„${path.basename(name)}“ wurde geöffnet.` }).waitFor();
    expect(await page.getByTestId('file-error').count()).toBe(0);

    const onCanvas = await withModeler<string[]>(page, `return modeler.get('elementRegistry').filter((e) => e.type !== 'label').map((e) => e.id);`);
    expect(expected.filter((id) => !onCanvas.includes(id))).toEqual([]);
    expect(leftOut.filter((id) => onCanvas.includes(id))).toEqual([]);
    // Some of them visibly drawn, not only registered.
    for (const id of [expected[0], expected[Math.floor(expected.length / 2)], expected.at(-1)!]) {
      expect(await page.locator(`[data-testid=modeler-canvas] .djs-element[data-element-id="${id}"]`).count(), id).toBe(1);
    }
    expect(errors).toEqual([]);
  });

  it('refuses a 20 MB file and a BPMN 1.x file with a clear message; the draft stays as it was', async () => {
    await waitSaved(page);
    const before = await withModeler<string[]>(page, `return modeler.get('elementRegistry').getAll().map((e) => e.id).sort();`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-bad-bpmn-'));
    try {
      const huge = path.join(dir, 'riesig.bpmn');
      // Valid BPMN padded with a comment to 20 MB: only the size may refuse it.
      const head = blankProcessXml('huge', 'Huge', 'hr');
      fs.writeFileSync(huge, head + `<!--${' '.repeat(20 * 1024 * 1024 - head.length - 7)}-->`);
      expect(fs.statSync(huge).size).toBe(20 * 1024 * 1024);
      const xpdl = path.join(dir, 'alt.xpdl');
      fs.writeFileSync(xpdl, '<?xml version="1.0"?><Package xmlns="http://www.wfmc.org/2008/XPDL2.1" Id="p"><WorkflowProcesses/></Package>');

      const input = page.getByTestId('import-file');
      await input.setInputFiles(huge);
      await page.getByTestId('file-error').filter({ hasText: 'größer als 5 MB' }).waitFor();
      await input.setInputFiles(xpdl);
      await page.getByTestId('file-error').filter({ hasText: 'BPMN-1.x' }).waitFor();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(await withModeler<string[]>(page, `return modeler.get('elementRegistry').getAll().map((e) => e.id).sort();`)).toEqual(before);
    expect(await page.getByTestId('draft-status').textContent()).toBe('Gespeichert');
    expect(errors).toEqual([]);
  });
});
