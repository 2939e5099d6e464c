//! The demo programme year: about 40 recruiting countries with their missions, about 1,000
//! contracting organisations drawn from the real municipalities of all 47 prefectures, about 6,000
//! serving participants, alumni, and several thousand applications for next year in every state of
//! the application lifecycle. Deterministic for a seed: the same seed gives the same records.
//! One account per role, each with the demo password, and a second reviewer at the US embassy.
//!
//! Each application carries what its state implies: a complete form (drafts: part of one), its
//! documents and referees' letters, its reviewers and their scores, an interview slot and the
//! panel's scorecards, an alternate's rank, the reply and the clearance documents. Places taken
//! never exceed the year's plan. The selection steps carry the dates of the year's own calendar
//! (first screening in December, interviews in January, results in spring), so the demo shows
//! every state at once; one accepted candidate's clearance documents were due the day before the
//! demo's "now", so the desk always has an overdue candidate to look at.

use crate::data::{self as data, COMPANIES, COUNTRIES, CountrySpec, names};
use crate::{DEMO_DOMAIN, DemoOptions, RECRUITING_YEAR};
use app::error::{AppError, AppResult};
use app::recruitment::{FindingView, parse_local};
use app::{Translator, security};
use domain::eligibility::{self, ApplicantFacts, EligibilityRules, Jlpt, Period, Qualification};
use domain::geography::{LocalGovernment, LocalGovernmentKind};
use domain::lifecycle::Lifecycle;
use domain::selection::{self as rules, CLEARANCE_KINDS, Criterion, SelectionRules};
use domain::{ApplicationStatus, CountryCode, Email, JetNumber, Language, OrganisationKind, Position, Role};
use domain::{CompanyId, MissionId, OrganisationId, PersonId, PrefectureCode, RoleGrant, Unit};
use serde_json::{Map, Value as Json, json};
use store::seed::{self, Rows, next_id};
use time::macros::{date, datetime};
use time::{Date, Duration, OffsetDateTime};

mod placing;

const CURRENT_YEAR: i32 = 2026;
const APPLICATIONS: u32 = 5_400;
const ALUMNI: u32 = 800;
/// The demo's "now", so that its records do not depend on the day it is built.
const BASE_TIME: OffsetDateTime = datetime!(2026-11-01 09:00 UTC);

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
    /// A number in [0, 1).
    fn float(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.float()
    }
    /// An instant in [from, to) to the second (`from` when the span is empty).
    fn instant(&mut self, from: OffsetDateTime, to: OffsetDateTime) -> OffsetDateTime {
        let span = (to - from).whole_seconds();
        if span <= 0 { from } else { from + Duration::seconds(self.below(span as usize) as i64) }
    }
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
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

struct Person<'a> {
    country: &'a CountrySpec,
    id: i64,
    family: &'static str,
    given: &'static str,
    born: Date,
}

fn new_person<'a>(
    rng: &mut Rng,
    people: &mut Vec<seed::Person>,
    country: &'a CountrySpec,
    born_from: i32,
    email: Option<String>,
) -> Person<'a> {
    let (given, family) = names(country.names);
    let id = next_id(people);
    let born = Date::from_ordinal_date(born_from + rng.below(9) as i32, 1 + rng.below(365) as u16)
        .unwrap_or(date!(2000 - 01 - 01));
    let family = rng.pick(family).copied().unwrap_or("Doe");
    let given = rng.pick(given).copied().unwrap_or("Alex");
    people.push(seed::Person {
        id,
        family_name: family.into(),
        given_name: given.into(),
        email,
        nationality: country.code.into(),
        birth_date: born,
        created_at: BASE_TIME - Duration::days(rng.below(900) as i64),
    });
    Person { country, id, family, given, born }
}

/// Whether a country recruits for April arrivals (Korea's cycle, seed 000) rather than the
/// summer groups (the USA's cycle in JET.md).
fn april_cycle(country: &CountrySpec) -> bool {
    matches!(country.code, "KR" | "CN")
}

/// The zone a country's year states its deadlines in, where it is not the country's own: the USA
/// closes at 23:59 Hawaii time, so that no state's applicants lose hours to the East Coast.
fn deadline_zone(country: &CountrySpec) -> Option<&'static str> {
    (country.code == "US").then_some("Pacific/Honolulu")
}

/// The eligibility rules a country's year carries: JET.md's, with the year's SEA switch; Korea's
/// desk asks for the JLPT N1 certificate itself from a CIR (seed 000: "JLPT N1 소지자"), so the
/// interview does not judge a self-assessment instead.
fn eligibility_rules(country: &CountrySpec) -> EligibilityRules {
    let rules = EligibilityRules { sea_offered: country.sea_percent > 0, ..EligibilityRules::default() };
    if country.code == "KR" {
        EligibilityRules { cir_jlpt_level: Jlpt::N1, cir_japanese_assessed_at_interview: false, ..rules }
    } else {
        rules
    }
}

fn day(year: i64, month: u8, day: u8) -> AppResult<Date> {
    let month = time::Month::try_from(month).map_err(|e| AppError::Internal(e.to_string()))?;
    Date::from_calendar_date(year as i32, month, day).map_err(|e| AppError::Internal(e.to_string()))
}

fn at(d: Date, hour: u8) -> AppResult<OffsetDateTime> {
    let t = time::Time::from_hms(hour, 0, 0).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(d.with_time(t).assume_utc())
}

/// A country's programme year: the dates of its cycle, its plan and its departure groups.
struct Calendar {
    guidelines: Date,
    open: OffsetDateTime,
    deadline: OffsetDateTime,
    first_screening: Date,
    interviews_from: Date,
    interviews_until: Date,
    results_by: Date,
    reply_deadline: OffsetDateTime,
    orientation: Date,
    /// The zone the deadlines are stated in, where it is not the country's.
    deadline_zone: Option<&'static str>,
    /// Korea's second-round list (late December, seed 000).
    second_round_list: Option<Date>,
    /// When placement notices go out (the USA's cycle: May).
    placement_notices: Option<Date>,
    /// Places by position, in the order of `Position::ALL`.
    places: [i64; 3],
    groups: Vec<(&'static str, Date)>,
}

fn position_index(position: Position) -> usize {
    Position::ALL.iter().position(|&p| p == position).unwrap_or(0)
}

/// The cycle of a country for arrivals in `year`: the steps run from the autumn before. Plans
/// are about 45% of a year's participants (the intake).
fn calendar(country: &CountrySpec, year: i64) -> AppResult<Calendar> {
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
    let groups = if april_cycle(country) {
        vec![("April", day(year, 4, 5)?)]
    } else {
        vec![("Group A", day(year, 7, 26)?), ("Group B", day(year, 8, 2)?)]
    };
    let zone = deadline_zone(country);
    // A year with its own zone states its times there: opening at 09:00, the deadline at 23:59,
    // the reply deadline at 17:00.
    let (open, deadline, reply_deadline) = match zone {
        Some(zone) => (
            parse_local("applications_open", zone, &format!("{}T09:00", steps[1]))?,
            parse_local("application_deadline", zone, &format!("{}T23:59", steps[2]))?,
            parse_local("reply_deadline", zone, &format!("{}T17:00", steps[7]))?,
        ),
        None => (at(steps[1], 0)?, at(steps[2], 12)?, at(steps[7], 8)?),
    };
    Ok(Calendar {
        guidelines: steps[0],
        open,
        deadline,
        deadline_zone: zone,
        second_round_list: if country.code == "KR" { Some(day(before, 12, 22)?) } else { None },
        placement_notices: if april_cycle(country) { None } else { Some(day(year, 5, 20)?) },
        first_screening: steps[3],
        interviews_from: steps[4],
        interviews_until: steps[5],
        results_by: steps[6],
        reply_deadline,
        orientation: steps[8],
        places: [alt, cir, sea],
        groups,
    })
}

fn year_row(
    id: i64,
    country: &CountrySpec,
    year: i64,
    status: &str,
    cal: &Calendar,
    rules: Option<String>,
) -> seed::ProgrammeYear {
    seed::ProgrammeYear {
        id,
        country_code: country.code.into(),
        year,
        status: status.into(),
        guidelines_published: cal.guidelines,
        applications_open: cal.open,
        application_deadline: cal.deadline,
        first_screening: cal.first_screening,
        interviews_from: cal.interviews_from,
        interviews_until: cal.interviews_until,
        results_by: cal.results_by,
        reply_deadline: cal.reply_deadline,
        pre_departure_orientation: cal.orientation,
        places_alt: cal.places[0],
        places_cir: cal.places[1],
        places_sea: cal.places[2],
        sea_offered: country.sea_percent > 0,
        selection_rules: rules,
        // Korea's year carries its own rules; the others keep JET.md's.
        eligibility_rules: if country.code == "KR" {
            serde_json::to_string(&eligibility_rules(country)).ok()
        } else {
            None
        },
        deadline_time_zone: cal.deadline_zone.map(str::to_owned),
        second_round_list: cal.second_round_list,
        placement_notices: cal.placement_notices,
    }
}

fn add_groups(groups: &mut Vec<seed::DepartureGroup>, year_id: i64, cal: &Calendar) {
    for (name, arrival) in &cal.groups {
        let id = next_id(groups);
        groups.push(seed::DepartureGroup {
            id,
            programme_year_id: year_id,
            name: (*name).into(),
            arrival_date: *arrival,
            pre_departure_orientation: None,
        });
    }
}

/// The demo accounts: one per role.
pub(crate) fn account_email(role: Role) -> String {
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

/// The second reviewer at the US embassy, beside the mission account.
fn reviewer_email() -> String {
    format!("reviewer@{DEMO_DOMAIN}")
}

/// Demo accounts have fixed ids: one per role in the order of `Role::ALL`, then the reviewer;
/// the staff of the other missions follow.
fn account_id(role: Role) -> i64 {
    Role::ALL.iter().position(|&r| r == role).map_or(0, |i| i as i64 + 1)
}
const REVIEWER_ID: i64 = Role::ALL.len() as i64 + 1;
/// The supervisor of a city in Hyogo that has not requested anyone yet (it writes a request).
const TOWN_ID: i64 = REVIEWER_ID + 1;
/// An applicant whose application is cleared, waiting for placement.
const CLEARED_ID: i64 = REVIEWER_ID + 2;

fn town_email() -> String {
    format!("town@{DEMO_DOMAIN}")
}

fn cleared_email() -> String {
    format!("cleared@{DEMO_DOMAIN}")
}

/// The demo's accounts beyond one per role, in id order.
pub(crate) fn extra_emails() -> [String; 3] {
    [reviewer_email(), town_email(), cleared_email()]
}

fn grant_row(grants: &mut Vec<seed::RoleGrant>, user: i64, grant: &RoleGrant, now: OffsetDateTime) {
    let unit = grant.unit();
    let (mission, organisation, prefecture, company) = match unit {
        Unit::None => (None, None, None, None),
        Unit::Mission(m) => (Some(m.0), None, None, None),
        Unit::Organisation(o) => (None, Some(o.0), None, None),
        Unit::Prefecture(p) => (None, None, Some(i64::from(p)), None),
        Unit::Company(c) => (None, None, None, Some(c.0)),
    };
    let id = next_id(grants);
    grants.push(seed::RoleGrant {
        id,
        user_id: user,
        role: grant.role().as_str().into(),
        unit_key: unit.key(),
        mission_id: mission,
        organisation_id: organisation,
        prefecture_code: prefecture,
        company_id: company,
        granted_by: None,
        granted_at: now,
    });
}

/// An account of the demo, without a password yet (the hashes come when they are done).
fn user_row(
    id: i64,
    email: String,
    display_name: String,
    language: Language,
    person: Option<i64>,
    since: OffsetDateTime,
) -> seed::User {
    seed::User {
        id,
        email,
        display_name,
        password_hash: None,
        language: language.tag().into(),
        person_id: person,
        disabled: false,
        created_at: since,
        email_verified_at: Some(since),
    }
}

/// The staff of every mission's JET desk who review and sit on interview panels: two Japanese
/// officials and a former participant of the country. At the US embassy the first two are the
/// demo's mission account and its reviewer. Accounts without a password (a reset link opens
/// them). Returns the staff's user ids by mission id - 1.
fn mission_staff(
    rng: &mut Rng,
    users: &mut Vec<seed::User>,
    grants: &mut Vec<seed::RoleGrant>,
    mission_ids: &[Vec<i64>],
) -> AppResult<Vec<Vec<i64>>> {
    let total = mission_ids.iter().map(Vec::len).sum();
    let mut staff_of = vec![Vec::new(); total];
    let mut next = CLEARED_ID + 1;
    let since = BASE_TIME - Duration::days(400);
    let (japanese_given, japanese_family) = data::JAPANESE_NAMES;
    for (ci, ids) in mission_ids.iter().enumerate() {
        let Some(country) = COUNTRIES.get(ci) else { continue };
        let (local_given, local_family) = names(country.names);
        for (mi, &mission) in ids.iter().enumerate() {
            let mut members = Vec::new();
            if ci == 0 && mi == 0 {
                members.extend([account_id(Role::MissionStaff), REVIEWER_ID]);
            }
            while members.len() < 3 {
                let former_jet = members.len() == 2;
                let (given, family, language) = if former_jet {
                    (local_given, local_family, Language::En)
                } else {
                    (japanese_given, japanese_family, Language::Ja)
                };
                let name = format!(
                    "{} {}",
                    rng.pick(given).copied().unwrap_or("Yuki"),
                    rng.pick(family).copied().unwrap_or("Sato")
                );
                let email =
                    format!("desk{}.{}{}@mofa.example.jp", members.len() + 1, country.code.to_lowercase(), mission);
                users.push(user_row(next, email, name, language, None, since));
                grant_row(grants, next, &RoleGrant::new(Role::MissionStaff, Unit::Mission(MissionId(mission)))?, since);
                members.push(next);
                next += 1;
            }
            if let Some(slot) = staff_of.get_mut((mission - 1) as usize) {
                *slot = members;
            }
        }
    }
    Ok(staff_of)
}

// ----- Documents -----

/// A small valid PDF of one page with a title: the demo's documents share a handful of these
/// (an application never holds the same bytes twice, so each kind has its own).
fn tiny_pdf(title: &str) -> Vec<u8> {
    let text = format!("BT /F1 16 Tf 72 760 Td ({title}) Tj 0 -24 Td /F1 10 Tf (Kakehashi demo document) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
    for offset in offsets {
        out.push_str(&format!("{offset:010} 00000 n \n"));
    }
    out.push_str(&format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1));
    out.into_bytes()
}

struct DemoFile {
    name: &'static str,
    /// One copy, shared by every document row made of this file.
    bytes: std::sync::Arc<[u8]>,
    sha256: String,
}

impl DemoFile {
    fn new(name: &'static str, title: &str) -> DemoFile {
        use sha2::Digest;
        let bytes: std::sync::Arc<[u8]> = tiny_pdf(title).into();
        let sha256 = sha2::Sha256::digest(&*bytes).iter().map(|b| format!("{b:02x}")).collect();
        DemoFile { name, bytes, sha256 }
    }
}

struct Files {
    transcript: DemoFile,
    degree: DemoFile,
    certificate: DemoFile,
    letters: [DemoFile; 3],
    /// In the order of `CLEARANCE_KINDS`.
    clearance: [DemoFile; 3],
}

impl Files {
    fn new() -> Files {
        Files {
            transcript: DemoFile::new("transcript.pdf", "Academic transcript"),
            degree: DemoFile::new("degree-certificate.pdf", "Proof of degree"),
            certificate: DemoFile::new("teaching-certificate.pdf", "Teaching certificate"),
            letters: [
                DemoFile::new("reference-letter.pdf", "Letter of reference (1)"),
                DemoFile::new("reference-letter.pdf", "Letter of reference (2)"),
                DemoFile::new("reference-letter.pdf", "Letter of reference (3)"),
            ],
            clearance: [
                DemoFile::new("police-certificate.pdf", "Police certificate"),
                DemoFile::new("health-certificate.pdf", "Health certificate"),
                DemoFile::new("graduation-proof.pdf", "Graduation proof"),
            ],
        }
    }
}

// ----- Applications in every state -----

/// What the rules look at, as the form states it.
struct FormFacts {
    also_japanese: bool,
    teacher_training: bool,
    awarded: Date,
    previous: Vec<(Date, Date)>,
    residence: Vec<(Date, Date)>,
    jlpt: Option<Jlpt>,
    self_assessment: Option<Jlpt>,
}

/// An application being built: who, where, its state (and the state it was in before it was
/// withdrawn or disqualified, which decides what it holds), and its form.
struct Candidate {
    id: i64,
    reference: String,
    person: i64,
    country: usize,
    mission: i64,
    location: usize,
    group: usize,
    position: Position,
    status: ApplicationStatus,
    was: ApplicationStatus,
    /// How strong the candidate is, on the 1–5 scale of the rubrics.
    quality: f64,
    facts: FormFacts,
    /// The form as stored (serialised at once: thousands of forms as maps weigh tens of MB).
    form: String,
    has_teaching_qualification: bool,
    /// A draft whose every section is filled.
    draft_complete: bool,
    /// The applicant's own account (the demo applicant's), for documents they uploaded.
    account: Option<i64>,
    submitted_at: Option<OffsetDateTime>,
    /// When the draft was last saved (drafts), or when screening decided (the others).
    last_saved: OffsetDateTime,
    screened_at: OffsetDateTime,
    /// Invited and has booked a slot.
    booked: bool,
    interview: Option<(OffsetDateTime, i64)>,
}

fn interviewed(s: ApplicationStatus) -> bool {
    use ApplicationStatus as S;
    matches!(
        s,
        S::Interviewed | S::ShortListed | S::Alternate | S::NotSelected | S::Accepted | S::Declined | S::Cleared
    )
}

fn decided(s: ApplicationStatus) -> bool {
    interviewed(s) && s != ApplicationStatus::Interviewed
}

fn replied(s: ApplicationStatus) -> bool {
    matches!(s, ApplicationStatus::Accepted | ApplicationStatus::Declined | ApplicationStatus::Cleared)
}

/// The states that hold one of the plan's places.
fn holds_place(s: ApplicationStatus) -> bool {
    matches!(s, ApplicationStatus::ShortListed | ApplicationStatus::Accepted | ApplicationStatus::Cleared)
}

/// Where a withdrawn or disqualified application had got to.
fn state_before(rng: &mut Rng, status: ApplicationStatus) -> ApplicationStatus {
    use ApplicationStatus as S;
    let options: &[(ApplicationStatus, u64)] = match status {
        S::Withdrawn => &[
            (S::Submitted, 30),
            (S::InvitedToInterview, 25),
            (S::Interviewed, 10),
            (S::ShortListed, 10),
            (S::Alternate, 10),
            (S::Accepted, 15),
        ],
        S::Disqualified => &[(S::Submitted, 15), (S::Interviewed, 15), (S::Accepted, 50), (S::Cleared, 20)],
        _ => return status,
    };
    let weights = Weighted::new(options.iter().map(|(_, w)| *w));
    weights.pick(rng).and_then(|i| options.get(i)).map_or(status, |(s, _)| *s)
}

/// The read-only material applications are made from.
struct Context<'r> {
    seed: u64,
    municipalities: Vec<&'r LocalGovernment>,
    calendars: Vec<Calendar>,
    year_ids: Vec<i64>,
    /// "City: venue" of each mission's interview locations, by mission id - 1.
    locations: Vec<Vec<String>>,
    mission_country: Vec<usize>,
    staff_of: Vec<Vec<i64>>,
    rules: SelectionRules,
    files: Files,
}

fn pick_str(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    rng.pick(items).copied().unwrap_or("")
}

fn plus_days(d: Date, days: i64) -> Date {
    d.checked_add(Duration::days(days)).unwrap_or(d)
}

/// A complete form for a position, with the facts the eligibility rules read from it.
fn application_form(
    rng: &mut Rng,
    ctx: &Context<'_>,
    person: &Person<'_>,
    position: Position,
    location: &str,
    group: &str,
) -> (Map<String, Json>, FormFacts) {
    let country = person.country;
    let april = april_cycle(country);
    let cities: Vec<&'static str> = country.missions.iter().map(|m| m.1).collect();
    let city = rng.pick(&cities).copied().unwrap_or(country.name_en);
    let code = data::calling_code(country.code);
    let phone = if code == "1" {
        // 555-01xx: the numbers set aside for fiction.
        format!("+1 {} 555 01{:02}", 201 + rng.below(780), rng.below(100))
    } else {
        format!("+{code} {} {:04}", 100 + rng.below(900), rng.below(10_000))
    };
    let street = pick_str(rng, data::streets(country.names)).replace("{n}", &(1 + rng.below(240)).to_string());
    let address = format!("{street}, {city}, {}", country.name_en);
    let also_japanese = rng.below(1_000) < 15;

    let teacher_training = position == Position::Alt && rng.chance(4);
    let graduation = (person.born.year() + 21 + rng.below(3) as i32).min(RECRUITING_YEAR as i32);
    let awarded = if graduation >= RECRUITING_YEAR as i32 {
        // Due before the group's arrival: February for April arrivals, May or June for summer.
        if april { date!(2027 - 02 - 20) } else { plus_days(date!(2027 - 05 - 10), rng.below(25) as i64) }
    } else {
        Date::from_calendar_date(graduation, time::Month::June, 1 + rng.below(28) as u8)
            .unwrap_or(date!(2020 - 06 - 01))
    };
    let mut institution = pick_str(rng, data::INSTITUTIONS);
    if institution.contains("State") && country.code != "US" {
        institution = "University of {c}";
    }
    let stem = city.split(',').next().unwrap_or(city);
    let institution = institution.replace("{c}", stem);
    let field = match position {
        Position::Cir if rng.chance(70) => pick_str(rng, data::CIR_FIELDS_OF_STUDY),
        Position::Sea => pick_str(rng, data::SEA_FIELDS_OF_STUDY),
        _ => pick_str(rng, data::FIELDS_OF_STUDY),
    };
    let employment = if rng.chance(75) {
        let first = pick_str(rng, data::EMPLOYMENT);
        let second = pick_str(rng, data::EMPLOYMENT);
        if first == second || rng.chance(50) { first.to_owned() } else { format!("{first} {second}") }
    } else {
        String::new()
    };

    let level = |rng: &mut Rng, weights: [u64; 5]| {
        Weighted::new(weights).pick(rng).and_then(|i| Jlpt::ALL.get(i).copied()).unwrap_or(Jlpt::N5)
    };
    let (jlpt, self_assessment) = match position {
        Position::Cir if country.code == "KR" || country.code == "CN" => {
            // Korea's desk takes only N1 holders for CIR (its rules say so).
            let n1 = rng.chance(85) || country.code == "KR";
            (Some(if n1 { Jlpt::N1 } else { Jlpt::N2 }), None)
        }
        Position::Cir => match rng.below(10) {
            0..=4 => (Some(Jlpt::N1), Some(Jlpt::N1)),
            5..=8 => (Some(Jlpt::N2), rng.chance(40).then_some(Jlpt::N1)),
            // No certificate yet: the interview, held in Japanese, judges (a condition).
            _ => (None, Some(Jlpt::N2)),
        },
        _ if rng.chance(45) => {
            let held = level(rng, [0, 1, 4, 8, 10]);
            (Some(held), rng.chance(30).then_some(held))
        }
        _ if rng.chance(40) => (None, Some(level(rng, [0, 0, 1, 4, 8]))),
        _ => (None, None),
    };
    let mut japanese = Map::new();
    if let Some(l) = jlpt {
        japanese.insert("jlpt".into(), l.as_str().into());
    }
    if let Some(l) = self_assessment {
        japanese.insert("self_assessment".into(), l.as_str().into());
    }
    let mut teaching = Map::new();
    if (position == Position::Alt && rng.chance(45)) || teacher_training {
        teaching.insert("qualifications".into(), pick_str(rng, data::TEACHING_QUALIFICATIONS).into());
    }
    let mut disclosures = Map::new();
    let criminal = rng.below(100) < 2;
    disclosures.insert("criminal_history".into(), criminal.into());
    if criminal {
        disclosures.insert("criminal_history_details".into(), pick_str(rng, data::CRIMINAL_DETAILS).into());
    }
    let medical = rng.chance(8);
    disclosures.insert("medical_conditions".into(), medical.into());
    if medical {
        disclosures.insert("medical_details".into(), pick_str(rng, data::MEDICAL_DETAILS).into());
    }
    let mut dependants = Map::new();
    if rng.chance(3) {
        dependants.insert("details".into(), pick_str(rng, data::DEPENDANTS).into());
    }

    // Up to three places, best first: prefectures (2 digits) or municipalities (6 digits).
    let mut places: Vec<String> = Vec::new();
    let mut named_place = None;
    for _ in 0..[0, 1, 2, 3, 3][rng.below(5)] {
        let place = if rng.chance(45) {
            format!("{:02}", 1 + rng.below(47))
        } else {
            match rng.pick(&ctx.municipalities) {
                Some(m) => {
                    named_place.get_or_insert(m.name_en.as_str());
                    m.code.as_str().to_owned()
                }
                None => continue,
            }
        };
        if !places.contains(&place) {
            places.push(place);
        }
    }
    let area = pick_str(rng, &["urban", "semi-urban", "rural", "no-preference", "no-preference"]);
    let mut preferences = Map::new();
    preferences.insert("places".into(), json!(places));
    preferences.insert("area".into(), area.into());
    if let Some(place) = named_place.filter(|_| rng.chance(30)) {
        preferences.insert("ties".into(), pick_str(rng, data::TIES).replace("{place}", place).into());
    }

    let country_name = format!("{}{}", the(country.name_en), country.name_en);
    let fill = |s: &str| s.replace("{country}", &country_name).replace("{field}", field);
    let middles = match position {
        Position::Alt => data::STATEMENT_ALT,
        Position::Cir => data::STATEMENT_CIR,
        Position::Sea => data::STATEMENT_SEA,
    };
    let opening = fill(pick_str(rng, data::STATEMENT_OPENINGS));
    let first = pick_str(rng, middles);
    let second = pick_str(rng, middles);
    let middle = if first == second { fill(first) } else { format!("{} {}", fill(first), fill(second)) };
    let statement = format!("{opening} {middle} {}", fill(pick_str(rng, data::STATEMENT_CLOSINGS)));

    // A former participant (long enough ago), and stays in Japan: a year of study abroad.
    let mut previous = Vec::new();
    if position != Position::Sea && rng.below(1_000) < 15 && graduation < 2021 {
        let start = graduation + 1;
        let years = 1 + rng.below(2) as i32;
        if let (Ok(a), Ok(b)) = (
            Date::from_calendar_date(start, time::Month::August, 1),
            Date::from_calendar_date((start + years).min(2023), time::Month::July, 31),
        ) {
            previous.push((a, b));
        }
    }
    let mut residence = Vec::new();
    if rng.chance(12) {
        let start = graduation - 1 - rng.below(2) as i32;
        if let (Ok(a), Ok(b)) = (
            Date::from_calendar_date(start, time::Month::September, 20),
            Date::from_calendar_date(start + 1, time::Month::July, 31),
        ) {
            residence.push((a, b));
        }
    }
    let periods = |list: &[(Date, Date)]| -> Json {
        Json::Array(list.iter().map(|(a, b)| json!({"start": a.to_string(), "end": b.to_string()})).collect())
    };

    let mut form = Map::new();
    form.insert(
        "personal".into(),
        json!({
            "family_name": person.family,
            "given_name": person.given,
            "birth_date": person.born.to_string(),
            "nationality": country.code,
            "also_japanese": also_japanese,
            "phone": phone,
            "address": address,
        }),
    );
    form.insert(
        "education".into(),
        json!({
            "qualification": if teacher_training { "teacher-training-3-year" } else { "bachelor" },
            "institution": institution,
            "field_of_study": field,
            "awarded": awarded.to_string(),
        }),
    );
    form.insert("employment".into(), if employment.is_empty() { json!({}) } else { json!({ "history": employment }) });
    form.insert("japanese".into(), Json::Object(japanese));
    form.insert("teaching".into(), Json::Object(teaching));
    form.insert("licence".into(), json!({ "driving_licence": rng.chance(65) }));
    form.insert("disclosures".into(), Json::Object(disclosures));
    form.insert("dependants".into(), Json::Object(dependants));
    form.insert("partner".into(), json!({}));
    form.insert("preferences".into(), Json::Object(preferences));
    form.insert("statement".into(), json!({ "statement_of_purpose": statement }));
    form.insert("logistics".into(), json!({ "interview_location": location, "departure_group": group }));
    form.insert(
        "history".into(),
        json!({
            "previous_participations": periods(&previous),
            "residence_in_japan": periods(&residence),
            "declined_placement_last_year": false,
        }),
    );
    let facts = FormFacts { also_japanese, teacher_training, awarded, previous, residence, jlpt, self_assessment };
    (form, facts)
}

/// Leaves a draft part-filled: the statement (written last) and some other sections missing.
fn thin_draft(rng: &mut Rng, form: &mut Map<String, Json>) {
    form.remove("statement");
    let sections: Vec<String> = form.keys().filter(|k| *k != "personal").cloned().collect();
    for section in sections {
        if rng.chance(45) {
            form.remove(&section);
        }
    }
    if let Some(personal) = form.get_mut("personal").and_then(Json::as_object_mut) {
        for field in ["birth_date", "phone", "address"] {
            if rng.chance(30) {
                personal.remove(field);
            }
        }
    }
}

/// What screening the year's rubric gives for a candidate of this strength, with some noise per
/// criterion: the marks as stored (`{"statement": 4, ...}`) and the weighted score.
fn marks(rng: &mut Rng, rubric: &[Criterion], quality: f64) -> AppResult<(String, f64)> {
    let given: Vec<(String, u8)> = rubric
        .iter()
        .map(|c| (c.key.clone(), (quality + rng.between(-0.7, 0.7)).round().clamp(1.0, 5.0) as u8))
        .collect();
    let score = rules::weighted_score(rubric, &given)?;
    let stored: std::collections::BTreeMap<String, u8> = given.into_iter().collect();
    Ok((serde_json::to_string(&stored).map_err(|e| AppError::Internal(e.to_string()))?, score))
}

/// How strong a candidate is, by where selection put them.
fn quality_of(rng: &mut Rng, was: ApplicationStatus) -> f64 {
    use ApplicationStatus as S;
    match was {
        S::ScreenedOut => rng.between(1.5, 2.7),
        S::InvitedToInterview => rng.between(3.0, 4.7),
        S::Interviewed => rng.between(2.2, 4.8),
        S::ShortListed | S::Accepted | S::Declined | S::Cleared => rng.between(3.9, 4.8),
        S::Alternate => rng.between(3.3, 3.95),
        S::NotSelected => rng.between(2.0, 3.25),
        _ => rng.between(1.8, 4.7),
    }
}

#[allow(clippy::too_many_arguments)]
fn candidate(
    rng: &mut Rng,
    ctx: &Context<'_>,
    id: i64,
    person: &Person<'_>,
    ci: usize,
    mission: i64,
    position: Position,
    status: ApplicationStatus,
    serial: usize,
    account: Option<i64>,
) -> AppResult<Candidate> {
    let was = state_before(rng, status);
    let cal = ctx.calendars.get(ci).ok_or_else(|| AppError::Internal("demo: a country without a year".into()))?;
    let locations = ctx.locations.get((mission - 1) as usize).map(Vec::as_slice).unwrap_or_default();
    let location = if account.is_some() { 0 } else { rng.below(locations.len()) };
    let group = rng.below(cal.groups.len());
    let (form, facts) = application_form(
        rng,
        ctx,
        person,
        position,
        locations.get(location).map_or("", String::as_str),
        cal.groups.get(group).map_or("", |g| g.0),
    );
    let mut form = form;
    let draft = was == ApplicationStatus::Draft;
    let draft_complete = draft && rng.chance(30);
    if draft && !draft_complete {
        thin_draft(rng, &mut form);
    }
    let until = cal.deadline.min(BASE_TIME);
    let submitted_at = (!draft).then(|| rng.instant(cal.open, until));
    let last_saved = submitted_at.unwrap_or_else(|| rng.instant(cal.open, BASE_TIME));
    let screened_at = at(cal.first_screening, 9)? + Duration::minutes(rng.below(4 * 24 * 60) as i64);
    let booked = status == ApplicationStatus::InvitedToInterview && account.is_none() && rng.chance(75);
    Ok(Candidate {
        id,
        reference: format!("{}-{RECRUITING_YEAR}-{serial:05}", person.country.code),
        person: person.id,
        country: ci,
        mission,
        location,
        group,
        position,
        status,
        was,
        quality: quality_of(rng, was),
        facts,
        has_teaching_qualification: form.get("teaching").and_then(|s| s.get("qualifications")).is_some(),
        form: Json::Object(form).to_string(),
        draft_complete,
        account,
        submitted_at,
        last_saved,
        screened_at,
        booked,
        interview: None,
    })
}

/// The demo's cleared applicant states Hyogo (28) first.
fn state_hyogo_first(form: &mut String) {
    if let Ok(Json::Object(mut map)) = serde_json::from_str::<Json>(form) {
        map.insert("preferences".into(), json!({"places": ["28", "27"], "area": "semi-urban"}));
        *form = Json::Object(map).to_string();
    }
}

fn name_partner(form: &mut String, partner: &str) {
    if let Ok(Json::Object(mut map)) = serde_json::from_str::<Json>(form) {
        map.insert("partner".into(), json!({ "partner_reference": partner }));
        *form = Json::Object(map).to_string();
    }
}

/// A few couples applying together, each naming the other's reference (same country; cleared
/// candidates with cleared ones, so that placement has couples to keep together).
fn pair_partners(rng: &mut Rng, candidates: &mut [Candidate]) {
    let mut waiting: Vec<Option<usize>> = vec![None; 2 * COUNTRIES.len()];
    for i in 0..candidates.len() {
        let c = &candidates[i];
        if c.was == ApplicationStatus::Draft || c.account.is_some() || !rng.chance(2) {
            continue;
        }
        let bucket = 2 * c.country + usize::from(c.status == ApplicationStatus::Cleared);
        let Some(slot) = waiting.get_mut(bucket) else { continue };
        match slot.take() {
            Some(j) => {
                let (a, b) = (candidates[j].reference.clone(), candidates[i].reference.clone());
                name_partner(&mut candidates[j].form, &b);
                name_partner(&mut candidates[i].form, &a);
            }
            None => *slot = Some(i),
        }
    }
}

/// The days of a year's interviews (Sundays off).
fn interview_days(cal: &Calendar) -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = cal.interviews_from;
    while d <= cal.interviews_until {
        if d.weekday() != time::Weekday::Sunday {
            out.push(d);
        }
        d = plus_days(d, 1);
    }
    out
}

/// The interview slots of every mission and location: enough panels for everyone who is to be
/// interviewed or was, about a fifth more free, spread over the interview days from 9:00 local
/// time with a lunch break. Those interviewed (and the invited who booked) get a slot; a slot
/// of a candidate who withdrew or was disqualified was given back.
fn interview_slots(
    rng: &mut Rng,
    ctx: &Context<'_>,
    candidates: &mut [Candidate],
    slots: &mut Vec<seed::InterviewSlot>,
) -> AppResult<()> {
    let mut needing: std::collections::BTreeMap<(i64, usize), Vec<usize>> = std::collections::BTreeMap::new();
    for (i, c) in candidates.iter().enumerate() {
        if c.booked || interviewed(c.was) {
            needing.entry((c.mission, c.location)).or_default().push(i);
        }
    }
    for (mi, locations) in ctx.locations.iter().enumerate() {
        let mission = mi as i64 + 1;
        let ci = ctx.mission_country.get(mi).copied().unwrap_or(0);
        let (Some(cal), Some(&year), Some(country)) = (ctx.calendars.get(ci), ctx.year_ids.get(ci), COUNTRIES.get(ci))
        else {
            continue;
        };
        let minutes: i64 = if april_cycle(country) { 20 } else { 30 };
        let days = interview_days(cal);
        let per_day = (180 + 240) / minutes as usize;
        let morning = 180 / minutes as usize;
        for (li, location) in locations.iter().enumerate() {
            let who = needing.get(&(mission, li)).cloned().unwrap_or_default();
            let target = who.len() + (who.len() / 5).max(4);
            let panels = target.div_ceil(days.len().max(1) * per_day).max(1);
            let per_panel_day = target.div_ceil(days.len().max(1) * panels);
            let mut times: Vec<(usize, OffsetDateTime)> = Vec::with_capacity(target);
            'days: for d in &days {
                let nine = parse_local("starts_at", country.time_zone, &format!("{d}T09:00"))?;
                for panel in 1..=panels {
                    for k in 0..per_panel_day {
                        if times.len() == target {
                            break 'days;
                        }
                        // From 9:00 through the morning; after lunch from 13:00 (240 minutes on).
                        let offset =
                            if k < morning { k as i64 * minutes } else { 240 + (k - morning) as i64 * minutes };
                        times.push((panel, nine + Duration::minutes(offset)));
                    }
                }
            }
            let mut order: Vec<usize> = (0..times.len()).collect();
            rng.shuffle(&mut order);
            let mut holder: Vec<Option<usize>> = vec![None; times.len()];
            for (&slot, &c) in order.iter().zip(&who) {
                if let Some(h) = holder.get_mut(slot) {
                    *h = Some(c);
                }
            }
            for ((panel, starts), held) in times.into_iter().zip(holder) {
                let (application, booked_at, sequence) = match held.and_then(|i| candidates.get_mut(i)) {
                    Some(c) => {
                        c.interview = Some((starts, minutes));
                        let booked_at =
                            rng.instant(c.screened_at + Duration::days(1), c.screened_at + Duration::days(9));
                        if matches!(c.status, ApplicationStatus::Withdrawn | ApplicationStatus::Disqualified) {
                            (None, None, 2)
                        } else {
                            (Some(c.id), Some(booked_at), if rng.chance(8) { 3 } else { 1 })
                        }
                    }
                    None => (None, None, 0),
                };
                let id = next_id(slots);
                slots.push(seed::InterviewSlot {
                    id,
                    programme_year_id: year,
                    mission_id: mission,
                    location: location.clone(),
                    panel: format!("Panel {panel}"),
                    starts_at: starts,
                    minutes,
                    application_id: application,
                    booked_at,
                    sequence: sequence as i64,
                });
            }
        }
    }
    Ok(())
}

/// The rows of the selection beside the applications.
#[derive(Default)]
struct SelectionTables {
    referees: Vec<seed::Referee>,
    documents: Vec<seed::Document>,
    reviews: Vec<seed::ScreeningReview>,
    slots: Vec<seed::InterviewSlot>,
    scorecards: Vec<seed::InterviewScorecard>,
    clearance: Vec<seed::ClearanceItem>,
}

impl SelectionTables {
    fn document(
        &mut self,
        application: i64,
        kind: &str,
        file: &DemoFile,
        by: Option<i64>,
        at: OffsetDateTime,
        referee: Option<i64>,
    ) -> i64 {
        let id = next_id(&self.documents);
        self.documents.push(seed::Document {
            id,
            application_id: application,
            kind: kind.into(),
            file_name: file.name.into(),
            content_type: "application/pdf".into(),
            size_bytes: file.bytes.len() as i64,
            sha256: file.sha256.clone(),
            content: file.bytes.clone(),
            uploaded_by: by,
            uploaded_at: at,
            referee_id: referee,
        });
        id
    }

    /// A reviewer's part: assigned, and scored (marks, score, remarks, when) or not.
    fn review(
        &mut self,
        application: i64,
        reviewer: i64,
        by: i64,
        assigned_at: OffsetDateTime,
        conflict: Option<&str>,
        scored: Option<(String, f64, Option<&str>, OffsetDateTime)>,
    ) {
        let id = next_id(&self.reviews);
        let (marks, score, remarks, at) = match scored {
            Some((m, s, r, t)) => (Some(m), Some(s), r, Some(t)),
            None => (None, None, None, None),
        };
        self.reviews.push(seed::ScreeningReview {
            id,
            application_id: application,
            reviewer_id: reviewer,
            assigned_by: by,
            assigned_at,
            conflict_of_interest: conflict.map(str::to_owned),
            scores_json: marks,
            score,
            remarks: remarks.map(str::to_owned),
            scored_at: at,
        });
    }
}

/// What selection decided about an application, for its row.
struct Decided {
    status_reason: Option<String>,
    written_test: Option<i64>,
    replied_at: Option<OffsetDateTime>,
    updated_at: OffsetDateTime,
    final_score: Option<f64>,
}

/// Flags of the one-off records: the declared conflict, the overdue clearance.
#[derive(Default)]
struct Once {
    conflict: bool,
    overdue: bool,
}

fn referee_email(rng: &mut Rng, family: &str, id: i64) -> String {
    let slug: String = family.chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_lowercase()).collect();
    let domain = pick_str(rng, &["example.edu", "example.org", "example.ac.uk", "example.com"]);
    if slug.is_empty() { format!("referee.{id}@{domain}") } else { format!("{slug}.{id}@{domain}") }
}

/// The application's documents and referees: all that a submission needs (drafts: part).
fn documents_and_referees(rng: &mut Rng, ctx: &Context<'_>, c: &Candidate, t: &mut SelectionTables) -> AppResult<()> {
    let cal = ctx.calendars.get(c.country).ok_or_else(|| AppError::Internal("demo: no year".into()))?;
    let end = c.submitted_at.unwrap_or(c.last_saved);
    let complete = c.was != ApplicationStatus::Draft || c.draft_complete;
    for (kind, file) in [("transcript", &ctx.files.transcript), ("degree-proof", &ctx.files.degree)] {
        if complete || rng.chance(50) {
            let at = rng.instant(cal.open, end);
            t.document(c.id, kind, file, c.account, at, None);
        }
    }
    if c.has_teaching_qualification && rng.chance(60) {
        let at = rng.instant(cal.open, end);
        t.document(c.id, "certificate", &ctx.files.certificate, c.account, at, None);
    }
    let country = COUNTRIES.get(c.country).ok_or_else(|| AppError::Internal("demo: no country".into()))?;
    let (given, family) = names(country.names);
    let (named, received) = if c.was == ApplicationStatus::Draft {
        let n = [0, 1, 2, 2, 2][rng.below(5)];
        (n, (0..n).filter(|_| rng.chance(55)).count())
    } else if rng.chance(3) {
        // A spare referee whose letter never came: two letters were enough.
        (3, 2)
    } else {
        (2, 2)
    };
    for (k, letter) in ctx.files.letters.iter().enumerate().take(named) {
        let id = next_id(&t.referees);
        let family_name = pick_str(rng, family);
        let name = format!("{} {} {}", pick_str(rng, data::REFEREE_TITLES), pick_str(rng, given), family_name);
        let email = referee_email(rng, family_name, id);
        let invited = rng.instant(cal.open, cal.open + (end - cal.open) * 0.6);
        let got = (k < received).then(|| rng.instant(invited + Duration::hours(6), end));
        let reminded = (got.is_none() && invited + Duration::days(7) <= BASE_TIME).then(|| invited + Duration::days(7));
        let token = security::digest(&format!("demo-referee:{}:{id}", ctx.seed));
        t.referees.push(seed::Referee {
            id,
            application_id: c.id,
            name,
            email,
            token_hash: token,
            invited_at: invited,
            reminded_at: reminded,
            received_at: got,
        });
        if let Some(at) = got {
            t.document(c.id, "reference-letter", letter, None, at, Some(id));
        }
    }
    Ok(())
}

/// Reviewers and their scores: none yet, some, or all for an application in screening; two
/// scored for one screening has decided.
fn screening(
    rng: &mut Rng,
    ctx: &Context<'_>,
    c: &Candidate,
    t: &mut SelectionTables,
    once: &mut Once,
) -> AppResult<()> {
    use ApplicationStatus as S;
    let Some(submitted) = c.submitted_at else { return Ok(()) };
    let staff = ctx.staff_of.get((c.mission - 1) as usize).cloned().unwrap_or_default();
    let Some(&head) = staff.first() else { return Ok(()) };
    let rubric = &ctx.rules.screening;
    let remark = |rng: &mut Rng| rng.chance(40).then(|| pick_str(rng, data::SCREENING_REMARKS));
    let mut order = staff.clone();
    rng.shuffle(&mut order);
    if c.was == S::Submitted {
        let latest = BASE_TIME - Duration::hours(1);
        let assigned_at =
            |rng: &mut Rng| submitted.max(rng.instant(submitted, submitted + Duration::days(3)).min(latest));
        if !once.conflict && c.mission == 1 && c.status == S::Submitted && staff.len() >= 3 {
            // The demo reviewer taught this applicant: they declared it, and the desk asked a
            // third colleague instead.
            once.conflict = true;
            let first = assigned_at(rng);
            t.review(c.id, REVIEWER_ID, head, first, Some("I taught this applicant at university."), None);
            let (m, s) = marks(rng, rubric, c.quality)?;
            t.review(c.id, head, head, first, None, Some((m, s, remark(rng), rng.instant(first, BASE_TIME))));
            let third = staff.iter().copied().find(|&u| u != head && u != REVIEWER_ID).unwrap_or(head);
            t.review(c.id, third, head, rng.instant(first, BASE_TIME), None, None);
            return Ok(());
        }
        let (assigned, scored) = match rng.below(100) {
            0..20 => (0, 0),
            20..45 => (2, 0),
            45..70 => (2, 1),
            _ => (2, 2),
        };
        let disagree = scored == 2 && rng.chance(25);
        for (k, &reviewer) in order.iter().take(assigned).enumerate() {
            let when = assigned_at(rng);
            let q = if disagree && k == 1 {
                if c.quality > 3.0 { c.quality - 2.2 } else { c.quality + 2.2 }
            } else {
                c.quality + rng.between(-0.3, 0.3)
            };
            let score = if k < scored {
                let (m, s) = marks(rng, rubric, q)?;
                Some((m, s, remark(rng), rng.instant(when, BASE_TIME)))
            } else {
                None
            };
            t.review(c.id, reviewer, head, when, None, score);
        }
    } else if c.was != S::Draft {
        let screen =
            if c.was == S::ScreenedOut { c.quality } else { (c.quality + rng.between(-0.4, 0.4)).clamp(3.1, 4.9) };
        for &reviewer in order.iter().take(2) {
            let when = rng.instant(submitted, submitted + Duration::days(4));
            let q = screen + rng.between(-0.2, 0.2);
            let (m, s) = marks(rng, rubric, q)?;
            let scored_at = rng.instant(when, c.screened_at - Duration::hours(2));
            t.review(c.id, reviewer, head, when, None, Some((m, s, remark(rng), scored_at)));
        }
    }
    Ok(())
}

/// Everything after screening: scorecards and the written test, the decision, the reply and the
/// clearance documents, and a withdrawal or disqualification with its reason.
fn selection(
    rng: &mut Rng,
    ctx: &Context<'_>,
    c: &Candidate,
    t: &mut SelectionTables,
    once: &mut Once,
) -> AppResult<Decided> {
    use ApplicationStatus as S;
    let cal = ctx.calendars.get(c.country).ok_or_else(|| AppError::Internal("demo: no year".into()))?;
    let staff = ctx.staff_of.get((c.mission - 1) as usize).cloned().unwrap_or_default();
    let mut last = match c.was {
        S::Draft => c.last_saved,
        S::Submitted => c.submitted_at.unwrap_or(c.last_saved),
        _ => c.screened_at,
    };
    let mut out =
        Decided { status_reason: None, written_test: None, replied_at: None, updated_at: last, final_score: None };

    // The interview: one to three of the panel's scorecards, and for some a written test.
    if let (true, Some((starts, minutes))) = (interviewed(c.was), c.interview) {
        let cards = if c.was == S::Interviewed {
            1 + rng.below(3)
        } else if rng.chance(80) {
            3
        } else {
            2
        };
        let mut panel = staff.clone();
        rng.shuffle(&mut panel);
        let ends = starts + Duration::minutes(minutes);
        let mut scores = Vec::new();
        for &member in panel.iter().take(cards) {
            let q = c.quality + rng.between(-0.3, 0.3);
            let (m, s) = marks(rng, &ctx.rules.interview, q)?;
            let remarks = rng.chance(50).then(|| pick_str(rng, data::INTERVIEW_REMARKS));
            let id = next_id(&t.scorecards);
            let scored_at = rng.instant(ends, ends + Duration::hours(3));
            t.scorecards.push(seed::InterviewScorecard {
                id,
                application_id: c.id,
                panel_member_id: member,
                scores_json: m,
                score: s,
                remarks: remarks.map(str::to_owned),
                scored_at,
            });
            scores.push(s);
        }
        if rng.chance(if c.position == Position::Cir { 85 } else { 30 }) {
            out.written_test = Some((c.quality * 18.0 + rng.between(-12.0, 12.0)).clamp(15.0, 100.0).round() as i64);
        }
        let mean = rules::agreement(&scores, f64::MAX).mean;
        out.final_score = mean.map(|m| rules::final_score(m, out.written_test, ctx.rules.interview_share_percent));
        last = ends;
    }

    // The decision, by the year's results date, and the reply before its deadline.
    if decided(c.was) {
        last = at(cal.results_by, 10)? - Duration::days(rng.below(7) as i64);
    }
    if replied(c.was) {
        let replied_at = rng.instant(last + Duration::days(1), cal.reply_deadline - Duration::hours(1));
        out.replied_at = Some(replied_at);
        last = replied_at;
    }

    // Clearance documents: due some weeks after accepting; all in for the cleared.
    let mut missing: Vec<&str> = Vec::new();
    let mut due = last;
    if matches!(c.was, S::Accepted | S::Cleared) {
        let replied_at = out.replied_at.unwrap_or(last);
        let overdue = !once.overdue && c.status == S::Accepted && c.mission == 1;
        once.overdue |= overdue;
        due = if overdue {
            BASE_TIME - Duration::days(1)
        } else {
            replied_at + Duration::days(i64::from(ctx.rules.clearance_days))
        };
        let chance = match c.status {
            S::Accepted => 55,
            _ => 40,
        };
        let mut received: Vec<bool> =
            CLEARANCE_KINDS.iter().map(|_| c.was == S::Cleared || rng.chance(chance)).collect();
        if c.was != S::Cleared
            && received.iter().all(|r| *r)
            && let Some(r) = received.last_mut()
        {
            *r = false;
        }
        for ((kind, file), got) in CLEARANCE_KINDS.iter().zip(&ctx.files.clearance).zip(received) {
            let (document, received_at) = if got {
                let at = if overdue {
                    due - Duration::days(2 + rng.below(9) as i64)
                } else {
                    rng.instant(replied_at + Duration::days(3), replied_at + Duration::days(40))
                };
                last = last.max(at);
                (Some(t.document(c.id, kind, file, c.account, at, None)), Some(at))
            } else {
                missing.push(kind);
                (None, None)
            };
            let reminded = (received_at.is_none() && overdue).then(|| due - Duration::days(3));
            let id = next_id(&t.clearance);
            t.clearance.push(seed::ClearanceItem {
                id,
                application_id: c.id,
                kind: (*kind).into(),
                due_at: due,
                document_id: document,
                received_at,
                reminded_at: reminded,
            });
        }
    }

    match c.status {
        S::ScreenedOut => out.status_reason = Some(pick_str(rng, data::SCREEN_OUT_REASONS).to_owned()),
        S::Declined => out.status_reason = rng.chance(70).then(|| pick_str(rng, data::DECLINE_REASONS).to_owned()),
        S::Withdrawn => {
            last = rng.instant(last + Duration::days(1), last + Duration::days(12));
            out.status_reason = Some(pick_str(rng, data::WITHDRAWAL_REASONS).to_owned());
        }
        S::Disqualified if c.was == S::Accepted && !missing.is_empty() => {
            last = rng.instant(due + Duration::days(1), due + Duration::days(6));
            out.status_reason = Some(format!("missed-deadline: {} not received by {}", missing.join(", "), due.date()));
        }
        S::Disqualified => {
            last = rng.instant(last + Duration::days(3), last + Duration::days(20));
            out.status_reason = Some(format!("false-statement: {}", pick_str(rng, data::FALSE_STATEMENTS)));
        }
        _ => {}
    }
    out.updated_at = last;
    Ok(out)
}

/// The findings of the eligibility rules on a submitted form, as the submission records them.
fn findings_json(ctx: &Context<'_>, c: &Candidate, t: &Translator) -> AppResult<String> {
    let country = COUNTRIES.get(c.country).ok_or_else(|| AppError::Internal("demo: no country".into()))?;
    let cal = ctx.calendars.get(c.country).ok_or_else(|| AppError::Internal("demo: no year".into()))?;
    let arrival = cal.groups.get(c.group).map_or(cal.orientation, |g| g.1);
    let code = CountryCode::parse(country.code)?;
    let rules = eligibility_rules(country);
    let f = &c.facts;
    let periods = |list: &[(Date, Date)]| list.iter().map(|(a, b)| Period::new(*a, *b)).collect::<Result<Vec<_>, _>>();
    let facts = ApplicantFacts {
        nationality: code,
        also_japanese: f.also_japanese,
        position: c.position,
        qualifications: vec![if f.teacher_training {
            Qualification::TeacherTraining3Year { awarded: f.awarded }
        } else {
            Qualification::Bachelor { awarded: f.awarded }
        }],
        previous_participations: periods(&f.previous)?,
        residence_in_japan: periods(&f.residence)?,
        declined_placement_last_year_without_reason: false,
        jlpt: f.jlpt,
        japanese_self_assessment: f.self_assessment,
    };
    let views: Vec<FindingView> = eligibility::check(&rules, code, arrival, &facts)
        .iter()
        .map(|finding| FindingView {
            rule: finding.rule.as_str(),
            rule_name: t.t(finding.rule.message_key()),
            severity: if finding.is_blocking() { "ineligible" } else { "condition" },
            message: t.t_args(
                finding.key,
                &finding.args.iter().map(|(k, v)| (*k, app::i18n::Arg::from(v.as_str()))).collect::<Vec<_>>(),
            ),
        })
        .collect();
    serde_json::to_string(&views).map_err(|e| AppError::Internal(e.to_string()))
}

/// All the selection's rows for the candidates, and the applications' own rows (alternates
/// ranked 1..n per mission and position by their final score).
fn selection_rows(rng: &mut Rng, ctx: &Context<'_>, candidates: &mut [Candidate], rows: &mut Rows) -> AppResult<()> {
    let mut t = SelectionTables::default();
    interview_slots(rng, ctx, candidates, &mut t.slots)?;
    let mut once = Once::default();
    let mut outcomes = Vec::with_capacity(candidates.len());
    for c in candidates.iter() {
        documents_and_referees(rng, ctx, c, &mut t)?;
        screening(rng, ctx, c, &mut t, &mut once)?;
        outcomes.push(selection(rng, ctx, c, &mut t, &mut once)?);
    }
    let mut alternates: std::collections::BTreeMap<(i64, usize), Vec<(f64, usize)>> = Default::default();
    for (i, (c, o)) in candidates.iter().zip(&outcomes).enumerate() {
        if c.status == ApplicationStatus::Alternate {
            alternates
                .entry((c.mission, position_index(c.position)))
                .or_default()
                .push((o.final_score.unwrap_or(0.0), i));
        }
    }
    let mut ranks = vec![None; candidates.len()];
    for list in alternates.values_mut() {
        list.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal).then(a.1.cmp(&b.1)));
        for (rank, (_, i)) in list.iter().enumerate() {
            if let Some(r) = ranks.get_mut(*i) {
                *r = Some(rank as i64 + 1);
            }
        }
    }
    let translator = Translator::new(Language::En);
    for ((c, o), rank) in candidates.iter_mut().zip(outcomes).zip(ranks) {
        let findings = if c.was == ApplicationStatus::Draft { None } else { Some(findings_json(ctx, c, &translator)?) };
        let year = ctx.year_ids.get(c.country).copied().unwrap_or(1);
        rows.applications.push(seed::Application {
            id: c.id,
            reference: c.reference.clone(),
            person_id: c.person,
            programme_year_id: year,
            mission_id: c.mission,
            position: c.position.as_str().into(),
            status: c.status.as_str().into(),
            submitted_at: c.submitted_at,
            updated_at: o.updated_at,
            // Moved, not copied: the forms are the year's largest text, and nothing reads a
            // candidate's form after its row is made.
            form_json: std::mem::take(&mut c.form),
            status_reason: o.status_reason,
            eligibility_json: findings,
            written_test_score: o.written_test,
            alternate_rank: rank,
            replied_at: o.replied_at,
        });
    }
    let SelectionTables { referees, documents, reviews, slots, scorecards, clearance } = t;
    rows.referees = referees;
    rows.documents = documents;
    rows.screening_reviews = reviews;
    rows.interview_slots = slots;
    rows.interview_scorecards = scorecards;
    rows.clearance_items = clearance;
    Ok(())
}

// ----- The year, part by part -----

/// The recruiting countries with their missions, interview venues and programme years (last
/// year's, closed, and the recruiting year's, selecting), and where each mission is.
struct Programme {
    /// Mission ids by country index.
    mission_ids: Vec<Vec<i64>>,
    /// "City: venue" of each mission's interview locations, by mission id - 1.
    mission_locations: Vec<Vec<String>>,
    /// The country index of each mission, by mission id - 1.
    mission_country: Vec<usize>,
    /// The recruiting year's calendar of each country.
    calendars: Vec<Calendar>,
    /// The recruiting year's id of each country.
    recruiting_year_of: Vec<i64>,
}

/// The positions of the extra cleared candidates (the placement benchmark's scale), by country.
fn extra_cleared_positions(extra: u32) -> Vec<Vec<Position>> {
    let participant_shares: Vec<u32> = COUNTRIES.iter().map(|c| c.participants).collect();
    COUNTRIES.iter().zip(apportion(extra, &participant_shares)).map(|(country, n)| positions_of(country, n)).collect()
}

/// Countries, missions, interview locations, programme years and departure groups. The
/// recruiting year's plan holds the extra cleared candidates and the demo's own cleared
/// applicant (a US ALT).
fn countries_and_missions(rows: &mut Rows, extra_cleared: &[Vec<Position>]) -> AppResult<Programme> {
    let mut programme = Programme {
        mission_ids: Vec::new(),
        mission_locations: Vec::new(),
        mission_country: Vec::new(),
        calendars: Vec::new(),
        recruiting_year_of: Vec::new(),
    };
    for (ci, country) in COUNTRIES.iter().enumerate() {
        rows.countries.push(seed::Country {
            code: country.code.into(),
            name_en: country.name_en.into(),
            name_ja: country.name_ja.into(),
            name_ko: country.name_ko.into(),
            time_zone: country.time_zone.into(),
        });
        let mut ids = Vec::new();
        for &(kind, city_en, city_ja) in country.missions {
            let id = next_id(&rows.missions);
            let (name_en, name_ja) = if kind == "embassy" {
                (
                    format!("Embassy of Japan in {}{}", the(country.name_en), country.name_en),
                    format!("在{}日本国大使館", country.name_ja),
                )
            } else {
                (format!("Consulate-General of Japan in {city_en}"), format!("在{city_ja}日本国総領事館"))
            };
            let email = format!("jet.{}.{}@mofa.example.jp", country.code.to_lowercase(), id);
            rows.missions.push(seed::Mission {
                id,
                country_code: country.code.into(),
                kind: kind.into(),
                city: city_en.into(),
                name_en: name_en.clone(),
                name_ja,
                email,
            });
            let mut venues = vec![name_en];
            if country.participants > 300 {
                venues.push(format!("{city_en} University Conference Centre"));
            }
            for venue in &venues {
                let location = next_id(&rows.interview_locations);
                rows.interview_locations.push(seed::InterviewLocation {
                    id: location,
                    mission_id: id,
                    city: city_en.into(),
                    venue: venue.clone(),
                });
            }
            // As the form offers them (`open_years`): "city: venue".
            programme.mission_locations.push(venues.iter().map(|v| format!("{city_en}: {v}")).collect());
            programme.mission_country.push(ci);
            ids.push(id);
        }
        programme.mission_ids.push(ids);
        let closed = next_id(&rows.programme_years);
        let past = calendar(country, RECRUITING_YEAR - 1)?;
        rows.programme_years.push(year_row(closed, country, RECRUITING_YEAR - 1, "closed", &past, None));
        add_groups(&mut rows.departure_groups, closed, &past);
        let open = next_id(&rows.programme_years);
        let mut cal = calendar(country, RECRUITING_YEAR)?;
        for position in extra_cleared.get(ci).into_iter().flatten() {
            cal.places[position_index(*position)] += 1;
        }
        if ci == 0 {
            cal.places[position_index(Position::Alt)] += 1;
        }
        // The default rubric everywhere; the United Kingdom screens blind.
        let selection = SelectionRules { blind_screening: country.code == "GB", ..SelectionRules::default() };
        let selection = serde_json::to_string(&selection).map_err(|e| AppError::Internal(e.to_string()))?;
        rows.programme_years.push(year_row(open, country, RECRUITING_YEAR, "selecting", &cal, Some(selection)));
        add_groups(&mut rows.departure_groups, open, &cal);
        programme.calendars.push(cal);
        programme.recruiting_year_of.push(open);
    }
    Ok(programme)
}

/// Participants being appointed: each gets the next JET number of their arrival year and, unless
/// given one, a contracting organisation drawn by how many of their position it employs.
struct Appointments<'o> {
    orgs: &'o [Organisation],
    /// Organisations weighted for each position, in the order of `Position::ALL`.
    by_position: Vec<Weighted>,
    mission_ids: &'o [Vec<i64>],
    /// The last JET number's serial of each arrival year.
    serials: std::collections::HashMap<i32, u32>,
    rows: Vec<seed::Participant>,
}

impl<'o> Appointments<'o> {
    fn new(orgs: &'o [Organisation], mission_ids: &'o [Vec<i64>]) -> Appointments<'o> {
        let by_position = Position::ALL.iter().map(|&p| Weighted::new(orgs.iter().map(|o| o.weight(p)))).collect();
        Appointments { orgs, by_position, mission_ids, serials: Default::default(), rows: Vec::new() }
    }

    #[allow(clippy::too_many_arguments)]
    fn appoint(
        &mut self,
        rng: &mut Rng,
        person: &Person<'_>,
        country_index: usize,
        position: Position,
        arrival_year: i32,
        appointment_year: i64,
        status: &str,
        organisation: Option<i64>,
    ) -> AppResult<()> {
        let org = match organisation {
            Some(o) => o,
            None => self.by_position[Position::ALL.iter().position(|&p| p == position).unwrap_or(0)]
                .pick(rng)
                .and_then(|i| self.orgs.get(i))
                .map(|o| o.id)
                .unwrap_or(1),
        };
        let serial = self.serials.entry(arrival_year).or_insert(0);
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
        let mission = rng.pick(&self.mission_ids[country_index]).copied().unwrap_or(1);
        let id = next_id(&self.rows);
        self.rows.push(seed::Participant {
            id,
            jet_number: jet.as_str().into(),
            person_id: person.id,
            position: position.as_str().into(),
            organisation_id: org,
            mission_id: mission,
            arrival_date: arrival,
            appointment_year,
            status: status.into(),
        });
        Ok(())
    }
}

/// About 6,000 serving participants in their first to fifth year, and the alumni: earlier
/// participants whose appointment ended.
fn serving_and_alumni(
    rng: &mut Rng,
    people: &mut Vec<seed::Person>,
    appointments: &mut Appointments<'_>,
    shares: &[u32],
) -> AppResult<()> {
    let years_weights = Weighted::new([40, 28, 20, 7, 5]);
    for (ci, (country, &n)) in COUNTRIES.iter().zip(shares).enumerate() {
        for position in positions_of(country, n) {
            let year = years_weights.pick(rng).unwrap_or(0) as i64 + 1;
            let person = new_person(rng, people, country, 1990, None);
            appointments.appoint(
                rng,
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
    for (ci, (country, &n)) in COUNTRIES.iter().zip(&apportion(ALUMNI, shares)).enumerate() {
        for position in positions_of(country, n) {
            let person = new_person(rng, people, country, 1985, None);
            let status = if rng.chance(6) { "left-early" } else { "completed" };
            let (arrival, year) = (2016 + rng.below(6) as i32, 1 + rng.below(5) as i64);
            appointments.appoint(rng, &person, ci, position, arrival, year, status, None)?;
        }
    }
    Ok(())
}

/// Applications for the recruiting year, in every state of the lifecycle; the places taken
/// (short-listed, accepted, cleared) stay within each year's plan.
fn applications_in_every_state(
    rng: &mut Rng,
    ctx: &Context<'_>,
    people: &mut Vec<seed::Person>,
    shares: &[u32],
    mission_ids: &[Vec<i64>],
) -> AppResult<Vec<Candidate>> {
    let status_weights = Weighted::new([8, 10, 12, 10, 8, 10, 6, 14, 6, 3, 6, 2, 5]);
    let mut candidates: Vec<Candidate> = Vec::with_capacity(APPLICATIONS as usize + 1);
    let mut taken = vec![[0i64; 3]; COUNTRIES.len()];
    for (ci, (country, &n)) in COUNTRIES.iter().zip(&apportion(APPLICATIONS, shares)).enumerate() {
        for (serial, position) in positions_of(country, n).into_iter().enumerate() {
            let person = new_person(rng, people, country, 1996, None);
            let mut status =
                ApplicationStatus::ALL[status_weights.pick(rng).unwrap_or(0).min(ApplicationStatus::ALL.len() - 1)];
            if holds_place(status) {
                let p = position_index(position);
                let planned = ctx.calendars.get(ci).map_or(0, |c| c.places[p]);
                match taken.get_mut(ci).and_then(|t| t.get_mut(p)) {
                    Some(t) if *t < planned => *t += 1,
                    _ => status = ApplicationStatus::Alternate,
                }
            }
            let mission = rng.pick(&mission_ids[ci]).copied().unwrap_or(1);
            let id = candidates.len() as i64 + 1;
            candidates.push(candidate(rng, ctx, id, &person, ci, mission, position, status, serial + 1, None)?);
        }
    }
    Ok(candidates)
}

/// The people behind the demo's personal accounts.
struct DemoPeople {
    participant: i64,
    alumnus: i64,
    applicant: i64,
    cleared: i64,
}

/// The records the demo's personal accounts stand for: a serving US ALT at Hyogo's board of
/// education, an alumnus, the applicant invited to interview at the US embassy (with slots free
/// to book); then the benchmark's extra cleared candidates, and the demo's cleared applicant,
/// who put Hyogo first.
#[allow(clippy::too_many_arguments)]
fn demo_people(
    rng: &mut Rng,
    ctx: &Context<'_>,
    people: &mut Vec<seed::Person>,
    appointments: &mut Appointments<'_>,
    candidates: &mut Vec<Candidate>,
    mission_ids: &[Vec<i64>],
    extra_cleared: &[Vec<Position>],
    hyogo_board: i64,
) -> AppResult<DemoPeople> {
    let usa = 0;
    let usa_mission = mission_ids[usa].first().copied().unwrap_or(1);
    let participant = new_person(rng, people, &COUNTRIES[usa], 1998, Some(account_email(Role::Participant)));
    appointments.appoint(rng, &participant, usa, Position::Alt, CURRENT_YEAR - 1, 2, "serving", Some(hyogo_board))?;
    let alumnus = new_person(rng, people, &COUNTRIES[1], 1990, Some(account_email(Role::Alumnus)));
    appointments.appoint(rng, &alumnus, 1, Position::Cir, 2019, 3, "completed", None)?;
    let applicant = new_person(rng, people, &COUNTRIES[usa], 1998, Some(account_email(Role::Applicant)));
    let id = candidates.len() as i64 + 1;
    candidates.push(candidate(
        rng,
        ctx,
        id,
        &applicant,
        usa,
        usa_mission,
        Position::Alt,
        ApplicationStatus::InvitedToInterview,
        90_001,
        Some(account_id(Role::Applicant)),
    )?);
    for (ci, positions) in extra_cleared.iter().enumerate() {
        for (serial, &position) in positions.iter().enumerate() {
            let person = new_person(rng, people, &COUNTRIES[ci], 1996, None);
            let mission = rng.pick(&mission_ids[ci]).copied().unwrap_or(1);
            let id = candidates.len() as i64 + 1;
            let status = ApplicationStatus::Cleared;
            candidates.push(candidate(rng, ctx, id, &person, ci, mission, position, status, 50_001 + serial, None)?);
        }
    }
    let cleared = new_person(rng, people, &COUNTRIES[usa], 1997, Some(cleared_email()));
    let id = candidates.len() as i64 + 1;
    let mut cleared_candidate = candidate(
        rng,
        ctx,
        id,
        &cleared,
        usa,
        usa_mission,
        Position::Alt,
        ApplicationStatus::Cleared,
        90_002,
        Some(CLEARED_ID),
    )?;
    state_hyogo_first(&mut cleared_candidate.form);
    candidates.push(cleared_candidate);
    Ok(DemoPeople { participant: participant.id, alumnus: alumnus.id, applicant: applicant.id, cleared: cleared.id })
}

/// The demo's accounts: one per role, then the US embassy's second reviewer, the Hyogo city's
/// supervisor and the cleared applicant, each with its role.
fn demo_accounts(
    rows: &mut Rows,
    who: &DemoPeople,
    usa_mission: i64,
    hyogo_board: i64,
    town_org: i64,
) -> AppResult<()> {
    let hyogo = PrefectureCode::new(28)?;
    let translator = Translator::new(Language::En);
    for role in Role::ALL {
        let (unit, person) = match role {
            Role::MissionStaff => (Unit::Mission(MissionId(usa_mission)), None),
            Role::CoSupervisor => (Unit::Organisation(OrganisationId(hyogo_board)), None),
            Role::PrefecturalAdvisor => (Unit::Prefecture(hyogo), None),
            Role::CompanyRecruiter => (Unit::Company(CompanyId(1)), None),
            Role::Participant => (Unit::None, Some(PersonId(who.participant))),
            Role::Alumnus => (Unit::None, Some(PersonId(who.alumnus))),
            Role::Applicant => (Unit::None, Some(PersonId(who.applicant))),
            Role::ClairStaff | Role::SystemAdministrator => (Unit::None, None),
        };
        let display_name = format!("Demo {}", translator.t(role.message_key()));
        let language =
            if role == Role::CoSupervisor || role == Role::PrefecturalAdvisor { Language::Ja } else { Language::En };
        let id = account_id(role);
        let email = Email::parse(&account_email(role))?;
        rows.users.push(user_row(id, email.as_str().into(), display_name, language, person.map(|p| p.0), BASE_TIME));
        grant_row(&mut rows.role_grants, id, &RoleGrant::new(role, unit)?, BASE_TIME);
    }
    for (id, email, name, language, person, grant) in [
        (
            TOWN_ID,
            town_email(),
            "Demo Town Supervisor",
            Language::Ja,
            None,
            RoleGrant::new(Role::CoSupervisor, Unit::Organisation(OrganisationId(town_org)))?,
        ),
        (
            CLEARED_ID,
            cleared_email(),
            "Demo Cleared Candidate",
            Language::En,
            Some(who.cleared),
            RoleGrant::new(Role::Applicant, Unit::None)?,
        ),
    ] {
        let email = Email::parse(&email)?;
        rows.users.push(user_row(id, email.as_str().into(), name.into(), language, person, BASE_TIME));
        grant_row(&mut rows.role_grants, id, &grant, BASE_TIME);
    }
    let reviewer = Email::parse(&reviewer_email())?;
    rows.users.push(user_row(
        REVIEWER_ID,
        reviewer.as_str().into(),
        "Demo Reviewer".into(),
        Language::En,
        None,
        BASE_TIME,
    ));
    let grant = RoleGrant::new(Role::MissionStaff, Unit::Mission(MissionId(usa_mission)))?;
    grant_row(&mut rows.role_grants, REVIEWER_ID, &grant, BASE_TIME);
    Ok(())
}

/// The contracting organisations and the companies as rows.
fn organisation_and_company_rows(rows: &mut Rows, orgs: &[Organisation]) {
    rows.organisations = orgs
        .iter()
        .map(|o| seed::Organisation {
            id: o.id,
            kind: o.kind.as_str().into(),
            name_en: o.name_en.clone(),
            name_ja: o.name_ja.clone(),
            lg_code: o.lg_code.clone(),
            prefecture_code: o.prefecture,
            parent_id: o.parent,
        })
        .collect();
    rows.companies = COMPANIES
        .iter()
        .enumerate()
        .map(|(i, (name, country, site))| seed::Company {
            id: i as i64 + 1,
            name: (*name).into(),
            country_code: country.map(str::to_owned),
            website: (*site).into(),
        })
        .collect();
}

/// The whole year for a seed, as rows: the same options give the same rows.
pub(crate) fn generate(options: &DemoOptions, reference: &[LocalGovernment]) -> AppResult<Rows> {
    let mut rows = Rows::default();
    let extra_cleared = extra_cleared_positions(options.extra_cleared);
    let mut rng = Rng(options.seed ^ 0x4A45_545F_4B4B_4853);
    let programme = countries_and_missions(&mut rows, &extra_cleared)?;
    let orgs = organisations(&mut rng, reference);
    let shares = apportion(6_000, &COUNTRIES.iter().map(|c| c.participants).collect::<Vec<_>>());
    let mut appointments = Appointments::new(&orgs, &programme.mission_ids);
    serving_and_alumni(&mut rng, &mut rows.people, &mut appointments, &shares)?;

    // The missions' desks: reviewers and interview panels.
    let staff_of = mission_staff(&mut rng, &mut rows.users, &mut rows.role_grants, &programme.mission_ids)?;
    let ctx = Context {
        seed: options.seed,
        municipalities: reference.iter().filter(|r| r.kind != LocalGovernmentKind::Prefecture).collect(),
        calendars: programme.calendars,
        year_ids: programme.recruiting_year_of,
        locations: programme.mission_locations,
        mission_country: programme.mission_country,
        staff_of,
        rules: SelectionRules::default(),
        files: Files::new(),
    };
    let mut candidates =
        applications_in_every_state(&mut rng, &ctx, &mut rows.people, &shares, &programme.mission_ids)?;
    let hyogo_board = orgs
        .iter()
        .find(|o| o.prefecture == 28 && o.kind == OrganisationKind::BoardOfEducation && o.parent.is_none())
        .map(|o| o.id)
        .unwrap_or(1);
    let who = demo_people(
        &mut rng,
        &ctx,
        &mut rows.people,
        &mut appointments,
        &mut candidates,
        &programme.mission_ids,
        &extra_cleared,
        hyogo_board,
    )?;
    pair_partners(&mut rng, &mut candidates);
    selection_rows(&mut rng, &ctx, &mut candidates, &mut rows)?;
    let mut cleared_by_position = [0i64; 3];
    for c in candidates.iter().filter(|c| c.status == ApplicationStatus::Cleared) {
        cleared_by_position[position_index(c.position)] += 1;
    }
    drop(candidates);

    // Placement: the organisations' requests; a city in Hyogo that has none yet writes one.
    let town_org = orgs
        .iter()
        .find(|o| {
            o.prefecture == 28
                && o.kind == OrganisationKind::City
                && !domain::geography::DESIGNATED_CITIES.contains(&o.lg_code.as_str())
        })
        .map(|o| o.id)
        .unwrap_or(1);
    rows.placement_requests =
        placing::requests(&mut rng, &orgs, cleared_by_position, town_org, account_id(Role::CoSupervisor));

    let usa_mission = programme.mission_ids[0].first().copied().unwrap_or(1);
    demo_accounts(&mut rows, &who, usa_mission, hyogo_board, town_org)?;
    rows.participants = appointments.rows;
    organisation_and_company_rows(&mut rows, &orgs);
    Ok(rows)
}

/// The ids of the accounts whose password hashes `hash_passwords` returns, in its order.
pub(crate) fn account_ids() -> impl Iterator<Item = i64> {
    Role::ALL.into_iter().map(account_id).chain([REVIEWER_ID, TOWN_ID, CLEARED_ID])
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

    #[test]
    fn the_demo_documents_are_small_valid_pdfs_with_a_correct_cross_reference() {
        let files = Files::new();
        let all: Vec<&DemoFile> = [&files.transcript, &files.degree, &files.certificate]
            .into_iter()
            .chain(&files.letters)
            .chain(&files.clearance)
            .collect();
        let mut hashes: Vec<&str> = all.iter().map(|f| f.sha256.as_str()).collect();
        hashes.sort();
        hashes.dedup();
        assert_eq!(hashes.len(), all.len(), "no two kinds share bytes (an application holds each once)");
        for file in all {
            assert_eq!(app::applying::sniff(&file.bytes), Some("application/pdf"));
            assert!(file.bytes.len() < 1_000, "{}", file.bytes.len());
            let text = String::from_utf8(file.bytes.to_vec()).unwrap();
            let xref: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
            assert!(text[xref..].starts_with("xref\n"));
            for (n, line) in text[xref..].lines().skip(3).take(5).enumerate() {
                let offset: usize = line[..10].parse().unwrap();
                assert!(text[offset..].starts_with(&format!("{} 0 obj", n + 1)), "object {}", n + 1);
            }
        }
    }
}
