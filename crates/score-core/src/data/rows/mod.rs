//! A worksheet or CSV file of figures, told apart by its header row:
//!
//! - **one company**: a header with a `键 key` column and a `数值 value` column (found by name, so
//!   inserted columns do no harm); each row with a key gives that figure;
//! - **one company per row** (the bureau's list): a header whose cells are data keys (dotted for
//!   counts by kind) or their Chinese titles; an extra header row of titles may stand above or
//!   below the keys. Each further non-empty row is one company, named `file.xlsx:Sheet1!row 5`.
//!
//! Every cell goes through [`super::cells::Figures`], the data file's rules with cell positions.
//! The cells themselves are a [`Grid`] (`grid`; a CSV file's read in `csv_file`); a one-company
//! sheet is read in `key_value`, the bureau's list in `list`.

mod csv_file;
mod grid;
mod key_value;
mod list;

use std::path::Path;

#[cfg(test)]
use super::Value;
use super::cells::CellValue;
use super::{Data, Noted, Options, which, workbook};
use crate::diag::{Diagnostic, Failed};
use crate::rubric::Rubric;
use csv_file::{csv_grid, csv_grid_bytes};
pub use grid::{Grid, Merge};
use key_value::{hidden_figures, is_key_heading, is_value_heading, key_value_header, one_company};
use list::{Heading, heading_by_key, many_companies};

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

/// The built-in table a `rubric` cell names: a table id to its right (a key/value workbook),
/// else under it (a sheet with a row per company).
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

/// A header cell squeezed for comparison: lower case, no spaces, no brackets or colons.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !"()（）:：".contains(*c))
        .flat_map(char::to_lowercase)
        .collect()
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

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
        let rows = rows(read_grid(
            &r,
            &g,
            Options {
                strict: true,
                ..Options::default()
            },
        ));
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
