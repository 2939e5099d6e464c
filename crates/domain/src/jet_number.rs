//! The JET number: the participant's identifier across the programme, 11 digits beginning with `20`.

use crate::text::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct JetNumber(String);

impl JetNumber {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let value: String = raw.trim().chars().filter(|c| *c != '-' && *c != ' ').collect();
        if value.len() != 11 || !value.bytes().all(|b| b.is_ascii_digit()) || !value.starts_with("20") {
            return Err(FieldError::new("jet_number", "error-jet-number-invalid"));
        }
        Ok(JetNumber(value))
    }

    /// The number a participant arriving in `arrival_year` gets as the `serial`-th of that year:
    /// `20` + the year's last two digits + a 7-digit serial.
    pub fn for_arrival(arrival_year: i32, serial: u32) -> Result<Self, FieldError> {
        if !(2000..2100).contains(&arrival_year) || serial > 9_999_999 {
            return Err(FieldError::new("jet_number", "error-jet-number-invalid"));
        }
        JetNumber::parse(&format!("20{:02}{:07}", arrival_year % 100, serial))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for JetNumber {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        JetNumber::parse(&value)
    }
}
impl From<JetNumber> for String {
    fn from(value: JetNumber) -> Self {
        value.0
    }
}
impl fmt::Display for JetNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_eleven_digits_beginning_with_20() {
        assert_eq!(JetNumber::parse("2025-0001234").unwrap().as_str(), "20250001234");
        for bad in ["2025000123", "202500012345", "19250001234", "2025000123a", ""] {
            assert!(JetNumber::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn numbers_for_an_arrival_year_always_parse(year in 2000i32..2100, serial in 0u32..10_000_000) {
            let number = JetNumber::for_arrival(year, serial).unwrap();
            prop_assert_eq!(JetNumber::parse(number.as_str()).unwrap(), number);
        }
    }
}
