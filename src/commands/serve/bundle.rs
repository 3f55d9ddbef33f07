//! A bureau's upload: many data files, or a `.zip` of a folder, unpacked in memory (never onto
//! the disk) and refused whole when hostile: a name that climbs out (`../`) or is absolute, a
//! link, an encrypted entry, more than [`MAX_FILES`] files, or one that inflates past the data
//! limit (a zip bomb). Then ranked exactly as `score --summary` ranks a folder.

use std::io::Read;

use crate::data::Options;
use crate::diag::{Diagnostic, Failed};
use crate::read::DATA_LIMIT;
use crate::summary::{self, Placement, Record, Summaries};

use super::work;

/// Most files one upload may hold.
pub const MAX_FILES: usize = 1000;
/// Most bytes all the files of one upload may inflate to.
pub const MAX_TOTAL: u64 = 256 << 20;

/// One file of the upload.
pub struct File {
    pub name: String,
    pub bytes: Vec<u8>,
}

fn refused(code: &'static str, message: String) -> Failed {
    work::failed(Diagnostic::error(code, message))
}

/// The files of a `.zip`, in name order; folders, macOS's `__MACOSX/` and `._` shadows left out.
pub fn unzip(zip_name: &str, bytes: &[u8]) -> Result<Vec<File>, Failed> {
    let shown = crate::diag::visible(zip_name).into_owned();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        refused(
            "bad-zip",
            crate::tr!(
                "`{shown}` 不是有效的 zip 文件：{e}",
                "`{shown}` is not a valid zip file: {e}"
            ),
        )
    })?;
    if archive.len() > MAX_FILES {
        let n = archive.len();
        return Err(refused(
            "too-many-files",
            crate::tr!(
                "`{shown}` 含 {n} 个条目，上限为 {MAX_FILES} 个；请分批上传",
                "`{shown}` holds {n} entries; the limit is {MAX_FILES}: upload them in parts"
            ),
        ));
    }
    let mut files = Vec::new();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| {
            refused(
                "bad-zip",
                crate::tr!(
                    "`{shown}` 的第 {n} 个条目无法读取：{e}",
                    "entry {n} of `{shown}` cannot be read: {e}",
                    n = i + 1
                ),
            )
        })?;
        let name = entry_name(entry.name_raw());
        let entry_shown = crate::diag::visible(&name).into_owned();
        let hostile = |why: String| {
            refused(
                "hostile-zip",
                crate::tr!(
                    "`{shown}` 被拒绝：条目 `{entry_shown}` {why}",
                    "`{shown}` is refused: its entry `{entry_shown}` {why}"
                ),
            )
        };
        if climbs_out(&name) || entry.enclosed_name().is_none() {
            return Err(hostile(crate::tr!(
                "指向压缩包以外的位置",
                "points outside the archive"
            )));
        }
        if entry.is_symlink() {
            return Err(hostile(crate::tr!("是链接", "is a link")));
        }
        if entry.encrypted() {
            return Err(hostile(crate::tr!("设置了密码", "is encrypted")));
        }
        if entry.is_dir() || skipped_name(&name) {
            continue;
        }
        // The declared size may lie: at most one byte past the limit is inflated.
        let mut bytes = Vec::new();
        let read = (&mut entry)
            .take(DATA_LIMIT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| hostile(crate::tr!("无法解压：{e}", "cannot be inflated: {e}")))?;
        total = total.saturating_add(read as u64);
        if read as u64 > DATA_LIMIT || total > MAX_TOTAL {
            return Err(hostile(crate::tr!(
                "解压后过大（单个文件上限 {} MiB，合计上限 {} MiB）",
                "inflates too far (each file at most {} MiB, all at most {} MiB)",
                DATA_LIMIT >> 20,
                MAX_TOTAL >> 20
            )));
        }
        files.push(File { name, bytes });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// An entry's name: UTF-8 as most tools write it, else GBK (Windows' own zip on a Chinese
/// system writes its code page and no flag).
fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(name) => name.to_string(),
        Err(_) => encoding_rs::GBK.decode(raw).0.into_owned(),
    }
}

/// Whether a name leaves the folder it is unpacked into: `..` parts, a leading `/` or `\`, or a
/// drive (`C:`).
fn climbs_out(name: &str) -> bool {
    name.starts_with(['/', '\\'])
        || name.split(['/', '\\']).any(|part| part == "..")
        || name.as_bytes().get(1) == Some(&b':')
}

/// Each `.zip` among the uploaded files replaced by the files in it; at most [`MAX_FILES`] in all.
pub fn expand(files: Vec<File>) -> Result<Vec<File>, Failed> {
    let mut out = Vec::new();
    for file in files {
        if file.name.to_lowercase().ends_with(".zip") {
            out.extend(unzip(&file.name, &file.bytes)?);
        } else {
            out.push(file);
        }
        if out.len() > MAX_FILES {
            return Err(refused(
                "too-many-files",
                crate::tr!(
                    "上传的文件超过 {MAX_FILES} 个；请分批上传",
                    "more than {MAX_FILES} files were uploaded: upload them in parts"
                ),
            ));
        }
    }
    Ok(out)
}

/// macOS's resource forks and folder of them: not the applicants' files.
fn skipped_name(name: &str) -> bool {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    name.starts_with("__MACOSX/") || base.starts_with("._") || base.is_empty()
}

/// What kind of file a name is, as `score DIR` tells them apart.
fn kind(name: &str) -> Option<bool> {
    let lower = name.to_lowercase();
    if lower.ends_with(".toml") || lower.ends_with(".toml.txt") {
        Some(false)
    } else if work::is_table(name) {
        Some(true)
    } else {
        None
    }
}

/// The ranked summaries of the files (one per table, as `score --summary` writes a folder's)
/// in `format`.
pub fn summary(
    files: &[File],
    issuer: Option<&str>,
    format: summary::Format,
) -> Result<Vec<u8>, Failed> {
    let tables: Vec<&crate::rubric::Rubric> = crate::data::which::builtins().iter().collect();
    let mut summaries = Summaries::new(&tables, issuer);
    // Listed under the summary as 未读取, as `score DIR` lists the files it does not read.
    let mut skipped = Vec::new();
    for file in files {
        match kind(&file.name) {
            None => skipped.push(crate::diag::visible(&file.name).into_owned()),
            Some(table) => {
                for record in records(&file.name, &file.bytes, table) {
                    summaries.push(record);
                }
            }
        }
    }
    let mut tables = summaries.finish(skipped);
    for table in &mut tables {
        table.mark_duplicates();
    }
    let mut out = Vec::new();
    summary::write_all(
        format,
        crate::i18n::lang(),
        None,
        &tables,
        Placement::Alone,
        &mut out,
    )
    .map_err(|e| work::failed(Diagnostic::error("internal", e.to_string())))?;
    Ok(out)
}

/// The summary rows of one file: one, or one per company row of a bureau's list.
fn records(name: &str, bytes: &[u8], table: bool) -> Vec<Record> {
    use crate::commands::score::{failed_record, read_named, summary_record};
    use crate::data::rows::{self, Table};
    let options = Options::default();
    if table {
        let read = rows::read_named_bytes_noted(name, bytes, options);
        crate::stderr::print_notes(&read.notes);
        return match read.read {
            Ok((rubric, Table::One(data))) => {
                vec![summary_record(rubric, name.to_string(), *data, options)]
            }
            Ok((rubric, Table::Rows { rows, .. })) => rows
                .into_iter()
                .map(|(row, data)| summary_record(rubric, row, data, options))
                .collect(),
            Err(failed) => vec![failed_record(name.to_string(), &failed, None)],
        };
    }
    match read_named(name, bytes, options) {
        Ok((rubric, data)) => vec![summary_record(rubric, name.to_string(), data, options)],
        Err((diagnostic, named)) => {
            let failed = work::failed(*diagnostic);
            vec![failed_record(name.to_string(), &failed, named)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_climb_out_are_caught() {
        for name in [
            "../a.toml",
            "a/../../b.toml",
            "/etc/x",
            "\\x",
            "C:x",
            "a\\..\\b",
        ] {
            assert!(climbs_out(name), "{name}");
        }
        for name in ["a.toml", "县/甲.toml", "a..b.toml"] {
            assert!(!climbs_out(name), "{name}");
        }
    }

    #[test]
    fn gbk_names_are_read() {
        let (gbk, _, _) = encoding_rs::GBK.encode("甲公司.toml");
        assert_eq!(entry_name(&gbk), "甲公司.toml");
    }
}
