//! Welfare-optimal placement: the most candidates placed, then the lowest sum of candidates'
//! ranks, as a min-cost maximum flow (source → candidate → organisation → sink, candidate–
//! organisation arcs costing rank − 1, organisation–sink arcs carrying the capacity).
//!
//! The solver is primal–dual successive shortest paths specialised to this bipartite network,
//! searching *backwards* from the organisations with free seats. Near the optimum, unplaced
//! candidates are many and free seats are few and out of the way: a forward search from the
//! unplaced would sweep the whole graph for every handful of paths, a backward one from the free
//! seats reaches an unplaced candidate in a few steps.
//!
//! Each phase runs Dijkstra on reduced costs (non-negative thanks to node potentials) from the
//! free seats, stopping once the nearest unplaced candidate is settled; potentials are then
//! lowered so every shortest path has reduced cost zero, and depth-first passes augment along
//! zero-cost paths until none is left. Ranks are small integers, so phases are few (about the
//! largest rank, plus a few); Dijkstra uses a bucket queue for the same reason. Each phase and
//! each pass is O(edges).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::problem::{NONE, Problem, Seats};

const INF: i64 = i64::MAX / 4;

/// Distances below this go to buckets; larger ones (rare) to a binary heap.
const BUCKETS: usize = 4096;

#[inline]
fn cost(p: &Problem, e: usize) -> i64 {
    i64::from(p.edge_rank[e]) - 1
}

/// Min-cost maximum flow over the candidates in `active`, with organisation capacities `cap`.
/// Returns each candidate's edge. Couple members are treated as single candidates here, with
/// their edges' ranks.
pub(crate) fn min_cost_max_flow(p: &Problem, active: &[bool], cap: &[u32]) -> Vec<u32> {
    Flow::new(p, active, cap).run()
}

/// Per-candidate state, packed so that a visit touches one cache line.
#[derive(Debug, Clone, Copy)]
struct Cand {
    pi: i64,
    /// Distance to the sink by the last Dijkstra (exact below the source's distance).
    dist: i64,
    edge: u32,
    seen: u32,
    done: bool,
    active: bool,
}

/// Per-organisation state.
#[derive(Debug, Clone, Copy)]
struct Org {
    pi: i64,
    dist: i64,
    cap: u32,
    seen: u32,
    done: bool,
}

/// Reduced costs: arc c→o (unused edge) `cost + pi_c - pi_o`; arc o→c (used edge, giving the
/// seat up) `-cost + pi_o - pi_c`; arc o→sink (free seat) `pi_o - pi_t`; source→c (unplaced)
/// `pi_s - pi_c`, kept at zero: every unplaced candidate has potential `pi_s`.
struct Flow<'a> {
    p: &'a Problem,
    c: Vec<Cand>,
    o: Vec<Org>,
    /// Each entry's cost alongside organisations' lists (`org_edges`, `org_cand`), so a scan of
    /// a list does not chase edge indices.
    list_cost: Vec<i64>,
    seats: Seats,
    pi_t: i64,
    pi_s: i64,
    buckets: Vec<Vec<u32>>,
    heap: BinaryHeap<Reverse<(i64, u32)>>,
    pass: u32,
}

impl<'a> Flow<'a> {
    fn new(p: &'a Problem, active: &'a [bool], cap: &'a [u32]) -> Self {
        let n = p.num_candidates();
        let c =
            (0..n).map(|i| Cand { pi: 0, dist: INF, edge: NONE, seen: 0, done: false, active: active[i] }).collect();
        let o = cap.iter().map(|&cap| Org { pi: 0, dist: INF, cap, seen: 0, done: false }).collect();
        let list_cost = p.org_edges.iter().map(|&e| cost(p, e as usize)).collect();
        Flow {
            p,
            c,
            o,
            list_cost,
            seats: Seats::new(p, cap),
            pi_t: 0,
            pi_s: 0,
            buckets: Vec::new(),
            heap: BinaryHeap::new(),
            pass: 0,
        }
    }

    fn run(mut self) -> Vec<u32> {
        while let Some(ds) = self.dijkstra() {
            self.lower_potentials(ds);
            let mut total = 0;
            loop {
                let found = self.augment_pass();
                total += found;
                if found == 0 {
                    break;
                }
            }
            if total == 0 {
                // Cannot happen with consistent potentials; stop rather than loop.
                break;
            }
        }
        self.c.iter().map(|c| c.edge).collect()
    }

    #[inline]
    fn push(&mut self, d: i64, v: u32) {
        let d = d.max(0);
        if (d as usize) < BUCKETS {
            let b = d as usize;
            if self.buckets.len() <= b {
                self.buckets.resize_with(b + 1, Vec::new);
            }
            self.buckets[b].push(v);
        } else {
            self.heap.push(Reverse((d, v)));
        }
    }

    /// Backward Dijkstra from the sink: the reduced distance from each node to the sink, up to
    /// the source's (returned; `None` when no augmenting path is left). It stops as soon as an
    /// unplaced candidate is settled: the potentials need no more, and the passes follow
    /// zero-cost arcs, which by themselves keep to shortest paths. Queue entries number
    /// candidates first, then organisations.
    fn dijkstra(&mut self) -> Option<i64> {
        let p = self.p;
        let n = p.num_candidates();
        for c in &mut self.c {
            c.dist = INF;
            c.done = false;
        }
        for o in &mut self.o {
            o.dist = INF;
            o.done = false;
        }
        for b in &mut self.buckets {
            b.clear();
        }
        self.heap.clear();
        for o in 0..self.o.len() {
            if self.seats.load(o) < self.o[o].cap {
                let d = self.o[o].pi - self.pi_t;
                self.o[o].dist = d;
                self.push(d, (n + o) as u32);
            }
        }
        let mut best_s = INF;
        let mut cur = 0usize;
        loop {
            let (d, v) = loop {
                if cur < self.buckets.len() {
                    if let Some(v) = self.buckets[cur].pop() {
                        break (cur as i64, v);
                    }
                    cur += 1;
                    continue;
                }
                match self.heap.pop() {
                    Some(Reverse((d, v))) => break (d, v),
                    None => break (INF, NONE),
                }
            };
            // Stop once an unplaced candidate is settled: every node left has distance at least
            // the source's, which is all the potentials need.
            if d >= best_s || v == NONE {
                break;
            }
            let v = v as usize;
            if v < n {
                let cs = &mut self.c[v];
                if cs.done || cs.dist != d {
                    continue;
                }
                cs.done = true;
                let held = cs.edge;
                if held == NONE {
                    // Unplaced (and active): the source reaches it at no reduced cost.
                    best_s = best_s.min(d + cs.pi - self.pi_s);
                    continue;
                }
                // Into c from the organisation it would leave.
                let pi_c = cs.pi;
                let o = p.edge_org[held as usize] as usize;
                let os = &mut self.o[o];
                if !os.done {
                    let nd = d - cost(p, held as usize) + os.pi - pi_c;
                    if nd < os.dist {
                        os.dist = nd;
                        self.push(nd, (n + o) as u32);
                    }
                }
            } else {
                let o = v - n;
                let os = &mut self.o[o];
                if os.done || os.dist != d {
                    continue;
                }
                os.done = true;
                let pi_o = os.pi;
                // Into o from every candidate with an unused edge to it.
                for i in p.org_range(o) {
                    let c = p.org_cand[i] as usize;
                    let cs = &mut self.c[c];
                    if cs.done || !cs.active || cs.edge == p.org_edges[i] {
                        continue;
                    }
                    let nd = d + self.list_cost[i] + cs.pi - pi_o;
                    if nd < cs.dist {
                        cs.dist = nd;
                        self.push(nd, c as u32);
                    }
                }
            }
        }
        (best_s < INF).then_some(best_s)
    }

    /// Lowers potentials by the distances to the sink (capped at the source's), keeping reduced
    /// costs non-negative and making shortest paths zero-cost.
    fn lower_potentials(&mut self, ds: i64) {
        for c in &mut self.c {
            c.pi -= c.dist.min(ds);
        }
        for o in &mut self.o {
            o.pi -= o.dist.min(ds);
        }
        self.pi_s -= ds;
    }

    /// Augments along zero-reduced-cost paths, searching backwards from each organisation with a
    /// free seat (and a zero-cost arc to the sink) to an unplaced candidate, looking ahead for an
    /// unplaced candidate at each organisation before going deeper. Nodes are visited at most
    /// once per pass. Returns the number of paths found.
    fn augment_pass(&mut self) -> usize {
        let p = self.p;
        let m = p.num_organisations();
        self.pass += 1;
        let pass = self.pass;
        let mut found = 0;
        // Frames: (organisation, next position to look ahead from, next position to descend
        // from). `path[i]` is the edge by which the candidate taken at frame i joins that
        // frame's organisation.
        let mut stack: Vec<(u32, u32, u32)> = Vec::new();
        let mut path: Vec<u32> = Vec::new();
        for root in 0..m {
            let r = self.o[root];
            if r.seen == pass || r.pi != self.pi_t {
                continue;
            }
            if self.seats.load(root) >= r.cap {
                continue;
            }
            self.o[root].seen = pass;
            // One search per free seat, while they succeed. The root's cursors carry over from
            // one search to the next: what they passed cannot help again in this pass (the
            // potentials are fixed, and nodes on paths found are marked seen).
            let mut root_frame = (root as u32, p.org_off[root], p.org_off[root]);
            while self.seats.load(root) < self.o[root].cap {
                stack.clear();
                path.clear();
                stack.push(root_frame);
                let mut success = false;
                'search: while let Some(&(o, look, it)) = stack.last() {
                    let o = o as usize;
                    let pi_o = self.o[o].pi;
                    let end = p.org_off[o + 1];
                    // Look ahead for an unplaced candidate who joins at zero cost.
                    if look < end {
                        for i in look as usize..end as usize {
                            let cs = &self.c[p.org_cand[i] as usize];
                            if cs.edge == NONE && cs.active && cs.seen != pass && self.list_cost[i] + cs.pi == pi_o {
                                if let Some(top) = stack.last_mut() {
                                    top.1 = i as u32 + 1;
                                }
                                path.push(p.org_edges[i]);
                                success = true;
                                break 'search;
                            }
                        }
                        if let Some(top) = stack.last_mut() {
                            top.1 = end;
                        }
                    }
                    let mut i = it;
                    let mut next = None;
                    while i < end {
                        let iu = i as usize;
                        let c = p.org_cand[iu] as usize;
                        let cs = &self.c[c];
                        let held = cs.edge;
                        if held != NONE
                            && held != p.org_edges[iu]
                            && cs.seen != pass
                            && cs.active
                            && self.list_cost[iu] + cs.pi == pi_o
                        {
                            let from = p.edge_org[held as usize] as usize;
                            let fs = &self.o[from];
                            // c gives up its seat at `from`: arc from→c at zero cost.
                            if fs.seen != pass && cost(p, held as usize) == fs.pi - cs.pi {
                                next = Some((p.org_edges[iu], c, from));
                                break;
                            }
                        }
                        i += 1;
                    }
                    match next {
                        None => {
                            stack.pop();
                            path.pop();
                        }
                        Some((e, c, from)) => {
                            if let Some(top) = stack.last_mut() {
                                top.2 = i + 1;
                            }
                            self.c[c].seen = pass;
                            self.o[from].seen = pass;
                            path.push(e);
                            stack.push((from as u32, p.org_off[from], p.org_off[from]));
                        }
                    }
                }
                if !success {
                    break;
                }
                if let Some(&bottom) = stack.first() {
                    root_frame = bottom;
                }
                if let Some(&last) = path.last() {
                    self.c[p.edge_cand[last as usize] as usize].seen = pass;
                }
                // `path` runs from the free seat back to the unplaced candidate; forwards is
                // the reverse.
                path.reverse();
                self.apply(&path);
                found += 1;
            }
        }
        found
    }

    /// Applies an augmenting path given forwards: `path[i]` is the edge the i-th candidate on it
    /// takes; each candidate after the first leaves the organisation the one before it joins,
    /// and the last organisation fills a free seat.
    fn apply(&mut self, path: &[u32]) {
        let p = self.p;
        for i in 1..path.len() {
            let old = self.c[p.edge_cand[path[i] as usize] as usize].edge;
            self.seats.replace(p.edge_org[old as usize] as usize, old, path[i - 1]);
        }
        if let Some(&last) = path.last() {
            self.seats.push(p.edge_org[last as usize] as usize, last);
        }
        for &e in path {
            self.c[p.edge_cand[e as usize] as usize].edge = e;
        }
    }
}
