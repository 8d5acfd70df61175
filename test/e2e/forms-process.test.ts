import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';

if (!hasChromium) console.warn(`forms-process browser test skipped: ${NO_CHROMIUM_HINT}`);

const FORM_KEY = 'mobiles-arbeiten-antrag';

/** Runs `fn` in the page with the modeller's bpmn-js instance (exposed on the canvas element). */
function withModeler<T>(page: Page, fn: string): Promise<T> {
  return page.evaluate(`(() => { const modeler = document.querySelector('[data-testid=modeler-canvas]').bpmnjs; ${fn} })()`) as Promise<T>;
}

/** The texts a control's aria-describedby points at (help and error). */
async function descriptionOf(control: Locator): Promise<string> {
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  return control.page().evaluate((list) => list.map((id) => document.getElementById(id)?.textContent ?? '').join(' '), ids);
}

/** Adds a field from the palette and sets its key and German label in the properties. */
async function addField(page: Page, kindButton: string, key: string, label: string): Promise<Locator> {
  await page.getByRole('button', { name: kindButton, exact: true }).click();
  const props = page.getByTestId('field-properties');
  await props.getByLabel('Feldschlüssel').fill(key);
  await props.getByLabel('Feldschlüssel').press('Tab');
  await props.getByLabel('Beschriftung (Deutsch)').fill(label);
  return props;
}

describe.skipIf(!hasChromium)('a designed form on a deployed process, filled in the portal (Chromium)', () => {
  const suite = useServerAndBrowser();

  it('the HR owner designs a form and links it to a new process; an employee submits it wrong, then right', async () => {
    const owner = await newPage(suite.browser, suite.server.url);
    const employee = await newPage(suite.browser, suite.server.url);
    try {
      // --- The owner designs the form: a required date, a yes/no, a text shown only on yes, a person.
      const op = owner.page;
      await login(op, 'owner.hr@lotse.demo');
      await op.goto('/forms');
      await op.getByTestId('new-form').click();
      await op.getByRole('heading', { level: 1, name: 'Neues Formular' }).waitFor();
      const props = await addField(op, 'Datum hinzufügen', 'start', 'Erster Tag');
      await props.getByLabel('Pflichtfeld').check();
      await addField(op, 'Ja/Nein hinzufügen', 'remote', 'Von zu Hause?');
      await addField(op, 'Text hinzufügen', 'where', 'Adresse');
      await props.getByLabel('Pflichtfeld').check();
      await props.getByLabel('Anzeigen, wenn (FEEL)').fill('=remote = true');
      await addField(op, 'Person hinzufügen', 'substitute', 'Vertretung');
      await props.getByLabel('Pflichtfeld').check();
      await op.locator('input[name=formKey]').fill(FORM_KEY);
      await op.locator('input[name=titleDe]').fill('Mobiles Arbeiten');
      await op.getByTestId('save-form').click();
      await op.waitForURL(new RegExp(`/forms/${FORM_KEY}$`));
      await op.getByRole('status').filter({ hasText: 'Version 1 gespeichert.' }).waitFor();

      // --- A new process in the modeller whose start event asks for this form, then deploy.
      await op.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Modellierung' }).click();
      await op.getByRole('button', { name: 'Neuer Prozess' }).click();
      const dialog = op.getByRole('dialog', { name: 'Neuer Prozess' });
      await dialog.getByLabel('Name').fill('Mobiles Arbeiten');
      await dialog.getByRole('button', { name: 'Anlegen' }).click();
      await expect.poll(() => new URL(op.url()).pathname, { timeout: 15000 }).toBe('/modeler/mobiles-arbeiten');
      await expect.poll(() => op.getByTestId('draft-status').textContent(), { timeout: 15000 }).toBe('Gespeichert');
      // The properties panel links forms to user tasks only; the start event's link goes through
      // bpmn-js modeling (one undoable command, saved with the draft like any edit).
      const taskId = await withModeler<string>(
        op,
        `const modeling = modeler.get('modeling'); const registry = modeler.get('elementRegistry'); const moddle = modeler.get('moddle');
         const start = registry.filter((e) => e.type === 'bpmn:StartEvent')[0];
         const form = moddle.create('zeebe:FormDefinition', { formId: '${FORM_KEY}' });
         const ext = moddle.create('bpmn:ExtensionElements', { values: [form] });
         form.$parent = ext;
         modeling.updateProperties(start, { extensionElements: ext });
         const task = modeling.appendShape(start, { type: 'bpmn:UserTask' });
         modeling.updateLabel(task, 'Antrag prüfen');
         modeling.appendShape(task, { type: 'bpmn:EndEvent' });
         modeler.get('selection').select(task);
         return task.id;`,
      );
      expect(taskId).toBeTruthy();
      const panel = op.getByRole('complementary', { name: 'Eigenschaften' });
      await panel.getByRole('group', { name: 'Bearbeitet von (Gruppen)' }).getByLabel('HR Team').check();
      await expect.poll(() => op.getByTestId('draft-status').textContent(), { timeout: 15000 }).toBe('Gespeichert');
      await op.getByRole('button', { name: 'Veröffentlichen' }).click();
      await op.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
      await op.getByRole('status').filter({ hasText: 'Version 1 ist veröffentlicht.' }).waitFor();
      const definitions = await op.evaluate(async () => (await fetch('/api/definitions')).json());
      const deployed = definitions.items.find((d: { key: string }) => d.key === 'mobiles-arbeiten');
      expect(deployed?.version).toBe(1);
      expect(owner.errors).toEqual([]);

      // --- The employee opens it from the catalog.
      const ep = employee.page;
      await login(ep, 'employee@lotse.demo');
      await ep.getByRole('heading', { level: 1, name: 'Portal' }).waitFor();
      await ep.getByRole('searchbox', { name: 'Services durchsuchen' }).fill('Mobiles');
      await ep.getByRole('link', { name: 'Mobiles Arbeiten' }).click();
      await ep.getByRole('heading', { level: 2, name: 'Mobiles Arbeiten' }).waitFor();
      const form = ep.getByTestId('start-form');
      expect(await form.getByLabel('Adresse').count()).toBe(0);

      // Wrong: sent empty, the date (and the person) are marked on the field, nothing is started.
      await form.getByRole('button', { name: 'Antrag absenden' }).click();
      const summary = form.getByTestId('error-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain('Erster Tag: Bitte füllen Sie dieses Feld aus.');
      const start = form.getByLabel('Erster Tag');
      expect(await start.getAttribute('aria-invalid')).toBe('true');
      expect(await descriptionOf(start)).toContain('Bitte füllen Sie dieses Feld aus.');
      expect(await form.getByRole('combobox', { name: 'Vertretung' }).getAttribute('aria-invalid')).toBe('true');

      // The conditional field shows only while its condition holds, and is then required.
      await form.getByRole('radio', { name: 'Ja' }).check();
      await form.getByLabel('Adresse').waitFor();
      await form.getByRole('radio', { name: 'Nein' }).check();
      await expect.poll(() => form.getByLabel('Adresse').count()).toBe(0);
      await form.getByRole('radio', { name: 'Ja' }).check();
      await start.fill('2030-05-02');
      await form.getByRole('button', { name: 'Antrag absenden' }).click();
      await summary.filter({ hasText: 'Adresse: Bitte füllen Sie dieses Feld aus.' }).waitFor();
      expect(await form.getByLabel('Adresse').getAttribute('aria-invalid')).toBe('true');
      expect(await start.getAttribute('aria-invalid')).toBeNull();

      // Right: the address, and a colleague picked by keyboard from the directory.
      await form.getByLabel('Adresse').fill('Musterweg 1, Köln');
      const person = form.getByRole('combobox', { name: 'Vertretung' });
      await person.click();
      await person.pressSequentially('Greta', { delay: 30 });
      await form.getByRole('option', { name: /Greta Graf/ }).waitFor();
      expect(await person.getAttribute('aria-expanded')).toBe('true');
      await person.press('ArrowDown');
      expect(await person.getAttribute('aria-activedescendant')).toBe(await form.getByRole('option').first().getAttribute('id'));
      await person.press('Enter');
      expect(await person.inputValue()).toBe('agent.hr@lotse.demo');
      expect(await person.getAttribute('aria-expanded')).toBe('false');
      await form.getByRole('button', { name: 'Antrag absenden' }).click();

      await ep.getByRole('heading', { name: 'Ihr Antrag ist eingegangen' }).waitFor();
      const reference = (await ep.getByTestId('request-reference').textContent())!.trim();
      expect(reference).toMatch(/^HR-\d{4}-\d+$/);

      // The request carries exactly the form's data (the hidden-then-shown field included, the person as e-mail).
      await ep.getByRole('link', { name: 'Antrag verfolgen' }).click();
      await ep.getByTestId('request-detail').waitFor();
      const id = new URL(ep.url()).pathname.split('/').pop()!;
      const detail = await ep.evaluate(async (instanceId) => (await fetch(`/api/process-instances/${instanceId}`)).json(), id);
      expect(detail.variables).toMatchObject({ start: '2030-05-02', remote: true, where: 'Musterweg 1, Köln', substitute: 'agent.hr@lotse.demo' });
      expect(employee.errors).toEqual([]);
    } finally {
      await owner.context.close();
      await employee.context.close();
    }
  });
});
