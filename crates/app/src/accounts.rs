//! Logging in and out, sessions, personal API tokens, password resets and the interface language.

use crate::access::Account;
use crate::actor::{Actor, Credential};
use crate::error::{AppError, AppResult};
use crate::i18n::{Arg, Translator};
use crate::security::{self, Password};
use crate::{App, mail};
use domain::{ApiTokenId, Email, Language, PersonId, ShortText, UserId};
use serde_json::json;
use store::audit::{AuditEntry, Outcome};
use store::{Tx, auth, users};
use time::{Duration, OffsetDateTime};

/// Prefixes say what a secret is when it turns up somewhere it should not (a log, a ticket).
pub const SESSION_PREFIX: &str = "kks_";
pub const API_TOKEN_PREFIX: &str = "kkt_";
const RESET_PREFIX: &str = "kkr_";
pub const DEVICE_PREFIX: &str = "kkd_";

/// A device that signed in to an account is remembered this long after its last sign-in.
pub const DEVICE_REMEMBERED: Duration = Duration::days(365);

/// One rate limit: at most `max` failed attempts under `key` (a digest) in the window.
struct Limit {
    key: String,
    max: i64,
}

/// A new session: the cookie's value and the CSRF token its forms must carry.
#[derive(Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub actor: Actor,
    pub expires_at: OffsetDateTime,
    /// A new "known device" cookie value, when the device signing in was not known to the
    /// account yet (see [`App::login`]).
    pub device_token: Option<String>,
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
    /// time. `client` is the caller's network address; `device` the "known device" cookie, if any.
    ///
    /// Three limits hold, each over `login_window`: `login_attempts` failures for one address
    /// from one client; four times that from one client over all addresses (offices share an
    /// address); and ten times that for one address from anywhere, which a device that signed in
    /// to that account before is not held by. So guesses from elsewhere cannot lock the owner
    /// out of their own devices, and no client gets more than a few guesses at any address.
    ///
    /// The attempt is counted and reserved (recorded as failed) in one write transaction BEFORE
    /// the slow password check, holding the limits' keys: concurrent attempts see each other's
    /// reservations, so no more passwords are checked than the limits allow. A right password
    /// then marks its reservation succeeded.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        client: &str,
        device: Option<&str>,
    ) -> AppResult<NewSession> {
        let email = Email::parse(email)?;
        let password = Password::offered(password);
        let now = self.now();
        let device_hash = device.filter(|d| d.starts_with(DEVICE_PREFIX)).map(security::digest);
        let attempts = self.config.login_attempts;

        let mut tx = self.store.write().await?;
        let user = users::user_by_email(&mut tx, &email).await?;
        let known_device = match (&user, &device_hash) {
            (Some(user), Some(device)) => {
                auth::is_known_device(&mut tx, device, user.id(), now - DEVICE_REMEMBERED).await?
            }
            _ => false,
        };
        let mut limits = vec![
            Limit { key: security::digest(&format!("login-email-client:{email}\n{client}")), max: attempts },
            Limit { key: security::digest(&format!("login-client:{client}")), max: attempts * 4 },
        ];
        if !known_device {
            limits.push(Limit { key: security::digest(&format!("login-email:{email}")), max: attempts * 10 });
        }
        let reserved = self.reserve_attempt(&mut tx, &limits, now).await?;
        tx.commit().await?;

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
        let user = match (verified, user) {
            (true, Some(user)) => user,
            (_, user) => {
                // The reservation stays a failure. One refusal audited per password checked.
                let mut refused =
                    entry(None, "session.login", "user", user.map(|u| u.id.to_string()).unwrap_or_else(|| "-".into()));
                refused.outcome = Outcome::Denied;
                store::audit::record(&mut tx, &refused, now).await?;
                tx.commit().await?;
                return Err(AppError::BadCredentials);
            }
        };
        auth::mark_login_attempts_succeeded(&mut tx, &reserved).await?;
        let token = security::random_token(SESSION_PREFIX)?;
        let csrf_token = security::random_token("")?;
        let id_hash = security::digest(&token);
        let expires_at = now + self.config.session_idle;
        auth::insert_session(&mut tx, &id_hash, user.id(), &csrf_token, now, expires_at).await?;
        let device_token = match (&device_hash, known_device) {
            (Some(device), true) => {
                auth::touch_known_device(&mut tx, device, now).await?;
                None
            }
            _ => {
                let device = security::random_token(DEVICE_PREFIX)?;
                auth::insert_known_device(&mut tx, &security::digest(&device), user.id(), now).await?;
                Some(device)
            }
        };
        self.audit_done(&mut tx, entry(Some(user.id()), "session.login", "user", user.id)).await?;
        let actor =
            load_actor(&mut tx, user.id(), Credential::Session { id_hash, csrf_token: csrf_token.clone() }).await?;
        tx.commit().await?;
        Ok(NewSession { token, csrf_token, actor, expires_at, device_token })
    }

    /// Counts the failed attempts under each limit's key and, unless one is reached, records this
    /// attempt as failed under every key: in the caller's write transaction, holding the keys
    /// until it ends (see `store::auth::hold_attempt_keys`), so that concurrent attempts are
    /// counted one after the other. The ids of the attempt's records, to mark them succeeded.
    async fn reserve_attempt(&self, tx: &mut Tx, limits: &[Limit], now: OffsetDateTime) -> AppResult<Vec<i64>> {
        let keys: Vec<&str> = limits.iter().map(|l| l.key.as_str()).collect();
        auth::hold_attempt_keys(tx, &keys).await?;
        let since = now - self.config.login_window;
        for limit in limits {
            if auth::failed_logins_since(tx, &limit.key, since).await? >= limit.max {
                return Err(AppError::RateLimited {
                    retry_after_secs: self.config.login_window.whole_seconds().unsigned_abs(),
                });
            }
        }
        let mut reserved = Vec::with_capacity(limits.len());
        for limit in limits {
            reserved.push(auth::record_login_attempt(tx, &limit.key, now, false).await?);
        }
        Ok(reserved)
    }

    /// The limits on password-reset mails (every request counts): `login_attempts` per address
    /// and four times that per client, over `login_window`. The owner is not locked out by them:
    /// the links already mailed to them work.
    fn reset_limits(&self, email: &Email, client: &str) -> [Limit; 2] {
        let attempts = self.config.login_attempts;
        [
            Limit { key: security::digest(&format!("reset-email:{email}")), max: attempts },
            Limit { key: security::digest(&format!("reset-client:{client}")), max: attempts * 4 },
        ]
    }

    /// Ends every way into the account but its password: sessions, personal API tokens and the
    /// devices it remembers. After "log out everywhere", a password reset, or an account disabled.
    pub(crate) async fn end_sign_ins(&self, tx: &mut Tx, user: UserId) -> AppResult<serde_json::Value> {
        let now = self.now();
        let sessions = auth::revoke_sessions_of(tx, user, now).await?;
        let tokens = auth::revoke_api_tokens_of(tx, user, now).await?;
        auth::forget_known_devices_of(tx, user).await?;
        Ok(json!({ "sessions_ended": sessions, "api_tokens_ended": tokens }))
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
            let slide = auth::Slide { id_hash, seen: now, expires_at: now + self.config.session_idle };
            self.slides.slide(&self.store, slide).await?;
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

    /// Sends a reset link if the address has an account. The answer is the same either way, so the
    /// form cannot be used to find out who has an account; and so is the work on the request path:
    /// one write transaction that counts and records the request under its limits (per address
    /// and per client, as logins are) and audits it, whether the address has an account or not.
    /// Looking the address up and writing the link and its mail happen after the answer (a task
    /// of their own), so the time of the answer does not tell either.
    pub async fn request_password_reset(&self, email: &str, language: Language, client: &str) -> AppResult<()> {
        let email = Email::parse(email)?;
        let now = self.now();
        let mut tx = self.store.write().await?;
        self.reserve_attempt(&mut tx, &self.reset_limits(&email, client), now).await?;
        let mut e = entry(None, "password.reset-request", "user", "-");
        e.after = Some(json!({ "email_digest": security::digest(email.as_str()) }));
        self.audit_done(&mut tx, e).await?;
        tx.commit().await?;
        let app = self.clone();
        tokio::spawn(async move {
            if let Err(e) = app.mail_reset_link(&email, language).await {
                tracing::error!(error = %e, "could not write a password-reset link");
            }
        });
        Ok(())
    }

    /// Writes a reset link and its mail if the address has an enabled account (nothing otherwise).
    pub async fn mail_reset_link(&self, email: &Email, language: Language) -> AppResult<()> {
        let mut tx = self.store.write().await?;
        let Some(user) = users::user_by_email(&mut tx, email).await?.filter(|u| !u.disabled) else {
            return Ok(());
        };
        let language = if user.language.is_empty() { language } else { user.language() };
        let to = mail::Recipient { name: &user.display_name, email, language };
        self.send_password_link(&mut tx, user.id(), to, "password-reset", self.config.reset_link_valid).await?;
        self.audit_done(&mut tx, entry(Some(user.id()), "password.reset-link", "user", user.id)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Someone registered with an address that has an account already: its owner is told, in
    /// their language, with a link to set a new password should they have forgotten it. The
    /// registration answers as for a new address (see `register_applicant`). These mails count
    /// under the password-reset limits, so registering cannot be used to flood a mailbox.
    pub(crate) async fn mail_registration_attempt(
        &self,
        tx: &mut Tx,
        user: &users::UserRow,
        email: &Email,
        client: &str,
    ) -> AppResult<()> {
        let now = self.now();
        match self.reserve_attempt(tx, &self.reset_limits(email, client), now).await {
            Ok(_) => {}
            // Limited: no mail, and the same answer.
            Err(AppError::RateLimited { .. }) => return Ok(()),
            Err(e) => return Err(e),
        }
        let to = mail::Recipient { name: &user.display_name, email, language: user.language() };
        self.send_password_link(tx, user.id(), to, "register-existing", self.config.reset_link_valid).await?;
        self.audit_done(tx, entry(Some(user.id()), "applicant.register-existing", "user", user.id)).await
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
            "register-existing" => ("mail-register-existing-subject", "mail-register-existing-body"),
            _ => ("mail-reset-subject", "mail-reset-body"),
        };
        let t = Translator::new(to.language);
        let text = t.t_args(body, &[("link", Arg::from(link)), ("hours", Arg::from(hours))]);
        mail::enqueue(self, tx, to, template, &t.t(subject), &text).await
    }

    /// Sets a new password from a reset link, and ends every session, API token and other reset
    /// link of the account.
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
        // Ends the account's other reset links too: the newest link used ends the older ones.
        users::set_password_hash(&mut tx, user, &hash, now).await?;
        // The link reached the address: it is verified.
        store::applying::set_email_verified(&mut tx, user.0, now).await?;
        let ended = self.end_sign_ins(&mut tx, user).await?;
        let mut e = entry(Some(user), "password.reset", "user", user);
        e.after = Some(ended);
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
}

/// What a signed-in caller does on their own account.
impl Account<'_> {
    /// Ends the caller's session.
    pub async fn logout(&self) -> AppResult<()> {
        let actor = self.actor();
        let Credential::Session { id_hash, .. } = &actor.credential else {
            return Ok(());
        };
        let mut tx = self.store.write().await?;
        auth::revoke_session(&mut tx, id_hash, self.now()).await?;
        self.audit_done(&mut tx, entry(Some(actor.user_id), "session.logout", "user", actor.user_id)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends every session and personal API token of the caller, and forgets their devices (after
    /// a lost laptop, say). The number of sessions ended.
    pub async fn logout_everywhere(&self) -> AppResult<u64> {
        let actor = self.actor();
        let mut tx = self.store.write().await?;
        let ended = self.end_sign_ins(&mut tx, actor.user_id).await?;
        let sessions = ended["sessions_ended"].as_u64().unwrap_or(0);
        let mut e = entry(Some(actor.user_id), "session.logout-all", "user", actor.user_id);
        e.after = Some(ended);
        self.audit_done(&mut tx, e).await?;
        tx.commit().await?;
        Ok(sessions)
    }

    /// Creates a personal API token; the token itself is returned this once and never stored.
    pub async fn create_api_token(&self, name: &str) -> AppResult<(ApiTokenView, String)> {
        let actor = self.actor();
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

    pub async fn api_tokens(&self) -> AppResult<Vec<ApiTokenView>> {
        let actor = self.actor();
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

    pub async fn revoke_api_token(&self, id: ApiTokenId) -> AppResult<()> {
        let actor = self.actor();
        let mut tx = self.store.write().await?;
        if auth::revoke_api_token(&mut tx, actor.user_id, id.0, self.now()).await? == 0 {
            return Err(AppError::NotFound);
        }
        self.audit_done(&mut tx, entry(Some(actor.user_id), "api-token.revoke", "api-token", id.0)).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_language(&self, language: Language) -> AppResult<()> {
        let actor = self.actor();
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
