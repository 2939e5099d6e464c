//! Placement requests of contracting organisations, the national picture, runs of the placement engine, moves, approval, incoming participants, and the placement notice.

mod api;
mod pages;

use crate::shell::state::{ApplicantCard, ApplicantPart, Boxed, Menu};
use crate::shell::{AppState, Area};
use app::AppError;
use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Debug)]
pub struct Placement;

impl Area for Placement {
    fn pages(&self) -> Router<AppState> {
        Router::new()
            .route("/placement", get(pages::national))
            .route("/placement/weights", post(pages::save_weights))
            .route("/placement/requests", get(pages::requests).post(pages::create_request))
            .route("/placement/requests/new", get(pages::new_request))
            .route("/placement/requests/{id}", get(pages::request).post(pages::update_request))
            .route("/placement/requests/{id}/forward", post(pages::forward_request))
            .route("/placement/requests/{id}/change", post(pages::ask_change))
            .route("/placement/runs", post(pages::start_run))
            .route("/placement/runs/{id}", get(pages::run))
            .route("/placement/runs/{id}/approve", post(pages::approve_run))
            .route("/placement/runs/{id}/moves", post(pages::move_candidate))
            .route("/placement/runs/{id}/cost", get(pages::move_cost))
            .route("/placement/runs/{id}/candidates/{application}", get(pages::candidate))
            .route("/placement/compare", get(pages::compare))
            .route("/placement/incoming", get(pages::incoming))
            .route("/my-application/{id}/placement/decline", post(pages::decline_placement))
    }

    fn api(&self) -> OpenApiRouter<AppState> {
        OpenApiRouter::new()
            .routes(routes!(api::requests, api::create_request))
            .routes(routes!(api::request, api::save_request))
            .routes(routes!(api::forward_request))
            .routes(routes!(api::ask_change))
            .routes(routes!(api::picture))
            .routes(routes!(api::weights, api::set_weights))
            .routes(routes!(api::precheck))
            .routes(routes!(api::runs, api::start_run))
            .routes(routes!(api::run))
            .routes(routes!(api::explain))
            .routes(routes!(api::cost))
            .routes(routes!(api::move_candidate))
            .routes(routes!(api::approve))
            .routes(routes!(api::export))
            .routes(routes!(api::compare))
            .routes(routes!(api::incoming))
            .routes(routes!(api::my_placement))
            .routes(routes!(api::decline))
    }

    fn menu(&self, actor: &app::Actor, menu: &mut Menu) {
        if actor.may(domain::Permission::PlaceCandidates) {
            menu.add("/placement", "placement-nav-national");
        }
        if pages::takes_part_in_requests(actor) {
            menu.add("/placement/requests", "placement-nav-requests");
        }
        if actor.holds(domain::Role::CoSupervisor) || actor.holds(domain::Role::PrefecturalAdvisor) {
            menu.add("/placement/incoming", "placement-nav-incoming");
        }
    }

    fn applicant_part<'a>(
        &'a self,
        shown: &'a ApplicantCard<'a>,
    ) -> Boxed<'a, Result<Option<ApplicantPart>, AppError>> {
        Box::pin(pages::applicant_part(shown))
    }
}
