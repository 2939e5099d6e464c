//! The shell every area of the web front lives in: the page frame and navigation
//! ([`chrome`]), the request context with its session, language and CSRF token ([`context`]),
//! errors as pages or JSON ([`error`]), per-client limits ([`limits`]), form, list and file
//! helpers, the map of Japan by prefecture ([`map`]), the OpenAPI document's frame, and the
//! service routes (assets, health, security headers, access log). Areas use the shell and `app`; the shell names no area.

pub mod api;
pub mod area;
pub mod chrome;
pub mod context;
pub mod error;
pub mod failure;
pub mod files;
pub mod forms;
pub mod http;
pub mod layers;
pub mod limits;
pub mod lists;
pub mod map;
pub mod openapi;
pub mod redirect;
pub mod service;
pub mod state;

pub use state::{AppState, Area, Areas, Ctx, WebConfig};
