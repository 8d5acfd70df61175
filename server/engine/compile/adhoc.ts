/**
 * Ad-hoc sub-processes (bpmn:adHocSubProcess, Camunda 8.7+): inner elements activated by the FEEL list
 * `zeebe:adHoc activeElementsCollection`, a completion condition, cancelRemainingInstances, and the
 * output collection of Camunda 8.8. The job-worker implementation (zeebe:taskDefinition on the ad-hoc
 * sub-process, Camunda 8.8) needs the job-result API Lotse's jobs do not have: refused at deploy.
 */
import { stripEquals } from '../../../common/feel';
import type { CompiledElement } from '../core/model';
import { ext, type FamilyTools, type Report } from './tools';

type Meta = NonNullable<CompiledElement['adHoc']>['activatable'][number];

/** What `adHocSubProcessElements` tells about each inner element (before the flows decide which are activatable). */
const innerMeta = new WeakMap<CompiledElement, Meta[]>();

export function compileAdHoc(el: any, c: CompiledElement, t: FamilyTools): void {
  if (c.type !== 'adHocSubProcess') return;
  const { err, checkFeel } = t;
  if (ext(el, 'zeebe:TaskDefinition')) {
    err(el.id, 'ad-hoc sub-process with a job worker implementation (zeebe:taskDefinition, Camunda 8.8) is not supported; use activeElementsCollection and a completion condition');
  }
  const adHoc = ext(el, 'zeebe:AdHoc');
  const completion = el.completionCondition?.body?.trim();
  checkFeel(el.id, 'activeElementsCollection', adHoc?.activeElementsCollection);
  checkFeel(el.id, 'completionCondition', completion ? `=${stripEquals(completion)}` : undefined);
  checkFeel(el.id, 'outputElement', adHoc?.outputElement);
  if (adHoc?.outputCollection && !adHoc.outputElement) err(el.id, 'ad-hoc sub-process outputCollection without outputElement');
  c.children = t.visit(el, el.id);
  c.adHoc = {
    ...(adHoc?.activeElementsCollection ? { activeElementsCollection: adHoc.activeElementsCollection } : {}),
    ...(completion ? { completionCondition: stripEquals(completion) } : {}),
    cancelRemainingInstances: el.cancelRemainingInstances !== false,
    ...(adHoc?.outputCollection ? { outputCollection: adHoc.outputCollection, outputElement: adHoc.outputElement } : {}),
    activatable: [],
  };
  innerMeta.set(c, (el.flowElements ?? []).filter((f: any) => f.$type !== 'bpmn:SequenceFlow' && f.id).map((f: any): Meta => {
    const props = ext(f, 'zeebe:Properties');
    return {
      elementId: f.id,
      elementName: f.name ?? null,
      documentation: f.documentation?.[0]?.text ?? null,
      properties: Object.fromEntries((props?.properties ?? []).map((p: any) => [p.name, p.value ?? ''])),
      parameters: [],
    };
  }));
}

/** Cross-element checks: which inner elements can be activated (no incoming sequence flow); at least one activity. */
export function adHocStructure(elements: Record<string, CompiledElement>, err: Report): void {
  for (const c of Object.values(elements)) {
    if (c.type !== 'adHocSubProcess' || !c.adHoc) continue;
    const startable = new Set((c.children ?? []).filter((id) => {
      const inner = elements[id];
      return inner && inner.incoming.length === 0 && inner.type !== 'boundaryEvent' && inner.type !== 'eventSubProcess' && !inner.forCompensation;
    }));
    c.adHoc.activatable = (innerMeta.get(c) ?? []).filter((m) => startable.has(m.elementId));
    c.eventSubProcesses = (c.children ?? []).filter((id) => elements[id]?.type === 'eventSubProcess');
    if (c.adHoc.activatable.length === 0) err(c.id, 'ad-hoc sub-process must contain at least one activity');
    for (const id of c.children ?? []) {
      const t = elements[id]?.type;
      if (t === 'startEvent' || t === 'endEvent') err(id, `${t === 'startEvent' ? 'start' : 'end'} events are not allowed in an ad-hoc sub-process`);
    }
  }
}
