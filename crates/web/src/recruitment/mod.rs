//! Programme years: their dates, eligibility rules and selection rules, their lifecycle, and eligibility checks and overrides.

mod api;
mod pages;

use crate::shell::state::Menu;
use crate::shell::{AppState, Area};
use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Debug)]
pub struct Recruitment;

impl Area for Recruitment {
    fn pages(&self) -> Router<AppState> {
        Router::new()
            .route("/programme-years", get(pages::programme_years).post(pages::create_programme_year))
            .route("/programme-years/{id}", get(pages::programme_year).post(pages::save_programme_year))
            .route("/programme-years/{id}/status", post(pages::advance_programme_year))
    }

    fn api(&self) -> OpenApiRouter<AppState> {
        OpenApiRouter::new()
            .routes(routes!(api::override_eligibility))
            .routes(routes!(api::programme_years, api::create_programme_year))
            .routes(routes!(api::programme_year, api::save_programme_year))
            .routes(routes!(api::advance_programme_year))
            .routes(routes!(api::check_eligibility))
            .routes(routes!(api::open_years))
    }

    fn menu(&self, actor: &app::Actor, menu: &mut Menu) {
        if actor.may(domain::Permission::ManageProgrammeYears) {
            menu.add("/programme-years", "nav-programme-years");
        }
    }
}
