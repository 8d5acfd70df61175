-- Comments on requests, task form drafts, in-app notifications, per-user settings (notification
-- switches and substitutes).

CREATE TABLE comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  instance_id uuid NOT NULL REFERENCES process_instances (id) ON DELETE CASCADE,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  text text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX comments_instance ON comments (instance_id, created_at);

CREATE TABLE task_drafts (
  task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  variables jsonb NOT NULL,
  saved_at timestamptz NOT NULL,
  PRIMARY KEY (task_id, user_id)
);

CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  instance_id uuid REFERENCES process_instances (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  read_at timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

CREATE TABLE user_settings (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  notifications jsonb NOT NULL DEFAULT '{}',
  substitute_id uuid REFERENCES users (id) ON DELETE SET NULL,
  substitute_from timestamptz,
  substitute_until timestamptz
);
CREATE INDEX user_settings_substitute ON user_settings (substitute_id);
