//! Writing workbooks and files (issue 10, the writing half): `-o/--output` with every format,
//! the format from the extension, binary output refused on a terminal, the fill-in template
//! workbook, the score sheet and summary workbooks — and LibreOffice opening what `score` writes,
//! with every item's points and the totals as the JSON sheet has them.

mod common;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader};
use rust_decimal::Decimal;
use serde_json::Value;

use common::tools::{find_tool, on_path, soffice_convert};
use common::{RUBRICS, dec, rubric, score};

fn example(id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(format!("{id}.toml"))
}

fn stdout_of(args: &[&str]) -> Vec<u8> {
    let output = score().args(args).output().expect("run");
    assert!(
        output.status.success(),
        "score {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn run_ok(args: &[&str]) {
    stdout_of(args);
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// The text of one part of an xlsx (a zip archive).
fn part(xlsx: &Path, name: &str) -> String {
    let file = std::fs::File::open(xlsx).expect("open xlsx");
    let mut archive = zip::ZipArchive::new(file).expect("xlsx is a zip archive");
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{} has no {name}", xlsx.display()))
        .read_to_string(&mut text)
        .expect("UTF-8 XML");
    text
}

fn workbook(path: &Path) -> calamine::Xlsx<std::io::BufReader<std::fs::File>> {
    calamine::open_workbook(path).expect("calamine opens the workbook")
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// -o/--output

#[test]
fn output_writes_the_same_bytes_as_stdout_for_every_text_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = example("enterprise-center");
    let data = path_str(&data);
    for (format, ext) in [
        ("table", "txt"),
        ("json", "json"),
        ("jsonl", "jsonl"),
        ("csv", "csv"),
        ("markdown", "md"),
        ("html", "html"),
    ] {
        let expected = stdout_of(&["-r", "enterprise-center", "-f", format, data]);
        // Named format, and the format from the extension alone.
        for named in [true, false] {
            let out = dir.path().join(format!("sheet-{named}.{ext}"));
            let mut args = vec!["-r", "enterprise-center", data, "-o", path_str(&out)];
            if named {
                args.extend(["-f", format]);
            }
            let printed = stdout_of(&args);
            assert!(printed.is_empty(), "{format}: -o still printed to stdout");
            let written = std::fs::read(&out).expect("written");
            assert_eq!(written, expected, "{format} (named: {named})");
        }
    }
    let csv = std::fs::read(dir.path().join("sheet-false.csv")).expect("csv");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "the CSV keeps its BOM");
}

#[test]
fn output_works_for_the_summary_template_and_advice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = example("enterprise-center");
    let data = path_str(&data);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["-r", "enterprise-center", "--summary", "-f", "csv", data],
            "summary.csv",
        ),
        (
            vec!["-r", "enterprise-center", "--summary", "-f", "html", data],
            "summary.html",
        ),
        (
            vec!["-r", "enterprise-center", "--summary", "-f", "json", data],
            "summary.json",
        ),
        (
            vec![
                "-r",
                "enterprise-center",
                "--summary",
                "-f",
                "markdown",
                data,
            ],
            "summary.md",
        ),
        (vec!["template", "-r", "alliance"], "数据.toml"),
        (
            vec!["advise", "-r", "enterprise-center", data],
            "advice.txt",
        ),
        (
            vec!["advise", "-r", "enterprise-center", "-f", "json", data],
            "advice.json",
        ),
    ];
    for (args, name) in cases {
        let expected = stdout_of(&args);
        let out = dir.path().join(name);
        // Without --format where the extension says it.
        let mut with_output: Vec<&str> = args
            .iter()
            .copied()
            .filter(|a| !["-f", "csv", "html", "json", "markdown"].contains(a))
            .collect();
        with_output.extend(["-o", path_str(&out)]);
        assert!(stdout_of(&with_output).is_empty(), "{name}");
        assert_eq!(std::fs::read(&out).expect("written"), expected, "{name}");
    }
    let summary = std::fs::read(dir.path().join("summary.csv")).expect("csv");
    assert!(
        summary.starts_with(b"\xEF\xBB\xBF"),
        "the summary CSV has its BOM"
    );
}

#[test]
fn the_extension_picks_xlsx_and_a_wrong_one_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = example("enterprise-center");
    let out = dir.path().join("评分表.XLSX");
    run_ok(&[
        "-r",
        "enterprise-center",
        path_str(&data),
        "-o",
        path_str(&out),
    ]);
    assert!(
        std::fs::read(&out)
            .expect("xlsx")
            .starts_with(b"PK\x03\x04")
    );

    let template = dir.path().join("数据.xlsx");
    run_ok(&["template", "-r", "alliance", "-o", path_str(&template)]);
    assert!(
        std::fs::read(&template)
            .expect("xlsx")
            .starts_with(b"PK\x03\x04")
    );

    score()
        .env("SCORE_LANG", "en")
        .args(["template", "-r", "alliance", "-o"])
        .arg(dir.path().join("t.csv"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("it writes toml, xlsx"));
    score()
        .env("SCORE_LANG", "en")
        .args(["advise", "-r", "enterprise-center", path_str(&data), "-o"])
        .arg(dir.path().join("a.xlsx"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("it writes table, json"));
}

#[test]
fn a_failed_write_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = example("enterprise-center");
    let out = dir.path().join("no-such-dir").join("sheet.csv");
    score()
        .env("SCORE_LANG", "en")
        .args([
            "-r",
            "enterprise-center",
            path_str(&data),
            "-o",
            path_str(&out),
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("cannot create the output file"))
        .stderr(predicates::str::contains("sheet.csv"));
    score()
        .args([
            "template",
            "-r",
            "alliance",
            "-f",
            "xlsx",
            "-o",
            path_str(&out.with_extension("xlsx")),
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("无法创建输出文件"));
}

#[test]
fn xlsx_goes_to_a_pipe_but_not_to_a_terminal() {
    let data = example("enterprise-center");
    // assert_cmd's stdout is a pipe: the bytes go through (`score … -f xlsx > file` works).
    let piped = stdout_of(&["-r", "enterprise-center", "-f", "xlsx", path_str(&data)]);
    assert!(piped.starts_with(b"PK\x03\x04"));

    let Some(script) = on_path("script") else {
        eprintln!("no `script` (util-linux) to fake a terminal; the decision is unit-tested");
        return;
    };
    let bin = assert_cmd::cargo::cargo_bin("score");
    for args in [
        format!("-r enterprise-center -f xlsx {}", data.display()),
        "template -r alliance -f xlsx".to_string(),
        format!("-r enterprise-center --summary -f xlsx {}", data.display()),
    ] {
        let output = Command::new(&script)
            .env("SCORE_LANG", "en")
            .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
            .output()
            .expect("script runs");
        let shown = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(1), "{args}: {shown}");
        assert!(shown.contains("binary format"), "{args}: {shown}");
        assert!(shown.contains("-o"), "{args}: {shown}");
        assert!(
            !shown.contains("PK"),
            "{args}: workbook bytes reached the terminal"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The template workbook

/// The data keys of the TOML template, the optional ones (commented out) included.
fn toml_template_keys(id: &str) -> Vec<String> {
    let text = String::from_utf8(stdout_of(&["template", "-r", id])).expect("UTF-8");
    text.lines()
        .filter_map(|line| {
            let line = line.strip_prefix("# ").unwrap_or(line);
            let (key, _) = line.split_once(" = ").or_else(|| line.split_once("= "))?;
            let key = key.trim();
            let is_key = !key.is_empty()
                && key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
            is_key.then(|| key.to_string())
        })
        .collect()
}

#[test]
fn the_template_workbook_has_one_row_per_data_key_and_its_checks() {
    let dir = tempfile::tempdir().expect("tempdir");
    for id in RUBRICS {
        let path = dir.path().join(format!("{id}.xlsx"));
        run_ok(&["template", "-r", id, "-f", "xlsx", "-o", path_str(&path)]);
        let mut book = workbook(&path);
        let range = book
            .worksheet_range_at(0)
            .expect("a first worksheet")
            .expect("readable");
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        let header = &rows[0];
        assert_eq!(
            header,
            &[
                "一级指标 level 1",
                "二级指标 level 2",
                "指标 item",
                "数据名称 figure",
                "键 key",
                "数值 value",
                "单位 unit",
                "满分 max",
                "评分规则 rule",
                "说明 note",
                "已核实 confirmed",
            ],
            "{id}"
        );
        let key_col = header.iter().position(|h| h == "键 key").expect("key");
        let value_col = header
            .iter()
            .position(|h| h == "数值 value")
            .expect("value");
        let keys: Vec<&str> = rows[1..].iter().map(|r| r[key_col].as_str()).collect();
        let mut expected = toml_template_keys(id);
        if !expected.iter().any(|k| k == "rubric") {
            let year = expected.iter().position(|k| k == "year").expect("year") + 1;
            expected.insert(year, "rubric".to_string());
        }
        assert_eq!(
            keys, expected,
            "{id}: the keys of the TOML template, and `rubric`"
        );

        let value = |key: &str| {
            let row = rows[1..].iter().find(|r| r[key_col] == key).expect(key);
            range
                .get_value((
                    rows.iter().position(|r| r == row).expect("row") as u32,
                    value_col as u32,
                ))
                .cloned()
        };
        assert_eq!(
            value("year"),
            Some(Data::Float(2023.0)),
            "{id}: year prefilled"
        );
        assert_eq!(value("rubric"), Some(Data::String(id.to_string())), "{id}");
        assert!(
            matches!(value("company"), Some(Data::Empty) | None),
            "{id}: the company is left to fill in"
        );

        // Every rule's words come from the TOML template's own wording.
        let toml = String::from_utf8(stdout_of(&["template", "-r", id])).expect("UTF-8");
        let rule_col = header
            .iter()
            .position(|h| h == "评分规则 rule")
            .expect("rule");
        for row in &rows[1..] {
            let rule = &row[rule_col];
            if !rule.is_empty() {
                assert!(
                    toml.contains(&format!("评分：{rule}")),
                    "{id}: rule {rule:?}"
                );
            }
        }

        let xml = part(&path, "xl/worksheets/sheet1.xml");
        assert!(xml.contains("<sheetProtection"), "{id}: protected");
        assert!(!xml.contains("password"), "{id}: without a password");
        assert!(xml.contains("paperSize=\"9\""), "{id}: A4");
        assert!(
            xml.contains("fitToPage=\"1\"") && xml.contains("fitToHeight=\"0\""),
            "{id}"
        );
        assert!(
            xml.contains("type=\"whole\" operator=\"greaterThanOrEqual\""),
            "{id}: counts"
        );
        let styles = part(&path, "xl/styles.xml");
        assert!(
            styles.contains("locked=\"0\""),
            "{id}: the value cells are unlocked"
        );
        let book_xml = part(&path, "xl/workbook.xml");
        assert!(
            book_xml.contains("_xlnm.Print_Titles"),
            "{id}: header row repeated"
        );
    }
    // A level's labels as a dropdown; money and percentages decimal ≥ 0.
    let alliance = part(
        &dir.path().join("alliance.xlsx"),
        "xl/worksheets/sheet1.xml",
    );
    assert!(alliance.contains("type=\"list\""), "level dropdown");
    assert!(
        alliance.contains("很完善,比较完善,基本完善,不完善"),
        "the table's labels"
    );
    let center = part(
        &dir.path().join("enterprise-center.xlsx"),
        "xl/worksheets/sheet1.xml",
    );
    assert!(center.contains("type=\"decimal\" operator=\"greaterThanOrEqual\""));
}

// ---------------------------------------------------------------------------------------------
// Sheet and summary workbooks

#[test]
fn several_sheets_make_one_workbook_with_the_summary_and_an_error_sheet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = common::write(&dir, "bad.toml", "rd_expence = 3\n");
    let hostile = common::write(
        &dir,
        "hostile.toml",
        "company = \"=HYPERLINK(\\\"http://x\\\")\"\nyear = 2023\n",
    );
    let data = example("enterprise-center");
    // Two files of one applicant (a path given twice would be one file, scored once).
    let copy = dir.path().join("copy.toml");
    std::fs::copy(&data, &copy).expect("copy");
    let out = dir.path().join("all.xlsx");
    score()
        .args(["-r", "enterprise-center", path_str(&data), path_str(&copy)])
        .args([path_str(&bad), path_str(&hostile), "-o", path_str(&out)])
        .assert()
        .code(1);
    let mut book = workbook(&out);
    assert_eq!(
        book.sheet_names(),
        [
            "武威示例新材料科技有限公司",
            "武威示例新材料科技有限公司 (2)",
            "=HYPERLINK(\"http___x\")",
            "附件1 企业技术中心",
            "未能评分",
        ]
    );
    let summary = book.worksheet_range("附件1 企业技术中心").expect("summary");
    // Title, the table's name, then the header: 序号, 排名, 申报单位, the two gate figures (as
    // numbers), 基本得分, 加分, 总分, …; the data file and the error right of the printed list.
    assert_eq!(
        summary.get_value((2, 7)),
        Some(&Data::String("总分".into()))
    );
    assert_eq!(summary.get_value((3, 1)), Some(&Data::Float(1.0)));
    assert_eq!(summary.get_value((3, 3)), Some(&Data::Float(860.0)));
    assert_eq!(summary.get_value((3, 7)), Some(&Data::Float(54.5)));
    // The hostile company is text that shows as itself, not a live formula.
    let companies: Vec<String> = (3..7)
        .map(|r| summary.get_value((r, 2)).map(cell_text).unwrap_or_default())
        .collect();
    assert!(
        companies.contains(&"'=HYPERLINK(\"http://x\")".to_string()),
        "{companies:?}"
    );
    let errors = book.worksheet_range("未能评分").expect("errors");
    assert_eq!(
        errors.get_value((0, 0)),
        Some(&Data::String("数据文件".into()))
    );
    let error = errors.get_value((1, 1)).map(cell_text).unwrap_or_default();
    assert!(error.contains("rd_expence"), "{error}");
    let data_cell = errors.get_value((1, 0)).map(cell_text).unwrap_or_default();
    assert!(data_cell.ends_with("bad.toml"), "{data_cell}");

    // On the sheet, points and totals are number cells.
    let sheet = book
        .worksheet_range("武威示例新材料科技有限公司")
        .expect("sheet");
    let total_row = sheet
        .rows()
        .find(|r| cell_text(&r[0]).starts_with("总分"))
        .expect("a total row");
    assert_eq!(total_row.last(), Some(&Data::Float(54.5)));
    let standards = sheet
        .rows()
        .find(|r| cell_text(&r[3]).starts_with("最近三年主持和参加制定"))
        .expect("the standards row");
    assert_eq!(standards.last(), Some(&Data::Float(4.5)));
    let book_xml = part(&out, "xl/workbook.xml");
    assert!(
        book_xml.contains("_xlnm.Print_Titles"),
        "header row repeated"
    );

    let xml = part(&out, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains("<mergeCells"),
        "the 一级/二级指标 cells are merged"
    );
    assert!(xml.contains("paperSize=\"9\""));
    // The form is stamped as one page: fit to one page wide and one tall.
    assert!(xml.contains("fitToPage=\"1\""), "{xml}");
    assert!(!xml.contains("fitToHeight=\"0\""), "{xml}");
    assert!(!xml.contains("<f>"), "totals are values, not formulas");
    let summary_xml = part(&out, "xl/worksheets/sheet4.xml");
    assert!(
        summary_xml.contains("state=\"frozen\""),
        "the summary header is frozen"
    );
}

/// The JSON sheet of an example.
fn json_sheet(id: &str) -> Value {
    let data = example(id);
    let bytes = stdout_of(&["-r", id, "-f", "json", path_str(&data)]);
    serde_json::from_slice(&bytes).expect("JSON sheet")
}

fn json_decimal(value: &Value) -> Decimal {
    dec(&value.to_string())
}

/// The item ids in the order the printed table has its rows.
fn row_order(id: &str) -> Vec<String> {
    let rubric = rubric(id);
    let data = score::data::load_file(&rubric, &example(id), score::data::Options::default())
        .unwrap_or_else(|failed| panic!("{failed}"));
    let sheet = score::engine::score(&rubric, &data);
    score::render::layout::categories(&sheet)
        .iter()
        .flat_map(|c| &c.groups)
        .flat_map(|g| &g.items)
        .map(|i| i.id.to_string())
        .collect()
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader
        .records()
        .map(|r| r.expect("CSV record").iter().map(str::to_string).collect())
        .collect()
}

fn last_filled(row: &[String]) -> &str {
    row.iter()
        .rev()
        .find(|c| !c.is_empty())
        .map_or("", |c| c.as_str())
}

#[test]
fn libreoffice_opens_the_sheet_and_summary_workbooks_with_every_score() {
    let Some(soffice) = find_tool(
        "libreoffice_opens_the_sheet_and_summary_workbooks_with_every_score",
        Some("SCORE_SOFFICE"),
        &["soffice", "libreoffice"],
        "apt-get install libreoffice-calc-nogui",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut files = Vec::new();
    for id in RUBRICS {
        let data = example(id);
        let sheet = dir.path().join(format!("sheet-{id}.xlsx"));
        run_ok(&["-r", id, path_str(&data), "-o", path_str(&sheet)]);
        let summary = dir.path().join(format!("summary-{id}.xlsx"));
        run_ok(&[
            "-r",
            id,
            "--summary",
            path_str(&data),
            "-o",
            path_str(&summary),
        ]);
        files.push(sheet);
        files.push(summary);
    }
    let csv_dir = dir.path().join("csv");
    // Comma-separated, quoted, UTF-8 (76).
    let csv = "csv:Text - txt - csv (StarCalc):44,34,76";
    soffice_convert(&soffice, csv, &csv_dir, &files);

    for id in RUBRICS {
        let json = json_sheet(id);
        let points: HashMap<String, Decimal> = json["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| {
                (
                    i["id"].as_str().expect("id").to_string(),
                    json_decimal(&i["points"]),
                )
            })
            .collect();
        let order = row_order(id);
        assert_eq!(order.len(), points.len(), "{id}: every item has a row");

        let rows = read_csv(&csv_dir.join(format!("sheet-{id}.csv")));
        // A heading too wide for its column is broken as the notice prints it (`一级` / `指标`).
        let header = rows
            .iter()
            .position(|r| r.first().is_some_and(|c| c.replace('\n', "") == "一级指标"))
            .unwrap_or_else(|| panic!("{id}: no header row in {rows:?}"));
        // 附件3 ends at 评价结果, which holds the points (`3% 达标` / `得 15 分`).
        let requirements = id == "demonstration-enterprise";
        assert_eq!(
            rows[header].last().map(String::as_str),
            Some(if requirements {
                "评价结果"
            } else {
                "得分"
            }),
            "{id}"
        );
        for (n, item) in order.iter().enumerate() {
            let row = &rows[header + 1 + n];
            let cell = row.last().expect("points cell");
            let cell = if requirements {
                cell.rsplit_once("得 ")
                    .and_then(|(_, p)| p.strip_suffix(" 分"))
                    .unwrap_or_else(|| panic!("{id}: no points in {cell:?}"))
            } else {
                cell
            };
            assert_eq!(dec(cell), points[item], "{id}: item `{item}` (row {row:?})");
        }
        let total_row = rows
            .iter()
            .find(|r| {
                r.first()
                    .is_some_and(|c| c.replace('\u{3000}', "").starts_with("总分"))
            })
            .unwrap_or_else(|| panic!("{id}: no total row"));
        assert_eq!(
            dec(last_filled(total_row)),
            json_decimal(&json["total"]),
            "{id}"
        );
        if let Some(base_row) = rows
            .iter()
            .find(|r| r.first().is_some_and(|c| c.starts_with("基本得分")))
        {
            assert_eq!(
                dec(last_filled(base_row)),
                json_decimal(&json["base"]),
                "{id}"
            );
        }
        assert!(
            rows.iter()
                .any(|r| r.iter().any(|c| c.contains("申报单位（盖章）"))),
            "{id}: the seal line"
        );

        // The summary's columns are found by their headings: gate figures stand between the
        // file and the scores for a table with gates.
        let summary = read_csv(&csv_dir.join(format!("summary-{id}.csv")));
        let head = summary
            .iter()
            .position(|r| r.iter().any(|c| c == "排名"))
            .unwrap_or_else(|| panic!("{id}: no header row in {summary:?}"));
        let column = |heading: &str| {
            summary[head]
                .iter()
                .position(|h| h == heading)
                .unwrap_or_else(|| panic!("{id}: no `{heading}` column in {:?}", summary[head]))
        };
        let row = &summary[head + 1];
        assert_eq!(row[column("排名")], "1", "{id}");
        let base = &row[column("基本得分")];
        assert_eq!(dec(base), json_decimal(&json["base"]), "{id}: base");
        let bonus = &row[column("加分")];
        assert_eq!(dec(bonus), json_decimal(&json["bonus"]), "{id}: bonus");
        let total = &row[column("总分")];
        assert_eq!(dec(total), json_decimal(&json["total"]), "{id}: total");
    }
}

/// The template workbook's rows, as words: what a reviewer checks against the TOML template.
#[test]
fn snapshot_of_the_enterprise_center_workbook_rows() {
    let rubric = rubric("enterprise-center");
    let rows: Vec<String> = score::template::entries(&rubric, score::sheet::Lang::Zh)
        .iter()
        .map(|e| {
            format!(
                "{} | {} | {} | {} | {} | {} | {:?} | {:?}\n    {}\n    {}",
                e.key,
                e.category,
                e.group,
                e.title,
                e.unit,
                e.max.map(|m| m.to_string()).unwrap_or_default(),
                e.kind,
                e.prefill,
                e.rule,
                e.note
            )
        })
        .collect();
    insta::assert_snapshot!(rows.join("\n"));
}

#[test]
fn a_file_that_fails_alone_gets_no_workbook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = common::write(&dir, "bad.toml", "rd_expence = 3\n");
    let out = dir.path().join("sheet.xlsx");
    score()
        .args([
            "-r",
            "enterprise-center",
            path_str(&bad),
            "-o",
            path_str(&out),
        ])
        .assert()
        .code(1);
    // As a text format prints nothing for it: an empty workbook would pass for a result.
    assert_eq!(std::fs::read(&out).expect("created").len(), 0);
}
