//! `--format json` (one object, or an array for several files) and `--format jsonl` (one a line).

use std::io::{self, Write};

use super::{Renderer, Settings};
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
        if self.lines {
            serde_json::to_writer(&mut *out, sheet)?;
        } else {
            if self.written > 0 {
                out.write_all(b",\n")?;
            }
            serde_json::to_writer_pretty(&mut *out, sheet)?;
        }
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
