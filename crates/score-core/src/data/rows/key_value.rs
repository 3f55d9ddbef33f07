//! A one-company sheet: a `键 key` and a `数值 value` column (and the template's optional
//! `已核实 confirmed`), each row with a key giving one figure.

use super::{Grid, HEADER_ROWS, squeeze};
use crate::data::cells::Figures;
use crate::data::{Data, Options};
use crate::diag::{Diagnostic, Failed};
use crate::rubric::Rubric;

pub(super) fn is_key_heading(text: &str) -> bool {
    matches!(squeeze(text).as_str(), "键key" | "key键" | "键" | "key")
}

/// The template's `已核实 confirmed` column (是/否 per figure), optional.
fn is_confirmed_heading(text: &str) -> bool {
    matches!(
        squeeze(text).as_str(),
        "已核实confirmed" | "confirmed已核实" | "已核实" | "confirmed"
    )
}

pub(super) fn is_value_heading(text: &str) -> bool {
    matches!(
        squeeze(text).as_str(),
        "数值value" | "value数值" | "数值" | "value"
    )
}

/// The figures of a one-company sheet that nobody sees: value and `已核实` cells of key rows in
/// hidden rows or columns. A hidden key, label, rule or note column hides no figure.
pub(super) fn hidden_figures(grid: &Grid, header: usize, columns: &Columns) -> Vec<(u32, u32)> {
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

/// The header row of a one-company sheet (`键 key` and `数值 value`, in either order) and its
/// columns.
pub(super) fn key_value_header(grid: &Grid) -> Option<(usize, Columns)> {
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
pub(super) struct Columns {
    pub(super) key: usize,
    pub(super) value: usize,
    /// `已核实 confirmed`, when the sheet has it.
    confirmed: Option<usize>,
}

pub(super) fn one_company(
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
    let shown = crate::diag::visible(&crate::data::cells::cut(&value.text(), 40)).into_owned();
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
