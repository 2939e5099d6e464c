//! The JSON API under `/api/v1`. Authentication: the session cookie (unsafe methods then need the
//! `X-CSRF-Token` header, whose value `GET /api/v1/me` returns) or a personal API token
//! (`Authorization: Bearer kkt_…`). Errors: `{"error": {"code", "message", "fields"}}` with the
//! message in the caller's language. The OpenAPI document is generated from these handlers and
//! kept true by a snapshot test.

use crate::AppState;
use crate::context::{ApiJson, Ctx, DEVICE_COOKIE, SESSION_COOKIE, Signed, cookie, device_cookie};
use crate::error::{ErrorBody, Failure};
use crate::pages::{AuditQuery, ListQuery, parse_unit};
use app::admin::{Listing, NewUserInput, UserView};
use app::{Actor, AppError};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{CookieJar, SameSite};
use domain::{Language, MailId, Role, RoleGrant, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, OpenApi, ToSchema};

type ApiResult<T> = Result<Json<T>, Failure>;

#[derive(Debug, Serialize, ToSchema)]
pub struct RoleDto {
    /// `applicant`, `mission-staff`, `clair-staff`, `co-supervisor`, `prefectural-advisor`,
    /// `participant`, `alumnus`, `company-recruiter`, `system-administrator`.
    pub role: String,
    /// The unit the role is held for: `mission:3`, `organisation:12`, `prefecture:28`,
    /// `company:1`, or `-`.
    pub unit: String,
}

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
    match state.app.logout(&actor).await {
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
    match state.app.logout_everywhere(&actor).await {
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
    match state.app.set_language(&actor, language).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paged<T: ToSchema> {
    pub rows: Vec<T>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

fn paged<R, T: ToSchema>(listing: Listing<R>, f: impl Fn(R) -> T) -> Paged<T> {
    Paged {
        rows: listing.rows.into_iter().map(f).collect(),
        total: listing.total,
        limit: listing.limit,
        offset: listing.offset,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantDto {
    pub id: i64,
    pub jet_number: String,
    pub family_name: String,
    pub given_name: String,
    pub nationality: String,
    /// `ALT`, `CIR` or `SEA`.
    pub position: String,
    pub organisation_id: i64,
    pub organisation: String,
    pub prefecture_code: i64,
    pub prefecture: String,
    pub mission_id: i64,
    #[schema(value_type = String, format = Date)]
    pub arrival_date: time::Date,
    pub appointment_year: i64,
    pub status: String,
}

impl From<store::programme::ParticipantRow> for ParticipantDto {
    fn from(r: store::programme::ParticipantRow) -> Self {
        ParticipantDto {
            id: r.id,
            jet_number: r.jet_number,
            family_name: r.family_name,
            given_name: r.given_name,
            nationality: r.nationality,
            position: r.position,
            organisation_id: r.organisation_id,
            organisation: r.organisation_en,
            prefecture_code: r.prefecture_code,
            prefecture: r.prefecture_en,
            mission_id: r.mission_id,
            arrival_date: r.arrival_date,
            appointment_year: r.appointment_year,
            status: r.status,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    pub search: Option<String>,
    pub status: Option<String>,
    pub position: Option<String>,
    pub country: Option<String>,
    pub prefecture: Option<i64>,
    /// At most 200; 50 by default.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

impl From<ListParams> for ListQuery {
    fn from(p: ListParams) -> Self {
        ListQuery {
            search: p.search.unwrap_or_default(),
            status: p.status.unwrap_or_default(),
            position: p.position.unwrap_or_default(),
            country: p.country.unwrap_or_default(),
            prefecture: p.prefecture,
            limit: p.limit,
            offset: p.offset,
        }
    }
}

/// Participants within the caller's scope.
#[utoipa::path(get, path = "/api/v1/participants", tag = "records", params(ListParams),
    responses((status = 200, body = Paged<ParticipantDto>), (status = 403, body = ErrorBody)))]
pub async fn participants(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<ListParams>,
) -> ApiResult<Paged<ParticipantDto>> {
    let q = ListQuery::from(p);
    let listing = state.app.participants(&actor, &q.filter(), q.page()).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(paged(listing, ParticipantDto::from)))
}

/// One participant; 403 (and an audit record) outside the caller's scope.
#[utoipa::path(get, path = "/api/v1/participants/{id}", tag = "records", params(("id" = i64, Path)),
    responses((status = 200, body = ParticipantDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn participant(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<ParticipantDto> {
    Ok(Json(state.app.participant(&actor, id).await.map_err(|e| ctx.fail(e))?.into()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationDto {
    pub id: i64,
    pub reference: String,
    /// `null` while the caller may not know who applied (blind screening).
    pub family_name: Option<String>,
    pub given_name: Option<String>,
    pub nationality: String,
    pub year: i64,
    pub mission_id: i64,
    pub mission: String,
    pub position: String,
    pub status: String,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub submitted_at: Option<OffsetDateTime>,
}

/// Applications within the caller's scope (a mission's, or the applicant's own).
#[utoipa::path(get, path = "/api/v1/applications", tag = "records", params(ListParams),
    responses((status = 200, body = Paged<ApplicationDto>), (status = 403, body = ErrorBody)))]
pub async fn applications(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<ListParams>,
) -> ApiResult<Paged<ApplicationDto>> {
    let q = ListQuery::from(p);
    let listing = state.app.applications(&actor, &q.filter(), q.page()).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(paged(listing, |r| ApplicationDto {
        id: r.id,
        reference: r.reference,
        family_name: (!r.identity_hidden).then_some(r.family_name),
        given_name: (!r.identity_hidden).then_some(r.given_name),
        nationality: r.nationality,
        year: r.year,
        mission_id: r.mission_id,
        mission: r.mission_en,
        position: r.position,
        status: r.status,
        submitted_at: r.submitted_at,
    })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationDto {
    pub id: i64,
    pub kind: String,
    pub name_en: String,
    pub name_ja: String,
    /// The local government code (JIS X 0402) it is tied to.
    pub lg_code: String,
    pub prefecture_code: i64,
    pub parent_id: Option<i64>,
    pub participants: i64,
}

/// Contracting organisations within the caller's scope.
#[utoipa::path(get, path = "/api/v1/organisations", tag = "records", params(ListParams),
    responses((status = 200, body = Paged<OrganisationDto>), (status = 403, body = ErrorBody)))]
pub async fn organisations(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<ListParams>,
) -> ApiResult<Paged<OrganisationDto>> {
    let q = ListQuery::from(p);
    let listing = state.app.organisations(&actor, &q.filter(), q.page()).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(paged(listing, |r| OrganisationDto {
        id: r.id,
        kind: r.kind,
        name_en: r.name_en,
        name_ja: r.name_ja,
        lg_code: r.lg_code,
        prefecture_code: r.prefecture_code,
        parent_id: r.parent_id,
        participants: r.participants,
    })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MissionDto {
    pub id: i64,
    pub country_code: String,
    pub kind: String,
    pub city: String,
    pub name_en: String,
    pub name_ja: String,
    pub email: String,
}

/// Overseas missions the caller may see.
#[utoipa::path(get, path = "/api/v1/missions", tag = "records", responses((status = 200, body = Vec<MissionDto>), (status = 403, body = ErrorBody)))]
pub async fn missions(State(state): State<AppState>, Signed { ctx, actor }: Signed) -> ApiResult<Vec<MissionDto>> {
    let rows = state.app.missions(&actor).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(
        rows.into_iter()
            .map(|m| MissionDto {
                id: m.id,
                country_code: m.country_code,
                kind: m.kind,
                city: m.city,
                name_en: m.name_en,
                name_ja: m.name_ja,
                email: m.email,
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PrefectureDto {
    pub code: i64,
    pub name_en: String,
    pub name_ja: String,
    pub region: String,
    pub lat: f64,
    pub lng: f64,
}

/// The 47 prefectures (reference data).
#[utoipa::path(get, path = "/api/v1/prefectures", tag = "reference", responses((status = 200, body = Vec<PrefectureDto>)))]
pub async fn prefectures(State(state): State<AppState>, Signed { ctx, .. }: Signed) -> ApiResult<Vec<PrefectureDto>> {
    let rows = state.app.prefectures().await.map_err(|e| ctx.fail(e))?;
    Ok(Json(
        rows.into_iter()
            .map(|p| PrefectureDto {
                code: p.code,
                name_en: p.name_en,
                name_ja: p.name_ja,
                region: p.region,
                lat: p.lat,
                lng: p.lng,
            })
            .collect(),
    ))
}

/// The caller's dashboard, one section per role held.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "records", responses((status = 200, body = Object)))]
pub async fn dashboard(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
) -> ApiResult<app::records::Dashboard> {
    Ok(Json(state.app.dashboard(&actor).await.map_err(|e| ctx.fail(e))?))
}

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
    let listing = state.app.users(&actor, q.filter().search.as_deref(), q.page()).await.map_err(|e| ctx.fail(e))?;
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
    match state.app.create_user(&actor, input).await {
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
    Path(id): Path<i64>,
) -> ApiResult<UserDto> {
    Ok(Json(state.app.user(&actor, UserId(id)).await.map_err(|e| ctx.fail(e))?.into()))
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
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<DisabledRequest>,
) -> ApiResult<UserDto> {
    Ok(Json(state.app.set_user_disabled(&actor, UserId(id), body.disabled).await.map_err(|e| ctx.fail(e))?.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RoleRequest {
    pub role: String,
    /// `mission:3`, `organisation:12`, `prefecture:28`, `company:1`; absent for roles without a unit.
    pub unit: Option<String>,
}

fn grant_of(body: &RoleRequest) -> Result<RoleGrant, AppError> {
    let role = Role::parse(&body.role)?;
    let unit = parse_unit(body.unit.as_deref().unwrap_or(""))?;
    Ok(RoleGrant::new(role, unit)?)
}

/// Gives a user a role for a unit (administrators).
#[utoipa::path(post, path = "/api/v1/users/{id}/roles", tag = "administration", params(("id" = i64, Path)), request_body = RoleRequest,
    responses((status = 200, body = UserDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn grant_role(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<RoleRequest>,
) -> ApiResult<UserDto> {
    let grant = grant_of(&body).map_err(|e| ctx.fail(e))?;
    Ok(Json(state.app.grant_role(&actor, UserId(id), grant).await.map_err(|e| ctx.fail(e))?.into()))
}

/// Takes a role away (administrators).
#[utoipa::path(delete, path = "/api/v1/users/{id}/roles", tag = "administration", params(("id" = i64, Path)), request_body = RoleRequest,
    responses((status = 200, body = UserDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn revoke_role(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<RoleRequest>,
) -> ApiResult<UserDto> {
    let grant = grant_of(&body).map_err(|e| ctx.fail(e))?;
    Ok(Json(state.app.revoke_role(&actor, UserId(id), grant).await.map_err(|e| ctx.fail(e))?.into()))
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
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
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
        .audit_log(&actor, &filter, app::admin::Page::new(q.limit, q.offset))
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

/// The mail outbox, newest first (administrators).
#[utoipa::path(get, path = "/api/v1/outbox", tag = "administration", params(ListParams),
    responses((status = 200, body = Paged<MailDto>), (status = 403, body = ErrorBody)))]
pub async fn outbox(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<ListParams>,
) -> ApiResult<Paged<MailDto>> {
    let q = ListQuery::from(p);
    let listing = state.app.outbox(&actor, q.filter().search.as_deref(), q.page()).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(paged(listing, mail_dto)))
}

/// One mail of the outbox (administrators).
#[utoipa::path(get, path = "/api/v1/outbox/{id}", tag = "administration", params(("id" = i64, Path)),
    responses((status = 200, body = MailDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn mail(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<MailDto> {
    Ok(Json(mail_dto(state.app.mail(&actor, MailId(id)).await.map_err(|e| ctx.fail(e))?)))
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
    let rows = state.app.api_tokens(&actor).await.map_err(|e| ctx.fail(e))?;
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
    match state.app.create_api_token(&actor, &body.name).await {
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
    Path(id): Path<i64>,
) -> Response {
    match state.app.revoke_api_token(&actor, id).await {
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
        Ok((row, bytes)) => crate::document_response(&row, bytes),
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

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components
            .add_security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(SESSION_COOKIE))));
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Kakehashi API", description = "The JET Programme, end to end. Authenticate with the session cookie (and X-CSRF-Token on unsafe methods) or a personal API token."),
    paths(
        login, logout, logout_everywhere, me, set_language, tokens, create_token, revoke_token, request_reset, complete_reset,
        dashboard, participants, participant, applications, organisations, missions, prefectures,
        users, create_user, user, set_disabled, grant_role, revoke_role,
        programme_years, create_programme_year, programme_year, save_programme_year, advance_programme_year, check_eligibility,
        open_years, register, verify, my_applications, start_application, my_application, save_section, submit_application, withdraw_application, override_eligibility, upload_document, delete_document, document, add_referee, referee_upload, audit, outbox, mail,
        crate::selection_api::screening_board, crate::selection_api::assign_reviewers, crate::selection_api::screening_decision,
        crate::selection_api::my_reviews, crate::selection_api::review, crate::selection_api::score_review, crate::selection_api::declare_conflict,
        crate::selection_api::interview_board, crate::selection_api::add_slots, crate::selection_api::scorecard, crate::selection_api::written_test,
        crate::selection_api::decision_board, crate::selection_api::decide, crate::selection_api::upgrade, crate::selection_api::disqualify,
        crate::selection_api::my_selection, crate::selection_api::book_interview, crate::selection_api::cancel_interview,
        crate::selection_api::interview_calendar, crate::selection_api::reply, crate::selection_api::upload_clearance,
        crate::bulk_web::export, crate::bulk_web::import, crate::bulk_web::job, crate::bulk_web::saved_filters, crate::bulk_web::save_filter, crate::bulk_web::delete_filter,
        crate::placement_api::requests, crate::placement_api::create_request, crate::placement_api::request, crate::placement_api::save_request,
        crate::placement_api::forward_request, crate::placement_api::ask_change, crate::placement_api::picture, crate::placement_api::weights,
        crate::placement_api::set_weights, crate::placement_api::precheck, crate::placement_api::runs, crate::placement_api::start_run,
        crate::placement_api::run, crate::placement_api::explain, crate::placement_api::cost, crate::placement_api::move_candidate,
        crate::placement_api::approve, crate::placement_api::compare, crate::placement_api::export, crate::placement_api::incoming,
        crate::placement_api::my_placement, crate::placement_api::decline,
    ),
    modifiers(&Security),
    security(("token" = []), ("session" = [])),
)]
pub struct ApiDoc;

pub fn openapi_json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

pub async fn openapi() -> Response {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], openapi_json()).into_response()
}
