//! The applicant's side: registration and e-mail verification, the application form, documents, referees, submitting and withdrawing, and the applicant's status page.

mod api;
mod pages;

use crate::shell::area::{upload_limit, with_upload_limit};
use crate::shell::state::{Boxed, Ctx, Menu, Said};
use crate::shell::{AppState, Area};
use axum::Router;
use axum::response::Response;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Debug)]
pub struct Applying;

impl Area for Applying {
    fn pages(&self) -> Router<AppState> {
        Router::new()
            .route("/register", get(pages::register_page).post(pages::register_submit))
            .route("/my-application", get(pages::my_application))
            .route("/my-application/start", post(pages::start_application))
            .route("/my-application/{id}", get(pages::apply))
            .route("/my-application/{id}/sections/{section}", post(pages::save_section))
            .route("/my-application/{id}/submit", post(pages::submit_application))
            .route("/my-application/{id}/withdraw", post(pages::withdraw_application))
            .route("/my-application/{id}/documents", post(pages::upload_document).layer(upload_limit()))
            .route("/documents/{document}", get(pages::document))
            .route("/documents/{document}/view", get(pages::document_view))
            .route("/my-application/{id}/referees", post(pages::add_referee))
            .route("/referee/{token}", get(pages::referee_page).post(pages::referee_submit).layer(upload_limit()))
            .route("/verify/{token}", get(pages::verify))
            .route("/places/search", get(pages::place_search))
    }

    fn api(&self) -> OpenApiRouter<AppState> {
        OpenApiRouter::new()
            .routes(routes!(api::register))
            .routes(routes!(api::verify))
            .routes(routes!(api::my_applications, api::start_application))
            .routes(routes!(api::my_application))
            .routes(routes!(api::save_section))
            .routes(routes!(api::submit_application))
            .routes(routes!(api::withdraw_application))
            .routes(with_upload_limit(routes!(api::upload_document)))
            .routes(routes!(api::delete_document))
            .routes(routes!(api::document))
            .routes(routes!(api::add_referee))
            .routes(with_upload_limit(routes!(api::referee_upload)))
    }

    fn menu(&self, actor: &app::Actor, menu: &mut Menu) {
        if actor.holds(domain::Role::Applicant) {
            menu.add("/my-application", "my-application-title");
        }
    }

    fn applicant_page<'a>(&'a self, state: &'a AppState, ctx: &'a Ctx, said: &'a Said) -> Option<Boxed<'a, Response>> {
        Some(Box::pin(pages::my_application_page(state, ctx, said.notice.clone(), said.errors.clone(), said.status)))
    }
}
