//! Selection at an overseas mission (`JET.md`, "The yearly cycle"): the rubric a year scores
//! against, how reviewers' and panels' scores combine, when reviewers disagree, the proposal of
//! short-list and alternates within the plan, which alternate fills a freed place, and the
//! iCalendar invitation of an interview. Pure: the app layer stores and mails.

use crate::lifecycle::ApplicationStatus;
use crate::position::Position;
use crate::text::FieldError;
use serde::{Deserialize, Serialize};

/// Scores are whole marks from 1 (weak) to 5 (excellent) per criterion.
pub const MARK_MIN: u8 = 1;
pub const MARK_MAX: u8 = 5;

/// One criterion of a rubric. `label` is the desk's own wording; without it the interface shows
/// the catalogue's name for `key` (`criterion-{key}`), in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub key: String,
    #[serde(default)]
    pub label: String,
    pub weight: u8,
}

fn criterion(key: &str, weight: u8) -> Criterion {
    Criterion { key: key.to_owned(), label: String::new(), weight }
}

/// How a year selects: its rubrics, blind screening, how many reviewers each application needs,
/// when two reviewers disagree, and the deadlines of the steps after the short-list. Stored with
/// the year; fields missing in an older record take their defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SelectionRules {
    /// Criteria of the first (document) screening.
    pub screening: Vec<Criterion>,
    /// Criteria of the interview panel's scorecard.
    pub interview: Vec<Criterion>,
    /// Reviewers see no name, birth date (age), photo or sex while screening.
    pub blind_screening: bool,
    /// Reviewers scoring each application (at least two).
    pub reviewers_per_application: u8,
    /// Two weighted scores further apart than this (on the 1–5 scale) are a disagreement that
    /// the desk should look at before it decides.
    pub disagreement_threshold: f64,
    /// An applicant may book, move or cancel their interview until this many hours before it.
    pub booking_cutoff_hours: u32,
    /// Clearance documents are due this many days after the applicant accepts.
    pub clearance_days: u32,
    /// The share of the interview score in the final ranking when a written test is held
    /// (percent; the written test's 0–100 result makes up the rest).
    pub interview_share_percent: u8,
}

impl Default for SelectionRules {
    fn default() -> Self {
        SelectionRules {
            screening: vec![
                criterion("statement", 3),
                criterion("education", 2),
                criterion("experience", 2),
                criterion("japan-interest", 1),
            ],
            interview: vec![
                criterion("motivation", 3),
                criterion("teaching-aptitude", 3),
                criterion("adaptability", 2),
                criterion("communication", 2),
                criterion("cultural-awareness", 2),
            ],
            blind_screening: false,
            reviewers_per_application: 2,
            disagreement_threshold: 1.0,
            booking_cutoff_hours: 48,
            clearance_days: 45,
            interview_share_percent: 80,
        }
    }
}

fn check_rubric(field: &str, rubric: &[Criterion]) -> Result<(), FieldError> {
    if rubric.is_empty() || rubric.len() > 12 {
        return Err(FieldError::with_limit(field, "error-rubric-size", 12));
    }
    for (i, c) in rubric.iter().enumerate() {
        let valid_key = !c.key.is_empty()
            && c.key.len() <= 40
            && c.key.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
        if !valid_key {
            return Err(FieldError::new(format!("{field}[{i}].key"), "error-criterion-key"));
        }
        if rubric[..i].iter().any(|other| other.key == c.key) {
            return Err(FieldError::new(format!("{field}[{i}].key"), "error-duplicate"));
        }
        if c.label.chars().count() > 100 || c.label.chars().any(char::is_control) {
            return Err(FieldError::with_limit(format!("{field}[{i}].label"), "error-too-long", 100));
        }
        if !(1..=10).contains(&c.weight) {
            return Err(FieldError::with_limit(format!("{field}[{i}].weight"), "error-weight-range", 10));
        }
    }
    Ok(())
}

impl SelectionRules {
    /// Refuses rules that make selection meaningless (one reviewer, an empty rubric, a weight of
    /// zero). For the app to call before it saves (deserialising does not validate).
    pub fn validate(&self) -> Result<(), FieldError> {
        check_rubric("screening", &self.screening)?;
        check_rubric("interview", &self.interview)?;
        if !(2..=5).contains(&self.reviewers_per_application) {
            return Err(FieldError::with_limit("reviewers_per_application", "error-reviewers-range", 5));
        }
        if !(0.0..=4.0).contains(&self.disagreement_threshold) || self.disagreement_threshold.is_nan() {
            return Err(FieldError::with_limit("disagreement_threshold", "error-threshold-range", 4));
        }
        if self.booking_cutoff_hours > 24 * 14 {
            return Err(FieldError::with_limit("booking_cutoff_hours", "error-too-large", 24 * 14));
        }
        if !(1..=180).contains(&self.clearance_days) {
            return Err(FieldError::with_limit("clearance_days", "error-days-range", 180));
        }
        if !(1..=100).contains(&self.interview_share_percent) {
            return Err(FieldError::with_limit("interview_share_percent", "error-percent-range", 100));
        }
        Ok(())
    }

    /// Whether an application in this status is screened blind: the year screens blind and the
    /// application has not passed the first screening yet (a draft, or submitted and waiting for
    /// its reviewers and the desk). From the invitation to interview on, the panel meets the
    /// candidate and names are shown, as on the interview and decision boards.
    pub fn hides_identity(&self, status: ApplicationStatus) -> bool {
        self.blind_screening && BLIND_STATUSES.contains(&status)
    }
}

/// The statuses in which a blind year hides who applied (see [`SelectionRules::hides_identity`]).
pub const BLIND_STATUSES: [ApplicationStatus; 2] = [ApplicationStatus::Draft, ApplicationStatus::Submitted];

/// The weighted mean of a scorecard on the 1–5 scale. Every criterion of the rubric must have a
/// mark from 1 to 5, and no mark may name a criterion the rubric lacks; the error names the
/// criterion (`scores.{key}`).
pub fn weighted_score(rubric: &[Criterion], marks: &[(String, u8)]) -> Result<f64, FieldError> {
    for (key, _) in marks {
        if !rubric.iter().any(|c| &c.key == key) {
            return Err(FieldError::new(format!("scores.{key}"), "error-criterion-unknown"));
        }
    }
    let mut sum = 0u32;
    let mut weights = 0u32;
    for c in rubric {
        let Some((_, mark)) = marks.iter().find(|(k, _)| *k == c.key) else {
            return Err(FieldError::new(format!("scores.{}", c.key), "error-required"));
        };
        if !(MARK_MIN..=MARK_MAX).contains(mark) {
            return Err(FieldError::with_limit(format!("scores.{}", c.key), "error-mark-range", u64::from(MARK_MAX)));
        }
        sum += u32::from(c.weight) * u32::from(*mark);
        weights += u32::from(c.weight);
    }
    if weights == 0 {
        return Err(FieldError::new("scores", "error-rubric-size"));
    }
    Ok(f64::from(sum) / f64::from(weights))
}

/// What several reviewers' scores of one application add up to.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Agreement {
    pub scored: usize,
    pub mean: Option<f64>,
    /// Highest minus lowest; 0 with fewer than two scores.
    pub spread: f64,
    /// The spread is above the year's threshold.
    pub disagreement: bool,
}

pub fn agreement(scores: &[f64], threshold: f64) -> Agreement {
    if scores.is_empty() {
        return Agreement { scored: 0, mean: None, spread: 0.0, disagreement: false };
    }
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    let (lo, hi) = scores.iter().fold((f64::MAX, f64::MIN), |(lo, hi), s| (lo.min(*s), hi.max(*s)));
    let spread = hi - lo;
    Agreement { scored: scores.len(), mean: Some(mean), spread, disagreement: spread > threshold + 1e-9 }
}

/// The final score an interviewed candidate is ranked by: the panel's mean, combined with the
/// written test (0–100, mapped onto 1–5) when there is one.
pub fn final_score(interview_mean: f64, written_test: Option<i64>, interview_share_percent: u8) -> f64 {
    match written_test {
        None => interview_mean,
        Some(test) => {
            let share = f64::from(interview_share_percent.clamp(1, 100)) / 100.0;
            let test = 1.0 + 4.0 * (test.clamp(0, 100) as f64) / 100.0;
            share * interview_mean + (1.0 - share) * test
        }
    }
}

/// An interviewed candidate as the proposal of decisions sees them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    pub application: i64,
    pub position: Position,
    /// `None` when the panel has not scored yet: such a candidate is not proposed at all.
    pub score: Option<f64>,
}

/// Why a mission disqualifies a candidate (`JET.md`: a missed deadline or a false statement).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ground {
    MissedDeadline,
    FalseStatement,
}

impl Ground {
    pub fn as_str(self) -> &'static str {
        match self {
            Ground::MissedDeadline => "missed-deadline",
            Ground::FalseStatement => "false-statement",
        }
    }
    pub fn parse(raw: &str) -> Result<Ground, crate::text::FieldError> {
        [Ground::MissedDeadline, Ground::FalseStatement]
            .into_iter()
            .find(|g| g.as_str() == raw.trim())
            .ok_or_else(|| crate::text::FieldError::new("ground", "error-ground-invalid"))
    }
}

/// The outcome the desk decides for an interviewed candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    ShortListed,
    /// An alternate with their rank (1 is the first to be upgraded).
    Alternate(u32),
    NotSelected,
}

/// The desk's starting point: per position, the best scores short-listed up to the places left
/// in the plan, the next `alternates` ranked as alternates, the rest not selected. Ties keep the
/// order of the input (the caller sorts by application reference), so the proposal is stable.
pub fn propose(
    candidates: &[Ranked],
    places_left: impl Fn(Position) -> u32,
    alternates: impl Fn(Position) -> u32,
) -> Vec<(i64, Outcome)> {
    let mut out = Vec::new();
    for position in Position::ALL {
        let mut pool: Vec<&Ranked> =
            candidates.iter().filter(|c| c.position == position && c.score.is_some()).collect();
        pool.sort_by(|a, b| b.score.partial_cmp(&a.score).unwrap_or(std::cmp::Ordering::Equal));
        let places = places_left(position) as usize;
        let alternates = alternates(position) as usize;
        for (i, c) in pool.into_iter().enumerate() {
            let outcome = if i < places {
                Outcome::ShortListed
            } else if i < places + alternates {
                Outcome::Alternate((i - places + 1) as u32)
            } else {
                Outcome::NotSelected
            };
            out.push((c.application, outcome));
        }
    }
    out
}

/// An alternate as the upgrade proposal sees them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlternateCandidate {
    pub application: i64,
    pub position: Position,
    pub rank: u32,
    /// The departure group the alternate asked for; one whose group has already left fits less.
    pub departure_group: String,
    pub score: Option<f64>,
}

/// Which alternate fills a place freed in `position`: the same position only; among them those
/// whose departure group is still open come first, then the best rank, then the best score.
/// `None` when no alternate of that position is left.
pub fn best_alternate(
    alternates: &[AlternateCandidate],
    position: Position,
    group_open: impl Fn(&str) -> bool,
) -> Option<&AlternateCandidate> {
    alternates.iter().filter(|a| a.position == position).min_by(|a, b| {
        let open = |c: &AlternateCandidate| !group_open(&c.departure_group);
        open(a)
            .cmp(&open(b))
            .then(a.rank.cmp(&b.rank))
            .then(b.score.partial_cmp(&a.score).unwrap_or(std::cmp::Ordering::Equal))
            .then(a.application.cmp(&b.application))
    })
}

/// The clearance documents an accepted candidate sends before departure (`JET.md`).
pub const CLEARANCE_KINDS: [&str; 3] = ["police-certificate", "health-certificate", "graduation-proof"];

/// An interview as a calendar event.
#[derive(Debug, Clone)]
pub struct CalendarEvent<'a> {
    /// Stable across moves, so a calendar replaces the event rather than adding a second one.
    pub uid: &'a str,
    /// When the event was written (`DTSTAMP`).
    pub stamp: time::OffsetDateTime,
    pub starts: time::OffsetDateTime,
    pub minutes: u32,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    /// Incremented on every change (RFC 5546 `SEQUENCE`).
    pub sequence: u32,
    /// A cancelled interview is sent as `METHOD:CANCEL`.
    pub cancelled: bool,
}

fn ics_time(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// TEXT escaping of RFC 5545 §3.3.11.
fn ics_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1).
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out
}

/// The event as an iCalendar object (RFC 5545) to attach to the invitation mail.
pub fn icalendar(event: &CalendarEvent<'_>) -> String {
    let ends = event.starts + time::Duration::minutes(i64::from(event.minutes));
    let method = if event.cancelled { "CANCEL" } else { "REQUEST" };
    let status = if event.cancelled { "CANCELLED" } else { "CONFIRMED" };
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Kakehashi//JET Programme//EN".to_owned(),
        format!("METHOD:{method}"),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", ics_text(event.uid)),
        format!("DTSTAMP:{}", ics_time(event.stamp)),
        format!("DTSTART:{}", ics_time(event.starts)),
        format!("DTEND:{}", ics_time(ends)),
        format!("SEQUENCE:{}", event.sequence),
        format!("STATUS:{status}"),
        format!("SUMMARY:{}", ics_text(event.summary)),
        format!("LOCATION:{}", ics_text(event.location)),
        format!("DESCRIPTION:{}", ics_text(event.description)),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    let mut out = String::new();
    for line in lines {
        out.push_str(&fold(&line));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn marks(pairs: &[(&str, u8)]) -> Vec<(String, u8)> {
        pairs.iter().map(|(k, m)| ((*k).to_owned(), *m)).collect()
    }

    #[test]
    fn a_blind_year_hides_identity_until_the_first_screening_is_passed() {
        let blind = SelectionRules { blind_screening: true, ..SelectionRules::default() };
        assert!(blind.hides_identity(ApplicationStatus::Draft));
        assert!(blind.hides_identity(ApplicationStatus::Submitted));
        assert!(!blind.hides_identity(ApplicationStatus::InvitedToInterview));
        assert!(!blind.hides_identity(ApplicationStatus::ShortListed));
        assert!(!SelectionRules::default().hides_identity(ApplicationStatus::Submitted));
    }

    #[test]
    fn the_default_rules_are_valid_and_need_two_reviewers() {
        let rules = SelectionRules::default();
        assert_eq!(rules.validate(), Ok(()));
        let one = SelectionRules { reviewers_per_application: 1, ..rules.clone() };
        assert_eq!(one.validate().unwrap_err().field, "reviewers_per_application");
        let mut zero = rules.clone();
        zero.screening[1].weight = 0;
        assert_eq!(zero.validate().unwrap_err().field, "screening[1].weight");
        let mut twice = rules;
        twice.interview[1].key = "motivation".into();
        assert_eq!(twice.validate().unwrap_err().reason, "error-duplicate");
    }

    #[test]
    fn a_weighted_score_weighs_and_names_what_is_wrong() {
        let rubric = vec![criterion("a", 3), criterion("b", 1)];
        assert_eq!(weighted_score(&rubric, &marks(&[("a", 5), ("b", 1)])), Ok(4.0));
        assert_eq!(weighted_score(&rubric, &marks(&[("a", 5)])).unwrap_err().field, "scores.b");
        assert_eq!(weighted_score(&rubric, &marks(&[("a", 5), ("b", 6)])).unwrap_err().reason, "error-mark-range");
        assert_eq!(weighted_score(&rubric, &marks(&[("a", 5), ("b", 1), ("c", 2)])).unwrap_err().field, "scores.c");
    }

    #[test]
    fn disagreement_is_a_spread_above_the_threshold() {
        assert!(!agreement(&[3.0, 4.0], 1.0).disagreement);
        let a = agreement(&[2.0, 4.5], 1.0);
        assert!(a.disagreement);
        assert_eq!(a.spread, 2.5);
        assert_eq!(a.mean, Some(3.25));
        assert_eq!(agreement(&[], 1.0).mean, None);
    }

    #[test]
    fn a_written_test_counts_by_its_share() {
        assert_eq!(final_score(4.0, None, 80), 4.0);
        // 100 on the test is 5 on the scale: 0.8 * 4 + 0.2 * 5.
        assert!((final_score(4.0, Some(100), 80) - 4.2).abs() < 1e-9);
        assert!((final_score(4.0, Some(0), 80) - 3.4).abs() < 1e-9);
    }

    #[test]
    fn the_proposal_fills_places_then_ranks_alternates() {
        let c = |application, position, score| Ranked { application, position, score };
        let candidates = [
            c(1, Position::Alt, Some(3.0)),
            c(2, Position::Alt, Some(4.5)),
            c(3, Position::Alt, Some(4.0)),
            c(4, Position::Alt, None),
            c(5, Position::Cir, Some(2.0)),
            c(6, Position::Alt, Some(2.0)),
        ];
        let places = |p| if p == Position::Alt { 1 } else { 0 };
        let proposal = propose(&candidates, places, |_| 2);
        assert_eq!(
            proposal,
            vec![
                (2, Outcome::ShortListed),
                (3, Outcome::Alternate(1)),
                (1, Outcome::Alternate(2)),
                (6, Outcome::NotSelected),
                (5, Outcome::Alternate(1)),
            ]
        );
    }

    #[test]
    fn the_best_alternate_is_of_the_position_with_an_open_group_then_by_rank() {
        let a = |application, position, rank, group: &str| AlternateCandidate {
            application,
            position,
            rank,
            departure_group: group.into(),
            score: None,
        };
        let pool = [
            a(1, Position::Alt, 1, "A"),
            a(2, Position::Alt, 2, "B"),
            a(3, Position::Cir, 1, "B"),
            a(4, Position::Alt, 3, "B"),
        ];
        assert_eq!(best_alternate(&pool, Position::Alt, |_| true).map(|c| c.application), Some(1));
        // Group A has left: the best of group B comes first.
        assert_eq!(best_alternate(&pool, Position::Alt, |g| g != "A").map(|c| c.application), Some(2));
        assert_eq!(best_alternate(&pool, Position::Cir, |_| true).map(|c| c.application), Some(3));
        assert_eq!(best_alternate(&pool, Position::Sea, |_| true), None);
    }

    #[test]
    fn an_invitation_is_valid_icalendar() {
        let at = time::macros::datetime!(2027-02-10 14:30 UTC);
        let event = CalendarEvent {
            uid: "interview-42@kakehashi",
            stamp: at,
            starts: at,
            minutes: 30,
            summary: "JET interview; panel 1",
            location: "Embassy of Japan, Washington, D.C.",
            description: &"long line ".repeat(20),
            sequence: 2,
            cancelled: false,
        };
        let ics = icalendar(&event);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART:20270210T143000Z\r\n"));
        assert!(ics.contains("DTEND:20270210T150000Z\r\n"));
        assert!(ics.contains("SUMMARY:JET interview\\; panel 1\r\n"));
        assert!(ics.contains("LOCATION:Embassy of Japan\\, Washington\\, D.C.\r\n"));
        assert!(ics.lines().all(|l| l.len() <= 75));
        assert!(icalendar(&CalendarEvent { cancelled: true, ..event }).contains("METHOD:CANCEL\r\n"));
    }

    proptest! {
        #[test]
        fn folding_keeps_every_character_and_the_line_width(text in "\\PC{0,300}") {
            let folded = fold(&text);
            prop_assert!(folded.split("\r\n").all(|l| l.len() <= 75));
            prop_assert_eq!(folded.replace("\r\n ", ""), text);
        }

        #[test]
        fn a_weighted_score_lies_between_the_lowest_and_highest_mark(
            weights in proptest::collection::vec(1u8..=10, 1..6),
            seed in proptest::collection::vec(1u8..=5, 6),
        ) {
            let rubric: Vec<Criterion> =
                weights.iter().enumerate().map(|(i, w)| criterion(&format!("c{i}"), *w)).collect();
            let given: Vec<(String, u8)> =
                rubric.iter().zip(&seed).map(|(c, m)| (c.key.clone(), *m)).collect();
            let score = weighted_score(&rubric, &given).unwrap();
            let lo = given.iter().map(|(_, m)| *m).min().unwrap();
            let hi = given.iter().map(|(_, m)| *m).max().unwrap();
            prop_assert!(score >= f64::from(lo) - 1e-9 && score <= f64::from(hi) + 1e-9);
        }
    }
}
