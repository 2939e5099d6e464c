-- A recruiting country's programme year: its dates, plan of places, eligibility rules and
-- departure groups (issue 4). Instants are UTC; the country's time zone is on `countries`.
ALTER TABLE programme_years ADD COLUMN guidelines_published DATE;
ALTER TABLE programme_years ADD COLUMN applications_open TIMESTAMP;
ALTER TABLE programme_years ADD COLUMN application_deadline TIMESTAMP;
ALTER TABLE programme_years ADD COLUMN first_screening DATE;
ALTER TABLE programme_years ADD COLUMN interviews_from DATE;
ALTER TABLE programme_years ADD COLUMN interviews_until DATE;
ALTER TABLE programme_years ADD COLUMN results_by DATE;
ALTER TABLE programme_years ADD COLUMN reply_deadline TIMESTAMP;
ALTER TABLE programme_years ADD COLUMN pre_departure_orientation DATE;
ALTER TABLE programme_years ADD COLUMN places_alt INTEGER NOT NULL DEFAULT 0;
ALTER TABLE programme_years ADD COLUMN places_cir INTEGER NOT NULL DEFAULT 0;
ALTER TABLE programme_years ADD COLUMN places_sea INTEGER NOT NULL DEFAULT 0;
ALTER TABLE programme_years ADD COLUMN sea_offered BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE programme_years ADD COLUMN eligibility_rules TEXT;
-- Optimistic concurrency: a save names the version it edited; a stale one is a conflict.
ALTER TABLE programme_years ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE departure_groups (
    id INTEGER PRIMARY KEY,
    programme_year_id INTEGER NOT NULL REFERENCES programme_years(id),
    name TEXT NOT NULL,
    arrival_date DATE NOT NULL,
    UNIQUE (programme_year_id, name)
);
