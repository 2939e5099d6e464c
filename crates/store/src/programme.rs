//! The programme's records: countries, missions, contracting organisations, companies, people,
//! applications and participants. Lists take filters that the app layer builds from the caller's
//! scope, so a query never returns more than the caller may see.

use crate::db::{Conditions, Tx, Value, query};
use crate::error::StoreError;
use domain::Unit;

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct CountryRow {
    pub code: String,
    pub name_en: String,
    pub name_ja: String,
    pub name_ko: String,
    pub time_zone: String,
}

pub async fn countries(tx: &mut Tx) -> Result<Vec<CountryRow>, StoreError> {
    tx.fetch_all(query("SELECT code, name_en, name_ja, name_ko, time_zone FROM countries ORDER BY name_en")).await
}

/// Whether a country recruits (has a row in `countries`).
pub async fn country_exists(tx: &mut Tx, code: &str) -> Result<bool, StoreError> {
    Ok(tx.fetch_i64(query("SELECT COUNT(*) FROM countries WHERE code = $1").bind(code)).await? > 0)
}

/// Whether the unit a role is given for exists (no unit always does).
pub async fn unit_exists(tx: &mut Tx, unit: Unit) -> Result<bool, StoreError> {
    let (sql, id): (&'static str, i64) = match unit {
        Unit::None => return Ok(true),
        Unit::Mission(m) => ("SELECT COUNT(*) FROM missions WHERE id = $1", m.0),
        Unit::Organisation(o) => ("SELECT COUNT(*) FROM contracting_organisations WHERE id = $1", o.0),
        Unit::Prefecture(p) => ("SELECT COUNT(*) FROM prefectures WHERE code = $1", i64::from(p)),
        Unit::Company(c) => ("SELECT COUNT(*) FROM companies WHERE id = $1", c.0),
    };
    Ok(tx.fetch_i64(query(sql).bind(id)).await? > 0)
}

/// How many records of each kind the database holds (the demo's summary).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Totals {
    pub countries: i64,
    pub missions: i64,
    pub organisations: i64,
    /// Participants incoming, serving or reappointed.
    pub participants: i64,
    /// Participants whose appointment ended (completed or left early).
    pub alumni: i64,
    pub applications: i64,
    pub people: i64,
}

pub async fn totals(tx: &mut Tx) -> Result<Totals, StoreError> {
    let mut count = async |sql: &'static str| tx.fetch_i64(query(sql)).await;
    Ok(Totals {
        countries: count("SELECT COUNT(*) FROM countries").await?,
        missions: count("SELECT COUNT(*) FROM missions").await?,
        organisations: count("SELECT COUNT(*) FROM contracting_organisations").await?,
        participants: count("SELECT COUNT(*) FROM participants WHERE status IN ('incoming', 'serving', 'reappointed')")
            .await?,
        alumni: count("SELECT COUNT(*) FROM participants WHERE status IN ('completed', 'left-early')").await?,
        applications: count("SELECT COUNT(*) FROM applications").await?,
        people: count("SELECT COUNT(*) FROM people").await?,
    })
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct MissionRow {
    pub id: i64,
    pub country_code: String,
    pub kind: String,
    pub city: String,
    pub name_en: String,
    pub name_ja: String,
    pub email: String,
}

const MISSION_COLUMNS: &str = "id, country_code, kind, city, name_en, name_ja, email";

pub async fn missions(tx: &mut Tx, only: Option<i64>) -> Result<Vec<MissionRow>, StoreError> {
    match only {
        Some(id) => tx.fetch_all(query(format!("SELECT {MISSION_COLUMNS} FROM missions WHERE id = $1")).bind(id)).await,
        None => {
            tx.fetch_all(query(format!("SELECT {MISSION_COLUMNS} FROM missions ORDER BY country_code, kind, city")))
                .await
        }
    }
}

pub async fn mission_by_id(tx: &mut Tx, id: i64) -> Result<Option<MissionRow>, StoreError> {
    tx.fetch_optional(query(format!("SELECT {MISSION_COLUMNS} FROM missions WHERE id = $1")).bind(id)).await
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct InterviewLocationRow {
    pub id: i64,
    pub mission_id: i64,
    pub city: String,
    pub venue: String,
}

pub async fn interview_locations(tx: &mut Tx, mission: i64) -> Result<Vec<InterviewLocationRow>, StoreError> {
    tx.fetch_all(
        query("SELECT id, mission_id, city, venue FROM interview_locations WHERE mission_id = $1 ORDER BY id")
            .bind(mission),
    )
    .await
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct OrganisationRow {
    pub id: i64,
    pub kind: String,
    pub name_en: String,
    pub name_ja: String,
    pub lg_code: String,
    pub prefecture_code: i64,
    pub prefecture_en: String,
    pub parent_id: Option<i64>,
    pub participants: i64,
}

/// The organisations a caller may see: these, or those in these prefectures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrganisationScope {
    pub organisations: Vec<i64>,
    pub prefectures: Vec<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct OrganisationFilter {
    /// `None`: every organisation.
    pub scope: Option<OrganisationScope>,
    pub prefecture: Option<i64>,
    pub search: Option<String>,
}

fn organisation_conditions(f: &OrganisationFilter) -> Conditions {
    let mut c = Conditions::new();
    if let Some(scope) = &f.scope {
        c.any_in(&[
            ("o.id", scope.organisations.iter().map(|&v| Value::from(v)).collect()),
            ("o.prefecture_code", scope.prefectures.iter().map(|&v| Value::from(v)).collect()),
        ]);
    }
    if let Some(p) = f.prefecture {
        c.eq("o.prefecture_code", p);
    }
    if let Some(s) = f.search.as_deref().filter(|s| !s.trim().is_empty()) {
        c.contains_any(&["o.name_en", "o.name_ja"], s.trim());
    }
    c
}

pub async fn organisations(
    tx: &mut Tx,
    f: &OrganisationFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<OrganisationRow>, StoreError> {
    let c = organisation_conditions(f);
    let n = c.next_placeholder();
    let q = c.query(
        "SELECT o.id, o.kind, o.name_en, o.name_ja, o.lg_code, o.prefecture_code, p.name_en AS prefecture_en, o.parent_id, \
         (SELECT COUNT(*) FROM participants x WHERE x.organisation_id = o.id AND x.status IN ('incoming', 'serving', 'reappointed')) AS participants \
         FROM contracting_organisations o JOIN prefectures p ON p.code = o.prefecture_code",
        &format!("ORDER BY o.prefecture_code, o.lg_code, o.id LIMIT ${n} OFFSET ${}", n + 1),
        vec![Value::from(limit), Value::from(offset)],
    );
    tx.fetch_all(q).await
}

pub async fn count_organisations(tx: &mut Tx, f: &OrganisationFilter) -> Result<i64, StoreError> {
    tx.fetch_i64(organisation_conditions(f).query("SELECT COUNT(*) FROM contracting_organisations o", "", vec![])).await
}

/// An organisation's English name.
pub async fn organisation_name(tx: &mut Tx, id: i64) -> Result<Option<String>, StoreError> {
    let name: Option<(String,)> =
        tx.fetch_optional(query("SELECT name_en FROM contracting_organisations WHERE id = $1").bind(id)).await?;
    Ok(name.map(|n| n.0))
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct CompanyRow {
    pub id: i64,
    pub name: String,
    pub country_code: Option<String>,
    pub website: String,
}

pub async fn company_by_id(tx: &mut Tx, id: i64) -> Result<Option<CompanyRow>, StoreError> {
    tx.fetch_optional(query("SELECT id, name, country_code, website FROM companies WHERE id = $1").bind(id)).await
}

/// A unit a role can be held for, by its key and its names (English and Japanese; a company has
/// one name), for the administrator's picker and for showing a role's unit by name.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct UnitNameRow {
    /// `mission`, `organisation`, `prefecture` or `company`.
    pub kind: String,
    pub id: i64,
    pub name_en: String,
    pub name_ja: String,
}

/// Every unit, by kind, then prefecture (organisations) and name.
pub async fn unit_names(tx: &mut Tx) -> Result<Vec<UnitNameRow>, StoreError> {
    tx.fetch_all(query(
        "SELECT 'mission' AS kind, id, name_en, name_ja, 0 AS ord FROM missions          UNION ALL SELECT 'prefecture', code, name_en, name_ja, code FROM prefectures          UNION ALL SELECT 'organisation', id, name_en, name_ja, prefecture_code FROM contracting_organisations          UNION ALL SELECT 'company', id, name, name, 0 FROM companies          ORDER BY kind, ord, name_en",
    ))
    .await
}

/// Which participants a caller may see; every field set narrows the list.
/// The units whose participants a caller may see: any participant of one of these organisations,
/// or in one of these prefectures, or this person's own record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParticipantScope {
    pub organisations: Vec<i64>,
    pub prefectures: Vec<i64>,
    pub person: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct ParticipantFilter {
    /// `None`: every participant (national roles only).
    pub scope: Option<ParticipantScope>,
    /// Only those now on the programme (incoming, serving, reappointed), not alumni.
    pub current_only: bool,
    pub country: Option<String>,
    pub position: Option<String>,
    pub status: Option<String>,
    pub search: Option<String>,
}

fn participant_conditions(f: &ParticipantFilter) -> Conditions {
    let mut c = Conditions::new();
    if let Some(scope) = &f.scope {
        c.any_in(&[
            ("x.organisation_id", scope.organisations.iter().map(|&v| Value::from(v)).collect()),
            ("o.prefecture_code", scope.prefectures.iter().map(|&v| Value::from(v)).collect()),
            ("x.person_id", scope.person.iter().map(|&v| Value::from(v)).collect()),
        ]);
    }
    if f.current_only {
        c.any_in(&[("x.status", CURRENT_STATUSES.iter().map(|&s| Value::from(s)).collect())]);
    }
    if let Some(country) = &f.country {
        c.eq("pe.nationality", country.as_str());
    }
    if let Some(position) = &f.position {
        c.eq("x.position", position.as_str());
    }
    if let Some(status) = &f.status {
        c.eq("x.status", status.as_str());
    }
    if let Some(s) = f.search.as_deref().filter(|s| !s.trim().is_empty()) {
        c.contains_any(&["pe.family_name", "pe.given_name", "x.jet_number"], s.trim());
    }
    c
}

/// The appointment statuses of people now on the programme.
pub const CURRENT_STATUSES: [&str; 3] = ["incoming", "serving", "reappointed"];

const PARTICIPANT_FROM: &str = "FROM participants x JOIN people pe ON pe.id = x.person_id \
     JOIN contracting_organisations o ON o.id = x.organisation_id JOIN prefectures p ON p.code = o.prefecture_code";

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ParticipantRow {
    pub id: i64,
    pub jet_number: String,
    pub person_id: i64,
    pub family_name: String,
    pub given_name: String,
    pub nationality: String,
    pub position: String,
    pub organisation_id: i64,
    pub organisation_en: String,
    pub organisation_ja: String,
    pub prefecture_code: i64,
    pub prefecture_en: String,
    pub prefecture_ja: String,
    pub mission_id: i64,
    pub arrival_date: time::Date,
    pub appointment_year: i64,
    #[sqlx(try_from = "String")]
    pub status: domain::AppointmentStatus,
}

const PARTICIPANT_COLUMNS: &str = "SELECT x.id, x.jet_number, x.person_id, pe.family_name, pe.given_name, pe.nationality, x.position, \
     x.organisation_id, o.name_en AS organisation_en, o.name_ja AS organisation_ja, o.prefecture_code, p.name_en AS prefecture_en, \
     p.name_ja AS prefecture_ja, x.mission_id, x.arrival_date, x.appointment_year, x.status ";

pub async fn participants(
    tx: &mut Tx,
    f: &ParticipantFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<ParticipantRow>, StoreError> {
    let c = participant_conditions(f);
    let n = c.next_placeholder();
    let q = c.query(
        &format!("{PARTICIPANT_COLUMNS} {PARTICIPANT_FROM}"),
        &format!("ORDER BY pe.family_name, pe.given_name, x.id LIMIT ${n} OFFSET ${}", n + 1),
        vec![Value::from(limit), Value::from(offset)],
    );
    tx.fetch_all(q).await
}

pub async fn count_participants(tx: &mut Tx, f: &ParticipantFilter) -> Result<i64, StoreError> {
    tx.fetch_i64(participant_conditions(f).query(&format!("SELECT COUNT(*) {PARTICIPANT_FROM}"), "", vec![])).await
}

pub async fn participant_by_id(tx: &mut Tx, id: i64) -> Result<Option<ParticipantRow>, StoreError> {
    tx.fetch_optional(query(format!("{PARTICIPANT_COLUMNS} {PARTICIPANT_FROM} WHERE x.id = $1")).bind(id)).await
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct Tally {
    pub key: String,
    pub position: String,
    pub count: i64,
}

/// Participants counted by nationality and position, within a filter.
pub async fn participants_by_country(tx: &mut Tx, f: &ParticipantFilter) -> Result<Vec<Tally>, StoreError> {
    let q = participant_conditions(f).query(
        &format!("SELECT pe.nationality AS key, x.position, COUNT(*) AS count {PARTICIPANT_FROM}"),
        "GROUP BY pe.nationality, x.position ORDER BY pe.nationality, x.position",
        vec![],
    );
    tx.fetch_all(q).await
}

/// Participants counted by prefecture (its English name) and position, within a filter.
pub async fn participants_by_prefecture(tx: &mut Tx, f: &ParticipantFilter) -> Result<Vec<Tally>, StoreError> {
    let q = participant_conditions(f).query(
        &format!("SELECT p.name_en AS key, x.position, COUNT(*) AS count {PARTICIPANT_FROM}"),
        "GROUP BY o.prefecture_code, p.name_en, x.position ORDER BY o.prefecture_code, x.position",
        vec![],
    );
    tx.fetch_all(q).await
}

/// Which applications a caller may see.
/// The applications a caller may see: those to one of these missions, or this person's own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApplicationScope {
    pub missions: Vec<i64>,
    pub person: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct ApplicationFilter {
    /// `None`: every application (national roles only).
    pub scope: Option<ApplicationScope>,
    pub status: Option<String>,
    pub position: Option<String>,
    pub search: Option<String>,
    /// Applications whose applicant the caller may not know (blind screening). Their names are
    /// not searched, so a search by name can never tell that such an application exists.
    pub hidden: Option<HiddenIdentities>,
}

/// Which applications' identities are hidden from a caller: those of these programme years in
/// these statuses, except the caller's own (`person`).
#[derive(Debug, Clone, Default)]
pub struct HiddenIdentities {
    pub years: Vec<i64>,
    pub statuses: Vec<&'static str>,
    pub person: Option<i64>,
}

impl HiddenIdentities {
    /// The same rule as the search's condition, for a row in hand.
    pub fn hides(&self, year: i64, status: domain::ApplicationStatus, person: i64) -> bool {
        use domain::lifecycle::Lifecycle;
        self.years.contains(&year) && self.statuses.contains(&status.as_str()) && self.person != Some(person)
    }
}

fn application_conditions(f: &ApplicationFilter) -> Conditions {
    let mut c = Conditions::new();
    if let Some(scope) = &f.scope {
        c.any_in(&[
            ("a.mission_id", scope.missions.iter().map(|&v| Value::from(v)).collect()),
            ("a.person_id", scope.person.iter().map(|&v| Value::from(v)).collect()),
        ]);
    }
    if let Some(s) = &f.status {
        c.eq("a.status", s.as_str());
    }
    if let Some(p) = &f.position {
        c.eq("a.position", p.as_str());
    }
    if let Some(s) = f.search.as_deref().filter(|s| !s.trim().is_empty()) {
        match f.hidden.as_ref().filter(|h| !h.years.is_empty() && !h.statuses.is_empty()) {
            None => {
                c.contains_any(&["pe.family_name", "pe.given_name", "a.reference"], s.trim());
            }
            Some(hidden) => {
                let p = c.bind_contains(s.trim());
                let like = |column: &str| Conditions::like(column, &p);
                let years: Vec<String> = hidden.years.iter().map(|y| c.bind(*y)).collect();
                let statuses: Vec<String> = hidden.statuses.iter().map(|s| c.bind(*s)).collect();
                let mut is_hidden =
                    format!("a.programme_year_id IN ({}) AND a.status IN ({})", years.join(", "), statuses.join(", "));
                if let Some(person) = hidden.person {
                    is_hidden.push_str(&format!(" AND a.person_id <> {}", c.bind(person)));
                }
                c.push(format!(
                    "({} OR (({} OR {}) AND NOT ({is_hidden})))",
                    like("a.reference"),
                    like("pe.family_name"),
                    like("pe.given_name")
                ));
            }
        }
    }
    c
}

const APPLICATION_FROM: &str = "FROM applications a JOIN people pe ON pe.id = a.person_id \
     JOIN programme_years y ON y.id = a.programme_year_id JOIN missions m ON m.id = a.mission_id";

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ApplicationRow {
    pub id: i64,
    pub reference: String,
    pub person_id: i64,
    pub programme_year_id: i64,
    pub family_name: String,
    pub given_name: String,
    pub nationality: String,
    pub year: i64,
    pub country_code: String,
    pub mission_id: i64,
    pub mission_en: String,
    pub mission_ja: String,
    pub position: String,
    #[sqlx(try_from = "String")]
    pub status: domain::ApplicationStatus,
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<time::OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: time::OffsetDateTime,
    /// Set by the app when the caller may not know who applied (blind screening): the names are
    /// then empty.
    #[sqlx(skip)]
    pub identity_hidden: bool,
}

impl ApplicationRow {
    /// The mission's name in a reader's language (missions are named in English and Japanese;
    /// a Korean reader reads the English name).
    pub fn mission_name(&self, language: domain::Language) -> &str {
        if language == domain::Language::Ja { &self.mission_ja } else { &self.mission_en }
    }
}

pub async fn applications(
    tx: &mut Tx,
    f: &ApplicationFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<ApplicationRow>, StoreError> {
    let c = application_conditions(f);
    let n = c.next_placeholder();
    let q = c.query(
        &format!(
            "SELECT a.id, a.reference, a.person_id, a.programme_year_id, pe.family_name, pe.given_name, pe.nationality, y.year, y.country_code, \
             a.mission_id, m.name_en AS mission_en, m.name_ja AS mission_ja, a.position, a.status, a.submitted_at, a.updated_at {APPLICATION_FROM}"
        ),
        &format!("ORDER BY a.reference LIMIT ${n} OFFSET ${}", n + 1),
        vec![Value::from(limit), Value::from(offset)],
    );
    tx.fetch_all(q).await
}

pub async fn count_applications(tx: &mut Tx, f: &ApplicationFilter) -> Result<i64, StoreError> {
    tx.fetch_i64(application_conditions(f).query(&format!("SELECT COUNT(*) {APPLICATION_FROM}"), "", vec![])).await
}

/// Applications counted by status and position, within a filter.
pub async fn applications_by_status(tx: &mut Tx, f: &ApplicationFilter) -> Result<Vec<Tally>, StoreError> {
    let q = application_conditions(f).query(
        &format!("SELECT a.status AS key, a.position, COUNT(*) AS count {APPLICATION_FROM}"),
        "GROUP BY a.status, a.position ORDER BY a.status, a.position",
        vec![],
    );
    tx.fetch_all(q).await
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct PersonRow {
    pub id: i64,
    pub family_name: String,
    pub given_name: String,
    pub email: Option<String>,
    pub nationality: String,
}

pub async fn person_by_id(tx: &mut Tx, id: i64) -> Result<Option<PersonRow>, StoreError> {
    tx.fetch_optional(
        query("SELECT id, family_name, given_name, email, nationality FROM people WHERE id = $1").bind(id),
    )
    .await
}
