//! `score checklist` (issue 24): for each gate met and each item that earns points, the figure,
//! the points and the documents that usually prove it, with an empty 页码 column; one checklist per
//! applicant, each on its own page (HTML) or worksheet (xlsx); and the rubrics' `evidence` behind
//! it, linted by `score check`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::tools::{chromium_print, find_tool, pdf_pages, run_with_limit, soffice_convert};
use serde_json::Value;

const REFERENCE: &str = "常见证明材料，以主管部门要求为准";

fn checklist(args: &[&str]) -> std::process::Output {
    common::score()
        .env("SCORE_LANG", "zh")
        .arg("checklist")
        .args(args)
        .output()
        .expect("score runs")
}

fn json_of(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let output = checklist(&all);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

fn ids(rows: &Value) -> Vec<String> {
    rows.as_array()
        .expect("rows")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}

/// The enterprise-center example, by hand from examples/enterprise-center.toml and the seed: both
/// gates hold (860万元 ≥ 200万元; 860 ÷ 32000 = 2.6875% ≥ 2%) and every one of the 15 items earns
/// points, so 17 rows: the gates first, then the items in the table's order.
#[test]
fn the_enterprise_center_example_lists_both_gates_and_its_fifteen_items() {
    let json = json_of(&["examples/enterprise-center.toml"]);
    assert_eq!(json["rubric"], "enterprise-center");
    assert_eq!(json["company"], "武威示例新材料科技有限公司");
    assert_eq!(json["total"], serde_json::json!(54.5));
    assert_eq!(
        ids(&json["rows"]),
        [
            "rd_expense_min",
            "rd_intensity_min",
            "rd_per_staff",
            "rd_intensity",
            "rd_staff_share",
            "senior_talent",
            "invention_patents",
            "achievements_filed",
            "equipment_value",
            "rd_platforms",
            "certified_labs",
            "patent_applications",
            "new_product_projects",
            "standards",
            "new_product_share",
            "profit_margin",
            "awards",
        ]
    );
    assert_eq!(json["unmet"], serde_json::json!([]));
    let rows = json["rows"].as_array().unwrap();
    // A gate: its figure, no points.
    assert_eq!(rows[0]["kind"], "gate");
    assert_eq!(rows[0]["figure"], "860万元");
    assert_eq!(rows[0]["points"], Value::Null);
    assert_eq!(
        rows[0]["proofs"][0]["evidence"],
        "年度财务审计报告；研发费用辅助账/加计扣除明细表"
    );
    // A ratio: its figure with the figures it comes from, and the documents of both.
    let intensity = &rows[3];
    assert_eq!(intensity["kind"], "item");
    assert_eq!(intensity["figure"], "2.6875%（860万元 ÷ 32000万元）");
    assert_eq!(intensity["points"], serde_json::json!(2));
    assert_eq!(intensity["max"], serde_json::json!(10));
    let inputs: Vec<&Value> = intensity["proofs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["inputs"])
        .collect();
    assert_eq!(
        inputs,
        [
            &serde_json::json!(["rd_expense"]),
            &serde_json::json!(["main_revenue"])
        ]
    );
    // The bonus item.
    let awards = &rows[16];
    assert_eq!(awards["bonus"], true);
    assert_eq!(awards["figure"], "二等奖2");
    assert_eq!(awards["proofs"][0]["evidence"], "获奖证书或奖励文件");
}

/// Every example: one row per gate met and per item with points, as `score` scored it, and every
/// row names its documents (the built-in rubrics have evidence on every input).
#[test]
fn every_example_lists_what_its_sheet_claims_with_documents() {
    for rubric in common::RUBRICS {
        let path = format!("examples/{rubric}.toml");
        let sheet: Value = {
            let out = common::score()
                .env("SCORE_LANG", "zh")
                .args(["--format", "json", &path])
                .output()
                .expect("score");
            serde_json::from_slice(&out.stdout).expect("sheet JSON")
        };
        let mut expected: Vec<String> = sheet["gates"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["passed"] == true)
            .map(|g| g["id"].as_str().unwrap().to_string())
            .collect();
        expected.extend(
            sheet["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["points"].as_f64().unwrap() > 0.0)
                .map(|i| i["id"].as_str().unwrap().to_string()),
        );
        let json = json_of(&[&path]);
        assert_eq!(ids(&json["rows"]), expected, "{rubric}");
        assert!(!expected.is_empty(), "{rubric}");
        for row in json["rows"].as_array().unwrap() {
            let proofs = row["proofs"].as_array().unwrap();
            assert!(!proofs.is_empty(), "{rubric}: {row}");
            for proof in proofs {
                assert!(
                    proof["evidence"].as_str().is_some_and(|e| !e.is_empty())
                        && proof["evidence_en"].as_str().is_some_and(|e| !e.is_empty()),
                    "{rubric}: {proof}"
                );
            }
        }
        // The table says it is a reference, and leaves the page column to fill in.
        let table = checklist(&[&path]);
        let text = String::from_utf8_lossy(&table.stdout);
        assert!(table.status.success(), "{rubric}");
        assert!(text.contains(REFERENCE) && text.contains("页码"), "{text}");
    }
}

/// A weighted item lists the documents of the counts it claims only: the alliance example solves
/// 2 problems and fills no national gap, so its 难题 row asks for no 科技查新报告.
#[test]
fn a_weighted_item_asks_only_for_the_proof_of_what_it_counts() {
    let json = json_of(&["examples/alliance.toml"]);
    let row = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["figure"] == "难题2")
        .expect("the 难题 row")
        .clone();
    let proofs = row["proofs"].as_array().unwrap();
    assert_eq!(proofs.len(), 1, "{row}");
    assert_eq!(proofs[0]["inputs"], serde_json::json!(["problems_solved"]));
    assert!(!row.to_string().contains("查新"), "{row}");
}

/// No figure claimed: the checklist says so in words (no empty table), and names the gates not met.
#[test]
fn a_near_empty_file_says_there_is_nothing_to_prove() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::write(
        &dir,
        "空.toml",
        "rubric = \"enterprise-center\"\ncompany = \"空白公司\"\n",
    );
    let path = path.to_str().unwrap();
    let table = checklist(&[path]);
    assert!(table.status.success());
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("未申报任何得分项"), "{text}");
    assert!(!text.contains("序号"), "no empty table: {text}");
    assert!(
        text.contains(
            "未满足的申报条件（未列入清单）：年度研究与试验发展经费支出额不低于 200 万元"
        ),
        "{text}"
    );
    // The missing figures are warned about on stderr, as `score` warns.
    assert!(String::from_utf8_lossy(&table.stderr).contains("未填写 `rd_expense`"));
    let html = checklist(&["--format", "html", path]);
    let page = String::from_utf8_lossy(&html.stdout);
    assert!(
        page.contains("未申报任何得分项") && !page.contains("<table"),
        "{page}"
    );
    assert!(page.contains(REFERENCE));
    let json = json_of(&[path]);
    assert_eq!(json["rows"], serde_json::json!([]));
    assert_eq!(json["unmet"].as_array().unwrap().len(), 2);
    let markdown = checklist(&["--format", "markdown", path]);
    assert!(String::from_utf8_lossy(&markdown.stdout).contains("未申报任何得分项"));
}

/// A folder of the four examples: one checklist per applicant, in name order, each on a page of
/// its own (HTML) or a worksheet of its own (xlsx), an array in JSON.
#[test]
fn a_folder_gives_one_checklist_per_applicant_each_on_its_own_page() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("申报材料");
    std::fs::create_dir(&folder).unwrap();
    for rubric in common::RUBRICS {
        std::fs::copy(
            format!("examples/{rubric}.toml"),
            folder.join(format!("{rubric}.toml")),
        )
        .unwrap();
    }
    let folder = folder.to_str().unwrap();
    let html = checklist(&["--format", "html", folder]);
    assert!(html.status.success());
    let page = String::from_utf8_lossy(&html.stdout);
    assert_eq!(page.matches("<section class=\"page").count(), 4);
    assert_eq!(page.matches("<!DOCTYPE html>").count(), 1, "one document");
    assert!(page.contains(".page + .page { break-before: page;"));
    // Name order: alliance, demonstration-enterprise, enterprise-center, industry-center.
    let at = |name: &str| page.find(name).unwrap_or_else(|| panic!("{name}"));
    assert!(at("甘肃省示例特色农产品加工产业技术创新联盟") < at("武威示例新材料科技有限公司"));

    let json = json_of(&[folder]);
    let all = json.as_array().expect("an array for a folder");
    let rubrics: Vec<&str> = all.iter().map(|c| c["rubric"].as_str().unwrap()).collect();
    assert_eq!(
        rubrics,
        [
            "alliance",
            "demonstration-enterprise",
            "enterprise-center",
            "industry-center"
        ]
    );

    let book = dir.path().join("清单.xlsx");
    let out = checklist(&[folder, "-o", book.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    use calamine::Reader;
    let mut xlsx: calamine::Xlsx<_> = calamine::open_workbook(&book).expect("opens");
    let names = xlsx.sheet_names();
    assert_eq!(names.len(), 4, "{names:?}");
    assert_eq!(names[2], "武威示例新材料科技有限公司");
    let range = xlsx.worksheet_range(&names[2]).expect("worksheet");
    let cells: Vec<String> = range.rows().flatten().map(|c| c.to_string()).collect();
    for wanted in ["自评证明材料清单", "页码", "860万元", "获奖证书或奖励文件"]
    {
        assert!(
            cells.iter().any(|c| c.contains(wanted)),
            "{wanted}: {cells:?}"
        );
    }
    assert!(cells.iter().any(|c| c.starts_with(REFERENCE)), "{cells:?}");
}

/// `--summary` does not apply; a file that cannot be read is reported and the rest go on (exit
/// 1); an output format the command does not write is refused before anything is read.
#[test]
fn the_command_line_refuses_what_does_not_apply_and_reports_failures() {
    let out = checklist(&["--summary", "examples/alliance.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("请去掉 --summary"), "{err}");
    assert!(out.stdout.is_empty());

    let out = checklist(&["examples/alliance.toml", "-o", "清单.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("table, html, xlsx, markdown, json"));

    let dir = tempfile::tempdir().unwrap();
    let bad = common::write(
        &dir,
        "坏.toml",
        "rubric = \"enterprise-center\"\nrd_expense = \"八百\"\n",
    );
    let out = checklist(&[
        "--format",
        "json",
        bad.to_str().unwrap(),
        "examples/alliance.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("坏.toml"), "{err}");
    let json: Value = serde_json::from_slice(&out.stdout).expect("the rest is written");
    assert_eq!(json.as_array().unwrap().len(), 1);

    let out = checklist(&["没有这个文件.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有这个文件.toml"));

    // English on request: the words, the titles and the documents.
    let out = common::score()
        .args([
            "--lang",
            "en",
            "checklist",
            "--format",
            "markdown",
            "examples/enterprise-center.toml",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("the authority's requirements prevail"),
        "{text}"
    );
    assert!(text.contains("Annual audited financial report"), "{text}");
    assert!(!text.contains("证明材料"), "{text}");

    // No file written when nothing could be listed.
    let target = dir.path().join("清单.html");
    let out = checklist(&[bad.to_str().unwrap(), "-o", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!target.exists());
}

/// A copy of a built-in rubric that keeps its id is held to the built-in standard: an input
/// without `evidence` fails `score check`.
#[test]
fn check_refuses_a_built_in_rubric_with_an_input_without_evidence() {
    let text = std::fs::read_to_string("rubrics/alliance.toml").unwrap();
    let at = text.find("evidence = ").expect("evidence");
    let end = at + text[at..].find('\n').unwrap() + 1;
    let cut = format!("{}{}", &text[..at], &text[end..]);
    let dir = tempfile::tempdir().unwrap();
    let path = common::write(&dir, "alliance.toml", &cut);
    let out = common::score()
        .env("SCORE_LANG", "zh")
        .args(["check", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "错误[missing-evidence]: 内置评分表的数据项 `management_system` 缺少 `evidence`"
        ),
        "{text}"
    );
    // The built-in rubrics themselves pass.
    let out = common::score().arg("check").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// poppler's `pdfinfo` and `pdftotext`, or `None` (skipped loudly) without them.
fn poppler(test: &str, install: &str) -> Option<(PathBuf, PathBuf)> {
    Some((
        find_tool(test, None, &["pdfinfo"], install)?,
        find_tool(test, None, &["pdftotext"], install)?,
    ))
}

/// One page's text, as printed and without whitespace (a PDF breaks lines where it likes).
fn page_text(pdftotext: &Path, pdf: &Path, page: usize) -> (String, String) {
    let page = page.to_string();
    let mut cmd = Command::new(pdftotext);
    cmd.args(["-enc", "UTF-8", "-f", &page, "-l", &page])
        .arg(pdf)
        .arg("-");
    let text = String::from_utf8(run_with_limit(cmd, Duration::from_secs(30)).stdout).unwrap();
    let flat = text.chars().filter(|c| !c.is_whitespace()).collect();
    (text, flat)
}

/// Printed by Chromium with its default settings: one A4 page per applicant, each page its
/// applicant's, and no browser header or footer.
#[test]
fn a_folder_prints_one_a4_page_per_applicant() {
    let test = "checklist::a_folder_prints_one_a4_page_per_applicant";
    let install = "install them with `apt-get install chromium poppler-utils fonts-noto-cjk`";
    let names = ["chromium", "chromium-browser", "google-chrome"];
    let Some(chromium) = find_tool(test, Some("SCORE_CHROMIUM"), &names, install) else {
        return;
    };
    let Some((pdfinfo, pdftotext)) = poppler(test, install) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("清单.html");
    let mut args: Vec<String> = common::RUBRICS
        .iter()
        .map(|r| format!("examples/{r}.toml"))
        .collect();
    args.extend(["-o".into(), html.to_str().unwrap().into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(checklist(&args).status.success());
    let pdf = dir.path().join("清单.pdf");
    chromium_print(&chromium, &html, &pdf, &[]);
    assert!(pdf.is_file(), "no PDF");
    assert_eq!(pdf_pages(&pdfinfo, &pdf), 4, "one page per applicant");
    for (n, rubric) in common::RUBRICS.iter().enumerate() {
        let page = n + 1;
        let (text, flat) = page_text(&pdftotext, &pdf, page);
        assert!(flat.contains("自评证明材料清单"), "{rubric}: {text}");
        assert!(flat.contains(REFERENCE), "{rubric}: {text}");
        let company = json_of(&[&format!("examples/{rubric}.toml")])["company"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            flat.contains(&company),
            "page {page} is {rubric}'s ({company}): {text}"
        );
        assert!(
            !flat.contains("file://") && !flat.contains(".html"),
            "{text}"
        );
    }
}

/// A figure derived from a derived figure asks for the documents of every input behind it: the
/// growth of R&D intensity since the last evaluation is (780 ÷ 26000) − 2.7%.
#[test]
fn a_figure_from_a_figure_asks_for_every_input_behind_it() {
    let json = json_of(&["examples/demonstration-enterprise.toml"]);
    let row = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "rd_intensity_growth")
        .expect("the growth row")
        .clone();
    assert_eq!(row["figure"], "0.3个百分点（3% − 2.7%）");
    let inputs: Vec<&Value> = row["proofs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["inputs"])
        .collect();
    assert_eq!(
        inputs,
        [
            &serde_json::json!(["rd_expense"]),
            &serde_json::json!(["product_sales"]),
            &serde_json::json!(["previous_rd_intensity"]),
        ]
    );
}

/// The templates name the documents beside each figure: a comment in the TOML, the 说明 column
/// of the workbook.
#[test]
fn the_templates_show_each_figures_evidence() {
    let toml = common::score()
        .env("SCORE_LANG", "zh")
        .args(["template", "--rubric", "enterprise-center"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&toml.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("# 企业拥有的全部有效发明专利数"))
        .expect("the patents' comment");
    assert!(
        line.ends_with(
            "证明材料（常见）：发明专利证书；专利年费缴纳凭证或专利法律状态查询页（证明仍有效）"
        ),
        "{line}"
    );

    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("数据.xlsx");
    let out = common::score()
        .env("SCORE_LANG", "zh")
        .args(["template", "--rubric", "alliance", "-o"])
        .arg(&book)
        .output()
        .unwrap();
    assert!(out.status.success());
    use calamine::Reader;
    let mut xlsx: calamine::Xlsx<_> = calamine::open_workbook(&book).expect("opens");
    let name = xlsx.sheet_names()[0].clone();
    let range = xlsx.worksheet_range(&name).unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let note = rows[0]
        .iter()
        .position(|h| h.starts_with("说明"))
        .expect("a 说明 column");
    let key = rows[0]
        .iter()
        .position(|h| h.contains("key") || h.contains("键"))
        .expect("a key column");
    let row = rows
        .iter()
        .find(|r| r[key] == "promotion_events")
        .expect("promotion_events row");
    assert!(
        row[note].contains("证明材料（常见）：活动通知、议程、签到表、照片或媒体报道"),
        "{row:?}"
    );
}

/// A 60-character name.
fn long_name() -> String {
    "甘肃省武威市凉州区示例新材料科技有限责任公司暨西北地区特色农产品深加工产业技术创新联盟示范"
        .repeat(2)
        .chars()
        .take(60)
        .collect()
}

/// The example of a 22-item table with every item claimed and a 60-character name.
fn every_item_claimed(rubric: &str) -> String {
    let text = std::fs::read_to_string(format!("examples/{rubric}.toml")).expect("example");
    let changes: &[(&str, &str)] = match rubric {
        "demonstration-enterprise" => &[
            ("rd_training_cost = 9.5", "rd_training_cost = 20"),
            ("certified_labs = 0", "certified_labs = 2"),
            ("long_projects = 0", "long_projects = 3"),
            ("famous_brands = 0", "famous_brands = 1"),
            ("new_product_projects = 5", "new_product_projects = 8"),
            ("new_product_profit = 260", "new_product_profit = 600"),
            ("export_earnings = 0", "export_earnings = 50"),
            ("national_awards = 0", "national_awards = 1"),
        ],
        _ => &[
            ("breakthrough = false", "breakthrough = true"),
            ("national_award = false", "national_award = true"),
        ],
    };
    let mut out = text;
    for (from, to) in changes {
        assert!(
            out.contains(from),
            "{rubric}: the example changed: `{from}`"
        );
        out = out.replacen(from, to, 1);
    }
    out.lines()
        .map(|l| {
            if l.starts_with("company = ") || l.starts_with("name = ") {
                format!("{} = \"{}\"", &l[..l.find(" =").unwrap()], long_name())
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The fullest checklists (22 items each, every one claimed, a 60-character name) still print on
/// one A4 page per applicant.
#[test]
fn the_fullest_checklists_print_on_one_page_each() {
    let test = "checklist::the_fullest_checklists_print_on_one_page_each";
    let install = "install them with `apt-get install chromium poppler-utils fonts-noto-cjk`";
    let names = ["chromium", "chromium-browser", "google-chrome"];
    let Some(chromium) = find_tool(test, Some("SCORE_CHROMIUM"), &names, install) else {
        return;
    };
    let Some(pdfinfo) = find_tool(test, None, &["pdfinfo"], install) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for rubric in ["demonstration-enterprise", "industry-center"] {
        let path = common::write(&dir, &format!("{rubric}.toml"), &every_item_claimed(rubric));
        let json = json_of(&[path.to_str().unwrap()]);
        assert_eq!(json["rows"].as_array().unwrap().len(), 22, "{rubric}");
        files.push(path.to_str().unwrap().to_string());
    }
    let html = dir.path().join("清单.html");
    let mut args: Vec<&str> = files.iter().map(String::as_str).collect();
    args.extend(["-o", html.to_str().unwrap()]);
    assert!(checklist(&args).status.success());
    let pdf = dir.path().join("清单.pdf");
    chromium_print(&chromium, &html, &pdf, &[]);
    assert!(pdf.is_file(), "no PDF");
    assert_eq!(pdf_pages(&pdfinfo, &pdf), 2, "one page for each of the two");
}

/// The xlsx checklist as LibreOffice prints it: a worksheet per applicant, each on one A4
/// portrait page (the fullest ones too, with a 60-character name), its own company on it, the
/// 页码 column there to fill in, and no file path on paper.
#[test]
fn the_xlsx_checklist_prints_one_a4_page_per_applicant_in_libreoffice() {
    let test = "checklist::the_xlsx_checklist_prints_one_a4_page_per_applicant_in_libreoffice";
    let install =
        "install them with `apt-get install libreoffice-calc-nogui poppler-utils fonts-noto-cjk`";
    let Some(soffice) = find_tool(
        test,
        Some("SCORE_SOFFICE"),
        &["soffice", "libreoffice"],
        install,
    ) else {
        return;
    };
    let Some((pdfinfo, pdftotext)) = poppler(test, install) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<String> = common::RUBRICS
        .iter()
        .map(|r| format!("examples/{r}.toml"))
        .collect();
    let mut companies: Vec<String> = files
        .iter()
        .map(|f| json_of(&[f])["company"].as_str().unwrap().to_string())
        .collect();
    for rubric in ["demonstration-enterprise", "industry-center"] {
        let path = common::write(&dir, &format!("{rubric}.toml"), &every_item_claimed(rubric));
        files.push(path.to_str().unwrap().to_string());
        companies.push(long_name());
    }
    let book = dir.path().join("清单.xlsx");
    let mut args: Vec<&str> = files.iter().map(String::as_str).collect();
    args.extend(["--format", "xlsx", "-o", book.to_str().unwrap()]);
    let out = checklist(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    soffice_convert(&soffice, "pdf", dir.path(), &[&book]);
    let pdf = dir.path().join("清单.pdf");
    assert!(pdf.is_file(), "LibreOffice made no PDF");
    assert_eq!(
        pdf_pages(&pdfinfo, &pdf),
        files.len(),
        "one page per applicant"
    );

    let mut info = Command::new(&pdfinfo);
    info.arg(&pdf);
    let info = String::from_utf8(run_with_limit(info, Duration::from_secs(30)).stdout).unwrap();
    let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
    // `595.304 x 841.89 pts (A4)`: width first, so portrait.
    assert!(
        size.contains("595.") && size.contains("x 841.") && size.contains("(A4)"),
        "A4 portrait: {size}"
    );

    for (n, company) in companies.iter().enumerate() {
        let page = n + 1;
        let (text, flat) = page_text(&pdftotext, &pdf, page);
        for wanted in ["自评证明材料清单", REFERENCE, "页码", company.as_str()] {
            assert!(flat.contains(wanted), "page {page}: no {wanted}: {text}");
        }
        assert!(
            !flat.contains(".toml") && !flat.contains("file://"),
            "{text}"
        );
    }
}
