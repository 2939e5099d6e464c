//! Placement as the programme runs it (`JET.md`, "Placement"): contracting organisations' requests,
//! the hard requirements a candidate must meet, and the documented rules that turn people's
//! applications and requests into both sides' rankings for the placement engine.
//!
//! The rules, in the order they apply:
//! 1. **Requirements are hard.** A candidate is never listed for a request of another position, nor
//!    one whose minimum Japanese level, driving licence or wanted nationality they do not meet.
//! 2. **Stated places first.** A candidate's list holds the requests in the places they stated
//!    (a municipality, or a prefecture), in the order they stated them; then the requests of those
//!    places' regions; then the rest of Japan, nearest first, so every candidate has somewhere to
//!    go. Within each tier the candidate's weights (area type, family housing for dependants, a
//!    city for a declared medical condition, ties, distance) order the requests. The list is cut at `list_length` after the stated places.
//! 3. **Organisations rank the candidates who list them** by selection score, Japanese beyond the
//!    request's minimum, a licence, their sister countries and a candidate's stated wish for the
//!    place, each with CLAIR's weight.
//! 4. **Couples** rank pairs of requests: both in one municipality first, then both within
//!    `couple_distance_km` of each other (from the reference data's points), best combined ranks
//!    first. A couple with no such pair is placed as two single candidates, and the run says so.
//!
//! Everything here is pure and deterministic: ties are broken by a fixed mix of the ids, so that
//! candidates without stated places do not all crowd the same request.

use crate::eligibility::Jlpt;
use crate::geography::{Region, distance_km};
use crate::lifecycle::Lifecycle;
use crate::position::Position;
use crate::text::{CountryCode, FieldError};
use serde::{Deserialize, Serialize};

/// School levels an ALT request may name.
pub const SCHOOL_LEVELS: [&str; 4] = ["elementary", "junior-high", "senior-high", "special-needs"];
/// What a CO offers as housing.
pub const HOUSING: [&str; 4] = ["provided", "provided-family", "assisted", "own"];
/// The most participants one request may ask for (the largest boards ask for a few dozen).
pub const MAX_PLACES: i64 = 60;
/// The most schools one ALT request may cover.
pub const MAX_SCHOOLS: i64 = 40;

/// A request as typed by a CO (or its prefecture), before it is checked.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RequestInput {
    pub position: String,
    pub places: i64,
    /// Places filled by a predecessor who is reappointed: counted, not placed.
    pub continuing: i64,
    pub school_levels: Vec<String>,
    pub schools: i64,
    pub department: Option<String>,
    pub sport: Option<String>,
    /// A nationality wanted (a Korean-speaking CIR: `KR`).
    pub nationality: Option<String>,
    pub min_jlpt: Option<String>,
    pub licence_required: bool,
    pub housing: String,
    pub sister_cities: String,
    pub sister_countries: Vec<String>,
    pub remarks: Option<String>,
}

/// A checked request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestSpec {
    pub position: Position,
    pub places: i64,
    pub continuing: i64,
    pub school_levels: Vec<String>,
    pub schools: i64,
    pub department: Option<String>,
    pub sport: Option<String>,
    pub nationality: Option<CountryCode>,
    pub min_jlpt: Option<Jlpt>,
    pub licence_required: bool,
    pub housing: String,
    pub sister_cities: String,
    pub sister_countries: Vec<CountryCode>,
    pub remarks: Option<String>,
}

fn optional_text(field: &str, raw: Option<&str>, max: usize, errors: &mut Vec<FieldError>) -> Option<String> {
    let t = raw.map(str::trim).filter(|t| !t.is_empty())?;
    if t.chars().count() > max {
        errors.push(FieldError::with_limit(field, "error-too-long", max as u64));
    } else if t.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        errors.push(FieldError::new(field, "error-control-characters"));
    }
    Some(t.to_owned())
}

impl RequestInput {
    /// Checks every field and reports every problem at once, each naming its field.
    pub fn check(&self) -> Result<RequestSpec, Vec<FieldError>> {
        let mut errors = Vec::new();
        let position = Position::parse(&self.position).map_err(|e| errors.push(e)).ok();
        if !(0..=MAX_PLACES).contains(&self.places) {
            errors.push(FieldError::with_limit("places", "error-request-places-range", MAX_PLACES as u64));
        }
        if !(0..=MAX_PLACES).contains(&self.continuing) {
            errors.push(FieldError::with_limit("continuing", "error-request-places-range", MAX_PLACES as u64));
        }
        if self.places == 0 && self.continuing == 0 {
            errors.push(FieldError::new("places", "error-request-empty"));
        }
        let mut levels: Vec<String> = Vec::new();
        for (i, level) in self.school_levels.iter().enumerate() {
            let level = level.trim();
            if !SCHOOL_LEVELS.contains(&level) {
                errors.push(FieldError::with_detail(
                    format!("school_levels[{i}]"),
                    "error-school-level-invalid",
                    level,
                ));
            } else if !levels.iter().any(|l| l == level) {
                levels.push(level.to_owned());
            }
        }
        let department = optional_text("department", self.department.as_deref(), 200, &mut errors);
        let sport = optional_text("sport", self.sport.as_deref(), 100, &mut errors);
        match position {
            Some(Position::Alt) => {
                if levels.is_empty() {
                    errors.push(FieldError::new("school_levels", "error-required"));
                }
                if !(1..=MAX_SCHOOLS).contains(&self.schools) {
                    errors.push(FieldError::with_limit("schools", "error-schools-range", MAX_SCHOOLS as u64));
                }
            }
            Some(Position::Cir) if department.is_none() => errors.push(FieldError::new("department", "error-required")),
            Some(Position::Sea) if sport.is_none() => errors.push(FieldError::new("sport", "error-required")),
            _ => {}
        }
        if position.is_some_and(|p| p != Position::Alt) && (!levels.is_empty() || self.schools != 0) {
            errors.push(FieldError::new("school_levels", "error-school-levels-alt-only"));
        }
        let nationality = match self.nationality.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            None => None,
            Some(code) => CountryCode::parse(code)
                .map_err(|_| errors.push(FieldError::new("nationality", "error-country-invalid")))
                .ok(),
        };
        let min_jlpt = match self.min_jlpt.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            None => None,
            Some(level) => {
                Jlpt::parse(level).map_err(|_| errors.push(FieldError::new("min_jlpt", "error-jlpt-invalid"))).ok()
            }
        };
        let housing = self.housing.trim();
        if !HOUSING.contains(&housing) {
            errors.push(FieldError::new("housing", "error-choice-invalid"));
        }
        let sister_cities =
            optional_text("sister_cities", Some(&self.sister_cities), 500, &mut errors).unwrap_or_default();
        let mut sister_countries = Vec::new();
        for (i, code) in self.sister_countries.iter().enumerate() {
            match CountryCode::parse(code.trim()) {
                Ok(c) if !sister_countries.contains(&c) => sister_countries.push(c),
                Ok(_) => {}
                Err(_) => errors.push(FieldError::new(format!("sister_countries[{i}]"), "error-country-invalid")),
            }
        }
        let remarks = optional_text("remarks", self.remarks.as_deref(), 2000, &mut errors);
        match position {
            Some(position) if errors.is_empty() => Ok(RequestSpec {
                position,
                places: self.places,
                continuing: self.continuing,
                school_levels: levels,
                schools: self.schools,
                department,
                sport,
                nationality,
                min_jlpt,
                licence_required: self.licence_required,
                housing: housing.to_owned(),
                sister_cities,
                sister_countries,
                remarks,
            }),
            _ => Err(errors),
        }
    }
}

/// Where a request stands on its way from the CO to CLAIR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestStatus {
    /// Being written by the CO.
    Draft,
    /// Sent to the prefecture (or designated city) for review.
    Submitted,
    /// Reviewed and forwarded to CLAIR: placement uses it.
    Forwarded,
    /// The prefecture or CLAIR asked the CO to change it.
    ChangeRequested,
}

impl Lifecycle for RequestStatus {
    const NAME: &'static str = "placement-request";
    const ALL: &'static [Self] = &[Self::Draft, Self::Submitted, Self::Forwarded, Self::ChangeRequested];
    fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Forwarded => "forwarded",
            Self::ChangeRequested => "change-requested",
        }
    }
    fn next_states(self) -> &'static [Self] {
        use RequestStatus::*;
        match self {
            Draft => &[Submitted],
            Submitted => &[Forwarded, ChangeRequested],
            Forwarded => &[ChangeRequested],
            ChangeRequested => &[Submitted],
        }
    }
}

/// A run of the placement engine: it runs as a background job, ends done or failed, and a done run
/// is approved by the committee (or left as one of the proposals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunStatus {
    Running,
    /// Finished: its proposal can be read, compared, moved by hand and approved.
    Done,
    /// Approved by the committee: locked, its placements recorded and notified.
    Approved,
    Failed,
}

impl Lifecycle for RunStatus {
    const NAME: &'static str = "placement-run";
    const ALL: &'static [Self] = &[Self::Running, Self::Done, Self::Approved, Self::Failed];
    fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Done => "done",
            Self::Approved => "approved",
            Self::Failed => "failed",
        }
    }
    fn next_states(self) -> &'static [Self] {
        use RunStatus::*;
        match self {
            Running => &[Done, Failed],
            Done => &[Approved],
            Approved | Failed => &[],
        }
    }
}

crate::lifecycle::stored_status!(RequestStatus, RunStatus);

/// The weights CLAIR sets for a year's placement. All are small integers (0 switches a factor
/// off) so that a committee can read and argue about them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    /// Candidate side: the request's area type matches the stated one.
    pub area: u32,
    /// Candidate side: family housing for a candidate with dependants.
    pub family_housing: u32,
    /// Candidate side: a city (half for a semi-urban place) for a candidate who declared a medical
    /// condition, where specialist care is near.
    pub medical_access: u32,
    /// Candidate side: the stated ties name the request's municipality or prefecture.
    pub ties: u32,
    /// Candidate side: per 100 km from the first stated place (outside the stated places).
    pub distance: u32,
    /// Organisation side: the selection score (per point on the 1-5 scale).
    pub selection_score: u32,
    /// Organisation side: per JLPT level above the request's minimum (or above none).
    pub japanese: u32,
    /// Organisation side: a driving licence where the request does not require one.
    pub licence: u32,
    /// Organisation side: the candidate's nationality is one of the CO's sister countries.
    pub sister: u32,
    /// Organisation side: the candidate stated this request's place.
    pub stated: u32,
    /// How many requests a single candidate's list holds beyond the stated places.
    pub list_length: u32,
    /// Couples: the farthest two requests of a pair may be apart.
    pub couple_distance_km: u32,
    /// Couples: how many pairs a couple ranks.
    pub couple_pairs: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            area: 3,
            family_housing: 2,
            medical_access: 2,
            ties: 2,
            distance: 1,
            selection_score: 5,
            japanese: 2,
            licence: 1,
            sister: 3,
            stated: 2,
            list_length: 30,
            couple_distance_km: 50,
            couple_pairs: 60,
        }
    }
}

/// The fields of [`Weights`], for forms and messages, with their allowed range.
pub const WEIGHT_FIELDS: [(&str, u32, u32); 13] = [
    ("area", 0, 20),
    ("family_housing", 0, 20),
    ("medical_access", 0, 20),
    ("ties", 0, 20),
    ("distance", 0, 20),
    ("selection_score", 0, 20),
    ("japanese", 0, 20),
    ("licence", 0, 20),
    ("sister", 0, 20),
    ("stated", 0, 20),
    ("list_length", 5, 200),
    ("couple_distance_km", 0, 500),
    ("couple_pairs", 1, 400),
];

impl Weights {
    pub fn get(&self, field: &str) -> Option<u32> {
        Some(match field {
            "area" => self.area,
            "family_housing" => self.family_housing,
            "medical_access" => self.medical_access,
            "ties" => self.ties,
            "distance" => self.distance,
            "selection_score" => self.selection_score,
            "japanese" => self.japanese,
            "licence" => self.licence,
            "sister" => self.sister,
            "stated" => self.stated,
            "list_length" => self.list_length,
            "couple_distance_km" => self.couple_distance_km,
            "couple_pairs" => self.couple_pairs,
            _ => return None,
        })
    }

    /// Every weight out of its range, named.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let errors: Vec<FieldError> = WEIGHT_FIELDS
            .iter()
            .filter(|(field, lo, hi)| self.get(field).is_none_or(|v| v < *lo || v > *hi))
            .map(|(field, _, hi)| {
                FieldError::with_limit(format!("weights.{field}"), "error-placement-weight-range", u64::from(*hi))
            })
            .collect();
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// The kind of place, as the application form's "area" names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    Urban,
    SemiUrban,
    Rural,
}

impl Area {
    /// A designated city or a Tokyo ward is urban, another city semi-urban, a town or village rural;
    /// a prefecture-wide body (its schools are everywhere) counts as semi-urban.
    pub fn of_municipality(kind: &str, designated: bool) -> Area {
        match kind {
            _ if designated => Area::Urban,
            "special-ward" => Area::Urban,
            "town" | "village" => Area::Rural,
            _ => Area::SemiUrban,
        }
    }
    fn index(self) -> i32 {
        match self {
            Area::Urban => 0,
            Area::SemiUrban => 1,
            Area::Rural => 2,
        }
    }
    pub fn parse(raw: &str) -> Option<Area> {
        match raw {
            "urban" => Some(Area::Urban),
            "semi-urban" => Some(Area::SemiUrban),
            "rural" => Some(Area::Rural),
            _ => None,
        }
    }
}

/// What the derivation needs of a request (kept with a run, so its explanations stay true).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestFacts {
    pub id: i64,
    pub organisation_id: i64,
    pub position: Position,
    /// Seats to fill in this run (places less those already notified).
    pub seats: u32,
    pub lg_code: String,
    pub prefecture: u8,
    pub region: Region,
    pub area: Area,
    /// (lat, lng) of the municipality.
    pub point: (f64, f64),
    /// Names that ties may mention: the municipality's and the prefecture's, in English and Japanese.
    pub names: Vec<String>,
    pub min_jlpt: Option<Jlpt>,
    pub licence_required: bool,
    pub nationality: Option<String>,
    pub housing: String,
    pub sister_countries: Vec<String>,
}

/// What the derivation needs of a candidate (from the application).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateFacts {
    pub application_id: i64,
    pub position: Position,
    /// Stated places, best first: two-digit prefecture or six-digit municipality codes.
    pub places: Vec<String>,
    /// Points of the stated places (the municipality's, or the prefecture's), same order.
    pub points: Vec<(f64, f64)>,
    /// Regions of the stated places, same order.
    pub regions: Vec<Region>,
    pub area: Option<Area>,
    pub ties: String,
    pub jlpt: Option<Jlpt>,
    pub licence: bool,
    pub nationality: String,
    pub dependants: bool,
    /// Declared a medical condition on the form (its details are not used). Runs kept from before
    /// this existed read as none.
    #[serde(default)]
    pub medical: bool,
    /// Final selection score on the 1-5 scale, when known.
    pub score: Option<f64>,
    /// Index (into the candidates) of a confirmed partner also being placed.
    pub partner: Option<u32>,
}

/// A requirement of a request that a candidate does not meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Unmet {
    Position { wanted: String },
    Japanese { minimum: String },
    Licence,
    Nationality { wanted: String },
}

impl Unmet {
    /// The message key that explains it.
    pub fn message_key(&self) -> &'static str {
        match self {
            Unmet::Position { .. } => "placing-unmet-position",
            Unmet::Japanese { .. } => "placing-unmet-japanese",
            Unmet::Licence => "placing-unmet-licence",
            Unmet::Nationality { .. } => "placing-unmet-nationality",
        }
    }
    pub fn detail(&self) -> String {
        match self {
            Unmet::Position { wanted } | Unmet::Nationality { wanted } => wanted.clone(),
            Unmet::Japanese { minimum } => minimum.clone(),
            Unmet::Licence => String::new(),
        }
    }
}

/// Whether `c` meets every requirement of `r`: `unmet(c, r).is_empty()` without building the
/// reasons, for derivation, which asks it of every candidate and request.
pub fn meets(c: &CandidateFacts, r: &RequestFacts) -> bool {
    c.position == r.position
        && r.min_jlpt.is_none_or(|min| c.jlpt.is_some_and(|level| level.meets(min)))
        && (!r.licence_required || c.licence)
        && r.nationality.as_ref().is_none_or(|wanted| wanted.eq_ignore_ascii_case(&c.nationality))
}

/// The requirements of `r` that `c` does not meet (empty: the candidate may be placed there).
pub fn unmet(c: &CandidateFacts, r: &RequestFacts) -> Vec<Unmet> {
    let mut out = Vec::new();
    if c.position != r.position {
        out.push(Unmet::Position { wanted: r.position.as_str().to_owned() });
    }
    if let Some(min) = r.min_jlpt
        && !c.jlpt.is_some_and(|level| level.meets(min))
    {
        out.push(Unmet::Japanese { minimum: min.as_str().to_owned() });
    }
    if r.licence_required && !c.licence {
        out.push(Unmet::Licence);
    }
    if let Some(wanted) = &r.nationality
        && !wanted.eq_ignore_ascii_case(&c.nationality)
    {
        out.push(Unmet::Nationality { wanted: wanted.clone() });
    }
    out
}

/// How a request sits in a candidate's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// In a stated place.
    Stated,
    /// In the region of a stated place.
    Region,
    /// Elsewhere in Japan.
    Elsewhere,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Stated => "stated",
            Tier::Region => "region",
            Tier::Elsewhere => "elsewhere",
        }
    }
}

/// The tier of `r` for `c`, with the index of the stated place it matches (for `Stated`).
pub fn tier(c: &CandidateFacts, r: &RequestFacts) -> (Tier, usize) {
    // The prefecture's two-digit code, compared without building a string (this runs for every
    // candidate and request).
    let prefecture = [b'0' + r.prefecture / 10, b'0' + r.prefecture % 10];
    if let Some(i) = c.places.iter().position(|p| *p == r.lg_code || p.as_bytes() == prefecture) {
        return (Tier::Stated, i);
    }
    if c.regions.contains(&r.region) { (Tier::Region, 0) } else { (Tier::Elsewhere, 0) }
}

/// A fixed mix of two ids: a deterministic tie-break that spreads equal candidates over equal
/// requests (splitmix64's finaliser).
fn mix(a: i64, b: i64) -> u64 {
    let mut z = (a as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (b as u64).rotate_left(29);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The candidate's score of a request within its tier (higher is better).
pub fn candidate_score(c: &CandidateFacts, r: &RequestFacts, w: &Weights, tier: Tier) -> f64 {
    let mut s = 0.0;
    if let Some(area) = c.area {
        // A neighbouring kind of place (urban and semi-urban, semi-urban and rural) counts half.
        let fit = match (area.index() - r.area.index()).abs() {
            0 => 1.0,
            1 => 0.5,
            _ => 0.0,
        };
        s += f64::from(w.area) * fit;
    }
    if c.dependants && r.housing == "provided-family" {
        s += f64::from(w.family_housing);
    }
    if c.medical {
        let near_care = match r.area {
            Area::Urban => 1.0,
            Area::SemiUrban => 0.5,
            Area::Rural => 0.0,
        };
        s += f64::from(w.medical_access) * near_care;
    }
    if !c.ties.is_empty() && r.names.iter().any(|n| !n.is_empty() && c.ties.contains(n.as_str())) {
        s += f64::from(w.ties);
    }
    if tier != Tier::Stated
        && let Some(&anchor) = c.points.first()
    {
        s -= f64::from(w.distance) * distance_km(anchor, r.point) / 100.0;
    }
    s
}

/// The organisation's score of a candidate (higher is better).
pub fn organisation_score(c: &CandidateFacts, r: &RequestFacts, w: &Weights) -> f64 {
    let mut s = f64::from(w.selection_score) * c.score.unwrap_or(3.0);
    if let Some(level) = c.jlpt {
        // N5 is one level above none; N1 five. Above the minimum counts, the minimum itself not.
        let above = |l: Jlpt| 6 - Jlpt::ALL.iter().position(|x| *x == l).map_or(6, |i| i + 1) as i32;
        let base = r.min_jlpt.map_or(0, above);
        s += f64::from(w.japanese) * f64::from((above(level) - base).max(0));
    }
    if c.licence && !r.licence_required {
        s += f64::from(w.licence);
    }
    if r.sister_countries.iter().any(|k| k.eq_ignore_ascii_case(&c.nationality)) {
        s += f64::from(w.sister);
    }
    if tier(c, r).0 == Tier::Stated {
        s += f64::from(w.stated);
    }
    s
}

/// A couple's ranked pairs of requests (indices into the requests).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CouplePairs {
    pub members: [u32; 2],
    pub pairs: Vec<[u32; 2]>,
}

/// Both sides' rankings and the couples, ready for the engine.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Derived {
    /// Each candidate's requests, best first (empty for a member of a couple placed together).
    pub candidate_lists: Vec<Vec<u32>>,
    /// Each request's candidates, best first: everyone who lists it (or a pair with it).
    pub request_lists: Vec<Vec<u32>>,
    pub couples: Vec<CouplePairs>,
    /// Couples with no pair of requests near enough: placed as two single candidates.
    pub split_couples: Vec<[u32; 2]>,
}

/// A candidate's acceptable requests in order, cut at the stated places plus `extra` more.
fn ranked_requests(c: &CandidateFacts, ci: usize, requests: &[RequestFacts], w: &Weights, extra: usize) -> Vec<u32> {
    let mut scored: Vec<(Tier, usize, i64, u64, u32)> = requests
        .iter()
        .enumerate()
        .filter(|(_, r)| r.seats > 0 && meets(c, r))
        .map(|(ri, r)| {
            let (t, stated) = tier(c, r);
            // Scores are compared in thousandths, so the order is exact and total.
            let score = (candidate_score(c, r, w, t) * 1000.0).round() as i64;
            (t, stated, -score, mix(c.application_id ^ ci as i64, r.id), ri as u32)
        })
        .collect();
    // Every stated place is kept and `extra` more: those are the least keys, so they are
    // selected first and only they sorted (the order is total, so the list is the one a sort of
    // all would give, in a fraction of the time for thousands of requests).
    let stated = scored.iter().filter(|s| s.0 == Tier::Stated).count();
    let keep = stated + extra;
    if keep < scored.len() {
        scored.select_nth_unstable(keep);
        scored.truncate(keep);
    }
    scored.sort_unstable();
    scored.into_iter().map(|s| s.4).collect()
}

/// Derives both sides' rankings (see the module's rules).
pub fn derive(candidates: &[CandidateFacts], requests: &[RequestFacts], w: &Weights) -> Derived {
    let extra = w.list_length as usize;
    let mut out = Derived { candidate_lists: vec![Vec::new(); candidates.len()], ..Derived::default() };
    let mut in_couple = vec![false; candidates.len()];
    for (ai, a) in candidates.iter().enumerate() {
        let Some(bi) = a.partner.map(|b| b as usize) else { continue };
        // Each couple once, from its first member; both must name each other.
        if bi <= ai || candidates.get(bi).and_then(|b| b.partner) != Some(ai as u32) {
            continue;
        }
        let b = &candidates[bi];
        // Members look wider than singles for a pair near enough.
        let la = ranked_requests(a, ai, requests, w, extra * 3);
        let lb = ranked_requests(b, bi, requests, w, extra * 3);
        let mut pairs: Vec<(u8, usize, u64, [u32; 2])> = Vec::new();
        for (ra_rank, &ra) in la.iter().enumerate() {
            for (rb_rank, &rb) in lb.iter().enumerate() {
                let (x, y) = (&requests[ra as usize], &requests[rb as usize]);
                if ra == rb && x.seats < 2 {
                    continue;
                }
                let class = if x.lg_code == y.lg_code {
                    0
                } else if distance_km(x.point, y.point) <= f64::from(w.couple_distance_km) {
                    1
                } else {
                    continue;
                };
                pairs.push((class, ra_rank + rb_rank, mix(x.id, y.id), [ra, rb]));
            }
        }
        pairs.sort_unstable();
        pairs.truncate(w.couple_pairs as usize);
        if pairs.is_empty() {
            out.split_couples.push([ai as u32, bi as u32]);
            continue;
        }
        in_couple[ai] = true;
        in_couple[bi] = true;
        out.couples
            .push(CouplePairs { members: [ai as u32, bi as u32], pairs: pairs.into_iter().map(|p| p.3).collect() });
    }
    for (ci, c) in candidates.iter().enumerate() {
        if !in_couple[ci] {
            out.candidate_lists[ci] = ranked_requests(c, ci, requests, w, extra);
        }
    }
    // Each request ranks whoever lists it (or a pair with it).
    let mut listed: Vec<Vec<u32>> = vec![Vec::new(); requests.len()];
    for (ci, list) in out.candidate_lists.iter().enumerate() {
        for &r in list {
            listed[r as usize].push(ci as u32);
        }
    }
    for couple in &out.couples {
        for (k, &member) in couple.members.iter().enumerate() {
            let mut seen: Vec<u32> = couple.pairs.iter().map(|p| p[k]).collect();
            seen.sort_unstable();
            seen.dedup();
            for r in seen {
                listed[r as usize].push(member);
            }
        }
    }
    out.request_lists = listed
        .into_iter()
        .enumerate()
        .map(|(ri, mut cands)| {
            let r = &requests[ri];
            let mut keyed: Vec<(i64, u64, u32)> = cands
                .drain(..)
                .map(|ci| {
                    let c = &candidates[ci as usize];
                    let s = (organisation_score(c, r, w) * 1000.0).round() as i64;
                    (-s, mix(r.id, c.application_id), ci)
                })
                .collect();
            keyed.sort_unstable();
            keyed.into_iter().map(|k| k.2).collect()
        })
        .collect();
    out
}

/// One candidate's outcome in a run, for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Index of the request, if placed.
    pub request: Option<u32>,
    /// 1-based position of the request in the candidate's list (a couple member: the pair's).
    pub rank: Option<u32>,
}

/// A run's figures, side by side with another's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub candidates: u64,
    pub placed: u64,
    pub first_choices: u64,
    /// Placed in a place they stated.
    pub in_stated_place: u64,
    pub couples: u64,
    /// Both members placed in one municipality or within the couple distance.
    pub couples_together: u64,
    pub seats: u64,
    pub requests_unfilled: u64,
    pub seats_unfilled: u64,
    /// Placed by hand.
    pub moved: u64,
    /// By prefecture (code): seats, filled.
    pub by_prefecture: Vec<(u8, u64, u64)>,
    /// By nationality: candidates, placed, in a stated place.
    pub by_country: Vec<(String, u64, u64, u64)>,
}

/// The figures of a placement (`outcomes` in candidate order).
pub fn summarise(
    candidates: &[CandidateFacts],
    requests: &[RequestFacts],
    outcomes: &[Outcome],
    w: &Weights,
    moved: u64,
) -> Summary {
    let mut s = Summary { candidates: candidates.len() as u64, moved, ..Summary::default() };
    let mut filled = vec![0u64; requests.len()];
    let mut by_pref = std::collections::BTreeMap::<u8, (u64, u64)>::new();
    let mut by_country = std::collections::BTreeMap::<String, (u64, u64, u64)>::new();
    for r in requests {
        by_pref.entry(r.prefecture).or_default().0 += u64::from(r.seats);
        s.seats += u64::from(r.seats);
    }
    for (c, o) in candidates.iter().zip(outcomes) {
        let entry = by_country.entry(c.nationality.clone()).or_default();
        entry.0 += 1;
        let Some(ri) = o.request else { continue };
        let Some(r) = requests.get(ri as usize) else { continue };
        s.placed += 1;
        entry.1 += 1;
        filled[ri as usize] += 1;
        by_pref.entry(r.prefecture).or_default().1 += 1;
        if o.rank == Some(1) {
            s.first_choices += 1;
        }
        if tier(c, r).0 == Tier::Stated {
            s.in_stated_place += 1;
            entry.2 += 1;
        }
    }
    for (ai, a) in candidates.iter().enumerate() {
        let Some(bi) = a.partner.map(|b| b as usize) else { continue };
        if bi <= ai || candidates.get(bi).and_then(|b| b.partner) != Some(ai as u32) {
            continue;
        }
        s.couples += 1;
        let placed = |i: usize| outcomes.get(i).and_then(|o| o.request).and_then(|r| requests.get(r as usize));
        if let (Some(x), Some(y)) = (placed(ai), placed(bi))
            && (x.lg_code == y.lg_code || distance_km(x.point, y.point) <= f64::from(w.couple_distance_km))
        {
            s.couples_together += 1;
        }
    }
    for (r, &f) in requests.iter().zip(&filled) {
        if f < u64::from(r.seats) {
            s.requests_unfilled += 1;
            s.seats_unfilled += u64::from(r.seats) - f;
        }
    }
    s.by_prefecture = by_pref.into_iter().map(|(p, (seats, f))| (p, seats, f)).collect();
    s.by_country = by_country.into_iter().map(|(k, (n, p, st))| (k, n, p, st)).collect();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(id: i64, lg: &str, prefecture: u8, region: Region, point: (f64, f64), seats: u32) -> RequestFacts {
        RequestFacts {
            id,
            organisation_id: id,
            position: Position::Alt,
            seats,
            lg_code: lg.into(),
            prefecture,
            region,
            area: Area::SemiUrban,
            point,
            names: vec![],
            min_jlpt: None,
            licence_required: false,
            nationality: None,
            housing: "provided".into(),
            sister_countries: vec![],
        }
    }

    fn candidate(id: i64, places: &[&str], regions: &[Region], points: &[(f64, f64)]) -> CandidateFacts {
        CandidateFacts {
            application_id: id,
            position: Position::Alt,
            places: places.iter().map(|p| p.to_string()).collect(),
            points: points.to_vec(),
            regions: regions.to_vec(),
            area: None,
            ties: String::new(),
            jlpt: None,
            licence: false,
            nationality: "US".into(),
            dependants: false,
            medical: false,
            score: Some(3.0),
            partner: None,
        }
    }

    const KOBE: (f64, f64) = (34.69, 135.19);
    const HIMEJI: (f64, f64) = (34.82, 134.69);
    const OSAKA: (f64, f64) = (34.69, 135.50);
    const SAPPORO: (f64, f64) = (43.06, 141.35);
    const NAHA: (f64, f64) = (26.21, 127.68);

    fn japan() -> Vec<RequestFacts> {
        vec![
            request(1, "281000", 28, Region::Kansai, KOBE, 2),
            request(2, "272019", 27, Region::Kansai, OSAKA, 1),
            request(3, "011002", 1, Region::Hokkaido, SAPPORO, 1),
            request(4, "472018", 47, Region::KyushuOkinawa, NAHA, 1),
            request(5, "282014", 28, Region::Kansai, HIMEJI, 1),
        ]
    }

    #[test]
    fn stated_places_come_first_then_their_region_then_the_nearest_elsewhere() {
        let c = candidate(1, &["28"], &[Region::Kansai], &[KOBE]);
        let d = derive(&[c], &japan(), &Weights::default());
        let list = &d.candidate_lists[0];
        // Hyogo's two requests, then Osaka (Kansai), then Naha before Sapporo? Sapporo is 1,000 km
        // from Kobe and Naha about 1,200: the nearer first.
        assert_eq!(&list[..2].iter().copied().collect::<std::collections::BTreeSet<_>>(), &[0, 4].into());
        assert_eq!(list[2], 1);
        assert_eq!(&list[3..], &[2, 3]);
    }

    #[test]
    fn meets_agrees_with_the_reasons_unmet_gives() {
        let mut c = candidate(1, &["28"], &[Region::Kansai], &[KOBE]);
        let mut r = request(1, "281000", 28, Region::Kansai, KOBE, 1);
        let mut seen = [0; 2];
        for position in [Position::Alt, Position::Cir] {
            for min_jlpt in [None, Some(Jlpt::N3)] {
                for jlpt in [None, Some(Jlpt::N4), Some(Jlpt::N2)] {
                    for (licence_required, licence) in [(false, false), (true, false), (true, true)] {
                        for nationality in [None, Some("us"), Some("KR")] {
                            r.position = position;
                            (r.min_jlpt, c.jlpt, r.licence_required, c.licence) =
                                (min_jlpt, jlpt, licence_required, licence);
                            r.nationality = nationality.map(str::to_owned);
                            assert_eq!(meets(&c, &r), unmet(&c, &r).is_empty(), "{r:?} for {c:?}");
                            seen[usize::from(meets(&c, &r))] += 1;
                        }
                    }
                }
            }
        }
        assert!(seen[0] > 0 && seen[1] > 0, "both answers were asked for: {seen:?}");
    }

    #[test]
    fn a_short_list_keeps_every_stated_place_and_the_best_of_the_rest_in_order() {
        let c = candidate(1, &["28"], &[Region::Kansai], &[KOBE]);
        let whole = derive(std::slice::from_ref(&c), &japan(), &Weights::default()).candidate_lists[0].clone();
        for list_length in 0..4 {
            let w = Weights { list_length, ..Weights::default() };
            let short = &derive(std::slice::from_ref(&c), &japan(), &w).candidate_lists[0];
            // The two Hyogo requests always, then the first `list_length` of the rest.
            assert_eq!(short[..], whole[..2 + list_length as usize], "list length {list_length}");
        }
    }

    #[test]
    fn a_declared_medical_condition_puts_cities_first_within_a_tier() {
        // Two Hyogo requests: Kobe (a designated city) and a rural town, equal in all else.
        let mut reqs = vec![
            request(1, "285013", 28, Region::Kansai, HIMEJI, 1),
            request(2, "281000", 28, Region::Kansai, KOBE, 1),
        ];
        reqs[0].area = Area::Rural;
        reqs[1].area = Area::Urban;
        let w = Weights::default();
        let order = |c: &CandidateFacts, reqs: &[RequestFacts]| {
            derive(std::slice::from_ref(c), reqs, &w).candidate_lists[0].clone()
        };
        let score = |c: &CandidateFacts, r: &RequestFacts| candidate_score(c, r, &w, Tier::Stated);
        let mut c = candidate(1, &["28"], &[Region::Kansai], &[KOBE]);
        let (rural, city) = (score(&c, &reqs[0]), score(&c, &reqs[1]));
        c.medical = true;
        assert_eq!((score(&c, &reqs[0]) - rural, score(&c, &reqs[1]) - city), (0.0, f64::from(w.medical_access)));
        let semi_urban = RequestFacts { area: Area::SemiUrban, ..reqs[0].clone() };
        assert_eq!(score(&c, &semi_urban) - rural, f64::from(w.medical_access) / 2.0, "half for a semi-urban place");
        assert_eq!(order(&c, &reqs), [1, 0], "the city first");
        // It is a weight, not a rule: a stated wish for the countryside (area 3) still outweighs it (2).
        c.area = Some(Area::Rural);
        assert_eq!(order(&c, &reqs), [0, 1]);
        let off = Weights { medical_access: 0, area: 0, ..w };
        assert_eq!(candidate_score(&c, &reqs[1], &off, Tier::Stated), 0.0, "weight 0 switches it off");
    }

    #[test]
    fn a_requirement_not_met_is_never_listed() {
        let mut reqs = japan();
        reqs[0].min_jlpt = Some(Jlpt::N2);
        reqs[4].licence_required = true;
        reqs[1].nationality = Some("KR".into());
        let mut c = candidate(1, &["28"], &[Region::Kansai], &[KOBE]);
        c.jlpt = Some(Jlpt::N3);
        let d = derive(std::slice::from_ref(&c), &reqs, &Weights::default());
        assert_eq!(d.candidate_lists[0], vec![2, 3]);
        assert_eq!(unmet(&c, &reqs[0]), vec![Unmet::Japanese { minimum: "N2".into() }]);
        assert_eq!(unmet(&c, &reqs[4]), vec![Unmet::Licence]);
        c.jlpt = Some(Jlpt::N1);
        c.licence = true;
        c.nationality = "KR".into();
        assert_eq!(derive(&[c], &reqs, &Weights::default()).candidate_lists[0].len(), 5);
    }

    #[test]
    fn every_candidate_ranks_something_when_requests_of_their_position_exist() {
        let c = candidate(7, &[], &[], &[]);
        let d = derive(&[c], &japan(), &Weights { list_length: 3, ..Weights::default() });
        assert_eq!(d.candidate_lists[0].len(), 3);
        assert_eq!(d.request_lists.iter().map(Vec::len).sum::<usize>(), 3);
    }

    #[test]
    fn organisations_rank_by_selection_score_and_sister_countries() {
        let mut reqs = japan();
        reqs[1].sister_countries = vec!["NZ".into()];
        let mut a = candidate(1, &["27"], &[Region::Kansai], &[OSAKA]);
        let mut b = candidate(2, &["27"], &[Region::Kansai], &[OSAKA]);
        a.score = Some(4.0);
        b.score = Some(3.5);
        let d = derive(&[a.clone(), b.clone()], &reqs, &Weights::default());
        assert_eq!(d.request_lists[1], vec![0, 1]);
        b.nationality = "NZ".into();
        let d = derive(&[a, b], &reqs, &Weights::default());
        assert_eq!(d.request_lists[1], vec![1, 0], "the sister country outweighs half a point");
    }

    #[test]
    fn couples_rank_one_municipality_first_then_pairs_within_the_distance() {
        let mut a = candidate(1, &["28"], &[Region::Kansai], &[KOBE]);
        let mut b = candidate(2, &["27"], &[Region::Kansai], &[OSAKA]);
        a.partner = Some(1);
        b.partner = Some(0);
        let d = derive(&[a.clone(), b.clone()], &japan(), &Weights::default());
        assert_eq!(d.couples.len(), 1);
        assert!(d.candidate_lists.iter().all(Vec::is_empty));
        let pairs = &d.couples[0].pairs;
        assert_eq!(pairs[0], [0, 0], "both at Kobe, which has two seats");
        for p in pairs {
            let (x, y) = (&japan()[p[0] as usize], &japan()[p[1] as usize]);
            assert!(x.lg_code == y.lg_code || distance_km(x.point, y.point) <= 50.0);
        }
        // Too far apart for any pair: placed as singles, and said so.
        let d = derive(&[a, b], &japan(), &Weights { couple_distance_km: 0, ..Weights::default() });
        assert!(
            d.couples
                .iter()
                .all(|c| c.pairs.iter().all(|p| japan()[p[0] as usize].lg_code == japan()[p[1] as usize].lg_code))
        );
        let mut reqs = japan();
        reqs[0].seats = 1;
        let mut a = candidate(1, &["28"], &[Region::Kansai], &[KOBE]);
        let mut b = candidate(2, &["27"], &[Region::Kansai], &[OSAKA]);
        a.partner = Some(1);
        b.partner = Some(0);
        let d = derive(&[a, b], &reqs, &Weights { couple_distance_km: 0, ..Weights::default() });
        assert_eq!(d.split_couples, vec![[0, 1]]);
        assert!(d.candidate_lists.iter().all(|l| !l.is_empty()));
    }

    #[test]
    fn a_request_is_checked_field_by_field() {
        let bad = RequestInput {
            position: "ALT".into(),
            places: -1,
            school_levels: vec!["university".into()],
            schools: 0,
            housing: "castle".into(),
            min_jlpt: Some("N9".into()),
            ..RequestInput::default()
        };
        let errors = bad.check().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for f in ["places", "school_levels[0]", "schools", "housing", "min_jlpt"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let good = RequestInput {
            position: "CIR".into(),
            places: 1,
            department: Some("International Affairs Division".into()),
            nationality: Some("kr".into()),
            min_jlpt: Some("N2".into()),
            housing: "assisted".into(),
            ..RequestInput::default()
        };
        let spec = good.check().unwrap();
        assert_eq!(spec.nationality.unwrap().as_str(), "KR");
        let alt_levels_on_cir = RequestInput { school_levels: vec!["elementary".into()], ..good };
        assert_eq!(alt_levels_on_cir.check().unwrap_err()[0].reason, "error-school-levels-alt-only");
    }

    #[test]
    fn weights_out_of_range_are_named() {
        let w = Weights { list_length: 1, area: 99, ..Weights::default() };
        let fields: Vec<String> = w.check().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["weights.area", "weights.list_length"]);
        assert!(Weights::default().check().is_ok());
    }

    #[test]
    fn the_summary_counts_first_choices_couples_and_unfilled_seats() {
        let reqs = japan();
        let mut a = candidate(1, &["28"], &[Region::Kansai], &[KOBE]);
        let mut b = candidate(2, &["27"], &[Region::Kansai], &[OSAKA]);
        a.partner = Some(1);
        b.partner = Some(0);
        let c = candidate(3, &["01"], &[Region::Hokkaido], &[SAPPORO]);
        let outcomes = [
            Outcome { request: Some(0), rank: Some(1) },
            Outcome { request: Some(0), rank: Some(1) },
            Outcome { request: None, rank: None },
        ];
        let s = summarise(&[a, b, c], &reqs, &outcomes, &Weights::default(), 0);
        assert_eq!((s.placed, s.first_choices, s.in_stated_place), (2, 2, 1));
        assert_eq!((s.couples, s.couples_together), (1, 1));
        assert_eq!((s.seats, s.seats_unfilled, s.requests_unfilled), (6, 4, 4));
        assert_eq!(s.by_prefecture.iter().find(|p| p.0 == 28), Some(&(28, 3, 2)));
    }
}
