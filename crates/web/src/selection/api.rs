//! The selection part of the JSON API (issue 4, items 5-8): screening, interviews, decisions,
//! the reply and clearance. Every action of the mission's pages and the applicant's status page
//! has its operation here.

use crate::shell::AppState;
use crate::shell::api::ApiResult;
use crate::shell::context::{ApiJson, Signed};
use crate::shell::error::ErrorBody;
use crate::shell::files::calendar_response;
use app::selection::{ApplicantSelection, Decision, DecisionBoard, InterviewBoard, Marks, ReviewView, ScreeningBoard};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use store::applying::ApplicationRecord;
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
    responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
pub async fn screening_board(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<ScreeningBoard> {
    Ok(Json(state.app.screening_board(&actor, id).await.map_err(|e| ctx.fail(e))?))
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
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<AssignRequest>,
) -> ApiResult<Changed> {
    let changed =
        state.app.assign_reviewers(&actor, id, &body.applications, &body.reviewers).await.map_err(|e| ctx.fail(e))?;
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
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ScreeningDecisionRequest>,
) -> ApiResult<Changed> {
    let changed = state
        .app
        .screening_decision(&actor, id, &body.applications, body.advance, body.reason.as_deref())
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(Changed { changed }))
}

/// The caller's reviews: to score first, then done.
#[utoipa::path(get, path = "/api/v1/my/reviews", tag = "selection",
    responses((status = 200, body = Object)))]
pub async fn my_reviews(State(state): State<AppState>, Signed { ctx, actor }: Signed) -> ApiResult<Vec<ReviewRow>> {
    Ok(Json(state.app.my_reviews(&actor).await.map_err(|e| ctx.fail(e))?))
}

/// An application as its reviewer sees it, with the rubric and the reviewer's own score.
#[utoipa::path(get, path = "/api/v1/applications/{id}/review", tag = "selection", params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
pub async fn review(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<ReviewView> {
    Ok(Json(state.app.review_view(&actor, id).await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ScoreRequest {
    /// A mark from 1 to 5 for every criterion of the rubric: `{"statement": 4, ...}`.
    #[schema(value_type = Object)]
    pub scores: Marks,
    #[serde(default)]
    pub remarks: Option<String>,
}

/// The reviewer's score of an application in screening.
#[utoipa::path(put, path = "/api/v1/applications/{id}/review", tag = "selection", params(("id" = i64, Path)),
    request_body = ScoreRequest, responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn score_review(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ScoreRequest>,
) -> ApiResult<ReviewRow> {
    Ok(Json(
        state.app.score_screening(&actor, id, &body.scores, body.remarks.as_deref()).await.map_err(|e| ctx.fail(e))?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReasonRequest {
    pub reason: String,
}

/// The reviewer declares a conflict of interest and stops reviewing this application.
#[utoipa::path(post, path = "/api/v1/applications/{id}/review/conflict", tag = "selection", params(("id" = i64, Path)),
    request_body = ReasonRequest, responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn declare_conflict(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReasonRequest>,
) -> ApiResult<ReviewRow> {
    Ok(Json(state.app.declare_conflict(&actor, id, &body.reason).await.map_err(|e| ctx.fail(e))?))
}

/// The interview slots of a year at the caller's missions, with scorecards.
#[utoipa::path(get, path = "/api/v1/programme-years/{id}/interviews", tag = "selection", params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
pub async fn interview_board(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<InterviewBoard> {
    Ok(Json(state.app.interview_board(&actor, id).await.map_err(|e| ctx.fail(e))?))
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
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<SlotsRequest>,
) -> ApiResult<Changed> {
    let changed = state
        .app
        .add_interview_slots(&actor, id, b.mission, &b.location, &b.panel, &b.first, b.count, b.minutes)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(Changed { changed }))
}

/// A panel member's scorecard of an interview (the first marks the candidate interviewed).
#[utoipa::path(put, path = "/api/v1/applications/{id}/scorecard", tag = "selection", params(("id" = i64, Path)),
    request_body = ScoreRequest, responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn scorecard(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ScoreRequest>,
) -> ApiResult<Vec<ScorecardRow>> {
    Ok(Json(
        state.app.score_interview(&actor, id, &body.scores, body.remarks.as_deref()).await.map_err(|e| ctx.fail(e))?,
    ))
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
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<WrittenTestRequest>,
) -> ApiResult<Changed> {
    state.app.set_written_test(&actor, id, body.score).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(Changed { changed: 1 }))
}

/// The decision board: scores, the proposal within the plan, places taken, upgrade proposals.
#[utoipa::path(get, path = "/api/v1/programme-years/{id}/decisions", tag = "selection", params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
pub async fn decision_board(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<DecisionBoard> {
    Ok(Json(state.app.decision_board(&actor, id).await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DecideRequest {
    /// `{"application": 12, "outcome": "short-listed" | "alternate" | "not-selected", "rank": 1}`.
    #[schema(value_type = Vec<Object>)]
    pub decisions: Vec<Decision>,
}

/// Decides interviewed candidates within the plan; all or nothing; each is told by mail.
#[utoipa::path(post, path = "/api/v1/programme-years/{id}/decisions", tag = "selection", params(("id" = i64, Path)),
    request_body = DecideRequest, responses((status = 200, body = Changed), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<DecideRequest>,
) -> ApiResult<Changed> {
    let changed = state.app.decide(&actor, id, &body.decisions).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(Changed { changed }))
}

/// Upgrades an alternate to the short-list when a place of their position is free.
#[utoipa::path(post, path = "/api/v1/applications/{id}/upgrade", tag = "selection", params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn upgrade(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<ApplicationRecord> {
    Ok(Json(state.app.upgrade_alternate(&actor, id).await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DisqualifyRequest {
    /// `missed-deadline` or `false-statement`.
    pub ground: String,
    pub details: String,
}

/// Disqualifies a candidate, with the ground and details on record.
#[utoipa::path(post, path = "/api/v1/applications/{id}/disqualify", tag = "selection", params(("id" = i64, Path)),
    request_body = DisqualifyRequest, responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn disqualify(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<DisqualifyRequest>,
) -> ApiResult<ApplicationRecord> {
    Ok(Json(state.app.disqualify(&actor, id, &body.ground, &body.details).await.map_err(|e| ctx.fail(e))?))
}

/// The applicant's selection: their slot, slots they may book, reply deadline, clearance, partner.
#[utoipa::path(get, path = "/api/v1/my/applications/{id}/selection", tag = "applying", params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
pub async fn my_selection(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<ApplicantSelection> {
    Ok(Json(state.app.applicant_selection(&actor, id).await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct BookRequest {
    pub slot: i64,
}

/// Books (or moves to) an interview slot; the mail carries the calendar invitation.
#[utoipa::path(put, path = "/api/v1/my/applications/{id}/interview", tag = "applying", params(("id" = i64, Path)),
    request_body = BookRequest, responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn book_interview(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<BookRequest>,
) -> ApiResult<SlotRow> {
    Ok(Json(state.app.book_interview(&actor, id, body.slot).await.map_err(|e| ctx.fail(e))?))
}

/// Cancels the booked interview (until the cutoff).
#[utoipa::path(delete, path = "/api/v1/my/applications/{id}/interview", tag = "applying", params(("id" = i64, Path)),
    responses((status = 200, body = Changed), (status = 422, body = ErrorBody)))]
pub async fn cancel_interview(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<Changed> {
    state.app.cancel_interview(&actor, id).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(Changed { changed: 1 }))
}

/// The booked interview as an iCalendar file.
#[utoipa::path(get, path = "/api/v1/my/applications/{id}/interview.ics", tag = "applying", params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = ErrorBody)))]
pub async fn interview_calendar(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> Response {
    match state.app.interview_calendar(&actor, id).await {
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
    request_body = ReplyRequest, responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn reply(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReplyRequest>,
) -> ApiResult<ApplicationRecord> {
    Ok(Json(state.app.reply_to_offer(&actor, id, body.accept, body.reason.as_deref()).await.map_err(|e| ctx.fail(e))?))
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
    responses((status = 200, body = Object), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload_clearance(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    Query(p): Query<ClearanceParams>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Vec<ClearanceRow>> {
    let expected = headers.get("x-content-sha256").and_then(|v| v.to_str().ok());
    Ok(Json(
        state
            .app
            .upload_clearance(&actor, id, &p.kind, &p.name, body.to_vec(), expected)
            .await
            .map_err(|e| ctx.fail(e))?,
    ))
}
