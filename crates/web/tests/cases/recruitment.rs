//! Recruitment: a mission sets up its country's programme year; a date-time is entered in the
//! country's own time, never with an offset (issue 10, item 13).

use crate::support::{Answer, TestApp, World, csrf_of, each_backend, field_of, open_us_year};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn missions_set_up_their_countrys_programme_year() {
    each_backend("programme years", async |t: TestApp| {
        let w = World::seed(&t).await;
        let (desk, csrf) = t.session(&w.mission_user).await;
        let created = desk.post(t.url("/api/v1/programme-years")).header("x-csrf-token", &csrf).json(&json!({"country": "US", "year": 2028})).send().await.unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let year: Value = created.json().await.unwrap();
        let id = year["id"].as_i64().unwrap();
        assert_eq!((year["status"].as_str(), year["version"].as_i64()), (Some("planning"), Some(1)));
        assert_eq!(desk.post(t.url("/api/v1/programme-years")).header("x-csrf-token", &csrf).json(&json!({"country": "US", "year": 2028})).status_answer().await, StatusCode::UNPROCESSABLE_ENTITY, "one year per country");

        assert_eq!(desk.post(t.url(&format!("/api/v1/programme-years/{id}/status"))).header("x-csrf-token", &csrf).json(&json!({"status": "recruiting", "version": 1})).status_answer().await, StatusCode::UNPROCESSABLE_ENTITY, "no recruiting before a deadline and a departure group");

        let settings = json!({
            "guidelines_published": "2027-09-21", "applications_open": "2027-09-21T09:00", "application_deadline": "2027-11-12T23:59",
            "first_screening": "2027-12-14", "interviews_from": "2028-01-25", "interviews_until": "2028-02-05", "results_by": "2028-04-14",
            "reply_deadline": "2028-04-28T17:00", "pre_departure_orientation": "2028-07-08",
            "places_alt": 2700, "places_cir": 110, "places_sea": 20, "sea_offered": true,
            "departure_groups": [{"name": "Group A", "arrival_date": "2028-07-24"}, {"name": "Group B", "arrival_date": "2028-07-31"}],
            "version": 1
        });
        let saved = desk.put(t.url(&format!("/api/v1/programme-years/{id}"))).header("x-csrf-token", &csrf).json(&settings).send().await.unwrap();
        assert_eq!(saved.status(), StatusCode::OK);
        let saved: Value = saved.json().await.unwrap();
        assert_eq!(saved["application_deadline"], "2027-11-13T04:59:00Z", "23:59 in New York is 04:59 UTC the next day");
        assert_eq!(saved["application_deadline_local"], "2027-11-12 23:59 EST");
        assert_eq!(saved["departure_groups"].as_array().unwrap().len(), 2);
        assert_eq!(saved["version"], 2);

        // The year's eligibility rules (JET.md's defaults) check an applicant's facts.
        let check = async |facts: Value| -> (StatusCode, Value) {
            let r = desk.post(t.url(&format!("/api/v1/programme-years/{id}/eligibility"))).header("x-csrf-token", &csrf).json(&facts).send().await.unwrap();
            (r.status(), r.json().await.unwrap())
        };
        let applicant = json!({"nationality": "US", "position": "ALT", "departure_group": "Group A",
            "qualifications": [{"kind": "bachelor", "awarded": "2028-05-20"}]});
        let (status, report) = check(applicant.clone()).await;
        assert_eq!((status, report["eligible"].as_bool(), report["findings"].as_array().map(Vec::len)), (StatusCode::OK, Some(true), Some(0)));
        let mut late = applicant.clone();
        late["qualifications"][0]["awarded"] = json!("2028-07-25");
        let (_, report) = check(late).await;
        assert_eq!(report["eligible"], false, "a degree due after Group A's arrival: {report}");
        assert_eq!(report["findings"][0]["rule"], "degree");
        assert!(report["findings"][0]["message"].as_str().unwrap().contains("2028-07-24"), "{report}");
        let mut korean = applicant.clone();
        korean["nationality"] = json!("KR");
        korean["position"] = json!("CIR");
        korean["jlpt"] = json!("N3");
        let (_, report) = check(korean).await;
        let rules: Vec<&str> = report["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
        assert_eq!(rules, vec!["citizenship", "japanese-ability"], "{report}");
        let mut unknown = applicant.clone();
        unknown["departure_group"] = json!("Group Z");
        let (status, body) = check(unknown).await;
        assert_eq!((status, body["error"]["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("departure_group")));

        assert_eq!(desk.put(t.url(&format!("/api/v1/programme-years/{id}"))).header("x-csrf-token", &csrf).json(&settings).status_answer().await, StatusCode::CONFLICT, "a save from an old version is a conflict, not an overwrite");

        let mut wrong = settings.clone();
        wrong["version"] = json!(2);
        wrong["interviews_from"] = json!("2027-10-01");
        wrong["places_alt"] = json!(-1);
        let refused: Value = desk.put(t.url(&format!("/api/v1/programme-years/{id}"))).header("x-csrf-token", &csrf).json(&wrong).json_answer().await;
        let fields: Vec<&str> = refused["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert!(fields.contains(&"places_alt") && fields.contains(&"interviews_from"), "{refused}");

        assert_eq!(desk.post(t.url(&format!("/api/v1/programme-years/{id}/status"))).header("x-csrf-token", &csrf).json(&json!({"status": "recruiting", "version": 2})).status_answer().await, StatusCode::OK);
        assert_eq!(desk.post(t.url(&format!("/api/v1/programme-years/{id}/status"))).header("x-csrf-token", &csrf).json(&json!({"status": "closed", "version": 3})).status_answer().await, StatusCode::UNPROCESSABLE_ENTITY, "a year moves one step at a time");

        // Another country's year is not this desk's to open; the refusal is audited.
        assert_eq!(desk.post(t.url("/api/v1/programme-years")).header("x-csrf-token", &csrf).json(&json!({"country": "KR", "year": 2028})).status_answer().await, StatusCode::FORBIDDEN);
        let page = desk.get(t.url(&format!("/programme-years/{id}"))).text_answer().await;
        assert!(page.contains("2027-11-12T23:59") && page.contains("Group B"), "the form shows local times");

        let admin = t.login(&w.admin).await;
        let audit: Value = admin.get(t.url("/api/v1/audit?entity=programme-year")).json_answer().await;
        let actions: Vec<&str> = audit["rows"].as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
        assert!(actions.contains(&"programme-year.update") && actions.contains(&"programme-year.status") && actions.contains(&"programme-year.create"), "{actions:?}");
        let update = audit["rows"].as_array().unwrap().iter().find(|r| r["action"] == "programme-year.update").unwrap();
        assert_eq!(update["before"]["places_alt"], 0);
        assert_eq!(update["after"]["places_alt"], 2700);
    })
    .await;
}

#[tokio::test]
async fn a_year_date_time_sent_with_an_offset_is_refused_naming_the_field() {
    each_backend("offset", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let (desk, csrf) = t.session(&w.mission_user).await;
        let current: Value = desk.get(t.url(&format!("/api/v1/programme-years/{year}"))).json_answer().await;
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
        let after: Value = desk.get(t.url(&format!("/api/v1/programme-years/{year}"))).json_answer().await;
        assert_eq!(after["version"], version, "nothing written");
        // The form says the same.
        let page = desk.get(t.url(&format!("/programme-years/{year}"))).text_answer().await;
        let form_csrf = csrf_of(&page);
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
