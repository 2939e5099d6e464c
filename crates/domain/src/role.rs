//! Roles, the unit each is scoped to, and what each may do.

use crate::geography::PrefectureCode;
use crate::ids::{CompanyId, MissionId, OrganisationId};
use crate::text::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The roles of the programme. A user may hold several (a CO supervisor who is also an alumnus).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Applicant,
    /// Staff of one overseas mission's JET desk.
    MissionStaff,
    /// Staff of CLAIR (coordination, training and counselling).
    ClairStaff,
    /// The supervisor at one contracting organisation.
    CoSupervisor,
    /// A Prefectural Advisor of one prefecture (or designated city).
    PrefecturalAdvisor,
    Participant,
    Alumnus,
    /// A recruiter at one company that hires former participants.
    CompanyRecruiter,
    SystemAdministrator,
}

/// The kind of unit a role must be scoped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    None,
    Mission,
    Organisation,
    Prefecture,
    Company,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Applicant,
        Role::MissionStaff,
        Role::ClairStaff,
        Role::CoSupervisor,
        Role::PrefecturalAdvisor,
        Role::Participant,
        Role::Alumnus,
        Role::CompanyRecruiter,
        Role::SystemAdministrator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::MissionStaff => "mission-staff",
            Role::ClairStaff => "clair-staff",
            Role::CoSupervisor => "co-supervisor",
            Role::PrefecturalAdvisor => "prefectural-advisor",
            Role::Participant => "participant",
            Role::Alumnus => "alumnus",
            Role::CompanyRecruiter => "company-recruiter",
            Role::SystemAdministrator => "system-administrator",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("role", "error-role-invalid"))
    }
    pub fn message_key(self) -> &'static str {
        match self {
            Role::Applicant => "role-applicant",
            Role::MissionStaff => "role-mission-staff",
            Role::ClairStaff => "role-clair-staff",
            Role::CoSupervisor => "role-co-supervisor",
            Role::PrefecturalAdvisor => "role-prefectural-advisor",
            Role::Participant => "role-participant",
            Role::Alumnus => "role-alumnus",
            Role::CompanyRecruiter => "role-company-recruiter",
            Role::SystemAdministrator => "role-system-administrator",
        }
    }
    /// The unit this role is scoped to. Applicants, participants and alumni are scoped to their own
    /// person record, which the account carries, so they name no unit.
    pub fn unit_kind(self) -> UnitKind {
        match self {
            Role::MissionStaff => UnitKind::Mission,
            Role::CoSupervisor => UnitKind::Organisation,
            Role::PrefecturalAdvisor => UnitKind::Prefecture,
            Role::CompanyRecruiter => UnitKind::Company,
            Role::Applicant | Role::ClairStaff | Role::Participant | Role::Alumnus | Role::SystemAdministrator => {
                UnitKind::None
            }
        }
    }
    /// What the role may do. Scope (whose data) is decided by the unit, in the app layer.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::Applicant => &[ViewOwnApplication],
            Role::MissionStaff => &[ViewApplications, ViewMissions, ManageProgrammeYears, SelectCandidates],
            Role::ClairStaff => &[
                ManageProgrammeYears,
                ViewApplications,
                SelectCandidates,
                ViewParticipants,
                ViewOrganisations,
                ViewMissions,
                ViewNationalStatistics,
                PlaceCandidates,
            ],
            Role::CoSupervisor => &[ViewParticipants, ViewOrganisations, RequestParticipants],
            Role::PrefecturalAdvisor => &[ViewParticipants, ViewOrganisations],
            Role::Participant => &[ViewOwnAppointment],
            Role::Alumnus => &[ViewOwnAppointment],
            Role::CompanyRecruiter => &[ViewCompany],
            Role::SystemAdministrator => {
                &[ManageUsers, ViewAudit, ViewOutbox, ViewOrganisations, ViewMissions, ViewNationalStatistics]
            }
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A capability a role grants. The app layer turns a held permission into a scoped handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Permission {
    ViewOwnApplication,
    ViewOwnAppointment,
    ViewApplications,
    ViewParticipants,
    ViewOrganisations,
    ViewMissions,
    ViewNationalStatistics,
    ViewCompany,
    /// Screen, interview and decide on applications (within the role's missions).
    SelectCandidates,
    ManageUsers,
    ViewAudit,
    ViewOutbox,
    /// Set up a recruiting country's programme year (dates, plan, rules, groups).
    ManageProgrammeYears,
    /// Request participants for the caller's organisation (or, for a prefecture-wide body or a
    /// designated city, on behalf of the organisations it forwards for).
    RequestParticipants,
    /// Set the placement weights, run the engine, move candidates and approve a run (CLAIR).
    PlaceCandidates,
}

/// The unit a role is held for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum Unit {
    None,
    Mission(MissionId),
    Organisation(OrganisationId),
    Prefecture(PrefectureCode),
    Company(CompanyId),
}

impl Unit {
    pub fn kind(self) -> UnitKind {
        match self {
            Unit::None => UnitKind::None,
            Unit::Mission(_) => UnitKind::Mission,
            Unit::Organisation(_) => UnitKind::Organisation,
            Unit::Prefecture(_) => UnitKind::Prefecture,
            Unit::Company(_) => UnitKind::Company,
        }
    }
    /// A stable text key (`mission:12`), used for uniqueness and in audit records.
    pub fn key(self) -> String {
        match self {
            Unit::None => "-".into(),
            Unit::Mission(id) => format!("mission:{id}"),
            Unit::Organisation(id) => format!("organisation:{id}"),
            Unit::Prefecture(code) => format!("prefecture:{code}"),
            Unit::Company(id) => format!("company:{id}"),
        }
    }

    /// The unit from its key (`mission:3`, `prefecture:28`; `-` or nothing for none), as
    /// [`Unit::key`] writes it; refusals name the field `unit`.
    pub fn parse_key(raw: &str) -> Result<Unit, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() || raw == "-" {
            return Ok(Unit::None);
        }
        let bad = || FieldError::new("unit", "error-unit-unknown");
        let (kind, id) = raw.split_once(':').ok_or_else(bad)?;
        let id: i64 = id.trim().parse().map_err(|_| FieldError::new("unit", "error-number-invalid"))?;
        match kind.trim() {
            "mission" => Ok(Unit::Mission(MissionId(id))),
            "organisation" => Ok(Unit::Organisation(OrganisationId(id))),
            "prefecture" => Ok(Unit::Prefecture(PrefectureCode::new(id)?)),
            "company" => Ok(Unit::Company(CompanyId(id))),
            _ => Err(bad()),
        }
    }
}

/// A role held for a unit. The only constructor checks that the unit fits the role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct RoleGrant {
    role: Role,
    unit: Unit,
}

impl RoleGrant {
    pub fn new(role: Role, unit: Unit) -> Result<Self, FieldError> {
        if role.unit_kind() != unit.kind() {
            let reason = match role.unit_kind() {
                UnitKind::None => "error-role-takes-no-unit",
                UnitKind::Mission => "error-role-needs-mission",
                UnitKind::Organisation => "error-role-needs-organisation",
                UnitKind::Prefecture => "error-role-needs-prefecture",
                UnitKind::Company => "error-role-needs-company",
            };
            return Err(FieldError::new("unit", reason));
        }
        Ok(RoleGrant { role, unit })
    }
    pub fn role(&self) -> Role {
        self.role
    }
    pub fn unit(&self) -> Unit {
        self.unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoped_roles_need_their_unit() {
        assert!(RoleGrant::new(Role::MissionStaff, Unit::Mission(MissionId(1))).is_ok());
        assert_eq!(RoleGrant::new(Role::MissionStaff, Unit::None).unwrap_err().reason, "error-role-needs-mission");
        assert!(RoleGrant::new(Role::ClairStaff, Unit::Organisation(OrganisationId(3))).is_err());
        let pa = RoleGrant::new(Role::PrefecturalAdvisor, Unit::Prefecture(PrefectureCode::new(28).unwrap()));
        assert_eq!(pa.unwrap().unit().key(), "prefecture:28");
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()).unwrap(), role);
        }
    }

    #[test]
    fn only_administrators_manage_users() {
        for role in Role::ALL {
            let manages = role.permissions().contains(&Permission::ManageUsers);
            assert_eq!(manages, role == Role::SystemAdministrator, "{role}");
        }
    }
}
