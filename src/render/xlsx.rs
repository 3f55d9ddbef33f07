//! `--format xlsx`: the score sheet as a workbook laid out like the official 自评表, the same
//! table as the HTML sheet ([`super::html`]): the columns of the sheet's [`Form`], the 一级/二级指标
//! cells merged over their rows as in the 附件, every score a number cell, the totals as values
//! (not formulas another program might recompute differently), then the gates, warnings and the
//! 申报单位（盖章） and 日期 line. A4, fit to one page wide, the header row repeated on each page.
//!
//! Several sheets go into one workbook, one worksheet per company, and a batch's summary follows
//! as its own worksheet ([`Renderer::workbook`]). A workbook is a zip archive written whole, so the
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
}

impl Formats {
    fn new() -> Formats {
        let cell = workbook::table_cell();
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
            head: workbook::heading_cell(),
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
        // The form is stamped as one page, as the HTML sheet prints: shrunk to fit one A4 page.
        ws.set_print_fit_to_pages(1, 1);
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

        self.meta_rows(ws, sheet)?;

        self.header_row(ws, &columns)?;

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
        // Nothing but the form on paper: no "computed by" line and no file path (as the HTML
        // sheet, which keeps them in a comment).
        ws.set_print_area(0, 0, self.row - 1, last)?;
        Ok(())
    }

    /// The table's header row, each heading broken as the notice breaks it
    /// ([`heading_lines`]), the row tall enough for it and repeated on every printed page.
    fn header_row(
        &mut self,
        ws: &mut Worksheet,
        columns: &[(u32, &'static str)],
    ) -> Result<(), XlsxError> {
        let header = self.row;
        let headings: Vec<String> = columns
            .iter()
            .zip(&self.widths)
            .map(|((_, h), width)| heading_lines(h, *width))
            .collect();
        for (c, heading) in headings.iter().enumerate() {
            workbook::write_text(ws, header, c as u16, heading, &self.f.head)?;
        }
        ws.set_row_height(
            header,
            workbook::row_height(
                headings
                    .iter()
                    .zip(&self.widths)
                    .map(|(h, width)| workbook::lines(h, *width))
                    .max()
                    .unwrap_or(1),
            ),
        )?;
        ws.set_repeat_rows(header, header)?;
        self.row += 1;
        Ok(())
    }

    /// 申报单位 and 数据年度, a row each across the page: a long name wraps inside its merged
    /// cell, never clipped by the year beside it.
    fn meta_rows(&mut self, ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
        let w = self.w();
        let sep = match self.settings.lang {
            Lang::Zh => "：",
            Lang::En => ": ",
        };
        let company = sheet.company.clone().unwrap_or_default();
        let year = sheet
            .year
            .map(|y| format!("{y}{}", w.year_suffix))
            .unwrap_or_default();
        let meta = self.f.meta.clone().set_text_wrap();
        self.line(ws, &format!("{}{sep}{company}", w.company), &meta)?;
        self.line(ws, &format!("{}{sep}{year}", w.year), &meta)?;
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
        // As the HTML sheet: a figure that could not be had for want of data says （未填写）,
        // without the working's key names; the plain sheet prints the figures it shows.
        let unknown = !item.given && (item.value.is_none() || columns_explain);
        if (!columns_explain || item.value.is_none()) && !unknown {
            let working = words::working(lang, &item.explain);
            lines.push(if self.settings.explain {
                working
            } else {
                super::html::printed(&working)
            });
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

    /// A weight cell: the number, or empty for a bonus group without a weight of its own.
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
            // The notice leaves 加分's 权重 empty: its cap is in its text.
            None if bonus => workbook::merge_text(ws, rows.0, col, rows.1, col, "", f),
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
        for view in layout::categories(sheet) {
            let CategoryView { category, groups } = &view;
            // 附件1's 加分 and 附件3's 其他 are one group named as their category: one merged cell.
            let merged = groups.len() == 1 && groups[0].group.title == category.title;
            self.category_cell(ws, &view, form, merged)?;
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
                    self.item_row(ws, sheet, form, item)?;
                }
            }
        }
        Ok(())
    }

    /// The 一级指标 cell, merged over the category's rows (and the 二级指标 column when the
    /// category is its one group); 附件2's with its weight under the title.
    fn category_cell(
        &self,
        ws: &mut Worksheet,
        view: &CategoryView<'_>,
        form: Form,
        merged: bool,
    ) -> Result<(), XlsxError> {
        let lang = self.settings.lang;
        let category = view.category;
        let first_row = self.row;
        // `layout::categories` leaves out categories without items: at least one row.
        let category_rows = (view.item_count() as u32).max(1);
        let category_title = category.title.pick(lang);
        let category_text = match (form, words::category_weight(category, lang)) {
            (Form::Criteria, Some(weight)) => format!("{category_title}\n{weight}"),
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
        )
    }

    /// One item's row: its texts in their columns, the points (but on 附件3, whose 评价结果 holds
    /// them), the row as tall as its tallest cell.
    fn item_row(
        &mut self,
        ws: &mut Worksheet,
        sheet: &Sheet,
        form: Form,
        item: &ItemResult,
    ) -> Result<(), XlsxError> {
        let row = self.row;
        let mut texts = match form {
            Form::Indicators | Form::Criteria => self.item_texts(form, item),
            Form::Requirements => self.requirement_texts(ws, row, item)?,
        };
        // A figure that looks wrong, not confirmed: marked where the row begins.
        let mark = super::checks::mark(sheet, item);
        if let (false, Some((text, _))) = (mark.is_empty(), texts.first_mut()) {
            text.insert_str(0, &format!("{mark} "));
        }
        let mut lines = 1;
        for (text, col) in &texts {
            let format =
                if *col == 3 && form == Form::Indicators || *col == 2 && form != Form::Indicators {
                    &self.f.text
                } else {
                    &self.f.center
                };
            workbook::write_text(ws, row, *col, text, format)?;
            lines = lines.max(workbook::lines(text, self.widths[*col as usize]));
        }
        if form != Form::Requirements {
            let points_col = self.last_col();
            workbook::write_decimal(ws, row, points_col, item.points, &self.f.points)?;
        }
        ws.set_row_height(row, workbook::row_height(lines))?;
        self.row += 1;
        Ok(())
    }

    /// The texts of an 附件1 or 附件2 row, each with its column.
    fn item_texts(&self, form: Form, item: &ItemResult) -> Vec<(String, u16)> {
        let lang = self.settings.lang;
        if form == Form::Indicators {
            let text = match lang {
                Lang::Zh => layout::printed_criterion(item),
                Lang::En => &item.title.en,
            };
            return vec![(Self::with_calc(text, self.calc(item, false)), 3)];
        }
        let title = item.title.pick(lang);
        let suffix = (self.w().points_suffix)(&plain(item.max));
        let text = match lang {
            Lang::Zh => layout::criterion(item),
            Lang::En => "",
        };
        vec![
            (suffixed(title, suffix.trim(), self.widths[1]), 1),
            (Self::with_calc(text, self.calc(item, false)), 2),
        ]
    }

    /// The texts of an 附件3 row, its weight written; 评价结果 holds the figure, the verdict and
    /// the points, as the notice prints the table (it ends there).
    fn requirement_texts(
        &self,
        ws: &mut Worksheet,
        row: u32,
        item: &ItemResult,
    ) -> Result<Vec<(String, u16)>, XlsxError> {
        let lang = self.settings.lang;
        let w = self.w();
        let title = item.title.pick(lang);
        if item.bonus {
            let cap = format!("≤{}", plain(item.max));
            workbook::write_text(ws, row, 3, &cap, &self.f.number)?;
        } else {
            workbook::write_decimal(ws, row, 3, item.max, &self.f.number)?;
        }
        let verdict = match item.passed {
            Some(true) => w.met,
            _ => w.not_met,
        };
        let points = match lang {
            Lang::Zh => format!("得 {} 分", plain(item.points)),
            Lang::En => format!("{} points", plain(item.points)),
        };
        let figure = super::html::printed(item.value_display.pick(lang));
        Ok(vec![
            (Self::with_calc(title, self.calc(item, true)), 2),
            (item.unit.to_string(), 4),
            (item.requirement.clone().unwrap_or_default(), 5),
            (
                format!("{figure} {verdict}\n{points}").trim().to_string(),
                6,
            ),
        ])
    }

    fn totals(&mut self, ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
        let rows = layout::total_rows(sheet, self.settings.lang);
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
                    super::html::titled(
                        &sheet.rubric,
                        lang,
                        &super::html::printed(gate.detail.pick(lang))
                    )
                ));
            }
            self.line(ws, &text, &remark)?;
        }
        // Suspect figures with where they stand, and those confirmed.
        let unconfirmed = super::checks::lines(sheet, false, lang);
        let confirmed = super::checks::lines(sheet, true, lang);
        // As the HTML sheet: the other warnings and the notes are the program's words about the
        // file (raw keys and all): on stderr and in JSON, not on the stamped page.
        for (heading, list) in [
            (super::checks::heading(lang), &unconfirmed),
            (super::checks::confirmed_heading(lang), &confirmed),
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

/// A heading as its cell shows it: one that does not fit its column breaks before its bracket
/// (`权重` / `（分）`), else between its halves as the notice prints them (`一级` / `指标`), never
/// before a lone `）` nor inside an English word.
fn heading_lines(heading: &str, width: f64) -> String {
    let fits = crate::render::layout::width(heading) as f64 <= width - 1.0;
    if fits || heading.is_ascii() {
        return heading.to_string();
    }
    if let Some(at) = heading.find(['（', '(']).filter(|&at| at > 0) {
        return format!("{}\n{}", heading[..at].trim_end(), &heading[at..]);
    }
    let chars: Vec<char> = heading.chars().collect();
    let half = chars.len().div_ceil(2);
    let (first, second): (String, String) = (
        chars[..half].iter().collect(),
        chars[half..].iter().collect(),
    );
    format!("{first}\n{second}")
}

/// A title and its `（5分）`, the suffix on a line of its own when the two would not fit one line
/// (a spreadsheet would otherwise break `（5分` / `）`).
fn suffixed(title: &str, suffix: &str, width: f64) -> String {
    let both = crate::render::layout::width(title) + crate::render::layout::width(suffix);
    if both as f64 <= width - 3.0 || suffix.is_empty() {
        format!("{title}{suffix}")
    } else {
        format!("{title}\n{suffix}")
    }
}
