-- Insights by channel (issue #21 point 5): every roll-up of 006_insights.sql carries the channel
-- a request came through (portal, mail), so every KPI can be filtered and compared by it.
--
-- The channel is set when the request's row is inserted, never by a later UPDATE: the roll-up of
-- its first events runs in that very statement (AFTER STATEMENT trigger on history) and reads the
-- channel from process_instances. startRequest names a channel other than the default in a
-- transaction-local setting `lotse.channel_<instance id without hyphens>` before the engine writes
-- the row; the BEFORE INSERT trigger below takes it from there (the engine's set-based insert, one
-- statement for a whole group commit, stays untouched). A sub-process started by a call activity
-- inherits its parent's channel (a mail request's sub-processes are part of the mail request).

CREATE FUNCTION process_instance_channel() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  given text := nullif(current_setting('lotse.channel_' || replace(NEW.id::text, '-', ''), true), '');
BEGIN
  IF given IS NULL AND NEW.parent_id IS NOT NULL THEN
    given := coalesce(nullif(current_setting('lotse.channel_' || replace(NEW.parent_id::text, '-', ''), true), ''),
                      (SELECT p.channel FROM process_instances p WHERE p.id = NEW.parent_id));
    -- a grandchild inserted by the same statement (its parent not visible yet) finds it here
    IF given IS NOT NULL AND given <> 'portal' THEN
      PERFORM set_config('lotse.channel_' || replace(NEW.id::text, '-', ''), given, true);
    END IF;
  END IF;
  IF given IS NOT NULL THEN NEW.channel := given; END IF;
  RETURN NEW;
END $$;

-- The WHEN keeps the function off the common path (a portal request without a parent).
CREATE TRIGGER process_instances_channel BEFORE INSERT ON process_instances FOR EACH ROW
  WHEN (NEW.parent_id IS NOT NULL OR nullif(current_setting('lotse.channel_' || replace(NEW.id::text, '-', ''), true), '') IS NOT NULL)
  EXECUTE FUNCTION process_instance_channel();

-- The roll-ups get the channel as part of their keys (after the day: every query reads by process
-- version and period first).
ALTER TABLE insights_daily ADD COLUMN channel text NOT NULL DEFAULT 'portal';
ALTER TABLE insights_daily DROP CONSTRAINT insights_daily_pkey, ADD PRIMARY KEY (definition_id, day, channel);
ALTER TABLE insights_cycle_hist ADD COLUMN channel text NOT NULL DEFAULT 'portal';
ALTER TABLE insights_cycle_hist DROP CONSTRAINT insights_cycle_hist_pkey, ADD PRIMARY KEY (definition_id, day, channel, kind, bucket);
ALTER TABLE insights_cycle_hist_monthly ADD COLUMN channel text NOT NULL DEFAULT 'portal';
ALTER TABLE insights_cycle_hist_monthly DROP CONSTRAINT insights_cycle_hist_monthly_pkey, ADD PRIMARY KEY (definition_id, month, channel, kind, bucket);
ALTER TABLE insights_steps ADD COLUMN channel text NOT NULL DEFAULT 'portal';
ALTER TABLE insights_steps DROP CONSTRAINT insights_steps_pkey, ADD PRIMARY KEY (definition_id, day, channel, element_id);
ALTER TABLE insights_sla ADD COLUMN channel text NOT NULL DEFAULT 'portal';
ALTER TABLE insights_sla DROP CONSTRAINT insights_sla_pkey, ADD PRIMARY KEY (definition_id, day, channel, target, element_id);
ALTER TABLE insights_escalations ADD COLUMN channel text NOT NULL DEFAULT 'portal';
ALTER TABLE insights_escalations DROP CONSTRAINT insights_escalations_pkey, ADD PRIMARY KEY (definition_id, day, channel, element_id, action);
ALTER TABLE insights_variants ADD COLUMN channel text NOT NULL DEFAULT 'portal';
ALTER TABLE insights_variants DROP CONSTRAINT insights_variants_pkey, ADD PRIMARY KEY (definition_id, day, channel, variant);
ALTER TABLE insights_open ADD COLUMN channel text NOT NULL DEFAULT 'portal';

-- The channel of each request of a batch that did not come through the portal, as {id: channel}.
CREATE FUNCTION insights_channels(batch history[]) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_object_agg(p.id::text, p.channel), '{}'::jsonb) FROM process_instances p
  WHERE p.id IN (SELECT DISTINCT u.instance_id FROM unnest(batch) u) AND p.channel <> 'portal'
$$;

-- 006's insights_apply with the channel in every roll-up (same pairs, same sums).
CREATE OR REPLACE FUNCTION insights_apply(batch history[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  activity_types constant text[] := ARRAY['task', 'userTask', 'serviceTask', 'scriptTask', 'businessRuleTask',
    'sendTask', 'receiveTask', 'manualTask', 'subProcess', 'callActivity'];
  ch constant jsonb := insights_channels(batch);
BEGIN
  -- Requests started, terminated, reopened, escalated, rated.
  INSERT INTO insights_daily AS t (definition_id, day, channel, started, terminated, reopened, escalations, rated, score_sum,
    score_1, score_2, score_3, score_4, score_5)
  SELECT b.definition_id, insights_day(b.time), b.channel,
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
                         THEN (u.data ->> 'score')::numeric::int END AS sc,
               coalesce(ch ->> u.instance_id::text, 'portal') AS channel
        FROM unnest(batch) u
        WHERE u.kind IN ('process_started', 'process_terminated', 'reopened', 'sla_escalated', 'satisfaction')) b
  GROUP BY 1, 2, 3
  ON CONFLICT (definition_id, day, channel) DO UPDATE SET
    started = t.started + EXCLUDED.started, terminated = t.terminated + EXCLUDED.terminated,
    reopened = t.reopened + EXCLUDED.reopened, escalations = t.escalations + EXCLUDED.escalations,
    rated = t.rated + EXCLUDED.rated, score_sum = t.score_sum + EXCLUDED.score_sum,
    score_1 = t.score_1 + EXCLUDED.score_1, score_2 = t.score_2 + EXCLUDED.score_2, score_3 = t.score_3 + EXCLUDED.score_3,
    score_4 = t.score_4 + EXCLUDED.score_4, score_5 = t.score_5 + EXCLUDED.score_5;

  INSERT INTO insights_open (instance_id, definition_id, started_at, channel)
  SELECT instance_id, definition_id, time, coalesce(ch ->> instance_id::text, 'portal') FROM unnest(batch) WHERE kind IN ('process_started', 'reopened')
  ON CONFLICT (instance_id) DO NOTHING;

  -- Completed requests: cycle time, histogram, variant (one statement, no temporary table).
  WITH done AS (
    SELECT c.definition_id, c.process_key, insights_day(c.time) AS day, coalesce(ch ->> c.instance_id::text, 'portal') AS channel,
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
    INSERT INTO insights_daily AS t (definition_id, day, channel, completed, cycle_sum, business_sum)
    SELECT definition_id, day, channel, count(*), sum(cycle), sum(business) FROM done GROUP BY 1, 2, 3
    ON CONFLICT (definition_id, day, channel) DO UPDATE SET completed = t.completed + EXCLUDED.completed,
      cycle_sum = t.cycle_sum + EXCLUDED.cycle_sum, business_sum = t.business_sum + EXCLUDED.business_sum
  ), hist AS (
    INSERT INTO insights_cycle_hist AS t (definition_id, day, channel, kind, bucket, cases)
    SELECT definition_id, day, channel, k, insights_bucket(CASE WHEN k = 0 THEN cycle ELSE business END), count(*)
    FROM done CROSS JOIN (VALUES (0::smallint), (1::smallint)) v(k) GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (definition_id, day, channel, kind, bucket) DO UPDATE SET cases = t.cases + EXCLUDED.cases
  ), hist_month AS (
    INSERT INTO insights_cycle_hist_monthly AS t (definition_id, month, channel, kind, bucket, cases)
    SELECT definition_id, date_trunc('month', day)::date, channel, k, insights_bucket(CASE WHEN k = 0 THEN cycle ELSE business END), count(*)
    FROM done CROSS JOIN (VALUES (0::smallint), (1::smallint)) v(k) GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (definition_id, month, channel, kind, bucket) DO UPDATE SET cases = t.cases + EXCLUDED.cases
  ), paths AS (
    INSERT INTO insights_variant_paths (variant, process_key, activities)
    SELECT DISTINCT ON (variant) variant, process_key, activities FROM done
    ON CONFLICT (variant) DO NOTHING
  )
  INSERT INTO insights_variants AS t (definition_id, day, channel, variant, cases, cycle_sum)
  SELECT definition_id, day, channel, variant, count(*), sum(cycle) FROM done GROUP BY 1, 2, 3, 4
  ON CONFLICT (definition_id, day, channel, variant) DO UPDATE SET cases = t.cases + EXCLUDED.cases, cycle_sum = t.cycle_sum + EXCLUDED.cycle_sum;

  DELETE FROM insights_open o USING unnest(batch) b
  WHERE o.instance_id = b.instance_id AND b.kind IN ('process_completed', 'process_terminated');

  -- Elements: frequency and duration (paired with their element_started by element instance).
  INSERT INTO insights_steps AS t (definition_id, day, channel, element_id, element_type, started, completed, cancelled, duration_sum)
  SELECT b.definition_id, insights_day(b.time), coalesce(ch ->> b.instance_id::text, 'portal'), b.element_id, max(b.element_type),
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
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (definition_id, day, channel, element_id) DO UPDATE SET started = t.started + EXCLUDED.started,
    completed = t.completed + EXCLUDED.completed, cancelled = t.cancelled + EXCLUDED.cancelled,
    duration_sum = t.duration_sum + EXCLUDED.duration_sum, element_type = coalesce(t.element_type, EXCLUDED.element_type);

  -- User tasks: waiting until the first claim, processing from the last claim (or, unclaimed, none).
  INSERT INTO insights_steps AS t (definition_id, day, channel, element_id, element_type, tasks, waiting_sum, processing_sum)
  SELECT b.definition_id, insights_day(b.time), coalesce(ch ->> b.instance_id::text, 'portal'), b.element_id, 'userTask', count(*),
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
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (definition_id, day, channel, element_id) DO UPDATE SET tasks = t.tasks + EXCLUDED.tasks,
    waiting_sum = t.waiting_sum + EXCLUDED.waiting_sum, processing_sum = t.processing_sum + EXCLUDED.processing_sum;

  -- SLA outcomes and escalation steps.
  INSERT INTO insights_sla AS t (definition_id, day, channel, target, element_id, met, breached)
  SELECT definition_id, insights_day(time), coalesce(ch ->> instance_id::text, 'portal'), coalesce(data ->> 'target', 'resolution'),
    coalesce(data ->> 'elementId', CASE WHEN data ->> 'target' = 'step' THEN element_id END, ''),
    count(*) FILTER (WHERE kind = 'sla_met'), count(*) FILTER (WHERE kind = 'sla_breached')
  FROM unnest(batch) WHERE kind IN ('sla_met', 'sla_breached')
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (definition_id, day, channel, target, element_id) DO UPDATE SET met = t.met + EXCLUDED.met, breached = t.breached + EXCLUDED.breached;

  INSERT INTO insights_escalations AS t (definition_id, day, channel, element_id, action, count)
  SELECT definition_id, insights_day(time), coalesce(ch ->> instance_id::text, 'portal'), coalesce(data ->> 'elementId', element_id, ''),
    coalesce(data ->> 'action', 'notify'), count(*)
  FROM unnest(batch) WHERE kind = 'sla_escalated'
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (definition_id, day, channel, element_id, action) DO UPDATE SET count = t.count + EXCLUDED.count;
END $$;

-- 010's business-time correction, per channel.
CREATE OR REPLACE FUNCTION insights_business_time(batch history[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  ch constant jsonb := insights_channels(batch);
BEGIN
  WITH fix AS (
    SELECT b.definition_id, insights_day(c.time) AS day, coalesce(ch ->> b.instance_id::text, 'portal') AS channel,
      insights_work_clock(c.time) - insights_work_clock(s.time) AS was,
      (b.data ->> 'seconds')::double precision AS is_now
    FROM unnest(batch) b
    CROSS JOIN LATERAL (SELECT min(h.time) AS time FROM history h
                        WHERE h.instance_id = b.instance_id AND h.kind = 'process_started') s
    CROSS JOIN LATERAL (SELECT max(h.time) AS time FROM history h
                        WHERE h.instance_id = b.instance_id AND h.kind = 'process_completed') c
    WHERE b.kind = 'business_time' AND c.time IS NOT NULL AND s.time = (b.data ->> 'startedAt')::timestamptz
  ), daily AS (
    UPDATE insights_daily t SET business_sum = t.business_sum + f.delta
    FROM (SELECT definition_id, day, channel, sum(is_now - was) AS delta FROM fix GROUP BY 1, 2, 3) f
    WHERE t.definition_id = f.definition_id AND t.day = f.day AND t.channel = f.channel
  ), moves AS (
    SELECT definition_id, day, channel, bucket, sum(n)::integer AS n FROM (
      SELECT definition_id, day, channel, insights_bucket(was) AS bucket, -1 AS n FROM fix
      UNION ALL
      SELECT definition_id, day, channel, insights_bucket(is_now), 1 FROM fix) m
    GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
  ), hist AS (
    INSERT INTO insights_cycle_hist AS t (definition_id, day, channel, kind, bucket, cases)
    SELECT definition_id, day, channel, 1, bucket, n FROM moves
    ON CONFLICT (definition_id, day, channel, kind, bucket) DO UPDATE SET cases = t.cases + EXCLUDED.cases
  )
  INSERT INTO insights_cycle_hist_monthly AS t (definition_id, month, channel, kind, bucket, cases)
  SELECT definition_id, date_trunc('month', day)::date, channel, 1, bucket, sum(n) FROM moves GROUP BY 1, 2, 3, 5
  ON CONFLICT (definition_id, month, channel, kind, bucket) DO UPDATE SET cases = t.cases + EXCLUDED.cases;
END $$;

-- Computes the roll-ups of some process versions (NULL: all) again from their history, as the
-- trigger would have: for rows written before the roll-ups knew a channel (below), and for a
-- channel set on existing requests afterwards (the demo's facility mailbox, server/demo/mailbox.ts).
CREATE FUNCTION insights_rebuild(definitions uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  lo bigint := 0;
  hi bigint;
  batch history[];
BEGIN
  DELETE FROM insights_daily WHERE definitions IS NULL OR definition_id = ANY (definitions);
  DELETE FROM insights_cycle_hist WHERE definitions IS NULL OR definition_id = ANY (definitions);
  DELETE FROM insights_cycle_hist_monthly WHERE definitions IS NULL OR definition_id = ANY (definitions);
  DELETE FROM insights_steps WHERE definitions IS NULL OR definition_id = ANY (definitions);
  DELETE FROM insights_sla WHERE definitions IS NULL OR definition_id = ANY (definitions);
  DELETE FROM insights_escalations WHERE definitions IS NULL OR definition_id = ANY (definitions);
  DELETE FROM insights_variants WHERE definitions IS NULL OR definition_id = ANY (definitions);
  DELETE FROM insights_open WHERE definitions IS NULL OR definition_id = ANY (definitions);
  SELECT max(id) INTO hi FROM history;
  WHILE lo < coalesce(hi, 0) LOOP
    SELECT array_agg(h ORDER BY h.id) INTO batch FROM history h
    WHERE h.id > lo AND h.id <= lo + 50000 AND h.kind <> 'business_time' AND (definitions IS NULL OR h.definition_id = ANY (definitions));
    IF batch IS NOT NULL THEN PERFORM insights_apply(batch); END IF;
    SELECT array_agg(h ORDER BY h.id) INTO batch FROM history h
    WHERE h.id > lo AND h.id <= lo + 50000 AND h.kind = 'business_time' AND (definitions IS NULL OR h.definition_id = ANY (definitions));
    IF batch IS NOT NULL THEN PERFORM insights_business_time(batch); END IF;
    lo := lo + 50000;
  END LOOP;
END $$;

SELECT insights_rebuild(NULL);

-- The BI views name the channel (a new last column; a day of a version may now have two rows).
CREATE OR REPLACE VIEW insights_requests AS
  SELECT p.id AS instance_id, p.process_key, d.version, d.name AS process_name, dep.key AS department, p.status,
    p.started_at, p.ended_at, extract(epoch FROM p.ended_at - p.started_at) AS cycle_seconds, p.channel
  FROM process_instances p JOIN definitions d ON d.id = p.definition_id LEFT JOIN departments dep ON dep.id = p.department_id;

CREATE OR REPLACE VIEW insights_daily_requests AS
  SELECT r.day, d.key AS process_key, d.version, dep.key AS department, r.started, r.completed, r.terminated,
    CASE WHEN r.completed > 0 THEN r.cycle_sum / r.completed END AS mean_cycle_seconds,
    CASE WHEN r.completed > 0 THEN r.business_sum / r.completed END AS mean_business_seconds,
    r.reopened, r.escalations, r.rated, CASE WHEN r.rated > 0 THEN r.score_sum::double precision / r.rated END AS mean_score,
    r.channel
  FROM insights_daily r JOIN definitions d ON d.id = r.definition_id LEFT JOIN departments dep ON dep.id = d.department_id;

CREATE OR REPLACE VIEW insights_daily_steps AS
  SELECT s.day, d.key AS process_key, d.version, dep.key AS department, s.element_id, s.element_type, s.started, s.completed,
    s.cancelled, CASE WHEN s.completed > 0 THEN s.duration_sum / s.completed END AS mean_duration_seconds,
    s.tasks, CASE WHEN s.tasks > 0 THEN s.waiting_sum / s.tasks END AS mean_waiting_seconds,
    CASE WHEN s.tasks > 0 THEN s.processing_sum / s.tasks END AS mean_processing_seconds, s.channel
  FROM insights_steps s JOIN definitions d ON d.id = s.definition_id LEFT JOIN departments dep ON dep.id = d.department_id;
