// The catalog entry of a process in the properties panel: the default (English) title and
// description and their German counterparts, each change one undoable command.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { BpmnModdle } from 'bpmn-moddle';
import { createAppI18n } from '../../app/i18n';
import { moddleExtensions } from '../../app/modeler/moddleExtensions';
import { PANEL_CONTEXT, createEditing, extensionOf } from '../../app/modeler/properties/editing';
import PropertiesPanel from '../../app/modeler/properties/PropertiesPanel.vue';
import { commandModeler } from './commandModeler';
import { mockFetch, settle } from './support';

const XML = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:esm="urn:lotse:esm:1" id="d" targetNamespace="urn:x">
  <bpmn:process id="it-incident" name="IT incident" isExecutable="true">
    <bpmn:extensionElements><esm:catalog title="Report an IT problem" description="Something does not work" /></bpmn:extensionElements>
    <bpmn:startEvent id="start"/>
  </bpmn:process>
</bpmn:definitions>`;

afterEach(() => vi.unstubAllGlobals());

async function mountProcessPanel(locale: 'de' | 'en' = 'de') {
  const moddle = new BpmnModdle(moddleExtensions);
  const { rootElement: definitions } = await moddle.fromXML(XML, 'bpmn:Definitions');
  const process = (definitions as any).rootElements[0];
  const version = ref(0);
  const { modeler, commands, commandStack } = commandModeler(moddle, definitions, version);
  mockFetch({ 'GET /api/groups': { body: { items: [] } }, 'GET /api/departments': { body: { items: [] } } });
  const wrapper = mount(PropertiesPanel, {
    props: { element: null },
    global: {
      plugins: [createPinia(), createAppI18n(locale)],
      provide: { [PANEL_CONTEXT as symbol]: { editing: createEditing(modeler as any), version, departmentId: ref(undefined), readOnly: false } },
    },
  });
  await settle();
  const xml = async () => (await moddle.toXML(definitions, { format: false })).xml;
  return { wrapper, process, commands, commandStack, xml };
}

const labelOf = (wrapper: any, id: string) => wrapper.get(`label[for=${id}]`).text();

describe('catalog entry in German and English', () => {
  it('labels the default fields as English and offers German title and description', async () => {
    const { wrapper } = await mountProcessPanel('de');
    expect(labelOf(wrapper, 'prop-cat-title')).toBe('Titel (Englisch, Standard)');
    expect(labelOf(wrapper, 'prop-cat-desc')).toBe('Beschreibung (Englisch, Standard)');
    expect(labelOf(wrapper, 'prop-cat-title-de')).toBe('Titel (Deutsch)');
    expect(labelOf(wrapper, 'prop-cat-desc-de')).toBe('Beschreibung (Deutsch)');
    const en = (await mountProcessPanel('en')).wrapper;
    expect(labelOf(en, 'prop-cat-title')).toBe('Title (English, default)');
    expect(labelOf(en, 'prop-cat-title-de')).toBe('Title (German)');
    expect(labelOf(en, 'prop-cat-desc-de')).toBe('Description (German)');
  });

  it('writes titleDe and descriptionDe into esm:catalog as undoable commands, keeping the default text', async () => {
    const { wrapper, process, commands, commandStack, xml } = await mountProcessPanel('de');
    expect((wrapper.get('#prop-cat-title').element as HTMLInputElement).value).toBe('Report an IT problem');
    expect((wrapper.get('#prop-cat-title-de').element as HTMLInputElement).value).toBe('');

    await wrapper.get('#prop-cat-title-de').setValue('Störung melden');
    await wrapper.get('#prop-cat-desc-de').setValue('Etwas funktioniert nicht');
    await settle();
    expect(commands).toHaveLength(2);
    expect(extensionOf(process, 'esm:Catalog')).toMatchObject({ title: 'Report an IT problem', titleDe: 'Störung melden', descriptionDe: 'Etwas funktioniert nicht' });
    expect(await xml()).toContain('titleDe="Störung melden" descriptionDe="Etwas funktioniert nicht"');

    commandStack.undo();
    await settle();
    expect(extensionOf(process, 'esm:Catalog')?.descriptionDe).toBeUndefined();
    expect((wrapper.get('#prop-cat-desc-de').element as HTMLTextAreaElement).value).toBe('');
    expect((wrapper.get('#prop-cat-title-de').element as HTMLInputElement).value).toBe('Störung melden');
  });
});
