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
use app::placing::{
    Explanation, Incoming, MoveCost, MyPlacement, Picture, Precheck, RequestView, RunCandidate, RunView,
};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use domain::placing::{Area, RequestInput, Summary, Unmet, Weights};
use domain::{ApplicationId, OrganisationId, PlacementRequestId, PlacementRunId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use store::placing::{RequestRow, RunRow};
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
    responses((status = 200, body = Vec<PlacementRequest>), (status = 403, body = ErrorBody)))]
pub async fn requests(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<YearParams>,
) -> ApiResult<Vec<PlacementRequest>> {
    let requests = state
        .app
        .requesting(&actor, "placement-request.read")
        .await
        .map_err(|e| ctx.fail(e))?
        .requests(p.year, p.status.as_deref())
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(requests.into_iter().map(Into::into).collect()))
}

/// A request as written: the organisation, the year and whether to submit it for review.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SaveRequest {
    pub year: i64,
    pub organisation: i64,
    /// `true` sends it to the prefecture (or designated city); `false` keeps a draft.
    #[serde(default)]
    pub submit: bool,
    pub request: RequestFields,
}

/// Creates a request (a draft, or submitted for review).
#[utoipa::path(post, path = "/api/v1/placement/requests", tag = "placement", request_body = SaveRequest,
    responses((status = 200, body = PlacementRequest), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_request(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    ApiJson(body): ApiJson<SaveRequest>,
) -> ApiResult<PlacementRequest> {
    let request = RequestInput::from(body.request);
    let view = state
        .app
        .requesting(&actor, "placement-request.save")
        .await
        .map_err(|e| ctx.fail(e))?
        .save_request(body.year, OrganisationId(body.organisation), &request, body.submit, None)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(view.into()))
}

#[utoipa::path(get, path = "/api/v1/placement/requests/{id}", tag = "placement", params(("id" = i64, Path)),
    responses((status = 200, body = PlacementRequest), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn request(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<PlacementRequestId>,
) -> ApiResult<PlacementRequest> {
    Ok(Json(
        state
            .app
            .requesting(&actor, "placement-request.read")
            .await
            .map_err(|e| ctx.fail(e))?
            .request(id)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
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
    request_body = EditRequest, responses((status = 200, body = PlacementRequest), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_request(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<PlacementRequestId>,
    ApiJson(body): ApiJson<EditRequest>,
) -> ApiResult<PlacementRequest> {
    let s = body.save;
    let request = RequestInput::from(s.request);
    let view = state
        .app
        .requesting(&actor, "placement-request.save")
        .await
        .map_err(|e| ctx.fail(e))?
        .save_request(s.year, OrganisationId(s.organisation), &request, s.submit, Some((id, body.version)))
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(view.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Versioned {
    pub version: i64,
}

/// Forwards a submitted request to CLAIR (the prefecture's or designated city's step).
#[utoipa::path(post, path = "/api/v1/placement/requests/{id}/forward", tag = "placement", params(("id" = i64, Path)),
    request_body = Versioned, responses((status = 200, body = PlacementRequest), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn forward_request(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<PlacementRequestId>,
    ApiJson(body): ApiJson<Versioned>,
) -> ApiResult<PlacementRequest> {
    Ok(Json(
        state
            .app
            .requesting(&actor, "placement-request.forward")
            .await
            .map_err(|e| ctx.fail(e))?
            .forward_request(id, body.version)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangeNote {
    pub version: i64,
    pub note: String,
}

/// Sends a request back to its CO with a note (the forwarder, or CLAIR).
#[utoipa::path(post, path = "/api/v1/placement/requests/{id}/change-request", tag = "placement", params(("id" = i64, Path)),
    request_body = ChangeNote, responses((status = 200, body = PlacementRequest), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn ask_change(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<PlacementRequestId>,
    ApiJson(body): ApiJson<ChangeNote>,
) -> ApiResult<PlacementRequest> {
    let view = state
        .app
        .requesting(&actor, "placement-request.ask-change")
        .await
        .map_err(|e| ctx.fail(e))?
        .ask_request_change(id, body.version, &body.note)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(view.into()))
}

/// Requested against the recruitment plan, by position and by prefecture (CLAIR).
#[utoipa::path(get, path = "/api/v1/placement/years/{year}/picture", tag = "placement", params(("year" = i64, Path)),
    responses((status = 200, body = NationalPicture), (status = 403, body = ErrorBody)))]
pub async fn picture(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(year): Path<i64>,
) -> ApiResult<NationalPicture> {
    Ok(Json(
        state
            .app
            .statistics(&actor, "placement.picture")
            .await
            .map_err(|e| ctx.fail(e))?
            .national_picture(year)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

/// The weights and their version (0 until CLAIR saves its own).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WeightsBody {
    pub weights: RunWeights,
    pub version: i64,
}

#[utoipa::path(get, path = "/api/v1/placement/years/{year}/weights", tag = "placement", params(("year" = i64, Path)),
    responses((status = 200, body = WeightsBody), (status = 403, body = ErrorBody)))]
pub async fn weights(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(year): Path<i64>,
) -> ApiResult<WeightsBody> {
    let (weights, version) = state
        .app
        .placing(&actor, "placement.read")
        .await
        .map_err(|e| ctx.fail(e))?
        .placement_weights(year)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(WeightsBody { weights: weights.into(), version }))
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
    let (weights, version) = state
        .app
        .placing(&actor, "placement.weights")
        .await
        .map_err(|e| ctx.fail(e))?
        .set_placement_weights(year, &body.weights.into(), body.version)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(WeightsBody { weights: weights.into(), version }))
}

/// What the year's data lacks before a run; blocking findings stop a run.
#[utoipa::path(get, path = "/api/v1/placement/years/{year}/precheck", tag = "placement", params(("year" = i64, Path)),
    responses((status = 200, body = RunPrecheck), (status = 403, body = ErrorBody)))]
pub async fn precheck(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(year): Path<i64>,
) -> ApiResult<RunPrecheck> {
    Ok(Json(
        state
            .app
            .placing(&actor, "placement.read")
            .await
            .map_err(|e| ctx.fail(e))?
            .placement_precheck(year)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

#[utoipa::path(get, path = "/api/v1/placement/years/{year}/runs", tag = "placement", params(("year" = i64, Path)),
    responses((status = 200, body = Vec<Run>), (status = 403, body = ErrorBody)))]
pub async fn runs(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(year): Path<i64>,
) -> ApiResult<Vec<Run>> {
    let runs = state
        .app
        .placing(&actor, "placement.read")
        .await
        .map_err(|e| ctx.fail(e))?
        .placement_runs(year)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(runs.into_iter().map(Into::into).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StartRun {
    /// `stable`, `welfare` or `rank-maximal`.
    pub mode: String,
}

/// Starts a run as a background job (202-style: the run comes back `running`; poll it).
#[utoipa::path(post, path = "/api/v1/placement/years/{year}/runs", tag = "placement", params(("year" = i64, Path)),
    request_body = StartRun, responses((status = 200, body = Run), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn start_run(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(year): Path<i64>,
    ApiJson(body): ApiJson<StartRun>,
) -> ApiResult<Run> {
    let desk = state.app.placing(&actor, "placement.run").await.map_err(|e| ctx.fail(e))?;
    let mode = app::placing::parse_mode(&body.mode).map_err(|e| ctx.fail(e))?;
    Ok(Json(desk.start_run(year, mode).await.map_err(|e| ctx.fail(e))?.into()))
}

/// A run: its state and progress, figures, candidates, unfilled requests and the map's data.
#[utoipa::path(get, path = "/api/v1/placement/runs/{id}", tag = "placement", params(("id" = i64, Path)),
    responses((status = 200, body = RunResults), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn run(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<PlacementRunId>,
) -> ApiResult<RunResults> {
    Ok(Json(
        state
            .app
            .placing(&actor, "placement.read")
            .await
            .map_err(|e| ctx.fail(e))?
            .run_view(id)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

/// Why a candidate is where the run put them.
#[utoipa::path(get, path = "/api/v1/placement/runs/{id}/candidates/{application}", tag = "placement",
    params(("id" = i64, Path), ("application" = i64, Path)), responses((status = 200, body = CandidateExplanation), (status = 404, body = ErrorBody)))]
pub async fn explain(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path((id, application)): Path<(PlacementRunId, ApplicationId)>,
) -> ApiResult<CandidateExplanation> {
    Ok(Json(
        state
            .app
            .placing(&actor, "placement.read")
            .await
            .map_err(|e| ctx.fail(e))?
            .explain_candidate(id, application)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
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
    responses((status = 200, body = MoveCostBody), (status = 422, body = ErrorBody)))]
pub async fn cost(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<PlacementRunId>,
    Query(p): Query<CostParams>,
) -> ApiResult<MoveCostBody> {
    Ok(Json(
        state
            .app
            .placing(&actor, "placement.read")
            .await
            .map_err(|e| ctx.fail(e))?
            .move_cost(id, ApplicationId(p.application), p.request)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
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
    request_body = MoveBody, responses((status = 200, body = MoveCostBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn move_candidate(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<PlacementRunId>,
    ApiJson(b): ApiJson<MoveBody>,
) -> ApiResult<MoveCostBody> {
    let cost = state
        .app
        .placing(&actor, "placement.move")
        .await
        .map_err(|e| ctx.fail(e))?
        .move_candidate(id, b.version, ApplicationId(b.application), b.request, &b.reason)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(cost.into()))
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
    Path(id): Path<PlacementRunId>,
    ApiJson(b): ApiJson<ApproveBody>,
) -> ApiResult<Approved> {
    let notified = state
        .app
        .placing(&actor, "placement.approve")
        .await
        .map_err(|e| ctx.fail(e))?
        .approve_run(id, b.version, &b.note)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(Approved { notified }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompareParams {
    pub a: i64,
    pub b: i64,
}

/// Two runs and their figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct Comparison {
    pub a: Run,
    pub a_summary: RunSummary,
    pub b: Run,
    pub b_summary: RunSummary,
}

/// Two runs' figures side by side.
#[utoipa::path(get, path = "/api/v1/placement/compare", tag = "placement", params(CompareParams),
    responses((status = 200, body = Comparison), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn compare(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<CompareParams>,
) -> ApiResult<Comparison> {
    let (a, a_summary, b, b_summary) = state
        .app
        .placing(&actor, "placement.read")
        .await
        .map_err(|e| ctx.fail(e))?
        .compare_runs(PlacementRunId(p.a), PlacementRunId(p.b))
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(Comparison { a: a.into(), a_summary: a_summary.into(), b: b.into(), b_summary: b_summary.into() }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `csv` or `xlsx`.
    pub format: String,
}

/// A run's placement list as CSV (UTF-8 with a BOM) or XLSX.
#[utoipa::path(get, path = "/api/v1/placement/runs/{id}/export", tag = "placement", operation_id = "export_placement_run", params(("id" = i64, Path), ExportParams),
    responses((status = 200, description = "The run's placement list as CSV (UTF-8 with a BOM) or XLSX, by `format`.", content((String = "text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), (status = 422, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<PlacementRunId>,
    Query(p): Query<ExportParams>,
) -> Response {
    let result = async {
        let format = Format::parse(&p.format)?;
        let sheet = state.app.placing(&actor, "placement.export").await?.placement_sheet(id).await?;
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
    responses((status = 200, body = Vec<IncomingParticipant>), (status = 403, body = ErrorBody)))]
pub async fn incoming(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<YearParams>,
) -> ApiResult<Vec<IncomingParticipant>> {
    let incoming = state
        .app
        .requesting(&actor, "placement.incoming")
        .await
        .map_err(|e| ctx.fail(e))?
        .incoming(p.year)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(incoming.into_iter().map(Into::into).collect()))
}

/// The applicant's placement notice (null before one is sent).
#[utoipa::path(get, path = "/api/v1/my/applications/{id}/placement", tag = "placement", params(("id" = i64, Path)),
    responses((status = 200, body = Option<PlacementNotice>), (status = 403, body = ErrorBody)))]
pub async fn my_placement(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
) -> ApiResult<Option<PlacementNotice>> {
    Ok(Json(
        state
            .app
            .applicant(&actor, "placement.read")
            .await
            .map_err(|e| ctx.fail(e))?
            .my_placement(id)
            .await
            .map_err(|e| ctx.fail(e))?
            .map(Into::into),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DeclineBody {
    pub reason: String,
}

/// The placement is declined.
#[derive(Debug, Serialize, ToSchema)]
pub struct Declined {
    pub declined: bool,
}

/// Declines the placement: this withdraws the application (the seat frees for a later placement).
#[utoipa::path(post, path = "/api/v1/my/applications/{id}/placement/decline", tag = "placement", params(("id" = i64, Path)),
    request_body = DeclineBody, responses((status = 200, body = Declined), (status = 422, body = ErrorBody)))]
pub async fn decline(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
    ApiJson(b): ApiJson<DeclineBody>,
) -> ApiResult<Declined> {
    state
        .app
        .applicant(&actor, "placement.decline")
        .await
        .map_err(|e| ctx.fail(e))?
        .decline_placement(id, &b.reason)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(Declined { declined: true }))
}

// ----- The API's own types: what the operations above answer, as the document describes it -----

/// A placement request as the API shows it, with what the caller may do to it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlacementRequest {
    pub id: i64,
    pub year: i64,
    pub organisation_id: i64,
    pub organisation_en: String,
    pub organisation_ja: String,
    pub organisation_kind: String,
    pub lg_code: String,
    pub prefecture_code: i64,
    pub municipality_kind: String,
    pub municipality_en: String,
    pub municipality_ja: String,
    pub designated_city: bool,
    pub lat: f64,
    pub lng: f64,
    /// `ALT`, `CIR` or `SEA`.
    pub position: String,
    pub places: i64,
    /// Places filled by a predecessor who is reappointed: counted, not placed.
    pub continuing: i64,
    pub school_levels: Vec<String>,
    pub schools: i64,
    pub department: Option<String>,
    pub sport: Option<String>,
    pub nationality: Option<String>,
    pub min_jlpt: Option<String>,
    pub licence_required: bool,
    pub housing: String,
    pub sister_cities: String,
    /// Country codes.
    pub sister_countries: Vec<String>,
    pub remarks: Option<String>,
    /// `draft`, `submitted`, `forwarded` or `change-requested`.
    pub status: String,
    pub change_request: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<time::OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub forwarded_at: Option<time::OffsetDateTime>,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: time::OffsetDateTime,
    /// Seats to fill by placement: places less continuations (absent where the request is shown
    /// inside a placement notice).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seats: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub may_edit: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub may_forward: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub may_ask_change: Option<bool>,
}

/// Stored comma-separated; answered as a list.
fn list_of(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

impl From<RequestRow> for PlacementRequest {
    fn from(r: RequestRow) -> Self {
        PlacementRequest {
            id: r.id,
            year: r.year,
            organisation_id: r.organisation_id,
            organisation_en: r.organisation_en,
            organisation_ja: r.organisation_ja,
            organisation_kind: r.organisation_kind,
            lg_code: r.lg_code,
            prefecture_code: r.prefecture_code,
            municipality_kind: r.municipality_kind,
            municipality_en: r.municipality_en,
            municipality_ja: r.municipality_ja,
            designated_city: r.designated_city,
            lat: r.lat,
            lng: r.lng,
            position: r.position,
            places: r.places,
            continuing: r.continuing,
            school_levels: list_of(&r.school_levels),
            schools: r.schools,
            department: r.department,
            sport: r.sport,
            nationality: r.nationality,
            min_jlpt: r.min_jlpt,
            licence_required: r.licence_required,
            housing: r.housing,
            sister_cities: r.sister_cities,
            sister_countries: list_of(&r.sister_countries),
            remarks: r.remarks,
            status: r.status.to_string(),
            change_request: r.change_request,
            submitted_at: r.submitted_at,
            forwarded_at: r.forwarded_at,
            version: r.version,
            updated_at: r.updated_at,
            seats: None,
            may_edit: None,
            may_forward: None,
            may_ask_change: None,
        }
    }
}

impl From<RequestView> for PlacementRequest {
    fn from(v: RequestView) -> Self {
        PlacementRequest {
            seats: Some(v.seats),
            may_edit: Some(v.may_edit),
            may_forward: Some(v.may_forward),
            may_ask_change: Some(v.may_ask_change),
            ..v.row.into()
        }
    }
}

/// A request as written by a CO (or its prefecture), before it is checked.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RequestFields {
    /// `ALT`, `CIR` or `SEA`.
    pub position: String,
    pub places: i64,
    /// Places filled by a predecessor who is reappointed: counted, not placed.
    pub continuing: i64,
    pub school_levels: Vec<String>,
    pub schools: i64,
    pub department: Option<String>,
    pub sport: Option<String>,
    /// A nationality wanted (a Korean-speaking CIR: `KR`).
    pub nationality: Option<String>,
    /// `N1` … `N5`.
    pub min_jlpt: Option<String>,
    pub licence_required: bool,
    pub housing: String,
    pub sister_cities: String,
    /// Country codes.
    pub sister_countries: Vec<String>,
    pub remarks: Option<String>,
}

impl From<RequestFields> for RequestInput {
    fn from(f: RequestFields) -> Self {
        RequestInput {
            position: f.position,
            places: f.places,
            continuing: f.continuing,
            school_levels: f.school_levels,
            schools: f.schools,
            department: f.department,
            sport: f.sport,
            nationality: f.nationality,
            min_jlpt: f.min_jlpt,
            licence_required: f.licence_required,
            housing: f.housing,
            sister_cities: f.sister_cities,
            sister_countries: f.sister_countries,
            remarks: f.remarks,
        }
    }
}

/// The weights of the placement engine's scores (every field defaults to JET's own weight).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RunWeights {
    /// Candidate side: the request's area type matches the stated one.
    pub area: u32,
    /// Candidate side: family housing for a candidate with dependants.
    pub family_housing: u32,
    /// Candidate side: a city for a candidate who declared a medical condition.
    pub medical_access: u32,
    /// Candidate side: the stated ties name the request's municipality or prefecture.
    pub ties: u32,
    /// Candidate side: per 100 km from the first stated place (outside the stated places).
    pub distance: u32,
    /// Organisation side: the selection score (per point on the 1-5 scale).
    pub selection_score: u32,
    /// Organisation side: per JLPT level above the request's minimum (or above none).
    pub japanese: u32,
    /// Organisation side: a driving licence where the request does not require one.
    pub licence: u32,
    /// Organisation side: the candidate's nationality is one of the CO's sister countries.
    pub sister: u32,
    /// Organisation side: the candidate stated this request's place.
    pub stated: u32,
    /// How many requests a single candidate's list holds beyond the stated places.
    pub list_length: u32,
    /// Couples: the farthest two requests of a pair may be apart.
    pub couple_distance_km: u32,
    /// Couples: how many pairs a couple ranks.
    pub couple_pairs: u32,
}

impl Default for RunWeights {
    fn default() -> Self {
        Weights::default().into()
    }
}

impl From<Weights> for RunWeights {
    fn from(w: Weights) -> Self {
        RunWeights {
            area: w.area,
            family_housing: w.family_housing,
            medical_access: w.medical_access,
            ties: w.ties,
            distance: w.distance,
            selection_score: w.selection_score,
            japanese: w.japanese,
            licence: w.licence,
            sister: w.sister,
            stated: w.stated,
            list_length: w.list_length,
            couple_distance_km: w.couple_distance_km,
            couple_pairs: w.couple_pairs,
        }
    }
}

impl From<RunWeights> for Weights {
    fn from(w: RunWeights) -> Self {
        Weights {
            area: w.area,
            family_housing: w.family_housing,
            medical_access: w.medical_access,
            ties: w.ties,
            distance: w.distance,
            selection_score: w.selection_score,
            japanese: w.japanese,
            licence: w.licence,
            sister: w.sister,
            stated: w.stated,
            list_length: w.list_length,
            couple_distance_km: w.couple_distance_km,
            couple_pairs: w.couple_pairs,
        }
    }
}

/// A prefecture's seats in a run's figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct PrefectureFigures {
    pub prefecture: u8,
    pub seats: u64,
    pub filled: u64,
}

/// A nationality's candidates in a run's figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountryFigures {
    pub nationality: String,
    pub candidates: u64,
    pub placed: u64,
    /// Placed in a place they stated.
    pub in_stated_place: u64,
}

/// A run's figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct RunSummary {
    pub candidates: u64,
    pub placed: u64,
    pub first_choices: u64,
    /// Placed in a place they stated.
    pub in_stated_place: u64,
    pub couples: u64,
    /// Both members placed in one municipality or within the couple distance.
    pub couples_together: u64,
    pub seats: u64,
    pub requests_unfilled: u64,
    pub seats_unfilled: u64,
    /// Placed by hand.
    pub moved: u64,
    pub by_prefecture: Vec<PrefectureFigures>,
    pub by_country: Vec<CountryFigures>,
}

impl From<Summary> for RunSummary {
    fn from(s: Summary) -> Self {
        RunSummary {
            candidates: s.candidates,
            placed: s.placed,
            first_choices: s.first_choices,
            in_stated_place: s.in_stated_place,
            couples: s.couples,
            couples_together: s.couples_together,
            seats: s.seats,
            requests_unfilled: s.requests_unfilled,
            seats_unfilled: s.seats_unfilled,
            moved: s.moved,
            by_prefecture: s
                .by_prefecture
                .into_iter()
                .map(|(prefecture, seats, filled)| PrefectureFigures { prefecture, seats, filled })
                .collect(),
            by_country: s
                .by_country
                .into_iter()
                .map(|(nationality, candidates, placed, in_stated_place)| CountryFigures {
                    nationality,
                    candidates,
                    placed,
                    in_stated_place,
                })
                .collect(),
        }
    }
}

/// A run of the placement engine, without its (large) inputs and results.
#[derive(Debug, Serialize, ToSchema)]
pub struct Run {
    pub id: i64,
    pub year: i64,
    /// `stable`, `welfare` or `rank-maximal`.
    pub mode: String,
    /// `running`, `done`, `failed` or `approved`.
    pub status: String,
    pub job_id: Option<i64>,
    /// The weights the run used.
    pub weights: RunWeights,
    /// The run's figures, once it is done.
    pub summary: Option<RunSummary>,
    pub error: Option<String>,
    pub started_by: Option<i64>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub finished_at: Option<time::OffsetDateTime>,
    pub approved_by: Option<i64>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub approved_at: Option<time::OffsetDateTime>,
    pub approval_note: Option<String>,
    pub version: i64,
}

impl From<RunRow> for Run {
    fn from(r: RunRow) -> Self {
        // The store keeps them as JSON it wrote itself; one it cannot read answers the defaults
        // (weights) or no figures (summary) rather than failing the whole answer.
        let weights = serde_json::from_str::<Weights>(&r.weights_json).unwrap_or_default();
        let summary = r.summary_json.as_deref().and_then(|s| serde_json::from_str::<Summary>(s).ok());
        Run {
            id: r.id,
            year: r.year,
            mode: r.mode,
            status: r.status.to_string(),
            job_id: r.job_id,
            weights: weights.into(),
            summary: summary.map(Into::into),
            error: r.error,
            started_by: r.started_by,
            created_at: r.created_at,
            finished_at: r.finished_at,
            approved_by: r.approved_by,
            approved_at: r.approved_at,
            approval_note: r.approval_note,
            version: r.version,
        }
    }
}

/// A participant coming to a CO, as the CO sees them.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncomingParticipant {
    pub application_id: i64,
    pub reference: String,
    pub name: String,
    pub nationality: String,
    pub position: String,
    pub organisation: String,
    pub jlpt: String,
    pub driving_licence: bool,
    pub field_of_study: String,
    pub teaching: String,
    pub departure_group: String,
    pub statement: String,
    #[serde(with = "time::serde::rfc3339")]
    pub notified_at: time::OffsetDateTime,
}

impl From<Incoming> for IncomingParticipant {
    fn from(i: Incoming) -> Self {
        IncomingParticipant {
            application_id: i.application_id,
            reference: i.reference,
            name: i.name,
            nationality: i.nationality,
            position: i.position,
            organisation: i.organisation,
            jlpt: i.jlpt,
            driving_licence: i.driving_licence,
            field_of_study: i.field_of_study,
            teaching: i.teaching,
            departure_group: i.departure_group,
            statement: i.statement,
            notified_at: i.notified_at,
        }
    }
}

/// Where an applicant is placed, as the notice tells them.
#[derive(Debug, Serialize, ToSchema)]
pub struct Placed {
    pub application_id: i64,
    pub request_id: i64,
    pub run_id: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub notified_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub declined_at: Option<time::OffsetDateTime>,
    pub decline_reason: Option<String>,
}

/// An applicant's placement notice.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlacementNotice {
    pub placement: Placed,
    pub request: PlacementRequest,
    /// The recruiting country's time zone, in which the applicant's pages give every time.
    pub time_zone: String,
    /// Who to write to at the contracting organisation (its supervisors), as `Name <address>`.
    pub contacts: Vec<String>,
}

impl From<MyPlacement> for PlacementNotice {
    fn from(m: MyPlacement) -> Self {
        let p = m.placement;
        PlacementNotice {
            placement: Placed {
                application_id: p.application_id,
                request_id: p.request_id,
                run_id: p.run_id,
                notified_at: p.notified_at,
                declined_at: p.declined_at,
                decline_reason: p.decline_reason,
            },
            request: m.request.into(),
            time_zone: m.time_zone,
            contacts: m.contacts,
        }
    }
}

/// Requested against the recruitment plan, by position.
#[derive(Debug, Serialize, ToSchema)]
pub struct PositionFigures {
    pub position: String,
    pub planned: i64,
    pub requested: i64,
    pub continuing: i64,
    pub forwarded: i64,
    pub waiting: i64,
    pub candidates: i64,
}

/// A prefecture's requests in the national picture.
#[derive(Debug, Serialize, ToSchema)]
pub struct PrefectureRequests {
    pub code: i64,
    pub name_en: String,
    pub name_ja: String,
    pub requests: i64,
    pub alt: i64,
    pub cir: i64,
    pub sea: i64,
    pub continuing: i64,
    pub forwarded: i64,
}

/// CLAIR's national picture of a year's requests.
#[derive(Debug, Serialize, ToSchema)]
pub struct NationalPicture {
    pub year: i64,
    pub positions: Vec<PositionFigures>,
    pub prefectures: Vec<PrefectureRequests>,
}

impl From<Picture> for NationalPicture {
    fn from(p: Picture) -> Self {
        NationalPicture {
            year: p.year,
            positions: p
                .positions
                .into_iter()
                .map(|p| PositionFigures {
                    position: p.position,
                    planned: p.planned,
                    requested: p.requested,
                    continuing: p.continuing,
                    forwarded: p.forwarded,
                    waiting: p.waiting,
                    candidates: p.candidates,
                })
                .collect(),
            prefectures: p
                .prefectures
                .into_iter()
                .map(|p| PrefectureRequests {
                    code: p.code,
                    name_en: p.name_en,
                    name_ja: p.name_ja,
                    requests: p.requests,
                    alt: p.alt,
                    cir: p.cir,
                    sea: p.sea,
                    continuing: p.continuing,
                    forwarded: p.forwarded,
                })
                .collect(),
        }
    }
}

/// Something the year's data lacks before a run: `blocking` ones stop it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PrecheckFinding {
    /// A catalogue key naming the finding.
    pub key: String,
    pub blocking: bool,
    pub count: i64,
    pub detail: String,
}

/// What the year's data lacks before a run.
#[derive(Debug, Serialize, ToSchema)]
pub struct RunPrecheck {
    pub year: i64,
    pub candidates: i64,
    pub seats: i64,
    pub findings: Vec<PrecheckFinding>,
}

impl From<Precheck> for RunPrecheck {
    fn from(p: Precheck) -> Self {
        RunPrecheck {
            year: p.year,
            candidates: p.candidates,
            seats: p.seats,
            findings: p
                .findings
                .into_iter()
                .map(|f| PrecheckFinding {
                    key: f.key.to_owned(),
                    blocking: f.blocking,
                    count: f.count,
                    detail: f.detail,
                })
                .collect(),
        }
    }
}

/// A candidate in a run's results.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlacedCandidate {
    pub application_id: i64,
    pub reference: String,
    pub name: String,
    pub nationality: String,
    pub position: String,
    /// The request the run placed them on; null when unplaced.
    pub request_id: Option<i64>,
    pub organisation: Option<String>,
    pub prefecture: Option<i64>,
    /// Their place in their own list.
    pub rank: Option<i64>,
    pub moved: bool,
    pub move_reason: Option<String>,
}

impl From<RunCandidate> for PlacedCandidate {
    fn from(c: RunCandidate) -> Self {
        PlacedCandidate {
            application_id: c.application_id,
            reference: c.reference,
            name: c.name,
            nationality: c.nationality,
            position: c.position,
            request_id: c.request_id,
            organisation: c.organisation,
            prefecture: c.prefecture,
            rank: c.rank,
            moved: c.moved,
            move_reason: c.move_reason,
        }
    }
}

/// A request a run leaves with free seats.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnfilledRequest {
    pub request_id: i64,
    pub organisation: String,
    pub prefecture: i64,
    pub position: String,
    pub seats: u32,
    pub filled: u32,
}

/// A prefecture on the map: seats and how many the run fills.
#[derive(Debug, Serialize, ToSchema)]
pub struct MapPoint {
    pub code: i64,
    pub name_en: String,
    pub name_ja: String,
    pub lat: f64,
    pub lng: f64,
    pub seats: u64,
    pub filled: u64,
}

/// A run with its state and progress, figures, candidates, unfilled requests and the map's data.
#[derive(Debug, Serialize, ToSchema)]
pub struct RunResults {
    pub run: Run,
    pub summary: Option<RunSummary>,
    /// How long each step took, in milliseconds: load, derive, solve, store.
    pub timings_ms: BTreeMap<String, u64>,
    pub job_percent: i64,
    pub candidates: Vec<PlacedCandidate>,
    pub unfilled: Vec<UnfilledRequest>,
    pub map: Vec<MapPoint>,
    pub split_couples: usize,
}

impl From<RunView> for RunResults {
    fn from(v: RunView) -> Self {
        RunResults {
            run: v.run.into(),
            summary: v.summary.map(Into::into),
            timings_ms: v.timings_ms,
            job_percent: v.job_percent,
            candidates: v.candidates.into_iter().map(Into::into).collect(),
            unfilled: v
                .unfilled
                .into_iter()
                .map(|u| UnfilledRequest {
                    request_id: u.request_id,
                    organisation: u.organisation,
                    prefecture: u.prefecture,
                    position: u.position,
                    seats: u.seats,
                    filled: u.filled,
                })
                .collect(),
            map: v
                .map
                .into_iter()
                .map(|m| MapPoint {
                    code: m.code,
                    name_en: m.name_en,
                    name_ja: m.name_ja,
                    lat: m.lat,
                    lng: m.lng,
                    seats: m.seats,
                    filled: m.filled,
                })
                .collect(),
            split_couples: v.split_couples,
        }
    }
}

/// A requirement of a request that a candidate does not meet.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Requirement {
    Position { wanted: String },
    Japanese { minimum: String },
    Licence,
    Nationality { wanted: String },
}

impl From<Unmet> for Requirement {
    fn from(u: Unmet) -> Self {
        match u {
            Unmet::Position { wanted } => Requirement::Position { wanted },
            Unmet::Japanese { minimum } => Requirement::Japanese { minimum },
            Unmet::Licence => Requirement::Licence,
            Unmet::Nationality { wanted } => Requirement::Nationality { wanted },
        }
    }
}

/// The kind of place, as the application form's "area" names it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AreaKind {
    Urban,
    SemiUrban,
    Rural,
}

impl From<Area> for AreaKind {
    fn from(a: Area) -> Self {
        match a {
            Area::Urban => AreaKind::Urban,
            Area::SemiUrban => AreaKind::SemiUrban,
            Area::Rural => AreaKind::Rural,
        }
    }
}

/// One request in a candidate's explanation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExplainedRequestBody {
    pub request_id: i64,
    pub organisation: String,
    pub prefecture: i64,
    pub tier: Option<String>,
    /// 1-based place in the candidate's list, when listed.
    pub rank: Option<usize>,
    pub unmet: Vec<Requirement>,
    /// Why the engine did not place the candidate there (listed above the placement).
    pub engine: Option<String>,
    /// Where the engine placed the candidate, which a move by hand may since have changed.
    pub engine_placed: bool,
}

/// Why a candidate is where the run put them.
#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateExplanation {
    pub run_id: i64,
    pub candidate: PlacedCandidate,
    pub stated_places: Vec<String>,
    pub area: Option<AreaKind>,
    pub partner: Option<String>,
    pub couple_pairs: usize,
    pub split_couple: bool,
    /// The candidate's list in order, then the requests of their stated places they may not take.
    pub requests: Vec<ExplainedRequestBody>,
}

impl From<Explanation> for CandidateExplanation {
    fn from(e: Explanation) -> Self {
        CandidateExplanation {
            run_id: e.run_id,
            candidate: e.candidate.into(),
            stated_places: e.stated_places,
            area: e.area.map(Into::into),
            partner: e.partner,
            couple_pairs: e.couple_pairs,
            split_couple: e.split_couple,
            requests: e
                .requests
                .into_iter()
                .map(|r| ExplainedRequestBody {
                    request_id: r.request_id,
                    organisation: r.organisation,
                    prefecture: r.prefecture,
                    tier: r.tier,
                    rank: r.rank,
                    unmet: r.unmet.into_iter().map(Into::into).collect(),
                    engine: r.engine,
                    engine_placed: r.engine_placed,
                })
                .collect(),
        }
    }
}

/// A blocking pair a move creates: the candidates and the organisations that would rather have
/// each other.
#[derive(Debug, Serialize, ToSchema)]
pub struct BlockingPair {
    /// Candidate references.
    pub candidates: Vec<String>,
    pub organisations: Vec<String>,
}

/// What a manual move costs.
#[derive(Debug, Serialize, ToSchema)]
pub struct MoveCostBody {
    pub application_id: i64,
    pub request_id: Option<i64>,
    pub rank: Option<i64>,
    pub unmet: Vec<Requirement>,
    pub not_listed: bool,
    pub over_capacity: bool,
    pub blocking_before: u64,
    pub blocking_after: u64,
    /// Blocking pairs the move creates (up to 20).
    pub new_blocking: Vec<BlockingPair>,
}

impl From<MoveCost> for MoveCostBody {
    fn from(c: MoveCost) -> Self {
        MoveCostBody {
            application_id: c.application_id,
            request_id: c.request_id,
            rank: c.rank,
            unmet: c.unmet.into_iter().map(Into::into).collect(),
            not_listed: c.not_listed,
            over_capacity: c.over_capacity,
            blocking_before: c.blocking_before,
            blocking_after: c.blocking_after,
            new_blocking: c
                .new_blocking
                .into_iter()
                .map(|(candidates, organisations)| BlockingPair { candidates, organisations })
                .collect(),
        }
    }
}
