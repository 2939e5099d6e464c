//! Contracting organisations and overseas missions.

use crate::text::FieldError;
use serde::{Deserialize, Serialize};

/// What a contracting organisation (CO) is. Every CO is tied to a real municipality code: a
/// prefecture's own code for prefectural bodies, the municipality's for the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrganisationKind {
    Prefecture,
    DesignatedCity,
    City,
    Town,
    Village,
    BoardOfEducation,
    School,
    PrivateSchool,
    InternationalAssociation,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 9] = [
        OrganisationKind::Prefecture,
        OrganisationKind::DesignatedCity,
        OrganisationKind::City,
        OrganisationKind::Town,
        OrganisationKind::Village,
        OrganisationKind::BoardOfEducation,
        OrganisationKind::School,
        OrganisationKind::PrivateSchool,
        OrganisationKind::InternationalAssociation,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::Prefecture => "prefecture",
            OrganisationKind::DesignatedCity => "designated-city",
            OrganisationKind::City => "city",
            OrganisationKind::Town => "town",
            OrganisationKind::Village => "village",
            OrganisationKind::BoardOfEducation => "board-of-education",
            OrganisationKind::School => "school",
            OrganisationKind::PrivateSchool => "private-school",
            OrganisationKind::InternationalAssociation => "international-association",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        OrganisationKind::ALL
            .into_iter()
            .find(|k| k.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("kind", "error-organisation-kind-invalid"))
    }
    pub fn message_key(self) -> &'static str {
        match self {
            OrganisationKind::Prefecture => "organisation-kind-prefecture",
            OrganisationKind::DesignatedCity => "organisation-kind-designated-city",
            OrganisationKind::City => "organisation-kind-city",
            OrganisationKind::Town => "organisation-kind-town",
            OrganisationKind::Village => "organisation-kind-village",
            OrganisationKind::BoardOfEducation => "organisation-kind-board-of-education",
            OrganisationKind::School => "organisation-kind-school",
            OrganisationKind::PrivateSchool => "organisation-kind-private-school",
            OrganisationKind::InternationalAssociation => "organisation-kind-international-association",
        }
    }
}

/// An overseas mission of Japan's Ministry of Foreign Affairs with a JET desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MissionKind {
    Embassy,
    Consulate,
}

impl MissionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MissionKind::Embassy => "embassy",
            MissionKind::Consulate => "consulate",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim() {
            "embassy" => Ok(MissionKind::Embassy),
            "consulate" => Ok(MissionKind::Consulate),
            _ => Err(FieldError::new("kind", "error-mission-kind-invalid")),
        }
    }
}
