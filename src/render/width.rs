//! Fitting terminal output to the terminal's width.
//!
//! The width is decided once per run ([`detect`]) and carried in [`super::Settings::width`]:
//! `None` (a pipe, a file, a test) keeps every table exactly as it always was, so scripts and
//! snapshots see the same bytes. On a terminal a table that is too wide has its text columns
//! wrapped (numbers never are); under [`LIST_BELOW`] columns, or when even that cannot fit, each
//! row is written as a short list of `heading: value` lines instead.

use std::io::{self, IsTerminal, Write};

use comfy_table::{ColumnConstraint, ContentArrangement};

use super::layout::{self, width as display_width};

/// Narrower than this, tables become lists: a table squeezed into 40 columns is unreadable.
pub const LIST_BELOW: u16 = 60;

/// The terminal's width when standard output is a terminal: `COLUMNS` when it holds a positive
/// number (as `ls` and clap read it), else the size the terminal reports. `None` when piped.
pub fn detect() -> Option<u16> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<u16>().ok())
        .filter(|c| *c > 0);
    columns.or_else(|| {
        terminal_size::terminal_size_of(std::io::stdout()).map(|(terminal_size::Width(w), _)| w)
    })
}

/// Whether a width asks for the list layout.
pub fn is_narrow(width: Option<u16>) -> bool {
    width.is_some_and(|w| w < LIST_BELOW)
}

/// Display width of a line, not counting ANSI colour sequences.
pub fn visible_width(line: &str) -> usize {
    display_width(&strip_ansi(line))
}

/// The text without ANSI SGR sequences (`ESC [ … m`).
pub fn strip_ansi(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

/// A table as text for the given width. `numbers` are the columns never to wrap; every other
/// column may be. `None`: the table exactly as comfy-table lays it out today.
pub fn table(mut table: comfy_table::Table, width: Option<u16>, numbers: &[usize]) -> String {
    let Some(columns) = width else {
        return table.to_string();
    };
    if columns < LIST_BELOW {
        return list(&table, columns);
    }
    let natural = table.to_string();
    if fits(&natural, columns) {
        return natural;
    }
    table
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(columns);
    for n in numbers {
        if let Some(column) = table.column_mut(*n) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    let wrapped = table.to_string();
    if fits(&wrapped, columns) {
        wrapped
    } else {
        list(&table, columns)
    }
}

fn fits(text: &str, columns: u16) -> bool {
    text.lines()
        .all(|line| visible_width(line) <= usize::from(columns))
}

/// A table as a list: each row a block of `heading: value` fields (empty cells left out), short
/// fields side by side (`数据: 2.6875% · 得分: 2 · 满分: 10`) while they fit, blocks apart by a
/// blank line. No line is wider than `columns`.
pub fn list(table: &comfy_table::Table, columns: u16) -> String {
    let headings: Vec<String> = table
        .header()
        .map(|h| h.cell_iter().map(|c| c.content()).collect())
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = table
        .row_iter()
        .map(|r| r.cell_iter().map(|c| c.content()).collect())
        .collect();
    list_of(&headings, &rows, columns)
}

/// [`list`] for rows that are not in a comfy-table (the summary writes its own).
pub fn list_of(headings: &[String], rows: &[Vec<String>], columns: u16) -> String {
    const SEPARATOR: &str = " · ";
    let mut text = String::new();
    for (n, row) in rows.iter().enumerate() {
        if n > 0 {
            text.push('\n');
        }
        let mut line = String::new();
        let flush = |line: &mut String, text: &mut String| {
            if !line.is_empty() {
                text.push_str(&wrap(line, Some(columns)));
                text.push('\n');
                line.clear();
            }
        };
        for (i, cell) in row.iter().enumerate() {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let heading = headings.get(i).map(String::as_str).unwrap_or("");
            let field = |part: &str| match heading {
                "" => part.trim().to_string(),
                _ => format!("{heading}: {}", part.trim()),
            };
            let mut parts = cell.lines();
            let first = field(parts.next().unwrap_or(""));
            let rest: Vec<&str> = parts.collect();
            let joined = format!("{line}{SEPARATOR}{first}");
            if rest.is_empty() && !line.is_empty() && visible_width(&joined) <= usize::from(columns)
            {
                line = joined;
                continue;
            }
            flush(&mut line, &mut text);
            line = first;
            if !rest.is_empty() {
                flush(&mut line, &mut text);
                for part in rest {
                    line = format!("  {}", part.trim());
                    flush(&mut line, &mut text);
                }
            }
        }
        flush(&mut line, &mut text);
    }
    text.truncate(text.trim_end_matches('\n').len());
    text
}

/// A line of free text (a heading, a gate, a warning) wrapped to the width, continuation lines
/// indented two columns past the line's own indentation. Unchanged without a width or when it
/// fits; a wrapped line loses its colour.
pub fn wrap(line: &str, width: Option<u16>) -> String {
    let Some(columns) = width else {
        return line.to_string();
    };
    let columns = usize::from(columns);
    if visible_width(line) <= columns {
        return line.to_string();
    }
    let plain = strip_ansi(line);
    let indent = plain.len() - plain.trim_start().len();
    let body = plain.trim_start();
    // Every line is wrapped to the continuation's width, so the first is at most two short.
    let rest_indent = indent + 2;
    let body_width = columns.saturating_sub(rest_indent).max(8);
    let out: Vec<String> = layout::wrap(body, body_width)
        .into_iter()
        .enumerate()
        .map(|(n, part)| {
            let pad = if n == 0 { indent } else { rest_indent };
            format!("{}{part}", " ".repeat(pad))
        })
        .collect();
    out.join("\n")
}

/// A writer that wraps every line written through it to the width ([`wrap`]), for renderers
/// that write many lines of free text. Without a width, bytes pass through untouched.
pub struct Wrapping<'a> {
    out: &'a mut dyn Write,
    width: Option<u16>,
    line: Vec<u8>,
}

impl<'a> Wrapping<'a> {
    pub fn new(out: &'a mut dyn Write, width: Option<u16>) -> Wrapping<'a> {
        Wrapping {
            out,
            width,
            line: Vec::new(),
        }
    }

    fn write_line(&mut self) -> io::Result<()> {
        let text = String::from_utf8_lossy(&self.line);
        let wrapped = wrap(&text, self.width);
        self.line.clear();
        self.out.write_all(wrapped.as_bytes())
    }
}

impl Write for Wrapping<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.width.is_none() {
            return self.out.write(buf);
        }
        for part in buf.split_inclusive(|b| *b == b'\n') {
            match part.split_last() {
                Some((b'\n', line)) => {
                    self.line.extend_from_slice(line);
                    self.write_line()?;
                    self.out.write_all(b"\n")?;
                }
                _ => self.line.extend_from_slice(part),
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.line.is_empty() {
            self.write_line()?;
        }
        self.out.flush()
    }
}

impl Drop for Wrapping<'_> {
    fn drop(&mut self) {
        // A last line without a newline; an error here has nowhere to go but the next write.
        if !self.line.is_empty() {
            let _ = self.write_line();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use comfy_table::presets;

    fn sample() -> comfy_table::Table {
        let mut t = comfy_table::Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled)
            .force_no_tty()
            .set_header(vec!["指标", "数据", "得分"]);
        t.add_row(vec![
            "研发经费支出占主营业务收入的比重，研发经费支出占主营业务收入的比重",
            "2.6875%",
            "10",
        ]);
        t.add_row(vec!["小计", "", "13.5"]);
        t
    }

    #[test]
    fn no_width_is_todays_table() {
        assert_eq!(table(sample(), None, &[1, 2]), sample().to_string());
    }

    #[test]
    fn a_wide_enough_terminal_changes_nothing() {
        assert_eq!(table(sample(), Some(200), &[1, 2]), sample().to_string());
    }

    #[test]
    fn a_narrow_terminal_wraps_the_text_but_not_the_numbers() {
        let text = table(sample(), Some(60), &[1, 2]);
        assert!(text.lines().count() > sample().to_string().lines().count());
        for line in text.lines() {
            assert!(visible_width(line) <= 60, "{line}");
        }
        assert!(text.contains("2.6875%") && text.contains("13.5"), "{text}");
    }

    #[test]
    fn under_sixty_columns_rows_become_lists() {
        let text = table(sample(), Some(40), &[1, 2]);
        assert!(!text.contains('│'), "{text}");
        assert!(text.contains("数据: 2.6875% · 得分: 10"), "{text}");
        assert!(text.contains("指标: 小计 · 得分: 13.5"), "{text}");
        for line in text.lines() {
            assert!(visible_width(line) <= 40, "{line}");
        }
    }

    #[test]
    fn free_text_wraps_with_a_hanging_indent() {
        let line = "  ✓ 年度研究与试验发展经费支出额不低于 200 万元: 860万元 ≥ 200万元，符合";
        assert_eq!(wrap(line, None), line);
        let wrapped = wrap(line, Some(30));
        for l in wrapped.lines() {
            assert!(visible_width(l) <= 30, "{l}");
        }
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("    ")));
        assert_eq!(
            strip_ansi("\x1b[1;32m符合\x1b[0m: x"),
            "符合: x",
            "colour is not text"
        );
    }
}
