// The request form of a process's none start event, picked in the properties panel like a user
// task's form: one undoable command per change, nothing editable in a read-only diagram.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { mount } from '@vue/test-utils';
import { BpmnModdle } from 'bpmn-moddle';
import { createAppI18n } from '../../app/i18n';
import { moddleExtensions } from '../../app/modeler/moddleExtensions';
import { PANEL_CONTEXT, createEditing, extensionOf } from '../../app/modeler/properties/editing';
import PropertiesPanel from '../../app/modeler/properties/PropertiesPanel.vue';
import { commandModeler } from './commandModeler';
import { mockFetch, settle } from './support';

const DEPARTMENT = '5f0c8a9e-2b1d-4c3e-9f7a-1a2b3c4d5e6f';
const XML = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:x">
  <bpmn:process id="urlaubsantrag" isExecutable="true">
    <bpmn:startEvent id="start" name="Antrag gestellt"/>
    <bpmn:startEvent id="timerStart"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
    <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart"/></bpmn:subProcess>
    <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  </bpmn:process>
</bpmn:definitions>`;

const formList = {
  body: {
    items: [
      { key: 'urlaub', version: 2, departmentId: DEPARTMENT, title: { de: 'Urlaubsantrag', en: 'Leave request' }, fieldCount: 4 },
      { key: 'reise', version: 1, departmentId: DEPARTMENT, title: { de: 'Dienstreise' }, fieldCount: 2 },
    ],
  },
};

afterEach(() => vi.unstubAllGlobals());

async function mountPanel(elementId: string, options: { readOnly?: boolean; locale?: 'de' | 'en'; departmentId?: string } = {}) {
  const moddle = new BpmnModdle(moddleExtensions);
  const { rootElement: definitions } = await moddle.fromXML(XML, 'bpmn:Definitions');
  const process = (definitions as any).rootElements[0];
  const all = [...process.flowElements, ...process.flowElements.flatMap((e: any) => e.flowElements ?? [])];
  const bo = all.find((e: any) => e.id === elementId);
  const element = { id: elementId, type: bo.$type, businessObject: bo, parent: { id: 'urlaubsantrag' } };
  const version = ref(0);
  const { modeler, commands, commandStack } = commandModeler(moddle, definitions, version);
  const { calls } = mockFetch({ [`GET /api/forms?departmentId=${DEPARTMENT}`]: formList });
  const wrapper = mount(PropertiesPanel, {
    props: { element },
    global: {
      plugins: [createAppI18n(options.locale ?? 'de')],
      provide: {
        [PANEL_CONTEXT as symbol]: {
          editing: createEditing(modeler as any),
          version,
          departmentId: ref('departmentId' in options ? options.departmentId : DEPARTMENT),
          readOnly: options.readOnly ?? false,
        },
      },
    },
  });
  await settle();
  const xml = async () => (await moddle.toXML(definitions, { format: false })).xml;
  return { wrapper, bo, commands, commandStack, calls, xml };
}

describe('request form of the start event', () => {
  it("offers the department's forms and links the chosen one in one undoable command", async () => {
    const { wrapper, bo, commands, commandStack, calls, xml } = await mountPanel('start');
    expect(calls.map((c) => c.path)).toEqual([`/api/forms?departmentId=${DEPARTMENT}`]);
    const section = wrapper.get('section[aria-label="Antragsformular"]');
    expect(section.text()).toContain('Dieses Formular füllen Antragstellende im Portal aus');
    const select = section.get('select#prop-start-form');
    expect(select.findAll('option').map((o) => o.text())).toEqual(['– kein Formular –', 'Urlaubsantrag', 'Dienstreise']);

    await select.setValue('urlaub');
    await settle();
    expect(commands).toEqual(['lotse.compound']);
    expect(extensionOf(bo, 'zeebe:FormDefinition')?.formId).toBe('urlaub');
    expect(await xml()).toContain('<bpmn:startEvent id="start" name="Antrag gestellt"><bpmn:extensionElements><zeebe:formDefinition formId="urlaub" />');
    expect((wrapper.get('select#prop-start-form').element as HTMLSelectElement).value).toBe('urlaub');

    commandStack.undo();
    await settle();
    expect(extensionOf(bo, 'zeebe:FormDefinition')).toBeUndefined();
    expect(await xml()).not.toContain('formDefinition');
    expect((wrapper.get('select#prop-start-form').element as HTMLSelectElement).value).toBe('');
  });

  it('removes the form reference when "no form" is picked', async () => {
    const { wrapper, bo, commands, xml } = await mountPanel('start');
    await wrapper.get('select#prop-start-form').setValue('reise');
    await wrapper.get('select#prop-start-form').setValue('');
    await settle();
    expect(commands).toEqual(['lotse.compound', 'lotse.compound']);
    expect(extensionOf(bo, 'zeebe:FormDefinition')).toBeUndefined();
    expect(await xml()).not.toContain('formDefinition');
  });

  it('names the forms in the English panel', async () => {
    const { wrapper } = await mountPanel('start', { locale: 'en' });
    expect(wrapper.get('section[aria-label="Request form"]').findAll('option').map((o) => o.text())).toEqual(['– no form –', 'Leave request', 'Dienstreise']);
  });

  it('shows the picker but changes nothing in a read-only diagram', async () => {
    const { wrapper, commands } = await mountPanel('start', { readOnly: true });
    const select = wrapper.get('select#prop-start-form');
    expect(select.attributes('disabled')).toBeDefined();
    expect(commands).toEqual([]);
  });

  it('takes a typed form key when the process has no department yet', async () => {
    const { wrapper, bo, calls } = await mountPanel('start', { departmentId: undefined });
    expect(calls).toEqual([]);
    await wrapper.get('input#prop-start-form').setValue('urlaub');
    expect(extensionOf(bo, 'zeebe:FormDefinition')?.formId).toBe('urlaub');
  });

  it('is not offered on a timer start or a start event inside a sub-process', async () => {
    for (const id of ['timerStart', 'subStart']) {
      const { wrapper } = await mountPanel(id);
      expect(wrapper.find('#prop-start-form').exists()).toBe(false);
    }
  });
});

describe('timer counted in working time', () => {
  it('marks a duration as working days (esm:businessTime) and drops the mark when the timer becomes a date', async () => {
    const { wrapper, bo, xml } = await mountPanel('wait', { locale: 'en' });
    const box = wrapper.find('[data-testid=timer-working-time]');
    expect(box.exists()).toBe(true);
    expect((box.element as HTMLInputElement).checked).toBe(false);
    expect(wrapper.text()).toContain('Count working days and hours');
    await box.setValue(true);
    await settle();
    expect(bo.eventDefinitions[0].businessTime).toBe(true);
    expect(await xml()).toContain('esm:businessTime="true"');
    await wrapper.find('#prop-timer-kind').setValue('timeDate');
    await settle();
    expect(bo.eventDefinitions[0].businessTime).toBeUndefined();
    expect(await xml()).not.toContain('businessTime');
  });
});
