/** Issue #14 point 6: the limits in server/engine/limits.ts and the FEEL evaluation budget. */
import { describe, expect, it } from 'vitest';
import { compileBpmn } from '../../server/engine/compile/compile';
import { compileDmn } from '../../server/engine/compile/dmn';
import { evalFeel, evalUnaryTest, feelSyntaxError } from '../../common/feel';
import { startInstance, sequentialIds } from '../../server/engine/core/core';
import {
  MAX_LIST_ITEMS, MAX_VARIABLE_BYTES, cycleIntervalError, jsonSize, variableSizeErrors,
} from '../../common/limits';
import { HttpError } from '../../server/errors';
import { assertVariableSizes } from '../../server/engine/runtime/variable-limits';

const now = new Date('2025-01-06T08:00:00Z');
const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"`;
const doc = (body: string) => `<bpmn:definitions ${NS} id="d"><bpmn:process id="p" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`;

describe('FEEL evaluation budget', () => {
  it('given a huge range, then evaluation fails fast instead of blocking for seconds', () => {
    const t = performance.now();
    const r = evalFeel('for i in 1..n return i', { n: 3_000_000 }, now);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain('evaluation budget');
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('given ordinary iteration, then it still works', () => {
    expect(evalFeel('sum(for i in 1..n return i)', { n: 1000 }, now)).toEqual({ ok: true, value: 500500 });
    expect(evalFeel('for x in items return x.price * 2', { items: [{ price: 1 }, { price: 2 }] }, now)).toEqual({ ok: true, value: [2, 4] });
    expect(evalFeel('some x in [1, 2, 3] satisfies x > 2', {}, now)).toEqual({ ok: true, value: true });
    expect(evalUnaryTest('[1..5]', 3, {}, now)).toEqual({ ok: true, value: true });
  });

  it('given a cartesian product over a variable list, then the budget counts every pass', () => {
    const L = Array.from({ length: 3000 }, (_, i) => i);
    const r = evalFeel('for a in L, b in L return 1', { L }, now);
    expect(r.ok).toBe(false);
  });

  it('given a range that never ends (1..1.5), then the budget stops it', () => {
    expect(evalFeel('for i in 1..1.5 return i', {}, now).ok).toBe(false);
  });

  it('given a result larger than a variable may be, then the evaluation fails', () => {
    const r = evalFeel('string join(for i in 1..5000 return s)', { s: 'x'.repeat(100) }, now);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(`larger than ${MAX_VARIABLE_BYTES / 1024} KB`);
  });

  it('given a constant expression over the budget at deploy, then the syntax check refuses it', () => {
    expect(feelSyntaxError('for i in 1..3000000 return i')).toContain('evaluation budget');
    expect(feelSyntaxError('for i in 1..10 return i')).toBeNull();
  });
});

describe('variable sizes', () => {
  it('measures JSON size without serializing the whole value', () => {
    expect(jsonSize({ a: 'xy', b: [1, 2] })).toBeGreaterThanOrEqual(JSON.stringify({ a: 'xy', b: [1, 2] }).length - 2);
    expect(jsonSize('x'.repeat(10_000_000), 1000)).toBeGreaterThan(1000);
  });

  it('refuses a variable over 256 KB and a list over the item limit, naming the path', () => {
    expect(variableSizeErrors({ ok: 'x', big: 'x'.repeat(MAX_VARIABLE_BYTES + 1) })).toEqual([
      expect.objectContaining({ path: '/variables/big' }),
    ]);
    expect(variableSizeErrors({ list: Array.from({ length: MAX_LIST_ITEMS + 1 }, () => 0) })).toEqual([
      expect.objectContaining({ path: '/variables/list', message: expect.stringContaining('list') }),
    ]);
    const many = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`v${i}`, 'x'.repeat(250 * 1024)]));
    expect(variableSizeErrors(many)).toEqual([expect.objectContaining({ path: '/variables', message: expect.stringContaining('2 MB') })]);
    expect(() => assertVariableSizes({ big: 'x'.repeat(MAX_VARIABLE_BYTES + 1) })).toThrow(HttpError);
  });
});

describe('model limits at compile', () => {
  it('given more than 5,000 flow elements, then the model is refused before lint', async () => {
    let body = '<bpmn:startEvent id="s" />';
    for (let i = 0; i < 5001; i++) body += `<bpmn:task id="t${i}" />`;
    const r = await compileBpmn(doc(body));
    expect(r.errors).toEqual([{ elementId: 'p', message: 'the model has more than 5000 flow elements' }]);
  });

  it('given 3,000 nested sub-processes, then 422-style error naming the element at depth 51 (no stack overflow)', async () => {
    let open = '';
    let close = '';
    for (let i = 0; i < 3000; i++) {
      open += `<bpmn:subProcess id="sp${i}"><bpmn:startEvent id="s${i}" />`;
      close += '</bpmn:subProcess>';
    }
    const r = await compileBpmn(doc(`<bpmn:startEvent id="start" />${open}${close}`));
    expect(r.errors).toEqual([{ elementId: 'sp50', message: 'sub-processes are nested more than 50 levels deep' }]);
  });

  it('given a timer cycle shorter than a minute, then the element is refused; a minute is fine', async () => {
    const timer = (cycle: string) => doc(`<bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle>${cycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
      <bpmn:sequenceFlow id="f" sourceRef="tick" targetRef="end" /><bpmn:endEvent id="end" />`);
    const bad = await compileBpmn(timer('R/PT0.001S'));
    expect(bad.errors).toContainEqual(expect.objectContaining({ elementId: 'tick', message: expect.stringContaining('at least 60 seconds') }));
    expect((await compileBpmn(timer('R/PT1M'))).errors).toEqual([]);
    expect(cycleIntervalError('R5/PT59S')).not.toBeNull();
    expect(cycleIntervalError('R/P1D')).toBeNull();
  });

  it('given a DMN table with more than 2,000 rules, then the decision is refused', async () => {
    let rules = '';
    for (let i = 0; i < 2001; i++) rules += `<rule id="r${i}"><inputEntry id="i${i}"><text>${i}</text></inputEntry><outputEntry id="o${i}"><text>"v"</text></outputEntry></rule>`;
    const xml = `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="urn:t"><decision id="big" name="big"><decisionTable id="dt">
      <input id="in"><inputExpression id="ie"><text>x</text></inputExpression></input><output id="out" name="y" />${rules}</decisionTable></decision></definitions>`;
    const r = await compileDmn(xml);
    expect(r.errors).toEqual([{ elementId: 'big', message: 'decision table has 2001 rules; at most 2000 are allowed' }]);
  });
});

describe('timer cycles at run time', () => {
  it('given an intermediate timer whose cycle comes from a variable and repeats every second, then an incident on it', async () => {
    const xml = doc(`<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
      <bpmn:userTask id="task" /><bpmn:boundaryEvent id="tick" attachedToRef="task" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>=cycle</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" /><bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f3" sourceRef="tick" targetRef="end2" /><bpmn:endEvent id="end2" />`);
    const compiled = await compileBpmn(xml);
    expect(compiled.errors).toEqual([]);
    const r = startInstance(compiled.processes[0], { variables: { cycle: 'R/PT1S' } }, now, sequentialIds());
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'incident.create', elementId: 'task', message: expect.stringContaining('at least 60 seconds') }));
  });
});
