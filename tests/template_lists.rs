//! A level label with an ASCII comma, in the workbook template: Excel splits an inline dropdown
//! list at every comma, so such a list is written on a hidden sheet and the dropdown refers to
//! it; the label is offered whole, and a workbook holding it scores as the TOML file does.

mod common;

use std::path::Path;

use calamine::{Data, Reader};

const LABEL: &str = "很完善,作用显著";

/// Writes the built-in 附件2 with one label given an ASCII comma, and the example with it.
fn comma_rubric_and_data(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let rubric = std::fs::read_to_string("rubrics/industry-center.toml").unwrap();
    assert!(rubric.contains("label = \"很完善\""), "附件2 changed");
    let rubric = rubric.replace("label = \"很完善\"", &format!("label = \"{LABEL}\""));
    let example = std::fs::read_to_string("examples/industry-center.toml").unwrap();
    let data = example.replacen(
        "management_system = \"很完善\"",
        &format!("management_system = \"{LABEL}\""),
        1,
    );
    assert_ne!(data, example, "the example changed");
    let (r, d) = (dir.join("comma.toml"), dir.join("data.toml"));
    std::fs::write(&r, rubric).unwrap();
    std::fs::write(&d, data).unwrap();
    (r, d)
}

fn xml_part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn a_label_with_a_comma_is_offered_whole_from_a_hidden_list() {
    let dir = tempfile::tempdir().unwrap();
    let (rubric, _) = comma_rubric_and_data(dir.path());
    let book = dir.path().join("t.xlsx");
    let out = common::score()
        .args(["template", "--rubric"])
        .arg(&rubric)
        .arg("-o")
        .arg(&book)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let sheet = xml_part(&book, "xl/worksheets/sheet1.xml");
    // Two inputs take the completeness levels; both refer to the list, none splits it inline.
    assert_eq!(
        sheet
            .matches("<formula1>'下拉选项'!$A$1:$A$4</formula1>")
            .count(),
        2
    );
    assert!(!sheet.contains("很完善,作用显著,"), "{sheet}");
    // The other level sets have no comma inside a label and stay inline.
    assert!(sheet.contains("<formula1>\"优秀,良好,合格,无\"</formula1>"));
    let workbook = xml_part(&book, "xl/workbook.xml");
    assert!(
        workbook.contains("name=\"下拉选项\"") && workbook.contains("state=\"hidden\""),
        "{workbook}"
    );

    let mut xlsx: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let lists = xlsx.worksheet_range("下拉选项").unwrap();
    let labels: Vec<String> = lists
        .rows()
        .map(|r| match &r[0] {
            Data::String(s) => s.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(labels, [LABEL, "比较完善", "基本完善", "不完善"]);
}

#[test]
fn a_workbook_holding_the_comma_label_scores_as_the_toml_file() {
    let dir = tempfile::tempdir().unwrap();
    let (rubric_path, data) = comma_rubric_and_data(dir.path());
    let source =
        score::diag::Source::new("comma.toml", std::fs::read_to_string(&rubric_path).unwrap());
    let rubric = score::rubric::load_str(source)
        .expect("the rubric loads")
        .rubric;
    let figures: toml::Table = std::fs::read_to_string(&data).unwrap().parse().unwrap();
    // A cell's text as a clerk types it: counts by kind under `table.field`, a list as `85, 120`.
    fn cell(value: &toml::Value) -> Option<String> {
        match value {
            toml::Value::String(s) => Some(s.clone()),
            toml::Value::Integer(n) => Some(n.to_string()),
            toml::Value::Float(f) => Some(f.to_string()),
            toml::Value::Boolean(b) => Some(if *b { "是" } else { "否" }.to_string()),
            toml::Value::Array(items) => {
                Some(items.iter().filter_map(cell).collect::<Vec<_>>().join(", "))
            }
            _ => None,
        }
    }
    let filled = |key: &str| -> Option<String> {
        match key.split_once('.') {
            Some((table, field)) => cell(figures.get(table)?.get(field)?),
            None => cell(figures.get(key)?),
        }
    };
    let bytes =
        score::template_xlsx::workbook_filled(&rubric, score::sheet::Lang::Zh, &filled, &[])
            .expect("a workbook");
    let book = dir.path().join("filled.xlsx");
    std::fs::write(&book, bytes).unwrap();

    let json = |path: &Path| -> serde_json::Value {
        let out = common::score()
            .env("SCORE_LANG", "zh")
            .args(["--format", "json", "--rubric"])
            .arg(&rubric_path)
            .arg(path)
            .output()
            .unwrap();
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let (from_toml, from_book) = (json(&data), json(&book));
    let points = |sheet: &serde_json::Value, id: &str| -> serde_json::Value {
        sheet["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("no item {id}"))["points"]
            .clone()
    };
    assert_eq!(points(&from_book, "management_system"), 3);
    assert_eq!(from_book["total"], from_toml["total"]);
}
