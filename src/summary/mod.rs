//! The ranked summary of a batch, the county bureau's 申报企业汇总表: one small [`Row`] per data
//! file, kept while the sheets stream past, ranked and rendered once every file is done.
//!
//! Ranking: total, highest first; equal totals by base score, highest first; then by file name
//! (the last path component, byte order), then by the whole path as written, then by argument
//! position, so the order never depends on timing. Ranks are positions 1, 2, 3, …: the file name
//! breaks even a tie of total and base. A file that could not be scored has no rank (`null`) and
//! is listed after every scored file, in argument order, with its error.

mod csv;
mod html;
mod json;
mod markdown;
mod table;
mod xlsx;

pub use xlsx::add_worksheets as add_xlsx_worksheets;

use std::cmp::Ordering;
use std::io::{self, Write};

use rust_decimal::Decimal;

use crate::cli::FormatArg;
use crate::diag::Failed;
use crate::engine::Totals;
use crate::rubric::Rubric;
use crate::sheet::{Lang, Sheet, printed_figure};

/// What the summary keeps of one data file: a few numbers and short strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// `company` (or `name`) from the data file.
    pub company: Option<String>,
    /// The data file, as shown on the sheet.
    pub data: String,
    pub scored: Option<Scores>,
    /// Why the file could not be scored: its first error on one line.
    pub error: Option<String>,
    /// The code of that error (`syntax`, `unknown-key`, …), for the printed note's wording.
    pub error_code: Option<String>,
    /// The table the file was scored with (or named, when it failed); `None` when unknown.
    pub rubric: Option<String>,
    /// Per gate of the rubric, in its order: the figure the gate reads, as paper shows it
    /// (Chinese, English); `None` when it could not be had.
    pub figures: Vec<Option<(String, String)>>,
    /// Another file of the same table names the same applicant ([`Summary::mark_duplicates`]).
    pub duplicate: bool,
    /// More than half of the rubric's figures are missing from the file.
    pub incomplete: bool,
}

/// The figures of a scored file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scores {
    pub base: Decimal,
    pub bonus: Decimal,
    pub total: Decimal,
    /// Whether every gate holds; `None` for a rubric without gates.
    pub eligible: Option<bool>,
    pub warnings: usize,
}

impl Row {
    pub fn from_sheet(sheet: &Sheet) -> Row {
        Row::from_totals(&sheet.totals())
    }

    pub fn from_totals(totals: &Totals) -> Row {
        Row {
            company: totals.company.clone(),
            data: totals.data.clone(),
            scored: Some(Scores {
                base: totals.base,
                bonus: totals.bonus,
                total: totals.total,
                eligible: totals.eligible,
                warnings: totals.warnings,
            }),
            error: None,
            error_code: None,
            rubric: Some(totals.rubric.to_string()),
            figures: totals
                .gate_figures
                .iter()
                .map(|(figure, unit)| {
                    figure.map(|v| {
                        (
                            printed_figure(unit, v, Lang::Zh),
                            printed_figure(unit, v, Lang::En),
                        )
                    })
                })
                .collect(),
            duplicate: false,
            incomplete: false,
        }
    }

    pub fn failed(data: impl Into<String>, failed: &Failed) -> Row {
        Row {
            company: None,
            data: crate::diag::visible(&data.into()).into_owned(),
            scored: None,
            error: Some(crate::diag::visible(&one_line(failed)).into_owned()),
            error_code: failed
                .diagnostics
                .iter()
                .find(|d| d.is_error())
                .or(failed.diagnostics.first())
                .map(|d| d.code.to_string()),
            rubric: None,
            figures: Vec::new(),
            duplicate: false,
            incomplete: false,
        }
    }

    fn file_name(&self) -> &str {
        file_name(&self.data)
    }
}

/// The last component of a path as written.
fn file_name(data: &str) -> &str {
    data.rsplit(['/', '\\', std::path::MAIN_SEPARATOR])
        .next()
        .unwrap_or(data)
}

/// Whether `values` (a file's figures, one per rubric input) lack more than half of them.
pub fn is_incomplete<T>(values: &[Option<T>]) -> bool {
    let missing = values.iter().filter(|v| v.is_none()).count();
    missing * 2 > values.len()
}

/// An applicant's name as compared for duplicates: trimmed, full-width forms folded to
/// half-width (`（`→`(`, `Ａ`→`A`, the ideographic space → a space), inner runs of spaces made
/// one, ASCII letters in lower case.
pub fn name_key(name: &str) -> String {
    let folded: String = name
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect();
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

/// The first error of a failed file on one line, with its place: `message (path:line:col)`, and
/// how many more problems the file has. The full diagnostics go to stderr.
pub fn one_line(failed: &Failed) -> String {
    let errors: Vec<_> = failed.diagnostics.iter().filter(|d| d.is_error()).collect();
    let Some(first) = errors.first().copied().or(failed.diagnostics.first()) else {
        return crate::tr!("未能评分", "could not be scored");
    };
    let mut text = first.message.replace(['\n', '\r'], " ");
    if let Some(place) = first.place() {
        text.push_str(&format!(" ({place})"));
    }
    if errors.len() > 1 {
        let more = errors.len() - 1;
        text.push_str(&crate::tr!("（另有 {more} 处）", " (+{more} more)"));
    }
    text
}

/// The summary of one batch: rows in argument order until [`Summary::ranked`] orders them.
#[derive(Debug, Clone)]
pub struct Summary {
    pub rubric: String,
    pub title: String,
    pub title_en: String,
    /// The year of the notice (the data year + 1), for the printed title.
    pub year: Option<i64>,
    /// One key-figure column per gate of the rubric: the title of the figure it reads.
    pub figures: Vec<(String, String)>,
    /// Who sends the summary (`--issuer`), printed on the paper.
    pub issuer: Option<String>,
    /// Files in the folders that were not read, for the count line.
    pub skipped: usize,
    rows: Vec<Row>,
}

/// A row in its place: `rank` is `None` for a file that could not be scored.
#[derive(Debug, Clone, Copy)]
pub struct Ranked<'a> {
    pub rank: Option<usize>,
    pub row: &'a Row,
}

impl Summary {
    /// An empty summary with room for `files` rows.
    pub fn new(rubric: &Rubric, files: usize) -> Summary {
        Summary {
            rubric: rubric.id.to_string(),
            title: rubric.title.to_string(),
            title_en: rubric.title_en.to_string(),
            year: rubric.data_year.map(|y| y + 1),
            figures: rubric
                .gates
                .iter()
                .map(|g| figure_title(rubric, g.value))
                .collect(),
            issuer: None,
            skipped: 0,
            rows: Vec::with_capacity(files),
        }
    }

    /// A summary for files whose table is not known (they failed before it was).
    pub fn unknown() -> Summary {
        Summary {
            rubric: String::new(),
            title: "未能确定评分表的文件".into(),
            title_en: "Files whose table is not known".into(),
            year: None,
            figures: Vec::new(),
            issuer: None,
            skipped: 0,
            rows: Vec::new(),
        }
    }

    /// Adds the next file's row (argument order).
    pub fn push(&mut self, row: Row) {
        self.rows.push(row);
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn failed(&self) -> usize {
        self.rows.iter().filter(|r| r.scored.is_none()).count()
    }

    /// Marks every row whose applicant another row also names (see [`name_key`]), and returns
    /// each such name with its files, in argument order, for a warning.
    pub fn mark_duplicates(&mut self) -> Vec<(String, Vec<String>)> {
        let keys: Vec<Option<String>> = self
            .rows
            .iter()
            .map(|r| r.company.as_deref().map(name_key).filter(|k| !k.is_empty()))
            .collect();
        // Rows by applicant, in order of first appearance: one pass, so 100,000 rows cost no
        // more per row than 10.
        let mut by_key: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut same: Vec<Vec<usize>> = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            let Some(key) = key else { continue };
            let group = *by_key.entry(key.as_str()).or_insert_with(|| {
                same.push(Vec::new());
                same.len() - 1
            });
            same[group].push(i);
        }
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for rows in same.iter().filter(|rows| rows.len() >= 2) {
            for &j in rows {
                self.rows[j].duplicate = true;
            }
            let name = self.rows[rows[0]].company.clone().unwrap_or_default();
            groups.push((
                name,
                rows.iter().map(|&j| self.rows[j].data.clone()).collect(),
            ));
        }
        groups
    }

    /// The rows in rank order (see the module's documentation).
    pub fn ranked(&self) -> Vec<Ranked<'_>> {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        order.sort_by(|&a, &b| compare(&self.rows[a], &self.rows[b]).then(a.cmp(&b)));
        let mut rank = 0;
        order
            .into_iter()
            .map(|i| {
                let row = &self.rows[i];
                let rank = row.scored.map(|_| {
                    rank += 1;
                    rank
                });
                Ranked { rank, row }
            })
            .collect()
    }
}

/// The title of the figure a gate reads, for its column.
fn figure_title(rubric: &Rubric, r: crate::rubric::Ref) -> (String, String) {
    use crate::rubric::Ref;
    let (zh, en) = match r {
        Ref::Input(i) => (&rubric.inputs[i].title, &rubric.inputs[i].title_en),
        Ref::Field(i, f) => (
            &rubric.inputs[i].fields[f].title,
            &rubric.inputs[i].fields[f].title_en,
        ),
        Ref::Derived(d) => (&rubric.derived[d].title, &rubric.derived[d].title_en),
    };
    (zh.to_string(), en.to_string())
}

/// The summaries of a batch, one per table: a folder may hold applicants for all four.
#[derive(Debug, Clone)]
pub struct Summaries {
    /// In the notice's order (附件1–4), then files whose table is not known.
    pub tables: Vec<Summary>,
}

impl Summaries {
    /// One summary per rubric, in the order given, and one for files of no known table.
    pub fn new(rubrics: &[&Rubric], issuer: Option<&str>) -> Summaries {
        let mut tables: Vec<Summary> = rubrics.iter().map(|r| Summary::new(r, 0)).collect();
        tables.push(Summary::unknown());
        for t in &mut tables {
            t.issuer = issuer.map(str::to_string);
        }
        Summaries { tables }
    }

    /// Adds a row to its table's summary: the only one when there is one rubric, else the one
    /// its `rubric` names, else the summary of files whose table is not known.
    pub fn push(&mut self, row: Row) {
        let at = if self.tables.len() == 2 {
            0
        } else {
            row.rubric
                .as_deref()
                .and_then(|id| self.tables.iter().position(|t| t.rubric == id))
                .unwrap_or(self.tables.len() - 1)
        };
        self.tables[at].push(row);
    }

    /// The summaries that have rows; the first of them when none has. The count of files not
    /// read goes with the last.
    pub fn finish(mut self, skipped: usize) -> Vec<Summary> {
        let mut tables: Vec<Summary> = std::mem::take(&mut self.tables);
        let first = tables.first().cloned();
        tables.retain(|t| !t.is_empty());
        if tables.is_empty()
            && let Some(first) = first
        {
            tables.push(first);
        }
        if let Some(last) = tables.last_mut() {
            last.skipped = skipped;
        }
        tables
    }
}

/// Rank order of two rows; scored rows before failed ones, failed ones keep argument order.
fn compare(a: &Row, b: &Row) -> Ordering {
    match (&a.scored, &b.scored) {
        (Some(x), Some(y)) => y
            .total
            .cmp(&x.total)
            .then(y.base.cmp(&x.base))
            .then_with(|| a.file_name().cmp(b.file_name()))
            .then_with(|| a.data.cmp(&b.data)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Output formats of the summary (the same names as `--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Csv,
    Markdown,
    Html,
    Xlsx,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Csv => Format::Csv,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Html => Format::Html,
            FormatArg::Xlsx => Format::Xlsx,
        }
    }
}

/// Where the summary goes in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `--summary`: the summary is all there is on stdout (CSV starts with a byte-order mark,
    /// HTML is a whole page, JSON a single object).
    Alone,
    /// After the per-file sheets, before the sheet renderer's `end` (so inside the JSON array,
    /// inside the HTML page). `sheets` is how many sheets were written before it.
    AfterSheets { sheets: usize },
}

/// Writes the summary in `format`.
pub fn write(
    format: Format,
    lang: Lang,
    summary: &Summary,
    placement: Placement,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_all(
        format,
        lang,
        None,
        std::slice::from_ref(summary),
        placement,
        out,
    )
}

/// Writes the summaries of a batch in `format`: one ranked table per rubric. JSON with one table
/// is `{"rubric", "summary"}` as before; with several, `{"summaries": [{"rubric", "summary"}, …]}`.
pub fn write_all(
    format: Format,
    lang: Lang,
    terminal: Option<u16>,
    summaries: &[Summary],
    placement: Placement,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => json::write(summaries, placement, false, out),
        Format::Jsonl => json::write(summaries, placement, true, out),
        Format::Html => html::write(lang, summaries, placement, out),
        Format::Xlsx => xlsx::write(lang, summaries, placement, out),
        Format::Table | Format::Csv | Format::Markdown => {
            for (n, summary) in summaries.iter().enumerate() {
                // Only the first table may open the output (CSV's byte-order mark).
                let placement = match (n, placement) {
                    (0, p) => p,
                    (_, Placement::Alone) => Placement::AfterSheets { sheets: 0 },
                    (_, Placement::AfterSheets { sheets }) => Placement::AfterSheets { sheets },
                };
                if n > 0 {
                    out.write_all(if format == Format::Csv {
                        b"\r\n"
                    } else {
                        b"\n"
                    })?;
                }
                match format {
                    Format::Table => table::write_fitted(lang, terminal, summary, placement, out)?,
                    Format::Csv => csv::write(lang, summary, placement, out)?,
                    _ => markdown::write(lang, summary, placement, out)?,
                }
            }
            Ok(())
        }
    }
}

/// Renders a summary to a string (tests).
pub fn to_string(format: Format, lang: Lang, summary: &Summary, placement: Placement) -> String {
    many_to_string(format, lang, std::slice::from_ref(summary), placement)
}

/// Renders summaries to a string (tests).
pub fn many_to_string(
    format: Format,
    lang: Lang,
    summaries: &[Summary],
    placement: Placement,
) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let written = write_all(format, lang, None, summaries, placement, &mut out);
    debug_assert!(written.is_ok());
    String::from_utf8_lossy(&out).into_owned()
}

/// Headings and words of the human formats (table, CSV, Markdown, HTML).
struct Words {
    heading: &'static str,
    number: &'static str,
    rank: &'static str,
    company: &'static str,
    data: &'static str,
    base: &'static str,
    bonus: &'static str,
    total: &'static str,
    eligible: &'static str,
    warnings: &'static str,
    remarks: &'static str,
    error: &'static str,
    yes: &'static str,
    no: &'static str,
    not_scored: &'static str,
    duplicate: &'static str,
    incomplete: &'static str,
}

const ZH: Words = Words {
    heading: "申报企业汇总表",
    number: "序号",
    rank: "排名",
    company: "申报单位",
    data: "数据文件",
    base: "基本得分",
    bonus: "加分",
    total: "总分",
    eligible: "符合申报条件",
    warnings: "警告数",
    remarks: "备注",
    error: "错误",
    yes: "是",
    no: "否",
    not_scored: "未能评分",
    duplicate: "重复",
    incomplete: "数据不完整",
};

const EN: Words = Words {
    heading: "Summary of applicants",
    number: "No.",
    rank: "Rank",
    company: "Applicant",
    data: "Data file",
    base: "Base",
    bonus: "Bonus",
    total: "Total",
    eligible: "Eligible",
    warnings: "Warnings",
    remarks: "Remarks",
    error: "Error",
    yes: "yes",
    no: "no",
    not_scored: "not scored",
    duplicate: "duplicate",
    incomplete: "incomplete data",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// A column of the summary. Every format shows the same columns, in this order; the printed page
/// leaves out the data file, the warning count and the error (it notes a failure under the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Number,
    Rank,
    Company,
    Data,
    /// The figure the rubric's n-th gate reads.
    Figure(usize),
    Base,
    Bonus,
    Total,
    Eligible,
    Warnings,
    Remarks,
    Error,
}

impl Column {
    fn numeric(self) -> bool {
        matches!(
            self,
            Column::Number
                | Column::Rank
                | Column::Figure(_)
                | Column::Base
                | Column::Bonus
                | Column::Total
                | Column::Warnings
        )
    }
}

/// The columns of a summary's table; `error` adds the error column.
fn columns(summary: &Summary, error: bool) -> Vec<Column> {
    let mut columns = vec![Column::Number, Column::Rank, Column::Company, Column::Data];
    columns.extend((0..summary.figures.len()).map(Column::Figure));
    columns.extend([Column::Base, Column::Bonus, Column::Total]);
    // Eligibility is the gates' verdict: a table without gates has nothing to say there.
    if !summary.figures.is_empty() {
        columns.push(Column::Eligible);
    }
    columns.extend([Column::Warnings, Column::Remarks]);
    if error {
        columns.push(Column::Error);
    }
    columns
}

fn header(lang: Lang, summary: &Summary, column: Column) -> String {
    let w = words(lang);
    match column {
        Column::Number => w.number.into(),
        Column::Rank => w.rank.into(),
        Column::Company => w.company.into(),
        Column::Data => w.data.into(),
        Column::Figure(n) => summary
            .figures
            .get(n)
            .map(|(zh, en)| lang.pick(zh, en).to_string())
            .unwrap_or_default(),
        Column::Base => w.base.into(),
        Column::Bonus => w.bonus.into(),
        Column::Total => w.total.into(),
        Column::Eligible => w.eligible.into(),
        Column::Warnings => w.warnings.into(),
        Column::Remarks => w.remarks.into(),
        Column::Error => w.error.into(),
    }
}

/// The remarks of a row: 重复, 数据不完整, 未能评分, joined.
fn remarks(lang: Lang, row: &Row) -> String {
    let w = words(lang);
    let mut list = Vec::new();
    if row.scored.is_none() {
        list.push(w.not_scored);
    }
    if row.duplicate {
        list.push(w.duplicate);
    }
    if row.incomplete {
        list.push(w.incomplete);
    }
    list.join(match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    })
}

/// A row's cell in a column: `None` where it has no value (a dash on paper, empty in CSV).
/// `number` is the row's position in the listing (序号).
fn cell(lang: Lang, number: usize, ranked: &Ranked<'_>, column: Column) -> Option<String> {
    let w = words(lang);
    let row = ranked.row;
    let scored = row.scored.as_ref();
    match column {
        Column::Number => Some(number.to_string()),
        Column::Rank => ranked.rank.map(|r| r.to_string()),
        Column::Company => row.company.clone(),
        Column::Data => Some(row.data.clone()),
        Column::Figure(n) => row
            .figures
            .get(n)
            .cloned()
            .flatten()
            .map(|(zh, en)| lang.pick(&zh, &en).to_string()),
        Column::Base => scored.map(|s| crate::num::plain(s.base)),
        Column::Bonus => scored.map(|s| crate::num::plain(s.bonus)),
        Column::Total => scored.map(|s| crate::num::plain(s.total)),
        Column::Eligible => scored
            .and_then(|s| s.eligible)
            .map(|e| if e { w.yes } else { w.no }.to_string()),
        Column::Warnings => scored.map(|s| s.warnings.to_string()),
        Column::Remarks => Some(remarks(lang, row)).filter(|r| !r.is_empty()),
        Column::Error => row.error.clone(),
    }
}

/// The heading line: `申报企业汇总表 · 甘肃省企业技术中心自评表 · 2024年`.
fn title(lang: Lang, summary: &Summary) -> String {
    let mut text = format!(
        "{} · {}",
        words(lang).heading,
        lang.pick(&summary.title, &summary.title_en)
    );
    if let Some(year) = summary.year {
        text.push_str(&match lang {
            Lang::Zh => format!(" · {year}年"),
            Lang::En => format!(" · {year}"),
        });
    }
    text
}

/// The heading line with the rubric's id, for the formats read on screen.
fn heading(lang: Lang, summary: &Summary) -> String {
    if summary.rubric.is_empty() {
        title(lang, summary)
    } else {
        format!("{} ({})", title(lang, summary), summary.rubric)
    }
}

/// The count line under the table: `共 3 份：已评分 2 份，未能评分 1 份，另有 2 个文件未读取`.
fn counts(lang: Lang, summary: &Summary) -> String {
    let failed = summary.failed();
    let scored = summary.len() - failed;
    let duplicate = summary.rows.iter().filter(|r| r.duplicate).count();
    let incomplete = summary.rows.iter().filter(|r| r.incomplete).count();
    let skipped = summary.skipped;
    let total = summary.len();
    match lang {
        Lang::Zh => {
            let mut text = format!("共 {total} 份：已评分 {scored} 份，未能评分 {failed} 份");
            if duplicate > 0 {
                text.push_str(&format!("，重复 {duplicate} 份"));
            }
            if incomplete > 0 {
                text.push_str(&format!("，数据不完整 {incomplete} 份"));
            }
            if skipped > 0 {
                text.push_str(&format!("，另有 {skipped} 个文件未读取"));
            }
            text
        }
        Lang::En => {
            let mut text = format!("{total} files: {scored} scored, {failed} could not be scored");
            if duplicate > 0 {
                text.push_str(&format!(", {duplicate} duplicate"));
            }
            if incomplete > 0 {
                text.push_str(&format!(", {incomplete} with incomplete data"));
            }
            if skipped > 0 {
                text.push_str(&format!("; {skipped} more files not read"));
            }
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;

    fn row(data: &str, total: i64, base: i64) -> Row {
        Row {
            company: Some(data.to_uppercase()),
            data: data.to_string(),
            scored: Some(Scores {
                base: Decimal::from(base),
                bonus: Decimal::from(total - base),
                total: Decimal::from(total),
                eligible: None,
                warnings: 0,
            }),
            error: None,
            error_code: None,
            rubric: Some("r".into()),
            figures: Vec::new(),
            duplicate: false,
            incomplete: false,
        }
    }

    fn summary(rows: Vec<Row>) -> Summary {
        Summary {
            rubric: "r".into(),
            title: "表".into(),
            title_en: "Table".into(),
            year: None,
            figures: Vec::new(),
            issuer: None,
            skipped: 0,
            rows,
        }
    }

    #[test]
    fn names_fold_full_width_and_spaces() {
        assert_eq!(name_key(" 武威（甘肃）ＡＢ　公司 "), "武威(甘肃)ab 公司");
        assert_eq!(name_key("武威(甘肃)AB 公司"), "武威(甘肃)ab 公司");
    }

    #[test]
    fn the_same_applicant_in_two_files_is_marked_in_both() {
        let mut a = row("a.toml", 50, 40);
        a.company = Some("武威 ＡＢ".into());
        let mut b = row("b.toml", 40, 40);
        b.company = Some(" 武威　AB".into());
        let c = row("c.toml", 30, 30);
        let mut s = summary(vec![a, c, b]);
        let groups = s.mark_duplicates();
        assert_eq!(
            groups,
            vec![(
                "武威 ＡＢ".to_string(),
                vec!["a.toml".into(), "b.toml".into()]
            )]
        );
        let marked: Vec<bool> = s.ranked().iter().map(|r| r.row.duplicate).collect();
        assert_eq!(marked, [true, true, false]);
    }

    #[test]
    fn more_than_half_missing_is_incomplete() {
        assert!(!is_incomplete(&[Some(1), None]));
        assert!(is_incomplete(&[Some(1), None, None]));
        assert!(!is_incomplete::<u8>(&[]));
    }

    fn order(s: &Summary) -> Vec<(Option<usize>, &str)> {
        s.ranked()
            .iter()
            .map(|r| (r.rank, r.row.data.as_str()))
            .collect()
    }

    #[test]
    fn ranks_by_total_then_base_then_file_name() {
        let failed = Row::failed(
            "bad.toml",
            &Failed {
                diagnostics: vec![Diagnostic::error("syntax", "broken")],
            },
        );
        let s = summary(vec![
            failed,
            row("z/c.toml", 50, 45),
            row("b.toml", 50, 48),
            row("y/a.toml", 50, 45),
            row("d.toml", 60, 40),
            row("x/a.toml", 50, 45),
        ]);
        assert_eq!(
            order(&s),
            [
                (Some(1), "d.toml"),
                (Some(2), "b.toml"),
                (Some(3), "x/a.toml"),
                (Some(4), "y/a.toml"),
                (Some(5), "z/c.toml"),
                (None, "bad.toml"),
            ]
        );
    }

    #[test]
    fn failed_rows_keep_argument_order_after_the_scored() {
        let f = |name: &str| {
            Row::failed(
                name,
                &Failed {
                    diagnostics: vec![Diagnostic::error("io", "gone")],
                },
            )
        };
        let s = summary(vec![f("b.toml"), row("c.toml", 1, 1), f("a.toml")]);
        assert_eq!(
            order(&s),
            [(Some(1), "c.toml"), (None, "b.toml"), (None, "a.toml")]
        );
    }

    #[test]
    fn one_line_error_names_the_place_and_counts_the_rest() {
        let source = crate::diag::Source::new("d.toml", "a = 1\nrd_expence = 3\n");
        let failed = Failed {
            diagnostics: vec![
                Diagnostic::error("unknown-key", "unknown key `rd_expence`").at(&source, 6..16),
                Diagnostic::error("negative", "`x` is -1").at(&source, 0..1),
            ],
        };
        let line = one_line(&failed);
        assert!(
            line.starts_with("unknown key `rd_expence` (d.toml:2:1)"),
            "{line}"
        );
        assert!(
            line.ends_with("(+1 more)") || line.ends_with("（另有 1 处）"),
            "{line}"
        );
    }
}
