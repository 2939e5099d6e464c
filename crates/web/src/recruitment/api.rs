//! The recruitment area's API: programme years, their lifecycle and rules, eligibility checks and
//! overrides, and the years open to applicants.

use crate::shell::AppState;
use crate::shell::api::ApiResult;
use crate::shell::api::{
    Application, EligibilityFinding, EligibilityRulesBody, Period, SelectionRulesBody, YearRecord,
};
use crate::shell::context::{ApiJson, Signed};
use crate::shell::error::ErrorBody;
use crate::shell::state::Ctx;
use app::applying::OpenYear;
use app::recruitment::{
    DepartureGroupInput, EligibilityReport, FactsInput, PeriodInput, QualificationInput, YearInput, YearView,
};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::ProgrammeYearStatus;
use domain::lifecycle::Lifecycle;
use domain::{ApplicationId, ProgrammeYearId};
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewYearRequest {
    /// ISO 3166-1 alpha-2 code of the recruiting country.
    pub country: String,
    pub year: i64,
}

/// Programme years of the countries the caller may set up (mission staff: their mission's
/// country; CLAIR: all).
#[utoipa::path(get, path = "/api/v1/programme-years", tag = "recruitment",
    responses((status = 200, body = Vec<ProgrammeYear>, description = "The programme years with their dates (UTC and local), plan, departure groups and rules."), (status = 403, body = ErrorBody)))]
pub async fn programme_years(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
) -> ApiResult<Vec<ProgrammeYear>> {
    let years = state
        .app
        .year_desk(&actor, "programme-year.list")
        .await
        .map_err(|e| ctx.fail(e))?
        .programme_years()
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(years.into_iter().map(Into::into).collect()))
}

/// Opens a country's programme year (in planning).
#[utoipa::path(post, path = "/api/v1/programme-years", tag = "recruitment", request_body = NewYearRequest,
    responses((status = 201, body = ProgrammeYear), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_programme_year(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    ApiJson(body): ApiJson<NewYearRequest>,
) -> Response {
    match async {
        state
            .app
            .year_desk(&actor, "programme-year.create")
            .await?
            .create_programme_year(&body.country, body.year)
            .await
    }
    .await
    {
        Ok(view) => (StatusCode::CREATED, Json(ProgrammeYear::from(view))).into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// One programme year.
#[utoipa::path(get, path = "/api/v1/programme-years/{id}", tag = "recruitment", params(("id" = i64, Path)),
    responses((status = 200, body = ProgrammeYear), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn programme_year(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ProgrammeYearId>,
) -> ApiResult<ProgrammeYear> {
    Ok(Json(
        state
            .app
            .year_desk(&actor, "programme-year.read")
            .await
            .map_err(|e| ctx.fail(e))?
            .programme_year(id)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

/// Saves a year's dates (`YYYY-MM-DD`; the application opening, the application deadline and the
/// reply deadline as local `YYYY-MM-DDTHH:MM` in the country's time zone), places by position,
/// `sea_offered`, `departure_groups` (`[{name, arrival_date}]`) and the `version` it edited: a
/// stale version answers 409.
#[utoipa::path(put, path = "/api/v1/programme-years/{id}", tag = "recruitment", params(("id" = i64, Path)),
    request_body = YearSettingsRequest,
    responses((status = 200, body = ProgrammeYear), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_programme_year(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ProgrammeYearId>,
    ApiJson(body): ApiJson<YearSettingsRequest>,
) -> ApiResult<ProgrammeYear> {
    let input = YearInput::from(body);
    Ok(Json(
        state
            .app
            .year_desk(&actor, "programme-year.update")
            .await
            .map_err(|e| ctx.fail(e))?
            .save_programme_year(id, &input)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct YearStatusRequest {
    /// `recruiting`, `selecting`, `placing` or `closed`, the next in the year's lifecycle.
    pub status: String,
    pub version: i64,
}

/// Moves a year along its lifecycle.
#[utoipa::path(post, path = "/api/v1/programme-years/{id}/status", tag = "recruitment", params(("id" = i64, Path)), request_body = YearStatusRequest,
    responses((status = 200, body = ProgrammeYear), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn advance_programme_year(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ProgrammeYearId>,
    ApiJson(body): ApiJson<YearStatusRequest>,
) -> ApiResult<ProgrammeYear> {
    let desk = state.app.year_desk(&actor, "programme-year.status").await.map_err(|e| ctx.fail(e))?;
    let to = ProgrammeYearStatus::parse(&body.status).map_err(|e| ctx.fail(e))?;
    let view = desk.advance_programme_year(id, to, body.version).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(view.into()))
}

/// Checks an applicant's facts against a programme year's eligibility rules: each finding with
/// its rule and the reason in the caller's language; `eligible` is false when any finding is
/// `ineligible` (a `condition` is something to do or to be assessed). Body: `nationality`,
/// `also_japanese`, `position`, `departure_group` (its arrival date is the degree cut-off),
/// `qualifications` (`[{kind: bachelor|teacher-training-3-year, awarded}]`),
/// `previous_participations` and `residence_in_japan` (`[{start, end}]`),
/// `declined_placement_last_year_without_reason`, `jlpt`, `japanese_self_assessment` (`N1`…`N5`).
#[utoipa::path(post, path = "/api/v1/programme-years/{id}/eligibility", tag = "recruitment", params(("id" = i64, Path)),
    request_body = FactsRequest,
    responses((status = 200, body = EligibilityAnswer), (status = 422, body = ErrorBody)))]
pub async fn check_eligibility(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ProgrammeYearId>,
    ApiJson(body): ApiJson<FactsRequest>,
) -> ApiResult<EligibilityAnswer> {
    let facts = FactsInput::from(body);
    Ok(Json(state.app.account(&actor).check_eligibility(id, &facts).await.map_err(|e| ctx.fail(e))?.into()))
}

/// Programme years taking applications now, with their missions, departure groups and interview
/// locations. Public: a prospective applicant looks before registering.
#[utoipa::path(get, path = "/api/v1/open-years", tag = "applying", security(()), responses((status = 200, body = Vec<OpenYearBody>)))]
pub async fn open_years(State(state): State<AppState>, ctx: Ctx) -> ApiResult<Vec<OpenYearBody>> {
    let years = state.app.open_years(ctx.language()).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(years.into_iter().map(Into::into).collect()))
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
    request_body = OverrideRequest, responses((status = 200, body = Application), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn override_eligibility(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
    ApiJson(body): ApiJson<OverrideRequest>,
) -> ApiResult<Application> {
    let record = state
        .app
        .selecting(&actor, "application.eligibility-override")
        .await
        .map_err(|e| ctx.fail(e))?
        .override_eligibility(id, &body.reason, body.version)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(record.into()))
}

// ----- The API's own types: what the operations above answer, as the document describes it -----

/// A programme year as its editors see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeYear {
    #[serde(flatten)]
    pub record: YearRecord,
    pub departure_groups: Vec<DepartureGroup>,
    /// The zone the year states its deadlines in: its own, or the country's.
    pub deadline_time_zone_in_force: String,
    /// The three instants in the year's deadline zone (`2026-11-13 23:59 HST`).
    pub applications_open_local: Option<String>,
    pub application_deadline_local: Option<String>,
    pub reply_deadline_local: Option<String>,
    /// The application deadline as the year states it, with the zone's name
    /// (`2026-11-13 23:59 HST (Pacific/Honolulu)`).
    pub application_deadline_stated: Option<String>,
    /// False once the year is closed: a save is then refused (422).
    pub editable: bool,
    /// The states the year may move to next.
    pub next_statuses: Vec<String>,
    /// The eligibility rules in force (JET.md's defaults until the desk sets its own).
    pub rules: EligibilityRulesBody,
    /// How the year selects (the defaults until the desk sets its own).
    pub selection: SelectionRulesBody,
}

impl From<YearView> for ProgrammeYear {
    fn from(v: YearView) -> Self {
        ProgrammeYear {
            record: v.year.into(),
            departure_groups: v
                .departure_groups
                .into_iter()
                .map(|g| DepartureGroup {
                    id: g.id,
                    name: g.name,
                    arrival_date: g.arrival_date,
                    pre_departure_orientation: g.pre_departure_orientation,
                })
                .collect(),
            deadline_time_zone_in_force: v.deadline_time_zone,
            application_deadline_stated: v.application_deadline_stated,
            editable: v.editable,
            applications_open_local: v.applications_open_local,
            application_deadline_local: v.application_deadline_local,
            reply_deadline_local: v.reply_deadline_local,
            next_statuses: v.next_statuses.into_iter().map(str::to_owned).collect(),
            rules: v.rules.into(),
            selection: v.selection.into(),
        }
    }
}

/// A departure group of a year: its participants arrive in Japan together.
#[derive(Debug, Serialize, ToSchema)]
pub struct DepartureGroup {
    pub id: i64,
    pub name: String,
    pub arrival_date: Date,
    /// The group's own pre-departure orientation; null: the year's.
    pub pre_departure_orientation: Option<Date>,
}

/// A departure group as an editor writes it; dates `YYYY-MM-DD`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DepartureGroupRequest {
    pub name: String,
    pub arrival_date: String,
    /// The group's own pre-departure orientation (an April group beside summer groups); empty or
    /// absent: the year's.
    #[serde(default)]
    pub pre_departure_orientation: String,
}

/// A programme year open for applications, as a prospective applicant sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenYearBody {
    pub id: i64,
    pub country: String,
    pub country_name: String,
    pub year: i64,
    pub deadline_local: Option<String>,
    pub sea_offered: bool,
    pub missions: Vec<MissionChoice>,
    pub departure_groups: Vec<DepartureChoice>,
    pub interview_locations: Vec<String>,
}

/// A mission an applicant may apply through.
#[derive(Debug, Serialize, ToSchema)]
pub struct MissionChoice {
    pub id: i64,
    pub name: String,
}

/// A departure group by name and arrival date, as an applicant chooses it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DepartureChoice {
    pub name: String,
    /// `YYYY-MM-DD`.
    pub arrival_date: String,
}

impl From<OpenYear> for OpenYearBody {
    fn from(y: OpenYear) -> Self {
        OpenYearBody {
            id: y.id,
            country: y.country,
            country_name: y.country_name,
            year: y.year,
            deadline_local: y.deadline_local,
            sea_offered: y.sea_offered,
            missions: y.missions.into_iter().map(|(id, name)| MissionChoice { id, name }).collect(),
            departure_groups: y
                .departure_groups
                .into_iter()
                .map(|(name, arrival_date)| DepartureChoice { name, arrival_date })
                .collect(),
            interview_locations: y.interview_locations,
        }
    }
}

/// The eligibility check's answer: `eligible` is false when any finding is `ineligible`.
#[derive(Debug, Serialize, ToSchema)]
pub struct EligibilityAnswer {
    pub eligible: bool,
    pub findings: Vec<EligibilityFinding>,
}

impl From<EligibilityReport> for EligibilityAnswer {
    fn from(r: EligibilityReport) -> Self {
        EligibilityAnswer {
            eligible: r.eligible,
            findings: r
                .findings
                .into_iter()
                .map(|f| EligibilityFinding {
                    rule: f.rule.to_owned(),
                    rule_name: f.rule_name,
                    severity: f.severity.to_owned(),
                    message: f.message,
                })
                .collect(),
        }
    }
}

/// A year's settings as its editor saves them. Dates are `YYYY-MM-DD`; the application opening,
/// the application deadline and the reply deadline are local `YYYY-MM-DDTHH:MM` in the year's
/// deadline time zone (`deadline_time_zone`, or the country's when empty). Empty means not set
/// yet. A closed year refuses every save (422, naming `status`).
#[derive(Debug, Deserialize, ToSchema)]
pub struct YearSettingsRequest {
    /// The IANA zone the year states its deadlines in (`Pacific/Honolulu`); empty or absent: the
    /// country's.
    #[serde(default)]
    pub deadline_time_zone: String,
    #[serde(default)]
    pub guidelines_published: String,
    #[serde(default)]
    pub applications_open: String,
    #[serde(default)]
    pub application_deadline: String,
    #[serde(default)]
    pub first_screening: String,
    /// The second-round list (Korea's cycle); optional.
    #[serde(default)]
    pub second_round_list: String,
    #[serde(default)]
    pub interviews_from: String,
    #[serde(default)]
    pub interviews_until: String,
    #[serde(default)]
    pub results_by: String,
    #[serde(default)]
    pub reply_deadline: String,
    /// When placement notices go out; optional.
    #[serde(default)]
    pub placement_notices: String,
    #[serde(default)]
    pub pre_departure_orientation: String,
    #[serde(default)]
    pub places_alt: i64,
    #[serde(default)]
    pub places_cir: i64,
    #[serde(default)]
    pub places_sea: i64,
    #[serde(default)]
    pub sea_offered: bool,
    #[serde(default)]
    pub departure_groups: Vec<DepartureGroupRequest>,
    /// The year's eligibility rules; absent keeps the rules the year has (or JET.md's defaults).
    #[serde(default)]
    pub eligibility_rules: Option<EligibilityRulesBody>,
    /// How the year selects; absent keeps what the year has (or the defaults).
    #[serde(default)]
    pub selection_rules: Option<SelectionRulesBody>,
    /// The version the editor saw; a save against a newer one is a conflict (409).
    pub version: i64,
}

impl From<YearSettingsRequest> for YearInput {
    fn from(r: YearSettingsRequest) -> Self {
        YearInput {
            deadline_time_zone: r.deadline_time_zone,
            second_round_list: r.second_round_list,
            placement_notices: r.placement_notices,
            guidelines_published: r.guidelines_published,
            applications_open: r.applications_open,
            application_deadline: r.application_deadline,
            first_screening: r.first_screening,
            interviews_from: r.interviews_from,
            interviews_until: r.interviews_until,
            results_by: r.results_by,
            reply_deadline: r.reply_deadline,
            pre_departure_orientation: r.pre_departure_orientation,
            places_alt: r.places_alt,
            places_cir: r.places_cir,
            places_sea: r.places_sea,
            sea_offered: r.sea_offered,
            departure_groups: r
                .departure_groups
                .into_iter()
                .map(|g| DepartureGroupInput {
                    name: g.name,
                    arrival_date: g.arrival_date,
                    pre_departure_orientation: g.pre_departure_orientation,
                })
                .collect(),
            eligibility_rules: r.eligibility_rules.map(Into::into),
            selection_rules: r.selection_rules.map(Into::into),
            version: r.version,
        }
    }
}

/// An applicant's facts for the eligibility check; dates `YYYY-MM-DD`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FactsRequest {
    /// ISO 3166-1 alpha-2 code.
    pub nationality: String,
    #[serde(default)]
    pub also_japanese: bool,
    /// `ALT`, `CIR` or `SEA`.
    pub position: String,
    /// The departure group the applicant chooses; its arrival date is the cut-off for the degree.
    pub departure_group: String,
    #[serde(default)]
    pub qualifications: Vec<QualificationRequest>,
    #[serde(default)]
    pub previous_participations: Vec<Period>,
    #[serde(default)]
    pub residence_in_japan: Vec<Period>,
    #[serde(default)]
    pub declined_placement_last_year_without_reason: bool,
    /// `N1` … `N5`.
    pub jlpt: Option<String>,
    /// `N1` … `N5`.
    pub japanese_self_assessment: Option<String>,
}

/// A degree or certificate and when it was awarded.
#[derive(Debug, Deserialize, ToSchema)]
pub struct QualificationRequest {
    /// `bachelor` or `teacher-training-3-year`.
    pub kind: String,
    pub awarded: String,
}

impl From<FactsRequest> for FactsInput {
    fn from(r: FactsRequest) -> Self {
        let periods =
            |p: Vec<Period>| p.into_iter().map(|p| PeriodInput { start: p.start, end: p.end }).collect::<Vec<_>>();
        FactsInput {
            nationality: r.nationality,
            also_japanese: r.also_japanese,
            position: r.position,
            departure_group: r.departure_group,
            qualifications: r
                .qualifications
                .into_iter()
                .map(|q| QualificationInput { kind: q.kind, awarded: q.awarded })
                .collect(),
            previous_participations: periods(r.previous_participations),
            residence_in_japan: periods(r.residence_in_japan),
            declined_placement_last_year_without_reason: r.declined_placement_last_year_without_reason,
            jlpt: r.jlpt,
            japanese_self_assessment: r.japanese_self_assessment,
        }
    }
}
