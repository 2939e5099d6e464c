//! The catalogue of tables, in an order where every table comes after the tables it references.
//! Export, import and the conformance suite read it; a test fails if the database holds a table or
//! column that is not listed here, so nothing can be left out of an export.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Bool,
    Int,
    Float,
    Text,
    Bytes,
    Timestamp,
    Date,
}

#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, ColumnType)],
    /// The primary key's columns, for a stable export order.
    pub key: &'static [&'static str],
    /// Whether `id` is generated (an identity column on PostgreSQL whose sequence import resets).
    pub generated_id: bool,
}

use ColumnType::*;

pub const TABLES: &[Table] = &[
    Table {
        name: "prefectures",
        columns: &[
            ("code", Int),
            ("name_en", Text),
            ("name_ja", Text),
            ("region", Text),
            ("lat", Float),
            ("lng", Float),
        ],
        key: &["code"],
        generated_id: false,
    },
    Table {
        name: "municipalities",
        columns: &[
            ("lg_code", Text),
            ("kind", Text),
            ("prefecture_code", Int),
            ("name_ja", Text),
            ("name_kana", Text),
            ("name_en", Text),
            ("designated_city", Bool),
            ("lat", Float),
            ("lng", Float),
        ],
        key: &["lg_code"],
        generated_id: false,
    },
    Table {
        name: "countries",
        columns: &[("code", Text), ("name_en", Text), ("name_ja", Text), ("name_ko", Text), ("time_zone", Text)],
        key: &["code"],
        generated_id: false,
    },
    Table {
        name: "missions",
        columns: &[
            ("id", Int),
            ("country_code", Text),
            ("kind", Text),
            ("city", Text),
            ("name_en", Text),
            ("name_ja", Text),
            ("email", Text),
        ],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "interview_locations",
        columns: &[("id", Int), ("mission_id", Int), ("city", Text), ("venue", Text)],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "programme_years",
        columns: &[
            ("id", Int),
            ("country_code", Text),
            ("year", Int),
            ("status", Text),
            ("guidelines_published", Date),
            ("applications_open", Timestamp),
            ("application_deadline", Timestamp),
            ("first_screening", Date),
            ("interviews_from", Date),
            ("interviews_until", Date),
            ("results_by", Date),
            ("reply_deadline", Timestamp),
            ("pre_departure_orientation", Date),
            ("places_alt", Int),
            ("places_cir", Int),
            ("places_sea", Int),
            ("sea_offered", Bool),
            ("eligibility_rules", Text),
            ("version", Int),
        ],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "departure_groups",
        columns: &[("id", Int), ("programme_year_id", Int), ("name", Text), ("arrival_date", Date)],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "contracting_organisations",
        columns: &[
            ("id", Int),
            ("kind", Text),
            ("name_en", Text),
            ("name_ja", Text),
            ("lg_code", Text),
            ("prefecture_code", Int),
            ("parent_id", Int),
        ],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "companies",
        columns: &[("id", Int), ("name", Text), ("country_code", Text), ("website", Text)],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "people",
        columns: &[
            ("id", Int),
            ("family_name", Text),
            ("given_name", Text),
            ("email", Text),
            ("nationality", Text),
            ("birth_date", Date),
            ("created_at", Timestamp),
        ],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "applications",
        columns: &[
            ("id", Int),
            ("reference", Text),
            ("person_id", Int),
            ("programme_year_id", Int),
            ("mission_id", Int),
            ("position", Text),
            ("status", Text),
            ("submitted_at", Timestamp),
            ("updated_at", Timestamp),
            ("form_json", Text),
            ("status_reason", Text),
            ("eligibility_json", Text),
            ("version", Int),
            ("eligibility_override", Text),
        ],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "participants",
        columns: &[
            ("id", Int),
            ("jet_number", Text),
            ("person_id", Int),
            ("position", Text),
            ("organisation_id", Int),
            ("mission_id", Int),
            ("arrival_date", Date),
            ("appointment_year", Int),
            ("status", Text),
        ],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "users",
        columns: &[
            ("id", Int),
            ("email", Text),
            ("display_name", Text),
            ("password_hash", Text),
            ("language", Text),
            ("person_id", Int),
            ("disabled", Bool),
            ("created_at", Timestamp),
            ("email_verified_at", Timestamp),
        ],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "role_grants",
        columns: &[
            ("id", Int),
            ("user_id", Int),
            ("role", Text),
            ("unit_key", Text),
            ("mission_id", Int),
            ("organisation_id", Int),
            ("prefecture_code", Int),
            ("company_id", Int),
            ("granted_by", Int),
            ("granted_at", Timestamp),
        ],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "sessions",
        columns: &[
            ("id_hash", Text),
            ("user_id", Int),
            ("csrf_token", Text),
            ("created_at", Timestamp),
            ("last_seen_at", Timestamp),
            ("expires_at", Timestamp),
            ("revoked_at", Timestamp),
        ],
        key: &["id_hash"],
        generated_id: false,
    },
    Table {
        name: "api_tokens",
        columns: &[
            ("id", Int),
            ("user_id", Int),
            ("name", Text),
            ("token_hash", Text),
            ("created_at", Timestamp),
            ("last_used_at", Timestamp),
            ("revoked_at", Timestamp),
        ],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "login_attempts",
        columns: &[("id", Int), ("key_hash", Text), ("at", Timestamp), ("succeeded", Bool)],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "password_resets",
        columns: &[
            ("token_hash", Text),
            ("user_id", Int),
            ("created_at", Timestamp),
            ("expires_at", Timestamp),
            ("used_at", Timestamp),
        ],
        key: &["token_hash"],
        generated_id: false,
    },
    Table {
        name: "referees",
        columns: &[
            ("id", Int),
            ("application_id", Int),
            ("name", Text),
            ("email", Text),
            ("token_hash", Text),
            ("invited_at", Timestamp),
            ("reminded_at", Timestamp),
            ("received_at", Timestamp),
        ],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "documents",
        columns: &[
            ("id", Int),
            ("application_id", Int),
            ("kind", Text),
            ("file_name", Text),
            ("content_type", Text),
            ("size_bytes", Int),
            ("sha256", Text),
            ("content", Bytes),
            ("uploaded_by", Int),
            ("uploaded_at", Timestamp),
            ("referee_id", Int),
        ],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "email_verifications",
        columns: &[
            ("token_hash", Text),
            ("user_id", Int),
            ("created_at", Timestamp),
            ("expires_at", Timestamp),
            ("used_at", Timestamp),
        ],
        key: &["token_hash"],
        generated_id: false,
    },
    Table {
        name: "audit_log",
        columns: &[
            ("id", Int),
            ("at", Timestamp),
            ("actor_user_id", Int),
            ("action", Text),
            ("entity", Text),
            ("entity_id", Text),
            ("unit_key", Text),
            ("outcome", Text),
            ("before_json", Text),
            ("after_json", Text),
        ],
        key: &["id"],
        generated_id: true,
    },
    Table {
        name: "mail_outbox",
        columns: &[
            ("id", Int),
            ("created_at", Timestamp),
            ("to_address", Text),
            ("language", Text),
            ("template", Text),
            ("subject", Text),
            ("body_text", Text),
            ("status", Text),
            ("attempts", Int),
            ("last_error", Text),
            ("claimed_at", Timestamp),
            ("sent_at", Timestamp),
        ],
        key: &["id"],
        generated_id: true,
    },
];

/// The SQL that lists the database's own tables and columns, in one shape on both backends.
pub(crate) fn catalogue_sql(backend: crate::db::Backend) -> &'static str {
    match backend {
        crate::db::Backend::Sqlite => {
            "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations' ORDER BY m.name, p.cid"
        }
        crate::db::Backend::Postgres => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations' ORDER BY table_name, ordinal_position"
        }
    }
}
