//! The shell every area stands in: the service answers its health and its OpenAPI document;
//! forms need their CSRF token and the same origin; bad input is named in the reader's language
//! and nothing is written; the language switch is remembered. And the service stays up for
//! everyone while one client misbehaves (issue 10, items 2, 4, 11, 15): refusals never hold the
//! database pool, one client's flood is limited without holding others, redirects stay on the
//! site, and the API answers every error in its own JSON shape.

use crate::support::{
    Answer, PASSWORD, TestApp, World, at_once, csrf_of, each_backend, each_backend_with, without_client_limits,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

#[tokio::test]
async fn health_names_the_backend() {
    each_backend("health", async |t: TestApp| {
        let body: Value = t.anonymous().get(t.url("/healthz")).json_answer().await;
        assert_eq!(body, json!({"status": "ok", "database": t.backend_name()}));
    })
    .await;
}

#[tokio::test]
async fn forms_need_their_csrf_token_and_the_same_origin() {
    each_backend("csrf", async |t: TestApp| {
        let w = World::seed(&t).await;
        let client = t.anonymous();
        let page = client.get(t.url("/login")).text_answer().await;
        let token = csrf_of(&page);
        assert_eq!(
            client
                .post(t.url("/login"))
                .form(&[("email", w.co_a.as_str()), ("password", PASSWORD)])
                .status_answer()
                .await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            client
                .post(t.url("/login"))
                .header("origin", "http://evil.example")
                .form(&[("csrf_token", token.as_str()), ("email", w.co_a.as_str()), ("password", PASSWORD)])
                .status_answer()
                .await,
            StatusCode::FORBIDDEN,
            "a cross-site post is refused even with a token"
        );
        assert_eq!(
            client
                .post(t.url("/login"))
                .form(&[("csrf_token", token.as_str()), ("email", w.co_a.as_str()), ("password", PASSWORD)])
                .status_answer()
                .await,
            StatusCode::SEE_OTHER
        );
        let dashboard = client.get(t.url("/dashboard")).text_answer().await;
        assert!(dashboard.contains("data-testid=\"section-organisation\""), "{dashboard}");
        // After login the session's own token rules; the anonymous one is no longer accepted.
        assert_eq!(
            client.post(t.url("/logout")).form(&[("csrf_token", token.as_str())]).status_answer().await,
            StatusCode::FORBIDDEN
        );
        let fresh = csrf_of(&dashboard);
        assert_eq!(
            client.post(t.url("/logout")).form(&[("csrf_token", fresh.as_str())]).status_answer().await,
            StatusCode::SEE_OTHER
        );
        assert_eq!(client.get(t.url("/dashboard")).status_answer().await, StatusCode::SEE_OTHER);
    })
    .await;
}

#[tokio::test]
async fn bad_input_is_named_in_the_users_language_and_nothing_is_written() {
    each_backend("bad input", async |t: TestApp| {
        let w = World::seed(&t).await;
        let (admin, csrf) = t.session(&w.admin).await;
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
        assert_eq!(body["error"]["fields"][1]["message"], "Name: at most 100 characters", "the field by its label");

        // The same refusal for a user whose language is Japanese.
        assert_eq!(
            admin
                .put(t.url("/api/v1/me/language"))
                .header("x-csrf-token", &csrf)
                .json(&json!({"language": "ja"}))
                .status_answer()
                .await,
            StatusCode::NO_CONTENT
        );
        let refused: Value = admin
            .post(t.url("/api/v1/users"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"email": "ok@example.org", "display_name": long_name}))
            .json_answer()
            .await;
        assert_eq!(refused["error"]["fields"][0]["message"], "氏名：100文字以内で入力してください");

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
        assert_eq!(
            admin
                .post(t.url("/api/v1/users"))
                .header("x-csrf-token", &csrf)
                .header("content-type", "application/json")
                .body(format!("{{\"email\": \"{}\"}}", "a".repeat(2 * 1024 * 1024)))
                .status_answer()
                .await,
            StatusCode::PAYLOAD_TOO_LARGE
        );
        let users: Value = admin.get(t.url("/api/v1/users")).json_answer().await;
        assert_eq!(users["total"], w.users, "no user was half-created");
    })
    .await;
}

#[tokio::test]
async fn the_language_switch_is_remembered() {
    each_backend("languages", async |t: TestApp| {
        let w = World::seed(&t).await;
        let anonymous = t.anonymous();
        let korean = anonymous.get(t.url("/login")).header("accept-language", "ko-KR,ko;q=0.9").text_answer().await;
        assert!(korean.contains("<html lang=\"ko\">") && korean.contains("로그인"), "Accept-Language is honoured");
        let client = t.login(&w.co_a).await;
        let page = client.get(t.url("/dashboard")).text_answer().await;
        let token = csrf_of(&page);
        for (tag, word) in [("ja", "ログアウト"), ("ko", "로그아웃"), ("en", "Log out")] {
            let switched = client
                .post(t.url("/language"))
                .form(&[("csrf_token", token.as_str()), ("language", tag), ("back", "/participants")])
                .send()
                .await
                .unwrap();
            assert_eq!(switched.status(), StatusCode::SEE_OTHER);
            assert_eq!(switched.headers()["location"], "/participants");
            let page = client.get(t.url("/participants")).text_answer().await;
            assert!(page.contains(&format!("<html lang=\"{tag}\">")) && page.contains(word), "{tag}");
        }
        let me: Value = client.get(t.url("/api/v1/me")).json_answer().await;
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
async fn the_openapi_document_matches_its_snapshot() {
    let document = web::openapi_json();
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
        let served = t.anonymous().get(t.url("/api/openapi.json")).text_answer().await;
        assert_eq!(served, web::openapi_json());
    })
    .await;
}

#[tokio::test]
async fn refused_requests_never_hold_the_database_pool() {
    each_backend_with("refusals and the pool", without_client_limits(), async |t: TestApp| {
        let w = World::seed(&t).await;
        // A CO supervisor asks for a screening board and for another organisation's participant,
        // many times at once: more than the pool's eight connections.
        let co = t.login(&w.co_a).await;
        const AT_ONCE: usize = 80;
        let mut refused = Vec::new();
        for i in 0..AT_ONCE {
            let path = if i % 2 == 0 {
                "/api/v1/programme-years/1/screening".to_owned()
            } else {
                format!("/api/v1/participants/{}", w.participant_b)
            };
            refused.push(co.get(t.url(&path)).send());
        }
        let health = t.anonymous();
        let (answers, healthy) =
            tokio::join!(at_once(refused), async { health.get(t.url("/healthz")).status_answer().await });
        let statuses: Vec<StatusCode> = answers.iter().map(|r| r.as_ref().unwrap().status()).collect();
        assert!(statuses.iter().all(|s| *s == StatusCode::FORBIDDEN), "{statuses:?}");
        assert_eq!(healthy, StatusCode::OK, "the service answered others meanwhile");

        // Every refusal is on record once it was answered.
        let admin = t.login(&w.admin).await;
        let count = async |action: &str| {
            let page: Value =
                admin.get(t.url(&format!("/api/v1/audit?outcome=denied&action={action}"))).json_answer().await;
            page["total"].as_i64().unwrap()
        };
        assert_eq!(count("participant.read").await, (AT_ONCE / 2) as i64);
        assert_eq!(count("screening.read").await, (AT_ONCE / 2) as i64);
    })
    .await;
}

/// A request whose body never finishes: it stays in flight until the stream is dropped.
async fn held_open(t: &TestApp, cookie: &str, csrf: &str) -> tokio::net::TcpStream {
    let address = t.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "PUT /api/v1/me/language HTTP/1.1\r\nHost: {address}\r\nCookie: kakehashi_session={cookie}\r\nx-csrf-token: {csrf}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.flush().await.unwrap();
    stream
}

async fn session_of(t: &TestApp, email: &str) -> (String, String) {
    let r = t
        .anonymous()
        .post(t.url("/api/v1/session"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("kakehashi_session="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let body: Value = r.json().await.unwrap();
    (cookie, body["csrf_token"].as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn one_client_flooding_is_limited_while_others_are_answered() {
    each_backend("burst", async |t: TestApp| {
        let w = World::seed(&t).await;
        let limits = web::limits::ClientLimits::default();
        let (cookie, _) = session_of(&t, &w.co_a).await;
        let flooder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let as_flooder = |path: &str| flooder.get(t.url(path)).header("cookie", format!("kakehashi_session={cookie}"));
        let me: Value = as_flooder("/api/v1/me").json_answer().await;
        let csrf = me["csrf_token"].as_str().unwrap().to_owned();

        // The flooder holds as many requests in flight as it may...
        let mut held = Vec::new();
        for _ in 0..limits.in_flight {
            held.push(held_open(&t, &cookie, &csrf).await);
        }
        // (the server counts a request once it has read its head: wait until all are counted)
        let mut limited = None;
        for _ in 0..200 {
            let r = as_flooder("/api/v1/participants").send().await.unwrap();
            if r.status() == StatusCode::TOO_MANY_REQUESTS {
                limited = Some(r);
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        // ...and one more is refused at once, in the API's shape, with when to come back.
        let limited = limited.expect("the request past the limit is refused");
        assert_eq!(limited.headers()["retry-after"], "1");
        let body: Value = limited.json().await.unwrap();
        assert_eq!(body["error"]["code"], "rate-limited", "{body}");

        // Another person (on the same address) is answered meanwhile, as is the health check.
        let pa = t.login(&w.pa_a).await;
        for _ in 0..5 {
            assert_eq!(pa.get(t.url("/api/v1/participants")).status_answer().await, StatusCode::OK);
        }
        assert_eq!(t.anonymous().get(t.url("/healthz")).status_answer().await, StatusCode::OK);

        // Once its requests end, the flooder is let in again.
        drop(held);
        let mut back = StatusCode::TOO_MANY_REQUESTS;
        for _ in 0..200 {
            back = as_flooder("/api/v1/participants").status_answer().await;
            if back == StatusCode::OK {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert_eq!(back, StatusCode::OK);

        // Refusals: the burst is answered as refusals, then the client must wait; others are not.
        let other = format!("/api/v1/participants/{}", w.participant_b);
        let mut statuses = Vec::new();
        for _ in 0..limits.refusal_burst + 5 {
            statuses.push(as_flooder(&other).status_answer().await);
        }
        let refused = statuses.iter().filter(|s| **s == StatusCode::FORBIDDEN).count();
        let limited = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
        assert!(
            refused >= limits.refusal_burst as usize && refused <= limits.refusal_burst as usize + 1,
            "{statuses:?}"
        );
        assert_eq!(refused + limited, statuses.len(), "{statuses:?}");
        let page = as_flooder("/participants").send().await.unwrap();
        assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS, "pages too");
        assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        assert_eq!(pa.get(t.url("/api/v1/participants")).status_answer().await, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn redirects_after_login_and_language_stay_on_the_site() {
    each_backend("redirects", async |t: TestApp| {
        let w = World::seed(&t).await;
        for next in
            ["/\t/evil.example", "//evil.example", "/\\evil.example", "/\n/evil.example", "/x\r\nSet-Cookie: a=b"]
        {
            let client = t.anonymous();
            let page = client.get(t.url("/login")).text_answer().await;
            let csrf = csrf_of(&page);
            let r = client
                .post(t.url("/login"))
                .form(&[("email", w.co_a.as_str()), ("password", PASSWORD), ("next", next), ("csrf_token", &csrf)])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}");
            assert_eq!(r.headers()["location"], "/dashboard", "{next:?}");

            let page = client.get(t.url("/dashboard")).text_answer().await;
            let csrf = csrf_of(&page);
            let r = client
                .post(t.url("/language"))
                .form(&[("language", "ja"), ("back", next), ("csrf_token", &csrf)])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}");
            assert_eq!(r.headers()["location"], "/dashboard", "{next:?}");
        }
        // A path of the site is followed.
        let client = t.anonymous();
        let page = client.get(t.url("/login")).text_answer().await;
        let csrf = csrf_of(&page);
        let r = client
            .post(t.url("/login"))
            .form(&[
                ("email", w.co_a.as_str()),
                ("password", PASSWORD),
                ("next", "/participants?q=a"),
                ("csrf_token", &csrf),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["location"], "/participants?q=a");
    })
    .await;
}

#[tokio::test]
async fn the_api_answers_every_error_in_its_json_shape() {
    each_backend("api errors", async |t: TestApp| {
        let w = World::seed(&t).await;
        let (client, csrf) = t.session(&w.admin).await;
        let ja = |r: reqwest::RequestBuilder| r.header("accept-language", "ja");
        let check = async |r: reqwest::Response, status: StatusCode, code: &str| {
            assert_eq!(r.status(), status);
            let content_type = r.headers()["content-type"].to_str().unwrap().to_owned();
            assert!(content_type.starts_with("application/json"), "{content_type}");
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["error"]["code"], code, "{body}");
            assert!(!body["error"]["message"].as_str().unwrap().is_empty(), "{body}");
            body
        };
        // A path parameter that is not a number.
        check(
            client.get(t.url("/api/v1/participants/abc")).send().await.unwrap(),
            StatusCode::BAD_REQUEST,
            "bad-request",
        )
        .await;
        // A query that does not parse.
        check(
            client.get(t.url("/api/v1/participants?limit=many")).send().await.unwrap(),
            StatusCode::BAD_REQUEST,
            "bad-request",
        )
        .await;
        // A method the route does not have.
        let r = client.patch(t.url("/api/v1/participants")).header("x-csrf-token", &csrf).send().await.unwrap();
        assert!(r.headers().contains_key("allow"));
        check(r, StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed").await;
        // A body over the limit, in the caller's language, naming the limit.
        let big = "x".repeat(web::BODY_LIMIT + 1);
        let r = ja(client
            .post(t.url("/api/v1/users"))
            .header("x-csrf-token", &csrf)
            .header("content-type", "application/json"))
        .body(big)
        .send()
        .await
        .unwrap();
        let body = check(r, StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large").await;
        assert!(body["error"]["message"].as_str().unwrap().contains(&web::BODY_LIMIT.to_string()), "{body}");
        // An upload over its limit.
        let upload = vec![b'%'; web::UPLOAD_LIMIT + 1024];
        let r = client
            .put(t.url("/api/v1/my/applications/1/documents?kind=transcript&name=t.pdf"))
            .header("x-csrf-token", &csrf)
            .header("content-type", "application/octet-stream")
            .body(upload)
            .send()
            .await
            .unwrap();
        let body = check(r, StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large").await;
        assert!(body["error"]["message"].as_str().unwrap().contains(&web::UPLOAD_LIMIT.to_string()), "{body}");
        // An unknown API path.
        check(client.get(t.url("/api/v1/no-such-thing")).send().await.unwrap(), StatusCode::NOT_FOUND, "not-found")
            .await;

        // Pages answer the same errors as pages.
        let r = client.get(t.url("/participants/abc")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        assert!(!r.text().await.unwrap().contains("i64"), "no Rust type reaches a person");
    })
    .await;
}
