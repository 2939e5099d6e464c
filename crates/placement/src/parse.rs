//! Reading an instance into the interned raw form ([`Raw`]), either streaming from JSON bytes or
//! from an [`Instance`] already in memory.
//!
//! Streaming matters: a 40,000-candidate instance has about a million id strings, and holding them
//! as `String`s (or a `serde_json::Value` tree) would cost more memory than the whole engine.
//! Every id is interned on sight into a per-kind symbol table, so lists become `u32` arrays.
//! The parser keeps a path (`candidates[17].prefs[3]`) so that any error names where it happened.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::instance::{IndexedInstance, Instance};

/// Hash of an id: 8-byte words through a folded 64×64→128 multiply (wyhash-style), which
/// mixes both high and low bits well. Inputs are local files, so hash flooding is not a concern;
/// speed is: a large instance looks up about a million ids.
#[inline]
fn hash_id(bytes: &[u8]) -> u64 {
    #[inline]
    fn fold(a: u64, b: u64) -> u64 {
        let r = u128::from(a) * u128::from(b);
        (r as u64) ^ ((r >> 64) as u64)
    }
    const K0: u64 = 0xa076_1d64_78bd_642f;
    const K1: u64 = 0xe703_7ed1_a0b4_28db;
    let mut h = K0 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = fold(h ^ u64::from_le_bytes(word), K1);
    }
    let rest = chunks.remainder();
    let mut word = [0u8; 8];
    word[..rest.len()].copy_from_slice(rest);
    fold(h ^ u64::from_le_bytes(word), K1 ^ K0)
}

/// A symbol table: each distinct string gets the next `u32`, in order of first sight.
///
/// Open addressing over a power-of-two table of `(hash high bits << 32) | (symbol + 1)`, with
/// the names in one byte arena: a lookup reads one table word and, on a tag match, one arena
/// slice. Much faster than a `HashMap<Box<str>, u32>` for a million short ids.
#[derive(Debug)]
pub(crate) struct Interner {
    table: Vec<u64>,
    arena: Vec<u8>,
    /// End of each symbol's bytes in `arena`.
    ends: Vec<u32>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner { table: vec![0; 1024], arena: Vec::new(), ends: Vec::new() }
    }
}

impl Interner {
    #[inline]
    fn bytes(&self, sym: u32) -> &[u8] {
        let start = if sym == 0 { 0 } else { self.ends[sym as usize - 1] as usize };
        &self.arena[start..self.ends[sym as usize] as usize]
    }

    #[inline]
    pub(crate) fn intern(&mut self, name: &str) -> u32 {
        let bytes = name.as_bytes();
        let h = hash_id(bytes);
        let tag = h & 0xffff_ffff_0000_0000;
        let mask = self.table.len() - 1;
        let mut i = (h as usize) & mask;
        loop {
            let slot = self.table[i];
            if slot == 0 {
                break;
            }
            if slot & 0xffff_ffff_0000_0000 == tag {
                let sym = (slot as u32).wrapping_sub(1);
                if self.bytes(sym) == bytes {
                    return sym;
                }
            }
            i = (i + 1) & mask;
        }
        let sym = self.ends.len() as u32;
        self.arena.extend_from_slice(bytes);
        self.ends.push(self.arena.len() as u32);
        self.table[i] = tag | u64::from(sym + 1);
        // Keep the load factor at most one half.
        if self.ends.len() * 2 > self.table.len() {
            self.grow();
        }
        sym
    }

    fn grow(&mut self) {
        let mut table = vec![0u64; self.table.len() * 2];
        let mask = table.len() - 1;
        for sym in 0..self.ends.len() as u32 {
            let h = hash_id(self.bytes(sym));
            let mut i = (h as usize) & mask;
            while table[i] != 0 {
                i = (i + 1) & mask;
            }
            table[i] = (h & 0xffff_ffff_0000_0000) | u64::from(sym + 1);
        }
        self.table = table;
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn name(&self, sym: u32) -> &str {
        if sym as usize >= self.ends.len() {
            return "";
        }
        std::str::from_utf8(self.bytes(sym)).unwrap_or("")
    }

    /// The names, indexed by symbol.
    pub(crate) fn into_names(self) -> Vec<Box<str>> {
        (0..self.ends.len() as u32).map(|sym| Box::from(self.name(sym))).collect()
    }
}

/// An instance as read, before validation: ids interned (candidates and organisations each in
/// their own table, since ids need only be unique within their kind), lists as flat arrays with
/// offsets. Nothing is checked yet beyond JSON shape and pair/member counts.
#[derive(Debug)]
pub(crate) struct Raw {
    pub(crate) format: Option<String>,
    pub(crate) cand_names: Interner,
    pub(crate) org_names: Interner,
    pub(crate) cand_id: Vec<u32>,
    pub(crate) cand_pref_off: Vec<u32>,
    pub(crate) cand_pref: Vec<u32>,
    pub(crate) org_id: Vec<u32>,
    pub(crate) org_cap: Vec<i64>,
    pub(crate) org_pref_off: Vec<u32>,
    pub(crate) org_pref: Vec<u32>,
    pub(crate) couple_members: Vec<[u32; 2]>,
    pub(crate) couple_pair_off: Vec<u32>,
    pub(crate) couple_pairs: Vec<[u32; 2]>,
}

impl Default for Raw {
    fn default() -> Self {
        Raw {
            format: None,
            cand_names: Interner::default(),
            org_names: Interner::default(),
            cand_id: Vec::new(),
            cand_pref_off: vec![0],
            cand_pref: Vec::new(),
            org_id: Vec::new(),
            org_cap: Vec::new(),
            org_pref_off: vec![0],
            org_pref: Vec::new(),
            couple_members: Vec::new(),
            couple_pair_off: vec![0],
            couple_pairs: Vec::new(),
        }
    }
}

pub(crate) fn members_message(found: usize) -> String {
    format!("a couple has exactly two members, found {found}")
}

pub(crate) fn pair_message(found: usize) -> String {
    format!("a pair names exactly two organisations (one per member), found {found}")
}

/// Converts an in-memory instance to the raw form. Errors carry the same paths and wording as
/// the streaming parser.
pub(crate) fn from_instance(instance: &Instance) -> Result<Raw, String> {
    let mut raw = Raw { format: Some(instance.format.clone()), ..Raw::default() };
    for c in &instance.candidates {
        raw.cand_id.push(raw.cand_names.intern(&c.id));
        for o in &c.prefs {
            raw.cand_pref.push(raw.org_names.intern(o));
        }
        raw.cand_pref_off.push(len_u32(raw.cand_pref.len())?);
    }
    for o in &instance.organisations {
        raw.org_id.push(raw.org_names.intern(&o.id));
        raw.org_cap.push(o.capacity);
        for c in &o.prefs {
            raw.org_pref.push(raw.cand_names.intern(c));
        }
        raw.org_pref_off.push(len_u32(raw.org_pref.len())?);
    }
    for (k, couple) in instance.couples.iter().enumerate() {
        let [a, b] = couple.members.as_slice() else {
            return Err(format!("couples[{k}].members: {}", members_message(couple.members.len())));
        };
        let members = [raw.cand_names.intern(a), raw.cand_names.intern(b)];
        raw.couple_members.push(members);
        for (q, pair) in couple.prefs.iter().enumerate() {
            let [x, y] = pair.as_slice() else {
                return Err(format!("couples[{k}].prefs[{q}]: {}", pair_message(pair.len())));
            };
            let pair = [raw.org_names.intern(x), raw.org_names.intern(y)];
            raw.couple_pairs.push(pair);
        }
        raw.couple_pair_off.push(len_u32(raw.couple_pairs.len())?);
    }
    Ok(raw)
}

/// [`from_instance`] for an instance by index: each id interned once, list entries mapped through
/// them (an index out of range is refused, naming where it is).
pub(crate) fn from_indexed(instance: &IndexedInstance) -> Result<Raw, String> {
    let mut raw = Raw { format: Some(crate::instance::INSTANCE_FORMAT.to_owned()), ..Raw::default() };
    let cand_sym: Vec<u32> = instance.candidate_ids.iter().map(|id| raw.cand_names.intern(id)).collect();
    let org_sym: Vec<u32> = instance.organisation_ids.iter().map(|id| raw.org_names.intern(id)).collect();
    let sym = |syms: &[u32], i: u32, at: &dyn Fn() -> String| {
        syms.get(i as usize).copied().ok_or_else(|| format!("{}: index {i} out of range", at()))
    };
    if instance.candidate_prefs.len() != cand_sym.len() {
        return Err(format!(
            "candidate_prefs: {} lists for {} candidates",
            instance.candidate_prefs.len(),
            cand_sym.len()
        ));
    }
    if instance.capacities.len() != org_sym.len() || instance.organisation_prefs.len() != org_sym.len() {
        return Err(format!("capacities and organisation_prefs: one each for {} organisations", org_sym.len()));
    }
    for (c, prefs) in instance.candidate_prefs.iter().enumerate() {
        raw.cand_id.push(cand_sym[c]);
        for (j, &o) in prefs.iter().enumerate() {
            raw.cand_pref.push(sym(&org_sym, o, &|| format!("candidates[{c}].prefs[{j}]"))?);
        }
        raw.cand_pref_off.push(len_u32(raw.cand_pref.len())?);
    }
    for (o, prefs) in instance.organisation_prefs.iter().enumerate() {
        raw.org_id.push(org_sym[o]);
        raw.org_cap.push(instance.capacities[o]);
        for (j, &c) in prefs.iter().enumerate() {
            raw.org_pref.push(sym(&cand_sym, c, &|| format!("organisations[{o}].prefs[{j}]"))?);
        }
        raw.org_pref_off.push(len_u32(raw.org_pref.len())?);
    }
    for (k, (members, pairs)) in instance.couples.iter().enumerate() {
        let at = || format!("couples[{k}].members");
        raw.couple_members.push([sym(&cand_sym, members[0], &at)?, sym(&cand_sym, members[1], &at)?]);
        for (q, [x, y]) in pairs.iter().enumerate() {
            let at = || format!("couples[{k}].prefs[{q}]");
            raw.couple_pairs.push([sym(&org_sym, *x, &at)?, sym(&org_sym, *y, &at)?]);
        }
        raw.couple_pair_off.push(len_u32(raw.couple_pairs.len())?);
    }
    Ok(raw)
}

fn len_u32(n: usize) -> Result<u32, String> {
    u32::try_from(n).map_err(|_| "instance too large: more than 4 billion list entries".to_string())
}

#[derive(Debug, Clone, Copy)]
enum Seg {
    Key(&'static str),
    Index(usize),
}

/// Formats a path such as `candidates[17].prefs[3]`.
fn path_string(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    s
}

struct Builder {
    raw: Raw,
    path: Vec<Seg>,
}

/// Parses JSON bytes into the raw form, streaming. The error names the path and the reason, and
/// for anything found by the JSON reader also the line and column.
pub(crate) fn from_json(input: &[u8]) -> Result<Raw, String> {
    let mut b = Builder { raw: Raw::default(), path: Vec::with_capacity(8) };
    let mut de = serde_json::Deserializer::from_slice(input);
    let result = TopSeed(&mut b).deserialize(&mut de).and_then(|()| de.end());
    match result {
        Ok(()) => Ok(b.raw),
        Err(e) => {
            let path = path_string(&b.path);
            let what = if e.is_syntax() || e.is_eof() { "malformed JSON: " } else { "" };
            if path.is_empty() { Err(format!("{what}{e}")) } else { Err(format!("{path}: {what}{e}")) }
        }
    }
}

/// Deserialises an object key into the index of one of `names`, or fails naming the allowed keys.
struct FieldSeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(FieldVisitor(self.0))
    }
}

struct FieldVisitor(&'static [&'static str]);

impl Visitor<'_> for FieldVisitor {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "one of the fields {:?}", self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.0.iter().position(|n| *n == v).ok_or_else(|| E::unknown_field(v, self.0))
    }
}

/// Runs `body` for the value of a map entry with `key` pushed onto the path; the path is popped
/// only on success, so that an error leaves it pointing at the failure.
fn with_key<'de, A: MapAccess<'de>, T>(
    b: &mut Builder,
    key: &'static str,
    seen: &mut bool,
    body: impl FnOnce(&mut Builder) -> Result<T, A::Error>,
) -> Result<T, A::Error> {
    if *seen {
        return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
    }
    *seen = true;
    b.path.push(Seg::Key(key));
    let value = body(b)?;
    b.path.pop();
    Ok(value)
}

struct TopSeed<'a>(&'a mut Builder);

const TOP_FIELDS: &[&str] = &["format", "candidates", "organisations", "couples"];

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a placement instance object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let b = self.0;
        let mut seen = [false; 4];
        while let Some(field) = map.next_key_seed(FieldSeed(TOP_FIELDS))? {
            let [format, candidates, organisations, couples] = &mut seen;
            match field {
                0 => with_key::<A, _>(b, "format", format, |b| {
                    b.raw.format = Some(map.next_value::<String>()?);
                    Ok(())
                })?,
                1 => with_key::<A, _>(b, "candidates", candidates, |b| {
                    map.next_value_seed(ListSeed(b, ListKind::Candidates))
                })?,
                2 => with_key::<A, _>(b, "organisations", organisations, |b| {
                    map.next_value_seed(ListSeed(b, ListKind::Organisations))
                })?,
                _ => with_key::<A, _>(b, "couples", couples, |b| map.next_value_seed(ListSeed(b, ListKind::Couples)))?,
            }
        }
        for (present, name) in seen.iter().zip(TOP_FIELDS).take(3) {
            if !present {
                return Err(de::Error::custom(format_args!("missing field `{name}`")));
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum ListKind {
    Candidates,
    Organisations,
    Couples,
}

/// A top-level array; each element is read by its own visitor with `[i]` on the path.
struct ListSeed<'a>(&'a mut Builder, ListKind);

impl<'de> DeserializeSeed<'de> for ListSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self.1 {
            ListKind::Candidates => "an array of candidates",
            ListKind::Organisations => "an array of organisations",
            ListKind::Couples => "an array of couples",
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let b = self.0;
        let kind = self.1;
        for i in 0.. {
            b.path.push(Seg::Index(i));
            let got = seq.next_element_seed(EntrySeed(b, kind))?;
            b.path.pop();
            if got.is_none() {
                break;
            }
        }
        Ok(())
    }
}

struct EntrySeed<'a>(&'a mut Builder, ListKind);

const CANDIDATE_FIELDS: &[&str] = &["id", "prefs"];
const ORGANISATION_FIELDS: &[&str] = &["id", "capacity", "prefs"];
const COUPLE_FIELDS: &[&str] = &["members", "prefs"];

impl<'de> DeserializeSeed<'de> for EntrySeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EntrySeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self.1 {
            ListKind::Candidates => "a candidate object",
            ListKind::Organisations => "an organisation object",
            ListKind::Couples => "a couple object",
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let b = self.0;
        match self.1 {
            ListKind::Candidates => {
                let mut seen = [false; 2];
                let mut id = None;
                while let Some(field) = map.next_key_seed(FieldSeed(CANDIDATE_FIELDS))? {
                    let [seen_id, seen_prefs] = &mut seen;
                    if field == 0 {
                        id = Some(with_key::<A, _>(b, "id", seen_id, |b| {
                            map.next_value_seed(NameSeed(b, Table::Candidates))
                        })?);
                    } else {
                        with_key::<A, _>(b, "prefs", seen_prefs, |b| {
                            map.next_value_seed(NamesSeed(b, Out::CandidatePrefs))
                        })?;
                    }
                }
                let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
                if !seen[1] {
                    return Err(de::Error::missing_field("prefs"));
                }
                let raw = &mut b.raw;
                raw.cand_id.push(id);
                raw.cand_pref_off.push(len_u32(raw.cand_pref.len()).map_err(de::Error::custom)?);
            }
            ListKind::Organisations => {
                let mut seen = [false; 3];
                let mut id = None;
                let mut capacity = None;
                while let Some(field) = map.next_key_seed(FieldSeed(ORGANISATION_FIELDS))? {
                    let [seen_id, seen_cap, seen_prefs] = &mut seen;
                    match field {
                        0 => {
                            id = Some(with_key::<A, _>(b, "id", seen_id, |b| {
                                map.next_value_seed(NameSeed(b, Table::Organisations))
                            })?);
                        }
                        1 => {
                            capacity = Some(with_key::<A, _>(b, "capacity", seen_cap, |_| map.next_value::<i64>())?);
                        }
                        _ => {
                            with_key::<A, _>(b, "prefs", seen_prefs, |b| {
                                map.next_value_seed(NamesSeed(b, Out::OrganisationPrefs))
                            })?;
                        }
                    }
                }
                let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
                let capacity = capacity.ok_or_else(|| de::Error::missing_field("capacity"))?;
                if !seen[2] {
                    return Err(de::Error::missing_field("prefs"));
                }
                let raw = &mut b.raw;
                raw.org_id.push(id);
                raw.org_cap.push(capacity);
                raw.org_pref_off.push(len_u32(raw.org_pref.len()).map_err(de::Error::custom)?);
            }
            ListKind::Couples => {
                let mut seen = [false; 2];
                let mut members = None;
                while let Some(field) = map.next_key_seed(FieldSeed(COUPLE_FIELDS))? {
                    let [seen_members, seen_prefs] = &mut seen;
                    if field == 0 {
                        members = Some(with_key::<A, _>(b, "members", seen_members, |b| {
                            let names = map.next_value_seed(NamesSeed(b, Out::Members))?;
                            match names.as_slice() {
                                [x, y] => Ok([*x, *y]),
                                _ => Err(de::Error::custom(members_message(names.len()))),
                            }
                        })?);
                    } else {
                        with_key::<A, _>(b, "prefs", seen_prefs, |b| map.next_value_seed(PairsSeed(b)))?;
                    }
                }
                let members = members.ok_or_else(|| de::Error::missing_field("members"))?;
                if !seen[1] {
                    return Err(de::Error::missing_field("prefs"));
                }
                let raw = &mut b.raw;
                raw.couple_members.push(members);
                raw.couple_pair_off.push(len_u32(raw.couple_pairs.len()).map_err(de::Error::custom)?);
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Table {
    Candidates,
    Organisations,
}

/// One id string, interned on sight.
struct NameSeed<'a>(&'a mut Builder, Table);

impl<'de> DeserializeSeed<'de> for NameSeed<'_> {
    type Value = u32;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u32, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for NameSeed<'_> {
    type Value = u32;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self.1 {
            Table::Candidates => "a candidate id (string)",
            Table::Organisations => "an organisation id (string)",
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<u32, E> {
        Ok(match self.1 {
            Table::Candidates => self.0.raw.cand_names.intern(v),
            Table::Organisations => self.0.raw.org_names.intern(v),
        })
    }
}

#[derive(Clone, Copy)]
enum Out {
    CandidatePrefs,
    OrganisationPrefs,
    /// Collected and returned: a couple's members.
    Members,
    /// Collected and returned: one pair of organisations.
    Pair,
}

/// A list of ids: a candidate's organisations, an organisation's candidates, a couple's members
/// or one pair of organisations.
struct NamesSeed<'a>(&'a mut Builder, Out);

impl<'de> DeserializeSeed<'de> for NamesSeed<'_> {
    type Value = Vec<u32>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<u32>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for NamesSeed<'_> {
    type Value = Vec<u32>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self.1 {
            Out::CandidatePrefs => "an array of organisation ids",
            Out::OrganisationPrefs => "an array of candidate ids",
            Out::Members => "an array of two candidate ids",
            Out::Pair => "an array of two organisation ids",
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u32>, A::Error> {
        let b = self.0;
        let out = self.1;
        let table = match out {
            Out::CandidatePrefs => Table::Organisations,
            Out::OrganisationPrefs => Table::Candidates,
            Out::Members => Table::Candidates,
            Out::Pair => Table::Organisations,
        };
        let mut collected = Vec::new();
        for i in 0.. {
            b.path.push(Seg::Index(i));
            let Some(sym) = seq.next_element_seed(NameSeed(b, table))? else {
                b.path.pop();
                break;
            };
            b.path.pop();
            match out {
                Out::CandidatePrefs => b.raw.cand_pref.push(sym),
                Out::OrganisationPrefs => b.raw.org_pref.push(sym),
                Out::Members | Out::Pair => collected.push(sym),
            }
        }
        Ok(collected)
    }
}

/// A couple's ranked pairs.
struct PairsSeed<'a>(&'a mut Builder);

impl<'de> DeserializeSeed<'de> for PairsSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PairsSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of pairs of organisation ids")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let b = self.0;
        for i in 0.. {
            b.path.push(Seg::Index(i));
            let Some(pair) = seq.next_element_seed(NamesSeed(b, Out::Pair))? else {
                b.path.pop();
                break;
            };
            let [x, y] = pair.as_slice() else {
                return Err(de::Error::custom(pair_message(pair.len())));
            };
            b.raw.couple_pairs.push([*x, *y]);
            b.path.pop();
        }
        Ok(())
    }
}
