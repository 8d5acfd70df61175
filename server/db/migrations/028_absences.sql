-- Absences and personnel master data (issue #20, points 2 and 3).
--
-- Master data on the personnel file: what generated documents (the employment certificate) need
-- beyond name and e-mail. A missing entry date sends the certificate request to an HR task instead
-- of printing a gap.
ALTER TABLE personnel_files ADD COLUMN entry_date date;
ALTER TABLE personnel_files ADD COLUMN job_title text CHECK (job_title IS NULL OR length(job_title) BETWEEN 1 AND 200);

-- An absence: a person is away from first_day to last_day (both included). Approved vacation
-- (the vacation template's `absence` service task) and sick notes (filed by HR) become absences.
-- department_id: the department that recorded it (it keeps the person's file or ran the request).
-- substitute_id: who stands in for the person's tasks while it lasts — the engine's substitute
-- look-up reads it beside the person's own setting, so it ends with the absence by itself.
CREATE TABLE absences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  employee_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  department_id uuid NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('vacation', 'sick', 'other')),
  first_day date NOT NULL,
  last_day date NOT NULL,
  substitute_id uuid REFERENCES users (id) ON DELETE SET NULL,
  instance_id uuid REFERENCES process_instances (id) ON DELETE SET NULL,
  document_id uuid REFERENCES documents (id) ON DELETE SET NULL,
  -- the connector job that recorded it: a retried job finds its absence instead of making another
  source_job_id uuid UNIQUE,
  note text CHECK (note IS NULL OR length(note) <= 500),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  cancelled_at timestamptz,
  CHECK (last_day >= first_day),
  CHECK (substitute_id IS NULL OR substitute_id <> employee_id)
);
CREATE INDEX absences_days ON absences (first_day, last_day) WHERE cancelled_at IS NULL;
CREATE INDEX absences_employee ON absences (employee_id, first_day) WHERE cancelled_at IS NULL;
