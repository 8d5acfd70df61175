import { describe, expect, it } from 'vitest';
import { harness } from './harness';

/** A decision requirement graph: `grade` requires `base`; version 2 changes only how `base` is computed. */
const drd = (factor: number) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="grading" name="Grading" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="base" name="Base">
    <variable id="v1" name="base" typeRef="number" />
    <literalExpression id="l1"><text>amount * ${factor}</text></literalExpression>
  </decision>
  <decision id="grade" name="Grade">
    <variable id="v2" name="grade" typeRef="number" />
    <informationRequirement id="ir1"><requiredDecision href="#base" /></informationRequirement>
    <literalExpression id="l2"><text>base + 1</text></literalExpression>
  </decision>
</definitions>`;

const process = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="grading" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Grade" />
    <bpmn:businessRuleTask id="Grade"><bpmn:extensionElements><zeebe:calledDecision decisionId="grade" resultVariable="result" /></bpmn:extensionElements></bpmn:businessRuleTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Grade" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

describe('business-rule tasks and decision versions', () => {
  it('given a decision that requires another, then both are found, and a new version is used from the next start on', async () => {
    const e = await harness();
    await e.deployDmn(drd(2));
    await e.deploy(process);
    const first = await e.start('grading', { amount: 5 });
    expect(await e.status(first)).toBe('completed');
    expect((await e.variables(first)).result).toBe(11);

    await e.deployDmn(drd(10));
    const second = await e.start('grading', { amount: 5 });
    expect((await e.variables(second)).result).toBe(51);
    // The instance that ran before keeps what version 1 decided.
    expect((await e.variables(first)).result).toBe(11);
  });

});
