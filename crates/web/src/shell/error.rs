//! One error type for HTTP, rendered as a page for the browser and as JSON under `/api`. Each
//! variant of `app::AppError` has one status; the message is the catalogue's, in the user's
//! language; internal detail goes to the log (without personal data), never to the response.

use app::AppError;
use app::i18n::{Arg, Translator};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::FieldError;
use serde::Serialize;

#[derive(Debug)]
pub struct WebError {
    pub status: StatusCode,
    /// A catalogue key, or a ready sentence for parse errors that carry their own detail.
    pub message: String,
    pub fields: Vec<FieldError>,
    pub retry_after: Option<u64>,
    pub code: &'static str,
    pub detail: Option<String>,
    /// The size limit a refused body broke, in bytes (for `payload-too-large`).
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// A stable code for programs (`invalid`, `forbidden`, `not-found`, …).
    pub code: String,
    /// The message for people, in the caller's language.
    pub message: String,
    /// Each refused input: its name and why, in the caller's language.
    pub fields: Vec<FieldMessage>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldMessage {
    pub field: String,
    pub message: String,
}

impl WebError {
    pub fn new(status: StatusCode, code: &'static str, message: &str) -> WebError {
        WebError {
            status,
            message: message.to_owned(),
            fields: vec![],
            retry_after: None,
            code,
            detail: None,
            limit: None,
        }
    }
    pub fn csrf() -> WebError {
        WebError::new(StatusCode::FORBIDDEN, "csrf", "error-csrf")
    }
    pub fn not_found() -> WebError {
        WebError::new(StatusCode::NOT_FOUND, "not-found", "error-not-found")
    }
    pub fn bad_request(detail: String) -> WebError {
        WebError { detail: Some(detail), ..WebError::new(StatusCode::BAD_REQUEST, "bad-request", "error-bad-request") }
    }
    pub fn malformed_json(detail: String) -> WebError {
        WebError {
            detail: Some(detail),
            ..WebError::new(StatusCode::BAD_REQUEST, "malformed-json", "error-malformed-json")
        }
    }

    /// The message in a language, with its arguments.
    pub fn message_in(&self, t: &Translator) -> String {
        let limit = Arg::from(self.limit.unwrap_or(crate::shell::http::BODY_LIMIT));
        match (&self.detail, self.retry_after) {
            (Some(detail), _) => t.t_args(&self.message, &[("detail", Arg::from(detail.as_str())), ("limit", limit)]),
            (None, Some(secs)) => {
                t.t_args(&self.message, &[("minutes", Arg::from(secs.div_ceil(60))), ("seconds", Arg::from(secs))])
            }
            (None, None) => t.t_args(&self.message, &[("limit", limit)]),
        }
    }

    /// A body too large for the route it was sent to.
    pub fn payload_too_large(limit: usize) -> WebError {
        WebError {
            limit: Some(limit),
            ..WebError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large", "error-payload-too-large")
        }
    }

    /// The error that an answer the framework gave without a body of ours stands for (a path or
    /// query that does not parse, a method the route lacks, a body over its limit), so that the
    /// API answers every error in its JSON shape and the pages as a page. `detail` is the
    /// framework's own explanation, which names the part of the request at fault.
    pub fn from_framework(status: StatusCode, detail: String, upload: bool) -> WebError {
        match status {
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY if !detail.is_empty() => {
                WebError { status, ..WebError::bad_request(detail) }
            }
            StatusCode::NOT_FOUND => WebError::not_found(),
            StatusCode::METHOD_NOT_ALLOWED => WebError::new(status, "method-not-allowed", "error-method-not-allowed"),
            StatusCode::PAYLOAD_TOO_LARGE => WebError::payload_too_large(if upload {
                crate::shell::http::UPLOAD_LIMIT
            } else {
                crate::shell::http::BODY_LIMIT
            }),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                WebError::new(status, "unsupported-media-type", "error-unsupported-media-type")
            }
            s if s.is_server_error() => WebError::new(s, "internal", "error-internal"),
            s => WebError { status: s, ..WebError::bad_request(detail) },
        }
    }

    pub fn body(&self, t: &Translator) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message_in(t),
                fields: self
                    .fields
                    .iter()
                    .map(|f| FieldMessage { field: f.field.clone(), message: t.field_error(f) })
                    .collect(),
            },
        }
    }

    /// As JSON, for the API.
    pub fn into_json(self, t: &Translator) -> Response {
        let mut response = (self.status, axum::Json(self.body(t))).into_response();
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Invalid(fields) => {
                WebError { fields, ..WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", "error-title") }
            }
            AppError::Unauthenticated => {
                WebError::new(StatusCode::UNAUTHORIZED, "unauthenticated", "error-unauthenticated")
            }
            AppError::BadCredentials => WebError::new(StatusCode::UNAUTHORIZED, "bad-credentials", "login-failed"),
            AppError::Forbidden => WebError::new(StatusCode::FORBIDDEN, "forbidden", "error-forbidden"),
            AppError::NotFound => WebError::not_found(),
            AppError::Conflict(what) => {
                tracing::info!(%what, "conflict");
                WebError::new(StatusCode::CONFLICT, "conflict", "error-conflict")
            }
            AppError::RateLimited { retry_after_secs } => WebError {
                retry_after: Some(retry_after_secs),
                ..WebError::new(StatusCode::TOO_MANY_REQUESTS, "rate-limited", "login-rate-limited")
            },
            AppError::Unavailable(detail) => {
                tracing::error!(%detail, "database unavailable");
                WebError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "error-unavailable")
            }
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                WebError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "error-internal")
            }
        }
    }
}

impl From<FieldError> for WebError {
    fn from(e: FieldError) -> Self {
        AppError::from(e).into()
    }
}
