//! File-system layouts never make `score` panic, hang or leak a control character: random
//! folders in a temporary directory with data files under odd names (not UTF-8, escape sequences,
//! leading `=`, newlines), symbolic links (dangling, to themselves, to `..`, to folders), FIFOs,
//! and subfolders, scored as a folder and through `*` and `**` globs by the real binary.
//!
//! Layouts per run: `CASES` (each scored three ways); `FUZZ_SCALE=n` runs n times as many.

#![cfg(unix)]

mod common;

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::TestRunner;

const CASES: u32 = 12;

const EXAMPLE: &str = include_str!("../examples/alliance.toml");

/// One entry of a layout.
#[derive(Debug, Clone)]
enum Entry {
    /// A data file (good or empty) under a name.
    File {
        name: usize,
        good: bool,
    },
    /// A symbolic link named `name` to `target`.
    Link {
        name: usize,
        target: usize,
    },
    Fifo {
        name: usize,
    },
    Folder {
        name: usize,
    },
}

/// Names: ordinary, odd and hostile, as bytes.
const NAMES: &[&[u8]] = &[
    b"a.toml",
    b"b.TOML",
    b"x\xff.toml",
    b"\xe7\x94\x98.toml",
    b"=1+1.toml",
    b"@SUM.toml",
    b"esc\x1b]0;t\x07.toml",
    b"new\nline.toml",
    b"bidi\xe2\x80\xae.toml",
    b".hidden.toml",
    b"sub",
    b"sub/c.toml",
    b"sub/deeper",
    b"sub/deeper/d.toml",
    b"notes.txt",
];

/// Link targets.
const TARGETS: &[&str] = &[
    ".",
    "..",
    "a.toml",
    "nowhere.toml",
    "sub",
    "/dev/zero",
    "/dev/null",
    "self.toml",
];

fn entry() -> impl Strategy<Value = Entry> {
    prop_oneof![
        (0..NAMES.len(), any::<bool>()).prop_map(|(name, good)| Entry::File { name, good }),
        (0..NAMES.len(), 0..TARGETS.len()).prop_map(|(name, target)| Entry::Link { name, target }),
        (0..NAMES.len()).prop_map(|name| Entry::Fifo { name }),
        (0..NAMES.len()).prop_map(|name| Entry::Folder { name }),
    ]
}

fn make(root: &Path, entries: &[Entry]) {
    for e in entries {
        let name = match e {
            Entry::File { name, .. }
            | Entry::Link { name, .. }
            | Entry::Fifo { name }
            | Entry::Folder { name } => *name,
        };
        let path = root.join(OsString::from_vec(NAMES[name].to_vec()));
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        // A name already taken by an earlier entry is skipped: writing through it could open a
        // FIFO (and block this test) or a link to a device.
        if std::fs::symlink_metadata(&path).is_ok() {
            continue;
        }
        let _ = match e {
            Entry::File { good, .. } => std::fs::write(
                &path,
                if *good {
                    EXAMPLE
                } else {
                    "promotion_events = -1\n"
                },
            ),
            Entry::Link { target, .. } => {
                let target = if TARGETS[*target] == "self.toml" {
                    path.clone()
                } else {
                    TARGETS[*target].into()
                };
                std::os::unix::fs::symlink(target, &path)
            }
            Entry::Fifo { .. } => std::process::Command::new("mkfifo")
                .arg(&path)
                .status()
                .map(|_| ()),
            Entry::Folder { .. } => std::fs::create_dir_all(&path),
        };
    }
}

fn check(root: &Path) -> Result<(), TestCaseError> {
    let arg_dir = root.as_os_str().to_owned();
    let mut star = root.as_os_str().to_owned();
    star.push("/*.toml");
    let mut deep = root.as_os_str().to_owned();
    deep.push("/**/*.toml");
    for arg in [arg_dir, star, deep] {
        for format in ["table", "csv"] {
            let output = common::score()
                .args(["--rubric", "alliance", "--summary", "--format", format])
                .arg(&arg)
                .timeout(Duration::from_secs(20))
                .output()
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let err = String::from_utf8_lossy(&output.stderr);
            prop_assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "exit {:?} for {arg:?}:\n{err}",
                output.status.code()
            );
            prop_assert!(!err.contains("panicked"), "{err}");
            for stream in [&output.stdout, &output.stderr] {
                prop_assert!(!stream.contains(&0x1b), "ESC written for {arg:?}");
                prop_assert!(!stream.contains(&0x07), "BEL written for {arg:?}");
                let text = String::from_utf8_lossy(stream);
                prop_assert!(!text.contains('\u{202e}'), "bidi control written");
            }
            if format == "csv" {
                let text = String::from_utf8_lossy(&output.stdout);
                for line in text.lines().skip(1) {
                    for cell in line.split(',') {
                        prop_assert!(
                            !cell.trim_matches('"').starts_with(['=', '@', '+']),
                            "{line}"
                        );
                    }
                }
            }
        }
    }
    Ok(())
}

#[test]
fn odd_layouts_never_panic_hang_or_inject() {
    if !std::process::Command::new("mkfifo")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        eprintln!("SKIP: mkfifo is not available");
        return;
    }
    let scale = std::env::var("FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1);
    let mut runner = TestRunner::new(ProptestConfig {
        cases: CASES.saturating_mul(scale),
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let result = runner.run(&prop::collection::vec(entry(), 1..12), |entries| {
        // The layout sits one level down, so a link to `..` stays inside the temporary folder.
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let work = dir.path().join("work");
        std::fs::create_dir(&work).map_err(|e| TestCaseError::fail(e.to_string()))?;
        make(&work, &entries);
        check(&work)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
