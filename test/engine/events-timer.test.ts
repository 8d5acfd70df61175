import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

describe('timer events', () => {
  it('given a FEEL timer duration, when time passes, then the token moves on at the due time', async () => {
    const e = await harness();
    await e.deploy(fixture('timers.bpmn'));
    const i = await e.start('timers', { waitFor: 'PT30M' });
    expect(await e.activeElements(i)).toEqual(['Wait']);
    await e.advance('PT29M');
    expect(await e.activeElements(i)).toEqual(['Wait']);
    await e.advance('PT1M');
    expect(await e.activeElements(i)).toEqual(['Work']);
  });

  it('given a non-interrupting cycle and an interrupting boundary, then reminders repeat twice before escalation', async () => {
    const e = await harness();
    await e.deploy(fixture('timers.bpmn'));
    const i = await e.start('timers', { waitFor: 'PT0S' });
    await e.advance('PT1H');
    expect((await e.jobs(i)).map((j) => j.type)).toEqual(['remind']);
    await e.advance('PT2H');
    expect((await e.jobs(i)).length).toBe(2);
    await e.advance('PT1H');
    expect(await e.activeElements(i)).toEqual(['SendReminder', 'SendReminder']);
    expect(await e.tasks(i)).toEqual([]);
    const escalated = (await e.history(i)).some((h) => h.kind === 'element_completed' && h.elementId === 'Escalated');
    expect(escalated).toBe(true);
  });

  it('given esm:businessTime on a duration, then it counts working days: a day from Friday fires on Monday', async () => {
    const e = await harness();
    await e.deploy(WORKING_TIMER);
    await e.advance('P4D'); // the harness starts on a Monday morning: now Friday, 09:00 in Berlin
    const i = await e.start('working-timer');
    await e.advance('P2DT23H');
    expect(await e.activeElements(i)).toEqual(['Wait']);
    await e.advance('PT1H');
    expect(await e.activeElements(i)).toEqual(['Work']);
  });

  it('given esm:businessTime on a timer date, then deploying names the element', async () => {
    const e = await harness();
    await expect(e.deploy(WORKING_TIMER.replace('<bpmn:timeDuration>P1D</bpmn:timeDuration>', '<bpmn:timeDate>2026-01-01T00:00:00Z</bpmn:timeDate>'))).rejects.toThrow(/Wait.*businessTime|businessTime[\s\S]*Wait/);
  });
});

const WORKING_TIMER = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:esm="urn:lotse:esm:1" id="defs" targetNamespace="urn:test">
  <bpmn:process id="working-timer" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Wait" />
    <bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition esm:businessTime="true"><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="Work" />
    <bpmn:userTask id="Work" />
  </bpmn:process>
</bpmn:definitions>`;
