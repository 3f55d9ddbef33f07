//! `score serve` in a real browser: headless Chromium driven through WebDriver (Debian's
//! `chromium-driver`). Type each example company's figures into its form and see the total the
//! command line gives; type a unit slip and see the warning; upload the example as a workbook;
//! print the sheet to PDF (one A4 page); rank a mixed folder's zip on the bureau page.
//!
//! Skipped loudly without `chromedriver` and `chromium`; under `CI=true` or `SCORE_REQUIRE_TOOLS=1`
//! a missing tool fails the test (tests/common/tools.rs). `.ci/run` installs them.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use common::server::Server;
use common::tools::{find_tool, run_with_limit};
use common::webdriver::Driver;

const INSTALL: &str = "apt-get install chromium chromium-driver poppler-utils fonts-noto-cjk";
const TOML: &str = "application/toml";
const WAIT: Duration = Duration::from_secs(15);

struct Tools {
    chromedriver: PathBuf,
    chromium: PathBuf,
}

fn tools(test: &str) -> Option<Tools> {
    let chromedriver = find_tool(test, Some("SCORE_CHROMEDRIVER"), &["chromedriver"], INSTALL)?;
    let chromium = find_tool(
        test,
        Some("SCORE_CHROMIUM"),
        &["chromium", "chromium-browser", "google-chrome"],
        INSTALL,
    )?;
    Some(Tools {
        chromedriver,
        chromium,
    })
}

/// An example's figures as written in it (`860万元`, `3.2亿元`, a level's label), by form field.
fn figures(name: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(format!("examples/{name}.toml")).unwrap();
    let table: toml::Table = text.parse().unwrap();
    let shown = |v: &toml::Value| match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(list) => list
            .iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    let mut out = Vec::new();
    for (key, value) in &table {
        match value {
            toml::Value::Table(fields) => {
                for (field, v) in fields {
                    out.push((format!("{key}.{field}"), shown(v)));
                }
            }
            _ if key == "rubric" => {}
            // A centre or an alliance may write `name`; the form has the one field.
            v if key == "name" => out.push(("company".into(), shown(v))),
            v => out.push((key.clone(), shown(v))),
        }
    }
    out
}

/// The total `score --format json examples/NAME.toml` gives, as the page shows it.
fn cli_total(name: &str) -> String {
    let output = common::score()
        .args(["--format", "json", &format!("examples/{name}.toml")])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["total"].to_string()
}

/// Types each figure into its field, or picks it from its dropdown (by id or label).
fn fill(driver: &Driver, figures: &[(String, String)]) {
    for (key, text) in figures {
        let css = format!("[name=\"{key}\"]");
        let select = format!("select{css}");
        if driver.find_all(&select).is_empty() {
            driver.type_into(&driver.find(&css), text);
            continue;
        }
        let options = driver.find_all(&format!("{select} option"));
        let wanted = driver.find_all(&format!("{select} option[value=\"{text}\"]"));
        let option = wanted.into_iter().next().or_else(|| {
            options
                .into_iter()
                .find(|o| driver.text(o).trim() == text.as_str())
        });
        let option = option.unwrap_or_else(|| panic!("`{key}` has no choice `{text}`"));
        driver.click(&option);
    }
}

#[test]
fn typing_each_example_into_its_form_gives_the_command_lines_total() {
    let Some(tools) = tools("typing_each_example_into_its_form_gives_the_command_lines_total")
    else {
        return;
    };
    let server = Server::start(&[]);
    let driver = Driver::start(&tools.chromedriver, &tools.chromium);
    for id in common::RUBRICS {
        driver.goto(&format!("{}form/{id}", server.url));
        fill(&driver, &figures(id));
        let expected = cli_total(id);
        let shown = driver.wait_text("#total", WAIT, |t| t == expected);
        assert_eq!(shown, expected, "{id}: the page's total");
        let problems = driver.text(&driver.find("#problems"));
        assert!(problems.is_empty(), "{id}: {problems}");
    }
    // A unit slip: 研发经费 typed in 元 where 万元 is meant. The warning is the command line's,
    // said of the form: the field by its 数据名称, the box beside it, no TOML line or key.
    driver.goto(&format!("{}form/enterprise-center", server.url));
    fill(&driver, &figures("enterprise-center"));
    driver.type_into(&driver.find("[name=\"rd_expense\"]"), "8600000");
    let checks = driver.wait_text("#checks", WAIT, |t| t.contains("是否按元填写"));
    for wanted in [
        "请在“年度研究与试验发展经费支出额”一栏填写 860 或 860万元",
        "数值属实请勾选本条旁的“已核实”",
    ] {
        assert!(checks.contains(wanted), "no {wanted}: {checks}");
    }
    for leak in ["rd_expense", "第 ", "`"] {
        assert!(!checks.contains(leak), "{leak}: {checks}");
    }
    // Marked 已核实 in the form, it is confirmed as `confirmed = [...]` confirms it.
    driver.click(&driver.find("#confirm-0"));
    let checks = driver.wait_text("#checks", WAIT, |t| t.contains("已核实："));
    assert!(checks.contains("年度研究与试验发展经费支出额"), "{checks}");
    assert_eq!(
        driver
            .find_all("#confirmed-keys input[name=\"confirmed\"][value=\"rd_expense\"]")
            .len(),
        1
    );
    // A figure the reader refuses: the field says why.
    driver.type_into(&driver.find("[name=\"rd_staff\"]"), "46个");
    let problem = driver.wait_text(".field[data-key=\"rd_staff\"] .problem", WAIT, |t| {
        t.contains("rd_staff")
    });
    assert!(problem.contains("46个"), "{problem}");
}

#[test]
fn an_uploaded_workbook_fills_the_form_and_the_sheet_prints_on_one_a4_page() {
    let test = "an_uploaded_workbook_fills_the_form_and_the_sheet_prints_on_one_a4_page";
    let Some(tools) = tools(test) else {
        return;
    };
    let Some(pdfinfo) = find_tool(test, None, &["pdfinfo"], INSTALL) else {
        return;
    };
    let server = Server::start(&[]);
    let example = std::fs::read("examples/enterprise-center.toml").unwrap();
    let book = server.post("/api/data?format=xlsx", TOML, &example);
    assert_eq!(book.status, 200);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("企业技术中心.xlsx");
    std::fs::write(&path, &book.body).unwrap();

    let driver = Driver::start(&tools.chromedriver, &tools.chromium);
    // From the start page: the workbook names its table, and its form opens filled in.
    driver.goto(&server.url);
    driver.type_into(&driver.find("#upload"), &path.to_string_lossy());
    let expected = cli_total("enterprise-center");
    assert_eq!(
        driver.wait_text("#total", WAIT, |t| t == expected),
        expected
    );
    let company = driver.find("[name=\"company\"]");
    assert_eq!(
        driver.property(&company, "value"),
        "武威示例新材料科技有限公司"
    );

    // 打印评分表 opens the official sheet in a new tab.
    let before = driver.windows();
    driver.click(&driver.find("#print"));
    let sheet = wait_new_window(&driver, &before);
    driver.switch_to(&sheet);
    let source = wait_source(&driver, "</html>");
    assert!(source.contains("武威示例新材料科技有限公司"));
    let pdf = driver.print_pdf();
    let file = dir.path().join("sheet.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let mut info = Command::new(pdfinfo);
    info.arg(&file);
    let info = String::from_utf8(run_with_limit(info, Duration::from_secs(30)).stdout).unwrap();
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count:\n{info}"));
    assert_eq!(pages, 1, "the sheet to stamp is one A4 page:\n{info}");
    assert!(
        info.contains("595.") && info.contains("841."),
        "A4:\n{info}"
    );
}

#[test]
fn the_bureau_page_ranks_a_mixed_folders_zip() {
    let Some(tools) = tools("the_bureau_page_ranks_a_mixed_folders_zip") else {
        return;
    };
    let server = Server::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("申报材料.zip");
    {
        use std::io::Write;
        let file = std::fs::File::create(&zip_path).unwrap();
        let mut zip = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default();
        for id in common::RUBRICS {
            zip.start_file(format!("县/{id}.toml"), options).unwrap();
            zip.write_all(&std::fs::read(format!("examples/{id}.toml")).unwrap())
                .unwrap();
        }
        zip.start_file("县/说明.docx", options).unwrap();
        zip.write_all(b"not data").unwrap();
        zip.start_file("县/坏文件.toml", options).unwrap();
        zip.write_all(
            "rubric = \"alliance\"\ncompany = \"坏\"\nproblems_solved = \"x\"\n".as_bytes(),
        )
        .unwrap();
        zip.finish().unwrap();
    }
    let driver = Driver::start(&tools.chromedriver, &tools.chromium);
    driver.goto(&format!("{}bureau", server.url));
    driver.type_into(
        &driver.find("input[name=\"files\"]"),
        &zip_path.to_string_lossy(),
    );
    driver.type_into(
        &driver.find("input[name=\"issuer\"]"),
        "凉州区工业和信息化局",
    );
    let before = driver.windows();
    driver.click(&driver.find("button[type=\"submit\"]"));
    let summary = wait_new_window(&driver, &before);
    driver.switch_to(&summary);
    let source = wait_source(&driver, "</html>");
    for company in [
        "武威示例新材料科技有限公司",
        "凉州区工业和信息化局",
        "坏文件.toml",
    ] {
        assert!(source.contains(company), "{company} not in the summary");
    }
}

fn wait_new_window(driver: &Driver, before: &[String]) -> String {
    let start = std::time::Instant::now();
    loop {
        if let Some(new) = driver.windows().into_iter().find(|h| !before.contains(h)) {
            return new;
        }
        assert!(start.elapsed() < WAIT, "no new tab opened");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn wait_source(driver: &Driver, wanted: &str) -> String {
    let start = std::time::Instant::now();
    loop {
        let source = driver.source();
        if source.contains(wanted) && source.len() > 500 {
            return source;
        }
        assert!(start.elapsed() < WAIT, "the page did not load: {source}");
        std::thread::sleep(Duration::from_millis(100));
    }
}
