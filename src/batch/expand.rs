//! `DATA|DIR|GLOB` → data files, in argument order.
//!
//! - a directory gives every `*.toml` directly inside it (not in subfolders), and every workbook
//!   or CSV file (`*.xlsx`, `*.xlsm`, `*.xls`, `*.ods`, `*.csv`), sorted by file
//!   name (byte order), and every `*.toml.txt` (Notepad on Windows hides the extension it adds):
//!   read as TOML, listed in [`Expanded::misnamed`] so the user hears to rename it. Everything
//!   else in the folder (other files, subfolders, hidden files) is listed in
//!   [`Expanded::skipped`]: nothing in a folder is left out without a word;
//! - an argument that names no existing path but contains `*`, `?` or `[` is a glob pattern,
//!   expanded here, because Windows `cmd.exe` passes `*.toml` through unexpanded (on Windows
//!   `\` separates folders in it as `/` does). Matches come sorted; a matched directory is
//!   expanded as above; `*` does not match a leading dot, `**` any number of folders but hidden
//!   ones; a symbolic link back to a folder the walk is in is named, not followed;
//! - anything else is a data file (a missing one fails when it is read, with the usual error).
//!
//! A directory without data files, a pattern that matches nothing, or a bad pattern is an input
//! that fails like a bad data file: reported, listed in the summary, exit status 1.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::list::Listed;
use crate::diag::{Diagnostic, Failed};

/// One unit of work for the batch. A batch of 100,000 files holds 100,000 of these until it
/// ends, so the rare kinds sit behind a pointer and a file's is its path alone (24 bytes).
#[derive(Debug)]
pub enum Source {
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

impl Source {
    /// How the input is shown: the data file or the argument.
    pub fn name(&self) -> String {
        match self {
            Source::File { path } => path.display().to_string(),
            Source::Failed(failed) => failed.name.clone(),
            Source::Read(read) => read.name.clone(),
        }
    }

    fn file(path: PathBuf) -> Source {
        Source::File {
            path: path.into_boxed_path(),
        }
    }

    pub(crate) fn failed(name: &str, diagnostic: Diagnostic) -> Source {
        Source::Failed(Box::new(FailedInput {
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
    pub inputs: Vec<Source>,
    /// Several arguments, any directory or glob pattern (even one that gave a single file), or a
    /// `--files-from` list.
    pub batch: bool,
    /// Files in a folder that were not read (not data files), in folder order.
    pub skipped: Vec<PathBuf>,
    /// `*.toml.txt` files in a folder: read as data, but they should be renamed.
    pub misnamed: Vec<PathBuf>,
    /// Symbolic links a pattern's walk did not follow: each leads back to a folder the walk was
    /// already inside, whose files are read once.
    pub loops: Vec<PathBuf>,
}

/// Expands the command line's data arguments, in order, then the paths of a `--files-from`
/// list (a list makes a batch, like a folder).
pub fn expand(args: Vec<String>, listed: Option<Listed>) -> Expanded {
    let from_list = listed.as_ref().map_or(0, |l| l.paths.len());
    let mut inputs = Vec::with_capacity(args.len().saturating_add(from_list));
    let mut batch = args.len() > 1 || listed.is_some();
    let mut found = Found::default();
    for arg in args {
        let meta = std::fs::metadata(&arg);
        batch |= operand(arg, meta, &mut inputs, &mut found);
    }
    if let Some(listed) = listed {
        list(listed, &mut inputs, &mut found);
    }
    once_each(&mut inputs, &mut found);
    Expanded {
        inputs,
        batch,
        skipped: found.skipped,
        misnamed: found.misnamed,
        loops: found.loops,
    }
}

/// One argument, given its metadata: a folder, a pattern or a file. Whether it makes a batch
/// by itself.
fn operand(
    arg: String,
    meta: std::io::Result<std::fs::Metadata>,
    inputs: &mut Vec<Source>,
    found: &mut Found,
) -> bool {
    match meta {
        Ok(meta) if meta.is_dir() => {
            directory(&arg, Path::new(&arg), inputs, found);
            true
        }
        Err(_) if is_pattern(&arg) => {
            pattern(&arg, inputs, found);
            true
        }
        // A file, or a path that is not there (it fails when read, with the usual error);
        // the argument's own string becomes the path.
        _ => {
            inputs.push(Source::file(PathBuf::from(arg)));
            false
        }
    }
}

/// The paths of a list, each expanded as an argument. A path that is not there fails here, and
/// every failure names the list and the line.
fn list(listed: Listed, inputs: &mut Vec<Source>, found: &mut Found) {
    let name = listed.name;
    if listed.paths.is_empty() {
        let failed = Diagnostic::error(
            "no-data",
            crate::tr!(
                "路径清单 `{name}` 中没有路径",
                "the list `{name}` has no path"
            ),
        )
        .help(crate::tr!(
            "每行写一个数据文件、文件夹或匹配模式",
            "write a data file, a folder or a pattern on each line"
        ));
        inputs.push(Source::failed(&name, failed));
        return;
    }
    for (line, arg) in listed.paths {
        let before = inputs.len();
        let meta = std::fs::metadata(&arg);
        match meta {
            Err(e) if !is_pattern(&arg) => {
                let reason = crate::i18n::io_reason(&e);
                let failed = Diagnostic::error(
                    "io",
                    crate::tr!(
                        "无法读取 `{arg}`：{reason}",
                        "cannot read `{arg}`: {reason}"
                    ),
                );
                inputs.push(Source::failed(&arg, failed));
            }
            meta => {
                operand(arg, meta, inputs, found);
            }
        }
        // Worded only for a failure: a list of 100,000 good paths needs no message.
        let mut whence = None;
        for input in inputs.get_mut(before..).unwrap_or_default() {
            if let Source::Failed(failed) = input {
                let whence = whence.get_or_insert_with(|| {
                    crate::tr!(
                        "（路径清单 `{name}` 第 {line} 行）",
                        " (line {line} of the list `{name}`)"
                    )
                });
                for diagnostic in &mut failed.failed.diagnostics {
                    diagnostic.message.push_str(whence);
                }
            }
        }
    }
}

/// Keeps the first of the inputs that are one file (overlapping patterns, a folder and a
/// pattern over it, a path given twice, a link): a file is one applicant however many arguments
/// name it, scored once. The same for the files not read and the misnamed ones. A path that
/// cannot be looked up is kept (it fails when read).
fn once_each(inputs: &mut Vec<Source>, found: &mut Found) {
    if inputs.len() < 2 && found.skipped.len() < 2 && found.misnamed.len() < 2 {
        return;
    }
    let mut seen = HashSet::new();
    inputs.retain(|input| match input {
        Source::File { path } => file_id(path).is_none_or(|id| seen.insert(id)),
        _ => true,
    });
    let mut seen = HashSet::new();
    found
        .skipped
        .retain(|path| file_id(path).is_none_or(|id| seen.insert(id)));
    let mut seen = HashSet::new();
    found
        .misnamed
        .retain(|path| file_id(path).is_none_or(|id| seen.insert(id)));
    drop_folders_read(inputs, &mut found.skipped);
}

/// A subfolder a folder argument did not enter is not "unread" when another argument (a `**`
/// pattern, the subfolder itself) read files inside it.
fn drop_folders_read(inputs: &[Source], skipped: &mut Vec<PathBuf>) {
    let folders: Vec<PathBuf> = skipped
        .iter()
        .filter(|p| p.is_dir())
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    if folders.is_empty() {
        return;
    }
    let mut read = vec![false; folders.len()];
    for input in inputs {
        let Source::File { path } = input else {
            continue;
        };
        let Ok(file) = std::fs::canonicalize(path) else {
            continue;
        };
        for (n, folder) in folders.iter().enumerate() {
            read[n] |= file.starts_with(folder);
        }
    }
    skipped.retain(|p| {
        let at = std::fs::canonicalize(p)
            .ok()
            .and_then(|c| folders.iter().position(|f| *f == c));
        !at.is_some_and(|n| read[n])
    });
}

/// What a folder held besides its data files.
#[derive(Default)]
struct Found {
    skipped: Vec<PathBuf>,
    misnamed: Vec<PathBuf>,
    loops: Vec<PathBuf>,
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
/// Whether a file a pattern matched is read as data: a data file's name or `*.toml.txt`.
fn is_data_path(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default();
    is_data_name_bytes(name.as_encoded_bytes()) || path_is_misnamed(path)
}

fn path_is_misnamed(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(is_misnamed)
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
fn unusable(path: &Path) -> Option<Source> {
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
    Some(Source::failed(
        &shown,
        Diagnostic::error(
            "skipped",
            crate::tr!("跳过 `{shown}`：{reason}", "skipped `{shown}`: {reason}"),
        ),
    ))
}

/// A folder that could not be listed (or not to the end).
fn folder_unread(arg: &str, e: &std::io::Error) -> Source {
    Source::failed(
        arg,
        Diagnostic::error(
            "io",
            crate::tr!(
                "无法读取文件夹 `{arg}`：{}",
                "cannot read the folder `{arg}`: {}",
                crate::i18n::io_reason(e)
            ),
        ),
    )
}

/// Every data file directly inside `dir` (`*.toml`, `*.toml.txt`, workbooks and CSV files),
/// sorted by name; the rest of its entries are listed in `found`.
fn directory(arg: &str, dir: &Path, inputs: &mut Vec<Source>, found: &mut Found) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            inputs.push(folder_unread(arg, &e));
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
                inputs.push(folder_unread(arg, &e));
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
    if files.is_empty() && is_data_name_bytes(arg.trim_end_matches(['/', '\\']).as_bytes()) {
        inputs.push(Source::failed(arg, folder_named_like_a_file(arg)));
        return;
    }
    if files.is_empty() {
        inputs.push(Source::failed(
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
    inputs.extend(files.into_iter().map(|name| Source::file(dir.join(name))));
}

/// An empty folder named like a data file (`x.xlsx`, `a.toml`): said to be a folder, not a
/// workbook, rather than one lacking `*.toml` files.
fn folder_named_like_a_file(arg: &str) -> Diagnostic {
    Diagnostic::error(
        "no-data",
        crate::tr!(
            "`{arg}` 是文件夹，不是工作簿或数据文件；其中也没有数据文件（*.toml、*.xlsx、*.xls、*.ods、*.csv）",
            "`{arg}` is a folder, not a workbook or data file, and it holds no data file (*.toml, *.xlsx, *.xls, *.ods, *.csv)"
        ),
    )
    .help(crate::tr!(
        "给出要评分的工作簿或数据文件本身；或把数据文件放进这个文件夹，最好把文件夹改名（名字以 .xlsx 等结尾的文件夹容易被当作文件）",
        "name the workbook or data file itself; or put the data files in this folder, best renamed (a folder named like `.xlsx` is easily taken for a file)"
    ))
}

/// The files a glob pattern matches, sorted; directories among them expanded.
///
/// The folders are walked by `walkdir`, which reads names that are not UTF-8 and stops at a
/// symbolic link back to a folder it is inside (named in [`Expanded::loops`]); each folder is
/// entered once, and each file listed once however many links lead to it. Names are matched one
/// folder level at a time by `glob::Pattern`, as text (a name that is not UTF-8 with `�`).
fn pattern(arg: &str, inputs: &mut Vec<Source>, found_files: &mut Found) {
    let glob = match Glob::new(arg, SEPARATORS) {
        Ok(glob) => glob,
        Err(e) => {
            inputs.push(Source::failed(
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
    let walked = glob.walk();
    found_files.loops.extend(walked.loops);
    let mut seen_files = HashSet::new();
    let before = inputs.len();
    let skipped_before = found_files.skipped.len();
    for path in walked.found {
        if path.is_dir() {
            let name = path.display().to_string();
            directory(&name, &path, inputs, found_files);
        } else if let Some(failed) = unusable(&path) {
            inputs.push(failed);
        } else if !is_data_path(&path) {
            // `申报材料/**/*` also matches the PDFs and Word files beside the data: listed once,
            // by name, as not read, never scored as a broken data file.
            found_files.skipped.push(path);
        } else if file_id(&path).is_none_or(|id| seen_files.insert(id)) {
            if path_is_misnamed(&path) {
                found_files.misnamed.push(path.clone());
            }
            inputs.push(Source::file(path));
        }
    }
    for (path, e) in walked.errors {
        inputs.push(Source::failed(
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
    if inputs.len() == before && found_files.skipped.len() > skipped_before {
        inputs.push(Source::failed(
            arg,
            Diagnostic::error(
                "no-data",
                crate::tr!(
                    "`{arg}` 匹配的文件中没有数据文件（*.toml、*.xlsx、*.xls、*.ods、*.csv）",
                    "none of the files `{arg}` matches is a data file (*.toml, *.xlsx, *.xls, *.ods, *.csv)"
                ),
            ),
        ));
    } else if inputs.len() == before {
        inputs.push(Source::failed(
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

/// What separates folders in a pattern: `申报材料\*.toml` is a pattern in a folder on Windows,
/// where both separators are; elsewhere `\` may be part of a name.
const SEPARATORS: &[char] = if cfg!(windows) { &['/', '\\'] } else { &['/'] };

/// A pattern: the folder it starts in (its leading parts without a wildcard, as written) and
/// the parts below it, each matched against one name.
#[derive(Debug)]
struct Glob {
    base: PathBuf,
    parts: Vec<Part>,
}

/// One part of a pattern below its base.
#[derive(Debug)]
enum Part {
    Name(glob::Pattern),
    /// `**`: any number of folders (not hidden ones).
    AnyDepth,
}

/// How names are matched: `*` does not match a leading dot nor cross a folder.
const MATCH: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: !cfg!(windows),
    require_literal_separator: true,
    require_literal_leading_dot: true,
};

/// What a walk found: the matching paths (sorted), the folders it could not read, and the links
/// back to a folder it was inside.
struct Walked {
    found: Vec<PathBuf>,
    errors: Vec<(PathBuf, std::io::Error)>,
    loops: Vec<PathBuf>,
}

impl Glob {
    fn new(arg: &str, separators: &[char]) -> Result<Glob, glob::PatternError> {
        // Where the first part with a wildcard starts: everything before it is the base.
        let mut start = arg.len();
        let mut at = 0;
        for part in arg.split(separators) {
            if part == "**" || is_pattern(part) {
                start = at;
                break;
            }
            at += part.len() + 1;
        }
        // Written with this system's separator, so that `Path` sees the folders as they were.
        let base: String = arg[..start]
            .chars()
            .map(|c| {
                if separators.contains(&c) {
                    std::path::MAIN_SEPARATOR
                } else {
                    c
                }
            })
            .collect();
        let base = Path::new(&base)
            .components()
            .filter(|c| *c != std::path::Component::CurDir)
            .collect();
        let parts = arg[start..]
            .split(separators)
            .filter(|p| !p.is_empty() && *p != ".")
            .map(|p| match p {
                "**" => Ok(Part::AnyDepth),
                _ => glob::Pattern::new(p).map(Part::Name),
            })
            .collect::<Result<_, _>>()?;
        Ok(Glob { base, parts })
    }

    /// Walks the base folder as deep as the parts reach, into folders they can still match.
    fn walk(&self) -> Walked {
        let mut walked = Walked {
            found: Vec::new(),
            errors: Vec::new(),
            loops: Vec::new(),
        };
        let here = self.base.as_os_str().is_empty();
        let root = if here { Path::new(".") } else { &self.base };
        if !root.is_dir() {
            return walked;
        }
        let deep = self.parts.iter().any(|p| matches!(p, Part::AnyDepth));
        let mut entered = HashSet::new();
        let entries = walkdir::WalkDir::new(root)
            .follow_links(true)
            .max_depth(if deep { usize::MAX } else { self.parts.len() })
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let is_dir = e.file_type().is_dir();
                // A folder already entered (through a link) is not entered again.
                self.reached(root, e.path(), is_dir).contains(&true)
                    && !(deep && is_dir && file_id(e.path()).is_some_and(|id| !entered.insert(id)))
            });
        // The paths as the argument wrote them: `*.toml` gives `a.toml`, not `./a.toml`.
        let shown = |path: &Path| match path.strip_prefix(".") {
            Ok(rest) if here && !rest.as_os_str().is_empty() => rest.to_path_buf(),
            _ => path.to_path_buf(),
        };
        for entry in entries {
            let e = match entry {
                Ok(entry) => {
                    let path = entry.path();
                    // The folder the walk starts in counts when it was written (`d/**` gives d).
                    let counts = entry.depth() > 0 || !here;
                    if counts && self.matches(root, path, entry.file_type().is_dir()) {
                        walked.found.push(shown(path));
                    }
                    continue;
                }
                Err(e) => e,
            };
            let Some(path) = e.path().map(Path::to_path_buf) else {
                // A linked folder walkdir could not open to compare with those above: unread.
                if let Some(error) = e.into_io_error() {
                    walked.errors.push((shown(root), error));
                }
                continue;
            };
            if e.loop_ancestor().is_some() {
                // Reported only where the pattern would have gone on.
                if self.reached(root, &path, true).contains(&true) {
                    walked.loops.push(shown(&path));
                }
            } else if path.is_dir() {
                if let Some(error) = e.into_io_error() {
                    walked.errors.push((shown(&path), error));
                }
            } else if self.matches(root, &path, false) {
                // A dangling link, a link to itself: found, and said why it cannot be read.
                walked.found.push(shown(&path));
            }
        }
        walked.found.sort();
        walked.found.dedup();
        walked
    }

    /// Whether `path` (below `root`) matches the whole pattern.
    fn matches(&self, root: &Path, path: &Path, is_dir: bool) -> bool {
        self.reached(root, path, is_dir)
            .last()
            .copied()
            .unwrap_or(false)
    }

    /// After the names of `path` below `root`, which parts the pattern may be at: `[i]` when
    /// the names matched the first `i` parts. `**` takes folders only, and no hidden ones.
    fn reached(&self, root: &Path, path: &Path, is_dir: bool) -> Vec<bool> {
        let names: Vec<_> = path
            .strip_prefix(root)
            .map(|rest| rest.iter().collect())
            .unwrap_or_default();
        let mut at = vec![false; self.parts.len() + 1];
        at[0] = true;
        self.skip_any_depth(&mut at);
        for (i, name) in names.iter().enumerate() {
            let name = name.to_string_lossy();
            let folder = is_dir || i + 1 < names.len();
            let mut next = vec![false; at.len()];
            for (j, part) in self.parts.iter().enumerate() {
                if !at[j] {
                    continue;
                }
                match part {
                    Part::AnyDepth if folder && !name.starts_with('.') => next[j] = true,
                    Part::AnyDepth => {}
                    Part::Name(p) if p.matches_with(&name, MATCH) => next[j + 1] = true,
                    Part::Name(_) => {}
                }
            }
            at = next;
            self.skip_any_depth(&mut at);
        }
        at
    }

    /// `**` may match no folder at all: where it may be, the part after it may be too.
    fn skip_any_depth(&self, at: &mut [bool]) {
        for (j, part) in self.parts.iter().enumerate() {
            if at[j] && matches!(part, Part::AnyDepth) {
                at[j + 1] = true;
            }
        }
    }
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

    fn names(glob: &Glob) -> Vec<String> {
        glob.parts
            .iter()
            .map(|p| match p {
                Part::Name(p) => p.as_str().to_string(),
                Part::AnyDepth => "**".to_string(),
            })
            .collect()
    }

    #[test]
    fn a_pattern_splits_on_backslash_where_windows_separates_folders_so() {
        let both = &['/', '\\'];
        let glob = Glob::new("申报材料\\*.toml", both).unwrap();
        assert_eq!(glob.base, Path::new("申报材料"));
        assert_eq!(names(&glob), ["*.toml"]);
        let glob = Glob::new(".\\a/b\\**\\c\\?.toml", both).unwrap();
        assert_eq!(glob.base, Path::new("a/b"));
        assert_eq!(names(&glob), ["**", "c", "?.toml"]);
        // Elsewhere `\` is part of a name: the whole argument is one pattern.
        let glob = Glob::new("申报材料\\*.toml", &['/']).unwrap();
        assert_eq!(glob.base, Path::new(""));
        assert_eq!(names(&glob), ["申报材料\\*.toml"]);
        let glob = Glob::new("/srv//data/./*.toml", &['/']).unwrap();
        assert_eq!(glob.base, Path::new("/srv/data"));
        assert_eq!(names(&glob), ["*.toml"]);
        assert!(Glob::new("data/[b.toml", &['/']).is_err());
    }

    /// The paths a pattern finds below `root`, relative to it.
    fn found(root: &Path, pattern: &str) -> Vec<String> {
        let arg = format!("{}/{pattern}", root.display());
        let walked = Glob::new(&arg, &['/']).unwrap().walk();
        assert!(walked.errors.is_empty(), "{:?}", walked.errors);
        let shown = |p: PathBuf| p.strip_prefix(root).unwrap().display().to_string();
        walked.found.into_iter().map(shown).collect()
    }

    #[test]
    fn names_are_matched_a_character_at_a_time_and_hidden_ones_only_by_a_dot() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for path in ["企业甲.toml", "企业B.toml", "企业乙丙.toml", ".企业丁.toml"] {
            std::fs::write(root.join(path), "").unwrap();
        }
        std::fs::create_dir_all(root.join("sub/.hidden")).unwrap();
        std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
        for path in ["sub/a.toml", "sub/.hidden/b.toml", "sub/deeper/c.toml"] {
            std::fs::write(root.join(path), "").unwrap();
        }
        // `?` is one character, not one byte: `甲` is three bytes in UTF-8.
        assert_eq!(found(root, "企业?.toml"), ["企业B.toml", "企业甲.toml"]);
        assert_eq!(found(root, "企业[甲乙].toml"), ["企业甲.toml"]);
        assert_eq!(
            found(root, "*.toml"),
            ["企业B.toml", "企业乙丙.toml", "企业甲.toml"]
        );
        assert_eq!(found(root, ".*.toml"), [".企业丁.toml"]);
        // `**`: any number of folders, none at all too, but not hidden ones.
        assert_eq!(
            found(root, "sub/**/*.toml"),
            ["sub/a.toml", "sub/deeper/c.toml"]
        );
        assert_eq!(found(root, "**/.hidden/*.toml"), ["sub/.hidden/b.toml"]);
        // A trailing `**` gives folders (each then read as a folder), not files.
        assert_eq!(found(root, "sub/**"), ["sub", "sub/deeper"]);
        assert_eq!(found(root, "*/deeper"), ["sub/deeper"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_back_up_is_named_and_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("d/e")).unwrap();
        std::fs::write(root.join("d/e/a.toml"), "").unwrap();
        std::os::unix::fs::symlink("..", root.join("d/e/up")).unwrap();
        std::os::unix::fs::symlink(".", root.join("d/e/.self")).unwrap();
        let arg = format!("{}/d/**/*.toml", root.display());
        let walked = Glob::new(&arg, &['/']).unwrap().walk();
        assert_eq!(walked.found, [root.join("d/e/a.toml")]);
        // `.self` is hidden: `**` would not have gone into it, so it is not named.
        assert_eq!(walked.loops, [root.join("d/e/up")]);
    }

    #[test]
    fn patterns() {
        assert!(is_pattern("data/*.toml"));
        assert!(is_pattern("a?.toml"));
        assert!(is_pattern("[ab].toml"));
        assert!(!is_pattern("data/a.toml"));
    }
}
