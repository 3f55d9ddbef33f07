//! What a county bureau does with the tool (issue 12): every applicant's file, of every table,
//! in one folder; one command; a summary per table, nothing lost, nothing skipped silently.

mod common;

use std::path::Path;

use common::{score, write};
use serde_json::Value;

/// An example data file that names its table on the first line, under another company name.
fn example(rubric: &str, company: Option<&str>) -> String {
    let text = std::fs::read_to_string(format!("examples/{rubric}.toml")).expect("example");
    // The examples name their table; this helper puts the line first itself.
    let text = without_rubric_line(&text);
    let text = match company {
        Some(name) => text
            .lines()
            .map(|l| {
                if l.starts_with("rubric = ") {
                    String::new()
                } else if l.starts_with("company = ") || l.starts_with("name = ") {
                    format!("company = \"{name}\"")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        None => text,
    };
    format!("rubric = \"{rubric}\"\n{text}\n")
}

/// The bureau's folder: one applicant per table (the demonstration enterprise's file saved by
/// Notepad as `.toml.txt`), the same alliance submitted twice (a full-width space and a trailing
/// space in the second name), a near-empty 附件1 file, and a stray Word document.
fn bureau_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().join("申报");
    std::fs::create_dir(&d).expect("mkdir");
    let put = |name: &str, text: &str| std::fs::write(d.join(name), text).expect("write");
    put("01_中心.toml", &example("enterprise-center", None));
    put("02_行业.toml", &example("industry-center", None));
    put(
        "03_示范.toml.txt",
        &example("demonstration-enterprise", None),
    );
    put("04_联盟.toml", &example("alliance", Some("甘肃示例联盟 A")));
    put(
        "05_联盟重报.toml",
        &example("alliance", Some("甘肃示例联盟　Ａ ")),
    );
    put(
        "06_几乎空白.toml",
        "rubric = \"enterprise-center\"\ncompany = \"空白公司\"\nrd_expense = 100\n",
    );
    put("说明.docx", "not a data file");
    dir
}

fn without_rubric_line(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("rubric = "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn run(dir: &Path, args: &[&str]) -> (String, String, Option<i32>) {
    let output = score()
        .current_dir(dir)
        .env("SCORE_LANG", "en")
        .args(args)
        .output()
        .expect("run score");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

#[test]
fn a_mixed_folder_scores_every_table_in_one_call_and_flags_what_needs_a_look() {
    let dir = bureau_folder();
    let (out, err, code) = run(dir.path(), &["--summary", "--format", "json", "申报"]);
    // A duplicate and an incomplete file are flagged, not failed.
    assert_eq!(code, Some(0), "{err}");
    let json: Value = serde_json::from_str(&out).expect("JSON");
    let tables = json["summaries"].as_array().expect("several tables");
    let ids: Vec<&str> = tables
        .iter()
        .map(|t| t["rubric"].as_str().expect("id"))
        .collect();
    // The notice's order, 附件1–4, whatever the files' order.
    assert_eq!(
        ids,
        [
            "enterprise-center",
            "industry-center",
            "demonstration-enterprise",
            "alliance"
        ]
    );
    let rows = |n: usize| tables[n]["summary"].as_array().expect("rows").clone();
    let cell = |row: &Value, key: &str| row[key].to_string();

    // 附件1: the example (52.5 + 2 = 54.5, eligible) above the near-empty file: 100万元 of R&D
    // expenditure and nothing else, which earns nothing and misses the 200万元 gate.
    let center = rows(0);
    assert_eq!(center.len(), 2);
    assert_eq!(cell(&center[0], "total"), "54.5");
    assert_eq!(center[0]["eligible"], true);
    assert_eq!(center[0]["incomplete"], false);
    // The gates' figures (SCORE_LANG=en): 860万元 and 860 / 32000 = 2.6875% shown as 2.69%.
    let figures = &center[0]["figures"];
    assert_eq!(figures["Annual R&D expenditure"], "860 万元");
    assert_eq!(
        figures["R&D expenditure as a share of main business revenue"],
        "2.69%"
    );
    assert_eq!(center[1]["company"], "空白公司");
    assert_eq!(cell(&center[1], "total"), "0");
    assert_eq!(center[1]["eligible"], false);
    assert_eq!(center[1]["incomplete"], true);
    // No main business revenue: no intensity to show.
    assert!(center[1]["figures"]["R&D expenditure as a share of main business revenue"].is_null());

    // 附件2 (高层次人才 per kind: two provincial leaders earn 1) and 附件3 (read from the .toml.txt file).
    let industry = rows(1);
    assert_eq!(cell(&industry[0], "total"), "63");
    let demonstration = rows(2);
    assert_eq!(cell(&demonstration[0], "total"), "73");
    assert!(
        demonstration[0]["data"]
            .as_str()
            .is_some_and(|d| d.ends_with("03_示范.toml.txt"))
    );

    // 附件4: both submissions scored (68 each) and both marked duplicate.
    let alliance = rows(3);
    assert_eq!(alliance.len(), 2);
    for row in &alliance {
        assert_eq!(cell(row, "total"), "68");
        assert_eq!(row["duplicate"], true, "{row}");
    }
    assert_eq!(
        tables
            .iter()
            .map(|t| t["summary"].as_array().map_or(0, Vec::len))
            .sum::<usize>(),
        6,
        "every data file is in a summary"
    );

    // Nothing skipped silently.
    assert!(
        err.contains("03_示范.toml.txt") && err.contains("rename it to `03_示范.toml`"),
        "{err}"
    );
    assert!(
        err.contains("说明.docx") && err.contains("was not read"),
        "{err}"
    );
    assert!(err.contains("is in 2 files"), "{err}");

    // The table's count line says a file was not read.
    let (table, _, _) = run(dir.path(), &["--summary", "申报", "--lang", "zh"]);
    assert!(table.contains("另有 1 个文件未读取"), "{table}");
    assert!(table.contains("重复 2 份"), "{table}");
    assert!(table.contains("数据不完整 1 份"), "{table}");
}

#[test]
fn one_table_keeps_todays_json_shape() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir, "a.toml", &example("alliance", Some("甲")));
    write(&dir, "b.toml", &example("alliance", Some("乙")));
    let (out, err, code) = run(dir.path(), &["--summary", "-f", "json", "a.toml", "b.toml"]);
    assert_eq!(code, Some(0), "{err}");
    let json: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["rubric"], "alliance");
    assert_eq!(json["summary"].as_array().map(Vec::len), Some(2));
}

#[test]
fn with_rubric_given_a_file_naming_another_table_is_an_error_that_says_which() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir, "c.toml", &example("enterprise-center", None));
    let (_, err, code) = run(dir.path(), &["--rubric", "alliance", "c.toml"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("names `rubric = \"enterprise-center\"`, but it is scored with `alliance`"),
        "{err}"
    );
    // Not followed by one unknown-key error per figure of the other table.
    assert!(!err.contains("unknown key"), "{err}");
    // The same file with its own table is fine.
    let (_, err, code) = run(dir.path(), &["--rubric", "enterprise-center", "c.toml"]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_file_of_another_table_without_a_rubric_line_gets_a_hint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string("examples/demonstration-enterprise.toml").expect("example");
    write(&dir, "d.toml", &without_rubric_line(&text));
    // Scored with the wrong table: the unknown keys, and which table they fit.
    let (_, err, code) = run(dir.path(), &["--rubric", "enterprise-center", "d.toml"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("unknown key"), "{err}");
    assert!(
        err.contains("these keys look like `demonstration-enterprise`"),
        "{err}"
    );
    // No table at all: say so, with the same hint.
    let (_, err, code) = run(dir.path(), &["d.toml"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("does not say which table it is for"), "{err}");
    assert!(
        err.contains("these keys look like `demonstration-enterprise`"),
        "{err}"
    );
}

#[test]
fn what_if_takes_the_table_one_file_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir, "c.toml", &example("enterprise-center", None));
    let (_, err, code) = run(dir.path(), &["--what-if", "rd_expense=1", "c.toml"]);
    assert_eq!(code, Some(0), "{err}");
    // Without its `rubric` line, the file names no table: the same error as without --what-if.
    write(
        &dir,
        "n.toml",
        &without_rubric_line(&example("enterprise-center", None)),
    );
    let (_, err, code) = run(dir.path(), &["--what-if", "rd_expense=1", "n.toml"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("does not say which table it is for"), "{err}");
    // Two files: which table the assumption is scored with is not one file's to say.
    write(&dir, "d.toml", &example("enterprise-center", None));
    let (_, err, code) = run(
        dir.path(),
        &["--what-if", "rd_expense=1", "c.toml", "d.toml"],
    );
    assert_ne!(code, Some(0));
    assert!(
        err.contains("--what-if is for one data file at a time"),
        "{err}"
    );
}

/// The bureau's folder with the failed file a bureau meets: one that does not parse.
fn snapshot_folder() -> tempfile::TempDir {
    let dir = bureau_folder();
    std::fs::write(
        dir.path().join("申报/07_坏.toml"),
        "rubric = \"alliance\"\ncompany = \"坏文件\"\npromotion_events = = 2\n",
    )
    .expect("write");
    dir
}

#[test]
fn snapshots_of_the_new_summary_in_every_format() {
    let dir = snapshot_folder();
    for format in ["table", "csv", "markdown", "json", "html"] {
        let output = score()
            .current_dir(dir.path())
            .env("SCORE_LANG", "zh")
            .args([
                "--summary",
                "--format",
                format,
                "--issuer",
                "凉州区工业和信息化局",
                "申报",
            ])
            .output()
            .expect("run");
        assert_eq!(
            output.status.code(),
            Some(1),
            "the broken file fails the run"
        );
        let out = String::from_utf8_lossy(&output.stdout).into_owned();
        insta::assert_snapshot!(format!("bureau_summary_{format}"), out);
    }
}

#[test]
fn the_summary_csv_neutralises_formulas_like_the_sheet_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir, "a.toml", &example("alliance", Some("=HYPERLINK(1)")));
    write(&dir, "b.toml", &example("alliance", Some("-1+2")));
    let (out, err, code) = run(dir.path(), &["--summary", "-f", "csv", "a.toml", "b.toml"]);
    assert_eq!(code, Some(0), "{err}");
    let mut reader = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
    let names: Vec<String> = reader
        .records()
        .map(|r| r.expect("record")[2].to_string())
        .collect();
    // Equal totals: tied, listed by the name as printed (`-` sorts before `=`).
    assert_eq!(names, ["'-1+2", "'=HYPERLINK(1)"]);
}
