//! Recruitment, part one: a recruiting country's programme year — its dates (the application
//! deadline in the country's own time zone), the plan of places by position, the departure groups
//! with their arrival dates, and the year's lifecycle. Mission staff set up their country's year;
//! CLAIR staff any.

use crate::App;
use crate::access::{Account, YearDesk};
use crate::actor::Actor;
use crate::error::{AppError, AppResult};
use domain::eligibility::{self, ApplicantFacts, EligibilityRules, Jlpt, Period, Qualification};
use domain::lifecycle::Lifecycle;
use domain::selection::SelectionRules;
use domain::{FieldError, Position, ProgrammeYearId, ProgrammeYearStatus};
use serde::{Deserialize, Serialize};
use serde_json::json;
use store::Tx;
use store::audit::{AuditEntry, Outcome};
use store::recruitment::{self, DepartureGroupRow, GroupDates, ProgrammeYearRow, YearSettings};
use time::{Date, OffsetDateTime};

/// A point in time as the country's desk and applicants read it: local date and time, with the zone.
pub fn local_time(time_zone: &str, at: OffsetDateTime) -> String {
    let Ok(tz) = jiff::tz::TimeZone::get(time_zone) else {
        return format!("{at} UTC");
    };
    match jiff::Timestamp::from_second(at.unix_timestamp()) {
        Ok(ts) => ts.to_zoned(tz).strftime("%Y-%m-%d %H:%M %Z").to_string(),
        Err(_) => format!("{at} UTC"),
    }
}

/// A deadline as the year states it: local date and time, the zone's abbreviation and its name,
/// so nobody has to guess which "HST" or "CST" is meant: `2026-11-13 23:59 HST (Pacific/Honolulu)`.
pub fn stated_time(time_zone: &str, at: OffsetDateTime) -> String {
    format!("{} ({time_zone})", local_time(time_zone, at))
}

/// The calendar day an instant falls on in a zone (the country's desk and applicants count days
/// there, not in UTC).
fn local_day(time_zone: &str, at: OffsetDateTime) -> Date {
    let Ok(tz) = jiff::tz::TimeZone::get(time_zone) else {
        return at.date();
    };
    jiff::Timestamp::from_second(at.unix_timestamp())
        .ok()
        .map(|ts| ts.to_zoned(tz).date())
        .and_then(|d| {
            let month = time::Month::try_from(u8::try_from(d.month()).ok()?).ok()?;
            Date::from_calendar_date(i32::from(d.year()), month, u8::try_from(d.day()).ok()?).ok()
        })
        .unwrap_or(at.date())
}

/// `YYYY-MM-DDTHH:MM` (or with a space) read in a time zone, as an instant.
///
/// A time sent with an offset or a zone (`2027-06-30T12:00+09:00`, `…Z`, `…[Asia/Tokyo]`) is
/// refused, naming the field: the civil parser would read the local part and drop the offset,
/// silently moving the instant by the difference between that offset and the country's.
pub fn parse_local(field: &str, time_zone: &str, raw: &str) -> Result<OffsetDateTime, FieldError> {
    let bad = || FieldError::new(field, "error-datetime-invalid");
    let tz = jiff::tz::TimeZone::get(time_zone).map_err(|_| FieldError::new(field, "error-time-zone-invalid"))?;
    let text = raw.trim().replace(' ', "T");
    let time_part = text.split_once(['T', 't']).map_or("", |(_, time)| time);
    if time_part.contains(['+', '-', 'Z', 'z', '[']) {
        return Err(FieldError::with_detail(field, "error-datetime-offset", time_zone.to_owned()));
    }
    let civil: jiff::civil::DateTime = text.parse().map_err(|_| bad())?;
    // An hour skipped by a daylight-saving change resolves to the later hour, as clocks do.
    let zoned = civil.to_zoned(tz).map_err(|_| bad())?;
    OffsetDateTime::from_unix_timestamp(zoned.timestamp().as_second()).map_err(|_| bad())
}

fn parse_date(field: &str, raw: &str) -> Result<Date, FieldError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(raw.trim(), &format).map_err(|_| FieldError::new(field, "error-date-invalid"))
}

/// What a form or the API submits for a year; dates as `YYYY-MM-DD`, the three instants as local
/// `YYYY-MM-DDTHH:MM` in the year's deadline time zone (`deadline_time_zone`, or the country's
/// when empty). Empty means not set yet.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct YearInput {
    /// The IANA time zone the year states its deadlines in (the USA: `Pacific/Honolulu`); empty
    /// for the country's own.
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
    /// Korea's second-round list (who goes on to the interviews); optional.
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
    /// Departure groups: name, arrival date and, where the group has its own, its pre-departure
    /// orientation (`YYYY-MM-DD`).
    #[serde(default)]
    pub departure_groups: Vec<DepartureGroupInput>,
    /// The year's eligibility rules; absent keeps the rules the year has (or JET.md's defaults).
    #[serde(default)]
    pub eligibility_rules: Option<EligibilityRules>,
    /// How the year selects (rubrics, blind screening, deadlines); absent keeps what the year has
    /// (or the defaults).
    #[serde(default)]
    pub selection_rules: Option<SelectionRules>,
    /// The version the editor saw; a save against a newer one is a conflict.
    pub version: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DepartureGroupInput {
    pub name: String,
    pub arrival_date: String,
    /// Empty: the group goes to the year's orientation.
    #[serde(default)]
    pub pre_departure_orientation: String,
}

/// A programme year as its editors see it.
#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    #[serde(flatten)]
    pub year: ProgrammeYearRow,
    pub departure_groups: Vec<DepartureGroupRow>,
    /// The zone the year states its deadlines in (its own, or the country's).
    pub deadline_time_zone: String,
    /// The three instants in the year's deadline zone (`2026-11-13 23:59 HST`).
    pub applications_open_local: Option<String>,
    pub application_deadline_local: Option<String>,
    pub reply_deadline_local: Option<String>,
    /// The application deadline as the year states it, with the zone's name
    /// (`2026-11-13 23:59 HST (Pacific/Honolulu)`).
    pub application_deadline_stated: Option<String>,
    /// False once the year is closed: its set-up is then the record of what was.
    pub editable: bool,
    /// The states the year may move to next.
    pub next_statuses: Vec<&'static str>,
    /// The rules in force (JET.md's defaults until the desk sets its own).
    pub rules: EligibilityRules,
    /// How the year selects (the defaults until the desk sets its own).
    pub selection: SelectionRules,
}

/// The year's steps that every departure group goes through, in their order; each given date
/// must not come before the last given one.
const SHARED_STEPS: usize = 7;

fn validate(input: &YearInput, country_zone: &str) -> Result<(YearSettings, Vec<GroupDates>), AppError> {
    let mut errors = Vec::new();
    let rules = match &input.eligibility_rules {
        Some(rules) => {
            // The year's own SEA switch is the one that counts.
            let rules = EligibilityRules { sea_offered: input.sea_offered, ..*rules };
            if let Err(e) = rules.validate() {
                errors.push(FieldError { field: format!("eligibility_rules.{}", e.field), ..e });
            }
            serde_json::to_string(&rules).ok()
        }
        None => None,
    };
    let selection_rules = match &input.selection_rules {
        Some(rules) => {
            if let Err(e) = rules.validate() {
                errors.push(FieldError { field: format!("selection_rules.{}", e.field), ..e });
            }
            serde_json::to_string(rules).ok()
        }
        None => None,
    };
    // The zone the year states its deadlines in: its own (an IANA name), or the country's.
    let own_zone = Some(input.deadline_time_zone.trim()).filter(|z| !z.is_empty());
    let zone_known = match own_zone {
        Some(zone) if jiff::tz::TimeZone::get(zone).is_err() => {
            errors.push(FieldError::new("deadline_time_zone", "error-time-zone-invalid"));
            false
        }
        _ => true,
    };
    let time_zone = own_zone.unwrap_or(country_zone);
    let mut date = |field: &str, raw: &str| -> Option<Date> {
        if raw.trim().is_empty() {
            return None;
        }
        parse_date(field, raw).map_err(|e| errors.push(e)).ok()
    };
    let guidelines_published = date("guidelines_published", &input.guidelines_published);
    let first_screening = date("first_screening", &input.first_screening);
    let second_round_list = date("second_round_list", &input.second_round_list);
    let interviews_from = date("interviews_from", &input.interviews_from);
    let interviews_until = date("interviews_until", &input.interviews_until);
    let results_by = date("results_by", &input.results_by);
    let placement_notices = date("placement_notices", &input.placement_notices);
    let pre_departure_orientation = date("pre_departure_orientation", &input.pre_departure_orientation);
    let mut group_dates = Vec::new();
    for (i, g) in input.departure_groups.iter().enumerate() {
        let field = format!("departure_groups[{i}]");
        if g.name.trim().is_empty() && g.arrival_date.trim().is_empty() && g.pre_departure_orientation.trim().is_empty()
        {
            continue;
        }
        // A group without its arrival date is named below, where it is checked.
        let arrival = date(&format!("{field}.arrival_date"), &g.arrival_date);
        let orientation = date(&format!("{field}.pre_departure_orientation"), &g.pre_departure_orientation);
        group_dates.push((i, g, arrival, orientation));
    }
    let mut instant = |field: &'static str, raw: &str| -> Option<OffsetDateTime> {
        if raw.trim().is_empty() || !zone_known {
            return None;
        }
        parse_local(field, time_zone, raw).map_err(|e| errors.push(e)).ok()
    };
    let applications_open = instant("applications_open", &input.applications_open);
    let application_deadline = instant("application_deadline", &input.application_deadline);
    let reply_deadline = instant("reply_deadline", &input.reply_deadline);
    for (field, n) in
        [("places_alt", input.places_alt), ("places_cir", input.places_cir), ("places_sea", input.places_sea)]
    {
        if !(0..=10_000).contains(&n) {
            errors.push(FieldError::with_limit(field, "error-places-range", 10_000));
        }
    }
    if input.places_sea > 0 && !input.sea_offered {
        errors.push(FieldError::new("places_sea", "error-sea-not-offered"));
    }
    // The steps of the year come in this order; each given date must not come before the last
    // given one. Instants count by their day in the year's deadline zone, the day the desk wrote.
    let day = |t: Option<OffsetDateTime>| t.map(|t| local_day(time_zone, t));
    let steps: [(&str, Option<Date>); 11] = [
        ("guidelines_published", guidelines_published),
        ("applications_open", day(applications_open)),
        ("application_deadline", day(application_deadline)),
        ("first_screening", first_screening),
        ("second_round_list", second_round_list),
        ("interviews_from", interviews_from),
        ("interviews_until", interviews_until),
        // Above: selection, which every departure group goes through (`SHARED_STEPS`). Below:
        // what follows selection for the groups that do not carry their own orientation.
        ("results_by", results_by),
        ("reply_deadline", day(reply_deadline)),
        ("placement_notices", placement_notices),
        ("pre_departure_orientation", pre_departure_orientation),
    ];
    let mut last: Option<Date> = None;
    let mut last_shared: Option<Date> = None;
    for (i, (field, value)) in steps.into_iter().enumerate() {
        if let Some(value) = value {
            if let Some(when) = last
                && value < when
            {
                errors.push(FieldError::new(field, "error-date-order"));
            }
            last = Some(value);
            if i < SHARED_STEPS {
                last_shared = Some(value);
            }
        }
    }
    if let (Some(open), Some(deadline)) = (applications_open, application_deadline)
        && deadline <= open
    {
        errors.push(FieldError::new("application_deadline", "error-date-order"));
    }
    // Each departure group is ordered on its own, against the steps that lead to it, not against
    // every step of the year: an April group (Korea's cycle) may sit beside July and August groups
    // (the USA's) whose results, reply deadline and orientation come after it has arrived.
    // - Every group arrives after selection, which all groups share (up to the interviews' end).
    // - A group with its own pre-departure orientation has it after selection and arrives after
    //   it; the year's later steps (results, reply, notices, orientation) are the other groups'.
    // - A group without one follows the year's steps to the end, so it arrives after the last.
    let mut groups: Vec<GroupDates> = Vec::new();
    for (i, g, arrival, orientation) in group_dates {
        let field = format!("departure_groups[{i}]");
        let name = match domain::ShortText::parse(&format!("{field}.name"), &g.name) {
            Ok(name) if groups.iter().any(|other| other.name == name.as_str()) => {
                errors.push(FieldError::new(format!("{field}.name"), "error-duplicate"));
                continue;
            }
            Ok(name) => name.into_string(),
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let Some(arrival) = arrival else {
            if g.arrival_date.trim().is_empty() {
                errors.push(FieldError::new(format!("{field}.arrival_date"), "error-required"));
            }
            continue;
        };
        match orientation {
            Some(own) => {
                if last_shared.is_some_and(|shared| own < shared) {
                    errors.push(FieldError::new(format!("{field}.pre_departure_orientation"), "error-date-order"));
                }
                if arrival < own {
                    errors.push(FieldError::new(format!("{field}.arrival_date"), "error-date-order"));
                }
            }
            None => {
                if last_shared.is_some_and(|shared| arrival < shared) {
                    errors.push(FieldError::new(format!("{field}.arrival_date"), "error-date-order"));
                } else if let Some(year_last) = last
                    && arrival < year_last
                {
                    errors.push(FieldError::new(format!("{field}.arrival_date"), "error-group-own-orientation"));
                }
            }
        }
        groups.push(GroupDates { name, arrival_date: arrival, pre_departure_orientation: orientation });
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let settings = YearSettings {
        guidelines_published,
        applications_open,
        application_deadline,
        first_screening,
        interviews_from,
        interviews_until,
        results_by,
        reply_deadline,
        pre_departure_orientation,
        places_alt: input.places_alt,
        places_cir: input.places_cir,
        places_sea: input.places_sea,
        sea_offered: input.sea_offered,
        eligibility_rules: rules,
        selection_rules,
        deadline_time_zone: own_zone.map(str::to_owned),
        second_round_list,
        placement_notices,
    };
    Ok((settings, groups))
}

impl App {
    async fn year_view(&self, tx: &mut Tx, year: ProgrammeYearRow) -> AppResult<YearView> {
        let groups = recruitment::departure_groups(tx, year.id).await?;
        let zone = year.deadline_zone().to_owned();
        let local = |t: Option<OffsetDateTime>| t.map(|t| local_time(&zone, t));
        let next = year.status.next_states().iter().map(|n| n.as_str()).collect();
        let rules = rules_of(&year);
        Ok(YearView {
            applications_open_local: local(year.settings.applications_open),
            application_deadline_local: local(year.settings.application_deadline),
            reply_deadline_local: local(year.settings.reply_deadline),
            application_deadline_stated: year.settings.application_deadline.map(|t| stated_time(&zone, t)),
            editable: year.status.accepts_changes(),
            deadline_time_zone: zone,
            next_statuses: next,
            rules,
            selection: selection_rules_of(&year),
            departure_groups: groups,
            year,
        })
    }
}

/// How a year selects: its own rules, or the defaults.
pub fn selection_rules_of(year: &ProgrammeYearRow) -> SelectionRules {
    year.settings.selection_rules.as_deref().and_then(|json| serde_json::from_str(json).ok()).unwrap_or_default()
}

/// The rules a year has: its own, or JET.md's defaults with the year's SEA switch.
fn rules_of(year: &ProgrammeYearRow) -> EligibilityRules {
    year.settings
        .eligibility_rules
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or(EligibilityRules { sea_offered: year.settings.sea_offered, ..EligibilityRules::default() })
}

/// An applicant's facts as a form or the API gives them; dates `YYYY-MM-DD`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct FactsInput {
    pub nationality: String,
    #[serde(default)]
    pub also_japanese: bool,
    pub position: String,
    /// The departure group the applicant chooses; its arrival date is the cut-off for the degree.
    pub departure_group: String,
    #[serde(default)]
    pub qualifications: Vec<QualificationInput>,
    #[serde(default)]
    pub previous_participations: Vec<PeriodInput>,
    #[serde(default)]
    pub residence_in_japan: Vec<PeriodInput>,
    #[serde(default)]
    pub declined_placement_last_year_without_reason: bool,
    /// `N1` … `N5`.
    pub jlpt: Option<String>,
    pub japanese_self_assessment: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct QualificationInput {
    /// `bachelor` or `teacher-training-3-year`.
    pub kind: String,
    pub awarded: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PeriodInput {
    pub start: String,
    pub end: String,
}

/// One finding of the eligibility check, in the reader's language.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub rule: &'static str,
    pub rule_name: String,
    /// `ineligible` stops the application; `condition` is something to do or to be assessed.
    pub severity: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EligibilityReport {
    pub eligible: bool,
    pub findings: Vec<FindingView>,
}

fn facts_of(input: &FactsInput) -> Result<ApplicantFacts, AppError> {
    let mut errors = Vec::new();
    let nationality = domain::CountryCode::parse(&input.nationality)
        .map_err(|e| errors.push(FieldError { field: "nationality".into(), ..e }))
        .ok();
    let position = Position::parse(&input.position).map_err(|e| errors.push(e)).ok();
    let mut qualifications = Vec::new();
    for (i, q) in input.qualifications.iter().enumerate() {
        match parse_date(&format!("qualifications[{i}].awarded"), &q.awarded) {
            Ok(awarded) => match q.kind.as_str() {
                "bachelor" => qualifications.push(Qualification::Bachelor { awarded }),
                "teacher-training-3-year" => qualifications.push(Qualification::TeacherTraining3Year { awarded }),
                _ => errors.push(FieldError::new(format!("qualifications[{i}].kind"), "error-kind-invalid")),
            },
            Err(e) => errors.push(e),
        }
    }
    let mut periods = |name: &str, list: &[PeriodInput]| -> Vec<Period> {
        let mut out = Vec::new();
        for (i, p) in list.iter().enumerate() {
            let start = parse_date(&format!("{name}[{i}].start"), &p.start).map_err(|e| errors.push(e)).ok();
            let end = parse_date(&format!("{name}[{i}].end"), &p.end).map_err(|e| errors.push(e)).ok();
            if let (Some(start), Some(end)) = (start, end) {
                match Period::new(start, end) {
                    Ok(p) => out.push(p),
                    Err(e) => errors.push(FieldError { field: format!("{name}[{i}]"), ..e }),
                }
            }
        }
        out
    };
    let previous_participations = periods("previous_participations", &input.previous_participations);
    let residence_in_japan = periods("residence_in_japan", &input.residence_in_japan);
    let mut level = |field: &str, raw: &Option<String>| -> Option<Jlpt> {
        let raw = raw.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
        Jlpt::parse(raw).map_err(|e| errors.push(FieldError { field: field.to_owned(), ..e })).ok()
    };
    let jlpt = level("jlpt", &input.jlpt);
    let japanese_self_assessment = level("japanese_self_assessment", &input.japanese_self_assessment);
    match (nationality, position) {
        (Some(nationality), Some(position)) if errors.is_empty() => Ok(ApplicantFacts {
            nationality,
            also_japanese: input.also_japanese,
            position,
            qualifications,
            previous_participations,
            residence_in_japan,
            declined_placement_last_year_without_reason: input.declined_placement_last_year_without_reason,
            jlpt,
            japanese_self_assessment,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

impl App {}

fn audit_entry(
    actor: &Actor,
    action: &'static str,
    year: &ProgrammeYearRow,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> AuditEntry {
    AuditEntry {
        actor: Some(actor.user_id),
        action,
        entity: "programme-year",
        entity_id: year.id.to_string(),
        unit_key: format!("country:{}", year.country_code),
        outcome: Outcome::Done,
        before,
        after,
    }
}

impl YearDesk<'_> {
    pub async fn programme_years(&self) -> AppResult<Vec<YearView>> {
        let mut tx = self.store.read().await?;
        let rows = recruitment::years(&mut tx, self.countries()).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(self.year_view(&mut tx, row).await?);
        }
        Ok(out)
    }

    /// One year, if in the caller's countries (refusals audited).
    pub async fn programme_year(&self, id: ProgrammeYearId) -> AppResult<YearView> {
        let mut tx = self.store.read().await?;
        let row = self.year(&mut tx, id, "programme-year.read").await?;
        self.year_view(&mut tx, row).await
    }

    /// A year of the caller's countries, or a refusal (audited), inside the use case's transaction.
    async fn year(&self, tx: &mut Tx, id: ProgrammeYearId, action: &'static str) -> AppResult<ProgrammeYearRow> {
        let row = recruitment::year_by_id(tx, id.0).await?.ok_or(AppError::NotFound)?;
        if !self.manages(&row.country_code) {
            return Err(self.audit_denied(Some(self.actor()), action, "programme-year", id.to_string()).await);
        }
        Ok(row)
    }

    /// Opens a country's programme year in planning.
    pub async fn create_programme_year(&self, country: &str, year: i64) -> AppResult<YearView> {
        let actor = self.actor();
        let country = domain::CountryCode::parse(country)?;
        if !(2000..=2100).contains(&year) {
            return Err(AppError::field("year", "error-year-invalid"));
        }
        let mut tx = self.store.write().await?;
        if !self.manages(country.as_str()) {
            return Err(self
                .audit_denied(Some(actor), "programme-year.create", "programme-year", format!("{country}-{year}"))
                .await);
        }
        let id = match recruitment::insert_year(&mut tx, country.as_str(), year, ProgrammeYearStatus::Planning.as_str())
            .await
        {
            Err(store::StoreError::Conflict(_)) => {
                return Err(AppError::field("year", "error-year-exists"));
            }
            other => other?,
        };
        let row = recruitment::year_by_id(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        self.audit_done(
            &mut tx,
            audit_entry(
                actor,
                "programme-year.create",
                &row,
                None,
                Some(json!({"country": row.country_code, "year": year})),
            ),
        )
        .await?;
        let view = self.year_view(&mut tx, row).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Saves a year's dates, plan and groups; a stale `version` is a conflict, not an overwrite.
    pub async fn save_programme_year(&self, id: ProgrammeYearId, input: &YearInput) -> AppResult<YearView> {
        let actor = self.actor();
        let mut tx = self.store.write().await?;
        let before = self.year(&mut tx, id, "programme-year.update").await?;
        let before = self.year_view(&mut tx, before).await?;
        if !before.year.status.accepts_changes() {
            return Err(AppError::field("status", "error-year-closed"));
        }
        let (settings, groups) = validate(input, &before.year.time_zone)?;
        let id = id.0;
        // Rules the input leaves out stay as the year has them (the page edits dates and plan).
        let settings = YearSettings {
            eligibility_rules: settings.eligibility_rules.or(before.year.settings.eligibility_rules.clone()),
            selection_rules: settings.selection_rules.or(before.year.settings.selection_rules.clone()),
            ..settings
        };
        if !recruitment::update_year(&mut tx, id, input.version, &settings).await? {
            return Err(AppError::Conflict(format!("programme year {id} changed since version {}", input.version)));
        }
        recruitment::replace_departure_groups(&mut tx, id, &groups).await?;
        let after = recruitment::year_by_id(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let after_view = self.year_view(&mut tx, after).await?;
        let snapshot = |v: &YearView| serde_json::to_value(v).unwrap_or_default();
        self.audit_done(
            &mut tx,
            audit_entry(
                actor,
                "programme-year.update",
                &after_view.year,
                Some(snapshot(&before)),
                Some(snapshot(&after_view)),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(after_view)
    }

    /// Moves a year along its lifecycle (planning → recruiting → selecting → placing → closed).
    pub async fn advance_programme_year(
        &self,
        id: ProgrammeYearId,
        to: ProgrammeYearStatus,
        version: i64,
    ) -> AppResult<YearView> {
        let actor = self.actor();
        let mut tx = self.store.write().await?;
        let before = self.year(&mut tx, id, "programme-year.status").await?;
        let before = self.year_view(&mut tx, before).await?;
        let id = id.0;
        let from = before.year.status;
        from.move_to(to).map_err(|_| AppError::field("status", "error-status-transition"))?;
        if to == ProgrammeYearStatus::Recruiting
            && (before.year.settings.application_deadline.is_none() || before.departure_groups.is_empty())
        {
            return Err(AppError::field("status", "error-year-incomplete"));
        }
        if !recruitment::set_year_status(&mut tx, id, version, to.as_str()).await? {
            return Err(AppError::Conflict(format!("programme year {id} changed since version {version}")));
        }
        let after = recruitment::year_by_id(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        self.audit_done(
            &mut tx,
            audit_entry(
                actor,
                "programme-year.status",
                &after,
                Some(json!({"status": from.as_str()})),
                Some(json!({"status": to.as_str()})),
            ),
        )
        .await?;
        let view = self.year_view(&mut tx, after).await?;
        tx.commit().await?;
        Ok(view)
    }
}

impl Account<'_> {
    /// Checks an applicant's facts against a programme year's rules, with every reason in the
    /// reader's language. Any signed-in user may ask (an applicant checks before applying).
    pub async fn check_eligibility(
        &self,
        year_id: ProgrammeYearId,
        input: &FactsInput,
    ) -> AppResult<EligibilityReport> {
        let mut tx = self.store.read().await?;
        let year = recruitment::year_by_id(&mut tx, year_id.0).await?.ok_or(AppError::NotFound)?;
        let groups = recruitment::departure_groups(&mut tx, year_id.0).await?;
        drop(tx);
        eligibility_report(self.actor(), &year, &groups, input)
    }
}

/// [`Account::check_eligibility`] on a year and its departure groups already read (a submission
/// reads them for its own checks).
pub(crate) fn eligibility_report(
    actor: &Actor,
    year: &ProgrammeYearRow,
    groups: &[DepartureGroupRow],
    input: &FactsInput,
) -> AppResult<EligibilityReport> {
    let facts = facts_of(input)?;
    let arrival = groups
        .iter()
        .find(|g| g.name == input.departure_group.trim())
        .map(|g| g.arrival_date)
        .ok_or_else(|| AppError::field("departure_group", "error-group-unknown"))?;
    let country = domain::CountryCode::parse(&year.country_code)?;
    let findings = eligibility::check(&rules_of(year), country, arrival, &facts);
    let t = crate::Translator::new(actor.language);
    let views = findings
        .iter()
        .map(|f| FindingView {
            rule: f.rule.as_str(),
            rule_name: t.t(f.rule.message_key()),
            severity: match f.severity {
                eligibility::Severity::Ineligible => "ineligible",
                eligibility::Severity::Condition => "condition",
            },
            message: t.t_args(
                f.key,
                &f.args.iter().map(|(k, v)| (*k, crate::i18n::Arg::from(v.as_str()))).collect::<Vec<_>>(),
            ),
        })
        .collect();
    Ok(EligibilityReport { eligible: !findings.iter().any(|f| f.is_blocking()), findings: views })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_are_read_in_the_country_time_zone() {
        // Midnight at the end of 15 November in New York (EST, UTC-5) is 05:00 UTC on the 16th.
        let t = parse_local("application_deadline", "America/New_York", "2026-11-15T23:59").unwrap();
        assert_eq!(t, time::macros::datetime!(2026-11-16 04:59 UTC));
        assert_eq!(local_time("America/New_York", t), "2026-11-15 23:59 EST");
        // Seoul has no daylight saving: UTC+9.
        let k = parse_local("application_deadline", "Asia/Seoul", "2026-11-07 17:00").unwrap();
        assert_eq!(k, time::macros::datetime!(2026-11-07 08:00 UTC));
        assert_eq!(local_time("Asia/Seoul", k), "2026-11-07 17:00 KST");
        assert_eq!(parse_local("x", "Asia/Seoul", "7 Nov").unwrap_err().reason, "error-datetime-invalid");
        assert_eq!(parse_local("x", "Mars/Olympus", "2026-11-07T17:00").unwrap_err().reason, "error-time-zone-invalid");
        // An offset or a zone is refused, never dropped: the country's own time is what counts.
        for sent in
            ["2027-06-30T12:00+09:00", "2027-06-30T12:00Z", "2027-06-30 12:00-05:00", "2027-06-30T12:00[Asia/Tokyo]"]
        {
            let refused = parse_local("application_deadline", "America/New_York", sent).unwrap_err();
            assert_eq!(
                (refused.field.as_str(), refused.reason),
                ("application_deadline", "error-datetime-offset"),
                "{sent}"
            );
        }
        assert!(parse_local("x", "America/New_York", "2027-06-30T12:00:30").is_ok());
    }

    fn korea() -> YearInput {
        // Korea's cycle (seed 000): guidelines late Oct, screening early Dec, interviews early Jan,
        // results late Feb, orientation late March, arrival early April.
        YearInput {
            guidelines_published: "2026-10-27".into(),
            applications_open: "2026-10-27T10:00".into(),
            application_deadline: "2026-11-21T17:00".into(),
            first_screening: "2026-12-04".into(),
            interviews_from: "2027-01-07".into(),
            interviews_until: "2027-01-09".into(),
            results_by: "2027-02-26".into(),
            reply_deadline: "2027-03-05T17:00".into(),
            pre_departure_orientation: "2027-03-26".into(),
            places_alt: 2,
            places_cir: 45,
            places_sea: 0,
            sea_offered: false,
            departure_groups: vec![group("April", "2027-04-05", "")],
            // The Korean desk asks for N1 (JET.md).
            eligibility_rules: Some(EligibilityRules { cir_jlpt_level: Jlpt::N1, ..EligibilityRules::default() }),
            selection_rules: None,
            version: 1,
            ..YearInput::default()
        }
    }

    fn group(name: &str, arrival: &str, orientation: &str) -> DepartureGroupInput {
        DepartureGroupInput {
            name: name.into(),
            arrival_date: arrival.into(),
            pre_departure_orientation: orientation.into(),
        }
    }

    #[test]
    fn korea_and_usa_cycles_are_both_expressible() {
        let (settings, groups) = validate(&korea(), "Asia/Seoul").unwrap();
        assert_eq!(settings.places_cir, 45);
        assert_eq!(groups.len(), 1);
        // The USA: opens late September, deadline mid November, interviews late January to early
        // February, results March-April, Group A late July and Group B early August.
        let usa = YearInput {
            guidelines_published: "2026-09-22".into(),
            applications_open: "2026-09-22T09:00".into(),
            application_deadline: "2026-11-13T12:00".into(),
            first_screening: "2026-12-15".into(),
            interviews_from: "2027-01-26".into(),
            interviews_until: "2027-02-06".into(),
            results_by: "2027-04-15".into(),
            reply_deadline: "2027-04-30T17:00".into(),
            pre_departure_orientation: "2027-07-10".into(),
            places_alt: 2_700,
            places_cir: 110,
            places_sea: 20,
            sea_offered: true,
            departure_groups: vec![
                group("Group A", "2027-07-26", ""),
                group("Group B", "2027-08-02", ""),
                group("", "", ""),
            ],
            eligibility_rules: None,
            selection_rules: Some(SelectionRules { blind_screening: true, ..SelectionRules::default() }),
            version: 1,
            ..YearInput::default()
        };
        let (settings, groups) = validate(&usa, "America/New_York").unwrap();
        assert_eq!(groups.len(), 2, "an empty row of the form is ignored");
        assert!(settings.sea_offered);
    }

    #[test]
    fn every_refused_field_is_named() {
        let mut input = korea();
        input.application_deadline = "2026-10-01T17:00".into(); // before it opens
        input.interviews_from = "2027-13-07".into();
        input.places_sea = 3; // SEA not offered
        input.departure_groups.push(group("April", "2027-04-12", ""));
        let Err(AppError::Invalid(errors)) = validate(&input, "Asia/Seoul") else { panic!("refused") };
        let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.reason)).collect();
        assert!(fields.contains(&("interviews_from", "error-date-invalid")), "{fields:?}");
        assert!(fields.contains(&("application_deadline", "error-date-order")), "{fields:?}");
        assert!(fields.contains(&("places_sea", "error-sea-not-offered")), "{fields:?}");
        assert!(fields.contains(&("departure_groups[1].name", "error-duplicate")), "{fields:?}");
    }

    fn usa() -> YearInput {
        // The 2026-27 USA cycle: deadline mid November at 23:59 Hawaii time, interviews late
        // January to early February, results in April, placement notices in May, Group A late July
        // and Group B early August.
        YearInput {
            deadline_time_zone: "Pacific/Honolulu".into(),
            guidelines_published: "2026-09-22".into(),
            applications_open: "2026-09-22T09:00".into(),
            application_deadline: "2026-11-13T23:59".into(),
            first_screening: "2026-12-15".into(),
            interviews_from: "2027-01-26".into(),
            interviews_until: "2027-02-06".into(),
            results_by: "2027-04-15".into(),
            reply_deadline: "2027-04-30T17:00".into(),
            placement_notices: "2027-05-20".into(),
            pre_departure_orientation: "2027-07-10".into(),
            places_alt: 2_700,
            departure_groups: vec![group("Group A", "2027-07-26", ""), group("Group B", "2027-08-02", "")],
            version: 1,
            ..YearInput::default()
        }
    }

    #[test]
    fn a_year_states_its_deadline_in_its_own_zone() {
        let (settings, _) = validate(&usa(), "America/New_York").unwrap();
        assert_eq!(settings.deadline_time_zone.as_deref(), Some("Pacific/Honolulu"));
        // 23:59 in Honolulu (UTC-10, no daylight saving) is 09:59 UTC the next day, not 04:59 as
        // the country's usual zone (New York) would have made it.
        assert_eq!(settings.application_deadline, Some(time::macros::datetime!(2026-11-14 09:59 UTC)));
        assert_eq!(
            stated_time("Pacific/Honolulu", time::macros::datetime!(2026-11-14 09:59 UTC)),
            "2026-11-13 23:59 HST (Pacific/Honolulu)"
        );
        // The deadline's day is the day in Honolulu (the 13th), so a first screening on the 13th is
        // not "before" it although in UTC the deadline is on the 14th.
        let mut same_day = usa();
        same_day.first_screening = "2026-11-13".into();
        assert!(validate(&same_day, "America/New_York").is_ok());
        // Empty: the country's zone; an unknown name is refused, naming the field.
        let mut plain = usa();
        plain.deadline_time_zone = String::new();
        let (settings, _) = validate(&plain, "America/New_York").unwrap();
        assert_eq!(settings.deadline_time_zone, None);
        assert_eq!(settings.application_deadline, Some(time::macros::datetime!(2026-11-14 04:59 UTC)));
        let mut unknown = usa();
        unknown.deadline_time_zone = "Hawaii/Time".into();
        let Err(AppError::Invalid(errors)) = validate(&unknown, "America/New_York") else { panic!("refused") };
        assert_eq!(
            errors.iter().map(|e| (e.field.as_str(), e.reason)).collect::<Vec<_>>(),
            [("deadline_time_zone", "error-time-zone-invalid")]
        );
    }

    #[test]
    fn each_departure_group_is_ordered_against_the_steps_that_lead_to_it() {
        // An April group beside July and August groups: it has its own orientation in March, after
        // the interviews, and arrives in April, before the summer groups' results and orientation.
        let mut input = usa();
        input.departure_groups.insert(0, group("April", "2027-04-05", "2027-03-26"));
        let (_, groups) = validate(&input, "America/New_York").unwrap();
        assert_eq!(groups.len(), 3);
        assert_eq!(groups[0].pre_departure_orientation, Some(time::macros::date!(2027 - 03 - 26)));
        // Without its own orientation the April group would follow the year's steps, which end in
        // July: refused, saying it needs its own orientation.
        let mut without = usa();
        without.departure_groups.insert(0, group("April", "2027-04-05", ""));
        let Err(AppError::Invalid(errors)) = validate(&without, "America/New_York") else { panic!("refused") };
        let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.reason)).collect();
        assert_eq!(fields, [("departure_groups[0].arrival_date", "error-group-own-orientation")]);
        // No group arrives before the interviews end, orientation or not; and none arrives before
        // its own orientation.
        let mut early = usa();
        early.departure_groups =
            vec![group("January", "2027-01-30", "2027-01-20"), group("Late", "2027-04-01", "2027-04-10")];
        let Err(AppError::Invalid(errors)) = validate(&early, "America/New_York") else { panic!("refused") };
        let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.reason)).collect();
        assert!(fields.contains(&("departure_groups[0].pre_departure_orientation", "error-date-order")), "{fields:?}");
        assert!(fields.contains(&("departure_groups[1].arrival_date", "error-date-order")), "{fields:?}");
        // A group needs an arrival date.
        let mut no_date = usa();
        no_date.departure_groups.push(group("Group C", "", ""));
        let Err(AppError::Invalid(errors)) = validate(&no_date, "America/New_York") else { panic!("refused") };
        assert_eq!(errors[0].field, "departure_groups[2].arrival_date");
    }

    #[test]
    fn the_optional_steps_are_kept_in_their_place() {
        // Korea's second-round list comes between the first screening and the interviews.
        let mut input = korea();
        input.second_round_list = "2026-12-22".into();
        let (settings, _) = validate(&input, "Asia/Seoul").unwrap();
        assert_eq!(settings.second_round_list, Some(time::macros::date!(2026 - 12 - 22)));
        input.second_round_list = "2027-01-20".into(); // after the interviews began
        let Err(AppError::Invalid(errors)) = validate(&input, "Asia/Seoul") else { panic!("refused") };
        assert!(errors.iter().any(|e| e.field == "interviews_from" && e.reason == "error-date-order"), "{errors:?}");
        // Placement notices come after the reply deadline and before the orientation.
        let mut usa = usa();
        usa.placement_notices = "2027-08-01".into();
        let Err(AppError::Invalid(errors)) = validate(&usa, "America/New_York") else { panic!("refused") };
        assert!(errors.iter().any(|e| e.field == "pre_departure_orientation"), "{errors:?}");
    }

    /// Every field the year's set-up refuses with reads as its label in every language.
    #[test]
    fn every_field_of_the_year_has_a_label_in_every_language() {
        let fields = [
            "deadline_time_zone",
            "guidelines_published",
            "applications_open",
            "application_deadline",
            "first_screening",
            "second_round_list",
            "interviews_from",
            "interviews_until",
            "results_by",
            "reply_deadline",
            "placement_notices",
            "pre_departure_orientation",
            "places_alt",
            "places_cir",
            "places_sea",
            "departure_groups[0].name",
            "departure_groups[0].arrival_date",
            "departure_groups[0].pre_departure_orientation",
            "status",
            "deadline",
        ];
        for language in domain::Language::ALL {
            let t = crate::Translator::new(language);
            for field in fields {
                let label = t.field_label(field);
                assert!(
                    label != t.t("label-unknown") && !label.contains('_'),
                    "{language:?}: {field} reads as {label}"
                );
            }
        }
        let en = crate::Translator::new(domain::Language::En);
        assert_eq!(
            en.field_label("departure_groups[1].pre_departure_orientation"),
            "Departure group: own pre-departure orientation (2)"
        );
    }
}
