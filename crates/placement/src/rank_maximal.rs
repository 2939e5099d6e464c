//! Rank-maximal placement: the most first choices, then the most second choices, and so on.
//!
//! Irving, Kavitha, Mehlhorn, Michail and Paluch, "Rank-maximal matchings" (ACM TALG 2006),
//! extended to organisations with several seats. For each rank r in turn: add the rank-r edges
//! that survive, augment the placement to a maximum one in that graph, then split vertices into
//! even / odd / unreachable (Gallai–Edmonds, by alternating search from unplaced candidates and
//! from organisations with free seats) and delete the edges no rank-maximal placement can use:
//! higher-rank edges of odd and unreachable vertices, and odd–odd and odd–unreachable edges.
//!
//! Seats are handled without cloning organisations: the seats of one organisation are twins
//! (same neighbours), so they always fall in the same class, and an organisation's class is that
//! of its seats. O(ranks · edges · augmenting passes); passes are few in practice.

use crate::problem::{NONE, Problem, Seats};

const UNREACHED: u8 = 0;
const EVEN: u8 = 1;
const ODD: u8 = 2;

/// Rank-maximal placement of the candidates in `active`, with organisation capacities `cap`.
pub(crate) fn rank_maximal(p: &Problem, active: &[bool], cap: &[u32]) -> Vec<u32> {
    let n = p.num_candidates();
    let m = p.num_organisations();
    let ne = p.num_edges();
    let mut alive = vec![false; ne];
    let mut ranks: Vec<u32> = Vec::new();
    for c in 0..n {
        if !active[c] {
            continue;
        }
        for e in p.cand_edges(c) {
            if cap[p.edge_org[e] as usize] > 0 {
                alive[e] = true;
                ranks.push(p.edge_rank[e]);
            }
        }
    }
    ranks.sort_unstable();
    ranks.dedup();

    let mut s = State {
        p,
        active,
        cap,
        alive,
        lim: p.cand_off[..n].to_vec(),
        cand_end: p.cand_off[1..].to_vec(),
        org_cut: vec![u32::MAX; m],
        edge: vec![NONE; n],
        seats: Seats::new(p, cap),
        seen_c: vec![0; n],
        seen_o: vec![0; m],
        pass: 0,
    };
    let mut class_c = vec![UNREACHED; n];
    let mut class_o = vec![UNREACHED; m];
    for (i, &r) in ranks.iter().enumerate() {
        // G'_r: surviving edges of rank <= r. A candidate's edges are in rank order.
        for c in 0..n {
            let end = s.cand_end[c];
            while s.lim[c] < end && p.edge_rank[s.lim[c] as usize] <= r {
                s.lim[c] += 1;
            }
        }
        while s.augment_pass() > 0 {}
        if i + 1 == ranks.len() {
            break;
        }
        s.classify(&mut class_c, &mut class_o);
        s.prune(r, &class_c, &class_o);
    }
    s.edge
}

struct State<'a> {
    p: &'a Problem,
    active: &'a [bool],
    cap: &'a [u32],
    alive: Vec<bool>,
    /// End of each candidate's edges in the current graph (rank <= r).
    lim: Vec<u32>,
    /// Deletions of higher-rank edges, kept lazily: a candidate's edges stop at `cand_end`, an
    /// organisation's edges of rank above `org_cut` are gone.
    cand_end: Vec<u32>,
    org_cut: Vec<u32>,
    edge: Vec<u32>,
    seats: Seats,
    seen_c: Vec<u32>,
    seen_o: Vec<u32>,
    pass: u32,
}

impl State<'_> {
    #[inline]
    fn in_graph(&self, e: usize) -> bool {
        let p = self.p;
        self.alive[e]
            && (e as u32) < self.lim[p.edge_cand[e] as usize]
            && p.edge_rank[e] <= self.org_cut[p.edge_org[e] as usize]
    }

    /// One pass of augmenting paths, searched backwards from each organisation with a free seat
    /// to an unplaced candidate (unplaced candidates are many and free seats few, so this
    /// direction finds them sooner), looking ahead at each organisation for an unplaced candidate
    /// before going deeper. Nodes are visited at most once per pass; a root's cursors carry over
    /// between its searches. Returns the number of paths found.
    fn augment_pass(&mut self) -> usize {
        let p = self.p;
        let m = p.num_organisations();
        self.pass += 1;
        let pass = self.pass;
        let mut found = 0;
        // Frames: (organisation, look-ahead cursor, descent cursor); `path[i]` is the edge by
        // which the candidate taken at frame i joins that frame's organisation.
        let mut stack: Vec<(u32, u32, u32)> = Vec::new();
        let mut path: Vec<u32> = Vec::new();
        for root in 0..m {
            if self.seen_o[root] == pass || self.seats.load(root) >= self.cap[root] {
                continue;
            }
            self.seen_o[root] = pass;
            let mut root_frame = (root as u32, p.org_off[root], p.org_off[root]);
            while self.seats.load(root) < self.cap[root] {
                stack.clear();
                path.clear();
                stack.push(root_frame);
                let mut success = false;
                'search: while let Some(&(o, look, it)) = stack.last() {
                    let o = o as usize;
                    let end = p.org_off[o + 1];
                    if look < end {
                        for i in look as usize..end as usize {
                            let e = p.org_edges[i];
                            let c = p.edge_cand[e as usize] as usize;
                            if self.edge[c] == NONE
                                && self.active[c]
                                && self.seen_c[c] != pass
                                && self.in_graph(e as usize)
                            {
                                if let Some(top) = stack.last_mut() {
                                    top.1 = i as u32 + 1;
                                }
                                path.push(e);
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
                        let e = p.org_edges[i as usize];
                        let c = p.edge_cand[e as usize] as usize;
                        let held = self.edge[c];
                        if held != NONE && held != e && self.seen_c[c] != pass && self.in_graph(e as usize) {
                            let from = p.edge_org[held as usize] as usize;
                            if self.seen_o[from] != pass {
                                next = Some((e, c, from));
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
                            self.seen_c[c] = pass;
                            self.seen_o[from] = pass;
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
                    self.seen_c[p.edge_cand[last as usize] as usize] = pass;
                }
                // `path` runs from the free seat back to the unplaced candidate.
                path.reverse();
                self.seats.augment(p, &mut self.edge, &path);
                found += 1;
            }
        }
        found
    }

    /// Even / odd / unreachable classes in the current graph with respect to the (maximum)
    /// placement, by alternating breadth-first search.
    fn classify(&self, class_c: &mut [u8], class_o: &mut [u8]) {
        let p = self.p;
        let n = p.num_candidates();
        let m = p.num_organisations();
        class_c.fill(UNREACHED);
        class_o.fill(UNREACHED);
        // From unplaced candidates: even candidates reach organisations (odd) by non-placement
        // edges; odd organisations reach their assignees (even).
        let mut queue: Vec<u32> = Vec::new();
        for c in 0..n {
            if self.active[c] && self.edge[c] == NONE {
                class_c[c] = EVEN;
                queue.push(c as u32);
            }
        }
        let mut head = 0;
        while head < queue.len() {
            let v = queue[head] as usize;
            head += 1;
            if v < n {
                let held = self.edge[v];
                for e in p.cand_off[v]..self.lim[v] {
                    if e == held || !self.in_graph(e as usize) {
                        continue;
                    }
                    let o = p.edge_org[e as usize] as usize;
                    if class_o[o] == UNREACHED {
                        class_o[o] = ODD;
                        queue.push((n + o) as u32);
                    }
                }
            } else {
                let o = v - n;
                for &e in self.seats.of(o) {
                    let c = p.edge_cand[e as usize] as usize;
                    if class_c[c] == UNREACHED {
                        class_c[c] = EVEN;
                        queue.push(c as u32);
                    }
                }
            }
        }
        // From organisations with free seats: even organisations reach all their neighbours
        // (odd; a free seat makes even an assignee's edge a non-placement edge), odd candidates
        // reach their organisation (even).
        queue.clear();
        head = 0;
        for o in 0..m {
            if self.seats.load(o) < self.cap[o] && class_o[o] == UNREACHED {
                class_o[o] = EVEN;
                queue.push((n + o) as u32);
            }
        }
        while head < queue.len() {
            let v = queue[head] as usize;
            head += 1;
            if v < n {
                let held = self.edge[v];
                if held != NONE {
                    let o = p.edge_org[held as usize] as usize;
                    if class_o[o] == UNREACHED {
                        class_o[o] = EVEN;
                        queue.push((n + o) as u32);
                    }
                }
            } else {
                let o = v - n;
                for i in p.org_range(o) {
                    let e = p.org_edges[i] as usize;
                    if !self.in_graph(e) {
                        continue;
                    }
                    let c = p.edge_cand[e] as usize;
                    if class_c[c] == UNREACHED {
                        class_c[c] = ODD;
                        queue.push(c as u32);
                    }
                }
            }
        }
    }

    /// Deletes edges that no rank-maximal placement uses: higher-rank edges of odd and
    /// unreachable vertices (lazily, by cutting their lists at rank `r`), and odd–odd and
    /// odd–unreachable edges of the current graph (all at a candidate that is not even).
    fn prune(&mut self, r: u32, class_c: &[u8], class_o: &[u8]) {
        let p = self.p;
        for c in 0..p.num_candidates() {
            if !self.active[c] || class_c[c] == EVEN {
                continue;
            }
            self.cand_end[c] = self.lim[c];
            for e in p.cand_off[c] as usize..self.lim[c] as usize {
                let (a, b) = (class_c[c], class_o[p.edge_org[e] as usize]);
                if (a == ODD && b != EVEN) || (b == ODD && a != EVEN) {
                    self.alive[e] = false;
                }
            }
        }
        for o in 0..p.num_organisations() {
            if class_o[o] != EVEN {
                self.org_cut[o] = self.org_cut[o].min(r);
            }
        }
    }
}
