//! `--format json` (one object, or an array for several files) and `--format jsonl` (one a line).

use std::io::{self, Write};

use super::{Renderer, Settings, json_writer};
use crate::sheet::Sheet;

pub struct Json {
    settings: Settings,
    lines: bool,
    written: usize,
    /// One sheet's bytes, kept between sheets so that each does not allocate its own.
    buffer: Vec<u8>,
}

impl Json {
    pub fn new(settings: Settings, lines: bool) -> Json {
        Json {
            settings,
            lines,
            written: 0,
            buffer: Vec::new(),
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
        self.buffer.clear();
        json_writer::write_sheet(sheet, !self.lines, &mut self.buffer)?;
        out.write_all(&self.buffer)?;
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
