-- Messages and signals are scoped (issue #14, docs/security/scope-visibility.md).
-- An API token may publish only the message and signal names it lists, and, with a department, reach
-- only that department's processes. A token goes with its department (it never widens to "all").
ALTER TABLE api_tokens ADD COLUMN message_names text[] NOT NULL DEFAULT '{}';
ALTER TABLE api_tokens ADD COLUMN signal_names text[] NOT NULL DEFAULT '{}';
ALTER TABLE api_tokens ADD COLUMN department_id uuid REFERENCES departments (id) ON DELETE CASCADE;

-- The departments whose processes a buffered message may reach (the sender's scope); NULL: any.
ALTER TABLE buffered_messages ADD COLUMN department_ids uuid[];
