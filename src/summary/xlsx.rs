//! The summary as a workbook, the 申报企业汇总表 a bureau sends on: one worksheet per table (附件1–4
//! in the notice's order), each an official list as printed: the notice's title for the table
//! and the table's name under it, the issuer (`--issuer`), one row per file in rank order, the
//! count line, and the 报送单位（盖章）and 日期 lines; A4 landscape as wide as one page, the
//! header row repeated on every page, 第 N 页 共 M 页 in the footer. Scores and key figures are
//! numbers (a spreadsheet sorts and sums them; a figure's unit is in its heading). The data
//! file, the warning count and the error stand right of the printed columns, outside the print
//! area: the clerk's, not the province's. Files that could not be scored keep their place at the
//! bottom and are listed again, with their error, on a worksheet of their own. Tabs are named
//! `附件1 企业技术中心`, whole within Excel's 31 characters.
//!
//! The columns are the summary's own (`columns` in [`super`]): every format shows the same ones.

use std::io::{self, Write};

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{Column, Placement, Ranked, Summary, cell, columns, counts, header, paper, words};
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
        Column::Company => 30.0,
        Column::Data => 24.0,
        Column::Figure(_) => 16.0,
        Column::Base | Column::Total => 8.0,
        Column::Bonus | Column::Warnings => 7.0,
        Column::Eligible => 13.0,
        Column::Remarks => 16.0,
        Column::Contact(crate::data::contact::Field::CreditCode) => 21.0,
        Column::Contact(_) => 13.0,
        Column::Error => 40.0,
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

/// The cell formats of the list.
struct Formats {
    border: Format,
    head: Format,
    text: Format,
    number: Format,
    title: Format,
    sub: Format,
    plain: Format,
}

impl Formats {
    fn new() -> Formats {
        let border = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let head = workbook::heading_cell();
        let text = border.clone().set_text_wrap();
        let number = border.clone().set_align(FormatAlign::Center);
        let title = Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let sub = Format::new()
            .set_font_size(12)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let plain = Format::new()
            .set_font_size(11)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            border,
            head,
            text,
            number,
            title,
            sub,
            plain,
        }
    }
}

/// The worksheet's columns: those printed (the list the province reads), then the clerk's (the
/// data file, the warning count, the error), outside the print area.
fn sheet_columns(summary: &Summary) -> (Vec<Column>, usize) {
    let all = columns(summary, summary.failed() > 0);
    let clerks = |c: &Column| matches!(c, Column::Data | Column::Warnings | Column::Error);
    let mut ordered: Vec<Column> = all.iter().copied().filter(|c| !clerks(c)).collect();
    let printed = ordered.len();
    ordered.extend(all.iter().copied().filter(clerks));
    (ordered, printed)
}

/// The tab's name: `附件1 企业技术中心`; a table of no built-in 附件 by its notice title.
fn tab_name(lang: Lang, summary: &Summary) -> String {
    match paper::annex(&summary.rubric) {
        Some(_) => paper::short_name(lang, summary),
        None => super::table_heading(lang, summary).to_string(),
    }
}

/// Adds one table's worksheet, and when files failed the worksheet listing them.
pub fn add_worksheets(
    workbook: &mut Workbook,
    names: &mut SheetNames,
    lang: Lang,
    summary: &Summary,
    several: bool,
) -> Result<(), XlsxError> {
    let f = Formats::new();
    let (columns, printed) = sheet_columns(summary);
    let ws = workbook.add_worksheet();
    ws.set_name(names.name(&tab_name(lang, summary)))?;
    page_setup(ws, lang);
    let last = u16::try_from(printed.max(1) - 1).unwrap_or(u16::MAX);
    let head_row = title_rows(ws, lang, summary, last, &f)?;
    head(ws, lang, summary, &columns, head_row, &f)?;
    let ranked = summary.ranked();
    let mut row = head_row + 1;
    for (n, r) in ranked.iter().enumerate() {
        body_row(ws, lang, summary, &columns, n + 1, &r, row, &f)?;
        row += 1;
    }
    let last_row = row.saturating_sub(1);
    if !ranked.is_empty() {
        let last_col = u16::try_from(columns.len() - 1).unwrap_or(u16::MAX);
        ws.autofilter(head_row, 0, last_row, last_col)?;
    }
    let end = seal_rows(ws, lang, summary, row + 1, last, &f)?;
    ws.set_print_area(0, 0, end, last)?;
    let failed: Vec<Ranked<'_>> = ranked.iter().filter(|r| !r.row.is_scored()).collect();
    if !failed.is_empty() {
        failed_sheet(workbook, names, lang, summary, several, &failed, &f)?;
    }
    Ok(())
}

/// A4 landscape, one page wide, centred, 第 N 页 共 M 页 at the foot.
fn page_setup(ws: &mut Worksheet, lang: Lang) {
    workbook::a4(ws);
    ws.set_landscape();
    ws.set_margins(0.4, 0.4, 0.6, 0.7, 0.3, 0.3);
    ws.set_footer(match lang {
        Lang::Zh => "&C第 &P 页 共 &N 页",
        Lang::En => "&CPage &P of &N",
    });
}

/// The notice's title for the table, its name and year under it, and the issuer; the row the
/// table's header goes in.
fn title_rows(
    ws: &mut Worksheet,
    lang: Lang,
    summary: &Summary,
    last: u16,
    f: &Formats,
) -> Result<u32, XlsxError> {
    workbook::merge_text(
        ws,
        0,
        0,
        0,
        last,
        super::table_heading(lang, summary),
        &f.title,
    )?;
    ws.set_row_height(0, 30)?;
    let mut sub = lang.pick(&summary.title, &summary.title_en).to_string();
    if let Some(year) = summary.year {
        sub.push_str(&match lang {
            Lang::Zh => format!(" · {year}年"),
            Lang::En => format!(" · {year}"),
        });
    }
    workbook::merge_text(ws, 1, 0, 1, last, &sub, &f.sub)?;
    ws.set_row_height(1, 22)?;
    let Some(issuer) = summary.issuer.as_deref() else {
        return Ok(2);
    };
    workbook::merge_text(
        ws,
        2,
        0,
        2,
        last,
        &paper::issuer_line(lang, issuer),
        &f.plain,
    )?;
    ws.set_row_height(2, 20)?;
    Ok(3)
}

/// The header row, tall enough for its longest wrapped heading (LibreOffice prints a row at its
/// set height: a heading taller than its row would spill over the title), frozen and repeated
/// on every printed page. A key figure's heading carries its unit.
fn head(
    ws: &mut Worksheet,
    lang: Lang,
    summary: &Summary,
    columns: &[Column],
    row: u32,
    f: &Formats,
) -> Result<(), XlsxError> {
    let mut lines = 1;
    for (c, &column) in (0u16..).zip(columns) {
        ws.set_column_width(c, width(column))?;
        let text = match column {
            Column::Figure(g) => paper::figure_heading(lang, summary, g),
            _ => header(lang, summary, column),
        };
        lines = lines.max(workbook::lines(&text, width(column)));
        workbook::write_text(ws, row, c, &text, &f.head)?;
    }
    // A line to spare: a bold heading in LibreOffice's CJK font runs wider than the estimate.
    ws.set_row_height(row, workbook::row_height(lines + 1))?;
    ws.set_freeze_panes(row + 1, 0)?;
    ws.set_repeat_rows(row, row)?;
    Ok(())
}

/// One file's row: scores, counts and key figures as numbers, text wrapped in its column.
#[allow(clippy::too_many_arguments)]
fn body_row(
    ws: &mut Worksheet,
    lang: Lang,
    summary: &Summary,
    columns: &[Column],
    number: usize,
    ranked: &Ranked<'_>,
    row: u32,
    f: &Formats,
) -> Result<(), XlsxError> {
    let mut lines = 1;
    for (col, &column) in (0u16..).zip(columns) {
        let value = match column {
            Column::Figure(g) => paper::figure_number(summary, ranked, g),
            _ => cell(lang, summary, number, ranked, column),
        };
        let decimal = value
            .as_deref()
            .filter(|_| column.numeric())
            .and_then(|v| v.parse::<Decimal>().ok());
        match (value, decimal) {
            (_, Some(d)) => workbook::write_decimal(ws, row, col, d, &f.number)?,
            (Some(v), None) => {
                lines = lines.max(workbook::lines(&v, width(column)));
                let format = if column == Column::Eligible {
                    &f.number
                } else {
                    &f.text
                };
                workbook::write_text(ws, row, col, &v, format)?;
            }
            (None, None) => {
                ws.write_blank(row, col, &f.border)?;
            }
        }
    }
    ws.set_row_height(row, workbook::row_height(lines))?;
    Ok(())
}

/// The count line, then 报送单位（盖章）and 日期 on one row under the table; the last row used.
fn seal_rows(
    ws: &mut Worksheet,
    lang: Lang,
    summary: &Summary,
    row: u32,
    last: u16,
    f: &Formats,
) -> Result<u32, XlsxError> {
    workbook::merge_text(ws, row, 0, row, last, &counts(lang, summary), &f.plain)?;
    let seal_row = row + 2;
    let (seal, date) = paper::seal_lines(lang);
    let seal = format!("{seal}{}", summary.issuer.as_deref().unwrap_or_default());
    let middle = last / 2;
    workbook::merge_text(ws, seal_row, 0, seal_row, middle, &seal, &f.plain)?;
    let date_from = (middle + 1).min(last);
    workbook::merge_text(ws, seal_row, date_from, seal_row, last, date, &f.plain)?;
    ws.set_row_height(seal_row, 24)?;
    Ok(seal_row)
}

/// The worksheet of files that could not be scored: each file and its error.
fn failed_sheet(
    workbook: &mut Workbook,
    names: &mut SheetNames,
    lang: Lang,
    summary: &Summary,
    several: bool,
    failed: &[Ranked<'_>],
    f: &Formats,
) -> Result<(), XlsxError> {
    let w = words(lang);
    let ws = workbook.add_worksheet();
    let name = match paper::annex(&summary.rubric) {
        Some(annex) if several => format!("{} {annex}", w.not_scored),
        _ if several && !summary.rubric.is_empty() => {
            format!("{} {}", w.not_scored, summary.rubric)
        }
        _ => w.not_scored.to_string(),
    };
    ws.set_name(names.name(&name))?;
    workbook::a4(ws);
    let widths = [36.0, 80.0];
    for (c, (heading, width)) in (0u16..).zip([w.data, w.error].into_iter().zip(widths)) {
        ws.set_column_width(c, width)?;
        workbook::write_text(ws, 0, c, heading, &f.head)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_repeat_rows(0, 0)?;
    for (row, r) in (1u32..).zip(failed) {
        let error = r.row.error().unwrap_or_default();
        workbook::write_text(ws, row, 0, r.row.data(), &f.text)?;
        workbook::write_text(ws, row, 1, error, &f.text)?;
        let lines = workbook::lines(error, widths[1]).max(workbook::lines(r.row.data(), widths[0]));
        ws.set_row_height(row, workbook::row_height(lines))?;
    }
    Ok(())
}
