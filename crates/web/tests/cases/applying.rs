//! Applying: an applicant registers, applies, submits and sees where they stand; a mission
//! overrides eligibility with a reason, and the same person cannot apply twice; documents are
//! checked, stored once and read only within scope; referees upload their letters themselves and
//! are reminded. Hardening (issue 10, items 8 and 9): referees and documents stay within their
//! limits under concurrent requests, and an applicant sees that a letter came but cannot read or
//! delete it.

use crate::support::{
    AT_ONCE, Answer, PASSWORD, TestApp, World, applicant_with_draft, at_once, complete_form, csrf_of, each_backend,
    each_backend_with, mail_to, open_us_year, referee_token, upload_required, without_client_limits,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use store::test_sql::{RawSql, query};

#[tokio::test]
async fn an_applicant_registers_applies_submits_and_sees_where_they_stand() {
    each_backend("applying", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let public = t.anonymous();
        let open: Value = public.get(t.url("/api/v1/open-years")).json_answer().await;
        let listed = open.as_array().unwrap().iter().find(|y| y["id"] == year).expect("the year is open");
        let mission = listed["missions"][0]["id"].as_i64().unwrap();

        let registration = json!({"email": "ana@example.org", "family_name": "Rivera", "given_name": "Ana", "nationality": "US", "password": PASSWORD});
        assert_eq!(public.post(t.url("/api/v1/applicants")).json(&registration).status_answer().await, StatusCode::CREATED);
        // A taken address is answered as a new one (registering tells nobody who has an
        // account); its owner is mailed, with a link to set a new password.
        let again = public.post(t.url("/api/v1/applicants")).json(&registration).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::CREATED);
        assert_eq!(again.json::<Value>().await.unwrap(), json!({}));
        assert!(mail_to(&t, "ana@example.org", "register-existing").await.body_text.contains("/password-reset/kkr_"));
        let bad: Value = public.post(t.url("/api/v1/applicants")).json(&json!({"email": "x@example.org", "family_name": "", "given_name": "X", "nationality": "ZZ", "password": "short"})).json_answer().await;
        let fields: Vec<&str> = bad["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(fields, vec!["family_name", "password"], "each refused field is named: {bad}");

        let (ana, csrf) = t.session("ana@example.org").await;
        let start = json!({"programme_year_id": year, "position": "ALT", "mission_id": mission});
        let started = ana.post(t.url("/api/v1/my/applications")).header("x-csrf-token", &csrf).json(&start).send().await.unwrap();
        assert_eq!(started.status(), StatusCode::CREATED);
        let app: Value = started.json().await.unwrap();
        let id = app["id"].as_i64().unwrap();
        assert_eq!(app["reference"], "US-2028-00001");
        assert_eq!(app["form"]["personal"]["family_name"], "Rivera", "registration data is carried over");
        let twice: Value = ana.post(t.url("/api/v1/my/applications")).header("x-csrf-token", &csrf).json(&start).json_answer().await;
        assert_eq!(twice["id"], id, "a repeated request never makes two applications");
        assert_eq!(ana.post(t.url("/api/v1/my/applications")).header("x-csrf-token", &csrf).json(&json!({"programme_year_id": year, "position": "CIR", "mission_id": mission})).status_answer().await, StatusCode::UNPROCESSABLE_ENTITY, "ALT or CIR, never both");

        let save = async |section: &str, values: Value, version: i64| {
            ana.put(t.url(&format!("/api/v1/my/applications/{id}/sections/{section}"))).header("x-csrf-token", &csrf).json(&json!({"values": values, "version": version})).send().await.unwrap()
        };
        let refused: Value = save("personal", json!({"birth_date": "2001-02-30", "shoe_size": "42"}), 1).await.json().await.unwrap();
        let fields: Vec<&str> = refused["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(fields, vec!["personal.birth_date", "personal.shoe_size"]);
        let mut version = 1;
        for (section, values) in complete_form() {
            let r = save(section, values, version).await;
            assert_eq!(r.status(), StatusCode::OK, "{section}");
            version = r.json::<Value>().await.unwrap()["version"].as_i64().unwrap();
        }
        assert_eq!(save("statement", json!({"statement_of_purpose": "old tab"}), 1).await.status(), StatusCode::CONFLICT, "a stale tab never overwrites");
        let listed: Value = ana.get(t.url(&format!("/api/v1/my/applications/{id}"))).json_answer().await;
        let missing: Vec<&str> = listed["missing"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
        assert_eq!(missing, vec!["documents.transcript", "documents.degree-proof", "referees.letters"], "only the documents are missing now");
        upload_required(&t, &ana, &csrf, id).await;

        // Not yet: the address is unconfirmed.
        let submit = async || ana.post(t.url(&format!("/api/v1/my/applications/{id}/submit"))).header("x-csrf-token", &csrf).send().await.unwrap();
        let r: Value = submit().await.json().await.unwrap();
        assert_eq!(r["error"]["fields"][0]["field"], "email", "{r}");
        let mut tx = t.app.store.read().await.unwrap();
        let mails = store::outbox::list(&mut tx, &store::outbox::OutboxFilter::to("ana@example.org"), 5, 0).await.unwrap();
        drop(tx);
        let body = &mails.iter().find(|m| m.template == "verify-email").unwrap().body_text;
        let link = body[body.find(&t.base).unwrap()..].split_whitespace().next().unwrap().to_owned();
        assert_eq!(public.get(&link).status_answer().await, StatusCode::OK);
        assert_eq!(public.get(&link).status_answer().await, StatusCode::GONE, "a link works once");

        let r = submit().await;
        assert_eq!(r.status(), StatusCode::OK);
        let submitted: Value = r.json().await.unwrap();
        assert_eq!(submitted["status"], "submitted");
        assert!(submitted["submitted_local"].as_str().unwrap().ends_with("EST") || submitted["submitted_local"].as_str().unwrap().ends_with("EDT"));
        assert_eq!(submit().await.status(), StatusCode::OK, "a double click answers with the same receipt");
        let mut tx = t.app.store.read().await.unwrap();
        let receipts: Vec<_> = store::outbox::list(&mut tx, &store::outbox::OutboxFilter::to("ana@example.org"), 10, 0).await.unwrap().into_iter().filter(|m| m.template == "application-receipt").collect();
        drop(tx);
        assert_eq!(receipts.len(), 1, "one receipt, however often submitted");
        assert!(receipts[0].subject.contains("US-2028-00001"));

        let locked = save("statement", json!({"statement_of_purpose": "changed"}), submitted["version"].as_i64().unwrap()).await;
        assert_eq!(locked.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let phone = save("personal", json!({"phone": "+1 555 0199"}), submitted["version"].as_i64().unwrap()).await;
        assert_eq!(phone.status(), StatusCode::OK, "contact details may change after submission");

        // The mission sees it; another applicant cannot.
        let desk = t.login(&w.mission_user).await;
        let list: Value = desk.get(t.url("/api/v1/applications?search=Rivera")).json_answer().await;
        assert_eq!(list["rows"][0]["status"], "submitted");

        // Where Ana stands, in her language.
        let page = ana.get(t.url("/my-application")).text_answer().await;
        assert!(page.contains("US-2028-00001") && page.contains("step current"), "{page}");

        let withdrawn: Value = ana.post(t.url(&format!("/api/v1/my/applications/{id}/withdraw"))).header("x-csrf-token", &csrf).json(&json!({"reason": "I accepted another job"})).json_answer().await;
        assert_eq!((withdrawn["status"].as_str(), withdrawn["status_reason"].as_str()), (Some("withdrawn"), Some("I accepted another job")));

        // After the deadline: refused, with the deadline in the country's time.
        let late = json!({"email": "ben@example.org", "family_name": "Lee", "given_name": "Ben", "nationality": "US", "password": PASSWORD});
        public.post(t.url("/api/v1/applicants")).json(&late).send().await.unwrap();
        let (ben, ben_csrf) = t.session("ben@example.org").await;
        let draft: Value = ben.post(t.url("/api/v1/my/applications")).header("x-csrf-token", &ben_csrf).json(&start).json_answer().await;
        // The deadline is 23:59 in New York on the UTC date 30 days ahead: up to 29 hours later
        // than 30 days from now, so 32 days are past it at any time of day.
        t.clock.advance(time::Duration::days(32));
        let ben = t.login("ben@example.org").await; // a month later, a new session
        let ben_csrf = t.csrf(&ben).await;
        let too_late: Value = ben.post(t.url(&format!("/api/v1/my/applications/{}/submit", draft["id"]))).header("x-csrf-token", &ben_csrf).json_answer().await;
        assert_eq!(too_late["error"]["fields"][0]["field"], "deadline", "{too_late}");
        assert!(too_late["error"]["fields"][0]["message"].as_str().unwrap().contains("23:59 E"), "{too_late}");
    })
    .await;
}

#[tokio::test]
async fn missions_override_eligibility_with_a_reason_and_the_same_person_cannot_apply_twice() {
    each_backend("override and duplicates", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let mission = w.mission;
        let apply = async |email: &str, nationality: &str| {
            applicant_with_draft(&t, year, mission, email, ("Kim", "Minji"), nationality, "ALT").await
        };
        // A Korean citizen applies to the USA's year: the rules refuse.
        let (minji, csrf, id, version) = apply("minji@example.org", "KR").await;
        let submit = async |client: &reqwest::Client, csrf: &str, id: i64| {
            client
                .post(t.url(&format!("/api/v1/my/applications/{id}/submit")))
                .header("x-csrf-token", csrf)
                .send()
                .await
                .unwrap()
        };
        let refused: Value = submit(&minji, &csrf, id).await.json().await.unwrap();
        assert_eq!(refused["error"]["fields"][0]["field"], "eligibility.citizenship", "{refused}");

        // Another mission's desk may not override; this one may, with a reason.
        let (co, co_csrf) = t.session(&w.co_a).await;
        let body = json!({"reason": "Dual US citizen: passport checked at the desk", "version": version});
        let denied = co
            .post(t.url(&format!("/api/v1/applications/{id}/eligibility-override")))
            .header("x-csrf-token", &co_csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(denied.status(), StatusCode::FORBIDDEN);
        let (desk, desk_csrf) = t.session(&w.mission_user).await;
        let done = desk
            .post(t.url(&format!("/api/v1/applications/{id}/eligibility-override")))
            .header("x-csrf-token", &desk_csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), StatusCode::OK);
        assert_eq!(submit(&minji, &csrf, id).await.status(), StatusCode::OK, "accepted once the mission overrode");

        // The same person through a second account: caught at submission.
        let (again, again_csrf, again_id, _) = apply("minji.kim@example.org", "US").await;
        let dup: Value = submit(&again, &again_csrf, again_id).await.json().await.unwrap();
        assert_eq!(dup["error"]["fields"][0]["field"], "personal", "{dup}");
        assert!(!dup.to_string().contains("US-2028"), "the other application is not named");

        // One person through three accounts, submitting at the same instant: exactly one goes in.
        let mut accounts = Vec::new();
        for email in ["jisoo.1@example.org", "jisoo.2@example.org", "jisoo.3@example.org"] {
            accounts.push(applicant_with_draft(&t, year, mission, email, ("Park", "Jisoo"), "US", "ALT").await);
        }
        let answers = at_once(accounts.iter().map(|(client, csrf, id, _)| submit(client, csrf, *id))).await;
        let statuses: Vec<StatusCode> = answers.iter().map(reqwest::Response::status).collect();
        assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count(), 2, "{statuses:?}");

        let admin = t.login(&w.admin).await;
        let audit: Value =
            admin.get(t.url("/api/v1/audit?action=application.eligibility-override")).json_answer().await;
        let outcomes: Vec<&str> =
            audit["rows"].as_array().unwrap().iter().map(|r| r["outcome"].as_str().unwrap()).collect();
        assert_eq!(outcomes, vec!["done", "denied"]);
        assert_eq!(audit["rows"][0]["after"]["reason"], "Dual US citizen: passport checked at the desk");
    })
    .await;
}

#[tokio::test]
async fn documents_are_checked_stored_once_and_read_only_within_scope() {
    each_backend("documents", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let public = t.anonymous();
        let r = json!({"email": "doc@example.org", "family_name": "Doe", "given_name": "Jo", "nationality": "US", "password": PASSWORD});
        public.post(t.url("/api/v1/applicants")).json(&r).send().await.unwrap();
        let (jo, csrf) = t.session("doc@example.org").await;
        let app: Value = jo
            .post(t.url("/api/v1/my/applications"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"programme_year_id": year, "position": "ALT", "mission_id": w.mission}))
            .json_answer().await;
        let id = app["id"].as_i64().unwrap();
        let upload = async |kind: &str, name: &str, bytes: Vec<u8>, sha: Option<&str>| -> (StatusCode, Value) {
            let mut request = jo.put(t.url(&format!("/api/v1/my/applications/{id}/documents?kind={kind}&name={name}"))).header("x-csrf-token", &csrf).body(bytes);
            if let Some(sha) = sha {
                request = request.header("x-content-sha256", sha);
            }
            let r = request.send().await.unwrap();
            (r.status(), r.json().await.unwrap_or(Value::Null))
        };
        let pdf = b"%PDF-1.7\n% my transcript\n".to_vec();
        let (status, first) = upload("transcript", "transcript.pdf", pdf.clone(), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(first["content_type"], "application/pdf");
        let sha = first["sha256"].as_str().unwrap().to_owned();
        let (status, again) = upload("transcript", "transcript.pdf", pdf.clone(), Some(&sha)).await;
        assert_eq!((status, &again["id"]), (StatusCode::OK, &first["id"]), "a retried upload is the same document");
        // One PDF that is both the transcript and the proof of degree counts as both ...
        let (status, both) = upload("degree-proof", "transcript.pdf", pdf.clone(), None).await;
        assert_eq!((status, &both["id"], both["kind"].as_str()), (StatusCode::OK, &first["id"], Some("transcript-degree-proof")));
        let listed: Value = jo.get(t.url(&format!("/api/v1/my/applications/{id}"))).json_answer().await;
        assert!(!listed["missing"].to_string().contains("documents."), "neither is missing: {}", listed["missing"]);
        // ... and the same file as anything else is refused, saying what it already is.
        let (status, other) = upload("certificate", "transcript.pdf", pdf.clone(), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(other["error"]["fields"][0]["field"], "documents.transcript-degree-proof", "{other}");
        assert!(other["error"]["fields"][0]["message"].as_str().unwrap_or("").contains("already uploaded"), "{other}");

        let field_reason = |v: &Value| (v["error"]["fields"][0]["field"].as_str().unwrap_or("").to_owned(), v["error"]["fields"][0]["message"].as_str().unwrap_or("").to_owned());
        let (status, exe) = upload("other", "tool.pdf", b"MZ\x90\x00 an executable".to_vec(), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_reason(&exe).1.contains("PDF, PNG and JPEG"), "{exe}");
        let (_, renamed) = upload("other", "photo.png", pdf.clone(), None).await;
        assert!(field_reason(&renamed).1.contains("does not match"), "{renamed}");
        let (_, broken) = upload("certificate", "cert.pdf", b"%PDF-1.7\n% certificate\n".to_vec(), Some("00ff")).await;
        assert!(field_reason(&broken).1.contains("did not arrive whole"), "{broken}");
        let mut big = b"%PDF-1.7\n".to_vec();
        big.resize(10 * 1024 * 1024 + 1, b'x');
        let (status, too_big) = upload("other", "big.pdf", big, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_reason(&too_big).1.contains("10485760"), "the limit is stated: {too_big}");
        let mut huge = b"%PDF-1.7\n".to_vec();
        huge.resize(11 * 1024 * 1024, b'x');
        let (status, _) = upload("other", "huge.pdf", huge, None).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "far beyond the limit, refused before it is read");

        // The file comes back as it went in, as an attachment, to the applicant and the mission only.
        let doc = first["id"].as_i64().unwrap();
        let back = jo.get(t.url(&format!("/api/v1/documents/{doc}"))).send().await.unwrap();
        assert_eq!(back.headers()["content-type"], "application/pdf");
        assert!(back.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
        assert_eq!(back.bytes().await.unwrap().to_vec(), pdf);
        let desk = t.login(&w.mission_user).await;
        assert_eq!(desk.get(t.url(&format!("/api/v1/documents/{doc}"))).status_answer().await, StatusCode::OK);
        let co = t.login(&w.co_a).await;
        assert_eq!(co.get(t.url(&format!("/api/v1/documents/{doc}"))).status_answer().await, StatusCode::FORBIDDEN);
        let mut tx = t.app.store.read().await.unwrap();
        let audit_content = tx.fetch_i64(store::test_sql::query("SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%transcript of%'")).await.unwrap();
        assert_eq!(audit_content, 0, "the audit log records the document, never its content");
    })
    .await;
}

#[tokio::test]
async fn referees_upload_their_letters_themselves_and_are_reminded() {
    each_backend("referees", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let r = json!({"email": "cy@example.org", "family_name": "Park", "given_name": "Cy", "nationality": "US", "password": PASSWORD, "language": "ko"});
        t.anonymous().post(t.url("/api/v1/applicants")).json(&r).send().await.unwrap();
        let (cy, csrf) = t.session("cy@example.org").await;
        let app: Value = cy
            .post(t.url("/api/v1/my/applications"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"programme_year_id": year, "position": "ALT", "mission_id": w.mission}))
            .json_answer().await;
        let id = app["id"].as_i64().unwrap();
        let add = async |name: &str, email: &str| {
            cy.post(t.url(&format!("/api/v1/my/applications/{id}/referees"))).header("x-csrf-token", &csrf).json(&json!({"name": name, "email": email})).send().await.unwrap()
        };
        assert_eq!(add("Me", "cy@example.org").await.status(), StatusCode::UNPROCESSABLE_ENTITY, "not one's own referee");
        assert_eq!(add("Prof. Lee", "lee@uni.example").await.status(), StatusCode::CREATED);
        assert_eq!(add("Prof. Lee", "lee@uni.example").await.status(), StatusCode::UNPROCESSABLE_ENTITY, "named once");
        let mut tx = t.app.store.read().await.unwrap();
        let invitation = store::outbox::list(&mut tx, &store::outbox::OutboxFilter::to("lee@uni.example"), 1, 0).await.unwrap().remove(0);
        drop(tx);
        assert_eq!(invitation.language, "ko", "written in the applicant's language");
        let first = referee_token(&t, "lee@uni.example").await;

        // The referee's page needs no account and says whose letter is asked for.
        let page = t.anonymous().get(t.url(&format!("/referee/{first}"))).text_answer().await;
        assert!(page.contains("Cy Park"), "{page}");

        assert_eq!(t.app.send_referee_reminders().await.unwrap(), 0, "not before a week");
        t.clock.advance(time::Duration::days(8));
        assert_eq!(t.app.send_referee_reminders().await.unwrap(), 1);
        assert_eq!(t.app.send_referee_reminders().await.unwrap(), 0, "once a week at most");
        let second = referee_token(&t, "lee@uni.example").await;
        assert_ne!(first, second);
        let upload = async |token: &str| t.anonymous().put(t.url(&format!("/api/v1/referee/{token}?name=letter.pdf"))).body("%PDF-1.4\n% letter\n").send().await.unwrap();
        assert_eq!(upload(&first).await.status(), StatusCode::NOT_FOUND, "the reminder's link replaces the first");
        assert_eq!(upload(&second).await.status(), StatusCode::OK);
        assert_eq!(upload(&second).await.status(), StatusCode::UNPROCESSABLE_ENTITY, "one letter per referee");
        t.clock.advance(time::Duration::days(8));
        assert_eq!(t.app.send_referee_reminders().await.unwrap(), 0, "no reminder once the letter came");

        let cy = t.login("cy@example.org").await; // two weeks later, a new session
        let view: Value = cy.get(t.url(&format!("/api/v1/my/applications/{id}"))).json_answer().await;
        assert!(view["referees"][0]["received_at"].is_string(), "{view}");
        // The letter is the mission's: the applicant sees that it came, not the letter.
        assert!(view["documents"].as_array().unwrap().iter().all(|d| d["kind"] != "reference-letter"), "{view}");
    })
    .await;
}

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
        let view: Value = ana.get(t.url(&format!("/api/v1/my/applications/{id}"))).json_answer().await;
        assert!(view["referees"].as_array().unwrap().iter().all(|r| r["received_at"].is_string()), "{view}");
        assert!(view["documents"].as_array().unwrap().iter().all(|d| d["kind"] != "reference-letter"), "{view}");
        let page = ana.get(t.url(&format!("/my-application/{id}"))).text_answer().await;
        assert!(page.contains("letter-received") && !page.contains(&format!("/documents/{letter}\"")), "{page}");

        // Neither read nor deleted, by the API or the pages; each refusal is audited.
        assert_eq!(ana.get(t.url(&format!("/api/v1/documents/{letter}"))).status_answer().await, StatusCode::FORBIDDEN);
        assert_eq!(ana.get(t.url(&format!("/documents/{letter}"))).status_answer().await, StatusCode::FORBIDDEN);
        assert_eq!(
            ana.delete(t.url(&format!("/api/v1/my/applications/{id}/documents/{letter}")))
                .header("x-csrf-token", &csrf)
                .status_answer()
                .await,
            StatusCode::FORBIDDEN
        );
        let page = ana.get(t.url(&format!("/my-application/{id}"))).text_answer().await;
        let form_csrf = csrf_of(&page);
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
        assert_eq!(
            t.scalar(query("SELECT COUNT(*) FROM documents WHERE id = $1").bind(letter)).await,
            1,
            "the letter stays"
        );
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
        let (desk, _) = t.session(&w.mission_user).await;
        assert_eq!(desk.get(t.url(&format!("/api/v1/documents/{letter}"))).status_answer().await, StatusCode::OK);
        let admin = t.login(&w.admin).await;
        let audit: Value = admin.get(t.url("/api/v1/audit?action=application.document-read")).json_answer().await;
        assert!(audit["rows"].as_array().unwrap().iter().filter(|r| r["outcome"] == "denied").count() >= 2, "{audit}");
        let audit: Value = admin.get(t.url("/api/v1/audit?action=application.document-delete")).json_answer().await;
        assert!(audit["rows"].as_array().unwrap().iter().any(|r| r["outcome"] == "denied"), "{audit}");
    })
    .await;
}

#[tokio::test]
async fn concurrent_referees_and_documents_stay_within_their_limits() {
    // More uploads at once than one client may send (the per-client limit has its own case).
    each_backend_with("concurrent referees", without_client_limits(), async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let r = json!({"email": "cy@example.org", "family_name": "Park", "given_name": "Cy", "nationality": "US", "password": PASSWORD});
        t.anonymous().post(t.url("/api/v1/applicants")).json(&r).send().await.unwrap();
        let (cy, csrf) = t.session("cy@example.org").await;
        let app: Value = cy.post(t.url("/api/v1/my/applications")).header("x-csrf-token", &csrf)
            .json(&json!({"programme_year_id": year, "position": "ALT", "mission_id": w.mission})).json_answer().await;
        let id = app["id"].as_i64().unwrap();
        let add = |i: usize| {
            let (cy, csrf, url) = (cy.clone(), csrf.clone(), t.url(&format!("/api/v1/my/applications/{id}/referees")));
            async move {
                cy.post(url).header("x-csrf-token", csrf).json(&json!({"name": format!("Prof. {i}"), "email": format!("prof{i}@uni.example")})).status_answer().await
            }
        };
        let answers = at_once((0..AT_ONCE).map(add)).await;
        let referees = t.scalar(query("SELECT COUNT(*) FROM referees WHERE application_id = $1").bind(id)).await;
        assert_eq!(referees, app::applying::MAX_REFEREES as i64, "{answers:?}");
        assert!(answers.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::UNPROCESSABLE_ENTITY), "{answers:?}");

        let upload = |i: usize| {
            let (cy, csrf) = (cy.clone(), csrf.clone());
            let url = t.url(&format!("/api/v1/my/applications/{id}/documents?kind=other&name=other{i}.pdf"));
            async move { cy.put(url).header("x-csrf-token", csrf).body(format!("%PDF-1.4\n% other {i}\n")).status_answer().await }
        };
        let wanted = app::applying::MAX_DOCUMENTS + 6;
        let answers = at_once((0..wanted).map(upload)).await;
        let documents = t.scalar(query("SELECT COUNT(*) FROM documents WHERE application_id = $1").bind(id)).await;
        assert_eq!(documents, app::applying::MAX_DOCUMENTS as i64, "{answers:?}");
    })
    .await;
}

#[tokio::test]
async fn places_are_picked_by_name_in_the_readers_language_and_kept_as_codes() {
    each_backend("places by name", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let (ana, csrf, id, _) =
            applicant_with_draft(&t, year, w.mission, "ana@example.org", ("Rivera", "Ana"), "US", "ALT").await;
        let search = async |q: &str| ana.get(t.url(&format!("/places/search?q={}", encoded(q)))).text_answer().await;
        // In English: Sapporo by its reading in hiragana, named in English, first.
        let found = search("さっぽろ").await;
        let first = found.find("data-testid=\"place-result\"").expect("a place found");
        assert!(
            found[..first].contains("value=\"011002\"")
                && found[first..].starts_with("data-testid=\"place-result\">Sapporo City, Hokkaido</button>"),
            "{found}"
        );
        assert!(search("tokyo").await.contains("value=\"13\""), "Tokyo, the prefecture, by its English name");
        assert!(!search("").await.contains("place-result"), "nothing asked, nothing found");
        assert_eq!(
            t.anonymous().get(t.url("/places/search?q=tokyo")).status_answer().await,
            StatusCode::SEE_OTHER,
            "a session is needed"
        );

        // In Japanese: the same search names the places in Japanese.
        let page = ana.get(t.url(&format!("/my-application/{id}"))).text_answer().await;
        let switched = ana
            .post(t.url("/language"))
            .form(&[("csrf_token", csrf_of(&page).as_str()), ("language", "ja"), ("back", "/dashboard")])
            .status_answer()
            .await;
        assert_eq!(switched, StatusCode::SEE_OTHER);
        let found = search("ひょうご").await;
        assert!(found.contains("value=\"28\" data-testid=\"place-result\">兵庫県</button>"), "{found}");
        assert!(search("zzzz").await.contains("「zzzz」という都道府県・市区町村は見つかりません"));

        // The form shows the chosen places by name, best first, with no code to type.
        let page = ana.get(t.url(&format!("/my-application/{id}"))).text_answer().await;
        assert!(page.contains("第1希望</span> <span data-testid=\"place-chosen\">兵庫県</span>"), "{page}");
        assert!(page.contains("第2希望</span> <span data-testid=\"place-chosen\">神戸市（兵庫県）</span>"));
        assert!(page.contains("form=\"form-preferences\" name=\"places\" value=\"281000\""));
        assert!(!page.contains("type=\"text\" name=\"places\""), "no code typed by hand");
        // Without script the page answers the search itself.
        let searched = ana.get(t.url(&format!("/my-application/{id}?q={}", encoded("さっぽろ")))).text_answer().await;
        assert!(
            searched.contains("value=\"011002\" data-testid=\"place-result\">札幌市（北海道）</button>"),
            "{searched}"
        );

        // Picking, moving up and removing each save the section and come back to it; the
        // stored value stays the codes.
        let places = async || -> Value {
            let a: Value = ana.get(t.url(&format!("/api/v1/my/applications/{id}"))).json_answer().await;
            a["form"]["preferences"]["places"].clone()
        };
        let post = async |extra: &[(&str, &str)]| {
            let a: Value = ana.get(t.url(&format!("/api/v1/my/applications/{id}"))).json_answer().await;
            let version = a["version"].to_string();
            let mut form: Vec<(&str, String)> =
                vec![("csrf_token", csrf.clone()), ("version", version), ("area", "rural".into())];
            for code in a["form"]["preferences"]["places"].as_array().unwrap() {
                form.push(("places", code.as_str().unwrap().to_owned()));
            }
            form.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
            ana.post(t.url(&format!("/my-application/{id}/sections/preferences"))).form(&form).send().await.unwrap()
        };
        let r = post(&[("place_add", "011002")]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], format!("/my-application/{id}#section-preferences"));
        assert_eq!(places().await, json!(["28", "281000", "011002"]));
        assert_eq!(post(&[("place_add", "011002")]).await.status(), StatusCode::SEE_OTHER);
        assert_eq!(places().await, json!(["28", "281000", "011002"]), "a place chosen twice is kept once");
        post(&[("place_up", "2")]).await;
        assert_eq!(places().await, json!(["28", "011002", "281000"]));
        post(&[("place_remove", "0")]).await;
        assert_eq!(places().await, json!(["011002", "281000"]));
        let page = ana.get(t.url(&format!("/my-application/{id}"))).text_answer().await;
        assert!(
            page.contains("札幌市（北海道）") && page.contains("神戸市（兵庫県）") && !page.contains(">兵庫県</span>")
        );
        // The last places removed leave none; the first chosen into an empty list is kept.
        post(&[("place_remove", "1")]).await;
        post(&[("place_remove", "0")]).await;
        assert_eq!(places().await, json!([]));
        post(&[("place_add", "13")]).await;
        assert_eq!(places().await, json!(["13"]));
        post(&[("place_add", "281000")]).await;
        post(&[("place_remove", "0")]).await;
        post(&[("place_add", "011002")]).await;
        post(&[("place_up", "1")]).await;
        assert_eq!(places().await, json!(["011002", "281000"]));

        // A code sent by hand that is no place is refused, naming the field by its label.
        let a: Value = ana.get(t.url(&format!("/api/v1/my/applications/{id}"))).json_answer().await;
        let bad = [
            ("csrf_token", csrf.clone()),
            ("version", a["version"].to_string()),
            ("area", "rural".into()),
            ("places", "99".into()),
        ];
        let r = ana.post(t.url(&format!("/my-application/{id}/sections/preferences"))).form(&bad).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let shown = r.text().await.unwrap();
        let alert = &shown[shown.find("role=\"alert\"").expect("the refusal is shown")..];
        let alert = &alert[..alert.find("</div>").unwrap_or(alert.len())];
        assert!(alert.contains("希望する任地") && alert.contains("日本の都道府県・市区町村ではありません"), "{alert}");
        assert!(!shown.contains("preferences.places"), "no internal key");
        assert!(alert.contains("<a href=\"#f-preferences-places\">"), "the error links to its field: {alert}");
        assert!(shown.contains("id=\"f-preferences-places\""), "and the field is there");
        assert_eq!(places().await, json!(["011002", "281000"]), "nothing saved");
    })
    .await;
}

/// A query value as a browser sends it (percent-encoded UTF-8).
fn encoded(value: &str) -> String {
    value
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}
