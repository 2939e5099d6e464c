//! The dashboard and the records lists: participants, applications, contracting organisations, missions, prefectures.

mod api;
mod pages;

use crate::shell::state::Menu;
use crate::shell::{AppState, Area};
use axum::Router;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Debug)]
pub struct Records;

impl Area for Records {
    fn pages(&self) -> Router<AppState> {
        Router::new()
            .route("/dashboard", get(pages::dashboard))
            .route("/participants", get(pages::participants))
            .route("/participants/{id}", get(pages::participant))
            .route("/applications", get(pages::applications))
            .route("/organisations", get(pages::organisations))
            .route("/missions", get(pages::missions))
    }

    fn api(&self) -> OpenApiRouter<AppState> {
        OpenApiRouter::new()
            .routes(routes!(api::dashboard))
            .routes(routes!(api::participants))
            .routes(routes!(api::participant))
            .routes(routes!(api::applications))
            .routes(routes!(api::organisations))
            .routes(routes!(api::missions))
            .routes(routes!(api::prefectures))
    }

    fn menu(&self, actor: &app::Actor, menu: &mut Menu) {
        menu.add("/dashboard", "nav-dashboard");
        if actor.participant_scope().is_ok() {
            menu.add("/participants", "nav-participants");
        }
        if actor.application_scope().is_ok() {
            menu.add("/applications", "nav-applications");
        }
        if actor.organisation_scope().is_ok() {
            menu.add("/organisations", "nav-organisations");
        }
        if actor.mission_scope().is_ok() {
            menu.add("/missions", "nav-missions");
        }
    }
}
