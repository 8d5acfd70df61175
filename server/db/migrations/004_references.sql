-- Readable request references per department and year (e.g. HR-2026-000123).
CREATE TABLE reference_counters (
  prefix text PRIMARY KEY,
  last integer NOT NULL
);
ALTER TABLE process_instances ADD COLUMN reference text;
CREATE UNIQUE INDEX process_instances_reference ON process_instances (reference) WHERE reference IS NOT NULL;
