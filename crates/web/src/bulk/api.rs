//! The bulk area's API: exports of any list to CSV or XLSX (the pages use the same handler),
//! imports of paper applications as jobs, job progress, and saved filters.

use crate::shell::AppState;
use crate::shell::context::{ApiJson, Signed};
use crate::shell::error::ErrorBody;
use crate::shell::failure::Failure;
use crate::shell::files::sheet_response;
use crate::shell::lists::ListQuery;
use app::AppError;
use app::bulk::{Format, JobView};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::MissionId;
use domain::{JobId, ProgrammeYearId, SavedFilterId};
use serde::{Deserialize, Serialize};
use store::jobs::SavedFilterRow;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `csv` or `xlsx`.
    #[serde(default = "csv")]
    pub format: String,
    /// The programme year, for `screening` and `decisions`.
    pub year: Option<i64>,
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub country: String,
    pub prefecture: Option<i64>,
}

fn csv() -> String {
    "csv".into()
}

/// A list as a CSV or XLSX file: `applications`, `participants`, `organisations` (with the
/// list's filters), `screening` or `decisions` (of `year`). Only what the caller may see.
#[utoipa::path(get, path = "/api/v1/exports/{list}", tag = "bulk", params(("list" = String, Path), ExportParams),
    responses((status = 200, description = "The list as CSV (UTF-8 with a BOM) or XLSX, by `format`.", content((String = "text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(list): Path<String>,
    Query(p): Query<ExportParams>,
) -> Response {
    let result = async {
        let format = Format::parse(&p.format)?;
        let query = ListQuery {
            search: p.search.clone(),
            status: p.status.clone(),
            position: p.position.clone(),
            country: p.country.clone(),
            prefecture: p.prefecture,
            limit: None,
            offset: None,
        };
        let sheet = state
            .app
            .account(&actor)
            .export_list(app::bulk::ExportList::parse(&list)?, &query.filter(), p.year.map(ProgrammeYearId))
            .await?;
        Ok::<_, AppError>((format, app::bulk::render(&sheet, format)?))
    }
    .await;
    match result {
        Ok((format, bytes)) => sheet_response(format, &format!("kakehashi-{list}"), bytes),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// The receiving mission (needed when the caller works for several, or for CLAIR).
    pub mission: Option<i64>,
}

/// Imports paper applications from a CSV or XLSX file (the raw file as the body; first row:
/// `family_name, given_name, birth_date, nationality, phone, address, qualification,
/// institution, field_of_study, awarded, statement_of_purpose, interview_location,
/// departure_group`, optionally `email, position, jlpt, driving_licence, area`). Every row is
/// checked first; a refused file names each row and column and writes nothing. A good file is
/// written by a background job: 202 with the job to watch at `/api/v1/jobs/{id}`.
#[utoipa::path(post, path = "/api/v1/programme-years/{id}/imports", tag = "bulk", params(("id" = i64, Path), ImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 202, body = Job), (status = 422, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ProgrammeYearId>,
    Query(p): Query<ImportParams>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Job>), Failure> {
    let job = state
        .app
        .selecting(&actor, "application.import")
        .await
        .map_err(|e| ctx.fail(e))?
        .start_import(id, p.mission.map(MissionId), &body)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok((StatusCode::ACCEPTED, Json(job.into())))
}

/// A background job and its progress.
#[utoipa::path(get, path = "/api/v1/jobs/{id}", tag = "bulk", params(("id" = i64, Path)),
    responses((status = 200, body = Job), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn job(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<JobId>,
) -> Result<Json<Job>, Failure> {
    Ok(Json(state.app.account(&actor).job(id).await.map_err(|e| ctx.fail(e))?.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FilterListParams {
    /// `applications`, `participants`, `organisations`, `screening`, `decisions` or `audit`.
    pub list: String,
}

/// The caller's saved filters of a list.
#[utoipa::path(get, path = "/api/v1/saved-filters", tag = "bulk", params(FilterListParams),
    responses((status = 200, body = Vec<SavedFilter>), (status = 422, body = ErrorBody)))]
pub async fn saved_filters(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<FilterListParams>,
) -> Result<Json<Vec<SavedFilter>>, Failure> {
    let filters = state.app.account(&actor).saved_filters(&p.list).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(filters.into_iter().map(Into::into).collect()))
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct SaveFilterRequest {
    pub list: String,
    pub name: String,
    /// The list's query string: `status=submitted&position=ALT`.
    pub query: String,
}

/// Saves a filter under a name (the same name again replaces it).
#[utoipa::path(post, path = "/api/v1/saved-filters", tag = "bulk", request_body = SaveFilterRequest,
    responses((status = 200, body = Vec<SavedFilter>, description = "The caller's saved filters of that list, the new one included."), (status = 422, body = ErrorBody)))]
pub async fn save_filter(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    ApiJson(body): ApiJson<SaveFilterRequest>,
) -> Result<Json<Vec<SavedFilter>>, Failure> {
    let done = async {
        state.app.account(&actor).save_filter(&body.list, &body.name, &body.query).await?;
        state.app.account(&actor).saved_filters(&body.list).await
    };
    Ok(Json(done.await.map_err(|e| ctx.fail(e))?.into_iter().map(Into::into).collect()))
}

/// Deletes one of the caller's saved filters.
#[utoipa::path(delete, path = "/api/v1/saved-filters/{id}", tag = "bulk", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_filter(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<SavedFilterId>,
) -> Result<StatusCode, Failure> {
    state.app.account(&actor).delete_filter(id).await.map_err(|e| ctx.fail(e))?;
    Ok(StatusCode::NO_CONTENT)
}

// ----- The API's own types: what the operations above answer, as the document describes it -----

/// A background job and its progress.
#[derive(Debug, Serialize, ToSchema)]
pub struct Job {
    pub id: i64,
    /// `application-import` or `placement-run`.
    pub kind: String,
    pub requested_by: Option<i64>,
    /// The unit whose records the job writes (`mission:3`).
    pub unit_key: String,
    /// `running`, `done` or `failed`.
    pub status: String,
    pub done: i64,
    pub total: i64,
    /// What a finished import wrote (a placement run's job has no figures of its own: see the
    /// run).
    pub result: Option<JobResult>,
    pub error: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: time::OffsetDateTime,
    pub percent: i64,
}

/// What a finished job wrote.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct JobResult {
    /// Applications imported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported: Option<i64>,
    /// Rows skipped (already imported).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<i64>,
}

impl From<JobView> for Job {
    fn from(v: JobView) -> Self {
        let j = v.job;
        Job {
            id: j.id,
            kind: j.kind,
            requested_by: j.requested_by,
            unit_key: j.unit_key,
            status: j.status,
            done: j.done,
            total: j.total,
            result: j.result_json.as_deref().and_then(|r| serde_json::from_str(r).ok()),
            error: j.error,
            created_at: j.created_at,
            updated_at: j.updated_at,
            percent: v.percent,
        }
    }
}

/// A saved filter of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedFilter {
    pub id: i64,
    pub user_id: i64,
    pub list: String,
    pub name: String,
    /// The list's query string: `status=submitted&position=ALT`.
    pub query: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: time::OffsetDateTime,
}

impl From<SavedFilterRow> for SavedFilter {
    fn from(f: SavedFilterRow) -> Self {
        SavedFilter {
            id: f.id,
            user_id: f.user_id,
            list: f.list,
            name: f.name,
            query: f.query,
            created_at: f.created_at,
        }
    }
}
