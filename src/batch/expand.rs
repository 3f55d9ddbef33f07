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

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Failed};

/// One unit of work for the batch. A batch of 100,000 files holds 100,000 of these until it
/// ends, so the rare kinds sit behind a pointer and a file's is its path alone (24 bytes).
#[derive(Debug)]
pub enum Input {
    /// A data file to read; it is shown as `path.display()` (the sheet's `data`).
    File { path: Box<Path> },
    /// An argument that gave no file.
    Failed(Box<FailedInput>),
    /// Figures already read from a workbook or CSV file.
    Read(Box<ReadInput>),
}

/// An argument that gave no file: `name` is the argument, `failed` why.
#[derive(Debug)]
pub struct FailedInput {
    pub name: String,
    pub failed: Failed,
}

/// Figures already read from a workbook or CSV file: the whole file (one company) or one row of
/// it, named as the summary shows it (`file.xlsx:Sheet1!row 5`).
#[derive(Debug)]
pub struct ReadInput {
    pub name: String,
    /// The table it was read with.
    pub rubric: crate::rubric::Text,
    pub read: Result<crate::data::Data, Failed>,
}

impl Input {
    /// How the input is shown: the data file or the argument.
    pub fn name(&self) -> String {
        match self {
            Input::File { path } => path.display().to_string(),
            Input::Failed(failed) => failed.name.clone(),
            Input::Read(read) => read.name.clone(),
        }
    }

    fn file(path: PathBuf) -> Input {
        Input::File {
            path: path.into_boxed_path(),
        }
    }

    pub(crate) fn failed(name: &str, diagnostic: Diagnostic) -> Input {
        Input::Failed(Box::new(FailedInput {
            name: name.to_string(),
            failed: Failed {
                diagnostics: vec![diagnostic],
            },
        }))
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
pub fn expand(args: Vec<String>) -> Expanded {
    let mut inputs = Vec::with_capacity(args.len());
    let mut batch = args.len() > 1;
    let mut found = Found::default();
    for arg in args {
        let path = Path::new(&arg);
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                batch = true;
                directory(&arg, path, &mut inputs, &mut found);
            }
            Err(_) if is_pattern(&arg) => {
                batch = true;
                pattern(&arg, &mut inputs, &mut found);
            }
            // A file, or a path that is not there (it fails when read, with the usual error);
            // the argument's own string becomes the path.
            _ => inputs.push(Input::file(PathBuf::from(arg))),
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
/// `~$name.xlsx` lock file Excel and WPS keep beside an open workbook. Works on the name's bytes,
/// so a name that is not UTF-8 is still found (and shown with `�`).
#[cfg(test)]
fn is_data_name(name: &str) -> bool {
    is_data_name_bytes(name.as_bytes())
}

fn is_data_name_bytes(name: &[u8]) -> bool {
    let ends_with = |ext: &[u8]| {
        name.len() > ext.len()
            && name
                .get(name.len().saturating_sub(ext.len())..)
                .is_some_and(|end| end.eq_ignore_ascii_case(ext))
    };
    let known = [
        b".toml" as &[u8],
        b".xlsx",
        b".xlsm",
        b".xls",
        b".ods",
        b".csv",
    ];
    !name.starts_with(b".") && !name.starts_with(b"~$") && known.iter().any(|ext| ends_with(ext))
}

/// A directory entry that looks like a data file but cannot be one: a dangling link, a link
/// loop, a FIFO or a device. Named and counted as a failed input rather than skipped silently.
fn unusable(path: &Path) -> Option<Input> {
    let shown = path.display().to_string();
    let reason = match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => return None,
        Ok(meta) if meta.is_dir() => return None,
        Ok(_) => crate::tr!(
            "不是普通文件（管道或设备）",
            "not a regular file (a pipe or a device)"
        ),
        Err(e) if std::fs::symlink_metadata(path).is_ok() => {
            crate::tr!(
                "符号链接无法解析：{e}",
                "a symbolic link that cannot be followed: {e}"
            )
        }
        Err(e) => e.to_string(),
    };
    Some(Input::failed(
        &shown,
        Diagnostic::error(
            "skipped",
            crate::tr!("跳过 `{shown}`：{reason}", "skipped `{shown}`: {reason}"),
        ),
    ))
}

/// Every `*.toml` file directly inside `dir`, sorted by name.
fn directory(arg: &str, dir: &Path, inputs: &mut Vec<Input>, found: &mut Found) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            inputs.push(Input::failed(
                arg,
                Diagnostic::error(
                    "io",
                    crate::tr!(
                        "无法读取文件夹 `{arg}`：{}",
                        "cannot read the folder `{arg}`: {}",
                        crate::i18n::io_reason(&e)
                    ),
                ),
            ));
            return;
        }
    };
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut misnamed = Vec::new();
    let mut unusable_files = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                inputs.push(Input::failed(
                    arg,
                    Diagnostic::error(
                        "io",
                        crate::tr!(
                            "无法读取文件夹 `{arg}`：{}",
                            "cannot read the folder `{arg}`: {}",
                            crate::i18n::io_reason(&e)
                        ),
                    ),
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
        // A name that is not UTF-8 is matched on its bytes, so such a file is still read.
        let data_name = is_data_name_bytes(name.as_encoded_bytes());
        if is_file && data_name {
            files.push(name);
        } else if is_file && name.to_str().is_some_and(is_misnamed) {
            misnamed.push(name.clone());
            files.push(name);
        } else if let Some(failed) = data_name.then(|| unusable(&entry.path())).flatten() {
            // A data file's name on a dangling link, a loop, a FIFO or a device: an error row.
            unusable_files.push((name, failed));
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
    unusable_files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let had_unusable = !unusable_files.is_empty();
    inputs.extend(unusable_files.into_iter().map(|(_, failed)| failed));
    if files.is_empty() && had_unusable {
        return;
    }
    if files.is_empty() {
        inputs.push(Input::failed(
            arg,
            Diagnostic::error(
                "no-data",
                crate::tr!(
                    "文件夹 `{arg}` 中没有 `*.toml` 数据文件",
                    "the folder `{arg}` has no `*.toml` data file"
                ),
            )
            .help(crate::tr!(
                "把数据文件（每家企业一个 `*.toml`）直接放在该文件夹中",
                "put the data files (one per company, `*.toml`) directly in the folder"
            )),
        ));
        return;
    }
    files.sort_unstable();
    inputs.extend(files.into_iter().map(|name| Input::file(dir.join(name))));
}

/// The files a glob pattern matches, sorted; directories among them expanded.
///
/// Matching is done here, one path component at a time, rather than by `glob::glob`: that panics
/// on a name that is not UTF-8 and follows `**` through symbolic-link cycles forever. Each name is
/// matched as text (a non-UTF-8 name with `�`), each directory is entered once (by device and
/// inode), and each file is listed once however many links lead to it.
fn pattern(arg: &str, inputs: &mut Vec<Input>, found_files: &mut Found) {
    let options = glob::MatchOptions {
        case_sensitive: !cfg!(windows),
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    let parts = match parse_pattern(arg) {
        Ok(parts) => parts,
        Err(e) => {
            inputs.push(Input::failed(
                arg,
                Diagnostic::error(
                    "bad-pattern",
                    crate::tr!(
                        "`{arg}` 不是有效的文件匹配模式：{}",
                        "`{arg}` is not a valid file pattern: {}",
                        e.msg
                    ),
                )
                .help(crate::tr!(
                    "`*` 匹配名称中的任意部分，`?` 匹配一个字符，`[abc]` 匹配 a、b、c 中的一个",
                    "`*` matches any part of a name, `?` one character, `[abc]` one of a, b, c"
                )),
            ));
            return;
        }
    };
    let root = if arg.starts_with('/') {
        PathBuf::from("/")
    } else {
        PathBuf::new()
    };
    let mut walk = Walk {
        options,
        found: Vec::new(),
        errors: Vec::new(),
        entered: HashSet::new(),
    };
    walk.go(&root, &parts);
    let mut found = walk.found;
    found.sort();
    found.dedup();
    let mut seen_files = HashSet::new();
    let before = inputs.len();
    for path in found {
        if path.is_dir() {
            let name = path.display().to_string();
            directory(&name, &path, inputs, found_files);
        } else if let Some(failed) = unusable(&path) {
            inputs.push(failed);
        } else if file_id(&path).is_none_or(|id| seen_files.insert(id)) {
            inputs.push(Input::file(path));
        }
    }
    for (path, e) in walk.errors {
        inputs.push(Input::failed(
            arg,
            Diagnostic::error(
                "io",
                crate::tr!(
                    "无法读取 `{}`：{}",
                    "cannot read `{}`: {}",
                    path.display(),
                    crate::i18n::io_reason(&e)
                ),
            ),
        ));
    }
    if inputs.len() == before {
        inputs.push(Input::failed(
            arg,
            Diagnostic::error(
                "no-match",
                crate::tr!("没有文件匹配 `{arg}`", "no file matches `{arg}`"),
            )
            .help(crate::tr!(
                "请检查文件夹和匹配模式，例如 `data/*.toml`",
                "check the folder and the pattern, e.g. `data/*.toml`"
            )),
        ));
    }
}

/// One component of a pattern.
enum Part {
    Literal(String),
    Pattern(glob::Pattern),
    /// `**`: any number of folders.
    AnyDepth,
}

fn parse_pattern(arg: &str) -> Result<Vec<Part>, glob::PatternError> {
    arg.split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .map(|p| {
            Ok(if p == "**" {
                Part::AnyDepth
            } else if is_pattern(p) {
                Part::Pattern(glob::Pattern::new(p)?)
            } else {
                Part::Literal(p.to_string())
            })
        })
        .collect()
}

/// A file's identity: two paths to one file (a link, `a/../a`) give the same.
#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

struct Walk {
    options: glob::MatchOptions,
    found: Vec<PathBuf>,
    errors: Vec<(PathBuf, std::io::Error)>,
    /// Folders already entered through `**`, by identity: a link back up is entered once.
    #[cfg(unix)]
    entered: HashSet<(u64, u64)>,
    #[cfg(not(unix))]
    entered: HashSet<PathBuf>,
}

impl Walk {
    fn go(&mut self, dir: &Path, parts: &[Part]) {
        let Some((part, rest)) = parts.split_first() else {
            if !dir.as_os_str().is_empty() {
                self.found.push(dir.to_path_buf());
            }
            return;
        };
        match part {
            Part::Literal(name) => {
                let next = dir.join(name);
                if rest.is_empty() {
                    if std::fs::symlink_metadata(&next).is_ok() {
                        self.found.push(next);
                    }
                } else if next.is_dir() {
                    self.go(&next, rest);
                }
            }
            Part::Pattern(pattern) => {
                for (path, name) in self.entries(dir) {
                    if !pattern.matches_with(&name, self.options) {
                        continue;
                    }
                    if rest.is_empty() {
                        self.found.push(path);
                    } else if path.is_dir() {
                        self.go(&path, rest);
                    }
                }
            }
            Part::AnyDepth => {
                let here = if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                };
                let Some(id) = file_id(here) else { return };
                if !self.entered.insert(id) {
                    return;
                }
                self.go(dir, rest);
                for (path, name) in self.entries(dir) {
                    if !name.starts_with('.') && path.is_dir() {
                        self.go(&path, parts);
                    }
                }
            }
        }
    }

    /// A folder's entries, sorted by name, each with its name as text.
    fn entries(&mut self, dir: &Path) -> Vec<(PathBuf, String)> {
        let listing = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let read = match std::fs::read_dir(listing) {
            Ok(read) => read,
            Err(e) => {
                self.errors.push((listing.to_path_buf(), e));
                return Vec::new();
            }
        };
        let mut entries: Vec<(PathBuf, String)> = read
            .filter_map(Result::ok)
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (dir.join(e.file_name()), name)
            })
            .collect();
        entries.sort();
        entries
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
