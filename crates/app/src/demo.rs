//! The demo programme year: about 40 recruiting countries with their missions, about 1,000
//! contracting organisations drawn from the real municipalities of all 47 prefectures, about 6,000
//! serving participants, alumni, and several thousand applications for next year in every state of
//! the application lifecycle. Deterministic for a seed: the same seed gives the same records.
//! One account per role, each with the demo password.

use crate::App;
use crate::demo_data::{COMPANIES, COUNTRIES, CountrySpec, names};
use crate::error::{AppError, AppResult};
use crate::security::{self, Password};
use domain::geography::{LocalGovernment, LocalGovernmentKind};
use domain::lifecycle::Lifecycle;
use domain::{ApplicationStatus, Email, JetNumber, Language, OrganisationKind, Position, Role, RoleGrant, Unit};
use domain::{CompanyId, MissionId, OrganisationId, PersonId, PrefectureCode, UserId};
use store::audit::{AuditEntry, Outcome};
use store::users::{self, NewUser};
use store::{Tx, Value, insert_many, query};
use time::macros::{date, datetime};
use time::{Date, Duration, OffsetDateTime};

/// The year the demo's applicants apply for (arrivals in 2027); serving participants arrived in
/// 2022 to 2026.
pub const RECRUITING_YEAR: i64 = 2027;
const CURRENT_YEAR: i32 = 2026;
const APPLICATIONS: u32 = 5_400;
const ALUMNI: u32 = 800;
/// The demo's "now", so that its records do not depend on the day it is built.
const BASE_TIME: OffsetDateTime = datetime!(2026-11-01 09:00 UTC);
pub const DEMO_DOMAIN: &str = "demo.kakehashi.jp";

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub seed: u64,
    pub password: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoAccount {
    pub role: Role,
    pub email: String,
    /// What the account's unit is, in English, for the printed list.
    pub unit: String,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DemoCounts {
    pub countries: i64,
    pub missions: i64,
    pub organisations: i64,
    pub participants: i64,
    pub alumni: i64,
    pub applications: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoSummary {
    /// False when an existing demo database was reused.
    pub created: bool,
    pub accounts: Vec<DemoAccount>,
    pub counts: DemoCounts,
}

/// splitmix64: small, fast, and the same on every platform and release (unlike `rand`'s
/// generators, whose output may change between versions).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Picks indices in proportion to weights (cumulative table, binary search).
struct Weighted {
    cumulative: Vec<u64>,
}

impl Weighted {
    fn new(weights: impl IntoIterator<Item = u64>) -> Weighted {
        let mut total = 0;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w;
                total
            })
            .collect();
        Weighted { cumulative }
    }
    fn pick(&self, rng: &mut Rng) -> Option<usize> {
        let total = *self.cumulative.last()?;
        if total == 0 {
            return None;
        }
        let x = rng.next() % total;
        Some(self.cumulative.partition_point(|&c| c <= x))
    }
}

struct Organisation {
    id: i64,
    kind: OrganisationKind,
    name_en: String,
    name_ja: String,
    lg_code: String,
    prefecture: i64,
    parent: Option<i64>,
}

impl Organisation {
    /// Relative chance of employing a participant of a position, by kind (ALTs work mostly for
    /// boards of education and municipalities; CIRs for prefectures, cities and associations).
    fn weight(&self, position: Position) -> u64 {
        use OrganisationKind as K;
        match (position, self.kind) {
            (Position::Alt, K::BoardOfEducation) if self.parent.is_none() => 300,
            (Position::Alt, K::DesignatedCity) => 400,
            (Position::Alt, K::City) => 80,
            (Position::Alt, K::BoardOfEducation) => 60,
            (Position::Alt, K::Town) => 30,
            (Position::Alt, K::Village) => 15,
            (Position::Alt, K::PrivateSchool | K::School) => 10,
            (Position::Alt, K::Prefecture) => 5,
            (Position::Cir, K::Prefecture | K::DesignatedCity) => 60,
            (Position::Cir, K::InternationalAssociation) => 30,
            (Position::Cir, K::City) => 10,
            (Position::Cir, K::Town) => 3,
            (Position::Cir, K::Village) => 2,
            (Position::Sea, K::Prefecture | K::DesignatedCity) => 10,
            (Position::Sea, K::City | K::Town) => 5,
            (Position::Sea, K::Village) => 3,
            _ => 0,
        }
    }
}

/// "the United States", "the Philippines", but "Korea".
fn the(country: &str) -> &'static str {
    if country.starts_with("United") || matches!(country, "Netherlands" | "Philippines" | "Solomon Islands") {
        "the "
    } else {
        ""
    }
}

fn stem_en(name: &str) -> &str {
    name.trim_end_matches(" City")
        .trim_end_matches(" Town")
        .trim_end_matches(" Village")
        .trim_end_matches(" Prefecture")
}

fn stem_ja(name: &str) -> &str {
    name.trim_end_matches(['市', '町', '村', '県', '府', '都', '区'])
}

/// The contracting organisations: every prefecture and its board of education, the designated
/// cities, a sample of the other municipalities (some with a board of education of their own),
/// and some private schools, high schools and international associations.
fn organisations(rng: &mut Rng, reference: &[LocalGovernment]) -> Vec<Organisation> {
    let mut out: Vec<Organisation> = Vec::with_capacity(1_100);
    let mut add = |kind, name_en: String, name_ja: String, row: &LocalGovernment, parent: Option<i64>| -> i64 {
        let id = out.len() as i64 + 1;
        out.push(Organisation {
            id,
            kind,
            name_en,
            name_ja,
            lg_code: row.code.as_str().to_owned(),
            prefecture: i64::from(row.prefecture),
            parent,
        });
        id
    };
    let prefectures: Vec<&LocalGovernment> =
        reference.iter().filter(|r| r.kind == LocalGovernmentKind::Prefecture).collect();
    for p in &prefectures {
        let name_en = if p.name_en.contains("Prefecture") || p.name_en == "Hokkaido" {
            p.name_en.clone()
        } else {
            format!("{} Prefecture", p.name_en)
        };
        add(OrganisationKind::Prefecture, name_en, p.name_ja.clone(), p, None);
        let board = match p.prefecture.get() {
            1 => "Hokkaido Board of Education".to_owned(),
            13 => "Tokyo Metropolitan Board of Education".to_owned(),
            _ => format!("{} Prefectural Board of Education", stem_en(&p.prefecture_en)),
        };
        add(OrganisationKind::BoardOfEducation, board, format!("{}教育委員会", p.name_ja), p, None);
    }
    let municipalities: Vec<&LocalGovernment> =
        reference.iter().filter(|r| r.kind != LocalGovernmentKind::Prefecture).collect();
    for m in &municipalities {
        if m.is_designated_city() {
            add(OrganisationKind::DesignatedCity, m.name_en.clone(), m.name_ja.clone(), m, None);
            continue;
        }
        let (kind, percent) = match m.kind {
            LocalGovernmentKind::City => (OrganisationKind::City, 55),
            LocalGovernmentKind::SpecialWard => (OrganisationKind::City, 30),
            LocalGovernmentKind::Town => (OrganisationKind::Town, 38),
            _ => (OrganisationKind::Village, 30),
        };
        if !rng.chance(percent) {
            continue;
        }
        let id = add(kind, m.name_en.clone(), m.name_ja.clone(), m, None);
        if rng.chance(12) {
            add(
                OrganisationKind::BoardOfEducation,
                format!("{} Board of Education", m.name_en),
                format!("{}教育委員会", m.name_ja),
                m,
                Some(id),
            );
        }
    }
    let cities: Vec<&&LocalGovernment> =
        municipalities.iter().filter(|m| m.kind == LocalGovernmentKind::City).collect();
    for _ in 0..25 {
        if let Some(c) = rng.pick(&cities) {
            add(
                OrganisationKind::PrivateSchool,
                format!("{} Gakuen Senior High School", stem_en(&c.name_en)),
                format!("{}学園高等学校", stem_ja(&c.name_ja)),
                c,
                None,
            );
        }
    }
    for _ in 0..15 {
        if let Some(c) = rng.pick(&cities) {
            add(
                OrganisationKind::School,
                format!("{} Prefectural High School", stem_en(&c.name_en)),
                format!("県立{}高等学校", stem_ja(&c.name_ja)),
                c,
                None,
            );
        }
    }
    for p in prefectures.iter().filter(|_| rng.chance(45)) {
        add(
            OrganisationKind::InternationalAssociation,
            format!("{} International Association", stem_en(&p.prefecture_en)),
            format!("{}国際交流協会", p.name_ja),
            p,
            None,
        );
    }
    out
}

/// Splits `total` over weights by largest remainder, so the parts add up exactly.
fn apportion(total: u32, weights: &[u32]) -> Vec<u32> {
    let sum: u64 = weights.iter().map(|&w| u64::from(w)).sum::<u64>().max(1);
    let exact: Vec<u64> = weights.iter().map(|&w| u64::from(w) * u64::from(total)).collect();
    let mut parts: Vec<u32> = exact.iter().map(|e| (e / sum) as u32).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(exact[i] % sum));
    let short = total.saturating_sub(parts.iter().sum());
    for &i in order.iter().take(short as usize) {
        parts[i] += 1;
    }
    parts
}

fn positions_of(country: &CountrySpec, n: u32) -> Vec<Position> {
    let cir = (n * country.cir_percent + 50) / 100;
    let sea = ((n * country.sea_percent + 50) / 100).min(n - cir);
    let mut out = vec![Position::Cir; cir as usize];
    out.extend(std::iter::repeat_n(Position::Sea, sea as usize));
    out.extend(std::iter::repeat_n(Position::Alt, (n - cir - sea) as usize));
    out
}

/// Rows being built for one table.
struct Table {
    name: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Vec<Value>>,
}

impl Table {
    fn new(name: &'static str, columns: &'static [&'static str]) -> Table {
        Table { name, columns, rows: Vec::new() }
    }
    fn next_id(&self) -> i64 {
        self.rows.len() as i64 + 1
    }
    fn push(&mut self, row: Vec<Value>) {
        self.rows.push(row);
    }
    async fn insert(self, tx: &mut Tx) -> AppResult<()> {
        insert_many(tx, self.name, self.columns, self.rows).await?;
        Ok(())
    }
}

struct Person<'a> {
    country: &'a CountrySpec,
    id: i64,
}

fn new_person<'a>(
    rng: &mut Rng,
    people: &mut Table,
    country: &'a CountrySpec,
    born_from: i32,
    email: Option<String>,
) -> Person<'a> {
    let (given, family) = names(country.names);
    let id = people.next_id();
    let born = Date::from_ordinal_date(born_from + rng.below(9) as i32, 1 + rng.below(365) as u16)
        .unwrap_or(date!(2000 - 01 - 01));
    people.push(vec![
        id.into(),
        rng.pick(family).copied().unwrap_or("Doe").into(),
        rng.pick(given).copied().unwrap_or("Alex").into(),
        email.into(),
        country.code.into(),
        born.into(),
        (BASE_TIME - Duration::days(rng.below(900) as i64)).into(),
    ]);
    Person { country, id }
}

/// Whether a country recruits for April arrivals (Korea's cycle, seed 000) rather than the
/// summer groups (the USA's cycle in JET.md).
fn april_cycle(country: &CountrySpec) -> bool {
    matches!(country.code, "KR" | "CN")
}

fn day(year: i64, month: u8, day: u8) -> AppResult<Date> {
    let month = time::Month::try_from(month).map_err(|e| AppError::Internal(e.to_string()))?;
    Date::from_calendar_date(year as i32, month, day).map_err(|e| AppError::Internal(e.to_string()))
}

/// A programme year's row with the dates of its country's cycle: for arrivals in `year`, the
/// steps run from the autumn before. Plans are about 45% of a year's participants (the intake).
fn year_row(id: i64, country: &CountrySpec, year: i64, status: &str) -> AppResult<Vec<Value>> {
    let at = |d: Date, hour: u8| -> AppResult<OffsetDateTime> {
        let t = time::Time::from_hms(hour, 0, 0).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(d.with_time(t).assume_utc())
    };
    let before = year - 1;
    let steps = if april_cycle(country) {
        [
            day(before, 10, 27)?,
            day(before, 10, 27)?,
            day(before, 11, 21)?,
            day(before, 12, 4)?,
            day(year, 1, 7)?,
            day(year, 1, 9)?,
            day(year, 2, 26)?,
            day(year, 3, 5)?,
            day(year, 3, 26)?,
        ]
    } else {
        [
            day(before, 9, 22)?,
            day(before, 9, 22)?,
            day(before, 11, 13)?,
            day(before, 12, 15)?,
            day(year, 1, 26)?,
            day(year, 2, 6)?,
            day(year, 4, 15)?,
            day(year, 4, 30)?,
            day(year, 7, 10)?,
        ]
    };
    let intake = country.participants * 45 / 100;
    let cir = i64::from((intake * country.cir_percent).div_ceil(100));
    let sea = i64::from((intake * country.sea_percent).div_ceil(100));
    let alt = (i64::from(intake) - cir - sea).max(0);
    Ok(vec![
        id.into(),
        country.code.into(),
        year.into(),
        status.into(),
        steps[0].into(),
        at(steps[1], 0)?.into(),
        at(steps[2], 12)?.into(),
        steps[3].into(),
        steps[4].into(),
        steps[5].into(),
        steps[6].into(),
        at(steps[7], 8)?.into(),
        steps[8].into(),
        alt.into(),
        cir.into(),
        sea.into(),
        (country.sea_percent > 0).into(),
    ])
}

fn add_groups(groups: &mut Table, year_id: i64, country: &CountrySpec, year: i64) -> AppResult<()> {
    let list: Vec<(&str, Date)> = if april_cycle(country) {
        vec![("April", day(year, 4, 5)?)]
    } else {
        vec![("Group A", day(year, 7, 26)?), ("Group B", day(year, 8, 2)?)]
    };
    for (name, arrival) in list {
        let id = groups.next_id();
        groups.push(vec![id.into(), year_id.into(), name.into(), arrival.into()]);
    }
    Ok(())
}

/// The demo accounts: one per role.
fn account_email(role: Role) -> String {
    let local = match role {
        Role::Applicant => "applicant",
        Role::MissionStaff => "mission",
        Role::ClairStaff => "clair",
        Role::CoSupervisor => "co",
        Role::PrefecturalAdvisor => "pa",
        Role::Participant => "participant",
        Role::Alumnus => "alumnus",
        Role::CompanyRecruiter => "company",
        Role::SystemAdministrator => "admin",
    };
    format!("{local}@{DEMO_DOMAIN}")
}

impl App {
    /// Creates the demo programme year in an empty database, or reuses the demo already there
    /// (setting the demo accounts' password to the one given).
    pub async fn load_demo(&self, options: &DemoOptions) -> AppResult<DemoSummary> {
        let password = Password::new("demo-password", &options.password)?;
        self.prepare().await?;
        let admin_email = Email::parse(&account_email(Role::SystemAdministrator))?;
        let mut tx = self.store.read().await?;
        let existing = users::user_by_email(&mut tx, &admin_email).await?;
        let countries = tx.fetch_i64(query("SELECT COUNT(*) FROM countries")).await?;
        drop(tx);
        if existing.is_some() {
            self.reset_demo_passwords(&password).await?;
            return Ok(DemoSummary {
                created: false,
                accounts: self.demo_accounts().await?,
                counts: self.demo_counts().await?,
            });
        }
        if countries > 0 {
            return Err(AppError::Conflict(
                "this database holds records that are not the demo's: give the demo a new database".into(),
            ));
        }
        let reference = domain::geography::reference().map_err(|e| AppError::Internal(e.to_string()))?;
        // One blocking task for all nine hashes: each argon2 hash takes 19 MiB, and nine blocking
        // threads would each keep their own allocator arena of it (measured: 180 MB peak).
        let p = password.clone();
        let hashes = tokio::task::spawn_blocking(move || {
            Role::ALL.iter().map(|_| security::hash_password(&p)).collect::<AppResult<Vec<_>>>()
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
        let mut tx = self.store.write().await?;
        self.build_demo(&mut tx, options.seed, &reference, &hashes).await?;
        store::reset_id_sequences(&mut tx).await?;
        tx.commit().await?;
        Ok(DemoSummary { created: true, accounts: self.demo_accounts().await?, counts: self.demo_counts().await? })
    }

    async fn reset_demo_passwords(&self, password: &Password) -> AppResult<()> {
        let mut tx = self.store.write().await?;
        for role in Role::ALL {
            let email = Email::parse(&account_email(role))?;
            if let Some(user) = users::user_by_email(&mut tx, &email).await? {
                let matches = user.password_hash.as_deref().is_some_and(|h| security::verify_password(password, h));
                if !matches {
                    users::set_password_hash(&mut tx, user.id(), &security::hash_password(password)?).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn demo_counts(&self) -> AppResult<DemoCounts> {
        let mut tx = self.store.read().await?;
        let mut count = async |sql: &'static str| tx.fetch_i64(query(sql)).await;
        Ok(DemoCounts {
            countries: count("SELECT COUNT(*) FROM countries").await?,
            missions: count("SELECT COUNT(*) FROM missions").await?,
            organisations: count("SELECT COUNT(*) FROM contracting_organisations").await?,
            participants: count(
                "SELECT COUNT(*) FROM participants WHERE status IN ('incoming', 'serving', 'reappointed')",
            )
            .await?,
            alumni: count("SELECT COUNT(*) FROM participants WHERE status IN ('completed', 'left-early')").await?,
            applications: count("SELECT COUNT(*) FROM applications").await?,
        })
    }

    /// The demo accounts with a description of their unit.
    pub async fn demo_accounts(&self) -> AppResult<Vec<DemoAccount>> {
        let mut tx = self.store.read().await?;
        let mut out = Vec::new();
        for role in Role::ALL {
            let email = Email::parse(&account_email(role))?;
            let Some(user) = users::user_by_email(&mut tx, &email).await? else {
                continue;
            };
            let grants = users::grants_of(&mut tx, user.id()).await?;
            let unit = match grants.first().map(|g| g.to_grant()).transpose()?.map(|g| g.unit()) {
                Some(Unit::Mission(m)) => {
                    store::programme::mission_by_id(&mut tx, m.0).await?.map(|m| m.name_en).unwrap_or_default()
                }
                Some(Unit::Organisation(o)) => {
                    let name: Option<(String,)> = tx
                        .fetch_optional(query("SELECT name_en FROM contracting_organisations WHERE id = $1").bind(o.0))
                        .await?;
                    name.map(|n| n.0).unwrap_or_default()
                }
                Some(Unit::Prefecture(p)) => {
                    let name: Option<(String,)> = tx
                        .fetch_optional(query("SELECT name_en FROM prefectures WHERE code = $1").bind(i64::from(p)))
                        .await?;
                    name.map(|n| n.0).unwrap_or_default()
                }
                Some(Unit::Company(c)) => {
                    store::programme::company_by_id(&mut tx, c.0).await?.map(|c| c.name).unwrap_or_default()
                }
                _ => user.display_name.clone(),
            };
            out.push(DemoAccount { role, email: user.email, unit });
        }
        Ok(out)
    }

    async fn build_demo(
        &self,
        tx: &mut Tx,
        seed: u64,
        reference: &[LocalGovernment],
        hashes: &[String],
    ) -> AppResult<()> {
        let mut rng = Rng(seed ^ 0x4A45_545F_4B4B_4853);
        let mut countries = Table::new("countries", &["code", "name_en", "name_ja", "name_ko", "time_zone"]);
        let mut missions =
            Table::new("missions", &["id", "country_code", "kind", "city", "name_en", "name_ja", "email"]);
        let mut locations = Table::new("interview_locations", &["id", "mission_id", "city", "venue"]);
        let mut years = Table::new(
            "programme_years",
            &[
                "id",
                "country_code",
                "year",
                "status",
                "guidelines_published",
                "applications_open",
                "application_deadline",
                "first_screening",
                "interviews_from",
                "interviews_until",
                "results_by",
                "reply_deadline",
                "pre_departure_orientation",
                "places_alt",
                "places_cir",
                "places_sea",
                "sea_offered",
            ],
        );
        let mut groups = Table::new("departure_groups", &["id", "programme_year_id", "name", "arrival_date"]);
        let mut mission_ids: Vec<Vec<i64>> = Vec::new();
        let mut recruiting_year_of: Vec<i64> = Vec::new();
        for country in COUNTRIES {
            countries.push(vec![
                country.code.into(),
                country.name_en.into(),
                country.name_ja.into(),
                country.name_ko.into(),
                country.time_zone.into(),
            ]);
            let mut ids = Vec::new();
            for &(kind, city_en, city_ja) in country.missions {
                let id = missions.next_id();
                let (name_en, name_ja) = if kind == "embassy" {
                    (
                        format!("Embassy of Japan in {}{}", the(country.name_en), country.name_en),
                        format!("在{}日本国大使館", country.name_ja),
                    )
                } else {
                    (format!("Consulate-General of Japan in {city_en}"), format!("在{city_ja}日本国総領事館"))
                };
                let email = format!("jet.{}.{}@mofa.example.jp", country.code.to_lowercase(), id);
                missions.push(vec![
                    id.into(),
                    country.code.into(),
                    kind.into(),
                    city_en.into(),
                    name_en.clone().into(),
                    name_ja.into(),
                    email.into(),
                ]);
                let location = locations.next_id();
                locations.push(vec![location.into(), id.into(), city_en.into(), name_en.into()]);
                if country.participants > 300 {
                    let location = locations.next_id();
                    locations.push(vec![
                        location.into(),
                        id.into(),
                        city_en.into(),
                        format!("{city_en} University Conference Centre").into(),
                    ]);
                }
                ids.push(id);
            }
            mission_ids.push(ids);
            let closed = years.next_id();
            years.push(year_row(closed, country, RECRUITING_YEAR - 1, "closed")?);
            add_groups(&mut groups, closed, country, RECRUITING_YEAR - 1)?;
            let open = years.next_id();
            years.push(year_row(open, country, RECRUITING_YEAR, "selecting")?);
            add_groups(&mut groups, open, country, RECRUITING_YEAR)?;
            recruiting_year_of.push(open);
        }

        let orgs = organisations(&mut rng, reference);
        let by_position: Vec<Weighted> =
            Position::ALL.iter().map(|&p| Weighted::new(orgs.iter().map(|o| o.weight(p)))).collect();

        let mut people = Table::new(
            "people",
            &["id", "family_name", "given_name", "email", "nationality", "birth_date", "created_at"],
        );
        let mut participants = Table::new(
            "participants",
            &[
                "id",
                "jet_number",
                "person_id",
                "position",
                "organisation_id",
                "mission_id",
                "arrival_date",
                "appointment_year",
                "status",
            ],
        );
        let mut serials: std::collections::HashMap<i32, u32> = std::collections::HashMap::new();
        let mut participant_row = |rng: &mut Rng,
                                   participants: &mut Table,
                                   person: &Person<'_>,
                                   country_index: usize,
                                   position: Position,
                                   arrival_year: i32,
                                   appointment_year: i64,
                                   status: &str,
                                   organisation: Option<i64>|
         -> AppResult<(i64, i64)> {
            let org = match organisation {
                Some(o) => o,
                None => by_position[Position::ALL.iter().position(|&p| p == position).unwrap_or(0)]
                    .pick(rng)
                    .and_then(|i| orgs.get(i))
                    .map(|o| o.id)
                    .unwrap_or(1),
            };
            let serial = serials.entry(arrival_year).or_insert(0);
            *serial += 1;
            let jet = JetNumber::for_arrival(arrival_year, *serial)?;
            // Korea and China recruit for April; the others for Group A (late July) or B (early August).
            let arrival = if matches!(person.country.code, "KR" | "CN") {
                Date::from_calendar_date(arrival_year, time::Month::April, 6)
            } else if rng.chance(60) {
                Date::from_calendar_date(arrival_year, time::Month::July, 26)
            } else {
                Date::from_calendar_date(arrival_year, time::Month::August, 2)
            }
            .map_err(|e| AppError::Internal(e.to_string()))?;
            let mission = rng.pick(&mission_ids[country_index]).copied().unwrap_or(1);
            let id = participants.next_id();
            participants.push(vec![
                id.into(),
                jet.as_str().into(),
                person.id.into(),
                position.as_str().into(),
                org.into(),
                mission.into(),
                arrival.into(),
                appointment_year.into(),
                status.into(),
            ]);
            Ok((id, org))
        };

        // Serving participants.
        let shares = apportion(6_000, &COUNTRIES.iter().map(|c| c.participants).collect::<Vec<_>>());
        let years_weights = Weighted::new([40, 28, 20, 7, 5]);
        for (ci, (country, &n)) in COUNTRIES.iter().zip(&shares).enumerate() {
            for position in positions_of(country, n) {
                let year = years_weights.pick(&mut rng).unwrap_or(0) as i64 + 1;
                let person = new_person(&mut rng, &mut people, country, 1990, None);
                participant_row(
                    &mut rng,
                    &mut participants,
                    &person,
                    ci,
                    position,
                    CURRENT_YEAR - (year as i32 - 1),
                    year,
                    "serving",
                    None,
                )?;
            }
        }
        // Alumni: earlier participants whose appointment ended.
        for (ci, (country, &n)) in COUNTRIES.iter().zip(&apportion(ALUMNI, &shares)).enumerate() {
            for position in positions_of(country, n) {
                let person = new_person(&mut rng, &mut people, country, 1985, None);
                let status = if rng.chance(6) { "left-early" } else { "completed" };
                let (arrival, year) = (2016 + rng.below(6) as i32, 1 + rng.below(5) as i64);
                participant_row(&mut rng, &mut participants, &person, ci, position, arrival, year, status, None)?;
            }
        }

        // Applications for the recruiting year, in every state of the lifecycle.
        let mut applications = Table::new(
            "applications",
            &[
                "id",
                "reference",
                "person_id",
                "programme_year_id",
                "mission_id",
                "position",
                "status",
                "submitted_at",
                "updated_at",
            ],
        );
        let status_weights = Weighted::new([8, 10, 12, 10, 8, 10, 6, 14, 6, 3, 6, 2, 5]);
        let application_row = |rng: &mut Rng,
                               applications: &mut Table,
                               person: &Person<'_>,
                               ci: usize,
                               position: Position,
                               status: ApplicationStatus,
                               serial: usize| {
            let id = applications.next_id();
            let reference = format!("{}-{RECRUITING_YEAR}-{serial:05}", person.country.code);
            let submitted =
                (status != ApplicationStatus::Draft).then(|| BASE_TIME - Duration::days(20 + rng.below(40) as i64));
            applications.push(vec![
                id.into(),
                reference.into(),
                person.id.into(),
                recruiting_year_of[ci].into(),
                rng.pick(&mission_ids[ci]).copied().unwrap_or(1).into(),
                position.as_str().into(),
                status.as_str().into(),
                submitted.into(),
                (BASE_TIME - Duration::days(rng.below(20) as i64)).into(),
            ]);
            id
        };
        for (ci, (country, &n)) in COUNTRIES.iter().zip(&apportion(APPLICATIONS, &shares)).enumerate() {
            for (serial, position) in positions_of(country, n).into_iter().enumerate() {
                let person = new_person(&mut rng, &mut people, country, 1996, None);
                let status = ApplicationStatus::ALL
                    [status_weights.pick(&mut rng).unwrap_or(0).min(ApplicationStatus::ALL.len() - 1)];
                application_row(&mut rng, &mut applications, &person, ci, position, status, serial + 1);
            }
        }

        // The demo accounts and the records they stand for.
        let usa = 0;
        let hyogo_board = orgs
            .iter()
            .find(|o| o.prefecture == 28 && o.kind == OrganisationKind::BoardOfEducation && o.parent.is_none())
            .map(|o| o.id)
            .unwrap_or(1);
        let participant_person =
            new_person(&mut rng, &mut people, &COUNTRIES[usa], 1998, Some(account_email(Role::Participant)));
        participant_row(
            &mut rng,
            &mut participants,
            &participant_person,
            usa,
            Position::Alt,
            CURRENT_YEAR - 1,
            2,
            "serving",
            Some(hyogo_board),
        )?;
        let alumnus_person = new_person(&mut rng, &mut people, &COUNTRIES[1], 1990, Some(account_email(Role::Alumnus)));
        participant_row(&mut rng, &mut participants, &alumnus_person, 1, Position::Cir, 2019, 3, "completed", None)?;
        let applicant_person =
            new_person(&mut rng, &mut people, &COUNTRIES[usa], 2001, Some(account_email(Role::Applicant)));
        application_row(
            &mut rng,
            &mut applications,
            &applicant_person,
            usa,
            Position::Alt,
            ApplicationStatus::InvitedToInterview,
            90_001,
        );

        countries.insert(tx).await?;
        missions.insert(tx).await?;
        locations.insert(tx).await?;
        years.insert(tx).await?;
        groups.insert(tx).await?;
        let org_rows: Vec<Vec<Value>> = orgs
            .iter()
            .map(|o| {
                vec![
                    o.id.into(),
                    o.kind.as_str().into(),
                    o.name_en.as_str().into(),
                    o.name_ja.as_str().into(),
                    o.lg_code.as_str().into(),
                    o.prefecture.into(),
                    o.parent.into(),
                ]
            })
            .collect();
        insert_many(
            tx,
            "contracting_organisations",
            &["id", "kind", "name_en", "name_ja", "lg_code", "prefecture_code", "parent_id"],
            org_rows,
        )
        .await?;
        let company_rows: Vec<Vec<Value>> = COMPANIES
            .iter()
            .enumerate()
            .map(|(i, (name, country, site))| {
                vec![(i as i64 + 1).into(), (*name).into(), (*country).into(), (*site).into()]
            })
            .collect();
        insert_many(tx, "companies", &["id", "name", "country_code", "website"], company_rows).await?;
        people.insert(tx).await?;
        participants.insert(tx).await?;
        applications.insert(tx).await?;

        let usa_mission = mission_ids[usa].first().copied().unwrap_or(1);
        let hyogo = PrefectureCode::new(28)?;
        for (role, hash) in Role::ALL.into_iter().zip(hashes) {
            let (unit, person) = match role {
                Role::MissionStaff => (Unit::Mission(MissionId(usa_mission)), None),
                Role::CoSupervisor => (Unit::Organisation(OrganisationId(hyogo_board)), None),
                Role::PrefecturalAdvisor => (Unit::Prefecture(hyogo), None),
                Role::CompanyRecruiter => (Unit::Company(CompanyId(1)), None),
                Role::Participant => (Unit::None, Some(PersonId(participant_person.id))),
                Role::Alumnus => (Unit::None, Some(PersonId(alumnus_person.id))),
                Role::Applicant => (Unit::None, Some(PersonId(applicant_person.id))),
                Role::ClairStaff | Role::SystemAdministrator => (Unit::None, None),
            };
            let email = Email::parse(&account_email(role))?;
            let display_name = format!("Demo {}", crate::Translator::new(Language::En).t(role.message_key()));
            let language = if role == Role::CoSupervisor || role == Role::PrefecturalAdvisor {
                Language::Ja
            } else {
                Language::En
            };
            let user = users::insert_user(
                tx,
                &NewUser {
                    email: &email,
                    display_name: &display_name,
                    password_hash: Some(hash),
                    language,
                    person_id: person,
                },
                BASE_TIME,
            )
            .await?;
            users::insert_grant(tx, user, &RoleGrant::new(role, unit)?, None, BASE_TIME).await?;
            store::applying::set_email_verified(tx, user.0, BASE_TIME).await?;
        }
        let counts = serde_json::json!({
            "seed": seed,
            "countries": COUNTRIES.len(),
            "organisations": orgs.len(),
            "people": people_len(tx).await?,
        });
        self.audit_done(
            tx,
            AuditEntry {
                actor: None::<UserId>,
                action: "demo.create",
                entity: "programme",
                entity_id: RECRUITING_YEAR.to_string(),
                unit_key: "-".into(),
                outcome: Outcome::Done,
                before: None,
                after: Some(counts),
            },
        )
        .await
    }
}

async fn people_len(tx: &mut Tx) -> AppResult<i64> {
    Ok(tx.fetch_i64(query("SELECT COUNT(*) FROM people")).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportioning_adds_up_exactly() {
        let parts = apportion(6_000, &COUNTRIES.iter().map(|c| c.participants).collect::<Vec<_>>());
        assert_eq!(parts.iter().sum::<u32>(), 6_000);
        let korea = COUNTRIES.iter().position(|c| c.code == "KR").unwrap();
        assert_eq!(parts[korea], 47);
        let positions = positions_of(&COUNTRIES[korea], 47);
        assert_eq!(positions.iter().filter(|&&p| p == Position::Cir).count(), 45, "Korea: 45 CIR and 2 ALT (JET.md)");
    }

    #[test]
    fn about_a_thousand_organisations_from_all_prefectures() {
        let reference = domain::geography::reference().unwrap();
        let orgs = organisations(&mut Rng(7), &reference);
        assert!((900..1_150).contains(&orgs.len()), "{}", orgs.len());
        let mut prefectures: Vec<i64> = orgs.iter().map(|o| o.prefecture).collect();
        prefectures.sort();
        prefectures.dedup();
        assert_eq!(prefectures.len(), 47);
        for o in &orgs {
            domain::MunicipalityCode::parse(&o.lg_code).unwrap();
        }
    }

    #[test]
    fn weighted_picks_follow_weights() {
        let w = Weighted::new([0, 1, 3]);
        let mut rng = Rng(1);
        let mut seen = [0; 3];
        for _ in 0..4_000 {
            seen[w.pick(&mut rng).unwrap()] += 1;
        }
        assert_eq!(seen[0], 0);
        assert!((2_800..3_200).contains(&seen[2]), "{seen:?}");
    }
}
