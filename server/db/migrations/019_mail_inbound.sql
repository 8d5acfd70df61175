-- Requests by e-mail (issue #21): department mailboxes mapped to a service, every mail taken in
-- (unique per mailbox and Message-ID: a mail fetched twice after a crash is taken in once), and the
-- channel each request came through (portal or mail) for the timeline and the Insights comparison.
CREATE TABLE mailboxes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  department_id uuid NOT NULL REFERENCES departments (id) ON DELETE RESTRICT,
  name text NOT NULL,
  -- The department's address (facility@…): mails from it are Lotse's own and never taken in.
  address text NOT NULL,
  process_key text NOT NULL,
  -- Start variables every mail request gets (e.g. building, urgency), before subject and body.
  defaults jsonb NOT NULL DEFAULT '{}',
  summary_field text,
  description_field text,
  unknown_senders text NOT NULL DEFAULT 'refuse' CHECK (unknown_senders IN ('refuse', 'guest')),
  imap_host text,
  imap_port integer CHECK (imap_port BETWEEN 1 AND 65535),
  imap_user text,
  -- AES-256-GCM with MAIL_INBOUND_KEY (server/mail-inbound/crypto.ts); never returned by the API.
  imap_password_enc text,
  imap_folder text NOT NULL DEFAULT 'INBOX',
  enabled boolean NOT NULL DEFAULT true,
  last_poll_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX mailboxes_address ON mailboxes (lower(address));
CREATE INDEX mailboxes_department ON mailboxes (department_id);

CREATE TABLE inbound_mails (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mailbox_id uuid NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
  message_id text NOT NULL,
  sender text NOT NULL,
  subject text NOT NULL,
  received_at timestamptz NOT NULL,
  -- request: started one; comment: added to one; ignored: auto-reply, loop, rate limit; refused:
  -- unknown sender; held: kept for the mailbox owners (too large, refused by the form).
  outcome text NOT NULL CHECK (outcome IN ('request', 'comment', 'ignored', 'refused', 'held')),
  reason text,
  instance_id uuid REFERENCES process_instances (id) ON DELETE SET NULL,
  headers jsonb NOT NULL DEFAULT '{}',
  body text NOT NULL DEFAULT '',
  size integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX inbound_mails_message ON inbound_mails (mailbox_id, message_id);
CREATE INDEX inbound_mails_sender ON inbound_mails (lower(sender), received_at);
CREATE INDEX inbound_mails_instance ON inbound_mails (instance_id) WHERE instance_id IS NOT NULL;
CREATE INDEX inbound_mails_mailbox ON inbound_mails (mailbox_id, received_at DESC);

ALTER TABLE process_instances ADD COLUMN channel text NOT NULL DEFAULT 'portal' CHECK (channel IN ('portal', 'mail'));
CREATE INDEX process_instances_channel ON process_instances (channel, started_at) WHERE channel <> 'portal';

-- Mails about a mail request answer in its thread, from the mailbox's address.
ALTER TABLE mail_outbox ADD COLUMN in_reply_to text;
ALTER TABLE mail_outbox ADD COLUMN reply_to text;
