//! The service stays up for everyone while one client misbehaves (issue 10, items 2, 4, 11, 15):
//! refusals never hold the database pool, one client's flood is limited without holding others,
//! redirects stay on the site, and the API answers every error in its own JSON shape.

use crate::support::{PASSWORD, TestApp, World, each_backend, each_backend_with, without_client_limits};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

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
        let (answers, healthy) = tokio::join!(futures_join_all(refused), async {
            health.get(t.url("/healthz")).send().await.unwrap().status()
        });
        let statuses: Vec<StatusCode> = answers.iter().map(|r| r.as_ref().unwrap().status()).collect();
        assert!(statuses.iter().all(|s| *s == StatusCode::FORBIDDEN), "{statuses:?}");
        assert_eq!(healthy, StatusCode::OK, "the service answered others meanwhile");

        // Every refusal is on record once it was answered.
        let admin = t.login(&w.admin).await;
        let count = async |action: &str| {
            let page: Value = admin
                .get(t.url(&format!("/api/v1/audit?outcome=denied&action={action}")))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            page["total"].as_i64().unwrap()
        };
        assert_eq!(count("participant.read").await, (AT_ONCE / 2) as i64);
        assert_eq!(count("screening.read").await, (AT_ONCE / 2) as i64);
    })
    .await;
}

/// All of `futures` answered, in order (the test binary has no `futures` crate).
async fn futures_join_all<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut handles = Vec::new();
    for f in futures {
        handles.push(Box::pin(f));
    }
    let mut out = Vec::with_capacity(handles.len());
    // Poll them all at once: a JoinSet would need 'static futures.
    let mut pending: Vec<Option<_>> = handles.into_iter().map(Some).collect();
    let mut results: Vec<Option<F::Output>> = (0..pending.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut all = true;
        for (i, slot) in pending.iter_mut().enumerate() {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        results[i] = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => all = false,
                }
            }
        }
        if all { std::task::Poll::Ready(()) } else { std::task::Poll::Pending }
    })
    .await;
    for r in results {
        out.push(r.unwrap());
    }
    out
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
        let me: Value = as_flooder("/api/v1/me").send().await.unwrap().json().await.unwrap();
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
            assert_eq!(pa.get(t.url("/api/v1/participants")).send().await.unwrap().status(), StatusCode::OK);
        }
        assert_eq!(t.anonymous().get(t.url("/healthz")).send().await.unwrap().status(), StatusCode::OK);

        // Once its requests end, the flooder is let in again.
        drop(held);
        let mut back = StatusCode::TOO_MANY_REQUESTS;
        for _ in 0..200 {
            back = as_flooder("/api/v1/participants").send().await.unwrap().status();
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
            statuses.push(as_flooder(&other).send().await.unwrap().status());
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
        assert_eq!(pa.get(t.url("/api/v1/participants")).send().await.unwrap().status(), StatusCode::OK);
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
            let page = client.get(t.url("/login")).send().await.unwrap().text().await.unwrap();
            let csrf = crate::support::csrf_of(&page);
            let r = client
                .post(t.url("/login"))
                .form(&[("email", w.co_a.as_str()), ("password", PASSWORD), ("next", next), ("csrf_token", &csrf)])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}");
            assert_eq!(r.headers()["location"], "/dashboard", "{next:?}");

            let page = client.get(t.url("/dashboard")).send().await.unwrap().text().await.unwrap();
            let csrf = crate::support::csrf_of(&page);
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
        let page = client.get(t.url("/login")).send().await.unwrap().text().await.unwrap();
        let csrf = crate::support::csrf_of(&page);
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
        let client = t.login(&w.admin).await;
        let csrf = t.csrf(&client).await;
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
