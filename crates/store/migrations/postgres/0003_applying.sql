-- Applying (issue 4): verified e-mail addresses, the application form as sections, the reason of
-- the latest status change, and a version for drafts saved from several tabs.
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMPTZ;

CREATE TABLE email_verifications (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);

ALTER TABLE applications ADD COLUMN form_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE applications ADD COLUMN status_reason TEXT;
ALTER TABLE applications ADD COLUMN eligibility_json TEXT;
ALTER TABLE applications ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
