//! The applying area's pages: registration and e-mail verification, the applicant's status page (to
//! which the selection and placement areas add their parts), the application form, documents,
//! referees, and the referee's upload page.

use crate::shell::AppState;
use crate::shell::chrome::{Chrome, render};
use crate::shell::context::{CsrfForm, Signed, SignedForm};
use crate::shell::error::WebError;
use crate::shell::forms::{Empty, escape_html, read_upload, too_large};
use crate::shell::state::{ApplicantCard, Ctx, Place};
use app::applying::ApplicationView;
use app::applying::UploadOutcome;
use app::i18n::Arg;
use app::selection::ApplicantSelection;
use app::{AppError, Translator};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::Position;
use domain::ProgrammeYearId;
use domain::{ApplicationId, DocumentId, MissionId};
use domain::{ApplicationStatus, FieldError};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "applying/my_application.html")]
struct MyApplicationPage {
    c: Chrome,
    cards: Vec<ApplicationCard>,
    /// Open years as `year:mission` choices, labelled for the applicant.
    open: Vec<(String, String)>,
}

/// An application on the status page: where it stands, what comes next, and what the other
/// areas add to it (selection's interview, reply and clearance; placement's notice).
pub struct ApplicationCard {
    pub a: app::applying::ApplicationView,
    pub next: String,
    /// Parts shown right under the status.
    pub lead: Vec<String>,
    /// Parts shown after the form's completeness.
    pub body: Vec<String>,
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
        for a in state.app.applicant(actor, "application.read").await?.my_applications().await? {
            let sel = match a.record.status {
                ApplicationStatus::Draft => None,
                _ => Some(
                    state
                        .app
                        .applicant(actor, "application.read")
                        .await?
                        .applicant_selection(ApplicationId(a.record.id))
                        .await?,
                ),
            };
            let next = next_step(&ctx.t, &a, sel.as_ref());
            let (mut lead, mut body) = (Vec::new(), Vec::new());
            let shown = ApplicantCard { state, ctx, actor, application: &a, selection: sel.as_ref() };
            for area in ctx.areas {
                if let Some(part) = area.applicant_part(&shown).await? {
                    match part.place {
                        Place::Lead => lead.push(part.html),
                        Place::Body => body.push(part.html),
                    }
                }
            }
            cards.push(ApplicationCard { a, next, lead, body });
        }
        let open = state.app.open_years(ctx.language()).await?;
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
    match async {
        let applicant = state.app.applicant(actor, "application.create").await?;
        applicant.start_application(ProgrammeYearId(year), Position::parse(&form.position)?, MissionId(mission)).await
    }
    .await
    {
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
    /// For `places`: the chosen places, best first, as their codes and their names.
    pub places: Vec<ChosenPlace>,
}

/// A place preference as the form shows it: kept as its code, read by its name.
pub struct ChosenPlace {
    pub code: String,
    pub label: String,
    /// `places-choice-1`…: "First choice".
    pub ordinal: String,
}

/// How many places an applicant may state (`check_field` refuses more).
const MOST_PLACES: usize = 3;

pub struct FormSection {
    pub name: &'static str,
    pub label: String,
    pub fields: Vec<FormField>,
}

#[derive(Template)]
#[template(path = "applying/apply.html")]
struct ApplyPage {
    c: Chrome,
    a: app::applying::ApplicationView,
    sections: Vec<FormSection>,
    kinds: Vec<&'static str>,
    /// The place search as typed (without script the page itself answers it) and what it found
    /// (`applying/place_results.html`, included).
    query: String,
    found: Vec<ChosenPlace>,
}

/// A place's name in the reader's language: Japanese for a Japanese reader, English otherwise
/// (the reference data holds those two); its code only for a code the data does not know.
fn place_label(ctx: &Ctx, code: &str) -> String {
    domain::geography::place_label(code, ctx.language() == domain::Language::Ja).unwrap_or_else(|| code.to_owned())
}

/// The form's sections with the stored values, as text for the inputs.
fn form_sections(ctx: &Ctx, a: &app::applying::ApplicationView) -> Vec<FormSection> {
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
                        // A question that must be answered is a yes and a no to choose from: an
                        // unticked box cannot tell "no" from "not answered yet".
                        FieldKind::Bool if f.required => ("yesno", vec![], 0),
                        FieldKind::Bool => ("bool", vec![], 0),
                        FieldKind::Choice(options) => ("choice", options.to_vec(), 0),
                        FieldKind::Periods => ("long", vec![], 2000),
                        FieldKind::Country | FieldKind::Jlpt => ("text", vec![], 2),
                        FieldKind::Places => ("places", vec![], MOST_PLACES),
                    };
                    let places = match (f.kind, stored) {
                        (FieldKind::Places, Some(serde_json::Value::Array(items))) => items
                            .iter()
                            .filter_map(|v| v.as_str())
                            .enumerate()
                            .map(|(i, code)| ChosenPlace {
                                code: code.to_owned(),
                                label: place_label(ctx, code),
                                ordinal: format!("places-choice-{}", i + 1),
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    FormField {
                        name: f.name,
                        label: format!("field-{}-{}", section.name, f.name),
                        kind,
                        value: text,
                        options,
                        max,
                        places,
                    }
                })
                .collect(),
        })
        .collect()
}

/// Where on the form a refused field is (`personal.birth_date` → `#f-personal-birth_date`), when
/// it is one of the form's fields.
fn field_anchor(field: &str) -> Option<String> {
    let (section, name) = field.split_once('.')?;
    let name = name.split(['[', '.']).next().unwrap_or(name);
    app::applying::SECTIONS
        .iter()
        .find(|s| s.name == section)
        .and_then(|s| s.fields.iter().find(|f| f.name == name))
        .map(|f| format!("#f-{section}-{}", f.name))
}

/// The form shown again with what was refused, each error linking to its field.
fn apply_page_refused(ctx: &Ctx, a: app::applying::ApplicationView, refused: &[FieldError]) -> Response {
    let mut c = Chrome::new(ctx);
    for e in refused {
        let message = ctx.t.field_error(e);
        match field_anchor(&e.field) {
            Some(href) => c.field_errors.push((message, href)),
            None => c.errors.push(message),
        }
    }
    let sections = form_sections(ctx, &a);
    let (query, found) = places_found(ctx, "");
    let page = ApplyPage { c, a, sections, kinds: app::applying::DOCUMENT_KINDS.to_vec(), query, found };
    render(ctx, StatusCode::UNPROCESSABLE_ENTITY, &page)
}

fn apply_page(
    ctx: &Ctx,
    a: app::applying::ApplicationView,
    notice: Option<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    apply_page_searching(ctx, a, notice, errors, status, "")
}

fn apply_page_searching(
    ctx: &Ctx,
    a: app::applying::ApplicationView,
    notice: Option<String>,
    errors: Vec<String>,
    status: StatusCode,
    query: &str,
) -> Response {
    let mut c = Chrome::new(ctx).with_notice(notice);
    c.errors = errors;
    let sections = form_sections(ctx, &a);
    let (query, found) = places_found(ctx, query);
    let page = ApplyPage { c, a, sections, kinds: app::applying::DOCUMENT_KINDS.to_vec(), query, found };
    render(ctx, status, &page)
}

#[derive(Deserialize, Default)]
pub struct ApplyQuery {
    /// A place search sent without script: the page answers it with the places to choose from.
    #[serde(default)]
    q: String,
}

pub async fn apply(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
    Query(ApplyQuery { q }): Query<ApplyQuery>,
) -> Response {
    match async { state.app.applicant(&actor, "application.read").await?.my_application(id).await }.await {
        Ok(a) => apply_page_searching(&ctx, a, None, vec![], StatusCode::OK, &q),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// The places a search found, as buttons that add one to the application form's preferences
/// (they submit the preferences' form, `form-preferences`). Also included in the form's page.
#[derive(Template)]
#[template(path = "applying/place_results.html")]
struct PlaceResults<'a> {
    c: Words<'a>,
    query: String,
    found: Vec<ChosenPlace>,
}

/// What a fragment needs of the page's frame: the words.
struct Words<'a> {
    t: &'a Translator,
}

/// The query as searched (trimmed) and the places it found, named for the reader.
fn places_found(ctx: &Ctx, query: &str) -> (String, Vec<ChosenPlace>) {
    let query = query.trim().to_owned();
    let found = domain::geography::search_places(&query, domain::geography::PLACE_SEARCH_LIMIT)
        .into_iter()
        .map(|p| ChosenPlace { label: place_label(ctx, &p.code), code: p.code, ordinal: String::new() })
        .collect();
    (query, found)
}

#[derive(Deserialize, Default)]
pub struct PlaceSearch {
    #[serde(default)]
    q: String,
}

/// `GET /places/search?q=`: the places whose name (kanji, kana or English) matches, as the
/// fragment of buttons the application form shows (htmx asks it as the applicant types), named
/// in the reader's language. Reference data only: any signed-in caller may ask.
pub async fn place_search(Signed { ctx, .. }: Signed, Query(PlaceSearch { q }): Query<PlaceSearch>) -> Response {
    let (query, found) = places_found(&ctx, &q);
    render(&ctx, StatusCode::OK, &PlaceResults { c: Words { t: &ctx.t }, query, found })
}

/// A section's form fields as the JSON values the use case checks.
fn section_values(section: &str, fields: &[(String, String)]) -> serde_json::Map<String, serde_json::Value> {
    use app::applying::{FieldKind, SECTIONS};
    use serde_json::Value as J;
    let mut out = serde_json::Map::new();
    let Some(spec) = SECTIONS.iter().find(|s| s.name == section) else { return out };
    for f in spec.fields {
        // No place kept yet (or none left) sends no `places` value, only the picker's button.
        if matches!(f.kind, FieldKind::Places)
            && fields
                .iter()
                .any(|(k, _)| k == f.name || matches!(k.as_str(), "place_add" | "place_up" | "place_remove"))
        {
            out.insert(f.name.to_owned(), J::Array(chosen_places(f.name, fields).into_iter().map(J::String).collect()));
            continue;
        }
        // A checkbox sends its hidden "false" and, when ticked, "true": the last one counts.
        let Some(raw) = fields.iter().rev().find(|(k, _)| k == f.name).map(|(_, v)| v.trim().to_owned()) else {
            continue;
        };
        let value = match f.kind {
            FieldKind::Bool => J::Bool(raw == "true"),
            FieldKind::Places => J::Array(chosen_places(f.name, fields).into_iter().map(J::String).collect()),
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

/// The places the form sends, best first (one `places` value each), changed as the picker's
/// button asks: `place_add` (a place chosen from a search, added last unless already there),
/// `place_up` (the place at that index moves one up) or `place_remove` (it goes).
fn chosen_places(name: &str, fields: &[(String, String)]) -> Vec<String> {
    let mut places: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == name)
        .flat_map(|(_, v)| v.split([',', ' ', '、']))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let action = |key: &str| fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim());
    let index = |key: &str| action(key).and_then(|v| v.parse::<usize>().ok());
    if let Some(code) = action("place_add").filter(|c| !c.is_empty() && !places.iter().any(|p| p == c)) {
        places.push(code.to_owned());
    }
    if let Some(i) = index("place_up").filter(|i| (1..places.len()).contains(i)) {
        places.swap(i - 1, i);
    }
    if let Some(i) = index("place_remove").filter(|i| *i < places.len()) {
        places.remove(i);
    }
    places
}

pub async fn save_section(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Path((id, section)): Path<(ApplicationId, String)>,
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
    let result = async {
        state.app.applicant(actor, "application.save").await?.save_section(id, &section, &values, version).await
    }
    .await;
    match (result, htmx) {
        (Ok(a), true) => {
            // Every section form's own version follows too: a place picked after a save submits
            // its form without htmx, and would otherwise send the version before the save.
            let body = format!(
                "{} <input type=\"hidden\" id=\"app-version\" name=\"current_version\" value=\"{v}\" hx-swap-oob=\"true\">\
                 <input type=\"hidden\" name=\"version\" class=\"section-version\" value=\"{v}\" hx-swap-oob=\"outerHTML:input.section-version\">",
                ctx.t.t("apply-saved"),
                v = a.record.version
            );
            (StatusCode::OK, Html(body)).into_response()
        }
        (Err(AppError::Invalid(fields)), true) => {
            let list: String = fields
                .iter()
                .map(|f| {
                    let message = escape_html(&ctx.t.field_error(f));
                    match field_anchor(&f.field) {
                        Some(href) => format!("<li><a href=\"{href}\">{message}</a></li>"),
                        None => format!("<li>{message}</li>"),
                    }
                })
                .collect();
            (StatusCode::OK, Html(format!("<ul class=\"errors\">{list}</ul>"))).into_response()
        }
        (Err(AppError::Conflict(_)), true) => {
            (StatusCode::OK, Html(escape_html(&ctx.t.t("error-conflict")))).into_response()
        }
        (Ok(a), false) => crate::shell::redirect::done(
            &format!("/my-application/{}#section-{section}", a.record.id),
            &ctx.t.t("apply-saved"),
            state.config.secure_cookies,
        ),
        (Err(AppError::Invalid(errors)), false) => {
            match async { state.app.applicant(actor, "application.read").await?.my_application(id).await }.await {
                Ok(a) => apply_page_refused(&ctx, a, &errors),
                Err(e) => ctx.fail(e).into_response(),
            }
        }
        (Err(e), _) => ctx.fail(e).into_response(),
    }
}

pub async fn submit_application(
    State(state): State<AppState>,
    Path(id): Path<ApplicationId>,
    SignedForm(_, ctx, ref actor): SignedForm<Empty>,
) -> Response {
    match async { state.app.applicant(actor, "application.submit").await?.submit_application(id).await }.await {
        Ok(_) => Redirect::to("/my-application").into_response(),
        Err(AppError::Invalid(errors)) => {
            match async { state.app.applicant(actor, "application.read").await?.my_application(id).await }.await {
                Ok(a) => {
                    let messages = ctx.field_messages(&errors);
                    apply_page(&ctx, a, None, messages, StatusCode::UNPROCESSABLE_ENTITY)
                }
                Err(e) => ctx.fail(e).into_response(),
            }
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    reason: String,
}

pub async fn withdraw_application(
    State(state): State<AppState>,
    Path(id): Path<ApplicationId>,
    SignedForm(form, ctx, ref actor): SignedForm<WithdrawForm>,
) -> Response {
    match async {
        state.app.applicant(actor, "application.withdraw").await?.withdraw_application(id, &form.reason).await
    }
    .await
    {
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
#[template(path = "applying/register.html")]
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
#[template(path = "applying/verify.html")]
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
    Path(id): Path<ApplicationId>,
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
    let result = async {
        state
            .app
            .applicant(actor, "application.document-upload")
            .await?
            .upload_document(id, &kind, &file_name, bytes, None)
            .await
    }
    .await;
    // Done: back to the form, which says so once (a reload uploads nothing again).
    let (notice, errors, status) = match result {
        Ok((_, outcome)) => {
            // Said as it happened: never "uploaded" for a file that was already there.
            let notice = match outcome {
                UploadOutcome::Stored => "document-uploaded",
                UploadOutcome::AlreadyThere => "document-already-there",
                UploadOutcome::NowServesBoth => "document-serves-both",
            };
            let path = format!("/my-application/{id}");
            return crate::shell::redirect::done(&path, &ctx.t.t(notice), state.config.secure_cookies);
        }
        Err(AppError::Invalid(fields)) => (None, ctx.field_messages(&fields), StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => return ctx.fail(e).into_response(),
    };
    match async { state.app.applicant(actor, "application.read").await?.my_application(id).await }.await {
        Ok(a) => apply_page(&ctx, a, notice, errors, status),
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn document(state: State<AppState>, signed: Signed, document: Path<DocumentId>) -> Response {
    stored_document(state, signed, document, crate::shell::files::document_response).await
}

/// A document shown in place (the candidate's file frames it), for the same readers as its download.
pub async fn document_view(state: State<AppState>, signed: Signed, document: Path<DocumentId>) -> Response {
    stored_document(state, signed, document, crate::shell::files::document_in_place).await
}

async fn stored_document(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(document): Path<DocumentId>,
    answer: fn(&store::applying::DocumentRow, Vec<u8>) -> Response,
) -> Response {
    match async { state.app.application_records(&actor, "application.document-read").await?.document(document).await }
        .await
    {
        Ok((row, bytes)) => answer(&row, bytes),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct RefereeForm {
    name: String,
    email: String,
}

pub async fn add_referee(
    State(state): State<AppState>,
    Path(id): Path<ApplicationId>,
    SignedForm(form, ctx, ref actor): SignedForm<RefereeForm>,
) -> Response {
    let (notice, errors, status) = match async {
        state.app.applicant(actor, "application.referee").await?.add_referee(id, &form.name, &form.email).await
    }
    .await
    {
        Ok(referee) => {
            let notice = ctx.t.s("referee-asked", "name", &referee.name);
            return crate::shell::redirect::done(
                &format!("/my-application/{id}"),
                &notice,
                state.config.secure_cookies,
            );
        }
        Err(AppError::Invalid(fields)) => (None, ctx.field_messages(&fields), StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => return ctx.fail(e).into_response(),
    };
    match async { state.app.applicant(actor, "application.read").await?.my_application(id).await }.await {
        Ok(a) => apply_page(&ctx, a, notice, errors, status),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "applying/referee.html")]
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

// ----- The applicant's status page -----

/// What comes next for the applicant, and when, in one sentence (the year's dates are those of
/// the status page's steps).
pub fn next_step(t: &Translator, a: &ApplicationView, sel: Option<&ApplicantSelection>) -> String {
    let when = |key: &str| {
        a.steps.iter().find(|s| s.key == key).and_then(|s| s.when.clone()).unwrap_or_else(|| t.t("next-date-unknown"))
    };
    let one = |key: &str, value: String| t.t_args(key, &[("when", Arg::from(value))]);
    match a.record.status {
        ApplicationStatus::Draft => one("next-draft", a.deadline_local.clone().unwrap_or_else(|| when("step-submit"))),
        ApplicationStatus::Submitted => one("next-submitted", when("step-screening")),
        ApplicationStatus::InvitedToInterview => match sel.and_then(|s| s.slot.as_ref().map(|slot| (s, slot))) {
            Some((s, slot)) => t.t_args(
                "next-invited-booked",
                &[
                    ("when", Arg::from(s.slot_local.clone().unwrap_or_default())),
                    ("location", Arg::from(slot.location.as_str())),
                    ("results", Arg::from(when("step-results"))),
                ],
            ),
            None => one("next-invited-book", when("step-interview")),
        },
        ApplicationStatus::ScreenedOut => t.t("next-screened-out"),
        ApplicationStatus::Interviewed => one("next-interviewed", when("step-results")),
        ApplicationStatus::ShortListed => one(
            "next-short-listed",
            sel.and_then(|s| s.reply_deadline_local.clone()).unwrap_or_else(|| when("step-reply")),
        ),
        ApplicationStatus::Alternate => t.t_args(
            "next-alternate",
            &[("rank", Arg::from(a.record.alternate_rank.map(|r| r.to_string()).unwrap_or_else(|| "–".into())))],
        ),
        ApplicationStatus::NotSelected => t.t("next-not-selected"),
        ApplicationStatus::Accepted => {
            let due = sel
                .and_then(|s| {
                    s.clearance.iter().filter(|c| c.item.received_at.is_none()).map(|c| c.due_local.clone()).min()
                })
                .unwrap_or_else(|| t.t("next-date-unknown"));
            t.t_args("next-accepted", &[("when", Arg::from(due)), ("orientation", Arg::from(when("step-clearance")))])
        }
        ApplicationStatus::Declined => t.t("next-declined"),
        ApplicationStatus::Cleared if a.steps.iter().any(|s| s.key == "step-placement" && s.state == "done") => t
            .t_args(
                "next-placed",
                &[("when", Arg::from(when("step-clearance"))), ("arrival", Arg::from(when("step-arrival")))],
            ),
        ApplicationStatus::Cleared => one("next-cleared", when("step-clearance")),
        ApplicationStatus::Disqualified => t.t("next-disqualified"),
        ApplicationStatus::Withdrawn => t.t("next-withdrawn"),
    }
}
