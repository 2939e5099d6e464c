//! The lifecycles of the programme as explicit state machines. A transition that the programme's
//! rules do not allow is an error, never a silently ignored boolean.

use crate::text::FieldError;
use serde::{Deserialize, Serialize};

/// A transition the lifecycle does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{lifecycle}: cannot move from {from} to {to}")]
pub struct LifecycleError {
    pub lifecycle: &'static str,
    pub from: &'static str,
    pub to: &'static str,
}

/// Shared behaviour of the state machines: the table of allowed moves is the only thing each
/// lifecycle defines.
pub trait Lifecycle: Copy + Eq + 'static {
    const NAME: &'static str;
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;
    /// The states this one may move to.
    fn next_states(self) -> &'static [Self];

    fn is_final(self) -> bool {
        self.next_states().is_empty()
    }
    fn can_move_to(self, to: Self) -> bool {
        self.next_states().contains(&to)
    }
    fn move_to(self, to: Self) -> Result<Self, LifecycleError> {
        if self.can_move_to(to) {
            Ok(to)
        } else {
            Err(LifecycleError { lifecycle: Self::NAME, from: self.as_str(), to: to.as_str() })
        }
    }
    fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .iter()
            .copied()
            .find(|s| s.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("status", "error-status-invalid"))
    }
}

/// An application, from the first draft to clearance (the selection process of the overseas
/// missions, `JET.md` "The yearly cycle").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApplicationStatus {
    Draft,
    Submitted,
    /// Did not pass the first (document) screening.
    ScreenedOut,
    InvitedToInterview,
    Interviewed,
    ShortListed,
    /// Ranked reserve; may be upgraded when a short-listed candidate withdraws.
    Alternate,
    NotSelected,
    /// Short-listed and returned the reply form accepting.
    Accepted,
    /// Short-listed and declined the offer.
    Declined,
    /// Accepted and all clearance documents received: ready for placement.
    Cleared,
    /// Missed a deadline or made a false statement.
    Disqualified,
    Withdrawn,
}

impl Lifecycle for ApplicationStatus {
    const NAME: &'static str = "application";
    const ALL: &'static [Self] = &[
        Self::Draft,
        Self::Submitted,
        Self::ScreenedOut,
        Self::InvitedToInterview,
        Self::Interviewed,
        Self::ShortListed,
        Self::Alternate,
        Self::NotSelected,
        Self::Accepted,
        Self::Declined,
        Self::Cleared,
        Self::Disqualified,
        Self::Withdrawn,
    ];
    fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::ScreenedOut => "screened-out",
            Self::InvitedToInterview => "invited-to-interview",
            Self::Interviewed => "interviewed",
            Self::ShortListed => "short-listed",
            Self::Alternate => "alternate",
            Self::NotSelected => "not-selected",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Cleared => "cleared",
            Self::Disqualified => "disqualified",
            Self::Withdrawn => "withdrawn",
        }
    }
    fn next_states(self) -> &'static [Self] {
        use ApplicationStatus::*;
        match self {
            Draft => &[Submitted, Withdrawn],
            Submitted => &[ScreenedOut, InvitedToInterview, Withdrawn, Disqualified],
            InvitedToInterview => &[Interviewed, Withdrawn, Disqualified],
            Interviewed => &[ShortListed, Alternate, NotSelected, Withdrawn, Disqualified],
            // An alternate is upgraded, or the year closes without a place for them.
            Alternate => &[ShortListed, NotSelected, Withdrawn],
            ShortListed => &[Accepted, Declined, Withdrawn, Disqualified],
            Accepted => &[Cleared, Withdrawn, Disqualified],
            // A false statement found after clearance still disqualifies.
            Cleared => &[Withdrawn, Disqualified],
            ScreenedOut | NotSelected | Declined | Disqualified | Withdrawn => &[],
        }
    }
}

impl ApplicationStatus {
    pub fn message_key(self) -> String {
        format!("application-status-{}", self.as_str())
    }
}

/// A participant's appointment, from placement to the end of the last contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppointmentStatus {
    /// Placed and notified, not yet arrived.
    Incoming,
    /// In Japan, under contract.
    Serving,
    /// The contracting organisation offered, and the participant accepted, another year.
    Reappointed,
    /// Left at the end of the contract.
    Completed,
    /// Left before the end of the contract.
    LeftEarly,
}

impl Lifecycle for AppointmentStatus {
    const NAME: &'static str = "appointment";
    const ALL: &'static [Self] = &[Self::Incoming, Self::Serving, Self::Reappointed, Self::Completed, Self::LeftEarly];
    fn as_str(self) -> &'static str {
        match self {
            Self::Incoming => "incoming",
            Self::Serving => "serving",
            Self::Reappointed => "reappointed",
            Self::Completed => "completed",
            Self::LeftEarly => "left-early",
        }
    }
    fn next_states(self) -> &'static [Self] {
        use AppointmentStatus::*;
        match self {
            Incoming => &[Serving, LeftEarly],
            Serving => &[Reappointed, Completed, LeftEarly],
            Reappointed => &[Serving, LeftEarly],
            Completed | LeftEarly => &[],
        }
    }
}

impl AppointmentStatus {
    pub fn message_key(self) -> String {
        format!("appointment-status-{}", self.as_str())
    }
}

/// One recruiting country's programme year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProgrammeYearStatus {
    Planning,
    Recruiting,
    Selecting,
    Placing,
    Closed,
}

impl Lifecycle for ProgrammeYearStatus {
    const NAME: &'static str = "programme-year";
    const ALL: &'static [Self] = &[Self::Planning, Self::Recruiting, Self::Selecting, Self::Placing, Self::Closed];
    fn as_str(self) -> &'static str {
        match self {
            Self::Planning => "planning",
            Self::Recruiting => "recruiting",
            Self::Selecting => "selecting",
            Self::Placing => "placing",
            Self::Closed => "closed",
        }
    }
    fn next_states(self) -> &'static [Self] {
        use ProgrammeYearStatus::*;
        match self {
            Planning => &[Recruiting],
            Recruiting => &[Selecting],
            Selecting => &[Placing],
            Placing => &[Closed],
            Closed => &[],
        }
    }
}

impl ProgrammeYearStatus {
    /// Whether the year's set-up (dates, plan, groups, rules) may still change. A closed year is
    /// the record of what was: its applicants were selected and placed against those dates and
    /// rules, so changing them afterwards would rewrite history.
    pub fn accepts_changes(self) -> bool {
        self != Self::Closed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_closed_year_is_read_only() {
        for &status in ProgrammeYearStatus::ALL {
            assert_eq!(status.accepts_changes(), !status.is_final(), "{status:?}");
        }
        assert!(!ProgrammeYearStatus::Closed.accepts_changes());
        assert!(ProgrammeYearStatus::Placing.accepts_changes());
    }

    /// Every state can be reached from the first one, so no state is dead code.
    fn all_reachable<L: Lifecycle + std::fmt::Debug>(start: L) {
        let mut seen = vec![start];
        let mut frontier = vec![start];
        while let Some(state) = frontier.pop() {
            for &next in state.next_states() {
                if !seen.contains(&next) {
                    seen.push(next);
                    frontier.push(next);
                }
            }
        }
        for state in L::ALL {
            assert!(seen.contains(state), "{state:?} is unreachable in {}", L::NAME);
        }
    }

    #[test]
    fn every_state_is_reachable() {
        all_reachable(ApplicationStatus::Draft);
        all_reachable(AppointmentStatus::Incoming);
        all_reachable(ProgrammeYearStatus::Planning);
    }

    #[test]
    fn illegal_moves_are_errors() {
        let err = ApplicationStatus::Draft.move_to(ApplicationStatus::ShortListed).unwrap_err();
        assert_eq!(err.to_string(), "application: cannot move from draft to short-listed");
        assert!(ApplicationStatus::Withdrawn.is_final());
        assert_eq!(
            ApplicationStatus::Alternate.move_to(ApplicationStatus::ShortListed),
            Ok(ApplicationStatus::ShortListed)
        );
    }

    #[test]
    fn withdrawal_is_possible_from_every_open_state() {
        for &state in ApplicationStatus::ALL {
            if !state.is_final() {
                assert!(
                    state.can_move_to(ApplicationStatus::Withdrawn) || state == ApplicationStatus::Withdrawn,
                    "{state:?}"
                );
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for &s in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(s.as_str()).unwrap(), s);
        }
    }
}

/// Reading a status back from storage: a value this version does not know is an error, never a
/// guess. Each lifecycle's statuses are stored as their `as_str`.
macro_rules! stored_status {
    ($($t:ty),* $(,)?) => {$(
        impl TryFrom<String> for $t {
            type Error = FieldError;
            fn try_from(raw: String) -> Result<Self, FieldError> {
                <$t as Lifecycle>::parse(&raw)
            }
        }

        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// For message keys (`application-status-submitted`) and data attributes: the code.
        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
    )*};
}
pub(crate) use stored_status;

stored_status!(ApplicationStatus, AppointmentStatus, ProgrammeYearStatus);
