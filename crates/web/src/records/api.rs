//! The records area's API: the dashboard and the lists of participants, applications,
//! organisations, missions and prefectures, each within the caller's scope.

use crate::shell::AppState;
use crate::shell::api::{ApiResult, ListParams, Paged, paged};
use crate::shell::context::Signed;
use crate::shell::error::ErrorBody;
use crate::shell::lists::ListQuery;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantDto {
    pub id: i64,
    pub jet_number: String,
    pub family_name: String,
    pub given_name: String,
    pub nationality: String,
    /// `ALT`, `CIR` or `SEA`.
    pub position: String,
    pub organisation_id: i64,
    pub organisation: String,
    pub prefecture_code: i64,
    pub prefecture: String,
    pub mission_id: i64,
    #[schema(value_type = String, format = Date)]
    pub arrival_date: time::Date,
    pub appointment_year: i64,
    pub status: String,
}

impl From<store::programme::ParticipantRow> for ParticipantDto {
    fn from(r: store::programme::ParticipantRow) -> Self {
        ParticipantDto {
            id: r.id,
            jet_number: r.jet_number,
            family_name: r.family_name,
            given_name: r.given_name,
            nationality: r.nationality,
            position: r.position,
            organisation_id: r.organisation_id,
            organisation: r.organisation_en,
            prefecture_code: r.prefecture_code,
            prefecture: r.prefecture_en,
            mission_id: r.mission_id,
            arrival_date: r.arrival_date,
            appointment_year: r.appointment_year,
            status: r.status,
        }
    }
}

/// Participants within the caller's scope.
#[utoipa::path(get, path = "/api/v1/participants", tag = "records", params(ListParams),
    responses((status = 200, body = Paged<ParticipantDto>), (status = 403, body = ErrorBody)))]
pub async fn participants(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<ListParams>,
) -> ApiResult<Paged<ParticipantDto>> {
    let q = ListQuery::from(p);
    let listing = state.app.participants(&actor, &q.filter(), q.page()).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(paged(listing, ParticipantDto::from)))
}

/// One participant; 403 (and an audit record) outside the caller's scope.
#[utoipa::path(get, path = "/api/v1/participants/{id}", tag = "records", params(("id" = i64, Path)),
    responses((status = 200, body = ParticipantDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn participant(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<i64>,
) -> ApiResult<ParticipantDto> {
    Ok(Json(state.app.participant(&actor, id).await.map_err(|e| ctx.fail(e))?.into()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationDto {
    pub id: i64,
    pub reference: String,
    /// `null` while the caller may not know who applied (blind screening).
    pub family_name: Option<String>,
    pub given_name: Option<String>,
    pub nationality: String,
    pub year: i64,
    pub mission_id: i64,
    pub mission: String,
    pub position: String,
    pub status: String,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub submitted_at: Option<OffsetDateTime>,
}

/// Applications within the caller's scope (a mission's, or the applicant's own).
#[utoipa::path(get, path = "/api/v1/applications", tag = "records", params(ListParams),
    responses((status = 200, body = Paged<ApplicationDto>), (status = 403, body = ErrorBody)))]
pub async fn applications(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<ListParams>,
) -> ApiResult<Paged<ApplicationDto>> {
    let q = ListQuery::from(p);
    let listing = state.app.applications(&actor, &q.filter(), q.page()).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(paged(listing, |r| ApplicationDto {
        id: r.id,
        reference: r.reference,
        family_name: (!r.identity_hidden).then_some(r.family_name),
        given_name: (!r.identity_hidden).then_some(r.given_name),
        nationality: r.nationality,
        year: r.year,
        mission_id: r.mission_id,
        mission: r.mission_en,
        position: r.position,
        status: r.status,
        submitted_at: r.submitted_at,
    })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationDto {
    pub id: i64,
    pub kind: String,
    pub name_en: String,
    pub name_ja: String,
    /// The local government code (JIS X 0402) it is tied to.
    pub lg_code: String,
    pub prefecture_code: i64,
    pub parent_id: Option<i64>,
    pub participants: i64,
}

/// Contracting organisations within the caller's scope.
#[utoipa::path(get, path = "/api/v1/organisations", tag = "records", params(ListParams),
    responses((status = 200, body = Paged<OrganisationDto>), (status = 403, body = ErrorBody)))]
pub async fn organisations(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(p): Query<ListParams>,
) -> ApiResult<Paged<OrganisationDto>> {
    let q = ListQuery::from(p);
    let listing = state.app.organisations(&actor, &q.filter(), q.page()).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(paged(listing, |r| OrganisationDto {
        id: r.id,
        kind: r.kind,
        name_en: r.name_en,
        name_ja: r.name_ja,
        lg_code: r.lg_code,
        prefecture_code: r.prefecture_code,
        parent_id: r.parent_id,
        participants: r.participants,
    })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MissionDto {
    pub id: i64,
    pub country_code: String,
    pub kind: String,
    pub city: String,
    pub name_en: String,
    pub name_ja: String,
    pub email: String,
}

/// Overseas missions the caller may see.
#[utoipa::path(get, path = "/api/v1/missions", tag = "records", responses((status = 200, body = Vec<MissionDto>), (status = 403, body = ErrorBody)))]
pub async fn missions(State(state): State<AppState>, Signed { ctx, actor }: Signed) -> ApiResult<Vec<MissionDto>> {
    let rows = state.app.missions(&actor).await.map_err(|e| ctx.fail(e))?;
    Ok(Json(
        rows.into_iter()
            .map(|m| MissionDto {
                id: m.id,
                country_code: m.country_code,
                kind: m.kind,
                city: m.city,
                name_en: m.name_en,
                name_ja: m.name_ja,
                email: m.email,
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PrefectureDto {
    pub code: i64,
    pub name_en: String,
    pub name_ja: String,
    pub region: String,
    pub lat: f64,
    pub lng: f64,
}

/// The 47 prefectures (reference data).
#[utoipa::path(get, path = "/api/v1/prefectures", tag = "reference", responses((status = 200, body = Vec<PrefectureDto>)))]
pub async fn prefectures(State(state): State<AppState>, Signed { ctx, .. }: Signed) -> ApiResult<Vec<PrefectureDto>> {
    let rows = state.app.prefectures().await.map_err(|e| ctx.fail(e))?;
    Ok(Json(
        rows.into_iter()
            .map(|p| PrefectureDto {
                code: p.code,
                name_en: p.name_en,
                name_ja: p.name_ja,
                region: p.region,
                lat: p.lat,
                lng: p.lng,
            })
            .collect(),
    ))
}

/// The caller's dashboard, one section per role held.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "records", responses((status = 200, body = Object)))]
pub async fn dashboard(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
) -> ApiResult<app::records::Dashboard> {
    Ok(Json(state.app.dashboard(&actor).await.map_err(|e| ctx.fail(e))?))
}
