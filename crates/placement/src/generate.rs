//! A generator of JET-like instances, deterministic for a seed.
//!
//! - Organisations sit at places (municipalities or prefectures) and their popularity is
//!   Zipf-like (Zipf–Mandelbrot, weight 1/(rank + k)) over an attractiveness that favours urban
//!   places and some regions (Kanto, Kansai, Kyushu-Okinawa), with noise.
//! - Candidates rank a short list drawn by popularity, partly from a home region they favour.
//! - Organisations rank the candidates who applied by a noisy shared score (a candidate's
//!   quality plus the organisation's own noise) and find a few of them unacceptable.
//! - Couples rank pairs in one prefecture (often the same organisation twice).
//!
//! Only basic floating-point operations are used (no `ln`, `exp` or `powf`), so the output is
//! the same on every platform. The generator reads no files: places come in as a parameter
//! ([`parse_places_csv`] reads the municipality reference CSV from a string).

use crate::instance::{Candidate, Couple, INSTANCE_FORMAT, Instance, Organisation};

/// A place an organisation can be at.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub prefecture_code: u8,
    pub region: String,
    pub lat: f64,
    pub lng: f64,
    /// A city or a Tokyo special ward.
    pub urban: bool,
}

/// Size and shape of a generated instance.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateOptions {
    pub candidates: usize,
    pub organisations: usize,
    /// Length of each candidate's list (and of each couple's list of pairs).
    pub choices: usize,
    /// Percentage of candidates who are in couples (0–100).
    pub couples_percent: f64,
    pub seed: u64,
}

/// Why generation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct GenerateError(pub String);

/// splitmix64: seeds xoshiro from one `u64`.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// xoshiro256**: small, fast and good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut sm = seed;
        Rng { s: [splitmix64(&mut sm), splitmix64(&mut sm), splitmix64(&mut sm), splitmix64(&mut sm)] }
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (n > 0), by multiply-shift.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Approximately standard normal (Irwin–Hall with four uniforms), without transcendental
    /// functions so that it is bit-for-bit portable.
    pub fn normal(&mut self) -> f64 {
        let s = self.f64() + self.f64() + self.f64() + self.f64();
        (s - 2.0) * 1.732_050_807_568_877_2
    }
}

/// Weighted sampling by binary search over cumulative weights.
struct Sampler {
    items: Vec<u32>,
    cum: Vec<f64>,
}

impl Sampler {
    fn new(items: Vec<u32>, weight: &[f64]) -> Sampler {
        let mut total = 0.0;
        let cum = items
            .iter()
            .map(|&i| {
                total += weight[i as usize];
                total
            })
            .collect();
        Sampler { items, cum }
    }

    fn sample(&self, rng: &mut Rng) -> Option<u32> {
        let total = *self.cum.last()?;
        let x = rng.f64() * total;
        let i = self.cum.partition_point(|&v| v <= x).min(self.items.len() - 1);
        Some(self.items[i])
    }
}

/// How much JET applicants favour a region (a stylised guess: big cities and warm places).
fn region_factor(region: &str) -> f64 {
    match region {
        "Kanto" => 1.6,
        "Kansai" => 1.4,
        "Kyushu-Okinawa" => 1.2,
        "Hokkaido" => 1.1,
        "Chubu" => 1.0,
        "Chugoku" => 0.9,
        _ => 0.8,
    }
}

/// A generated instance and where its organisations are.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    pub instance: Instance,
    /// For each organisation, the index of its place in the `places` given.
    pub organisation_places: Vec<usize>,
}

/// Generates an instance. Fails on options that make no instance (no places, a percentage
/// outside 0–100).
pub fn generate(options: &GenerateOptions, places: &[Place]) -> Result<Instance, GenerateError> {
    generate_detailed(options, places).map(|g| g.instance)
}

/// [`generate`], also telling where each organisation is.
pub fn generate_detailed(options: &GenerateOptions, places: &[Place]) -> Result<Generated, GenerateError> {
    let n = options.candidates;
    let m = options.organisations;
    if !(0.0..=100.0).contains(&options.couples_percent) {
        return Err(GenerateError(format!(
            "couples percent must be between 0 and 100, got {}",
            options.couples_percent
        )));
    }
    if m > 0 && places.is_empty() {
        return Err(GenerateError("no places to put organisations at".to_string()));
    }
    if n > u32::MAX as usize / 2 || m > u32::MAX as usize / 2 {
        return Err(GenerateError("too many candidates or organisations".to_string()));
    }
    let k = options.choices.min(m);
    let mut rng = Rng::new(options.seed);

    // Organisations: a place each, attractiveness, then Zipf–Mandelbrot weight by its rank.
    let org_place: Vec<usize> = (0..m).map(|_| rng.below(places.len())).collect();
    let attractiveness: Vec<f64> = org_place
        .iter()
        .map(|&pl| {
            let place = &places[pl];
            region_factor(&place.region) * if place.urban { 2.5 } else { 1.0 } * (0.5 + rng.f64())
        })
        .collect();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| attractiveness[b].total_cmp(&attractiveness[a]).then(a.cmp(&b)));
    let offset = (m / 50).max(1) as f64;
    let mut weight = vec![0.0; m];
    for (rank, &o) in order.iter().enumerate() {
        weight[o] = 1.0 / (rank as f64 + offset);
    }
    // Regions and prefectures in order of first appearance, for deterministic grouping.
    let mut regions: Vec<&str> = Vec::new();
    let mut org_region = vec![0usize; m];
    for (o, &pl) in org_place.iter().enumerate() {
        let r = places[pl].region.as_str();
        org_region[o] = match regions.iter().position(|x| *x == r) {
            Some(i) => i,
            None => {
                regions.push(r);
                regions.len() - 1
            }
        };
    }
    let global = Sampler::new((0..m as u32).collect(), &weight);
    let by_region: Vec<Sampler> = (0..regions.len())
        .map(|r| {
            let items = (0..m as u32).filter(|&o| org_region[o as usize] == r).collect();
            Sampler::new(items, &weight)
        })
        .collect();
    let mut by_prefecture: Vec<Option<Sampler>> = (0..=u8::MAX).map(|_| None).collect();
    for (code, slot) in by_prefecture.iter_mut().enumerate() {
        let items: Vec<u32> =
            (0..m as u32).filter(|&o| usize::from(places[org_place[o as usize]].prefecture_code) == code).collect();
        if !items.is_empty() {
            *slot = Some(Sampler::new(items, &weight));
        }
    }

    // Seats: about 0.9 per candidate, spread uniformly around the mean.
    let mean = (0.9 * n as f64 / m.max(1) as f64).max(1.0);
    let capacity: Vec<i64> = (0..m).map(|_| 1 + (rng.f64() * (2.0 * mean - 1.0)) as i64).collect();

    let quality: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
    let couples = ((n as f64 * options.couples_percent / 100.0) / 2.0) as usize;
    let singles = n - 2 * couples;

    // Candidates' lists: 30% of picks from a favoured home region.
    let mut lists: Vec<Vec<u32>> = Vec::with_capacity(singles);
    let mut stamp = vec![usize::MAX; m];
    for c in 0..singles {
        let home = if regions.is_empty() { 0 } else { rng.below(regions.len()) };
        let mut list = Vec::with_capacity(k);
        let mut attempts = 0;
        while list.len() < k && attempts < 50 * k {
            attempts += 1;
            let pick = if rng.f64() < 0.3 {
                by_region.get(home).and_then(|s| s.sample(&mut rng))
            } else {
                global.sample(&mut rng)
            };
            if let Some(o) = pick
                && stamp[o as usize] != c
            {
                stamp[o as usize] = c;
                list.push(o);
            }
        }
        // Rejection can stall when k is close to m: fill with the most popular left.
        for &o in &order {
            if list.len() >= k {
                break;
            }
            if stamp[o] != c {
                stamp[o] = c;
                list.push(o as u32);
            }
        }
        lists.push(list);
    }

    // Couples' pairs: a popular organisation, and one in the same prefecture (maybe itself).
    let mut couple_pairs: Vec<Vec<[u32; 2]>> = Vec::with_capacity(couples);
    for _ in 0..couples {
        let mut pairs: Vec<[u32; 2]> = Vec::with_capacity(k);
        let mut attempts = 0;
        while pairs.len() < k && attempts < 50 * k {
            attempts += 1;
            let Some(o0) = global.sample(&mut rng) else {
                break;
            };
            let code = usize::from(places[org_place[o0 as usize]].prefecture_code);
            let o1 = if rng.f64() < 0.3 {
                o0
            } else {
                by_prefecture[code].as_ref().and_then(|s| s.sample(&mut rng)).unwrap_or(o0)
            };
            let pair = if rng.f64() < 0.5 { [o0, o1] } else { [o1, o0] };
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
        couple_pairs.push(pairs);
    }

    // Applications, then each organisation ranks its applicants by a noisy shared score.
    let mut applicants: Vec<Vec<u32>> = vec![Vec::new(); m];
    for (c, list) in lists.iter().enumerate() {
        for &o in list {
            applicants[o as usize].push(c as u32);
        }
    }
    for (i, pairs) in couple_pairs.iter().enumerate() {
        for t in 0..2 {
            let member = (singles + 2 * i + t) as u32;
            for pair in pairs {
                let apps = &mut applicants[pair[t] as usize];
                if apps.last() != Some(&member) {
                    apps.push(member);
                }
            }
        }
    }
    let mut org_lists: Vec<Vec<u32>> = Vec::with_capacity(m);
    for apps in &applicants {
        let mut scored: Vec<(f64, u32)> = apps
            .iter()
            .filter_map(|&c| {
                let noise = rng.normal();
                let acceptable = rng.f64() >= 0.03;
                acceptable.then(|| (quality[c as usize] + 0.5 * noise, c))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        org_lists.push(scored.into_iter().map(|(_, c)| c).collect());
    }

    let cid = |c: u32| format!("c{}", c + 1);
    let oid = |o: u32| format!("o{}", o + 1);
    let mut candidates: Vec<Candidate> = lists
        .iter()
        .enumerate()
        .map(|(c, list)| Candidate { id: cid(c as u32), prefs: list.iter().map(|&o| oid(o)).collect() })
        .collect();
    for c in singles..n {
        candidates.push(Candidate { id: cid(c as u32), prefs: Vec::new() });
    }
    let organisations = org_lists
        .iter()
        .enumerate()
        .map(|(o, list)| Organisation {
            id: oid(o as u32),
            capacity: capacity[o],
            prefs: list.iter().map(|&c| cid(c)).collect(),
        })
        .collect();
    let couples = couple_pairs
        .iter()
        .enumerate()
        .map(|(i, pairs)| Couple {
            members: vec![cid((singles + 2 * i) as u32), cid((singles + 2 * i + 1) as u32)],
            prefs: pairs.iter().map(|p| vec![oid(p[0]), oid(p[1])]).collect(),
        })
        .collect();
    Ok(Generated {
        instance: Instance { format: INSTANCE_FORMAT.to_string(), candidates, organisations, couples },
        organisation_places: org_place,
    })
}

/// Reads places from the municipality reference CSV (`data/japan-municipalities.csv`: columns
/// lg_code, kind, prefecture_code, prefecture_en, prefecture_ja, region, name_ja, name_kana,
/// name_en, lat, lng). Every row is a place; cities and special wards are urban.
pub fn parse_places_csv(text: &str) -> Result<Vec<Place>, GenerateError> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .ok_or_else(|| GenerateError("places CSV is empty".to_string()))?
        .split(',')
        .map(str::trim)
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| GenerateError(format!("places CSV has no column {name:?}")))
    };
    let (kind, code, region, lat, lng) =
        (col("kind")?, col("prefecture_code")?, col("region")?, col("lat")?, col("lng")?);
    let mut places = Vec::new();
    for (i, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let bad = |what: &str| GenerateError(format!("places CSV line {}: {what}", i + 2));
        let field = |c: usize| fields.get(c).copied().ok_or_else(|| bad("too few columns"));
        places.push(Place {
            prefecture_code: field(code)?.parse().map_err(|_| bad("bad prefecture_code"))?,
            region: field(region)?.to_string(),
            lat: field(lat)?.parse().map_err(|_| bad("bad lat"))?,
            lng: field(lng)?.parse().map_err(|_| bad("bad lng"))?,
            urban: matches!(field(kind)?, "city" | "special-ward"),
        });
    }
    Ok(places)
}
