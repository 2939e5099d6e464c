//! Where a browser may be sent after a form: only to a path of this site.
//!
//! `next` (after login) and `back` (after switching language) come from the request, so they are
//! an attacker's to choose. Browsers drop tabs and newlines from a `Location` and read a leading
//! `//` or `/\` as another host, so `/\t/evil.example` leaves the site; a newline made the header
//! invalid and the answer a 500. Every redirect built from request input goes through
//! [`same_site_path`] and [`to_same_site`].

use axum::http::uri::PathAndQuery;
use axum::response::Redirect;

/// The longest path a redirect carries (a list with its filter fits many times over).
const MAX_PATH: usize = 2048;

/// `candidate` when it is a path of this site that a browser reads as such; `None` otherwise.
pub fn same_site_path(candidate: &str) -> Option<&str> {
    let mut chars = candidate.chars();
    let plain_path = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && candidate.len() <= MAX_PATH
        // Only visible ASCII: no control characters, no spaces, no backslashes, nothing a
        // browser would drop or rewrite before it reads the host.
        && candidate.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    (plain_path && candidate.parse::<PathAndQuery>().is_ok()).then_some(candidate)
}

/// The answer to a form that did what it asked: back to the page it came from (`path`, built by
/// the handler, never from input), with what it did as that page's notice. A reload of that page
/// repeats nothing (Post/Redirect/Get).
pub fn done(path: &str, notice: &str, secure: bool) -> axum::response::Response {
    use axum::response::IntoResponse;
    if notice.is_empty() {
        return Redirect::to(path).into_response();
    }
    let mut c = crate::shell::http::cookie(
        crate::shell::http::NOTICE_COOKIE,
        crate::shell::http::urlencode(notice),
        secure,
        axum_extra::extract::cookie::SameSite::Strict,
    );
    c.set_max_age(time::Duration::minutes(1));
    let mut response = Redirect::to(path).into_response();
    if let Ok(value) = c.encoded().to_string().parse() {
        response.headers_mut().append(axum::http::header::SET_COOKIE, value);
    }
    response
}

/// A redirect to `candidate` when it is a path of this site, to `fallback` otherwise.
pub fn to_same_site(candidate: Option<&str>, fallback: &'static str) -> Redirect {
    Redirect::to(candidate.and_then(same_site_path).unwrap_or(fallback))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_this_site_pass() {
        for ok in ["/dashboard", "/applications?q=kim&status=submitted", "/programme-years/3#dates", "/"] {
            assert_eq!(same_site_path(ok), Some(ok), "{ok}");
        }
    }

    #[test]
    fn anything_a_browser_could_read_as_another_site_is_refused() {
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\nSet-Cookie: x=1",
            "https://evil.example/",
            "evil.example",
            "\t//evil.example",
            " /dashboard",
            "/dash board",
            "/da\u{0}sh",
            "/東京",
            "",
        ] {
            assert_eq!(same_site_path(bad), None, "{bad:?}");
        }
        assert_eq!(same_site_path(&format!("/{}", "a".repeat(MAX_PATH))), None, "too long");
    }

    #[test]
    fn a_refused_target_falls_back() {
        let location = |r: Redirect| {
            axum::response::IntoResponse::into_response(r).headers()["location"].to_str().map(str::to_owned)
        };
        assert_eq!(location(to_same_site(Some("/\t/evil.example"), "/dashboard")).ok().as_deref(), Some("/dashboard"));
        assert_eq!(location(to_same_site(Some("/reviews"), "/dashboard")).ok().as_deref(), Some("/reviews"));
        assert_eq!(location(to_same_site(None, "/login")).ok().as_deref(), Some("/login"));
    }
}
