import { checkFormData, compileForm, type CheckResult } from '../../../common/forms/validation';
import type { FormDefinition } from '../../../common/forms/types';

/**
 * The browser-side check of a form: the very compile and check the server runs (server/forms),
 * so what the renderer accepts the server accepts. One ajv compile per definition object.
 */
export function createFormValidator(definition: FormDefinition) {
  const compiled = compileForm(definition);
  return (data: unknown, context: Record<string, unknown> = {}, now = new Date()): CheckResult => checkFormData(compiled, data, { context, now });
}

export type FormValidator = ReturnType<typeof createFormValidator>;
