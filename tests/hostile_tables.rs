//! Issue 28 (and issue 23's quiet workbooks): workbooks, CSV lists and output files as safe as
//! TOML files. Every run of a crafted file is made under a 1 GiB address-space limit, so a
//! workbook that would exhaust memory fails its test instead of the machine.

#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use common::books::{self, XlsCell, key_value_rows, xn, xs};

/// The address space a run may use: a few hundred MB is the promise, 1 GiB the fence.
const LIMIT_KIB: u64 = 1 << 20;

/// Runs `score ARGS` under the memory limit (through `sh`'s `ulimit -v`), in English.
fn limited(dir: &Path, args: &[&str]) -> Output {
    let bin = assert_cmd::cargo::cargo_bin("score");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {LIMIT_KIB} && exec \"$0\" \"$@\""))
        .arg(bin)
        .args(args)
        .current_dir(dir)
        .env("SCORE_LANG", "en")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // A hang is a failure too: a FIFO must be refused, not waited on.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("score {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Exit code 0 or 1, never a signal (134 is an abort) or a panic's 101.
fn ended_normally(out: &Output) -> i32 {
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "status {:?}\nstderr:\n{}",
        out.status,
        text(&out.stderr)
    );
    code.unwrap_or(-1)
}

fn put(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

const EXAMPLE: &str = include_str!("../examples/enterprise-center.toml");

/// A hostile file beside a good one: the hostile one is refused with `needle` in its message,
/// and the good one is still scored and summarised.
fn refused_beside_a_good_file(name: &str, bytes: Vec<u8>, needle: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    put(dir.path(), name, bytes);
    put(dir.path(), "good.toml", EXAMPLE);
    let out = limited(
        dir.path(),
        &[
            "--rubric",
            "enterprise-center",
            "--summary",
            name,
            "good.toml",
        ],
    );
    assert_eq!(ended_normally(&out), 1);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(stderr.contains(needle), "no `{needle}` in:\n{stderr}");
    assert!(stdout.contains("武威示例新材料科技有限公司"), "{stdout}");
}

#[test]
fn an_xlsx_with_a_cell_at_the_last_corner_is_refused_by_name() {
    let rows = format!(
        r#"<row r="1">{}</row><row r="1048576">{}</row>"#,
        xs("A1", "键 key"),
        xn("XFD1048576", "1")
    );
    let bytes = books::xlsx_raw(&[("Sheet1", &rows, false)]);
    assert!(bytes.len() < 4096, "{} bytes", bytes.len());
    refused_beside_a_good_file("corner.xlsx", bytes, "XFD1048576");
}

#[test]
fn an_xlsx_made_by_the_writer_with_a_far_corner_is_refused() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "键 key").expect("write");
    sheet.write_number(1_000_000 - 1, 99, 1.0).expect("write");
    let bytes = book.save_to_buffer().expect("save");
    refused_beside_a_good_file("cv.xlsx", bytes, "CV1000000");
}

#[test]
fn an_xlsx_whose_sheet_inflates_to_gigabytes_of_whitespace_is_refused() {
    let spaces = vec![b' '; 40 << 20];
    let sheet = [
        br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>"#.as_slice(),
        &spaces,
        b"</sheetData></worksheet>",
    ]
    .concat();
    let good = books::xlsx_raw(&[("Sheet1", "", false)]);
    // The good workbook with its sheet replaced by the inflated one.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(good)).expect("zip");
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("part");
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).expect("read");
        let name = f.name().expect("name").to_string();
        parts.push((name, b));
    }
    for (name, bytes) in &mut parts {
        if name == "xl/worksheets/sheet1.xml" {
            *bytes = sheet.clone();
        }
    }
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let bytes = books::zip(&refs);
    assert!(bytes.len() < 1 << 20, "{} bytes", bytes.len());
    refused_beside_a_good_file("spaces.xlsx", bytes, "sheet1.xml");
}

#[test]
fn an_ods_repeating_a_filled_cell_over_the_whole_sheet_is_refused() {
    let rows = r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"><text:p>1</text:p></table:table-cell></table:table-row>"#;
    let bytes = books::ods("Sheet1", rows);
    refused_beside_a_good_file("repeat.ods", bytes, "too large");
}

#[test]
fn an_ods_with_a_percentage_cell_repeated_widely_stays_small() {
    // The tool's own percent-cell scan once turned this 1 KB file into 3.5 GB.
    let rows = r#"<table:table-row table:number-rows-repeated="4096"><table:table-cell office:value-type="percentage" office:value="0.1" table:number-columns-repeated="4096"><text:p>10%</text:p></table:table-cell></table:table-row>"#;
    refused_beside_a_good_file("percent.ods", books::ods("Sheet1", rows), "too large");
}

#[test]
fn an_xls_whose_dimensions_claim_billions_of_cells_is_refused() {
    let mut stream = books::biff(&[("Sheet1", vec![(0, 0, XlsCell::Text("键 key"))])]);
    // The DIMENSIONS record's last row (a 32-bit field) set to 4 billion.
    let at = (0..stream.len() - 4)
        .find(|&i| stream[i..i + 4] == [0x00, 0x02, 14, 0])
        .expect("DIMENSIONS");
    stream[at + 8..at + 12].copy_from_slice(&0xF000_0000u32.to_le_bytes());
    refused_beside_a_good_file("dims.xls", books::compound(&stream), "cells");
}

#[test]
fn an_xls_with_a_cell_at_a_far_column_is_refused_by_name() {
    let mut stream = books::biff(&[(
        "Sheet1",
        vec![
            (0, 0, XlsCell::Text("键 key")),
            (60_000, 60_000, XlsCell::Number(1.0)),
        ],
    )]);
    // DIMENSIONS claiming A1 alone: the cell itself must be caught.
    let at = (0..stream.len() - 4)
        .find(|&i| stream[i..i + 4] == [0x00, 0x02, 14, 0])
        .expect("DIMENSIONS");
    stream[at + 8..at + 12].copy_from_slice(&1u32.to_le_bytes());
    stream[at + 14..at + 16].copy_from_slice(&1u16.to_le_bytes());
    let name = score::data::workbook::bounds::cell_name(60_000, 60_000);
    refused_beside_a_good_file("far.xls", books::compound(&stream), &name);
}

/// Issue 23: a cell shown as 3.2% in an `.xls` is 3.2%, as in `.xlsx`, `.ods` and TOML. With
/// R&D at 3% of sales now, 3.2% before is a fall: the growth item gives 0, not 3.
#[test]
fn an_xls_percent_cell_scores_as_the_same_figure_everywhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = |previous: XlsCell<'static>| {
        vec![
            (0, 0, XlsCell::Text("键 key")),
            (0, 1, XlsCell::Text("数值 value")),
            (1, 0, XlsCell::Text("rubric")),
            (1, 1, XlsCell::Text("demonstration-enterprise")),
            (2, 0, XlsCell::Text("rd_expense")),
            (2, 1, XlsCell::Number(780.0)),
            (3, 0, XlsCell::Text("product_sales")),
            (3, 1, XlsCell::Number(26000.0)),
            (4, 0, XlsCell::Text("previous_rd_intensity")),
            (4, 1, previous),
        ]
    };
    put(
        dir.path(),
        "p.xls",
        books::xls(&[("Sheet1", rows(XlsCell::Percent(0.032)))]),
    );
    let ods_rows = [
        books::ods_row("键 key", "数值 value", "string"),
        books::ods_row("rubric", "demonstration-enterprise", "string"),
        books::ods_row("rd_expense", "780", "float"),
        books::ods_row("product_sales", "26000", "float"),
        books::ods_row("previous_rd_intensity", "0.032", "percentage"),
    ]
    .concat();
    put(dir.path(), "p.ods", books::ods("Sheet1", &ods_rows));
    put(
        dir.path(),
        "p.toml",
        "rubric = \"demonstration-enterprise\"\nrd_expense = 780\nproduct_sales = 26000\nprevious_rd_intensity = \"3.2%\"\n",
    );
    let growth = |file: &str| {
        let out = limited(dir.path(), &["--format", "json", file]);
        ended_normally(&out);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}\n{}", text(&out.stdout), text(&out.stderr)));
        let items = json["items"].as_array().expect("items").clone();
        let total = json["total"].to_string();
        let item = items
            .into_iter()
            .find(|i| {
                i["title_en"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("Growth of the R&D"))
            })
            .unwrap_or_else(|| panic!("no growth item in {json}"));
        (
            total,
            item["points"].to_string(),
            item["value_display"].to_string(),
        )
    };
    let toml = growth("p.toml");
    assert_eq!(growth("p.xls"), toml);
    assert_eq!(growth("p.ods"), toml);
    assert_eq!(toml.1, "0", "{toml:?}");
}

#[test]
fn a_fifo_named_as_any_input_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["x.csv", "x.xlsx", "x.xls", "x.ods", "x.toml"] {
        let path = dir.path().join(name);
        let made = Command::new("mkfifo").arg(&path).status().expect("mkfifo");
        assert!(made.success());
        let out = limited(dir.path(), &["--rubric", "enterprise-center", name]);
        assert_eq!(ended_normally(&out), 1, "{name}");
        assert!(
            text(&out.stderr).contains("not a regular file"),
            "{name}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn a_device_linked_as_a_csv_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("x.csv")).expect("link");
    let out = limited(dir.path(), &["--rubric", "enterprise-center", "x.csv"]);
    assert_eq!(ended_normally(&out), 1);
    assert!(
        text(&out.stderr).contains("a device"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_csv_larger_than_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = std::fs::File::create(dir.path().join("big.csv")).expect("create");
    file.set_len((16 << 20) + 1).expect("sparse");
    let out = limited(dir.path(), &["--rubric", "enterprise-center", "big.csv"]);
    assert_eq!(ended_normally(&out), 1);
    assert!(
        text(&out.stderr).contains("too large"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_csv_quote_left_open_is_an_error_naming_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    put(
        dir.path(),
        "list.csv",
        "company,rd_staff,total_staff\n甲,40,600\n\"乙,30,500\n丙,20,100\n",
    );
    let out = limited(dir.path(), &["--rubric", "enterprise-center", "list.csv"]);
    assert_eq!(ended_normally(&out), 1);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("line 3"), "{stderr}");
    assert!(!text(&out.stdout).contains("丙"), "{}", text(&out.stdout));
}

#[test]
fn a_formula_without_a_saved_value_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = key_value_rows(&[
        ("rubric", xs("B2", "enterprise-center")),
        ("rd_staff", r#"<c r="B3"><f>SUM(C1:C9)</f></c>"#.to_string()),
    ]);
    put(
        dir.path(),
        "f.xlsx",
        books::xlsx_raw(&[("Sheet1", &rows, false)]),
    );
    let out = limited(dir.path(), &["f.xlsx"]);
    assert_eq!(ended_normally(&out), 1);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("formula =SUM(C1:C9) but no saved result"),
        "{stderr}"
    );
    assert!(stderr.contains("f.xlsx:Sheet1!B3"), "{stderr}");
}

fn key_value_sheet(staff: &str) -> String {
    key_value_rows(&[
        ("rubric", xs("B2", "enterprise-center")),
        ("company", xs("B3", "甲")),
        ("rd_staff", xn("B4", staff)),
        ("total_staff", xn("B5", "600")),
    ])
}

#[test]
fn a_cover_sheet_in_front_is_passed_over_and_the_sheet_read_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cover = format!(r#"<row r="1">{}</row>"#, xs("A1", "封面：2024年申报材料"));
    let bytes = books::xlsx_raw(&[
        ("封面", &cover, false),
        ("数据", &key_value_sheet("40"), false),
    ]);
    put(dir.path(), "c.xlsx", bytes);
    let out = limited(dir.path(), &["--format", "json", "c.xlsx"]);
    assert_eq!(ended_normally(&out), 0, "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("the sheet read is `数据`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn two_sheets_holding_data_are_refused_and_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = books::xlsx_raw(&[
        ("草稿", &key_value_sheet("10"), false),
        ("正式", &key_value_sheet("40"), false),
    ]);
    put(dir.path(), "two.xlsx", bytes);
    let out = limited(dir.path(), &["two.xlsx"]);
    assert_eq!(ended_normally(&out), 1);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("`草稿`") && stderr.contains("`正式`"),
        "{stderr}"
    );
}

#[test]
fn a_hidden_draft_sheet_is_not_read_and_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = books::xlsx_raw(&[
        ("草稿", &key_value_sheet("10"), true),
        ("正式", &key_value_sheet("40"), false),
    ]);
    put(dir.path(), "h.xlsx", bytes);
    let out = limited(dir.path(), &["--format", "json", "h.xlsx"]);
    assert_eq!(ended_normally(&out), 0, "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("the sheet read is `正式`"), "{stderr}");
    assert!(
        stderr.contains("hidden sheets `草稿` are not read"),
        "{stderr}"
    );
}

/// `-o` onto each kind of input: refused, and the input is as it was.
#[test]
fn an_output_file_that_is_an_input_is_refused_however_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = include_str!("../examples/bureau-list.csv");
    let xlsx = books::xlsx_raw(&[("Sheet1", &key_value_sheet("40"), false)]);
    put(dir.path(), "list.csv", csv);
    put(dir.path(), "a.toml", EXAMPLE);
    put(dir.path(), "b.xlsx", &xlsx);
    put(
        dir.path(),
        "r.toml",
        include_str!("../rubrics/enterprise-center.toml"),
    );
    std::os::unix::fs::symlink("list.csv", dir.path().join("link.csv")).expect("link");
    put(dir.path(), "paths.txt", "a.toml\n");
    for (args, output) in [
        (
            vec!["--rubric", "enterprise-center", "list.csv"],
            "list.csv",
        ),
        (
            vec!["--rubric", "enterprise-center", "list.csv"],
            "./link.csv",
        ),
        (vec!["--format", "json", "a.toml"], "a.toml"),
        (vec!["a.toml", "b.xlsx"], "b.xlsx"),
        (
            vec!["--format", "json", "--rubric", "r.toml", "a.toml"],
            "r.toml",
        ),
        (vec!["--format", "json", "."], "a.toml"),
        (
            vec!["--format", "json", "--files-from", "paths.txt"],
            "paths.txt",
        ),
    ] {
        let mut all = args.clone();
        all.extend(["-o", output]);
        let out = limited(dir.path(), &all);
        assert_eq!(ended_normally(&out), 1, "{all:?}");
        assert!(
            text(&out.stderr).contains("would destroy it"),
            "{all:?}: {}",
            text(&out.stderr)
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("list.csv")).expect("read"),
        csv
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.toml")).expect("read"),
        EXAMPLE
    );
    assert_eq!(
        std::fs::read(dir.path().join("b.xlsx")).expect("read"),
        xlsx
    );
}

/// The report is written beside its place and renamed in: a link to the old report still shows
/// the old one (nothing was truncated in place), and no temporary file is left.
#[test]
fn the_output_file_is_replaced_whole_not_truncated() {
    let dir = tempfile::tempdir().expect("tempdir");
    put(dir.path(), "a.toml", EXAMPLE);
    put(dir.path(), "out.json", "old report");
    std::fs::hard_link(dir.path().join("out.json"), dir.path().join("kept.json")).expect("link");
    let out = limited(
        dir.path(),
        &["a.toml", "--format", "json", "-o", "out.json"],
    );
    assert_eq!(ended_normally(&out), 0, "{}", text(&out.stderr));
    let new = std::fs::read_to_string(dir.path().join("out.json")).expect("read");
    assert!(new.contains("武威示例新材料科技有限公司"), "{new}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("kept.json")).expect("read"),
        "old report"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A run that fails leaves the previous report as it was.
#[test]
fn a_failed_run_leaves_the_previous_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    put(dir.path(), "out.json", "old report");
    put(
        dir.path(),
        "bad.toml",
        "rubric = \"enterprise-center\"\nrd_staff = \n",
    );
    // `--format xlsx` over a terminal-less stdout is fine; a bad `--what-if` fails after parsing.
    let out = limited(
        dir.path(),
        &[
            "--rubric",
            "enterprise-center",
            "--what-if",
            "nonsense=1",
            "bad.toml",
            "-o",
            "out.json",
        ],
    );
    assert_eq!(ended_normally(&out), 1);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.json")).expect("read"),
        "old report"
    );
}

#[test]
fn template_does_not_overwrite_a_file_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    put(dir.path(), "filled.toml", EXAMPLE);
    let out = limited(
        dir.path(),
        &[
            "template",
            "--rubric",
            "enterprise-center",
            "-o",
            "filled.toml",
        ],
    );
    assert_eq!(ended_normally(&out), 1);
    assert!(
        text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("filled.toml")).expect("read"),
        EXAMPLE
    );
    let out = limited(
        dir.path(),
        &[
            "template",
            "--rubric",
            "enterprise-center",
            "-o",
            "filled.toml",
            "--force",
        ],
    );
    assert_eq!(ended_normally(&out), 0, "{}", text(&out.stderr));
    assert_ne!(
        std::fs::read_to_string(dir.path().join("filled.toml")).expect("read"),
        EXAMPLE
    );
}

/// A summary written into the folder it ranks is not read back as an applicant.
#[test]
fn a_summary_in_the_ranked_folder_is_skipped_with_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("applicants");
    std::fs::create_dir(&folder).expect("mkdir");
    put(&folder, "a.toml", EXAMPLE);
    for output in ["汇总.csv", "summary.xlsx"] {
        let first = limited(
            dir.path(),
            &[
                "--summary",
                "applicants",
                "-o",
                &format!("applicants/{output}"),
            ],
        );
        assert_eq!(ended_normally(&first), 0, "{}", text(&first.stderr));
    }
    let out = limited(dir.path(), &["--summary", "--format", "csv", "applicants"]);
    assert_eq!(ended_normally(&out), 0, "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("汇总.csv` is a summary this program wrote"),
        "{stderr}"
    );
    assert!(
        stderr.contains("summary.xlsx` is a summary this program wrote"),
        "{stderr}"
    );
    assert_eq!(
        text(&out.stdout)
            .matches("武威示例新材料科技有限公司")
            .count(),
        1
    );
}

/// One text longer than an Excel cell holds is cut with a mark; the rest of the workbook stays.
#[test]
fn a_name_longer_than_an_excel_cell_is_cut_not_fatal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "长".repeat(33_000);
    let data = EXAMPLE.replace("武威示例新材料科技有限公司", &name);
    put(dir.path(), "long.toml", data);
    put(dir.path(), "good.toml", EXAMPLE);
    for args in [
        vec!["--summary", "long.toml", "good.toml", "-o", "s.xlsx"],
        vec!["long.toml", "-o", "sheet.xlsx"],
    ] {
        let out = limited(dir.path(), &args);
        assert_eq!(ended_normally(&out), 0, "{args:?}: {}", text(&out.stderr));
    }
}

/// Places past what a decimal holds are refused, never rounded into a pass (the gate of
/// R&D ≥ 200万元 with 199.999…9 written out to 29 places).
#[test]
fn a_figure_with_more_places_than_can_be_held_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = EXAMPLE.replace(
        "rd_expense = \"860万元\"",
        "rd_expense = 199.99999999999999999999999999999",
    );
    assert_ne!(data, EXAMPLE);
    put(dir.path(), "p.toml", data);
    let out = limited(dir.path(), &["p.toml"]);
    assert_eq!(ended_normally(&out), 1);
    assert!(
        text(&out.stderr).contains("decimal places"),
        "{}",
        text(&out.stderr)
    );
}

/// A cell's text, a sheet's name and a file's name reach the terminal escaped: no ESC, no bidi
/// override from a diagnostic, a note or a row.
#[test]
fn cells_sheet_names_and_paths_are_escaped_on_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("in\u{1b}[31mbox");
    std::fs::create_dir(&folder).expect("mkdir");
    put(
        &folder,
        "l\u{1b}[2J.csv",
        "company,rd_staff\n\"\u{1b}]0;pwn\u{7}\u{202e}名\",\"12\u{1b}[2J\"\n",
    );
    let rows = key_value_rows(&[
        ("rubric", xs("B2", "enterprise-center")),
        ("rd_staff", xs("B3", "1\u{202e}2")),
    ]);
    put(
        &folder,
        "s.xlsx",
        books::xlsx_raw(&[("封面", "", false), ("数\u{202e}据", &rows, false)]),
    );
    let out = limited(
        dir.path(),
        &["--rubric", "enterprise-center", "in\u{1b}[31mbox"],
    );
    assert_eq!(ended_normally(&out), 1);
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let shown = text(bytes);
        assert!(!shown.contains('\u{1b}'), "ESC on {stream}:\n{shown}");
        assert!(
            !shown.contains('\u{202e}'),
            "bidi override on {stream}:\n{shown}"
        );
        assert!(!shown.contains('\u{7}'), "BEL on {stream}:\n{shown}");
    }
    let stderr = text(&out.stderr);
    assert!(stderr.contains("12\\u{1b}[2J"), "{stderr}");
    assert!(stderr.contains("数\\u{202e}据"), "{stderr}");
}
