/**
 * #18 point 1 in the modeller: bpmn-js's palette and context pad speak the UI language (their
 * titles are what screen readers announce), and every element takes a German name beside its
 * default one (esm:nameDe) in the properties panel. Against a real bpmn-js modeller.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, markRaw, ref, shallowRef } from 'vue';
import { mount } from '@vue/test-utils';
import Modeler from 'bpmn-js/lib/Modeler';
import { createAppI18n } from '../../app/i18n';
import { moddleExtensions } from '../../app/modeler/moddleExtensions';
import lotseModelingModule from '../../app/modeler/lotseModeling';
import PropertiesPanel from '../../app/modeler/properties/PropertiesPanel.vue';
import { createEditing, PANEL_CONTEXT } from '../../app/modeler/properties/editing';
import { translateBpmn, translateModule } from '../../app/modeler/translate';
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

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:esm="urn:lotse:esm:1" id="d" targetNamespace="urn:test">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:userTask id="Check" name="Check the licence" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="di"><bpmndi:BPMNPlane id="plane" bpmnElement="p">
    <bpmndi:BPMNShape id="Check_di" bpmnElement="Check"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

let modeler: Modeler;
let container: HTMLElement;
let locale = 'de';

beforeEach(() => {
  document.body.innerHTML = '';
  container = document.createElement('div');
  document.body.appendChild(container);
  locale = 'de';
  mockFetch({ 'GET /api/groups': { body: { items: [] } }, 'GET /api/departments': { body: { items: [] } } });
});
afterEach(() => {
  modeler?.destroy();
  vi.unstubAllGlobals();
});

async function setUp() {
  modeler = new Modeler({ container, moddleExtensions, additionalModules: [lotseModelingModule, translateModule], lotseLocale: { get: () => locale } } as any);
  await modeler.importXML(XML);
  return modeler;
}

const title = (selector: string) => container.querySelector(selector)?.getAttribute('title');
/** The palette names its tools to screen readers with aria-label. */
const label = (selector: string) => container.querySelector(selector)?.getAttribute('aria-label');

describe("bpmn-js's own texts in the UI language", () => {
  it('names the palette tools in German for a German reader, and in English after the switch', async () => {
    await setUp();
    expect(label('.djs-palette [data-action="create.start-event"]')).toBe('Startereignis anlegen');
    expect(label('.djs-palette [data-action="hand-tool"]')).toBe('Hand-Werkzeug aktivieren');
    locale = 'en';
    modeler.get<any>('eventBus').fire('i18n.changed');
    await settle();
    expect(label('.djs-palette [data-action="create.start-event"]')).toBe('Create start event');
  });

  it("names the context pad's entries in German", async () => {
    await setUp();
    modeler.get<any>('selection').select(modeler.get<any>('elementRegistry').get('Check'));
    await settle();
    expect(title('.djs-context-pad [data-action="append.end-event"]')).toBe('Endereignis anhängen');
    expect(title('.djs-context-pad [data-action="delete"]')).toBe('Löschen');
  });

  it('keeps a text it has no German for, and fills placeholders', () => {
    expect(translateBpmn('de', 'Something new')).toBe('Something new');
    expect(translateBpmn('de', 'Delete')).toBe('Löschen');
    expect(translateBpmn('en', 'Delete {what}', { what: 'task' })).toBe('Delete task');
  });
});

describe('German element names in the properties panel', () => {
  it('writes esm:nameDe beside the default name, which export keeps', async () => {
    await setUp();
    const i18n = createAppI18n('de');
    const selected = shallowRef<any>(markRaw(modeler.get<any>('elementRegistry').get('Check')));
    const version = ref(0);
    modeler.get<any>('eventBus').on(['commandStack.changed', 'elements.changed'], () => version.value++);
    const Panel = defineComponent({
      provide: { [PANEL_CONTEXT as symbol]: { editing: createEditing(modeler), version, departmentId: ref(undefined), readOnly: false } },
      setup: () => () => h(PropertiesPanel, { element: selected.value }),
    });
    const panel = mount(Panel, { global: { plugins: [i18n] }, attachTo: document.body });
    await settle();
    const field = panel.find('[data-testid=prop-name-de]');
    expect(panel.find('label[for=prop-name-de]').text()).toBe('Name auf Deutsch');
    await field.setValue('Lizenz prüfen');
    await field.trigger('change');
    await settle();
    const { xml } = await modeler.saveXML();
    expect(xml).toMatch(/<bpmn:userTask id="Check" [^>]*esm:nameDe="Lizenz prüfen"/);
    expect(xml).toContain('name="Check the licence"');
    panel.unmount();
  });
});
