//! The accounts area's API: sessions (log in, log out, everywhere), who am I and my language,
//! personal API tokens, password resets.

use crate::shell::AppState;
use crate::shell::api::{ApiResult, RoleDto};
use crate::shell::context::{ApiJson, Signed};
use crate::shell::error::ErrorBody;
use crate::shell::http::{DEVICE_COOKIE, SESSION_COOKIE, cookie, device_cookie};
use crate::shell::state::Ctx;
use app::{Actor, AppError};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{CookieJar, SameSite};
use domain::ApiTokenId;
use domain::Language;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct MeDto {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub language: String,
    pub person_id: Option<i64>,
    pub roles: Vec<RoleDto>,
    /// Send this in `X-CSRF-Token` with unsafe requests authenticated by the session cookie.
    pub csrf_token: Option<String>,
}

fn me_of(actor: &Actor) -> MeDto {
    MeDto {
        id: actor.user_id.0,
        email: actor.email.to_string(),
        display_name: actor.display_name.clone(),
        language: actor.language.tag().to_owned(),
        person_id: actor.person_id.map(|p| p.0),
        roles: actor
            .grants
            .iter()
            .map(|g| RoleDto { role: g.role().as_str().to_owned(), unit: g.unit().key() })
            .collect(),
        csrf_token: match &actor.credential {
            app::Credential::Session { csrf_token, .. } => Some(csrf_token.clone()),
            app::Credential::ApiToken { .. } => None,
        },
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Log in: sets the session cookie.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginRequest,
    responses((status = 200, body = MeDto), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Response {
    let device = jar.get(DEVICE_COOKIE).map(|c| c.value().to_owned());
    match state.app.login(&body.email, &body.password, &ctx.client, device.as_deref()).await {
        Ok(session) => {
            let mut c = cookie(SESSION_COOKIE, session.token, state.config.secure_cookies, SameSite::Strict);
            c.set_max_age(time::Duration::hours(12));
            let mut jar = jar.add(c);
            if let Some(d) = device_cookie(session.device_token, state.config.secure_cookies) {
                jar = jar.add(d);
            }
            (jar, Json(me_of(&session.actor))).into_response()
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// Log out: ends the session.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(State(state): State<AppState>, Signed { ctx, actor }: Signed, jar: CookieJar) -> Response {
    match state.app.account(&actor).logout().await {
        Ok(()) => {
            (jar.remove(axum_extra::extract::cookie::Cookie::build(SESSION_COOKIE).path("/")), StatusCode::NO_CONTENT)
                .into_response()
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// Ends every session of the caller (after a lost laptop, say).
#[utoipa::path(delete, path = "/api/v1/sessions", tag = "session", responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout_everywhere(State(state): State<AppState>, Signed { ctx, actor }: Signed) -> Response {
    match state.app.account(&actor).logout_everywhere().await {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// The caller: account, roles and units.
#[utoipa::path(get, path = "/api/v1/me", tag = "session", responses((status = 200, body = MeDto), (status = 401, body = ErrorBody)))]
pub async fn me(Signed { actor, .. }: Signed) -> Json<MeDto> {
    Json(me_of(&actor))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LanguageRequest {
    /// `en`, `ja` or `ko`.
    pub language: String,
}

/// Sets the caller's interface language.
#[utoipa::path(put, path = "/api/v1/me/language", tag = "session", request_body = LanguageRequest,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn set_language(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    ApiJson(body): ApiJson<LanguageRequest>,
) -> Response {
    let Some(language) = Language::from_tag(&body.language) else {
        return ctx.fail(AppError::field("language", "error-language-invalid")).into_response();
    };
    match state.app.account(&actor).set_language(language).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiTokenDto {
    pub id: i64,
    pub name: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub revoked: bool,
    /// Only in the answer to its creation: the token itself, never shown again.
    pub token: Option<String>,
}

/// The caller's personal API tokens.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "session", responses((status = 200, body = Vec<ApiTokenDto>)))]
pub async fn tokens(State(state): State<AppState>, Signed { ctx, actor }: Signed) -> ApiResult<Vec<ApiTokenDto>> {
    let rows = state.app.account(&actor).api_tokens().await.map_err(|e| ctx.fail(e))?;
    Ok(Json(
        rows.into_iter()
            .map(|t| ApiTokenDto { id: t.id, name: t.name, created_at: t.created_at, revoked: t.revoked, token: None })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewTokenRequest {
    pub name: String,
}

/// Creates a personal API token; the answer holds the token, shown only this once.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "session", request_body = NewTokenRequest,
    responses((status = 201, body = ApiTokenDto), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    ApiJson(body): ApiJson<NewTokenRequest>,
) -> Response {
    match state.app.account(&actor).create_api_token(&body.name).await {
        Ok((view, token)) => {
            let dto = ApiTokenDto {
                id: view.id,
                name: view.name,
                created_at: view.created_at,
                revoked: false,
                token: Some(token),
            };
            (StatusCode::CREATED, Json(dto)).into_response()
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// Revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "session", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApiTokenId>,
) -> Response {
    match state.app.account(&actor).revoke_api_token(id).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetRequest {
    pub email: String,
}

/// Mails a password-reset link if the address has an account (the answer is the same either way).
#[utoipa::path(post, path = "/api/v1/password-reset", tag = "session", request_body = ResetRequest,
    responses((status = 202), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn request_reset(State(state): State<AppState>, ctx: Ctx, ApiJson(body): ApiJson<ResetRequest>) -> Response {
    match state.app.request_password_reset(&body.email, ctx.language(), &ctx.client).await {
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewPasswordRequest {
    pub password: String,
}

/// Sets a new password with the token from a reset link; ends every session of the account.
#[utoipa::path(post, path = "/api/v1/password-reset/{token}", tag = "session", params(("token" = String, Path)), request_body = NewPasswordRequest,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn complete_reset(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    ApiJson(body): ApiJson<NewPasswordRequest>,
) -> Response {
    match state.app.complete_password_reset(&token, &body.password).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}
