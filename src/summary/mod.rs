//! The ranked summary of a batch, the county bureau's 申报企业汇总表: one small [`Row`] per data
//! file, kept while the sheets stream past, ranked and rendered once every file is done.
//!
//! Ranking: competition ranking by total (1, 2, 2, 4): equal totals share a rank and each is
//! marked 并列 in 备注 (`"tied": true` in JSON). Within a tie the rows are listed by base score,
//! highest first, then by the name as printed (the applicant's name, or the file's name when it
//! has none; byte order), then by the whole path as written, then by argument position, so the
//! order never depends on timing. A file that could not be scored has no rank (`null`) and is
//! listed after every scored file, in argument order, with its error.

mod cells;
mod contact;
mod csv;
mod duplicates;
mod fit;
mod html;
mod json;
mod markdown;
mod model;
mod paper;
mod ranking;
mod row;
mod table;
pub mod xlsx;

pub use xlsx::add_worksheets as add_xlsx_worksheets;

use std::io::{self, Write};

pub(crate) use cells::table_heading;
use cells::{Column, cell, columns, counts, header, heading, title, unread};
pub use duplicates::{DUPLICATES_SHOWN, is_invisible, name_key};
pub use model::{Summaries, Summary};
pub use ranking::{Ranked, Ranking};
use row::file_name;
pub use row::{Failure, Marks, Record, Row, Scores, is_incomplete, one_line};

pub use crate::render::Format;
use crate::sheet::Lang;

/// Where the summary goes in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `--summary`: the summary is all there is on stdout (CSV starts with a byte-order mark,
    /// HTML is a whole page, JSON a single object).
    Alone,
    /// After the per-file sheets, before the sheet renderer's `end` (so inside the JSON array,
    /// inside the HTML page). `sheets` is how many sheets were written before it.
    AfterSheets { sheets: usize },
}

/// Writes the summary in `format`.
pub fn write(
    format: Format,
    lang: Lang,
    summary: &Summary,
    placement: Placement,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_all(
        format,
        lang,
        None,
        std::slice::from_ref(summary),
        placement,
        out,
    )
}

/// Writes the summaries of a batch in `format`: one ranked table per rubric. JSON with one table
/// is `{"rubric", "summary"}` as before; with several, `{"summaries": [{"rubric", "summary"}, …]}`.
pub fn write_all(
    format: Format,
    lang: Lang,
    terminal: Option<u16>,
    summaries: &[Summary],
    placement: Placement,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => json::write(summaries, placement, false, out),
        Format::Jsonl => json::write(summaries, placement, true, out),
        Format::Html => html::write(lang, summaries, placement, out),
        Format::Xlsx => xlsx::write(lang, summaries, placement, out),
        Format::Csv => csv::write(lang, summaries, placement, out),
        Format::Table | Format::Markdown => {
            for (n, summary) in summaries.iter().enumerate() {
                let placement = match (n, placement) {
                    (0, p) => p,
                    (_, Placement::Alone) => Placement::AfterSheets { sheets: 0 },
                    (_, Placement::AfterSheets { sheets }) => Placement::AfterSheets { sheets },
                };
                if n > 0 {
                    out.write_all(b"\n")?;
                }
                match format {
                    Format::Table => table::write_fitted(lang, terminal, summary, placement, out)?,
                    _ => markdown::write(lang, summary, placement, out)?,
                }
            }
            Ok(())
        }
    }
}

/// Renders a summary to a string (tests).
pub fn to_string(format: Format, lang: Lang, summary: &Summary, placement: Placement) -> String {
    many_to_string(format, lang, std::slice::from_ref(summary), placement)
}

/// Renders summaries to a string (tests).
pub fn many_to_string(
    format: Format,
    lang: Lang,
    summaries: &[Summary],
    placement: Placement,
) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let written = write_all(format, lang, None, summaries, placement, &mut out);
    debug_assert!(written.is_ok());
    String::from_utf8_lossy(&out).into_owned()
}

score_core::words! {
    /// Headings and words of the human formats (table, CSV, Markdown, HTML).
    struct SummaryWords {
        heading = "申报企业汇总表", "Summary of applicants";
        number = "序号", "No.";
        rank = "排名", "Rank";
        company = "申报单位", "Applicant";
        data = "数据文件", "Data file";
        base = "基本得分", "Base";
        bonus = "加分", "Bonus";
        total = "总分", "Total";
        eligible = "符合申报条件", "Eligible";
        warnings = "警告数", "Warnings";
        remarks = "备注", "Remarks";
        error = "错误", "Error";
        yes = "是", "yes";
        no = "否", "no";
        not_scored = "未能评分", "not scored";
        duplicate = "重复", "duplicate";
        incomplete = "数据不完整", "incomplete data";
        tied = "并列", "tied";
        no_company = "未填写申报单位名称", "applicant's name not filled in";
    }
}

fn words(lang: Lang) -> &'static SummaryWords {
    SummaryWords::of(lang)
}

#[cfg(test)]
mod testing;
