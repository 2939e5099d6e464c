//! Bulk work (issue 4, item 10): any list to CSV or XLSX; paper applications imported from CSV
//! or XLSX as a background job whose progress the desk watches; list filters saved under a name.
//!
//! An import checks every row first and refuses the file, naming each bad row and column, before
//! anything is written. Rows are then written in chunks, each one transaction with its audit
//! records and the job's progress; a row already imported (the same person in the same year) is
//! skipped, so running a file again after a crash or a retry never makes two applications.

use crate::App;
use crate::access::{Account, Selecting};
use crate::actor::Actor;
use crate::applying::{SECTIONS, check_field, missing};
use crate::error::{AppError, AppResult};
use crate::i18n::Translator;
use crate::import_file::IMPORT_LIMIT;
use crate::records::ListFilter;
use domain::lifecycle::Lifecycle;
use domain::{
    ApplicationStatus, CountryCode, FieldError, JobId, MissionId, Permission, Position, ProgrammeYearId, SavedFilterId,
};
use serde::Serialize;
use serde_json::{Map, Value as Json, json};
use store::audit::{AuditEntry, Outcome};
use store::jobs::{self, JobRow, SavedFilterRow};
use store::{Tx, applying, recruitment};

/// A cell of an exported sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<String> for Cell {
    fn from(v: String) -> Self {
        Cell::Text(v)
    }
}
impl From<&str> for Cell {
    fn from(v: &str) -> Self {
        Cell::Text(v.to_owned())
    }
}
impl From<i64> for Cell {
    fn from(v: i64) -> Self {
        Cell::Number(v as f64)
    }
}
impl From<Option<f64>> for Cell {
    fn from(v: Option<f64>) -> Self {
        v.map_or(Cell::Empty, |n| Cell::Number((n * 100.0).round() / 100.0))
    }
}
impl From<Option<i64>> for Cell {
    fn from(v: Option<i64>) -> Self {
        v.map_or(Cell::Empty, Cell::from)
    }
}

/// A list as a table: a title, translated column headings, rows.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn parse(raw: &str) -> AppResult<Format> {
        match raw {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            _ => Err(AppError::field("format", "error-format-invalid")),
        }
    }
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Whether a spreadsheet program would read this text as a formula (or as the start of one):
/// `=`, `+`, `-` and `@` start formulas, and a leading tab or carriage return is skipped before
/// one (OWASP, "CSV injection"). A name an applicant registers reaches exports as it is, so every
/// text cell of every export passes through here.
pub fn reads_as_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A text cell of a CSV export. CSV has no cell types, so text that [`reads_as_formula`] gets a
/// leading `'`, which spreadsheet programs take as "text follows". (XLSX writes the same text as
/// a string cell with Excel's quote prefix: see [`render`].)
pub fn csv_text(text: &str) -> std::borrow::Cow<'_, str> {
    if reads_as_formula(text) { format!("'{text}").into() } else { text.into() }
}

/// The sheet as a file. CSV starts with a byte-order mark, so that spreadsheet programs read the
/// Japanese and Korean names as UTF-8. No text cell of either format is read as a formula: both
/// ask [`reads_as_formula`].
pub fn render(sheet: &Sheet, format: Format) -> AppResult<Vec<u8>> {
    let text = |c: &Cell| match c {
        Cell::Text(t) => csv_text(t).into_owned(),
        Cell::Number(n) => n.to_string(),
        Cell::Empty => String::new(),
    };
    match format {
        Format::Csv => {
            let mut out = Vec::from("\u{feff}".as_bytes());
            {
                let mut writer = csv::Writer::from_writer(&mut out);
                let failed = |e: csv::Error| AppError::Internal(format!("CSV: {e}"));
                writer.write_record(sheet.headers.iter().map(|h| csv_text(h).into_owned())).map_err(failed)?;
                for row in &sheet.rows {
                    writer.write_record(row.iter().map(text)).map_err(failed)?;
                }
                writer.flush().map_err(|e| AppError::Internal(format!("CSV: {e}")))?;
            }
            Ok(out)
        }
        Format::Xlsx => {
            use rust_xlsxwriter::{Format as Style, Workbook};
            let failed = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("XLSX: {e}"));
            let mut book = Workbook::new();
            let bold = Style::new().set_bold();
            let as_text = Style::new().set_quote_prefix();
            let sheet_out = book.add_worksheet();
            let name: String = sheet.name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
            sheet_out.set_name(if name.is_empty() { "Kakehashi".to_owned() } else { name }).map_err(failed)?;
            for (c, header) in sheet.headers.iter().enumerate() {
                sheet_out.write_string_with_format(0, c as u16, header, &bold).map_err(failed)?;
            }
            for (r, row) in sheet.rows.iter().enumerate() {
                let r = u32::try_from(r + 1).map_err(|e| AppError::Internal(e.to_string()))?;
                for (c, cell) in row.iter().enumerate() {
                    match cell {
                        // A string cell is never evaluated; Excel's quote prefix keeps text that
                        // reads as a formula text even when the cell is edited.
                        Cell::Text(t) if reads_as_formula(t) => {
                            sheet_out.write_string_with_format(r, c as u16, t, &as_text).map(|_| ())
                        }
                        Cell::Text(t) => sheet_out.write_string(r, c as u16, t).map(|_| ()),
                        Cell::Number(n) => sheet_out.write_number(r, c as u16, *n).map(|_| ()),
                        Cell::Empty => Ok(()),
                    }
                    .map_err(failed)?;
                }
            }
            sheet_out.set_freeze_panes(1, 0).map_err(failed)?;
            sheet_out.autofit();
            book.save_to_buffer().map_err(failed)
        }
    }
}

/// The lists a user may export, save filters of, or both.
pub const LISTS: [&str; 6] = ["applications", "participants", "organisations", "screening", "decisions", "audit"];

/// The most rows one export holds.
const EXPORT_LIMIT: i64 = 100_000;

/// The lists that can be exported, by the name they have in `/exports/{list}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportList {
    Applications,
    Participants,
    Organisations,
    /// A year's first-screening board (needs the year).
    Screening,
    /// A year's decision board (needs the year).
    Decisions,
}

impl ExportList {
    /// The list named in a request; an unknown name is refused on the field `list`.
    pub fn parse(name: &str) -> Result<ExportList, FieldError> {
        match name {
            "applications" => Ok(ExportList::Applications),
            "participants" => Ok(ExportList::Participants),
            "organisations" => Ok(ExportList::Organisations),
            "screening" => Ok(ExportList::Screening),
            "decisions" => Ok(ExportList::Decisions),
            _ => Err(FieldError::new("list", "error-list-invalid")),
        }
    }
}

/// Every row of a paged list, page after page up to the export limit.
async fn every_page<R, F, Fut>(mut page_at: F) -> AppResult<Vec<R>>
where
    F: FnMut(crate::admin::Page) -> Fut,
    Fut: std::future::Future<Output = AppResult<crate::admin::Listing<R>>>,
{
    let mut rows = Vec::new();
    let mut offset = 0;
    loop {
        let listing = page_at(crate::admin::Page { limit: crate::admin::Page::MAX, offset }).await?;
        let (limit, total) = (listing.limit, listing.total);
        rows.extend(listing.rows);
        offset += limit;
        if offset >= total || offset >= EXPORT_LIMIT {
            return Ok(rows);
        }
    }
}

/// A sheet titled and headed by catalogue keys, in the reader's language.
fn sheet(t: &Translator, title: &str, headers: &[&str], rows: Vec<Vec<Cell>>) -> Sheet {
    Sheet { name: t.t(title), headers: headers.iter().map(|k| t.t(k)).collect(), rows }
}

/// The columns a paper application file has (first row), and where each goes on the form.
pub const IMPORT_COLUMNS: [(&str, &str, &str); 16] = [
    ("family_name", "personal", "family_name"),
    ("given_name", "personal", "given_name"),
    ("birth_date", "personal", "birth_date"),
    ("nationality", "personal", "nationality"),
    ("phone", "personal", "phone"),
    ("address", "personal", "address"),
    ("qualification", "education", "qualification"),
    ("institution", "education", "institution"),
    ("field_of_study", "education", "field_of_study"),
    ("awarded", "education", "awarded"),
    ("jlpt", "japanese", "jlpt"),
    ("driving_licence", "licence", "driving_licence"),
    ("area", "preferences", "area"),
    ("statement_of_purpose", "statement", "statement_of_purpose"),
    ("interview_location", "logistics", "interview_location"),
    ("departure_group", "logistics", "departure_group"),
];

/// Rows per transaction while writing.
const CHUNK: usize = 100;

/// A parsed row: the 1-based line of the file, and its values by column name.
pub(crate) type Row = (usize, std::collections::BTreeMap<String, String>);

/// Reads the rows of a CSV or XLSX file (detected from the bytes): the first filled row names
/// columns. The file is read within the bounds of [`crate::import_file`] (rows, columns, cell
/// length, unpacked size), refused before anything is allocated past them.
pub fn read_rows(bytes: &[u8]) -> AppResult<Vec<Row>> {
    let grid = crate::import_file::read_grid(bytes)?;
    let mut lines = grid.into_iter();
    let Some((_, header_cells)) = lines.next() else {
        return Err(AppError::field("file", "error-file-empty"));
    };
    // Headings by column; the width is bounded by the reader's column limit.
    let width = header_cells.iter().map(|(c, _)| *c as usize + 1).max().unwrap_or(0);
    let mut header = vec![String::new(); width];
    for (column, text) in header_cells {
        if let Some(slot) = header.get_mut(column as usize) {
            *slot = text.trim().to_lowercase();
        }
    }
    let mut errors = Vec::new();
    for (name, _, _) in IMPORT_COLUMNS {
        if !header.iter().any(|h| h == name) && !matches!(name, "jlpt" | "driving_licence" | "area") {
            errors.push(FieldError::new(format!("columns.{name}"), "error-column-missing"));
        }
    }
    for h in &header {
        if !h.is_empty() && h != "email" && h != "position" && !IMPORT_COLUMNS.iter().any(|(n, _, _)| n == h) {
            errors.push(FieldError::new(format!("columns.{h}"), "error-column-unknown"));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let rows: Vec<Row> = lines
        .map(|(line, cells)| {
            let values = cells
                .into_iter()
                .filter_map(|(column, text)| {
                    let name = header.get(column as usize).filter(|h| !h.is_empty())?;
                    Some((name.clone(), text.trim().to_owned()))
                })
                .collect();
            (line, values)
        })
        .collect();
    if rows.is_empty() {
        return Err(AppError::field("file", "error-file-empty"));
    }
    if rows.len() > IMPORT_LIMIT {
        return Err(AppError::Invalid(vec![FieldError::with_limit("file", "error-too-many", IMPORT_LIMIT as u64)]));
    }
    Ok(rows)
}

/// A paper application ready to write.
#[derive(Debug, Clone)]
struct PaperApplication {
    line: usize,
    family_name: String,
    given_name: String,
    birth_date: String,
    nationality: String,
    email: Option<String>,
    position: Position,
    form: Map<String, Json>,
}

/// Checks every row against the form's rules; every refusal names `rows[line].column`.
fn check_rows(rows: &[Row]) -> Result<Vec<PaperApplication>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (line, values) in rows {
        let at = |column: &str| format!("rows[{line}].{column}");
        let mut form = Map::new();
        let mut ok = true;
        for (column, section, field) in IMPORT_COLUMNS {
            let Some(raw) = values.get(column).filter(|v| !v.is_empty()) else { continue };
            let Some(spec) =
                SECTIONS.iter().find(|s| s.name == section).and_then(|s| s.fields.iter().find(|f| f.name == field))
            else {
                continue;
            };
            let value = match raw.to_lowercase().as_str() {
                "true" | "yes" if matches!(spec.kind, crate::applying::FieldKind::Bool) => json!(true),
                "false" | "no" if matches!(spec.kind, crate::applying::FieldKind::Bool) => json!(false),
                _ => json!(raw),
            };
            match check_field(&at(column), spec.kind, &value) {
                Ok(v) => {
                    let entry = form.entry(section.to_owned()).or_insert_with(|| json!({}));
                    if let Some(map) = entry.as_object_mut() {
                        map.insert(field.to_owned(), v);
                    }
                }
                Err(e) => {
                    errors.push(e);
                    ok = false;
                }
            }
        }
        let position = match Position::parse(values.get("position").map_or("ALT", String::as_str)) {
            Ok(p) => p,
            Err(_) => {
                errors.push(FieldError::new(at("position"), "error-position-invalid"));
                continue;
            }
        };
        // Paper files have no disclosures or history columns: the desk saw them on paper.
        form.entry("disclosures".to_owned())
            .or_insert_with(|| json!({"criminal_history": false, "medical_conditions": false}));
        form.entry("history".to_owned()).or_insert_with(|| json!({"declined_placement_last_year": false}));
        form.entry("preferences".to_owned()).or_insert_with(|| json!({"area": "no-preference"}));
        if ok {
            for path in missing(&form, position) {
                let column = path.split('.').nth(1).unwrap_or(&path).to_owned();
                errors.push(FieldError::new(at(&column), "error-required"));
                ok = false;
            }
        }
        let email = values.get("email").filter(|e| !e.is_empty()).cloned();
        if let Some(e) = &email
            && domain::Email::parse(e).is_err()
        {
            errors.push(FieldError::new(at("email"), "error-email-invalid"));
            ok = false;
        }
        let text = |section: &str, field: &str| {
            form.get(section).and_then(|s| s.get(field)).and_then(Json::as_str).unwrap_or_default().to_owned()
        };
        let candidate = PaperApplication {
            line: *line,
            family_name: text("personal", "family_name"),
            given_name: text("personal", "given_name"),
            birth_date: text("personal", "birth_date"),
            nationality: text("personal", "nationality"),
            email,
            position,
            form: form.clone(),
        };
        if ok
            && out.iter().any(|o: &PaperApplication| {
                o.family_name.eq_ignore_ascii_case(&candidate.family_name)
                    && o.given_name.eq_ignore_ascii_case(&candidate.given_name)
                    && o.birth_date == candidate.birth_date
            })
        {
            errors.push(FieldError::new(at("family_name"), "error-duplicate"));
            ok = false;
        }
        if ok {
            out.push(candidate);
        }
        if errors.len() >= 100 {
            break;
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// A job as its requester sees it.
#[derive(Debug, Clone, Serialize)]
pub struct JobView {
    #[serde(flatten)]
    pub job: JobRow,
    pub percent: i64,
}

impl App {
    async fn applications_sheet(&self, actor: &Actor, t: &Translator, filter: &ListFilter) -> AppResult<Sheet> {
        let records = self.application_records(actor, "application.list").await?;
        let rows = every_page(|page| records.applications(filter, page)).await?;
        let rows = rows.iter().map(|r| {
            // The list already hid who applied where the caller may not know it.
            let name = |n: &str| if r.identity_hidden { Cell::from(t.t("blind-hidden")) } else { Cell::from(n) };
            vec![
                Cell::from(r.reference.as_str()),
                name(&r.family_name),
                name(&r.given_name),
                Cell::from(r.nationality.as_str()),
                Cell::from(r.year),
                Cell::from(r.mission_en.as_str()),
                Cell::from(t.key("position", &r.position)),
                Cell::from(t.key("application-status", r.status.as_str())),
                r.submitted_at.map_or(Cell::Empty, |s| Cell::from(s.date().to_string())),
            ]
        });
        Ok(sheet(
            t,
            "applications-title",
            &[
                "col-reference",
                "col-family-name",
                "col-given-name",
                "col-nationality",
                "col-year",
                "col-mission",
                "col-position",
                "col-status",
                "col-submitted",
            ],
            rows.collect(),
        ))
    }

    async fn participants_sheet(&self, actor: &Actor, t: &Translator, filter: &ListFilter) -> AppResult<Sheet> {
        let records = self.participant_records(actor, "participant.list").await?;
        let rows = every_page(|page| records.participants(filter, page)).await?;
        let rows = rows.iter().map(|r| {
            vec![
                Cell::from(r.jet_number.as_str()),
                Cell::from(r.family_name.as_str()),
                Cell::from(r.given_name.as_str()),
                Cell::from(r.nationality.as_str()),
                Cell::from(t.key("position", &r.position)),
                Cell::from(r.organisation_en.as_str()),
                Cell::from(r.prefecture_en.as_str()),
                Cell::from(r.arrival_date.to_string()),
                Cell::from(r.appointment_year),
            ]
        });
        Ok(sheet(
            t,
            "participants-title",
            &[
                "col-jet-number",
                "col-family-name",
                "col-given-name",
                "col-nationality",
                "col-position",
                "col-organisation",
                "col-prefecture",
                "col-arrival",
                "col-year",
            ],
            rows.collect(),
        ))
    }

    async fn organisations_sheet(&self, actor: &Actor, t: &Translator, filter: &ListFilter) -> AppResult<Sheet> {
        let records = self.organisation_records(actor, "organisation.list").await?;
        let rows = every_page(|page| records.organisations(filter, page)).await?;
        let rows = rows.iter().map(|r| {
            vec![
                Cell::from(r.name_en.as_str()),
                Cell::from(r.name_ja.as_str()),
                Cell::from(r.kind.as_str()),
                Cell::from(r.lg_code.as_str()),
                Cell::from(r.prefecture_en.as_str()),
                Cell::from(r.participants),
            ]
        });
        Ok(sheet(
            t,
            "organisations-title",
            &["col-name", "col-name-ja", "col-kind", "col-lg-code", "col-prefecture", "col-participants"],
            rows.collect(),
        ))
    }

    async fn screening_sheet(&self, actor: &Actor, t: &Translator, year: ProgrammeYearId) -> AppResult<Sheet> {
        let board = self.selecting(actor, "screening.read").await?.screening_board(year).await?;
        let rows = board.rows.iter().map(|r| {
            vec![
                Cell::from(r.reference.as_str()),
                Cell::from(r.name.clone().unwrap_or_else(|| t.t("blind-hidden"))),
                Cell::from(r.nationality.as_str()),
                Cell::from(t.key("position", &r.position)),
                Cell::from(r.agreement.scored as i64),
                Cell::from(r.agreement.mean),
                Cell::from(Some(r.agreement.spread)),
                Cell::from(if r.agreement.disagreement { t.t("yes") } else { t.t("no") }),
            ]
        });
        Ok(sheet(
            t,
            "screening-title",
            &[
                "col-reference",
                "col-name",
                "col-nationality",
                "col-position",
                "col-scores",
                "col-mean",
                "col-spread",
                "col-disagreement",
            ],
            rows.collect(),
        ))
    }

    async fn decisions_sheet(&self, actor: &Actor, t: &Translator, year: ProgrammeYearId) -> AppResult<Sheet> {
        let board = self.selecting(actor, "selection.read").await?.decision_board(year).await?;
        let rows = board.rows.iter().map(|r| {
            vec![
                Cell::from(r.reference.as_str()),
                Cell::from(r.name.as_str()),
                Cell::from(t.key("position", &r.position)),
                Cell::from(t.key("application-status", r.status.as_str())),
                Cell::from(r.interview_mean),
                Cell::from(r.written_test_score),
                Cell::from(r.final_score),
                Cell::from(r.alternate_rank),
            ]
        });
        Ok(sheet(
            t,
            "decisions-title",
            &[
                "col-reference",
                "col-name",
                "col-position",
                "col-status",
                "col-mean",
                "col-written-test",
                "col-final-score",
                "col-rank",
            ],
            rows.collect(),
        ))
    }

    async fn write_paper_applications(
        &self,
        actor: &Actor,
        job: i64,
        year: i64,
        mission: i64,
        applications: Vec<PaperApplication>,
    ) -> AppResult<Json> {
        let year_row = {
            let mut tx = self.store.read().await?;
            recruitment::year_by_id(&mut tx, year).await?.ok_or(AppError::NotFound)?
        };
        let (mut imported, mut skipped, mut done) = (0, 0, 0i64);
        for chunk in applications.chunks(CHUNK) {
            let now = self.now();
            let mut tx = self.store.write().await?;
            // The year's row guards its imports: a file imported twice at once (or retried while
            // the first still runs) checks each person after the other's rows are committed, so
            // the same-person check below skips them instead of creating them twice.
            tx.lock_guard(store::Guard::ProgrammeYear, year).await?;
            for a in chunk {
                let others =
                    applying::same_name_applications(&mut tx, year_row.year, &a.family_name, &a.given_name, 0).await?;
                let same_person = others.iter().any(|o| {
                    serde_json::from_str::<Json>(&o.form_json).ok().and_then(|f| {
                        f.get("personal").and_then(|p| p.get("birth_date")).and_then(Json::as_str).map(str::to_owned)
                    }) == Some(a.birth_date.clone())
                });
                if same_person {
                    skipped += 1;
                    continue;
                }
                let nationality = CountryCode::parse(&a.nationality)?;
                let form = serde_json::to_string(&a.form).map_err(|e| AppError::Internal(e.to_string()))?;
                let reference = applying::next_reference(&mut tx, &year_row.country_code, year_row.year, year).await?;
                let id = applying::insert_paper_application(
                    &mut tx,
                    applying::PaperApplication {
                        reference: &reference,
                        family_name: &a.family_name,
                        given_name: &a.given_name,
                        email: a.email.as_deref(),
                        nationality: nationality.as_str(),
                        year,
                        mission,
                        position: a.position.as_str(),
                        form_json: &form,
                    },
                    now,
                )
                .await?;
                self.audit_done(
                    &mut tx,
                    AuditEntry {
                        actor: Some(actor.user_id),
                        action: "application.import",
                        entity: "application",
                        entity_id: id.to_string(),
                        unit_key: format!("mission:{mission}"),
                        outcome: Outcome::Done,
                        before: None,
                        after: Some(json!({"reference": reference, "job": job, "line": a.line,
                            "status": ApplicationStatus::Submitted.as_str()})),
                    },
                )
                .await?;
                imported += 1;
            }
            done += chunk.len() as i64;
            jobs::set_progress(&mut tx, job, done, now).await?;
            tx.commit().await?;
        }
        Ok(json!({"imported": imported, "skipped": skipped}))
    }
}

impl Account<'_> {
    /// A list, as far as the caller may see it, as a sheet with headings in their language.
    pub async fn export_list(
        &self,
        list: ExportList,
        filter: &ListFilter,
        year: Option<ProgrammeYearId>,
    ) -> AppResult<Sheet> {
        let actor = self.actor();
        let t = Translator::new(actor.language);
        match list {
            ExportList::Applications => self.applications_sheet(actor, &t, filter).await,
            ExportList::Participants => self.participants_sheet(actor, &t, filter).await,
            ExportList::Organisations => self.organisations_sheet(actor, &t, filter).await,
            ExportList::Screening => self.screening_sheet(actor, &t, year.ok_or(AppError::NotFound)?).await,
            ExportList::Decisions => self.decisions_sheet(actor, &t, year.ok_or(AppError::NotFound)?).await,
        }
    }

    /// A job, for whoever started it (and CLAIR or administrators).
    pub async fn job(&self, id: JobId) -> AppResult<JobView> {
        let actor = self.actor();
        let mut tx = self.store.read().await?;
        let job = jobs::job(&mut tx, id.0).await?.ok_or(AppError::NotFound)?;
        let allowed = job.requested_by == Some(actor.user_id.0)
            || actor.may(Permission::ViewNationalStatistics)
            || actor.may(Permission::ManageUsers);
        if !allowed {
            drop(tx);
            return Err(self.audit_denied(Some(actor), "job.read", "job", id.to_string()).await);
        }
        let percent = if job.total > 0 { job.done * 100 / job.total } else { 100 };
        Ok(JobView { percent, job })
    }

    pub async fn saved_filters(&self, list: &str) -> AppResult<Vec<SavedFilterRow>> {
        let actor = self.actor();
        if !LISTS.contains(&list) {
            return Err(AppError::field("list", "error-list-invalid"));
        }
        let mut tx = self.store.read().await?;
        Ok(jobs::saved_filters(&mut tx, actor.user_id.0, list).await?)
    }

    /// Saves the query of a list (`status=submitted&position=ALT`) under a name.
    pub async fn save_filter(&self, list: &str, name: &str, query: &str) -> AppResult<()> {
        let actor = self.actor();
        if !LISTS.contains(&list) {
            return Err(AppError::field("list", "error-list-invalid"));
        }
        let name = domain::ShortText::parse("name", name)?;
        let query = query.trim().trim_start_matches('?');
        let safe = query.len() <= 1000 && query.chars().all(|c| c.is_ascii_alphanumeric() || "-_.~%&=+".contains(c));
        if !safe {
            return Err(AppError::field("query", "error-query-invalid"));
        }
        let now = self.now();
        let mut tx = self.store.write().await?;
        jobs::save_filter(&mut tx, actor.user_id.0, list, name.as_str(), query, now).await?;
        self.audit_done(
            &mut tx,
            AuditEntry {
                actor: Some(actor.user_id),
                action: "saved-filter.save",
                entity: "user",
                entity_id: actor.user_id.to_string(),
                unit_key: "-".into(),
                outcome: Outcome::Done,
                before: None,
                after: Some(json!({"list": list, "name": name.as_str(), "query": query})),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_filter(&self, id: SavedFilterId) -> AppResult<()> {
        let actor = self.actor();
        let mut tx = self.store.write().await?;
        if jobs::delete_filter(&mut tx, actor.user_id.0, id.0).await? == 0 {
            return Err(AppError::NotFound);
        }
        self.audit_done(
            &mut tx,
            AuditEntry {
                actor: Some(actor.user_id),
                action: "saved-filter.delete",
                entity: "user",
                entity_id: actor.user_id.to_string(),
                unit_key: "-".into(),
                outcome: Outcome::Done,
                before: Some(json!({"filter": id.0})),
                after: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Selecting<'_> {
    /// The mission an import writes to: the one named (of the caller's, and of the year's
    /// country), or the caller's only mission. Refusals are audited.
    async fn import_target(&self, tx: &mut Tx, year: ProgrammeYearId, mission: Option<MissionId>) -> AppResult<i64> {
        let year_row = self.year(tx, year, "application.import").await?;
        let mission = match (mission, self.missions()) {
            (Some(m), _) if !self.handles_mission(m) => {
                return Err(self
                    .audit_denied(Some(self.actor()), "application.import", "mission", m.to_string())
                    .await);
            }
            (Some(m), _) => m.0,
            (None, Some([only])) => *only,
            (None, _) => return Err(AppError::field("mission", "error-required")),
        };
        let belongs = store::programme::missions(tx, None)
            .await?
            .into_iter()
            .any(|m| m.id == mission && m.country_code == year_row.country_code);
        if !belongs {
            return Err(AppError::field("mission", "error-mission-not-of-year"));
        }
        Ok(mission)
    }

    /// Checks a file of paper applications for a year and a mission and, if every row is good,
    /// starts writing them as a background job; returns the job to watch.
    pub async fn start_import(
        &self,
        year: ProgrammeYearId,
        mission: Option<MissionId>,
        bytes: &[u8],
    ) -> AppResult<JobView> {
        let actor = self.actor();
        // Refused before the file is read (it may be large); checked again below in the
        // transaction that writes the job.
        let mission = {
            let mut tx = self.store.read().await?;
            self.import_target(&mut tx, year, mission).await?
        };
        // Reading a file is bounded (see `import_file`) but can still unpack up to 128 MiB: it runs
        // off the async workers, so other requests are answered meanwhile.
        let file = bytes.to_vec();
        let rows = tokio::task::spawn_blocking(move || read_rows(&file))
            .await
            .map_err(|e| AppError::Internal(format!("reading an import file: {e}")))??;
        let applications = check_rows(&rows).map_err(AppError::Invalid)?;
        let now = self.now();
        let mut tx = self.store.write().await?;
        let mission = self.import_target(&mut tx, year, Some(MissionId(mission))).await?;
        let year_row = self.year(&mut tx, year, "application.import").await?;
        let unit = format!("mission:{mission}");
        let id =
            jobs::insert_job(&mut tx, "application-import", actor.user_id.0, &unit, applications.len() as i64, now)
                .await?;
        let job = jobs::job(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        tx.commit().await?;
        let app = self.app().clone();
        let actor = actor.clone();
        tokio::spawn(async move {
            // Held by this process until its end is recorded: a killed process stops the heartbeat.
            let _hold = app.hold_job(id);
            let outcome = app.write_paper_applications(&actor, id, year_row.id, mission, applications).await;
            let finished = async {
                let mut tx = app.store.write().await?;
                let result = match &outcome {
                    Ok(counts) => Ok(counts.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                jobs::finish(&mut tx, id, result.as_ref().map(String::as_str).map_err(String::as_str), app.now())
                    .await?;
                tx.commit().await?;
                Ok::<(), AppError>(())
            }
            .await;
            if let Err(e) = finished {
                tracing::error!(job = id, error = %e, "import job could not record its end");
            }
        });
        Ok(JobView { percent: 0, job })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "family_name,given_name,birth_date,nationality,phone,address,qualification,institution,field_of_study,awarded,statement_of_purpose,interview_location,departure_group,email\n\
        Tanaka,Emi,2000-01-02,US,+1 555 0101,1 Oak St,bachelor,State U,History,2026-05-20,I want to teach.,Washington,Group A,emi@example.org\n";

    #[test]
    fn a_good_file_reads_and_checks() {
        let rows = read_rows(GOOD.as_bytes()).unwrap();
        assert_eq!(rows.len(), 1);
        let apps = check_rows(&rows).unwrap();
        assert_eq!(apps[0].family_name, "Tanaka");
        assert_eq!(apps[0].position, Position::Alt);
    }

    #[test]
    fn every_bad_row_and_column_is_named() {
        let bad = format!(
            "{GOOD}Sato,Ken,2000-02-30,US,,1 Elm St,bachelor,State U,Law,2026-05-20,Hello,Washington,Group A,not-an-address\n"
        );
        let rows = read_rows(bad.as_bytes()).unwrap();
        let Err(errors) = check_rows(&rows) else { panic!("refused") };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"rows[3].birth_date"), "{fields:?}");
        assert!(fields.contains(&"rows[3].email"), "{fields:?}");
        let unknown = read_rows(b"family_name,shoe_size\nA,42\n").unwrap_err();
        let AppError::Invalid(errors) = unknown else { panic!("refused") };
        assert!(errors.iter().any(|e| e.field == "columns.shoe_size"));
        assert!(errors.iter().any(|e| e.field == "columns.given_name"));
    }

    #[test]
    fn the_same_person_twice_in_a_file_is_refused() {
        let twice = format!("{GOOD}{}", GOOD.lines().nth(1).unwrap_or_default());
        let Err(errors) = check_rows(&read_rows(twice.as_bytes()).unwrap()) else { panic!("refused") };
        assert_eq!(errors[0].field, "rows[3].family_name");
    }

    #[test]
    fn sheets_render_as_csv_and_xlsx_and_read_back() {
        let sheet = Sheet {
            name: "応募".into(),
            headers: vec!["family_name".into(), "n".into()],
            rows: vec![vec![Cell::from("田中, \"Emi\""), Cell::from(3)]],
        };
        let csv = render(&sheet, Format::Csv).unwrap();
        assert!(csv.starts_with("\u{feff}".as_bytes()));
        assert!(String::from_utf8(csv).unwrap().contains("\"田中, \"\"Emi\"\"\",3"));
        let xlsx = render(&sheet, Format::Xlsx).unwrap();
        assert!(xlsx.starts_with(b"PK\x03\x04"));
        let back = read_rows(&xlsx).unwrap_err();
        // The sheet has no import columns: read back, and refused for what it lacks.
        let AppError::Invalid(errors) = back else { panic!("refused") };
        assert!(errors.iter().any(|e| e.field == "columns.given_name"));
    }
}
