//! Form helpers every area uses: repeated fields, ids and values read from a form, uploads read
//! from a multipart form, and the answers for an upload that is too large.

use crate::shell::chrome::Chrome;
use crate::shell::failure::Failure;
use crate::shell::state::{Ctx, Said};
use app::AppError;
use axum::response::{IntoResponse, Response};
use domain::FieldError;
use serde::Deserialize;

/// A page re-shown with the refused inputs listed (422), for forms.
pub fn invalid_or_fail(ctx: &Ctx, error: AppError) -> Failure {
    ctx.fail(error)
}

#[derive(Deserialize)]
pub struct Empty {}

pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub(crate) fn too_large(ctx: &Ctx) -> Response {
    let limit =
        domain::FieldError::with_limit("file", "error-file-too-large", app::applying::MAX_DOCUMENT_BYTES as u64);
    ctx.fail(AppError::Invalid(vec![limit])).into_response()
}

/// The fields of an upload form: its CSRF token, the kind, and the file with its name. `Err` when
/// the body broke off or passed the limit.
pub(crate) async fn read_upload(
    multipart: &mut axum::extract::Multipart,
) -> Result<(String, String, Option<(String, Vec<u8>)>), ()> {
    let (mut csrf, mut kind, mut file) = (String::new(), String::new(), None::<(String, Vec<u8>)>);
    while let Some(field) = multipart.next_field().await.map_err(|_| ())? {
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.map_err(|_| ())?;
        match name.as_str() {
            "csrf_token" => csrf = String::from_utf8_lossy(&bytes).into_owned(),
            "kind" => kind = String::from_utf8_lossy(&bytes).into_owned(),
            "file" => file = Some((file_name.unwrap_or_default(), bytes.to_vec())),
            _ => {}
        }
    }
    Ok((csrf, kind, file))
}

/// A form's fields as sent, repeated names included (checkbox lists).
pub(crate) type Fields = Vec<(String, String)>;

pub(crate) fn values<'a>(fields: &'a [(String, String)], name: &'a str) -> impl Iterator<Item = &'a str> {
    fields.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The last value of a field, trimmed; empty when absent.
pub(crate) fn value(fields: &[(String, String)], name: &str) -> String {
    values(fields, name).last().unwrap_or("").trim().to_owned()
}

/// The record ids a form names under `name` (checkboxes, hidden fields).
pub(crate) fn ids(fields: &[(String, String)], name: &str) -> Result<Vec<i64>, FieldError> {
    values(fields, name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| v.parse().map_err(|_| FieldError::new(name, "error-number-invalid")))
        .collect()
}

pub(crate) fn one_id(fields: &[(String, String)], name: &str) -> Result<i64, FieldError> {
    ids(fields, name)?.last().copied().ok_or_else(|| FieldError::new(name, "error-required"))
}

impl Said {
    pub fn refused(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Done: back to `path` (built by the handler, never from input) with the notice, so that a
    /// reload repeats nothing; refused: `None`, and the form is shown again with what was refused.
    pub fn done(&self, state: &crate::shell::AppState, path: &str) -> Option<Response> {
        (!self.refused()).then(|| {
            crate::shell::redirect::done(path, self.notice.as_deref().unwrap_or(""), state.config.secure_cookies)
        })
    }

    /// The page's chrome; `path` is the page's own address, where the language switch returns
    /// (a page shown after a POST would otherwise send it back to a form's action).
    pub fn chrome(&self, ctx: &Ctx, path: String) -> Chrome {
        let mut c = Chrome::new(ctx).with_notice(self.notice.clone());
        c.errors = self.errors.clone();
        c.path = path;
        c
    }
}
