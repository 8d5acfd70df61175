/** How close a deadline is; the rule is shared with the server's task filters (server/process/task-rules.ts). */
export { dueState, type DueState } from '../../common/task-rules';
import type { DueState } from '../../common/task-rules';

/** The SLA state names of the server mapped onto the badge states. */
export function slaDueState(state: 'on_time' | 'at_risk' | 'breached'): DueState {
  return state === 'breached' ? 'overdue' : state;
}
