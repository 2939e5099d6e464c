//! The selection part of the JSON API (issue 4, items 5-8): screening, interviews, decisions,
//! the reply and clearance. Every action of the mission's pages and the applicant's status page
//! has its operation here.

use crate::shell::AppState;
use crate::shell::api::ApiResult;
use crate::shell::api::{
    Application, CriterionBody, Document, EligibilityFinding, Form, SelectionRulesBody, YearRecord, form_of,
};
use crate::shell::context::{ApiJson, Signed};
use crate::shell::error::ErrorBody;
use crate::shell::files::calendar_response;
use app::selection::file::{CandidateFile, FileReferee, FileStep};
use app::selection::{
    ApplicantSelection, ClearanceView, Decision, DecisionBoard, DecisionRow, InterviewBoard, PlaceCount, ReviewView,
    ScreeningBoard, ScreeningRow, SlotView, UpgradeProposal,
};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use domain::selection::{Agreement, Outcome};
use domain::{ApplicationId, InterviewSlotId, ProgrammeYearId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use store::selection::{ClearanceRow, ReviewRow, ScorecardRow, SlotRow};
use utoipa::{IntoParams, ToSchema};

/// How many records an action changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct Changed {
    pub changed: usize,
}

/// The applications in first screening at the caller's missions, with reviewers, scores, their
/// spread and disagreements (names hidden when the year screens blind).
#[utoipa::path(get, path = "/api/v1/programme-years/{id}/screening", tag = "selection", params(("id" = i64, Path)),
    responses((status = 200, body = Screening), (status = 403, body = ErrorBody)))]
pub async fn screening_board(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ProgrammeYearId>,
) -> ApiResult<Screening> {
    Ok(Json(
        state
            .app
            .selecting(&actor, "screening.read")
            .await
            .map_err(|e| ctx.fail(e))?
            .screening_board(id)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AssignRequest {
    pub applications: Vec<i64>,
    /// User ids of staff of the applications' mission.
    pub reviewers: Vec<i64>,
}

/// Assigns reviewers to applications in screening.
#[utoipa::path(post, path = "/api/v1/programme-years/{id}/screening/reviewers", tag = "selection", params(("id" = i64, Path)),
    request_body = AssignRequest, responses((status = 200, body = Changed), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn assign_reviewers(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ProgrammeYearId>,
    ApiJson(body): ApiJson<AssignRequest>,
) -> ApiResult<Changed> {
    let changed = state
        .app
        .selecting(&actor, "screening.assign")
        .await
        .map_err(|e| ctx.fail(e))?
        .assign_reviewers(id, &body.applications, &body.reviewers)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(Changed { changed }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ScreeningDecisionRequest {
    pub applications: Vec<i64>,
    /// `true` invites to interview, `false` screens out.
    pub advance: bool,
    /// Required to screen out.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Advances or screens out applications in bulk; all or nothing.
#[utoipa::path(post, path = "/api/v1/programme-years/{id}/screening/decisions", tag = "selection", params(("id" = i64, Path)),
    request_body = ScreeningDecisionRequest, responses((status = 200, body = Changed), (status = 422, body = ErrorBody)))]
pub async fn screening_decision(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ProgrammeYearId>,
    ApiJson(body): ApiJson<ScreeningDecisionRequest>,
) -> ApiResult<Changed> {
    let changed = state
        .app
        .selecting(&actor, "screening.decide")
        .await
        .map_err(|e| ctx.fail(e))?
        .screening_decision(id, &body.applications, body.advance, body.reason.as_deref())
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(Changed { changed }))
}

/// The candidate's file: the whole application for the desk of its mission and CLAIR; what
/// screening needs for its reviewers; nothing personal for a reader who declared a conflict of
/// interest; no identity while the year screens blind. `reader` says which.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "selection", params(("id" = i64, Path)),
    responses((status = 200, body = CandidateFileBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn candidate_file(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
) -> ApiResult<CandidateFileBody> {
    Ok(Json(state.app.file_reading(&actor).candidate_file(id).await.map_err(|e| ctx.fail(e))?.into()))
}

/// The caller's reviews: to score first, then done.
#[utoipa::path(get, path = "/api/v1/my/reviews", tag = "selection",
    responses((status = 200, body = Vec<Review>)))]
pub async fn my_reviews(State(state): State<AppState>, Signed { ctx, actor }: Signed) -> ApiResult<Vec<Review>> {
    let reviews = state.app.reviewing(&actor).my_reviews().await.map_err(|e| ctx.fail(e))?;
    Ok(Json(reviews.into_iter().map(Into::into).collect()))
}

/// An application as its reviewer sees it, with the rubric and the reviewer's own score.
#[utoipa::path(get, path = "/api/v1/applications/{id}/review", tag = "selection", params(("id" = i64, Path)),
    responses((status = 200, body = ReviewSheet), (status = 403, body = ErrorBody)))]
pub async fn review(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
) -> ApiResult<ReviewSheet> {
    Ok(Json(state.app.reviewing(&actor).review_view(id).await.map_err(|e| ctx.fail(e))?.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ScoreRequest {
    /// A mark from 1 to 5 for every criterion of the rubric, by the criterion's key:
    /// `{"statement": 4, ...}`.
    pub scores: BTreeMap<String, u8>,
    #[serde(default)]
    pub remarks: Option<String>,
}

/// The reviewer's score of an application in screening.
#[utoipa::path(put, path = "/api/v1/applications/{id}/review", tag = "selection", params(("id" = i64, Path)),
    request_body = ScoreRequest, responses((status = 200, body = Review), (status = 422, body = ErrorBody)))]
pub async fn score_review(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
    ApiJson(body): ApiJson<ScoreRequest>,
) -> ApiResult<Review> {
    Ok(Json(
        state
            .app
            .reviewing(&actor)
            .score_screening(id, &body.scores, body.remarks.as_deref())
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReasonRequest {
    pub reason: String,
}

/// The reviewer declares a conflict of interest and stops reviewing this application.
#[utoipa::path(post, path = "/api/v1/applications/{id}/review/conflict", tag = "selection", params(("id" = i64, Path)),
    request_body = ReasonRequest, responses((status = 200, body = Review), (status = 422, body = ErrorBody)))]
pub async fn declare_conflict(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
    ApiJson(body): ApiJson<ReasonRequest>,
) -> ApiResult<Review> {
    Ok(Json(state.app.reviewing(&actor).declare_conflict(id, &body.reason).await.map_err(|e| ctx.fail(e))?.into()))
}

/// The interview slots of a year at the caller's missions, with scorecards.
#[utoipa::path(get, path = "/api/v1/programme-years/{id}/interviews", tag = "selection", params(("id" = i64, Path)),
    responses((status = 200, body = Interviews), (status = 403, body = ErrorBody)))]
pub async fn interview_board(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ProgrammeYearId>,
) -> ApiResult<Interviews> {
    Ok(Json(
        state
            .app
            .selecting(&actor, "interview.read")
            .await
            .map_err(|e| ctx.fail(e))?
            .interview_board(id)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SlotsRequest {
    pub mission: i64,
    pub location: String,
    pub panel: String,
    /// The first slot's start, local time of the country: `YYYY-MM-DDTHH:MM`.
    pub first: String,
    pub count: u32,
    pub minutes: u32,
}

/// Adds consecutive interview slots for a panel.
#[utoipa::path(post, path = "/api/v1/programme-years/{id}/interviews/slots", tag = "selection", params(("id" = i64, Path)),
    request_body = SlotsRequest, responses((status = 200, body = Changed), (status = 422, body = ErrorBody)))]
pub async fn add_slots(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ProgrammeYearId>,
    ApiJson(b): ApiJson<SlotsRequest>,
) -> ApiResult<Changed> {
    let changed = state
        .app
        .selecting(&actor, "interview.slots")
        .await
        .map_err(|e| ctx.fail(e))?
        .add_interview_slots(id, b.mission, &b.location, &b.panel, &b.first, b.count, b.minutes)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(Changed { changed }))
}

/// A panel member's scorecard of an interview (the first marks the candidate interviewed).
#[utoipa::path(put, path = "/api/v1/applications/{id}/scorecard", tag = "selection", params(("id" = i64, Path)),
    request_body = ScoreRequest, responses((status = 200, body = Vec<Scorecard>), (status = 422, body = ErrorBody)))]
pub async fn scorecard(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
    ApiJson(body): ApiJson<ScoreRequest>,
) -> ApiResult<Vec<Scorecard>> {
    let cards = state
        .app
        .selecting(&actor, "interview.score")
        .await
        .map_err(|e| ctx.fail(e))?
        .score_interview(id, &body.scores, body.remarks.as_deref())
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(cards.into_iter().map(Into::into).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct WrittenTestRequest {
    /// 0–100, or null to clear.
    pub score: Option<i64>,
}

/// Records the written test's result.
#[utoipa::path(put, path = "/api/v1/applications/{id}/written-test", tag = "selection", params(("id" = i64, Path)),
    request_body = WrittenTestRequest, responses((status = 200, body = Changed), (status = 422, body = ErrorBody)))]
pub async fn written_test(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
    ApiJson(body): ApiJson<WrittenTestRequest>,
) -> ApiResult<Changed> {
    state
        .app
        .selecting(&actor, "interview.written-test")
        .await
        .map_err(|e| ctx.fail(e))?
        .set_written_test(id, body.score)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(Changed { changed: 1 }))
}

/// The decision board: scores, the proposal within the plan, places taken, upgrade proposals.
#[utoipa::path(get, path = "/api/v1/programme-years/{id}/decisions", tag = "selection", params(("id" = i64, Path)),
    responses((status = 200, body = Decisions), (status = 403, body = ErrorBody)))]
pub async fn decision_board(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ProgrammeYearId>,
) -> ApiResult<Decisions> {
    Ok(Json(
        state
            .app
            .selecting(&actor, "selection.read")
            .await
            .map_err(|e| ctx.fail(e))?
            .decision_board(id)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DecideRequest {
    pub decisions: Vec<DecisionRequest>,
}

/// Decides interviewed candidates within the plan; all or nothing; each is told by mail.
#[utoipa::path(post, path = "/api/v1/programme-years/{id}/decisions", tag = "selection", params(("id" = i64, Path)),
    request_body = DecideRequest, responses((status = 200, body = Changed), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ProgrammeYearId>,
    ApiJson(body): ApiJson<DecideRequest>,
) -> ApiResult<Changed> {
    let decisions: Vec<Decision> = body.decisions.into_iter().map(Into::into).collect();
    let changed = state
        .app
        .selecting(&actor, "selection.decide")
        .await
        .map_err(|e| ctx.fail(e))?
        .decide(id, &decisions)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(Changed { changed }))
}

/// Upgrades an alternate to the short-list when a place of their position is free.
#[utoipa::path(post, path = "/api/v1/applications/{id}/upgrade", tag = "selection", params(("id" = i64, Path)),
    responses((status = 200, body = Application), (status = 422, body = ErrorBody)))]
pub async fn upgrade(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
) -> ApiResult<Application> {
    Ok(Json(
        state
            .app
            .selecting(&actor, "selection.upgrade")
            .await
            .map_err(|e| ctx.fail(e))?
            .upgrade_alternate(id)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DisqualifyRequest {
    /// `missed-deadline` or `false-statement`.
    pub ground: String,
    pub details: String,
}

/// Disqualifies a candidate, with the ground and details on record.
#[utoipa::path(post, path = "/api/v1/applications/{id}/disqualify", tag = "selection", params(("id" = i64, Path)),
    request_body = DisqualifyRequest, responses((status = 200, body = Application), (status = 422, body = ErrorBody)))]
pub async fn disqualify(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
    ApiJson(body): ApiJson<DisqualifyRequest>,
) -> ApiResult<Application> {
    let desk = state.app.selecting(&actor, "selection.disqualify").await.map_err(|e| ctx.fail(e))?;
    let ground = domain::selection::Ground::parse(&body.ground).map_err(|e| ctx.fail(e))?;
    Ok(Json(desk.disqualify(id, ground, &body.details).await.map_err(|e| ctx.fail(e))?.into()))
}

/// The applicant's selection: their slot, slots they may book, reply deadline, clearance, partner.
#[utoipa::path(get, path = "/api/v1/my/applications/{id}/selection", tag = "applying", params(("id" = i64, Path)),
    responses((status = 200, body = MySelection), (status = 403, body = ErrorBody)))]
pub async fn my_selection(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
) -> ApiResult<MySelection> {
    Ok(Json(
        state
            .app
            .applicant(&actor, "application.read")
            .await
            .map_err(|e| ctx.fail(e))?
            .applicant_selection(id)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct BookRequest {
    pub slot: i64,
}

/// Books (or moves to) an interview slot; the mail carries the calendar invitation.
#[utoipa::path(put, path = "/api/v1/my/applications/{id}/interview", tag = "applying", params(("id" = i64, Path)),
    request_body = BookRequest, responses((status = 200, body = Slot), (status = 422, body = ErrorBody)))]
pub async fn book_interview(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
    ApiJson(body): ApiJson<BookRequest>,
) -> ApiResult<Slot> {
    Ok(Json(
        state
            .app
            .applicant(&actor, "interview.book")
            .await
            .map_err(|e| ctx.fail(e))?
            .book_interview(id, InterviewSlotId(body.slot))
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

/// Cancels the booked interview (until the cutoff).
#[utoipa::path(delete, path = "/api/v1/my/applications/{id}/interview", tag = "applying", params(("id" = i64, Path)),
    responses((status = 200, body = Changed), (status = 422, body = ErrorBody)))]
pub async fn cancel_interview(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
) -> ApiResult<Changed> {
    state
        .app
        .applicant(&actor, "interview.cancel")
        .await
        .map_err(|e| ctx.fail(e))?
        .cancel_interview(id)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(Changed { changed: 1 }))
}

/// The booked interview as an iCalendar file.
#[utoipa::path(get, path = "/api/v1/my/applications/{id}/interview.ics", tag = "applying", params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = ErrorBody)))]
pub async fn interview_calendar(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
) -> Response {
    match async { state.app.applicant(&actor, "interview.read").await?.interview_calendar(id).await }.await {
        Ok(ics) => calendar_response(ics),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReplyRequest {
    pub accept: bool,
    /// Why, when declining (optional).
    #[serde(default)]
    pub reason: Option<String>,
}

/// The short-listed candidate accepts or declines the offer (before the reply deadline).
#[utoipa::path(post, path = "/api/v1/my/applications/{id}/reply", tag = "applying", params(("id" = i64, Path)),
    request_body = ReplyRequest, responses((status = 200, body = Application), (status = 422, body = ErrorBody)))]
pub async fn reply(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
    ApiJson(body): ApiJson<ReplyRequest>,
) -> ApiResult<Application> {
    let record = state
        .app
        .applicant(&actor, "selection.reply")
        .await
        .map_err(|e| ctx.fail(e))?
        .reply_to_offer(id, body.accept, body.reason.as_deref())
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(record.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClearanceParams {
    /// `police-certificate`, `health-certificate` or `graduation-proof`.
    pub kind: String,
    /// The file's name; its ending must match its content.
    pub name: String,
}

/// Uploads a clearance document (the raw file as the body; same checks as other documents).
#[utoipa::path(put, path = "/api/v1/my/applications/{id}/clearance", tag = "applying", params(("id" = i64, Path), ClearanceParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = Vec<Clearance>), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload_clearance(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
    Query(p): Query<ClearanceParams>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Vec<Clearance>> {
    let expected = headers.get("x-content-sha256").and_then(|v| v.to_str().ok());
    let items = state
        .app
        .applicant(&actor, "selection.clearance")
        .await
        .map_err(|e| ctx.fail(e))?
        .upload_clearance(id, &p.kind, &p.name, body.to_vec(), expected)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(items.into_iter().map(Into::into).collect()))
}

// ----- The API's own types: what the operations above answer, as the document describes it -----

/// A reviewer's part in the first screening of one application.
#[derive(Debug, Serialize, ToSchema)]
pub struct Review {
    pub id: i64,
    pub application_id: i64,
    pub reviewer_id: i64,
    pub reviewer_name: String,
    /// The application's reference and position (for the reviewer's queue).
    pub reference: String,
    pub position: String,
    #[serde(with = "time::serde::rfc3339")]
    pub assigned_at: time::OffsetDateTime,
    /// Declared by the reviewer: they do not score this application.
    pub conflict_of_interest: Option<String>,
    /// The reviewer's mark (1–5) for each criterion, by the criterion's key, once scored.
    pub scores: Option<BTreeMap<String, u8>>,
    /// The weighted score on the 1–5 scale, once scored.
    pub score: Option<f64>,
    pub remarks: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub scored_at: Option<time::OffsetDateTime>,
}

impl From<ReviewRow> for Review {
    fn from(r: ReviewRow) -> Self {
        Review {
            id: r.id,
            application_id: r.application_id,
            reviewer_id: r.reviewer_id,
            reviewer_name: r.reviewer_name,
            reference: r.reference,
            position: r.position,
            assigned_at: r.assigned_at,
            conflict_of_interest: r.conflict_of_interest,
            scores: r.scores_json.as_deref().and_then(|j| serde_json::from_str(j).ok()),
            score: r.score,
            remarks: r.remarks,
            scored_at: r.scored_at,
        }
    }
}

/// The applications in first screening, with their reviews.
#[derive(Debug, Serialize, ToSchema)]
pub struct Screening {
    pub year: YearRecord,
    pub rules: SelectionRulesBody,
    pub rows: Vec<ScreeningEntry>,
    /// Staff of the missions in scope who may review.
    pub reviewers: Vec<Reviewer>,
}

/// A member of staff who may review.
#[derive(Debug, Serialize, ToSchema)]
pub struct Reviewer {
    pub id: i64,
    pub name: String,
}

impl From<ScreeningBoard> for Screening {
    fn from(b: ScreeningBoard) -> Self {
        Screening {
            year: b.year.into(),
            rules: b.rules.into(),
            rows: b.rows.into_iter().map(Into::into).collect(),
            reviewers: b.reviewers.into_iter().map(|(id, name)| Reviewer { id, name }).collect(),
        }
    }
}

/// An application on the screening board.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScreeningEntry {
    pub id: i64,
    pub reference: String,
    /// Null while screening is blind.
    pub name: Option<String>,
    pub nationality: String,
    pub position: String,
    pub status: String,
    pub reviews: Vec<Review>,
    pub agreement: ReviewAgreement,
    /// Reviewers still needed (without a declared conflict) to reach the year's number.
    pub reviewers_missing: usize,
    /// Enough scores to decide.
    pub ready: bool,
}

impl From<ScreeningRow> for ScreeningEntry {
    fn from(r: ScreeningRow) -> Self {
        ScreeningEntry {
            id: r.id,
            reference: r.reference,
            name: r.name,
            nationality: r.nationality,
            position: r.position,
            status: r.status.to_string(),
            reviews: r.reviews.into_iter().map(Into::into).collect(),
            agreement: r.agreement.into(),
            reviewers_missing: r.reviewers_missing,
            ready: r.ready,
        }
    }
}

/// What several reviewers' scores of one application add up to.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewAgreement {
    pub scored: usize,
    pub mean: Option<f64>,
    /// Highest minus lowest; 0 with fewer than two scores.
    pub spread: f64,
    /// The spread is above the year's threshold.
    pub disagreement: bool,
}

impl From<Agreement> for ReviewAgreement {
    fn from(a: Agreement) -> Self {
        ReviewAgreement { scored: a.scored, mean: a.mean, spread: a.spread, disagreement: a.disagreement }
    }
}

/// What a reviewer sees of an application: the form, without the personal details when blind.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewSheet {
    pub application_id: i64,
    pub reference: String,
    pub position: String,
    pub status: String,
    pub blind: bool,
    pub name: Option<String>,
    pub form: Form,
    pub documents: Vec<Document>,
    pub rubric: Vec<CriterionBody>,
    pub review: Option<Review>,
}

impl From<ReviewView> for ReviewSheet {
    fn from(v: ReviewView) -> Self {
        ReviewSheet {
            application_id: v.application_id,
            reference: v.reference,
            position: v.position,
            status: v.status.to_string(),
            blind: v.blind,
            name: v.name,
            form: form_of(&v.form),
            documents: v.documents.into_iter().map(Into::into).collect(),
            rubric: v
                .rubric
                .into_iter()
                .map(|c| CriterionBody { key: c.key, label: c.label, weight: c.weight })
                .collect(),
            review: v.review.map(Into::into),
        }
    }
}

/// An interview slot.
#[derive(Debug, Serialize, ToSchema)]
pub struct Slot {
    pub id: i64,
    pub programme_year_id: i64,
    pub mission_id: i64,
    pub location: String,
    pub panel: String,
    #[serde(with = "time::serde::rfc3339")]
    pub starts_at: time::OffsetDateTime,
    pub minutes: i64,
    /// The application that booked it.
    pub application_id: Option<i64>,
    pub reference: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub booked_at: Option<time::OffsetDateTime>,
    pub sequence: i64,
}

impl From<SlotRow> for Slot {
    fn from(s: SlotRow) -> Self {
        Slot {
            id: s.id,
            programme_year_id: s.programme_year_id,
            mission_id: s.mission_id,
            location: s.location,
            panel: s.panel,
            starts_at: s.starts_at,
            minutes: s.minutes,
            application_id: s.application_id,
            reference: s.reference,
            booked_at: s.booked_at,
            sequence: s.sequence,
        }
    }
}

/// A panel member's scorecard of an interview.
#[derive(Debug, Serialize, ToSchema)]
pub struct Scorecard {
    pub id: i64,
    pub application_id: i64,
    pub panel_member_id: i64,
    pub panel_member_name: String,
    /// The mark (1–5) for each criterion, by the criterion's key.
    pub scores: BTreeMap<String, u8>,
    /// The weighted score on the 1–5 scale.
    pub score: f64,
    pub remarks: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub scored_at: time::OffsetDateTime,
}

impl From<ScorecardRow> for Scorecard {
    fn from(c: ScorecardRow) -> Self {
        Scorecard {
            id: c.id,
            application_id: c.application_id,
            panel_member_id: c.panel_member_id,
            panel_member_name: c.panel_member_name,
            scores: serde_json::from_str(&c.scores_json).unwrap_or_default(),
            score: c.score,
            remarks: c.remarks,
            scored_at: c.scored_at,
        }
    }
}

/// The interview slots of a year, with scorecards.
#[derive(Debug, Serialize, ToSchema)]
pub struct Interviews {
    pub year: YearRecord,
    pub rules: SelectionRulesBody,
    pub slots: Vec<InterviewSlot>,
    /// Invited candidates (references) who have not booked yet.
    pub unbooked: Vec<String>,
}

/// A slot on the interview board, and the scorecards of the application that booked it.
#[derive(Debug, Serialize, ToSchema)]
pub struct InterviewSlot {
    #[serde(flatten)]
    pub slot: Slot,
    pub starts_local: String,
    pub scorecards: Vec<Scorecard>,
    pub written_test_score: Option<i64>,
}

impl From<SlotView> for InterviewSlot {
    fn from(v: SlotView) -> Self {
        InterviewSlot {
            slot: v.slot.into(),
            starts_local: v.starts_local,
            scorecards: v.scorecards.into_iter().map(Into::into).collect(),
            written_test_score: v.written_test_score,
        }
    }
}

impl From<InterviewBoard> for Interviews {
    fn from(b: InterviewBoard) -> Self {
        Interviews {
            year: b.year.into(),
            rules: b.rules.into(),
            slots: b.slots.into_iter().map(Into::into).collect(),
            unbooked: b.unbooked.into_iter().map(|u| u.reference).collect(),
        }
    }
}

/// The decision board: scores, the proposal within the plan, places taken, upgrade proposals.
#[derive(Debug, Serialize, ToSchema)]
pub struct Decisions {
    pub year: YearRecord,
    pub places: Vec<Places>,
    pub rows: Vec<DecisionEntry>,
    pub upgrades: Vec<Upgrade>,
}

impl From<DecisionBoard> for Decisions {
    fn from(b: DecisionBoard) -> Self {
        Decisions {
            year: b.year.into(),
            places: b.places.into_iter().map(Into::into).collect(),
            rows: b.rows.into_iter().map(Into::into).collect(),
            upgrades: b.upgrades.into_iter().map(Into::into).collect(),
        }
    }
}

/// Places of a position: planned and taken.
#[derive(Debug, Serialize, ToSchema)]
pub struct Places {
    pub position: String,
    pub planned: i64,
    pub taken: i64,
}

impl From<PlaceCount> for Places {
    fn from(p: PlaceCount) -> Self {
        Places { position: p.position, planned: p.planned, taken: p.taken }
    }
}

/// The outcome the desk decides for an interviewed candidate: `short-listed`, `not-selected`, or
/// `{"alternate": rank}`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ProposedOutcome {
    ShortListed,
    /// An alternate with their rank (1 is the first to be upgraded).
    Alternate(u32),
    NotSelected,
}

impl From<Outcome> for ProposedOutcome {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::ShortListed => ProposedOutcome::ShortListed,
            Outcome::Alternate(rank) => ProposedOutcome::Alternate(rank),
            Outcome::NotSelected => ProposedOutcome::NotSelected,
        }
    }
}

/// A candidate on the decision board.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionEntry {
    pub id: i64,
    pub reference: String,
    pub name: String,
    pub position: String,
    pub status: String,
    pub interview_mean: Option<f64>,
    pub scorecards: usize,
    pub written_test_score: Option<i64>,
    pub final_score: Option<f64>,
    pub alternate_rank: Option<i64>,
    /// What the proposal suggests for an interviewed candidate not decided yet.
    pub proposed: Option<ProposedOutcome>,
    pub departure_group: String,
    /// An accepted candidate with a clearance document overdue.
    pub overdue: bool,
}

impl From<DecisionRow> for DecisionEntry {
    fn from(r: DecisionRow) -> Self {
        DecisionEntry {
            id: r.id,
            reference: r.reference,
            name: r.name,
            position: r.position,
            status: r.status.to_string(),
            interview_mean: r.interview_mean,
            scorecards: r.scorecards,
            written_test_score: r.written_test_score,
            final_score: r.final_score,
            alternate_rank: r.alternate_rank,
            proposed: r.proposed.map(Into::into),
            departure_group: r.departure_group,
            overdue: r.overdue,
        }
    }
}

/// A place freed in the plan and the alternate the system proposes for it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Upgrade {
    pub position: String,
    pub free_places: i64,
    pub application_id: i64,
    pub reference: String,
    pub rank: i64,
}

impl From<UpgradeProposal> for Upgrade {
    fn from(u: UpgradeProposal) -> Self {
        Upgrade {
            position: u.position,
            free_places: u.free_places,
            application_id: u.application_id,
            reference: u.reference,
            rank: u.rank,
        }
    }
}

/// One decision of the desk.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionRequest {
    pub application: i64,
    /// `short-listed`, `alternate` or `not-selected`.
    pub outcome: String,
    /// An alternate's rank (1 is upgraded first).
    #[serde(default)]
    pub rank: Option<u32>,
}

impl From<DecisionRequest> for Decision {
    fn from(d: DecisionRequest) -> Self {
        Decision { application: d.application, outcome: d.outcome, rank: d.rank }
    }
}

/// What the applicant sees of their selection: the slot, the slots they may book, clearance.
#[derive(Debug, Serialize, ToSchema)]
pub struct MySelection {
    pub slot: Option<Slot>,
    pub slot_local: Option<String>,
    /// Whether the slot may still be moved or cancelled.
    pub slot_changeable: bool,
    pub bookable: Vec<BookableSlot>,
    pub clearance: Vec<Clearance>,
    pub reply_deadline_local: Option<String>,
    pub partner: Option<Partner>,
    /// Bookings close this many hours before an interview.
    pub booking_cutoff_hours: u32,
}

/// A slot the applicant may book.
#[derive(Debug, Serialize, ToSchema)]
pub struct BookableSlot {
    pub id: i64,
    /// Its start in the country's time.
    pub starts_local: String,
    pub location: String,
}

/// A partner named on the form: confirmed once both name each other.
#[derive(Debug, Serialize, ToSchema)]
pub struct Partner {
    pub reference: String,
    pub confirmed: bool,
}

impl From<ApplicantSelection> for MySelection {
    fn from(s: ApplicantSelection) -> Self {
        MySelection {
            slot: s.slot.map(Into::into),
            slot_local: s.slot_local,
            slot_changeable: s.slot_changeable,
            bookable: s
                .bookable
                .into_iter()
                .map(|(id, starts_local, location)| BookableSlot { id, starts_local, location })
                .collect(),
            clearance: s.clearance.into_iter().map(Into::into).collect(),
            reply_deadline_local: s.reply_deadline_local,
            partner: s.partner.map(|p| Partner { reference: p.reference, confirmed: p.confirmed }),
            booking_cutoff_hours: s.booking_cutoff_hours,
        }
    }
}

/// A clearance document due from an accepted candidate.
#[derive(Debug, Serialize, ToSchema)]
pub struct Clearance {
    pub id: i64,
    pub application_id: i64,
    /// `police-certificate`, `health-certificate` or `graduation-proof`.
    pub kind: String,
    #[serde(with = "time::serde::rfc3339")]
    pub due_at: time::OffsetDateTime,
    pub document_id: Option<i64>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub received_at: Option<time::OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub reminded_at: Option<time::OffsetDateTime>,
    /// The due date in the country's time (absent in the answer of an upload).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_local: Option<String>,
}

impl From<ClearanceRow> for Clearance {
    fn from(c: ClearanceRow) -> Self {
        Clearance {
            id: c.id,
            application_id: c.application_id,
            kind: c.kind,
            due_at: c.due_at,
            document_id: c.document_id,
            received_at: c.received_at,
            reminded_at: c.reminded_at,
            due_local: None,
        }
    }
}

impl From<ClearanceView> for Clearance {
    fn from(v: ClearanceView) -> Self {
        Clearance { due_local: Some(v.due_local), ..v.item.into() }
    }
}

/// How the caller came to a candidate's file, which decides its parts.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FileReaderBody {
    /// The desk of the application's mission, or CLAIR: every part.
    Desk,
    /// One of its reviewers: the form, documents, letters, eligibility and their own review.
    Reviewer,
    /// A reader who declared a conflict of interest: reference, position, status and the declaration.
    Conflicted,
}

/// A referee named by the applicant, and their letter once it came.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileRefereeBody {
    pub name: String,
    pub invited_local: String,
    pub received_local: Option<String>,
    pub letter: Option<Document>,
}

impl From<FileReferee> for FileRefereeBody {
    fn from(r: FileReferee) -> Self {
        FileRefereeBody {
            name: r.name,
            invited_local: r.invited_local,
            received_local: r.received_local,
            letter: r.letter.map(Into::into),
        }
    }
}

/// One step of the application's history (newest first), in the country's time.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileStepBody {
    pub at_local: String,
    /// The audited action, as `area.verb` (`selection.decide`).
    pub action: String,
    /// The member of staff who did it; null for the applicant's own steps and the system's.
    pub by: Option<String>,
    pub by_applicant: bool,
    /// The status it moved the application to.
    pub status: Option<String>,
    pub reason: Option<String>,
    /// How many times in a row it was done; `at_local` is the latest.
    pub times: u32,
}

impl From<FileStep> for FileStepBody {
    fn from(s: FileStep) -> Self {
        FileStepBody {
            at_local: s.at_local,
            action: s.action,
            by: s.by,
            by_applicant: s.by_applicant,
            status: s.status.map(|s| s.to_string()),
            reason: s.reason,
            times: s.times,
        }
    }
}

/// A mission's acceptance of what the eligibility rules refused.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileOverrideBody {
    pub by: Option<String>,
    pub at_local: Option<String>,
    pub reason: String,
}

/// The candidate's file (`GET /api/v1/applications/{id}`). Parts the caller may not read are
/// null or empty.
#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateFileBody {
    pub reader: FileReaderBody,
    pub id: i64,
    pub reference: String,
    pub position: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub programme_year_id: i64,
    pub year: i64,
    pub country_code: String,
    pub mission_id: i64,
    pub mission: String,
    pub submitted_local: Option<String>,
    /// Blind screening hides who applied until the invitation to interview.
    pub identity_hidden: bool,
    pub name: Option<String>,
    pub nationality: Option<String>,
    pub form: Form,
    pub documents: Vec<Document>,
    pub referees: Vec<FileRefereeBody>,
    pub eligibility: Vec<EligibilityFinding>,
    pub eligibility_override: Option<FileOverrideBody>,
    pub reviews: Vec<Review>,
    pub slot: Option<Slot>,
    pub slot_local: Option<String>,
    pub scorecards: Vec<Scorecard>,
    pub interview_mean: Option<f64>,
    pub written_test_score: Option<i64>,
    pub alternate_rank: Option<i64>,
    pub replied_local: Option<String>,
    pub clearance: Vec<Clearance>,
    pub history: Vec<FileStepBody>,
}

impl From<CandidateFile> for CandidateFileBody {
    fn from(f: CandidateFile) -> Self {
        CandidateFileBody {
            reader: match f.reader {
                app::access::FileReader::Desk => FileReaderBody::Desk,
                app::access::FileReader::Reviewer => FileReaderBody::Reviewer,
                app::access::FileReader::Conflicted => FileReaderBody::Conflicted,
            },
            id: f.id,
            reference: f.reference,
            position: f.position,
            status: f.status.to_string(),
            status_reason: f.status_reason,
            programme_year_id: f.programme_year_id,
            year: f.year,
            country_code: f.country_code,
            mission_id: f.mission_id,
            mission: f.mission_en,
            submitted_local: f.submitted_local,
            identity_hidden: f.identity_hidden,
            name: f.name,
            nationality: f.nationality,
            form: form_of(&f.form),
            documents: f.documents.into_iter().map(Into::into).collect(),
            referees: f.referees.into_iter().map(Into::into).collect(),
            eligibility: f
                .findings
                .into_iter()
                .map(|x| EligibilityFinding {
                    rule: x.rule,
                    rule_name: x.rule_name,
                    severity: x.severity,
                    message: x.message,
                })
                .collect(),
            eligibility_override: f.eligibility_override.map(|o| FileOverrideBody {
                by: o.by,
                at_local: o.at_local,
                reason: o.reason,
            }),
            reviews: f.reviews.into_iter().map(Into::into).collect(),
            slot: f.slot.map(Into::into),
            slot_local: f.slot_local,
            scorecards: f.scorecards.into_iter().map(Into::into).collect(),
            interview_mean: f.interview_mean,
            written_test_score: f.written_test_score,
            alternate_rank: f.alternate_rank,
            replied_local: f.replied_local,
            clearance: f.clearance.into_iter().map(Into::into).collect(),
            history: f.history.into_iter().map(Into::into).collect(),
        }
    }
}
