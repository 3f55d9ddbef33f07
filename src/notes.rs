//! The notes a read made on the way (which sheet of a workbook was read, a CSV file read as
//! GBK): the core returns them, and the command line says them on stderr where the read ends.

/// Each note on its own line of stderr.
pub fn print(notes: &[String]) {
    for note in notes {
        crate::diag::eprint_line(note);
    }
}
