//! A CSV file's bytes as text, and where its records start: UTF-8 (a byte-order mark
//! dropped) or Windows-1252 with a warning; the header row found among the first rows (title
//! rows above it skipped).

use super::*;

/// The text as UTF-8. A file that is not UTF-8 is read as Windows-1252 (what Excel writes
/// for "CSV", with accents as single bytes), with a warning; one that is neither (bytes
/// Windows-1252 leaves undefined, or NULs, as in UTF-16 or binary files) is an error.
pub(super) fn utf8_text(
    bytes: Vec<u8>,
    label: &str,
    problems: &mut Vec<Problem>,
) -> Result<String, Problem> {
    let (bytes, error) = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(error) => {
            let utf8_error = error.utf8_error();
            (error.into_bytes(), utf8_error)
        }
    };
    let line = 1 + bytes[..error.valid_up_to()]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64;
    let undefined = |b: &u8| matches!(b, 0x00 | 0x81 | 0x8d | 0x8f | 0x90 | 0x9d);
    if bytes.iter().any(undefined) {
        return Err(Problem::at(
            label,
            line,
            None,
            Rule::Encoding,
            "is neither UTF-8 nor Windows-1252 text (is it a spreadsheet or UTF-16?); save it as \"CSV UTF-8\" and run again",
        ));
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
    problems.push(Problem::at(
        label,
        line,
        None,
        Rule::Windows1252,
        "is not UTF-8, so it was read as Windows-1252 (Excel's \"CSV\"); check accented names, and save as \"CSV UTF-8\" to be sure",
    ));
    Ok(text.into_owned())
}

/// The UTF-8 byte-order mark Excel writes at the start of "CSV UTF-8" files.
pub(super) const BOM: &[u8] = &[0xef, 0xbb, 0xbf];

pub(super) fn strip_bom(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    bytes
}

/// Title rows may sit above the header (as in Ofsted's template): the header is the first of
/// the first few non-empty records that names an Annex A list, else the first non-empty
/// record. Returns the record, its line, and the byte offset where it starts.
pub(super) fn header_record(
    bytes: &[u8],
    headings: &Headings,
) -> Option<(Vec<String>, u64, usize)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut candidates = Vec::new();
    for record in reader.records().filter_map(Result::ok) {
        if !record.iter().any(|field| !field.trim().is_empty()) {
            continue;
        }
        let Some(position) = record.position() else {
            continue;
        };
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        candidates.push((cells, position.line(), position.byte() as usize));
        if candidates.len() == TITLE_ROWS_SEARCHED {
            break;
        }
    }
    let recognised = candidates
        .iter()
        .position(|(cells, _, _)| headers::recognise(cells, headings).is_ok());
    let index = recognised.unwrap_or(0);
    (index < candidates.len()).then(|| candidates.swap_remove(index))
}

/// How many non-empty records are searched for the header.
pub(super) const TITLE_ROWS_SEARCHED: usize = 12;

/// The records after the header (the record starting at byte `offset` of `text`), and the line
/// the first starts on; `None` when there are none.
pub(super) fn records_after_header(text: &str, offset: usize) -> Option<(&str, IdxSize)> {
    let header = RecordLines::new(text.as_bytes().get(offset..)?).next()?;
    let records = text.get(offset + header.bytes.len() + 1..)?;
    Some((records, 1 + header.lines))
}
