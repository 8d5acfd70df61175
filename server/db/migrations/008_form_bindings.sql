-- Which form version each formId of a deployed process is bound to (deploy time), by formId.
ALTER TABLE definitions ADD COLUMN form_bindings jsonb NOT NULL DEFAULT '{}';
