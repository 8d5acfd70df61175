-- Insights: roll-ups of the append-only history, kept current by a statement-level trigger, so
-- that every dashboard reads a few thousand pre-aggregated rows instead of scanning millions of
-- events. One AFTER INSERT trigger covers every writer (engine flush, task changes, comments,
-- ratings, SLA clocks). Days are UTC dates of the event that closes the measured interval.
-- Also: imported event logs (as-is analysis) and read-only views for BI tools.

-- Requests per process version and day.
CREATE TABLE insights_daily (
  definition_id uuid NOT NULL,
  day date NOT NULL,
  started integer NOT NULL DEFAULT 0,
  completed integer NOT NULL DEFAULT 0,
  terminated integer NOT NULL DEFAULT 0,
  -- seconds from process_started to process_completed, calendar and business time
  cycle_sum double precision NOT NULL DEFAULT 0,
  business_sum double precision NOT NULL DEFAULT 0,
  reopened integer NOT NULL DEFAULT 0,
  escalations integer NOT NULL DEFAULT 0,
  rated integer NOT NULL DEFAULT 0,
  score_sum integer NOT NULL DEFAULT 0,
  score_1 integer NOT NULL DEFAULT 0,
  score_2 integer NOT NULL DEFAULT 0,
  score_3 integer NOT NULL DEFAULT 0,
  score_4 integer NOT NULL DEFAULT 0,
  score_5 integer NOT NULL DEFAULT 0,
  PRIMARY KEY (definition_id, day)
);

-- Cycle-time histogram on logarithmic buckets (width 15 %): medians and p90 over any period
-- are read from the summed counts. kind 0 = calendar time, 1 = business time.
CREATE TABLE insights_cycle_hist (
  definition_id uuid NOT NULL,
  day date NOT NULL,
  kind smallint NOT NULL,
  bucket smallint NOT NULL,
  cases integer NOT NULL,
  PRIMARY KEY (definition_id, day, kind, bucket)
);

-- The same per calendar month, so that long periods read months instead of days.
CREATE TABLE insights_cycle_hist_monthly (
  definition_id uuid NOT NULL,
  month date NOT NULL,
  kind smallint NOT NULL,
  bucket smallint NOT NULL,
  cases integer NOT NULL,
  PRIMARY KEY (definition_id, month, kind, bucket)
);

-- Per element: frequency, duration, and for user tasks waiting (created → first claim) and
-- processing (last claim → completed).
CREATE TABLE insights_steps (
  definition_id uuid NOT NULL,
  day date NOT NULL,
  element_id text NOT NULL,
  element_type text,
  started integer NOT NULL DEFAULT 0,
  completed integer NOT NULL DEFAULT 0,
  cancelled integer NOT NULL DEFAULT 0,
  duration_sum double precision NOT NULL DEFAULT 0,
  tasks integer NOT NULL DEFAULT 0,
  waiting_sum double precision NOT NULL DEFAULT 0,
  processing_sum double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (definition_id, day, element_id)
);

-- SLA outcomes (issue #7's sla_met / sla_breached); element_id '' for the whole request.
CREATE TABLE insights_sla (
  definition_id uuid NOT NULL,
  day date NOT NULL,
  target text NOT NULL,
  element_id text NOT NULL,
  met integer NOT NULL DEFAULT 0,
  breached integer NOT NULL DEFAULT 0,
  PRIMARY KEY (definition_id, day, target, element_id)
);

CREATE TABLE insights_escalations (
  definition_id uuid NOT NULL,
  day date NOT NULL,
  element_id text NOT NULL,
  action text NOT NULL,
  count integer NOT NULL DEFAULT 0,
  PRIMARY KEY (definition_id, day, element_id, action)
);

-- Path variants: the sequence of completed activities of a request.
CREATE TABLE insights_variant_paths (
  variant text PRIMARY KEY,
  process_key text NOT NULL,
  activities text[] NOT NULL
);
CREATE TABLE insights_variants (
  definition_id uuid NOT NULL,
  day date NOT NULL,
  variant text NOT NULL,
  cases integer NOT NULL DEFAULT 0,
  cycle_sum double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (definition_id, day, variant)
);

-- Requests in progress (work in progress, backlog age).
CREATE TABLE insights_open (
  instance_id uuid PRIMARY KEY,
  definition_id uuid NOT NULL,
  started_at timestamptz NOT NULL
);
CREATE INDEX insights_open_definition ON insights_open (definition_id, started_at);

-- The cycle-time bucket of a duration in seconds: 0 below one second, then 15 % wide (coarse
-- enough that two years of ten processes stay a few ten thousand rows).
CREATE FUNCTION insights_bucket(seconds double precision) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN seconds < 1 THEN 0 ELSE least(1 + floor(ln(seconds) / ln(1.15)), 32000) END::smallint
$$;

-- Working seconds from a fixed Monday to t under the default calendar (Mon–Fri 08:00–17:00,
-- Europe/Berlin, no holidays); business time of an interval is the difference of two values.
CREATE FUNCTION insights_work_clock(t timestamptz) RETURNS double precision
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT (d / 7) * 5 * 32400.0 + least(d % 7, 5) * 32400.0
         + CASE WHEN d % 7 < 5 THEN greatest(0, least(s, 61200) - 28800) ELSE 0 END
  FROM (SELECT (lt::date - date '1970-01-05') AS d, extract(epoch FROM lt::time)::double precision AS s
        FROM (SELECT t AT TIME ZONE 'Europe/Berlin' AS lt) a) b
$$;

CREATE FUNCTION insights_day(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (t AT TIME ZONE 'UTC')::date $$;

-- Folds a batch of new history rows into the roll-ups. Pairs (element started → completed,
-- task created → claimed → completed, process started → completed) are looked up in history,
-- which already holds the batch (AFTER trigger), so a pair may span transactions.
CREATE FUNCTION insights_apply(batch history[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  activity_types constant text[] := ARRAY['task', 'userTask', 'serviceTask', 'scriptTask', 'businessRuleTask',
    'sendTask', 'receiveTask', 'manualTask', 'subProcess', 'callActivity'];
BEGIN
  -- Requests started, terminated, reopened, escalated, rated.
  INSERT INTO insights_daily AS t (definition_id, day, started, terminated, reopened, escalations, rated, score_sum,
    score_1, score_2, score_3, score_4, score_5)
  SELECT b.definition_id, insights_day(b.time),
    count(*) FILTER (WHERE b.kind = 'process_started'),
    count(*) FILTER (WHERE b.kind = 'process_terminated'),
    count(*) FILTER (WHERE b.kind = 'reopened'),
    count(*) FILTER (WHERE b.kind = 'sla_escalated'),
    count(*) FILTER (WHERE b.kind = 'satisfaction' AND sc BETWEEN 1 AND 5),
    coalesce(sum(sc) FILTER (WHERE b.kind = 'satisfaction' AND sc BETWEEN 1 AND 5), 0),
    count(*) FILTER (WHERE b.kind = 'satisfaction' AND sc = 1),
    count(*) FILTER (WHERE b.kind = 'satisfaction' AND sc = 2),
    count(*) FILTER (WHERE b.kind = 'satisfaction' AND sc = 3),
    count(*) FILTER (WHERE b.kind = 'satisfaction' AND sc = 4),
    count(*) FILTER (WHERE b.kind = 'satisfaction' AND sc = 5)
  FROM (SELECT u.*, CASE WHEN u.kind = 'satisfaction' AND jsonb_typeof(u.data -> 'score') = 'number'
                         THEN (u.data ->> 'score')::numeric::int END AS sc
        FROM unnest(batch) u
        WHERE u.kind IN ('process_started', 'process_terminated', 'reopened', 'sla_escalated', 'satisfaction')) b
  GROUP BY 1, 2
  ON CONFLICT (definition_id, day) DO UPDATE SET
    started = t.started + EXCLUDED.started, terminated = t.terminated + EXCLUDED.terminated,
    reopened = t.reopened + EXCLUDED.reopened, escalations = t.escalations + EXCLUDED.escalations,
    rated = t.rated + EXCLUDED.rated, score_sum = t.score_sum + EXCLUDED.score_sum,
    score_1 = t.score_1 + EXCLUDED.score_1, score_2 = t.score_2 + EXCLUDED.score_2, score_3 = t.score_3 + EXCLUDED.score_3,
    score_4 = t.score_4 + EXCLUDED.score_4, score_5 = t.score_5 + EXCLUDED.score_5;

  INSERT INTO insights_open (instance_id, definition_id, started_at)
  SELECT instance_id, definition_id, time FROM unnest(batch) WHERE kind IN ('process_started', 'reopened')
  ON CONFLICT (instance_id) DO NOTHING;

  -- Completed requests: cycle time, histogram, variant (one statement, no temporary table).
  WITH done AS (
    SELECT c.definition_id, c.process_key, insights_day(c.time) AS day,
      extract(epoch FROM c.time - s.time)::double precision AS cycle,
      insights_work_clock(c.time) - insights_work_clock(s.time) AS business,
      md5(c.process_key || ':' || array_to_string(coalesce(a.activities, '{}'), chr(31))) AS variant,
      coalesce(a.activities, '{}') AS activities
    FROM unnest(batch) c
    CROSS JOIN LATERAL (SELECT min(h.time) AS time FROM history h
                        WHERE h.instance_id = c.instance_id AND h.kind = 'process_started') s
    CROSS JOIN LATERAL (SELECT array_agg(h.element_id ORDER BY h.id) AS activities FROM history h
                        WHERE h.instance_id = c.instance_id AND h.kind = 'element_completed' AND h.element_type = ANY (activity_types)
                          AND coalesce(h.data ->> 'multiInstance', '') <> 'body') a
    WHERE c.kind = 'process_completed' AND s.time IS NOT NULL
  ), daily AS (
    INSERT INTO insights_daily AS t (definition_id, day, completed, cycle_sum, business_sum)
    SELECT definition_id, day, count(*), sum(cycle), sum(business) FROM done GROUP BY 1, 2
    ON CONFLICT (definition_id, day) DO UPDATE SET completed = t.completed + EXCLUDED.completed,
      cycle_sum = t.cycle_sum + EXCLUDED.cycle_sum, business_sum = t.business_sum + EXCLUDED.business_sum
  ), hist AS (
    INSERT INTO insights_cycle_hist AS t (definition_id, day, kind, bucket, cases)
    SELECT definition_id, day, k, insights_bucket(CASE WHEN k = 0 THEN cycle ELSE business END), count(*)
    FROM done CROSS JOIN (VALUES (0::smallint), (1::smallint)) v(k) GROUP BY 1, 2, 3, 4
    ON CONFLICT (definition_id, day, kind, bucket) DO UPDATE SET cases = t.cases + EXCLUDED.cases
  ), hist_month AS (
    INSERT INTO insights_cycle_hist_monthly AS t (definition_id, month, kind, bucket, cases)
    SELECT definition_id, date_trunc('month', day)::date, k, insights_bucket(CASE WHEN k = 0 THEN cycle ELSE business END), count(*)
    FROM done CROSS JOIN (VALUES (0::smallint), (1::smallint)) v(k) GROUP BY 1, 2, 3, 4
    ON CONFLICT (definition_id, month, kind, bucket) DO UPDATE SET cases = t.cases + EXCLUDED.cases
  ), paths AS (
    INSERT INTO insights_variant_paths (variant, process_key, activities)
    SELECT DISTINCT ON (variant) variant, process_key, activities FROM done
    ON CONFLICT (variant) DO NOTHING
  )
  INSERT INTO insights_variants AS t (definition_id, day, variant, cases, cycle_sum)
  SELECT definition_id, day, variant, count(*), sum(cycle) FROM done GROUP BY 1, 2, 3
  ON CONFLICT (definition_id, day, variant) DO UPDATE SET cases = t.cases + EXCLUDED.cases, cycle_sum = t.cycle_sum + EXCLUDED.cycle_sum;

  DELETE FROM insights_open o USING unnest(batch) b
  WHERE o.instance_id = b.instance_id AND b.kind IN ('process_completed', 'process_terminated');

  -- Elements: frequency and duration (paired with their element_started by element instance).
  INSERT INTO insights_steps AS t (definition_id, day, element_id, element_type, started, completed, cancelled, duration_sum)
  SELECT b.definition_id, insights_day(b.time), b.element_id, max(b.element_type),
    count(*) FILTER (WHERE b.kind = 'element_started'),
    count(*) FILTER (WHERE b.kind = 'element_completed'),
    count(*) FILTER (WHERE b.kind = 'element_cancelled'),
    coalesce(sum(extract(epoch FROM b.time - st.time)) FILTER (WHERE b.kind = 'element_completed'), 0)
  FROM unnest(batch) b
  LEFT JOIN LATERAL (SELECT h.time FROM history h
                     WHERE b.kind = 'element_completed' AND h.instance_id = b.instance_id AND h.kind = 'element_started'
                       AND h.element_instance_id = b.element_instance_id ORDER BY h.id LIMIT 1) st ON true
  WHERE b.kind IN ('element_started', 'element_completed', 'element_cancelled') AND b.element_id IS NOT NULL
    AND coalesce(b.data ->> 'multiInstance', '') <> 'body'
  GROUP BY 1, 2, 3
  ON CONFLICT (definition_id, day, element_id) DO UPDATE SET started = t.started + EXCLUDED.started,
    completed = t.completed + EXCLUDED.completed, cancelled = t.cancelled + EXCLUDED.cancelled,
    duration_sum = t.duration_sum + EXCLUDED.duration_sum, element_type = coalesce(t.element_type, EXCLUDED.element_type);

  -- User tasks: waiting until the first claim, processing from the last claim (or, unclaimed, none).
  INSERT INTO insights_steps AS t (definition_id, day, element_id, element_type, tasks, waiting_sum, processing_sum)
  SELECT b.definition_id, insights_day(b.time), b.element_id, 'userTask', count(*),
    sum(extract(epoch FROM coalesce(p.first_claim, b.time) - p.created)),
    sum(extract(epoch FROM b.time - coalesce(p.last_claim, b.time)))
  FROM unnest(batch) b
  CROSS JOIN LATERAL (SELECT min(h.time) FILTER (WHERE h.kind = 'task_created') AS created,
                             min(h.time) FILTER (WHERE h.kind = 'task_claimed') AS first_claim,
                             max(h.time) FILTER (WHERE h.kind = 'task_claimed') AS last_claim
                      FROM history h
                      WHERE h.instance_id = b.instance_id AND h.kind IN ('task_created', 'task_claimed')
                        AND h.data ->> 'taskId' = b.data ->> 'taskId') p
  WHERE b.kind = 'task_completed' AND b.element_id IS NOT NULL AND p.created IS NOT NULL
  GROUP BY 1, 2, 3
  ON CONFLICT (definition_id, day, element_id) DO UPDATE SET tasks = t.tasks + EXCLUDED.tasks,
    waiting_sum = t.waiting_sum + EXCLUDED.waiting_sum, processing_sum = t.processing_sum + EXCLUDED.processing_sum;

  -- SLA outcomes and escalation steps.
  INSERT INTO insights_sla AS t (definition_id, day, target, element_id, met, breached)
  SELECT definition_id, insights_day(time), coalesce(data ->> 'target', 'resolution'),
    coalesce(data ->> 'elementId', CASE WHEN data ->> 'target' = 'step' THEN element_id END, ''),
    count(*) FILTER (WHERE kind = 'sla_met'), count(*) FILTER (WHERE kind = 'sla_breached')
  FROM unnest(batch) WHERE kind IN ('sla_met', 'sla_breached')
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (definition_id, day, target, element_id) DO UPDATE SET met = t.met + EXCLUDED.met, breached = t.breached + EXCLUDED.breached;

  INSERT INTO insights_escalations AS t (definition_id, day, element_id, action, count)
  SELECT definition_id, insights_day(time), coalesce(data ->> 'elementId', element_id, ''), coalesce(data ->> 'action', 'notify'), count(*)
  FROM unnest(batch) WHERE kind = 'sla_escalated'
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (definition_id, day, element_id, action) DO UPDATE SET count = t.count + EXCLUDED.count;
END $$;

CREATE FUNCTION insights_roll_up() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  batch history[];
BEGIN
  SELECT array_agg(n) INTO batch FROM new_rows n
  WHERE n.kind NOT IN ('variables_changed', 'comment_added', 'task_created', 'task_claimed', 'task_unclaimed',
                       'task_assigned', 'incident', 'incident_resolved', 'error_thrown', 'escalation_thrown', 'priority_changed');
  IF batch IS NOT NULL THEN
    PERFORM insights_apply(batch);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER history_insights AFTER INSERT ON history
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_roll_up();

-- History written before this migration.
DO $$
DECLARE
  lo bigint := 0;
  hi bigint;
  batch history[];
BEGIN
  SELECT max(id) INTO hi FROM history;
  WHILE lo < coalesce(hi, 0) LOOP
    SELECT array_agg(h ORDER BY h.id) INTO batch FROM history h WHERE h.id > lo AND h.id <= lo + 50000;
    IF batch IS NOT NULL THEN PERFORM insights_apply(batch); END IF;
    lo := lo + 50000;
  END LOOP;
END $$;

-- Imported event logs (as-is analysis), kept apart from Lotse's own history.
CREATE TABLE insights_datasets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  department_id uuid REFERENCES departments (id) ON DELETE CASCADE,
  source text NOT NULL,
  mapping jsonb NOT NULL,
  cases integer NOT NULL,
  events integer NOT NULL,
  activities integer NOT NULL,
  first_event timestamptz,
  last_event timestamptz,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE insights_dataset_events (
  dataset_id uuid NOT NULL REFERENCES insights_datasets (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  case_id text NOT NULL,
  activity text NOT NULL,
  time timestamptz NOT NULL,
  resource text,
  attributes jsonb,
  PRIMARY KEY (dataset_id, seq)
);

-- Read-only views for BI tools (documented in docs/kpis.md).
CREATE VIEW insights_requests AS
  SELECT p.id AS instance_id, p.process_key, d.version, d.name AS process_name, dep.key AS department, p.status,
    p.started_at, p.ended_at, extract(epoch FROM p.ended_at - p.started_at) AS cycle_seconds
  FROM process_instances p JOIN definitions d ON d.id = p.definition_id LEFT JOIN departments dep ON dep.id = p.department_id;

CREATE VIEW insights_events AS
  SELECT h.id, h.instance_id, h.process_key, d.version, dep.key AS department, h.element_id, h.element_type,
    h.element_instance_id, h.kind, h.time, h.actor, h.data
  FROM history h JOIN definitions d ON d.id = h.definition_id LEFT JOIN departments dep ON dep.id = d.department_id;

CREATE VIEW insights_daily_requests AS
  SELECT r.day, d.key AS process_key, d.version, dep.key AS department, r.started, r.completed, r.terminated,
    CASE WHEN r.completed > 0 THEN r.cycle_sum / r.completed END AS mean_cycle_seconds,
    CASE WHEN r.completed > 0 THEN r.business_sum / r.completed END AS mean_business_seconds,
    r.reopened, r.escalations, r.rated, CASE WHEN r.rated > 0 THEN r.score_sum::double precision / r.rated END AS mean_score
  FROM insights_daily r JOIN definitions d ON d.id = r.definition_id LEFT JOIN departments dep ON dep.id = d.department_id;

CREATE VIEW insights_daily_steps AS
  SELECT s.day, d.key AS process_key, d.version, dep.key AS department, s.element_id, s.element_type, s.started, s.completed,
    s.cancelled, CASE WHEN s.completed > 0 THEN s.duration_sum / s.completed END AS mean_duration_seconds,
    s.tasks, CASE WHEN s.tasks > 0 THEN s.waiting_sum / s.tasks END AS mean_waiting_seconds,
    CASE WHEN s.tasks > 0 THEN s.processing_sum / s.tasks END AS mean_processing_seconds
  FROM insights_steps s JOIN definitions d ON d.id = s.definition_id LEFT JOIN departments dep ON dep.id = d.department_id;
