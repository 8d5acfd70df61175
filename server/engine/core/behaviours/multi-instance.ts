/**
 * Multi-instance activities: a body instance holds the counters and the output collection; each
 * inner instance runs the activity once with loopCounter and the input element as local variables.
 */
import type { Execution } from '../execution';
import type { ElementInstance } from '../types';
import { evalCondition, stripEquals } from '../../../../common/feel';

export function activateBody(x: Execution, body: ElementInstance): void {
  const loop = x.el(body.elementId).loop!;
  let items: unknown[] | null = null;
  let total: number;
  if (loop.inputCollection) {
    const r = x.evaluate(loop.inputCollection, body.id);
    if (!r.ok) return x.incident(body, `inputCollection: ${r.error}`, 'activate');
    if (!Array.isArray(r.value)) return x.incident(body, `inputCollection must be a list, got ${JSON.stringify(r.value)}`, 'activate');
    items = r.value;
    total = items.length;
  } else {
    const r = x.evaluate(loop.loopCardinality!.startsWith('=') ? loop.loopCardinality! : `=${loop.loopCardinality}`, body.id);
    if (!r.ok) return x.incident(body, `loopCardinality: ${r.error}`, 'activate');
    total = Number(r.value);
    if (!Number.isInteger(total) || total < 0) return x.incident(body, `loopCardinality must be a non-negative integer, got ${JSON.stringify(r.value)}`, 'activate');
  }
  body.mi = { items, total, next: 0, completed: 0, active: 0, outputs: new Array(total).fill(null) };
  body.vars = { ...body.vars, ...counters(body) };
  if (loop.outputCollection) body.vars[loop.outputCollection] = body.mi.outputs;
  if (total === 0) return x.push('complete', body);
  const first = loop.sequential ? 1 : total;
  for (let i = 0; i < first; i++) spawn(x, body);
}

function counters(body: ElementInstance) {
  const mi = body.mi!;
  return { numberOfInstances: mi.total, numberOfActiveInstances: mi.active, numberOfCompletedInstances: mi.completed };
}

function spawn(x: Execution, body: ElementInstance): void {
  const mi = body.mi!;
  const loop = x.el(body.elementId).loop!;
  const index = mi.next++;
  mi.active++;
  body.vars = { ...body.vars, ...counters(body) };
  const vars: Record<string, unknown> = { loopCounter: index + 1 };
  // As in Camunda 8: the variable the output element reads is created (null) in the inner instance,
  // so what a job, a script or an output mapping writes to it stays local to this instance.
  const output = outputVariable(loop.outputElement);
  if (output && output !== loop.inputElement) vars[output] = null;
  if (loop.inputElement) vars[loop.inputElement] = mi.items ? mi.items[index] : null;
  const inner = x.create(body.elementId, body.id, { loopCounter: index + 1, vars });
  x.push('activate', inner);
}

/** `=result` or `=result.score` → `result`; null for any other expression (Camunda's rule). */
export function outputVariable(outputElement: string | undefined): string | null {
  const m = outputElement ? /^=?\s*([A-Za-z_][A-Za-z0-9_]*)(\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*\s*$/.exec(outputElement) : null;
  return m ? m[1] : null;
}

export type InnerResult = { output: unknown; done: boolean };

/** Before an inner instance leaves: its output element and the completion condition. Null: incident. */
export function evaluateInner(x: Execution, inner: ElementInstance): InnerResult | null {
  const body = x.inst(inner.parentId!)!;
  const loop = x.el(inner.elementId).loop!;
  let output: unknown = null;
  if (loop.outputElement) {
    const r = x.evaluate(loop.outputElement, inner.id);
    if (!r.ok) {
      x.incident(inner, `outputElement: ${r.error}`, 'complete');
      return null;
    }
    output = r.value;
  }
  let done = false;
  if (loop.completionCondition) {
    const mi = body.mi!;
    const after: Record<string, unknown> = { numberOfInstances: mi.total, numberOfActiveInstances: mi.active - 1, numberOfCompletedInstances: mi.completed + 1 };
    if (loop.outputCollection) {
      const outputs = [...mi.outputs];
      outputs[inner.loopCounter! - 1] = output;
      after[loop.outputCollection] = outputs;
    }
    const r = evalCondition(stripEquals(loop.completionCondition), { ...x.visible(inner.id), ...after }, x.now);
    if (!r.ok) {
      x.incident(inner, `completionCondition: ${r.error}`, 'complete');
      return null;
    }
    done = r.value;
  }
  return { output, done };
}

/** After an inner instance left: collect its output, start the next one or complete the body. */
export function innerCompleted(x: Execution, bodyId: string, inner: ElementInstance, result: InnerResult): void {
  const body = x.inst(bodyId);
  if (!body?.mi) return;
  const mi = body.mi;
  mi.outputs[inner.loopCounter! - 1] = result.output;
  mi.active--;
  mi.completed++;
  body.vars = { ...body.vars, ...counters(body) };
  const loop = x.el(body.elementId).loop!;
  if (loop.outputCollection) body.vars[loop.outputCollection] = mi.outputs;
  if (result.done) {
    for (const other of x.children(body.id)) x.terminate(other.id);
    mi.active = 0;
    return x.push('complete', body);
  }
  if (loop.sequential && mi.next < mi.total) return spawn(x, body);
  if (mi.completed + 0 >= mi.total || (mi.active === 0 && mi.next >= mi.total)) x.push('complete', body);
}
