import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../common/time';
import { compileBpmn } from '../../server/engine/compile/compile';

/** A collaboration as Camunda Modeler saves it: an executable process and a partner pool that is not executable. */
const collaboration = (partner: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:collaboration id="c">
    <bpmn:participant id="p1" processRef="main" />
    <bpmn:participant id="p2" processRef="partner" />
  </bpmn:collaboration>
  <bpmn:process id="main" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
  <bpmn:process id="partner" isExecutable="${partner}">
    <bpmn:task id="work" />
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="done" />
    <bpmn:endEvent id="done" />
  </bpmn:process>
</bpmn:definitions>`;

describe('a collaboration with a pool that is not executable (camunda/connectors multi-webhook-collaboration.bpmn)', () => {
  it('deploys the executable process; the partner pool without a start event is only a warning', async () => {
    const r = await compileBpmn(collaboration('false'));
    expect(r.errors).toEqual([]);
    expect(r.processes.map((p) => p.id)).toEqual(['main']);
    expect(r.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('start-event-required'));
  });

  it('still refuses an executable process without a start event, naming it', async () => {
    const r = await compileBpmn(collaboration('true'));
    expect(r.errors).toContainEqual({ elementId: 'partner', message: expect.stringContaining('start-event-required') });
  });
});

describe('a timer duration with lower-case designators (camunda/c8ctl simple-timer-event.bpmn: PT30s)', () => {
  const timer = (duration: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${duration}</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

  it('deploys, as Camunda 8 (java.time) accepts it, and waits the same 30 seconds as PT30S', async () => {
    expect((await compileBpmn(timer('PT30s'))).errors).toEqual([]);
    expect(parseDuration('PT30s')).toEqual(parseDuration('PT30S'));
    expect(parseDuration('p1dt2h')).toMatchObject({ days: 1, hours: 2 });
  });

  it('still refuses what is not a duration', async () => {
    expect((await compileBpmn(timer('30 seconds'))).errors).toContainEqual({ elementId: 'wait', message: expect.stringContaining('not an ISO-8601 duration') });
  });
});
