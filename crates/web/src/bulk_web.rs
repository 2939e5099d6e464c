//! Bulk work on the web (issue 4, item 10): exports of any list to CSV or XLSX, the import of
//! paper applications with a progress page, and saved filters. The API and the pages share
//! these handlers where the answer is a file or a redirect.

use crate::AppState;
use crate::context::{ApiJson, Ctx, Signed, SignedForm};
use crate::error::{ErrorBody, Failure, WebError};
use crate::pages::{Chrome, ListQuery, render};
use app::AppError;
use app::bulk::{Format, JobView};
use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
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
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
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
        let sheet = state.app.export_list(&actor, &list, &query.filter(), p.year).await?;
        Ok::<_, AppError>((format, app::bulk::render(&sheet, format)?))
    }
    .await;
    match result {
        Ok((format, bytes)) => sheet_response(format, &format!("kakehashi-{list}"), bytes),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// An exported list as a download: `{stem}.csv` or `{stem}.xlsx`, never cached.
pub(crate) fn sheet_response(format: Format, stem: &str, bytes: Vec<u8>) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    let name = format!("attachment; filename=\"{stem}.{}\"", format.extension());
    if let Ok(v) = HeaderValue::from_str(&name) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
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
    responses((status = 202, body = Object), (status = 422, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    Query(p): Query<ImportParams>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<JobView>), Failure> {
    let job = state.app.start_import(&actor, id, p.mission, &body).await.map_err(|e| ctx.fail(e))?;
    Ok((StatusCode::ACCEPTED, Json(job)))
}

/// A background job and its progress.
#[utoipa::path(get, path = "/api/v1/jobs/{id}", tag = "bulk", params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn job(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> Result<Json<JobView>, Failure> {
    Ok(Json(state.app.job(&actor, id).await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FilterListParams {
    /// `applications`, `participants`, `organisations`, `screening`, `decisions` or `audit`.
    pub list: String,
}

/// The caller's saved filters of a list.
#[utoipa::path(get, path = "/api/v1/saved-filters", tag = "bulk", params(FilterListParams),
    responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn saved_filters(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<FilterListParams>,
) -> Result<Json<Vec<SavedFilterRow>>, Failure> {
    Ok(Json(state.app.saved_filters(&actor, &p.list).await.map_err(|e| ctx.fail(e))?))
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
    responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn save_filter(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    ApiJson(body): ApiJson<SaveFilterRequest>,
) -> Result<Json<Vec<SavedFilterRow>>, Failure> {
    let done = async {
        state.app.save_filter(&actor, &body.list, &body.name, &body.query).await?;
        state.app.saved_filters(&actor, &body.list).await
    };
    Ok(Json(done.await.map_err(|e| ctx.fail(e))?))
}

/// Deletes one of the caller's saved filters.
#[utoipa::path(delete, path = "/api/v1/saved-filters/{id}", tag = "bulk", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_filter(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> Result<StatusCode, Failure> {
    state.app.delete_filter(&actor, id).await.map_err(|e| ctx.fail(e))?;
    Ok(StatusCode::NO_CONTENT)
}

/// What the list pages show above their table: export links with the current filter, the
/// caller's saved filters, and the form to save this one.
pub struct ListTools {
    pub list: &'static str,
    pub query: String,
    pub saved: Vec<SavedFilterRow>,
}

impl ListTools {
    pub async fn of(state: &AppState, actor: &app::Actor, list: &'static str, q: &ListQuery) -> ListTools {
        let prefecture = q.prefecture.map(|p| p.to_string()).unwrap_or_default();
        let pairs: Vec<(&str, &str)> = [
            ("search", q.search.as_str()),
            ("status", q.status.as_str()),
            ("position", q.position.as_str()),
            ("country", q.country.as_str()),
            ("prefecture", prefecture.as_str()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .collect();
        let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
        // A list page still shows when the saved filters cannot be read; the error is logged.
        let saved = state.app.saved_filters(actor, list).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "saved filters");
            vec![]
        });
        ListTools { list, query, saved }
    }
}

#[derive(Deserialize)]
pub struct SaveFilterForm {
    list: String,
    name: String,
    #[serde(default)]
    query: String,
}

/// The list page's "save this filter" form: back to the list with the filter applied.
pub async fn save_filter_page(
    State(state): State<AppState>,
    SignedForm(form, ctx, actor): SignedForm<SaveFilterForm>,
) -> Response {
    match state.app.save_filter(&actor, &form.list, &form.name, &form.query).await {
        Ok(()) => {
            let back = format!("/{}?{}", form.list, form.query.trim().trim_start_matches('?'));
            crate::redirect::to_same_site(Some(&back), "/dashboard").into_response()
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct DeleteFilterForm {
    list: String,
}

pub async fn delete_filter_page(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedForm(form, ctx, actor): SignedForm<DeleteFilterForm>,
) -> Response {
    if !app::bulk::LISTS.contains(&form.list.as_str()) {
        return ctx.fail(AppError::field("list", "error-list-invalid")).into_response();
    }
    match state.app.delete_filter(&actor, id).await {
        Ok(()) => Redirect::to(&format!("/{}", form.list)).into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "job.html")]
struct JobPage {
    c: Chrome,
    job: JobView,
    progress: String,
    imported: Option<i64>,
    skipped: Option<i64>,
}

/// A job's progress page; while it runs, htmx reloads the progress part every second.
pub async fn job_page(State(state): State<AppState>, Signed { ctx, actor }: Signed, Path(id): Path<i64>) -> Response {
    match state.app.job(&actor, id).await {
        Ok(job) => {
            let result: Option<serde_json::Value> =
                job.job.result_json.as_deref().and_then(|r| serde_json::from_str(r).ok());
            let count = |k: &str| result.as_ref().and_then(|r| r.get(k)).and_then(serde_json::Value::as_i64);
            let progress = ctx.t.t_args(
                "job-progress",
                &[("done", app::i18n::Arg::from(job.job.done)), ("total", app::i18n::Arg::from(job.job.total))],
            );
            let page =
                JobPage { c: Chrome::new(&ctx), progress, imported: count("imported"), skipped: count("skipped"), job };
            render(&ctx, StatusCode::OK, &page)
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// The import form of the screening board: a file (and the mission), then the progress page.
pub async fn import_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    mut multipart: axum::extract::Multipart,
) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    let (mut csrf, mut mission, mut file) = (String::new(), None, Vec::new());
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_owned();
                let Ok(bytes) = field.bytes().await else { return crate::pages::too_large(&ctx) };
                match name.as_str() {
                    "csrf_token" => csrf = String::from_utf8_lossy(&bytes).into_owned(),
                    "mission" => mission = String::from_utf8_lossy(&bytes).trim().parse().ok(),
                    "file" => file = bytes.to_vec(),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(_) => return crate::pages::too_large(&ctx),
        }
    }
    if !app::security::constant_time_eq(&csrf, &ctx.csrf_token) {
        return ctx.fail(WebError::csrf()).into_response();
    }
    match state.app.start_import(actor, id, mission, &file).await {
        Ok(job) => Redirect::to(&format!("/jobs/{}", job.job.id)).into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}
