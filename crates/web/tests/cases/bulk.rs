//! Bulk work: lists export to CSV and XLSX, filters are saved, paper applications import as a
//! background job. Hardening (issue 10, items 1 and 8): a hostile spreadsheet is refused with a
//! named field error while the server keeps serving; a name that reads as a formula is exported as
//! text; one file imported twice at once creates each person once; a job whose process stopped
//! fails within a minute and a live one never.

use crate::support::{Answer, TestApp, World, at_once, each_backend, open_us_year};
use reqwest::StatusCode;
use serde_json::{Value, json};
use store::test_sql::{RawSql, query};

#[tokio::test]
async fn lists_export_to_csv_and_xlsx_filters_are_saved_and_paper_applications_import_as_a_job() {
    each_backend("bulk", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let (desk, csrf) = t.session(&w.mission_user).await;

        // Exports: only what the caller may see, in either format.
        let csv = desk.get(t.url("/api/v1/exports/applications?format=csv")).send().await.unwrap();
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let text = csv.text().await.unwrap();
        assert!(text.starts_with('\u{feff}') && text.contains("US-2027-00000") && !text.contains("KR-2027"), "{text}");
        let xlsx = desk.get(t.url("/exports/applications?format=xlsx")).send().await.unwrap();
        assert_eq!(xlsx.status(), StatusCode::OK);
        assert!(xlsx.bytes().await.unwrap().starts_with(b"PK\x03\x04"));
        let co = t.login(&w.co_a).await;
        assert_eq!(co.get(t.url("/api/v1/exports/applications")).status_answer().await, StatusCode::FORBIDDEN);
        let odd: Value = desk.get(t.url("/api/v1/exports/applications?format=pdf")).json_answer().await;
        assert_eq!(odd["error"]["fields"][0]["field"], "format");

        // Saved filters: saved, listed on the page, deleted.
        let saved: Value = desk.post(t.url("/api/v1/saved-filters")).header("x-csrf-token", &csrf)
            .json(&json!({"list": "applications", "name": "To screen", "query": "status=submitted&position=ALT"})).json_answer().await;
        assert_eq!(saved[0]["name"], "To screen");
        let page = desk.get(t.url("/applications")).text_answer().await;
        assert!(page.contains("/applications?status=submitted&#38;position=ALT") && page.contains("To screen"), "{page}");
        let bad: Value = desk.post(t.url("/api/v1/saved-filters")).header("x-csrf-token", &csrf)
            .json(&json!({"list": "applications", "name": "x", "query": "a=\"><script>"})).json_answer().await;
        assert_eq!(bad["error"]["fields"][0]["field"], "query");
        let id = saved[0]["id"].as_i64().unwrap();
        assert_eq!(desk.delete(t.url(&format!("/api/v1/saved-filters/{id}"))).header("x-csrf-token", &csrf).status_answer().await, StatusCode::NO_CONTENT);

        // A file with bad rows is refused, each row and column named, and nothing is written.
        let header = "family_name,given_name,birth_date,nationality,phone,address,qualification,institution,field_of_study,awarded,statement_of_purpose,interview_location,departure_group,email";
        let row = |family: &str, birth: &str| format!("{family},Emi,{birth},US,+1 555 0101,1 Oak St,bachelor,State U,History,2026-05-20,I want to teach.,Washington,Group A,{}@example.org", family.to_lowercase());
        let count = async || {
            let mut tx = t.app.store.read().await.unwrap();
            tx.fetch_i64(store::test_sql::query("SELECT COUNT(*) FROM applications WHERE programme_year_id = $1").bind(year)).await.unwrap()
        };
        let import = async |body: Vec<u8>| desk.post(t.url(&format!("/api/v1/programme-years/{year}/imports"))).header("x-csrf-token", &csrf).body(body).send().await.unwrap();
        let refused = import(format!("{header}\n{}\n{}\n", row("Tanaka", "2000-01-02"), row("Sato", "2000-02-30")).into_bytes()).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refused: Value = refused.json().await.unwrap();
        assert_eq!(refused["error"]["fields"][0]["field"], "rows[3].birth_date", "{refused}");
        assert_eq!(count().await, 0, "nothing written from a refused file");

        // A good file runs as a job; its progress is visible; running it again makes no duplicates.
        let good = format!("{header}\n{}\n{}\n{}\n", row("Tanaka", "2000-01-02"), row("Sato", "2000-02-03"), row("Suzuki", "1999-12-31"));
        let wait = async |job: Value| -> Value {
            let id = job["id"].as_i64().unwrap();
            for _ in 0..200 {
                let now: Value = desk.get(t.url(&format!("/api/v1/jobs/{id}"))).json_answer().await;
                if now["status"] != "running" {
                    return now;
                }
                tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            }
            panic!("job {id} did not finish")
        };
        let started = import(good.clone().into_bytes()).await;
        assert_eq!(started.status(), StatusCode::ACCEPTED);
        let done = wait(started.json().await.unwrap()).await;
        assert_eq!((done["status"].as_str(), done["done"].as_i64(), done["percent"].as_i64()), (Some("done"), Some(3), Some(100)), "{done}");
        assert_eq!(count().await, 3);
        let page = desk.get(t.url(&format!("/jobs/{}", done["id"]))).text_answer().await;
        assert!(page.contains("3 applications imported"), "{page}");
        let again = wait(import(good.into_bytes()).await.json().await.unwrap()).await;
        assert_eq!(again["result"]["skipped"], 3, "{again}");
        assert_eq!(count().await, 3, "a retried file makes no second applications");

        // The same from XLSX (a spreadsheet of the same columns).
        let sheet = app::bulk::Sheet {
            name: "Paper".into(),
            headers: header.split(',').map(str::to_owned).collect(),
            rows: vec![row("Yamada", "2001-03-04").split(',').map(app::bulk::Cell::from).collect()],
        };
        let xlsx = app::bulk::render(&sheet, app::bulk::Format::Xlsx).unwrap();
        let done = wait(import(xlsx).await.json().await.unwrap()).await;
        assert_eq!(done["status"], "done", "{done}");
        assert_eq!(count().await, 4);
        let listed: Value = desk.get(t.url("/api/v1/applications?search=Yamada")).json_answer().await;
        assert_eq!(listed["rows"][0]["status"], "submitted");
        let other = t.login(&w.co_a).await;
        assert_eq!(other.get(t.url(&format!("/api/v1/jobs/{}", done["id"]))).status_answer().await, StatusCode::FORBIDDEN);
    })
    .await;
}

/// The 1.5 KB workbook of the report: a heading in A1 and one cell in XFD1048576, the last cell
/// of a sheet. Read as a range, the half a terabyte between them is allocated.
fn a1_and_xfd1048576() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "family_name").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn a_workbook_of_a1_and_xfd1048576_is_refused_by_name_and_the_server_keeps_serving() {
    each_backend("hostile workbook", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let (desk, csrf) = t.session(&w.mission_user).await;
        let import = async |body: Vec<u8>| {
            desk.post(t.url(&format!("/api/v1/programme-years/{year}/imports")))
                .header("x-csrf-token", &csrf)
                .body(body)
                .send()
                .await
                .unwrap()
        };

        let refused = import(a1_and_xfd1048576()).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refused: Value = refused.json().await.unwrap();
        let field = &refused["error"]["fields"][0];
        assert_eq!(field["field"], "file", "{refused}");
        let message = field["message"].as_str().unwrap();
        assert!(message.contains("XFD1048576") && message.contains("20") && message.contains("001"), "{message}");

        // In the user's language.
        let mut tx = t.app.store.write().await.unwrap();
        tx.execute(store::test_sql::query("UPDATE users SET language = 'ja' WHERE email = $1").bind(w.mission_user.as_str()))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let refused: Value = import(a1_and_xfd1048576()).await.json().await.unwrap();
        let message = refused["error"]["fields"][0]["message"].as_str().unwrap();
        assert!(message.contains("セル") && message.contains("XFD1048576"), "{message}");

        // Still serving: health, the same user, and a good file after the bad one.
        let health: Value = t.anonymous().get(t.url("/healthz")).json_answer().await;
        assert_eq!(health, json!({"status": "ok", "database": t.backend_name()}));
        assert_eq!(desk.get(t.url("/api/v1/me")).status_answer().await, StatusCode::OK);
        let good = "family_name,given_name,birth_date,nationality,phone,address,qualification,institution,field_of_study,awarded,statement_of_purpose,interview_location,departure_group\n\
            Tanaka,Emi,2000-01-02,US,+1 555 0101,1 Oak St,bachelor,State U,History,2026-05-20,I want to teach.,Washington,Group A\n";
        assert_eq!(import(good.as_bytes().to_vec()).await.status(), StatusCode::ACCEPTED);
    })
    .await;
}

#[tokio::test]
async fn a_name_that_reads_as_a_formula_is_exported_as_text() {
    // Issue 10, item 5: formula injection through a name an applicant registers.
    each_backend("formula in export", async |t: TestApp| {
        let w = World::seed(&t).await;
        let name = "=HYPERLINK(\"http://evil.example\",\"Emi\")";
        let mut tx = t.app.store.write().await.unwrap();
        tx.execute(
            store::test_sql::query(
                "UPDATE people SET family_name = $1 WHERE family_name = 'Applicant' AND given_name = 'US'",
            )
            .bind(name),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let desk = t.login(&w.mission_user).await;
        let csv = desk.get(t.url("/api/v1/exports/applications?format=csv")).text_answer().await;
        let mut reader = csv::ReaderBuilder::new().from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let families: Vec<String> = reader.records().map(|r| r.unwrap()[1].to_owned()).collect();
        assert_eq!(families, vec![format!("'{name}")], "{csv}");
    })
    .await;
}

#[tokio::test]
async fn one_file_imported_twice_at_once_creates_each_person_once() {
    each_backend("concurrent import", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let (desk, csrf) = t.session(&w.mission_user).await;
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
                last = desk.get(t.url(&format!("/api/v1/jobs/{job}"))).json_answer().await;
                if last["status"] != "running" {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            }
            assert_eq!(last["status"], "done", "{last}");
        }
        assert_eq!(t.scalar(query("SELECT COUNT(*) FROM applications WHERE programme_year_id = $1").bind(year)).await, 6, "each person once");
        let people = t.scalar(query("SELECT COUNT(*) FROM people WHERE family_name LIKE 'Family%' AND id > $1").bind(0_i64)).await;
        assert_eq!(people, 6);
    })
    .await;
}

async fn job_status(t: &TestApp, job: i64) -> String {
    let mut tx = t.app.store.read().await.unwrap();
    store::jobs::job(&mut tx, job).await.unwrap().unwrap().status
}

#[tokio::test]
async fn a_job_whose_process_stopped_fails_within_a_minute_and_a_live_one_never() {
    each_backend("abandoned jobs", async |t: TestApp| {
        let w = World::seed(&t).await;
        let admin_id = {
            let mut tx = t.app.store.read().await.unwrap();
            let email = domain::Email::parse(&w.admin).unwrap();
            store::users::user_by_email(&mut tx, &email).await.unwrap().unwrap().id().0
        };
        let new_job = async || {
            let mut tx = t.app.store.write().await.unwrap();
            let job =
                store::jobs::insert_job(&mut tx, "application-import", admin_id, "-", 10, t.app.now()).await.unwrap();
            tx.commit().await.unwrap();
            job
        };
        // A job started by a process that was then killed: nobody stamps its heartbeat.
        let killed = new_job().await;
        // A job this process holds while it works (another instance's live job looks the same).
        let live = new_job().await;
        let hold = t.app.hold_job(live);
        t.clock.advance(time::Duration::seconds(50));
        // The live job's holder stamps it within a few seconds (the clock a test moves is the
        // stamp's time): wait for that stamp, not for a time.
        let stamped_at = t.app.now();
        for _ in 0..1000 {
            let mut tx = t.app.store.read().await.unwrap();
            let stamped = tx
                .fetch_i64(
                    query("SELECT COUNT(*) FROM jobs WHERE id = $1 AND heartbeat_at >= $2").bind(live).bind(stamped_at),
                )
                .await
                .unwrap();
            if stamped == 1 {
                break;
            }
            drop(tx);
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        // What the next start (or any instance's sweep, every 15 s) does.
        assert_eq!(t.app.fail_abandoned_work().await.unwrap(), 1);
        assert_eq!(job_status(&t, killed).await, "failed", "a killed job fails within a minute");
        assert_eq!(job_status(&t, live).await, "running", "a live job is never failed");
        // Its process ends (or is killed): it no longer beats, and is failed in turn.
        drop(hold);
        t.clock.advance(time::Duration::seconds(50));
        assert_eq!(t.app.fail_abandoned_work().await.unwrap(), 1);
        assert_eq!(job_status(&t, live).await, "failed");
    })
    .await;
}
