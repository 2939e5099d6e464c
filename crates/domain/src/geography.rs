//! Japan's prefectures and municipalities, with the reference data the project ships
//! (`data/japan-municipalities.csv`, see `data/README.md` for its provenance).

use crate::text::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::OnceLock;

/// JIS X 0401 prefecture code, 1 (Hokkaido) to 47 (Okinawa).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct PrefectureCode(u8);

impl PrefectureCode {
    pub fn new(code: i64) -> Result<Self, FieldError> {
        match u8::try_from(code) {
            Ok(c @ 1..=47) => Ok(PrefectureCode(c)),
            _ => Err(FieldError::new("prefecture", "error-prefecture-invalid")),
        }
    }
    pub fn get(self) -> u8 {
        self.0
    }
}
impl TryFrom<i64> for PrefectureCode {
    type Error = FieldError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        PrefectureCode::new(value)
    }
}
impl From<PrefectureCode> for i64 {
    fn from(value: PrefectureCode) -> Self {
        i64::from(value.0)
    }
}
impl fmt::Display for PrefectureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

/// The six-digit local government code (JIS X 0402 with its check digit), e.g. `011002` for Sapporo.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MunicipalityCode(String);

impl MunicipalityCode {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let code = raw.trim();
        let digits: Vec<u32> = code.chars().filter_map(|c| c.to_digit(10)).collect();
        if code.len() != 6 || digits.len() != 6 {
            return Err(FieldError::new("municipality", "error-municipality-invalid"));
        }
        // The check digit of JIS X 0402: weights 6..2 over the first five digits, modulus 11.
        let sum: u32 = digits.iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
        if (11 - sum % 11) % 10 != digits[5] {
            return Err(FieldError::new("municipality", "error-municipality-check-digit"));
        }
        PrefectureCode::new(i64::from(digits[0] * 10 + digits[1]))
            .map_err(|_| FieldError::new("municipality", "error-municipality-invalid"))?;
        Ok(MunicipalityCode(code.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn prefecture(&self) -> PrefectureCode {
        // Validated in `parse`: the first two characters are digits of a code in 1..=47.
        let code = self.0.get(..2).and_then(|p| p.parse::<u8>().ok()).unwrap_or(1);
        PrefectureCode(code)
    }
}
impl TryFrom<String> for MunicipalityCode {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        MunicipalityCode::parse(&value)
    }
}
impl From<MunicipalityCode> for String {
    fn from(value: MunicipalityCode) -> Self {
        value.0
    }
}
impl fmt::Display for MunicipalityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The eight conventional regions, used to widen a candidate's stated preferences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Region {
    Hokkaido,
    Tohoku,
    Kanto,
    Chubu,
    Kansai,
    Chugoku,
    Shikoku,
    KyushuOkinawa,
}

impl Region {
    pub const ALL: [Region; 8] = [
        Region::Hokkaido,
        Region::Tohoku,
        Region::Kanto,
        Region::Chubu,
        Region::Kansai,
        Region::Chugoku,
        Region::Shikoku,
        Region::KyushuOkinawa,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Hokkaido => "Hokkaido",
            Region::Tohoku => "Tohoku",
            Region::Kanto => "Kanto",
            Region::Chubu => "Chubu",
            Region::Kansai => "Kansai",
            Region::Chugoku => "Chugoku",
            Region::Shikoku => "Shikoku",
            Region::KyushuOkinawa => "Kyushu-Okinawa",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Region::ALL
            .into_iter()
            .find(|r| r.as_str() == raw)
            .ok_or_else(|| FieldError::new("region", "error-region-invalid"))
    }
}

/// What kind of local government a reference row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LocalGovernmentKind {
    Prefecture,
    City,
    Town,
    Village,
    SpecialWard,
}

impl LocalGovernmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LocalGovernmentKind::Prefecture => "prefecture",
            LocalGovernmentKind::City => "city",
            LocalGovernmentKind::Town => "town",
            LocalGovernmentKind::Village => "village",
            LocalGovernmentKind::SpecialWard => "special-ward",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        [Self::Prefecture, Self::City, Self::Town, Self::Village, Self::SpecialWard]
            .into_iter()
            .find(|k| k.as_str() == raw)
            .ok_or_else(|| FieldError::new("kind", "error-kind-invalid"))
    }
}

/// The 20 designated cities (政令指定都市), by local government code. They host participants
/// directly and have Prefectural Advisors of their own.
pub const DESIGNATED_CITIES: [&str; 20] = [
    "011002", "041009", "111007", "121002", "141003", "141305", "141500", "151009", "221007", "221309", "231002",
    "261009", "271004", "271403", "281000", "331007", "341002", "401005", "401307", "431001",
];

/// One row of the reference data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocalGovernment {
    pub code: MunicipalityCode,
    pub kind: LocalGovernmentKind,
    pub prefecture: PrefectureCode,
    pub prefecture_en: String,
    pub prefecture_ja: String,
    pub region: Region,
    pub name_ja: String,
    pub name_kana: String,
    pub name_en: String,
    pub lat: f64,
    pub lng: f64,
}

impl LocalGovernment {
    pub fn is_designated_city(&self) -> bool {
        DESIGNATED_CITIES.contains(&self.code.as_str())
    }
}

/// The reference data as shipped in the repository, compiled into the binary.
pub const REFERENCE_CSV: &str = include_str!("../../../data/japan-municipalities.csv");

/// Why the reference data could not be read: a row and column, and the reason.
#[derive(Debug, thiserror::Error)]
#[error("reference data line {line}: {reason}")]
pub struct ReferenceError {
    pub line: usize,
    pub reason: String,
}

/// Parses the reference CSV (no quoted fields: the file has none, and this refuses any).
pub fn parse_reference(csv: &str) -> Result<Vec<LocalGovernment>, ReferenceError> {
    let mut lines = csv.lines().enumerate();
    let expected = "lg_code,kind,prefecture_code,prefecture_en,prefecture_ja,region,name_ja,name_kana,name_en,lat,lng";
    match lines.next() {
        Some((_, header)) if header.trim_end() == expected => {}
        _ => {
            return Err(ReferenceError { line: 1, reason: format!("header must be `{expected}`") });
        }
    }
    let mut rows = Vec::with_capacity(1_800);
    for (index, line) in lines {
        let line_no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let err = |reason: String| ReferenceError { line: line_no, reason };
        let fields: Vec<&str> = line.trim_end().split(',').collect();
        let [code, kind, pref, pref_en, pref_ja, region, name_ja, kana, name_en, lat, lng] = fields[..] else {
            return Err(err(format!("expected 11 fields, found {}", fields.len())));
        };
        if line.contains('"') {
            return Err(err("quoted fields are not expected".into()));
        }
        let code = MunicipalityCode::parse(code).map_err(|e| err(e.to_string()))?;
        let prefecture = PrefectureCode::new(pref.parse::<i64>().map_err(|e| err(format!("prefecture_code: {e}")))?)
            .map_err(|e| err(e.to_string()))?;
        if code.prefecture() != prefecture {
            return Err(err(format!("lg_code {code} is not in prefecture {prefecture}")));
        }
        rows.push(LocalGovernment {
            code,
            kind: LocalGovernmentKind::parse(kind).map_err(|e| err(e.to_string()))?,
            prefecture,
            prefecture_en: pref_en.to_owned(),
            prefecture_ja: pref_ja.to_owned(),
            region: Region::parse(region).map_err(|e| err(e.to_string()))?,
            name_ja: name_ja.to_owned(),
            name_kana: kana.to_owned(),
            name_en: name_en.to_owned(),
            lat: lat.parse().map_err(|e| err(format!("lat: {e}")))?,
            lng: lng.parse().map_err(|e| err(format!("lng: {e}")))?,
        });
    }
    Ok(rows)
}

/// The shipped reference data.
pub fn reference() -> Result<Vec<LocalGovernment>, ReferenceError> {
    parse_reference(REFERENCE_CSV)
}

/// The shipped reference data, read once; empty if it does not parse (a test checks it does).
fn shipped() -> &'static [LocalGovernment] {
    static ROWS: OnceLock<Vec<LocalGovernment>> = OnceLock::new();
    ROWS.get_or_init(|| reference().unwrap_or_default())
}

/// The row a place preference's code names: a prefecture by its two digits, a municipality by its six.
fn place_row(code: &str) -> Option<&'static LocalGovernment> {
    match code.len() {
        2 => {
            let prefecture: u8 = code.parse().ok()?;
            shipped().iter().find(|r| r.kind == LocalGovernmentKind::Prefecture && r.prefecture.get() == prefecture)
        }
        6 => shipped().iter().find(|r| r.code.as_str() == code && r.kind != LocalGovernmentKind::Prefecture),
        _ => None,
    }
}

/// A place's name from the shipped reference data, as the application form's place preferences
/// hold them: a prefecture by its two digits, a municipality by its six (with its prefecture),
/// written as an address is (兵庫県神戸市, Kobe City, Hyogo).
/// Japanese or English: the data holds no other language. `None` for a code the data lacks.
pub fn place_name(code: &str, japanese: bool) -> Option<String> {
    let row = place_row(code)?;
    Some(match (row.kind, japanese) {
        (LocalGovernmentKind::Prefecture, true) => row.prefecture_ja.clone(),
        (LocalGovernmentKind::Prefecture, false) => row.prefecture_en.clone(),
        (_, true) => format!("{}{}", row.prefecture_ja, row.name_ja),
        (_, false) => format!("{}, {}", row.name_en, row.prefecture_en),
    })
}

/// A place as a choice in a list of places is shown: the municipality first, its prefecture after
/// it (札幌市（北海道）, Sapporo City, Hokkaido), so that a list of choices reads by their own names.
pub fn place_label(code: &str, japanese: bool) -> Option<String> {
    let row = place_row(code)?;
    Some(match (row.kind, japanese) {
        (LocalGovernmentKind::Prefecture, true) => row.prefecture_ja.clone(),
        (LocalGovernmentKind::Prefecture, false) => row.prefecture_en.clone(),
        (_, true) => format!("{}（{}）", row.name_ja, row.prefecture_ja),
        (_, false) => format!("{}, {}", row.name_en, row.prefecture_en),
    })
}

/// A place found by name: its code as the application form's preferences hold it (two digits for
/// a prefecture, six for a municipality).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceMatch {
    pub code: String,
    pub prefecture: bool,
}

/// The most places one search answers: enough to pick from on a phone.
pub const PLACE_SEARCH_LIMIT: usize = 20;

/// One searchable place with the folded spellings it is found by.
struct Searchable {
    found: PlaceMatch,
    keys: Vec<String>,
}

/// Every prefecture, then every municipality, each with its folded names: kanji with and without
/// its 市/区/町/村/県/都/府, the katakana reading with and without the suffix's reading, the
/// English name with and without "City", "Town", "Village", "Prefecture". Built once.
fn search_index() -> &'static [Searchable] {
    static INDEX: OnceLock<Vec<Searchable>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut rows: Vec<&LocalGovernment> = shipped().iter().collect();
        // Prefectures before municipalities: a tie goes to the prefecture.
        rows.sort_by_key(|r| (r.kind != LocalGovernmentKind::Prefecture, r.code.as_str()));
        rows.into_iter().map(searchable).collect()
    })
}

fn searchable(row: &LocalGovernment) -> Searchable {
    let prefecture = row.kind == LocalGovernmentKind::Prefecture;
    let mut names: Vec<String> = vec![row.name_ja.clone(), row.name_kana.clone(), row.name_en.clone()];
    // 北海道 keeps its 道: it is part of the name, not a kind of place.
    if let Some(stem) = ["市", "区", "町", "村", "県", "都", "府"].iter().find_map(|s| row.name_ja.strip_suffix(s))
    {
        names.push(stem.to_owned());
    }
    let kana_suffixes: &[&str] = match row.kind {
        LocalGovernmentKind::City => &["シ"],
        LocalGovernmentKind::SpecialWard => &["ク"],
        LocalGovernmentKind::Town => &["チョウ", "マチ"],
        LocalGovernmentKind::Village => &["ムラ", "ソン"],
        LocalGovernmentKind::Prefecture => &["ケン", "ト", "フ"],
    };
    let ends_in_kind = !(prefecture && row.name_ja == "北海道");
    if let Some(stem) = kana_suffixes.iter().find_map(|s| row.name_kana.strip_suffix(s)).filter(|_| ends_in_kind) {
        names.push(stem.to_owned());
    }
    if let Some(stem) = [" City", " Town", " Village", " Prefecture", " Metropolis", " Ward"]
        .iter()
        .find_map(|s| row.name_en.strip_suffix(s))
    {
        names.push(stem.to_owned());
    }
    if prefecture {
        names.push(row.prefecture_en.clone());
    }
    let mut keys: Vec<String> = names.iter().map(|n| fold(n)).filter(|k| !k.is_empty()).collect();
    keys.sort();
    keys.dedup();
    let code = if prefecture { row.prefecture.to_string() } else { row.code.as_str().to_owned() };
    Searchable { found: PlaceMatch { code, prefecture }, keys }
}

/// Folds a name or a query to the one spelling both are compared in: full-width letters to ASCII,
/// lower case, hiragana to katakana, macrons dropped (Tōkyō), no spaces or punctuation, and long
/// vowels written once (Toukyou, Tookyoo and Tokyo; トウキョウ, トーキョー and トキョ alike).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = '\0';
    for c in text.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            'ā' | 'â' | 'Ā' | 'Â' => 'a',
            'ī' | 'î' | 'Ī' | 'Î' => 'i',
            'ū' | 'û' | 'Ū' | 'Û' => 'u',
            'ē' | 'ê' | 'Ē' | 'Ê' => 'e',
            'ō' | 'ô' | 'Ō' | 'Ô' => 'o',
            _ => c,
        }
        .to_ascii_lowercase();
        let skip = match c {
            'ー' => true,
            _ if c.is_ascii() && !c.is_ascii_alphanumeric() => true,
            _ if c.is_whitespace() || matches!(c, '・' | '、' | '。' | '’') => true,
            'o' => previous == 'o',
            'u' => matches!(previous, 'o' | 'u'),
            'ウ' => "オコゴソゾトドノホボポモヨョロヲウクグスズツヅヌフブプムユュル".contains(previous),
            'オ' => "オコゴソゾトドノホボポモヨョロヲ".contains(previous),
            _ => false,
        };
        // What is dropped leaves the character before it as the one a long vowel follows.
        if !skip {
            out.push(c);
            previous = c;
        }
    }
    out
}

/// Places whose name matches the query: the Japanese name (kanji), its reading (katakana or
/// hiragana) or the English name, case and long vowels aside. An exact name first, then names
/// that start with the query, then names that hold it; prefectures before municipalities, then
/// by code. At most `limit`, and none for a query with nothing to compare.
pub fn search_places(query: &str, limit: usize) -> Vec<PlaceMatch> {
    // A name is short: a longer query cannot match, and a bound keeps every search cheap.
    let query: String = query.chars().take(60).collect();
    let query = fold(&query);
    if query.is_empty() {
        return Vec::new();
    }
    let mut ranked: Vec<(u8, usize)> = search_index()
        .iter()
        .enumerate()
        .filter_map(|(i, place)| {
            place
                .keys
                .iter()
                .filter_map(|key| {
                    if *key == query {
                        Some(0)
                    } else if key.starts_with(&query) {
                        Some(1)
                    } else if key.contains(&query) {
                        Some(2)
                    } else {
                        None
                    }
                })
                .min()
                .map(|rank| (rank, i))
        })
        .collect();
    // The index lists prefectures first, each kind by code: its order breaks ties.
    ranked.sort_unstable();
    let index = search_index();
    ranked.into_iter().take(limit).filter_map(|(_, i)| index.get(i).map(|p| p.found.clone())).collect()
}

/// Great-circle distance in kilometres (haversine), for couples placed near each other.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lng1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lng2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lng2 - lng1) / 2.0).sin().powi(2);
    2.0 * 6_371.0 * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    #[test]
    fn places_are_named_from_the_reference_data() {
        assert_eq!(place_name("28", false).as_deref(), Some("Hyogo"));
        assert_eq!(place_name("28", true).as_deref(), Some("兵庫県"));
        assert_eq!(place_name("281000", false).as_deref(), Some("Kobe City, Hyogo"));
        assert_eq!(place_name("281000", true).as_deref(), Some("兵庫県神戸市"));
        assert_eq!(place_name("999999", true), None);
        assert_eq!(place_name("x", true), None);
    }

    use super::*;

    fn first(query: &str) -> Option<String> {
        search_places(query, PLACE_SEARCH_LIMIT).into_iter().next().map(|p| p.code)
    }

    #[test]
    fn places_are_found_by_kanji_kana_and_english() {
        for query in [
            "札幌",
            "札幌市",
            "さっぽろ",
            "サッポロ",
            "サッポロシ",
            "sapporo",
            "Sapporo City",
            "ＳＡＰＰＯＲＯ",
            " sapporo ",
        ] {
            assert_eq!(first(query).as_deref(), Some("011002"), "{query}");
        }
        for query in
            ["兵庫", "兵庫県", "ひょうご", "ひょーご", "ヒョウゴケン", "Hyogo", "hyougo", "HYŌGO", "hyogo prefecture"]
        {
            assert_eq!(first(query).as_deref(), Some("28"), "{query}");
        }
        for query in ["tokyo", "Tōkyō", "Toukyou", "とうきょう", "トーキョー", "東京"] {
            assert_eq!(first(query).as_deref(), Some("13"), "{query}");
        }
        assert_eq!(first("kobe").as_deref(), Some("281000"));
        assert_eq!(first("ひめじ").as_deref(), Some("282014"));
        assert_eq!(place_label("282014", false).as_deref(), Some("Himeji City, Hyogo"));
    }

    #[test]
    fn exact_names_come_before_prefixes_and_prefixes_before_the_rest() {
        // Osaka is a prefecture and a city by that very name (the prefecture first, on a tie);
        // Osakasayama starts with it; Kosaka and Higashioosaka (long vowel folded) hold it.
        let found: Vec<String> = search_places("osaka", PLACE_SEARCH_LIMIT).into_iter().map(|p| p.code).collect();
        assert_eq!(found, ["27", "271004", "272311", "053031", "272272"]);
        // 京都: the prefecture and the city exactly, then 東京都, which only holds it.
        let found: Vec<String> = search_places("京都", PLACE_SEARCH_LIMIT).into_iter().map(|p| p.code).collect();
        assert_eq!(found[..3], ["26", "261009", "13"]);
    }

    #[test]
    fn a_search_answers_few_and_nothing_for_nothing() {
        assert_eq!(search_places("a", PLACE_SEARCH_LIMIT).len(), PLACE_SEARCH_LIMIT);
        assert!(search_places("", PLACE_SEARCH_LIMIT).is_empty());
        assert!(search_places(" ・- ", PLACE_SEARCH_LIMIT).is_empty());
        assert!(search_places("zzzqqq", PLACE_SEARCH_LIMIT).is_empty());
        assert!(search_places(&"さ".repeat(10_000), PLACE_SEARCH_LIMIT).is_empty());
        // Every place is found by its English name and by its reading, among its namesakes
        // (there are several Ikeda Towns): the index holds all 1,788.
        for row in reference().unwrap() {
            let code = if row.kind == LocalGovernmentKind::Prefecture {
                row.prefecture.to_string()
            } else {
                row.code.as_str().to_owned()
            };
            for name in [&row.name_en, &row.name_kana, &row.name_ja] {
                let found = search_places(name, PLACE_SEARCH_LIMIT);
                assert!(found.iter().any(|p| p.code == code), "{name}: {found:?}");
            }
        }
    }

    #[test]
    fn chosen_places_are_labelled_by_their_own_name_first() {
        assert_eq!(place_label("011002", true).as_deref(), Some("札幌市（北海道）"));
        assert_eq!(place_label("011002", false).as_deref(), Some("Sapporo City, Hokkaido"));
        assert_eq!(place_label("28", true).as_deref(), Some("兵庫県"));
        assert_eq!(place_label("28", false).as_deref(), Some("Hyogo"));
        assert_eq!(place_label("99", false), None);
        assert_eq!(place_label("280003", false), None, "a prefecture's six digits are not a municipality");
    }

    #[test]
    fn long_vowels_and_scripts_fold_alike() {
        assert_eq!(fold("Tōkyō"), fold("Toukyou"));
        assert_eq!(fold("とうきょう"), fold("トーキョー"));
        assert_eq!(fold("Sapporo City"), "sapporocity");
        assert_eq!(fold("さっぽろ"), "サッポロ");
    }

    #[test]
    fn the_shipped_reference_has_every_prefecture_and_municipality() {
        let rows = reference().unwrap();
        let count = |k: LocalGovernmentKind| rows.iter().filter(|r| r.kind == k).count();
        assert_eq!(count(LocalGovernmentKind::Prefecture), 47);
        assert_eq!(rows.len() - 47, 1_741);
        assert_eq!(count(LocalGovernmentKind::City), 792);
        assert_eq!(count(LocalGovernmentKind::SpecialWard), 23);
        let designated: Vec<_> = rows.iter().filter(|r| r.is_designated_city()).map(|r| r.name_en.as_str()).collect();
        assert_eq!(designated.len(), 20, "{designated:?}");
        assert!(designated.contains(&"Sapporo City") && designated.contains(&"Kumamoto City"));
    }

    #[test]
    fn check_digits_are_verified() {
        assert!(MunicipalityCode::parse("011002").is_ok());
        assert_eq!(MunicipalityCode::parse("011003").unwrap_err().reason, "error-municipality-check-digit");
        assert!(MunicipalityCode::parse("48100x").is_err());
        assert_eq!(MunicipalityCode::parse("281000").unwrap().prefecture().get(), 28);
    }

    #[test]
    fn prefecture_codes_are_one_to_forty_seven() {
        assert!(PrefectureCode::new(0).is_err());
        assert!(PrefectureCode::new(48).is_err());
        assert_eq!(PrefectureCode::new(13).unwrap().to_string(), "13");
    }

    #[test]
    fn malformed_reference_rows_name_their_line() {
        let csv = format!("{}\n011002,city,01,Hokkaido", REFERENCE_CSV.lines().next().unwrap());
        assert_eq!(parse_reference(&csv).unwrap_err().line, 2);
    }

    #[test]
    fn distances_are_plausible() {
        // Tokyo station to Osaka station is about 400 km as the crow flies.
        let d = distance_km((35.681, 139.767), (34.702, 135.495));
        assert!((390.0..410.0).contains(&d), "{d}");
    }
}
