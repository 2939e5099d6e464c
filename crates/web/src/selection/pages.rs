//! The selection pages: the mission's screening board, the reviewer's queue and review form, the
//! interview slots and the panel's scorecards, the decision board with upgrades and
//! disqualification; and the applicant's answers on the status page (booking, reply, clearance).
//! Handlers call the app layer and render; every POST form comes through `CsrfForm` (the
//! clearance upload, multipart, checks its token as the document upload does).

use crate::shell::AppState;
use crate::shell::area::applicant_page;
use crate::shell::chrome::{Chrome, part_html, render};
use crate::shell::context::{Signed, SignedForm};
use crate::shell::error::WebError;
use crate::shell::forms::{Fields, ids, one_id, read_upload, too_large, value};
use crate::shell::lists::{SortColumn, SortHeader, SortQuery};
use crate::shell::state::{ApplicantCard, ApplicantPart, Ctx, Place, Said};
use app::applying::{FieldKind, SECTIONS};
use app::i18n::{Arg, Translator};
use app::selection::{
    ApplicantSelection, Decision, DecisionBoard, DecisionRow, InterviewBoard, Marks, ReviewView, SlotView,
};
use app::{Actor, AppError, AppResult};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::ApplicationStatus;
use domain::FieldError;
use domain::selection::{Criterion, MARK_MAX, MARK_MIN, Outcome};
use domain::{ApplicationId, InterviewSlotId, ProgrammeYearId};
use serde::Deserialize;
use serde_json::Value as Json;
use store::recruitment::ProgrammeYearRow;
use store::selection::{ReviewRow, ScorecardRow};

/// The marks of a rubric form (`score_{key}`); an empty one is left out, so the use case names
/// it as missing.
fn marks_of(fields: &[(String, String)]) -> Result<Marks, FieldError> {
    let mut marks = Marks::new();
    for (name, raw) in fields {
        let Some(key) = name.strip_prefix("score_") else { continue };
        if raw.trim().is_empty() {
            continue;
        }
        let mark = raw.trim().parse().map_err(|_| FieldError::new(format!("scores.{key}"), "error-number-invalid"))?;
        marks.insert(key.to_owned(), mark);
    }
    Ok(marks)
}

pub(super) fn marks_of_json(raw: Option<&str>) -> Marks {
    raw.and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default()
}

pub(super) fn score_text(score: Option<f64>) -> String {
    score.map(|s| format!("{s:.2}")).unwrap_or_else(|| "–".to_owned())
}

fn year_title(t: &Translator, year: &ProgrammeYearRow) -> String {
    t.t_args("year-title", &[("year", Arg::from(year.year)), ("country", Arg::from(year.country_en.as_str()))])
}

/// A criterion as the reader reads it: the desk's own label, else the catalogue's name of the
/// key, else the key.
pub(super) fn criterion_label(t: &Translator, c: &Criterion) -> String {
    if !c.label.trim().is_empty() {
        return c.label.clone();
    }
    let key = format!("criterion-{}", c.key);
    let label = t.t(&key);
    if label == key { c.key.clone() } else { label }
}

/// One criterion of a scoring form, with the mark chosen so far.
pub struct MarkInput {
    pub key: String,
    pub label: String,
    pub weight: u8,
    pub value: String,
}

fn mark_inputs(t: &Translator, rubric: &[Criterion], marks: &Marks) -> Vec<MarkInput> {
    rubric
        .iter()
        .map(|c| MarkInput {
            key: c.key.clone(),
            label: criterion_label(t, c),
            weight: c.weight,
            value: marks.get(&c.key).map(u8::to_string).unwrap_or_default(),
        })
        .collect()
}

fn mark_choices() -> Vec<u8> {
    (MARK_MIN..=MARK_MAX).collect()
}

/// What a form's action came to, for the page shown after it: a notice, or the refused fields
/// (422). Any other failure is a page of its own.
struct Shown {
    notice: Option<String>,
    errors: Vec<FieldError>,
    status: StatusCode,
}

impl Shown {
    fn nothing() -> Shown {
        Shown { notice: None, errors: vec![], status: StatusCode::OK }
    }

    /// Any failure but refused fields stays an error, for a page of its own.
    fn of<T>(result: AppResult<T>, notice: impl FnOnce(T) -> String) -> AppResult<Shown> {
        match result {
            Ok(v) => Ok(Shown { notice: Some(notice(v)), errors: vec![], status: StatusCode::OK }),
            Err(AppError::Invalid(errors)) => {
                Ok(Shown { notice: None, errors, status: StatusCode::UNPROCESSABLE_ENTITY })
            }
            Err(e) => Err(e),
        }
    }

    fn refused(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Done: back to `path` (built here, never from input) with the notice, so that a reload
    /// repeats nothing; refused: `None`, and the form is shown again with what was refused.
    fn done(&self, state: &AppState, path: &str) -> Option<Response> {
        (!self.refused()).then(|| {
            crate::shell::redirect::done(path, self.notice.as_deref().unwrap_or(""), state.config.secure_cookies)
        })
    }

    /// The page's chrome; `path` is the page's own address, where the language switch returns
    /// (a page shown after a POST would otherwise send it back to a form's action).
    fn chrome(&self, ctx: &Ctx, path: String) -> Chrome {
        let mut c = Chrome::new(ctx).with_notice(self.notice.clone());
        c.errors = ctx.field_messages(&self.errors);
        c.path = path;
        c
    }
}

// ----- First screening -----

#[derive(Deserialize, Default)]
pub struct BoardQuery {
    #[serde(default)]
    pub show: String,
}

pub struct ScreeningItem {
    pub id: i64,
    pub reference: String,
    pub name: Option<String>,
    pub nationality: String,
    pub position: String,
    pub reviews: Vec<String>,
    pub mean: String,
    pub spread: String,
    pub disagreement: bool,
    pub missing: usize,
    pub ready: bool,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "selection/screening.html")]
struct ScreeningPage {
    c: Chrome,
    title: String,
    year_id: i64,
    intro: String,
    blind: bool,
    show: String,
    total: usize,
    rows: Vec<ScreeningItem>,
    reviewers: Vec<(i64, String)>,
}

fn review_line(t: &Translator, r: &ReviewRow) -> String {
    let name = ("name", Arg::from(r.reviewer_name.as_str()));
    match (&r.conflict_of_interest, r.score) {
        (Some(reason), _) => t.t_args("screening-review-conflict", &[name, ("reason", Arg::from(reason.as_str()))]),
        (None, Some(score)) => {
            t.t_args("screening-review-scored", &[name, ("score", Arg::from(format!("{score:.2}")))])
        }
        (None, None) => t.t_args("screening-review-pending", &[name]),
    }
}

async fn screening_page(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    year: ProgrammeYearId,
    show: String,
    selected: &[i64],
    shown: Shown,
) -> Response {
    let board = match async { state.app.selecting(actor, "screening.read").await?.screening_board(year).await }.await {
        Ok(board) => board,
        Err(e) => return ctx.fail(e).into_response(),
    };
    let t = &ctx.t;
    let total = board.rows.len();
    let rows = board
        .rows
        .iter()
        .filter(|r| match show.as_str() {
            "disagreements" => r.agreement.disagreement,
            "ready" => r.ready,
            _ => true,
        })
        .map(|r| ScreeningItem {
            id: r.id,
            reference: r.reference.clone(),
            name: r.name.clone(),
            nationality: r.nationality.clone(),
            position: t.key("position", &r.position),
            reviews: r.reviews.iter().map(|review| review_line(t, review)).collect(),
            mean: score_text(r.agreement.mean),
            spread: if r.agreement.scored > 1 { format!("{:.2}", r.agreement.spread) } else { "–".to_owned() },
            disagreement: r.agreement.disagreement,
            missing: r.reviewers_missing,
            ready: r.ready,
            selected: selected.contains(&r.id),
        })
        .collect();
    let intro = t.t_args(
        "screening-intro",
        &[
            ("reviewers", Arg::from(i64::from(board.rules.reviewers_per_application))),
            ("threshold", Arg::from(format!("{}", board.rules.disagreement_threshold))),
        ],
    );
    let page = ScreeningPage {
        c: shown.chrome(ctx, format!("/programme-years/{}/screening", board.year.id)),
        title: t.s("screening-title", "year", &year_title(t, &board.year)),
        year_id: board.year.id,
        intro,
        blind: board.rules.blind_screening,
        show,
        total,
        rows,
        reviewers: board.reviewers,
    };
    render(ctx, shown.status, &page)
}

pub async fn screening(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(year): Path<ProgrammeYearId>,
    Query(q): Query<BoardQuery>,
) -> Response {
    screening_page(&state, &ctx, &actor, year, q.show, &[], Shown::nothing()).await
}

pub async fn assign_reviewers(
    State(state): State<AppState>,
    Path(year): Path<ProgrammeYearId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let chosen = ids(&fields, "application").unwrap_or_default();
    let result = async {
        let reviewers = ids(&fields, "reviewer")?;
        state
            .app
            .selecting(&actor, "screening.assign")
            .await?
            .assign_reviewers(year, &ids(&fields, "application")?, &reviewers)
            .await
    }
    .await;
    let shown = match Shown::of(result, |n| ctx.t.n("screening-assigned", "count", &(n as i64))) {
        Ok(shown) => shown,
        Err(e) => return ctx.fail(e).into_response(),
    };
    if let Some(done) = shown.done(&state, &screening_path(year, &value(&fields, "show"))) {
        return done;
    }
    screening_page(&state, &ctx, &actor, year, value(&fields, "show"), &chosen, shown).await
}

pub async fn screening_decision(
    State(state): State<AppState>,
    Path(year): Path<ProgrammeYearId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let advance = value(&fields, "advance") == "true";
    let chosen = ids(&fields, "application").unwrap_or_default();
    let reason = value(&fields, "reason");
    let result = async {
        let applications = ids(&fields, "application")?;
        state
            .app
            .selecting(&actor, "screening.decide")
            .await?
            .screening_decision(year, &applications, advance, Some(reason.as_str()))
            .await
    }
    .await;
    let key = if advance { "screening-advanced" } else { "screening-rejected" };
    let shown = match Shown::of(result, |n| ctx.t.n(key, "count", &(n as i64))) {
        Ok(shown) => shown,
        Err(e) => return ctx.fail(e).into_response(),
    };
    if let Some(done) = shown.done(&state, &screening_path(year, &value(&fields, "show"))) {
        return done;
    }
    screening_page(&state, &ctx, &actor, year, value(&fields, "show"), &chosen, shown).await
}

/// The screening board, with the filter it was showing (one of its own words, or none).
fn screening_path(year: ProgrammeYearId, show: &str) -> String {
    if show.is_empty() {
        format!("/programme-years/{year}/screening")
    } else {
        format!("/programme-years/{year}/screening?show={}", crate::shell::http::urlencode(show))
    }
}

// ----- Reviews -----

pub struct QueueItem {
    pub id: i64,
    pub reference: String,
    pub position: String,
    pub state: String,
    pub done: bool,
    pub score: String,
}

#[derive(Template)]
#[template(path = "selection/reviews.html")]
struct ReviewsPage {
    c: Chrome,
    items: Vec<QueueItem>,
}

pub async fn my_reviews(State(state): State<AppState>, Signed { ctx, actor }: Signed) -> Response {
    let result = async {
        let mut items = Vec::new();
        // The queue names applications by id only: each one's reference and position come from
        // the reviewer's own view of it.
        for r in state.app.reviewing(&actor).my_reviews().await? {
            let view = state.app.reviewing(&actor).review_view(ApplicationId(r.application_id)).await?;
            let (state_key, done) = match (&r.conflict_of_interest, r.score) {
                (Some(_), _) => ("reviews-state-conflict", true),
                (None, Some(_)) => ("reviews-state-done", true),
                (None, None) => ("reviews-state-todo", false),
            };
            items.push(QueueItem {
                id: r.application_id,
                reference: view.reference,
                position: ctx.t.key("position", &view.position),
                state: ctx.t.t(state_key),
                done,
                score: score_text(r.score),
            });
        }
        Ok::<_, AppError>(items)
    }
    .await;
    match result {
        Ok(items) => render(&ctx, StatusCode::OK, &ReviewsPage { c: Chrome::new(&ctx), items }),
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub struct ReadField {
    pub label: String,
    pub value: String,
    pub long: bool,
}

pub struct ReadSection {
    pub label: String,
    pub fields: Vec<ReadField>,
}

/// The application form in its sections, as a reader reads it (what blind screening removed is
/// simply not there).
pub(super) fn read_sections(t: &Translator, form: &Json) -> Vec<ReadSection> {
    SECTIONS
        .iter()
        .filter_map(|section| {
            let stored = form.get(section.name)?;
            let fields: Vec<ReadField> = section
                .fields
                .iter()
                .filter_map(|f| {
                    let text = match stored.get(f.name)? {
                        Json::String(s) if s.trim().is_empty() => return None,
                        Json::String(s) => match f.kind {
                            FieldKind::Choice(_) => t.key("choice", s),
                            _ => s.clone(),
                        },
                        Json::Bool(b) => t.t(if *b { "choice-yes" } else { "choice-no" }),
                        Json::Array(items) if items.is_empty() => return None,
                        // Places by their names in the reader's language, never their codes.
                        Json::Array(items) if matches!(f.kind, FieldKind::Places) => items
                            .iter()
                            .filter_map(Json::as_str)
                            .map(|code| {
                                domain::geography::place_name(code, t.language() == domain::Language::Ja)
                                    .unwrap_or_else(|| code.to_owned())
                            })
                            .collect::<Vec<_>>()
                            .join(" · "),
                        Json::Array(items) => items
                            .iter()
                            .map(|item| match item {
                                Json::String(s) => s.clone(),
                                Json::Object(period) => format!(
                                    "{} – {}",
                                    period.get("start").and_then(Json::as_str).unwrap_or(""),
                                    period.get("end").and_then(Json::as_str).unwrap_or("")
                                ),
                                other => other.to_string(),
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                        Json::Null => return None,
                        other => other.to_string(),
                    };
                    Some(ReadField {
                        label: t.t(&format!("field-{}-{}", section.name, f.name)),
                        long: matches!(f.kind, FieldKind::Text(max) if max > 300),
                        value: text,
                    })
                })
                .collect();
            (!fields.is_empty()).then(|| ReadSection { label: t.t(&format!("section-{}", section.name)), fields })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "selection/review.html")]
struct ReviewPage {
    c: Chrome,
    title: String,
    v: ReviewView,
    sections: Vec<ReadSection>,
    rubric: Vec<MarkInput>,
    marks: Vec<u8>,
    remarks: String,
    score: String,
    conflict: Option<String>,
}

/// The review page; `kept` are the marks and remarks of a refused form, shown again.
async fn review_page(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    id: ApplicationId,
    kept: Option<(Marks, String)>,
    shown: Shown,
) -> Response {
    let v = match state.app.reviewing(actor).review_view(id).await {
        Ok(v) => v,
        Err(e) => return ctx.fail(e).into_response(),
    };
    let t = &ctx.t;
    let review = v.review.as_ref();
    let (marks, remarks) = kept.unwrap_or_else(|| {
        (
            marks_of_json(review.and_then(|r| r.scores_json.as_deref())),
            review.and_then(|r| r.remarks.clone()).unwrap_or_default(),
        )
    });
    let page = ReviewPage {
        c: shown.chrome(ctx, format!("/applications/{}/review", v.application_id)),
        title: t.s("review-title", "reference", &v.reference),
        sections: read_sections(t, &v.form),
        rubric: mark_inputs(t, &v.rubric, &marks),
        marks: mark_choices(),
        remarks,
        score: score_text(review.and_then(|r| r.score)),
        conflict: review.and_then(|r| r.conflict_of_interest.clone()),
        v,
    };
    render(ctx, shown.status, &page)
}

pub async fn review(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
) -> Response {
    review_page(&state, &ctx, &actor, id, None, Shown::nothing()).await
}

pub async fn score_review(
    State(state): State<AppState>,
    Path(id): Path<ApplicationId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let remarks = value(&fields, "remarks");
    let marks = marks_of(&fields);
    let result = async {
        let marks = marks.clone()?;
        state.app.reviewing(&actor).score_screening(id, &marks, Some(remarks.as_str())).await
    }
    .await;
    let shown = match Shown::of(result, |r| ctx.t.s("review-saved", "score", &score_text(r.score))) {
        Ok(shown) => shown,
        Err(e) => return ctx.fail(e).into_response(),
    };
    if let Some(done) = shown.done(&state, &format!("/applications/{id}/review")) {
        return done;
    }
    let kept = Some((marks.unwrap_or_default(), remarks));
    review_page(&state, &ctx, &actor, id, kept, shown).await
}

pub async fn declare_conflict(
    State(state): State<AppState>,
    Path(id): Path<ApplicationId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let result = state.app.reviewing(&actor).declare_conflict(id, &value(&fields, "reason")).await;
    let shown = match Shown::of(result, |_| ctx.t.t("review-conflict-saved")) {
        Ok(shown) => shown,
        Err(e) => return ctx.fail(e).into_response(),
    };
    if let Some(done) = shown.done(&state, &format!("/applications/{id}/review")) {
        return done;
    }
    review_page(&state, &ctx, &actor, id, None, shown).await
}

// ----- Interviews -----

pub struct SlotItem {
    pub day: String,
    pub time: String,
    /// The panel and where it sits: a column of the calendar.
    pub panel_label: String,
    pub minutes: i64,
    pub application: Option<i64>,
    pub reference: Option<String>,
    pub cards: usize,
    pub mean: String,
    pub test: String,
}

/// The add-slots form's values, kept when refused.
#[derive(Clone)]
pub struct SlotForm {
    pub mission: String,
    pub location: String,
    pub panel: String,
    pub first: String,
    pub count: String,
    pub minutes: String,
}

impl Default for SlotForm {
    fn default() -> Self {
        SlotForm {
            mission: String::new(),
            location: String::new(),
            panel: String::new(),
            first: String::new(),
            count: "6".into(),
            minutes: "20".into(),
        }
    }
}

#[derive(Template)]
#[template(path = "selection/interviews.html")]
struct InterviewsPage {
    c: Chrome,
    title: String,
    year_id: i64,
    zone: String,
    /// Every interview day, with what is booked on it; one of them is shown.
    days: Vec<CalendarDay>,
    /// The shown day's panels (columns) and times (rows).
    panels: Vec<String>,
    times: Vec<CalendarRow>,
    day: String,
    slots: usize,
    booked: usize,
    unbooked: Vec<app::selection::UnbookedCandidate>,
    missions: Vec<(i64, String)>,
    form: SlotForm,
}

/// A day of interviews, as a link to its calendar.
pub struct CalendarDay {
    pub date: String,
    pub booked: usize,
    pub slots: usize,
    pub current: bool,
}

/// One time of the shown day: a cell per panel, empty where that panel sits no interview then.
pub struct CalendarRow {
    pub time: String,
    pub cells: Vec<Option<SlotItem>>,
}

#[derive(Deserialize, Default)]
pub struct DayQuery {
    #[serde(default)]
    pub day: String,
}

/// The interview calendar: one day at a time (`day`, else today or the next interview day in the
/// year's time zone, else the last), times down, panels across.
fn calendar_of_day(
    slots: Vec<SlotItem>,
    day: &str,
    today: &str,
) -> (Vec<CalendarDay>, String, Vec<String>, Vec<CalendarRow>) {
    let mut days: Vec<CalendarDay> = Vec::new();
    for s in &slots {
        match days.iter_mut().find(|d| d.date == s.day) {
            Some(d) => {
                d.slots += 1;
                d.booked += usize::from(s.application.is_some());
            }
            None => days.push(CalendarDay {
                date: s.day.clone(),
                booked: usize::from(s.application.is_some()),
                slots: 1,
                current: false,
            }),
        }
    }
    days.sort_by(|a, b| a.date.cmp(&b.date));
    let shown = days
        .iter()
        .find(|d| d.date == day)
        .or_else(|| days.iter().find(|d| d.date.as_str() >= today))
        .or(days.last())
        .map(|d| d.date.clone())
        .unwrap_or_default();
    for d in &mut days {
        d.current = d.date == shown;
    }
    let of_day: Vec<SlotItem> = slots.into_iter().filter(|s| s.day == shown).collect();
    let mut panels: Vec<String> = Vec::new();
    for s in &of_day {
        if !panels.contains(&s.panel_label) {
            panels.push(s.panel_label.clone());
        }
    }
    let mut times: Vec<String> = of_day.iter().map(|s| s.time.clone()).collect();
    times.sort();
    times.dedup();
    let mut rows: Vec<CalendarRow> =
        times.into_iter().map(|time| CalendarRow { time, cells: panels.iter().map(|_| None).collect() }).collect();
    for s in of_day {
        let column = panels.iter().position(|p| *p == s.panel_label);
        if let (Some(row), Some(column)) = (rows.iter_mut().find(|r| r.time == s.time), column) {
            row.cells[column] = Some(s);
        }
    }
    (days, shown, panels, rows)
}

fn panel_mean(slot: &SlotView) -> String {
    let scores: Vec<f64> = slot.scorecards.iter().map(|c| c.score).collect();
    score_text(domain::selection::agreement(&scores, f64::MAX).mean)
}

async fn interviews_page(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    year: ProgrammeYearId,
    form: SlotForm,
    day: &str,
    shown: Shown,
) -> Response {
    let board: InterviewBoard =
        match async { state.app.selecting(actor, "interview.read").await?.interview_board(year).await }.await {
            Ok(board) => board,
            Err(e) => return ctx.fail(e).into_response(),
        };
    // The missions the caller may add slots for: their own, of the year's country.
    let missions: Vec<(i64, String)> =
        async { state.app.mission_records(actor, "mission.list").await?.missions().await }
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|m| m.country_code == board.year.country_code)
            .map(|m| (m.id, if ctx.t.language() == domain::Language::Ja { m.name_ja } else { m.name_en }))
            .collect();
    let slots: Vec<SlotItem> = board
        .slots
        .iter()
        .map(|s| SlotItem {
            // `2027-01-20 09:00 EST`: the day, and the time with its zone.
            day: s.starts_local.split_once(' ').map_or(s.starts_local.as_str(), |(d, _)| d).to_owned(),
            time: s.starts_local.split_once(' ').map_or("", |(_, t)| t).to_owned(),
            panel_label: format!("{} · {}", s.slot.panel, s.slot.location),
            minutes: s.slot.minutes,
            application: s.slot.application_id,
            reference: s.slot.reference.clone(),
            cards: s.scorecards.len(),
            mean: panel_mean(s),
            test: s.written_test_score.map(|t| t.to_string()).unwrap_or_default(),
        })
        .collect();
    let booked = slots.iter().filter(|s| s.application.is_some()).count();
    let count = slots.len();
    let today = app::recruitment::local_time(&board.year.time_zone, state.app.now());
    let (days, day, panels, times) = calendar_of_day(slots, day, today.get(..10).unwrap_or(""));
    let page = InterviewsPage {
        c: shown.chrome(ctx, format!("/programme-years/{}/interviews?day={day}", board.year.id)),
        title: ctx.t.s("interviews-title", "year", &year_title(&ctx.t, &board.year)),
        year_id: board.year.id,
        zone: board.year.time_zone.clone(),
        booked,
        slots: count,
        days,
        day,
        panels,
        times,
        unbooked: board.unbooked,
        missions,
        form,
    };
    render(ctx, shown.status, &page)
}

pub async fn interviews(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(year): Path<ProgrammeYearId>,
    Query(q): Query<DayQuery>,
) -> Response {
    interviews_page(&state, &ctx, &actor, year, SlotForm::default(), &q.day, Shown::nothing()).await
}

/// The calendar day a form came from, read back as a date so that nothing else reaches the address.
fn day_of(fields: &Fields) -> String {
    let day = value(fields, "day");
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(&day, &format).map(|d| d.to_string()).unwrap_or_default()
}

pub async fn add_slots(
    State(state): State<AppState>,
    Path(year): Path<ProgrammeYearId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let form = SlotForm {
        mission: value(&fields, "mission"),
        location: value(&fields, "location"),
        panel: value(&fields, "panel"),
        first: value(&fields, "first"),
        count: value(&fields, "count"),
        minutes: value(&fields, "minutes"),
    };
    let number = |name: &'static str, raw: &str| -> Result<u32, FieldError> {
        raw.parse().map_err(|_| FieldError::new(name, "error-number-invalid"))
    };
    let result = async {
        let mission = one_id(&fields, "mission")?;
        let count = number("count", &form.count)?;
        let minutes = number("minutes", &form.minutes)?;
        state
            .app
            .selecting(&actor, "interview.slots")
            .await?
            .add_interview_slots(year, mission, &form.location, &form.panel, &form.first, count, minutes)
            .await
    }
    .await;
    let shown = match Shown::of(result, |n| ctx.t.n("interviews-added", "count", &(n as i64))) {
        Ok(shown) => shown,
        Err(e) => return ctx.fail(e).into_response(),
    };
    if let Some(done) = shown.done(&state, &format!("/programme-years/{year}/interviews")) {
        return done;
    }
    interviews_page(&state, &ctx, &actor, year, form, "", shown).await
}

pub async fn written_test(
    State(state): State<AppState>,
    Path(year): Path<ProgrammeYearId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let result = async {
        let application = one_id(&fields, "application")?;
        let raw = value(&fields, "score");
        let score = if raw.is_empty() {
            None
        } else {
            Some(raw.parse().map_err(|_| FieldError::new("written_test_score", "error-number-invalid"))?)
        };
        state
            .app
            .selecting(&actor, "interview.written-test")
            .await?
            .set_written_test(ApplicationId(application), score)
            .await
    }
    .await;
    let shown = match Shown::of(result, |()| ctx.t.t("interviews-test-saved")) {
        Ok(shown) => shown,
        Err(e) => return ctx.fail(e).into_response(),
    };
    let day = day_of(&fields);
    if let Some(done) = shown.done(&state, &format!("/programme-years/{year}/interviews?day={day}")) {
        return done;
    }
    interviews_page(&state, &ctx, &actor, year, SlotForm::default(), &day, shown).await
}

// ----- Scorecards -----

#[derive(Deserialize, Default)]
pub struct YearHint {
    pub year: Option<i64>,
}

pub struct CardItem {
    pub member: String,
    pub score: String,
    pub marks: String,
    pub remarks: String,
}

impl CardItem {
    /// A panel member's scorecard as a row: each criterion's mark by its label.
    pub(super) fn of(t: &Translator, rubric: &[Criterion], card: &ScorecardRow) -> CardItem {
        let given = marks_of_json(Some(&card.scores_json));
        CardItem {
            member: card.panel_member_name.clone(),
            score: score_text(Some(card.score)),
            marks: rubric
                .iter()
                .map(|c| {
                    let mark = given.get(&c.key).map(u8::to_string).unwrap_or_else(|| "–".into());
                    format!("{} {mark}", criterion_label(t, c))
                })
                .collect::<Vec<_>>()
                .join(" · "),
            remarks: card.remarks.clone().unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "selection/scorecard.html")]
struct ScorecardPage {
    c: Chrome,
    title: String,
    year_id: i64,
    application_id: i64,
    when: String,
    location: String,
    panel: String,
    rubric: Vec<MarkInput>,
    marks: Vec<u8>,
    remarks: String,
    cards: Vec<CardItem>,
    mean: String,
    /// The candidate, and their form, from their file.
    name: Option<String>,
    sections: Vec<ReadSection>,
}

/// The interview board of the application's year and its booked slot. The year comes from the
/// link (`?year=`); without it, the caller's years are searched.
async fn find_interview(
    state: &AppState,
    actor: &Actor,
    application: ApplicationId,
    hint: Option<ProgrammeYearId>,
) -> AppResult<(InterviewBoard, SlotView)> {
    let years = match hint {
        Some(year) => vec![year],
        None => state
            .app
            .year_desk(actor, "programme-year.list")
            .await?
            .programme_years()
            .await?
            .into_iter()
            .map(|y| ProgrammeYearId(y.year.id))
            .collect(),
    };
    let selecting = state.app.selecting(actor, "interview.read").await?;
    for year in years {
        let mut board = selecting.interview_board(year).await?;
        if let Some(at) = board.slots.iter().position(|s| s.slot.application_id == Some(application.0)) {
            let slot = board.slots.swap_remove(at);
            return Ok((board, slot));
        }
    }
    Err(AppError::NotFound)
}

async fn scorecard_page(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    application: ApplicationId,
    hint: Option<i64>,
    kept: Option<(Marks, String)>,
    shown: Shown,
) -> Response {
    let (board, slot) = match find_interview(state, actor, application, hint.map(ProgrammeYearId)).await {
        Ok(found) => found,
        Err(e) => return ctx.fail(e).into_response(),
    };
    // The panel marks with the candidate's file beside the marks.
    let file = match state.app.file_reading(actor).candidate_file(application).await {
        Ok(file) => file,
        Err(e) => return ctx.fail(e).into_response(),
    };
    let t = &ctx.t;
    let rubric = &board.rules.interview;
    let mine = slot.scorecards.iter().find(|c| c.panel_member_id == actor.user_id.0);
    let (marks, remarks) = kept.unwrap_or_else(|| {
        (marks_of_json(mine.map(|c| c.scores_json.as_str())), mine.and_then(|c| c.remarks.clone()).unwrap_or_default())
    });
    let cards = slot.scorecards.iter().map(|card| CardItem::of(t, rubric, card)).collect();
    let reference = slot.slot.reference.clone().unwrap_or_default();
    let page = ScorecardPage {
        c: shown.chrome(ctx, format!("/applications/{application}/scorecard?year={}", board.year.id)),
        title: t.s("scorecard-title", "reference", &reference),
        year_id: board.year.id,
        application_id: application.0,
        when: slot.starts_local.clone(),
        location: slot.slot.location.clone(),
        panel: slot.slot.panel.clone(),
        rubric: mark_inputs(t, rubric, &marks),
        marks: mark_choices(),
        remarks,
        mean: panel_mean(&slot),
        cards,
        name: file.name.clone(),
        sections: read_sections(t, &file.form),
    };
    render(ctx, shown.status, &page)
}

pub async fn scorecard(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
    Query(hint): Query<YearHint>,
) -> Response {
    scorecard_page(&state, &ctx, &actor, id, hint.year, None, Shown::nothing()).await
}

pub async fn save_scorecard(
    State(state): State<AppState>,
    Path(id): Path<ApplicationId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let hint = value(&fields, "year").parse().ok();
    let remarks = value(&fields, "remarks");
    let marks = marks_of(&fields);
    let result = async {
        let marks = marks.clone()?;
        state.app.selecting(&actor, "interview.score").await?.score_interview(id, &marks, Some(remarks.as_str())).await
    }
    .await;
    let shown = match Shown::of(result, |cards| ctx.t.n("scorecard-saved", "count", &(cards.len() as i64))) {
        Ok(shown) => shown,
        Err(e) => return ctx.fail(e).into_response(),
    };
    if let Some(done) = shown.done(
        &state,
        &match hint {
            Some(y) => format!("/applications/{id}/scorecard?year={y}"),
            None => format!("/applications/{id}/scorecard"),
        },
    ) {
        return done;
    }
    let kept = Some((marks.unwrap_or_default(), remarks));
    scorecard_page(&state, &ctx, &actor, id, hint, kept, shown).await
}

// ----- Decisions -----

pub struct DecisionItem {
    pub id: i64,
    pub reference: String,
    pub name: String,
    pub position: String,
    pub status: String,
    pub mean: String,
    pub cards: usize,
    pub test: String,
    pub final_score: String,
    pub proposed: String,
    /// The outcome the decide form starts from (the proposal, or what was refused).
    pub outcome: String,
    pub rank: String,
    pub overdue: bool,
    /// Interviewed and not decided: on the decide form.
    pub open: bool,
}

pub struct PlaceItem {
    pub position: String,
    pub planned: i64,
    pub taken: i64,
    pub left: i64,
}

pub struct UpgradeItem {
    pub application: i64,
    pub reference: String,
    pub position: String,
    pub rank: i64,
    pub free: i64,
}

#[derive(Template)]
#[template(path = "selection/decisions.html")]
struct DecisionsPage {
    c: Chrome,
    title: String,
    year_id: i64,
    places: Vec<PlaceItem>,
    rows: Vec<DecisionItem>,
    open: usize,
    upgrades: Vec<UpgradeItem>,
    disqualifiable: Vec<(i64, String)>,
    headers: Vec<SortHeader>,
    by_post: Vec<PostItem>,
}

/// A decided candidate the desk tells by post (no address to mail): who, what to tell, where.
pub struct PostItem {
    pub id: i64,
    pub reference: String,
    pub name: String,
    pub tell: String,
    pub address: String,
}

/// The decision board's columns, each sortable.
fn decision_columns(t: &Translator) -> Vec<SortColumn> {
    let column = |key, label: &str, numeric| SortColumn { key, label: t.t(label), numeric };
    vec![
        column("reference", "col-reference", false),
        column("name", "col-name", false),
        column("position", "col-position", false),
        column("interview", "decisions-interview", true),
        column("test", "interviews-written-test", true),
        column("final", "decisions-final", true),
        column("status", "col-status", false),
        column("proposed", "decisions-proposed", false),
        column("rank", "decisions-rank", true),
    ]
}

/// A board row's value in a column, for sorting: numbers as thousandths, so that they compare.
fn decision_key(r: &DecisionItem, row: &DecisionRow, column: &str) -> Option<(i64, String)> {
    let number = |v: Option<f64>| v.map(|v| ((v * 1000.0).round() as i64, String::new()));
    let text = |v: &str| (!v.is_empty()).then(|| (0, v.to_lowercase()));
    match column {
        "reference" => text(&r.reference),
        "name" => text(&r.name),
        "position" => text(&r.position),
        "interview" => number(row.interview_mean),
        "test" => number(row.written_test_score.map(|s| s as f64)),
        "final" => number(row.final_score),
        "status" => text(&r.status),
        "proposed" => text(&r.proposed),
        // Alternates are read from the first: rank 1 is the top of this column.
        "rank" => r.rank.parse::<i64>().ok().map(|rank| (-rank, String::new())),
        _ => None,
    }
}

/// The decision board; `kept` holds a refused decide form's rows (application, outcome, rank),
/// and `named` the application of each `decisions[i]` the use case may have refused.
async fn decisions_page(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    year: ProgrammeYearId,
    (kept, named): (&[(i64, String, String)], &[i64]),
    sort: &SortQuery,
    mut shown: Shown,
) -> Response {
    let board: DecisionBoard =
        match async { state.app.selecting(actor, "selection.read").await?.decision_board(year).await }.await {
            Ok(board) => board,
            Err(e) => return ctx.fail(e).into_response(),
        };
    let t = &ctx.t;
    let reference = |id: i64| board.rows.iter().find(|r| r.id == id).map(|r| r.reference.clone());
    // `decisions[1].rank` reads better as the candidate's reference.
    for error in &mut shown.errors {
        for (i, id) in named.iter().enumerate() {
            let prefix = format!("decisions[{i}]");
            if let Some(rest) = error.field.strip_prefix(&prefix)
                && let Some(r) = reference(*id)
            {
                error.field = format!("{r}{rest}");
            }
        }
    }
    let mut rows: Vec<(DecisionItem, &DecisionRow)> = board
        .rows
        .iter()
        .map(|r| {
            let (proposed_outcome, proposed_rank) = match r.proposed {
                Some(Outcome::ShortListed) => ("short-listed", String::new()),
                Some(Outcome::Alternate(rank)) => ("alternate", rank.to_string()),
                Some(Outcome::NotSelected) => ("not-selected", String::new()),
                None => ("", String::new()),
            };
            let proposed = match r.proposed {
                Some(Outcome::Alternate(rank)) => t.n("decisions-alternate-rank", "rank", &i64::from(rank)),
                Some(_) => t.key("application-status", proposed_outcome),
                None => String::new(),
            };
            let (outcome, rank) = match kept.iter().find(|(id, _, _)| *id == r.id) {
                Some((_, outcome, rank)) => (outcome.clone(), rank.clone()),
                None => (proposed_outcome.to_owned(), proposed_rank),
            };
            let item = DecisionItem {
                id: r.id,
                reference: r.reference.clone(),
                name: r.name.clone(),
                position: t.key("position", &r.position),
                status: t.key("application-status", r.status),
                mean: score_text(r.interview_mean),
                cards: r.scorecards,
                test: r.written_test_score.map(|s| s.to_string()).unwrap_or_else(|| "–".into()),
                final_score: score_text(r.final_score),
                proposed,
                outcome,
                rank: match r.alternate_rank {
                    Some(rank) if r.status == ApplicationStatus::Alternate => rank.to_string(),
                    _ => rank,
                },
                overdue: r.overdue,
                open: r.status == ApplicationStatus::Interviewed,
            };
            (item, r)
        })
        .collect();
    let columns = decision_columns(t);
    sort.apply(&columns, &mut rows, |(item, row), column| decision_key(item, row, column));
    let rows: Vec<DecisionItem> = rows.into_iter().map(|(item, _)| item).collect();
    let board_path = format!("/programme-years/{}/decisions", board.year.id);
    let disqualifiable = board
        .rows
        .iter()
        .filter(|r| {
            matches!(
                r.status,
                ApplicationStatus::Interviewed
                    | ApplicationStatus::ShortListed
                    | ApplicationStatus::Accepted
                    | ApplicationStatus::Cleared
            )
        })
        .map(|r| (r.id, format!("{} · {} · {}", r.reference, r.name, t.key("application-status", r.status))))
        .collect();
    let by_post = board
        .rows
        .iter()
        .filter_map(|r| {
            Some(PostItem {
                id: r.id,
                reference: r.reference.clone(),
                name: r.name.clone(),
                tell: t.key("application-status", r.status),
                address: r.by_post.clone()?,
            })
        })
        .collect();
    let page = DecisionsPage {
        by_post,
        c: shown.chrome(ctx, sort.path(&board_path, &columns)),
        headers: sort.headers(&board_path, &columns),
        title: t.s("decisions-title", "year", &year_title(t, &board.year)),
        year_id: board.year.id,
        places: board
            .places
            .iter()
            .map(|p| PlaceItem {
                position: t.key("position", &p.position),
                planned: p.planned,
                taken: p.taken,
                left: (p.planned - p.taken).max(0),
            })
            .collect(),
        open: rows.iter().filter(|r| r.open).count(),
        rows,
        upgrades: board
            .upgrades
            .iter()
            .map(|u| UpgradeItem {
                application: u.application_id,
                reference: u.reference.clone(),
                position: t.key("position", &u.position),
                rank: u.rank,
                free: u.free_places,
            })
            .collect(),
        disqualifiable,
    };
    render(ctx, shown.status, &page)
}

pub async fn decisions(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(year): Path<ProgrammeYearId>,
    Query(sort): Query<SortQuery>,
) -> Response {
    decisions_page(&state, &ctx, &actor, year, (&[], &[]), &sort, Shown::nothing()).await
}

/// The decide form: one row per interviewed candidate (`application`, `outcome_{id}`,
/// `rank_{id}`); rows left without an outcome stay undecided. All at once.
pub async fn decide(
    State(state): State<AppState>,
    Path(year): Path<ProgrammeYearId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let rows: Vec<(i64, String, String)> = ids(&fields, "application")
        .unwrap_or_default()
        .into_iter()
        .map(|id| (id, value(&fields, &format!("outcome_{id}")), value(&fields, &format!("rank_{id}"))))
        .collect();
    let mut decisions = Vec::new();
    let mut refused = None;
    for (id, outcome, rank) in rows.iter().filter(|(_, outcome, _)| !outcome.is_empty()) {
        let rank = match (outcome.as_str(), rank.as_str()) {
            ("alternate", raw) if !raw.is_empty() => match raw.parse::<u32>() {
                Ok(rank) => Some(rank),
                Err(_) => {
                    refused.get_or_insert(FieldError::new(
                        format!("decisions[{}].rank", decisions.len()),
                        "error-number-invalid",
                    ));
                    None
                }
            },
            _ => None,
        };
        decisions.push(Decision { application: *id, outcome: outcome.clone(), rank });
    }
    let result = match refused {
        Some(e) => Err(AppError::from(e)),
        None => async { state.app.selecting(&actor, "selection.decide").await?.decide(year, &decisions).await }.await,
    };
    let shown = match Shown::of(result, |n| ctx.t.n("decisions-decided", "count", &(n as i64))) {
        Ok(shown) => shown,
        Err(e) => return ctx.fail(e).into_response(),
    };
    if let Some(done) = shown.done(&state, &format!("/programme-years/{year}/decisions")) {
        return done;
    }
    let named: Vec<i64> = decisions.iter().map(|d| d.application).collect();
    decisions_page(&state, &ctx, &actor, year, (&rows, &named), &SortQuery::default(), shown).await
}

pub async fn upgrade(
    State(state): State<AppState>,
    Path(year): Path<ProgrammeYearId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let result = async {
        let application = one_id(&fields, "application")?;
        state.app.selecting(&actor, "selection.upgrade").await?.upgrade_alternate(ApplicationId(application)).await
    }
    .await;
    let shown = match Shown::of(result, |r| ctx.t.s("decisions-upgraded", "reference", &r.reference)) {
        Ok(shown) => shown,
        Err(e) => return ctx.fail(e).into_response(),
    };
    if let Some(done) = shown.done(&state, &format!("/programme-years/{year}/decisions")) {
        return done;
    }
    decisions_page(&state, &ctx, &actor, year, (&[], &[]), &SortQuery::default(), shown).await
}

pub async fn disqualify(
    State(state): State<AppState>,
    Path(year): Path<ProgrammeYearId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let result = async {
        let desk = state.app.selecting(&actor, "selection.disqualify").await?;
        let application = one_id(&fields, "application")?;
        let ground = domain::selection::Ground::parse(&value(&fields, "ground"))?;
        desk.disqualify(ApplicationId(application), ground, &value(&fields, "details")).await
    }
    .await;
    let shown = match Shown::of(result, |r| ctx.t.s("decisions-disqualified", "reference", &r.reference)) {
        Ok(shown) => shown,
        Err(e) => return ctx.fail(e).into_response(),
    };
    if let Some(done) = shown.done(&state, &format!("/programme-years/{year}/decisions")) {
        return done;
    }
    decisions_page(&state, &ctx, &actor, year, (&[], &[]), &SortQuery::default(), shown).await
}

/// The booked interview, when and where, for the status page.
pub fn interview_line(t: &Translator, sel: &ApplicantSelection) -> Option<String> {
    let slot = sel.slot.as_ref()?;
    Some(t.t_args(
        "my-interview-at",
        &[
            ("when", Arg::from(sel.slot_local.clone().unwrap_or_default())),
            ("location", Arg::from(slot.location.as_str())),
        ],
    ))
}

async fn status_page_after<T>(
    state: &AppState,
    ctx: &Ctx,
    result: AppResult<T>,
    notice: impl FnOnce(T) -> String,
) -> Response {
    match Shown::of(result, notice) {
        Ok(shown) if !shown.refused() => shown.done(state, "/my-application").unwrap_or_default(),
        Ok(shown) => {
            let said = Said { notice: shown.notice, errors: ctx.field_messages(&shown.errors), status: shown.status };
            applicant_page(state, ctx, said).await
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn book_interview(
    State(state): State<AppState>,
    Path(id): Path<ApplicationId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let result = async {
        let slot = one_id(&fields, "slot")?;
        state.app.applicant(&actor, "interview.book").await?.book_interview(id, InterviewSlotId(slot)).await
    }
    .await;
    status_page_after(&state, &ctx, result, |_| ctx.t.t("interview-booked-notice")).await
}

#[derive(Deserialize)]
pub struct Nothing {}

pub async fn cancel_interview(
    State(state): State<AppState>,
    Path(id): Path<ApplicationId>,
    SignedForm(_, ctx, actor): SignedForm<Nothing>,
) -> Response {
    let result = async { state.app.applicant(&actor, "interview.cancel").await?.cancel_interview(id).await }.await;
    status_page_after(&state, &ctx, result, |()| ctx.t.t("interview-cancelled-notice")).await
}

pub async fn interview_calendar(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
) -> Response {
    match async { state.app.applicant(&actor, "interview.read").await?.interview_calendar(id).await }.await {
        Ok(ics) => crate::shell::files::calendar_response(ics),
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn reply(
    State(state): State<AppState>,
    Path(id): Path<ApplicationId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let accept = match value(&fields, "answer").as_str() {
        "accept" => true,
        "decline" => false,
        _ => return ctx.fail(FieldError::new("answer", "error-choice-invalid")).into_response(),
    };
    let reason = value(&fields, "reason");
    let result = async {
        state.app.applicant(&actor, "selection.reply").await?.reply_to_offer(id, accept, Some(reason.as_str())).await
    }
    .await;
    let key = if accept { "reply-accepted-notice" } else { "reply-declined-notice" };
    status_page_after(&state, &ctx, result, |_| ctx.t.t(key)).await
}

/// A clearance document, from the status page's upload form (multipart: its CSRF field is
/// checked here).
pub async fn upload_clearance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<ApplicationId>,
    mut multipart: axum::extract::Multipart,
) -> Response {
    let Some(actor) = ctx.actor.clone() else {
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
            .applicant(&actor, "selection.clearance")
            .await?
            .upload_clearance(id, &kind, &file_name, bytes, None)
            .await
    }
    .await;
    let key = format!("document-kind-{kind}");
    status_page_after(&state, &ctx, result, |_| ctx.t.s("clearance-received-notice", "document", &ctx.t.t(&key))).await
}

#[derive(Template)]
#[template(path = "selection/applicant_part.html")]
struct SelectionPart<'a> {
    t: Translator,
    csrf: &'a str,
    a: &'a app::applying::ApplicationView,
    sel: &'a ApplicantSelection,
    /// The booked interview: when and where.
    interview: Option<String>,
}

/// Selection on the applicant's status page once the application is submitted: the interview
/// to book or booked, the reply to an offer, clearance documents, the partner.
pub(super) async fn applicant_part(shown: &ApplicantCard<'_>) -> AppResult<Option<ApplicantPart>> {
    // A draft has no selection yet; the status page read it once for every part.
    let Some(sel) = shown.selection else {
        return Ok(None);
    };
    let (a, t) = (shown.application, shown.ctx.t);
    let interview = interview_line(&t, sel);
    let part = SelectionPart { t, csrf: &shown.ctx.csrf_token, a, sel, interview };
    Ok(Some(ApplicantPart { place: Place::Body, html: part_html(&part) }))
}
