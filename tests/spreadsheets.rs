//! Issue 10, reading: one-company workbooks, a bureau's sheet or CSV with a row per company, and
//! what LibreOffice writes; every figure read by the data file's rules, errors at their cells.

mod common;

use std::path::{Path, PathBuf};

use common::{RUBRICS, rubric, score};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook};
use score::data::rows::{self, Table};
use score::data::{self, Options};
use score::engine;

/// The example's figures in file order: `company`, `rd_expense`, `standards.national_join`…
fn example_pairs(id: &str) -> Vec<(String, toml::Value)> {
    let text = std::fs::read_to_string(format!("examples/{id}.toml")).expect("example");
    let table: toml::Table = text.parse().expect("example is TOML");
    let mut pairs = Vec::new();
    for (key, value) in table {
        match value {
            toml::Value::Table(fields) => {
                for (field, v) in fields {
                    pairs.push((format!("{key}.{field}"), v));
                }
            }
            other => pairs.push((key, other)),
        }
    }
    pairs
}

/// A value as a person types it into a cell: a list as `60, 45`.
fn cell_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(items) => items.iter().map(cell_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

fn write_cell(ws: &mut rust_xlsxwriter::Worksheet, row: u32, col: u16, value: &toml::Value) {
    match value {
        toml::Value::Integer(i) => ws.write_number(row, col, *i as f64),
        toml::Value::Float(f) => ws.write_number(row, col, *f),
        toml::Value::Boolean(b) => ws.write_boolean(row, col, *b),
        other => ws.write_string(row, col, cell_text(other)),
    }
    .map(|_| ())
    .expect("write a cell");
}

fn toml_total(id: &str) -> Decimal {
    let r = rubric(id);
    let path = format!("examples/{id}.toml");
    let data = data::load_file(&r, Path::new(&path), Options::default()).expect("example reads");
    engine::score(&r, &data).total
}

fn total_of(id: &str, path: &Path) -> Decimal {
    let r = rubric(id);
    match data::load_file(&r, path, Options::default()) {
        Ok(data) => engine::score(&r, &data).total,
        Err(failed) => panic!("{} refused:\n{failed}", path.display()),
    }
}

/// The template's shape: a title line, then a header with extra columns around `键 key` and
/// `数值 value`, one row per figure.
fn key_value_workbook(id: &str, path: &Path) {
    key_value_workbook_with(id, path, false);
}

/// …with `previous_rd_intensity` (when the table has it) as 0.027 under a `0.0%` format.
fn key_value_workbook_with(id: &str, path: &Path, percent_cells: bool) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, format!("{id} 数据")).expect("title");
    for (col, heading) in ["一级指标", "键 key", "说明", "数值 value", "单位"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, col as u16, *heading).expect("header");
    }
    for (i, (key, value)) in example_pairs(id).iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_string(row, 1, key).expect("key");
        ws.write_string(row, 2, "…").expect("note");
        if percent_cells && key == "previous_rd_intensity" {
            let percent = Format::new().set_num_format("0.0%");
            ws.write_number_with_format(row, 3, 0.027, &percent)
                .expect("pct");
        } else {
            write_cell(ws, row, 3, value);
        }
    }
    wb.save(path).expect("save");
}

#[test]
fn a_key_value_workbook_scores_as_its_toml_example() {
    let dir = tempfile::tempdir().expect("tempdir");
    for id in RUBRICS {
        let path = dir.path().join(format!("{id}.xlsx"));
        key_value_workbook(id, &path);
        assert_eq!(total_of(id, &path), toml_total(id), "{id}");
    }
}

#[test]
fn an_inserted_column_does_no_harm() {
    // The key column is C, the value column F here; and the header is on row 5.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("moved.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (col, heading) in ["", "序号", "KEY", "一级", "二级", " 数值 ", "备注"]
        .iter()
        .enumerate()
    {
        ws.write_string(4, col as u16, *heading).expect("header");
    }
    for (i, (key, value)) in example_pairs("enterprise-center").iter().enumerate() {
        let row = 5 + i as u32;
        ws.write_number(row, 1, i as f64).expect("n");
        ws.write_string(row, 2, key).expect("key");
        ws.write_number(row, 3, 999.0).expect("noise");
        write_cell(ws, row, 5, value);
    }
    wb.save(&path).expect("save");
    assert_eq!(
        total_of("enterprise-center", &path),
        toml_total("enterprise-center")
    );
}

#[test]
fn a_percentage_cell_is_read_by_its_number_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = "demonstration-enterprise";
    let path = dir.path().join("pct.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "键 key").expect("h");
    ws.write_string(0, 1, "数值 value").expect("h");
    let percent = Format::new().set_num_format("0.0%");
    let mut saw = false;
    for (i, (key, value)) in example_pairs(id).iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string(row, 0, key).expect("key");
        if key == "previous_rd_intensity" {
            // The example says "2.7%"; Excel keeps 0.027 under a % format.
            ws.write_number_with_format(row, 1, 0.027, &percent)
                .expect("pct");
            saw = true;
        } else {
            write_cell(ws, row, 1, value);
        }
    }
    assert!(saw, "the example has previous_rd_intensity");
    wb.save(&path).expect("save");
    let r = rubric(id);
    let data = data::load_file(&r, &path, Options::default()).expect("reads");
    let (index, _) = r.input("previous_rd_intensity").expect("input");
    // 2.7% is kept as the fraction 0.027, exactly as the TOML reader keeps "2.7%".
    assert_eq!(
        data.values[index],
        Some(data::Value::Number(Decimal::new(27, 3)))
    );
    assert_eq!(engine::score(&r, &data).total, toml_total(id));
}

/// A bureau's sheet: a row of titles above a row of keys, then one company per row.
fn rows_sheet(ws: &mut rust_xlsxwriter::Worksheet, id: &str, copies: usize) {
    let r = rubric(id);
    let pairs = example_pairs(id);
    for (c, (key, value)) in pairs.iter().enumerate() {
        let c = c as u16;
        let title = match key.split_once('.') {
            Some((table, field)) => {
                let (_, input) = r.input(table).expect("table");
                let f = input.fields.iter().find(|f| f.key == field).expect("field");
                format!("{}·{}", input.title, f.title)
            }
            None => r
                .input(key)
                .map(|(_, i)| i.title.to_string())
                .unwrap_or_else(|| key.clone()),
        };
        ws.write_string(0, c, title).expect("titles");
        ws.write_string(1, c, key).expect("keys");
        for copy in 0..copies {
            write_cell(ws, 2 + copy as u32, c, value);
        }
    }
}

#[test]
fn one_workbook_with_a_sheet_per_table_scores_every_example() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bureau.xlsx");
    let mut wb = Workbook::new();
    for id in RUBRICS {
        let ws = wb.add_worksheet();
        ws.set_name(id).expect("name");
        rows_sheet(ws, id, 2);
    }
    wb.save(&path).expect("save");
    for id in RUBRICS {
        let r = rubric(id);
        let Ok(Table::Rows { rows, .. }) = rows::read(&r, &path, Options::default()) else {
            panic!("{id}: not read as rows");
        };
        assert_eq!(rows.len(), 2, "{id}");
        for (n, (name, read)) in rows.iter().enumerate() {
            assert_eq!(
                name,
                &format!("{}:{id}!row {}", path.display(), 3 + n),
                "{id}"
            );
            let data = read.as_ref().expect("row reads");
            assert_eq!(engine::score(&r, data).total, toml_total(id), "{id}");
            assert_eq!(&*data.source.name, name.as_str());
        }
    }
}

/// The example as a CSV: keys, then (below them) their titles, then the company.
fn csv_text(id: &str) -> String {
    let r = rubric(id);
    let pairs = example_pairs(id);
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let keys: Vec<String> = pairs.iter().map(|(k, _)| quote(k)).collect();
    let titles: Vec<String> = pairs
        .iter()
        .map(|(k, _)| {
            quote(
                &r.input(k)
                    .map(|(_, i)| i.title.to_string())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let values: Vec<String> = pairs.iter().map(|(_, v)| quote(&cell_text(v))).collect();
    format!(
        "{}\r\n{}\r\n{}\r\n",
        keys.join(","),
        titles.join(","),
        values.join(",")
    )
}

#[test]
fn csv_in_utf8_with_bom_and_in_gbk_scores_every_example() {
    let dir = tempfile::tempdir().expect("tempdir");
    for id in RUBRICS {
        let text = csv_text(id);
        let bom = dir.path().join(format!("{id}-bom.csv"));
        std::fs::write(&bom, [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()).expect("w");
        let (gbk_bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
        assert!(!unmappable);
        let gbk = dir.path().join(format!("{id}-gbk.csv"));
        std::fs::write(&gbk, &gbk_bytes).expect("w");
        for path in [&bom, &gbk] {
            let r = rubric(id);
            let Ok(Table::Rows { rows, .. }) = rows::read(&r, path, Options::default()) else {
                panic!("{}: not read as rows", path.display());
            };
            assert_eq!(rows.len(), 1);
            assert_eq!(rows[0].0, format!("{}:row 3", path.display()));
            let data = rows[0].1.as_ref().expect("row reads");
            assert_eq!(engine::score(&r, data).total, toml_total(id), "{id}");
        }
    }
}

fn summary_json(dir: &Path, args: &[&str]) -> (serde_json::Value, String, i32) {
    let out = score()
        .current_dir(dir)
        .env("SCORE_LANG", "en")
        .args(args)
        .output()
        .expect("runs");
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn a_bad_row_is_reported_at_its_cell_and_the_others_still_score() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = "enterprise-center";
    let mut lines: Vec<String> = csv_text(id).lines().map(str::to_string).collect();
    let good = lines[2].clone();
    let keys: Vec<&str> = lines[0].split(',').collect();
    let staff = keys
        .iter()
        .position(|k| *k == "\"rd_staff\"")
        .expect("rd_staff column");
    let mut bad: Vec<String> = good.split(',').map(str::to_string).collect();
    bad[staff] = "\"-3\"".into();
    lines[2] = bad.join(",");
    lines.insert(2, good.clone());
    lines.push(good);
    std::fs::write(dir.path().join("list.csv"), lines.join("\n")).expect("write");
    let (json, stderr, code) = summary_json(
        dir.path(),
        &["--rubric", id, "list.csv", "--summary", "--format", "json"],
    );
    assert_eq!(code, 1, "{stderr}");
    let rows = json["summary"].as_array().expect("rows");
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["data"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names.len(), 3, "{json}");
    for name in ["list.csv:row 3", "list.csv:row 5"] {
        let row = rows.iter().find(|r| r["data"] == name).expect(name);
        assert_eq!(row["total"].to_string(), toml_total(id).to_string());
    }
    let bad = rows
        .iter()
        .find(|r| r["data"] == "list.csv:row 4")
        .expect("the bad row is listed");
    assert!(bad["total"].is_null());
    let column = staff + 1;
    assert_eq!(
        bad["error"],
        format!(
            "`rd_staff` is -3, but a count cannot be negative (list.csv:row 4, column {column})"
        )
    );
    assert!(
        stderr.contains(&format!("--> list.csv:row 4, column {column}")),
        "{stderr}"
    );
}

/// A one-company workbook with some figures changed: (key, cell text).
fn workbook_with(dir: &Path, name: &str, id: &str, changes: &[(&str, &str)]) -> PathBuf {
    let path = dir.join(name);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "键 key").expect("h");
    ws.write_string(0, 1, "数值 value").expect("h");
    for (i, (key, value)) in example_pairs(id).iter().enumerate() {
        let row = 1 + i as u32;
        match changes.iter().find(|(k, _)| k == key) {
            Some((_, text)) => {
                ws.write_string(row, 0, key).expect("key");
                ws.write_string(row, 1, *text).expect("v");
            }
            None => {
                ws.write_string(row, 0, key).expect("key");
                write_cell(ws, row, 1, value);
            }
        }
    }
    let extra: Vec<_> = changes.iter().filter(|(k, _)| k.starts_with('+')).collect();
    for (n, (k, text)) in extra.iter().enumerate() {
        let row = 100 + n as u32;
        ws.write_string(row, 0, &k[1..]).expect("key");
        ws.write_string(row, 1, *text).expect("v");
    }
    wb.save(&path).expect("save");
    path
}

fn stderr_of(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = score()
        .current_dir(dir)
        .env("SCORE_LANG", "en")
        .args(args)
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn errors_point_at_their_cells() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = "enterprise-center";
    workbook_with(
        dir.path(),
        "数据.xlsx",
        id,
        &[
            ("+rd_expence", "350"),
            ("standards.national_join", "-2"),
            ("rd_staff", "700人"),
        ],
    );
    let (stderr, code) = stderr_of(dir.path(), &["--rubric", id, "数据.xlsx"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_bureau_header_with_an_unknown_column_fails_the_file_at_the_header_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("list.csv"),
        "company,rd_expense,rd_stafff\nA,300,4\n",
    )
    .expect("write");
    let (stderr, code) = stderr_of(dir.path(), &["--rubric", "enterprise-center", "list.csv"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_workbook_naming_another_table_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = "enterprise-center";
    workbook_with(dir.path(), "x.xlsx", id, &[("+rubric", "alliance")]);
    let (stderr, code) = stderr_of(dir.path(), &["--rubric", id, "x.xlsx"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("error[wrong-rubric]"), "{stderr}");
    assert!(stderr.contains("--> x.xlsx:Sheet1!B101"), "{stderr}");
}

fn toml_sheet(id: &str) -> serde_json::Value {
    let out = score()
        .args(["--rubric", id, "--format", "json"])
        .arg(format!("examples/{id}.toml"))
        .output()
        .expect("runs");
    serde_json::from_slice(&out.stdout).expect("json")
}

fn item_values(sheet: &serde_json::Value) -> Vec<(String, String, String)> {
    sheet["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["id"].to_string(),
                i["value"].to_string(),
                i["points"].to_string(),
            )
        })
        .collect()
}

/// `soffice --convert-to` in a fresh profile (two runs must not share one), into `out`.
fn soffice_convert(soffice: &Path, input: &Path, to: &str, out: &Path) -> PathBuf {
    common::tools::soffice_convert(soffice, to, out, &[input]);
    let stem = input.file_stem().expect("stem").to_string_lossy();
    let converted = out.join(format!("{stem}.{to}"));
    assert!(
        converted.is_file(),
        "soffice wrote no {}",
        converted.display()
    );
    converted
}

#[test]
fn score_reads_what_libreoffice_writes() {
    let Some(soffice) = common::tools::find_tool(
        "score_reads_what_libreoffice_writes",
        None,
        &["soffice", "libreoffice"],
        "apt-get install libreoffice-calc-nogui",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let made = dir.path().join("made");
    std::fs::create_dir(&made).expect("dir");
    for id in RUBRICS {
        let input = made.join(format!("{id}.xlsx"));
        // A % cell too: LibreOffice keeps the format in .xlsx and makes it a percentage in .ods.
        key_value_workbook_with(id, &input, true);
        // .xls keeps its number formats from calamine, so its percentages are written as 2.7%.
        let plain = made.join("plain");
        std::fs::create_dir_all(&plain).expect("dir");
        let plain_input = plain.join(format!("{id}.xlsx"));
        key_value_workbook(id, &plain_input);
        for (to, input) in [("xlsx", &input), ("ods", &input), ("xls", &plain_input)] {
            let out = dir.path().join(to);
            std::fs::create_dir_all(&out).expect("dir");
            let converted = soffice_convert(&soffice, input, to, &out);
            let out = score()
                .args(["--rubric", id, "--format", "json"])
                .arg(&converted)
                .output()
                .expect("runs");
            assert!(
                out.status.success(),
                "{id} {to}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let sheet: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
            assert_eq!(
                sheet["total"].to_string(),
                toml_total(id).normalize().to_string(),
                "{id} re-saved as {to}"
            );
            // Every item read the same figure (a % cell read as 0.027% would still pass the
            // total of the demonstration table: its growth item only asks for ≥ 0).
            assert_eq!(
                item_values(&sheet),
                item_values(&toml_sheet(id)),
                "{id} re-saved as {to}"
            );
        }
    }
}

#[test]
fn rows_take_the_place_of_their_file_among_the_arguments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = "enterprise-center";
    std::fs::copy(format!("examples/{id}.toml"), dir.path().join("a.toml")).expect("copy");
    std::fs::copy(format!("examples/{id}.toml"), dir.path().join("z.toml")).expect("copy");
    std::fs::write(
        dir.path().join("list.csv"),
        "company,rd_staff,total_staff\n甲,3,10\n乙,4,10\n",
    )
    .expect("write");
    let out = score()
        .current_dir(dir.path())
        .args([
            "--rubric", id, "z.toml", "list.csv", "a.toml", "--format", "json",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let sheets = json
        .as_array()
        .or_else(|| json["sheets"].as_array())
        .unwrap_or_else(|| panic!("no sheets in {json}"));
    let names: Vec<&str> = sheets.iter().filter_map(|s| s["data"].as_str()).collect();
    assert_eq!(
        names,
        ["z.toml", "list.csv:row 2", "list.csv:row 3", "a.toml"]
    );
}

#[test]
fn a_toml_file_may_name_its_table_too() {
    let r = rubric("enterprise-center");
    let read = |text: &str| {
        data::load_str(
            &r,
            score::diag::Source::new("d.toml", text),
            Options::default(),
        )
    };
    assert!(read("rubric = \"enterprise-center\"\n").is_ok());
    let failed = read("rubric = \"alliance\"\n").expect_err("another table");
    assert_eq!(failed.diagnostics[0].code, "wrong-rubric");
    assert_eq!(
        failed.diagnostics[0].place().as_deref(),
        Some("d.toml:1:10")
    );
}
