/** New processes: keys from names, the blank diagram and the shipped templates (no bpmn-js here). */

/** A process key from a name: lower-case letters, digits and hyphens, starting with a letter (an XML id). */
export function keyFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return /^[a-z]/.test(slug) ? slug : `process-${slug}`.replace(/-$/, '');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** A new executable process with one start event, ready for the palette. */
export function blankProcessXml(key: string, name: string, departmentKey: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1" id="Definitions_${escapeXml(key)}" targetNamespace="urn:lotse:process">
  <bpmn:process id="${escapeXml(key)}" name="${escapeXml(name)}" isExecutable="true" esm:department="${escapeXml(departmentKey)}">
    <bpmn:startEvent id="StartEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${escapeXml(key)}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** Templates shipped in processes/<name>/process.bpmn, loaded on demand. */
const templateFiles = import.meta.glob('../../processes/*/process.bpmn', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

export function templateNames(): string[] {
  return Object.keys(templateFiles)
    .map((path) => path.split('/').at(-2) ?? '')
    .filter(Boolean)
    .sort();
}

export async function loadTemplate(name: string): Promise<string | null> {
  const loader = templateFiles[`../../processes/${name}/process.bpmn`];
  return loader ? loader() : null;
}
