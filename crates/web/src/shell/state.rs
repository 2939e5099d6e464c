//! What every handler can reach: the application, the web configuration, the per-client limits, the
//! areas and the OpenAPI document.

use crate::shell::area::Areas;
use crate::shell::limits;
use app::App;
use std::sync::Arc;

/// The largest request body accepted (forms and JSON); uploads have their own limit.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Uploads: the document limit and room for a multipart envelope.
pub const UPLOAD_LIMIT: usize = app::applying::MAX_DOCUMENT_BYTES + 64 * 1024;

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
