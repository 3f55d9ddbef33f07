//! `score(rubric, data) → Sheet`: every rule applied exactly, with the arithmetic written out.
//!
//! The figures a rule reads are in `figures`, each item's row in `item` with its rule in
//! `numeric`, `kinds` or `rules`, the gates in `gates`, and the roll-up into a sheet or totals in
//! `tally`; `words` holds the rubric's fixed words of the working.

#![deny(clippy::arithmetic_side_effects)]

use std::cell::{OnceCell, RefCell};

use rust_decimal::Decimal;

use crate::data::Data;
use crate::diag::{Diagnostic, Failed};
use crate::fraction::Fraction;
use crate::rubric::{Ref, Rubric};
use crate::sheet::Sheet;

/// A figure a rule reads, or why it cannot be had.
#[derive(Debug, Clone)]
enum Figure {
    Known(Fraction),
    Unavailable {
        zh: String,
        en: String,
    },
    /// Wider than exact arithmetic keeps ([`crate::fraction::MAX_BITS`]): an error for the file.
    TooLarge,
}

/// Text made of its pieces (anything that is `AsRef<str>`), in one allocation of the right size.
/// The words are most of a sheet's cost, and `format!`'s machinery was a quarter of them; the
/// pieces live until the text is made (the `match` keeps its scrutinee's temporaries).
macro_rules! cat {
    ($($part:expr),+ $(,)?) => {
        match [$(AsRef::<str>::as_ref(&$part)),+] {
            parts => {
                let len = parts.iter().fold(0, |n: usize, p| n.saturating_add(p.len()));
                let mut text = String::with_capacity(len);
                for part in parts {
                    text.push_str(part);
                }
                text
            }
        }
    };
}

mod figures;
mod gates;
mod item;
mod kinds;
mod numeric;
mod rules;
mod tally;
mod words;
pub use words::ItemWords;

use tally::tally;

struct Scorer<'a> {
    rubric: &'a Rubric,
    data: &'a Data,
    /// Whether to word the sheet (explanations, displayed figures). A batch summary needs only
    /// the points, and the words were most of a sheet's cost; the arithmetic is the same code.
    words: bool,
    warnings: Vec<String>,
    /// Each derived figure, computed once: an item, its explanation and a gate may all read it.
    derived: Vec<OnceCell<Figure>>,
    /// Each derived figure as a decimal for display, rounded once: an item, its derivation and
    /// the items that read it as an operand all show it.
    shown: Vec<OnceCell<Option<Decimal>>>,
    /// Figures too large to score exactly, by key: each makes the file an error, never a verdict.
    errors: RefCell<Vec<String>>,
}

impl<'a> Scorer<'a> {
    fn new(rubric: &'a Rubric, data: &'a Data, words: bool) -> Scorer<'a> {
        Scorer {
            rubric,
            data,
            words,
            warnings: Vec::new(),
            derived: vec![OnceCell::new(); rubric.derived.len()],
            shown: vec![OnceCell::new(); rubric.derived.len()],
            errors: RefCell::new(Vec::new()),
        }
    }
}

/// A rubric made ready to score: the fixed words of each item's working ([`ItemWords`]) made
/// once. A run that scores many files builds one and shares it (`&Prepared` is `Sync`); the free
/// functions [`score`], [`try_score`] and [`try_totals`] build one per call.
#[derive(Debug)]
pub struct Prepared<'r> {
    rubric: &'r Rubric,
    words: Vec<ItemWords>,
}

impl<'r> Prepared<'r> {
    pub fn new(rubric: &'r Rubric) -> Prepared<'r> {
        Prepared {
            rubric,
            words: words::of(rubric),
        }
    }

    pub fn rubric(&self) -> &'r Rubric {
        self.rubric
    }

    /// Scores one company's data; a figure too large to compute exactly is an error naming its
    /// key, never a score.
    pub fn try_score(&self, data: &Data) -> Result<Sheet, Failed> {
        let (tally, errors) = tally(self.rubric, data, Some(&self.words));
        if errors.is_empty() {
            return Ok(tally.into_sheet(self.rubric, data));
        }
        Err(too_large_failure(errors, data))
    }

    /// Scores one company's data; a figure too large to compute exactly scores 0 with a warning.
    pub fn score(&self, data: &Data) -> Sheet {
        let (tally, errors) = tally(self.rubric, data, Some(&self.words));
        let mut sheet = tally.into_sheet(self.rubric, data);
        sheet.warnings.extend(errors);
        sheet
    }
}

/// Scores one company's data against a rubric; a figure too large to compute exactly is an error
/// naming its key, never a score. Commands use this; [`score`] is for callers whose figures are
/// known to be in range.
pub fn try_score(rubric: &Rubric, data: &Data) -> Result<Sheet, Failed> {
    Prepared::new(rubric).try_score(data)
}

/// What a summary row needs of a company's sheet, without the sheet: the same points, totals,
/// gates and warnings as [`try_score`] gives, and the same errors, computed by the same code with
/// the wording left out (so it needs no [`Prepared`] words).
pub fn try_totals(rubric: &Rubric, data: &Data) -> Result<Totals, Failed> {
    let (tally, errors) = tally(rubric, data, None);
    if errors.is_empty() {
        return Ok(tally.into_totals(rubric, data));
    }
    Err(too_large_failure(errors, data))
}

/// The figures too large to score exactly, as errors in the data's file: with several files
/// on the command line each says whose figure it is.
fn too_large_failure(errors: Vec<String>, data: &Data) -> Failed {
    Failed {
        diagnostics: errors
            .into_iter()
            .map(|e| Diagnostic::error("too-large", e).in_file(&data.source))
            .collect(),
    }
}

/// A company's totals: a [`Sheet`] without its items and words.
#[derive(Debug, Clone)]
pub struct Totals {
    pub rubric: crate::rubric::Text,
    pub data: String,
    pub company: Option<String>,
    pub base: Decimal,
    pub bonus: Decimal,
    pub total: Decimal,
    pub eligible: Option<bool>,
    /// Per gate, in the rubric's order: the figure it reads (`None` when it could not be had);
    /// its unit is the rubric's.
    pub gate_figures: Vec<Option<Decimal>>,
    pub warnings: usize,
    pub suspects: Vec<Diagnostic>,
}

impl Sheet {
    /// The sheet's totals, as [`try_totals`] gives them.
    pub fn totals(&self) -> Totals {
        Totals {
            rubric: self.rubric.clone(),
            data: self.data.clone(),
            company: self.company.clone(),
            base: self.base,
            bonus: self.bonus,
            total: self.total,
            eligible: self.eligible,
            gate_figures: self.gates.iter().map(|g| g.figure).collect(),
            warnings: self.warnings.len(),
            suspects: self.suspects.clone(),
        }
    }
}

/// Scores one company's data against a rubric. A figure too large to compute exactly scores 0
/// with a warning here; use [`try_score`] to have it as an error.
pub fn score(rubric: &Rubric, data: &Data) -> Sheet {
    Prepared::new(rubric).score(data)
}

/// Every derived figure of `data`, when it can be had (what the plausibility check compares).
pub fn derived_values(rubric: &Rubric, data: &Data) -> Vec<Option<Decimal>> {
    let scorer = Scorer::new(rubric, data, false);
    (0..rubric.derived.len())
        .map(|d| scorer.known(Ref::Derived(d)))
        .collect()
}
