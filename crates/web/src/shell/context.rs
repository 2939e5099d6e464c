//! How handlers receive the request's context ([`Ctx`], built once per request by
//! [`crate::shell::layers::context_layer`]): as it is, signed in ([`Signed`]), with a form whose CSRF
//! token is checked ([`CsrfForm`], [`SignedForm`]), or with a JSON body ([`ApiJson`]).
//!
//! CSRF defence, in depth: cookies are `SameSite=Strict`; every unsafe request with an `Origin`
//! header must come from this site; every form carries a token ([`CsrfForm`] is the only form
//! extractor the pages use, so a form handler cannot forget the check); cookie-authenticated API
//! calls send the token in `X-CSRF-Token`. Anonymous forms (log in, password reset) use a token
//! kept in a cookie of their own (double submit).

use crate::shell::error::WebError;
use crate::shell::failure::Failure;
use crate::shell::http::{CSRF_FIELD, urlencode};
use crate::shell::state::Ctx;
use app::security::constant_time_eq;
use app::{Actor, AppError, Translator};
use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::Language;
use serde::de::DeserializeOwned;

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

/// The request's context, headers and body (within [`crate::shell::http::BODY_LIMIT`]), for the body extractors.
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
    axum::body::to_bytes(body, crate::shell::http::BODY_LIMIT)
        .await
        .map_err(|_| ctx.fail(WebError::payload_too_large(crate::shell::http::BODY_LIMIT)))
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
        notice: None,
    }
}
