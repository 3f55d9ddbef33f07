//! What every workbook `score` writes shares: numbers written from their exact decimal text, text
//! cells neutralised as the CSV's are, worksheet names Excel accepts, and the A4 page.
//!
//! xlsx stores a number as an IEEE double. The cell gets the double nearest the decimal the
//! sheet prints (`2.5`, `0.1`), parsed from its exact string; nothing is computed in `f64`, so
//! what Excel shows is what the other formats print.

use std::collections::{HashMap, HashSet};
use std::io;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use super::csv;

/// The double nearest a decimal's exact text; `None` if the text is not a number (never for a
/// `Decimal`, but a cell is better written as text than not at all).
pub fn number(value: Decimal) -> Option<f64> {
    value.normalize().to_string().parse().ok()
}

/// Writes a decimal as a number cell (as text if it somehow is not one).
pub fn write_decimal(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: Decimal,
    format: &Format,
) -> Result<(), XlsxError> {
    match number(value) {
        Some(n) => ws.write_number_with_format(row, col, n, format)?,
        None => ws.write_string_with_format(row, col, value.to_string(), format)?,
    };
    Ok(())
}

/// Writes a text cell, neutralised against formula injection exactly as the CSV is
/// ([`csv::text`]): a file's company name must not become a live formula once someone edits it.
pub fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, cell_text(text), format)?;
    Ok(())
}

/// Most characters Excel holds in one cell.
pub const CELL_LIMIT: usize = 32_767;

/// A cell's text as written: neutralised as a CSV cell is ([`csv::text`]), and cut with a mark
/// when longer than Excel holds, so one long name cannot fail the whole workbook.
pub fn cell_text(text: &str) -> String {
    let text = csv::text(text);
    if text.chars().count() <= CELL_LIMIT {
        return text;
    }
    let mark = crate::tr!(
        "…（超出 Excel 单元格长度上限，已截断）",
        "… (cut at Excel's cell length limit)"
    );
    let keep = CELL_LIMIT.saturating_sub(mark.chars().count());
    let mut cut: String = text.chars().take(keep).collect();
    cut.push_str(&mark);
    cut
}

/// Writes text into a range of cells merged into one; a range of one cell is just the cell
/// (Excel refuses a one-cell merge).
#[allow(clippy::too_many_arguments)]
pub fn merge_text(
    ws: &mut Worksheet,
    first_row: u32,
    first_col: u16,
    last_row: u32,
    last_col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if first_row == last_row && first_col == last_col {
        write_text(ws, first_row, first_col, text, format)
    } else {
        ws.merge_range(
            first_row,
            first_col,
            last_row,
            last_col,
            &cell_text(text),
            format,
        )?;
        Ok(())
    }
}

/// A4 (paper size 9), portrait, as wide as one page and as long as it takes.
pub fn a4(ws: &mut Worksheet) {
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
}

/// A cell of a ruled table, as every workbook of `score` draws one: a thin border, the text
/// centred in the row's height and wrapped.
pub fn table_cell() -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// A table's heading cell: a [`table_cell`] in bold, centred, on a light grey ground.
pub fn heading_cell() -> Format {
    table_cell()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color("#F0F0F0")
}

/// A row tall enough for its wrapped text: `lines` lines of the default 11-point type. A CJK
/// font's line is about 1.45 em (16 pt), taller than a Latin one: rows sized for 14 pt cut the
/// last line of a five-line cell off in LibreOffice's print.
pub fn row_height(lines: usize) -> f64 {
    (lines.max(1) as f64) * 16.0 + 3.0
}

/// How many lines `text` takes in a column `width` characters wide (CJK counts two).
pub fn lines(text: &str, width: f64) -> usize {
    let columns = (width.floor() as usize).saturating_sub(1).max(4);
    text.split('\n')
        .map(|line| super::layout::wrap(line, columns).len())
        .sum()
}

/// A workbook being written, with the names its worksheets already have, for another part of
/// the program to add worksheets to.
pub struct Sink<'a> {
    pub workbook: &'a mut rust_xlsxwriter::Workbook,
    pub names: &'a mut SheetNames,
    pub lang: crate::sheet::Lang,
}

/// Worksheet names as Excel takes them: at most 31 characters, none of `[]:*?/\\`, not
/// beginning or ending with `'`, not `History` (reserved by Excel, which will not open a workbook
/// holding it), and unique in the workbook ignoring case. Each name costs the same however many
/// came before: a batch of 1,600 companies of one name took 102 s when every candidate was
/// compared with every name taken.
#[derive(Debug, Default)]
pub struct SheetNames {
    /// Names taken, lower-cased.
    used: HashSet<String>,
    /// The next number to try after a name, by its lower-cased base.
    next: HashMap<String, usize>,
}

const NAME_MAX: usize = 31;

/// Excel's own name for a sheet of its change history, refused as a worksheet's name.
const RESERVED: &str = "history";

impl SheetNames {
    pub fn name(&mut self, wanted: &str) -> String {
        let base = legal_name(wanted);
        let base_key = base.to_lowercase();
        let mut name = base.clone();
        if base_key == RESERVED {
            name.push('_');
        }
        let mut key = name.to_lowercase();
        let next = self.next.entry(base_key).or_insert(2);
        while self.used.contains(&key) {
            let suffix = format!(" ({next})");
            *next += 1;
            let keep = NAME_MAX - suffix.chars().count();
            let stem: String = base.chars().take(keep).collect();
            name = format!("{}{suffix}", stem.trim_end_matches('\''));
            key = name.to_lowercase();
        }
        self.used.insert(key);
        name
    }
}

/// `wanted` with the characters Excel refuses replaced, cut to 31 characters; `Sheet` if nothing
/// is left.
fn legal_name(wanted: &str) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim();
    let cut: String = cleaned.chars().take(NAME_MAX).collect();
    let cut = cut.trim_end().trim_end_matches('\'').trim_end();
    if cut.is_empty() {
        "Sheet".to_string()
    } else {
        cut.to_string()
    }
}

/// A workbook library error as an I/O error, so that the renderers' `io::Result` carries it.
pub fn io_error(err: XlsxError) -> io::Error {
    io::Error::other(err)
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_longer_than_a_cell_holds_is_cut_with_a_mark() {
        let long = "名".repeat(33_000);
        let cut = super::cell_text(&long);
        assert_eq!(cut.chars().count(), super::CELL_LIMIT);
        assert!(
            cut.ends_with('）') || cut.ends_with(')'),
            "{}",
            &cut[cut.len() - 60..]
        );
        assert_eq!(super::cell_text("短"), "短");
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        super::write_text(ws, 0, 0, &long, &rust_xlsxwriter::Format::new()).expect("written");
    }

    use super::*;

    #[test]
    fn numbers_are_the_doubles_of_their_printed_text() {
        let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        assert_eq!(number(d("2.5")), Some(2.5));
        assert_eq!(number(d("0.1")), Some(0.1));
        assert_eq!(number(d("13.50")), Some(13.5));
        assert_eq!(number(d("-20")), Some(-20.0));
        // The double's shortest text is the decimal's own: no 0.30000000000000004.
        assert_eq!(number(d("0.3")).map(|n| n.to_string()), Some("0.3".into()));
    }

    #[test]
    fn sheet_names_are_legal_and_unique() {
        let mut names = SheetNames::default();
        assert_eq!(names.name("甘肃[示例]/公司?"), "甘肃_示例__公司_");
        assert_eq!(names.name("A"), "A");
        assert_eq!(names.name("a"), "a (2)");
        assert_eq!(names.name("'"), "Sheet");
        let long = "很".repeat(40);
        let first = names.name(&long);
        assert_eq!(first.chars().count(), 31);
        let second = names.name(&long);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with(" (2)"));
        // A name cut at 31 characters does not end in `'`, which Excel refuses.
        let quote = format!("{}'x", "a".repeat(30));
        assert_eq!(names.name(&quote), "a".repeat(30));
    }

    #[test]
    fn history_is_reserved_by_excel_and_never_given() {
        let mut names = SheetNames::default();
        assert_eq!(names.name("History"), "History_");
        assert_eq!(names.name("history"), "history (2)");
        assert_eq!(names.name(" HISTORY "), "HISTORY (3)");
        assert_eq!(names.name("History_"), "History_ (2)");
        assert_eq!(names.name("Historys"), "Historys");
    }

    #[test]
    fn many_sheets_of_one_name_are_numbered_in_linear_time() {
        let mut names = SheetNames::default();
        let wanted = "甘肃省某某新材料科技股份有限公司（武威分公司）第二生产基地三号车间";
        let started = std::time::Instant::now();
        let all: Vec<String> = (0..20_000).map(|_| names.name(wanted)).collect();
        // 20,000 names compared pairwise would take minutes; each is a hash look-up here.
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        let unique: HashSet<String> = all.iter().map(|n| n.to_lowercase()).collect();
        assert_eq!(unique.len(), all.len());
        assert!(all.iter().all(|n| n.chars().count() <= 31), "{all:?}");
        assert_eq!(all[0].chars().count(), 31);
        assert!(all[1].ends_with(" (2)"), "{}", all[1]);
        assert!(all[19_999].ends_with(" (20000)"), "{}", all[19_999]);
        assert_eq!(all[19_999].chars().count(), 31);
        // A name already numbered by hand is skipped, not repeated.
        let mut names = SheetNames::default();
        assert_eq!(names.name("A (2)"), "A (2)");
        assert_eq!(names.name("A"), "A");
        assert_eq!(names.name("a"), "a (3)");
    }
}
