//! Files as answers: a stored document, a spreadsheet export and a calendar entry, each with its
//! type and a safe file name.

use app::bulk::Format;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// A stored document as a download: its detected type, never sniffed by the browser, always as
/// an attachment with a safe file name.
pub fn document_response(row: &store::applying::DocumentRow, bytes: Vec<u8>) -> Response {
    stored_document(row, bytes, "attachment")
}

/// A stored document shown in place, in a frame or an image of our own pages (the candidate's
/// file). Only PDF, PNG and JPEG are ever stored (the type comes from the bytes at upload), and
/// the browser may not sniff another; the page may frame it, no other site may.
pub fn document_in_place(row: &store::applying::DocumentRow, bytes: Vec<u8>) -> Response {
    let mut response = stored_document(row, bytes, "inline");
    let headers = response.headers_mut();
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
        ),
    );
    response
}

fn stored_document(row: &store::applying::DocumentRow, bytes: Vec<u8>, disposition: &str) -> Response {
    let safe: String = row
        .file_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' { c } else { '_' })
        .collect();
    let disposition = format!("{disposition}; filename=\"{safe}\"");
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
