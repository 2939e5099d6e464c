//! The recruitment area's pages: the programme years, one year's dates, eligibility and selection
//! rules, and its lifecycle.

use crate::shell::AppState;
use crate::shell::chrome::{Chrome, render};
use crate::shell::context::{CsrfForm, Signed, SignedForm};
use crate::shell::state::Ctx;
use app::AppError;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::ProgrammeYearId;
use domain::ProgrammeYearStatus;
use domain::lifecycle::Lifecycle;
use serde::Deserialize;

pub struct YearField {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: &'static str,
    pub value: String,
}

#[derive(Template)]
#[template(path = "recruitment/years.html")]
struct YearsPage {
    c: Chrome,
    years: Vec<app::recruitment::YearView>,
}

async fn years_page(state: &AppState, ctx: &Ctx, errors: Vec<String>, status: StatusCode) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    match async { state.app.year_desk(actor, "programme-year.list").await?.programme_years().await }.await {
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
    match async {
        state.app.year_desk(actor, "programme-year.create").await?.create_programme_year(&form.country, year).await
    }
    .await
    {
        Ok(view) => crate::shell::redirect::done(
            &format!("/programme-years/{}", view.year.id),
            &ctx.t.t("year-created"),
            state.config.secure_cookies,
        ),
        Err(AppError::Invalid(fields)) => {
            let errors = ctx.field_messages(&fields);
            years_page(&state, &ctx, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "recruitment/year.html")]
struct YearPage {
    c: Chrome,
    title: String,
    y: app::recruitment::YearView,
    fields: Vec<YearField>,
    /// The zone the year states its deadlines in, as the form edits it (empty: the country's).
    deadline_zone: String,
    /// Departure group rows: (index, name, arrival date, own orientation).
    groups: Vec<(usize, String, String, String)>,
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
        ("second_round_list", "year-second-round-list", "date", date(y.year.settings.second_round_list)),
        ("interviews_from", "year-interviews-from", "date", date(y.year.settings.interviews_from)),
        ("interviews_until", "year-interviews-until", "date", date(y.year.settings.interviews_until)),
        ("results_by", "year-results-by", "date", date(y.year.settings.results_by)),
        ("reply_deadline", "year-reply-deadline", "datetime-local", local_input(&y.reply_deadline_local)),
        ("placement_notices", "year-placement-notices", "date", date(y.year.settings.placement_notices)),
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
    let mut groups: Vec<(usize, String, String, String)> = match submitted {
        Some(input) => input
            .departure_groups
            .iter()
            .enumerate()
            .map(|(i, g)| (i, g.name.clone(), g.arrival_date.clone(), g.pre_departure_orientation.clone()))
            .collect(),
        None => y
            .departure_groups
            .iter()
            .enumerate()
            .map(|(i, g)| (i, g.name.clone(), g.arrival_date.to_string(), date(g.pre_departure_orientation)))
            .collect(),
    };
    // Two empty rows for new groups (none on a closed year, which is read-only).
    let n = groups.len();
    let spare = if y.editable { 2 } else { 0 };
    groups.extend((n..n + spare).map(|i| (i, String::new(), String::new(), String::new())));
    let deadline_zone = match submitted {
        Some(input) => input.deadline_time_zone.clone(),
        None => y.year.settings.deadline_time_zone.clone().unwrap_or_default(),
    };
    let mut c = Chrome::new(ctx).with_notice(notice);
    c.errors = errors;
    let title = ctx.t.t_args(
        "year-title",
        &[
            ("year", app::i18n::Arg::from(y.year.year)),
            ("country", app::i18n::Arg::from(y.year.country_name(ctx.t.language()))),
        ],
    );
    let selection = SelectionForm::of(submitted.and_then(|i| i.selection_rules.as_ref()).unwrap_or(&y.selection));
    let boards = ctx.actor.as_ref().is_some_and(|a| a.may(domain::Permission::SelectCandidates));
    YearPage { c, title, y, fields, deadline_zone, groups, boards, selection }
}

fn submitted_value(input: &app::recruitment::YearInput, name: &str) -> String {
    match name {
        "guidelines_published" => &input.guidelines_published,
        "applications_open" => &input.applications_open,
        "application_deadline" => &input.application_deadline,
        "first_screening" => &input.first_screening,
        "second_round_list" => &input.second_round_list,
        "placement_notices" => &input.placement_notices,
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
    Path(id): Path<ProgrammeYearId>,
) -> Response {
    match async { state.app.year_desk(&actor, "programme-year.read").await?.programme_year(id).await }.await {
        Ok(y) => render(&ctx, StatusCode::OK, &year_page_of(&ctx, y, None, None, vec![])),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// The year form's fields into the use case's input; group rows come as `group_name_N`,
/// `group_arrival_N` and `group_orientation_N`.
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
            let pre_departure_orientation = get(&format!("group_orientation_{i}"));
            groups.push(app::recruitment::DepartureGroupInput {
                name,
                arrival_date: arrival,
                pre_departure_orientation,
            });
        }
    }
    Ok(app::recruitment::YearInput {
        deadline_time_zone: get("deadline_time_zone"),
        second_round_list: get("second_round_list"),
        placement_notices: get("placement_notices"),
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
    Path(id): Path<ProgrammeYearId>,
    CsrfForm(fields, ctx): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    let input = match year_input_of(&fields) {
        Ok(input) => input,
        Err(e) => return ctx.fail(e).into_response(),
    };
    match async { state.app.year_desk(actor, "programme-year.update").await?.save_programme_year(id, &input).await }
        .await
    {
        Ok(y) => crate::shell::redirect::done(
            &format!("/programme-years/{}", y.year.id),
            &ctx.t.t("year-saved"),
            state.config.secure_cookies,
        ),
        Err(AppError::Invalid(errors)) => {
            match async { state.app.year_desk(actor, "programme-year.read").await?.programme_year(id).await }.await {
                Ok(y) => {
                    let messages = ctx.field_messages(&errors);
                    render(&ctx, StatusCode::UNPROCESSABLE_ENTITY, &year_page_of(&ctx, y, Some(&input), None, messages))
                }
                Err(e) => ctx.fail(e).into_response(),
            }
        }
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
    Path(id): Path<ProgrammeYearId>,
    SignedForm(form, ctx, ref actor): SignedForm<YearStatusForm>,
) -> Response {
    match async {
        let desk = state.app.year_desk(actor, "programme-year.status").await?;
        desk.advance_programme_year(id, ProgrammeYearStatus::parse(&form.status)?, form.version).await
    }
    .await
    {
        Ok(y) => crate::shell::redirect::done(
            &format!("/programme-years/{id}"),
            &ctx.t.s("year-moved", "status", &ctx.t.key("year-status", y.year.status)),
            state.config.secure_cookies,
        ),
        Err(AppError::Invalid(errors)) => {
            match async { state.app.year_desk(actor, "programme-year.read").await?.programme_year(id).await }.await {
                Ok(y) => {
                    let messages = ctx.field_messages(&errors);
                    render(&ctx, StatusCode::UNPROCESSABLE_ENTITY, &year_page_of(&ctx, y, None, None, messages))
                }
                Err(e) => ctx.fail(e).into_response(),
            }
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}
