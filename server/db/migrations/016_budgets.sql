-- Timer-started instances per process and minute are capped (server/engine/jobs.ts): fired start
-- timers keep their firing time in locked_until, counted through this index.
CREATE INDEX IF NOT EXISTS jobs_start_timer_fired ON jobs (definition_id, locked_until) WHERE kind = 'start_timer' AND status = 'done';
