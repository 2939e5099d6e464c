//! The test harness: the real router on a real TCP port over a fresh database, a clock the tests
//! move, a small world of records on both sides of every unit boundary, an SMTP sink, and the
//! steps many cases share (a session, a request's answer, requests sent at once, a recruiting
//! year, an applicant with a complete draft).

#![allow(dead_code)]

use app::admin::NewUserInput;
use app::{App, AppConfig, Clock};
use domain::{Language, MissionId, OrganisationId, PrefectureCode, Role, RoleGrant, Unit, UserId};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeMap;
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
        let me: serde_json::Value = client.get(self.url("/api/v1/me")).json_answer().await;
        me["csrf_token"].as_str().unwrap().to_owned()
    }

    /// A session of `email`: a client logged in through the API and its CSRF token.
    pub async fn session(&self, email: &str) -> (reqwest::Client, String) {
        let client = self.login(email).await;
        let csrf = self.csrf(&client).await;
        (client, csrf)
    }

    /// The one number a query answers (a count, an id), read straight from the database.
    pub async fn scalar(&self, query: store::test_sql::Query) -> i64 {
        let mut tx = self.app.store.read().await.unwrap();
        tx.fetch_i64(query).await.unwrap()
    }

    /// The outbox's mails of a template to an address, once there are at least `n` of them:
    /// password-reset links are written after the request is answered, in a task of their own.
    /// Waits for that condition (at most ten seconds), never for a time.
    pub async fn mails_to(&self, to: &str, template: &str, n: usize) -> Vec<store::outbox::MailRow> {
        for _ in 0..1000 {
            let mut tx = self.app.store.read().await.unwrap();
            let mails: Vec<_> = store::outbox::list(&mut tx, &store::outbox::OutboxFilter::to(to), 1000, 0)
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
        let mails = store::outbox::list(&mut tx, &store::outbox::OutboxFilter::default(), 1, 0).await.unwrap();
        let body = &mails[0].body_text;
        let start = body.find(&self.base).expect("a link to Kakehashi in the mail");
        body[start..].split_whitespace().next().unwrap().trim_end_matches(['.', ',']).to_owned()
    }
}

/// A request sent and its answer read, the three ways the cases read one: the status, the body as
/// JSON, the body as text (a page, an exported file).
pub trait Answer {
    async fn status_answer(self) -> StatusCode;
    async fn json_answer(self) -> Value;
    async fn text_answer(self) -> String;
}

impl Answer for reqwest::RequestBuilder {
    async fn status_answer(self) -> StatusCode {
        self.send().await.unwrap().status()
    }
    async fn json_answer(self) -> Value {
        self.send().await.unwrap().json().await.unwrap()
    }
    async fn text_answer(self) -> String {
        self.send().await.unwrap().text().await.unwrap()
    }
}

/// The status of a login through the API.
pub async fn login_status(t: &TestApp, client: &reqwest::Client, email: &str, password: &str) -> StatusCode {
    client.post(t.url("/api/v1/session")).json(&json!({"email": email, "password": password})).status_answer().await
}

/// How many requests each concurrency case fires at once.
pub const AT_ONCE: usize = 12;

/// Runs requests all at once and gives their answers in their order. The futures are polled
/// together on the test's own task, so they may borrow from the case (the test binary has no
/// `futures` crate, and a spawned task would need them `'static`).
pub async fn at_once<F: std::future::Future>(requests: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut pending: Vec<Option<std::pin::Pin<Box<F>>>> = requests.into_iter().map(|f| Some(Box::pin(f))).collect();
    let mut answers: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut all = true;
        for (slot, answer) in pending.iter_mut().zip(answers.iter_mut()) {
            if let Some(request) = slot {
                match request.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        *answer = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => all = false,
                }
            }
        }
        if all { std::task::Poll::Ready(()) } else { std::task::Poll::Pending }
    })
    .await;
    answers.into_iter().map(Option::unwrap).collect()
}

/// How many answers had each status.
pub fn by_status(answers: impl IntoIterator<Item = StatusCode>) -> BTreeMap<u16, usize> {
    let mut counts = BTreeMap::new();
    for status in answers {
        *counts.entry(status.as_u16()).or_insert(0) += 1;
    }
    counts
}

/// The field and message of the first field error of an API error.
pub fn field_of(error: &Value) -> (&str, &str) {
    let f = &error["error"]["fields"][0];
    (f["field"].as_str().unwrap_or(""), f["message"].as_str().unwrap_or(""))
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

/// A recruiting year of the USA desk, with its deadline a month ahead of the test clock.
pub async fn open_us_year(t: &TestApp, w: &World) -> i64 {
    open_us_year_with(t, w, json!({})).await
}

/// [`open_us_year`] with some settings replaced (the plan, the selection rules).
pub async fn open_us_year_with(t: &TestApp, w: &World, extra: Value) -> i64 {
    let (desk, csrf) = t.session(&w.mission_user).await;
    let year: Value = desk
        .post(t.url("/api/v1/programme-years"))
        .header("x-csrf-token", &csrf)
        .json(&json!({"country": "US", "year": 2028}))
        .json_answer()
        .await;
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
pub async fn upload_required(t: &TestApp, client: &reqwest::Client, csrf: &str, id: i64) {
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
pub async fn referee_token(t: &TestApp, email: &str) -> String {
    let mut tx = t.app.store.read().await.unwrap();
    let mails = store::outbox::list(&mut tx, &store::outbox::OutboxFilter::to(email), 1, 0).await.unwrap();
    let body = &mails[0].body_text;
    let start = body.find("/referee/").expect("a referee link") + "/referee/".len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

/// A registered applicant with a verified address and a complete draft (documents and referees'
/// letters included): their client, CSRF token, application id and version.
#[allow(clippy::too_many_arguments)]
pub async fn applicant_with_draft(
    t: &TestApp,
    year: i64,
    mission: i64,
    email: &str,
    (family, given): (&str, &str),
    nationality: &str,
    position: &str,
) -> (reqwest::Client, String, i64, i64) {
    let r = json!({"email": email, "family_name": family, "given_name": given, "nationality": nationality, "password": PASSWORD});
    assert_eq!(t.anonymous().post(t.url("/api/v1/applicants")).json(&r).status_answer().await, StatusCode::CREATED);
    let mut tx = t.app.store.write().await.unwrap();
    tx.execute(
        store::test_sql::query("UPDATE users SET email_verified_at = $1 WHERE email = $2")
            .bind(t.clock.now())
            .bind(email),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (client, csrf) = t.session(email).await;
    let app: Value = client
        .post(t.url("/api/v1/my/applications"))
        .header("x-csrf-token", &csrf)
        .json(&json!({"programme_year_id": year, "position": position, "mission_id": mission}))
        .json_answer()
        .await;
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
            .json_answer()
            .await;
        version = r["version"].as_i64().unwrap();
    }
    upload_required(t, &client, &csrf, id).await;
    (client, csrf, id, version)
}

pub fn complete_form() -> Vec<(&'static str, Value)> {
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

/// The newest mail of a template to an address.
pub async fn mail_to(t: &TestApp, email: &str, template: &str) -> store::outbox::MailRow {
    let mut tx = t.app.store.read().await.unwrap();
    let mails = store::outbox::list(&mut tx, &store::outbox::OutboxFilter::to(email), 50, 0).await.unwrap();
    mails.into_iter().find(|m| m.template == template).unwrap_or_else(|| panic!("no {template} mail to {email}"))
}
