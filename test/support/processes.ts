import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The XML of a shipped template in processes/<name>/process.bpmn. */
export function processXml(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../processes/${name}/process.bpmn`, import.meta.url)), 'utf8');
}
