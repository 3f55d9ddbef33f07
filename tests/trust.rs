//! Issue 23: what reaches paper is true. Each unit slip of tests/fixtures/trust/slip-* warns,
//! naming the suspect figure and its line, and is refused under `--strict`; each true figure
//! (true-*) scores, and those confirmed pass `--strict`; real applicants of every size (real-*)
//! are clean. Every sheet a person reads marks an unconfirmed figure and says what to do.

mod common;

use std::path::{Path, PathBuf};

use calamine::Reader;
use common::{dec, rubric, score};
use score::data::{self, Options};
use score::engine;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/trust")
        .join(name)
}

fn fixtures(prefix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(fixture(""))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".toml"))
        })
        .collect();
    found.sort();
    found
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(path: &Path, args: &[&str]) -> Run {
    let output = score()
        .env("SCORE_LANG", "en")
        .args(args)
        .arg(path)
        .output()
        .expect("runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The 1-based line of `key = …` in a fixture.
fn line_of(path: &Path, key: &str) -> usize {
    let text = std::fs::read_to_string(path).expect("fixture");
    let prefix = format!("{key} = ");
    text.lines()
        .position(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("{} has no `{key} = …`", path.display()))
        + 1
}

/// (fixture, the figure the warning must point at, a phrase it must say)
const SLIPS: &[(&str, &str, &str)] = &[
    (
        "slip-ec-equipment-yuan.toml",
        "rd_equipment_value",
        "typed in 元? 800000 元 = 80 万元",
    ),
    (
        "slip-ic-equipment-yuan.toml",
        "rd_equipment_value",
        "typed in 元? 400000 元 = 40 万元",
    ),
    (
        "slip-de-equipment-yuan.toml",
        "rd_equipment_value",
        "typed in 元? 900000 元 = 90 万元",
    ),
    (
        "slip-ic-service-yuan.toml",
        "service_revenue",
        "typed in 元? 900000 元 = 90 万元",
    ),
    (
        "slip-de-cashflow-yuan.toml",
        "net_cash_flow",
        "typed in 元? 500000 元 = 50 万元",
    ),
    (
        "slip-ic-new-sales-yuan.toml",
        "new_product_sales",
        "typed in 元? 26000000 元 = 2600 万元",
    ),
    (
        "slip-al-new-sales-yuan.toml",
        "new_product_sales",
        "typed in 元? 43000000 元 = 4300 万元",
    ),
    (
        "slip-ec-small-revenue-yuan.toml",
        "main_revenue",
        "typed in 元? 3000000 元 = 300 万元",
    ),
    (
        "slip-ec-rd-yi.toml",
        "rd_expense",
        "typed in 亿元? 0.086 亿元 = 860 万元",
    ),
    (
        "slip-ic-investment-yi.toml",
        "rd_investment",
        "`investment_per_rd_staff`",
    ),
    (
        "slip-ec-rd-tenfold.toml",
        "rd_expense",
        "`rd_expense_per_rd_staff`",
    ),
];

#[test]
fn the_fixtures_are_the_listed_ones() {
    let listed: Vec<&str> = SLIPS.iter().map(|s| s.0).collect();
    for path in fixtures("slip-") {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        assert!(listed.contains(&name), "{name} is not in SLIPS");
    }
}

#[test]
fn each_slip_warns_naming_the_figure_and_its_line() {
    for &(name, key, phrase) in SLIPS {
        let path = fixture(name);
        let r = run(&path, &["--format", "json"]);
        assert_eq!(r.code, Some(0), "{name}: still scored\n{}", r.stderr);
        let place = format!("{}:{}:", path.display(), line_of(&path, key));
        assert!(
            r.stderr.contains("warning[implausible]") && r.stderr.contains(&place),
            "{name}: no warning at {place}\n{}",
            r.stderr
        );
        assert!(
            r.stderr.contains(phrase),
            "{name}: `{phrase}` in\n{}",
            r.stderr
        );
        let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
        let checks = json["checks"].as_array().expect("checks");
        let line = format!("line {}", line_of(&path, key));
        assert!(
            checks.iter().any(|c| c["keys"][0] == key
                && c["place"] == line.as_str()
                && c["confirmed"] == false),
            "{name}: {checks:#?}"
        );
    }
}

#[test]
fn each_slip_is_refused_under_strict_with_a_way_out() {
    for &(name, key, _) in SLIPS {
        let r = run(&fixture(name), &["--strict"]);
        assert_eq!(r.code, Some(1), "{name}: --strict refuses it\n{}", r.stderr);
        assert!(
            r.stderr.contains("error[implausible]") && r.stderr.contains(&format!("`{key}`")),
            "{name}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("confirmed = ["), "{name}: {}", r.stderr);
    }
}

/// A slip changes the score: the fixture scores as the issue says it would if unnoticed, so the
/// warning is what stands between it and the paper.
#[test]
fn the_slips_would_change_the_score() {
    let r = rubric("enterprise-center");
    let read = |name: &str| {
        let text = std::fs::read_to_string(fixture(name)).expect("fixture");
        let data = data::load_str(&r, score::diag::Source::new(name, text), Options::default())
            .expect("reads");
        engine::score(&r, &data)
    };
    let sheet = read("slip-ec-equipment-yuan.toml");
    assert_eq!(common::points(&sheet, "equipment_value"), dec("5"));
    let slip = read("slip-ec-small-revenue-yuan.toml");
    let real = read("real-ec-small-firm.toml");
    assert_eq!(slip.eligible, Some(false));
    assert_eq!(real.eligible, Some(true));
}

#[test]
fn real_applicants_of_every_size_are_clean_under_strict() {
    let real = fixtures("real-");
    assert!(real.len() >= 5, "{real:?}");
    for path in real {
        let r = run(&path, &["--strict", "--format", "json"]);
        assert_eq!(r.code, Some(0), "{}: {}", path.display(), r.stderr);
        assert!(
            !r.stderr.contains("implausible"),
            "{}: {}",
            path.display(),
            r.stderr
        );
        let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
        assert_eq!(json["checks"], serde_json::json!([]), "{}", path.display());
    }
}

#[test]
fn true_figures_score_and_confirmed_ones_pass_strict() {
    for path in fixtures("true-") {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let r = run(&path, &["--format", "json"]);
        assert_eq!(r.code, Some(0), "{name}: scores\n{}", r.stderr);
        let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
        let checks = json["checks"].as_array().expect("checks").clone();
        let strict = run(&path, &["--strict"]);
        if name.contains("-confirmed") {
            assert!(
                !checks.is_empty(),
                "{name}: the unusual figure is still listed"
            );
            assert!(
                checks.iter().all(|c| c["confirmed"] == true),
                "{name}: {checks:#?}"
            );
            assert!(!r.stderr.contains("implausible"), "{name}: {}", r.stderr);
            assert_eq!(
                strict.code,
                Some(0),
                "{name}: --strict passes\n{}",
                strict.stderr
            );
        } else if name == "true-de-previous-0.9.toml" {
            assert!(checks.is_empty(), "{name}: 0.9 is 0.9%: {checks:#?}");
            assert_eq!(strict.code, Some(0), "{name}: {}", strict.stderr);
        }
    }
}

#[test]
fn new_product_profit_above_product_profit_and_a_loss_score() {
    let r = rubric("demonstration-enterprise");
    let read = |name: &str| {
        let text = std::fs::read_to_string(fixture(name)).expect("fixture");
        let data = data::load_str(&r, score::diag::Source::new(name, text), Options::default())
            .unwrap_or_else(|e| panic!("{name} refused: {e}"));
        engine::score(&r, &data)
    };
    // 300 ÷ 200 = 150% > 15%: met (11 points), with a warning that it is unusual.
    let above = read("true-de-new-profit-above.toml");
    assert_eq!(
        common::points(&above, "new_product_profit_share"),
        dec("11")
    );
    assert!(
        above
            .checks
            .iter()
            .any(|c| c.keys == ["new_product_profit", "product_profit"])
    );
    // A loss: scored, and a share of a loss is not met.
    let loss = read("true-de-product-loss.toml");
    assert_eq!(common::points(&loss, "new_product_profit_share"), dec("0"));
    // Both negative would make a positive share: still not met.
    let both =
        "rubric = \"demonstration-enterprise\"\nnew_product_profit = -50\nproduct_profit = -100\n";
    let data = data::load_str(
        &r,
        score::diag::Source::new("both.toml", both),
        Options::default(),
    )
    .expect("reads");
    let sheet = engine::score(&r, &data);
    assert_eq!(common::points(&sheet, "new_product_profit_share"), dec("0"));
}

#[test]
fn an_unknown_confirmed_key_is_an_error_with_a_did_you_mean() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(fixture("true-ec-holding.toml"))
        .expect("fixture")
        .replacen("\n[", "\nconfirmed = [\"total_proft\"]\n\n[", 1);
    let path = common::write(&dir, "d.toml", &text);
    let r = run(&path, &[]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("`total_proft` in `confirmed`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("total_profit"), "{}", r.stderr);
    let text = text.replace("[\"total_proft\"]", "\"total_profit\"");
    let path = common::write(&dir, "e.toml", &text);
    let r = run(&path, &[]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("`confirmed` should be a list"),
        "{}",
        r.stderr
    );
}

/// A confirmation must name every figure of the finding: one of two is not enough.
#[test]
fn a_half_confirmed_finding_is_still_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(fixture("true-ec-holding-confirmed.toml"))
        .expect("fixture")
        .replace("[\"total_profit\", \"main_revenue\"]", "[\"total_profit\"]");
    let path = common::write(&dir, "d.toml", &text);
    assert_eq!(run(&path, &["--strict"]).code, Some(1));
}

// ------------------------------------------------------------------ the sheets a person reads

const SLIP: &str = "slip-ec-equipment-yuan.toml";
const CLEAN: &str = "real-ec-small-firm.toml";
const CONFIRMED: &str = "true-ec-holding-confirmed.toml";

fn sheet_text(name: &str, format: &str) -> String {
    let r = score()
        .env("SCORE_LANG", "zh")
        .args(["--format", format])
        .arg(fixture(name))
        .output()
        .expect("runs");
    String::from_utf8_lossy(&r.stdout).into_owned()
}

fn assert_flagged(format: &str, text: &str) {
    // Markdown escapes `_` and the like.
    let text = &text.replace('\\', "");
    assert!(text.contains("数据待核实"), "{format}: no note\n{text}");
    assert!(text.contains("※"), "{format}: no mark\n{text}");
    assert!(text.contains("第 20 行"), "{format}: the line\n{text}");
    assert!(
        text.contains("rd_equipment_value = 80"),
        "{format}: the fix\n{text}"
    );
    assert!(
        text.contains("confirmed"),
        "{format}: how to confirm\n{text}"
    );
}

fn assert_clean(format: &str, text: &str) {
    assert!(!text.contains("数据待核实"), "{format}: {text}");
    assert!(!text.contains("※"), "{format}: {text}");
    assert!(!text.contains("已核实（"), "{format}: {text}");
}

#[test]
fn text_sheets_carry_every_unconfirmed_warning_and_stay_clean_otherwise() {
    for format in ["table", "html", "markdown"] {
        assert_flagged(format, &sheet_text(SLIP, format));
        assert_clean(format, &sheet_text(CLEAN, format));
        let confirmed = sheet_text(CONFIRMED, format);
        assert!(confirmed.contains("已核实（"), "{format}: {confirmed}");
        assert!(!confirmed.contains("数据待核实"), "{format}: {confirmed}");
    }
    // The mark sits on the suspect row, not elsewhere.
    let html = sheet_text(SLIP, "html");
    let row = html
        .lines()
        .find(|l| l.contains("企业技术开发仪器设备原值"))
        .expect("equipment row");
    assert!(row.contains("※"), "{row}");
    assert_eq!(html.matches("<span class=\"flag\">").count(), 1, "{html}");
}

fn xlsx_text(name: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("s.xlsx");
    let r = score()
        .env("SCORE_LANG", "zh")
        .args(["--format", "xlsx", "-o"])
        .arg(&out)
        .arg(fixture(name))
        .output()
        .expect("runs");
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).expect("opens");
    let mut text = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        for row in range.rows() {
            for cell in row {
                text.push_str(&cell.to_string());
                text.push('\t');
            }
            text.push('\n');
        }
    }
    text
}

#[test]
fn the_workbook_sheet_carries_every_unconfirmed_warning_and_stays_clean_otherwise() {
    assert_flagged("xlsx", &xlsx_text(SLIP));
    assert_clean("xlsx", &xlsx_text(CLEAN));
    let confirmed = xlsx_text(CONFIRMED);
    assert!(confirmed.contains("已核实（"), "{confirmed}");
}

// ------------------------------------------------------------------ kinds left out of a counts table

#[test]
fn kinds_left_out_of_a_counts_table_warn_and_are_refused_under_strict() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (id, text) in [
        ("alliance", "talents = { national = 1 }\n"),
        ("industry-center", "[talents]\nnational = 1\n"),
    ] {
        let path = common::write(
            &dir,
            &format!("{id}.toml"),
            &format!("rubric = \"{id}\"\n{text}"),
        );
        let r = run(&path, &["--format", "json"]);
        assert_eq!(r.code, Some(0), "{id}: {}", r.stderr);
        let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
        let warnings = json["warnings"].to_string();
        assert!(
            warnings
                .contains("`talents` leaves out `academician`, `provincial_leader`, counted as 0"),
            "{id}: {warnings}"
        );
        let strict = run(&path, &["--strict"]);
        assert_eq!(strict.code, Some(1), "{id}");
        assert!(
            strict
                .stderr
                .contains("error[missing-key]: `talents` leaves out"),
            "{id}: {}",
            strict.stderr
        );
    }
}

// ------------------------------------------------------------------ 已核实 in a workbook

/// A one-company workbook of the example firm's figures with the holding firm's profit (above
/// its revenue), the profit and revenue rows' `已核实 confirmed` cells as given.
fn holding_workbook(dir: &tempfile::TempDir, profit: &str, revenue: &str) -> PathBuf {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/enterprise-center.toml"),
    )
    .expect("example");
    let table: toml::Table = text.parse().expect("TOML");
    let mut rows: Vec<(String, String)> = Vec::new();
    for (key, value) in &table {
        match value {
            toml::Value::Table(kinds) => {
                for (kind, n) in kinds {
                    rows.push((format!("{key}.{kind}"), n.to_string()));
                }
            }
            toml::Value::String(s) => rows.push((key.clone(), s.clone())),
            other => rows.push((key.clone(), other.to_string())),
        }
    }
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["键 key", "数值 value", "已核实 confirmed"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    for (r, (key, value)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        let (value, confirmed) = match key.as_str() {
            "total_profit" => ("40000", profit),
            "main_revenue" => (value.as_str(), revenue),
            _ => (value.as_str(), ""),
        };
        ws.write_string(r, 0, key).expect("write");
        match value.parse::<f64>() {
            Ok(n) => ws.write_number(r, 1, n),
            Err(_) => ws.write_string(r, 1, value),
        }
        .expect("write");
        ws.write_string(r, 2, confirmed).expect("write");
    }
    let path = dir.path().join(format!("holding-{profit}-{revenue}.xlsx"));
    book.save(&path).expect("save");
    path
}

/// The 1-based row of `key` in a workbook made by [`holding_workbook`].
fn row_of(path: &Path, key: &str) -> usize {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).expect("opens");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).expect("sheet");
    range.rows().position(|r| r[0] == key).expect("row") + 1
}

#[test]
fn a_workbook_confirms_figures_in_its_confirmed_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Both figures of the finding marked 是: no warning, and --strict passes.
    let both = holding_workbook(&dir, "是", "是");
    let r = run(&both, &["--format", "json"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let checks = json["checks"].as_array().expect("checks");
    assert!(
        checks
            .iter()
            .any(|c| c["keys"][0] == "total_profit" && c["confirmed"] == true),
        "{checks:#?}"
    );
    assert!(!r.stderr.contains("implausible"), "{}", r.stderr);
    assert_eq!(run(&both, &["--strict"]).code, Some(0));
    // One of the two marked 否: still a warning, refused under --strict, pointing at the cell.
    let half = holding_workbook(&dir, "是", "否");
    let r = run(&half, &["--strict"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let cell = format!("!B{}", row_of(&half, "total_profit"));
    assert!(
        r.stderr.contains(&cell),
        "the profit cell {cell}: {}",
        r.stderr
    );
    // Anything but 是 or 否 is an error at its cell.
    let odd = holding_workbook(&dir, "maybe", "");
    let r = run(&odd, &[]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let cell = format!("!C{}", row_of(&odd, "total_profit"));
    assert!(
        r.stderr.contains(&cell) && r.stderr.contains("maybe"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_workbook_template_has_a_confirmed_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("t.xlsx");
    let r = score()
        .args([
            "template",
            "--rubric",
            "enterprise-center",
            "--format",
            "xlsx",
            "-o",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(r.status.code(), Some(0));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).expect("opens");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).expect("sheet");
    let header: Vec<String> = range
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(header.iter().any(|h| h == "已核实 confirmed"), "{header:?}");
    // The unedited template still scores (its 已核实 cells are empty).
    let r = score().arg(&out).output().expect("runs");
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
}
