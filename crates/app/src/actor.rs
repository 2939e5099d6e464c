//! The authenticated caller and what they may see. Scopes are computed here, from the roles'
//! units, and are the only way the use cases build the filters of their queries: a list can never
//! be asked for without the caller's scope.

use crate::error::{AppError, AppResult};
use domain::{Email, Language, Permission, PersonId, Role, RoleGrant, Unit, UserId};
use store::programme::{ApplicationScope, OrganisationScope, ParticipantScope};

/// How the caller proved who they are.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// A browser session; forms and cookie-authenticated API calls must carry its CSRF token.
    Session { id_hash: String, csrf_token: String },
    /// A personal API token (no CSRF: it is never sent by a browser on its own).
    ApiToken { id: i64 },
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credential::Session { .. } => f.write_str("Session(***)"),
            Credential::ApiToken { id } => write!(f, "ApiToken({id})"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: UserId,
    pub email: Email,
    pub display_name: String,
    pub language: Language,
    pub person_id: Option<PersonId>,
    pub grants: Vec<RoleGrant>,
    pub credential: Credential,
}

impl Actor {
    pub fn holds(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role() == role)
    }
    pub fn may(&self, permission: Permission) -> bool {
        self.grants.iter().any(|g| g.role().permissions().contains(&permission))
    }
    /// `Ok` when some role grants the permission; `Forbidden` otherwise (the caller audits it).
    pub fn require(&self, permission: Permission) -> AppResult<()> {
        if self.may(permission) { Ok(()) } else { Err(AppError::Forbidden) }
    }
    pub fn roles(&self) -> Vec<Role> {
        let mut roles: Vec<Role> = self.grants.iter().map(|g| g.role()).collect();
        roles.sort();
        roles.dedup();
        roles
    }
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
