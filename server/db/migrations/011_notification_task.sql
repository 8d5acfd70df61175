-- The task a notification is about ("task assigned to you / your group"), so the bell opens the
-- task instead of the request. No foreign key: tasks go only with their instance, which already
-- takes its notifications along (ON DELETE CASCADE on instance_id), and the API joins the task and
-- checks that the reader may still see it.
ALTER TABLE notifications ADD COLUMN task_id uuid;
