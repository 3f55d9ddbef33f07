//! The xlsx score sheet printed as LibreOffice prints it: one A4 page per table, the company's
//! long name and the data year whole, both gate lines, headings broken as the notice breaks them
//! (`权重` / `（分）`, never `权重（分` / `）`), 附件3 ending at 评价结果 with one 总 分 row, and no
//! raw data key (`famous_brands`) nor file path on paper, even for a near-empty file.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::tools::{find_tool, run_with_limit, soffice_convert};

const LONG: &str = "武威示例新材料科技有限公司甘肃省河西走廊新能源装备研究院分院第一分公司";

struct Tools {
    soffice: std::path::PathBuf,
    pdftotext: std::path::PathBuf,
}

fn tools() -> Option<Tools> {
    let test = "xlsx_sheet_through_libreoffice";
    Some(Tools {
        soffice: find_tool(
            test,
            Some("SCORE_SOFFICE"),
            &["soffice", "libreoffice"],
            "apt-get install libreoffice-calc-nogui",
        )?,
        pdftotext: find_tool(test, None, &["pdftotext"], "apt-get install poppler-utils")?,
    })
}

/// Every workbook in `dir` as a PDF, in one LibreOffice run with a fresh profile.
fn convert(tools: &Tools, dir: &Path, books: &[&str]) {
    let books: Vec<_> = books.iter().map(|b| dir.join(b)).collect();
    soffice_convert(&tools.soffice, "pdf", dir, &books);
}

/// The PDF's pages, `-raw` (each cell's lines in order).
fn pages(tools: &Tools, pdf: &Path) -> Vec<String> {
    let mut text = Command::new(&tools.pdftotext);
    text.arg("-raw").arg(pdf).arg("-");
    let out = run_with_limit(text, Duration::from_secs(60));
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_string)
        .collect()
}

fn flat(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn score(dir: &Path, args: &[&str]) {
    let out = common::score()
        .env("SCORE_LANG", "zh")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_xlsx_sheet_prints_clean_on_one_page() {
    let Some(tools) = tools() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut books = Vec::new();
    for id in common::RUBRICS {
        let example =
            std::fs::read_to_string(root.join(format!("examples/{id}.toml"))).expect("example");
        // The applicant's name, however the example writes it, made 36 characters long.
        let named = example
            .lines()
            .map(|l| {
                if l.starts_with("company =") || l.starts_with("name =") {
                    format!("company = \"{LONG}\"")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        common::write(&dir, &format!("{id}.toml"), &named);
        common::write(
            &dir,
            &format!("near-{id}.toml"),
            &format!("rubric = \"{id}\"\n"),
        );
        for name in [id.to_string(), format!("near-{id}")] {
            let book = format!("{name}.xlsx");
            score(dir.path(), &[&format!("{name}.toml"), "-o", &book]);
            books.push(book);
        }
    }
    let names: Vec<&str> = books.iter().map(String::as_str).collect();
    convert(&tools, dir.path(), &names);
    for book in &books {
        let pdf = dir.path().join(book.replace(".xlsx", ".pdf"));
        let pages = pages(&tools, &pdf);
        assert_eq!(pages.len(), 1, "{book}: {} pages", pages.len());
        let page = &pages[0];
        let text = flat(page);
        let near = book.starts_with("near-");
        if !near {
            assert!(
                text.contains(&format!("申报单位：{LONG}")),
                "{book}: the name clipped:\n{page}"
            );
        }
        assert!(text.contains("数据年度："), "{book}:\n{page}");
        // No data key, file name or program line on the stamped page.
        for bad in ["_", ".toml", "score", "`"] {
            assert!(!page.contains(bad), "{book}: `{bad}` on paper:\n{page}");
        }
        // Headings broken only between words: no line is a lone closing bracket or an open one.
        for line in page.lines() {
            let line = line.trim();
            assert!(
                line != "）" && !line.ends_with("（分"),
                "{book}: `{line}`:\n{page}"
            );
        }
        if book == "enterprise-center.xlsx" {
            for gate in [
                "年度研究与试验发展经费支出额不低于200万元",
                "研发经费支出占主营业务收入的比重不低于2%",
            ] {
                assert!(
                    text.contains(gate),
                    "{book}: gate line `{gate}` cut:\n{page}"
                );
            }
            assert!(text.contains("权重（分）"), "{book}:\n{page}");
        }
        if book.contains("demonstration-enterprise") {
            assert!(
                !text.contains("满分"),
                "{book}: 附件3 has one 总 分 row:\n{page}"
            );
            assert_eq!(text.matches("总分").count(), 1, "{book}:\n{page}");
        }
        if book.contains("industry-center") {
            // 附件2 prints these two weights without 分, as the notice does.
            for weight in ["服务业绩（27）", "经济效益（16）", "科研投入（9分）"]
            {
                assert!(text.contains(weight), "{book}: no {weight}:\n{page}");
            }
        }
    }
}
