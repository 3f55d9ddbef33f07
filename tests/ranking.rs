//! Ties in the summary (issue 24): competition ranking (1, 2, 2, 4), 并列 in 备注, the order
//! within a tie by base score then by the name as printed, the same in every format.

mod common;

use std::path::Path;

use common::score;
use serde_json::Value;

/// The alliance example under `name`, with `promotion_events` events (2 points each, up to 5).
fn alliance(name: &str, events: u32) -> String {
    let text = std::fs::read_to_string("examples/alliance.toml").expect("example");
    text.lines()
        .map(|l| {
            if l.starts_with("name = ") {
                format!("name = \"{name}\"")
            } else if l.starts_with("promotion_events = ") {
                format!("promotion_events = {events}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Four applicants: 丙 with 3 events (+2 points) ranks 1st; 乙, 甲 and a blank name tie at 2nd
/// (the same figures); 丁 with no event ranks 5th, not 3rd.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let put =
        |file: &str, text: String| std::fs::write(dir.path().join(file), text).expect("write");
    put("a.toml", alliance("甲联盟", 2));
    put("b.toml", alliance("乙联盟", 2));
    put("c.toml", alliance("丙联盟", 3));
    put("d.toml", alliance("丁联盟", 0));
    put("e.toml", alliance("", 2));
    dir
}

fn run(dir: &Path, format: &str) -> String {
    let output = score()
        .current_dir(dir)
        .env("SCORE_LANG", "zh")
        .args(["--summary", "--format", format])
        .args(["a.toml", "b.toml", "c.toml", "d.toml", "e.toml"])
        .output()
        .expect("run score");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Names as printed, in rank order: the blank name by its file (`e.toml`); within the tie byte
/// order of the printed name puts `e.toml` first, then 乙 (U+4E59) before 甲 (U+7532).
const ORDER: [&str; 5] = ["丙联盟", "e.toml", "乙联盟", "甲联盟", "丁联盟"];
const RANKS: [u64; 5] = [1, 2, 2, 2, 5];

#[test]
fn json_ranks_ties_alike_and_marks_them() {
    let dir = folder();
    let json: Value = serde_json::from_str(&run(dir.path(), "json")).expect("json");
    let rows = json["summary"].as_array().expect("rows");
    let ranks: Vec<u64> = rows.iter().map(|r| r["rank"].as_u64().unwrap()).collect();
    assert_eq!(ranks, RANKS);
    let tied: Vec<bool> = rows.iter().map(|r| r["tied"].as_bool().unwrap()).collect();
    assert_eq!(tied, [false, true, true, true, false]);
    let data: Vec<&str> = rows.iter().map(|r| r["data"].as_str().unwrap()).collect();
    assert_eq!(data, ["c.toml", "e.toml", "b.toml", "a.toml", "d.toml"]);
    assert_eq!(rows[1]["company"], Value::Null);
    let jsonl = run(dir.path(), "jsonl");
    let line: Value = serde_json::from_str(jsonl.trim()).expect("jsonl");
    assert_eq!(line["summary"][3]["rank"], 2);
    assert_eq!(line["summary"][3]["tied"], true);
}

#[test]
fn csv_ranks_ties_alike_and_says_so_in_the_remarks() {
    let dir = folder();
    let out = run(dir.path(), "csv");
    let mut reader = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (rank, remarks, data) = (col("排名"), col("备注"), col("数据文件"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let ranks: Vec<&str> = rows.iter().map(|r| &r[rank]).collect();
    assert_eq!(ranks, ["1", "2", "2", "2", "5"]);
    let files: Vec<&str> = rows.iter().map(|r| &r[data]).collect();
    assert_eq!(files, ["c.toml", "e.toml", "b.toml", "a.toml", "d.toml"]);
    assert_eq!(&rows[0][remarks], "");
    assert_eq!(&rows[1][remarks], "并列；未填写申报单位名称");
    assert_eq!(&rows[2][remarks], "并列");
    assert_eq!(&rows[4][remarks], "");
}

/// The rows of a Markdown or HTML table holding `marker`, in order.
fn lines_with<'a>(out: &'a str, markers: &[&str]) -> Vec<&'a str> {
    markers
        .iter()
        .map(|m| {
            out.lines()
                .find(|l| l.contains(m))
                .unwrap_or_else(|| panic!("no row with {m} in\n{out}"))
        })
        .collect()
}

fn positions(out: &str, markers: &[&str]) -> Vec<usize> {
    markers
        .iter()
        .map(|m| out.find(m).unwrap_or_else(|| panic!("no {m} in\n{out}")))
        .collect()
}

#[test]
fn markdown_table_and_html_rank_ties_alike_in_the_same_order() {
    let dir = folder();
    for format in ["markdown", "table", "html"] {
        let out = run(dir.path(), format);
        let at = positions(&out, &ORDER);
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{format}: order\n{out}");
        assert!(out.contains("并列"), "{format}\n{out}");
        assert!(out.contains("未填写申报单位名称"), "{format}\n{out}");
    }
    let md = run(dir.path(), "markdown");
    let rows = lines_with(&md, &ORDER);
    for (row, rank) in rows.iter().zip(RANKS) {
        assert!(row.contains(&format!("| {rank} |")), "rank {rank}: {row}");
    }
    assert!(rows[2].contains("并列") && !rows[0].contains("并列") && !rows[4].contains("并列"));
    let html = run(dir.path(), "html");
    for (row, rank) in lines_with(&html, &ORDER).iter().zip(RANKS) {
        assert!(
            row.contains(&format!("<td class=\"n\">{rank}</td>")),
            "{row}"
        );
    }
}

#[test]
fn xlsx_ranks_ties_alike_as_numbers() {
    use calamine::{Data, DataType, Reader, Xlsx};
    let dir = folder();
    let file = dir.path().join("out.xlsx");
    let output = score()
        .current_dir(dir.path())
        .env("SCORE_LANG", "zh")
        .args(["--summary", "--format", "xlsx", "-o"])
        .arg(&file)
        .args(["a.toml", "b.toml", "c.toml", "d.toml", "e.toml"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
    let mut book: Xlsx<_> = calamine::open_workbook(&file).expect("open");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).expect("sheet");
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let header = rows
        .iter()
        .position(|r| r.iter().any(|c| *c == "排名"))
        .expect("header row");
    let col = |name: &str| rows[header].iter().position(|c| *c == name).expect(name);
    let (rank, remarks) = (col("排名"), col("备注"));
    let body = &rows[header + 1..header + 6];
    let ranks: Vec<f64> = body
        .iter()
        .map(|r| r[rank].as_f64().expect("number"))
        .collect();
    assert_eq!(ranks, [1.0, 2.0, 2.0, 2.0, 5.0]);
    assert_eq!(body[2][remarks].to_string(), "并列");
    assert_eq!(body[1][remarks].to_string(), "并列；未填写申报单位名称");
}

#[test]
fn a_mixed_workbook_names_each_tab_by_its_annex_and_short_name() {
    use calamine::{Reader, Xlsx};
    let dir = folder();
    std::fs::write(
        dir.path().join("i.toml"),
        "rubric = \"industry-center\"\ncompany = \"行业中心\"\n",
    )
    .expect("write");
    let file = dir.path().join("out.xlsx");
    let output = score()
        .current_dir(dir.path())
        .env("SCORE_LANG", "zh")
        .args(["--summary", "--format", "xlsx", "-o"])
        .arg(&file)
        .args(["a.toml", "i.toml"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
    let book: Xlsx<_> = calamine::open_workbook(&file).expect("open");
    assert_eq!(
        book.sheet_names(),
        ["附件2 行业技术中心", "附件4 产业技术创新联盟"]
    );
}
