/** The variable limits of common/limits.ts as HTTP answers: 422 naming the variable. */
import { validationFailed } from '../../errors';
import { jsonSize, MAX_INSTANCE_VARIABLE_BYTES, variableSizeErrors } from '../../../common/limits';

/** 422 when a request's variables are too large (per variable, and in total). */
export function assertVariableSizes(variables: Record<string, unknown> | undefined, path = '/variables'): void {
  const errors = variableSizeErrors(variables, path);
  if (errors.length) throw validationFailed(errors, errors[0].message);
}

/** 422 when the variables of an instance would grow beyond the instance limit with this request. */
export function assertInstanceVariables(variables: Record<string, unknown>, path = '/variables'): void {
  const size = jsonSize(variables, MAX_INSTANCE_VARIABLE_BYTES);
  if (size > MAX_INSTANCE_VARIABLE_BYTES) {
    const message = `the variables of the instance would be larger than ${MAX_INSTANCE_VARIABLE_BYTES / 1024 / 1024} MB in total`;
    throw validationFailed([{ path, message }], message);
  }
}
