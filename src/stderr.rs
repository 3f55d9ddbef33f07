//! What the command line says on stderr besides its reports. The core prints nothing: it
//! returns its notes (which sheet of a workbook was read, a CSV file read as GBK), said here.

use std::fmt;
use std::io::Write;

/// Writes a message and a line break to stderr, ignoring failure: a full or closed stderr
/// (`2>/dev/full`) must neither panic (as `eprintln!` does) nor stop the work.
pub fn eprint_line(message: impl fmt::Display) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{message}");
}

/// The notes a read made on the way, each on its own line, where the read ends: before the
/// file's own errors and warnings, as the reader found them first.
pub fn print_notes(notes: &[String]) {
    for note in notes {
        eprint_line(note);
    }
}
