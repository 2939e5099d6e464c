//! The layers every request passes through, outermost first: security headers, the access log,
//! per-client limits ([`crate::shell::limits`]), and the request context (who, which language,
//! CSRF), which also puts the framework's own errors in our shape.

use crate::shell::error::WebError;
use crate::shell::http::{CSRF_COOKIE, LANGUAGE_COOKIE, NOTICE_COOKIE, SESSION_COOKIE};
use crate::shell::http::{CSRF_HEADER, cookie};
use crate::shell::limits::{ClientKey, Clients, Limited};
use crate::shell::state::Ctx;
use crate::shell::{AppState, limits};
use app::security::{constant_time_eq, random_token};
use app::{Actor, AppError, Credential, Translator};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{CookieJar, SameSite};
use domain::Language;
use std::time::Instant;

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The request's own host, compared with the `Origin` header's host.
fn origin_matches(headers: &HeaderMap, public_origin: Option<&str>) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        // No Origin: not a cross-site browser request (browsers send Origin on unsafe requests);
        // the token check still applies.
        return true;
    };
    if public_origin.is_some_and(|p| p.trim_end_matches('/') == origin) {
        return true;
    }
    let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    !origin_host.is_empty() && origin_host == host
}

fn language_of(actor: Option<&Actor>, jar: &CookieJar, headers: &HeaderMap) -> Language {
    if let Some(actor) = actor {
        return actor.language;
    }
    if let Some(lang) = jar.get(LANGUAGE_COOKIE).and_then(|c| Language::from_tag(c.value())) {
        return lang;
    }
    headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Language::negotiate).unwrap_or_default()
}

/// Builds the [`Ctx`] and enforces the origin and API-token rules.
pub async fn context_layer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let headers = request.headers().clone();
    let jar = CookieJar::from_headers(&headers);
    let path = request.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".into());
    let is_api = request.uri().path().starts_with("/api/");
    let method = request.method().clone();
    let client = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into());

    let bearer =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let session = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned());
    let authenticated = match (bearer, &session) {
        (Some(token), _) => Some(state.app.authenticate_api_token(token.trim()).await),
        (None, Some(token)) => Some(state.app.authenticate_session(token).await),
        (None, None) => None,
    };
    let (actor, session_expired) = match authenticated {
        None => (None, false),
        Some(Ok(actor)) => (Some(actor), false),
        Some(Err(AppError::Unauthenticated)) if bearer.is_some() => {
            let t = Translator::new(language_of(None, &jar, &headers));
            return WebError::from(AppError::Unauthenticated).into_json(&t);
        }
        Some(Err(AppError::Unauthenticated)) => (None, true),
        Some(Err(other)) => {
            let t = Translator::new(language_of(None, &jar, &headers));
            return WebError::from(other).into_json(&t);
        }
    };

    let mut new_csrf_cookie = None;
    let csrf_token = match actor.as_ref().map(|a| &a.credential) {
        Some(Credential::Session { csrf_token, .. }) => csrf_token.clone(),
        _ => match jar.get(CSRF_COOKIE).map(|c| c.value().to_owned()).filter(|v| v.len() == 64) {
            Some(token) => token,
            None => match random_token("") {
                Ok(token) => {
                    new_csrf_cookie = Some(token.clone());
                    token
                }
                Err(e) => return WebError::from(e).into_json(&Translator::new(Language::En)),
            },
        },
    };
    let ctx = Ctx {
        t: Translator::new(language_of(actor.as_ref(), &jar, &headers)),
        actor,
        csrf_token,
        path,
        is_api,
        session_expired,
        client,
        areas: state.areas,
        notice: jar.get(NOTICE_COOKIE).and_then(|c| crate::shell::http::urldecode(c.value())),
    };

    if is_unsafe(&method) {
        if !origin_matches(&headers, state.config.public_origin.as_deref()) {
            return ctx.fail(WebError::csrf()).into_response();
        }
        let cookie_authenticated =
            matches!(ctx.actor.as_ref().map(|a| &a.credential), Some(Credential::Session { .. }));
        let login = request.uri().path() == "/api/v1/session" && method == Method::POST;
        if is_api && cookie_authenticated && !login {
            let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
            if !constant_time_eq(sent, &ctx.csrf_token) {
                return ctx.fail(WebError::csrf()).into_response();
            }
        }
    }

    let upload = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/") || v.starts_with("application/octet-stream"));
    request.extensions_mut().insert(ctx.clone());
    let mut response = in_our_shape(next.run(request).await, &ctx, upload).await;
    if response.status() == StatusCode::FORBIDDEN {
        // The refusal's audit record was queued without a connection; the caller hears of the
        // refusal once it is on record (see `app::refusals`).
        state.app.refusals_written().await;
    }
    // A notice is shown by the first page after the redirect that carried it, and then forgotten.
    if ctx.notice.is_some()
        && method == Method::GET
        && !response.status().is_redirection()
        && let Ok(value) = format!("{NOTICE_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict").parse()
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    if let Some(token) = new_csrf_cookie
        && let Ok(value) =
            cookie(CSRF_COOKIE, token, state.config.secure_cookies, SameSite::Strict).encoded().to_string().parse()
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// An error answered by the framework rather than by a handler (plain text or no body: a path
/// or query that does not parse, a method the route lacks, a body over its limit) becomes the
/// API's JSON error, or an error page, in the caller's language. Answers of our own pass as they are.
async fn in_our_shape(response: Response, ctx: &Ctx, upload: bool) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let ours =
        if ctx.is_api { content_type.starts_with("application/json") } else { content_type.starts_with("text/html") };
    if ours {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let detail = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let mut error = WebError::from_framework(status, detail, upload);
    if !ctx.is_api && error.code == "bad-request" {
        // The framework's explanation names Rust types (`i64`): fine for a client program, not
        // for a person, who is told the address is wrong instead.
        error = WebError::new(status, "bad-request", "error-bad-address");
    }
    let mut ours = ctx.fail(error).into_response();
    if let Some(allow) = allow {
        ours.headers_mut().insert(header::ALLOW, allow);
    }
    ours
}

/// Counts a request in flight until dropped, also when the client goes away mid-request.
struct Admitted<'a> {
    clients: &'a Clients,
    key: ClientKey,
    refused: bool,
}

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        self.clients.done(self.key, self.refused, Instant::now());
    }
}

fn is_refusal(status: StatusCode) -> bool {
    matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND)
}

/// The outermost check of every request (after logging): see the module's documentation.
pub async fn client_limits(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let address = request.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    let clients = &state.clients;
    let key = clients.key(request.headers(), address);
    if let Err(limited) = clients.admit(key, Instant::now()) {
        let mut response = refuse(&request, limited);
        response.extensions_mut().insert(limited);
        return response;
    }
    let mut admitted = Admitted { clients, key, refused: false };
    let response = next.run(request).await;
    admitted.refused = is_refusal(response.status());
    response
}

/// 429 with `Retry-After`, as JSON under `/api` and as a page elsewhere, in the client's language.
fn refuse(request: &Request, limited: Limited) -> Response {
    let headers = request.headers();
    let jar = CookieJar::from_headers(headers);
    let language = jar
        .get(LANGUAGE_COOKIE)
        .and_then(|c| domain::Language::from_tag(c.value()))
        .or_else(|| {
            headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(domain::Language::negotiate)
        })
        .unwrap_or_default();
    let retry_after = match limited {
        Limited::TooManyAtOnce => 1,
        Limited::TooManyRefusals { retry_after_secs } => retry_after_secs,
    };
    let error = WebError {
        retry_after: Some(retry_after),
        ..WebError::new(StatusCode::TOO_MANY_REQUESTS, "rate-limited", "error-client-limited")
    };
    let path = request.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".into());
    let is_api = request.uri().path().starts_with("/api/");
    if is_api {
        return error.into_json(&Translator::new(language));
    }
    let csrf_token = jar.get(CSRF_COOKIE).map(|c| c.value().to_owned()).unwrap_or_default();
    let ctx = Ctx {
        t: Translator::new(language),
        actor: None,
        csrf_token,
        path,
        is_api,
        session_expired: false,
        client: String::new(),
        areas: &[],
        notice: None,
    };
    error.into_page(&ctx).into_response()
}

pub(crate) async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: header::HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::REFERRER_POLICY, "same-origin");
    response
}

/// One line per request: method, the route's pattern (never the real path, which can hold a
/// reset token), status and time. No query strings, no personal data.
pub(crate) async fn access_log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "(unmatched)".into());
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let (status, ms) = (response.status().as_u16(), started.elapsed().as_millis() as u64);
    if response.extensions().get::<limits::Limited>().is_some() {
        // Turned away in memory: one line per spell comes from `limits`, not one per request.
        tracing::debug!(%method, route, status, ms, "request");
    } else {
        tracing::info!(%method, route, status, ms, "request");
    }
    response
}
