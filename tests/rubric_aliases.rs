//! A data file names its table by any name `--rubric` takes (`附件1`, `企业技术中心`, the full
//! title), in all three places a file names it: `rubric = "…"` in TOML, a `rubric` cell of a
//! list with a row per company, and the 评分表 row of a one-company workbook. And `--rubric 附件1`
//! on a file that says `enterprise-center` is the same table, not a conflict.

mod common;

use std::path::Path;

use rust_xlsxwriter::Workbook;

const NAMES: [&str; 4] = [
    "附件1",
    "企业技术中心",
    "甘肃省企业技术中心自评表",
    "附件 １",
];

/// The enterprise-center example with its `rubric` line naming the table as `named`.
fn toml_naming(named: &str) -> String {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/enterprise-center.toml"),
    )
    .expect("example");
    assert!(text.contains("rubric = \"enterprise-center\""));
    text.replace(
        "rubric = \"enterprise-center\"",
        &format!("rubric = \"{named}\""),
    )
}

/// `score ARGS` in `dir`: exit code, stdout, stderr.
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let (code, out, err) = common::run_zh(dir, args);
    (code, String::from_utf8(out).expect("UTF-8 output"), err)
}

/// The total a JSON sheet reports.
fn total(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).expect("json");
    v["total"].to_string()
}

#[test]
fn a_toml_file_names_its_table_by_any_name_rubric_takes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, reference, err) = run(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["examples/enterprise-center.toml", "--format", "json"],
    );
    assert_eq!(code, Some(0), "{err}");
    for name in NAMES {
        std::fs::write(dir.path().join("a.toml"), toml_naming(name)).expect("write");
        // Without --rubric: the file's own name for the table is enough.
        let (code, out, err) = run(dir.path(), &["a.toml", "--format", "json"]);
        assert_eq!(code, Some(0), "{name}: {err}");
        assert_eq!(total(&out), total(&reference), "{name}");
        // With --rubric by id or alias: the same table, no conflict.
        for given in ["enterprise-center", "附件1", "企业技术中心"] {
            let (code, out, err) = run(
                dir.path(),
                &["--rubric", given, "a.toml", "--format", "json"],
            );
            assert_eq!(code, Some(0), "{name} / --rubric {given}: {err}");
            assert!(!err.contains("此文件写明"), "{err}");
            assert_eq!(total(&out), total(&reference), "{name}");
        }
    }
    // Another table's name still is a conflict.
    std::fs::write(dir.path().join("b.toml"), toml_naming("附件2")).expect("write");
    let (code, _, err) = run(dir.path(), &["--rubric", "附件1", "b.toml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("此文件写明 `rubric = \"附件2\"`"), "{err}");
}

#[test]
fn the_rubric_line_given_with_rubric_of_the_same_table_is_not_a_conflict() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.toml"), toml_naming("enterprise-center")).expect("write");
    let (code, _, err) = run(dir.path(), &["--rubric", "附件1", "a.toml"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("此文件写明"), "{err}");
}

#[test]
fn a_lists_rubric_cells_take_every_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in NAMES {
        let csv = format!(
            "company,rubric,rd_expense,main_revenue\n甲,{name},300万元,1亿元\n乙,{name},250万元,1亿元\n"
        );
        std::fs::write(dir.path().join("list.csv"), csv).expect("write");
        // Without --rubric the list names its table; with it, the same table is no conflict.
        for args in [
            &["list.csv", "--summary", "--format", "json"][..],
            &[
                "--rubric",
                "附件1",
                "list.csv",
                "--summary",
                "--format",
                "json",
            ][..],
            &[
                "--rubric",
                "enterprise-center",
                "list.csv",
                "--summary",
                "--format",
                "json",
            ][..],
        ] {
            let (code, out, err) = run(dir.path(), args);
            assert_eq!(code, Some(0), "{name} {args:?}: {err}\n{out}");
            assert!(out.contains("enterprise-center"), "{name}: {out}");
            assert_eq!(out.matches("\"甲\"").count(), 1, "{out}");
            assert!(!out.contains("wrong-rubric"), "{out}");
        }
    }
}

/// A one-company workbook as the template writes it: a 评分表 row (key `rubric`) naming the table.
fn workbook_naming(path: &Path, named: &str) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["数据名称 figure", "键 key", "数值 value"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    let rows = [
        ("评分表", "rubric", named),
        ("申报单位名称", "company", "甲公司"),
        ("年度研究与试验发展经费支出额", "rd_expense", "300万元"),
        ("主营业务收入", "main_revenue", "1亿元"),
    ];
    for (r, (title, key, value)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *title).expect("title");
        ws.write_string(r, 1, *key).expect("key");
        ws.write_string(r, 2, *value).expect("value");
    }
    wb.save(path).expect("save");
}

#[test]
fn a_workbooks_rubric_row_takes_every_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in NAMES {
        workbook_naming(&dir.path().join("a.xlsx"), name);
        for args in [
            &["a.xlsx", "--format", "json"][..],
            &["--rubric", "附件1", "a.xlsx", "--format", "json"][..],
            &[
                "--rubric",
                "enterprise-center",
                "a.xlsx",
                "--format",
                "json",
            ][..],
        ] {
            let (code, out, err) = run(dir.path(), args);
            assert_eq!(code, Some(0), "{name} {args:?}: {err}");
            assert!(out.contains("\"enterprise-center\""), "{name}: {out}");
        }
        let (code, _, err) = run(dir.path(), &["--rubric", "附件2", "a.xlsx"]);
        assert_eq!(
            code,
            Some(1),
            "{name}: a table of 附件1 read with 附件2: {err}"
        );
    }
}
