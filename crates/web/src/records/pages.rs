//! The records area's pages: the dashboard (cards by role) and the lists of participants,
//! applications, contracting organisations and missions, each within the caller's scope, with the
//! shell's list tools.

use crate::shell::AppState;
use crate::shell::chrome::{Chrome, render};
use crate::shell::context::Signed;
use crate::shell::lists::{ListQuery, Pager, pager};
use app::admin::Listing;
use app::records::Section;
use app::{AppError, Translator};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::ParticipantId;
use domain::lifecycle::Lifecycle;
use domain::{ApplicationStatus, AppointmentStatus, Position};
use store::programme::{ApplicationRow, MissionRow, OrganisationRow, ParticipantRow};
use store::reference::PrefectureRow;

/// A dashboard card: a heading, lines (some linked), tables.
pub struct Card {
    pub kind: &'static str,
    pub heading: String,
    pub lines: Vec<Line>,
    pub tables: Vec<TableView>,
}

pub struct Line {
    pub text: String,
    pub href: Option<String>,
}

pub struct TableView {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn line(text: String, href: Option<&str>) -> Line {
    Line { text, href: href.map(str::to_owned) }
}

/// Tallies by key and position as one row per key: key, ALT, CIR, SEA, total.
fn pivot_by_position(t: &Translator, title: &str, first: &str, tallies: &[store::programme::Tally]) -> TableView {
    let mut rows: Vec<(String, [i64; 3])> = Vec::new();
    for tally in tallies {
        let column = Position::ALL.iter().position(|p| p.as_str() == tally.position).unwrap_or(0);
        match rows.iter_mut().find(|(k, _)| *k == tally.key) {
            Some((_, counts)) => counts[column] += tally.count,
            None => {
                let mut counts = [0; 3];
                counts[column] = tally.count;
                rows.push((tally.key.clone(), counts));
            }
        }
    }
    rows.sort_by_key(|(key, counts)| (std::cmp::Reverse(counts.iter().sum::<i64>()), key.clone()));
    let mut headers = vec![t.t(first)];
    headers.extend(Position::ALL.iter().map(|p| p.as_str().to_owned()));
    headers.push(t.t("col-count"));
    TableView {
        title: t.t(title),
        headers,
        rows: rows
            .into_iter()
            .map(|(key, c)| {
                vec![key, c[0].to_string(), c[1].to_string(), c[2].to_string(), c.iter().sum::<i64>().to_string()]
            })
            .collect(),
    }
}

fn card(t: &Translator, section: &Section) -> Card {
    use app::i18n::Arg;
    let tally_table = |title: &str, first: &str, rows: &[store::programme::Tally], status: bool| TableView {
        title: t.t(title),
        headers: vec![t.t(first), t.t("col-position"), t.t("col-count")],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    if status { t.key("application-status", &r.key) } else { r.key.clone() },
                    r.position.clone(),
                    r.count.to_string(),
                ]
            })
            .collect(),
    };
    match section {
        Section::Administration { users, audit_records, mails } => Card {
            kind: "administration",
            heading: t.t("dash-admin-heading"),
            lines: vec![
                line(t.n("dash-admin-users", "count", users), Some("/admin/users")),
                line(t.n("dash-admin-audit", "count", audit_records), Some("/admin/audit")),
                line(t.n("dash-admin-outbox", "count", mails), Some("/admin/outbox")),
            ],
            tables: vec![],
        },
        Section::National { participants, organisations, by_country, applications } => Card {
            kind: "national",
            heading: t.t("dash-clair-heading"),
            lines: vec![line(
                t.t_args(
                    "dash-clair-participants",
                    &[("count", Arg::from(*participants)), ("organisations", Arg::from(*organisations))],
                ),
                Some("/participants"),
            )],
            tables: vec![
                pivot_by_position(t, "dash-clair-by-country", "col-country", by_country),
                tally_table("dash-clair-applications", "col-status", applications, true),
            ],
        },
        Section::Mission { mission, applications, by_status } => Card {
            kind: "mission",
            heading: t.s("dash-mission-heading", "mission", named(t, &mission.name_ja, &mission.name_en)),
            lines: vec![line(t.n("dash-mission-applications", "count", applications), Some("/applications"))],
            tables: vec![tally_table("dash-mission-by-status", "col-status", by_status, true)],
        },
        Section::Organisation { organisation, participants } => Card {
            kind: "organisation",
            heading: t.s("dash-co-heading", "organisation", named(t, &organisation.name_ja, &organisation.name_en)),
            lines: vec![line(t.n("dash-co-participants", "count", participants), Some("/participants"))],
            tables: vec![],
        },
        Section::Prefecture { prefecture, participants, organisations } => Card {
            kind: "prefecture",
            heading: t.s("dash-pa-heading", "prefecture", named(t, &prefecture.name_ja, &prefecture.name_en)),
            lines: vec![line(
                t.t_args(
                    "dash-pa-participants",
                    &[("count", Arg::from(*participants)), ("organisations", Arg::from(*organisations))],
                ),
                Some("/participants"),
            )],
            tables: vec![],
        },
        Section::Appointment { participants } => Card {
            kind: "appointment",
            heading: t.t("dash-participant-heading"),
            lines: participants
                .iter()
                .map(|p| {
                    line(
                        t.t_args(
                            "dash-participant-detail",
                            &[
                                ("position", Arg::from(t.key("position", &p.position))),
                                ("organisation", Arg::from(named(t, &p.organisation_ja, &p.organisation_en))),
                                ("prefecture", Arg::from(named(t, &p.prefecture_ja, &p.prefecture_en))),
                                ("year", Arg::from(p.appointment_year)),
                                ("arrival", Arg::from(p.arrival_date.to_string())),
                            ],
                        ),
                        None,
                    )
                })
                .collect(),
            tables: vec![],
        },
        Section::Application { applications } => Card {
            kind: "application",
            heading: t.t("dash-applicant-heading"),
            lines: if applications.is_empty() {
                vec![line(t.t("dash-applicant-none"), None)]
            } else {
                applications
                    .iter()
                    .map(|a| {
                        line(
                            t.t_args(
                                "dash-applicant-status",
                                &[
                                    ("reference", Arg::from(a.reference.as_str())),
                                    ("position", Arg::from(t.key("position", &a.position))),
                                    ("status", Arg::from(t.key("application-status", a.status))),
                                ],
                            ),
                            None,
                        )
                    })
                    .collect()
            },
            tables: vec![],
        },
        Section::Alumnus { participants } => Card {
            kind: "alumnus",
            heading: t.t("dash-alumnus-heading"),
            lines: participants
                .iter()
                .map(|p| {
                    line(
                        t.t_args(
                            "dash-alumnus-detail",
                            &[
                                ("position", Arg::from(t.key("position", &p.position))),
                                ("organisation", Arg::from(named(t, &p.organisation_ja, &p.organisation_en))),
                                ("prefecture", Arg::from(named(t, &p.prefecture_ja, &p.prefecture_en))),
                            ],
                        ),
                        None,
                    )
                })
                .collect(),
            tables: vec![],
        },
        Section::Company { company } => Card {
            kind: "company",
            heading: t.s("dash-company-heading", "company", &company.name),
            lines: vec![line(t.t("dash-company-detail"), None)],
            tables: vec![],
        },
    }
}

/// A record's name in the reader's language: the Japanese name for a Japanese reader, the English
/// one otherwise (the records hold those two; a Korean reader reads the romanised name).
pub(crate) fn named<'a>(t: &Translator, ja: &'a str, en: &'a str) -> &'a str {
    if t.language() == domain::Language::Ja && !ja.is_empty() { ja } else { en }
}

/// A prefecture by its code in the reader's language, from the reference data (a row that
/// carries only the English name).
pub(crate) fn prefecture(t: &Translator, code: &i64, en: &str) -> String {
    domain::geography::place_name(&format!("{code:02}"), t.language() == domain::Language::Ja)
        .unwrap_or_else(|| en.to_owned())
}

#[derive(Template)]
#[template(path = "records/dashboard.html")]
struct DashboardPage {
    c: Chrome,
    name: String,
    roles: Vec<String>,
    cards: Vec<Card>,
}

pub async fn dashboard(State(state): State<AppState>, Signed { ctx, actor }: Signed) -> Response {
    match state.app.account(&actor).dashboard().await {
        Ok(dashboard) => {
            let mut cards: Vec<Card> = dashboard.sections.iter().map(|s| card(&ctx.t, s)).collect();
            if let Some(mission) = cards.iter_mut().find(|c| c.kind == "mission") {
                mission.lines.extend(selection_lines(&state, &ctx.t, &actor).await);
            }
            let page = DashboardPage {
                name: actor.display_name.clone(),
                roles: actor.roles().iter().map(|r| ctx.t.t(r.message_key())).collect(),
                cards,
                c: Chrome::new(&ctx),
            };
            render(&ctx, StatusCode::OK, &page)
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

/// Links to the selection boards of the mission's years that are recruiting, selecting or placing.
async fn selection_lines(state: &AppState, t: &Translator, actor: &app::Actor) -> Vec<Line> {
    let years = async { state.app.year_desk(actor, "programme-year.list").await?.programme_years().await }
        .await
        .unwrap_or_default();
    let mut lines = Vec::new();
    for y in years.iter().filter(|y| matches!(y.year.status.as_str(), "recruiting" | "selecting" | "placing")) {
        let title = t.t_args(
            "year-title",
            &[
                ("year", app::i18n::Arg::from(y.year.year)),
                ("country", app::i18n::Arg::from(y.year.country_en.as_str())),
            ],
        );
        for (board, key) in [
            ("screening", "dash-mission-screening"),
            ("interviews", "dash-mission-interviews"),
            ("decisions", "dash-mission-decisions"),
        ] {
            lines.push(line(t.s(key, "year", &title), Some(&format!("/programme-years/{}/{board}", y.year.id))));
        }
    }
    lines
}

#[derive(Template)]
#[template(path = "records/participants.html")]
struct ParticipantsPage {
    c: Chrome,
    listing: Listing<ParticipantRow>,
    pager: Pager,
    query: ListQuery,
    positions: Vec<&'static str>,
    statuses: Vec<&'static str>,
    tools: crate::shell::lists::ListTools,
    countries: Countries,
}

/// Countries by name in the reader's language, for pages that hold their codes.
pub struct Countries(std::collections::HashMap<String, String>);

impl Countries {
    async fn of(state: &AppState, ctx: &crate::shell::Ctx) -> Countries {
        // A page without the names still shows the codes: nothing here is worth failing a page for.
        Countries(state.app.recruiting_countries(ctx.t.language()).await.unwrap_or_default().into_iter().collect())
    }

    pub fn name<'a>(&'a self, code: &'a str) -> &'a str {
        self.0.get(code).map_or(code, String::as_str)
    }
}

pub async fn participants(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    match async {
        state.app.participant_records(&actor, "participant.list").await?.participants(&q.filter(), q.page()).await
    }
    .await
    {
        Ok(listing) => {
            let pager = pager(&ctx.t, &ctx.path, &listing);
            let tools = crate::shell::lists::ListTools::of(&state, &actor, "participants", &q).await;
            let page = ParticipantsPage {
                countries: Countries::of(&state, &ctx).await,
                c: Chrome::new(&ctx),
                tools,
                listing,
                pager,
                query: q,
                positions: Position::ALL.iter().map(|p| p.as_str()).collect(),
                statuses: AppointmentStatus::ALL.iter().map(|s| s.as_str()).collect(),
            };
            render(&ctx, StatusCode::OK, &page)
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "records/participant.html")]
struct ParticipantPage {
    c: Chrome,
    p: ParticipantRow,
    countries: Countries,
}

pub async fn participant(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Path(id): Path<ParticipantId>,
) -> Response {
    match async { state.app.participant_records(&actor, "participant.read").await?.participant(id).await }.await {
        Ok(p) => {
            let countries = Countries::of(&state, &ctx).await;
            render(&ctx, StatusCode::OK, &ParticipantPage { c: Chrome::new(&ctx), p, countries })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "records/applications.html")]
struct ApplicationsPage {
    c: Chrome,
    listing: Listing<ApplicationRow>,
    pager: Pager,
    query: ListQuery,
    positions: Vec<&'static str>,
    statuses: Vec<&'static str>,
    tools: crate::shell::lists::ListTools,
    /// The caller's own person record (an applicant's rows link to their own page), or -1.
    own_person: i64,
}

pub async fn applications(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    match async {
        state.app.application_records(&actor, "application.list").await?.applications(&q.filter(), q.page()).await
    }
    .await
    {
        Ok(listing) => {
            let pager = pager(&ctx.t, &ctx.path, &listing);
            let tools = crate::shell::lists::ListTools::of(&state, &actor, "applications", &q).await;
            let page = ApplicationsPage {
                c: Chrome::new(&ctx),
                tools,
                listing,
                pager,
                query: q,
                positions: Position::ALL.iter().map(|p| p.as_str()).collect(),
                statuses: ApplicationStatus::ALL.iter().map(|s| s.as_str()).collect(),
                own_person: actor.person_id.map_or(-1, |p| p.0),
            };
            render(&ctx, StatusCode::OK, &page)
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "records/organisations.html")]
struct OrganisationsPage {
    c: Chrome,
    listing: Listing<OrganisationRow>,
    pager: Pager,
    query: ListQuery,
    prefectures: Vec<PrefectureRow>,
    tools: crate::shell::lists::ListTools,
}

pub async fn organisations(
    State(state): State<AppState>,
    Signed { ctx, actor }: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let result = async {
        let listing = state
            .app
            .organisation_records(&actor, "organisation.list")
            .await?
            .organisations(&q.filter(), q.page())
            .await?;
        let prefectures = state.app.prefectures().await?;
        Ok::<_, AppError>((listing, prefectures))
    }
    .await;
    match result {
        Ok((listing, prefectures)) => {
            let pager = pager(&ctx.t, &ctx.path, &listing);
            let tools = crate::shell::lists::ListTools::of(&state, &actor, "organisations", &q).await;
            render(
                &ctx,
                StatusCode::OK,
                &OrganisationsPage { c: Chrome::new(&ctx), listing, pager, query: q, prefectures, tools },
            )
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "records/missions.html")]
struct MissionsPage {
    c: Chrome,
    missions: Vec<MissionRow>,
    countries: Countries,
}

pub async fn missions(State(state): State<AppState>, Signed { ctx, actor }: Signed) -> Response {
    match async { state.app.mission_records(&actor, "mission.list").await?.missions().await }.await {
        Ok(missions) => {
            let countries = Countries::of(&state, &ctx).await;
            render(&ctx, StatusCode::OK, &MissionsPage { c: Chrome::new(&ctx), missions, countries })
        }
        Err(e) => ctx.fail(e).into_response(),
    }
}
