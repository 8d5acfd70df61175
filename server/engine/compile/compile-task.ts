/**
 * The deploy compile as a worker task (compile-pool.ts runs it off the event loop): parse, lint and
 * compile the BPMN document and every DMN document. Plain data in, plain data out.
 */
import { compileBpmn, compileDmn, type CompileResult } from './compile';
import type { DmnCompileResult } from './dmn';

export interface CompileTaskInput {
  xml: string;
  decisions: string[];
}

export interface CompileTaskOutput {
  bpmn: CompileResult;
  dmn: DmnCompileResult[];
}

export default async function compileTask(input: CompileTaskInput): Promise<CompileTaskOutput> {
  // A deployment of only DMN and form files has no BPMN document.
  const bpmn: CompileResult = input.xml ? await compileBpmn(input.xml) : { ok: true, processes: [], errors: [], warnings: [] };
  const dmn: DmnCompileResult[] = [];
  for (const xml of input.decisions) dmn.push(await compileDmn(xml));
  return { bpmn, dmn };
}
