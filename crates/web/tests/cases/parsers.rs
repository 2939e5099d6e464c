//! Issue 10, item 1: a hostile spreadsheet imported through the real import endpoint is refused
//! with a named field error, and the server keeps serving.

use super::open_us_year;
use crate::support::{TestApp, World, each_backend};
use reqwest::StatusCode;
use serde_json::{Value, json};
use store::test_sql::RawSql;

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
        let desk = t.login(&w.mission_user).await;
        let csrf = t.csrf(&desk).await;
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
        let health: Value = t.anonymous().get(t.url("/healthz")).send().await.unwrap().json().await.unwrap();
        assert_eq!(health, json!({"status": "ok", "database": t.backend_name()}));
        assert_eq!(desk.get(t.url("/api/v1/me")).send().await.unwrap().status(), StatusCode::OK);
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
        let csv =
            desk.get(t.url("/api/v1/exports/applications?format=csv")).send().await.unwrap().text().await.unwrap();
        let mut reader = csv::ReaderBuilder::new().from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let families: Vec<String> = reader.records().map(|r| r.unwrap()[1].to_owned()).collect();
        assert_eq!(families, vec![format!("'{name}")], "{csv}");
    })
    .await;
}
