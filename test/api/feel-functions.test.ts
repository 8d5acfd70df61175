/**
 * Issue #16 point 3 and "bad input" through the HTTP API: a Camunda 8 model using Camunda's FEEL
 * extensions deploys and computes as in Camunda; a call of a function FEEL does not have is a 422
 * naming the element; a failed assert() is an incident with its cause.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1"`;
const CATALOG = `<bpmn:extensionElements><esm:catalog title="FEEL" description="x" icon="alert" requesters="employee" /></bpmn:extensionElements>`;
const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** start → script task (FEEL) → user task, so the result can be read while the instance waits. */
const scriptModel = (id: string, expression: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="${id}-defs" targetNamespace="urn:test"><bpmn:process id="${id}" isExecutable="true" esm:department="it">${CATALOG}
  <bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="compute" />
  <bpmn:scriptTask id="compute"><bpmn:extensionElements><zeebe:script expression="${attr(expression)}" resultVariable="result" /></bpmn:extensionElements></bpmn:scriptTask>
  <bpmn:sequenceFlow id="f2" sourceRef="compute" targetRef="wait" />
  <bpmn:userTask id="wait" /><bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="end" /><bpmn:endEvent id="end" />
</bpmn:process></bpmn:definitions>`;

describe.each(dbTargets())('Camunda FEEL functions through the API ($name)', (target) => {
  let dispose: () => Promise<void>;
  let owner: Client;
  let employee: Client;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    const ctx = await seededApp(opened.db);
    [owner, employee] = await Promise.all(['owner.it@lotse.demo', 'employee@lotse.demo'].map((e) => ctx.as(e)));
  });
  afterAll(() => dispose());

  async function run(key: string, expression: string, variables: Record<string, unknown>) {
    const deployed = await owner.post('/api/deployments', { xml: scriptModel(key, expression) });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    const started = await employee.post('/api/process-instances', { processKey: key, variables });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    return (await owner.get(`/api/process-instances/${started.body.id}`)).body;
  }

  it('given a model calling a function FEEL does not have, then 422 naming the script task and the function', async () => {
    const r = await owner.post('/api/deployments', { xml: scriptModel('feel-unknown', '=string size(name) > 3') });
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual({ elementId: 'compute', message: expect.stringContaining('string size()') });
  });

  it('given Camunda extensions in a script, then the instance computes what Camunda computes', async () => {
    const d = await run('feel-extensions', `={
      tags: string join(for t in split(raw, ",") return trim(t), ", ", "[", "]"),
      twice: duplicate values(split(raw, ",")),
      pages: partition([1,2,3,4,5], 2),
      owner: get or else(owner, "nobody"),
      known: is defined(customer.id),
      due: last day of month(date("2024-02-10"))
    }`, { raw: 'a, b,a', customer: { id: 7 } });
    expect(d.variables.result).toEqual({
      tags: '[a, b, a]', twice: ['a'], pages: [[1, 2], [3, 4], [5]], owner: 'nobody', known: true, due: '2024-02-29',
    });
  });

  it('given assert() whose condition fails, then an incident on the script task with the cause', async () => {
    const d = await run('feel-assert', '=assert(amount, amount > 0, "amount must be positive")', { amount: -5 });
    expect(d.status).not.toBe('completed');
    const incidents = (await owner.get('/api/incidents')).body.items as { elementId: string; message: string; instanceId: string }[];
    expect(incidents).toContainEqual(expect.objectContaining({ instanceId: d.id, elementId: 'compute', message: expect.stringContaining('amount must be positive') }));
  });
});
