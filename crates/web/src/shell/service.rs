//! The service around the areas: the front door, the OpenAPI document, the assets compiled into the
//! binary, the health check, security headers and the access log.

use crate::shell::AppState;
use crate::shell::context::Ctx;
use crate::shell::error::{Failure, WebError};
use crate::shell::limits;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};

const STYLE: &str = include_str!("../../assets/style.css");

const HTMX: &str = include_str!("../../assets/htmx.min.js");

async fn asset(axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "htmx.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

/// `{"status":"ok","database":"sqlite"}` when the database answers; 503 when it does not.
async fn healthz(State(state): State<AppState>) -> Response {
    let backend = state.app.store.backend().as_str();
    let alive = async {
        let mut tx = state.app.store.read().await?;
        tx.fetch_i64(store::query("SELECT CAST(1 AS BIGINT)")).await
    }
    .await;
    match alive {
        Ok(_) => Json(serde_json::json!({"status": "ok", "database": backend})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({"status": "unavailable", "database": backend})))
                .into_response()
        }
    }
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

async fn home(ctx: Ctx) -> Redirect {
    if ctx.actor.is_some() { Redirect::to("/dashboard") } else { Redirect::to("/login") }
}

pub async fn not_found(ctx: Ctx) -> Failure {
    ctx.fail(WebError::not_found())
}

/// The routes that belong to no area: the front door, the OpenAPI document, the assets and the
/// health check.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/api/openapi.json", get(crate::shell::openapi::served))
        .route("/assets/{name}", get(asset))
        .route("/healthz", get(healthz))
}
