//! A CSV file's cells, decoded as data files are and bounded as a workbook's sheet is.

use std::path::Path;
use std::sync::Arc;

use super::{Grid, failed};
use crate::data::cells::CellValue;
use crate::data::{decode, workbook};
use crate::diag::{Diagnostic, Failed};

/// A CSV file's cells, decoded as data files are (UTF-8 with or without BOM, or GBK), within
/// the bounds of a data sheet; a quote left open is refused rather than read to the end.
pub(super) fn csv_grid(path: &Path, notes: &mut Vec<String>) -> Result<Grid, Failed> {
    let name = path.display().to_string();
    let bytes = crate::read::read_regular(path, crate::read::DATA_LIMIT)
        .map_err(|e| failed(Diagnostic::error("io", e)))?;
    csv_grid_bytes(&name, &bytes, notes)
}

/// [`csv_grid`] for a CSV file held in memory, named `name` in messages.
pub(super) fn csv_grid_bytes(
    name: &str,
    bytes: &[u8],
    notes: &mut Vec<String>,
) -> Result<Grid, Failed> {
    let shown = crate::diag::visible(name).into_owned();
    let text = match decode::decode(name, bytes) {
        Ok(decode::Decoded::Utf8(text)) => std::borrow::Cow::Borrowed(text),
        Ok(decode::Decoded::Gbk(text)) => {
            // Once for the file, not on every company's row.
            notes.push(crate::tr!(
                "说明：`{shown}` 不是 UTF-8 编码，已按 GBK 读取；请另存为 UTF-8（文件 → 另存为 → 编码: UTF-8）",
                "note: `{shown}` is not UTF-8; it was read as GBK: save it as UTF-8 (文件 → 另存为 → 编码: UTF-8, File → Save As → Encoding: UTF-8)"
            ));
            std::borrow::Cow::Owned(text)
        }
        Err(d) => return Err(failed(*d)),
    };
    if let Some(line) = open_quote(&text) {
        return Err(failed(
            Diagnostic::error(
                "syntax",
                crate::tr!(
                    "`{shown}` 第 {line} 行的双引号没有配对：其后直到文件末尾都会被读成一个单元格",
                    "the double quote on line {line} of `{shown}` is never closed: everything after it would be one cell"
                ),
            )
            .help(crate::tr!(
                "在引号内的文字末尾补上 `\"`，或删去这个引号；文字中的引号写成两个 `\"\"`",
                "close the quoted text with `\"` or delete the quote; a quote inside quoted text is written `\"\"`"
            )),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut cells = workbook::bounds::Cells::default();
    let too_large = |reason: String| {
        failed(Diagnostic::error(
            "too-large",
            crate::tr!(
                "`{shown}` 过大，不读取：{reason}",
                "`{shown}` is too large and is not read: {reason}"
            ),
        ))
    };
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            failed(Diagnostic::error(
                "syntax",
                crate::tr!(
                    "`{shown}` 第 {row} 行不是有效的 CSV：{e}",
                    "row {row} of `{shown}` is not valid CSV: {e}",
                    row = r.saturating_add(1)
                ),
            ))
        })?;
        let row = u32::try_from(r).unwrap_or(u32::MAX);
        for (c, field) in record.iter().enumerate() {
            let column = u32::try_from(c).unwrap_or(u32::MAX);
            cells
                .push(row, column, CellValue::Text(field.to_string()))
                .map_err(too_large)?;
        }
    }
    cells.into_grid(Arc::from(name), None).map_err(too_large)
}

/// The line on which a quoted field opens and never closes, as the CSV reader reads quotes: only
/// at a field's start, `""` inside standing for one.
fn open_quote(text: &str) -> Option<usize> {
    let (mut quoted, mut field_start, mut line, mut opened) = (false, true, 1usize, 0usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line = line.saturating_add(1);
        }
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    quoted = false;
                }
            }
            continue;
        }
        match c {
            '"' if field_start => {
                quoted = true;
                opened = line;
            }
            ',' | '\n' | '\r' => {
                field_start = true;
                continue;
            }
            _ => {}
        }
        field_start = false;
    }
    quoted.then_some(opened)
}
