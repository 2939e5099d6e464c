//! A paper-application file (CSV or XLSX) read within bounds (issue 10, item 1).
//!
//! The file comes from mission staff, but its content is whatever the person who made it put
//! there. Every size the file declares about itself (the sheet's dimension, the positions of its
//! cells, the unpacked size of each entry of the XLSX package, the count of shared strings) is
//! checked against a limit BEFORE anything is allocated by it, and what is kept while reading is
//! counted as it grows: a refusal names the file, the cell and the limit, and no file can make the
//! reader allocate more than these limits allow. `calamine`'s `worksheet_range` allocates the whole
//! rectangle between the first and the last cell (A1 and XFD1048576 make half a terabyte), so the
//! sheet is read cell by cell with `worksheet_cells_reader` instead.

use crate::error::{AppError, AppResult};
use domain::FieldError;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// The most bytes a file of paper applications may have (the upload limit of any document).
pub const MAX_FILE_BYTES: usize = crate::applying::MAX_DOCUMENT_BYTES;
/// Rows of a sheet an import reads: the heading row and the most applications one file holds.
pub const MAX_ROWS: u32 = IMPORT_LIMIT as u32 + 1;
/// Applications one file of paper applications may hold at most.
pub const IMPORT_LIMIT: usize = 20_000;
/// Columns of a sheet an import reads (A to IV): the import has 18 columns, and a sheet with
/// more than a few hundred is not a list of applications.
pub const MAX_COLUMNS: u32 = 256;
/// Characters of one cell: more than the longest field of the form (6,000) and its spare.
pub const MAX_CELL_CHARS: usize = 10_000;
/// Filled cells of one file (20,001 rows of 18 columns fill 360,018).
pub const MAX_CELLS: usize = 1_000_000;
/// Bytes of text kept from one file, all cells together.
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;
/// Entries of an XLSX package (a workbook has about ten).
pub const MAX_PACKAGE_ENTRIES: usize = 1_000;
/// Bytes one entry of an XLSX package may unpack to (the sheet, the shared strings...).
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// Bytes all entries of an XLSX package may unpack to together.
pub const MAX_PACKAGE_BYTES: u64 = 128 * 1024 * 1024;
/// Shared strings an XLSX package may declare (`<sst uniqueCount>`): the reader reserves room for
/// that many before reading one, so the count is a size declared inside the file.
pub const MAX_SHARED_STRINGS: u64 = MAX_CELLS as u64;

/// A row of the file: its 1-based line (the spreadsheet's row number, or the CSV record's), and
/// its filled cells as (0-based column, text) in the order read.
pub type GridRow = (usize, Vec<(u32, String)>);

/// The name of a cell as spreadsheet programs show it: row 0, column 0 is `A1`; row 1048575,
/// column 16383 is `XFD1048576`.
pub fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(column) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(u64::from(row) + 1).to_string()
}

fn refusal(reason: &'static str, detail: impl Into<String>, limit: u64) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: "file".into(),
        reason,
        limit: Some(limit),
        detail: Some(detail.into()),
    }])
}

fn unreadable() -> AppError {
    AppError::field("file", "error-file-unreadable")
}

/// Where a cell may be: refused past the last row or column an import reads.
fn check_position(row: u32, column: u32) -> AppResult<()> {
    if row >= MAX_ROWS {
        return Err(refusal("error-import-row-beyond", cell_name(row, column), u64::from(MAX_ROWS)));
    }
    if column >= MAX_COLUMNS {
        return Err(refusal("error-import-column-beyond", cell_name(row, column), u64::from(MAX_COLUMNS)));
    }
    Ok(())
}

/// The cells kept so far, counted as they come.
#[derive(Default)]
struct Grid {
    rows: BTreeMap<u32, Vec<(u32, String)>>,
    cells: usize,
    text_bytes: usize,
}

impl Grid {
    /// Checks a cell's place and length before its text is copied, then keeps it. Empty cells
    /// (a formatted blank far down a sheet) are not kept and not refused.
    fn put(&mut self, row: u32, column: u32, text: &str) -> AppResult<()> {
        if text.trim().is_empty() {
            return Ok(());
        }
        check_position(row, column)?;
        if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
            return Err(refusal("error-import-cell-too-long", cell_name(row, column), MAX_CELL_CHARS as u64));
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(refusal("error-import-too-many-cells", cell_name(row, column), MAX_CELLS as u64));
        }
        self.text_bytes = self.text_bytes.saturating_add(text.len());
        if self.text_bytes > MAX_TEXT_BYTES {
            return Err(refusal("error-import-too-much-text", cell_name(row, column), MAX_TEXT_BYTES as u64));
        }
        self.rows.entry(row).or_default().push((column, text.to_owned()));
        Ok(())
    }

    fn into_rows(self) -> Vec<GridRow> {
        self.rows.into_iter().map(|(row, cells)| (row as usize + 1, cells)).collect()
    }
}

/// Reads the filled cells of a CSV or XLSX file (detected from the bytes), row by row.
pub fn read_grid(bytes: &[u8]) -> AppResult<Vec<GridRow>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(AppError::Invalid(vec![FieldError::with_limit(
            "file",
            "error-file-too-large",
            MAX_FILE_BYTES as u64,
        )]));
    }
    if bytes.starts_with(b"PK\x03\x04") { read_xlsx(bytes) } else { read_csv(bytes) }
}

fn read_csv(bytes: &[u8]) -> AppResult<Vec<GridRow>> {
    let text = std::str::from_utf8(bytes).map_err(|_| AppError::field("file", "error-file-encoding"))?;
    // The csv reader's buffers grow with the longest field and record, which the file's own size
    // (checked above) bounds; what is kept is bounded by `Grid`.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut grid = Grid::default();
    let mut record = csv::StringRecord::new();
    let mut row: u32 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => return Err(unreadable()),
        }
        let columns = u32::try_from(record.len()).unwrap_or(u32::MAX);
        if columns > MAX_COLUMNS {
            // The record's own width is a declared dimension: refused even when blank past it.
            return Err(refusal("error-import-column-beyond", cell_name(row, MAX_COLUMNS), u64::from(MAX_COLUMNS)));
        }
        for (column, field) in (0u32..).zip(record.iter()) {
            grid.put(row, column, field)?;
        }
        row = row.saturating_add(1);
    }
    Ok(grid.into_rows())
}

fn read_xlsx(bytes: &[u8]) -> AppResult<Vec<GridRow>> {
    use calamine::{Reader, Xlsx};
    check_package(bytes)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let first = book.sheet_names().first().cloned().ok_or_else(unreadable)?;
    let mut cells = book.worksheet_cells_reader(&first).map_err(|_| unreadable())?;
    // The sheet's declared extent, refused before a single cell is read.
    let declared = cells.dimensions();
    check_position(declared.end.0, declared.end.1)?;
    check_position(declared.start.0, declared.start.1)?;
    let mut grid = Grid::default();
    while let Some(cell) = cells.next_cell().map_err(|_| unreadable())? {
        let (row, column) = cell.get_position();
        match cell.get_value() {
            calamine::DataRef::SharedString(s) => grid.put(row, column, s)?,
            calamine::DataRef::String(s) => grid.put(row, column, s)?,
            other => grid.put(row, column, &cell_text(other))?,
        }
    }
    Ok(grid.into_rows())
}

/// A cell that is not text, as the import reads it: whole numbers without `.0`, dates as ISO
/// dates.
fn cell_text(value: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef;
    match value {
        DataRef::Empty => String::new(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        DataRef::DateTime(d) => excel_date(d.as_f64()).unwrap_or_default(),
        DataRef::Bool(b) => b.to_string(),
        other => calamine::Data::from(other.clone()).to_string(),
    }
}

/// Excel's serial date as an ISO date; `None` outside the years Excel itself shows (1900-9999),
/// so a serial of 1e300 is refused as a date by the form's check instead of overflowing.
pub fn excel_date(serial: f64) -> Option<String> {
    // Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included); 2,958,465 is 9999-12-31.
    if !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = time::macros::date!(1899 - 12 - 30);
    epoch.checked_add(time::Duration::days(serial.floor() as i64)).map(|d| d.to_string())
}

/// The XLSX package checked before `calamine` opens it: how many entries, what each says it
/// unpacks to (refused before unpacking), what each really unpacks to (counted while unpacking,
/// never more than the limit, since a declared size can lie), and the count of shared strings
/// the workbook declares. `calamine` then reads the same bytes, so it reads no more than this.
fn check_package(bytes: &[u8]) -> AppResult<()> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    if zip.len() > MAX_PACKAGE_ENTRIES {
        return Err(refusal("error-import-package-entries", zip.len().to_string(), MAX_PACKAGE_ENTRIES as u64));
    }
    let mut declared_total: u64 = 0;
    let mut unpacked_total: u64 = 0;
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).map_err(|_| unreadable())?;
        let name = entry.name().map_err(|_| unreadable())?.into_owned();
        let declared = entry.size();
        declared_total = declared_total.saturating_add(declared);
        if declared > MAX_ENTRY_BYTES {
            return Err(refusal("error-import-entry-too-large", name, MAX_ENTRY_BYTES));
        }
        if declared_total > MAX_PACKAGE_BYTES {
            return Err(refusal("error-import-entry-too-large", name, MAX_PACKAGE_BYTES));
        }
        let room = MAX_ENTRY_BYTES.min(MAX_PACKAGE_BYTES.saturating_sub(unpacked_total));
        let is_shared_strings = name.replace('\\', "/").to_ascii_lowercase().ends_with("sharedstrings.xml");
        let unpacked = if is_shared_strings {
            let mut counted = Counted { inner: (&mut entry).take(room + 1), bytes: 0 };
            check_shared_strings(&mut counted, &name)?;
            // Read to the end, so that the count (and the entry's checksum) covers all of it.
            std::io::copy(&mut counted, &mut std::io::sink()).map_err(|_| unreadable())?;
            counted.bytes
        } else {
            std::io::copy(&mut (&mut entry).take(room + 1), &mut std::io::sink()).map_err(|_| unreadable())?
        };
        if unpacked > room {
            let limit = if room == MAX_ENTRY_BYTES { MAX_ENTRY_BYTES } else { MAX_PACKAGE_BYTES };
            return Err(refusal("error-import-entry-too-large", name, limit));
        }
        unpacked_total += unpacked;
    }
    Ok(())
}

/// A reader that counts the bytes read through it.
struct Counted<R> {
    inner: R,
    bytes: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

/// The `uniqueCount` of the shared strings, read as `calamine` reads it (the first `sst` element;
/// the attribute's raw digits), refused past [`MAX_SHARED_STRINGS`]: `calamine` reserves room for
/// that many strings before it reads one.
fn check_shared_strings(reader: &mut impl Read, name: &str) -> AppResult<()> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(reader));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                for attribute in e.attributes().with_checks(false) {
                    let Ok(attribute) = attribute else { continue };
                    if attribute.key.as_ref() != "uniqueCount" {
                        continue;
                    }
                    // Leading `+` and zeros aside, the digits as a number, saturating: any count
                    // a parser could make of them is at most this.
                    let digits = attribute.value.bytes().skip_while(|b| *b == b'+').take_while(|b| b.is_ascii_digit());
                    let count = digits.fold(0u64, |n, d| n.saturating_mul(10).saturating_add(u64::from(d - b'0')));
                    if count > MAX_SHARED_STRINGS {
                        return Err(refusal("error-import-shared-strings", name, MAX_SHARED_STRINGS));
                    }
                }
                return Ok(());
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(9, 26), "AA10");
        assert_eq!(cell_name(0, 255), "IV1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn excel_serial_dates_become_iso_dates_within_excels_years() {
        assert_eq!(excel_date(45583.0).as_deref(), Some("2024-10-18"));
        assert_eq!(excel_date(2_958_465.0).as_deref(), Some("9999-12-31"));
        assert_eq!(excel_date(1e300), None);
        assert_eq!(excel_date(f64::NAN), None);
        assert_eq!(excel_date(-1.0), None);
    }
}
