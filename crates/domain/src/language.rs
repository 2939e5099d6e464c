//! The interface languages.

use serde::{Deserialize, Serialize};

/// The languages the whole interface (pages, mails, error messages) is available in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Ja,
    Ko,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::En, Language::Ja, Language::Ko];

    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ja => "ja",
            Language::Ko => "ko",
        }
    }
    /// The language's name in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Ja => "日本語",
            Language::Ko => "한국어",
        }
    }
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        Language::ALL.into_iter().find(|l| l.tag() == primary)
    }
    /// The best language for an `Accept-Language` header (quality values honoured).
    pub fn negotiate(accept_language: &str) -> Option<Language> {
        let mut choices: Vec<(u16, Language)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let language = Language::from_tag(pieces.next()?)?;
                let quality =
                    pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
                Some(((quality.clamp(0.0, 1.0) * 1000.0) as u16, language))
            })
            .collect();
        // Stable sort keeps the header's order among equal qualities.
        choices.sort_by_key(|c| std::cmp::Reverse(c.0));
        choices.first().filter(|(q, _)| *q > 0).map(|(_, l)| *l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality() {
        assert_eq!(Language::negotiate("ko-KR,ko;q=0.9,en-US;q=0.8"), Some(Language::Ko));
        assert_eq!(Language::negotiate("fr-FR, ja;q=0.5, en;q=0.7"), Some(Language::En));
        assert_eq!(Language::negotiate("fr"), None);
        assert_eq!(Language::negotiate("ja;q=0"), None);
    }
}
