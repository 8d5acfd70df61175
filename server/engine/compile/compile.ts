/**
 * Deploy-time compilation: BPMN XML → executable `CompiledProcess` (plain JSON), or a list of
 * `{elementId, message}` errors. Anything the engine cannot execute is refused here, by id and type.
 */
import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import esm from '../../../schemas/esm.json' with { type: 'json' };
import { lintDefinitions } from '../../../common/bpmn-lint';
import { compileElements } from './elements';
import { structureErrors } from '../../../common/limits';
import type { CompiledProcess, ModelError } from '../core/model';

export type { CompiledProcess, ModelError } from '../core/model';
export { compileDmn } from './dmn';
export { evaluateDecision } from '../core/dmn';

export const MAX_XML_BYTES = 5 * 1024 * 1024;

export interface CompileResult {
  ok: boolean;
  processes: CompiledProcess[];
  errors: ModelError[];
  warnings: ModelError[];
}

/** Reject what must never reach the XML parser: oversize input and DTDs (entity expansion). */
export function checkXmlInput(xml: string, rootId = 'definitions'): ModelError | null {
  if (Buffer.byteLength(xml, 'utf8') > MAX_XML_BYTES) return { elementId: rootId, message: 'XML is larger than 5 MB' };
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { elementId: rootId, message: 'DTD and ENTITY declarations are not allowed' };
  return null;
}

/** Parse, lint and compile every executable process of a BPMN document. */
export async function compileBpmn(xml: string): Promise<CompileResult> {
  const refused = checkXmlInput(xml);
  if (refused) return { ok: false, processes: [], errors: [refused], warnings: [] };

  const moddle = new BpmnModdle({ zeebe, esm });
  let definitions: any;
  const warnings: ModelError[] = [];
  try {
    const parsed = await moddle.fromXML(xml, 'bpmn:Definitions');
    definitions = parsed.rootElement;
    for (const w of parsed.warnings ?? []) {
      warnings.push({ elementId: w.element?.id ?? 'definitions', message: `XML: ${w.message.split('\n')[0]}` });
    }
  } catch (e) {
    return { ok: false, processes: [], errors: [{ elementId: 'definitions', message: `malformed XML: ${(e as Error).message.split('\n')[0]}` }], warnings };
  }

  // Size and nesting first, without recursion: lint and compile walk the model recursively.
  const tooBig = structureErrors(definitions);
  if (tooBig.length) return { ok: false, processes: [], errors: tooBig, warnings };

  const errors: ModelError[] = [];
  const processes = (definitions.rootElements ?? []).filter((r: any) => r.$type === 'bpmn:Process');
  const executable = processes.filter((p: any) => p.isExecutable);
  if (executable.length === 0) {
    errors.push({ elementId: processes[0]?.id ?? definitions.id ?? 'definitions', message: 'no executable process (set isExecutable="true")' });
  }
  for (const p of executable) {
    // The id is the process key (definitions.key): without one there is nothing to deploy it as.
    if (typeof p.id !== 'string' || p.id.trim() === '') errors.push({ elementId: 'process', message: `the executable process${p.name ? ` "${p.name}"` : ''} has no id (set id="…", the process key)` });
    else errors.push(...missingIds(p));
  }
  if (errors.length) return { ok: false, processes: [], errors: dedupe(errors), warnings: dedupe(warnings) };
  for (const root of definitions.rootElements ?? []) {
    if (root.$type === 'bpmn:Choreography' || root.$type === 'bpmn:GlobalConversation') {
      errors.push({ elementId: root.id, message: `unsupported element ${root.$type}` });
    }
  }

  for (const p of processes) linkFlowReferences(p);
  const lint = await lintDefinitions(definitions);
  const compiled: CompiledProcess[] = [];
  for (const p of executable) {
    const r = compileElements(p);
    errors.push(...r.errors);
    compiled.push(r.process);
  }
  // The compiler's own messages (more specific) first; the lint's (the modeller's live check) after.
  // The lint's FEEL check repeats what the compiler found on the same element: said once.
  const compilerSaid = new Set(errors.map((e) => e.elementId));
  errors.push(...lint.errors.filter((e) => !(e.message.endsWith('(lotse/feel-syntax)') && compilerSaid.has(e.elementId))));
  warnings.push(...lint.warnings);
  const unique = dedupe(errors);
  return { ok: unique.length === 0, processes: unique.length ? [] : compiled, errors: unique, warnings: dedupe(warnings) };
}

/** Flow elements (also in sub-processes) without an id cannot be referenced, run or reported: named by their parent and type. */
function missingIds(container: any): ModelError[] {
  const out: ModelError[] = [];
  for (const el of container.flowElements ?? []) {
    if (typeof el.id !== 'string' || el.id.trim() === '') {
      out.push({ elementId: container.id, message: `a ${String(el.$type).replace('bpmn:', '')}${el.name ? ` "${el.name}"` : ''} in ${container.id} has no id` });
    } else out.push(...missingIds(el));
  }
  return out;
}

/** bpmn:incoming/outgoing children are optional in XML; lint rules rely on them, so fill them in. */
function linkFlowReferences(container: any): void {
  for (const el of container.flowElements ?? []) {
    if (el.$type === 'bpmn:SequenceFlow') {
      for (const [end, list] of [[el.sourceRef, 'outgoing'], [el.targetRef, 'incoming']] as const) {
        if (!end) continue;
        const refs: any[] = (end[list] ??= []);
        if (!refs.includes(el)) refs.push(el);
      }
    } else if (el.flowElements) linkFlowReferences(el);
  }
}

function dedupe(list: ModelError[]): ModelError[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const key = `${e.elementId}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
