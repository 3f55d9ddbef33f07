//! A workbook (`.xlsx`, `.xls`, `.ods`, read by calamine) → one worksheet's cells as a [`Grid`].
//!
//! The worksheet read is the one named after the rubric's id when there is one (so one workbook
//! can hold a sheet per table), else the first. A number under a percentage number format is
//! kept as such ([`CellValue::Percent`]): Excel stores 2.6% as 0.026. calamine gives the number
//! formats of `.xlsx` cells; for `.ods` the cells whose value type is `percentage` are found in the
//! file's `content.xml` ([`ods_percent_cells`]); `.xls` keeps its formats to itself.

use std::collections::HashSet;
use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use calamine::{Data as CellData, Reader, StyleRange, open_workbook_auto};

use super::cells::CellValue;
use super::rows::Grid;
use crate::diag::{Diagnostic, Failed};
use crate::rubric::Rubric;

/// Whether `path` names a workbook by its extension (any case).
pub fn is_workbook(path: &Path) -> bool {
    extension_is(path, &["xlsx", "xlsm", "xls", "ods"])
}

pub(crate) fn extension_is(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn failed(d: Diagnostic) -> Failed {
    Failed {
        diagnostics: vec![d],
    }
}

/// Opens the workbook and reads the worksheet meant for `rubric`.
pub fn open(rubric: &Rubric, path: &Path) -> Result<Grid, Failed> {
    open_sheet(path, &|sheet| sheet == &*rubric.id)
}

/// Opens the workbook and reads the first worksheet whose (trimmed) name `preferred` accepts,
/// else the first worksheet.
pub fn open_sheet(path: &Path, preferred: &dyn Fn(&str) -> bool) -> Result<Grid, Failed> {
    let name = path.display().to_string();
    let mut workbook = open_workbook_auto(path).map_err(|e| {
        failed(
            Diagnostic::error(
                "io",
                crate::tr!(
                    "无法读取工作簿 `{name}`：{e}",
                    "cannot read the workbook `{name}`: {e}"
                ),
            )
            .help(crate::tr!(
                "支持 .xlsx、.xls 和 .ods；文件是否已损坏或设置了密码？",
                "`.xlsx`, `.xls` and `.ods` are read; is the file damaged or password-protected?"
            )),
        )
    })?;
    let sheets = workbook.sheet_names();
    let Some(sheet) = sheets
        .iter()
        .find(|s| preferred(s.trim()))
        .or(sheets.first())
        .cloned()
    else {
        return Err(failed(Diagnostic::error(
            "no-data",
            crate::tr!(
                "工作簿 `{name}` 没有工作表",
                "the workbook `{name}` has no worksheet"
            ),
        )));
    };
    let range = workbook.worksheet_range(&sheet).map_err(|e| {
        failed(Diagnostic::error(
            "io",
            crate::tr!(
                "无法读取 `{name}` 的工作表 `{sheet}`：{e}",
                "cannot read the worksheet `{sheet}` of `{name}`: {e}"
            ),
        ))
    })?;
    // Only .xlsx carries styles through calamine; elsewhere every number is read as written.
    let styles = workbook
        .worksheet_style(&sheet)
        .unwrap_or_else(|_| StyleRange::empty());
    let ods_percent = if extension_is(path, &["ods"]) {
        ods_percent_cells(path, &sheet)
    } else {
        HashSet::new()
    };
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::with_capacity(range.height());
    for (r, row) in range.rows().enumerate() {
        let at_row = first_row.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
        let cells = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let at = (
                    at_row,
                    first_column.saturating_add(u32::try_from(c).unwrap_or(u32::MAX)),
                );
                let percent = is_percent_cell(&styles, at) || ods_percent.contains(&at);
                cell_value(cell, percent)
            })
            .collect();
        rows.push(cells);
    }
    Ok(Grid {
        file: Arc::from(name),
        sheet: Some(Arc::from(sheet)),
        first_row,
        first_column,
        rows,
    })
}

/// The most cells one `.ods` repetition marks as percentages: a formatted empty column repeated
/// to the end of the sheet holds no figure.
const MAX_REPEAT: u32 = 1 << 12;

/// The 0-based `(row, column)` of every cell of `sheet` in an `.ods` file whose value type is
/// `percentage` (LibreOffice's `2.6%`, stored as 0.026). Unreadable: none, and numbers stay as
/// written.
fn ods_percent_cells(path: &Path, sheet: &str) -> HashSet<(u32, u32)> {
    use quick_xml::events::Event;
    let mut found = HashSet::new();
    let Ok(file) = std::fs::File::open(path) else {
        return found;
    };
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        return found;
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return found;
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let attr = |e: &quick_xml::events::BytesStart<'_>, name: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
    };
    let repeat = |value: Option<String>| -> u32 {
        value
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let mut buf = Vec::new();
    let (mut in_sheet, mut row, mut column, mut rows_repeated) = (false, 0u32, 0u32, 1u32);
    loop {
        let event = xml.read_event_into(&mut buf);
        let (element, empty) = match &event {
            Ok(Event::Start(e)) => (Some(e.clone()), false),
            Ok(Event::Empty(e)) => (Some(e.clone()), true),
            Ok(Event::End(e)) => {
                match e.name().as_ref() {
                    "table:table-row" if in_sheet => row = row.saturating_add(rows_repeated),
                    "table:table" if in_sheet => break,
                    _ => {}
                }
                (None, false)
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => (None, false),
        };
        if let Some(e) = element {
            match e.name().as_ref() {
                "table:table" => {
                    in_sheet = attr(&e, "table:name").as_deref() == Some(sheet);
                    row = 0;
                }
                "table:table-row" if in_sheet => {
                    column = 0;
                    rows_repeated = repeat(attr(&e, "table:number-rows-repeated"));
                    if empty {
                        row = row.saturating_add(rows_repeated);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if in_sheet => {
                    let columns = repeat(attr(&e, "table:number-columns-repeated"));
                    if attr(&e, "office:value-type").as_deref() == Some("percentage") {
                        for r in row..row.saturating_add(rows_repeated.min(MAX_REPEAT)) {
                            for c in column..column.saturating_add(columns.min(MAX_REPEAT)) {
                                found.insert((r, c));
                            }
                        }
                    }
                    column = column.saturating_add(columns);
                }
                _ => {}
            }
        }
        buf.clear();
    }
    found
}

fn is_percent_cell(styles: &StyleRange, at: (u32, u32)) -> bool {
    styles
        .get(at)
        .and_then(|s| s.number_format.as_ref())
        .is_some_and(|f| is_percent_format(&f.format_code))
}

/// A number format that shows the number times 100 with `%`: a `%` outside quoted text, escapes
/// and `[...]` sections (colours, conditions, locales).
pub fn is_percent_format(code: &str) -> bool {
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '%' => return true,
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            // Only the first section (positive numbers) says how the number is meant.
            ';' => return false,
            _ => {}
        }
    }
    false
}

fn cell_value(cell: &CellData, percent: bool) -> CellValue {
    match cell {
        CellData::Empty => CellValue::Empty,
        CellData::String(s) => CellValue::Text(s.clone()),
        CellData::Int(i) if percent => CellValue::Percent(*i as f64),
        CellData::Int(i) => CellValue::Int(*i),
        CellData::Float(f) if percent => CellValue::Percent(*f),
        CellData::Float(f) => CellValue::Float(*f),
        CellData::Bool(b) => CellValue::Bool(*b),
        CellData::DateTime(_) | CellData::DateTimeIso(_) | CellData::DurationIso(_) => {
            CellValue::Date(cell.to_string())
        }
        CellData::Error(e) => CellValue::Error(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0%"));
        assert!(is_percent_format("0.00%"));
        assert!(is_percent_format("[Red]0.0%"));
        assert!(!is_percent_format("0.00\"%\""));
        assert!(!is_percent_format("0\\%"));
        assert!(!is_percent_format("General"));
        assert!(!is_percent_format("#,##0;[Red]-0%"));
    }
}
