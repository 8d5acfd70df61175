/**
 * Issue #14 point 6/9: hostile inputs get a clear 4xx or an incident, never a hang, and the server
 * keeps answering /api/health meanwhile. The server is the real Hono node server on an ephemeral
 * port; a worker thread (its own event loop) polls /api/health over HTTP every 20 ms, so a blocked
 * server shows up as latency. The p99 is printed; the assertion is generous against CI noise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';

const HEALTH_P99_MS = Number(process.env.HOSTILE_P99_MS ?? 250);

// The poller posts [start time (ms since the epoch), latency] per health request.
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.on('message', (m) => { if (m === 'stop') stop = true; });
(async () => {
  while (!stop) {
    const start = performance.timeOrigin + performance.now();
    let ms;
    try { const r = await fetch(workerData.url); await r.text(); ms = performance.timeOrigin + performance.now() - start; } catch { ms = 99999; }
    parentPort.postMessage([start, ms]);
    await new Promise((r) => setTimeout(r, 20));
  }
  parentPort.postMessage('stopped');
})();
`;

class HealthPoller {
  readonly samples: [number, number][] = [];
  private worker: Worker;
  constructor(url: string) {
    this.worker = new Worker(POLLER, { eval: true, workerData: { url } });
    this.worker.on('message', (m) => {
      if (Array.isArray(m)) this.samples.push(m as [number, number]);
    });
  }
  async ready() {
    while (this.samples.length < 5) await new Promise((r) => setTimeout(r, 20));
  }
  /**
   * Runs `fn` and returns its result with the latencies of the health requests sent meanwhile (at
   * least five: a fast input is followed by a short quiet window), and the server's own event-loop
   * delay. p99 is nearest-rank over the samples without the single worst one (one scheduling
   * hiccup of a shared CI machine is not the server blocking; the worst sample is printed as max).
   */
  async measure<T>(fn: () => Promise<T>): Promise<{ result: T; p99: number; max: number; n: number; loopMax: number }> {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const from = Date.now();
    const result = await fn();
    const to = Date.now();
    loop.disable();
    const inWindow = () => this.samples.filter(([start]) => start >= from - 5);
    for (let waited = 0; waited < 3000 && (inWindow().length < 5 || inWindow().every(([start]) => start < to)); waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const window = inWindow().filter(([start], i) => start <= to || i < 5).map(([, ms]) => ms).sort((a, b) => a - b);
    const trimmed = window.length > 2 ? window.slice(0, -1) : window;
    const p99 = trimmed.length ? trimmed[Math.min(trimmed.length - 1, Math.ceil(trimmed.length * 0.99) - 1)] : 0;
    return { result, p99, max: window[window.length - 1] ?? 0, n: window.length, loopMax: loop.max / 1e6 };
  }
  async stop() {
    this.worker.postMessage('stop');
    await new Promise((r) => setTimeout(r, 50));
    await this.worker.terminate();
  }
}

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1"`;
const CATALOG = `<bpmn:extensionElements><esm:catalog title="Hostile" description="x" icon="alert" requesters="employee" /></bpmn:extensionElements>`;
const bpmn = (id: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions ${NS} id="${id}-defs" targetNamespace="urn:test"><bpmn:process id="${id}" isExecutable="true" esm:department="it">${CATALOG}${body}</bpmn:process></bpmn:definitions>`;

/** start → script (FEEL) → user task, so a failing script leaves an incident on it. */
const scriptModel = (id: string, expression: string) => bpmn(id, `
  <bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="compute" />
  <bpmn:scriptTask id="compute"><bpmn:extensionElements><zeebe:script expression="${expression}" resultVariable="result" /></bpmn:extensionElements></bpmn:scriptTask>
  <bpmn:sequenceFlow id="f2" sourceRef="compute" targetRef="wait" />
  <bpmn:userTask id="wait" /><bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="end" /><bpmn:endEvent id="end" />`);

function wideModel(n: number) {
  let body = '<bpmn:startEvent id="start" />';
  let prev = 'start';
  for (let i = 0; i < n; i++) {
    body += `<bpmn:task id="t${i}" /><bpmn:sequenceFlow id="f${i}" sourceRef="${prev}" targetRef="t${i}" />`;
    prev = `t${i}`;
  }
  return bpmn('hostile-wide', `${body}<bpmn:endEvent id="end" /><bpmn:sequenceFlow id="fend" sourceRef="${prev}" targetRef="end" />`);
}

function nestedModel(depth: number) {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    open += `<bpmn:subProcess id="sp${i}"><bpmn:startEvent id="s${i}" />`;
    close = `</bpmn:subProcess>${close}`;
  }
  return bpmn('hostile-nested', `<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="sp0" />${open}${close}`);
}

function dmnWithRules(n: number) {
  let rules = '';
  for (let i = 0; i < n; i++) rules += `<rule id="r${i}"><inputEntry id="i${i}"><text>${i}</text></inputEntry><outputEntry id="o${i}"><text>"v${i}"</text></outputEntry></rule>`;
  return `<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="big-dmn" name="big" namespace="urn:test">
  <decision id="hostile-table" name="big"><decisionTable id="dt" hitPolicy="FIRST"><input id="in1"><inputExpression id="ie1" typeRef="number"><text>x</text></inputExpression></input>
  <output id="out1" name="y" typeRef="string" />${rules}</decisionTable></decision></definitions>`;
}

describe.each(dbTargets())('hostile input keeps the server responsive ($name)', (target) => {
  let dispose: () => Promise<void>;
  let server: ServerType;
  let healthUrl: string;
  let owner: Client;
  let employee: Client;
  let poller: HealthPoller;
  const report: string[] = [];
  const measured = <T>(fn: () => Promise<T>) => poller.measure(fn);

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    const ctx = await seededApp(opened.db);
    owner = await ctx.as('owner.it@lotse.demo');
    employee = await ctx.as('employee@lotse.demo');
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    healthUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/health`;
    poller = new HealthPoller(healthUrl);
    await poller.ready();
    // Warm the compile worker, so its start-up is not counted against the first input.
    expect((await owner.post('/api/deployments', { xml: scriptModel('hostile-warm', '=1 + 1') })).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    console.log(`/api/health latency while hostile input is processed (${target.name}):\n  ${report.join('\n  ')}`);
    await poller?.stop();
    await new Promise((r) => server?.close(r));
    await dispose();
  });

  const check = (label: string, m: { p99: number; max: number; n: number; loopMax: number }) => {
    report.push(`${label}: p99 ${m.p99.toFixed(1)} ms, max ${m.max.toFixed(1)} ms, ${m.n} samples; server event-loop delay max ${m.loopMax.toFixed(1)} ms`);
    expect(m.n).toBeGreaterThan(0);
    expect(m.p99).toBeLessThan(HEALTH_P99_MS);
  };

  const openIncidents = async (processKey: string) => {
    const r = await owner.get('/api/incidents');
    expect(r.status).toBe(200);
    return (r.body.items as { elementId: string; message: string; processKey?: string; instanceId: string }[]).filter((i) => JSON.stringify(i).includes(processKey));
  };

  it('given a model with 20,000 elements, then 422 for the element limit and health stays fast', async () => {
    const body = JSON.stringify({ xml: wideModel(20_000) });
    const m = await measured(() => owner.post('/api/deployments', body));
    expect(m.result.status).toBe(422);
    expect(JSON.stringify(m.result.body)).toContain('more than 5000 flow elements');
    check('20,000 elements', m);
  }, 120_000);

  it('given 3,000 nested sub-processes, then 422 naming the element past the depth limit (no stack overflow)', async () => {
    const body = JSON.stringify({ xml: nestedModel(3000) });
    const m = await measured(() => owner.post('/api/deployments', body));
    expect(m.result.status).toBe(422);
    expect(m.result.body.errors).toContainEqual(expect.objectContaining({ elementId: 'sp50', message: expect.stringContaining('nested more than 50 levels') }));
    check('3,000 nested sub-processes', m);
  }, 120_000);

  it('given a FEEL range of 3 million at deploy, then 422 naming the script task', async () => {
    const m = await measured(() => owner.post('/api/deployments', { xml: scriptModel('hostile-feel-deploy', '=for i in 1..3000000 return i') }));
    expect(m.result.status).toBe(422);
    expect(m.result.body.errors).toContainEqual(expect.objectContaining({ elementId: 'compute', message: expect.stringContaining('evaluation budget') }));
    check('FEEL 1..3000000 at deploy', m);
  }, 60_000);

  it('given a requester variable that drives a FEEL range, then an incident on the script task', async () => {
    expect((await owner.post('/api/deployments', { xml: scriptModel('hostile-feel-run', '=for i in 1..n return i') })).status).toBe(201);
    const m = await measured(() => employee.post('/api/process-instances', { processKey: 'hostile-feel-run', variables: { n: 3_000_000 } }));
    expect(m.result.status).toBe(201);
    const incidents = await openIncidents('hostile-feel-run');
    expect(incidents).toContainEqual(expect.objectContaining({ elementId: 'compute', message: expect.stringContaining('evaluation budget') }));
    check('FEEL 1..n, n = 3,000,000 at run time', m);
  }, 60_000);

  it('given a string bomb, then 422 with the variable path on start, and an incident for a huge computed string', async () => {
    expect((await owner.post('/api/deployments', { xml: scriptModel('hostile-string', '=string join(for i in 1..5000 return s)') })).status).toBe(201);
    const body = JSON.stringify({ processKey: 'hostile-string', variables: { s: 'x'.repeat(300 * 1024) } });
    const m = await measured(() => employee.post('/api/process-instances', body));
    expect(m.result.status).toBe(422);
    expect(m.result.body.errors).toContainEqual(expect.objectContaining({ path: '/variables/s' }));
    check('300 KB variable on start', m);

    const m2 = await measured(() => employee.post('/api/process-instances', { processKey: 'hostile-string', variables: { s: 'y'.repeat(200) } }));
    expect(m2.result.status).toBe(201);
    const incidents = await openIncidents('hostile-string');
    expect(incidents).toContainEqual(expect.objectContaining({ elementId: 'compute', message: expect.stringContaining('larger than 256 KB') }));
    const detail = await employee.get(`/api/process-instances/${m2.result.body.id}`);
    expect(JSON.stringify(detail.body).length).toBeLessThan(100_000);
    check('1 MB string computed at run time', m2);
  }, 60_000);

  it('given a DMN table with 20,000 rules, then 422 for the rules limit', async () => {
    const body = JSON.stringify({ xml: scriptModel('hostile-dmn', '=1'), decisions: [dmnWithRules(20_000)] });
    const m = await measured(() => owner.post('/api/deployments', body));
    expect(m.result.status).toBe(422);
    expect(m.result.body.errors).toContainEqual(expect.objectContaining({ elementId: 'hostile-table', message: expect.stringContaining('at most 2000') }));
    check('DMN with 20,000 rules', m);
  }, 120_000);

  it('given a timer cycle R/PT0.001S, then 422 for the minimum interval', async () => {
    const xml = bpmn('hostile-timer', `<bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT0.001S</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
      <bpmn:sequenceFlow id="f1" sourceRef="tick" targetRef="end" /><bpmn:endEvent id="end" />`);
    const m = await measured(() => owner.post('/api/deployments', { xml }));
    expect(m.result.status).toBe(422);
    expect(m.result.body.errors).toContainEqual(expect.objectContaining({ elementId: 'tick', message: expect.stringContaining('at least 60 seconds') }));
    const feel = bpmn('hostile-timer2', `<bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle>="R/PT1S"</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
      <bpmn:sequenceFlow id="f1" sourceRef="tick" targetRef="end" /><bpmn:endEvent id="end" />`);
    const r = await owner.post('/api/deployments', { xml: feel });
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(expect.objectContaining({ elementId: 'tick', message: expect.stringContaining('at least 60 seconds') }));
    check('timer cycle R/PT0.001S', m);
  }, 60_000);

  it('given a loop through a noop service task, then the instance exists with an incident on the task', async () => {
    const xml = bpmn('hostile-noop', `<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="join" />
      <bpmn:exclusiveGateway id="join" /><bpmn:sequenceFlow id="f2" sourceRef="join" targetRef="spin" />
      <bpmn:serviceTask id="spin"><bpmn:extensionElements><zeebe:taskDefinition type="noop" /></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:sequenceFlow id="f3" sourceRef="spin" targetRef="join" />`);
    expect((await owner.post('/api/deployments', { xml })).status).toBe(201);
    const m = await measured(() => employee.post('/api/process-instances', { processKey: 'hostile-noop' }));
    expect(m.result.status).toBe(201);
    const incidents = await openIncidents('hostile-noop');
    expect(incidents).toContainEqual(expect.objectContaining({ elementId: 'spin', message: expect.stringContaining('endless loop') }));
    check('noop service task loop', m);
  }, 60_000);
});
