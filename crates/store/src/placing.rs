//! Placement: contracting organisations' requests, CLAIR's weights, the engine's runs with their
//! assignments, and the final placements once candidates are notified.

use crate::db::{Conditions, Tx, Value, insert_many, query};
use crate::error::StoreError;
use crate::programme::OrganisationScope;
use time::OffsetDateTime;

/// A request with its organisation and the municipality it is in.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct RequestRow {
    pub id: i64,
    pub year: i64,
    pub organisation_id: i64,
    pub organisation_en: String,
    pub organisation_ja: String,
    pub organisation_kind: String,
    pub lg_code: String,
    pub prefecture_code: i64,
    pub municipality_kind: String,
    pub municipality_en: String,
    pub municipality_ja: String,
    pub designated_city: bool,
    pub lat: f64,
    pub lng: f64,
    pub position: String,
    pub places: i64,
    pub continuing: i64,
    /// Comma-separated.
    pub school_levels: String,
    pub schools: i64,
    pub department: Option<String>,
    pub sport: Option<String>,
    pub nationality: Option<String>,
    pub min_jlpt: Option<String>,
    pub licence_required: bool,
    pub housing: String,
    pub sister_cities: String,
    /// Comma-separated country codes.
    pub sister_countries: String,
    pub remarks: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: domain::placing::RequestStatus,
    pub change_request: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub forwarded_at: Option<OffsetDateTime>,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

const REQUEST: &str = "SELECT r.id, r.year, r.organisation_id, o.name_en AS organisation_en, o.name_ja AS organisation_ja, \
     o.kind AS organisation_kind, o.lg_code, o.prefecture_code, m.kind AS municipality_kind, m.name_en AS municipality_en, \
     m.name_ja AS municipality_ja, m.designated_city, m.lat, m.lng, r.position, r.places, r.continuing, r.school_levels, \
     r.schools, r.department, r.sport, r.nationality, r.min_jlpt, r.licence_required, r.housing, r.sister_cities, \
     r.sister_countries, r.remarks, r.status, r.change_request, r.submitted_at, r.forwarded_at, r.version, r.updated_at \
     FROM placement_requests r JOIN contracting_organisations o ON o.id = r.organisation_id \
     JOIN municipalities m ON m.lg_code = o.lg_code";

/// The fields a CO writes.
#[derive(Debug, Clone)]
pub struct RequestFields<'a> {
    pub position: &'a str,
    pub places: i64,
    pub continuing: i64,
    pub school_levels: &'a str,
    pub schools: i64,
    pub department: Option<&'a str>,
    pub sport: Option<&'a str>,
    pub nationality: Option<&'a str>,
    pub min_jlpt: Option<&'a str>,
    pub licence_required: bool,
    pub housing: &'a str,
    pub sister_cities: &'a str,
    pub sister_countries: &'a str,
    pub remarks: Option<&'a str>,
}

impl RequestFields<'_> {
    fn values(&self) -> Vec<Value> {
        vec![
            self.position.into(),
            self.places.into(),
            self.continuing.into(),
            self.school_levels.into(),
            self.schools.into(),
            self.department.into(),
            self.sport.into(),
            self.nationality.into(),
            self.min_jlpt.into(),
            self.licence_required.into(),
            self.housing.into(),
            self.sister_cities.into(),
            self.sister_countries.into(),
            self.remarks.into(),
        ]
    }
}

const FIELDS: [&str; 14] = [
    "position",
    "places",
    "continuing",
    "school_levels",
    "schools",
    "department",
    "sport",
    "nationality",
    "min_jlpt",
    "licence_required",
    "housing",
    "sister_cities",
    "sister_countries",
    "remarks",
];

/// A new request (a draft, or already submitted). `None` when the organisation already has a
/// request for this year and position.
pub async fn insert_request(
    tx: &mut Tx,
    year: i64,
    organisation: i64,
    fields: &RequestFields<'_>,
    status: &str,
    now: OffsetDateTime,
) -> Result<Option<i64>, StoreError> {
    let exists = tx
        .fetch_i64(
            query("SELECT COUNT(*) FROM placement_requests WHERE year = $1 AND organisation_id = $2 AND position = $3")
                .bind(year)
                .bind(organisation)
                .bind(fields.position),
        )
        .await?;
    if exists > 0 {
        return Ok(None);
    }
    let placeholders: Vec<String> = (4..4 + FIELDS.len()).map(|i| format!("${i}")).collect();
    let n = 4 + FIELDS.len();
    let mut q = query(format!(
        "INSERT INTO placement_requests (year, organisation_id, status, {}, submitted_at, version, created_at, updated_at) \
         VALUES ($1, $2, $3, {}, ${n}, 1, ${}, ${}) RETURNING id",
        FIELDS.join(", "),
        placeholders.join(", "),
        n + 1,
        n + 1
    ))
    .bind(year)
    .bind(organisation)
    .bind(status);
    for v in fields.values() {
        q.push_arg(v);
    }
    let submitted = if status == "submitted" { Some(now) } else { None };
    q = q.bind(submitted).bind(now);
    tx.fetch_i64(q).await.map(Some)
}

/// Rewrites a request's fields and status if it is still at `version`; false on a stale version.
pub async fn update_request(
    tx: &mut Tx,
    id: i64,
    version: i64,
    fields: &RequestFields<'_>,
    status: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let sets: Vec<String> = FIELDS.iter().enumerate().map(|(i, f)| format!("{f} = ${}", i + 1)).collect();
    let n = FIELDS.len();
    let mut q = query(format!(
        "UPDATE placement_requests SET {}, status = ${}, change_request = NULL, \
         submitted_at = CASE WHEN ${} = 'submitted' THEN ${} ELSE submitted_at END, \
         version = version + 1, updated_at = ${} WHERE id = ${} AND version = ${}",
        sets.join(", "),
        n + 1,
        n + 1,
        n + 2,
        n + 2,
        n + 3,
        n + 4
    ));
    for v in fields.values() {
        q.push_arg(v);
    }
    Ok(tx.execute(q.bind(status).bind(now).bind(id).bind(version)).await? == 1)
}

/// Moves a request (forward it, ask for a change) if it is still at `version`.
pub async fn set_request_status(
    tx: &mut Tx,
    id: i64,
    version: i64,
    status: &str,
    change_request: Option<&str>,
    by: i64,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let forwarded = status == "forwarded";
    Ok(tx
        .execute(
            query(
                "UPDATE placement_requests SET status = $1, change_request = $2, \
                 forwarded_by = CASE WHEN $3 THEN $4 ELSE forwarded_by END, \
                 forwarded_at = CASE WHEN $3 THEN $5 ELSE forwarded_at END, \
                 version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7",
            )
            .bind(status)
            .bind(change_request)
            .bind(forwarded)
            .bind(by)
            .bind(now)
            .bind(id)
            .bind(version),
        )
        .await?
        == 1)
}

pub async fn request(tx: &mut Tx, id: i64) -> Result<Option<RequestRow>, StoreError> {
    tx.fetch_optional(query(format!("{REQUEST} WHERE r.id = $1")).bind(id)).await
}

/// A year's requests within a scope (all when `None`), optionally in some states, by
/// prefecture and organisation.
pub async fn requests(
    tx: &mut Tx,
    year: i64,
    scope: Option<&OrganisationScope>,
    statuses: &[&str],
) -> Result<Vec<RequestRow>, StoreError> {
    let mut c = Conditions::new();
    c.eq("r.year", year);
    if let Some(scope) = scope {
        c.any_in(&[
            ("r.organisation_id", scope.organisations.iter().map(|o| Value::from(*o)).collect()),
            ("o.prefecture_code", scope.prefectures.iter().map(|p| Value::from(*p)).collect()),
        ]);
    }
    if !statuses.is_empty() {
        c.any_in(&[("r.status", statuses.iter().map(|s| Value::from(*s)).collect())]);
    }
    tx.fetch_all(c.query(REQUEST, "ORDER BY o.prefecture_code, o.name_en, r.position", vec![])).await
}

// ----- Weights -----

/// A year's weights (JSON) and their version, if CLAIR set them.
pub async fn weights(tx: &mut Tx, year: i64) -> Result<Option<(String, i64)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct W {
        weights_json: String,
        version: i64,
    }
    let row: Option<W> = tx
        .fetch_optional(query("SELECT weights_json, version FROM placement_weights WHERE year = $1").bind(year))
        .await?;
    Ok(row.map(|w| (w.weights_json, w.version)))
}

/// Saves the weights if they are still at `version` (0: never saved); false on a stale version.
pub async fn save_weights(
    tx: &mut Tx,
    year: i64,
    version: i64,
    json: &str,
    by: i64,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    if version == 0 {
        let exists = tx.fetch_i64(query("SELECT COUNT(*) FROM placement_weights WHERE year = $1").bind(year)).await?;
        if exists > 0 {
            return Ok(false);
        }
        tx.execute(
            query(
                "INSERT INTO placement_weights (year, weights_json, version, updated_by, updated_at) VALUES ($1, $2, 1, $3, $4)",
            )
            .bind(year)
            .bind(json)
            .bind(by)
            .bind(now),
        )
        .await?;
        return Ok(true);
    }
    Ok(tx
        .execute(
            query(
                "UPDATE placement_weights SET weights_json = $1, version = version + 1, updated_by = $2, updated_at = $3 \
                 WHERE year = $4 AND version = $5",
            )
            .bind(json)
            .bind(by)
            .bind(now)
            .bind(year)
            .bind(version),
        )
        .await?
        == 1)
}

// ----- Runs -----

/// A run without its (large) inputs and results.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct RunRow {
    pub id: i64,
    pub year: i64,
    pub mode: String,
    /// `running`, `done`, `failed` or `approved`.
    #[sqlx(try_from = "String")]
    pub status: domain::placing::RunStatus,
    pub job_id: Option<i64>,
    pub weights_json: String,
    pub summary_json: Option<String>,
    pub error: Option<String>,
    pub started_by: Option<i64>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub finished_at: Option<OffsetDateTime>,
    pub approved_by: Option<i64>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub approved_at: Option<OffsetDateTime>,
    pub approval_note: Option<String>,
    pub version: i64,
}

const RUN: &str = "SELECT id, year, mode, status, job_id, weights_json, summary_json, error, started_by, created_at, \
     finished_at, approved_by, approved_at, approval_note, version FROM placement_runs";

pub async fn insert_run(
    tx: &mut Tx,
    year: i64,
    mode: &str,
    job: i64,
    weights_json: &str,
    by: i64,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    tx.fetch_i64(
        query(
            "INSERT INTO placement_runs (year, mode, status, job_id, weights_json, started_by, created_at, version) \
             VALUES ($1, $2, 'running', $3, $4, $5, $6, 1) RETURNING id",
        )
        .bind(year)
        .bind(mode)
        .bind(job)
        .bind(weights_json)
        .bind(by)
        .bind(now),
    )
    .await
}

pub async fn run(tx: &mut Tx, id: i64) -> Result<Option<RunRow>, StoreError> {
    tx.fetch_optional(query(format!("{RUN} WHERE id = $1")).bind(id)).await
}

pub async fn runs(tx: &mut Tx, year: i64) -> Result<Vec<RunRow>, StoreError> {
    tx.fetch_all(query(format!("{RUN} WHERE year = $1 ORDER BY id DESC")).bind(year)).await
}

/// A run's kept inputs and result (JSON).
pub async fn run_documents(tx: &mut Tx, id: i64) -> Result<Option<(String, String)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct D {
        inputs_json: Option<String>,
        result_json: Option<String>,
    }
    let row: Option<D> =
        tx.fetch_optional(query("SELECT inputs_json, result_json FROM placement_runs WHERE id = $1").bind(id)).await?;
    Ok(row.and_then(|d| Some((d.inputs_json?, d.result_json?))))
}

/// A finished run's inputs alone (the result beside them is as large and rarely needed).
pub async fn run_inputs_json(tx: &mut Tx, id: i64) -> Result<Option<String>, StoreError> {
    let row: Option<(Option<String>,)> =
        tx.fetch_optional(query("SELECT inputs_json FROM placement_runs WHERE id = $1").bind(id)).await?;
    Ok(row.and_then(|(inputs,)| inputs))
}

/// Ends a run with its inputs, result and figures. False when the run is no longer running (it
/// was failed as abandoned meanwhile): the caller then drops its transaction.
pub async fn finish_run(
    tx: &mut Tx,
    id: i64,
    inputs: &str,
    result: &str,
    summary: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let changed = tx
        .execute(
            query(
                "UPDATE placement_runs SET status = 'done', inputs_json = $1, result_json = $2, summary_json = $3, \
             finished_at = $4 WHERE id = $5 AND status = 'running'",
            )
            .bind(inputs)
            .bind(result)
            .bind(summary)
            .bind(now)
            .bind(id),
        )
        .await?;
    Ok(changed == 1)
}

pub async fn fail_run(tx: &mut Tx, id: i64, error: &str, now: OffsetDateTime) -> Result<(), StoreError> {
    tx.execute(
        query("UPDATE placement_runs SET status = 'failed', error = $1, finished_at = $2 WHERE id = $3 AND status = 'running'")
            .bind(error)
            .bind(now)
            .bind(id),
    )
    .await?;
    Ok(())
}

/// Runs left running by a stopped process are failed (their job is too, by `jobs::fail_abandoned`).
pub async fn fail_abandoned_runs(tx: &mut Tx, now: OffsetDateTime) -> Result<u64, StoreError> {
    tx.execute(
        query(
            "UPDATE placement_runs SET status = 'failed', error = 'interrupted', finished_at = $1 \
             WHERE status = 'running' AND job_id IN (SELECT id FROM jobs WHERE status = 'failed')",
        )
        .bind(now),
    )
    .await
}

/// Takes a run's next version (a move, an approval) if it is still at `version` and in `status`;
/// false when someone else changed it first.
pub async fn bump_run(
    tx: &mut Tx,
    id: i64,
    version: i64,
    status: &str,
    summary: Option<&str>,
) -> Result<bool, StoreError> {
    Ok(tx
        .execute(
            query(
                "UPDATE placement_runs SET version = version + 1, summary_json = COALESCE($1, summary_json) \
                 WHERE id = $2 AND version = $3 AND status = $4",
            )
            .bind(summary)
            .bind(id)
            .bind(version)
            .bind(status),
        )
        .await?
        == 1)
}

pub async fn approve_run(
    tx: &mut Tx,
    id: i64,
    version: i64,
    by: i64,
    note: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(tx
        .execute(
            query(
                "UPDATE placement_runs SET status = 'approved', approved_by = $1, approved_at = $2, approval_note = $3, \
                 version = version + 1 WHERE id = $4 AND version = $5 AND status = 'done'",
            )
            .bind(by)
            .bind(now)
            .bind(note)
            .bind(id)
            .bind(version),
        )
        .await?
        == 1)
}

// ----- Assignments -----

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct AssignmentRow {
    pub application_id: i64,
    pub request_id: Option<i64>,
    pub rank: Option<i64>,
    pub moved_by: Option<i64>,
    pub move_reason: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub moved_at: Option<OffsetDateTime>,
}

/// A run's assignments (one per candidate of the run, `request_id` null when unplaced).
pub async fn insert_assignments(
    tx: &mut Tx,
    run: i64,
    rows: &[(i64, Option<i64>, Option<i64>)],
) -> Result<(), StoreError> {
    let values: Vec<Vec<Value>> =
        rows.iter().map(|(a, r, k)| vec![run.into(), (*a).into(), (*r).into(), (*k).into()]).collect();
    insert_many(tx, "placement_assignments", &["run_id", "application_id", "request_id", "rank"], values).await
}

pub async fn assignments(tx: &mut Tx, run: i64) -> Result<Vec<AssignmentRow>, StoreError> {
    tx.fetch_all(
        query(
            "SELECT application_id, request_id, rank, moved_by, move_reason, moved_at FROM placement_assignments \
             WHERE run_id = $1 ORDER BY application_id",
        )
        .bind(run),
    )
    .await
}

/// Moves one candidate of a run by hand (the run, the candidate, where to and at which rank, who,
/// why, when: each a column of the assignment).
#[allow(clippy::too_many_arguments)]
pub async fn move_assignment(
    tx: &mut Tx,
    run: i64,
    application: i64,
    request: Option<i64>,
    rank: Option<i64>,
    by: i64,
    reason: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(tx
        .execute(
            query(
                "UPDATE placement_assignments SET request_id = $1, rank = $2, moved_by = $3, move_reason = $4, moved_at = $5 \
                 WHERE run_id = $6 AND application_id = $7",
            )
            .bind(request)
            .bind(rank)
            .bind(by)
            .bind(reason)
            .bind(now)
            .bind(run)
            .bind(application),
        )
        .await?
        == 1)
}

// ----- Candidates and final placements -----

/// A candidate for placement: an application of the year (any recruiting country).
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct PlacingCandidateRow {
    pub id: i64,
    pub reference: String,
    pub programme_year_id: i64,
    pub mission_id: i64,
    pub country_code: String,
    pub position: String,
    #[sqlx(try_from = "String")]
    pub status: domain::ApplicationStatus,
    pub family_name: String,
    pub given_name: String,
    pub nationality: String,
    #[serde(skip)]
    pub form_json: String,
    pub written_test_score: Option<i64>,
    pub selection_rules: Option<String>,
}

/// The applications of a placement year (every recruiting country's programme year of that
/// number) in some states.
pub async fn placing_candidates(
    tx: &mut Tx,
    year: i64,
    statuses: &[&str],
) -> Result<Vec<PlacingCandidateRow>, StoreError> {
    let mut c = Conditions::new();
    c.eq("y.year", year);
    c.any_in(&[("a.status", statuses.iter().map(|s| Value::from(*s)).collect())]);
    tx.fetch_all(c.query(
        "SELECT a.id, a.reference, a.programme_year_id, a.mission_id, y.country_code, a.position, a.status, \
         p.family_name, p.given_name, p.nationality, a.form_json, a.written_test_score, y.selection_rules \
         FROM applications a JOIN people p ON p.id = a.person_id JOIN programme_years y ON y.id = a.programme_year_id",
        "ORDER BY a.id",
        vec![],
    ))
    .await
}

/// Mean interview score per application, for many applications at once.
pub async fn interview_means(tx: &mut Tx, year: i64) -> Result<Vec<(i64, f64)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct M {
        application_id: i64,
        mean: f64,
    }
    let rows: Vec<M> = tx
        .fetch_all(
            query(
                "SELECT s.application_id, AVG(s.score) AS mean FROM interview_scorecards s \
                 JOIN applications a ON a.id = s.application_id JOIN programme_years y ON y.id = a.programme_year_id \
                 WHERE y.year = $1 GROUP BY s.application_id",
            )
            .bind(year),
        )
        .await?;
    Ok(rows.into_iter().map(|m| (m.application_id, m.mean)).collect())
}

/// A notified placement, with where and from which run.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct PlacementRow {
    pub application_id: i64,
    pub request_id: i64,
    pub run_id: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub notified_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub declined_at: Option<OffsetDateTime>,
    pub decline_reason: Option<String>,
}

const PLACEMENT: &str =
    "SELECT application_id, request_id, run_id, notified_at, declined_at, decline_reason FROM placements";

pub async fn insert_placements(
    tx: &mut Tx,
    placements: &[(i64, i64)],
    run: i64,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    // Rows made before the statement: an iterator with a closure held across its awaits would make
    // the caller's future not `Send` for every lifetime (the router needs that).
    let rows: Vec<Vec<Value>> = placements
        .iter()
        .map(|&(application, request)| {
            vec![Value::from(application), Value::from(request), Value::from(run), Value::from(now)]
        })
        .collect();
    insert_many(tx, "placements", &["application_id", "request_id", "run_id", "notified_at"], rows).await
}

pub async fn placement_of(tx: &mut Tx, application: i64) -> Result<Option<PlacementRow>, StoreError> {
    tx.fetch_optional(query(format!("{PLACEMENT} WHERE application_id = $1")).bind(application)).await
}

/// The placements of a year (declined ones included).
pub async fn placements(tx: &mut Tx, year: i64) -> Result<Vec<PlacementRow>, StoreError> {
    tx.fetch_all(
        query(format!(
            "{PLACEMENT} WHERE request_id IN (SELECT id FROM placement_requests WHERE year = $1) ORDER BY application_id"
        ))
        .bind(year),
    )
    .await
}

pub async fn decline_placement(
    tx: &mut Tx,
    application: i64,
    reason: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(tx
        .execute(
            query("UPDATE placements SET declined_at = $1, decline_reason = $2 WHERE application_id = $3 AND declined_at IS NULL")
                .bind(now)
                .bind(reason)
                .bind(application),
        )
        .await?
        == 1)
}

/// What the app needs of an organisation to decide who may write and forward its requests.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct OrganisationUnitRow {
    pub id: i64,
    pub kind: String,
    pub name_en: String,
    pub name_ja: String,
    pub lg_code: String,
    pub prefecture_code: i64,
    /// The kind of its municipality row (`prefecture` for a prefecture-wide body).
    pub municipality_kind: String,
}

const UNIT: &str = "SELECT o.id, o.kind, o.name_en, o.name_ja, o.lg_code, o.prefecture_code, m.kind AS municipality_kind \
     FROM contracting_organisations o JOIN municipalities m ON m.lg_code = o.lg_code";

pub async fn organisation_units(tx: &mut Tx, ids: &[i64]) -> Result<Vec<OrganisationUnitRow>, StoreError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut c = Conditions::new();
    c.any_in(&[("o.id", ids.iter().map(|i| Value::from(*i)).collect())]);
    tx.fetch_all(c.query(UNIT, "ORDER BY o.id", vec![])).await
}

/// The organisations in some municipalities (a designated city's own bodies).
pub async fn organisations_in(tx: &mut Tx, lg_codes: &[String]) -> Result<Vec<i64>, StoreError> {
    if lg_codes.is_empty() {
        return Ok(vec![]);
    }
    let mut c = Conditions::new();
    c.any_in(&[("o.lg_code", lg_codes.iter().map(Value::from).collect())]);
    let rows: Vec<OrganisationUnitRow> = tx.fetch_all(c.query(UNIT, "ORDER BY o.id", vec![])).await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// The places of the plan for a placement year: ALT, CIR and SEA summed over the recruiting
/// countries' programme years of that number.
pub async fn planned_places(tx: &mut Tx, year: i64) -> Result<(i64, i64, i64), StoreError> {
    #[derive(sqlx::FromRow)]
    struct P {
        alt: Option<i64>,
        cir: Option<i64>,
        sea: Option<i64>,
    }
    let p: P = tx
        .fetch_one(
            query(
                "SELECT CAST(SUM(places_alt) AS BIGINT) AS alt, CAST(SUM(places_cir) AS BIGINT) AS cir, \
                 CAST(SUM(places_sea) AS BIGINT) AS sea FROM programme_years WHERE year = $1",
            )
            .bind(year),
        )
        .await?;
    Ok((p.alt.unwrap_or(0), p.cir.unwrap_or(0), p.sea.unwrap_or(0)))
}

/// CO supervisors' addresses of an organisation (to tell them a change was asked for): name,
/// address, language.
pub async fn supervisors_of(tx: &mut Tx, organisation: i64) -> Result<Vec<(String, String, String)>, StoreError> {
    Ok(supervisors_of_many(tx, &[organisation]).await?.remove(&organisation).unwrap_or_default())
}

/// The supervisors of some organisations (name, address, language), by organisation, each
/// organisation's in the order their accounts were made.
pub async fn supervisors_of_many(
    tx: &mut Tx,
    organisations: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<(String, String, String)>>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct S {
        organisation_id: i64,
        display_name: String,
        email: String,
        language: String,
    }
    let mut out: std::collections::HashMap<i64, Vec<(String, String, String)>> = std::collections::HashMap::new();
    for chunk in organisations.chunks(5_000) {
        let mut c = Conditions::new();
        c.push("g.role = 'co-supervisor' AND NOT u.disabled".into());
        c.any_in(&[("g.organisation_id", chunk.iter().map(|o| Value::from(*o)).collect())]);
        let rows: Vec<S> = tx
            .fetch_all(c.query(
                "SELECT g.organisation_id, u.display_name, u.email, u.language FROM users u \
                 JOIN role_grants g ON g.user_id = u.id",
                "ORDER BY g.organisation_id, u.id",
                vec![],
            ))
            .await?;
        for s in rows {
            out.entry(s.organisation_id).or_default().push((s.display_name, s.email, s.language));
        }
    }
    Ok(out)
}

/// Who applied, for mails to many applicants at once: the application's reference and person,
/// the person's names and address as recorded.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApplicantOfApplication {
    pub id: i64,
    pub reference: String,
    pub person_id: i64,
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
}

pub async fn applicants_of(
    tx: &mut Tx,
    applications: &[i64],
) -> Result<std::collections::HashMap<i64, ApplicantOfApplication>, StoreError> {
    let mut out = std::collections::HashMap::new();
    for chunk in applications.chunks(5_000) {
        let mut c = Conditions::new();
        c.any_in(&[("a.id", chunk.iter().map(|a| Value::from(*a)).collect())]);
        let rows: Vec<ApplicantOfApplication> = tx
            .fetch_all(c.query(
                "SELECT a.id, a.reference, a.person_id, p.given_name, p.family_name, p.email \
                 FROM applications a JOIN people p ON p.id = a.person_id",
                "",
                vec![],
            ))
            .await?;
        out.extend(rows.into_iter().map(|r| (r.id, r)));
    }
    Ok(out)
}

/// Reference and name of some applications, by application.
pub async fn candidate_names(
    tx: &mut Tx,
    applications: &[i64],
) -> Result<std::collections::HashMap<i64, (String, String)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct N {
        id: i64,
        reference: String,
        family_name: String,
        given_name: String,
    }
    let mut out = std::collections::HashMap::new();
    for chunk in applications.chunks(5_000) {
        let mut c = Conditions::new();
        c.any_in(&[("a.id", chunk.iter().map(|a| Value::from(*a)).collect())]);
        let rows: Vec<N> = tx
            .fetch_all(c.query(
                "SELECT a.id, a.reference, p.family_name, p.given_name FROM applications a JOIN people p ON p.id = a.person_id",
                "",
                vec![],
            ))
            .await?;
        for n in rows {
            out.insert(n.id, (n.reference, format!("{} {}", n.given_name, n.family_name)));
        }
    }
    Ok(out)
}

/// The organisations of some prefectures (what a prefecture's forwarder may write for).
pub async fn organisations_of_prefectures(
    tx: &mut Tx,
    prefectures: &[i64],
) -> Result<Vec<OrganisationUnitRow>, StoreError> {
    if prefectures.is_empty() {
        return Ok(vec![]);
    }
    let mut c = Conditions::new();
    c.any_in(&[("o.prefecture_code", prefectures.iter().map(|p| Value::from(*p)).collect())]);
    tx.fetch_all(c.query(UNIT, "ORDER BY o.prefecture_code, o.name_en", vec![])).await
}
