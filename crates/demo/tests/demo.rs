//! The demo programme year: deterministic for a seed, different for another, with every state of
//! the application lifecycle and a distribution like the real programme's; every application holds
//! what its state implies (form, documents, reviews, slot, scorecards, rank, reply, clearance), and
//! the whole demo survives an export and an import.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use app::applying::{FieldKind, SECTIONS, missing_with_documents};
use app::{App, AppConfig};
use demo::DemoOptions;
use domain::eligibility::{self, ApplicantFacts, EligibilityRules, Jlpt, Period, Qualification};
use domain::lifecycle::Lifecycle;
use domain::selection::SelectionRules;
use domain::{CountryCode, Position};
use serde_json::Value as Json;
use std::collections::{HashMap, HashSet};
use store::test_sql::{RawSql, query};
use store::{Backend, transfer};
use testkit::TestDatabase;
use time::macros::{datetime, format_description};
use time::{Date, OffsetDateTime};

const TABLES_OF_RECORDS: [&str; 15] = [
    "countries",
    "missions",
    "interview_locations",
    "programme_years",
    "contracting_organisations",
    "people",
    "participants",
    "role_grants",
    "applications",
    "referees",
    "documents",
    "screening_reviews",
    "interview_slots",
    "interview_scorecards",
    "clearance_items",
];

/// The demo's own records in a database, as export lines (accounts and audit left out: password
/// hashes are salted and the audit record carries the time of the build).
async fn records_of(seed: u64) -> (Vec<String>, App, TestDatabase) {
    let (db, store) = TestDatabase::migrated(Backend::Sqlite).await;
    let app = App::new(store, AppConfig::default());
    demo::load(&app, &DemoOptions { seed, password: "demo password 123".into(), extra_cleared: 0 }).await.unwrap();
    let mut out = Vec::new();
    transfer::export(&app.store, &mut out).await.unwrap();
    let mut keep = false;
    let lines = String::from_utf8(out)
        .unwrap()
        .lines()
        .filter(|line| {
            if line.starts_with("{\"columns\"") {
                keep = TABLES_OF_RECORDS.iter().any(|t| line.contains(&format!("\"table\":\"{t}\"")));
            }
            keep
        })
        .map(str::to_owned)
        .collect();
    (lines, app, db)
}

#[tokio::test]
async fn the_same_seed_gives_the_same_year_and_another_seed_another() {
    let (first, app_a, db_a) = records_of(11).await;
    let (second, app_b, db_b) = records_of(11).await;
    let (other, app_c, db_c) = records_of(12).await;
    assert!(first.len() > 80_000, "{}", first.len());
    assert!(first == second, "the same seed must give the same records");
    assert!(first != other, "another seed gives other people");

    let mut tx = app_a.store.read().await.unwrap();
    for status in domain::ApplicationStatus::ALL {
        let n = tx
            .fetch_i64(query("SELECT COUNT(*) FROM applications WHERE status = $1").bind(status.as_str()))
            .await
            .unwrap();
        assert!(n >= 50, "applications in every state: {} has {n}", status.as_str());
    }
    let participants = tx.fetch_i64(query("SELECT COUNT(*) FROM participants WHERE status = 'serving'")).await.unwrap();
    let us = tx
        .fetch_i64(query("SELECT COUNT(*) FROM participants x JOIN people p ON p.id = x.person_id WHERE x.status = 'serving' AND p.nationality = 'US'"))
        .await
        .unwrap();
    let alt = tx
        .fetch_i64(query("SELECT COUNT(*) FROM participants WHERE status = 'serving' AND position = 'ALT'"))
        .await
        .unwrap();
    let korea_cir = tx
        .fetch_i64(query(
            "SELECT COUNT(*) FROM participants x JOIN people p ON p.id = x.person_id WHERE x.status = 'serving' AND p.nationality = 'KR' AND x.position = 'CIR'",
        ))
        .await
        .unwrap();
    assert!((5_900..6_100).contains(&participants), "about 6,000 participants: {participants}");
    assert!((40..=50).contains(&(us * 100 / participants)), "the USA sends 40-50%: {us}");
    assert!((85..=93).contains(&(alt * 100 / participants)), "about 90% ALT: {alt}");
    assert_eq!(korea_cir, 45, "Korea: 45 CIRs (JET.md)");
    let prefectures =
        tx.fetch_i64(query("SELECT COUNT(DISTINCT prefecture_code) FROM contracting_organisations")).await.unwrap();
    assert_eq!(prefectures, 47);
    drop(tx);
    for (app, db) in [(app_a, db_a), (app_b, db_b), (app_c, db_c)] {
        db.finish(app.store.clone()).await;
    }
}

/// The demo year's "now": its records up to here happened; the deadline passed for the overdue.
const DEMO_NOW: OffsetDateTime = datetime!(2026-11-01 09:00 UTC);
const INTERVIEWED_OR_LATER: [&str; 7] =
    ["interviewed", "short-listed", "alternate", "not-selected", "accepted", "declined", "cleared"];

/// A field's value as the form's own check would take it (`applying::check_field`), with places
/// checked against the reference data itself.
fn field_error(kind: FieldKind, value: &Json, municipalities: &HashSet<String>) -> Option<String> {
    let text = value.as_str();
    let date_ok = |s: &str| Date::parse(s, &format_description!("[year]-[month]-[day]")).is_ok();
    match kind {
        FieldKind::Text(max) => match text {
            Some(t) if t.chars().count() <= max && !t.chars().any(char::is_control) && !t.trim().is_empty() => None,
            _ => Some(format!("text of at most {max}: {value}")),
        },
        FieldKind::Date => (!text.is_some_and(date_ok)).then(|| format!("date: {value}")),
        FieldKind::Bool => (!value.is_boolean()).then(|| format!("bool: {value}")),
        FieldKind::Country => text.is_none_or(|t| CountryCode::parse(t).is_err()).then(|| format!("country: {value}")),
        FieldKind::Jlpt => text.is_none_or(|t| Jlpt::parse(t).is_err()).then(|| format!("JLPT: {value}")),
        FieldKind::Choice(options) => (!text.is_some_and(|t| options.contains(&t))).then(|| format!("choice: {value}")),
        FieldKind::Periods => {
            let ok = value.as_array().is_some_and(|list| {
                list.iter().all(|p| {
                    let (a, b) = (p["start"].as_str().unwrap_or(""), p["end"].as_str().unwrap_or(""));
                    date_ok(a) && date_ok(b) && a <= b
                })
            });
            (!ok).then(|| format!("periods: {value}"))
        }
        FieldKind::Places => {
            let ok = value.as_array().is_some_and(|list| {
                list.len() <= 3
                    && list.iter().all(|v| match v.as_str() {
                        Some(c) if c.len() == 2 => c.parse::<i64>().is_ok_and(|n| (1..=47).contains(&n)),
                        Some(c) => municipalities.contains(c),
                        None => false,
                    })
            });
            (!ok).then(|| format!("places: {value}"))
        }
    }
}

fn periods(form: &Json, field: &str) -> Vec<Period> {
    form["history"][field]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|p| {
                    let d = |k: &str| {
                        Date::parse(p[k].as_str().unwrap(), &format_description!("[year]-[month]-[day]")).unwrap()
                    };
                    Period::new(d("start"), d("end")).unwrap()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The facts the eligibility rules read from a form.
fn facts_of(form: &Json, position: Position) -> ApplicantFacts {
    let s = |section: &str, field: &str| form[section][field].as_str().unwrap_or("").to_owned();
    let awarded = Date::parse(&s("education", "awarded"), &format_description!("[year]-[month]-[day]")).unwrap();
    ApplicantFacts {
        nationality: CountryCode::parse(&s("personal", "nationality")).unwrap(),
        also_japanese: form["personal"]["also_japanese"].as_bool().unwrap_or(false),
        position,
        qualifications: vec![if s("education", "qualification") == "bachelor" {
            Qualification::Bachelor { awarded }
        } else {
            Qualification::TeacherTraining3Year { awarded }
        }],
        previous_participations: periods(form, "previous_participations"),
        residence_in_japan: periods(form, "residence_in_japan"),
        declined_placement_last_year_without_reason: form["history"]["declined_placement_last_year"]
            .as_bool()
            .unwrap_or(true),
        jlpt: Jlpt::parse(&s("japanese", "jlpt")).ok(),
        japanese_self_assessment: Jlpt::parse(&s("japanese", "self_assessment")).ok(),
    }
}

#[derive(sqlx::FromRow)]
struct ApplicationRow {
    id: i64,
    reference: String,
    mission_id: i64,
    programme_year_id: i64,
    position: String,
    status: String,
    form_json: String,
    status_reason: Option<String>,
    alternate_rank: Option<i64>,
    replied_at: Option<OffsetDateTime>,
    submitted_at: Option<OffsetDateTime>,
    eligibility_json: Option<String>,
    family_name: String,
    given_name: String,
}

#[derive(sqlx::FromRow)]
struct YearRow {
    id: i64,
    country_code: String,
    places_alt: i64,
    places_cir: i64,
    places_sea: i64,
    sea_offered: bool,
    interviews_from: Date,
    interviews_until: Date,
    selection_rules: Option<String>,
}

/// id, application, kind, size, SHA-256, bytes, referee.
type DocumentRow = (i64, i64, String, i64, String, Vec<u8>, Option<i64>);
/// application, kind, due, document, received.
type ClearanceRow = (i64, String, OffsetDateTime, Option<i64>, Option<OffsetDateTime>);

/// Every application holds what its state implies, and nothing its state rules out.
async fn check_consistency(app: &App) {
    let mut tx = app.store.read().await.unwrap();
    let municipalities: HashSet<String> = tx
        .fetch_all::<(String,)>(query("SELECT lg_code FROM municipalities"))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.0)
        .collect();
    let years: Vec<YearRow> = tx
        .fetch_all(query(
            "SELECT id, country_code, places_alt, places_cir, places_sea, sea_offered, interviews_from, interviews_until, selection_rules \
             FROM programme_years WHERE year = 2027",
        ))
        .await
        .unwrap();
    let year = |id: i64| years.iter().find(|y| y.id == id).unwrap();
    let groups: Vec<(i64, String, Date)> =
        tx.fetch_all(query("SELECT programme_year_id, name, arrival_date FROM departure_groups")).await.unwrap();
    let locations: HashSet<(i64, String)> = tx
        .fetch_all::<(i64, String, String)>(query("SELECT mission_id, city, venue FROM interview_locations"))
        .await
        .unwrap()
        .into_iter()
        .map(|(m, city, venue)| (m, format!("{city}: {venue}")))
        .collect();
    let staff: HashSet<(i64, i64)> = tx
        .fetch_all::<(i64, i64)>(query("SELECT user_id, mission_id FROM role_grants WHERE role = 'mission-staff'"))
        .await
        .unwrap()
        .into_iter()
        .collect();
    let applications: Vec<ApplicationRow> = tx
        .fetch_all(query(
            "SELECT a.id, a.reference, a.mission_id, a.programme_year_id, a.position, a.status, a.form_json, a.status_reason, \
             a.alternate_rank, a.replied_at, a.submitted_at, a.eligibility_json, p.family_name, p.given_name \
             FROM applications a JOIN people p ON p.id = a.person_id ORDER BY a.id",
        ))
        .await
        .unwrap();
    let documents: Vec<DocumentRow> = tx
        .fetch_all(query("SELECT id, application_id, kind, size_bytes, sha256, content, referee_id FROM documents"))
        .await
        .unwrap();
    let referees: Vec<(i64, i64, Option<OffsetDateTime>)> =
        tx.fetch_all(query("SELECT id, application_id, received_at FROM referees")).await.unwrap();
    let reviews: Vec<(i64, i64, Option<String>, Option<f64>)> = tx
        .fetch_all(query("SELECT application_id, reviewer_id, conflict_of_interest, score FROM screening_reviews"))
        .await
        .unwrap();
    let slots: Vec<(i64, i64, String, OffsetDateTime, Option<i64>)> = tx
        .fetch_all(query(
            "SELECT programme_year_id, mission_id, location, starts_at, application_id FROM interview_slots",
        ))
        .await
        .unwrap();
    let scorecards: Vec<(i64, i64, f64)> =
        tx.fetch_all(query("SELECT application_id, panel_member_id, score FROM interview_scorecards")).await.unwrap();
    let clearance: Vec<ClearanceRow> = tx
        .fetch_all(query("SELECT application_id, kind, due_at, document_id, received_at FROM clearance_items"))
        .await
        .unwrap();
    drop(tx);

    let by_id: HashMap<i64, &ApplicationRow> = applications.iter().map(|a| (a.id, a)).collect();
    let mut kinds: HashMap<i64, Vec<&str>> = HashMap::new();
    for d in &documents {
        kinds.entry(d.1).or_default().push(d.2.as_str());
        assert_eq!(d.3 as usize, d.5.len(), "document {}: size", d.0);
        assert_eq!(d.4, sha256_hex(&d.5), "document {}: checksum", d.0);
        assert_eq!(app::applying::sniff(&d.5), Some("application/pdf"), "document {}", d.0);
        assert_eq!(d.2 == "reference-letter", d.6.is_some(), "document {}: letters come from referees", d.0);
    }
    let mut drafts_complete = 0;
    let mut drafts_missing = 0;
    for a in &applications {
        let (id, reference, status) = (a.id, &a.reference, a.status.as_str());
        let position = Position::parse(&a.position).unwrap();
        let form: Json = serde_json::from_str(&a.form_json).unwrap();
        let object = form.as_object().unwrap();
        for (section, values) in object {
            let spec = SECTIONS.iter().find(|s| s.name == section).unwrap_or_else(|| panic!("{reference}: {section}"));
            for (name, value) in values.as_object().unwrap() {
                let field =
                    spec.fields.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("{reference}: {name}"));
                if let Some(e) = field_error(field.kind, value, &municipalities) {
                    panic!("{reference}: {section}.{name}: {e}");
                }
            }
        }
        assert_eq!(
            form["personal"]["family_name"].as_str(),
            Some(a.family_name.as_str()),
            "{reference}: the person's name"
        );
        assert_eq!(form["personal"]["given_name"].as_str(), Some(a.given_name.as_str()), "{reference}");
        if let Some(place) = form["logistics"]["interview_location"].as_str() {
            assert!(locations.contains(&(a.mission_id, place.to_owned())), "{reference}: interview location {place}");
        }
        if let Some(group) = form["logistics"]["departure_group"].as_str() {
            assert!(groups.iter().any(|g| g.0 == a.programme_year_id && g.1 == group), "{reference}: group {group}");
        }
        let mine = kinds.get(&id).cloned().unwrap_or_default();
        let missing = missing_with_documents(object, position, &mine);
        if status == "draft" {
            assert!(a.submitted_at.is_none(), "{reference}: a draft is not submitted");
            if missing.is_empty() {
                drafts_complete += 1;
            } else {
                drafts_missing += 1;
            }
            continue;
        }
        assert!(missing.is_empty(), "{reference} ({status}) is incomplete: {missing:?}");
        assert!(SECTIONS.iter().all(|s| object.contains_key(s.name)), "{reference}: every section");
        assert!(a.submitted_at.is_some_and(|t| t <= DEMO_NOW), "{reference}: submitted before the demo's now");
        let y = year(a.programme_year_id);
        let arrival = groups
            .iter()
            .find(|g| g.0 == a.programme_year_id && Some(g.1.as_str()) == form["logistics"]["departure_group"].as_str())
            .unwrap()
            .2;
        let rules = EligibilityRules { sea_offered: y.sea_offered, ..EligibilityRules::default() };
        let findings = eligibility::check(
            &rules,
            CountryCode::parse(&y.country_code).unwrap(),
            arrival,
            &facts_of(&form, position),
        );
        assert!(!findings.iter().any(|f| f.is_blocking()), "{reference} is not eligible: {findings:?}");
        let recorded: Vec<Json> = serde_json::from_str(a.eligibility_json.as_deref().unwrap_or("null")).unwrap();
        assert_eq!(recorded.len(), findings.len(), "{reference}: the findings recorded at submission");
        let letters = referees.iter().filter(|r| r.1 == id && r.2.is_some()).count();
        assert!(letters >= 2, "{reference}: two letters");
    }
    assert!(drafts_complete > 20 && drafts_missing > 100, "drafts: {drafts_complete} complete, {drafts_missing} not");
    assert!(
        referees.iter().filter(|r| r.2.is_none() && by_id[&r.1].status == "draft").count() > 20,
        "drafts waiting for a letter"
    );

    // Places: the short-listed, accepted and cleared stay within each year's plan.
    for y in &years {
        for (position, planned) in [("ALT", y.places_alt), ("CIR", y.places_cir), ("SEA", y.places_sea)] {
            let taken = applications
                .iter()
                .filter(|a| {
                    a.programme_year_id == y.id
                        && a.position == position
                        && matches!(a.status.as_str(), "short-listed" | "accepted" | "cleared")
                })
                .count() as i64;
            assert!(taken <= planned, "{} {position}: {taken} places taken of {planned}", y.country_code);
        }
    }
    // Alternates have ranks 1..n per mission and position; nobody else has one.
    let mut ranks: HashMap<(i64, &str), Vec<i64>> = HashMap::new();
    for a in &applications {
        assert_eq!(
            a.status == "alternate",
            a.alternate_rank.is_some(),
            "{}: rank {:?} as {}",
            a.reference,
            a.alternate_rank,
            a.status
        );
        if let Some(rank) = a.alternate_rank {
            ranks.entry((a.mission_id, a.position.as_str())).or_default().push(rank);
        }
    }
    for (key, mut list) in ranks {
        list.sort();
        assert_eq!(list, (1..=list.len() as i64).collect::<Vec<_>>(), "ranks at {key:?}");
    }

    // Screening: reviewers of the application's mission; the screened out were scored.
    for r in &reviews {
        let a = by_id[&r.0];
        assert!(
            staff.contains(&(r.1, a.mission_id)),
            "{}: reviewer {} is not staff of mission {}",
            a.reference,
            r.1,
            a.mission_id
        );
        assert_ne!(a.status, "draft", "{}: a draft is not reviewed", a.reference);
        assert!(r.2.is_none() || r.3.is_none(), "a declared conflict has no score");
    }
    let scored = |id: i64| reviews.iter().filter(|r| r.0 == id && r.3.is_some()).count();
    let in_screening: Vec<i64> = applications.iter().filter(|a| a.status == "submitted").map(|a| a.id).collect();
    for a in applications.iter().filter(|a| matches!(a.status.as_str(), "screened-out" | "invited-to-interview")) {
        assert!(scored(a.id) >= 2, "{}: screening decided on two scores", a.reference);
    }
    let unassigned = in_screening.iter().filter(|&&id| !reviews.iter().any(|r| r.0 == id)).count();
    let waiting = in_screening.iter().filter(|&&id| reviews.iter().any(|r| r.0 == id && r.3.is_none())).count();
    let ready = in_screening.iter().filter(|&&id| scored(id) >= 2).count();
    let disagreements = in_screening
        .iter()
        .filter(|&&id| {
            let s: Vec<f64> = reviews.iter().filter(|r| r.0 == id).filter_map(|r| r.3).collect();
            s.len() >= 2
                && s.iter().cloned().fold(f64::MIN, f64::max) - s.iter().cloned().fold(f64::MAX, f64::min) > 1.0
        })
        .count();
    assert!(unassigned > 20 && waiting > 20 && ready > 20, "in screening: {unassigned} / {waiting} / {ready}");
    assert!(disagreements >= 3, "a few disagreements: {disagreements}");
    assert_eq!(reviews.iter().filter(|r| r.2.is_some()).count(), 1, "one declared conflict");
    for a in applications.iter().filter(|a| matches!(a.status.as_str(), "screened-out" | "withdrawn")) {
        assert!(
            a.status_reason.as_deref().is_some_and(|r| !r.is_empty()),
            "{}: {} with its reason",
            a.reference,
            a.status
        );
    }
    for a in applications.iter().filter(|a| a.status == "disqualified") {
        let reason = a.status_reason.as_deref().unwrap_or("");
        assert!(
            reason.starts_with("missed-deadline: ") || reason.starts_with("false-statement: "),
            "{}: {reason}",
            a.reference
        );
    }

    // Interviews: a booked slot is an invited-or-later application's, of its mission and year,
    // in the year's interview period; the interviewed have theirs and 1-3 scorecards.
    let mut booked: HashMap<i64, usize> = HashMap::new();
    for s in &slots {
        let y = year(s.0);
        let local = s.3.date();
        assert!(
            local >= y.interviews_from.previous_day().unwrap() && local <= y.interviews_until.next_day().unwrap(),
            "slot {} in {}",
            s.3,
            y.country_code
        );
        assert!(locations.contains(&(s.1, s.2.clone())), "slot at {}", s.2);
        if let Some(id) = s.4 {
            let a = by_id[&id];
            assert_eq!(
                (a.mission_id, a.programme_year_id),
                (s.1, s.0),
                "{}: slot of its mission and year",
                a.reference
            );
            assert!(
                a.status == "invited-to-interview" || INTERVIEWED_OR_LATER.contains(&a.status.as_str()),
                "{}: booked as {}",
                a.reference,
                a.status
            );
            *booked.entry(id).or_default() += 1;
        }
    }
    assert!(booked.values().all(|&n| n == 1), "one slot per application");
    for c in &scorecards {
        let a = by_id[&c.0];
        assert!(
            INTERVIEWED_OR_LATER.contains(&a.status.as_str())
                || matches!(a.status.as_str(), "withdrawn" | "disqualified"),
            "{}: scorecard as {}",
            a.reference,
            a.status
        );
        assert!(staff.contains(&(c.1, a.mission_id)), "{}: the panel is the mission's staff", a.reference);
        assert!((1.0..=5.0).contains(&c.2));
    }
    for a in applications.iter().filter(|a| INTERVIEWED_OR_LATER.contains(&a.status.as_str())) {
        let cards = scorecards.iter().filter(|c| c.0 == a.id).count();
        assert!((1..=3).contains(&cards), "{}: {cards} scorecards", a.reference);
        assert_eq!(booked.get(&a.id), Some(&1), "{}: interviewed in a booked slot", a.reference);
    }
    let invited: Vec<i64> = applications.iter().filter(|a| a.status == "invited-to-interview").map(|a| a.id).collect();
    let invited_booked = invited.iter().filter(|id| booked.contains_key(id)).count();
    assert!(
        invited_booked > invited.len() / 2 && invited_booked < invited.len(),
        "invited: {invited_booked} of {} booked",
        invited.len()
    );
    assert!(slots.iter().filter(|s| s.4.is_none()).count() > 100, "free slots");

    // Replies and clearance.
    for a in &applications {
        match a.status.as_str() {
            "accepted" | "declined" | "cleared" => {
                assert!(a.replied_at.is_some(), "{}: {} has replied", a.reference, a.status)
            }
            "withdrawn" | "disqualified" => {}
            _ => assert!(a.replied_at.is_none(), "{}: {} has not replied", a.reference, a.status),
        }
    }
    for item in &clearance {
        let a = by_id[&item.0];
        assert!(
            matches!(a.status.as_str(), "accepted" | "cleared" | "withdrawn" | "disqualified"),
            "{}: clearance as {}",
            a.reference,
            a.status
        );
        assert!(a.replied_at.is_some(), "{}: clearance after the reply", a.reference);
        if let Some(doc) = item.3 {
            let d = documents.iter().find(|d| d.0 == doc).unwrap();
            assert_eq!((d.1, d.2.as_str()), (item.0, item.1.as_str()), "the clearance document");
        }
        assert_eq!(item.3.is_some(), item.4.is_some());
    }
    let mut overdue = 0;
    for a in applications.iter().filter(|a| matches!(a.status.as_str(), "accepted" | "cleared")) {
        let items: Vec<_> = clearance.iter().filter(|c| c.0 == a.id).collect();
        assert_eq!(items.len(), 3, "{}: three clearance documents", a.reference);
        let received = items.iter().filter(|c| c.4.is_some()).count();
        if a.status == "cleared" {
            assert_eq!(received, 3, "{}: cleared with all", a.reference);
        } else {
            assert!(received < 3, "{}: accepted and still owing", a.reference);
            overdue += usize::from(items.iter().any(|c| c.4.is_none() && c.2 < DEMO_NOW));
        }
    }
    assert_eq!(overdue, 1, "one accepted candidate is overdue");

    // The year's selection rules: the default rubric, blind screening in one country.
    for y in &years {
        let rules: SelectionRules = serde_json::from_str(y.selection_rules.as_deref().unwrap()).unwrap();
        assert_eq!(rules.blind_screening, y.country_code == "GB", "{}", y.country_code);
        assert_eq!(rules.screening, SelectionRules::default().screening);
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn every_application_holds_what_its_state_implies() {
    for backend in testkit::backends() {
        let (db, store) = TestDatabase::migrated(backend).await;
        let app = App::new(store, AppConfig::default());
        let summary =
            demo::load(&app, &DemoOptions { seed: 5, password: "demo password 123".into(), extra_cleared: 0 })
                .await
                .unwrap();
        check_consistency(&app).await;

        // The demo applicant is invited to interview and has free slots to book.
        let mut tx = app.store.read().await.unwrap();
        let (id, mission, status): (i64, i64, String) = tx
            .fetch_one(query(
                "SELECT a.id, a.mission_id, a.status FROM applications a JOIN people p ON p.id = a.person_id \
                 WHERE p.email = 'applicant@demo.kakehashi.jp'",
            ))
            .await
            .unwrap();
        assert_eq!(status, "invited-to-interview");
        let mine = tx
            .fetch_i64(query("SELECT COUNT(*) FROM interview_slots WHERE application_id = $1").bind(id))
            .await
            .unwrap();
        let free = tx
            .fetch_i64(
                query("SELECT COUNT(*) FROM interview_slots WHERE mission_id = $1 AND application_id IS NULL")
                    .bind(mission),
            )
            .await
            .unwrap();
        assert_eq!(mine, 0);
        assert!(free >= 4, "{free} free slots at the applicant's mission");
        // The US embassy has two reviewers with the demo password, both with reviews to do.
        // Beside it, a Hyogo city's supervisor (no request yet) and a cleared applicant.
        let extra: Vec<(&str, domain::Role)> =
            summary.extra_accounts.iter().map(|a| (a.email.as_str(), a.role)).collect();
        assert_eq!(
            extra[1..],
            [
                ("town@demo.kakehashi.jp", domain::Role::CoSupervisor),
                ("cleared@demo.kakehashi.jp", domain::Role::Applicant)
            ]
        );
        let reviewer = &summary.extra_accounts[0];
        assert_eq!(
            (reviewer.email.as_str(), reviewer.role),
            ("reviewer@demo.kakehashi.jp", domain::Role::MissionStaff)
        );
        let desk = summary.accounts.iter().find(|a| a.role == domain::Role::MissionStaff).unwrap();
        assert_eq!(reviewer.unit, desk.unit);
        for email in [desk.email.as_str(), reviewer.email.as_str()] {
            let to_do = tx
                .fetch_i64(
                    query(
                        "SELECT COUNT(*) FROM screening_reviews r JOIN users u ON u.id = r.reviewer_id \
                         JOIN applications a ON a.id = r.application_id \
                         WHERE u.email = $1 AND r.scored_at IS NULL AND r.conflict_of_interest IS NULL AND a.status = 'submitted'",
                    )
                    .bind(email),
                )
                .await
                .unwrap();
            assert!(to_do > 0, "{email} has reviews to do");
        }
        drop(tx);

        // The whole demo survives the move to another database and back: export, import, export.
        let mut first = Vec::new();
        transfer::export(&app.store, &mut first).await.unwrap();
        let (copy_db, copy) = TestDatabase::migrated(Backend::Sqlite).await;
        transfer::import(&copy, std::io::Cursor::new(&first)).await.unwrap();
        let mut second = Vec::new();
        transfer::export(&copy, &mut second).await.unwrap();
        let body = |bytes: &[u8]| {
            String::from_utf8(bytes.to_vec()).unwrap().lines().skip(1).map(str::to_owned).collect::<Vec<_>>()
        };
        assert!(body(&first) == body(&second), "the export of the import is the export");
        copy_db.finish(copy).await;
        db.finish(app.store.clone()).await;
    }
    testkit::note_skipped("demo consistency");
}
