//! Files as answers: a stored document, a spreadsheet export and a calendar entry, each with its
//! type and a safe file name.

use app::bulk::Format;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// A stored document as a download: its detected type, never sniffed by the browser, always as
/// an attachment with a safe file name.
pub fn document_response(row: &store::applying::DocumentRow, bytes: Vec<u8>) -> Response {
    let safe: String = row
        .file_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' { c } else { '_' })
        .collect();
    let disposition = format!("attachment; filename=\"{safe}\"");
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&row.content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

/// An iCalendar body as a download.
pub fn calendar_response(ics: String) -> Response {
    let mut response = ics.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"interview.ics\""));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

/// An exported list as a download: `{stem}.csv` or `{stem}.xlsx`, never cached.
pub(crate) fn sheet_response(format: Format, stem: &str, bytes: Vec<u8>) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    let name = format!("attachment; filename=\"{stem}.{}\"", format.extension());
    if let Ok(v) = HeaderValue::from_str(&name) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}
