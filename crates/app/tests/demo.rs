//! The demo programme year: deterministic for a seed, different for another, with every state of
//! the application lifecycle and a distribution like the real programme's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use app::demo::DemoOptions;
use app::{App, AppConfig};
use domain::lifecycle::Lifecycle;
use store::{Backend, query, transfer};
use testkit::TestDatabase;

const TABLES_OF_RECORDS: [&str; 7] = [
    "countries",
    "missions",
    "interview_locations",
    "contracting_organisations",
    "people",
    "participants",
    "applications",
];

/// The demo's own records in a database, as export lines (accounts and audit left out: password
/// hashes are salted and the audit record carries the time of the build).
async fn records_of(seed: u64) -> (Vec<String>, App, TestDatabase) {
    let (db, store) = TestDatabase::migrated(Backend::Sqlite).await;
    let app = App::new(store, AppConfig::default());
    app.load_demo(&DemoOptions { seed, password: "demo password 123".into() }).await.unwrap();
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
    assert!(first.len() > 20_000, "{}", first.len());
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
