//! The server-rendered pages. Handlers call the app layer and render; they never touch SQL.

use crate::AppState;
use crate::context::{
    CsrfForm, Ctx, DEVICE_COOKIE, LANGUAGE_COOKIE, SESSION_COOKIE, Signed, SignedForm, cookie, device_cookie, urlencode,
};
use crate::error::{Failure, WebError};
use app::admin::{Listing, NewUserInput, Page};
use app::records::{ListFilter, Section};
use app::security::PASSWORD_MIN;
use app::{AppError, Translator};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{CookieJar, SameSite};
use domain::lifecycle::Lifecycle;
use domain::{ApplicationStatus, AppointmentStatus, Language, MailId, Position, Role, RoleGrant, Unit, UserId};
use serde::Deserialize;
use store::audit::{AuditRow, Outcome};
use store::outbox::MailRow;
use store::programme::{ApplicationRow, MissionRow, OrganisationRow, ParticipantRow};
use store::reference::PrefectureRow;

pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub active: bool,
}

/// What every page shows around its content.
pub struct Chrome {
    pub t: Translator,
    pub lang: &'static str,
    pub csrf: String,
    pub path: String,
    pub user: Option<String>,
    pub nav: Vec<NavItem>,
    pub languages: Vec<(&'static str, &'static str)>,
    pub notice: Option<String>,
    pub errors: Vec<String>,
}

impl Chrome {
    pub fn new(ctx: &Ctx) -> Chrome {
        let t = ctx.t;
        let mut nav = Vec::new();
        if let Some(actor) = &ctx.actor {
            let current = ctx.path.split('?').next().unwrap_or("");
            let mut add = |href: &'static str, key: &str| {
                nav.push(NavItem {
                    href,
                    label: t.t(key),
                    active: current == href || current.starts_with(&format!("{href}/")),
                })
            };
            add("/dashboard", "nav-dashboard");
            if actor.participant_scope().is_ok() {
                add("/participants", "nav-participants");
            }
            if actor.application_scope().is_ok() {
                add("/applications", "nav-applications");
            }
            if actor.organisation_scope().is_ok() {
                add("/organisations", "nav-organisations");
            }
            if actor.mission_scope().is_ok() {
                add("/missions", "nav-missions");
            }
            if actor.holds(Role::Applicant) {
                add("/my-application", "my-application-title");
            }
            if actor.holds(Role::MissionStaff) {
                add("/reviews", "nav-reviews");
            }
            if actor.may(domain::Permission::ManageProgrammeYears) {
                add("/programme-years", "nav-programme-years");
            }
            if actor.may(domain::Permission::PlaceCandidates) {
                add("/placement", "placement-nav-national");
            }
            if crate::placement_pages::takes_part_in_requests(actor) {
                add("/placement/requests", "placement-nav-requests");
            }
            if actor.holds(Role::CoSupervisor) || actor.holds(Role::PrefecturalAdvisor) {
                add("/placement/incoming", "placement-nav-incoming");
            }
            if actor.holds(Role::SystemAdministrator) {
                add("/admin/users", "nav-users");
                add("/admin/audit", "nav-audit");
                add("/admin/outbox", "nav-outbox");
            }
            add("/account", "nav-account");
            // `/placement/requests` is within `/placement`: only the nearest item is current.
            let nearest = nav.iter().filter(|n| n.active).map(|n| n.href.len()).max();
            for item in &mut nav {
                item.active = item.active && Some(item.href.len()) == nearest;
            }
        }
        Chrome {
            t,
            lang: ctx.language().tag(),
            csrf: ctx.csrf_token.clone(),
            path: ctx.path.clone(),
            user: ctx.actor.as_ref().map(|a| a.display_name.clone()),
            nav,
            languages: Language::ALL.iter().map(|l| (l.tag(), l.native_name())).collect(),
            notice: None,
            errors: Vec::new(),
        }
    }
    pub(crate) fn with_notice(mut self, notice: Option<String>) -> Chrome {
        self.notice = notice;
        self
    }
}

pub(crate) fn render(ctx: &Ctx, status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template");
            (StatusCode::INTERNAL_SERVER_ERROR, ctx.t.t("error-internal")).into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    message: String,
}

pub fn error_page(ctx: &Ctx, error: &WebError) -> Response {
    if error.status == StatusCode::UNAUTHORIZED && error.code == "unauthenticated" {
        return Redirect::to(&format!("/login?next={}", urlencode(&ctx.path))).into_response();
    }
    let mut c = Chrome::new(ctx);
    c.errors = ctx.field_messages(&error.fields);
    let page = ErrorPage { message: error.message_in(&ctx.t), c };
    let mut response = render(ctx, error.status, &page);
    if let Some(secs) = error.retry_after
        && let Ok(v) = secs.to_string().parse()
    {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

/// A page re-shown with the refused inputs listed (422), for forms.
fn invalid_or_fail(ctx: &Ctx, error: AppError) -> Failure {
    ctx.fail(error)
}

pub async fn home(ctx: Ctx) -> Redirect {
    if ctx.actor.is_some() { Redirect::to("/dashboard") } else { Redirect::to("/login") }
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
    expired: Option<String>,
    out: Option<String>,
    reset: Option<String>,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    next: String,
    email: String,
}

/// Only paths of this site may be a redirect target (see [`crate::redirect`]).
fn safe_next(next: Option<&str>) -> String {
    next.and_then(crate::redirect::same_site_path).unwrap_or("/dashboard").to_owned()
}

pub async fn login_page(ctx: Ctx, Query(q): Query<LoginQuery>) -> Response {
    if ctx.actor.is_some() {
        return Redirect::to("/dashboard").into_response();
    }
    let notice = if q.expired.is_some() {
        Some(ctx.t.t("login-session-expired"))
    } else if q.out.is_some() {
        Some(ctx.t.t("logged-out"))
    } else if q.reset.is_some() {
        Some(ctx.t.t("reset-done"))
    } else {
        None
    };
    let page = LoginPage {
        c: Chrome::new(&ctx).with_notice(notice),
        next: safe_next(q.next.as_deref()),
        email: String::new(),
    };
    render(&ctx, StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn login_submit(
    State(state): State<AppState>,
    jar: CookieJar,
    CsrfForm(form, ctx): CsrfForm<LoginForm>,
) -> Response {
    let device = jar.get(DEVICE_COOKIE).map(|c| c.value().to_owned());
    match state.app.login(&form.email, &form.password, &ctx.client, device.as_deref()).await {
        Ok(session) => {
            let mut c = cookie(SESSION_COOKIE, session.token, state.config.secure_cookies, SameSite::Strict);
            c.set_max_age(time::Duration::hours(12));
            let lang = cookie(
                LANGUAGE_COOKIE,
                session.actor.language.tag().to_owned(),
                state.config.secure_cookies,
                SameSite::Lax,
            );
            let mut jar = jar.add(c).add(lang);
            if let Some(d) = device_cookie(session.device_token, state.config.secure_cookies) {
                jar = jar.add(d);
            }
            (jar, Redirect::to(&safe_next(form.next.as_deref()))).into_response()
        }
        Err(e @ (AppError::BadCredentials | AppError::RateLimited { .. } | AppError::Invalid(_))) => {
            let error = WebError::from(e);
            let status = error.status;
            let mut c = Chrome::new(&ctx);
            c.errors = if error.fields.is_empty() {
                vec![error.message_in(&ctx.t)]
            } else {
                ctx.field_messages(&error.fields)
            };
            let page = LoginPage { c, next: safe_next(form.next.as_deref()), email: form.email };
            let mut response = render(&ctx, status, &page);
            if let Some(secs) = error.retry_after
                && let Ok(v) = secs.to_string().parse()
            {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            response
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn logout(State(state): State<AppState>, jar: CookieJar, CsrfForm(_, ctx): CsrfForm<Empty>) -> Response {
    if let Some(actor) = &ctx.actor
        && let Err(e) = state.app.logout(actor).await
    {
        return ctx.fail(e).into_response();
    }
    (jar.remove(axum_extra::extract::cookie::Cookie::build(SESSION_COOKIE).path("/")), Redirect::to("/login?out=1"))
        .into_response()
}

#[derive(Deserialize)]
pub struct LanguageForm {
    language: String,
    back: Option<String>,
}

/// Switches the interface language: remembered in a cookie, and in the account when signed in.
pub async fn switch_language(
    State(state): State<AppState>,
    jar: CookieJar,
    CsrfForm(form, ctx): CsrfForm<LanguageForm>,
) -> Response {
    let Some(language) = Language::from_tag(&form.language) else {
        return ctx.fail(AppError::field("language", "error-language-invalid")).into_response();
    };
    if let Some(actor) = &ctx.actor
        && let Err(e) = state.app.set_language(actor, language).await
    {
        return ctx.fail(e).into_response();
    }
    let mut c = cookie(LANGUAGE_COOKIE, language.tag().to_owned(), state.config.secure_cookies, SameSite::Lax);
    c.set_max_age(time::Duration::days(365));
    (jar.add(c), Redirect::to(&safe_next(form.back.as_deref()))).into_response()
}

#[derive(Template)]
#[template(path = "reset_request.html")]
struct ResetRequestPage {
    c: Chrome,
    sent: bool,
}

pub async fn reset_request_page(ctx: Ctx) -> Response {
    render(&ctx, StatusCode::OK, &ResetRequestPage { c: Chrome::new(&ctx), sent: false })
}

#[derive(Deserialize)]
pub struct ResetRequestForm {
    email: String,
}

pub async fn reset_request_submit(
    State(state): State<AppState>,
    CsrfForm(form, ctx): CsrfForm<ResetRequestForm>,
) -> Response {
    match state.app.request_password_reset(&form.email, ctx.language(), &ctx.client).await {
        Ok(()) => {}
        Err(e @ AppError::RateLimited { .. }) => {
            let error = WebError::from(e);
            let mut c = Chrome::new(&ctx);
            c.errors = vec![error.message_in(&ctx.t)];
            let mut response = render(&ctx, error.status, &ResetRequestPage { c, sent: false });
            if let Some(secs) = error.retry_after
                && let Ok(v) = secs.to_string().parse()
            {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return response;
        }
        Err(e) => return ctx.fail(e).into_response(),
    }
    let hours = state.app.config.reset_link_valid.whole_hours();
    let notice = ctx.t.n("reset-request-sent", "hours", &hours);
    render(&ctx, StatusCode::OK, &ResetRequestPage { c: Chrome::new(&ctx).with_notice(Some(notice)), sent: true })
}

#[derive(Template)]
#[template(path = "reset_confirm.html")]
struct ResetConfirmPage {
    c: Chrome,
    token: String,
    valid: bool,
    min: i64,
}

pub async fn reset_confirm_page(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> Response {
    match state.app.password_reset_is_valid(&token).await {
        Ok(valid) => {
            let status = if valid { StatusCode::OK } else { StatusCode::GONE };
            render(&ctx, status, &ResetConfirmPage { c: Chrome::new(&ctx), token, valid, min: PASSWORD_MIN as i64 })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ResetForm {
    password: String,
}

pub async fn reset_confirm_submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    CsrfForm(form, ctx): CsrfForm<ResetForm>,
) -> Response {
    match state.app.complete_password_reset(&token, &form.password).await {
        Ok(()) => Redirect::to("/login?reset=1").into_response(),
        Err(AppError::Invalid(fields)) => {
            let mut c = Chrome::new(&ctx);
            c.errors = ctx.field_messages(&fields);
            render(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                &ResetConfirmPage { c, token, valid: true, min: PASSWORD_MIN as i64 },
            )
        }
        Err(AppError::NotFound) => render(
            &ctx,
            StatusCode::GONE,
            &ResetConfirmPage { c: Chrome::new(&ctx), token, valid: false, min: PASSWORD_MIN as i64 },
        ),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// A dashboard card: a heading, lines (some linked), tables.
pub struct Card {
    pub kind: &'static str,
    pub heading: String,
    pub lines: Vec<Line>,
    pub tables: Vec<TableView>,
}

pub struct Line {
    pub text: String,
    pub href: Option<String>,
}

pub struct TableView {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn line(text: String, href: Option<&str>) -> Line {
    Line { text, href: href.map(str::to_owned) }
}

/// Tallies by key and position as one row per key: key, ALT, CIR, SEA, total.
fn pivot_by_position(t: &Translator, title: &str, first: &str, tallies: &[store::programme::Tally]) -> TableView {
    let mut rows: Vec<(String, [i64; 3])> = Vec::new();
    for tally in tallies {
        let column = Position::ALL.iter().position(|p| p.as_str() == tally.position).unwrap_or(0);
        match rows.iter_mut().find(|(k, _)| *k == tally.key) {
            Some((_, counts)) => counts[column] += tally.count,
            None => {
                let mut counts = [0; 3];
                counts[column] = tally.count;
                rows.push((tally.key.clone(), counts));
            }
        }
    }
    rows.sort_by_key(|(key, counts)| (std::cmp::Reverse(counts.iter().sum::<i64>()), key.clone()));
    let mut headers = vec![t.t(first)];
    headers.extend(Position::ALL.iter().map(|p| p.as_str().to_owned()));
    headers.push(t.t("col-count"));
    TableView {
        title: t.t(title),
        headers,
        rows: rows
            .into_iter()
            .map(|(key, c)| {
                vec![key, c[0].to_string(), c[1].to_string(), c[2].to_string(), c.iter().sum::<i64>().to_string()]
            })
            .collect(),
    }
}

fn card(t: &Translator, section: &Section) -> Card {
    use app::i18n::Arg;
    let tally_table = |title: &str, first: &str, rows: &[store::programme::Tally], status: bool| TableView {
        title: t.t(title),
        headers: vec![t.t(first), t.t("col-position"), t.t("col-count")],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    if status { t.key("application-status", &r.key) } else { r.key.clone() },
                    r.position.clone(),
                    r.count.to_string(),
                ]
            })
            .collect(),
    };
    match section {
        Section::Administration { users, audit_records, mails } => Card {
            kind: "administration",
            heading: t.t("dash-admin-heading"),
            lines: vec![
                line(t.n("dash-admin-users", "count", users), Some("/admin/users")),
                line(t.n("dash-admin-audit", "count", audit_records), Some("/admin/audit")),
                line(t.n("dash-admin-outbox", "count", mails), Some("/admin/outbox")),
            ],
            tables: vec![],
        },
        Section::National { participants, organisations, by_country, applications } => Card {
            kind: "national",
            heading: t.t("dash-clair-heading"),
            lines: vec![line(
                t.t_args(
                    "dash-clair-participants",
                    &[("count", Arg::from(*participants)), ("organisations", Arg::from(*organisations))],
                ),
                Some("/participants"),
            )],
            tables: vec![
                pivot_by_position(t, "dash-clair-by-country", "col-country", by_country),
                tally_table("dash-clair-applications", "col-status", applications, true),
            ],
        },
        Section::Mission { mission, applications, by_status } => Card {
            kind: "mission",
            heading: t.s("dash-mission-heading", "mission", &mission.name_en),
            lines: vec![line(t.n("dash-mission-applications", "count", applications), Some("/applications"))],
            tables: vec![tally_table("dash-mission-by-status", "col-status", by_status, true)],
        },
        Section::Organisation { organisation, participants } => Card {
            kind: "organisation",
            heading: t.s(
                "dash-co-heading",
                "organisation",
                &format!("{} ({})", organisation.name_ja, organisation.name_en),
            ),
            lines: vec![line(t.n("dash-co-participants", "count", participants), Some("/participants"))],
            tables: vec![],
        },
        Section::Prefecture { prefecture, participants, organisations } => Card {
            kind: "prefecture",
            heading: t.s("dash-pa-heading", "prefecture", &format!("{} ({})", prefecture.name_ja, prefecture.name_en)),
            lines: vec![line(
                t.t_args(
                    "dash-pa-participants",
                    &[("count", Arg::from(*participants)), ("organisations", Arg::from(*organisations))],
                ),
                Some("/participants"),
            )],
            tables: vec![],
        },
        Section::Appointment { participants } => Card {
            kind: "appointment",
            heading: t.t("dash-participant-heading"),
            lines: participants
                .iter()
                .map(|p| {
                    line(
                        t.t_args(
                            "dash-participant-detail",
                            &[
                                ("position", Arg::from(t.key("position", &p.position))),
                                ("organisation", Arg::from(p.organisation_en.as_str())),
                                ("prefecture", Arg::from(p.prefecture_en.as_str())),
                                ("year", Arg::from(p.appointment_year)),
                                ("arrival", Arg::from(p.arrival_date.to_string())),
                            ],
                        ),
                        None,
                    )
                })
                .collect(),
            tables: vec![],
        },
        Section::Application { applications } => Card {
            kind: "application",
            heading: t.t("dash-applicant-heading"),
            lines: if applications.is_empty() {
                vec![line(t.t("dash-applicant-none"), None)]
            } else {
                applications
                    .iter()
                    .map(|a| {
                        line(
                            t.t_args(
                                "dash-applicant-status",
                                &[
                                    ("reference", Arg::from(a.reference.as_str())),
                                    ("position", Arg::from(a.position.as_str())),
                                    ("status", Arg::from(t.key("application-status", &a.status))),
                                ],
                            ),
                            None,
                        )
                    })
                    .collect()
            },
            tables: vec![],
        },
        Section::Alumnus { participants } => Card {
            kind: "alumnus",
            heading: t.t("dash-alumnus-heading"),
            lines: participants
                .iter()
                .map(|p| {
                    line(
                        t.t_args(
                            "dash-alumnus-detail",
                            &[
                                ("position", Arg::from(t.key("position", &p.position))),
                                ("organisation", Arg::from(p.organisation_en.as_str())),
                                ("prefecture", Arg::from(p.prefecture_en.as_str())),
                            ],
                        ),
                        None,
                    )
                })
                .collect(),
            tables: vec![],
        },
        Section::Company { company } => Card {
            kind: "company",
            heading: t.s("dash-company-heading", "company", &company.name),
            lines: vec![line(t.t("dash-company-detail"), None)],
            tables: vec![],
        },
    }
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    c: Chrome,
    name: String,
    roles: Vec<String>,
    cards: Vec<Card>,
}

pub async fn dashboard(State(state): State<AppState>, Signed { ctx, actor }: Signed) -> Response {
    match state.app.dashboard(&actor).await {
        Ok(dashboard) => {
            let mut cards: Vec<Card> = dashboard.sections.iter().map(|s| card(&ctx.t, s)).collect();
            if let Some(mission) = cards.iter_mut().find(|c| c.kind == "mission") {
                mission.lines.extend(selection_lines(&state, &ctx.t, &actor).await);
            }
            let page = DashboardPage {
                name: actor.display_name.clone(),
                roles: actor.roles().iter().map(|r| ctx.t.t(r.message_key())).collect(),
                cards,
                c: Chrome::new(&ctx),
            };
            render(&ctx, StatusCode::OK, &page)
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// Links to the selection boards of the mission's years that are recruiting, selecting or placing.
async fn selection_lines(state: &AppState, t: &Translator, actor: &app::Actor) -> Vec<Line> {
    let years = state.app.programme_years(actor).await.unwrap_or_default();
    let mut lines = Vec::new();
    for y in years.iter().filter(|y| matches!(y.year.status.as_str(), "recruiting" | "selecting" | "placing")) {
        let title = t.t_args(
            "year-title",
            &[
                ("year", app::i18n::Arg::from(y.year.year)),
                ("country", app::i18n::Arg::from(y.year.country_en.as_str())),
            ],
        );
        for (board, key) in [
            ("screening", "dash-mission-screening"),
            ("interviews", "dash-mission-interviews"),
            ("decisions", "dash-mission-decisions"),
        ] {
            lines.push(line(t.s(key, "year", &title), Some(&format!("/programme-years/{}/{board}", y.year.id))));
        }
    }
    lines
}

/// Query of the list pages; kept as typed so the filters show what was chosen.
#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub country: String,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub prefecture: Option<i64>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// `prefecture=` (an empty select) means no filter, not a malformed number.
fn empty_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let raw: Option<String> = Option::deserialize(d)?;
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

impl ListQuery {
    pub fn filter(&self) -> ListFilter {
        let opt = |s: &String| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        ListFilter {
            search: opt(&self.search),
            status: opt(&self.status),
            position: opt(&self.position),
            country: opt(&self.country),
            prefecture: self.prefecture,
        }
    }
    pub fn page(&self) -> Page {
        Page::new(self.limit, self.offset)
    }
    pub fn is_prefecture(&self, code: &i64) -> bool {
        self.prefecture == Some(*code)
    }
}

pub struct Pager {
    pub text: String,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// Links to the neighbouring pages of a list, keeping the other parameters of the query.
fn pager<T>(t: &Translator, path: &str, listing: &Listing<T>) -> Pager {
    use app::i18n::Arg;
    let (base, query) = path.split_once('?').unwrap_or((path, ""));
    let kept: Vec<(String, String)> = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| k != "offset")
        .collect();
    let link = |offset: i64| {
        let mut params = kept.clone();
        params.push(("offset".into(), offset.to_string()));
        format!("{base}?{}", serde_urlencoded::to_string(&params).unwrap_or_default())
    };
    let from = if listing.total == 0 { 0 } else { listing.offset + 1 };
    let to = (listing.offset + listing.rows.len() as i64).min(listing.total);
    Pager {
        text: t.t_args(
            "pager-showing",
            &[("from", Arg::from(from)), ("to", Arg::from(to)), ("total", Arg::from(listing.total))],
        ),
        previous: (listing.offset > 0).then(|| link((listing.offset - listing.limit).max(0))),
        next: (to < listing.total).then(|| link(listing.offset + listing.limit)),
    }
}

#[derive(Template)]
#[template(path = "participants.html")]
struct ParticipantsPage {
    c: Chrome,
    listing: Listing<ParticipantRow>,
    pager: Pager,
    query: ListQuery,
    positions: Vec<&'static str>,
    statuses: Vec<&'static str>,
    tools: crate::bulk_web::ListTools,
}

pub async fn participants(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    match state.app.participants(&actor, &q.filter(), q.page()).await {
        Ok(listing) => {
            let pager = pager(&ctx.t, &ctx.path, &listing);
            let tools = crate::bulk_web::ListTools::of(&state, &actor, "participants", &q).await;
            let page = ParticipantsPage {
                c: Chrome::new(&ctx),
                tools,
                listing,
                pager,
                query: q,
                positions: Position::ALL.iter().map(|p| p.as_str()).collect(),
                statuses: AppointmentStatus::ALL.iter().map(|s| s.as_str()).collect(),
            };
            render(&ctx, StatusCode::OK, &page)
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "participant.html")]
struct ParticipantPage {
    c: Chrome,
    p: ParticipantRow,
}

pub async fn participant(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> Response {
    match state.app.participant(&actor, id).await {
        Ok(p) => render(&ctx, StatusCode::OK, &ParticipantPage { c: Chrome::new(&ctx), p }),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "applications.html")]
struct ApplicationsPage {
    c: Chrome,
    listing: Listing<ApplicationRow>,
    pager: Pager,
    query: ListQuery,
    positions: Vec<&'static str>,
    statuses: Vec<&'static str>,
    tools: crate::bulk_web::ListTools,
}

pub async fn applications(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    match state.app.applications(&actor, &q.filter(), q.page()).await {
        Ok(listing) => {
            let pager = pager(&ctx.t, &ctx.path, &listing);
            let tools = crate::bulk_web::ListTools::of(&state, &actor, "applications", &q).await;
            let page = ApplicationsPage {
                c: Chrome::new(&ctx),
                tools,
                listing,
                pager,
                query: q,
                positions: Position::ALL.iter().map(|p| p.as_str()).collect(),
                statuses: ApplicationStatus::ALL.iter().map(|s| s.as_str()).collect(),
            };
            render(&ctx, StatusCode::OK, &page)
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "organisations.html")]
struct OrganisationsPage {
    c: Chrome,
    listing: Listing<OrganisationRow>,
    pager: Pager,
    query: ListQuery,
    prefectures: Vec<PrefectureRow>,
    tools: crate::bulk_web::ListTools,
}

pub async fn organisations(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let result = async {
        let listing = state.app.organisations(&actor, &q.filter(), q.page()).await?;
        let prefectures = state.app.prefectures().await?;
        Ok::<_, AppError>((listing, prefectures))
    }
    .await;
    match result {
        Ok((listing, prefectures)) => {
            let pager = pager(&ctx.t, &ctx.path, &listing);
            let tools = crate::bulk_web::ListTools::of(&state, &actor, "organisations", &q).await;
            render(
                &ctx,
                StatusCode::OK,
                &OrganisationsPage { c: Chrome::new(&ctx), listing, pager, query: q, prefectures, tools },
            )
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "missions.html")]
struct MissionsPage {
    c: Chrome,
    missions: Vec<MissionRow>,
}

pub async fn missions(State(state): State<AppState>, Signed { ctx, actor }: Signed) -> Response {
    match state.app.missions(&actor).await {
        Ok(missions) => render(&ctx, StatusCode::OK, &MissionsPage { c: Chrome::new(&ctx), missions }),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    c: Chrome,
    listing: Listing<app::admin::UserView>,
    pager: Pager,
    query: ListQuery,
    min_password: i64,
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
    match state.app.users(actor, q.filter().search.as_deref(), q.page()).await {
        Ok(listing) => {
            let pager = pager(&ctx.t, &ctx.path, &listing);
            let mut c = Chrome::new(ctx).with_notice(notice);
            c.errors = errors;
            render(ctx, status, &UsersPage { c, listing, pager, query: q, min_password: PASSWORD_MIN as i64 })
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
    match state.app.create_user(actor, input).await {
        Ok(user) => {
            let notice = ctx.t.s("user-created", "email", &user.email);
            users_page(&state, &ctx, ListQuery::default(), Some(notice), vec![], StatusCode::OK).await
        }
        Err(AppError::Invalid(fields)) => {
            let errors = ctx.field_messages(&fields);
            users_page(&state, &ctx, ListQuery::default(), None, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => invalid_or_fail(&ctx, e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "user.html")]
struct UserPage {
    c: Chrome,
    user: app::admin::UserView,
    roles: Vec<&'static str>,
}

async fn user_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    notice: Option<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    match state.app.user(actor, UserId(id)).await {
        Ok(user) => {
            let mut c = Chrome::new(ctx).with_notice(notice);
            c.errors = errors;
            render(ctx, status, &UserPage { c, user, roles: Role::ALL.iter().map(|r| r.as_str()).collect() })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn user(State(state): State<AppState>, Signed { ctx, .. }: Signed, Path(id): Path<i64>) -> Response {
    user_page(&state, &ctx, id, None, vec![], StatusCode::OK).await
}

/// `mission:3`, `organisation:12`, `prefecture:28`, `company:1`, or empty / `-` for none.
pub fn parse_unit(raw: &str) -> Result<Unit, domain::FieldError> {
    let raw = raw.trim();
    if raw.is_empty() || raw == "-" {
        return Ok(Unit::None);
    }
    let bad = || domain::FieldError::new("unit", "error-unit-unknown");
    let (kind, id) = raw.split_once(':').ok_or_else(bad)?;
    let id: i64 = id.trim().parse().map_err(|_| domain::FieldError::new("unit", "error-number-invalid"))?;
    match kind.trim() {
        "mission" => Ok(Unit::Mission(domain::MissionId(id))),
        "organisation" => Ok(Unit::Organisation(domain::OrganisationId(id))),
        "prefecture" => Ok(Unit::Prefecture(domain::PrefectureCode::new(id)?)),
        "company" => Ok(Unit::Company(domain::CompanyId(id))),
        _ => Err(bad()),
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
    #[serde(default)]
    unit: String,
}

async fn change_role(state: AppState, id: i64, form: RoleForm, ctx: Ctx, give: bool) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    let grant =
        Role::parse(&form.role).and_then(|role| parse_unit(&form.unit).and_then(|unit| RoleGrant::new(role, unit)));
    let result = match grant {
        Ok(grant) if give => state.app.grant_role(actor, UserId(id), grant).await,
        Ok(grant) => state.app.revoke_role(actor, UserId(id), grant).await,
        Err(e) => Err(AppError::from(e)),
    };
    match result {
        Ok(_) => {
            let notice = ctx.t.t(if give { "role-granted" } else { "role-revoked" });
            user_page(&state, &ctx, id, Some(notice), vec![], StatusCode::OK).await
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
    Path(id): Path<i64>,
    CsrfForm(form, ctx): CsrfForm<RoleForm>,
) -> Response {
    change_role(state, id, form, ctx, true).await
}

pub async fn revoke_role(
    State(state): State<AppState>,
    Path(id): Path<i64>,
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
    Path(id): Path<i64>,
    SignedForm(form, ctx, ref actor): SignedForm<DisabledForm>,
) -> Response {
    match state.app.set_user_disabled(actor, UserId(id), form.disabled).await {
        Ok(_) => {
            let notice = ctx.t.t(if form.disabled { "user-disabled-notice" } else { "user-enabled-notice" });
            user_page(&state, &ctx, id, Some(notice), vec![], StatusCode::OK).await
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
#[template(path = "audit.html")]
struct AuditPage {
    c: Chrome,
    listing: Listing<AuditRow>,
    pager: Pager,
    query: AuditQuery,
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
    match state.app.audit_log(&actor, &filter, Page::new(q.limit, q.offset)).await {
        Ok(listing) => {
            let pager = pager(&ctx.t, &ctx.path, &listing);
            render(&ctx, StatusCode::OK, &AuditPage { c: Chrome::new(&ctx), listing, pager, query: q })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage {
    c: Chrome,
    listing: Listing<MailRow>,
    pager: Pager,
    smtp: Option<String>,
}

pub async fn outbox(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    match state.app.outbox(&actor, q.filter().search.as_deref(), q.page()).await {
        Ok(listing) => {
            let pager = pager(&ctx.t, &ctx.path, &listing);
            let smtp = state.app.config.mail.describe();
            render(&ctx, StatusCode::OK, &OutboxPage { c: Chrome::new(&ctx), listing, pager, smtp })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "mail.html")]
struct MailPage {
    c: Chrome,
    mail: MailRow,
}

pub async fn mail(State(state): State<AppState>, Signed { ctx, actor }: Signed, Path(id): Path<i64>) -> Response {
    match state.app.mail(&actor, MailId(id)).await {
        Ok(mail) => render(&ctx, StatusCode::OK, &MailPage { c: Chrome::new(&ctx), mail }),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Chrome,
    tokens: Vec<app::accounts::ApiTokenView>,
    new_token: Option<String>,
}

async fn account_page(
    state: &AppState,
    ctx: &Ctx,
    new_token: Option<String>,
    notice: Option<String>,
    errors: Vec<String>,
) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    match state.app.api_tokens(actor).await {
        Ok(tokens) => {
            let mut c = Chrome::new(ctx).with_notice(notice);
            c.errors = errors;
            render(ctx, StatusCode::OK, &AccountPage { c, tokens, new_token })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn account(State(state): State<AppState>, Signed { ctx, .. }: Signed) -> Response {
    account_page(&state, &ctx, None, None, vec![]).await
}

#[derive(Deserialize)]
pub struct TokenForm {
    name: String,
}

pub async fn create_token(State(state): State<AppState>, CsrfForm(form, ctx): CsrfForm<TokenForm>) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    match state.app.create_api_token(actor, &form.name).await {
        Ok((_, token)) => account_page(&state, &ctx, Some(token), None, vec![]).await,
        Err(AppError::Invalid(fields)) => {
            let errors = ctx.field_messages(&fields);
            account_page(&state, &ctx, None, None, errors).await
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedForm(_, ctx, ref actor): SignedForm<Empty>,
) -> Response {
    match state.app.revoke_api_token(actor, id).await {
        Ok(()) => account_page(&state, &ctx, None, Some(ctx.t.t("token-revoked")), vec![]).await,
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn logout_everywhere(
    State(state): State<AppState>,
    jar: CookieJar,
    SignedForm(_, ctx, ref actor): SignedForm<Empty>,
) -> Response {
    match state.app.logout_everywhere(actor).await {
        Ok(_) => (
            jar.remove(axum_extra::extract::cookie::Cookie::build(SESSION_COOKIE).path("/")),
            Redirect::to("/login?out=1"),
        )
            .into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn not_found(ctx: Ctx) -> Failure {
    ctx.fail(WebError::not_found())
}

pub struct YearField {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: &'static str,
    pub value: String,
}

#[derive(Template)]
#[template(path = "years.html")]
struct YearsPage {
    c: Chrome,
    years: Vec<app::recruitment::YearView>,
}

async fn years_page(state: &AppState, ctx: &Ctx, errors: Vec<String>, status: StatusCode) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    match state.app.programme_years(actor).await {
        Ok(years) => {
            let mut c = Chrome::new(ctx);
            c.errors = errors;
            render(ctx, status, &YearsPage { c, years })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn programme_years(State(state): State<AppState>, Signed { ctx, .. }: Signed) -> Response {
    years_page(&state, &ctx, vec![], StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct NewYearForm {
    country: String,
    year: String,
}

pub async fn create_programme_year(
    State(state): State<AppState>,
    SignedForm(form, ctx, ref actor): SignedForm<NewYearForm>,
) -> Response {
    let year = match form.year.trim().parse::<i64>() {
        Ok(y) => y,
        Err(_) => {
            let e = domain::FieldError::new("year", "error-year-invalid");
            return years_page(&state, &ctx, vec![ctx.t.field_error(&e)], StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    match state.app.create_programme_year(actor, &form.country, year).await {
        Ok(view) => Redirect::to(&format!("/programme-years/{}", view.year.id)).into_response(),
        Err(AppError::Invalid(fields)) => {
            let errors = ctx.field_messages(&fields);
            years_page(&state, &ctx, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "year.html")]
struct YearPage {
    c: Chrome,
    title: String,
    y: app::recruitment::YearView,
    fields: Vec<YearField>,
    groups: Vec<(usize, String, String)>,
    /// The caller screens, interviews and decides: links to the three boards.
    boards: bool,
    selection: SelectionForm,
}

/// The year's selection rules as the form shows them; rubric rows are (index, key, label, weight).
pub struct SelectionForm {
    pub blind: bool,
    pub reviewers: String,
    pub threshold: String,
    pub cutoff: String,
    pub clearance: String,
    pub share: String,
    pub screening: Vec<(usize, String, String, String)>,
    pub interview: Vec<(usize, String, String, String)>,
}

impl SelectionForm {
    fn of(rules: &domain::selection::SelectionRules) -> SelectionForm {
        let rows = |rubric: &[domain::selection::Criterion]| {
            let mut rows: Vec<(usize, String, String, String)> = rubric
                .iter()
                .enumerate()
                .map(|(i, c)| (i, c.key.clone(), c.label.clone(), c.weight.to_string()))
                .collect();
            // Two empty rows for new criteria.
            let n = rows.len();
            rows.extend((n..n + 2).map(|i| (i, String::new(), String::new(), String::new())));
            rows
        };
        SelectionForm {
            blind: rules.blind_screening,
            reviewers: rules.reviewers_per_application.to_string(),
            threshold: rules.disagreement_threshold.to_string(),
            cutoff: rules.booking_cutoff_hours.to_string(),
            clearance: rules.clearance_days.to_string(),
            share: rules.interview_share_percent.to_string(),
            screening: rows(&rules.screening),
            interview: rows(&rules.interview),
        }
    }
}

/// The form's values: what was submitted when re-shown after a refusal, else what is stored.
fn year_page_of(
    ctx: &Ctx,
    y: app::recruitment::YearView,
    submitted: Option<&app::recruitment::YearInput>,
    notice: Option<String>,
    errors: Vec<String>,
) -> YearPage {
    let local_input =
        |t: &Option<String>| t.as_deref().map(|s| s.get(..16).unwrap_or(s).replace(' ', "T")).unwrap_or_default();
    let date = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let stored = [
        ("guidelines_published", "year-guidelines-published", "date", date(y.year.settings.guidelines_published)),
        ("applications_open", "year-applications-open", "datetime-local", local_input(&y.applications_open_local)),
        (
            "application_deadline",
            "year-application-deadline",
            "datetime-local",
            local_input(&y.application_deadline_local),
        ),
        ("first_screening", "year-first-screening", "date", date(y.year.settings.first_screening)),
        ("interviews_from", "year-interviews-from", "date", date(y.year.settings.interviews_from)),
        ("interviews_until", "year-interviews-until", "date", date(y.year.settings.interviews_until)),
        ("results_by", "year-results-by", "date", date(y.year.settings.results_by)),
        ("reply_deadline", "year-reply-deadline", "datetime-local", local_input(&y.reply_deadline_local)),
        (
            "pre_departure_orientation",
            "year-pre-departure-orientation",
            "date",
            date(y.year.settings.pre_departure_orientation),
        ),
    ];
    let fields = stored
        .into_iter()
        .map(|(name, label, kind, value)| {
            let value = match submitted {
                Some(input) => submitted_value(input, name),
                None => value,
            };
            YearField { name, label, kind, value }
        })
        .collect();
    let mut groups: Vec<(usize, String, String)> = match submitted {
        Some(input) => input
            .departure_groups
            .iter()
            .enumerate()
            .map(|(i, g)| (i, g.name.clone(), g.arrival_date.clone()))
            .collect(),
        None => y
            .departure_groups
            .iter()
            .enumerate()
            .map(|(i, g)| (i, g.name.clone(), g.arrival_date.to_string()))
            .collect(),
    };
    // Two empty rows for new groups.
    let n = groups.len();
    groups.extend((n..n + 2).map(|i| (i, String::new(), String::new())));
    let mut c = Chrome::new(ctx).with_notice(notice);
    c.errors = errors;
    let title = ctx.t.t_args(
        "year-title",
        &[("year", app::i18n::Arg::from(y.year.year)), ("country", app::i18n::Arg::from(y.year.country_en.as_str()))],
    );
    let selection = SelectionForm::of(submitted.and_then(|i| i.selection_rules.as_ref()).unwrap_or(&y.selection));
    let boards = ctx.actor.as_ref().is_some_and(|a| a.may(domain::Permission::SelectCandidates));
    YearPage { c, title, y, fields, groups, boards, selection }
}

fn submitted_value(input: &app::recruitment::YearInput, name: &str) -> String {
    match name {
        "guidelines_published" => &input.guidelines_published,
        "applications_open" => &input.applications_open,
        "application_deadline" => &input.application_deadline,
        "first_screening" => &input.first_screening,
        "interviews_from" => &input.interviews_from,
        "interviews_until" => &input.interviews_until,
        "results_by" => &input.results_by,
        "reply_deadline" => &input.reply_deadline,
        _ => &input.pre_departure_orientation,
    }
    .clone()
}

pub async fn programme_year(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> Response {
    match state.app.programme_year(&actor, id).await {
        Ok(y) => render(&ctx, StatusCode::OK, &year_page_of(&ctx, y, None, None, vec![])),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// The year form's fields into the use case's input; group rows come as `group_name_N`.
fn year_input_of(fields: &[(String, String)]) -> Result<app::recruitment::YearInput, domain::FieldError> {
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let number = |name: &'static str| -> Result<i64, domain::FieldError> {
        let raw = get(name);
        if raw.trim().is_empty() {
            return Ok(0);
        }
        raw.trim().parse().map_err(|_| domain::FieldError::new(name, "error-number-invalid"))
    };
    let mut groups = Vec::new();
    for i in 0..50 {
        let (name, arrival) = (get(&format!("group_name_{i}")), get(&format!("group_arrival_{i}")));
        if fields.iter().any(|(k, _)| *k == format!("group_name_{i}")) {
            groups.push(app::recruitment::DepartureGroupInput { name, arrival_date: arrival });
        }
    }
    Ok(app::recruitment::YearInput {
        guidelines_published: get("guidelines_published"),
        applications_open: get("applications_open"),
        application_deadline: get("application_deadline"),
        first_screening: get("first_screening"),
        interviews_from: get("interviews_from"),
        interviews_until: get("interviews_until"),
        results_by: get("results_by"),
        reply_deadline: get("reply_deadline"),
        pre_departure_orientation: get("pre_departure_orientation"),
        places_alt: number("places_alt")?,
        places_cir: number("places_cir")?,
        places_sea: number("places_sea")?,
        sea_offered: get("sea_offered") == "true",
        departure_groups: groups,
        // The page edits dates, plan, groups and the selection rules; the eligibility rules keep
        // what the year has.
        eligibility_rules: None,
        selection_rules: selection_rules_of(fields)?,
        version: number("version")?,
    })
}

/// The selection part of the year form: `None` when the form has none (the year keeps its rules).
/// Rubric rows come as `screening_key_N`, `screening_label_N`, `screening_weight_N` (and
/// `interview_…`); a row left empty is dropped.
fn selection_rules_of(
    fields: &[(String, String)],
) -> Result<Option<domain::selection::SelectionRules>, domain::FieldError> {
    use domain::selection::{Criterion, SelectionRules};
    let get = |name: &str| fields.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned());
    if get("reviewers_per_application").is_none() {
        return Ok(None);
    }
    fn parse<T: std::str::FromStr>(field: String, raw: Option<String>) -> Result<T, domain::FieldError> {
        raw.unwrap_or_default().parse().map_err(|_| domain::FieldError::new(field, "error-number-invalid"))
    }
    let rubric = |name: &str| -> Result<Vec<Criterion>, domain::FieldError> {
        let mut out = Vec::new();
        for i in 0..20 {
            let (key, label, weight) = (
                get(&format!("{name}_key_{i}")).unwrap_or_default(),
                get(&format!("{name}_label_{i}")).unwrap_or_default(),
                get(&format!("{name}_weight_{i}")).unwrap_or_default(),
            );
            if key.is_empty() && label.is_empty() && weight.is_empty() {
                continue;
            }
            let field = format!("selection_rules.{name}[{}].weight", out.len());
            let weight = if weight.is_empty() { 0 } else { parse(field, Some(weight))? };
            out.push(Criterion { key, label, weight });
        }
        Ok(out)
    };
    let field = |name: &str| format!("selection_rules.{name}");
    Ok(Some(SelectionRules {
        screening: rubric("screening")?,
        interview: rubric("interview")?,
        blind_screening: fields.iter().any(|(k, v)| k == "blind_screening" && v == "true"),
        reviewers_per_application: parse(field("reviewers_per_application"), get("reviewers_per_application"))?,
        disagreement_threshold: parse(field("disagreement_threshold"), get("disagreement_threshold"))?,
        booking_cutoff_hours: parse(field("booking_cutoff_hours"), get("booking_cutoff_hours"))?,
        clearance_days: parse(field("clearance_days"), get("clearance_days"))?,
        interview_share_percent: parse(field("interview_share_percent"), get("interview_share_percent"))?,
    }))
}

pub async fn save_programme_year(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(fields, ctx): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    let input = match year_input_of(&fields) {
        Ok(input) => input,
        Err(e) => return ctx.fail(e).into_response(),
    };
    match state.app.save_programme_year(actor, id, &input).await {
        Ok(y) => render(&ctx, StatusCode::OK, &year_page_of(&ctx, y, None, Some(ctx.t.t("year-saved")), vec![])),
        Err(AppError::Invalid(errors)) => match state.app.programme_year(actor, id).await {
            Ok(y) => {
                let messages = ctx.field_messages(&errors);
                render(&ctx, StatusCode::UNPROCESSABLE_ENTITY, &year_page_of(&ctx, y, Some(&input), None, messages))
            }
            Err(e) => ctx.fail(e).into_response(),
        },
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct YearStatusForm {
    status: String,
    version: i64,
}

pub async fn advance_programme_year(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedForm(form, ctx, ref actor): SignedForm<YearStatusForm>,
) -> Response {
    match state.app.advance_programme_year(actor, id, &form.status, form.version).await {
        Ok(_) => Redirect::to(&format!("/programme-years/{id}")).into_response(),
        Err(AppError::Invalid(errors)) => match state.app.programme_year(actor, id).await {
            Ok(y) => {
                let messages = ctx.field_messages(&errors);
                render(&ctx, StatusCode::UNPROCESSABLE_ENTITY, &year_page_of(&ctx, y, None, None, messages))
            }
            Err(e) => ctx.fail(e).into_response(),
        },
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "my_application.html")]
struct MyApplicationPage {
    c: Chrome,
    cards: Vec<ApplicationCard>,
    /// Open years as `year:mission` choices, labelled for the applicant.
    open: Vec<(String, String)>,
}

/// An application on the status page: where it stands, its selection (slot, offer, clearance,
/// partner) once past the draft, and what comes next.
pub struct ApplicationCard {
    pub a: app::applying::ApplicationView,
    pub sel: Option<app::selection::ApplicantSelection>,
    pub next: String,
    /// The booked interview: when and where.
    pub interview: Option<String>,
    /// The placement notice, once the committee approved a placement.
    pub placement: Option<crate::placement_pages::PlacementNotice>,
}

pub(crate) async fn my_application_page(
    state: &AppState,
    ctx: &Ctx,
    notice: Option<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    let result = async {
        let mut cards = Vec::new();
        for a in state.app.my_applications(actor).await? {
            let sel = match a.record.status.as_str() {
                "draft" => None,
                _ => Some(state.app.applicant_selection(actor, a.record.id).await?),
            };
            let next = crate::selection_pages::next_step(&ctx.t, &a, sel.as_ref());
            let interview = sel.as_ref().and_then(|s| crate::selection_pages::interview_line(&ctx.t, s));
            let placement = match a.record.status.as_str() {
                "draft" => None,
                _ => crate::placement_pages::placement_notice(state, &ctx.t, actor, a.record.id).await?,
            };
            cards.push(ApplicationCard { a, sel, next, interview, placement });
        }
        let open = state.app.open_years().await?;
        Ok::<_, AppError>((cards, open))
    }
    .await;
    match result {
        Ok((cards, open)) => {
            let choices = open
                .iter()
                .filter(|y| !cards.iter().any(|card| card.a.record.programme_year_id == y.id))
                .flat_map(|y| {
                    let deadline = y.deadline_local.clone().unwrap_or_default();
                    y.missions.iter().map(move |(id, name)| {
                        (format!("{}:{id}", y.id), format!("{} {} · {name} · {deadline}", y.country_name, y.year))
                    })
                })
                .collect();
            let mut c = Chrome::new(ctx).with_notice(notice);
            c.errors = errors;
            // Shown after the page's forms too: the language switch returns here, not to a form's action.
            c.path = "/my-application".into();
            render(ctx, status, &MyApplicationPage { c, cards, open: choices })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn my_application(State(state): State<AppState>, Signed { ctx, .. }: Signed) -> Response {
    my_application_page(&state, &ctx, None, vec![], StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct StartForm {
    year_mission: String,
    position: String,
}

pub async fn start_application(State(state): State<AppState>, CsrfForm(form, ctx): CsrfForm<StartForm>) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    let parsed =
        form.year_mission.split_once(':').and_then(|(y, m)| Some((y.parse::<i64>().ok()?, m.parse::<i64>().ok()?)));
    let Some((year, mission)) = parsed else {
        return ctx.fail(domain::FieldError::new("year_mission", "error-choice-invalid")).into_response();
    };
    match state.app.start_application(actor, year, &form.position, mission).await {
        Ok(view) => Redirect::to(&format!("/my-application/{}", view.record.id)).into_response(),
        Err(AppError::Invalid(fields)) => {
            let errors = ctx.field_messages(&fields);
            my_application_page(&state, &ctx, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub struct FormField {
    pub name: &'static str,
    pub label: String,
    /// `text`, `date`, `bool`, `choice` or `long`.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<&'static str>,
    pub max: usize,
}

pub struct FormSection {
    pub name: &'static str,
    pub label: String,
    pub fields: Vec<FormField>,
}

#[derive(Template)]
#[template(path = "apply.html")]
struct ApplyPage {
    c: Chrome,
    a: app::applying::ApplicationView,
    sections: Vec<FormSection>,
    kinds: Vec<&'static str>,
}

/// The form's sections with the stored values, as text for the inputs.
fn form_sections(a: &app::applying::ApplicationView) -> Vec<FormSection> {
    use app::applying::{FieldKind, SECTIONS};
    SECTIONS
        .iter()
        .map(|section| FormSection {
            name: section.name,
            label: format!("section-{}", section.name),
            fields: section
                .fields
                .iter()
                .map(|f| {
                    let stored = a.form.get(section.name).and_then(|s| s.get(f.name));
                    let text = match stored {
                        Some(serde_json::Value::String(s)) => s.clone(),
                        Some(serde_json::Value::Bool(b)) => b.to_string(),
                        Some(serde_json::Value::Array(items)) => match f.kind {
                            FieldKind::Periods => items
                                .iter()
                                .map(|p| {
                                    format!("{} {}", p["start"].as_str().unwrap_or(""), p["end"].as_str().unwrap_or(""))
                                })
                                .collect::<Vec<_>>()
                                .join("\n"),
                            _ => items.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
                        },
                        _ => String::new(),
                    };
                    let (kind, options, max) = match f.kind {
                        FieldKind::Text(max) if max > 300 => ("long", vec![], max),
                        FieldKind::Text(max) => ("text", vec![], max),
                        FieldKind::Date => ("date", vec![], 0),
                        FieldKind::Bool => ("bool", vec![], 0),
                        FieldKind::Choice(options) => ("choice", options.to_vec(), 0),
                        FieldKind::Periods => ("long", vec![], 2000),
                        FieldKind::Country | FieldKind::Jlpt => ("text", vec![], 2),
                        FieldKind::Places => ("text", vec![], 40),
                    };
                    FormField {
                        name: f.name,
                        label: format!("field-{}-{}", section.name, f.name),
                        kind,
                        value: text,
                        options,
                        max,
                    }
                })
                .collect(),
        })
        .collect()
}

fn apply_page(
    ctx: &Ctx,
    a: app::applying::ApplicationView,
    notice: Option<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let mut c = Chrome::new(ctx).with_notice(notice);
    c.errors = errors;
    let sections = form_sections(&a);
    render(ctx, status, &ApplyPage { c, a, sections, kinds: app::applying::DOCUMENT_KINDS.to_vec() })
}

pub async fn apply(State(state): State<AppState>, Signed { ctx, actor }: Signed, Path(id): Path<i64>) -> Response {
    match state.app.my_application(&actor, id).await {
        Ok(a) => apply_page(&ctx, a, None, vec![], StatusCode::OK),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// A section's form fields as the JSON values the use case checks.
fn section_values(section: &str, fields: &[(String, String)]) -> serde_json::Map<String, serde_json::Value> {
    use app::applying::{FieldKind, SECTIONS};
    use serde_json::Value as J;
    let mut out = serde_json::Map::new();
    let Some(spec) = SECTIONS.iter().find(|s| s.name == section) else { return out };
    for f in spec.fields {
        // A checkbox sends its hidden "false" and, when ticked, "true": the last one counts.
        let Some(raw) = fields.iter().rev().find(|(k, _)| k == f.name).map(|(_, v)| v.trim().to_owned()) else {
            continue;
        };
        let value = match f.kind {
            FieldKind::Bool => J::Bool(raw == "true"),
            FieldKind::Places => J::Array(
                raw.split([',', ' ', '、'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| J::String(s.to_owned()))
                    .collect(),
            ),
            FieldKind::Periods => J::Array(
                raw.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| {
                        let mut parts = l.split_whitespace();
                        serde_json::json!({"start": parts.next().unwrap_or(""), "end": parts.next().unwrap_or("")})
                    })
                    .collect(),
            ),
            _ => J::String(raw),
        };
        out.insert(f.name.to_owned(), value);
    }
    out
}

pub async fn save_section(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Path((id, section)): Path<(i64, String)>,
    CsrfForm(fields, ctx): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    let htmx = headers.contains_key("hx-request");
    // With htmx the page's shared version (updated after every save) is the one edited.
    let version = fields
        .iter()
        .find(|(k, _)| k == "current_version")
        .or_else(|| fields.iter().find(|(k, _)| k == "version"))
        .and_then(|(_, v)| v.parse::<i64>().ok())
        .unwrap_or(0);
    let values = serde_json::Value::Object(section_values(&section, &fields));
    let result = state.app.save_section(actor, id, &section, &values, version).await;
    match (result, htmx) {
        (Ok(a), true) => {
            let body = format!(
                "{} <input type=\"hidden\" id=\"app-version\" name=\"current_version\" value=\"{}\" hx-swap-oob=\"true\">",
                ctx.t.t("apply-saved"),
                a.record.version
            );
            (StatusCode::OK, Html(body)).into_response()
        }
        (Err(AppError::Invalid(fields)), true) => {
            let list: String =
                fields.iter().map(|f| format!("<li>{}</li>", escape_html(&ctx.t.field_error(f)))).collect();
            (StatusCode::OK, Html(format!("<ul class=\"errors\">{list}</ul>"))).into_response()
        }
        (Err(AppError::Conflict(_)), true) => {
            (StatusCode::OK, Html(escape_html(&ctx.t.t("error-conflict")))).into_response()
        }
        (Ok(a), false) => apply_page(&ctx, a, Some(ctx.t.t("apply-saved")), vec![], StatusCode::OK),
        (Err(AppError::Invalid(errors)), false) => match state.app.my_application(actor, id).await {
            Ok(a) => {
                let messages = ctx.field_messages(&errors);
                apply_page(&ctx, a, None, messages, StatusCode::UNPROCESSABLE_ENTITY)
            }
            Err(e) => ctx.fail(e).into_response(),
        },
        (Err(e), _) => ctx.fail(e).into_response(),
    }
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub async fn submit_application(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedForm(_, ctx, ref actor): SignedForm<Empty>,
) -> Response {
    match state.app.submit_application(actor, id).await {
        Ok(_) => Redirect::to("/my-application").into_response(),
        Err(AppError::Invalid(errors)) => match state.app.my_application(actor, id).await {
            Ok(a) => {
                let messages = ctx.field_messages(&errors);
                apply_page(&ctx, a, None, messages, StatusCode::UNPROCESSABLE_ENTITY)
            }
            Err(e) => ctx.fail(e).into_response(),
        },
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    reason: String,
}

pub async fn withdraw_application(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedForm(form, ctx, ref actor): SignedForm<WithdrawForm>,
) -> Response {
    match state.app.withdraw_application(actor, id, &form.reason).await {
        Ok(_) => Redirect::to("/my-application").into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Deserialize, Default)]
pub struct RegisterForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub family_name: String,
    #[serde(default)]
    pub given_name: String,
    #[serde(default)]
    pub nationality: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    language: String,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    c: Chrome,
    form: RegisterForm,
    countries: Vec<(String, String)>,
    done: bool,
}

async fn register_page_with(
    state: &AppState,
    ctx: &Ctx,
    form: RegisterForm,
    done: bool,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    match state.app.recruiting_countries(ctx.language()).await {
        Ok(countries) => {
            let mut c = Chrome::new(ctx).with_notice(done.then(|| ctx.t.t("register-done")));
            c.errors = errors;
            render(ctx, status, &RegisterPage { c, form, countries, done })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn register_page(State(state): State<AppState>, ctx: Ctx) -> Response {
    if ctx.actor.is_some() {
        return Redirect::to("/dashboard").into_response();
    }
    register_page_with(&state, &ctx, RegisterForm::default(), false, vec![], StatusCode::OK).await
}

pub async fn register_submit(State(state): State<AppState>, CsrfForm(form, ctx): CsrfForm<RegisterForm>) -> Response {
    let registration = app::applying::Registration {
        email: form.email.clone(),
        family_name: form.family_name.clone(),
        given_name: form.given_name.clone(),
        nationality: form.nationality.clone(),
        password: form.password.clone(),
        language: Some(form.language.clone()).filter(|l| !l.is_empty()),
    };
    match state.app.register_applicant(&registration, &ctx.client).await {
        Ok(_) => register_page_with(&state, &ctx, RegisterForm::default(), true, vec![], StatusCode::OK).await,
        Err(AppError::Invalid(fields)) => {
            let errors = ctx.field_messages(&fields);
            let kept = RegisterForm { password: String::new(), ..form };
            register_page_with(&state, &ctx, kept, false, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    c: Chrome,
    done: bool,
}

/// The link of the verification mail: confirms the address and says so.
pub async fn verify(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> Response {
    match state.app.verify_email(&token).await {
        Ok(()) => render(&ctx, StatusCode::OK, &VerifyPage { c: Chrome::new(&ctx), done: true }),
        Err(AppError::NotFound) => render(&ctx, StatusCode::GONE, &VerifyPage { c: Chrome::new(&ctx), done: false }),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// The page's upload form (multipart): its CSRF field is checked here, as `CsrfForm` reads only
/// url-encoded forms.
pub async fn upload_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    mut multipart: axum::extract::Multipart,
) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    let (csrf, kind, file) = match read_upload(&mut multipart).await {
        Ok(parts) => parts,
        Err(()) => return too_large(&ctx),
    };
    if !app::security::constant_time_eq(&csrf, &ctx.csrf_token) {
        return ctx.fail(WebError::csrf()).into_response();
    }
    let (file_name, bytes) = file.unwrap_or_default();
    let result = state.app.upload_document(actor, id, &kind, &file_name, bytes, None).await;
    let (notice, errors, status) = match result {
        Ok(_) => (Some(ctx.t.t("document-uploaded")), vec![], StatusCode::OK),
        Err(AppError::Invalid(fields)) => (None, ctx.field_messages(&fields), StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => return ctx.fail(e).into_response(),
    };
    match state.app.my_application(actor, id).await {
        Ok(a) => apply_page(&ctx, a, notice, errors, status),
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub(crate) fn too_large(ctx: &Ctx) -> Response {
    let limit =
        domain::FieldError::with_limit("file", "error-file-too-large", app::applying::MAX_DOCUMENT_BYTES as u64);
    ctx.fail(AppError::Invalid(vec![limit])).into_response()
}

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

/// The fields of an upload form: its CSRF token, the kind, and the file with its name. `Err` when
/// the body broke off or passed the limit.
pub(crate) async fn read_upload(
    multipart: &mut axum::extract::Multipart,
) -> Result<(String, String, Option<(String, Vec<u8>)>), ()> {
    let (mut csrf, mut kind, mut file) = (String::new(), String::new(), None::<(String, Vec<u8>)>);
    while let Some(field) = multipart.next_field().await.map_err(|_| ())? {
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.map_err(|_| ())?;
        match name.as_str() {
            "csrf_token" => csrf = String::from_utf8_lossy(&bytes).into_owned(),
            "kind" => kind = String::from_utf8_lossy(&bytes).into_owned(),
            "file" => file = Some((file_name.unwrap_or_default(), bytes.to_vec())),
            _ => {}
        }
    }
    Ok((csrf, kind, file))
}

#[derive(Deserialize)]
pub struct RefereeForm {
    name: String,
    email: String,
}

pub async fn add_referee(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedForm(form, ctx, ref actor): SignedForm<RefereeForm>,
) -> Response {
    let (notice, errors, status) = match state.app.add_referee(actor, id, &form.name, &form.email).await {
        Ok(_) => (None, vec![], StatusCode::OK),
        Err(AppError::Invalid(fields)) => (None, ctx.field_messages(&fields), StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => return ctx.fail(e).into_response(),
    };
    match state.app.my_application(actor, id).await {
        Ok(a) => apply_page(&ctx, a, notice, errors, status),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "referee.html")]
struct RefereePage {
    c: Chrome,
    token: String,
    intro: String,
    received: bool,
}

async fn referee_page_with(
    state: &AppState,
    ctx: &Ctx,
    token: String,
    notice: Option<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    match state.app.referee_request(&token).await {
        Ok((referee, applicant, position)) => {
            let intro = ctx.t.t_args(
                "referee-intro",
                &[
                    ("applicant", app::i18n::Arg::from(applicant.as_str())),
                    ("position", app::i18n::Arg::from(ctx.t.key("position", &position))),
                ],
            );
            let mut c = Chrome::new(ctx).with_notice(notice);
            c.errors = errors;
            render(ctx, status, &RefereePage { c, token, intro, received: referee.received_at.is_some() })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// A referee's private page: whose letter is asked for, and the upload form.
pub async fn referee_page(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> Response {
    referee_page_with(&state, &ctx, token, None, vec![], StatusCode::OK).await
}

pub async fn referee_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    mut multipart: axum::extract::Multipart,
) -> Response {
    let (csrf, _, file) = match read_upload(&mut multipart).await {
        Ok(parts) => parts,
        Err(()) => return too_large(&ctx),
    };
    if !app::security::constant_time_eq(&csrf, &ctx.csrf_token) {
        return ctx.fail(WebError::csrf()).into_response();
    }
    let (name, bytes) = file.unwrap_or_default();
    match state.app.referee_upload(&token, &name, bytes, None).await {
        Ok(_) => referee_page_with(&state, &ctx, token, Some(ctx.t.t("referee-done")), vec![], StatusCode::OK).await,
        Err(AppError::Invalid(fields)) => {
            let errors = ctx.field_messages(&fields);
            referee_page_with(&state, &ctx, token, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}
