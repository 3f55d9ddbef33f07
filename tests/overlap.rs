//! A file is one applicant however many arguments name it (issue 24): overlapping patterns, a
//! folder and a pattern over it, a path given twice are scored once, never flagged 重复; files
//! that are not data are listed once, by name, as 未读取.

mod common;

use std::path::Path;

use common::score;
use serde_json::Value;

fn alliance(name: &str) -> String {
    format!("rubric = \"alliance\"\nname = \"{name}\"\npromotion_events = 2\n")
}

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().join("申报");
    std::fs::create_dir_all(d.join("乙")).expect("mkdir");
    std::fs::write(d.join("a.toml"), alliance("甲联盟")).expect("write");
    std::fs::write(d.join("乙/b.toml"), alliance("乙联盟")).expect("write");
    std::fs::write(d.join("说明.docx"), "not data").expect("write");
    std::fs::write(d.join("乙/封面.pdf"), "%PDF-1.4").expect("write");
    dir
}

fn run(dir: &Path, args: &[&str]) -> (String, String, Option<i32>) {
    let output = score()
        .current_dir(dir)
        .env("SCORE_LANG", "zh")
        .args(args)
        .output()
        .expect("run score");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

const OVERLAPPING: [&str; 6] = [
    "申报/**/*",
    "申报",
    "申报/a.toml",
    "./申报/a.toml",
    "申报/乙",
    "--summary",
];

#[test]
fn a_file_named_by_several_arguments_is_scored_once_and_not_a_duplicate() {
    let dir = folder();
    let mut args = OVERLAPPING.to_vec();
    args.extend(["--format", "json"]);
    let (out, err, code) = run(dir.path(), &args);
    assert_eq!(code, Some(0), "{err}");
    let json: Value = serde_json::from_str(&out).expect("json");
    let rows = json["summary"].as_array().expect("rows");
    let data: Vec<&str> = rows.iter().map(|r| r["data"].as_str().unwrap()).collect();
    // The first argument that named each file names it in the summary (a tie: 乙 before 甲).
    assert_eq!(data, ["申报/乙/b.toml", "申报/a.toml"], "{json}");
    assert!(rows.iter().all(|r| r["duplicate"] == false), "{json}");
    // The PDF a pattern matched is not read as a broken data file.
    assert!(
        !err.contains("封面.pdf`：") && !out.contains("未能评分"),
        "{err}"
    );
    assert_eq!(err.matches("说明.docx").count(), 1, "{err}");
    assert_eq!(err.matches("封面.pdf").count(), 1, "{err}");
}

#[test]
fn files_not_read_are_listed_once_by_name_in_the_summary() {
    let dir = folder();
    for format in ["table", "markdown"] {
        let mut args = OVERLAPPING.to_vec();
        args.extend(["--format", format]);
        let (out, err, code) = run(dir.path(), &args);
        assert_eq!(code, Some(0), "{err}");
        let line = out
            .lines()
            .find(|l| l.contains("未读取（不是数据文件，未评分）："))
            .unwrap_or_else(|| panic!("{format}: no 未读取 list in\n{out}"));
        assert!(line.contains("申报/说明.docx"), "{line}");
        assert!(line.contains("申报/乙/封面.pdf"), "{line}");
        assert_eq!(out.matches("说明.docx").count(), 1, "{format}\n{out}");
        assert!(out.contains("共 2 份：已评分 2 份，未能评分 0 份"), "{out}");
        assert!(out.contains("另有 2 个文件未读取"), "{out}");
    }
}

#[test]
fn the_printed_summary_lists_files_not_read_once_on_the_page_not_sent() {
    let dir = folder();
    let mut args = OVERLAPPING.to_vec();
    args.extend(["--format", "html"]);
    let (out, err, code) = run(dir.path(), &args);
    assert_eq!(code, Some(0), "{err}");
    let page = out
        .split("<div class=\"page failed\">")
        .nth(1)
        .unwrap_or_else(|| panic!("no page of files not scored:\n{out}"));
    assert!(page.contains("未能评分的文件（不随汇总表报送）"), "{page}");
    assert!(
        page.contains("<li>说明.docx：不是评分用的数据文件"),
        "{page}"
    );
    assert!(
        page.contains("<li>封面.pdf：不是评分用的数据文件"),
        "{page}"
    );
    assert_eq!(out.matches("说明.docx").count(), 1, "{out}");
    assert!(!page.contains("盖章"), "{page}");
}

#[test]
fn two_files_of_one_applicant_are_still_duplicates() {
    let dir = folder();
    std::fs::write(dir.path().join("申报/c.toml"), alliance("甲联盟")).expect("write");
    let (out, err, code) = run(
        dir.path(),
        &["--summary", "-f", "json", "申报", "申报/*.toml"],
    );
    assert_eq!(code, Some(0), "{err}");
    let json: Value = serde_json::from_str(&out).expect("json");
    let rows = json["summary"].as_array().expect("rows");
    assert_eq!(rows.len(), 2, "{json}");
    assert!(rows.iter().all(|r| r["duplicate"] == true), "{json}");
}

#[test]
fn a_pattern_matching_only_documents_says_it_found_no_data_file() {
    let dir = folder();
    let (_, err, code) = run(dir.path(), &["--summary", "申报/*.docx", "申报/a.toml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("`申报/*.docx` 匹配的文件中没有数据文件"),
        "{err}"
    );
}
