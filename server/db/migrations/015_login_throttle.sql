-- Sign-in throttling by client address and by account-and-address (server/auth/throttle.ts).
-- Failures recorded before this migration had no address; they are dropped (at most one window's worth).
DELETE FROM login_failures;
ALTER TABLE login_failures ADD COLUMN address text NOT NULL DEFAULT '';
ALTER TABLE login_failures ALTER COLUMN address DROP DEFAULT;
DROP INDEX login_failures_email_at;
CREATE INDEX login_failures_address_at ON login_failures (address, at);
CREATE INDEX login_failures_at ON login_failures (at);
