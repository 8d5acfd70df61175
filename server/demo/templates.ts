/** The shipped templates in processes/<name>/: model, forms and decision tables, deployed as they are. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Principal } from '../auth/principal';
import type { Engine } from '../engine/runtime/runtime';
import { deploy, type DeployInput } from '../definitions/deploy';
import type { Logger } from '../log';

export const PROCESSES_DIR = fileURLToPath(new URL('../../processes', import.meta.url));

export interface Template {
  name: string;
  deployment: DeployInput;
}

/** Every template folder with a process.bpmn, in name order. */
export function readTemplates(dir = PROCESSES_DIR): Template[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'process.bpmn')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const folder = path.join(dir, name);
      const formsDir = path.join(folder, 'forms');
      const forms = fs.existsSync(formsDir)
        ? fs.readdirSync(formsDir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(fs.readFileSync(path.join(formsDir, f), 'utf8')))
        : [];
      const decisions = fs.readdirSync(folder).filter((f) => f.endsWith('.dmn')).sort().map((f) => fs.readFileSync(path.join(folder, f), 'utf8'));
      return { name, deployment: { xml: fs.readFileSync(path.join(folder, 'process.bpmn'), 'utf8'), forms, decisions, comment: 'Template shipped with Lotse' } };
    });
}

/** Deploys every template as the given admin; a template that does not deploy is logged and skipped. */
export async function deployTemplates(engine: Engine, admin: Principal, log: Logger): Promise<string[]> {
  const deployed: string[] = [];
  for (const t of readTemplates()) {
    try {
      await deploy(engine, t.deployment, admin);
      deployed.push(t.name);
    } catch (err) {
      log.warn('template not deployed', { template: t.name, error: (err as Error).message, errors: (err as { errors?: unknown }).errors });
    }
  }
  return deployed;
}
