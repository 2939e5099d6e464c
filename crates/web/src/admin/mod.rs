//! Administration: users and their roles, the audit log, and the mail outbox (the development sink).

mod api;
mod pages;

use crate::shell::state::Menu;
use crate::shell::{AppState, Area};
use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Debug)]
pub struct Admin;

impl Area for Admin {
    fn pages(&self) -> Router<AppState> {
        Router::new()
            .route("/admin/users", get(pages::users).post(pages::create_user))
            .route("/admin/users/{id}", get(pages::user))
            .route("/admin/users/{id}/disabled", post(pages::set_disabled))
            .route("/admin/users/{id}/roles", post(pages::grant_role))
            .route("/admin/users/{id}/roles/revoke", post(pages::revoke_role))
            .route("/admin/audit", get(pages::audit))
            .route("/admin/outbox", get(pages::outbox))
            .route("/admin/outbox/{id}", get(pages::mail))
    }

    fn api(&self) -> OpenApiRouter<AppState> {
        OpenApiRouter::new()
            .routes(routes!(api::users, api::create_user))
            .routes(routes!(api::user))
            .routes(routes!(api::set_disabled))
            .routes(routes!(api::grant_role, api::revoke_role))
            .routes(routes!(api::audit))
            .routes(routes!(api::outbox))
            .routes(routes!(api::mail))
    }

    fn menu(&self, actor: &app::Actor, menu: &mut Menu) {
        if actor.holds(domain::Role::SystemAdministrator) {
            menu.add("/admin/users", "nav-users");
            menu.add("/admin/audit", "nav-audit");
            menu.add("/admin/outbox", "nav-outbox");
        }
    }
}
