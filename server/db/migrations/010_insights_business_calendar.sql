-- KPI business time on the request's own calendar. 006_insights.sql counts the cycle of every
-- completed request in working time of one default calendar (Mon–Fri 08:00–17:00 Europe/Berlin,
-- no holidays), because public holidays are only known to the SLA code (date-holidays, in
-- JavaScript). When the SLA code stops the resolution clock of a completed request that runs on
-- a calendar, it writes a `business_time` history event {startedAt, seconds, calendarId}: the
-- request's start → end in working time of that calendar (pauses included). This trigger moves
-- the request's business time in the roll-ups from the default value to that one: the daily
-- sum, and one count from the old to the new bucket of the daily and monthly histograms.
-- Requests without a resolution SLA on a calendar keep the default calendar.
CREATE FUNCTION insights_business_time(batch history[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  WITH fix AS (
    SELECT b.definition_id, insights_day(c.time) AS day,
      insights_work_clock(c.time) - insights_work_clock(s.time) AS was,
      (b.data ->> 'seconds')::double precision AS is_now
    FROM unnest(batch) b
    CROSS JOIN LATERAL (SELECT min(h.time) AS time FROM history h
                        WHERE h.instance_id = b.instance_id AND h.kind = 'process_started') s
    CROSS JOIN LATERAL (SELECT max(h.time) AS time FROM history h
                        WHERE h.instance_id = b.instance_id AND h.kind = 'process_completed') c
    -- the same interval as the roll-up measured (a reopened request counts from its first start)
    WHERE b.kind = 'business_time' AND c.time IS NOT NULL AND s.time = (b.data ->> 'startedAt')::timestamptz
  ), daily AS (
    UPDATE insights_daily t SET business_sum = t.business_sum + f.delta
    FROM (SELECT definition_id, day, sum(is_now - was) AS delta FROM fix GROUP BY 1, 2) f
    WHERE t.definition_id = f.definition_id AND t.day = f.day
  ), moves AS (
    SELECT definition_id, day, bucket, sum(n)::integer AS n FROM (
      SELECT definition_id, day, insights_bucket(was) AS bucket, -1 AS n FROM fix
      UNION ALL
      SELECT definition_id, day, insights_bucket(is_now), 1 FROM fix) m
    GROUP BY 1, 2, 3 HAVING sum(n) <> 0
  ), hist AS (
    INSERT INTO insights_cycle_hist AS t (definition_id, day, kind, bucket, cases)
    SELECT definition_id, day, 1, bucket, n FROM moves
    ON CONFLICT (definition_id, day, kind, bucket) DO UPDATE SET cases = t.cases + EXCLUDED.cases
  )
  INSERT INTO insights_cycle_hist_monthly AS t (definition_id, month, kind, bucket, cases)
  SELECT definition_id, date_trunc('month', day)::date, 1, bucket, sum(n) FROM moves GROUP BY 1, 2, 4
  ON CONFLICT (definition_id, month, kind, bucket) DO UPDATE SET cases = t.cases + EXCLUDED.cases;
END $$;

-- The roll-up trigger of 006_insights.sql, which now also hands business_time events on.
CREATE OR REPLACE FUNCTION insights_roll_up() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  batch history[];
  calendar_times history[];
BEGIN
  SELECT array_agg(n) INTO batch FROM new_rows n
  WHERE n.kind NOT IN ('variables_changed', 'comment_added', 'task_created', 'task_claimed', 'task_unclaimed',
                       'task_assigned', 'incident', 'incident_resolved', 'error_thrown', 'escalation_thrown', 'priority_changed',
                       'business_time');
  IF batch IS NOT NULL THEN
    PERFORM insights_apply(batch);
  END IF;
  SELECT array_agg(n) INTO calendar_times FROM new_rows n WHERE n.kind = 'business_time';
  IF calendar_times IS NOT NULL THEN
    PERFORM insights_business_time(calendar_times);
  END IF;
  RETURN NULL;
END $$;
