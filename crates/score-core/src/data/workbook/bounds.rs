//! How much of a worksheet (or CSV file) is read: a data sheet's rows and columns, and no more.
//! Cells are gathered sparsely and checked one by one, so a filled cell at `XFD1048576` is
//! refused by name instead of making a rectangle of 17 billion empty cells.

use std::sync::Arc;

use super::super::cells::CellValue;
use super::super::rows::Grid;

/// Most rows a data sheet may use: a county's list has dozens of companies, a province's thousands.
pub const MAX_ROWS: u32 = 100_000;
/// Most columns a data sheet may use (up to column `AMJ`): a table has some 70 figures.
pub const MAX_COLUMNS: u32 = 1_024;
/// Most cells kept from one sheet, counting each row up to its last filled cell.
pub const MAX_CELLS: usize = 2_000_000;

/// A1-style name of a 0-based cell: `(0, 0)` → `A1`.
pub fn cell_name(row: u32, column: u32) -> String {
    let letters = crate::diag::column_letters(column.saturating_add(1));
    format!("{letters}{}", u64::from(row).saturating_add(1))
}

/// Why a sheet is too large, worded for its diagnostic.
pub fn beyond(row: u32, column: u32) -> String {
    let cell = cell_name(row, column);
    let last = cell_name(MAX_ROWS.saturating_sub(1), MAX_COLUMNS.saturating_sub(1));
    crate::tr!(
        "单元格 {cell} 有内容，超出数据表可用的范围（至多 {MAX_ROWS} 行、{MAX_COLUMNS} 列，即 A1:{last}）",
        "the cell {cell} is filled, outside what a data sheet can use (at most {MAX_ROWS} rows and {MAX_COLUMNS} columns, A1:{last})"
    )
}

pub fn too_many_cells() -> String {
    crate::tr!(
        "数据超过 {MAX_CELLS} 个单元格",
        "it holds more than {MAX_CELLS} cells"
    )
}

/// Filled cells, gathered in any order, then laid out as a [`Grid`].
#[derive(Default)]
pub struct Cells {
    cells: Vec<(u32, u32, CellValue)>,
}

impl Cells {
    /// Keeps a filled cell (an empty one is dropped); `Err` with the reason when it lies
    /// outside a data sheet or is one too many.
    pub fn push(&mut self, row: u32, column: u32, value: CellValue) -> Result<(), String> {
        if value.is_empty() {
            return Ok(());
        }
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(beyond(row, column));
        }
        if self.cells.len() >= MAX_CELLS {
            return Err(too_many_cells());
        }
        self.cells.push((row, column, value));
        Ok(())
    }

    /// The filled cells (0-based, in reading order) that lie in hidden rows or columns.
    pub fn covered_by(&self, hidden: &super::hidden::Hidden) -> Vec<(u32, u32)> {
        if hidden.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<(u32, u32)> = self
            .cells
            .iter()
            .filter(|(r, c, _)| hidden.covers(*r, *c))
            .map(|(r, c, _)| (*r, *c))
            .collect();
        out.sort_unstable();
        out
    }

    /// The grid from `A1`, each row as wide as its last filled cell.
    pub fn into_grid(mut self, file: Arc<str>, sheet: Option<Arc<str>>) -> Result<Grid, String> {
        self.cells.sort_by_key(|(r, c, _)| (*r, *c));
        let height = self.cells.last().map_or(0, |(r, _, _)| {
            usize::try_from(*r).unwrap_or(0).saturating_add(1)
        });
        let mut widths = vec![0usize; height];
        for (r, c, _) in &self.cells {
            let w = &mut widths[*r as usize];
            *w = (*w).max(usize::try_from(*c).unwrap_or(0).saturating_add(1));
        }
        if widths.iter().fold(0usize, |a, w| a.saturating_add(*w)) > MAX_CELLS {
            return Err(too_many_cells());
        }
        let mut rows: Vec<Vec<CellValue>> =
            widths.iter().map(|w| vec![CellValue::Empty; *w]).collect();
        for (r, c, value) in self.cells {
            rows[r as usize][c as usize] = value;
        }
        Ok(Grid {
            file,
            sheet,
            first_row: 0,
            first_column: 0,
            rows,
            hidden: Vec::new(),
            merged: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(4, 25), "Z5");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn a_filled_cell_past_the_last_row_or_column_is_refused_by_name() {
        let mut cells = Cells::default();
        assert!(cells.push(0, 0, CellValue::Int(1)).is_ok());
        let err = cells
            .push(1_048_575, 16_383, CellValue::Int(1))
            .expect_err("kept");
        assert!(err.contains("XFD1048576"), "{err}");
        assert!(
            cells
                .push(MAX_ROWS - 1, MAX_COLUMNS - 1, CellValue::Int(1))
                .is_ok()
        );
        assert!(cells.push(MAX_ROWS, 0, CellValue::Int(1)).is_err());
        // An empty cell far away costs nothing.
        assert!(cells.push(1_048_575, 16_383, CellValue::Empty).is_ok());
    }

    #[test]
    fn rows_are_as_wide_as_their_last_cell() {
        let mut cells = Cells::default();
        cells.push(2, 3, CellValue::Int(7)).expect("kept");
        cells.push(0, 0, CellValue::Text("a".into())).expect("kept");
        let grid = cells.into_grid(Arc::from("f"), None).expect("grid");
        assert_eq!(grid.rows.len(), 3);
        assert_eq!(grid.rows[0].len(), 1);
        assert!(grid.rows[1].is_empty());
        assert_eq!(grid.rows[2][3], CellValue::Int(7));
    }
}
