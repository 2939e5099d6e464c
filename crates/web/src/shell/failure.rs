//! A failed request as its answer: the error with the request's context, answered as JSON under
//! `/api` and as a page in the browser, in the caller's language.

use crate::shell::chrome::error_page;
use crate::shell::error::WebError;
use crate::shell::state::Ctx;
use axum::response::{IntoResponse, Response};

/// An error whose rendering (page or JSON) is chosen by where it happened.
#[derive(Debug)]
pub struct Failure(pub WebError, pub Ctx);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let Failure(error, ctx) = self;
        if ctx.is_api { error.into_json(&ctx.t) } else { error.into_page(&ctx) }
    }
}

impl Ctx {
    /// This request's failure, answered in its shape (JSON or page) and language.
    pub fn fail(&self, error: impl Into<WebError>) -> Failure {
        Failure(error.into(), self.clone())
    }
}

impl WebError {
    /// As a page, for the browser.
    pub fn into_page(self, ctx: &Ctx) -> Response {
        error_page(ctx, &self)
    }
}
