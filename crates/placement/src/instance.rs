//! The instance file (`kakehashi-placement/1`) as plain owned data.
//!
//! This is the readable form, used by the generator and by callers that build instances in code.
//! The engine itself never works on it: [`crate::Problem`] holds the validated, interned form.

use serde::{Deserialize, Serialize};

/// The `format` tag of an instance file.
pub const INSTANCE_FORMAT: &str = "kakehashi-placement/1";
/// The `format` tag of a result file.
pub const RESULT_FORMAT: &str = "kakehashi-placement-result/1";

/// A placement instance: candidates, contracting organisations and couples, each with a strict
/// ranking (best first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    pub format: String,
    pub candidates: Vec<Candidate>,
    pub organisations: Vec<Organisation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub couples: Vec<Couple>,
}

/// A JET candidate and the organisations they rank. A couple member ranks nothing here: its
/// couple ranks pairs instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    pub id: String,
    pub prefs: Vec<String>,
}

/// A contracting organisation: its number of seats and the candidates it ranks.
/// `capacity` is signed so that a negative number is reported as such rather than as a type error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub id: String,
    pub capacity: i64,
    pub prefs: Vec<String>,
}

/// Two candidates placed together: `prefs` ranks pairs of organisations, one for each member in
/// `members` order. Kept as vectors so that a wrong length is reported, not a type error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Couple {
    pub members: Vec<String>,
    pub prefs: Vec<Vec<String>>,
}

/// An instance whose lists hold indices rather than ids, for a caller that already numbers its
/// candidates and organisations (the app's derivation): each id is given once, never once per
/// list entry, so a large instance is handed over without a string per preference.
/// [`crate::Problem::from_indexed`] validates it exactly as [`Instance`] is validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexedInstance {
    pub candidate_ids: Vec<String>,
    /// Each candidate's organisations (indices into `organisation_ids`), best first.
    pub candidate_prefs: Vec<Vec<u32>>,
    pub organisation_ids: Vec<String>,
    pub capacities: Vec<i64>,
    /// Each organisation's candidates (indices into `candidate_ids`), best first.
    pub organisation_prefs: Vec<Vec<u32>>,
    /// Couples: the two members (candidate indices) and their pairs of organisations, best first.
    pub couples: Vec<([u32; 2], Vec<[u32; 2]>)>,
}

impl Instance {
    /// Serialises the instance as JSON with one candidate, organisation or couple per line:
    /// compact enough for large instances, still readable and diff-friendly.
    pub fn to_json_bytes(&self) -> Result<Vec<u8>, serde_json::Error> {
        let mut out = Vec::with_capacity(64 * (self.candidates.len() + self.organisations.len()));
        out.extend_from_slice(b"{\"format\":");
        serde_json::to_writer(&mut out, &self.format)?;
        out.extend_from_slice(b",\n\"candidates\":[");
        write_lines(&mut out, &self.candidates)?;
        out.extend_from_slice(b"],\n\"organisations\":[");
        write_lines(&mut out, &self.organisations)?;
        out.push(b']');
        if !self.couples.is_empty() {
            out.extend_from_slice(b",\n\"couples\":[");
            write_lines(&mut out, &self.couples)?;
            out.push(b']');
        }
        out.extend_from_slice(b"}\n");
        Ok(out)
    }
}

fn write_lines<T: Serialize>(out: &mut Vec<u8>, items: &[T]) -> Result<(), serde_json::Error> {
    for (i, item) in items.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        serde_json::to_writer(&mut *out, item)?;
    }
    if !items.is_empty() {
        out.push(b'\n');
    }
    Ok(())
}
