//! Kakehashi's web front: server-rendered pages (askama, htmx), the JSON API under `/api/v1` with
//! its OpenAPI document, sessions, CSRF, and the three interface languages. Handlers call the
//! `app` crate and never SQL.
//!
//! The crate is a [`shell`] and one folder per area. An area holds its pages, its API handlers
//! and its API types, and declares its routes, its OpenAPI operations and its menu entries
//! itself ([`shell::Area`]); this file only lists the areas and wraps them in the shell's layers.

mod accounts;
mod admin;
mod applying;
mod bulk;
mod placement;
mod records;
mod recruitment;
mod selection;
pub mod shell;

use app::App;
use axum::{Router, middleware};
pub use shell::http::{BODY_LIMIT, UPLOAD_LIMIT};
pub use shell::{AppState, WebConfig, limits};
use shell::{Areas, layers, service};
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;

/// Every area, in the order their menu entries appear.
static AREAS: Areas = &[
    &records::Records,
    &applying::Applying,
    &selection::Selection,
    &recruitment::Recruitment,
    &placement::Placement,
    &bulk::Bulk,
    &admin::Admin,
    &accounts::Accounts,
];

/// The areas' API routes and their OpenAPI document, built from the same declarations; the
/// answers of the layers around the handlers are added once every area's operations are in.
fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut document) = AREAS
        .iter()
        .fold(OpenApiRouter::with_openapi(shell::openapi::frame()), |router, area| router.merge(area.api()))
        .split_for_parts();
    shell::openapi::add_common_answers(&mut document);
    (router, document)
}

/// The OpenAPI document as served at `/api/openapi.json`.
pub fn openapi_json() -> String {
    shell::openapi::to_json(&api().1)
}

pub fn router(app: App, config: WebConfig) -> Router {
    let clients = Arc::new(shell::limits::Clients::new(config.limits));
    let (api, document) = api();
    let openapi = shell::openapi::to_json(&document).into();
    let state = AppState { app, config: Arc::new(config), clients, areas: AREAS, openapi };
    let pages = AREAS.iter().fold(Router::new(), |router, area| router.merge(area.pages()));
    pages
        .merge(api)
        .merge(service::routes())
        .fallback(service::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), layers::context_layer))
        .layer(middleware::from_fn_with_state(state.clone(), layers::client_limits))
        .layer(middleware::from_fn(layers::access_log))
        .layer(middleware::from_fn(layers::security_headers))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Serves until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    app: App,
    config: WebConfig,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = router(app, config);
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}
