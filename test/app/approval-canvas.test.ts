/**
 * The approval block on the canvas: context-pad and palette entries, "Remove approval" and its
 * single undo step, against a real bpmn-js modeller (happy-dom lacks one SVG method, added below).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, markRaw, ref, shallowRef } from 'vue';
import { mount } from '@vue/test-utils';
import Modeler from 'bpmn-js/lib/Modeler';
import { createAppI18n } from '../../app/i18n';
import ApprovalSection from '../../app/modeler/approval/ApprovalSection.vue';
import approvalModule from '../../app/modeler/approval/approvalModule';
import { applyApproval } from '../../app/modeler/approval/applyApproval';
import { defaultApprovalOptions, readApprovalOptions, type ApprovalOptions } from '../../app/modeler/approval/approvalBlock';
import lotseModelingModule from '../../app/modeler/lotseModeling';
import { moddleExtensions } from '../../app/modeler/moddleExtensions';
import { createEditing, PANEL_CONTEXT } from '../../app/modeler/properties/editing';
import { mockFetch, settle } from './support';

// happy-dom implements SVG transform lists except consolidate(), which diagram-js reads the viewbox with.
const transformList = Object.getPrototypeOf((document.createElementNS('http://www.w3.org/2000/svg', 'g') as any).transform.baseVal);
transformList.consolidate ??= function consolidate(this: any) {
  if (!this.numberOfItems) return null;
  let matrix = this.getItem(0).matrix;
  for (let i = 1; i < this.numberOfItems; i++) matrix = matrix.multiply(this.getItem(i).matrix);
  const merged = (document.createElementNS('http://www.w3.org/2000/svg', 'svg') as any).createSVGTransformFromMatrix(matrix);
  this.initialize(merged);
  return merged;
};

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';
/** start → task → end; the task may carry extension elements of its own. */
function diagram(taskType: 'task' | 'userTask', extensions = '', withEnd = true): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="d" targetNamespace="urn:test">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:${taskType} id="Check" name="Check">${extensions}<bpmn:incoming>Flow_1</bpmn:incoming>${withEnd ? '<bpmn:outgoing>Flow_2</bpmn:outgoing>' : ''}</bpmn:${taskType}>
    ${withEnd ? '<bpmn:endEvent id="Done"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>' : ''}
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Check" />
    ${withEnd ? '<bpmn:sequenceFlow id="Flow_2" name="next" sourceRef="Check" targetRef="Done" />' : ''}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="di"><bpmndi:BPMNPlane id="plane" bpmnElement="p">
    <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Check_di" bpmnElement="Check"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    ${withEnd ? '<bpmndi:BPMNShape id="Done_di" bpmnElement="Done"><dc:Bounds x="402" y="102" width="36" height="36" /></bpmndi:BPMNShape>' : ''}
    <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
    ${withEnd ? '<bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2"><di:waypoint x="340" y="120" /><di:waypoint x="402" y="120" /></bpmndi:BPMNEdge>' : ''}
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

const groups = { body: { items: [{ id: 'g1', key: 'hr', name: 'HR Team', departmentId: 'd-hr' }, { id: 'g2', key: 'finance', name: 'Finance', departmentId: 'd-hr' }] } };
const labels = { gateway: 'Genehmigt?', yes: 'ja', no: 'nein', approved: 'Genehmigt', rejected: 'Abgelehnt' };

let modeler: Modeler;
let container: HTMLElement;

beforeEach(() => {
  document.body.innerHTML = '';
  container = document.createElement('div');
  document.body.appendChild(container);
  mockFetch({
    'GET /api/groups': groups,
    'GET /api/departments': { body: { items: [{ id: 'd-hr', key: 'hr', name: 'HR' }] } },
    'GET /api/forms/approval-hr': { body: { key: 'approval-hr', version: 1 } },
  });
});
afterEach(() => {
  modeler?.destroy();
  vi.unstubAllGlobals();
});

/** The modeller with Lotse's approval module, and the panel's approval section for the selected user task. */
async function setUp(xml: string) {
  const i18n = createAppI18n('de');
  modeler = new Modeler({
    container,
    moddleExtensions,
    additionalModules: [lotseModelingModule, approvalModule],
    lotseApproval: { t: (key: string) => i18n.global.t(key) },
  } as any);
  await modeler.importXML(xml);
  const eventBus = modeler.get<any>('eventBus');
  const selected = shallowRef<any>(null);
  const version = ref(0);
  eventBus.on('selection.changed', ({ newSelection }: any) => (selected.value = newSelection.length === 1 ? markRaw(newSelection[0]) : null));
  eventBus.on(['commandStack.changed', 'elements.changed'], () => version.value++);
  const Panel = defineComponent({
    provide: { [PANEL_CONTEXT as symbol]: { editing: createEditing(modeler), version, departmentId: ref('d-hr'), readOnly: false } },
    setup: () => () => (selected.value?.type === 'bpmn:UserTask' ? h(ApprovalSection, { key: `approval-${selected.value.id}`, element: selected.value }) : null),
  });
  const panel = mount(Panel, { global: { plugins: [i18n] }, attachTo: document.body });
  const registry = modeler.get<any>('elementRegistry');
  return { panel, registry, get: (id: string) => registry.get(id), select: (id: string) => modeler.get<any>('selection').select(registry.get(id)) };
}

const padEntry = (action: string) => container.querySelector<HTMLElement>(`.djs-context-pad [data-action="${action}"]`);
const gatewayAfter = (task: any) => task.outgoing.map((c: any) => c.target).find((t: any) => t.type === 'bpmn:ExclusiveGateway');
/** The diagram as XML; label positions left out (moving a named flow gives its label DI bounds). */
const xml = async () => (await modeler.saveXML({ format: true })).xml!.replace(/\s*<bpmndi:BPMNLabel>[\s\S]*?<\/bpmndi:BPMNLabel>/g, '');

describe('approval step from the context pad', () => {
  it('turns a plain task into an approval step: context-pad button, dialog, one applied block', async () => {
    const { panel, get, select } = await setUp(diagram('task'));
    select('Check');
    const make = padEntry('lotse-approval.make');
    expect(make?.tagName).toBe('BUTTON');
    expect(make?.getAttribute('title')).toBe('Zum Genehmigungsschritt machen');
    make!.click();
    await settle();

    // The task became a user task (same id), is selected, and the dialog is open.
    expect(get('Check').type).toBe('bpmn:UserTask');
    expect(modeler.get<any>('selection').get()).toEqual([get('Check')]);
    expect(panel.find('dialog form').exists()).toBe(true);
    await panel.findAll('.group-picker input[type=checkbox]')[0].setValue(true);
    await panel.find('dialog form').trigger('submit');
    await settle();

    const task = get('Check');
    expect(readApprovalOptions(task.businessObject)).toMatchObject({ mode: 'one', approvers: ['hr'], formId: 'approval-hr' });
    expect(gatewayAfter(task).businessObject.name).toBe('Genehmigt?');
    expect(panel.find('dialog form').exists()).toBe(false);
    // Now the pad offers to change or remove the approval instead.
    select('Check');
    expect(padEntry('lotse-approval.make')).toBeNull();
    expect(padEntry('lotse-approval.edit')?.getAttribute('title')).toBe('Genehmigung ändern');
    expect(padEntry('lotse-approval.remove')?.getAttribute('title')).toBe('Genehmigung entfernen');
  });

  it('has no entry where the block cannot go', async () => {
    const { select } = await setUp(diagram('task'));
    select('Done');
    expect(padEntry('lotse-approval.make')).toBeNull();
    select('Flow_2');
    expect(padEntry('lotse-approval.make')).toBeNull();
  });

  it('palette: a translated button; from the keyboard it places the step behind the selection and opens the dialog', async () => {
    const { panel, registry, select } = await setUp(diagram('userTask', '', false));
    // Auto-place scrolls to the new shape; happy-dom's SVGMatrix cannot do that arithmetic.
    modeler.get<any>('canvas').scrollToElement = () => undefined;
    const entry = container.querySelector<HTMLElement>('.djs-palette [data-action="create.lotse-approval"]')!;
    expect(entry.tagName).toBe('BUTTON');
    expect(entry.getAttribute('aria-label')).toBe('Genehmigungsschritt anlegen');
    select('Check');
    entry.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 0 })); // Enter / Space on the button
    await settle();
    const created = registry.filter((e: any) => e.type === 'bpmn:UserTask' && e.id !== 'Check');
    expect(created).toHaveLength(1);
    expect(created[0].businessObject.name).toBe('Genehmigung');
    expect(created[0].incoming[0].source.id).toBe('Check');
    expect(panel.find('dialog form').exists()).toBe(true);
  });
});

describe('remove approval', () => {
  // The owner's own settings; listed in the order the block leaves them (the order carries no meaning).
  const own = '<bpmn:extensionElements><zeebe:taskSchedule dueDate="=now() + duration(&quot;P2D&quot;)" /><zeebe:userTask />'
    + '<zeebe:ioMapping><zeebe:input source="=amount" target="sum" /><zeebe:output source="=comment" target="note" /></zeebe:ioMapping></bpmn:extensionElements>';
  const parallel: ApprovalOptions = { ...defaultApprovalOptions('approval-hr'), mode: 'parallel', approvers: ['hr', 'finance'] };

  it('takes back exactly what the block added, as one undo step (panel button)', async () => {
    const { panel, get, registry, select } = await setUp(diagram('userTask', own));
    const before = await xml();
    applyApproval(modeler, get('Check'), parallel, labels);
    expect(get('Check').businessObject.loopCharacteristics).toBeTruthy();
    expect(registry.get('Check_approval_rejected')).toBeTruthy();

    select('Check');
    await settle();
    const remove = panel.findAll('button').find((b) => b.text() === 'Genehmigung entfernen')!;
    expect(remove.attributes('type')).toBe('button');
    await remove.trigger('click');
    await settle();

    const task = get('Check');
    expect(readApprovalOptions(task.businessObject)).toBeNull();
    expect(task.businessObject.loopCharacteristics).toBeUndefined();
    expect(gatewayAfter(task)).toBeUndefined();
    expect(registry.get('Check_approval_rejected')).toBeUndefined();
    // The original flow (with its name) leads to the original end again; the owner's settings stay.
    expect(task.outgoing.map((c: any) => [c.id, c.target.id, c.businessObject.name])).toEqual([['Flow_2', 'Done', 'next']]);
    expect(await xml()).toBe(before);
    expect(panel.text()).not.toContain('Genehmigung entfernen');

    // One undo brings the whole approval back; redo removes it again.
    const commandStack = modeler.get<any>('commandStack');
    commandStack.undo();
    expect(readApprovalOptions(get('Check').businessObject)).toMatchObject({ mode: 'parallel', approvers: ['hr', 'finance'] });
    expect(gatewayAfter(get('Check')).businessObject.name).toBe('Genehmigt?');
    expect(get('Check').businessObject.loopCharacteristics).toBeTruthy();
    commandStack.redo();
    expect(await xml()).toBe(before);
    commandStack.undo();
    commandStack.undo();
    expect(commandStack.canUndo()).toBe(false);
    expect(await xml()).toBe(before);
  });

  it('from the context pad, also deletes the "approved" end the block added behind a task that led nowhere', async () => {
    const { get, registry, select } = await setUp(diagram('userTask', '<bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements>', false));
    const before = await xml();
    applyApproval(modeler, get('Check'), defaultApprovalOptions('approval-hr'), labels);
    expect(registry.get('Check_approval_approved')?.businessObject.name).toBe('Genehmigt');
    select('Check');
    padEntry('lotse-approval.remove')!.click();
    expect(registry.get('Check_approval_approved')).toBeUndefined();
    expect(get('Check').outgoing).toEqual([]);
    expect(await xml()).toBe(before);
    modeler.get<any>('commandStack').undo();
    expect(readApprovalOptions(get('Check').businessObject)).not.toBeNull();
    expect(registry.get('Check_approval_approved')).toBeTruthy();
  });

  it('keeps what the owner reconnected or changed by hand', async () => {
    const { get, registry } = await setUp(diagram('userTask'));
    applyApproval(modeler, get('Check'), defaultApprovalOptions('approval-hr'), labels);
    const modeling = modeler.get<any>('modeling');
    const gateway = gatewayAfter(get('Check'));
    // "no" now leads to a task of the owner's; the assignment was edited in the panel.
    const inform = modeling.createShape({ type: 'bpmn:UserTask' }, { x: 700, y: 400 }, get('Check').parent);
    const no = gateway.outgoing.find((c: any) => c.target.id === 'Check_approval_rejected');
    modeling.reconnectEnd(no, inform, { x: 700, y: 400 });
    const assignment = get('Check').businessObject.extensionElements.values.find((v: any) => v.$type === 'zeebe:AssignmentDefinition');
    modeling.updateModdleProperties(get('Check'), assignment, { candidateGroups: 'it' });

    modeler.get<any>('lotseApproval').remove(get('Check'));
    expect(registry.get(inform.id)).toBeTruthy();
    expect(registry.get('Check_approval_rejected')).toBeTruthy(); // the owner's to delete now
    const left = get('Check').businessObject.extensionElements.values.map((v: any) => v.$type);
    expect(left).toEqual(['zeebe:UserTask', 'zeebe:AssignmentDefinition']);
    expect(get('Check').outgoing.map((c: any) => c.target.id)).toEqual(['Done']);
  });
});
