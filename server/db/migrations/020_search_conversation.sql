-- Task search (issue #18 point 4): a full-text document per request (reference, service title,
-- requester, the string values of the form data) and per task (its name), German AND English
-- stemming in one tsvector, kept up to date by triggers on write, each behind a GIN index.
-- Triggers rather than generated columns: the document of a request reads the definition and the
-- requester, and rows loaded from the demo snapshot never carry a value into a generated column.
ALTER TABLE process_instances ADD COLUMN search tsvector;
ALTER TABLE tasks ADD COLUMN search tsvector;

CREATE FUNCTION lotse_search_vector(txt text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
  SELECT to_tsvector('german', txt) || to_tsvector('english', txt)
$$;

CREATE FUNCTION process_instances_search() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  txt text;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.search IS NOT NULL
     AND NEW.variables IS NOT DISTINCT FROM OLD.variables
     AND NEW.reference IS NOT DISTINCT FROM OLD.reference
     AND NEW.started_by IS NOT DISTINCT FROM OLD.started_by THEN
    RETURN NEW;
  END IF;
  txt := concat_ws(' ',
    NEW.reference, replace(coalesce(NEW.reference, ''), '-', ' '),
    (SELECT concat_ws(' ', d.catalog ->> 'title', d.catalog ->> 'titleDe', d.name) FROM definitions d WHERE d.id = NEW.definition_id),
    (SELECT concat_ws(' ', u.name, u.email) FROM users u WHERE u.id = NEW.started_by),
    (SELECT string_agg(v #>> '{}', ' ') FROM jsonb_path_query(coalesce(NEW.variables, '{}'::jsonb), 'strict $.** ? (@.type() == "string")') v));
  -- A tsvector holds at most 1 MB; the first 100,000 characters are what an agent searches for.
  NEW.search := lotse_search_vector(left(txt, 100000));
  RETURN NEW;
END $$;

CREATE TRIGGER process_instances_search BEFORE INSERT OR UPDATE OF variables, reference, started_by ON process_instances
  FOR EACH ROW EXECUTE FUNCTION process_instances_search();

CREATE FUNCTION tasks_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.search IS NOT NULL AND NEW.name IS NOT DISTINCT FROM OLD.name THEN
    RETURN NEW;
  END IF;
  NEW.search := lotse_search_vector(left(coalesce(NEW.name, ''), 10000));
  RETURN NEW;
END $$;

CREATE TRIGGER tasks_search BEFORE INSERT OR UPDATE OF name ON tasks
  FOR EACH ROW EXECUTE FUNCTION tasks_search();

UPDATE process_instances SET reference = reference;
UPDATE tasks SET name = name;

CREATE INDEX process_instances_search ON process_instances USING gin (search);
CREATE INDEX tasks_search ON tasks USING gin (search);

-- Conversation on a request (issue #18 point 5): internal notes (agents only, never shown to the
-- requester) and files attached to a comment.
ALTER TABLE comments ADD COLUMN internal boolean NOT NULL DEFAULT false;
ALTER TABLE files ADD COLUMN comment_id uuid REFERENCES comments (id) ON DELETE CASCADE;
CREATE INDEX files_comment ON files (comment_id) WHERE comment_id IS NOT NULL;
