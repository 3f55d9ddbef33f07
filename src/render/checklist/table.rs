//! `--format table`: the checklist on a terminal.

use std::io::{self, Write};

use comfy_table::{CellAlignment, ContentArrangement, presets};

use crate::render::width;

use super::ChecklistRenderer;
use super::words::{self, words};
use crate::checklist::Checklist;
use crate::sheet::Lang;

pub struct Table {
    lang: Lang,
    written: usize,
}

impl Table {
    pub fn new(lang: Lang) -> Table {
        Table { lang, written: 0 }
    }
}

impl ChecklistRenderer for Table {
    fn checklist(&mut self, c: &Checklist, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.lang;
        let w = words(lang);
        if self.written > 0 {
            writeln!(out)?;
        }
        self.written += 1;
        // Names reach a terminal: control characters in them are shown escaped.
        let visible = |t: &str| crate::diag::visible(t).into_owned();
        writeln!(out, "{}  ({})", words::title(c, lang), c.rubric)?;
        for line in words::meta(c, lang) {
            writeln!(out, "{}", visible(&line))?;
        }
        writeln!(out, "{}", w.reference)?;
        if c.rows.is_empty() {
            writeln!(out, "{}", w.nothing)?;
        } else {
            let mut table = comfy_table::Table::new();
            table
                .load_style(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(width::detect().unwrap_or(120).max(60))
                .set_header(vec![
                    w.number, w.kind, w.item, w.figure, w.points, w.evidence, w.pages,
                ]);
            for (n, row) in c.rows.iter().enumerate() {
                table.add_row(vec![
                    (n + 1).to_string(),
                    words::kind(row, w).to_string(),
                    row.title(lang).to_string(),
                    words::figure(row, lang, w),
                    words::points(row, w),
                    row.evidence(lang, "\n"),
                    String::new(),
                ]);
            }
            for col in [0, 4] {
                if let Some(column) = table.column_mut(col) {
                    column.set_cell_alignment(CellAlignment::Right);
                }
            }
            writeln!(out, "{table}")?;
            writeln!(out, "{}", w.how)?;
        }
        if let Some(unmet) = words::unmet(c, lang) {
            writeln!(out, "{unmet}")?;
        }
        Ok(())
    }
}
