//! The demo programme year of Kakehashi: about 40 recruiting countries with their missions,
//! about 1,000 contracting organisations, about 6,000 serving participants, alumni, and several
//! thousand applications for next year in every state, with one account per role. Deterministic
//! for a seed. See `year` for what the year holds.
//!
//! The year is generated in memory as typed rows (`store::seed`) and written in one transaction
//! through `store`; this crate writes no SQL. It uses `app` for what an account needs (password
//! hashing, the translations of role names and findings), and `app` never depends on it.

use app::App;
use app::error::{AppError, AppResult};
use app::security::{self, Password};
use domain::{Email, Role, Unit, UserId};
use store::audit::{AuditEntry, Outcome};
use store::{Tx, users};

mod data;
mod year;

/// The year the demo's applicants apply for (arrivals in 2027); serving participants arrived in
/// 2022 to 2026.
pub const RECRUITING_YEAR: i64 = 2027;
pub const DEMO_DOMAIN: &str = "demo.kakehashi.jp";

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub seed: u64,
    pub password: String,
    /// Further cleared candidates beyond the usual mix (0 for the demo; the placement
    /// benchmark asks for about 6,000), with the plan raised to hold them.
    pub extra_cleared: u32,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoAccount {
    pub role: Role,
    pub email: String,
    /// What the account's unit is, in English, for the printed list.
    pub unit: String,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DemoCounts {
    pub countries: i64,
    pub missions: i64,
    pub organisations: i64,
    pub participants: i64,
    pub alumni: i64,
    pub applications: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoSummary {
    /// False when an existing demo database was reused.
    pub created: bool,
    /// One account per role.
    pub accounts: Vec<DemoAccount>,
    /// Further accounts with the demo password: a second reviewer at the US embassy.
    pub extra_accounts: Vec<DemoAccount>,
    pub counts: DemoCounts,
}

/// Creates the demo programme year in an empty database, or reuses the demo already there
/// (setting the demo accounts' password to the one given).
pub async fn load(app: &App, options: &DemoOptions) -> AppResult<DemoSummary> {
    let password = Password::new("demo-password", &options.password)?;
    app.prepare().await?;
    let admin_email = Email::parse(&year::account_email(Role::SystemAdministrator))?;
    let mut tx = app.store.read().await?;
    let existing = users::user_by_email(&mut tx, &admin_email).await?;
    let countries = store::programme::totals(&mut tx).await?.countries;
    drop(tx);
    if existing.is_some() {
        reset_passwords(app, &password).await?;
        return summary(app, false).await;
    }
    if countries > 0 {
        return Err(AppError::Conflict(
            "this database holds records that are not the demo's: give the demo a new database".into(),
        ));
    }
    let reference = domain::geography::reference().map_err(|e| AppError::Internal(e.to_string()))?;
    // One blocking task for all the accounts' hashes: each argon2 hash takes 19 MiB, and a
    // blocking thread per hash would each keep their own allocator arena of it (measured: 180 MB
    // peak). It runs while the year is generated and written; the passwords, set last, wait for it.
    let p = password.clone();
    let hashing = tokio::task::spawn_blocking(move || {
        year::account_ids().map(|_| security::hash_password(&p)).collect::<AppResult<Vec<_>>>()
    });
    let rows = year::generate(options, &reference)?;
    let organisations = rows.organisations.len();
    let mut tx = app.store.write().await?;
    store::seed::insert(&mut tx, rows).await?;
    set_passwords(app, &mut tx, hashing).await?;
    let people = store::programme::totals(&mut tx).await?.people;
    let counts = serde_json::json!({
        "seed": options.seed,
        "countries": data::COUNTRIES.len(),
        "organisations": organisations,
        "people": people,
    });
    let entry = AuditEntry {
        actor: None::<UserId>,
        action: "demo.create",
        entity: "programme",
        entity_id: RECRUITING_YEAR.to_string(),
        unit_key: "-".into(),
        outcome: Outcome::Done,
        before: None,
        after: Some(counts),
    };
    store::audit::record(&mut tx, &entry, app.now()).await?;
    tx.commit().await?;
    summary(app, true).await
}

/// The demo accounts' passwords, once the hashing is done.
async fn set_passwords(
    app: &App,
    tx: &mut Tx,
    hashing: tokio::task::JoinHandle<AppResult<Vec<String>>>,
) -> AppResult<()> {
    let hashes = hashing.await.map_err(|e| AppError::Internal(e.to_string()))??;
    if hashes.len() != year::account_ids().count() {
        return Err(AppError::Internal("demo: a password hash short".into()));
    }
    for (id, hash) in year::account_ids().zip(&hashes) {
        users::set_password_hash(tx, UserId(id), hash, app.now()).await?;
    }
    Ok(())
}

async fn reset_passwords(app: &App, password: &Password) -> AppResult<()> {
    let mut tx = app.store.write().await?;
    for email in Role::ALL.into_iter().map(year::account_email).chain(year::extra_emails()) {
        let email = Email::parse(&email)?;
        if let Some(user) = users::user_by_email(&mut tx, &email).await? {
            let matches = user.password_hash.as_deref().is_some_and(|h| security::verify_password(password, h));
            if !matches {
                users::set_password_hash(&mut tx, user.id(), &security::hash_password(password)?, app.now()).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

async fn summary(app: &App, created: bool) -> AppResult<DemoSummary> {
    Ok(DemoSummary {
        created,
        accounts: accounts(app).await?,
        extra_accounts: extra_accounts(app).await?,
        counts: counts(app).await?,
    })
}

async fn counts(app: &App) -> AppResult<DemoCounts> {
    let mut tx = app.store.read().await?;
    let t = store::programme::totals(&mut tx).await?;
    Ok(DemoCounts {
        countries: t.countries,
        missions: t.missions,
        organisations: t.organisations,
        participants: t.participants,
        alumni: t.alumni,
        applications: t.applications,
    })
}

/// The demo accounts with a description of their unit.
pub async fn accounts(app: &App) -> AppResult<Vec<DemoAccount>> {
    let emails: Vec<String> = Role::ALL.into_iter().map(year::account_email).collect();
    accounts_by_email(app, &emails).await
}

/// The demo accounts beyond one per role: the US embassy's second reviewer, a Hyogo city's
/// supervisor and a cleared applicant waiting for placement.
pub async fn extra_accounts(app: &App) -> AppResult<Vec<DemoAccount>> {
    accounts_by_email(app, &year::extra_emails()).await
}

async fn accounts_by_email(app: &App, emails: &[String]) -> AppResult<Vec<DemoAccount>> {
    let mut tx = app.store.read().await?;
    let mut out = Vec::new();
    for email in emails {
        let email = Email::parse(email)?;
        let Some(user) = users::user_by_email(&mut tx, &email).await? else {
            continue;
        };
        let grants = users::grants_of(&mut tx, user.id()).await?;
        let Some(grant) = grants.first().map(|g| g.to_grant()).transpose()? else {
            continue;
        };
        let unit = match grant.unit() {
            Unit::Mission(m) => {
                store::programme::mission_by_id(&mut tx, m.0).await?.map(|m| m.name_en).unwrap_or_default()
            }
            Unit::Organisation(o) => store::programme::organisation_name(&mut tx, o.0).await?.unwrap_or_default(),
            Unit::Prefecture(p) => store::reference::prefecture_name(&mut tx, i64::from(p)).await?.unwrap_or_default(),
            Unit::Company(c) => {
                store::programme::company_by_id(&mut tx, c.0).await?.map(|c| c.name).unwrap_or_default()
            }
            Unit::None => user.display_name.clone(),
        };
        out.push(DemoAccount { role: grant.role(), email: user.email, unit });
    }
    Ok(out)
}
