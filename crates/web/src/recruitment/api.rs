//! The recruitment area's API: programme years, their lifecycle and rules, eligibility checks and
//! overrides, and the years open to applicants.

use crate::shell::AppState;
use crate::shell::api::ApiResult;
use crate::shell::context::{ApiJson, Signed};
use crate::shell::error::ErrorBody;
use crate::shell::state::Ctx;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewYearRequest {
    /// ISO 3166-1 alpha-2 code of the recruiting country.
    pub country: String,
    pub year: i64,
}

/// Programme years of the countries the caller may set up (mission staff: their mission's
/// country; CLAIR: all).
#[utoipa::path(get, path = "/api/v1/programme-years", tag = "recruitment",
    responses((status = 200, body = Object, description = "a list of programme years with their dates (UTC and local), plan and departure groups"), (status = 403, body = ErrorBody)))]
pub async fn programme_years(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
) -> ApiResult<Vec<app::recruitment::YearView>> {
    Ok(Json(state.app.programme_years(&actor).await.map_err(|e| ctx.fail(e))?))
}

/// Opens a country's programme year (in planning).
#[utoipa::path(post, path = "/api/v1/programme-years", tag = "recruitment", request_body = NewYearRequest,
    responses((status = 201, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_programme_year(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    ApiJson(body): ApiJson<NewYearRequest>,
) -> Response {
    match state.app.create_programme_year(&actor, &body.country, body.year).await {
        Ok(view) => (StatusCode::CREATED, Json(view)).into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// One programme year.
#[utoipa::path(get, path = "/api/v1/programme-years/{id}", tag = "recruitment", params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn programme_year(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<app::recruitment::YearView> {
    Ok(Json(state.app.programme_year(&actor, id).await.map_err(|e| ctx.fail(e))?))
}

/// Saves a year's dates (`YYYY-MM-DD`; the application opening, the application deadline and the
/// reply deadline as local `YYYY-MM-DDTHH:MM` in the country's time zone), places by position,
/// `sea_offered`, `departure_groups` (`[{name, arrival_date}]`) and the `version` it edited: a
/// stale version answers 409.
#[utoipa::path(put, path = "/api/v1/programme-years/{id}", tag = "recruitment", params(("id" = i64, Path)),
    request_body(content = Object, description = "the year's settings and the version they were read at"),
    responses((status = 200, body = Object), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_programme_year(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<app::recruitment::YearInput>,
) -> ApiResult<app::recruitment::YearView> {
    Ok(Json(state.app.save_programme_year(&actor, id, &body).await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct YearStatusRequest {
    /// `recruiting`, `selecting`, `placing` or `closed`, the next in the year's lifecycle.
    pub status: String,
    pub version: i64,
}

/// Moves a year along its lifecycle.
#[utoipa::path(post, path = "/api/v1/programme-years/{id}/status", tag = "recruitment", params(("id" = i64, Path)), request_body = YearStatusRequest,
    responses((status = 200, body = Object), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn advance_programme_year(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<YearStatusRequest>,
) -> ApiResult<app::recruitment::YearView> {
    Ok(Json(state.app.advance_programme_year(&actor, id, &body.status, body.version).await.map_err(|e| ctx.fail(e))?))
}

/// Checks an applicant's facts against a programme year's eligibility rules: each finding with
/// its rule and the reason in the caller's language; `eligible` is false when any finding is
/// `ineligible` (a `condition` is something to do or to be assessed). Body: `nationality`,
/// `also_japanese`, `position`, `departure_group` (its arrival date is the degree cut-off),
/// `qualifications` (`[{kind: bachelor|teacher-training-3-year, awarded}]`),
/// `previous_participations` and `residence_in_japan` (`[{start, end}]`),
/// `declined_placement_last_year_without_reason`, `jlpt`, `japanese_self_assessment` (`N1`…`N5`).
#[utoipa::path(post, path = "/api/v1/programme-years/{id}/eligibility", tag = "recruitment", params(("id" = i64, Path)),
    request_body(content = Object, description = "the applicant's facts"),
    responses((status = 200, body = Object, description = "{eligible, findings: [{rule, rule_name, severity, message}]}"), (status = 422, body = ErrorBody)))]
pub async fn check_eligibility(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<app::recruitment::FactsInput>,
) -> ApiResult<app::recruitment::EligibilityReport> {
    Ok(Json(state.app.check_eligibility(&actor, id, &body).await.map_err(|e| ctx.fail(e))?))
}

/// Programme years taking applications now, with their missions, departure groups and interview
/// locations. Public: a prospective applicant looks before registering.
#[utoipa::path(get, path = "/api/v1/open-years", tag = "applying", security(()), responses((status = 200, body = Object)))]
pub async fn open_years(State(state): State<AppState>, ctx: Ctx) -> ApiResult<Vec<app::applying::OpenYear>> {
    Ok(Json(state.app.open_years().await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OverrideRequest {
    /// Why the mission accepts what the rules refuse; kept in the application and the audit log.
    pub reason: String,
    pub version: i64,
}

/// A mission accepts an application its eligibility rules refuse, with the reason on record
/// (mission staff of the application's mission, or CLAIR).
#[utoipa::path(post, path = "/api/v1/applications/{id}/eligibility-override", tag = "recruitment", params(("id" = i64, Path)),
    request_body = OverrideRequest, responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn override_eligibility(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<OverrideRequest>,
) -> ApiResult<store::applying::ApplicationRecord> {
    Ok(Json(state.app.override_eligibility(&actor, id, &body.reason, body.version).await.map_err(|e| ctx.fail(e))?))
}
