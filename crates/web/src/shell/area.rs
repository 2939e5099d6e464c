//! What the shell does with the areas (declared in [`crate::shell::state::Area`]): shows the
//! applicant's status page from the area that owns it, and gives uploads their body limit.

use crate::shell::AppState;
use crate::shell::state::{Ctx, Said};
use app::AppError;
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::UtoipaMethodRouter;

/// The applicant's status page from whichever area owns it.
pub async fn applicant_page(state: &AppState, ctx: &Ctx, said: Said) -> Response {
    for area in ctx.areas {
        if let Some(page) = area.applicant_page(state, ctx, &said) {
            return page.await;
        }
    }
    ctx.fail(AppError::NotFound).into_response()
}

/// Uploads have a larger body limit than forms and JSON.
pub fn upload_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(crate::shell::http::UPLOAD_LIMIT)
}

/// An API operation that takes an upload, with the upload's body limit.
pub fn with_upload_limit(
    (schemas, paths, method_router): UtoipaMethodRouter<AppState>,
) -> UtoipaMethodRouter<AppState> {
    (schemas, paths, method_router.layer(upload_limit()))
}
