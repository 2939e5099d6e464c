//! The engine's own check of a placement: feasibility and blocking pairs.
//!
//! Blocking pairs follow Roth and Peranson. A single candidate `c` and an organisation `o` that
//! list each other block when `c` prefers `o` to its placement (or is unplaced) and `o` has a free
//! seat or ranks `c` above one of its assignees. A couple and one of its acceptable pairs
//! `(o0, o1)` block when the couple prefers the pair to its placement (or is unplaced) and each
//! organisation of the pair would take the members joining it: choosing its best `capacity` from
//! its assignees, less the couple's members that leave it, plus the members that join it.

use crate::placement::Placement;
use crate::problem::{NONE, Problem};

/// Blocking pairs of a placement: the total, and for each candidate and couple that blocks,
/// the best pair it blocks with (used by the stable engine to restart them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockingReport {
    /// Number of blocking (single candidate, organisation) and (couple, pair) pairs.
    pub count: u64,
    /// Candidates (index) with their best blocking edge.
    pub(crate) singles: Vec<(u32, u32)>,
    /// Couples (index) with their best blocking pair (index into `Problem::pairs`).
    pub(crate) couples: Vec<(u32, u32)>,
}

/// Per-organisation view of a placement: the positions (in the organisation's order) of its
/// assignees, ascending.
pub(crate) struct Assignees {
    off: Vec<u32>,
    pos: Vec<u32>,
}

impl Assignees {
    pub(crate) fn new(p: &Problem, edge: &[u32]) -> Assignees {
        let m = p.num_organisations();
        let mut off = Vec::with_capacity(m + 1);
        off.push(0u32);
        let mut pos = Vec::new();
        for o in 0..m {
            let range = p.org_range(o);
            let base = range.start;
            for i in range {
                let e = p.org_edges[i];
                if edge[p.edge_cand[e as usize] as usize] == e {
                    pos.push((i - base) as u32);
                }
            }
            off.push(pos.len() as u32);
        }
        Assignees { off, pos }
    }

    #[inline]
    pub(crate) fn of(&self, o: usize) -> &[u32] {
        &self.pos[self.off[o] as usize..self.off[o + 1] as usize]
    }

    #[inline]
    pub(crate) fn load(&self, o: usize) -> u32 {
        self.off[o + 1] - self.off[o]
    }

    /// Position of the lowest-ranked assignee.
    #[inline]
    pub(crate) fn worst(&self, o: usize) -> Option<u32> {
        self.of(o).last().copied()
    }

    /// Number of assignees ranked above position `pos`.
    #[inline]
    fn better_than(&self, o: usize, pos: u32) -> u32 {
        self.of(o).partition_point(|&x| x < pos) as u32
    }
}

/// Checks that a placement is feasible: every placement is an acceptable pair, no organisation
/// is over capacity, and every couple is either unplaced or on one of its acceptable pairs.
pub fn verify(p: &Problem, placement: &Placement) -> Result<(), String> {
    let edge = &placement.edge;
    let n = p.num_candidates();
    if edge.len() != n {
        return Err(format!("placement has {} entries for {n} candidates", edge.len()));
    }
    let mut load = vec![0u32; p.num_organisations()];
    for (c, &e) in edge.iter().enumerate() {
        if e == NONE {
            continue;
        }
        if !p.cand_edges(c).contains(&(e as usize)) {
            return Err(format!("candidate {} holds a pair that is not theirs", p.candidate_id(c)));
        }
        load[p.edge_org[e as usize] as usize] += 1;
    }
    for (o, &l) in load.iter().enumerate() {
        if l > p.org_cap[o] {
            return Err(format!(
                "organisation {} holds {l} candidates for {} seats",
                p.organisation_id(o),
                p.org_cap[o]
            ));
        }
    }
    for k in 0..p.num_couples() {
        if couple_pair(p, edge, k).is_err() {
            let [a, b] = p.couple_members[k];
            return Err(format!(
                "couple {} and {} is not placed on one of its pairs",
                p.candidate_id(a as usize),
                p.candidate_id(b as usize)
            ));
        }
    }
    Ok(())
}

/// The index (into `Problem::pairs`) of the pair couple `k` is placed on; `Ok(None)` when
/// unplaced, `Err` when its members are placed inconsistently.
pub(crate) fn couple_pair(p: &Problem, edge: &[u32], k: usize) -> Result<Option<usize>, ()> {
    let [a, b] = p.couple_members[k];
    let held = [edge[a as usize], edge[b as usize]];
    match held {
        [NONE, NONE] => Ok(None),
        [NONE, _] | [_, NONE] => Err(()),
        _ => p.couple_pairs(k).find(|&q| p.pairs[q] == held).map(Some).ok_or(()),
    }
}

/// Counts blocking pairs (see the module comment). `placement` must be feasible.
pub fn blocking_pairs(p: &Problem, placement: &Placement) -> u64 {
    find_blocking(p, &placement.edge).count
}

/// A blocking pair by ids: a single candidate and an organisation, or a couple's two members and
/// the pair of organisations (member order) that would each rather have them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockingPair {
    pub candidates: Vec<String>,
    pub organisations: Vec<String>,
}

/// A blocking pair by index into the problem: what [`BlockingPair`] names by id, for a caller that
/// compares many checks of one problem and should not build strings to do it. Ordered as the check
/// finds them: singles by candidate, then couples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Blocking {
    /// A single candidate and the organisation that would rather have them.
    Single { candidate: u32, organisation: u32 },
    /// A couple's two members and the organisations (member order) that would each rather have them.
    Couple { members: [u32; 2], organisations: [u32; 2] },
}

/// Every blocking pair of a feasible placement by index, singles first (candidate order), then
/// couples.
pub fn blocking_indices(p: &Problem, placement: &Placement) -> Vec<Blocking> {
    let mut out = Vec::new();
    scan_blocking(p, &placement.edge, &mut |found| {
        out.push(match found {
            Found::Single(c, e) => Blocking::Single { candidate: c, organisation: p.edge_org[e as usize] },
            Found::Couple(k, q) => {
                let [ea, eb] = p.pairs[q as usize];
                Blocking::Couple {
                    members: p.couple_members[k as usize],
                    organisations: [p.edge_org[ea as usize], p.edge_org[eb as usize]],
                }
            }
        })
    });
    out
}

/// Every blocking pair of a feasible placement by id, singles first (candidate order), then couples.
pub fn blocking_list(p: &Problem, placement: &Placement) -> Vec<BlockingPair> {
    let cid = |c: u32| p.candidate_id(c as usize).to_owned();
    let oid = |o: u32| p.organisation_id(o as usize).to_owned();
    blocking_indices(p, placement)
        .into_iter()
        .map(|b| match b {
            Blocking::Single { candidate, organisation } => {
                BlockingPair { candidates: vec![cid(candidate)], organisations: vec![oid(organisation)] }
            }
            Blocking::Couple { members, organisations } => {
                BlockingPair { candidates: members.map(cid).into(), organisations: organisations.map(oid).into() }
            }
        })
        .collect()
}

/// One blocking pair as the scan finds it.
enum Found {
    /// A single candidate and an edge it blocks with.
    Single(u32, u32),
    /// A couple and a pair (index into `Problem::pairs`) it blocks with.
    Couple(u32, u32),
}

/// Finds all blocking pairs, in O(edges + pairs · log capacity).
pub(crate) fn find_blocking(p: &Problem, edge: &[u32]) -> BlockingReport {
    let mut report = BlockingReport::default();
    let (mut last_single, mut last_couple) = (NONE, NONE);
    scan_blocking(p, edge, &mut |found| {
        report.count += 1;
        // The first found per candidate or couple is its best (the scan goes in preference order).
        match found {
            Found::Single(c, e) if c != last_single => {
                report.singles.push((c, e));
                last_single = c;
            }
            Found::Couple(k, q) if k != last_couple => {
                report.couples.push((k, q));
                last_couple = k;
            }
            _ => {}
        }
    });
    report
}

/// Calls `found` for every blocking pair: each single candidate's in its order of preference,
/// then each couple's.
fn scan_blocking(p: &Problem, edge: &[u32], found: &mut impl FnMut(Found)) {
    let asg = Assignees::new(p, edge);
    for c in 0..p.num_candidates() {
        if !p.is_single(c) {
            continue;
        }
        let range = p.cand_edges(c);
        let end = if edge[c] == NONE { range.end } else { edge[c] as usize };
        for e in range.start..end {
            let o = p.edge_org[e] as usize;
            let cap = p.org_cap[o];
            let takes = cap > 0 && (asg.load(o) < cap || asg.worst(o).is_some_and(|w| p.edge_org_pos[e] < w));
            if takes {
                found(Found::Single(c as u32, e as u32));
            }
        }
    }
    for k in 0..p.num_couples() {
        let range = p.couple_pairs(k);
        let end = match couple_pair(p, edge, k) {
            Ok(Some(q)) => q,
            Ok(None) => range.end,
            // An infeasible placement is reported by `verify`; nothing sensible to count here.
            Err(()) => continue,
        };
        for q in range.start..end {
            if couple_blocks(p, edge, &asg, k, q) {
                found(Found::Couple(k as u32, q as u32));
            }
        }
    }
}

/// Whether couple `k` blocks with its pair `q` (it is assumed to prefer it).
fn couple_blocks(p: &Problem, edge: &[u32], asg: &Assignees, k: usize, q: usize) -> bool {
    let members = p.couple_members[k];
    let joining = p.pairs[q];
    let orgs = [p.edge_org[joining[0] as usize], p.edge_org[joining[1] as usize]];
    // Where each member is now (organisation and position), if placed.
    let now: [Option<(u32, u32)>; 2] = [0, 1].map(|t| {
        let e = edge[members[t] as usize];
        (e != NONE).then(|| (p.edge_org[e as usize], p.edge_org_pos[e as usize]))
    });
    for t in 0..2 {
        let o = orgs[t];
        let cap = p.org_cap[o as usize];
        let pos = p.edge_org_pos[joining[t] as usize];
        // Assignees of o ranked above this member, less members leaving, plus the other joining
        // member if it joins the same organisation above this one.
        let mut better = asg.better_than(o as usize, pos);
        for place in now.iter().flatten() {
            if place.0 == o && place.1 < pos {
                better -= 1;
            }
        }
        let other = 1 - t;
        if orgs[other] == o && p.edge_org_pos[joining[other] as usize] < pos {
            better += 1;
        }
        if better >= cap {
            return false;
        }
    }
    true
}
