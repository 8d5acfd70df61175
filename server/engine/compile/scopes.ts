/** Scopes: embedded and event sub-processes (their children are compiled by the walker) and call activities. */
import type { CompiledElement, CompiledFlow } from '../core/model';
import { ext, type FamilyTools, type Report } from './tools';

/** Scope-specific extension data and checks of one element. */
export function compileScope(el: any, c: CompiledElement, t: FamilyTools): void {
  const { err, checkFeel } = t;
  switch (c.type) {
    case 'callActivity': {
      const ce = ext(el, 'zeebe:CalledElement');
      if (!ce?.processId) err(el.id, 'call activity without zeebe:calledElement processId');
      checkFeel(el.id, 'calledElement processId', ce?.processId);
      c.calledElement = {
        processId: ce?.processId ?? '',
        propagateAllChildVariables: ce?.propagateAllChildVariables !== false,
        propagateAllParentVariables: ce?.propagateAllParentVariables !== false,
      };
      break;
    }
    case 'subProcess':
    case 'eventSubProcess': {
      if (el.$type !== 'bpmn:SubProcess') break;
      c.children = t.visit(el, el.id);
      break;
    }
    default:
      break;
  }
}

/** Cross-element checks of sub-processes: exactly one start event, no flows into an event sub-process. */
export function scopeStructure(c: CompiledElement, elements: Record<string, CompiledElement>, _flows: Record<string, CompiledFlow>, err: Report): void {
  if (c.type === 'subProcess' || c.type === 'eventSubProcess') {
    const starts = (c.children ?? []).filter((id) => elements[id]?.type === 'startEvent');
    if (starts.length !== 1) err(c.id, `${c.type === 'subProcess' ? 'sub-process' : 'event sub-process'} needs exactly one start event`);
    c.startEvent = starts[0];
    c.eventSubProcesses = (c.children ?? []).filter((id) => elements[id]?.type === 'eventSubProcess');
    if (c.type === 'eventSubProcess' && c.incoming.length + c.outgoing.length > 0) err(c.id, 'event sub-process must not have sequence flows');
  }
}
