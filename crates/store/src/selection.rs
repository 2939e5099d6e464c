//! Selection at the missions: reviewers and their screening scores, interview slots and the
//! panel's scorecards, decisions (alternate ranks), replies and clearance documents.

use crate::db::{Conditions, Tx, Value, query};
use crate::error::StoreError;
use time::OffsetDateTime;

/// A reviewer's part in the first screening of one application.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ReviewRow {
    pub id: i64,
    pub application_id: i64,
    pub reviewer_id: i64,
    pub reviewer_name: String,
    /// The application's reference and position (for the reviewer's queue).
    pub reference: String,
    pub position: String,
    #[serde(with = "time::serde::rfc3339")]
    pub assigned_at: OffsetDateTime,
    /// Declared by the reviewer: they do not score this application.
    pub conflict_of_interest: Option<String>,
    pub scores_json: Option<String>,
    /// The weighted score on the 1–5 scale, once scored.
    pub score: Option<f64>,
    pub remarks: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub scored_at: Option<OffsetDateTime>,
}

const REVIEW: &str = "SELECT r.id, r.application_id, r.reviewer_id, u.display_name AS reviewer_name, a.reference, a.position, \
     r.assigned_at, r.conflict_of_interest, r.scores_json, r.score, r.remarks, r.scored_at FROM screening_reviews r \
     JOIN users u ON u.id = r.reviewer_id JOIN applications a ON a.id = r.application_id";

/// Assigns a reviewer; false when they already are.
pub async fn assign_reviewer(
    tx: &mut Tx,
    application: i64,
    reviewer: i64,
    by: i64,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    // One statement, so two desks assigning the same reviewer at once add one review between
    // them (the second finds the first's row) instead of a unique-key failure.
    let added = tx
        .execute(
            query(
                "INSERT INTO screening_reviews (application_id, reviewer_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (application_id, reviewer_id) DO NOTHING",
            )
            .bind(application)
            .bind(reviewer)
            .bind(by)
            .bind(now),
        )
        .await?;
    Ok(added == 1)
}

/// Reviews of some applications, in one query (a board of thousands reads them at once).
pub async fn reviews_of(tx: &mut Tx, applications: &[i64]) -> Result<Vec<ReviewRow>, StoreError> {
    if applications.is_empty() {
        return Ok(vec![]);
    }
    let mut c = Conditions::new();
    c.any_in(&[("r.application_id", applications.iter().map(|a| Value::from(*a)).collect())]);
    tx.fetch_all(c.query(REVIEW, "ORDER BY r.application_id, r.id", vec![])).await
}

pub async fn review(tx: &mut Tx, application: i64, reviewer: i64) -> Result<Option<ReviewRow>, StoreError> {
    tx.fetch_optional(
        query(format!("{REVIEW} WHERE r.application_id = $1 AND r.reviewer_id = $2")).bind(application).bind(reviewer),
    )
    .await
}

/// A reviewer's queue: their reviews of applications still in screening, unscored first.
pub async fn queue_of(tx: &mut Tx, reviewer: i64) -> Result<Vec<ReviewRow>, StoreError> {
    tx.fetch_all(
        query(format!(
            "{REVIEW} WHERE r.reviewer_id = $1 AND r.application_id IN (SELECT id FROM applications WHERE status = 'submitted') \
             ORDER BY CASE WHEN r.scored_at IS NULL AND r.conflict_of_interest IS NULL THEN 0 ELSE 1 END, r.application_id"
        ))
        .bind(reviewer),
    )
    .await
}

pub async fn declare_conflict(tx: &mut Tx, review: i64, reason: &str) -> Result<bool, StoreError> {
    Ok(tx
        .execute(
            query("UPDATE screening_reviews SET conflict_of_interest = $1, scores_json = NULL, score = NULL, scored_at = NULL WHERE id = $2")
                .bind(reason)
                .bind(review),
        )
        .await?
        == 1)
}

pub async fn score_review(
    tx: &mut Tx,
    review: i64,
    scores_json: &str,
    score: f64,
    remarks: Option<&str>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(tx
        .execute(
            query(
                "UPDATE screening_reviews SET scores_json = $1, score = $2, remarks = $3, scored_at = $4 \
                 WHERE id = $5 AND conflict_of_interest IS NULL",
            )
            .bind(scores_json)
            .bind(score)
            .bind(remarks)
            .bind(now)
            .bind(review),
        )
        .await?
        == 1)
}

/// An interview slot: a time, a place and a panel, booked by at most one application.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct SlotRow {
    pub id: i64,
    pub programme_year_id: i64,
    pub mission_id: i64,
    pub location: String,
    pub panel: String,
    #[serde(with = "time::serde::rfc3339")]
    pub starts_at: OffsetDateTime,
    pub minutes: i64,
    pub application_id: Option<i64>,
    pub reference: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub booked_at: Option<OffsetDateTime>,
    pub sequence: i64,
}

const SLOT: &str = "SELECT s.id, s.programme_year_id, s.mission_id, s.location, s.panel, s.starts_at, s.minutes, \
     s.application_id, a.reference, s.booked_at, s.sequence FROM interview_slots s LEFT JOIN applications a ON a.id = s.application_id";

pub struct NewSlot<'a> {
    pub year: i64,
    pub mission: i64,
    pub location: &'a str,
    pub panel: &'a str,
    pub starts_at: OffsetDateTime,
    pub minutes: i64,
}

/// Adds a slot; false when the panel already has one at that time and place.
pub async fn insert_slot(tx: &mut Tx, s: &NewSlot<'_>) -> Result<bool, StoreError> {
    let taken = tx
        .fetch_i64(
            query(
                "SELECT COUNT(*) FROM interview_slots WHERE mission_id = $1 AND location = $2 AND panel = $3 AND starts_at = $4",
            )
            .bind(s.mission)
            .bind(s.location)
            .bind(s.panel)
            .bind(s.starts_at),
        )
        .await?;
    if taken > 0 {
        return Ok(false);
    }
    tx.execute(
        query(
            "INSERT INTO interview_slots (programme_year_id, mission_id, location, panel, starts_at, minutes) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(s.year)
        .bind(s.mission)
        .bind(s.location)
        .bind(s.panel)
        .bind(s.starts_at)
        .bind(s.minutes),
    )
    .await?;
    Ok(true)
}

/// The slots of a year at some missions (all when `missions` is `None`), by time.
pub async fn slots(tx: &mut Tx, year: i64, missions: Option<&[i64]>) -> Result<Vec<SlotRow>, StoreError> {
    let mut c = Conditions::new();
    c.eq("s.programme_year_id", year);
    if let Some(missions) = missions {
        c.any_in(&[("s.mission_id", missions.iter().map(|m| Value::from(*m)).collect())]);
    }
    tx.fetch_all(c.query(SLOT, "ORDER BY s.starts_at, s.location, s.panel", vec![])).await
}

pub async fn slot(tx: &mut Tx, id: i64) -> Result<Option<SlotRow>, StoreError> {
    tx.fetch_optional(query(format!("{SLOT} WHERE s.id = $1")).bind(id)).await
}

pub async fn slot_of(tx: &mut Tx, application: i64) -> Result<Option<SlotRow>, StoreError> {
    tx.fetch_optional(query(format!("{SLOT} WHERE s.application_id = $1")).bind(application)).await
}

/// Books a free slot; false when someone else was faster.
pub async fn book(tx: &mut Tx, slot: i64, application: i64, now: OffsetDateTime) -> Result<bool, StoreError> {
    Ok(tx
        .execute(
            query(
                "UPDATE interview_slots SET application_id = $1, booked_at = $2, sequence = sequence + 1 \
                 WHERE id = $3 AND application_id IS NULL",
            )
            .bind(application)
            .bind(now)
            .bind(slot),
        )
        .await?
        == 1)
}

/// Frees the slot an application holds.
pub async fn release(tx: &mut Tx, application: i64) -> Result<u64, StoreError> {
    tx.execute(
        query(
            "UPDATE interview_slots SET application_id = NULL, booked_at = NULL, sequence = sequence + 1 WHERE application_id = $1",
        )
        .bind(application),
    )
    .await
}

/// A panel member's scorecard of one interview.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ScorecardRow {
    pub id: i64,
    pub application_id: i64,
    pub panel_member_id: i64,
    pub panel_member_name: String,
    pub scores_json: String,
    pub score: f64,
    pub remarks: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub scored_at: OffsetDateTime,
}

const SCORECARD: &str = "SELECT c.id, c.application_id, c.panel_member_id, u.display_name AS panel_member_name, \
     c.scores_json, c.score, c.remarks, c.scored_at FROM interview_scorecards c JOIN users u ON u.id = c.panel_member_id";

/// Writes (or rewrites) a panel member's scorecard.
pub async fn save_scorecard(
    tx: &mut Tx,
    application: i64,
    member: i64,
    scores_json: &str,
    score: f64,
    remarks: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let updated = tx
        .execute(
            query(
                "UPDATE interview_scorecards SET scores_json = $1, score = $2, remarks = $3, scored_at = $4 \
                 WHERE application_id = $5 AND panel_member_id = $6",
            )
            .bind(scores_json)
            .bind(score)
            .bind(remarks)
            .bind(now)
            .bind(application)
            .bind(member),
        )
        .await?;
    if updated == 0 {
        tx.execute(
            query(
                "INSERT INTO interview_scorecards (application_id, panel_member_id, scores_json, score, remarks, scored_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(application)
            .bind(member)
            .bind(scores_json)
            .bind(score)
            .bind(remarks)
            .bind(now),
        )
        .await?;
    }
    Ok(())
}

pub async fn scorecards_of(tx: &mut Tx, applications: &[i64]) -> Result<Vec<ScorecardRow>, StoreError> {
    if applications.is_empty() {
        return Ok(vec![]);
    }
    let mut c = Conditions::new();
    c.any_in(&[("c.application_id", applications.iter().map(|a| Value::from(*a)).collect())]);
    tx.fetch_all(c.query(SCORECARD, "ORDER BY c.application_id, c.id", vec![])).await
}

pub async fn set_written_test(tx: &mut Tx, application: i64, score: Option<i64>) -> Result<u64, StoreError> {
    tx.execute(query("UPDATE applications SET written_test_score = $1 WHERE id = $2").bind(score).bind(application))
        .await
}

pub async fn set_alternate_rank(tx: &mut Tx, application: i64, rank: Option<i64>) -> Result<u64, StoreError> {
    tx.execute(query("UPDATE applications SET alternate_rank = $1 WHERE id = $2").bind(rank).bind(application)).await
}

pub async fn set_replied(tx: &mut Tx, application: i64, now: OffsetDateTime) -> Result<u64, StoreError> {
    tx.execute(query("UPDATE applications SET replied_at = $1 WHERE id = $2").bind(now).bind(application)).await
}

/// How many of a year's applications for a position hold (or have accepted) a place.
pub async fn places_taken(tx: &mut Tx, year: i64, position: &str) -> Result<i64, StoreError> {
    tx.fetch_i64(
        query(
            "SELECT COUNT(*) FROM applications WHERE programme_year_id = $1 AND position = $2 \
             AND status IN ('short-listed', 'accepted', 'cleared')",
        )
        .bind(year)
        .bind(position),
    )
    .await
}

/// A clearance document an accepted candidate owes, and whether it came.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ClearanceRow {
    pub id: i64,
    pub application_id: i64,
    pub kind: String,
    #[serde(with = "time::serde::rfc3339")]
    pub due_at: OffsetDateTime,
    pub document_id: Option<i64>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub received_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub reminded_at: Option<OffsetDateTime>,
}

const CLEARANCE: &str =
    "SELECT id, application_id, kind, due_at, document_id, received_at, reminded_at FROM clearance_items";

pub async fn insert_clearance(
    tx: &mut Tx,
    application: i64,
    kind: &str,
    due: OffsetDateTime,
) -> Result<(), StoreError> {
    tx.execute(
        query("INSERT INTO clearance_items (application_id, kind, due_at) VALUES ($1, $2, $3)")
            .bind(application)
            .bind(kind)
            .bind(due),
    )
    .await?;
    Ok(())
}

pub async fn clearance_of(tx: &mut Tx, application: i64) -> Result<Vec<ClearanceRow>, StoreError> {
    tx.fetch_all(query(format!("{CLEARANCE} WHERE application_id = $1 ORDER BY id")).bind(application)).await
}

pub async fn receive_clearance(
    tx: &mut Tx,
    application: i64,
    kind: &str,
    document: i64,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(tx
        .execute(
            query(
                "UPDATE clearance_items SET document_id = $1, received_at = $2 WHERE application_id = $3 AND kind = $4",
            )
            .bind(document)
            .bind(now)
            .bind(application)
            .bind(kind),
        )
        .await?
        == 1)
}

/// Items still owed by accepted candidates that fall due before `horizon` and were not reminded
/// since `not_since`.
pub async fn clearance_to_remind(
    tx: &mut Tx,
    horizon: OffsetDateTime,
    not_since: OffsetDateTime,
) -> Result<Vec<ClearanceRow>, StoreError> {
    tx.fetch_all(
        query(format!(
            "{CLEARANCE} WHERE received_at IS NULL AND due_at < $1 AND (reminded_at IS NULL OR reminded_at < $2) \
             AND application_id IN (SELECT id FROM applications WHERE status = 'accepted') ORDER BY application_id, id"
        ))
        .bind(horizon)
        .bind(not_since),
    )
    .await
}

pub async fn mark_clearance_reminded(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<(), StoreError> {
    tx.execute(query("UPDATE clearance_items SET reminded_at = $1 WHERE id = $2").bind(now).bind(id)).await?;
    Ok(())
}

/// Accepted applications of some missions with an item overdue at `now`: the desk's list of
/// candidates to disqualify for a missed deadline.
pub async fn overdue_applications(tx: &mut Tx, year: i64, now: OffsetDateTime) -> Result<Vec<i64>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Id {
        application_id: i64,
    }
    let rows: Vec<Id> = tx
        .fetch_all(
            query(
                "SELECT DISTINCT c.application_id FROM clearance_items c JOIN applications a ON a.id = c.application_id \
                 WHERE a.programme_year_id = $1 AND a.status = 'accepted' AND c.received_at IS NULL AND c.due_at < $2 \
                 ORDER BY c.application_id",
            )
            .bind(year)
            .bind(now),
        )
        .await?;
    Ok(rows.into_iter().map(|r| r.application_id).collect())
}

/// An application as the desk's boards list it: who, for what, where it stands.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct CandidateRow {
    pub id: i64,
    pub reference: String,
    pub person_id: i64,
    pub mission_id: i64,
    pub position: String,
    #[sqlx(try_from = "String")]
    pub status: domain::ApplicationStatus,
    pub status_reason: Option<String>,
    pub family_name: String,
    pub given_name: String,
    pub nationality: String,
    /// `None`: a paper application without an address to mail; the desk tells them by post.
    #[serde(skip)]
    pub email: Option<String>,
    #[serde(skip)]
    pub form_json: String,
    pub written_test_score: Option<i64>,
    pub alternate_rank: Option<i64>,
    pub version: i64,
}

const CANDIDATE: &str = "SELECT a.id, a.reference, a.person_id, a.mission_id, a.position, a.status, a.status_reason, \
     p.family_name, p.given_name, p.nationality, p.email, a.form_json, a.written_test_score, a.alternate_rank, a.version \
     FROM applications a JOIN people p ON p.id = a.person_id";

/// A year's applications at some missions (all when `missions` is `None`) in some states, by
/// reference.
pub async fn candidates(
    tx: &mut Tx,
    year: i64,
    missions: Option<&[i64]>,
    statuses: &[domain::ApplicationStatus],
) -> Result<Vec<CandidateRow>, StoreError> {
    use domain::lifecycle::Lifecycle;
    let mut c = Conditions::new();
    c.eq("a.programme_year_id", year);
    if let Some(missions) = missions {
        c.any_in(&[("a.mission_id", missions.iter().map(|m| Value::from(*m)).collect())]);
    }
    c.any_in(&[("a.status", statuses.iter().map(|s| Value::from(s.as_str())).collect())]);
    tx.fetch_all(c.query(CANDIDATE, "ORDER BY a.reference", vec![])).await
}
