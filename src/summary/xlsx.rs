//! The summary as a workbook, the 申报企业汇总表 a bureau sends on: one worksheet per table (附件1–4
//! in the notice's order), one row per file in rank order, scores as numbers (a spreadsheet sorts
//! and sums them), the header frozen and repeated on each printed A4 page. Files that could not
//! be scored keep their place at the bottom and are listed again, with their error, on a
//! worksheet of their own.
//!
//! The columns are the summary's own ([`super::columns`]): every format shows the same ones.

use std::io::{self, Write};

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::{Column, Placement, Summary, cell, columns, header, heading, words};
use crate::render::workbook::{self, SheetNames, io_error};
use crate::sheet::Lang;

/// `--summary --format xlsx`: a workbook holding only the summaries.
pub fn write(
    lang: Lang,
    summaries: &[Summary],
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
    let several = summaries.len() > 1;
    for summary in summaries {
        add_worksheets(&mut workbook, &mut names, lang, summary, several).map_err(io_error)?;
    }
    out.write_all(&workbook.save_to_buffer().map_err(io_error)?)
}

/// A column's width in characters.
fn width(column: Column) -> f64 {
    match column {
        Column::Number | Column::Rank => 6.0,
        Column::Company => 28.0,
        Column::Data => 24.0,
        Column::Figure(_) => 14.0,
        Column::Base | Column::Total => 8.0,
        Column::Bonus | Column::Warnings => 7.0,
        Column::Eligible => 10.0,
        Column::Remarks => 14.0,
        Column::Error => 30.0,
    }
}

/// Adds every table's summary to a workbook that holds sheets already (`--format xlsx` of a
/// batch).
pub fn add_to(sink: crate::render::workbook::Sink<'_>, summaries: &[Summary]) -> io::Result<()> {
    for summary in summaries {
        add_worksheets(
            sink.workbook,
            sink.names,
            sink.lang,
            summary,
            summaries.len() > 1,
        )
        .map_err(io_error)?;
    }
    Ok(())
}

/// Adds one table's worksheet, and when files failed the worksheet listing them. With `several`
/// tables in one workbook, each worksheet's name carries its table's id.
/// The 附件 of the notice a built-in table is.
fn annex(rubric: &str) -> Option<&'static str> {
    match rubric {
        "enterprise-center" => Some("附件1"),
        "industry-center" => Some("附件2"),
        "demonstration-enterprise" => Some("附件3"),
        "alliance" => Some("附件4"),
        _ => None,
    }
}

pub fn add_worksheets(
    workbook: &mut Workbook,
    names: &mut SheetNames,
    lang: Lang,
    summary: &Summary,
    several: bool,
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

    let columns = columns(summary, summary.failed() > 0);
    let ws = workbook.add_worksheet();
    // The notice's title for the table; with several tables, its 附件 number first (a tab
    // holds 31 characters: `附件2 行业技术中心申报名单汇总表` is 17).
    let tab = super::table_heading(lang, summary);
    let name = match annex(&summary.rubric) {
        Some(annex) if several => format!("{annex} {tab}"),
        _ if several && !summary.rubric.is_empty() => format!("{tab} {}", summary.rubric),
        _ => tab.to_string(),
    };
    ws.set_name(names.name(&name))?;
    workbook::a4(ws);
    ws.set_landscape();
    let last_col = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    workbook::merge_text(ws, 0, 0, 0, last_col, &heading(lang, summary), &title)?;
    ws.set_row_height(0, 24)?;
    for (c, &column) in (0u16..).zip(&columns) {
        ws.set_column_width(c, width(column))?;
        workbook::write_text(ws, 1, c, &header(lang, summary, column), &head)?;
    }
    ws.set_freeze_panes(2, 0)?;
    ws.set_repeat_rows(1, 1)?;
    let ranked = summary.ranked();
    for (n, r) in ranked.iter().enumerate() {
        let row = u32::try_from(n).unwrap_or(u32::MAX).saturating_add(2);
        let mut lines = 1;
        for (col, &column) in (0u16..).zip(&columns) {
            let value = cell(lang, summary, n + 1, &r, column);
            // Scores and counts are numbers a spreadsheet can sum; a gate's figure keeps its unit.
            let decimal = value
                .as_deref()
                .filter(|_| column.numeric() && !matches!(column, Column::Figure(_)))
                .and_then(|v| v.parse::<Decimal>().ok());
            match (value, decimal) {
                (_, Some(d)) => workbook::write_decimal(ws, row, col, d, &number)?,
                (Some(v), None) => {
                    lines = lines.max(workbook::lines(&v, width(column)));
                    workbook::write_text(ws, row, col, &v, &text)?;
                }
                (None, None) => {
                    ws.write_blank(row, col, &border)?;
                }
            }
        }
        ws.set_row_height(row, workbook::row_height(lines))?;
    }
    if !ranked.is_empty() {
        let last_row = u32::try_from(ranked.len())
            .unwrap_or(u32::MAX)
            .saturating_add(1);
        ws.autofilter(1, 0, last_row, last_col)?;
    }

    let failed: Vec<_> = ranked.iter().filter(|r| !r.row.is_scored()).collect();
    if failed.is_empty() {
        return Ok(());
    }
    let ws = workbook.add_worksheet();
    let name = if !several || summary.rubric.is_empty() {
        w.not_scored.to_string()
    } else {
        format!("{} {}", w.not_scored, summary.rubric)
    };
    ws.set_name(names.name(&name))?;
    workbook::a4(ws);
    let widths = [36.0, 80.0];
    for (c, (heading, width)) in (0u16..).zip([w.data, w.error].into_iter().zip(widths)) {
        ws.set_column_width(c, width)?;
        workbook::write_text(ws, 0, c, heading, &head)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_repeat_rows(0, 0)?;
    for (row, r) in (1u32..).zip(&failed) {
        let error = r.row.error().unwrap_or_default();
        workbook::write_text(ws, row, 0, r.row.data(), &text)?;
        workbook::write_text(ws, row, 1, error, &text)?;
        let lines = workbook::lines(error, widths[1]).max(workbook::lines(r.row.data(), widths[0]));
        ws.set_row_height(row, workbook::row_height(lines))?;
    }
    Ok(())
}
