-- Documents (issue #20): the digital personnel file and documents generated from templates.
--
-- A personnel file belongs to one employee (a user) and is kept by one department (HR by default):
-- that department's agents and owners read and file, the employee reads their own. Documents have
-- versions; a version's content lives in document_chunks (256 KiB each, written and read as a
-- stream, never whole in memory) with its SHA-256, checked when it is read back.

CREATE TABLE personnel_files (
  employee_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  department_id uuid NOT NULL REFERENCES departments (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX personnel_files_department ON personnel_files (department_id);

-- Types a department adds to the built-in ones (contract, amendment, certificate, sick note,
-- absence, training, other); employee_upload: the employee may upload documents of this type.
CREATE TABLE document_types (
  department_id uuid NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_-]{0,39}$'),
  label_de text NOT NULL,
  label_en text NOT NULL,
  employee_upload boolean NOT NULL DEFAULT false,
  PRIMARY KEY (department_id, key)
);

-- The stored bytes of one document version (content_id), in order.
CREATE TABLE document_chunks (
  content_id uuid NOT NULL,
  seq integer NOT NULL CHECK (seq >= 0),
  bytes bytea NOT NULL,
  PRIMARY KEY (content_id, seq)
);

CREATE TABLE documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  employee_id uuid NOT NULL REFERENCES personnel_files (employee_id) ON DELETE CASCADE,
  department_id uuid NOT NULL REFERENCES departments (id) ON DELETE RESTRICT,
  type text NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  document_date date NOT NULL,
  source text NOT NULL CHECK (source IN ('uploaded', 'generated', 'request')),
  instance_id uuid REFERENCES process_instances (id) ON DELETE SET NULL,
  -- the connector job that generated it: a retried job finds its document instead of making another
  source_job_id uuid UNIQUE,
  current_version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_employee ON documents (employee_id, document_date DESC);
CREATE INDEX documents_instance ON documents (instance_id) WHERE instance_id IS NOT NULL;

CREATE TABLE document_versions (
  document_id uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  filename text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL CHECK (size >= 0),
  sha256 text NOT NULL,
  content_id uuid NOT NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (document_id, version)
);

-- Who looked at or changed a personnel file, when, and which document: visible to the keeping
-- department's owners and to the employee for their own file.
CREATE TABLE document_access_log (
  id bigserial PRIMARY KEY,
  employee_id uuid NOT NULL REFERENCES personnel_files (employee_id) ON DELETE CASCADE,
  document_id uuid,
  version integer,
  actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  actor_name text NOT NULL,
  action text NOT NULL CHECK (action IN ('list', 'view', 'download', 'upload', 'generate', 'new_version')),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_access_log_employee ON document_access_log (employee_id, at DESC);

-- Templates of generated documents (Markdown with {{variables}}), versioned per department and key.
CREATE TABLE document_templates (
  department_id uuid NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_-]{0,63}$'),
  version integer NOT NULL CHECK (version >= 1),
  title text NOT NULL,
  document_type text NOT NULL,
  body text NOT NULL,
  sample jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (department_id, key, version)
);
CREATE UNIQUE INDEX document_templates_key ON document_templates (key, version);

-- Retention (issue #20, point 4): how long a department keeps documents of a type, counted from the
-- document's date or from the end of its year; a legal hold on a person keeps everything of theirs.
CREATE TABLE retention_rules (
  department_id uuid NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
  document_type text NOT NULL,
  years integer NOT NULL CHECK (years BETWEEN 0 AND 100),
  anchor text NOT NULL CHECK (anchor IN ('document_date', 'end_of_year')),
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (department_id, document_type)
);

CREATE TABLE legal_holds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  employee_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  department_id uuid NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz
);
CREATE INDEX legal_holds_active ON legal_holds (employee_id) WHERE released_at IS NULL;

-- What was deleted when, without the content: each entry's hash covers the previous entry's hash,
-- so a removed or altered entry breaks the chain (GET /api/deletion-log verifies it).
CREATE TABLE deletion_log (
  seq bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  department_id uuid,
  entry jsonb NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
