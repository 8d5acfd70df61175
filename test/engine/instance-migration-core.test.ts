// Issue #22, point 5: the pure rules of instance migration (server/engine/core/migration.ts) on
// compiled models and real instance states: what Camunda 8 refuses, Lotse refuses, naming the element.
import { describe, expect, it } from 'vitest';
import { compileBpmn } from '../../server/engine/compile/compile';
import { startInstance } from '../../server/engine/core/core';
import { planMigration } from '../../server/engine/core/migration';
import type { CompiledProcess } from '../../server/engine/core/model';

const wrap = (body: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="urn:test">
  ${extra}
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const ut = (id: string, inner = '') => `<bpmn:userTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements>${inner}</bpmn:userTask>`;
const line = (...ids: string[]) => ids.slice(1).map((id, i) => `<bpmn:sequenceFlow id="f${i}" sourceRef="${ids[i]}" targetRef="${id}" />`).join('');

async function model(xml: string): Promise<CompiledProcess> {
  const r = await compileBpmn(xml);
  expect(r.errors).toEqual([]);
  return r.processes[0];
}
const now = new Date('2026-01-01T00:00:00Z');
let n = 0;
const ids = { next: (kind: string) => `${kind}-${++n}` };
const start = (m: CompiledProcess, variables: Record<string, unknown> = {}) => startInstance(m, { variables }, now, ids).state;
const withTimer = (duration: string) => wrap(
  `<bpmn:startEvent id="S" />${ut('T')}<bpmn:boundaryEvent id="B" attachedToRef="T"><bpmn:timerEventDefinition><bpmn:timeDuration>${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent><bpmn:endEvent id="E" /><bpmn:endEvent id="E3" />${line('S', 'T', 'E')}<bpmn:sequenceFlow id="fb" sourceRef="B" targetRef="E3" />`,
);

const flat = wrap(`<bpmn:startEvent id="S" />${ut('T')}<bpmn:endEvent id="E" />${line('S', 'T', 'E')}`);
const nested = wrap(`<bpmn:startEvent id="S" /><bpmn:subProcess id="Sub"><bpmn:startEvent id="S2" />${ut('T')}<bpmn:endEvent id="E2" />${line('S2', 'T', 'E2').replaceAll('"f', '"g')}</bpmn:subProcess><bpmn:endEvent id="E" />${line('S', 'Sub', 'E')}`);
const msg = '<bpmn:message id="M" name="stop"><bpmn:extensionElements><zeebe:subscription correlationKey="=key" /></bpmn:extensionElements></bpmn:message>';
const withBoundary = (name = 'M') => wrap(
  `<bpmn:startEvent id="S" />${ut('T')}<bpmn:boundaryEvent id="B" attachedToRef="T"><bpmn:messageEventDefinition messageRef="${name}" /></bpmn:boundaryEvent><bpmn:endEvent id="E" /><bpmn:endEvent id="E3" />${line('S', 'T', 'E')}<bpmn:sequenceFlow id="fb" sourceRef="B" targetRef="E3" />`,
  `${msg}<bpmn:message id="M2" name="halt"><bpmn:extensionElements><zeebe:subscription correlationKey="=key" /></bpmn:extensionElements></bpmn:message>`,
);

describe('instance migration rules', () => {
  it('moves a task to its counterpart and rewrites the wait; refuses an unmapped one naming it', async () => {
    const [v1, v2] = await Promise.all([model(flat), model(flat.replaceAll('"T"', '"T2"'))]);
    const state = start(v1);
    expect(planMigration(v1, v2, state, {}, now)).toMatchObject({ ok: false, refusal: { elementId: 'T' } });
    const plan = planMigration(v1, v2, state, { T: 'T2' }, now);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(Object.values(plan.state.waits).map((w) => w.elementId)).toEqual(['T2']);
    expect(plan.mapping).toEqual({ T: 'T2' });
    expect(Object.values(state.waits).map((w) => w.elementId)).toEqual(['T']); // the input is untouched
  });

  it('refuses moving an element into another scope (the sub-process does not exist around it)', async () => {
    const [v1, v2] = await Promise.all([model(nested), model(flat)]);
    expect(planMigration(v1, v2, start(v1), {}, now)).toMatchObject({ ok: false, refusal: { elementId: 'Sub' } });
    const [a, b] = await Promise.all([model(flat), model(nested)]);
    const refused = planMigration(a, b, start(a), {}, now);
    expect(refused).toMatchObject({ ok: false, refusal: { elementId: 'T', reason: expect.stringContaining('another scope') } });
  });

  it('refuses multi-instance activities', async () => {
    const mi = flat.replace('</bpmn:extensionElements></bpmn:userTask>', '</bpmn:extensionElements><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1,2]" inputElement="x" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>');
    const v1 = await model(mi);
    expect(planMigration(v1, v1, start(v1), {}, now)).toMatchObject({ ok: false, refusal: { reason: expect.stringContaining('multi-instance') } });
  });

  it('refuses an open boundary subscription the target lacks or listens for another message', async () => {
    const v1 = await model(withBoundary());
    const state = start(v1, { key: 'k' });
    expect(planMigration(v1, await model(flat), state, {}, now)).toMatchObject({ ok: false, refusal: { elementId: 'B' } });
    expect(planMigration(v1, await model(withBoundary('M2')), state, {}, now)).toMatchObject({ ok: false, refusal: { elementId: 'B', reason: expect.stringContaining('"halt"') } });
    expect(planMigration(v1, await model(withBoundary()), state, {}, now)).toMatchObject({ ok: true, mapping: { T: 'T', B: 'B' } });
  });

  it('keeps a timer whose definition is the same, schedules a changed one anew from the target, refuses one that cannot be', async () => {
    const v1 = await model(withTimer('PT1H'));
    const state = start(v1, { wait: 'PT3H' });
    const timerId = Object.entries(state.waits).find(([, w]) => w.kind === 'timer')![0];
    expect(planMigration(v1, v1, state, {}, now)).toMatchObject({ ok: true, timers: {} });
    const later = new Date('2026-01-01T00:30:00Z');
    expect(planMigration(v1, await model(withTimer('PT2H')), state, {}, later)).toMatchObject({ ok: true, timers: { [timerId]: '2026-01-01T02:30:00.000Z' } });
    expect(planMigration(v1, await model(withTimer('=wait')), state, {}, later)).toMatchObject({ ok: true, timers: { [timerId]: '2026-01-01T03:30:00.000Z' } });
    expect(planMigration(v1, await model(withTimer('=missing + 1')), state, {}, later)).toMatchObject({ ok: false, refusal: { elementId: 'B', reason: expect.stringContaining('cannot be scheduled anew') } });
  });

  it('refuses a mapping into an element of another type', async () => {
    const v1 = await model(flat);
    expect(planMigration(v1, v1, start(v1), { T: 'E' }, now)).toMatchObject({ ok: false, refusal: { elementId: 'T', reason: expect.stringContaining('type') } });
  });
});
