//! `--format xlsx`: the score sheet as a workbook laid out like the official 自评表, the same
//! table as the HTML sheet ([`super::html`]): the columns of the sheet's [`Form`], the 一级/二级指标
//! cells merged over their rows as in the 附件, every score a number cell, the totals as values
//! (not formulas another program might recompute differently), then the gates, warnings and the
//! 申报单位（盖章） and 日期 line. A4, fit to one page wide, the header row repeated on each page.
//!
//! Several sheets go into one workbook, one worksheet per company, and a batch's summary follows
//! as its own worksheet ([`Renderer::summary`]). A workbook is a zip archive written whole, so the
//! sheets are laid into it as they arrive and the bytes go out at [`Renderer::end`].

use std::io::{self, Write};

use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::layout::{self, CategoryView, Form};
use super::words::{self, Labels, words};
use super::workbook::{self, SheetNames, io_error};
use super::{Renderer, Settings};
use crate::num::plain;
use crate::sheet::{ItemResult, Lang, Sheet};

pub struct Xlsx {
    settings: Settings,
    workbook: Workbook,
    names: SheetNames,
    /// Worksheets added: none means nothing to write, as a text format writes nothing for a
    /// file that failed (an empty workbook would pass for a result).
    worksheets: usize,
}

impl Xlsx {
    pub fn new(settings: Settings) -> Xlsx {
        Xlsx {
            settings,
            workbook: Workbook::new(),
            names: SheetNames::default(),
            worksheets: 0,
        }
    }
}

impl Renderer for Xlsx {
    fn sheet(&mut self, sheet: &Sheet, _out: &mut dyn Write) -> io::Result<()> {
        let name = self.names.name(sheet.who());
        let ws = self.workbook.add_worksheet();
        ws.set_name(name).map_err(io_error)?;
        self.worksheets += 1;
        Page::new(self.settings).write(ws, sheet).map_err(io_error)
    }

    fn workbook(&mut self) -> Option<workbook::Sink<'_>> {
        // Whatever is added makes the workbook worth writing.
        self.worksheets += 1;
        Some(workbook::Sink {
            workbook: &mut self.workbook,
            names: &mut self.names,
            lang: self.settings.lang,
        })
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.worksheets == 0 {
            return Ok(());
        }
        let bytes = self.workbook.save_to_buffer().map_err(io_error)?;
        out.write_all(&bytes)
    }
}

/// The cell formats of one page.
struct Formats {
    title: Format,
    reference: Format,
    meta: Format,
    head: Format,
    center: Format,
    text: Format,
    number: Format,
    points: Format,
    sum_label: Format,
    sum: Format,
    remark: Format,
    warning: Format,
    small: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(15)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            reference: Format::new().set_font_size(10.5),
            meta: Format::new()
                .set_font_size(10.5)
                .set_align(FormatAlign::VerticalCenter),
            head: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color("#F0F0F0"),
            center: cell.clone().set_align(FormatAlign::Center),
            text: cell.clone(),
            number: cell.clone().set_align(FormatAlign::Center),
            points: cell.clone().set_align(FormatAlign::Center).set_bold(),
            sum_label: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Right)
                .set_background_color("#FAFAFA"),
            sum: cell.set_align(FormatAlign::Center).set_bold(),
            remark: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            warning: Format::new()
                .set_text_wrap()
                .set_bold()
                .set_font_color(Color::RGB(0xAA0000))
                .set_border(FormatBorder::Medium)
                .set_border_color(Color::RGB(0xAA0000)),
            small: Format::new()
                .set_font_size(8)
                .set_font_color(Color::RGB(0x666666)),
        }
    }
}

/// One worksheet being written, row by row.
struct Page {
    settings: Settings,
    f: Formats,
    /// Column widths in characters.
    widths: Vec<f64>,
    row: u32,
}

/// Characters across an A4 page at fit-to-width: the HTML sheet's percentages become widths.
const PAGE_CHARS: f64 = 100.0;

impl Page {
    fn new(settings: Settings) -> Page {
        Page {
            settings,
            f: Formats::new(),
            widths: Vec::new(),
            row: 0,
        }
    }

    fn w(&self) -> &'static Labels {
        words(self.settings.lang)
    }

    fn last_col(&self) -> u16 {
        (self.widths.len() - 1) as u16
    }

    /// Width in characters of columns `first..=last`.
    fn span_width(&self, first: u16, last: u16) -> f64 {
        self.widths[first as usize..=last as usize].iter().sum()
    }

    /// A line of text across the whole page (heading, remark, seal line).
    fn line(&mut self, ws: &mut Worksheet, text: &str, format: &Format) -> Result<(), XlsxError> {
        let last = self.last_col();
        workbook::merge_text(ws, self.row, 0, self.row, last, text, format)?;
        let lines = workbook::lines(text, self.span_width(0, last));
        ws.set_row_height(self.row, workbook::row_height(lines))?;
        self.row += 1;
        Ok(())
    }

    fn write(mut self, ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
        let lang = self.settings.lang;
        let w = self.w();
        let sep = match lang {
            Lang::Zh => "：",
            Lang::En => ": ",
        };
        let form = layout::form(sheet);
        let columns = super::html::columns(form, lang, w);
        self.widths = columns
            .iter()
            .map(|(pct, _)| (f64::from(*pct) * PAGE_CHARS / 100.0).max(5.0))
            .collect();
        for (c, width) in self.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *width)?;
        }
        workbook::a4(ws);
        let last = self.last_col();

        if !sheet.source_ref.is_empty() {
            let reference = self.f.reference.clone();
            self.line(ws, &sheet.source_ref, &reference)?;
        }
        let title = self.f.title.clone();
        workbook::merge_text(
            ws,
            self.row,
            0,
            self.row,
            last,
            sheet.title.pick(lang),
            &title,
        )?;
        ws.set_row_height(self.row, 28)?;
        self.row += 1;

        // A sheet scored on assumed figures must not pass for the applicant's own: say so first.
        if let Some(what_if) = &sheet.what_if {
            let mut text = w.what_if_banner.to_string();
            for (key, to, from) in words::assumptions(sheet, lang) {
                text.push_str(&format!("\n{key} = {to}{}", words::was(lang, &from)));
            }
            text.push_str(&format!(
                "\n{}{sep}{}",
                w.total_before,
                plain(what_if.total_before)
            ));
            let warning = self.f.warning.clone();
            self.line(ws, &text, &warning)?;
        }

        let company = sheet.company.clone().unwrap_or_default();
        let year = sheet
            .year
            .map(|y| format!("{y}{}", w.year_suffix))
            .unwrap_or_default();
        let meta = self.f.meta.clone();
        let split = last.saturating_sub(1).max(1);
        workbook::merge_text(
            ws,
            self.row,
            0,
            self.row,
            split - 1,
            &format!("{}{sep}{company}", w.company),
            &meta,
        )?;
        workbook::merge_text(
            ws,
            self.row,
            split,
            self.row,
            last,
            &format!("{}{sep}{year}", w.year),
            &meta,
        )?;
        ws.set_row_height(self.row, 20)?;
        self.row += 1;

        let header = self.row;
        for (c, (_, heading)) in columns.iter().enumerate() {
            workbook::write_text(ws, header, c as u16, heading, &self.f.head)?;
        }
        ws.set_row_height(
            header,
            workbook::row_height(
                columns
                    .iter()
                    .zip(&self.widths)
                    .map(|((_, h), width)| workbook::lines(h, *width))
                    .max()
                    .unwrap_or(1),
            ),
        )?;
        ws.set_repeat_rows(header, header)?;
        self.row += 1;

        self.items(ws, sheet, form)?;
        self.totals(ws, sheet)?;
        self.remarks(ws, sheet)?;

        self.row += 1;
        let seal = format!(
            "{}{sep}{}{}{sep}{}",
            w.seal,
            " ".repeat(24),
            w.date,
            match lang {
                Lang::Zh => format!("　　　　{}", w.date_blank),
                Lang::En => String::new(),
            }
        );
        let meta = self.f.meta.clone();
        self.line(ws, &seal, &meta)?;
        ws.set_row_height(self.row - 1, 40)?;
        let small = self.f.small.clone();
        let generated = format!("{} · {} · {}", w.generated, sheet.rubric, sheet.data);
        self.line(ws, &generated, &small)?;
        Ok(())
    }

    /// The arithmetic under an item's text, as the HTML sheet shows it ([`super::html`]).
    fn calc(&self, item: &ItemResult, columns_explain: bool) -> Vec<String> {
        let lang = self.settings.lang;
        let mut lines = Vec::new();
        if self.settings.explain {
            let derivation = item.derivation_text(lang);
            if !derivation.is_empty() {
                lines.push(derivation);
            }
        }
        if !columns_explain || item.value.is_none() {
            lines.push(item.explain.pick(lang).to_string());
        }
        if !item.given {
            lines.push(self.w().not_given.trim().to_string());
        }
        lines.retain(|l| !l.is_empty());
        lines
    }

    fn with_calc(text: &str, calc: Vec<String>) -> String {
        std::iter::once(text.to_string())
            .chain(calc)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A weight cell: the number, or `≤N` for a bonus group without a weight of its own.
    fn weight(
        &self,
        ws: &mut Worksheet,
        rows: (u32, u32),
        col: u16,
        weight: Option<Decimal>,
        max: Decimal,
        bonus: bool,
    ) -> Result<(), XlsxError> {
        let f = &self.f.number;
        match weight {
            None if bonus => {
                workbook::merge_text(ws, rows.0, col, rows.1, col, &format!("≤{}", plain(max)), f)
            }
            weight => {
                let value = weight.unwrap_or(max);
                if rows.0 != rows.1 {
                    ws.merge_range(rows.0, col, rows.1, col, "", f)?;
                }
                workbook::write_decimal(ws, rows.0, col, value, f)
            }
        }
    }

    fn items(&mut self, ws: &mut Worksheet, sheet: &Sheet, form: Form) -> Result<(), XlsxError> {
        let lang = self.settings.lang;
        let w = self.w();
        let points_col = self.last_col();
        for view in layout::categories(sheet) {
            let CategoryView { category, groups } = &view;
            let first_row = self.row;
            // `layout::categories` leaves out categories without items: at least one row.
            let category_rows = (view.item_count() as u32).max(1);
            let category_title = category.title.pick(lang);
            // 附件1's 加分 and 附件3's 其他 are one group named as their category: one merged cell.
            let merged = groups.len() == 1 && groups[0].group.title.zh == category.title.zh;
            let category_text = match (form, category.weight) {
                (Form::Criteria, Some(weight)) => format!(
                    "{category_title}\n{}",
                    (w.points_suffix)(&plain(weight)).trim()
                ),
                _ => category_title.to_string(),
            };
            let category_last_col = match form {
                Form::Indicators | Form::Requirements if merged => 1,
                _ => 0,
            };
            workbook::merge_text(
                ws,
                first_row,
                0,
                first_row + category_rows - 1,
                category_last_col,
                &category_text,
                &self.f.center,
            )?;
            for gv in groups {
                let group = gv.group;
                let group_first = self.row;
                let group_last = group_first + (gv.items.len() as u32).max(1) - 1;
                if matches!(form, Form::Indicators | Form::Requirements) && !merged {
                    let title = group.title.pick(lang);
                    workbook::merge_text(ws, group_first, 1, group_last, 1, title, &self.f.center)?;
                }
                if form == Form::Indicators {
                    self.weight(
                        ws,
                        (group_first, group_last),
                        2,
                        group.weight,
                        group.max,
                        group.bonus,
                    )?;
                }
                for item in &gv.items {
                    let row = self.row;
                    // The tallest cell of the row sets its height.
                    let mut texts: Vec<(String, u16)> = Vec::new();
                    match form {
                        Form::Indicators => {
                            let text = match lang {
                                Lang::Zh => layout::printed_criterion(item),
                                Lang::En => &item.title.en,
                            };
                            texts.push((Self::with_calc(text, self.calc(item, false)), 3));
                        }
                        Form::Criteria => {
                            let title = item.title.pick(lang);
                            texts.push((
                                format!("{title}{}", (w.points_suffix)(&plain(item.max)).trim()),
                                1,
                            ));
                            let text = match lang {
                                Lang::Zh => layout::criterion(item),
                                Lang::En => "",
                            };
                            texts.push((Self::with_calc(text, self.calc(item, false)), 2));
                        }
                        Form::Requirements => {
                            let title = item.title.pick(lang);
                            texts.push((Self::with_calc(title, self.calc(item, true)), 2));
                            if item.bonus {
                                workbook::write_text(
                                    ws,
                                    row,
                                    3,
                                    &format!("≤{}", plain(item.max)),
                                    &self.f.number,
                                )?;
                            } else {
                                workbook::write_decimal(ws, row, 3, item.max, &self.f.number)?;
                            }
                            let verdict = match item.passed {
                                Some(true) => w.met,
                                _ => w.not_met,
                            };
                            texts.push((item.unit.to_string(), 4));
                            texts.push((item.requirement.clone().unwrap_or_default(), 5));
                            texts.push((
                                format!("{} {verdict}", item.value_display.pick(lang))
                                    .trim()
                                    .to_string(),
                                6,
                            ));
                        }
                    }
                    // A figure that looks wrong, not confirmed: marked where the row begins.
                    let mark = super::checks::mark(sheet, item);
                    if let (false, Some((text, _))) = (mark.is_empty(), texts.first_mut()) {
                        text.insert_str(0, &format!("{mark} "));
                    }
                    let mut lines = 1;
                    for (text, col) in &texts {
                        let format = if *col == 3 && form == Form::Indicators
                            || *col == 2 && form != Form::Indicators
                        {
                            &self.f.text
                        } else {
                            &self.f.center
                        };
                        workbook::write_text(ws, row, *col, text, format)?;
                        lines = lines.max(workbook::lines(text, self.widths[*col as usize]));
                    }
                    workbook::write_decimal(ws, row, points_col, item.points, &self.f.points)?;
                    ws.set_row_height(row, workbook::row_height(lines))?;
                    self.row += 1;
                }
            }
        }
        Ok(())
    }

    fn totals(&mut self, ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
        let lang = self.settings.lang;
        let w = self.w();
        let max_suffix = |max: Decimal| match lang {
            Lang::Zh => format!("（满分{}）", plain(max)),
            Lang::En => format!(" (of {})", plain(max)),
        };
        let mut rows = Vec::new();
        if !sheet.bonus_max.is_zero() {
            rows.push((
                format!("{}{}", w.base, max_suffix(sheet.base_max)),
                sheet.base,
            ));
            let cap = match lang {
                Lang::Zh => format!("（{}）", (w.at_most)(&plain(sheet.bonus_max))),
                Lang::En => format!(" ({})", (w.at_most)(&plain(sheet.bonus_max))),
            };
            rows.push((format!("{}{cap}", w.bonus), sheet.bonus));
        }
        rows.push((
            format!(
                "{}{}",
                w.total,
                max_suffix(sheet.base_max + sheet.bonus_max)
            ),
            sheet.total,
        ));
        let last = self.last_col();
        for (label, points) in rows {
            workbook::merge_text(
                ws,
                self.row,
                0,
                self.row,
                last - 1,
                &label,
                &self.f.sum_label,
            )?;
            workbook::write_decimal(ws, self.row, last, points, &self.f.sum)?;
            ws.set_row_height(self.row, 20)?;
            self.row += 1;
        }
        Ok(())
    }

    fn remarks(&mut self, ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
        let lang = self.settings.lang;
        let w = self.w();
        let sep = match lang {
            Lang::Zh => "：",
            Lang::En => ": ",
        };
        let remark = self.f.remark.clone();
        if sheet.eligible.is_some()
            || !sheet.warnings.is_empty()
            || !sheet.notes.is_empty()
            || !sheet.checks.is_empty()
        {
            self.row += 1;
        }
        if let Some(eligible) = sheet.eligible {
            let verdict = if eligible { w.eligible } else { w.not_eligible };
            let mut text = format!("{}{sep}{verdict}", w.gates);
            for gate in &sheet.gates {
                let mark = if gate.passed { "✓" } else { "✗" };
                text.push_str(&format!(
                    "\n{mark} {}{sep}{}",
                    gate.title.pick(lang),
                    gate.detail.pick(lang)
                ));
            }
            self.line(ws, &text, &remark)?;
        }
        // Suspect figures with where they stand; the other warnings after them, once.
        let warnings: Vec<String> = sheet
            .warnings
            .iter()
            .filter(|m| !super::checks::is_check(sheet, m))
            .cloned()
            .collect();
        let unconfirmed = super::checks::lines(sheet, false, lang);
        let confirmed = super::checks::lines(sheet, true, lang);
        for (heading, list) in [
            (super::checks::heading(lang), &unconfirmed),
            (super::checks::confirmed_heading(lang), &confirmed),
            (w.warnings, &warnings),
            (w.notes, &sheet.notes),
        ] {
            if list.is_empty() {
                continue;
            }
            let text = std::iter::once(heading.to_string())
                .chain(list.iter().map(|m| format!("· {m}")))
                .collect::<Vec<_>>()
                .join("\n");
            self.line(ws, &text, &remark)?;
        }
        Ok(())
    }
}
