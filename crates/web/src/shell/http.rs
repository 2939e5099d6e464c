//! The request as it travels: cookie and header names, body limits, cookies as Kakehashi sets them,
//! and URL encoding.

use axum_extra::extract::cookie::{Cookie, SameSite};

pub const SESSION_COOKIE: &str = "kakehashi_session";

pub const CSRF_COOKIE: &str = "kakehashi_csrf";

pub const LANGUAGE_COOKIE: &str = "kakehashi_lang";

/// The "known device" cookie: set at a successful login, it lets this browser past the
/// per-address login limit of that account (see `app::App::login`). Random; stored as a digest.
pub const DEVICE_COOKIE: &str = "kakehashi_device";

/// A notice for the page a form's answer redirects to ("2 decisions recorded"), read once: the
/// page that shows it clears it, so a reload shows it no more and repeats nothing.
pub const NOTICE_COOKIE: &str = "kakehashi_notice";

/// A token just made, carried across the redirect after the form to the one page that shows it,
/// once: only to `/account`, for a minute, and forgotten when shown.
pub const NEW_TOKEN_COOKIE: &str = "kakehashi_new_token";

pub const CSRF_HEADER: &str = "x-csrf-token";

pub const CSRF_FIELD: &str = "csrf_token";

/// The known-device cookie a login sets, if it set one: a year, sent only to this site.
pub fn device_cookie(token: Option<String>, secure: bool) -> Option<Cookie<'static>> {
    let mut c = cookie(DEVICE_COOKIE, token?, secure, SameSite::Strict);
    c.set_max_age(time::Duration::days(365));
    Some(c)
}

pub fn cookie(name: &'static str, value: String, secure: bool, same_site: SameSite) -> Cookie<'static> {
    let mut c = Cookie::new(name, value);
    c.set_path("/");
    c.set_http_only(true);
    c.set_same_site(same_site);
    c.set_secure(secure);
    c
}

/// The notice cookie's value back to text (it travels URL-encoded, being any language).
pub fn urldecode(s: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("n={s}")).ok()?.into_iter().next().map(|(_, v)| v)
}

pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)]).map(|e| e.trim_start_matches('=').to_owned()).unwrap_or_default()
}

/// The largest request body accepted (forms and JSON); uploads have their own limit.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Uploads: the document limit and room for a multipart envelope.
pub const UPLOAD_LIMIT: usize = app::applying::MAX_DOCUMENT_BYTES + 64 * 1024;
