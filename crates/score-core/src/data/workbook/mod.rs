//! A workbook (`.xlsx`, `.xls`, `.ods`, read by calamine) → one worksheet's cells as a [`Grid`].
//!
//! The file is read whole through [`crate::read::read_regular`] (a regular file, at most
//! [`crate::read::DATA_LIMIT`] bytes) and measured before the library sees it: a zipped
//! workbook's parts by their inflated size ([`zip_guard`]), an `.ods` file's tables and an
//! `.xls` file's sheets by their extent ([`ods`], [`xls`]). An `.xlsx` sheet is read cell by
//! cell, keeping only what a data sheet can use ([`bounds`]).
//!
//! The worksheet read is the visible one named after the rubric's id when there is one (so one
//! workbook can hold a sheet per table), else the one visible sheet that holds data (a `键 key`
//! header or a row of data keys), else the first visible one. Two sheets holding data are
//! refused, named; hidden sheets are never read. A number under a percentage number format is
//! kept as such ([`CellValue::Percent`]): Excel stores 2.6% as 0.026, in all three formats.

pub mod bounds;
pub mod hidden;
pub mod ods;
pub mod xls;
pub mod zip_guard;

use std::collections::HashSet;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use calamine::{Data as CellData, Ods, Reader, SheetType, SheetVisible, Xls, Xlsx};

use super::cells::CellValue;
use super::rows::{Grid, Merge};
use crate::diag::{Diagnostic, Failed};
use bounds::Cells;

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

/// A workbook as calamine holds it, with what the walk before it learnt.
enum Book {
    Xlsx(Box<Xlsx<Cursor<Vec<u8>>>>, Vec<(String, hidden::Hidden)>),
    Xls(Box<Xls<Cursor<Vec<u8>>>>, Vec<xls::SheetScan>),
    Ods(Box<Ods<Cursor<Vec<u8>>>>, Vec<ods::TableScan>),
}

/// Why the file cannot be opened, worded for its diagnostic.
fn cannot_open(name: &str, reason: &str) -> Failed {
    failed(
        Diagnostic::error(
            "io",
            crate::tr!(
                "无法读取工作簿 `{name}`：这不是可以读取的 .xlsx、.xls 或 .ods 文件（详情：{reason}）",
                "cannot read the workbook `{name}`: it is not a readable .xlsx, .xls or .ods file ({reason})"
            ),
        )
        .help(crate::tr!(
            "请在 Excel 或 WPS 中打开它，另存为“Excel 工作簿 (*.xlsx)”；文件是否已损坏或设置了密码？",
            "open it in Excel or WPS and save it as \"Excel Workbook (*.xlsx)\"; is it damaged or password-protected?"
        )),
    )
}

fn too_large(name: &str, reason: &str) -> Failed {
    failed(
        Diagnostic::error(
            "too-large",
            crate::tr!(
                "工作簿 `{name}` 过大，不读取：{reason}",
                "the workbook `{name}` is too large and is not read: {reason}"
            ),
        )
        .help(crate::tr!(
            "数据表只需填写的数据；删去远处的单元格或多余的工作表后另存",
            "a data sheet needs only its figures: delete far-away cells or extra sheets and save again"
        )),
    )
}

/// Opens a workbook by its content (a zip is `.xlsx` or, by the extension of `name`, `.ods`; a
/// compound file is `.xls`), after measuring it. Every workbook, from a path or held in memory,
/// is opened here.
fn open_book(bytes: Vec<u8>, name: &str) -> Result<Book, Failed> {
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > crate::read::DATA_LIMIT {
        let limit = crate::read::DATA_LIMIT >> 20;
        return Err(too_large(
            &crate::diag::visible(name),
            &crate::tr!("超过 {limit} MB", "it is larger than {limit} MB"),
        ));
    }
    let path = Path::new(name);
    let reason = |e: &dyn std::fmt::Display| crate::diag::visible(&e.to_string()).into_owned();
    if bytes.starts_with(b"PK") {
        zip_guard::check(&bytes).map_err(|e| too_large(name, &e))?;
        let is_ods = extension_is(path, &["ods"])
            || zip_guard::part(&bytes, "mimetype")
                .is_some_and(|m| m.starts_with(b"application/vnd.oasis.opendocument"));
        if is_ods {
            let content = zip_guard::part(&bytes, "content.xml").unwrap_or_default();
            let tables = ods::scan(&content).map_err(|e| too_large(name, &e))?;
            let book = Ods::new(Cursor::new(bytes)).map_err(|e| cannot_open(name, &reason(&e)))?;
            return Ok(Book::Ods(Box::new(book), tables));
        }
        let hidden = hidden::xlsx(&bytes);
        let book = Xlsx::new(Cursor::new(bytes)).map_err(|e| cannot_open(name, &reason(&e)))?;
        return Ok(Book::Xlsx(Box::new(book), hidden));
    }
    let sheets = xls::scan(&bytes).map_err(|e| too_large(name, &e))?;
    let book = Xls::new(Cursor::new(bytes)).map_err(|e| cannot_open(name, &reason(&e)))?;
    Ok(Book::Xls(Box::new(book), sheets))
}

impl Book {
    fn sheets(&self) -> &[calamine::Sheet] {
        match self {
            Book::Xlsx(b, _) => b.sheets_metadata(),
            Book::Xls(b, _) => b.sheets_metadata(),
            Book::Ods(b, _) => b.sheets_metadata(),
        }
    }

    /// One sheet's filled cells, within a data sheet's bounds, with those of them that lie in
    /// hidden rows or columns ([`Grid::hidden`]).
    fn grid(&mut self, index: usize, file: &Arc<str>) -> Result<Grid, String> {
        let Some(sheet) = self.sheets().get(index).map(|s| s.name.clone()) else {
            return Cells::default().into_grid(file.clone(), None);
        };
        let shown: Arc<str> = Arc::from(sheet.as_str());
        let none = hidden::Hidden::default();
        let (cells, hidden, merged) = match self {
            Book::Xlsx(b, hidden) => {
                let h = hidden.iter().find(|(n, _)| *n == sheet).map(|(_, h)| h);
                let merged = b.merge_cells_by_sheet_name(&sheet).unwrap_or_default();
                (xlsx_cells(b, &sheet)?, h.unwrap_or(&none), merges(merged))
            }
            Book::Xls(b, scans) => {
                let scan = scans.get(index);
                let percent = scan.map(|s| &s.percent);
                let merged = b.merge_cells_by_sheet_name(&sheet).unwrap_or_default();
                let cells = range_cells(b.worksheet_range(&sheet), percent)?;
                (cells, scan.map_or(&none, |s| &s.hidden), merges(merged))
            }
            Book::Ods(b, scans) => {
                let scan = scans.iter().find(|t| t.name == sheet);
                let mut cells = range_cells(b.worksheet_range(&sheet), scan.map(|t| &t.percent))?;
                for ((row, column), formula) in
                    scan.map(|t| t.formulas.as_slice()).unwrap_or_default()
                {
                    cells.push(*row, *column, CellValue::Formula(formula.clone()))?;
                }
                let merged = scan.map(|t| t.merged.clone()).unwrap_or_default();
                (cells, scan.map_or(&none, |t| &t.hidden), merged)
            }
        };
        let in_hidden = cells.covered_by(hidden);
        let mut grid = cells.into_grid(file.clone(), Some(shown))?;
        grid.hidden = in_hidden;
        grid.merged = merged;
        grid.merged.truncate(MAX_MERGES);
        Ok(grid)
    }
}

/// Ranges of merged cells kept per sheet: enough for any data sheet, and a bound on the work of
/// looking a cell up among them.
const MAX_MERGES: usize = 1000;

/// The library's merged ranges as the grid keeps them.
fn merges(found: Vec<calamine::Dimensions>) -> Vec<Merge> {
    found
        .into_iter()
        .take(MAX_MERGES)
        .map(|d| Merge {
            first: d.start,
            last: d.end,
        })
        .collect()
}

/// An `.xlsx` sheet read cell by cell: values with their number formats, then the formulas
/// that have no saved value (a file written by a program that does not calculate).
fn xlsx_cells(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Result<Cells, String> {
    let text = |e: calamine::XlsxError| crate::diag::visible(&e.to_string()).into_owned();
    let mut cells = Cells::default();
    let mut formulas = Vec::new();
    {
        let mut reader = book.worksheet_cells_reader(sheet).map_err(text)?;
        let percent: Vec<bool> = reader
            .styles()
            .iter()
            .map(|s| {
                s.number_format
                    .as_ref()
                    .is_some_and(|f| is_percent_format(&f.format_code))
            })
            .collect();
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(text)? {
            let (row, column) = cell.get_position();
            let data = CellData::from(cell.get_value().clone());
            let is_percent = percent.get(style) == Some(&true);
            cells.push(row, column, cell_value(&data, is_percent))?;
        }
    }
    let mut reader = book.worksheet_cells_reader(sheet).map_err(text)?;
    while let Some(cell) = reader.next_cell_with_formula().map_err(text)? {
        if let (calamine::DataRef::Empty, Some(formula)) = (&cell.value, &cell.formula)
            && !formula.is_empty()
        {
            formulas.push((cell.pos, formula.clone()));
        }
    }
    for ((row, column), formula) in formulas {
        cells.push(row, column, CellValue::Formula(formula))?;
    }
    Ok(cells)
}

/// An `.xls` or `.ods` sheet, already laid out by the library (within bounds, as measured).
fn range_cells<E: std::fmt::Display>(
    range: Result<calamine::Range<CellData>, E>,
    percent: Option<&HashSet<(u32, u32)>>,
) -> Result<Cells, String> {
    let range = range.map_err(|e| crate::diag::visible(&e.to_string()).into_owned())?;
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut cells = Cells::default();
    for (r, c, data) in range.used_cells() {
        let row = first_row.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
        let column = first_column.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
        let is_percent = percent.is_some_and(|p| p.contains(&(row, column)));
        cells.push(row, column, cell_value(data, is_percent))?;
    }
    Ok(cells)
}

/// Opens the workbook and reads the worksheet meant for `rubric`.
pub fn open(
    rubric: &crate::rubric::Rubric,
    path: &Path,
    holds_data: &dyn Fn(&Grid) -> bool,
    notes: &mut Vec<String>,
) -> Result<Grid, Failed> {
    open_sheet(path, &|sheet| sheet == &*rubric.id, holds_data, notes)
}

/// Opens the workbook and reads its data sheet: the visible sheet whose (trimmed) name
/// `preferred` accepts, else the one visible sheet `holds_data` accepts, else the first visible
/// sheet. Two sheets holding data are refused, named. When the workbook has more than one
/// sheet, `notes` gets which was read (the caller says it: the library prints nothing).
pub fn open_sheet(
    path: &Path,
    preferred: &dyn Fn(&str) -> bool,
    holds_data: &dyn Fn(&Grid) -> bool,
    notes: &mut Vec<String>,
) -> Result<Grid, Failed> {
    let bytes = crate::read::read_regular(path, crate::read::DATA_LIMIT)
        .map_err(|e| failed(Diagnostic::error("io", e)))?;
    open_sheet_bytes(
        &path.display().to_string(),
        bytes,
        preferred,
        holds_data,
        notes,
    )
}

/// [`open_sheet`] for a workbook held in memory (an upload to `score serve`): `name` is what
/// messages call it, and its extension tells an `.ods` file. The bytes are measured as a file's
/// are; more than [`crate::read::DATA_LIMIT`] of them are refused.
pub fn open_sheet_bytes(
    name: &str,
    bytes: Vec<u8>,
    preferred: &dyn Fn(&str) -> bool,
    holds_data: &dyn Fn(&Grid) -> bool,
    notes: &mut Vec<String>,
) -> Result<Grid, Failed> {
    let mut book = open_book(bytes, name)?;
    let file: Arc<str> = Arc::from(name);
    let shown = crate::diag::visible(name).into_owned();
    let sheets: Vec<(usize, String, bool)> = book
        .sheets()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.typ == SheetType::WorkSheet)
        .map(|(i, s)| (i, s.name.clone(), s.visible == SheetVisible::Visible))
        .collect();
    let visible: Vec<&(usize, String, bool)> = sheets.iter().filter(|s| s.2).collect();
    let Some(first) = visible.first() else {
        return Err(failed(Diagnostic::error(
            "no-data",
            crate::tr!(
                "工作簿 `{shown}` 没有可见的工作表",
                "the workbook `{shown}` has no visible worksheet"
            ),
        )));
    };
    let too_large = |e: String| too_large(&shown, &e);
    let chosen = match visible.iter().find(|s| preferred(s.1.trim())) {
        Some(s) => book.grid(s.0, &file).map_err(too_large)?,
        None if visible.len() == 1 => book.grid(first.0, &file).map_err(too_large)?,
        None => {
            let mut with_data = Vec::new();
            for s in &visible {
                let grid = book.grid(s.0, &file).map_err(too_large)?;
                if holds_data(&grid) {
                    with_data.push(grid);
                }
            }
            match with_data.len() {
                0 => book.grid(first.0, &file).map_err(too_large)?,
                1 => with_data.remove(0),
                _ => return Err(two_data_sheets(&shown, &with_data)),
            }
        }
    };
    notes.extend(which_sheet_note(&shown, &sheets, &chosen));
    Ok(chosen)
}

fn two_data_sheets(shown: &str, grids: &[Grid]) -> Failed {
    let names = grids
        .iter()
        .filter_map(|g| g.sheet.as_deref())
        .map(|s| format!("`{}`", crate::diag::visible(s)))
        .collect::<Vec<_>>()
        .join(crate::tr!("、", ", ").as_str());
    failed(
        Diagnostic::error(
            "many-sheets",
            crate::tr!(
                "工作簿 `{shown}` 有多个工作表填写了数据：{names}；不知该读哪一个",
                "the workbook `{shown}` has data on more than one sheet: {names}; which one is meant is unclear"
            ),
        )
        .help(crate::tr!(
            "删去草稿或旧的工作表，或把要评分的工作表命名为评分表编号（如 enterprise-center）",
            "delete the draft or old sheets, or name the sheet to score after its table (e.g. enterprise-center)"
        )),
    )
}

/// When the workbook has more than one sheet: which was read, and which hidden sheets were not.
fn which_sheet_note(
    shown: &str,
    sheets: &[(usize, String, bool)],
    chosen: &Grid,
) -> Option<String> {
    if sheets.len() < 2 {
        return None;
    }
    let read = crate::diag::visible(chosen.sheet.as_deref().unwrap_or_default()).into_owned();
    let hidden: Vec<String> = sheets
        .iter()
        .filter(|s| !s.2)
        .map(|s| format!("`{}`", crate::diag::visible(&s.1)))
        .collect();
    let n = sheets.len();
    let mut line = crate::tr!(
        "说明：`{shown}` 有 {n} 个工作表，读取的是 `{read}`",
        "note: `{shown}` has {n} sheets; the sheet read is `{read}`"
    );
    if !hidden.is_empty() {
        let hidden = hidden.join(", ");
        line.push_str(&crate::tr!(
            "；隐藏的工作表 {hidden} 未读取",
            "; the hidden sheets {hidden} are not read"
        ));
    }
    Some(line)
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

/// A date-formatted cell as the date a person sees (`2024-01-05`, with the time when it has one),
/// not Excel's serial number (45296): .xlsx and .xls store dates as serials, .ods as ISO text.
fn date_text(d: &calamine::ExcelDateTime) -> String {
    let (year, month, day, hour, minute, second, _) = d.to_ymd_hms_milli();
    if (hour, minute, second) == (0, 0, 0) {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
    }
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
        CellData::DateTime(d) if d.is_datetime() => CellValue::Date(date_text(d)),
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
