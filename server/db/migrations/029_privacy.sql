-- Retention of request data and GDPR requests (issue #20, points 4 and 5).

-- A "privacy" role (data protection officer): exports and erases a person's data, like an admin.
ALTER TABLE user_roles DROP CONSTRAINT IF EXISTS user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check CHECK (role IN ('admin', 'owner', 'analyst', 'employee', 'privacy'));

-- How long a department keeps the personal data of a service's closed requests, counted from the
-- request's end; afterwards the retention job anonymises them (the KPIs stay, see docs/DOCUMENTS.md).
CREATE TABLE request_retention_rules (
  department_id uuid NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
  process_key text NOT NULL CHECK (length(process_key) BETWEEN 1 AND 200),
  years integer NOT NULL CHECK (years BETWEEN 0 AND 100),
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (department_id, process_key)
);

-- A legal hold keeps a person's data or one request's.
ALTER TABLE legal_holds ALTER COLUMN employee_id DROP NOT NULL;
ALTER TABLE legal_holds ADD COLUMN instance_id uuid REFERENCES process_instances (id) ON DELETE CASCADE;
ALTER TABLE legal_holds ADD CONSTRAINT legal_holds_subject CHECK ((employee_id IS NULL) <> (instance_id IS NULL));
CREATE INDEX legal_holds_instance ON legal_holds (instance_id) WHERE released_at IS NULL AND instance_id IS NOT NULL;

-- Set when a request's personal data was anonymised (by retention or an erasure).
ALTER TABLE process_instances ADD COLUMN anonymised_at timestamptz;
CREATE INDEX process_instances_retention ON process_instances (process_key, ended_at) WHERE anonymised_at IS NULL AND ended_at IS NOT NULL;

-- Who exported or erased whose data, when; the subject by id (an erased person's name is gone).
CREATE TABLE privacy_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  actor_name text NOT NULL,
  action text NOT NULL CHECK (action IN ('export', 'erase')),
  subject_id uuid NOT NULL,
  summary jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX privacy_log_at ON privacy_log (at DESC);
