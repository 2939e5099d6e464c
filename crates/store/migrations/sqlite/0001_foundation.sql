-- The foundation of Kakehashi (SQLite). Kept column-for-column equal to the PostgreSQL tree:
-- the conformance suite checks that both have the same tables and columns.

CREATE TABLE prefectures (
    code INTEGER PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_ja TEXT NOT NULL,
    region TEXT NOT NULL,
    lat REAL NOT NULL,
    lng REAL NOT NULL
);

CREATE TABLE municipalities (
    lg_code TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    prefecture_code INTEGER NOT NULL REFERENCES prefectures(code),
    name_ja TEXT NOT NULL,
    name_kana TEXT NOT NULL,
    name_en TEXT NOT NULL,
    designated_city BOOLEAN NOT NULL,
    lat REAL NOT NULL,
    lng REAL NOT NULL
);
CREATE INDEX municipalities_prefecture ON municipalities(prefecture_code);

CREATE TABLE countries (
    code TEXT PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_ja TEXT NOT NULL,
    name_ko TEXT NOT NULL,
    time_zone TEXT NOT NULL
);

CREATE TABLE missions (
    id INTEGER PRIMARY KEY,
    country_code TEXT NOT NULL REFERENCES countries(code),
    kind TEXT NOT NULL,
    city TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_ja TEXT NOT NULL,
    email TEXT NOT NULL
);
CREATE INDEX missions_country ON missions(country_code);

CREATE TABLE interview_locations (
    id INTEGER PRIMARY KEY,
    mission_id INTEGER NOT NULL REFERENCES missions(id),
    city TEXT NOT NULL,
    venue TEXT NOT NULL
);

CREATE TABLE programme_years (
    id INTEGER PRIMARY KEY,
    country_code TEXT NOT NULL REFERENCES countries(code),
    year INTEGER NOT NULL,
    status TEXT NOT NULL,
    UNIQUE (country_code, year)
);

CREATE TABLE contracting_organisations (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_ja TEXT NOT NULL,
    lg_code TEXT NOT NULL REFERENCES municipalities(lg_code),
    prefecture_code INTEGER NOT NULL REFERENCES prefectures(code),
    parent_id INTEGER REFERENCES contracting_organisations(id)
);
CREATE INDEX contracting_organisations_prefecture ON contracting_organisations(prefecture_code);

CREATE TABLE companies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    country_code TEXT REFERENCES countries(code),
    website TEXT NOT NULL
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    family_name TEXT NOT NULL,
    given_name TEXT NOT NULL,
    email TEXT,
    nationality TEXT NOT NULL REFERENCES countries(code),
    birth_date DATE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    programme_year_id INTEGER NOT NULL REFERENCES programme_years(id),
    mission_id INTEGER NOT NULL REFERENCES missions(id),
    position TEXT NOT NULL,
    status TEXT NOT NULL,
    submitted_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (person_id, programme_year_id)
);
CREATE INDEX applications_mission_status ON applications(mission_id, status);

CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    jet_number TEXT NOT NULL UNIQUE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    position TEXT NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES contracting_organisations(id),
    mission_id INTEGER NOT NULL REFERENCES missions(id),
    arrival_date DATE NOT NULL,
    appointment_year INTEGER NOT NULL,
    status TEXT NOT NULL
);
CREATE INDEX participants_organisation ON participants(organisation_id);
CREATE INDEX participants_person ON participants(person_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    language TEXT NOT NULL,
    person_id INTEGER REFERENCES people(id),
    disabled BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE role_grants (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    unit_key TEXT NOT NULL,
    mission_id INTEGER REFERENCES missions(id),
    organisation_id INTEGER REFERENCES contracting_organisations(id),
    prefecture_code INTEGER REFERENCES prefectures(code),
    company_id INTEGER REFERENCES companies(id),
    granted_by INTEGER REFERENCES users(id),
    granted_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, role, unit_key)
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    key_hash TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    succeeded BOOLEAN NOT NULL
);
CREATE INDEX login_attempts_key_at ON login_attempts(key_hash, at);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    actor_user_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    unit_key TEXT NOT NULL,
    outcome TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor_user_id, at);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    to_address TEXT NOT NULL,
    language TEXT NOT NULL,
    template TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT,
    claimed_at TIMESTAMP,
    sent_at TIMESTAMP
);
CREATE INDEX mail_outbox_status ON mail_outbox(status, id);
