//! Recruitment: a mission sets up its country's programme year; a date-time is entered in the
//! country's own time, never with an offset (issue 10, item 13).

use crate::support::{
    Answer, TestApp, World, applicant_with_draft, csrf_of, each_backend, field_of, open_us_year, open_us_year_with,
};
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

/// The USA closes at 23:59 Hawaii time, whatever the country's usual zone (issue 14, item 9): a
/// submission at 23:58 HST goes in, one at 00:00 HST is refused with the deadline as the year
/// states it; the year page and the applicant's status page say it the same way.
#[tokio::test]
async fn a_year_with_a_hawaii_deadline_takes_2358_and_refuses_midnight() {
    each_backend("HST deadline", async |t: TestApp| {
        let w = World::seed(&t).await;
        // The deadline's day, 30 days ahead as Honolulu (UTC-10, no daylight saving) counts days.
        let hst = time::UtcOffset::from_hms(-10, 0, 0).unwrap();
        let day = (t.clock.now().to_offset(hst) + time::Duration::days(30)).date();
        let deadline = day.with_hms(23, 59, 0).unwrap().assume_offset(hst);
        let year = open_us_year_with(
            &t,
            &w,
            json!({"deadline_time_zone": "Pacific/Honolulu", "application_deadline": format!("{day}T23:59"),
                   "second_round_list": "", "placement_notices": "2028-05-20"}),
        )
        .await;
        let (desk, _) = t.session(&w.mission_user).await;
        let shown: Value = desk.get(t.url(&format!("/api/v1/programme-years/{year}"))).json_answer().await;
        let stated = format!("{day} 23:59 HST (Pacific/Honolulu)");
        assert_eq!(shown["application_deadline_stated"], stated.as_str(), "{shown}");
        assert_eq!(shown["deadline_time_zone"], "Pacific/Honolulu");
        assert_eq!(shown["deadline_time_zone_in_force"], "Pacific/Honolulu");
        let utc = deadline.to_offset(time::UtcOffset::UTC);
        assert_eq!(
            shown["application_deadline"],
            format!("{}T{:02}:59:00Z", utc.date(), utc.hour()),
            "stored as the instant"
        );
        let page = desk.get(t.url(&format!("/programme-years/{year}"))).text_answer().await;
        assert!(page.contains(&stated) && page.contains("value=\"Pacific/Honolulu\""), "the year page states it");

        let on_time = ("ana@example.org", ("Kealoha", "Ana"));
        let late = ("ben@example.org", ("Akana", "Ben"));
        let (_, _, ana_app, _) = applicant_with_draft(&t, year, w.mission, on_time.0, on_time.1, "US", "ALT").await;
        let (_, _, ben_app, _) = applicant_with_draft(&t, year, w.mission, late.0, late.1, "US", "ALT").await;
        let (ana, _) = t.session(on_time.0).await;
        let status = ana.get(t.url("/my-application")).text_answer().await;
        assert!(
            status.contains(&format!("planned: {stated}")),
            "the applicant sees the deadline as the year states it"
        );

        // 23:58 in Honolulu: 04:58 the next morning in New York, past a deadline read there, and
        // still on time here.
        // A day or more has passed: each applicant signs in again and submits.
        let submit = async |email: &str, id: i64| {
            let (client, csrf) = t.session(email).await;
            let r = client
                .post(t.url(&format!("/api/v1/my/applications/{id}/submit")))
                .header("x-csrf-token", &csrf)
                .send()
                .await
                .unwrap();
            (client, r)
        };
        t.clock.advance(deadline - time::Duration::minutes(1) - t.clock.now());
        let (ana, r) = submit(on_time.0, ana_app).await;
        assert_eq!(r.status(), StatusCode::OK, "23:58 HST is on time: {}", r.text().await.unwrap());
        let status = ana.get(t.url("/my-application")).text_answer().await;
        let done = status.split("data-step=\"step-submit\"").nth(1).unwrap().split("</li>").next().unwrap().to_owned();
        assert!(
            done.contains("data-state=\"done\"") && done.contains(&format!("{day} 23:58 HST")),
            "the submission shows when it happened: {done}"
        );

        // 00:00 in Honolulu, a minute after the deadline: refused, naming the deadline.
        t.clock.advance(time::Duration::minutes(2));
        let (_, r) = submit(late.0, ben_app).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refused: Value = r.json().await.unwrap();
        let (field, message) = field_of(&refused);
        assert_eq!(field, "deadline");
        assert!(message.contains(&stated), "{message}");
        let kept: i64 = t
            .scalar(
                store::test_sql::query(
                    "SELECT COUNT(*) FROM applications WHERE status = 'submitted' AND id IN ($1, $2)",
                )
                .bind(ana_app)
                .bind(ben_app),
            )
            .await;
        assert_eq!(kept, 1, "only the one on time is submitted");
    })
    .await;
}

/// Departure groups carry their own dates and are ordered one by one (issue 14, item 10); Korea's
/// second-round list and the placement notices are steps a year can carry (item 11).
#[tokio::test]
async fn an_april_group_sits_beside_the_summer_groups_and_optional_steps_are_kept() {
    each_backend("groups and steps", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let (desk, csrf) = t.session(&w.mission_user).await;
        let current: Value = desk.get(t.url(&format!("/api/v1/programme-years/{year}"))).json_answer().await;
        let base = |groups: Value| {
            json!({
                "deadline_time_zone": current["deadline_time_zone"].as_str().unwrap_or(""), "applications_open": current["applications_open_local"].as_str().unwrap()[..16].replace(' ', "T"),
                "application_deadline": current["application_deadline_local"].as_str().unwrap()[..16].replace(' ', "T"),
                "interviews_from": "2028-01-25", "interviews_until": "2028-02-05", "second_round_list": "2028-01-10",
                "results_by": "2028-04-14", "reply_deadline": "2028-04-28T17:00", "placement_notices": "2028-05-19",
                "pre_departure_orientation": "2028-07-08", "places_alt": 2700,
                "departure_groups": groups, "version": current["version"]
            })
        };
        let put = async |body: Value| desk.put(t.url(&format!("/api/v1/programme-years/{year}"))).header("x-csrf-token", &csrf).json(&body).send().await.unwrap();
        let summer = json!([{"name": "Group A", "arrival_date": "2028-07-24"}, {"name": "Group B", "arrival_date": "2028-07-31"}]);
        // An April group without its own orientation would arrive before the year's results.
        let mut without = summer.clone();
        without.as_array_mut().unwrap().insert(0, json!({"name": "April", "arrival_date": "2028-04-03"}));
        let r = put(base(without)).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refused: Value = r.json().await.unwrap();
        let (field, message) = field_of(&refused);
        assert_eq!(field, "departure_groups[0].arrival_date", "{refused}");
        assert!(message.contains("own pre-departure orientation"), "{message}");
        // With its own orientation in March it is accepted beside the July groups.
        let mut with = summer.clone();
        with.as_array_mut().unwrap().insert(0, json!({"name": "April", "arrival_date": "2028-04-03", "pre_departure_orientation": "2028-03-24"}));
        let r = put(base(with)).await;
        assert_eq!(r.status(), StatusCode::OK);
        let saved: Value = r.json().await.unwrap();
        assert_eq!(saved["departure_groups"][0]["name"], "April");
        assert_eq!(saved["departure_groups"][0]["pre_departure_orientation"], "2028-03-24");
        assert_eq!(saved["departure_groups"][1]["pre_departure_orientation"], Value::Null);
        assert_eq!((saved["second_round_list"].as_str(), saved["placement_notices"].as_str()), (Some("2028-01-10"), Some("2028-05-19")));
        let page = desk.get(t.url(&format!("/programme-years/{year}"))).text_answer().await;
        assert!(page.contains("name=\"second_round_list\" value=\"2028-01-10\"") && page.contains("value=\"2028-03-24\""), "the page shows the steps and the group's own date");

        // The applicant's timeline carries the optional steps with their planned dates.
        applicant_with_draft(&t, year, w.mission, "cho@example.org", ("Cho", "Min"), "US", "ALT").await;
        let (cho, _) = t.session("cho@example.org").await;
        let status = cho.get(t.url("/my-application")).text_answer().await;
        for (step, planned) in [("step-second-round", "2028-01-10"), ("step-placement", "2028-05-19"), ("step-orientation", "2028-07-08"), ("step-arrival", "2028-07-24")] {
            let item = status.split(&format!("data-step=\"{step}\"")).nth(1).unwrap_or_else(|| panic!("{step} shown")).split("</li>").next().unwrap();
            assert!(item.contains("data-state=\"upcoming\"") && item.contains(&format!("planned: {planned}")), "{step}: {item}");
        }
        assert!(!status.contains("data-state=\"done\""), "nothing is done before the submission");
    })
    .await;
}

/// After a form on the year page, a redirect back with a notice shown once; a closed year can no
/// longer be edited: the page is read-only, the API answers 422 with the reason (issue 14, items 2
/// and 12).
#[tokio::test]
async fn the_year_form_redirects_with_a_notice_and_a_closed_year_is_read_only() {
    each_backend("closed year", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let (desk, csrf) = t.session(&w.mission_user).await;
        let path = format!("/programme-years/{year}");
        let page = desk.get(t.url(&path)).text_answer().await;
        let current: Value = desk.get(t.url(&format!("/api/v1/programme-years/{year}"))).json_answer().await;
        let version = current["version"].as_i64().unwrap().to_string();
        let deadline = current["application_deadline_local"].as_str().unwrap()[..16].replace(' ', "T");
        let form = [
            ("csrf_token", csrf_of(&page)),
            ("version", version.clone()),
            ("application_deadline", deadline.clone()),
            ("places_alt", "2800".into()),
            ("group_name_0", "Group A".into()),
            ("group_arrival_0", "2028-07-24".into()),
        ];
        let r = desk.post(t.url(&path)).form(&form).send().await.unwrap();
        assert_eq!((r.status(), r.headers()["location"].to_str().unwrap()), (StatusCode::SEE_OTHER, path.as_str()));
        let shown = desk.get(t.url(&path)).text_answer().await;
        assert!(shown.contains("The programme year is saved.") && shown.contains("value=\"2800\""), "the notice, once");
        assert!(
            !desk.get(t.url(&path)).text_answer().await.contains("The programme year is saved."),
            "a reload shows it no more"
        );
        // A refused form is shown again with its errors.
        let bad = [
            ("csrf_token", csrf_of(&shown)),
            ("version", (version.parse::<i64>().unwrap() + 1).to_string()),
            ("application_deadline", deadline),
            ("first_screening", "2020-01-01".into()),
        ];
        let r = desk.post(t.url(&path)).form(&bad).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("First screening"), "the refused field by its label");

        // Moving the year on redirects too, saying where it is now.
        let shown = desk.get(t.url(&path)).text_answer().await;
        let v: Value = desk.get(t.url(&format!("/api/v1/programme-years/{year}"))).json_answer().await;
        let step =
            [("csrf_token", csrf_of(&shown)), ("version", v["version"].to_string()), ("status", "selecting".into())];
        let r = desk.post(t.url(&format!("{path}/status"))).form(&step).send().await.unwrap();
        assert_eq!((r.status(), r.headers()["location"].to_str().unwrap()), (StatusCode::SEE_OTHER, path.as_str()));
        assert!(desk.get(t.url(&path)).text_answer().await.contains("The programme year is now: Selecting."));
        for status in ["placing", "closed"] {
            let v: Value = desk.get(t.url(&format!("/api/v1/programme-years/{year}"))).json_answer().await;
            let r = desk
                .post(t.url(&format!("/api/v1/programme-years/{year}/status")))
                .header("x-csrf-token", &csrf)
                .json(&json!({"status": status, "version": v["version"]}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{status}");
        }
        let closed: Value = desk.get(t.url(&format!("/api/v1/programme-years/{year}"))).json_answer().await;
        assert_eq!((closed["status"].as_str(), closed["editable"].as_bool()), (Some("closed"), Some(false)));
        let r = desk
            .put(t.url(&format!("/api/v1/programme-years/{year}")))
            .header("x-csrf-token", &csrf)
            .json(&json!({"places_alt": 1, "version": closed["version"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refused: Value = r.json().await.unwrap();
        let (field, message) = field_of(&refused);
        assert_eq!(field, "status");
        assert!(message.contains("closed"), "{message}");
        let after: Value = desk.get(t.url(&format!("/api/v1/programme-years/{year}"))).json_answer().await;
        assert_eq!(
            (after["version"].clone(), after["places_alt"].clone()),
            (closed["version"].clone(), closed["places_alt"].clone()),
            "nothing written"
        );
        let page = desk.get(t.url(&path)).text_answer().await;
        assert!(
            page.contains("data-testid=\"year-read-only\"")
                && page.contains("<fieldset class=\"plain\" disabled>")
                && !page.contains("data-testid=\"year-save\""),
            "the page is read-only"
        );
        let form =
            [("csrf_token", csrf_of(&page)), ("version", closed["version"].to_string()), ("places_alt", "1".into())];
        let r = desk.post(t.url(&path)).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("the year is closed"));
    })
    .await;
}
