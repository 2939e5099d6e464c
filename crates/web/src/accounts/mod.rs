//! Signing in and out, sessions, password resets, the account page and personal API tokens.

mod api;
mod pages;

use crate::shell::state::Menu;
use crate::shell::{AppState, Area};
use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Debug)]
pub struct Accounts;

impl Area for Accounts {
    fn pages(&self) -> Router<AppState> {
        Router::new()
            .route("/login", get(pages::login_page).post(pages::login_submit))
            .route("/logout", post(pages::logout))
            .route("/language", post(pages::switch_language))
            .route("/password-reset", get(pages::reset_request_page).post(pages::reset_request_submit))
            .route("/password-reset/{token}", get(pages::reset_confirm_page).post(pages::reset_confirm_submit))
            .route("/account", get(pages::account))
            .route("/account/tokens", post(pages::create_token))
            .route("/account/tokens/{id}/revoke", post(pages::revoke_token))
            .route("/account/logout-everywhere", post(pages::logout_everywhere))
    }

    fn api(&self) -> OpenApiRouter<AppState> {
        OpenApiRouter::new()
            .routes(routes!(api::login, api::logout))
            .routes(routes!(api::logout_everywhere))
            .routes(routes!(api::me))
            .routes(routes!(api::set_language))
            .routes(routes!(api::tokens, api::create_token))
            .routes(routes!(api::revoke_token))
            .routes(routes!(api::request_reset))
            .routes(routes!(api::complete_reset))
    }

    fn menu(&self, _actor: &app::Actor, menu: &mut Menu) {
        menu.add("/account", "nav-account");
    }
}
