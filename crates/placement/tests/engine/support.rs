//! Test references, deliberately naive: a model of an instance by position, brute-force
//! enumeration, and a blocking-pair checker that builds each organisation's choice set
//! explicitly. None of it shares code with the engine.

#![allow(dead_code)]

use std::collections::BTreeSet;

use placement::cli::{self, Mode, PlaceOptions, Proposer};
use placement::generate::Rng;
use placement::result::PlacementResult;
use placement::{Candidate, Couple, INSTANCE_FORMAT, Instance, Organisation};

/// A couple by position: (member 0, member 1, pairs of organisations best first).
pub type CoupleModel = (usize, usize, Vec<(usize, usize)>);

/// An instance by position: candidate i, organisation j.
#[derive(Debug, Clone)]
pub struct Model {
    pub cand_ids: Vec<String>,
    pub org_ids: Vec<String>,
    pub cand_prefs: Vec<Vec<usize>>,
    pub org_prefs: Vec<Vec<usize>>,
    pub caps: Vec<usize>,
    pub couples: Vec<CoupleModel>,
}

/// For each candidate, the organisation it is placed with.
pub type Matching = Vec<Option<usize>>;

impl Model {
    pub fn new(instance: &Instance) -> Model {
        let cand_ids: Vec<String> = instance.candidates.iter().map(|c| c.id.clone()).collect();
        let org_ids: Vec<String> = instance.organisations.iter().map(|o| o.id.clone()).collect();
        let ci = |id: &String| cand_ids.iter().position(|x| x == id).unwrap();
        let oi = |id: &String| org_ids.iter().position(|x| x == id).unwrap();
        Model {
            cand_prefs: instance.candidates.iter().map(|c| c.prefs.iter().map(oi).collect()).collect(),
            org_prefs: instance.organisations.iter().map(|o| o.prefs.iter().map(ci).collect()).collect(),
            caps: instance.organisations.iter().map(|o| o.capacity as usize).collect(),
            couples: instance
                .couples
                .iter()
                .map(|k| {
                    (ci(&k.members[0]), ci(&k.members[1]), k.prefs.iter().map(|p| (oi(&p[0]), oi(&p[1]))).collect())
                })
                .collect(),
            cand_ids: cand_ids.clone(),
            org_ids: org_ids.clone(),
        }
    }

    pub fn n(&self) -> usize {
        self.cand_ids.len()
    }

    pub fn m(&self) -> usize {
        self.org_ids.len()
    }

    /// The couple candidate `c` is in, and its position in it.
    pub fn couple_of(&self, c: usize) -> Option<(usize, usize)> {
        self.couples.iter().enumerate().find_map(|(k, (a, b, _))| {
            if *a == c {
                Some((k, 0))
            } else if *b == c {
                Some((k, 1))
            } else {
                None
            }
        })
    }

    /// Position of `x` in `list`, if listed.
    fn pos(list: &[usize], x: usize) -> Option<usize> {
        list.iter().position(|&y| y == x)
    }

    /// The organisation ranks the candidate (lower is better), if it lists it.
    pub fn org_rank(&self, o: usize, c: usize) -> Option<usize> {
        Self::pos(&self.org_prefs[o], c)
    }

    /// A single candidate's rank of an organisation (0-based), if it lists it.
    pub fn cand_rank(&self, c: usize, o: usize) -> Option<usize> {
        Self::pos(&self.cand_prefs[c], o)
    }

    pub fn acceptable(&self, c: usize, o: usize) -> bool {
        self.cand_rank(c, o).is_some() && self.org_rank(o, c).is_some()
    }

    /// Index of the couple's pair that its members are on, if placed on one.
    pub fn couple_pair(&self, k: usize, m: &Matching) -> Option<usize> {
        let (a, b, pairs) = &self.couples[k];
        let (x, y) = (m[*a]?, m[*b]?);
        pairs.iter().position(|&p| p == (x, y))
    }

    pub fn pair_acceptable(&self, k: usize, q: usize) -> bool {
        let (a, b, pairs) = &self.couples[k];
        let (x, y) = pairs[q];
        self.org_rank(x, *a).is_some() && self.org_rank(y, *b).is_some()
    }

    /// Rank (1-based) a candidate has in a matching: its list position, or its couple's pair's.
    pub fn rank_in(&self, c: usize, m: &Matching) -> Option<usize> {
        let o = m[c]?;
        match self.couple_of(c) {
            None => self.cand_rank(c, o).map(|r| r + 1),
            Some((k, _)) => self.couple_pair(k, m).map(|q| q + 1),
        }
    }

    pub fn feasible(&self, m: &Matching) -> bool {
        let mut load = vec![0; self.m()];
        for c in 0..self.n() {
            if let Some(o) = m[c] {
                load[o] += 1;
                if self.couple_of(c).is_none() && !self.acceptable(c, o) {
                    return false;
                }
            }
        }
        if (0..self.m()).any(|o| load[o] > self.caps[o]) {
            return false;
        }
        for (k, (a, b, _)) in self.couples.iter().enumerate() {
            match (m[*a], m[*b]) {
                (None, None) => {}
                (Some(_), Some(_)) => match self.couple_pair(k, m) {
                    Some(q) if self.pair_acceptable(k, q) => {}
                    _ => return false,
                },
                _ => return false,
            }
        }
        true
    }

    pub fn assignees(&self, o: usize, m: &Matching) -> Vec<usize> {
        (0..self.n()).filter(|&c| m[c] == Some(o)).collect()
    }

    /// Whether `o`, choosing its best `capacity` among `set`, chooses everyone in `joining`.
    fn chooses(&self, o: usize, set: &BTreeSet<usize>, joining: &[usize]) -> bool {
        let mut ranked: Vec<usize> = set.iter().copied().collect();
        ranked.sort_by_key(|&c| self.org_rank(o, c).unwrap_or(usize::MAX));
        let chosen: Vec<usize> = ranked.into_iter().take(self.caps[o]).collect();
        joining.iter().all(|j| chosen.contains(j))
    }

    /// Counts blocking pairs the obvious way (Roth–Peranson for couples).
    pub fn blocking_pairs(&self, m: &Matching) -> u64 {
        let mut count = 0;
        for c in 0..self.n() {
            if self.couple_of(c).is_some() {
                continue;
            }
            let current = m[c].and_then(|o| self.cand_rank(c, o));
            for (r, &o) in self.cand_prefs[c].iter().enumerate() {
                if current.is_some_and(|cur| r >= cur) || !self.acceptable(c, o) {
                    continue;
                }
                let mut set: BTreeSet<usize> = self.assignees(o, m).into_iter().collect();
                set.insert(c);
                if self.chooses(o, &set, &[c]) {
                    count += 1;
                }
            }
        }
        for (k, (a, b, pairs)) in self.couples.iter().enumerate() {
            let current = self.couple_pair(k, m);
            for (q, &(x, y)) in pairs.iter().enumerate() {
                if current.is_some_and(|cur| q >= cur) || !self.pair_acceptable(k, q) {
                    continue;
                }
                let blocks = [x, y].iter().all(|&o| {
                    let mut set: BTreeSet<usize> = self.assignees(o, m).into_iter().collect();
                    set.remove(a);
                    set.remove(b);
                    let mut joining = Vec::new();
                    if x == o {
                        joining.push(*a);
                    }
                    if y == o {
                        joining.push(*b);
                    }
                    set.extend(joining.iter().copied());
                    self.chooses(o, &set, &joining)
                });
                if blocks {
                    count += 1;
                }
            }
        }
        count
    }

    /// Every feasible matching (small instances only).
    pub fn all_matchings(&self) -> Vec<Matching> {
        // Choices per agent: singles pick an acceptable organisation or none; couples a pair
        // index or none.
        let singles: Vec<usize> = (0..self.n()).filter(|&c| self.couple_of(c).is_none()).collect();
        let mut out = Vec::new();
        let mut m: Matching = vec![None; self.n()];
        self.enumerate_singles(&singles, 0, &mut m, &mut out);
        out
    }

    fn enumerate_singles(&self, singles: &[usize], i: usize, m: &mut Matching, out: &mut Vec<Matching>) {
        if i == singles.len() {
            self.enumerate_couples(0, m, out);
            return;
        }
        let c = singles[i];
        m[c] = None;
        self.enumerate_singles(singles, i + 1, m, out);
        for o in 0..self.m() {
            if self.acceptable(c, o) {
                m[c] = Some(o);
                self.enumerate_singles(singles, i + 1, m, out);
            }
        }
        m[c] = None;
    }

    fn enumerate_couples(&self, k: usize, m: &mut Matching, out: &mut Vec<Matching>) {
        if k == self.couples.len() {
            if self.feasible(m) {
                out.push(m.clone());
            }
            return;
        }
        let (a, b, pairs) = self.couples[k].clone();
        m[a] = None;
        m[b] = None;
        self.enumerate_couples(k + 1, m, out);
        for q in 0..pairs.len() {
            if self.pair_acceptable(k, q) {
                m[a] = Some(pairs[q].0);
                m[b] = Some(pairs[q].1);
                self.enumerate_couples(k + 1, m, out);
            }
        }
        m[a] = None;
        m[b] = None;
    }

    /// (placed, rank sum, histogram of ranks) of a matching.
    pub fn value(&self, m: &Matching) -> (usize, usize, Vec<usize>) {
        let longest =
            self.cand_prefs.iter().map(Vec::len).chain(self.couples.iter().map(|k| k.2.len())).max().unwrap_or(0);
        let mut hist = vec![0; longest];
        let mut placed = 0;
        let mut sum = 0;
        for c in 0..self.n() {
            if let Some(r) = self.rank_in(c, m) {
                placed += 1;
                sum += r;
                hist[r - 1] += 1;
            }
        }
        (placed, sum, hist)
    }

    /// The matching in a result, by ids.
    pub fn matching_of(&self, result: &PlacementResult) -> Matching {
        let mut m = vec![None; self.n()];
        for a in &result.assignments {
            let c = self.cand_ids.iter().position(|x| *x == a.candidate).unwrap();
            let o = self.org_ids.iter().position(|x| *x == a.organisation).unwrap();
            m[c] = Some(o);
        }
        m
    }
}

/// Runs the engine on an instance through the typed entry point, checking on the way that the
/// byte entry point gives the same result.
pub fn place(instance: &Instance, mode: Mode, proposer: Proposer) -> PlacementResult {
    let options = PlaceOptions { mode, proposer, explain: true };
    let typed = cli::place_instance(instance, &options).unwrap();
    let bytes = cli::place(&instance.to_json_bytes().unwrap(), &options).unwrap();
    let parsed: PlacementResult = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(parsed, typed);
    typed
}

/// Shape of a random small instance.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub candidates: usize,
    pub organisations: usize,
    pub max_capacity: usize,
    pub couples: usize,
    /// Probability (percent) that a candidate lists a given organisation, and that an
    /// organisation lists a candidate who listed it.
    pub density: u64,
}

/// A random small instance; `seed` makes it.
pub fn random_instance(shape: Shape, seed: u64) -> Instance {
    let mut rng = Rng::new(seed);
    let n = shape.candidates;
    let m = shape.organisations;
    let couples = shape.couples.min(n / 2);
    let singles = n - 2 * couples;
    let mut candidates = Vec::new();
    let shuffled = |rng: &mut Rng, k: usize| {
        let mut v: Vec<usize> = (0..k).collect();
        for i in (1..k).rev() {
            v.swap(i, rng.below(i + 1));
        }
        v
    };
    let pct = |rng: &mut Rng| rng.below(100) as u64;
    for c in 0..n {
        let prefs = if c < singles {
            shuffled(&mut rng, m)
                .into_iter()
                .filter(|_| pct(&mut rng) < shape.density)
                .map(|o| format!("o{o}"))
                .collect()
        } else {
            Vec::new()
        };
        candidates.push(Candidate { id: format!("c{c}"), prefs });
    }
    let mut couple_list = Vec::new();
    for k in 0..couples {
        let (a, b) = (singles + 2 * k, singles + 2 * k + 1);
        let mut pairs: Vec<Vec<String>> = Vec::new();
        let want = 1 + rng.below(4);
        for _ in 0..want * 2 {
            let pair = vec![format!("o{}", rng.below(m)), format!("o{}", rng.below(m))];
            if !pairs.contains(&pair) && pairs.len() < want {
                pairs.push(pair);
            }
        }
        couple_list.push(Couple { members: vec![format!("c{a}"), format!("c{b}")], prefs: pairs });
    }
    let mut organisations = Vec::new();
    for o in 0..m {
        let oid = format!("o{o}");
        let applied = |c: usize| {
            candidates[c].prefs.contains(&oid)
                || couple_list.iter().any(|k| {
                    (k.members[0] == format!("c{c}") && k.prefs.iter().any(|p| p[0] == oid))
                        || (k.members[1] == format!("c{c}") && k.prefs.iter().any(|p| p[1] == oid))
                })
        };
        let prefs = shuffled(&mut rng, n)
            .into_iter()
            .filter(|&c| {
                // Mostly those who applied; now and then someone who did not (still valid:
                // acceptability needs both sides).
                let r = pct(&mut rng);
                if applied(c) { r < shape.density.max(60) } else { r < 10 }
            })
            .map(|c| format!("c{c}"))
            .collect();
        organisations.push(Organisation { id: oid, capacity: rng.below(shape.max_capacity + 1) as i64, prefs });
    }
    Instance { format: INSTANCE_FORMAT.to_string(), candidates, organisations, couples: couple_list }
}

/// Reference min-cost flow over single candidates (no couples), by successive shortest paths
/// with Bellman–Ford on an explicit residual graph: slow and plain. `cost(rank)` prices a
/// placement at a candidate's rank (1-based); paths are augmented while they cost less than
/// zero, so negative costs make it place as many as pays. Returns the matching.
pub fn reference_flow(model: &Model, cost: impl Fn(usize) -> i64) -> Matching {
    let (n, m) = (model.n(), model.m());
    let (source, sink) = (n + m, n + m + 1);
    // Arcs as (to, capacity, cost, reverse index).
    let mut graph: Vec<Vec<(usize, i64, i64, usize)>> = vec![Vec::new(); n + m + 2];
    let add = |g: &mut Vec<Vec<(usize, i64, i64, usize)>>, a: usize, b: usize, cap: i64, c: i64| {
        let (ia, ib) = (g[a].len(), g[b].len());
        g[a].push((b, cap, c, ib));
        g[b].push((a, 0, -c, ia));
    };
    for c in 0..n {
        add(&mut graph, source, c, 1, 0);
        for (r, &o) in model.cand_prefs[c].iter().enumerate() {
            if model.acceptable(c, o) {
                add(&mut graph, c, n + o, 1, cost(r + 1));
            }
        }
    }
    for o in 0..m {
        add(&mut graph, n + o, sink, model.caps[o] as i64, 0);
    }
    loop {
        let mut dist = vec![i64::MAX; n + m + 2];
        let mut prev: Vec<Option<(usize, usize)>> = vec![None; n + m + 2];
        dist[source] = 0;
        for _ in 0..n + m + 2 {
            let mut changed = false;
            for u in 0..n + m + 2 {
                if dist[u] == i64::MAX {
                    continue;
                }
                for (i, &(v, cap, c, _)) in graph[u].iter().enumerate() {
                    if cap > 0 && dist[u] + c < dist[v] {
                        dist[v] = dist[u] + c;
                        prev[v] = Some((u, i));
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        if dist[sink] == i64::MAX || dist[sink] >= 0 {
            break;
        }
        let mut v = sink;
        while let Some((u, i)) = prev[v] {
            graph[u][i].1 -= 1;
            let r = graph[u][i].3;
            graph[v][r].1 += 1;
            v = u;
        }
    }
    let mut matching = vec![None; n];
    for c in 0..n {
        for &(v, cap, _, _) in &graph[c] {
            if (n..n + m).contains(&v) && cap == 0 {
                matching[c] = Some(v - n);
            }
        }
    }
    matching
}
