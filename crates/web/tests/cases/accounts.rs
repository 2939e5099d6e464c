//! Accounts: log in and out through the API, sessions that end when idle or old, password reset
//! by a mailed link, API tokens. And accounts under attack (issue 10): login and reset limits that
//! hold under concurrency and hand no attacker a lock-out, credentials that end together, reset
//! links that end together, registration that tells nobody who has an account.

use crate::support::{Answer, PASSWORD, TestApp, World, at_once, by_status, csrf_of, each_backend, login_status};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::net::{IpAddr, Ipv4Addr};
use store::test_sql::{RawSql, query};

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
        let me: Value = client.get(t.url("/api/v1/me")).json_answer().await;
        assert_eq!(me["email"], w.co_a.as_str());
        assert_eq!(me["roles"], json!([{"role": "co-supervisor", "unit": format!("organisation:{}", w.org_a)}]));
        let csrf = me["csrf_token"].as_str().unwrap().to_owned();
        assert_eq!(
            client.delete(t.url("/api/v1/session")).header("x-csrf-token", csrf).status_answer().await,
            StatusCode::NO_CONTENT
        );
        assert_eq!(client.get(t.url("/api/v1/me")).status_answer().await, StatusCode::UNAUTHORIZED);

        assert_eq!(login_status(&t, &t.anonymous(), &w.co_a, "not the password").await, StatusCode::UNAUTHORIZED);
        assert_eq!(
            login_status(&t, &t.anonymous(), "nobody@example.org", PASSWORD).await,
            StatusCode::UNAUTHORIZED,
            "unknown and wrong look the same"
        );
    })
    .await;
}

#[tokio::test]
async fn password_reset_by_a_mailed_link_works_once() {
    each_backend("password reset", async |t: TestApp| {
        let w = World::seed(&t).await;
        let old_session = t.login(&w.co_a).await;
        let anonymous = t.anonymous();
        let page = anonymous.get(t.url("/password-reset")).text_answer().await;
        let token = csrf_of(&page);
        // After the form, a redirect (a reload sends no second mail), the same for an address
        // without an account.
        let mut answers = Vec::new();
        for email in [w.co_a.as_str(), "nobody@example.org"] {
            let r = anonymous
                .post(t.url("/password-reset"))
                .form(&[("csrf_token", token.as_str()), ("email", email)])
                .send()
                .await
                .unwrap();
            answers.push((r.status(), r.headers().get("location").and_then(|l| l.to_str().ok()).map(str::to_owned)));
        }
        assert_eq!(answers[0], (StatusCode::SEE_OTHER, Some("/password-reset?sent=1".to_owned())));
        assert_eq!(answers[1], answers[0], "the same answer for an address without an account");
        let sent = anonymous.get(t.url("/password-reset?sent=1")).text_answer().await;
        assert!(sent.contains("class=\"notice\"") && !sent.contains("name=\"email\""), "the notice, no second form");

        let link = t.link_in(&t.mails_to(&w.co_a, "password-reset", 1).await[0]);
        assert_eq!(anonymous.get(&link).status_answer().await, StatusCode::OK);
        let short =
            anonymous.post(&link).form(&[("csrf_token", token.as_str()), ("password", "short")]).send().await.unwrap();
        assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            anonymous
                .post(&link)
                .form(&[("csrf_token", token.as_str()), ("password", "a brand new passphrase")])
                .status_answer()
                .await,
            StatusCode::SEE_OTHER
        );
        assert_eq!(anonymous.get(&link).status_answer().await, StatusCode::GONE, "a link works once");
        assert_eq!(
            old_session.get(t.url("/api/v1/me")).status_answer().await,
            StatusCode::UNAUTHORIZED,
            "old sessions end"
        );
        assert_eq!(login_status(&t, &t.anonymous(), &w.co_a, "a brand new passphrase").await, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn api_tokens_authenticate_without_cookies_until_revoked() {
    each_backend("api tokens", async |t: TestApp| {
        let w = World::seed(&t).await;
        let (admin, csrf) = t.session(&w.admin).await;
        let created: Value = admin
            .post(t.url("/api/v1/tokens"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"name": "reporting script"}))
            .json_answer()
            .await;
        let token = created["token"].as_str().unwrap().to_owned();
        assert!(token.starts_with("kkt_"));
        let script = t.anonymous();
        let me: Value = script.get(t.url("/api/v1/me")).bearer_auth(&token).json_answer().await;
        assert_eq!(me["email"], w.admin.as_str());
        assert!(me["csrf_token"].is_null());
        assert_eq!(
            script
                .post(t.url("/api/v1/users"))
                .bearer_auth(&token)
                .json(&json!({"email": "via-token@example.org", "display_name": "Token"}))
                .status_answer()
                .await,
            StatusCode::CREATED,
            "no CSRF token needed with a bearer token"
        );
        let listed: Value = admin.get(t.url("/api/v1/tokens")).json_answer().await;
        assert!(listed[0]["token"].is_null(), "a token is shown once, never listed");
        let id = created["id"].as_i64().unwrap();
        assert_eq!(
            admin.delete(t.url(&format!("/api/v1/tokens/{id}"))).header("x-csrf-token", &csrf).status_answer().await,
            StatusCode::NO_CONTENT
        );
        assert_eq!(script.get(t.url("/api/v1/me")).bearer_auth(&token).status_answer().await, StatusCode::UNAUTHORIZED);
        assert_eq!(
            script.get(t.url("/api/v1/me")).bearer_auth("kkt_forged").status_answer().await,
            StatusCode::UNAUTHORIZED
        );
    })
    .await;
}

#[tokio::test]
async fn a_token_made_in_the_page_is_shown_once_after_a_redirect() {
    each_backend("token in the page", async |t: TestApp| {
        let w = World::seed(&t).await;
        let (admin, _) = t.session(&w.admin).await;
        let page = admin.get(t.url("/account")).text_answer().await;
        let csrf = csrf_of(&page);
        let r = admin
            .post(t.url("/account/tokens"))
            .form(&[("csrf_token", csrf.as_str()), ("name", "spreadsheet")])
            .send()
            .await
            .unwrap();
        assert_eq!((r.status(), r.headers()["location"].to_str().unwrap()), (StatusCode::SEE_OTHER, "/account"));
        let shown = admin.get(t.url("/account")).text_answer().await;
        let token = shown
            .split("kkt_")
            .nth(1)
            .map(|rest| rest.split(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-').next().unwrap_or(""));
        let token = format!("kkt_{}", token.expect("the new token is shown"));
        assert_eq!(token_status(&t, &token).await, StatusCode::OK, "the token shown is the one made");
        let again = admin.get(t.url("/account")).text_answer().await;
        assert!(!again.contains("kkt_") && again.contains("spreadsheet"), "shown once; a reload makes no second token");
        let listed: Value = admin.get(t.url("/api/v1/tokens")).json_answer().await;
        assert_eq!(listed.as_array().map(Vec::len), Some(1));

        let id = listed[0]["id"].as_i64().unwrap();
        let r = admin
            .post(t.url(&format!("/account/tokens/{id}/revoke")))
            .form(&[("csrf_token", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!((r.status(), r.headers()["location"].to_str().unwrap()), (StatusCode::SEE_OTHER, "/account"));
        assert!(
            admin.get(t.url("/account")).text_answer().await.contains("role=\"status\""),
            "what was done, said once"
        );
        assert_eq!(token_status(&t, &token).await, StatusCode::UNAUTHORIZED);
    })
    .await;
}

#[tokio::test]
async fn repeated_failed_logins_are_rate_limited() {
    each_backend("rate limit", async |t: TestApp| {
        let w = World::seed(&t).await;
        for _ in 0..5 {
            assert_eq!(login_status(&t, &t.anonymous(), &w.co_a, "guess").await, StatusCode::UNAUTHORIZED);
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
        assert_eq!(login_status(&t, &t.anonymous(), &w.co_a, PASSWORD).await, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn idle_and_old_sessions_end() {
    each_backend("session expiry", async |t: TestApp| {
        let w = World::seed(&t).await;
        let client = t.login(&w.co_a).await;
        t.clock.advance(time::Duration::minutes(90));
        assert_eq!(client.get(t.url("/api/v1/me")).status_answer().await, StatusCode::OK, "use slides the idle expiry");
        t.clock.advance(time::Duration::minutes(90));
        assert_eq!(client.get(t.url("/api/v1/me")).status_answer().await, StatusCode::OK);
        t.clock.advance(time::Duration::minutes(121));
        assert_eq!(client.get(t.url("/api/v1/me")).status_answer().await, StatusCode::UNAUTHORIZED, "idle too long");
        let page = client.get(t.url("/dashboard")).send().await.unwrap();
        assert_eq!(page.headers()["location"], "/login?next=%2Fdashboard&expired=1");

        let busy = t.login(&w.co_a).await;
        for _ in 0..8 {
            t.clock.advance(time::Duration::minutes(100));
            let _ = busy.get(t.url("/api/v1/me")).send().await.unwrap();
        }
        assert_eq!(
            busy.get(t.url("/api/v1/me")).status_answer().await,
            StatusCode::UNAUTHORIZED,
            "twelve hours at most"
        );
    })
    .await;
}

/// A browser at another client address (all of 127.0.0.0/8 reaches the test server).
fn browser_at(last: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)))
        .build()
        .unwrap()
}

/// Passwords checked and refused: each check that fails is audited once; a refusal by a limit
/// checks nothing and audits nothing.
async fn passwords_refused(t: &TestApp) -> i64 {
    let mut tx = t.app.store.read().await.unwrap();
    tx.fetch_i64(query("SELECT COUNT(*) FROM audit_log WHERE action = 'session.login' AND outcome = 'denied'"))
        .await
        .unwrap()
}

#[tokio::test]
async fn concurrent_wrong_passwords_get_no_more_checks_than_the_limit() {
    each_backend("login limit under concurrency", async |t: TestApp| {
        let w = World::seed(&t).await;
        let (url, email) = (t.url("/api/v1/session"), w.co_a.clone());
        let counts = by_status(
            at_once((0..40).map(|_| {
                let (url, email) = (url.clone(), email.clone());
                async move {
                    reqwest::Client::new()
                        .post(url)
                        .json(&json!({"email": email, "password": "not the password at all"}))
                        .status_answer()
                        .await
                }
            }))
            .await,
        );
        // The limit per address and client is 5: five passwords checked, 35 refused unchecked.
        assert_eq!(counts.get(&401), Some(&5), "{counts:?}");
        assert_eq!(counts.get(&429), Some(&35), "{counts:?}");
        assert_eq!(passwords_refused(&t).await, 5, "no more passwords checked than the limit allows");
        assert_eq!(
            login_status(&t, &t.anonymous(), &w.co_a, PASSWORD).await,
            StatusCode::TOO_MANY_REQUESTS,
            "the right password after the limit is refused"
        );
        assert_eq!(passwords_refused(&t).await, 5);
    })
    .await;
}

#[tokio::test]
async fn guesses_from_elsewhere_do_not_lock_the_owner_out_of_a_known_device() {
    each_backend("no lock-out", async |t: TestApp| {
        let w = World::seed(&t).await;
        // The owner signed in from this browser before: it keeps a known-device cookie.
        let owner = browser_at(2);
        let r = owner
            .post(t.url("/api/v1/session"))
            .json(&json!({"email": w.co_a, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let cookies: Vec<String> =
            r.headers().get_all("set-cookie").iter().map(|c| c.to_str().unwrap().to_owned()).collect();
        let device = cookies.iter().find(|c| c.starts_with("kakehashi_device=kkd_")).expect("a known-device cookie");
        assert!(
            device.contains("HttpOnly") && device.contains("SameSite=Strict") && device.contains("Max-Age="),
            "{device}"
        );

        // Five wrong passwords from one other client: that client is held for this address ...
        let guesser = browser_at(3);
        for _ in 0..5 {
            assert_eq!(login_status(&t, &guesser, &w.co_a, "a wrong guess").await, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(login_status(&t, &guesser, &w.co_a, PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
        // ... but the owner is not, anywhere.
        assert_eq!(login_status(&t, &owner, &w.co_a, PASSWORD).await, StatusCode::OK);
        assert_eq!(login_status(&t, &browser_at(4), &w.co_a, PASSWORD).await, StatusCode::OK);

        // Guesses from many clients (ten times the limit for one address, 50, with the five above)
        // hold every device that never signed in to the account; the owner's device still signs in.
        for client in 10..19u8 {
            let guesser = browser_at(client);
            for _ in 0..5 {
                assert_eq!(login_status(&t, &guesser, &w.co_a, "a wrong guess").await, StatusCode::UNAUTHORIZED);
            }
        }
        assert_eq!(login_status(&t, &browser_at(30), &w.co_a, PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(login_status(&t, &owner, &w.co_a, PASSWORD).await, StatusCode::OK, "a known device is not held");
        // A forged device cookie is no known device.
        let forger = browser_at(31);
        assert_eq!(
            forger
                .post(t.url("/api/v1/session"))
                .header("cookie", "kakehashi_device=kkd_forged")
                .json(&json!({"email": w.co_a, "password": PASSWORD}))
                .status_answer()
                .await,
            StatusCode::TOO_MANY_REQUESTS
        );

        // One client over many addresses: four times the limit, then held for every address.
        let sprayer = browser_at(40);
        for email in [&w.admin, &w.pa_a, &w.participant_user, &w.mission_user] {
            for _ in 0..5 {
                assert_eq!(login_status(&t, &sprayer, email, "a wrong guess").await, StatusCode::UNAUTHORIZED);
            }
        }
        assert_eq!(login_status(&t, &sprayer, "nobody@example.org", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(login_status(&t, &browser_at(41), &w.admin, PASSWORD).await, StatusCode::OK, "others are not");
    })
    .await;
}

async fn reset_status(t: &TestApp, client: &reqwest::Client, email: &str) -> StatusCode {
    client.post(t.url("/api/v1/password-reset")).json(&json!({"email": email})).status_answer().await
}

#[tokio::test]
async fn password_reset_requests_are_limited_under_concurrency() {
    each_backend("reset limit under concurrency", async |t: TestApp| {
        let w = World::seed(&t).await;
        for email in [w.co_a.clone(), "nobody@example.org".to_owned()] {
            let url = t.url("/api/v1/password-reset");
            let counts = by_status(
                at_once((0..40).map(|_| {
                    let (url, email) = (url.clone(), email.clone());
                    async move { reqwest::Client::new().post(url).json(&json!({"email": email})).status_answer().await }
                }))
                .await,
            );
            // An address with an account and one without are answered alike, limit and all.
            assert_eq!(counts.get(&202), Some(&5), "{email}: {counts:?}");
            assert_eq!(counts.get(&429), Some(&35), "{email}: {counts:?}");
        }
        // Five links mailed, no more (all five were written after their answers).
        assert_eq!(t.mails_to(&w.co_a, "password-reset", 5).await.len(), 5);

        // One client over many addresses: four times the limit, then held.
        let sprayer = browser_at(50);
        for n in 0..20 {
            assert_eq!(reset_status(&t, &sprayer, &format!("someone{n}@example.org")).await, StatusCode::ACCEPTED);
        }
        assert_eq!(reset_status(&t, &sprayer, "someone-else@example.org").await, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(reset_status(&t, &browser_at(51), "someone-else@example.org").await, StatusCode::ACCEPTED);
        // The form answers the limit too.
        let form = browser_at(50);
        let page = form.get(t.url("/password-reset")).text_answer().await;
        let token = csrf_of(&page);
        let r = form
            .post(t.url("/password-reset"))
            .form(&[("csrf_token", token.as_str()), ("email", "another@example.org")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(r.headers().contains_key("retry-after"));

        // Both answers do the same writes on the request path: an audited request, nothing that
        // names the account.
        let mut tx = t.app.store.read().await.unwrap();
        let requests = tx
            .fetch_i64(query(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'password.reset-request' AND entity_id = '-'",
            ))
            .await
            .unwrap();
        assert_eq!(requests, 5 + 5 + 20 + 1);
    })
    .await;
}

/// A personal API token of the client's account, and a client that uses only it.
async fn api_token(t: &TestApp, client: &reqwest::Client) -> String {
    let csrf = t.csrf(client).await;
    let created: Value = client
        .post(t.url("/api/v1/tokens"))
        .header("x-csrf-token", &csrf)
        .json(&json!({"name": "a script"}))
        .json_answer()
        .await;
    created["token"].as_str().unwrap().to_owned()
}

async fn token_status(t: &TestApp, token: &str) -> StatusCode {
    reqwest::Client::new().get(t.url("/api/v1/me")).bearer_auth(token).status_answer().await
}

#[tokio::test]
async fn api_tokens_end_with_log_out_everywhere_a_password_reset_and_a_disabled_account() {
    each_backend("tokens end", async |t: TestApp| {
        let w = World::seed(&t).await;
        // Log out everywhere.
        let co = t.login(&w.co_a).await;
        let token = api_token(&t, &co).await;
        assert_eq!(token_status(&t, &token).await, StatusCode::OK);
        let csrf = t.csrf(&co).await;
        assert_eq!(
            co.delete(t.url("/api/v1/sessions")).header("x-csrf-token", &csrf).status_answer().await,
            StatusCode::NO_CONTENT
        );
        assert_eq!(token_status(&t, &token).await, StatusCode::UNAUTHORIZED, "log out everywhere ends tokens");

        // A password reset.
        let co = t.login(&w.co_a).await;
        let token = api_token(&t, &co).await;
        assert_eq!(reset_status(&t, &t.anonymous(), &w.co_a).await, StatusCode::ACCEPTED);
        let link = t.link_in(&t.mails_to(&w.co_a, "password-reset", 1).await[0]);
        let token_path = link.rsplit('/').next().unwrap();
        assert_eq!(
            t.anonymous()
                .post(t.url(&format!("/api/v1/password-reset/{token_path}")))
                .json(&json!({"password": "a brand new passphrase"}))
                .status_answer()
                .await,
            StatusCode::NO_CONTENT
        );
        assert_eq!(token_status(&t, &token).await, StatusCode::UNAUTHORIZED, "a password reset ends tokens");

        // An account disabled: its tokens end, and enabling it again revives none.
        let mission = t.login(&w.mission_user).await;
        let token = api_token(&t, &mission).await;
        let id = mission.get(t.url("/api/v1/me")).json_answer().await["id"].as_i64().unwrap();
        let (admin, csrf) = t.session(&w.admin).await;
        for disabled in [true, false] {
            assert_eq!(
                admin
                    .put(t.url(&format!("/api/v1/users/{id}/disabled")))
                    .header("x-csrf-token", &csrf)
                    .json(&json!({"disabled": disabled}))
                    .status_answer()
                    .await,
                StatusCode::OK
            );
        }
        assert_eq!(token_status(&t, &token).await, StatusCode::UNAUTHORIZED, "disabling ends tokens for good");
    })
    .await;
}

#[tokio::test]
async fn all_reset_links_of_an_account_end_together() {
    each_backend("reset links end together", async |t: TestApp| {
        let w = World::seed(&t).await;
        for _ in 0..2 {
            assert_eq!(reset_status(&t, &t.anonymous(), &w.co_a).await, StatusCode::ACCEPTED);
        }
        let mails = t.mails_to(&w.co_a, "password-reset", 2).await;
        // The one written last is the newer.
        let (newer, older) = (t.link_in(&mails[0]), t.link_in(&mails[1]));
        let browser = t.anonymous();
        assert_eq!(browser.get(&older).status_answer().await, StatusCode::OK);
        let page = browser.get(&newer).text_answer().await;
        let csrf = csrf_of(&page);
        assert_eq!(
            browser
                .post(&newer)
                .form(&[("csrf_token", csrf.as_str()), ("password", "a brand new passphrase")])
                .status_answer()
                .await,
            StatusCode::SEE_OTHER
        );
        assert_eq!(browser.get(&older).status_answer().await, StatusCode::GONE, "the older link ended");
        let token = older.rsplit('/').next().unwrap();
        assert_eq!(
            t.anonymous()
                .post(t.url(&format!("/api/v1/password-reset/{token}")))
                .json(&json!({"password": "an attacker's passphrase"}))
                .status_answer()
                .await,
            StatusCode::NOT_FOUND
        );
        assert_eq!(login_status(&t, &t.anonymous(), &w.co_a, "a brand new passphrase").await, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn registering_a_taken_address_answers_as_a_new_one_and_mails_its_owner() {
    each_backend("registration tells nobody", async |t: TestApp| {
        let w = World::seed(&t).await;
        let mut tx = t.app.store.write().await.unwrap();
        tx.execute(query("UPDATE users SET language = 'ja' WHERE email = $1").bind(w.co_a.as_str())).await.unwrap();
        tx.commit().await.unwrap();
        let register = async |email: &str| {
            let r = t
                .anonymous()
                .post(t.url("/api/v1/applicants"))
                .json(&json!({"email": email, "family_name": "Rivera", "given_name": "Ana", "nationality": "US", "password": PASSWORD}))
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        };
        let new = register("new.applicant@example.org").await;
        let taken = register(&w.co_a).await;
        assert_eq!(new.0, StatusCode::CREATED);
        assert_eq!(taken, new, "the same answer for a taken address");
        // The owner is told, in their language, with a link to set a new password.
        let mail = &t.mails_to(&w.co_a, "register-existing", 1).await[0];
        assert_eq!(mail.language, "ja");
        assert!(mail.subject.contains("登録"), "{}", mail.subject);
        let link = t.link_in(mail);
        assert!(link.contains("/password-reset/kkr_"), "{link}");
        assert_eq!(t.anonymous().get(&link).status_answer().await, StatusCode::OK);
        // Nothing else changed for the account: it still logs in with its password.
        assert_eq!(login_status(&t, &t.anonymous(), &w.co_a, PASSWORD).await, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn the_sweep_forgets_attempts_older_than_the_window() {
    each_backend("old attempts forgotten", async |t: TestApp| {
        let w = World::seed(&t).await;
        for _ in 0..3 {
            login_status(&t, &t.anonymous(), &w.co_a, "not the password").await;
        }
        let kept = async || {
            let mut tx = t.app.store.read().await.unwrap();
            tx.fetch_i64(query("SELECT COUNT(*) FROM login_attempts")).await.unwrap()
        };
        // Each attempt is counted under each of its limits' keys.
        let recorded = kept().await;
        assert_eq!(recorded % 3, 0, "{recorded}");
        assert!(recorded >= 3, "{recorded}");
        assert_eq!(t.app.forget_old_attempts().await.unwrap(), 0, "within the window they count");
        t.clock.advance(t.app.config.login_window + time::Duration::seconds(1));
        assert_eq!(t.app.forget_old_attempts().await.unwrap(), recorded as u64);
        assert_eq!(kept().await, 0);
    })
    .await;
}
