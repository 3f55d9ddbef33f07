//! The summary as a Markdown (GitHub) table under a `##` heading.

use std::io::{self, Write};

use super::{Placement, Summary, cell, columns, counts, header, heading, unread};
use crate::render::markdown::escape;
use crate::sheet::Lang;

pub fn write(
    lang: Lang,
    summary: &Summary,
    placement: Placement,
    out: &mut dyn Write,
) -> io::Result<()> {
    if let Placement::AfterSheets { sheets } = placement
        && sheets > 0
    {
        writeln!(out)?;
    }
    writeln!(out, "## {}\n", escape(&heading(lang, summary)))?;
    let columns = columns(summary, summary.failed() > 0);
    let headers: Vec<String> = columns
        .iter()
        .map(|&c| escape(&header(lang, summary, c)))
        .collect();
    let align: Vec<&str> = columns
        .iter()
        .map(|c| if c.numeric() { "---:" } else { ":---" })
        .collect();
    writeln!(out, "| {} |", headers.join(" | "))?;
    writeln!(out, "|{}|", align.join("|"))?;
    for (n, ranked) in summary.ranked().iter().enumerate() {
        let cells: Vec<String> = columns
            .iter()
            .map(|&c| escape(&cell(lang, summary, n + 1, &ranked, c).unwrap_or_else(|| "—".into())))
            .collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    writeln!(out, "\n{}", escape(&counts(lang, summary)))?;
    if let Some(unread) = unread(lang, summary) {
        writeln!(out, "\n{}", escape(&unread))?;
    }
    Ok(())
}
