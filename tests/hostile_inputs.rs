//! Issue 28, the input side: what a reviewer does not see in a workbook (hidden rows and
//! columns), an `.ods` formula without its value, duplicates hidden by invisible characters, a
//! bare threshold on a percent input, `score check` on files it cannot read, and the smaller
//! cases (a GBK CSV, a folder named like a workbook, a value column left of its keys). Each is
//! run through the binary for its message (Chinese and English) and its exit code.

#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::books::{self, XlsCell};

fn score(dir: &Path, args: &[&str]) -> Output {
    Command::new(assert_cmd::cargo::cargo_bin("score"))
        .args(args)
        .current_dir(dir)
        .env_remove("SCORE_LANG")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run score")
}

/// Runs `score ARGS` in Chinese and then in English: `(exit code, zh stderr, en stderr)`.
fn both(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let zh = score(dir, &[&["--lang", "zh"], args].concat());
    let en = score(dir, &[&["--lang", "en"], args].concat());
    let code = zh.status.code().unwrap_or(-1);
    assert_eq!(code, en.status.code().unwrap_or(-1), "zh and en differ");
    (code, text(&zh.stderr), text(&en.stderr))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn put(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

/// The key/value rows of a small, valid enterprise-center sheet: `(key, value)`.
const SHEET: [(&str, &str); 4] = [
    ("rubric", "enterprise-center"),
    ("company", "甲"),
    ("rd_staff", "40"),
    ("total_staff", "600"),
];

/// A key/value `.xlsx` written by the spreadsheet writer; `extra` is a note at `C4`, `hide`
/// hides rows and columns before saving.
fn xlsx(note: Option<&str>, hide: &dyn Fn(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "键 key").expect("cell");
    ws.write_string(0, 1, "数值 value").expect("cell");
    for (i, (key, value)) in SHEET.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, *key).expect("cell");
        match value.parse::<f64>() {
            Ok(n) => ws.write_number(row, 1, n).map(|_| ()),
            Err(_) => ws.write_string(row, 1, *value).map(|_| ()),
        }
        .expect("cell");
    }
    if let Some(note) = note {
        ws.write_string(3, 2, note).expect("cell");
    }
    hide(ws);
    book.save_to_buffer().expect("save")
}

#[test]
fn a_hidden_value_column_in_an_xlsx_is_refused_naming_its_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = xlsx(None, &|ws| {
        ws.set_column_hidden(1).expect("hide");
    });
    put(dir.path(), "h.xlsx", bytes);
    let (code, zh, en) = both(dir.path(), &["h.xlsx"]);
    assert_eq!(code, 1, "{zh}");
    assert!(
        zh.contains("`Sheet1` 中，B2、B3、B4、B5 位于隐藏的行或列"),
        "{zh}"
    );
    assert!(zh.contains("取消隐藏"), "{zh}");
    assert!(
        en.contains("the cells B2, B3, B4, B5 lie in hidden rows or columns"),
        "{en}"
    );
}

#[test]
fn a_hidden_row_in_an_xlsx_is_refused_naming_its_figure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = xlsx(None, &|ws| {
        ws.set_row_hidden(3).expect("hide");
    });
    put(dir.path(), "r.xlsx", bytes);
    let (code, zh, en) = both(dir.path(), &["r.xlsx"]);
    assert_eq!(code, 1, "{zh}");
    assert!(zh.contains("中，B4 位于隐藏的行或列"), "{zh}");
    assert!(
        en.contains("the cells B4 lie in hidden rows or columns"),
        "{en}"
    );
}

/// Hidden columns that hold no figure (the keys, a note, an empty one) hide nothing scored.
#[test]
fn hidden_key_and_note_columns_cost_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = xlsx(Some("旧数据 10"), &|ws| {
        ws.set_column_hidden(0).expect("hide");
        ws.set_column_hidden(2).expect("hide");
        ws.set_column_hidden(3).expect("hide");
    });
    put(dir.path(), "e.xlsx", bytes);
    let out = score(dir.path(), &["--lang", "en", "--format", "json", "e.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// A bureau's list filtered in Excel: the company in the hidden row is not dropped unseen.
#[test]
fn a_hidden_company_row_in_a_list_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, heading) in ["company", "rd_staff", "total_staff"].iter().enumerate() {
        ws.write_string(0, c as u16, *heading).expect("cell");
    }
    for (r, (name, staff)) in [("甲", 40.0), ("乙", 30.0), ("丙", 20.0)]
        .iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *name).expect("cell");
        ws.write_number(r, 1, *staff).expect("cell");
        ws.write_number(r, 2, 600.0).expect("cell");
    }
    ws.set_row_hidden(2).expect("hide");
    put(
        dir.path(),
        "list.xlsx",
        book.save_to_buffer().expect("save"),
    );
    let (code, zh, en) = both(
        dir.path(),
        &["--rubric", "enterprise-center", "--summary", "list.xlsx"],
    );
    assert_eq!(code, 1, "{zh}");
    assert!(zh.contains("A3、B3、C3 位于隐藏的行或列"), "{zh}");
    assert!(en.contains("the cells A3, B3, C3 lie in hidden"), "{en}");
}

fn ods_sheet(before_rows: &str, row_attrs: [&str; 4]) -> Vec<u8> {
    let mut rows = String::from(before_rows);
    rows.push_str(&books::ods_row("键 key", "数值 value", "string"));
    for ((key, value), attrs) in SHEET.iter().zip(row_attrs) {
        let kind = if value.parse::<f64>().is_ok() {
            "float"
        } else {
            "string"
        };
        rows.push_str(&books::ods_row(key, value, kind).replacen(
            "<table:table-row>",
            &format!("<table:table-row{attrs}>"),
            1,
        ));
    }
    books::ods("Sheet1", &rows)
}

#[test]
fn a_collapsed_column_or_filtered_row_in_an_ods_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let columns = r#"<table:table-column/><table:table-column table:visibility="collapse"/>"#;
    put(dir.path(), "c.ods", ods_sheet(columns, [""; 4]));
    let (code, zh, en) = both(dir.path(), &["c.ods"]);
    assert_eq!(code, 1, "{zh}");
    assert!(zh.contains("B2、B3、B4、B5 位于隐藏的行或列"), "{zh}");
    assert!(
        en.contains("the cells B2, B3, B4, B5 lie in hidden"),
        "{en}"
    );

    let filtered = ["", "", r#" table:visibility="filter""#, ""];
    put(dir.path(), "f.ods", ods_sheet("", filtered));
    let (code, zh, _) = both(dir.path(), &["f.ods"]);
    assert_eq!(code, 1, "{zh}");
    assert!(zh.contains("中，B4 位于隐藏的行或列"), "{zh}");
}

fn xls_sheet(extra: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let mut cells = vec![
        (0, 0, XlsCell::Text("键 key")),
        (0, 1, XlsCell::Text("数值 value")),
    ];
    for (i, (key, value)) in SHEET.iter().enumerate() {
        let row = i as u16 + 1;
        cells.push((row, 0, XlsCell::Text(key)));
        cells.push((
            row,
            1,
            match value.parse::<f64>() {
                Ok(n) => XlsCell::Number(n),
                Err(_) => XlsCell::Text(value),
            },
        ));
    }
    books::compound(&books::biff_with(&[("Sheet1", cells)], extra))
}

#[test]
fn a_hidden_column_or_row_in_an_xls_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    // COLINFO: columns B..B, width 2,000, XF 15, hidden.
    let colinfo = [1u16, 1, 2000, 15, 1, 0]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    put(dir.path(), "c.xls", xls_sheet(&[(0x007D, colinfo)]));
    let (code, zh, en) = both(dir.path(), &["c.xls"]);
    assert_eq!(code, 1, "{zh}");
    assert!(zh.contains("中，B2、B3、B4、B5 位于隐藏的行或列"), "{zh}");
    assert!(en.contains("lie in hidden rows or columns"), "{en}");

    // ROW: row 4 (0-based 3), columns A..B, height 300, its grbit's fDyZero (0x20) set.
    let row = [3u16, 0, 2, 300, 0, 0, 0x0120, 15]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    put(dir.path(), "r.xls", xls_sheet(&[(0x0208, row)]));
    let (code, zh, _) = both(dir.path(), &["r.xls"]);
    assert_eq!(code, 1, "{zh}");
    assert!(zh.contains("中，B4 位于隐藏的行或列"), "{zh}");

    // Neither: the same sheet is scored.
    put(dir.path(), "v.xls", xls_sheet(&[]));
    let out = score(dir.path(), &["--format", "json", "v.xls"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn an_ods_formula_without_a_saved_value_says_so_as_xlsx_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rows = books::ods_row("键 key", "数值 value", "string");
    rows.push_str(&books::ods_row("rubric", "enterprise-center", "string"));
    rows.push_str(&books::ods_row("company", "甲", "string"));
    rows.push_str(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>rd_staff</text:p></table:table-cell><table:table-cell table:formula="of:=SUM([.C1:.C9])"/></table:table-row>"#,
    );
    rows.push_str(&books::ods_row("total_staff", "600", "float"));
    put(dir.path(), "f.ods", books::ods("Sheet1", &rows));
    let (code, zh, en) = both(dir.path(), &["f.ods"]);
    assert_eq!(code, 1, "{zh}");
    assert!(
        en.contains("formula =SUM([.C1:.C9]) but no saved result"),
        "{en}"
    );
    assert!(en.contains("f.ods:Sheet1!B4"), "{en}");
    assert!(zh.contains("=SUM([.C1:.C9])"), "{zh}");
}

const EXAMPLE: &str = include_str!("../examples/enterprise-center.toml");

#[test]
fn a_duplicate_hidden_by_invisible_characters_is_found_and_the_warning_is_short() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "武威示例新材料科技有限公司";
    put(dir.path(), "a.toml", EXAMPLE);
    // A zero-width space, a BOM, a right-to-left mark, soft hyphens, word joiners: the same name.
    let disguised = format!("\u{200B}{}\u{FEFF}\u{200F}", &name);
    put(dir.path(), "b.toml", EXAMPLE.replace(name, &disguised));
    for i in 0..8 {
        let variant = format!("{name}\u{00AD}{}", "\u{2060}".repeat(i));
        put(
            dir.path(),
            &format!("c{i}.toml"),
            EXAMPLE.replace(name, &variant),
        );
    }
    let (code, zh, en) = both(dir.path(), &["--summary", "."]);
    assert_eq!(code, 0, "{zh}");
    let line = |s: &str, needle: &str| {
        s.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no `{needle}` in:\n{s}"))
            .to_string()
    };
    let zh = line(&zh, "出现在 10 个文件中");
    assert!(zh.contains("`./a.toml`, `./b.toml`, `./c0.toml`"), "{zh}");
    assert!(zh.contains("等 10 个文件；"), "{zh}");
    assert!(!zh.contains("c3.toml"), "{zh}");
    let en = line(&en, "is in 10 files");
    assert!(en.contains("and others (10 files in all)"), "{en}");
}

/// clean.toml (tests/fixtures/check) with a percent input `share` scored by bands: `bands` the
/// band list as written, no golden case.
fn percent_rubric(bands: &str) -> String {
    let clean = std::fs::read_to_string("tests/fixtures/check/clean.toml").expect("clean.toml");
    let clean = &clean[..clean.find("[[cases]]").expect("cases")];
    let input = "[[inputs]]\nkey = \"share\"\nkind = \"percent\"\nunit = \"%\"\ntitle = \"占比\"\ntitle_en = \"Share\"\n\n[[derived]]";
    clean.replacen("[[derived]]", input, 1).replace(
        r#"value = "rd_intensity_ratio"
rule = { kind = "threshold_step", threshold = "2%", step = "1%" }"#,
        &format!("value = \"share\"\nrule = {{ kind = \"bands\", bands = [\n{bands}\n] }}"),
    )
}

#[test]
fn a_bare_band_bound_on_a_percent_input_fails_check_naming_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bare = percent_rubric(
        r#"  { min = 2, min_inclusive = true, points = 3 },
  { max = 2, max_inclusive = false, points = 0 },"#,
    );
    let line = 1 + bare[..bare.find("{ min = 2").expect("band")]
        .matches('\n')
        .count();
    put(dir.path(), "r.toml", &bare);
    let zh = score(dir.path(), &["check", "--lang", "zh", "r.toml"]);
    let en = score(dir.path(), &["check", "--lang", "en", "r.toml"]);
    assert_eq!(zh.status.code(), Some(1));
    assert_eq!(en.status.code(), Some(1));
    let (zh, en) = (text(&zh.stdout), text(&en.stdout));
    assert!(zh.contains(&format!("r.toml:{line}:11")), "{zh}");
    assert!(
        zh.contains("评分项 `rd_intensity`：第 1 个区间 `min` 写作 `2`，没有 %；但 `share` 是百分数（单位 %），`2` 会读作 200%"),
        "{zh}"
    );
    assert!(zh.contains("写作 \"2%\"（带引号和 %）"), "{zh}");
    assert!(
        en.contains("item `rd_intensity`: band 2 `max` is written `2`, without %"),
        "{en}"
    );
    assert_eq!(en.matches("[bare-percent]").count(), 2, "{en}");

    // Written with %, the same bands pass.
    let fixed = percent_rubric(
        r#"  { min = "2%", min_inclusive = true, points = 3 },
  { max = "2%", max_inclusive = false, points = 0 },"#,
    );
    put(dir.path(), "ok.toml", fixed);
    let out = score(dir.path(), &["check", "--lang", "en", "ok.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn check_of_a_folder_fails_on_every_rubric_file_it_cannot_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rubrics = dir.path().join("rubrics");
    std::fs::create_dir(&rubrics).expect("mkdir");
    put(
        &rubrics,
        "good.toml",
        std::fs::read_to_string("tests/fixtures/check/clean.toml").expect("clean.toml"),
    );
    std::os::unix::fs::symlink("gone.toml", rubrics.join("dangling.toml")).expect("link");
    let made = Command::new("mkfifo")
        .arg(rubrics.join("pipe.toml"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    // A folder named like a rubric is a folder: not checked, no error.
    std::fs::create_dir(rubrics.join("old.toml")).expect("mkdir");
    let zh = score(dir.path(), &["check", "--lang", "zh", "rubrics"]);
    let en = score(dir.path(), &["check", "--lang", "en", "rubrics"]);
    assert_eq!(zh.status.code(), Some(1));
    assert_eq!(en.status.code(), Some(1));
    let zh = format!("{}{}", text(&zh.stderr), text(&zh.stdout));
    let en = format!("{}{}", text(&en.stderr), text(&en.stdout));
    assert!(zh.contains("无法读取 `rubrics/dangling.toml`"), "{zh}");
    assert!(zh.contains("`rubrics/pipe.toml` 不是普通文件"), "{zh}");
    assert!(zh.contains("共检查 3 个评分表文件，2 个错误"), "{zh}");
    assert!(en.contains("cannot read `rubrics/dangling.toml`"), "{en}");
    assert!(
        en.contains("`rubrics/pipe.toml` is not a regular file"),
        "{en}"
    );
    assert!(en.contains("FAIL rubrics/dangling.toml"), "{en}");
    assert!(!en.contains("old.toml"), "{en}");
}

#[test]
fn a_gbk_csv_list_is_read_with_one_note_for_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (gbk, _, _) =
        encoding_rs::GBK.encode("company,rd_staff,total_staff\n甲公司,40,600\n乙公司,30,500\n");
    put(dir.path(), "list.csv", &gbk);
    let args = [
        "--rubric",
        "enterprise-center",
        "--format",
        "json",
        "list.csv",
    ];
    let zh = score(dir.path(), &[&["--lang", "zh"], &args[..]].concat());
    let en = score(dir.path(), &[&["--lang", "en"], &args[..]].concat());
    assert_eq!(zh.status.code(), en.status.code());
    let (zh_err, en_err) = (text(&zh.stderr), text(&en.stderr));
    assert_eq!(
        zh_err
            .matches("说明：`list.csv` 不是 UTF-8 编码，已按 GBK 读取")
            .count(),
        1,
        "{zh_err}"
    );
    assert_eq!(
        en_err
            .matches("note: `list.csv` is not UTF-8; it was read as GBK")
            .count(),
        1,
        "{en_err}"
    );
    // Both companies read, their names decoded.
    let out = text(&zh.stdout);
    assert!(out.contains("甲公司") && out.contains("乙公司"), "{out}");
}

#[test]
fn a_folder_named_like_a_workbook_is_walked_as_a_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("x.xlsx")).expect("mkdir");
    put(&dir.path().join("x.xlsx"), "a.toml", EXAMPLE);
    let out = score(dir.path(), &["--format", "json", "x.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("武威示例新材料科技有限公司"));

    std::fs::create_dir(dir.path().join("y.xlsx")).expect("mkdir");
    let (code, zh, en) = both(dir.path(), &["y.xlsx"]);
    assert_eq!(code, 1, "{zh}");
    assert!(
        zh.contains("`y.xlsx` 是文件夹，不是工作簿或数据文件"),
        "{zh}"
    );
    assert!(!zh.contains("没有 `*.toml` 数据文件"), "{zh}");
    assert!(en.contains("`y.xlsx` is a folder, not a workbook"), "{en}");
}

#[test]
fn a_key_value_sheet_with_its_values_left_of_the_keys_is_read_without_rubric() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "数值 value").expect("cell");
    ws.write_string(0, 1, "键 key").expect("cell");
    for (i, (key, value)) in SHEET.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 1, *key).expect("cell");
        match value.parse::<f64>() {
            Ok(n) => ws.write_number(row, 0, n).map(|_| ()),
            Err(_) => ws.write_string(row, 0, *value).map(|_| ()),
        }
        .expect("cell");
    }
    put(
        dir.path(),
        "left.xlsx",
        book.save_to_buffer().expect("save"),
    );
    let out = score(
        dir.path(),
        &["--lang", "en", "--format", "json", "left.xlsx"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let sheet = if json.is_array() { &json[0] } else { &json };
    assert_eq!(sheet["rubric"], "enterprise-center");
    assert_eq!(sheet["company"], "甲");
    // 40 of 600 staff in R&D: 6.67%, read from the value column on the left.
    let share = sheet["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["id"] == "rd_staff_share"))
        .expect("rd_staff_share");
    assert_eq!(share["value_display"], "≈6.6667%");
}
