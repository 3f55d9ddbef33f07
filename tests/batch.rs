//! Many data files at once: directories, glob patterns, a broken file among good ones, the ranked
//! summary (申报企业汇总表) in every format, and argument order under parallelism.

mod common;

use common::score;

use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

fn write(dir: &Path, name: &str, text: &str) {
    if let Some(parent) = Path::new(name).parent() {
        std::fs::create_dir_all(dir.join(parent)).expect("mkdir");
    }
    std::fs::write(dir.join(name), text).expect("write");
}

/// An alliance data file worth `2 × events` points (capped at 5), nothing else given.
fn alliance(company: &str, events: u32) -> String {
    format!("name = \"{company}\"\npromotion_events = {events}\n")
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 stderr")
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Inputs: directories and glob patterns.

#[test]
fn a_directory_gives_its_toml_files_sorted_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "in/c.toml", &alliance("C", 1));
    write(root, "in/a.toml", &alliance("A", 1));
    write(root, "in/B.toml", &alliance("B", 1));
    write(root, "in/b10.toml", &alliance("B10", 1));
    write(root, "in/b9.toml", &alliance("B9", 1));
    // Not data files: another extension, a hidden file, a subfolder's file.
    write(root, "in/notes.txt", "not toml");
    write(root, "in/.draft.toml", &alliance("hidden", 1));
    write(root, "in/sub/d.toml", &alliance("D", 1));
    let output = score()
        .current_dir(root)
        .args(["--rubric", "alliance", "--format", "jsonl", "in"])
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&stdout(&output));
    let data: Vec<&str> = lines.iter().filter_map(|l| l["data"].as_str()).collect();
    // Byte order: upper case before lower, "b10" before "b9".
    assert_eq!(
        data,
        [
            "in/B.toml",
            "in/a.toml",
            "in/b10.toml",
            "in/b9.toml",
            "in/c.toml"
        ]
    );
    // A directory is a batch, so the summary follows the sheets.
    let summary = lines.last().expect("summary line");
    assert_eq!(summary["summary"].as_array().map(Vec::len), Some(5));
}

#[test]
fn a_directory_with_one_file_is_still_a_batch() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "in/only.toml", &alliance("Only", 2));
    let output = score()
        .current_dir(dir.path())
        .args(["--rubric", "alliance", "--format", "json", "in"])
        .output()
        .expect("run");
    assert!(output.status.success());
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    // A batch's JSON is the array of its sheets, even of one.
    let array = json.as_array().expect("an array of sheets");
    assert_eq!(array.len(), 1);
    assert_eq!(array[0]["company"], "Only");
    let output = score()
        .current_dir(dir.path())
        .args([
            "--rubric",
            "alliance",
            "--format",
            "json",
            "--summary",
            "in",
        ])
        .output()
        .expect("run");
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["summary"][0]["company"], "Only");
    assert_eq!(json["summary"][0]["total"], serde_json::json!(4));
}

#[test]
fn glob_patterns_are_expanded_by_score_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "data/z-co.toml", &alliance("Z", 1));
    write(root, "data/a-co.toml", &alliance("A", 2));
    write(root, "data/m-co.toml", &alliance("M", 3));
    write(root, "data/m-co.txt", "not data");
    write(root, "data/.hidden.toml", &alliance("H", 3));
    // No shell here: the pattern reaches `score` as written, as from Windows cmd.exe.
    let output = score()
        .current_dir(root)
        .args(["--rubric", "alliance", "--format", "jsonl", "data/*.toml"])
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&stdout(&output));
    let data: Vec<&str> = lines.iter().filter_map(|l| l["data"].as_str()).collect();
    assert_eq!(data, ["data/a-co.toml", "data/m-co.toml", "data/z-co.toml"]);

    let output = score()
        .current_dir(root)
        .args([
            "--rubric",
            "alliance",
            "--format",
            "jsonl",
            "data/[am]-co.toml",
        ])
        .output()
        .expect("run");
    let lines = json_lines(&stdout(&output));
    let data: Vec<&str> = lines.iter().filter_map(|l| l["data"].as_str()).collect();
    assert_eq!(data, ["data/a-co.toml", "data/m-co.toml"]);
}

#[test]
fn a_pattern_that_matches_nothing_or_an_empty_folder_fails_the_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "good.toml", &alliance("Good", 1));
    std::fs::create_dir(root.join("empty")).expect("mkdir");
    let output = score()
        .current_dir(root)
        .args(["--rubric", "alliance", "--summary", "--format", "json"])
        .args(["good.toml", "nothing/*.toml", "empty"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("没有文件匹配 `nothing/*.toml`"), "{err}");
    assert!(
        err.contains("文件夹 `empty` 中没有 `*.toml` 数据文件"),
        "{err}"
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rows = json["summary"].as_array().expect("rows");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["company"], "Good");
    assert_eq!(rows[1]["data"], "nothing/*.toml");
    assert_eq!(rows[2]["data"], "empty");
    assert!(
        rows[1]["error"]
            .as_str()
            .is_some_and(|e| e.contains("没有文件匹配"))
    );
}

// ---------------------------------------------------------------------------------------------
// A list of paths: `--files-from`.

/// The `data` of each JSON line that has one.
fn data_of(output: &std::process::Output) -> Vec<String> {
    json_lines(&stdout(output))
        .iter()
        .filter_map(|l| l["data"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn a_list_of_paths_follows_the_arguments_and_is_expanded_like_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "first.toml", &alliance("First", 1));
    write(root, "in/b.toml", &alliance("B", 1));
    write(root, "in/a.toml", &alliance("A", 1));
    write(root, "申报材料/企业甲.toml", &alliance("甲", 2));
    write(root, "申报材料/企业乙.toml", &alliance("乙", 2));
    write(root, "other one.toml", &alliance("Spaced", 1));
    // A byte-order mark, CRLF line ends, blank lines, a folder, a pattern, a name with a space.
    let list = "\u{feff}申报材料/*.toml\r\n\r\n   \r\nin\r\nother one.toml\r\n";
    write(root, "清单.txt", list);
    let output = score()
        .current_dir(root)
        .args(["--rubric", "alliance", "--format", "jsonl"])
        .args(["first.toml", "--files-from", "清单.txt"])
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        data_of(&output),
        [
            "first.toml",
            "申报材料/企业乙.toml",
            "申报材料/企业甲.toml",
            "in/a.toml",
            "in/b.toml",
            "other one.toml"
        ]
    );
    // The last line is the summary: a list makes a batch.
    let lines = json_lines(&stdout(&output));
    let summary = lines.last().expect("summary line");
    assert_eq!(summary["summary"].as_array().map(Vec::len), Some(6));
}

#[test]
fn a_list_in_gbk_on_standard_input_is_read_without_arguments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "申报材料/甲公司.toml", &alliance("甲", 1));
    write(root, "申报材料/乙公司.toml", &alliance("乙", 2));
    let (gbk, _, bad) = encoding_rs::GBK.encode("申报材料/乙公司.toml\n申报材料/甲公司.toml\n");
    assert!(!bad);
    assert!(std::str::from_utf8(&gbk).is_err(), "the list is not UTF-8");
    let output = score()
        .current_dir(root)
        .args([
            "--rubric",
            "alliance",
            "--format",
            "jsonl",
            "--files-from",
            "-",
        ])
        .write_stdin(gbk.into_owned())
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        data_of(&output),
        ["申报材料/乙公司.toml", "申报材料/甲公司.toml"]
    );
}

#[test]
fn a_listed_path_that_fails_names_the_list_and_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "good.toml", &alliance("Good", 1));
    write(
        root,
        "list.txt",
        "good.toml\n\nmissing.toml\nnothing/*.toml\n",
    );
    let output = score()
        .current_dir(root)
        .args(["--rubric", "alliance", "--summary", "--format", "json"])
        .args(["--files-from", "list.txt"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(
            "错误[io]: 无法读取 `missing.toml`：文件或文件夹不存在（路径清单 `list.txt` 第 3 行）"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "错误[no-match]: 没有文件匹配 `nothing/*.toml`（路径清单 `list.txt` 第 4 行）"
        ),
        "{err}"
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rows = json["summary"].as_array().expect("rows");
    let data: Vec<&str> = rows.iter().filter_map(|r| r["data"].as_str()).collect();
    assert_eq!(data, ["good.toml", "missing.toml", "nothing/*.toml"]);
    // In English too.
    let output = score()
        .current_dir(root)
        .args(["--lang", "en", "--rubric", "alliance", "--summary"])
        .args(["--files-from", "list.txt"])
        .output()
        .expect("run");
    assert!(
        stderr(&output).contains("cannot read `missing.toml`: "),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains(" (line 3 of the list `list.txt`)"));
}

#[test]
fn an_empty_missing_or_unreadable_list_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "blank.txt", "\n  \r\n\n");
    score()
        .current_dir(root)
        .args([
            "--rubric",
            "alliance",
            "--summary",
            "--files-from",
            "blank.txt",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "错误[no-data]: 路径清单 `blank.txt` 中没有路径",
        ));
    score()
        .current_dir(root)
        .args(["--rubric", "alliance", "--files-from", "nope.txt"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "无法读取路径清单 `nope.txt`：文件或文件夹不存在",
        ));
    // Notepad's "Unicode": refused with how to save it, naming the list.
    std::fs::write(root.join("u16.txt"), b"\xff\xfea\x00.\x00t\x00").expect("write");
    score()
        .current_dir(root)
        .args(["--rubric", "alliance", "--files-from", "u16.txt"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("`u16.txt` 的编码是 UTF-16"));
}

// ---------------------------------------------------------------------------------------------
// One broken file among good ones.

#[test]
fn a_broken_file_is_listed_with_its_error_and_the_others_are_scored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "in/1-good.toml", &alliance("甲公司", 1));
    write(
        root,
        "in/2-bad.toml",
        "name = \"乙公司\"\npromotion_event = 3\n",
    );
    write(root, "in/3-good.toml", &alliance("丙公司", 2));
    write(root, "in/4-garbage.toml", "this is = = not toml\n");

    // Sheets and summary (table).
    let output = score()
        .current_dir(root)
        .args(["--rubric", "alliance", "in"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1), "any failed file → exit 1");
    let out = stdout(&output);
    let err = stderr(&output);
    assert!(out.contains("申报单位: 甲公司"), "{out}");
    assert!(out.contains("申报单位: 丙公司"), "{out}");
    assert!(out.contains("申报单位汇总表"), "{out}");
    assert!(out.contains("共 4 份：已评分 2 份，未能评分 2 份"), "{out}");
    // The summary's row for the bad file carries its first error and place.
    assert!(
        out.contains("未知的键 `promotion_event`（评分表 `alliance`） (in/2-bad.toml:2:1)"),
        "{out}"
    );
    // The full diagnostics are on stderr, not stdout.
    assert!(err.contains("--> in/2-bad.toml:2:1"), "{err}");
    assert!(err.contains("您是不是要写 `promotion_events`？"), "{err}");
    assert!(err.contains("in/4-garbage.toml"), "{err}");
    assert!(!out.contains("您是不是要写"), "{out}");

    // The same as JSON: total null and error set, failed rows last.
    let output = score()
        .current_dir(root)
        .args([
            "--rubric",
            "alliance",
            "--summary",
            "--format",
            "json",
            "in",
        ])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rows = json["summary"].as_array().expect("rows");
    let brief: Vec<(Value, Value, Value)> = rows
        .iter()
        .map(|r| (r["rank"].clone(), r["data"].clone(), r["total"].clone()))
        .collect();
    assert_eq!(
        brief,
        [
            (1.into(), "in/3-good.toml".into(), 4.into()),
            (2.into(), "in/1-good.toml".into(), 2.into()),
            (Value::Null, "in/2-bad.toml".into(), Value::Null),
            (Value::Null, "in/4-garbage.toml".into(), Value::Null),
        ]
    );
    for failed in &rows[2..] {
        assert!(
            failed["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{failed}"
        );
        for field in ["base", "bonus", "total", "eligible", "warnings", "company"] {
            assert!(failed[field].is_null(), "{field} of a failed row: {failed}");
        }
    }
    assert!(rows[0]["error"].is_null());
}

// ---------------------------------------------------------------------------------------------
// Ranking with ties, in every format.

/// enterprise-center files with known totals: `achievements_filed_3y` gives 1 base point each,
/// `[awards] second` 1 bonus point each, every other item 0.
fn ec(company: &str, achievements: u32, second_prizes: u32) -> String {
    format!(
        "company = \"{company}\"\nachievements_filed_3y = {achievements}\n\n[awards]\nsecond = {second_prizes}\n"
    )
}

/// Six files given in a scrambled order:
/// - `f`: 10 + 1 → total 11: rank 1;
/// - `c`, `d`: 8 + 0 each, a tie of total and base: by file name, `c` (2) before `d` (3);
/// - `b`: 7 + 1 = 8, the same total with a lower base: after `c` and `d` (4) though its name
///   sorts first;
/// - `a`: 3 + 0: rank 5;
/// - `e`: broken: no rank, last.
fn ranking_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "f.toml", &ec("F公司", 10, 1));
    write(root, "d.toml", &ec("D公司", 8, 0));
    write(root, "c.toml", &ec("C公司", 8, 0));
    write(root, "b.toml", &ec("B公司", 7, 1));
    write(root, "a.toml", &ec("A公司", 3, 0));
    write(root, "e.toml", "company = \"E公司\"\nachievements = 3\n");
    dir
}

const ARGS: [&str; 6] = ["e.toml", "d.toml", "b.toml", "a.toml", "c.toml", "f.toml"];

/// (rank, company, data, base, bonus, total) in rank order: three tie at 8 (competition
/// ranking), listed by base score, then by name.
const EXPECTED: [(&str, &str, &str, &str, &str, &str); 6] = [
    ("1", "F公司", "f.toml", "10", "1", "11"),
    ("2", "C公司", "c.toml", "8", "0", "8"),
    ("2", "D公司", "d.toml", "8", "0", "8"),
    ("2", "B公司", "b.toml", "7", "1", "8"),
    ("5", "A公司", "a.toml", "3", "0", "3"),
    ("", "", "e.toml", "", "", ""),
];

fn run_ranking(dir: &tempfile::TempDir, extra: &[&str]) -> (String, String, Option<i32>) {
    let output = score()
        .current_dir(dir.path())
        .args(["--rubric", "enterprise-center"])
        .args(extra)
        .args(ARGS)
        .output()
        .expect("run");
    (stdout(&output), stderr(&output), output.status.code())
}

fn check_json_rows(rows: &[Value]) {
    assert_eq!(rows.len(), EXPECTED.len(), "{rows:?}");
    for (row, (rank, company, data, base, bonus, total)) in rows.iter().zip(EXPECTED) {
        let text = |v: &Value| match v {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        assert_eq!(
            [
                text(&row["rank"]),
                text(&row["company"]),
                text(&row["data"]),
                text(&row["base"]),
                text(&row["bonus"]),
                text(&row["total"]),
            ],
            [rank, company, data, base, bonus, total].map(String::from),
            "{row}"
        );
        assert_eq!(row["eligible"].is_null(), rank.is_empty(), "{row}");
        if !rank.is_empty() {
            // No R&D figures: the 200万元 gate fails.
            assert_eq!(row["eligible"], false, "{row}");
            assert!(row["warnings"].as_u64().is_some_and(|n| n > 0), "{row}");
            assert!(row["error"].is_null(), "{row}");
        } else {
            assert!(
                row["error"]
                    .as_str()
                    .is_some_and(|e| e.contains("未知的键 `achievements`")),
                "{row}"
            );
        }
    }
}

#[test]
fn summary_json_ranks_by_total_with_ties_then_base_then_name() {
    let dir = ranking_dir();
    let (out, err, code) = run_ranking(&dir, &["--summary", "--format", "json"]);
    assert_eq!(code, Some(1), "{err}");
    let json: Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(json["rubric"], "enterprise-center");
    let rows = json["summary"].as_array().expect("summary array");
    check_json_rows(rows);
    let fields: Vec<&str> = rows[0]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        fields,
        [
            "no",
            "rank",
            "tied",
            "company",
            "credit_code",
            "contact",
            "phone",
            "data",
            "figures",
            "base",
            "bonus",
            "total",
            "eligible",
            "warnings",
            "duplicate",
            "incomplete",
            "error"
        ]
    );
}

#[test]
fn json_without_summary_is_the_array_of_sheets_and_the_summary_agrees_with_it() {
    let dir = ranking_dir();
    let (out, _, code) = run_ranking(&dir, &["--format", "json"]);
    assert_eq!(code, Some(1));
    let json: Value = serde_json::from_str(&out).expect("valid JSON");
    let array = json.as_array().expect("array");
    // Five sheets in argument order (the broken e.toml has none), and nothing else.
    assert_eq!(array.len(), 5);
    let data: Vec<&str> = array.iter().filter_map(|s| s["data"].as_str()).collect();
    assert_eq!(data, ["d.toml", "b.toml", "a.toml", "c.toml", "f.toml"]);
    let (summary, _, code) = run_ranking(&dir, &["--format", "json", "--summary"]);
    assert_eq!(code, Some(1));
    let summary: Value = serde_json::from_str(&summary).expect("valid JSON");
    check_json_rows(summary["summary"].as_array().expect("summary"));
    // The summary agrees with the sheets.
    for sheet in array {
        let row = summary["summary"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["data"] == sheet["data"]))
            .expect("a row per sheet");
        for field in ["company", "base", "bonus", "total", "eligible"] {
            assert_eq!(row[field], sheet[field], "{field}");
        }
        assert_eq!(
            row["warnings"].as_u64(),
            sheet["warnings"].as_array().map(|w| w.len() as u64)
        );
    }
}

#[test]
fn jsonl_is_a_sheet_a_line_then_one_summary_line() {
    let dir = ranking_dir();
    let (out, _, code) = run_ranking(&dir, &["--format", "jsonl"]);
    assert_eq!(code, Some(1));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 6);
    let data: Vec<&str> = lines[..5]
        .iter()
        .filter_map(|s| s["data"].as_str())
        .collect();
    assert_eq!(data, ["d.toml", "b.toml", "a.toml", "c.toml", "f.toml"]);
    assert!(lines[..5].iter().all(|l| l.get("items").is_some()));
    check_json_rows(lines[5]["summary"].as_array().expect("summary"));

    let (out, _, _) = run_ranking(&dir, &["--summary", "--format", "jsonl"]);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1, "--summary: the summary line only");
    check_json_rows(lines[0]["summary"].as_array().expect("summary"));
}

#[test]
fn csv_summary_has_a_bom_a_header_and_ranked_rows() {
    let dir = ranking_dir();
    let (out, _, code) = run_ranking(&dir, &["--summary", "--format", "csv"]);
    assert_eq!(code, Some(1));
    let body = out
        .strip_prefix('\u{feff}')
        .expect("starts with a UTF-8 byte-order mark for Excel");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        [
            "序号",
            "排名",
            "申报单位",
            "数据文件",
            "年度研究与试验发展经费支出额（万元）",
            "研发经费支出占主营业务收入的比重（%）",
            "基本得分",
            "加分",
            "总分",
            "符合申报条件",
            "警告数",
            "备注",
            "错误"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(rows.len(), EXPECTED.len());
    for (row, (rank, company, data, base, bonus, total)) in rows.iter().zip(EXPECTED) {
        let cells: Vec<&str> = row.iter().collect();
        assert_eq!(cells[1..4], [rank, company, data]);
        assert_eq!(cells[6..9], [base, bonus, total]);
        if rank.is_empty() {
            assert!(row[12].contains("未知的键 `achievements`"), "{row:?}");
            assert_eq!(&row[9], "");
            assert_eq!(&row[11], "未能评分");
        } else {
            assert_eq!(&row[9], "否");
            assert_eq!(&row[12], "");
        }
    }

    let (out, _, _) = run_ranking(&dir, &["--summary", "--format", "csv", "--lang", "en"]);
    let first = out.lines().next().expect("header");
    assert_eq!(
        first.trim_start_matches('\u{feff}'),
        "No.,Rank,Applicant,Data file,Annual R&D expenditure (万元),R&D expenditure as a share of main business revenue (%),\
         Base,Bonus,Total,Eligible,Warnings,Remarks,Error"
    );
}

/// The cells of a Markdown or box-drawn table's body rows.
fn table_rows(text: &str, start: &str, separator: char) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| l.starts_with(start))
        .map(|l| {
            l.trim_matches(|c| c == '|' || c == '│')
                .split(separator)
                .map(|c| c.trim().replace("\\|", "|"))
                .collect()
        })
        .collect()
}

fn check_table_rows(rows: &[Vec<String>], dash: &str) {
    assert_eq!(rows.len(), EXPECTED.len(), "{rows:?}");
    for (row, (rank, company, data, base, bonus, total)) in rows.iter().zip(EXPECTED) {
        let or_dash = |s: &str| {
            if s.is_empty() {
                dash.to_string()
            } else {
                s.to_string()
            }
        };
        assert_eq!(
            row[1..4],
            [or_dash(rank), or_dash(company), data.to_string()],
            "{row:?}"
        );
        assert_eq!(
            row[6..9],
            [or_dash(base), or_dash(bonus), or_dash(total)],
            "{row:?}"
        );
        if rank.is_empty() {
            assert_eq!(row[11], "未能评分", "{row:?}");
        }
    }
}

#[test]
fn markdown_summary_is_a_ranked_table() {
    let dir = ranking_dir();
    let (out, _, code) = run_ranking(&dir, &["--summary", "--format", "markdown"]);
    assert_eq!(code, Some(1));
    assert!(
        out.starts_with(
            "## 申报企业汇总表 · 甘肃省企业技术中心自评表 · 2024年 (enterprise-center)\n"
        ),
        "{out}"
    );
    let rows = table_rows(&out, "| ", '|');
    assert_eq!(rows[0][..4], ["序号", "排名", "申报单位", "数据文件"]);
    check_table_rows(&rows[1..], "—");
    assert!(out.contains("共 6 份：已评分 5 份，未能评分 1 份"), "{out}");
}

#[test]
fn table_summary_is_ranked_after_the_sheets() {
    let dir = ranking_dir();
    let (out, _, code) = run_ranking(&dir, &[]);
    assert_eq!(code, Some(1));
    let summary_at = out.find("申报企业汇总表").expect("summary");
    // Every sheet comes before the summary, in argument order.
    let sheets: Vec<usize> = ["D公司", "B公司", "A公司", "C公司", "F公司"]
        .iter()
        .map(|c| out.find(&format!("申报单位: {c}")).expect("sheet"))
        .collect();
    assert!(sheets.windows(2).all(|w| w[0] < w[1]), "{sheets:?}");
    assert!(sheets.iter().all(|&at| at < summary_at));
    let rows = table_rows(&out[summary_at..], "│", '┆');
    assert_eq!(rows[0][..4], ["序号", "排名", "申报单位", "数据文件"]);
    check_table_rows(&rows[1..], "—");

    let (only, _, _) = run_ranking(&dir, &["--summary"]);
    assert!(
        only.starts_with("申报企业汇总表"),
        "--summary prints no sheet: {only}"
    );
    check_table_rows(&table_rows(&only, "│", '┆')[1..], "—");
}

#[test]
fn summary_snapshots() {
    let dir = ranking_dir();
    let (table, _, _) = run_ranking(&dir, &["--summary"]);
    insta::assert_snapshot!("summary_table", table);
    let (markdown, _, _) = run_ranking(&dir, &["--summary", "--format", "markdown"]);
    insta::assert_snapshot!("summary_markdown", markdown);
    let (csv, _, _) = run_ranking(&dir, &["--summary", "--format", "csv", "--lang", "en"]);
    insta::assert_snapshot!("summary_csv_en", csv.trim_start_matches('\u{feff}'));
}

// ---------------------------------------------------------------------------------------------
// Argument order under parallelism.

#[test]
fn output_keeps_argument_order_under_parallelism() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let n = 240;
    // Names whose argument order is neither sorted nor reverse; some files are much longer
    // (a big comment) so that workers finish out of order.
    let mut args = Vec::new();
    for i in 0..n {
        let k = (i * 97) % n;
        let name = format!("f{k:03}.toml");
        let padding = if k % 5 == 0 {
            format!("# {}\n", "填写说明".repeat(4000))
        } else {
            String::new()
        };
        write(
            root,
            &name,
            &format!("{padding}{}", alliance(&format!("公司{k}"), (k % 4) as u32)),
        );
        args.push(name);
    }
    for threads in ["1", "2", "8"] {
        let output = score()
            .current_dir(root)
            .env("SCORE_THREADS", threads)
            .args(["--rubric", "alliance", "--format", "jsonl"])
            .args(&args)
            .output()
            .expect("run");
        assert!(output.status.success(), "{}", stderr(&output));
        let lines = json_lines(&stdout(&output));
        let data: Vec<&str> = lines[..n]
            .iter()
            .filter_map(|l| l["data"].as_str())
            .collect();
        assert_eq!(data, args, "SCORE_THREADS={threads}");
        let rows = lines[n]["summary"].as_array().expect("summary");
        assert_eq!(rows.len(), n);
        // Ranked: totals never rise; equal totals share a rank, are marked tied and go by
        // the name as printed.
        for pair in rows.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let (ta, tb) = (a["total"].as_u64(), b["total"].as_u64());
            assert!(ta >= tb, "{a} before {b}");
            if ta == tb {
                assert!(
                    a["company"].as_str() < b["company"].as_str(),
                    "{a} before {b}"
                );
                assert_eq!(a["rank"], b["rank"], "{a} and {b}");
                assert!(a["tied"] == true && b["tied"] == true, "{a} and {b}");
            }
        }
    }
}

#[test]
fn one_file_alone_prints_its_sheet_and_no_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "one.toml", &alliance("独一", 1));
    score()
        .current_dir(dir.path())
        .args(["--rubric", "alliance", "one.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("申报单位: 独一"))
        .stdout(predicate::str::contains("申报企业汇总表").not());
    // `--summary` asks for the summary even of one file.
    score()
        .current_dir(dir.path())
        .args(["--rubric", "alliance", "--summary", "one.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("申报单位汇总表"))
        .stdout(predicate::str::contains("申报单位: 独一").not());
}

#[test]
fn summary_formats_escape_names_that_look_like_markup() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "x.toml",
        "name = 'A|B <b>&\"C\", 有限公司'\npromotion_events = 2\n",
    );
    write(dir.path(), "y.toml", &alliance("Y", 1));
    let run = |format: &str| {
        let output = score()
            .current_dir(dir.path())
            .args([
                "--rubric",
                "alliance",
                "--summary",
                "--format",
                format,
                "x.toml",
                "y.toml",
            ])
            .output()
            .expect("run");
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    let markdown = run("markdown");
    assert!(
        // The sheets' own escaping: `|` and `<` backslashed, so no cell breaks and no raw HTML.
        markdown.contains("| 1 | 1 | A\\|B \\<b>&\"C\", 有限公司 | x.toml |"),
        "{markdown}"
    );
    let html = run("html");
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(
        html.contains("<td class=\"name\">A|B &lt;b&gt;&amp;&quot;C&quot;, 有限公司</td>"),
        "{html}"
    );
    assert!(html.trim_end().ends_with("</html>"), "{html}");
    let first = html.find(">A|B").expect("x row");
    let second = html.find(">Y</td>").expect("y row");
    assert!(first < second, "ranked: x (4 points) before y (2)");
    let csv_text = run("csv");
    let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let row = reader.records().next().expect("a row").expect("record");
    assert_eq!(&row[2], "A|B <b>&\"C\", 有限公司");
}
