import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The XML of a shipped template in processes/<name>/process.bpmn. */
export function processXml(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../processes/${name}/process.bpmn`, import.meta.url)), 'utf8');
}

/** The body of POST /api/deployments for a template: its model and its forms. */
export function processDeployment(name: string): { xml: string; forms: { key: string; title: { de?: string; en?: string }; definition: unknown }[] } {
  const dir = fileURLToPath(new URL(`../../processes/${name}/forms/`, import.meta.url));
  const forms = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(dir + f, 'utf8'))) : [];
  return { xml: processXml(name), forms };
}
