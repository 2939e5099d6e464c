//! Hardening of selection (issue 10, items 6, 8, 9, 12, 13): blind screening in every list,
//! search and export; limits that hold under concurrent requests on both databases; referees'
//! letters confidential to the mission; a mission's staff kept to their own country's years;
//! date-times entered in the country's time, never with an offset.

use super::{applicant_with_draft, field_of, open_us_year, open_us_year_with};
use crate::support::{TestApp, World, account, each_backend, each_backend_with, without_client_limits};
use domain::{Role, Unit};
use reqwest::StatusCode;
use serde_json::{Value, json};
use store::test_sql::{RawSql, query};

/// How many requests each concurrency case fires at once.
const AT_ONCE: usize = 12;

async fn count(t: &TestApp, sql: &'static str, id: i64) -> i64 {
    let mut tx = t.app.store.read().await.unwrap();
    tx.fetch_i64(query(sql).bind(id)).await.unwrap()
}

/// Runs requests all at once (each on a task of its own) and answers in their order.
async fn at_once<F, T>(requests: impl IntoIterator<Item = F>) -> Vec<T>
where
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let tasks: Vec<_> = requests.into_iter().map(tokio::spawn).collect();
    let mut answers = Vec::with_capacity(tasks.len());
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

/// A session of `email`: client and CSRF token.
async fn session(t: &TestApp, email: &str) -> (reqwest::Client, String) {
    let client = t.login(email).await;
    let csrf = t.csrf(&client).await;
    (client, csrf)
}

/// Applications of the US year written straight into the database, `n` of them in `status`.
async fn candidates(t: &TestApp, w: &World, year: i64, n: usize, status: &str) -> Vec<i64> {
    let now = t.clock.now();
    let mut tx = t.app.store.write().await.unwrap();
    let mut ids = Vec::new();
    for i in 0..n {
        let person = tx
            .fetch_i64(
                query("INSERT INTO people (family_name, given_name, nationality, created_at) VALUES ($1, 'Kai', 'US', $2) RETURNING id")
                    .bind(format!("Candidate{i}"))
                    .bind(now),
            )
            .await
            .unwrap();
        let id = tx
            .fetch_i64(
                query(
                    "INSERT INTO applications (reference, person_id, programme_year_id, mission_id, position, status, submitted_at, updated_at) \
                     VALUES ($1, $2, $3, $4, 'ALT', $5, $6, $6) RETURNING id",
                )
                .bind(format!("US-2028-9{i:04}"))
                .bind(person)
                .bind(year)
                .bind(w.mission)
                .bind(status)
                .bind(now),
            )
            .await
            .unwrap();
        ids.push(id);
    }
    tx.commit().await.unwrap();
    ids
}

// ----- Item 6: blind screening in every view -----

#[tokio::test]
async fn a_blind_year_hides_who_applied_in_the_list_its_search_its_exports_and_saved_filters() {
    each_backend("blind list", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year_with(&t, &w, json!({"selection_rules": {"blind_screening": true}})).await;
        let (ana, ana_csrf, id, _) =
            applicant_with_draft(&t, year, w.mission, "ana@example.org", ("Rivera", "Ana"), "US", "ALT").await;
        let r = ana
            .post(t.url(&format!("/api/v1/my/applications/{id}/submit")))
            .header("x-csrf-token", &ana_csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let reference = {
            let mut tx = t.app.store.read().await.unwrap();
            store::applying::application(&mut tx, id).await.unwrap().unwrap().reference
        };
        account(&t, "clair@example.org", Role::ClairStaff, Unit::None).await;
        let (desk, desk_csrf) = session(&t, &w.mission_user).await;
        let (clair, _) = session(&t, "clair@example.org").await;

        for (who, client) in [("desk", &desk), ("CLAIR", &clair)] {
            // The list: the row is there, without the name.
            let listed: Value = client.get(t.url("/api/v1/applications")).send().await.unwrap().json().await.unwrap();
            let row = listed["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == id)
                .unwrap_or_else(|| panic!("{who}: {listed}"));
            assert_eq!((&row["family_name"], &row["given_name"]), (&Value::Null, &Value::Null), "{who}: {row}");
            // The search by name finds nothing (no oracle); by reference it finds the row.
            for name in ["Rivera", "rive", "Ana"] {
                let found: Value = client
                    .get(t.url(&format!("/api/v1/applications?search={name}")))
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                assert!(found["rows"].as_array().unwrap().iter().all(|r| r["id"] != id), "{who} found {name}: {found}");
            }
            let found: Value = client
                .get(t.url(&format!("/api/v1/applications?search={reference}")))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(found["total"], 1, "{who}: {found}");
            // The page, its search, and the exports in both formats.
            let page = client.get(t.url("/applications")).send().await.unwrap().text().await.unwrap();
            assert!(page.contains(&reference) && !page.contains("Rivera"), "{who}: {page}");
            let page = client.get(t.url("/applications?search=Rivera")).send().await.unwrap().text().await.unwrap();
            assert!(!page.contains(&reference), "{who}: the page's search");
            let csv = client
                .get(t.url("/api/v1/exports/applications?format=csv"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(csv.contains(&reference) && !csv.contains("Rivera") && !csv.contains("Ana,"), "{who}: {csv}");
            let csv = client
                .get(t.url("/api/v1/exports/applications?format=csv&search=Rivera"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(!csv.contains(&reference), "{who}: the export's search");
            let xlsx = client.get(t.url("/api/v1/exports/applications?format=xlsx")).send().await.unwrap();
            // Rendered from the same sheet as the CSV (`App::export_list`), which the list masked.
            assert_eq!(xlsx.status(), StatusCode::OK);
        }

        // A saved filter runs the same list.
        let saved = desk
            .post(t.url("/api/v1/saved-filters"))
            .header("x-csrf-token", &desk_csrf)
            .json(&json!({"list": "applications", "name": "By name", "query": "search=Rivera"}))
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), StatusCode::OK);
        let page = desk.get(t.url("/applications?search=Rivera")).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains(&reference));

        // The eligibility override answers with the record, without who applied.
        let version = {
            let mut tx = t.app.store.read().await.unwrap();
            store::applying::application(&mut tx, id).await.unwrap().unwrap().version
        };
        let overridden = desk
            .post(t.url(&format!("/api/v1/applications/{id}/eligibility-override")))
            .header("x-csrf-token", &desk_csrf)
            .json(&json!({"reason": "Degree delayed by a strike", "version": version}))
            .send()
            .await
            .unwrap();
        assert_eq!(overridden.status(), StatusCode::OK);
        let overridden = overridden.text().await.unwrap();
        assert!(
            overridden.contains(&reference) && !overridden.contains("Rivera") && !overridden.contains("2001-05-04"),
            "{overridden}"
        );

        // The applicant sees their own name.
        let own: Value = ana.get(t.url("/api/v1/applications")).send().await.unwrap().json().await.unwrap();
        assert_eq!(own["rows"][0]["family_name"], "Rivera", "{own}");

        // Past the first screening, the panel meets the candidate: the name is shown and found.
        let mut tx = t.app.store.write().await.unwrap();
        tx.execute(query("UPDATE applications SET status = 'invited-to-interview' WHERE id = $1").bind(id))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let found: Value =
            desk.get(t.url("/api/v1/applications?search=Rivera")).send().await.unwrap().json().await.unwrap();
        assert_eq!((found["total"].as_i64(), &found["rows"][0]["family_name"]), (Some(1), &json!("Rivera")), "{found}");
    })
    .await;
}

// ----- Item 8: limits under concurrent requests -----

#[tokio::test]
async fn concurrent_decisions_never_short_list_more_than_the_plan() {
    each_backend("concurrent decisions", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year_with(&t, &w, json!({"places_alt": 1})).await;
        let ids = candidates(&t, &w, year, AT_ONCE, "interviewed").await;
        let (desk, csrf) = session(&t, &w.mission_user).await;
        let decide = |id: i64| {
            let (desk, csrf, url) =
                (desk.clone(), csrf.clone(), t.url(&format!("/api/v1/programme-years/{year}/decisions")));
            async move {
                desk.post(url)
                    .header("x-csrf-token", csrf)
                    .json(&json!({"decisions": [{"application": id, "outcome": "short-listed"}]}))
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        let answers = at_once(ids.iter().map(|id| decide(*id))).await;
        let short = count(
            &t,
            "SELECT COUNT(*) FROM applications WHERE programme_year_id = $1 AND status = 'short-listed'",
            year,
        )
        .await;
        assert_eq!(short, 1, "one place, one short-listed: {answers:?}");
        assert_eq!(answers.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{answers:?}");
        assert!(answers.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::UNPROCESSABLE_ENTITY), "{answers:?}");
    })
    .await;
}

#[tokio::test]
async fn concurrent_upgrades_never_fill_more_places_than_are_free() {
    each_backend("concurrent upgrades", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year_with(&t, &w, json!({"places_alt": 1})).await;
        let ids = candidates(&t, &w, year, AT_ONCE, "alternate").await;
        let (desk, csrf) = session(&t, &w.mission_user).await;
        let upgrade = |id: i64| {
            let (desk, csrf, url) = (desk.clone(), csrf.clone(), t.url(&format!("/api/v1/applications/{id}/upgrade")));
            async move { desk.post(url).header("x-csrf-token", csrf).json(&json!({})).send().await.unwrap().status() }
        };
        let answers = at_once(ids.iter().map(|id| upgrade(*id))).await;
        let short = count(
            &t,
            "SELECT COUNT(*) FROM applications WHERE programme_year_id = $1 AND status = 'short-listed'",
            year,
        )
        .await;
        assert_eq!(short, 1, "one free place, one upgrade: {answers:?}");
        assert!(answers.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::UNPROCESSABLE_ENTITY), "{answers:?}");
    })
    .await;
}

#[tokio::test]
async fn one_file_imported_twice_at_once_creates_each_person_once() {
    each_backend("concurrent import", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let (desk, csrf) = session(&t, &w.mission_user).await;
        let header = "family_name,given_name,birth_date,nationality,phone,address,qualification,institution,field_of_study,awarded,statement_of_purpose,interview_location,departure_group,email";
        let rows: Vec<String> = (0..6)
            .map(|i| format!("Family{i},Emi,2000-01-0{},US,+1 555 0101,1 Oak St,bachelor,State U,History,2026-05-20,I want to teach.,Washington,Group A,f{i}@example.org", i + 1))
            .collect();
        let file = format!("{header}\n{}\n", rows.join("\n"));
        let import = || {
            let (desk, csrf, url, body) = (desk.clone(), csrf.clone(), t.url(&format!("/api/v1/programme-years/{year}/imports")), file.clone());
            async move {
                let r = desk.post(url).header("x-csrf-token", csrf).body(body).send().await.unwrap();
                assert_eq!(r.status(), StatusCode::ACCEPTED);
                r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
            }
        };
        let jobs = at_once((0..4).map(|_| import())).await;
        for job in jobs {
            let mut last = Value::Null;
            for _ in 0..400 {
                last = desk.get(t.url(&format!("/api/v1/jobs/{job}"))).send().await.unwrap().json().await.unwrap();
                if last["status"] != "running" {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            }
            assert_eq!(last["status"], "done", "{last}");
        }
        assert_eq!(count(&t, "SELECT COUNT(*) FROM applications WHERE programme_year_id = $1", year).await, 6, "each person once");
        let people = count(&t, "SELECT COUNT(*) FROM people WHERE family_name LIKE 'Family%' AND id > $1", 0).await;
        assert_eq!(people, 6);
    })
    .await;
}

#[tokio::test]
async fn concurrent_referees_and_documents_stay_within_their_limits() {
    // More uploads at once than one client may send (the per-client limit has its own case).
    each_backend_with("concurrent referees", without_client_limits(), async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let r = json!({"email": "cy@example.org", "family_name": "Park", "given_name": "Cy", "nationality": "US", "password": crate::support::PASSWORD});
        t.anonymous().post(t.url("/api/v1/applicants")).json(&r).send().await.unwrap();
        let (cy, csrf) = session(&t, "cy@example.org").await;
        let app: Value = cy.post(t.url("/api/v1/my/applications")).header("x-csrf-token", &csrf)
            .json(&json!({"programme_year_id": year, "position": "ALT", "mission_id": w.mission})).send().await.unwrap().json().await.unwrap();
        let id = app["id"].as_i64().unwrap();
        let add = |i: usize| {
            let (cy, csrf, url) = (cy.clone(), csrf.clone(), t.url(&format!("/api/v1/my/applications/{id}/referees")));
            async move {
                cy.post(url).header("x-csrf-token", csrf).json(&json!({"name": format!("Prof. {i}"), "email": format!("prof{i}@uni.example")})).send().await.unwrap().status()
            }
        };
        let answers = at_once((0..AT_ONCE).map(add)).await;
        let referees = count(&t, "SELECT COUNT(*) FROM referees WHERE application_id = $1", id).await;
        assert_eq!(referees, app::applying::MAX_REFEREES as i64, "{answers:?}");
        assert!(answers.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::UNPROCESSABLE_ENTITY), "{answers:?}");

        let upload = |i: usize| {
            let (cy, csrf) = (cy.clone(), csrf.clone());
            let url = t.url(&format!("/api/v1/my/applications/{id}/documents?kind=other&name=other{i}.pdf"));
            async move { cy.put(url).header("x-csrf-token", csrf).body(format!("%PDF-1.4\n% other {i}\n")).send().await.unwrap().status() }
        };
        let wanted = app::applying::MAX_DOCUMENTS + 6;
        let answers = at_once((0..wanted).map(upload)).await;
        let documents = count(&t, "SELECT COUNT(*) FROM documents WHERE application_id = $1", id).await;
        assert_eq!(documents, app::applying::MAX_DOCUMENTS as i64, "{answers:?}");
    })
    .await;
}

#[tokio::test]
async fn concurrent_bookings_of_one_candidate_hold_one_slot_and_concurrent_assignments_one_review() {
    each_backend("concurrent bookings", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let (ana, ana_csrf, id, _) = applicant_with_draft(&t, year, w.mission, "ana@example.org", ("Rivera", "Ana"), "US", "ALT").await;
        let r = ana.post(t.url(&format!("/api/v1/my/applications/{id}/submit"))).header("x-csrf-token", &ana_csrf).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);

        // Sixteen desks assigning the same reviewer at once: one review, no failure.
        let (desk, csrf) = session(&t, &w.mission_user).await;
        let me: Value = desk.get(t.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
        let reviewer = me["id"].as_i64().unwrap();
        let assign = || {
            let (desk, csrf, url) = (desk.clone(), csrf.clone(), t.url(&format!("/api/v1/programme-years/{year}/screening/reviewers")));
            async move { desk.post(url).header("x-csrf-token", csrf).json(&json!({"applications": [id], "reviewers": [reviewer]})).send().await.unwrap().status() }
        };
        let answers = at_once((0..AT_ONCE).map(|_| assign())).await;
        assert!(answers.iter().all(|s| *s == StatusCode::OK), "{answers:?}");
        assert_eq!(count(&t, "SELECT COUNT(*) FROM screening_reviews WHERE application_id = $1", id).await, 1);

        // Invited: the candidate books several slots at once and holds one.
        let mut tx = t.app.store.write().await.unwrap();
        tx.execute(query("UPDATE applications SET status = 'invited-to-interview' WHERE id = $1").bind(id)).await.unwrap();
        tx.commit().await.unwrap();
        let first = format!("{}T09:00", (t.clock.now() + time::Duration::days(10)).date());
        let added = desk.post(t.url(&format!("/api/v1/programme-years/{year}/interviews/slots"))).header("x-csrf-token", &csrf)
            .json(&json!({"mission": w.mission, "location": "Embassy", "panel": "A", "first": first, "count": AT_ONCE, "minutes": 30})).send().await.unwrap();
        assert_eq!(added.status(), StatusCode::OK);
        let mut tx = t.app.store.read().await.unwrap();
        let slots: Vec<i64> = store::selection::slots(&mut tx, year, None).await.unwrap().iter().map(|s| s.id).collect();
        drop(tx);
        let book = |slot: i64| {
            let (ana, csrf, url) = (ana.clone(), ana_csrf.clone(), t.url(&format!("/api/v1/my/applications/{id}/interview")));
            async move { ana.put(url).header("x-csrf-token", csrf).json(&json!({"slot": slot})).send().await.unwrap().status() }
        };
        let answers = at_once(slots.iter().map(|s| book(*s))).await;
        assert!(answers.iter().all(|s| !s.is_server_error() && *s != StatusCode::CONFLICT), "{answers:?}");
        assert_eq!(count(&t, "SELECT COUNT(*) FROM interview_slots WHERE application_id = $1", id).await, 1);
    })
    .await;
}

// ----- Item 9: referees' letters are the mission's -----

#[tokio::test]
async fn an_applicant_sees_that_a_letter_came_but_cannot_read_or_delete_it() {
    each_backend("letters", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let (ana, csrf, id, _) =
            applicant_with_draft(&t, year, w.mission, "ana@example.org", ("Rivera", "Ana"), "US", "ALT").await;
        let letters: Vec<i64> = {
            let mut tx = t.app.store.read().await.unwrap();
            store::applying::documents(&mut tx, id)
                .await
                .unwrap()
                .iter()
                .filter(|d| d.kind == "reference-letter")
                .map(|d| d.id)
                .collect()
        };
        assert_eq!(letters.len(), 2);
        let letter = letters[0];

        // What came, and when; never the letter itself.
        let view: Value =
            ana.get(t.url(&format!("/api/v1/my/applications/{id}"))).send().await.unwrap().json().await.unwrap();
        assert!(view["referees"].as_array().unwrap().iter().all(|r| r["received_at"].is_string()), "{view}");
        assert!(view["documents"].as_array().unwrap().iter().all(|d| d["kind"] != "reference-letter"), "{view}");
        let page = ana.get(t.url(&format!("/my-application/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("letter-received") && !page.contains(&format!("/documents/{letter}\"")), "{page}");

        // Neither read nor deleted, by the API or the pages; each refusal is audited.
        assert_eq!(
            ana.get(t.url(&format!("/api/v1/documents/{letter}"))).send().await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            ana.get(t.url(&format!("/documents/{letter}"))).send().await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
        let deleted = ana
            .delete(t.url(&format!("/api/v1/my/applications/{id}/documents/{letter}")))
            .header("x-csrf-token", &csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(deleted.status(), StatusCode::FORBIDDEN);
        let page = ana.get(t.url(&format!("/my-application/{id}"))).send().await.unwrap().text().await.unwrap();
        let form_csrf = crate::support::csrf_of(&page);
        let deleted = ana
            .post(t.url(&format!("/my-application/{id}/documents/{letter}/delete")))
            .form(&[("csrf_token", form_csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert!(
            deleted.status() == StatusCode::FORBIDDEN
                || deleted.status() == StatusCode::NOT_FOUND
                || deleted.status() == StatusCode::METHOD_NOT_ALLOWED,
            "{}",
            deleted.status()
        );
        assert_eq!(count(&t, "SELECT COUNT(*) FROM documents WHERE id = $1", letter).await, 1, "the letter stays");
        // The same bytes uploaded by the applicant do not find the letter either.
        let mut tx = t.app.store.read().await.unwrap();
        let (_, bytes) = store::applying::document_content(&mut tx, letter).await.unwrap().unwrap();
        drop(tx);
        let again = ana
            .put(t.url(&format!("/api/v1/my/applications/{id}/documents?kind=other&name=copy.pdf")))
            .header("x-csrf-token", &csrf)
            .body(bytes)
            .send()
            .await
            .unwrap();
        if again.status() == StatusCode::OK {
            let row: Value = again.json().await.unwrap();
            assert_ne!(row["id"], letter, "{row}");
        }

        // The mission reads it.
        let (desk, _) = session(&t, &w.mission_user).await;
        assert_eq!(
            desk.get(t.url(&format!("/api/v1/documents/{letter}"))).send().await.unwrap().status(),
            StatusCode::OK
        );
        let admin = t.login(&w.admin).await;
        let audit: Value = admin
            .get(t.url("/api/v1/audit?action=application.document-read"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(audit["rows"].as_array().unwrap().iter().filter(|r| r["outcome"] == "denied").count() >= 2, "{audit}");
        let audit: Value = admin
            .get(t.url("/api/v1/audit?action=application.document-delete"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(audit["rows"].as_array().unwrap().iter().any(|r| r["outcome"] == "denied"), "{audit}");
    })
    .await;
}

// ----- Item 12: a mission's staff reach their own country's years only -----

#[tokio::test]
async fn a_missions_staff_get_no_board_or_action_of_another_countrys_year() {
    each_backend("foreign year", async |t: TestApp| {
        let w = World::seed(&t).await;
        let korea = {
            let mut tx = t.app.store.read().await.unwrap();
            tx.fetch_i64(query("SELECT id FROM programme_years WHERE country_code = 'KR'")).await.unwrap()
        };
        let (desk, csrf) = session(&t, &w.mission_user).await;
        for path in ["screening", "interviews", "decisions"] {
            let api = desk.get(t.url(&format!("/api/v1/programme-years/{korea}/{path}"))).send().await.unwrap();
            assert_eq!(api.status(), StatusCode::FORBIDDEN, "API {path}");
            let page = desk.get(t.url(&format!("/programme-years/{korea}/{path}"))).send().await.unwrap();
            assert_eq!(page.status(), StatusCode::FORBIDDEN, "page {path}");
        }
        for list in ["screening", "decisions"] {
            let export = desk.get(t.url(&format!("/api/v1/exports/{list}?year={korea}"))).send().await.unwrap();
            assert_eq!(export.status(), StatusCode::FORBIDDEN, "export {list}");
        }
        let post = async |path: &str, body: Value| {
            desk.post(t.url(&format!("/api/v1/programme-years/{korea}/{path}"))).header("x-csrf-token", &csrf).json(&body).send().await.unwrap().status()
        };
        assert_eq!(post("decisions", json!({"decisions": [{"application": 1, "outcome": "not-selected"}]})).await, StatusCode::FORBIDDEN);
        assert_eq!(post("screening/reviewers", json!({"applications": [1], "reviewers": [1]})).await, StatusCode::FORBIDDEN);
        assert_eq!(post("screening/decisions", json!({"applications": [1], "advance": true})).await, StatusCode::FORBIDDEN);
        let slots = json!({"mission": w.mission, "location": "x", "panel": "A", "first": "2030-01-10T09:00", "count": 1, "minutes": 30});
        assert_eq!(post("interviews/slots", slots).await, StatusCode::FORBIDDEN);
        let import = desk.post(t.url(&format!("/api/v1/programme-years/{korea}/imports"))).header("x-csrf-token", &csrf).body("family_name\n").send().await.unwrap();
        assert_eq!(import.status(), StatusCode::FORBIDDEN);
        // Refused and audited like any other refusal.
        let admin = t.login(&w.admin).await;
        let audit: Value = admin.get(t.url("/api/v1/audit?action=screening.read")).send().await.unwrap().json().await.unwrap();
        let row = &audit["rows"][0];
        assert_eq!((row["outcome"].as_str(), row["entity_id"].as_str()), (Some("denied"), Some(korea.to_string().as_str())), "{audit}");
        // Their own country's year still opens.
        let us = open_us_year(&t, &w).await;
        assert_eq!(desk.get(t.url(&format!("/api/v1/programme-years/{us}/screening"))).send().await.unwrap().status(), StatusCode::OK);
    })
    .await;
}

// ----- Item 13: a date-time with an offset is refused, naming the field -----

#[tokio::test]
async fn a_year_date_time_sent_with_an_offset_is_refused_naming_the_field() {
    each_backend("offset", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let (desk, csrf) = session(&t, &w.mission_user).await;
        let current: Value = desk.get(t.url(&format!("/api/v1/programme-years/{year}"))).send().await.unwrap().json().await.unwrap();
        let version = current["version"].as_i64().unwrap();
        for field in ["applications_open", "application_deadline", "reply_deadline"] {
            for sent in ["2027-06-30T12:00+09:00", "2027-06-30T12:00Z", "2027-06-30T12:00[Asia/Tokyo]"] {
                let body = json!({"places_alt": 10, "version": version, field: sent});
                let r = desk.put(t.url(&format!("/api/v1/programme-years/{year}"))).header("x-csrf-token", &csrf).json(&body).send().await.unwrap();
                assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field} {sent}");
                let error: Value = r.json().await.unwrap();
                let (named, message) = field_of(&error);
                assert_eq!(named, field, "{error}");
                assert!(message.contains("America/New_York") && message.contains("offset"), "{message}");
            }
        }
        let after: Value = desk.get(t.url(&format!("/api/v1/programme-years/{year}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(after["version"], version, "nothing written");
        // The form says the same.
        let page = desk.get(t.url(&format!("/programme-years/{year}"))).send().await.unwrap().text().await.unwrap();
        let form_csrf = crate::support::csrf_of(&page);
        let form = [("csrf_token", form_csrf.as_str()), ("version", &version.to_string()), ("application_deadline", "2027-06-30T12:00+09:00")];
        let r = desk.post(t.url(&format!("/programme-years/{year}"))).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("without an offset"));
        // Interview slots are entered the same way.
        let slots = json!({"mission": w.mission, "location": "x", "panel": "A", "first": "2030-01-10T09:00+09:00", "count": 1, "minutes": 30});
        let r = desk.post(t.url(&format!("/api/v1/programme-years/{year}/interviews/slots"))).header("x-csrf-token", &csrf).json(&slots).send().await.unwrap();
        assert_eq!(field_of(&r.json().await.unwrap()).0, "first");
    })
    .await;
}
