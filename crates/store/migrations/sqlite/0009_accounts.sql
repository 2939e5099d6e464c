-- Accounts hardening (issue 10): the devices that have signed in to an account (a long-lived,
-- random cookie, stored as a digest) are not held by the per-address login limit, so guesses
-- from elsewhere cannot lock the owner out; and every running job carries the heartbeat its
-- process stamps while it works, so a job whose process stopped is failed within a minute.
CREATE TABLE known_devices (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL
);
CREATE INDEX known_devices_user ON known_devices(user_id);

ALTER TABLE jobs ADD COLUMN heartbeat_at TIMESTAMP;
UPDATE jobs SET heartbeat_at = updated_at;
