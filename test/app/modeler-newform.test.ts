// "New form" in the user-task section: creates a form for the process's department, links it
// through one editing command (so undo works) and offers the form designer in a new tab.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { mount } from '@vue/test-utils';
import { createMemoryHistory } from 'vue-router';
import { BpmnModdle } from 'bpmn-moddle';
import { moddleExtensions } from '../../app/modeler/moddleExtensions';
import { PANEL_CONTEXT, extensionOf } from '../../app/modeler/properties/editing';
import { formKeyFor } from '../../app/modeler/properties/newTaskForm';
import UserTaskSection from '../../app/modeler/properties/UserTaskSection.vue';
import { createAppPlugins } from '../../app/setup';
import { mockFetch, settle, type RecordedCall } from './support';

const DEPARTMENT = '5f0c8a9e-2b1d-4c3e-9f7a-1a2b3c4d5e6f';
const XML = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="urlaubsantrag" isExecutable="true"><bpmn:userTask id="t1" name="Antrag prüfen"/></bpmn:process>
</bpmn:definitions>`;

afterEach(() => vi.unstubAllGlobals());

/** The section on a real moddle user task; the editing API records the commands the panel issues. */
async function mountSection(routes: Parameters<typeof mockFetch>[0]) {
  const moddle = new BpmnModdle(moddleExtensions);
  const { rootElement } = await moddle.fromXML(XML, 'bpmn:Definitions');
  const task = (rootElement as any).rootElements[0].flowElements[0];
  const element = { id: 't1', businessObject: task };
  const commands: string[] = [];
  const version = ref(0);
  const editing = {
    compound(_element: unknown, steps: () => void) {
      commands.push('lotse.compound');
      steps();
      version.value++;
    },
    create: (type: string, props: Record<string, unknown> = {}) => moddle.create(type, props),
    updateModdle(_element: unknown, target: any, props: Record<string, unknown>) {
      for (const [k, v] of Object.entries(props)) target.set(k, v);
    },
    setExtensionIn(_element: unknown, target: any, type: string, props: Record<string, unknown>) {
      const existing = extensionOf(target, type);
      if (existing) for (const [k, v] of Object.entries(props)) existing.set(k, v);
      else target.extensionElements.get('values').push(moddle.create(type, props));
    },
    processOf: () => ({ element: null, bo: (rootElement as any).rootElements[0] }),
  };
  const { calls } = mockFetch(routes);
  const { i18n, router, pinia } = createAppPlugins({ history: createMemoryHistory(), locale: 'de' });
  const wrapper = mount(UserTaskSection, {
    props: { element },
    global: {
      plugins: [pinia, i18n, router],
      provide: { [PANEL_CONTEXT as symbol]: { editing, version, departmentId: ref(DEPARTMENT), readOnly: false } },
      stubs: { GroupPicker: true },
    },
  });
  await settle();
  return { wrapper, task, commands, calls };
}

const formList = { body: { items: [{ key: 'urlaub', version: 1, departmentId: DEPARTMENT, title: { de: 'Urlaub', en: 'Leave' }, fieldCount: 3 }] } };
const created = (call: RecordedCall) => ({ status: 201, body: { id: 'f1', version: 1, departmentId: DEPARTMENT, createdAt: '2026-01-01T00:00:00Z', ...(call.body as object) } });

describe('new form from a user task', () => {
  it('derives the form key from the process and the task name', () => {
    expect(formKeyFor('urlaubsantrag', 'Antrag prüfen')).toBe('urlaubsantrag-antrag-prufen');
    expect(formKeyFor('', '2. Freigabe')).toBe('2-freigabe');
  });

  it('creates an empty form for the department, links it in one command and offers the designer', async () => {
    let posts = 0;
    const { wrapper, task, commands, calls } = await mountSection({
      [`GET /api/forms?departmentId=${DEPARTMENT}`]: formList,
      // The first key is taken by another department's form: the next free one is used.
      'POST /api/forms': (call) => (++posts === 1 ? { status: 422, body: { error: 'invalid', code: 'validation_failed', errors: [{ path: '/key', message: 'key "urlaubsantrag-antrag-prufen" is already used' }] } } : created(call)),
    });
    expect(wrapper.find('select#prop-form').findAll('option').map((o) => o.text())).toEqual(['– kein Formular –', 'Urlaub']);

    await wrapper.get('button.link').trigger('click');
    await settle();

    const bodies = calls.filter((c) => c.method === 'POST').map((c) => c.body);
    expect(bodies).toEqual([
      { key: 'urlaubsantrag-antrag-prufen', departmentId: DEPARTMENT, title: { de: 'Antrag prüfen' }, definition: { schema: { type: 'object', properties: {} }, ui: { fields: [] } } },
      expect.objectContaining({ key: 'urlaubsantrag-antrag-prufen-2' }),
    ]);
    expect(commands).toEqual(['lotse.compound']);
    expect(extensionOf(task, 'zeebe:FormDefinition')?.formId).toBe('urlaubsantrag-antrag-prufen-2');
    expect(extensionOf(task, 'zeebe:UserTask')).toBeTruthy();
    expect((wrapper.get('select#prop-form').element as HTMLSelectElement).value).toBe('urlaubsantrag-antrag-prufen-2');
    expect(wrapper.get('[role=status]').text()).toContain('„urlaubsantrag-antrag-prufen-2“ wurde angelegt');
    const link = wrapper.get('a[target=_blank]');
    expect(link.attributes('href')).toBe('/forms/urlaubsantrag-antrag-prufen-2');
    expect(link.text()).toBe('Im Formular-Designer öffnen (neuer Tab)');
  });

  it('says why when the form cannot be created, and links nothing', async () => {
    const { wrapper, task, commands } = await mountSection({
      [`GET /api/forms?departmentId=${DEPARTMENT}`]: formList,
      'POST /api/forms': { status: 403, body: { error: 'You are not a process owner of this department', code: 'forbidden' } },
    });
    await wrapper.get('button.link').trigger('click');
    await settle();
    expect(wrapper.get('[role=alert]').text()).toBe('Das Formular konnte nicht angelegt werden: You are not a process owner of this department');
    expect(commands).toEqual([]);
    expect(extensionOf(task, 'zeebe:FormDefinition')).toBeUndefined();
    expect(wrapper.find('a[target=_blank]').exists()).toBe(false);
  });
});
