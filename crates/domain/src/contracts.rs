//! The participant's years: contracts, the pay scale and the limits of reappointment.
//!
//! The rules, as the programme states them (`../shared/domain/JET.md`, "Contract and
//! reappointment"):
//! - a contract runs one year from the day after arrival, ending the day before the anniversary;
//!   a departure group may end its first term earlier (April arrivals), as the group's rule;
//! - each next contract starts the day after the last one ends, and runs one year;
//! - remuneration rises with the appointment year and comes from a **dated pay scale**: each scale
//!   takes effect on a date and holds until the next one does, and a contract takes the scale in
//!   force on its start date (never a figure in code);
//! - reappointment is normally up to the 3rd year; a 4th and a 5th only when the contracting
//!   organisation records particularly excellent performance; never beyond the 5th;
//! - about 35 hours a week and at least 10 days of paid leave (the CO may give more).

use crate::text::FieldError;
use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

/// The last appointment year there can be.
pub const MAX_APPOINTMENT_YEARS: u8 = 5;
/// The last appointment year reached without the excellence record.
pub const NORMAL_APPOINTMENT_YEARS: u8 = 3;
/// Working hours a week unless the contract says otherwise.
pub const DEFAULT_WEEKLY_HOURS: u8 = 35;
/// The least paid leave a contract may give, in days a year.
pub const MIN_PAID_LEAVE_DAYS: u8 = 10;

/// A pay scale: annual remuneration in yen for appointment years 1 to 5, in force from
/// `effective_from` until the next scale's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayScale {
    pub effective_from: Date,
    /// Annual remuneration for appointment years 1, 2, 3, 4 and 5 (index 0 is year 1).
    pub annual_yen: [u32; MAX_APPOINTMENT_YEARS as usize],
}

impl PayScale {
    /// A scale as CLAIR enters it: every year's figure positive and none lower than the year
    /// before (pay rises with the appointment year, or holds, as years 4 and 5 of the older scale).
    pub fn new(effective_from: Date, annual_yen: [u32; MAX_APPOINTMENT_YEARS as usize]) -> Result<Self, FieldError> {
        for (i, &yen) in annual_yen.iter().enumerate() {
            let field = format!("year_{}", i + 1);
            if yen == 0 {
                return Err(FieldError::new(field, "error-required"));
            }
            if i > 0 && yen < annual_yen[i - 1] {
                return Err(FieldError::with_detail(
                    field,
                    "error-pay-below-previous-year",
                    annual_yen[i - 1].to_string(),
                ));
            }
        }
        Ok(PayScale { effective_from, annual_yen })
    }

    /// Annual remuneration for an appointment year (1 to 5).
    pub fn remuneration(&self, appointment_year: AppointmentYear) -> u32 {
        self.annual_yen[usize::from(appointment_year.get() - 1)]
    }
}

/// The scale in force on `on`: the one with the latest `effective_from` not after it.
pub fn scale_in_force(scales: &[PayScale], on: Date) -> Option<&PayScale> {
    scales.iter().filter(|s| s.effective_from <= on).max_by_key(|s| s.effective_from)
}

/// Whether `new` may join `scales`. A scale holds until the next one's date, so two scales on one
/// date would both claim it; and one dated before the latest would reprice, after the fact, the
/// contracts that already took the latest: each refused, naming the scale it overlaps.
pub fn check_new_scale(scales: &[PayScale], new: &PayScale) -> Result<(), FieldError> {
    match scales.iter().map(|s| s.effective_from).max() {
        Some(latest) if new.effective_from <= latest => {
            Err(FieldError::with_detail("effective_from", "error-pay-scale-overlaps", latest.to_string()))
        }
        _ => Ok(()),
    }
}

/// An appointment year: 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct AppointmentYear(u8);

impl AppointmentYear {
    pub const FIRST: AppointmentYear = AppointmentYear(1);

    pub fn new(year: u8) -> Result<Self, FieldError> {
        if (1..=MAX_APPOINTMENT_YEARS).contains(&year) {
            Ok(AppointmentYear(year))
        } else {
            Err(FieldError::with_limit(
                "appointment_year",
                "error-appointment-year-range",
                MAX_APPOINTMENT_YEARS.into(),
            ))
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for AppointmentYear {
    type Error = FieldError;
    fn try_from(year: u8) -> Result<Self, FieldError> {
        AppointmentYear::new(year)
    }
}

impl From<AppointmentYear> for u8 {
    fn from(year: AppointmentYear) -> u8 {
        year.0
    }
}

/// The year after `current`, if the rules allow it: refused beyond the 5th year, and for the 4th
/// and 5th unless the contracting organisation recorded particularly excellent performance.
pub fn next_appointment_year(current: AppointmentYear, excellent: bool) -> Result<AppointmentYear, FieldError> {
    let next = current.0 + 1;
    if next > MAX_APPOINTMENT_YEARS {
        return Err(FieldError::with_limit("decision", "error-beyond-last-year", MAX_APPOINTMENT_YEARS.into()));
    }
    if next > NORMAL_APPOINTMENT_YEARS && !excellent {
        return Err(FieldError::with_limit("excellent", "error-needs-excellence", u64::from(next)));
    }
    Ok(AppointmentYear(next))
}

/// A contract's term: its first and last day, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub start: Date,
    pub end: Date,
}

impl Term {
    /// The first contract: from the day after arrival to the day before the anniversary of that
    /// day, or to the departure group's own end of the first term (April arrivals) when it has one.
    pub fn first(arrival: Date, group_first_term_end: Option<Date>) -> Result<Term, FieldError> {
        let start = day_after(arrival, "arrival_date")?;
        let year_end = year_from(start)?;
        match group_first_term_end {
            None => Ok(Term { start, end: year_end }),
            Some(end) if end >= start && end <= year_end => Ok(Term { start, end }),
            Some(end) => Err(FieldError::with_detail("first_term_end", "error-first-term-end", end.to_string())),
        }
    }

    /// The contract after this one: from the day after it ends, for one year.
    pub fn next(self) -> Result<Term, FieldError> {
        let start = day_after(self.end, "end_date")?;
        Ok(Term { start, end: year_from(start)? })
    }

    /// Whether a term entered by hand follows from the one it must follow: the first from the
    /// arrival (and the group's rule), a later one from the contract before it.
    pub fn check_follows(self, expected: Term) -> Result<(), FieldError> {
        if self.start != expected.start {
            return Err(FieldError::with_detail("start_date", "error-contract-start", expected.start.to_string()));
        }
        if self.end != expected.end {
            return Err(FieldError::with_detail("end_date", "error-contract-end", expected.end.to_string()));
        }
        Ok(())
    }

    /// The day after the term: for the last contract, the day the participant becomes an alumnus.
    pub fn day_after_end(self) -> Result<Date, FieldError> {
        day_after(self.end, "end_date")
    }

    pub fn contains(self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }
}

fn day_after(day: Date, field: &'static str) -> Result<Date, FieldError> {
    day.next_day().ok_or_else(|| FieldError::new(field, "error-date-range"))
}

/// The last day of a year that starts on `start`: the day before its anniversary. A year that
/// starts on 29 February has its anniversary on 1 March, so it ends on 28 February.
fn year_from(start: Date) -> Result<Date, FieldError> {
    let year = start.year() + 1;
    let anniversary = match Date::from_calendar_date(year, start.month(), start.day()) {
        Ok(d) => d,
        Err(_) => Date::from_calendar_date(year, Month::March, 1)
            .map_err(|_| FieldError::new("start_date", "error-date-range"))?,
    };
    anniversary.checked_sub(Duration::days(1)).ok_or_else(|| FieldError::new("start_date", "error-date-range"))
}

/// The terms a contracting organisation sets, checked: working hours and paid leave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conditions {
    pub weekly_hours: u8,
    pub paid_leave_days: u8,
}

impl Conditions {
    pub fn new(weekly_hours: Option<u8>, paid_leave_days: Option<u8>) -> Result<Self, Vec<FieldError>> {
        let weekly_hours = weekly_hours.unwrap_or(DEFAULT_WEEKLY_HOURS);
        let paid_leave_days = paid_leave_days.unwrap_or(MIN_PAID_LEAVE_DAYS);
        let mut errors = Vec::new();
        if !(1..=40).contains(&weekly_hours) {
            errors.push(FieldError::with_limit("weekly_hours", "error-weekly-hours", 40));
        }
        if paid_leave_days < MIN_PAID_LEAVE_DAYS {
            errors.push(FieldError::with_limit(
                "paid_leave_days",
                "error-paid-leave-minimum",
                MIN_PAID_LEAVE_DAYS.into(),
            ));
        }
        if errors.is_empty() { Ok(Conditions { weekly_hours, paid_leave_days }) } else { Err(errors) }
    }
}

/// What a participant says of the coming year in the reappointment round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Intention {
    Recontract,
    Leave,
}

/// What the contracting organisation decides for a participant who wishes to stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Reappoint,
    NotReappoint,
}

macro_rules! kebab_names {
    ($t:ty, $($v:ident => $s:literal),+) => {
        impl $t {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some(Self::$v),)+ _ => None }
            }
        }
    };
}
kebab_names!(Intention, Recontract => "recontract", Leave => "leave");
kebab_names!(Decision, Reappoint => "reappoint", NotReappoint => "not-reappoint");

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn older() -> PayScale {
        PayScale::new(date!(2019 - 04 - 01), [3_360_000, 3_600_000, 3_900_000, 3_960_000, 3_960_000]).unwrap()
    }

    fn scale_2025() -> PayScale {
        PayScale::new(date!(2025 - 04 - 01), [4_020_000, 4_260_000, 4_560_000, 4_620_000, 4_620_000]).unwrap()
    }

    #[test]
    fn a_contract_takes_the_scale_in_force_on_its_start_date() {
        let scales = [older(), scale_2025()];
        assert_eq!(scale_in_force(&scales, date!(2019 - 03 - 31)), None);
        assert_eq!(scale_in_force(&scales, date!(2025 - 03 - 31)), Some(&scales[0]));
        assert_eq!(scale_in_force(&scales, date!(2025 - 04 - 01)), Some(&scales[1]));
        let year_3 = AppointmentYear::new(3).unwrap();
        assert_eq!(scale_in_force(&scales, date!(2024 - 08 - 01)).unwrap().remuneration(year_3), 3_900_000);
        assert_eq!(
            scale_in_force(&scales, date!(2026 - 08 - 01)).unwrap().remuneration(AppointmentYear::FIRST),
            4_020_000
        );
    }

    #[test]
    fn a_scale_on_or_before_the_latest_date_overlaps_it() {
        let scales = [older(), scale_2025()];
        let same_day = PayScale::new(date!(2025 - 04 - 01), [1, 1, 1, 1, 1]).unwrap();
        let err = check_new_scale(&scales, &same_day).unwrap_err();
        assert_eq!((err.field.as_str(), err.reason), ("effective_from", "error-pay-scale-overlaps"));
        assert!(check_new_scale(&scales, &PayScale { effective_from: date!(2020 - 04 - 01), ..older() }).is_err());
        assert!(check_new_scale(&scales, &PayScale { effective_from: date!(2026 - 04 - 01), ..older() }).is_ok());
        assert!(check_new_scale(&[], &older()).is_ok());
    }

    #[test]
    fn a_scale_pays_every_year_and_never_less_than_the_year_before() {
        let err = PayScale::new(date!(2025 - 04 - 01), [4_020_000, 0, 1, 1, 1]).unwrap_err();
        assert_eq!((err.field.as_str(), err.reason), ("year_2", "error-required"));
        let err =
            PayScale::new(date!(2025 - 04 - 01), [4_020_000, 4_000_000, 4_100_000, 4_100_000, 4_100_000]).unwrap_err();
        assert_eq!((err.field.as_str(), err.reason), ("year_2", "error-pay-below-previous-year"));
    }

    #[test]
    fn the_first_contract_runs_a_year_from_the_day_after_arrival() {
        let t = Term::first(date!(2026 - 07 - 26), None).unwrap();
        assert_eq!(t, Term { start: date!(2026 - 07 - 27), end: date!(2027 - 07 - 26) });
        assert_eq!(t.next().unwrap(), Term { start: date!(2027 - 07 - 27), end: date!(2028 - 07 - 26) });
        assert_eq!(t.day_after_end().unwrap(), date!(2027 - 07 - 27));
    }

    #[test]
    fn an_april_group_may_end_its_first_term_early_but_not_beyond_a_year() {
        let t = Term::first(date!(2026 - 04 - 05), Some(date!(2026 - 07 - 31))).unwrap();
        assert_eq!(t, Term { start: date!(2026 - 04 - 06), end: date!(2026 - 07 - 31) });
        assert_eq!(t.next().unwrap().start, date!(2026 - 08 - 01));
        let err = Term::first(date!(2026 - 04 - 05), Some(date!(2027 - 04 - 06))).unwrap_err();
        assert_eq!(err.reason, "error-first-term-end");
        assert!(Term::first(date!(2026 - 04 - 05), Some(date!(2026 - 04 - 05))).is_err());
    }

    #[test]
    fn a_year_from_the_29th_of_february_ends_on_the_28th() {
        let t = Term::first(date!(2028 - 02 - 28), None).unwrap();
        assert_eq!(t, Term { start: date!(2028 - 02 - 29), end: date!(2029 - 02 - 28) });
        assert_eq!(t.next().unwrap(), Term { start: date!(2029 - 03 - 01), end: date!(2030 - 02 - 28) });
    }

    #[test]
    fn contract_dates_that_do_not_follow_are_refused_by_field() {
        let expected = Term::first(date!(2026 - 07 - 26), None).unwrap();
        let err = Term { start: date!(2026 - 07 - 26), end: expected.end }.check_follows(expected).unwrap_err();
        assert_eq!((err.field.as_str(), err.detail.as_deref()), ("start_date", Some("2026-07-27")));
        let err = Term { start: expected.start, end: date!(2027 - 07 - 27) }.check_follows(expected).unwrap_err();
        assert_eq!(err.field, "end_date");
        assert!(expected.check_follows(expected).is_ok());
    }

    #[test]
    fn a_fourth_and_fifth_year_need_the_excellence_record_and_a_sixth_never_comes() {
        let year = |n| AppointmentYear::new(n).unwrap();
        assert_eq!(next_appointment_year(year(1), false), Ok(year(2)));
        assert_eq!(next_appointment_year(year(2), false), Ok(year(3)));
        assert_eq!(next_appointment_year(year(3), false).unwrap_err().reason, "error-needs-excellence");
        assert_eq!(next_appointment_year(year(3), true), Ok(year(4)));
        assert_eq!(next_appointment_year(year(4), true), Ok(year(5)));
        assert_eq!(next_appointment_year(year(5), true).unwrap_err().reason, "error-beyond-last-year");
        assert!(AppointmentYear::new(0).is_err() && AppointmentYear::new(6).is_err());
    }

    #[test]
    fn conditions_default_to_35_hours_and_at_least_10_days_of_leave() {
        assert_eq!(Conditions::new(None, None), Ok(Conditions { weekly_hours: 35, paid_leave_days: 10 }));
        assert_eq!(Conditions::new(Some(35), Some(20)).unwrap().paid_leave_days, 20);
        let errors = Conditions::new(Some(50), Some(9)).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["weekly_hours", "paid_leave_days"]);
    }

    #[test]
    fn intentions_and_decisions_keep_their_names() {
        for i in [Intention::Recontract, Intention::Leave] {
            assert_eq!(Intention::parse(i.as_str()), Some(i));
        }
        for d in [Decision::Reappoint, Decision::NotReappoint] {
            assert_eq!(Decision::parse(d.as_str()), Some(d));
        }
        assert_eq!(Decision::parse("maybe"), None);
    }

    proptest! {
        /// Five contracts in a row from any arrival leave no day uncovered and none twice, each
        /// runs a year (365 or 366 days), and the participant becomes an alumnus the day after.
        #[test]
        fn contracts_follow_each_other_without_gap_or_overlap(days in 0i64..20_000) {
            let arrival = date!(2000 - 01 - 01) + Duration::days(days);
            let mut term = Term::first(arrival, None).unwrap();
            prop_assert_eq!(term.start, arrival + Duration::days(1));
            for _ in 1..MAX_APPOINTMENT_YEARS {
                let length = (term.end - term.start).whole_days() + 1;
                prop_assert!(length == 365 || length == 366, "{term:?}");
                let next = term.next().unwrap();
                prop_assert_eq!(next.start, term.day_after_end().unwrap());
                term = next;
            }
        }
    }
}
