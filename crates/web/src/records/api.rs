//! The records area's API: the dashboard and the lists of participants, applications,
//! organisations, missions and prefectures, each within the caller's scope.

use crate::shell::AppState;
use crate::shell::api::{ApiResult, ListParams, Paged, paged};
use crate::shell::context::Signed;
use crate::shell::error::ErrorBody;
use crate::shell::lists::ListQuery;
use app::records::Section;
use axum::Json;
use axum::extract::{Path, Query, State};
use domain::ParticipantId;
use serde::Serialize;
use store::programme::ParticipantRow;
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
            status: r.status.to_string(),
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
    let listing = state
        .app
        .participant_records(&actor, "participant.list")
        .await
        .map_err(|e| ctx.fail(e))?
        .participants(&q.filter(), q.page())
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(paged(listing, ParticipantDto::from)))
}

/// One participant; 403 (and an audit record) outside the caller's scope.
#[utoipa::path(get, path = "/api/v1/participants/{id}", tag = "records", params(("id" = i64, Path)),
    responses((status = 200, body = ParticipantDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn participant(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ParticipantId>,
) -> ApiResult<ParticipantDto> {
    Ok(Json(
        state
            .app
            .participant_records(&actor, "participant.read")
            .await
            .map_err(|e| ctx.fail(e))?
            .participant(id)
            .await
            .map_err(|e| ctx.fail(e))?
            .into(),
    ))
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
    let listing = state
        .app
        .application_records(&actor, "application.list")
        .await
        .map_err(|e| ctx.fail(e))?
        .applications(&q.filter(), q.page())
        .await
        .map_err(|e| ctx.fail(e))?;
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
        status: r.status.to_string(),
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
    let listing = state
        .app
        .organisation_records(&actor, "organisation.list")
        .await
        .map_err(|e| ctx.fail(e))?
        .organisations(&q.filter(), q.page())
        .await
        .map_err(|e| ctx.fail(e))?;
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
    let rows = state
        .app
        .mission_records(&actor, "mission.list")
        .await
        .map_err(|e| ctx.fail(e))?
        .missions()
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
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
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// The caller's dashboard, one section per role held.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "records", responses((status = 200, body = Dashboard)))]
pub async fn dashboard(State(state): State<AppState>, Signed { ctx, actor }: Signed) -> ApiResult<Dashboard> {
    Ok(Json(state.app.account(&actor).dashboard().await.map_err(|e| ctx.fail(e))?.into()))
}

/// The caller's dashboard, one section per role held.
#[derive(Debug, Serialize, ToSchema)]
pub struct Dashboard {
    pub sections: Vec<DashboardSection>,
}

impl From<app::records::Dashboard> for Dashboard {
    fn from(d: app::records::Dashboard) -> Self {
        Dashboard { sections: d.sections.into_iter().map(Into::into).collect() }
    }
}

/// One part of a dashboard, per role held; `kind` says which.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DashboardSection {
    Administration { users: i64, audit_records: i64, mails: i64 },
    National { participants: i64, organisations: i64, by_country: Vec<Tally>, applications: Vec<Tally> },
    Mission { mission: MissionDto, applications: i64, by_status: Vec<Tally> },
    Organisation { organisation: DashboardOrganisation, participants: i64 },
    Prefecture { prefecture: PrefectureDto, participants: i64, organisations: i64 },
    Appointment { participants: Vec<DashboardParticipant> },
    Application { applications: Vec<DashboardApplication> },
    Alumnus { participants: Vec<DashboardParticipant> },
    Company { company: Company },
}

impl From<Section> for DashboardSection {
    fn from(s: Section) -> Self {
        let tallies = |t: Vec<store::programme::Tally>| t.into_iter().map(Tally::from).collect();
        let participants = |p: Vec<ParticipantRow>| p.into_iter().map(DashboardParticipant::from).collect();
        match s {
            Section::Administration { users, audit_records, mails } => {
                DashboardSection::Administration { users, audit_records, mails }
            }
            Section::National { participants, organisations, by_country, applications } => DashboardSection::National {
                participants,
                organisations,
                by_country: tallies(by_country),
                applications: tallies(applications),
            },
            Section::Mission { mission, applications, by_status } => {
                DashboardSection::Mission { mission: mission.into(), applications, by_status: tallies(by_status) }
            }
            Section::Organisation { organisation, participants } => {
                DashboardSection::Organisation { organisation: organisation.into(), participants }
            }
            Section::Prefecture { prefecture, participants, organisations } => {
                DashboardSection::Prefecture { prefecture: prefecture.into(), participants, organisations }
            }
            Section::Appointment { participants: p } => DashboardSection::Appointment { participants: participants(p) },
            Section::Application { applications } => {
                DashboardSection::Application { applications: applications.into_iter().map(Into::into).collect() }
            }
            Section::Alumnus { participants: p } => DashboardSection::Alumnus { participants: participants(p) },
            Section::Company { company } => DashboardSection::Company {
                company: Company {
                    id: company.id,
                    name: company.name,
                    country_code: company.country_code,
                    website: company.website,
                },
            },
        }
    }
}

/// A count by a key (a country, a status) and position.
#[derive(Debug, Serialize, ToSchema)]
pub struct Tally {
    pub key: String,
    pub position: String,
    pub count: i64,
}

impl From<store::programme::Tally> for Tally {
    fn from(t: store::programme::Tally) -> Self {
        Tally { key: t.key, position: t.position, count: t.count }
    }
}

impl From<store::programme::MissionRow> for MissionDto {
    fn from(m: store::programme::MissionRow) -> Self {
        MissionDto {
            id: m.id,
            country_code: m.country_code,
            kind: m.kind,
            city: m.city,
            name_en: m.name_en,
            name_ja: m.name_ja,
            email: m.email,
        }
    }
}

impl From<store::reference::PrefectureRow> for PrefectureDto {
    fn from(p: store::reference::PrefectureRow) -> Self {
        PrefectureDto { code: p.code, name_en: p.name_en, name_ja: p.name_ja, region: p.region, lat: p.lat, lng: p.lng }
    }
}

/// A contracting organisation on its dashboard.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardOrganisation {
    pub id: i64,
    pub kind: String,
    pub name_en: String,
    pub name_ja: String,
    pub lg_code: String,
    pub prefecture_code: i64,
    pub prefecture_en: String,
    pub parent_id: Option<i64>,
    pub participants: i64,
}

impl From<store::programme::OrganisationRow> for DashboardOrganisation {
    fn from(o: store::programme::OrganisationRow) -> Self {
        DashboardOrganisation {
            id: o.id,
            kind: o.kind,
            name_en: o.name_en,
            name_ja: o.name_ja,
            lg_code: o.lg_code,
            prefecture_code: o.prefecture_code,
            prefecture_en: o.prefecture_en,
            parent_id: o.parent_id,
            participants: o.participants,
        }
    }
}

/// A participant on a dashboard (one's own appointment, or an alumnus's).
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardParticipant {
    pub id: i64,
    pub jet_number: String,
    pub person_id: i64,
    pub family_name: String,
    pub given_name: String,
    pub nationality: String,
    pub position: String,
    pub organisation_id: i64,
    pub organisation_en: String,
    pub organisation_ja: String,
    pub prefecture_code: i64,
    pub prefecture_en: String,
    pub prefecture_ja: String,
    pub mission_id: i64,
    pub arrival_date: time::Date,
    pub appointment_year: i64,
    pub status: String,
}

impl From<ParticipantRow> for DashboardParticipant {
    fn from(p: ParticipantRow) -> Self {
        DashboardParticipant {
            id: p.id,
            jet_number: p.jet_number,
            person_id: p.person_id,
            family_name: p.family_name,
            given_name: p.given_name,
            nationality: p.nationality,
            position: p.position,
            organisation_id: p.organisation_id,
            organisation_en: p.organisation_en,
            organisation_ja: p.organisation_ja,
            prefecture_code: p.prefecture_code,
            prefecture_en: p.prefecture_en,
            prefecture_ja: p.prefecture_ja,
            mission_id: p.mission_id,
            arrival_date: p.arrival_date,
            appointment_year: p.appointment_year,
            status: p.status.to_string(),
        }
    }
}

/// An applicant's application on their dashboard.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardApplication {
    pub id: i64,
    pub reference: String,
    pub person_id: i64,
    pub programme_year_id: i64,
    pub family_name: String,
    pub given_name: String,
    pub nationality: String,
    pub year: i64,
    pub country_code: String,
    pub mission_id: i64,
    pub mission_en: String,
    pub position: String,
    pub status: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Whether the caller may not know who applied (blind screening): the names are then empty.
    pub identity_hidden: bool,
}

impl From<store::programme::ApplicationRow> for DashboardApplication {
    fn from(a: store::programme::ApplicationRow) -> Self {
        DashboardApplication {
            id: a.id,
            reference: a.reference,
            person_id: a.person_id,
            programme_year_id: a.programme_year_id,
            family_name: a.family_name,
            given_name: a.given_name,
            nationality: a.nationality,
            year: a.year,
            country_code: a.country_code,
            mission_id: a.mission_id,
            mission_en: a.mission_en,
            position: a.position,
            status: a.status.to_string(),
            submitted_at: a.submitted_at,
            updated_at: a.updated_at,
            identity_hidden: a.identity_hidden,
        }
    }
}

/// A company recruiting alumni.
#[derive(Debug, Serialize, ToSchema)]
pub struct Company {
    pub id: i64,
    pub name: String,
    pub country_code: Option<String>,
    pub website: String,
}
