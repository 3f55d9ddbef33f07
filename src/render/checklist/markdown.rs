//! `--format markdown`: a heading and a table per applicant.

use std::io::{self, Write};

use super::ChecklistRenderer;
use super::words::{self, words};
use crate::checklist::Checklist;
use crate::sheet::Lang;

pub struct Markdown {
    lang: Lang,
    written: usize,
}

impl Markdown {
    pub fn new(lang: Lang) -> Markdown {
        Markdown { lang, written: 0 }
    }
}

/// A table cell: no line breaks, `|` escaped, nothing Markdown would read as markup at the start.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

impl ChecklistRenderer for Markdown {
    fn checklist(&mut self, c: &Checklist, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.lang;
        let w = words(lang);
        if self.written > 0 {
            writeln!(out)?;
        }
        self.written += 1;
        writeln!(out, "## {}\n", cell(&words::title(c, lang)))?;
        writeln!(out, "{}\n", cell(&words::meta(c, lang).join(" · ")))?;
        writeln!(out, "> {}\n", w.reference)?;
        if c.rows.is_empty() {
            writeln!(out, "{}", w.nothing)?;
        } else {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                w.number, w.kind, w.item, w.figure, w.points, w.evidence, w.pages
            )?;
            writeln!(out, "|---:|---|---|---|---:|---|---|")?;
            for (n, row) in c.rows.iter().enumerate() {
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} |  |",
                    n + 1,
                    words::kind(row, w),
                    cell(row.title(lang)),
                    cell(&words::figure(row, lang, w)),
                    words::points(row, w),
                    cell(&row.evidence(lang, "；")),
                )?;
            }
            writeln!(out, "\n{}", w.how)?;
        }
        if let Some(unmet) = words::unmet(c, lang) {
            writeln!(out, "\n{}", cell(&unmet))?;
        }
        Ok(())
    }
}
