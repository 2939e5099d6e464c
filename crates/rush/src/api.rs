//! The HTTP client: Kakehashi's JSON API as the generator uses it. A cookie session is kept by
//! hand (the `kakehashi_session` cookie and the CSRF token `POST /api/v1/session` answers with),
//! so one connection pool serves every applicant, as a proxy in front of many browsers would.

use anyhow::{Context, Result, bail};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SESSION_COOKIE: &str = "kakehashi_session";

/// A logged-in caller: the session cookie's value and the CSRF token unsafe API calls send.
#[derive(Debug, Clone)]
pub struct Session {
    cookie: String,
    pub csrf: String,
}

#[derive(Debug, Clone)]
pub struct Api {
    /// Where requests go: the first of `bases` unless [`Api::instance`] picked another.
    base: String,
    /// Every server's address (instances of one service on one database).
    bases: Arc<Vec<String>>,
    http: reqwest::Client,
    /// Why setup requests were retried, by status ("503", "409"): what the server refused under
    /// load while the applicants were being prepared.
    retried: Arc<Mutex<BTreeMap<String, u64>>>,
}

#[derive(Debug, Deserialize)]
struct Me {
    csrf_token: Option<String>,
}

impl Api {
    /// `bases`: one server's address, or several separated by commas (instances on one database).
    pub fn new(bases: &str, timeout: Duration) -> Result<Api> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .no_proxy()
            .pool_idle_timeout(Duration::from_secs(600))
            .build()
            .context("building the HTTP client")?;
        let bases: Vec<String> =
            bases.split(',').map(|b| b.trim().trim_end_matches('/').to_owned()).filter(|b| !b.is_empty()).collect();
        let base = bases.first().cloned().context("no server address")?;
        Ok(Api { base, bases: Arc::new(bases), http, retried: Arc::default() })
    }

    /// How many servers share the work.
    pub fn instances(&self) -> usize {
        self.bases.len()
    }

    /// The same client, sending to the server applicant `index` uses: applicants are dealt to the
    /// servers in turn, each keeping to one (a load balancer with sticky sessions).
    pub fn instance(&self, index: usize) -> Api {
        let base = self.bases.get(index % self.bases.len().max(1)).cloned().unwrap_or_else(|| self.base.clone());
        Api { base, ..self.clone() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request, with the session's cookie (and for unsafe methods its CSRF token) when given.
    pub fn request(&self, method: Method, path: &str, session: Option<&Session>) -> RequestBuilder {
        let unsafe_method = !matches!(method, Method::GET | Method::HEAD);
        let mut r = self.http.request(method, self.url(path));
        if let Some(s) = session {
            r = r.header(reqwest::header::COOKIE, format!("{SESSION_COOKIE}={}", s.cookie));
            if unsafe_method {
                r = r.header("x-csrf-token", &s.csrf);
            }
        }
        r
    }

    /// Sends a setup request; on 409, 429 or 5xx (a busy server, a lost race) tries again, up to
    /// three times in all, and counts why. Transport errors are not retried: a request that may
    /// have been applied is not sent twice blindly.
    pub async fn send_setup(&self, what: &str, build: impl Fn() -> RequestBuilder) -> Result<Response> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let response = build().send().await.with_context(|| format!("{what}: no answer"))?;
            let status = response.status();
            let retry =
                status == StatusCode::CONFLICT || status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error();
            if !retry || attempt == 3 {
                return Ok(response);
            }
            if let Ok(mut map) = self.retried.lock() {
                *map.entry(format!("{} {}", what, status.as_u16())).or_default() += 1;
            }
            tokio::time::sleep(Duration::from_millis(100 * attempt)).await;
        }
    }

    pub fn setup_retries(&self) -> BTreeMap<String, u64> {
        self.retried.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// Logs in through the API and keeps the session cookie and CSRF token.
    pub async fn login(&self, email: &str, password: &str) -> Result<Session> {
        let body = serde_json::json!({"email": email, "password": password});
        let response =
            self.send_setup("log in", || self.request(Method::POST, "/api/v1/session", None).json(&body)).await?;
        let cookie = response
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| {
                v.strip_prefix(&format!("{SESSION_COOKIE}=")).map(|rest| rest.split(';').next().unwrap_or(""))
            })
            .map(str::to_owned);
        let me: Me = json(response, &format!("log in as {email}"), &[200]).await?;
        let cookie =
            cookie.filter(|c| !c.is_empty()).with_context(|| format!("log in as {email}: no session cookie"))?;
        let csrf = me.csrf_token.with_context(|| format!("log in as {email}: no CSRF token"))?;
        Ok(Session { cookie, csrf })
    }

    /// Whether `GET /healthz` answers, and with which database.
    pub async fn health(&self) -> Result<String> {
        #[derive(Deserialize)]
        struct Health {
            database: String,
        }
        let response = self.request(Method::GET, "/healthz", None).send().await.context("GET /healthz: no answer")?;
        let h: Health = json(response, "GET /healthz", &[200]).await?;
        Ok(h.database)
    }

    /// Waits until the server answers `/healthz` (after a restart), at most `limit`.
    pub async fn wait_healthy(&self, limit: Duration) -> Result<Duration> {
        let start = std::time::Instant::now();
        loop {
            if self.health().await.is_ok() {
                return Ok(start.elapsed());
            }
            if start.elapsed() > limit {
                bail!("the server did not answer /healthz within {} s", limit.as_secs());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

/// The answer's body as `T` when its status is one of `want`; otherwise an error that says what
/// was asked and what came back.
pub async fn json<T: DeserializeOwned>(response: Response, what: &str, want: &[u16]) -> Result<T> {
    let status = response.status();
    let body = response.text().await.with_context(|| format!("{what}: reading the answer"))?;
    if !want.contains(&status.as_u16()) {
        bail!("{what}: HTTP {status}: {}", shorten(&body));
    }
    serde_json::from_str(&body).with_context(|| format!("{what}: unexpected answer: {}", shorten(&body)))
}

/// Succeeds when the status is one of `want`.
pub async fn expect(response: Response, what: &str, want: &[u16]) -> Result<()> {
    let status = response.status();
    if !want.contains(&status.as_u16()) {
        let body = response.text().await.unwrap_or_default();
        bail!("{what}: HTTP {status}: {}", shorten(&body));
    }
    Ok(())
}

fn shorten(body: &str) -> String {
    body.chars().take(400).collect()
}
