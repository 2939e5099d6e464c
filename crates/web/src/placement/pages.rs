//! The placement pages (issue 5): the year's requests (written by contracting organisations,
//! forwarded by their prefecture or designated city, sent back by CLAIR), CLAIR's national
//! picture with the weights, the check before a run and the runs; a run's results with the map,
//! a candidate's explanation and the manual move with its cost; two runs compared; who comes to
//! an organisation; and the applicant's placement notice on the status page.
//!
//! Handlers call the app layer and render; every POST form comes through `SignedForm`. Refused
//! fields and conflicts are shown on the page they came from; any other failure is a page of its
//! own.

use crate::shell::AppState;
use crate::shell::area::applicant_page;
use crate::shell::chrome::{Chrome, part_html, render};
use crate::shell::context::{Signed, SignedForm};
use crate::shell::forms::{Fields, value, values};
use crate::shell::lists::{Pager, pager};
use crate::shell::map::{self, MapView};
use crate::shell::state::{ApplicantCard, ApplicantPart, Ctx, Place, Said};
use app::admin::Listing;
use app::i18n::{Arg, Translator};
use app::placing::{
    Explanation, MoveCost, MyPlacement, PrefecturePicture, RequestView, RunView, organisation_name, request_place,
};
use app::{Actor, AppError, AppResult};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::ApplicationStatus;
use domain::eligibility::Jlpt;
use domain::placing::RequestStatus;
use domain::placing::RunStatus;
use domain::placing::{HOUSING, RequestInput, SCHOOL_LEVELS, Summary, WEIGHT_FIELDS, Weights};
use domain::{ApplicationId, OrganisationId, PlacementRequestId, PlacementRunId};
use domain::{FieldError, Language, Permission, Position, Role};
use serde::Deserialize;
use std::collections::HashMap;
use store::placing::{RequestRow, RunRow};
use store::reference::PrefectureRow;
use time::OffsetDateTime;

/// Japan's time, for the dates these pages show (no daylight saving).
const JST: time::UtcOffset = time::macros::offset!(+9);

/// The most candidates the finder lists at once.
const FOUND_MAX: usize = 50;

/// The engine's modes, in the order the form offers them.
const MODES: [&str; 3] = ["stable", "welfare", "rank-maximal"];

/// Request states, in the order of their way to CLAIR.
const STATUSES: [&str; 4] = ["draft", "submitted", "change-requested", "forwarded"];

/// The placement year the pages open on when none is named: requests for the year after are
/// written from September, the year's own placement runs until the summer.
fn default_year(now: OffsetDateTime) -> i64 {
    let year = i64::from(now.year());
    if u8::from(now.month()) >= 9 { year + 1 } else { year }
}

fn year_of(state: &AppState, raw: &str) -> Result<i64, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(default_year(state.app.now()));
    }
    raw.parse::<i64>().map_err(|_| FieldError::new("year", "error-number-invalid"))
}

fn date(at: OffsetDateTime) -> String {
    at.to_offset(JST).date().to_string()
}

fn when(at: OffsetDateTime) -> String {
    app::recruitment::local_time("Asia/Tokyo", at)
}

fn prefecture_name(prefectures: &[PrefectureRow], code: i64, language: Language) -> String {
    match prefectures.iter().find(|p| p.code == code) {
        Some(p) if language == Language::Ja => p.name_ja.clone(),
        Some(p) => p.name_en.clone(),
        None => format!("{code:02}"),
    }
}

/// A refused field as the reader reads it, named by its label on the form when it has one
/// (`school_levels[1]` is the second school level, `weights.area` the area weight).
fn field_message(t: &Translator, e: &FieldError) -> String {
    let (head, index) = match e.field.split_once('[') {
        Some((head, rest)) => (head, rest.split(']').next().and_then(|i| i.parse::<usize>().ok())),
        None => (e.field.as_str(), None),
    };
    let key = match head.strip_prefix("weights.") {
        Some(weight) => format!("placement-weight-{}", weight.replace('_', "-")),
        None => format!("placement-field-{}", head.replace('_', "-")),
    };
    let label = t.t(&key);
    let field = match index {
        _ if label == key => e.field.clone(),
        Some(i) => format!("{label} {}", i + 1),
        None => label,
    };
    t.field_error(&FieldError { field, ..e.clone() })
}

/// What a form's action came to, for the page shown after it: a notice, or messages (refused
/// fields: 422; someone else's change first: 409). Any other failure is a page of its own.
fn said_of<T>(
    t: &Translator,
    result: AppResult<T>,
    conflict: &str,
    notice: impl FnOnce(T) -> String,
) -> AppResult<Said> {
    match result {
        Ok(v) => Ok(Said { notice: Some(notice(v)), errors: vec![], status: StatusCode::OK }),
        Err(e) => refusal(t, e, conflict),
    }
}

/// Refused fields and conflicts as messages; any other failure stays an error.
fn refusal(t: &Translator, error: AppError, conflict: &str) -> AppResult<Said> {
    match error {
        AppError::Invalid(errors) => Ok(Said {
            notice: None,
            errors: errors.iter().map(|e| field_message(t, e)).collect(),
            status: StatusCode::UNPROCESSABLE_ENTITY,
        }),
        AppError::Conflict(what) => {
            tracing::info!(%what, "conflict");
            Ok(Said { notice: None, errors: vec![t.t(conflict)], status: StatusCode::CONFLICT })
        }
        e => Err(e),
    }
}

/// The links between the placement pages, and the year they show.
pub struct PlacementNav {
    pub year: i64,
    pub national: bool,
    pub requests: bool,
    pub incoming: bool,
    /// The page's own address, for the year switch (list pages only).
    pub here: Option<&'static str>,
}

/// Whether the caller has a part in requests: CLAIR, a CO supervisor, a Prefectural Advisor.
pub fn takes_part_in_requests(actor: &Actor) -> bool {
    actor.holds(Role::ClairStaff) || actor.holds(Role::CoSupervisor) || actor.holds(Role::PrefecturalAdvisor)
}

fn nav(actor: &Actor, year: i64, here: Option<&'static str>) -> PlacementNav {
    let requests = takes_part_in_requests(actor);
    PlacementNav { year, national: actor.may(Permission::PlaceCandidates), requests, incoming: requests, here }
}

/// One choice of a select, a radio group or a checkbox list.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn choices<'a>(items: impl IntoIterator<Item = (&'a str, String)>, chosen: &[&str]) -> Vec<Choice> {
    items
        .into_iter()
        .map(|(value, label)| Choice { value: value.to_owned(), label, selected: chosen.contains(&value) })
        .collect()
}

// ----- Requests -----

#[derive(Deserialize, Default)]
pub struct RequestsQuery {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub prefecture: String,
    /// The page of the list: 50 requests at a time (a national list holds over a thousand).
    pub offset: Option<i64>,
}

/// Requests on one page of the list.
const REQUESTS_PAGE: i64 = 50;

pub struct RequestItem {
    pub id: i64,
    pub version: i64,
    pub organisation: String,
    pub municipality: String,
    pub prefecture: String,
    pub position: String,
    pub places: i64,
    pub continuing: i64,
    pub status_code: String,
    pub status: String,
    pub forwarded: String,
    pub change_request: Option<String>,
    pub may_edit: bool,
    pub may_forward: bool,
    pub may_ask_change: bool,
}

fn request_item(t: &Translator, prefectures: &[PrefectureRow], v: &RequestView) -> RequestItem {
    let r = &v.row;
    let language = t.language();
    RequestItem {
        id: r.id,
        version: r.version,
        organisation: organisation_name(r, language),
        municipality: if language == Language::Ja { r.municipality_ja.clone() } else { r.municipality_en.clone() },
        prefecture: prefecture_name(prefectures, r.prefecture_code, language),
        position: r.position.clone(),
        places: r.places,
        continuing: r.continuing,
        status_code: r.status.to_string(),
        status: t.key("placement-status", r.status),
        forwarded: r.forwarded_at.map(date).unwrap_or_default(),
        change_request: r.change_request.clone().filter(|_| r.status == RequestStatus::ChangeRequested),
        may_edit: v.may_edit,
        may_forward: v.may_forward,
        may_ask_change: v.may_ask_change,
    }
}

#[derive(Template)]
#[template(path = "placement/requests.html")]
struct RequestsPage {
    c: Chrome,
    nav: PlacementNav,
    title: String,
    year: i64,
    status: String,
    prefecture: String,
    statuses: Vec<Choice>,
    prefectures: Vec<Choice>,
    rows: Vec<RequestItem>,
    pager: Pager,
    offset: i64,
    count_line: String,
    organisations: Vec<Choice>,
}

async fn requests_page(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    year: i64,
    q: &RequestsQuery,
    said: Said,
) -> Response {
    let t = &ctx.t;
    let status = q.status.trim();
    let status = STATUSES.contains(&status).then_some(status);
    let result = async {
        let rows = state.app.requesting(actor, "placement-request.read").await?.requests(year, status).await?;
        let organisations = if actor.may(Permission::RequestParticipants) {
            state.app.requesting(actor, "placement-request.read").await?.requesting_organisations().await?
        } else {
            vec![]
        };
        let prefectures = state.app.prefectures().await?;
        Ok::<_, AppError>((rows, organisations, prefectures))
    }
    .await;
    let (rows, organisations, prefectures) = match result {
        Ok(v) => v,
        Err(e) => return ctx.fail(e).into_response(),
    };
    let total = rows.len();
    let prefecture = q.prefecture.trim().parse::<i64>().ok();
    let shown_prefectures: Vec<i64> = {
        let mut codes: Vec<i64> = rows.iter().map(|r| r.row.prefecture_code).collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    };
    // The list is a work list: what changed last comes first; a page holds 50 (only those are
    // drawn, so a national list of a thousand requests answers as fast as a town's).
    let mut chosen: Vec<&RequestView> =
        rows.iter().filter(|r| prefecture.is_none_or(|p| r.row.prefecture_code == p)).collect();
    chosen.sort_by_key(|r| std::cmp::Reverse((r.row.updated_at, r.row.id)));
    let offset = q.offset.unwrap_or(0).clamp(0, chosen.len() as i64);
    let page = Listing {
        rows: chosen
            .iter()
            .skip(offset as usize)
            .take(REQUESTS_PAGE as usize)
            .map(|r| request_item(t, &prefectures, r))
            .collect::<Vec<RequestItem>>(),
        total: chosen.len() as i64,
        limit: REQUESTS_PAGE,
        offset,
    };
    let here = requests_path(year, q);
    let pager = pager(t, &here, &page);
    let places: i64 = chosen.iter().map(|r| r.row.places).sum();
    let items = page.rows;
    let language = t.language();
    let mut prefecture_choices = vec![Choice { value: String::new(), label: t.t("filter-all"), selected: false }];
    prefecture_choices.extend(shown_prefectures.iter().map(|&code| Choice {
        value: code.to_string(),
        label: prefecture_name(&prefectures, code, language),
        selected: prefecture == Some(code),
    }));
    let mut statuses = vec![Choice { value: String::new(), label: t.t("filter-all"), selected: false }];
    statuses.extend(choices(STATUSES.iter().map(|s| (*s, t.key("placement-status", s))), &[status.unwrap_or("-")]));
    let page = RequestsPage {
        title: t.n("placement-requests-title", "year", &year),
        nav: nav(actor, year, None),
        year,
        status: status.unwrap_or("").to_owned(),
        prefecture: prefecture.map(|p| p.to_string()).unwrap_or_default(),
        statuses,
        prefectures: prefecture_choices,
        count_line: t.t_args(
            "placement-requests-count",
            &[("count", Arg::from(chosen.len())), ("total", Arg::from(total)), ("places", Arg::from(places))],
        ),
        rows: items,
        pager,
        offset,
        organisations: organisations
            .iter()
            .map(|o| Choice {
                value: o.id.to_string(),
                label: if language == Language::Ja { o.name_ja.clone() } else { o.name_en.clone() },
                selected: false,
            })
            .collect(),
        c: said.chrome(ctx, here),
    };
    render(ctx, said.status, &page)
}

pub async fn requests(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(q): Query<RequestsQuery>,
) -> Response {
    match year_of(&state, &q.year) {
        Ok(year) => requests_page(&state, &ctx, &actor, year, &q, Said::default()).await,
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// The list the forward and change forms return to: their year and filters, as sent.
fn list_query(fields: &Fields) -> RequestsQuery {
    RequestsQuery {
        year: value(fields, "year"),
        status: value(fields, "status"),
        prefecture: value(fields, "prefecture"),
        offset: value(fields, "offset").parse().ok(),
    }
}

fn version_of(fields: &Fields) -> Result<i64, FieldError> {
    value(fields, "version").parse::<i64>().map_err(|_| FieldError::new("version", "error-number-invalid"))
}

pub async fn forward_request(
    State(state): State<AppState>,
    Path(id): Path<PlacementRequestId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let q = list_query(&fields);
    let result = async {
        state.app.requesting(&actor, "placement-request.forward").await?.forward_request(id, version_of(&fields)?).await
    }
    .await;
    let said = said_of(&ctx.t, result, "error-conflict", |v| {
        ctx.t.s("placement-forwarded-notice", "organisation", &organisation_name(&v.row, ctx.t.language()))
    });
    after_request_action(&state, &ctx, &actor, &q, said).await
}

pub async fn ask_change(
    State(state): State<AppState>,
    Path(id): Path<PlacementRequestId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let q = list_query(&fields);
    let result = async {
        state
            .app
            .requesting(&actor, "placement-request.ask-change")
            .await?
            .ask_request_change(id, version_of(&fields)?, &value(&fields, "note"))
            .await
    }
    .await;
    let said = said_of(&ctx.t, result, "error-conflict", |v| {
        ctx.t.s("placement-change-asked-notice", "organisation", &organisation_name(&v.row, ctx.t.language()))
    });
    after_request_action(&state, &ctx, &actor, &q, said).await
}

async fn after_request_action(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    q: &RequestsQuery,
    said: AppResult<Said>,
) -> Response {
    let said = match said {
        Ok(said) => said,
        Err(e) => return ctx.fail(e).into_response(),
    };
    let year = match year_of(state, &q.year) {
        Ok(year) => year,
        Err(e) => return ctx.fail(e).into_response(),
    };
    if let Some(done) = said.done(state, &requests_path(year, q)) {
        return done;
    }
    requests_page(state, ctx, actor, year, q, said).await
}

/// The requests list of `year` with the filters the form came from; the filters are read back
/// as what they mean (a known status, a prefecture number), so nothing else reaches the address.
fn requests_path(year: i64, q: &RequestsQuery) -> String {
    let mut path = format!("/placement/requests?year={year}");
    if let Some(status) = STATUSES.iter().find(|s| **s == q.status) {
        path.push_str(&format!("&status={status}"));
    }
    if let Ok(prefecture) = q.prefecture.parse::<i64>() {
        path.push_str(&format!("&prefecture={prefecture}"));
    }
    if let Some(offset) = q.offset.filter(|o| *o > 0) {
        path.push_str(&format!("&offset={offset}"));
    }
    path
}

// ----- One request -----

/// A request form's values as typed (or as stored), shown again.
pub struct RequestValues {
    pub position: String,
    pub places: String,
    pub continuing: String,
    pub levels: Vec<String>,
    pub schools: String,
    pub department: String,
    pub sport: String,
    pub nationality: String,
    pub min_jlpt: String,
    pub licence_required: bool,
    pub housing: String,
    pub sister_cities: String,
    pub sister_countries: String,
    pub remarks: String,
}

impl RequestValues {
    fn new_request() -> RequestValues {
        RequestValues {
            position: "ALT".into(),
            places: "1".into(),
            continuing: "0".into(),
            levels: vec![],
            schools: "1".into(),
            department: String::new(),
            sport: String::new(),
            nationality: String::new(),
            min_jlpt: String::new(),
            licence_required: false,
            housing: "provided".into(),
            sister_cities: String::new(),
            sister_countries: String::new(),
            remarks: String::new(),
        }
    }

    fn of_row(r: &RequestRow) -> RequestValues {
        RequestValues {
            position: r.position.clone(),
            places: r.places.to_string(),
            continuing: r.continuing.to_string(),
            levels: r.school_levels.split(',').filter(|l| !l.is_empty()).map(str::to_owned).collect(),
            schools: if r.schools == 0 { String::new() } else { r.schools.to_string() },
            department: r.department.clone().unwrap_or_default(),
            sport: r.sport.clone().unwrap_or_default(),
            nationality: r.nationality.clone().unwrap_or_default(),
            min_jlpt: r.min_jlpt.clone().unwrap_or_default(),
            licence_required: r.licence_required,
            housing: r.housing.clone(),
            sister_cities: r.sister_cities.clone(),
            sister_countries: r.sister_countries.replace(',', ", "),
            remarks: r.remarks.clone().unwrap_or_default(),
        }
    }

    fn of_form(fields: &Fields) -> RequestValues {
        RequestValues {
            position: value(fields, "position"),
            places: value(fields, "places"),
            continuing: value(fields, "continuing"),
            levels: values(fields, "school_levels").map(str::to_owned).collect(),
            schools: value(fields, "schools"),
            department: value(fields, "department"),
            sport: value(fields, "sport"),
            nationality: value(fields, "nationality"),
            min_jlpt: value(fields, "min_jlpt"),
            licence_required: value(fields, "licence_required") == "true",
            housing: value(fields, "housing"),
            sister_cities: value(fields, "sister_cities"),
            sister_countries: value(fields, "sister_countries"),
            remarks: value(fields, "remarks"),
        }
    }

    /// The use case's input; numbers that are not numbers are refused here, with every other
    /// problem of the form at once.
    fn input(&self) -> Result<RequestInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut number = |name: &str, raw: &str| -> i64 {
            if raw.is_empty() {
                return 0;
            }
            raw.parse::<i64>().unwrap_or_else(|_| {
                errors.push(FieldError::new(name, "error-number-invalid"));
                0
            })
        };
        let places = number("places", &self.places);
        let continuing = number("continuing", &self.continuing);
        let schools = number("schools", &self.schools);
        let text = |raw: &str| Some(raw.trim().to_owned()).filter(|s| !s.is_empty());
        let input = RequestInput {
            position: self.position.clone(),
            places,
            continuing,
            school_levels: self.levels.clone(),
            schools,
            department: text(&self.department),
            sport: text(&self.sport),
            nationality: text(&self.nationality).map(|n| n.to_uppercase()),
            min_jlpt: text(&self.min_jlpt),
            licence_required: self.licence_required,
            housing: self.housing.clone(),
            sister_cities: self.sister_cities.trim().to_owned(),
            sister_countries: self
                .sister_countries
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|c| !c.is_empty())
                .map(str::to_uppercase)
                .collect(),
            remarks: text(&self.remarks),
        };
        if errors.is_empty() {
            return Ok(input);
        }
        if let Err(more) = input.check() {
            errors.extend(more.into_iter().filter(|e| !errors.iter().any(|x| x.field == e.field)).collect::<Vec<_>>());
        }
        Err(errors)
    }
}

#[derive(Template)]
#[template(path = "placement/request.html")]
struct RequestPage {
    c: Chrome,
    nav: PlacementNav,
    title: String,
    year: i64,
    organisation_id: i64,
    /// The request's id and version, once it exists.
    id: Option<i64>,
    version: i64,
    status_code: String,
    status: String,
    change_request: Option<String>,
    editable: bool,
    may_forward: bool,
    may_ask_change: bool,
    v: RequestValues,
    positions: Vec<Choice>,
    levels: Vec<Choice>,
    housing: Vec<Choice>,
    jlpt: Vec<Choice>,
}

struct RequestHead {
    year: i64,
    organisation_id: i64,
    organisation: String,
    id: Option<i64>,
    version: i64,
    status_code: String,
    change_request: Option<String>,
    editable: bool,
    may_forward: bool,
    may_ask_change: bool,
}

impl RequestHead {
    fn of_view(language: Language, v: &RequestView) -> RequestHead {
        RequestHead {
            year: v.row.year,
            organisation_id: v.row.organisation_id,
            organisation: organisation_name(&v.row, language),
            id: Some(v.row.id),
            version: v.row.version,
            status_code: v.row.status.to_string(),
            change_request: v.row.change_request.clone().filter(|_| v.row.status == RequestStatus::ChangeRequested),
            editable: v.may_edit,
            may_forward: v.may_forward,
            may_ask_change: v.may_ask_change,
        }
    }
}

fn request_page(ctx: &Ctx, actor: &Actor, head: RequestHead, v: RequestValues, said: Said) -> Response {
    let t = &ctx.t;
    let levels: Vec<&str> = v.levels.iter().map(String::as_str).collect();
    let mut jlpt =
        vec![Choice { value: String::new(), label: t.t("placement-jlpt-none"), selected: v.min_jlpt.is_empty() }];
    jlpt.extend(choices(Jlpt::ALL.iter().map(|j| (j.as_str(), j.as_str().to_owned())), &[v.min_jlpt.as_str()]));
    let path = match head.id {
        Some(id) => format!("/placement/requests/{id}"),
        None => format!("/placement/requests/new?year={}&organisation={}", head.year, head.organisation_id),
    };
    let title = match head.id {
        Some(_) => t.t_args(
            "placement-request-title",
            &[("organisation", Arg::from(head.organisation.as_str())), ("year", Arg::from(head.year))],
        ),
        None => t.t_args(
            "placement-request-new-title",
            &[("organisation", Arg::from(head.organisation.as_str())), ("year", Arg::from(head.year))],
        ),
    };
    let page = RequestPage {
        c: said.chrome(ctx, path),
        nav: nav(actor, head.year, None),
        title,
        year: head.year,
        organisation_id: head.organisation_id,
        id: head.id,
        version: head.version,
        status: if head.status_code.is_empty() {
            t.t("placement-status-new")
        } else {
            t.key("placement-status", &head.status_code)
        },
        status_code: head.status_code,
        change_request: head.change_request,
        editable: head.editable,
        may_forward: head.may_forward,
        may_ask_change: head.may_ask_change,
        positions: choices(
            Position::ALL.iter().map(|p| (p.as_str(), t.key("position", p.as_str()))),
            &[v.position.as_str()],
        ),
        levels: choices(SCHOOL_LEVELS.iter().map(|l| (*l, t.key("school-level", l))), &levels),
        housing: choices(HOUSING.iter().map(|h| (*h, t.key("housing", h))), &[v.housing.as_str()]),
        jlpt,
        v,
    };
    render(ctx, said.status, &page)
}

#[derive(Deserialize, Default)]
pub struct NewRequestQuery {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub organisation: String,
}

/// The organisation a new request is for, if the caller writes its requests.
async fn new_head(state: &AppState, actor: &Actor, year: i64, organisation: &str) -> AppResult<RequestHead> {
    let id = organisation.trim().parse::<i64>().map_err(|_| FieldError::new("organisation", "error-choice-invalid"))?;
    let unit = state
        .app
        .requesting(actor, "placement-request.read")
        .await?
        .requesting_organisations()
        .await?
        .into_iter()
        .find(|o| o.id == id)
        .ok_or(AppError::Forbidden)?;
    Ok(RequestHead {
        year,
        organisation_id: unit.id,
        organisation: if actor.language == Language::Ja { unit.name_ja } else { unit.name_en },
        id: None,
        version: 0,
        status_code: String::new(),
        change_request: None,
        editable: true,
        may_forward: false,
        may_ask_change: false,
    })
}

pub async fn new_request(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(q): Query<NewRequestQuery>,
) -> Response {
    let head = async { new_head(&state, &actor, year_of(&state, &q.year)?, &q.organisation).await }.await;
    match head {
        Ok(head) => request_page(&ctx, &actor, head, RequestValues::new_request(), Said::default()),
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn request(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<PlacementRequestId>,
) -> Response {
    match async { state.app.requesting(&actor, "placement-request.read").await?.request(id).await }.await {
        Ok(v) => {
            let said = Said::default();
            let head = RequestHead::of_view(ctx.t.language(), &v);
            request_page(&ctx, &actor, head, RequestValues::of_row(&v.row), said)
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// Saves the form of a new request (`id` none) or of one being edited, then shows it; a refused
/// form is shown again as typed, with what was refused.
async fn save_request(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    id: Option<PlacementRequestId>,
    fields: &Fields,
) -> Response {
    let submit = value(fields, "action") == "submit";
    let values = RequestValues::of_form(fields);
    let head = async {
        match id {
            Some(id) => Ok(RequestHead::of_view(
                ctx.t.language(),
                &state.app.requesting(actor, "placement-request.read").await?.request(id).await?,
            )),
            None => {
                new_head(state, actor, year_of(state, &value(fields, "year"))?, &value(fields, "organisation")).await
            }
        }
    }
    .await;
    let mut head = match head {
        Ok(head) => head,
        Err(e) => return ctx.fail(e).into_response(),
    };
    let result = async {
        let input = values.input().map_err(AppError::Invalid)?;
        let edit = match id {
            Some(id) => Some((id, version_of(fields)?)),
            None => None,
        };
        state
            .app
            .requesting(actor, "placement-request.save")
            .await?
            .save_request(head.year, OrganisationId(head.organisation_id), &input, submit, edit)
            .await
    }
    .await;
    match result {
        Ok(saved) => {
            let notice = ctx.t.t(if submit { "placement-request-submitted" } else { "placement-request-saved" });
            crate::shell::redirect::done(
                &format!("/placement/requests/{}", saved.row.id),
                &notice,
                state.config.secure_cookies,
            )
        }
        Err(e) => match refusal(&ctx.t, e, "error-conflict") {
            Ok(said) => {
                // The version the caller typed against stays, so a conflict is not silently overwritten.
                if let Ok(version) = version_of(fields) {
                    head.version = version;
                }
                request_page(ctx, actor, head, values, said)
            }
            Err(e) => ctx.fail(e).into_response(),
        },
    }
}

pub async fn create_request(
    State(state): State<AppState>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    save_request(&state, &ctx, &actor, None, &fields).await
}

pub async fn update_request(
    State(state): State<AppState>,
    Path(id): Path<PlacementRequestId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    save_request(&state, &ctx, &actor, Some(id), &fields).await
}

// ----- CLAIR's national picture, weights, check and runs -----

#[derive(Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    pub year: String,
}

pub struct PositionItem {
    pub label: String,
    pub planned: i64,
    pub requested: i64,
    pub continuing: i64,
    pub forwarded: i64,
    pub waiting: i64,
    pub candidates: i64,
}

pub struct PrefectureItem {
    pub name: String,
    pub href: String,
    pub requests: i64,
    pub places: i64,
    pub alt: i64,
    pub cir: i64,
    pub sea: i64,
    pub continuing: i64,
    pub forwarded: i64,
}

pub struct WeightInput {
    pub name: &'static str,
    pub label: String,
    pub help: String,
    pub value: String,
    pub min: u32,
    pub max: u32,
}

pub struct FindingItem {
    pub text: String,
    pub blocking: bool,
}

pub struct RunItem {
    pub id: i64,
    pub title: String,
    pub mode: String,
    pub status_code: String,
    pub status: String,
    pub started: String,
    pub finished: String,
    pub placed: String,
    pub moved: String,
}

fn summary_of(run: &RunRow) -> Option<Summary> {
    run.summary_json.as_deref().and_then(|s| serde_json::from_str(s).ok())
}

fn run_item(t: &Translator, run: &RunRow) -> RunItem {
    let summary = summary_of(run);
    RunItem {
        id: run.id,
        title: t.t_args("placement-run-title", &[("run", Arg::from(run.id.to_string()))]),
        mode: t.key("placement-mode", &run.mode),
        status_code: run.status.to_string(),
        status: t.key("placement-run-status", run.status),
        started: when(run.created_at),
        finished: run.finished_at.map(when).unwrap_or_default(),
        placed: summary.as_ref().map(|s| format!("{} / {}", s.placed, s.candidates)).unwrap_or_default(),
        moved: summary.as_ref().map(|s| s.moved.to_string()).unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "placement/national.html")]
struct NationalPage {
    c: Chrome,
    nav: PlacementNav,
    title: String,
    year: i64,
    positions: Vec<PositionItem>,
    prefectures: Vec<PrefectureItem>,
    map: Option<MapView>,
    weights: Vec<WeightInput>,
    weights_version: i64,
    precheck_line: String,
    findings: Vec<FindingItem>,
    blocked: bool,
    modes: Vec<Choice>,
    runs: Vec<RunItem>,
    comparable: Vec<Choice>,
}

/// The national picture's map: each prefecture shaded by the places its requests ask for,
/// hatched where there is no request; classes of about as many prefectures each.
fn picture_map(t: &Translator, year: i64, prefectures: &[PrefecturePicture]) -> Option<MapView> {
    let language = t.language();
    let places = |p: &PrefecturePicture| u64::try_from(p.alt + p.cir + p.sea).unwrap_or(0);
    let figures = prefectures
        .iter()
        .map(|p| map::Figure {
            code: p.code,
            value: Some(places(p)).filter(|v| *v > 0),
            title: t.t_args(
                "placement-picture-map-prefecture",
                &[
                    ("prefecture", Arg::from(map::prefecture_name(p.code, language))),
                    ("places", Arg::from(places(p))),
                    ("requests", Arg::from(p.requests)),
                ],
            ),
            href: Some(prefecture_requests(year, p.code)),
        })
        .collect();
    let labels = map::Labels {
        name: t.t("placement-picture-map-title"),
        described_by: "picture-prefectures-caption",
        legend: t.t("placement-picture-map-legend"),
        none: t.t("placement-picture-map-none"),
        language,
    };
    let scale = map::Scale::of(prefectures.iter().map(places));
    map::draw(labels, &scale, figures, |from, to| match to {
        Some(to) if to == from => from.to_string(),
        Some(to) => t.t_args("placement-picture-map-range", &[("from", Arg::from(from)), ("to", Arg::from(to))]),
        None => t.t_args("placement-picture-map-over", &[("from", Arg::from(from))]),
    })
}

/// CLAIR's page; `kept` holds a refused weights form as typed.
async fn national_page(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    year: i64,
    kept: Option<&Fields>,
    said: Said,
) -> Response {
    let t = &ctx.t;
    let result = async {
        let picture = state.app.statistics(actor, "placement.picture").await?.national_picture(year).await?;
        let weights = state.app.placing(actor, "placement.read").await?.placement_weights(year).await?;
        let precheck = state.app.placing(actor, "placement.read").await?.placement_precheck(year).await?;
        let runs = state.app.placing(actor, "placement.read").await?.placement_runs(year).await?;
        Ok::<_, AppError>((picture, weights, precheck, runs))
    }
    .await;
    let (picture, (weights, weights_version), precheck, runs) = match result {
        Ok(v) => v,
        Err(e) => return ctx.fail(e).into_response(),
    };
    let language = t.language();
    let weights = WEIGHT_FIELDS
        .iter()
        .map(|(name, min, max)| {
            let key = format!("placement-weight-{}", name.replace('_', "-"));
            WeightInput {
                name,
                label: t.t(&key),
                help: t.t(&format!("{key}-help")),
                value: match kept {
                    Some(fields) => value(fields, name),
                    None => weights.get(name).map(|w| w.to_string()).unwrap_or_default(),
                },
                min: *min,
                max: *max,
            }
        })
        .collect();
    let page = NationalPage {
        c: said.chrome(ctx, format!("/placement?year={year}")),
        nav: nav(actor, year, Some("/placement")),
        title: t.n("placement-title", "year", &year),
        year,
        positions: picture
            .positions
            .iter()
            .map(|p| PositionItem {
                label: t.key("position", &p.position),
                planned: p.planned,
                requested: p.requested,
                continuing: p.continuing,
                forwarded: p.forwarded,
                waiting: p.waiting,
                candidates: p.candidates,
            })
            .collect(),
        map: picture_map(t, year, &picture.prefectures),
        prefectures: picture
            .prefectures
            .iter()
            .map(|p| PrefectureItem {
                name: map::prefecture_name(p.code, language),
                href: prefecture_requests(year, p.code),
                requests: p.requests,
                places: p.alt + p.cir + p.sea,
                alt: p.alt,
                cir: p.cir,
                sea: p.sea,
                continuing: p.continuing,
                forwarded: p.forwarded,
            })
            .collect(),
        weights,
        weights_version,
        precheck_line: t.t_args(
            "placement-precheck-counts",
            &[("candidates", Arg::from(precheck.candidates)), ("seats", Arg::from(precheck.seats))],
        ),
        blocked: precheck.blocked(),
        findings: precheck
            .findings
            .iter()
            .map(|f| FindingItem {
                text: t.t_args(f.key, &[("limit", Arg::from(f.count)), ("detail", Arg::from(f.detail.as_str()))]),
                blocking: f.blocking,
            })
            .collect(),
        modes: choices(MODES.iter().map(|m| (*m, t.key("placement-mode", m))), &["stable"]),
        comparable: runs
            .iter()
            .filter(|r| r.summary_json.is_some())
            .map(|r| Choice {
                value: r.id.to_string(),
                label: t.t_args(
                    "placement-run-choice",
                    &[("run", Arg::from(r.id)), ("mode", Arg::from(t.key("placement-mode", &r.mode)))],
                ),
                selected: false,
            })
            .collect(),
        runs: runs.iter().map(|r| run_item(t, r)).collect(),
    };
    render(ctx, said.status, &page)
}

pub async fn national(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(q): Query<YearQuery>,
) -> Response {
    match year_of(&state, &q.year) {
        Ok(year) => national_page(&state, &ctx, &actor, year, None, Said::default()).await,
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// The weights of the form; one that is not a whole number is refused, named.
fn weights_of(fields: &Fields) -> Result<Weights, Vec<FieldError>> {
    let mut read = HashMap::new();
    let mut errors = Vec::new();
    for (name, _, _) in WEIGHT_FIELDS {
        match value(fields, name).parse::<u32>() {
            Ok(v) => {
                read.insert(name, serde_json::Value::from(v));
            }
            Err(_) => errors.push(FieldError::new(format!("weights.{name}"), "error-number-invalid")),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let json: serde_json::Map<String, serde_json::Value> = read.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    serde_json::from_value(serde_json::Value::Object(json))
        .map_err(|_| vec![FieldError::new("weights", "error-number-invalid")])
}

pub async fn save_weights(
    State(state): State<AppState>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let year = match year_of(&state, &value(&fields, "year")) {
        Ok(year) => year,
        Err(e) => return ctx.fail(e).into_response(),
    };
    let result = async {
        let weights = weights_of(&fields).map_err(AppError::Invalid)?;
        state
            .app
            .placing(&actor, "placement.weights")
            .await?
            .set_placement_weights(year, &weights, version_of(&fields)?)
            .await
    }
    .await;
    match said_of(&ctx.t, result, "error-conflict", |_| ctx.t.t("placement-weights-saved")) {
        Ok(said) => {
            if let Some(done) = said.done(&state, &format!("/placement?year={year}")) {
                return done;
            }
            let kept = said.refused().then_some(&fields);
            national_page(&state, &ctx, &actor, year, kept, said).await
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn start_run(State(state): State<AppState>, SignedForm(fields, ctx, actor): SignedForm<Fields>) -> Response {
    let year = match year_of(&state, &value(&fields, "year")) {
        Ok(year) => year,
        Err(e) => return ctx.fail(e).into_response(),
    };
    match async {
        let desk = state.app.placing(&actor, "placement.run").await?;
        desk.start_run(year, app::placing::parse_mode(&value(&fields, "mode"))?).await
    }
    .await
    {
        Ok(run) => Redirect::to(&format!("/placement/runs/{}", run.id)).into_response(),
        Err(e) => match refusal(&ctx.t, e, "error-conflict") {
            Ok(said) => national_page(&state, &ctx, &actor, year, None, said).await,
            Err(e) => ctx.fail(e).into_response(),
        },
    }
}

// ----- One run -----

pub struct Figure {
    pub label: String,
    pub value: String,
}

pub struct FilledRow {
    pub name: String,
    pub href: String,
    pub seats: u64,
    pub filled: u64,
    pub percent: String,
}

pub struct CountryRow {
    /// The country by name in the reader's language.
    pub name: String,
    pub candidates: u64,
    pub placed: u64,
    pub stated: u64,
}

pub struct CandidateItem {
    pub application: i64,
    pub request: Option<i64>,
    pub reference: String,
    pub name: String,
    pub nationality: String,
    pub position: String,
    pub placed: String,
    pub moved: bool,
}

pub struct UnfilledItem {
    pub organisation: String,
    pub prefecture: String,
    pub position: String,
    pub filled: u32,
    pub seats: u32,
}

/// The lower bounds (in percent of its seats filled) of the run map's classes.
const FILL_FROM: [u64; 5] = [0, 50, 75, 90, 100];

/// A prefecture's requests of a year: where the map and the table of a prefecture lead.
fn prefecture_requests(year: i64, code: i64) -> String {
    format!("/placement/requests?year={year}&prefecture={code}")
}

fn percent(part: u64, whole: u64) -> String {
    (part * 100).checked_div(whole).map_or_else(|| "–".to_owned(), |p| format!("{p}%"))
}

/// The run's map: each prefecture shaded by the share of its seats the run fills, hatched
/// where it has none.
fn run_map(t: &Translator, view: &RunView) -> Option<MapView> {
    let language = t.language();
    let figures = view
        .map
        .iter()
        .map(|p| {
            let prefecture = Arg::from(map::prefecture_name(p.code, language));
            let title = if p.seats == 0 {
                t.t_args("placement-map-prefecture-none", &[("prefecture", prefecture)])
            } else {
                t.t_args(
                    "placement-map-prefecture",
                    &[
                        ("prefecture", prefecture),
                        ("filled", Arg::from(p.filled)),
                        ("seats", Arg::from(p.seats)),
                        ("percent", Arg::from(percent(p.filled, p.seats))),
                    ],
                )
            };
            map::Figure {
                code: p.code,
                value: (p.seats > 0).then(|| p.filled * 100 / p.seats),
                title,
                href: Some(prefecture_requests(view.run.year, p.code)),
            }
        })
        .collect();
    let labels = map::Labels {
        name: t.t("placement-map-title"),
        described_by: "run-prefectures-caption",
        legend: t.t("placement-map-legend"),
        none: t.t("placement-map-none"),
        language,
    };
    map::draw(labels, &map::Scale::fixed(&FILL_FROM), figures, |from, to| match to {
        Some(to) => t.t_args("placement-map-range", &[("from", Arg::from(from)), ("to", Arg::from(to))]),
        None => t.t("placement-map-full"),
    })
}

#[derive(Template)]
#[template(path = "placement/run.html")]
struct RunPage {
    c: Chrome,
    nav: PlacementNav,
    title: String,
    run_id: i64,
    version: i64,
    status_code: String,
    status: String,
    mode: String,
    percent: i64,
    error: Option<String>,
    approved: Option<String>,
    started: String,
    figures: Vec<Figure>,
    timings: Vec<Figure>,
    map: Option<MapView>,
    filled: Vec<FilledRow>,
    countries: Vec<CountryRow>,
    unplaced: Vec<CandidateItem>,
    unfilled: Vec<UnfilledItem>,
    find: String,
    found: Vec<CandidateItem>,
    found_more: bool,
    found_max: i64,
    note: String,
}

#[derive(Deserialize, Default)]
pub struct RunQuery {
    #[serde(default)]
    pub find: String,
}

fn candidate_item(
    t: &Translator,
    requests: &HashMap<i64, RequestRow>,
    countries: &HashMap<String, String>,
    c: &app::placing::RunCandidate,
) -> CandidateItem {
    let placed = match (c.request_id.and_then(|r| requests.get(&r)), &c.organisation) {
        (Some(r), _) => organisation_name(r, t.language()),
        (None, Some(name)) => name.clone(),
        (None, None) => t.t("placement-unplaced"),
    };
    CandidateItem {
        application: c.application_id,
        request: c.request_id,
        reference: c.reference.clone(),
        name: c.name.clone(),
        nationality: countries.get(&c.nationality).cloned().unwrap_or_else(|| c.nationality.clone()),
        position: t.key("position", &c.position),
        placed,
        moved: c.moved,
    }
}

fn summary_figures(t: &Translator, s: &Summary, split_couples: usize) -> Vec<Figure> {
    let of = |a: u64, b: u64| format!("{a} / {b} ({})", percent(a, b));
    vec![
        Figure { label: t.t("placement-fig-placed"), value: of(s.placed, s.candidates) },
        Figure { label: t.t("placement-fig-first-choices"), value: of(s.first_choices, s.placed) },
        Figure { label: t.t("placement-fig-stated"), value: of(s.in_stated_place, s.placed) },
        Figure { label: t.t("placement-fig-couples"), value: format!("{} / {}", s.couples_together, s.couples) },
        Figure { label: t.t("placement-fig-requests-unfilled"), value: s.requests_unfilled.to_string() },
        Figure { label: t.t("placement-fig-seats-unfilled"), value: format!("{} / {}", s.seats_unfilled, s.seats) },
        Figure { label: t.t("placement-fig-moved"), value: s.moved.to_string() },
        Figure { label: t.t("placement-fig-split-couples"), value: split_couples.to_string() },
    ]
}

async fn run_page(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    id: PlacementRunId,
    find: &str,
    note: &str,
    said: Said,
) -> Response {
    let t = &ctx.t;
    let result = async {
        let view = state.app.placing(actor, "placement.read").await?.run_view(id).await?;
        let prefectures = state.app.prefectures().await?;
        let requests = forwarded_requests(state, actor, view.run.year).await?;
        let countries: HashMap<String, String> =
            state.app.recruiting_countries(t.language()).await?.into_iter().collect();
        Ok::<_, AppError>((view, prefectures, requests, countries))
    }
    .await;
    let (view, prefectures, requests, countries) = match result {
        Ok(v) => v,
        Err(e) => return ctx.fail(e).into_response(),
    };
    let language = t.language();
    let run = &view.run;
    let map = run_map(t, &view);
    let needle = find.trim().to_lowercase();
    let matching: Vec<&app::placing::RunCandidate> = if needle.is_empty() {
        vec![]
    } else {
        view.candidates
            .iter()
            .filter(|c| {
                let organisation = c.request_id.and_then(|r| requests.get(&r)).map(|r| organisation_name(r, language));
                [Some(&c.reference), Some(&c.name), c.organisation.as_ref(), organisation.as_ref()]
                    .into_iter()
                    .flatten()
                    .any(|s| s.to_lowercase().contains(&needle))
            })
            .collect()
    };
    let page = RunPage {
        c: said.chrome(ctx, format!("/placement/runs/{id}")),
        nav: nav(actor, run.year, None),
        title: t.t_args("placement-run-title", &[("run", Arg::from(id.to_string()))]),
        run_id: id.0,
        version: run.version,
        status_code: run.status.to_string(),
        status: t.key("placement-run-status", run.status),
        mode: t.key("placement-mode", &run.mode),
        percent: view.job_percent,
        error: run.error.clone(),
        approved: run.approved_at.map(|at| {
            t.t_args(
                "placement-run-approved",
                &[("when", Arg::from(when(at))), ("note", Arg::from(run.approval_note.clone().unwrap_or_default()))],
            )
        }),
        started: when(run.created_at),
        figures: view.summary.as_ref().map(|s| summary_figures(t, s, view.split_couples)).unwrap_or_default(),
        timings: ["load", "derive", "solve", "store"]
            .iter()
            .filter_map(|step| {
                let ms = view.timings_ms.get(*step)?;
                Some(Figure { label: t.t(&format!("placement-timing-{step}")), value: format!("{ms} ms") })
            })
            .collect(),
        map,
        filled: view
            .map
            .iter()
            .map(|p| FilledRow {
                name: map::prefecture_name(p.code, language),
                href: prefecture_requests(run.year, p.code),
                seats: p.seats,
                filled: p.filled,
                percent: percent(p.filled, p.seats),
            })
            .collect(),
        countries: view
            .summary
            .as_ref()
            .map(|s| {
                s.by_country
                    .iter()
                    .map(|(code, candidates, placed, stated)| CountryRow {
                        name: countries.get(code).cloned().unwrap_or_else(|| code.clone()),
                        candidates: *candidates,
                        placed: *placed,
                        stated: *stated,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        unplaced: view
            .candidates
            .iter()
            .filter(|c| c.request_id.is_none())
            .map(|c| candidate_item(t, &requests, &countries, c))
            .collect(),
        unfilled: view
            .unfilled
            .iter()
            .map(|u| UnfilledItem {
                organisation: requests
                    .get(&u.request_id)
                    .map(|r| organisation_name(r, language))
                    .unwrap_or_else(|| u.organisation.clone()),
                prefecture: prefecture_name(&prefectures, u.prefecture, language),
                position: u.position.clone(),
                filled: u.filled,
                seats: u.seats,
            })
            .collect(),
        find: find.trim().to_owned(),
        found_more: matching.len() > FOUND_MAX,
        found_max: FOUND_MAX as i64,
        found: matching.iter().take(FOUND_MAX).map(|c| candidate_item(t, &requests, &countries, c)).collect(),
        note: note.to_owned(),
    };
    render(ctx, said.status, &page)
}

pub async fn run(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<PlacementRunId>,
    Query(q): Query<RunQuery>,
) -> Response {
    run_page(&state, &ctx, &actor, id, &q.find, "", Said::default()).await
}

pub async fn approve_run(
    State(state): State<AppState>,
    Path(id): Path<PlacementRunId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let note = value(&fields, "note");
    let result = async {
        state.app.placing(&actor, "placement.approve").await?.approve_run(id, version_of(&fields)?, &note).await
    }
    .await;
    match said_of(&ctx.t, result, "placement-run-changed", |n| {
        ctx.t.n("placement-approved-notice", "count", &(n as i64))
    }) {
        Ok(said) => {
            if let Some(done) = said.done(&state, &format!("/placement/runs/{id}")) {
                return done;
            }
            let kept = if said.refused() { note.as_str() } else { "" };
            run_page(&state, &ctx, &actor, id, "", kept, said).await
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

// ----- One candidate of a run: why they are where they are, and a move by hand -----

pub struct ListedItem {
    pub request: i64,
    pub rank: String,
    pub organisation: String,
    pub prefecture: String,
    pub tier: String,
    pub engine: String,
    pub current: bool,
    /// The engine placed the candidate here and a move by hand took them elsewhere.
    pub moved_from: bool,
}

pub struct BarredItem {
    pub organisation: String,
    pub prefecture: String,
    pub unmet: Vec<String>,
}

/// What a move costs, as the reader reads it.
pub struct CostView {
    pub heading: String,
    pub lines: Vec<CostLine>,
    pub pairs_heading: String,
    pub pairs: Vec<String>,
}

pub struct CostLine {
    pub text: String,
    pub warn: bool,
}

#[derive(Template)]
#[template(path = "placement/cost.html")]
struct CostFragment {
    cost: Option<CostView>,
}

#[derive(Template)]
#[template(path = "placement/candidate.html")]
struct CandidatePage {
    c: Chrome,
    nav: PlacementNav,
    title: String,
    run_id: i64,
    run_title: String,
    version: i64,
    open: bool,
    application: i64,
    facts: Vec<Figure>,
    listed: Vec<ListedItem>,
    barred: Vec<BarredItem>,
    options_listed: Vec<Choice>,
    options_other: Vec<Choice>,
    unplace_selected: bool,
    reason: String,
    cost: Option<CostView>,
}

/// The engine's reason in the reader's language where it is one the engine gives (its own
/// English otherwise).
fn engine_reason(t: &Translator, reason: &str) -> String {
    let rank_in = |s: &str| -> Option<i64> {
        let start = s.find("rank ")? + 5;
        s[start..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()
    };
    match reason {
        "does not rank this candidate" => return t.t("placement-reason-not-ranked"),
        "has no seats" => return t.t("placement-reason-no-seats"),
        r if r.starts_with("full with candidates it ranks higher") => {
            if let Some(rank) = rank_in(r) {
                return t.n("placement-reason-full", "rank", &rank);
            }
        }
        _ => {}
    }
    let (opening, rest) = if let Some(rest) = reason.strip_prefix("has a free seat") {
        (t.t("placement-reason-free-seat"), rest)
    } else if reason.starts_with("ranks this candidate above its cutoff") {
        let Some(rank) = rank_in(reason) else { return reason.to_owned() };
        let rest = reason.find(')').map_or("", |i| &reason[i + 1..]);
        (t.n("placement-reason-above-cutoff", "rank", &rank), rest)
    } else {
        return reason.to_owned();
    };
    let tail = if rest.contains("couple") {
        "placement-reason-couple"
    } else if rest.contains("blocking pair") {
        "placement-reason-blocking"
    } else if rest.contains("welfare") {
        "placement-reason-welfare"
    } else if rest.contains("rank-maximal") {
        "placement-reason-rank-maximal"
    } else {
        return reason.to_owned();
    };
    t.t_args("placement-reason-compound", &[("opening", Arg::from(opening)), ("rest", Arg::from(t.t(tail)))])
}

fn unmet_lines(t: &Translator, unmet: &[domain::placing::Unmet]) -> Vec<String> {
    unmet.iter().map(|u| t.s(u.message_key(), "detail", &u.detail())).collect()
}

/// The cost of a move in lines; the new blocking pairs name candidates by reference and
/// requests by organisation where the run knows them.
fn cost_view(
    t: &Translator,
    cost: &MoveCost,
    references: &HashMap<i64, String>,
    requests: &HashMap<i64, RequestRow>,
) -> CostView {
    let mut lines = Vec::new();
    if cost.request_id.is_none() {
        lines.push(CostLine { text: t.t("placement-cost-unplace"), warn: true });
    } else if let Some(rank) = cost.rank {
        lines.push(CostLine { text: t.n("placement-cost-rank", "rank", &rank), warn: false });
    }
    if cost.not_listed {
        lines.push(CostLine { text: t.t("placement-cost-not-listed"), warn: true });
    }
    for u in unmet_lines(t, &cost.unmet) {
        lines.push(CostLine { text: t.s("placement-cost-unmet", "requirement", &u), warn: true });
    }
    if cost.over_capacity {
        lines.push(CostLine { text: t.t("placement-cost-over-capacity"), warn: true });
    }
    lines.push(CostLine {
        text: t.t_args(
            "placement-cost-blocking",
            &[("before", Arg::from(cost.blocking_before)), ("after", Arg::from(cost.blocking_after))],
        ),
        warn: cost.blocking_after > cost.blocking_before,
    });
    let language = t.language();
    let name = |id: &str| -> String {
        if let Some(a) = id.strip_prefix('a').and_then(|a| a.parse::<i64>().ok()) {
            return references.get(&a).cloned().unwrap_or_else(|| id.to_owned());
        }
        if let Some(r) = id.strip_prefix('r').and_then(|r| r.parse::<i64>().ok()) {
            return requests.get(&r).map(|r| organisation_name(r, language)).unwrap_or_else(|| id.to_owned());
        }
        id.to_owned()
    };
    let pairs = cost
        .new_blocking
        .iter()
        .map(|(candidates, organisations)| {
            let who: Vec<String> = candidates.iter().map(|c| name(c)).collect();
            let where_: Vec<String> = organisations.iter().map(|o| name(o)).collect();
            t.t_args(
                "placement-cost-pair",
                &[("candidates", Arg::from(who.join(", "))), ("organisations", Arg::from(where_.join(", ")))],
            )
        })
        .collect();
    CostView {
        heading: match cost.request_id.and_then(|r| requests.get(&r)) {
            Some(r) => t.s("placement-cost-heading", "organisation", &organisation_name(r, language)),
            None => t.t("placement-cost-heading-unplace"),
        },
        lines,
        pairs_heading: t.t("placement-cost-new-pairs"),
        pairs,
    }
}

/// The year's forwarded requests by id (for names in the reader's language).
async fn forwarded_requests(state: &AppState, actor: &Actor, year: i64) -> AppResult<HashMap<i64, RequestRow>> {
    Ok(state
        .app
        .requesting(actor, "placement-request.read")
        .await?
        .requests(year, Some("forwarded"))
        .await?
        .into_iter()
        .map(|v| (v.row.id, v.row))
        .collect())
}

/// The cost as the page shows it, with the names the new blocking pairs need.
async fn cost_shown(
    state: &AppState,
    t: &Translator,
    actor: &Actor,
    run: PlacementRunId,
    cost: &MoveCost,
) -> AppResult<CostView> {
    let view = state.app.placing(actor, "placement.read").await?.run_view(run).await?;
    let requests = forwarded_requests(state, actor, view.run.year).await?;
    let references = if cost.new_blocking.is_empty() {
        HashMap::new()
    } else {
        view.candidates.iter().map(|c| (c.application_id, c.reference.clone())).collect()
    };
    Ok(cost_view(t, cost, &references, &requests))
}

/// The request a move form names: `none` takes the candidate out of any.
fn move_target(fields: &Fields) -> Result<Option<i64>, FieldError> {
    match value(fields, "request").as_str() {
        "" => Err(FieldError::new("request", "error-required")),
        "none" => Ok(None),
        raw => raw.parse::<i64>().map(Some).map_err(|_| FieldError::new("request", "error-choice-invalid")),
    }
}

/// What the candidate page is drawn from: the engine's explanation of one candidate in one run,
/// the run, the year's forwarded requests and the prefectures, in the reader's language.
struct CandidateView<'a> {
    t: &'a Translator,
    x: &'a Explanation,
    run: &'a RunView,
    requests: &'a HashMap<i64, RequestRow>,
    prefectures: &'a [PrefectureRow],
}

impl CandidateView<'_> {
    fn language(&self) -> Language {
        self.t.language()
    }

    /// A request by its organisation's name in the reader's language.
    fn label(&self, id: i64, fallback: &str) -> String {
        self.requests.get(&id).map(|r| organisation_name(r, self.language())).unwrap_or_else(|| fallback.to_owned())
    }

    fn prefecture(&self, code: i64) -> String {
        prefecture_name(self.prefectures, code, self.language())
    }

    /// Who the candidate is, where they are placed, what they stated.
    fn facts(&self) -> Vec<Figure> {
        let (t, x) = (self.t, self.x);
        let c = &x.candidate;
        let mut facts = vec![
            Figure { label: t.t("col-name"), value: c.name.clone() },
            Figure { label: t.t("col-nationality"), value: c.nationality.clone() },
            Figure { label: t.t("col-position"), value: t.key("position", &c.position) },
            Figure {
                label: t.t("placement-placed-at"),
                value: match (c.request_id, &c.prefecture) {
                    (Some(r), Some(p)) => {
                        format!("{} ({})", self.label(r, c.organisation.as_deref().unwrap_or("")), self.prefecture(*p))
                    }
                    _ => t.t("placement-unplaced"),
                },
            },
            Figure { label: t.t("col-rank"), value: c.rank.map(|r| r.to_string()).unwrap_or_else(|| "–".to_owned()) },
            Figure { label: t.t("placement-stated-places"), value: self.stated_places() },
            Figure {
                label: t.t("field-preferences-area"),
                value: match x.area {
                    Some(domain::placing::Area::Urban) => t.t("choice-urban"),
                    Some(domain::placing::Area::SemiUrban) => t.t("choice-semi-urban"),
                    Some(domain::placing::Area::Rural) => t.t("choice-rural"),
                    None => t.t("choice-no-preference"),
                },
            },
        ];
        if let Some(partner) = &x.partner {
            let value = if x.split_couple {
                t.s("placement-partner-split", "reference", partner)
            } else {
                t.t_args(
                    "placement-partner-pairs",
                    &[("reference", Arg::from(partner.as_str())), ("pairs", Arg::from(x.couple_pairs))],
                )
            };
            facts.push(Figure { label: t.t("placement-partner"), value });
        }
        if c.moved {
            facts.push(Figure { label: t.t("col-move-reason"), value: c.move_reason.clone().unwrap_or_default() });
        }
        facts
    }

    /// The places the candidate stated, in order, by name.
    fn stated_places(&self) -> String {
        let language = self.language();
        if self.x.stated_places.is_empty() {
            return self.t.t("placement-none-stated");
        }
        // Every stated place by name from the reference data, whether or not a request names it.
        self.x
            .stated_places
            .iter()
            .map(|p| domain::geography::place_label(p, language == Language::Ja).unwrap_or_else(|| p.clone()))
            .collect::<Vec<_>>()
            .join(" › ")
    }

    /// The requests on the candidate's list, with the engine's reason for each.
    fn listed(&self) -> Vec<ListedItem> {
        let (t, c) = (self.t, &self.x.candidate);
        self.x
            .requests
            .iter()
            .filter(|r| r.rank.is_some())
            .map(|r| ListedItem {
                request: r.request_id,
                rank: r.rank.map(|k| k.to_string()).unwrap_or_default(),
                organisation: self.label(r.request_id, &r.organisation),
                prefecture: self.prefecture(r.prefecture),
                tier: r.tier.as_deref().map(|tier| t.key("placement-tier", tier)).unwrap_or_default(),
                engine: r.engine.as_deref().map(|e| engine_reason(t, e)).unwrap_or_default(),
                current: c.request_id == Some(r.request_id),
                moved_from: r.engine_placed && c.request_id != Some(r.request_id),
            })
            .collect()
    }

    /// The requests the candidate could not be listed for, and why.
    fn barred(&self) -> Vec<BarredItem> {
        let t = self.t;
        self.x
            .requests
            .iter()
            .filter(|r| r.rank.is_none())
            .map(|r| BarredItem {
                organisation: self.label(r.request_id, &r.organisation),
                prefecture: self.prefecture(r.prefecture),
                // Requirements met, yet not listed: no seat left in this run (or, for a couple, no
                // pair near enough).
                unmet: match unmet_lines(t, &r.unmet) {
                    lines if !lines.is_empty() => lines,
                    _ if self.x.partner.is_some() => vec![t.t("placement-barred-couple")],
                    _ => vec![t.t("placement-barred-no-seats")],
                },
            })
            .collect()
    }

    /// The run's requests of the candidate's position, with (filled, seats): those that placed
    /// someone, and those it leaves with free seats.
    fn seats(&self) -> HashMap<i64, (u32, u32)> {
        let (position, view) = (&self.x.candidate.position, self.run);
        let mut seats: HashMap<i64, (u32, u32)> = HashMap::new();
        for u in view.unfilled.iter().filter(|u| &u.position == position) {
            seats.insert(u.request_id, (u.filled, u.seats));
        }
        for other in view.candidates.iter().filter(|o| &o.position == position) {
            if let Some(r) = other.request_id
                && !view.unfilled.iter().any(|u| u.request_id == r)
            {
                let entry = seats.entry(r).or_default();
                entry.0 += 1;
                entry.1 += 1;
            }
        }
        seats
    }

    /// Where the candidate can be moved: the candidate's own list first, then every other
    /// request of the position by prefecture.
    fn move_options(&self, listed: &[ListedItem], chosen: Option<i64>) -> (Vec<Choice>, Vec<Choice>) {
        let (t, seats) = (self.t, self.seats());
        let option = |id: i64, prefix: String| -> Choice {
            let (filled, total) = seats.get(&id).copied().unwrap_or_default();
            let pref = self.requests.get(&id).map(|r| self.prefecture(r.prefecture_code));
            Choice {
                value: id.to_string(),
                label: t.t_args(
                    "placement-move-option",
                    &[
                        ("prefix", Arg::from(prefix)),
                        ("organisation", Arg::from(self.label(id, &format!("#{id}")))),
                        ("prefecture", Arg::from(pref.unwrap_or_default())),
                        ("filled", Arg::from(u64::from(filled))),
                        ("seats", Arg::from(u64::from(total))),
                    ],
                ),
                selected: chosen == Some(id),
            }
        };
        let own = listed
            .iter()
            .filter(|l| seats.contains_key(&l.request))
            .map(|l| option(l.request, format!("{}.", l.rank)))
            .collect();
        let mut other: Vec<(String, String, i64)> = seats
            .keys()
            .filter(|id| !listed.iter().any(|l| l.request == **id))
            .map(|&id| {
                let pref = self.requests.get(&id).map(|r| r.prefecture_code).unwrap_or(0);
                (format!("{pref:02}"), self.label(id, ""), id)
            })
            .collect();
        other.sort();
        (own, other.into_iter().map(|(_, _, id)| option(id, String::new())).collect())
    }
}

#[allow(clippy::too_many_arguments)]
async fn candidate_page(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    run: PlacementRunId,
    application: ApplicationId,
    chosen: Option<Option<i64>>,
    reason: &str,
    said: Said,
) -> Response {
    let t = &ctx.t;
    let result = async {
        let explanation: Explanation =
            state.app.placing(actor, "placement.read").await?.explain_candidate(run, application).await?;
        let view = state.app.placing(actor, "placement.read").await?.run_view(run).await?;
        let requests = forwarded_requests(state, actor, view.run.year).await?;
        let prefectures = state.app.prefectures().await?;
        Ok::<_, AppError>((explanation, view, requests, prefectures))
    }
    .await;
    let (x, view, requests, prefectures) = match result {
        Ok(v) => v,
        Err(e) => return ctx.fail(e).into_response(),
    };
    let shown = CandidateView { t, x: &x, run: &view, requests: &requests, prefectures: &prefectures };
    let listed = shown.listed();
    let (options_listed, options_other) = shown.move_options(&listed, chosen.flatten());
    let page = CandidatePage {
        c: said.chrome(ctx, format!("/placement/runs/{run}/candidates/{application}")),
        nav: nav(actor, view.run.year, None),
        title: t.t_args(
            "placement-candidate-title",
            &[("reference", Arg::from(x.candidate.reference.as_str())), ("run", Arg::from(run.to_string()))],
        ),
        run_id: run.0,
        run_title: t.t_args("placement-run-title", &[("run", Arg::from(run.to_string()))]),
        version: view.run.version,
        open: view.run.status == RunStatus::Done,
        application: application.0,
        facts: shown.facts(),
        barred: shown.barred(),
        listed,
        options_listed,
        options_other,
        unplace_selected: chosen == Some(None),
        reason: reason.to_owned(),
        cost: None,
    };
    render(ctx, said.status, &page)
}

pub async fn candidate(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path((run, application)): Path<(PlacementRunId, ApplicationId)>,
) -> Response {
    candidate_page(&state, &ctx, &actor, run, application, None, "", Said::default()).await
}

#[derive(Deserialize, Default)]
pub struct CostQuery {
    #[serde(default)]
    pub application: String,
    #[serde(default)]
    pub request: String,
}

/// The cost of a move, as a fragment of the candidate page (htmx asks for it as the request is
/// chosen); nothing when no request is chosen yet.
pub async fn move_cost(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(run): Path<PlacementRunId>,
    Query(q): Query<CostQuery>,
) -> Response {
    let fields: Fields = vec![("request".into(), q.request.clone())];
    let result = async {
        let application =
            q.application.trim().parse::<i64>().map_err(|_| FieldError::new("application", "error-number-invalid"))?;
        let request = match move_target(&fields) {
            Ok(request) => request,
            Err(_) if q.request.trim().is_empty() => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let cost = state
            .app
            .placing(&actor, "placement.read")
            .await?
            .move_cost(run, ApplicationId(application), request)
            .await?;
        Ok::<_, AppError>(Some(cost_shown(&state, &ctx.t, &actor, run, &cost).await?))
    }
    .await;
    match result {
        Ok(cost) => render(&ctx, StatusCode::OK, &CostFragment { cost }),
        Err(AppError::Invalid(errors)) => {
            let lines = errors.iter().map(|e| CostLine { text: field_message(&ctx.t, e), warn: true }).collect();
            let cost = CostView { heading: ctx.t.t("error-title"), lines, pairs_heading: String::new(), pairs: vec![] };
            render(&ctx, StatusCode::UNPROCESSABLE_ENTITY, &CostFragment { cost: Some(cost) })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn move_candidate(
    State(state): State<AppState>,
    Path(run): Path<PlacementRunId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let application = match value(&fields, "application").parse::<i64>() {
        Ok(a) => a,
        Err(_) => return ctx.fail(FieldError::new("application", "error-number-invalid")).into_response(),
    };
    let reason = value(&fields, "reason");
    let target = move_target(&fields);
    let result = async {
        let request = target.clone()?;
        state
            .app
            .placing(&actor, "placement.move")
            .await?
            .move_candidate(run, version_of(&fields)?, ApplicationId(application), request, &reason)
            .await
    }
    .await;
    let said = match result {
        // Back to the candidate's page, where they now stand; what the move cost goes with it.
        Ok(cost) => Said {
            notice: Some(ctx.t.t_args(
                "placement-moved-notice",
                &[("before", Arg::from(cost.blocking_before)), ("after", Arg::from(cost.blocking_after))],
            )),
            ..Said::default()
        },
        Err(e) => match refusal(&ctx.t, e, "placement-run-changed") {
            Ok(said) => said,
            Err(e) => return ctx.fail(e).into_response(),
        },
    };
    if let Some(done) = said.done(&state, &format!("/placement/runs/{run}/candidates/{application}")) {
        return done;
    }
    candidate_page(&state, &ctx, &actor, run, ApplicationId(application), target.ok(), &reason, said).await
}

// ----- Two runs side by side -----

#[derive(Deserialize, Default)]
pub struct CompareQuery {
    #[serde(default)]
    pub a: String,
    #[serde(default)]
    pub b: String,
}

pub struct CompareRow {
    pub label: String,
    pub a: String,
    pub b: String,
    /// b against a, signed; empty when not a count.
    pub diff: String,
}

#[derive(Template)]
#[template(path = "placement/compare.html")]
struct ComparePage {
    c: Chrome,
    nav: PlacementNav,
    title: String,
    a: RunItem,
    b: RunItem,
    figures: Vec<CompareRow>,
    prefectures: Vec<CompareRow>,
    countries: Vec<CompareRow>,
}

fn signed(a: u64, b: u64) -> String {
    let d = b as i64 - a as i64;
    if d > 0 { format!("+{d}") } else { d.to_string() }
}

pub async fn compare(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(q): Query<CompareQuery>,
) -> Response {
    let t = &ctx.t;
    let result = async {
        let a = q.a.trim().parse::<i64>().map_err(|_| FieldError::new("a", "error-number-invalid"))?;
        let b = q.b.trim().parse::<i64>().map_err(|_| FieldError::new("b", "error-number-invalid"))?;
        let runs = state
            .app
            .placing(&actor, "placement.read")
            .await?
            .compare_runs(PlacementRunId(a), PlacementRunId(b))
            .await?;
        let countries: HashMap<String, String> =
            state.app.recruiting_countries(t.language()).await?.into_iter().collect();
        Ok::<_, AppError>((runs, state.app.prefectures().await?, countries))
    }
    .await;
    let ((ra, sa, rb, sb), prefectures, country_names) = match result {
        Ok(v) => v,
        Err(e) => return ctx.fail(e).into_response(),
    };
    let language = t.language();
    let row = |key: &str, a: u64, b: u64| CompareRow {
        label: t.t(key),
        a: a.to_string(),
        b: b.to_string(),
        diff: signed(a, b),
    };
    let figures = vec![
        CompareRow {
            label: t.t("placement-fig-mode"),
            a: t.key("placement-mode", &ra.mode),
            b: t.key("placement-mode", &rb.mode),
            diff: String::new(),
        },
        row("placement-fig-candidates", sa.candidates, sb.candidates),
        row("placement-fig-placed", sa.placed, sb.placed),
        row("placement-fig-first-choices", sa.first_choices, sb.first_choices),
        row("placement-fig-stated", sa.in_stated_place, sb.in_stated_place),
        row("placement-fig-couples-together", sa.couples_together, sb.couples_together),
        row("placement-fig-requests-unfilled", sa.requests_unfilled, sb.requests_unfilled),
        row("placement-fig-seats-unfilled", sa.seats_unfilled, sb.seats_unfilled),
        row("placement-fig-moved", sa.moved, sb.moved),
    ];
    let mut codes: Vec<u8> = sa.by_prefecture.iter().chain(&sb.by_prefecture).map(|p| p.0).collect();
    codes.sort_unstable();
    codes.dedup();
    let by_pref = |s: &Summary, code: u8| s.by_prefecture.iter().find(|p| p.0 == code).map_or((0, 0), |p| (p.1, p.2));
    let prefecture_rows = codes
        .iter()
        .map(|&code| {
            let (seats_a, filled_a) = by_pref(&sa, code);
            let (seats_b, filled_b) = by_pref(&sb, code);
            CompareRow {
                label: prefecture_name(&prefectures, i64::from(code), language),
                a: format!("{filled_a} / {seats_a}"),
                b: format!("{filled_b} / {seats_b}"),
                diff: signed(filled_a, filled_b),
            }
        })
        .collect();
    let mut countries: Vec<&str> = sa.by_country.iter().chain(&sb.by_country).map(|c| c.0.as_str()).collect();
    countries.sort_unstable();
    countries.dedup();
    let by_country =
        |s: &Summary, code: &str| s.by_country.iter().find(|c| c.0 == code).map_or((0, 0, 0), |c| (c.1, c.2, c.3));
    let country_rows = countries
        .iter()
        .map(|code| {
            let (n_a, placed_a, stated_a) = by_country(&sa, code);
            let (n_b, placed_b, stated_b) = by_country(&sb, code);
            CompareRow {
                label: country_names.get(*code).cloned().unwrap_or_else(|| (*code).to_owned()),
                a: t.t_args(
                    "placement-compare-country",
                    &[("placed", Arg::from(placed_a)), ("candidates", Arg::from(n_a)), ("stated", Arg::from(stated_a))],
                ),
                b: t.t_args(
                    "placement-compare-country",
                    &[("placed", Arg::from(placed_b)), ("candidates", Arg::from(n_b)), ("stated", Arg::from(stated_b))],
                ),
                diff: signed(placed_a, placed_b),
            }
        })
        .collect();
    let page = ComparePage {
        c: Chrome::new(&ctx),
        nav: nav(&actor, ra.year, None),
        title: t.t_args("placement-compare-title", &[("a", Arg::from(ra.id)), ("b", Arg::from(rb.id))]),
        a: run_item(t, &ra),
        b: run_item(t, &rb),
        figures,
        prefectures: prefecture_rows,
        countries: country_rows,
    };
    render(&ctx, StatusCode::OK, &page)
}

// ----- Who comes to the caller's organisations -----

pub struct IncomingItem {
    pub reference: String,
    pub name: String,
    pub facts: Vec<Figure>,
    pub statement: String,
}

#[derive(Template)]
#[template(path = "placement/incoming.html")]
struct IncomingPage {
    c: Chrome,
    nav: PlacementNav,
    title: String,
    rows: Vec<IncomingItem>,
}

pub async fn incoming(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(q): Query<YearQuery>,
) -> Response {
    let t = &ctx.t;
    let year = match year_of(&state, &q.year) {
        Ok(year) => year,
        Err(e) => return ctx.fail(e).into_response(),
    };
    let rows = match async { state.app.requesting(&actor, "placement.incoming").await?.incoming(year).await }.await {
        Ok(rows) => rows,
        Err(e) => return ctx.fail(e).into_response(),
    };
    let or_dash = |s: &str| if s.trim().is_empty() { "–".to_owned() } else { s.to_owned() };
    let rows = rows
        .iter()
        .map(|p| IncomingItem {
            reference: p.reference.clone(),
            name: p.name.clone(),
            facts: vec![
                Figure { label: t.t("col-organisation"), value: p.organisation.clone() },
                Figure { label: t.t("col-position"), value: t.key("position", &p.position) },
                Figure { label: t.t("col-nationality"), value: p.nationality.clone() },
                Figure { label: t.t("field-japanese-jlpt"), value: or_dash(&p.jlpt) },
                Figure {
                    label: t.t("placement-driving-licence"),
                    value: t.t(if p.driving_licence { "choice-yes" } else { "choice-no" }),
                },
                Figure { label: t.t("placement-field-of-study"), value: or_dash(&p.field_of_study) },
                Figure { label: t.t("placement-teaching"), value: or_dash(&p.teaching) },
                Figure { label: t.t("placement-departure-group"), value: or_dash(&p.departure_group) },
                Figure { label: t.t("placement-notified"), value: when(p.notified_at) },
            ],
            statement: p.statement.clone(),
        })
        .collect();
    let page = IncomingPage {
        c: Chrome::new(&ctx),
        nav: nav(&actor, year, Some("/placement/incoming")),
        title: t.n("placement-incoming-title", "year", &year),
        rows,
    };
    render(&ctx, StatusCode::OK, &page)
}

// ----- The applicant's placement notice -----

/// A placement as the applicant's status page shows it.
pub struct PlacementNotice {
    pub heading: String,
    pub facts: Vec<Figure>,
    pub declined: Option<String>,
}

/// The applicant's notice for one application, if it was placed.
pub async fn placement_notice(
    state: &AppState,
    t: &Translator,
    actor: &Actor,
    application: i64,
) -> AppResult<Option<PlacementNotice>> {
    let Some(MyPlacement { placement, request: r, time_zone, contacts }) =
        state.app.applicant(actor, "placement.read").await?.my_placement(ApplicationId(application)).await?
    else {
        return Ok(None);
    };
    // The applicant reads times in their country's zone, as on the rest of their page.
    let when = |at| app::recruitment::local_time(&time_zone, at);
    let prefectures = state.app.prefectures().await?;
    let language = t.language();
    let detail = match r.position.as_str() {
        "ALT" => Figure {
            label: t.t("placement-field-school-levels"),
            value: r
                .school_levels
                .split(',')
                .filter(|l| !l.is_empty())
                .map(|l| t.key("school-level", l))
                .collect::<Vec<_>>()
                .join(", "),
        },
        "CIR" => Figure { label: t.t("placement-field-department"), value: r.department.clone().unwrap_or_default() },
        _ => Figure { label: t.t("placement-field-sport"), value: r.sport.clone().unwrap_or_default() },
    };
    Ok(Some(PlacementNotice {
        heading: t.t("placement-notice-heading"),
        facts: vec![
            Figure { label: t.t("col-organisation"), value: organisation_name(&r, language) },
            Figure { label: t.t("placement-municipality"), value: request_place(&r, &prefectures, language) },
            Figure { label: t.t("col-position"), value: t.key("position", &r.position) },
            detail,
            Figure { label: t.t("placement-field-housing"), value: t.key("housing", &r.housing) },
            Figure { label: t.t("placement-contact"), value: app::placing::contact_line(t, &contacts) },
            Figure { label: t.t("placement-notified"), value: when(placement.notified_at) },
        ],
        declined: placement.declined_at.map(|at| {
            t.t_args(
                "placement-declined",
                &[("when", Arg::from(when(at))), ("reason", Arg::from(placement.decline_reason.unwrap_or_default()))],
            )
        }),
    }))
}

pub async fn decline_placement(
    State(state): State<AppState>,
    Path(id): Path<ApplicationId>,
    SignedForm(fields, ctx, actor): SignedForm<Fields>,
) -> Response {
    let result = async {
        state.app.applicant(&actor, "placement.decline").await?.decline_placement(id, &value(&fields, "reason")).await
    }
    .await;
    match said_of(&ctx.t, result, "error-conflict", |()| ctx.t.t("placement-declined-notice")) {
        Ok(said) => match said.done(&state, "/my-application") {
            Some(done) => done,
            None => applicant_page(&state, &ctx, said).await,
        },
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "placement/applicant_part.html")]
struct NoticePart<'a> {
    t: Translator,
    csrf: &'a str,
    a: &'a app::applying::ApplicationView,
    p: PlacementNotice,
}

/// The placement notice on the applicant's status page, once the committee approved a placement.
pub(super) async fn applicant_part(shown: &ApplicantCard<'_>) -> AppResult<Option<ApplicantPart>> {
    let a = shown.application;
    if a.record.status == ApplicationStatus::Draft {
        return Ok(None);
    }
    let t = shown.ctx.t;
    let Some(p) = placement_notice(shown.state, &t, shown.actor, a.record.id).await? else {
        return Ok(None);
    };
    Ok(Some(ApplicantPart {
        place: Place::Lead,
        html: part_html(&NoticePart { t, csrf: &shown.ctx.csrf_token, a, p }),
    }))
}
