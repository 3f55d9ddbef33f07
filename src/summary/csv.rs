//! The summary as CSV for Excel and WPS: a UTF-8 byte-order mark first (without it Excel on
//! Chinese Windows reads UTF-8 as GBK and shows garbage), the issuer's line when `--issuer` is
//! given, a header row, one row per file in rank order. Headers and yes/no follow `--lang`;
//! scores and key figures are plain numbers, a key figure's unit in its heading
//! (`年度研究与试验发展经费支出额（万元）`), and a cell with no value is empty, so that a
//! spreadsheet's SUM and sort work. A batch of several tables is ONE table with a 评分表 column
//! (`附件1 企业技术中心`): each table's key figures have their own columns (one column for a
//! figure two tables share), its rows ranked within their table, the 序号 running on. Every
//! cell goes through the sheet CSV's formula neutraliser ([`crate::render::csv::text`]): a
//! company named `=HYPERLINK(…)` stays text.

use std::io::{self, Write};

use super::{Column, Placement, Ranked, Summary, cell, columns, header, paper};
use crate::render::csv::text;
use crate::sheet::Lang;

/// A column of the CSV table.
#[derive(Debug, Clone, PartialEq)]
enum Slot {
    /// The table the row was scored with (several tables only).
    Table,
    /// One of the summary's own columns, the same in every table.
    Own(Column),
    /// A key figure, by its heading (title and unit).
    Figure(String),
}

pub fn write(
    lang: Lang,
    summaries: &[Summary],
    placement: Placement,
    out: &mut dyn Write,
) -> io::Result<()> {
    match placement {
        Placement::Alone => out.write_all(b"\xEF\xBB\xBF")?,
        // After the sheets' own CSV: a blank line, then the summary's header.
        Placement::AfterSheets { sheets } if sheets > 0 => out.write_all(b"\n")?,
        Placement::AfterSheets { .. } => {}
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(&mut *out);
    if let Some(issuer) = summaries.iter().find_map(|s| s.issuer.as_deref()) {
        writer.write_record([text(&paper::issuer_line(lang, issuer))])?;
    }
    let slots = slots(lang, summaries);
    let headers: Vec<String> = slots
        .iter()
        .map(|slot| match slot {
            Slot::Table => text(lang.pick("评分表", "Table")),
            Slot::Own(c) => text(&header(lang, &summaries[0], *c)),
            Slot::Figure(heading) => text(heading),
        })
        .collect();
    writer.write_record(&headers)?;
    let mut number = 0;
    for summary in summaries {
        let figures: Vec<String> = (0..summary.figures.len())
            .map(|g| paper::figure_heading(lang, summary, g))
            .collect();
        for ranked in summary.ranked().iter() {
            number += 1;
            let row: Vec<String> = slots
                .iter()
                .map(|slot| text(&value(lang, summary, &figures, number, &ranked, slot)))
                .collect();
            writer.write_record(&row)?;
        }
    }
    writer.flush()?;
    Ok(())
}

/// A row's cell in a slot; empty where the row's table has no such column.
fn value(
    lang: Lang,
    summary: &Summary,
    figures: &[String],
    number: usize,
    ranked: &Ranked<'_>,
    slot: &Slot,
) -> String {
    match slot {
        Slot::Table => paper::short_name(lang, summary),
        Slot::Own(c) => cell(lang, summary, number, ranked, *c).unwrap_or_default(),
        Slot::Figure(heading) => figures
            .iter()
            .position(|f| f == heading)
            .and_then(|g| paper::figure_number(summary, ranked, g))
            .unwrap_or_default(),
    }
}

/// The table's columns: the summary's own, each once, in their order; the key figures of every
/// table where the figures stand; the 评分表 column before the applicant when there are several
/// tables.
fn slots(lang: Lang, summaries: &[Summary]) -> Vec<Slot> {
    let mut own: Vec<Column> = Vec::new();
    for summary in summaries {
        for column in columns(summary, true) {
            if !matches!(column, Column::Figure(_)) && !own.contains(&column) {
                own.push(column);
            }
        }
    }
    own.sort_by_key(|c| order(*c));
    let mut figures: Vec<String> = Vec::new();
    for summary in summaries {
        for g in 0..summary.figures.len() {
            let heading = paper::figure_heading(lang, summary, g);
            if !figures.contains(&heading) {
                figures.push(heading);
            }
        }
    }
    let several = summaries.len() > 1;
    let mut slots = Vec::new();
    for column in own {
        if several && column == Column::Company {
            slots.push(Slot::Table);
        }
        if column == Column::Base {
            slots.extend(figures.drain(..).map(Slot::Figure));
        }
        slots.push(Slot::Own(column));
    }
    slots
}

/// A column's place among the summary's own, as [`columns`] orders them.
fn order(column: Column) -> u8 {
    use crate::data::contact::Field;
    match column {
        Column::Number => 0,
        Column::Rank => 1,
        Column::Company => 2,
        Column::Contact(Field::CreditCode) => 3,
        Column::Data => 4,
        Column::Figure(_) => 5,
        Column::Base => 6,
        Column::Bonus => 7,
        Column::Total => 8,
        Column::Eligible => 9,
        Column::Warnings => 10,
        Column::Contact(Field::Person) => 11,
        Column::Contact(Field::Phone) => 12,
        Column::Remarks => 13,
        Column::Error => 14,
    }
}
