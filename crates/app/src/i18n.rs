//! The translation catalogue (`locales/{en,ja,ko}/<area>.ftl`, compiled into the binary). Every
//! string the interface shows, pages and mails and error messages alike, is looked up here. Each
//! area of the programme keeps its messages in its own file (`shell.ftl` holds the page frame,
//! errors and the words every area uses); the loader reads every `.ftl` file of a language's
//! folder, so an area's file is added without touching the others. A message key lives in one
//! file only, and the three languages hold the same files with the same keys (tests below).

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
    pub fn key(&self, prefix: &str, value: impl AsRef<str>) -> String {
        self.t(&format!("{prefix}-{}", value.as_ref().to_lowercase()))
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
        self.t_args(
            "error-field",
            &[("field", Arg::Text(self.field_label(&error.field))), ("reason", Arg::Text(reason))],
        )
    }

    /// A field by the label its reader knows it by, never its code: `personal.birth_date` is "Date
    /// of birth", `documents.transcript` "Academic transcript", `scores.motivation` the
    /// criterion's name, `decisions[1].rank` "Rank (2)". The catalogue is asked, in order: the
    /// form's own label (`field-…`), a label of its own (`label-…`), the named kinds (documents,
    /// criteria), then the first part alone; a field none of them names reads as "this field".
    pub fn field_label(&self, field: &str) -> String {
        self.known_field_label(field).unwrap_or_else(|| {
            let item = field.split_once('[').and_then(|(_, rest)| rest.split(']').next()?.parse::<i64>().ok());
            let label = self.t("label-unknown");
            match item {
                Some(i) => self.t_args("label-item", &[("label", Arg::Text(label)), ("number", Arg::Number(i + 1))]),
                None => label,
            }
        })
    }

    /// [`Translator::field_label`] when the catalogue names the field; `None` when it does not
    /// (a reader who must know which field it was, such as the audit log's, is shown its path).
    pub fn known_field_label(&self, field: &str) -> Option<String> {
        // `decisions[1].rank` → `decisions.rank` and the item's number, 2.
        let mut path = String::with_capacity(field.len());
        let mut item = None;
        let mut rest = field;
        while let Some(open) = rest.find('[') {
            path.push_str(&rest[..open]);
            let close = rest[open..].find(']').map_or(rest.len(), |c| open + c);
            if item.is_none() {
                item = rest[open + 1..close].parse::<i64>().ok().map(|i| i + 1);
            }
            rest = rest.get(close + 1..).unwrap_or("");
        }
        path.push_str(rest);
        let dashed = path.replace('.', "-");
        let (first, tail) = path.split_once('.').unwrap_or((path.as_str(), ""));
        let mut keys = vec![format!("field-{dashed}"), format!("label-{dashed}")];
        match first {
            "documents" => keys.push(format!("document-kind-{tail}")),
            "scores" => keys.push(format!("criterion-{tail}")),
            _ => {}
        }
        // A field nested in a group the catalogue does not name (`selection_rules.clearance_days`)
        // is known by its own name, else by its group's.
        if let Some(last) = path.rsplit('.').next().filter(|last| *last != path) {
            keys.push(format!("label-{last}"));
            keys.push(format!("field-{last}"));
        }
        keys.push(format!("label-{first}"));
        keys.push(format!("field-{first}"));
        let label = keys.iter().find_map(|key| LOCALES.try_lookup(&identifier(self.language), key))?;
        Some(match item {
            Some(n) => self.t_args("label-item", &[("label", Arg::Text(label)), ("number", Arg::Number(n))]),
            None => label,
        })
    }

    /// A message of the catalogue when it has one under `key`.
    pub fn try_t(&self, key: &str) -> Option<String> {
        LOCALES.try_lookup(&identifier(self.language), key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::Path;

    /// One language's catalogue as the loader reads it: every `.ftl` file of its folder, by name.
    fn files_of(language: Language) -> BTreeMap<String, String> {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(language.tag());
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ftl") {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                files.insert(name, std::fs::read_to_string(&path).unwrap());
            }
        }
        files
    }

    /// The messages of one file, in order: every line is a comment, blank, or one whole
    /// `key = text` message.
    fn messages_of(ftl: &str) -> Vec<(&str, &str)> {
        ftl.lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| l.split_once(" = ").unwrap_or_else(|| panic!("not a one-line message: {l}")))
            .collect()
    }

    fn keys_of(ftl: &str) -> Vec<&str> {
        messages_of(ftl).into_iter().map(|(key, _)| key).collect()
    }

    #[test]
    fn every_language_has_the_same_files_with_the_same_keys() {
        let english = files_of(Language::En);
        assert!(english.len() > 5, "one file per area");
        assert!(english.values().map(|ftl| keys_of(ftl).len()).sum::<usize>() > 200);
        for language in Language::ALL {
            let files = files_of(language);
            assert_eq!(files.keys().collect::<Vec<_>>(), english.keys().collect::<Vec<_>>(), "{language:?}: files");
            for (name, ftl) in &files {
                assert_eq!(keys_of(ftl), keys_of(&english[name]), "{language:?}: {name} differs from en");
            }
        }
    }

    #[test]
    fn no_key_is_in_two_files() {
        for language in Language::ALL {
            let mut file_of: HashMap<String, String> = HashMap::new();
            for (name, ftl) in files_of(language) {
                for key in keys_of(&ftl) {
                    if let Some(other) = file_of.insert(key.to_owned(), name.clone()) {
                        panic!("{language:?}: {key} is in {other} and in {name}");
                    }
                }
            }
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
        let english = files_of(Language::En);
        for language in &Language::ALL[1..] {
            for (name, ftl) in files_of(*language) {
                let english: HashMap<&str, &str> = messages_of(&english[&name]).into_iter().collect();
                for (key, text) in messages_of(&ftl) {
                    assert_eq!(placeables(text), placeables(english[key]), "{language:?}: {name}: {key}");
                }
            }
        }
    }

    #[test]
    fn every_file_is_loaded() {
        // The loader reads every .ftl file of a language folder: a key of each file is found.
        for language in Language::ALL {
            let t = Translator::new(language);
            for (name, ftl) in files_of(language) {
                // A message without arguments: one that needs them is not shown without them.
                let (key, _) = messages_of(&ftl).into_iter().find(|(_, text)| !text.contains('{')).unwrap();
                assert_ne!(t.t(key), key, "{language:?}: {name} is not loaded");
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
    }

    #[test]
    fn the_programmes_titles_are_the_glossarys() {
        // `shared/domain/glossary.md`: a Prefectural Advisor is not a "programme advisor", which is
        // another JET role.
        assert_eq!(
            Translator::new(Language::Ja).t("role-prefectural-advisor"),
            "プリフェクチュラル・アドバイザー（PA）"
        );
        assert_eq!(Translator::new(Language::Ko).t("role-prefectural-advisor"), "프리펙추럴 어드바이저(PA)");
    }

    #[test]
    fn field_errors_name_the_field_by_its_label_and_the_limit() {
        let e = FieldError::with_limit("display_name", "error-too-long", 100);
        assert_eq!(Translator::new(Language::En).field_error(&e), "Name: at most 100 characters");
        let en = Translator::new(Language::En);
        assert_eq!(en.field_label("personal.birth_date"), "Date of birth");
        assert_eq!(en.field_label("documents.transcript"), "Academic transcript");
        assert_eq!(en.field_label("decisions[1].rank"), "Rank (2)");
        assert_eq!(en.field_label("scores.motivation"), "Motivation");
        assert_eq!(en.field_label("no_such_thing"), "This field");
        assert_eq!(Translator::new(Language::Ja).field_label("personal.birth_date"), "生年月日");
    }

    /// Every field a use case or the form can name has a label in every language: the names the
    /// code refuses with (`FieldError`), and every field and document of the application form.
    #[test]
    fn every_field_has_a_label_in_every_language() {
        let mut fields: Vec<String> = FIELDS.iter().map(|f| (*f).to_owned()).collect();
        for section in crate::applying::SECTIONS {
            for f in section.fields {
                fields.push(format!("{}.{}", section.name, f.name));
            }
        }
        for kind in crate::applying::REQUIRED_DOCUMENTS {
            fields.push(format!("documents.{kind}"));
        }
        for language in Language::ALL {
            let t = Translator::new(language);
            let unknown = t.t("label-unknown");
            for field in &fields {
                let label = t.field_label(field);
                assert!(
                    label != unknown && !label.contains('_') && !label.starts_with("label-"),
                    "{language:?}: {field} reads as {label}"
                );
            }
        }
    }

    /// The field names the use cases refuse with, outside the application form.
    const FIELDS: &[&str] = &[
        "application",
        "application_deadline",
        "applications",
        "booking_cutoff_hours",
        "clearance_days",
        "count",
        "country",
        "decisions",
        "decisions[0].application",
        "decisions[0].outcome",
        "decisions[0].rank",
        "departure_group",
        "details",
        "disagreement_threshold",
        "display_name",
        "email",
        "file",
        "format",
        "given_name",
        "family_name",
        "ground",
        "interview_share_percent",
        "jlpt",
        "kind",
        "language",
        "location",
        "minutes",
        "mission",
        "mode",
        "name",
        "nationality",
        "panel",
        "password",
        "places_sea",
        "position",
        "reason",
        "referees.letters",
        "reviewers",
        "reviewers_per_application",
        "role",
        "scores",
        "slot",
        "status",
        "unit",
        "version",
        "weights",
        "written_test_score",
        "year",
        "year_mission",
        "first",
        "screening[0].weight",
        "interview[0].key",
    ];
}
