//! Records: each role sees only its own unit's participants and applications, every refusal on
//! record; every demo role logs in and sees its own dashboard.

use crate::support::{Answer, PASSWORD, TestApp, World, each_backend};
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn each_role_sees_only_its_own_unit() {
    each_backend("scopes", async |t: TestApp| {
        let w = World::seed(&t).await;
        let co = t.login(&w.co_a).await;
        let listed: Value = co.get(t.url("/api/v1/participants")).json_answer().await;
        let orgs: Vec<i64> =
            listed["rows"].as_array().unwrap().iter().map(|r| r["organisation_id"].as_i64().unwrap()).collect();
        assert_eq!(orgs, vec![w.org_a; 2], "{listed}");
        assert_eq!(
            co.get(t.url(&format!("/api/v1/participants/{}", w.participant_a))).status_answer().await,
            StatusCode::OK
        );
        assert_eq!(
            co.get(t.url(&format!("/api/v1/participants/{}", w.participant_b))).status_answer().await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            co.get(t.url(&format!("/participants/{}", w.participant_b))).status_answer().await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(co.get(t.url("/api/v1/applications")).status_answer().await, StatusCode::FORBIDDEN);
        assert_eq!(co.get(t.url("/api/v1/users")).status_answer().await, StatusCode::FORBIDDEN);

        let pa = t.login(&w.pa_a).await;
        let listed: Value = pa.get(t.url("/api/v1/participants")).json_answer().await;
        assert_eq!(listed["total"], 3, "the PA sees every participant of the prefecture: {listed}");

        let participant = t.login(&w.participant_user).await;
        let own: Value = participant.get(t.url("/api/v1/participants")).json_answer().await;
        assert_eq!(own["total"], 1);
        assert_eq!(own["rows"][0]["id"], w.participant_a);

        let mission = t.login(&w.mission_user).await;
        let apps: Value = mission.get(t.url("/api/v1/applications")).json_answer().await;
        assert_eq!(apps["total"], 1, "only the mission's own applications: {apps}");
        assert_eq!(mission.get(t.url("/api/v1/participants")).status_answer().await, StatusCode::FORBIDDEN);

        // Every refusal left an audit record, readable by administrators.
        let admin = t.login(&w.admin).await;
        let denied: Value = admin.get(t.url("/api/v1/audit?outcome=denied")).json_answer().await;
        let actions: Vec<&str> =
            denied["rows"].as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
        assert!(
            actions.contains(&"participant.read")
                && actions.contains(&"application.list")
                && actions.contains(&"user.list"),
            "{actions:?}"
        );
        let read = denied["rows"].as_array().unwrap().iter().find(|r| r["action"] == "participant.read").unwrap();
        assert_eq!(read["entity_id"], w.participant_b.to_string());
        assert_eq!(read["actor_email"], w.co_a.as_str());
    })
    .await;
}

#[tokio::test]
async fn every_demo_role_logs_in_and_sees_its_own_dashboard() {
    each_backend("demo roles", async |t: TestApp| {
        let summary = demo::load(&t.app, &demo::DemoOptions { seed: 7, password: PASSWORD.into(), extra_cleared: 0 })
            .await
            .unwrap();
        assert!(summary.created);
        assert_eq!(summary.counts.participants, 6_001);
        assert_eq!(summary.accounts.len(), 9);
        let expected = [
            ("applicant", "section-application"),
            ("mission-staff", "section-mission"),
            ("clair-staff", "section-national"),
            ("co-supervisor", "section-organisation"),
            ("prefectural-advisor", "section-prefecture"),
            ("participant", "section-appointment"),
            ("alumnus", "section-alumnus"),
            ("company-recruiter", "section-company"),
            ("system-administrator", "section-administration"),
        ];
        for account in &summary.accounts {
            let client = t.login(&account.email).await;
            let page = client.get(t.url("/dashboard")).text_answer().await;
            let section = expected.iter().find(|(r, _)| *r == account.role.as_str()).unwrap().1;
            assert!(page.contains(section), "{} should see {section}", account.role);
            for (_, other) in expected.iter().filter(|(r, _)| *r != account.role.as_str()) {
                assert!(!page.contains(other), "{} must not see {other}", account.role);
            }
        }
        // Reusing the demo keeps its records and answers the same accounts.
        let again = demo::load(&t.app, &demo::DemoOptions { seed: 7, password: PASSWORD.into(), extra_cleared: 0 })
            .await
            .unwrap();
        assert!(!again.created);
        assert_eq!(again.counts.participants, 6_001);
    })
    .await;
}

#[tokio::test]
async fn organisations_and_places_are_named_in_the_readers_language() {
    each_backend("records by name", async |t: TestApp| {
        let w = World::seed(&t).await;
        let co = t.login(&w.co_a).await;
        let pages = async || {
            let mut text = String::new();
            for path in ["/dashboard", "/participants", "/organisations", &format!("/participants/{}", w.participant_a)]
            {
                text.push_str(&co.get(t.url(path)).text_answer().await);
            }
            text
        };
        let english = pages().await;
        assert!(english.contains("Hyogo Prefectural Board of Education") && english.contains("Hyogo"), "{english}");
        assert!(!english.contains("兵庫県教育委員会"), "an English reader reads English names");
        let token = crate::support::csrf_of(&english);
        let switched = co
            .post(t.url("/language"))
            .form(&[("csrf_token", token.as_str()), ("language", "ja"), ("back", "/dashboard")])
            .status_answer()
            .await;
        assert_eq!(switched, StatusCode::SEE_OTHER);
        let japanese = pages().await;
        assert!(japanese.contains("<td>兵庫県教育委員会</td>") && japanese.contains("<td>兵庫県</td>"), "{japanese}");
        assert!(japanese.contains("<dd>兵庫県教育委員会</dd>"), "the participant's record");
        assert!(!japanese.contains("Hyogo Prefectural Board of Education"), "a Japanese reader reads Japanese names");
        assert!(
            japanese.contains("<dd>アメリカ合衆国</dd>") && !japanese.contains("<dd>US</dd>"),
            "a country by name, never its code"
        );
    })
    .await;
}
