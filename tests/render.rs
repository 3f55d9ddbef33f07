//! Every output format on every example (insta snapshots, reviewed by eye), and the properties a
//! snapshot cannot state: CSV opens as UTF-8 and neutralises formulas, Markdown cells cannot break
//! the table, HTML escapes what it is given and fetches nothing, colour only when asked.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{RUBRICS, rubric};
use rust_decimal::Decimal;
use score::data::{self, Options};
use score::diag::Source;
use score::engine;
use score::render::{self, Format, Settings};
use score::sheet::{Lang, Sheet};

/// The sheet of `examples/<id>.toml`, named as the command line would name it.
fn example(id: &str) -> Sheet {
    let r = rubric(id);
    let path = format!("examples/{id}.toml");
    match data::load_file(&r, Path::new(&path), Options::default()) {
        Ok(data) => engine::score(&r, &data),
        Err(failed) => panic!("example `{path}` refused:\n{failed}"),
    }
}

/// The sheet of data text, named `name`.
fn sheet_from(id: &str, name: &str, text: &str) -> Sheet {
    let r = rubric(id);
    match data::load_str(&r, Source::new(name, text), Options::default()) {
        Ok(data) => engine::score(&r, &data),
        Err(failed) => panic!("data refused:\n{failed}"),
    }
}

/// An example with its company renamed (the `company` or `name` line replaced).
fn example_named(id: &str, company: &str) -> Sheet {
    let path = format!("examples/{id}.toml");
    let text = std::fs::read_to_string(&path).expect("example readable");
    let quoted = format!("{company:?}");
    let mut replaced = false;
    let text: String = text
        .lines()
        .map(|line| {
            if !replaced && (line.starts_with("company =") || line.starts_with("name =")) {
                replaced = true;
                let key = line.split('=').next().unwrap_or_default().trim();
                format!("{key} = {quoted}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    assert!(replaced, "`{path}` names no company");
    sheet_from(id, &path, &text)
}

fn settings(lang: Lang, explain: bool) -> Settings {
    Settings {
        lang,
        explain,
        color: false,
        multiple: false,
        width: None,
    }
}

fn render(format: Format, settings: Settings, sheets: &[Sheet]) -> String {
    let bytes = render::to_bytes(format, settings, sheets);
    String::from_utf8(bytes).expect("every format writes UTF-8")
}

const BOM: &str = "\u{feff}";

// ------------------------------------------------------------------ snapshots, every example

fn snapshot_all(format: Format, lang: Lang, explain: bool, label: &str) {
    for id in RUBRICS {
        let out = render(format, settings(lang, explain), &[example(id)]);
        let out = out.strip_prefix(BOM).unwrap_or(&out).to_string();
        insta::assert_snapshot!(format!("{label}__{id}"), out);
    }
}

#[test]
fn table_zh() {
    snapshot_all(Format::Table, Lang::Zh, false, "table_zh");
}

#[test]
fn table_zh_explain() {
    snapshot_all(Format::Table, Lang::Zh, true, "table_zh_explain");
}

#[test]
fn table_en_explain() {
    snapshot_all(Format::Table, Lang::En, true, "table_en_explain");
}

#[test]
fn csv_zh() {
    snapshot_all(Format::Csv, Lang::Zh, false, "csv_zh");
}

#[test]
fn csv_en() {
    snapshot_all(Format::Csv, Lang::En, false, "csv_en");
}

#[test]
fn markdown_zh() {
    snapshot_all(Format::Markdown, Lang::Zh, false, "markdown_zh");
}

#[test]
fn markdown_en_explain() {
    snapshot_all(Format::Markdown, Lang::En, true, "markdown_en_explain");
}

#[test]
fn html_zh() {
    snapshot_all(Format::Html, Lang::Zh, false, "html_zh");
}

#[test]
fn html_en_explain() {
    snapshot_all(Format::Html, Lang::En, true, "html_en_explain");
}

// ------------------------------------------------------------------ several files

fn two_companies() -> Vec<Sheet> {
    vec![
        example("enterprise-center"),
        example_named("enterprise-center", "武威第二示例科技有限公司"),
    ]
}

fn multiple() -> Settings {
    Settings {
        multiple: true,
        ..settings(Lang::Zh, false)
    }
}

#[test]
fn several_files_give_one_sheet_each_in_every_format() {
    let sheets = two_companies();
    let names = ["武威示例新材料科技有限公司", "武威第二示例科技有限公司"];
    for format in [Format::Table, Format::Csv, Format::Markdown, Format::Html] {
        let out = render(format, multiple(), &sheets);
        for name in names {
            assert!(out.contains(name), "{format:?} lacks `{name}`");
        }
        // Each sheet's total (54.5 both, the second is the same figures) is there twice.
        let totals = match format {
            Format::Table => out.matches("│ 总分").count(),
            Format::Csv => out.lines().filter(|l| l.contains(",总分,")).count(),
            Format::Markdown => out.matches("| **总分** |").count(),
            Format::Html => out.matches("<tr class=\"sum grand\">").count(),
            _ => unreachable!(),
        };
        assert_eq!(totals, 2, "{format:?} should print two totals");
    }
}

#[test]
fn several_files_csv_has_one_bom_and_one_header() {
    let out = render(Format::Csv, multiple(), &two_companies());
    assert!(out.starts_with(BOM));
    assert_eq!(out.matches(BOM).count(), 1);
    assert_eq!(out.matches("评分表,数据文件,申报单位").count(), 1);
    let mut reader = csv::Reader::from_reader(out.trim_start_matches(BOM).as_bytes());
    let companies: std::collections::BTreeSet<String> = reader
        .records()
        .map(|r| r.expect("record")[2].to_string())
        .collect();
    assert_eq!(companies.len(), 2, "{companies:?}");
}

#[test]
fn several_files_markdown_has_a_section_each() {
    let out = render(Format::Markdown, multiple(), &two_companies());
    assert_eq!(out.matches("\n## 甘肃省企业技术中心自评表").count() + 1, 2);
    assert_eq!(out.matches("\n---\n").count(), 1);
}

#[test]
fn several_files_html_is_one_document_with_a_page_each() {
    let out = render(Format::Html, multiple(), &two_companies());
    assert_eq!(out.matches("<!DOCTYPE html>").count(), 1);
    assert_eq!(out.matches("</html>").count(), 1);
    assert_eq!(out.matches("<section class=\"sheet\">").count(), 2);
    assert!(out.contains(".sheet + .sheet { break-before: page;"));
}

#[test]
fn no_sheet_writes_nothing() {
    // Every file refused: CSV and HTML print not even a header (nothing on stdout for a bad file).
    for format in [Format::Csv, Format::Html, Format::Markdown] {
        assert_eq!(render(format, multiple(), &[]), "", "{format:?}");
    }
}

// ------------------------------------------------------------------ CSV

const HOSTILE: &str = "=HYPERLINK(\"http://x\")";

#[test]
fn csv_neutralises_a_hostile_company_and_parses_back() {
    let sheet = example_named("enterprise-center", HOSTILE);
    let bytes = render::to_bytes(
        Format::Csv,
        settings(Lang::Zh, false),
        std::slice::from_ref(&sheet),
    );
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 byte-order mark first"
    );
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");

    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("header").clone();
    assert_eq!(header.len(), 16);
    assert_eq!(&header[2], "申报单位");
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    // Items, group subtotals, category subtotals, base, bonus, total, gates.
    let expected = sheet.items.len() + sheet.groups.len() + sheet.categories.len() + 3 + 2;
    assert_eq!(records.len(), expected);
    for record in &records {
        assert_eq!(record.len(), 16, "ragged row {record:?}");
        assert_eq!(&record[2], format!("'{HOSTILE}"));
        for cell in record {
            if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                let number = cell.strip_suffix('%').unwrap_or(cell);
                assert!(
                    number.parse::<Decimal>().is_ok(),
                    "cell `{cell}` could run as a formula"
                );
            }
        }
    }
    // The item rows carry the exact points; the total row the total.
    let total = records
        .iter()
        .find(|r| &r[4] == "总分")
        .expect("a total row");
    assert_eq!(&total[11], "54.5");
    assert_eq!(&total[12], "105");
    let intensity = records
        .iter()
        .find(|r| &r[7] == "rd_intensity")
        .expect("rd_intensity row");
    assert_eq!(&intensity[9], "0.026875");
    assert_eq!(&intensity[10], "2.6875%");
    assert_eq!(&intensity[11], "2");
}

#[test]
fn csv_keeps_negative_numbers_numbers_and_neutralises_text() {
    let sheet = sheet_from(
        "enterprise-center",
        "loss.toml",
        "company = \"-亏损公司\"\nyear = 2023\nrd_expense = 400\nmain_revenue = 10000\n\
         total_profit = -20\nrd_staff = 10\ntotal_staff = 100\n",
    );
    let out = render(Format::Csv, settings(Lang::Zh, false), &[sheet]);
    let mut reader = csv::Reader::from_reader(out.trim_start_matches(BOM).as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    let margin = records
        .iter()
        .find(|r| &r[7] == "profit_margin")
        .expect("profit_margin row");
    // -20 / 10000: a number, untouched, in both the exact and the shown column.
    assert_eq!(&margin[9], "-0.002");
    assert_eq!(&margin[10], "-0.2%");
    assert_eq!(&margin[11], "0");
    // A company name that merely starts with a minus is text: neutralised.
    assert_eq!(&margin[2], "'-亏损公司");
}

#[test]
fn csv_header_is_english_under_lang_en() {
    let out = render(
        Format::Csv,
        settings(Lang::En, false),
        &[example("alliance")],
    );
    let first = out
        .trim_start_matches(BOM)
        .lines()
        .next()
        .unwrap_or_default();
    assert_eq!(
        first,
        "rubric,data file,applicant,data year,row,category,group,item id,item,value,figure,\
         points,max,bonus item,met,working"
    );
    assert!(
        !first
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    );
}

// ------------------------------------------------------------------ Markdown

/// Unescaped `|` in a Markdown line: the number of cell borders.
fn borders(line: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => count += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    count
}

#[test]
fn markdown_cells_cannot_break_the_table_or_inject_markup() {
    let hostile = "A|B *c* <img src=x onerror=alert(1)> [l](http://x)";
    for id in RUBRICS {
        let sheet = example_named(id, hostile);
        let out = render(Format::Markdown, settings(Lang::Zh, true), &[sheet]);
        let rows: Vec<&str> = out.lines().filter(|l| l.starts_with('|')).collect();
        let width = borders(rows[0]);
        for row in &rows {
            assert_eq!(
                borders(row),
                width,
                "`{row}` has a cell too many or too few"
            );
        }
        for (i, _) in out.match_indices('<') {
            let escaped = out[..i].ends_with('\\');
            assert!(
                escaped || out[i..].starts_with("<br>"),
                "raw HTML at {}",
                &out[i..]
            );
        }
        assert!(out.contains("A\\|B \\*c\\* \\<img src=x onerror=alert(1)> \\[l\\](http://x)"));
    }
}

#[test]
fn markdown_has_subtotals_total_gates_and_no_warnings() {
    let sheet = sheet_from(
        "enterprise-center",
        "thin.toml",
        "company = \"少填公司\"\nrd_expense = 150\nmain_revenue = 10000\n",
    );
    let out = render(Format::Markdown, settings(Lang::Zh, false), &[sheet]);
    assert!(out.contains("| *小计 · 创新经费* |"));
    assert!(out.contains("| **总分** |"));
    assert!(out.contains("**申报条件：不符合申报条件**"));
    assert!(out.contains("- ❌ 年度研究与试验发展经费支出额不低于 200 万元："));
    // The sheet is only the sheet: warnings go to stderr and JSON (issue 12).
    assert!(!out.contains("警告"), "{out}");
    assert!(
        out.contains("（未填写）"),
        "rows whose figure is missing are marked"
    );
}

// ------------------------------------------------------------------ HTML

#[test]
fn html_escapes_everything_from_data() {
    let hostile = "<script>alert(\"x\")</script>&'";
    let sheet = example_named("alliance", hostile);
    let out = render(Format::Html, settings(Lang::Zh, false), &[sheet]);
    assert!(!out.contains("<script"), "a company name ran as a script");
    assert!(out.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"));
}

#[test]
fn html_is_self_contained_and_printable() {
    for id in RUBRICS {
        let out = render(Format::Html, settings(Lang::Zh, false), &[example(id)]);
        for fetch in [
            "http:", "https:", "<link", "<script", "@import", "url(", "src=",
        ] {
            assert!(!out.contains(fetch), "`{id}` HTML contains `{fetch}`");
        }
        assert!(out.contains("@page { size: A4;"));
        for font in [
            "Microsoft YaHei",
            "SimSun",
            "PingFang SC",
            "Noto Sans CJK SC",
            "WenQuanYi Micro Hei",
        ] {
            assert!(out.contains(font), "font stack lacks {font}");
        }
        assert!(out.contains("<meta charset=\"utf-8\">"));
        assert!(out.contains("申报单位（盖章）"));
        assert!(out.contains("日期："));
        assert!(out.contains("数据年度：2023年"));
        assert!(out.contains("rowspan=\""), "`{id}` merges no group cells");
        assert!(out.contains("<tr class=\"sum grand\"><th colspan="));
    }
}

#[test]
fn html_follows_each_tables_columns() {
    let heads = |id: &str| {
        let out = render(Format::Html, settings(Lang::Zh, false), &[example(id)]);
        let start = out.find("<thead><tr>").expect("thead");
        let end = out[start..].find("</tr>").expect("end of head") + start;
        out[start..end]
            .split("<th>")
            .skip(1)
            .map(|h| h.trim_end_matches("</th>").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        heads("enterprise-center"),
        ["一级指标", "二级指标", "权重（分）", "三级指标", "得分"]
    );
    assert_eq!(
        heads("industry-center"),
        ["一级指标", "二级指标", "评价标准", "得分"]
    );
    assert_eq!(
        heads("alliance"),
        ["一级指标", "二级指标", "评价标准", "得分"]
    );
    assert_eq!(
        heads("demonstration-enterprise"),
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "权重（分）",
            "单位",
            "基本要求",
            "评价结果"
        ]
    );
}

/// Layout as the notice prints it: 附件3 ends at 评价结果 (the points inside it) with one 总 分
/// row; 附件1's 加分 row leaves its 权重 cell empty; 附件3's patent rows quote their own text.
#[test]
fn html_sheets_follow_the_notices_layout() {
    let de = render(
        Format::Html,
        settings(Lang::Zh, false),
        &[example("demonstration-enterprise")],
    );
    assert_eq!(de.matches("<tr class=\"sum").count(), 1, "one total row");
    assert!(
        de.contains("<th colspan=\"6\">总　分</th><td class=\"c\">73</td>"),
        "{de}"
    );
    assert!(!de.contains("满分"), "no maximum on 附件3's total row");
    assert!(
        de.contains("<b class=\"pts\">得 15 分</b>"),
        "the points under 评价结果"
    );
    assert!(!de.contains("<td class=\"n pts\">"), "no 得分 column");
    let ec = render(
        Format::Html,
        settings(Lang::Zh, false),
        &[example("enterprise-center")],
    );
    assert!(
        !ec.contains("≤5"),
        "附件1's 加分 row has an empty 权重 cell"
    );
    let rubric = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("rubrics/demonstration-enterprise.toml"),
    )
    .expect("rubric");
    assert!(rubric.contains("source = \"当年受理的专利申请数 4 项 >3\""));
    assert!(rubric.contains("source = \"——其中当年受理的发明专利申请数 3 项 ≥1\""));
}

#[test]
fn html_rowspans_add_up_to_the_rows() {
    // Each 一级指标 cell spans exactly its items: 附件1 创新投入 = 4 items, 附件3 创新机制 = 6.
    let ec = render(
        Format::Html,
        settings(Lang::Zh, false),
        &[example("enterprise-center")],
    );
    assert!(ec.contains("<td class=\"cat\" rowspan=\"4\">创新投入</td>"));
    assert!(ec.contains("<td class=\"cat\" rowspan=\"1\" colspan=\"2\">加分</td>"));
    let de = render(
        Format::Html,
        settings(Lang::Zh, false),
        &[example("demonstration-enterprise")],
    );
    assert!(de.contains("<td class=\"cat\" rowspan=\"6\">创新机制</td>"));
    assert!(
        de.contains("<td class=\"n\">≥2</td>"),
        "附件3 prints 基本要求 ≥2"
    );
    let ic = render(
        Format::Html,
        settings(Lang::Zh, false),
        &[example("industry-center")],
    );
    assert!(ic.contains("<td class=\"cat\" rowspan=\"3\">运行机制<br>（9分）</td>"));
    // The seed ran 特色工作（10分） into its criterion; the form prints it once, in its column.
    assert!(ic.contains("<td class=\"grp\">特色工作（10分）</td><td>突破核心关键技术"));
}

#[test]
fn html_in_english() {
    let out = render(
        Format::Html,
        settings(Lang::En, false),
        &[example("enterprise-center")],
    );
    assert!(out.contains("<html lang=\"en\">"));
    assert!(
        out.contains(
            "<h1>Gansu Provincial Enterprise Technology Center: self-evaluation table</h1>"
        )
    );
    assert!(out.contains(
        "<th>Category</th><th>Group</th><th>Weight</th><th>Indicator</th><th>Points</th>"
    ));
    assert!(out.contains("Applicant (seal): "));
    assert!(out.contains("Total (of 105)"));
    assert!(!out.contains("一级指标"));
}

// ------------------------------------------------------------------ table

#[test]
fn table_explain_shows_rule_figure_and_arithmetic() {
    let out = render(
        Format::Table,
        settings(Lang::Zh, true),
        &[example("enterprise-center")],
    );
    assert!(out.contains("规则：低于 2%不得分"));
    assert!(out.contains("数据：年度研究与试验发展经费支出额 860万元 ÷ 主营业务收入"));
    // In words for Chinese readers; JSON keeps ⌊⌋.
    assert!(out.contains("计算：2.6875% ≥ 2% → 1 + 向下取整（(2.6875% − 2%) ÷ 0.5%）"));
    assert!(!out.contains('⌊'));
    // Without --explain none of it.
    let plain = render(
        Format::Table,
        settings(Lang::Zh, false),
        &[example("enterprise-center")],
    );
    assert!(!plain.contains("规则："));
    assert!(!plain.contains("计算："));
}

#[test]
fn table_has_a_bar_per_group() {
    let out = render(
        Format::Table,
        settings(Lang::Zh, false),
        &[example("enterprise-center")],
    );
    let bars = out.split("分项得分\n").nth(1).expect("a bar block");
    // 创新经费 3 / 15: 4 of 20 cells.
    assert!(bars.contains(&format!("创新经费  {}{}", "█".repeat(4), "░".repeat(16))));
    assert!(bars.contains(&format!("创新人才  {}", "█".repeat(20))));
    let lines = bars.lines().take_while(|l| l.starts_with("  ")).count();
    assert_eq!(lines, 7, "six 二级指标 and the bonus");
    // 附件2 scores its 二级指标 one by one: its bars are per 一级指标.
    let ic = render(
        Format::Table,
        settings(Lang::Zh, false),
        &[example("industry-center")],
    );
    assert!(ic.contains("  运行机制  "));
    assert!(ic.contains(" 7 / 9\n"));
}

#[test]
fn colour_only_when_settings_say_so() {
    let sheet = example("demonstration-enterprise");
    let bare = render(
        Format::Table,
        settings(Lang::Zh, false),
        std::slice::from_ref(&sheet),
    );
    assert!(!bare.contains('\x1b'), "escape codes without colour");
    let coloured = render(
        Format::Table,
        Settings {
            color: true,
            ..settings(Lang::Zh, false)
        },
        &[sheet],
    );
    assert!(coloured.contains("\x1b[1m"), "bold headings");
    // comfy-table writes 256-colour codes: 9 red (未达标), 10 green (full marks).
    assert!(coloured.contains("\x1b[38;5;9m 未达标 0"), "red for 未达标");
    assert!(
        coloured.contains("\x1b[38;5;10m  达标 15"),
        "green for full marks"
    );
    // The bars: green when full, yellow when partial.
    assert!(coloured.contains(&format!("\x1b[32m{}\x1b[0m", "█".repeat(20))));
    assert!(coloured.contains("\x1b[33m"));
}

#[test]
fn the_binary_never_colours_a_pipe() {
    // stdout is a pipe here: no colour even with NO_COLOR unset.
    let out = Command::cargo_bin("score")
        .expect("binary")
        .env_remove("NO_COLOR")
        .args(["--rubric", "alliance", "examples/alliance.toml"])
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn english_headings_in_every_format() {
    let sheet = example("industry-center");
    for format in [Format::Table, Format::Csv, Format::Markdown, Format::Html] {
        let out = render(
            format,
            settings(Lang::En, false),
            std::slice::from_ref(&sheet),
        );
        // The category heading, in the English each format prints it in.
        let heading = match format {
            Format::Csv => "category,group,item id,item",
            _ => "Category",
        };
        assert!(
            out.contains(heading),
            "{format:?} --lang en lacks {heading}"
        );
        for zh in ["一级指标", "二级指标", "总分", "得分", "小计"] {
            assert!(!out.contains(zh), "{format:?} --lang en still says {zh}");
        }
    }
}

// ------------------------------------------------------------------ command line

#[test]
fn the_binary_writes_each_format() {
    for (format, start) in [
        ("csv", "\u{feff}评分表,"),
        ("markdown", "## 甘肃省产业技术创新联盟自评表"),
        ("html", "<!DOCTYPE html>"),
    ] {
        let out = Command::cargo_bin("score")
            .expect("binary")
            .args([
                "--rubric",
                "alliance",
                "--format",
                format,
                "examples/alliance.toml",
            ])
            .output()
            .expect("run");
        assert!(out.status.success(), "--format {format}");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(text.starts_with(start), "--format {format}: {text:.80}");
    }
}

#[test]
fn a_what_if_sheet_says_so_in_every_shareable_format() {
    // A sheet scored on assumed figures must never pass for the applicant's own.
    for (format, marks) in [
        (
            "html",
            vec![
                "<div class=\"whatif\"><b>本表按假设数据（--what-if）计算",
                "<code>rd_expense</code> = 1200万元（原为 860万元）",
                "假设前总分：54.5",
            ],
        ),
        (
            "markdown",
            vec![
                "> **假设（--what-if）**",
                "> - `rd_expense` = 1200万元（原为 860万元）",
                "> 假设前总分：54.5",
            ],
        ),
        (
            "csv",
            vec![
                ",假设（--what-if）,,,rd_expense,",
                ",1200万元,",
                ",原为 860万元\r\n",
                ",假设前总分,,,54.5,",
            ],
        ),
    ] {
        let out = Command::cargo_bin("score")
            .expect("binary")
            .args(["--rubric", "enterprise-center", "--format", format])
            .args([
                "--what-if",
                "rd_expense=1200",
                "examples/enterprise-center.toml",
            ])
            .output()
            .expect("run");
        assert!(out.status.success(), "--format {format}");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        for mark in marks {
            assert!(text.contains(mark), "--format {format} lacks `{mark}`");
        }
    }
    // Without --what-if, none of it.
    let html = render(
        Format::Html,
        settings(Lang::Zh, false),
        &[example("enterprise-center")],
    );
    assert!(!html.contains("class=\"whatif\""));
}
