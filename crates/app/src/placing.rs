//! Placement (issue 5): contracting organisations request participants and their prefecture (or
//! designated city) forwards the requests; CLAIR sees the national picture against the plan, sets
//! the weights, checks the year's data and starts runs of the placement engine as background
//! jobs; each run is kept with its inputs, weights and results, explained per candidate, compared
//! with another, adjusted by hand (with the cost of each move shown and audited) and, once a
//! committee approves it, locked: candidates are notified in their language and COs see who comes.
//!
//! The rules that turn applications and requests into rankings are in `domain::placing`; the
//! engine is the `placement` crate. This module loads, derives, solves and stores.

use crate::App;
use crate::access::{Applicant, Placing, Requesting, Statistics};
use crate::actor::Actor;
use crate::bulk::{Cell, Sheet};
use crate::error::{AppError, AppResult};
use crate::i18n::{Arg, Translator};
use crate::mail::{self, Recipient};
use crate::selection::form_str;
use domain::lifecycle::Lifecycle;
use domain::placing::RunStatus;
use domain::placing::{
    self as rules, Area, CandidateFacts, Derived, RequestFacts, RequestInput, RequestSpec, RequestStatus, Summary,
    Unmet, Weights,
};
use domain::{ApplicationId, OrganisationId, PlacementRequestId, PlacementRunId};
use domain::{ApplicationStatus, Email, FieldError, Language, Permission, Position, Region};
use placement::check::Blocking;
use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;
use store::Tx;
use store::audit::{AuditEntry, Outcome as AuditOutcome};
use store::jobs;
use store::placing::{self as db, AssignmentRow, PlacementRow, RequestFields, RequestRow, RunRow};
use store::reference::PrefectureRow;

/// The states of an application that wait for placement or hold a place in the plan.
const PLACEABLE: [&str; 1] = ["cleared"];
const NOT_YET_CLEARED: [&str; 2] = ["short-listed", "accepted"];
/// Steps of a run, for its job's progress.
const RUN_STEPS: i64 = 4;

fn entry(
    actor: &Actor,
    action: &'static str,
    entity: &'static str,
    id: i64,
    unit: String,
    before: Json,
    after: Json,
) -> AuditEntry {
    AuditEntry {
        actor: Some(actor.user_id),
        action,
        entity,
        entity_id: id.to_string(),
        unit_key: unit,
        outcome: AuditOutcome::Done,
        before: Some(before),
        after: Some(after),
    }
}

/// A request as the pages and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct RequestView {
    #[serde(flatten)]
    pub row: RequestRow,
    /// Seats to fill by placement: places less continuations.
    pub seats: i64,
    pub may_edit: bool,
    pub may_forward: bool,
    pub may_ask_change: bool,
}

/// Requested against the plan, by position.
#[derive(Debug, Clone, Serialize)]
pub struct PositionPicture {
    pub position: String,
    pub planned: i64,
    pub requested: i64,
    pub continuing: i64,
    pub forwarded: i64,
    pub waiting: i64,
    pub candidates: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrefecturePicture {
    pub code: i64,
    pub name_en: String,
    pub name_ja: String,
    pub requests: i64,
    pub alt: i64,
    pub cir: i64,
    pub sea: i64,
    pub continuing: i64,
    pub forwarded: i64,
}

/// CLAIR's national picture of a year's requests.
#[derive(Debug, Clone, Serialize)]
pub struct Picture {
    pub year: i64,
    pub positions: Vec<PositionPicture>,
    pub prefectures: Vec<PrefecturePicture>,
}

/// Something the year's data lacks before a run: `blocking` ones stop it.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub key: &'static str,
    pub blocking: bool,
    pub count: i64,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Precheck {
    pub year: i64,
    pub candidates: i64,
    pub seats: i64,
    pub findings: Vec<Finding>,
}

impl Precheck {
    pub fn blocked(&self) -> bool {
        self.findings.iter().any(|f| f.blocking)
    }
}

/// What a run keeps as its inputs, so its explanations and move costs stay true to what it saw.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunInputs {
    pub weights: Weights,
    pub candidates: Vec<CandidateFacts>,
    pub requests: Vec<RequestFacts>,
    pub derived: Derived,
    /// How long each step took, in milliseconds: load, derive, solve, store (filled as it goes).
    #[serde(default)]
    pub timings_ms: BTreeMap<String, u64>,
}

/// A candidate in a run's results.
#[derive(Debug, Clone, Serialize)]
pub struct RunCandidate {
    pub application_id: i64,
    pub reference: String,
    pub name: String,
    pub nationality: String,
    pub position: String,
    pub request_id: Option<i64>,
    pub organisation: Option<String>,
    pub prefecture: Option<i64>,
    pub rank: Option<i64>,
    pub moved: bool,
    pub move_reason: Option<String>,
}

/// A request a run leaves with free seats.
#[derive(Debug, Clone, Serialize)]
pub struct Unfilled {
    pub request_id: i64,
    pub organisation: String,
    pub prefecture: i64,
    pub position: String,
    pub seats: u32,
    pub filled: u32,
}

/// A prefecture on the map: seats and how many the run fills.
#[derive(Debug, Clone, Serialize)]
pub struct MapPrefecture {
    pub code: i64,
    pub name_en: String,
    pub name_ja: String,
    pub lat: f64,
    pub lng: f64,
    pub seats: u64,
    pub filled: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunView {
    pub run: RunRow,
    pub summary: Option<Summary>,
    pub timings_ms: BTreeMap<String, u64>,
    pub job_percent: i64,
    pub candidates: Vec<RunCandidate>,
    pub unfilled: Vec<Unfilled>,
    pub map: Vec<MapPrefecture>,
    pub split_couples: usize,
}

/// One line of a candidate's explanation.
#[derive(Debug, Clone, Serialize)]
pub struct ExplainedRequest {
    pub request_id: i64,
    pub organisation: String,
    pub prefecture: i64,
    pub tier: Option<String>,
    /// 1-based place in the candidate's list, when listed.
    pub rank: Option<usize>,
    pub unmet: Vec<Unmet>,
    /// Why the engine did not place the candidate there (listed above the placement).
    pub engine: Option<String>,
    /// Where the engine placed the candidate, which a move by hand may since have changed.
    pub engine_placed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub run_id: i64,
    pub candidate: RunCandidate,
    pub stated_places: Vec<String>,
    pub area: Option<Area>,
    pub partner: Option<String>,
    pub couple_pairs: usize,
    pub split_couple: bool,
    /// The candidate's list in order, then the requests of their stated places they may not take.
    pub requests: Vec<ExplainedRequest>,
}

/// What a manual move costs.
#[derive(Debug, Clone, Serialize)]
pub struct MoveCost {
    pub application_id: i64,
    pub request_id: Option<i64>,
    pub rank: Option<i64>,
    pub unmet: Vec<Unmet>,
    pub not_listed: bool,
    pub over_capacity: bool,
    pub blocking_before: u64,
    pub blocking_after: u64,
    /// Blocking pairs the move creates (up to 20): candidate references and organisations.
    pub new_blocking: Vec<(Vec<String>, Vec<String>)>,
}

/// A participant coming to a CO, as the CO sees them.
#[derive(Debug, Clone, Serialize)]
pub struct Incoming {
    pub application_id: i64,
    pub reference: String,
    pub name: String,
    pub nationality: String,
    pub position: String,
    pub organisation: String,
    pub jlpt: String,
    pub driving_licence: bool,
    pub field_of_study: String,
    pub teaching: String,
    pub departure_group: String,
    pub statement: String,
    #[serde(with = "time::serde::rfc3339")]
    pub notified_at: time::OffsetDateTime,
}

/// An applicant's placement notice.
#[derive(Debug, Clone, Serialize)]
pub struct MyPlacement {
    pub placement: PlacementRow,
    pub request: RequestRow,
    /// The recruiting country's time zone, in which the applicant's pages give every time.
    pub time_zone: String,
    /// Who to write to at the contracting organisation: its supervisors, as `Name <address>`.
    pub contacts: Vec<String>,
}

/// The supervisors of an organisation as a placed candidate writes to them: `Name <address>`.
async fn organisation_contacts(tx: &mut Tx, organisation: i64) -> AppResult<Vec<String>> {
    Ok(supervisor_lines(&db::supervisors_of(tx, organisation).await?))
}

/// Whom a placed candidate writes to at their organisation: each supervisor as `name <address>`.
fn supervisor_lines(supervisors: &[(String, String, String)]) -> Vec<String> {
    supervisors.iter().map(|(name, email, _)| format!("{name} <{email}>")).collect()
}

fn spec_fields<'a>(spec: &'a RequestSpec, levels: &'a str, countries: &'a str) -> RequestFields<'a> {
    RequestFields {
        position: spec.position.as_str(),
        places: spec.places,
        continuing: spec.continuing,
        school_levels: levels,
        schools: spec.schools,
        department: spec.department.as_deref(),
        sport: spec.sport.as_deref(),
        nationality: spec.nationality.as_ref().map(|c| c.as_str()),
        min_jlpt: spec.min_jlpt.map(|j| j.as_str()),
        licence_required: spec.licence_required,
        housing: &spec.housing,
        sister_cities: &spec.sister_cities,
        sister_countries: countries,
        remarks: spec.remarks.as_deref(),
    }
}

/// A request's label: its organisation in the reader's language.
pub fn organisation_name(r: &RequestRow, language: Language) -> String {
    if language == Language::Ja { r.organisation_ja.clone() } else { r.organisation_en.clone() }
}

/// Where a request's organisation is, as the reader writes a place: 兵庫県姫路市 in Japanese,
/// "Himeji City, Hyogo" otherwise; a prefecture-wide body by its own name alone.
/// The organisation's contacts in a sentence, or that the organisation will write first.
pub fn contact_line(t: &Translator, contacts: &[String]) -> String {
    if contacts.is_empty() { t.t("placement-contact-none") } else { contacts.join(", ") }
}

pub fn request_place(r: &RequestRow, prefectures: &[PrefectureRow], language: Language) -> String {
    let prefecture = prefectures.iter().find(|p| p.code == r.prefecture_code);
    match (language, prefecture) {
        _ if r.municipality_kind == "prefecture" => {
            if language == Language::Ja {
                r.municipality_ja.clone()
            } else {
                r.municipality_en.clone()
            }
        }
        (Language::Ja, Some(p)) => format!("{}{}", p.name_ja, r.municipality_ja),
        (_, Some(p)) => format!("{}, {}", r.municipality_en, p.name_en),
        (Language::Ja, None) => r.municipality_ja.clone(),
        (_, None) => r.municipality_en.clone(),
    }
}

fn request_json(r: &RequestRow) -> Json {
    serde_json::to_value(r).unwrap_or(Json::Null)
}

/// A run's mode as a form or a request names it.
pub fn parse_mode(raw: &str) -> Result<placement::cli::Mode, FieldError> {
    raw.trim().parse().map_err(|_| FieldError::new("mode", "error-mode-invalid"))
}

/// What someone must say with an action (a reason, a note): trimmed, not empty, at most `limit`
/// characters.
fn said_text<'a>(field: &str, text: &'a str, limit: u64) -> AppResult<&'a str> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::field(field, "error-required"));
    }
    if text.chars().count() as u64 > limit {
        return Err(AppError::Invalid(vec![FieldError::with_limit(field, "error-too-long", limit)]));
    }
    Ok(text)
}

fn seats_of(r: &RequestRow) -> i64 {
    (r.places).max(0)
}

/// The engine's run, outside any caller's request (a background job that [`Placing::start_run`]
/// starts).
impl App {
    /// Load, derive, solve, store. Only the last step writes the run's results, in one
    /// transaction: a failure anywhere leaves everything as it was (the run is marked failed).
    async fn execute_run(
        &self,
        id: i64,
        job: i64,
        year: i64,
        mode: placement::cli::Mode,
        weights: Weights,
    ) -> AppResult<()> {
        let mut timings = BTreeMap::new();
        let start = Instant::now();
        let (candidates, requests) = {
            let mut tx = self.store.read().await?;
            load_facts(&mut tx, year).await?
        };
        timings.insert("load".to_owned(), start.elapsed().as_millis() as u64);
        self.run_progress(job, 1).await?;
        let start = Instant::now();
        let (derived, instance) = tokio::task::spawn_blocking({
            let (candidates, requests) = (candidates.clone(), requests.clone());
            move || {
                let derived = rules::derive(&candidates, &requests, &weights);
                let instance = instance_of(&candidates, &requests, &derived);
                (derived, instance)
            }
        })
        .await
        .map_err(|e| AppError::Internal(format!("derive: {e}")))?;
        timings.insert("derive".to_owned(), start.elapsed().as_millis() as u64);
        self.run_progress(job, 2).await?;
        let start = Instant::now();
        let result = tokio::task::spawn_blocking(move || {
            let options = placement::cli::PlaceOptions { explain: true, ..placement::cli::PlaceOptions::new(mode) };
            placement::cli::place_instance(&instance, &options)
        })
        .await
        .map_err(|e| AppError::Internal(format!("solve: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
        timings.insert("solve".to_owned(), start.elapsed().as_millis() as u64);
        self.run_progress(job, 3).await?;
        let start = Instant::now();
        let by_candidate: HashMap<&str, &str> =
            result.assignments.iter().map(|a| (a.candidate.as_str(), a.organisation.as_str())).collect();
        let request_at: HashMap<i64, u32> = requests.iter().enumerate().map(|(i, r)| (r.id, i as u32)).collect();
        let mut rows = Vec::with_capacity(candidates.len());
        let mut outcomes = Vec::with_capacity(candidates.len());
        for (ci, c) in candidates.iter().enumerate() {
            let key = format!("a{}", c.application_id);
            let request =
                by_candidate.get(key.as_str()).and_then(|o| o.strip_prefix('r')).and_then(|r| r.parse::<i64>().ok());
            let outcome = outcome_at(&derived, ci, request.and_then(|r| request_at.get(&r).copied()));
            rows.push((c.application_id, request, outcome.rank.map(i64::from)));
            outcomes.push(outcome);
        }
        let summary = rules::summarise(&candidates, &requests, &outcomes, &weights, 0);
        let mut inputs = RunInputs { weights, candidates, requests, derived, timings_ms: timings };
        let result_json = serde_json::to_string(&result).map_err(|e| AppError::Internal(e.to_string()))?;
        let mut tx = self.store.write().await?;
        db::insert_assignments(&mut tx, id, &rows).await?;
        inputs.timings_ms.insert("store".to_owned(), start.elapsed().as_millis() as u64);
        let inputs_json = serde_json::to_string(&inputs).map_err(|e| AppError::Internal(e.to_string()))?;
        let summary_json = serde_json::to_string(&summary).map_err(|e| AppError::Internal(e.to_string()))?;
        if !db::finish_run(&mut tx, id, &inputs_json, &result_json, &summary_json, self.now()).await? {
            // Failed as abandoned while it worked (no progress for too long): its end is not kept.
            return Err(AppError::Conflict(format!("placement run {id} was failed meanwhile")));
        }
        jobs::set_progress(&mut tx, job, RUN_STEPS, self.now()).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn run_progress(&self, job: i64, done: i64) -> AppResult<()> {
        let mut tx = self.store.write().await?;
        jobs::set_progress(&mut tx, job, done, self.now()).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn run_candidates(
        &self,
        tx: &mut Tx,
        candidates: &[CandidateFacts],
        requests: &HashMap<i64, RequestRow>,
        assignments: &[AssignmentRow],
    ) -> AppResult<Vec<RunCandidate>> {
        let ids: Vec<i64> = candidates.iter().map(|c| c.application_id).collect();
        let people = db::candidate_names(tx, &ids).await?;
        let by_app: HashMap<i64, &AssignmentRow> = assignments.iter().map(|a| (a.application_id, a)).collect();
        Ok(candidates
            .iter()
            .map(|c| {
                let a = by_app.get(&c.application_id);
                let request = a.and_then(|a| a.request_id);
                let r = request.and_then(|r| requests.get(&r));
                let (reference, name) = people.get(&c.application_id).cloned().unwrap_or_default();
                RunCandidate {
                    application_id: c.application_id,
                    reference,
                    name,
                    nationality: c.nationality.clone(),
                    position: c.position.as_str().to_owned(),
                    request_id: request,
                    organisation: r.map(|r| r.organisation_en.clone()),
                    prefecture: r.map(|r| r.prefecture_code),
                    rank: a.and_then(|a| a.rank),
                    moved: a.is_some_and(|a| a.moved_at.is_some()),
                    move_reason: a.and_then(|a| a.move_reason.clone()),
                }
            })
            .collect())
    }

    /// The placement notice to one candidate: the organisation with whom to write to, the place in
    /// full, what the post is and the housing, in the candidate's language.
    fn placement_notice(
        &self,
        reference: &str,
        to: Recipient<'_>,
        r: &RequestRow,
        prefectures: &[PrefectureRow],
        contacts: &[String],
    ) -> store::outbox::NewMail {
        let language = to.language;
        let t = Translator::new(language);
        let detail = match r.position.as_str() {
            "ALT" => r
                .school_levels
                .split(',')
                .filter(|l| !l.is_empty())
                .map(|l| t.key("school-level", l))
                .collect::<Vec<_>>()
                .join(", "),
            "CIR" => r.department.clone().unwrap_or_default(),
            _ => r.sport.clone().unwrap_or_default(),
        };
        let args = [
            ("reference", Arg::from(reference)),
            ("position", Arg::from(t.key("position", &r.position))),
            ("organisation", Arg::from(organisation_name(r, language))),
            ("place", Arg::from(request_place(r, prefectures, language))),
            ("detail", Arg::from(detail)),
            ("housing", Arg::from(t.key("housing", &r.housing))),
            ("contact", Arg::from(contact_line(&t, contacts))),
            ("link", Arg::from(format!("{}/my-application", self.config.base_url.trim_end_matches('/')))),
        ];
        let subject = t.t_args("mail-placement-notice-subject", &args);
        let body = t.t_args("mail-placement-notice-body", &args);
        mail::compose(self, to, "placement-notice", &subject, &body, None)
    }
}

/// Candidate `ci`'s outcome when held at request index `ri` (or nowhere): the request and its
/// rank on the candidate's list.
fn outcome_at(derived: &Derived, ci: usize, ri: Option<u32>) -> rules::Outcome {
    rules::Outcome { request: ri, rank: ri.and_then(|ri| rank_in(derived, ci, ri)) }
}

/// Where candidate `ci` ranks request `ri` in the run's derivation (1-based): their own list, or
/// their couple's best pair putting them there.
fn rank_in(derived: &Derived, ci: usize, ri: u32) -> Option<u32> {
    match derived.couples.iter().position(|k| k.members.contains(&(ci as u32))) {
        Some(k) => couple_rank(derived, k, ci, ri),
        None => derived.candidate_lists.get(ci)?.iter().position(|&r| r == ri).map(|i| i as u32 + 1),
    }
}

/// Where member `ci` of couple `k` ranks request `ri`: the first of the couple's pairs that puts
/// them there.
fn couple_rank(derived: &Derived, k: usize, ci: usize, ri: u32) -> Option<u32> {
    let k = &derived.couples[k];
    let member = usize::from(k.members[1] == ci as u32);
    k.pairs.iter().position(|p| p[member] == ri).map(|i| i as u32 + 1)
}

/// The engine's instance: candidates `a{application}`, organisations `r{request}`.
fn instance_of(candidates: &[CandidateFacts], requests: &[RequestFacts], d: &Derived) -> placement::Instance {
    let cid = |i: u32| format!("a{}", candidates[i as usize].application_id);
    let rid = |i: u32| format!("r{}", requests[i as usize].id);
    placement::Instance {
        format: placement::INSTANCE_FORMAT.to_owned(),
        candidates: (0..candidates.len() as u32)
            .map(|ci| placement::Candidate {
                id: cid(ci),
                prefs: d.candidate_lists[ci as usize].iter().map(|&r| rid(r)).collect(),
            })
            .collect(),
        organisations: (0..requests.len() as u32)
            .map(|ri| placement::Organisation {
                id: rid(ri),
                capacity: i64::from(requests[ri as usize].seats),
                prefs: d.request_lists[ri as usize].iter().map(|&c| cid(c)).collect(),
            })
            .collect(),
        couples: d
            .couples
            .iter()
            .map(|k| placement::Couple {
                members: vec![cid(k.members[0]), cid(k.members[1])],
                prefs: k.pairs.iter().map(|p| vec![rid(p[0]), rid(p[1])]).collect(),
            })
            .collect(),
    }
}

/// The engine's problem for a run's assignments, with those held where the derivation does not
/// allow taken out (see [`forced`]). It depends only on who is taken out and the seats they hold,
/// so most moves are checked against the problem of the assignments before them ([`same_basis`]).
#[derive(Debug)]
struct CheckBasis {
    /// Who is taken out of the check, by candidate index.
    forced: Vec<bool>,
    /// Each candidate's index in `problem` (`u32::MAX` for those taken out).
    renumbered: Vec<u32>,
    /// Each of `problem`'s candidates by its index in the run.
    original: Vec<u32>,
    problem: placement::Problem,
}

/// Where a run's candidates are held: each candidate's request id by the candidate's index in the
/// run. A request the run does not know is kept as it is (the check counts it as off the list).
type Held = Vec<Option<i64>>;

/// Whether candidate `ci` is held where the engine's rules do not allow (moved by hand off their
/// list, or a couple's member off the couple's pairs): such a candidate is taken out of the
/// blocking check with their seat, so what is counted is what the rules say about everyone
/// else. Only a candidate's own seat and their partner's decide it, so a move changes it for the
/// moved candidate and their partner alone.
fn forced(kept: &KeptRun, held: &Held, ci: usize) -> bool {
    let at = |ci: usize| kept.held_index(held, ci);
    let listed = match held[ci] {
        None => true,
        Some(_) => at(ci).is_some_and(|ri| kept.rank(ci, ri).is_some()),
    };
    if !listed {
        return true;
    }
    // A couple must sit on one of its pairs; otherwise both members are held by hand.
    match kept.couple_of[ci] {
        None => false,
        Some(k) => {
            let k = &kept.derived.couples[k as usize];
            let [a, b] = k.members.map(|m| m as usize);
            match (at(a), at(b)) {
                (None, None) => false,
                (Some(x), Some(y)) => !k.pairs.contains(&[x, y]),
                _ => true,
            }
        }
    }
}

impl CheckBasis {
    /// The engine's instance by index without the candidates in `forced` (their seats taken out).
    fn new(kept: &KeptRun, held: &Held, forced: Vec<bool>) -> AppResult<CheckBasis> {
        let (candidates, requests, d) = (&kept.candidates, &kept.requests, &kept.derived);
        let mut renumbered = vec![u32::MAX; candidates.len()];
        let mut original = Vec::with_capacity(candidates.len());
        let mut instance = placement::IndexedInstance::default();
        for (ci, c) in candidates.iter().enumerate().filter(|(ci, _)| !forced[*ci]) {
            renumbered[ci] = instance.candidate_ids.len() as u32;
            original.push(ci as u32);
            instance.candidate_ids.push(format!("a{}", c.application_id));
            instance.candidate_prefs.push(d.candidate_lists[ci].clone());
        }
        instance.organisation_ids = requests.iter().map(|r| format!("r{}", r.id)).collect();
        instance.capacities = requests.iter().map(|r| i64::from(r.seats)).collect();
        for ci in (0..candidates.len()).filter(|&ci| forced[ci]) {
            if let Some(ri) = kept.held_index(held, ci) {
                let seats = &mut instance.capacities[ri as usize];
                *seats = (*seats - 1).max(0);
            }
        }
        instance.organisation_prefs = d
            .request_lists
            .iter()
            .map(|list| list.iter().filter(|&&c| !forced[c as usize]).map(|&c| renumbered[c as usize]).collect())
            .collect();
        instance.couples = d
            .couples
            .iter()
            .filter(|k| k.members.iter().all(|&m| !forced[m as usize]))
            .map(|k| (k.members.map(|m| renumbered[m as usize]), k.pairs.clone()))
            .collect();
        let problem = placement::Problem::from_indexed(&instance).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(CheckBasis { forced, renumbered, original, problem })
    }

    /// The basis for `held`, built from nothing.
    fn of(kept: &KeptRun, held: &Held) -> AppResult<CheckBasis> {
        let forced = (0..kept.candidates.len()).map(|ci| forced(kept, held, ci)).collect();
        CheckBasis::new(kept, held, forced)
    }

    /// Blocking pairs of `held` (which must take out exactly this basis's candidates), by the
    /// candidates' and requests' indices in the run: sets of them are compared on every preview,
    /// and only the few shown are named ([`blocking_ids`]).
    fn blocking(&self, kept: &KeptRun, held: &Held) -> AppResult<HashSet<Blocking>> {
        let assignments = (0..kept.candidates.len())
            .filter(|&ci| !self.forced[ci])
            .filter_map(|ci| Some((self.renumbered[ci] as usize, kept.held_index(held, ci)? as usize)));
        let placement = placement::Placement::from_indices(&self.problem, assignments).map_err(AppError::Internal)?;
        let ci = |c: u32| self.original[c as usize];
        Ok(placement::check::blocking_indices(&self.problem, &placement)
            .into_iter()
            .map(|b| match b {
                Blocking::Single { candidate, organisation } => {
                    Blocking::Single { candidate: ci(candidate), organisation }
                }
                Blocking::Couple { members, organisations } => {
                    Blocking::Couple { members: members.map(ci), organisations }
                }
            })
            .collect())
    }
}

/// A blocking pair by ids, as the desk reads it: candidates `a{application}`, requests `r{request}`.
fn blocking_ids(kept: &KeptRun, b: &Blocking) -> (Vec<String>, Vec<String>) {
    let cid = |c: u32| format!("a{}", kept.candidates[c as usize].application_id);
    let rid = |r: u32| format!("r{}", kept.requests[r as usize].id);
    match *b {
        Blocking::Single { candidate, organisation } => (vec![cid(candidate)], vec![rid(organisation)]),
        Blocking::Couple { members, organisations } => (members.map(cid).into(), organisations.map(rid).into()),
    }
}

/// Whether the check of `held`, where candidate `ci` has just moved, may use `basis` made
/// before the move: the basis holds who is taken out and the seats those taken out hold, so the
/// move must leave everyone's taking out as it was (only `ci` and their partner can change) and
/// must not move a candidate taken out (their seat would come back and another go).
fn same_basis(kept: &KeptRun, basis: &CheckBasis, held: &Held, ci: usize) -> bool {
    !basis.forced[ci]
        && [Some(ci), kept.partner(ci)].into_iter().flatten().all(|x| forced(kept, held, x) == basis.forced[x])
}

/// A run's assignments at one version with their blocking pairs, kept between previews: every
/// change of a run's assignments bumps its version, so what was checked at a version stays true.
#[derive(Debug)]
struct Checked {
    version: i64,
    assignments: Vec<AssignmentRow>,
    held: Held,
    basis: std::sync::Arc<CheckBasis>,
    blocking: HashSet<Blocking>,
}

impl Checked {
    fn new(kept: &KeptRun, version: i64, assignments: Vec<AssignmentRow>) -> AppResult<Checked> {
        let mut held = vec![None; kept.candidates.len()];
        for a in &assignments {
            if let Some(&ci) = kept.candidate_at.get(&a.application_id) {
                held[ci] = a.request_id;
            }
        }
        let basis = CheckBasis::of(kept, &held)?;
        let blocking = basis.blocking(kept, &held)?;
        Ok(Checked { version, assignments, held, basis: std::sync::Arc::new(basis), blocking })
    }
}

/// The cost of moving one candidate, and the assignments after the move, checked. Only the moved
/// candidate and their partner can change who is taken out of the check (see [`forced`]); when
/// neither does, the check after the move reuses the problem of the one before. Blocking pairs are
/// compared by index, and only the few shown are named: a run far from stable (the welfare and
/// rank-maximal modes) has thousands.
fn cost_of(kept: &KeptRun, checked: &Checked, application: i64, request: Option<i64>) -> AppResult<(MoveCost, Moved)> {
    let ci = *kept.candidate_at.get(&application).ok_or_else(|| AppError::field("application", "error-not-in-run"))?;
    let ri = match request {
        None => None,
        Some(r) => Some(*kept.request_at.get(&r).ok_or_else(|| AppError::field("request", "error-not-in-run"))?),
    };
    let mut held = checked.held.clone();
    held[ci] = request;
    let same_basis = same_basis(kept, &checked.basis, &held, ci);
    let basis = if same_basis { checked.basis.clone() } else { std::sync::Arc::new(CheckBasis::of(kept, &held)?) };
    let after = basis.blocking(kept, &held)?;
    let c = &kept.candidates[ci];
    let (unmet, rank, over) = match ri {
        None => (vec![], None, false),
        Some(ri) => {
            let r = &kept.requests[ri as usize];
            let load = held.iter().filter(|x| **x == Some(r.id)).count() as u32;
            (rules::unmet(c, r), kept.rank(ci, ri), load > r.seats)
        }
    };
    let mut new_blocking: Vec<&Blocking> = after.iter().filter(|b| !checked.blocking.contains(*b)).collect();
    // In the check's own order (singles by candidate, then couples), whatever order the set holds.
    new_blocking.sort();
    let new_blocking = new_blocking.into_iter().take(20).map(|b| blocking_ids(kept, b)).collect();
    Ok((
        MoveCost {
            application_id: application,
            request_id: request,
            rank: rank.map(i64::from),
            unmet,
            not_listed: ri.is_some() && rank.is_none(),
            over_capacity: over,
            blocking_before: checked.blocking.len() as u64,
            blocking_after: after.len() as u64,
            new_blocking,
        },
        Moved { application, held, basis, blocking: after },
    ))
}

/// The run's figures after a move: only a move made needs them (the preview shows the move's own
/// cost), so they are not worked out for every preview.
fn summary_after(kept: &KeptRun, checked: &Checked, moved: &Moved) -> Summary {
    let outcomes: Vec<rules::Outcome> = (0..kept.candidates.len())
        .map(|i| {
            let ri = kept.held_index(&moved.held, i);
            rules::Outcome { request: ri, rank: ri.and_then(|ri| kept.rank(i, ri)) }
        })
        .collect();
    let others =
        checked.assignments.iter().filter(|a| a.moved_at.is_some() && a.application_id != moved.application).count();
    rules::summarise(&kept.candidates, &kept.requests, &outcomes, &kept.weights, others as u64 + 1)
}

/// The assignments after a previewed move, checked: what the run's next version holds if the
/// move is made.
#[derive(Debug)]
struct Moved {
    /// The application moved.
    application: i64,
    held: Held,
    basis: std::sync::Arc<CheckBasis>,
    blocking: HashSet<Blocking>,
}

impl Checked {
    /// The check of a run's next `version`, made by moving `moved` (the row as stored) in this one.
    fn after(&self, version: i64, moved: AssignmentRow, check: Moved) -> Checked {
        let mut assignments = self.assignments.clone();
        match assignments.binary_search_by_key(&moved.application_id, |a| a.application_id) {
            Ok(i) => assignments[i] = moved,
            Err(i) => assignments.insert(i, moved),
        }
        Checked { version, assignments, held: check.held, basis: check.basis, blocking: check.blocking }
    }
}

async fn weights_in(tx: &mut Tx, year: i64) -> AppResult<(Weights, i64)> {
    Ok(match db::weights(tx, year).await? {
        Some((json, version)) => (serde_json::from_str(&json).unwrap_or_default(), version),
        None => (Weights::default(), 0),
    })
}

/// A run's inputs (none before it has finished), read for each request. Keeping them parsed per
/// run was tried and measured: on a 6,330-candidate year it changed no page's time beyond the
/// noise (BENCHMARKS.md), so the simpler way stays.
async fn run_inputs(tx: &mut Tx, run: i64) -> AppResult<Option<RunInputs>> {
    match db::run_inputs_json(tx, run).await? {
        None => Ok(None),
        Some(json) => {
            serde_json::from_str(&json).map(Some).map_err(|e| AppError::Internal(format!("run {run} inputs: {e}")))
        }
    }
}

/// A finished run's inputs, parsed, with their numbering by id and, once looked at, its
/// assignments at the latest version checked. A run's inputs are written once, with its results,
/// and never change (moves change assignments, not inputs), so a parsed copy stays true.
#[derive(Debug)]
pub struct KeptRun {
    inputs: RunInputs,
    /// Each request's index among the run's requests, by id.
    request_at: HashMap<i64, u32>,
    /// Each candidate's index among the run's candidates, by application id.
    candidate_at: HashMap<i64, usize>,
    /// Each candidate's couple (index into the derivation's couples), if placed as one.
    couple_of: Vec<Option<u32>>,
    checked: std::sync::Mutex<Option<std::sync::Arc<Checked>>>,
}

impl std::ops::Deref for KeptRun {
    type Target = RunInputs;
    fn deref(&self) -> &RunInputs {
        &self.inputs
    }
}

impl KeptRun {
    fn new(inputs: RunInputs) -> KeptRun {
        let request_at = inputs.requests.iter().enumerate().map(|(i, r)| (r.id, i as u32)).collect();
        let candidate_at = inputs.candidates.iter().enumerate().map(|(i, c)| (c.application_id, i)).collect();
        let mut couple_of = vec![None; inputs.candidates.len()];
        for (k, couple) in inputs.derived.couples.iter().enumerate() {
            for &m in &couple.members {
                if let Some(slot) = couple_of.get_mut(m as usize) {
                    *slot = Some(k as u32);
                }
            }
        }
        KeptRun { inputs, request_at, candidate_at, couple_of, checked: std::sync::Mutex::default() }
    }

    /// Where candidate `ci` ranks request `ri` (see [`rank_in`]), without searching the couples.
    fn rank(&self, ci: usize, ri: u32) -> Option<u32> {
        match self.couple_of[ci] {
            Some(k) => couple_rank(&self.derived, k as usize, ci, ri),
            None => self.derived.candidate_lists.get(ci)?.iter().position(|&r| r == ri).map(|i| i as u32 + 1),
        }
    }

    /// The other member of candidate `ci`'s couple.
    fn partner(&self, ci: usize) -> Option<usize> {
        let k = &self.derived.couples[self.couple_of[ci]? as usize];
        k.members.iter().map(|&m| m as usize).find(|&m| m != ci)
    }

    /// The index of the request candidate `ci` is held at in `held` (none for a request the run
    /// does not know).
    fn held_index(&self, held: &Held, ci: usize) -> Option<u32> {
        self.request_at.get(&held[ci]?).copied()
    }

    fn checked_at(&self, version: i64) -> Option<std::sync::Arc<Checked>> {
        let kept = self.checked.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.as_ref().filter(|c| c.version == version).cloned()
    }

    fn keep_checked(&self, checked: std::sync::Arc<Checked>) {
        let mut kept = self.checked.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if kept.as_ref().is_none_or(|c| c.version < checked.version) {
            *kept = Some(checked);
        }
    }
}

/// The last few runs looked at, kept parsed (see [`KeptRun`]): parsing a run's inputs (megabytes
/// of JSON for a national run) and checking its assignments were most of a move's cost preview
/// and of an explanation. Each instance keeps its own; nothing is shared between instances, and
/// a kept check is only used at the version it was made for.
#[derive(Debug, Default)]
pub struct KeptInputs(std::sync::Mutex<Vec<(i64, std::sync::Arc<KeptRun>)>>);

impl KeptInputs {
    /// How many runs are kept: the desk compares two runs, and looks at one at a time.
    const RUNS: usize = 3;

    fn get(&self, run: i64) -> Option<std::sync::Arc<KeptRun>> {
        let kept = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.iter().find(|(r, _)| *r == run).map(|(_, inputs)| inputs.clone())
    }

    fn keep(&self, run: i64, inputs: std::sync::Arc<KeptRun>) {
        let mut kept = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.retain(|(r, _)| *r != run);
        kept.insert(0, (run, inputs));
        kept.truncate(Self::RUNS);
    }
}

impl App {
    /// A run's kept inputs, parsed once per instance (see [`KeptInputs`]); `None` while the run has
    /// stored none (running, or failed).
    async fn kept_inputs(&self, tx: &mut Tx, run: i64) -> AppResult<Option<std::sync::Arc<KeptRun>>> {
        if let Some(inputs) = self.kept_inputs.get(run) {
            return Ok(Some(inputs));
        }
        let Some(inputs) = run_inputs(tx, run).await? else { return Ok(None) };
        let inputs = std::sync::Arc::new(KeptRun::new(inputs));
        self.kept_inputs.keep(run, inputs.clone());
        Ok(Some(inputs))
    }

    /// The run's assignments at `version` (the version of the run row just read), checked once
    /// per version (see [`Checked`]).
    async fn checked(&self, tx: &mut Tx, kept: &KeptRun, run: &RunRow) -> AppResult<std::sync::Arc<Checked>> {
        if let Some(checked) = kept.checked_at(run.version) {
            return Ok(checked);
        }
        let assignments = db::assignments(tx, run.id).await?;
        let checked = std::sync::Arc::new(Checked::new(kept, run.version, assignments)?);
        // Under PostgreSQL's read committed a move may commit between reading the run's row and
        // its assignments; what was read is kept only if the version still holds after.
        if db::run(tx, run.id).await?.is_some_and(|r| r.version == run.version) {
            kept.keep_checked(checked.clone());
        }
        Ok(checked)
    }
}

async fn request_rows(tx: &mut Tx, inputs: &RunInputs) -> AppResult<HashMap<i64, RequestRow>> {
    let mut out = HashMap::new();
    // All of a run's requests belong to one year; read that year's once.
    if let Some(first) = inputs.requests.first()
        && let Some(row) = db::request(tx, first.id).await?
    {
        for r in db::requests(tx, row.year, None, &[]).await? {
            out.insert(r.id, r);
        }
    }
    Ok(out)
}

/// What the year's data lacks (see [`Precheck`]).
async fn precheck_in(tx: &mut Tx, year: i64) -> AppResult<Precheck> {
    let (candidates, requests) = load_facts(tx, year).await?;
    let all_requests = db::requests(tx, year, None, &[]).await?;
    let waiting = db::placing_candidates(tx, year, &NOT_YET_CLEARED).await?;
    let mut findings = Vec::new();
    let mut push = |key: &'static str, blocking: bool, count: i64, detail: String| {
        if count > 0 {
            findings.push(Finding { key, blocking, count, detail });
        }
    };
    push("precheck-no-candidates", true, i64::from(candidates.is_empty()), String::new());
    push("precheck-no-requests", true, i64::from(requests.is_empty()), String::new());
    for position in Position::ALL {
        let wanted = candidates.iter().filter(|c| c.position == position).count() as i64;
        let seats: i64 = requests.iter().filter(|r| r.position == position).map(|r| i64::from(r.seats)).sum();
        push("precheck-seats-short", true, (wanted - seats).max(0), position.as_str().to_owned());
    }
    let unforwarded = all_requests.iter().filter(|r| r.status != RequestStatus::Forwarded).count() as i64;
    push("precheck-requests-waiting", false, unforwarded, String::new());
    push("precheck-candidates-not-cleared", false, waiting.len() as i64, String::new());
    let no_places = candidates.iter().filter(|c| c.places.is_empty()).count() as i64;
    push("precheck-no-stated-places", false, no_places, String::new());
    let no_score = candidates.iter().filter(|c| c.score.is_none()).count() as i64;
    push("precheck-no-score", false, no_score, String::new());
    Ok(Precheck {
        year,
        candidates: candidates.len() as i64,
        seats: requests.iter().map(|r| i64::from(r.seats)).sum(),
        findings,
    })
}

/// The facts of a year's run: the cleared candidates not yet notified (with partners among
/// them) and the forwarded requests with the seats not yet taken by a notified placement.
pub async fn load_facts(tx: &mut Tx, year: i64) -> AppResult<(Vec<CandidateFacts>, Vec<RequestFacts>)> {
    let notified = db::placements(tx, year).await?;
    let placed: std::collections::HashSet<i64> = notified.iter().map(|p| p.application_id).collect();
    let mut taken: HashMap<i64, u32> = HashMap::new();
    for p in notified.iter().filter(|p| p.declined_at.is_none()) {
        *taken.entry(p.request_id).or_default() += 1;
    }
    let prefectures = store::reference::prefectures(tx).await?;
    let pref: HashMap<i64, &store::reference::PrefectureRow> = prefectures.iter().map(|p| (p.code, p)).collect();
    let region_of = |code: i64| pref.get(&code).and_then(|p| Region::parse(&p.region).ok()).unwrap_or(Region::Kanto);
    let municipalities = store::reference::municipalities(tx, None).await?;
    let muni: HashMap<&str, &store::reference::MunicipalityRow> =
        municipalities.iter().map(|m| (m.lg_code.as_str(), m)).collect();
    let requests: Vec<RequestFacts> = db::requests(tx, year, None, &["forwarded"])
        .await?
        .into_iter()
        .filter_map(|r| {
            let position = Position::parse(&r.position).ok()?;
            let seats = (seats_of(&r) - i64::from(taken.get(&r.id).copied().unwrap_or(0))).max(0) as u32;
            let p = pref.get(&r.prefecture_code);
            let mut names = vec![r.municipality_en.clone(), r.municipality_ja.clone()];
            if let Some(p) = p {
                names.push(p.name_en.clone());
                names.push(p.name_ja.clone());
            }
            Some(RequestFacts {
                id: r.id,
                organisation_id: r.organisation_id,
                position,
                seats,
                lg_code: r.lg_code.clone(),
                prefecture: r.prefecture_code as u8,
                region: region_of(r.prefecture_code),
                area: Area::of_municipality(&r.municipality_kind, r.designated_city),
                point: (r.lat, r.lng),
                names,
                min_jlpt: r.min_jlpt.as_deref().and_then(|j| domain::eligibility::Jlpt::parse(j).ok()),
                licence_required: r.licence_required,
                nationality: r.nationality.clone(),
                housing: r.housing.clone(),
                sister_countries: r.sister_countries.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
            })
        })
        .collect();
    let rows: Vec<db::PlacingCandidateRow> =
        db::placing_candidates(tx, year, &PLACEABLE).await?.into_iter().filter(|c| !placed.contains(&c.id)).collect();
    let means: HashMap<i64, f64> = db::interview_means(tx, year).await?.into_iter().collect();
    let index: HashMap<String, usize> = rows.iter().enumerate().map(|(i, r)| (r.reference.to_uppercase(), i)).collect();
    let mut facts = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let Ok(position) = Position::parse(&row.position) else { continue };
        let form: Json = serde_json::from_str(&row.form_json).unwrap_or(Json::Null);
        let get = |s: &str, k: &str| form.get(s).and_then(|x| x.get(k));
        let text = |s: &str, k: &str| get(s, k).and_then(Json::as_str).unwrap_or("").trim().to_owned();
        let places: Vec<String> = get("preferences", "places")
            .and_then(Json::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        let mut points = Vec::new();
        let mut regions = Vec::new();
        for place in &places {
            let (code, point) = match muni.get(place.as_str()) {
                Some(m) => (m.prefecture_code, (m.lat, m.lng)),
                None => {
                    let code = place.parse::<i64>().unwrap_or(0);
                    (code, pref.get(&code).map_or((35.68, 139.69), |p| (p.lat, p.lng)))
                }
            };
            points.push(point);
            regions.push(region_of(code));
        }
        let jlpt = [text("japanese", "jlpt"), text("japanese", "self_assessment")]
            .iter()
            .find_map(|j| domain::eligibility::Jlpt::parse(j).ok());
        let rules = row
            .selection_rules
            .as_deref()
            .and_then(|r| serde_json::from_str::<domain::selection::SelectionRules>(r).ok());
        let share = rules.map_or(100, |r| r.interview_share_percent);
        let score = means.get(&row.id).map(|m| domain::selection::final_score(*m, row.written_test_score, share));
        let partner_ref = text("partner", "partner_reference").to_uppercase();
        let partner = index.get(&partner_ref).copied().filter(|&p| {
            p != i && {
                let other: Json = serde_json::from_str(&rows[p].form_json).unwrap_or(Json::Null);
                other
                    .get("partner")
                    .and_then(|x| x.get("partner_reference"))
                    .and_then(Json::as_str)
                    .is_some_and(|r| r.trim().eq_ignore_ascii_case(&row.reference))
            }
        });
        facts.push((
            i,
            CandidateFacts {
                application_id: row.id,
                position,
                places,
                points,
                regions,
                area: Area::parse(&text("preferences", "area")),
                ties: text("preferences", "ties"),
                jlpt,
                licence: get("licence", "driving_licence").and_then(Json::as_bool).unwrap_or(false),
                nationality: row.nationality.clone(),
                dependants: !text("dependants", "details").is_empty(),
                medical: get("disclosures", "medical_conditions").and_then(Json::as_bool).unwrap_or(false),
                score,
                partner: partner.map(|p| p as u32),
            },
        ));
    }
    // Rows without a position were skipped: partners index the facts, not the rows.
    let row_to_fact: HashMap<usize, u32> = facts.iter().enumerate().map(|(fi, (ri, _))| (*ri, fi as u32)).collect();
    let candidates = facts
        .into_iter()
        .map(|(_, mut c)| {
            c.partner = c.partner.and_then(|p| row_to_fact.get(&(p as usize)).copied());
            c
        })
        .collect();
    Ok((candidates, requests))
}

impl Requesting<'_> {
    async fn move_request(
        &self,
        id: i64,
        version: i64,
        to: RequestStatus,
        note: Option<&str>,
        action: &'static str,
    ) -> AppResult<RequestView> {
        let actor = self.actor();
        let now = self.now();
        let mut tx = self.store.write().await?;
        let view = self.visible_request(&mut tx, id, action).await?;
        let allowed = match to {
            RequestStatus::Forwarded => view.may_forward,
            RequestStatus::ChangeRequested => view.may_ask_change,
            _ => false,
        };
        if !allowed {
            let from = view.row.status;
            if !from.can_move_to(to) {
                return Err(AppError::Invalid(vec![FieldError::with_detail(
                    "status",
                    "error-request-step",
                    view.row.status.as_str(),
                )]));
            }
            return Err(self.audit_denied(Some(actor), action, "placement-request", id.to_string()).await);
        }
        if !db::set_request_status(&mut tx, id, version, to.as_str(), note, actor.user_id.0, now).await? {
            return Err(AppError::Conflict(format!("placement request {id} changed")));
        }
        let row = db::request(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        self.audit_done(
            &mut tx,
            entry(
                actor,
                action,
                "placement-request",
                id,
                format!("organisation:{}", row.organisation_id),
                json!({"status": view.row.status, "version": version}),
                json!({"status": to.as_str(), "note": note}),
            ),
        )
        .await?;
        if to == RequestStatus::ChangeRequested {
            for (name, email, language) in db::supervisors_of(&mut tx, row.organisation_id).await? {
                let Ok(email) = Email::parse(&email) else { continue };
                let language = Language::from_tag(&language).unwrap_or_default();
                let t = Translator::new(language);
                let args = [
                    ("organisation", Arg::from(organisation_name(&row, language))),
                    ("position", Arg::from(t.key("position", &row.position))),
                    ("note", Arg::from(note.unwrap_or(""))),
                    (
                        "link",
                        Arg::from(format!("{}/placement/requests/{id}", self.config.base_url.trim_end_matches('/'))),
                    ),
                ];
                let subject = t.t_args("mail-request-change-subject", &args);
                let body = t.t_args("mail-request-change-body", &args);
                mail::enqueue(
                    self,
                    &mut tx,
                    Recipient { name: &name, email: &email, language },
                    "request-change",
                    &subject,
                    &body,
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(self.request_view(row))
    }

    fn request_view(&self, row: RequestRow) -> RequestView {
        let (actor, remit) = (self.actor(), self.remit());
        let status = row.status;
        let may_edit = status != RequestStatus::Forwarded
            && actor.may(Permission::RequestParticipants)
            && remit.writes(row.organisation_id, row.prefecture_code, &row.lg_code);
        let may_forward = status == RequestStatus::Submitted && remit.forwards(&row);
        let may_ask_change = (status == RequestStatus::Submitted && remit.forwards(&row))
            || (remit.national
                && actor.may(Permission::PlaceCandidates)
                && status.can_move_to(RequestStatus::ChangeRequested));
        RequestView { seats: seats_of(&row), row, may_edit, may_forward, may_ask_change }
    }

    /// The year's requests the caller may see, with what they may do to each.
    pub async fn requests(&self, year: i64, status: Option<&str>) -> AppResult<Vec<RequestView>> {
        let mut tx = self.store.read().await?;
        let statuses: Vec<&str> = status.into_iter().collect();
        let rows = db::requests(&mut tx, year, self.remit().scope().as_ref(), &statuses).await?;
        Ok(rows.into_iter().map(|r| self.request_view(r)).collect())
    }

    pub async fn request(&self, id: PlacementRequestId) -> AppResult<RequestView> {
        let mut tx = self.store.read().await?;
        self.visible_request(&mut tx, id.0, "placement-request.read").await
    }

    /// A request in the caller's remit, or a refusal (audited), in the use case's transaction.
    async fn visible_request(&self, tx: &mut Tx, id: i64, action: &'static str) -> AppResult<RequestView> {
        let (actor, remit) = (self.actor(), self.remit());
        let row = db::request(tx, id).await?.ok_or(AppError::NotFound)?;
        let visible = remit.national
            || remit.own.contains(&row.organisation_id)
            || remit.forwards(&row)
            || remit.read_prefectures.contains(&row.prefecture_code)
            || remit.forward_prefectures.contains(&row.prefecture_code);
        if !visible {
            return Err(self.audit_denied(Some(actor), action, "placement-request", id.to_string()).await);
        }
        Ok(self.request_view(row))
    }

    /// The organisations the caller may write requests for (their own, or in their remit).
    pub async fn requesting_organisations(&self) -> AppResult<Vec<db::OrganisationUnitRow>> {
        let remit = self.remit();
        let mut tx = self.store.read().await?;
        let mut ids = remit.own.clone();
        ids.extend(&remit.city_organisations);
        let mut units = db::organisation_units(&mut tx, &ids).await?;
        units.extend(db::organisations_of_prefectures(&mut tx, &remit.forward_prefectures).await?);
        units.sort_by_key(|u| u.id);
        units.dedup_by_key(|u| u.id);
        Ok(units.into_iter().filter(|u| remit.writes(u.id, u.prefecture_code, &u.lg_code)).collect())
    }

    /// Creates or rewrites a request (`version` names the one edited; `None` creates). `submit`
    /// sends it to the prefecture (or designated city) for review; otherwise it stays a draft.
    pub async fn save_request(
        &self,
        year: i64,
        organisation: OrganisationId,
        input: &RequestInput,
        submit: bool,
        edit: Option<(PlacementRequestId, i64)>,
    ) -> AppResult<RequestView> {
        let actor = self.actor();
        let mut tx = self.store.write().await?;
        // Who may write comes first: a caller outside the remit learns nothing from the checks
        // of the request's fields.
        let unit = db::organisation_units(&mut tx, &[organisation.0]).await?.into_iter().next();
        let allowed = actor.may(Permission::RequestParticipants)
            && unit.as_ref().is_some_and(|u| self.remit().writes(u.id, u.prefecture_code, &u.lg_code));
        if !allowed {
            return Err(self
                .audit_denied(Some(actor), "placement-request.save", "organisation", organisation.to_string())
                .await);
        }
        if !(2000..=2100).contains(&year) {
            return Err(AppError::field("year", "error-year-invalid"));
        }
        let spec = input.check().map_err(AppError::Invalid)?;
        let organisation = organisation.0;
        let levels = spec.school_levels.join(",");
        let countries: Vec<&str> = spec.sister_countries.iter().map(|c| c.as_str()).collect();
        let countries = countries.join(",");
        let fields = spec_fields(&spec, &levels, &countries);
        let status = if submit { RequestStatus::Submitted } else { RequestStatus::Draft };
        let now = self.now();
        let (id, before) = match edit {
            None => {
                let id = db::insert_request(&mut tx, year, organisation, &fields, status.as_str(), now)
                    .await?
                    .ok_or_else(|| {
                        AppError::Invalid(vec![FieldError::with_detail(
                            "position",
                            "error-request-exists",
                            spec.position.as_str(),
                        )])
                    })?;
                (id, Json::Null)
            }
            Some((id, version)) => {
                let id = id.0;
                let old = db::request(&mut tx, id).await?.ok_or(AppError::NotFound)?;
                if old.organisation_id != organisation || old.year != year {
                    return Err(AppError::NotFound);
                }
                let from = old.status;
                let to = if submit {
                    RequestStatus::Submitted
                } else if from == RequestStatus::Draft {
                    RequestStatus::Draft
                } else {
                    from
                };
                if from == RequestStatus::Forwarded {
                    return Err(AppError::Invalid(vec![FieldError::new("status", "error-request-forwarded")]));
                }
                if from == RequestStatus::Submitted && to == RequestStatus::Draft {
                    return Err(AppError::Invalid(vec![FieldError::new("status", "error-request-step")]));
                }
                if !db::update_request(&mut tx, id, version, &fields, to.as_str(), now).await? {
                    return Err(AppError::Conflict(format!("placement request {id} changed")));
                }
                (id, request_json(&old))
            }
        };
        let row = db::request(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        self.audit_done(
            &mut tx,
            entry(
                actor,
                "placement-request.save",
                "placement-request",
                id,
                format!("organisation:{organisation}"),
                before,
                request_json(&row),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(self.request_view(row))
    }

    /// Forwards a submitted request to CLAIR (its prefecture or designated city).
    pub async fn forward_request(&self, id: PlacementRequestId, version: i64) -> AppResult<RequestView> {
        self.move_request(id.0, version, RequestStatus::Forwarded, None, "placement-request.forward").await
    }

    /// Asks the CO to change its request, saying what and why.
    pub async fn ask_request_change(&self, id: PlacementRequestId, version: i64, note: &str) -> AppResult<RequestView> {
        let note = said_text("note", note, 2000)?;
        self.move_request(id.0, version, RequestStatus::ChangeRequested, Some(note), "placement-request.ask-change")
            .await
    }

    /// The participants coming to the caller's organisations (CO supervisors), prefecture
    /// (Prefectural Advisors, forwarders) or everywhere (CLAIR).
    pub async fn incoming(&self, year: i64) -> AppResult<Vec<Incoming>> {
        let actor = self.actor();
        let mut tx = self.store.read().await?;
        let requests: HashMap<i64, RequestRow> = db::requests(&mut tx, year, self.remit().scope().as_ref(), &[])
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        let placements = db::placements(&mut tx, year).await?;
        let mut out = Vec::new();
        for p in placements.iter().filter(|p| p.declined_at.is_none()) {
            let Some(r) = requests.get(&p.request_id) else { continue };
            let Some(a) = store::applying::application(&mut tx, p.application_id).await? else { continue };
            let person = store::programme::person_by_id(&mut tx, a.person_id).await?.ok_or(AppError::NotFound)?;
            let f = |s: &str, k: &str| form_str(&a.form_json, s, k);
            let licence = serde_json::from_str::<Json>(&a.form_json)
                .ok()
                .and_then(|j| j.get("licence").and_then(|l| l.get("driving_licence")).and_then(Json::as_bool))
                .unwrap_or(false);
            out.push(Incoming {
                application_id: a.id,
                reference: a.reference.clone(),
                name: format!("{} {}", person.given_name, person.family_name),
                nationality: person.nationality.clone(),
                position: a.position.clone(),
                organisation: organisation_name(r, actor.language),
                jlpt: f("japanese", "jlpt"),
                driving_licence: licence,
                field_of_study: f("education", "field_of_study"),
                teaching: f("teaching", "qualifications"),
                departure_group: f("logistics", "departure_group"),
                statement: f("statement", "statement_of_purpose"),
                notified_at: p.notified_at,
            });
        }
        Ok(out)
    }
}

impl Statistics<'_> {
    /// CLAIR's national picture: requested against the plan by position, and by prefecture.
    pub async fn national_picture(&self, year: i64) -> AppResult<Picture> {
        let mut tx = self.store.read().await?;
        let requests = db::requests(&mut tx, year, None, &[]).await?;
        let (alt, cir, sea) = db::planned_places(&mut tx, year).await?;
        let candidates = db::placing_candidates(&mut tx, year, &["short-listed", "accepted", "cleared"]).await?;
        let prefectures = store::reference::prefectures(&mut tx).await?;
        let positions = [(Position::Alt, alt), (Position::Cir, cir), (Position::Sea, sea)]
            .into_iter()
            .map(|(p, planned)| {
                let of: Vec<&RequestRow> = requests.iter().filter(|r| r.position == p.as_str()).collect();
                let sum = |f: &dyn Fn(&RequestRow) -> bool| of.iter().filter(|r| f(r)).map(|r| r.places).sum::<i64>();
                PositionPicture {
                    position: p.as_str().to_owned(),
                    planned,
                    requested: sum(&|_| true),
                    continuing: of.iter().map(|r| r.continuing).sum(),
                    forwarded: sum(&|r| r.status == RequestStatus::Forwarded),
                    waiting: sum(&|r| matches!(r.status, RequestStatus::Submitted | RequestStatus::ChangeRequested)),
                    candidates: candidates.iter().filter(|c| c.position == p.as_str()).count() as i64,
                }
            })
            .collect();
        let prefectures = prefectures
            .into_iter()
            .map(|p| {
                let of: Vec<&RequestRow> = requests.iter().filter(|r| r.prefecture_code == p.code).collect();
                let places = |pos: Position| of.iter().filter(|r| r.position == pos.as_str()).map(|r| r.places).sum();
                PrefecturePicture {
                    code: p.code,
                    name_en: p.name_en,
                    name_ja: p.name_ja,
                    requests: of.len() as i64,
                    alt: places(Position::Alt),
                    cir: places(Position::Cir),
                    sea: places(Position::Sea),
                    continuing: of.iter().map(|r| r.continuing).sum(),
                    forwarded: of.iter().filter(|r| r.status == RequestStatus::Forwarded).map(|r| r.places).sum(),
                }
            })
            .collect();
        Ok(Picture { year, positions, prefectures })
    }
}

impl Placing<'_> {
    /// A run, read in the use case's transaction.
    async fn run_row(&self, tx: &mut Tx, id: PlacementRunId) -> AppResult<RunRow> {
        db::run(tx, id.0).await?.ok_or(AppError::NotFound)
    }

    /// The year's weights (the defaults until CLAIR saves its own) and their version (0: defaults).
    pub async fn placement_weights(&self, year: i64) -> AppResult<(Weights, i64)> {
        let mut tx = self.store.read().await?;
        weights_in(&mut tx, year).await
    }

    pub async fn set_placement_weights(&self, year: i64, weights: &Weights, version: i64) -> AppResult<(Weights, i64)> {
        let actor = self.actor();
        weights.check().map_err(AppError::Invalid)?;
        let json = serde_json::to_string(weights).map_err(|e| AppError::Internal(e.to_string()))?;
        let mut tx = self.store.write().await?;
        let (before, _) = weights_in(&mut tx, year).await?;
        if !db::save_weights(&mut tx, year, version, &json, actor.user_id.0, self.now()).await? {
            return Err(AppError::Conflict(format!("placement weights of {year} changed")));
        }
        self.audit_done(
            &mut tx,
            entry(actor, "placement.weights", "placement-year", year, "-".into(), json!(before), json!(weights)),
        )
        .await?;
        let saved = weights_in(&mut tx, year).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// What the year's data lacks before a run; blocking findings stop `start_run`.
    pub async fn placement_precheck(&self, year: i64) -> AppResult<Precheck> {
        let mut tx = self.store.read().await?;
        precheck_in(&mut tx, year).await
    }

    /// Starts a run of the engine on the year's cleared candidates not yet notified and the
    /// forwarded requests' remaining seats, as a background job. Refused (naming what is
    /// missing) when the precheck finds a blocking problem.
    pub async fn start_run(&self, year: i64, mode: placement::cli::Mode) -> AppResult<RunRow> {
        let actor = self.actor();
        let (weights, check) = {
            let mut tx = self.store.read().await?;
            (weights_in(&mut tx, year).await?.0, precheck_in(&mut tx, year).await?)
        };
        if check.blocked() {
            let errors = check
                .findings
                .iter()
                .filter(|f| f.blocking)
                .map(|f| FieldError {
                    field: "year".into(),
                    reason: f.key,
                    limit: Some(f.count.max(0) as u64),
                    detail: Some(f.detail.clone()),
                })
                .collect();
            return Err(AppError::Invalid(errors));
        }
        let now = self.now();
        let weights_json = serde_json::to_string(&weights).map_err(|e| AppError::Internal(e.to_string()))?;
        let mut tx = self.store.write().await?;
        let job = jobs::insert_job(&mut tx, "placement-run", actor.user_id.0, "-", RUN_STEPS, now).await?;
        let id = db::insert_run(&mut tx, year, mode.as_str(), job, &weights_json, actor.user_id.0, now).await?;
        self.audit_done(
            &mut tx,
            entry(
                actor,
                "placement.run",
                "placement-run",
                id,
                "-".into(),
                Json::Null,
                json!({"year": year, "mode": mode.as_str(), "weights": weights}),
            ),
        )
        .await?;
        let run = db::run(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        tx.commit().await?;
        let app = self.app().clone();
        tokio::spawn(async move {
            // Held by this process until its end is recorded: a killed process stops the heartbeat.
            let _hold = app.hold_job(job);
            let outcome = app.execute_run(id, job, year, mode, weights).await;
            let ended = async {
                let mut tx = app.store.write().await?;
                match &outcome {
                    Ok(()) => jobs::finish(&mut tx, job, Ok("{}"), app.now()).await?,
                    Err(e) => {
                        let message = e.to_string();
                        db::fail_run(&mut tx, id, &message, app.now()).await?;
                        jobs::finish(&mut tx, job, Err(&message), app.now()).await?;
                    }
                }
                tx.commit().await?;
                Ok::<(), AppError>(())
            }
            .await;
            if let Err(e) = ended {
                tracing::error!(run = id, error = %e, "placement run could not record its end");
            }
        });
        Ok(run)
    }

    /// The year's runs, newest first.
    pub async fn placement_runs(&self, year: i64) -> AppResult<Vec<RunRow>> {
        let mut tx = self.store.read().await?;
        Ok(db::runs(&mut tx, year).await?)
    }

    /// A run with its figures, its candidates, the requests it leaves unfilled and the map.
    pub async fn run_view(&self, id: PlacementRunId) -> AppResult<RunView> {
        let mut tx = self.store.read().await?;
        let run = self.run_row(&mut tx, id).await?;
        let id = id.0;
        let job_percent = match run.job_id {
            Some(job) => {
                jobs::job(&mut tx, job).await?.map_or(100, |j| if j.total > 0 { j.done * 100 / j.total } else { 100 })
            }
            None => 100,
        };
        let prefectures = store::reference::prefectures(&mut tx).await?;
        let summary: Option<Summary> = run.summary_json.as_deref().and_then(|s| serde_json::from_str(s).ok());
        let Some(inputs) = self.kept_inputs(&mut tx, id).await? else {
            let map = prefectures
                .into_iter()
                .map(|p| MapPrefecture {
                    code: p.code,
                    name_en: p.name_en,
                    name_ja: p.name_ja,
                    lat: p.lat,
                    lng: p.lng,
                    seats: 0,
                    filled: 0,
                })
                .collect();
            return Ok(RunView {
                run,
                summary,
                timings_ms: BTreeMap::new(),
                job_percent,
                candidates: vec![],
                unfilled: vec![],
                map,
                split_couples: 0,
            });
        };
        let assignments = db::assignments(&mut tx, id).await?;
        let requests = request_rows(&mut tx, &inputs).await?;
        let candidates = self.run_candidates(&mut tx, &inputs.candidates, &requests, &assignments).await?;
        let mut filled: HashMap<i64, u32> = HashMap::new();
        for a in &assignments {
            if let Some(r) = a.request_id {
                *filled.entry(r).or_default() += 1;
            }
        }
        let unfilled = inputs
            .requests
            .iter()
            .filter(|r| filled.get(&r.id).copied().unwrap_or(0) < r.seats)
            .map(|r| Unfilled {
                request_id: r.id,
                organisation: requests.get(&r.id).map(|x| x.organisation_en.clone()).unwrap_or_default(),
                prefecture: i64::from(r.prefecture),
                position: r.position.as_str().to_owned(),
                seats: r.seats,
                filled: filled.get(&r.id).copied().unwrap_or(0),
            })
            .collect();
        let by_pref: HashMap<i64, (u64, u64)> = summary
            .as_ref()
            .map(|s| s.by_prefecture.iter().map(|(p, seats, f)| (i64::from(*p), (*seats, *f))).collect())
            .unwrap_or_default();
        let map = prefectures
            .into_iter()
            .map(|p| {
                let (seats, filled) = by_pref.get(&p.code).copied().unwrap_or((0, 0));
                MapPrefecture {
                    code: p.code,
                    name_en: p.name_en,
                    name_ja: p.name_ja,
                    lat: p.lat,
                    lng: p.lng,
                    seats,
                    filled,
                }
            })
            .collect();
        Ok(RunView {
            run,
            summary,
            timings_ms: inputs.timings_ms.clone(),
            job_percent,
            candidates,
            unfilled,
            map,
            split_couples: inputs.derived.split_couples.len(),
        })
    }

    /// Two runs' figures side by side.
    pub async fn compare_runs(
        &self,
        a: PlacementRunId,
        b: PlacementRunId,
    ) -> AppResult<(RunRow, Summary, RunRow, Summary)> {
        let mut tx = self.store.read().await?;
        let ra = self.run_row(&mut tx, a).await?;
        let rb = self.run_row(&mut tx, b).await?;
        drop(tx);
        let summary = |r: &RunRow| -> AppResult<Summary> {
            r.summary_json.as_deref().and_then(|s| serde_json::from_str(s).ok()).ok_or_else(|| {
                AppError::Invalid(vec![FieldError::with_detail("run", "error-run-not-done", r.id.to_string())])
            })
        };
        let (sa, sb) = (summary(&ra)?, summary(&rb)?);
        Ok((ra, sa, rb, sb))
    }

    /// Why a candidate is where a run put them: their list with tiers, the requests of their
    /// stated places they may not take (and why), and the engine's reasons.
    pub async fn explain_candidate(&self, run: PlacementRunId, application: ApplicationId) -> AppResult<Explanation> {
        let mut tx = self.store.read().await?;
        self.run_row(&mut tx, run).await?;
        let (run, application) = (run.0, application.0);
        let inputs = self.kept_inputs(&mut tx, run).await?.ok_or(AppError::NotFound)?;
        let ci = *inputs.candidate_at.get(&application).ok_or(AppError::NotFound)?;
        let c = &inputs.candidates[ci];
        let assignments = db::assignments(&mut tx, run).await?;
        let mine: Vec<AssignmentRow> = assignments.into_iter().filter(|a| a.application_id == application).collect();
        let requests = request_rows(&mut tx, &inputs).await?;
        let candidate = self.run_candidates(&mut tx, std::slice::from_ref(c), &requests, &mine).await?;
        let candidate = candidate.into_iter().next().ok_or(AppError::NotFound)?;
        let key = format!("a{application}");
        let result = match db::run_documents(&mut tx, run).await? {
            Some((_, result)) => serde_json::from_str::<placement::result::PlacementResult>(&result).ok(),
            None => None,
        };
        let engine_placed: Option<String> = result
            .as_ref()
            .and_then(|r| r.assignments.iter().find(|a| a.candidate == key))
            .map(|a| a.organisation.clone());
        let engine: HashMap<String, String> = result
            .and_then(|r| r.explanations)
            .and_then(|e| e.0.into_iter().find(|(k, _)| *k == key))
            .map(|(_, list)| list.into_iter().map(|x| (x.organisation, x.reason)).collect())
            .unwrap_or_default();
        let label = |r: &RequestFacts| requests.get(&r.id).map(|x| x.organisation_en.clone()).unwrap_or_default();
        let couple = inputs.derived.couples.iter().find(|k| k.members.contains(&(ci as u32)));
        let list: Vec<u32> = match couple {
            Some(k) => {
                let member = usize::from(k.members[1] == ci as u32);
                let mut seen = Vec::new();
                for p in &k.pairs {
                    if !seen.contains(&p[member]) {
                        seen.push(p[member]);
                    }
                }
                seen
            }
            None => inputs.derived.candidate_lists.get(ci).cloned().unwrap_or_default(),
        };
        let mut out: Vec<ExplainedRequest> = list
            .iter()
            .enumerate()
            .filter_map(|(i, &ri)| {
                let r = inputs.requests.get(ri as usize)?;
                Some(ExplainedRequest {
                    request_id: r.id,
                    organisation: label(r),
                    prefecture: i64::from(r.prefecture),
                    tier: Some(rules::tier(c, r).0.as_str().to_owned()),
                    rank: Some(i + 1),
                    unmet: vec![],
                    engine: engine.get(&format!("r{}", r.id)).cloned(),
                    engine_placed: engine_placed.as_deref() == Some(format!("r{}", r.id).as_str()),
                })
            })
            .collect();
        for r in &inputs.requests {
            if rules::tier(c, r).0 == rules::Tier::Stated
                && r.position == c.position
                && !out.iter().any(|x| x.request_id == r.id)
            {
                out.push(ExplainedRequest {
                    request_id: r.id,
                    organisation: label(r),
                    prefecture: i64::from(r.prefecture),
                    tier: None,
                    rank: None,
                    unmet: rules::unmet(c, r),
                    engine: None,
                    engine_placed: false,
                });
            }
        }
        let partner = match c.partner.and_then(|p| inputs.candidates.get(p as usize)) {
            Some(p) => {
                db::candidate_names(&mut tx, &[p.application_id]).await?.remove(&p.application_id).map(|(r, _)| r)
            }
            None => None,
        };
        Ok(Explanation {
            run_id: run,
            candidate,
            stated_places: c.places.clone(),
            area: c.area,
            partner,
            couple_pairs: couple.map_or(0, |k| k.pairs.len()),
            split_couple: inputs.derived.split_couples.iter().any(|k| k.contains(&(ci as u32))),
            requests: out,
        })
    }

    /// What moving `application` to `request` (or out of any) would cost, without moving.
    pub async fn move_cost(
        &self,
        run: PlacementRunId,
        application: ApplicationId,
        request: Option<i64>,
    ) -> AppResult<MoveCost> {
        let mut tx = self.store.read().await?;
        let row = self.run_row(&mut tx, run).await?;
        let kept = self.kept_inputs(&mut tx, row.id).await?.ok_or(AppError::NotFound)?;
        let checked = self.checked(&mut tx, &kept, &row).await?;
        drop(tx);
        let (cost, _) = cost_of(&kept, &checked, application.0, request)?;
        Ok(cost)
    }

    /// Moves a candidate by hand, with a reason; `version` is the run's version the caller saw
    /// (someone else's move first is a conflict). Returns what the move cost.
    pub async fn move_candidate(
        &self,
        run: PlacementRunId,
        version: i64,
        application: ApplicationId,
        request: Option<i64>,
        reason: &str,
    ) -> AppResult<MoveCost> {
        let actor = self.actor();
        let reason = said_text("reason", reason, 1000)?;
        let mut tx = self.store.write().await?;
        let row = self.run_row(&mut tx, run).await?;
        let (run, application) = (run.0, application.0);
        if row.status != RunStatus::Done {
            return Err(AppError::Invalid(vec![FieldError::with_detail(
                "run",
                "error-run-locked",
                row.status.as_str(),
            )]));
        }
        let kept = self.kept_inputs(&mut tx, run).await?.ok_or(AppError::NotFound)?;
        let checked = self.checked(&mut tx, &kept, &row).await?;
        let (cost, moved) = cost_of(&kept, &checked, application, request)?;
        if cost.over_capacity {
            return Err(AppError::Invalid(vec![FieldError::new("request", "error-request-full")]));
        }
        let summary = summary_after(&kept, &checked, &moved);
        let summary_json = serde_json::to_string(&summary).map_err(|e| AppError::Internal(e.to_string()))?;
        if !db::bump_run(&mut tx, run, version, "done", Some(&summary_json)).await? {
            return Err(AppError::Conflict(format!("placement run {run} changed")));
        }
        let before = kept.candidate_at.get(&application).and_then(|&ci| checked.held[ci]);
        let now = self.now();
        db::move_assignment(&mut tx, run, application, request, cost.rank, actor.user_id.0, reason, now).await?;
        self.audit_done(
            &mut tx,
            entry(
                actor,
                "placement.move",
                "placement-run",
                run,
                "-".into(),
                json!({"application": application, "request": before}),
                json!({"application": application, "request": request, "reason": reason,
                    "blocking_after": cost.blocking_after, "blocking_before": cost.blocking_before,
                    "unmet": cost.unmet, "not_listed": cost.not_listed}),
            ),
        )
        .await?;
        tx.commit().await?;
        // The check after the move is the next version's: the desk's next preview starts from it.
        if checked.version == version {
            let row = AssignmentRow {
                application_id: application,
                request_id: request,
                rank: cost.rank,
                moved_by: Some(actor.user_id.0),
                move_reason: Some(reason.to_owned()),
                moved_at: Some(now),
            };
            kept.keep_checked(std::sync::Arc::new(checked.after(version + 1, row, moved)));
        }
        Ok(cost)
    }

    /// The committee's approval: locks the run, records each placement and sends each placed
    /// candidate their notice in their language. A run computed before another approval would
    /// move or double-book someone already notified, so it is refused as out of date.
    pub async fn approve_run(&self, run: PlacementRunId, version: i64, note: &str) -> AppResult<usize> {
        let actor = self.actor();
        let note = said_text("note", note, 2000)?;
        let now = self.now();
        let mut tx = self.store.write().await?;
        let row = self.run_row(&mut tx, run).await?;
        let run = run.0;
        if row.status != RunStatus::Done {
            return Err(AppError::Invalid(vec![FieldError::with_detail(
                "run",
                "error-run-locked",
                row.status.as_str(),
            )]));
        }
        // The year's row guards its requests' seats: two runs of one year approved at once would
        // each count the seats before the other's placements and together overfill a request.
        tx.lock_guard(store::Guard::ProgrammeYear, row.year).await?;
        let assignments = db::assignments(&mut tx, run).await?;
        let notified = db::placements(&mut tx, row.year).await?;
        let taken: std::collections::HashSet<i64> = notified.iter().map(|p| p.application_id).collect();
        if assignments.iter().any(|a| a.request_id.is_some() && taken.contains(&a.application_id)) {
            return Err(AppError::Conflict(format!("placement run {run} is older than the last approval")));
        }
        let requests: HashMap<i64, RequestRow> =
            db::requests(&mut tx, row.year, None, &[]).await?.into_iter().map(|r| (r.id, r)).collect();
        let mut load: HashMap<i64, i64> = HashMap::new();
        for p in notified.iter().filter(|p| p.declined_at.is_none()) {
            *load.entry(p.request_id).or_default() += 1;
        }
        for a in &assignments {
            if let Some(r) = a.request_id {
                *load.entry(r).or_default() += 1;
            }
        }
        if let Some((r, _)) = load.iter().find(|(r, n)| requests.get(r).is_none_or(|x| **n > seats_of(x))) {
            return Err(AppError::Conflict(format!("placement run {run} overfills request {r}")));
        }
        if !db::approve_run(&mut tx, run, version, actor.user_id.0, note, now).await? {
            return Err(AppError::Conflict(format!("placement run {run} changed")));
        }
        // Thousands of placements at once: each step is one batched statement for all of them
        // (placements, who applied, their accounts, the organisations' supervisors, the notices),
        // never a statement per candidate.
        let placed: Vec<(i64, &RequestRow)> = assignments
            .iter()
            .filter_map(|a| Some((a.application_id, a.request_id.and_then(|r| requests.get(&r))?)))
            .collect();
        let pairs: Vec<(i64, i64)> = placed.iter().map(|(a, r)| (*a, r.id)).collect();
        db::insert_placements(&mut tx, &pairs, run, now).await?;
        let ids: Vec<i64> = pairs.iter().map(|(a, _)| *a).collect();
        let applicants = db::applicants_of(&mut tx, &ids).await?;
        let emails: HashMap<i64, Email> =
            applicants.values().filter_map(|p| Some((p.id, Email::parse(p.email.as_deref()?).ok()?))).collect();
        let addresses: Vec<String> = emails.values().map(|e| e.as_str().to_owned()).collect();
        let users = store::users::users_by_emails(&mut tx, &addresses).await?;
        let mut organisations: Vec<i64> = placed.iter().map(|(_, r)| r.organisation_id).collect();
        organisations.sort_unstable();
        organisations.dedup();
        let supervisors = db::supervisors_of_many(&mut tx, &organisations).await?;
        let prefectures = store::reference::prefectures(&mut tx).await?;
        let mut notices = Vec::with_capacity(placed.len());
        for (application, request) in &placed {
            let p = applicants.get(application).ok_or(AppError::NotFound)?;
            let email = emails.get(application).cloned();
            let user = email.as_ref().and_then(|e| users.get(e.as_str()));
            let (name, email, language) = crate::applying::contact_of(&p.given_name, &p.family_name, email, user);
            let Some(email) = email else { continue };
            let contacts = supervisors.get(&request.organisation_id).map(|s| supervisor_lines(s)).unwrap_or_default();
            let to = Recipient { name: &name, email: &email, language };
            notices.push(self.placement_notice(&p.reference, to, request, &prefectures, &contacts));
        }
        mail::enqueue_all(self, &mut tx, notices).await?;
        let count = placed.len();
        self.audit_done(
            &mut tx,
            entry(
                actor,
                "placement.approve",
                "placement-run",
                run,
                "-".into(),
                json!({"status": "done", "version": version}),
                json!({"status": "approved", "note": note, "placements": count}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(count)
    }

    /// A run's placement list for export (CSV or XLSX), in the reader's language.
    pub async fn placement_sheet(&self, run: PlacementRunId) -> AppResult<Sheet> {
        let actor = self.actor();
        let view = self.run_view(run).await?;
        let t = Translator::new(actor.language);
        let rows = view
            .candidates
            .into_iter()
            .map(|c| {
                vec![
                    Cell::from(c.reference.as_str()),
                    Cell::from(c.name.as_str()),
                    Cell::from(c.nationality.as_str()),
                    Cell::from(t.key("position", &c.position)),
                    Cell::from(c.organisation.as_deref().unwrap_or("")),
                    c.prefecture.map_or(Cell::Empty, |p| Cell::from(format!("{p:02}").as_str())),
                    Cell::from(c.rank),
                    Cell::from(c.move_reason.as_deref().unwrap_or("")),
                ]
            })
            .collect();
        Ok(Sheet {
            name: t.t_args("placement-run-title", &[("run", Arg::from(run.to_string()))]),
            headers: [
                "col-reference",
                "col-name",
                "col-nationality",
                "col-position",
                "col-organisation",
                "col-prefecture",
                "col-rank",
                "col-move-reason",
            ]
            .iter()
            .map(|k| t.t(k))
            .collect(),
            rows,
        })
    }
}

impl Applicant<'_> {
    /// The applicant's own placement notice, if any.
    pub async fn my_placement(&self, application: ApplicationId) -> AppResult<Option<MyPlacement>> {
        let mut tx = self.store.read().await?;
        let record = self.own_application(&mut tx, application).await?;
        let Some(placement) = db::placement_of(&mut tx, record.id).await? else { return Ok(None) };
        let request = db::request(&mut tx, placement.request_id).await?.ok_or(AppError::NotFound)?;
        let year =
            store::recruitment::year_by_id(&mut tx, record.programme_year_id).await?.ok_or(AppError::NotFound)?;
        let contacts = organisation_contacts(&mut tx, request.organisation_id).await?;
        Ok(Some(MyPlacement { placement, request, time_zone: year.time_zone, contacts }))
    }

    /// Declining a placement is withdrawing from the programme (`JET.md`): the seat frees for a
    /// later placement.
    pub async fn decline_placement(&self, application: ApplicationId, reason: &str) -> AppResult<()> {
        let actor = self.actor();
        let reason = said_text("reason", reason, 1000)?;
        let mut tx = self.store.write().await?;
        let record = self.own_application(&mut tx, application).await?;
        if !db::decline_placement(&mut tx, record.id, reason, self.now()).await? {
            return Err(AppError::Invalid(vec![FieldError::new("placement", "error-no-placement")]));
        }
        self.move_application(
            &mut tx,
            Some(actor),
            &record,
            ApplicationStatus::Withdrawn,
            Some(reason),
            "placement.decline",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(id: i64, prefecture: u8, region: Region, point: (f64, f64), seats: u32) -> RequestFacts {
        RequestFacts {
            id,
            organisation_id: id,
            position: Position::Alt,
            seats,
            lg_code: format!("{prefecture:02}1000"),
            prefecture,
            region,
            area: Area::SemiUrban,
            point,
            names: vec![],
            min_jlpt: None,
            licence_required: false,
            nationality: None,
            housing: "provided".into(),
            sister_countries: vec![],
        }
    }

    fn candidate(id: i64, prefecture: u8, region: Region, point: (f64, f64)) -> CandidateFacts {
        CandidateFacts {
            application_id: id,
            position: Position::Alt,
            places: vec![prefecture.to_string()],
            points: vec![point],
            regions: vec![region],
            area: None,
            ties: String::new(),
            jlpt: None,
            licence: false,
            nationality: "US".into(),
            dependants: false,
            medical: false,
            score: Some(3.0),
            partner: None,
        }
    }

    /// splitmix64, as the demo draws: the test's moves are the same on every run.
    fn next(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn rows(kept: &KeptRun, held: &Held) -> Vec<AssignmentRow> {
        let mut rows: Vec<AssignmentRow> = held
            .iter()
            .enumerate()
            .map(|(ci, &r)| AssignmentRow {
                application_id: kept.candidates[ci].application_id,
                request_id: r,
                rank: None,
                moved_by: None,
                move_reason: None,
                moved_at: None,
            })
            .collect();
        rows.sort_by_key(|r| r.application_id);
        rows
    }

    /// A move's preview reuses the check of the assignments before it (and their problem, when
    /// the move takes no one new out of the check). On random moves from random assignments, with
    /// couples, moves off a candidate's list and out of any seat, it must count exactly what a
    /// check of the moved assignments from nothing counts.
    #[test]
    fn a_previewed_move_counts_what_a_check_from_nothing_counts() {
        let places = [
            (28, Region::Kansai, (34.69, 135.19)),
            (27, Region::Kansai, (34.69, 135.50)),
            (26, Region::Kansai, (35.01, 135.77)),
            (1, Region::Hokkaido, (43.06, 141.35)),
            (47, Region::KyushuOkinawa, (26.21, 127.68)),
        ];
        let requests: Vec<RequestFacts> = (0..15)
            .map(|i| {
                let (p, region, point) = places[i % places.len()];
                request(100 + i as i64, p, region, point, 1 + (i % 3) as u32)
            })
            .collect();
        let mut candidates: Vec<CandidateFacts> = (0..40)
            .map(|i| {
                let (p, region, point) = places[(i * 7) % places.len()];
                candidate(1000 + i as i64, p, region, point)
            })
            .collect();
        for (a, b) in [(0usize, 1usize), (2, 3), (10, 11)] {
            candidates[b].places = candidates[a].places.clone();
            candidates[b].points = candidates[a].points.clone();
            candidates[b].regions = candidates[a].regions.clone();
            candidates[a].partner = Some(b as u32);
            candidates[b].partner = Some(a as u32);
        }
        let weights = Weights::default();
        let derived = rules::derive(&candidates, &requests, &weights);
        assert!(!derived.couples.is_empty(), "the year must hold couples placed together");
        let kept = KeptRun::new(RunInputs { weights, candidates, requests, derived, timings_ms: BTreeMap::new() });
        let ids: Vec<i64> = kept.requests.iter().map(|r| r.id).collect();
        let mut state = 7u64;
        // Start with everyone at their first choice, couples on their first pair.
        let start: Held = (0..kept.candidates.len())
            .map(|ci| {
                let first = match kept.couple_of[ci] {
                    Some(k) => {
                        let k = &kept.derived.couples[k as usize];
                        let member = usize::from(k.members[1] == ci as u32);
                        k.pairs.first().map(|p| p[member])
                    }
                    None => kept.derived.candidate_lists[ci].first().copied(),
                };
                first.map(|ri| ids[ri as usize])
            })
            .collect();
        let (mut reused, mut rebuilt) = (0, 0);
        let mut checked = Checked::new(&kept, 0, rows(&kept, &start)).expect("check of the assignments");
        for version in 0..400 {
            let ci = (next(&mut state) % kept.candidates.len() as u64) as usize;
            let application = kept.candidates[ci].application_id;
            let to = match next(&mut state) % 4 {
                0 => None,
                1 => Some(ids[(next(&mut state) % ids.len() as u64) as usize]),
                _ => {
                    let list = &kept.derived.candidate_lists[ci];
                    list.get((next(&mut state) % list.len().max(1) as u64) as usize).map(|&ri| ids[ri as usize])
                }
            };
            let (cost, after) = cost_of(&kept, &checked, application, to).expect("preview");
            let summary = summary_after(&kept, &checked, &after);
            let mut moved = checked.held.clone();
            moved[ci] = to;
            if same_basis(&kept, &checked.basis, &moved, ci) {
                reused += 1;
            } else {
                rebuilt += 1;
            }
            let fresh = Checked::new(&kept, version + 1, rows(&kept, &moved)).expect("check from nothing");
            assert_eq!(cost.blocking_before, checked.blocking.len() as u64);
            assert_eq!(cost.blocking_after, fresh.blocking.len() as u64, "move {version}: a{application} to {to:?}");
            let new: HashSet<(Vec<String>, Vec<String>)> =
                fresh.blocking.difference(&checked.blocking).map(|b| blocking_ids(&kept, b)).collect();
            assert_eq!(cost.new_blocking.len(), new.len().min(20));
            assert!(cost.new_blocking.iter().all(|b| new.contains(b)));
            let outcomes: Vec<rules::Outcome> = (0..kept.candidates.len())
                .map(|i| {
                    let ri = moved[i].and_then(|r| request_index_of(&kept, r));
                    outcome_at(&kept.derived, i, ri)
                })
                .collect();
            let expected = rules::summarise(&kept.candidates, &kept.requests, &outcomes, &kept.weights, 1);
            assert_eq!(serde_json::to_value(&summary).ok(), serde_json::to_value(&expected).ok());
            // Make half of the moves, so the assignments wander (off lists, couples split); the
            // check after a move made is the next version's, as `move_candidate` keeps it.
            if next(&mut state).is_multiple_of(2) {
                let row = AssignmentRow {
                    application_id: application,
                    request_id: to,
                    rank: cost.rank,
                    moved_by: None,
                    move_reason: None,
                    moved_at: None,
                };
                checked = checked.after(version + 1, row, after);
                assert_eq!(checked.held, fresh.held);
                assert_eq!(checked.blocking, fresh.blocking);
                assert_eq!(checked.basis.forced, fresh.basis.forced);
            }
        }
        assert!(reused > 50 && rebuilt > 10, "both ways of checking a move were taken: {reused} and {rebuilt}");
    }

    fn request_index_of(kept: &KeptRun, id: i64) -> Option<u32> {
        kept.requests.iter().position(|r| r.id == id).map(|i| i as u32)
    }
}
