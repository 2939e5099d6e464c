//! HTTP tests of the real router, served over TCP, on SQLite and (with
//! `KAKEHASHI_TEST_POSTGRES_URL`) PostgreSQL, each case on a freshly created database.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "cases/accounts.rs"]
mod accounts;
#[path = "cases/parsers.rs"]
mod parsers;
#[path = "cases/scope.rs"]
mod scope;
#[path = "cases/selection.rs"]
mod selection;
mod support;

#[path = "cases/service.rs"]
mod service;

use domain::{MissionId, Role, Unit};
use reqwest::StatusCode;
use serde_json::{Value, json};
use store::test_sql::{RawSql, RawSqlUnscoped};
use support::{PASSWORD, TestApp, World, account, each_backend};

#[tokio::test]
async fn health_names_the_backend() {
    each_backend("health", async |t: TestApp| {
        let body: Value = t.anonymous().get(t.url("/healthz")).send().await.unwrap().json().await.unwrap();
        assert_eq!(body, json!({"status": "ok", "database": t.backend_name()}));
    })
    .await;
}

#[tokio::test]
async fn api_login_me_and_logout() {
    each_backend("api session", async |t: TestApp| {
        let w = World::seed(&t).await;
        let client = t.anonymous();
        let response = client
            .post(t.url("/api/v1/session"))
            .json(&json!({"email": w.co_a, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let cookie = response.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
        let me: Value = client.get(t.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["email"], w.co_a.as_str());
        assert_eq!(me["roles"], json!([{"role": "co-supervisor", "unit": format!("organisation:{}", w.org_a)}]));
        let csrf = me["csrf_token"].as_str().unwrap().to_owned();
        let out = client.delete(t.url("/api/v1/session")).header("x-csrf-token", csrf).send().await.unwrap();
        assert_eq!(out.status(), StatusCode::NO_CONTENT);
        assert_eq!(client.get(t.url("/api/v1/me")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);

        let wrong = t
            .anonymous()
            .post(t.url("/api/v1/session"))
            .json(&json!({"email": w.co_a, "password": "not the password"}))
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        let unknown = t
            .anonymous()
            .post(t.url("/api/v1/session"))
            .json(&json!({"email": "nobody@example.org", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED, "unknown and wrong look the same");
    })
    .await;
}

#[tokio::test]
async fn forms_need_their_csrf_token_and_the_same_origin() {
    each_backend("csrf", async |t: TestApp| {
        let w = World::seed(&t).await;
        let client = t.anonymous();
        let page = client.get(t.url("/login")).send().await.unwrap().text().await.unwrap();
        let token = support::csrf_of(&page);
        let without = client
            .post(t.url("/login"))
            .form(&[("email", w.co_a.as_str()), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(without.status(), StatusCode::FORBIDDEN);
        let forged = client
            .post(t.url("/login"))
            .header("origin", "http://evil.example")
            .form(&[("csrf_token", token.as_str()), ("email", w.co_a.as_str()), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), StatusCode::FORBIDDEN, "a cross-site post is refused even with a token");
        let ok = client
            .post(t.url("/login"))
            .form(&[("csrf_token", token.as_str()), ("email", w.co_a.as_str()), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), StatusCode::SEE_OTHER);
        let dashboard = client.get(t.url("/dashboard")).send().await.unwrap().text().await.unwrap();
        assert!(dashboard.contains("data-testid=\"section-organisation\""), "{dashboard}");
        // After login the session's own token rules; the anonymous one is no longer accepted.
        let stale = client.post(t.url("/logout")).form(&[("csrf_token", token.as_str())]).send().await.unwrap();
        assert_eq!(stale.status(), StatusCode::FORBIDDEN);
        let fresh = support::csrf_of(&dashboard);
        let out = client.post(t.url("/logout")).form(&[("csrf_token", fresh.as_str())]).send().await.unwrap();
        assert_eq!(out.status(), StatusCode::SEE_OTHER);
        assert_eq!(client.get(t.url("/dashboard")).send().await.unwrap().status(), StatusCode::SEE_OTHER);
    })
    .await;
}

#[tokio::test]
async fn each_role_sees_only_its_own_unit() {
    each_backend("scopes", async |t: TestApp| {
        let w = World::seed(&t).await;
        let co = t.login(&w.co_a).await;
        let listed: Value = co.get(t.url("/api/v1/participants")).send().await.unwrap().json().await.unwrap();
        let orgs: Vec<i64> =
            listed["rows"].as_array().unwrap().iter().map(|r| r["organisation_id"].as_i64().unwrap()).collect();
        assert_eq!(orgs, vec![w.org_a; 2], "{listed}");
        assert_eq!(
            co.get(t.url(&format!("/api/v1/participants/{}", w.participant_a))).send().await.unwrap().status(),
            StatusCode::OK
        );
        let other = co.get(t.url(&format!("/api/v1/participants/{}", w.participant_b))).send().await.unwrap();
        assert_eq!(other.status(), StatusCode::FORBIDDEN);
        let page = co.get(t.url(&format!("/participants/{}", w.participant_b))).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::FORBIDDEN);
        assert_eq!(co.get(t.url("/api/v1/applications")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
        assert_eq!(co.get(t.url("/api/v1/users")).send().await.unwrap().status(), StatusCode::FORBIDDEN);

        let pa = t.login(&w.pa_a).await;
        let listed: Value = pa.get(t.url("/api/v1/participants")).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed["total"], 3, "the PA sees every participant of the prefecture: {listed}");

        let participant = t.login(&w.participant_user).await;
        let own: Value = participant.get(t.url("/api/v1/participants")).send().await.unwrap().json().await.unwrap();
        assert_eq!(own["total"], 1);
        assert_eq!(own["rows"][0]["id"], w.participant_a);

        let mission = t.login(&w.mission_user).await;
        let apps: Value = mission.get(t.url("/api/v1/applications")).send().await.unwrap().json().await.unwrap();
        assert_eq!(apps["total"], 1, "only the mission's own applications: {apps}");
        assert_eq!(mission.get(t.url("/api/v1/participants")).send().await.unwrap().status(), StatusCode::FORBIDDEN);

        // Every refusal left an audit record, readable by administrators.
        let admin = t.login(&w.admin).await;
        let denied: Value =
            admin.get(t.url("/api/v1/audit?outcome=denied")).send().await.unwrap().json().await.unwrap();
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
async fn administrators_manage_accounts_and_every_change_is_audited() {
    each_backend("admin", async |t: TestApp| {
        let w = World::seed(&t).await;
        let admin = t.login(&w.admin).await;
        let csrf = t.csrf(&admin).await;
        let created = admin
            .post(t.url("/api/v1/users"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"email": "New.Desk@Example.org", "display_name": "새 담당자", "language": "ko"}))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let user: Value = created.json().await.unwrap();
        assert_eq!(user["email"], "new.desk@example.org");
        let id = user["id"].as_i64().unwrap();

        let grant = json!({"role": "mission-staff", "unit": format!("mission:{}", w.mission)});
        let granted = admin
            .post(t.url(&format!("/api/v1/users/{id}/roles")))
            .header("x-csrf-token", &csrf)
            .json(&grant)
            .send()
            .await
            .unwrap();
        assert_eq!(granted.status(), StatusCode::OK);
        let again = admin
            .post(t.url(&format!("/api/v1/users/{id}/roles")))
            .header("x-csrf-token", &csrf)
            .json(&grant)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let unknown_unit = json!({"role": "co-supervisor", "unit": "organisation:999999"});
        let refused = admin
            .post(t.url(&format!("/api/v1/users/{id}/roles")))
            .header("x-csrf-token", &csrf)
            .json(&unknown_unit)
            .send()
            .await
            .unwrap();
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["error"]["fields"][0]["field"], "unit");
        let unitless = json!({"role": "mission-staff"});
        let refused = admin
            .post(t.url(&format!("/api/v1/users/{id}/roles")))
            .header("x-csrf-token", &csrf)
            .json(&unitless)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);

        // The welcome mail with a link to choose a password is in the outbox, in Korean.
        let mails: Value = admin.get(t.url("/api/v1/outbox")).send().await.unwrap().json().await.unwrap();
        let welcome = &mails["rows"][0];
        assert_eq!(
            (welcome["to"].as_str(), welcome["language"].as_str(), welcome["status"].as_str()),
            (Some("new.desk@example.org"), Some("ko"), Some("kept"))
        );
        assert!(welcome["body"].as_str().unwrap().contains("/password-reset/kkr_"));

        let audit: Value =
            admin.get(t.url("/api/v1/audit?entity=user&outcome=done")).send().await.unwrap().json().await.unwrap();
        let rows = audit["rows"].as_array().unwrap();
        let grant_row = rows
            .iter()
            .find(|r| r["action"] == "role.grant" && r["entity_id"].as_str() == Some(id.to_string().as_str()))
            .unwrap();
        assert_eq!(grant_row["before"], json!({"roles": []}));
        assert_eq!(grant_row["after"]["roles"][0]["role"], "mission-staff");
        assert!(rows.iter().any(|r| r["action"] == "user.create" && r["after"]["email"] == "new.desk@example.org"));
        assert!(!audit.to_string().contains("argon2"), "no password hash in the audit log");

        // Disabling an account ends its sessions and refuses its logins, until it is enabled again.
        let mission = t.login(&w.mission_user).await;
        let mission_id: i64 =
            mission.get(t.url("/api/v1/me")).send().await.unwrap().json::<Value>().await.unwrap()["id"]
                .as_i64()
                .unwrap();
        let disabled = admin
            .put(t.url(&format!("/api/v1/users/{mission_id}/disabled")))
            .header("x-csrf-token", &csrf)
            .json(&json!({"disabled": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(disabled.status(), StatusCode::OK);
        assert_eq!(mission.get(t.url("/api/v1/me")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
        let refused = t
            .anonymous()
            .post(t.url("/api/v1/session"))
            .json(&json!({"email": w.mission_user, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        admin
            .put(t.url(&format!("/api/v1/users/{mission_id}/disabled")))
            .header("x-csrf-token", &csrf)
            .json(&json!({"disabled": false}))
            .send()
            .await
            .unwrap();
        t.login(&w.mission_user).await;

        let co = t.login(&w.co_a).await;
        let co_csrf = t.csrf(&co).await;
        let forbidden = co
            .post(t.url("/api/v1/users"))
            .header("x-csrf-token", co_csrf)
            .json(&json!({"email": "x@example.org", "display_name": "X"}))
            .send()
            .await
            .unwrap();
        assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn bad_input_is_named_in_the_users_language_and_nothing_is_written() {
    each_backend("bad input", async |t: TestApp| {
        let w = World::seed(&t).await;
        let admin = t.login(&w.admin).await;
        let csrf = t.csrf(&admin).await;
        let long_name = "名".repeat(101);
        let refused = admin
            .post(t.url("/api/v1/users"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"email": "not-an-address", "display_name": long_name}))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = refused.json().await.unwrap();
        let fields: Vec<&str> =
            body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(fields, vec!["email", "display_name"]);
        assert_eq!(body["error"]["fields"][1]["message"], "display_name: at most 100 characters");

        // The same refusal for a user whose language is Japanese.
        let set = admin
            .put(t.url("/api/v1/me/language"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"language": "ja"}))
            .send()
            .await
            .unwrap();
        assert_eq!(set.status(), StatusCode::NO_CONTENT);
        let refused: Value = admin
            .post(t.url("/api/v1/users"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"email": "ok@example.org", "display_name": long_name}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(refused["error"]["fields"][0]["message"], "display_name：100文字以内で入力してください");

        let malformed = admin
            .post(t.url("/api/v1/users"))
            .header("x-csrf-token", &csrf)
            .header("content-type", "application/json")
            .body("{\"email\": ")
            .send()
            .await
            .unwrap();
        assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
        let body: Value = malformed.json().await.unwrap();
        assert_eq!(body["error"]["code"], "malformed-json");
        assert!(body["error"]["message"].as_str().unwrap().contains("line 1"), "{body}");
        let huge = admin
            .post(t.url("/api/v1/users"))
            .header("x-csrf-token", &csrf)
            .header("content-type", "application/json")
            .body(format!("{{\"email\": \"{}\"}}", "a".repeat(2 * 1024 * 1024)))
            .send()
            .await
            .unwrap();
        assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let users: Value = admin.get(t.url("/api/v1/users")).send().await.unwrap().json().await.unwrap();
        assert_eq!(users["total"], w.users, "no user was half-created");
    })
    .await;
}

#[tokio::test]
async fn password_reset_by_a_mailed_link_works_once() {
    each_backend("password reset", async |t: TestApp| {
        let w = World::seed(&t).await;
        let old_session = t.login(&w.co_a).await;
        let anonymous = t.anonymous();
        let page = anonymous.get(t.url("/password-reset")).send().await.unwrap().text().await.unwrap();
        let token = support::csrf_of(&page);
        let sent = anonymous
            .post(t.url("/password-reset"))
            .form(&[("csrf_token", token.as_str()), ("email", w.co_a.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), StatusCode::OK);
        let unknown = anonymous
            .post(t.url("/password-reset"))
            .form(&[("csrf_token", token.as_str()), ("email", "nobody@example.org")])
            .send()
            .await
            .unwrap();
        assert_eq!(unknown.status(), StatusCode::OK, "the same answer for an address without an account");

        let link = t.link_in(&t.mails_to(&w.co_a, "password-reset", 1).await[0]);
        let form = anonymous.get(&link).send().await.unwrap();
        assert_eq!(form.status(), StatusCode::OK);
        let short =
            anonymous.post(&link).form(&[("csrf_token", token.as_str()), ("password", "short")]).send().await.unwrap();
        assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let done = anonymous
            .post(&link)
            .form(&[("csrf_token", token.as_str()), ("password", "a brand new passphrase")])
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), StatusCode::SEE_OTHER);
        assert_eq!(anonymous.get(&link).send().await.unwrap().status(), StatusCode::GONE, "a link works once");
        assert_eq!(
            old_session.get(t.url("/api/v1/me")).send().await.unwrap().status(),
            StatusCode::UNAUTHORIZED,
            "old sessions end"
        );
        let login = t
            .anonymous()
            .post(t.url("/api/v1/session"))
            .json(&json!({"email": w.co_a, "password": "a brand new passphrase"}))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn api_tokens_authenticate_without_cookies_until_revoked() {
    each_backend("api tokens", async |t: TestApp| {
        let w = World::seed(&t).await;
        let admin = t.login(&w.admin).await;
        let csrf = t.csrf(&admin).await;
        let created: Value = admin
            .post(t.url("/api/v1/tokens"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"name": "reporting script"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = created["token"].as_str().unwrap().to_owned();
        assert!(token.starts_with("kkt_"));
        let script = t.anonymous();
        let me: Value = script.get(t.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["email"], w.admin.as_str());
        assert!(me["csrf_token"].is_null());
        let made = script
            .post(t.url("/api/v1/users"))
            .bearer_auth(&token)
            .json(&json!({"email": "via-token@example.org", "display_name": "Token"}))
            .send()
            .await
            .unwrap();
        assert_eq!(made.status(), StatusCode::CREATED, "no CSRF token needed with a bearer token");
        let listed: Value = admin.get(t.url("/api/v1/tokens")).send().await.unwrap().json().await.unwrap();
        assert!(listed[0]["token"].is_null(), "a token is shown once, never listed");
        let id = created["id"].as_i64().unwrap();
        assert_eq!(
            admin
                .delete(t.url(&format!("/api/v1/tokens/{id}")))
                .header("x-csrf-token", &csrf)
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            script.get(t.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            script.get(t.url("/api/v1/me")).bearer_auth("kkt_forged").send().await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
    })
    .await;
}

#[tokio::test]
async fn repeated_failed_logins_are_rate_limited() {
    each_backend("rate limit", async |t: TestApp| {
        let w = World::seed(&t).await;
        for _ in 0..5 {
            let r = t
                .anonymous()
                .post(t.url("/api/v1/session"))
                .json(&json!({"email": w.co_a, "password": "guess"}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
        let limited = t
            .anonymous()
            .post(t.url("/api/v1/session"))
            .json(&json!({"email": w.co_a, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            limited.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "even the right password waits, from that client (not from the owner's known device: see accounts.rs)"
        );
        assert_eq!(limited.headers()["retry-after"], "900");
        t.clock.advance(time::Duration::minutes(16));
        let later = t
            .anonymous()
            .post(t.url("/api/v1/session"))
            .json(&json!({"email": w.co_a, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(later.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn idle_and_old_sessions_end() {
    each_backend("session expiry", async |t: TestApp| {
        let w = World::seed(&t).await;
        let client = t.login(&w.co_a).await;
        t.clock.advance(time::Duration::minutes(90));
        assert_eq!(
            client.get(t.url("/api/v1/me")).send().await.unwrap().status(),
            StatusCode::OK,
            "use slides the idle expiry"
        );
        t.clock.advance(time::Duration::minutes(90));
        assert_eq!(client.get(t.url("/api/v1/me")).send().await.unwrap().status(), StatusCode::OK);
        t.clock.advance(time::Duration::minutes(121));
        assert_eq!(
            client.get(t.url("/api/v1/me")).send().await.unwrap().status(),
            StatusCode::UNAUTHORIZED,
            "idle too long"
        );
        let page = client.get(t.url("/dashboard")).send().await.unwrap();
        assert_eq!(page.headers()["location"], "/login?next=%2Fdashboard&expired=1");

        let busy = t.login(&w.co_a).await;
        for _ in 0..8 {
            t.clock.advance(time::Duration::minutes(100));
            let _ = busy.get(t.url("/api/v1/me")).send().await.unwrap();
        }
        assert_eq!(
            busy.get(t.url("/api/v1/me")).send().await.unwrap().status(),
            StatusCode::UNAUTHORIZED,
            "twelve hours at most"
        );
    })
    .await;
}

#[tokio::test]
async fn the_language_switch_is_remembered() {
    each_backend("languages", async |t: TestApp| {
        let w = World::seed(&t).await;
        let anonymous = t.anonymous();
        let korean = anonymous
            .get(t.url("/login"))
            .header("accept-language", "ko-KR,ko;q=0.9")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(korean.contains("<html lang=\"ko\">") && korean.contains("로그인"), "Accept-Language is honoured");
        let client = t.login(&w.co_a).await;
        let page = client.get(t.url("/dashboard")).send().await.unwrap().text().await.unwrap();
        let token = support::csrf_of(&page);
        for (tag, word) in [("ja", "ログアウト"), ("ko", "로그아웃"), ("en", "Log out")] {
            let switched = client
                .post(t.url("/language"))
                .form(&[("csrf_token", token.as_str()), ("language", tag), ("back", "/participants")])
                .send()
                .await
                .unwrap();
            assert_eq!(switched.status(), StatusCode::SEE_OTHER);
            assert_eq!(switched.headers()["location"], "/participants");
            let page = client.get(t.url("/participants")).send().await.unwrap().text().await.unwrap();
            assert!(page.contains(&format!("<html lang=\"{tag}\">")) && page.contains(word), "{tag}");
        }
        let me: Value = client.get(t.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["language"], "en", "saved on the account");
        let evil = client
            .post(t.url("/language"))
            .form(&[("csrf_token", token.as_str()), ("language", "ja"), ("back", "//evil.example/")])
            .send()
            .await
            .unwrap();
        assert_eq!(evil.headers()["location"], "/dashboard", "no open redirect");
    })
    .await;
}

#[tokio::test]
async fn mail_is_delivered_through_a_real_smtp_conversation() {
    let sink = support::SmtpSink::start().await;
    each_backend("smtp", async |t: TestApp| {
        let w = World::seed(&t).await;
        let app = t.app.clone();
        let mut config = (*app.config).clone();
        config.mail = app::mail::MailConfig::Smtp(app::mail::SmtpConfig {
            host: "127.0.0.1".into(),
            port: sink.port,
            security: app::mail::SmtpSecurity::None,
            username: None,
            password: None,
            from: "Kakehashi <no-reply@kakehashi.test>".into(),
        });
        let smtp_app = app.with_config(config);
        // The mail follows the account's language, not the language of the request.
        let mut tx = smtp_app.store.write().await.unwrap();
        tx.execute(store::test_sql::query("UPDATE users SET language = 'ja' WHERE email = $1").bind(w.co_a.as_str()))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        smtp_app.request_password_reset(&w.co_a, domain::Language::En, "192.0.2.1").await.unwrap();
        t.mails_to(&w.co_a, "password-reset", 1).await;
        assert_eq!(app::mail::deliver_pending(&smtp_app).await.unwrap(), 1);
        assert_eq!(app::mail::deliver_pending(&smtp_app).await.unwrap(), 0, "sent once");
        let received = sink.take().await;
        assert_eq!(received.len(), 1);
        assert!(received[0].contains(&format!("RCPT TO:<{}>", w.co_a)), "{}", received[0]);
        assert!(received[0].contains("Subject: =?utf-8?"), "a Japanese subject, encoded: {}", received[0]);
        assert!(received[0].contains("Content-Type: text/plain; charset=utf-8"));
        let admin = t.login(&w.admin).await;
        let mails: Value = admin.get(t.url("/api/v1/outbox")).send().await.unwrap().json().await.unwrap();
        assert_eq!(mails["rows"][0]["status"], "sent");
    })
    .await;
}

#[tokio::test]
async fn the_openapi_document_matches_its_snapshot() {
    let document = web::api::openapi_json();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/openapi.json");
    if std::env::var("UPDATE_SNAPSHOTS").is_ok() {
        std::fs::write(&path, &document).unwrap();
    }
    let snapshot = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(snapshot == document, "the OpenAPI document changed: review it and run with UPDATE_SNAPSHOTS=1 to accept");
    let parsed: Value = serde_json::from_str(&document).unwrap();
    assert!(parsed["openapi"].as_str().unwrap().starts_with("3."));
    for path in ["/api/v1/session", "/api/v1/me", "/api/v1/participants", "/api/v1/audit"] {
        assert!(parsed["paths"].get(path).is_some(), "{path}");
    }
    // The served document is the same.
    each_backend("openapi served", async |t: TestApp| {
        let served = t.anonymous().get(t.url("/api/openapi.json")).send().await.unwrap().text().await.unwrap();
        assert_eq!(served, web::api::openapi_json());
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
            let page = client.get(t.url("/dashboard")).send().await.unwrap().text().await.unwrap();
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
async fn missions_set_up_their_countrys_programme_year() {
    each_backend("programme years", async |t: TestApp| {
        let w = World::seed(&t).await;
        let desk = t.login(&w.mission_user).await;
        let csrf = t.csrf(&desk).await;
        let created = desk.post(t.url("/api/v1/programme-years")).header("x-csrf-token", &csrf).json(&json!({"country": "US", "year": 2028})).send().await.unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let year: Value = created.json().await.unwrap();
        let id = year["id"].as_i64().unwrap();
        assert_eq!((year["status"].as_str(), year["version"].as_i64()), (Some("planning"), Some(1)));
        let again = desk.post(t.url("/api/v1/programme-years")).header("x-csrf-token", &csrf).json(&json!({"country": "US", "year": 2028})).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY, "one year per country");

        let early = desk.post(t.url(&format!("/api/v1/programme-years/{id}/status"))).header("x-csrf-token", &csrf).json(&json!({"status": "recruiting", "version": 1})).send().await.unwrap();
        assert_eq!(early.status(), StatusCode::UNPROCESSABLE_ENTITY, "no recruiting before a deadline and a departure group");

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

        let stale = desk.put(t.url(&format!("/api/v1/programme-years/{id}"))).header("x-csrf-token", &csrf).json(&settings).send().await.unwrap();
        assert_eq!(stale.status(), StatusCode::CONFLICT, "a save from an old version is a conflict, not an overwrite");

        let mut wrong = settings.clone();
        wrong["version"] = json!(2);
        wrong["interviews_from"] = json!("2027-10-01");
        wrong["places_alt"] = json!(-1);
        let refused: Value = desk.put(t.url(&format!("/api/v1/programme-years/{id}"))).header("x-csrf-token", &csrf).json(&wrong).send().await.unwrap().json().await.unwrap();
        let fields: Vec<&str> = refused["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert!(fields.contains(&"places_alt") && fields.contains(&"interviews_from"), "{refused}");

        let recruiting = desk.post(t.url(&format!("/api/v1/programme-years/{id}/status"))).header("x-csrf-token", &csrf).json(&json!({"status": "recruiting", "version": 2})).send().await.unwrap();
        assert_eq!(recruiting.status(), StatusCode::OK);
        let skip = desk.post(t.url(&format!("/api/v1/programme-years/{id}/status"))).header("x-csrf-token", &csrf).json(&json!({"status": "closed", "version": 3})).send().await.unwrap();
        assert_eq!(skip.status(), StatusCode::UNPROCESSABLE_ENTITY, "a year moves one step at a time");

        // Another country's year is not this desk's to open; the refusal is audited.
        let korea = desk.post(t.url("/api/v1/programme-years")).header("x-csrf-token", &csrf).json(&json!({"country": "KR", "year": 2028})).send().await.unwrap();
        assert_eq!(korea.status(), StatusCode::FORBIDDEN);
        let page = desk.get(t.url(&format!("/programme-years/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("2027-11-12T23:59") && page.contains("Group B"), "the form shows local times");

        let admin = t.login(&w.admin).await;
        let audit: Value = admin.get(t.url("/api/v1/audit?entity=programme-year")).send().await.unwrap().json().await.unwrap();
        let actions: Vec<&str> = audit["rows"].as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
        assert!(actions.contains(&"programme-year.update") && actions.contains(&"programme-year.status") && actions.contains(&"programme-year.create"), "{actions:?}");
        let update = audit["rows"].as_array().unwrap().iter().find(|r| r["action"] == "programme-year.update").unwrap();
        assert_eq!(update["before"]["places_alt"], 0);
        assert_eq!(update["after"]["places_alt"], 2700);
    })
    .await;
}

/// A recruiting year of the USA desk, with its deadline a month ahead of the test clock.
async fn open_us_year(t: &TestApp, w: &World) -> i64 {
    open_us_year_with(t, w, json!({})).await
}

/// [`open_us_year`] with some settings replaced (the plan, the selection rules).
async fn open_us_year_with(t: &TestApp, w: &World, extra: Value) -> i64 {
    let desk = t.login(&w.mission_user).await;
    let csrf = t.csrf(&desk).await;
    let year: Value = desk
        .post(t.url("/api/v1/programme-years"))
        .header("x-csrf-token", &csrf)
        .json(&json!({"country": "US", "year": 2028}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = year["id"].as_i64().unwrap();
    let deadline = (t.clock.now() + time::Duration::days(30)).date();
    let mut settings = json!({
        "applications_open": format!("{}T09:00", t.clock.now().date()), "application_deadline": format!("{deadline}T23:59"),
        "places_alt": 2700, "places_cir": 110,
        "departure_groups": [{"name": "Group A", "arrival_date": "2028-07-24"}, {"name": "Group B", "arrival_date": "2028-07-31"}],
        "version": 1
    });
    for (key, value) in extra.as_object().unwrap() {
        settings[key] = value.clone();
    }
    let saved = desk
        .put(t.url(&format!("/api/v1/programme-years/{id}")))
        .header("x-csrf-token", &csrf)
        .json(&settings)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK, "{}", saved.text().await.unwrap());
    let r = desk
        .post(t.url(&format!("/api/v1/programme-years/{id}/status")))
        .header("x-csrf-token", &csrf)
        .json(&json!({"status": "recruiting", "version": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    id
}

/// Uploads the two documents every application needs.
async fn upload_required(t: &TestApp, client: &reqwest::Client, csrf: &str, id: i64) {
    for (kind, bytes) in [
        ("transcript", &b"%PDF-1.4\n% transcript of records\n"[..]),
        ("degree-proof", &b"%PDF-1.4\n% letter of expected graduation\n"[..]),
    ] {
        let r = client
            .put(t.url(&format!("/api/v1/my/applications/{id}/documents?kind={kind}&name={kind}.pdf")))
            .header("x-csrf-token", csrf)
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{kind}");
    }
    // Two referees, each uploading through the link of their mail.
    for (name, email) in
        [("Prof. Ada Moss", format!("moss.{id}@uni.example")), ("Dr. Ben Ito", format!("ito.{id}@uni.example"))]
    {
        let r = client
            .post(t.url(&format!("/api/v1/my/applications/{id}/referees")))
            .header("x-csrf-token", csrf)
            .json(&json!({"name": name, "email": email}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED, "{name}");
        let token = referee_token(t, &email).await;
        let letter = format!("%PDF-1.4\n% reference for application {id} by {name}\n");
        let r = t
            .anonymous()
            .put(t.url(&format!("/api/v1/referee/{token}?name=letter.pdf")))
            .body(letter)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{name}'s letter");
    }
}

/// The token of the newest referee link mailed to an address.
async fn referee_token(t: &TestApp, email: &str) -> String {
    let mut tx = t.app.store.read().await.unwrap();
    let mails = store::outbox::list(&mut tx, Some(email), 1, 0).await.unwrap();
    let body = &mails[0].body_text;
    let start = body.find("/referee/").expect("a referee link") + "/referee/".len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

/// A registered applicant with a verified address and a complete draft (documents and referees'
/// letters included): their client, CSRF token, application id and version.
#[allow(clippy::too_many_arguments)]
async fn applicant_with_draft(
    t: &TestApp,
    year: i64,
    mission: i64,
    email: &str,
    (family, given): (&str, &str),
    nationality: &str,
    position: &str,
) -> (reqwest::Client, String, i64, i64) {
    let r = json!({"email": email, "family_name": family, "given_name": given, "nationality": nationality, "password": PASSWORD});
    assert_eq!(
        t.anonymous().post(t.url("/api/v1/applicants")).json(&r).send().await.unwrap().status(),
        StatusCode::CREATED
    );
    let mut tx = t.app.store.write().await.unwrap();
    tx.execute(
        store::test_sql::query("UPDATE users SET email_verified_at = $1 WHERE email = $2")
            .bind(t.clock.now())
            .bind(email),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let client = t.login(email).await;
    let csrf = t.csrf(&client).await;
    let app: Value = client
        .post(t.url("/api/v1/my/applications"))
        .header("x-csrf-token", &csrf)
        .json(&json!({"programme_year_id": year, "position": position, "mission_id": mission}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = app["id"].as_i64().unwrap();
    let mut version = app["version"].as_i64().unwrap();
    for (section, mut values) in complete_form() {
        if section == "personal" {
            values["nationality"] = json!(nationality);
        }
        let r: Value = client
            .put(t.url(&format!("/api/v1/my/applications/{id}/sections/{section}")))
            .header("x-csrf-token", &csrf)
            .json(&json!({"values": values, "version": version}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        version = r["version"].as_i64().unwrap();
    }
    upload_required(t, &client, &csrf, id).await;
    (client, csrf, id, version)
}

fn complete_form() -> Vec<(&'static str, Value)> {
    vec![
        (
            "personal",
            json!({"birth_date": "2001-05-04", "nationality": "US", "phone": "+1 555 0100", "address": "1 Main St, Springfield"}),
        ),
        (
            "education",
            json!({"qualification": "bachelor", "institution": "State University", "field_of_study": "Linguistics", "awarded": "2028-05-20"}),
        ),
        ("disclosures", json!({"criminal_history": false, "medical_conditions": false})),
        (
            "preferences",
            json!({"places": ["28", "281000"], "area": "rural", "ties": "Hyogo is Washington State's sister state"}),
        ),
        ("statement", json!({"statement_of_purpose": "I want to help students find their voice in English."})),
        ("logistics", json!({"interview_location": "Washington, D.C.", "departure_group": "Group A"})),
        ("history", json!({"declined_placement_last_year": false})),
    ]
}

#[tokio::test]
async fn an_applicant_registers_applies_submits_and_sees_where_they_stand() {
    each_backend("applying", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let public = t.anonymous();
        let open: Value = public.get(t.url("/api/v1/open-years")).send().await.unwrap().json().await.unwrap();
        let listed = open.as_array().unwrap().iter().find(|y| y["id"] == year).expect("the year is open");
        let mission = listed["missions"][0][0].as_i64().unwrap();

        let registration = json!({"email": "ana@example.org", "family_name": "Rivera", "given_name": "Ana", "nationality": "US", "password": PASSWORD});
        assert_eq!(public.post(t.url("/api/v1/applicants")).json(&registration).send().await.unwrap().status(), StatusCode::CREATED);
        // A taken address is answered as a new one (registering tells nobody who has an
        // account); its owner is mailed, with a link to set a new password.
        let again = public.post(t.url("/api/v1/applicants")).json(&registration).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::CREATED);
        assert_eq!(again.json::<Value>().await.unwrap(), json!({}));
        assert!(mail_to(&t, "ana@example.org", "register-existing").await.body_text.contains("/password-reset/kkr_"));
        let bad: Value = public.post(t.url("/api/v1/applicants")).json(&json!({"email": "x@example.org", "family_name": "", "given_name": "X", "nationality": "ZZ", "password": "short"})).send().await.unwrap().json().await.unwrap();
        let fields: Vec<&str> = bad["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(fields, vec!["family_name", "password"], "each refused field is named: {bad}");

        let ana = t.login("ana@example.org").await;
        let csrf = t.csrf(&ana).await;
        let start = json!({"programme_year_id": year, "position": "ALT", "mission_id": mission});
        let started = ana.post(t.url("/api/v1/my/applications")).header("x-csrf-token", &csrf).json(&start).send().await.unwrap();
        assert_eq!(started.status(), StatusCode::CREATED);
        let app: Value = started.json().await.unwrap();
        let id = app["id"].as_i64().unwrap();
        assert_eq!(app["reference"], "US-2028-00001");
        assert_eq!(app["form"]["personal"]["family_name"], "Rivera", "registration data is carried over");
        let twice: Value = ana.post(t.url("/api/v1/my/applications")).header("x-csrf-token", &csrf).json(&start).send().await.unwrap().json().await.unwrap();
        assert_eq!(twice["id"], id, "a repeated request never makes two applications");
        let other = ana.post(t.url("/api/v1/my/applications")).header("x-csrf-token", &csrf).json(&json!({"programme_year_id": year, "position": "CIR", "mission_id": mission})).send().await.unwrap();
        assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY, "ALT or CIR, never both");

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
        let listed: Value = ana.get(t.url(&format!("/api/v1/my/applications/{id}"))).send().await.unwrap().json().await.unwrap();
        let missing: Vec<&str> = listed["missing"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
        assert_eq!(missing, vec!["documents.transcript", "documents.degree-proof", "referees.letters"], "only the documents are missing now");
        upload_required(&t, &ana, &csrf, id).await;

        // Not yet: the address is unconfirmed.
        let submit = async || ana.post(t.url(&format!("/api/v1/my/applications/{id}/submit"))).header("x-csrf-token", &csrf).send().await.unwrap();
        let r: Value = submit().await.json().await.unwrap();
        assert_eq!(r["error"]["fields"][0]["field"], "email", "{r}");
        let mut tx = t.app.store.read().await.unwrap();
        let mails = store::outbox::list(&mut tx, Some("ana@example.org"), 5, 0).await.unwrap();
        drop(tx);
        let body = &mails.iter().find(|m| m.template == "verify-email").unwrap().body_text;
        let link = body[body.find(&t.base).unwrap()..].split_whitespace().next().unwrap().to_owned();
        let verified = public.get(&link).send().await.unwrap();
        assert_eq!(verified.status(), StatusCode::OK);
        assert_eq!(public.get(&link).send().await.unwrap().status(), StatusCode::GONE, "a link works once");

        let r = submit().await;
        assert_eq!(r.status(), StatusCode::OK);
        let submitted: Value = r.json().await.unwrap();
        assert_eq!(submitted["status"], "submitted");
        assert!(submitted["submitted_local"].as_str().unwrap().ends_with("EST") || submitted["submitted_local"].as_str().unwrap().ends_with("EDT"));
        assert_eq!(submit().await.status(), StatusCode::OK, "a double click answers with the same receipt");
        let mut tx = t.app.store.read().await.unwrap();
        let receipts: Vec<_> = store::outbox::list(&mut tx, Some("ana@example.org"), 10, 0).await.unwrap().into_iter().filter(|m| m.template == "application-receipt").collect();
        drop(tx);
        assert_eq!(receipts.len(), 1, "one receipt, however often submitted");
        assert!(receipts[0].subject.contains("US-2028-00001"));

        let locked = save("statement", json!({"statement_of_purpose": "changed"}), submitted["version"].as_i64().unwrap()).await;
        assert_eq!(locked.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let phone = save("personal", json!({"phone": "+1 555 0199"}), submitted["version"].as_i64().unwrap()).await;
        assert_eq!(phone.status(), StatusCode::OK, "contact details may change after submission");

        // The mission sees it; another applicant cannot.
        let desk = t.login(&w.mission_user).await;
        let list: Value = desk.get(t.url("/api/v1/applications?search=Rivera")).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["rows"][0]["status"], "submitted");

        // Where Ana stands, in her language.
        let page = ana.get(t.url("/my-application")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("US-2028-00001") && page.contains("step current"), "{page}");

        let withdrawn: Value = ana.post(t.url(&format!("/api/v1/my/applications/{id}/withdraw"))).header("x-csrf-token", &csrf).json(&json!({"reason": "I accepted another job"})).send().await.unwrap().json().await.unwrap();
        assert_eq!((withdrawn["status"].as_str(), withdrawn["status_reason"].as_str()), (Some("withdrawn"), Some("I accepted another job")));

        // After the deadline: refused, with the deadline in the country's time.
        let late = json!({"email": "ben@example.org", "family_name": "Lee", "given_name": "Ben", "nationality": "US", "password": PASSWORD});
        public.post(t.url("/api/v1/applicants")).json(&late).send().await.unwrap();
        let ben = t.login("ben@example.org").await;
        let ben_csrf = t.csrf(&ben).await;
        let draft: Value = ben.post(t.url("/api/v1/my/applications")).header("x-csrf-token", &ben_csrf).json(&start).send().await.unwrap().json().await.unwrap();
        // The deadline is 23:59 in New York on the UTC date 30 days ahead: up to 29 hours later
        // than 30 days from now, so 32 days are past it at any time of day.
        t.clock.advance(time::Duration::days(32));
        let ben = t.login("ben@example.org").await; // a month later, a new session
        let ben_csrf = t.csrf(&ben).await;
        let too_late: Value = ben.post(t.url(&format!("/api/v1/my/applications/{}/submit", draft["id"]))).header("x-csrf-token", &ben_csrf).send().await.unwrap().json().await.unwrap();
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
        let co = t.login(&w.co_a).await;
        let co_csrf = t.csrf(&co).await;
        let body = json!({"reason": "Dual US citizen: passport checked at the desk", "version": version});
        let denied = co
            .post(t.url(&format!("/api/v1/applications/{id}/eligibility-override")))
            .header("x-csrf-token", &co_csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(denied.status(), StatusCode::FORBIDDEN);
        let desk = t.login(&w.mission_user).await;
        let desk_csrf = t.csrf(&desk).await;
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

        let admin = t.login(&w.admin).await;
        let audit: Value = admin
            .get(t.url("/api/v1/audit?action=application.eligibility-override"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
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
        let jo = t.login("doc@example.org").await;
        let csrf = t.csrf(&jo).await;
        let app: Value = jo
            .post(t.url("/api/v1/my/applications"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"programme_year_id": year, "position": "ALT", "mission_id": w.mission}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
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
        assert_eq!(desk.get(t.url(&format!("/api/v1/documents/{doc}"))).send().await.unwrap().status(), StatusCode::OK);
        let co = t.login(&w.co_a).await;
        assert_eq!(co.get(t.url(&format!("/api/v1/documents/{doc}"))).send().await.unwrap().status(), StatusCode::FORBIDDEN);
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
        let cy = t.login("cy@example.org").await;
        let csrf = t.csrf(&cy).await;
        let app: Value = cy
            .post(t.url("/api/v1/my/applications"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"programme_year_id": year, "position": "ALT", "mission_id": w.mission}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = app["id"].as_i64().unwrap();
        let add = async |name: &str, email: &str| {
            cy.post(t.url(&format!("/api/v1/my/applications/{id}/referees"))).header("x-csrf-token", &csrf).json(&json!({"name": name, "email": email})).send().await.unwrap()
        };
        assert_eq!(add("Me", "cy@example.org").await.status(), StatusCode::UNPROCESSABLE_ENTITY, "not one's own referee");
        assert_eq!(add("Prof. Lee", "lee@uni.example").await.status(), StatusCode::CREATED);
        assert_eq!(add("Prof. Lee", "lee@uni.example").await.status(), StatusCode::UNPROCESSABLE_ENTITY, "named once");
        let mut tx = t.app.store.read().await.unwrap();
        let invitation = store::outbox::list(&mut tx, Some("lee@uni.example"), 1, 0).await.unwrap().remove(0);
        drop(tx);
        assert_eq!(invitation.language, "ko", "written in the applicant's language");
        let first = referee_token(&t, "lee@uni.example").await;

        // The referee's page needs no account and says whose letter is asked for.
        let page = t.anonymous().get(t.url(&format!("/referee/{first}"))).send().await.unwrap().text().await.unwrap();
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
        let view: Value = cy.get(t.url(&format!("/api/v1/my/applications/{id}"))).send().await.unwrap().json().await.unwrap();
        assert!(view["referees"][0]["received_at"].is_string(), "{view}");
        // The letter is the mission's: the applicant sees that it came, not the letter.
        assert!(view["documents"].as_array().unwrap().iter().all(|d| d["kind"] != "reference-letter"), "{view}");
    })
    .await;
}

/// The newest mail of a template to an address.
async fn mail_to(t: &TestApp, email: &str, template: &str) -> store::outbox::MailRow {
    let mut tx = t.app.store.read().await.unwrap();
    let mails = store::outbox::list(&mut tx, Some(email), 50, 0).await.unwrap();
    mails.into_iter().find(|m| m.template == template).unwrap_or_else(|| panic!("no {template} mail to {email}"))
}

fn field_of(error: &Value) -> (&str, &str) {
    let f = &error["error"]["fields"][0];
    (f["field"].as_str().unwrap_or(""), f["message"].as_str().unwrap_or(""))
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
            let me: Value = client.get(t.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
            (client, me["csrf_token"].as_str().unwrap().to_owned(), me["id"].as_i64().unwrap())
        };
        let (desk, csrf, desk_id) = session(&w.mission_user).await;
        let (desk2, csrf2, desk2_id) = session("desk2.us@example.org").await;
        let (desk3, csrf3, desk3_id) = session("desk3.us@example.org").await;
        let (_, _, admin_id) = session(&w.admin).await;
        let post = async |c: &reqwest::Client, csrf: &str, path: &str, body: Value| c.post(t.url(path)).header("x-csrf-token", csrf).json(&body).send().await.unwrap();
        let put = async |c: &reqwest::Client, csrf: &str, path: &str, body: Value| c.put(t.url(path)).header("x-csrf-token", csrf).json(&body).send().await.unwrap();
        let get = async |c: &reqwest::Client, path: &str| -> Value { c.get(t.url(path)).send().await.unwrap().json().await.unwrap() };

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
        let slots: Vec<i64> = mine["bookable"].as_array().unwrap().iter().map(|s| s[0].as_i64().unwrap()).collect();
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
        let page = ben_c.get(t.url("/my-application")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("US-2028-00002"));

        // A false statement found later disqualifies, with the ground on record.
        let (desk, csrf, _) = session(&w.mission_user).await;
        let bad_ground = post(&desk, &csrf, &format!("/api/v1/applications/{ben}/disqualify"), json!({"ground": "rudeness", "details": "-"})).await;
        assert_eq!(field_of(&bad_ground.json().await.unwrap()).0, "ground");
        let co = t.login(&w.co_a).await;
        let co_csrf = t.csrf(&co).await;
        assert_eq!(post(&co, &co_csrf, &format!("/api/v1/applications/{ben}/disqualify"), json!({"ground": "false-statement", "details": "x"})).await.status(), StatusCode::FORBIDDEN);
        let dq: Value = post(&desk, &csrf, &format!("/api/v1/applications/{ben}/disqualify"), json!({"ground": "false-statement", "details": "Degree certificate was forged"})).await.json().await.unwrap();
        assert_eq!(dq["status"], "disqualified");
        let admin = t.login(&w.admin).await;
        let audit: Value = admin.get(t.url("/api/v1/audit?action=selection.disqualify")).send().await.unwrap().json().await.unwrap();
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
        let r = ana_c.post(t.url(&format!("/api/v1/my/applications/{ana}/submit"))).header("x-csrf-token", &ana_csrf).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let desk = t.login(&w.mission_user).await;
        let me: Value = desk.get(t.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
        let page = async |path: &str| desk.get(t.url(path)).send().await.unwrap().text().await.unwrap();
        let board = page(&format!("/programme-years/{year}/screening")).await;
        assert!(board.contains("US-2028-00001") && !board.contains("Rivera"), "blind: no name on the board");
        let token = support::csrf_of(&board);
        let assign = [("application", ana.to_string()), ("reviewer", me["id"].to_string())];
        let path = format!("/programme-years/{year}/screening/reviewers");
        assert_eq!(desk.post(t.url(&path)).form(&assign).send().await.unwrap().status(), StatusCode::FORBIDDEN, "no token, no change");
        let r = desk.post(t.url(&path)).form(&[&assign[..], &[("csrf_token", token.clone())]].concat()).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.text().await.unwrap().contains("1 reviewer assignment(s) added"));

        let review = page(&format!("/applications/{ana}/review")).await;
        assert!(review.contains("name=\"score_statement\"") && review.contains("Linguistics"), "{review}");
        assert!(!review.contains("Rivera") && !review.contains("2001-05-04") && !review.contains("1 Main St"), "blind: {review}");
        let marks = [("csrf_token", token.as_str()), ("score_statement", "4"), ("score_education", "")];
        let r = desk.post(t.url(&format!("/applications/{ana}/review"))).form(&marks).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refused = r.text().await.unwrap();
        assert!(refused.contains("scores.education: this is required") && refused.contains("<option value=\"4\" selected>"), "{refused}");

        let year_page = page(&format!("/programme-years/{year}")).await;
        assert!(year_page.contains("name=\"screening_key_0\" value=\"statement\"") && year_page.contains("/screening\">"), "{year_page}");
        let version = year_page.split("name=\"version\" value=\"").nth(1).and_then(|v| v.split('"').next()).unwrap().to_owned();
        let form = [("csrf_token", token.as_str()), ("version", version.as_str()), ("reviewers_per_application", "1"), ("disagreement_threshold", "1"), ("booking_cutoff_hours", "0"), ("clearance_days", "30"), ("interview_share_percent", "80"), ("screening_key_0", "statement"), ("screening_weight_0", "3"), ("interview_key_0", "motivation"), ("interview_weight_0", "1")];
        let r = desk.post(t.url(&format!("/programme-years/{year}"))).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refused = r.text().await.unwrap();
        assert!(refused.contains("selection_rules.reviewers_per_application: must be from 2 to 5"), "{refused}");
        assert!(refused.contains("name=\"reviewers_per_application\" value=\"1\""), "the refused value is shown again");
    })
    .await;
}

#[tokio::test]
async fn lists_export_to_csv_and_xlsx_filters_are_saved_and_paper_applications_import_as_a_job() {
    each_backend("bulk", async |t: TestApp| {
        let w = World::seed(&t).await;
        let year = open_us_year(&t, &w).await;
        let desk = t.login(&w.mission_user).await;
        let csrf = t.csrf(&desk).await;

        // Exports: only what the caller may see, in either format.
        let csv = desk.get(t.url("/api/v1/exports/applications?format=csv")).send().await.unwrap();
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let text = csv.text().await.unwrap();
        assert!(text.starts_with('\u{feff}') && text.contains("US-2027-00000") && !text.contains("KR-2027"), "{text}");
        let xlsx = desk.get(t.url("/exports/applications?format=xlsx")).send().await.unwrap();
        assert_eq!(xlsx.status(), StatusCode::OK);
        assert!(xlsx.bytes().await.unwrap().starts_with(b"PK\x03\x04"));
        let co = t.login(&w.co_a).await;
        assert_eq!(co.get(t.url("/api/v1/exports/applications")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
        let odd: Value = desk.get(t.url("/api/v1/exports/applications?format=pdf")).send().await.unwrap().json().await.unwrap();
        assert_eq!(odd["error"]["fields"][0]["field"], "format");

        // Saved filters: saved, listed on the page, deleted.
        let saved: Value = desk.post(t.url("/api/v1/saved-filters")).header("x-csrf-token", &csrf)
            .json(&json!({"list": "applications", "name": "To screen", "query": "status=submitted&position=ALT"})).send().await.unwrap().json().await.unwrap();
        assert_eq!(saved[0]["name"], "To screen");
        let page = desk.get(t.url("/applications")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("/applications?status=submitted&#38;position=ALT") && page.contains("To screen"), "{page}");
        let bad: Value = desk.post(t.url("/api/v1/saved-filters")).header("x-csrf-token", &csrf)
            .json(&json!({"list": "applications", "name": "x", "query": "a=\"><script>"})).send().await.unwrap().json().await.unwrap();
        assert_eq!(bad["error"]["fields"][0]["field"], "query");
        let id = saved[0]["id"].as_i64().unwrap();
        assert_eq!(desk.delete(t.url(&format!("/api/v1/saved-filters/{id}"))).header("x-csrf-token", &csrf).send().await.unwrap().status(), StatusCode::NO_CONTENT);

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
                let now: Value = desk.get(t.url(&format!("/api/v1/jobs/{id}"))).send().await.unwrap().json().await.unwrap();
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
        let page = desk.get(t.url(&format!("/jobs/{}", done["id"]))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("3 applications imported"), "{page}");
        let again = wait(import(good.into_bytes()).await.json().await.unwrap()).await;
        assert_eq!(serde_json::from_str::<Value>(again["result_json"].as_str().unwrap()).unwrap()["skipped"], 3);
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
        let listed: Value = desk.get(t.url("/api/v1/applications?search=Yamada")).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed["rows"][0]["status"], "submitted");
        let other = t.login(&w.co_a).await;
        assert_eq!(other.get(t.url(&format!("/api/v1/jobs/{}", done["id"]))).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    })
    .await;
}

/// Waits for a placement run's background job to end.
async fn finished_run(t: &TestApp, client: &reqwest::Client, id: i64) -> Value {
    for _ in 0..600 {
        let run: Value =
            client.get(t.url(&format!("/api/v1/placement/runs/{id}"))).send().await.unwrap().json().await.unwrap();
        if run["run"]["status"] != "running" {
            return run;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("placement run {id} did not end");
}

#[tokio::test]
async fn cos_request_prefectures_forward_clair_runs_moves_approves_and_candidates_and_cos_see_the_result() {
    each_backend("placement", async |t: TestApp| {
        demo::load(&t.app, &demo::DemoOptions { seed: 7, password: PASSWORD.into(), extra_cleared: 0 }).await.unwrap();
        let email = |who: &str| format!("{who}@demo.kakehashi.jp");
        let town = t.login(&email("town")).await;
        let town_csrf = t.csrf(&town).await;
        let me: Value = town.get(t.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
        let town_org: i64 = me["roles"][0]["unit"].as_str().unwrap().trim_start_matches("organisation:").parse().unwrap();

        // A request with an unknown school level and impossible numbers is refused, naming each field.
        let bad = json!({"year": 2027, "organisation": town_org, "submit": true, "request": {
            "position": "ALT", "places": -1, "school_levels": ["university"], "schools": 0, "housing": "castle"}});
        let r = town.post(t.url("/api/v1/placement/requests")).header("x-csrf-token", &town_csrf).json(&bad).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = r.json().await.unwrap();
        let fields: Vec<&str> = body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        for f in ["places", "school_levels[0]", "schools", "housing"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let good = json!({"year": 2027, "organisation": town_org, "submit": true, "request": {
            "position": "ALT", "places": 1, "continuing": 1, "school_levels": ["elementary", "junior-high"], "schools": 3,
            "housing": "provided", "sister_countries": ["US"], "remarks": "Two junior high schools by bicycle."}});
        let r = town.post(t.url("/api/v1/placement/requests")).header("x-csrf-token", &town_csrf).json(&good).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let request: Value = r.json().await.unwrap();
        let request_id = request["id"].as_i64().unwrap();
        assert_eq!((request["status"].as_str(), request["may_forward"].as_bool()), (Some("submitted"), Some(false)));
        let own = town.post(t.url(&format!("/api/v1/placement/requests/{request_id}/forward")))
            .header("x-csrf-token", &town_csrf).json(&json!({"version": 1})).send().await.unwrap();
        assert_eq!(own.status(), StatusCode::FORBIDDEN, "a CO does not forward its own request");

        // The prefecture (Hyogo's board of education) forwards it; a second, stale forward is a conflict.
        let hyogo = t.login(&email("co")).await;
        let hyogo_csrf = t.csrf(&hyogo).await;
        let list: Value = hyogo.get(t.url("/api/v1/placement/requests?year=2027&status=submitted")).send().await.unwrap().json().await.unwrap();
        let mine = list.as_array().unwrap().iter().find(|r| r["id"] == request_id).expect("Hyogo sees the town's request");
        assert_eq!(mine["may_forward"], true);
        let r = hyogo.post(t.url(&format!("/api/v1/placement/requests/{request_id}/forward")))
            .header("x-csrf-token", &hyogo_csrf).json(&json!({"version": 1})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let r = hyogo.post(t.url(&format!("/api/v1/placement/requests/{request_id}/change-request")))
            .header("x-csrf-token", &hyogo_csrf).json(&json!({"version": 1, "note": "stale"})).send().await.unwrap();
        assert!(r.status() == StatusCode::CONFLICT || r.status() == StatusCode::FORBIDDEN, "{}", r.status());

        // CLAIR: the national picture, the weights (a bad one named), the precheck.
        let clair = t.login(&email("clair")).await;
        let csrf = t.csrf(&clair).await;
        let picture: Value = clair.get(t.url("/api/v1/placement/years/2027/picture")).send().await.unwrap().json().await.unwrap();
        let alt = picture["positions"].as_array().unwrap().iter().find(|p| p["position"] == "ALT").unwrap();
        assert!(alt["requested"].as_i64().unwrap() > 0 && alt["planned"].as_i64().unwrap() > 0 && alt["continuing"].as_i64().unwrap() > 0);
        let r = clair.put(t.url("/api/v1/placement/years/2027/weights")).header("x-csrf-token", &csrf)
            .json(&json!({"version": 0, "weights": {"area": 99}})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_of(&r.json().await.unwrap()).0, "weights.area");
        let r = clair.put(t.url("/api/v1/placement/years/2027/weights")).header("x-csrf-token", &csrf)
            .json(&json!({"version": 0, "weights": {"area": 4}})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let stale = clair.put(t.url("/api/v1/placement/years/2027/weights")).header("x-csrf-token", &csrf)
            .json(&json!({"version": 0, "weights": {"area": 5}})).send().await.unwrap();
        assert_eq!(stale.status(), StatusCode::CONFLICT, "two staff editing the weights");
        let check: Value = clair.get(t.url("/api/v1/placement/years/2027/precheck")).send().await.unwrap().json().await.unwrap();
        assert!(check["findings"].as_array().unwrap().iter().all(|f| f["blocking"] == false), "{check}");
        assert!(check["candidates"].as_i64().unwrap() > 50);

        // A mission's desk may not run placement.
        let desk = t.login(&email("mission")).await;
        let desk_csrf = t.csrf(&desk).await;
        let r = desk.post(t.url("/api/v1/placement/years/2027/runs")).header("x-csrf-token", &desk_csrf).json(&json!({"mode": "welfare"})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = clair.post(t.url("/api/v1/placement/years/2027/runs")).header("x-csrf-token", &csrf).json(&json!({"mode": "best"})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

        // Two runs, compared.
        let mut ids = Vec::new();
        for mode in ["stable", "welfare"] {
            let r = clair.post(t.url("/api/v1/placement/years/2027/runs")).header("x-csrf-token", &csrf).json(&json!({"mode": mode})).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            let run: Value = r.json().await.unwrap();
            ids.push(run["id"].as_i64().unwrap());
        }
        let stable = finished_run(&t, &clair, ids[0]).await;
        let welfare = finished_run(&t, &clair, ids[1]).await;
        for run in [&stable, &welfare] {
            assert_eq!(run["run"]["status"], "done", "{}", run["run"]);
            let s = &run["summary"];
            assert_eq!(s["candidates"], check["candidates"]);
            assert_eq!(run["map"].as_array().unwrap().len(), 47);
        }
        let (placed_w, placed_s) = (welfare["summary"]["placed"].as_i64().unwrap(), stable["summary"]["placed"].as_i64().unwrap());
        assert!(placed_w >= placed_s, "welfare places at least as many as stable");
        assert_eq!(placed_w, welfare["summary"]["candidates"].as_i64().unwrap(), "every cleared candidate placed");
        let compared: Value = clair.get(t.url(&format!("/api/v1/placement/compare?a={}&b={}", ids[0], ids[1]))).send().await.unwrap().json().await.unwrap();
        assert_eq!(compared["a_summary"]["placed"], placed_s);
        assert_eq!(compared["b"]["mode"], "welfare");

        // A run whose store step fails (the database refuses its assignments, by a trigger made
        // for this test) is marked failed with the reason and leaves every other run as it was.
        let trigger: &[&str] = match t.app.store.backend() {
            store::Backend::Sqlite => &["CREATE TRIGGER kk_injected BEFORE INSERT ON placement_assignments \
                BEGIN SELECT RAISE(ABORT, 'injected failure'); END"],
            store::Backend::Postgres => &[
                "CREATE FUNCTION kk_injected() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''injected failure''; END'",
                "CREATE TRIGGER kk_injected BEFORE INSERT ON placement_assignments FOR EACH ROW EXECUTE FUNCTION kk_injected()",
            ],
        };
        for sql in trigger {
            t.app.store.execute_unscoped(store::test_sql::query(*sql)).await.unwrap();
        }
        let r = clair.post(t.url("/api/v1/placement/years/2027/runs")).header("x-csrf-token", &csrf).json(&json!({"mode": "stable"})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let failing: Value = r.json().await.unwrap();
        let failed = finished_run(&t, &clair, failing["id"].as_i64().unwrap()).await;
        assert_eq!(failed["run"]["status"], "failed", "{}", failed["run"]);
        assert!(failed["run"]["error"].as_str().unwrap().contains("injected failure"), "{}", failed["run"]);
        assert!(failed["candidates"].as_array().is_none_or(|c| c.is_empty()), "a failed run stores no assignments");
        let drop_trigger = match t.app.store.backend() {
            store::Backend::Sqlite => "DROP TRIGGER kk_injected",
            store::Backend::Postgres => "DROP TRIGGER kk_injected ON placement_assignments",
        };
        t.app.store.execute_unscoped(store::test_sql::query(drop_trigger)).await.unwrap();
        let welfare_again = finished_run(&t, &clair, ids[1]).await;
        assert_eq!(welfare_again["summary"], welfare["summary"]);
        assert_eq!(welfare_again["run"]["version"], welfare["run"]["version"]);
        let runs: Value = clair.get(t.url("/api/v1/placement/years/2027/runs")).send().await.unwrap().json().await.unwrap();
        let statuses: Vec<&str> = runs.as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, ["failed", "done", "done"], "newest first");

        // The cleared demo candidate: the explanation lists Hyogo (stated first) first.
        let cleared = t.login(&email("cleared")).await;
        let cleared_csrf = t.csrf(&cleared).await;
        let apps: Value = cleared.get(t.url("/api/v1/my/applications")).send().await.unwrap().json().await.unwrap();
        let application = apps[0]["id"].as_i64().unwrap();
        let waiting = apps[0]["steps"].as_array().unwrap().iter().find(|s| s["key"] == "step-placement").cloned();
        assert_eq!(waiting.map(|s| s["state"].clone()), Some(json!("current")), "cleared, waiting for placement");
        let run = ids[1];
        let why: Value = clair.get(t.url(&format!("/api/v1/placement/runs/{run}/candidates/{application}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(why["stated_places"][0], "28");
        assert_eq!(why["requests"][0]["tier"], "stated");
        assert_eq!(why["requests"][0]["prefecture"], 28);

        // Moving them to the town's request: the cost first, then the move (a stale version is a conflict).
        let cost: Value = clair.get(t.url(&format!("/api/v1/placement/runs/{run}/cost?application={application}&request={request_id}"))).send().await.unwrap().json().await.unwrap();
        assert!(cost["unmet"].as_array().unwrap().is_empty(), "{cost}");
        assert!(cost["blocking_after"].as_u64().is_some());
        let mut version = welfare["run"]["version"].as_i64().unwrap();
        // The town asked for one ALT: whoever the engine put there makes room first.
        let occupant = welfare["candidates"].as_array().unwrap().iter().find(|c| c["request_id"] == request_id).map(|c| c["application_id"].as_i64().unwrap());
        if let Some(other) = occupant.filter(|o| *o != application) {
            let full = clair.post(t.url(&format!("/api/v1/placement/runs/{run}/moves"))).header("x-csrf-token", &csrf)
                .json(&json!({"version": version, "application": application, "request": request_id, "reason": "full"})).send().await.unwrap();
            assert_eq!(full.status(), StatusCode::UNPROCESSABLE_ENTITY, "a full request takes nobody more");
            let out = clair.post(t.url(&format!("/api/v1/placement/runs/{run}/moves"))).header("x-csrf-token", &csrf)
                .json(&json!({"version": version, "application": other, "request": null, "reason": "Makes room"})).send().await.unwrap();
            assert_eq!(out.status(), StatusCode::OK);
            version += 1;
        }
        let no_reason = clair.post(t.url(&format!("/api/v1/placement/runs/{run}/moves"))).header("x-csrf-token", &csrf)
            .json(&json!({"version": version, "application": application, "request": request_id, "reason": " "})).send().await.unwrap();
        assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let moved = clair.post(t.url(&format!("/api/v1/placement/runs/{run}/moves"))).header("x-csrf-token", &csrf)
            .json(&json!({"version": version, "application": application, "request": request_id, "reason": "Sister city exchange"})).send().await.unwrap();
        assert_eq!(moved.status(), StatusCode::OK);
        let again = clair.post(t.url(&format!("/api/v1/placement/runs/{run}/moves"))).header("x-csrf-token", &csrf)
            .json(&json!({"version": version, "application": application, "request": null, "reason": "second desk"})).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::CONFLICT, "two staff moving in the same run");
        let view = finished_run(&t, &clair, run).await;
        let row = view["candidates"].as_array().unwrap().iter().find(|c| c["application_id"] == application).unwrap();
        assert_eq!((row["request_id"].as_i64(), row["moved"].as_bool()), (Some(request_id), Some(true)));
        assert!(view["summary"]["moved"].as_u64().unwrap() >= 1);
        // The explanation still shows where the engine had put them.
        let engine_at = welfare["candidates"].as_array().unwrap().iter().find(|c| c["application_id"] == application).unwrap()["request_id"].as_i64();
        let why: Value = clair.get(t.url(&format!("/api/v1/placement/runs/{run}/candidates/{application}"))).send().await.unwrap().json().await.unwrap();
        let marked: Vec<i64> = why["requests"].as_array().unwrap().iter().filter(|r| r["engine_placed"] == true).map(|r| r["request_id"].as_i64().unwrap()).collect();
        assert_eq!(marked, engine_at.into_iter().collect::<Vec<_>>(), "{why}");

        // Exports of the placement list.
        let csv = clair.get(t.url(&format!("/api/v1/placement/runs/{run}/export?format=csv"))).send().await.unwrap();
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let text = csv.text().await.unwrap();
        assert!(text.contains("Sister city exchange") && text.lines().count() as i64 > placed_w);
        let xlsx = clair.get(t.url(&format!("/api/v1/placement/runs/{run}/export?format=xlsx"))).send().await.unwrap().bytes().await.unwrap();
        assert!(xlsx.starts_with(b"PK"));

        // The committee approves: the run locks, candidates are notified, the CO sees who comes.
        let version = view["run"]["version"].as_i64().unwrap();
        let r = clair.post(t.url(&format!("/api/v1/placement/runs/{run}/approve"))).header("x-csrf-token", &csrf)
            .json(&json!({"version": version, "note": "Placement committee, 20 May"})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let approved: Value = r.json().await.unwrap();
        assert_eq!(approved["notified"], view["summary"]["placed"]);
        let locked = clair.post(t.url(&format!("/api/v1/placement/runs/{run}/moves"))).header("x-csrf-token", &csrf)
            .json(&json!({"version": version + 1, "application": application, "request": null, "reason": "late"})).send().await.unwrap();
        assert_eq!(locked.status(), StatusCode::UNPROCESSABLE_ENTITY, "an approved run is locked");
        let older = clair.post(t.url(&format!("/api/v1/placement/runs/{}/approve", ids[0]))).header("x-csrf-token", &csrf)
            .json(&json!({"version": stable["run"]["version"], "note": "again"})).send().await.unwrap();
        assert_eq!(older.status(), StatusCode::CONFLICT, "a run older than the approval would move notified people");
        let notice = mail_to(&t, &email("cleared"), "placement-notice").await;
        let mine: Value = cleared.get(t.url(&format!("/api/v1/my/applications/{application}/placement"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(mine["request"]["id"], request_id);
        assert!(notice.body_text.contains(mine["request"]["organisation_en"].as_str().unwrap()), "{}", notice.body_text);
        let place = format!("{}, Hyogo", mine["request"]["municipality_en"].as_str().unwrap());
        assert!(notice.body_text.contains(&place), "{place} in {}", notice.body_text);
        // Their status: the placement step is done (with the notice's date); arrival comes next.
        let apps: Value = cleared.get(t.url("/api/v1/my/applications")).send().await.unwrap().json().await.unwrap();
        let steps = apps[0]["steps"].as_array().unwrap();
        let at = |key: &str| steps.iter().find(|s| s["key"] == key).unwrap_or_else(|| panic!("{key} in {steps:?}"));
        assert_eq!(at("step-placement")["state"], "done");
        assert!(at("step-placement")["when"].is_string());
        assert_eq!(at("step-arrival")["state"], "current");
        let incoming: Value = town.get(t.url("/api/v1/placement/incoming?year=2027")).send().await.unwrap().json().await.unwrap();
        let coming = incoming.as_array().unwrap();
        assert_eq!(coming.len(), 1);
        assert_eq!(coming[0]["application_id"], application);

        // Declining is withdrawing; a later run places only who is left, on the seats left.
        let r = cleared.post(t.url(&format!("/api/v1/my/applications/{application}/placement/decline"))).header("x-csrf-token", &cleared_csrf)
            .json(&json!({"reason": "A job offer at home"})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let apps: Value = cleared.get(t.url("/api/v1/my/applications")).send().await.unwrap().json().await.unwrap();
        assert_eq!(apps[0]["status"], "withdrawn");
        let check: Value = clair.get(t.url("/api/v1/placement/years/2027/precheck")).send().await.unwrap().json().await.unwrap();
        let left = i64::from(occupant.is_some_and(|o| o != application));
        assert_eq!(check["candidates"], left, "only whoever was moved out waits");
        let r = clair.post(t.url("/api/v1/placement/years/2027/runs")).header("x-csrf-token", &csrf).json(&json!({"mode": "welfare"})).send().await.unwrap();
        if left == 0 {
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "nobody left to place: said before the run starts");
            assert_eq!(field_of(&r.json().await.unwrap()).0, "year");
        } else {
            // The later placement: the one left goes to a seat left (the town's, freed by the
            // decline, among them); nobody notified moves.
            let later: Value = r.json().await.unwrap();
            let later = finished_run(&t, &clair, later["id"].as_i64().unwrap()).await;
            assert_eq!((later["summary"]["candidates"].as_i64(), later["summary"]["placed"].as_i64()), (Some(1), Some(1)));
            let r = clair.post(t.url(&format!("/api/v1/placement/runs/{}/approve", later["run"]["id"]))).header("x-csrf-token", &csrf)
                .json(&json!({"version": later["run"]["version"], "note": "Second committee"})).send().await.unwrap();
            assert_eq!(r.json::<Value>().await.unwrap()["notified"], 1);
            let mine: Value = cleared.get(t.url(&format!("/api/v1/my/applications/{application}/placement"))).send().await.unwrap().json().await.unwrap();
            assert_eq!(mine["request"]["id"], request_id, "a notified placement does not move");
        }

        // A run whose process stopped (its job's heartbeat older than a live one's ever is) is
        // failed by the sweep every instance runs; a run still making progress is left alone.
        let clair_id = {
            let mut tx = t.app.store.read().await.unwrap();
            let email = domain::Email::parse(&email("clair")).unwrap();
            store::users::user_by_email(&mut tx, &email).await.unwrap().unwrap().id().0
        };
        let mut tx = t.app.store.write().await.unwrap();
        let mut stuck = Vec::new();
        for silent in [app::ABANDONED_AFTER + time::Duration::seconds(1), time::Duration::seconds(5)] {
            let at = t.app.now() - silent;
            let job = store::jobs::insert_job(&mut tx, "placement-run", clair_id, "-", 4, at).await.unwrap();
            stuck.push(store::placing::insert_run(&mut tx, 2027, "stable", job, "{}", clair_id, at).await.unwrap());
        }
        tx.commit().await.unwrap();
        assert_eq!(t.app.fail_abandoned_work().await.unwrap(), 1);
        let abandoned: Value = clair.get(t.url(&format!("/api/v1/placement/runs/{}", stuck[0]))).send().await.unwrap().json().await.unwrap();
        assert_eq!((abandoned["run"]["status"].as_str(), abandoned["run"]["error"].as_str()), (Some("failed"), Some("interrupted")));
        let live: Value = clair.get(t.url(&format!("/api/v1/placement/runs/{}", stuck[1]))).send().await.unwrap().json().await.unwrap();
        assert_eq!(live["run"]["status"], "running");
    })
    .await;
}
