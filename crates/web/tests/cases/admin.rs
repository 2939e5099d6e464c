//! Administration: administrators manage accounts and roles and every change is audited; the
//! mail outbox delivers through a real SMTP conversation, in the account's language.

use crate::support::{Answer, PASSWORD, SmtpSink, TestApp, World, each_backend, login_status};
use reqwest::StatusCode;
use serde_json::{Value, json};
use store::test_sql::RawSql;

#[tokio::test]
async fn administrators_manage_accounts_and_every_change_is_audited() {
    each_backend("admin", async |t: TestApp| {
        let w = World::seed(&t).await;
        let (admin, csrf) = t.session(&w.admin).await;
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
        assert_eq!(
            admin
                .post(t.url(&format!("/api/v1/users/{id}/roles")))
                .header("x-csrf-token", &csrf)
                .json(&grant)
                .status_answer()
                .await,
            StatusCode::OK
        );
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
        assert_eq!(
            admin
                .post(t.url(&format!("/api/v1/users/{id}/roles")))
                .header("x-csrf-token", &csrf)
                .json(&unitless)
                .status_answer()
                .await,
            StatusCode::UNPROCESSABLE_ENTITY
        );

        // The welcome mail with a link to choose a password is in the outbox, in Korean.
        let mails: Value = admin.get(t.url("/api/v1/outbox")).json_answer().await;
        let welcome = &mails["rows"][0];
        assert_eq!(
            (welcome["to"].as_str(), welcome["language"].as_str(), welcome["status"].as_str()),
            (Some("new.desk@example.org"), Some("ko"), Some("kept"))
        );
        assert!(welcome["body"].as_str().unwrap().contains("/password-reset/kkr_"));

        let audit: Value = admin.get(t.url("/api/v1/audit?entity=user&outcome=done")).json_answer().await;
        let rows = audit["rows"].as_array().unwrap();
        let grant_row = rows
            .iter()
            .find(|r| r["action"] == "role.grant" && r["entity_id"].as_str() == Some(id.to_string().as_str()))
            .unwrap();
        assert_eq!(grant_row["before"], json!({"roles": []}));
        assert_eq!(grant_row["after"]["roles"][0]["role"], "mission-staff");
        assert!(rows.iter().any(|r| r["action"] == "user.create" && r["after"]["email"] == "new.desk@example.org"));
        assert!(!audit.to_string().contains("argon2"), "no password hash in the audit log");

        // The page reads the same records as what changed, field by field, with the record linked
        // and its unit by name.
        let page = admin.get(t.url("/admin/audit?entity=user&outcome=done")).text_answer().await;
        assert!(page.contains(&format!("href=\"/admin/users/{id}\"")), "the account is linked");
        assert!(page.contains("data-testid=\"audit-changes\""), "a table of changed fields");
        assert!(!page.contains("{&quot;roles&quot;"), "no raw JSON");

        // The outbox is searched by recipient or subject, and by status; the count follows.
        let found = admin.get(t.url("/admin/outbox?search=new.desk%40example")).text_answer().await;
        assert!(found.contains("new.desk@example.org"));
        let count = |page: &str| {
            page.split("data-testid=\"outbox-count\">").nth(1).and_then(|r| r.split('<').next()).map(str::to_owned)
        };
        let none = admin.get(t.url("/admin/outbox?search=nobody-at-all")).text_answer().await;
        assert!(
            !none.contains("new.desk@example.org") && count(&none) != count(&found),
            "{:?} {:?}",
            count(&none),
            count(&found)
        );
        let failed: Value = admin.get(t.url("/api/v1/outbox?status=failed")).json_answer().await;
        assert_eq!(failed["total"], 0, "no mail failed");
        assert_eq!(
            admin.get(t.url("/api/v1/outbox?status=lost")).status_answer().await,
            StatusCode::UNPROCESSABLE_ENTITY
        );

        // Disabling an account ends its sessions and refuses its logins, until it is enabled again.
        let mission = t.login(&w.mission_user).await;
        let mission_id: i64 = mission.get(t.url("/api/v1/me")).json_answer().await["id"].as_i64().unwrap();
        let disabled = admin
            .put(t.url(&format!("/api/v1/users/{mission_id}/disabled")))
            .header("x-csrf-token", &csrf)
            .json(&json!({"disabled": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(disabled.status(), StatusCode::OK);
        assert_eq!(mission.get(t.url("/api/v1/me")).status_answer().await, StatusCode::UNAUTHORIZED);
        assert_eq!(login_status(&t, &t.anonymous(), &w.mission_user, PASSWORD).await, StatusCode::UNAUTHORIZED);
        admin
            .put(t.url(&format!("/api/v1/users/{mission_id}/disabled")))
            .header("x-csrf-token", &csrf)
            .json(&json!({"disabled": false}))
            .send()
            .await
            .unwrap();
        t.login(&w.mission_user).await;

        let (co, co_csrf) = t.session(&w.co_a).await;
        assert_eq!(
            co.post(t.url("/api/v1/users"))
                .header("x-csrf-token", co_csrf)
                .json(&json!({"email": "x@example.org", "display_name": "X"}))
                .status_answer()
                .await,
            StatusCode::FORBIDDEN
        );
    })
    .await;
}

#[tokio::test]
async fn mail_is_delivered_through_a_real_smtp_conversation() {
    let sink = SmtpSink::start().await;
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
        let mails: Value = admin.get(t.url("/api/v1/outbox")).json_answer().await;
        assert_eq!(mails["rows"][0]["status"], "sent");
    })
    .await;
}
