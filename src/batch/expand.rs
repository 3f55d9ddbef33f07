//! `DATA|DIR|GLOB` → data files, in argument order.
//!
//! - a directory gives every `*.toml` directly inside it (not in subfolders), sorted by file
//!   name (byte order); hidden files (`.name.toml`, editors' lock files) are skipped;
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
}

/// Expands the command line's data arguments, in order.
pub fn expand(args: &[String]) -> Expanded {
    let mut inputs = Vec::with_capacity(args.len());
    let mut batch = args.len() > 1;
    for arg in args {
        let path = Path::new(arg);
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                batch = true;
                directory(arg, path, &mut inputs);
            }
            Ok(_) => inputs.push(Input::file(path.to_path_buf())),
            Err(_) if is_pattern(arg) => {
                batch = true;
                pattern(arg, &mut inputs);
            }
            Err(_) => inputs.push(Input::file(path.to_path_buf())),
        }
    }
    Expanded { inputs, batch }
}

fn is_pattern(arg: &str) -> bool {
    arg.contains(['*', '?', '['])
}

/// Whether a directory entry's name is a data file's: `*.toml` (any case), not hidden.
fn is_data_name(name: &str) -> bool {
    !name.starts_with('.')
        && name.len() > 5
        && name
            .get(name.len() - 5..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".toml"))
}

/// Every `*.toml` file directly inside `dir`, sorted by name.
fn directory(arg: &str, dir: &Path, inputs: &mut Vec<Input>) {
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
        if !name.to_str().is_some_and(is_data_name) {
            continue;
        }
        // `file_type` needs no extra system call on Linux; a symbolic link is followed.
        let is_file = match entry.file_type() {
            Ok(t) if t.is_symlink() => entry.path().is_file(),
            Ok(t) => t.is_file(),
            Err(_) => false,
        };
        if is_file {
            files.push(name);
        }
    }
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
fn pattern(arg: &str, inputs: &mut Vec<Input>) {
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
                directory(&name, &path, inputs);
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
    }

    #[test]
    fn patterns() {
        assert!(is_pattern("data/*.toml"));
        assert!(is_pattern("a?.toml"));
        assert!(is_pattern("[ab].toml"));
        assert!(!is_pattern("data/a.toml"));
    }
}
