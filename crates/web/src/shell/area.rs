//! What an area of the web front is: its pages, its API (each operation declared once, route and
//! OpenAPI entry together), the menu entries it offers a person, and what it adds to the
//! applicant's status page. `crate::AREAS` lists the areas; nothing else names them, so an area
//! is added by adding its folder and one line there, and areas never import each other.

use crate::shell::AppState;
use crate::shell::context::Ctx;
use crate::shell::forms::Said;
use app::{Actor, AppError};
use axum::Router;
use axum::response::{IntoResponse, Response};
use std::future::Future;
use std::pin::Pin;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};

/// A future an area hands to the shell (areas are trait objects, so their async hooks are boxed).
pub type Boxed<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One room of the web front.
pub trait Area: Sync + std::fmt::Debug {
    /// Its pages, under paths of its own.
    fn pages(&self) -> Router<AppState>;

    /// Its JSON API under `/api/v1`, each operation's route and OpenAPI entry from one
    /// `#[utoipa::path]`.
    fn api(&self) -> OpenApiRouter<AppState>;

    /// The menu entries it offers this person, in the order they appear.
    fn menu(&self, _actor: &Actor, _menu: &mut Menu) {}

    /// What it shows on the applicant's status page for one of their applications, if anything.
    fn applicant_part<'a>(
        &'a self,
        _shown: &'a ApplicantCard<'a>,
    ) -> Boxed<'a, Result<Option<ApplicantPart>, AppError>> {
        Box::pin(async { Ok(None) })
    }

    /// The applicant's status page, shown again after a form on it (with what was done or what
    /// was refused). One area owns that page; the others answer `None`.
    fn applicant_page<'a>(
        &'a self,
        _state: &'a AppState,
        _ctx: &'a Ctx,
        _said: &'a Said,
    ) -> Option<Boxed<'a, Response>> {
        None
    }
}

/// The areas the router was built from.
pub type Areas = &'static [&'static dyn Area];

/// The navigation a person sees, built by the areas in turn.
#[derive(Debug, Default)]
pub struct Menu {
    pub(crate) entries: Vec<(&'static str, &'static str)>,
}

impl Menu {
    /// Offers `href`, labelled by the catalogue key `label`.
    pub fn add(&mut self, href: &'static str, label: &'static str) {
        self.entries.push((href, label));
    }
}

/// One application as the applicant's status page shows it, given to each area in turn.
pub struct ApplicantCard<'a> {
    pub state: &'a AppState,
    pub ctx: &'a Ctx,
    pub actor: &'a Actor,
    pub application: &'a app::applying::ApplicationView,
}

/// Where on an application's card a part goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Right under the status and the next step (news that changes what the applicant does).
    Lead,
    /// After the form's completeness (the steps of selection).
    Body,
}

/// A part of an application's card, rendered by the area that owns it.
pub struct ApplicantPart {
    pub place: Place,
    pub html: String,
}

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
    axum::extract::DefaultBodyLimit::max(crate::shell::state::UPLOAD_LIMIT)
}

/// An API operation that takes an upload, with the upload's body limit.
pub fn with_upload_limit(
    (schemas, paths, method_router): UtoipaMethodRouter<AppState>,
) -> UtoipaMethodRouter<AppState> {
    (schemas, paths, method_router.layer(upload_limit()))
}
