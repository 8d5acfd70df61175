import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures';
import { harness } from './harness';

/** A decision requirement graph: `priority` (what fixtures/business-rule.bpmn calls) requires `base`; version 2 changes only how `base` is computed. */
const drd = (factor: number) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="grading" name="Grading" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="base" name="Base">
    <variable id="v1" name="base" typeRef="number" />
    <literalExpression id="l1"><text>amount * ${factor}</text></literalExpression>
  </decision>
  <decision id="priority" name="Priority">
    <variable id="v2" name="priority" typeRef="number" />
    <informationRequirement id="ir1"><requiredDecision href="#base" /></informationRequirement>
    <literalExpression id="l2"><text>base + 1</text></literalExpression>
  </decision>
</definitions>`;

describe('business-rule tasks and decision versions', () => {
  it('given a decision that requires another, then both are found, and a new version is used from the next start on', async () => {
    const e = await harness();
    await e.deployDmn(drd(2));
    await e.deploy(fixture('business-rule.bpmn'));
    const first = await e.start('triage', { amount: 5 });
    expect(await e.status(first)).toBe('completed');
    expect((await e.variables(first)).prio).toBe(11);

    await e.deployDmn(drd(10));
    const second = await e.start('triage', { amount: 5 });
    expect((await e.variables(second)).prio).toBe(51);
    // The instance that ran before keeps what version 1 decided.
    expect((await e.variables(first)).prio).toBe(11);
  });
});
