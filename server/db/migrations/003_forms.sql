-- Form definitions (JSON Schema + UI schema), versioned per key, owned by a department
-- (NULL: shared by all departments, admins only); and uploaded files (attachments of requests).

CREATE TABLE forms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key text NOT NULL,
  version integer NOT NULL,
  department_id uuid REFERENCES departments (id) ON DELETE RESTRICT,
  title jsonb NOT NULL,
  definition jsonb NOT NULL,
  definition_hash text NOT NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (key, version)
);
CREATE INDEX forms_department ON forms (department_id, key);

-- Contents live in the database, so an upload is stored whole or not at all (one statement).
-- instance_id stays NULL until the request or task that carries the file id is submitted.
CREATE TABLE files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  filename text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL CHECK (size >= 0),
  sha256 text NOT NULL,
  content bytea NOT NULL,
  instance_id uuid REFERENCES process_instances (id) ON DELETE CASCADE,
  uploaded_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX files_instance ON files (instance_id);
CREATE INDEX files_uploader ON files (uploaded_by, created_at);
