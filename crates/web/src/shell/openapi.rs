//! The OpenAPI document's frame: title, description and the two ways to authenticate. Its paths
//! come from the areas: each area's `api()` router declares every operation once, with its route
//! and its entry in the document (`utoipa-axum`), and `crate::router` merges them.
//!
//! After the merge, [`add_common_answers`] declares on every operation the answers that the layers
//! around every handler give (so no handler's annotation repeats them), and gives every answer a
//! description, which OpenAPI 3.1 requires. Which operation gets which answer follows from what
//! the layers check, in order:
//! - 429 everywhere: the per-client limits (`limits`) come before anything else;
//! - 403 on every unsafe method (an `Origin` of another site, or a session without its CSRF
//!   token) and on every operation that needs a credential (the role's scope);
//! - 401 on every operation that needs a credential;
//! - 400 wherever there is something to parse: a path parameter, a query, a body;
//! - 404 wherever the path names a record (an id, or a token of a link);
//! - 413 wherever there is a body (the body limit).

use crate::shell::AppState;
use crate::shell::http::SESSION_COOKIE;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};

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

/// What each status means, for every answer whose annotation gives no description of its own.
fn meaning(status: &str) -> &'static str {
    match status {
        "200" => "The answer.",
        "201" => "Created: the new record.",
        "202" => "Accepted: the work goes on in the background.",
        "204" => "Done; no body.",
        "400" => {
            "The request does not parse: a path or query value of the wrong type, a body that is not the JSON described, or a missing `Content-Type`. `error.message` says which."
        }
        "401" => "No valid session or personal API token.",
        "403" => {
            "The caller may not do this (its roles do not reach the record), or a cookie-authenticated unsafe request came without its `X-CSRF-Token` or from another site."
        }
        "404" => "No such record, or none that the caller may see.",
        "409" => {
            "The record changed since it was read (send the current `version`), or its state does not allow this step."
        }
        "413" => "The body is larger than allowed; `error.message` gives the limit.",
        "422" => "The request is understood but not valid; `error.fields` names each input and why.",
        "429" => "Too many requests at once, too many refused, or too many attempts: wait as `Retry-After` says.",
        _ => "See the error body.",
    }
}

/// Declares the layers' answers on every operation of the merged document and describes every
/// answer. It runs on the whole document, after every area's operations are in.
pub fn add_common_answers(openapi: &mut utoipa::openapi::OpenApi) {
    for (path, item) in openapi.paths.paths.iter_mut() {
        let names_a_record = path.contains('{');
        let operations = [
            (false, &mut item.get),
            (true, &mut item.put),
            (true, &mut item.post),
            (true, &mut item.delete),
            (true, &mut item.patch),
        ];
        for (unsafe_method, operation) in operations {
            if let Some(operation) = operation {
                add_common(operation, names_a_record, unsafe_method);
            }
        }
    }
}

fn add_common(operation: &mut Operation, names_a_record: bool, unsafe_method: bool) {
    let anonymous = operation
        .security
        .as_ref()
        .is_some_and(|requirements| requirements.iter().all(|r| *r == SecurityRequirement::default()));
    let has_query =
        operation.parameters.iter().flatten().any(|p| matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Query));
    let has_body = operation.request_body.is_some();
    let mut common = vec!["429"];
    if unsafe_method || !anonymous {
        common.push("403");
    }
    if !anonymous {
        common.push("401");
    }
    if names_a_record || has_query || has_body {
        common.push("400");
    }
    if names_a_record {
        common.push("404");
    }
    if has_body {
        common.push("413");
    }
    let responses = &mut operation.responses.responses;
    for status in common {
        responses.entry(status.to_owned()).or_insert_with(|| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(meaning(status))
                    .content(
                        "application/json",
                        ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
                    )
                    .build(),
            )
        });
    }
    for (status, response) in responses.iter_mut() {
        if let RefOr::T(response) = response
            && response.description.is_empty()
        {
            response.description = meaning(status).to_owned();
        }
    }
}
