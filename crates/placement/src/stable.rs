//! Stable placement: deferred acceptance (Gale–Shapley, many-to-one) and, with couples, a
//! Roth–Peranson style extension.
//!
//! Without couples, candidate-proposing deferred acceptance gives the candidate-optimal stable
//! placement and organisation-proposing the organisation-optimal one, each in O(edges).
//!
//! With couples a stable placement may not exist. The engine starts from the singles' stable
//! placement, then lets couples propose down their lists of pairs. Displaced singles propose on;
//! a displaced couple member pulls its partner out, which frees a seat elsewhere: that
//! organisation offers it to the best single candidate who prefers it (a vacancy chain).
//! When nobody is left to move, the engine's check looks for blocking pairs; every candidate or
//! couple that blocks is sent back to propose from its best blocking option. This repeats for a
//! bounded number of rounds and work, deterministically, and the placement with the fewest
//! blocking pairs seen is returned, with `stable == (blocking pairs == 0)`.

use crate::check::find_blocking;
use crate::cli::Proposer;
use crate::placement::Placement;
use crate::problem::{NONE, Problem};

/// Bounds on the couples search. Defaults are generous for real instances and still small
/// enough that an instance with no stable placement is given up on quickly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StableLimits {
    /// Check-and-restart rounds at most.
    pub max_rounds: u32,
    /// Stop after this many rounds without fewer blocking pairs than the best so far.
    pub max_stale_rounds: u32,
    /// Proposals and seat offers at most, as a multiple of (edges + pairs + candidates).
    pub work_factor: u64,
}

impl Default for StableLimits {
    fn default() -> Self {
        StableLimits { max_rounds: 200, max_stale_rounds: 12, work_factor: 20 }
    }
}

/// What the stable engine found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StableOutcome {
    pub placement: Placement,
    /// Blocking pairs of `placement`, by the engine's check.
    pub blocking_pairs: u64,
    /// Check-and-restart rounds used (0 without couples).
    pub rounds: u32,
    /// True when the search stopped at a bound without reaching a stable placement.
    pub exhausted: bool,
}

/// Solves the stable mode.
pub fn solve(p: &Problem, proposer: Proposer, limits: &StableLimits) -> StableOutcome {
    let singles = match proposer {
        Proposer::Candidates => candidate_proposing(p),
        Proposer::Organisations => organisation_proposing(p),
    };
    if p.num_couples() == 0 {
        // Deferred acceptance is stable by construction; the caller's check confirms it.
        return StableOutcome {
            placement: Placement::from_edges(singles),
            blocking_pairs: 0,
            rounds: 0,
            exhausted: false,
        };
    }
    CouplesEngine::new(p, singles).run(limits)
}

/// Candidate-proposing deferred acceptance over single candidates (couple members stay
/// unplaced). Returns each candidate's edge.
///
/// An organisation keeps a bit per position of its list and the position of its worst
/// assignee. Once full, its cutoff only rises, so that position only moves up its list:
/// O(edges) in all. State is packed (one small record per organisation, one bit per edge) so
/// that a proposal touches little memory.
pub fn candidate_proposing(p: &Problem) -> Vec<u32> {
    #[derive(Clone, Copy)]
    struct Org {
        off: u32,
        cap: u32,
        count: u32,
        worst: u32,
    }
    let n = p.num_candidates();
    let mut orgs: Vec<Org> =
        (0..p.num_organisations()).map(|o| Org { off: p.org_off[o], cap: p.org_cap[o], count: 0, worst: 0 }).collect();
    let mut held = vec![0u64; p.num_edges().div_ceil(64)];
    let is_held = |held: &[u64], i: u32| held[(i >> 6) as usize] & (1u64 << (i & 63)) != 0;
    let mut edge = vec![NONE; n];
    let mut next: Vec<u32> = p.cand_off[..n].to_vec();
    let mut stack: Vec<u32> = (0..n as u32).rev().filter(|&c| p.is_single(c as usize)).collect();
    while let Some(c) = stack.pop() {
        let c = c as usize;
        let end = p.cand_off[c + 1];
        let mut e = next[c];
        while e < end {
            let org = &mut orgs[p.edge_org[e as usize] as usize];
            let pos = p.edge_org_pos[e as usize];
            e += 1;
            if org.count < org.cap {
                let i = org.off + pos;
                held[(i >> 6) as usize] |= 1u64 << (i & 63);
                if org.count == 0 || pos > org.worst {
                    org.worst = pos;
                }
                org.count += 1;
                edge[c] = e - 1;
                break;
            }
            if org.cap > 0 && pos < org.worst {
                // Take the seat of the worst assignee, then find the new worst above it.
                let w = org.off + org.worst;
                held[(w >> 6) as usize] &= !(1u64 << (w & 63));
                let out = p.org_cand[w as usize];
                edge[out as usize] = NONE;
                stack.push(out);
                let i = org.off + pos;
                held[(i >> 6) as usize] |= 1u64 << (i & 63);
                let mut nw = org.worst;
                while !is_held(&held, org.off + nw) {
                    nw -= 1;
                }
                org.worst = nw;
                edge[c] = e - 1;
                break;
            }
        }
        next[c] = e;
    }
    edge
}

/// Organisation-proposing deferred acceptance over single candidates: each organisation offers
/// its seats down its list; a candidate keeps the best offer. O(edges).
pub fn organisation_proposing(p: &Problem) -> Vec<u32> {
    let n = p.num_candidates();
    let m = p.num_organisations();
    let mut edge = vec![NONE; n];
    let mut count = vec![0u32; m];
    let mut next = vec![0u32; m];
    let mut stack: Vec<u32> = (0..m as u32).rev().collect();
    while let Some(o) = stack.pop() {
        let o = o as usize;
        let range = p.org_range(o);
        let deg = (range.end - range.start) as u32;
        while count[o] < p.org_cap[o] && next[o] < deg {
            let e = p.org_edges[range.start + next[o] as usize];
            next[o] += 1;
            let c = p.edge_cand[e as usize] as usize;
            if !p.is_single(c) {
                continue;
            }
            let held = edge[c];
            if held == NONE {
                edge[c] = e;
                count[o] += 1;
            } else if e < held {
                // The candidate prefers this offer: its previous organisation loses it.
                let prev = p.edge_org[held as usize] as usize;
                count[prev] -= 1;
                stack.push(prev as u32);
                edge[c] = e;
                count[o] += 1;
            }
        }
    }
    edge
}

/// Organisations' current assignees: a flag per list position, a count and the worst position.
struct Holdings<'p> {
    p: &'p Problem,
    held: Vec<bool>,
    count: Vec<u32>,
    worst: Vec<u32>,
}

impl<'p> Holdings<'p> {
    fn new(p: &'p Problem) -> Self {
        Holdings {
            p,
            held: vec![false; p.num_edges()],
            count: vec![0; p.num_organisations()],
            worst: vec![0; p.num_organisations()],
        }
    }

    #[inline]
    fn add(&mut self, o: usize, pos: u32) {
        self.held[self.p.org_off[o] as usize + pos as usize] = true;
        self.count[o] += 1;
        if self.count[o] == 1 || pos > self.worst[o] {
            self.worst[o] = pos;
        }
    }

    #[inline]
    fn remove(&mut self, o: usize, pos: u32) {
        let base = self.p.org_off[o] as usize;
        self.held[base + pos as usize] = false;
        self.count[o] -= 1;
        if self.count[o] > 0 && pos == self.worst[o] {
            let mut w = pos;
            while w > 0 {
                w -= 1;
                if self.held[base + w as usize] {
                    break;
                }
            }
            self.worst[o] = w;
        }
    }

    /// Removes the lowest-ranked assignee and returns it (as a candidate index).
    #[inline]
    fn evict_worst(&mut self, o: usize) -> u32 {
        let w = self.worst[o];
        let e = self.p.org_edges[self.p.org_off[o] as usize + w as usize];
        self.remove(o, w);
        self.p.edge_cand[e as usize]
    }

    /// Position of the second-lowest-ranked assignee, if any.
    fn second_worst(&self, o: usize) -> Option<u32> {
        if self.count[o] < 2 {
            return None;
        }
        let base = self.p.org_off[o] as usize;
        (0..self.worst[o]).rev().find(|&w| self.held[base + w as usize])
    }

    /// Whether `o` would take `joining` more candidates, the worst of whom is at position `pos`.
    fn takes(&self, o: usize, joining: u32, pos: u32) -> bool {
        let cap = self.p.org_cap[o];
        if cap < joining {
            return false;
        }
        let over = (self.count[o] + joining).saturating_sub(cap);
        match over {
            0 => true,
            1 => pos < self.worst[o],
            _ => self.second_worst(o).is_some_and(|w| pos < w),
        }
    }
}

/// The couples engine (see the module comment).
struct CouplesEngine<'p> {
    p: &'p Problem,
    h: Holdings<'p>,
    edge: Vec<u32>,
    /// Singles: next edge to propose to. Couples: next pair index.
    next: Vec<u32>,
    couple_next: Vec<u32>,
    /// Agents to move: a candidate index, or `n + couple index`.
    stack: Vec<u32>,
    dirty: Vec<u32>,
    is_dirty: Vec<bool>,
    work: u64,
}

impl<'p> CouplesEngine<'p> {
    /// Starts from a stable placement of the single candidates.
    fn new(p: &'p Problem, singles: Vec<u32>) -> Self {
        let n = p.num_candidates();
        let mut h = Holdings::new(p);
        let mut next = vec![0u32; n];
        for c in 0..n {
            let e = singles[c];
            if e == NONE {
                next[c] = p.cand_off[c + 1];
            } else {
                let o = p.edge_org[e as usize] as usize;
                h.add(o, p.edge_org_pos[e as usize]);
                next[c] = e + 1;
            }
        }
        let nk = p.num_couples();
        let couple_next = p.pair_off[..nk].to_vec();
        let stack = (0..nk as u32).rev().map(|k| n as u32 + k).collect();
        CouplesEngine {
            p,
            h,
            edge: singles,
            next,
            couple_next,
            stack,
            dirty: Vec::new(),
            is_dirty: vec![false; p.num_organisations()],
            work: 0,
        }
    }

    fn run(mut self, limits: &StableLimits) -> StableOutcome {
        let p = self.p;
        let n = p.num_candidates() as u32;
        let budget =
            limits.work_factor.saturating_mul((p.num_edges() + p.pairs.len() + p.num_candidates()) as u64 + 1000);
        let mut best: Option<(u64, Vec<u32>)> = None;
        let mut rounds = 0u32;
        let mut stale = 0u32;
        let mut exhausted = false;
        loop {
            self.drain(budget);
            let report = find_blocking(p, &self.edge);
            let improved = best.as_ref().is_none_or(|(count, _)| report.count < *count);
            if improved {
                best = Some((report.count, self.edge.clone()));
                stale = 0;
            } else {
                stale += 1;
            }
            if report.count == 0 {
                break;
            }
            if rounds >= limits.max_rounds || stale >= limits.max_stale_rounds || self.work >= budget {
                exhausted = true;
                break;
            }
            rounds += 1;
            // Send every blocking agent back to propose from its best blocking option. Singles
            // are pushed last so that they move first: they are cheap, and often resolve a
            // couple's instability by themselves.
            for &(k, q) in report.couples.iter().rev() {
                self.unplace_couple(k as usize);
                self.couple_next[k as usize] = q;
                self.stack.push(n + k);
            }
            for &(c, e) in report.singles.iter().rev() {
                let cu = c as usize;
                let held = self.edge[cu];
                if held != NONE {
                    let o = p.edge_org[held as usize] as usize;
                    self.h.remove(o, p.edge_org_pos[held as usize]);
                    self.edge[cu] = NONE;
                    self.mark_dirty(o);
                }
                self.next[cu] = e;
                self.stack.push(c);
            }
        }
        let (blocking_pairs, edge) = best.unwrap_or_default();
        StableOutcome { placement: Placement::from_edges(edge), blocking_pairs, rounds, exhausted }
    }

    /// Moves agents until nobody is left to move (or the work budget is spent).
    fn drain(&mut self, budget: u64) {
        let n = self.p.num_candidates() as u32;
        loop {
            if self.work >= budget {
                return;
            }
            if let Some(a) = self.stack.pop() {
                if a < n {
                    self.propose_single(a as usize);
                } else {
                    self.propose_couple((a - n) as usize);
                }
            } else if let Some(o) = self.dirty.pop() {
                self.is_dirty[o as usize] = false;
                self.offer_vacancies(o as usize);
            } else {
                return;
            }
        }
    }

    fn mark_dirty(&mut self, o: usize) {
        if !self.is_dirty[o] {
            self.is_dirty[o] = true;
            self.dirty.push(o as u32);
        }
    }

    fn propose_single(&mut self, c: usize) {
        let p = self.p;
        if self.edge[c] != NONE {
            return;
        }
        let end = p.cand_off[c + 1];
        let mut e = self.next[c];
        while e < end {
            self.work += 1;
            let o = p.edge_org[e as usize] as usize;
            let pos = p.edge_org_pos[e as usize];
            e += 1;
            if self.h.takes(o, 1, pos) {
                let evicted = if self.h.count[o] >= p.org_cap[o] { Some(self.h.evict_worst(o)) } else { None };
                self.h.add(o, pos);
                self.edge[c] = e - 1;
                self.next[c] = e;
                if let Some(x) = evicted {
                    self.edge[x as usize] = NONE;
                    self.displaced(x as usize);
                }
                return;
            }
        }
        self.next[c] = e;
    }

    fn propose_couple(&mut self, k: usize) {
        let p = self.p;
        let [m0, m1] = p.couple_members[k];
        if self.edge[m0 as usize] != NONE {
            return;
        }
        let end = p.pair_off[k + 1];
        let mut q = self.couple_next[k];
        while q < end {
            self.work += 1;
            let [e0, e1] = p.pairs[q as usize];
            q += 1;
            let (o0, o1) = (p.edge_org[e0 as usize] as usize, p.edge_org[e1 as usize] as usize);
            let (pos0, pos1) = (p.edge_org_pos[e0 as usize], p.edge_org_pos[e1 as usize]);
            let accepted = if o0 == o1 {
                self.h.takes(o0, 2, pos0.max(pos1))
            } else {
                self.h.takes(o0, 1, pos0) && self.h.takes(o1, 1, pos1)
            };
            if !accepted {
                continue;
            }
            let mut evicted = [NONE; 2];
            let mut ne = 0;
            for (o, pos) in [(o0, pos0), (o1, pos1)] {
                if self.h.count[o] >= p.org_cap[o] {
                    evicted[ne] = self.h.evict_worst(o);
                    ne += 1;
                }
                self.h.add(o, pos);
            }
            self.edge[m0 as usize] = e0;
            self.edge[m1 as usize] = e1;
            self.couple_next[k] = q;
            // Clear both first: the two evicted may be partners.
            for &x in &evicted[..ne] {
                self.edge[x as usize] = NONE;
            }
            for &x in &evicted[..ne] {
                self.displaced(x as usize);
            }
            return;
        }
        self.couple_next[k] = q;
    }

    /// Candidate `x` has just been removed from its organisation (and its edge cleared).
    fn displaced(&mut self, x: usize) {
        let p = self.p;
        match p.couple_of(x) {
            None => self.stack.push(x as u32),
            Some(k) => {
                // The partner leaves too; its seat goes to whoever wants it most.
                let [a, b] = p.couple_members[k];
                let partner = if a as usize == x { b } else { a } as usize;
                let held = self.edge[partner];
                if held != NONE {
                    let o = p.edge_org[held as usize] as usize;
                    self.h.remove(o, p.edge_org_pos[held as usize]);
                    self.edge[partner] = NONE;
                    self.mark_dirty(o);
                }
                self.stack.push(p.num_candidates() as u32 + k as u32);
            }
        }
    }

    fn unplace_couple(&mut self, k: usize) {
        let p = self.p;
        for m in p.couple_members[k] {
            let held = self.edge[m as usize];
            if held != NONE {
                let o = p.edge_org[held as usize] as usize;
                self.h.remove(o, p.edge_org_pos[held as usize]);
                self.edge[m as usize] = NONE;
                self.mark_dirty(o);
            }
        }
    }

    /// Offers `o`'s free seats, best first, to single candidates who prefer `o` to where they
    /// are. Each one that moves frees a seat at its old organisation, which then does the same.
    fn offer_vacancies(&mut self, o: usize) {
        let p = self.p;
        let range = p.org_range(o);
        let base = range.start;
        for i in range {
            if self.h.count[o] >= p.org_cap[o] {
                return;
            }
            self.work += 1;
            if self.h.held[i] {
                continue;
            }
            let e = p.org_edges[i];
            let c = p.edge_cand[e as usize] as usize;
            let held = self.edge[c];
            if !p.is_single(c) || (held != NONE && held < e) {
                continue;
            }
            if held != NONE {
                let old = p.edge_org[held as usize] as usize;
                self.h.remove(old, p.edge_org_pos[held as usize]);
                self.mark_dirty(old);
            }
            self.h.add(o, (i - base) as u32);
            self.edge[c] = e;
            self.next[c] = e + 1;
        }
    }
}
