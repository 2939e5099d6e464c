//! The applying area's API: registration and verification, the applicant's applications (form
//! sections, documents, referees, submit, withdraw), documents, and the referee's upload.

use crate::shell::AppState;
use crate::shell::api::ApiResult;
use crate::shell::context::{ApiJson, Signed};
use crate::shell::error::ErrorBody;
use crate::shell::state::Ctx;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// Registers an applicant: `{email, family_name, given_name, nationality, password, language}`.
/// A link to confirm the address is mailed; submitting needs it confirmed.
#[utoipa::path(post, path = "/api/v1/applicants", tag = "applying", security(()), request_body(content = Object, description = "the registration"),
    responses((status = 201), (status = 422, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<app::applying::Registration>,
) -> Response {
    match state.app.register_applicant(&body, &ctx.client).await {
        // The same answer whether the address had an account or not (its owner is mailed).
        Ok(()) => (StatusCode::CREATED, Json(serde_json::json!({}))).into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// Confirms an e-mail address with the token of the mailed link.
#[utoipa::path(post, path = "/api/v1/verify/{token}", tag = "applying", security(()), params(("token" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn verify(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> Response {
    match state.app.verify_email(&token).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// The caller's applications, each with its timeline and what is missing.
#[utoipa::path(get, path = "/api/v1/my/applications", tag = "applying", responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
pub async fn my_applications(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
) -> ApiResult<Vec<app::applying::ApplicationView>> {
    Ok(Json(state.app.my_applications(&actor).await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StartRequest {
    pub programme_year_id: i64,
    /// `ALT`, `CIR` or `SEA` (one per person and year).
    pub position: String,
    /// The country's mission the application goes to.
    pub mission_id: i64,
}

/// Starts the caller's application for a year (a repeated request returns the same one).
#[utoipa::path(post, path = "/api/v1/my/applications", tag = "applying", request_body = StartRequest,
    responses((status = 201, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn start_application(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    ApiJson(body): ApiJson<StartRequest>,
) -> Response {
    match state.app.start_application(&actor, body.programme_year_id, &body.position, body.mission_id).await {
        Ok(view) => (StatusCode::CREATED, Json(view)).into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// One of the caller's applications.
#[utoipa::path(get, path = "/api/v1/my/applications/{id}", tag = "applying", params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn my_application(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<app::applying::ApplicationView> {
    Ok(Json(state.app.my_application(&actor, id).await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SectionRequest {
    /// The section's fields; a null or empty value clears a field.
    #[schema(value_type = Object)]
    pub values: serde_json::Value,
    /// The version of the application the values were edited on.
    pub version: i64,
}

/// Saves one section of the form (autosave): `personal`, `education`, `employment`, `japanese`,
/// `teaching`, `licence`, `disclosures`, `dependants`, `partner`, `preferences`, `statement`,
/// `logistics`, `history`. Every refused field is named; a stale version answers 409.
#[utoipa::path(put, path = "/api/v1/my/applications/{id}/sections/{section}", tag = "applying",
    params(("id" = i64, Path), ("section" = String, Path)), request_body = SectionRequest,
    responses((status = 200, body = Object), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_section(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path((id, section)): Path<(i64, String)>,
    ApiJson(body): ApiJson<SectionRequest>,
) -> ApiResult<app::applying::ApplicationView> {
    Ok(Json(state.app.save_section(&actor, id, &section, &body.values, body.version).await.map_err(|e| ctx.fail(e))?))
}

/// Submits: before the deadline, complete, eligible, with a confirmed address. The receipt is
/// mailed; a repeated submit answers with the same application.
#[utoipa::path(post, path = "/api/v1/my/applications/{id}/submit", tag = "applying", params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn submit_application(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<app::applying::ApplicationView> {
    Ok(Json(state.app.submit_application(&actor, id).await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct WithdrawRequest {
    pub reason: String,
}

/// Withdraws the application at any open stage, with a reason.
#[utoipa::path(post, path = "/api/v1/my/applications/{id}/withdraw", tag = "applying", params(("id" = i64, Path)), request_body = WithdrawRequest,
    responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn withdraw_application(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<WithdrawRequest>,
) -> ApiResult<app::applying::ApplicationView> {
    Ok(Json(state.app.withdraw_application(&actor, id, &body.reason).await.map_err(|e| ctx.fail(e))?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadParams {
    /// `transcript`, `degree-proof`, `certificate` or `other`.
    pub kind: String,
    /// The file's name; its ending must match its content (`.pdf`, `.png`, `.jpg`).
    pub name: String,
}

/// Uploads a document to the caller's draft: the raw file as the body (at most 10 MiB; PDF, PNG or
/// JPEG, detected from the content). Send `X-Content-SHA256` (hex) to have the upload checked
/// whole. The same bytes again answer with the same document.
#[utoipa::path(put, path = "/api/v1/my/applications/{id}/documents", tag = "applying", params(("id" = i64, Path), UploadParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = Object), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload_document(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    Query(p): Query<UploadParams>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<store::applying::DocumentRow> {
    let expected = headers.get("x-content-sha256").and_then(|v| v.to_str().ok());
    Ok(Json(
        state
            .app
            .upload_document(&actor, id, &p.kind, &p.name, body.to_vec(), expected)
            .await
            .map_err(|e| ctx.fail(e))?,
    ))
}

/// Removes a document from the caller's draft.
#[utoipa::path(delete, path = "/api/v1/my/applications/{id}/documents/{document}", tag = "applying",
    params(("id" = i64, Path), ("document" = i64, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_document(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path((id, document)): Path<(i64, i64)>,
) -> Response {
    match state.app.delete_document(&actor, id, document).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// A document's file, for its applicant or for staff whose scope holds the application.
#[utoipa::path(get, path = "/api/v1/documents/{document}", tag = "applying", params(("document" = i64, Path)),
    responses((status = 200, content_type = "application/octet-stream"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn document(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(document): Path<i64>,
) -> Response {
    match state.app.document(&actor, document).await {
        Ok((row, bytes)) => crate::shell::files::document_response(&row, bytes),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RefereeRequest {
    pub name: String,
    pub email: String,
}

/// Names a referee for the caller's draft: they are mailed a private link to upload their letter.
#[utoipa::path(post, path = "/api/v1/my/applications/{id}/referees", tag = "applying", params(("id" = i64, Path)), request_body = RefereeRequest,
    responses((status = 201, body = Object), (status = 422, body = ErrorBody)))]
pub async fn add_referee(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<RefereeRequest>,
) -> Response {
    match state.app.add_referee(&actor, id, &body.name, &body.email).await {
        Ok(row) => (StatusCode::CREATED, Json(row)).into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// A referee's upload of their letter through their private link: the raw PDF as the body
/// (the same checks as documents). Needs no account.
#[utoipa::path(put, path = "/api/v1/referee/{token}", tag = "applying", security(()), params(("token" = String, Path), ("name" = String, Query)),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 200, body = Object), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn referee_upload(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Query(p): Query<std::collections::HashMap<String, String>>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<store::applying::DocumentRow> {
    let name = p.get("name").cloned().unwrap_or_else(|| "reference.pdf".into());
    let expected = headers.get("x-content-sha256").and_then(|v| v.to_str().ok());
    Ok(Json(state.app.referee_upload(&token, &name, body.to_vec(), expected).await.map_err(|e| ctx.fail(e))?))
}
