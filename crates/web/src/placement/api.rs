//! The placement part of the JSON API (issue 5): requests and their forwarding, CLAIR's national
//! picture, weights and precheck, runs (started as background jobs), their results, explanations,
//! move costs, moves, comparison, approval and export; the participants a CO receives, and the
//! applicant's placement notice and decline.

use crate::shell::AppState;
use crate::shell::api::ApiResult;
use crate::shell::context::{ApiJson, Signed};
use crate::shell::error::ErrorBody;
use app::AppError;
use app::bulk::Format;
use app::placing::{Explanation, Incoming, MoveCost, MyPlacement, Picture, Precheck, RequestView, RunView};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use domain::placing::{RequestInput, Summary, Weights};
use serde::{Deserialize, Serialize};
use store::placing::RunRow;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearParams {
    /// The placement year (the arrival year, e.g. 2027).
    pub year: i64,
    /// Only requests in this state (`draft`, `submitted`, `forwarded`, `change-requested`).
    #[serde(default)]
    pub status: Option<String>,
}

/// The year's requests the caller may see, with what the caller may do to each.
#[utoipa::path(get, path = "/api/v1/placement/requests", tag = "placement", params(YearParams),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
pub async fn requests(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<YearParams>,
) -> ApiResult<Vec<RequestView>> {
    Ok(Json(state.app.requests(&actor, p.year, p.status.as_deref()).await.map_err(|e| ctx.fail(e))?))
}

/// A request as written: the organisation, the year and whether to submit it for review.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SaveRequest {
    pub year: i64,
    pub organisation: i64,
    /// `true` sends it to the prefecture (or designated city); `false` keeps a draft.
    #[serde(default)]
    pub submit: bool,
    /// Position, places, continuing, school_levels, schools, department, sport, nationality,
    /// min_jlpt, licence_required, housing, sister_cities, sister_countries, remarks.
    #[schema(value_type = Object)]
    pub request: RequestInput,
}

/// Creates a request (a draft, or submitted for review).
#[utoipa::path(post, path = "/api/v1/placement/requests", tag = "placement", request_body = SaveRequest,
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_request(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    ApiJson(body): ApiJson<SaveRequest>,
) -> ApiResult<RequestView> {
    let view = state
        .app
        .save_request(&actor, body.year, body.organisation, &body.request, body.submit, None)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(view))
}

#[utoipa::path(get, path = "/api/v1/placement/requests/{id}", tag = "placement", params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn request(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<RequestView> {
    Ok(Json(state.app.request(&actor, id).await.map_err(|e| ctx.fail(e))?))
}

/// An edit names the version it edited.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EditRequest {
    pub version: i64,
    #[serde(flatten)]
    pub save: SaveRequest,
}

/// Rewrites a request (not once forwarded); a stale version is a conflict (409).
#[utoipa::path(put, path = "/api/v1/placement/requests/{id}", tag = "placement", params(("id" = i64, Path)),
    request_body = EditRequest, responses((status = 200, body = Object), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_request(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<EditRequest>,
) -> ApiResult<RequestView> {
    let s = &body.save;
    let view = state
        .app
        .save_request(&actor, s.year, s.organisation, &s.request, s.submit, Some((id, body.version)))
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(view))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Versioned {
    pub version: i64,
}

/// Forwards a submitted request to CLAIR (the prefecture's or designated city's step).
#[utoipa::path(post, path = "/api/v1/placement/requests/{id}/forward", tag = "placement", params(("id" = i64, Path)),
    request_body = Versioned, responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn forward_request(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<Versioned>,
) -> ApiResult<RequestView> {
    Ok(Json(state.app.forward_request(&actor, id, body.version).await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangeNote {
    pub version: i64,
    pub note: String,
}

/// Sends a request back to its CO with a note (the forwarder, or CLAIR).
#[utoipa::path(post, path = "/api/v1/placement/requests/{id}/change-request", tag = "placement", params(("id" = i64, Path)),
    request_body = ChangeNote, responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn ask_change(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ChangeNote>,
) -> ApiResult<RequestView> {
    Ok(Json(state.app.ask_request_change(&actor, id, body.version, &body.note).await.map_err(|e| ctx.fail(e))?))
}

/// Requested against the recruitment plan, by position and by prefecture (CLAIR).
#[utoipa::path(get, path = "/api/v1/placement/years/{year}/picture", tag = "placement", params(("year" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
pub async fn picture(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(year): Path<i64>,
) -> ApiResult<Picture> {
    Ok(Json(state.app.national_picture(&actor, year).await.map_err(|e| ctx.fail(e))?))
}

/// The weights and their version (0 until CLAIR saves its own).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WeightsBody {
    #[schema(value_type = Object)]
    pub weights: Weights,
    pub version: i64,
}

#[utoipa::path(get, path = "/api/v1/placement/years/{year}/weights", tag = "placement", params(("year" = i64, Path)),
    responses((status = 200, body = WeightsBody), (status = 403, body = ErrorBody)))]
pub async fn weights(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(year): Path<i64>,
) -> ApiResult<WeightsBody> {
    let (weights, version) = state.app.placement_weights(&actor, year).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(WeightsBody { weights, version }))
}

/// Saves the weights; `version` is the one read (a stale one is a conflict).
#[utoipa::path(put, path = "/api/v1/placement/years/{year}/weights", tag = "placement", params(("year" = i64, Path)),
    request_body = WeightsBody, responses((status = 200, body = WeightsBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_weights(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(year): Path<i64>,
    ApiJson(body): ApiJson<WeightsBody>,
) -> ApiResult<WeightsBody> {
    let (weights, version) =
        state.app.set_placement_weights(&actor, year, &body.weights, body.version).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(WeightsBody { weights, version }))
}

/// What the year's data lacks before a run; blocking findings stop a run.
#[utoipa::path(get, path = "/api/v1/placement/years/{year}/precheck", tag = "placement", params(("year" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
pub async fn precheck(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(year): Path<i64>,
) -> ApiResult<Precheck> {
    Ok(Json(state.app.placement_precheck(&actor, year).await.map_err(|e| ctx.fail(e))?))
}

#[utoipa::path(get, path = "/api/v1/placement/years/{year}/runs", tag = "placement", params(("year" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
pub async fn runs(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(year): Path<i64>,
) -> ApiResult<Vec<RunRow>> {
    Ok(Json(state.app.placement_runs(&actor, year).await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StartRun {
    /// `stable`, `welfare` or `rank-maximal`.
    pub mode: String,
}

/// Starts a run as a background job (202-style: the run comes back `running`; poll it).
#[utoipa::path(post, path = "/api/v1/placement/years/{year}/runs", tag = "placement", params(("year" = i64, Path)),
    request_body = StartRun, responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn start_run(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(year): Path<i64>,
    ApiJson(body): ApiJson<StartRun>,
) -> ApiResult<RunRow> {
    Ok(Json(state.app.start_run(&actor, year, &body.mode).await.map_err(|e| ctx.fail(e))?))
}

/// A run: its state and progress, figures, candidates, unfilled requests and the map's data.
#[utoipa::path(get, path = "/api/v1/placement/runs/{id}", tag = "placement", params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn run(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<RunView> {
    Ok(Json(state.app.run_view(&actor, id).await.map_err(|e| ctx.fail(e))?))
}

/// Why a candidate is where the run put them.
#[utoipa::path(get, path = "/api/v1/placement/runs/{id}/candidates/{application}", tag = "placement",
    params(("id" = i64, Path), ("application" = i64, Path)), responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
pub async fn explain(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path((id, application)): Path<(i64, i64)>,
) -> ApiResult<Explanation> {
    Ok(Json(state.app.explain_candidate(&actor, id, application).await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CostParams {
    pub application: i64,
    /// The request to move to; absent to unplace.
    #[serde(default)]
    pub request: Option<i64>,
}

/// What a move would cost (blocking pairs it creates, requirements it breaks), without moving.
#[utoipa::path(get, path = "/api/v1/placement/runs/{id}/cost", tag = "placement", params(("id" = i64, Path), CostParams),
    responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn cost(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    Query(p): Query<CostParams>,
) -> ApiResult<MoveCost> {
    Ok(Json(state.app.move_cost(&actor, id, p.application, p.request).await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MoveBody {
    /// The run's version the caller saw.
    pub version: i64,
    pub application: i64,
    #[serde(default)]
    pub request: Option<i64>,
    pub reason: String,
}

/// Moves a candidate by hand, with a reason (audited); answers with the move's cost.
#[utoipa::path(post, path = "/api/v1/placement/runs/{id}/moves", tag = "placement", params(("id" = i64, Path)),
    request_body = MoveBody, responses((status = 200, body = Object), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn move_candidate(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<MoveBody>,
) -> ApiResult<MoveCost> {
    let cost = state
        .app
        .move_candidate(&actor, id, b.version, b.application, b.request, &b.reason)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(cost))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ApproveBody {
    pub version: i64,
    /// The committee's record (meeting, date).
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Approved {
    pub notified: usize,
}

/// The committee's approval: locks the run and notifies every placed candidate.
#[utoipa::path(post, path = "/api/v1/placement/runs/{id}/approve", tag = "placement", params(("id" = i64, Path)),
    request_body = ApproveBody, responses((status = 200, body = Approved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn approve(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ApproveBody>,
) -> ApiResult<Approved> {
    let notified = state.app.approve_run(&actor, id, b.version, &b.note).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(Approved { notified }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompareParams {
    pub a: i64,
    pub b: i64,
}

#[derive(Debug, Serialize)]
pub struct Comparison {
    pub a: RunRow,
    pub a_summary: Summary,
    pub b: RunRow,
    pub b_summary: Summary,
}

/// Two runs' figures side by side.
#[utoipa::path(get, path = "/api/v1/placement/compare", tag = "placement", params(CompareParams),
    responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn compare(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<CompareParams>,
) -> ApiResult<Comparison> {
    let (a, a_summary, b, b_summary) = state.app.compare_runs(&actor, p.a, p.b).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(Comparison { a, a_summary, b, b_summary }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `csv` or `xlsx`.
    pub format: String,
}

/// A run's placement list as CSV (UTF-8 with a BOM) or XLSX.
#[utoipa::path(get, path = "/api/v1/placement/runs/{id}/export", tag = "placement", params(("id" = i64, Path), ExportParams),
    responses((status = 200, description = "the file"), (status = 422, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    Query(p): Query<ExportParams>,
) -> Response {
    let result = async {
        let format = Format::parse(&p.format)?;
        let sheet = state.app.placement_sheet(&actor, id).await?;
        Ok::<_, AppError>((format, app::bulk::render(&sheet, format)?))
    }
    .await;
    match result {
        Ok((format, bytes)) => {
            crate::shell::files::sheet_response(format, &format!("kakehashi-placement-run-{id}"), bytes)
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// The participants coming to the caller's organisations (or prefecture), with their profiles.
#[utoipa::path(get, path = "/api/v1/placement/incoming", tag = "placement", params(YearParams),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
pub async fn incoming(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<YearParams>,
) -> ApiResult<Vec<Incoming>> {
    Ok(Json(state.app.incoming(&actor, p.year).await.map_err(|e| ctx.fail(e))?))
}

/// The applicant's placement notice (null before one is sent).
#[utoipa::path(get, path = "/api/v1/my/applications/{id}/placement", tag = "placement", params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
pub async fn my_placement(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<Option<MyPlacement>> {
    Ok(Json(state.app.my_placement(&actor, id).await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DeclineBody {
    pub reason: String,
}

/// Declines the placement: this withdraws the application (the seat frees for a later placement).
#[utoipa::path(post, path = "/api/v1/my/applications/{id}/placement/decline", tag = "placement", params(("id" = i64, Path)),
    request_body = DeclineBody, responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn decline(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<DeclineBody>,
) -> ApiResult<serde_json::Value> {
    state.app.decline_placement(&actor, id, &b.reason).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(serde_json::json!({"declined": true})))
}
