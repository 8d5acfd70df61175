/**
 * Owns one bpmn-js Modeler for a component's lifetime: created on mount into `container`, held in a
 * shallowRef (never made reactive), destroyed on unmount. Diagram changes bump `version`.
 */
import { markRaw, onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { createModeler, type Modeler } from './createModeler';

export function useModelerInstance(container: Ref<HTMLElement | null>, onChanged: () => void) {
  const modeler = shallowRef<Modeler | null>(null);
  const selected = shallowRef<any>(null);
  /** Counts command-stack changes; UI that reads bpmn-js objects depends on it. */
  const version = ref(0);
  const canUndo = ref(false);
  const canRedo = ref(false);
  let importing = false;
  const { t, locale } = useI18n();
  // Lotse's own palette and context-pad entries follow the language (diagram-js redraws on i18n.changed).
  watch(locale, () => modeler.value?.get<any>('eventBus').fire('i18n.changed'));

  onMounted(() => {
    const instance = markRaw(createModeler(container.value!, { t: (key) => t(key), locale: () => String(locale.value) }));
    modeler.value = instance;
    // Browser tests and the console reach the modelling API here (as bpmn.io's demos do).
    Object.defineProperty(container.value!, 'bpmnjs', { value: instance, configurable: true });
    const eventBus = instance.get<any>('eventBus');
    const commandStack = instance.get<any>('commandStack');
    eventBus.on('selection.changed', ({ newSelection }: { newSelection: any[] }) => {
      // A click on a flow's (or event's) label selects the label: the panel shows the element it names.
      const one = newSelection.length === 1 ? newSelection[0] : null;
      selected.value = one ? markRaw(one.labelTarget ?? one) : null;
    });
    eventBus.on('commandStack.changed', () => {
      version.value++;
      canUndo.value = commandStack.canUndo();
      canRedo.value = commandStack.canRedo();
      if (!importing) onChanged();
    });
    // A listener that returns a value stops the event in diagram-js: `version.value++` returned a number,
    // so bpmn-js-bpmnlint (a later listener) never re-linted after an edit and the badge kept the import's count.
    eventBus.on('elements.changed', () => {
      version.value++;
    });
  });

  onBeforeUnmount(() => {
    modeler.value?.destroy();
    modeler.value = null;
  });

  /** Imports XML; on failure the previous diagram is restored and the error rethrown. */
  async function importXml(xml: string): Promise<string[]> {
    const m = modeler.value!;
    let previous: string | null = null;
    try {
      previous = m.getDefinitions() ? (await m.saveXML({ format: true })).xml ?? null : null;
    } catch {
      previous = null;
    }
    importing = true;
    try {
      const { warnings } = await m.importXML(xml);
      m.get<any>('canvas').zoom('fit-viewport', 'auto');
      selected.value = null;
      version.value++;
      return warnings.map((w: any) => String(w.message ?? w));
    } catch (error) {
      if (previous) await m.importXML(previous).catch(() => undefined);
      throw error;
    } finally {
      importing = false;
      canUndo.value = false;
      canRedo.value = false;
    }
  }

  async function getXml(): Promise<string> {
    const { xml } = await modeler.value!.saveXML({ format: true });
    return xml ?? '';
  }

  return { modeler, selected, version, canUndo, canRedo, importXml, getXml };
}
