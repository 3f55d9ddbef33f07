//! End to end: `score --format html` printed to PDF by headless Chromium, as an applicant would
//! print the sheet to stamp and scan it. The PDF's text (poppler's `pdftotext`) must hold every
//! item's title and the total, and each sheet must fit on at most two A4 pages.
//!
//! Needs Debian's `chromium` and `poppler-utils`; `.ci/run` installs them when absent. Without
//! them the tests are skipped with a loud message, and fail under `CI=true` or
//! `SCORE_REQUIRE_TOOLS=1` (tests/common/tools.rs). `SCORE_CHROMIUM` may name another Chromium.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use common::tools::{chromium_print, find_tool, run_with_limit};

use assert_cmd::cargo::CommandCargoExt;
use rust_decimal::Decimal;

const RUBRICS: [&str; 4] = [
    "enterprise-center",
    "industry-center",
    "demonstration-enterprise",
    "alliance",
];

const INSTALL: &str = "install them with `apt-get install chromium poppler-utils fonts-noto-cjk` \
                       (Debian; `.ci/run` does this when they are absent)";

/// Headless Chromium and poppler, or `None` when they are missing (the test is then skipped
/// with a loud message, or fails under `CI=true`).
fn tools(test: &str) -> Option<Tools> {
    let chromium = find_tool(
        test,
        Some("SCORE_CHROMIUM"),
        &[
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ],
        INSTALL,
    )?;
    let pdftotext = find_tool(test, None, &["pdftotext"], INSTALL)?;
    let pdfinfo = find_tool(test, None, &["pdfinfo"], INSTALL)?;
    Some(Tools {
        chromium,
        pdftotext,
        pdfinfo,
    })
}

struct Tools {
    chromium: PathBuf,
    pdftotext: PathBuf,
    pdfinfo: PathBuf,
}

fn run(command: Command, limit: Duration) -> Output {
    run_with_limit(command, limit)
}

/// `score --format html` on the given data files, written to `dir/name.html`.
fn html(dir: &Path, name: &str, rubric: &str, data: &[&str], extra: &[&str]) -> PathBuf {
    let mut score = Command::cargo_bin("score").expect("the score binary");
    score
        .args(["--rubric", rubric, "--format", "html"])
        .args(extra)
        .args(data);
    let output = run(score, Duration::from_secs(30));
    let path = dir.join(format!("{name}.html"));
    std::fs::write(&path, &output.stdout).expect("write the HTML");
    path
}

/// Prints an HTML file to PDF with headless Chromium.
fn print(tools: &Tools, html: &Path) -> PathBuf {
    let pdf = html.with_extension("pdf");
    let extra = [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-pdf-header-footer",
    ];
    chromium_print(&tools.chromium, html, &pdf, &extra);
    assert!(
        pdf.is_file(),
        "Chromium wrote no PDF for {}",
        html.display()
    );
    pdf
}

/// The PDF's text in content order (`-raw` keeps each table cell's lines together), optionally
/// of one page only.
fn text(tools: &Tools, pdf: &Path, page: Option<usize>) -> String {
    let mut pdftotext = Command::new(&tools.pdftotext);
    pdftotext.arg("-raw").arg("-enc").arg("UTF-8");
    if let Some(page) = page {
        pdftotext.args(["-f", &page.to_string(), "-l", &page.to_string()]);
    }
    pdftotext.arg(pdf).arg("-");
    String::from_utf8(run(pdftotext, Duration::from_secs(30)).stdout).expect("UTF-8 text")
}

/// Text without any whitespace: a title a table cell wrapped over two lines reads whole again.
fn flat(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Number of pages, and whether every page is A4.
fn pages(tools: &Tools, pdf: &Path) -> (usize, bool) {
    let mut pdfinfo = Command::new(&tools.pdfinfo);
    pdfinfo.args(["-f", "1", "-l", "999"]).arg(pdf);
    let info = String::from_utf8(run(pdfinfo, Duration::from_secs(30)).stdout).expect("UTF-8");
    let count = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gave no page count:\n{info}"));
    let sizes: Vec<&str> = info
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size:"))
        .collect();
    let a4 = !sizes.is_empty() && sizes.iter().all(|l| l.contains("(A4)"));
    (count, a4)
}

/// The JSON sheet of a data file: the titles and total the PDF must show.
fn json(rubric: &str, data: &str, lang: &str) -> serde_json::Value {
    let mut score = Command::cargo_bin("score").expect("the score binary");
    score.args(["--rubric", rubric, "--format", "json", "--lang", lang, data]);
    serde_json::from_slice(&run(score, Duration::from_secs(30)).stdout).expect("JSON")
}

fn check_sheet(tools: &Tools, pdf: &Path, sheet: &serde_json::Value, english: bool) {
    let body = flat(&text(tools, pdf, None));
    let name = pdf.display();
    let key = if english { "title_en" } else { "title" };
    for item in sheet["items"].as_array().expect("items") {
        let title = item[key].as_str().unwrap_or_default();
        assert!(
            !title.is_empty(),
            "{name}: item `{}` has no {key}",
            item["id"]
        );
        assert!(
            body.contains(&flat(title)),
            "{name}: item `{}` ({title}) is not in the PDF text",
            item["id"]
        );
    }
    let total = sheet["total"].to_string();
    let max = ["base_max", "bonus_max"]
        .iter()
        .map(|k| {
            sheet[*k]
                .to_string()
                .parse::<Decimal>()
                .expect("a decimal maximum")
        })
        .sum::<Decimal>();
    // 附件3 ends, as the notice prints it, with one 总 分 row and no maximum.
    let requirements = sheet["rubric"] == "demonstration-enterprise";
    let total_row = match (english, requirements) {
        (true, false) => format!("Total(of{max}){total}"),
        (false, false) => format!("总分（满分{max}）{total}"),
        (true, true) => format!("Total{total}"),
        (false, true) => format!("总分{total}"),
    };
    assert!(
        body.contains(&total_row),
        "{name}: the total row `{total_row}` is not in the PDF text"
    );
    let who = sheet["company"].as_str().unwrap_or_default();
    assert!(body.contains(&flat(who)), "{name}: `{who}` is missing");
    if !english {
        assert!(
            body.contains("申报单位（盖章）"),
            "{name}: no place for the seal"
        );
    }
}

#[test]
fn every_example_prints_with_all_items_and_the_total_on_one_a4_page_in_chinese() {
    let Some(tools) = tools("html_pdf::every_example_prints") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    for rubric in RUBRICS {
        let data = format!("examples/{rubric}.toml");
        for (lang, extra) in [("zh", vec![]), ("en", vec!["--lang", "en", "--explain"])] {
            let name = format!("{rubric}-{lang}");
            let page = html(dir.path(), &name, rubric, &[&data], &extra);
            let pdf = print(&tools, &page);
            let (count, a4) = pages(&tools, &pdf);
            assert!(a4, "{name}: not printed on A4");
            // The sheet to stamp is one A4 page; English with the working may take two.
            let most = if lang == "zh" { 1 } else { 2 };
            assert!(
                (1..=most).contains(&count),
                "{name}: printed on {count} pages, at most {most} expected"
            );
            check_sheet(&tools, &pdf, &json(rubric, &data, lang), lang == "en");
        }
    }
}

#[test]
fn several_files_print_one_sheet_after_another_each_from_a_new_page() {
    let Some(tools) = tools("html_pdf::several_files_print") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let data = "examples/enterprise-center.toml";
    let single = print(
        &tools,
        &html(dir.path(), "one", "enterprise-center", &[data], &[]),
    );
    let (one, _) = pages(&tools, &single);

    // The same company twice, and a second company with other figures.
    let second = dir.path().join("second.toml");
    let figures = std::fs::read_to_string(data).expect("example");
    let figures = figures.replace("武威示例新材料科技有限公司", "武威第二示例科技有限公司");
    std::fs::write(&second, figures).expect("write");
    let second = second.display().to_string();
    let both = print(
        &tools,
        &html(
            dir.path(),
            "both",
            "enterprise-center",
            &[data, &second],
            &[],
        ),
    );
    let (count, a4) = pages(&tools, &both);
    assert!(a4);
    // Two sheets, each from a page of its own, then the ranked summary (申报企业汇总表) on the last.
    assert_eq!(count, 2 * one + 1, "each sheet starts on a page of its own");
    let summary_page = flat(&text(&tools, &both, Some(count)));
    assert!(
        summary_page.contains(&flat("申报企业汇总表")),
        "the last page should be the summary: {summary_page:.80}"
    );
    let first_page_of_second = flat(&text(&tools, &both, Some(one + 1)));
    assert!(
        first_page_of_second
            .starts_with(&flat("武工信发〔2024〕35号 附件1 甘肃省企业技术中心自评表")),
        "page {} should open the second sheet: {first_page_of_second:.80}",
        one + 1
    );
    assert!(first_page_of_second.contains("武威第二示例科技有限公司"));
    check_sheet(
        &tools,
        &both,
        &json("enterprise-center", &second, "zh"),
        false,
    );
}

/// `score ARGS` run in `dir`, its stdout written to `dir/name.html`.
fn html_in(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let mut score = Command::cargo_bin("score").expect("the score binary");
    score.current_dir(dir).env("SCORE_LANG", "zh").args(args);
    let mut child_output = score.output().expect("run score");
    // A failed file makes the exit status 1; the page is written all the same.
    if child_output.stdout.is_empty() {
        child_output.stdout = b"<p>no output</p>".to_vec();
    }
    let path = dir.join(format!("{name}.html"));
    std::fs::write(&path, &child_output.stdout).expect("write the HTML");
    path
}

/// An alliance's data file under another name (the example's figures: 68 points).
fn alliance_named(name: &str) -> String {
    let text = std::fs::read_to_string("examples/alliance.toml").expect("example");
    let body: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("rubric = ") {
                String::new()
            } else if l.starts_with("name = ") || l.starts_with("company = ") {
                format!("company = \"{name}\"")
            } else {
                l.to_string()
            }
        })
        .collect();
    format!("rubric = \"alliance\"\n{}\n", body.join("\n"))
}

#[test]
fn the_printed_summary_is_a4_with_the_issuer_a_seal_and_a_date_and_25_rows_on_one_page() {
    let Some(tools) = tools("html_pdf::the_printed_summary") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("申报");
    std::fs::create_dir(&folder).expect("mkdir");
    let mut names = vec!["武威某某科技公司".to_string()];
    names.extend((2..=25).map(|n| format!("甘肃省示例特色农产品加工产业技术创新联盟第{n}号")));
    for (n, name) in names.iter().enumerate() {
        std::fs::write(
            folder.join(format!("{:02}.toml", n + 1)),
            alliance_named(name),
        )
        .expect("write");
    }
    let page = html_in(
        dir.path(),
        "summary",
        &[
            "--summary",
            "--format",
            "html",
            "--issuer",
            "凉州区工业和信息化局",
            "申报",
        ],
    );
    let pdf = print(&tools, &page);
    let (count, a4) = pages(&tools, &pdf);
    assert!(a4, "the summary is not printed on A4");
    assert_eq!(count, 1, "25 applicants fit one page");
    let raw = text(&tools, &pdf, Some(1));
    let body = flat(&raw);
    for needle in [
        "申报单位汇总表",
        "甘肃省产业技术创新联盟自评表·2024年",
        "凉州区工业和信息化局",
        "报送单位（盖章）",
        "日期",
        "第1页共1页",
    ] {
        assert!(
            body.contains(needle),
            "`{needle}` is not on the page:\n{raw}"
        );
    }
    for name in &names {
        assert!(body.contains(&flat(name)), "`{name}` is missing:\n{raw}");
    }
    // The name column is at least 8 characters wide: an 8-character name stays on one line.
    assert!(
        raw.lines().any(|l| l.contains("武威某某科技公司")),
        "an 8-character name was broken:\n{raw}"
    );

    // Fifteen more: the table goes on over a second page, under its header row again.
    for n in 26..=40 {
        std::fs::write(
            folder.join(format!("{n:02}.toml")),
            alliance_named(&format!("武威后续联盟第{n}号")),
        )
        .expect("write");
    }
    let page = html_in(
        dir.path(),
        "longer",
        &["--summary", "--format", "html", "申报"],
    );
    let pdf = print(&tools, &page);
    let (count, _) = pages(&tools, &pdf);
    assert_eq!(count, 2);
    let second = flat(&text(&tools, &pdf, Some(2)));
    assert!(
        second.starts_with(&flat(
            "申报单位汇总表 甘肃省产业技术创新联盟自评表·2024年 序号排名申报单位"
        )),
        "the title and the header row repeat on page 2: {second:.80}"
    );
    assert!(second.contains("第2页共2页"), "{second}");
    assert!(
        second.contains("报送单位（盖章）"),
        "the seal with the last rows: {second}"
    );
}

#[test]
fn a_failed_file_is_on_a_page_of_its_own_after_the_printed_summary() {
    let Some(tools) = tools("html_pdf::a_failed_file_is_a_note") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("申报");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(folder.join("a.toml"), alliance_named("甲联盟")).expect("write");
    std::fs::write(folder.join("b.toml"), alliance_named("乙联盟")).expect("write");
    // A key of another table: the long English message that once squeezed the name column.
    std::fs::write(
        folder.join("c.toml"),
        "rubric = \"alliance\"\ncompany = \"丙联盟\"\nproduct_sales_of_the_whole_group_2023 = 1\n",
    )
    .expect("write");
    let page = html_in(
        dir.path(),
        "failed",
        &["--summary", "--format", "html", "申报"],
    );
    let pdf = print(&tools, &page);
    let (count, a4) = pages(&tools, &pdf);
    assert!(a4);
    assert_eq!(count, 2, "the summary, then the page of files not scored");
    let raw = text(&tools, &pdf, Some(1));
    let failed = flat(&text(&tools, &pdf, Some(2)));
    assert!(!flat(&raw).contains("丙联盟"), "{raw}");
    assert!(
        failed.starts_with("未能评分的文件（不随汇总表报送）"),
        "{failed}"
    );
    assert!(
        failed.contains("c.toml：含有本表没有的数据项，未能评分。"),
        "the note says why in Chinese:\n{failed}"
    );
    assert!(!failed.contains("盖章"), "no seal line: {failed}");
    for name in ["甲联盟", "乙联盟"] {
        assert!(
            raw.lines().any(|l| l.contains(name)),
            "`{name}` was squeezed over several lines:\n{raw}"
        );
    }
}

#[test]
fn the_printed_sheet_of_a_file_with_missing_figures_is_one_clean_page() {
    let Some(tools) = tools("html_pdf::the_printed_sheet_of_a_file_with_missing") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("私人目录").join("申报材料");
    std::fs::create_dir_all(&folder).expect("mkdir");
    // 350 / 12000 = 2.91666…%: printed as 2.92%, not ≈2.9167%; most figures missing.
    std::fs::write(
        folder.join("缺项.toml"),
        "company = \"武威缺项公司\"\nyear = 2023\nrd_expense = 350\nmain_revenue = 12000\nrd_staff = 12\n",
    )
    .expect("write");
    let page = html_in(
        dir.path(),
        "sheet",
        &[
            "--rubric",
            "enterprise-center",
            "--format",
            "html",
            "私人目录/申报材料/缺项.toml",
        ],
    );
    let pdf = print(&tools, &page);
    let (count, a4) = pages(&tools, &pdf);
    assert!(a4);
    assert_eq!(
        count, 1,
        "a sheet with missing figures still prints on one page"
    );
    let raw = text(&tools, &pdf, None);
    let body = flat(&raw);
    assert!(!body.contains("警告"), "no warnings on the sheet:\n{raw}");
    assert!(
        !body.contains("私人目录") && !body.contains("缺项.toml"),
        "no path:\n{raw}"
    );
    assert!(!body.contains('≈'), "no ≈:\n{raw}");
    assert!(body.contains("2.92%"), "the ratio rounded to 0.01:\n{raw}");
    assert!(
        body.contains("（未填写）"),
        "missing figures are marked:\n{raw}"
    );
    assert!(body.contains("向下取整"), "formulas in words:\n{raw}");
    assert!(!body.contains('⌊'), "{raw}");
    assert!(body.contains("申报单位（盖章）"), "{raw}");

    // Every other table too: a file that gives almost nothing still prints on one page, clean.
    for rubric in ["industry-center", "demonstration-enterprise", "alliance"] {
        let file = folder.join(format!("{rubric}.toml"));
        std::fs::write(&file, "company = \"几乎空白单位\"\nyear = 2023\n").expect("write");
        let page = html_in(
            dir.path(),
            rubric,
            &[
                "--rubric",
                rubric,
                "--format",
                "html",
                &file.display().to_string(),
            ],
        );
        let pdf = print(&tools, &page);
        let (count, a4) = pages(&tools, &pdf);
        assert!(a4, "{rubric}: A4");
        assert_eq!(count, 1, "{rubric}: a near-empty sheet prints on one page");
        let raw = text(&tools, &pdf, None);
        let body = flat(&raw);
        assert!(
            !body.contains("警告") && !body.contains("私人目录"),
            "{rubric}:\n{raw}"
        );
        assert!(
            body.contains("（未填写）"),
            "{rubric}: missing figures marked:\n{raw}"
        );
    }
}
