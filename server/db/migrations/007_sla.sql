-- Business calendars, SLA policies per department and priority, the priority matrix, routing rules,
-- and SLA clocks per request (response, resolution) and per step.

CREATE TABLE calendars (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key text NOT NULL UNIQUE,
  name text NOT NULL,
  time_zone text NOT NULL,
  working_hours jsonb NOT NULL,
  holiday_region text,
  closed_days text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sla_policies (
  department_id uuid NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
  priority text NOT NULL CHECK (priority IN ('critical', 'high', 'medium', 'low')),
  response_target text,
  resolution_target text,
  calendar_id uuid REFERENCES calendars (id) ON DELETE RESTRICT,
  at_risk numeric NOT NULL DEFAULT 0.75,
  escalations jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (department_id, priority)
);

-- impact → urgency → priority, per department.
CREATE TABLE priority_matrices (
  department_id uuid PRIMARY KEY REFERENCES departments (id) ON DELETE CASCADE,
  matrix jsonb NOT NULL
);

CREATE TABLE routing_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  department_id uuid NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
  process_key text,
  position integer NOT NULL,
  condition text NOT NULL,
  group_key text,
  priority text CHECK (priority IN ('critical', 'high', 'medium', 'low'))
);
CREATE INDEX routing_rules_department ON routing_rules (department_id, position);

ALTER TABLE process_instances ADD COLUMN priority text;

CREATE TABLE sla_clocks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  instance_id uuid NOT NULL REFERENCES process_instances (id) ON DELETE CASCADE,
  target text NOT NULL CHECK (target IN ('response', 'resolution', 'step')),
  task_id uuid,
  element_id text,
  calendar_id uuid REFERENCES calendars (id) ON DELETE SET NULL,
  target_ms bigint NOT NULL,
  at_risk numeric NOT NULL DEFAULT 0.75,
  escalations jsonb NOT NULL DEFAULT '[]',
  started_at timestamptz NOT NULL,
  paused_ms bigint NOT NULL DEFAULT 0,
  paused_at timestamptz,
  due_at timestamptz NOT NULL,
  at_risk_at timestamptz NOT NULL,
  state text NOT NULL CHECK (state IN ('running', 'paused', 'met', 'breached', 'cancelled')),
  breached boolean NOT NULL DEFAULT false,
  at_risk_notified boolean NOT NULL DEFAULT false,
  escalation_level integer NOT NULL DEFAULT 0,
  next_check_at timestamptz,
  stopped_at timestamptz
);
CREATE INDEX sla_clocks_instance ON sla_clocks (instance_id);
CREATE INDEX sla_clocks_due ON sla_clocks (next_check_at) WHERE state = 'running';
CREATE INDEX sla_clocks_calendar ON sla_clocks (calendar_id) WHERE state IN ('running', 'paused');
