//! `--format csv`: one row per item, then a subtotal row per 二级指标 and per 一级指标, the base,
//! bonus and total, and each eligibility gate (warnings and notes stay on stderr and in JSON). Several files share one
//! header; every row names its rubric, data file and company, so rows can be filtered and pivoted.
//!
//! UTF-8 with a byte-order mark, so Excel on Chinese Windows opens it as UTF-8 rather than GBK.
//!
//! Formula injection (a company named `=HYPERLINK(…)`): a spreadsheet runs a cell that begins with
//! `=`, `+`, `-` or `@`, and some also one that begins with a tab or a carriage return. Every such
//! cell is written with a `'` before it, so it shows as the text it is — except a plain decimal
//! (`-20`, `-0.5`, `-2.5%`: an optional minus, digits, an optional fraction, an optional `%`).
//! A plain decimal is not a formula in any spreadsheet, and it is what this renderer writes for
//! every value, points and max it computed: prefixing `-20` would turn the number −20 into text
//! that no sum or chart can use. So a negative profit stays a number, while `-20万元` or
//! `-1+2` (not plain decimals) are neutralised. The test is on the cell's text, not on where it
//! came from, so a hostile data file cannot slip a formula through a number column either.

use std::io::{self, Write};

use super::layout;
use super::words::{self, Labels, words};
use super::{Renderer, Settings};
use crate::num::plain;
use crate::sheet::{Lang, Sheet};

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub struct Csv {
    settings: Settings,
    started: bool,
}

impl Csv {
    pub fn new(settings: Settings) -> Csv {
        Csv {
            settings,
            started: false,
        }
    }
}

/// A cell, neutralised against formula injection unless it is a plain decimal, and with its
/// control characters escaped (`\u{1b}`): the one neutraliser for every CSV (sheet and summary)
/// and for workbook text cells.
pub fn text(cell: &str) -> String {
    let cell = crate::diag::visible_text(cell, true);
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(&cell) {
        format!("'{cell}")
    } else {
        cell.into_owned()
    }
}

/// Whether a cell is a plain decimal: an optional minus, digits, an optional fraction, an
/// optional `%`. Nothing else passes unneutralised.
pub fn is_plain_number(cell: &str) -> bool {
    let number = cell.strip_suffix('%').unwrap_or(cell);
    let digits = number.strip_prefix('-').unwrap_or(number);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// The header row. English headings are lower case, as CSV headers tend to be.
fn header(w: &Labels) -> Vec<String> {
    [
        w.rubric,
        w.data,
        w.company,
        w.year,
        w.csv_row,
        w.category,
        w.group,
        w.csv_item_id,
        w.csv_item,
        w.csv_number,
        w.value,
        w.points,
        w.max,
        w.csv_bonus_flag,
        w.met,
        w.csv_working,
    ]
    .iter()
    .map(|h| h.to_lowercase())
    .collect()
}

/// One row, before neutralising.
#[derive(Default)]
struct Row {
    kind: String,
    category: String,
    group: String,
    id: String,
    title: String,
    number: String,
    figure: String,
    points: Option<String>,
    max: Option<String>,
    bonus: String,
    met: String,
    working: String,
}

impl Renderer for Csv {
    fn sheet(&mut self, sheet: &Sheet, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.settings.lang;
        let w = words(lang);
        let first = !self.started;
        if first {
            self.started = true;
            out.write_all(BOM)?;
        }
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        if first {
            writer.write_record(header(w))?;
        }
        let rows = Rows { lang, w };
        let mut all = rows.items(sheet, self.settings.explain);
        all.extend(rows.subtotals(sheet));
        all.extend(rows.totals(sheet));
        all.extend(rows.gates(sheet));
        all.extend(rows.what_if(sheet));
        // Warnings and notes stay on stderr and in JSON: the sheet is only the sheet, and a
        // missing figure's row already says so in its figure cell.
        write_rows(&mut writer, sheet, all)?;
        writer.flush()?;
        Ok(())
    }
}

/// Builds the rows of one sheet, one kind of row at a time, in the order they are written.
struct Rows {
    lang: Lang,
    w: &'static Labels,
}

impl Rows {
    fn yes_no(&self, b: bool) -> String {
        if b { self.w.yes } else { self.w.no }.to_string()
    }

    fn items(&self, sheet: &Sheet, explain: bool) -> Vec<Row> {
        let (lang, w) = (self.lang, self.w);
        let mut rows = Vec::new();
        for item in &sheet.items {
            let mut working = words::working(lang, &item.explain);
            let derivation = item.derivation_text(lang);
            if !derivation.is_empty() {
                working = format!("{derivation}; {working}");
            }
            if explain && let Some(note) = item.note_text(lang) {
                working = format!("{working}; {}: {note}", w.notes);
            }
            let mut figure = item.value_display.pick(lang).to_string();
            if !item.given {
                figure.push_str(w.not_given);
            }
            rows.push(Row {
                kind: w.csv_item.into(),
                category: item.category.pick(lang).into(),
                group: item.group.pick(lang).into(),
                id: item.id.to_string(),
                title: item.title.pick(lang).into(),
                number: item.value.clone().unwrap_or_default(),
                figure,
                points: Some(plain(item.points)),
                max: Some(plain(item.max)),
                bonus: self.yes_no(item.bonus),
                met: item.passed.map(|b| self.yes_no(b)).unwrap_or_default(),
                working,
            });
        }
        rows
    }

    /// Every group's subtotal, then every category's.
    fn subtotals(&self, sheet: &Sheet) -> Vec<Row> {
        let (lang, w) = (self.lang, self.w);
        let mut rows = Vec::new();
        let views = layout::categories(sheet);
        for view in views.iter().flat_map(|c| &c.groups) {
            let g = view.group;
            rows.push(Row {
                kind: w.csv_group_subtotal.into(),
                category: g.category.pick(lang).into(),
                group: g.title.pick(lang).into(),
                id: g.id.to_string(),
                title: format!("{} · {}", w.subtotal, g.title.pick(lang)),
                points: Some(plain(g.points)),
                max: Some(plain(g.max)),
                bonus: self.yes_no(g.bonus),
                ..Row::default()
            });
        }
        for view in &views {
            let c = view.category;
            rows.push(Row {
                kind: w.csv_category_subtotal.into(),
                category: c.title.pick(lang).into(),
                id: c.id.to_string(),
                title: format!("{} · {}", w.subtotal, c.title.pick(lang)),
                points: Some(plain(c.points)),
                max: Some(plain(c.max)),
                bonus: self.yes_no(c.bonus),
                ..Row::default()
            });
        }
        rows
    }

    /// Base, bonus (only when the rubric has one) and total.
    fn totals(&self, sheet: &Sheet) -> Vec<Row> {
        let w = self.w;
        let mut summary = vec![(w.base, sheet.base, sheet.base_max)];
        if !sheet.bonus_max.is_zero() {
            summary.push((w.bonus, sheet.bonus, sheet.bonus_max));
        }
        summary.push((w.total, sheet.total, sheet.base_max + sheet.bonus_max));
        summary
            .into_iter()
            .map(|(label, points, max)| Row {
                kind: label.to_lowercase(),
                title: label.into(),
                points: Some(plain(points)),
                max: Some(plain(max)),
                ..Row::default()
            })
            .collect()
    }

    fn gates(&self, sheet: &Sheet) -> Vec<Row> {
        let (lang, w) = (self.lang, self.w);
        sheet
            .gates
            .iter()
            .map(|gate| Row {
                kind: w.csv_gate.into(),
                id: gate.id.to_string(),
                title: gate.title.pick(lang).into(),
                figure: gate.detail.pick(lang).into(),
                met: self.yes_no(gate.passed),
                ..Row::default()
            })
            .collect()
    }

    /// Each assumed figure, then the total the sheet had before the assumptions.
    fn what_if(&self, sheet: &Sheet) -> Vec<Row> {
        let (lang, w) = (self.lang, self.w);
        let Some(what_if) = &sheet.what_if else {
            return Vec::new();
        };
        let mut rows: Vec<Row> = words::assumptions(sheet, lang)
            .into_iter()
            .map(|(key, to, from)| Row {
                kind: w.what_if.into(),
                id: key,
                title: w.what_if_banner.into(),
                figure: to,
                working: format!("{} {from}", w.was),
                ..Row::default()
            })
            .collect();
        rows.push(Row {
            kind: w.what_if.into(),
            title: w.total_before.into(),
            points: Some(plain(what_if.total_before)),
            ..Row::default()
        });
        rows
    }
}

/// Writes the rows, each prefixed with the sheet's rubric, data file, company and year and
/// every cell neutralised.
fn write_rows<W: Write>(
    writer: &mut csv::Writer<W>,
    sheet: &Sheet,
    rows: Vec<Row>,
) -> io::Result<()> {
    let year = sheet.year.map(|y| y.to_string()).unwrap_or_default();
    for row in rows {
        let record = [
            text(&sheet.rubric),
            text(&sheet.data),
            text(sheet.company.as_deref().unwrap_or_default()),
            year.clone(),
            text(&row.kind),
            text(&row.category),
            text(&row.group),
            text(&row.id),
            text(&row.title),
            text(&row.number),
            text(&row.figure),
            text(&row.points.unwrap_or_default()),
            text(&row.max.unwrap_or_default()),
            text(&row.bonus),
            text(&row.met),
            text(&row.working),
        ];
        writer.write_record(&record)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_openers_are_neutralised() {
        for hostile in ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1"] {
            assert_eq!(text(hostile), format!("'{hostile}"));
        }
        // A carriage return is a control character: escaped, so it opens nothing.
        assert_eq!(text("\r=1"), "\\u{d}=1");
        assert_eq!(text("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(
            text("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(text("武威示例"), "武威示例");
        assert_eq!(text(" =1"), " =1");
    }

    #[test]
    fn only_plain_decimals_pass_as_numbers() {
        for n in ["0", "-20", "13.5", "0.0255", "-0.5", "-2.5%", "21%"] {
            assert!(is_plain_number(n), "{n}");
            assert_eq!(text(n), n);
        }
        for t in [
            "",
            "-",
            "1.",
            ".5",
            "-20万元",
            "1e5",
            "=1",
            "1+1",
            "--1",
            "-1+2",
            "%",
            "-%",
        ] {
            assert!(!is_plain_number(t), "{t}");
        }
        assert_eq!(text("-20万元"), "'-20万元");
        assert_eq!(text("-1+2"), "'-1+2");
        assert_eq!(text("-"), "'-");
    }
}
