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

/// A table sorted by one of its columns, from `?sort=column&dir=asc|desc`, sorted on the server
/// so that it works without script and a sorted board can be linked to.
#[derive(Deserialize, Default, Clone)]
pub struct SortQuery {
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub dir: String,
}

/// A sortable column: its key in the address, its heading, whether it holds numbers (right
/// aligned, and sorted high to low at the first click: a board is read from its best).
pub struct SortColumn {
    pub key: &'static str,
    pub label: String,
    pub numeric: bool,
}

/// A column heading that sorts: the link, and the state for `aria-sort`.
pub struct SortHeader {
    pub label: String,
    pub href: String,
    /// `ascending`, `descending` or `none`.
    pub aria: &'static str,
    pub numeric: bool,
}

impl SortQuery {
    /// The column sorted by, when it is one of `columns`.
    pub fn column<'a>(&self, columns: &'a [SortColumn]) -> Option<&'a SortColumn> {
        columns.iter().find(|c| c.key == self.sort)
    }

    pub fn descending(&self) -> bool {
        self.dir == "desc"
    }

    /// `base` as sorted now (for the language switch to come back to), when sorted by a known column.
    pub fn path(&self, base: &str, columns: &[SortColumn]) -> String {
        match self.column(columns) {
            Some(c) => format!("{base}?sort={}&dir={}", c.key, if self.descending() { "desc" } else { "asc" }),
            None => base.to_owned(),
        }
    }

    /// Orders `rows` by the chosen column (`key` gives each row's value of a column, `None` for
    /// none: those go last either way); rows that compare equal keep their order. With no known
    /// column, the rows stay as they came.
    pub fn apply<T, K: Ord>(&self, columns: &[SortColumn], rows: &mut [T], key: impl Fn(&T, &str) -> Option<K>) {
        if let Some(column) = self.column(columns) {
            rows.sort_by(|a, b| match (key(a, column.key), key(b, column.key)) {
                (Some(x), Some(y)) if self.descending() => y.cmp(&x),
                (Some(x), Some(y)) => x.cmp(&y),
                (x, y) => x.is_none().cmp(&y.is_none()),
            });
        }
    }

    /// The headings, each linking to `base` sorted by it (the other way round when it is the
    /// column sorted by).
    pub fn headers(&self, base: &str, columns: &[SortColumn]) -> Vec<SortHeader> {
        columns
            .iter()
            .map(|c| {
                let current = c.key == self.sort;
                let aria = match (current, self.descending()) {
                    (false, _) => "none",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                };
                let next_desc = if current { !self.descending() } else { c.numeric };
                let dir = if next_desc { "desc" } else { "asc" };
                SortHeader {
                    label: c.label.clone(),
                    href: format!("{base}?sort={}&dir={dir}", c.key),
                    aria,
                    numeric: c.numeric,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod sort_tests {
    use super::*;

    fn columns() -> Vec<SortColumn> {
        vec![
            SortColumn { key: "name", label: "Name".into(), numeric: false },
            SortColumn { key: "score", label: "Score".into(), numeric: true },
        ]
    }

    #[test]
    fn rows_sort_by_the_chosen_column_either_way_and_stay_put_otherwise() {
        let rows = vec![("b", Some(2)), ("a", Some(3)), ("d", None), ("c", Some(1))];
        let key = |r: &(&str, Option<i32>), c: &str| {
            if c == "name" { Some((r.0.to_owned(), 0)) } else { r.1.map(|v| (String::new(), v)) }
        };
        let sorted = |sort: &str, dir: &str| {
            let mut r = rows.clone();
            SortQuery { sort: sort.into(), dir: dir.into() }.apply(&columns(), &mut r, key);
            r.iter().map(|r| r.0).collect::<String>()
        };
        assert_eq!(sorted("name", "asc"), "abcd");
        assert_eq!(sorted("name", "desc"), "dcba");
        assert_eq!(sorted("score", "desc"), "abcd", "no score last");
        assert_eq!(sorted("score", "asc"), "cbad", "no score last either way");
        assert_eq!(sorted("unknown", "asc"), "badc", "an unknown column leaves the order");
    }

    #[test]
    fn headings_link_to_the_other_direction_of_the_current_column() {
        let q = SortQuery { sort: "score".into(), dir: "desc".into() };
        let h = q.headers("/board", &columns());
        assert_eq!((h[0].href.as_str(), h[0].aria), ("/board?sort=name&dir=asc", "none"));
        assert_eq!((h[1].href.as_str(), h[1].aria), ("/board?sort=score&dir=asc", "descending"));
        let fresh = SortQuery::default().headers("/board", &columns());
        assert_eq!(fresh[1].href, "/board?sort=score&dir=desc", "numbers first high to low");
    }
}
