//! The admin area's pages: users and their roles, the audit log, and the outbox (the development
//! mail sink).

use crate::shell::AppState;
use crate::shell::chrome::{Chrome, render};
use crate::shell::context::{CsrfForm, Signed, SignedForm};
use crate::shell::forms::invalid_or_fail;
use crate::shell::lists::{ListQuery, Pager, pager};
use crate::shell::redirect::done;
use crate::shell::state::Ctx;
use app::admin::{Listing, NewUserInput, Page};
use app::security::PASSWORD_MIN;
use app::{AppError, Translator};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::{Language, MailId, Role, RoleGrant, Unit, UserId};
use serde::Deserialize;
use store::audit::{AuditRow, Outcome};
use store::outbox::MailRow;
use store::outbox::{MailStatus, OutboxFilter};

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    c: Chrome,
    listing: Listing<app::admin::UserView>,
    pager: Pager,
    query: ListQuery,
    min_password: i64,
    /// A unit's name by its key, to show each role's unit.
    unit_names: std::collections::HashMap<String, String>,
}

async fn users_page(
    state: &AppState,
    ctx: &Ctx,
    q: ListQuery,
    notice: Option<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    match async {
        let admin = state.app.administering(actor, "user.list").await?;
        Ok::<_, AppError>((admin.users(q.filter().search.as_deref(), q.page()).await?, admin.units().await?))
    }
    .await
    {
        Ok((listing, units)) => {
            let pager = pager(&ctx.t, &ctx.path, &listing);
            let mut c = Chrome::new(ctx).with_notice(notice);
            c.errors = errors;
            let unit_names = units.into_iter().map(|u| (u.key, u.name)).collect();
            render(
                ctx,
                status,
                &UsersPage { c, listing, pager, query: q, min_password: PASSWORD_MIN as i64, unit_names },
            )
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn users(State(state): State<AppState>, Signed { ctx, .. }: Signed, Query(q): Query<ListQuery>) -> Response {
    users_page(&state, &ctx, q, None, vec![], StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct NewUserForm {
    email: String,
    display_name: String,
    password: Option<String>,
    language: String,
}

pub async fn create_user(State(state): State<AppState>, CsrfForm(form, ctx): CsrfForm<NewUserForm>) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    let input = NewUserInput {
        email: form.email.clone(),
        display_name: form.display_name,
        password: form.password,
        language: Language::from_tag(&form.language).unwrap_or_default(),
    };
    match async { state.app.administering(actor, "user.create").await?.create_user(input).await }.await {
        Ok(user) => {
            let notice = ctx.t.s("user-created", "email", &user.email);
            done(&format!("/admin/users/{}", user.id), &notice, state.config.secure_cookies)
        }
        Err(AppError::Invalid(fields)) => {
            let errors = ctx.field_messages(&fields);
            users_page(&state, &ctx, ListQuery::default(), None, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => invalid_or_fail(&ctx, e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "admin/user.html")]
struct UserPage {
    c: Chrome,
    user: app::admin::UserView,
    roles: Vec<&'static str>,
    /// The units a role can be held for, to pick from.
    units: Vec<app::admin::UnitChoice>,
    /// A unit's name by its key, to show a role's unit.
    unit_names: std::collections::HashMap<String, String>,
    /// The account's language by its own name, and when it was opened (UTC, to the minute).
    language: &'static str,
    created: String,
}

async fn user_page(
    state: &AppState,
    ctx: &Ctx,
    id: UserId,
    notice: Option<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    match async {
        let admin = state.app.administering(actor, "user.read").await?;
        Ok::<_, AppError>((admin.user(id).await?, admin.units().await?))
    }
    .await
    {
        Ok((user, units)) => {
            let mut c = Chrome::new(ctx).with_notice(notice);
            c.errors = errors;
            let unit_names = units.iter().map(|u| (u.key.clone(), u.name.clone())).collect();
            let roles = Role::ALL.iter().map(|r| r.as_str()).collect();
            let language = Language::from_tag(&user.language).unwrap_or_default().native_name();
            let created = crate::shell::chrome::utc_minute(user.created_at);
            render(ctx, status, &UserPage { c, user, roles, units, unit_names, language, created })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn user(State(state): State<AppState>, Signed { ctx, .. }: Signed, Path(id): Path<UserId>) -> Response {
    user_page(&state, &ctx, id, None, vec![], StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
    #[serde(default)]
    unit: String,
}

async fn change_role(state: AppState, id: UserId, form: RoleForm, ctx: Ctx, give: bool) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    let grant = Role::parse(&form.role)
        .and_then(|role| Unit::parse_key(&form.unit).and_then(|unit| RoleGrant::new(role, unit)));
    let result = match grant {
        Ok(grant) if give => {
            async { state.app.administering(actor, "role.grant").await?.grant_role(id, grant).await }.await
        }
        Ok(grant) => async { state.app.administering(actor, "role.revoke").await?.revoke_role(id, grant).await }.await,
        Err(e) => Err(AppError::from(e)),
    };
    match result {
        Ok(_) => {
            let notice = ctx.t.t(if give { "role-granted" } else { "role-revoked" });
            done(&format!("/admin/users/{id}"), &notice, state.config.secure_cookies)
        }
        Err(AppError::Invalid(fields)) => {
            let errors = ctx.field_messages(&fields);
            user_page(&state, &ctx, id, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn grant_role(
    State(state): State<AppState>,
    Path(id): Path<UserId>,
    CsrfForm(form, ctx): CsrfForm<RoleForm>,
) -> Response {
    change_role(state, id, form, ctx, true).await
}

pub async fn revoke_role(
    State(state): State<AppState>,
    Path(id): Path<UserId>,
    CsrfForm(form, ctx): CsrfForm<RoleForm>,
) -> Response {
    change_role(state, id, form, ctx, false).await
}

#[derive(Deserialize)]
pub struct DisabledForm {
    disabled: bool,
}

pub async fn set_disabled(
    State(state): State<AppState>,
    Path(id): Path<UserId>,
    SignedForm(form, ctx, ref actor): SignedForm<DisabledForm>,
) -> Response {
    match async { state.app.administering(actor, "user.disable").await?.set_user_disabled(id, form.disabled).await }
        .await
    {
        Ok(_) => {
            let notice = ctx.t.t(if form.disabled { "user-disabled-notice" } else { "user-enabled-notice" });
            done(&format!("/admin/users/{id}"), &notice, state.config.secure_cookies)
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub entity: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub since: String,
    #[serde(default)]
    pub until: String,
    pub actor: Option<i64>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

impl AuditQuery {
    pub fn filter(&self) -> Result<store::audit::AuditFilter, domain::FieldError> {
        let date = |field: &str, raw: &str| -> Result<Option<time::OffsetDateTime>, domain::FieldError> {
            if raw.trim().is_empty() {
                return Ok(None);
            }
            let format = time::macros::format_description!("[year]-[month]-[day]");
            time::Date::parse(raw.trim(), &format)
                .map(|d| Some(d.midnight().assume_utc()))
                .map_err(|_| domain::FieldError::new(field, "error-date-invalid"))
        };
        let opt = |s: &String| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        Ok(store::audit::AuditFilter {
            actor: self.actor.map(UserId),
            action: opt(&self.action),
            entity: opt(&self.entity),
            entity_id: None,
            outcome: match self.outcome.as_str() {
                "done" => Some(Outcome::Done),
                "denied" => Some(Outcome::Denied),
                _ => None,
            },
            since: date("since", &self.since)?,
            // The until date is inclusive: everything before the next midnight.
            until: date("until", &self.until)?.map(|d| d + time::Duration::days(1)),
        })
    }
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    c: Chrome,
    items: Vec<AuditItem>,
    pager: Pager,
    query: AuditQuery,
}

/// One audit record as an administrator reads it: the step by name, the record it touched with a
/// link where the record has a page, the unit by name, and what changed, field by field.
struct AuditItem {
    at: String,
    actor: Option<String>,
    action: String,
    /// The stored action, shown beside a step the catalogue does not name.
    action_key: Option<String>,
    entity: String,
    link: Option<String>,
    unit: Option<String>,
    outcome: String,
    changes: Vec<ChangeRow>,
}

struct ChangeRow {
    field: String,
    /// The field's path when the catalogue has no label for it.
    named: bool,
    before: String,
    after: String,
}

/// Where a record the audit log names can be opened, if it has a page.
fn record_link(entity: &str, id: &str) -> Option<String> {
    let id: i64 = id.parse().ok()?;
    let path = match entity {
        "application" => format!("/applications/{id}"),
        "user" => format!("/admin/users/{id}"),
        "programme-year" => format!("/programme-years/{id}"),
        "placement-request" => format!("/placement/requests/{id}"),
        "placement-run" => format!("/placement/runs/{id}"),
        "participant" => format!("/participants/{id}"),
        "job" => format!("/jobs/{id}"),
        _ => return None,
    };
    Some(path)
}

fn audit_item(t: &Translator, units: &std::collections::HashMap<String, String>, row: &AuditRow) -> AuditItem {
    let dashed = row.action.replace(['.', '_'], "-");
    let action = t.try_t(&format!("history-{dashed}")).or_else(|| t.try_t(&format!("audit-action-{dashed}")));
    let entity_name = t.try_t(&format!("entity-{}", row.entity)).unwrap_or_else(|| row.entity.clone());
    let shown = |v: Option<String>| v.filter(|v| !v.is_empty()).unwrap_or_else(|| "—".to_owned());
    AuditItem {
        at: crate::shell::chrome::utc_minute(row.at),
        actor: row.actor_email.clone(),
        action_key: action.is_none().then(|| row.action.clone()),
        action: action.unwrap_or_default(),
        entity: if row.entity_id == "-" { entity_name } else { format!("{entity_name} {}", row.entity_id) },
        link: record_link(&row.entity, &row.entity_id),
        unit: (row.unit_key != "-").then(|| units.get(&row.unit_key).cloned().unwrap_or_else(|| row.unit_key.clone())),
        outcome: t.key("outcome", &row.outcome),
        changes: app::admin::changed_fields(row.before_json.as_deref(), row.after_json.as_deref())
            .into_iter()
            .map(|c| {
                let label = t.known_field_label(&c.field);
                ChangeRow {
                    named: label.is_some(),
                    field: label.unwrap_or(c.field),
                    before: shown(c.before),
                    after: shown(c.after),
                }
            })
            .collect(),
    }
}

pub async fn audit(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(q): Query<AuditQuery>,
) -> Response {
    let filter = match q.filter() {
        Ok(f) => f,
        Err(e) => return ctx.fail(e).into_response(),
    };
    match async {
        let auditing = state.app.auditing(&actor, "audit.read").await?;
        let listing = auditing.audit_log(&filter, Page::new(q.limit, q.offset)).await?;
        let units: std::collections::HashMap<String, String> =
            auditing.units().await?.into_iter().map(|u| (u.key, u.name)).collect();
        Ok::<_, AppError>((listing, units))
    }
    .await
    {
        Ok((listing, units)) => {
            let pager = pager(&ctx.t, &ctx.path, &listing);
            let items = listing.rows.iter().map(|row| audit_item(&ctx.t, &units, row)).collect();
            render(&ctx, StatusCode::OK, &AuditPage { c: Chrome::new(&ctx), items, pager, query: q })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "admin/outbox.html")]
struct OutboxPage {
    c: Chrome,
    listing: Listing<MailRow>,
    pager: Pager,
    smtp: Option<String>,
    query: ListQuery,
    /// Each status: its value, its name, whether it is the one filtered by.
    statuses: Vec<(&'static str, String, bool)>,
}

/// The outbox's search (recipient or subject) and status, as the page and the API take them.
pub(super) fn outbox_filter(q: &ListQuery) -> Result<OutboxFilter, domain::FieldError> {
    let status = match q.status.trim() {
        "" => None,
        raw => Some(MailStatus::parse(raw).ok_or_else(|| domain::FieldError::new("status", "error-choice-invalid"))?),
    };
    Ok(OutboxFilter { to: None, search: q.filter().search, status })
}

pub async fn outbox(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    match async {
        let filter = outbox_filter(&q)?;
        state.app.reading_outbox(&actor, "outbox.read").await?.outbox(&filter, q.page()).await
    }
    .await
    {
        Ok(listing) => {
            let pager = pager(&ctx.t, &ctx.path, &listing);
            let smtp = state.app.config.mail.describe();
            let statuses = MailStatus::ALL
                .iter()
                .map(|s| (s.as_str(), ctx.t.key("mail-status", s.as_str()), q.status == s.as_str()))
                .collect();
            render(&ctx, StatusCode::OK, &OutboxPage { c: Chrome::new(&ctx), listing, pager, smtp, query: q, statuses })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "admin/mail.html")]
struct MailPage {
    c: Chrome,
    mail: MailRow,
}

pub async fn mail(State(state): State<AppState>, Signed { ctx, actor }: Signed, Path(id): Path<MailId>) -> Response {
    match async { state.app.reading_outbox(&actor, "outbox.read").await?.mail(id).await }.await {
        Ok(mail) => render(&ctx, StatusCode::OK, &MailPage { c: Chrome::new(&ctx), mail }),
        Err(e) => ctx.fail(e).into_response(),
    }
}
