import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { mount } from '@vue/test-utils';
import { createAppI18n } from '../../app/i18n';
import ApprovalDialog from '../../app/modeler/approval/ApprovalDialog.vue';
import ApprovalSection from '../../app/modeler/approval/ApprovalSection.vue';
import { defaultApprovalOptions, type ApprovalOptions } from '../../app/modeler/approval/approvalBlock';
import { approvalFormDefinition } from '../../app/modeler/approval/approvalForm';
import { PANEL_CONTEXT } from '../../app/modeler/properties/editing';
import { mockFetch, settle } from './support';

const applied = vi.hoisted(() => [] as unknown[][]);
vi.mock('../../app/modeler/approval/applyApproval', () => ({
  applyApproval: (...args: unknown[]) => applied.push(args),
  approvalBlockedReason: () => null,
}));

const groups = { body: { items: [{ id: 'g1', key: 'hr', name: 'HR Team', departmentId: 'd-hr' }, { id: 'g2', key: 'finance', name: 'Finance', departmentId: 'd-p' }] } };

beforeEach(() => {
  document.body.innerHTML = '';
  applied.length = 0;
});
afterEach(() => vi.unstubAllGlobals());

function mountDialog(initial: ApprovalOptions = defaultApprovalOptions('approval-hr')) {
  return mount(ApprovalDialog, { props: { open: true, initial }, global: { plugins: [createAppI18n('en')] }, attachTo: document.body });
}

describe('approval dialog', () => {
  it('collects mode, approvers, levels and the result variable', async () => {
    mockFetch({ 'GET /api/groups': groups });
    const wrapper = mountDialog();
    await settle();
    await wrapper.find('input[name=approval-mode][value=sequential]').setValue(true);
    await wrapper.find('input[type=checkbox]').setValue(false); // "first rejection ends"
    await wrapper.findAll('.group-picker input[type=checkbox]')[0].setValue(true);
    await wrapper.findAll('button').find((b) => b.text() === 'Add a level')!.trigger('click');
    await wrapper.find('#approval-level-when-0').setValue('amount > 10000');
    await wrapper.find('#approval-level-who-0').setValue('finance');
    await wrapper.find('#approval-variable').setValue('purchase');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('apply')).toEqual([[{
      mode: 'sequential', kind: 'groups', approvers: ['hr'], approversExpression: undefined,
      levels: [{ when: 'amount > 10000', approvers: ['finance'] }], firstRejectEnds: false, variable: 'purchase', formId: 'approval-hr',
    }]]);
  });

  it('names what is missing instead of applying', async () => {
    mockFetch({ 'GET /api/groups': groups });
    const wrapper = mountDialog();
    await settle();
    await wrapper.find('input[name=approval-source][value=data]').setValue(true);
    await wrapper.find('#approval-expression').setValue('=reviewers[');
    await wrapper.find('#approval-variable').setValue('2fast');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('apply')).toBeUndefined();
    const alert = wrapper.find('[role=alert]').text();
    expect(alert).toContain('must not start with a digit');
    expect(alert).toContain('Not a valid FEEL expression');
  });

  it('reopens the options stored on a task', async () => {
    mockFetch({ 'GET /api/groups': groups });
    const wrapper = mountDialog({ ...defaultApprovalOptions('f'), mode: 'parallel', kind: 'users', approvers: ['a@x.de', 'b@x.de'], variable: 'ok' });
    await settle();
    expect((wrapper.find('input[name=approval-mode][value=parallel]').element as HTMLInputElement).checked).toBe(true);
    expect((wrapper.find('#approval-users').element as HTMLInputElement).value).toBe('a@x.de, b@x.de');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('apply')![0][0]).toMatchObject({ mode: 'parallel', kind: 'users', approvers: ['a@x.de', 'b@x.de'], variable: 'ok' });
  });
});

describe('approval section in the properties panel', () => {
  function mountSection(departmentId: string | undefined) {
    const element = { id: 'Task_1', type: 'bpmn:UserTask', businessObject: { $type: 'bpmn:UserTask', extensionElements: undefined }, outgoing: [] };
    const modeler = { marker: 'modeler' };
    const Host = defineComponent({
      components: { ApprovalSection },
      provide: { [PANEL_CONTEXT as symbol]: { editing: { modeler }, version: ref(0), departmentId: ref(departmentId), readOnly: false } },
      setup: () => () => h(ApprovalSection, { element }),
    });
    return { wrapper: mount(Host, { global: { plugins: [createAppI18n('de')] }, attachTo: document.body }), element, modeler };
  }

  it('creates the department\'s approval form on first use and applies the block to the task', async () => {
    const { calls } = mockFetch({
      'GET /api/groups': groups,
      'GET /api/departments': { body: { items: [{ id: 'd-hr', key: 'hr', name: 'HR' }] } },
      'POST /api/forms': { status: 201, body: { key: 'approval-hr', version: 1 } },
    });
    const { wrapper, element, modeler } = mountSection('d-hr');
    await wrapper.find('button').trigger('click');
    await settle();
    await wrapper.findAll('.group-picker input[type=checkbox]')[1].setValue(true);
    await wrapper.find('form').trigger('submit');
    await settle();
    const post = calls.find((c) => c.method === 'POST' && c.path === '/api/forms');
    expect(post?.body).toMatchObject({ key: 'approval-hr', departmentId: 'd-hr', definition: approvalFormDefinition });
    expect(applied).toHaveLength(1);
    const [usedModeler, usedElement, options, labels] = applied[0];
    expect(usedModeler).toBe(modeler);
    expect(usedElement).toStrictEqual(element);
    expect(options).toMatchObject({ mode: 'one', approvers: ['finance'], formId: 'approval-hr' });
    expect(labels).toMatchObject({ gateway: 'Genehmigt?', rejected: 'Abgelehnt' });
    expect(wrapper.find('dialog form').exists()).toBe(false);
  });

  it('uses an existing approval form as it is', async () => {
    const { calls } = mockFetch({
      'GET /api/groups': groups,
      'GET /api/departments': { body: { items: [{ id: 'd-hr', key: 'hr', name: 'HR' }] } },
      'GET /api/forms/approval-hr': { body: { key: 'approval-hr', version: 3 } },
    });
    const { wrapper } = mountSection('d-hr');
    await wrapper.find('button').trigger('click');
    await settle();
    await wrapper.findAll('.group-picker input[type=checkbox]')[0].setValue(true);
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    expect(applied[0][2]).toMatchObject({ formId: 'approval-hr', approvers: ['hr'] });
  });

  it('asks for the process department before anything is created', async () => {
    const { calls } = mockFetch({ 'GET /api/groups': groups });
    const { wrapper } = mountSection(undefined);
    await wrapper.find('button').trigger('click');
    await settle();
    await wrapper.findAll('.group-picker input[type=checkbox]')[0].setValue(true);
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(wrapper.find('[role=alert]').text()).toContain('Abteilung des Prozesses');
    expect(applied).toHaveLength(0);
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });
});
