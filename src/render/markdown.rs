//! `--format markdown`: the sheet as a GitHub-flavoured Markdown table with subtotals, base, bonus
//! and total, then the eligibility gates (warnings and notes stay on stderr and in JSON). Several files: one section each,
//! separated by a rule. `--explain` adds a column with the figure's origin and the arithmetic.
//!
//! Everything that comes from a file is escaped, so a company called `*|<b>` stays those
//! characters and cannot break the table or inject markup.

use std::io::{self, Write};

use rust_decimal::Decimal;

use super::layout::{self, Form};
use super::words::{self, Labels, words};
use super::{Renderer, Settings};
use crate::num::plain;
use crate::sheet::{GroupResult, ItemResult, Lang, Sheet};

pub struct Markdown {
    settings: Settings,
    written: usize,
}

impl Markdown {
    pub fn new(settings: Settings) -> Markdown {
        Markdown {
            settings,
            written: 0,
        }
    }
}

/// Escapes text for a Markdown table cell or paragraph: Markdown's punctuation and `<` are
/// backslashed (so no raw HTML gets through), an `&` that could start an entity is written
/// `&amp;`, and line breaks become spaces (a cell is one line). `R&D` and `14 > 10` stay readable.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            '&' if starts_entity(&text[i + 1..]) => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' | '$' | '<' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether text after an `&` reads as an entity (`amp;`, `#39;`, `#x27;`).
fn starts_entity(rest: &str) -> bool {
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !name.is_empty() && rest[name.len()..].starts_with(';')
}

fn strong(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("**{text}**")
    }
}

fn row(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    writeln!(out, "| {} |", cells.join(" | "))
}

impl Renderer for Markdown {
    fn sheet(&mut self, sheet: &Sheet, out: &mut dyn Write) -> io::Result<()> {
        if self.written > 0 {
            writeln!(out, "\n---\n")?;
        }
        self.written += 1;
        let page = Page {
            sheet,
            lang: self.settings.lang,
            w: words(self.settings.lang),
            explain: self.settings.explain,
            item_is_group: layout::form(sheet) == Form::Criteria,
        };
        page.heading(out)?;
        page.what_if(out)?;
        page.table_header(out)?;
        page.body_rows(out)?;
        page.totals(out)?;
        page.gates(out)?;
        page.checks(out)
    }
}

/// One sheet's section, with what every part of it needs to know.
struct Page<'a> {
    sheet: &'a Sheet,
    lang: Lang,
    w: &'static Labels,
    explain: bool,
    /// A criteria sheet has no item column: its groups are the items.
    item_is_group: bool,
}

impl Page<'_> {
    fn sep(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "：",
            Lang::En => ": ",
        }
    }

    fn heading(&self, out: &mut dyn Write) -> io::Result<()> {
        let (sheet, lang, w, sep) = (self.sheet, self.lang, self.w, self.sep());
        writeln!(out, "## {}\n", escape(sheet.title.pick(lang)))?;
        if let Some(company) = &sheet.company {
            writeln!(out, "- {}{sep}{}", w.company, escape(company))?;
        }
        if let Some(year) = sheet.year {
            writeln!(out, "- {}{sep}{year}", w.year)?;
        }
        // No file path: a sheet is pasted into reports and printed, and a path means nothing there.
        let mut rubric = escape(&sheet.rubric);
        if !sheet.source_ref.is_empty() {
            rubric = match lang {
                Lang::Zh => format!("{rubric}（{}）", escape(&sheet.source_ref)),
                Lang::En => format!("{rubric} ({})", escape(&sheet.source_ref)),
            };
        }
        writeln!(out, "- {}{sep}{rubric}\n", w.rubric)
    }

    fn what_if(&self, out: &mut dyn Write) -> io::Result<()> {
        let (sheet, lang, w, sep) = (self.sheet, self.lang, self.w, self.sep());
        let Some(what_if) = &sheet.what_if else {
            return Ok(());
        };
        writeln!(out, "> **{}**：{}\n>", w.what_if, escape(w.what_if_banner))?;
        for (key, to, from) in words::assumptions(sheet, lang) {
            let key = key.replace('`', "");
            let was = escape(&words::was(lang, &from));
            writeln!(out, "> - `{key}` = {}{was}", escape(&to))?;
        }
        writeln!(
            out,
            ">\n> {}{sep}{}\n",
            w.total_before,
            plain(what_if.total_before)
        )
    }

    fn table_header(&self, out: &mut dyn Write) -> io::Result<()> {
        let w = self.w;
        let mut header = if self.item_is_group {
            vec![w.category, w.group]
        } else {
            vec![w.category, w.group, w.item]
        };
        header.extend([w.value, w.points, w.max]);
        if self.explain {
            header.push(w.csv_working);
        }
        let header: Vec<String> = header.into_iter().map(String::from).collect();
        row(out, &header)?;
        let mut rule: Vec<String> = vec!["---".into(); header.len()];
        let points_at = if self.item_is_group { 3 } else { 4 };
        rule[points_at] = "---:".into();
        rule[points_at + 1] = "---:".into();
        row(out, &rule)
    }

    /// The items, each group's subtotal after its items, and a weighted category's subtotal
    /// after its groups.
    fn body_rows(&self, out: &mut dyn Write) -> io::Result<()> {
        let (lang, w) = (self.lang, self.w);
        for category in layout::categories(self.sheet) {
            for (gn, view) in category.groups.iter().enumerate() {
                let group = view.group;
                for (n, item) in view.items.iter().enumerate() {
                    row(
                        out,
                        &self.item_cells(item, group, gn == 0 && n == 0, n == 0),
                    )?;
                }
                if view.items.len() > 1 {
                    let label = format!("{} · {}", w.subtotal, escape(group.title.pick(lang)));
                    row(out, &self.summary(label, group.points, group.max, false))?;
                }
            }
            let c = category.category;
            if c.weight.is_some() && category.groups.len() > 1 {
                let label = format!("{} · {}", w.subtotal, escape(c.title.pick(lang)));
                row(out, &self.summary(label, c.points, c.max, false))?;
            }
        }
        Ok(())
    }

    /// An item's row; the category and group are named only on their first row.
    fn item_cells(
        &self,
        item: &ItemResult,
        group: &GroupResult,
        first_in_category: bool,
        first_in_group: bool,
    ) -> Vec<String> {
        let (sheet, lang, w) = (self.sheet, self.lang, self.w);
        let mut cells = vec![if first_in_category {
            strong(&escape(item.category.pick(lang)))
        } else {
            String::new()
        }];
        if !self.item_is_group {
            cells.push(if first_in_group {
                escape(group.title.pick(lang))
            } else {
                String::new()
            });
        }
        let mut value = escape(item.value_display.pick(lang));
        if !item.given {
            value.push_str(&escape(w.not_given));
        }
        value.push_str(&escape(super::checks::mark(sheet, item)));
        let mut points = plain(item.points);
        if let Some(passed) = item.passed {
            points = format!("{} {points}", if passed { w.met } else { w.not_met });
        }
        cells.extend([
            escape(item.title.pick(lang)),
            value,
            points,
            plain(item.max),
        ]);
        if self.explain {
            cells.push(self.working(item));
        }
        cells
    }

    fn working(&self, item: &ItemResult) -> String {
        let (lang, w) = (self.lang, self.w);
        let mut working = Vec::new();
        let derivation = item.derivation_text(lang);
        if !derivation.is_empty() {
            working.push(escape(&derivation));
        }
        working.push(escape(&words::working(lang, &item.explain)));
        if let Some(note) = item.note_text(lang) {
            working.push(match lang {
                Lang::Zh => format!("{}：{}", w.notes, escape(note)),
                Lang::En => format!("{}: {}", w.notes, escape(note)),
            });
        }
        working.join("<br>")
    }

    /// A row of a subtotal or a total: label in the indicator column, figures right.
    fn summary(&self, label: String, points: Decimal, max: Decimal, bold: bool) -> Vec<String> {
        let mark = |t: String| {
            if bold { strong(&t) } else { format!("*{t}*") }
        };
        let mut cells = vec![String::new()];
        if !self.item_is_group {
            cells.push(String::new());
        }
        cells.extend([mark(label), String::new(), mark(plain(points)), plain(max)]);
        if self.explain {
            cells.push(String::new());
        }
        cells
    }

    fn totals(&self, out: &mut dyn Write) -> io::Result<()> {
        let (sheet, w) = (self.sheet, self.w);
        row(
            out,
            &self.summary(w.base.into(), sheet.base, sheet.base_max, true),
        )?;
        if !sheet.bonus_max.is_zero() {
            row(
                out,
                &self.summary(w.bonus.into(), sheet.bonus, sheet.bonus_max, true),
            )?;
        }
        row(
            out,
            &self.summary(
                w.total.into(),
                sheet.total,
                sheet.base_max + sheet.bonus_max,
                true,
            ),
        )
    }

    fn gates(&self, out: &mut dyn Write) -> io::Result<()> {
        let (sheet, lang, w, sep) = (self.sheet, self.lang, self.w, self.sep());
        let Some(eligible) = sheet.eligible else {
            return Ok(());
        };
        let verdict = if eligible { w.eligible } else { w.not_eligible };
        writeln!(out, "\n**{}{sep}{verdict}**\n", w.gates)?;
        for gate in &sheet.gates {
            let mark = if gate.passed { "✅" } else { "❌" };
            writeln!(
                out,
                "- {mark} {}{sep}{}",
                escape(gate.title.pick(lang)),
                escape(gate.detail.pick(lang))
            )?;
        }
        Ok(())
    }

    /// A figure that looks wrong is on the sheet until fixed or confirmed; other warnings and
    /// notes stay on stderr and in JSON: the sheet is only the sheet.
    fn checks(&self, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.lang;
        for (confirmed, heading) in [
            (false, super::checks::heading(lang)),
            (true, super::checks::confirmed_heading(lang)),
        ] {
            let notes = super::checks::lines(self.sheet, confirmed, lang);
            if !notes.is_empty() {
                writeln!(out, "\n**{}**\n", escape(heading))?;
                for note in &notes {
                    writeln!(out, "- {}", escape(note))?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_keeps_cells_whole_and_markup_inert() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("<script>"), "\\<script>");
        assert_eq!(escape("R&D &amp; &#39;"), "R&D &amp;amp; &amp;\\#39;");
        assert_eq!(escape("14 > 10"), "14 > 10");
        assert_eq!(escape("**x**"), "\\*\\*x\\*\\*");
        assert_eq!(escape("a\nb"), "a b");
        assert_eq!(escape("武威 1.5%"), "武威 1.5%");
    }
}
