//! The test harness: the real router on a real TCP port over a fresh database, a clock the tests
//! move, a small world of records on both sides of every unit boundary, and an SMTP sink.

#![allow(dead_code)]

use app::admin::NewUserInput;
use app::{App, AppConfig, Clock};
use domain::{Language, MissionId, OrganisationId, PrefectureCode, Role, RoleGrant, Unit, UserId};
use std::sync::{Arc, Mutex};
use store::Backend;
use store::test_sql::{RawSql, query};
use testkit::{TestDatabase, backends, note_skipped};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub app: App,
    pub clock: Clock,
    pub base: String,
    db: Option<TestDatabase>,
    server: tokio::task::JoinHandle<()>,
}

impl TestApp {
    pub async fn start(backend: Backend) -> TestApp {
        TestApp::start_with(backend, web::WebConfig { secure_cookies: false, ..web::WebConfig::default() }).await
    }

    /// The router with other web settings (a test that needs other per-client limits, say).
    pub async fn start_with(backend: Backend, web_config: web::WebConfig) -> TestApp {
        let (db, store) = TestDatabase::migrated(backend).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let clock = Clock::manual(time::OffsetDateTime::now_utc());
        let config = AppConfig { base_url: base.clone(), ..AppConfig::default() };
        let app = App::new(store, config).with_clock(clock.clone());
        app.prepare().await.unwrap();
        let served = app.clone();
        let server = tokio::spawn(async move {
            let _ = web::serve(served, web_config, listener, std::future::pending()).await;
        });
        TestApp { app, clock, base, db: Some(db), server }
    }

    pub async fn finish(mut self) {
        self.server.abort();
        if let Some(db) = self.db.take() {
            db.finish(self.app.store.clone()).await;
        }
    }

    pub fn backend_name(&self) -> &'static str {
        self.app.store.backend().as_str()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser-like client: its own cookie jar, no automatic redirects.
    pub fn anonymous(&self) -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
    }

    /// A client logged in through the API.
    pub async fn login(&self, email: &str) -> reqwest::Client {
        let client = self.anonymous();
        let r = client
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), reqwest::StatusCode::OK, "login of {email}");
        client
    }

    /// The CSRF token of a logged-in client's session.
    pub async fn csrf(&self, client: &reqwest::Client) -> String {
        let me: serde_json::Value = client.get(self.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
        me["csrf_token"].as_str().unwrap().to_owned()
    }

    /// The outbox's mails of a template to an address, once there are at least `n` of them:
    /// password-reset links are written after the request is answered, in a task of their own.
    /// Waits for that condition (at most ten seconds), never for a time.
    pub async fn mails_to(&self, to: &str, template: &str, n: usize) -> Vec<store::outbox::MailRow> {
        for _ in 0..1000 {
            let mut tx = self.app.store.read().await.unwrap();
            let mails: Vec<_> = store::outbox::list(&mut tx, Some(to), 1000, 0)
                .await
                .unwrap()
                .into_iter()
                .filter(|m| m.template == template && m.to_address == to)
                .collect();
            drop(tx);
            if mails.len() >= n {
                return mails;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("fewer than {n} {template} mails to {to}");
    }

    /// The link in a mail's text.
    pub fn link_in(&self, mail: &store::outbox::MailRow) -> String {
        let body = &mail.body_text;
        let start = body.find(&self.base).expect("a link to Kakehashi in the mail");
        body[start..].split_whitespace().next().unwrap().trim_end_matches(['.', ',']).to_owned()
    }

    /// The link in the newest mail of the outbox.
    pub async fn last_mail_link(&self, _w: &World) -> String {
        let mut tx = self.app.store.read().await.unwrap();
        let mails = store::outbox::list(&mut tx, None, 1, 0).await.unwrap();
        let body = &mails[0].body_text;
        let start = body.find(&self.base).expect("a link to Kakehashi in the mail");
        body[start..].split_whitespace().next().unwrap().trim_end_matches(['.', ',']).to_owned()
    }
}

/// Runs a case on every backend, each on a new database.
pub async fn each_backend<F: AsyncFn(TestApp)>(name: &str, case: F) {
    each_backend_with(name, web::WebConfig { secure_cookies: false, ..web::WebConfig::default() }, case).await
}

/// Web settings without the per-client limits, for cases about what the database holds when one
/// client sends more at once than a person would (the limits have their own cases).
pub fn without_client_limits() -> web::WebConfig {
    let most = 1_000_000;
    web::WebConfig {
        secure_cookies: false,
        limits: web::limits::ClientLimits {
            in_flight: most,
            anonymous_in_flight: most,
            refusal_burst: most,
            refusals_per_minute: most,
        },
        ..web::WebConfig::default()
    }
}

/// [`each_backend`] with other web settings.
pub async fn each_backend_with<F: AsyncFn(TestApp)>(name: &str, web_config: web::WebConfig, case: F) {
    for backend in backends() {
        eprintln!("{name} on {}", backend.as_str());
        let owner = TestApp::start_with(backend, web_config.clone()).await;
        let handle = TestApp {
            app: owner.app.clone(),
            clock: owner.clock.clone(),
            base: owner.base.clone(),
            db: None,
            server: tokio::spawn(async {}),
        };
        case(handle).await;
        owner.finish().await;
    }
    note_skipped(name);
}

pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("a form with a CSRF token") + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

/// Who and what the tests work with: two contracting organisations in Hyogo and one in Hokkaido,
/// participants in each, two missions with an application each, and one account per role.
pub struct World {
    pub admin: String,
    pub co_a: String,
    pub pa_a: String,
    pub participant_user: String,
    pub mission_user: String,
    pub org_a: i64,
    pub org_b: i64,
    pub mission: i64,
    pub participant_a: i64,
    pub participant_b: i64,
    pub users: i64,
}

impl World {
    pub async fn seed(t: &TestApp) -> World {
        let now = t.clock.now();
        let mut tx = t.app.store.write().await.unwrap();
        for (code, en, ja, ko, tz) in [
            ("US", "United States", "アメリカ合衆国", "미국", "America/New_York"),
            ("KR", "Korea", "大韓民国", "대한민국", "Asia/Seoul"),
        ] {
            tx.execute(
                query("INSERT INTO countries (code, name_en, name_ja, name_ko, time_zone) VALUES ($1, $2, $3, $4, $5)")
                    .bind(code)
                    .bind(en)
                    .bind(ja)
                    .bind(ko)
                    .bind(tz),
            )
            .await
            .unwrap();
        }
        let mut mission_ids = Vec::new();
        for (country, city) in [("US", "Washington, D.C."), ("KR", "Seoul")] {
            let id = tx
                .fetch_i64(
                    query("INSERT INTO missions (country_code, kind, city, name_en, name_ja, email) VALUES ($1, 'embassy', $2, $3, $4, 'jet@example.org') RETURNING id")
                        .bind(country)
                        .bind(city)
                        .bind(format!("Embassy of Japan ({country})"))
                        .bind(format!("在{country}日本国大使館")),
                )
                .await
                .unwrap();
            mission_ids.push(id);
        }
        let mut org = async |kind: &str, en: &str, ja: &str, lg: &str, pref: i64| {
            tx.fetch_i64(
                query("INSERT INTO contracting_organisations (kind, name_en, name_ja, lg_code, prefecture_code) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                    .bind(kind)
                    .bind(en)
                    .bind(ja)
                    .bind(lg)
                    .bind(pref),
            )
            .await
            .unwrap()
        };
        let org_a =
            org("board-of-education", "Hyogo Prefectural Board of Education", "兵庫県教育委員会", "280003", 28).await;
        let org_b = org("designated-city", "Kobe City", "神戸市", "281000", 28).await;
        let org_c = org("designated-city", "Sapporo City", "札幌市", "011002", 1).await;
        let mut participants = Vec::new();
        for (i, (family, org)) in
            [("Allen", org_a), ("Baker", org_a), ("Clark", org_b), ("Davis", org_c)].into_iter().enumerate()
        {
            let person = tx
                .fetch_i64(
                    query("INSERT INTO people (family_name, given_name, nationality, created_at) VALUES ($1, 'Sam', 'US', $2) RETURNING id").bind(family).bind(now),
                )
                .await
                .unwrap();
            let id = tx
                .fetch_i64(
                    query(
                        "INSERT INTO participants (jet_number, person_id, position, organisation_id, mission_id, arrival_date, appointment_year, status) \
                         VALUES ($1, $2, 'ALT', $3, $4, $5, 1, 'serving') RETURNING id",
                    )
                    .bind(format!("2025000000{i}"))
                    .bind(person)
                    .bind(org)
                    .bind(mission_ids[0])
                    .bind(time::macros::date!(2025 - 07 - 27)),
                )
                .await
                .unwrap();
            participants.push((id, person));
        }
        let mut applications = Vec::new();
        for (i, (country, mission)) in [("US", mission_ids[0]), ("KR", mission_ids[1])].into_iter().enumerate() {
            let year = tx
                .fetch_i64(query("INSERT INTO programme_years (country_code, year, status) VALUES ($1, 2027, 'selecting') RETURNING id").bind(country))
                .await
                .unwrap();
            let person = tx
                .fetch_i64(query("INSERT INTO people (family_name, given_name, nationality, created_at) VALUES ('Applicant', $1, $2, $3) RETURNING id").bind(country).bind(country).bind(now))
                .await
                .unwrap();
            let id = tx
                .fetch_i64(
                    query(
                        "INSERT INTO applications (reference, person_id, programme_year_id, mission_id, position, status, submitted_at, updated_at) \
                         VALUES ($1, $2, $3, $4, 'ALT', 'submitted', $5, $5) RETURNING id",
                    )
                    .bind(format!("{country}-2027-0000{i}"))
                    .bind(person)
                    .bind(year)
                    .bind(mission)
                    .bind(now),
                )
                .await
                .unwrap();
            applications.push(id);
        }
        tx.commit().await.unwrap();

        let account = async |email: &str, role: Role, unit: Unit| account(t, email, role, unit).await;
        account("admin@example.org", Role::SystemAdministrator, Unit::None).await;
        account("co.a@example.org", Role::CoSupervisor, Unit::Organisation(OrganisationId(org_a))).await;
        account("pa.hyogo@example.org", Role::PrefecturalAdvisor, Unit::Prefecture(PrefectureCode::new(28).unwrap()))
            .await;
        let participant = account("participant@example.org", Role::Participant, Unit::None).await;
        account("desk.us@example.org", Role::MissionStaff, Unit::Mission(MissionId(mission_ids[0]))).await;
        let mut tx = t.app.store.write().await.unwrap();
        tx.execute(query("UPDATE users SET person_id = $1 WHERE id = $2").bind(participants[0].1).bind(participant.0))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        World {
            admin: "admin@example.org".into(),
            co_a: "co.a@example.org".into(),
            pa_a: "pa.hyogo@example.org".into(),
            participant_user: "participant@example.org".into(),
            mission_user: "desk.us@example.org".into(),
            org_a,
            org_b,
            mission: mission_ids[0],
            participant_a: participants[0].0,
            participant_b: participants[3].0,
            users: 5,
        }
    }
}

/// An account holding one role, with the test password.
pub async fn account(t: &TestApp, email: &str, role: Role, unit: Unit) -> UserId {
    let user = t
        .app
        .create_user_unchecked(
            None,
            NewUserInput {
                email: email.into(),
                display_name: format!("Test {}", role.as_str()),
                password: Some(PASSWORD.into()),
                language: Language::En,
            },
        )
        .await
        .unwrap();
    t.app.change_role(None, UserId(user.id), RoleGrant::new(role, unit).unwrap(), true).await.unwrap();
    UserId(user.id)
}

/// A minimal SMTP server that accepts every message and keeps each conversation's client lines.
pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<String>>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = received.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let store = store.clone();
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let mut transcript = String::new();
                    let _ = write.write_all(b"220 sink.test ESMTP\r\n").await;
                    let mut in_data = false;
                    while let Ok(Some(line)) = lines.next_line().await {
                        transcript.push_str(&line);
                        transcript.push('\n');
                        let reply: &[u8] = if in_data {
                            if line == "." {
                                in_data = false;
                                store.lock().unwrap().push(std::mem::take(&mut transcript));
                                b"250 queued\r\n"
                            } else {
                                continue;
                            }
                        } else {
                            let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
                            match verb.as_str() {
                                "EHLO" | "HELO" => b"250-sink.test\r\n250 8BITMIME\r\n",
                                "DATA" => {
                                    in_data = true;
                                    b"354 go ahead\r\n"
                                }
                                "QUIT" => {
                                    let _ = write.write_all(b"221 bye\r\n").await;
                                    break;
                                }
                                _ => b"250 ok\r\n",
                            }
                        };
                        if write.write_all(reply).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        SmtpSink { port, received }
    }

    pub async fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.received.lock().unwrap())
    }
}
