//! A bounded fuzz of every parser of uploaded content (issue 10, the class of item 1): the paper
//! application import (CSV and XLSX, `bulk::read_rows`) and the document checks of applicants',
//! referees' and clearance uploads (`applying::checked_file`). Deterministic (a fixed seed) and
//! bounded (a few hundred cases each), so the suite stays fast.
//!
//! The property: a parser answers `Ok` or a refusal naming the field, never panics and never
//! an internal error; and every size the file declares about itself is refused where the code
//! checks it, before anything is allocated by it (the refusal's reason and the named cell or
//! entry show which check answered, so these tests count the bound, not the time).

use crate::bulk::{self, Cell, Format, Sheet, read_rows};
use crate::error::AppError;
use crate::import_file::{
    self, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ENTRY_BYTES, MAX_PACKAGE_BYTES, MAX_ROWS, MAX_SHARED_STRINGS, cell_name,
};
use std::io::{Cursor, Read, Write};

/// xorshift64*: the same cases on every run.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const HEADER: [&str; 14] = [
    "family_name",
    "given_name",
    "birth_date",
    "nationality",
    "phone",
    "address",
    "qualification",
    "institution",
    "field_of_study",
    "awarded",
    "statement_of_purpose",
    "interview_location",
    "departure_group",
    "email",
];
const ROW: [&str; 14] = [
    "Tanaka",
    "Emi",
    "2000-01-02",
    "US",
    "+1 555 0101",
    "1 Oak St",
    "bachelor",
    "State U",
    "History",
    "2026-05-20",
    "I want to teach.",
    "Washington",
    "Group A",
    "emi@example.org",
];

fn good_csv() -> Vec<u8> {
    format!("{}\n{}\n", HEADER.join(","), ROW.join(",")).into_bytes()
}

/// A workbook with the given cells (row, column, text), as rust_xlsxwriter writes one.
fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (row, column, text) in cells {
        sheet.write_string(*row, *column, *text).unwrap();
    }
    book.save_to_buffer().unwrap()
}

fn good_xlsx() -> Vec<u8> {
    let mut cells = Vec::new();
    for (c, (h, v)) in HEADER.iter().zip(ROW).enumerate() {
        cells.push((0, c as u16, *h));
        cells.push((1, c as u16, v));
    }
    workbook(&cells)
}

/// The entries of a zip, by name, unpacked.
fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

/// A zip of the entries, deflated.
fn zipped(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The workbook with one entry's text changed.
fn edited(xlsx: &[u8], entry: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    let changed: Vec<_> =
        entries(xlsx)
            .into_iter()
            .map(|(name, bytes)| {
                if name == entry { (name, edit(String::from_utf8(bytes).unwrap()).into_bytes()) } else { (name, bytes) }
            })
            .collect();
    zipped(&changed)
}

/// The refusal's (reason, detail), or `None` when the file was read.
fn refusal(result: Result<Vec<bulk::Row>, AppError>) -> Option<(String, String)> {
    match result {
        Ok(rows) => {
            // What a read file holds stays within the bounds.
            assert!(rows.len() <= crate::import_file::IMPORT_LIMIT, "{} rows", rows.len());
            for (line, values) in &rows {
                assert!(*line <= MAX_ROWS as usize, "line {line}");
                assert!(values.len() <= MAX_COLUMNS as usize);
                assert!(values.values().all(|v| v.chars().count() <= MAX_CELL_CHARS));
            }
            None
        }
        Err(AppError::Invalid(fields)) => {
            assert!(!fields.is_empty());
            let first = &fields[0];
            assert!(first.field == "file" || first.field.starts_with("columns."), "{:?}", first);
            Some((first.reason.to_owned(), first.detail.clone().unwrap_or_default()))
        }
        Err(other) => panic!("neither read nor refused: {other:?}"),
    }
}

#[test]
fn the_workbook_of_a1_and_xfd1048576_is_refused_by_its_declared_dimension() {
    // The 1.5 KB file of the report: two cells, half a terabyte between them.
    let hostile = workbook(&[(0, 0, "family_name"), (1_048_575, 16_383, "x")]);
    assert!(hostile.len() < 8 * 1024, "{} bytes", hostile.len());
    let (reason, detail) = refusal(read_rows(&hostile)).unwrap();
    assert_eq!((reason.as_str(), detail.as_str()), ("error-import-row-beyond", "XFD1048576"));

    // Without the <dimension> element the far cell itself is refused, before it is kept.
    let undeclared = edited(&hostile, "xl/worksheets/sheet1.xml", |xml| {
        let start = xml.find("<dimension").unwrap();
        let end = start + xml[start..].find("/>").unwrap() + 2;
        format!("{}{}", &xml[..start], &xml[end..])
    });
    let (reason, detail) = refusal(read_rows(&undeclared)).unwrap();
    assert_eq!((reason.as_str(), detail.as_str()), ("error-import-row-beyond", "XFD1048576"));
}

#[test]
fn declared_dimensions_and_cells_past_the_limits_are_refused_and_within_them_read() {
    let mut rng = Seeded(0x6b61_6b65_6861_7368);
    let good = good_xlsx();
    for _ in 0..150 {
        // Half the cases near the limits, half anywhere on a sheet.
        let (row, column) = if rng.below(2) == 0 {
            (MAX_ROWS - 3 + rng.below(6) as u32, MAX_COLUMNS - 3 + rng.below(6) as u32)
        } else {
            (rng.below(1_048_576) as u32, rng.below(16_384) as u32)
        };
        let beyond = row >= MAX_ROWS || column >= MAX_COLUMNS;
        let far = cell_name(row, column);
        // The declared dimension alone, the sheet's cells unchanged.
        let declared = edited(&good, "xl/worksheets/sheet1.xml", |xml| {
            let start = xml.find("<dimension ref=\"").unwrap() + "<dimension ref=\"".len();
            let end = start + xml[start..].find('"').unwrap();
            format!("{}A1:{far}{}", &xml[..start], &xml[end..])
        });
        match refusal(read_rows(&declared)) {
            Some((reason, detail)) if beyond => {
                assert!(reason == "error-import-row-beyond" || reason == "error-import-column-beyond", "{reason}");
                assert_eq!(detail, far);
            }
            None if !beyond => {}
            other => panic!("dimension A1:{far}: {other:?}"),
        }
        // A filled cell there.
        let mut cells: Vec<(u32, u16, &str)> = HEADER.iter().enumerate().map(|(c, h)| (0, c as u16, *h)).collect();
        cells.push((row, column as u16, "x"));
        match refusal(read_rows(&workbook(&cells))) {
            Some((reason, detail)) if beyond => {
                // Refused by the declared dimension, the bounding box of the heading and the cell.
                assert!(reason.starts_with("error-import-"), "{reason}");
                assert_eq!(detail, cell_name(row, column.max(HEADER.len() as u32 - 1)));
            }
            Some((reason, _)) if !beyond => {
                // Read, then refused for what the heading row lacks or the cell's column.
                assert!(reason.starts_with("error-column-") || reason == "error-file-empty", "{reason}");
            }
            None if !beyond => {}
            other => panic!("cell {far}: {other:?}"),
        }
    }
}

#[test]
fn workbooks_truncated_or_with_flipped_bytes_are_read_or_refused() {
    let good = good_xlsx();
    assert!(refusal(read_rows(&good)).is_none());
    let mut rng = Seeded(7);
    for _ in 0..150 {
        let at = rng.below(good.len() as u64) as usize;
        let _ = refusal(read_rows(&good[..at]));
    }
    for _ in 0..250 {
        let mut bytes = good.clone();
        for _ in 0..=rng.below(4) {
            let at = rng.below(bytes.len() as u64) as usize;
            bytes[at] ^= 1 << rng.below(8);
        }
        let _ = refusal(read_rows(&bytes));
    }
    // Flipped bytes inside the unpacked sheet and shared strings, repacked (so the checksums
    // agree and the XML reader sees them).
    for _ in 0..150 {
        let entry = if rng.below(2) == 0 { "xl/worksheets/sheet1.xml" } else { "xl/sharedStrings.xml" };
        let seed = rng.next();
        let bytes = edited(&good, entry, |xml| {
            let mut rng = Seeded(seed | 1);
            let mut raw = xml.into_bytes();
            for _ in 0..=rng.below(3) {
                let at = rng.below(raw.len() as u64) as usize;
                raw[at] = b"<>\"=/ 0123456789AZrcstv:&;"[rng.below(26) as usize];
            }
            String::from_utf8_lossy(&raw).into_owned()
        });
        let _ = refusal(read_rows(&bytes));
    }
}

/// A zip of one stored entry whose headers declare `declared` unpacked bytes.
fn stored_zip_declaring(name: &str, content: &[u8], declared: u32) -> Vec<u8> {
    let crc = {
        // CRC-32 (IEEE), bit by bit: the test needs no table.
        let mut crc = !0u32;
        for b in content {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    };
    let size = content.len() as u32;
    let mut out = Vec::new();
    let local = |out: &mut Vec<u8>| {
        out.extend(b"PK\x03\x04");
        out.extend(20u16.to_le_bytes()); // version
        out.extend(0u16.to_le_bytes()); // flags
        out.extend(0u16.to_le_bytes()); // stored
        out.extend([0, 0, 0x21, 0]); // time, date
        out.extend(crc.to_le_bytes());
        out.extend(size.to_le_bytes());
        out.extend(declared.to_le_bytes());
        out.extend((name.len() as u16).to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(name.as_bytes());
    };
    local(&mut out);
    out.extend(content);
    let directory = out.len() as u32;
    out.extend(b"PK\x01\x02");
    out.extend(20u16.to_le_bytes());
    out.extend(20u16.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend([0, 0, 0x21, 0]);
    out.extend(crc.to_le_bytes());
    out.extend(size.to_le_bytes());
    out.extend(declared.to_le_bytes());
    out.extend((name.len() as u16).to_le_bytes());
    out.extend([0u8; 12]); // extra, comment, disk, internal and external attributes
    out.extend(0u32.to_le_bytes()); // offset of the local header
    out.extend(name.as_bytes());
    let directory_len = out.len() as u32 - directory;
    out.extend(b"PK\x05\x06");
    out.extend([0u8; 4]);
    out.extend(1u16.to_le_bytes());
    out.extend(1u16.to_le_bytes());
    out.extend(directory_len.to_le_bytes());
    out.extend(directory.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

#[test]
fn zip_entries_declaring_huge_sizes_are_refused_before_they_are_unpacked() {
    let mut rng = Seeded(99);
    for _ in 0..200 {
        let declared = MAX_ENTRY_BYTES as u32 + 1 + rng.below(u64::from(u32::MAX) - MAX_ENTRY_BYTES - 1) as u32;
        let name = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "docProps/app.xml"][rng.below(3) as usize];
        let bytes = stored_zip_declaring(name, b"<x/>", declared);
        let (reason, detail) = refusal(read_rows(&bytes)).unwrap();
        assert_eq!((reason.as_str(), detail.as_str()), ("error-import-entry-too-large", name));
    }
    // Within the limit the declared size is believed no further than what really comes out.
    let small = stored_zip_declaring("xl/workbook.xml", b"<x/>", 4);
    assert_eq!(refusal(read_rows(&small)).unwrap().0, "error-file-unreadable");
}

#[test]
fn a_zip_bomb_is_refused_by_what_it_unpacks_to_even_when_its_headers_lie() {
    // One sheet of zeros one byte past the entry limit: about 64 KiB packed.
    let good = good_xlsx();
    let mut parts = entries(&good);
    let bomb = vec![b' '; MAX_ENTRY_BYTES as usize + 1];
    parts.push(("xl/bomb.xml".to_owned(), bomb));
    let honest = zipped(&parts);
    assert!(honest.len() < 1024 * 1024, "{} bytes", honest.len());
    let (reason, detail) = refusal(read_rows(&honest)).unwrap();
    assert_eq!((reason.as_str(), detail.as_str()), ("error-import-entry-too-large", "xl/bomb.xml"));

    // The same with the central directory declaring 1 KiB: counted while unpacking instead.
    let mut lying = honest.clone();
    let name = b"xl/bomb.xml";
    let mut at = 0;
    while let Some(found) = lying[at..].windows(4).position(|w| w == b"PK\x01\x02") {
        let header = at + found;
        let name_len = u16::from_le_bytes([lying[header + 28], lying[header + 29]]) as usize;
        if &lying[header + 46..header + 46 + name_len] == name {
            lying[header + 24..header + 28].copy_from_slice(&1024u32.to_le_bytes());
            // A zip64 extra field carries the real size too: point it at 1 KiB as well.
            let extra_len = u16::from_le_bytes([lying[header + 30], lying[header + 31]]) as usize;
            let extra = header + 46 + name_len;
            if extra_len >= 12 && lying[extra..extra + 2] == [1, 0] {
                lying[extra + 4..extra + 12].copy_from_slice(&1024u64.to_le_bytes());
            }
        }
        at = header + 4;
    }
    let (reason, _) = refusal(read_rows(&lying)).unwrap();
    assert!(reason == "error-import-entry-too-large" || reason == "error-file-unreadable", "{reason}");

    // Several entries each within the limit, together past the package's at the second (one buffer written
    // thrice, so that the test holds 64 MiB, not 192).
    let share = vec![b' '; MAX_ENTRY_BYTES as usize - 1];
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries(&good) {
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(&bytes).unwrap();
    }
    for i in 0..=(MAX_PACKAGE_BYTES / MAX_ENTRY_BYTES) {
        out.start_file(format!("xl/part{i}.xml"), options).unwrap();
        out.write_all(&share).unwrap();
    }
    let (reason, detail) = refusal(read_rows(&out.finish().unwrap().into_inner())).unwrap();
    assert_eq!((reason.as_str(), detail.as_str()), ("error-import-entry-too-large", "xl/part1.xml"));
}

#[test]
fn shared_strings_declaring_a_huge_count_are_refused_before_the_reader_reserves_them() {
    let good = good_xlsx();
    let mut rng = Seeded(3);
    for case in 0..60 {
        let count = match case {
            0 => "18446744073709551615".to_owned(),
            1 => "+000099999999999999999999".to_owned(),
            2 => (MAX_SHARED_STRINGS + 1).to_string(),
            _ => (MAX_SHARED_STRINGS + 1 + rng.below(u64::MAX / 2)).to_string(),
        };
        let bytes = edited(&good, "xl/sharedStrings.xml", |xml| {
            let start = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
            let end = start + xml[start..].find('"').unwrap();
            format!("{}{count}{}", &xml[..start], &xml[end..])
        });
        let (reason, detail) = refusal(read_rows(&bytes)).unwrap();
        assert_eq!((reason.as_str(), detail.as_str()), ("error-import-shared-strings", "xl/sharedStrings.xml"));
    }
}

#[test]
fn one_shared_string_repeated_in_every_cell_is_refused_by_what_is_kept() {
    // A long text stored once, referenced by many cells: what the import keeps is counted.
    let long = "x".repeat(MAX_CELL_CHARS);
    let mut cells: Vec<(u32, u16, &str)> = HEADER.iter().enumerate().map(|(c, h)| (0, c as u16, *h)).collect();
    for row in 1..7_000u32 {
        cells.push((row, 10, long.as_str()));
    }
    let (reason, _) = refusal(read_rows(&workbook(&cells))).unwrap();
    assert_eq!(reason, "error-import-too-much-text");
    let (reason, detail) = refusal(read_rows(&workbook(&[(0, 0, &"y".repeat(MAX_CELL_CHARS + 1))]))).unwrap();
    assert_eq!((reason.as_str(), detail.as_str()), ("error-import-cell-too-long", "A1"));
}

#[test]
fn csv_files_truncated_flipped_or_enormous_are_read_or_refused_within_the_limits() {
    let good = good_csv();
    assert!(refusal(read_rows(&good)).is_none());
    for at in 0..good.len() {
        let _ = refusal(read_rows(&good[..at]));
    }
    let mut rng = Seeded(11);
    for _ in 0..250 {
        let mut bytes = good.clone();
        for _ in 0..=rng.below(4) {
            let at = rng.below(bytes.len() as u64) as usize;
            bytes[at] = [b',', b'"', b'\n', b'\r', 0xFF, b'=', 0, b'x'][rng.below(8) as usize];
        }
        let _ = refusal(read_rows(&bytes));
    }
    for case in 0..60u64 {
        let header = HEADER.join(",");
        match case % 3 {
            // An enormous field.
            0 => {
                let len = MAX_CELL_CHARS + 1 + rng.below(100_000) as usize;
                let csv = format!("{header}\nTanaka,\"{}\"\n", "é".repeat(len));
                let (reason, detail) = refusal(read_rows(csv.as_bytes())).unwrap();
                assert_eq!((reason.as_str(), detail.as_str()), ("error-import-cell-too-long", "B2"));
            }
            // An enormous record.
            1 => {
                let columns = MAX_COLUMNS as usize + 1 + rng.below(5_000) as usize;
                let csv = format!("{header}\n{}\n", vec!["a"; columns].join(","));
                let (reason, detail) = refusal(read_rows(csv.as_bytes())).unwrap();
                assert_eq!((reason.as_str(), detail.as_str()), ("error-import-column-beyond", "IW2"));
            }
            // Enormously many rows: refused at the first row past the limit.
            _ => {
                let rows = MAX_ROWS as usize + 1 + rng.below(50) as usize;
                let mut csv = format!("{header}\n");
                for _ in 1..rows {
                    csv.push_str("a\n");
                }
                let (reason, detail) = refusal(read_rows(csv.as_bytes())).unwrap();
                assert_eq!(
                    (reason.as_str(), detail.as_str()),
                    ("error-import-row-beyond", cell_name(MAX_ROWS, 0).as_str())
                );
            }
        }
    }
    // Bigger than any upload: refused before it is parsed.
    let huge = vec![b'a'; import_file::MAX_FILE_BYTES + 1];
    assert_eq!(refusal(read_rows(&huge)).unwrap().0, "error-file-too-large");
}

#[test]
fn document_checks_read_only_the_first_bytes_and_refuse_past_the_size_limit() {
    use crate::applying::{MAX_DOCUMENT_BYTES, checked_file};
    // The checks of applicants', referees' and clearance uploads look at a document's first
    // bytes (its type) and its length; nothing declared inside a PDF, PNG or JPEG is read.
    let samples: [(&str, Vec<u8>); 3] = [
        ("a.pdf", b"%PDF-1.7\n1 0 obj << /Length 999999999999 >> stream\nendstream\n%%EOF\n".to_vec()),
        (
            "a.png",
            [b"\x89PNG\r\n\x1a\n".as_slice(), b"\xff\xff\xff\xffIHDR\xff\xff\xff\xff\xff\xff\xff\xff".as_slice()]
                .concat(),
        ),
        ("a.jpg", vec![0xFF, 0xD8, 0xFF, 0xC0, 0xFF, 0xFF, 0x08, 0xFF, 0xFF, 0xFF, 0xFF]),
    ];
    let mut rng = Seeded(5);
    for (name, bytes) in &samples {
        assert!(checked_file(name, bytes, None).is_ok(), "{name}");
        for at in 0..bytes.len() {
            match checked_file(name, &bytes[..at], None) {
                Ok(_) | Err(AppError::Invalid(_)) => {}
                Err(e) => panic!("{name} cut at {at}: {e:?}"),
            }
        }
        for _ in 0..100 {
            let mut flipped = bytes.clone();
            let at = rng.below(flipped.len() as u64) as usize;
            flipped[at] ^= 1 << rng.below(8);
            match checked_file(name, &flipped, None) {
                Ok((_, content_type, _)) => {
                    assert!(content_type.starts_with("application/pdf") || content_type.starts_with("image/"))
                }
                Err(AppError::Invalid(fields)) => assert_eq!(fields[0].field, "file"),
                Err(e) => panic!("{name} flipped: {e:?}"),
            }
        }
    }
    let mut too_big = samples[0].1.clone();
    too_big.resize(MAX_DOCUMENT_BYTES + 1, b' ');
    let Err(AppError::Invalid(fields)) = checked_file("a.pdf", &too_big, None) else { panic!("refused") };
    assert_eq!(
        (fields[0].field.as_str(), fields[0].reason, fields[0].limit),
        ("file", "error-file-too-large", Some(MAX_DOCUMENT_BYTES as u64))
    );
}

#[test]
fn no_exported_text_cell_reads_as_a_formula_in_csv_or_xlsx() {
    // Names an applicant could register, as OWASP lists the starts of formulas.
    let mut rng = Seeded(13);
    let starts = ["=", "+", "-", "@", "\t", "\r", "\t=", "\r@"];
    let mut texts: Vec<String> = vec![
        "=HYPERLINK(\"http://evil.example\",\"Emi\")".into(),
        "+1+cmd|' /C calc'!A0".into(),
        "-2+3".into(),
        "@SUM(A1:A2)".into(),
        "\t=1+1".into(),
        "\r=1+1".into(),
    ];
    for _ in 0..200 {
        let start = starts[rng.below(starts.len() as u64) as usize];
        texts.push(format!("{start}{}", "田中 Emi,\"x\"".chars().take(rng.below(10) as usize).collect::<String>()));
    }
    texts.push("Tanaka".into());
    let sheet = Sheet {
        name: "applications".into(),
        headers: vec!["col-name".into(), "col-n".into()],
        rows: texts.iter().map(|t| vec![Cell::from(t.as_str()), Cell::from(-3)]).collect(),
    };
    let csv = bulk::render(&sheet, Format::Csv).unwrap();
    let text = String::from_utf8(csv).unwrap();
    let mut reader =
        csv::ReaderBuilder::new().has_headers(true).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut read = 0;
    for (record, original) in reader.records().zip(&texts) {
        let record = record.unwrap();
        let cell = &record[0];
        assert!(!bulk::reads_as_formula(cell), "{cell:?}");
        if bulk::reads_as_formula(original) {
            assert_eq!(cell, format!("'{original}"));
        } else {
            assert_eq!(cell, original);
        }
        // Numbers the system writes are numbers, not text.
        assert_eq!(&record[1], "-3");
        read += 1;
    }
    assert_eq!(read, texts.len());

    // XLSX: the same text in a string cell styled with Excel's quote prefix.
    let xlsx = bulk::render(&sheet, Format::Xlsx).unwrap();
    let parts = entries(&xlsx);
    let styles = parts.iter().find(|(n, _)| n == "xl/styles.xml").map(|(_, b)| String::from_utf8_lossy(b)).unwrap();
    assert!(styles.contains("quotePrefix=\"1\""), "{styles}");
    let strings =
        parts.iter().find(|(n, _)| n == "xl/sharedStrings.xml").map(|(_, b)| String::from_utf8_lossy(b)).unwrap();
    assert!(strings.contains("=HYPERLINK("), "text kept as it is");
    let sheet_xml =
        parts.iter().find(|(n, _)| n == "xl/worksheets/sheet1.xml").map(|(_, b)| String::from_utf8_lossy(b)).unwrap();
    assert!(!sheet_xml.contains("<f>"), "no formula cell");
}
