-- Connector secrets ({{secrets.NAME}} in a connector's inputs, server/secrets/). A secret belongs to
-- a department (its owners manage it, its processes read it) or, with department_id NULL, is global
-- (admins manage it, every process reads it). The value is stored only encrypted: AES-256-GCM with
-- the key from LOTSE_SECRET_KEY, a fresh 12-byte nonce per value, the 16-byte tag beside it.
CREATE TABLE secrets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  department_id uuid REFERENCES departments (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (name ~ '^[A-Za-z][A-Za-z0-9_]{0,63}$'),
  nonce bytea NOT NULL,
  ciphertext bytea NOT NULL,
  tag bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX secrets_department_name ON secrets (department_id, name) WHERE department_id IS NOT NULL;
CREATE UNIQUE INDEX secrets_global_name ON secrets (name) WHERE department_id IS NULL;
