//! The company, year and table a file names are read by one set of rules whatever the source
//! (docs/readings.md, "公司、年份与评分表"): the same values give the same result in a TOML file
//! (read fast or fully), a CSV file and an xlsx workbook.

mod common;

use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;
use score::data::rows::{self, Table};
use score::data::{self, Data, Options};
use score::diag::{Failed, Source};

/// One company's metadata, as key and value, written in every source.
#[derive(Clone, Copy)]
enum Cell<'a> {
    Text(&'a str),
    Number(f64),
}

/// The TOML text for `pairs`: text quoted, numbers bare.
fn toml_text(pairs: &[(&str, Cell<'_>)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| match v {
            Cell::Text(t) => format!("{k} = \"{t}\"\n"),
            Cell::Number(n) => format!("{k} = {n:?}\n").replace(".0\n", "\n"),
        })
        .collect()
}

fn read_toml(text: &str) -> Result<Data, Failed> {
    let rubric = common::rubric("alliance");
    let fast = data::load_str(
        &rubric,
        Source::new("d.toml", text.to_string()),
        Options::default(),
    );
    let full = data::load_str_spanned(
        &rubric,
        Source::new("d.toml", text.to_string()),
        Options::default(),
    );
    assert_eq!(
        format!("{fast:?}"),
        format!("{full:?}"),
        "fast and full differ"
    );
    fast
}

/// A key/value CSV file (every cell is text).
fn csv_file(dir: &Path, pairs: &[(&str, Cell<'_>)]) -> PathBuf {
    let mut text = String::from("键 key,数值 value\n");
    for (k, v) in pairs {
        match v {
            Cell::Text(t) => text.push_str(&format!("{k},{t}\n")),
            Cell::Number(n) => text.push_str(&format!("{k},{n}\n")),
        }
    }
    let path = dir.join("d.csv");
    std::fs::write(&path, text).expect("write");
    path
}

/// A key/value workbook: text cells as text, numbers as number cells.
fn xlsx_file(dir: &Path, pairs: &[(&str, Cell<'_>)]) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "键 key").expect("header");
    ws.write_string(0, 1, "数值 value").expect("header");
    for (i, (k, v)) in pairs.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string(row, 0, *k).expect("key");
        match v {
            Cell::Text(t) => ws.write_string(row, 1, *t).expect("text"),
            Cell::Number(n) => ws.write_number(row, 1, *n).expect("number"),
        };
    }
    let path = dir.join("d.xlsx");
    wb.save(&path).expect("save");
    path
}

fn read_cells(path: &Path) -> Result<Data, Failed> {
    let rubric = common::rubric("alliance");
    match rows::read(&rubric, path, Options::default()) {
        Ok(Table::One(data)) => *data,
        Ok(Table::Rows { .. }) => panic!("read as rows"),
        Err(failed) => Err(failed),
    }
}

/// The result of `pairs` in TOML, CSV and xlsx, in that order.
fn everywhere(pairs: &[(&str, Cell<'_>)]) -> [Result<Data, Failed>; 3] {
    let dir = tempfile::tempdir().expect("tempdir");
    [
        read_toml(&toml_text(pairs)),
        read_cells(&csv_file(dir.path(), pairs)),
        read_cells(&xlsx_file(dir.path(), pairs)),
    ]
}

fn codes(result: &Result<Data, Failed>) -> Vec<&'static str> {
    match result {
        Ok(_) => Vec::new(),
        Err(failed) => failed.diagnostics.iter().map(|d| d.code).collect(),
    }
}

#[test]
fn a_year_written_as_text_or_number_is_the_same_year_in_every_source() {
    for year in [
        Cell::Number(2023.0),
        Cell::Text("2023"),
        Cell::Text("2023年"),
        Cell::Text(" 2023 年 "),
    ] {
        for (source, result) in ["toml", "csv", "xlsx"]
            .iter()
            .zip(everywhere(&[("year", year)]))
        {
            let data = result.unwrap_or_else(|f| panic!("{source}: refused\n{f}"));
            assert_eq!(data.year, Some(2023), "{source}");
            assert!(data.warnings.is_empty(), "{source}: {:?}", data.warnings);
        }
    }
    // Another year is read as that year, and warned about.
    for result in everywhere(&[("year", Cell::Text("2022年"))]) {
        let data = result.expect("read");
        assert_eq!(data.year, Some(2022));
        assert!(data.warnings.iter().any(|w| w.contains("2022")));
    }
}

#[test]
fn a_year_that_is_not_a_whole_number_is_refused_at_its_line_or_cell() {
    for year in [
        Cell::Text("二〇二三"),
        Cell::Text("2023年度"),
        Cell::Number(2023.5),
    ] {
        let [toml, csv, xlsx] = everywhere(&[("year", year)]);
        for (source, result, place) in [
            ("toml", &toml, "d.toml:1:"),
            ("csv", &csv, "d.csv:row 2, column 2"),
            ("xlsx", &xlsx, "d.xlsx:Sheet1!B2"),
        ] {
            assert_eq!(codes(result), ["wrong-type"], "{source}");
            let text = result.as_ref().expect_err("refused").to_string();
            assert!(text.contains("`year` 应为整数年份"), "{source}: {text}");
            assert!(text.contains(place), "{source}: {text}");
        }
    }
}

#[test]
fn a_company_is_text_a_cell_always_is() {
    // TOML: a number is a type slip, refused at its line.
    let toml = read_toml("company = 3\n");
    assert_eq!(codes(&toml), ["wrong-type"]);
    let text = toml.expect_err("refused").to_string();
    assert!(text.contains("`company` 应为文字，而不是整数"), "{text}");
    assert!(text.contains("d.toml:1:11"), "{text}");
    // A cell is read as the text it shows, a number cell included.
    let [toml, csv, xlsx] = everywhere(&[("company", Cell::Text("3"))]);
    assert_eq!(toml.expect("toml").company.as_deref(), Some("3"));
    assert_eq!(csv.expect("csv").company.as_deref(), Some("3"));
    assert_eq!(xlsx.expect("xlsx").company.as_deref(), Some("3"));
    let dir = tempfile::tempdir().expect("tempdir");
    let xlsx = read_cells(&xlsx_file(dir.path(), &[("company", Cell::Number(3.0))]));
    assert_eq!(xlsx.expect("xlsx").company.as_deref(), Some("3"));
    // Blank: not named, in every source.
    for result in everywhere(&[("company", Cell::Text("  ")), ("name", Cell::Text("甲"))]) {
        assert_eq!(result.expect("read").company.as_deref(), Some("甲"));
    }
}

#[test]
fn company_and_name_both_given_are_refused_in_every_source() {
    let pairs = [("company", Cell::Text("甲")), ("name", Cell::Text("乙"))];
    let [toml, csv, xlsx] = everywhere(&pairs);
    for (source, result, place) in [
        ("toml", &toml, "d.toml:2:1"),
        ("csv", &csv, "d.csv:row 3, column 1"),
        ("xlsx", &xlsx, "d.xlsx:Sheet1!A3"),
    ] {
        assert_eq!(codes(result), ["ambiguous-company"], "{source}");
        let text = result.as_ref().expect_err("refused").to_string();
        assert!(text.contains(place), "{source}: {text}");
    }
}

#[test]
fn a_key_given_twice_in_a_workbook_is_refused_as_a_figure_would_be() {
    let pairs = [("year", Cell::Text("2023")), ("year", Cell::Text("2022"))];
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, place) in [
        (csv_file(dir.path(), &pairs), "d.csv:row 3, column 1"),
        (xlsx_file(dir.path(), &pairs), "d.xlsx:Sheet1!A3"),
    ] {
        let result = read_cells(&path);
        assert_eq!(codes(&result), ["duplicate-key"], "{}", path.display());
        let text = result.expect_err("refused").to_string();
        assert!(text.contains("`year` 填写了两次"), "{text}");
        assert!(text.contains(place), "{text}");
    }
}

#[test]
fn a_table_named_is_checked_the_same_way_in_every_source() {
    for result in everywhere(&[("rubric", Cell::Text(" alliance "))]) {
        result.expect("the table read with");
    }
    for result in everywhere(&[("rubric", Cell::Text("enterprise-center"))]) {
        assert_eq!(codes(&result), ["wrong-rubric"]);
    }
    let toml = read_toml("rubric = 3\n");
    assert_eq!(codes(&toml), ["wrong-type"]);
}

#[test]
fn a_file_naming_a_table_there_is_none_of_says_so_in_every_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pairs = [
        ("rubric", Cell::Text("aliance")),
        ("company", Cell::Text("甲")),
    ];
    std::fs::write(dir.path().join("d.toml"), toml_text(&pairs)).expect("write");
    csv_file(dir.path(), &pairs);
    xlsx_file(dir.path(), &pairs);
    for file in ["d.toml", "d.csv", "d.xlsx"] {
        let output = common::score()
            .env("SCORE_LANG", "zh")
            .arg(file)
            .current_dir(dir.path())
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{file}: {stderr}");
        assert!(stderr.contains("错误[unknown-rubric]"), "{file}: {stderr}");
        assert!(
            stderr.contains(&format!("`{file}` 写明 `rubric = \"aliance\"`")),
            "{file}: {stderr}"
        );
        assert!(stderr.contains("alliance"), "{file}: {stderr}");
    }
}
