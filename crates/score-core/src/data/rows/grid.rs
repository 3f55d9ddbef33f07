//! A worksheet's or CSV file's cells as read, and where each cell stands on the sheet: its
//! place, its row's name, the merged range that hides it.

use std::sync::Arc;

use crate::data::cells::{CellValue, Figures, Place};

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
    pub(super) fn name(&self) -> String {
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
    pub(super) fn covered(&self, r: usize, c: usize) -> Option<(Merge, usize, usize)> {
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
    pub(super) fn put(
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

    pub(super) fn place(&self, r: usize, c: usize) -> Place {
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
    pub(super) fn row_name(&self, r: usize) -> String {
        let row = self
            .first_row
            .saturating_add(u32::try_from(r).unwrap_or(u32::MAX))
            .saturating_add(1);
        match &self.sheet {
            Some(sheet) => format!("{}:{sheet}!row {row}", self.file),
            None => format!("{}:row {row}", self.file),
        }
    }

    pub(super) fn cell(&self, r: usize, c: usize) -> &CellValue {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&CellValue::Empty)
    }
}
