//! A worksheet or CSV file of figures, told apart by its header row:
//!
//! - **one company**: a header with a `键 key` column and a `数值 value` column (found by name, so
//!   inserted columns do no harm); each row with a key gives that figure;
//! - **one company per row** (the bureau's list): a header whose cells are data keys (dotted for
//!   counts by kind) or their Chinese titles; an extra header row of titles may stand above or
//!   below the keys. Each further non-empty row is one company, named `file.xlsx:Sheet1!row 5`.
//!
//! Every cell goes through [`super::cells::Figures`], the data file's rules with cell positions.

use std::path::Path;
use std::sync::Arc;

#[cfg(test)]
use super::Value;
use super::cells::{CellValue, Figures, Place};
use super::contact::{self, Contact};
use super::{Data, Noted, Options, decode, which, workbook};
use crate::data::keys::{KeyRef, resolve_key};
use crate::diag::{Diagnostic, Failed};
use crate::rubric::{InputKind, Rubric};

/// One worksheet's cells (or a CSV file's), `rows[r][c]` standing at 0-based
/// `(first_row + r, first_column + c)`.
#[derive(Debug, Clone)]
pub struct Grid {
    pub file: Arc<str>,
    /// `None` for a CSV file.
    pub sheet: Option<Arc<str>>,
    pub first_row: u32,
    pub first_column: u32,
    pub rows: Vec<Vec<CellValue>>,
    /// The filled cells, 0-based `(r, c)` into `rows` and sorted, that lie in hidden rows or
    /// columns of a workbook: what nobody who opens it in Excel or WPS sees.
    pub hidden: Vec<(u32, u32)>,
    /// The sheet's ranges of merged cells.
    pub merged: Vec<Merge>,
}

/// A range of merged cells, by its first and last cell as 0-based `(row, column)` of the sheet:
/// only the first cell holds a value; the others show it and hold none of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first: (u32, u32),
    pub last: (u32, u32),
}

impl Merge {
    /// `E7:F7`.
    fn name(&self) -> String {
        let cell = |(row, column): (u32, u32)| {
            format!(
                "{}{}",
                crate::diag::column_letters(column.saturating_add(1)),
                row.saturating_add(1)
            )
        };
        format!("{}:{}", cell(self.first), cell(self.last))
    }
}

impl Grid {
    /// The merged range covering cell `(r, c)` other than as its first cell, with the first
    /// cell's place in the grid: what a person sees in the cell is not in it.
    fn covered(&self, r: usize, c: usize) -> Option<(Merge, usize, usize)> {
        let row = self
            .first_row
            .saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
        let column = self
            .first_column
            .saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
        let m = *self.merged.iter().find(|m| {
            (m.first.0..=m.last.0).contains(&row)
                && (m.first.1..=m.last.1).contains(&column)
                && m.first != (row, column)
        })?;
        let r = m.first.0.checked_sub(self.first_row)?;
        let c = m.first.1.checked_sub(self.first_column)?;
        Some((m, r as usize, c as usize))
    }

    /// A figure's row, its value cell read through [`Figures::put`], or when merged cells hide
    /// that cell, through [`Figures::hidden`].
    fn put(
        &self,
        figures: &mut Figures<'_>,
        key: &str,
        key_at: (usize, usize),
        r: usize,
        c: usize,
    ) {
        let key_place = self.place(key_at.0, key_at.1);
        let value = self.cell(r, c);
        match self.covered(r, c).filter(|_| value.is_empty()) {
            Some((m, fr, fc)) => {
                // Merged over the key cell itself, the range shows the key: no figure.
                let shown = if (fr, fc) == key_at {
                    &CellValue::Empty
                } else {
                    self.cell(fr, fc)
                };
                let anchor = (&self.place(fr, fc), shown);
                figures.hidden(key, &key_place, &self.place(r, c), &m.name(), anchor);
            }
            None => figures.put(key, &key_place, value, &self.place(r, c)),
        }
    }

    fn place(&self, r: usize, c: usize) -> Place {
        Place {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row: self
                .first_row
                .saturating_add(u32::try_from(r).unwrap_or(u32::MAX))
                .saturating_add(1),
            column: self
                .first_column
                .saturating_add(u32::try_from(c).unwrap_or(u32::MAX))
                .saturating_add(1),
        }
    }

    /// `file.xlsx:Sheet1!row 5`, `file.csv:row 5`: a company's row, as the summary names it.
    fn row_name(&self, r: usize) -> String {
        let row = self
            .first_row
            .saturating_add(u32::try_from(r).unwrap_or(u32::MAX))
            .saturating_add(1);
        match &self.sheet {
            Some(sheet) => format!("{}:{sheet}!row {row}", self.file),
            None => format!("{}:row {row}", self.file),
        }
    }

    fn cell(&self, r: usize, c: usize) -> &CellValue {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&CellValue::Empty)
    }
}

/// What a workbook or CSV file holds.
#[derive(Debug)]
pub enum Table {
    /// A one-company workbook: its figures.
    One(Box<Result<Data, Failed>>),
    /// One company per row, in order: each row's name and figures; `ignored` names the header
    /// cells that are neither figures nor the applicant's name, year, table, credit code or
    /// contact (a 联系地址 or 所属县区 column a bureau keeps), passed over with one note.
    Rows {
        rows: Vec<(String, Result<Data, Failed>)>,
        ignored: Vec<String>,
    },
}

/// Whether `path` is read by this module (a workbook or a CSV file) rather than as TOML.
pub fn is_table(path: &Path) -> bool {
    workbook::is_workbook(path) || workbook::extension_is(path, &["csv"])
}

/// Reads a workbook or CSV file; `Err` when the file as a whole cannot be used. Its notes
/// are dropped: [`read_noted`] keeps them.
pub fn read(rubric: &Rubric, path: &Path, options: Options) -> Result<Table, Failed> {
    read_noted(rubric, path, options).read
}

/// [`read`] with the notes made on the way (which sheet of a workbook was read, a CSV file
/// read as GBK), for the caller to say before the file's own errors and warnings.
pub fn read_noted(rubric: &Rubric, path: &Path, options: Options) -> Noted<Result<Table, Failed>> {
    noted(|notes| {
        let grid = if workbook::is_workbook(path) {
            let holds_data = |g: &Grid| holds_data(g, std::iter::once(rubric));
            workbook::open(rubric, path, &holds_data, notes)?
        } else {
            csv_grid(path, notes)?
        };
        read_grid(rubric, &grid, options)
    })
}

/// A workbook's or CSV file's cells alone, as read before any table is applied (every visible
/// sheet of a workbook is read; more than one is refused as two data sheets would be).
pub fn grid(path: &Path) -> Result<Grid, Failed> {
    let mut notes = Vec::new();
    if workbook::is_workbook(path) {
        workbook::open_sheet(path, &|_| false, &|_| true, &mut notes)
    } else {
        csv_grid(path, &mut notes)
    }
}

/// Reads a workbook or CSV file given without `--rubric`: it is read with the built-in table its
/// worksheet is named after (`enterprise-center`), else the one a `rubric` cell names (beside
/// it in a key/value workbook, under it in a row-per-company sheet). A file that names none is
/// refused with the table its keys fit, as a TOML file is. Its notes are dropped:
/// [`read_named_noted`] keeps them.
pub fn read_named(path: &Path, options: Options) -> Result<(&'static Rubric, Table), Failed> {
    read_named_noted(path, options).read
}

/// [`read_named`] with the notes made on the way (see [`read_noted`]).
pub fn read_named_noted(
    path: &Path,
    options: Options,
) -> Noted<Result<(&'static Rubric, Table), Failed>> {
    noted(|notes| {
        let tables = which::builtins();
        let grid = if workbook::is_workbook(path) {
            let preferred = |sheet: &str| which::builtin(sheet).is_some();
            let holds_data = |g: &Grid| holds_data(g, tables.iter());
            workbook::open_sheet(path, &preferred, &holds_data, notes)?
        } else {
            csv_grid(path, notes)?
        };
        named_grid(&path.display().to_string(), &grid, options)
    })
}

/// [`read`] for a workbook or CSV file held in memory (an upload to `score serve`): `name` is
/// what messages call it, and its extension tells a CSV file. A workbook is measured as one read
/// from a path is ([`workbook::open_sheet_bytes`]). Its notes are dropped:
/// [`read_bytes_noted`] keeps them.
pub fn read_bytes(
    rubric: &Rubric,
    name: &str,
    bytes: &[u8],
    options: Options,
) -> Result<Table, Failed> {
    read_bytes_noted(rubric, name, bytes, options).read
}

/// [`read_bytes`] with the notes made on the way (see [`read_noted`]).
pub fn read_bytes_noted(
    rubric: &Rubric,
    name: &str,
    bytes: &[u8],
    options: Options,
) -> Noted<Result<Table, Failed>> {
    noted(|notes| {
        let grid = if workbook::extension_is(Path::new(name), &["csv"]) {
            csv_grid_bytes(name, bytes, notes)?
        } else {
            let preferred = |sheet: &str| sheet == &*rubric.id;
            let holds_data = |g: &Grid| holds_data(g, std::iter::once(rubric));
            workbook::open_sheet_bytes(name, bytes.to_vec(), &preferred, &holds_data, notes)?
        };
        read_grid(rubric, &grid, options)
    })
}

/// [`read_named`] for a workbook or CSV file held in memory. Its notes are dropped:
/// [`read_named_bytes_noted`] keeps them.
pub fn read_named_bytes(
    name: &str,
    bytes: &[u8],
    options: Options,
) -> Result<(&'static Rubric, Table), Failed> {
    read_named_bytes_noted(name, bytes, options).read
}

/// [`read_named_bytes`] with the notes made on the way (see [`read_noted`]).
pub fn read_named_bytes_noted(
    name: &str,
    bytes: &[u8],
    options: Options,
) -> Noted<Result<(&'static Rubric, Table), Failed>> {
    noted(|notes| {
        let tables = which::builtins();
        let grid = if workbook::extension_is(Path::new(name), &["csv"]) {
            csv_grid_bytes(name, bytes, notes)?
        } else {
            let preferred = |sheet: &str| which::builtin(sheet).is_some();
            let holds_data = |g: &Grid| holds_data(g, tables.iter());
            workbook::open_sheet_bytes(name, bytes.to_vec(), &preferred, &holds_data, notes)?
        };
        named_grid(name, &grid, options)
    })
}

/// What `read` gives, with the notes it made even when it failed: a note came before the
/// errors found after it.
fn noted<T>(read: impl FnOnce(&mut Vec<String>) -> T) -> Noted<T> {
    let mut notes = Vec::new();
    let read = read(&mut notes);
    Noted { read, notes }
}

/// A grid read with the built-in table it names (see [`read_named`]).
fn named_grid(
    name: &str,
    grid: &Grid,
    options: Options,
) -> Result<(&'static Rubric, Table), Failed> {
    if is_own_summary(grid) {
        return Err(own_output(grid));
    }
    let by_sheet = grid
        .sheet
        .as_deref()
        .and_then(|sheet| which::builtin(sheet.trim()));
    let named = by_sheet
        .map(|r| r.id.to_string())
        .or_else(|| named_in(grid));
    match named {
        Some(id) if let Some(rubric) = which::builtin(&id) => {
            Ok((rubric, read_grid(rubric, grid, options)?))
        }
        // A `rubric` cell naming a table there is none of: said as for a TOML file.
        _ if let Some(id) = named_unknown(grid) => match super::meta::builtin(name, &id) {
            Ok(rubric) => Ok((rubric, read_grid(rubric, grid, options)?)),
            Err(unknown) => Err(failed(*unknown)),
        },
        _ => {
            let texts: Vec<String> = grid
                .rows
                .iter()
                .take(HEADER_ROWS)
                .flatten()
                .map(|c| c.text().trim().to_string())
                .collect();
            let keys: Vec<&str> = texts.iter().map(String::as_str).collect();
            let help = match which::best_fit(&keys, None) {
                Some(fit) => which::fit_hint(&fit),
                None => crate::tr!(
                    "加一行（或一列）`rubric`，写上评分表编号，或用 `--rubric` 指定",
                    "add a `rubric` row (or column) naming the table, or give `--rubric`"
                ),
            };
            Err(failed(
                Diagnostic::error(
                    "no-rubric",
                    crate::tr!(
                        "`{name}` 没有写明按哪张表评分（`rubric`），也没有给出 `--rubric`",
                        "`{name}` does not say which table it is for (`rubric`), and no `--rubric` is given"
                    ),
                )
                .help(help),
            ))
        }
    }
}

/// The built-in table a `rubric` cell names: a table id to its right (a key/value workbook),
/// else under it (a sheet with a row per company).
/// The text beside (else under) the first `rubric` cell, when [`named_in`] finds no built-in
/// table there: the id of a table that does not exist.
fn named_unknown(grid: &Grid) -> Option<String> {
    let (r, row) = grid
        .rows
        .iter()
        .enumerate()
        .take(HEADER_ROWS.saturating_mul(4))
        .find(|(_, row)| row.iter().any(|cell| squeeze(&cell.text()) == which::KEY))?;
    let c = row
        .iter()
        .position(|cell| squeeze(&cell.text()) == which::KEY)?;
    let right = row[c.saturating_add(1)..]
        .iter()
        .map(CellValue::text)
        .find(|t| !t.trim().is_empty());
    let below = || {
        grid.rows
            .get(r.saturating_add(1))?
            .get(c)
            .map(CellValue::text)
    };
    let text = rubric_value(grid)
        .filter(|v| !v.is_empty())
        .or_else(|| right.or_else(below))?;
    super::meta::named(&text).map(str::to_string)
}

/// In a key/value sheet, the text in the value column of the `rubric` row, wherever the value
/// column is (right or left of the keys).
fn rubric_value(grid: &Grid) -> Option<String> {
    let (header, columns) = key_value_header(grid)?;
    let r = (header.saturating_add(1)..grid.rows.len())
        .find(|&r| squeeze(&grid.cell(r, columns.key).text()) == which::KEY)?;
    Some(grid.cell(r, columns.value).text().trim().to_string())
}

fn named_in(grid: &Grid) -> Option<String> {
    let is_table = |text: &String| which::builtin(text).is_some();
    if let Some(value) = rubric_value(grid).filter(is_table) {
        return Some(value);
    }
    for (r, row) in grid
        .rows
        .iter()
        .enumerate()
        .take(HEADER_ROWS.saturating_mul(4))
    {
        let Some(c) = row
            .iter()
            .position(|cell| squeeze(&cell.text()) == which::KEY)
        else {
            continue;
        };
        let right = row[c.saturating_add(1)..]
            .iter()
            .map(|cell| cell.text().trim().to_string())
            .find(is_table);
        let below = grid
            .rows
            .get(r.saturating_add(1))
            .and_then(|next| next.get(c))
            .map(|cell| cell.text().trim().to_string())
            .filter(is_table);
        if let Some(found) = right.or(below) {
            return Some(found);
        }
    }
    None
}

/// Reads a workbook or CSV file that holds one company: a key/value workbook, or a sheet of one
/// company row. Several rows are refused: only `score` reads a bureau's list.
pub fn read_one(rubric: &Rubric, path: &Path, options: Options) -> Result<Data, Failed> {
    read_one_noted(rubric, path, options).read
}

/// [`read_one`] with the notes made on the way (see [`read_noted`]).
pub fn read_one_noted(
    rubric: &Rubric,
    path: &Path,
    options: Options,
) -> Noted<Result<Data, Failed>> {
    let Noted { read, notes } = read_noted(rubric, path, options);
    let read = read.and_then(|table| one(rubric, &path.display().to_string(), table));
    Noted { read, notes }
}

/// The one company of a table read from `name`; a table of several rows is refused.
pub fn one(rubric: &Rubric, name: &str, table: Table) -> Result<Data, Failed> {
    match table {
        Table::One(data) => *data,
        Table::Rows { mut rows, .. } if rows.len() == 1 => rows.remove(0).1,
        Table::Rows { rows, .. } => Err(failed(
            Diagnostic::error(
                "many-companies",
                crate::tr!(
                    "`{name}` 有 {n} 个企业（每行一个），这里只能读一个企业",
                    "`{name}` holds {n} companies (one per row); this reads one company",
                    n = rows.len()
                ),
            )
            .help(crate::tr!(
                "用 `score --rubric {id} {name}` 为每一行评分",
                "score every row with `score --rubric {id} {name}`",
                id = rubric.id,
            )),
        )),
    }
}

fn failed(d: Diagnostic) -> Failed {
    Failed {
        diagnostics: vec![d],
    }
}

/// A CSV file's cells, decoded as data files are (UTF-8 with or without BOM, or GBK), within
/// the bounds of a data sheet; a quote left open is refused rather than read to the end.
fn csv_grid(path: &Path, notes: &mut Vec<String>) -> Result<Grid, Failed> {
    let name = path.display().to_string();
    let bytes = crate::read::read_regular(path, crate::read::DATA_LIMIT)
        .map_err(|e| failed(Diagnostic::error("io", e)))?;
    csv_grid_bytes(&name, &bytes, notes)
}

/// [`csv_grid`] for a CSV file held in memory, named `name` in messages.
fn csv_grid_bytes(name: &str, bytes: &[u8], notes: &mut Vec<String>) -> Result<Grid, Failed> {
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

/// Whether a sheet holds figures: a `键 key` and `数值 value` header, or a row naming two or
/// more figures of one of `rubrics` by their keys.
fn holds_data<'r>(grid: &Grid, rubrics: impl Iterator<Item = &'r Rubric> + Clone) -> bool {
    grid.rows.iter().take(HEADER_ROWS).any(|row| {
        let texts: Vec<String> = row.iter().map(CellValue::text).collect();
        let key_value =
            texts.iter().any(|t| is_key_heading(t)) && texts.iter().any(|t| is_value_heading(t));
        key_value
            || rubrics.clone().any(|r| {
                texts
                    .iter()
                    .filter(|t| matches!(heading_by_key(r, t), Some(Heading::Figure(_))))
                    .count()
                    >= 2
            })
    })
}

/// How many rows from the top are searched for the header.
const HEADER_ROWS: usize = 50;

/// Column headings that are bookkeeping, not figures: a many-company sheet may keep them.
const IGNORED_HEADINGS: [&str; 6] = ["序号", "编号", "备注", "说明", "no.", "#"];

/// A header cell squeezed for comparison: lower case, no spaces, no brackets or colons.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !"()（）:：".contains(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_key_heading(text: &str) -> bool {
    matches!(squeeze(text).as_str(), "键key" | "key键" | "键" | "key")
}

/// The template's `已核实 confirmed` column (是/否 per figure), optional.
fn is_confirmed_heading(text: &str) -> bool {
    matches!(
        squeeze(text).as_str(),
        "已核实confirmed" | "confirmed已核实" | "已核实" | "confirmed"
    )
}

fn is_value_heading(text: &str) -> bool {
    matches!(
        squeeze(text).as_str(),
        "数值value" | "value数值" | "数值" | "value"
    )
}

/// The code of the error a summary this tool wrote is refused with: not an applicant's data.
pub const OWN_OUTPUT: &str = "own-output";

/// Whether a sheet is a summary this tool wrote (`score --summary -o 汇总.csv`, or its
/// workbook): a row with its rank, data-file and total headings, in either language.
fn is_own_summary(grid: &Grid) -> bool {
    grid.rows.iter().take(HEADER_ROWS).any(|row| {
        let texts: Vec<String> = row.iter().map(CellValue::text).collect();
        let has = |a: &str, b: &str| texts.iter().any(|t| t == a || t == b);
        has("排名", "Rank") && has("数据文件", "Data file") && has("总分", "Total")
    })
}

fn own_output(grid: &Grid) -> Failed {
    let file = crate::diag::visible(&grid.file).into_owned();
    failed(Diagnostic::error(
        OWN_OUTPUT,
        crate::tr!(
            "`{file}` 是本程序写出的汇总表，不是企业数据",
            "`{file}` is a summary this program wrote, not an applicant's data"
        ),
    ))
}

/// Reads a grid as one company or as one company per row, by its header.
pub fn read_grid(rubric: &Rubric, grid: &Grid, options: Options) -> Result<Table, Failed> {
    if is_own_summary(grid) {
        return Err(own_output(grid));
    }
    if let Some((header, columns)) = key_value_header(grid) {
        let hidden = hidden_figures(grid, header, &columns);
        if !hidden.is_empty() {
            return Err(filled_but_hidden(grid, &hidden));
        }
        return Ok(Table::One(Box::new(one_company(
            rubric, grid, header, columns, options,
        ))));
    }
    // In a list, a hidden row is a company left out (an autofilter), a hidden column a figure.
    if !grid.hidden.is_empty() {
        return Err(filled_but_hidden(grid, &grid.hidden));
    }
    many_companies(rubric, grid, options)
}

/// The figures of a one-company sheet that nobody sees: value and `已核实` cells of key rows in
/// hidden rows or columns. A hidden key, label, rule or note column hides no figure.
fn hidden_figures(grid: &Grid, header: usize, columns: &Columns) -> Vec<(u32, u32)> {
    grid.hidden
        .iter()
        .copied()
        .filter(|&(r, c)| {
            let (r, c) = (r as usize, c as usize);
            r > header
                && (c == columns.value || Some(c) == columns.confirmed)
                && !grid.cell(r, columns.key).is_empty()
        })
        .collect()
}

/// Cells named in a message about hidden cells, at most this many.
const HIDDEN_SHOWN: usize = 10;

/// Figures in hidden rows or columns: refused, named, rather than scored unseen or dropped.
fn filled_but_hidden(grid: &Grid, cells: &[(u32, u32)]) -> Failed {
    let shown = crate::diag::visible(&grid.file).into_owned();
    let sheet = crate::diag::visible(grid.sheet.as_deref().unwrap_or_default()).into_owned();
    let mut names = cells
        .iter()
        .take(HIDDEN_SHOWN)
        .map(|&(r, c)| grid.place(r as usize, c as usize))
        .map(|p| workbook::bounds::cell_name(p.row.saturating_sub(1), p.column.saturating_sub(1)))
        .collect::<Vec<_>>()
        .join(crate::tr!("、", ", ").as_str());
    let n = cells.len();
    if n > HIDDEN_SHOWN {
        names.push_str(&crate::tr!(
            " 等 {n} 个单元格",
            " and others, {n} cells in all"
        ));
    }
    failed(
        Diagnostic::error(
            "hidden-cells",
            crate::tr!(
                "工作簿 `{shown}` 的工作表 `{sheet}` 中，{names} 位于隐藏的行或列，却填写了内容；在 Excel 或 WPS 中看不到它们，审核时也看不到，因此不评分",
                "the workbook `{shown}`, sheet `{sheet}`: the cells {names} lie in hidden rows or columns yet are filled; nobody who opens it in Excel or WPS sees them, so it is not scored"
            ),
        )
        .help(crate::tr!(
            "在 Excel 或 WPS 中全选工作表，右键行号和列标选“取消隐藏”；核对这些单元格，删去不要的内容后保存",
            "in Excel or WPS select the whole sheet and choose \"Unhide\" on the row and column headers; check these cells, delete what is not meant and save"
        )),
    )
}

/// The header row of a one-company sheet (`键 key` and `数值 value`, in either order) and its
/// columns.
fn key_value_header(grid: &Grid) -> Option<(usize, Columns)> {
    grid.rows
        .iter()
        .enumerate()
        .take(HEADER_ROWS)
        .find_map(|(r, row)| {
            let key = row.iter().position(|c| is_key_heading(&c.text()))?;
            let value = row.iter().position(|c| is_value_heading(&c.text()))?;
            let confirmed = row.iter().position(|c| is_confirmed_heading(&c.text()));
            let columns = Columns {
                key,
                value,
                confirmed,
            };
            Some((r, columns))
        })
}

/// The columns of a one-company sheet.
struct Columns {
    key: usize,
    value: usize,
    /// `已核实 confirmed`, when the sheet has it.
    confirmed: Option<usize>,
}

fn one_company(
    rubric: &Rubric,
    grid: &Grid,
    header: usize,
    columns: Columns,
    options: Options,
) -> Result<Data, Failed> {
    let mut figures = Figures::new(rubric);
    for r in header.saturating_add(1)..grid.rows.len() {
        let key = grid.cell(r, columns.key).text();
        if key.is_empty() {
            if let Some(d) = merged_key(grid, r, &columns) {
                figures.error(d);
            }
            continue;
        }
        grid.put(&mut figures, &key, (r, columns.key), r, columns.value);
        if let Some(c) = columns.confirmed {
            figures.confirm(&key, grid.cell(r, c), &grid.place(r, c));
        }
    }
    figures.confirm_column = columns.confirmed.is_some();
    figures.finish(&grid.file, options)
}

/// A row whose key cell is empty because merged cells cover it, while its value cell holds a
/// figure: that figure would go unread.
fn merged_key(grid: &Grid, r: usize, columns: &Columns) -> Option<Diagnostic> {
    let value = grid.cell(r, columns.value);
    if value.is_empty() {
        return None;
    }
    let (m, _, _) = grid.covered(r, columns.key)?;
    let range = m.name();
    let at = grid.place(r, columns.value);
    let cell = at.source("").cell_name().unwrap_or_default();
    let key_cell = grid
        .place(r, columns.key)
        .source("")
        .cell_name()
        .unwrap_or_default();
    let shown = crate::diag::visible(&super::cells::cut(&value.text(), 40)).into_owned();
    Some(
        Diagnostic::error(
            "merged-cell",
            crate::tr!(
                "单元格 {cell} 填有 {shown}，但这一行的键单元格 {key_cell} 在合并单元格 {range} 之中，是空的：这个数值没有读取",
                "the cell {cell} holds {shown}, but this row's key cell {key_cell} lies inside the merged cells {range} and is empty: the figure is not read"
            ),
        )
        .at(&at.source(""), 0..0)
        .help(crate::tr!(
            "选中 {range}，取消合并单元格，在每一行的键单元格填写它的数据键",
            "select {range}, unmerge the cells, and write each row's data key in its key cell"
        )),
    )
}

/// A many-company sheet's column: its index and what its header names.
type Column = (usize, Heading);

/// What a many-company header cell names.
#[derive(Debug, Clone, PartialEq)]
enum Heading {
    /// `company`, `year`, `rubric`.
    Meta(&'static str),
    Figure(KeyRef),
    /// The credit code or a contact: carried into the summary, not scored.
    Contact(contact::Field),
}

/// A heading written as a key: `rd_expense`, `standards.national_lead`, `company`.
fn heading_by_key(rubric: &Rubric, text: &str) -> Option<Heading> {
    let text = text.trim();
    if let Some(meta) = super::META_KEYS.iter().find(|k| **k == text) {
        return Some(Heading::Meta(if *meta == "name" {
            "company"
        } else {
            meta
        }));
    }
    if let Some(field) = contact::Field::of_heading(text) {
        return Some(Heading::Contact(field));
    }
    let key = resolve_key(rubric, text).ok()?;
    let counts_whole = key.field.is_none() && rubric.inputs[key.input].kind == InputKind::Counts;
    (!counts_whole).then_some(Heading::Figure(key))
}

/// The labels the template and common lists use for the company, the year and the table, in
/// Chinese and English, squeezed as [`squeeze`] leaves them.
const META_TITLES: [(&str, &[&str]); 3] = [
    (
        "company",
        &[
            "申报单位名称",
            "申报单位全称",
            "申报单位",
            "企业名称",
            "单位名称",
            "企业",
            "公司名称",
            "applicant",
        ],
    ),
    ("year", &["数据年度", "年度", "年份", "yearofthefigures"]),
    ("rubric", &["评分表", "评价表", "自评表"]),
];

/// A heading written as a title: the input's Chinese (or English) title, with or without its
/// unit (`年度研究与试验发展经费支出额（万元）`, as the summary's CSV heads it), a counts field's title
/// when no other field has it (else `表题·字段题`), the template's labels for the company, year
/// and table, or a contact's ([`contact::Field::of_heading`]).
fn heading_by_title(rubric: &Rubric, text: &str) -> Option<Heading> {
    let text = squeeze(text);
    if text.is_empty() {
        return None;
    }
    for (key, titles) in META_TITLES {
        if titles.contains(&text.as_str()) {
            return Some(Heading::Meta(key));
        }
    }
    if let Some(field) = contact::Field::of_heading(&text) {
        return Some(Heading::Contact(field));
    }
    // A title as written, or followed by the input's unit.
    let unit_of = |i: usize| squeeze(&rubric.inputs[i].unit);
    let is = |title: &str, i: usize| {
        let title = squeeze(title);
        let unit = unit_of(i);
        !title.is_empty()
            && (text == title || (!unit.is_empty() && text.strip_suffix(&*unit) == Some(&*title)))
    };
    let mut found = Vec::new();
    for (i, input) in rubric.inputs.iter().enumerate() {
        if input.kind == InputKind::Counts {
            for (f, field) in input.fields.iter().enumerate() {
                let key = KeyRef {
                    input: i,
                    field: Some(f),
                };
                if is(&format!("{}·{}", input.title, field.title), i) {
                    return Some(Heading::Figure(key));
                }
                if is(&field.title, i) || is(&field.title_en, i) {
                    found.push(key);
                }
            }
        } else if is(&input.title, i) || is(&input.title_en, i) {
            found.push(KeyRef::whole(i));
        }
    }
    match found.as_slice() {
        [one] => Some(Heading::Figure(*one)),
        _ => None,
    }
}

/// Whether a header cell naming nothing looks meant as a figure, so that passing it over would
/// lose one: a data key's spelling (ASCII letters, digits, `_` and `.`), or a title that holds a
/// whole input's or field's title (`研发人员数量`, a title with another unit). Anything else (a
/// 联系地址 or 所属县区 column) is the bureau's own and is passed over with a note.
fn looks_like_figure(rubric: &Rubric, text: &str) -> bool {
    let raw = text.trim();
    if !raw.is_empty()
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    {
        return true;
    }
    let text = squeeze(raw);
    let holds = |title: &str| {
        let title = squeeze(title);
        title.chars().count() >= 2 && text.contains(&*title)
    };
    rubric
        .inputs
        .iter()
        .any(|input| holds(&input.title) || input.fields.iter().any(|f| holds(&f.title)))
}

/// How many cells of a row are headings, by key and by title.
fn heading_counts(rubric: &Rubric, row: &[CellValue]) -> (usize, usize) {
    let mut keys: usize = 0;
    let mut titles: usize = 0;
    for cell in row {
        let text = cell.text();
        if heading_by_key(rubric, &text).is_some() {
            keys = keys.saturating_add(1);
        } else if heading_by_title(rubric, &text).is_some() {
            titles = titles.saturating_add(1);
        }
    }
    (keys, titles)
}

fn many_companies(rubric: &Rubric, grid: &Grid, options: Options) -> Result<Table, Failed> {
    // The header is the row naming the most figures, by key before by title.
    let best = grid
        .rows
        .iter()
        .enumerate()
        .take(HEADER_ROWS)
        .map(|(r, row)| {
            let (keys, titles) = heading_counts(rubric, row);
            (keys.saturating_add(titles), keys, r)
        })
        .filter(|(named, _, _)| *named > 0)
        .max_by(|a, b| (a.0, a.1, std::cmp::Reverse(a.2)).cmp(&(b.0, b.1, std::cmp::Reverse(b.2))));
    let Some((_, _, header)) = best else {
        return Err(failed(
            Diagnostic::error(
                "no-header",
                crate::tr!(
                    "`{}` 中找不到表头：既没有“键 key”和“数值 value”两列，也没有以数据键或指标名称为列名的一行",
                    "no header found in `{}`: neither a `键 key` and a `数值 value` column, nor a row of data keys or their titles",
                    grid.file
                ),
            )
            .help(crate::tr!(
                "单个企业：用 `score template --rubric {id} --format xlsx` 生成的工作簿；多个企业：第一行写数据键（如 rd_expense），每个企业一行",
                "one company: the workbook `score template --rubric {id} --format xlsx` writes; many companies: a first row of data keys (e.g. rd_expense), then a row per company",
                id = rubric.id
            )),
        ));
    };
    let (columns, ignored) = header_columns(rubric, grid, header)?;
    let mut table = Vec::new();
    for r in header.saturating_add(1)..grid.rows.len() {
        let row = &grid.rows[r];
        if row.iter().all(CellValue::is_empty) {
            continue;
        }
        // A row of titles below a header of keys (or the other way round) is a second header.
        if r == header.saturating_add(1) {
            let (keys, titles) = heading_counts(rubric, row);
            if keys.saturating_add(titles) > 0
                && keys.saturating_add(titles).saturating_mul(2) >= non_empty(row)
            {
                continue;
            }
        }
        let name = grid.row_name(r);
        table.push((
            name.clone(),
            company_row(rubric, grid, header, r, &columns, &name, options),
        ));
    }
    if table.is_empty() {
        return Err(failed(Diagnostic::error(
            "no-data",
            crate::tr!(
                "`{}` 在表头（第 {row} 行）之下没有企业数据",
                "`{}` has no company below its header (row {row})",
                grid.file,
                row = grid
                    .first_row
                    .saturating_add(u32::try_from(header).unwrap_or(u32::MAX))
                    .saturating_add(1)
            ),
        )));
    }
    Ok(Table::Rows {
        rows: table,
        ignored,
    })
}

/// One company's row: its figures and name read as a data file's, its credit code and contact
/// carried beside them.
fn company_row(
    rubric: &Rubric,
    grid: &Grid,
    header: usize,
    r: usize,
    columns: &[Column],
    name: &str,
    options: Options,
) -> Result<Data, Failed> {
    let mut figures = Figures::new(rubric);
    let mut contact = Contact::default();
    for (c, heading) in columns {
        let key = match heading {
            Heading::Meta(k) => (*k).to_string(),
            Heading::Figure(k) => k.name(rubric),
            Heading::Contact(field) => {
                contact.set(*field, &grid.cell(r, *c).text());
                continue;
            }
        };
        grid.put(&mut figures, &key, (header, *c), r, *c);
    }
    let mut data = figures.finish(name, options)?;
    data.contact = (!contact.is_empty()).then(|| Box::new(contact));
    Ok(data)
}

/// The header row's columns: what each names, and the header cells passed over (see
/// [`looks_like_figure`]); or every unknown and repeated column.
fn header_columns(
    rubric: &Rubric,
    grid: &Grid,
    header: usize,
) -> Result<(Vec<Column>, Vec<String>), Failed> {
    let mut columns: Vec<Column> = Vec::new();
    let mut ignored = Vec::new();
    let mut errors = Vec::new();
    let header_row = &grid.rows[header];
    for (c, cell) in header_row.iter().enumerate() {
        let text = cell.text();
        if text.trim().is_empty() || IGNORED_HEADINGS.contains(&squeeze(&text).as_str()) {
            continue;
        }
        let heading = heading_by_key(rubric, &text).or_else(|| heading_by_title(rubric, &text));
        let place = grid.place(header, c);
        match heading {
            Some(h) => {
                if let Some((first, _)) = columns.iter().find(|(_, g)| *g == h) {
                    errors.push(twice(&text, &grid.place(header, *first), &place));
                } else {
                    columns.push((c, h));
                }
            }
            None if looks_like_figure(rubric, &text) => {
                errors.extend(unknown_column(rubric, &text, &place));
            }
            None => ignored.push(text.trim().to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(Failed {
            diagnostics: errors,
        });
    }
    Ok((columns, ignored))
}

/// A column given twice: at its second heading, naming the first.
fn twice(text: &str, first: &Place, place: &Place) -> Diagnostic {
    let first = first.name();
    Diagnostic::error(
        "duplicate-key",
        crate::tr!(
            "`{text}` 一列出现两次",
            "the column `{text}` is given twice"
        ),
    )
    .at(&place.source(text), 0..text.len())
    .help(crate::tr!(
        "同一列已在 {first}；只保留一列",
        "the same column is at {first}; keep one of them"
    ))
}

/// A header cell naming no figure: the same message as a data file's unknown key, at the cell.
fn unknown_column(rubric: &Rubric, text: &str, place: &Place) -> Vec<Diagnostic> {
    let mut figures = Figures::new(rubric);
    figures.put(text, place, &CellValue::Empty, place);
    let help_note = crate::tr!(
        "表头的每一格应是数据键（如 rd_expense、standards.national_lead）或其指标名称；不计分的列可删去",
        "each header cell should be a data key (e.g. rd_expense, standards.national_lead) or its title; delete columns that are not figures"
    );
    match figures.finish("", Options::default()) {
        Err(f) => f
            .diagnostics
            .into_iter()
            .map(|mut d| {
                d.help = Some(match d.help.take() {
                    Some(h) => crate::tr!("{h}；{help_note}", "{h}; {help_note}"),
                    None => help_note.clone(),
                });
                d
            })
            .collect(),
        Ok(_) => vec![
            Diagnostic::error(
                "unknown-key",
                crate::tr!("无法识别的列名 `{text}`", "unknown column `{text}`"),
            )
            .at(&place.source(text), 0..text.len())
            .help(help_note),
        ],
    }
}

fn non_empty(row: &[CellValue]) -> usize {
    row.iter().filter(|c| !c.is_empty()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric() -> Rubric {
        match crate::rubric::builtin::find("enterprise-center").map(|b| b.load()) {
            Some(Ok(loaded)) => loaded.rubric,
            _ => panic!("built-in rubric does not load"),
        }
    }

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            hidden: Vec::new(),
            file: Arc::from("t.csv"),
            sheet: None,
            first_row: 0,
            first_column: 0,
            merged: Vec::new(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| CellValue::Text(c.to_string())).collect())
                .collect(),
        }
    }

    fn rows(table: Result<Table, Failed>) -> Vec<(String, Result<Data, Failed>)> {
        match table {
            Ok(Table::Rows { rows, .. }) => rows,
            Ok(Table::One(_)) => panic!("read as one company"),
            Err(f) => panic!("refused:\n{f}"),
        }
    }

    #[test]
    fn a_header_of_titles_alone_is_read() {
        let r = rubric();
        let g = grid(&[
            &[
                "序号",
                "企业名称",
                "研发人员数",
                "企业职工总数",
                "参与国家标准",
                "年度",
            ],
            &["1", "甲", "40", "600", "2", "2023"],
            &["", "", "", "", "", ""],
            &["2", "乙", "30", "500", "0", "2023年"],
        ]);
        let rows = rows(read_grid(&r, &g, Options::default()));
        assert_eq!(rows.len(), 2, "the empty row is no company");
        assert_eq!(rows[0].0, "t.csv:row 2");
        assert_eq!(rows[1].0, "t.csv:row 4");
        let data = rows[0].1.as_ref().expect("reads");
        assert_eq!(data.company.as_deref(), Some("甲"));
        assert_eq!(data.year, Some(2023));
        let (staff, _) = r.input("rd_staff").expect("input");
        assert_eq!(data.values[staff], Some(Value::Number(40.into())));
        let (standards, input) = r.input("standards").expect("input");
        let join = input
            .fields
            .iter()
            .position(|f| f.key == "national_join")
            .expect("field");
        match &data.values[standards] {
            Some(Value::Counts(c)) => assert_eq!(c[join], 2.into()),
            other => panic!("{other:?}"),
        }
        assert_eq!(rows[1].1.as_ref().expect("reads").year, Some(2023));
    }

    #[test]
    fn key_and_value_headings_are_found_by_name() {
        assert!(is_key_heading("键 key"));
        assert!(is_key_heading(" KEY "));
        assert!(is_key_heading("键（key）"));
        assert!(is_value_heading("数值 Value"));
        assert!(is_value_heading("数值"));
        assert!(!is_value_heading("数值说明"));
        assert!(!is_key_heading("rd_expense"));
    }

    #[test]
    fn a_sheet_without_any_header_is_refused_with_what_to_write() {
        let r = rubric();
        let g = grid(&[&["甲", "乙"], &["1", "2"]]);
        let Err(failed) = read_grid(&r, &g, Options::default()) else {
            panic!("accepted")
        };
        assert_eq!(failed.diagnostics[0].code, "no-header");
    }

    #[test]
    fn a_header_without_rows_is_refused() {
        let r = rubric();
        let g = grid(&[&["company", "rd_expense"]]);
        let Err(failed) = read_grid(&r, &g, Options::default()) else {
            panic!("accepted")
        };
        assert_eq!(failed.diagnostics[0].code, "no-data");
    }

    #[test]
    fn a_column_given_twice_fails_the_file_at_the_second_heading() {
        let r = rubric();
        let g = grid(&[&["rd_staff", "研发人员数"], &["1", "2"]]);
        let Err(failed) = read_grid(&r, &g, Options::default()) else {
            panic!("accepted")
        };
        assert_eq!(failed.diagnostics[0].code, "duplicate-key");
        assert_eq!(
            failed.diagnostics[0].place().as_deref(),
            Some("t.csv:row 1, column 2")
        );
    }

    #[test]
    fn strict_refuses_a_missing_figure_and_names_the_row() {
        let r = rubric();
        let g = grid(&[&["company", "rd_staff"], &["甲", "3"]]);
        let rows = rows(read_grid(&r, &g, Options { strict: true }));
        let Err(failed) = &rows[0].1 else {
            panic!("accepted")
        };
        assert!(
            failed.diagnostics.iter().all(|d| d.code == "missing-key"),
            "{failed}"
        );
        assert!(failed.to_string().contains("--> t.csv:row 2"), "{failed}");
    }

    #[test]
    fn a_one_company_sheet_reads_flags_written_as_one_and_zero() {
        let r = match crate::rubric::builtin::find("industry-center").map(|b| b.load()) {
            Some(Ok(loaded)) => loaded.rubric,
            _ => panic!("built-in rubric does not load"),
        };
        let mut g = grid(&[
            &["key", "value"],
            &["breakthrough", ""],
            &["rubric", "industry-center"],
        ]);
        g.rows[1][1] = CellValue::Float(1.0);
        let Ok(Table::One(data)) = read_grid(&r, &g, Options::default()) else {
            panic!("not one company")
        };
        let data = data.expect("reads");
        let (i, _) = r.input("breakthrough").expect("input");
        assert_eq!(data.values[i], Some(Value::Flag(true)));
    }

    /// Excel and WPS save a logical cell to CSV as `TRUE`/`FALSE`.
    #[test]
    fn a_bureau_csv_reads_flags_as_excel_saves_them() {
        let r = match crate::rubric::builtin::find("industry-center").map(|b| b.load()) {
            Some(Ok(loaded)) => loaded.rubric,
            _ => panic!("built-in rubric does not load"),
        };
        let g = grid(&[
            &["name", "breakthrough", "national_award"],
            &["甲", "TRUE", "FALSE"],
            &["乙", "0", "1"],
            &["丙", "是", "否"],
            &["丁", "yes", ""],
        ]);
        let rows = rows(read_grid(&r, &g, Options::default()));
        let (b, _) = r.input("breakthrough").expect("input");
        let (n, _) = r.input("national_award").expect("input");
        let flags = |row: usize| {
            let data = rows[row].1.as_ref().expect("reads");
            (data.values[b].clone(), data.values[n].clone())
        };
        let yes = Some(Value::Flag(true));
        let no = Some(Value::Flag(false));
        assert_eq!(flags(0), (yes.clone(), no.clone()));
        assert_eq!(flags(1), (no.clone(), yes.clone()));
        assert_eq!(flags(2), (yes, no));
        // Anything else is still the data file's wrong-type error, at its cell.
        let Err(failed) = &rows[3].1 else {
            panic!("`yes` accepted")
        };
        assert_eq!(failed.diagnostics[0].code, "wrong-type");
        assert_eq!(
            failed.diagnostics[0].place().as_deref(),
            Some("t.csv:row 5, column 2")
        );
    }
}
