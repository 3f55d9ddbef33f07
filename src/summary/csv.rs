//! The summary as CSV for Excel and WPS: a UTF-8 byte-order mark first (without it Excel on
//! Chinese Windows reads UTF-8 as GBK and shows garbage), a header row, one row per file in rank
//! order. Headers and yes/no follow `--lang`; numbers are plain decimals; a cell with no value is
//! empty, so that a spreadsheet's SUM and sort work. Every cell goes through the sheet CSV's
//! formula neutraliser ([`crate::render::csv::text`]): a company named `=HYPERLINK(…)` stays text.

use std::io::{self, Write};

use super::{Placement, Summary, cell, columns, header};
use crate::render::csv::text;
use crate::sheet::Lang;

pub fn write(
    lang: Lang,
    summary: &Summary,
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
        .from_writer(&mut *out);
    let columns = columns(summary, true);
    let headers: Vec<String> = columns
        .iter()
        .map(|&c| text(&header(lang, summary, c)))
        .collect();
    writer.write_record(&headers)?;
    for (n, ranked) in summary.ranked().iter().enumerate() {
        let row: Vec<String> = columns
            .iter()
            .map(|&c| text(&cell(lang, summary, n + 1, &ranked, c).unwrap_or_default()))
            .collect();
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}
