//! `score checklist`: the 自评证明材料 checklist ([`crate::checklist::Checklist`]) in each format, one
//! file per format behind [`ChecklistRenderer`], like the sheet's renderers. Several applicants
//! make one output: a page (HTML) or a worksheet (xlsx) each, an array (JSON), one after the other
//! (table, Markdown).

pub mod html;
mod json;
mod markdown;
mod table;
pub mod words;
mod xlsx;

use std::io::{self, Write};

use crate::checklist::Checklist;
use crate::sheet::Lang;

/// The formats of `score checklist`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 终端表格 · a table for the terminal
    Table,
    /// 可打印的 A4 页面，每家单位一页 · printable A4 pages, one per applicant
    Html,
    /// 电子表格工作簿，每家单位一个工作表（须用 -o） · a workbook, a worksheet per applicant (needs -o)
    Xlsx,
    /// Markdown
    Markdown,
    /// JSON
    Json,
}

/// Writes checklists in one format, one applicant at a time, in argument order.
pub trait ChecklistRenderer {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    fn checklist(&mut self, checklist: &Checklist, out: &mut dyn Write) -> io::Result<()>;
    fn end(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// The renderer for `format`; `multiple` when more than one applicant may follow (JSON then
/// writes an array, as `score --format json` does for several files).
pub fn renderer(format: Format, lang: Lang, multiple: bool) -> Box<dyn ChecklistRenderer> {
    match format {
        Format::Table => Box::new(table::Table::new(lang)),
        Format::Html => Box::new(html::Html::new(lang)),
        Format::Xlsx => Box::new(xlsx::Xlsx::new(lang)),
        Format::Markdown => Box::new(markdown::Markdown::new(lang)),
        Format::Json => Box::new(json::Json::new(multiple)),
    }
}

/// Renders checklists as one run of the command writes them (the server's downloads, tests).
pub fn to_bytes(format: Format, lang: Lang, checklists: &[Checklist]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut r = renderer(format, lang, checklists.len() != 1);
    r.begin(&mut out)?;
    for checklist in checklists {
        r.checklist(checklist, &mut out)?;
    }
    r.end(&mut out)?;
    Ok(out)
}
