/**
 * Issue #16, bad input: a FEEL expression that calls a function Camunda's FEEL does not have is a
 * deploy error naming the element, like a syntax error, instead of an incident on every run.
 */
import { describe, expect, it } from 'vitest';
import { feelSyntaxError } from '../../common/feel';
import { compileBpmn } from '../../server/engine/compile/compile';
import { compileDmn } from '../../server/engine/compile/dmn';

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"`;
const doc = (body: string) => `<bpmn:definitions ${NS} id="d"><bpmn:process id="p" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`;

/** start → script task (zeebe:script) → gateway with a condition → end. */
function model(script: string, condition = '=true') {
  return doc(`<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="Calc" />
    <bpmn:scriptTask id="Calc"><bpmn:extensionElements><zeebe:script expression="${script.replace(/"/g, '&quot;')}" resultVariable="r" /></bpmn:extensionElements></bpmn:scriptTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Calc" targetRef="Gw" />
    <bpmn:exclusiveGateway id="Gw" default="f4" />
    <bpmn:sequenceFlow id="f3" sourceRef="Gw" targetRef="end"><bpmn:conditionExpression>${condition.replace(/</g, '&lt;')}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f4" sourceRef="Gw" targetRef="end" />
    <bpmn:endEvent id="end" />`);
}

describe('the FEEL check names functions that do not exist', () => {
  it('given a call of an unknown function, then the error names it', () => {
    expect(feelSyntaxError('lenght(name) > 3')).toContain('lenght()');
    expect(feelSyntaxError('string size(name)')).toContain('string size()');
    expect(feelSyntaxError('for i in items return foo bar(i)')).toContain('foo bar()');
  });

  it('given Camunda built-ins, functions the expression defines, and calls through a path, then no error', () => {
    for (const ok of [
      'is defined(x) and get or else(y, 1) > 0', 'string join(split(s, ","), "; ", "[", "]")', 'last day of month(today())',
      'overlaps before([1..5], [4..10])', 'fromAi(toolCall.q, "query")', '{f: function(a) a + 1, r: f(2)}.r',
      'sort(xs, function(a, b) a < b)', 'x.handler(1)', 'and(a, b) or c', 'date and time(d, "Europe/Berlin")',
    ]) expect(feelSyntaxError(ok), ok).toBeNull();
  });
});

describe('deploy refuses a model that calls an unknown FEEL function', () => {
  it('given an unknown function in a script task, then the error names the task', async () => {
    const r = await compileBpmn(model('=uppercase(name)'));
    expect(r.errors).toContainEqual({ elementId: 'Calc', message: expect.stringContaining('uppercase()') });
  });

  it('given an unknown function in a sequence flow condition, then the error names the flow', async () => {
    const r = await compileBpmn(model('=upper case(name)', '=contains any(tags, ["vip"])'));
    expect(r.errors).toEqual([{ elementId: 'f3', message: expect.stringContaining('contains any()') }]);
  });

  it('given only Camunda functions, then the model deploys', async () => {
    const r = await compileBpmn(model('=string join(for t in tags return trim(t), ", ")', '=is defined(tags) and not(is empty(tags))'));
    expect(r.errors).toEqual([]);
  });

  it('given an unknown function in a DMN literal expression, then the error names the decision', async () => {
    const xml = `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="defs" name="d" namespace="urn:t">
      <decision id="Greeting" name="Greeting"><variable name="greeting" /><literalExpression id="le"><text>capitalize(name)</text></literalExpression></decision></definitions>`;
    const r = await compileDmn(xml);
    expect(r.errors).toEqual([{ elementId: 'Greeting', message: expect.stringContaining('capitalize()') }]);
  });
});
