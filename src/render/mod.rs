//! Renderers turn [`Sheet`]s into bytes, one file per format behind a small trait.

pub mod advice;
mod json;
mod table;

use std::io::{self, Write};

use crate::sheet::{Lang, Sheet};

/// Output formats of a score sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Jsonl,
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
}

/// Writes sheets in one format. Sheets arrive one at a time, in argument order, so output streams.
pub trait Renderer {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    fn sheet(&mut self, sheet: &Sheet, out: &mut dyn Write) -> io::Result<()>;
    fn end(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

pub fn renderer(format: Format, settings: Settings) -> Box<dyn Renderer> {
    match format {
        Format::Table => Box::new(table::Table::new(settings)),
        Format::Json => Box::new(json::Json::new(settings, false)),
        Format::Jsonl => Box::new(json::Json::new(settings, true)),
    }
}

/// Renders one sheet to a string (tests, snapshots).
pub fn to_string(format: Format, settings: Settings, sheet: &Sheet) -> String {
    let mut out = Vec::new();
    let mut r = renderer(format, settings);
    // Writing to a Vec cannot fail.
    let written = r
        .begin(&mut out)
        .and_then(|_| r.sheet(sheet, &mut out))
        .and_then(|_| r.end(&mut out));
    debug_assert!(written.is_ok());
    String::from_utf8_lossy(&out).into_owned()
}
