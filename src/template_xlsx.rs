//! `score template --format xlsx`: the data template as a fill-in workbook for Excel and WPS.
//!
//! One worksheet, one row per data key in the TOML template's order ([`template::entries`], so
//! the keys, headings and rule words are the TOML template's own), then the columns a reader
//! finds by their names: `键 key` (the data key) and `数值 value` (left empty). The value cells are
//! the only unlocked ones and the sheet is protected without a password, so a slip cannot change
//! a key while anyone who wants to can lift the protection. Each value cell checks what it takes:
//! a level's labels as a dropdown, a whole number ≥ 0 for a count, a number ≥ 0 for money and
//! percentages. A4 landscape, fit to one page wide, the header row repeated on each page.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, ProtectionOptions,
    Workbook, Worksheet, XlsxError,
};

use crate::render::workbook;
use crate::rubric::Rubric;
use crate::sheet::Lang;
use crate::template::{self, Entry, EntryKind};

/// The heading of the data-key column, which the workbook reader looks for.
pub const KEY_HEADING: &str = "键 key";
/// The heading of the value column, which the workbook reader looks for.
pub const VALUE_HEADING: &str = "数值 value";

/// The columns: heading (both languages, so a reader and either reader of it find them) and
/// width in characters.
const COLUMNS: [(&str, f64); 11] = [
    ("一级指标 level 1", 14.0),
    ("二级指标 level 2", 16.0),
    ("指标 item", 18.0),
    ("数据名称 figure", 22.0),
    (KEY_HEADING, 36.0),
    (VALUE_HEADING, 14.0),
    ("单位 unit", 8.0),
    ("满分 max", 7.0),
    ("评分规则 rule", 38.0),
    ("说明 note", 34.0),
    (CONFIRMED_HEADING, 10.0),
];
const KEY_COL: u16 = 4;
const VALUE_COL: u16 = 5;
const CONFIRMED_COL: u16 = 10;
/// The heading of the column where a figure that looks unusual but is right is marked 是.
pub const CONFIRMED_HEADING: &str = "已核实 confirmed";

/// The workbook's bytes.
pub fn workbook(rubric: &Rubric, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    workbook_filled(rubric, lang, &|_| None, &[])
}

/// The workbook with figures already in its value cells (`score serve`'s download of a filled
/// form): `filled(key)` gives the text for a data key, `Some("")` to leave its cell empty, `None`
/// to keep what the template writes there. Plain numbers are written as numbers. The figures
/// `confirmed` lists get 是 in their 已核实 cell.
pub fn workbook_filled(
    rubric: &Rubric,
    lang: Lang,
    filled: &dyn Fn(&str) -> Option<String>,
    confirmed: &[String],
) -> Result<Vec<u8>, XlsxError> {
    let mut entries = template::entries(rubric, lang);
    for entry in &mut entries {
        if let Some(text) = filled(&entry.key) {
            entry.prefill = (!text.trim().is_empty()).then_some(text);
        }
    }
    // `rubric = "ID"` names the table the figures are for; the reader may check it. Added here
    // unless the TOML template (whose keys these are) has come to write it itself.
    if let Some(entry) = entries.iter_mut().find(|e| e.key == "rubric") {
        entry.prefill.get_or_insert_with(|| rubric.id.to_string());
    } else {
        // First, as the TOML template writes it.
        entries.insert(0, rubric_entry(rubric, lang));
    }
    let mut book = Workbook::new();
    let lists = Lists::of(&entries, lang);
    let ws = book.add_worksheet();
    ws.set_name(lang.pick("数据", "Data"))?;
    sheet(ws, rubric, lang, &entries, confirmed, &lists)?;
    lists.write(&mut book)?;
    book.save_to_buffer()
}

/// Level lists a dropdown cannot hold inline: Excel splits an inline list at every ASCII comma
/// (`甲,乙` would offer `甲` and `乙`) and caps it at 255 characters. Those lists go, one column
/// each, on a hidden sheet the dropdown refers to, so every label is offered whole.
struct Lists {
    sheet: &'static str,
    columns: Vec<Vec<String>>,
}

impl Lists {
    fn of(entries: &[Entry], lang: Lang) -> Lists {
        let mut columns: Vec<Vec<String>> = Vec::new();
        for entry in entries {
            if let EntryKind::Level(labels) = &entry.kind
                && !fits_inline(labels)
                && !columns.contains(labels)
            {
                columns.push(labels.clone());
            }
        }
        Lists {
            sheet: lang.pick("下拉选项", "Lists"),
            columns,
        }
    }

    /// The range a dropdown of `labels` refers to, when they are on the lists sheet.
    fn range(&self, labels: &[String]) -> Option<String> {
        let column = self.columns.iter().position(|c| c == labels)?;
        let letters = score_core::diag::column_letters(column as u32 + 1);
        Some(format!(
            "='{}'!${letters}$1:${letters}${}",
            self.sheet,
            labels.len()
        ))
    }

    fn write(&self, book: &mut Workbook) -> Result<(), XlsxError> {
        if self.columns.is_empty() {
            return Ok(());
        }
        let ws = book.add_worksheet();
        ws.set_name(self.sheet)?;
        for (column, labels) in self.columns.iter().enumerate() {
            for (row, label) in labels.iter().enumerate() {
                workbook::write_text(ws, row as u32, column as u16, label, &Format::new())?;
            }
        }
        ws.set_hidden(true);
        Ok(())
    }
}

/// Whether Excel can offer `labels` as an inline list: no comma inside one, 255 characters in
/// all (UTF-16 units, commas between them counted).
fn fits_inline(labels: &[String]) -> bool {
    let length: usize = labels
        .iter()
        .map(|l| l.encode_utf16().count())
        .sum::<usize>()
        + labels.len().saturating_sub(1);
    labels.iter().all(|l| !l.contains(',') && !l.contains('"')) && length <= 255
}

/// A note or rule as a workbook reader reads it: no markdown backticks, and a key written with
/// its title (`` `total_staff`（企业职工总数）``) as the title alone, the row's 数据名称.
fn cell_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('`') else {
            out.push_str(after);
            return out;
        };
        let code = &after[..close];
        let tail = &after[close + 1..];
        match tail.strip_prefix('（').and_then(|t| t.split_once('）')) {
            Some((title, more)) => {
                out.push_str(title);
                rest = more;
            }
            None => {
                out.push_str(code);
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

fn rubric_entry(rubric: &Rubric, lang: Lang) -> Entry {
    Entry {
        key: "rubric".into(),
        category: String::new(),
        group: String::new(),
        title: lang.pick("评分表", "Rubric").into(),
        unit: String::new(),
        max: None,
        item: String::new(),
        rule: String::new(),
        note: lang
            .pick(
                "本数据所用的评分表（可不填）",
                "the rubric these figures are for (may be left empty)",
            )
            .into(),
        kind: EntryKind::Text,
        prefill: Some(rubric.id.to_string()),
    }
}

fn sheet(
    ws: &mut Worksheet,
    rubric: &Rubric,
    lang: Lang,
    entries: &[Entry],
    confirmed: &[String],
    lists: &Lists,
) -> Result<(), XlsxError> {
    let formats = Formats::new();
    page(ws, rubric, lang, &formats.head)?;
    for (n, entry) in entries.iter().enumerate() {
        let row = n as u32 + 1;
        let lines = entry_texts(ws, row, entry, &formats)?;
        value_cell(ws, row, entry, lang, &formats.value, lists)?;
        confirmed_cell(ws, row, entry, rubric, lang, confirmed, &formats)?;
        ws.set_row_height(row, workbook::row_height(lines))?;
    }
    ws.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

/// The cell formats of the data sheet; only the value and confirmed cells are unlocked.
struct Formats {
    cell: Format,
    head: Format,
    key: Format,
    value: Format,
    center: Format,
    confirm: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = workbook::table_cell();
        let head = workbook::heading_cell();
        // A key is typed as it stands: never broken over two lines.
        let key = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_font_name("Consolas");
        let value = cell.clone().set_unlocked().set_background_color("#FFF9DB");
        let center = cell.clone().set_align(FormatAlign::Center);
        let confirm = center.clone().set_unlocked();
        Formats {
            cell,
            head,
            key,
            value,
            center,
            confirm,
        }
    }
}

/// The header row, the column widths and the printed page.
fn page(ws: &mut Worksheet, rubric: &Rubric, lang: Lang, head: &Format) -> Result<(), XlsxError> {
    for (c, (heading, width)) in COLUMNS.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
        ws.write_string_with_format(0, c as u16, *heading, head)?;
    }
    ws.set_row_height(0, 20)?;
    ws.set_freeze_panes(1, 0)?;
    workbook::a4(ws);
    ws.set_landscape();
    ws.set_repeat_rows(0, 0)?;
    let title = format!(
        "{} — {}",
        lang.pick(&rubric.title, &rubric.title_en),
        lang.pick("数据填报表", "data workbook")
    );
    // `&` starts a code in a page header; a title's own must print as itself.
    ws.set_header(format!("&C{}", title.replace('&', "&&")));
    Ok(())
}

/// The entry's fixed cells: what it is, its key, unit, max, rule and note. Returns how many
/// lines the tallest wrapped text takes, for the row's height.
fn entry_texts(
    ws: &mut Worksheet,
    row: u32,
    entry: &Entry,
    formats: &Formats,
) -> Result<usize, XlsxError> {
    let Formats {
        cell, key, center, ..
    } = formats;
    let max = entry.max.map(crate::num::plain).unwrap_or_default();
    let rule = cell_text(&entry.rule);
    let note = cell_text(&entry.note);
    let texts: [(u16, &str, &Format); 8] = [
        (0, &entry.category, cell),
        (1, &entry.group, cell),
        (2, &entry.item, cell),
        (3, &entry.title, cell),
        (KEY_COL, &entry.key, key),
        (6, &entry.unit, center),
        (8, &rule, cell),
        (9, &note, cell),
    ];
    let mut lines = 1;
    for (col, text, format) in texts {
        workbook::write_text(ws, row, col, text, format)?;
        if col != KEY_COL {
            lines = lines.max(workbook::lines(text, COLUMNS[col as usize].1));
        }
    }
    match entry.max {
        Some(max_points) => workbook::write_decimal(ws, row, 7, max_points, center)?,
        None => {
            ws.write_string_with_format(row, 7, max, center)?;
        }
    }
    Ok(lines)
}

/// The cell to fill in: a prefilled number stays a number, and the kind's validation is set.
fn value_cell(
    ws: &mut Worksheet,
    row: u32,
    entry: &Entry,
    lang: Lang,
    value: &Format,
    lists: &Lists,
) -> Result<(), XlsxError> {
    match (&entry.prefill, &entry.kind) {
        (Some(year), EntryKind::Year) => match year.parse::<Decimal>() {
            Ok(year) => workbook::write_decimal(ws, row, VALUE_COL, year, value)?,
            Err(_) => workbook::write_text(ws, row, VALUE_COL, year, value)?,
        },
        (Some(text), EntryKind::Count | EntryKind::Number { .. })
            if let Ok(number) = text.trim().parse::<Decimal>() =>
        {
            workbook::write_decimal(ws, row, VALUE_COL, number, value)?
        }
        (Some(text), _) => workbook::write_text(ws, row, VALUE_COL, text, value)?,
        (None, _) => {
            ws.write_blank(row, VALUE_COL, value)?;
        }
    }
    if let Some(validation) = validation(&entry.kind, lang, lists) {
        ws.add_data_validation(row, VALUE_COL, row, VALUE_COL, &validation)?;
    }
    Ok(())
}

/// A figure's row (not the table's, the company's or the year's) can be confirmed.
fn confirmed_cell(
    ws: &mut Worksheet,
    row: u32,
    entry: &Entry,
    rubric: &Rubric,
    lang: Lang,
    confirmed: &[String],
    formats: &Formats,
) -> Result<(), XlsxError> {
    let figure = entry.key.split('.').next().and_then(|k| rubric.input(k));
    let Some((_, input)) = figure else {
        ws.write_blank(row, CONFIRMED_COL, &formats.cell)?;
        return Ok(());
    };
    let confirm = &formats.confirm;
    if confirmed.contains(&input.key) {
        ws.write_string_with_format(row, CONFIRMED_COL, "是", confirm)?;
    } else {
        ws.write_blank(row, CONFIRMED_COL, confirm)?;
    }
    let yes_no = DataValidation::new()
        .allow_list_strings(&["是", "否"])
        .and_then(|v| {
            v.set_input_message(lang.pick(
                "数值看来异常但确属实的，选“是”",
                "choose 是 when the figure looks unusual but is right",
            ))
        });
    if let Ok(yes_no) = yes_no {
        ws.add_data_validation(row, CONFIRMED_COL, row, CONFIRMED_COL, &yes_no)?;
    }
    Ok(())
}

/// What a value cell accepts.
fn validation(kind: &EntryKind, lang: Lang, lists: &Lists) -> Option<DataValidation> {
    let (validation, message) = match kind {
        EntryKind::Level(labels) => (
            match lists.range(labels) {
                Some(range) => DataValidation::new().allow_list_formula(range.as_str().into()),
                None => DataValidation::new().allow_list_strings(labels).ok()?,
            },
            lang.pick("请从下拉列表中选择", "choose from the list"),
        ),
        // The words the data reader takes for yes and no, in the sheet's language.
        EntryKind::Flag => (
            DataValidation::new()
                .allow_list_strings(&[lang.pick("是", "true"), lang.pick("否", "false")])
                .ok()?,
            lang.pick("请选“是”或“否”", "true or false"),
        ),
        EntryKind::Count => (
            DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
            lang.pick("请填不小于 0 的整数", "a whole number ≥ 0"),
        ),
        EntryKind::Number { negative: false } => (
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            lang.pick("请填不小于 0 的数", "a number ≥ 0"),
        ),
        EntryKind::Year => (
            DataValidation::new().allow_whole_number(DataValidationRule::Between(1900, 2100)),
            lang.pick("请填年份，如 2023", "a year, e.g. 2023"),
        ),
        EntryKind::Number { negative: true } | EntryKind::Text | EntryKind::List => return None,
    };
    // The messages are short constants; should one not fit, the check still stands.
    let with_message = validation
        .clone()
        .set_error_message(message)
        .and_then(|v| v.set_error_title(lang.pick("数值不符合要求", "Not accepted")));
    Some(with_message.unwrap_or(validation))
}

#[cfg(test)]
mod cell_text_tests {
    use super::cell_text;

    #[test]
    fn notes_lose_backticks_and_keys_become_their_titles() {
        assert_eq!(
            cell_text("其中数，不得超过 `main_revenue`（主营业务收入）"),
            "其中数，不得超过 主营业务收入"
        );
        assert_eq!(cell_text("填 `是` 或 `否`"), "填 是 或 否");
        assert_eq!(cell_text("no code"), "no code");
        assert_eq!(cell_text("an open ` quote"), "an open  quote");
    }
}
