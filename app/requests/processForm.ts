import { ApiError } from '../api/client';
import { formsApi } from '../api/forms';
import { valuesForFields } from '../../common/forms/paths';
import type { FormDefinition, FormError } from '../../common/forms/types';

/**
 * The version of a start or task form the process is bound to (the server checks the submission
 * against exactly that one), the latest when no version is bound; a missing form (404) means the
 * step needs no input.
 */
export async function loadProcessForm(formKey: string | null | undefined, version?: number | null): Promise<FormDefinition | null> {
  if (!formKey) return null;
  try {
    return (await formsApi.get(formKey, version ?? undefined)).definition;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Field errors of a 422 for the renderer (it shows them at the fields and in its summary). */
export function serverFormErrors(error: unknown): FormError[] {
  return error instanceof ApiError && error.status === 422 ? error.errors.map((e) => ({ path: e.path, message: e.message, keyword: e.keyword, params: e.params })) : [];
}

/** Starting data of a task form: the request's values of the form's own fields, then the saved draft. */
export function taskFormData(definition: FormDefinition, variables: Record<string, unknown>, draft: Record<string, unknown> | undefined): Record<string, unknown> {
  // Dotted keys (Camunda's `a.b.c`) read and write nested objects, as the process holds them.
  const data = valuesForFields(definition.ui.fields, variables);
  return { ...data, ...(draft ? structuredClone(draft) : {}) };
}
