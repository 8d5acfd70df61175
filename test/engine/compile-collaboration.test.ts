import { describe, expect, it } from 'vitest';
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
