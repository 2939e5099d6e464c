//! The candidate's file page (`/applications/{id}`): every part of one application that the
//! reader may see, in one page, with the boards it was reached from one link away. What a reader
//! may see is decided in `app::selection::file`; this page only lays it out.

use super::pages::{CardItem, ReadSection, read_sections, score_text};
use crate::shell::AppState;
use crate::shell::chrome::{Chrome, render};
use crate::shell::context::Signed;
use crate::shell::state::Ctx;
use app::Translator;
use app::access::FileReader;
use app::selection::file::{CandidateFile, FileStep};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::{ApplicationId, Language};
use store::applying::DocumentRow;

/// A document as the file lists it, with how the page can show it in place.
pub struct DocumentItem {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub size: String,
    /// Shown in the page as an image.
    pub image: bool,
    /// Shown in the page in a frame (a PDF).
    pub pdf: bool,
}

impl DocumentItem {
    fn of(t: &Translator, d: &DocumentRow) -> DocumentItem {
        DocumentItem {
            id: d.id,
            name: d.file_name.clone(),
            kind: t.key("document-kind", &d.kind),
            size: t.n("file-size-kb", "size", &((d.size_bytes + 1023) / 1024)),
            image: d.content_type.starts_with("image/"),
            pdf: d.content_type == "application/pdf",
        }
    }
}

pub struct RefereeItem {
    pub name: String,
    pub invited: String,
    pub received: String,
    pub letter: Option<DocumentItem>,
}

pub struct FindingItem {
    pub rule: String,
    pub severity: String,
    pub blocking: bool,
    pub message: String,
}

pub struct ReviewItem {
    pub reviewer: String,
    pub state: String,
    pub score: String,
    pub remarks: String,
}

pub struct ClearanceItem {
    pub kind: String,
    pub due: String,
    pub received: String,
}

pub struct HistoryItem {
    pub at: String,
    pub what: String,
    pub by: String,
}

#[derive(Template)]
#[template(path = "selection/file.html")]
struct FilePage {
    c: Chrome,
    title: String,
    f: CandidateFile,
    year_id: i64,
    desk: bool,
    conflicted: bool,
    /// The reader's own declaration of a conflict of interest.
    conflict: String,
    position: String,
    status: String,
    year_line: String,
    sections: Vec<ReadSection>,
    documents: Vec<DocumentItem>,
    referees: Vec<RefereeItem>,
    findings: Vec<FindingItem>,
    override_text: String,
    reviews: Vec<ReviewItem>,
    interview: String,
    cards: Vec<CardItem>,
    interview_mean: String,
    written_test: String,
    decision: String,
    clearance: Vec<ClearanceItem>,
    history: Vec<HistoryItem>,
}

/// What one step of the history says: the action by its name in the reader's language, and the
/// status it led to.
fn history_item(t: &Translator, step: &FileStep) -> HistoryItem {
    let key = format!("history-{}", step.action.replace('.', "-"));
    let mut what = t.t(&key);
    if what == key {
        // An action the catalogue does not name yet is a change all the same; never its code.
        what = t.t("history-other");
    }
    if step.times > 1 {
        what = t.t_args("file-repeated", &[("what", what.as_str().into()), ("count", i64::from(step.times).into())]);
    }
    if let Some(status) = step.status {
        what = format!("{what} → {}", t.key("application-status", status));
    }
    if let Some(reason) = step.reason.as_deref().filter(|r| !r.is_empty()) {
        what = format!("{what} ({reason})");
    }
    let by = match (&step.by, step.by_applicant) {
        (_, true) => t.t("file-by-applicant"),
        (Some(name), false) => name.clone(),
        (None, false) => t.t("file-by-system"),
    };
    HistoryItem { at: step.at_local.clone(), what, by }
}

fn page(ctx: &Ctx, f: CandidateFile) -> FilePage {
    let t = &ctx.t;
    let dash = || "–".to_owned();
    let conflict = f.reviews.iter().find_map(|r| r.conflict_of_interest.clone()).unwrap_or_default();
    let reviews = f
        .reviews
        .iter()
        .map(|r| ReviewItem {
            reviewer: r.reviewer_name.clone(),
            state: t.t(match (&r.conflict_of_interest, r.score) {
                (Some(_), _) => "reviews-state-conflict",
                (None, Some(_)) => "reviews-state-done",
                (None, None) => "reviews-state-todo",
            }),
            score: score_text(r.score),
            remarks: r.conflict_of_interest.clone().or_else(|| r.remarks.clone()).unwrap_or_default(),
        })
        .collect();
    let interview = match (&f.slot, &f.slot_local) {
        (Some(slot), Some(at)) => format!("{at} · {} · {}", slot.location, slot.panel),
        _ => t.t("file-no-interview"),
    };
    let decision = match (f.status, f.alternate_rank) {
        (domain::ApplicationStatus::Alternate, Some(rank)) => {
            format!("{} ({})", t.key("application-status", f.status), t.n("file-alternate-rank", "rank", &rank))
        }
        _ => t.key("application-status", f.status),
    };
    let decision = match &f.status_reason {
        Some(reason) if !reason.is_empty() => format!("{decision}: {reason}"),
        _ => decision,
    };
    FilePage {
        c: Chrome::new(ctx),
        title: t.s("file-title", "reference", &f.reference),
        year_id: f.programme_year_id,
        desk: f.reader == FileReader::Desk,
        conflicted: f.reader == FileReader::Conflicted,
        conflict,
        position: t.key("position", &f.position),
        status: t.key("application-status", f.status),
        year_line: t.t_args(
            "file-year",
            &[
                ("year", f.year.into()),
                ("country", f.country.as_str().into()),
                // Missions carry an English and a Japanese name.
                (
                    "mission",
                    if ctx.language() == Language::Ja { f.mission_ja.as_str() } else { f.mission_en.as_str() }.into(),
                ),
            ],
        ),
        sections: read_sections(t, &f.form),
        documents: f.documents.iter().map(|d| DocumentItem::of(t, d)).collect(),
        referees: f
            .referees
            .iter()
            .map(|r| RefereeItem {
                name: r.name.clone(),
                invited: r.invited_local.clone(),
                received: r.received_local.clone().unwrap_or_else(|| t.t("file-letter-awaited")),
                letter: r.letter.as_ref().map(|d| DocumentItem::of(t, d)),
            })
            .collect(),
        findings: f
            .findings
            .iter()
            .map(|x| FindingItem {
                rule: x.rule_name.clone(),
                severity: t.key("eligibility-severity", &x.severity),
                blocking: x.severity == "ineligible",
                message: x.message.clone(),
            })
            .collect(),
        override_text: f
            .eligibility_override
            .as_ref()
            .map(|o| {
                t.t_args(
                    "file-override",
                    &[
                        ("by", o.by.clone().unwrap_or_else(dash).into()),
                        ("at", o.at_local.clone().unwrap_or_else(dash).into()),
                        ("reason", o.reason.as_str().into()),
                    ],
                )
            })
            .unwrap_or_default(),
        reviews,
        interview,
        cards: f.scorecards.iter().map(|card| CardItem::of(t, &f.interview_rubric, card)).collect(),
        interview_mean: score_text(f.interview_mean),
        written_test: f.written_test_score.map(|s| s.to_string()).unwrap_or_else(dash),
        decision,
        clearance: f
            .clearance
            .iter()
            .map(|c| ClearanceItem {
                kind: t.key("document-kind", &c.item.kind),
                due: c.due_local.clone(),
                received: c
                    .item
                    .received_at
                    .map(|_| t.t("my-clearance-received"))
                    .unwrap_or_else(|| t.t("my-clearance-missing")),
            })
            .collect(),
        history: f.history.iter().map(|s| history_item(t, s)).collect(),
        f,
    }
}

pub async fn candidate_file(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ApplicationId>,
) -> Response {
    match state.app.file_reading(&actor).candidate_file(id).await {
        Ok(file) => render(&ctx, StatusCode::OK, &page(&ctx, file)),
        Err(e) => ctx.fail(e).into_response(),
    }
}
