//! A placement: which organisation (if any) each candidate is placed with.

use std::collections::HashMap;

use crate::problem::{NONE, Problem};

/// For each candidate, the acceptable pair (edge) it is placed on, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub(crate) edge: Vec<u32>,
}

impl Placement {
    /// Everyone unplaced.
    pub fn empty(p: &Problem) -> Placement {
        Placement { edge: vec![NONE; p.num_candidates()] }
    }

    /// A placement given by ids, e.g. one made elsewhere, to be checked with
    /// [`crate::check::verify`] and [`crate::check::blocking_pairs`]. Fails on an unknown id, a
    /// candidate placed twice, or a pair that is not acceptable (not listed by both sides; for a
    /// couple member, by the member's couple and the organisation).
    pub fn from_assignments<'a>(
        p: &Problem,
        assignments: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Placement, String> {
        let cands: HashMap<&str, usize> = (0..p.num_candidates()).map(|c| (p.candidate_id(c), c)).collect();
        let orgs: HashMap<&str, usize> = (0..p.num_organisations()).map(|o| (p.organisation_id(o), o)).collect();
        let mut edge = vec![NONE; p.num_candidates()];
        for (cand, org) in assignments {
            let c = *cands.get(cand).ok_or_else(|| format!("unknown candidate {cand:?}"))?;
            let o = *orgs.get(org).ok_or_else(|| format!("unknown organisation {org:?}"))?;
            if edge[c] != NONE {
                return Err(format!("candidate {cand:?} placed twice"));
            }
            edge[c] =
                p.find_edge(c, o as u32).ok_or_else(|| format!("{cand:?} and {org:?} are not an acceptable pair"))?;
        }
        Ok(Placement { edge })
    }

    /// [`Placement::from_assignments`] by index: (candidate, organisation) in the problem's order.
    pub fn from_indices(
        p: &Problem,
        assignments: impl IntoIterator<Item = (usize, usize)>,
    ) -> Result<Placement, String> {
        let mut edge = vec![NONE; p.num_candidates()];
        for (c, o) in assignments {
            let slot = edge.get_mut(c).ok_or_else(|| format!("unknown candidate {c}"))?;
            if *slot != NONE {
                return Err(format!("candidate {:?} placed twice", p.candidate_id(c)));
            }
            let o32 = u32::try_from(o).map_err(|_| format!("unknown organisation {o}"))?;
            *slot = p.find_edge(c, o32).ok_or_else(|| {
                format!("{:?} and {:?} are not an acceptable pair", p.candidate_id(c), p.organisation_id(o))
            })?;
        }
        Ok(Placement { edge })
    }

    pub(crate) fn from_edges(edge: Vec<u32>) -> Placement {
        Placement { edge }
    }

    /// The organisation candidate `c` is placed with.
    pub fn organisation(&self, p: &Problem, c: usize) -> Option<usize> {
        match self.edge.get(c) {
            Some(&e) if e != NONE => p.edge_org.get(e as usize).map(|&o| o as usize),
            _ => None,
        }
    }

    /// The candidate's rank of its placement (1 = first choice; for a couple member, the rank of
    /// the couple's pair).
    pub fn rank(&self, p: &Problem, c: usize) -> Option<u32> {
        let e = *self.edge.get(c)?;
        if e == NONE {
            return None;
        }
        match p.couple_of(c) {
            None => p.edge_rank.get(e as usize).copied(),
            Some(k) => crate::check::couple_pair(p, &self.edge, k).ok().flatten().map(|q| p.pair_rank[q]),
        }
    }

    /// Number of candidates placed.
    pub fn placed(&self) -> usize {
        self.edge.iter().filter(|&&e| e != NONE).count()
    }

    /// Placements by id, in candidate order.
    pub fn by_id<'p>(&self, p: &'p Problem) -> Vec<(&'p str, Option<&'p str>)> {
        (0..p.num_candidates())
            .map(|c| (p.candidate_id(c), self.organisation(p, c).map(|o| p.organisation_id(o))))
            .collect()
    }
}
