//! Logging in and out, sessions, personal API tokens, password resets and the interface language.

use crate::actor::{Actor, Credential};
use crate::error::{AppError, AppResult};
use crate::i18n::{Arg, Translator};
use crate::security::{self, Password};
use crate::{App, mail};
use domain::{Email, Language, PersonId, ShortText, UserId};
use serde_json::json;
use store::audit::{AuditEntry, Outcome};
use store::{Tx, auth, users};
use time::{Duration, OffsetDateTime};

/// Prefixes say what a secret is when it turns up somewhere it should not (a log, a ticket).
pub const SESSION_PREFIX: &str = "kks_";
pub const API_TOKEN_PREFIX: &str = "kkt_";
const RESET_PREFIX: &str = "kkr_";

/// A new session: the cookie's value and the CSRF token its forms must carry.
#[derive(Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub actor: Actor,
    pub expires_at: OffsetDateTime,
}

impl std::fmt::Debug for NewSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewSession").field("actor", &self.actor.user_id).finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ApiTokenView {
    pub id: i64,
    pub name: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    pub revoked: bool,
}

fn entry(actor: Option<UserId>, action: &'static str, entity: &'static str, id: impl ToString) -> AuditEntry {
    AuditEntry {
        actor,
        action,
        entity,
        entity_id: id.to_string(),
        unit_key: "-".into(),
        outcome: Outcome::Done,
        before: None,
        after: None,
    }
}

/// Loads the user and their roles as an actor; `Unauthenticated` for a missing or disabled user.
pub(crate) async fn load_actor(tx: &mut Tx, user: UserId, credential: Credential) -> AppResult<Actor> {
    let row = users::user_by_id(tx, user).await?.ok_or(AppError::Unauthenticated)?;
    if row.disabled {
        return Err(AppError::Unauthenticated);
    }
    let grants = users::grants_of(tx, user).await?.iter().map(|g| g.to_grant()).collect::<Result<Vec<_>, _>>()?;
    Ok(Actor {
        user_id: row.id(),
        email: Email::parse(&row.email).map_err(|e| AppError::Internal(format!("stored e-mail: {e}")))?,
        display_name: row.display_name.clone(),
        language: row.language(),
        person_id: row.person_id.map(PersonId),
        grants,
        credential,
    })
}

impl App {
    /// Logs in. Wrong address and wrong password look the same to the caller and take the same
    /// time. `client` is the caller's network address, for the per-client rate limit.
    pub async fn login(&self, email: &str, password: &str, client: &str) -> AppResult<NewSession> {
        let email = Email::parse(email)?;
        let password = Password::offered(password);
        let now = self.now();
        let since = now - self.config.login_window;
        let email_key = security::digest(&format!("login-email:{email}"));
        let client_key = security::digest(&format!("login-client:{client}"));

        let mut tx = self.store.read().await?;
        let by_email = auth::failed_logins_since(&mut tx, &email_key, since).await?;
        let by_client = auth::failed_logins_since(&mut tx, &client_key, since).await?;
        // A client gets more tries than one address, since offices share an address.
        if by_email >= self.config.login_attempts || by_client >= self.config.login_attempts * 4 {
            return Err(AppError::RateLimited {
                retry_after_secs: self.config.login_window.whole_seconds().unsigned_abs(),
            });
        }
        let user = users::user_by_email(&mut tx, &email).await?;
        drop(tx);

        let stored = user.as_ref().filter(|u| !u.disabled).and_then(|u| u.password_hash.clone());
        let verified = tokio::task::spawn_blocking(move || match stored {
            Some(hash) => security::verify_password(&password, &hash),
            None => {
                security::dummy_verify(&password);
                false
            }
        })
        .await
        .map_err(|e| AppError::Internal(format!("password check: {e}")))?;

        let mut tx = self.store.write().await?;
        auth::record_login_attempt(&mut tx, &email_key, now, verified).await?;
        auth::record_login_attempt(&mut tx, &client_key, now, verified).await?;
        let user = match (verified, user) {
            (true, Some(user)) => user,
            (_, user) => {
                let mut refused =
                    entry(None, "session.login", "user", user.map(|u| u.id.to_string()).unwrap_or_else(|| "-".into()));
                refused.outcome = Outcome::Denied;
                store::audit::record(&mut tx, &refused, now).await?;
                tx.commit().await?;
                return Err(AppError::BadCredentials);
            }
        };
        let token = security::random_token(SESSION_PREFIX)?;
        let csrf_token = security::random_token("")?;
        let id_hash = security::digest(&token);
        let expires_at = now + self.config.session_idle;
        auth::insert_session(&mut tx, &id_hash, user.id(), &csrf_token, now, expires_at).await?;
        self.audit_done(&mut tx, entry(Some(user.id()), "session.login", "user", user.id)).await?;
        let actor =
            load_actor(&mut tx, user.id(), Credential::Session { id_hash, csrf_token: csrf_token.clone() }).await?;
        tx.commit().await?;
        Ok(NewSession { token, csrf_token, actor, expires_at })
    }

    /// The actor behind a session cookie; slides the idle expiry (at most once a minute, to spare
    /// the database a write per request).
    pub async fn authenticate_session(&self, token: &str) -> AppResult<Actor> {
        if !token.starts_with(SESSION_PREFIX) {
            return Err(AppError::Unauthenticated);
        }
        let id_hash = security::digest(token);
        let now = self.now();
        let mut tx = self.store.read().await?;
        let session = auth::session_by_hash(&mut tx, &id_hash).await?.ok_or(AppError::Unauthenticated)?;
        let live = session.revoked_at.is_none()
            && session.expires_at > now
            && session.created_at + self.config.session_absolute > now;
        if !live {
            return Err(AppError::Unauthenticated);
        }
        let actor = load_actor(
            &mut tx,
            UserId(session.user_id),
            Credential::Session { id_hash: id_hash.clone(), csrf_token: session.csrf_token.clone() },
        )
        .await?;
        drop(tx);
        if now - session.last_seen_at > Duration::minutes(1) {
            let mut tx = self.store.write().await?;
            auth::touch_session(&mut tx, &id_hash, now, now + self.config.session_idle).await?;
            tx.commit().await?;
        }
        Ok(actor)
    }

    /// The actor behind a personal API token.
    pub async fn authenticate_api_token(&self, token: &str) -> AppResult<Actor> {
        if !token.starts_with(API_TOKEN_PREFIX) {
            return Err(AppError::Unauthenticated);
        }
        let mut tx = self.store.read().await?;
        let row = auth::api_token_by_hash(&mut tx, &security::digest(token)).await?.ok_or(AppError::Unauthenticated)?;
        if row.revoked_at.is_some() {
            return Err(AppError::Unauthenticated);
        }
        let actor = load_actor(&mut tx, UserId(row.user_id), Credential::ApiToken { id: row.id }).await?;
        drop(tx);
        let now = self.now();
        if row.last_used_at.is_none_or(|t| now - t > Duration::minutes(1)) {
            let mut tx = self.store.write().await?;
            auth::touch_api_token(&mut tx, row.id, now).await?;
            tx.commit().await?;
        }
        Ok(actor)
    }

    /// Ends the caller's session.
    pub async fn logout(&self, actor: &Actor) -> AppResult<()> {
        let Credential::Session { id_hash, .. } = &actor.credential else {
            return Ok(());
        };
        let mut tx = self.store.write().await?;
        auth::revoke_session(&mut tx, id_hash, self.now()).await?;
        self.audit_done(&mut tx, entry(Some(actor.user_id), "session.logout", "user", actor.user_id)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends every session of the caller (after a lost laptop, say).
    pub async fn logout_everywhere(&self, actor: &Actor) -> AppResult<u64> {
        let mut tx = self.store.write().await?;
        let ended = auth::revoke_sessions_of(&mut tx, actor.user_id, self.now()).await?;
        let mut e = entry(Some(actor.user_id), "session.logout-all", "user", actor.user_id);
        e.after = Some(json!({ "sessions_ended": ended }));
        self.audit_done(&mut tx, e).await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// Creates a personal API token; the token itself is returned this once and never stored.
    pub async fn create_api_token(&self, actor: &Actor, name: &str) -> AppResult<(ApiTokenView, String)> {
        let name = ShortText::parse("name", name)?;
        let token = security::random_token(API_TOKEN_PREFIX)?;
        let now = self.now();
        let mut tx = self.store.write().await?;
        let id = auth::insert_api_token(&mut tx, actor.user_id, name.as_str(), &security::digest(&token), now).await?;
        let mut e = entry(Some(actor.user_id), "api-token.create", "api-token", id);
        e.after = Some(json!({ "name": name.as_str() }));
        self.audit_done(&mut tx, e).await?;
        tx.commit().await?;
        let view = ApiTokenView { id, name: name.into_string(), created_at: now, last_used_at: None, revoked: false };
        Ok((view, token))
    }

    pub async fn api_tokens(&self, actor: &Actor) -> AppResult<Vec<ApiTokenView>> {
        let mut tx = self.store.read().await?;
        let rows = auth::api_tokens_of(&mut tx, actor.user_id).await?;
        Ok(rows
            .into_iter()
            .map(|r| ApiTokenView {
                id: r.id,
                name: r.name,
                created_at: r.created_at,
                last_used_at: r.last_used_at,
                revoked: r.revoked_at.is_some(),
            })
            .collect())
    }

    pub async fn revoke_api_token(&self, actor: &Actor, id: i64) -> AppResult<()> {
        let mut tx = self.store.write().await?;
        if auth::revoke_api_token(&mut tx, actor.user_id, id, self.now()).await? == 0 {
            return Err(AppError::NotFound);
        }
        self.audit_done(&mut tx, entry(Some(actor.user_id), "api-token.revoke", "api-token", id)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sends a reset link if the address has an account. The answer is the same either way, so the
    /// form cannot be used to find out who has an account.
    pub async fn request_password_reset(&self, email: &str, language: Language) -> AppResult<()> {
        let email = Email::parse(email)?;
        let mut tx = self.store.write().await?;
        let Some(user) = users::user_by_email(&mut tx, &email).await?.filter(|u| !u.disabled) else {
            return Ok(());
        };
        let language = if user.language.is_empty() { language } else { user.language() };
        let to = mail::Recipient { name: &user.display_name, email: &email, language };
        self.send_password_link(&mut tx, user.id(), to, "password-reset", self.config.reset_link_valid).await?;
        self.audit_done(&mut tx, entry(Some(user.id()), "password.reset-request", "user", user.id)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Writes a one-time link to set a password, and its mail, inside the caller's transaction.
    pub(crate) async fn send_password_link(
        &self,
        tx: &mut Tx,
        user: UserId,
        to: mail::Recipient<'_>,
        template: &'static str,
        valid_for: Duration,
    ) -> AppResult<()> {
        let token = security::random_token(RESET_PREFIX)?;
        let now = self.now();
        auth::insert_password_reset(tx, &security::digest(&token), user, now, now + valid_for).await?;
        let link = format!("{}/password-reset/{token}", self.config.base_url.trim_end_matches('/'));
        let hours = valid_for.whole_hours();
        let (subject, body) = match template {
            "welcome" => ("mail-welcome-subject", "mail-welcome-body"),
            _ => ("mail-reset-subject", "mail-reset-body"),
        };
        let t = Translator::new(to.language);
        let text = t.t_args(body, &[("link", Arg::from(link)), ("hours", Arg::from(hours))]);
        mail::enqueue(self, tx, to, template, &t.t(subject), &text).await
    }

    /// Sets a new password from a reset link, and ends every session of the account.
    pub async fn complete_password_reset(&self, token: &str, new_password: &str) -> AppResult<()> {
        let password = Password::new("password", new_password)?;
        let hash = tokio::task::spawn_blocking(move || security::hash_password(&password))
            .await
            .map_err(|e| AppError::Internal(format!("password hashing: {e}")))??;
        let now = self.now();
        let token_hash = security::digest(token);
        let mut tx = self.store.write().await?;
        let reset = auth::password_reset_by_hash(&mut tx, &token_hash).await?.ok_or(AppError::NotFound)?;
        if reset.used_at.is_some() || reset.expires_at <= now {
            return Err(AppError::NotFound);
        }
        if auth::use_password_reset(&mut tx, &token_hash, now).await? == 0 {
            return Err(AppError::NotFound);
        }
        let user = UserId(reset.user_id);
        users::set_password_hash(&mut tx, user, &hash).await?;
        // The link reached the address: it is verified.
        store::applying::set_email_verified(&mut tx, user.0, now).await?;
        let ended = auth::revoke_sessions_of(&mut tx, user, now).await?;
        let mut e = entry(Some(user), "password.reset", "user", user);
        e.after = Some(json!({ "sessions_ended": ended }));
        self.audit_done(&mut tx, e).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether a reset link is still usable (for showing the form or an explanation).
    pub async fn password_reset_is_valid(&self, token: &str) -> AppResult<bool> {
        let mut tx = self.store.read().await?;
        let reset = auth::password_reset_by_hash(&mut tx, &security::digest(token)).await?;
        Ok(reset.is_some_and(|r| r.used_at.is_none() && r.expires_at > self.now()))
    }

    pub async fn set_language(&self, actor: &Actor, language: Language) -> AppResult<()> {
        let mut tx = self.store.write().await?;
        users::set_language(&mut tx, actor.user_id, language).await?;
        let mut e = entry(Some(actor.user_id), "user.language", "user", actor.user_id);
        e.before = Some(json!({ "language": actor.language.tag() }));
        e.after = Some(json!({ "language": language.tag() }));
        self.audit_done(&mut tx, e).await?;
        tx.commit().await?;
        Ok(())
    }
}
