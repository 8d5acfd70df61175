import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileBpmn } from '../../server/engine/compile/compile';
import { lintConfig } from '../../common/bpmn-lint';
import { harness } from './harness';
import { fixture } from './fixtures';

const MIWG = fileURLToPath(new URL('../fixtures/bpmn-miwg/reference', import.meta.url));

describe('compile', () => {
  it('given a Camunda-8 style model, then zeebe and esm extension data are in the compiled model', async () => {
    const r = await compileBpmn(fixture('order-approval.bpmn'));
    expect(r.errors).toEqual([]);
    const [p] = r.processes;
    expect(p).toMatchObject({ id: 'order-approval', department: 'purchasing', sla: { responseTime: 'PT4H', resolutionTime: 'P2D', calendar: 'de-by' } });
    expect(p.catalog).toEqual({ title: 'Order something', description: 'Buy hardware', icon: 'cart', requesters: ['employees', 'it-staff'] });
    expect(p.elements.Review.userTask).toMatchObject({ formId: 'review-form', assignee: '=requester.manager' });
    expect(p.elements.Review.sla).toMatchObject({ responseTime: 'PT1H' });
    expect(p.elements.Ship.taskDefinition).toEqual({ type: 'ship-order', retries: '5' });
    expect(p.flows.fYes.condition).toBe('approved = true');
    // a model without diagram interchange or labels only warns
    expect(r.warnings.some((w) => w.message.includes('no-bpmndi') || w.message.includes('label-required'))).toBe(true);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it('given a catalog entry with German text, then titleDe and descriptionDe are compiled beside the default text', async () => {
    const xml = fixture('order-approval.bpmn').replace('description="Buy hardware"', 'description="Buy hardware" titleDe="Etwas bestellen" descriptionDe="Hardware kaufen"');
    const r = await compileBpmn(xml);
    expect(r.errors).toEqual([]);
    expect(r.processes[0].catalog).toEqual({
      title: 'Order something', description: 'Buy hardware', titleDe: 'Etwas bestellen', descriptionDe: 'Hardware kaufen', icon: 'cart', requesters: ['employees', 'it-staff'],
    });
    // Without German text the keys are absent (readers fall back to the default).
    const plain = (await compileBpmn(fixture('order-approval.bpmn'))).processes[0].catalog!;
    expect('titleDe' in JSON.parse(JSON.stringify(plain))).toBe(false);
  });

  it('given unsupported elements and a broken condition, then the deploy is refused naming every element', async () => {
    const r = await compileBpmn(fixture('unsupported.bpmn'));
    expect(r.ok).toBe(false);
    const ids = r.errors.map((e) => e.elementId);
    expect(ids).toEqual(expect.arrayContaining(['Complex', 'Tx', 'fa', 'Comp']));
    expect(r.errors.find((e) => e.elementId === 'Tx')!.message).toMatch(/bpmn:Transaction.*Camunda 8 \(up to 8\.8\) does not execute/);
    expect(r.errors.find((e) => e.elementId === 'fa')!.message).toContain('FEEL');
  });

  it('given a conditional event, then the deploy names the element and the Camunda version that brought it', async () => {
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:t">
      <bpmn:process id="cond" isExecutable="true">
        <bpmn:startEvent id="S" /><bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Wait" />
        <bpmn:intermediateCatchEvent id="Wait"><bpmn:conditionalEventDefinition><bpmn:condition>= x > 1</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>
        <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="E" /><bpmn:endEvent id="E" />
      </bpmn:process></bpmn:definitions>`;
    const r = await compileBpmn(xml);
    expect(r.errors.find((e) => e.elementId === 'Wait')?.message).toMatch(/ConditionalEventDefinition is not supported \(conditional events came with Camunda 8\.9/);
  });

  it('given DTD entities or an oversize document, then the XML is refused before parsing', async () => {
    const dtd = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"/>';
    expect((await compileBpmn(dtd)).errors[0].message).toContain('DTD');
    expect((await compileBpmn(' '.repeat(5 * 1024 * 1024 + 1))).errors[0].message).toContain('5 MB');
    expect((await compileBpmn('<bpmn:definitions')).errors[0].message).toContain('malformed XML');
  });

  it('given the MIWG reference models, then each compiles or is refused with element ids', async () => {
    for (const file of readdirSync(MIWG).filter((f) => f.endsWith('.bpmn'))) {
      const r = await compileBpmn(readFileSync(`${MIWG}/${file}`, 'utf8'));
      if (!r.ok) {
        expect(r.errors.length, file).toBeGreaterThan(0);
        for (const e of r.errors) expect(e.elementId, `${file}: ${e.message}`).toBeTruthy();
      }
    }
  });

  it('exports a lint config the modeller can share, with style rules as warnings', () => {
    expect(lintConfig.rules['label-required']).toBe('warn');
    expect(lintConfig.rules['no-complex-gateway']).toBe('error');
  });

  it('given Camunda 8 elements Lotse does not execute (ad-hoc job worker, compensation event sub-process), then the deploy names element id, type and Camunda version', async () => {
    const adHoc = fixture('adhoc-subprocess.bpmn').replace('<zeebe:adHoc activeElementsCollection="=tools" outputCollection="results" outputElement="=result" />', '<zeebe:taskDefinition type="agent" />');
    const a = await compileBpmn(adHoc);
    expect(a.errors.find((e) => e.elementId === 'Tools')?.message).toMatch(/ad-hoc sub-process.*zeebe:taskDefinition.*Camunda 8\.8/);
    const r = await compileBpmn(fixture('unsupported.bpmn'));
    expect(r.errors.find((e) => e.elementId === 'Comp')?.message).toMatch(/compensation start event.*Camunda 8/);
  });

  it('given compensation and ad-hoc sub-process models, then they compile', async () => {
    for (const name of ['compensation.bpmn', 'adhoc-subprocess.bpmn', 'call-activity-escalation.bpmn']) {
      const r = await compileBpmn(fixture(name));
      expect(r.errors, name).toEqual([]);
    }
    const [trip] = (await compileBpmn(fixture('compensation.bpmn'))).processes;
    expect(trip.elements.BookHotel.compensation).toEqual({ boundary: 'HotelComp', handler: 'CancelHotel' });
    expect(trip.elements.CancelHotel.forCompensation).toBe(true);
  });

  it('given an endless loop without wait states, then the core raises an incident instead of spinning', async () => {
    const e = await harness();
    await e.deploy(fixture('loop.bpmn'));
    const i = await e.start('loop', { n: 0 });
    const [incident] = await e.incidents(i);
    expect(incident.message).toContain('1000 steps');
    expect(await e.status(i)).toBe('active');
  });
});
