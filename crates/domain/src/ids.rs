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
);
