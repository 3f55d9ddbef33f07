//! The summary as a Markdown (GitHub) table under a `##` heading.

use std::io::{self, Write};

use super::{Placement, Summary, cells, counts, heading, words};
use crate::render::markdown::escape;
use crate::sheet::Lang;

pub fn write(
    lang: Lang,
    summary: &Summary,
    placement: Placement,
    out: &mut dyn Write,
) -> io::Result<()> {
    let w = words(lang);
    if let Placement::AfterSheets { sheets } = placement
        && sheets > 0
    {
        writeln!(out)?;
    }
    writeln!(out, "## {}\n", escape(&heading(lang, summary)))?;
    let with_errors = summary.failed() > 0;
    let mut header = vec![
        w.rank, w.company, w.data, w.base, w.bonus, w.total, w.eligible, w.warnings,
    ];
    let mut align = vec![
        "---:", ":---", ":---", "---:", "---:", "---:", ":---:", "---:",
    ];
    if with_errors {
        header.push(w.error);
        align.push(":---");
    }
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "|{}|", align.join("|"))?;
    for ranked in summary.ranked() {
        let row = cells(w, &ranked);
        let shown = if with_errors { &row[..] } else { &row[..8] };
        let escaped: Vec<String> = shown.iter().map(|c| escape(c)).collect();
        writeln!(out, "| {} |", escaped.join(" | "))?;
    }
    writeln!(out, "\n{}", escape(&counts(lang, summary)))
}
