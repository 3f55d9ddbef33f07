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

use std::cmp::Ordering;
use std::io::{self, Write};

use rust_decimal::Decimal;

use crate::cli::FormatArg;
use crate::diag::Failed;
use crate::rubric::Rubric;
use crate::sheet::{Lang, Sheet};

/// What the summary keeps of one data file: a few numbers and three short strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// `company` (or `name`) from the data file.
    pub company: Option<String>,
    /// The data file, as shown on the sheet.
    pub data: String,
    pub scored: Option<Scores>,
    /// Why the file could not be scored: its first error on one line.
    pub error: Option<String>,
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
        Row {
            company: sheet.company.clone(),
            data: sheet.data.clone(),
            scored: Some(Scores {
                base: sheet.base,
                bonus: sheet.bonus,
                total: sheet.total,
                eligible: sheet.eligible,
                warnings: sheet.warnings.len(),
            }),
            error: None,
        }
    }

    pub fn failed(data: impl Into<String>, failed: &Failed) -> Row {
        Row {
            company: None,
            data: crate::diag::visible(&data.into()).into_owned(),
            scored: None,
            error: Some(crate::diag::visible(&one_line(failed)).into_owned()),
        }
    }

    fn file_name(&self) -> &str {
        self.data
            .rsplit(['/', std::path::MAIN_SEPARATOR])
            .next()
            .unwrap_or(&self.data)
    }
}

/// The first error of a failed file on one line, with its place: `message (path:line:col)`, and
/// how many more problems the file has. The full diagnostics go to stderr.
pub fn one_line(failed: &Failed) -> String {
    let errors: Vec<_> = failed.diagnostics.iter().filter(|d| d.is_error()).collect();
    let Some(first) = errors.first().copied().or(failed.diagnostics.first()) else {
        return "could not be scored".to_string();
    };
    let mut text = first.message.replace(['\n', '\r'], " ");
    if let (Some((file, line, column)), Some(_)) = (first.location(), &first.span) {
        text.push_str(&format!(" ({file}:{line}:{column})"));
    }
    if errors.len() > 1 {
        text.push_str(&format!(" (+{} more)", errors.len() - 1));
    }
    text
}

/// The summary of one batch: rows in argument order until [`Summary::ranked`] orders them.
#[derive(Debug, Clone)]
pub struct Summary {
    pub rubric: String,
    pub title: String,
    pub title_en: String,
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
            rows: Vec::with_capacity(files),
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
    match format {
        Format::Table => table::write(lang, summary, placement, out),
        Format::Json => json::write(summary, placement, false, out),
        Format::Jsonl => json::write(summary, placement, true, out),
        Format::Csv => csv::write(lang, summary, placement, out),
        Format::Markdown => markdown::write(lang, summary, placement, out),
        Format::Html => html::write(lang, summary, placement, out),
    }
}

/// Renders a summary to a string (tests).
pub fn to_string(format: Format, lang: Lang, summary: &Summary, placement: Placement) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let written = write(format, lang, summary, placement, &mut out);
    debug_assert!(written.is_ok());
    String::from_utf8_lossy(&out).into_owned()
}

/// Headings and words of the human formats (table, CSV, Markdown, HTML).
struct Words {
    heading: &'static str,
    rank: &'static str,
    company: &'static str,
    data: &'static str,
    base: &'static str,
    bonus: &'static str,
    total: &'static str,
    eligible: &'static str,
    warnings: &'static str,
    error: &'static str,
    yes: &'static str,
    no: &'static str,
    not_scored: &'static str,
}

const ZH: Words = Words {
    heading: "申报企业汇总表",
    rank: "排名",
    company: "申报单位",
    data: "数据文件",
    base: "基本得分",
    bonus: "加分",
    total: "总分",
    eligible: "符合申报条件",
    warnings: "警告数",
    error: "错误",
    yes: "是",
    no: "否",
    not_scored: "未能评分",
};

const EN: Words = Words {
    heading: "Summary of applicants",
    rank: "Rank",
    company: "Applicant",
    data: "Data file",
    base: "Base",
    bonus: "Bonus",
    total: "Total",
    eligible: "Eligible",
    warnings: "Warnings",
    error: "Error",
    yes: "yes",
    no: "no",
    not_scored: "not scored",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// The cells of one row for the human formats, in column order; failed rows get dashes and
/// their error in the last cell.
fn cells(w: &Words, ranked: &Ranked<'_>) -> [String; 9] {
    let row = ranked.row;
    let dash = || "—".to_string();
    let rank = ranked.rank.map_or_else(dash, |r| r.to_string());
    let company = row.company.clone().unwrap_or_else(dash);
    match &row.scored {
        Some(s) => [
            rank,
            company,
            row.data.clone(),
            crate::num::plain(s.base),
            crate::num::plain(s.bonus),
            crate::num::plain(s.total),
            match s.eligible {
                Some(true) => w.yes.to_string(),
                Some(false) => w.no.to_string(),
                None => dash(),
            },
            s.warnings.to_string(),
            String::new(),
        ],
        None => [
            rank,
            company,
            row.data.clone(),
            dash(),
            dash(),
            w.not_scored.to_string(),
            dash(),
            dash(),
            row.error.clone().unwrap_or_default(),
        ],
    }
}

/// The heading line: `申报企业汇总表 · 甘肃省企业技术中心自评表 (enterprise-center)`.
fn heading(lang: Lang, summary: &Summary) -> String {
    format!(
        "{} · {} ({})",
        words(lang).heading,
        lang.pick(&summary.title, &summary.title_en),
        summary.rubric
    )
}

/// The count line under the table: `共 3 份：已评分 2 份，未能评分 1 份`.
fn counts(lang: Lang, summary: &Summary) -> String {
    let failed = summary.failed();
    let scored = summary.len() - failed;
    match lang {
        Lang::Zh => format!(
            "共 {} 份：已评分 {scored} 份，未能评分 {failed} 份",
            summary.len()
        ),
        Lang::En => format!(
            "{} files: {scored} scored, {failed} could not be scored",
            summary.len()
        ),
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
        }
    }

    fn summary(rows: Vec<Row>) -> Summary {
        Summary {
            rubric: "r".into(),
            title: "表".into(),
            title_en: "Table".into(),
            rows,
        }
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
        assert_eq!(
            one_line(&failed),
            "unknown key `rd_expence` (d.toml:2:1) (+1 more)"
        );
    }
}
