//! Accounts under attack (issue 10): login and reset limits that hold under concurrency and hand
//! no attacker a lock-out, credentials that end together, reset links that end together,
//! registration that tells nobody who has an account, and jobs whose process stopped.

use crate::support::{self, PASSWORD, TestApp, World, each_backend};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::net::{IpAddr, Ipv4Addr};
use store::test_sql::{RawSql, query};

/// A browser at another client address (all of 127.0.0.0/8 reaches the test server).
fn browser_at(last: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)))
        .build()
        .unwrap()
}

async fn login_status(t: &TestApp, client: &reqwest::Client, email: &str, password: &str) -> StatusCode {
    client
        .post(t.url("/api/v1/session"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
}

/// Passwords checked and refused: each check that fails is audited once; a refusal by a limit
/// checks nothing and audits nothing.
async fn passwords_refused(t: &TestApp) -> i64 {
    let mut tx = t.app.store.read().await.unwrap();
    tx.fetch_i64(query("SELECT COUNT(*) FROM audit_log WHERE action = 'session.login' AND outcome = 'denied'"))
        .await
        .unwrap()
}

/// Sends `n` requests at once and counts the answers by status.
async fn at_once<F, Fut>(n: usize, request: F) -> std::collections::BTreeMap<u16, usize>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = StatusCode> + Send + 'static,
{
    let tasks: Vec<_> = (0..n).map(|i| tokio::spawn(request(i))).collect();
    let mut counts = std::collections::BTreeMap::new();
    for task in tasks {
        *counts.entry(task.await.unwrap().as_u16()).or_insert(0) += 1;
    }
    counts
}

#[tokio::test]
async fn concurrent_wrong_passwords_get_no_more_checks_than_the_limit() {
    each_backend("login limit under concurrency", async |t: TestApp| {
        let w = World::seed(&t).await;
        let (url, email) = (t.url("/api/v1/session"), w.co_a.clone());
        let counts = at_once(40, |_| {
            let (url, email) = (url.clone(), email.clone());
            async move {
                reqwest::Client::new()
                    .post(url)
                    .json(&json!({"email": email, "password": "not the password at all"}))
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        })
        .await;
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
        let r = forger
            .post(t.url("/api/v1/session"))
            .header("cookie", "kakehashi_device=kkd_forged")
            .json(&json!({"email": w.co_a, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);

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
    client.post(t.url("/api/v1/password-reset")).json(&json!({"email": email})).send().await.unwrap().status()
}

#[tokio::test]
async fn password_reset_requests_are_limited_under_concurrency() {
    each_backend("reset limit under concurrency", async |t: TestApp| {
        let w = World::seed(&t).await;
        for email in [w.co_a.clone(), "nobody@example.org".to_owned()] {
            let url = t.url("/api/v1/password-reset");
            let counts =
                at_once(40, |_| {
                    let (url, email) = (url.clone(), email.clone());
                    async move {
                        reqwest::Client::new().post(url).json(&json!({"email": email})).send().await.unwrap().status()
                    }
                })
                .await;
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
        let page = form.get(t.url("/password-reset")).send().await.unwrap().text().await.unwrap();
        let token = support::csrf_of(&page);
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
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    created["token"].as_str().unwrap().to_owned()
}

async fn token_status(t: &TestApp, token: &str) -> StatusCode {
    reqwest::Client::new().get(t.url("/api/v1/me")).bearer_auth(token).send().await.unwrap().status()
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
        let r = co.delete(t.url("/api/v1/sessions")).header("x-csrf-token", &csrf).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        assert_eq!(token_status(&t, &token).await, StatusCode::UNAUTHORIZED, "log out everywhere ends tokens");

        // A password reset.
        let co = t.login(&w.co_a).await;
        let token = api_token(&t, &co).await;
        assert_eq!(reset_status(&t, &t.anonymous(), &w.co_a).await, StatusCode::ACCEPTED);
        let link = t.link_in(&t.mails_to(&w.co_a, "password-reset", 1).await[0]);
        let token_path = link.rsplit('/').next().unwrap();
        let r = t
            .anonymous()
            .post(t.url(&format!("/api/v1/password-reset/{token_path}")))
            .json(&json!({"password": "a brand new passphrase"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        assert_eq!(token_status(&t, &token).await, StatusCode::UNAUTHORIZED, "a password reset ends tokens");

        // An account disabled: its tokens end, and enabling it again revives none.
        let mission = t.login(&w.mission_user).await;
        let token = api_token(&t, &mission).await;
        let id = mission.get(t.url("/api/v1/me")).send().await.unwrap().json::<Value>().await.unwrap()["id"]
            .as_i64()
            .unwrap();
        let admin = t.login(&w.admin).await;
        let csrf = t.csrf(&admin).await;
        for disabled in [true, false] {
            let r = admin
                .put(t.url(&format!("/api/v1/users/{id}/disabled")))
                .header("x-csrf-token", &csrf)
                .json(&json!({"disabled": disabled}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
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
        assert_eq!(browser.get(&older).send().await.unwrap().status(), StatusCode::OK);
        let page = browser.get(&newer).send().await.unwrap().text().await.unwrap();
        let csrf = support::csrf_of(&page);
        let done = browser
            .post(&newer)
            .form(&[("csrf_token", csrf.as_str()), ("password", "a brand new passphrase")])
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), StatusCode::SEE_OTHER);
        assert_eq!(browser.get(&older).send().await.unwrap().status(), StatusCode::GONE, "the older link ended");
        let token = older.rsplit('/').next().unwrap();
        let r = t
            .anonymous()
            .post(t.url(&format!("/api/v1/password-reset/{token}")))
            .json(&json!({"password": "an attacker's passphrase"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
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
        assert_eq!(t.anonymous().get(&link).send().await.unwrap().status(), StatusCode::OK);
        // Nothing else changed for the account: it still logs in with its password.
        assert_eq!(login_status(&t, &t.anonymous(), &w.co_a, PASSWORD).await, StatusCode::OK);
    })
    .await;
}

async fn job_status(t: &TestApp, job: i64) -> String {
    let mut tx = t.app.store.read().await.unwrap();
    store::jobs::job(&mut tx, job).await.unwrap().unwrap().status
}

#[tokio::test]
async fn a_job_whose_process_stopped_fails_within_a_minute_and_a_live_one_never() {
    each_backend("abandoned jobs", async |t: TestApp| {
        let w = World::seed(&t).await;
        let admin_id = {
            let mut tx = t.app.store.read().await.unwrap();
            let email = domain::Email::parse(&w.admin).unwrap();
            store::users::user_by_email(&mut tx, &email).await.unwrap().unwrap().id().0
        };
        let new_job = async || {
            let mut tx = t.app.store.write().await.unwrap();
            let job =
                store::jobs::insert_job(&mut tx, "application-import", admin_id, "-", 10, t.app.now()).await.unwrap();
            tx.commit().await.unwrap();
            job
        };
        // A job started by a process that was then killed: nobody stamps its heartbeat.
        let killed = new_job().await;
        // A job this process holds while it works (another instance's live job looks the same).
        let live = new_job().await;
        let hold = t.app.hold_job(live);
        t.clock.advance(time::Duration::seconds(50));
        // The live job's holder stamps it within a few seconds (the clock a test moves is the
        // stamp's time): wait for that stamp, not for a time.
        let stamped_at = t.app.now();
        for _ in 0..1000 {
            let mut tx = t.app.store.read().await.unwrap();
            let stamped = tx
                .fetch_i64(
                    query("SELECT COUNT(*) FROM jobs WHERE id = $1 AND heartbeat_at >= $2").bind(live).bind(stamped_at),
                )
                .await
                .unwrap();
            if stamped == 1 {
                break;
            }
            drop(tx);
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        // What the next start (or any instance's sweep, every 15 s) does.
        assert_eq!(t.app.fail_abandoned_work().await.unwrap(), 1);
        assert_eq!(job_status(&t, killed).await, "failed", "a killed job fails within a minute");
        assert_eq!(job_status(&t, live).await, "running", "a live job is never failed");
        // Its process ends (or is killed): it no longer beats, and is failed in turn.
        drop(hold);
        t.clock.advance(time::Duration::seconds(50));
        assert_eq!(t.app.fail_abandoned_work().await.unwrap(), 1);
        assert_eq!(job_status(&t, live).await, "failed");
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
