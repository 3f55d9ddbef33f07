//! Hidden rows and columns of a worksheet: what a reviewer who opens the workbook in Excel or
//! WPS does not see. The spreadsheet library reads hidden cells as any other and does not say
//! which are hidden, so each format's own records are read here: an `.xlsx` sheet's `<col
//! hidden>` and `<row hidden>` (and a zero width or height), an `.ods` table's
//! `table:visibility` (collapsed or filtered, in [`super::ods`]), an `.xls` sheet's COLINFO and
//! ROW records (in [`super::xls`]). The filled cells of the sheet read that lie in them travel
//! with its grid ([`crate::data::rows::Grid::hidden`]); a figure among them is refused, named,
//! where the sheet's layout is known (`rows::read_grid`).

use quick_xml::events::{BytesStart, Event};

/// A sheet's hidden rows and columns, as sorted, merged 0-based inclusive ranges.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Hidden {
    rows: Vec<(u32, u32)>,
    columns: Vec<(u32, u32)>,
}

fn add(ranges: &mut Vec<(u32, u32)>, first: u32, last: u32) {
    if first > last {
        return;
    }
    match ranges.last_mut() {
        Some(r) if r.1.saturating_add(1) >= first && r.0 <= first => r.1 = r.1.max(last),
        _ => ranges.push((first, last)),
    }
}

fn merged(mut ranges: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    ranges.sort_unstable();
    let mut out = Vec::with_capacity(ranges.len());
    for (first, last) in ranges {
        add(&mut out, first, last);
    }
    out
}

fn within(ranges: &[(u32, u32)], at: u32) -> bool {
    let i = ranges.partition_point(|r| r.1 < at);
    ranges.get(i).is_some_and(|r| r.0 <= at)
}

impl Hidden {
    /// Rows `first..=last` (0-based) are hidden.
    pub fn hide_rows(&mut self, first: u32, last: u32) {
        add(&mut self.rows, first, last);
    }

    /// Columns `first..=last` (0-based) are hidden.
    pub fn hide_columns(&mut self, first: u32, last: u32) {
        add(&mut self.columns, first, last);
    }

    /// Sorted and merged, whatever order the ranges came in.
    pub fn finish(self) -> Hidden {
        Hidden {
            rows: merged(self.rows),
            columns: merged(self.columns),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.columns.is_empty()
    }

    /// Whether the 0-based cell lies in a hidden row or column (after [`Hidden::finish`]).
    pub fn covers(&self, row: u32, column: u32) -> bool {
        within(&self.rows, row) || within(&self.columns, column)
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn truthy(v: Option<String>) -> bool {
    v.is_some_and(|v| matches!(v.trim(), "1" | "true"))
}

/// A width or height written as zero: Excel shows nothing of such a column or row.
fn zero(v: Option<String>) -> bool {
    v.and_then(|v| v.trim().parse::<f64>().ok())
        .is_some_and(|v| v <= 0.0)
}

/// A 1-based index attribute as 0-based.
fn index(e: &BytesStart<'_>, name: &str) -> Option<u32> {
    attr(e, name)?.trim().parse::<u32>().ok()?.checked_sub(1)
}

/// The hidden rows and columns of one `.xlsx` worksheet part.
pub fn xlsx_sheet(xml: &[u8]) -> Hidden {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut hidden = Hidden::default();
    let mut buf = Vec::new();
    // A row without `r` follows the one before it.
    let mut next_row: u32 = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "col" if truthy(attr(&e, "hidden")) || zero(attr(&e, "width")) => {
                    if let (Some(min), Some(max)) = (index(&e, "min"), index(&e, "max")) {
                        hidden.hide_columns(min, max);
                    }
                }
                "row" => {
                    let row = index(&e, "r").unwrap_or(next_row);
                    next_row = row.saturating_add(1);
                    if truthy(attr(&e, "hidden")) || zero(attr(&e, "ht")) {
                        hidden.hide_rows(row, row);
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == "sheetData" => break,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    hidden.finish()
}

/// The targets of a relationships part as `(id, type, path)`, resolved against the folder `base`.
fn relationships(xml: &[u8], base: &str) -> Vec<(String, String, String)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if e.local_name().as_ref() == "Relationship" =>
            {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    let typ = attr(&e, "Type").unwrap_or_default();
                    let path = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_string(),
                        None => format!("{base}{target}"),
                    };
                    out.push((id, typ, path));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// Every worksheet of an `.xlsx` by name, with its hidden rows and columns; a sheet whose part
/// cannot be found is left out (the library then reports the damage).
pub fn xlsx(bytes: &[u8]) -> Vec<(String, Hidden)> {
    let part = |name: &str| super::zip_guard::part(bytes, name);
    let book_path = part("_rels/.rels")
        .map(|x| relationships(&x, ""))
        .and_then(|rels| {
            rels.into_iter()
                .find(|(_, typ, _)| typ.ends_with("/officeDocument"))
                .map(|(_, _, path)| path)
        })
        .unwrap_or_else(|| "xl/workbook.xml".to_string());
    let (dir, name) = book_path.rsplit_once('/').unwrap_or(("", &book_path));
    let dir = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let rels = part(&format!("{dir}_rels/{name}.rels"))
        .map(|x| relationships(&x, &dir))
        .unwrap_or_default();
    let Some(book) = part(&book_path) else {
        return Vec::new();
    };
    let mut reader = quick_xml::Reader::from_reader(book.as_slice());
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                let target = attr(&e, "id")
                    .and_then(|id| rels.iter().find(|(i, _, _)| *i == id).map(|(_, _, t)| t));
                if let (Some(name), Some(target)) = (attr(&e, "name"), target) {
                    let hidden = part(target).map(|x| xlsx_sheet(&x)).unwrap_or_default();
                    out.push((name, hidden));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_merged_and_looked_up() {
        let mut h = Hidden::default();
        h.hide_rows(9, 9);
        h.hide_rows(2, 4);
        h.hide_rows(5, 6);
        h.hide_columns(3, 3);
        let h = h.finish();
        assert_eq!(h.rows, vec![(2, 6), (9, 9)]);
        for (row, hidden) in [(1, false), (2, true), (6, true), (7, false), (9, true)] {
            assert_eq!(h.covers(row, 0), hidden, "row {row}");
        }
        assert!(h.covers(0, 3));
        assert!(!h.covers(0, 2) && !h.covers(0, 4));
    }

    #[test]
    fn an_xlsx_sheets_hidden_columns_and_rows_are_read() {
        let xml = br#"<worksheet><cols><col min="2" max="3" width="9" hidden="1"/><col min="5" max="5" width="0"/><col min="6" max="6" width="9"/></cols><sheetData><row r="1"/><row r="4" hidden="true"/><row customHeight="1" ht="0"/><row r="8" ht="0"/></sheetData></worksheet>"#;
        let h = xlsx_sheet(xml);
        assert_eq!(h.columns, vec![(1, 2), (4, 4)]);
        // Row 4 hidden, the row after it (5) and row 8 have zero height.
        assert_eq!(h.rows, vec![(3, 4), (7, 7)]);
    }
}
