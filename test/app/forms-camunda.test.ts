import fs from 'node:fs';
import path from 'node:path';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import FormRenderer from '../../app/forms/renderer/FormRenderer.vue';
import { createAppI18n } from '../../app/i18n';
import { importCamundaForm } from '../../server/forms/camunda';
import { checkDefinition } from '../../common/forms/definition';
import { settle } from './support';

const dir = process.env.CAMUNDA_FORMS_DIR ?? path.resolve(__dirname, '../fixtures/camunda-forms');
const fixtures = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
const LEFT_OUT = new Set(['html', 'iframe', 'image', 'table', 'documentPreview', 'expression', 'range', 'button', 'spacer', 'separator']);

/** JSON pointers of every component the converter cannot carry over. */
function leftOut(components: unknown, pointer: string, out: string[] = []): string[] {
  (Array.isArray(components) ? components : []).forEach((c, i) => {
    if (LEFT_OUT.has(c?.type)) out.push(`${pointer}/${i}`);
    leftOut(c?.components, `${pointer}/${i}/components`, out);
  });
  return out;
}

describe('Camunda Forms corpus', () => {
  it('finds the fixtures', () => expect(fixtures.length).toBeGreaterThan(50));

  it.each(fixtures)('%s converts and renders, or lists what is not supported', async (file) => {
    const formJs = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const result = importCamundaForm(formJs);

    expect(checkDefinition(result.definition)).toEqual([]);
    const reported = new Set(result.unsupported.map((u) => u.path));
    for (const p of leftOut(formJs.components, '/components')) expect(reported, `${p} is left out silently`).toContain(p);
    for (const u of result.unsupported) expect(u.message.length).toBeGreaterThan(10);

    const wrapper = mount(FormRenderer, { props: { definition: result.definition }, global: { plugins: [createAppI18n('en')] } });
    await settle();
    expect(wrapper.find('[role=alert]').exists()).toBe(false);
    const shown = result.definition.ui.fields.filter((f) => !f.showIf).length;
    expect(wrapper.findAll('.form-grid > .form-cell').length).toBeGreaterThanOrEqual(shown);
    wrapper.unmount();
  });

  it('carries labels, validation and conditions over', () => {
    const r = importCamundaForm(JSON.parse(fs.readFileSync(path.join(dir, 'packages__form-js-viewer__test__spec__form.json'), 'utf8')));
    const fields = Object.fromEntries(r.definition.ui.fields.map((f) => [f.key, f]));
    expect(fields.creditor.label).toEqual({ en: 'Creditor' });
    expect(r.definition.schema.required).toContain('creditor');
    expect(r.definition.schema.properties.invoiceNumber.pattern).toBe('^C-[0-9]+$');
    expect(r.definition.schema.properties.amount).toMatchObject({ type: 'number', minimum: 0, maximum: 1000 });
    expect(fields.mailto.kind).toBe('multiselect');
    const cond = importCamundaForm(JSON.parse(fs.readFileSync(path.join(dir, 'packages__form-js-viewer__test__spec__condition.json'), 'utf8')));
    expect(cond.definition.ui.fields.some((f) => f.showIf?.startsWith('=not('))).toBe(true);
  });
});
