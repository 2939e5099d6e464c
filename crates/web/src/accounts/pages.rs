//! The accounts area's pages: log in and out, the language switch, password reset by mail, and the
//! account page with sessions and personal API tokens.

use crate::shell::AppState;
use crate::shell::chrome::{Chrome, render, utc_minute};
use crate::shell::context::{CsrfForm, Signed, SignedForm};
use crate::shell::error::WebError;
use crate::shell::forms::Empty;
use crate::shell::http::{DEVICE_COOKIE, LANGUAGE_COOKIE, NEW_TOKEN_COOKIE, SESSION_COOKIE, cookie, device_cookie};
use crate::shell::redirect;
use crate::shell::state::Ctx;
use app::AppError;
use app::security::PASSWORD_MIN;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{CookieJar, SameSite};
use domain::ApiTokenId;
use domain::Language;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
    expired: Option<String>,
    out: Option<String>,
    reset: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    c: Chrome,
    next: String,
    email: String,
}

/// Only paths of this site may be a redirect target (see [`crate::redirect`]).
fn safe_next(next: Option<&str>) -> String {
    next.and_then(crate::shell::redirect::same_site_path).unwrap_or("/dashboard").to_owned()
}

pub async fn login_page(ctx: Ctx, Query(q): Query<LoginQuery>) -> Response {
    if ctx.actor.is_some() {
        return Redirect::to("/dashboard").into_response();
    }
    let notice = if q.expired.is_some() {
        Some(ctx.t.t("login-session-expired"))
    } else if q.out.is_some() {
        Some(ctx.t.t("logged-out"))
    } else if q.reset.is_some() {
        Some(ctx.t.t("reset-done"))
    } else {
        None
    };
    let page = LoginPage {
        c: Chrome::new(&ctx).with_notice(notice),
        next: safe_next(q.next.as_deref()),
        email: String::new(),
    };
    render(&ctx, StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn login_submit(
    State(state): State<AppState>,
    jar: CookieJar,
    CsrfForm(form, ctx): CsrfForm<LoginForm>,
) -> Response {
    let device = jar.get(DEVICE_COOKIE).map(|c| c.value().to_owned());
    match state.app.login(&form.email, &form.password, &ctx.client, device.as_deref()).await {
        Ok(session) => {
            let mut c = cookie(SESSION_COOKIE, session.token, state.config.secure_cookies, SameSite::Strict);
            c.set_max_age(time::Duration::hours(12));
            let lang = cookie(
                LANGUAGE_COOKIE,
                session.actor.language.tag().to_owned(),
                state.config.secure_cookies,
                SameSite::Lax,
            );
            let mut jar = jar.add(c).add(lang);
            if let Some(d) = device_cookie(session.device_token, state.config.secure_cookies) {
                jar = jar.add(d);
            }
            (jar, Redirect::to(&safe_next(form.next.as_deref()))).into_response()
        }
        Err(e @ (AppError::BadCredentials | AppError::RateLimited { .. } | AppError::Invalid(_))) => {
            let error = WebError::from(e);
            let status = error.status;
            let mut c = Chrome::new(&ctx);
            c.errors = if error.fields.is_empty() {
                vec![error.message_in(&ctx.t)]
            } else {
                ctx.field_messages(&error.fields)
            };
            let page = LoginPage { c, next: safe_next(form.next.as_deref()), email: form.email };
            let mut response = render(&ctx, status, &page);
            if let Some(secs) = error.retry_after
                && let Ok(v) = secs.to_string().parse()
            {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            response
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn logout(State(state): State<AppState>, jar: CookieJar, CsrfForm(_, ctx): CsrfForm<Empty>) -> Response {
    if let Some(actor) = &ctx.actor
        && let Err(e) = state.app.account(actor).logout().await
    {
        return ctx.fail(e).into_response();
    }
    (jar.remove(axum_extra::extract::cookie::Cookie::build(SESSION_COOKIE).path("/")), Redirect::to("/login?out=1"))
        .into_response()
}

#[derive(Deserialize)]
pub struct LanguageForm {
    language: String,
    back: Option<String>,
}

/// Switches the interface language: remembered in a cookie, and in the account when signed in.
pub async fn switch_language(
    State(state): State<AppState>,
    jar: CookieJar,
    CsrfForm(form, ctx): CsrfForm<LanguageForm>,
) -> Response {
    let Some(language) = Language::from_tag(&form.language) else {
        return ctx.fail(AppError::field("language", "error-language-invalid")).into_response();
    };
    if let Some(actor) = &ctx.actor
        && let Err(e) = state.app.account(actor).set_language(language).await
    {
        return ctx.fail(e).into_response();
    }
    let mut c = cookie(LANGUAGE_COOKIE, language.tag().to_owned(), state.config.secure_cookies, SameSite::Lax);
    c.set_max_age(time::Duration::days(365));
    (jar.add(c), Redirect::to(&safe_next(form.back.as_deref()))).into_response()
}

#[derive(Template)]
#[template(path = "accounts/reset_request.html")]
struct ResetRequestPage {
    c: Chrome,
    sent: bool,
}

#[derive(Deserialize, Default)]
pub struct SentQuery {
    sent: Option<String>,
}

pub async fn reset_request_page(ctx: Ctx, Query(q): Query<SentQuery>) -> Response {
    render(&ctx, StatusCode::OK, &ResetRequestPage { c: Chrome::new(&ctx), sent: q.sent.is_some() })
}

#[derive(Deserialize)]
pub struct ResetRequestForm {
    email: String,
}

pub async fn reset_request_submit(
    State(state): State<AppState>,
    CsrfForm(form, ctx): CsrfForm<ResetRequestForm>,
) -> Response {
    match state.app.request_password_reset(&form.email, ctx.language(), &ctx.client).await {
        Ok(()) => {}
        Err(e @ AppError::RateLimited { .. }) => {
            let error = WebError::from(e);
            let mut c = Chrome::new(&ctx);
            c.errors = vec![error.message_in(&ctx.t)];
            let mut response = render(&ctx, error.status, &ResetRequestPage { c, sent: false });
            if let Some(secs) = error.retry_after
                && let Ok(v) = secs.to_string().parse()
            {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return response;
        }
        Err(e) => return ctx.fail(e).into_response(),
    }
    // After the form, a redirect: a reload sends no second mail.
    let hours = state.app.config.reset_link_valid.whole_hours();
    redirect::done(
        "/password-reset?sent=1",
        &ctx.t.n("reset-request-sent", "hours", &hours),
        state.config.secure_cookies,
    )
}

#[derive(Template)]
#[template(path = "accounts/reset_confirm.html")]
struct ResetConfirmPage {
    c: Chrome,
    token: String,
    valid: bool,
    min: i64,
}

pub async fn reset_confirm_page(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> Response {
    match state.app.password_reset_is_valid(&token).await {
        Ok(valid) => {
            let status = if valid { StatusCode::OK } else { StatusCode::GONE };
            render(&ctx, status, &ResetConfirmPage { c: Chrome::new(&ctx), token, valid, min: PASSWORD_MIN as i64 })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ResetForm {
    password: String,
}

pub async fn reset_confirm_submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    CsrfForm(form, ctx): CsrfForm<ResetForm>,
) -> Response {
    match state.app.complete_password_reset(&token, &form.password).await {
        Ok(()) => Redirect::to("/login?reset=1").into_response(),
        Err(AppError::Invalid(fields)) => {
            let mut c = Chrome::new(&ctx);
            c.errors = ctx.field_messages(&fields);
            render(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                &ResetConfirmPage { c, token, valid: true, min: PASSWORD_MIN as i64 },
            )
        }
        Err(AppError::NotFound) => render(
            &ctx,
            StatusCode::GONE,
            &ResetConfirmPage { c: Chrome::new(&ctx), token, valid: false, min: PASSWORD_MIN as i64 },
        ),
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    c: Chrome,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
}

/// A token as its owner reads it: times as words, never a stored value's debug form.
struct TokenRow {
    id: i64,
    name: String,
    created: String,
    last_used: Option<String>,
    revoked: bool,
}

async fn account_page(
    state: &AppState,
    ctx: &Ctx,
    new_token: Option<String>,
    notice: Option<String>,
    errors: Vec<String>,
) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    match state.app.account(actor).api_tokens().await {
        Ok(tokens) => {
            let mut c = Chrome::new(ctx).with_notice(notice);
            c.errors = errors;
            let tokens = tokens
                .into_iter()
                .map(|t| TokenRow {
                    id: t.id,
                    name: t.name,
                    created: utc_minute(t.created_at),
                    last_used: t.last_used_at.map(utc_minute),
                    revoked: t.revoked,
                })
                .collect();
            render(ctx, StatusCode::OK, &AccountPage { c, tokens, new_token })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn account(State(state): State<AppState>, jar: CookieJar, Signed { ctx, .. }: Signed) -> Response {
    let new_token = jar.get(NEW_TOKEN_COOKIE).map(|c| c.value().to_owned()).filter(|t| !t.is_empty());
    let mut response = account_page(&state, &ctx, new_token.clone(), None, vec![]).await;
    if new_token.is_some() {
        // Shown once: a reload of the page no longer has it.
        let mut gone = new_token_cookie(String::new(), state.config.secure_cookies);
        gone.set_max_age(time::Duration::ZERO);
        if let Ok(value) = gone.encoded().to_string().parse() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

fn new_token_cookie(token: String, secure: bool) -> axum_extra::extract::cookie::Cookie<'static> {
    let mut c = crate::shell::http::cookie(NEW_TOKEN_COOKIE, token, secure, SameSite::Strict);
    c.set_path("/account");
    c.set_max_age(time::Duration::minutes(1));
    c
}

#[derive(Deserialize)]
pub struct TokenForm {
    name: String,
}

pub async fn create_token(State(state): State<AppState>, CsrfForm(form, ctx): CsrfForm<TokenForm>) -> Response {
    let Some(actor) = &ctx.actor else {
        return ctx.fail(AppError::Unauthenticated).into_response();
    };
    match state.app.account(actor).create_api_token(&form.name).await {
        Ok((_, token)) => {
            // After the form, a redirect (a reload makes no second token); the token goes along to
            // the account page in a cookie of its own, to be shown there once.
            let mut response = redirect::done("/account", "", state.config.secure_cookies);
            if let Ok(value) = new_token_cookie(token, state.config.secure_cookies).encoded().to_string().parse() {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            response
        }
        Err(AppError::Invalid(fields)) => {
            let errors = ctx.field_messages(&fields);
            account_page(&state, &ctx, None, None, errors).await
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    Path(id): Path<ApiTokenId>,
    SignedForm(_, ctx, ref actor): SignedForm<Empty>,
) -> Response {
    match state.app.account(actor).revoke_api_token(id).await {
        Ok(()) => redirect::done("/account", &ctx.t.t("token-revoked"), state.config.secure_cookies),
        Err(e) => ctx.fail(e).into_response(),
    }
}

pub async fn logout_everywhere(
    State(state): State<AppState>,
    jar: CookieJar,
    SignedForm(_, ctx, ref actor): SignedForm<Empty>,
) -> Response {
    match state.app.account(actor).logout_everywhere().await {
        Ok(_) => (
            jar.remove(axum_extra::extract::cookie::Cookie::build(SESSION_COOKIE).path("/")),
            Redirect::to("/login?out=1"),
        )
            .into_response(),
        Err(e) => ctx.fail(e).into_response(),
    }
}
