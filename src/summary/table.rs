//! The summary as a terminal table in the sheet's box style (comfy-table's UTF8_FULL_CONDENSED),
//! with a count line under it.
//!
//! Written row by row from the ranked rows rather than through comfy-table, which would hold
//! every cell of every row at once (some 30 MiB for 10,000 files): here the only extra memory
//! is the column widths.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::fit::rule;
use super::{Column, Placement, Summary, cell, columns, counts, header, heading, unread};
use crate::render::width;
use crate::sheet::Lang;

/// The summary table, fitted to a terminal `terminal` columns wide: when the table is wider, it is laid out by
/// [`width::table`] instead (which holds every cell at once: fine for what a terminal shows).
pub fn write_fitted(
    lang: Lang,
    terminal: Option<u16>,
    summary: &Summary,
    placement: Placement,
    out: &mut dyn Write,
) -> io::Result<()> {
    if let Placement::AfterSheets { sheets } = placement
        && sheets > 0
    {
        writeln!(out)?;
    }
    write_heading(lang, summary, terminal, out)?;
    // The error column only when some file failed.
    let columns = columns(summary, summary.failed() > 0);
    let headers: Vec<String> = columns.iter().map(|&c| header(lang, summary, c)).collect();
    let ranked = summary.ranked();
    // A name's invisible characters are shown (`\u{200b}`): two rows that look alike differ.
    let text = |n: usize, c: Column| {
        let text = ranked
            .get(n)
            .and_then(|r| cell(lang, summary, n + 1, &r, c))
            .unwrap_or_else(|| "—".to_string());
        match crate::diag::on_screen(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(shown) => shown,
        }
    };
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for n in 0..ranked.len() {
        for (width, &column) in widths.iter_mut().zip(&columns) {
            *width = (*width).max(text(n, column).width());
        }
    }

    let natural = widths.iter().map(|w| w + 3).sum::<usize>() + 1;
    if let Some(terminal) = terminal
        && (natural > usize::from(terminal) || width::is_narrow(Some(terminal)))
    {
        let cols: Vec<super::fit::Col> = columns
            .iter()
            .zip(&headers)
            .map(|(&column, header)| super::fit::Col {
                column,
                header: header.clone(),
                cells: (0..ranked.len()).map(|n| text(n, column)).collect(),
            })
            .collect();
        let fitted =
            !width::is_narrow(Some(terminal)) && super::fit::write(lang, cols, terminal, out)?;
        if !fitted {
            let rows: Vec<Vec<String>> = (0..ranked.len())
                .map(|n| columns.iter().map(|&c| text(n, c)).collect())
                .collect();
            writeln!(out, "{}", width::list_of(&headers, &rows, terminal))?;
        }
        return write_counts(lang, summary, Some(terminal), out);
    }
    rule(out, &widths, ('┌', '─', '┬', '┐'))?;
    line(out, &widths, &columns, &headers)?;
    rule(out, &widths, ('╞', '═', '╪', '╡'))?;
    for n in 0..ranked.len() {
        let cells: Vec<String> = columns.iter().map(|&c| text(n, c)).collect();
        line(out, &widths, &columns, &cells)?;
    }
    rule(out, &widths, ('└', '─', '┴', '┘'))?;
    write_counts(lang, summary, None, out)
}

/// The summary's heading, and the issuer's line when there is one, wrapped to `terminal`.
fn write_heading(
    lang: Lang,
    summary: &Summary,
    terminal: Option<u16>,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "{}", width::wrap(&heading(lang, summary), terminal))?;
    if let Some(issuer) = summary.issuer.as_deref() {
        let line = super::paper::issuer_line(lang, issuer);
        writeln!(out, "{}", width::wrap(&line, terminal))?;
    }
    Ok(())
}

/// The count line under the table, and the line of files not read when there are some: wrapped
/// to `terminal` under the narrow layouts, as they are under the boxed table (`None`).
fn write_counts(
    lang: Lang,
    summary: &Summary,
    terminal: Option<u16>,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "{}", width::wrap(&counts(lang, summary), terminal))?;
    if let Some(unread) = unread(lang, summary) {
        writeln!(out, "{}", width::wrap(&unread, terminal))?;
    }
    Ok(())
}

/// `│ a ┆ b │`, each cell padded to its column's width.
fn line(
    out: &mut dyn Write,
    widths: &[usize],
    columns: &[Column],
    cells: &[String],
) -> io::Result<()> {
    for (i, ((cell, width), column)) in cells.iter().zip(widths).zip(columns).enumerate() {
        out.write_all(if i == 0 { "│ " } else { " ┆ " }.as_bytes())?;
        let pad = " ".repeat(width.saturating_sub(cell.width()));
        if column.numeric() {
            write!(out, "{pad}{cell}")?;
        } else {
            write!(out, "{cell}{pad}")?;
        }
    }
    out.write_all(" │\n".as_bytes())
}
