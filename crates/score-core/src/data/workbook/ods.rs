//! An `.ods` file's `content.xml` walked before the spreadsheet library opens it.
//!
//! A cell or a row may stand for many (`number-columns-repeated`, `number-rows-repeated`): a
//! 14 KB file can describe a filled rectangle of billions of cells, which the library would lay
//! out in memory. This walk measures every table's filled extent, repetitions counted, and
//! refuses what is larger than a data sheet; it also finds the cells LibreOffice stores as
//! percentages (`2.6%` as 0.026), which the library reads as plain numbers.

use std::collections::HashSet;

use quick_xml::events::{BytesStart, Event};

use super::bounds::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS, beyond, too_many_cells};
use super::hidden::Hidden;

/// What the walk learnt of one table.
#[derive(Debug, Default)]
pub struct TableScan {
    pub name: String,
    /// 0-based `(row, column)` of the cells whose value type is `percentage`.
    pub percent: HashSet<(u32, u32)>,
    /// Collapsed or filtered rows and columns (`table:visibility`).
    pub hidden: Hidden,
    /// 0-based `(row, column)` and formula of the cells holding a formula without a saved value
    /// (at most [`MAX_FORMULAS`]); the library reads them as empty.
    pub formulas: Vec<((u32, u32), String)>,
    /// The ranges of merged cells (`table:number-columns-spanned`, `…-rows-spanned`).
    pub merged: Vec<crate::data::rows::Merge>,
}

/// Most formulas without a value kept from one table: each is an error, a few name the problem.
pub const MAX_FORMULAS: usize = 1_000;

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn repeat(e: &BytesStart<'_>, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

/// The walk's position in the current table.
#[derive(Default)]
struct Walk {
    tables: Vec<TableScan>,
    in_table: bool,
    row: u32,
    column: u32,
    rows_repeated: u32,
    /// The next column a `table:table-column` declares.
    declared: u32,
    /// The filled extent so far: last row and column, 0-based.
    extent: Option<(u32, u32)>,
    /// Cells laid out over all tables so far.
    total: usize,
}

impl Walk {
    fn cell(&mut self, e: &BytesStart<'_>, has_content: bool) -> Result<(), String> {
        let columns = repeat(e, "table:number-columns-repeated");
        let spans = (
            repeat(e, "table:number-rows-spanned"),
            repeat(e, "table:number-columns-spanned"),
        );
        if spans != (1, 1)
            && let Some(table) = self.tables.last_mut()
            && table.merged.len() < super::MAX_MERGES
        {
            table.merged.push(crate::data::rows::Merge {
                first: (self.row, self.column),
                last: (
                    self.row.saturating_add(spans.0.saturating_sub(1)),
                    self.column.saturating_add(spans.1.saturating_sub(1)),
                ),
            });
        }
        let filled = has_content
            || attr(e, "office:value-type").is_some()
            || attr(e, "table:formula").is_some();
        if filled {
            let last_row = self
                .row
                .saturating_add(self.rows_repeated.saturating_sub(1));
            let last_column = self.column.saturating_add(columns.saturating_sub(1));
            if last_row >= MAX_ROWS || last_column >= MAX_COLUMNS {
                return Err(beyond(last_row, last_column));
            }
            let (r, c) = self.extent.unwrap_or((0, 0));
            self.extent = Some((r.max(last_row), c.max(last_column)));
            // The library lays a table out from A1's side to its last filled cell.
            let (r, c) = self.extent.unwrap_or((0, 0));
            let area = cells_to(r, c);
            if self.total.saturating_add(area) > MAX_CELLS {
                return Err(too_many_cells());
            }
            if !has_content {
                self.formula_without_value(e);
            }
            if attr(e, "office:value-type").as_deref() == Some("percentage")
                && let Some(table) = self.tables.last_mut()
            {
                for r in self.row..=last_row {
                    for c in self.column..=last_column {
                        table.percent.insert((r, c));
                    }
                }
            }
        }
        self.column = self.column.saturating_add(columns);
        Ok(())
    }

    /// A cell with a formula but no saved value (no value type): kept to be named.
    fn formula_without_value(&mut self, e: &BytesStart<'_>) {
        let (None, Some(f), Some(table)) = (
            attr(e, "office:value-type"),
            attr(e, "table:formula"),
            self.tables.last_mut(),
        ) else {
            return;
        };
        if table.formulas.len() < MAX_FORMULAS {
            let f = f.strip_prefix("of:").unwrap_or(&f);
            let f = f.strip_prefix('=').unwrap_or(f).to_string();
            table.formulas.push(((self.row, self.column), f));
        }
    }

    /// A `table:table-column` (or several, repeated): hidden when collapsed or filtered.
    fn column(&mut self, e: &BytesStart<'_>) {
        let n = repeat(e, "table:number-columns-repeated");
        let last = self.declared.saturating_add(n.saturating_sub(1));
        if is_hidden(e)
            && let Some(table) = self.tables.last_mut()
        {
            table.hidden.hide_columns(self.declared, last);
        }
        self.declared = last.saturating_add(1);
    }

    /// A `table:table-row` starts (repeated `rows_repeated` times).
    fn row(&mut self, e: &BytesStart<'_>) {
        self.column = 0;
        self.rows_repeated = repeat(e, "table:number-rows-repeated");
        let last = self
            .row
            .saturating_add(self.rows_repeated.saturating_sub(1));
        if is_hidden(e)
            && let Some(table) = self.tables.last_mut()
        {
            table.hidden.hide_rows(self.row, last);
        }
    }

    fn end_table(&mut self) {
        let (r, c) = self.extent.take().unwrap_or((0, 0));
        self.total = self.total.saturating_add(cells_to(r, c));
        self.in_table = false;
        if let Some(table) = self.tables.last_mut() {
            table.hidden = std::mem::take(&mut table.hidden).finish();
        }
    }
}

/// A row or column LibreOffice does not show: `collapse` (hidden) or `filter` (filtered out).
fn is_hidden(e: &BytesStart<'_>) -> bool {
    matches!(
        attr(e, "table:visibility").as_deref(),
        Some("collapse" | "filter")
    )
}

fn damaged() -> String {
    crate::tr!(
        "content.xml 已损坏（表格或行没有结束）",
        "its content.xml is damaged (a table or row never ends)"
    )
}

/// Cells from A1 to the 0-based `(row, column)`.
fn cells_to(row: u32, column: u32) -> usize {
    (row as usize)
        .saturating_add(1)
        .saturating_mul((column as usize).saturating_add(1))
}

/// Walks `content.xml`: every table's percentage cells, or why the file is too large.
pub fn scan(content: &[u8]) -> Result<Vec<TableScan>, String> {
    let mut xml = quick_xml::Reader::from_reader(content);
    let mut walk = Walk::default();
    let mut buf = Vec::new();
    // Tables and rows open: the library waits for their end forever when the file has none.
    let mut open: (usize, usize) = (0, 0);
    loop {
        let event = xml.read_event_into(&mut buf);
        match &event {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let empty = matches!(event, Ok(Event::Empty(_)));
                if !empty {
                    match e.name().as_ref() {
                        "table:table" => open.0 = open.0.saturating_add(1),
                        "table:table-row" => open.1 = open.1.saturating_add(1),
                        _ => {}
                    }
                }
                match e.name().as_ref() {
                    "table:table" => {
                        walk.tables.push(TableScan {
                            name: attr(e, "table:name").unwrap_or_default(),
                            ..TableScan::default()
                        });
                        walk.in_table = true;
                        walk.row = 0;
                        walk.declared = 0;
                        if empty {
                            walk.end_table();
                        }
                    }
                    "table:table-column" if walk.in_table => walk.column(e),
                    "table:table-row" if walk.in_table => {
                        walk.row(e);
                        if empty {
                            walk.row = walk.row.saturating_add(walk.rows_repeated);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" if walk.in_table => {
                        walk.cell(e, !empty)?;
                    }
                    _ => {}
                }
            }
            Ok(Event::End(e)) => {
                match e.name().as_ref() {
                    "table:table" => open.0 = open.0.saturating_sub(1),
                    "table:table-row" => open.1 = open.1.saturating_sub(1),
                    _ => {}
                }
                match e.name().as_ref() {
                    "table:table-row" if walk.in_table => {
                        walk.row = walk.row.saturating_add(walk.rows_repeated);
                    }
                    "table:table" if walk.in_table => walk.end_table(),
                    _ => {}
                }
            }
            Ok(Event::Eof) if open == (0, 0) => break,
            Ok(Event::Eof) | Err(_) => return Err(damaged()),
            _ => {}
        }
        buf.clear();
    }
    Ok(walk.tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(body: &str) -> Vec<u8> {
        format!(
            r#"<office:document-content xmlns:office="o" xmlns:table="t"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
        )
        .into_bytes()
    }

    #[test]
    fn percentage_cells_are_found_with_their_repetitions() {
        let c = content(
            r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="float" office:value="1"/><table:table-cell office:value-type="percentage" office:value="0.026" table:number-columns-repeated="2"/></table:table-row></table:table>"#,
        );
        let tables = scan(&c).expect("scans");
        assert_eq!(tables[0].name, "S");
        let mut p: Vec<_> = tables[0].percent.iter().copied().collect();
        p.sort();
        assert_eq!(p, vec![(0, 1), (0, 2)]);
    }

    #[test]
    fn a_filled_cell_repeated_past_a_data_sheet_is_refused() {
        let c = content(
            r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
        );
        assert!(scan(&c).is_err());
        // Empty repeated cells, as LibreOffice writes to the sheet's end, cost nothing.
        let c = content(
            r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
        );
        assert_eq!(scan(&c).expect("scans").len(), 1);
    }

    #[test]
    fn collapsed_and_filtered_rows_and_columns_are_hidden() {
        let c = content(
            r#"<table:table table:name="S"><table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/><table:table-row><table:table-cell/></table:table-row><table:table-row table:visibility="filter" table:number-rows-repeated="3"><table:table-cell/></table:table-row><table:table-row><table:table-cell/></table:table-row></table:table>"#,
        );
        let h = &scan(&c).expect("scans")[0].hidden;
        assert!(h.covers(0, 2) && !h.covers(0, 1) && !h.covers(0, 3));
        assert!(h.covers(1, 0) && h.covers(3, 0));
        assert!(!h.covers(0, 0) && !h.covers(4, 0));
    }

    #[test]
    fn a_formula_without_a_value_is_kept_by_position() {
        let c = content(
            r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="float" office:value="3" table:formula="of:=1+2"/><table:table-cell table:formula="of:=SUM([.A1:.A2])"/></table:table-row></table:table>"#,
        );
        let t = &scan(&c).expect("scans")[0];
        assert_eq!(t.formulas, vec![((0, 1), "SUM([.A1:.A2])".to_string())]);
    }

    #[test]
    fn merged_cells_are_found_by_their_spans() {
        let c = content(
            r#"<table:table table:name="S"><table:table-row><table:table-cell/><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="3" office:value-type="float" office:value="1"/><table:covered-table-cell/></table:table-row></table:table>"#,
        );
        let tables = scan(&c).expect("scans");
        assert_eq!(
            tables[0].merged,
            vec![crate::data::rows::Merge {
                first: (0, 1),
                last: (2, 2)
            }]
        );
    }

    /// The library waits forever for the end of a table or row that never comes.
    #[test]
    fn a_table_or_row_without_its_end_is_refused() {
        let c = content(r#"<table:table table:name="S"><table:table-row><table:table-cell/>"#);
        assert!(scan(&c).is_err());
        let c = content(
            r#"<table:table table:name="S"><table:table-row></table:table-row><table:table>"#,
        );
        assert!(scan(&c).is_err());
    }
}
