-- Ownership of keys (issue #14): a process key (and its draft), a DMN decision key and a form key
-- belong to the department of their first deployment or creation. A deployment, draft or form
-- version of another department for an owned key is refused; only an admin moves a key, through
-- POST /api/admin/key-ownership/transfer, which writes key_transfers.
-- department_id NULL: a key without a department (an admin's shared form or department-less
-- process); only admins may change it.

CREATE TABLE key_owners (
  kind text NOT NULL CHECK (kind IN ('process', 'decision', 'form')),
  key text NOT NULL,
  department_id uuid REFERENCES departments (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  PRIMARY KEY (kind, key)
);
CREATE INDEX key_owners_department ON key_owners (department_id, kind, key);

-- The audit log of transfers. Department ids without foreign keys: the log outlives a department.
CREATE TABLE key_transfers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('process', 'decision', 'form')),
  key text NOT NULL,
  from_department_id uuid,
  to_department_id uuid,
  transferred_by uuid REFERENCES users (id) ON DELETE SET NULL,
  transferred_by_name text,
  transferred_at timestamptz NOT NULL DEFAULT now(),
  reason text
);
CREATE INDEX key_transfers_key ON key_transfers (kind, key, transferred_at);

-- Decisions get the department that deployed each version.
ALTER TABLE decisions ADD COLUMN department_id uuid REFERENCES departments (id) ON DELETE RESTRICT;

-- Backfill processes: the department of each key's first version.
INSERT INTO key_owners (kind, key, department_id, created_at, created_by)
SELECT DISTINCT ON (key) 'process', key, department_id, deployed_at, deployed_by
FROM definitions ORDER BY key, version;

-- Drafts of keys never deployed: the draft's department.
INSERT INTO key_owners (kind, key, department_id, created_at, created_by)
SELECT 'process', d.key, d.department_id, d.updated_at, d.updated_by
FROM process_drafts d WHERE NOT EXISTS (SELECT 1 FROM key_owners o WHERE o.kind = 'process' AND o.key = d.key);

-- A draft belongs to its key's department (undoes drafts created by another department's owner).
UPDATE process_drafts d SET department_id = o.department_id
FROM key_owners o WHERE o.kind = 'process' AND o.key = d.key AND d.department_id IS DISTINCT FROM o.department_id;

-- Forms: the department of each key's first version.
INSERT INTO key_owners (kind, key, department_id, created_at, created_by)
SELECT DISTINCT ON (key) 'form', key, department_id, created_at, created_by
FROM forms ORDER BY key, version;

-- Decisions: the department of the earliest deployed process that calls the decision (deployed
-- with it, as templates do); NULL when no process calls it.
INSERT INTO key_owners (kind, key, department_id, created_at)
SELECT DISTINCT ON (dec.key) 'decision', dec.key,
  (SELECT d.department_id FROM definitions d, jsonb_each(CASE WHEN jsonb_typeof(d.model->'elements') = 'object' THEN d.model->'elements' ELSE '{}'::jsonb END) e
   WHERE e.value->'calledDecision'->>'decisionId' = dec.key ORDER BY d.deployed_at, d.version LIMIT 1),
  dec.deployed_at
FROM decisions dec ORDER BY dec.key, dec.version;

UPDATE decisions dec SET department_id = o.department_id
FROM key_owners o WHERE o.kind = 'decision' AND o.key = dec.key;
