//! The validated instance in the engine's own form: dense `u32` indices in input order and flat
//! arrays (CSR lists, rank lookups), built once so the algorithms never touch a string.
//!
//! The central notion is the *edge*: an acceptable candidate–organisation pair (each lists the
//! other). Edges are numbered so that a candidate's edges are contiguous and in the candidate's
//! order of preference, so comparing two edges of one candidate is comparing their numbers.
//! Each organisation also has its edges in its own order of preference (`org_edges`), and every
//! edge knows its position there (`edge_org_pos`), which is what the organisation compares.

use std::fmt;

use crate::instance::{INSTANCE_FORMAT, IndexedInstance, Instance};
use crate::parse::{self, Raw};

/// "No edge" / "no index".
pub(crate) const NONE: u32 = u32::MAX;

/// How many problems validation collects before it stops looking.
const MAX_ISSUES: usize = 20;

/// Why an instance was refused: one line per problem, each naming the path and the reason,
/// e.g. `candidates[17].prefs[3]: unknown organisation "o999"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    pub issues: Vec<String>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.issues.join("\n"))
    }
}

impl std::error::Error for ValidationError {}

impl ValidationError {
    fn one(message: String) -> Self {
        ValidationError { issues: vec![message] }
    }
}

/// A validated placement problem. Build it with [`Problem::from_json`] or
/// [`Problem::from_instance`].
#[derive(Debug, Clone)]
pub struct Problem {
    pub(crate) cand_names: Vec<Box<str>>,
    pub(crate) org_names: Vec<Box<str>>,
    /// Each candidate's list as given (organisation indices, acceptable or not); empty for
    /// couple members. Kept for explanations.
    pub(crate) list_off: Vec<u32>,
    pub(crate) list: Vec<u32>,
    pub(crate) org_cap: Vec<u32>,
    /// Each candidate's edges are `cand_off[c]..cand_off[c + 1]`.
    pub(crate) cand_off: Vec<u32>,
    pub(crate) edge_org: Vec<u32>,
    pub(crate) edge_cand: Vec<u32>,
    /// The candidate's rank of the organisation, 1-based, as in the candidate's own list. For a
    /// couple member: the rank of the best pair that puts this member there.
    pub(crate) edge_rank: Vec<u32>,
    /// The organisation's rank of the candidate, 1-based, as in the organisation's own list.
    pub(crate) edge_org_rank: Vec<u32>,
    /// Position of the edge among the organisation's acceptable edges (0 = its favourite).
    pub(crate) edge_org_pos: Vec<u32>,
    pub(crate) org_off: Vec<u32>,
    pub(crate) org_edges: Vec<u32>,
    /// The candidate of each entry of `org_edges`, so scans of an organisation's list need not
    /// go through the edge.
    pub(crate) org_cand: Vec<u32>,
    /// Couple index of each candidate, or `NONE` for a single candidate.
    pub(crate) cand_couple: Vec<u32>,
    pub(crate) couple_members: Vec<[u32; 2]>,
    /// Each couple's pairs as given (organisation indices), for explanations.
    pub(crate) couple_list_off: Vec<u32>,
    pub(crate) couple_list: Vec<[u32; 2]>,
    /// Each couple's acceptable pairs, in its order: the two members' edges.
    pub(crate) pair_off: Vec<u32>,
    pub(crate) pairs: Vec<[u32; 2]>,
    /// 1-based rank of each acceptable pair in its couple's list.
    pub(crate) pair_rank: Vec<u32>,
    /// The longest list (a candidate's organisations or a couple's pairs).
    pub(crate) max_rank: u32,
}

impl Problem {
    /// Parses and validates an instance file (`kakehashi-placement/1`).
    pub fn from_json(input: &[u8]) -> Result<Problem, ValidationError> {
        let raw = parse::from_json(input).map_err(ValidationError::one)?;
        validate(raw)
    }

    /// Validates an in-memory instance.
    pub fn from_instance(instance: &Instance) -> Result<Problem, ValidationError> {
        let raw = parse::from_instance(instance).map_err(ValidationError::one)?;
        validate(raw)
    }

    /// Validates an instance by index, as [`Problem::from_instance`] validates the same instance
    /// by ids (the ids are interned once each, not once per list entry).
    pub fn from_indexed(instance: &IndexedInstance) -> Result<Problem, ValidationError> {
        let raw = parse::from_indexed(instance).map_err(ValidationError::one)?;
        validate(raw)
    }

    pub fn num_candidates(&self) -> usize {
        self.cand_names.len()
    }

    pub fn num_organisations(&self) -> usize {
        self.org_names.len()
    }

    pub fn num_couples(&self) -> usize {
        self.couple_members.len()
    }

    /// Number of acceptable candidate–organisation pairs.
    pub fn num_edges(&self) -> usize {
        self.edge_org.len()
    }

    pub fn candidate_id(&self, c: usize) -> &str {
        self.cand_names.get(c).map_or("", |s| s)
    }

    pub fn organisation_id(&self, o: usize) -> &str {
        self.org_names.get(o).map_or("", |s| s)
    }

    pub fn capacity(&self, o: usize) -> u32 {
        self.org_cap.get(o).copied().unwrap_or(0)
    }

    /// Total seats (sum of capacities).
    pub fn seats(&self) -> u64 {
        self.org_cap.iter().map(|&c| u64::from(c)).sum()
    }

    /// The couple a candidate belongs to, if any.
    pub fn couple_of(&self, c: usize) -> Option<usize> {
        match self.cand_couple.get(c) {
            Some(&k) if k != NONE => Some(k as usize),
            _ => None,
        }
    }

    #[inline]
    pub(crate) fn cand_edges(&self, c: usize) -> std::ops::Range<usize> {
        self.cand_off[c] as usize..self.cand_off[c + 1] as usize
    }

    #[inline]
    pub(crate) fn org_range(&self, o: usize) -> std::ops::Range<usize> {
        self.org_off[o] as usize..self.org_off[o + 1] as usize
    }

    #[inline]
    pub(crate) fn couple_pairs(&self, k: usize) -> std::ops::Range<usize> {
        self.pair_off[k] as usize..self.pair_off[k + 1] as usize
    }

    #[inline]
    pub(crate) fn is_single(&self, c: usize) -> bool {
        self.cand_couple[c] == NONE
    }

    /// The acceptable edge between candidate `c` and organisation `o`, if any.
    pub(crate) fn find_edge(&self, c: usize, o: u32) -> Option<u32> {
        self.cand_edges(c).find(|&e| self.edge_org[e] == o).map(|e| e as u32)
    }
}

/// Collects validation issues, up to a limit.
struct Issues(Vec<String>);

impl Issues {
    fn push(&mut self, message: String) {
        if self.0.len() < MAX_ISSUES {
            self.0.push(message);
        }
    }
}

/// Checks a raw instance and builds the problem.
pub(crate) fn validate(raw: Raw) -> Result<Problem, ValidationError> {
    let mut issues = Issues(Vec::new());
    match raw.format.as_deref() {
        Some(INSTANCE_FORMAT) => {}
        Some(other) => issues.push(format!("format: expected \"{INSTANCE_FORMAT}\", found {}", quote(other))),
        None => issues.push("format: missing".to_string()),
    }

    let n = raw.cand_id.len();
    let m = raw.org_id.len();
    // Ids to indices; first definition wins, later ones are reported.
    let mut cand_of = vec![NONE; raw.cand_names.len()];
    for (i, &sym) in raw.cand_id.iter().enumerate() {
        let name = raw.cand_names.name(sym);
        if name.is_empty() {
            issues.push(format!("candidates[{i}].id: empty id"));
        }
        let slot = &mut cand_of[sym as usize];
        if *slot == NONE {
            *slot = i as u32;
        } else {
            issues.push(format!("candidates[{i}].id: duplicate id {} (also candidates[{}])", quote(name), *slot));
        }
    }
    let mut org_of = vec![NONE; raw.org_names.len()];
    for (i, &sym) in raw.org_id.iter().enumerate() {
        let name = raw.org_names.name(sym);
        if name.is_empty() {
            issues.push(format!("organisations[{i}].id: empty id"));
        }
        let slot = &mut org_of[sym as usize];
        if *slot == NONE {
            *slot = i as u32;
        } else {
            issues.push(format!("organisations[{i}].id: duplicate id {} (also organisations[{}])", quote(name), *slot));
        }
    }
    let mut org_cap = Vec::with_capacity(m);
    for (i, &cap) in raw.org_cap.iter().enumerate() {
        if cap < 0 {
            issues.push(format!("organisations[{i}].capacity: negative capacity {cap}"));
            org_cap.push(0);
        } else if cap > i64::from(u32::MAX - 1) {
            issues.push(format!("organisations[{i}].capacity: capacity {cap} is too large"));
            org_cap.push(0);
        } else {
            org_cap.push(cap as u32);
        }
    }

    // Candidates' lists: resolve, reject unknown and repeated entries. `stamp[o]` holds the
    // candidate that last listed `o`, `stamp_pos[o]` where.
    let mut list: Vec<u32> = Vec::with_capacity(raw.cand_pref.len());
    let mut stamp = vec![NONE; m];
    let mut stamp_pos = vec![0u32; m];
    for c in 0..n {
        let (a, b) = (raw.cand_pref_off[c] as usize, raw.cand_pref_off[c + 1] as usize);
        for (j, &sym) in raw.cand_pref[a..b].iter().enumerate() {
            let o = org_of[sym as usize];
            if o == NONE {
                issues.push(format!(
                    "candidates[{c}].prefs[{j}]: unknown organisation {}",
                    quote(raw.org_names.name(sym))
                ));
                list.push(NONE);
                continue;
            }
            if stamp[o as usize] == c as u32 {
                issues.push(format!(
                    "candidates[{c}].prefs[{j}]: organisation {} listed twice (also prefs[{}])",
                    quote(raw.org_names.name(sym)),
                    stamp_pos[o as usize]
                ));
            }
            stamp[o as usize] = c as u32;
            stamp_pos[o as usize] = j as u32;
            list.push(o);
        }
    }
    // Organisations' lists.
    let mut org_list: Vec<u32> = Vec::with_capacity(raw.org_pref.len());
    let mut cstamp = vec![NONE; n];
    let mut cstamp_pos = vec![0u32; n];
    for o in 0..m {
        let (a, b) = (raw.org_pref_off[o] as usize, raw.org_pref_off[o + 1] as usize);
        for (j, &sym) in raw.org_pref[a..b].iter().enumerate() {
            let c = cand_of[sym as usize];
            if c == NONE {
                issues.push(format!(
                    "organisations[{o}].prefs[{j}]: unknown candidate {}",
                    quote(raw.cand_names.name(sym))
                ));
                org_list.push(NONE);
                continue;
            }
            if cstamp[c as usize] == o as u32 {
                issues.push(format!(
                    "organisations[{o}].prefs[{j}]: candidate {} listed twice (also prefs[{}])",
                    quote(raw.cand_names.name(sym)),
                    cstamp_pos[c as usize]
                ));
            }
            cstamp[c as usize] = o as u32;
            cstamp_pos[c as usize] = j as u32;
            org_list.push(c);
        }
    }
    drop(cstamp_pos);

    // Couples: members known, not repeated, with no list of their own; pairs known, not repeated.
    let nk = raw.couple_members.len();
    let mut cand_couple = vec![NONE; n];
    let mut couple_members = Vec::with_capacity(nk);
    for (k, members) in raw.couple_members.iter().enumerate() {
        let mut resolved = [NONE; 2];
        for (t, &sym) in members.iter().enumerate() {
            let c = cand_of[sym as usize];
            let name = quote(raw.cand_names.name(sym));
            if c == NONE {
                issues.push(format!("couples[{k}].members[{t}]: unknown candidate {name}"));
                continue;
            }
            let cu = c as usize;
            if t == 1 && resolved[0] == c {
                issues.push(format!("couples[{k}].members[1]: candidate {name} repeated (also members[0])"));
                continue;
            }
            if cand_couple[cu] != NONE {
                issues.push(format!(
                    "couples[{k}].members[{t}]: candidate {name} is already in couples[{}]",
                    cand_couple[cu]
                ));
                continue;
            }
            if raw.cand_pref_off[cu + 1] > raw.cand_pref_off[cu] {
                issues.push(format!(
                    "couples[{k}].members[{t}]: candidate {name} has its own list (candidates[{c}].prefs); a couple member's prefs must be empty, the couple ranks pairs"
                ));
            }
            cand_couple[cu] = k as u32;
            resolved[t] = c;
        }
        couple_members.push(resolved);
    }
    let mut couple_list: Vec<[u32; 2]> = Vec::with_capacity(raw.couple_pairs.len());
    for k in 0..nk {
        let (a, b) = (raw.couple_pair_off[k] as usize, raw.couple_pair_off[k + 1] as usize);
        let start = couple_list.len();
        for (q, pair) in raw.couple_pairs[a..b].iter().enumerate() {
            let mut resolved = [NONE; 2];
            for (t, &sym) in pair.iter().enumerate() {
                let o = org_of[sym as usize];
                if o == NONE {
                    issues.push(format!(
                        "couples[{k}].prefs[{q}][{t}]: unknown organisation {}",
                        quote(raw.org_names.name(sym))
                    ));
                }
                resolved[t] = o;
            }
            // Couples rank few pairs, so a linear look-back is cheapest.
            if let Some(prev) = couple_list[start..].iter().position(|p| *p == resolved)
                && resolved[0] != NONE
                && resolved[1] != NONE
            {
                issues.push(format!(
                    "couples[{k}].prefs[{q}]: pair [{}, {}] listed twice (also prefs[{prev}])",
                    quote(raw.org_names.name(pair[0])),
                    quote(raw.org_names.name(pair[1]))
                ));
            }
            couple_list.push(resolved);
        }
    }
    if !issues.0.is_empty() {
        return Err(ValidationError { issues: issues.0 });
    }
    if raw.cand_pref.len() > (u32::MAX / 2) as usize || raw.org_pref.len() > (u32::MAX / 2) as usize {
        return Err(ValidationError::one("instance too large: more than 2 billion list entries".to_string()));
    }
    let Raw { cand_names, org_names, cand_id, org_id, cand_pref_off, org_pref_off, couple_pair_off, .. } = raw;
    build(Built {
        cand_names: reorder(cand_names.into_names(), &cand_id),
        org_names: reorder(org_names.into_names(), &org_id),
        list_off: cand_pref_off,
        list,
        org_list_off: org_pref_off,
        org_list,
        org_cap,
        cand_couple,
        couple_members,
        couple_list_off: couple_pair_off,
        couple_list,
    })
}

/// Quotes an id for a message, JSON-style.
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// Names by index, from names by symbol.
fn reorder(mut by_symbol: Vec<Box<str>>, ids: &[u32]) -> Vec<Box<str>> {
    ids.iter().map(|&sym| by_symbol.get_mut(sym as usize).map(std::mem::take).unwrap_or_default()).collect()
}

/// Resolved, checked lists, ready to be turned into edges.
struct Built {
    cand_names: Vec<Box<str>>,
    org_names: Vec<Box<str>>,
    list_off: Vec<u32>,
    list: Vec<u32>,
    org_list_off: Vec<u32>,
    org_list: Vec<u32>,
    org_cap: Vec<u32>,
    cand_couple: Vec<u32>,
    couple_members: Vec<[u32; 2]>,
    couple_list_off: Vec<u32>,
    couple_list: Vec<[u32; 2]>,
}

/// Builds edges in O(lists): organisations' lists transposed per candidate, then each candidate's
/// own list (or its couple's pairs) filtered by stamping.
fn build(b: Built) -> Result<Problem, ValidationError> {
    let n = b.cand_names.len();
    let m = b.org_names.len();
    let nk = b.couple_members.len();

    // Transpose: for each candidate, the organisations that list it and at which rank.
    let mut t_off = vec![0u32; n + 1];
    for &c in &b.org_list {
        t_off[c as usize + 1] += 1;
    }
    for c in 0..n {
        t_off[c + 1] += t_off[c];
    }
    let mut t_fill = t_off.clone();
    let mut t_org = vec![0u32; b.org_list.len()];
    let mut t_rank = vec![0u32; b.org_list.len()];
    for o in 0..m {
        let (lo, hi) = (b.org_list_off[o] as usize, b.org_list_off[o + 1] as usize);
        for (r, &c) in b.org_list[lo..hi].iter().enumerate() {
            let slot = &mut t_fill[c as usize];
            t_org[*slot as usize] = o as u32;
            t_rank[*slot as usize] = r as u32 + 1;
            *slot += 1;
        }
    }
    drop(t_fill);

    // Member index within its couple, for reading the couple's pairs.
    let mut member_pos = vec![0u8; n];
    for members in &b.couple_members {
        member_pos[members[1] as usize] = 1;
    }

    let mut cand_off = Vec::with_capacity(n + 1);
    cand_off.push(0u32);
    let cap_hint = b.list.len().min(b.org_list.len());
    let mut edge_org = Vec::with_capacity(cap_hint);
    let mut edge_cand = Vec::with_capacity(cap_hint);
    let mut edge_rank = Vec::with_capacity(cap_hint);
    let mut edge_org_rank = Vec::with_capacity(cap_hint);
    // `listed_by[o] == c` means o lists c, at rank `listed_rank[o]`; `seen[o] == c` dedups a
    // member's organisations across its couple's pairs.
    let mut listed_by = vec![NONE; m];
    let mut listed_rank = vec![0u32; m];
    let mut seen = vec![NONE; m];
    for c in 0..n {
        let cu = c as u32;
        for i in t_off[c] as usize..t_off[c + 1] as usize {
            listed_by[t_org[i] as usize] = cu;
            listed_rank[t_org[i] as usize] = t_rank[i];
        }
        let mut push = |o: u32, rank: u32| {
            if listed_by[o as usize] == cu {
                edge_org.push(o);
                edge_cand.push(cu);
                edge_rank.push(rank);
                edge_org_rank.push(listed_rank[o as usize]);
            }
        };
        let k = b.cand_couple[c];
        if k == NONE {
            let (lo, hi) = (b.list_off[c] as usize, b.list_off[c + 1] as usize);
            for (j, &o) in b.list[lo..hi].iter().enumerate() {
                push(o, j as u32 + 1);
            }
        } else {
            let t = member_pos[c] as usize;
            let k = k as usize;
            let (lo, hi) = (b.couple_list_off[k] as usize, b.couple_list_off[k + 1] as usize);
            for (q, pair) in b.couple_list[lo..hi].iter().enumerate() {
                let o = pair[t];
                if seen[o as usize] != cu {
                    seen[o as usize] = cu;
                    push(o, q as u32 + 1);
                }
            }
        }
        cand_off.push(edge_org.len() as u32);
    }
    drop((t_off, t_org, t_rank, seen));
    let ne = edge_org.len();

    // Organisation side: place each edge at its organisation's rank, then compact.
    let mut slot = vec![NONE; b.org_list.len()];
    for e in 0..ne {
        let o = edge_org[e] as usize;
        slot[b.org_list_off[o] as usize + edge_org_rank[e] as usize - 1] = e as u32;
    }
    let mut org_off = Vec::with_capacity(m + 1);
    org_off.push(0u32);
    let mut org_edges = Vec::with_capacity(ne);
    let mut edge_org_pos = vec![0u32; ne];
    for o in 0..m {
        let base = org_edges.len();
        let (lo, hi) = (b.org_list_off[o] as usize, b.org_list_off[o + 1] as usize);
        for &e in &slot[lo..hi] {
            if e != NONE {
                edge_org_pos[e as usize] = (org_edges.len() - base) as u32;
                org_edges.push(e);
            }
        }
        org_off.push(org_edges.len() as u32);
    }
    drop(slot);
    let org_cand: Vec<u32> = org_edges.iter().map(|&e| edge_cand[e as usize]).collect();

    // Couples' acceptable pairs as edge pairs. `edge_at[t][o]` is member t's edge at o (valid
    // when `stamp_at[t][o]` is the couple).
    let mut pair_off = Vec::with_capacity(nk + 1);
    pair_off.push(0u32);
    let mut pairs = Vec::new();
    let mut pair_rank = Vec::new();
    let mut edge_at = [vec![0u32; m], vec![0u32; m]];
    let mut stamp_at = [vec![NONE; m], vec![NONE; m]];
    for k in 0..nk {
        for t in 0..2 {
            let c = b.couple_members[k][t] as usize;
            for e in cand_off[c] as usize..cand_off[c + 1] as usize {
                let o = edge_org[e] as usize;
                edge_at[t][o] = e as u32;
                stamp_at[t][o] = k as u32;
            }
        }
        let (lo, hi) = (b.couple_list_off[k] as usize, b.couple_list_off[k + 1] as usize);
        for (q, pair) in b.couple_list[lo..hi].iter().enumerate() {
            let (o0, o1) = (pair[0] as usize, pair[1] as usize);
            if stamp_at[0][o0] == k as u32 && stamp_at[1][o1] == k as u32 {
                pairs.push([edge_at[0][o0], edge_at[1][o1]]);
                pair_rank.push(q as u32 + 1);
            }
        }
        pair_off.push(pairs.len() as u32);
    }

    let mut max_rank = 0u32;
    for c in 0..n {
        max_rank = max_rank.max(b.list_off[c + 1] - b.list_off[c]);
    }
    for k in 0..nk {
        max_rank = max_rank.max(b.couple_list_off[k + 1] - b.couple_list_off[k]);
    }

    Ok(Problem {
        cand_names: b.cand_names,
        org_names: b.org_names,
        list_off: b.list_off,
        list: b.list,
        org_cap: b.org_cap,
        cand_off,
        edge_org,
        edge_cand,
        edge_rank,
        edge_org_rank,
        edge_org_pos,
        org_off,
        org_edges,
        org_cand,
        cand_couple: b.cand_couple,
        couple_members: b.couple_members,
        couple_list_off: b.couple_list_off,
        couple_list: b.couple_list,
        pair_off,
        pairs,
        pair_rank,
        max_rank,
    })
}

/// Each organisation's current assignees as a short list of edges (at most its capacity), so
/// that augmenting-path searches visit an organisation's assignees without scanning its whole
/// list.
#[derive(Debug, Clone)]
pub(crate) struct Seats {
    off: Vec<u32>,
    slot: Vec<u32>,
    load: Vec<u32>,
}

impl Seats {
    pub(crate) fn new(p: &Problem, cap: &[u32]) -> Seats {
        let m = p.num_organisations();
        let mut off = Vec::with_capacity(m + 1);
        off.push(0u32);
        let mut total = 0u32;
        for o in 0..m {
            let deg = p.org_off[o + 1] - p.org_off[o];
            total += cap[o].min(deg);
            off.push(total);
        }
        Seats { off, slot: vec![NONE; total as usize], load: vec![0; m] }
    }

    /// The edges of `o`'s assignees.
    #[inline]
    pub(crate) fn of(&self, o: usize) -> &[u32] {
        let start = self.off[o] as usize;
        &self.slot[start..start + self.load[o] as usize]
    }

    #[inline]
    pub(crate) fn load(&self, o: usize) -> u32 {
        self.load[o]
    }

    #[inline]
    pub(crate) fn push(&mut self, o: usize, e: u32) {
        let i = self.off[o] as usize + self.load[o] as usize;
        if let Some(s) = self.slot.get_mut(i) {
            *s = e;
            self.load[o] += 1;
        }
    }

    #[inline]
    pub(crate) fn replace(&mut self, o: usize, old: u32, new: u32) {
        let start = self.off[o] as usize;
        let end = start + self.load[o] as usize;
        if let Some(s) = self.slot[start..end].iter_mut().find(|s| **s == old) {
            *s = new;
        }
    }

    /// Applies an augmenting path: `path[i]` is the edge the i-th candidate on it takes; each
    /// candidate after the first leaves the organisation the one before it joins, and the last
    /// organisation fills a free seat. `edge` is each candidate's edge.
    pub(crate) fn augment(&mut self, p: &Problem, edge: &mut [u32], path: &[u32]) {
        for i in 1..path.len() {
            let old = edge[p.edge_cand[path[i] as usize] as usize];
            self.replace(p.edge_org[old as usize] as usize, old, path[i - 1]);
        }
        if let Some(&last) = path.last() {
            self.push(p.edge_org[last as usize] as usize, last);
        }
        for &e in path {
            edge[p.edge_cand[e as usize] as usize] = e;
        }
    }
}
