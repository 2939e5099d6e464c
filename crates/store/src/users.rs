//! Accounts and the roles they hold.

use crate::db::{Conditions, Tx, Value, query};
use crate::error::StoreError;
use domain::{
    CompanyId, Email, Language, MissionId, OrganisationId, PersonId, PrefectureCode, Role, RoleGrant, Unit, UserId,
};
use time::OffsetDateTime;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub language: String,
    pub person_id: Option<i64>,
    pub disabled: bool,
    pub created_at: OffsetDateTime,
}

impl UserRow {
    pub fn id(&self) -> UserId {
        UserId(self.id)
    }
    pub fn language(&self) -> Language {
        Language::from_tag(&self.language).unwrap_or_default()
    }
}

#[derive(Debug)]
pub struct NewUser<'a> {
    pub email: &'a Email,
    pub display_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub language: Language,
    pub person_id: Option<PersonId>,
}

const USER_COLUMNS: &str = "id, email, display_name, password_hash, language, person_id, disabled, created_at";

pub async fn insert_user(tx: &mut Tx, new: &NewUser<'_>, now: OffsetDateTime) -> Result<UserId, StoreError> {
    let id = tx
        .fetch_i64(
            query(
                "INSERT INTO users (email, display_name, password_hash, language, person_id, disabled, created_at) \
                 VALUES ($1, $2, $3, $4, $5, FALSE, $6) RETURNING id",
            )
            .bind(new.email.as_str())
            .bind(new.display_name)
            .bind(new.password_hash)
            .bind(new.language.tag())
            .bind(new.person_id.map(|p| p.0))
            .bind(now),
        )
        .await?;
    Ok(UserId(id))
}

pub async fn user_by_email(tx: &mut Tx, email: &Email) -> Result<Option<UserRow>, StoreError> {
    tx.fetch_optional(query(format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1")).bind(email.as_str())).await
}

/// The accounts of some addresses, by address (mails to many applicants at once).
pub async fn users_by_emails(
    tx: &mut Tx,
    emails: &[String],
) -> Result<std::collections::HashMap<String, UserRow>, StoreError> {
    let mut out = std::collections::HashMap::new();
    for chunk in emails.chunks(5_000) {
        let mut c = Conditions::new();
        c.any_in(&[("email", chunk.iter().map(|e| Value::from(e.clone())).collect())]);
        let rows: Vec<UserRow> =
            tx.fetch_all(c.query(&format!("SELECT {USER_COLUMNS} FROM users"), "", vec![])).await?;
        out.extend(rows.into_iter().map(|u| (u.email.clone(), u)));
    }
    Ok(out)
}

pub async fn user_by_id(tx: &mut Tx, id: UserId) -> Result<Option<UserRow>, StoreError> {
    tx.fetch_optional(query(format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1")).bind(id.0)).await
}

/// Sets the password, and ends every unused reset link of the account with it (whichever way the
/// password changes, an older link must not change it again).
pub async fn set_password_hash(tx: &mut Tx, id: UserId, hash: &str, now: OffsetDateTime) -> Result<(), StoreError> {
    tx.execute(query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(hash).bind(id.0)).await?;
    crate::auth::end_password_resets_of(tx, id, now).await?;
    Ok(())
}

pub async fn set_language(tx: &mut Tx, id: UserId, language: Language) -> Result<(), StoreError> {
    tx.execute(query("UPDATE users SET language = $1 WHERE id = $2").bind(language.tag()).bind(id.0)).await?;
    Ok(())
}

pub async fn set_disabled(tx: &mut Tx, id: UserId, disabled: bool) -> Result<(), StoreError> {
    tx.execute(query("UPDATE users SET disabled = $1 WHERE id = $2").bind(disabled).bind(id.0)).await?;
    Ok(())
}

/// Users whose e-mail or name contains `search`, by id.
pub async fn list_users(
    tx: &mut Tx,
    search: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<Vec<UserRow>, StoreError> {
    let mut c = Conditions::new();
    if let Some(s) = search.filter(|s| !s.trim().is_empty()) {
        c.contains_any(&["email", "display_name"], s.trim());
    }
    let n = c.next_placeholder();
    let q = c.query(
        &format!("SELECT {USER_COLUMNS} FROM users"),
        &format!("ORDER BY id LIMIT ${n} OFFSET ${}", n + 1),
        vec![Value::from(limit), Value::from(offset)],
    );
    tx.fetch_all(q).await
}

/// How many users [`list_users`] pages through for the same `search` (all users without one).
pub async fn count(tx: &mut Tx, search: Option<&str>) -> Result<i64, StoreError> {
    let mut c = Conditions::new();
    if let Some(s) = search.filter(|s| !s.trim().is_empty()) {
        c.contains_any(&["email", "display_name"], s.trim());
    }
    tx.fetch_i64(c.query("SELECT COUNT(*) FROM users", "", vec![])).await
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct GrantRow {
    pub id: i64,
    pub user_id: i64,
    pub role: String,
    pub unit_key: String,
    pub mission_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub prefecture_code: Option<i64>,
    pub company_id: Option<i64>,
    pub granted_by: Option<i64>,
    #[serde(with = "time::serde::rfc3339")]
    pub granted_at: OffsetDateTime,
}

impl GrantRow {
    pub fn to_grant(&self) -> Result<RoleGrant, StoreError> {
        let role = Role::parse(&self.role)?;
        let unit = match (self.mission_id, self.organisation_id, self.prefecture_code, self.company_id) {
            (Some(m), None, None, None) => Unit::Mission(MissionId(m)),
            (None, Some(o), None, None) => Unit::Organisation(OrganisationId(o)),
            (None, None, Some(p), None) => Unit::Prefecture(PrefectureCode::new(p)?),
            (None, None, None, Some(c)) => Unit::Company(CompanyId(c)),
            (None, None, None, None) => Unit::None,
            _ => {
                return Err(StoreError::Corrupt(format!("role grant {} names more than one unit", self.id)));
            }
        };
        Ok(RoleGrant::new(role, unit)?)
    }
}

pub async fn insert_grant(
    tx: &mut Tx,
    user: UserId,
    grant: &RoleGrant,
    granted_by: Option<UserId>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let unit = grant.unit();
    let (mission, organisation, prefecture, company) = match unit {
        Unit::None => (None, None, None, None),
        Unit::Mission(m) => (Some(m.0), None, None, None),
        Unit::Organisation(o) => (None, Some(o.0), None, None),
        Unit::Prefecture(p) => (None, None, Some(i64::from(p)), None),
        Unit::Company(c) => (None, None, None, Some(c.0)),
    };
    tx.fetch_i64(
        query(
            "INSERT INTO role_grants (user_id, role, unit_key, mission_id, organisation_id, prefecture_code, company_id, granted_by, granted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(user.0)
        .bind(grant.role().as_str())
        .bind(unit.key())
        .bind(mission)
        .bind(organisation)
        .bind(prefecture)
        .bind(company)
        .bind(granted_by.map(|u| u.0))
        .bind(now),
    )
    .await
}

/// Removes a grant; returns how many rows went (0 when the user did not hold it).
pub async fn delete_grant(tx: &mut Tx, user: UserId, grant: &RoleGrant) -> Result<u64, StoreError> {
    tx.execute(
        query("DELETE FROM role_grants WHERE user_id = $1 AND role = $2 AND unit_key = $3")
            .bind(user.0)
            .bind(grant.role().as_str())
            .bind(grant.unit().key()),
    )
    .await
}

pub async fn grants_of(tx: &mut Tx, user: UserId) -> Result<Vec<GrantRow>, StoreError> {
    tx.fetch_all(
        query(
            "SELECT id, user_id, role, unit_key, mission_id, organisation_id, prefecture_code, company_id, granted_by, granted_at \
             FROM role_grants WHERE user_id = $1 ORDER BY id",
        )
        .bind(user.0),
    )
    .await
}

#[derive(sqlx::FromRow)]
struct StaffRow {
    user_id: i64,
    display_name: String,
    mission_id: i64,
}

/// Enabled staff of some missions (all when `None`): `(user id, name)`, by name, once each.
pub async fn mission_staff(tx: &mut Tx, missions: Option<&[i64]>) -> Result<Vec<(i64, String)>, StoreError> {
    let mut c = Conditions::new();
    c.eq("g.role", "mission-staff");
    c.eq("u.disabled", false);
    if let Some(missions) = missions {
        c.any_in(&[("g.mission_id", missions.iter().map(|m| Value::from(*m)).collect())]);
    }
    let rows: Vec<StaffRow> = tx
        .fetch_all(c.query(
            "SELECT g.user_id, u.display_name, g.mission_id FROM role_grants g JOIN users u ON u.id = g.user_id",
            "ORDER BY u.display_name, g.user_id",
            vec![],
        ))
        .await?;
    let mut out: Vec<(i64, String)> = Vec::new();
    for r in rows {
        if out.last().is_none_or(|(id, _)| *id != r.user_id) {
            out.push((r.user_id, r.display_name));
        }
    }
    Ok(out)
}

/// The missions whose staff these users are (enabled accounts only): `(user id, mission id)`.
pub async fn mission_staff_units(tx: &mut Tx, users: &[i64]) -> Result<Vec<(i64, i64)>, StoreError> {
    if users.is_empty() {
        return Ok(vec![]);
    }
    let mut c = Conditions::new();
    c.eq("g.role", "mission-staff");
    c.eq("u.disabled", false);
    c.any_in(&[("g.user_id", users.iter().map(|u| Value::from(*u)).collect())]);
    let rows: Vec<StaffRow> = tx
        .fetch_all(c.query(
            "SELECT g.user_id, u.display_name, g.mission_id FROM role_grants g JOIN users u ON u.id = g.user_id",
            "",
            vec![],
        ))
        .await?;
    Ok(rows.into_iter().map(|r| (r.user_id, r.mission_id)).collect())
}
