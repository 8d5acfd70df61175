/**
 * A large, valid, executable BPMN diagram for the modeller benchmark: one process of repeated
 * decision blocks (user task → exclusive split with a FEEL condition and a default flow → two user
 * tasks → exclusive join), laid out in rows, every shape and flow with DI.
 */

export interface LargeDiagram {
  xml: string;
  /** Flow nodes plus sequence flows (each drawn as one shape or connection). */
  elements: number;
  nodes: number;
  flows: number;
}

const BLOCKS_PER_ROW = 10;
const BLOCK_W = 500;
const ROW_H = 260;
const X0 = 200;
const Y0 = 120;

interface Bounds {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Builds a diagram with at least `minElements` flow nodes + sequence flows (11 per block). */
export function largeDiagramXml(minElements = 1000, processId = 'bench-1000'): LargeDiagram {
  const blocks = Math.max(1, Math.ceil((minElements - 3) / 11));
  const nodes: string[] = [];
  const flows: string[] = [];
  const shapes: string[] = [];
  const edges: string[] = [];
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();

  const shape = (id: string, b: Bounds) => shapes.push(`<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}"/></bpmndi:BPMNShape>`);
  const flow = (id: string, from: string, to: string, points: [number, number][], body = '', name = '') => {
    const named = name ? ` name="${name}"` : '';
    flows.push(`<bpmn:sequenceFlow id="${id}"${named} sourceRef="${from}" targetRef="${to}"${body ? `>${body}</bpmn:sequenceFlow>` : '/>'}`);
    outgoing.set(from, [...(outgoing.get(from) ?? []), id]);
    incoming.set(to, [...(incoming.get(to) ?? []), id]);
    edges.push(`<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}">${points.map(([x, y]) => `<di:waypoint x="${x}" y="${y}"/>`).join('')}</bpmndi:BPMNEdge>`);
  };
  const node = (tag: string, id: string, attrs: string, inner = '') => nodes.push(`<bpmn:${tag} id="${id}"${attrs}>${inner}%%${id}%%</bpmn:${tag}>`);
  const userTask = (id: string, name: string) =>
    node('userTask', id, ` name="${name}"`, '<bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="hr"/></bpmn:extensionElements>');

  node('startEvent', 'start', ' name="Antrag eingegangen"');
  shape('start', { x: X0 - 100, y: Y0 - 18, w: 36, h: 36 });
  let previous = 'start';
  let previousExit: [number, number][] = [[X0 - 64, Y0]];

  for (let i = 0; i < blocks; i++) {
    const row = Math.floor(i / BLOCKS_PER_ROW);
    const bx = X0 + (i % BLOCKS_PER_ROW) * BLOCK_W;
    const by = Y0 + row * ROW_H;
    const [t, g1, a, b, g2] = [`task_${i}`, `split_${i}`, `check_${i}`, `quick_${i}`, `join_${i}`];
    userTask(t, `Antrag prüfen ${i + 1}`);
    node('exclusiveGateway', g1, ` name="Betrag hoch?" default="${g1}_default"`);
    userTask(a, `Freigabe einholen ${i + 1}`);
    userTask(b, `Direkt bearbeiten ${i + 1}`);
    node('exclusiveGateway', g2, '');
    shape(t, { x: bx, y: by - 40, w: 100, h: 80 });
    shape(g1, { x: bx + 150, y: by - 25, w: 50, h: 50 });
    shape(a, { x: bx + 250, y: by - 100, w: 100, h: 80 });
    shape(b, { x: bx + 250, y: by + 20, w: 100, h: 80 });
    shape(g2, { x: bx + 400, y: by - 25, w: 50, h: 50 });

    flow(`in_${i}`, previous, t, [...previousExit, [bx, by]]);
    flow(`${t}_out`, t, g1, [[bx + 100, by], [bx + 150, by]]);
    flow(`${g1}_high`, g1, a, [[bx + 175, by - 25], [bx + 175, by - 60], [bx + 250, by - 60]], '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=amount &gt; 1000</bpmn:conditionExpression>', 'über 1000 €');
    flow(`${g1}_default`, g1, b, [[bx + 175, by + 25], [bx + 175, by + 60], [bx + 250, by + 60]], '', 'sonst');
    flow(`${a}_out`, a, g2, [[bx + 350, by - 60], [bx + 425, by - 60], [bx + 425, by - 25]]);
    flow(`${b}_out`, b, g2, [[bx + 350, by + 60], [bx + 425, by + 60], [bx + 425, by + 25]]);

    previous = g2;
    const endOfRow = (i + 1) % BLOCKS_PER_ROW === 0;
    // The last block of a row leads down and back to the start of the next row.
    previousExit = endOfRow
      ? [[bx + 450, by], [bx + 470, by], [bx + 470, by + ROW_H / 2], [X0 - 30, by + ROW_H / 2], [X0 - 30, by + ROW_H]]
      : [[bx + 450, by]];
  }

  const lastRow = Math.floor((blocks - 1) / BLOCKS_PER_ROW);
  const lastEnd = (blocks % BLOCKS_PER_ROW === 0 ? BLOCKS_PER_ROW : blocks % BLOCKS_PER_ROW);
  const endX = X0 + lastEnd * BLOCK_W;
  const endY = Y0 + lastRow * ROW_H;
  node('endEvent', 'end', ' name="Erledigt"');
  shape('end', { x: endX, y: endY - 18, w: 36, h: 36 });
  // After a full row the exit already points down-left; a short hop suffices otherwise.
  flow('to_end', previous, 'end', blocks % BLOCKS_PER_ROW === 0 ? [[endX - 50, endY], [endX, endY]] : [...previousExit, [endX, endY]]);

  const refs = (id: string) =>
    [...(incoming.get(id) ?? []).map((f) => `<bpmn:incoming>${f}</bpmn:incoming>`), ...(outgoing.get(id) ?? []).map((f) => `<bpmn:outgoing>${f}</bpmn:outgoing>`)].join('');
  const nodeXml = nodes.map((n) => n.replace(/%%([^%]+)%%/, (_m, id: string) => refs(id)));

  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:esm="urn:lotse:esm:1" id="defs_${processId}" targetNamespace="http://bpmn.io/schema/bpmn">
<bpmn:process id="${processId}" name="Benchmark ${nodes.length + flows.length} Elemente" isExecutable="true" esm:department="hr">
${nodeXml.join('\n')}
${flows.join('\n')}
</bpmn:process>
<bpmndi:BPMNDiagram id="diagram_${processId}"><bpmndi:BPMNPlane id="plane_${processId}" bpmnElement="${processId}">
${shapes.join('\n')}
${edges.join('\n')}
</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
  return { xml, elements: nodes.length + flows.length, nodes: nodes.length, flows: flows.length };
}
