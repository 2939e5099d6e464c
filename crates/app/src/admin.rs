//! System administration: accounts and roles, the audit log, the mail outbox.

use crate::App;
use crate::access::{Administering, Auditing, MissionRecords, ReadingOutbox};
use crate::error::{AppError, AppResult};
use crate::security::{self, Password};
use domain::{Email, Language, MailId, PersonName, RoleGrant, UserId};
use serde::Serialize;
use serde_json::json;
use store::audit::{AuditEntry, AuditFilter, AuditRow, Outcome};
use store::outbox::{self, MailRow};
use store::users::{self, NewUser, UserRow};
use store::{Tx, programme};
use time::{Duration, OffsetDateTime};

/// A page of a list: at most [`Page::MAX`] rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
}

impl Page {
    pub const MAX: i64 = 200;
    pub const DEFAULT: i64 = 50;
    pub fn new(limit: Option<i64>, offset: Option<i64>) -> Page {
        Page { limit: limit.unwrap_or(Self::DEFAULT).clamp(1, Self::MAX), offset: offset.unwrap_or(0).max(0) }
    }
}

impl Default for Page {
    fn default() -> Self {
        Page::new(None, None)
    }
}

/// A page of rows and the total they come from.
#[derive(Debug, Clone, Serialize)]
pub struct Listing<T> {
    pub rows: Vec<T>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserView {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub language: String,
    pub disabled: bool,
    pub created_at: OffsetDateTime,
    pub roles: Vec<RoleView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    pub role: String,
    pub unit: String,
}

impl RoleView {
    pub fn of(grant: &RoleGrant) -> RoleView {
        RoleView { role: grant.role().as_str().to_owned(), unit: grant.unit().key() }
    }
}

/// What an administrator submits to open an account.
#[derive(Debug, Clone)]
pub struct NewUserInput {
    pub email: String,
    pub display_name: String,
    /// `None`: the user gets a mail with a link to choose a password.
    pub password: Option<String>,
    pub language: Language,
}

fn user_snapshot(row: &UserRow) -> serde_json::Value {
    json!({ "email": row.email, "display_name": row.display_name, "language": row.language, "disabled": row.disabled })
}

async fn user_view(tx: &mut Tx, row: UserRow) -> AppResult<UserView> {
    let grants = users::grants_of(tx, row.id()).await?;
    let roles = grants.iter().map(|g| g.to_grant().map(|g| RoleView::of(&g))).collect::<Result<Vec<_>, _>>()?;
    Ok(UserView {
        id: row.id,
        email: row.email,
        display_name: row.display_name,
        language: row.language,
        disabled: row.disabled,
        created_at: row.created_at,
        roles,
    })
}

impl App {
    pub async fn create_user_unchecked(&self, by: Option<UserId>, input: NewUserInput) -> AppResult<UserView> {
        let mut errors = Vec::new();
        let email = Email::parse(&input.email).map_err(|e| errors.push(e)).ok();
        let name = PersonName::parse("display_name", &input.display_name).map_err(|e| errors.push(e)).ok();
        let password = match input.password.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => Password::new("password", p).map_err(|e| errors.push(e)).ok(),
            None => None,
        };
        let (Some(email), Some(name)) = (email, name) else {
            return Err(AppError::Invalid(errors));
        };
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let hash = match password {
            Some(p) => Some(
                tokio::task::spawn_blocking(move || security::hash_password(&p))
                    .await
                    .map_err(|e| AppError::Internal(format!("password hashing: {e}")))??,
            ),
            None => None,
        };
        let now = self.now();
        let mut tx = self.store.write().await?;
        if users::user_by_email(&mut tx, &email).await?.is_some() {
            return Err(AppError::field("email", "error-email-taken"));
        }
        let new = NewUser {
            email: &email,
            display_name: name.as_str(),
            password_hash: hash.as_deref(),
            language: input.language,
            person_id: None,
        };
        let id = users::insert_user(&mut tx, &new, now).await?;
        if hash.is_some() {
            // An administrator who sets the password vouches for the address.
            store::applying::set_email_verified(&mut tx, id.0, now).await?;
        }
        if hash.is_none() {
            // No password given: the user chooses one through a link that lasts three days.
            let to = crate::mail::Recipient { name: name.as_str(), email: &email, language: input.language };
            self.send_password_link(&mut tx, id, to, "welcome", Duration::days(3)).await?;
        }
        let row = users::user_by_id(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        self.audit_done(
            &mut tx,
            AuditEntry {
                actor: by,
                action: "user.create",
                entity: "user",
                entity_id: id.to_string(),
                unit_key: "-".into(),
                outcome: Outcome::Done,
                before: None,
                after: Some(user_snapshot(&row)),
            },
        )
        .await?;
        let view = user_view(&mut tx, row).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Gives or takes a role; `by` is `None` only for the command line's bootstrap.
    pub async fn change_role(
        &self,
        by: Option<UserId>,
        user: UserId,
        grant: RoleGrant,
        give: bool,
    ) -> AppResult<UserView> {
        let mut tx = self.store.write().await?;
        let row = users::user_by_id(&mut tx, user).await?.ok_or(AppError::NotFound)?;
        let before: Vec<RoleView> = users::grants_of(&mut tx, user)
            .await?
            .iter()
            .map(|g| g.to_grant().map(|g| RoleView::of(&g)))
            .collect::<Result<_, _>>()?;
        if give {
            if !programme::unit_exists(&mut tx, grant.unit()).await? {
                return Err(AppError::field("unit", "error-unit-unknown"));
            }
            match users::insert_grant(&mut tx, user, &grant, by, self.now()).await {
                Err(store::StoreError::Conflict(_)) => {
                    return Err(AppError::field("role", "error-role-held"));
                }
                other => other?,
            };
        } else if users::delete_grant(&mut tx, user, &grant).await? == 0 {
            return Err(AppError::field("role", "error-role-not-held"));
        }
        let view = user_view(&mut tx, row).await?;
        self.audit_done(
            &mut tx,
            AuditEntry {
                actor: by,
                action: if give { "role.grant" } else { "role.revoke" },
                entity: "user",
                entity_id: user.to_string(),
                unit_key: grant.unit().key(),
                outcome: Outcome::Done,
                before: Some(json!({ "roles": before })),
                after: Some(json!({ "roles": view.roles })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(view)
    }
}

/// A unit a role can be held for, named in the reader's language (`key` is what the role form
/// sends back: `mission:3`).
#[derive(Debug, Clone, Serialize)]
pub struct UnitChoice {
    pub key: String,
    /// `mission`, `organisation`, `prefecture` or `company`.
    pub kind: String,
    pub name: String,
}

impl Administering<'_> {
    /// Every unit a role can be held for, named in the caller's language (Japanese where the data
    /// has it, English otherwise): the role form picks from them, and roles show their unit so.
    pub async fn units(&self) -> AppResult<Vec<UnitChoice>> {
        units_named(self.app(), self.actor().language).await
    }

    /// Opens an account (administrators only; the binary's `admin` command uses
    /// [`App::create_user_unchecked`] before any administrator exists).
    pub async fn create_user(&self, input: NewUserInput) -> AppResult<UserView> {
        let actor = self.actor();
        self.create_user_unchecked(Some(actor.user_id), input).await
    }

    pub async fn grant_role(&self, user: UserId, grant: RoleGrant) -> AppResult<UserView> {
        let actor = self.actor();
        self.change_role(Some(actor.user_id), user, grant, true).await
    }

    pub async fn revoke_role(&self, user: UserId, grant: RoleGrant) -> AppResult<UserView> {
        let actor = self.actor();
        self.change_role(Some(actor.user_id), user, grant, false).await
    }

    pub async fn set_user_disabled(&self, user: UserId, disabled: bool) -> AppResult<UserView> {
        let actor = self.actor();
        let mut tx = self.store.write().await?;
        let row = users::user_by_id(&mut tx, user).await?.ok_or(AppError::NotFound)?;
        let before = user_snapshot(&row);
        users::set_disabled(&mut tx, user, disabled).await?;
        if disabled {
            // Every way in ends, API tokens too: enabling the account again revives none of them.
            self.end_sign_ins(&mut tx, user).await?;
        }
        let row = users::user_by_id(&mut tx, user).await?.ok_or(AppError::NotFound)?;
        self.audit_done(
            &mut tx,
            AuditEntry {
                actor: Some(actor.user_id),
                action: if disabled { "user.disable" } else { "user.enable" },
                entity: "user",
                entity_id: user.to_string(),
                unit_key: "-".into(),
                outcome: Outcome::Done,
                before: Some(before),
                after: Some(user_snapshot(&row)),
            },
        )
        .await?;
        let view = user_view(&mut tx, row).await?;
        tx.commit().await?;
        Ok(view)
    }

    pub async fn users(&self, search: Option<&str>, page: Page) -> AppResult<Listing<UserView>> {
        let mut tx = self.store.read().await?;
        let rows = users::list_users(&mut tx, search, page.limit, page.offset).await?;
        let total = users::count(&mut tx, search).await?;
        let mut views = Vec::with_capacity(rows.len());
        for row in rows {
            views.push(user_view(&mut tx, row).await?);
        }
        Ok(Listing { rows: views, total, limit: page.limit, offset: page.offset })
    }

    pub async fn user(&self, user: UserId) -> AppResult<UserView> {
        let mut tx = self.store.read().await?;
        let row = users::user_by_id(&mut tx, user).await?.ok_or(AppError::NotFound)?;
        user_view(&mut tx, row).await
    }

    /// Counts for the administrator's dashboard.
    pub async fn admin_counts(&self) -> AppResult<(i64, i64, i64)> {
        let mut tx = self.store.read().await?;
        let users = users::count(&mut tx, None).await?;
        let audit = store::audit::count(&mut tx, &AuditFilter::default()).await?;
        let mails = outbox::count(&mut tx, &outbox::OutboxFilter::default()).await?;
        Ok((users, audit, mails))
    }
}

/// Every unit a role can be held for, by name in `language` (Japanese where the data has it).
async fn units_named(app: &App, language: Language) -> AppResult<Vec<UnitChoice>> {
    let japanese = language == Language::Ja;
    let mut tx = app.store.read().await?;
    Ok(programme::unit_names(&mut tx)
        .await?
        .into_iter()
        .map(|u| UnitChoice {
            key: format!("{}:{}", u.kind, u.id),
            name: if japanese { u.name_ja } else { u.name_en },
            kind: u.kind,
        })
        .collect())
}

impl Auditing<'_> {
    /// The units audit records name, by name, so that the log shows a unit's name, not its key.
    pub async fn units(&self) -> AppResult<Vec<UnitChoice>> {
        units_named(self.app(), self.actor().language).await
    }

    pub async fn audit_log(&self, filter: &AuditFilter, page: Page) -> AppResult<Listing<AuditRow>> {
        self.refusals_written().await;
        let mut tx = self.store.read().await?;
        let rows = store::audit::list(&mut tx, filter, page.limit, page.offset).await?;
        let total = store::audit::count(&mut tx, filter).await?;
        Ok(Listing { rows, total, limit: page.limit, offset: page.offset })
    }
}

impl ReadingOutbox<'_> {
    pub async fn outbox(&self, filter: &outbox::OutboxFilter, page: Page) -> AppResult<Listing<MailRow>> {
        let mut tx = self.store.read().await?;
        let rows = outbox::list(&mut tx, filter, page.limit, page.offset).await?;
        let total = outbox::count(&mut tx, filter).await?;
        Ok(Listing { rows, total, limit: page.limit, offset: page.offset })
    }

    pub async fn mail(&self, id: MailId) -> AppResult<MailRow> {
        let mut tx = self.store.read().await?;
        outbox::by_id(&mut tx, id).await?.ok_or(AppError::NotFound)
    }
}

impl MissionRecords<'_> {
    /// Missions, for the role form's choices and the API.
    pub async fn missions(&self) -> AppResult<Vec<programme::MissionRow>> {
        let mut tx = self.store.read().await?;
        match self.scope() {
            None => Ok(programme::missions(&mut tx, None).await?),
            Some(own) => {
                let mut out = Vec::new();
                for &id in own {
                    out.extend(programme::missions(&mut tx, Some(id)).await?);
                }
                Ok(out)
            }
        }
    }
}

/// One field an audited change touched, as text: what it was and what it became (`None`: absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field's path in the record (`status`, `form.personal.phone`); the page names it.
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What an audit record's before and after differ in, field by field, in the order the fields
/// come: nested objects by their path, lists of plain values joined. A record made (no before)
/// lists every field it was made with; one removed, every field it had.
pub fn changed_fields(before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    let flat = |raw: Option<&str>| -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(raw) = raw {
            let value = serde_json::from_str::<serde_json::Value>(raw).unwrap_or(serde_json::Value::String(raw.into()));
            flatten("", &value, &mut out);
        }
        out
    };
    let (before, after) = (flat(before), flat(after));
    let mut fields: Vec<&str> = before.iter().map(|(k, _)| k.as_str()).collect();
    for (k, _) in &after {
        if !fields.contains(&k.as_str()) {
            fields.push(k);
        }
    }
    let find = |list: &[(String, String)], field: &str| list.iter().find(|(k, _)| k == field).map(|(_, v)| v.clone());
    fields
        .into_iter()
        .filter_map(|field| {
            let (b, a) = (find(&before, field), find(&after, field));
            (b != a).then(|| FieldChange { field: field.to_owned(), before: b, after: a })
        })
        .collect()
}

fn flatten(path: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value as J;
    let text = |v: &J| match v {
        J::String(s) => s.clone(),
        J::Null => String::new(),
        other => other.to_string(),
    };
    match value {
        J::Object(map) if !map.is_empty() => {
            for (key, v) in map {
                let inner = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                flatten(&inner, v, out);
            }
        }
        J::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            out.push((path.to_owned(), items.iter().map(text).collect::<Vec<_>>().join(", ")));
        }
        other => out.push((path.to_owned(), text(other))),
    }
}

#[cfg(test)]
mod changes_tests {
    use super::*;

    fn change(field: &str, before: Option<&str>, after: Option<&str>) -> FieldChange {
        FieldChange { field: field.into(), before: before.map(Into::into), after: after.map(Into::into) }
    }

    #[test]
    fn only_the_fields_that_changed_are_listed_by_their_path() {
        let before = r#"{"status":"draft","version":3,"form":{"personal":{"phone":"1","address":"x"}},"roles":["a"]}"#;
        let after =
            r#"{"status":"submitted","version":4,"form":{"personal":{"phone":"2","address":"x"}},"roles":["a","b"]}"#;
        assert_eq!(
            changed_fields(Some(before), Some(after)),
            vec![
                change("form.personal.phone", Some("1"), Some("2")),
                change("roles", Some("a"), Some("a, b")),
                change("status", Some("draft"), Some("submitted")),
                change("version", Some("3"), Some("4")),
            ]
        );
    }

    #[test]
    fn a_record_made_or_removed_lists_all_its_fields() {
        assert_eq!(changed_fields(None, Some(r#"{"name":"x"}"#)), vec![change("name", None, Some("x"))]);
        assert_eq!(changed_fields(Some(r#"{"name":"x"}"#), None), vec![change("name", Some("x"), None)]);
        assert_eq!(changed_fields(Some(r#"{"a":1}"#), Some(r#"{"a":1}"#)), vec![], "nothing changed");
        assert_eq!(changed_fields(Some("plain"), Some("other")), vec![change("", Some("plain"), Some("other"))]);
    }
}
