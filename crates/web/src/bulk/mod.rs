//! Exports of lists (CSV, XLSX), imports run as jobs, job progress, and saved filters.

mod api;
mod pages;

use crate::shell::area::{upload_limit, with_upload_limit};
use crate::shell::{AppState, Area};
use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Debug)]
pub struct Bulk;

impl Area for Bulk {
    fn pages(&self) -> Router<AppState> {
        Router::new()
            .route("/exports/{list}", get(api::export))
            .route("/programme-years/{id}/imports", post(pages::import_page).layer(upload_limit()))
            .route("/jobs/{id}", get(pages::job_page))
            .route("/saved-filters", post(pages::save_filter_page))
            .route("/saved-filters/{id}/delete", post(pages::delete_filter_page))
    }

    fn api(&self) -> OpenApiRouter<AppState> {
        OpenApiRouter::new()
            .routes(routes!(api::export))
            .routes(with_upload_limit(routes!(api::import)))
            .routes(routes!(api::job))
            .routes(routes!(api::saved_filters, api::save_filter))
            .routes(routes!(api::delete_filter))
    }
}
