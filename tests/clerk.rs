//! A clerk's path with no English, no TOML and no dead ends (issue 25): every message a clerk can
//! cause is Chinese by default and English under `--lang en`, with a library's own text at most
//! as a detail after a sentence of ours.

mod common;

use common::{score, write};
use predicates::prelude::*;

fn run(args: &[&str], dir: &std::path::Path) -> (Option<i32>, String, String) {
    let out = score()
        .current_dir(dir)
        .env_remove("SCORE_LANG")
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8(out.stderr).expect("UTF-8"),
    )
}

/// No run of English words (a library's message) in a Chinese message's own lines (not the
/// quoted source line), outside `code`.
fn no_english_prose(text: &str) {
    for line in text
        .lines()
        .filter(|l| l.starts_with("错误") || l.contains("= 提示"))
    {
        no_english_words(line);
    }
}

fn no_english_words(text: &str) {
    let mut in_code = false;
    let mut word = 0;
    let mut words = 0;
    for c in text.chars() {
        if c == '`' {
            in_code = !in_code;
        }
        if in_code {
            continue;
        }
        if c.is_ascii_alphabetic() {
            word += 1;
        } else {
            if word >= 3 {
                words += 1;
            }
            word = 0;
        }
    }
    assert!(words < 3, "English words in a Chinese message:\n{text}");
}

#[test]
fn a_missing_workbook_says_it_is_missing_without_a_damage_hint() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, zh) = run(
        &["--rubric", "enterprise-center", "申报/自评数据.xlsx"],
        dir.path(),
    );
    assert_eq!(code, Some(1));
    assert!(
        zh.contains("无法读取 `申报/自评数据.xlsx`：文件或文件夹不存在"),
        "{zh}"
    );
    assert!(
        !zh.contains("Xlsx error") && !zh.contains("密码") && !zh.contains("os error"),
        "{zh}"
    );
    no_english_prose(&zh);
    let (_, _, en) = run(
        &["--lang", "en", "--rubric", "enterprise-center", "x.xlsx"],
        dir.path(),
    );
    assert!(en.contains("cannot read `x.xlsx`"), "{en}");
    assert!(!en.contains("password"), "{en}");
}

#[test]
fn a_file_that_is_not_a_workbook_is_said_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "坏.xlsx", "not a zip");
    let (code, _, zh) = run(&["--rubric", "enterprise-center", "坏.xlsx"], dir.path());
    assert_eq!(code, Some(1));
    assert!(
        zh.contains("这不是可以读取的 .xlsx、.xls 或 .ods 文件（详情："),
        "{zh}"
    );
    assert!(zh.contains("另存为“Excel 工作簿 (*.xlsx)”"), "{zh}");
    let (_, _, en) = run(
        &["--lang", "en", "--rubric", "enterprise-center", "坏.xlsx"],
        dir.path(),
    );
    assert!(
        en.contains("it is not a readable .xlsx, .xls or .ods file"),
        "{en}"
    );
}

/// The parser's common error kinds in words of ours, in both languages: a reworded parser
/// message changes neither.
#[test]
fn toml_errors_are_worded_by_kind() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("rd_expense = = 3", "多了一个 `=`", "an extra `=`"),
        (
            "company = 武威某公司",
            "文字没有放在英文双引号中",
            "text is not in double quotes",
        ),
        (
            "rd_expense = 1.2.3",
            "数字写法不对",
            "a number written wrongly",
        ),
        (
            "[basic",
            "表头缺少右方括号 `]`",
            "a table header without its closing `]`",
        ),
        (
            "rd_expense 350",
            "键后面没有 `=` 和值",
            "a key with no `=` and value",
        ),
        (
            "company = \"武威某公司",
            "文字缺少右引号 `\"`",
            "text without its closing `\"`",
        ),
        (
            "company = '武威某公司",
            "文字缺少右引号 `'`",
            "text without its closing `'`",
        ),
        ("company = \"a\\qb\"", "文字中的反斜杠", "a backslash"),
        (
            "gap_filled = tru",
            "是/否要写作 `true` 或 `false`",
            "yes/no is written `true` or `false`",
        ),
        (
            "rd_expense = 1e",
            "数字写法不对",
            "a number written wrongly",
        ),
        ("= 3", "`=` 前面没有键", "no key before `=`"),
        (
            "rd_expense = 3,",
            "这一行在值后面还有多余的内容",
            "more text after the value on this line",
        ),
        (
            "year = 2023-13-45T",
            "日期写法不对",
            "a date written wrongly",
        ),
    ];
    for (line, zh_words, en_words) in cases {
        write(
            &dir,
            "数据.toml",
            &format!("rubric = \"enterprise-center\"\n{line}\n"),
        );
        let (code, _, zh) = run(&["数据.toml"], dir.path());
        assert_eq!(code, Some(1), "{line}");
        assert!(
            zh.contains(&format!("TOML 语法错误：{zh_words}")),
            "{line}:\n{zh}"
        );
        assert!(
            !zh.contains("expected") && !zh.contains("解析器原文"),
            "{line}: the parser's English:\n{zh}"
        );
        no_english_prose(&zh);
        let (_, _, en) = run(&["--lang", "en", "数据.toml"], dir.path());
        assert!(
            en.contains(&format!("TOML syntax error: {en_words}")),
            "{line}:\n{en}"
        );
    }
}

#[test]
fn usage_errors_are_wholly_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, zh) = run(&["--format", "pdf", "x.toml"], dir.path());
    assert_eq!(code, Some(2));
    assert!(
        zh.starts_with("用法错误：参数值无效：`--format <FORMAT>`，值 `pdf` 无效"),
        "{zh}"
    );
    assert!(zh.contains("可选的值：`table`、`json`"), "{zh}");
    assert!(
        !zh.contains("possible values") && !zh.contains("error:"),
        "{zh}"
    );
    let (code, _, zh) = run(&["--rubrc", "alliance", "x.toml"], dir.path());
    assert_eq!(code, Some(2));
    assert!(zh.starts_with("用法错误：未知的参数：`--rubrc`"), "{zh}");
    assert!(zh.contains("您是不是要写 `--rubric`？"), "{zh}");
    assert!(
        !zh.contains("tip:") && !zh.contains("For more information"),
        "{zh}"
    );
    let (code, _, en) = run(&["--lang", "en", "--format", "pdf", "x.toml"], dir.path());
    assert_eq!(code, Some(2));
    assert!(en.contains("error: invalid value 'pdf'"), "{en}");
    assert!(!en.contains("用法错误"), "{en}");
}

#[test]
fn help_lists_values_and_defaults_in_both_languages() {
    for args in [
        vec!["--help"],
        vec!["-h"],
        vec!["advise", "--help"],
        vec!["template", "--help"],
    ] {
        score()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::function(|out: &str| {
                !out.lines()
                    .any(|l| l.trim_start().starts_with("Possible values"))
            }))
            .stdout(predicate::str::contains("[possible values").not())
            .stdout(predicate::str::contains("[default:").not())
            .stdout(predicate::str::contains("可选"));
    }
    score()
        .args(["advise", "--help"])
        .assert()
        .stdout(predicate::str::contains("默认 · Default: effort"));
}

/// `--what-if` takes the table the one data file names, as `advise` does: a TOML file's
/// `rubric` line and the workbook `score template --format xlsx` writes.
#[test]
fn what_if_without_rubric_uses_the_table_the_file_names() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = root.join("examples/enterprise-center.toml");
    let example = example.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // rd_expense 1150 → 2000 raises the ratio item (hand-checked against the `--rubric` run).
    let with = run(
        &[
            "--rubric",
            "enterprise-center",
            "--what-if",
            "rd_expense=2000",
            example,
        ],
        dir.path(),
    );
    let without = run(&["--what-if", "rd_expense=2000", example], dir.path());
    assert_eq!(with.0, Some(0), "{}", with.2);
    assert_eq!(without, with);
    assert!(without.1.contains("54.5 → 64.5"), "{}", without.1);
    let workbook = dir.path().join("自评数据.xlsx");
    score()
        .args(["template", "--rubric", "alliance", "--format", "xlsx", "-o"])
        .arg(&workbook)
        .assert()
        .success();
    let (code, out, err) = run(
        &["--what-if", "ip_granted.invention=2", "自评数据.xlsx"],
        dir.path(),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("总分"), "{out}");
    let (code, _, zh) = run(&["--what-if", "rd_expense=1", example, example], dir.path());
    assert_eq!(code, Some(1));
    assert!(zh.contains("--what-if 一次只对一个数据文件"), "{zh}");
    let (_, _, en) = run(
        &[
            "--lang",
            "en",
            "--what-if",
            "rd_expense=1",
            example,
            example,
        ],
        dir.path(),
    );
    assert!(
        en.contains("--what-if is for one data file at a time"),
        "{en}"
    );
}

/// A file PowerShell 5.1's `>` wrote (UTF-16) is refused with the way to write it again.
#[test]
fn a_utf16_file_is_refused_with_how_to_write_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let utf16: Vec<u8> = "rubric = \"enterprise-center\"\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(
        dir.path().join("数据.toml"),
        [&[0xFF, 0xFE][..], &utf16].concat(),
    )
    .unwrap();
    let (code, _, zh) = run(&["数据.toml"], dir.path());
    assert_eq!(code, Some(1));
    assert!(zh.contains("UTF-16"), "{zh}");
    assert!(zh.contains("请改用 `-o` 重新生成"), "{zh}");
    assert!(zh.contains("另存为 UTF-8"), "{zh}");
    let (_, _, en) = run(&["--lang", "en", "数据.toml"], dir.path());
    assert!(en.contains("write it again with `-o`"), "{en}");
}

/// `-o FILE` says where the file went, on stderr, in both languages; stdout stays empty.
#[test]
fn dash_o_says_where_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(
        &["template", "--rubric", "附件1", "-o", "自评数据.xlsx"],
        dir.path(),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.is_empty());
    assert_eq!(err, "已写入 自评数据.xlsx\n");
    let (code, out, err) = run(
        &["--lang", "en", "自评数据.xlsx", "-o", "自评表.html"],
        dir.path(),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.is_empty());
    assert!(err.ends_with("written to 自评表.html\n"), "{err}");
    assert!(dir.path().join("自评表.html").is_file());
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/alliance.toml");
    let (code, _, err) = run(
        &["advise", example.to_str().unwrap(), "-o", "建议.txt"],
        dir.path(),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(err.ends_with("已写入 建议.txt\n"), "{err}");
    // Without -o nothing is said.
    let (_, _, err) = run(&["template", "--rubric", "附件1"], dir.path());
    assert!(!err.contains("已写入"), "{err}");
}

/// The README installs with the tested lock file, says what Windows needs and where the binary
/// goes, and its clerk's steps use the clerk's own files, not this repository's `examples/`.
#[test]
fn the_readme_install_and_steps_fit_a_clerk() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    assert!(readme.contains("cargo install --locked --path ."));
    assert!(!readme.contains("cargo install --path ."));
    assert!(readme.contains("Visual Studio") && readme.contains("C++"));
    assert!(readme.contains("%USERPROFILE%\\.cargo\\bin"));
    let steps = &readme[readme.find("## 快速上手：申报企业").unwrap()..];
    let steps = &steps[..steps.find("习惯文本文件的").unwrap()];
    assert!(!steps.contains("examples/"), "{steps}");
}

/// The template workbook speaks the workbook's language: no markdown backticks in any cell, and a
/// key named in a note is named by its title.
#[test]
fn the_template_workbook_has_no_markdown() {
    use calamine::{Reader, open_workbook_auto};
    let dir = tempfile::tempdir().unwrap();
    for id in common::RUBRICS {
        for lang in ["zh", "en"] {
            let path = dir.path().join(format!("{id}-{lang}.xlsx"));
            score()
                .args(["template", "--lang", lang, "--rubric", id, "-o"])
                .arg(&path)
                .assert()
                .success();
            let mut book = open_workbook_auto(&path).unwrap();
            let name = book.sheet_names()[0].clone();
            let range = book.worksheet_range(&name).unwrap();
            for cell in range.used_cells() {
                let text = cell.2.to_string();
                assert!(
                    !text.contains('`'),
                    "{id} {lang} {:?}: {text}",
                    (cell.0, cell.1)
                );
            }
        }
    }
}

/// A cell's value in a test workbook.
enum Data {
    Boolean(bool),
    Number(f64),
}

/// A one-company workbook (`键 key` / `数值 value`) for 附件1 with `cells` as (key, value).
fn key_value_workbook(path: &std::path::Path, cells: &[(&str, Data)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("数据").unwrap();
    ws.write_string(0, 0, "键 key").unwrap();
    ws.write_string(0, 1, "数值 value").unwrap();
    ws.write_string(1, 0, "rubric").unwrap();
    ws.write_string(1, 1, "enterprise-center").unwrap();
    for (i, (key, value)) in cells.iter().enumerate() {
        let row = 2 + i as u32;
        ws.write_string(row, 0, *key).unwrap();
        match value {
            Data::Boolean(b) => ws.write_boolean(row, 1, *b).unwrap(),
            Data::Number(n) => ws.write_number(row, 1, *n).unwrap(),
        };
    }
    wb.save(path).unwrap();
}

/// Hints for a workbook's figures talk about the cell and what to type into it, never a TOML
/// line (`certified_labs = 3`) or a quoted value (a text cell in Excel).
#[test]
fn workbook_figures_get_workbook_hints() {
    let dir = tempfile::tempdir().unwrap();
    key_value_workbook(
        &dir.path().join("数据.xlsx"),
        &[
            ("certified_labs", Data::Boolean(true)),
            ("rd_expense", Data::Number(1150.0)),
        ],
    );
    let (code, _, zh) = run(&["数据.xlsx"], dir.path());
    assert_eq!(code, Some(1));
    assert!(zh.contains("数据.xlsx:数据!B3"), "{zh}");
    assert!(zh.contains("请在单元格中填写整数，例如 3"), "{zh}");
    assert!(!zh.contains("certified_labs = 3"), "{zh}");
    let (_, _, en) = run(&["--lang", "en", "数据.xlsx"], dir.path());
    assert!(
        en.contains("type a whole number into the cell, e.g. 3"),
        "{en}"
    );

    // A TOML file keeps its TOML hints.
    std::fs::write(
        dir.path().join("数据.toml"),
        "rubric = \"enterprise-center\"\ncertified_labs = true\n",
    )
    .unwrap();
    let (_, _, zh) = run(&["数据.toml"], dir.path());
    assert!(zh.contains("请写 `certified_labs = 3`"), "{zh}");
}

/// `--strict` on a template with empty cells points at each empty value cell by the row's title.
#[test]
fn strict_names_the_empty_cell_and_the_row_title() {
    let dir = tempfile::tempdir().unwrap();
    score()
        .current_dir(dir.path())
        .args(["template", "--rubric", "附件1", "-o", "自评数据.xlsx"])
        .assert()
        .success();
    let (code, _, zh) = run(&["--strict", "自评数据.xlsx"], dir.path());
    assert_eq!(code, Some(1));
    assert!(
        zh.contains("错误[missing-key]: 未填写年度研究与试验发展经费支出额"),
        "{zh}"
    );
    assert!(zh.contains("--> 自评数据.xlsx:数据!F5"), "{zh}");
    assert!(
        zh.contains("请在单元格 数据!F5 中填写年度研究与试验发展经费支出额"),
        "{zh}"
    );
    assert!(!zh.contains("= …"), "{zh}");
    // Each missing figure once, not again as a data file's missing key.
    assert_eq!(
        zh.matches("未填写年度研究与试验发展经费支出额").count(),
        1,
        "{zh}"
    );
    let (_, _, en) = run(&["--lang", "en", "--strict", "自评数据.xlsx"], dir.path());
    assert!(
        en.contains("type Annual R&D expenditure into the cell 数据!F5"),
        "{en}"
    );
}

/// The enterprise example typed into a one-company workbook, as a clerk fills the template.
fn filled_workbook(path: &std::path::Path) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("examples/enterprise-center.toml")).unwrap();
    let table: toml::Table = text.parse().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "键 key").unwrap();
    ws.write_string(0, 1, "数值 value").unwrap();
    let mut row = 1;
    let mut put = |key: String, value: &toml::Value| {
        ws.write_string(row, 0, &key).unwrap();
        match value {
            toml::Value::Integer(i) => ws.write_number(row, 1, *i as f64).unwrap(),
            toml::Value::Float(f) => ws.write_number(row, 1, *f).unwrap(),
            toml::Value::Boolean(b) => ws.write_boolean(row, 1, *b).unwrap(),
            other => ws
                .write_string(row, 1, other.as_str().unwrap_or_default())
                .unwrap(),
        };
        row += 1;
    };
    for (key, value) in &table {
        match value {
            toml::Value::Table(fields) => {
                for (field, v) in fields {
                    put(format!("{key}.{field}"), v);
                }
            }
            other => put(key.clone(), other),
        }
    }
    wb.save(path).unwrap();
}

/// advise on a filled workbook: the first three suggestions can still be checked or added, under
/// a heading that says so; the rest is headed as planning for the next application.
#[test]
fn advise_leads_with_what_can_still_be_checked() {
    let dir = tempfile::tempdir().unwrap();
    filled_workbook(&dir.path().join("自评数据.xlsx"));
    let (code, json, err) = run(&["advise", "-f", "json", "自评数据.xlsx"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let list = json["suggestions"].as_array().unwrap();
    for s in list.iter().take(3) {
        assert_eq!(s["phase"], "check", "{s}");
    }
    assert!(list.iter().any(|s| s["phase"] == "plan"));
    let (_, zh, _) = run(&["advise", "自评数据.xlsx"], dir.path());
    let check = zh
        .find("一、申报前可以核对、补充的")
        .expect("check heading");
    let plan = zh.find("二、下次申报的规划").expect("plan heading");
    assert!(check < plan, "{zh}");
    assert!(zh.contains("现为 0：如有遗漏，"), "{zh}");
    let (_, en, _) = run(&["--lang", "en", "advise", "自评数据.xlsx"], dir.path());
    assert!(
        en.contains("1. To check or add before the deadline"),
        "{en}"
    );
    assert!(en.contains("2. Planning for the next application"), "{en}");
    // 附件3's exports at 0: any amount earns, not US$100.
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/demonstration-enterprise.toml");
    let (_, zh, _) = run(&["advise", example.to_str().unwrap()], dir.path());
    assert!(
        zh.lines()
            .any(|l| l.contains("自有品牌产品与技术出口创汇额") && l.contains("任何大于 0 的数额")),
        "{zh}"
    );
}

/// A sheet laid out as the fill-in workbook is (数据名称, `键 key`, `数值 value`, `已核实
/// confirmed`) for 附件1: `rows` as (title, key, value), then `merges` as (first row, first
/// column, last row, last column), 0-based.
fn template_like(
    path: &std::path::Path,
    rows: &[(&str, &str, Option<f64>)],
    merges: &[(u32, u16, u32, u16)],
) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("数据").unwrap();
    for (c, heading) in [
        "数据名称 figure",
        "键 key",
        "数值 value",
        "已核实 confirmed",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *heading).unwrap();
    }
    ws.write_string(1, 1, "rubric").unwrap();
    ws.write_string(1, 2, "enterprise-center").unwrap();
    let format = rust_xlsxwriter::Format::new();
    for &(r1, c1, r2, c2) in merges {
        // Merged first; the first cell then gets what is written in it, as in Excel.
        ws.merge_range(r1, c1, r2, c2, "", &format).unwrap();
    }
    for (i, (title, key, value)) in rows.iter().enumerate() {
        let row = 2 + i as u32;
        ws.write_string(row, 0, *title).unwrap();
        ws.write_string(row, 1, *key).unwrap();
        if let Some(v) = value {
            ws.write_number(row, 2, *v).unwrap();
        }
    }
    wb.save(path).unwrap();
}

/// The 元 slip of a figure from a cell names the cell and its 数据名称 and says what to type into
/// the cell (no quotes: a quoted figure is a text cell); it is confirmed in the row's 已核实
/// column, not with a TOML line.
#[test]
fn the_yuan_slip_of_a_cell_says_what_to_type_into_it() {
    let dir = tempfile::tempdir().unwrap();
    template_like(
        &dir.path().join("自评数据.xlsx"),
        &[
            (
                "年度研究与试验发展经费支出额",
                "rd_expense",
                Some(11_500_000.0),
            ),
            ("主营业务收入", "main_revenue", Some(45_000.0)),
        ],
        &[],
    );
    let (code, _, zh) = run(&["自评数据.xlsx"], dir.path());
    assert_eq!(code, Some(0), "{zh}");
    assert!(
        zh.contains("年度研究与试验发展经费支出额（数据!C3） = 11500000万元，超出通常范围：是否按元填写？11500000元 = 1150万元：请在单元格 数据!C3（年度研究与试验发展经费支出额）填写 1150 或 1150万元；数值属实请在该行“已核实”列选“是”"),
        "{zh}"
    );
    assert!(!zh.contains("\"11500000元\""), "{zh}");
    assert!(!zh.contains("confirmed = ["), "{zh}");
    assert!(!zh.contains("`rd_expense`"), "{zh}");
    let (code, _, en) = run(&["--lang", "en", "自评数据.xlsx"], dir.path());
    assert_eq!(code, Some(0), "{en}");
    assert!(
        en.contains("type 1150 or 1150万元 into the cell 数据!C3"),
        "{en}"
    );
    assert!(en.contains("choose 是 in its row's 已核实 column"), "{en}");
    assert!(!en.contains("\"11500000元\""), "{en}");
}

/// A figure left empty in a workbook is named by its 数据名称 and its cell, not its key.
#[test]
fn a_missing_cell_figure_names_the_cell_and_the_row_title() {
    let dir = tempfile::tempdir().unwrap();
    template_like(
        &dir.path().join("自评数据.xlsx"),
        &[("研发人员数", "rd_staff", None)],
        &[],
    );
    let (code, zh, err) = run(&["自评数据.xlsx"], dir.path());
    assert!(!err.contains("rd_staff"), "{err}");
    assert_eq!(code, Some(0), "{err}");
    assert!(
        zh.contains("警告: 未填写研发人员数（单元格 数据!C3 空着）：按 0 计"),
        "{zh}"
    );
    // A figure with no row at all: the workbook lacks it.
    assert!(
        zh.contains("警告: 未填写企业职工总数（工作簿中没有这一行，键 total_staff）：按 0 计"),
        "{zh}"
    );
    assert!(!zh.contains("未填写 `rd_staff`"), "{zh}");
    let (_, en, _) = run(&["--lang", "en", "自评数据.xlsx"], dir.path());
    assert!(
        en.contains("R&D staff is not given (the cell 数据!C3 is empty): counted as 0"),
        "{en}"
    );
    assert!(
        en.contains(
            "Total employees is not given (the workbook has no row for it, key total_staff)"
        ),
        "{en}"
    );
}

/// A value cell that merged cells cover: a figure shown in the range's first cell is refused,
/// naming the range and the cell read; an empty range says why the figure is missing.
#[test]
fn a_value_hidden_by_merged_cells_names_the_range_and_the_cell_read() {
    let dir = tempfile::tempdir().unwrap();
    template_like(
        &dir.path().join("合并.xlsx"),
        &[
            ("研发人员数", "rd_staff", Some(120.0)),
            ("企业职工总数", "total_staff", None),
        ],
        // C3:C4: 120 stands in C3 and covers total_staff's C4.
        &[(2, 2, 3, 2)],
    );
    let (code, _, zh) = run(&["合并.xlsx"], dir.path());
    assert_eq!(code, Some(1), "{zh}");
    assert!(zh.contains("错误[merged-cell]: 企业职工总数的数值单元格 数据!C4 在合并单元格 C3:C4 之中：显示的 120 存在 数据!C3，本工具读取的 数据!C4 是空的"), "{zh}");
    assert!(zh.contains("--> 合并.xlsx:数据!C4"), "{zh}");
    assert!(
        zh.contains("选中 C3:C4，取消合并单元格，再把数值填在 数据!C4"),
        "{zh}"
    );
    let (code, _, en) = run(&["--lang", "en", "合并.xlsx"], dir.path());
    assert_eq!(code, Some(1), "{en}");
    assert!(en.contains("the value cell 数据!C4 of Total employees lies inside the merged cells C3:C4: the 120 shown is stored in 数据!C3"), "{en}");

    // Merged with the empty cell beside it (C3:D3, both empty): missing, and why.
    template_like(
        &dir.path().join("空.xlsx"),
        &[("研发人员数", "rd_staff", None)],
        &[(2, 1, 2, 2)],
    );
    let (code, zh, err) = run(&["空.xlsx"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(zh.contains("未填写研发人员数（单元格 数据!C3）：按 0 计；数据!C3 在合并单元格 B3:C3 之中，本工具读取的是 数据!C3 本身：请取消合并，把数值填在 数据!C3"), "{zh}");
    let (_, _, en) = run(&["--lang", "en", "--strict", "空.xlsx"], dir.path());
    assert!(en.contains("数据!C3 lies inside the merged cells B3:C3: unmerge them first; type R&D staff into the cell 数据!C3"), "{en}");
}

/// advise's change column for a first entry where any amount earns: not the smallest step
/// (`0万美元 → 0.01万美元`) as if it were the amount meant.
#[test]
fn advise_says_any_amount_in_the_change_column_too() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/demonstration-enterprise.toml");
    let example = example.to_str().unwrap();
    let (code, zh, _) = run(&["advise", example], dir.path());
    assert_eq!(code, Some(0));
    assert!(
        zh.contains("自有品牌产品与技术出口创汇额: 0 → 3 分（0万美元 → 任何大于 0 的数额）"),
        "{zh}"
    );
    assert!(!zh.contains("0.01万美元"), "{zh}");
    let (code, en, _) = run(&["--lang", "en", "advise", example], dir.path());
    assert_eq!(code, Some(0));
    assert!(
        en.contains("0 → 3 pts (0 万美元 → any amount above 0)"),
        "{en}"
    );
    assert!(!en.contains("0.01 万美元"), "{en}");
}

/// A PDF (the stamped sheet), a picture or a Word document given as the data: said what it is
/// and what to give instead, not a text encoding's or the TOML parser's complaint.
#[test]
fn a_pdf_picture_or_word_file_is_said_to_be_no_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let files: [(&str, &[u8], &str, &str); 4] = [
        (
            "自评表.pdf",
            b"%PDF-1.4\n\x00\x01\x02",
            " PDF 文件",
            "a PDF file",
        ),
        (
            "扫描件.jpg",
            b"\xFF\xD8\xFF\xE0\x00\x10JFIF",
            "图片",
            "a picture",
        ),
        (
            "说明.docx",
            b"PK\x03\x04\x14\x00",
            " Word 文档、压缩包或扩展名不对的工作簿",
            "a Word document, a zip or a workbook with the wrong extension",
        ),
        (
            "数据.et",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            " Word 文档（.doc）、WPS 表格（.et）",
            "a Word document (.doc), a WPS sheet (.et)",
        ),
    ];
    for (name, bytes, zh_what, en_what) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let (code, _, zh) = run(&["--rubric", "附件1", name], dir.path());
        assert_eq!(code, Some(1), "{name}");
        assert!(
            zh.contains(&format!("错误[not-data]: `{name}` 是{zh_what}")),
            "{name}:\n{zh}"
        );
        assert!(
            zh.contains("本工具读取工作簿（.xlsx、.xls、.ods）、CSV 或 TOML 数据文件"),
            "{zh}"
        );
        assert!(!zh.contains("UTF") && !zh.contains("TOML 语法错误"), "{zh}");
        let (code, _, en) = run(&["--lang", "en", "--rubric", "附件1", name], dir.path());
        assert_eq!(code, Some(1), "{name}");
        assert!(
            en.contains(&format!("`{name}` is {en_what}")),
            "{name}:\n{en}"
        );
    }
    // A data file that merely starts with such letters is read as one.
    write(&dir, "bm.toml", "BM = 3\n");
    let (_, _, zh) = run(&["--rubric", "附件1", "bm.toml"], dir.path());
    assert!(!zh.contains("not-data"), "{zh}");
}
