// Interchange: every MIWG model (reference, Signavio, Trisotech exports) reads, writes and reads back
// with the modeller's moddle setup, keeping element ids, types and foreign extensions.
import fs from 'node:fs';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { moddleExtensions } from '../../app/modeler/moddleExtensions';

const CORPUS = process.env.BPMN_MIWG_DIR ?? path.resolve(import.meta.dirname, '../fixtures/bpmn-miwg');

function bpmnFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.bpmn'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

interface Inventory {
  /** `id type` of every element with an id. */
  elements: string[];
  /** Types of extension elements (zeebe:*, vendor ones moddle does not know). */
  extensions: string[];
  /** Foreign (namespaced, not modelled) attributes as `owner-id name=value`. */
  foreignAttrs: string[];
}

function inventory(root: any): Inventory {
  const seen = new Set<any>();
  const out: Inventory = { elements: [], extensions: [], foreignAttrs: [] };
  const visit = (node: any, owner: string) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const child of node) visit(child, owner);
      return;
    }
    if (typeof node.$type !== 'string') return;
    const id = typeof node.id === 'string' ? node.id : owner;
    if (typeof node.id === 'string') out.elements.push(`${node.id} ${node.$type}`);
    for (const [name, value] of Object.entries(node.$attrs ?? {})) {
      // xsi:type on the default type and schemaLocation are XML Schema plumbing, rewritten by design.
      if (!name.startsWith('xmlns') && !name.startsWith('xsi:')) out.foreignAttrs.push(`${id} ${name}=${String(value)}`);
    }
    for (const ext of node.extensionElements?.values ?? []) out.extensions.push(`${id} ${ext.$type}`);
    // Containment only: references (sourceRef, default, …) point at elements visited elsewhere.
    const props: any[] = node.$descriptor?.properties ?? [];
    for (const p of props) if (!p.isReference && p.name !== '$parent') visit(node.get?.(p.name), id);
    for (const v of node.$children ?? []) visit(v, id);
    for (const v of node.values ?? []) visit(v, id);
  };
  visit(root, 'definitions');
  for (const list of Object.values(out)) list.sort();
  return out;
}

/** Files moddle-xml can read but not write; each keeps a test that the limitation still holds. */
const KNOWN_LIMITS: Record<string, string> = {
  'signavio/A.2.1-roundtrip.bpmn': 'unqualified elements (xmlns="") inside a W4 vendor extension: moddle-xml cannot write a prefix for them',
};

const files = bpmnFiles(CORPUS);
const roundTripFiles = files.filter((f) => !(path.relative(CORPUS, f) in KNOWN_LIMITS));

describe('BPMN interchange (MIWG corpus)', () => {
  it('has a corpus to read', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(Object.entries(KNOWN_LIMITS).filter(([name]) => fs.existsSync(path.join(CORPUS, name))))('%s imports; export is a known moddle limit (%s)', async (name) => {
    const moddle = new BpmnModdle(moddleExtensions);
    const { rootElement } = await moddle.fromXML(fs.readFileSync(path.join(CORPUS, name), 'utf8'), 'bpmn:Definitions');
    expect(inventory(rootElement).elements.length).toBeGreaterThan(0);
    await expect(moddle.toXML(rootElement)).rejects.toThrow(/no namespace uri given for prefix/);
  });

  it.each(roundTripFiles.map((f) => [path.relative(CORPUS, f), f]))('%s survives import → export → import', async (_name, file) => {
    const moddle = new BpmnModdle(moddleExtensions);
    const first = await moddle.fromXML(fs.readFileSync(file, 'utf8'), 'bpmn:Definitions');
    const before = inventory(first.rootElement);
    expect(before.elements.length).toBeGreaterThan(0);

    const { xml } = await moddle.toXML(first.rootElement, { format: true });
    const second = await new BpmnModdle(moddleExtensions).fromXML(xml, 'bpmn:Definitions');
    const after = inventory(second.rootElement);
    expect(after.elements).toEqual(before.elements);
    expect(after.extensions).toEqual(before.extensions);
    expect(after.foreignAttrs).toEqual(before.foreignAttrs);
    // Re-import of our own output never warns more than the vendor's original did.
    expect(second.warnings.length).toBeLessThanOrEqual(first.warnings.length);
  });
});

describe('zeebe and unknown vendor extensions', () => {
  it('keep zeebe:* and a foreign extension element and attribute unchanged', async () => {
    const source = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:acme="urn:acme" id="d1">
  <bpmn:process id="p1" isExecutable="true" acme:owner="ops">
    <bpmn:userTask id="t1">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition candidateGroups="hr" />
        <zeebe:taskSchedule dueDate="=now() + duration(&quot;P2D&quot;)" />
        <acme:audit level="high"><acme:note>keep me</acme:note></acme:audit>
      </bpmn:extensionElements>
    </bpmn:userTask>
  </bpmn:process>
</bpmn:definitions>`;
    const moddle = new BpmnModdle(moddleExtensions);
    const { rootElement } = await moddle.fromXML(source, 'bpmn:Definitions');
    const { xml } = await moddle.toXML(rootElement);
    expect(xml).toContain('<zeebe:assignmentDefinition candidateGroups="hr" />');
    expect(xml).toContain('dueDate="=now() + duration(&#34;P2D&#34;)"');
    expect(xml).toContain('<acme:audit level="high">');
    expect(xml).toContain('<acme:note>keep me</acme:note>');
    expect(xml).toContain('acme:owner="ops"');
  });
});
