//! The admin area's API: users, their roles and their being disabled; the audit log; the outbox.

use crate::admin::pages::AuditQuery;
use crate::shell::AppState;
use crate::shell::api::{ApiResult, ListParams, Paged, RoleDto, paged};
use crate::shell::context::{ApiJson, Signed};
use crate::shell::error::ErrorBody;
use crate::shell::lists::ListQuery;
use app::AppError;
use app::admin::{NewUserInput, UserView};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::{Language, MailId, Role, RoleGrant, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub language: String,
    pub disabled: bool,
    pub roles: Vec<RoleDto>,
}

impl From<UserView> for UserDto {
    fn from(u: UserView) -> Self {
        UserDto {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            language: u.language,
            disabled: u.disabled,
            roles: u.roles.into_iter().map(|r| RoleDto { role: r.role, unit: r.unit }).collect(),
        }
    }
}

/// Accounts (administrators).
#[utoipa::path(get, path = "/api/v1/users", tag = "administration", params(ListParams),
    responses((status = 200, body = Paged<UserDto>), (status = 403, body = ErrorBody)))]
pub async fn users(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<ListParams>,
) -> ApiResult<Paged<UserDto>> {
    let q = ListQuery::from(p);
    let listing = state
        .app
        .administering(&actor, "user.list")
        .await
        .map_err(|e| ctx.fail(e))?
        .users(q.filter().search.as_deref(), q.page())
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(paged(listing, UserDto::from)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewUserRequest {
    pub email: String,
    pub display_name: String,
    /// At least 12 characters; without it the user is mailed a link to choose one.
    pub password: Option<String>,
    /// `en`, `ja` or `ko`.
    pub language: Option<String>,
}

/// Opens an account (administrators).
#[utoipa::path(post, path = "/api/v1/users", tag = "administration", request_body = NewUserRequest,
    responses((status = 201, body = UserDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    ApiJson(body): ApiJson<NewUserRequest>,
) -> Response {
    let language = match body.language.as_deref() {
        None => Language::En,
        Some(tag) => match Language::from_tag(tag) {
            Some(l) => l,
            None => {
                return ctx.fail(AppError::field("language", "error-language-invalid")).into_response();
            }
        },
    };
    let input = NewUserInput { email: body.email, display_name: body.display_name, password: body.password, language };
    match async { state.app.administering(&actor, "user.create").await?.create_user(input).await }.await {
        Ok(user) => (StatusCode::CREATED, Json(UserDto::from(user))).into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// One account (administrators).
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "administration", params(("id" = i64, Path)),
    responses((status = 200, body = UserDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn user(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<UserId>,
) -> ApiResult<UserDto> {
    Ok(Json(
        state
            .app
            .administering(&actor, "user.read")
            .await
            .map_err(|e| ctx.fail(e))?
            .user(id)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DisabledRequest {
    /// A disabled account cannot log in, and its sessions end at once.
    pub disabled: bool,
}

/// Disables or enables an account (administrators).
#[utoipa::path(put, path = "/api/v1/users/{id}/disabled", tag = "administration", params(("id" = i64, Path)), request_body = DisabledRequest,
    responses((status = 200, body = UserDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn set_disabled(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<UserId>,
    ApiJson(body): ApiJson<DisabledRequest>,
) -> ApiResult<UserDto> {
    Ok(Json(
        state
            .app
            .administering(&actor, "user.disable")
            .await
            .map_err(|e| ctx.fail(e))?
            .set_user_disabled(id, body.disabled)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RoleRequest {
    pub role: String,
    /// `mission:3`, `organisation:12`, `prefecture:28`, `company:1`; absent for roles without a unit.
    pub unit: Option<String>,
}

fn grant_of(body: &RoleRequest) -> Result<RoleGrant, AppError> {
    let role = Role::parse(&body.role)?;
    let unit = domain::Unit::parse_key(body.unit.as_deref().unwrap_or(""))?;
    Ok(RoleGrant::new(role, unit)?)
}

/// Gives a user a role for a unit (administrators).
#[utoipa::path(post, path = "/api/v1/users/{id}/roles", tag = "administration", params(("id" = i64, Path)), request_body = RoleRequest,
    responses((status = 200, body = UserDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn grant_role(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<UserId>,
    ApiJson(body): ApiJson<RoleRequest>,
) -> ApiResult<UserDto> {
    let grant = grant_of(&body).map_err(|e| ctx.fail(e))?;
    Ok(Json(
        state
            .app
            .administering(&actor, "role.grant")
            .await
            .map_err(|e| ctx.fail(e))?
            .grant_role(id, grant)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

/// Takes a role away (administrators).
#[utoipa::path(delete, path = "/api/v1/users/{id}/roles", tag = "administration", params(("id" = i64, Path)), request_body = RoleRequest,
    responses((status = 200, body = UserDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn revoke_role(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<UserId>,
    ApiJson(body): ApiJson<RoleRequest>,
) -> ApiResult<UserDto> {
    let grant = grant_of(&body).map_err(|e| ctx.fail(e))?;
    Ok(Json(
        state
            .app
            .administering(&actor, "role.revoke")
            .await
            .map_err(|e| ctx.fail(e))?
            .revoke_role(id, grant)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditDto {
    pub id: i64,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    pub actor_user_id: Option<i64>,
    pub actor_email: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub unit: String,
    /// `done` or `denied`.
    pub outcome: String,
    /// What the record held before the action, as far as the action records it (the fields it
    /// changed: their names, or their values where they are not personal). Its shape is the
    /// action's, so the document leaves it open.
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// What the record holds after the action, as `before`.
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    pub action: Option<String>,
    pub entity: Option<String>,
    /// `done` or `denied`.
    pub outcome: Option<String>,
    pub actor: Option<i64>,
    /// `YYYY-MM-DD`, inclusive.
    pub since: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub until: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// The audit log, newest first (administrators).
#[utoipa::path(get, path = "/api/v1/audit", tag = "administration", params(AuditParams),
    responses((status = 200, body = Paged<AuditDto>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn audit(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<AuditParams>,
) -> ApiResult<Paged<AuditDto>> {
    let q = AuditQuery {
        action: p.action.unwrap_or_default(),
        entity: p.entity.unwrap_or_default(),
        outcome: p.outcome.unwrap_or_default(),
        since: p.since.unwrap_or_default(),
        until: p.until.unwrap_or_default(),
        actor: p.actor,
        limit: p.limit,
        offset: p.offset,
    };
    let filter = q.filter().map_err(|e| ctx.fail(e))?;
    let listing = state
        .app
        .auditing(&actor, "audit.read")
        .await
        .map_err(|e| ctx.fail(e))?
        .audit_log(&filter, app::admin::Page::new(q.limit, q.offset))
        .await
        .map_err(|e| ctx.fail(e))?;
    let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    Ok(Json(paged(listing, |r| AuditDto {
        id: r.id,
        at: r.at,
        actor_user_id: r.actor_user_id,
        actor_email: r.actor_email,
        action: r.action,
        entity: r.entity,
        entity_id: r.entity_id,
        unit: r.unit_key,
        outcome: r.outcome,
        before: json(r.before_json),
        after: json(r.after_json),
    })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MailDto {
    pub id: i64,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub to: String,
    pub language: String,
    pub template: String,
    pub subject: String,
    pub body: String,
    /// `pending`, `sent`, `failed` or `kept` (no SMTP configured).
    pub status: String,
    pub attempts: i64,
}

fn mail_dto(m: store::outbox::MailRow) -> MailDto {
    MailDto {
        id: m.id,
        created_at: m.created_at,
        to: m.to_address,
        language: m.language,
        template: m.template,
        subject: m.subject,
        body: m.body_text,
        status: m.status,
        attempts: m.attempts,
    }
}

/// The mail outbox, newest first (administrators): `search` finds a recipient or a subject,
/// `status` is `pending`, `sent`, `failed` or `kept`.
#[utoipa::path(get, path = "/api/v1/outbox", tag = "administration", params(ListParams),
    responses((status = 200, body = Paged<MailDto>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn outbox(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<ListParams>,
) -> ApiResult<Paged<MailDto>> {
    let q = ListQuery::from(p);
    let listing = state
        .app
        .reading_outbox(&actor, "outbox.read")
        .await
        .map_err(|e| ctx.fail(e))?
        .outbox(&super::pages::outbox_filter(&q).map_err(|e| ctx.fail(e))?, q.page())
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(paged(listing, mail_dto)))
}

/// One mail of the outbox (administrators).
#[utoipa::path(get, path = "/api/v1/outbox/{id}", tag = "administration", params(("id" = i64, Path)),
    responses((status = 200, body = MailDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn mail(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<MailId>,
) -> ApiResult<MailDto> {
    Ok(Json(mail_dto(
        state
            .app
            .reading_outbox(&actor, "outbox.read")
            .await
            .map_err(|e| ctx.fail(e))?
            .mail(id)
            .await
            .map_err(|e| ctx.fail(e))?,
    )))
}
