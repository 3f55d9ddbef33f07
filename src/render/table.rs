//! The default terminal sheet: items grouped by 一级/二级指标, subtotals, bonus, total, gates.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, presets};

use super::{Renderer, Settings};
use crate::num::plain;
use crate::sheet::{Lang, Sheet};

pub struct Table {
    settings: Settings,
}

impl Table {
    pub fn new(settings: Settings) -> Table {
        Table { settings }
    }
}

struct Words {
    category: &'static str,
    group: &'static str,
    item: &'static str,
    value: &'static str,
    points: &'static str,
    max: &'static str,
    subtotal: &'static str,
    base: &'static str,
    bonus: &'static str,
    total: &'static str,
    company: &'static str,
    data: &'static str,
    year: &'static str,
    gates: &'static str,
    eligible: &'static str,
    not_eligible: &'static str,
    met: &'static str,
    not_met: &'static str,
    not_given: &'static str,
    warning: &'static str,
    note: &'static str,
}

const ZH: Words = Words {
    category: "一级指标",
    group: "二级指标",
    item: "三级指标 / 评价标准",
    value: "数据",
    points: "得分",
    max: "满分",
    subtotal: "小计",
    base: "基本得分",
    bonus: "加分",
    total: "总分",
    company: "申报单位",
    data: "数据文件",
    year: "数据年度",
    gates: "申报条件",
    eligible: "符合申报条件",
    not_eligible: "不符合申报条件",
    met: "达标",
    not_met: "未达标",
    not_given: "（未填写）",
    warning: "警告",
    note: "说明",
};

const EN: Words = Words {
    category: "Category",
    group: "Group",
    item: "Indicator",
    value: "Figure",
    points: "Points",
    max: "Max",
    subtotal: "Subtotal",
    base: "Base score",
    bonus: "Bonus",
    total: "Total",
    company: "Applicant",
    data: "Data file",
    year: "Data year",
    gates: "Eligibility",
    eligible: "eligible",
    not_eligible: "NOT eligible",
    met: "met",
    not_met: "not met",
    not_given: " (not given)",
    warning: "warning",
    note: "note",
};

impl Table {
    fn words(&self) -> &'static Words {
        match self.settings.lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    fn subtotal_row(
        &self,
        label: String,
        points: rust_decimal::Decimal,
        max: rust_decimal::Decimal,
    ) -> Vec<Cell> {
        vec![
            Cell::new(""),
            Cell::new(""),
            self.paint(Cell::new(label), Color::DarkGrey),
            Cell::new(""),
            Cell::new(plain(points)),
            Cell::new(plain(max)),
        ]
    }

    fn paint(&self, cell: Cell, color: Color) -> Cell {
        if self.settings.color {
            cell.fg(color)
        } else {
            cell
        }
    }
}

impl Renderer for Table {
    fn sheet(&mut self, sheet: &Sheet, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.settings.lang;
        let w = self.words();
        writeln!(
            out,
            "{}  ({})",
            lang.pick(&sheet.title, &sheet.title_en),
            sheet.rubric
        )?;
        if let Some(company) = &sheet.company {
            writeln!(out, "{}: {company}", w.company)?;
        }
        writeln!(out, "{}: {}", w.data, sheet.data)?;
        if let Some(year) = sheet.year {
            writeln!(out, "{}: {year}", w.year)?;
        }

        let mut table = comfy_table::Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled);
        // 附件2 and 附件4 score the 二级指标 itself: a separate group column would only repeat it.
        let item_is_group = sheet.items.iter().all(|i| i.title == i.group);
        if item_is_group {
            table.set_header(vec![w.category, w.group, w.value, w.points, w.max]);
        } else {
            table.set_header(vec![w.category, w.group, w.item, w.value, w.points, w.max]);
        }
        let columns = |mut cells: Vec<Cell>| {
            if item_is_group {
                cells.remove(1);
            }
            cells
        };
        let right = if item_is_group { [3, 4] } else { [4, 5] };
        for column in right {
            if let Some(c) = table.column_mut(column) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }

        let mut last_category = None;
        for (gi, group) in sheet.groups.iter().enumerate() {
            let members: Vec<_> = sheet
                .items
                .iter()
                .filter(|i| i.group == group.title && i.category == group.category)
                .collect();
            for (n, item) in members.iter().enumerate() {
                let category = if last_category != Some(&item.category) {
                    last_category = Some(&item.category);
                    lang.pick(&item.category, &item.category_en).to_string()
                } else {
                    String::new()
                };
                let group_cell = if n == 0 && !item_is_group {
                    lang.pick(&group.title, &group.title_en).to_string()
                } else {
                    String::new()
                };
                let mut title = lang.pick(&item.title, &item.title_en).to_string();
                if self.settings.explain {
                    title.push_str("\n  ");
                    title.push_str(lang.pick(&item.explain, &item.explain_en));
                }
                let mut value = lang
                    .pick(&item.value_display, &item.value_display_en)
                    .to_string();
                if !item.given {
                    value.push_str(w.not_given);
                }
                let mut points = plain(item.points);
                if let Some(passed) = item.passed {
                    points = format!("{} {points}", if passed { w.met } else { w.not_met });
                }
                let points_cell = match item.passed {
                    Some(false) => self.paint(Cell::new(points), Color::Red),
                    _ if item.points == item.max => self.paint(Cell::new(points), Color::Green),
                    _ => Cell::new(points),
                };
                table.add_row(columns(vec![
                    Cell::new(category),
                    Cell::new(group_cell),
                    Cell::new(title),
                    Cell::new(value),
                    points_cell,
                    Cell::new(plain(item.max)),
                ]));
            }
            if members.len() > 1 {
                let label = format!(
                    "{} · {}",
                    w.subtotal,
                    lang.pick(&group.title, &group.title_en)
                );
                table.add_row(columns(self.subtotal_row(label, group.points, group.max)));
            }
            // A weighted 一级指标 (附件2, 附件4) gets its own subtotal once its last group is done.
            let category_ends = sheet
                .groups
                .get(gi + 1)
                .is_none_or(|next| next.category != group.category);
            if category_ends
                && let Some(category) = sheet
                    .categories
                    .iter()
                    .find(|c| c.title == group.category && c.weight.is_some())
                && sheet
                    .groups
                    .iter()
                    .filter(|g| g.category == category.title)
                    .count()
                    > 1
            {
                let label = format!(
                    "{} · {}",
                    w.subtotal,
                    lang.pick(&category.title, &category.title_en)
                );
                table.add_row(columns(self.subtotal_row(
                    label,
                    category.points,
                    category.max,
                )));
            }
        }
        let summary = [
            (w.base, sheet.base, sheet.base_max),
            (w.bonus, sheet.bonus, sheet.bonus_max),
            (w.total, sheet.total, sheet.base_max + sheet.bonus_max),
        ];
        for (label, points, max) in summary {
            if label == w.bonus && sheet.bonus_max.is_zero() {
                continue;
            }
            table.add_row(columns(vec![
                self.paint(Cell::new(label), Color::Cyan),
                Cell::new(""),
                Cell::new(""),
                Cell::new(""),
                self.paint(Cell::new(plain(points)), Color::Cyan),
                Cell::new(plain(max.normalize())),
            ]));
        }
        writeln!(out, "{table}")?;

        if let Some(eligible) = sheet.eligible {
            let verdict = if eligible { w.eligible } else { w.not_eligible };
            writeln!(out, "{}: {verdict}", w.gates)?;
            for gate in &sheet.gates {
                let mark = if gate.passed { "✓" } else { "✗" };
                writeln!(
                    out,
                    "  {mark} {}: {}",
                    lang.pick(&gate.title, &gate.title_en),
                    lang.pick(&gate.detail, &gate.detail_en)
                )?;
            }
        }
        for warning in &sheet.warnings {
            writeln!(out, "{}: {warning}", w.warning)?;
        }
        for note in &sheet.notes {
            writeln!(out, "{}: {note}", w.note)?;
        }
        if let Some(what_if) = &sheet.what_if {
            super::advice::what_if_table(what_if, self.settings, out)?;
        }
        Ok(())
    }

    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
