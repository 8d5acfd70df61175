-- Everything in the reader's language (#18 point 1).
--
-- Notifications keep what they are about (kind + params) and are written in each reader's
-- language when read: the bell renders in the reader's UI language, mails in the recipient's
-- language setting. title/body stay as written (the fallback for rows whose params are NULL, i.e.
-- rows from before this migration whose author or comment text cannot be recovered).
ALTER TABLE notifications ADD COLUMN params jsonb;

-- Rows whose parts all come from the request itself (reference, service title) render anew.
UPDATE notifications SET params = '{}'::jsonb
WHERE kind IN ('request_received', 'request_completed', 'sla_at_risk', 'sla_breached') AND instance_id IS NOT NULL;

-- Task rows that know their task take its name from there.
UPDATE notifications n SET params = jsonb_build_object('task', coalesce(t.name, t.element_id))
FROM tasks t WHERE t.id = n.task_id AND n.kind IN ('task_assigned', 'waiting_for_you') AND n.instance_id IS NOT NULL;

-- A task's German name (esm:nameDe) beside its default name, for German readers of task lists and mails.
ALTER TABLE tasks ADD COLUMN name_de text;
