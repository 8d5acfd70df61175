-- Problem management (issue #19 points 1, 2, 5): a problem is a department's record of the cause
-- behind recurring incidents. It moves new → analysis → known_error → resolved → closed, keeps the
-- root cause (with the 5-Whys that led to it) and the workaround, names the affected service
-- (a process key), and links any number of requests of any department — each request to at most
-- one problem (the primary key of problem_requests).
-- pg_trgm: text similarity for grouping recurring incidents (PGlite loads it in server/db/pglite.ts;
-- on PostgreSQL it is a trusted extension, so the database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE problems (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  department_id uuid NOT NULL REFERENCES departments (id) ON DELETE RESTRICT,
  reference text NOT NULL UNIQUE,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'analysis', 'known_error', 'resolved', 'closed')),
  root_cause text NOT NULL DEFAULT '',
  five_whys jsonb NOT NULL DEFAULT '[]',
  workaround text NOT NULL DEFAULT '',
  service_key text,
  priority text NOT NULL DEFAULT 'medium' CHECK (priority IN ('critical', 'high', 'medium', 'low')),
  owner_id uuid REFERENCES users (id) ON DELETE SET NULL,
  -- The problem-analysis process run for it, and the change request its fix started (both optional).
  analysis_instance_id uuid REFERENCES process_instances (id) ON DELETE SET NULL,
  change_instance_id uuid REFERENCES process_instances (id) ON DELETE SET NULL,
  -- The knowledge-base article that publishes the workaround (wired when the knowledge base lands; no FK yet).
  workaround_article_id uuid,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  closed_at timestamptz
);
CREATE INDEX problems_department_status ON problems (department_id, status);
CREATE INDEX problems_service ON problems (service_key) WHERE service_key IS NOT NULL;

CREATE TABLE problem_requests (
  instance_id uuid PRIMARY KEY REFERENCES process_instances (id) ON DELETE CASCADE,
  problem_id uuid NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  linked_by uuid REFERENCES users (id) ON DELETE SET NULL,
  linked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX problem_requests_problem ON problem_requests (problem_id);
