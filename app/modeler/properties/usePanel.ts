import { computed, inject } from 'vue';
import { PANEL_CONTEXT, extensionOf, type PanelContext } from './editing';

/** The panel context plus a reader that re-evaluates after each diagram change. */
export function usePanel() {
  const ctx = inject(PANEL_CONTEXT) as PanelContext;
  /** A computed that depends on the change counter, for values read from bpmn-js objects. */
  function live<T>(read: () => T) {
    return computed(() => {
      void ctx.version.value;
      return read();
    });
  }
  return { ...ctx, live, extensionOf };
}

/** Comma lists as the zeebe attributes store them (candidateGroups="hr, it"). */
export function splitList(value: unknown): string[] {
  return String(value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The value of an input/select/textarea change event. */
export function valueOf(event: Event): string {
  return (event.target as HTMLInputElement).value;
}

/** A none start event directly in a process: the one the portal starts, so it may carry a request form. */
export function isRequestStart(bo: any): boolean {
  return !!bo?.$instanceOf?.('bpmn:StartEvent') && !(bo.eventDefinitions ?? []).length && !!bo.$parent?.$instanceOf?.('bpmn:Process');
}
