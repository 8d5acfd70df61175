/** "New form" from a user task: an empty form of the process's department, named after the task. */
import { ApiError } from '../../api/client';
import { formsApi } from '../../api/forms';
import { keyFromName } from '../processTemplates';

export interface NewTaskForm {
  key: string;
  title: string;
}

/** Form keys are global; the server answers 422 on /key when one is taken. */
function keyTaken(error: unknown): boolean {
  return error instanceof ApiError && error.status === 422 && error.errors.some((e) => e.path === '/key');
}

/** A form key from the process and task names, e.g. "urlaubsantrag-antrag-pruefen". */
export function formKeyFor(processId: string, taskName: string): string {
  const key = keyFromName(`${processId} ${taskName}`).replace(/^process-/, '');
  return key || 'form';
}

/**
 * Creates version 1 of an empty form (the designer adds the fields) and returns its key: the
 * derived key, or key-2, key-3, … when that one is already used.
 */
export async function createTaskForm(input: { departmentId: string; processId: string; taskName: string; locale: string }): Promise<NewTaskForm> {
  const base = formKeyFor(input.processId, input.taskName);
  const title = input.taskName.trim() || base;
  for (let attempt = 1; attempt <= 20; attempt++) {
    const key = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      const created = await formsApi.create({
        key,
        departmentId: input.departmentId,
        title: { [input.locale === 'en' ? 'en' : 'de']: title },
        definition: { schema: { type: 'object', properties: {} }, ui: { fields: [] } },
      });
      return { key: created.key, title };
    } catch (error) {
      if (!keyTaken(error)) throw error;
    }
  }
  throw new ApiError(422, `no free form key for "${base}"`);
}
