-- Task search in one index (issue #18 point 4, p95 < 100 ms at 100k tasks): each task carries the
-- whole document an agent searches — its name and its request's document (reference, service
-- title, requester, form text; migration 020) — so a search is one GIN scan on tasks (or a walk of
-- the queue's order index with a cheap filter when a word is in nearly every task), without a
-- union over the requests and no join back to them. The request keeps its own vector as the
-- source; a trigger copies it to the request's tasks when it changes.
--
-- The engine writes a request's variables at nearly every step. The request's vector is computed
-- again only when a searched field changed: the reference, the requester, or the text values of
-- the variables (a flag, a number or a date the engine adds leave it as it is).

CREATE FUNCTION lotse_search_strings(vars jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT string_agg(v #>> '{}', ' ') FROM jsonb_path_query(coalesce(vars, '{}'::jsonb), 'strict $.** ? (@.type() == "string")') v
$$;

CREATE OR REPLACE FUNCTION process_instances_search() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  strings text := lotse_search_strings(NEW.variables);
  txt text;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.search IS NOT NULL
     AND NEW.reference IS NOT DISTINCT FROM OLD.reference
     AND NEW.started_by IS NOT DISTINCT FROM OLD.started_by
     AND strings IS NOT DISTINCT FROM lotse_search_strings(OLD.variables) THEN
    RETURN NEW;
  END IF;
  txt := concat_ws(' ',
    NEW.reference, replace(coalesce(NEW.reference, ''), '-', ' '),
    (SELECT concat_ws(' ', d.catalog ->> 'title', d.catalog ->> 'titleDe', d.name) FROM definitions d WHERE d.id = NEW.definition_id),
    (SELECT concat_ws(' ', u.name, u.email) FROM users u WHERE u.id = NEW.started_by),
    strings);
  -- A tsvector holds at most 1 MB; the first 100,000 characters are what an agent searches for.
  NEW.search := lotse_search_vector(left(txt, 100000));
  RETURN NEW;
END $$;

-- The function is called only when a searched column is written with another value (or the vector is missing).
DROP TRIGGER process_instances_search ON process_instances;
CREATE TRIGGER process_instances_search BEFORE INSERT ON process_instances
  FOR EACH ROW EXECUTE FUNCTION process_instances_search();
CREATE TRIGGER process_instances_search_update BEFORE UPDATE OF variables, reference, started_by ON process_instances
  FOR EACH ROW WHEN (NEW.search IS NULL OR OLD.variables IS DISTINCT FROM NEW.variables
    OR OLD.reference IS DISTINCT FROM NEW.reference OR OLD.started_by IS DISTINCT FROM NEW.started_by)
  EXECUTE FUNCTION process_instances_search();

-- A task's document: its name and its request's document.
CREATE OR REPLACE FUNCTION tasks_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search := lotse_search_vector(left(coalesce(NEW.name, ''), 10000))
    || coalesce((SELECT p.search FROM process_instances p WHERE p.id = NEW.instance_id), ''::tsvector);
  RETURN NEW;
END $$;

DROP TRIGGER tasks_search ON tasks;
CREATE TRIGGER tasks_search BEFORE INSERT ON tasks
  FOR EACH ROW EXECUTE FUNCTION tasks_search();
CREATE TRIGGER tasks_search_update BEFORE UPDATE OF name, instance_id ON tasks
  FOR EACH ROW WHEN (NEW.search IS NULL OR OLD.name IS DISTINCT FROM NEW.name OR OLD.instance_id IS DISTINCT FROM NEW.instance_id)
  EXECUTE FUNCTION tasks_search();

-- A request's new document reaches its tasks. After the statement: the engine writes a new request
-- and its first tasks in one statement (data-modifying CTEs), where the task's trigger above cannot
-- see the request yet.
CREATE FUNCTION process_instances_search_to_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tasks t SET search = lotse_search_vector(left(coalesce(t.name, ''), 10000)) || coalesce(NEW.search, ''::tsvector)
   WHERE t.instance_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER process_instances_search_to_tasks AFTER INSERT ON process_instances
  FOR EACH ROW EXECUTE FUNCTION process_instances_search_to_tasks();
CREATE TRIGGER process_instances_search_to_tasks_update AFTER UPDATE OF variables, reference, started_by, search ON process_instances
  FOR EACH ROW WHEN (OLD.search IS DISTINCT FROM NEW.search)
  EXECUTE FUNCTION process_instances_search_to_tasks();

UPDATE tasks t SET search = lotse_search_vector(left(coalesce(t.name, ''), 10000)) || coalesce(p.search, ''::tsvector)
  FROM process_instances p WHERE p.id = t.instance_id;

-- Searches read the tasks' index only now; the requests' one would only cost writes.
DROP INDEX process_instances_search;
