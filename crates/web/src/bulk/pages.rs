//! The bulk area's pages: an import's form and progress page, and saving and deleting filters from
//! a list's tools.

use crate::shell::AppState;
use crate::shell::chrome::{Chrome, render};
use crate::shell::context::{Signed, SignedForm};
use crate::shell::error::WebError;
use crate::shell::state::Ctx;
use app::AppError;
use app::bulk::JobView;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{JobId, ProgrammeYearId, SavedFilterId};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct SaveFilterForm {
    list: String,
    name: String,
    #[serde(default)]
    query: String,
}

/// The list page's "save this filter" form: back to the list with the filter applied.
pub async fn save_filter_page(
    State(state): State<AppState>,
    SignedForm(form, ctx, actor): SignedForm<SaveFilterForm>,
) -> Response {
    match state.app.account(&actor).save_filter(&form.list, &form.name, &form.query).await {
        Ok(()) => {
            let back = format!("/{}?{}", form.list, form.query.trim().trim_start_matches('?'));
            crate::shell::redirect::to_same_site(Some(&back), "/dashboard").into_response()
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct DeleteFilterForm {
    list: String,
}

pub async fn delete_filter_page(
    State(state): State<AppState>,
    Path(id): Path<SavedFilterId>,
    SignedForm(form, ctx, actor): SignedForm<DeleteFilterForm>,
) -> Response {
    if !app::bulk::LISTS.contains(&form.list.as_str()) {
        return ctx.fail(AppError::field("list", "error-list-invalid")).into_response();
    }
    match state.app.account(&actor).delete_filter(id).await {
        Ok(()) => Redirect::to(&format!("/{}", form.list)).into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "bulk/job.html")]
struct JobPage {
    c: Chrome,
    job: JobView,
    progress: String,
    imported: Option<i64>,
    skipped: Option<i64>,
}

/// A job's progress page; while it runs, htmx reloads the progress part every second.
pub async fn job_page(State(state): State<AppState>, Signed { ctx, actor }: Signed, Path(id): Path<JobId>) -> Response {
    match state.app.account(&actor).job(id).await {
        Ok(job) => {
            let result: Option<serde_json::Value> =
                job.job.result_json.as_deref().and_then(|r| serde_json::from_str(r).ok());
            let count = |k: &str| result.as_ref().and_then(|r| r.get(k)).and_then(serde_json::Value::as_i64);
            let progress = ctx.t.t_args(
                "job-progress",
                &[("done", app::i18n::Arg::from(job.job.done)), ("total", app::i18n::Arg::from(job.job.total))],
            );
            let page =
                JobPage { c: Chrome::new(&ctx), progress, imported: count("imported"), skipped: count("skipped"), job };
            render(&ctx, StatusCode::OK, &page)
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// The import form of the screening board: a file (and the mission), then the progress page.
pub async fn import_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<ProgrammeYearId>,
    mut multipart: axum::extract::Multipart,
) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    let (mut csrf, mut mission, mut file) = (String::new(), None, Vec::new());
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_owned();
                let Ok(bytes) = field.bytes().await else { return crate::shell::forms::too_large(&ctx) };
                match name.as_str() {
                    "csrf_token" => csrf = String::from_utf8_lossy(&bytes).into_owned(),
                    "mission" => mission = String::from_utf8_lossy(&bytes).trim().parse().ok(),
                    "file" => file = bytes.to_vec(),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(_) => return crate::shell::forms::too_large(&ctx),
        }
    }
    if !app::security::constant_time_eq(&csrf, &ctx.csrf_token) {
        return ctx.fail(WebError::csrf()).into_response();
    }
    match async { state.app.selecting(actor, "application.import").await?.start_import(id, mission, &file).await }.await
    {
        Ok(job) => Redirect::to(&format!("/jobs/{}", job.job.id)).into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}
