//! List helpers: the query of a list page (search, filters, paging), the pager, and the list tools
//! (export, saved filters) shown above a list.

use crate::shell::AppState;
use app::Translator;
use app::admin::{Listing, Page};
use app::records::ListFilter;
use serde::Deserialize;
use store::jobs::SavedFilterRow;

/// Query of the list pages; kept as typed so the filters show what was chosen.
#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub country: String,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub prefecture: Option<i64>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// `prefecture=` (an empty select) means no filter, not a malformed number.
fn empty_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let raw: Option<String> = Option::deserialize(d)?;
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

impl ListQuery {
    pub fn filter(&self) -> ListFilter {
        let opt = |s: &String| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        ListFilter {
            search: opt(&self.search),
            status: opt(&self.status),
            position: opt(&self.position),
            country: opt(&self.country),
            prefecture: self.prefecture,
        }
    }
    pub fn page(&self) -> Page {
        Page::new(self.limit, self.offset)
    }
    pub fn is_prefecture(&self, code: &i64) -> bool {
        self.prefecture == Some(*code)
    }
}

pub struct Pager {
    pub text: String,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// Links to the neighbouring pages of a list, keeping the other parameters of the query.
pub fn pager<T>(t: &Translator, path: &str, listing: &Listing<T>) -> Pager {
    use app::i18n::Arg;
    let (base, query) = path.split_once('?').unwrap_or((path, ""));
    let kept: Vec<(String, String)> = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| k != "offset")
        .collect();
    let link = |offset: i64| {
        let mut params = kept.clone();
        params.push(("offset".into(), offset.to_string()));
        format!("{base}?{}", serde_urlencoded::to_string(&params).unwrap_or_default())
    };
    let from = if listing.total == 0 { 0 } else { listing.offset + 1 };
    let to = (listing.offset + listing.rows.len() as i64).min(listing.total);
    Pager {
        text: t.t_args(
            "pager-showing",
            &[("from", Arg::from(from)), ("to", Arg::from(to)), ("total", Arg::from(listing.total))],
        ),
        previous: (listing.offset > 0).then(|| link((listing.offset - listing.limit).max(0))),
        next: (to < listing.total).then(|| link(listing.offset + listing.limit)),
    }
}

/// What the list pages show above their table: export links with the current filter, the
/// caller's saved filters, and the form to save this one.
pub struct ListTools {
    pub list: &'static str,
    pub query: String,
    pub saved: Vec<SavedFilterRow>,
}

impl ListTools {
    pub async fn of(state: &AppState, actor: &app::Actor, list: &'static str, q: &ListQuery) -> ListTools {
        let prefecture = q.prefecture.map(|p| p.to_string()).unwrap_or_default();
        let pairs: Vec<(&str, &str)> = [
            ("search", q.search.as_str()),
            ("status", q.status.as_str()),
            ("position", q.position.as_str()),
            ("country", q.country.as_str()),
            ("prefecture", prefecture.as_str()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .collect();
        let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
        // A list page still shows when the saved filters cannot be read; the error is logged.
        let saved = state.app.account(actor).saved_filters(list).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "saved filters");
            vec![]
        });
        ListTools { list, query, saved }
    }
}
