/**
 * What the properties panel may do to the diagram: every change is a bpmn-js command
 * (`modeling.*` inside `lotse.compound`), so undo/redo and autosave see it.
 */
import type { InjectionKey, Ref } from 'vue';
import type Modeler from 'bpmn-js/lib/Modeler';
import { extensionOf } from '../../../common/bpmn-lint-rules';

type Element = any;
type BusinessObject = any;
type Props = Record<string, unknown>;

/** Empty strings become undefined, so cleared fields disappear from the XML. */
function clean(props: Props): Props {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, typeof v === 'string' && v.trim() === '' ? undefined : v]));
}

/** Nothing set but defaults (zeebe:FormDefinition reads bindingType "latest" even when absent). */
function isEmpty(bo: BusinessObject): boolean {
  const descriptor = bo.$descriptor?.properties ?? [];
  return descriptor.every((p: { name: string; default?: unknown }) => {
    const v = bo.get(p.name);
    return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (p.default !== undefined && v === p.default);
  });
}

export function createEditing(modeler: Modeler) {
  const modeling = modeler.get<any>('modeling');
  const bpmnFactory = modeler.get<any>('bpmnFactory');
  const commandStack = modeler.get<any>('commandStack');
  const canvas = modeler.get<any>('canvas');
  const elementRegistry = modeler.get<any>('elementRegistry');

  function compound(element: Element, steps: () => void): void {
    commandStack.execute('lotse.compound', { element, steps });
  }

  /** Sets (or, when every field is empty, removes) the extension element `type` of `bo`. */
  function setExtensionIn(element: Element, bo: BusinessObject, type: string, props: Props): void {
    const values = clean(props);
    let ext = bo.extensionElements;
    const existing = extensionOf(bo, type);
    if (!existing) {
      if (Object.values(values).every((v) => v === undefined)) return;
      if (!ext) {
        ext = bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
        modeling.updateModdleProperties(element, bo, { extensionElements: ext });
      }
      const created = bpmnFactory.create(type, values);
      created.$parent = ext;
      modeling.updateModdleProperties(element, ext, { values: [...ext.get('values'), created] });
      return;
    }
    modeling.updateModdleProperties(element, existing, values);
    if (isEmpty(existing)) removeExtensionIn(element, bo, type);
  }

  function removeExtensionIn(element: Element, bo: BusinessObject, type: string): void {
    const ext = bo.extensionElements;
    const existing = extensionOf(bo, type);
    if (!ext || !existing) return;
    modeling.updateModdleProperties(element, ext, { values: ext.get('values').filter((v: BusinessObject) => v !== existing) });
  }

  /** The process whose properties the "process" section edits: the root, or the first pool's. */
  function processOf(): { element: Element; bo: BusinessObject } | null {
    const root = canvas.getRootElement();
    const bo = root?.businessObject;
    if (bo?.$instanceOf('bpmn:Process')) return { element: root, bo };
    const participant = (bo?.participants ?? []).find((p: BusinessObject) => p.processRef);
    if (!participant) return null;
    return { element: elementRegistry.get(participant.id) ?? root, bo: participant.processRef };
  }

  return {
    modeler,
    compound,
    processOf,
    /** Plain BPMN attributes of the element itself (name, default, conditionExpression, …). */
    update(element: Element, props: Props): void {
      modeling.updateProperties(element, clean(props));
    },
    /** Attributes of a business object that is not the element's own (process, event definition). */
    updateModdle(element: Element, bo: BusinessObject, props: Props): void {
      modeling.updateModdleProperties(element, bo, clean(props));
    },
    setExtension(element: Element, type: string, props: Props, bo: BusinessObject = element.businessObject): void {
      compound(element, () => setExtensionIn(element, bo, type, props));
    },
    setExtensionIn,
    removeExtensionIn,
    create(type: string, props: Props = {}): BusinessObject {
      return bpmnFactory.create(type, props);
    },
    /** bpmn:FormalExpression for conditions and timers; empty text gives undefined. */
    expression(body: string): BusinessObject | undefined {
      return body.trim() ? bpmnFactory.create('bpmn:FormalExpression', { body: body.trim() }) : undefined;
    },
    definitions(): BusinessObject {
      return modeler.getDefinitions();
    },
  };
}

export type Editing = ReturnType<typeof createEditing>;

/** Provided by the editor view to the panel sections: the editing API and a change counter. */
export interface PanelContext {
  editing: Editing;
  /** Bumped on every diagram change, so sections re-read the business objects. */
  version: Ref<number>;
  departmentId: Ref<string | undefined>;
  readOnly: boolean;
}

export const PANEL_CONTEXT: InjectionKey<PanelContext> = Symbol('lotse-modeler-panel');

export { extensionOf };
