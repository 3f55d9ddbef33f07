//! The ranked summary of a batch, the county bureau's 申报企业汇总表: one small [`Row`] per data
//! file, kept while the sheets stream past, ranked and rendered once every file is done.
//!
//! Ranking: competition ranking by total (1, 2, 2, 4): equal totals share a rank and each is
//! marked 并列 in 备注 (`"tied": true` in JSON). Within a tie the rows are listed by base score,
//! highest first, then by the name as printed (the applicant's name, or the file's name when it
//! has none; byte order), then by the whole path as written, then by argument position, so the
//! order never depends on timing. A file that could not be scored has no rank (`null`) and is
//! listed after every scored file, in argument order, with its error.

mod contact;
mod csv;
mod fit;
mod html;
mod json;
mod markdown;
mod paper;
mod table;
pub mod xlsx;

pub use xlsx::add_worksheets as add_xlsx_worksheets;

use std::cmp::Ordering;
use std::io::{self, Write};

use rust_decimal::Decimal;

use crate::diag::Failed;
use crate::engine::Totals;
pub use crate::render::Format;
use crate::rubric::{Rubric, Text};
use crate::sheet::{Lang, Sheet, printed_figure};

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
    fn printed_name(&self) -> &str {
        self.company().unwrap_or_else(|| file_name(self.data()))
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

/// An applicant's name as compared for duplicates: invisible characters removed (zero-width
/// spaces and joiners, a BOM, bidi marks, the soft hyphen: see [`is_invisible`]), trimmed,
/// full-width forms folded to half-width (`（`→`(`, `Ａ`→`A`, the ideographic space → a space),
/// inner runs of spaces made one, ASCII letters in lower case.
pub fn name_key(name: &str) -> String {
    let mut key = String::new();
    name_key_into(name, &mut key);
    key
}

/// [`name_key`] into `key`, which is cleared first (one buffer for a whole batch).
fn name_key_into(name: &str, key: &mut String) {
    key.clear();
    let mut space = false;
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        if let Some(len) = escaped_invisible(rest) {
            rest = &rest[len..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        if is_invisible(c) {
            continue;
        }
        let c = match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        };
        if c.is_whitespace() {
            space = !key.is_empty();
            continue;
        }
        if space {
            key.push(' ');
            space = false;
        }
        key.push(c.to_ascii_lowercase());
    }
}

/// Files named in a duplicate warning, at most.
pub const DUPLICATES_SHOWN: usize = 5;
/// Characters of a name or path shown in a duplicate warning, at most.
const NAME_SHOWN: usize = 200;

/// `text` cut to `most` characters, with `…` where it was cut.
fn cut(text: &str, most: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(most) {
        Some((at, _)) => format!("{}…", &text[..at]).into(),
        None => text.into(),
    }
}

/// The length of the `\u{…}` at the start of `text` when it stands for an invisible, control or
/// bidi character: the engine keeps a name's bidi and control characters escaped so (see
/// [`crate::diag::visible`]), and they are no more part of the name than when raw.
fn escaped_invisible(text: &str) -> Option<usize> {
    let hex = text.strip_prefix("\\u{")?;
    let end = hex.char_indices().take(8).find(|(_, c)| *c == '}')?.0;
    let c = char::from_u32(u32::from_str_radix(hex.get(..end)?, 16).ok()?)?;
    (is_invisible(c) || c.is_control() || crate::diag::is_bidi(c)).then_some(end + 4)
}

/// A character that shows as nothing (Unicode's default-ignorable code points): a name with
/// one inside looks the same as the name without it, in every program a clerk uses.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
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
    /// The unit of each gate's figure, for its wording.
    units: Vec<Text>,
    /// Who sends the summary (`--issuer`), printed on the paper.
    pub issuer: Option<String>,
    /// Files that were not read (not data files), as shown: the count line and the 未读取 list.
    pub unread: Vec<String>,
    rows: Vec<Row>,
    /// The gate figures of every row, row after row, `figures.len()` to a row; `None` where a
    /// figure could not be had.
    values: Vec<Option<Decimal>>,
}

/// A row in its place: `rank` is `None` for a file that could not be scored; `figures` are its
/// gate figures, one per column of [`Summary::figures`].
#[derive(Debug, Clone, Copy)]
pub struct Ranked<'a> {
    pub rank: Option<usize>,
    /// Another scored row has the same total (and so the same rank): 并列.
    pub tied: bool,
    pub row: &'a Row,
    figures: &'a [Option<Decimal>],
}

impl Summary {
    /// An empty summary ([`Summary::reserve`] makes room for the rows).
    pub fn new(rubric: &Rubric) -> Summary {
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
            units: rubric
                .gates
                .iter()
                .map(|g| Text::from(rubric.unit_of(g.value)))
                .collect(),
            issuer: None,
            unread: Vec::new(),
            rows: Vec::new(),
            values: Vec::new(),
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
            units: Vec::new(),
            issuer: None,
            unread: Vec::new(),
            rows: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Adds the next file's row and gate figures (argument order).
    pub fn push(&mut self, record: Record) {
        self.rows.push(record.row);
        let gates = self.figures.len();
        let mut figures = record.figures.into_iter();
        self.values
            .extend((0..gates).map(|_| figures.next().flatten()));
    }

    /// Room for `more` rows, made once rather than by doubling.
    pub fn reserve(&mut self, more: usize) {
        self.rows.reserve_exact(more);
        self.values
            .reserve_exact(more.saturating_mul(self.figures.len()));
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows in argument order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn failed(&self) -> usize {
        self.rows.iter().filter(|r| !r.is_scored()).count()
    }

    /// The gate figures of the `i`-th row (argument order).
    fn figures_of(&self, i: usize) -> &[Option<Decimal>] {
        let gates = self.figures.len();
        self.values
            .get(i.saturating_mul(gates)..i.saturating_add(1).saturating_mul(gates))
            .unwrap_or_default()
    }

    /// A ranked row's figure for a gate, as paper shows it.
    fn figure_text(&self, ranked: &Ranked<'_>, gate: usize, lang: Lang) -> Option<String> {
        let unit = self.units.get(gate)?;
        let value = (*ranked.figures.get(gate)?)?;
        Some(printed_figure(unit, value, lang))
    }

    /// Marks every row whose applicant another row also names (see [`name_key`]), and returns
    /// the rows of each such applicant, in argument order, the applicants in order of first
    /// appearance, for a warning.
    /// Row indices are `u32`: every company of a 100,000-file batch may be in several files.
    pub fn mark_duplicates(&mut self) -> Vec<Vec<u32>> {
        self.mark_duplicates_by(hash)
    }

    /// The warning for one applicant found in several `rows` (from
    /// [`Summary::mark_duplicates`]): its name and the first [`DUPLICATES_SHOWN`] files, then
    /// how many there are in all, so that one name in 100,000 rows is one short line.
    pub fn duplicate_warning(&self, rows: &[u32]) -> String {
        let n = rows.len();
        let company = rows
            .first()
            .and_then(|&i| self.rows.get(i as usize)?.company())
            .unwrap_or_default();
        let company = cut(company, NAME_SHOWN);
        let mut files = rows
            .iter()
            .take(DUPLICATES_SHOWN)
            .filter_map(|&i| self.rows.get(i as usize))
            .map(|row| format!("`{}`", cut(row.data(), NAME_SHOWN)))
            .collect::<Vec<_>>()
            .join(", ");
        if n > DUPLICATES_SHOWN {
            files.push_str(&crate::tr!(
                " 等 {n} 个文件",
                " and others ({n} files in all)"
            ));
        }
        crate::tr!(
            "警告：`{company}` 出现在 {n} 个文件中：{files}；均已评分并在汇总表中标注“重复”，请核对",
            "warning: `{company}` is in {n} files: {files}; each is scored and marked duplicate in the summary: check them"
        )
    }

    /// [`Summary::mark_duplicates`] with the hash given (the tests make every name collide).
    fn mark_duplicates_by(&mut self, hash: fn(&str) -> u64) -> Vec<Vec<u32>> {
        // Rows by the hash of their applicant's key, sorted: equal names end up side by side,
        // and 100,000 rows need 8 bytes each (a 32-bit hash and index) rather than a key string
        // each. A shared hash only costs a comparison of the keys below.
        let mut key = String::new();
        let mut hashed: Vec<(u32, u32)> = Vec::with_capacity(self.rows.len());
        for (i, row) in self.rows.iter().enumerate() {
            // 4 billion rows (some 600 GB) cannot be held: every index fits.
            let Ok(i) = u32::try_from(i) else { break };
            if let Some(company) = row.company() {
                name_key_into(company, &mut key);
                if !key.is_empty() {
                    let wide = hash(&key);
                    hashed.push(((wide ^ (wide >> 32)) as u32, i));
                }
            }
        }
        hashed.sort_unstable();
        let mut groups: Vec<Vec<u32>> = Vec::new();
        let mut other = String::new();
        for run in hashed
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| run.len() >= 2)
        {
            // One hash may stand for several names: group by the key itself.
            let mut left: Vec<u32> = run.iter().map(|&(_, i)| i).collect();
            while let Some(&first) = left.first() {
                name_key_into(self.rows[first as usize].company().unwrap_or(""), &mut key);
                let (same, rest): (Vec<u32>, Vec<u32>) = left.iter().partition(|&&j| {
                    name_key_into(self.rows[j as usize].company().unwrap_or(""), &mut other);
                    other == key
                });
                if same.len() >= 2 {
                    // Kept until the warnings are written: no room to spare in each of them.
                    let mut same = same;
                    same.shrink_to_fit();
                    groups.push(same);
                }
                left = rest;
            }
        }
        groups.sort_unstable_by_key(|rows| rows[0]);
        for &j in groups.iter().flatten() {
            self.rows[j as usize].duplicate = true;
        }
        groups
    }

    /// The rows in rank order (see the module's documentation).
    pub fn ranked(&self) -> Ranking<'_> {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        // The argument position makes the order total, so an unstable sort gives the same
        // order, without the stable sort's scratch copy of 100,000 indices.
        order.sort_unstable_by(|&a, &b| compare(&self.rows[a], &self.rows[b]).then(a.cmp(&b)));
        let ranks = competition_ranks(&order, &self.rows);
        Ranking {
            summary: self,
            order,
            ranks,
        }
    }
}

/// The rows of a [`Summary`] in rank order, each made a [`Ranked`] only when asked for: a
/// ranking of 100,000 rows holds 100,000 indices.
#[derive(Debug, Clone)]
pub struct Ranking<'a> {
    summary: &'a Summary,
    /// Row indices (argument order) in rank order.
    order: Vec<usize>,
    /// Per place: the competition rank of a scored row (1, 2, 2, 4), 0 for a failed one.
    ranks: Vec<u32>,
}

/// The competition rank of each place of `order`: a row whose total equals the previous row's
/// shares its rank; the next different total takes its place number (1, 2, 2, 4).
fn competition_ranks(order: &[usize], rows: &[Row]) -> Vec<u32> {
    let mut ranks = Vec::with_capacity(order.len());
    let mut previous: Option<(Decimal, u32)> = None;
    for (n, &i) in order.iter().enumerate() {
        let Some(scores) = rows[i].scores() else {
            ranks.push(0);
            continue;
        };
        let place = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let rank = match previous {
            Some((total, rank)) if total == scores.total => rank,
            _ => place,
        };
        previous = Some((scores.total, rank));
        ranks.push(rank);
    }
    ranks
}

impl<'a> Ranking<'a> {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The row in the `n`-th place (from 0).
    pub fn get(&self, n: usize) -> Option<Ranked<'a>> {
        let i = *self.order.get(n)?;
        let row = self.summary.rows.get(i)?;
        let rank = self.ranks.get(n).copied().filter(|&r| r > 0);
        let same =
            |m: Option<usize>| rank.is_some() && m.and_then(|m| self.ranks.get(m)).copied() == rank;
        Some(Ranked {
            rank: rank.map(|r| r as usize),
            tied: same(n.checked_sub(1)) || same(n.checked_add(1)),
            row,
            figures: self.summary.figures_of(i),
        })
    }

    /// The rows in rank order.
    pub fn iter(&self) -> impl Iterator<Item = Ranked<'a>> + '_ {
        (0..self.order.len()).filter_map(|n| self.get(n))
    }
}

/// A name's key's hash, the same on every run (for sorting, never printed).
fn hash(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
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
        let mut tables: Vec<Summary> = rubrics.iter().map(|r| Summary::new(r)).collect();
        tables.push(Summary::unknown());
        for t in &mut tables {
            t.issuer = issuer.map(str::to_string);
        }
        Summaries { tables }
    }

    /// Adds a row to its table's summary: the only one when there is one rubric, else the one
    /// its `rubric` names, else the summary of files whose table is not known.
    pub fn push(&mut self, record: Record) {
        let at = if self.tables.len() == 2 {
            0
        } else {
            record
                .rubric
                .as_deref()
                .and_then(|id| self.tables.iter().position(|t| t.rubric == id))
                .unwrap_or(self.tables.len() - 1)
        };
        self.tables[at].push(record);
    }

    /// Room for `files` more rows in the first table, when it is the only one a file can go to.
    pub fn reserve(&mut self, files: usize) {
        if let [only, _unknown] = self.tables.as_mut_slice() {
            only.reserve(files);
        }
    }

    /// The summaries that have rows; the first of them when none has. The count of files not
    /// read goes with the last.
    pub fn finish(mut self, unread: Vec<String>) -> Vec<Summary> {
        let mut tables: Vec<Summary> = std::mem::take(&mut self.tables);
        if tables.iter().all(Summary::is_empty) {
            tables.truncate(1);
        } else {
            tables.retain(|t| !t.is_empty());
        }
        if let Some(last) = tables.last_mut() {
            last.unread = unread;
        }
        tables
    }
}

/// Rank order of two rows; scored rows before failed ones, failed ones keep argument order.
fn compare(a: &Row, b: &Row) -> Ordering {
    match (a.scores(), b.scores()) {
        (Some(x), Some(y)) => y
            .total
            .cmp(&x.total)
            .then(y.base.cmp(&x.base))
            .then_with(|| a.printed_name().cmp(b.printed_name()))
            .then_with(|| a.data().cmp(b.data())),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
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
        Format::Csv => csv::write(lang, summaries, placement, out),
        Format::Table | Format::Markdown => {
            for (n, summary) in summaries.iter().enumerate() {
                let placement = match (n, placement) {
                    (0, p) => p,
                    (_, Placement::Alone) => Placement::AfterSheets { sheets: 0 },
                    (_, Placement::AfterSheets { sheets }) => Placement::AfterSheets { sheets },
                };
                if n > 0 {
                    out.write_all(b"\n")?;
                }
                match format {
                    Format::Table => table::write_fitted(lang, terminal, summary, placement, out)?,
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

score_core::words! {
    /// Headings and words of the human formats (table, CSV, Markdown, HTML).
    struct SummaryWords {
        heading = "申报企业汇总表", "Summary of applicants";
        number = "序号", "No.";
        rank = "排名", "Rank";
        company = "申报单位", "Applicant";
        data = "数据文件", "Data file";
        base = "基本得分", "Base";
        bonus = "加分", "Bonus";
        total = "总分", "Total";
        eligible = "符合申报条件", "Eligible";
        warnings = "警告数", "Warnings";
        remarks = "备注", "Remarks";
        error = "错误", "Error";
        yes = "是", "yes";
        no = "否", "no";
        not_scored = "未能评分", "not scored";
        duplicate = "重复", "duplicate";
        incomplete = "数据不完整", "incomplete data";
        tied = "并列", "tied";
        no_company = "未填写申报单位名称", "applicant's name not filled in";
    }
}

fn words(lang: Lang) -> &'static SummaryWords {
    SummaryWords::of(lang)
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
    /// The credit code, contact person or phone a bureau's list gives ([`contact`]).
    Contact(crate::data::contact::Field),
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
    let (code, contact) = contact::columns(summary);
    let mut columns = vec![Column::Number, Column::Rank, Column::Company];
    columns.extend(code);
    columns.push(Column::Data);
    columns.extend((0..summary.figures.len()).map(Column::Figure));
    columns.extend([Column::Base, Column::Bonus, Column::Total]);
    // Eligibility is the gates' verdict: a table without gates has nothing to say there.
    if !summary.figures.is_empty() {
        columns.push(Column::Eligible);
    }
    columns.push(Column::Warnings);
    columns.extend(contact);
    columns.push(Column::Remarks);
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
        Column::Contact(field) => contact::header(lang, field).into(),
        Column::Remarks => w.remarks.into(),
        Column::Error => w.error.into(),
    }
}

/// The remarks of a row: 并列, 未能评分, 重复, 数据不完整, 数据待核实 N 项, 未填写申报单位名称,
/// joined.
fn remarks(lang: Lang, ranked: &Ranked<'_>) -> String {
    let w = words(lang);
    let row = ranked.row;
    let mut list: Vec<String> = Vec::new();
    if ranked.tied {
        list.push(w.tied.into());
    }
    if !row.is_scored() {
        list.push(w.not_scored.into());
    }
    if row.duplicate {
        list.push(w.duplicate.into());
    }
    if row.incomplete {
        list.push(w.incomplete.into());
    }
    if let Some(n) = row.scores().map(|s| s.warnings).filter(|&n| n > 0) {
        list.push(match lang {
            Lang::Zh => format!("数据待核实 {n} 项"),
            Lang::En => format!("{n} figures to confirm"),
        });
    }
    if row.company().is_none() && row.is_scored() {
        list.push(w.no_company.into());
    }
    list.join(match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    })
}

/// A row's cell in a column: `None` where it has no value (a dash on paper, empty in CSV).
/// `number` is the row's position in the listing (序号).
fn cell(
    lang: Lang,
    summary: &Summary,
    number: usize,
    ranked: &Ranked<'_>,
    column: Column,
) -> Option<String> {
    let w = words(lang);
    let row = ranked.row;
    let scored = row.scores();
    let scored = scored.as_ref();
    match column {
        Column::Number => Some(number.to_string()),
        Column::Rank => ranked.rank.map(|r| r.to_string()),
        Column::Company => row.company().map(str::to_string),
        Column::Data => Some(row.data().to_string()),
        Column::Figure(n) => summary.figure_text(ranked, n, lang),
        Column::Base => scored.map(|s| crate::num::plain(s.base)),
        Column::Bonus => scored.map(|s| crate::num::plain(s.bonus)),
        Column::Total => scored.map(|s| crate::num::plain(s.total)),
        Column::Eligible => scored
            .and_then(|s| s.eligible)
            .map(|e| if e { w.yes } else { w.no }.to_string()),
        Column::Warnings => scored.map(|s| s.warnings.to_string()),
        Column::Contact(field) => row.contact().and_then(|c| c.get(field)).map(str::to_string),
        Column::Remarks => Some(remarks(lang, ranked)).filter(|r| !r.is_empty()),
        Column::Error => row.error().map(str::to_string),
    }
}

/// The summary's title as the notice names it for the table: 申报企业汇总表 (附件1, 附件3),
/// 行业技术中心申报名单汇总表 (附件2), 申报单位汇总表 (附件4); 申报企业汇总表 for any other table.
pub(crate) fn table_heading(lang: Lang, summary: &Summary) -> &'static str {
    match (lang, summary.rubric.as_str()) {
        (Lang::Zh, "industry-center") => "行业技术中心申报名单汇总表",
        (Lang::Zh, "alliance") => "申报单位汇总表",
        (Lang::En, "industry-center") => "Summary list of industry technology centres",
        (Lang::En, "alliance") => "Summary of applicant alliances",
        _ => words(lang).heading,
    }
}

/// The heading line: `申报企业汇总表 · 甘肃省企业技术中心自评表 · 2024年`.
fn title(lang: Lang, summary: &Summary) -> String {
    let mut text = format!(
        "{} · {}",
        table_heading(lang, summary),
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

/// The 未读取 list under the count line: every file that was not read, by name, once.
fn unread(lang: Lang, summary: &Summary) -> Option<String> {
    if summary.unread.is_empty() {
        return None;
    }
    Some(match lang {
        Lang::Zh => format!(
            "未读取（不是数据文件，未评分）：{}",
            summary.unread.join("、")
        ),
        Lang::En => format!(
            "Not read (not data files, not scored): {}",
            summary.unread.join(", ")
        ),
    })
}

/// The count line under the table: `共 3 份：已评分 2 份，未能评分 1 份，另有 2 个文件未读取`.
fn counts(lang: Lang, summary: &Summary) -> String {
    let failed = summary.failed();
    let scored = summary.len() - failed;
    let duplicate = summary.rows.iter().filter(|r| r.duplicate).count();
    let incomplete = summary.rows.iter().filter(|r| r.incomplete).count();
    let skipped = summary.unread.len();
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

    fn scores(total: i64, base: i64) -> Scores {
        Scores {
            base: Decimal::from(base),
            bonus: Decimal::from(total - base),
            total: Decimal::from(total),
            eligible: None,
            warnings: 0,
        }
    }

    fn row(data: &str, total: i64, base: i64) -> Record {
        Record {
            row: Row::new(data, Some(&data.to_uppercase())).with_scores(scores(total, base)),
            rubric: Some("r".into()),
            figures: Vec::new(),
        }
    }

    fn named(data: &str, company: &str) -> Record {
        let mut record = row(data, 50, 40);
        record.row = Row::new(data, Some(company)).with_scores(scores(50, 40));
        record
    }

    fn summary(records: Vec<Record>) -> Summary {
        let mut summary = Summary::unknown();
        summary.rubric = "r".into();
        for record in records {
            summary.push(record);
        }
        summary
    }

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
    fn names_lose_invisible_characters_before_they_are_compared() {
        let plain = name_key("武威新材料公司");
        for hidden in [
            "武\u{200B}威新材料公司",
            "\u{FEFF}武威新材料公司",
            "武威\u{200D}新材料\u{2060}公司",
            "\u{202E}武威新材料公司\u{202C}",
            "武威\u{00AD}新材料公司\u{200E}",
            "武威新材料公司\u{FE0F}",
            " \u{200B} 武威新材料公司\u{3000}",
        ] {
            assert_eq!(name_key(hidden), plain, "{hidden:?}");
        }
        // Full-width letters and an ideographic space between words, with a zero-width joiner.
        assert_eq!(name_key("ＡＢ\u{3000}\u{200C}公司"), "ab 公司");
        // As the engine keeps a bidi mark or a control character: escaped.
        assert_eq!(name_key("\\u{200f}武威新材料公司\\u{7}"), plain);
        assert_eq!(name_key("武威\\u{61c}新材料公司"), plain);
        // An escape of a visible character is text the applicant wrote.
        assert_eq!(name_key("武威\\u{41}"), "武威\\u{41}");
        // A name of nothing but invisible characters is no name to compare.
        assert_eq!(name_key("\u{200B}\u{FEFF}"), "");
    }

    #[test]
    fn names_fold_full_width_and_spaces() {
        assert_eq!(name_key(" 武威（甘肃）ＡＢ　公司 "), "武威(甘肃)ab 公司");
        assert_eq!(name_key("武威(甘肃)AB 公司"), "武威(甘肃)ab 公司");
    }

    #[test]
    fn the_same_applicant_in_two_files_is_marked_in_both() {
        let a = named("a.toml", "武威 ＡＢ");
        let mut b = row("b.toml", 40, 40);
        b.row = Row::new("b.toml", Some(" 武威　AB")).with_scores(scores(40, 40));
        let c = row("c.toml", 30, 30);
        let mut s = summary(vec![a, c, b]);
        assert_eq!(s.mark_duplicates(), [vec![0, 2]]);
        let marked: Vec<bool> = s.ranked().iter().map(|r| r.row.duplicate).collect();
        assert_eq!(marked, [true, true, false]);
    }

    #[test]
    fn a_duplicate_warning_names_five_files_then_how_many() {
        let records: Vec<_> = (1..=7)
            .map(|i| named(&format!("{i}.toml"), "甲公司"))
            .collect();
        let mut s = summary(records);
        let groups = s.mark_duplicates();
        assert_eq!(groups.len(), 1);
        let zh = crate::i18n::scoped(crate::i18n::Lang::Zh, || s.duplicate_warning(&groups[0]));
        assert_eq!(
            zh,
            "警告：`甲公司` 出现在 7 个文件中：`1.toml`, `2.toml`, `3.toml`, `4.toml`, `5.toml` 等 7 个文件；均已评分并在汇总表中标注“重复”，请核对"
        );
        let en = crate::i18n::scoped(crate::i18n::Lang::En, || s.duplicate_warning(&groups[0]));
        assert!(
            en.contains("`5.toml` and others (7 files in all); each is scored"),
            "{en}"
        );
        // Two files: both named, nothing added.
        let mut two = summary(vec![named("a.toml", "乙"), named("b.toml", "乙\u{200B}")]);
        let groups = two.mark_duplicates();
        let zh = crate::i18n::scoped(crate::i18n::Lang::Zh, || two.duplicate_warning(&groups[0]));
        assert!(zh.contains("2 个文件中：`a.toml`, `b.toml`；"), "{zh}");
    }

    #[test]
    fn duplicates_come_in_order_of_first_appearance_even_when_every_hash_collides() {
        let records = || {
            vec![
                named("1.toml", "乙公司"),
                named("2.toml", "甲公司"),
                named("3.toml", "丙公司"),
                named("4.toml", "甲 公司"),
                named("5.toml", "乙公司"),
                named("6.toml", "甲公司"),
                named("7.toml", ""),
                named("8.toml", " "),
            ]
        };
        let expected = [vec![0, 4], vec![1, 5]];
        assert_eq!(summary(records()).mark_duplicates(), expected);
        let mut collided = summary(records());
        assert_eq!(collided.mark_duplicates_by(|_| 7), expected);
        let marked: Vec<bool> = collided.rows().iter().map(|r| r.duplicate).collect();
        assert_eq!(marked, [true, true, false, false, true, true, false, false]);
    }

    #[test]
    fn name_keys_match_the_plain_reading() {
        // The one-buffer key equals trimming, folding and joining words step by step.
        for name in [
            "",
            " ",
            "　甲　 乙 ",
            "ＡＢｃ  d",
            "a\tb\nc",
            "x　",
            "（甲）",
        ] {
            let folded: String = name
                .chars()
                .map(|c| match c {
                    '\u{3000}' => ' ',
                    '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                    c => c,
                })
                .collect();
            let plain = folded
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_ascii_lowercase();
            assert_eq!(name_key(name), plain, "{name:?}");
        }
    }

    #[test]
    fn gate_figures_are_kept_per_row_and_worded_when_written() {
        let rubric = crate::data::which::builtins()
            .iter()
            .find(|r| &*r.id == "enterprise-center");
        let Some(rubric) = rubric else {
            panic!("enterprise-center is built in");
        };
        let mut s = Summary::new(rubric);
        let mut a = row("a.toml", 50, 40);
        a.figures = vec![Some(Decimal::from(860)), None];
        let mut b = row("b.toml", 60, 40);
        b.figures = vec![None, Some(Decimal::new(25, 3))];
        let failed = Record::failed(
            "c.toml",
            &Failed {
                diagnostics: vec![Diagnostic::error("io", "gone")],
            },
        );
        for record in [a, b, failed] {
            s.push(record);
        }
        let cells: Vec<(Option<String>, Option<String>)> = s
            .ranked()
            .iter()
            .map(|r| {
                let text = |n| cell(Lang::Zh, &s, 0, &r, Column::Figure(n));
                (text(0), text(1))
            })
            .collect();
        assert_eq!(
            cells,
            [
                (None, Some("2.5%".into())),
                (Some("860万元".into()), None),
                (None, None),
            ]
        );
    }

    #[test]
    fn more_than_half_missing_is_incomplete() {
        assert!(!is_incomplete(&[Some(1), None]));
        assert!(is_incomplete(&[Some(1), None, None]));
        assert!(!is_incomplete::<u8>(&[]));
    }

    fn order(s: &Summary) -> Vec<(Option<usize>, &str)> {
        s.ranked().iter().map(|r| (r.rank, r.row.data())).collect()
    }

    #[test]
    fn ranks_by_total_then_base_then_file_name() {
        let failed = Record::failed(
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
            row("e.toml", 40, 40),
        ]);
        // Competition ranking: four rows tie at 50, so the next total is 6th, not 3rd.
        assert_eq!(
            order(&s),
            [
                (Some(1), "d.toml"),
                (Some(2), "b.toml"),
                (Some(2), "x/a.toml"),
                (Some(2), "y/a.toml"),
                (Some(2), "z/c.toml"),
                (Some(6), "e.toml"),
                (None, "bad.toml"),
            ]
        );
        let tied: Vec<bool> = s.ranked().iter().map(|r| r.tied).collect();
        assert_eq!(tied, [false, true, true, true, true, false, false]);
    }

    #[test]
    fn a_tie_is_ordered_by_the_printed_name_and_said_in_the_remarks() {
        let nameless = Record {
            row: Row::new("dir/0.toml", None).with_scores(scores(50, 40)),
            rubric: Some("r".into()),
            figures: Vec::new(),
        };
        let s = summary(vec![
            named("1.toml", "乙公司"),
            nameless,
            named("2.toml", "甲公司"),
            row("3.toml", 50, 41),
        ]);
        let rows: Vec<_> = s.ranked().iter().collect();
        // All four total 50: the higher base first, then the printed name (a nameless row by its
        // file's name; byte order puts digits before Chinese, and 乙 U+4E59 before 甲 U+7532).
        let names: Vec<&str> = rows.iter().map(|r| r.row.printed_name()).collect();
        assert_eq!(names, ["3.TOML", "0.toml", "乙公司", "甲公司"]);
        assert!(rows.iter().all(|r| r.rank == Some(1) && r.tied));
        assert_eq!(remarks(Lang::Zh, &rows[2]), "并列");
        assert_eq!(remarks(Lang::Zh, &rows[1]), "并列；未填写申报单位名称");
    }

    #[test]
    fn warnings_and_a_blank_name_are_said_in_the_remarks() {
        let mut scored = scores(10, 10);
        scored.warnings = 2;
        let record = Record {
            row: Row::new("w.toml", Some("  ")).with_scores(scored),
            rubric: Some("r".into()),
            figures: Vec::new(),
        };
        let s = summary(vec![record]);
        let ranked = s.ranked().get(0).unwrap();
        assert_eq!(ranked.row.company(), None);
        assert!(!ranked.tied);
        assert_eq!(
            remarks(Lang::Zh, &ranked),
            "数据待核实 2 项；未填写申报单位名称"
        );
        assert_eq!(
            remarks(Lang::En, &ranked),
            "2 figures to confirm; applicant's name not filled in"
        );
    }

    #[test]
    fn failed_rows_keep_argument_order_after_the_scored() {
        let f = |name: &str| {
            Record::failed(
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
