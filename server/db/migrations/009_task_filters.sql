-- Server-side filters and sorts of the task list (GET /api/tasks).

-- The deadline rule of server/process/task-rules.ts (atRiskFrom): a deadline is at risk once less
-- than 4 hours or less than a quarter of the time between the task's creation and the deadline is
-- left. Seconds, not calendar intervals, so the result does not depend on the session time zone;
-- that makes the IMMUTABLE label true and the function usable in an index.
CREATE FUNCTION task_at_risk_from(due timestamptz, created timestamptz) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT due - make_interval(secs => GREATEST(14400, 0.25 * EXTRACT(EPOCH FROM (due - created)))::double precision) $$;

-- The priority a task is listed by (taskPriority in task-rules.ts): the request's priority, else the
-- band of the task's 0–100 priority; 1 = low … 4 = critical.
CREATE FUNCTION task_priority_rank(request_priority text, priority integer) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE coalesce(request_priority, CASE WHEN priority >= 85 THEN 'critical' WHEN priority >= 65 THEN 'high'
                                                     WHEN priority >= 40 THEN 'medium' ELSE 'low' END)
                 WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END $$;

-- Open tasks by deadline (sort=due, due=overdue|none) and by the moment they become at risk
-- (due=at_risk|on_time); created_at and id make the order total, so pages do not overlap.
CREATE INDEX tasks_open_due ON tasks (due_at, created_at, id) WHERE status = 'open';
CREATE INDEX tasks_open_at_risk ON tasks (task_at_risk_from(due_at, created_at)) WHERE status = 'open' AND due_at IS NOT NULL;
