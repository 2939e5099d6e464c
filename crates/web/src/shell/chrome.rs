//! The page frame: what every page shows around its content (navigation from the areas' menus, the
//! language switch, the CSRF token, notices and errors), rendering, the error page, and parts of a
//! page rendered by another area.

use crate::shell::error::WebError;
use crate::shell::http::urlencode;
use crate::shell::state::{Ctx, Menu};
use app::Translator;
use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::Language;

pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub active: bool,
}

/// What every page shows around its content.
pub struct Chrome {
    pub t: Translator,
    pub lang: &'static str,
    pub csrf: String,
    pub path: String,
    pub user: Option<String>,
    pub nav: Vec<NavItem>,
    pub languages: Vec<(&'static str, &'static str)>,
    pub notice: Option<String>,
    pub errors: Vec<String>,
    /// Refused fields of the form on this page: the message and the `#id` of the field it names,
    /// so that each error takes the reader to what it is about.
    pub field_errors: Vec<(String, String)>,
}

impl Chrome {
    pub fn new(ctx: &Ctx) -> Chrome {
        let t = ctx.t;
        let mut nav = Vec::new();
        if let Some(actor) = &ctx.actor {
            let current = ctx.path.split('?').next().unwrap_or("");
            let mut add = |href: &'static str, key: &str| {
                nav.push(NavItem {
                    href,
                    label: t.t(key),
                    active: current == href || current.starts_with(&format!("{href}/")),
                })
            };
            let mut menu = Menu::default();
            for area in ctx.areas {
                area.menu(actor, &mut menu);
            }
            for (href, key) in menu.entries {
                add(href, key);
            }
            // `/placement/requests` is within `/placement`: only the nearest item is current.
            let nearest = nav.iter().filter(|n| n.active).map(|n| n.href.len()).max();
            for item in &mut nav {
                item.active = item.active && Some(item.href.len()) == nearest;
            }
        }
        Chrome {
            t,
            lang: ctx.language().tag(),
            csrf: ctx.csrf_token.clone(),
            path: ctx.path.clone(),
            user: ctx.actor.as_ref().map(|a| a.display_name.clone()),
            nav,
            languages: Language::ALL.iter().map(|l| (l.tag(), l.native_name())).collect(),
            notice: ctx.notice.clone(),
            errors: Vec::new(),
            field_errors: Vec::new(),
        }
    }
    /// The page's notice; without one, the notice a form's redirect brought stays.
    pub(crate) fn with_notice(mut self, notice: Option<String>) -> Chrome {
        self.notice = notice.or(self.notice);
        self
    }
}

pub(crate) fn render(ctx: &Ctx, status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template");
            (StatusCode::INTERNAL_SERVER_ERROR, ctx.t.t("error-internal")).into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "shell/error.html")]
struct ErrorPage {
    c: Chrome,
    message: String,
}

/// A moment as staff and account pages show it when it has no place of its own: to the minute, in UTC,
/// saying so (`2026-12-03 10:20 UTC`).
pub fn utc_minute(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!("{} {:02}:{:02} UTC", at.date(), at.hour(), at.minute())
}

pub fn error_page(ctx: &Ctx, error: &WebError) -> Response {
    if error.status == StatusCode::UNAUTHORIZED && error.code == "unauthenticated" {
        return Redirect::to(&format!("/login?next={}", urlencode(&ctx.path))).into_response();
    }
    let mut c = Chrome::new(ctx);
    c.errors = ctx.field_messages(&error.fields);
    let page = ErrorPage { message: error.message_in(&ctx.t), c };
    let mut response = render(ctx, error.status, &page);
    if let Some(secs) = error.retry_after
        && let Ok(v) = secs.to_string().parse()
    {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

/// A part of a page rendered by another area's template, to be inserted as it is. A template
/// that fails is logged and shows nothing rather than taking the page down.
pub fn part_html(part: &impl Template) -> String {
    part.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "template part");
        String::new()
    })
}
