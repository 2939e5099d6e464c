//! The participant's years (issue 13): the dated pay scale, contracts and their acknowledgements.
//! The rules (which scale a contract takes, how its dates follow, the limits of reappointment) are
//! `domain::contracts`; this module stores what the app layer decided.

use crate::db::{Query, Tx, query};
use crate::error::StoreError;
use time::{Date, OffsetDateTime};

/// A pay scale as stored: annual remuneration for appointment years 1 to 5.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct PayScaleRow {
    pub id: i64,
    pub effective_from: Date,
    pub year_1_yen: i64,
    pub year_2_yen: i64,
    pub year_3_yen: i64,
    pub year_4_yen: i64,
    pub year_5_yen: i64,
}

impl PayScaleRow {
    /// The five years' figures in order.
    pub fn annual_yen(&self) -> [i64; 5] {
        [self.year_1_yen, self.year_2_yen, self.year_3_yen, self.year_4_yen, self.year_5_yen]
    }
}

const PAY_SCALE: &str =
    "SELECT id, effective_from, year_1_yen, year_2_yen, year_3_yen, year_4_yen, year_5_yen FROM pay_scales";

/// Every pay scale, oldest first.
pub async fn pay_scales(tx: &mut Tx) -> Result<Vec<PayScaleRow>, StoreError> {
    tx.fetch_all(query(format!("{PAY_SCALE} ORDER BY effective_from"))).await
}

/// Adds a scale (the app has checked that it follows the latest); its id.
pub async fn insert_pay_scale(
    tx: &mut Tx,
    effective_from: Date,
    annual_yen: [i64; 5],
    by: Option<i64>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let [y1, y2, y3, y4, y5] = annual_yen;
    tx.fetch_i64(
        query(
            "INSERT INTO pay_scales (effective_from, year_1_yen, year_2_yen, year_3_yen, year_4_yen, year_5_yen, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(effective_from)
        .bind(y1)
        .bind(y2)
        .bind(y3)
        .bind(y4)
        .bind(y5)
        .bind(by)
        .bind(now),
    )
    .await
}

/// A contract's terms as written: what the participant acknowledges, version by version.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct ContractTerms {
    pub participant_id: i64,
    pub appointment_year: i64,
    pub start_date: Date,
    pub end_date: Date,
    pub position: String,
    pub weekly_hours: i64,
    pub paid_leave_days: i64,
    pub housing: String,
    /// The schools or departments served, one a line.
    pub served: String,
    pub supervisor: String,
    pub pay_scale_id: i64,
    pub remuneration_yen: i64,
}

/// A contract as stored: its terms, their version, and the version its participant last
/// acknowledged.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct ContractRow {
    pub id: i64,
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub terms: ContractTerms,
    pub version: i64,
    /// The latest version acknowledged, if any.
    pub acknowledged_version: Option<i64>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub acknowledged_at: Option<OffsetDateTime>,
}

impl ContractRow {
    /// Whether the participant has acknowledged the terms as they stand.
    pub fn acknowledged(&self) -> bool {
        self.acknowledged_version == Some(self.version)
    }
}

const CONTRACT: &str = "SELECT c.id, c.participant_id, c.appointment_year, c.start_date, c.end_date, c.position, \
     c.weekly_hours, c.paid_leave_days, c.housing, c.served, c.supervisor, c.pay_scale_id, c.remuneration_yen, c.version, \
     a.version AS acknowledged_version, a.acknowledged_at \
     FROM contracts c LEFT JOIN contract_acknowledgements a ON a.contract_id = c.id \
     AND a.version = (SELECT MAX(b.version) FROM contract_acknowledgements b WHERE b.contract_id = c.id)";

/// The terms a change may rewrite, bound in the order both statements list them (start date to
/// remuneration); the participant and the appointment year are the contract's identity.
trait BindTerms {
    fn bind_terms(self, terms: &ContractTerms) -> Self;
}

impl BindTerms for Query {
    fn bind_terms(self, terms: &ContractTerms) -> Query {
        self.bind(terms.start_date)
            .bind(terms.end_date)
            .bind(terms.position.as_str())
            .bind(terms.weekly_hours)
            .bind(terms.paid_leave_days)
            .bind(terms.housing.as_str())
            .bind(terms.served.as_str())
            .bind(terms.supervisor.as_str())
            .bind(terms.pay_scale_id)
            .bind(terms.remuneration_yen)
    }
}

/// Writes a new contract (version 1); its id. A second contract for the same appointment year of
/// a participant is refused by the database's unique key.
pub async fn insert_contract(
    tx: &mut Tx,
    terms: &ContractTerms,
    by: Option<i64>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    tx.fetch_i64(
        query(
            "INSERT INTO contracts (participant_id, appointment_year, start_date, end_date, position, weekly_hours, \
             paid_leave_days, housing, served, supervisor, pay_scale_id, remuneration_yen, version, created_by, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $14) \
             RETURNING id",
        )
        .bind(terms.participant_id)
        .bind(terms.appointment_year)
        .bind_terms(terms)
        .bind(by)
        .bind(now),
    )
    .await
}

/// Rewrites a contract's terms as its next version, if `version` is still the one stored (someone
/// else's change first is a conflict: `false`).
pub async fn update_contract(
    tx: &mut Tx,
    id: i64,
    version: i64,
    terms: &ContractTerms,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(tx
        .execute(
            query(
                "UPDATE contracts SET start_date = $1, end_date = $2, position = $3, weekly_hours = $4, \
                 paid_leave_days = $5, housing = $6, served = $7, supervisor = $8, pay_scale_id = $9, \
                 remuneration_yen = $10, version = version + 1, updated_at = $11 WHERE id = $12 AND version = $13",
            )
            .bind_terms(terms)
            .bind(now)
            .bind(id)
            .bind(version),
        )
        .await?
        == 1)
}

pub async fn contract(tx: &mut Tx, id: i64) -> Result<Option<ContractRow>, StoreError> {
    tx.fetch_optional(query(format!("{CONTRACT} WHERE c.id = $1")).bind(id)).await
}

/// A participant's contracts, first appointment year first.
pub async fn contracts_of(tx: &mut Tx, participant: i64) -> Result<Vec<ContractRow>, StoreError> {
    tx.fetch_all(query(format!("{CONTRACT} WHERE c.participant_id = $1 ORDER BY c.appointment_year")).bind(participant))
        .await
}

/// Records that `user` acknowledged `version` of a contract; acknowledging the same version again
/// keeps the first record (`false`).
pub async fn acknowledge(
    tx: &mut Tx,
    contract: i64,
    version: i64,
    user: i64,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(tx
        .execute(
            query(
                "INSERT INTO contract_acknowledgements (contract_id, version, user_id, acknowledged_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (contract_id, version) DO NOTHING",
            )
            .bind(contract)
            .bind(version)
            .bind(user)
            .bind(now),
        )
        .await?
        == 1)
}
