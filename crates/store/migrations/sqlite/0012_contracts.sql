-- The participant's years (issue 13), first step: the dated pay scale and contracts.
-- A pay scale holds from its date until the next scale's; a contract takes the one in force on its
-- start date and keeps which it took, so a later scale never reprices a contract already made.
CREATE TABLE pay_scales (
    id INTEGER PRIMARY KEY,
    effective_from DATE NOT NULL UNIQUE,
    year_1_yen INTEGER NOT NULL,
    year_2_yen INTEGER NOT NULL,
    year_3_yen INTEGER NOT NULL,
    year_4_yen INTEGER NOT NULL,
    year_5_yen INTEGER NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
-- One contract per appointment year of a participant. `version` counts changes to its terms; each
-- version is acknowledged anew by the participant.
CREATE TABLE contracts (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    appointment_year INTEGER NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    position TEXT NOT NULL,
    weekly_hours INTEGER NOT NULL,
    paid_leave_days INTEGER NOT NULL,
    housing TEXT NOT NULL,
    served TEXT NOT NULL,
    supervisor TEXT NOT NULL,
    pay_scale_id INTEGER NOT NULL REFERENCES pay_scales(id),
    remuneration_yen INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (participant_id, appointment_year)
);
CREATE TABLE contract_acknowledgements (
    contract_id INTEGER NOT NULL REFERENCES contracts(id),
    version INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    acknowledged_at TIMESTAMP NOT NULL,
    PRIMARY KEY (contract_id, version)
);
