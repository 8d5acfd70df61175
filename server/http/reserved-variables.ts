import { validationFailed } from '../errors';
import { reservedVariableErrors } from '../../common/task-rules';

/** 422 naming `/variables/<name>` when input from outside tries to set a variable Lotse sets itself (task-rules.ts). */
export function refuseReserved(variables: Record<string, unknown> | null | undefined): void {
  const reserved = reservedVariableErrors(variables);
  if (reserved.length) throw validationFailed(reserved, 'These variables are set by Lotse and cannot be submitted');
}
