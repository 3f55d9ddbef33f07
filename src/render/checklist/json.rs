//! `--format json`: the checklist as data (one object, or an array for several applicants).

use std::io::{self, Write};

use super::ChecklistRenderer;
use crate::checklist::Checklist;

pub struct Json {
    array: bool,
    written: usize,
}

impl Json {
    pub fn new(array: bool) -> Json {
        Json { array, written: 0 }
    }
}

impl ChecklistRenderer for Json {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.array {
            out.write_all(b"[\n")?;
        }
        Ok(())
    }

    fn checklist(&mut self, checklist: &Checklist, out: &mut dyn Write) -> io::Result<()> {
        if self.written > 0 {
            out.write_all(b",\n")?;
        }
        serde_json::to_writer_pretty(&mut *out, checklist).map_err(io::Error::other)?;
        if !self.array {
            out.write_all(b"\n")?;
        }
        self.written += 1;
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.array {
            out.write_all(b"\n]\n")?;
        }
        Ok(())
    }
}
