//! The programme's records as each role sees them: the dashboard, participants, applications,
//! contracting organisations. Every query is built from the caller's scope; a record outside it is
//! refused and the attempt audited.

use crate::App;
use crate::access::{Account, ApplicationRecords, OrganisationRecords, ParticipantRecords};
use crate::admin::{Listing, Page};
use crate::error::{AppError, AppResult};
use domain::{ParticipantId, Role, Unit};
use serde::Serialize;
use store::programme::{
    self, ApplicationFilter, ApplicationRow, CompanyRow, MissionRow, OrganisationFilter, OrganisationRow,
    ParticipantFilter, ParticipantRow, Tally,
};
use store::reference::{self, PrefectureRow};

/// One part of a dashboard, per role held.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Section {
    Administration { users: i64, audit_records: i64, mails: i64 },
    National { participants: i64, organisations: i64, by_country: Vec<Tally>, applications: Vec<Tally> },
    Mission { mission: MissionRow, applications: i64, by_status: Vec<Tally> },
    Organisation { organisation: OrganisationRow, participants: i64 },
    Prefecture { prefecture: PrefectureRow, participants: i64, organisations: i64 },
    Appointment { participants: Vec<ParticipantRow> },
    Application { applications: Vec<ApplicationRow> },
    Alumnus { participants: Vec<ParticipantRow> },
    Company { company: CompanyRow },
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub sections: Vec<Section>,
}

/// Filters a user may choose on top of their scope.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub search: Option<String>,
    pub status: Option<String>,
    pub position: Option<String>,
    pub country: Option<String>,
    pub prefecture: Option<i64>,
}

fn clean(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

impl App {
    /// The reference list of prefectures: public knowledge, for any signed-in user.
    pub async fn prefectures(&self) -> AppResult<Vec<PrefectureRow>> {
        let mut tx = self.store.read().await?;
        Ok(reference::prefectures(&mut tx).await?)
    }
}

impl Account<'_> {
    pub async fn dashboard(&self) -> AppResult<Dashboard> {
        let actor = self.actor();
        let mut sections = Vec::new();
        if actor.holds(Role::SystemAdministrator) {
            let (users, audit_records, mails) =
                self.administering(actor, "dashboard.admin").await?.admin_counts().await?;
            sections.push(Section::Administration { users, audit_records, mails });
        }
        let mut tx = self.store.read().await?;
        if actor.holds(Role::ClairStaff) {
            let all = ParticipantFilter { current_only: true, ..Default::default() };
            sections.push(Section::National {
                participants: programme::count_participants(&mut tx, &all).await?,
                organisations: programme::count_organisations(&mut tx, &OrganisationFilter::default()).await?,
                by_country: programme::participants_by_country(&mut tx, &all).await?,
                applications: programme::applications_by_status(&mut tx, &ApplicationFilter::default()).await?,
            });
        }
        for grant in &actor.grants {
            match (grant.role(), grant.unit()) {
                (Role::MissionStaff, Unit::Mission(m)) => {
                    let Some(mission) = programme::mission_by_id(&mut tx, m.0).await? else {
                        continue;
                    };
                    let filter = ApplicationFilter {
                        scope: Some(programme::ApplicationScope { missions: vec![m.0], person: None }),
                        ..Default::default()
                    };
                    sections.push(Section::Mission {
                        mission,
                        applications: programme::count_applications(&mut tx, &filter).await?,
                        by_status: programme::applications_by_status(&mut tx, &filter).await?,
                    });
                }
                (Role::CoSupervisor, Unit::Organisation(o)) => {
                    let filter = OrganisationFilter {
                        scope: Some(programme::OrganisationScope { organisations: vec![o.0], prefectures: vec![] }),
                        ..Default::default()
                    };
                    let Some(organisation) = programme::organisations(&mut tx, &filter, 1, 0).await?.into_iter().next()
                    else {
                        continue;
                    };
                    let participants = organisation.participants;
                    sections.push(Section::Organisation { organisation, participants });
                }
                (Role::PrefecturalAdvisor, Unit::Prefecture(p)) => {
                    let code = i64::from(p);
                    let Some(prefecture) = reference::prefectures(&mut tx).await?.into_iter().find(|r| r.code == code)
                    else {
                        continue;
                    };
                    let scope = programme::ParticipantScope { prefectures: vec![code], ..Default::default() };
                    sections.push(Section::Prefecture {
                        prefecture,
                        participants: programme::count_participants(
                            &mut tx,
                            &ParticipantFilter { scope: Some(scope), current_only: true, ..Default::default() },
                        )
                        .await?,
                        organisations: programme::count_organisations(
                            &mut tx,
                            &OrganisationFilter { prefecture: Some(code), ..Default::default() },
                        )
                        .await?,
                    });
                }
                (Role::CompanyRecruiter, Unit::Company(c)) => {
                    if let Some(company) = programme::company_by_id(&mut tx, c.0).await? {
                        sections.push(Section::Company { company });
                    }
                }
                _ => {}
            }
        }
        if let Some(person) = actor.person_id {
            let own = ParticipantFilter {
                scope: Some(programme::ParticipantScope { person: Some(person.0), ..Default::default() }),
                ..Default::default()
            };
            if actor.holds(Role::Participant) {
                sections
                    .push(Section::Appointment { participants: programme::participants(&mut tx, &own, 10, 0).await? });
            }
            if actor.holds(Role::Alumnus) {
                sections.push(Section::Alumnus { participants: programme::participants(&mut tx, &own, 10, 0).await? });
            }
            if actor.holds(Role::Applicant) {
                let filter = ApplicationFilter {
                    scope: Some(programme::ApplicationScope { missions: vec![], person: Some(person.0) }),
                    ..Default::default()
                };
                sections.push(Section::Application {
                    applications: programme::applications(&mut tx, &filter, 10, 0).await?,
                });
            }
        }
        Ok(Dashboard { sections })
    }
}

impl ParticipantRecords<'_> {
    pub async fn participants(&self, filter: &ListFilter, page: Page) -> AppResult<Listing<ParticipantRow>> {
        let scope = self.scope().cloned();
        let status = clean(&filter.status);
        let filter = ParticipantFilter {
            scope,
            // Without a status chosen, lists show the people on the programme now; alumni are one
            // status filter away.
            current_only: status.is_none(),
            country: clean(&filter.country),
            position: clean(&filter.position),
            status,
            search: clean(&filter.search),
        };
        let mut tx = self.store.read().await?;
        let rows = programme::participants(&mut tx, &filter, page.limit, page.offset).await?;
        let total = programme::count_participants(&mut tx, &filter).await?;
        Ok(Listing { rows, total, limit: page.limit, offset: page.offset })
    }

    /// One participant, if in the caller's scope. Outside it: `Forbidden`, audited.
    pub async fn participant(&self, id: ParticipantId) -> AppResult<ParticipantRow> {
        let actor = self.actor();
        let mut tx = self.store.read().await?;
        let row = programme::participant_by_id(&mut tx, id.0).await?.ok_or(AppError::NotFound)?;
        drop(tx);
        let allowed = match self.scope() {
            None => true,
            Some(s) => {
                s.organisations.contains(&row.organisation_id)
                    || s.prefectures.contains(&row.prefecture_code)
                    || s.person == Some(row.person_id)
            }
        };
        if allowed {
            Ok(row)
        } else {
            Err(self.audit_denied(Some(actor), "participant.read", "participant", id.to_string()).await)
        }
    }
}

impl ApplicationRecords<'_> {
    pub async fn applications(&self, filter: &ListFilter, page: Page) -> AppResult<Listing<ApplicationRow>> {
        let actor = self.actor();
        let scope = self.scope().cloned();
        let mut tx = self.store.read().await?;
        // Blind screening holds in the list, its search, its exports and saved filters alike.
        let hidden = crate::blind::hidden_identities(&mut tx, actor).await?;
        let filter = ApplicationFilter {
            scope,
            status: clean(&filter.status),
            position: clean(&filter.position),
            search: clean(&filter.search),
            hidden: Some(hidden.clone()),
        };
        let mut rows = programme::applications(&mut tx, &filter, page.limit, page.offset).await?;
        let total = programme::count_applications(&mut tx, &filter).await?;
        for row in rows.iter_mut().filter(|r| hidden.hides(r.programme_year_id, r.status, r.person_id)) {
            row.family_name.clear();
            row.given_name.clear();
            row.identity_hidden = true;
        }
        Ok(Listing { rows, total, limit: page.limit, offset: page.offset })
    }
}

impl OrganisationRecords<'_> {
    pub async fn organisations(&self, filter: &ListFilter, page: Page) -> AppResult<Listing<OrganisationRow>> {
        let scope = self.scope().cloned();
        let filter = OrganisationFilter { scope, prefecture: filter.prefecture, search: clean(&filter.search) };
        let mut tx = self.store.read().await?;
        let rows = programme::organisations(&mut tx, &filter, page.limit, page.offset).await?;
        let total = programme::count_organisations(&mut tx, &filter).await?;
        Ok(Listing { rows, total, limit: page.limit, offset: page.offset })
    }
}
