//! The reference data of prefectures and municipalities in the database.

use crate::db::{Tx, Value, insert_many, query};
use crate::error::StoreError;
use domain::geography::{LocalGovernment, LocalGovernmentKind};

/// Loads the reference data when the database does not hold it yet. The rows are the same in
/// every release that ships the same CSV; a changed CSV comes with a migration.
pub async fn load_if_empty(tx: &mut Tx, rows: &[LocalGovernment]) -> Result<bool, StoreError> {
    if tx.fetch_i64(query("SELECT COUNT(*) FROM prefectures")).await? > 0 {
        return Ok(false);
    }
    let prefectures: Vec<Vec<Value>> = rows
        .iter()
        .filter(|r| r.kind == LocalGovernmentKind::Prefecture)
        .map(|r| {
            vec![
                i64::from(r.prefecture).into(),
                r.prefecture_en.as_str().into(),
                r.prefecture_ja.as_str().into(),
                r.region.as_str().into(),
                r.lat.into(),
                r.lng.into(),
            ]
        })
        .collect();
    insert_many(tx, "prefectures", &["code", "name_en", "name_ja", "region", "lat", "lng"], prefectures).await?;
    // Prefectures are also rows of `municipalities`, so that every contracting organisation,
    // prefectural ones included, points at one table of local government codes.
    let municipalities: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            vec![
                r.code.as_str().into(),
                r.kind.as_str().into(),
                i64::from(r.prefecture).into(),
                r.name_ja.as_str().into(),
                r.name_kana.as_str().into(),
                r.name_en.as_str().into(),
                r.is_designated_city().into(),
                r.lat.into(),
                r.lng.into(),
            ]
        })
        .collect();
    insert_many(
        tx,
        "municipalities",
        &["lg_code", "kind", "prefecture_code", "name_ja", "name_kana", "name_en", "designated_city", "lat", "lng"],
        municipalities,
    )
    .await?;
    Ok(true)
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct PrefectureRow {
    pub code: i64,
    pub name_en: String,
    pub name_ja: String,
    pub region: String,
    pub lat: f64,
    pub lng: f64,
}

pub async fn prefectures(tx: &mut Tx) -> Result<Vec<PrefectureRow>, StoreError> {
    tx.fetch_all(query("SELECT code, name_en, name_ja, region, lat, lng FROM prefectures ORDER BY code")).await
}

/// A prefecture's English name.
pub async fn prefecture_name(tx: &mut Tx, code: i64) -> Result<Option<String>, StoreError> {
    let name: Option<(String,)> =
        tx.fetch_optional(query("SELECT name_en FROM prefectures WHERE code = $1").bind(code)).await?;
    Ok(name.map(|n| n.0))
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct MunicipalityRow {
    pub lg_code: String,
    pub kind: String,
    pub prefecture_code: i64,
    pub name_ja: String,
    pub name_kana: String,
    pub name_en: String,
    pub designated_city: bool,
    pub lat: f64,
    pub lng: f64,
}

/// The municipalities (not the prefectures' own rows) of one prefecture, or of all.
pub async fn municipalities(tx: &mut Tx, prefecture: Option<i64>) -> Result<Vec<MunicipalityRow>, StoreError> {
    let base = "SELECT lg_code, kind, prefecture_code, name_ja, name_kana, name_en, designated_city, lat, lng FROM municipalities \
                WHERE kind <> 'prefecture'";
    match prefecture {
        Some(p) => tx.fetch_all(query(format!("{base} AND prefecture_code = $1 ORDER BY lg_code")).bind(p)).await,
        None => tx.fetch_all(query(format!("{base} ORDER BY lg_code"))).await,
    }
}

pub async fn counts(tx: &mut Tx) -> Result<(i64, i64), StoreError> {
    let prefectures = tx.fetch_i64(query("SELECT COUNT(*) FROM prefectures")).await?;
    let municipalities = tx.fetch_i64(query("SELECT COUNT(*) FROM municipalities WHERE kind <> 'prefecture'")).await?;
    Ok((prefectures, municipalities))
}
