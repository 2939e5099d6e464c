//! The translation catalogue (`locales/{en,ja,ko}/main.ftl`, compiled into the binary). Every
//! string the interface shows, pages and mails and error messages alike, is looked up here.

use domain::{FieldError, Language};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks around arguments would end up inside e-mail subjects and
        // attribute values; the catalogue's texts are simple enough not to need them.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Text in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Translator {
    language: Language,
}

fn identifier(language: Language) -> LanguageIdentifier {
    match language {
        Language::En => unic_langid::langid!("en"),
        Language::Ja => unic_langid::langid!("ja"),
        Language::Ko => unic_langid::langid!("ko"),
    }
}

/// An argument of a message.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(v.to_owned())
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(v)
    }
}
impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Number(v)
    }
}
impl From<u64> for Arg {
    fn from(v: u64) -> Self {
        Arg::Number(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<usize> for Arg {
    fn from(v: usize) -> Self {
        Arg::Number(i64::try_from(v).unwrap_or(i64::MAX))
    }
}

impl Translator {
    pub fn new(language: Language) -> Self {
        Translator { language }
    }
    pub fn language(&self) -> Language {
        self.language
    }
    /// The message for `key`; a missing key shows itself, so it is found in review, never hidden.
    pub fn t(&self, key: &str) -> String {
        LOCALES.try_lookup(&identifier(self.language), key).unwrap_or_else(|| key.to_owned())
    }
    pub fn t_args(&self, key: &str, args: &[(&'static str, Arg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Text(s) => FluentValue::from(s.clone()),
                    Arg::Number(n) => FluentValue::from(*n),
                };
                (Cow::Borrowed(*name), value)
            })
            .collect();
        LOCALES.try_lookup_with_args(&identifier(self.language), key, &map).unwrap_or_else(|| key.to_owned())
    }
    /// The message for a coded value: `key("application-status", "short-listed")`,
    /// `key("position", "ALT")`.
    pub fn key(&self, prefix: &str, value: &str) -> String {
        self.t(&format!("{prefix}-{}", value.to_lowercase()))
    }
    /// A number argument for templates: `t.n("dash-admin-users", "count", 12)`.
    pub fn n(&self, key: &str, name: &'static str, value: &i64) -> String {
        self.t_args(key, &[(name, Arg::Number(*value))])
    }
    /// A text argument for templates.
    pub fn s(&self, key: &str, name: &'static str, value: &str) -> String {
        self.t_args(key, &[(name, Arg::from(value))])
    }
    /// A field error as the user reads it: "email: not an e-mail address".
    pub fn field_error(&self, error: &FieldError) -> String {
        let mut args = Vec::new();
        if let Some(limit) = error.limit {
            args.push(("limit", Arg::from(limit)));
        }
        if let Some(detail) = &error.detail {
            args.push(("detail", Arg::from(detail.as_str())));
        }
        let reason = self.t_args(error.reason, &args);
        self.t_args("error-field", &[("field", Arg::from(error.field.as_str())), ("reason", Arg::Text(reason))])
    }
}

/// The catalogue's files, for the test that all languages hold the same keys.
pub const CATALOGUES: [(&str, &str); 3] = [
    ("en", include_str!("../locales/en/main.ftl")),
    ("ja", include_str!("../locales/ja/main.ftl")),
    ("ko", include_str!("../locales/ko/main.ftl")),
];

/// The message keys of one catalogue file, in order.
pub fn keys_of(ftl: &str) -> Vec<&str> {
    ftl.lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key() {
        let english = keys_of(CATALOGUES[0].1);
        assert!(english.len() > 200);
        for (name, ftl) in CATALOGUES {
            assert_eq!(keys_of(ftl), english, "{name} differs from en");
        }
    }

    #[test]
    fn every_placeable_of_english_is_in_each_translation() {
        let placeables = |line: &str| -> Vec<String> {
            let mut out: Vec<String> =
                line.split("{ $").skip(1).filter_map(|p| p.split_once(" }").map(|(v, _)| v.to_owned())).collect();
            out.sort();
            out
        };
        let lines = |ftl: &'static str| -> HashMap<&'static str, &'static str> {
            ftl.lines().filter_map(|l| l.split_once(" = ").filter(|(k, _)| !k.starts_with('#'))).collect()
        };
        let english = lines(CATALOGUES[0].1);
        for (name, ftl) in &CATALOGUES[1..] {
            for (key, text) in lines(ftl) {
                assert_eq!(placeables(text), placeables(english[key]), "{name}: {key}");
            }
        }
    }

    #[test]
    fn messages_take_arguments_in_every_language() {
        for language in Language::ALL {
            let t = Translator::new(language);
            let text =
                t.t_args("pager-showing", &[("from", 1i64.into()), ("to", 50i64.into()), ("total", 6012i64.into())]);
            assert!(text.contains("50") && text.contains("6012"), "{language:?}: {text}");
            assert!(!text.contains('\u{2068}'), "no isolation marks");
        }
        assert_eq!(Translator::new(Language::Ja).t("nav-logout"), "ログアウト");
        // Every .ftl file of a language folder is loaded, not only main.ftl.
        assert!(!Translator::new(Language::Ko).t("eligibility-rule-degree").starts_with("eligibility-"));
    }

    #[test]
    fn field_errors_name_the_field_and_the_limit() {
        let e = FieldError::with_limit("display_name", "error-too-long", 100);
        assert_eq!(Translator::new(Language::En).field_error(&e), "display_name: at most 100 characters");
    }
}
