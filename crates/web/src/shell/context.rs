//! What every request carries: who is calling (session cookie or API token), in which language,
//! and the CSRF token its forms must return. Built once per request by [`context_layer`].
//!
//! CSRF defence, in depth: cookies are `SameSite=Strict`; every unsafe request with an `Origin`
//! header must come from this site; every form carries a token ([`CsrfForm`] is the only form
//! extractor the pages use, so a form handler cannot forget the check); cookie-authenticated API
//! calls send the token in `X-CSRF-Token`. Anonymous forms (log in, password reset) use a token
//! kept in a cookie of their own (double submit).

use crate::shell::AppState;
use crate::shell::area::Areas;
use crate::shell::error::{Failure, WebError};
use app::security::{constant_time_eq, random_token};
use app::{Actor, AppError, Credential, Translator};
use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use domain::Language;
use serde::de::DeserializeOwned;

pub const SESSION_COOKIE: &str = "kakehashi_session";
pub const CSRF_COOKIE: &str = "kakehashi_csrf";
pub const LANGUAGE_COOKIE: &str = "kakehashi_lang";
/// The "known device" cookie: set at a successful login, it lets this browser past the
/// per-address login limit of that account (see `app::App::login`). Random; stored as a digest.
pub const DEVICE_COOKIE: &str = "kakehashi_device";
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const CSRF_FIELD: &str = "csrf_token";

#[derive(Debug, Clone)]
pub struct Ctx {
    pub t: Translator,
    pub actor: Option<Actor>,
    pub csrf_token: String,
    /// The path and query of the request, for the language switcher's way back.
    pub path: String,
    pub is_api: bool,
    /// A session cookie came, but its session had ended.
    pub session_expired: bool,
    /// The client's address, for the per-client login limit (never logged).
    pub client: String,
    /// The areas, for the menu and the applicant's page.
    pub areas: Areas,
}

impl Ctx {
    pub fn language(&self) -> Language {
        self.t.language()
    }
    pub fn fail(&self, error: impl Into<WebError>) -> Failure {
        Failure(error.into(), self.clone())
    }
    /// Refused fields as the user reads them, for a form shown again.
    pub fn field_messages(&self, errors: &[domain::FieldError]) -> Vec<String> {
        errors.iter().map(|f| self.t.field_error(f)).collect()
    }
}

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

/// The known-device cookie a login sets, if it set one: a year, sent only to this site.
pub fn device_cookie(token: Option<String>, secure: bool) -> Option<Cookie<'static>> {
    let mut c = cookie(DEVICE_COOKIE, token?, secure, SameSite::Strict);
    c.set_max_age(time::Duration::days(365));
    Some(c)
}

pub fn cookie(name: &'static str, value: String, secure: bool, same_site: SameSite) -> Cookie<'static> {
    let mut c = Cookie::new(name, value);
    c.set_path("/");
    c.set_http_only(true);
    c.set_same_site(same_site);
    c.set_secure(secure);
    c
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

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| (StatusCode::INTERNAL_SERVER_ERROR, "request context missing").into_response())
    }
}

/// A signed-in caller. Pages without one redirect to the login page; the API answers 401.
#[derive(Debug, Clone)]
pub struct Signed {
    pub ctx: Ctx,
    pub actor: Actor,
}

impl<S: Send + Sync> FromRequestParts<S> for Signed {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ctx = Ctx::from_request_parts(parts, state).await?;
        match ctx.actor.clone() {
            Some(actor) => Ok(Signed { ctx, actor }),
            None if ctx.is_api => Err(ctx.fail(AppError::Unauthenticated).into_response()),
            None => {
                let expired = if ctx.session_expired { "&expired=1" } else { "" };
                let next = urlencode(&ctx.path);
                Err(Redirect::to(&format!("/login?next={next}{expired}")).into_response())
            }
        }
    }
}

pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)]).map(|e| e.trim_start_matches('=').to_owned()).unwrap_or_default()
}

/// The request's context, headers and body (within [`crate::BODY_LIMIT`]), for the body extractors.
async fn context_and_body<S: Send + Sync>(
    request: Request<Body>,
    state: &S,
) -> Result<(Ctx, HeaderMap, axum::body::Bytes), Failure> {
    let (mut parts, body) = request.into_parts();
    let ctx = Ctx::from_request_parts(&mut parts, state).await.map_err(|_| {
        Failure(WebError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "error-internal"), fallback_ctx())
    })?;
    let bytes = body_bytes(body, &ctx).await?;
    Ok((ctx, parts.headers, bytes))
}

async fn body_bytes(body: Body, ctx: &Ctx) -> Result<axum::body::Bytes, Failure> {
    axum::body::to_bytes(body, crate::BODY_LIMIT)
        .await
        .map_err(|_| ctx.fail(WebError::payload_too_large(crate::BODY_LIMIT)))
}

/// A form whose CSRF token was checked. The only form extractor of the pages.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T, pub Ctx);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = Failure;
    async fn from_request(request: Request<Body>, state: &S) -> Result<Self, Self::Rejection> {
        let (ctx, _, bytes) = context_and_body(request, state).await?;
        let fields: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).map_err(|e| ctx.fail(WebError::bad_request(e.to_string())))?;
        let sent = fields.iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v.as_str()).unwrap_or("");
        if !constant_time_eq(sent, &ctx.csrf_token) {
            return Err(ctx.fail(WebError::csrf()));
        }
        let value = serde_urlencoded::from_bytes(&bytes).map_err(|e| ctx.fail(WebError::bad_request(e.to_string())))?;
        Ok(CsrfForm(value, ctx))
    }
}

/// A [`CsrfForm`] from a logged-in caller: the form, the context, and who sent it. Without a
/// session the request is refused as unauthenticated, so handlers need not check again.
#[derive(Debug)]
pub struct SignedForm<T>(pub T, pub Ctx, pub Actor);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for SignedForm<T> {
    type Rejection = Failure;
    async fn from_request(request: Request<Body>, state: &S) -> Result<Self, Self::Rejection> {
        let CsrfForm(value, ctx) = CsrfForm::from_request(request, state).await?;
        match ctx.actor.clone() {
            Some(actor) => Ok(SignedForm(value, ctx, actor)),
            None => Err(ctx.fail(AppError::Unauthenticated)),
        }
    }
}

/// A JSON body; a malformed one is refused with where and why it is malformed.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Failure;
    async fn from_request(request: Request<Body>, state: &S) -> Result<Self, Self::Rejection> {
        let (ctx, headers, bytes) = context_and_body(request, state).await?;
        let json_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !json_type {
            return Err(ctx.fail(WebError::bad_request("Content-Type must be application/json".into())));
        }
        serde_json::from_slice(&bytes).map(ApiJson).map_err(|e| ctx.fail(WebError::malformed_json(e.to_string())))
    }
}

fn fallback_ctx() -> Ctx {
    Ctx {
        t: Translator::new(Language::En),
        actor: None,
        csrf_token: String::new(),
        path: "/".into(),
        is_api: true,
        session_expired: false,
        client: String::new(),
        areas: &[],
    }
}
