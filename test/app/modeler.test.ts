import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { mount } from '@vue/test-utils';
import { Linter } from 'bpmnlint';
import { BpmnModdle } from 'bpmn-moddle';
import { BpmnFileError, checkBpmnText, MAX_BPMN_BYTES, readBpmnFile } from '../../app/modeler/bpmnFile';
import de from '../../app/i18n/de';
import en from '../../app/i18n/en';
import { modelerLintConfig } from '../../app/modeler/lint/lintConfig';
import { lintDefinitions } from '../../common/bpmn-lint';
import { moddleExtensions } from '../../app/modeler/moddleExtensions';
import { blankProcessXml, keyFromName } from '../../app/modeler/processTemplates';
import { useDraft } from '../../app/modeler/useDraft';
import { mockFetch, settle } from './support';
import { readFileSync } from 'node:fs';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('new processes', () => {
  it('derive an XML-safe key from the name', () => {
    expect(keyFromName('Urlaubsantrag Größe 2')).toBe('urlaubsantrag-grosse-2');
    expect(keyFromName('2024 Onboarding')).toBe('process-2024-onboarding');
  });

  it('start from a blank executable process that the file check accepts', async () => {
    const xml = blankProcessXml('onboarding', 'Onboarding & Co', 'hr');
    await expect(checkBpmnText(xml)).resolves.toBeUndefined();
    expect(xml).toContain('esm:department="hr"');
    expect(xml).toContain('name="Onboarding &amp; Co"');
  });
});

describe('bad files', () => {
  const problem = (text: string, size?: number) => checkBpmnText(text, size).then(() => 'ok', (e: BpmnFileError) => e.problem);

  it('are refused with a reason before they reach the modeller', async () => {
    expect(await problem('<definitions')).toBe('notXml');
    expect(await problem('<note/>')).toBe('notBpmn');
    expect(await problem('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).toBe('dtd');
    expect(await problem('<package xmlns="http://www.wfmc.org/2008/XPDL2.1"/>')).toBe('bpmn1');
    expect(await problem('<?xml version="1.0"?><Package xmlns="http://www.wfmc.org/2002/XPDL1.0" Id="p"><WorkflowProcesses/></Package>')).toBe('bpmn1');
    expect(await problem(blankProcessXml('a', 'A', 'hr'), 20 * 1024 * 1024)).toBe('tooLarge');
  });

  it('refuse a 20 MB file by its size, without reading it, and name the limit', async () => {
    const file = new File([new Uint8Array(20 * 1024 * 1024)], 'huge.bpmn', { type: 'application/xml' });
    const read = vi.spyOn(file, 'text');
    const error = await readBpmnFile(file).catch((e: BpmnFileError) => e);
    expect(error).toBeInstanceOf(BpmnFileError);
    expect((error as BpmnFileError).problem).toBe('tooLarge');
    expect(read).not.toHaveBeenCalled();
    expect(MAX_BPMN_BYTES).toBe(5 * 1024 * 1024);
    expect(de.modeler.file.tooLarge).toContain('5 MB');
    expect(en.modeler.file.tooLarge).toContain('5 MB');
  });
});

async function lint(xml: string) {
  const { rootElement } = await new BpmnModdle(moddleExtensions).fromXML(xml, 'bpmn:Definitions');
  const { config, resolver } = modelerLintConfig();
  const results = (await new Linter({ config, resolver }).lint(rootElement)) as Record<string, { id: string; category: string }[]>;
  return Object.fromEntries(Object.entries(results).filter(([, r]) => r.length).map(([rule, r]) => [rule, r.map((x) => `${x.id}:${x.category}`)]));
}

describe('live checks (Lotse rules next to the server rules)', () => {
  const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';
  it('flag a gateway flow without condition, a bad FEEL condition and an unassigned user task', async () => {
    const results = await lint(`<bpmn:definitions ${NS} id="d"><bpmn:process id="p" isExecutable="true">
      <bpmn:startEvent id="s"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>
      <bpmn:userTask id="t"><bpmn:incoming>f0</bpmn:incoming><bpmn:outgoing>f1</bpmn:outgoing></bpmn:userTask>
      <bpmn:exclusiveGateway id="g" default="fa"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>fa</bpmn:outgoing><bpmn:outgoing>fb</bpmn:outgoing><bpmn:outgoing>fc</bpmn:outgoing></bpmn:exclusiveGateway>
      <bpmn:endEvent id="e"><bpmn:incoming>fa</bpmn:incoming><bpmn:incoming>fb</bpmn:incoming><bpmn:incoming>fc</bpmn:incoming></bpmn:endEvent>
      <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="t"/><bpmn:sequenceFlow id="f1" sourceRef="t" targetRef="g"/>
      <bpmn:sequenceFlow id="fa" sourceRef="g" targetRef="e"/>
      <bpmn:sequenceFlow id="fb" sourceRef="g" targetRef="e"/>
      <bpmn:sequenceFlow id="fc" sourceRef="g" targetRef="e"><bpmn:conditionExpression>=amount &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>
    </bpmn:process></bpmn:definitions>`);
    // One problem, one report: bpmnlint's rule names the flow, Lotse's own stays silent about it.
    expect(results['conditional-flows']).toEqual(['fb:error']);
    expect(results['lotse/gateway-flow-condition']).toBeUndefined();
    expect(results['lotse/feel-syntax']).toEqual(['fc:error']);
    expect(results['lotse/user-task-assignment']).toEqual(['t:warn']);
  });

  it('name every branch of a gateway without any condition or default as an error, as the deploy does', async () => {
    const xml = `<bpmn:definitions ${NS} id="d"><bpmn:process id="p" isExecutable="true">
      <bpmn:startEvent id="s"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>
      <bpmn:exclusiveGateway id="g"><bpmn:incoming>f0</bpmn:incoming><bpmn:outgoing>fa</bpmn:outgoing><bpmn:outgoing>fb</bpmn:outgoing></bpmn:exclusiveGateway>
      <bpmn:endEvent id="e"><bpmn:incoming>fa</bpmn:incoming><bpmn:incoming>fb</bpmn:incoming></bpmn:endEvent>
      <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="g"/><bpmn:sequenceFlow id="fa" sourceRef="g" targetRef="e"/><bpmn:sequenceFlow id="fb" sourceRef="g" targetRef="e"/>
    </bpmn:process></bpmn:definitions>`;
    const results = await lint(xml);
    expect(results['lotse/gateway-flow-condition']).toEqual(['fa:error', 'fb:error']);
    // The deploy's lint (common/bpmn-lint.ts) finds the very same errors.
    const { rootElement } = await new BpmnModdle(moddleExtensions).fromXML(xml, 'bpmn:Definitions');
    const deploy = await lintDefinitions(rootElement);
    const canvasErrors = Object.values(results).flat().filter((r) => r.endsWith(':error')).map((r) => r.split(':')[0]).sort();
    expect(deploy.errors.map((e) => e.elementId).sort()).toEqual(canvasErrors);
  });

  it('do not flag compensation handlers or ad-hoc sub-processes, which the engine runs; a transaction still is', async () => {
    // The engine's conformance fixtures (vitest runs from the repository root).
    const fixture = (name: string) => readFileSync(`test/engine/fixtures/${name}`, 'utf8');
    for (const name of ['compensation.bpmn', 'adhoc-subprocess.bpmn']) {
      expect((await lint(fixture(name)))['lotse/unsupported-element'], name).toBeUndefined();
    }
    expect((await lint(fixture('unsupported.bpmn')))['lotse/unsupported-element']).toEqual(expect.arrayContaining(['Tx:error']));
  });
});

describe('draft saving', () => {
  function withDraft(xml = '<x/>') {
    let draft!: ReturnType<typeof useDraft>;
    mount(defineComponent({ setup: () => ((draft = useDraft(async () => xml)), () => h('div')) }));
    return () => draft;
  }

  it('saves with the loaded revision and keeps the next one', async () => {
    const { calls } = mockFetch({
      'GET /api/processes/p1/draft': { body: { key: 'p1', xml: '<x/>', revision: 3, departmentId: 'd1', updatedAt: '2025-01-01T00:00:00Z', updatedBy: { id: 'u', name: 'U' } } },
      'PUT /api/processes/p1/draft': { body: { key: 'p1', revision: 4, updatedAt: '2025-01-02T00:00:00Z' } },
    });
    const draft = withDraft();
    await draft().load('p1');
    draft().changed();
    expect(draft().status.value).toBe('unsaved');
    await draft().save();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ xml: '<x/>', revision: 3 });
    expect(calls.find((c) => c.method === 'PUT')?.headers['X-Lotse-CSRF']).toBe('1');
    expect(draft().revision.value).toBe(4);
    expect(draft().status.value).toBe('saved');
  });

  it('reports a conflict (409) with who saved in between, and stops autosaving', async () => {
    let gets = 0;
    mockFetch({
      'GET /api/processes/p1/draft': () => ({ body: { key: 'p1', xml: '<x/>', revision: ++gets === 1 ? 3 : 5, departmentId: 'd1', updatedAt: '2025-01-03T00:00:00Z', updatedBy: { id: 'u2', name: 'Otto Owner' } } }),
      'PUT /api/processes/p1/draft': { status: 409, body: { code: 'stale_draft', error: 'stale', current: { revision: 5 } } },
    });
    const draft = withDraft();
    await draft().load('p1');
    await draft().save();
    await settle();
    expect(draft().status.value).toBe('conflict');
    expect(draft().conflict.value?.updatedBy.name).toBe('Otto Owner');
    draft().changed();
    expect(draft().status.value).toBe('conflict');
  });
});
