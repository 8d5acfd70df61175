import fs from 'node:fs';
import path from 'node:path';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import FormRenderer from '../../app/forms/renderer/FormRenderer.vue';
import { createAppI18n } from '../../app/i18n';
import { taskFormData } from '../../app/requests/processForm';
import { importCamundaForm } from '../../server/forms/camunda';
import { checkDefinition } from '../../common/forms/definition';
import { checkFormData, compileForm } from '../../common/forms/validation';
import { settle } from './support';

const dir = path.resolve(__dirname, '../fixtures/camunda-forms');
const groups = JSON.parse(fs.readFileSync(path.join(dir, 'packages__form-js-viewer__test__spec__groups.json'), 'utf8'));

/** A Camunda form as a dispute team writes it: dotted keys, one required leaf, a hide condition on a nested value. */
const dispute = {
  id: 'dispute-form',
  type: 'default',
  components: [
    { type: 'textfield', key: 'disputeDetails.reason', label: 'Reason' },
    { type: 'number', key: 'disputeDetails.disputeAmount.amount', label: 'Amount', validate: { required: true } },
    { type: 'textfield', key: 'disputeDetails.disputeAmount.currency', label: 'Currency' },
    { type: 'textarea', key: 'explanation', label: 'Explanation', conditional: { hide: '=disputeDetails.disputeAmount.amount < 100' } },
  ],
};

describe('nested keys of Camunda forms', () => {
  it('given group paths and dotted keys, when imported, then the fields keep their paths and the schema nests', () => {
    const r = importCamundaForm(groups);
    const keys = r.definition.ui.fields.map((f) => f.key);
    expect(keys).toEqual(expect.arrayContaining(['text_root', 'pathed.text_pathed', 'separated.path.text_separated', 'separated2.key']));
    expect(r.definition.schema.properties.separated).toMatchObject({ type: 'object', properties: { path: { type: 'object', properties: { text_separated: { type: 'string' } } } } });
    expect(r.unsupported.some((u) => /path|nested/.test(u.message))).toBe(false);
    expect(checkDefinition(r.definition)).toEqual([]);
  });

  it('given nested submitted data, when checked, then it stays nested; a missing required leaf is named by its own path', () => {
    const form = compileForm(importCamundaForm(dispute).definition);
    const ok = checkFormData(form, { disputeDetails: { reason: 'double charge', disputeAmount: { amount: 250, currency: 'EUR' } }, explanation: 'twice' });
    expect(ok).toMatchObject({ ok: true, data: { disputeDetails: { reason: 'double charge', disputeAmount: { amount: 250, currency: 'EUR' } }, explanation: 'twice' } });
    expect(JSON.stringify(ok.data)).not.toContain('disputeDetails_');

    const missing = checkFormData(form, { disputeDetails: { reason: 'x' } });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.errors.map((e) => e.path)).toEqual(['/disputeDetails/disputeAmount/amount']);

    const unknown = checkFormData(form, { disputeDetails: { disputeAmount: { amount: 5, iban: 'DE00' } } });
    expect(!unknown.ok && unknown.errors).toEqual([expect.objectContaining({ path: '/disputeDetails/disputeAmount/iban', keyword: 'unknown' })]);

    // The hide condition reads the nested value: a small amount hides (and drops) the explanation.
    const hidden = checkFormData(form, { disputeDetails: { disputeAmount: { amount: 50 } }, explanation: 'dropped' });
    expect(hidden).toMatchObject({ ok: true, data: { disputeDetails: { disputeAmount: { amount: 50 } } } });
    expect(hidden.data.explanation).toBeUndefined();
  });

  it('given process variables, when a task form is prefilled and submitted in the renderer, then the values come back nested', async () => {
    const definition = importCamundaForm(dispute).definition;
    const variables = { disputeDetails: { reason: 'late', internalNote: 'not in the form', disputeAmount: { amount: 300, currency: 'EUR' } }, other: 1 };
    const data = taskFormData(definition, variables, undefined);
    expect(data).toEqual({ disputeDetails: { reason: 'late', disputeAmount: { amount: 300, currency: 'EUR' } } });

    const wrapper = mount(FormRenderer, { props: { definition, modelValue: data }, global: { plugins: [createAppI18n('en')] }, attachTo: document.body });
    await settle();
    const amount = [...document.querySelectorAll('label')].find((l) => l.textContent?.includes('Amount'))!;
    const input = document.getElementById(amount.htmlFor) as HTMLInputElement;
    expect(input.value).toBe('300');
    expect(input.getAttribute('aria-required')).toBe('true');
    input.value = '320';
    input.dispatchEvent(new Event('input'));
    await settle();
    document.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    const submitted = wrapper.emitted('submit')?.[0]?.[0];
    expect(submitted).toEqual({ disputeDetails: { reason: 'late', disputeAmount: { amount: 320, currency: 'EUR' } } });
    wrapper.unmount();
  });
});

describe('nested keys inside a repeating group', () => {
  it('given list items with dotted keys, when checked, then each item stays nested and empty containers are dropped', () => {
    const form = compileForm(importCamundaForm({
      id: 'items', components: [{ type: 'dynamiclist', path: 'positions', label: 'Positions', components: [
        { type: 'textfield', key: 'article.name', label: 'Article', validate: { required: true } },
        { type: 'number', key: 'article.price.amount', label: 'Price' },
      ] }],
    }).definition);
    const r = checkFormData(form, { positions: [{ article: { name: 'Pen', price: { amount: 2 } } }, { article: { name: 'Ink' } }] });
    expect(r).toMatchObject({ ok: true, data: { positions: [{ article: { name: 'Pen', price: { amount: 2 } } }, { article: { name: 'Ink' } }] } });
    expect((r.data.positions as { article: Record<string, unknown> }[])[1].article.price).toBeUndefined();
    const missing = checkFormData(form, { positions: [{ article: { price: { amount: 2 } } }] });
    expect(!missing.ok && missing.errors.map((e) => e.path)).toEqual(['/positions/0/article/name']);
  });
});
