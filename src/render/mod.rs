//! Renderers turn [`Sheet`]s into bytes, one file per format behind a small trait.

pub mod advice;
pub mod checklist;
pub mod checks;
pub mod csv;
pub mod html;
mod json;
pub mod json_writer;
pub mod layout;
pub mod markdown;
pub mod table;
pub mod width;
pub mod words;
pub mod workbook;
pub mod xlsx;

use std::io::{self, Write};

use crate::sheet::{Lang, Sheet};

/// The output formats of `score` (`--format`), of its sheets and of its summary alike. The one
/// type the command line, the renderers and the summary share; its doc comments are `--help`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 终端表格 · a table for the terminal
    Table,
    /// JSON
    Json,
    /// 每行一个 JSON 对象 · one JSON object a line
    Jsonl,
    /// 表格软件（Excel、WPS） · for Excel and WPS
    Csv,
    /// Markdown
    Markdown,
    /// 可打印、盖章的 A4 页面 · a printable A4 page to stamp
    Html,
    // A workbook: binary, written whole at the end.
    /// 电子表格工作簿，供 Excel、WPS 打开（二进制，须用 -o 写入文件） · an Excel workbook (binary: write it to a
    /// file with -o)
    Xlsx,
}

impl Format {
    /// Whether the output is binary (not for a terminal).
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }
}

/// What every renderer may need to know.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings {
    pub lang: Lang,
    /// Show the arithmetic under each item.
    pub explain: bool,
    /// Colour the terminal output.
    pub color: bool,
    /// More than one sheet will be written.
    pub multiple: bool,
    /// The terminal's width, when output goes to a terminal ([`width::detect`]); `None` keeps
    /// the layout that scripts and snapshots know.
    pub width: Option<u16>,
}

/// Writes sheets in one format. Sheets arrive one at a time, in argument order, so output streams.
pub trait Renderer {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    fn sheet(&mut self, sheet: &Sheet, out: &mut dyn Write) -> io::Result<()>;
    /// The workbook this renderer writes, for worksheets that follow its sheets (a batch's
    /// summary); `None` for the text formats, whose summary is written after them as text.
    fn workbook(&mut self) -> Option<workbook::Sink<'_>> {
        None
    }
    fn end(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

pub fn renderer(format: Format, settings: Settings) -> Box<dyn Renderer> {
    match format {
        Format::Table => Box::new(table::Table::new(settings)),
        Format::Json => Box::new(json::Json::new(settings, false)),
        Format::Jsonl => Box::new(json::Json::new(settings, true)),
        Format::Csv => Box::new(csv::Csv::new(settings)),
        Format::Markdown => Box::new(markdown::Markdown::new(settings)),
        Format::Html => Box::new(html::Html::new(settings)),
        Format::Xlsx => Box::new(xlsx::Xlsx::new(settings)),
    }
}

/// Renders one sheet to a string (tests, snapshots).
pub fn to_string(format: Format, settings: Settings, sheet: &Sheet) -> String {
    String::from_utf8_lossy(&to_bytes(format, settings, std::slice::from_ref(sheet))).into_owned()
}

/// Renders sheets as one run of the command would write them, bytes and all (a CSV's BOM).
pub fn to_bytes(format: Format, settings: Settings, sheets: &[Sheet]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut r = renderer(format, settings);
    // Writing to a Vec cannot fail; a renderer's own error would show as missing output in tests.
    let mut written = r.begin(&mut out);
    for (n, sheet) in sheets.iter().enumerate() {
        if n > 0 && format == Format::Table {
            out.push(b'\n');
        }
        written = written.and_then(|_| r.sheet(sheet, &mut out));
    }
    written = written.and_then(|_| r.end(&mut out));
    debug_assert!(written.is_ok());
    out
}
