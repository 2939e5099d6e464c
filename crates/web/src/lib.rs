//! Kakehashi's web front: server-rendered pages (askama, htmx), the JSON API under `/api/v1` with
//! its OpenAPI document, sessions, CSRF, and the three interface languages. Handlers call the
//! `app` crate and never SQL.

pub mod api;
pub mod bulk_web;
pub mod context;
pub mod error;
pub mod limits;
pub mod pages;
pub mod placement_api;
pub mod placement_pages;
pub mod redirect;
pub mod selection_api;
pub mod selection_pages;

use app::App;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::sync::Arc;

/// The largest request body accepted (forms and JSON); uploads have their own limit.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// Uploads: the document limit and room for a multipart envelope.
pub const UPLOAD_LIMIT: usize = app::applying::MAX_DOCUMENT_BYTES + 64 * 1024;

/// A stored document as a download: its detected type, never sniffed by the browser, always as
/// an attachment with a safe file name.
pub fn document_response(row: &store::applying::DocumentRow, bytes: Vec<u8>) -> Response {
    let safe: String = row
        .file_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' { c } else { '_' })
        .collect();
    let disposition = format!("attachment; filename=\"{safe}\"");
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&row.content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (on whenever Kakehashi is served over HTTPS).
    pub secure_cookies: bool,
    /// The public origin (`https://kakehashi.example.org`) when a proxy rewrites `Host`.
    pub public_origin: Option<String>,
    /// What one client may ask at once and be refused ([`limits`]).
    pub limits: limits::ClientLimits,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig { secure_cookies: true, public_origin: None, limits: limits::ClientLimits::default() }
    }
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<WebConfig>,
    pub clients: Arc<limits::Clients>,
}

const STYLE: &str = include_str!("../assets/style.css");
const HTMX: &str = include_str!("../assets/htmx.min.js");

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

async fn security_headers(request: Request, next: Next) -> Response {
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
async fn access_log(request: Request, next: Next) -> Response {
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

pub fn router(app: App, config: WebConfig) -> Router {
    let clients = Arc::new(limits::Clients::new(config.limits));
    let state = AppState { app, config: Arc::new(config), clients };
    let api = Router::new()
        .route("/session", post(api::login).delete(api::logout))
        .route("/sessions", axum::routing::delete(api::logout_everywhere))
        .route("/me", get(api::me))
        .route("/me/language", axum::routing::put(api::set_language))
        .route("/dashboard", get(api::dashboard))
        .route("/participants", get(api::participants))
        .route("/participants/{id}", get(api::participant))
        .route("/applications", get(api::applications))
        .route("/applications/{id}/eligibility-override", post(api::override_eligibility))
        .route("/organisations", get(api::organisations))
        .route("/missions", get(api::missions))
        .route("/prefectures", get(api::prefectures))
        .route("/users", get(api::users).post(api::create_user))
        .route("/users/{id}", get(api::user))
        .route("/users/{id}/disabled", axum::routing::put(api::set_disabled))
        .route("/users/{id}/roles", post(api::grant_role).delete(api::revoke_role))
        .route("/programme-years", get(api::programme_years).post(api::create_programme_year))
        .route("/programme-years/{id}", get(api::programme_year).put(api::save_programme_year))
        .route("/programme-years/{id}/status", post(api::advance_programme_year))
        .route("/programme-years/{id}/eligibility", post(api::check_eligibility))
        .route("/open-years", get(api::open_years))
        .route("/applicants", post(api::register))
        .route("/verify/{token}", post(api::verify))
        .route("/my/applications", get(api::my_applications).post(api::start_application))
        .route("/my/applications/{id}", get(api::my_application))
        .route("/my/applications/{id}/sections/{section}", axum::routing::put(api::save_section))
        .route("/my/applications/{id}/submit", post(api::submit_application))
        .route("/my/applications/{id}/withdraw", post(api::withdraw_application))
        .route(
            "/my/applications/{id}/documents",
            axum::routing::put(api::upload_document).layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/my/applications/{id}/documents/{document}", axum::routing::delete(api::delete_document))
        .route("/documents/{document}", get(api::document))
        .route("/my/applications/{id}/referees", post(api::add_referee))
        .route(
            "/referee/{token}",
            axum::routing::put(api::referee_upload).layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/programme-years/{id}/screening", get(selection_api::screening_board))
        .route("/programme-years/{id}/screening/reviewers", post(selection_api::assign_reviewers))
        .route("/programme-years/{id}/screening/decisions", post(selection_api::screening_decision))
        .route("/my/reviews", get(selection_api::my_reviews))
        .route("/applications/{id}/review", get(selection_api::review).put(selection_api::score_review))
        .route("/applications/{id}/review/conflict", post(selection_api::declare_conflict))
        .route("/programme-years/{id}/interviews", get(selection_api::interview_board))
        .route("/programme-years/{id}/interviews/slots", post(selection_api::add_slots))
        .route("/applications/{id}/scorecard", axum::routing::put(selection_api::scorecard))
        .route("/applications/{id}/written-test", axum::routing::put(selection_api::written_test))
        .route("/programme-years/{id}/decisions", get(selection_api::decision_board).post(selection_api::decide))
        .route("/applications/{id}/upgrade", post(selection_api::upgrade))
        .route("/applications/{id}/disqualify", post(selection_api::disqualify))
        .route("/my/applications/{id}/selection", get(selection_api::my_selection))
        .route(
            "/my/applications/{id}/interview",
            axum::routing::put(selection_api::book_interview).delete(selection_api::cancel_interview),
        )
        .route("/my/applications/{id}/interview.ics", get(selection_api::interview_calendar))
        .route("/my/applications/{id}/reply", post(selection_api::reply))
        .route(
            "/my/applications/{id}/clearance",
            axum::routing::put(selection_api::upload_clearance)
                .layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/exports/{list}", get(bulk_web::export))
        .route(
            "/programme-years/{id}/imports",
            post(bulk_web::import).layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/jobs/{id}", get(bulk_web::job))
        .route("/saved-filters", get(bulk_web::saved_filters).post(bulk_web::save_filter))
        .route("/saved-filters/{id}", axum::routing::delete(bulk_web::delete_filter))
        .route("/placement/requests", get(placement_api::requests).post(placement_api::create_request))
        .route("/placement/requests/{id}", get(placement_api::request).put(placement_api::save_request))
        .route("/placement/requests/{id}/forward", post(placement_api::forward_request))
        .route("/placement/requests/{id}/change-request", post(placement_api::ask_change))
        .route("/placement/years/{year}/picture", get(placement_api::picture))
        .route("/placement/years/{year}/weights", get(placement_api::weights).put(placement_api::set_weights))
        .route("/placement/years/{year}/precheck", get(placement_api::precheck))
        .route("/placement/years/{year}/runs", get(placement_api::runs).post(placement_api::start_run))
        .route("/placement/runs/{id}", get(placement_api::run))
        .route("/placement/runs/{id}/candidates/{application}", get(placement_api::explain))
        .route("/placement/runs/{id}/cost", get(placement_api::cost))
        .route("/placement/runs/{id}/moves", post(placement_api::move_candidate))
        .route("/placement/runs/{id}/approve", post(placement_api::approve))
        .route("/placement/runs/{id}/export", get(placement_api::export))
        .route("/placement/compare", get(placement_api::compare))
        .route("/placement/incoming", get(placement_api::incoming))
        .route("/my/applications/{id}/placement", get(placement_api::my_placement))
        .route("/my/applications/{id}/placement/decline", post(placement_api::decline))
        .route("/audit", get(api::audit))
        .route("/outbox", get(api::outbox))
        .route("/outbox/{id}", get(api::mail))
        .route("/tokens", get(api::tokens).post(api::create_token))
        .route("/tokens/{id}", axum::routing::delete(api::revoke_token))
        .route("/password-reset", post(api::request_reset))
        .route("/password-reset/{token}", post(api::complete_reset));
    Router::new()
        .route("/", get(pages::home))
        .route("/login", get(pages::login_page).post(pages::login_submit))
        .route("/logout", post(pages::logout))
        .route("/language", post(pages::switch_language))
        .route("/password-reset", get(pages::reset_request_page).post(pages::reset_request_submit))
        .route("/password-reset/{token}", get(pages::reset_confirm_page).post(pages::reset_confirm_submit))
        .route("/dashboard", get(pages::dashboard))
        .route("/participants", get(pages::participants))
        .route("/participants/{id}", get(pages::participant))
        .route("/applications", get(pages::applications))
        .route("/organisations", get(pages::organisations))
        .route("/missions", get(pages::missions))
        .route("/programme-years", get(pages::programme_years).post(pages::create_programme_year))
        .route("/programme-years/{id}", get(pages::programme_year).post(pages::save_programme_year))
        .route("/programme-years/{id}/status", post(pages::advance_programme_year))
        .route("/register", get(pages::register_page).post(pages::register_submit))
        .route("/my-application", get(pages::my_application))
        .route("/my-application/start", post(pages::start_application))
        .route("/my-application/{id}", get(pages::apply))
        .route("/my-application/{id}/sections/{section}", post(pages::save_section))
        .route("/my-application/{id}/submit", post(pages::submit_application))
        .route("/my-application/{id}/withdraw", post(pages::withdraw_application))
        .route(
            "/my-application/{id}/documents",
            post(pages::upload_document).layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/documents/{document}", get(pages::document))
        .route("/my-application/{id}/referees", post(pages::add_referee))
        .route("/my-application/{id}/interview", post(selection_pages::book_interview))
        .route("/my-application/{id}/interview/cancel", post(selection_pages::cancel_interview))
        .route("/my-application/{id}/interview.ics", get(selection_pages::interview_calendar))
        .route("/my-application/{id}/reply", post(selection_pages::reply))
        .route(
            "/my-application/{id}/clearance",
            post(selection_pages::upload_clearance).layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/programme-years/{id}/screening", get(selection_pages::screening))
        .route("/programme-years/{id}/screening/reviewers", post(selection_pages::assign_reviewers))
        .route("/programme-years/{id}/screening/decisions", post(selection_pages::screening_decision))
        .route("/reviews", get(selection_pages::my_reviews))
        .route("/applications/{id}/review", get(selection_pages::review).post(selection_pages::score_review))
        .route("/applications/{id}/review/conflict", post(selection_pages::declare_conflict))
        .route("/programme-years/{id}/interviews", get(selection_pages::interviews))
        .route("/programme-years/{id}/interviews/slots", post(selection_pages::add_slots))
        .route("/programme-years/{id}/interviews/written-test", post(selection_pages::written_test))
        .route("/applications/{id}/scorecard", get(selection_pages::scorecard).post(selection_pages::save_scorecard))
        .route("/programme-years/{id}/decisions", get(selection_pages::decisions).post(selection_pages::decide))
        .route("/programme-years/{id}/decisions/upgrade", post(selection_pages::upgrade))
        .route("/programme-years/{id}/decisions/disqualify", post(selection_pages::disqualify))
        .route("/placement", get(placement_pages::national))
        .route("/placement/weights", post(placement_pages::save_weights))
        .route("/placement/requests", get(placement_pages::requests).post(placement_pages::create_request))
        .route("/placement/requests/new", get(placement_pages::new_request))
        .route("/placement/requests/{id}", get(placement_pages::request).post(placement_pages::update_request))
        .route("/placement/requests/{id}/forward", post(placement_pages::forward_request))
        .route("/placement/requests/{id}/change", post(placement_pages::ask_change))
        .route("/placement/runs", post(placement_pages::start_run))
        .route("/placement/runs/{id}", get(placement_pages::run))
        .route("/placement/runs/{id}/approve", post(placement_pages::approve_run))
        .route("/placement/runs/{id}/moves", post(placement_pages::move_candidate))
        .route("/placement/runs/{id}/cost", get(placement_pages::move_cost))
        .route("/placement/runs/{id}/candidates/{application}", get(placement_pages::candidate))
        .route("/placement/compare", get(placement_pages::compare))
        .route("/placement/incoming", get(placement_pages::incoming))
        .route("/my-application/{id}/placement/decline", post(placement_pages::decline_placement))
        .route(
            "/referee/{token}",
            get(pages::referee_page)
                .post(pages::referee_submit)
                .layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/verify/{token}", get(pages::verify))
        .route("/admin/users", get(pages::users).post(pages::create_user))
        .route("/admin/users/{id}", get(pages::user))
        .route("/admin/users/{id}/disabled", post(pages::set_disabled))
        .route("/admin/users/{id}/roles", post(pages::grant_role))
        .route("/admin/users/{id}/roles/revoke", post(pages::revoke_role))
        .route("/exports/{list}", get(bulk_web::export))
        .route(
            "/programme-years/{id}/imports",
            post(bulk_web::import_page).layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/jobs/{id}", get(bulk_web::job_page))
        .route("/saved-filters", post(bulk_web::save_filter_page))
        .route("/saved-filters/{id}/delete", post(bulk_web::delete_filter_page))
        .route("/admin/audit", get(pages::audit))
        .route("/admin/outbox", get(pages::outbox))
        .route("/admin/outbox/{id}", get(pages::mail))
        .route("/account", get(pages::account))
        .route("/account/tokens", post(pages::create_token))
        .route("/account/tokens/{id}/revoke", post(pages::revoke_token))
        .route("/account/logout-everywhere", post(pages::logout_everywhere))
        .nest("/api/v1", api)
        .route("/api/openapi.json", get(api::openapi))
        .route("/assets/{name}", get(asset))
        .route("/healthz", get(healthz))
        .fallback(pages::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), context::context_layer))
        .layer(middleware::from_fn_with_state(state.clone(), limits::client_limits))
        .layer(middleware::from_fn(access_log))
        .layer(middleware::from_fn(security_headers))
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
