//! Applying: registration with a verified e-mail address, the application as a sectioned form
//! saved as the applicant goes (autosave, with versions so two tabs never overwrite each other),
//! the completeness check, submission before the deadline in the country's own time zone with the
//! eligibility rules checked and a receipt mailed, withdrawal with a reason, and the applicant's
//! timeline: where they stand, what is missing, what comes next and when.

use crate::App;
use crate::access::{Applicant, ApplicationRecords, Selecting};
use crate::actor::Actor;
use crate::error::{AppError, AppResult};
use crate::i18n::{Arg, Translator};
use crate::mail::{self, Recipient};
use crate::recruitment::{FactsInput, PeriodInput, QualificationInput, eligibility_report, local_time, stated_time};
use crate::security::{self, Password};
use domain::lifecycle::Lifecycle;
use domain::{ApplicationId, DocumentId, MissionId, ProgrammeYearId, ProgrammeYearStatus};
use domain::{
    ApplicationStatus, CountryCode, Email, FieldError, Language, PersonName, Position, Role, RoleGrant, Unit, UserId,
};
use serde::Serialize;
use serde_json::{Map, Value as Json, json};
use store::applying::{self, ApplicationRecord};
use store::audit::{AuditEntry, Outcome};
use store::recruitment::{DepartureGroupRow, ProgrammeYearRow};
use store::{Guard, Tx, recruitment, users};
use time::OffsetDateTime;

const VERIFY_PREFIX: &str = "kkv_";

/// How a field of the form is checked.
#[derive(Debug, Clone, Copy)]
pub enum FieldKind {
    Text(usize),
    Date,
    Bool,
    Country,
    Jlpt,
    Choice(&'static [&'static str]),
    /// A list of `{start, end}` date ranges.
    Periods,
    /// Up to three prefecture (2-digit) or municipality (6-digit) codes, best first.
    Places,
}

#[derive(Debug)]
pub struct FieldSpec {
    pub name: &'static str,
    pub kind: FieldKind,
    pub required: bool,
}

#[derive(Debug)]
pub struct SectionSpec {
    pub name: &'static str,
    pub fields: &'static [FieldSpec],
}

const fn f(name: &'static str, kind: FieldKind, required: bool) -> FieldSpec {
    FieldSpec { name, kind, required }
}

/// The application form, section by section (JET.md, "Application contents").
pub const SECTIONS: &[SectionSpec] = &[
    SectionSpec {
        name: "personal",
        fields: &[
            f("family_name", FieldKind::Text(100), true),
            f("given_name", FieldKind::Text(100), true),
            f("birth_date", FieldKind::Date, true),
            f("nationality", FieldKind::Country, true),
            f("also_japanese", FieldKind::Bool, false),
            f("phone", FieldKind::Text(40), true),
            f("address", FieldKind::Text(500), true),
        ],
    },
    SectionSpec {
        name: "education",
        fields: &[
            f("qualification", FieldKind::Choice(&["bachelor", "teacher-training-3-year"]), true),
            f("institution", FieldKind::Text(200), true),
            f("field_of_study", FieldKind::Text(200), true),
            f("awarded", FieldKind::Date, true),
        ],
    },
    SectionSpec { name: "employment", fields: &[f("history", FieldKind::Text(4000), false)] },
    SectionSpec {
        name: "japanese",
        fields: &[f("jlpt", FieldKind::Jlpt, false), f("self_assessment", FieldKind::Jlpt, false)],
    },
    SectionSpec { name: "teaching", fields: &[f("qualifications", FieldKind::Text(2000), false)] },
    SectionSpec { name: "licence", fields: &[f("driving_licence", FieldKind::Bool, false)] },
    SectionSpec {
        name: "disclosures",
        fields: &[
            f("criminal_history", FieldKind::Bool, true),
            f("criminal_history_details", FieldKind::Text(2000), false),
            f("medical_conditions", FieldKind::Bool, true),
            f("medical_details", FieldKind::Text(2000), false),
        ],
    },
    SectionSpec { name: "dependants", fields: &[f("details", FieldKind::Text(1000), false)] },
    SectionSpec { name: "partner", fields: &[f("partner_reference", FieldKind::Text(20), false)] },
    SectionSpec {
        name: "preferences",
        fields: &[
            f("places", FieldKind::Places, false),
            f("area", FieldKind::Choice(&["urban", "semi-urban", "rural", "no-preference"]), true),
            f("ties", FieldKind::Text(1000), false),
        ],
    },
    SectionSpec { name: "statement", fields: &[f("statement_of_purpose", FieldKind::Text(6000), true)] },
    SectionSpec {
        name: "logistics",
        fields: &[
            f("interview_location", FieldKind::Text(200), true),
            f("departure_group", FieldKind::Text(200), true),
        ],
    },
    SectionSpec {
        name: "history",
        fields: &[
            f("previous_participations", FieldKind::Periods, false),
            f("residence_in_japan", FieldKind::Periods, false),
            f("declined_placement_last_year", FieldKind::Bool, true),
        ],
    },
];

/// After submission only these may change (how to reach the applicant).
const CONTACT_FIELDS: [(&str, &str); 2] = [("personal", "phone"), ("personal", "address")];

fn check_date(field: &str, raw: &str) -> Result<(), FieldError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(raw, &format).map(|_| ()).map_err(|_| FieldError::new(field, "error-date-invalid"))
}

/// Checks one field's value, returning it normalised.
pub(crate) fn check_field(path: &str, kind: FieldKind, value: &Json) -> Result<Json, FieldError> {
    let text = || value.as_str().map(str::trim).ok_or_else(|| FieldError::new(path, "error-bad-type"));
    match kind {
        FieldKind::Text(max) => {
            let t = text()?;
            if t.chars().count() > max {
                return Err(FieldError::with_limit(path, "error-too-long", max as u64));
            }
            if t.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
                return Err(FieldError::new(path, "error-control-characters"));
            }
            Ok(Json::String(t.to_owned()))
        }
        FieldKind::Date => {
            let t = text()?;
            check_date(path, t)?;
            Ok(Json::String(t.to_owned()))
        }
        FieldKind::Bool => value.as_bool().map(Json::Bool).ok_or_else(|| FieldError::new(path, "error-bad-type")),
        FieldKind::Country => Ok(Json::String(
            CountryCode::parse(text()?).map_err(|e| FieldError { field: path.to_owned(), ..e })?.to_string(),
        )),
        FieldKind::Jlpt => {
            let t = text()?;
            domain::eligibility::Jlpt::parse(t).map_err(|e| FieldError { field: path.to_owned(), ..e })?;
            Ok(Json::String(t.to_uppercase()))
        }
        FieldKind::Choice(options) => {
            let t = text()?;
            if options.contains(&t) {
                Ok(Json::String(t.to_owned()))
            } else {
                Err(FieldError::new(path, "error-choice-invalid"))
            }
        }
        FieldKind::Periods => {
            let list = value.as_array().ok_or_else(|| FieldError::new(path, "error-bad-type"))?;
            let mut out = Vec::new();
            for (i, p) in list.iter().enumerate() {
                let get = |k: &str| p.get(k).and_then(Json::as_str).unwrap_or("").trim().to_owned();
                let (start, end) = (get("start"), get("end"));
                check_date(&format!("{path}[{i}].start"), &start)?;
                check_date(&format!("{path}[{i}].end"), &end)?;
                if end < start {
                    return Err(FieldError::new(format!("{path}[{i}]"), "error-date-order"));
                }
                out.push(json!({"start": start, "end": end}));
            }
            Ok(Json::Array(out))
        }
        FieldKind::Places => {
            let list = value.as_array().ok_or_else(|| FieldError::new(path, "error-bad-type"))?;
            if list.len() > 3 {
                return Err(FieldError::with_limit(path, "error-too-many", 3));
            }
            let mut out = Vec::new();
            for (i, v) in list.iter().enumerate() {
                let code = v.as_str().map(str::trim).unwrap_or("");
                let ok = match code.len() {
                    2 => code.parse::<i64>().ok().and_then(|c| domain::PrefectureCode::new(c).ok()).is_some(),
                    6 => domain::MunicipalityCode::parse(code).is_ok(),
                    _ => false,
                };
                if !ok {
                    return Err(FieldError::new(format!("{path}[{i}]"), "error-place-invalid"));
                }
                out.push(Json::String(code.to_owned()));
            }
            Ok(Json::Array(out))
        }
    }
}

/// The documents every application needs, by kind.
pub const REQUIRED_DOCUMENTS: [&str; 2] = ["transcript", "degree-proof"];
/// The kinds of document an applicant uploads (reference letters come from the referees).
pub const DOCUMENT_KINDS: [&str; 5] = ["transcript", "degree-proof", TRANSCRIPT_AND_DEGREE, "certificate", "other"];
/// One PDF that is both the transcript and the proof of degree (many universities print the degree
/// awarded on the final transcript): it counts as both.
pub const TRANSCRIPT_AND_DEGREE: &str = "transcript-degree-proof";

/// The kinds a document counts as: the combined one as both of its parts.
fn counts_as(kind: &str) -> &[&str] {
    match kind {
        TRANSCRIPT_AND_DEGREE => &["transcript", "degree-proof"],
        _ => &[],
    }
}

/// What an upload came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadOutcome {
    /// A new document.
    Stored,
    /// The same bytes were already there as this kind: nothing changed.
    AlreadyThere,
    /// The same bytes were already there as the transcript or the proof of degree, and now count
    /// as both.
    NowServesBoth,
}
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_DOCUMENTS: usize = 20;

/// What is missing before submission: form fields as `section.field`, documents as `documents.kind`.
pub fn missing_with_documents(form: &Map<String, Json>, position: Position, kinds: &[&str]) -> Vec<String> {
    let mut out = missing(form, position);
    let has = |kind: &str| kinds.iter().any(|k| *k == kind || counts_as(k).contains(&kind));
    for kind in REQUIRED_DOCUMENTS {
        if !has(kind) {
            out.push(format!("documents.{kind}"));
        }
    }
    // Two references (JET.md), uploaded by the referees themselves.
    if kinds.iter().filter(|k| **k == "reference-letter").count() < REFERENCES_NEEDED {
        out.push("referees.letters".into());
    }
    out
}

/// A refusal naming each field and document still missing, unless nothing is.
fn require_complete(
    form: &Map<String, Json>,
    position: Position,
    documents: &[applying::DocumentRow],
) -> AppResult<()> {
    let kinds: Vec<&str> = documents.iter().map(|d| d.kind.as_str()).collect();
    let missing = missing_with_documents(form, position, &kinds);
    if missing.is_empty() {
        return Ok(());
    }
    Err(AppError::Invalid(missing.into_iter().map(|path| FieldError::new(path, "error-required")).collect()))
}

/// Letters of reference an application needs.
pub const REFERENCES_NEEDED: usize = 2;
/// Referees an applicant may name (a spare, in case one does not answer).
pub const MAX_REFEREES: usize = 3;
/// Referees whose letter has not come are reminded this often.
pub const REMIND_AFTER: time::Duration = time::Duration::days(7);

/// The type of a file by its first bytes: only PDF, PNG and JPEG are taken (never executed, and
/// never served as anything but what they are).
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

fn type_of_name(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e)?;
    match ext {
        "pdf" => Some("application/pdf"),
        "png" => Some("image/png"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        _ => None,
    }
}

/// What is missing before the form can be submitted, as `section.field` paths.
pub fn missing(form: &Map<String, Json>, position: Position) -> Vec<String> {
    let value = |s: &str, f: &str| form.get(s).and_then(|v| v.get(f));
    let absent = |s: &str, f: &str| match value(s, f) {
        None | Some(Json::Null) => true,
        Some(Json::String(t)) => t.trim().is_empty(),
        _ => false,
    };
    let mut out = Vec::new();
    for section in SECTIONS {
        for field in section.fields.iter().filter(|f| f.required) {
            if absent(section.name, field.name) {
                out.push(format!("{}.{}", section.name, field.name));
            }
        }
    }
    // Details are needed for what is declared.
    for (flag, details) in [("criminal_history", "criminal_history_details"), ("medical_conditions", "medical_details")]
    {
        if value("disclosures", flag) == Some(&Json::Bool(true)) && absent("disclosures", details) {
            out.push(format!("disclosures.{details}"));
        }
    }
    // A CIR works in Japanese: the level is needed, certified or self-assessed.
    if position == Position::Cir && absent("japanese", "jlpt") && absent("japanese", "self_assessment") {
        out.push("japanese.self_assessment".into());
    }
    out
}

fn facts_input(form: &Map<String, Json>, position: Position) -> FactsInput {
    let s = |sec: &str, f: &str| form.get(sec).and_then(|v| v.get(f)).and_then(Json::as_str).unwrap_or("").to_owned();
    let b = |sec: &str, f: &str| form.get(sec).and_then(|v| v.get(f)).and_then(Json::as_bool).unwrap_or(false);
    let periods = |f: &str| -> Vec<PeriodInput> {
        form.get("history")
            .and_then(|v| v.get(f))
            .and_then(Json::as_array)
            .map(|list| {
                list.iter()
                    .map(|p| PeriodInput {
                        start: p.get("start").and_then(Json::as_str).unwrap_or("").to_owned(),
                        end: p.get("end").and_then(Json::as_str).unwrap_or("").to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let level = |f: &str| Some(s("japanese", f)).filter(|v| !v.is_empty());
    FactsInput {
        nationality: s("personal", "nationality"),
        also_japanese: b("personal", "also_japanese"),
        position: position.as_str().to_owned(),
        departure_group: s("logistics", "departure_group"),
        qualifications: vec![QualificationInput {
            kind: s("education", "qualification"),
            awarded: s("education", "awarded"),
        }],
        previous_participations: periods("previous_participations"),
        residence_in_japan: periods("residence_in_japan"),
        declined_placement_last_year_without_reason: b("history", "declined_placement_last_year"),
        jlpt: level("jlpt"),
        japanese_self_assessment: level("self_assessment"),
    }
}

/// One step of an applicant's year, as the status page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// A catalogue key naming the step.
    pub key: &'static str,
    /// A done step: when it happened (date and time in the year's deadline zone, or the day of an
    /// event such as the arrival). Any other: its planned date from the year, a deadline as the
    /// year states it (`2026-11-13 23:59 HST (Pacific/Honolulu)`).
    pub when: Option<String>,
    /// `done` (with the time it happened), `unrecorded` (behind the applicant, but nothing stored
    /// says when), `current`, `upcoming`, or `skipped` (not reached: the application ended).
    pub state: &'static str,
}

/// When each step of one application happened, from what is stored: the application's own times,
/// its reviews, interview slot, clearance documents and placement, and the audit log for the
/// decisions that leave no time of their own.
#[derive(Debug, Clone, Default)]
pub struct Happened {
    pub submitted: Option<OffsetDateTime>,
    pub screened: Option<OffsetDateTime>,
    pub interviewed: Option<OffsetDateTime>,
    pub decided: Option<OffsetDateTime>,
    pub replied: Option<OffsetDateTime>,
    pub cleared: Option<OffsetDateTime>,
    pub notified: Option<OffsetDateTime>,
}

/// What an application's view is made of, besides its record.
struct ViewParts<'a> {
    year: &'a ProgrammeYearRow,
    groups: &'a [DepartureGroupRow],
    /// All its documents, referees' letters too (the view leaves those out).
    documents: Vec<applying::DocumentRow>,
    referees: Vec<applying::RefereeRow>,
    /// The earliest due date of a clearance document not received yet.
    clearance_due: Option<OffsetDateTime>,
    happened: Happened,
}

/// The applicant's timeline: each step of the year with when it happened or is planned.
///
/// Which step is current follows the status; a step before it is `done` only with the time it
/// happened (`unrecorded` without one: no step claims to be done without a time). The orientation
/// and the arrival are days, done once their day has passed for a placed candidate. An ended
/// application (screened out, not selected, declined, withdrawn, disqualified) shows the steps it
/// went through with their times and the rest as `skipped`.
pub fn timeline(
    year: &recruitment::ProgrammeYearRow,
    group: Option<&recruitment::DepartureGroupRow>,
    status: ApplicationStatus,
    clearance_due: Option<OffsetDateTime>,
    happened: &Happened,
    now: OffsetDateTime,
) -> Vec<Step> {
    use ApplicationStatus as S;
    let zone = year.deadline_zone();
    let s = &year.settings;
    let date = |d: Option<time::Date>| d.map(|d| d.to_string());
    let stated = |t: Option<OffsetDateTime>| t.map(|t| stated_time(zone, t));
    let interviews = match (s.interviews_from, s.interviews_until) {
        (Some(from), Some(until)) if until != from => Some(format!("{from} – {until}")),
        (from, _) => date(from),
    };
    let orientation = group.and_then(|g| g.pre_departure_orientation).or(s.pre_departure_orientation);
    let arrival = group.map(|g| g.arrival_date);
    let placed = happened.notified.is_some();
    // A day's event happened once the day is over (in the year's zone: close enough for days).
    let day_passed = |d: Option<time::Date>| d.filter(|d| placed && *d < now.date());
    let at_day = |d: Option<time::Date>| d.map(|d| d.midnight().assume_utc());
    // (key, planned, happened)
    let mut plan: Vec<(&'static str, Option<String>, Option<OffsetDateTime>)> = vec![
        ("step-submit", stated(s.application_deadline), happened.submitted),
        ("step-screening", date(s.first_screening), happened.screened),
    ];
    if s.second_round_list.is_some() {
        // The list of who goes on to the interviews is the first screening's outcome.
        plan.push(("step-second-round", date(s.second_round_list), happened.screened));
    }
    plan.extend([
        ("step-interview", interviews, happened.interviewed),
        ("step-results", date(s.results_by), happened.decided),
        ("step-reply", stated(s.reply_deadline), happened.replied),
        ("step-clearance-documents", stated(clearance_due), happened.cleared),
        ("step-placement", date(s.placement_notices), happened.notified),
        ("step-orientation", date(orientation), at_day(day_passed(orientation))),
        ("step-arrival", date(arrival), at_day(day_passed(arrival))),
    ]);
    let current = match status {
        S::Draft => Some("step-submit"),
        S::Submitted => Some("step-screening"),
        S::InvitedToInterview => Some("step-interview"),
        S::Interviewed => Some("step-results"),
        S::ShortListed | S::Alternate => Some("step-reply"),
        S::Accepted => Some("step-clearance-documents"),
        S::Cleared if !placed => Some("step-placement"),
        S::Cleared if day_passed(orientation).is_none() => Some("step-orientation"),
        S::Cleared if day_passed(arrival).is_none() => Some("step-arrival"),
        S::Cleared => None,
        S::ScreenedOut | S::NotSelected | S::Declined | S::Withdrawn | S::Disqualified => None,
    };
    let ended = status.is_final();
    let at = current.and_then(|key| plan.iter().position(|(k, _, _)| *k == key)).unwrap_or(plan.len());
    plan.into_iter()
        .enumerate()
        .map(|(i, (key, planned, when))| {
            // Days (orientation, arrival) show as days; instants in the year's zone.
            let shown = |t: OffsetDateTime| {
                if key == "step-orientation" || key == "step-arrival" {
                    t.date().to_string()
                } else {
                    local_time(zone, t)
                }
            };
            match (when, i.cmp(&at)) {
                (Some(t), std::cmp::Ordering::Less) => Step { key, when: Some(shown(t)), state: "done" },
                (Some(t), _) if ended => Step { key, when: Some(shown(t)), state: "done" },
                (None, _) if ended => Step { key, when: planned, state: "skipped" },
                (None, std::cmp::Ordering::Less) => Step { key, when: planned, state: "unrecorded" },
                (_, std::cmp::Ordering::Equal) => Step { key, when: planned, state: "current" },
                _ => Step { key, when: planned, state: "upcoming" },
            }
        })
        .collect()
}

/// An application as its applicant sees it.
#[derive(Debug, Clone, Serialize)]
pub struct ApplicationView {
    #[serde(flatten)]
    pub record: ApplicationRecord,
    pub form: Json,
    pub country: String,
    /// The country's name in the applicant's language.
    pub country_name: String,
    pub year: i64,
    pub missing: Vec<String>,
    pub deadline_local: Option<String>,
    pub submitted_local: Option<String>,
    pub steps: Vec<Step>,
    pub documents: Vec<applying::DocumentRow>,
    pub referees: Vec<applying::RefereeRow>,
}

/// Registration data of a prospective applicant.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Registration {
    pub email: String,
    pub family_name: String,
    pub given_name: String,
    pub nationality: String,
    pub password: String,
    #[serde(default)]
    pub language: Option<String>,
}

fn entry(
    actor: Option<UserId>,
    action: &'static str,
    record: &ApplicationRecord,
    before: Option<Json>,
    after: Option<Json>,
) -> AuditEntry {
    AuditEntry {
        actor,
        action,
        entity: "application",
        entity_id: record.id.to_string(),
        unit_key: format!("mission:{}", record.mission_id),
        outcome: Outcome::Done,
        before,
        after,
    }
}

fn form_of(record: &ApplicationRecord) -> Map<String, Json> {
    serde_json::from_str::<Json>(&record.form_json).ok().and_then(|v| v.as_object().cloned()).unwrap_or_default()
}

/// A programme year open for applications, as a prospective applicant sees it.
#[derive(Debug, Clone, Serialize)]
pub struct OpenYear {
    pub id: i64,
    pub country: String,
    pub country_name: String,
    pub year: i64,
    pub deadline_local: Option<String>,
    pub sea_offered: bool,
    pub missions: Vec<(i64, String)>,
    pub departure_groups: Vec<(String, String)>,
    pub interview_locations: Vec<String>,
}

impl App {
    /// The recruiting countries, named in a language, for the registration form.
    pub async fn recruiting_countries(&self, language: Language) -> AppResult<Vec<(String, String)>> {
        let mut tx = self.store.read().await?;
        let rows = store::programme::countries(&mut tx).await?;
        Ok(rows
            .into_iter()
            .map(|c| {
                let name = match language {
                    Language::En => c.name_en,
                    Language::Ja => c.name_ja,
                    Language::Ko => c.name_ko,
                };
                (c.code, name)
            })
            .collect())
    }

    /// The years taking applications now, with their missions, groups and interview locations;
    /// countries and missions named in `language`.
    pub async fn open_years(&self, language: Language) -> AppResult<Vec<OpenYear>> {
        let now = self.now();
        let mut tx = self.store.read().await?;
        let mut out = Vec::new();
        for year in recruitment::years(&mut tx, None).await? {
            if year.status != ProgrammeYearStatus::Recruiting
                || year.settings.application_deadline.is_none_or(|d| now > d)
            {
                continue;
            }
            let missions: Vec<store::programme::MissionRow> = store::programme::missions(&mut tx, None)
                .await?
                .into_iter()
                .filter(|m| m.country_code == year.country_code)
                .collect();
            let mut locations = Vec::new();
            for m in &missions {
                for l in store::programme::interview_locations(&mut tx, m.id).await? {
                    locations.push(format!("{}: {}", l.city, l.venue));
                }
            }
            let groups = recruitment::departure_groups(&mut tx, year.id).await?;
            out.push(OpenYear {
                id: year.id,
                deadline_local: year.settings.application_deadline.map(|d| stated_time(year.deadline_zone(), d)),
                country: year.country_code.clone(),
                country_name: year.country_name(language).to_owned(),
                year: year.year,
                sea_offered: year.settings.sea_offered,
                missions: missions
                    .into_iter()
                    .map(|m| (m.id, if language == Language::Ja { m.name_ja } else { m.name_en }))
                    .collect(),
                departure_groups: groups.into_iter().map(|g| (g.name, g.arrival_date.to_string())).collect(),
                interview_locations: locations,
            });
        }
        Ok(out)
    }

    /// Opens an applicant's account; it is usable once the mailed link verifies the address.
    /// Registers an applicant and mails the link that confirms the address. An address that has
    /// an account already gets the same answer as a new one (so registering tells nobody who has
    /// an account), and its owner a mail saying so, with a link to set a new password.
    /// `client` is the caller's network address, for the limit on such mails.
    pub async fn register_applicant(&self, input: &Registration, client: &str) -> AppResult<()> {
        let mut errors = Vec::new();
        let email = Email::parse(&input.email).map_err(|e| errors.push(e)).ok();
        let family = PersonName::parse("family_name", &input.family_name).map_err(|e| errors.push(e)).ok();
        let given = PersonName::parse("given_name", &input.given_name).map_err(|e| errors.push(e)).ok();
        let nationality = CountryCode::parse(&input.nationality)
            .map_err(|e| errors.push(FieldError { field: "nationality".into(), ..e }))
            .ok();
        let password = Password::new("password", &input.password).map_err(|e| errors.push(e)).ok();
        let language = match input.language.as_deref() {
            None => Language::En,
            Some(tag) => Language::from_tag(tag).unwrap_or_else(|| {
                errors.push(FieldError::new("language", "error-language-invalid"));
                Language::En
            }),
        };
        let (Some(email), Some(family), Some(given), Some(nationality), Some(password)) =
            (email, family, given, nationality, password)
        else {
            return Err(AppError::Invalid(errors));
        };
        let hash = tokio::task::spawn_blocking(move || security::hash_password(&password))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))??;
        let now = self.now();
        let mut tx = self.store.write().await?;
        if !store::programme::country_exists(&mut tx, nationality.as_str()).await? {
            return Err(AppError::field("nationality", "error-country-not-recruiting"));
        }
        if let Some(existing) = users::user_by_email(&mut tx, &email).await? {
            // Another answer than for a new address would tell anyone who has an account: the
            // owner learns of it by mail instead (and how to get in if they forgot).
            self.mail_registration_attempt(&mut tx, &existing, &email, client).await?;
            tx.commit().await?;
            return Ok(());
        }
        let name = format!("{} {}", given.as_str(), family.as_str());
        let new = users::NewUser {
            email: &email,
            display_name: &name,
            password_hash: Some(&hash),
            language,
            person_id: None,
        };
        let user = users::insert_user(&mut tx, &new, now).await?;
        let person = applying::insert_person(
            &mut tx,
            family.as_str(),
            given.as_str(),
            email.as_str(),
            nationality.as_str(),
            now,
        )
        .await?;
        applying::link_person(&mut tx, user.0, person).await?;
        users::insert_grant(&mut tx, user, &RoleGrant::new(Role::Applicant, Unit::None)?, None, now).await?;
        let token = security::random_token(VERIFY_PREFIX)?;
        applying::insert_verification(&mut tx, &security::digest(&token), user.0, now, now + time::Duration::days(7))
            .await?;
        let link = format!("{}/verify/{token}", self.config.base_url.trim_end_matches('/'));
        let t = Translator::new(language);
        let text = t.t_args("mail-verify-body", &[("link", Arg::from(link))]);
        mail::enqueue(
            self,
            &mut tx,
            Recipient { name: &name, email: &email, language },
            "verify-email",
            &t.t("mail-verify-subject"),
            &text,
        )
        .await?;
        store::audit::record(
            &mut tx,
            &AuditEntry {
                actor: Some(user),
                action: "applicant.register",
                entity: "user",
                entity_id: user.to_string(),
                unit_key: "-".into(),
                outcome: Outcome::Done,
                before: None,
                after: Some(json!({"email": email.as_str(), "nationality": nationality.as_str(), "person": person})),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Verifies an address from its mailed link (once; expired links are refused).
    pub async fn verify_email(&self, token: &str) -> AppResult<()> {
        let now = self.now();
        let mut tx = self.store.write().await?;
        let user =
            applying::use_verification(&mut tx, &security::digest(token), now).await?.ok_or(AppError::NotFound)?;
        applying::set_email_verified(&mut tx, user, now).await?;
        store::audit::record(
            &mut tx,
            &AuditEntry {
                actor: Some(UserId(user)),
                action: "user.verify-email",
                entity: "user",
                entity_id: user.to_string(),
                unit_key: "-".into(),
                outcome: Outcome::Done,
                before: None,
                after: None,
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// When this application's steps happened, from what is stored (see [`Happened`]).
    async fn happened(
        &self,
        tx: &mut Tx,
        record: &ApplicationRecord,
        clearance: &[store::selection::ClearanceRow],
        notified: Option<OffsetDateTime>,
    ) -> AppResult<Happened> {
        let history = store::audit::history(tx, "application", &record.id.to_string(), 200).await?;
        // Newest first: the last decision of its kind counts (an alternate upgraded later).
        let logged = |actions: &[&str]| history.iter().find(|h| actions.contains(&h.action.as_str())).map(|h| h.at);
        let reviews = store::selection::reviews_of(tx, &[record.id]).await?;
        let slot = store::selection::slot_of(tx, record.id).await?;
        let scorecards = store::selection::scorecards_of(tx, &[record.id]).await?;
        let cleared = (record.status == ApplicationStatus::Cleared)
            .then(|| clearance.iter().filter_map(|c| c.received_at).max())
            .flatten();
        Ok(Happened {
            submitted: record.submitted_at,
            // The desk's decision; before the audit log held it, the last review scored.
            screened: logged(&["screening.advance", "screening.reject"])
                .or_else(|| reviews.iter().filter_map(|r| r.scored_at).max()),
            // The interview was held at its slot (or, with no slot kept, when the panel scored).
            interviewed: slot
                .map(|s| s.starts_at)
                .or_else(|| scorecards.iter().map(|c| c.scored_at).min())
                .filter(|t| *t <= self.now()),
            decided: logged(&["selection.decide", "selection.upgrade"]),
            replied: record.replied_at,
            cleared,
            notified,
        })
    }

    async fn application_view(
        &self,
        tx: &mut Tx,
        record: ApplicationRecord,
        language: Language,
    ) -> AppResult<ApplicationView> {
        let year = recruitment::year_by_id(tx, record.programme_year_id).await?.ok_or(AppError::NotFound)?;
        let groups = recruitment::departure_groups(tx, year.id).await?;
        let documents = applying::documents(tx, record.id).await?;
        let referees = applying::referees(tx, record.id).await?;
        // A placement the candidate holds (declining one withdraws the application).
        let placement = store::placing::placement_of(tx, record.id).await?.filter(|p| p.declined_at.is_none());
        let clearance = store::selection::clearance_of(tx, record.id).await?;
        let happened = self.happened(tx, &record, &clearance, placement.map(|p| p.notified_at)).await?;
        let clearance_due = clearance.iter().filter(|c| c.received_at.is_none()).map(|c| c.due_at).min();
        let parts = ViewParts { year: &year, groups: &groups, documents, referees, clearance_due, happened };
        self.view_of(record, language, parts)
    }

    /// An application's view from what was read for it.
    fn view_of(
        &self,
        record: ApplicationRecord,
        language: Language,
        parts: ViewParts<'_>,
    ) -> AppResult<ApplicationView> {
        let ViewParts { year, groups, mut documents, referees, clearance_due, happened } = parts;
        let form = form_of(&record);
        let position = Position::parse(&record.position)?;
        let status = record.status;
        let kinds: Vec<String> = documents.iter().map(|d| d.kind.clone()).collect();
        let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
        // Letters are confidential to the mission: the applicant sees that each came, and when, on
        // its referee (`received_at`), never the letter itself.
        documents.retain(|d| !d.is_reference_letter());
        let chosen_group =
            form.get("logistics").and_then(|l| l.get("departure_group")).and_then(Json::as_str).unwrap_or("");
        let group = groups.iter().find(|g| g.name == chosen_group).or(groups.first());
        let steps = timeline(year, group, status, clearance_due, &happened, self.now());
        Ok(ApplicationView {
            missing: if status == ApplicationStatus::Draft {
                missing_with_documents(&form, position, &kinds)
            } else {
                vec![]
            },
            deadline_local: year.settings.application_deadline.map(|t| stated_time(year.deadline_zone(), t)),
            submitted_local: record.submitted_at.map(|t| local_time(year.deadline_zone(), t)),
            form: Json::Object(form),
            country: year.country_code.clone(),
            country_name: year.country_name(language).to_owned(),
            year: year.year,
            steps,
            documents,
            referees,
            record,
        })
    }

    async fn mail_referee(
        &self,
        tx: &mut Tx,
        applicant: &Actor,
        name: &str,
        email: &Email,
        token: &str,
        body: &'static str,
    ) -> AppResult<()> {
        let link = format!("{}/referee/{token}", self.config.base_url.trim_end_matches('/'));
        // Written in the applicant's language: the referee knows the applicant, not us.
        let language = applicant.language;
        let t = Translator::new(language);
        let text =
            t.t_args(body, &[("applicant", Arg::from(applicant.display_name.as_str())), ("link", Arg::from(link))]);
        let subject = t.s("mail-referee-subject", "applicant", &applicant.display_name);
        mail::enqueue(self, tx, Recipient { name, email, language }, "referee-invitation", &subject, &text).await
    }

    /// What a referee's private link shows: whose letter, and whether it came.
    pub async fn referee_request(&self, token: &str) -> AppResult<(applying::RefereeRow, String, String)> {
        let mut tx = self.store.read().await?;
        let referee = applying::referee_by_token(&mut tx, &security::digest(token)).await?.ok_or(AppError::NotFound)?;
        let record = applying::application(&mut tx, referee.application_id).await?.ok_or(AppError::NotFound)?;
        let person = store::programme::person_by_id(&mut tx, record.person_id).await?.ok_or(AppError::NotFound)?;
        Ok((referee, format!("{} {}", person.given_name, person.family_name), record.position))
    }

    /// A referee uploads their letter through their private link (once).
    pub async fn referee_upload(
        &self,
        token: &str,
        file_name: &str,
        bytes: Vec<u8>,
        expected_sha256: Option<&str>,
    ) -> AppResult<applying::DocumentRow> {
        let (name, content_type, sha256) = checked_file(file_name, &bytes, expected_sha256)?;
        let now = self.now();
        let mut tx = self.store.write().await?;
        let referee = applying::referee_by_token(&mut tx, &security::digest(token)).await?.ok_or(AppError::NotFound)?;
        let record = applying::application(&mut tx, referee.application_id).await?.ok_or(AppError::NotFound)?;
        if record.status.is_final() {
            return Err(AppError::field("status", "error-application-closed"));
        }
        if !applying::mark_referee_received(&mut tx, referee.id, now).await? {
            return Err(AppError::field("file", "error-letter-received"));
        }
        let new = applying::NewDocument {
            application: record.id,
            kind: "reference-letter",
            file_name: name.as_str(),
            content_type,
            sha256: &sha256,
            content: bytes,
            uploaded_by: None,
            referee: Some(referee.id),
        };
        let doc = applying::insert_document(&mut tx, new, now).await?.id;
        self.audit_done(
            &mut tx,
            entry(
                None,
                "application.reference-letter",
                &record,
                None,
                Some(json!({"referee": referee.id, "document": doc})),
            ),
        )
        .await?;
        let row = applying::document_by_id(&mut tx, doc).await?.ok_or(AppError::NotFound)?;
        tx.commit().await?;
        Ok(row)
    }

    /// Reminds referees whose letter has not come after a week (and weekly after that). Run by
    /// `serve` every hour; returns how many were reminded.
    pub async fn send_referee_reminders(&self) -> AppResult<usize> {
        let now = self.now();
        let mut tx = self.store.write().await?;
        let due = applying::referees_to_remind(&mut tx, now - REMIND_AFTER).await?;
        for referee in &due {
            let record = applying::application(&mut tx, referee.application_id).await?.ok_or(AppError::NotFound)?;
            let (applicant_name, _, language) = applicant_contact(&mut tx, record.person_id).await?;
            let token = security::random_token("kkf_")?;
            let link = format!("{}/referee/{token}", self.config.base_url.trim_end_matches('/'));
            let t = Translator::new(language);
            let text = t.t_args(
                "mail-referee-reminder-body",
                &[("applicant", Arg::from(applicant_name.as_str())), ("link", Arg::from(link))],
            );
            let email = Email::parse(&referee.email)?;
            let to = Recipient { name: &referee.name, email: &email, language };
            mail::enqueue(
                self,
                &mut tx,
                to,
                "referee-reminder",
                &t.s("mail-referee-subject", "applicant", &applicant_name),
                &text,
            )
            .await?;
            applying::mark_referee_reminded(&mut tx, referee.id, &security::digest(&token), now).await?;
        }
        tx.commit().await?;
        Ok(due.len())
    }
}

/// The checks every uploaded file passes, an applicant's or a referee's: a name, not empty,
/// within the size limit, a type detected from the bytes that agrees with the name, and the
/// checksum when one was sent. Returns the name, the type and the SHA-256.
pub(crate) fn checked_file(
    file_name: &str,
    bytes: &[u8],
    expected_sha256: Option<&str>,
) -> AppResult<(domain::ShortText, &'static str, String)> {
    let name = domain::ShortText::parse("file", file_name)?;
    if bytes.is_empty() {
        return Err(AppError::field("file", "error-file-empty"));
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(AppError::Invalid(vec![FieldError::with_limit(
            "file",
            "error-file-too-large",
            MAX_DOCUMENT_BYTES as u64,
        )]));
    }
    let Some(content_type) = sniff(bytes) else {
        return Err(AppError::field("file", "error-file-type"));
    };
    if type_of_name(name.as_str()) != Some(content_type) {
        return Err(AppError::field("file", "error-file-name-mismatch"));
    }
    let sha256 = sha256_hex(bytes);
    if let Some(expected) = expected_sha256
        && !expected.trim().eq_ignore_ascii_case(&sha256)
    {
        return Err(AppError::field("file", "error-checksum-mismatch"));
    }
    Ok((name, content_type, sha256))
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// How to reach an applicant: the name their account greets, their address (none for a paper
/// application without one), and the language they chose (English without an account).
pub(crate) async fn applicant_contact(tx: &mut Tx, person: i64) -> AppResult<(String, Option<Email>, Language)> {
    let person = store::programme::person_by_id(tx, person).await?.ok_or(AppError::NotFound)?;
    let email = person.email.as_deref().and_then(|e| Email::parse(e).ok());
    let user = match &email {
        Some(email) => store::users::user_by_email(tx, email).await?,
        None => None,
    };
    Ok(contact_of(&person.given_name, &person.family_name, email, user.as_ref()))
}

/// How an applicant is written to: by their account's name and language when their address has
/// an account, else by the names on the application, in English; no usable address, no mail.
pub(crate) fn contact_of(
    given_name: &str,
    family_name: &str,
    email: Option<Email>,
    user: Option<&store::users::UserRow>,
) -> (String, Option<Email>, Language) {
    match (email, user) {
        (Some(email), Some(user)) => (user.display_name.clone(), Some(email), user.language()),
        (email, _) => (format!("{given_name} {family_name}"), email, Language::En),
    }
}

/// The reminder loop of `serve`: once an hour, referees whose letter has not come, and accepted
/// candidates whose clearance documents fall due, are reminded.
pub async fn run_reminders(app: App, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    loop {
        if let Err(e) = app.send_referee_reminders().await {
            tracing::error!(error = %e, "referee reminders");
        }
        if let Err(e) = app.send_clearance_reminders().await {
            tracing::error!(error = %e, "clearance reminders");
        }
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(3600)) => {}
            _ = shutdown.changed() => return,
        }
    }
}

impl Applicant<'_> {
    /// The caller's applications with their timelines.
    pub async fn my_applications(&self) -> AppResult<Vec<ApplicationView>> {
        let person = self.person().0;
        let mut tx = self.store.read().await?;
        let mut out = Vec::new();
        for record in applying::applications_of(&mut tx, person).await? {
            out.push(self.application_view(&mut tx, record, self.actor().language).await?);
        }
        Ok(out)
    }

    pub async fn my_application(&self, id: ApplicationId) -> AppResult<ApplicationView> {
        let mut tx = self.store.read().await?;
        let record = self.own_application(&mut tx, id).await?;
        self.application_view(&mut tx, record, self.actor().language).await
    }

    /// Starts (or, on a repeated request, returns) the caller's application for a year: one per
    /// person and year, for one position, to one of the country's missions.
    pub async fn start_application(
        &self,
        year_id: ProgrammeYearId,
        position: Position,
        mission: MissionId,
    ) -> AppResult<ApplicationView> {
        let actor = self.actor();
        let person = self.person().0;
        let (year_id, mission) = (year_id.0, mission.0);
        let now = self.now();
        let mut tx = self.store.write().await?;
        if let Some(existing) = applying::application_of_year(&mut tx, person, year_id).await? {
            if existing.position != position.as_str() {
                return Err(AppError::field("position", "error-one-position"));
            }
            let view = self.application_view(&mut tx, existing, self.actor().language).await?;
            return Ok(view);
        }
        let year = recruitment::year_by_id(&mut tx, year_id).await?.ok_or(AppError::NotFound)?;
        if year.status != ProgrammeYearStatus::Recruiting || year.settings.application_deadline.is_none_or(|d| now > d)
        {
            let detail =
                year.settings.application_deadline.map(|d| stated_time(year.deadline_zone(), d)).unwrap_or_default();
            return Err(AppError::Invalid(vec![FieldError::with_detail("year", "error-not-recruiting", detail)]));
        }
        if position == Position::Sea && !year.settings.sea_offered {
            return Err(AppError::field("position", "error-sea-not-offered"));
        }
        let mission_row = store::programme::mission_by_id(&mut tx, mission).await?;
        if mission_row.is_none_or(|m| m.country_code != year.country_code) {
            return Err(AppError::field("mission", "error-mission-not-of-country"));
        }
        let person_row = store::programme::person_by_id(&mut tx, person).await?.ok_or(AppError::NotFound)?;
        // The form starts with what the applicant gave at registration.
        let form = json!({"personal": {"family_name": person_row.family_name, "given_name": person_row.given_name, "nationality": person_row.nationality}});
        let reference = applying::next_reference(&mut tx, &year.country_code, year.year, year.id).await?;
        let id = applying::insert_application(
            &mut tx,
            &reference,
            person,
            year.id,
            mission,
            position.as_str(),
            &form.to_string(),
            now,
        )
        .await?;
        let record = applying::application(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        self.audit_done(
            &mut tx,
            entry(
                Some(actor.user_id),
                "application.start",
                &record,
                None,
                Some(json!({"reference": reference, "position": position.as_str()})),
            ),
        )
        .await?;
        let view = self.application_view(&mut tx, record, self.actor().language).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Saves one section of the form (autosave). Each field is checked and refused by name; a
    /// stale version is a conflict. After submission only contact details may change.
    pub async fn save_section(
        &self,
        id: ApplicationId,
        section: &str,
        values: &Json,
        version: i64,
    ) -> AppResult<ApplicationView> {
        let actor = self.actor();
        let spec = SECTIONS
            .iter()
            .find(|s| s.name == section)
            .ok_or_else(|| AppError::field("section", "error-section-unknown"))?;
        let values = values.as_object().ok_or_else(|| AppError::field(section, "error-bad-type"))?;
        let mut tx = self.store.write().await?;
        let record = self.own_application(&mut tx, id).await?;
        let id = id.0;
        let status = record.status;
        if status.is_final() {
            return Err(AppError::field("status", "error-application-closed"));
        }
        let mut form = form_of(&record);
        let mut checked = form.get(section).and_then(Json::as_object).cloned().unwrap_or_default();
        let mut errors = Vec::new();
        for (name, value) in values {
            let path = format!("{section}.{name}");
            let Some(field) = spec.fields.iter().find(|f| f.name == name) else {
                errors.push(FieldError::new(path, "error-field-unknown"));
                continue;
            };
            if status != ApplicationStatus::Draft && !CONTACT_FIELDS.contains(&(section, field.name)) {
                errors.push(FieldError::new(path, "error-submitted-locked"));
                continue;
            }
            if value.is_null() || value.as_str().is_some_and(|s| s.trim().is_empty()) {
                checked.remove(name);
                continue;
            }
            match check_field(&path, field.kind, value) {
                Ok(v) => {
                    checked.insert(name.clone(), v);
                }
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let before = form.get(section).cloned();
        form.insert(section.to_owned(), Json::Object(checked.clone()));
        if !applying::save_form(&mut tx, id, version, &Json::Object(form).to_string(), self.now()).await? {
            return Err(AppError::Conflict(format!("application {id} changed since version {version}")));
        }
        let record = applying::application(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        // Personal data stays out of the audit log's before/after: the section's field names are enough.
        let names = |v: Option<&Json>| {
            v.and_then(Json::as_object).map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default()
        };
        self.audit_done(
            &mut tx,
            entry(
                Some(actor.user_id),
                "application.save",
                &record,
                Some(json!({section: names(before.as_ref())})),
                Some(json!({section: names(Some(&Json::Object(checked)))})),
            ),
        )
        .await?;
        let view = self.application_view(&mut tx, record, self.actor().language).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Submits before the deadline: complete, eligible, verified address. A second submit of a
    /// submitted application answers with the same receipt (a double click, a retried request).
    pub async fn submit_application(&self, id: ApplicationId) -> AppResult<ApplicationView> {
        let actor = self.actor();
        let now = self.now();
        // What the application must be to go in is read without the write lock (SQLite has one
        // writer, and at the deadline thousands wait for it); the write below checks again what
        // could have changed meanwhile: the owner, the status (by version), the documents and the
        // same person.
        let mut tx = self.store.read().await?;
        let record = self.own_application(&mut tx, id).await?;
        if record.status == ApplicationStatus::Submitted {
            return self.application_view(&mut tx, record, self.actor().language).await;
        }
        record
            .status
            .move_to(ApplicationStatus::Submitted)
            .map_err(|_| AppError::field("status", "error-application-closed"))?;
        let year = recruitment::year_by_id(&mut tx, record.programme_year_id).await?.ok_or(AppError::NotFound)?;
        let deadline =
            year.settings.application_deadline.ok_or_else(|| AppError::field("year", "error-not-recruiting"))?;
        // The deadline is the instant the year states (23:59 in its deadline zone, Hawaii time for
        // the USA), stored in UTC: a submission at that minute still goes in, one a minute later not.
        if now > deadline || year.status != ProgrammeYearStatus::Recruiting {
            let shown = stated_time(year.deadline_zone(), deadline);
            return Err(AppError::Invalid(vec![FieldError::with_detail("deadline", "error-deadline-passed", shown)]));
        }
        // After the deadline nothing else matters, so that is said first; then the address.
        if applying::email_verified_at(&mut tx, actor.user_id.0).await?.is_none() {
            return Err(AppError::field("email", "error-email-unverified"));
        }
        let form = form_of(&record);
        let position = Position::parse(&record.position)?;
        require_complete(&form, position, &applying::documents(&mut tx, record.id).await?)?;
        let person = store::programme::person_by_id(&mut tx, record.person_id).await?.ok_or(AppError::NotFound)?;
        // The year's departure groups serve the eligibility check and the receipt's timeline.
        let groups = recruitment::departure_groups(&mut tx, year.id).await?;
        drop(tx);
        let report = eligibility_report(actor, &year, &groups, &facts_input(&form, position))?;
        // A mission may have accepted what the rules refuse; its reason is on record.
        if !report.eligible && record.eligibility_override.is_none() {
            let reasons = report
                .findings
                .iter()
                .filter(|f| f.severity == "ineligible")
                .map(|f| {
                    FieldError::with_detail(format!("eligibility.{}", f.rule), "error-ineligible", f.message.clone())
                })
                .collect();
            return Err(AppError::Invalid(reasons));
        }
        let findings = serde_json::to_string(&report.findings).ok();
        // The receipt mail is composed before the write lock is taken: the lock is held for
        // statements only.
        let t = Translator::new(actor.language);
        let text = t.t_args(
            "mail-receipt-body",
            &[
                ("reference", Arg::from(record.reference.as_str())),
                ("position", Arg::from(t.key("position", &record.position))),
                ("submitted", Arg::from(local_time(&year.time_zone, now))),
            ],
        );
        let to = Recipient { name: &actor.display_name, email: &actor.email, language: actor.language };
        let receipt = mail::compose(
            self,
            to,
            "application-receipt",
            &t.s("mail-receipt-subject", "reference", &record.reference),
            &text,
            None,
        );

        let mut tx = self.store.write().await?;
        // The same person twice (another account, another country) is caught: same name and
        // birth date among this year number's submitted applications. Submissions of one name
        // take turns (SQLite's one writer; PostgreSQL: a lock on the name), so two accounts of one
        // person submitting at the same instant cannot both pass. The other application is not
        // named: it may be someone else's business.
        applying::hold_name(&mut tx, year.year, &person.family_name, &person.given_name).await?;
        let birth = form.get("personal").and_then(|p| p.get("birth_date")).and_then(Json::as_str).unwrap_or("");
        let namesakes =
            applying::same_name_applications(&mut tx, year.year, &person.family_name, &person.given_name, record.id)
                .await?;
        if namesakes.iter().any(|other| {
            form_of(other).get("personal").and_then(|p| p.get("birth_date")).and_then(Json::as_str) == Some(birth)
        }) {
            return Err(AppError::field("personal", "error-duplicate-application"));
        }
        // The application's row is locked before its documents are read again: a document deleted
        // since the checks above (a delete takes the same lock) is seen here and refused, and one
        // deleted after waits for this submission and finds it submitted.
        self.own_application_for_change(&mut tx, id).await?;
        let documents = applying::documents(&mut tx, record.id).await?;
        require_complete(&form, position, &documents)?;
        // Submitted only at the version read above: the owner and the draft are as checked. When
        // the version moved on, the application is read again to say why.
        let Some(submitted) = applying::submit(&mut tx, record.id, record.version, findings.as_deref(), now).await?
        else {
            let current = self.own_application(&mut tx, id).await?;
            drop(tx);
            if current.status == ApplicationStatus::Submitted {
                // A double click, or a retry whose first answer was lost: the same receipt.
                return self.my_application(id).await;
            }
            return Err(AppError::Conflict(format!("application {} changed while being submitted", record.id)));
        };
        store::outbox::insert(&mut tx, &receipt, self.now()).await?;
        self.audit_done(
            &mut tx,
            entry(
                Some(actor.user_id),
                "application.submit",
                &submitted,
                Some(json!({"status": "draft"})),
                Some(json!({"status": "submitted"})),
            ),
        )
        .await?;
        // The receipt's view is read in this transaction: after the commit it would wait for a
        // connection of its own (measured: on PostgreSQL at the deadline, 490 of 1,000 submissions
        // were committed but not yet answered when the server was killed). Only what can have
        // changed since the checks is read again (documents, referees); a draft just submitted
        // has not been screened, interviewed, decided on, cleared or placed (the lifecycle allows
        // `submitted` only from `draft`), so its timeline holds the submission alone.
        let referees = applying::referees(&mut tx, record.id).await?;
        tx.commit().await?;
        let happened =
            Happened { submitted: submitted.submitted_at, replied: submitted.replied_at, ..Happened::default() };
        let parts = ViewParts { year: &year, groups: &groups, documents, referees, clearance_due: None, happened };
        self.view_of(submitted, self.actor().language, parts)
    }

    /// Uploads a document to the caller's draft. The type comes from the bytes and must agree
    /// with the file's name; the size is limited; `expected_sha256`, when sent, must match (the
    /// upload arrived whole). The same bytes twice are one document (a retried upload).
    pub async fn upload_document(
        &self,
        id: ApplicationId,
        kind: &str,
        file_name: &str,
        bytes: Vec<u8>,
        expected_sha256: Option<&str>,
    ) -> AppResult<(applying::DocumentRow, UploadOutcome)> {
        let actor = self.actor();
        if !DOCUMENT_KINDS.contains(&kind) {
            return Err(AppError::field("kind", "error-document-kind"));
        }
        let (name, content_type, sha256) = checked_file(file_name, &bytes, expected_sha256)?;
        let mut tx = self.store.write().await?;
        // The application's row guards its documents: uploads at once count one after the other.
        let record = self.own_application_for_change(&mut tx, id).await?;
        let id = id.0;
        if record.status != ApplicationStatus::Draft {
            return Err(AppError::field("status", "error-submitted-locked"));
        }
        // One read of the documents serves the same-file check and the count (each statement
        // under SQLite's one write lock is time every other writer waits).
        let documents = applying::documents(&mut tx, id).await?;
        // The same file as one of the applicant's own (never a referee's letter: the applicant
        // may not find it, nor test a guess of its content).
        let same = documents.iter().find(|d| d.sha256 == sha256 && d.referee_id.is_none()).cloned();
        if let Some(existing) = same {
            // The same file again: as the same kind it is already there; sent as the transcript
            // and as the proof of degree it is one document that counts as both; as anything else
            // it is refused, saying what it already is (a file is one document, of one kind).
            let both = |a: &str, b: &str| {
                let pair = ["transcript", "degree-proof"];
                pair.contains(&a) && pair.contains(&b)
            };
            if existing.kind == kind || counts_as(&existing.kind).contains(&kind) {
                return Ok((existing, UploadOutcome::AlreadyThere));
            }
            if !both(&existing.kind, kind) {
                // Named by the document it already is: "Certificate: this file is already …".
                return Err(AppError::Invalid(vec![FieldError::new(
                    format!("documents.{}", existing.kind),
                    "error-document-already",
                )]));
            }
            applying::set_document_kind(&mut tx, existing.id, TRANSCRIPT_AND_DEGREE).await?;
            self.audit_done(
                &mut tx,
                entry(
                    Some(actor.user_id),
                    "application.document-upload",
                    &record,
                    Some(json!({"document": existing.id, "kind": existing.kind})),
                    Some(json!({"document": existing.id, "kind": TRANSCRIPT_AND_DEGREE})),
                ),
            )
            .await?;
            let row = applying::document_by_id(&mut tx, existing.id).await?.ok_or(AppError::NotFound)?;
            tx.commit().await?;
            return Ok((row, UploadOutcome::NowServesBoth));
        }
        let own = documents.iter().filter(|d| !d.is_reference_letter()).count();
        if own >= MAX_DOCUMENTS {
            return Err(AppError::Invalid(vec![FieldError::with_limit(
                "file",
                "error-too-many",
                MAX_DOCUMENTS as u64,
            )]));
        }
        let size = bytes.len();
        let new = applying::NewDocument {
            application: id,
            kind,
            file_name: name.as_str(),
            content_type,
            sha256: &sha256,
            content: bytes,
            uploaded_by: Some(actor.user_id.0),
            referee: None,
        };
        let row = applying::insert_document(&mut tx, new, self.now()).await?;
        self.audit_done(
            &mut tx,
            entry(
                Some(actor.user_id),
                "application.document-upload",
                &record,
                None,
                Some(json!({"document": row.id, "kind": kind, "bytes": size, "sha256": sha256})),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok((row, UploadOutcome::Stored))
    }

    pub async fn delete_document(&self, id: ApplicationId, document: DocumentId) -> AppResult<()> {
        let actor = self.actor();
        let mut tx = self.store.write().await?;
        // The application's row guards its documents: a submission under way holds it until it
        // has checked them, and the delete then finds the application submitted.
        let record = self.own_application_for_change(&mut tx, id).await?;
        let id = id.0;
        let document = document.0;
        if record.status != ApplicationStatus::Draft {
            return Err(AppError::field("status", "error-submitted-locked"));
        }
        let letter = applying::document_by_id(&mut tx, document)
            .await?
            .is_some_and(|d| d.application_id == id && d.is_reference_letter());
        if letter {
            // A referee's letter is the mission's: deleting it would let the applicant replace it
            // through a referee address of their own.
            drop(tx);
            return Err(self
                .audit_denied(Some(actor), "application.document-delete", "document", document.to_string())
                .await);
        }
        if applying::delete_document(&mut tx, id, document).await? == 0 {
            return Err(AppError::NotFound);
        }
        self.audit_done(
            &mut tx,
            entry(
                Some(actor.user_id),
                "application.document-delete",
                &record,
                Some(json!({"document": document})),
                None,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Names a referee: they get a mail with a private link to upload their letter themselves.
    pub async fn add_referee(&self, id: ApplicationId, name: &str, email: &str) -> AppResult<applying::RefereeRow> {
        let actor = self.actor();
        let mut errors = Vec::new();
        let name = PersonName::parse("name", name).map_err(|e| errors.push(e)).ok();
        let email = Email::parse(email).map_err(|e| errors.push(e)).ok();
        let (Some(name), Some(email)) = (name, email) else {
            return Err(AppError::Invalid(errors));
        };
        if email == actor.email {
            return Err(AppError::field("email", "error-referee-self"));
        }
        let mut tx = self.store.write().await?;
        let record = self.own_application(&mut tx, id).await?;
        let id = id.0;
        // The application's row guards its referees: two added at once count one after the other.
        tx.lock_guard(Guard::Application, id).await?;
        let record = applying::application(&mut tx, record.id).await?.ok_or(AppError::NotFound)?;
        if record.status != ApplicationStatus::Draft {
            return Err(AppError::field("status", "error-submitted-locked"));
        }
        if applying::referees(&mut tx, id).await?.len() >= MAX_REFEREES {
            return Err(AppError::Invalid(vec![FieldError::with_limit(
                "email",
                "error-too-many",
                MAX_REFEREES as u64,
            )]));
        }
        let token = security::random_token("kkf_")?;
        let now = self.now();
        let referee =
            match applying::insert_referee(&mut tx, id, name.as_str(), email.as_str(), &security::digest(&token), now)
                .await
            {
                Err(store::StoreError::Conflict(_)) => return Err(AppError::field("email", "error-referee-taken")),
                other => other?,
            };
        self.mail_referee(&mut tx, actor, name.as_str(), &email, &token, "mail-referee-body").await?;
        self.audit_done(
            &mut tx,
            entry(Some(actor.user_id), "application.referee-add", &record, None, Some(json!({"referee": referee}))),
        )
        .await?;
        let row =
            applying::referees(&mut tx, id).await?.into_iter().find(|r| r.id == referee).ok_or(AppError::NotFound)?;
        tx.commit().await?;
        Ok(row)
    }

    /// Withdraws at any open stage, with the applicant's reason.
    pub async fn withdraw_application(&self, id: ApplicationId, reason: &str) -> AppResult<ApplicationView> {
        let actor = self.actor();
        let reason = domain::ShortText::parse("reason", reason)?;
        let mut tx = self.store.write().await?;
        let record = self.own_application(&mut tx, id).await?;
        let id = id.0;
        let from = record.status;
        from.move_to(ApplicationStatus::Withdrawn)
            .map_err(|_| AppError::field("status", "error-application-closed"))?;
        if !applying::set_status(&mut tx, id, record.version, "withdrawn", Some(reason.as_str()), None, self.now())
            .await?
        {
            return Err(AppError::Conflict(format!("application {id} changed")));
        }
        // A booked interview slot goes back to the others.
        store::selection::release(&mut tx, id).await?;
        let record = applying::application(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        self.audit_done(
            &mut tx,
            entry(
                Some(actor.user_id),
                "application.withdraw",
                &record,
                Some(json!({"status": from.as_str()})),
                Some(json!({"status": "withdrawn", "reason": reason.as_str()})),
            ),
        )
        .await?;
        let view = self.application_view(&mut tx, record, self.actor().language).await?;
        tx.commit().await?;
        Ok(view)
    }
}

impl Selecting<'_> {
    /// A mission accepts an application the eligibility rules would refuse (a degree awarded a
    /// week late by a university strike, say), with its reason on record.
    pub async fn override_eligibility(
        &self,
        id: ApplicationId,
        reason: &str,
        version: i64,
    ) -> AppResult<ApplicationRecord> {
        let actor = self.actor();
        let reason = domain::ShortText::parse("reason", reason)?;
        let mut tx = self.store.write().await?;
        self.application(&mut tx, id, "application.eligibility-override").await?;
        let id = id.0;
        let now = self.now();
        let json = json!({"by": actor.user_id.0, "at": now.unix_timestamp(), "reason": reason.as_str()}).to_string();
        if !applying::set_eligibility_override(&mut tx, id, version, &json, now).await? {
            return Err(AppError::Conflict(format!("application {id} changed since version {version}")));
        }
        let mut after = applying::application(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let year = recruitment::year_by_id(&mut tx, after.programme_year_id).await?.ok_or(AppError::NotFound)?;
        if crate::blind::identity_hidden(actor, &year, after.person_id, after.status) {
            // The desk answers for the record it changed, without who applied (blind screening).
            let mut form: Json = serde_json::from_str(&after.form_json).unwrap_or(json!({}));
            crate::blind::hide_identity(&mut form);
            after.form_json = form.to_string();
        }
        self.audit_done(
            &mut tx,
            entry(
                Some(actor.user_id),
                "application.eligibility-override",
                &after,
                None,
                Some(json!({"reason": reason.as_str()})),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }
}

impl ApplicationRecords<'_> {
    /// A document's bytes, for its applicant or for staff whose scope holds the application.
    pub async fn document(&self, document: DocumentId) -> AppResult<(applying::DocumentRow, Vec<u8>)> {
        let actor = self.actor();
        let mut tx = self.store.read().await?;
        let (row, bytes) = applying::document_content(&mut tx, document.0).await?.ok_or(AppError::NotFound)?;
        let record = applying::application(&mut tx, row.application_id).await?.ok_or(AppError::NotFound)?;
        let (as_staff, as_applicant) = match self.scope() {
            None => (true, false),
            Some(scope) => (scope.missions.contains(&record.mission_id), scope.person == Some(record.person_id)),
        };
        // A member of the desk who declared a conflict of interest with the application reads
        // none of its files (as its candidate's file shows them nothing personal).
        let conflicted = as_staff
            && store::selection::review(&mut tx, record.id, actor.user_id.0)
                .await?
                .is_some_and(|r| r.conflict_of_interest.is_some());
        // A referee's letter is confidential to the mission: its applicant may not read it.
        let allowed = (as_staff && !conflicted) || (as_applicant && !row.is_reference_letter());
        if !allowed {
            drop(tx);
            return Err(self
                .audit_denied(Some(actor), "application.document-read", "document", document.to_string())
                .await);
        }
        // While a year screens blind, staff download files under their kind: a file's own name
        // often carries the applicant's name.
        let year = recruitment::year_by_id(&mut tx, record.programme_year_id).await?.ok_or(AppError::NotFound)?;
        if crate::blind::identity_hidden(actor, &year, record.person_id, record.status) {
            return Ok((crate::blind::masked_document(&record.reference, row), bytes));
        }
        Ok((row, bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A departure group of the test year (id 1), with its own orientation or the year's.
    fn departure_group(
        id: i64,
        name: &str,
        arrival: time::Date,
        orientation: Option<time::Date>,
    ) -> recruitment::DepartureGroupRow {
        recruitment::DepartureGroupRow {
            id,
            programme_year_id: 1,
            name: name.into(),
            arrival_date: arrival,
            pre_departure_orientation: orientation,
        }
    }

    #[test]
    fn an_applicant_is_written_to_by_their_account_else_by_the_application() {
        let user = store::users::UserRow {
            id: 7,
            email: "mina@example.org".into(),
            display_name: "Mina K.".into(),
            password_hash: None,
            language: "ko".into(),
            person_id: Some(3),
            disabled: false,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
        };
        let email = || Email::parse("Mina@Example.org").ok();
        assert_eq!(
            contact_of("Mina", "Kim", email(), Some(&user)),
            ("Mina K.".to_owned(), email(), Language::Ko),
            "the account's name and language"
        );
        assert_eq!(contact_of("Mina", "Kim", email(), None), ("Mina Kim".to_owned(), email(), Language::En));
        assert_eq!(
            contact_of("Mina", "Kim", None, Some(&user)),
            ("Mina Kim".to_owned(), None, Language::En),
            "no address, no mail"
        );
    }

    #[test]
    fn file_types_come_from_the_bytes() {
        assert_eq!(sniff(b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"MZ\x90\x00 an executable"), None);
        assert_eq!(type_of_name("Transcript.PDF"), Some("application/pdf"));
        assert_eq!(type_of_name("photo.jpeg"), Some("image/jpeg"));
        assert_eq!(type_of_name("notes.docx"), None);
    }

    #[test]
    fn fields_are_checked_by_kind_and_named() {
        assert_eq!(
            check_field("personal.birth_date", FieldKind::Date, &json!("1999-02-30")).unwrap_err().field,
            "personal.birth_date"
        );
        assert_eq!(check_field("x", FieldKind::Country, &json!("us")).unwrap(), json!("US"));
        assert_eq!(check_field("x", FieldKind::Jlpt, &json!("n2")).unwrap(), json!("N2"));
        assert!(check_field("x", FieldKind::Bool, &json!("yes")).is_err());
        assert_eq!(check_field("s", FieldKind::Text(5), &json!("abcdef")).unwrap_err().limit, Some(5));
        let places = check_field("p", FieldKind::Places, &json!(["28", "281000"])).unwrap();
        assert_eq!(places, json!(["28", "281000"]));
        assert_eq!(check_field("p", FieldKind::Places, &json!(["99"])).unwrap_err().field, "p[0]");
        assert!(check_field("p", FieldKind::Places, &json!(["01", "02", "03", "04"])).is_err());
        let periods = json!([{"start": "2019-04-01", "end": "2018-03-31"}]);
        assert_eq!(check_field("h", FieldKind::Periods, &periods).unwrap_err().field, "h[0]");
    }

    #[test]
    fn completeness_lists_what_is_missing() {
        let empty = Map::new();
        let list = missing(&empty, Position::Cir);
        assert!(
            list.contains(&"personal.family_name".to_owned())
                && list.contains(&"statement.statement_of_purpose".to_owned())
        );
        assert!(list.contains(&"japanese.self_assessment".to_owned()), "a CIR states their Japanese");
        assert!(!missing(&empty, Position::Alt).contains(&"japanese.self_assessment".to_owned()));
        let declared: Map<String, Json> =
            serde_json::from_value(json!({"disclosures": {"criminal_history": true, "medical_conditions": false}}))
                .unwrap();
        assert!(missing(&declared, Position::Alt).contains(&"disclosures.criminal_history_details".to_owned()));
    }

    fn usa_year() -> recruitment::ProgrammeYearRow {
        use time::macros::{date, datetime};
        recruitment::ProgrammeYearRow {
            id: 1,
            country_code: "US".into(),
            country_en: "United States".into(),
            country_ja: "米国".into(),
            country_ko: "미국".into(),
            time_zone: "America/New_York".into(),
            year: 2027,
            status: ProgrammeYearStatus::Selecting,
            settings: recruitment::YearSettings {
                guidelines_published: None,
                applications_open: None,
                // 23:59 on 13 November in Honolulu.
                application_deadline: Some(datetime!(2026-11-14 09:59 UTC)),
                first_screening: Some(date!(2026 - 12 - 15)),
                interviews_from: Some(date!(2027 - 01 - 26)),
                interviews_until: Some(date!(2027 - 02 - 06)),
                results_by: Some(date!(2027 - 04 - 15)),
                reply_deadline: Some(datetime!(2027-05-01 03:00 UTC)),
                pre_departure_orientation: Some(date!(2027 - 07 - 10)),
                places_alt: 1,
                places_cir: 0,
                places_sea: 0,
                sea_offered: false,
                eligibility_rules: None,
                selection_rules: None,
                deadline_time_zone: Some("Pacific/Honolulu".into()),
                second_round_list: None,
                placement_notices: Some(date!(2027 - 05 - 20)),
            },
            version: 1,
        }
    }

    fn states(steps: &[Step]) -> Vec<(&str, &str, Option<&str>)> {
        steps.iter().map(|s| (s.key, s.state, s.when.as_deref())).collect()
    }

    #[test]
    fn the_timeline_shows_when_done_steps_happened_and_when_the_others_are_planned() {
        use time::macros::{date, datetime};
        let year = usa_year();
        let group = departure_group(1, "Group A", date!(2027 - 07 - 26), None);
        let now = datetime!(2027-01-10 12:00 UTC);
        let happened = Happened {
            submitted: Some(datetime!(2026-11-02 20:03 UTC)),
            screened: Some(datetime!(2026-12-16 18:00 UTC)),
            ..Happened::default()
        };
        let steps = timeline(&year, Some(&group), ApplicationStatus::InvitedToInterview, None, &happened, now);
        assert_eq!(
            states(&steps),
            [
                ("step-submit", "done", Some("2026-11-02 10:03 HST")),
                ("step-screening", "done", Some("2026-12-16 08:00 HST")),
                ("step-interview", "current", Some("2027-01-26 – 2027-02-06")),
                ("step-results", "upcoming", Some("2027-04-15")),
                ("step-reply", "upcoming", Some("2027-04-30 17:00 HST (Pacific/Honolulu)")),
                ("step-clearance-documents", "upcoming", None),
                ("step-placement", "upcoming", Some("2027-05-20")),
                ("step-orientation", "upcoming", Some("2027-07-10")),
                ("step-arrival", "upcoming", Some("2027-07-26")),
            ]
        );
        // A draft sees the deadline as the year states it.
        let draft = timeline(&year, Some(&group), ApplicationStatus::Draft, None, &Happened::default(), now);
        assert_eq!(states(&draft)[0], ("step-submit", "current", Some("2026-11-13 23:59 HST (Pacific/Honolulu)")));
    }

    #[test]
    fn no_step_claims_done_without_a_time_and_an_ended_application_skips_the_rest() {
        use time::macros::{date, datetime};
        let mut year = usa_year();
        year.settings.second_round_list = Some(date!(2027 - 01 - 05));
        // An April group with its own orientation.
        let april = departure_group(2, "April", date!(2027 - 04 - 05), Some(date!(2027 - 03 - 26)));
        let now = datetime!(2027-02-20 12:00 UTC);
        // Interviewed, but nothing stored says when the screening was decided.
        let happened = Happened {
            submitted: Some(datetime!(2026-11-02 20:03 UTC)),
            interviewed: Some(datetime!(2027-01-27 19:00 UTC)),
            ..Happened::default()
        };
        let steps = timeline(&year, Some(&april), ApplicationStatus::Interviewed, None, &happened, now);
        let got = states(&steps);
        assert_eq!(got[1], ("step-screening", "unrecorded", Some("2026-12-15")));
        assert_eq!(got[2], ("step-second-round", "unrecorded", Some("2027-01-05")));
        assert_eq!(got[3], ("step-interview", "done", Some("2027-01-27 09:00 HST")));
        assert_eq!(got[4].1, "current");
        assert_eq!(got[8], ("step-orientation", "upcoming", Some("2027-03-26")), "the group's own orientation");
        assert_eq!(got[9], ("step-arrival", "upcoming", Some("2027-04-05")));
        assert!(steps.iter().all(|s| s.state != "done" || s.when.is_some()));
        // Withdrawn after the interview: what happened stays done, the rest was not reached.
        let ended = timeline(&year, Some(&april), ApplicationStatus::Withdrawn, None, &happened, now);
        let got = states(&ended);
        assert_eq!(got[0].1, "done");
        assert_eq!(got[1].1, "skipped");
        assert_eq!(got[3].1, "done");
        assert!(got[4..].iter().all(|(_, state, _)| *state == "skipped"), "{got:?}");
        // A placed candidate's orientation and arrival are done once their days have passed.
        let placed = Happened { notified: Some(datetime!(2027-03-01 00:00 UTC)), ..happened };
        let later =
            timeline(&year, Some(&april), ApplicationStatus::Cleared, None, &placed, datetime!(2027-03-30 00:00 UTC));
        let got = states(&later);
        assert_eq!(got[8], ("step-orientation", "done", Some("2027-03-26")));
        assert_eq!(got[9], ("step-arrival", "current", Some("2027-04-05")));
    }
}
