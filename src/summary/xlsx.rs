//! The summary as a workbook, the 申报企业汇总表 a bureau sends on: one row per file in rank
//! order, scores as numbers (a spreadsheet sorts and sums them), the header frozen and repeated
//! on each printed A4 page. Files that could not be scored keep their place at the bottom and
//! are listed again, with their error, on a worksheet of their own.
//!
//! The columns are one table ([`COLUMNS`]): a new column is one more entry there.

use std::io::{self, Write};

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::{Placement, Ranked, Summary, Words, heading, words};
use crate::render::workbook::{self, SheetNames, io_error};
use crate::sheet::Lang;

/// What one cell of a row holds.
enum Cell {
    Number(Decimal),
    Text(String),
    Empty,
}

/// One column: its heading, its width in characters, and its cell for a row.
struct Column {
    heading: fn(&Words) -> &'static str,
    width: f64,
    cell: fn(&Words, &Ranked<'_>) -> Cell,
}

fn score(ranked: &Ranked<'_>, pick: fn(&super::Scores) -> Decimal) -> Cell {
    ranked
        .row
        .scored
        .as_ref()
        .map_or(Cell::Empty, |s| Cell::Number(pick(s)))
}

const COLUMNS: &[Column] = &[
    Column {
        heading: |w| w.rank,
        width: 6.0,
        cell: |_, r| r.rank.map_or(Cell::Empty, |n| Cell::Number(n.into())),
    },
    Column {
        heading: |w| w.company,
        width: 28.0,
        cell: |_, r| r.row.company.clone().map_or(Cell::Empty, Cell::Text),
    },
    Column {
        heading: |w| w.data,
        width: 24.0,
        cell: |_, r| Cell::Text(r.row.data.clone()),
    },
    Column {
        heading: |w| w.base,
        width: 9.0,
        cell: |_, r| score(r, |s| s.base),
    },
    Column {
        heading: |w| w.bonus,
        width: 7.0,
        cell: |_, r| score(r, |s| s.bonus),
    },
    Column {
        heading: |w| w.total,
        width: 8.0,
        cell: |_, r| score(r, |s| s.total),
    },
    Column {
        heading: |w| w.eligible,
        width: 10.0,
        cell: |w, r| match r.row.scored.as_ref().and_then(|s| s.eligible) {
            Some(true) => Cell::Text(w.yes.into()),
            Some(false) => Cell::Text(w.no.into()),
            None => Cell::Empty,
        },
    },
    Column {
        heading: |w| w.warnings,
        width: 7.0,
        cell: |_, r| {
            r.row
                .scored
                .as_ref()
                .map_or(Cell::Empty, |s| Cell::Number(s.warnings.into()))
        },
    },
    Column {
        heading: |w| w.error,
        width: 30.0,
        cell: |w, r| match (&r.row.scored, &r.row.error) {
            (None, Some(error)) => Cell::Text(error.clone()),
            (None, None) => Cell::Text(w.not_scored.into()),
            _ => Cell::Empty,
        },
    },
];

/// `--summary --format xlsx`: a workbook holding only the summary.
pub fn write(
    lang: Lang,
    summary: &Summary,
    placement: Placement,
    out: &mut dyn Write,
) -> io::Result<()> {
    if placement != Placement::Alone {
        // The sheet workbook takes the summary itself (`Renderer::summary`); a second workbook
        // appended to the first would be a corrupt file.
        return Err(io::Error::other(
            "an xlsx summary after the sheets belongs in the sheets' workbook",
        ));
    }
    let mut workbook = Workbook::new();
    let mut names = SheetNames::default();
    add_worksheets(&mut workbook, &mut names, lang, summary).map_err(io_error)?;
    out.write_all(&workbook.save_to_buffer().map_err(io_error)?)
}

/// Adds the summary's worksheet, and when files failed the worksheet listing them.
pub fn add_worksheets(
    workbook: &mut Workbook,
    names: &mut SheetNames,
    lang: Lang,
    summary: &Summary,
) -> Result<(), XlsxError> {
    let w = words(lang);
    let border = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let head = border
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_background_color("#F0F0F0");
    let text = border.clone().set_text_wrap();
    let number = border.clone().set_align(FormatAlign::Center);
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);

    let ws = workbook.add_worksheet();
    ws.set_name(names.name(w.heading))?;
    workbook::a4(ws);
    ws.set_landscape();
    let last_col = (COLUMNS.len() - 1) as u16;
    workbook::merge_text(ws, 0, 0, 0, last_col, &heading(lang, summary), &title)?;
    ws.set_row_height(0, 24)?;
    for (c, column) in COLUMNS.iter().enumerate() {
        let c = c as u16;
        ws.set_column_width(c, column.width)?;
        workbook::write_text(ws, 1, c, (column.heading)(w), &head)?;
    }
    ws.set_freeze_panes(2, 0)?;
    ws.set_repeat_rows(1, 1)?;
    let ranked = summary.ranked();
    for (n, r) in ranked.iter().enumerate() {
        let row = n as u32 + 2;
        let mut lines = 1;
        for (c, column) in COLUMNS.iter().enumerate() {
            let col = c as u16;
            match (column.cell)(w, r) {
                Cell::Number(value) => workbook::write_decimal(ws, row, col, value, &number)?,
                Cell::Text(value) => {
                    lines = lines.max(workbook::lines(&value, column.width));
                    workbook::write_text(ws, row, col, &value, &text)?;
                }
                Cell::Empty => {
                    ws.write_blank(row, col, &border)?;
                }
            }
        }
        ws.set_row_height(row, workbook::row_height(lines))?;
    }
    if !ranked.is_empty() {
        ws.autofilter(1, 0, ranked.len() as u32 + 1, last_col)?;
    }

    let failed: Vec<_> = ranked.iter().filter(|r| r.row.scored.is_none()).collect();
    if failed.is_empty() {
        return Ok(());
    }
    let ws = workbook.add_worksheet();
    ws.set_name(names.name(w.not_scored))?;
    workbook::a4(ws);
    let widths = [36.0, 80.0];
    for (c, (heading, width)) in [w.data, w.error].into_iter().zip(widths).enumerate() {
        ws.set_column_width(c as u16, width)?;
        workbook::write_text(ws, 0, c as u16, heading, &head)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_repeat_rows(0, 0)?;
    for (n, r) in failed.iter().enumerate() {
        let row = n as u32 + 1;
        let error = r.row.error.clone().unwrap_or_default();
        workbook::write_text(ws, row, 0, &r.row.data, &text)?;
        workbook::write_text(ws, row, 1, &error, &text)?;
        let lines = workbook::lines(&error, widths[1]).max(workbook::lines(&r.row.data, widths[0]));
        ws.set_row_height(row, workbook::row_height(lines))?;
    }
    Ok(())
}
