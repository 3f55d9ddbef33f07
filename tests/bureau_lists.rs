//! A bureau's own list, a row per company: the template's labels accepted as headers (Chinese and
//! key), the credit code, contact and phone carried into every summary format, and the bureau's
//! other columns passed over with one note naming them. A column that looks meant as a figure
//! (a mistyped key or title) still fails the list: passing it over would lose a figure.

mod common;

use std::path::Path;

use calamine::{Data, Reader};
use common::run_zh as run;
use rust_xlsxwriter::Workbook;

/// The header the template's labels make, with a bureau's own columns among them.
const HEADER: [&str; 11] = [
    "序号",
    "申报单位名称",
    "统一社会信用代码",
    "所属县区",
    "数据年度",
    "年度研究与试验发展经费支出额（万元）",
    "主营业务收入",
    "rd_staff",
    "联系人",
    "联系电话",
    "联系地址",
];

const ROWS: [[&str; 11]; 2] = [
    [
        "1",
        "武威甲新材料有限公司",
        "91620600MA71234567",
        "凉州区",
        "2023",
        "860",
        "32000",
        "46",
        "张三",
        "0935-1234567",
        "武威市凉州区",
    ],
    [
        "2",
        "民勤乙装备制造有限公司",
        "91620621MA7123456X",
        "民勤县",
        "2023",
        "420",
        "21000",
        "38",
        "李四",
        "13912345678",
        "民勤县",
    ],
];

fn gbk_csv(path: &Path, header: &[&str], rows: &[[&str; 11]]) {
    let mut text = header.join(",") + "\r\n";
    for row in rows {
        text.push_str(&row.join(","));
        text.push_str("\r\n");
    }
    let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    std::fs::write(path, &*bytes).expect("write");
}

fn xlsx(path: &Path, header: &[&str], rows: &[[&str; 11]]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            // Figures and the year as number cells, as Excel keeps them.
            match v.parse::<f64>() {
                Ok(n) if c != 2 && c != 9 => ws.write_number(r, c, n).expect("number"),
                _ => ws.write_string(r, c, *v).expect("text"),
            };
        }
    }
    wb.save(path).expect("save");
}

/// Both lists (GBK CSV and xlsx) in a fresh folder.
fn lists() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    gbk_csv(&dir.path().join("list.csv"), &HEADER, &ROWS);
    xlsx(&dir.path().join("list.xlsx"), &HEADER, &ROWS);
    dir
}

#[test]
fn template_labels_are_headers_and_the_contact_reaches_the_json() {
    let dir = lists();
    for file in ["list.csv", "list.xlsx"] {
        let (code, out, err) = run(
            dir.path(),
            &["--rubric", "附件1", file, "--summary", "--format", "json"],
        );
        assert_eq!(code, Some(0), "{file}: {err}");
        let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
        let rows = v["summary"].as_array().expect("rows");
        assert_eq!(rows.len(), 2, "{file}");
        let first = &rows[0];
        assert_eq!(first["company"], "武威甲新材料有限公司", "{file}");
        assert_eq!(first["credit_code"], "91620600MA71234567", "{file}");
        assert_eq!(first["contact"], "张三", "{file}");
        assert_eq!(first["phone"], "0935-1234567", "{file}");
        assert_eq!(
            rows[1]["phone"], "13912345678",
            "{file}: a number cell read as text"
        );
        // The figures under the template's titles were read: 860万元 / 32000万元 = 2.69%.
        assert_eq!(
            first["figures"]["年度研究与试验发展经费支出额"], "860万元",
            "{file}: {first}"
        );
        // One note, naming both columns passed over, and nothing else about them.
        assert_eq!(
            err.matches("不是评分数据，已略过").count(),
            1,
            "{file}: {err}"
        );
        assert!(err.contains("“所属县区”、“联系地址”"), "{file}: {err}");
    }
}

#[test]
fn the_contact_columns_stand_in_every_summary_format() {
    let dir = lists();
    for file in ["list.csv", "list.xlsx"] {
        for format in ["table", "csv", "markdown", "html"] {
            let (code, out, err) = run(
                dir.path(),
                &["--rubric", "附件1", file, "--summary", "--format", format],
            );
            assert_eq!(code, Some(0), "{file} {format}: {err}");
            let text = String::from_utf8(out).expect("utf-8");
            for expected in [
                "统一社会信用代码",
                "联系人",
                "联系电话",
                "91620600MA71234567",
                "张三",
                "0935-1234567",
            ] {
                assert!(
                    text.contains(expected),
                    "{file} {format}: no {expected}\n{text}"
                );
            }
            assert!(!text.contains("联系地址"), "{file} {format}");
        }
        let (code, _, err) = run(
            dir.path(),
            &["--rubric", "附件1", file, "--summary", "-o", "汇总.xlsx"],
        );
        assert_eq!(code, Some(0), "{err}");
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook(dir.path().join("汇总.xlsx")).expect("open");
        let name = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&name).expect("sheet");
        let cells: Vec<String> = range
            .rows()
            .flatten()
            .filter_map(|c| match c {
                Data::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        for expected in [
            "统一社会信用代码",
            "联系人",
            "联系电话",
            "91620621MA7123456X",
            "李四",
        ] {
            assert!(
                cells.iter().any(|c| c == expected),
                "xlsx: no {expected}: {cells:?}"
            );
        }
    }
}

#[test]
fn a_list_without_contact_columns_has_none_in_the_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("l.csv"),
        "申报单位名称,数据年度,rd_expense\n甲,2023,300万元\n",
    )
    .expect("write");
    let (code, out, err) = run(
        dir.path(),
        &["--rubric", "附件1", "l.csv", "--summary", "--format", "csv"],
    );
    assert_eq!(code, Some(0), "{err}");
    let text = String::from_utf8(out).expect("utf-8");
    assert!(
        !text.contains("联系人") && !text.contains("统一社会信用代码"),
        "{text}"
    );
    assert!(!err.contains("已略过"), "{err}");
}

#[test]
fn a_column_meant_as_a_figure_still_fails_the_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (column, code) in [
        ("rd_expens", "unknown-key"),
        ("研发人员数量", "unknown-key"),
    ] {
        let csv = format!("申报单位名称,{column},所属县区\n甲,3,凉州区\n");
        std::fs::write(dir.path().join("l.csv"), csv).expect("write");
        let (status, out, err) = run(
            dir.path(),
            &[
                "--rubric",
                "附件1",
                "l.csv",
                "--summary",
                "--format",
                "json",
            ],
        );
        assert_eq!(status, Some(1), "{column}: {err}");
        let text = String::from_utf8_lossy(&out);
        assert!(err.contains(&format!("[{code}]")), "{column}: {err}");
        assert!(err.contains(&format!("`{column}`")), "{column}: {err}");
        assert!(err.contains("l.csv:row 1, column 2"), "{column}: {err}");
        assert!(text.contains("\"rank\": null"), "{text}");
    }
}
