//! What every area's API shares: the result type of a handler, a page of a list, and the list
//! parameters. Authentication: the session cookie (unsafe methods then need the `X-CSRF-Token`
//! header, whose value `GET /api/v1/me` returns) or a personal API token (`Authorization: Bearer
//! kkt_…`). Errors: `{"error": {"code", "message", "fields"}}` with the message in the caller's
//! language.

use crate::shell::failure::Failure;
use crate::shell::lists::ListQuery;
use app::admin::Listing;
use axum::Json;
use domain::eligibility::{EligibilityRules, Jlpt};
use domain::selection::{Criterion, SelectionRules};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use store::applying::ApplicationRecord;
use store::recruitment::ProgrammeYearRow;
use time::{Date, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};

pub type ApiResult<T> = Result<Json<T>, Failure>;

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paged<T: ToSchema> {
    pub rows: Vec<T>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

pub fn paged<R, T: ToSchema>(listing: Listing<R>, f: impl Fn(R) -> T) -> Paged<T> {
    Paged {
        rows: listing.rows.into_iter().map(f).collect(),
        total: listing.total,
        limit: listing.limit,
        offset: listing.offset,
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

/// A role as the API shows it, on the caller (`/me`) and on users (administration).
#[derive(Debug, Serialize, ToSchema)]
pub struct RoleDto {
    /// `applicant`, `mission-staff`, `clair-staff`, `co-supervisor`, `prefectural-advisor`,
    /// `participant`, `alumnus`, `company-recruiter`, `system-administrator`.
    pub role: String,
    /// The unit the role is held for: `mission:3`, `organisation:12`, `prefecture:28`,
    /// `company:1`, or `-`.
    pub unit: String,
}

/// An application's record, as several areas answer it after a step (an override, a decision, a
/// reply). The store keeps the form, the eligibility findings and the override as JSON text; the
/// API answers them as the structures they are.
#[derive(Debug, Serialize, ToSchema)]
pub struct Application {
    pub id: i64,
    pub reference: String,
    pub person_id: i64,
    pub programme_year_id: i64,
    pub mission_id: i64,
    /// `ALT`, `CIR` or `SEA`.
    pub position: String,
    pub status: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<time::OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: time::OffsetDateTime,
    /// The form by section, then by field.
    pub form: Form,
    pub status_reason: Option<String>,
    /// The eligibility check's findings at submission.
    pub eligibility: Option<Vec<EligibilityFinding>>,
    pub version: i64,
    /// A mission's acceptance of what the eligibility rules refuse.
    pub eligibility_override: Option<EligibilityOverride>,
    /// The written test's result (0–100), where the mission holds one.
    pub written_test_score: Option<i64>,
    /// An alternate's place in the queue (1 is upgraded first).
    pub alternate_rank: Option<i64>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub replied_at: Option<time::OffsetDateTime>,
}

/// An application form: its sections, each a map of field names to values.
#[derive(Debug, Default, Serialize, ToSchema)]
#[serde(transparent)]
pub struct Form(pub BTreeMap<String, BTreeMap<String, FormValue>>);

/// A value of the application form: text (dates `YYYY-MM-DD`, codes), a yes/no, or a list (of
/// periods, or of place codes).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum FormValue {
    Text(String),
    Flag(bool),
    List(Vec<FormItem>),
    /// A cleared field.
    Cleared,
}

/// An item of a list in the application form: a period, or a code (a prefecture's 2 digits or a
/// municipality's 6).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum FormItem {
    Period(Period),
    Code(String),
}

/// A period between two dates (`YYYY-MM-DD`).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Period {
    pub start: String,
    pub end: String,
}

/// The form as the store keeps it, read into its structure (a value of no known shape is left
/// out rather than failing the answer).
pub fn form_of(json: &serde_json::Value) -> Form {
    let mut form = BTreeMap::new();
    if let Some(sections) = json.as_object() {
        for (section, fields) in sections {
            let values = fields
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(name, value)| {
                    serde_json::from_value::<FormValue>(value.clone()).ok().map(|v| (name.clone(), v))
                })
                .collect();
            form.insert(section.clone(), values);
        }
    }
    Form(form)
}

/// One finding of the eligibility check, in the reader's language.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EligibilityFinding {
    pub rule: String,
    pub rule_name: String,
    /// `ineligible` stops the application; `condition` is something to do or to be assessed.
    pub severity: String,
    pub message: String,
}

/// A mission's acceptance of an application its eligibility rules refuse.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EligibilityOverride {
    /// The user who accepted it.
    pub by: i64,
    /// When, in seconds since 1970 (UTC).
    pub at: i64,
    pub reason: String,
}

impl From<ApplicationRecord> for Application {
    fn from(r: ApplicationRecord) -> Self {
        let form = serde_json::from_str::<serde_json::Value>(&r.form_json).map(|f| form_of(&f)).unwrap_or_default();
        Application {
            id: r.id,
            reference: r.reference,
            person_id: r.person_id,
            programme_year_id: r.programme_year_id,
            mission_id: r.mission_id,
            position: r.position,
            status: r.status.to_string(),
            submitted_at: r.submitted_at,
            updated_at: r.updated_at,
            form,
            status_reason: r.status_reason,
            eligibility: r.eligibility_json.as_deref().and_then(|j| serde_json::from_str(j).ok()),
            version: r.version,
            eligibility_override: r.eligibility_override.as_deref().and_then(|j| serde_json::from_str(j).ok()),
            written_test_score: r.written_test_score,
            alternate_rank: r.alternate_rank,
            replied_at: r.replied_at,
        }
    }
}

/// A programme year's record: its country, state, dates, plan and own rules. Several areas answer
/// it (the year's editors, the selection boards).
#[derive(Debug, Serialize, ToSchema)]
pub struct YearRecord {
    pub id: i64,
    pub country_code: String,
    pub country_en: String,
    /// The recruiting country's time zone (IANA).
    pub time_zone: String,
    pub year: i64,
    /// `planning`, `recruiting`, `selecting`, `placing` or `closed`.
    pub status: String,
    pub guidelines_published: Option<Date>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub applications_open: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub application_deadline: Option<OffsetDateTime>,
    pub first_screening: Option<Date>,
    pub interviews_from: Option<Date>,
    pub interviews_until: Option<Date>,
    pub results_by: Option<Date>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub reply_deadline: Option<OffsetDateTime>,
    pub pre_departure_orientation: Option<Date>,
    pub places_alt: i64,
    pub places_cir: i64,
    pub places_sea: i64,
    pub sea_offered: bool,
    /// The year's own eligibility rules; null while it keeps JET.md's defaults.
    pub eligibility_rules: Option<EligibilityRulesBody>,
    /// The year's own selection rules; null while it keeps the defaults.
    pub selection_rules: Option<SelectionRulesBody>,
    /// The IANA zone the year states its deadlines in; null while it keeps the country's
    /// (`time_zone`).
    pub deadline_time_zone: Option<String>,
    /// The second-round list (Korea's cycle); null when the year has none.
    pub second_round_list: Option<Date>,
    /// When placement notices go out; null when not set.
    pub placement_notices: Option<Date>,
    pub version: i64,
}

impl From<ProgrammeYearRow> for YearRecord {
    fn from(y: ProgrammeYearRow) -> Self {
        let s = y.settings;
        let own_rules = s.eligibility_rules.as_deref().and_then(|j| serde_json::from_str::<EligibilityRules>(j).ok());
        let own_selection = s.selection_rules.as_deref().and_then(|j| serde_json::from_str::<SelectionRules>(j).ok());
        YearRecord {
            id: y.id,
            country_code: y.country_code,
            country_en: y.country_en,
            time_zone: y.time_zone,
            year: y.year,
            status: y.status.to_string(),
            guidelines_published: s.guidelines_published,
            applications_open: s.applications_open,
            application_deadline: s.application_deadline,
            first_screening: s.first_screening,
            interviews_from: s.interviews_from,
            interviews_until: s.interviews_until,
            results_by: s.results_by,
            reply_deadline: s.reply_deadline,
            pre_departure_orientation: s.pre_departure_orientation,
            places_alt: s.places_alt,
            places_cir: s.places_cir,
            places_sea: s.places_sea,
            sea_offered: s.sea_offered,
            eligibility_rules: own_rules.map(Into::into),
            selection_rules: own_selection.map(Into::into),
            deadline_time_zone: s.deadline_time_zone,
            second_round_list: s.second_round_list,
            placement_notices: s.placement_notices,
            version: y.version,
        }
    }
}

/// A year's eligibility rules (in a request, a field left out takes JET.md's default).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct EligibilityRulesBody {
    /// An ALT may qualify with a three-year teacher-training certificate instead of a bachelor's
    /// degree.
    pub alt_teacher_training_accepted: bool,
    /// A former participant may apply once this many years have passed since their last day on JET.
    pub participation_gap_years: u8,
    /// The most time on JET, all past participations together, an applicant may already have.
    pub participation_cap_years: u8,
    /// An applicant who lived in Japan this many years or more ...
    pub residence_limit_years: u8,
    /// ... of the last this many years before the arrival date is not eligible.
    pub residence_window_years: u8,
    /// Whoever declined a placement last year without a valid reason is not eligible.
    pub declined_placement_bars: bool,
    /// The JLPT level a CIR needs.
    pub cir_jlpt_level: JlptLevel,
    /// A CIR applicant who assesses their own Japanese at that level is judged at the interview.
    pub cir_japanese_assessed_at_interview: bool,
    /// Whether the year recruits Sports Exchange Advisors.
    pub sea_offered: bool,
}

/// A JLPT level.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub enum JlptLevel {
    N1,
    N2,
    N3,
    N4,
    N5,
}

impl From<Jlpt> for JlptLevel {
    fn from(j: Jlpt) -> Self {
        match j {
            Jlpt::N1 => JlptLevel::N1,
            Jlpt::N2 => JlptLevel::N2,
            Jlpt::N3 => JlptLevel::N3,
            Jlpt::N4 => JlptLevel::N4,
            Jlpt::N5 => JlptLevel::N5,
        }
    }
}

impl From<JlptLevel> for Jlpt {
    fn from(j: JlptLevel) -> Self {
        match j {
            JlptLevel::N1 => Jlpt::N1,
            JlptLevel::N2 => Jlpt::N2,
            JlptLevel::N3 => Jlpt::N3,
            JlptLevel::N4 => Jlpt::N4,
            JlptLevel::N5 => Jlpt::N5,
        }
    }
}

impl From<EligibilityRules> for EligibilityRulesBody {
    fn from(r: EligibilityRules) -> Self {
        EligibilityRulesBody {
            alt_teacher_training_accepted: r.alt_teacher_training_accepted,
            participation_gap_years: r.participation_gap_years,
            participation_cap_years: r.participation_cap_years,
            residence_limit_years: r.residence_limit_years,
            residence_window_years: r.residence_window_years,
            declined_placement_bars: r.declined_placement_bars,
            cir_jlpt_level: r.cir_jlpt_level.into(),
            cir_japanese_assessed_at_interview: r.cir_japanese_assessed_at_interview,
            sea_offered: r.sea_offered,
        }
    }
}

/// One criterion of a rubric: `label` is the desk's own wording (empty: the catalogue's name for
/// `key`).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CriterionBody {
    pub key: String,
    #[serde(default)]
    pub label: String,
    pub weight: u8,
}

/// How a year selects: its rubrics, blind screening, reviewers, and the deadlines after the
/// short-list (in a request, a field left out takes its default).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct SelectionRulesBody {
    /// Criteria of the first (document) screening.
    pub screening: Vec<CriterionBody>,
    /// Criteria of the interview panel's scorecard.
    pub interview: Vec<CriterionBody>,
    /// Reviewers see no name, birth date (age), photo or sex while screening.
    pub blind_screening: bool,
    /// Reviewers scoring each application (at least two).
    pub reviewers_per_application: u8,
    /// Two weighted scores further apart than this (on the 1–5 scale) are a disagreement.
    pub disagreement_threshold: f64,
    /// An applicant may book, move or cancel their interview until this many hours before it.
    pub booking_cutoff_hours: u32,
    /// Clearance documents are due this many days after the applicant accepts.
    pub clearance_days: u32,
    /// The share of the interview score in the final ranking when a written test is held.
    pub interview_share_percent: u8,
}

impl From<SelectionRules> for SelectionRulesBody {
    fn from(r: SelectionRules) -> Self {
        let criteria = |c: Vec<Criterion>| {
            c.into_iter().map(|c| CriterionBody { key: c.key, label: c.label, weight: c.weight }).collect()
        };
        SelectionRulesBody {
            screening: criteria(r.screening),
            interview: criteria(r.interview),
            blind_screening: r.blind_screening,
            reviewers_per_application: r.reviewers_per_application,
            disagreement_threshold: r.disagreement_threshold,
            booking_cutoff_hours: r.booking_cutoff_hours,
            clearance_days: r.clearance_days,
            interview_share_percent: r.interview_share_percent,
        }
    }
}

impl Default for EligibilityRulesBody {
    fn default() -> Self {
        EligibilityRules::default().into()
    }
}

impl From<EligibilityRulesBody> for EligibilityRules {
    fn from(r: EligibilityRulesBody) -> Self {
        EligibilityRules {
            alt_teacher_training_accepted: r.alt_teacher_training_accepted,
            participation_gap_years: r.participation_gap_years,
            participation_cap_years: r.participation_cap_years,
            residence_limit_years: r.residence_limit_years,
            residence_window_years: r.residence_window_years,
            declined_placement_bars: r.declined_placement_bars,
            cir_jlpt_level: r.cir_jlpt_level.into(),
            cir_japanese_assessed_at_interview: r.cir_japanese_assessed_at_interview,
            sea_offered: r.sea_offered,
        }
    }
}

impl Default for SelectionRulesBody {
    fn default() -> Self {
        SelectionRules::default().into()
    }
}

impl From<SelectionRulesBody> for SelectionRules {
    fn from(r: SelectionRulesBody) -> Self {
        let criteria = |c: Vec<CriterionBody>| {
            c.into_iter().map(|c| Criterion { key: c.key, label: c.label, weight: c.weight }).collect()
        };
        SelectionRules {
            screening: criteria(r.screening),
            interview: criteria(r.interview),
            blind_screening: r.blind_screening,
            reviewers_per_application: r.reviewers_per_application,
            disagreement_threshold: r.disagreement_threshold,
            booking_cutoff_hours: r.booking_cutoff_hours,
            clearance_days: r.clearance_days,
            interview_share_percent: r.interview_share_percent,
        }
    }
}

/// A document of an application (its file is at `GET /api/v1/documents/{id}`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Document {
    pub id: i64,
    pub application_id: i64,
    /// `transcript`, `degree-proof`, `certificate`, `other`, `reference` or a clearance kind.
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// The file's SHA-256, hex.
    pub sha256: String,
    #[serde(with = "time::serde::rfc3339")]
    pub uploaded_at: time::OffsetDateTime,
    /// The referee who sent it (a reference letter).
    pub referee_id: Option<i64>,
}

impl From<store::applying::DocumentRow> for Document {
    fn from(d: store::applying::DocumentRow) -> Self {
        Document {
            id: d.id,
            application_id: d.application_id,
            kind: d.kind,
            file_name: d.file_name,
            content_type: d.content_type,
            size_bytes: d.size_bytes,
            sha256: d.sha256,
            uploaded_at: d.uploaded_at,
            referee_id: d.referee_id,
        }
    }
}
