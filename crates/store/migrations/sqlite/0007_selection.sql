-- Selection at the missions (issue 4, items 5-8): the year's selection rules (rubrics, blind
-- screening, deadlines) as JSON; reviewers' screening scores; interview slots and the panel's
-- scorecards; decisions (alternate rank), the reply and the clearance documents; calendar
-- invitations on mails; saved list filters and long-running jobs with their progress.
ALTER TABLE programme_years ADD COLUMN selection_rules TEXT;

CREATE TABLE screening_reviews (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    reviewer_id INTEGER NOT NULL REFERENCES users(id),
    assigned_by INTEGER REFERENCES users(id),
    assigned_at TIMESTAMP NOT NULL,
    conflict_of_interest TEXT,
    scores_json TEXT,
    score REAL,
    remarks TEXT,
    scored_at TIMESTAMP,
    UNIQUE (application_id, reviewer_id)
);
CREATE INDEX screening_reviews_reviewer ON screening_reviews(reviewer_id);

CREATE TABLE interview_slots (
    id INTEGER PRIMARY KEY,
    programme_year_id INTEGER NOT NULL REFERENCES programme_years(id),
    mission_id INTEGER NOT NULL REFERENCES missions(id),
    location TEXT NOT NULL,
    panel TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    minutes INTEGER NOT NULL,
    application_id INTEGER UNIQUE REFERENCES applications(id),
    booked_at TIMESTAMP,
    sequence INTEGER NOT NULL DEFAULT 0,
    UNIQUE (mission_id, location, panel, starts_at)
);
CREATE INDEX interview_slots_year ON interview_slots(programme_year_id, mission_id, starts_at);

CREATE TABLE interview_scorecards (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    panel_member_id INTEGER NOT NULL REFERENCES users(id),
    scores_json TEXT NOT NULL,
    score REAL NOT NULL,
    remarks TEXT,
    scored_at TIMESTAMP NOT NULL,
    UNIQUE (application_id, panel_member_id)
);

ALTER TABLE applications ADD COLUMN written_test_score INTEGER;
ALTER TABLE applications ADD COLUMN alternate_rank INTEGER;
ALTER TABLE applications ADD COLUMN replied_at TIMESTAMP;

CREATE TABLE clearance_items (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    kind TEXT NOT NULL,
    due_at TIMESTAMP NOT NULL,
    document_id INTEGER REFERENCES documents(id),
    received_at TIMESTAMP,
    reminded_at TIMESTAMP,
    UNIQUE (application_id, kind)
);

ALTER TABLE mail_outbox ADD COLUMN calendar TEXT;

CREATE TABLE saved_filters (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    list TEXT NOT NULL,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, list, name)
);

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    requested_by INTEGER REFERENCES users(id),
    unit_key TEXT NOT NULL,
    status TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    result_json TEXT,
    error TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
