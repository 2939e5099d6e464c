//! Programme years of the recruiting countries: dates, plan, rules and departure groups.

use crate::db::{Tx, Value, insert_many, query};
use crate::error::StoreError;
use time::{Date, OffsetDateTime};

/// A programme year: who and where it is, its settings, and the version a save must name.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ProgrammeYearRow {
    pub id: i64,
    pub country_code: String,
    pub country_en: String,
    pub country_ja: String,
    pub country_ko: String,
    pub time_zone: String,
    pub year: i64,
    #[sqlx(try_from = "String")]
    pub status: domain::ProgrammeYearStatus,
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub settings: YearSettings,
    pub version: i64,
}

impl ProgrammeYearRow {
    /// The country's name in a reader's language.
    pub fn country_name(&self, language: domain::Language) -> &str {
        match language {
            domain::Language::En => &self.country_en,
            domain::Language::Ja => &self.country_ja,
            domain::Language::Ko => &self.country_ko,
        }
    }

    /// The zone the year states its deadlines in (the application opening, the application
    /// deadline and the reply deadline): its own when it names one, else the country's.
    pub fn deadline_zone(&self) -> &str {
        self.settings.deadline_time_zone.as_deref().unwrap_or(&self.time_zone)
    }
}

const YEAR_SELECT: &str = "SELECT y.id, y.country_code, c.name_en AS country_en, c.name_ja AS country_ja, \
     c.name_ko AS country_ko, c.time_zone, y.year, y.status, \
     y.guidelines_published, y.applications_open, y.application_deadline, y.first_screening, y.interviews_from, \
     y.interviews_until, y.results_by, y.reply_deadline, y.pre_departure_orientation, y.places_alt, y.places_cir, \
     y.places_sea, y.sea_offered, y.eligibility_rules, y.selection_rules, y.deadline_time_zone, y.second_round_list, \
     y.placement_notices, y.version FROM programme_years y JOIN countries c ON c.code = y.country_code";

/// Programme years, newest first; of some countries only when `countries` is given.
pub async fn years(tx: &mut Tx, countries: Option<&[String]>) -> Result<Vec<ProgrammeYearRow>, StoreError> {
    let mut c = crate::db::Conditions::new();
    if let Some(countries) = countries {
        c.any_in(&[("y.country_code", countries.iter().map(Value::from).collect())]);
    }
    tx.fetch_all(c.query(YEAR_SELECT, "ORDER BY y.year DESC, y.country_code", vec![])).await
}

pub async fn year_by_id(tx: &mut Tx, id: i64) -> Result<Option<ProgrammeYearRow>, StoreError> {
    tx.fetch_optional(query(format!("{YEAR_SELECT} WHERE y.id = $1")).bind(id)).await
}

/// What a save writes (everything but identity, status and version).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow, serde::Serialize)]
pub struct YearSettings {
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
    pub eligibility_rules: Option<String>,
    /// [`domain::selection::SelectionRules`] as JSON; `None` keeps the defaults.
    pub selection_rules: Option<String>,
    /// The IANA zone the year's deadlines are stated in; `None` is the country's.
    pub deadline_time_zone: Option<String>,
    /// Korea's second-round list: who goes on to the interviews (optional).
    pub second_round_list: Option<Date>,
    /// When placement notices go out (optional).
    pub placement_notices: Option<Date>,
}

pub async fn insert_year(tx: &mut Tx, country: &str, year: i64, status: &str) -> Result<i64, StoreError> {
    tx.fetch_i64(
        query("INSERT INTO programme_years (country_code, year, status) VALUES ($1, $2, $3) RETURNING id")
            .bind(country)
            .bind(year)
            .bind(status),
    )
    .await
}

/// Writes the settings if the row is still at `version`; returns false when someone else saved
/// in between (the caller reports a conflict, never overwrites).
pub async fn update_year(tx: &mut Tx, id: i64, version: i64, s: &YearSettings) -> Result<bool, StoreError> {
    let changed = tx
        .execute(
            query(
                "UPDATE programme_years SET guidelines_published = $1, applications_open = $2, application_deadline = $3, \
                 first_screening = $4, interviews_from = $5, interviews_until = $6, results_by = $7, reply_deadline = $8, \
                 pre_departure_orientation = $9, places_alt = $10, places_cir = $11, places_sea = $12, sea_offered = $13, \
                 eligibility_rules = $14, selection_rules = $15, deadline_time_zone = $16, second_round_list = $17, \
                 placement_notices = $18, version = version + 1 WHERE id = $19 AND version = $20",
            )
            .bind(s.guidelines_published)
            .bind(s.applications_open)
            .bind(s.application_deadline)
            .bind(s.first_screening)
            .bind(s.interviews_from)
            .bind(s.interviews_until)
            .bind(s.results_by)
            .bind(s.reply_deadline)
            .bind(s.pre_departure_orientation)
            .bind(s.places_alt)
            .bind(s.places_cir)
            .bind(s.places_sea)
            .bind(s.sea_offered)
            .bind(s.eligibility_rules.clone())
            .bind(s.selection_rules.clone())
            .bind(s.deadline_time_zone.clone())
            .bind(s.second_round_list)
            .bind(s.placement_notices)
            .bind(id)
            .bind(version),
        )
        .await?;
    Ok(changed == 1)
}

pub async fn set_year_status(tx: &mut Tx, id: i64, version: i64, status: &str) -> Result<bool, StoreError> {
    let changed = tx
        .execute(
            query("UPDATE programme_years SET status = $1, version = version + 1 WHERE id = $2 AND version = $3")
                .bind(status)
                .bind(id)
                .bind(version),
        )
        .await?;
    Ok(changed == 1)
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow, serde::Serialize)]
pub struct DepartureGroupRow {
    pub id: i64,
    pub programme_year_id: i64,
    pub name: String,
    pub arrival_date: Date,
    /// The group's own pre-departure orientation; `None` follows the year's.
    pub pre_departure_orientation: Option<Date>,
}

/// A departure group as a save writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupDates {
    pub name: String,
    pub arrival_date: Date,
    pub pre_departure_orientation: Option<Date>,
}

pub async fn departure_groups(tx: &mut Tx, year: i64) -> Result<Vec<DepartureGroupRow>, StoreError> {
    tx.fetch_all(
        query(
            "SELECT id, programme_year_id, name, arrival_date, pre_departure_orientation FROM departure_groups \
             WHERE programme_year_id = $1 ORDER BY arrival_date, name",
        )
        .bind(year),
    )
    .await
}

/// Replaces a year's departure groups with these.
pub async fn replace_departure_groups(tx: &mut Tx, year: i64, groups: &[GroupDates]) -> Result<(), StoreError> {
    tx.execute(query("DELETE FROM departure_groups WHERE programme_year_id = $1").bind(year)).await?;
    let rows: Vec<Vec<Value>> = groups
        .iter()
        .map(|g| {
            vec![
                Value::from(year),
                Value::from(&g.name),
                Value::from(g.arrival_date),
                Value::from(g.pre_departure_orientation),
            ]
        })
        .collect();
    insert_many(
        tx,
        "departure_groups",
        &["programme_year_id", "name", "arrival_date", "pre_departure_orientation"],
        rows,
    )
    .await
}
