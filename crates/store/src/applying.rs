//! Applying: people who register, their e-mail verification, and their applications' forms.

use crate::db::{Tx, query};
use crate::error::StoreError;
use time::OffsetDateTime;

pub async fn insert_person(
    tx: &mut Tx,
    family_name: &str,
    given_name: &str,
    email: &str,
    nationality: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    tx.fetch_i64(
        query(
            "INSERT INTO people (family_name, given_name, email, nationality, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(family_name)
        .bind(given_name)
        .bind(email)
        .bind(nationality)
        .bind(now),
    )
    .await
}

pub async fn link_person(tx: &mut Tx, user: i64, person: i64) -> Result<(), StoreError> {
    tx.execute(query("UPDATE users SET person_id = $1 WHERE id = $2").bind(person).bind(user)).await?;
    Ok(())
}

pub async fn email_verified_at(tx: &mut Tx, user: i64) -> Result<Option<OffsetDateTime>, StoreError> {
    let row: Option<(Option<OffsetDateTime>,)> =
        tx.fetch_optional(query("SELECT email_verified_at FROM users WHERE id = $1").bind(user)).await?;
    Ok(row.and_then(|r| r.0))
}

pub async fn set_email_verified(tx: &mut Tx, user: i64, at: OffsetDateTime) -> Result<(), StoreError> {
    tx.execute(
        query("UPDATE users SET email_verified_at = $1 WHERE id = $2 AND email_verified_at IS NULL")
            .bind(at)
            .bind(user),
    )
    .await?;
    Ok(())
}

pub async fn insert_verification(
    tx: &mut Tx,
    token_hash: &str,
    user: i64,
    now: OffsetDateTime,
    expires_at: OffsetDateTime,
) -> Result<(), StoreError> {
    tx.execute(
        query("INSERT INTO email_verifications (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user)
            .bind(now)
            .bind(expires_at),
    )
    .await?;
    Ok(())
}

/// Uses a verification link: the user it verifies, if the link is live and unused.
pub async fn use_verification(tx: &mut Tx, token_hash: &str, now: OffsetDateTime) -> Result<Option<i64>, StoreError> {
    let row: Option<(i64,)> = tx
        .fetch_optional(
            query(
                "UPDATE email_verifications SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
                 RETURNING user_id",
            )
            .bind(now)
            .bind(token_hash),
        )
        .await?;
    Ok(row.map(|r| r.0))
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ApplicationRecord {
    pub id: i64,
    pub reference: String,
    pub person_id: i64,
    pub programme_year_id: i64,
    pub mission_id: i64,
    pub position: String,
    #[sqlx(try_from = "String")]
    pub status: domain::ApplicationStatus,
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub form_json: String,
    pub status_reason: Option<String>,
    pub eligibility_json: Option<String>,
    pub version: i64,
    pub eligibility_override: Option<String>,
    /// The written test's result (0–100), where the mission holds one.
    pub written_test_score: Option<i64>,
    /// An alternate's place in the queue (1 is upgraded first).
    pub alternate_rank: Option<i64>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub replied_at: Option<OffsetDateTime>,
}

/// The columns of [`ApplicationRecord`], for `SELECT` and `RETURNING`.
macro_rules! record_columns {
    () => {
        "id, reference, person_id, programme_year_id, mission_id, position, status, submitted_at, \
         updated_at, form_json, status_reason, eligibility_json, version, eligibility_override, written_test_score, \
         alternate_rank, replied_at"
    };
}

const RECORD: &str = concat!("SELECT ", record_columns!(), " FROM applications");

pub async fn application(tx: &mut Tx, id: i64) -> Result<Option<ApplicationRecord>, StoreError> {
    tx.fetch_optional(query(format!("{RECORD} WHERE id = $1")).bind(id)).await
}

/// An application about to change, its row locked until the transaction ends (PostgreSQL:
/// `FOR UPDATE`; SQLite's write transaction holds the one write lock already): the row guards
/// its documents and referees (see `Tx::lock_guard`), read and locked in one statement.
pub async fn application_for_change(tx: &mut Tx, id: i64) -> Result<Option<ApplicationRecord>, StoreError> {
    let sql = match tx.backend() {
        crate::Backend::Postgres => format!("{RECORD} WHERE id = $1 FOR UPDATE"),
        crate::Backend::Sqlite => format!("{RECORD} WHERE id = $1"),
    };
    tx.fetch_optional(query(sql).bind(id)).await
}

pub async fn applications_of(tx: &mut Tx, person: i64) -> Result<Vec<ApplicationRecord>, StoreError> {
    tx.fetch_all(query(format!("{RECORD} WHERE person_id = $1 ORDER BY id DESC")).bind(person)).await
}

pub async fn application_of_year(tx: &mut Tx, person: i64, year: i64) -> Result<Option<ApplicationRecord>, StoreError> {
    tx.fetch_optional(
        query(format!("{RECORD} WHERE person_id = $1 AND programme_year_id = $2")).bind(person).bind(year),
    )
    .await
}

pub async fn application_by_reference(tx: &mut Tx, reference: &str) -> Result<Option<ApplicationRecord>, StoreError> {
    tx.fetch_optional(query(format!("{RECORD} WHERE reference = $1")).bind(reference)).await
}

/// A paper application received by post and typed in (or imported) at the mission.
pub struct PaperApplication<'a> {
    pub reference: &'a str,
    pub family_name: &'a str,
    pub given_name: &'a str,
    pub email: Option<&'a str>,
    pub nationality: &'a str,
    pub year: i64,
    pub mission: i64,
    pub position: &'a str,
    pub form_json: &'a str,
}

/// Writes a paper application as submitted on `now`: its person and the application.
pub async fn insert_paper_application(
    tx: &mut Tx,
    a: PaperApplication<'_>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let person = tx
        .fetch_i64(
            query(
                "INSERT INTO people (family_name, given_name, email, nationality, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(a.family_name)
            .bind(a.given_name)
            .bind(a.email)
            .bind(a.nationality)
            .bind(now),
        )
        .await?;
    tx.fetch_i64(
        query(
            "INSERT INTO applications (reference, person_id, programme_year_id, mission_id, position, status, submitted_at, \
             updated_at, form_json, status_reason) VALUES ($1, $2, $3, $4, $5, 'submitted', $6, $6, $7, 'paper application') RETURNING id",
        )
        .bind(a.reference)
        .bind(person)
        .bind(a.year)
        .bind(a.mission)
        .bind(a.position)
        .bind(now)
        .bind(a.form_json),
    )
    .await
}

/// The next reference number of a year, `US-2027-00042`: its applications counted, plus one. The year's row is
/// locked first (an update that changes nothing, the same SQL on both backends), so that on
/// PostgreSQL applicants starting at the same moment count one after another instead of taking
/// the same number and failing on the unique reference; on SQLite the writer lock already does it.
pub async fn next_reference(tx: &mut Tx, country: &str, year: i64, programme_year: i64) -> Result<String, StoreError> {
    tx.execute(query("UPDATE programme_years SET version = version WHERE id = $1").bind(programme_year)).await?;
    let n = tx
        .fetch_i64(query("SELECT COUNT(*) FROM applications WHERE programme_year_id = $1").bind(programme_year))
        .await?;
    Ok(format!("{country}-{year}-{:05}", n + 1))
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_application(
    tx: &mut Tx,
    reference: &str,
    person: i64,
    programme_year: i64,
    mission: i64,
    position: &str,
    form_json: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    tx.fetch_i64(
        query(
            "INSERT INTO applications (reference, person_id, programme_year_id, mission_id, position, status, updated_at, form_json) \
             VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7) RETURNING id",
        )
        .bind(reference)
        .bind(person)
        .bind(programme_year)
        .bind(mission)
        .bind(position)
        .bind(now)
        .bind(form_json),
    )
    .await
}

/// Saves the form if still at `version`; false when another save came first.
pub async fn save_form(
    tx: &mut Tx,
    id: i64,
    version: i64,
    form_json: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = tx
        .execute(
            query("UPDATE applications SET form_json = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4")
                .bind(form_json)
                .bind(now)
                .bind(id)
                .bind(version),
        )
        .await?;
    Ok(n == 1)
}

/// Moves an application to a status if it is still at `version`.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    version: i64,
    status: &str,
    reason: Option<&str>,
    eligibility_json: Option<&str>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let submitted = (status == "submitted").then_some(now);
    let n = tx
        .execute(
            query(
                "UPDATE applications SET status = $1, status_reason = $2, eligibility_json = COALESCE($3, eligibility_json), \
                 submitted_at = COALESCE($4, submitted_at), updated_at = $5, version = version + 1 WHERE id = $6 AND version = $7",
            )
            .bind(status)
            .bind(reason)
            .bind(eligibility_json)
            .bind(submitted)
            .bind(now)
            .bind(id)
            .bind(version),
        )
        .await?;
    Ok(n == 1)
}

/// Submits a draft at the version it was read at, with the eligibility findings: the record as
/// it is now, or `None` when the version moved on (a concurrent change).
pub async fn submit(
    tx: &mut Tx,
    id: i64,
    version: i64,
    eligibility_json: Option<&str>,
    now: OffsetDateTime,
) -> Result<Option<ApplicationRecord>, StoreError> {
    tx.fetch_optional(
        query(concat!(
            "UPDATE applications SET status = 'submitted', status_reason = NULL, \
             eligibility_json = COALESCE($1, eligibility_json), submitted_at = $2, updated_at = $2, \
             version = version + 1 WHERE id = $3 AND version = $4 RETURNING ",
            record_columns!()
        ))
        .bind(eligibility_json)
        .bind(now)
        .bind(id)
        .bind(version),
    )
    .await
}

pub async fn set_eligibility_override(
    tx: &mut Tx,
    id: i64,
    version: i64,
    json: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = tx
        .execute(
            query("UPDATE applications SET eligibility_override = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4")
                .bind(json)
                .bind(now)
                .bind(id)
                .bind(version),
        )
        .await?;
    Ok(n == 1)
}

/// Makes the submissions of one name in one year number take turns until this transaction ends,
/// so that the same person submitting from two accounts at the same instant is caught by
/// [`same_name_applications`]. SQLite's write transaction holds the database's one write lock
/// already; PostgreSQL takes a transaction-scoped advisory lock on the name.
pub async fn hold_name(tx: &mut Tx, year: i64, family_name: &str, given_name: &str) -> Result<(), StoreError> {
    if tx.backend() != crate::Backend::Postgres {
        return Ok(());
    }
    let key = format!("person-name\u{1f}{year}\u{1f}{}\u{1f}{}", family_name.to_lowercase(), given_name.to_lowercase());
    tx.execute(query("SELECT pg_advisory_xact_lock($1)").bind(crate::auth::advisory_lock_of(&key))).await?;
    Ok(())
}

/// Other applications in a programme year number (any country) by people of this name, with
/// their form: the caller compares birth dates, which live in the form.
pub async fn same_name_applications(
    tx: &mut Tx,
    year: i64,
    family_name: &str,
    given_name: &str,
    except: i64,
) -> Result<Vec<ApplicationRecord>, StoreError> {
    // Starts from the people of that name (an index lookup on the lower-cased names, migration
    // 0010), then their applications (by person) of the calendar year's programme years.
    tx.fetch_all(
        query(format!(
            "{RECORD} WHERE programme_year_id IN (SELECT id FROM programme_years WHERE year = $1) \
             AND person_id IN (SELECT id FROM people WHERE LOWER(family_name) = LOWER($2) \
             AND LOWER(given_name) = LOWER($3)) \
             AND id <> $4 AND status NOT IN ('draft', 'withdrawn')"
        ))
        .bind(year)
        .bind(family_name)
        .bind(given_name)
        .bind(except),
    )
    .await
}

/// A document's description (its bytes are read only when downloaded).
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct DocumentRow {
    pub id: i64,
    pub application_id: i64,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    #[serde(with = "time::serde::rfc3339")]
    pub uploaded_at: OffsetDateTime,
    /// The referee who sent it: a reference letter, confidential to the mission (its applicant
    /// is told only that it came, and when).
    pub referee_id: Option<i64>,
}

impl DocumentRow {
    pub fn is_reference_letter(&self) -> bool {
        self.referee_id.is_some()
    }
}

/// The columns of [`DocumentRow`], for `SELECT` and `RETURNING`.
macro_rules! document_columns {
    () => {
        "id, application_id, kind, file_name, content_type, size_bytes, sha256, uploaded_at, referee_id"
    };
}

const DOCUMENT: &str = concat!("SELECT ", document_columns!(), " FROM documents");

pub async fn documents(tx: &mut Tx, application: i64) -> Result<Vec<DocumentRow>, StoreError> {
    tx.fetch_all(query(format!("{DOCUMENT} WHERE application_id = $1 ORDER BY id")).bind(application)).await
}

/// One of the applicant's own documents by its content (a retried upload). A referee's letter is
/// never matched: the applicant may not find it, nor test a guess of its content.
pub async fn document_by_hash(tx: &mut Tx, application: i64, sha256: &str) -> Result<Option<DocumentRow>, StoreError> {
    tx.fetch_optional(
        query(format!("{DOCUMENT} WHERE application_id = $1 AND sha256 = $2 AND referee_id IS NULL"))
            .bind(application)
            .bind(sha256),
    )
    .await
}

pub async fn document_by_id(tx: &mut Tx, id: i64) -> Result<Option<DocumentRow>, StoreError> {
    tx.fetch_optional(query(format!("{DOCUMENT} WHERE id = $1")).bind(id)).await
}

/// A new document's description and bytes.
#[derive(Debug)]
pub struct NewDocument<'a> {
    pub application: i64,
    pub kind: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub content: Vec<u8>,
    pub uploaded_by: Option<i64>,
    pub referee: Option<i64>,
}

/// Changes what a document counts as (the applicant's transcript that also proves the degree).
pub async fn set_document_kind(tx: &mut Tx, id: i64, kind: &str) -> Result<(), StoreError> {
    tx.execute(query("UPDATE documents SET kind = $1 WHERE id = $2").bind(kind).bind(id)).await?;
    Ok(())
}

/// Stores a document; answers its description as stored (one statement: `RETURNING`).
pub async fn insert_document(tx: &mut Tx, d: NewDocument<'_>, now: OffsetDateTime) -> Result<DocumentRow, StoreError> {
    let size = i64::try_from(d.content.len()).unwrap_or(i64::MAX);
    tx.fetch_one(
        query(concat!(
            "INSERT INTO documents (application_id, kind, file_name, content_type, size_bytes, sha256, content, uploaded_by, uploaded_at, referee_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ",
            document_columns!()
        ))
        .bind(d.application)
        .bind(d.kind)
        .bind(d.file_name)
        .bind(d.content_type)
        .bind(size)
        .bind(d.sha256)
        .bind(d.content)
        .bind(d.uploaded_by)
        .bind(now)
        .bind(d.referee),
    )
    .await
}

/// A document's bytes, with its description.
pub async fn document_content(tx: &mut Tx, id: i64) -> Result<Option<(DocumentRow, Vec<u8>)>, StoreError> {
    let row: Option<DocumentRow> = tx.fetch_optional(query(format!("{DOCUMENT} WHERE id = $1")).bind(id)).await?;
    let Some(row) = row else { return Ok(None) };
    let (content,): (Vec<u8>,) = tx.fetch_one(query("SELECT content FROM documents WHERE id = $1").bind(id)).await?;
    Ok(Some((row, content)))
}

/// Deletes one of the applicant's own documents; a referee's letter is not theirs to delete.
pub async fn delete_document(tx: &mut Tx, application: i64, id: i64) -> Result<u64, StoreError> {
    tx.execute(
        query("DELETE FROM documents WHERE id = $1 AND application_id = $2 AND referee_id IS NULL")
            .bind(id)
            .bind(application),
    )
    .await
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct RefereeRow {
    pub id: i64,
    pub application_id: i64,
    pub name: String,
    pub email: String,
    #[serde(with = "time::serde::rfc3339")]
    pub invited_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub reminded_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub received_at: Option<OffsetDateTime>,
}

const REFEREE: &str = "SELECT id, application_id, name, email, invited_at, reminded_at, received_at FROM referees";

pub async fn insert_referee(
    tx: &mut Tx,
    application: i64,
    name: &str,
    email: &str,
    token_hash: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    tx.fetch_i64(
        query("INSERT INTO referees (application_id, name, email, token_hash, invited_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(application)
            .bind(name)
            .bind(email)
            .bind(token_hash)
            .bind(now),
    )
    .await
}

pub async fn referees(tx: &mut Tx, application: i64) -> Result<Vec<RefereeRow>, StoreError> {
    tx.fetch_all(query(format!("{REFEREE} WHERE application_id = $1 ORDER BY id")).bind(application)).await
}

pub async fn referee_by_token(tx: &mut Tx, token_hash: &str) -> Result<Option<RefereeRow>, StoreError> {
    tx.fetch_optional(query(format!("{REFEREE} WHERE token_hash = $1")).bind(token_hash)).await
}

pub async fn mark_referee_received(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<bool, StoreError> {
    Ok(tx
        .execute(query("UPDATE referees SET received_at = $1 WHERE id = $2 AND received_at IS NULL").bind(now).bind(id))
        .await?
        == 1)
}

/// Referees to remind: invited before `before`, letter not received, not reminded since `before`,
/// for applications still open (draft or submitted).
pub async fn referees_to_remind(tx: &mut Tx, before: OffsetDateTime) -> Result<Vec<RefereeRow>, StoreError> {
    tx.fetch_all(
        query(format!(
            "{REFEREE} WHERE received_at IS NULL AND invited_at < $1 AND (reminded_at IS NULL OR reminded_at < $1) \
             AND application_id IN (SELECT id FROM applications WHERE status IN ('draft', 'submitted')) ORDER BY id"
        ))
        .bind(before),
    )
    .await
}

/// Records a reminder with the new link's token (only digests are kept, so a reminder carries a
/// fresh link that replaces the earlier one).
pub async fn mark_referee_reminded(
    tx: &mut Tx,
    id: i64,
    token_hash: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    tx.execute(
        query("UPDATE referees SET reminded_at = $1, token_hash = $2 WHERE id = $3")
            .bind(now)
            .bind(token_hash)
            .bind(id),
    )
    .await?;
    Ok(())
}
