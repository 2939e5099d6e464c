//! Database identifiers as distinct types, so a mission's id can never be passed where a contracting
//! organisation's is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        /// From a path or a form field: the number itself.
        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    )*};
}

id_type!(
    /// A login account.
    UserId,
    /// A person known to the programme (applicant, participant, alumnus), with or without an account.
    PersonId,
    /// An overseas mission: an embassy's or consulate's JET desk.
    MissionId,
    /// A contracting organisation (CO): a participant's employer in Japan.
    OrganisationId,
    /// One recruiting country's programme year.
    ProgrammeYearId,
    /// An application to the programme.
    ApplicationId,
    /// A participant's appointment.
    ParticipantId,
    /// A company that recruits former participants.
    CompanyId,
    /// A role given to a user.
    RoleGrantId,
    /// A personal API token.
    ApiTokenId,
    /// A mail in the outbox.
    MailId,
    /// An interview location of a mission.
    InterviewLocationId,
    /// An uploaded document (an applicant's, a referee's letter, a clearance paper).
    DocumentId,
    /// One interview slot of a mission's panel.
    InterviewSlotId,
    /// A contracting organisation's request for participants.
    PlacementRequestId,
    /// One run of the placement engine over a year.
    PlacementRunId,
    /// A background job (an import, a placement run).
    JobId,
    /// A list filter a user saved under a name.
    SavedFilterId,
);
