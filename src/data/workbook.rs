//! A workbook (`.xlsx`, `.xls`, `.ods`, read by calamine) → one worksheet's cells as a [`Grid`].
//!
//! The worksheet read is the one named after the rubric's id when there is one (so one workbook
//! can hold a sheet per table), else the first. A number under a percentage number format is
//! kept as such ([`CellValue::Percent`]): Excel stores 2.6% as 0.026.

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
        .find(|s| s.trim() == &*rubric.id)
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
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::with_capacity(range.height());
    for (r, row) in range.rows().enumerate() {
        let at_row = first_row + r as u32;
        let cells = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let percent = is_percent_cell(&styles, (at_row, first_column + c as u32));
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
