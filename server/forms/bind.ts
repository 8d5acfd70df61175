/**
 * What the engine calls: deploy binds `zeebe:formDefinition formId` references to stored form
 * versions; process start and task completion validate the submitted variables against the bound
 * version (compiled once per version and cached; versions never change once stored).
 */
import type { Queryable } from '../db/types';
import { HttpError } from '../errors';
import { getForm } from './store';
import type { FormError } from '../../common/forms/types';
import { checkFormData, compileForm, type CompiledForm } from '../../common/forms/validation';

export interface FormRef {
  elementId: string;
  formId: string;
  /** Pinned version; without it deploy binds the latest. */
  version?: number;
}

export interface FormBinding {
  formKey: string;
  version: number;
  id: string;
}

/**
 * Resolves form references at deploy time. Bindings are keyed by formId (latest) or `formId@version`
 * (pinned). A form of another department cannot be bound (shared forms, department NULL, can).
 */
export async function bindForms(q: Queryable, refs: FormRef[], departmentId: string | null) {
  const errors: { elementId: string; message: string }[] = [];
  const bindings: Record<string, FormBinding> = {};
  const keys = [...new Set(refs.map((r) => r.formId))];
  const rows = keys.length
    ? (await q.query<{ id: string; key: string; version: number; department_id: string | null }>(
        'SELECT id, key, version, department_id FROM forms WHERE key = ANY($1::text[]) ORDER BY key, version',
        [keys],
      )).rows
    : [];
  for (const ref of refs) {
    const versions = rows.filter((r) => r.key === ref.formId);
    const row = ref.version === undefined ? versions[versions.length - 1] : versions.find((r) => r.version === ref.version);
    if (!row) {
      errors.push({ elementId: ref.elementId, message: versions.length ? `form "${ref.formId}" has no version ${ref.version}` : `unknown form "${ref.formId}" (zeebe:formDefinition formId)` });
      continue;
    }
    if (departmentId && row.department_id && row.department_id !== departmentId) {
      errors.push({ elementId: ref.elementId, message: `form "${ref.formId}" belongs to another department` });
      continue;
    }
    bindings[ref.version === undefined ? ref.formId : `${ref.formId}@${ref.version}`] = { formKey: row.key, version: row.version, id: row.id };
  }
  return { errors, bindings };
}

const MAX_CACHED = 500;
const compiled = new Map<string, CompiledForm>();

/** The compiled validator of one form version (Map order gives a simple LRU). */
export async function compiledForm(q: Queryable, formKey: string, version: number): Promise<CompiledForm> {
  const id = `${formKey}@${version}`;
  const hit = compiled.get(id);
  if (hit) {
    compiled.delete(id);
    compiled.set(id, hit);
    return hit;
  }
  const form = compileForm((await getForm(q, formKey, version)).definition);
  compiled.set(id, form);
  if (compiled.size > MAX_CACHED) compiled.delete(compiled.keys().next().value!);
  return form;
}

/**
 * Validates submitted variables against a bound form version. Unknown keys are refused, values of
 * hidden fields and empty values are dropped (docs/forms.md); `data` is what may be stored.
 */
export async function validateSubmission(
  q: Queryable,
  binding: { formKey: string; version: number },
  data: unknown,
  options: { context?: Record<string, unknown>; now?: Date } = {},
): Promise<{ ok: true; data: Record<string, unknown> } | { ok: false; errors: FormError[] }> {
  const form = await compiledForm(q, binding.formKey, binding.version);
  const r = checkFormData(form, data, options);
  return r.ok ? { ok: true, data: r.data } : { ok: false, errors: r.errors };
}

/** The 422 a route answers for a refused submission. */
export const submissionRefused = (errors: FormError[]) => new HttpError(422, 'validation', 'The form data is not valid', errors);
