//! A company's figures read from cells (a workbook or a CSV file): each cell's text goes through
//! [`super::read_figure`], the reader a data file's values and `--what-if` obey, and the whole
//! through the same checks (`parts_exceeding`, `checked` in [`super`]). Only the places
//! differ: a diagnostic points at `数据.xlsx:Sheet1!D14` or `file.csv:row 5, column 3`.

use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::{
    Data, Options, Value, Written, checked, meta, parts_exceeding, read_figure_written, title_match,
};
use crate::data::keys::{KeyRef, resolve_key};
use crate::diag::{Diagnostic, Failed, Source};
use crate::rubric::{InputKind, Rubric};

/// What a cell holds, as far as a figure cares.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    /// A number under a percentage number format: 0.026 is shown, and meant, as 2.6%.
    Percent(f64),
    Bool(bool),
    /// A date or time, which no figure is.
    Date(String),
    /// A spreadsheet error such as `#DIV/0!`.
    Error(String),
    /// A formula with no saved value (its text without `=`): a file written by a program that
    /// does not calculate, never opened and saved in Excel or WPS.
    Formula(String),
}

impl CellValue {
    pub fn is_empty(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text a person would read: numbers in their shortest round-trip decimal form.
    pub fn text(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(t) => t.trim().to_string(),
            CellValue::Int(i) => i.to_string(),
            CellValue::Float(f) => float_text(*f),
            CellValue::Percent(f) => percent_text(*f).unwrap_or_else(|| float_text(*f)),
            CellValue::Bool(b) => b.to_string(),
            CellValue::Date(d) | CellValue::Error(d) => d.clone(),
            CellValue::Formula(f) => format!("={f}"),
        }
    }
}

/// The year of a date cell's text (`2023-12-31`, `2023-12-31T00:00:00`), when it starts with one.
fn date_year(date: &str) -> Option<i64> {
    let (year, rest) = date.split_at_checked(4)?;
    if !year.bytes().all(|b| b.is_ascii_digit()) || !rest.starts_with(['-', '/']) {
        return None;
    }
    i64::from_str(year).ok()
}

/// The number as Excel shows it: rounded to 15 significant digits (so a SUM's
/// `0.30000000000000004` is the 0.3 on screen), then `f64`'s `Display`, the shortest text that
/// reads back as the same number, never with an exponent.
fn float_text(f: f64) -> String {
    let shown: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    format!("{shown}")
}

/// 0.026 under a `%` format → `2.6%`: the shortest decimal text, moved two places exactly.
fn percent_text(f: f64) -> Option<String> {
    let fraction = Decimal::from_str(&float_text(f)).ok()?;
    let percent = fraction.checked_mul(Decimal::ONE_HUNDRED)?;
    Some(format!("{}%", crate::num::plain(percent.normalize())))
}

/// `text` cut to at most `max` characters, with `…` where it was cut.
pub(crate) fn cut(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]).into(),
        None => text.into(),
    }
}

/// A yes/no written in a cell as a spreadsheet writes a logical value: `TRUE`/`FALSE` in any
/// case, or `1`/`0`. Other words (`是`, `否`…) are the data file's own, read as it reads them.
fn flag_text(text: &str) -> Option<bool> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("true") || text == "1" {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") || text == "0" {
        Some(false)
    } else {
        None
    }
}

/// Where a cell stands: 1-based row and column, in `sheet` of a workbook (`None`: a CSV file).
#[derive(Debug, Clone)]
pub struct Place {
    pub file: Arc<str>,
    pub sheet: Option<Arc<str>>,
    pub row: u32,
    pub column: u32,
}

impl Place {
    /// The cell's text as a source diagnostics can point into.
    pub fn source(&self, text: &str) -> Source {
        Source::cell(
            self.file.clone(),
            text.to_string(),
            self.sheet.clone(),
            self.row,
            self.column,
        )
    }

    /// `数据.xlsx:Sheet1!D14`.
    pub fn name(&self) -> String {
        self.source("").place(0)
    }
}

/// A diagnostic under the whole cell.
fn at_cell(d: Diagnostic, place: &Place, text: &str) -> Diagnostic {
    d.at(&place.source(text), 0..text.len())
}

/// Figures gathered cell by cell, then checked as a whole.
pub struct Figures<'r> {
    rubric: &'r Rubric,
    values: Vec<Option<Value>>,
    /// Per input, the cell its value came from (for a part larger than its whole).
    cells: Vec<Option<(Place, String)>>,
    /// Per input: where its figure stood and whether it carried a unit (plausibility).
    written: Vec<Written>,
    /// Every figure given so far, with its key cell, to refuse one given twice.
    given: Vec<(KeyRef, Place)>,
    /// The company, year and table the cells name.
    named: meta::Meta,
    /// Per input: the empty value cell of its row, where `--strict` points for a missing figure.
    blank: Vec<Option<Place>>,
    errors: Vec<Diagnostic>,
    /// The figures marked 已核实 ([`super::confirmed`]).
    confirmed: Vec<String>,
    /// The sheet has an `已核实 confirmed` column (the fill-in workbook's one-company sheet).
    pub confirm_column: bool,
}

impl<'r> Figures<'r> {
    pub fn new(rubric: &'r Rubric) -> Figures<'r> {
        Figures {
            rubric,
            values: vec![None; rubric.inputs.len()],
            cells: vec![None; rubric.inputs.len()],
            written: vec![Written::default(); rubric.inputs.len()],
            given: Vec::new(),
            named: meta::Meta::default(),
            blank: vec![None; rubric.inputs.len()],
            errors: Vec::new(),
            confirmed: Vec::new(),
            confirm_column: false,
        }
    }

    /// The `已核实 confirmed` cell of the row of figure `key`: 是 (yes) lists the figure as
    /// checked; 否 (no) or empty does not; anything else is an error at the cell.
    pub fn confirm(&mut self, key: &str, cell: &CellValue, place: &Place) {
        let text = cell.text();
        let yes = match text.trim().to_lowercase().as_str() {
            "" | "否" | "no" | "n" | "false" | "0" => false,
            "是" | "yes" | "y" | "true" | "1" | "√" | "✓" => true,
            _ => {
                let d = Diagnostic::error(
                    "wrong-type",
                    crate::tr!(
                        "“已核实”一格应为“是”或“否”，而不是 `{text}`",
                        "an 已核实 (confirmed) cell should be 是 or 否, not `{text}`"
                    ),
                );
                self.errors.push(at_cell(d, place, &text));
                return;
            }
        };
        if !yes {
            return;
        }
        let base = key.trim().split('.').next().unwrap_or_default();
        match super::confirmed::resolve(self.rubric, base) {
            Ok(k) if !self.confirmed.contains(&k) => self.confirmed.push(k),
            Ok(_) => {}
            Err((message, help)) => self
                .errors
                .push(at_cell(Diagnostic::error("unknown-key", message), place, &text).help(help)),
        }
    }

    /// An error found outside the cells' figures (a bad header), reported with them.
    pub fn error(&mut self, d: Diagnostic) {
        crate::diag::push_capped(&mut self.errors, d);
    }

    /// The figure named `key` (written in the cell at `key_place`) with the value in `value`.
    pub fn put(&mut self, key: &str, key_place: &Place, value: &CellValue, value_place: &Place) {
        let key = key.trim();
        if meta::Key::of(key).is_some() {
            self.meta(key, key_place, value, value_place);
        } else if let Some(k) = self.key(key, key_place) {
            self.figure(k, value, value_place, key_place);
        }
    }

    /// The company, year or table, by the rules every source shares ([`meta`]): a cell is read
    /// as the text it shows, save a number for the year. An empty cell is not given.
    fn meta(&mut self, key: &str, key_place: &Place, value: &CellValue, value_place: &Place) {
        if value.is_empty() {
            return;
        }
        let text = value.text();
        // A date typed in the year cell (`2023-12-31`, or Excel's `2023/12/31`): its year.
        let year_of_date = match value {
            CellValue::Date(d) if key == "year" => date_year(d).map(|y| y.to_string()),
            _ => None,
        };
        let written = match value {
            CellValue::Int(_) | CellValue::Float(_) if key == "year" => meta::Written::Number {
                text: &text,
                kind: "",
            },
            CellValue::Date(_) if year_of_date.is_some() => meta::Written::Number {
                text: year_of_date.as_deref().unwrap_or_default(),
                kind: "",
            },
            CellValue::Percent(_)
            | CellValue::Bool(_)
            | CellValue::Date(_)
            | CellValue::Error(_)
                if key == "year" =>
            {
                meta::Written::Other("")
            }
            _ => meta::Written::Text(&text),
        };
        if let Err(problem) = self.named.put(self.rubric, key, written) {
            let (place, shown) = if problem.at_key {
                (key_place, key)
            } else {
                (value_place, text.as_str())
            };
            self.errors
                .push(at_cell(problem.diagnostic(), place, shown));
        }
    }

    /// The figure a key cell names, or an unknown-key error at that cell.
    fn key(&mut self, key: &str, place: &Place) -> Option<KeyRef> {
        match resolve_key(self.rubric, key) {
            Ok(k) => Some(k),
            Err((message, help)) => {
                let lower = key.to_lowercase();
                let help = if lower != key && resolve_key(self.rubric, &lower).is_ok() {
                    crate::tr!(
                        "是否想写 `{lower}`？数据键用小写字母",
                        "did you mean `{lower}`? keys are written in lower case"
                    )
                } else {
                    title_match(self.rubric, key).unwrap_or(help)
                };
                self.errors.push(
                    at_cell(Diagnostic::error("unknown-key", message), place, key).help(help),
                );
                None
            }
        }
    }

    fn figure(&mut self, key: KeyRef, value: &CellValue, place: &Place, key_place: &Place) {
        if value.is_empty() {
            self.blank[key.input].get_or_insert_with(|| place.clone());
            let written = &mut self.written[key.input];
            written.blank.get_or_insert_with(|| place.source(""));
            return;
        }
        let name = key.name(self.rubric);
        if self.given_before(key, &name, key_place) {
            return;
        }
        self.given.push((key, key_place.clone()));
        if let Some(error) = unreadable(&name, value, place) {
            self.errors.push(error);
            return;
        }
        let text = self.cell_text(key, value);
        let source = place.source(&text);
        match read_figure_written(self.rubric, key.input, key.field, &text, &source, 0) {
            Ok((read, unit)) => {
                // A bare number is judged for plausibility; one typed with its unit is as meant.
                self.written[key.input] = Written {
                    span: Some(0..text.len()),
                    unit,
                    cell: Some(source),
                    ..Written::default()
                };
                self.set(key, read, place, text)
            }
            Err(errors) => self.errors.extend(errors),
        }
    }

    /// Whether the figure `key` (`name`) was given already: then an error names both places.
    fn given_before(&mut self, key: KeyRef, name: &str, key_place: &Place) -> bool {
        let clash = self.given.iter().find(|(k, _)| {
            k.input == key.input
                && (k.field.is_none() || key.field.is_none() || k.field == key.field)
        });
        let Some((_, first)) = clash else {
            return false;
        };
        let first = first.name();
        self.errors.push(
            at_cell(
                Diagnostic::error(
                    "duplicate-key",
                    crate::tr!("`{name}` 填写了两次", "`{name}` is given twice"),
                ),
                key_place,
                name,
            )
            .help(crate::tr!(
                "`{name}` 已在 {first} 填写；只保留一处",
                "`{name}` is first given at {first}; keep one of them"
            )),
        );
        true
    }

    /// A cell's value as the text a data file would give: a yes/no figure's logical or 1/0 cell
    /// as `true`/`false`, anything else as shown.
    fn cell_text(&self, key: KeyRef, value: &CellValue) -> String {
        match value {
            // LibreOffice (and .ods) keeps a logical value as the number 1 or 0 shown as
            // TRUE/FALSE: for a yes/no figure that is what it means.
            CellValue::Int(n @ (0 | 1)) if self.is_flag(key) => (*n == 1).to_string(),
            CellValue::Float(f) if self.is_flag(key) && (*f == 0.0 || *f == 1.0) => {
                (*f == 1.0).to_string()
            }
            // A CSV that Excel or WPS saved writes a logical cell as TRUE/FALSE, and a bureau
            // may type 1/0 as the workbook stores them: the same yes/no in a text cell.
            CellValue::Text(t) if self.is_flag(key) => match flag_text(t) {
                Some(yes) => yes.to_string(),
                None => t.trim().to_string(),
            },
            other => other.text(),
        }
    }

    /// The figure named `key` whose value cell is empty because the merged cells `range`
    /// (`E7:F7`) cover it. When the range's first cell (`anchor`) shows a figure, that figure
    /// would be lost: an error naming both cells. Else the figure is missing, and its notice says
    /// why.
    pub fn hidden(
        &mut self,
        key: &str,
        key_place: &Place,
        value_place: &Place,
        range: &str,
        anchor: (&Place, &CellValue),
    ) {
        let key = key.trim();
        if meta::Key::of(key).is_some() {
            return self.put(key, key_place, &CellValue::Empty, value_place);
        }
        let Some(k) = self.key(key, key_place) else {
            return;
        };
        let (anchor_place, anchor_value) = anchor;
        if anchor_value.is_empty() {
            self.figure(k, &CellValue::Empty, value_place, key_place);
            if k.field.is_none() {
                self.written[k.input].merged = Some(range.to_string());
            }
            return;
        }
        let titles = k.titles(self.rubric);
        let title = titles.now();
        let cell = value_place.source("").cell_name().unwrap_or_default();
        let first = anchor_place.source("").cell_name().unwrap_or_default();
        let shown = crate::diag::visible(&cut(&anchor_value.text(), 40)).into_owned();
        let d = Diagnostic::error(
            "merged-cell",
            crate::tr!(
                "{title}的数值单元格 {cell} 在合并单元格 {range} 之中：显示的 {shown} 存在 {first}，本工具读取的 {cell} 是空的",
                "the value cell {cell} of {title} lies inside the merged cells {range}: the {shown} shown is stored in {first}, and the cell the tool reads, {cell}, is empty"
            ),
        )
        .help(crate::tr!(
            "选中 {range}，取消合并单元格，再把数值填在 {cell}",
            "select {range}, unmerge the cells, and type the figure into {cell}"
        ));
        self.errors.push(at_cell(d, value_place, ""));
    }

    fn is_flag(&self, key: KeyRef) -> bool {
        key.field.is_none() && self.rubric.inputs[key.input].kind == InputKind::Flag
    }

    fn set(&mut self, key: KeyRef, read: Value, place: &Place, text: String) {
        let input = &self.rubric.inputs[key.input];
        match (key.field, read) {
            (Some(field), Value::Number(n)) if input.kind == InputKind::Counts => {
                let mut counts = match self.values[key.input].take() {
                    Some(Value::Counts(c)) => c,
                    _ => vec![Decimal::ZERO; input.fields.len()],
                };
                if let Some(slot) = counts.get_mut(field) {
                    *slot = n;
                }
                self.values[key.input] = Some(Value::Counts(counts));
            }
            (_, read) => self.values[key.input] = Some(read),
        }
        self.cells[key.input] = Some((place.clone(), text));
    }

    /// The figures as one company's [`Data`] named `name`, after the checks every data file
    /// passes; or every problem found.
    pub fn finish(mut self, name: &str, mut options: Options) -> Result<Data, Failed> {
        if options.strict {
            self.missing_in_cells(name);
            // Said here, in the workbook's terms, not again as a data file's missing keys.
            options.strict = false;
        }
        for (index, message, help) in parts_exceeding(self.rubric, &self.values) {
            let mut d = Diagnostic::error("part-exceeds-whole", message).help(help);
            if let Some((place, text)) = &self.cells[index] {
                d = at_cell(d, place, text);
            }
            self.errors.push(d);
        }
        let mut data = checked(
            self.rubric,
            Source::new(name, ""),
            self.values,
            self.written,
            self.named.company,
            self.named.year,
            self.errors,
            options,
        )?;
        data.confirmed = self.confirmed;
        data.origin = super::Origin::Cells {
            confirm_column: self.confirm_column,
        };
        Ok(data)
    }
}

impl Figures<'_> {
    /// `--strict`: each required figure not given, at its row's empty value cell when the sheet
    /// has one, named by its title (the row's 数据名称) and said as what to type into the cell.
    fn missing_in_cells(&mut self, name: &str) {
        for (i, input) in self.rubric.inputs.iter().enumerate() {
            if self.values[i].is_some() || input.optional {
                continue;
            }
            let key = &input.key;
            let title = crate::i18n::lang().pick(&input.title, &input.title_en);
            let message = crate::tr!("未填写{title}", "{title} is not given");
            let d = Diagnostic::error("missing-key", message);
            let d = match &self.blank[i] {
                Some(place) => {
                    let cell = place.source("").cell_name().unwrap_or_default();
                    let merged = match &self.written[i].merged {
                        Some(range) => crate::tr!(
                            "{cell} 在合并单元格 {range} 之中：请先取消合并；",
                            "{cell} lies inside the merged cells {range}: unmerge them first; "
                        ),
                        None => String::new(),
                    };
                    at_cell(d, place, "").help(crate::tr!(
                        "{merged}请在单元格 {cell} 中填写{title}；没有的填 0。--strict 不接受空着的数据",
                        "{merged}type {title} into the cell {cell}, 0 if there is none; --strict refuses empty figures"
                    ))
                }
                None => d.in_file(&Source::new(name, "")).help(crate::tr!(
                    "工作簿中没有{title}这一行：请用 `score template --format xlsx` 生成的工作簿填写（键 {key}）",
                    "the workbook has no row for {title}: fill in the workbook `score template --format xlsx` writes (key {key})"
                )),
            };
            self.errors.push(d);
        }
    }
}

/// The error for a cell that holds no figure to read: a date, a formula without its saved
/// result, or an error value (`#DIV/0!`).
fn unreadable(name: &str, value: &CellValue, place: &Place) -> Option<Diagnostic> {
    Some(match value {
        CellValue::Date(d) => at_cell(
            Diagnostic::error(
                "wrong-type",
                crate::tr!(
                    "`{name}` 的单元格设成了日期格式，显示为 {d}，不是数值",
                    "the cell of `{name}` is formatted as a date and shows {d}, not a figure"
                ),
            )
            .help(crate::tr!(
                "把单元格格式设为“常规”或“数值”后重新填写",
                "set the cell's format to General or Number and type the figure again"
            )),
            place,
            d,
        ),
        CellValue::Formula(f) => {
            let shown = crate::diag::visible(&cut(f, 80)).into_owned();
            at_cell(
                Diagnostic::error(
                    "no-value",
                    crate::tr!(
                        "`{name}` 的单元格是公式 ={shown}，但没有保存计算结果",
                        "the cell of `{name}` holds the formula ={shown} but no saved result"
                    ),
                )
                .help(crate::tr!(
                    "在 Excel 或 WPS 中打开此文件并保存（公式会重新计算），或直接填写数值",
                    "open the file in Excel or WPS and save it (the formula is then calculated), or type the figure"
                )),
                place,
                "",
            )
        }
        CellValue::Error(e) => at_cell(
            Diagnostic::error(
                "bad-value",
                crate::tr!(
                    "`{name}` 的单元格是错误值 {e}",
                    "the cell of `{name}` holds the error {e}"
                ),
            )
            .help(crate::tr!(
                "改正单元格的公式，或直接填写数值",
                "correct the cell's formula, or type the figure"
            )),
            place,
            e,
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_the_decimal_a_person_typed() {
        assert_eq!(CellValue::Float(0.1).text(), "0.1");
        assert_eq!(CellValue::Float(350.0).text(), "350");
        assert_eq!(CellValue::Float(1e21).text(), "1000000000000000000000");
        assert_eq!(CellValue::Percent(0.026).text(), "2.6%");
        assert_eq!(CellValue::Percent(0.07).text(), "7%");
        assert_eq!(CellValue::Percent(1.5).text(), "150%");
    }

    /// Excel shows 15 significant digits: a SUM's binary noise is not what anyone sees.
    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(CellValue::Float(0.1 + 0.2).text(), "0.3");
        assert_eq!(CellValue::Float(860.3000000000001).text(), "860.3");
        assert_eq!(
            CellValue::Float(123456789012345.6).text(),
            "123456789012346"
        );
        assert_eq!(
            CellValue::Float(0.123456789012345).text(),
            "0.123456789012345"
        );
        assert_eq!(CellValue::Percent(0.1 + 0.2).text(), "30%");
        assert_eq!(CellValue::Float(-2.5e-7).text(), "-0.00000025");
    }

    #[test]
    fn a_yes_no_cell_reads_as_a_spreadsheet_writes_it() {
        for (text, want) in [
            ("TRUE", Some(true)),
            (" False ", Some(false)),
            ("true", Some(true)),
            ("1", Some(true)),
            ("0", Some(false)),
            ("是", None),
            ("yes", None),
            ("2", None),
            ("", None),
        ] {
            assert_eq!(flag_text(text), want, "{text:?}");
        }
    }
}
