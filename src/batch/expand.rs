//! `DATA|DIR|GLOB` → data files, in argument order.
//!
//! - a directory gives every `*.toml` directly inside it (not in subfolders), and every workbook
//!   or CSV file (`*.xlsx`, `*.xls`, `*.ods`, `*.csv`), sorted by file
//!   name (byte order), and every `*.toml.txt` (Notepad on Windows hides the extension it adds):
//!   read as TOML, listed in [`Expanded::misnamed`] so the user hears to rename it. Everything
//!   else in the folder (other files, subfolders, hidden files) is listed in
//!   [`Expanded::skipped`]: nothing in a folder is left out without a word;
//! - an argument that names no existing path but contains `*`, `?` or `[` is a glob pattern,
//!   expanded here, because Windows `cmd.exe` passes `*.toml` through unexpanded. Matches come
//!   sorted; a matched directory is expanded as above; `*` does not match a leading dot;
//! - anything else is a data file (a missing one fails when it is read, with the usual error).
//!
//! A directory without data files, a pattern that matches nothing, or a bad pattern is an input
//! that fails like a bad data file: reported, listed in the summary, exit status 1.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Failed};

/// One unit of work for the batch.
#[derive(Debug)]
pub enum Input {
    /// A data file to read; it is shown as `path.display()` (the sheet's `data`).
    File { path: PathBuf },
    /// An argument that gave no file: `name` is the argument, `failed` why.
    Failed { name: String, failed: Failed },
    /// Figures already read from a workbook or CSV file: the whole file (one company) or one row
    /// of it, named as the summary shows it (`file.xlsx:Sheet1!row 5`).
    Read {
        name: String,
        /// The table it was read with.
        rubric: crate::rubric::Text,
        read: Box<Result<crate::data::Data, Failed>>,
    },
}

impl Input {
    /// How the input is shown: the data file or the argument.
    pub fn name(&self) -> String {
        match self {
            Input::File { path } => path.display().to_string(),
            Input::Failed { name, .. } | Input::Read { name, .. } => name.clone(),
        }
    }

    fn file(path: PathBuf) -> Input {
        Input::File { path }
    }

    fn failed(name: &str, diagnostic: Diagnostic) -> Input {
        Input::Failed {
            name: name.to_string(),
            failed: Failed {
                diagnostics: vec![diagnostic],
            },
        }
    }
}

/// The inputs, and whether the command line asked for a batch (so a summary follows).
#[derive(Debug)]
pub struct Expanded {
    pub inputs: Vec<Input>,
    /// Several arguments, or any directory or glob pattern (even one that gave a single file).
    pub batch: bool,
    /// Files in a folder that were not read (not data files), in folder order.
    pub skipped: Vec<PathBuf>,
    /// `*.toml.txt` files in a folder: read as data, but they should be renamed.
    pub misnamed: Vec<PathBuf>,
}

/// Expands the command line's data arguments, in order.
pub fn expand(args: &[String]) -> Expanded {
    let mut inputs = Vec::with_capacity(args.len());
    let mut batch = args.len() > 1;
    let mut found = Found::default();
    for arg in args {
        let path = Path::new(arg);
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                batch = true;
                directory(arg, path, &mut inputs, &mut found);
            }
            Ok(_) => inputs.push(Input::file(path.to_path_buf())),
            Err(_) if is_pattern(arg) => {
                batch = true;
                pattern(arg, &mut inputs, &mut found);
            }
            Err(_) => inputs.push(Input::file(path.to_path_buf())),
        }
    }
    Expanded {
        inputs,
        batch,
        skipped: found.skipped,
        misnamed: found.misnamed,
    }
}

/// What a folder held besides its data files.
#[derive(Default)]
struct Found {
    skipped: Vec<PathBuf>,
    misnamed: Vec<PathBuf>,
}

/// `name.toml.txt`: a data file whose editor added `.txt` (any case).
fn is_misnamed(name: &str) -> bool {
    !name.starts_with('.')
        && name
            .len()
            .checked_sub(9)
            .and_then(|at| name.get(at..))
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".toml.txt"))
        && name.len() > 9
}

fn is_pattern(arg: &str) -> bool {
    arg.contains(['*', '?', '['])
}

/// Whether a directory entry's name is a data file's: `*.toml`, or a workbook or CSV file (the
/// template an applicant filled in Excel, a bureau's list), any case; not hidden, and not the
/// `~$name.xlsx` lock file Excel and WPS keep beside an open workbook.
fn is_data_name(name: &str) -> bool {
    let toml = name.len() > 5
        && name
            .get(name.len() - 5..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".toml"));
    let table = crate::data::rows::is_table(Path::new(name));
    !name.starts_with('.') && !name.starts_with("~$") && (toml || table)
}

/// Every `*.toml` file directly inside `dir`, sorted by name.
fn directory(arg: &str, dir: &Path, inputs: &mut Vec<Input>, found: &mut Found) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            inputs.push(Input::failed(
                arg,
                Diagnostic::error("io", format!("cannot read the folder `{arg}`: {e}")),
            ));
            return;
        }
    };
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut misnamed = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                inputs.push(Input::failed(
                    arg,
                    Diagnostic::error("io", format!("cannot read the folder `{arg}`: {e}")),
                ));
                continue;
            }
        };
        let name = entry.file_name();
        // `file_type` needs no extra system call on Linux; a symbolic link is followed.
        let is_file = match entry.file_type() {
            Ok(t) if t.is_symlink() => entry.path().is_file(),
            Ok(t) => t.is_file(),
            Err(_) => false,
        };
        let text = name.to_str();
        if is_file && text.is_some_and(is_data_name) {
            files.push(name);
        } else if is_file && text.is_some_and(is_misnamed) {
            misnamed.push(name.clone());
            files.push(name);
        } else {
            skipped.push(name);
        }
    }
    skipped.sort_unstable();
    misnamed.sort_unstable();
    found
        .skipped
        .extend(skipped.into_iter().map(|name| dir.join(name)));
    found
        .misnamed
        .extend(misnamed.into_iter().map(|name| dir.join(name)));
    if files.is_empty() {
        inputs.push(Input::failed(
            arg,
            Diagnostic::error(
                "no-data",
                format!("the folder `{arg}` has no `*.toml` data file"),
            )
            .help("put the data files (one per company, `*.toml`) directly in the folder"),
        ));
        return;
    }
    files.sort_unstable();
    inputs.extend(files.into_iter().map(|name| Input::file(dir.join(name))));
}

/// The files a glob pattern matches, sorted; directories among them expanded.
fn pattern(arg: &str, inputs: &mut Vec<Input>, found: &mut Found) {
    let options = glob::MatchOptions {
        case_sensitive: !cfg!(windows),
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    let paths = match glob::glob_with(arg, options) {
        Ok(paths) => paths,
        Err(e) => {
            inputs.push(Input::failed(
                arg,
                Diagnostic::error(
                    "bad-pattern",
                    format!("`{arg}` is not a valid file pattern: {}", e.msg),
                )
                .help("`*` matches any part of a name, `?` one character, `[abc]` one of a, b, c"),
            ));
            return;
        }
    };
    let before = inputs.len();
    for path in paths {
        match path {
            Ok(path) if path.is_dir() => {
                let name = path.display().to_string();
                directory(&name, &path, inputs, found);
            }
            Ok(path) => inputs.push(Input::file(path)),
            Err(e) => inputs.push(Input::failed(
                arg,
                Diagnostic::error(
                    "io",
                    format!("cannot read `{}`: {}", e.path().display(), e.error()),
                ),
            )),
        }
    }
    if inputs.len() == before {
        inputs.push(Input::failed(
            arg,
            Diagnostic::error("no-match", format!("no file matches `{arg}`"))
                .help("check the folder and the pattern, e.g. `data/*.toml`"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_names() {
        assert!(is_data_name("a.toml"));
        assert!(is_data_name("甘肃某公司.TOML"));
        assert!(!is_data_name(".a.toml"));
        assert!(!is_data_name(".toml"));
        assert!(!is_data_name("a.toml.bak"));
        assert!(!is_data_name("a.json"));
        assert!(is_data_name("数据.xlsx"));
        assert!(is_data_name("申报企业.CSV"));
        assert!(is_data_name("a.ods"));
        assert!(is_data_name("a.xls"));
        assert!(!is_data_name("~$数据.xlsx"));
        assert!(!is_data_name(".~lock.数据.xlsx#"));
        assert!(!is_data_name("说明.docx"));
    }

    #[test]
    fn misnamed_data_files() {
        assert!(is_misnamed("04_某公司.toml.txt"));
        assert!(is_misnamed("a.TOML.TXT"));
        assert!(!is_misnamed(".toml.txt"));
        assert!(!is_misnamed(".a.toml.txt"));
        assert!(!is_misnamed("a.txt"));
        assert!(!is_misnamed("a.toml"));
    }

    #[test]
    fn patterns() {
        assert!(is_pattern("data/*.toml"));
        assert!(is_pattern("a?.toml"));
        assert!(is_pattern("[ab].toml"));
        assert!(!is_pattern("data/a.toml"));
    }
}
