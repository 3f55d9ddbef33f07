//! `--format json` (one object, or an array for several files) and `--format jsonl` (one a line).

use std::io::{self, Write};

use super::{Renderer, Settings, json_writer};
use crate::sheet::Sheet;

pub struct Json {
    settings: Settings,
    lines: bool,
    written: usize,
}

impl Json {
    pub fn new(settings: Settings, lines: bool) -> Json {
        Json {
            settings,
            lines,
            written: 0,
        }
    }

    fn array(&self) -> bool {
        self.settings.multiple && !self.lines
    }
}

impl Renderer for Json {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.array() {
            out.write_all(b"[\n")?;
        }
        Ok(())
    }

    fn sheet(&mut self, sheet: &Sheet, out: &mut dyn Write) -> io::Result<()> {
        if !self.lines && self.written > 0 {
            out.write_all(b",\n")?;
        }
        let mut bytes = Vec::with_capacity(16 * 1024);
        json_writer::write_sheet(sheet, !self.lines, &mut bytes)?;
        out.write_all(&bytes)?;
        self.written += 1;
        if self.lines || !self.array() {
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.array() {
            out.write_all(b"\n]\n")?;
        }
        Ok(())
    }
}
