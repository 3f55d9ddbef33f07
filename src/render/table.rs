//! The default terminal sheet: items grouped by 一级/二级指标, subtotals, bonus, total, a bar per
//! group, gates and warnings. `--explain` writes the rule, the figure and the arithmetic under each
//! item. Colour only when [`Settings::color`] says so (a terminal, `NO_COLOR` unset).

use std::io::{self, Write};

use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, presets};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::layout::{self, Form, width, wrap};
use super::width as fit;
use super::words::{Labels, words};
use super::{Renderer, Settings};
use crate::num::plain;
use crate::sheet::{ItemResult, Lang, Sheet};

/// Display columns the `--explain` lines wrap at.
const EXPLAIN_WIDTH: usize = 60;
/// Cells in a group's bar.
const BAR_CELLS: u32 = 20;

/// A row's cells as the table has columns. On a criteria sheet the items are the groups: an
/// item's title stands in the group column, and the (empty) group cell goes.
fn columns(item_is_group: bool, mut cells: Vec<Cell>) -> Vec<Cell> {
    if item_is_group {
        cells.remove(1);
    }
    cells
}

pub struct Table {
    settings: Settings,
}

impl Table {
    pub fn new(settings: Settings) -> Table {
        Table { settings }
    }

    fn words(&self) -> &'static Labels {
        words(self.settings.lang)
    }

    fn paint(&self, cell: Cell, color: Color) -> Cell {
        if self.settings.color {
            cell.fg(color)
        } else {
            cell
        }
    }

    fn bold(&self, cell: Cell) -> Cell {
        if self.settings.color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }

    /// Wraps text in an ANSI SGR sequence when colour is on.
    fn ansi(&self, code: &str, text: &str) -> String {
        if self.settings.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn subtotal_row(&self, label: String, points: Decimal, max: Decimal) -> Vec<Cell> {
        vec![
            Cell::new(""),
            Cell::new(""),
            self.paint(Cell::new(label), Color::DarkGrey),
            Cell::new(""),
            self.paint(Cell::new(plain(points)), Color::DarkGrey),
            self.paint(Cell::new(plain(max)), Color::DarkGrey),
        ]
    }

    /// The title cell: the indicator, and under `--explain` its rule, figure and arithmetic.
    fn title_cell(&self, item: &ItemResult) -> String {
        let lang = self.settings.lang;
        let w = self.words();
        let mut text = item.title.pick(lang).to_string();
        if !self.settings.explain {
            return text;
        }
        let mut lines: Vec<(&str, String)> = Vec::new();
        // A requirement's rule is in its arithmetic already (`要求 ≥ 2%`); the rule is the seed's
        // Chinese sentence, which has no English wording to show under `--lang en`.
        if item.requirement.is_none() && lang == Lang::Zh {
            let rule = layout::criterion(item);
            if !rule.is_empty() && *rule != *item.title.zh {
                lines.push((w.rule, rule.to_string()));
            }
        }
        let derivation = item.derivation_text(lang);
        if !derivation.is_empty() {
            lines.push((w.derivation, derivation.to_string()));
        }
        lines.push((w.working, super::words::working(lang, &item.explain)));
        if let Some(note) = item.note_text(lang) {
            lines.push((w.notes, note.to_string()));
        }
        for (label, body) in lines {
            let lead = match lang {
                Lang::Zh => format!("{label}："),
                Lang::En => format!("{label}: "),
            };
            let indent = "  ";
            let wrapped = wrap(&format!("{lead}{body}"), self.explain_width());
            for (n, line) in wrapped.iter().enumerate() {
                text.push('\n');
                text.push_str(indent);
                if n > 0 {
                    text.push_str("  ");
                }
                text.push_str(line);
            }
        }
        text
    }

    /// Columns the `--explain` lines wrap at: narrower on a narrow terminal, where the title
    /// column gets what the numbers leave (the table would rewrap them raggedly otherwise).
    fn explain_width(&self) -> usize {
        match self.settings.width {
            // The list layout gives the lines the whole width, less their indent.
            Some(columns) if fit::is_narrow(Some(columns)) => usize::from(columns)
                .saturating_sub(6)
                .clamp(16, EXPLAIN_WIDTH),
            Some(columns) if usize::from(columns) < EXPLAIN_WIDTH + 60 => {
                usize::from(columns).saturating_sub(64).max(16)
            }
            _ => EXPLAIN_WIDTH,
        }
    }

    fn points_cell(&self, item: &ItemResult) -> Cell {
        let w = self.words();
        let mut points = plain(item.points);
        if let Some(passed) = item.passed {
            points = format!("{} {points}", if passed { w.met } else { w.not_met });
        }
        let color = if item.passed == Some(false) || (item.points.is_zero() && !item.bonus) {
            Some(Color::Red)
        } else if item.points == item.max {
            Some(Color::Green)
        } else {
            None
        };
        match color {
            Some(color) => self.paint(Cell::new(points), color),
            None => Cell::new(points),
        }
    }

    fn table(&self, sheet: &Sheet) -> comfy_table::Table {
        let item_is_group = layout::form(sheet) == Form::Criteria;
        let mut table = self.empty_table(item_is_group);
        self.body_rows(sheet, item_is_group, &mut table);
        self.totals(sheet, item_is_group, &mut table);
        table
    }

    /// The table with its header and its number columns aligned right. A criteria sheet has no
    /// item column: its groups are the items.
    fn empty_table(&self, item_is_group: bool) -> comfy_table::Table {
        let w = self.words();
        let mut table = comfy_table::Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled);
        // Whether to colour is decided once, by `Settings::color`, not by comfy-table's own look
        // at stdout (which would colour a pipe's output after `NO_COLOR`, or not colour a test's).
        if self.settings.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        let header = if item_is_group {
            vec![w.category, w.group, w.value, w.points, w.max]
        } else {
            vec![w.category, w.group, w.item, w.value, w.points, w.max]
        };
        table.set_header(header.into_iter().map(|h| self.bold(Cell::new(h))));
        let right = if item_is_group { [3, 4] } else { [4, 5] };
        for column in right {
            if let Some(c) = table.column_mut(column) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        table
    }

    /// The items, each group's subtotal after its items, and a weighted category's subtotal
    /// after its groups.
    fn body_rows(&self, sheet: &Sheet, item_is_group: bool, table: &mut comfy_table::Table) {
        let lang = self.settings.lang;
        let w = self.words();
        for category in layout::categories(sheet) {
            for (gn, view) in category.groups.iter().enumerate() {
                let group = view.group;
                for (n, item) in view.items.iter().enumerate() {
                    let group_title = (n == 0 && !item_is_group).then(|| group.title.pick(lang));
                    let row = self.item_row(sheet, item, gn == 0 && n == 0, group_title);
                    table.add_row(columns(item_is_group, row));
                }
                if view.items.len() > 1 {
                    let label = format!("{} · {}", w.subtotal, group.title.pick(lang));
                    let row = self.subtotal_row(label, group.points, group.max);
                    table.add_row(columns(item_is_group, row));
                }
            }
            // A weighted 一级指标 (附件2, 附件4) gets its own subtotal once its last group is done.
            let c = category.category;
            if c.weight.is_some() && category.groups.len() > 1 {
                let label = format!("{} · {}", w.subtotal, c.title.pick(lang));
                table.add_row(columns(
                    item_is_group,
                    self.subtotal_row(label, c.points, c.max),
                ));
            }
        }
    }

    /// An item's row; the category and group are named only on their first row.
    fn item_row(
        &self,
        sheet: &Sheet,
        item: &ItemResult,
        first_in_category: bool,
        group_title: Option<&str>,
    ) -> Vec<Cell> {
        let lang = self.settings.lang;
        let w = self.words();
        let mut value = item.value_display.pick(lang).to_string();
        if !item.given {
            value.push_str(w.not_given);
        }
        value.push_str(super::checks::mark(sheet, item));
        let value_cell = if item.given {
            Cell::new(value)
        } else {
            self.paint(Cell::new(value), Color::Yellow)
        };
        let category_cell = if first_in_category && !item.category.pick(lang).is_empty() {
            self.bold(Cell::new(item.category.pick(lang)))
        } else {
            Cell::new("")
        };
        vec![
            category_cell,
            Cell::new(group_title.unwrap_or_default()),
            Cell::new(self.title_cell(item)),
            value_cell,
            self.points_cell(item),
            Cell::new(plain(item.max)),
        ]
    }

    /// Base, bonus (only when the rubric has one) and total.
    fn totals(&self, sheet: &Sheet, item_is_group: bool, table: &mut comfy_table::Table) {
        let w = self.words();
        let summary = [
            (w.base, sheet.base, sheet.base_max),
            (w.bonus, sheet.bonus, sheet.bonus_max),
            (w.total, sheet.total, sheet.base_max + sheet.bonus_max),
        ];
        for (label, points, max) in summary {
            if label == w.bonus && sheet.bonus_max.is_zero() {
                continue;
            }
            table.add_row(columns(
                item_is_group,
                vec![
                    self.bold(self.paint(Cell::new(label), Color::Cyan)),
                    Cell::new(""),
                    Cell::new(""),
                    Cell::new(""),
                    self.bold(self.paint(Cell::new(plain(points)), Color::Cyan)),
                    Cell::new(plain(max.normalize())),
                ],
            ));
        }
    }

    /// One bar per 二级指标 (per 一级指标 where the 二级指标 are the scored rows): points against
    /// the weight.
    fn bars(&self, sheet: &Sheet, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.settings.lang;
        let rows: Vec<(String, Decimal, Decimal)> = if layout::form(sheet) == Form::Criteria {
            layout::categories(sheet)
                .iter()
                .map(|c| {
                    let c = c.category;
                    (c.title.pick(lang).to_string(), c.points, c.max)
                })
                .collect()
        } else {
            layout::categories(sheet)
                .iter()
                .flat_map(|c| c.groups.iter())
                .map(|g| {
                    let g = g.group;
                    (g.title.pick(lang).to_string(), g.points, g.max)
                })
                .collect()
        };
        if rows.is_empty() {
            return Ok(());
        }
        let label_width = rows.iter().map(|(l, ..)| width(l)).max().unwrap_or(0);
        let number_width = rows
            .iter()
            .map(|(_, p, _)| plain(*p).len())
            .max()
            .unwrap_or(0);
        writeln!(out, "{}", self.ansi("1", self.words().by_group))?;
        // On a narrow terminal the bar gives up cells before the line wraps.
        let cells = match self.settings.width {
            Some(columns) => {
                let rest = 2 + label_width + 2 + 2 + number_width + 3 + 4;
                (usize::from(columns).saturating_sub(rest) as u32).clamp(4, BAR_CELLS)
            }
            None => BAR_CELLS,
        };
        for (label, points, max) in rows {
            let pad = " ".repeat(label_width - width(&label));
            let color = if points.is_zero() {
                "31"
            } else if points >= max {
                "32"
            } else {
                "33"
            };
            let (filled, empty) = bar(points, max, cells);
            let points_text = plain(points);
            let line = format!(
                "  {label}{pad}  {}{}  {}{} / {}",
                self.ansi(color, &filled),
                self.ansi("2", &empty),
                " ".repeat(number_width - points_text.len()),
                points_text,
                plain(max)
            );
            writeln!(out, "{}", fit::wrap(&line, self.settings.width))?;
        }
        Ok(())
    }
}

/// A bar of `cells` cells for `points` out of `max`, in eighths of a cell, rounded down so a bar
/// is full only when the group is: the filled part and the empty track.
pub fn bar(points: Decimal, max: Decimal, cells: u32) -> (String, String) {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let total = cells * 8;
    let eighths = if max <= Decimal::ZERO {
        0
    } else {
        points
            .max(Decimal::ZERO)
            .checked_mul(Decimal::from(total))
            .and_then(|e| e.checked_div(max))
            .and_then(|e| e.floor().min(Decimal::from(total)).to_u32())
            .unwrap_or(0)
    };
    let full = eighths / 8;
    let part = (eighths % 8) as usize;
    let mut filled = "█".repeat(full as usize);
    let mut used = full;
    if part > 0 {
        filled.push(PARTS[part]);
        used += 1;
    }
    (filled, "░".repeat(cells.saturating_sub(used) as usize))
}

impl Renderer for Table {
    fn sheet(&mut self, sheet: &Sheet, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.settings.lang;
        let w = self.words();
        let title = format!("{}  ({})", sheet.title.pick(lang), sheet.rubric);
        let columns = self.settings.width;
        let line = |text: String| fit::wrap(&text, columns);
        writeln!(out, "{}", line(self.ansi("1", &title)))?;
        if let Some(company) = &sheet.company {
            let company = crate::diag::on_screen(company);
            writeln!(out, "{}", line(format!("{}: {company}", w.company)))?;
        }
        writeln!(out, "{}", line(format!("{}: {}", w.data, sheet.data)))?;
        if let Some(year) = sheet.year {
            writeln!(out, "{}: {year}", w.year)?;
        }
        let numbers: &[usize] = if layout::form(sheet) == Form::Criteria {
            &[2, 3, 4]
        } else {
            &[3, 4, 5]
        };
        writeln!(out, "{}", fit::table(self.table(sheet), columns, numbers))?;
        self.bars(sheet, out)?;

        if let Some(eligible) = sheet.eligible {
            let verdict = if eligible {
                self.ansi("1;32", w.eligible)
            } else {
                self.ansi("1;31", w.not_eligible)
            };
            writeln!(out, "{}", line(format!("{}: {verdict}", w.gates)))?;
            for gate in &sheet.gates {
                let mark = if gate.passed {
                    self.ansi("32", "✓")
                } else {
                    self.ansi("31", "✗")
                };
                let text = format!(
                    "  {mark} {}: {}",
                    gate.title.pick(lang),
                    gate.detail.pick(lang)
                );
                writeln!(out, "{}", line(text))?;
            }
        }
        let unconfirmed = super::checks::lines(sheet, false, lang);
        if !unconfirmed.is_empty() {
            let heading = super::checks::heading(lang);
            writeln!(out, "{}", line(self.ansi("33", heading)))?;
            for note in unconfirmed {
                writeln!(out, "{}", line(format!("  {} {note}", super::checks::MARK)))?;
            }
        }
        for note in super::checks::lines(sheet, true, lang) {
            let text = format!("{}: {note}", super::checks::confirmed_heading(lang));
            writeln!(out, "{}", line(text))?;
        }
        for warning in &sheet.warnings {
            if super::checks::is_check(sheet, warning) {
                continue;
            }
            let text = format!("{}: {warning}", self.ansi("33", w.warning));
            writeln!(out, "{}", line(text))?;
        }
        for note in &sheet.notes {
            let text = format!("{}: {note}", self.ansi("36", w.note));
            writeln!(out, "{}", line(text))?;
        }
        if let Some(what_if) = &sheet.what_if {
            let mut out = fit::Wrapping::new(out, self.settings.width);
            super::advice::what_if_table(what_if, self.settings, &mut out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn cells(bar: &(String, String)) -> usize {
        bar.0.chars().count() + bar.1.chars().count()
    }

    #[test]
    fn bars_are_always_as_wide_as_asked() {
        for (p, m) in [
            ("0", "15"),
            ("3", "15"),
            ("13.5", "25"),
            ("15", "15"),
            ("7", "0"),
        ] {
            assert_eq!(cells(&bar(d(p), d(m), 20)), 20, "{p} / {m}");
        }
    }

    #[test]
    fn bars_fill_in_eighths_and_only_when_full() {
        assert_eq!(bar(d("0"), d("15"), 20).0, "");
        assert_eq!(bar(d("15"), d("15"), 20).0, "█".repeat(20));
        // 3 / 15 of 160 eighths = 32 eighths = 4 cells exactly.
        assert_eq!(bar(d("3"), d("15"), 20).0, "████");
        // 13.5 / 25 of 160 = 86.4 → 86 eighths = 10 cells and 6 eighths.
        assert_eq!(
            bar(d("13.5"), d("25"), 20).0,
            format!("{}▊", "█".repeat(10))
        );
        // 14.99 / 15 is not full.
        assert_eq!(
            bar(d("14.99"), d("15"), 20).0,
            format!("{}▉", "█".repeat(19))
        );
        // More than the weight never overflows.
        assert_eq!(bar(d("30"), d("15"), 20).0, "█".repeat(20));
    }
}
