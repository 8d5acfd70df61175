/**
 * The task rules the server enforces (issue #14) in the reader's language: four-eyes on approvals,
 * and a task another person holds. null when the failure is something else.
 */
import { ApiError } from '../api/client';
import { FOUR_EYES } from '../../common/task-rules';

export function taskRuleError(failure: unknown, t: (key: string) => string): string | null {
  if (!(failure instanceof ApiError)) return null;
  if (failure.code === FOUR_EYES) return t('taskRules.fourEyes');
  if (failure.code === 'task_held') return t('taskRules.taskHeld');
  return null;
}
