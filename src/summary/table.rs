//! The summary as a terminal table in the sheet's box style (comfy-table's UTF8_FULL_CONDENSED),
//! with a count line under it.
//!
//! Written row by row from the ranked rows rather than through comfy-table, which would hold
//! every cell of every row at once (some 30 MiB for 10,000 files): here the only extra memory
//! is the column widths.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{Placement, Ranked, Summary, Words, cells, counts, heading, words};
use crate::render::width;
use crate::sheet::Lang;

/// Columns whose cells are right-aligned: rank, base, bonus, total, warnings.
const RIGHT: [usize; 5] = [0, 3, 4, 5, 7];

pub fn write(
    lang: Lang,
    summary: &Summary,
    placement: Placement,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_fitted(lang, None, summary, placement, out)
}

/// [`write`] for a terminal `width`: when the table is wider, it is laid out by
/// [`width::table`] instead (which holds every cell at once: fine for what a terminal shows).
pub fn write_fitted(
    lang: Lang,
    columns: Option<u16>,
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
    writeln!(out, "{}", width::wrap(&heading(lang, summary), columns))?;
    // The error column only when some file failed.
    let columns_shown = if summary.failed() > 0 { 9 } else { 8 };
    let header = header(w);
    let ranked = summary.ranked();
    let mut widths: Vec<usize> = header[..columns_shown].iter().map(|h| h.width()).collect();
    for r in &ranked {
        for (width, cell) in widths.iter_mut().zip(cells(w, r).iter()) {
            *width = (*width).max(cell.width());
        }
    }

    let natural = widths.iter().map(|w| w + 3).sum::<usize>() + 1;
    if let Some(columns) = columns
        && (natural > usize::from(columns) || width::is_narrow(Some(columns)))
    {
        let mut table = comfy_table::Table::new();
        table
            .load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(comfy_table::ContentArrangement::Disabled)
            .force_no_tty()
            .set_header(header[..columns_shown].to_vec());
        for r in &ranked {
            table.add_row(cells(w, r)[..columns_shown].to_vec());
        }
        for column in RIGHT {
            if let Some(c) = table.column_mut(column) {
                c.set_cell_alignment(comfy_table::CellAlignment::Right);
            }
        }
        writeln!(out, "{}", width::table(table, Some(columns), &RIGHT))?;
        return writeln!(
            out,
            "{}",
            width::wrap(&counts(lang, summary), Some(columns))
        );
    }
    rule(out, &widths, ('┌', '─', '┬', '┐'))?;
    line(out, &widths, header.iter().copied())?;
    rule(out, &widths, ('╞', '═', '╪', '╡'))?;
    for r in &ranked {
        row(out, &widths, w, r)?;
    }
    rule(out, &widths, ('└', '─', '┴', '┘'))?;
    writeln!(out, "{}", counts(lang, summary))
}

fn header(w: &Words) -> [&str; 9] {
    [
        w.rank, w.company, w.data, w.base, w.bonus, w.total, w.eligible, w.warnings, w.error,
    ]
}

fn row(out: &mut dyn Write, widths: &[usize], w: &Words, r: &Ranked<'_>) -> io::Result<()> {
    let cells = cells(w, r);
    line(out, widths, cells.iter().map(String::as_str))
}

/// `│ a ┆ b │`, each cell padded to its column's width.
fn line<'a>(
    out: &mut dyn Write,
    widths: &[usize],
    cells: impl Iterator<Item = &'a str>,
) -> io::Result<()> {
    for (i, (cell, width)) in cells.zip(widths).enumerate() {
        out.write_all(if i == 0 { "│ " } else { " ┆ " }.as_bytes())?;
        let pad = " ".repeat(width.saturating_sub(cell.width()));
        if RIGHT.contains(&i) {
            write!(out, "{pad}{cell}")?;
        } else {
            write!(out, "{cell}{pad}")?;
        }
    }
    out.write_all(" │\n".as_bytes())
}

/// A horizontal rule: left corner, fill, crossing, right corner.
fn rule(
    out: &mut dyn Write,
    widths: &[usize],
    (left, fill, cross, right): (char, char, char, char),
) -> io::Result<()> {
    let mut text = String::new();
    text.push(left);
    for (i, width) in widths.iter().enumerate() {
        if i > 0 {
            text.push(cross);
        }
        text.extend(std::iter::repeat_n(fill, width + 2));
    }
    text.push(right);
    writeln!(out, "{text}")
}
