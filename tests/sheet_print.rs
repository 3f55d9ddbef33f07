//! Every sheet prints clean from a browser with default settings (issue 24): Chromium's
//! print-to-pdf *without* `--no-pdf-header-footer` adds nothing (no date, no title, no
//! `file://` path), the printed form has no "由 score … 生成" line, and each of the four tables
//! fits one A4 page with a 60-character applicant name and figures a thousand times the
//! examples'.
//!
//! Needs `chromium` and `poppler-utils` (skipped loudly without them, failing under `CI=true` or
//! `SCORE_REQUIRE_TOOLS=1`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::tools::{chromium_print, find_tool, pdf_pages, run_with_limit};
use rust_decimal::Decimal;

const INSTALL: &str = "install them with `apt-get install chromium poppler-utils fonts-noto-cjk`";

/// A 60-character name.
fn long_name() -> String {
    "甘肃省武威市凉州区示例新材料科技有限责任公司暨西北地区特色农产品深加工产业技术创新联盟示范"
        .repeat(2)
        .chars()
        .take(60)
        .collect()
}

/// `value` a thousand times over, as written (`860` → `860000`, `3.2` → `3200.0`).
fn big(value: &str) -> String {
    let v: Decimal = value.parse().expect("a number");
    (v * Decimal::from(1000)).to_string()
}

/// The example with the long name and every nonzero figure (bare or with a money unit) × 1000:
/// parts and wholes grow alike, so the file still scores.
fn worst_case(rubric: &str) -> String {
    let text = std::fs::read_to_string(format!("examples/{rubric}.toml")).expect("example");
    let name = long_name();
    let mut out = Vec::new();
    // Figures this large look like a unit slip: the applicant confirms them (as on any sheet
    // that is stamped, no 数据待核实 note is left), listed before the first `[table]`.
    let mut confirmed = Vec::new();
    let mut section = None;
    for line in text.lines() {
        if let Some(table) = line.strip_prefix('[') {
            section = table.split(']').next().map(str::to_string);
        }
        let Some((key, rest)) = line.split_once(" = ") else {
            out.push(line.to_string());
            continue;
        };
        let value = rest.split('#').next().unwrap_or_default().trim();
        let number = |s: &str| s.parse::<Decimal>().ok().filter(|v| !v.is_zero());
        let line = if key == "company" || key == "name" {
            format!("{key} = \"{name}\"")
        } else if key == "year" {
            line.to_string()
        } else if number(value).is_some() {
            confirmed.push(section.clone().unwrap_or_else(|| key.to_string()));
            format!("{key} = {}", big(value))
        } else if let Some((n, unit)) = value
            .trim_matches('"')
            .split_once(|c: char| !c.is_ascii_digit() && c != '.')
            .map(|(n, _)| (n, &value.trim_matches('"')[n.len()..]))
            .filter(|(n, unit)| number(n).is_some() && ["万元", "亿元", "元"].contains(unit))
        {
            confirmed.push(section.clone().unwrap_or_else(|| key.to_string()));
            format!("{key} = \"{}{unit}\"", big(n))
        } else {
            line.to_string()
        };
        out.push(line);
    }
    confirmed.dedup();
    let list: Vec<String> = confirmed.iter().map(|k| format!("\"{k}\"")).collect();
    format!("confirmed = [{}]\n{}", list.join(", "), out.join("\n"))
}

fn print_default(chromium: &Path, html: &Path) -> PathBuf {
    let pdf = html.with_extension("pdf");
    // The browser's defaults: no `--no-pdf-header-footer`.
    chromium_print(chromium, html, &pdf, &[]);
    assert!(pdf.is_file(), "no PDF for {}", html.display());
    pdf
}

#[test]
fn every_sheet_prints_on_one_clean_page_with_a_long_name_and_large_figures() {
    let test = "sheet_print::every_sheet_prints_on_one_clean_page";
    let names = ["chromium", "chromium-browser", "google-chrome"];
    let Some(chromium) = find_tool(test, Some("SCORE_CHROMIUM"), &names, INSTALL) else {
        return;
    };
    let (Some(pdfinfo), Some(pdftotext)) = (
        find_tool(test, None, &["pdfinfo"], INSTALL),
        find_tool(test, None, &["pdftotext"], INSTALL),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    for rubric in common::RUBRICS {
        let data = dir.path().join(format!("{rubric}.toml"));
        std::fs::write(&data, worst_case(rubric)).expect("write");
        let html = dir.path().join(format!("{rubric}.html"));
        let output = common::score()
            .env("SCORE_LANG", "zh")
            .args(["--format", "html", "-o"])
            .arg(&html)
            .arg(&data)
            .output()
            .expect("run");
        assert!(
            output.status.success(),
            "{rubric}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let page = std::fs::read_to_string(&html).expect("html");
        if rubric == "enterprise-center" {
            // The example's 860万元 of R&D, a thousand times over.
            assert!(page.contains("860000"), "large figures on the sheet");
        }
        assert!(
            page.contains("<meta name=\"generator\" content=\"score\">"),
            "{rubric}"
        );
        let pdf = print_default(&chromium, &html);
        assert_eq!(pdf_pages(&pdfinfo, &pdf), 1, "{rubric}: one A4 page");
        let mut cmd = Command::new(&pdftotext);
        cmd.args(["-enc", "UTF-8"]).arg(&pdf).arg("-");
        let text =
            String::from_utf8(run_with_limit(cmd, Duration::from_secs(30)).stdout).expect("UTF-8");
        let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            !flat.contains("file://") && !flat.contains(".html"),
            "{rubric}: {text}"
        );
        assert!(
            !flat.contains("由score"),
            "{rubric}: no footer on the form\n{text}"
        );
        assert!(
            flat.contains(&long_name()),
            "{rubric}: the whole name\n{text}"
        );
        assert!(
            flat.contains("申报单位（盖章）"),
            "{rubric}: the seal line\n{text}"
        );
    }
}
