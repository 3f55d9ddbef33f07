//! What the summary keeps of each file: its [`Row`] (names, scores or why there are none, marks)
//! and the [`Record`] it arrives in.

use rust_decimal::Decimal;

#[cfg(doc)]
use super::Summary;
use crate::diag::Failed;
use crate::engine::Totals;
use crate::rubric::Text;
use crate::sheet::Sheet;

/// What the summary keeps of one data file: its name, the applicant's, the scores or why there
/// are none, and two marks. The gate figures live in the [`Summary`], as numbers, worded only
/// when written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The data file as shown on the sheet.
    data: Box<str>,
    /// `company` (or `name`) from the data file.
    company: Option<Box<str>>,
    /// The figures of a scored file.
    scores: Option<Scores>,
    /// Why the file could not be scored (boxed: few rows have one, and a batch keeps every row).
    failure: Option<Box<Failure>>,
    /// Another file of the same table names the same applicant ([`Summary::mark_duplicates`]).
    pub duplicate: bool,
    /// More than half of the rubric's figures are missing from the file.
    pub incomplete: bool,
    /// The credit code and contact a bureau's list gives ([`crate::data::contact`]).
    contact: Option<Box<crate::data::contact::Contact>>,
}

/// What a file's row carries besides its scores, known from its data before it is scored.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// More than half of the rubric's figures are missing.
    pub incomplete: bool,
    /// The credit code and contact a bureau's list gives.
    pub contact: Option<Box<crate::data::contact::Contact>>,
}

impl Marks {
    /// The marks of `data`.
    pub fn of(data: &crate::data::Data) -> Marks {
        Marks {
            incomplete: is_incomplete(&data.values),
            contact: data.contact.clone(),
        }
    }
}

/// Why a file could not be scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Its first error on one line.
    pub error: String,
    /// The code of that error (`syntax`, `unknown-key`, …), for the printed note's wording.
    pub code: Option<String>,
}

/// The figures of a scored file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scores {
    pub base: Decimal,
    pub bonus: Decimal,
    pub total: Decimal,
    /// Whether every gate holds; `None` for a rubric without gates.
    pub eligible: Option<bool>,
    /// Kept in 4 bytes, not 8; a file has nowhere near 4 billion warnings.
    pub warnings: u32,
}

/// What one file gives the summaries: its [`Row`], the table it belongs to and the figures its
/// gates read. The summary keeps the row and the figures; the table only says where they go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub row: Row,
    /// The table the file was scored with (or named, when it failed); `None` when unknown.
    pub rubric: Option<Text>,
    /// Per gate of the rubric, in its order: the figure the gate reads; `None` when it could
    /// not be had. Empty for a file that could not be scored.
    pub figures: Vec<Option<Decimal>>,
}

impl Record {
    pub fn from_sheet(sheet: &Sheet) -> Record {
        Record::from_totals(&sheet.totals())
    }

    pub fn from_totals(totals: &Totals) -> Record {
        Record {
            row: Row::new(&totals.data, totals.company.as_deref()).with_scores(Scores {
                base: totals.base,
                bonus: totals.bonus,
                total: totals.total,
                eligible: totals.eligible,
                warnings: u32::try_from(totals.warnings).unwrap_or(u32::MAX),
            }),
            rubric: Some(totals.rubric.clone()),
            figures: totals.gate_figures.clone(),
        }
    }

    pub fn failed(data: impl Into<String>, failed: &Failed) -> Record {
        Record {
            row: Row::new(&crate::diag::visible(&data.into()), None).with_failure(Failure {
                error: crate::diag::visible(&one_line(failed)).into_owned(),
                code: failed
                    .diagnostics
                    .iter()
                    .find(|d| d.is_error())
                    .or(failed.diagnostics.first())
                    .map(|d| d.code.to_string()),
            }),
            rubric: None,
            figures: Vec::new(),
        }
    }
}

impl Row {
    /// A row for data file `data` of applicant `company`, not scored (yet).
    pub fn new(data: &str, company: Option<&str>) -> Row {
        Row {
            data: data.into(),
            company: company.map(Box::from),
            scores: None,
            failure: None,
            duplicate: false,
            incomplete: false,
            contact: None,
        }
    }

    /// The row with `marks` set.
    pub fn mark(&mut self, marks: Marks) {
        self.incomplete = marks.incomplete;
        self.contact = marks.contact;
    }

    /// The credit code and contact, when the file's list gave any.
    pub fn contact(&self) -> Option<&crate::data::contact::Contact> {
        self.contact.as_deref()
    }

    /// The row of a scored file.
    pub fn with_scores(mut self, scores: Scores) -> Row {
        self.scores = Some(scores);
        self
    }

    /// The row of a file that could not be scored.
    pub fn with_failure(mut self, failure: Failure) -> Row {
        self.failure = Some(Box::new(failure));
        self
    }

    /// The figures of a scored file.
    pub fn scores(&self) -> Option<Scores> {
        self.scores
    }

    pub fn is_scored(&self) -> bool {
        self.scores.is_some()
    }

    /// Why the file could not be scored.
    pub fn failure(&self) -> Option<&Failure> {
        self.failure.as_deref()
    }

    /// The data file, as shown on the sheet.
    pub fn data(&self) -> &str {
        &self.data
    }

    /// `company` (or `name`) from the data file.
    pub fn company(&self) -> Option<&str> {
        self.company
            .as_deref()
            .filter(|name| !name.trim().is_empty())
    }

    /// Why the file could not be scored, on one line.
    pub fn error(&self) -> Option<&str> {
        self.failure().map(|f| f.error.as_str())
    }

    /// The name the summary prints for the row: the applicant's, or the file's when it has none.
    pub(super) fn printed_name(&self) -> &str {
        self.company().unwrap_or_else(|| file_name(self.data()))
    }
}

/// The last component of a path as written.
pub(super) fn file_name(data: &str) -> &str {
    data.rsplit(['/', '\\', std::path::MAIN_SEPARATOR])
        .next()
        .unwrap_or(data)
}

/// Whether `values` (a file's figures, one per rubric input) lack more than half of them.
pub fn is_incomplete<T>(values: &[Option<T>]) -> bool {
    let missing = values.iter().filter(|v| v.is_none()).count();
    missing * 2 > values.len()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;

    #[test]
    fn a_row_gives_back_its_scores_and_names() {
        let scores = Scores {
            base: Decimal::MAX,
            bonus: Decimal::new(-25, 3),
            total: Decimal::new(12_345_678_901, 28),
            eligible: Some(false),
            warnings: 7,
        };
        let row = Row::new("dir/a.toml", Some("武威")).with_scores(scores);
        assert_eq!(row.scores(), Some(scores));
        assert!(row.is_scored() && row.failure().is_none());
        // What docs/development.md counts per file.
        assert_eq!(std::mem::size_of::<Row>(), 112);
        assert_eq!((row.data(), row.company()), ("dir/a.toml", Some("武威")));
        let nameless = Row::new("b.toml", None);
        assert_eq!(
            (nameless.data(), nameless.company(), nameless.scores()),
            ("b.toml", None, None)
        );
        // A blank name is no name: 未填写申报单位名称, never a duplicate of another blank.
        assert_eq!(Row::new("", Some("")).company(), None);
        assert_eq!(Row::new("c.toml", Some(" \u{3000}")).company(), None);
    }

    #[test]
    fn more_than_half_missing_is_incomplete() {
        assert!(!is_incomplete(&[Some(1), None]));
        assert!(is_incomplete(&[Some(1), None, None]));
        assert!(!is_incomplete::<u8>(&[]));
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
