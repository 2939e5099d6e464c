//! Selection: a mission screens, interviews, decides and upgrades, and the candidate replies and
//! clears; the boards need their token, keep screening blind and show refusals in the form.
//! Hardening (issue 10, items 6, 8, 12): blind screening in every list, search and export; limits
//! that hold under concurrent requests on both databases; a mission's staff kept to their own
//! country's years.

use crate::support::{
    AT_ONCE, Answer, TestApp, World, account, applicant_with_draft, at_once, csrf_of, each_backend, field_of, mail_to,
    open_us_year, open_us_year_with,
};
use domain::{MissionId, Role, Unit};
use reqwest::StatusCode;
use serde_json::{Value, json};
use store::test_sql::{RawSql, query};

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

#[tokio::test]
async fn a_mission_screens_interviews_decides_and_upgrades_and_the_candidate_replies_and_clears() {
    each_backend("selection", async |t: TestApp| {
        let w = World::seed(&t).await;
        let reply_by = (t.clock.now() + time::Duration::days(120)).date();
        let rules = json!({
            "blind_screening": true, "reviewers_per_application": 2, "booking_cutoff_hours": 48, "clearance_days": 30,
            "screening": [{"key": "statement", "weight": 3}, {"key": "education", "weight": 1}],
            "interview": [{"key": "motivation", "weight": 2}, {"key": "communication", "weight": 1}]
        });
        let year = open_us_year_with(&t, &w, json!({"places_alt": 1, "selection_rules": rules, "reply_deadline": format!("{reply_by}T17:00")})).await;
        let mut applicants = Vec::new();
        for (email, name) in [("ana@example.org", ("Rivera", "Ana")), ("ben@example.org", ("Lee", "Ben")), ("cai@example.org", ("Chen", "Cai"))] {
            let (client, csrf, id, _) = applicant_with_draft(&t, year, w.mission, email, name, "US", "ALT").await;
            let r = client.post(t.url(&format!("/api/v1/my/applications/{id}/submit"))).header("x-csrf-token", &csrf).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            applicants.push((email, id));
        }
        let [(ana_email, ana), (ben_email, ben), (_, cai)] = applicants[..] else { unreachable!() };
        let ids = json!([ana, ben, cai]);
        account(&t, "desk2.us@example.org", Role::MissionStaff, Unit::Mission(MissionId(w.mission))).await;
        account(&t, "desk3.us@example.org", Role::MissionStaff, Unit::Mission(MissionId(w.mission))).await;
        let session = async |email: &str| {
            let client = t.login(email).await;
            let me: Value = client.get(t.url("/api/v1/me")).json_answer().await;
            (client, me["csrf_token"].as_str().unwrap().to_owned(), me["id"].as_i64().unwrap())
        };
        let (desk, csrf, desk_id) = session(&w.mission_user).await;
        let (desk2, csrf2, desk2_id) = session("desk2.us@example.org").await;
        let (desk3, csrf3, desk3_id) = session("desk3.us@example.org").await;
        let (_, _, admin_id) = session(&w.admin).await;
        let post = async |c: &reqwest::Client, csrf: &str, path: &str, body: Value| c.post(t.url(path)).header("x-csrf-token", csrf).json(&body).send().await.unwrap();
        let put = async |c: &reqwest::Client, csrf: &str, path: &str, body: Value| c.put(t.url(path)).header("x-csrf-token", csrf).json(&body).send().await.unwrap();
        let get = async |c: &reqwest::Client, path: &str| -> Value { c.get(t.url(path)).json_answer().await };

        // First screening, blind: no names on the board or in the review.
        let board = get(&desk, &format!("/api/v1/programme-years/{year}/screening")).await;
        assert_eq!(board["rows"].as_array().unwrap().len(), 3, "{board}");
        assert!(board["rows"][0]["name"].is_null() && !board["rows"].to_string().contains("Rivera"));
        assert_eq!(board["rows"][0]["reviewers_missing"], 2);
        let early = post(&desk, &csrf, &format!("/api/v1/programme-years/{year}/screening/decisions"), json!({"applications": ids, "advance": true})).await;
        assert_eq!(early.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_of(&early.json().await.unwrap()).1.contains("US-2028-00001"), "the application without scores is named");
        let outsider = post(&desk, &csrf, &format!("/api/v1/programme-years/{year}/screening/reviewers"), json!({"applications": ids, "reviewers": [admin_id]})).await;
        assert_eq!(field_of(&outsider.json().await.unwrap()).0, "reviewers", "only the mission's staff review");
        let assigned: Value = post(&desk, &csrf, &format!("/api/v1/programme-years/{year}/screening/reviewers"), json!({"applications": ids, "reviewers": [desk_id, desk2_id]})).await.json().await.unwrap();
        assert_eq!(assigned["changed"], 6);
        let view = get(&desk2, &format!("/api/v1/applications/{ana}/review")).await;
        assert_eq!(view["blind"], true);
        assert!(view["form"]["personal"].get("family_name").is_none() && !view.to_string().contains("Rivera"), "{view}");
        assert_eq!(get(&desk3, &format!("/api/v1/applications/{ana}/review")).await["error"]["code"], "forbidden", "only assigned reviewers");
        let conflict = post(&desk2, &csrf2, &format!("/api/v1/applications/{cai}/review/conflict"), json!({"reason": "Cai was my student"})).await;
        assert_eq!(conflict.status(), StatusCode::OK);
        // The candidate's file (issue 14): the desk reads it all but who applied, while blind; a
        // reviewer who declared a conflict reads nothing personal, not even the files; an applicant
        // reads no one else's.
        let file = get(&desk, &format!("/api/v1/applications/{cai}")).await;
        assert_eq!((file["reader"].as_str(), file["identity_hidden"].as_bool()), (Some("desk"), Some(true)), "{file}");
        assert!(file["name"].is_null() && !file.to_string().contains("Chen"), "blind: {file}");
        assert!(file["form"]["statement"].is_object() && !file["documents"].as_array().unwrap().is_empty(), "{file}");
        assert_eq!(file["reviews"].as_array().unwrap().len(), 2, "the desk sees every review");
        assert!(file["history"].as_array().unwrap().iter().any(|h| h["action"] == "application.submit" && h["by_applicant"] == true), "{file}");
        let document = file["documents"][0]["id"].as_i64().unwrap();
        let conflicted = get(&desk2, &format!("/api/v1/applications/{cai}")).await;
        assert_eq!(conflicted["reader"], "conflicted", "{conflicted}");
        assert!(conflicted["form"].as_object().unwrap().is_empty() && conflicted["documents"].as_array().unwrap().is_empty() && conflicted["nationality"].is_null(), "{conflicted}");
        assert!(conflicted["history"].as_array().unwrap().is_empty() && conflicted["referees"].as_array().unwrap().is_empty());
        assert_eq!(desk2.get(t.url(&format!("/api/v1/documents/{document}"))).send().await.unwrap().status(), StatusCode::FORBIDDEN, "nor its files");
        assert_eq!(desk2.get(t.url(&format!("/documents/{document}/view"))).send().await.unwrap().status(), StatusCode::FORBIDDEN);
        let review = get(&desk2, &format!("/api/v1/applications/{cai}/review")).await;
        assert!(review["form"].as_object().unwrap().is_empty() && review["documents"].as_array().unwrap().is_empty(), "the review page neither: {review}");
        let page = desk2.get(t.url(&format!("/applications/{cai}"))).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert!(html.contains("data-testid=\"file-conflicted\"") && html.contains("Cai was my student") && !html.contains("file-documents"), "{html}");
        let as_reviewer = get(&desk2, &format!("/api/v1/applications/{ana}")).await;
        assert_eq!(as_reviewer["reader"], "desk", "a member of the desk without a conflict reads the desk's file");
        let shown = desk.get(t.url(&format!("/documents/{document}/view"))).send().await.unwrap();
        assert_eq!(shown.status(), StatusCode::OK);
        assert!(shown.headers()["content-disposition"].to_str().unwrap().starts_with("inline"), "shown in place");
        assert_eq!(shown.headers()["x-frame-options"], "SAMEORIGIN");
        let (ana_c, _, _) = session(ana_email).await;
        assert_eq!(get(&ana_c, &format!("/api/v1/applications/{ben}")).await["error"]["code"], "forbidden", "an applicant reads no one else's file");
        let score = async |c: &reqwest::Client, csrf: &str, id: i64, s: u8, e: u8| put(c, csrf, &format!("/api/v1/applications/{id}/review"), json!({"scores": {"statement": s, "education": e}})).await;
        let incomplete = put(&desk, &csrf, &format!("/api/v1/applications/{ana}/review"), json!({"scores": {"statement": 4}})).await;
        assert_eq!(field_of(&incomplete.json().await.unwrap()).0, "scores.education");
        assert_eq!(score(&desk2, &csrf2, cai, 3, 3).await.status(), StatusCode::UNPROCESSABLE_ENTITY, "no score after a declared conflict");
        for (c, k, id, s) in [(&desk, &csrf, ana, 5), (&desk2, &csrf2, ana, 4), (&desk, &csrf, ben, 5), (&desk2, &csrf2, ben, 1), (&desk, &csrf, cai, 2)] {
            assert_eq!(score(c, k, id, s, s).await.status(), StatusCode::OK);
        }
        let board = get(&desk, &format!("/api/v1/programme-years/{year}/screening")).await;
        let row = |id: i64| board["rows"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
        assert_eq!((row(ben)["agreement"]["disagreement"].as_bool(), row(ben)["agreement"]["spread"].as_f64()), (Some(true), Some(4.0)));
        assert_eq!(row(ana)["agreement"]["disagreement"], false);
        assert_eq!(row(cai)["reviewers_missing"], 1, "a conflict asks for another reviewer");
        post(&desk, &csrf, &format!("/api/v1/programme-years/{year}/screening/reviewers"), json!({"applications": [cai], "reviewers": [desk3_id]})).await;
        assert_eq!(score(&desk3, &csrf3, cai, 2, 1).await.status(), StatusCode::OK);
        let no_reason = post(&desk, &csrf, &format!("/api/v1/programme-years/{year}/screening/decisions"), json!({"applications": [cai], "advance": false})).await;
        assert_eq!(field_of(&no_reason.json().await.unwrap()).0, "reason");
        let out: Value = post(&desk, &csrf, &format!("/api/v1/programme-years/{year}/screening/decisions"), json!({"applications": [cai], "advance": false, "reason": "Statement too short"})).await.json().await.unwrap();
        assert_eq!(out["changed"], 1);
        let advanced: Value = post(&desk, &csrf, &format!("/api/v1/programme-years/{year}/screening/decisions"), json!({"applications": [ana, ben], "advance": true})).await.json().await.unwrap();
        assert_eq!(advanced["changed"], 2);
        assert!(mail_to(&t, ana_email, "invited").await.body_text.contains("/my-application"));

        // Interviews: slots, booking with a calendar invitation, no double booking, moves.
        let first = (t.clock.now() + time::Duration::days(10)).date();
        let bad = post(&desk, &csrf, &format!("/api/v1/programme-years/{year}/interviews/slots"), json!({"mission": w.mission, "location": "Washington, D.C.", "panel": "Panel 1", "first": format!("{first}T10:00"), "count": 0, "minutes": 30})).await;
        assert_eq!(field_of(&bad.json().await.unwrap()).0, "count");
        let added: Value = post(&desk, &csrf, &format!("/api/v1/programme-years/{year}/interviews/slots"), json!({"mission": w.mission, "location": "Washington, D.C.", "panel": "Panel 1", "first": format!("{first}T10:00"), "count": 3, "minutes": 30})).await.json().await.unwrap();
        assert_eq!(added["changed"], 3);
        let (ana_c, ana_csrf, _) = session(ana_email).await;
        let (ben_c, ben_csrf, _) = session(ben_email).await;
        let mine = get(&ana_c, &format!("/api/v1/my/applications/{ana}/selection")).await;
        let slots: Vec<i64> = mine["bookable"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect();
        assert_eq!(slots.len(), 3, "{mine}");
        assert_eq!(put(&ana_c, &ana_csrf, &format!("/api/v1/my/applications/{ana}/interview"), json!({"slot": slots[0]})).await.status(), StatusCode::OK);
        let invitation = mail_to(&t, ana_email, "interview-booked").await;
        let ics = invitation.calendar.expect("the invitation carries the calendar event");
        assert!(ics.contains("BEGIN:VEVENT") && ics.contains("DTSTART:") && ics.contains("LOCATION:Washington\\, D.C."), "{ics}");
        let taken = put(&ben_c, &ben_csrf, &format!("/api/v1/my/applications/{ben}/interview"), json!({"slot": slots[0]})).await;
        assert_eq!(field_of(&taken.json().await.unwrap()).0, "slot", "one candidate per slot");
        assert_eq!(put(&ben_c, &ben_csrf, &format!("/api/v1/my/applications/{ben}/interview"), json!({"slot": slots[1]})).await.status(), StatusCode::OK);
        assert_eq!(put(&ana_c, &ana_csrf, &format!("/api/v1/my/applications/{ana}/interview"), json!({"slot": slots[2]})).await.status(), StatusCode::OK, "moved");
        let calendar = ana_c.get(t.url(&format!("/api/v1/my/applications/{ana}/interview.ics"))).send().await.unwrap();
        assert_eq!(calendar.headers()["content-type"], "text/calendar; charset=utf-8");
        assert!(calendar.text().await.unwrap().contains("SEQUENCE:1"), "a move is a new sequence of the same event");
        t.clock.advance(time::Duration::days(9));
        let (ana_c, ana_csrf, _) = session(ana_email).await;
        let late = ana_c.delete(t.url(&format!("/api/v1/my/applications/{ana}/interview"))).header("x-csrf-token", &ana_csrf).send().await.unwrap();
        assert!(field_of(&late.json().await.unwrap()).1.contains("48"), "changes close 48 hours before");

        // The panel scores; a written test for Ben.
        let (desk, csrf, _) = session(&w.mission_user).await;
        let (desk2, csrf2, _) = session("desk2.us@example.org").await;
        for (c, k, id, m) in [(&desk, &csrf, ana, 5), (&desk2, &csrf2, ana, 4), (&desk, &csrf, ben, 3)] {
            let r = put(c, k, &format!("/api/v1/applications/{id}/scorecard"), json!({"scores": {"motivation": m, "communication": 4}})).await;
            assert_eq!(r.status(), StatusCode::OK);
        }
        assert_eq!(field_of(&put(&desk, &csrf, &format!("/api/v1/applications/{ben}/written-test"), json!({"score": 150})).await.json().await.unwrap()).0, "written_test_score");
        assert_eq!(put(&desk, &csrf, &format!("/api/v1/applications/{ben}/written-test"), json!({"score": 60})).await.status(), StatusCode::OK);

        // Decisions within the plan (one ALT place).
        let decisions = get(&desk, &format!("/api/v1/programme-years/{year}/decisions")).await;
        let proposed = |id: i64| decisions["rows"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()["proposed"].clone();
        assert_eq!((proposed(ana), proposed(ben)), (json!("short-listed"), json!({"alternate": 1})), "{decisions}");
        let over = post(&desk, &csrf, &format!("/api/v1/programme-years/{year}/decisions"), json!({"decisions": [{"application": ana, "outcome": "short-listed"}, {"application": ben, "outcome": "short-listed"}]})).await;
        assert_eq!(field_of(&over.json().await.unwrap()).0, "decisions", "never over the plan");
        let decided = post(&desk, &csrf, &format!("/api/v1/programme-years/{year}/decisions"), json!({"decisions": [{"application": ana, "outcome": "short-listed"}, {"application": ben, "outcome": "alternate", "rank": 1}]})).await;
        assert_eq!(decided.status(), StatusCode::OK);
        assert!(mail_to(&t, ben_email, "alternate").await.body_text.contains("alternate number 1"));
        // After the interview the file shows who, the panel's marks, the test and the decision, and
        // its history names what was decided and by whom; the page shows the same.
        let file = get(&desk, &format!("/api/v1/applications/{ben}")).await;
        assert_eq!((file["identity_hidden"].as_bool(), file["name"].as_str()), (Some(false), Some("Ben Lee")), "{file}");
        assert_eq!((file["scorecards"].as_array().unwrap().len(), file["written_test_score"].as_i64(), file["alternate_rank"].as_i64()), (1, Some(60), Some(1)));
        let decided_step = file["history"].as_array().unwrap().iter().find(|h| h["action"] == "selection.decide").cloned().unwrap_or_default();
        assert_eq!((decided_step["status"].as_str(), decided_step["by_applicant"].as_bool()), (Some("alternate"), Some(false)), "{file}");
        assert!(decided_step["by"].is_string());
        let html = desk.get(t.url(&format!("/applications/{ben}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Ben Lee") && html.contains("data-testid=\"file-history\"") && html.contains("Decided") && !html.contains("history-"), "{html}");
        let no_place = post(&desk, &csrf, &format!("/api/v1/applications/{ben}/upgrade"), json!({})).await;
        assert_eq!(no_place.status(), StatusCode::UNPROCESSABLE_ENTITY, "no free place yet");

        // Ana withdraws: the board proposes Ben, one action upgrades and tells him.
        let w1 = post(&ana_c, &ana_csrf, &format!("/api/v1/my/applications/{ana}/withdraw"), json!({"reason": "Family reasons"})).await;
        assert_eq!(w1.status(), StatusCode::OK);
        let decisions = get(&desk, &format!("/api/v1/programme-years/{year}/decisions")).await;
        assert_eq!(decisions["upgrades"][0]["application_id"], ben, "{decisions}");
        let upgraded: Value = post(&desk, &csrf, &format!("/api/v1/applications/{ben}/upgrade"), json!({})).await.json().await.unwrap();
        assert_eq!(upgraded["status"], "short-listed");
        assert!(mail_to(&t, ben_email, "upgraded").await.subject.contains("US-2028-00002"));

        // Ben accepts and sends his clearance documents; reminded before they fall due.
        let (ben_c, ben_csrf, _) = session(ben_email).await;
        let accepted: Value = post(&ben_c, &ben_csrf, &format!("/api/v1/my/applications/{ben}/reply"), json!({"accept": true})).await.json().await.unwrap();
        assert_eq!(accepted["status"], "accepted");
        let upload = async |kind: &str| {
            ben_c.put(t.url(&format!("/api/v1/my/applications/{ben}/clearance?kind={kind}&name={kind}.pdf"))).header("x-csrf-token", &ben_csrf).body(format!("%PDF-1.4\n% {kind}\n")).send().await.unwrap()
        };
        assert_eq!(upload("police-certificate").await.status(), StatusCode::OK);
        assert_eq!(field_of(&upload("passport").await.json().await.unwrap()).0, "kind");
        t.clock.advance(time::Duration::days(25));
        assert_eq!(t.app.send_clearance_reminders().await.unwrap(), 1);
        assert_eq!(t.app.send_clearance_reminders().await.unwrap(), 0, "not reminded twice in three days");
        assert!(mail_to(&t, ben_email, "clearance-reminder").await.body_text.contains("Health certificate"));
        let (ben_c, ben_csrf, _) = session(ben_email).await;
        for kind in ["health-certificate", "graduation-proof"] {
            let r = ben_c.put(t.url(&format!("/api/v1/my/applications/{ben}/clearance?kind={kind}&name={kind}.pdf"))).header("x-csrf-token", &ben_csrf).body(format!("%PDF-1.4\n% {kind}\n")).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
        }
        let mine = get(&ben_c, &format!("/api/v1/my/applications/{ben}")).await;
        assert_eq!(mine["status"], "cleared");
        let page = ben_c.get(t.url("/my-application")).text_answer().await;
        assert!(page.contains("US-2028-00002"));

        // A false statement found later disqualifies, with the ground on record.
        let (desk, csrf, _) = session(&w.mission_user).await;
        let bad_ground = post(&desk, &csrf, &format!("/api/v1/applications/{ben}/disqualify"), json!({"ground": "rudeness", "details": "-"})).await;
        assert_eq!(field_of(&bad_ground.json().await.unwrap()).0, "ground");
        let (co, co_csrf) = t.session(&w.co_a).await;
        assert_eq!(post(&co, &co_csrf, &format!("/api/v1/applications/{ben}/disqualify"), json!({"ground": "false-statement", "details": "x"})).await.status(), StatusCode::FORBIDDEN);
        let dq: Value = post(&desk, &csrf, &format!("/api/v1/applications/{ben}/disqualify"), json!({"ground": "false-statement", "details": "Degree certificate was forged"})).await.json().await.unwrap();
        assert_eq!(dq["status"], "disqualified");
        let admin = t.login(&w.admin).await;
        let audit: Value = admin.get(t.url("/api/v1/audit?action=selection.disqualify")).json_answer().await;
        let outcomes: Vec<&str> = audit["rows"].as_array().unwrap().iter().map(|r| r["outcome"].as_str().unwrap()).collect();
        assert_eq!(outcomes, vec!["done", "denied"]);
        assert_eq!(audit["rows"][0]["after"]["reason"], "false-statement: Degree certificate was forged");
    })
    .await;
}

#[tokio::test]
async fn the_selection_pages_need_their_token_keep_screening_blind_and_show_refusals_in_the_form() {
    each_backend("selection pages", async |t: TestApp| {
        let w = World::seed(&t).await;
        let rules = json!({"blind_screening": true, "screening": [{"key": "statement", "weight": 3}, {"key": "education", "weight": 1}]});
        let year = open_us_year_with(&t, &w, json!({"places_alt": 1, "selection_rules": rules})).await;
        let (ana_c, ana_csrf, ana, _) = applicant_with_draft(&t, year, w.mission, "ana@example.org", ("Rivera", "Ana"), "US", "ALT").await;
        assert_eq!(ana_c.post(t.url(&format!("/api/v1/my/applications/{ana}/submit"))).header("x-csrf-token", &ana_csrf).status_answer().await, StatusCode::OK);
        let desk = t.login(&w.mission_user).await;
        let me: Value = desk.get(t.url("/api/v1/me")).json_answer().await;
        let page = async |path: &str| desk.get(t.url(path)).text_answer().await;
        let board = page(&format!("/programme-years/{year}/screening")).await;
        assert!(board.contains("US-2028-00001") && !board.contains("Rivera"), "blind: no name on the board");
        let token = csrf_of(&board);
        let assign = [("application", ana.to_string()), ("reviewer", me["id"].to_string())];
        let path = format!("/programme-years/{year}/screening/reviewers");
        assert_eq!(desk.post(t.url(&path)).form(&assign).status_answer().await, StatusCode::FORBIDDEN, "no token, no change");
        let r = desk.post(t.url(&path)).form(&[&assign[..], &[("csrf_token", token.clone())]].concat()).send().await.unwrap();
        // Post/Redirect/Get: the answer is the board again, with what was done said once; a
        // reload repeats nothing and says nothing.
        let board_path = format!("/programme-years/{year}/screening");
        assert_eq!((r.status(), r.headers()["location"].to_str().unwrap()), (StatusCode::SEE_OTHER, board_path.as_str()));
        let shown = desk.get(t.url(&board_path)).send().await.unwrap().text().await.unwrap();
        assert!(shown.contains("1 reviewer assignment(s) added"), "{shown}");
        let reloaded = desk.get(t.url(&format!("/programme-years/{year}/screening"))).send().await.unwrap().text().await.unwrap();
        assert!(!reloaded.contains("reviewer assignment(s) added"), "the notice is shown once");

        let review = page(&format!("/applications/{ana}/review")).await;
        assert!(review.contains("name=\"score_statement\"") && review.contains("Linguistics"), "{review}");
        assert!(!review.contains("Rivera") && !review.contains("2001-05-04") && !review.contains("1 Main St"), "blind: {review}");
        let marks = [("csrf_token", token.as_str()), ("score_statement", "4"), ("score_education", "")];
        let r = desk.post(t.url(&format!("/applications/{ana}/review"))).form(&marks).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refused = r.text().await.unwrap();
        assert!(refused.contains("Education: this is required") && refused.contains("<option value=\"4\" selected>"), "{refused}");

        let year_page = page(&format!("/programme-years/{year}")).await;
        assert!(year_page.contains("name=\"screening_key_0\" value=\"statement\"") && year_page.contains("/screening\">"), "{year_page}");
        let version = year_page.split("name=\"version\" value=\"").nth(1).and_then(|v| v.split('"').next()).unwrap().to_owned();
        let form = [("csrf_token", token.as_str()), ("version", version.as_str()), ("reviewers_per_application", "1"), ("disagreement_threshold", "1"), ("booking_cutoff_hours", "0"), ("clearance_days", "30"), ("interview_share_percent", "80"), ("screening_key_0", "statement"), ("screening_weight_0", "3"), ("interview_key_0", "motivation"), ("interview_weight_0", "1")];
        let r = desk.post(t.url(&format!("/programme-years/{year}"))).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refused = r.text().await.unwrap();
        assert!(refused.contains("Reviewers per application: must be from 2 to 5"), "{refused}");
        assert!(refused.contains("name=\"reviewers_per_application\" value=\"1\""), "the refused value is shown again");
    })
    .await;
}

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
        let (desk, desk_csrf) = t.session(&w.mission_user).await;
        let (clair, _) = t.session("clair@example.org").await;

        for (who, client) in [("desk", &desk), ("CLAIR", &clair)] {
            // The list: the row is there, without the name.
            let listed: Value = client.get(t.url("/api/v1/applications")).json_answer().await;
            let row = listed["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == id)
                .unwrap_or_else(|| panic!("{who}: {listed}"));
            assert_eq!((&row["family_name"], &row["given_name"]), (&Value::Null, &Value::Null), "{who}: {row}");
            // The search by name finds nothing (no oracle); by reference it finds the row.
            for name in ["Rivera", "rive", "Ana"] {
                let found: Value =
                    client.get(t.url(&format!("/api/v1/applications?search={name}"))).json_answer().await;
                assert!(found["rows"].as_array().unwrap().iter().all(|r| r["id"] != id), "{who} found {name}: {found}");
            }
            let found: Value =
                client.get(t.url(&format!("/api/v1/applications?search={reference}"))).json_answer().await;
            assert_eq!(found["total"], 1, "{who}: {found}");
            // The page, its search, and the exports in both formats.
            let page = client.get(t.url("/applications")).text_answer().await;
            assert!(page.contains(&reference) && !page.contains("Rivera"), "{who}: {page}");
            let page = client.get(t.url("/applications?search=Rivera")).text_answer().await;
            assert!(!page.contains(&reference), "{who}: the page's search");
            let csv = client.get(t.url("/api/v1/exports/applications?format=csv")).text_answer().await;
            assert!(csv.contains(&reference) && !csv.contains("Rivera") && !csv.contains("Ana,"), "{who}: {csv}");
            let csv = client.get(t.url("/api/v1/exports/applications?format=csv&search=Rivera")).text_answer().await;
            assert!(!csv.contains(&reference), "{who}: the export's search");
            let xlsx = client.get(t.url("/api/v1/exports/applications?format=xlsx")).send().await.unwrap();
            // Rendered from the same sheet as the CSV (`App::export_list`), which the list masked.
            assert_eq!(xlsx.status(), StatusCode::OK);
        }

        // A saved filter runs the same list.
        assert_eq!(
            desk.post(t.url("/api/v1/saved-filters"))
                .header("x-csrf-token", &desk_csrf)
                .json(&json!({"list": "applications", "name": "By name", "query": "search=Rivera"}))
                .status_answer()
                .await,
            StatusCode::OK
        );
        let page = desk.get(t.url("/applications?search=Rivera")).text_answer().await;
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
        let own: Value = ana.get(t.url("/api/v1/applications")).json_answer().await;
        assert_eq!(own["rows"][0]["family_name"], "Rivera", "{own}");

        // Past the first screening, the panel meets the candidate: the name is shown and found.
        let mut tx = t.app.store.write().await.unwrap();
        tx.execute(query("UPDATE applications SET status = 'invited-to-interview' WHERE id = $1").bind(id))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let found: Value = desk.get(t.url("/api/v1/applications?search=Rivera")).json_answer().await;
        assert_eq!((found["total"].as_i64(), &found["rows"][0]["family_name"]), (Some(1), &json!("Rivera")), "{found}");
    })
    .await;
}

#[tokio::test]
async fn concurrent_decisions_never_short_list_more_than_the_plan() {
    each_backend("concurrent decisions", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year_with(&t, &w, json!({"places_alt": 1})).await;
        let ids = candidates(&t, &w, year, AT_ONCE, "interviewed").await;
        let (desk, csrf) = t.session(&w.mission_user).await;
        let decide = |id: i64| {
            let (desk, csrf, url) =
                (desk.clone(), csrf.clone(), t.url(&format!("/api/v1/programme-years/{year}/decisions")));
            async move {
                desk.post(url)
                    .header("x-csrf-token", csrf)
                    .json(&json!({"decisions": [{"application": id, "outcome": "short-listed"}]}))
                    .status_answer()
                    .await
            }
        };
        let answers = at_once(ids.iter().map(|id| decide(*id))).await;
        let short = t
            .scalar(
                query("SELECT COUNT(*) FROM applications WHERE programme_year_id = $1 AND status = 'short-listed'")
                    .bind(year),
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
        let (desk, csrf) = t.session(&w.mission_user).await;
        let upgrade = |id: i64| {
            let (desk, csrf, url) = (desk.clone(), csrf.clone(), t.url(&format!("/api/v1/applications/{id}/upgrade")));
            async move { desk.post(url).header("x-csrf-token", csrf).json(&json!({})).status_answer().await }
        };
        let answers = at_once(ids.iter().map(|id| upgrade(*id))).await;
        let short = t
            .scalar(
                query("SELECT COUNT(*) FROM applications WHERE programme_year_id = $1 AND status = 'short-listed'")
                    .bind(year),
            )
            .await;
        assert_eq!(short, 1, "one free place, one upgrade: {answers:?}");
        assert!(answers.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::UNPROCESSABLE_ENTITY), "{answers:?}");
    })
    .await;
}

#[tokio::test]
async fn concurrent_bookings_of_one_candidate_hold_one_slot_and_concurrent_assignments_one_review() {
    each_backend("concurrent bookings", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let (ana, ana_csrf, id, _) = applicant_with_draft(&t, year, w.mission, "ana@example.org", ("Rivera", "Ana"), "US", "ALT").await;
        assert_eq!(ana.post(t.url(&format!("/api/v1/my/applications/{id}/submit"))).header("x-csrf-token", &ana_csrf).status_answer().await, StatusCode::OK);

        // Sixteen desks assigning the same reviewer at once: one review, no failure.
        let (desk, csrf) = t.session(&w.mission_user).await;
        let me: Value = desk.get(t.url("/api/v1/me")).json_answer().await;
        let reviewer = me["id"].as_i64().unwrap();
        let assign = || {
            let (desk, csrf, url) = (desk.clone(), csrf.clone(), t.url(&format!("/api/v1/programme-years/{year}/screening/reviewers")));
            async move { desk.post(url).header("x-csrf-token", csrf).json(&json!({"applications": [id], "reviewers": [reviewer]})).status_answer().await }
        };
        let answers = at_once((0..AT_ONCE).map(|_| assign())).await;
        assert!(answers.iter().all(|s| *s == StatusCode::OK), "{answers:?}");
        assert_eq!(t.scalar(query("SELECT COUNT(*) FROM screening_reviews WHERE application_id = $1").bind(id)).await, 1);

        // Invited: the candidate books several slots at once and holds one.
        let mut tx = t.app.store.write().await.unwrap();
        tx.execute(query("UPDATE applications SET status = 'invited-to-interview' WHERE id = $1").bind(id)).await.unwrap();
        tx.commit().await.unwrap();
        let first = format!("{}T09:00", (t.clock.now() + time::Duration::days(10)).date());
        assert_eq!(desk.post(t.url(&format!("/api/v1/programme-years/{year}/interviews/slots"))).header("x-csrf-token", &csrf)
            .json(&json!({"mission": w.mission, "location": "Embassy", "panel": "A", "first": first, "count": AT_ONCE, "minutes": 30})).status_answer().await, StatusCode::OK);
        let mut tx = t.app.store.read().await.unwrap();
        let slots: Vec<i64> = store::selection::slots(&mut tx, year, None).await.unwrap().iter().map(|s| s.id).collect();
        drop(tx);
        let book = |slot: i64| {
            let (ana, csrf, url) = (ana.clone(), ana_csrf.clone(), t.url(&format!("/api/v1/my/applications/{id}/interview")));
            async move { ana.put(url).header("x-csrf-token", csrf).json(&json!({"slot": slot})).status_answer().await }
        };
        let answers = at_once(slots.iter().map(|s| book(*s))).await;
        assert!(answers.iter().all(|s| !s.is_server_error() && *s != StatusCode::CONFLICT), "{answers:?}");
        assert_eq!(t.scalar(query("SELECT COUNT(*) FROM interview_slots WHERE application_id = $1").bind(id)).await, 1);
    })
    .await;
}

#[tokio::test]
async fn a_missions_staff_get_no_board_or_action_of_another_countrys_year() {
    each_backend("foreign year", async |t: TestApp| {
        let w = World::seed(&t).await;
        let korea = {
            let mut tx = t.app.store.read().await.unwrap();
            tx.fetch_i64(query("SELECT id FROM programme_years WHERE country_code = 'KR'")).await.unwrap()
        };
        let (desk, csrf) = t.session(&w.mission_user).await;
        for path in ["screening", "interviews", "decisions"] {
            let api = desk.get(t.url(&format!("/api/v1/programme-years/{korea}/{path}"))).send().await.unwrap();
            assert_eq!(api.status(), StatusCode::FORBIDDEN, "API {path}");
            assert_eq!(desk.get(t.url(&format!("/programme-years/{korea}/{path}"))).status_answer().await, StatusCode::FORBIDDEN, "page {path}");
        }
        for list in ["screening", "decisions"] {
            assert_eq!(desk.get(t.url(&format!("/api/v1/exports/{list}?year={korea}"))).status_answer().await, StatusCode::FORBIDDEN, "export {list}");
        }
        let post = async |path: &str, body: Value| {
            desk.post(t.url(&format!("/api/v1/programme-years/{korea}/{path}"))).header("x-csrf-token", &csrf).json(&body).status_answer().await
        };
        assert_eq!(post("decisions", json!({"decisions": [{"application": 1, "outcome": "not-selected"}]})).await, StatusCode::FORBIDDEN);
        assert_eq!(post("screening/reviewers", json!({"applications": [1], "reviewers": [1]})).await, StatusCode::FORBIDDEN);
        assert_eq!(post("screening/decisions", json!({"applications": [1], "advance": true})).await, StatusCode::FORBIDDEN);
        let slots = json!({"mission": w.mission, "location": "x", "panel": "A", "first": "2030-01-10T09:00", "count": 1, "minutes": 30});
        assert_eq!(post("interviews/slots", slots).await, StatusCode::FORBIDDEN);
        assert_eq!(desk.post(t.url(&format!("/api/v1/programme-years/{korea}/imports"))).header("x-csrf-token", &csrf).body("family_name\n").status_answer().await, StatusCode::FORBIDDEN);
        // Refused and audited like any other refusal.
        let admin = t.login(&w.admin).await;
        let audit: Value = admin.get(t.url("/api/v1/audit?action=screening.read")).json_answer().await;
        let row = &audit["rows"][0];
        assert_eq!((row["outcome"].as_str(), row["entity_id"].as_str()), (Some("denied"), Some(korea.to_string().as_str())), "{audit}");
        // Their own country's year still opens.
        let us = open_us_year(&t, &w).await;
        assert_eq!(desk.get(t.url(&format!("/api/v1/programme-years/{us}/screening"))).status_answer().await, StatusCode::OK);
    })
    .await;
}
