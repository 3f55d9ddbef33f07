//! The summary as papers a bureau sends: CSV with the issuer's line and, for a folder of mixed
//! tables, one table with a 评分表 column whose key figures are numbers (unit in the heading);
//! the xlsx summary as an official list, checked through LibreOffice's PDF.

mod common;

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A folder with the four examples and a second 附件1 applicant.
fn mixed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for id in common::RUBRICS {
        let text =
            std::fs::read_to_string(root().join(format!("examples/{id}.toml"))).expect("example");
        common::write(&dir, &format!("{id}.toml"), &text);
    }
    let center =
        std::fs::read_to_string(root().join("examples/enterprise-center.toml")).expect("example");
    let second = center
        .replacen("武威示例新材料科技有限公司", "民勤示例机械有限公司", 1)
        .replacen("rd_expense = \"860万元\"", "rd_expense = \"1234.5万元\"", 1);
    assert_ne!(second, center);
    common::write(&dir, "second.toml", &second);
    dir
}

fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).expect("utf-8");
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    assert!(
        !text.contains("\r\n\r\n"),
        "a blank line: one table expected:\n{text}"
    );
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("csv").iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn a_mixed_folders_csv_is_one_table_with_numbers_and_the_issuer() {
    let dir = mixed();
    let out = common::score()
        .env("SCORE_LANG", "zh")
        .args([
            "--summary",
            "--format",
            "csv",
            "--issuer",
            "凉州区工业和信息化局",
            ".",
        ])
        .current_dir(dir.path())
        .assert()
        .success();
    let out = out.get_output();
    let records = csv_records(&out.stdout);
    assert_eq!(records[0], ["报送单位：凉州区工业和信息化局"]);
    let header = &records[1];
    let at = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}: {header:?}"))
    };
    let (table, company, expense, ratio, total, rank) = (
        at("评分表"),
        at("申报单位"),
        at("年度研究与试验发展经费支出额（万元）"),
        at("研发经费支出占主营业务收入的比重（%）"),
        at("总分"),
        at("排名"),
    );
    let rows = &records[2..];
    assert_eq!(rows.len(), 5, "one table of five rows: {records:?}");
    assert!(rows.iter().all(|r| r.len() == header.len()), "{records:?}");
    // The 序号 runs on through the tables; ranks are within each table.
    let numbers: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5"]);
    let tables: Vec<&str> = rows.iter().map(|r| r[table].as_str()).collect();
    assert_eq!(
        tables,
        [
            "附件1 企业技术中心",
            "附件1 企业技术中心",
            "附件2 行业技术中心",
            "附件3 技术创新示范企业",
            "附件4 产业技术创新联盟"
        ]
    );
    let ranks: Vec<&str> = rows.iter().map(|r| r[rank].as_str()).collect();
    assert_eq!(ranks, ["1", "2", "1", "1", "1"]);
    // Key figures are plain numbers in the heading's unit; other tables leave them empty.
    let by_name = |name: &str| rows.iter().find(|r| r[company] == name).expect("row");
    let first = by_name("武威示例新材料科技有限公司");
    assert_eq!(
        (first[expense].as_str(), first[ratio].as_str()),
        ("860", "2.69")
    );
    let second = by_name("民勤示例机械有限公司");
    assert_eq!(second[expense], "1234.5");
    for r in &rows[..2] {
        for c in [expense, ratio, total] {
            r[c].parse::<f64>()
                .unwrap_or_else(|_| panic!("not a number: {:?}", r[c]));
        }
    }
    for r in &rows[2..] {
        assert_eq!((r[expense].as_str(), r[ratio].as_str()), ("", ""));
    }
}

#[test]
fn one_tables_csv_has_no_table_column_and_no_issuer_line_unless_given() {
    let out = common::score()
        .env("SCORE_LANG", "zh")
        .args([
            "--rubric",
            "附件1",
            "--summary",
            "--format",
            "csv",
            "examples/enterprise-center.toml",
        ])
        .current_dir(root())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let records = csv_records(&out.stdout);
    assert_eq!(records[0][0], "序号", "{records:?}");
    assert!(!records[0].iter().any(|h| h == "评分表"), "{records:?}");
    assert_eq!(records.len(), 2);
}

/// A 附件1 list of `n` companies (GBK would do as well; UTF-8 keeps the test short).
fn long_list(dir: &Path, n: usize) {
    let mut text = String::from(
        "申报单位名称,统一社会信用代码,数据年度,rd_expense,main_revenue,联系人,联系电话\n",
    );
    for i in 1..=n {
        text.push_str(&format!(
            "武威示例第{i}新材料科技有限公司,9162060{i:04}MA7123456,2023,{}万元,2亿元,张{i},0935-{i:07}\n",
            200 + i * 10
        ));
    }
    std::fs::write(dir.join("list.csv"), text).expect("write");
}

/// `soffice --convert-to pdf` in a fresh profile, then `pdftotext` (`-layout` or not): the
/// text of each page.
fn pdf_pages(input: &Path, layout: bool) -> Option<Vec<String>> {
    use common::tools::{find_tool, run_with_limit, soffice_convert};
    use std::process::Command;
    use std::time::Duration;
    let soffice = find_tool(
        "xlsx_summary_through_libreoffice",
        Some("SCORE_SOFFICE"),
        &["soffice", "libreoffice"],
        "apt-get install libreoffice-calc-nogui",
    )?;
    let pdftotext = find_tool(
        "xlsx_summary_through_libreoffice",
        None,
        &["pdftotext"],
        "apt-get install poppler-utils",
    )?;
    let out = input.parent().expect("folder");
    soffice_convert(&soffice, "pdf", out, &[input]);
    let pdf = input.with_extension("pdf");
    let mut text = Command::new(pdftotext);
    if layout {
        text.arg("-layout");
    }
    text.arg(&pdf).arg("-");
    let output = run_with_limit(text, Duration::from_secs(60));
    let text = String::from_utf8(output.stdout).expect("utf-8");
    Some(
        text.split('\u{c}')
            .map(str::to_string)
            .filter(|p| !p.trim().is_empty())
            .collect(),
    )
}

fn flat(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The xlsx summary printed as LibreOffice prints it: the notice's title with the table's name
/// under it and nothing drawn over it, the issuer, the header on every page and never broken
/// mid-word, every column on one page's width, the seal and date lines, and 第 N 页 共 M 页.
#[test]
fn the_xlsx_summary_prints_as_an_official_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    long_list(dir.path(), 45);
    let xlsx = dir.path().join("汇总.xlsx");
    common::score()
        .env("SCORE_LANG", "zh")
        .args([
            "--rubric",
            "附件1",
            "--summary",
            "--issuer",
            "武威市凉州区工业和信息化局",
            "list.csv",
            "-o",
        ])
        .arg(&xlsx)
        .current_dir(dir.path())
        .assert()
        .success();
    let Some(pages) = pdf_pages(&xlsx, true) else {
        return;
    };
    assert!(
        pages.len() >= 2,
        "45 rows fill more than one page: {}",
        pages.len()
    );
    let count = pages.len();
    for (n, page) in pages.iter().enumerate() {
        let text = flat(page);
        // The header repeats on every page, every column of it on the page's width.
        for heading in [
            "序号",
            "申报单位",
            "统一社会信用代码",
            "总分",
            "联系电话",
            "备注",
        ] {
            assert!(
                text.contains(heading),
                "page {}: no {heading}:\n{page}",
                n + 1
            );
        }
        assert!(
            text.contains(&format!("第{}页共{count}页", n + 1)),
            "page {}: no page number:\n{page}",
            n + 1
        );
        // The clerk's columns are outside the print area: no file path on paper.
        assert!(!text.contains("list.csv"), "page {}:\n{page}", n + 1);
    }
    let first = &pages[0];
    // The title stands alone on its line: no heading drawn over it.
    let title = first
        .lines()
        .find(|l| l.contains("申报企业汇总表"))
        .expect("the title");
    assert_eq!(title.trim(), "申报企业汇总表", "{first}");
    let sub = first
        .lines()
        .find(|l| l.contains("甘肃省企业技术中心自评表"))
        .expect("the table's name");
    assert_eq!(sub.trim(), "甘肃省企业技术中心自评表 · 2024年");
    assert!(
        flat(first).contains("报送单位：武威市凉州区工业和信息化局"),
        "{first}"
    );
    let last = flat(&pages[count - 1]);
    assert!(
        last.contains("报送单位（盖章）：武威市凉州区工业和信息化局"),
        "{last}"
    );
    assert!(last.contains("日期：年月日"), "{last}");
    assert!(last.contains("共45份：已评分45份"), "{last}");
    // Headings wrap between words, not inside one: read in order, each is whole.
    let raw = pdf_pages(&xlsx, false).expect("tools found above");
    let raw = raw.concat();
    // A long figure title wraps, but its unit stays whole.
    for heading in [
        "符合申报条件",
        "基本得分",
        "统一社会信用代码",
        "联系电话",
        "（万元）",
        "（%）",
    ] {
        assert!(
            raw.lines().any(|l| l.contains(heading)),
            "{heading} broken over lines:\n{raw}"
        );
    }
}

/// The tabs of a mixed folder's workbook: each table whole within Excel's 31 characters.
#[test]
fn the_xlsx_tabs_name_each_table_by_its_annex_and_short_name() {
    use calamine::Reader;
    let dir = mixed();
    common::write(&dir, "bad.toml", "rubric = \"附件2\"\nrd_expence = 3\n");
    let out = common::score()
        .env("SCORE_LANG", "zh")
        .args(["--summary", ".", "-o", "s.xlsx"])
        .current_dir(dir.path())
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("s.xlsx")).expect("open");
    assert_eq!(
        book.sheet_names(),
        [
            "附件1 企业技术中心",
            "附件2 行业技术中心",
            "未能评分 附件2",
            "附件3 技术创新示范企业",
            "附件4 产业技术创新联盟",
        ]
    );
}
