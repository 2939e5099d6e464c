//! Validated text: e-mail addresses, names, bounded free text and country codes.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a value was refused. `field` names the input, `reason` is a message key of the translation
/// catalogue (so the web layer can say it in the user's language), `limit` carries a number the
/// message may need (a maximum length, say).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{field}: {reason}")]
pub struct FieldError {
    pub field: String,
    pub reason: &'static str,
    pub limit: Option<u64>,
    /// A value the message shows as `{ $detail }` (a deadline in the applicant's time zone, say).
    pub detail: Option<String>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, reason: &'static str) -> Self {
        FieldError { field: field.into(), reason, limit: None, detail: None }
    }
    pub fn with_limit(field: impl Into<String>, reason: &'static str, limit: u64) -> Self {
        FieldError { field: field.into(), reason, limit: Some(limit), detail: None }
    }
    pub fn with_detail(field: impl Into<String>, reason: &'static str, detail: impl Into<String>) -> Self {
        FieldError { field: field.into(), reason, limit: None, detail: Some(detail.into()) }
    }
}

/// Trimmed text of 1..=MAX characters with no control characters.
fn bounded(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, "error-required"));
    }
    if value.chars().count() > max {
        return Err(FieldError::with_limit(field, "error-too-long", max as u64));
    }
    if value.chars().any(|c| c.is_control()) {
        return Err(FieldError::new(field, "error-control-characters"));
    }
    Ok(value.to_owned())
}

/// An e-mail address, lower-cased. Deliberately simple: one `@`, a dotted domain, no spaces; the
/// real proof that an address works is the mail that reaches it.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let value = bounded("email", raw, Self::MAX_LEN)?.to_lowercase();
        let Some((local, domain)) = value.split_once('@') else {
            return Err(FieldError::new("email", "error-email-invalid"));
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if local.is_empty() || local.len() > 64 || !domain_ok || value.contains(char::is_whitespace) {
            return Err(FieldError::new("email", "error-email-invalid"));
        }
        Ok(Email(value))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Email::parse(&value)
    }
}
impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}
impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
/// Addresses are personal data: `Debug` (and so any log of a struct holding one) shows the domain only.
impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let domain = self.0.split_once('@').map(|(_, d)| d).unwrap_or("");
        write!(f, "Email(***@{domain})")
    }
}

/// A person's name as they write it (any script), 1..=100 characters.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_LEN: usize = 100;
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        bounded(field, raw, Self::MAX_LEN).map(PersonName)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
impl TryFrom<String> for PersonName {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PersonName::parse("name", &value)
    }
}
impl From<PersonName> for String {
    fn from(value: PersonName) -> Self {
        value.0
    }
}
impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonName(***)")
    }
}

/// A short label (a token's name, a reason) of 1..=200 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortText(String);

impl ShortText {
    pub const MAX_LEN: usize = 200;
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        bounded(field, raw, Self::MAX_LEN).map(ShortText)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case (`US`, `KR`, `GB`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let bytes = raw.trim().as_bytes();
        match bytes {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Ok(CountryCode([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => Err(FieldError::new("country", "error-country-invalid")),
        }
    }
    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}
impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        CountryCode::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_lower_cased_and_checked() {
        assert_eq!(Email::parse("  Ana@Example.ORG ").map(|e| e.to_string()), Ok("ana@example.org".into()));
        for bad in ["", "no-at", "a@b", "a@.b.c", "a b@c.d", "@c.d", "a@c..d"] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
        let long = format!("{}@example.org", "a".repeat(300));
        assert_eq!(Email::parse(&long).map_err(|e| e.reason), Err("error-too-long"));
    }

    #[test]
    fn email_debug_hides_the_local_part() {
        let email = Email::parse("secret.person@example.org").unwrap();
        assert_eq!(format!("{email:?}"), "Email(***@example.org)");
    }

    #[test]
    fn names_keep_any_script_and_refuse_control_characters() {
        assert_eq!(PersonName::parse("family_name", " 김민지 ").unwrap().as_str(), "김민지");
        assert!(PersonName::parse("family_name", "a\u{0}b").is_err());
        let err = PersonName::parse("given_name", &"x".repeat(101)).unwrap_err();
        assert_eq!((err.field.as_str(), err.limit), ("given_name", Some(100)));
    }

    #[test]
    fn country_codes_are_two_letters() {
        assert_eq!(CountryCode::parse("kr").unwrap().as_str(), "KR");
        assert!(CountryCode::parse("KOR").is_err());
        assert!(CountryCode::parse("1A").is_err());
    }
}
