import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Read a BPMN/DMN fixture beside the tests. */
export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
}
