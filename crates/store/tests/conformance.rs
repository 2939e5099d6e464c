//! The storage conformance suite: every case runs on SQLite and, when `KAKEHASHI_TEST_POSTGRES_URL`
//! names a server, on PostgreSQL, each on a freshly created database.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use domain::{Email, Language, MissionId, PrefectureCode, Role, RoleGrant, Unit, UserId};
use std::future::Future;
use store::test_sql::{RawSql, Value, query};
use store::users::{self, NewUser};
use store::{Backend, Store, StoreError, audit, auth, contracts, outbox, reference, schema, transfer};
use testkit::{TestDatabase, backends, note_skipped};
use time::OffsetDateTime;
use time::macros::{date, datetime};

async fn each_backend<F, Fut>(name: &str, case: F)
where
    F: Fn(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    for backend in backends() {
        eprintln!("{name} on {}", backend.as_str());
        let (db, store) = TestDatabase::migrated(backend).await;
        case(store.clone()).await;
        db.finish(store).await;
    }
    note_skipped(name);
}

fn email(s: &str) -> Email {
    Email::parse(s).unwrap()
}

async fn add_user(store: &Store, address: &str) -> UserId {
    let mut tx = store.write().await.unwrap();
    let e = email(address);
    let id = users::insert_user(
        &mut tx,
        &NewUser { email: &e, display_name: "Test", password_hash: None, language: Language::Ja, person_id: None },
        OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn seed_country_and_mission(store: &Store) -> i64 {
    let mut tx = store.write().await.unwrap();
    tx.execute(query("INSERT INTO countries (code, name_en, name_ja, name_ko, time_zone) VALUES ('KR', 'Korea', '韓国', '한국', 'Asia/Seoul')"))
        .await
        .unwrap();
    let id = tx
        .fetch_i64(query(
            "INSERT INTO missions (country_code, kind, city, name_en, name_ja, email) \
             VALUES ('KR', 'embassy', 'Seoul', 'Embassy of Japan in Korea', '在大韓民国日本国大使館', 'jet@example.org') RETURNING id",
        ))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn the_schema_is_the_catalogue_on_every_backend() {
    each_backend("schema", |store| async move {
        let actual = transfer::database_columns(&store).await.unwrap();
        let mut expected: Vec<String> =
            schema::TABLES.iter().flat_map(|t| t.columns.iter().map(move |(c, _)| format!("{}.{c}", t.name))).collect();
        expected.sort();
        assert_eq!(actual, expected, "a table or column is missing from schema::TABLES or from a migration tree");
    })
    .await;
}

#[tokio::test]
async fn reference_data_loads_once() {
    each_backend("reference", |store| async move {
        let rows = domain::geography::reference().unwrap();
        let mut tx = store.write().await.unwrap();
        assert!(reference::load_if_empty(&mut tx, &rows).await.unwrap());
        assert!(!reference::load_if_empty(&mut tx, &rows).await.unwrap());
        tx.commit().await.unwrap();
        let mut tx = store.read().await.unwrap();
        assert_eq!(reference::counts(&mut tx).await.unwrap(), (47, 1_741));
        let hyogo = reference::municipalities(&mut tx, Some(28)).await.unwrap();
        let kobe = hyogo.iter().find(|m| m.lg_code == "281000").unwrap();
        assert!(kobe.designated_city);
        assert!((kobe.lat - 34.69).abs() < 0.1, "floats survive: {}", kobe.lat);
    })
    .await;
}

#[tokio::test]
async fn users_are_unique_by_email_and_hold_scoped_roles() {
    each_backend("users", |store| async move {
        let mission = seed_country_and_mission(&store).await;
        let id = add_user(&store, "Desk@Example.org").await;

        let mut tx = store.write().await.unwrap();
        let duplicate = users::insert_user(
            &mut tx,
            &NewUser {
                email: &email("desk@example.org"),
                display_name: "Again",
                password_hash: None,
                language: Language::En,
                person_id: None,
            },
            OffsetDateTime::now_utc(),
        )
        .await;
        assert!(matches!(duplicate, Err(StoreError::Conflict(_))), "{duplicate:?}");
        assert!(
            matches!(tx.commit().await, Err(StoreError::Aborted)),
            "a failed statement spoils the transaction on every backend"
        );

        let grant = RoleGrant::new(Role::MissionStaff, Unit::Mission(MissionId(mission))).unwrap();
        let pa = RoleGrant::new(Role::PrefecturalAdvisor, Unit::Prefecture(PrefectureCode::new(28).unwrap())).unwrap();
        let mut tx = store.write().await.unwrap();
        // Prefecture 28 must exist for the foreign key.
        reference::load_if_empty(&mut tx, &domain::geography::reference().unwrap()).await.unwrap();
        users::insert_grant(&mut tx, id, &grant, None, OffsetDateTime::now_utc()).await.unwrap();
        users::insert_grant(&mut tx, id, &pa, None, OffsetDateTime::now_utc()).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = store.write().await.unwrap();
        let again = users::insert_grant(&mut tx, id, &grant, None, OffsetDateTime::now_utc()).await;
        assert!(matches!(again, Err(StoreError::Conflict(_))));
        drop(tx);

        let mut tx = store.write().await.unwrap();
        let held: Vec<RoleGrant> =
            users::grants_of(&mut tx, id).await.unwrap().iter().map(|g| g.to_grant().unwrap()).collect();
        assert_eq!(held, vec![grant, pa]);
        assert_eq!(users::delete_grant(&mut tx, id, &grant).await.unwrap(), 1);
        assert_eq!(users::delete_grant(&mut tx, id, &grant).await.unwrap(), 0);
        let user = users::user_by_email(&mut tx, &email("desk@example.org")).await.unwrap().unwrap();
        assert_eq!((user.language(), user.disabled), (Language::Ja, false));
        tx.commit().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn a_transaction_dropped_without_commit_writes_nothing() {
    each_backend("rollback", |store| async move {
        {
            let mut tx = store.write().await.unwrap();
            users::insert_user(
                &mut tx,
                &NewUser {
                    email: &email("gone@example.org"),
                    display_name: "x",
                    password_hash: None,
                    language: Language::En,
                    person_id: None,
                },
                OffsetDateTime::now_utc(),
            )
            .await
            .unwrap();
        }
        let mut tx = store.read().await.unwrap();
        assert!(users::user_by_email(&mut tx, &email("gone@example.org")).await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn concurrent_writers_never_see_database_is_locked() {
    each_backend("concurrency", |store| async move {
        let mut tasks = Vec::new();
        for writer in 0..16 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                for n in 0..10 {
                    let mut tx = store.write().await?;
                    // Read, then write, in one transaction: the pattern that fails with
                    // SQLITE_BUSY when transactions start deferred.
                    let before = tx.fetch_i64(query("SELECT COUNT(*) FROM login_attempts")).await?;
                    auth::record_login_attempt(
                        &mut tx,
                        &format!("w{writer}-{n}-{before}"),
                        OffsetDateTime::now_utc(),
                        false,
                    )
                    .await?;
                    tx.commit().await?;
                }
                Ok::<(), StoreError>(())
            }));
        }
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        let mut tx = store.read().await.unwrap();
        assert_eq!(tx.fetch_i64(query("SELECT COUNT(*) FROM login_attempts")).await.unwrap(), 160);
    })
    .await;
}

#[tokio::test]
async fn applicants_starting_at_the_same_moment_get_distinct_references() {
    each_backend("references", |store| async move {
        let mission = seed_country_and_mission(&store).await;
        let mut tx = store.write().await.unwrap();
        let year = store::recruitment::insert_year(&mut tx, "KR", 2028, "recruiting").await.unwrap();
        let mut people = Vec::new();
        for n in 0..24 {
            let name = format!("Applicant {n}");
            people.push(
                store::applying::insert_person(&mut tx, "Kim", &name, "", "KR", OffsetDateTime::now_utc())
                    .await
                    .unwrap(),
            );
        }
        tx.commit().await.unwrap();
        // As `start_application` does: number, then insert, in one transaction; all at once.
        let mut tasks = Vec::new();
        for person in people {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let mut tx = store.write().await?;
                let reference = store::applying::next_reference(&mut tx, "KR", 2028, year).await?;
                store::applying::insert_application(
                    &mut tx,
                    &reference,
                    person,
                    year,
                    mission,
                    "ALT",
                    "{}",
                    OffsetDateTime::now_utc(),
                )
                .await?;
                tx.commit().await?;
                Ok::<String, StoreError>(reference)
            }));
        }
        let mut references = Vec::new();
        for task in tasks {
            references.push(task.await.unwrap().expect("no start refused for a reference taken at the same moment"));
        }
        references.sort();
        references.dedup();
        assert_eq!(references.len(), 24);
        assert_eq!(references.last().map(String::as_str), Some("KR-2028-00024"));
    })
    .await;
}

#[tokio::test]
async fn sessions_tokens_and_resets_keep_hashes_and_are_single_use() {
    each_backend("auth", |store| async move {
        let user = add_user(&store, "a@example.org").await;
        let now = datetime!(2026-11-21 10:00 UTC);
        let mut tx = store.write().await.unwrap();
        auth::insert_session(&mut tx, "hash-1", user, "csrf", now, now + time::Duration::hours(8)).await.unwrap();
        auth::insert_password_reset(&mut tx, "reset-1", user, now, now + time::Duration::hours(1)).await.unwrap();
        let token = auth::insert_api_token(&mut tx, user, "laptop", "token-hash", now).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = store.write().await.unwrap();
        let session = auth::session_by_hash(&mut tx, "hash-1").await.unwrap().unwrap();
        assert_eq!((session.user_id, session.expires_at), (user.0, now + time::Duration::hours(8)));
        assert_eq!(auth::active_sessions_of(&mut tx, user, now).await.unwrap().len(), 1);
        assert_eq!(auth::revoke_sessions_of(&mut tx, user, now).await.unwrap(), 1);
        assert!(auth::session_by_hash(&mut tx, "hash-1").await.unwrap().unwrap().revoked_at.is_some());
        assert_eq!(auth::use_password_reset(&mut tx, "reset-1", now).await.unwrap(), 1);
        assert_eq!(auth::use_password_reset(&mut tx, "reset-1", now).await.unwrap(), 0, "a reset link works once");
        assert_eq!(
            auth::revoke_api_token(&mut tx, UserId(user.0 + 1), token, now).await.unwrap(),
            0,
            "only the owner revokes"
        );
        assert_eq!(auth::revoke_api_token(&mut tx, user, token, now).await.unwrap(), 1);
        auth::record_login_attempt(&mut tx, "k", now, false).await.unwrap();
        auth::record_login_attempt(&mut tx, "k", now + time::Duration::minutes(1), false).await.unwrap();
        assert_eq!(
            auth::failed_logins_since(&mut tx, "k", now).await.unwrap(),
            1,
            "the window is exclusive of its start"
        );
        tx.commit().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn sessions_slide_together_each_to_its_own_time() {
    each_backend("slides", |store| async move {
        let user = add_user(&store, "a@example.org").await;
        let now = datetime!(2026-11-21 10:00 UTC);
        let mut tx = store.write().await.unwrap();
        for hash in ["s-1", "s-2", "s-3"] {
            auth::insert_session(&mut tx, hash, user, "csrf", now, now + time::Duration::hours(2)).await.unwrap();
        }
        auth::revoke_session(&mut tx, "s-3", now).await.unwrap();
        tx.commit().await.unwrap();

        // More sessions than one statement takes (300), so the chunks are exercised too.
        let later = |minutes: i64| now + time::Duration::minutes(minutes);
        let mut slides: Vec<auth::Slide> = (0..301)
            .map(|i| auth::Slide { id_hash: format!("absent-{i}"), seen: later(1), expires_at: later(121) })
            .collect();
        slides.push(auth::Slide { id_hash: "s-1".into(), seen: later(5), expires_at: later(125) });
        slides.push(auth::Slide { id_hash: "s-2".into(), seen: later(7), expires_at: later(127) });
        slides.push(auth::Slide { id_hash: "s-3".into(), seen: later(9), expires_at: later(129) });
        let mut tx = store.write().await.unwrap();
        auth::touch_sessions(&mut tx, &slides).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = store.read().await.unwrap();
        let s1 = auth::session_by_hash(&mut tx, "s-1").await.unwrap().unwrap();
        let s2 = auth::session_by_hash(&mut tx, "s-2").await.unwrap().unwrap();
        let s3 = auth::session_by_hash(&mut tx, "s-3").await.unwrap().unwrap();
        assert_eq!((s1.last_seen_at, s1.expires_at), (later(5), later(125)));
        assert_eq!((s2.last_seen_at, s2.expires_at), (later(7), later(127)));
        assert_eq!(s3.expires_at, now + time::Duration::hours(2), "a revoked session does not slide");
    })
    .await;
}

#[tokio::test]
async fn audit_records_filter_by_actor_action_and_time() {
    each_backend("audit", |store| async move {
        let actor = add_user(&store, "admin@example.org").await;
        let t0 = datetime!(2026-11-01 0:00 UTC);
        let mut tx = store.write().await.unwrap();
        for (i, action) in ["user.create", "role.grant", "user.create"].into_iter().enumerate() {
            let entry = audit::AuditEntry {
                actor: Some(actor),
                action,
                entity: "user",
                entity_id: i.to_string(),
                unit_key: "-".into(),
                outcome: if i == 1 { audit::Outcome::Denied } else { audit::Outcome::Done },
                before: None,
                after: Some(serde_json::json!({"n": i, "名前": "テスト"})),
            };
            audit::record(&mut tx, &entry, t0 + time::Duration::days(i as i64)).await.unwrap();
        }
        tx.commit().await.unwrap();
        let mut tx = store.read().await.unwrap();
        let creates = audit::AuditFilter { action: Some("user.create".into()), ..Default::default() };
        assert_eq!(audit::count(&mut tx, &creates).await.unwrap(), 2);
        let late = audit::AuditFilter { since: Some(t0 + time::Duration::hours(12)), ..Default::default() };
        let rows = audit::list(&mut tx, &late, 10, 0).await.unwrap();
        assert_eq!(rows.iter().map(|r| r.entity_id.as_str()).collect::<Vec<_>>(), vec!["2", "1"], "newest first");
        assert_eq!(rows[0].actor_email.as_deref(), Some("admin@example.org"));
        assert!(rows[0].after_json.as_deref().unwrap().contains("テスト"));
        let denied = audit::AuditFilter { outcome: Some(audit::Outcome::Denied), ..Default::default() };
        assert_eq!(audit::count(&mut tx, &denied).await.unwrap(), 1);
    })
    .await;
}

#[tokio::test]
async fn search_treats_like_wildcards_as_text() {
    each_backend("search", |store| async move {
        add_user(&store, "one_two@example.org").await;
        add_user(&store, "onextwo@example.org").await;
        let mut tx = store.read().await.unwrap();
        let found = users::list_users(&mut tx, Some("ONE_"), 10, 0).await.unwrap();
        assert_eq!(found.iter().map(|u| u.email.as_str()).collect::<Vec<_>>(), vec!["one_two@example.org"]);
    })
    .await;
}

#[tokio::test]
async fn the_outbox_gives_up_after_repeated_failures() {
    each_backend("outbox", |store| async move {
        let mut tx = store.write().await.unwrap();
        let mail = outbox::NewMail {
            to_address: "p@example.org".into(),
            language: "ko".into(),
            template: "password-reset".into(),
            subject: "비밀번호".into(),
            body_text: "본문".into(),
            status: outbox::MailStatus::Pending,
            calendar: None,
        };
        let id = outbox::insert(&mut tx, &mail, OffsetDateTime::now_utc()).await.unwrap();
        outbox::mark_attempt_failed(&mut tx, id, "connection refused", 2).await.unwrap();
        assert_eq!(outbox::pending(&mut tx, 10).await.unwrap().len(), 1);
        outbox::mark_attempt_failed(&mut tx, id, "connection refused", 2).await.unwrap();
        assert!(outbox::pending(&mut tx, 10).await.unwrap().is_empty());
        let row = outbox::by_id(&mut tx, id).await.unwrap().unwrap();
        assert_eq!((row.status.as_str(), row.attempts, row.subject.as_str()), ("failed", 2, "비밀번호"));
        tx.commit().await.unwrap();
    })
    .await;
}

/// Fills a database with one of every kind of value the schema holds, nulls included.
async fn fill(store: &Store) {
    let mission = seed_country_and_mission(store).await;
    let user = add_user(store, "mixed@example.org").await;
    let mut tx = store.write().await.unwrap();
    reference::load_if_empty(&mut tx, &domain::geography::reference().unwrap()).await.unwrap();
    let person = tx
        .fetch_i64(
            query("INSERT INTO people (family_name, given_name, email, nationality, birth_date, created_at) VALUES ($1, $2, $3, 'KR', $4, $5) RETURNING id")
                .bind("김")
                .bind("민지")
                .bind(None::<String>)
                .bind(date!(1999 - 02 - 28))
                .bind(datetime!(2026-01-02 03:04:05.678 UTC)),
        )
        .await
        .unwrap();
    let org = tx
        .fetch_i64(query(
            "INSERT INTO contracting_organisations (kind, name_en, name_ja, lg_code, prefecture_code, parent_id) \
             VALUES ('designated-city', 'Kobe City', '神戸市', '281000', 28, NULL) RETURNING id",
        ))
        .await
        .unwrap();
    tx.execute(
        query(
            "INSERT INTO participants (jet_number, person_id, position, organisation_id, mission_id, arrival_date, appointment_year, status) \
             VALUES ('20250000001', $1, 'CIR', $2, $3, $4, 1, 'serving')",
        )
        .bind(person)
        .bind(org)
        .bind(mission)
        .bind(date!(2025 - 04 - 03)),
    )
    .await
    .unwrap();
    let grant = RoleGrant::new(Role::CoSupervisor, Unit::Organisation(domain::OrganisationId(org))).unwrap();
    users::insert_grant(&mut tx, user, &grant, Some(user), OffsetDateTime::now_utc()).await.unwrap();
    let participant =
        tx.fetch_i64(query("SELECT id FROM participants WHERE jet_number = '20250000001'")).await.unwrap();
    let now = datetime!(2025-03-01 09:00 UTC);
    let scale =
        contracts::insert_pay_scale(&mut tx, date!(2025 - 04 - 01), SCALE_2025, Some(user.0), now).await.unwrap();
    let contract = contracts::insert_contract(&mut tx, &first_contract(participant, scale), None, now).await.unwrap();
    contracts::acknowledge(&mut tx, contract, 1, user.0, now).await.unwrap();
    tx.commit().await.unwrap();
}

/// 2025's pay scale (years 1 to 5).
const SCALE_2025: [i64; 5] = [4_020_000, 4_260_000, 4_560_000, 4_620_000, 4_620_000];

/// The first contract of a participant who arrived on 2 April 2025 (`fill`'s).
fn first_contract(participant: i64, scale: i64) -> contracts::ContractTerms {
    contracts::ContractTerms {
        participant_id: participant,
        appointment_year: 1,
        start_date: date!(2025 - 04 - 03),
        end_date: date!(2026 - 04 - 02),
        position: "CIR".into(),
        weekly_hours: 35,
        paid_leave_days: 20,
        housing: "provided".into(),
        served: "国際交流課\nInternational Affairs".into(),
        supervisor: "山田 花子".into(),
        pay_scale_id: scale,
        remuneration_yen: SCALE_2025[0],
    }
}

/// A contract's terms change as numbered versions, each acknowledged on its own: the participant's
/// acknowledgement of version 1 does not stand for version 2; the same version acknowledged twice is
/// one record; a second contract for the same appointment year is refused.
#[tokio::test]
async fn a_contract_change_is_a_new_version_acknowledged_anew() {
    each_backend("contracts", |store| async move {
        fill(&store).await;
        let user = add_user(&store, "participant@example.org").await;
        let now = datetime!(2025-05-01 09:00 UTC);
        let mut tx = store.write().await.unwrap();
        let participant =
            tx.fetch_i64(query("SELECT id FROM participants WHERE jet_number = '20250000001'")).await.unwrap();
        let older = contracts::insert_pay_scale(
            &mut tx,
            date!(2019 - 04 - 01),
            [3_360_000, 3_600_000, 3_900_000, 3_960_000, 3_960_000],
            None,
            now,
        )
        .await
        .unwrap();
        let scales = contracts::pay_scales(&mut tx).await.unwrap();
        assert_eq!(
            scales.iter().map(|s| s.effective_from).collect::<Vec<_>>(),
            [date!(2019 - 04 - 01), date!(2025 - 04 - 01)]
        );
        assert_eq!(scales[0].id, older);
        assert_eq!(scales[1].annual_yen(), SCALE_2025);
        let mut list = contracts::contracts_of(&mut tx, participant).await.unwrap();
        assert_eq!(list.len(), 1);
        let first = list.remove(0);
        assert_eq!((first.version, first.acknowledged_version, first.acknowledged()), (1, Some(1), true));
        assert_eq!(first.terms.served, "国際交流課\nInternational Affairs");

        let terms =
            contracts::ContractTerms { paid_leave_days: 25, ..first_contract(participant, first.terms.pay_scale_id) };
        assert!(contracts::update_contract(&mut tx, first.id, 1, &terms, now).await.unwrap());
        assert!(
            !contracts::update_contract(&mut tx, first.id, 1, &terms, now).await.unwrap(),
            "a stale version is a conflict"
        );
        let changed = contracts::contract(&mut tx, first.id).await.unwrap().unwrap();
        assert_eq!((changed.version, changed.terms.paid_leave_days, changed.acknowledged()), (2, 25, false));
        assert!(contracts::acknowledge(&mut tx, first.id, 2, user.0, now).await.unwrap());
        assert!(!contracts::acknowledge(&mut tx, first.id, 2, user.0, now).await.unwrap(), "one record a version");
        let changed = contracts::contract(&mut tx, first.id).await.unwrap().unwrap();
        assert_eq!(
            (changed.acknowledged_version, changed.acknowledged_at, changed.acknowledged()),
            (Some(2), Some(now), true)
        );
        tx.commit().await.unwrap();

        let mut tx = store.write().await.unwrap();
        let again =
            contracts::insert_contract(&mut tx, &first_contract(participant, first.terms.pay_scale_id), None, now)
                .await;
        assert!(again.is_err(), "one contract an appointment year");
    })
    .await;
}

fn without_header(export: &[u8]) -> String {
    String::from_utf8(export.to_vec()).unwrap().lines().skip(1).collect::<Vec<_>>().join("\n")
}

#[tokio::test]
async fn export_then_import_loses_nothing_on_any_pair_of_backends() {
    for from in backends() {
        for to in backends() {
            let (source_db, source) = TestDatabase::migrated(from).await;
            fill(&source).await;
            let mut first = Vec::new();
            let rows = transfer::export(&source, &mut first).await.unwrap();
            assert!(rows > 1_700, "{rows}");

            let (target_db, target) = TestDatabase::migrated(to).await;
            assert_eq!(transfer::import(&target, first.as_slice()).await.unwrap(), rows);
            let mut second = Vec::new();
            transfer::export(&target, &mut second).await.unwrap();
            let (a, b) = (without_header(&first), without_header(&second));
            if let Some((n, (x, y))) = a.lines().zip(b.lines()).enumerate().find(|(_, (x, y))| x != y) {
                panic!("{from:?} -> {to:?}: line {} differs:\n{x}\n{y}", n + 2);
            }
            assert_eq!(a.lines().count(), b.lines().count());

            // Ids continue after the imported ones.
            let next = add_user(&target, "after-import@example.org").await;
            let mut tx = target.read().await.unwrap();
            let max = tx
                .fetch_i64(query("SELECT MAX(id) FROM users WHERE email <> 'after-import@example.org'"))
                .await
                .unwrap();
            assert!(next.0 > max);
            drop(tx);

            // A second import into a database that holds data is refused, and writes nothing.
            let refused = transfer::import(&target, first.as_slice()).await;
            assert!(matches!(&refused, Err(StoreError::Transfer(m)) if m.contains("not empty")), "{refused:?}");
            source_db.finish(source).await;
            target_db.finish(target).await;
        }
    }
    note_skipped("export/import");
}

#[tokio::test]
async fn a_truncated_or_foreign_file_is_refused_whole() {
    each_backend("truncated import", |store| async move {
        let (other_db, other) = TestDatabase::migrated(store.backend()).await;
        fill(&other).await;
        let mut file = Vec::new();
        transfer::export(&other, &mut file).await.unwrap();
        other_db.finish(other).await;

        let text = String::from_utf8(file).unwrap();
        let cut: String = text.lines().take(text.lines().count() - 1).map(|l| format!("{l}\n")).collect();
        let err = transfer::import(&store, cut.as_bytes()).await.unwrap_err();
        assert!(err.to_string().contains("truncated"), "{err}");
        let mut tx = store.read().await.unwrap();
        assert_eq!(tx.fetch_i64(query("SELECT COUNT(*) FROM prefectures")).await.unwrap(), 0, "nothing half-written");
        drop(tx);
        let err = transfer::import(&store, "{\"format\":\"something-else\"}\n".as_bytes()).await.unwrap_err();
        assert!(err.to_string().contains("not a Kakehashi export"), "{err}");
    })
    .await;
}

#[tokio::test]
async fn backup_copies_a_live_database() {
    each_backend("backup", |store| async move {
        fill(&store).await;
        let dir = tempfile_dir();
        let path = dir.join("backup.kk");
        let bytes = transfer::backup(&store, &path).await.unwrap();
        assert!(bytes > 0);
        assert!(transfer::backup(&store, &path).await.is_err(), "an existing file is never overwritten");
        match store.backend() {
            Backend::Sqlite => {
                let copy = Store::connect(&format!("sqlite://{}", path.display()), &Default::default()).await.unwrap();
                let mut tx = copy.read().await.unwrap();
                assert_eq!(tx.fetch_i64(query("SELECT COUNT(*) FROM participants")).await.unwrap(), 1);
            }
            Backend::Postgres => {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(text.starts_with("{\"exported_at\"") || text.contains("kakehashi-export/1"));
            }
        }
        let _ = std::fs::remove_dir_all(dir);
    })
    .await;
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kk-backup-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

#[tokio::test]
async fn an_unreachable_database_is_named_with_the_reason_and_no_password() {
    let options = store::StoreOptions { connect_timeout: std::time::Duration::from_secs(3), ..Default::default() };
    let err = Store::connect("postgres://kk:s3cret@127.0.0.1:1/kakehashi", &options).await.unwrap_err();
    let message = err.to_string();
    assert!(message.contains("postgres://kk:***@127.0.0.1:1/kakehashi"), "{message}");
    assert!(!message.contains("s3cret"));
    assert!(message.to_lowercase().contains("refused"), "the reason is given: {message}");
    let err = Store::connect("mysql://x/y", &options).await.unwrap_err();
    assert!(err.to_string().contains("sqlite: or postgres://"), "{err}");
}

#[test]
fn values_carry_their_type_when_null() {
    assert_eq!(Value::from(None::<i64>), Value::Int(None));
    assert_eq!(Value::from(Some("x")), Value::Text(Some("x".into())));
}

/// A table of one column per kind of value, typed as each engine's migrations type them.
async fn awkward_table(store: &Store) {
    let ddl = match store.backend() {
        Backend::Postgres => {
            "CREATE TABLE awkward (id BIGINT PRIMARY KEY, flag BOOLEAN, ratio DOUBLE PRECISION, note TEXT, \
             content BYTEA, at TIMESTAMPTZ, day DATE, small INTEGER)"
        }
        Backend::Sqlite => {
            "CREATE TABLE awkward (id INTEGER PRIMARY KEY, flag BOOLEAN, ratio REAL, note TEXT, \
             content BLOB, at TIMESTAMP, day DATE, small INTEGER)"
        }
    };
    let mut tx = store.write().await.unwrap();
    tx.execute(query(ddl)).await.unwrap();
    tx.commit().await.unwrap();
}

const AWKWARD_COLUMNS: [&str; 8] = ["id", "flag", "ratio", "note", "content", "at", "day", "small"];

type AwkwardRow = (
    i64,
    Option<bool>,
    Option<f64>,
    Option<String>,
    Option<Vec<u8>>,
    Option<OffsetDateTime>,
    Option<time::Date>,
    Option<i64>,
);

fn awkward_values(row: &AwkwardRow) -> Vec<Value> {
    let (id, flag, ratio, note, content, at, day, small) = row.clone();
    vec![
        Value::from(id),
        Value::from(flag),
        Value::from(ratio),
        Value::from(note),
        Value::from(content),
        Value::from(at),
        Value::from(day),
        Value::from(small),
    ]
}

/// `insert_many` (PostgreSQL's `COPY`, SQLite's multi-row `INSERT`) writes every kind of value as
/// a bound parameter would: the characters COPY's text format escapes, NULL beside the empty
/// string and the text `\N`, bytes of every value, extreme numbers, instants in other offsets
/// and dates at the calendar's ends; and it writes inside the caller's transaction.
#[tokio::test]
async fn insert_many_writes_awkward_values_back_unchanged() {
    each_backend("insert_many", |store| async move {
        awkward_table(&store).await;
        let texts = [
            "",
            "tab\there",
            "line\nbreak\r\nand return\r",
            "back\\slash \\N \\. \\x00",
            "\\N",
            "\\.",
            "'quoted' \"double\" ; -- not a comment",
            "日本語の文字 · 한국어 · émoji 🎌",
            "\u{1}\u{7f} control bytes",
        ];
        let bytes: [&[u8]; 5] = [b"", &[0, 1, 2, 0x7f, 0x80, 0xff], b"\\N", b"\t\n\r\\", b"%PDF-1.4\n"];
        let floats = [0.1, -0.0, 1e300, -2.5e-300, 5e-324, f64::MAX, f64::INFINITY, f64::NEG_INFINITY, 1.0 / 3.0];
        let instants = [
            datetime!(2026-01-02 03:04:05.678901 UTC),
            datetime!(2026-06-30 23:59:59.999999 +09:00),
            datetime!(1970-01-01 00:00:00 -05:30),
            datetime!(0001-01-01 00:00:00 UTC),
            datetime!(9999-12-31 23:59:59.5 UTC),
        ];
        let days = [date!(2024 - 02 - 29), date!(0001 - 01 - 01), date!(9999 - 12 - 31)];
        let rows: Vec<AwkwardRow> = (0..40i64)
            .map(|i| {
                let k = i as usize;
                let null = i % 7 == 6;
                (
                    i + 1,
                    (!null).then_some(i % 2 == 0),
                    (!null).then(|| floats[k % floats.len()]),
                    (!null).then(|| texts[k % texts.len()].to_owned()),
                    (!null).then(|| bytes[k % bytes.len()].to_vec()),
                    (!null).then(|| instants[k % instants.len()]),
                    (!null).then(|| days[k % days.len()]),
                    (!null).then_some([i64::from(i32::MIN), 0, i64::from(i32::MAX)][k % 3]),
                )
            })
            .collect();
        // A row larger than COPY's chunk of data, so a row is never split between messages badly.
        let big = "\t\\ lorem ipsum\n".repeat(40_000);
        let mut all = rows.clone();
        all.push((1_000, Some(true), Some(i64::MAX as f64), Some(big), Some(vec![0xab; 300_000]), None, None, None));

        let mut tx = store.write().await.unwrap();
        store::test_sql::insert_many(&mut tx, "awkward", &AWKWARD_COLUMNS, all.iter().map(awkward_values))
            .await
            .unwrap();
        // Within the same transaction, the rows are there.
        assert_eq!(tx.fetch_i64(query("SELECT COUNT(*) FROM awkward")).await.unwrap(), 41);
        tx.commit().await.unwrap();

        let mut tx = store.read().await.unwrap();
        let back: Vec<AwkwardRow> = tx
            .fetch_all(query(
                "SELECT id, flag, ratio, note, content, at, day, CAST(small AS BIGINT) FROM awkward ORDER BY id",
            ))
            .await
            .unwrap();
        assert_eq!(back.len(), all.len());
        for (got, want) in back.iter().zip(&all) {
            assert_eq!(got, want, "row {}", want.0);
        }
    })
    .await;
}

/// A failure inside `insert_many` (a duplicate key in the middle of the rows; a row of the wrong
/// width) leaves the caller's transaction unable to commit, and what it wrote before is gone.
#[tokio::test]
async fn insert_many_failing_rolls_back_the_whole_transaction() {
    each_backend("insert_many rollback", |store| async move {
        awkward_table(&store).await;
        let row = |id: i64| awkward_values(&(id, Some(true), None, Some("x".into()), None, None, None, None));

        let mut tx = store.write().await.unwrap();
        store::test_sql::insert_many(&mut tx, "awkward", &AWKWARD_COLUMNS, (1..=10).map(row)).await.unwrap();
        let duplicate = store::test_sql::insert_many(&mut tx, "awkward", &AWKWARD_COLUMNS, [20, 21, 20].map(row)).await;
        assert!(matches!(duplicate, Err(StoreError::Conflict(_))), "{duplicate:?}");
        assert!(matches!(tx.commit().await, Err(StoreError::Aborted)));

        let mut tx = store.write().await.unwrap();
        store::test_sql::insert_many(&mut tx, "awkward", &AWKWARD_COLUMNS, (1..=10).map(row)).await.unwrap();
        let mut short = row(31);
        short.pop();
        let narrow = store::test_sql::insert_many(&mut tx, "awkward", &AWKWARD_COLUMNS, [row(30), short]).await;
        assert!(matches!(narrow, Err(StoreError::Corrupt(_))), "{narrow:?}");
        assert!(matches!(tx.commit().await, Err(StoreError::Aborted)));

        // The same with more rows than one chunk of COPY data (PostgreSQL's COPY path; fewer go
        // as INSERTs): the duplicate and the narrow row come after a chunk has been sent.
        let long = |id: i64| awkward_values(&(id, Some(true), None, Some("y".repeat(200)), None, None, None, None));
        let mut tx = store.write().await.unwrap();
        let rows = (100..4_100).chain([150]).map(long);
        let duplicate = store::test_sql::insert_many(&mut tx, "awkward", &AWKWARD_COLUMNS, rows).await;
        assert!(matches!(duplicate, Err(StoreError::Conflict(_))), "{duplicate:?}");
        assert!(matches!(tx.commit().await, Err(StoreError::Aborted)));
        let mut tx = store.write().await.unwrap();
        let mut rows: Vec<Vec<Value>> = (100..4_100).map(long).collect();
        rows.last_mut().unwrap().pop();
        let narrow = store::test_sql::insert_many(&mut tx, "awkward", &AWKWARD_COLUMNS, rows).await;
        assert!(matches!(narrow, Err(StoreError::Corrupt(_))), "{narrow:?}");
        assert!(matches!(tx.commit().await, Err(StoreError::Aborted)));

        let mut tx = store.read().await.unwrap();
        assert_eq!(tx.fetch_i64(query("SELECT COUNT(*) FROM awkward")).await.unwrap(), 0, "nothing half-written");
        // The connection the failed COPY ran on serves the next transaction.
        drop(tx);
        let mut tx = store.write().await.unwrap();
        store::test_sql::insert_many(&mut tx, "awkward", &AWKWARD_COLUMNS, (1..=3).map(row)).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = store.read().await.unwrap();
        assert_eq!(tx.fetch_i64(query("SELECT COUNT(*) FROM awkward")).await.unwrap(), 3);
    })
    .await;
}

/// A limit counted and then written in one transaction holds under concurrent writers on both
/// engines once the row that guards it is locked first (`Tx::lock_guard`): 16 writers each add a
/// departure group to a year that may have three. Without the lock, PostgreSQL's READ COMMITTED
/// lets every writer count before any commits (the pause between count and write only makes
/// that interleaving certain; nothing is timed).
#[tokio::test]
async fn a_limit_guarded_by_its_row_lock_holds_under_concurrent_writers() {
    each_backend("guarded limit", |store| async move {
        seed_country_and_mission(&store).await;
        let mut tx = store.write().await.unwrap();
        let year = store::recruitment::insert_year(&mut tx, "KR", 2028, "planning").await.unwrap();
        tx.commit().await.unwrap();
        const LIMIT: i64 = 3;
        let mut tasks = Vec::new();
        for writer in 0..16 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let mut tx = store.write().await?;
                tx.lock_guard(store::Guard::ProgrammeYear, year).await?;
                let groups = tx
                    .fetch_i64(query("SELECT COUNT(*) FROM departure_groups WHERE programme_year_id = $1").bind(year))
                    .await?;
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                if groups < LIMIT {
                    tx.execute(
                        query(
                            "INSERT INTO departure_groups (programme_year_id, name, arrival_date) VALUES ($1, $2, $3)",
                        )
                        .bind(year)
                        .bind(format!("Group {writer}"))
                        .bind(date!(2028 - 07 - 24)),
                    )
                    .await?;
                }
                tx.commit().await?;
                Ok::<(), StoreError>(())
            }));
        }
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        let mut tx = store.read().await.unwrap();
        let groups = tx
            .fetch_i64(query("SELECT COUNT(*) FROM departure_groups WHERE programme_year_id = $1").bind(year))
            .await
            .unwrap();
        assert_eq!(groups, LIMIT, "the limit held");
    })
    .await;
}

/// Two desks assigning the same reviewer at once add one review between them, and the second
/// does not fail on the unique key: it waits for the first's row and finds it. (The pause only
/// lets the second reach its insert while the first is open; nothing is timed.)
#[tokio::test]
async fn a_reviewer_assigned_by_two_desks_at_once_is_assigned_once() {
    each_backend("reviewer assignment", |store| async move {
        let mission = seed_country_and_mission(&store).await;
        let reviewer = add_user(&store, "reviewer@example.org").await;
        let now = OffsetDateTime::now_utc();
        let mut tx = store.write().await.unwrap();
        let year = store::recruitment::insert_year(&mut tx, "KR", 2028, "selecting").await.unwrap();
        let person = store::applying::insert_person(&mut tx, "Kim", "Min", "", "KR", now).await.unwrap();
        let application = tx
            .fetch_i64(
                query(
                    "INSERT INTO applications (reference, person_id, programme_year_id, mission_id, position, status, submitted_at, updated_at) \
                     VALUES ('KR-2028-00001', $1, $2, $3, 'ALT', 'submitted', $4, $4) RETURNING id",
                )
                .bind(person)
                .bind(year)
                .bind(mission)
                .bind(now),
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut first = store.write().await.unwrap();
        assert!(store::selection::assign_reviewer(&mut first, application, reviewer.0, reviewer.0, now).await.unwrap());
        let second = {
            let store = store.clone();
            tokio::spawn(async move {
                let mut tx = store.write().await?;
                let added = store::selection::assign_reviewer(&mut tx, application, reviewer.0, reviewer.0, now).await?;
                tx.commit().await?;
                Ok::<bool, StoreError>(added)
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        first.commit().await.unwrap();
        assert!(!second.await.unwrap().unwrap(), "the second desk found the first's review");
        let mut tx = store.read().await.unwrap();
        let reviews = tx
            .fetch_i64(query("SELECT COUNT(*) FROM screening_reviews WHERE application_id = $1").bind(application))
            .await
            .unwrap();
        assert_eq!(reviews, 1);
    })
    .await;
}

/// A database an earlier build left (schema 0010, before the years' own deadline zone, optional
/// steps and groups' own orientation) migrates forward with its years and groups intact: the new
/// columns are empty, so the year reads exactly as before (deadlines in the country's zone, the
/// group going to the year's orientation); then the new columns take values.
#[tokio::test]
async fn an_earlier_database_migrates_forward_with_its_programme_years_intact() {
    for backend in backends() {
        eprintln!("upgrade from 0010 on {}", backend.as_str());
        let db = TestDatabase::empty(backend).await;
        let store = db.store().await;
        store.migrate_up_to(10).await.unwrap();
        let deadline = datetime!(2026-11-14 04:59 UTC);
        let mut tx = store.write().await.unwrap();
        tx.execute(query("INSERT INTO countries (code, name_en, name_ja, name_ko, time_zone) VALUES ('US', 'United States', '米国', '미국', 'America/New_York')")).await.unwrap();
        let year = tx
            .fetch_i64(
                query("INSERT INTO programme_years (country_code, year, status, application_deadline, results_by, places_alt, version) VALUES ('US', 2027, 'recruiting', $1, $2, 2700, 4) RETURNING id")
                    .bind(deadline)
                    .bind(date!(2027 - 04 - 15)),
            )
            .await
            .unwrap();
        tx.execute(
            query("INSERT INTO departure_groups (programme_year_id, name, arrival_date) VALUES ($1, 'Group A', $2)")
                .bind(year)
                .bind(date!(2027 - 07 - 26)),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        store.migrate().await.unwrap();
        let mut tx = store.write().await.unwrap();
        let row = store::recruitment::year_by_id(&mut tx, year).await.unwrap().unwrap();
        assert_eq!((row.year, row.version, row.settings.places_alt), (2027, 4, 2700));
        assert_eq!(row.settings.application_deadline, Some(deadline));
        assert_eq!(row.settings.results_by, Some(date!(2027 - 04 - 15)));
        assert_eq!(
            (
                row.settings.deadline_time_zone.as_deref(),
                row.settings.second_round_list,
                row.settings.placement_notices
            ),
            (None, None, None)
        );
        assert_eq!(row.deadline_zone(), "America/New_York", "an earlier year keeps the country's zone");
        let groups = store::recruitment::departure_groups(&mut tx, year).await.unwrap();
        assert_eq!(groups.len(), 1);
        assert_eq!(
            (groups[0].name.as_str(), groups[0].arrival_date, groups[0].pre_departure_orientation),
            ("Group A", date!(2027 - 07 - 26), None)
        );

        // The new columns take values.
        let settings = store::recruitment::YearSettings {
            deadline_time_zone: Some("Pacific/Honolulu".into()),
            second_round_list: Some(date!(2026 - 12 - 22)),
            placement_notices: Some(date!(2027 - 05 - 20)),
            ..row.settings.clone()
        };
        assert!(store::recruitment::update_year(&mut tx, year, 4, &settings).await.unwrap());
        let april = store::recruitment::GroupDates {
            name: "April".into(),
            arrival_date: date!(2027 - 04 - 05),
            pre_departure_orientation: Some(date!(2027 - 03 - 26)),
        };
        store::recruitment::replace_departure_groups(&mut tx, year, std::slice::from_ref(&april)).await.unwrap();
        let row = store::recruitment::year_by_id(&mut tx, year).await.unwrap().unwrap();
        assert_eq!(row.settings, settings);
        assert_eq!(row.deadline_zone(), "Pacific/Honolulu");
        let groups = store::recruitment::departure_groups(&mut tx, year).await.unwrap();
        assert_eq!(groups[0].pre_departure_orientation, april.pre_departure_orientation);
        tx.commit().await.unwrap();
        db.finish(store).await;
    }
    note_skipped("upgrade from 0010");
}

/// A database an earlier build left (schema 0011, before contracts) migrates forward with its
/// participants intact, no pay scale and no contract made up for them; then a serving participant
/// takes a contract on a scale.
#[tokio::test]
async fn an_earlier_database_migrates_forward_with_its_participants_intact() {
    for backend in backends() {
        eprintln!("upgrade from 0011 on {}", backend.as_str());
        let db = TestDatabase::empty(backend).await;
        let store = db.store().await;
        store.migrate_up_to(11).await.unwrap();
        let mission = seed_country_and_mission(&store).await;
        let mut tx = store.write().await.unwrap();
        reference::load_if_empty(&mut tx, &domain::geography::reference().unwrap()).await.unwrap();
        let person = tx
            .fetch_i64(query("INSERT INTO people (family_name, given_name, nationality, created_at) VALUES ('Kim', 'Minji', 'KR', $1) RETURNING id").bind(datetime!(2025-01-02 03:04 UTC)))
            .await
            .unwrap();
        let org = tx
            .fetch_i64(query(
                "INSERT INTO contracting_organisations (kind, name_en, name_ja, lg_code, prefecture_code, parent_id) \
                 VALUES ('prefecture', 'Hyogo Prefecture', '兵庫県', '280003', 28, NULL) RETURNING id",
            ))
            .await
            .unwrap();
        let participant = tx
            .fetch_i64(
                query(
                    "INSERT INTO participants (jet_number, person_id, position, organisation_id, mission_id, arrival_date, appointment_year, status) \
                     VALUES ('20240000042', $1, 'ALT', $2, $3, $4, 2, 'serving') RETURNING id",
                )
                .bind(person)
                .bind(org)
                .bind(mission)
                .bind(date!(2024 - 07 - 28)),
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();

        store.migrate().await.unwrap();
        let mut tx = store.write().await.unwrap();
        #[derive(sqlx::FromRow, Debug, PartialEq)]
        struct P {
            jet_number: String,
            person_id: i64,
            organisation_id: i64,
            arrival_date: time::Date,
            appointment_year: i64,
            status: String,
        }
        let row: P = tx
            .fetch_one(query("SELECT jet_number, person_id, organisation_id, arrival_date, appointment_year, status FROM participants WHERE id = $1").bind(participant))
            .await
            .unwrap();
        assert_eq!(
            row,
            P {
                jet_number: "20240000042".into(),
                person_id: person,
                organisation_id: org,
                arrival_date: date!(2024 - 07 - 28),
                appointment_year: 2,
                status: "serving".into()
            }
        );
        assert!(contracts::pay_scales(&mut tx).await.unwrap().is_empty());
        assert!(contracts::contracts_of(&mut tx, participant).await.unwrap().is_empty());
        let now = datetime!(2025-07-01 09:00 UTC);
        let scale = contracts::insert_pay_scale(&mut tx, date!(2025 - 04 - 01), SCALE_2025, None, now).await.unwrap();
        let terms = contracts::ContractTerms {
            appointment_year: 2,
            start_date: date!(2025 - 07 - 29),
            end_date: date!(2026 - 07 - 28),
            position: "ALT".into(),
            remuneration_yen: SCALE_2025[1],
            ..first_contract(participant, scale)
        };
        contracts::insert_contract(&mut tx, &terms, None, now).await.unwrap();
        let list = contracts::contracts_of(&mut tx, participant).await.unwrap();
        assert_eq!((list.len(), list[0].terms.remuneration_yen, list[0].acknowledged()), (1, 4_260_000, false));
        tx.commit().await.unwrap();
        db.finish(store).await;
    }
    note_skipped("upgrade from 0011");
}
