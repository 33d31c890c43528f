//! Files the byte splitter does not read (a value spanning lines, an escaped quote): polars'
//! CSV reader reads every field as text, and the list's columns are picked, trimmed and
//! blanked, the lines set from the record scan.

use super::*;

/// Reads a text whose quoting the split on bytes does not read with polars' CSV reader, and
/// beside it scans the records for their layout (ragged and blank records, and records
/// spanning lines).
pub(super) fn read_quoted(body: &[u8], width: usize) -> PolarsResult<(DataFrame, Layout)> {
    let (layout, frame) =
        crate::threads::both(|| Layout::scan(body, width), || read_all_text(body, width));
    Ok((empty_as_null(frame?)?, layout))
}

/// The frame with empty texts made null: polars reads a quoted empty field (`""`) as an empty
/// text, where an unquoted one is null (and the split on bytes reads both as null); both are
/// blank.
pub(super) fn empty_as_null(frame: DataFrame) -> PolarsResult<DataFrame> {
    let texts: Vec<Expr> = frame
        .columns()
        .iter()
        .filter(|column| column.dtype() == &DataType::String)
        .map(|column| null_if_empty(col(column.name().clone())).alias(column.name().clone()))
        .collect();
    frame.lazy().with_columns(texts).collect()
}

/// Reads all rows as text, in columns named by position (`c0`, `c1`, …).
pub(super) fn read_all_text(body: &[u8], width: usize) -> PolarsResult<DataFrame> {
    let schema: Schema = (0..width)
        .map(|i| Field::new(positional(i), DataType::String))
        .collect();
    CsvReadOptions::default()
        .with_has_header(true)
        .map_parse_options(|options| options.with_truncate_ragged_lines(true))
        .with_schema(Some(Arc::new(schema)))
        .with_row_index(Some(RowIndex {
            name: LINE.into(),
            offset: 2,
        }))
        .into_reader_with_file_handle(Cursor::new(body))
        .finish()
}

/// Keeps the list's columns under their ids, leaving out rows that are entirely blank.
/// Identifiers are trimmed here, with blanks made null; other values are trimmed as they are
/// decoded, once per distinct text.
pub(super) fn list_columns(
    frame: DataFrame,
    header: &HeaderMap,
    layout: &Layout,
) -> PolarsResult<DataFrame> {
    let frame = match &layout.record_lines {
        Some(lines) => with_true_lines(frame, lines)?,
        None => frame,
    };
    let columns = header
        .list
        .columns()
        .into_iter()
        .map(|column| {
            let position = header
                .found
                .iter()
                .find(|(c, _)| c.id == column.id)
                .map(|(_, position)| *position);
            let Some(position) = position else {
                return Ok(lit(NULL).cast(DataType::String).alias(column.id));
            };
            let text = col(positional(position));
            let identifier = column.kind == ValueKind::Id;
            Ok(
                if identifier && needs_trimming(frame.column(&positional(position))?.str()?) {
                    blank_to_null(text)
                } else {
                    text
                }
                .alias(column.id),
            )
        })
        .collect::<PolarsResult<Vec<Expr>>>()?;
    let any_value = header
        .list
        .columns()
        .iter()
        .map(|c| col(c.id).is_not_null())
        .reduce(|a, b| a.or(b))
        .unwrap_or(lit(false));
    let not_blank = if layout.blank.is_empty() {
        any_value
    } else {
        let blank = Series::new("blank".into(), &layout.blank);
        any_value.and(col(LINE).is_in(lit(blank), false).not())
    };
    let frame = frame
        .lazy()
        .select(
            std::iter::once(col(LINE))
                .chain(columns)
                .collect::<Vec<_>>(),
        )
        .collect()?;
    without_blank_rows(frame, not_blank)
}

/// The frame without the rows where `keep` is false; the frame itself (no copy) when there
/// are none, as in nearly every file.
pub(super) fn without_blank_rows(frame: DataFrame, keep: Expr) -> PolarsResult<DataFrame> {
    let keep = frame
        .clone()
        .lazy()
        .select([keep.alias("keep")])
        .collect()?;
    let keep = keep.column("keep")?.bool()?;
    if keep.all() {
        Ok(frame)
    } else {
        frame.filter(keep)
    }
}

/// Replaces the row-index line numbers with the lines the records really start on.
pub(super) fn with_true_lines(mut frame: DataFrame, starts: &[IdxSize]) -> PolarsResult<DataFrame> {
    let lines: Vec<IdxSize> = (0..frame.height())
        .map(|row| starts.get(row).copied().unwrap_or(0))
        .collect();
    frame.with_column(Column::new(LINE.into(), lines))?;
    Ok(frame)
}

/// Whether any value has spaces around it (or is only spaces). Most columns have none, and
/// are kept as read instead of copying every value to trim it.
pub(super) fn needs_trimming(texts: &StringChunked) -> bool {
    texts
        .iter()
        .flatten()
        .any(|text| text.trim().len() != text.len())
}

pub(super) fn blank_to_null(text: Expr) -> Expr {
    null_if_empty(text.str().strip_chars(lit(NULL)))
}

/// The text, null where it is empty.
pub(super) fn null_if_empty(text: Expr) -> Expr {
    when(text.clone().eq(lit("")))
        .then(lit(NULL).cast(DataType::String))
        .otherwise(text)
}

pub(super) fn csv_error_message(error: &PolarsError) -> String {
    let text = error.to_string();
    let first_line = text.lines().next().unwrap_or("").trim();
    format!("cannot be read as CSV: {first_line}")
}
