//! Selection at the overseas missions (issue 4, items 5-8): reviewers score the first screening
//! against the year's rubric (blind when the year says so) and the desk advances or rejects; the
//! invited book their own interview slot (with a calendar invitation), the panel fills its
//! scorecards; the desk decides short-list, ranked alternates and not selected within the plan,
//! and upgrades the proposed alternate when a place frees; the short-listed reply, send their
//! clearance documents, and are reminded; the desk disqualifies with the ground on record.
//!
//! Every change is one transaction with its audit record and its mails.

pub mod file;

use crate::App;
use crate::access::{Applicant, Reviewing, Selecting};
use crate::actor::Actor;
use crate::applying::{applicant_contact, checked_file};
use crate::blind::{hide_identity, identity_hidden};
use crate::error::{AppError, AppResult};
use crate::i18n::{Arg, Translator};
use crate::mail::{self, Recipient};
use crate::recruitment::{local_time, parse_local, selection_rules_of};
use domain::lifecycle::Lifecycle;
use domain::selection::{self as rules, Agreement, CLEARANCE_KINDS, Criterion, Outcome, SelectionRules};
use domain::{ApplicationId, InterviewSlotId, ProgrammeYearId};
use domain::{ApplicationStatus, FieldError, Position, ShortText, UserId};
use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};
use store::applying::{self, ApplicationRecord};
use store::audit::{AuditEntry, Outcome as AuditOutcome};
use store::recruitment::{self, ProgrammeYearRow};
use store::selection::{self as sel, CandidateRow, ClearanceRow, ReviewRow, ScorecardRow, SlotRow};
use store::{Guard, Tx};
use time::Duration;

/// How many alternates per position the proposal ranks, as a share of the places (JET desks keep
/// a reserve of roughly a fifth), at least one.
fn alternates_for(places: i64) -> u32 {
    ((places + 4) / 5).max(1) as u32
}

fn audit(
    actor: Option<UserId>,
    action: &'static str,
    record_id: i64,
    mission: i64,
    before: Json,
    after: Json,
) -> AuditEntry {
    AuditEntry {
        actor,
        action,
        entity: "application",
        entity_id: record_id.to_string(),
        unit_key: format!("mission:{mission}"),
        outcome: AuditOutcome::Done,
        before: Some(before),
        after: Some(after),
    }
}

/// Marks given for a rubric: `{"statement": 4, ...}`.
pub type Marks = std::collections::BTreeMap<String, u8>;

fn score_of(rubric: &[Criterion], marks: &Marks) -> AppResult<f64> {
    let pairs: Vec<(String, u8)> = marks.iter().map(|(k, v)| (k.clone(), *v)).collect();
    Ok(rules::weighted_score(rubric, &pairs)?)
}

fn optional_text(field: &str, raw: Option<&str>) -> AppResult<Option<ShortText>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => Ok(Some(ShortText::parse(field, text)?)),
    }
}

pub(crate) fn form_str(form: &str, section: &str, field: &str) -> String {
    serde_json::from_str::<Json>(form)
        .ok()
        .and_then(|f| f.get(section).and_then(|s| s.get(field)).and_then(Json::as_str).map(str::to_owned))
        .unwrap_or_default()
}

/// A row of the screening board.
#[derive(Debug, Clone, Serialize)]
pub struct ScreeningRow {
    pub id: i64,
    pub reference: String,
    /// `None` while screening is blind.
    pub name: Option<String>,
    pub nationality: String,
    pub position: String,
    pub status: ApplicationStatus,
    pub reviews: Vec<ReviewRow>,
    pub agreement: Agreement,
    /// Reviewers still needed (without a declared conflict) to reach the year's number.
    pub reviewers_missing: usize,
    /// Enough scores to decide.
    pub ready: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScreeningBoard {
    pub year: ProgrammeYearRow,
    pub rules: SelectionRules,
    pub rows: Vec<ScreeningRow>,
    /// Staff of the missions in scope who may review: `(user id, name)`.
    pub reviewers: Vec<(i64, String)>,
}

/// What a reviewer sees of an application: the form, without the personal details when blind.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    pub application_id: i64,
    pub reference: String,
    pub position: String,
    pub status: ApplicationStatus,
    pub blind: bool,
    pub name: Option<String>,
    pub form: Json,
    pub documents: Vec<applying::DocumentRow>,
    pub rubric: Vec<Criterion>,
    pub review: Option<ReviewRow>,
}

/// A row of the interview board: a slot, and the scorecards of the application that booked it.
#[derive(Debug, Clone, Serialize)]
pub struct SlotView {
    #[serde(flatten)]
    pub slot: SlotRow,
    pub starts_local: String,
    pub scorecards: Vec<ScorecardRow>,
    pub written_test_score: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InterviewBoard {
    pub year: ProgrammeYearRow,
    pub rules: SelectionRules,
    pub slots: Vec<SlotView>,
    /// Invited candidates who have not booked yet.
    pub unbooked: Vec<UnbookedCandidate>,
}

/// An invited candidate who has not booked an interview yet: the desk opens their file to call.
#[derive(Debug, Clone, Serialize)]
pub struct UnbookedCandidate {
    pub application_id: i64,
    pub reference: String,
}

/// A candidate on the decision board.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionRow {
    pub id: i64,
    pub reference: String,
    pub name: String,
    pub position: String,
    pub status: ApplicationStatus,
    pub interview_mean: Option<f64>,
    pub scorecards: usize,
    pub written_test_score: Option<i64>,
    pub final_score: Option<f64>,
    pub alternate_rank: Option<i64>,
    /// What the proposal suggests for an interviewed candidate not decided yet.
    pub proposed: Option<Outcome>,
    pub departure_group: String,
    /// An accepted candidate with a clearance document overdue.
    pub overdue: bool,
    /// A decided candidate with no address to mail: the desk tells them by post, at this address.
    pub by_post: Option<String>,
}

/// A place freed in the plan and the alternate the system proposes for it.
#[derive(Debug, Clone, Serialize)]
pub struct UpgradeProposal {
    pub position: String,
    pub free_places: i64,
    pub application_id: i64,
    pub reference: String,
    pub rank: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlaceCount {
    pub position: String,
    pub planned: i64,
    pub taken: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionBoard {
    pub year: ProgrammeYearRow,
    pub places: Vec<PlaceCount>,
    pub rows: Vec<DecisionRow>,
    pub upgrades: Vec<UpgradeProposal>,
}

/// One decision of the desk.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Decision {
    pub application: i64,
    /// `short-listed`, `alternate` or `not-selected`.
    pub outcome: String,
    /// An alternate's rank (1 is upgraded first).
    #[serde(default)]
    pub rank: Option<u32>,
}

/// What the applicant sees of their selection: the slot, the slots they may book, clearance.
#[derive(Debug, Clone, Serialize)]
pub struct ApplicantSelection {
    pub slot: Option<SlotRow>,
    pub slot_local: Option<String>,
    /// Whether the slot may still be moved or cancelled.
    pub slot_changeable: bool,
    pub bookable: Vec<(i64, String, String)>,
    pub clearance: Vec<ClearanceView>,
    pub reply_deadline_local: Option<String>,
    pub partner: Option<PartnerLink>,
    /// Bookings close this many hours before an interview.
    pub booking_cutoff_hours: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClearanceView {
    #[serde(flatten)]
    pub item: ClearanceRow,
    pub due_local: String,
}

/// A partner named on the form: confirmed once both name each other.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerLink {
    pub reference: String,
    pub confirmed: bool,
}

impl App {
    /// Moves an application and records it; a stale version is a conflict.
    pub(crate) async fn move_application(
        &self,
        tx: &mut Tx,
        actor: Option<&Actor>,
        record: &ApplicationRecord,
        to: ApplicationStatus,
        reason: Option<&str>,
        action: &'static str,
    ) -> AppResult<ApplicationRecord> {
        let from = record.status;
        from.move_to(to).map_err(|_| {
            AppError::Invalid(vec![FieldError::with_detail(
                "status",
                "error-application-step",
                record.reference.clone(),
            )])
        })?;
        if !applying::set_status(tx, record.id, record.version, to.as_str(), reason, None, self.now()).await? {
            return Err(AppError::Conflict(format!("application {} changed", record.reference)));
        }
        self.audit_done(
            tx,
            audit(
                actor.map(|a| a.user_id),
                action,
                record.id,
                record.mission_id,
                json!({"status": from.as_str()}),
                json!({"status": to.as_str(), "reason": reason}),
            ),
        )
        .await?;
        applying::application(tx, record.id).await?.ok_or(AppError::NotFound)
    }

    /// Mails the applicant of `record` in their language: `key-subject` and `key-body` with the
    /// reference, the position and `args`.
    async fn mail_applicant(
        &self,
        tx: &mut Tx,
        record: &ApplicationRecord,
        template: &'static str,
        args: &[(&'static str, String)],
        calendar: Option<String>,
    ) -> AppResult<()> {
        let (name, email, language) = applicant_contact(tx, record.person_id).await?;
        // A paper application without an address is told by the desk, by post.
        let Some(email) = email else {
            return Ok(());
        };
        let t = Translator::new(language);
        let mut all: Vec<(&'static str, Arg)> = vec![
            ("reference", Arg::from(record.reference.as_str())),
            ("position", Arg::from(t.key("position", &record.position))),
            ("link", Arg::from(format!("{}/my-application", self.config.base_url.trim_end_matches('/')))),
        ];
        all.extend(args.iter().map(|(k, v)| (*k, Arg::from(v.as_str()))));
        let subject = t.t_args(&format!("mail-{template}-subject"), &all);
        let body = t.t_args(&format!("mail-{template}-body"), &all);
        let to = Recipient { name: &name, email: &email, language };
        mail::enqueue_with_calendar(self, tx, to, template, &subject, &body, calendar).await
    }

    fn calendar(
        &self,
        record: &ApplicationRecord,
        slot: &SlotRow,
        language: domain::Language,
        cancelled: bool,
    ) -> String {
        let t = Translator::new(language);
        let summary = t.s("interview-calendar-summary", "reference", &record.reference);
        let description = t.s("interview-calendar-description", "panel", &slot.panel);
        rules::icalendar(&rules::CalendarEvent {
            uid: &format!("interview-{}@kakehashi", record.reference),
            stamp: self.now(),
            starts: slot.starts_at,
            minutes: u32::try_from(slot.minutes).unwrap_or(30),
            summary: &summary,
            location: &slot.location,
            description: &description,
            sequence: u32::try_from(slot.sequence).unwrap_or(0),
            cancelled,
        })
    }

    fn changeable(&self, slot: &SlotRow, rules: &SelectionRules) -> bool {
        slot.starts_at - Duration::hours(i64::from(rules.booking_cutoff_hours)) > self.now()
    }

    async fn decision_board_in(
        &self,
        tx: &mut Tx,
        year: ProgrammeYearRow,
        missions: Option<&[i64]>,
    ) -> AppResult<DecisionBoard> {
        let rules = selection_rules_of(&year);
        let candidates = sel::candidates(
            tx,
            year.id,
            missions,
            &[
                ApplicationStatus::Interviewed,
                ApplicationStatus::ShortListed,
                ApplicationStatus::Alternate,
                ApplicationStatus::NotSelected,
                ApplicationStatus::Accepted,
                ApplicationStatus::Declined,
                ApplicationStatus::Cleared,
                ApplicationStatus::Disqualified,
            ],
        )
        .await?;
        let ids: Vec<i64> = candidates.iter().map(|c| c.id).collect();
        let cards = sel::scorecards_of(tx, &ids).await?;
        let overdue = sel::overdue_applications(tx, year.id, self.now()).await?;
        let mut places = Vec::new();
        for position in Position::ALL {
            let planned = planned(&year, position);
            if planned == 0 && position == Position::Sea && !year.settings.sea_offered {
                continue;
            }
            let taken = sel::places_taken(tx, year.id, position.as_str()).await?;
            places.push(PlaceCount { position: position.as_str().to_owned(), planned, taken });
        }
        let score_of = |c: &CandidateRow| {
            let mine: Vec<f64> = cards.iter().filter(|s| s.application_id == c.id).map(|s| s.score).collect();
            let mean = rules::agreement(&mine, f64::MAX).mean;
            (mean, mine.len(), mean.map(|m| rules::final_score(m, c.written_test_score, rules.interview_share_percent)))
        };
        let ranked: Vec<rules::Ranked> = candidates
            .iter()
            .filter(|c| c.status == ApplicationStatus::Interviewed)
            .filter_map(|c| Position::parse(&c.position).ok().map(|p| (c, p)))
            .map(|(c, position)| rules::Ranked { application: c.id, position, score: score_of(c).2 })
            .collect();
        let left = |p: Position| {
            places.iter().find(|c| c.position == p.as_str()).map_or(0, |c| (c.planned - c.taken).max(0) as u32)
        };
        let proposal = rules::propose(&ranked, left, |p| alternates_for(planned(&year, p)));
        let rows: Vec<DecisionRow> = candidates
            .iter()
            .map(|c| {
                let (mean, n, final_score) = score_of(c);
                DecisionRow {
                    id: c.id,
                    reference: c.reference.clone(),
                    name: format!("{} {}", c.given_name, c.family_name),
                    position: c.position.clone(),
                    status: c.status,
                    interview_mean: mean,
                    scorecards: n,
                    written_test_score: c.written_test_score,
                    final_score,
                    alternate_rank: c.alternate_rank,
                    proposed: proposal.iter().find(|(a, _)| *a == c.id).map(|(_, o)| *o),
                    departure_group: form_str(&c.form_json, "logistics", "departure_group"),
                    overdue: overdue.contains(&c.id),
                    by_post: (c.email.is_none() && c.status != ApplicationStatus::Interviewed)
                        .then(|| form_str(&c.form_json, "personal", "address")),
                }
            })
            .collect();
        let groups = recruitment::departure_groups(tx, year.id).await?;
        let today = self.now().date();
        let group_open = |name: &str| groups.iter().find(|g| g.name == name).is_none_or(|g| g.arrival_date > today);
        let alternates: Vec<rules::AlternateCandidate> = rows
            .iter()
            .filter(|r| r.status == ApplicationStatus::Alternate)
            .filter_map(|r| {
                Some(rules::AlternateCandidate {
                    application: r.id,
                    position: Position::parse(&r.position).ok()?,
                    rank: u32::try_from(r.alternate_rank.unwrap_or(i64::from(u32::MAX))).unwrap_or(u32::MAX),
                    departure_group: r.departure_group.clone(),
                    score: r.final_score,
                })
            })
            .collect();
        let mut upgrades = Vec::new();
        for count in &places {
            let free = count.planned - count.taken;
            let Ok(position) = Position::parse(&count.position) else { continue };
            if free > 0
                && let Some(best) = rules::best_alternate(&alternates, position, group_open)
                && let Some(row) = rows.iter().find(|r| r.id == best.application)
            {
                upgrades.push(UpgradeProposal {
                    position: count.position.clone(),
                    free_places: free,
                    application_id: row.id,
                    reference: row.reference.clone(),
                    rank: row.alternate_rank.unwrap_or(0),
                });
            }
        }
        Ok(DecisionBoard { year, places, rows, upgrades })
    }

    /// Reminds accepted candidates of clearance documents due within a week (at most every three
    /// days). Run by `serve` with the referee reminders; returns how many were reminded.
    pub async fn send_clearance_reminders(&self) -> AppResult<usize> {
        let now = self.now();
        let mut tx = self.store.write().await?;
        let due = sel::clearance_to_remind(&mut tx, now + Duration::days(7), now - Duration::days(3)).await?;
        let mut reminded = 0;
        let mut last = None;
        for item in &due {
            if last != Some(item.application_id) {
                let record = applying::application(&mut tx, item.application_id).await?.ok_or(AppError::NotFound)?;
                let year =
                    recruitment::year_by_id(&mut tx, record.programme_year_id).await?.ok_or(AppError::NotFound)?;
                let owed: Vec<&str> =
                    due.iter().filter(|i| i.application_id == item.application_id).map(|i| i.kind.as_str()).collect();
                let (_, _, language) = applicant_contact(&mut tx, record.person_id).await?;
                let t = Translator::new(language);
                let list = owed.iter().map(|k| t.key("document-kind", k)).collect::<Vec<_>>().join(", ");
                let args = [("due", local_time(&year.time_zone, item.due_at)), ("documents", list)];
                self.mail_applicant(&mut tx, &record, "clearance-reminder", &args, None).await?;
                reminded += 1;
                last = Some(item.application_id);
            }
            sel::mark_clearance_reminded(&mut tx, item.id, now).await?;
        }
        tx.commit().await?;
        Ok(reminded)
    }
}

fn planned(year: &ProgrammeYearRow, position: Position) -> i64 {
    match position {
        Position::Alt => year.settings.places_alt,
        Position::Cir => year.settings.places_cir,
        Position::Sea => year.settings.places_sea,
    }
}

/// The partner named on the form, confirmed when the partner's application (same year) names
/// this one back. Nothing of the partner is shown but the reference the applicant typed.
pub async fn partner_link(tx: &mut Tx, record: &ApplicationRecord) -> AppResult<Option<PartnerLink>> {
    let named = form_str(&record.form_json, "partner", "partner_reference").trim().to_uppercase();
    if named.is_empty() {
        return Ok(None);
    }
    let partner = applying::application_by_reference(tx, &named).await?;
    let confirmed = partner.is_some_and(|p| {
        p.programme_year_id == record.programme_year_id
            && p.id != record.id
            && form_str(&p.form_json, "partner", "partner_reference").trim().eq_ignore_ascii_case(&record.reference)
    });
    Ok(Some(PartnerLink { reference: named, confirmed }))
}

impl Selecting<'_> {
    /// The applications in screening at the caller's missions with their reviewers and scores.
    pub async fn screening_board(&self, year: ProgrammeYearId) -> AppResult<ScreeningBoard> {
        let actor = self.actor();
        let mut tx = self.store.read().await?;
        let year = self.year(&mut tx, year, "screening.read").await?;
        let missions = self.missions();
        let rules = selection_rules_of(&year);
        let candidates = sel::candidates(&mut tx, year.id, missions, &[ApplicationStatus::Submitted]).await?;
        let ids: Vec<i64> = candidates.iter().map(|c| c.id).collect();
        let mut reviews = sel::reviews_of(&mut tx, &ids).await?;
        let reviewers = store::users::mission_staff(&mut tx, missions).await?;
        let rows = candidates
            .into_iter()
            .map(|c| {
                let mine: Vec<ReviewRow> = reviews.extract_if(.., |r| r.application_id == c.id).collect();
                let scores: Vec<f64> = mine.iter().filter_map(|r| r.score).collect();
                let agreement = rules::agreement(&scores, rules.disagreement_threshold);
                let active = mine.iter().filter(|r| r.conflict_of_interest.is_none()).count();
                let needed = usize::from(rules.reviewers_per_application);
                ScreeningRow {
                    name: (!identity_hidden(actor, &year, c.person_id, c.status))
                        .then(|| format!("{} {}", c.given_name, c.family_name)),
                    id: c.id,
                    reference: c.reference,
                    nationality: c.nationality,
                    position: c.position,
                    status: c.status,
                    reviewers_missing: needed.saturating_sub(active),
                    ready: scores.len() >= needed,
                    reviews: mine,
                    agreement,
                }
            })
            .collect();
        Ok(ScreeningBoard { year, rules, rows, reviewers })
    }

    /// Assigns reviewers to applications in screening. A reviewer must be staff of the
    /// application's mission; one already assigned is left as is. Returns the new assignments.
    pub async fn assign_reviewers(
        &self,
        year: ProgrammeYearId,
        applications: &[i64],
        reviewers: &[i64],
    ) -> AppResult<usize> {
        let actor = self.actor();
        if applications.is_empty() {
            return Err(AppError::field("applications", "error-required"));
        }
        if reviewers.is_empty() {
            return Err(AppError::field("reviewers", "error-required"));
        }
        let mut tx = self.store.write().await?;
        let year = self.year(&mut tx, year, "screening.assign").await?;
        let missions = self.missions();
        let staff = store::users::mission_staff_units(&mut tx, reviewers).await?;
        let candidates = sel::candidates(&mut tx, year.id, missions, &[ApplicationStatus::Submitted]).await?;
        let now = self.now();
        let mut added = 0;
        for id in applications {
            let Some(c) = candidates.iter().find(|c| c.id == *id) else {
                return Err(AppError::Invalid(vec![FieldError::with_detail(
                    "applications",
                    "error-not-in-screening",
                    id.to_string(),
                )]));
            };
            for reviewer in reviewers {
                if !staff.iter().any(|(user, mission)| user == reviewer && *mission == c.mission_id) {
                    return Err(AppError::Invalid(vec![FieldError::with_detail(
                        "reviewers",
                        "error-reviewer-not-staff",
                        reviewer.to_string(),
                    )]));
                }
                if sel::assign_reviewer(&mut tx, c.id, *reviewer, actor.user_id.0, now).await? {
                    added += 1;
                    self.audit_done(
                        &mut tx,
                        audit(
                            Some(actor.user_id),
                            "screening.assign",
                            c.id,
                            c.mission_id,
                            json!(null),
                            json!({"reviewer": reviewer}),
                        ),
                    )
                    .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Advances (invites to interview) or rejects (screens out) applications in screening, each
    /// with enough scores; a rejection needs its reason. All or nothing: a refused application
    /// is named and nothing changes.
    pub async fn screening_decision(
        &self,
        year: ProgrammeYearId,
        applications: &[i64],
        advance: bool,
        reason: Option<&str>,
    ) -> AppResult<usize> {
        let actor = self.actor();
        let reason = optional_text("reason", reason)?;
        if !advance && reason.is_none() {
            return Err(AppError::field("reason", "error-required"));
        }
        if applications.is_empty() {
            return Err(AppError::field("applications", "error-required"));
        }
        let mut tx = self.store.write().await?;
        let year = self.year(&mut tx, year, "screening.decide").await?;
        let missions = self.missions();
        let rules = selection_rules_of(&year);
        let candidates = sel::candidates(&mut tx, year.id, missions, &[ApplicationStatus::Submitted]).await?;
        let reviews = sel::reviews_of(&mut tx, applications).await?;
        let to = if advance { ApplicationStatus::InvitedToInterview } else { ApplicationStatus::ScreenedOut };
        let mut moved = 0;
        for id in applications {
            let Some(c) = candidates.iter().find(|c| c.id == *id) else {
                return Err(AppError::Invalid(vec![FieldError::with_detail(
                    "applications",
                    "error-not-in-screening",
                    id.to_string(),
                )]));
            };
            let scored = reviews.iter().filter(|r| r.application_id == c.id && r.score.is_some()).count();
            if scored < usize::from(rules.reviewers_per_application) {
                return Err(AppError::Invalid(vec![FieldError::with_detail(
                    "applications",
                    "error-not-enough-scores",
                    c.reference.clone(),
                )]));
            }
            let record = applying::application(&mut tx, c.id).await?.ok_or(AppError::NotFound)?;
            let action = if advance { "screening.advance" } else { "screening.reject" };
            let after = self
                .move_application(&mut tx, Some(actor), &record, to, reason.as_ref().map(ShortText::as_str), action)
                .await?;
            let template = if advance { "invited" } else { "screened-out" };
            let interviews = match (year.settings.interviews_from, year.settings.interviews_until) {
                (Some(a), Some(b)) => format!("{a} – {b}"),
                _ => String::new(),
            };
            self.mail_applicant(&mut tx, &after, template, &[("interviews", interviews)], None).await?;
            moved += 1;
        }
        tx.commit().await?;
        Ok(moved)
    }

    /// Adds `count` consecutive slots of `minutes` for a panel at a location, the first at
    /// `first` (local time of the country, `YYYY-MM-DDTHH:MM`), at one of the caller's missions.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_interview_slots(
        &self,
        year: ProgrammeYearId,
        mission: i64,
        location: &str,
        panel: &str,
        first: &str,
        count: u32,
        minutes: u32,
    ) -> AppResult<usize> {
        let actor = self.actor();
        let location = ShortText::parse("location", location);
        let panel = ShortText::parse("panel", panel);
        let mut errors = Vec::new();
        if !(1..=100).contains(&count) {
            errors.push(FieldError::with_limit("count", "error-count-range", 100));
        }
        if !(10..=240).contains(&minutes) {
            errors.push(FieldError::with_limit("minutes", "error-minutes-range", 240));
        }
        let mut tx = self.store.write().await?;
        let year = self.year(&mut tx, year, "interview.slots").await?;
        let missions = self.missions();
        if missions.as_ref().is_some_and(|m| !m.contains(&mission)) {
            drop(tx);
            return Err(self.audit_denied(Some(actor), "interview.slots", "mission", mission.to_string()).await);
        }
        let first = parse_local("first", &year.time_zone, first).map_err(|e| errors.push(e)).ok();
        let location = location.map_err(|e| errors.push(e)).ok();
        let panel = panel.map_err(|e| errors.push(e)).ok();
        let (Some(first), Some(location), Some(panel), true) = (first, location, panel, errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        let mut added = 0;
        for i in 0..count {
            let slot = sel::NewSlot {
                year: year.id,
                mission,
                location: location.as_str(),
                panel: panel.as_str(),
                starts_at: first + Duration::minutes(i64::from(i) * i64::from(minutes)),
                minutes: i64::from(minutes),
            };
            if sel::insert_slot(&mut tx, &slot).await? {
                added += 1;
            }
        }
        self.audit_done(
            &mut tx,
            AuditEntry {
                actor: Some(actor.user_id),
                action: "interview.slots-add",
                entity: "programme-year",
                entity_id: year.id.to_string(),
                unit_key: format!("mission:{mission}"),
                outcome: AuditOutcome::Done,
                before: None,
                after: Some(json!({"location": location.as_str(), "panel": panel.as_str(), "added": added})),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(added)
    }

    /// The slots of a year at the caller's missions, with the scorecards of those interviewed.
    pub async fn interview_board(&self, year: ProgrammeYearId) -> AppResult<InterviewBoard> {
        let mut tx = self.store.read().await?;
        let year = self.year(&mut tx, year, "interview.read").await?;
        let missions = self.missions();
        let slots = sel::slots(&mut tx, year.id, missions).await?;
        let booked: Vec<i64> = slots.iter().filter_map(|s| s.application_id).collect();
        let mut cards = sel::scorecards_of(&mut tx, &booked).await?;
        let invited = sel::candidates(
            &mut tx,
            year.id,
            missions,
            &[
                ApplicationStatus::InvitedToInterview,
                ApplicationStatus::Interviewed,
                ApplicationStatus::ShortListed,
                ApplicationStatus::Alternate,
                ApplicationStatus::NotSelected,
            ],
        )
        .await?;
        let unbooked = invited
            .iter()
            .filter(|c| c.status == ApplicationStatus::InvitedToInterview && !booked.contains(&c.id))
            .map(|c| UnbookedCandidate { application_id: c.id, reference: c.reference.clone() })
            .collect();
        let slots = slots
            .into_iter()
            .map(|slot| {
                let scorecards = match slot.application_id {
                    Some(a) => cards.extract_if(.., |c| c.application_id == a).collect(),
                    None => vec![],
                };
                let written_test_score = slot
                    .application_id
                    .and_then(|a| invited.iter().find(|c| c.id == a))
                    .and_then(|c| c.written_test_score);
                SlotView {
                    starts_local: local_time(&year.time_zone, slot.starts_at),
                    slot,
                    scorecards,
                    written_test_score,
                }
            })
            .collect();
        Ok(InterviewBoard { rules: selection_rules_of(&year), year, slots, unbooked })
    }

    /// A panel member's scorecard; the first one marks the candidate interviewed.
    pub async fn score_interview(
        &self,
        application: ApplicationId,
        marks: &Marks,
        remarks: Option<&str>,
    ) -> AppResult<Vec<ScorecardRow>> {
        let actor = self.actor();
        let remarks = optional_text("remarks", remarks)?;
        let mut tx = self.store.write().await?;
        let (record, year) = self.application(&mut tx, application, "interview.score").await?;
        let application = application.0;
        let status = record.status;
        if !matches!(status, ApplicationStatus::InvitedToInterview | ApplicationStatus::Interviewed) {
            return Err(AppError::field("status", "error-not-invited"));
        }
        if sel::slot_of(&mut tx, application).await?.is_none() {
            return Err(AppError::field("slot", "error-no-slot"));
        }
        let score = score_of(&selection_rules_of(&year).interview, marks)?;
        let scores_json = serde_json::to_string(marks).map_err(|e| AppError::Internal(e.to_string()))?;
        sel::save_scorecard(
            &mut tx,
            application,
            actor.user_id.0,
            &scores_json,
            score,
            remarks.as_ref().map(ShortText::as_str),
            self.now(),
        )
        .await?;
        self.audit_done(
            &mut tx,
            audit(
                Some(actor.user_id),
                "interview.scorecard",
                record.id,
                record.mission_id,
                json!(null),
                json!({"score": score, "marks": marks}),
            ),
        )
        .await?;
        if status == ApplicationStatus::InvitedToInterview {
            self.move_application(
                &mut tx,
                Some(actor),
                &record,
                ApplicationStatus::Interviewed,
                None,
                "interview.held",
            )
            .await?;
        }
        let cards = sel::scorecards_of(&mut tx, &[application]).await?;
        tx.commit().await?;
        Ok(cards)
    }

    /// Records the written test's result (0–100), or clears it.
    pub async fn set_written_test(&self, application: ApplicationId, score: Option<i64>) -> AppResult<()> {
        let actor = self.actor();
        if score.is_some_and(|s| !(0..=100).contains(&s)) {
            return Err(AppError::Invalid(vec![FieldError::with_limit("written_test_score", "error-test-range", 100)]));
        }
        let mut tx = self.store.write().await?;
        let (record, _) = self.application(&mut tx, application, "interview.written-test").await?;
        let application = application.0;
        sel::set_written_test(&mut tx, application, score).await?;
        self.audit_done(
            &mut tx,
            audit(
                Some(actor.user_id),
                "interview.written-test",
                record.id,
                record.mission_id,
                json!({"written_test_score": record.written_test_score}),
                json!({"written_test_score": score}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The interviewed and decided candidates with their scores, the proposal within the plan,
    /// the places taken, and for each freed place the alternate proposed to fill it.
    pub async fn decision_board(&self, year: ProgrammeYearId) -> AppResult<DecisionBoard> {
        let mut tx = self.store.read().await?;
        let year = self.year(&mut tx, year, "selection.read").await?;
        let missions = self.missions();
        self.decision_board_in(&mut tx, year, missions).await
    }

    /// Decides interviewed candidates: short-listed within the plan's places per position,
    /// alternates with their rank, or not selected. One change: all or nothing, and each
    /// candidate is told in their language.
    pub async fn decide(&self, year: ProgrammeYearId, decisions: &[Decision]) -> AppResult<usize> {
        let actor = self.actor();
        if decisions.is_empty() {
            return Err(AppError::field("decisions", "error-required"));
        }
        let mut tx = self.store.write().await?;
        let year = self.year(&mut tx, year, "selection.decide").await?;
        let missions = self.missions();
        // The year's row guards its places: two desks deciding at once count one after the other.
        tx.lock_guard(Guard::ProgrammeYear, year.id).await?;
        let candidates = sel::candidates(&mut tx, year.id, missions, &[ApplicationStatus::Interviewed]).await?;
        let mut short = std::collections::HashMap::<Position, i64>::new();
        let mut plan = Vec::new();
        for (i, d) in decisions.iter().enumerate() {
            let field = format!("decisions[{i}]");
            let Some(c) = candidates.iter().find(|c| c.id == d.application) else {
                return Err(AppError::Invalid(vec![FieldError::with_detail(
                    format!("{field}.application"),
                    "error-not-interviewed",
                    d.application.to_string(),
                )]));
            };
            let outcome = match (d.outcome.as_str(), d.rank) {
                ("short-listed", _) => Outcome::ShortListed,
                ("alternate", Some(rank)) if rank >= 1 => Outcome::Alternate(rank),
                ("alternate", _) => {
                    return Err(AppError::Invalid(vec![FieldError::new(format!("{field}.rank"), "error-required")]));
                }
                ("not-selected", _) => Outcome::NotSelected,
                _ => {
                    return Err(AppError::Invalid(vec![FieldError::new(
                        format!("{field}.outcome"),
                        "error-outcome-invalid",
                    )]));
                }
            };
            let position = Position::parse(&c.position)?;
            if outcome == Outcome::ShortListed {
                *short.entry(position).or_default() += 1;
            }
            plan.push((c.id, outcome));
        }
        for (position, wanted) in &short {
            let taken = sel::places_taken(&mut tx, year.id, position.as_str()).await?;
            let planned = planned(&year, *position);
            if taken + wanted > planned {
                return Err(AppError::Invalid(vec![FieldError {
                    field: "decisions".into(),
                    reason: "error-over-plan",
                    limit: Some(u64::try_from(planned).unwrap_or(0)),
                    detail: Some(position.as_str().to_owned()),
                }]));
            }
        }
        let results = year.settings.results_by.map(|d| d.to_string()).unwrap_or_default();
        let reply = year.settings.reply_deadline.map(|t| local_time(&year.time_zone, t)).unwrap_or_default();
        for (id, outcome) in &plan {
            let record = applying::application(&mut tx, *id).await?.ok_or(AppError::NotFound)?;
            let (to, template, rank) = match outcome {
                Outcome::ShortListed => (ApplicationStatus::ShortListed, "short-listed", None),
                Outcome::Alternate(rank) => (ApplicationStatus::Alternate, "alternate", Some(i64::from(*rank))),
                Outcome::NotSelected => (ApplicationStatus::NotSelected, "not-selected", None),
            };
            let after = self.move_application(&mut tx, Some(actor), &record, to, None, "selection.decide").await?;
            sel::set_alternate_rank(&mut tx, *id, rank).await?;
            let args = [
                ("rank", rank.map(|r| r.to_string()).unwrap_or_default()),
                ("reply", reply.clone()),
                ("results", results.clone()),
            ];
            self.mail_applicant(&mut tx, &after, template, &args, None).await?;
        }
        tx.commit().await?;
        Ok(plan.len())
    }

    /// Upgrades an alternate to the short-list when a place of their position is free; the
    /// candidate is told at once.
    pub async fn upgrade_alternate(&self, application: ApplicationId) -> AppResult<ApplicationRecord> {
        let actor = self.actor();
        let mut tx = self.store.write().await?;
        let (record, year) = self.application(&mut tx, application, "selection.upgrade").await?;
        let application = application.0;
        // The year's row guards its places (see `decide`); the record is read again under it, so
        // an upgrade racing a decision over the same alternate is a conflict, not a second place.
        tx.lock_guard(Guard::ProgrammeYear, year.id).await?;
        let record = applying::application(&mut tx, record.id).await?.ok_or(AppError::NotFound)?;
        if record.status != ApplicationStatus::Alternate {
            return Err(AppError::field("status", "error-not-alternate"));
        }
        let position = Position::parse(&record.position)?;
        let taken = sel::places_taken(&mut tx, year.id, position.as_str()).await?;
        let planned = planned(&year, position);
        if taken >= planned {
            return Err(AppError::Invalid(vec![FieldError {
                field: "status".into(),
                reason: "error-over-plan",
                limit: Some(u64::try_from(planned).unwrap_or(0)),
                detail: Some(position.as_str().to_owned()),
            }]));
        }
        let after = self
            .move_application(&mut tx, Some(actor), &record, ApplicationStatus::ShortListed, None, "selection.upgrade")
            .await?;
        sel::set_alternate_rank(&mut tx, application, None).await?;
        let reply = year.settings.reply_deadline.map(|t| local_time(&year.time_zone, t)).unwrap_or_default();
        self.mail_applicant(&mut tx, &after, "upgraded", &[("reply", reply)], None).await?;
        let after = applying::application(&mut tx, application).await?.ok_or(AppError::NotFound)?;
        tx.commit().await?;
        Ok(after)
    }

    /// Disqualifies a candidate for a missed deadline or a false statement, with the details on
    /// record; the candidate is told, and a freed place shows its proposed alternate.
    pub async fn disqualify(
        &self,
        application: ApplicationId,
        ground: rules::Ground,
        details: &str,
    ) -> AppResult<ApplicationRecord> {
        let actor = self.actor();
        let ground = ground.as_str();
        let details = ShortText::parse("details", details)?;
        let mut tx = self.store.write().await?;
        let (record, _) = self.application(&mut tx, application, "selection.disqualify").await?;
        let application = application.0;
        let reason = format!("{ground}: {}", details.as_str());
        let after = self
            .move_application(
                &mut tx,
                Some(actor),
                &record,
                ApplicationStatus::Disqualified,
                Some(&reason),
                "selection.disqualify",
            )
            .await?;
        sel::release(&mut tx, application).await?;
        self.mail_applicant(&mut tx, &after, "disqualified", &[("ground", ground.to_owned())], None).await?;
        tx.commit().await?;
        Ok(after)
    }
}

impl Reviewing<'_> {
    /// The caller's reviews still to do (and done) in screening.
    pub async fn my_reviews(&self) -> AppResult<Vec<ReviewRow>> {
        let actor = self.actor();
        let mut tx = self.store.read().await?;
        Ok(sel::queue_of(&mut tx, actor.user_id.0).await?)
    }

    /// An application as its reviewer sees it: blind screening hides the name, the birth date
    /// (age), and the name on the documents list.
    pub async fn review_view(&self, application: ApplicationId) -> AppResult<ReviewView> {
        let actor = self.actor();
        let mut tx = self.store.read().await?;
        let review = self.own_review(&mut tx, application).await?;
        let application = application.0;
        let record = applying::application(&mut tx, application).await?.ok_or(AppError::NotFound)?;
        let year = recruitment::year_by_id(&mut tx, record.programme_year_id).await?.ok_or(AppError::NotFound)?;
        let rules = selection_rules_of(&year);
        let blind = identity_hidden(actor, &year, record.person_id, record.status);
        // A reviewer who declared a conflict of interest reads nothing personal of it any more.
        let conflicted = review.conflict_of_interest.is_some();
        let mut form: Json =
            if conflicted { json!({}) } else { serde_json::from_str(&record.form_json).unwrap_or(json!({})) };
        let person = store::programme::person_by_id(&mut tx, record.person_id).await?.ok_or(AppError::NotFound)?;
        if blind {
            hide_identity(&mut form);
        }
        let documents = if conflicted { vec![] } else { applying::documents(&mut tx, application).await? };
        let documents = documents
            .into_iter()
            .map(|d| if blind { applying::DocumentRow { file_name: d.kind.clone(), ..d } } else { d })
            .collect();
        Ok(ReviewView {
            application_id: record.id,
            reference: record.reference,
            position: record.position,
            status: record.status,
            blind,
            name: (!blind && !conflicted).then(|| format!("{} {}", person.given_name, person.family_name)),
            form,
            documents,
            rubric: rules.screening,
            review: Some(review),
        })
    }

    /// A reviewer declares a conflict of interest: they no longer score this application and
    /// the board asks for another reviewer.
    pub async fn declare_conflict(&self, application: ApplicationId, reason: &str) -> AppResult<ReviewRow> {
        let actor = self.actor();
        let reason = ShortText::parse("reason", reason)?;
        let mut tx = self.store.write().await?;
        let review = self.own_review(&mut tx, application).await?;
        let application = application.0;
        let record = applying::application(&mut tx, application).await?.ok_or(AppError::NotFound)?;
        sel::declare_conflict(&mut tx, review.id, reason.as_str()).await?;
        self.audit_done(
            &mut tx,
            audit(
                Some(actor.user_id),
                "screening.conflict-of-interest",
                record.id,
                record.mission_id,
                json!({"score": review.score}),
                json!({"conflict_of_interest": reason.as_str()}),
            ),
        )
        .await?;
        let after = sel::review(&mut tx, application, actor.user_id.0).await?.ok_or(AppError::NotFound)?;
        tx.commit().await?;
        Ok(after)
    }

    /// A reviewer scores an application in screening against the year's rubric.
    pub async fn score_screening(
        &self,
        application: ApplicationId,
        marks: &Marks,
        remarks: Option<&str>,
    ) -> AppResult<ReviewRow> {
        let actor = self.actor();
        let remarks = optional_text("remarks", remarks)?;
        let mut tx = self.store.write().await?;
        let review = self.own_review(&mut tx, application).await?;
        let application = application.0;
        if review.conflict_of_interest.is_some() {
            return Err(AppError::field("scores", "error-conflict-declared"));
        }
        let record = applying::application(&mut tx, application).await?.ok_or(AppError::NotFound)?;
        if record.status != ApplicationStatus::Submitted {
            return Err(AppError::field("status", "error-not-in-screening"));
        }
        let year = recruitment::year_by_id(&mut tx, record.programme_year_id).await?.ok_or(AppError::NotFound)?;
        let score = score_of(&selection_rules_of(&year).screening, marks)?;
        let scores_json = serde_json::to_string(marks).map_err(|e| AppError::Internal(e.to_string()))?;
        sel::score_review(&mut tx, review.id, &scores_json, score, remarks.as_ref().map(ShortText::as_str), self.now())
            .await?;
        self.audit_done(
            &mut tx,
            audit(
                Some(actor.user_id),
                "screening.score",
                record.id,
                record.mission_id,
                json!({"score": review.score}),
                json!({"score": score, "marks": marks}),
            ),
        )
        .await?;
        let after = sel::review(&mut tx, application, actor.user_id.0).await?.ok_or(AppError::NotFound)?;
        tx.commit().await?;
        Ok(after)
    }
}

impl Applicant<'_> {
    /// The applicant books (or moves to) a free slot of their mission, up to the cutoff before
    /// both the old and the new slot; the invitation mail carries the calendar event.
    pub async fn book_interview(&self, application: ApplicationId, slot: InterviewSlotId) -> AppResult<SlotRow> {
        let actor = self.actor();
        let mut tx = self.store.write().await?;
        let record = self.own_application(&mut tx, application).await?;
        let application = application.0;
        // One booking of an application at a time: two at once would each find no slot held and
        // book two (the slot's own capacity of one is kept by `sel::book`'s conditional update).
        tx.lock_guard(Guard::Application, application).await?;
        if record.status != ApplicationStatus::InvitedToInterview {
            return Err(AppError::field("slot", "error-not-invited"));
        }
        let year = recruitment::year_by_id(&mut tx, record.programme_year_id).await?.ok_or(AppError::NotFound)?;
        let rules = selection_rules_of(&year);
        let wanted = sel::slot(&mut tx, slot.0).await?.ok_or(AppError::NotFound)?;
        if wanted.mission_id != record.mission_id || wanted.programme_year_id != record.programme_year_id {
            return Err(AppError::NotFound);
        }
        if !self.changeable(&wanted, &rules) {
            return Err(AppError::Invalid(vec![FieldError::with_limit(
                "slot",
                "error-slot-too-late",
                u64::from(rules.booking_cutoff_hours),
            )]));
        }
        let before = sel::slot_of(&mut tx, application).await?;
        if let Some(old) = &before {
            if old.id == wanted.id {
                return Ok(old.clone());
            }
            if !self.changeable(old, &rules) {
                return Err(AppError::Invalid(vec![FieldError::with_limit(
                    "slot",
                    "error-slot-too-late",
                    u64::from(rules.booking_cutoff_hours),
                )]));
            }
            sel::release(&mut tx, application).await?;
        }
        if !sel::book(&mut tx, wanted.id, application, self.now()).await? {
            return Err(AppError::field("slot", "error-slot-taken"));
        }
        let booked = sel::slot(&mut tx, wanted.id).await?.ok_or(AppError::NotFound)?;
        let ics = self.calendar(&record, &booked, actor.language, false);
        let when = local_time(&year.time_zone, booked.starts_at);
        self.mail_applicant(
            &mut tx,
            &record,
            "interview-booked",
            &[("when", when), ("location", booked.location.clone())],
            Some(ics),
        )
        .await?;
        self.audit_done(
            &mut tx,
            audit(
                Some(actor.user_id),
                if before.is_some() { "interview.move" } else { "interview.book" },
                record.id,
                record.mission_id,
                json!({"slot": before.map(|s| s.id)}),
                json!({"slot": booked.id}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(booked)
    }

    /// The applicant cancels their slot (until the cutoff); the mail cancels the calendar event.
    pub async fn cancel_interview(&self, application: ApplicationId) -> AppResult<()> {
        let actor = self.actor();
        let mut tx = self.store.write().await?;
        let record = self.own_application(&mut tx, application).await?;
        let application = application.0;
        let year = recruitment::year_by_id(&mut tx, record.programme_year_id).await?.ok_or(AppError::NotFound)?;
        let rules = selection_rules_of(&year);
        let slot = sel::slot_of(&mut tx, application).await?.ok_or(AppError::NotFound)?;
        if record.status != ApplicationStatus::InvitedToInterview || !self.changeable(&slot, &rules) {
            return Err(AppError::Invalid(vec![FieldError::with_limit(
                "slot",
                "error-slot-too-late",
                u64::from(rules.booking_cutoff_hours),
            )]));
        }
        sel::release(&mut tx, application).await?;
        let cancelled = SlotRow { sequence: slot.sequence + 1, ..slot.clone() };
        let ics = self.calendar(&record, &cancelled, actor.language, true);
        let when = local_time(&year.time_zone, slot.starts_at);
        self.mail_applicant(&mut tx, &record, "interview-cancelled", &[("when", when)], Some(ics)).await?;
        self.audit_done(
            &mut tx,
            audit(
                Some(actor.user_id),
                "interview.cancel",
                record.id,
                record.mission_id,
                json!({"slot": slot.id}),
                json!({"slot": null}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The applicant's interview as an iCalendar file.
    pub async fn interview_calendar(&self, application: ApplicationId) -> AppResult<String> {
        let actor = self.actor();
        let mut tx = self.store.read().await?;
        let record = self.own_application(&mut tx, application).await?;
        let application = application.0;
        let slot = sel::slot_of(&mut tx, application).await?.ok_or(AppError::NotFound)?;
        Ok(self.calendar(&record, &slot, actor.language, false))
    }

    /// The short-listed candidate's reply: accepting opens the clearance documents with their
    /// deadline; declining gives up the place (with the reason).
    pub async fn reply_to_offer(
        &self,
        application: ApplicationId,
        accept: bool,
        reason: Option<&str>,
    ) -> AppResult<ApplicationRecord> {
        let actor = self.actor();
        let reason = optional_text("reason", reason)?;
        let mut tx = self.store.write().await?;
        let record = self.own_application(&mut tx, application).await?;
        let application = application.0;
        if record.status != ApplicationStatus::ShortListed {
            return Err(AppError::field("status", "error-not-short-listed"));
        }
        let year = recruitment::year_by_id(&mut tx, record.programme_year_id).await?.ok_or(AppError::NotFound)?;
        let now = self.now();
        if let Some(deadline) = year.settings.reply_deadline
            && now > deadline
        {
            return Err(AppError::Invalid(vec![FieldError::with_detail(
                "reply",
                "error-reply-closed",
                local_time(&year.time_zone, deadline),
            )]));
        }
        let to = if accept { ApplicationStatus::Accepted } else { ApplicationStatus::Declined };
        let action = if accept { "selection.accept" } else { "selection.decline" };
        let after = self
            .move_application(&mut tx, Some(actor), &record, to, reason.as_ref().map(ShortText::as_str), action)
            .await?;
        sel::set_replied(&mut tx, application, now).await?;
        if accept {
            let due = now + Duration::days(i64::from(selection_rules_of(&year).clearance_days));
            for kind in CLEARANCE_KINDS {
                sel::insert_clearance(&mut tx, application, kind, due).await?;
            }
            self.mail_applicant(&mut tx, &after, "accepted", &[("due", local_time(&year.time_zone, due))], None)
                .await?;
        }
        let after = applying::application(&mut tx, application).await?.ok_or(AppError::NotFound)?;
        tx.commit().await?;
        Ok(after)
    }

    /// An accepted candidate sends a clearance document; the last one clears them.
    pub async fn upload_clearance(
        &self,
        application: ApplicationId,
        kind: &str,
        file_name: &str,
        bytes: Vec<u8>,
        expected_sha256: Option<&str>,
    ) -> AppResult<Vec<ClearanceRow>> {
        let actor = self.actor();
        if !CLEARANCE_KINDS.contains(&kind) {
            return Err(AppError::field("kind", "error-document-kind"));
        }
        let (name, content_type, sha256) = checked_file(file_name, &bytes, expected_sha256)?;
        let mut tx = self.store.write().await?;
        let record = self.own_application(&mut tx, application).await?;
        let application = application.0;
        if record.status != ApplicationStatus::Accepted {
            return Err(AppError::field("status", "error-not-accepted"));
        }
        let items = sel::clearance_of(&mut tx, application).await?;
        if items.iter().any(|i| i.kind == kind && i.received_at.is_some()) {
            return Ok(items);
        }
        let document = match applying::document_by_hash(&mut tx, application, &sha256).await? {
            Some(existing) => existing.id,
            None => {
                let new = applying::NewDocument {
                    application,
                    kind,
                    file_name: name.as_str(),
                    content_type,
                    sha256: &sha256,
                    content: bytes,
                    uploaded_by: Some(actor.user_id.0),
                    referee: None,
                };
                applying::insert_document(&mut tx, new, self.now()).await?.id
            }
        };
        sel::receive_clearance(&mut tx, application, kind, document, self.now()).await?;
        self.audit_done(
            &mut tx,
            audit(
                Some(actor.user_id),
                "clearance.upload",
                record.id,
                record.mission_id,
                json!(null),
                json!({"kind": kind, "document": document, "sha256": sha256}),
            ),
        )
        .await?;
        let items = sel::clearance_of(&mut tx, application).await?;
        if items.iter().all(|i| i.received_at.is_some()) {
            let after = self
                .move_application(&mut tx, None, &record, ApplicationStatus::Cleared, None, "clearance.complete")
                .await?;
            self.mail_applicant(&mut tx, &after, "cleared", &[], None).await?;
        }
        tx.commit().await?;
        Ok(items)
    }

    /// What an applicant's status page shows of selection.
    pub async fn applicant_selection(&self, application: ApplicationId) -> AppResult<ApplicantSelection> {
        let mut tx = self.store.read().await?;
        let record = self.own_application(&mut tx, application).await?;
        let application = application.0;
        let year = recruitment::year_by_id(&mut tx, record.programme_year_id).await?.ok_or(AppError::NotFound)?;
        let rules = selection_rules_of(&year);
        let slot = sel::slot_of(&mut tx, application).await?;
        let invited = record.status == ApplicationStatus::InvitedToInterview;
        let bookable = if invited && slot.as_ref().is_none_or(|s| self.changeable(s, &rules)) {
            sel::slots(&mut tx, year.id, Some(&[record.mission_id]))
                .await?
                .into_iter()
                .filter(|s| s.application_id.is_none() && self.changeable(s, &rules))
                .map(|s| (s.id, local_time(&year.time_zone, s.starts_at), s.location))
                .collect()
        } else {
            vec![]
        };
        let clearance = sel::clearance_of(&mut tx, application)
            .await?
            .into_iter()
            .map(|item| ClearanceView { due_local: local_time(&year.time_zone, item.due_at), item })
            .collect();
        let partner = partner_link(&mut tx, &record).await?;
        Ok(ApplicantSelection {
            slot_local: slot.as_ref().map(|s| local_time(&year.time_zone, s.starts_at)),
            slot_changeable: invited && slot.as_ref().is_some_and(|s| self.changeable(s, &rules)),
            slot,
            bookable,
            clearance,
            reply_deadline_local: year.settings.reply_deadline.map(|t| local_time(year.deadline_zone(), t)),
            partner,
            booking_cutoff_hours: rules.booking_cutoff_hours,
        })
    }
}
