/**
 * A Camunda project as it is: the files of one deployment (BPMN, DMN, Camunda `.form`, Lotse form
 * JSON) sorted by kind, and Camunda forms turned into Lotse forms: `.form` files keyed by their form
 * `id` (what `zeebe:formDefinition formId` links to) and embedded `zeebe:userTaskForm` bodies keyed
 * `<process id>.<form id>`. No I/O: deploy.ts stores the result.
 */
import { MAX_DEPLOYMENT_BYTES, MAX_DEPLOYMENT_FILES, MAX_FORM_JSON_BYTES } from '../../common/limits';
import { importCamundaForm } from '../forms/camunda';
import { validationFailed, type FieldError } from '../errors';
import type { CompiledProcess, ModelError } from '../engine/core/model';
import type { FormDefinition, LocalText } from '../../common/forms/types';

export interface DeployResource {
  name: string;
  content: string;
}

/** A form the deployment stores: shipped Lotse forms, `.form` files and embedded forms alike. */
export interface BundledForm {
  key: string;
  title: LocalText;
  definition: unknown;
  /** The file it came from (a `.form` or `.json` file, or the BPMN file of an embedded form). */
  resource?: string;
  /** A Camunda form's `versionTag` (bindingType="versionTag" is resolved against it). */
  versionTag?: string;
  /** Embedded forms: the process whose department owns them. */
  processId?: string;
}

export interface Bundle {
  bpmn: DeployResource[];
  dmn: DeployResource[];
  forms: BundledForm[];
  warnings: (ModelError & { resource?: string })[];
}

const EMBEDDED_PREFIX = 'camunda-forms:bpmn:';
const kindOf = (name: string) => /\.(bpmn|bpmn20\.xml)$/i.test(name) ? 'bpmn' : /\.dmn$/i.test(name) ? 'dmn' : /\.form$/i.test(name) ? 'form' : /\.json$/i.test(name) ? 'json' : null;

/** A Lotse form key from a Camunda form id (the key pattern of schemas/api/form.json). */
export const formKeyOf = (id: string) => id.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 100);

function parseJson(text: string, resource: string, errors: FieldError[]): Record<string, unknown> | null {
  if (text.length > MAX_FORM_JSON_BYTES) {
    errors.push({ resource, elementId: resource, message: `${resource}: a form may have at most ${MAX_FORM_JSON_BYTES / 1024} KB` });
    return null;
  }
  try {
    const v = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // reported below
  }
  errors.push({ resource, elementId: resource, message: `${resource}: not a JSON object` });
  return null;
}

/** Sorts the files of a deployment by kind; 422 naming the file for one Lotse cannot read. */
export function sortResources(resources: DeployResource[]): Bundle {
  const errors: FieldError[] = [];
  if (resources.length > MAX_DEPLOYMENT_FILES) errors.push({ path: '/resources', message: `a deployment may have at most ${MAX_DEPLOYMENT_FILES} files` });
  const total = resources.reduce((n, r) => n + r.content.length, 0);
  if (total > MAX_DEPLOYMENT_BYTES) errors.push({ path: '/resources', message: `the files of a deployment may have at most ${MAX_DEPLOYMENT_BYTES / 1024 / 1024} MB together` });
  const bundle: Bundle = { bpmn: [], dmn: [], forms: [], warnings: [] };
  const names = new Set<string>();
  resources.forEach((r, i) => {
    const err = (message: string) => errors.push({ resource: r.name, path: `/resources/${i}`, elementId: r.name, message: `${r.name}: ${message}` });
    if (names.has(r.name)) return err('the file name is used twice');
    names.add(r.name);
    const kind = kindOf(r.name);
    if (!kind) return err('unknown kind of file (expected .bpmn, .dmn, .form or a Lotse form .json)');
    if (kind === 'bpmn') return void bundle.bpmn.push(r);
    if (kind === 'dmn') return void bundle.dmn.push(r);
    const json = parseJson(r.content, r.name, errors);
    if (!json) return;
    if (kind === 'json') {
      // A Lotse form file as the templates ship them: { key, title, definition }.
      if (typeof json.key !== 'string' || !json.definition) return err('a Lotse form file needs "key", "title" and "definition"');
      bundle.forms.push({ key: json.key, title: (json.title ?? {}) as LocalText, definition: json.definition, resource: r.name });
      return;
    }
    if (typeof json.id !== 'string' || !json.id.trim()) return err('a Camunda form needs an "id" (the formId that BPMN files link to)');
    const imported = importCamundaForm(json);
    const key = formKeyOf(json.id);
    if (!key) return err(`the form id "${json.id}" cannot be used as a form key`);
    bundle.forms.push({ key, title: { en: json.id }, definition: imported.definition, resource: r.name, ...(typeof json.versionTag === 'string' ? { versionTag: json.versionTag } : {}) });
    for (const u of imported.unsupported.slice(0, 20)) bundle.warnings.push({ resource: r.name, elementId: json.id, message: `${r.name} ${u.path}: ${u.message}` });
  });
  const keys = new Map<string, string>();
  for (const f of bundle.forms) {
    const other = keys.get(f.key);
    if (other) errors.push({ resource: f.resource, elementId: f.key, message: `${f.resource}: form "${f.key}" is also in ${other}` });
    keys.set(f.key, f.resource ?? '');
  }
  if (errors.length) throw validationFailed(errors, 'The deployment cannot be deployed');
  return bundle;
}

/**
 * Embedded forms (zeebe:userTaskForm, referenced as `camunda-forms:bpmn:<id>`) of one compiled
 * process become Lotse forms keyed `<process id>.<id>`; the elements are relinked to that key, so
 * tasks, start forms and bindings use it like any linked form. Mutates the compiled process.
 */
export function importEmbeddedForms(p: CompiledProcess, resource: string | undefined, errors: ModelError[], warnings: ModelError[]): BundledForm[] {
  const bodies = p.embeddedForms ?? {};
  delete p.embeddedForms;
  const imported = new Map<string, BundledForm>();
  const fail: FieldError[] = [];
  const relink = (elementId: string, ref: string | undefined, set: (key: string) => void, customKey: boolean) => {
    if (!ref) return;
    if (!ref.startsWith(EMBEDDED_PREFIX)) {
      if (customKey) warnings.push({ elementId, message: `form key "${ref}" is neither an embedded Camunda form nor a formId: Lotse shows no form for it` });
      return;
    }
    const id = ref.slice(EMBEDDED_PREFIX.length);
    const body = bodies[id];
    if (body === undefined) {
      errors.push({ elementId, message: `embedded form "${id}" is not in the process (zeebe:userTaskForm)` });
      return;
    }
    let form = imported.get(id);
    if (!form) {
      const json = parseJson(body, `zeebe:userTaskForm ${id}`, fail);
      if (!json) {
        errors.push({ elementId, message: `embedded form "${id}" is not a JSON object` });
        return;
      }
      const converted = importCamundaForm(json);
      const key = formKeyOf(`${p.id}.${id}`);
      form = { key, title: { en: `${p.name ?? p.id}: ${id}` }, definition: converted.definition as FormDefinition, resource, processId: p.id };
      imported.set(id, form);
      for (const u of converted.unsupported.slice(0, 20)) warnings.push({ elementId, message: `embedded form "${id}" ${u.path}: ${u.message}` });
    }
    set(form.key);
  };
  for (const el of Object.values(p.elements)) {
    if (el.type === 'startEvent' && el.formId) relink(el.id, el.formId, (key) => (el.formId = key), false);
    if (el.type === 'userTask' && el.userTask?.formKey && !el.userTask.formId) {
      const u = el.userTask;
      relink(el.id, u.formKey, (key) => {
        u.formId = key;
        delete u.formKey;
      }, true);
    }
  }
  return [...imported.values()];
}
