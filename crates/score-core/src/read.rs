//! Reading an input file from disk safely: only regular files (a FIFO would block forever and
//! `/dev/zero` never ends), and never more than a size limit, checked before and while reading.

#![deny(clippy::arithmetic_side_effects)]

use std::io::Read;
use std::path::Path;

/// Largest data file read: a company's figures are a few kilobytes; 16 MiB leaves room for long
/// comments and keeps a batch's memory at a small multiple of this per worker.
pub const DATA_LIMIT: u64 = 16 << 20;
/// Largest rubric file read: a province's whole table is some 40 KB; 64 MiB is far above that.
pub const RUBRIC_LIMIT: u64 = 64 << 20;

/// Why a file could not be read, as a message for its diagnostic.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    // Worded only on failure: a batch reads thousands of files that need no message.
    let name = || crate::diag::visible(&path.display().to_string()).into_owned();
    // `metadata` follows a symbolic link, so a link to a regular file is read.
    let cannot_read = |e: std::io::Error| {
        let reason = crate::i18n::io_reason(&e);
        let name = name();
        crate::tr!(
            "无法读取 `{name}`：{reason}",
            "cannot read `{name}`: {reason}"
        )
    };
    let meta = std::fs::metadata(path).map_err(cannot_read)?;
    if !meta.is_file() {
        let kind = kind_of(&meta);
        let name = name();
        return Err(crate::tr!(
            "`{name}` 不是普通文件（{kind}），不读取",
            "`{name}` is not a regular file ({kind}); it is not read"
        ));
    }
    let too_large = |size: u64| {
        let name = name();
        crate::tr!(
            "`{name}` 过大（{size} 字节），上限为 {limit} 字节（{mib} MiB）",
            "`{name}` is too large ({size} bytes); the limit is {limit} bytes ({mib} MiB)",
            mib = limit >> 20
        )
    };
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    // The file may grow between the check and the read: read at most one byte past the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn kind_of(meta: &std::fs::Metadata) -> String {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        crate::tr!("文件夹", "a folder")
    } else if t.is_fifo() {
        crate::tr!("命名管道", "a named pipe (FIFO)")
    } else if t.is_char_device() || t.is_block_device() {
        crate::tr!("设备", "a device")
    } else if t.is_socket() {
        crate::tr!("套接字", "a socket")
    } else {
        crate::tr!("特殊文件", "a special file")
    }
}

#[cfg(not(unix))]
fn kind_of(meta: &std::fs::Metadata) -> String {
    if meta.is_dir() {
        crate::tr!("文件夹", "a folder")
    } else {
        crate::tr!("特殊文件", "a special file")
    }
}
