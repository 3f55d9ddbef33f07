//! The summary as CSV for Excel and WPS: a UTF-8 byte-order mark first (without it Excel on
//! Chinese Windows reads UTF-8 as GBK and shows garbage), a header row, one row per file in rank
//! order. Headers and yes/no follow `--lang`; numbers are plain decimals.

use std::io::{self, Write};

use super::{Placement, Summary, cells, words};
use crate::sheet::Lang;

pub fn write(
    lang: Lang,
    summary: &Summary,
    placement: Placement,
    out: &mut dyn Write,
) -> io::Result<()> {
    let w = words(lang);
    match placement {
        Placement::Alone => out.write_all(b"\xEF\xBB\xBF")?,
        // After the sheets' own CSV: a blank line, then the summary's header.
        Placement::AfterSheets { sheets } if sheets > 0 => out.write_all(b"\n")?,
        Placement::AfterSheets { .. } => {}
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut *out);
    let header = [
        w.rank, w.company, w.data, w.base, w.bonus, w.total, w.eligible, w.warnings, w.error,
    ];
    writer.write_record(header)?;
    for ranked in summary.ranked() {
        let mut row = cells(w, &ranked);
        if ranked.row.scored.is_none() {
            // Empty cells, not dashes, so that a spreadsheet's SUM and sort work.
            for cell in &mut row[3..8] {
                cell.clear();
            }
        }
        if ranked.rank.is_none() {
            row[0].clear();
        }
        if ranked.row.company.is_none() {
            row[1].clear();
        }
        if ranked
            .row
            .scored
            .as_ref()
            .is_some_and(|s| s.eligible.is_none())
        {
            row[6].clear();
        }
        // The same neutraliser as the sheet's CSV: no cell reaches Excel as a formula.
        writer.write_record(row.iter().map(|cell| crate::render::csv::text(cell)))?;
    }
    writer.flush()?;
    Ok(())
}
