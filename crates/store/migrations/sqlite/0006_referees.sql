-- Referees (issue 4, item 2): each has a private link to upload their letter themselves; reminders
-- go to those whose letter has not come.
CREATE TABLE referees (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_at TIMESTAMP NOT NULL,
    reminded_at TIMESTAMP,
    received_at TIMESTAMP,
    UNIQUE (application_id, email)
);
ALTER TABLE documents ADD COLUMN referee_id INTEGER REFERENCES referees(id);
