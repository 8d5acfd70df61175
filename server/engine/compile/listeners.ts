/**
 * Execution listeners (`zeebe:executionListeners`, start/end, on elements and the process) and user
 * task listeners (`zeebe:taskListeners`): jobs the element waits for (Camunda 8.6+ / 8.7+). What
 * Camunda itself does not allow, and what Lotse does not run yet, is refused by element id.
 */
import type { CompiledElement, ListenerDefinition } from '../core/model';
import { ext, type FamilyTools } from './tools';

/** Camunda 8.6 names (create, complete, assignment, …) and the 8.7+ ones (creating, completing, …). */
const TASK_EVENTS: Record<string, string> = {
  creating: 'creating', create: 'creating', completing: 'completing', complete: 'completing',
  assigning: 'assigning', assignment: 'assigning', updating: 'updating', update: 'updating', canceling: 'canceling', cancel: 'canceling',
};
const TASK_EVENTS_RUN = new Set(['creating', 'completing']);

function read(el: any, list: any[], what: string, t: Pick<FamilyTools, 'err' | 'checkFeel'>, events: (eventType: string) => string | null): ListenerDefinition[] {
  const out: ListenerDefinition[] = [];
  const seen = new Set<string>();
  for (const l of list) {
    const eventType = events(String(l.eventType ?? ''));
    if (!eventType) continue;
    if (!l.type) t.err(el.id, `${what} '${l.eventType}' without a job type`);
    t.checkFeel(el.id, `${what} type`, l.type);
    t.checkFeel(el.id, `${what} retries`, l.retries);
    const key = `${eventType}\u0000${l.type}`;
    if (seen.has(key)) t.err(el.id, `two ${eventType} ${what}s with the job type '${l.type}' (Camunda requires unique eventType and type)`);
    seen.add(key);
    const headers = l.headers?.values?.length ? Object.fromEntries(l.headers.values.map((h: any) => [h.key, h.value ?? ''])) : undefined;
    out.push({ eventType, type: l.type ?? '', retries: l.retries || '3', ...(headers ? { headers } : {}) });
  }
  return out;
}

/** The execution listeners of a process (`<bpmn:process>`'s extension elements). */
export function processListeners(proc: any, t: Pick<FamilyTools, 'err' | 'checkFeel'>): ListenerDefinition[] | undefined {
  const list = ext(proc, 'zeebe:ExecutionListeners')?.listeners ?? [];
  const out = read(proc, list, 'execution listener', t, (e) => executionEvent(proc.id, e, t));
  return out.length ? out : undefined;
}

function executionEvent(id: string, eventType: string, t: Pick<FamilyTools, 'err'>): string | null {
  if (eventType === 'start' || eventType === 'end') return eventType;
  t.err(id, `execution listener eventType '${eventType}' is not start or end`);
  return null;
}

/** Execution and task listeners of one element, with Camunda's placement rules. */
export function compileListeners(el: any, c: CompiledElement, t: FamilyTools): void {
  const exec = read(el, ext(el, 'zeebe:ExecutionListeners')?.listeners ?? [], 'execution listener', t, (e) => executionEvent(el.id, e, t));
  const has = (eventType: string) => exec.some((l) => l.eventType === eventType);
  if (has('start') && (c.type === 'startEvent' || c.type === 'boundaryEvent')) {
    t.err(el.id, `a ${c.type} has no start execution listeners in Camunda 8 (use the process's, the sub-process's or the activity's start listeners)`);
  }
  if (has('end') && c.type.endsWith('Gateway')) t.err(el.id, 'a gateway has no end execution listeners in Camunda 8 (use start listeners of the next element)');
  if (has('end') && c.type === 'endEvent' && c.event?.kind === 'error') t.err(el.id, 'an error end event has no end execution listeners in Camunda 8 (put them on the catching event)');
  if (has('start') && (c.type === 'parallelGateway' || c.type === 'inclusiveGateway') && (el.incoming?.length ?? 0) > 1) {
    t.err(el.id, 'start execution listeners on a joining parallel or inclusive gateway are not supported by Lotse');
  }
  if (exec.length) c.executionListeners = exec;

  const taskList = ext(el, 'zeebe:TaskListeners')?.listeners ?? [];
  if (!taskList.length) return;
  const tasks = read(el, taskList, 'task listener', t, (e) => {
    const name = TASK_EVENTS[e];
    if (!name) t.err(el.id, `task listener eventType '${e}' is not one of creating, assigning, updating, completing, canceling`);
    else if (!TASK_EVENTS_RUN.has(name)) t.err(el.id, `task listener eventType '${e}' (Camunda 8.6+) is not supported by Lotse yet; creating and completing are`);
    return name && TASK_EVENTS_RUN.has(name) ? name : null;
  });
  if (tasks.length) c.taskListeners = tasks;
}
