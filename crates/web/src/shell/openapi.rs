//! The OpenAPI document's frame: title, description and the two ways to authenticate. Its paths
//! come from the areas: each area's `api()` router declares every operation once, with its route
//! and its entry in the document (`utoipa-axum`), and `crate::router` merges them.

use crate::shell::AppState;
use crate::shell::http::SESSION_COOKIE;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components
            .add_security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(SESSION_COOKIE))));
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Kakehashi API", description = "The JET Programme, end to end. Authenticate with the session cookie (and X-CSRF-Token on unsafe methods) or a personal API token."),
    modifiers(&Security),
    security(("token" = []), ("session" = [])),
)]
struct Frame;

/// The document before any area adds its operations.
pub fn frame() -> utoipa::openapi::OpenApi {
    Frame::openapi()
}

/// The finished document as served.
pub fn to_json(document: &utoipa::openapi::OpenApi) -> String {
    document.to_pretty_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// `GET /api/openapi.json`: the document, rendered once when the router was built.
pub async fn served(State(state): State<AppState>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], state.openapi.to_string()).into_response()
}
