import { isAdmin, ownedDepartments, type Principal } from '../auth/principal';

/**
 * Who sees which request: the requester their own; agents those with a task for their groups or
 * for them; process owners their departments'; admins all. Returned as a SQL condition on the
 * process_instances alias `p` with its parameters, so lists and single reads share one rule.
 */
export function instanceVisibility(p: Principal, firstParam: number): { sql: string; params: unknown[] } {
  if (isAdmin(p)) return { sql: 'TRUE', params: [] };
  const n = firstParam;
  return {
    sql: `(p.started_by = $${n} OR p.department_id = ANY($${n + 1}::uuid[]) OR EXISTS (
            SELECT 1 FROM tasks t WHERE t.instance_id = p.id
              AND (t.candidate_groups && $${n + 2}::text[] OR t.assignee = $${n + 3} OR $${n + 3} = ANY(t.candidate_users))))`,
    params: [p.id, ownedDepartments(p) ?? [], p.groups.map((g) => g.key), p.email.toLowerCase()],
  };
}

/** The same rule for tasks (alias `t`, joined instance alias `p`): an agent's queues, the assignee, the owners. */
export function taskVisibility(p: Principal, firstParam: number): { sql: string; params: unknown[] } {
  if (isAdmin(p)) return { sql: 'TRUE', params: [] };
  const n = firstParam;
  const owned = ownedDepartments(p) ?? [];
  // Without departments of their own (agents), the rule needs no request row, so task lists can skip the join.
  return {
    sql: `(t.candidate_groups && $${n}::text[] OR t.assignee = $${n + 1} OR $${n + 1} = ANY(t.candidate_users)${owned.length ? ` OR p.department_id = ANY($${n + 2}::uuid[])` : ''})`,
    params: [p.groups.map((g) => g.key), p.email.toLowerCase(), ...(owned.length ? [owned] : [])],
  };
}

/** May this user act on the task as a candidate (claim, complete)? Owners and admins always may. */
export function isCandidate(p: Principal, task: { candidate_groups: string[]; candidate_users: string[]; assignee: string | null; department_id: string | null }) {
  if (isAdmin(p)) return true;
  const email = p.email.toLowerCase();
  if (task.assignee === email) return true;
  if (task.candidate_users.includes(email)) return true;
  if (task.candidate_groups.some((g) => p.groups.some((mine) => mine.key === g))) return true;
  return !!task.department_id && (ownedDepartments(p) ?? []).includes(task.department_id);
}
