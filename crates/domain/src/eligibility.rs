//! Who may apply: the eligibility rules of one recruiting country's programme year (`JET.md`
//! "Eligibility").
//!
//! The rules change by year and by country (the Korean desk asks JLPT N1 of its CIRs, most desks
//! N2), so their numbers and switches are configuration, [`EligibilityRules`], kept with the
//! programme year; only their meaning is code. The check is pure: the arrival date of the
//! applicant's departure group is a parameter, never the clock. Its answer is a list of
//! [`Finding`]s, each a catalogue key with its arguments (`locales/*/eligibility.ftl`), so the
//! applicant reads the reason in their own language and the mission can override one finding by
//! naming its [`Rule`]. No finding means eligible.
//!
//! Only the rules `JET.md` names are here: there is no age limit or any other rule, and rules
//! that are judged by people (interest in teaching, criminal history, health) are not a check.

use crate::position::Position;
use crate::text::{CountryCode, FieldError};
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// A level of the Japanese-Language Proficiency Test. N1 is the highest, N5 the lowest; "no
/// certificate" is `Option::None` where a level is expected.
///
/// There is deliberately no `Ord`: in the numbering N1 comes first, yet it is the higher level, and
/// a `<` between levels would be read the wrong way round sooner or later. [`Jlpt::meets`] says it
/// in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Jlpt {
    N1,
    N2,
    N3,
    N4,
    N5,
}

impl Jlpt {
    pub const ALL: [Jlpt; 5] = [Jlpt::N1, Jlpt::N2, Jlpt::N3, Jlpt::N4, Jlpt::N5];

    pub fn as_str(self) -> &'static str {
        match self {
            Jlpt::N1 => "N1",
            Jlpt::N2 => "N2",
            Jlpt::N3 => "N3",
            Jlpt::N4 => "N4",
            Jlpt::N5 => "N5",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Jlpt::ALL
            .into_iter()
            .find(|level| level.as_str().eq_ignore_ascii_case(raw.trim()))
            .ok_or_else(|| FieldError::new("jlpt", "eligibility-error-jlpt-invalid"))
    }
    /// Whether this level is `required` or a higher one: N1 meets N2, N3 does not.
    pub fn meets(self, required: Jlpt) -> bool {
        self.number() <= required.number()
    }
    fn number(self) -> u8 {
        match self {
            Jlpt::N1 => 1,
            Jlpt::N2 => 2,
            Jlpt::N3 => 3,
            Jlpt::N4 => 4,
            Jlpt::N5 => 5,
        }
    }
}

/// The rules of one recruiting country's programme year. Missing fields of a stored record take
/// their default (`#[serde(default)]`), so a rule added in a later version applies to older years
/// as `JET.md` states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EligibilityRules {
    /// An ALT may qualify with a three-year teacher-training certificate instead of a bachelor's
    /// degree. (Never a CIR or an SEA.)
    pub alt_teacher_training_accepted: bool,
    /// A former participant may apply once this many years have passed since their last day on JET,
    /// counted to the arrival date.
    pub participation_gap_years: u8,
    /// The most time on JET, all past participations together, an applicant may already have.
    pub participation_cap_years: u8,
    /// An applicant who lived in Japan this many years or more ...
    pub residence_limit_years: u8,
    /// ... of the last this many years before the arrival date is not eligible.
    pub residence_window_years: u8,
    /// Whoever declined a placement last year without a valid reason is not eligible.
    pub declined_placement_bars: bool,
    /// The JLPT level a CIR needs.
    pub cir_jlpt_level: Jlpt,
    /// A CIR applicant without a certificate at that level, who assesses their own Japanese at it,
    /// is not turned away: the interview, held in Japanese, judges. Off where the desk asks for the
    /// certificate itself (Korea: "JLPT N1 소지자").
    pub cir_japanese_assessed_at_interview: bool,
    /// Whether the year recruits Sports Exchange Advisors: they come on specific requests, so most
    /// years and countries do not.
    pub sea_offered: bool,
}

/// The rules as `JET.md` states them for all countries: about 3 years off JET and at most 5 on it,
/// less than 6 of the last 10 years in Japan, CIRs at JLPT N2 (assessed at the interview when the
/// applicant has no certificate), no SEA unless the year offers it.
impl Default for EligibilityRules {
    fn default() -> Self {
        EligibilityRules {
            alt_teacher_training_accepted: true,
            participation_gap_years: 3,
            participation_cap_years: 5,
            residence_limit_years: 6,
            residence_window_years: 10,
            declined_placement_bars: true,
            cir_jlpt_level: Jlpt::N2,
            cir_japanese_assessed_at_interview: true,
            sea_offered: false,
        }
    }
}

impl EligibilityRules {
    /// Refuses settings that would make the check meaningless: a residence limit of 0 years would
    /// turn every applicant away, and one longer than its window would turn none away. For the
    /// app to call before it saves a year's rules (deserialising does not validate).
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.residence_limit_years == 0 || self.residence_limit_years > self.residence_window_years {
            return Err(FieldError::with_limit(
                "residence_limit_years",
                "eligibility-error-residence-years",
                u64::from(self.residence_window_years),
            ));
        }
        Ok(())
    }
}

/// A stretch of days, both ends included: a stay in Japan, a time on JET.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    start: Date,
    end: Date,
}

impl Period {
    /// A one-day period (start = end) is allowed: a day is the smallest stay.
    pub fn new(start: Date, end: Date) -> Result<Self, FieldError> {
        if start > end {
            return Err(FieldError::new("period", "eligibility-error-period-reversed"));
        }
        Ok(Period { start, end })
    }
    pub fn start(self) -> Date {
        self.start
    }
    pub fn end(self) -> Date {
        self.end
    }
    fn contains(self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }
    /// The period cut to `within`, if they share a day.
    fn clip(self, within: Period) -> Option<Period> {
        let start = self.start.max(within.start);
        let end = self.end.min(within.end);
        (start <= end).then_some(Period { start, end })
    }
    /// The days of the period, 29 February left out. Rules are in years and stays in days; without
    /// leap days every year weighs [`DAYS_PER_YEAR`], so "six years" is the same number of days
    /// whichever six years they were, and a stay of exactly six years is exactly at the limit.
    fn counted_days(self) -> i64 {
        let days = i64::from(self.end.to_julian_day() - self.start.to_julian_day()) + 1;
        let leap_days = (self.start.year()..=self.end.year())
            .filter_map(|year| Date::from_calendar_date(year, Month::February, 29).ok())
            .filter(|day| self.contains(*day))
            .count();
        days - leap_days as i64
    }
}

/// What a year weighs in [`Period::counted_days`].
const DAYS_PER_YEAR: i64 = 365;

/// The periods as disjoint ones in date order, overlapping or touching ones joined, so that no day
/// is counted twice (a stay declared twice, a JET year inside a declared stay).
fn merged(periods: impl IntoIterator<Item = Period>) -> Vec<Period> {
    let mut sorted: Vec<Period> = periods.into_iter().collect();
    sorted.sort_by_key(|p| (p.start, p.end));
    let mut out: Vec<Period> = Vec::with_capacity(sorted.len());
    for period in sorted {
        match out.last_mut() {
            Some(last) if period.start <= last.end.next_day().unwrap_or(last.end) => {
                last.end = last.end.max(period.end);
            }
            _ => out.push(period),
        }
    }
    out
}

fn counted_days(periods: &[Period]) -> i64 {
    periods.iter().map(|p| p.counted_days()).sum()
}

/// The same day `years` later (earlier when negative). 29 February becomes 28 February in a common
/// year, as Japan's Civil Code (art. 143) ends a period whose last month lacks the day on that
/// month's last day.
fn years_after(date: Date, years: i32) -> Date {
    let year = date.year().saturating_add(years);
    date.replace_year(year)
        .or_else(|_| date.replace_day(28).and_then(|d| d.replace_year(year)))
        .unwrap_or(if years < 0 { Date::MIN } else { Date::MAX })
}

/// A degree or certificate that can qualify, with the day it was or will be conferred: "held or
/// due" is the same question, asked of that day against the arrival date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualification {
    Bachelor {
        awarded: Date,
    },
    /// A certificate of a three-year teacher-training course; qualifies ALTs only, and only when
    /// [`EligibilityRules::alt_teacher_training_accepted`].
    TeacherTraining3Year {
        awarded: Date,
    },
}

impl Qualification {
    pub fn awarded(self) -> Date {
        match self {
            Qualification::Bachelor { awarded } | Qualification::TeacherTraining3Year { awarded } => awarded,
        }
    }
}

/// What the application says that the rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantFacts {
    /// The citizenship the applicant applies under (one country per person).
    pub nationality: CountryCode,
    /// Holds Japanese nationality as well.
    pub also_japanese: bool,
    /// Exactly one position per application; the type allows no other.
    pub position: Position,
    /// Every degree or certificate held or due: a list, because a late bachelor's degree does not
    /// hide a teacher-training certificate held in time.
    pub qualifications: Vec<Qualification>,
    /// Past times on JET, in any order.
    pub previous_participations: Vec<Period>,
    /// Stays in Japan, in any order, overlaps allowed. Time on JET is time in Japan, so the check
    /// counts `previous_participations` here too (once, if also declared).
    pub residence_in_japan: Vec<Period>,
    pub declined_placement_last_year_without_reason: bool,
    /// The JLPT certificate held, if any.
    pub jlpt: Option<Jlpt>,
    /// The level the applicant gives for their own Japanese on the form, certificate or not.
    pub japanese_self_assessment: Option<Jlpt>,
}

/// The rules, in the order findings are listed (the order of `JET.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    Citizenship,
    Degree,
    PreviousParticipation,
    ResidenceInJapan,
    DeclinedPlacement,
    JapaneseAbility,
    Position,
}

impl Rule {
    pub const ALL: [Rule; 7] = [
        Rule::Citizenship,
        Rule::Degree,
        Rule::PreviousParticipation,
        Rule::ResidenceInJapan,
        Rule::DeclinedPlacement,
        Rule::JapaneseAbility,
        Rule::Position,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Citizenship => "citizenship",
            Rule::Degree => "degree",
            Rule::PreviousParticipation => "previous-participation",
            Rule::ResidenceInJapan => "residence-in-japan",
            Rule::DeclinedPlacement => "declined-placement",
            Rule::JapaneseAbility => "japanese-ability",
            Rule::Position => "position",
        }
    }
    /// The catalogue key of the rule's short name (the mission's override screen).
    pub fn message_key(self) -> &'static str {
        match self {
            Rule::Citizenship => "eligibility-rule-citizenship",
            Rule::Degree => "eligibility-rule-degree",
            Rule::PreviousParticipation => "eligibility-rule-previous-participation",
            Rule::ResidenceInJapan => "eligibility-rule-residence-in-japan",
            Rule::DeclinedPlacement => "eligibility-rule-declined-placement",
            Rule::JapaneseAbility => "eligibility-rule-japanese-ability",
            Rule::Position => "eligibility-rule-position",
        }
    }
}

/// How a finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The applicant cannot apply (unless the mission overrides the finding).
    Ineligible,
    /// The applicant may apply; the finding is a condition to tell them and to follow up.
    Condition,
}

impl Severity {
    pub fn message_key(self) -> &'static str {
        match self {
            Severity::Ineligible => "eligibility-severity-ineligible",
            Severity::Condition => "eligibility-severity-condition",
        }
    }
}

/// One reason against, or one condition on, an application: `key` is a catalogue key and `args`
/// its placeables (dates as `YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Finding {
    /// Whether the finding stops the application (a condition does not).
    pub fn is_blocking(&self) -> bool {
        self.severity == Severity::Ineligible
    }
    fn ineligible(rule: Rule, key: &'static str) -> Self {
        Finding { rule, severity: Severity::Ineligible, key, args: Vec::new() }
    }
    fn condition(rule: Rule, key: &'static str) -> Self {
        Finding { severity: Severity::Condition, ..Finding::ineligible(rule, key) }
    }
    fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

/// The findings on an application to the programme year of `country` whose `rules` these are, for
/// the departure group arriving on `arrival`; ordered by rule, then blocking before conditions.
/// Empty means eligible.
pub fn check(rules: &EligibilityRules, country: CountryCode, arrival: Date, facts: &ApplicantFacts) -> Vec<Finding> {
    let mut findings = Vec::new();
    citizenship(country, facts, &mut findings);
    findings.extend(degree(rules, arrival, facts));
    previous_participation(rules, arrival, facts, &mut findings);
    findings.extend(residence_in_japan(rules, arrival, facts));
    if rules.declined_placement_bars && facts.declined_placement_last_year_without_reason {
        findings.push(Finding::ineligible(Rule::DeclinedPlacement, "eligibility-declined-placement"));
    }
    findings.extend(japanese_ability(rules, facts));
    if facts.position == Position::Sea && !rules.sea_offered {
        findings.push(Finding::ineligible(Rule::Position, "eligibility-position-sea-not-offered"));
    }
    // Already in this order; the sort (stable) keeps the promise if a rule is ever added out of turn.
    findings.sort_by_key(|f| (f.rule, f.severity));
    findings
}

fn citizenship(country: CountryCode, facts: &ApplicantFacts, findings: &mut Vec<Finding>) {
    if facts.nationality != country {
        findings.push(
            Finding::ineligible(Rule::Citizenship, "eligibility-citizenship-not-citizen").arg("country", country),
        );
    }
    // Not a bar: dual nationals are appointed once they give up Japanese nationality, which the
    // mission follows up by the reply deadline.
    if facts.also_japanese {
        findings.push(Finding::condition(Rule::Citizenship, "eligibility-citizenship-renounce-japanese"));
    }
}

fn degree(rules: &EligibilityRules, arrival: Date, facts: &ApplicantFacts) -> Option<Finding> {
    let teacher_training_counts = facts.position == Position::Alt && rules.alt_teacher_training_accepted;
    let qualifying = facts.qualifications.iter().filter(|q| match q {
        Qualification::Bachelor { .. } => true,
        Qualification::TeacherTraining3Year { .. } => teacher_training_counts,
    });
    match qualifying.map(|q| q.awarded()).min() {
        Some(awarded) if awarded <= arrival => None,
        Some(awarded) => Some(
            Finding::ineligible(Rule::Degree, "eligibility-degree-after-arrival")
                .arg("awarded", awarded)
                .arg("arrival", arrival),
        ),
        None => {
            let key = if teacher_training_counts {
                "eligibility-degree-missing-or-teacher-training"
            } else {
                "eligibility-degree-missing"
            };
            Some(Finding::ineligible(Rule::Degree, key).arg("arrival", arrival))
        }
    }
}

fn previous_participation(
    rules: &EligibilityRules,
    arrival: Date,
    facts: &ApplicantFacts,
    findings: &mut Vec<Finding>,
) {
    let participations = merged(facts.previous_participations.iter().copied());
    let Some(last) = participations.last() else {
        return;
    };
    // The gap starts on the first day off JET: whoever left on 31 July 2022 may arrive again on
    // 1 August 2025, three years later.
    let first_day_off = last.end.next_day().unwrap_or(last.end);
    let earliest_arrival = years_after(first_day_off, i32::from(rules.participation_gap_years));
    if arrival < earliest_arrival {
        findings.push(
            Finding::ineligible(Rule::PreviousParticipation, "eligibility-participation-too-recent")
                .arg("last_day", last.end)
                .arg("years", rules.participation_gap_years)
                .arg("date", earliest_arrival),
        );
    }
    // The guidelines bar those who "have participated for a total of five years or more": one
    // more year must still fit under the cap.
    let cap_days = i64::from(rules.participation_cap_years) * DAYS_PER_YEAR;
    if counted_days(&participations) >= cap_days {
        findings.push(
            Finding::ineligible(Rule::PreviousParticipation, "eligibility-participation-over-cap")
                .arg("years", rules.participation_cap_years),
        );
    }
}

fn residence_in_japan(rules: &EligibilityRules, arrival: Date, facts: &ApplicantFacts) -> Option<Finding> {
    // The window is the last `residence_window_years` before the arrival day, that day excluded.
    let window = Period {
        start: years_after(arrival, -i32::from(rules.residence_window_years)),
        end: arrival.previous_day().unwrap_or(arrival),
    };
    let stays = facts.residence_in_japan.iter().chain(&facts.previous_participations).filter_map(|p| p.clip(window));
    let days_in_japan = counted_days(&merged(stays));
    let limit_days = i64::from(rules.residence_limit_years) * DAYS_PER_YEAR;
    (days_in_japan >= limit_days).then(|| {
        Finding::ineligible(Rule::ResidenceInJapan, "eligibility-residence-too-long")
            .arg("years", rules.residence_limit_years)
            .arg("window", rules.residence_window_years)
            .arg("arrival", arrival)
    })
}

fn japanese_ability(rules: &EligibilityRules, facts: &ApplicantFacts) -> Option<Finding> {
    if facts.position != Position::Cir {
        return None;
    }
    let level = rules.cir_jlpt_level;
    let certified = facts.jlpt.is_some_and(|held| held.meets(level));
    let claims_level = facts.japanese_self_assessment.is_some_and(|claimed| claimed.meets(level));
    if certified {
        None
    } else if rules.cir_japanese_assessed_at_interview && claims_level {
        Some(
            Finding::condition(Rule::JapaneseAbility, "eligibility-japanese-assessed-at-interview")
                .arg("level", level.as_str()),
        )
    } else {
        Some(
            Finding::ineligible(Rule::JapaneseAbility, "eligibility-japanese-below-level").arg("level", level.as_str()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;
    use time::macros::date;

    fn korea() -> CountryCode {
        CountryCode::parse("KR").unwrap()
    }

    fn period(start: Date, end: Date) -> Period {
        Period::new(start, end).unwrap()
    }

    /// Arrives on 1 August 2026; a Korean CIR with a degree, JLPT N1, never in Japan.
    const ARRIVAL: Date = date!(2026 - 08 - 01);

    fn applicant() -> ApplicantFacts {
        ApplicantFacts {
            nationality: korea(),
            also_japanese: false,
            position: Position::Cir,
            qualifications: vec![Qualification::Bachelor { awarded: date!(2024 - 02 - 20) }],
            previous_participations: vec![],
            residence_in_japan: vec![],
            declined_placement_last_year_without_reason: false,
            jlpt: Some(Jlpt::N1),
            japanese_self_assessment: Some(Jlpt::N1),
        }
    }

    fn keys(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.key).collect()
    }

    fn check_default(facts: &ApplicantFacts) -> Vec<Finding> {
        check(&EligibilityRules::default(), korea(), ARRIVAL, facts)
    }

    /// Korea's desk: CIRs hold JLPT N1, no assessment at the interview instead.
    fn korea_rules() -> EligibilityRules {
        EligibilityRules {
            cir_jlpt_level: Jlpt::N1,
            cir_japanese_assessed_at_interview: false,
            ..EligibilityRules::default()
        }
    }

    #[test]
    fn defaults_are_those_of_jet_md() {
        let rules = EligibilityRules::default();
        assert_eq!(rules.participation_gap_years, 3);
        assert_eq!(rules.participation_cap_years, 5);
        assert_eq!((rules.residence_limit_years, rules.residence_window_years), (6, 10));
        assert_eq!(rules.cir_jlpt_level, Jlpt::N2);
        assert!(rules.alt_teacher_training_accepted);
        assert!(rules.declined_placement_bars);
        assert!(!rules.sea_offered);
        assert_eq!(rules.validate(), Ok(()));
    }

    #[test]
    fn a_plain_applicant_is_eligible() {
        assert_eq!(check_default(&applicant()), vec![]);
        assert_eq!(check(&korea_rules(), korea(), ARRIVAL, &applicant()), vec![]);
    }

    #[test]
    fn citizens_of_another_country_are_not_eligible() {
        let facts = ApplicantFacts { nationality: CountryCode::parse("US").unwrap(), ..applicant() };
        let findings = check_default(&facts);
        assert_eq!(keys(&findings), ["eligibility-citizenship-not-citizen"]);
        assert_eq!(findings[0].args, [("country", "KR".to_owned())]);
        assert!(findings[0].is_blocking());
    }

    #[test]
    fn japanese_nationals_too_must_renounce_which_is_a_condition() {
        let facts = ApplicantFacts { also_japanese: true, ..applicant() };
        let findings = check_default(&facts);
        assert_eq!(keys(&findings), ["eligibility-citizenship-renounce-japanese"]);
        assert_eq!(findings[0].severity, Severity::Condition);
        assert!(!findings[0].is_blocking());
    }

    #[test]
    fn a_degree_due_on_the_arrival_day_counts_the_day_after_does_not() {
        let with_degree =
            |awarded| ApplicantFacts { qualifications: vec![Qualification::Bachelor { awarded }], ..applicant() };
        assert_eq!(check_default(&with_degree(ARRIVAL)), vec![]);
        let late = check_default(&with_degree(date!(2026 - 08 - 02)));
        assert_eq!(keys(&late), ["eligibility-degree-after-arrival"]);
        assert_eq!(late[0].args, [("awarded", "2026-08-02".to_owned()), ("arrival", "2026-08-01".to_owned())]);
        let none = check_default(&ApplicantFacts { qualifications: vec![], ..applicant() });
        assert_eq!(keys(&none), ["eligibility-degree-missing"]);
    }

    #[test]
    fn teacher_training_qualifies_alts_only_and_only_when_the_year_allows() {
        let training = ApplicantFacts {
            position: Position::Alt,
            qualifications: vec![
                Qualification::Bachelor { awarded: date!(2027 - 03 - 01) },
                Qualification::TeacherTraining3Year { awarded: date!(2025 - 03 - 01) },
            ],
            ..applicant()
        };
        assert_eq!(check_default(&training), vec![]);
        let as_cir = ApplicantFacts { position: Position::Cir, ..training.clone() };
        assert_eq!(keys(&check_default(&as_cir)), ["eligibility-degree-after-arrival"]);
        let not_accepted = EligibilityRules { alt_teacher_training_accepted: false, ..EligibilityRules::default() };
        let only_training = ApplicantFacts {
            qualifications: vec![Qualification::TeacherTraining3Year { awarded: date!(2025 - 03 - 01) }],
            ..training.clone()
        };
        assert_eq!(keys(&check(&not_accepted, korea(), ARRIVAL, &only_training)), ["eligibility-degree-missing"]);
        let nothing = ApplicantFacts { qualifications: vec![], ..training };
        assert_eq!(keys(&check_default(&nothing)), ["eligibility-degree-missing-or-teacher-training"]);
    }

    #[test]
    fn former_participants_may_come_back_after_exactly_three_years() {
        let former = |last_day| ApplicantFacts {
            previous_participations: vec![period(date!(2021 - 08 - 01), last_day)],
            ..applicant()
        };
        // Left on 31 July 2023: 1 August 2023 to 31 July 2026 is three years off JET.
        assert_eq!(check_default(&former(date!(2023 - 07 - 31))), vec![]);
        let findings = check_default(&former(date!(2023 - 08 - 01)));
        assert_eq!(keys(&findings), ["eligibility-participation-too-recent"]);
        assert_eq!(
            findings[0].args,
            [("last_day", "2023-08-01".to_owned()), ("years", "3".to_owned()), ("date", "2026-08-02".to_owned())]
        );
    }

    #[test]
    fn a_participant_still_on_jet_is_too_recent_whatever_the_gap() {
        let rules = EligibilityRules { participation_gap_years: 0, ..EligibilityRules::default() };
        let serving = ApplicantFacts {
            previous_participations: vec![period(date!(2025 - 08 - 01), date!(2026 - 07 - 31))],
            ..applicant()
        };
        assert_eq!(check(&rules, korea(), ARRIVAL, &serving), vec![]);
        let overlapping =
            ApplicantFacts { previous_participations: vec![period(date!(2025 - 08 - 01), ARRIVAL)], ..applicant() };
        assert_eq!(keys(&check(&rules, korea(), ARRIVAL, &overlapping)), ["eligibility-participation-too-recent"]);
    }

    #[test]
    fn five_years_on_jet_in_total_bars_another() {
        // Two stints, 2 + 3 years, the later one with a leap day: exactly five years is already the
        // cap; a day less leaves room for one more appointment.
        let stints = |last_day| ApplicantFacts {
            previous_participations: vec![
                period(date!(2010 - 08 - 01), date!(2012 - 07 - 31)),
                period(date!(2017 - 08 - 01), last_day),
            ],
            ..applicant()
        };
        assert_eq!(check_default(&stints(date!(2020 - 07 - 30))), vec![]);
        let findings = check_default(&stints(date!(2020 - 07 - 31)));
        assert_eq!(keys(&findings), ["eligibility-participation-over-cap"]);
        assert_eq!(findings[0].args, [("years", "5".to_owned())]);
    }

    #[test]
    fn six_of_the_last_ten_years_in_japan_is_too_many() {
        let lived =
            |start| ApplicantFacts { residence_in_japan: vec![period(start, date!(2022 - 07 - 31))], ..applicant() };
        // 1 August 2016 to 31 July 2022: exactly six years, two of them with a 29 February.
        let findings = check_default(&lived(date!(2016 - 08 - 01)));
        assert_eq!(keys(&findings), ["eligibility-residence-too-long"]);
        assert_eq!(
            findings[0].args,
            [("years", "6".to_owned()), ("window", "10".to_owned()), ("arrival", "2026-08-01".to_owned())]
        );
        assert_eq!(check_default(&lived(date!(2016 - 08 - 02))), vec![]);
        // Only the ten years before the arrival count: a longer stay that began earlier is cut.
        let long_ago = ApplicantFacts {
            residence_in_japan: vec![period(date!(2001 - 01 - 01), date!(2022 - 07 - 30))],
            ..applicant()
        };
        assert_eq!(check_default(&long_ago), vec![]);
    }

    #[test]
    fn overlapping_stays_are_counted_once() {
        // Four years and four years that share two: six years less a day in all.
        let facts = ApplicantFacts {
            residence_in_japan: vec![
                period(date!(2018 - 08 - 01), date!(2022 - 07 - 30)),
                period(date!(2016 - 08 - 02), date!(2020 - 07 - 31)),
            ],
            ..applicant()
        };
        assert_eq!(check_default(&facts), vec![]);
        // The same stays declared twice change nothing.
        let mut twice = facts.clone();
        twice.residence_in_japan.extend(facts.residence_in_japan);
        assert_eq!(check_default(&twice), vec![]);
    }

    #[test]
    fn time_on_jet_is_time_in_japan() {
        let facts = ApplicantFacts {
            residence_in_japan: vec![period(date!(2016 - 08 - 01), date!(2019 - 07 - 31))],
            previous_participations: vec![period(date!(2019 - 08 - 01), date!(2022 - 07 - 31))],
            ..applicant()
        };
        assert_eq!(keys(&check_default(&facts)), ["eligibility-residence-too-long"]);
    }

    #[test]
    fn declining_a_placement_without_reason_bars_when_the_rule_is_on() {
        let facts = ApplicantFacts { declined_placement_last_year_without_reason: true, ..applicant() };
        assert_eq!(keys(&check_default(&facts)), ["eligibility-declined-placement"]);
        let off = EligibilityRules { declined_placement_bars: false, ..EligibilityRules::default() };
        assert_eq!(check(&off, korea(), ARRIVAL, &facts), vec![]);
    }

    #[test]
    fn cirs_need_the_level_or_an_interview_where_the_year_allows_it() {
        let cir = |jlpt, claimed| ApplicantFacts { jlpt, japanese_self_assessment: claimed, ..applicant() };
        let default = |facts: &ApplicantFacts| keys(&check_default(facts));
        assert_eq!(default(&cir(Some(Jlpt::N2), None)), Vec::<&str>::new());
        assert_eq!(default(&cir(Some(Jlpt::N3), None)), ["eligibility-japanese-below-level"]);
        assert_eq!(default(&cir(None, Some(Jlpt::N2))), ["eligibility-japanese-assessed-at-interview"]);
        assert_eq!(default(&cir(Some(Jlpt::N3), Some(Jlpt::N1))), ["eligibility-japanese-assessed-at-interview"]);
        // Claiming less than the level is not a claim to be tested at the interview.
        assert_eq!(default(&cir(None, Some(Jlpt::N3))), ["eligibility-japanese-below-level"]);
        let condition = check_default(&cir(None, Some(Jlpt::N2)));
        assert!(!condition[0].is_blocking());
        assert_eq!(condition[0].args, [("level", "N2".to_owned())]);
        // ALTs and SEAs are not asked for Japanese.
        let alt = ApplicantFacts { position: Position::Alt, ..cir(None, None) };
        assert_eq!(default(&alt), Vec::<&str>::new());
    }

    #[test]
    fn korea_asks_n1_certified() {
        let rules = korea_rules();
        let cir = |jlpt, claimed| ApplicantFacts { jlpt, japanese_self_assessment: claimed, ..applicant() };
        assert_eq!(check(&rules, korea(), ARRIVAL, &cir(Some(Jlpt::N1), None)), vec![]);
        for facts in [cir(Some(Jlpt::N2), Some(Jlpt::N1)), cir(None, Some(Jlpt::N1))] {
            let findings = check(&rules, korea(), ARRIVAL, &facts);
            assert_eq!(keys(&findings), ["eligibility-japanese-below-level"]);
            assert_eq!(findings[0].args, [("level", "N1".to_owned())]);
        }
    }

    #[test]
    fn sea_only_in_years_that_offer_it() {
        let sea = ApplicantFacts { position: Position::Sea, ..applicant() };
        assert_eq!(keys(&check_default(&sea)), ["eligibility-position-sea-not-offered"]);
        let offered = EligibilityRules { sea_offered: true, ..EligibilityRules::default() };
        assert_eq!(check(&offered, korea(), ARRIVAL, &sea), vec![]);
    }

    #[test]
    fn findings_come_in_the_order_of_the_rules() {
        let everything_wrong = ApplicantFacts {
            nationality: CountryCode::parse("US").unwrap(),
            also_japanese: true,
            position: Position::Sea,
            qualifications: vec![],
            previous_participations: vec![period(date!(2014 - 08 - 01), date!(2026 - 07 - 31))],
            residence_in_japan: vec![],
            declined_placement_last_year_without_reason: true,
            jlpt: None,
            japanese_self_assessment: None,
        };
        let findings = check_default(&everything_wrong);
        assert_eq!(
            keys(&findings),
            [
                "eligibility-citizenship-not-citizen",
                "eligibility-citizenship-renounce-japanese",
                "eligibility-degree-missing",
                "eligibility-participation-too-recent",
                "eligibility-participation-over-cap",
                "eligibility-residence-too-long",
                "eligibility-declined-placement",
                "eligibility-position-sea-not-offered",
            ]
        );
    }

    #[test]
    fn periods_and_levels_are_validated() {
        let err = Period::new(date!(2020 - 01 - 02), date!(2020 - 01 - 01)).unwrap_err();
        assert_eq!(err.reason, "eligibility-error-period-reversed");
        assert!(Period::new(ARRIVAL, ARRIVAL).is_ok());
        assert_eq!(Jlpt::parse(" n1 "), Ok(Jlpt::N1));
        assert!(Jlpt::parse("N0").is_err());
        assert!(Jlpt::N1.meets(Jlpt::N2) && Jlpt::N2.meets(Jlpt::N2) && !Jlpt::N3.meets(Jlpt::N2));
        let bad = EligibilityRules { residence_limit_years: 11, ..EligibilityRules::default() };
        let err = bad.validate().unwrap_err();
        assert_eq!((err.reason, err.limit), ("eligibility-error-residence-years", Some(10)));
        let zero = EligibilityRules { residence_limit_years: 0, ..EligibilityRules::default() };
        assert!(zero.validate().is_err());
    }

    #[test]
    fn stored_rules_take_the_default_for_what_they_lack() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, MapDeserializer};
        let stored = MapDeserializer::<_, Error>::new(
            [("cir_jlpt_level", "N1")].into_iter().map(|(k, v)| (k.into_deserializer(), v.into_deserializer())),
        );
        let rules = EligibilityRules::deserialize(stored).unwrap();
        assert_eq!(rules, EligibilityRules { cir_jlpt_level: Jlpt::N1, ..EligibilityRules::default() });
    }

    #[test]
    fn years_after_keeps_the_day_or_ends_february() {
        assert_eq!(years_after(date!(2025 - 08 - 01), 3), date!(2028 - 08 - 01));
        assert_eq!(years_after(date!(2024 - 02 - 29), 1), date!(2025 - 02 - 28));
        assert_eq!(years_after(date!(2024 - 02 - 29), -10), date!(2014 - 02 - 28));
        assert_eq!(period(date!(2024 - 01 - 01), date!(2024 - 12 - 31)).counted_days(), 365);
    }

    // The catalogue, read as the app reads it.

    const CATALOGUES: [(&str, &str); 3] = [
        ("en", include_str!("../../app/locales/en/eligibility.ftl")),
        ("ja", include_str!("../../app/locales/ja/eligibility.ftl")),
        ("ko", include_str!("../../app/locales/ko/eligibility.ftl")),
    ];

    /// The messages of a catalogue file, in order: every line is a comment, blank, or one whole
    /// `key = value` message (no multi-line values).
    fn messages(name: &str, ftl: &'static str) -> Vec<(&'static str, &'static str)> {
        ftl.lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .map(|line| {
                let (key, value) =
                    line.split_once(" = ").unwrap_or_else(|| panic!("{name}: not a one-line message: {line}"));
                assert!(key.starts_with("eligibility-") && !key.contains(' '), "{name}: {key}");
                assert!(!value.trim().is_empty(), "{name}: {key} is empty");
                (key, value)
            })
            .collect()
    }

    fn placeables(text: &str) -> BTreeSet<&str> {
        text.split("{ $").skip(1).filter_map(|p| p.split_once(" }").map(|(v, _)| v)).collect()
    }

    fn english() -> Vec<(&'static str, &'static str)> {
        messages("en", CATALOGUES[0].1)
    }

    #[test]
    fn every_language_has_the_same_keys_and_placeables() {
        let english = english();
        for (name, ftl) in CATALOGUES {
            let translated = messages(name, ftl);
            let keys = |m: &[(&str, &str)]| m.iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>();
            assert_eq!(keys(&translated), keys(&english), "{name} differs from en");
            for ((key, text), (_, english_text)) in translated.iter().zip(&english) {
                assert_eq!(placeables(text), placeables(english_text), "{name}: {key}");
            }
        }
    }

    #[test]
    fn the_code_and_the_catalogue_use_the_same_keys() {
        let catalogue: BTreeSet<String> = english().into_iter().map(|(k, _)| k.to_owned()).collect();
        let source = include_str!("eligibility.rs");
        let library = source.split_once("\n#[cfg(test)]").map_or(source, |(library, _)| library);
        let in_code: BTreeSet<String> = library
            .split("\"eligibility-")
            .skip(1)
            .filter_map(|rest| rest.split_once('"'))
            .map(|(tail, _)| format!("eligibility-{tail}"))
            .collect();
        assert_eq!(in_code, catalogue);
    }

    #[test]
    fn findings_carry_the_placeables_of_their_message() {
        let english: std::collections::HashMap<_, _> = english().into_iter().collect();
        let wrong = ApplicantFacts {
            nationality: CountryCode::parse("US").unwrap(),
            also_japanese: true,
            position: Position::Cir,
            qualifications: vec![Qualification::Bachelor { awarded: date!(2027 - 01 - 01) }],
            previous_participations: vec![period(date!(2014 - 08 - 01), date!(2026 - 07 - 31))],
            residence_in_japan: vec![],
            declined_placement_last_year_without_reason: true,
            jlpt: None,
            japanese_self_assessment: Some(Jlpt::N1),
        };
        let mut findings = check_default(&wrong);
        findings.extend(check(&korea_rules(), korea(), ARRIVAL, &wrong));
        for facts in [
            ApplicantFacts { qualifications: vec![], ..applicant() },
            ApplicantFacts { position: Position::Alt, qualifications: vec![], ..applicant() },
            ApplicantFacts { position: Position::Sea, ..applicant() },
        ] {
            findings.extend(check_default(&facts));
        }
        let seen: BTreeSet<&str> = findings.iter().map(|f| f.key).collect();
        assert_eq!(seen.len(), 12, "every finding key is exercised: {seen:?}");
        for finding in &findings {
            let names: BTreeSet<&str> = finding.args.iter().map(|(n, _)| *n).collect();
            assert_eq!(names, placeables(english[finding.key]), "{}", finding.key);
        }
        for rule in Rule::ALL {
            assert!(english.contains_key(rule.message_key()));
        }
    }

    // Properties.

    fn day() -> impl Strategy<Value = Date> {
        // 2000-01-01 to 2030-12-31, eight leap days.
        (0..11_323i32).prop_map(|n| Date::from_julian_day(2_451_545 + n).unwrap())
    }

    fn any_period() -> impl Strategy<Value = Period> {
        (day(), 0..3_000i32).prop_map(|(start, length)| {
            let end = Date::from_julian_day(start.to_julian_day() + length).unwrap_or(start);
            period(start, end.max(start))
        })
    }

    fn any_level() -> impl Strategy<Value = Option<Jlpt>> {
        proptest::option::of(proptest::sample::select(Jlpt::ALL.to_vec()))
    }

    fn any_rules() -> impl Strategy<Value = EligibilityRules> {
        (any::<[bool; 4]>(), 0..6u8, 0..8u8, 1..15u8, 0..15u8, proptest::sample::select(Jlpt::ALL.to_vec())).prop_map(
            |(switches, gap, cap, window, limit, level)| EligibilityRules {
                alt_teacher_training_accepted: switches[0],
                participation_gap_years: gap,
                participation_cap_years: cap,
                residence_limit_years: limit.clamp(1, window),
                residence_window_years: window,
                declined_placement_bars: switches[1],
                cir_jlpt_level: level,
                cir_japanese_assessed_at_interview: switches[2],
                sea_offered: switches[3],
            },
        )
    }

    fn any_facts() -> impl Strategy<Value = ApplicantFacts> {
        let qualification = (any::<bool>(), day()).prop_map(|(bachelor, awarded)| {
            if bachelor { Qualification::Bachelor { awarded } } else { Qualification::TeacherTraining3Year { awarded } }
        });
        (
            proptest::sample::select(vec!["KR", "US", "JP"]),
            any::<[bool; 2]>(),
            proptest::sample::select(Position::ALL.to_vec()),
            proptest::collection::vec(qualification, 0..3),
            proptest::collection::vec(any_period(), 0..3),
            proptest::collection::vec(any_period(), 0..4),
            any_level(),
            any_level(),
        )
            .prop_map(|(nationality, flags, position, qualifications, jet, stays, jlpt, claimed)| {
                ApplicantFacts {
                    nationality: CountryCode::parse(nationality).unwrap(),
                    also_japanese: flags[0],
                    position,
                    qualifications,
                    previous_participations: jet,
                    residence_in_japan: stays,
                    declined_placement_last_year_without_reason: flags[1],
                    jlpt,
                    japanese_self_assessment: claimed,
                }
            })
    }

    proptest! {
        #[test]
        fn another_stay_in_japan_never_makes_an_applicant_eligible(
            rules in any_rules(),
            arrival in day(),
            facts in any_facts(),
            stay in any_period(),
        ) {
            let before = check(&rules, korea(), arrival, &facts);
            let mut more = facts.clone();
            more.residence_in_japan.push(stay);
            let after = check(&rules, korea(), arrival, &more);
            if before.iter().any(Finding::is_blocking) {
                prop_assert!(after.iter().any(Finding::is_blocking));
            }
            if before.iter().any(|f| f.rule == Rule::ResidenceInJapan) {
                prop_assert!(after.iter().any(|f| f.rule == Rule::ResidenceInJapan));
            }
        }

        #[test]
        fn findings_are_deterministic_and_ordered(
            rules in any_rules(),
            arrival in day(),
            facts in any_facts(),
        ) {
            let findings = check(&rules, korea(), arrival, &facts);
            prop_assert_eq!(&findings, &check(&rules, korea(), arrival, &facts));
            prop_assert!(findings.windows(2).all(|w| (w[0].rule, w[0].severity) <= (w[1].rule, w[1].severity)));
            // The order in which periods are declared does not matter.
            let mut reordered = facts.clone();
            reordered.residence_in_japan.reverse();
            reordered.previous_participations.reverse();
            reordered.qualifications.reverse();
            prop_assert_eq!(&findings, &check(&rules, korea(), arrival, &reordered));
        }

        #[test]
        fn merged_periods_count_each_day_once(periods in proptest::collection::vec(any_period(), 0..5)) {
            let distinct: BTreeSet<i32> = periods
                .iter()
                .flat_map(|p| p.start.to_julian_day()..=p.end.to_julian_day())
                .filter(|&jd| {
                    let d = Date::from_julian_day(jd).unwrap();
                    !(d.month() == Month::February && d.day() == 29)
                })
                .collect();
            let merged = merged(periods.iter().copied());
            prop_assert_eq!(counted_days(&merged), distinct.len() as i64);
            prop_assert!(merged.windows(2).all(|w| w[0].end < w[1].start));
        }
    }
}
