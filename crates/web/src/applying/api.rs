//! The applying area's API: registration and verification, the applicant's applications (form
//! sections, documents, referees, submit, withdraw), documents, and the referee's upload.

use crate::shell::AppState;
use crate::shell::api::ApiResult;
use crate::shell::api::{Application, Document, Form, FormValue, form_of};
use crate::shell::context::{ApiJson, Signed};
use crate::shell::error::ErrorBody;
use crate::shell::state::Ctx;
use app::applying::{ApplicationView, Registration, Step};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Position;
use domain::ProgrammeYearId;
use domain::{ApplicationId, DocumentId, MissionId};
use serde::{Deserialize, Serialize};
use store::applying::RefereeRow;
use utoipa::{IntoParams, ToSchema};

/// A prospective applicant's registration.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RegistrationRequest {
    pub email: String,
    pub family_name: String,
    pub given_name: String,
    /// ISO 3166-1 alpha-2 code.
    pub nationality: String,
    pub password: String,
    /// `en`, `ja` or `ko`: the language of the mails and pages.
    #[serde(default)]
    pub language: Option<String>,
}

/// Registers an applicant. A link to confirm the address is mailed; submitting needs it
/// confirmed.
#[utoipa::path(post, path = "/api/v1/applicants", tag = "applying", security(()), request_body = RegistrationRequest,
    responses((status = 201, description = "Registered (the same answer whether the address had an account or not); the body is an empty JSON object."), (status = 422, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<RegistrationRequest>,
) -> Response {
    let registration = Registration {
        email: body.email,
        family_name: body.family_name,
        given_name: body.given_name,
        nationality: body.nationality,
        password: body.password,
        language: body.language,
    };
    match state.app.register_applicant(&registration, &ctx.client).await {
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
#[utoipa::path(get, path = "/api/v1/my/applications", tag = "applying", responses((status = 200, body = Vec<MyApplication>), (status = 403, body = ErrorBody)))]
pub async fn my_applications(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
) -> ApiResult<Vec<MyApplication>> {
    let applications = state
        .app
        .applicant(&actor, "application.read")
        .await
        .map_err(|e| ctx.fail(e))?
        .my_applications()
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(applications.into_iter().map(Into::into).collect()))
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
    responses((status = 201, body = MyApplication), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn start_application(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    ApiJson(body): ApiJson<StartRequest>,
) -> Response {
    match async {
        let applicant = state.app.applicant(&actor, "application.create").await?;
        let position = Position::parse(&body.position)?;
        applicant.start_application(ProgrammeYearId(body.programme_year_id), position, MissionId(body.mission_id)).await
    }
    .await
    {
        Ok(view) => (StatusCode::CREATED, Json(MyApplication::from(view))).into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// One of the caller's applications.
#[utoipa::path(get, path = "/api/v1/my/applications/{id}", tag = "applying", params(("id" = i64, Path)),
    responses((status = 200, body = MyApplication), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn my_application(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
) -> ApiResult<MyApplication> {
    Ok(Json(
        state
            .app
            .applicant(&actor, "application.read")
            .await
            .map_err(|e| ctx.fail(e))?
            .my_application(id)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SectionRequest {
    /// The section's fields; a null or empty value clears a field. A value of the wrong kind is
    /// named in the 422 answer (read as JSON here so that the form's own checks name it).
    #[schema(value_type = BTreeMap<String, FormValue>)]
    pub values: serde_json::Value,
    /// The version of the application the values were edited on.
    pub version: i64,
}

/// Saves one section of the form (autosave): `personal`, `education`, `employment`, `japanese`,
/// `teaching`, `licence`, `disclosures`, `dependants`, `partner`, `preferences`, `statement`,
/// `logistics`, `history`. Every refused field is named; a stale version answers 409.
#[utoipa::path(put, path = "/api/v1/my/applications/{id}/sections/{section}", tag = "applying",
    params(("id" = i64, Path), ("section" = String, Path)), request_body = SectionRequest,
    responses((status = 200, body = MyApplication), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_section(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path((id, section)): Path<(ApplicationId, String)>,
    ApiJson(body): ApiJson<SectionRequest>,
) -> ApiResult<MyApplication> {
    let view = state
        .app
        .applicant(&actor, "application.save")
        .await
        .map_err(|e| ctx.fail(e))?
        .save_section(id, &section, &body.values, body.version)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(view.into()))
}

/// Submits: before the deadline, complete, eligible, with a confirmed address. The receipt is
/// mailed; a repeated submit answers with the same application.
#[utoipa::path(post, path = "/api/v1/my/applications/{id}/submit", tag = "applying", params(("id" = i64, Path)),
    responses((status = 200, body = MyApplication), (status = 422, body = ErrorBody)))]
pub async fn submit_application(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
) -> ApiResult<MyApplication> {
    Ok(Json(
        state
            .app
            .applicant(&actor, "application.submit")
            .await
            .map_err(|e| ctx.fail(e))?
            .submit_application(id)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct WithdrawRequest {
    pub reason: String,
}

/// Withdraws the application at any open stage, with a reason.
#[utoipa::path(post, path = "/api/v1/my/applications/{id}/withdraw", tag = "applying", params(("id" = i64, Path)), request_body = WithdrawRequest,
    responses((status = 200, body = MyApplication), (status = 422, body = ErrorBody)))]
pub async fn withdraw_application(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
    ApiJson(body): ApiJson<WithdrawRequest>,
) -> ApiResult<MyApplication> {
    Ok(Json(
        state
            .app
            .applicant(&actor, "application.withdraw")
            .await
            .map_err(|e| ctx.fail(e))?
            .withdraw_application(id, &body.reason)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadParams {
    /// `transcript`, `degree-proof`, `transcript-degree-proof` (one file that is both),
    /// `certificate` or `other`.
    pub kind: String,
    /// The file's name; its ending must match its content (`.pdf`, `.png`, `.jpg`).
    pub name: String,
}

/// Uploads a document to the caller's draft: the raw file as the body (at most 10 MiB; PDF, PNG or
/// JPEG, detected from the content). Send `X-Content-SHA256` (hex) to have the upload checked
/// whole. The same bytes again answer with the same document; the same file sent as the
/// transcript and as the proof of degree becomes one document of kind `transcript-degree-proof`,
/// which counts as both; sent as any other kind, it is refused (422, naming the document it is).
#[utoipa::path(put, path = "/api/v1/my/applications/{id}/documents", tag = "applying", params(("id" = i64, Path), UploadParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = Document), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload_document(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
    Query(p): Query<UploadParams>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Document> {
    let expected = headers.get("x-content-sha256").and_then(|v| v.to_str().ok());
    Ok(Json(
        state
            .app
            .applicant(&actor, "application.document-upload")
            .await
            .map_err(|e| ctx.fail(e))?
            .upload_document(id, &p.kind, &p.name, body.to_vec(), expected)
            .await
            .map_err(|e| ctx.fail(e))?
            .0
            .into(),
    ))
}

/// Removes a document from the caller's draft.
#[utoipa::path(delete, path = "/api/v1/my/applications/{id}/documents/{document}", tag = "applying",
    params(("id" = i64, Path), ("document" = i64, Path)), responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn delete_document(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path((id, document)): Path<(ApplicationId, i64)>,
) -> Response {
    match async {
        state
            .app
            .applicant(&actor, "application.document-delete")
            .await?
            .delete_document(id, DocumentId(document))
            .await
    }
    .await
    {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// A document's file, for its applicant or for staff whose scope holds the application.
#[utoipa::path(get, path = "/api/v1/documents/{document}", tag = "applying", params(("document" = i64, Path)),
    responses((status = 200, description = "The file, of the type detected when it was uploaded.", content(("application/pdf"), ("image/png"), ("image/jpeg"))), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn document(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(document): Path<DocumentId>,
) -> Response {
    match async { state.app.application_records(&actor, "application.document-read").await?.document(document).await }
        .await
    {
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
    responses((status = 201, body = Referee), (status = 422, body = ErrorBody)))]
pub async fn add_referee(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
    ApiJson(body): ApiJson<RefereeRequest>,
) -> Response {
    match async {
        state.app.applicant(&actor, "application.referee").await?.add_referee(id, &body.name, &body.email).await
    }
    .await
    {
        Ok(row) => (StatusCode::CREATED, Json(Referee::from(row))).into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// A referee's upload of their letter through their private link: the raw PDF as the body
/// (the same checks as documents). Needs no account.
#[utoipa::path(put, path = "/api/v1/referee/{token}", tag = "applying", security(()), params(("token" = String, Path), ("name" = String, Query)),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 200, body = Document), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn referee_upload(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Query(p): Query<std::collections::HashMap<String, String>>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Document> {
    let name = p.get("name").cloned().unwrap_or_else(|| "reference.pdf".into());
    let expected = headers.get("x-content-sha256").and_then(|v| v.to_str().ok());
    Ok(Json(state.app.referee_upload(&token, &name, body.to_vec(), expected).await.map_err(|e| ctx.fail(e))?.into()))
}

// ----- The API's own types: what the operations above answer, as the document describes it -----

/// An application as its applicant sees it: the record, its timeline, what is missing, its
/// documents and referees.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyApplication {
    #[serde(flatten)]
    pub application: Application,
    /// The recruiting country's code.
    pub country: String,
    pub year: i64,
    /// What a draft still lacks (`section.field`, or `documents.kind`).
    pub missing: Vec<String>,
    pub deadline_local: Option<String>,
    pub submitted_local: Option<String>,
    pub steps: Vec<TimelineStep>,
    pub documents: Vec<Document>,
    pub referees: Vec<Referee>,
}

impl From<ApplicationView> for MyApplication {
    fn from(v: ApplicationView) -> Self {
        let form: Form = form_of(&v.form);
        MyApplication {
            application: Application { form, ..v.record.into() },
            country: v.country,
            year: v.year,
            missing: v.missing,
            deadline_local: v.deadline_local,
            submitted_local: v.submitted_local,
            steps: v.steps.into_iter().map(Into::into).collect(),
            documents: v.documents.into_iter().map(Into::into).collect(),
            referees: v.referees.into_iter().map(Into::into).collect(),
        }
    }
}

/// A step of an application's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineStep {
    /// A catalogue key naming the step.
    pub key: String,
    /// When, in the country's time (a date, or a date and time).
    pub when: Option<String>,
    /// `done`, `current` or `upcoming`.
    pub state: String,
}

impl From<Step> for TimelineStep {
    fn from(s: Step) -> Self {
        TimelineStep { key: s.key.to_owned(), when: s.when, state: s.state.to_owned() }
    }
}

/// A referee named by the applicant.
#[derive(Debug, Serialize, ToSchema)]
pub struct Referee {
    pub id: i64,
    pub application_id: i64,
    pub name: String,
    pub email: String,
    #[serde(with = "time::serde::rfc3339")]
    pub invited_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub reminded_at: Option<time::OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub received_at: Option<time::OffsetDateTime>,
}

impl From<RefereeRow> for Referee {
    fn from(r: RefereeRow) -> Self {
        Referee {
            id: r.id,
            application_id: r.application_id,
            name: r.name,
            email: r.email,
            invited_at: r.invited_at,
            reminded_at: r.reminded_at,
            received_at: r.received_at,
        }
    }
}
