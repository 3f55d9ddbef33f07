//! `--format xlsx`: a worksheet per applicant (each prints on its own page), A4 portrait fit to
//! one page, the header row repeated, the 页码 column empty for the applicant to fill in.
//! Text cells are neutralised as every workbook of `score` is ([`workbook::write_text`]).

use std::io::{self, Write};

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::ChecklistRenderer;
use super::words::{self, words};
use crate::checklist::Checklist;
use crate::render::workbook::{self, SheetNames, io_error};
use crate::sheet::Lang;

pub struct Xlsx {
    lang: Lang,
    workbook: Workbook,
    names: SheetNames,
    worksheets: usize,
}

impl Xlsx {
    pub fn new(lang: Lang) -> Xlsx {
        Xlsx {
            lang,
            workbook: Workbook::new(),
            names: SheetNames::default(),
            worksheets: 0,
        }
    }
}

/// Column widths in characters: 序号 类别 指标 申报数据 得分 证明材料 页码.
const WIDTHS: [f64; 7] = [5.0, 8.0, 24.0, 18.0, 8.0, 32.0, 8.0];

struct Formats {
    title: Format,
    line: Format,
    head: Format,
    text: Format,
    center: Format,
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
            line: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            head: workbook::heading_cell(),
            center: cell.clone().set_align(FormatAlign::Center),
            text: cell,
        }
    }
}

/// A line of text across the page, as tall as its wrapped text.
fn line(ws: &mut Worksheet, row: u32, text: &str, format: &Format) -> Result<(), XlsxError> {
    let last = (WIDTHS.len() - 1) as u16;
    workbook::merge_text(ws, row, 0, row, last, text, format)?;
    let lines = workbook::lines(text, WIDTHS.iter().sum());
    ws.set_row_height(row, workbook::row_height(lines))?;
    Ok(())
}

fn write(ws: &mut Worksheet, c: &Checklist, lang: Lang) -> Result<(), XlsxError> {
    let w = words(lang);
    let f = Formats::new();
    workbook::a4(ws);
    // One page per applicant, as the HTML checklist prints: at most ~25 rows, so the scale
    // stays readable, and a clerk files one sheet before each applicant's proofs.
    ws.set_print_fit_to_pages(1, 1);
    for (col, width) in WIDTHS.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    let mut row = 0;
    if !c.source_ref.is_empty() {
        line(ws, row, &c.source_ref, &f.line)?;
        row += 1;
    }
    line(ws, row, w.heading, &f.title)?;
    ws.set_row_height(row, 24)?;
    row += 1;
    for text in [
        c.title.pick(lang).to_string(),
        words::meta(c, lang).join("    "),
        format!(
            "{}。{}",
            w.reference,
            if c.rows.is_empty() { "" } else { w.how }
        ),
    ] {
        line(ws, row, &text, &f.line)?;
        row += 1;
    }
    if c.rows.is_empty() {
        line(ws, row, w.nothing, &f.line)?;
        row += 1;
    } else {
        let head = [
            w.number, w.kind, w.item, w.figure, w.points, w.evidence, w.pages,
        ];
        for (col, text) in head.iter().enumerate() {
            ws.write_string_with_format(row, col as u16, *text, &f.head)?;
        }
        ws.set_repeat_rows(row, row)?;
        row += 1;
        for (n, r) in c.rows.iter().enumerate() {
            let cells = [
                (n + 1).to_string(),
                words::kind(r, w).to_string(),
                r.title(lang).to_string(),
                words::figure(r, lang, w),
                words::points(r, w),
                r.evidence(lang, "\n"),
                String::new(),
            ];
            let mut lines = 1;
            for (col, text) in cells.iter().enumerate() {
                let format = if matches!(col, 0 | 1 | 4) {
                    &f.center
                } else {
                    &f.text
                };
                workbook::write_text(ws, row, col as u16, text, format)?;
                lines = lines.max(workbook::lines(text, WIDTHS[col]));
            }
            ws.set_row_height(row, workbook::row_height(lines))?;
            row += 1;
        }
    }
    if let Some(unmet) = words::unmet(c, lang) {
        line(ws, row + 1, &unmet, &f.line)?;
    }
    Ok(())
}

impl ChecklistRenderer for Xlsx {
    fn checklist(&mut self, c: &Checklist, _out: &mut dyn Write) -> io::Result<()> {
        let name = self.names.name(c.who());
        let ws = self.workbook.add_worksheet();
        ws.set_name(name).map_err(io_error)?;
        self.worksheets += 1;
        write(ws, c, self.lang).map_err(io_error)
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.worksheets == 0 {
            return Ok(());
        }
        let bytes = self.workbook.save_to_buffer().map_err(io_error)?;
        out.write_all(&bytes)
    }
}
