-- Issue #14: business rules a requester cannot bend.
-- A group's lead may take over a task another member holds (POST /api/tasks/:id/assign).
ALTER TABLE group_members ADD COLUMN lead boolean NOT NULL DEFAULT false;
-- Approval tasks (esm:approval="true" or the approval block's lotse:approval property): four-eyes,
-- never assigned to, claimed or completed by the requester of the same request.
ALTER TABLE tasks ADD COLUMN approval boolean NOT NULL DEFAULT false;
