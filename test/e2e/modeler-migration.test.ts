/**
 * Moving running requests to another version in the modeller's versions view (#22 point 5), by
 * keyboard: check (dry run) names the unmapped step, the owner maps it, checks again and migrates;
 * the request then carries an `instance_migrated` history entry.
 */
import { describe, expect, it } from 'vitest';
import { hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';

if (!hasChromium) console.warn(`modeler-migration browser test skipped: ${NO_CHROMIUM_HINT}`);

const model = (steps: [string, string][]) => {
  const ids = ['Start', ...steps.map(([id]) => id), 'End'];
  const flows = ids.slice(1).map((id, i) => `<bpmn:sequenceFlow id="f${i}" sourceRef="${ids[i]}" targetRef="${id}" />`).join('');
  const tasks = steps.map(([id, name]) => `<bpmn:userTask id="${id}" name="${name}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="it" /></bpmn:extensionElements></bpmn:userTask>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1" id="d" targetNamespace="urn:test">
  <bpmn:process id="mig-ui" name="Migration UI" isExecutable="true" esm:department="it">
    <bpmn:extensionElements><esm:catalog title="Migration UI" requesters="employee" /></bpmn:extensionElements>
    <bpmn:startEvent id="Start" />${tasks}<bpmn:endEvent id="End" />${flows}
  </bpmn:process>
</bpmn:definitions>`;
};

describe.skipIf(!hasChromium)('moving running requests in the versions view (Chromium)', () => {
  const suite = useServerAndBrowser();

  it('the IT owner checks, maps the renamed step by keyboard and migrates', async () => {
    const { page, context, errors } = await newPage(suite.browser, suite.server.url);
    try {
      await login(page, 'owner.it@lotse.demo');
      const headers = { 'x-lotse-csrf': '1' };
      expect((await page.request.post('/api/deployments', { data: { xml: model([['Review', 'Review']]) }, headers })).status()).toBe(201);
      const started = await page.request.post('/api/process-instances', { data: { processKey: 'mig-ui', variables: {} }, headers });
      expect(started.status()).toBe(201);
      const id = (await started.json()).id as string;
      expect((await page.request.post('/api/deployments', { data: { xml: model([['Check', 'Check it'], ['Approve', 'Approve it']]) }, headers })).status()).toBe(201);

      await page.goto('/modeler/mig-ui/versions');
      const section = page.locator('section.migration');
      const check = section.getByRole('button', { name: 'Prüfen' });
      await check.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => section.getByTestId('migration-instances').textContent()).toContain('Abgelehnt bei Review');

      const select = section.getByRole('combobox', { name: 'Wo Review (Review) weiterläuft' });
      await select.focus();
      await select.selectOption('Check');
      expect(await select.inputValue()).toBe('Check');
      await check.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => section.getByTestId('migration-instances').textContent()).toContain('Kann umziehen');

      const run = section.getByRole('button', { name: '1 Anträge umziehen' });
      await run.focus();
      await page.keyboard.press('Enter');
      const confirm = page.getByRole('dialog').getByRole('button', { name: '1 Anträge umziehen' });
      await confirm.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => section.getByTestId('migration-instances').textContent()).toContain('Umgezogen');

      const detail = await (await page.request.get(`/api/process-instances/${id}`)).json();
      expect(detail.history.map((h: { kind: string }) => h.kind)).toContain('instance_migrated');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
