//! `--files-from FILE`: data paths read from a list, one a line, for a batch longer than a
//! command line takes (Windows stops at 32,767 characters, a few thousand paths).
//!
//! The list is UTF-8 (a byte-order mark is dropped) or GBK, what Notepad and Excel save on
//! Chinese Windows, decoded as data files are ([`crate::data::decode`]); UTF-16 is refused with
//! how to save it. Lines end in `\n` or `\r\n`; blank lines are passed over; every other line is
//! a path as written (relative to the current folder, like the paths on the command line), and
//! goes through the same expansion as an argument: a folder, a pattern, or a file.

use std::io::Read;
use std::path::Path;

use crate::diag::Failed;

/// Largest list read: 100,000 paths are some 5 MB; this is fifty times that.
pub const LIST_LIMIT: u64 = 256 << 20;

/// Paths read from a list: the list's name as shown, and each path with its line (1-based).
#[derive(Debug)]
pub struct Listed {
    pub name: String,
    pub paths: Vec<(usize, String)>,
}

/// Reads the list `file` (`-`: standard input). An error names the list, and the line where its
/// text is not UTF-8 nor GBK.
pub fn read(file: &Path) -> anyhow::Result<Listed> {
    let stdin = file.as_os_str() == "-";
    let name = if stdin {
        crate::tr!("标准输入", "standard input")
    } else {
        file.display().to_string()
    };
    let bytes = bytes(file, stdin).map_err(|e| {
        let reason = crate::i18n::io_reason(&e);
        anyhow::anyhow!(crate::tr!(
            "无法读取路径清单 `{name}`：{reason}",
            "cannot read the list of paths `{name}`: {reason}"
        ))
    })?;
    if bytes.len() as u64 > LIST_LIMIT {
        anyhow::bail!(crate::tr!(
            "路径清单 `{name}` 过大，上限为 {mib} MiB；请分成几个清单分别评分",
            "the list of paths `{name}` is too large: the limit is {mib} MiB; split it and score the parts",
            mib = LIST_LIMIT >> 20
        ));
    }
    let text = match crate::data::decode::decode(&name, &bytes) {
        Ok(crate::data::decode::Decoded::Utf8(text)) => paths(text),
        Ok(crate::data::decode::Decoded::Gbk(text)) => paths(&text),
        Err(diagnostic) => {
            return Err(Failed {
                diagnostics: vec![*diagnostic],
            }
            .into());
        }
    };
    Ok(Listed { name, paths: text })
}

/// The list's bytes, at most one past the limit (a FIFO or a device may never end).
fn bytes(file: &Path, stdin: bool) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let limit = LIST_LIMIT.saturating_add(1);
    if stdin {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)?;
    } else {
        std::fs::File::open(file)?
            .take(limit)
            .read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// The paths of a list's text, each with its line; blank lines passed over, `\r\n` taken as a
/// line end.
fn paths(text: &str) -> Vec<(usize, String)> {
    text.split('\n')
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            (!line.trim().is_empty()).then(|| (i.saturating_add(1), line.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_paths_blank_ones_passed_over() {
        let text = "a.toml\r\n\r\n  \n申报材料\\*.toml\nb c.toml\n\n";
        assert_eq!(
            paths(text),
            [
                (1, "a.toml".to_string()),
                (4, "申报材料\\*.toml".to_string()),
                (5, "b c.toml".to_string())
            ]
        );
        assert!(paths("").is_empty());
        assert_eq!(paths("last\r"), [(1, "last".to_string())]);
    }
}
