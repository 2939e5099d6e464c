//! The candidate's file: one application as the people selecting see it, every part in one place
//! (the form, documents, referees' letters, eligibility, reviews, the interview, decisions,
//! clearance and the history of what was decided). Which parts a reader gets is decided here, from
//! how they came to the file ([`FileReader`]) and the year's rules, never by the page that shows it:
//! - the desk of the application's mission and CLAIR read all of it;
//! - a reviewer reads what screening needs and their own review, not the other reviewers' scores
//!   (each scores on their own) or what came after screening;
//! - a reader who declared a conflict of interest reads nothing personal: the reference, the
//!   position, the status and their declaration;
//! - blind screening hides who applied from all of them until the invitation to interview.

use crate::access::{FileReader, FileReading};
use crate::blind::{hide_identity, identity_hidden};
use crate::error::{AppError, AppResult};
use crate::i18n::Translator;
use crate::recruitment::{local_time, selection_rules_of};
use crate::selection::ClearanceView;
use domain::ApplicationId;
use domain::ApplicationStatus;
use domain::eligibility::Rule;
use domain::lifecycle::Lifecycle;
use domain::selection::Criterion;
use serde::Serialize;
use serde_json::{Value as Json, json};
use store::applying::{self, DocumentRow, RefereeRow};
use store::audit::{self, HistoryRow};
use store::recruitment;
use store::selection::{self as sel, ReviewRow, ScorecardRow, SlotRow};

/// How many steps of an application's history the file shows (a busy application has a few
/// dozen: saves, uploads, a review each, a decision).
const HISTORY_STEPS: i64 = 200;

/// One eligibility finding, named in the reader's language; the message is the one the applicant
/// was shown at submission, in their language.
#[derive(Debug, Clone, Serialize)]
pub struct FileFinding {
    pub rule: String,
    pub rule_name: String,
    /// `ineligible` or `condition`.
    pub severity: String,
    pub message: String,
}

/// A mission's acceptance of what the eligibility rules refused.
#[derive(Debug, Clone, Serialize)]
pub struct FileOverride {
    pub by: Option<String>,
    pub at_local: Option<String>,
    pub reason: String,
}

/// A referee and the letter they sent, if it came.
#[derive(Debug, Clone, Serialize)]
pub struct FileReferee {
    pub name: String,
    pub invited_local: String,
    pub received_local: Option<String>,
    pub letter: Option<DocumentRow>,
}

/// One step of the history, in the country's time. `by` is `None` for the applicant's own steps
/// and for the system's (the page says which), so no address or name of the applicant shows.
#[derive(Debug, Clone, Serialize)]
pub struct FileStep {
    pub at_local: String,
    pub action: String,
    /// The staff member who did it.
    pub by: Option<String>,
    /// Whether the applicant did it themselves.
    pub by_applicant: bool,
    /// The status it moved the application to, where it moved it.
    pub status: Option<ApplicationStatus>,
    /// The reason given with it (a screening-out, a disqualification, an override).
    pub reason: Option<String>,
    /// How many times in a row it was done (an applicant saves their form often); `at_local` is
    /// the latest.
    pub times: u32,
}

/// The candidate's file. Parts the reader may not see are empty (`None`, `[]`); `reader` says why.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateFile {
    pub reader: FileReader,
    pub id: i64,
    pub reference: String,
    pub position: String,
    pub status: ApplicationStatus,
    pub status_reason: Option<String>,
    pub programme_year_id: i64,
    pub year: i64,
    pub country_code: String,
    /// The country, in the reader's language.
    pub country: String,
    pub mission_id: i64,
    pub mission_en: String,
    pub mission_ja: String,
    pub submitted_local: Option<String>,
    /// Blind screening hides who applied (name, birth date, contact details, file names).
    pub identity_hidden: bool,
    pub name: Option<String>,
    pub nationality: Option<String>,
    /// The form, without what tells who applied while that is hidden; `{}` for a conflicted reader.
    pub form: Json,
    /// The applicant's documents (transcript, proof of degree, certificates), letters apart.
    pub documents: Vec<DocumentRow>,
    pub referees: Vec<FileReferee>,
    pub findings: Vec<FileFinding>,
    pub eligibility_override: Option<FileOverride>,
    /// The desk: every review; a reviewer: their own; a conflicted reader: their declaration.
    pub reviews: Vec<ReviewRow>,
    pub screening_rubric: Vec<Criterion>,
    pub interview_rubric: Vec<Criterion>,
    pub slot: Option<SlotRow>,
    pub slot_local: Option<String>,
    pub scorecards: Vec<ScorecardRow>,
    /// The mean of the panel's scorecards (1–5).
    pub interview_mean: Option<f64>,
    pub written_test_score: Option<i64>,
    pub alternate_rank: Option<i64>,
    pub replied_local: Option<String>,
    pub clearance: Vec<ClearanceView>,
    /// Newest first.
    pub history: Vec<FileStep>,
}

impl FileReading<'_> {
    /// The candidate's file of `id`, as far as the caller may read it.
    pub async fn candidate_file(&self, id: ApplicationId) -> AppResult<CandidateFile> {
        let actor = self.actor();
        let mut tx = self.store.read().await?;
        let (record, reader, own_review) = self.reader(&mut tx, id).await?;
        let year = recruitment::year_by_id(&mut tx, record.programme_year_id).await?.ok_or(AppError::NotFound)?;
        let mission = store::programme::mission_by_id(&mut tx, record.mission_id).await?.ok_or(AppError::NotFound)?;
        let rules = selection_rules_of(&year);
        let tz = year.time_zone.clone();
        let local = |at: time::OffsetDateTime| local_time(&tz, at);
        let hidden = identity_hidden(actor, &year, record.person_id, record.status);
        let personal = reader != FileReader::Conflicted;
        let desk = reader == FileReader::Desk;
        let t = Translator::new(actor.language);
        // The country in the reader's language (the reference table holds all three).
        let country = store::programme::countries(&mut tx)
            .await?
            .into_iter()
            .find(|c| c.code == year.country_code)
            .map(|c| match actor.language {
                domain::Language::En => c.name_en,
                domain::Language::Ja => c.name_ja,
                domain::Language::Ko => c.name_ko,
            })
            .unwrap_or_else(|| year.country_en.clone());

        let mut file = CandidateFile {
            reader,
            id: record.id,
            reference: record.reference.clone(),
            position: record.position.clone(),
            status: record.status,
            status_reason: None,
            programme_year_id: year.id,
            year: year.year,
            country_code: year.country_code.clone(),
            country,
            mission_id: mission.id,
            mission_en: mission.name_en,
            mission_ja: mission.name_ja,
            submitted_local: record.submitted_at.map(local),
            identity_hidden: hidden,
            name: None,
            nationality: None,
            form: json!({}),
            documents: vec![],
            referees: vec![],
            findings: vec![],
            eligibility_override: None,
            reviews: own_review.iter().cloned().collect(),
            screening_rubric: rules.screening.clone(),
            interview_rubric: vec![],
            slot: None,
            slot_local: None,
            scorecards: vec![],
            interview_mean: None,
            written_test_score: None,
            alternate_rank: None,
            replied_local: None,
            clearance: vec![],
            history: vec![],
        };
        if !personal {
            return Ok(file);
        }

        let person = store::programme::person_by_id(&mut tx, record.person_id).await?.ok_or(AppError::NotFound)?;
        if !hidden {
            file.name = Some(format!("{} {}", person.given_name, person.family_name));
        }
        file.nationality = Some(person.nationality);
        let mut form: Json = serde_json::from_str(&record.form_json).unwrap_or(json!({}));
        if hidden {
            hide_identity(&mut form);
        }
        file.form = form;
        // A file's own name often carries the applicant's: while hidden, files go by their kind.
        let masked = |d: DocumentRow| if hidden { crate::blind::masked_document(&record.reference, d) } else { d };
        let (letters, documents): (Vec<DocumentRow>, Vec<DocumentRow>) = applying::documents(&mut tx, record.id)
            .await?
            .into_iter()
            .map(masked)
            .partition(|d| d.is_reference_letter());
        file.documents = documents;
        file.referees = applying::referees(&mut tx, record.id)
            .await?
            .into_iter()
            .map(|r: RefereeRow| FileReferee {
                letter: letters.iter().find(|d| d.referee_id == Some(r.id)).cloned(),
                name: r.name,
                invited_local: local(r.invited_at),
                received_local: r.received_at.map(local),
            })
            .collect();
        file.findings = findings_of(&t, record.eligibility_json.as_deref());
        file.eligibility_override = override_of(&mut tx, &tz, record.eligibility_override.as_deref()).await?;
        if !desk {
            return Ok(file);
        }

        file.status_reason = record.status_reason.clone();
        file.reviews = sel::reviews_of(&mut tx, &[record.id]).await?;
        file.interview_rubric = rules.interview.clone();
        file.slot = sel::slot_of(&mut tx, record.id).await?;
        file.slot_local = file.slot.as_ref().map(|s| local(s.starts_at));
        file.scorecards = sel::scorecards_of(&mut tx, &[record.id]).await?;
        file.interview_mean = (!file.scorecards.is_empty())
            .then(|| file.scorecards.iter().map(|c| c.score).sum::<f64>() / file.scorecards.len() as f64);
        file.written_test_score = record.written_test_score;
        file.alternate_rank = record.alternate_rank;
        file.replied_local = record.replied_at.map(local);
        file.clearance = sel::clearance_of(&mut tx, record.id)
            .await?
            .into_iter()
            .map(|item| ClearanceView { due_local: local(item.due_at), item })
            .collect();
        file.history = audit::history(&mut tx, "application", &record.id.to_string(), HISTORY_STEPS)
            .await?
            .into_iter()
            .map(|h| step_of(h, record.person_id, &local))
            .fold(Vec::new(), |mut steps: Vec<FileStep>, step| {
                // Repeats of one step by one person (newest first) read as one line with a count.
                match steps.last_mut() {
                    Some(last)
                        if last.action == step.action
                            && last.by == step.by
                            && last.by_applicant == step.by_applicant
                            && last.status.is_none()
                            && step.status.is_none()
                            && last.reason == step.reason =>
                    {
                        last.times += 1
                    }
                    _ => steps.push(step),
                }
                steps
            });
        Ok(file)
    }
}

/// The findings stored at submission, with the rule named in the reader's language.
fn findings_of(t: &Translator, stored: Option<&str>) -> Vec<FileFinding> {
    let Some(Json::Array(items)) = stored.and_then(|s| serde_json::from_str::<Json>(s).ok()) else {
        return vec![];
    };
    let text = |item: &Json, key: &str| item.get(key).and_then(Json::as_str).unwrap_or_default().to_owned();
    items
        .iter()
        .map(|item| {
            let rule = text(item, "rule");
            let rule_name = Rule::ALL
                .into_iter()
                .find(|r| r.as_str() == rule)
                .map(|r| t.t(r.message_key()))
                .unwrap_or_else(|| text(item, "rule_name"));
            FileFinding { rule, rule_name, severity: text(item, "severity"), message: text(item, "message") }
        })
        .collect()
}

/// The stored override (`{"by": user, "at": seconds, "reason": ...}`), with who and when.
async fn override_of(tx: &mut store::Tx, tz: &str, stored: Option<&str>) -> AppResult<Option<FileOverride>> {
    let Some(value) = stored.and_then(|s| serde_json::from_str::<Json>(s).ok()) else {
        return Ok(None);
    };
    let by = match value.get("by").and_then(Json::as_i64) {
        Some(user) => store::users::user_by_id(tx, domain::UserId(user)).await?.map(|u| u.display_name),
        None => None,
    };
    let at_local = value
        .get("at")
        .and_then(Json::as_i64)
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
        .map(|at| local_time(tz, at));
    let reason = value.get("reason").and_then(Json::as_str).unwrap_or_default().to_owned();
    Ok(Some(FileOverride { by, at_local, reason }))
}

fn step_of(h: HistoryRow, applicant: i64, local: &impl Fn(time::OffsetDateTime) -> String) -> FileStep {
    let after: Json = h.after_json.as_deref().and_then(|s| serde_json::from_str(s).ok()).unwrap_or(Json::Null);
    let by_applicant = h.actor_person_id == Some(applicant);
    FileStep {
        at_local: local(h.at),
        // `by` never names the applicant: while blind, their name must not show here either.
        by: if by_applicant { None } else { h.actor_name },
        by_applicant,
        status: after.get("status").and_then(Json::as_str).and_then(|s| ApplicationStatus::parse(s).ok()),
        reason: after.get("reason").and_then(Json::as_str).map(str::to_owned),
        action: h.action,
        times: 1,
    }
}
