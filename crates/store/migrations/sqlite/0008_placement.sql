-- Placement (issue 5): contracting organisations' requests for participants (forwarded by their
-- prefecture or designated city), the weights CLAIR sets for deriving both sides' rankings, the
-- runs of the placement engine (kept with their inputs, weights and results), each run's
-- assignments (with manual moves and their reasons), and the final placements once a committee
-- approved a run and the candidates were notified.
CREATE TABLE placement_requests (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES contracting_organisations(id),
    position TEXT NOT NULL,
    places INTEGER NOT NULL,
    continuing INTEGER NOT NULL,
    school_levels TEXT NOT NULL,
    schools INTEGER NOT NULL,
    department TEXT,
    sport TEXT,
    nationality TEXT REFERENCES countries(code),
    min_jlpt TEXT,
    licence_required BOOLEAN NOT NULL,
    housing TEXT NOT NULL,
    sister_cities TEXT NOT NULL,
    sister_countries TEXT NOT NULL,
    remarks TEXT,
    status TEXT NOT NULL,
    change_request TEXT,
    submitted_at TIMESTAMP,
    forwarded_by INTEGER REFERENCES users(id),
    forwarded_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (year, organisation_id, position)
);
CREATE INDEX placement_requests_year ON placement_requests(year, status);

CREATE TABLE placement_weights (
    year INTEGER PRIMARY KEY,
    weights_json TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_by INTEGER REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE placement_runs (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    job_id INTEGER REFERENCES jobs(id),
    weights_json TEXT NOT NULL,
    inputs_json TEXT,
    result_json TEXT,
    summary_json TEXT,
    error TEXT,
    started_by INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    approved_by INTEGER REFERENCES users(id),
    approved_at TIMESTAMP,
    approval_note TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX placement_runs_year ON placement_runs(year, id);

CREATE TABLE placement_assignments (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES placement_runs(id),
    application_id INTEGER NOT NULL REFERENCES applications(id),
    request_id INTEGER REFERENCES placement_requests(id),
    rank INTEGER,
    moved_by INTEGER REFERENCES users(id),
    move_reason TEXT,
    moved_at TIMESTAMP,
    UNIQUE (run_id, application_id)
);
CREATE INDEX placement_assignments_request ON placement_assignments(run_id, request_id);

CREATE TABLE placements (
    application_id INTEGER PRIMARY KEY REFERENCES applications(id),
    request_id INTEGER NOT NULL REFERENCES placement_requests(id),
    run_id INTEGER NOT NULL REFERENCES placement_runs(id),
    notified_at TIMESTAMP NOT NULL,
    declined_at TIMESTAMP,
    decline_reason TEXT
);
CREATE INDEX placements_request ON placements(request_id);
