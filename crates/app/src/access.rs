//! Who may do what. Every scope of the programme is computed here, from the caller's roles and
//! their units, and an area's use cases are reached only through a handle that a passed check
//! produces, as lldap hands its admin backend only to an administrator
//! (`get_admin_handler() -> Option<&impl AdminBackendHandler>`). A handle's fields are private to
//! this module, so no other code can make one: a use case defined on a handle cannot run for a
//! caller who was not checked, and a new area cannot forget the check.
//!
//! Checks come at two points:
//! - **the door**: `App::selecting(actor, action)` and its siblings check the caller's roles (what
//!   they may do at all) and compute their scope before any transaction;
//! - **the record**: what depends on a record (this application is of my mission, this year is of
//!   my country, this review is mine) is checked by the handle's record methods
//!   ([`Applicant::own_application`], [`Selecting::year`], ...) inside the use case's own
//!   transaction, so the check, the change and its audit record commit or fail together.
//!
//! Every refusal, at either point, is audited ([`App::audit_denied`]: queued without a connection,
//! so a refusal inside a transaction waits for nothing).

use crate::error::{AppError, AppResult};
use crate::{Actor, App};
use domain::{ApplicationId, MissionId, Permission, PersonId, Role, Unit};
use store::Tx;
use store::applying::{self as applying_db, ApplicationRecord};
use store::placing::{self as placing_db, RequestRow};
use store::programme::{self, ApplicationScope, OrganisationScope, ParticipantScope};
use store::recruitment::{self as recruitment_db, ProgrammeYearRow};
use store::selection::{self as selection_db, ReviewRow};

/// Declares handles: each holds the application, the checked caller and what the check found.
/// Each dereferences to [`App`], so a use case on it reads `self.store`, `self.now()` as before.
macro_rules! handles {
    ($($(#[$doc:meta])* $name:ident { $($field:ident : $ty:ty),* $(,)? })*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name<'a> {
            app: &'a App,
            actor: &'a Actor,
            $($field: $ty,)*
        }

        impl<'a> $name<'a> {
            /// The caller the check passed for.
            pub fn actor(&self) -> &'a Actor {
                self.actor
            }
            /// The application itself, for work that outlives the call (a background job).
            pub fn app(&self) -> &'a App {
                self.app
            }
        }

        impl std::ops::Deref for $name<'_> {
            type Target = App;
            fn deref(&self) -> &App {
                self.app
            }
        }
    )*};
}

handles! {
    /// Any signed-in caller, on what is theirs: sessions, API tokens, language, dashboard, saved
    /// filters and their own background jobs.
    Account {}
    /// An applicant, on their own applications and nobody else's.
    Applicant { person: PersonId }
    /// A reviewer, on the applications they were asked to review (checked per application).
    Reviewing {}
    /// A reader of candidates' files: the desk of the application's mission, CLAIR, and the
    /// application's reviewers (checked per application: [`FileReading::reader`]).
    FileReading {}
    /// Mission staff and CLAIR selecting candidates: screening, interviews, decisions, imports.
    Selecting { missions: Option<Vec<i64>> }
    /// CLAIR placing candidates: weights, runs, moves, approval.
    Placing {}
    /// Contracting organisations, Prefectural Advisors and CLAIR, on placement requests.
    Requesting { remit: Remit }
    /// National figures (CLAIR and administrators).
    Statistics {}
    /// Administrators managing accounts and roles.
    Administering {}
    /// Readers of the audit log.
    Auditing {}
    /// Readers of the outbox.
    ReadingOutbox {}
    /// Programme years: CLAIR's every country, mission staff their missions' countries.
    YearDesk { countries: Option<Vec<String>> }
    /// The participant list, as far as the caller may see it.
    ParticipantRecords { scope: Option<ParticipantScope> }
    /// The application list (and applications' documents), as far as the caller may see it.
    ApplicationRecords { scope: Option<ApplicationScope> }
    /// The contracting organisations the caller may list.
    OrganisationRecords { scope: Option<OrganisationScope> }
    /// The missions the caller may list.
    MissionRecords { scope: Option<Vec<i64>> }
}

impl App {
    /// Whether the caller holds a permission; if not, the refusal is audited under `action`.
    async fn door(&self, actor: &Actor, allowed: bool, action: &'static str, entity: &'static str) -> AppResult<()> {
        if allowed { Ok(()) } else { Err(self.audit_denied(Some(actor), action, entity, "-".into()).await) }
    }

    /// The caller's own account: every signed-in caller has one.
    pub fn account<'a>(&'a self, actor: &'a Actor) -> Account<'a> {
        Account { app: self, actor }
    }

    /// Reviews are checked application by application ([`Reviewing::own_review`]).
    pub fn reviewing<'a>(&'a self, actor: &'a Actor) -> Reviewing<'a> {
        Reviewing { app: self, actor }
    }

    /// Candidates' files are checked application by application ([`FileReading::reader`]).
    pub fn file_reading<'a>(&'a self, actor: &'a Actor) -> FileReading<'a> {
        FileReading { app: self, actor }
    }

    pub async fn applicant<'a>(&'a self, actor: &'a Actor, action: &'static str) -> AppResult<Applicant<'a>> {
        match (actor.holds(Role::Applicant), actor.person_id) {
            (true, Some(person)) => Ok(Applicant { app: self, actor, person }),
            _ => Err(self.audit_denied(Some(actor), action, "application", "-".into()).await),
        }
    }

    pub async fn selecting<'a>(&'a self, actor: &'a Actor, action: &'static str) -> AppResult<Selecting<'a>> {
        let scope = actor.application_scope();
        let allowed = actor.may(Permission::SelectCandidates)
            && match &scope {
                Ok(None) => true,
                Ok(Some(s)) => !s.missions.is_empty(),
                Err(_) => false,
            };
        self.door(actor, allowed, action, "programme-year").await?;
        let missions = match scope {
            Ok(Some(s)) => Some(s.missions),
            _ => None,
        };
        Ok(Selecting { app: self, actor, missions })
    }

    pub async fn placing<'a>(&'a self, actor: &'a Actor, action: &'static str) -> AppResult<Placing<'a>> {
        self.door(actor, actor.may(Permission::PlaceCandidates), action, "placement-year").await?;
        Ok(Placing { app: self, actor })
    }

    pub async fn requesting<'a>(&'a self, actor: &'a Actor, action: &'static str) -> AppResult<Requesting<'a>> {
        let remit = {
            let mut tx = self.store.read().await?;
            Remit::of(&mut tx, actor).await?
        };
        self.door(actor, !remit.is_empty(), action, "placement-request").await?;
        Ok(Requesting { app: self, actor, remit })
    }

    pub async fn statistics<'a>(&'a self, actor: &'a Actor, action: &'static str) -> AppResult<Statistics<'a>> {
        self.door(actor, actor.may(Permission::ViewNationalStatistics), action, "placement-year").await?;
        Ok(Statistics { app: self, actor })
    }

    pub async fn administering<'a>(&'a self, actor: &'a Actor, action: &'static str) -> AppResult<Administering<'a>> {
        self.door(actor, actor.may(Permission::ManageUsers), action, "user").await?;
        Ok(Administering { app: self, actor })
    }

    pub async fn auditing<'a>(&'a self, actor: &'a Actor, action: &'static str) -> AppResult<Auditing<'a>> {
        self.door(actor, actor.may(Permission::ViewAudit), action, "audit").await?;
        Ok(Auditing { app: self, actor })
    }

    pub async fn reading_outbox<'a>(&'a self, actor: &'a Actor, action: &'static str) -> AppResult<ReadingOutbox<'a>> {
        self.door(actor, actor.may(Permission::ViewOutbox), action, "mail").await?;
        Ok(ReadingOutbox { app: self, actor })
    }

    pub async fn year_desk<'a>(&'a self, actor: &'a Actor, action: &'static str) -> AppResult<YearDesk<'a>> {
        self.door(actor, actor.may(Permission::ManageProgrammeYears), action, "programme-year").await?;
        let countries = {
            let mut tx = self.store.read().await?;
            year_countries(&mut tx, actor).await?
        };
        Ok(YearDesk { app: self, actor, countries })
    }

    pub async fn participant_records<'a>(
        &'a self,
        actor: &'a Actor,
        action: &'static str,
    ) -> AppResult<ParticipantRecords<'a>> {
        let scope = actor.participant_scope();
        self.door(actor, scope.is_ok(), action, "participant").await?;
        Ok(ParticipantRecords { app: self, actor, scope: scope.unwrap_or_default() })
    }

    pub async fn application_records<'a>(
        &'a self,
        actor: &'a Actor,
        action: &'static str,
    ) -> AppResult<ApplicationRecords<'a>> {
        let scope = actor.application_scope();
        self.door(actor, scope.is_ok(), action, "application").await?;
        Ok(ApplicationRecords { app: self, actor, scope: scope.unwrap_or_default() })
    }

    pub async fn organisation_records<'a>(
        &'a self,
        actor: &'a Actor,
        action: &'static str,
    ) -> AppResult<OrganisationRecords<'a>> {
        let scope = actor.organisation_scope();
        self.door(actor, scope.is_ok(), action, "organisation").await?;
        Ok(OrganisationRecords { app: self, actor, scope: scope.unwrap_or_default() })
    }

    pub async fn mission_records<'a>(
        &'a self,
        actor: &'a Actor,
        action: &'static str,
    ) -> AppResult<MissionRecords<'a>> {
        let scope = actor.mission_scope();
        self.door(actor, scope.is_ok(), action, "mission").await?;
        Ok(MissionRecords { app: self, actor, scope: scope.unwrap_or_default() })
    }
}

impl Applicant<'_> {
    /// The applicant's person record.
    pub fn person(&self) -> PersonId {
        self.person
    }

    /// The caller's own application, or a refusal (audited) for anyone else's.
    pub(crate) async fn own_application(&self, tx: &mut Tx, id: ApplicationId) -> AppResult<ApplicationRecord> {
        let record = applying_db::application(tx, id.0).await?;
        self.owned(record, id).await
    }

    /// [`Applicant::own_application`] in a write transaction, its row locked until the end (it
    /// guards the application's documents and referees): one statement for both.
    pub(crate) async fn own_application_for_change(
        &self,
        tx: &mut Tx,
        id: ApplicationId,
    ) -> AppResult<ApplicationRecord> {
        let record = applying_db::application_for_change(tx, id.0).await?;
        self.owned(record, id).await
    }

    async fn owned(&self, record: Option<ApplicationRecord>, id: ApplicationId) -> AppResult<ApplicationRecord> {
        let record = record.ok_or(AppError::NotFound)?;
        if record.person_id != self.person.0 {
            return Err(self.audit_denied(Some(self.actor), "application.read", "application", id.to_string()).await);
        }
        Ok(record)
    }
}

impl Reviewing<'_> {
    /// The caller's review of an application, or a refusal (audited) if they were not asked.
    pub(crate) async fn own_review(&self, tx: &mut Tx, application: ApplicationId) -> AppResult<ReviewRow> {
        match selection_db::review(tx, application.0, self.actor.user_id.0).await? {
            Some(review) => Ok(review),
            None => Err(self
                .audit_denied(Some(self.actor), "screening.review", "application", application.to_string())
                .await),
        }
    }
}

/// How a candidate's file was opened, which decides the parts it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileReader {
    /// The desk of the application's mission, or CLAIR: the whole file.
    Desk,
    /// A reviewer asked to screen it: what screening needs (the form, documents, letters,
    /// eligibility) and their own review, not the other reviewers' scores or what came after.
    Reviewer,
    /// A reader who declared a conflict of interest with it: nothing personal, whatever else
    /// their roles allow.
    Conflicted,
}

impl FileReading<'_> {
    /// The application and how the caller reads its file, or a refusal (audited). A declared
    /// conflict of interest outranks the desk: a member of the desk who stepped aside from a
    /// candidate does not read that candidate's file either.
    pub(crate) async fn reader(
        &self,
        tx: &mut Tx,
        id: ApplicationId,
    ) -> AppResult<(ApplicationRecord, FileReader, Option<ReviewRow>)> {
        let record = applying_db::application(tx, id.0).await?.ok_or(AppError::NotFound)?;
        let review = selection_db::review(tx, id.0, self.actor.user_id.0).await?;
        let desk = self.actor.may(Permission::SelectCandidates)
            && match self.actor.application_scope() {
                Ok(None) => true,
                Ok(Some(scope)) => scope.missions.contains(&record.mission_id),
                Err(_) => false,
            };
        let reader = match (&review, desk) {
            (Some(r), _) if r.conflict_of_interest.is_some() => FileReader::Conflicted,
            (_, true) => FileReader::Desk,
            (Some(_), false) => FileReader::Reviewer,
            (None, false) => {
                return Err(self
                    .audit_denied(Some(self.actor), "application.file-read", "application", id.to_string())
                    .await);
            }
        };
        Ok((record, reader, review))
    }
}

impl Selecting<'_> {
    /// The missions whose applications the caller handles (`None`: all, CLAIR).
    pub fn missions(&self) -> Option<&[i64]> {
        self.missions.as_deref()
    }

    /// Whether the caller handles a mission's applications.
    pub fn handles_mission(&self, mission: MissionId) -> bool {
        self.missions.as_ref().is_none_or(|m| m.contains(&mission.0))
    }

    /// A year the caller selects in, or a refusal (audited). The year itself is scoped, not only
    /// its rows: another country's year would show its settings and the places it has taken, even
    /// with no application of ours in it.
    pub(crate) async fn year(
        &self,
        tx: &mut Tx,
        year: domain::ProgrammeYearId,
        action: &'static str,
    ) -> AppResult<ProgrammeYearRow> {
        let row = recruitment_db::year_by_id(tx, year.0).await?.ok_or(AppError::NotFound)?;
        if self.missions.is_some()
            && let Some(countries) = year_countries(tx, self.actor).await?
            && !countries.contains(&row.country_code)
        {
            return Err(self.audit_denied(Some(self.actor), action, "programme-year", year.to_string()).await);
        }
        Ok(row)
    }

    /// An application the caller selects on, with its year, or a refusal (audited).
    pub(crate) async fn application(
        &self,
        tx: &mut Tx,
        id: ApplicationId,
        action: &'static str,
    ) -> AppResult<(ApplicationRecord, ProgrammeYearRow)> {
        let record = applying_db::application(tx, id.0).await?.ok_or(AppError::NotFound)?;
        if !self.handles_mission(MissionId(record.mission_id)) {
            return Err(self.audit_denied(Some(self.actor), action, "application", id.to_string()).await);
        }
        let year = recruitment_db::year_by_id(tx, record.programme_year_id).await?.ok_or(AppError::NotFound)?;
        Ok((record, year))
    }
}

impl Requesting<'_> {
    pub fn remit(&self) -> &Remit {
        &self.remit
    }
}

impl YearDesk<'_> {
    /// The countries whose years the caller manages (`None`: every country, CLAIR).
    pub fn countries(&self) -> Option<&[String]> {
        self.countries.as_deref()
    }
    /// Whether the caller manages a country's years.
    pub fn manages(&self, country: &str) -> bool {
        self.countries.as_ref().is_none_or(|c| c.iter().any(|c| c == country))
    }
}

impl ParticipantRecords<'_> {
    pub fn scope(&self) -> Option<&ParticipantScope> {
        self.scope.as_ref()
    }
}

impl ApplicationRecords<'_> {
    pub fn scope(&self) -> Option<&ApplicationScope> {
        self.scope.as_ref()
    }
}

impl OrganisationRecords<'_> {
    pub fn scope(&self) -> Option<&OrganisationScope> {
        self.scope.as_ref()
    }
}

impl MissionRecords<'_> {
    pub fn scope(&self) -> Option<&[i64]> {
        self.scope.as_deref()
    }
}

/// The countries of the caller's missions (`None`: every country, CLAIR).
async fn year_countries(tx: &mut Tx, actor: &Actor) -> AppResult<Option<Vec<String>>> {
    if actor.holds(Role::ClairStaff) {
        return Ok(None);
    }
    let mut countries = Vec::new();
    for grant in actor.grants.iter().filter(|g| g.role() == Role::MissionStaff) {
        if let Unit::Mission(m) = grant.unit()
            && let Some(mission) = programme::mission_by_id(tx, m.0).await?
            && !countries.contains(&mission.country_code)
        {
            countries.push(mission.country_code);
        }
    }
    Ok(Some(countries))
}

/// Who may do what with requests: CLAIR sees all and asks for changes; a CO supervisor writes its
/// organisation's; the supervisor of a prefecture-wide body reviews and forwards its prefecture's
/// (but a designated city's own), a designated city's supervisor its city's; a Prefectural Advisor
/// reads its prefecture's.
#[derive(Debug, Clone, Default)]
pub struct Remit {
    pub national: bool,
    pub own: Vec<i64>,
    pub forward_prefectures: Vec<i64>,
    pub forward_cities: Vec<String>,
    pub read_prefectures: Vec<i64>,
    /// The organisations of `forward_cities`.
    pub(crate) city_organisations: Vec<i64>,
}

impl Remit {
    /// The caller's remit, read from their roles and their organisations' kinds.
    async fn of(tx: &mut Tx, actor: &Actor) -> AppResult<Remit> {
        let mut remit = Remit { national: actor.holds(Role::ClairStaff), ..Remit::default() };
        let mut supervised = Vec::new();
        for g in &actor.grants {
            match (g.role(), g.unit()) {
                (Role::CoSupervisor, Unit::Organisation(o)) => supervised.push(o.0),
                (Role::PrefecturalAdvisor, Unit::Prefecture(p)) => remit.read_prefectures.push(i64::from(p)),
                _ => {}
            }
        }
        for unit in placing_db::organisation_units(tx, &supervised).await? {
            remit.own.push(unit.id);
            if unit.municipality_kind == "prefecture" {
                remit.forward_prefectures.push(unit.prefecture_code);
            } else if domain::geography::DESIGNATED_CITIES.contains(&unit.lg_code.as_str()) {
                remit.forward_cities.push(unit.lg_code.clone());
            }
        }
        remit.city_organisations = placing_db::organisations_in(tx, &remit.forward_cities).await?;
        Ok(remit)
    }

    /// The scope of the request list (`None`: national).
    pub(crate) fn scope(&self) -> Option<OrganisationScope> {
        if self.national {
            return None;
        }
        let mut organisations = self.own.clone();
        organisations.extend(&self.city_organisations);
        let mut prefectures = self.forward_prefectures.clone();
        prefectures.extend(&self.read_prefectures);
        Some(OrganisationScope { organisations, prefectures })
    }
    fn is_empty(&self) -> bool {
        !self.national
            && self.own.is_empty()
            && self.forward_prefectures.is_empty()
            && self.forward_cities.is_empty()
            && self.read_prefectures.is_empty()
    }
    /// Whether this caller forwards `r` (its designated city's, or its prefecture's otherwise).
    pub fn forwards(&self, r: &RequestRow) -> bool {
        if r.designated_city {
            self.forward_cities.contains(&r.lg_code)
        } else {
            self.forward_prefectures.contains(&r.prefecture_code)
        }
    }
    /// Whether this caller writes requests for `organisation` (its own, or on its behalf).
    pub(crate) fn writes(&self, organisation: i64, prefecture: i64, lg_code: &str) -> bool {
        self.own.contains(&organisation)
            || (domain::geography::DESIGNATED_CITIES.contains(&lg_code)
                && self.forward_cities.iter().any(|c| c == lg_code))
            || (!domain::geography::DESIGNATED_CITIES.contains(&lg_code)
                && self.forward_prefectures.contains(&prefecture))
    }
}

/// The scopes of the lists, from the roles' units: the only way the use cases build the filters of
/// their queries, so a list can never be asked for without the caller's scope. The menu asks them
/// too, to show only what the caller may open.
impl Actor {
    fn units_of(&self, role: Role) -> impl Iterator<Item = Unit> + '_ {
        self.grants.iter().filter(move |g| g.role() == role).map(|g| g.unit())
    }

    /// Whose participants this caller may see: `Ok(None)` for everyone (CLAIR), a scope for the
    /// unit-bound roles, `Forbidden` for roles that see no participant list.
    pub fn participant_scope(&self) -> AppResult<Option<ParticipantScope>> {
        if self.holds(Role::ClairStaff) {
            return Ok(None);
        }
        let mut scope = ParticipantScope::default();
        for unit in self.units_of(Role::CoSupervisor) {
            if let Unit::Organisation(o) = unit {
                scope.organisations.push(o.0);
            }
        }
        for unit in self.units_of(Role::PrefecturalAdvisor) {
            match unit {
                Unit::Prefecture(p) => scope.prefectures.push(i64::from(p)),
                Unit::Organisation(o) => scope.organisations.push(o.0),
                _ => {}
            }
        }
        if (self.holds(Role::Participant) || self.holds(Role::Alumnus))
            && let Some(person) = self.person_id
        {
            scope.person = Some(person.0);
        }
        if scope == ParticipantScope::default() { Err(AppError::Forbidden) } else { Ok(Some(scope)) }
    }

    /// Whose applications this caller may see.
    pub fn application_scope(&self) -> AppResult<Option<ApplicationScope>> {
        if self.holds(Role::ClairStaff) {
            return Ok(None);
        }
        let mut scope = ApplicationScope::default();
        for unit in self.units_of(Role::MissionStaff) {
            if let Unit::Mission(m) = unit {
                scope.missions.push(m.0);
            }
        }
        if self.holds(Role::Applicant)
            && let Some(person) = self.person_id
        {
            scope.person = Some(person.0);
        }
        if scope == ApplicationScope::default() { Err(AppError::Forbidden) } else { Ok(Some(scope)) }
    }

    /// Which contracting organisations this caller may list.
    pub fn organisation_scope(&self) -> AppResult<Option<OrganisationScope>> {
        if self.holds(Role::ClairStaff) || self.holds(Role::SystemAdministrator) {
            return Ok(None);
        }
        let mut scope = OrganisationScope::default();
        for unit in self.units_of(Role::CoSupervisor).chain(self.units_of(Role::PrefecturalAdvisor)) {
            match unit {
                Unit::Organisation(o) => scope.organisations.push(o.0),
                Unit::Prefecture(p) => scope.prefectures.push(i64::from(p)),
                _ => {}
            }
        }
        if scope == OrganisationScope::default() { Err(AppError::Forbidden) } else { Ok(Some(scope)) }
    }

    /// The missions this caller may see: all for national roles, their own for mission staff.
    pub fn mission_scope(&self) -> AppResult<Option<Vec<i64>>> {
        if self.holds(Role::ClairStaff) || self.holds(Role::SystemAdministrator) {
            return Ok(None);
        }
        let own: Vec<i64> = self
            .units_of(Role::MissionStaff)
            .filter_map(|u| if let Unit::Mission(m) = u { Some(m.0) } else { None })
            .collect();
        if own.is_empty() { Err(AppError::Forbidden) } else { Ok(Some(own)) }
    }
}
