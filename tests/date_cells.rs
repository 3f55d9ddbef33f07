//! Date-formatted cells (issue 25): Excel stores a date as a serial number (45291), LibreOffice's
//! .ods as ISO text. In the `year` row a date is read as its year; in a figure's row it is
//! refused with a message that says the cell is a date, showing the date, not the serial. The
//! same for .xlsx, and for .xls and .ods as LibreOffice converts them.

mod common;

use std::path::{Path, PathBuf};

use common::score;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A one-company workbook for 附件1 with a date in the `year` row and, when `date_figure`, a
/// date in the `rd_staff` row too; the other figures are plain numbers.
fn workbook(path: &Path, year: (u16, u8, u8), date_figure: bool) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_string(0, 0, "键 key").unwrap();
    ws.write_string(0, 1, "数值 value").unwrap();
    ws.write_string(1, 0, "rubric").unwrap();
    ws.write_string(1, 1, "enterprise-center").unwrap();
    ws.write_string(2, 0, "year").unwrap();
    let (y, m, d) = year;
    let when = ExcelDateTime::from_ymd(y, m, d).unwrap();
    ws.write_datetime_with_format(2, 1, &when, &date).unwrap();
    ws.write_string(3, 0, "rd_expense").unwrap();
    ws.write_number(3, 1, 1150).unwrap();
    ws.write_string(4, 0, "rd_staff").unwrap();
    if date_figure {
        let when = ExcelDateTime::from_ymd(2024, 1, 5).unwrap();
        ws.write_datetime_with_format(4, 1, &when, &date).unwrap();
    } else {
        ws.write_number(4, 1, 40).unwrap();
    }
    wb.save(path).unwrap();
}

fn run(args: &[&str], path: &Path) -> (Option<i32>, String, String) {
    let out = score()
        .env_remove("SCORE_LANG")
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The checks every format must pass, on `good` (year 2023-12-31) and `bad` (a date figure).
fn check(good: &Path, bad: &Path, wrong_year: &Path, format: &str) {
    let (code, out, err) = run(&[], good);
    assert_eq!(code, Some(0), "{format}: {err}");
    assert!(out.contains("数据年度: 2023"), "{format}: {out}");
    assert!(
        !format!("{out}{err}").contains("`year`"),
        "{format}: {out}{err}"
    );
    // A year other than the notice's is still told: the date was read, not ignored.
    let (_, out, err) = run(&[], wrong_year);
    assert!(out.contains("数据年度: 2022"), "{format}: {out}");
    assert!(
        format!("{out}{err}").contains("`year` 为 2022，但通知要求 2023 年数据"),
        "{format}: {out}{err}"
    );
    let (code, _, err) = run(&[], bad);
    assert_eq!(code, Some(1), "{format}");
    assert!(
        err.contains("`rd_staff` 的单元格设成了日期格式，显示为 2024-01-05，不是数值"),
        "{format}: {err}"
    );
    assert!(
        !err.contains("45296"),
        "{format}: the serial number shows: {err}"
    );
    let (_, _, en) = run(&["--lang", "en"], bad);
    assert!(
        en.contains("the cell of `rd_staff` is formatted as a date and shows 2024-01-05"),
        "{format}: {en}"
    );
}

fn made(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let good = dir.join("good.xlsx");
    let bad = dir.join("bad.xlsx");
    let wrong = dir.join("wrong.xlsx");
    workbook(&good, (2023, 12, 31), false);
    workbook(&bad, (2023, 12, 31), true);
    workbook(&wrong, (2022, 6, 30), false);
    (good, bad, wrong)
}

#[test]
fn date_cells_in_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let (good, bad, wrong) = made(dir.path());
    check(&good, &bad, &wrong, "xlsx");
}

/// `soffice --convert-to` in a fresh profile, into `out`.
fn convert(soffice: &Path, input: &Path, to: &str, out: &Path) -> PathBuf {
    common::tools::soffice_convert(soffice, to, out, &[input]);
    let stem = input.file_stem().unwrap().to_string_lossy();
    let converted = out.join(format!("{stem}.{to}"));
    assert!(
        converted.is_file(),
        "soffice wrote no {}",
        converted.display()
    );
    converted
}

#[test]
fn date_cells_in_xls_and_ods_as_libreoffice_writes_them() {
    let Some(soffice) = common::tools::find_tool(
        "date_cells_in_xls_and_ods_as_libreoffice_writes_them",
        None,
        &["soffice", "libreoffice"],
        "apt-get install libreoffice-calc-nogui",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (good, bad, wrong) = made(dir.path());
    for to in ["xls", "ods"] {
        let out = dir.path().join(to);
        std::fs::create_dir_all(&out).unwrap();
        let [good, bad, wrong] = [&good, &bad, &wrong].map(|p| convert(&soffice, p, to, &out));
        check(&good, &bad, &wrong, to);
    }
}
