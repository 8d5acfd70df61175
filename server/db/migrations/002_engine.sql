-- BPMN execution: definitions, instances, tasks, jobs (timers and service tasks), subscriptions,
-- incidents, the append-only history, and API tokens for external job workers.

CREATE TABLE process_drafts (
  key text PRIMARY KEY,
  department_id uuid REFERENCES departments (id) ON DELETE RESTRICT,
  xml text NOT NULL,
  revision integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE definitions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key text NOT NULL,
  version integer NOT NULL,
  name text,
  department_id uuid REFERENCES departments (id) ON DELETE RESTRICT,
  xml text NOT NULL,
  xml_hash text NOT NULL,
  model jsonb NOT NULL,
  catalog jsonb,
  enabled boolean NOT NULL DEFAULT true,
  comment text,
  deployed_by uuid REFERENCES users (id) ON DELETE SET NULL,
  deployed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (key, version)
);

CREATE TABLE decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key text NOT NULL,
  version integer NOT NULL,
  name text,
  xml_hash text NOT NULL,
  xml text NOT NULL,
  model jsonb NOT NULL,
  deployed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (key, version)
);

CREATE TABLE process_instances (
  id uuid PRIMARY KEY,
  definition_id uuid NOT NULL REFERENCES definitions (id),
  process_key text NOT NULL,
  department_id uuid REFERENCES departments (id) ON DELETE SET NULL,
  business_key text,
  status text NOT NULL CHECK (status IN ('active', 'completed', 'terminated', 'failed')),
  state jsonb NOT NULL,
  variables jsonb NOT NULL DEFAULT '{}',
  started_by uuid REFERENCES users (id) ON DELETE SET NULL,
  parent_id uuid REFERENCES process_instances (id) ON DELETE SET NULL,
  parent_ref text,
  idempotency_key text,
  idempotency_hash text,
  started_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE INDEX process_instances_status ON process_instances (status, started_at DESC);
CREATE INDEX process_instances_started_by ON process_instances (started_by, started_at DESC);
CREATE INDEX process_instances_key ON process_instances (process_key, started_at DESC);
CREATE INDEX process_instances_parent ON process_instances (parent_id);
CREATE UNIQUE INDEX process_instances_idempotency ON process_instances (started_by, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE tasks (
  id uuid PRIMARY KEY,
  instance_id uuid NOT NULL REFERENCES process_instances (id) ON DELETE CASCADE,
  element_id text NOT NULL,
  element_instance_id text NOT NULL,
  name text,
  form_id text,
  status text NOT NULL CHECK (status IN ('open', 'completed', 'cancelled')),
  assignee text,
  candidate_groups text[] NOT NULL DEFAULT '{}',
  candidate_users text[] NOT NULL DEFAULT '{}',
  due_at timestamptz,
  follow_up_at timestamptz,
  priority integer NOT NULL DEFAULT 50,
  headers jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  claimed_at timestamptz,
  completed_at timestamptz,
  completed_by uuid REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX tasks_open_groups ON tasks USING gin (candidate_groups) WHERE status = 'open';
CREATE INDEX tasks_open_assignee ON tasks (assignee, due_at) WHERE status = 'open';
CREATE INDEX tasks_instance ON tasks (instance_id);
CREATE INDEX tasks_open_created ON tasks (created_at) WHERE status = 'open';

-- Timers and service tasks alike; a worker claims due rows with FOR UPDATE SKIP LOCKED.
CREATE TABLE jobs (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('timer', 'service', 'start_timer')),
  instance_id uuid REFERENCES process_instances (id) ON DELETE CASCADE,
  definition_id uuid REFERENCES definitions (id) ON DELETE CASCADE,
  element_id text NOT NULL,
  element_instance_id text,
  type text,
  status text NOT NULL CHECK (status IN ('ready', 'locked', 'failed', 'done', 'cancelled')),
  retries integer NOT NULL DEFAULT 3,
  due_at timestamptz NOT NULL,
  locked_until timestamptz,
  worker text,
  headers jsonb NOT NULL DEFAULT '{}',
  variables jsonb NOT NULL DEFAULT '{}',
  cycle jsonb,
  error_message text,
  created_at timestamptz NOT NULL
);
CREATE INDEX jobs_due ON jobs (due_at) WHERE status = 'ready';
CREATE INDEX jobs_type_due ON jobs (type, due_at) WHERE status IN ('ready', 'locked');
CREATE INDEX jobs_instance ON jobs (instance_id);

CREATE TABLE message_subscriptions (
  id uuid PRIMARY KEY,
  instance_id uuid NOT NULL REFERENCES process_instances (id) ON DELETE CASCADE,
  element_id text NOT NULL,
  message_name text NOT NULL,
  correlation_key text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX message_subscriptions_lookup ON message_subscriptions (message_name, correlation_key, created_at);
CREATE INDEX message_subscriptions_instance ON message_subscriptions (instance_id);

CREATE TABLE signal_subscriptions (
  id uuid PRIMARY KEY,
  instance_id uuid NOT NULL REFERENCES process_instances (id) ON DELETE CASCADE,
  element_id text NOT NULL,
  signal_name text NOT NULL
);
CREATE INDEX signal_subscriptions_name ON signal_subscriptions (signal_name);
CREATE INDEX signal_subscriptions_instance ON signal_subscriptions (instance_id);

-- Messages published with a time to live and no subscriber yet.
CREATE TABLE buffered_messages (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  correlation_key text NOT NULL,
  variables jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX buffered_messages_lookup ON buffered_messages (name, correlation_key, created_at);

CREATE TABLE incidents (
  id uuid PRIMARY KEY,
  instance_id uuid NOT NULL REFERENCES process_instances (id) ON DELETE CASCADE,
  element_id text NOT NULL,
  element_instance_id text,
  job_id uuid,
  message text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'resolved')),
  created_at timestamptz NOT NULL,
  resolved_at timestamptz
);
CREATE INDEX incidents_open ON incidents (created_at) WHERE status = 'open';
CREATE INDEX incidents_instance ON incidents (instance_id);

-- The audit trail and the only source of KPIs: append-only.
CREATE TABLE history (
  id bigserial PRIMARY KEY,
  instance_id uuid NOT NULL,
  definition_id uuid NOT NULL,
  process_key text NOT NULL,
  element_id text,
  element_type text,
  element_instance_id text,
  kind text NOT NULL,
  time timestamptz NOT NULL,
  actor text,
  data jsonb
);
CREATE INDEX history_instance ON history (instance_id, id);
CREATE INDEX history_process_time ON history (process_key, time);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  job_types text[] NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- Message and signal start events of the latest version of each process.
CREATE TABLE start_events (
  definition_id uuid NOT NULL REFERENCES definitions (id) ON DELETE CASCADE,
  process_key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('message', 'signal')),
  name text NOT NULL,
  element_id text NOT NULL
);
CREATE INDEX start_events_lookup ON start_events (kind, name);

-- Mails written by processes and notifications; a job worker delivers them.
CREATE TABLE mail_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recipients text[] NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  instance_id uuid REFERENCES process_instances (id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX mail_outbox_pending ON mail_outbox (next_attempt_at) WHERE status = 'pending';
