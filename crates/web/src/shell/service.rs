//! The service around the areas: the front door, the OpenAPI document, the assets compiled into the
//! binary, the health check, security headers and the access log.

use crate::shell::AppState;
use crate::shell::error::WebError;
use crate::shell::failure::Failure;
use crate::shell::state::Ctx;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};

const STYLE: &str = include_str!("../../assets/style.css");

const HTMX: &str = include_str!("../../assets/htmx.min.js");

/// Asks before an action that mails people or cannot be undone (`data-confirm`).
const CONFIRM: &str = include_str!("../../assets/confirm.js");

async fn asset(axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "htmx.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        "confirm.js" => (CONFIRM, "text/javascript; charset=utf-8"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

/// `{"status":"ok","database":"sqlite"}` when the database answers; 503 when it does not.
async fn healthz(State(state): State<AppState>) -> Response {
    let backend = state.app.store.backend().as_str();
    let alive = state.app.store.ping().await;
    match alive {
        Ok(_) => Json(serde_json::json!({"status": "ok", "database": backend})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({"status": "unavailable", "database": backend})))
                .into_response()
        }
    }
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
