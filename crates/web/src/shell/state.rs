//! What every handler can reach, and what an area is. [`AppState`] (the application, the web
//! configuration, per-client limits, the areas, the OpenAPI document), [`Ctx`] (who is calling, in
//! which language, with which CSRF token) and [`Area`] (one room of the web front: its pages, its
//! API, its menu entries, its part of the applicant's page) live together because each names the
//! others: the state holds the areas, an area is handed the state and the context, and the context
//! carries the areas for the menu. `crate::AREAS` lists the areas; nothing else names them, so an
//! area is added by adding its folder and one line there, and areas never import each other.

use crate::shell::limits;
use app::{Actor, App, AppError, Translator};
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use domain::Language;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (on whenever Kakehashi is served over HTTPS).
    pub secure_cookies: bool,
    /// The public origin (`https://kakehashi.example.org`) when a proxy rewrites `Host`.
    pub public_origin: Option<String>,
    /// What one client may ask at once and be refused ([`limits`]).
    pub limits: limits::ClientLimits,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig { secure_cookies: true, public_origin: None, limits: limits::ClientLimits::default() }
    }
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<WebConfig>,
    pub clients: Arc<limits::Clients>,
    /// The areas the router was built from: the menu and the applicant's page ask them in turn.
    pub areas: Areas,
    /// The OpenAPI document, rendered once from the areas' declarations.
    pub openapi: Arc<str>,
}

#[derive(Debug, Clone)]
pub struct Ctx {
    pub t: Translator,
    pub actor: Option<Actor>,
    pub csrf_token: String,
    /// The path and query of the request, for the language switcher's way back.
    pub path: String,
    pub is_api: bool,
    /// A session cookie came, but its session had ended.
    pub session_expired: bool,
    /// The client's address, for the per-client login limit (never logged).
    pub client: String,
    /// The areas, for the menu and the applicant's page.
    pub areas: Areas,
    /// What the form before this page did ([`crate::shell::http::NOTICE_COOKIE`]).
    pub notice: Option<String>,
}

impl Ctx {
    pub fn language(&self) -> Language {
        self.t.language()
    }
    /// Refused fields as the user reads them, for a form shown again.
    pub fn field_messages(&self, errors: &[domain::FieldError]) -> Vec<String> {
        errors.iter().map(|f| self.t.field_error(f)).collect()
    }
}

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
    /// Its selection (slot, offer, clearance, partner) once past the draft: read once for the
    /// page's next step and handed to the parts, not read again by each.
    pub selection: Option<&'a app::selection::ApplicantSelection>,
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

/// What a form's action came to, for the page shown after it: a notice, or messages (refused
/// fields: 422; someone else's change first: 409). Any other failure is a page of its own.
#[derive(Debug, Default)]
pub struct Said {
    pub notice: Option<String>,
    pub errors: Vec<String>,
    pub status: StatusCode,
}
