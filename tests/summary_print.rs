//! The HTML summary as a clerk prints it from a browser with default settings (issue 24):
//! Chromium's print-to-pdf *without* `--no-pdf-header-footer`, read back with poppler. Page
//! numbers 第 N 页 共 M 页 restart per table, the seal lines share the last page with rows, the
//! files that failed or were not read are on a page of their own with no seal line, and the
//! browser adds no header or footer (no `file://`, no title, no date).
//!
//! Needs `chromium` and `poppler-utils` (skipped loudly without them, failing under `CI=true` or
//! `SCORE_REQUIRE_TOOLS=1`, as in tests/html_pdf.rs).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::tools::{chromium_print, find_tool, pdf_pages, run_with_limit};

const INSTALL: &str = "install them with `apt-get install chromium poppler-utils fonts-noto-cjk`";

struct Tools {
    chromium: PathBuf,
    pdftotext: PathBuf,
    pdfinfo: PathBuf,
}

fn tools(test: &str) -> Option<Tools> {
    let names = ["chromium", "chromium-browser", "google-chrome"];
    Some(Tools {
        chromium: find_tool(test, Some("SCORE_CHROMIUM"), &names, INSTALL)?,
        pdftotext: find_tool(test, None, &["pdftotext"], INSTALL)?,
        pdfinfo: find_tool(test, None, &["pdfinfo"], INSTALL)?,
    })
}

/// Prints with the browser's defaults: no `--no-pdf-header-footer`.
fn print(tools: &Tools, html: &Path) -> PathBuf {
    let pdf = html.with_extension("pdf");
    chromium_print(&tools.chromium, html, &pdf, &[]);
    assert!(pdf.is_file(), "no PDF for {}", html.display());
    pdf
}

fn page_text(tools: &Tools, pdf: &Path, page: usize) -> String {
    let mut cmd = Command::new(&tools.pdftotext);
    cmd.args([
        "-layout",
        "-enc",
        "UTF-8",
        "-f",
        &page.to_string(),
        "-l",
        &page.to_string(),
    ])
    .arg(pdf)
    .arg("-");
    let text =
        String::from_utf8(run_with_limit(cmd, Duration::from_secs(30)).stdout).expect("UTF-8");
    // Without whitespace: the PDF's text loses or adds spaces (第1页共4页).
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn alliance(name: &str, events: u32) -> String {
    format!("rubric = \"alliance\"\nname = \"{name}\"\npromotion_events = {events}\n")
}

fn industry(name: &str) -> String {
    format!("rubric = \"industry-center\"\ncompany = \"{name}\"\n")
}

/// 40 alliances (every fifth with a 60-character name), 3 industry centres, a broken file and a
/// Word document.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().join("申报");
    std::fs::create_dir(&d).expect("mkdir");
    for i in 0..40 {
        let name = if i % 5 == 0 {
            format!(
                "甘肃省示例{i:02}{}",
                "特色农产品加工产业技术创新联盟".repeat(4)
            )
            .chars()
            .take(60)
            .collect()
        } else {
            format!("示例联盟{i:02}")
        };
        std::fs::write(
            d.join(format!("a{i:02}.toml")),
            alliance(&name, (i % 4) as u32),
        )
        .expect("write");
    }
    for i in 0..3 {
        std::fs::write(
            d.join(format!("i{i}.toml")),
            industry(&format!("行业中心{i}")),
        )
        .expect("write");
    }
    std::fs::write(d.join("坏.toml"), "rubric = \"alliance\"\nname = = 1\n").expect("write");
    std::fs::write(d.join("说明.docx"), "not data").expect("write");
    dir
}

#[test]
fn the_summary_prints_as_official_pages_from_a_browser_with_default_settings() {
    let Some(tools) = tools("the_summary_prints_as_official_pages") else {
        return;
    };
    let dir = folder();
    let html = dir.path().join("汇总.html");
    let output = common::score()
        .current_dir(dir.path())
        .env("SCORE_LANG", "zh")
        .args([
            "--summary",
            "-f",
            "html",
            "--issuer",
            "凉州区工业和信息化局",
            "-o",
        ])
        .arg(&html)
        .arg("申报")
        .output()
        .expect("run");
    assert_eq!(
        output.status.code(),
        Some(1),
        "the broken file fails the run"
    );
    let pdf = print(&tools, &html);
    let n = pdf_pages(&tools.pdfinfo, &pdf);
    let texts: Vec<String> = (1..=n).map(|p| page_text(&tools, &pdf, p)).collect();
    let all = texts.join("\n\u{c}");
    for (p, text) in texts.iter().enumerate() {
        assert!(
            !text.contains("file://"),
            "page {}: browser footer\n{text}",
            p + 1
        );
        assert!(
            !text.contains("汇总.html"),
            "page {}: browser header\n{text}",
            p + 1
        );
    }
    // Per table: the notice's title, pages numbered 第 N 页 共 M 页 from 1, the seal on the
    // last page together with rows.
    let industry: Vec<&String> = texts
        .iter()
        .filter(|t| t.contains("行业技术中心申报名单汇总表"))
        .collect();
    assert_eq!(industry.len(), 1, "{all}");
    assert!(industry[0].contains("第1页共1页") && industry[0].contains("报送单位（盖章）"));
    let alliance: Vec<&String> = texts
        .iter()
        .filter(|t| t.contains("申报单位汇总表") && !t.contains("未能评分的文件"))
        .collect();
    let m = alliance.len();
    assert!(m >= 2, "40 applicants take more than one page: {m}\n{all}");
    for (k, text) in alliance.iter().enumerate() {
        assert!(text.contains(&format!("第{}页共{m}页", k + 1)), "{text}");
        assert!(
            text.contains("甘肃省产业技术创新联盟自评表"),
            "the table's name under the title"
        );
        assert_eq!(
            text.contains("报送单位（盖章）"),
            k + 1 == m,
            "seal only on the last page\n{text}"
        );
    }
    // Rows beside the seal: an applicant's name on the last page.
    assert!(
        alliance[m - 1].contains("示例联盟"),
        "rows beside the seal\n{}",
        alliance[m - 1]
    );
    // Every applicant once.
    for i in 0..40 {
        let name = format!("{i:02}");
        let found = alliance
            .iter()
            .filter(|t| {
                t.contains(&format!("示例联盟{name}")) || t.contains(&format!("甘肃省示例{name}"))
            })
            .count();
        assert_eq!(found, 1, "applicant {i}\n{all}");
    }
    // The failed and unread files: their own page, no seal.
    let failed: Vec<&String> = texts
        .iter()
        .filter(|t| t.contains("未能评分的文件（不随汇总表报送）"))
        .collect();
    assert_eq!(failed.len(), 1, "{all}");
    assert!(
        failed[0].contains("坏.toml") && failed[0].contains("说明.docx"),
        "{}",
        failed[0]
    );
    assert!(
        !failed[0].contains("盖章") && !failed[0].contains("--rubric"),
        "{}",
        failed[0]
    );
    assert_eq!(n, 1 + m + 1, "industry, alliance pages, failed page\n{all}");
}
