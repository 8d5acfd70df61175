/** How close a deadline is; the rule is shared with the server's task filters (server/process/task-rules.ts). */
export { dueState, type DueState } from '../../common/task-rules';
