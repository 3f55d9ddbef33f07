//! `score(rubric, data) → Sheet`: every rule applied exactly, with the arithmetic written out.

#![deny(clippy::arithmetic_side_effects)]

use std::cell::{OnceCell, RefCell};

use rust_decimal::Decimal;

use crate::data::{Data, Value};
use crate::diag::{Diagnostic, Failed};
use crate::fraction::Fraction;
use crate::i18n::Bilingual;
use crate::num::plain;
use crate::rubric::{Item, Operation, Ref, Rubric, Rule, Text, is_percent_unit};
use crate::sheet::{
    CategoryResult, Derivation, GateResult, GroupResult, ItemResult, Operand, Sheet,
    arithmetic_text, arithmetic_text_at, figure_texts, unit_texts,
};

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

/// What one rule made of one item, before the cap.
struct Outcome {
    /// Exact: `n × points` may be far beyond `Decimal` before the cap.
    raw: Fraction,
    explain: Bilingual<String>,
    value: Option<String>,
    display: Bilingual<String>,
    passed: Option<bool>,
    given: bool,
}

/// Text that only a sheet shows: worded when the scorer writes words, left empty for totals.
macro_rules! say {
    ($scorer:expr, $($format:tt)*) => {
        if $scorer.words { format!($($format)*) } else { String::new() }
    };
}

/// [`cat!`] when the scorer words the sheet, else nothing (as [`say!`] is for `format!`).
macro_rules! say_cat {
    ($scorer:expr, $($part:expr),+ $(,)?) => {
        if $scorer.words { cat!($($part),+) } else { String::new() }
    };
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

mod words;
pub use words::ItemWords;

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

/// Everything scored, before it is laid out as a sheet or cut to totals. With `words` off the
/// items, gates, groups and categories are `None`: only their points are kept.
struct Tally {
    items: Option<Vec<ItemResult>>,
    gates: Option<Vec<GateResult>>,
    /// Per gate: whether it holds and the figure it reads.
    gate_figures: Vec<(bool, Option<Decimal>)>,
    groups: Option<Vec<GroupResult>>,
    categories: Option<Vec<CategoryResult>>,
    base: Decimal,
    bonus: Decimal,
    total: Decimal,
    eligible: Option<bool>,
    warnings: Vec<String>,
    notes: Vec<String>,
    suspects: Vec<Diagnostic>,
    checks: Vec<crate::sheet::Check>,
}

/// Scores every item; with `fixed` words (one per item, in order) it words the sheet too.
fn tally(rubric: &Rubric, data: &Data, fixed: Option<&[ItemWords]>) -> (Tally, Vec<String>) {
    let words = fixed.is_some();
    let mut scorer = Scorer {
        rubric,
        data,
        words,
        warnings: Vec::new(),
        derived: vec![OnceCell::new(); rubric.derived.len()],
        shown: vec![OnceCell::new(); rubric.derived.len()],
        errors: RefCell::new(Vec::new()),
    };
    let mut item_points = Vec::with_capacity(rubric.items.len());
    let mut items = words.then(|| Vec::with_capacity(rubric.items.len()));
    // Unworded, an item's fixed words are never read.
    let unworded = ItemWords::default();
    for (index, item) in rubric.items.iter().enumerate() {
        let fixed = fixed.and_then(|f| f.get(index)).unwrap_or(&unworded);
        let (points, result) = scorer.item(item, fixed);
        item_points.push(points);
        if let (Some(items), Some(result)) = (&mut items, result) {
            items.push(result);
        }
    }
    let mut gate_figures = Vec::with_capacity(rubric.gates.len());
    let mut gates = words.then(|| Vec::with_capacity(rubric.gates.len()));
    for gate in &rubric.gates {
        let (passed, figure, result) = scorer.gate(gate);
        gate_figures.push((passed, figure));
        if let (Some(gates), Some(result)) = (&mut gates, result) {
            gates.push(result);
        }
    }

    // Per group, then per category: (its points, its maximum).
    let group_points = rolled_up(
        &scorer,
        rubric
            .items
            .iter()
            .zip(&item_points)
            .map(|(item, &points)| (item.group, points, item.max)),
        rubric.groups.len(),
        |g| rubric.groups[g].weight,
    );
    let category_points = rolled_up(
        &scorer,
        rubric
            .groups
            .iter()
            .zip(&group_points)
            .map(|(group, &(points, max))| (group.category, points, max)),
        rubric.categories.len(),
        |c| rubric.categories[c].weight,
    );
    let groups = words.then(|| {
        rubric
            .groups
            .iter()
            .zip(&group_points)
            .map(|(group, &(points, max))| {
                let category = &rubric.categories[group.category];
                GroupResult {
                    id: group.id.clone(),
                    title: Bilingual::new(group.title.clone(), group.title_en.clone()),
                    category: Bilingual::new(category.title.clone(), category.title_en.clone()),
                    weight: group.weight,
                    max,
                    points,
                    bonus: category.bonus,
                }
            })
            .collect()
    });
    let categories = words.then(|| {
        rubric
            .categories
            .iter()
            .zip(&category_points)
            .map(|(category, &(points, max))| CategoryResult {
                id: category.id.clone(),
                title: Bilingual::new(category.title.clone(), category.title_en.clone()),
                weight: category.weight,
                max,
                points,
                bonus: category.bonus,
            })
            .collect()
    });
    let sum_of = |bonus: bool| -> Decimal {
        rubric
            .categories
            .iter()
            .zip(&category_points)
            .filter(|(c, _)| c.bonus == bonus)
            .fold(Decimal::ZERO, |s, (_, r)| scorer.add(s, r.0))
    };
    let base = sum_of(false).min(rubric.base_max);
    let bonus = sum_of(true).min(rubric.bonus_max);
    let total = scorer.add(base, bonus);
    let eligible = (!gate_figures.is_empty()).then(|| gate_figures.iter().all(|g| g.0));

    let (missing, notes) = crate::data::missing_notices(rubric, data);
    let findings = crate::plausible::check(rubric, data, &|d| scorer.known(Ref::Derived(d)));
    let (suspects, checks) = crate::plausible::sort(rubric, data, findings, words);
    let mut warnings = data.warnings.clone();
    warnings.extend(missing);
    warnings.extend(scorer.warnings);
    warnings.extend(suspects.iter().map(|d| d.message.clone()));
    let errors = scorer.errors.into_inner();
    for warning in &mut warnings {
        if let std::borrow::Cow::Owned(safe) = crate::diag::visible_text(warning, true) {
            *warning = safe;
        }
    }
    let tally = Tally {
        items,
        gates,
        gate_figures,
        groups,
        categories,
        base,
        bonus,
        total,
        eligible,
        warnings,
        notes,
        suspects,
        checks,
    };
    (tally, errors)
}

/// Each of `parents` parents' (points, maximum) from its parts, given as (parent, points,
/// maximum) in order: the parts' points and maximums summed in one pass, in the parts' order,
/// and the sum cut to the parent's weight, which is its maximum when it has one (groups from
/// items, categories from groups).
fn rolled_up(
    scorer: &Scorer<'_>,
    parts: impl Iterator<Item = (usize, Decimal, Decimal)>,
    parents: usize,
    weight: impl Fn(usize) -> Option<Decimal>,
) -> Vec<(Decimal, Decimal)> {
    let mut sums = vec![(Decimal::ZERO, Decimal::ZERO); parents];
    for (parent, points, max) in parts {
        if let Some((sum, caps)) = sums.get_mut(parent) {
            *sum = scorer.add(*sum, points);
            *caps = scorer.add(*caps, max);
        }
    }
    // The summed pairs become the results in place.
    for (parent, (sum, caps)) in sums.iter_mut().enumerate() {
        let max = weight(parent).unwrap_or(*caps);
        (*sum, *caps) = ((*sum).min(max), max);
    }
    sums
}

/// Shown on terminals and in reports: control characters escaped at the source.
fn shown_company(data: &Data) -> Option<String> {
    data.company
        .as_deref()
        .map(|c| crate::diag::visible(c).into_owned())
}

impl Tally {
    fn into_sheet(self, rubric: &Rubric, data: &Data) -> Sheet {
        Sheet {
            rubric: rubric.id.clone(),
            data: crate::diag::visible(&data.source.name).into_owned(),
            title: Bilingual::new(rubric.title.clone(), rubric.title_en.clone()),
            source_ref: rubric.source_ref.clone(),
            company: shown_company(data),
            year: data.year,
            base: self.base.normalize(),
            base_max: rubric.base_max.normalize(),
            bonus: self.bonus.normalize(),
            bonus_max: rubric.bonus_max.normalize(),
            total: self.total.normalize(),
            eligible: self.eligible,
            gates: self.gates.unwrap_or_default(),
            items: self.items.unwrap_or_default(),
            groups: self.groups.unwrap_or_default(),
            categories: self.categories.unwrap_or_default(),
            warnings: self.warnings,
            notes: self.notes,
            suspects: self.suspects,
            checks: self.checks,
            what_if: None,
        }
    }

    fn into_totals(self, rubric: &Rubric, data: &Data) -> Totals {
        Totals {
            rubric: rubric.id.clone(),
            data: crate::diag::visible(&data.source.name).into_owned(),
            company: shown_company(data),
            base: self.base.normalize(),
            bonus: self.bonus.normalize(),
            total: self.total.normalize(),
            eligible: self.eligible,
            gate_figures: self
                .gate_figures
                .into_iter()
                .map(|(_, figure)| figure)
                .collect(),
            warnings: self.warnings.len(),
            suspects: self.suspects,
        }
    }
}

/// Every derived figure of `data`, when it can be had (what the plausibility check compares).
pub fn derived_values(rubric: &Rubric, data: &Data) -> Vec<Option<Decimal>> {
    let scorer = Scorer {
        rubric,
        data,
        words: false,
        warnings: Vec::new(),
        derived: vec![OnceCell::new(); rubric.derived.len()],
        shown: vec![OnceCell::new(); rubric.derived.len()],
        errors: RefCell::new(Vec::new()),
    };
    (0..rubric.derived.len())
        .map(|d| scorer.known(Ref::Derived(d)))
        .collect()
}

/// A number in a rule's arithmetic: percentages as `2.5%`, others bare.
fn num(percent: bool, value: Decimal) -> String {
    arithmetic_text(percent, value)
}

/// A figure with its unit, for people, in both languages.
fn with_unit(unit: &str, value: Decimal) -> Bilingual<String> {
    figure_texts(unit, value)
}

fn joined(mut text: String, tail: &str) -> String {
    text.push_str(tail);
    text
}

/// The points within `0..=max`, and what the cap adds to the working (`note`, when worded).
fn capped(
    raw: &Fraction,
    max: Decimal,
    note: Option<&Bilingual<String>>,
) -> (Decimal, Bilingual<String>) {
    if raw.cmp_decimal(max).is_gt() {
        (
            max,
            note.cloned()
                .unwrap_or_else(|| Bilingual::same(String::new())),
        )
    } else if raw.is_negative() {
        (
            Decimal::ZERO,
            Bilingual {
                zh: " → 0".into(),
                en: " → 0".into(),
            },
        )
    } else {
        // Points in range are `n × points` or a sum of such: decimals, kept exactly.
        let points = raw.capped(max).or_else(|| raw.to_decimal());
        (
            points.unwrap_or(Decimal::ZERO),
            Bilingual::same(String::new()),
        )
    }
}

impl Scorer<'_> {
    /// Records that the figure behind `key` is too large to score exactly.
    fn too_large(&self, key: &str) {
        let mut errors = self.errors.borrow_mut();
        let message = crate::tr!(
            "`{key}` 的计算结果过大，无法精确计算（位宽超过 {bits} 位）；请检查数据与评分表的数值",
            "`{key}`: the result is too large to compute exactly (wider than {bits} bits); check the figures in the data and the rubric",
            bits = crate::fraction::MAX_BITS
        );
        if !errors.contains(&message) {
            errors.push(message);
        }
    }

    /// `a + b` on points; an overflow is recorded as an error and the sum kept at `a`.
    fn add(&self, a: Decimal, b: Decimal) -> Decimal {
        a.checked_add(b).unwrap_or_else(|| {
            self.too_large(&crate::tr!("总分", "total"));
            a
        })
    }

    /// An exact result, or the error recorded under `key`.
    fn exact<T>(&self, key: &str, r: Result<T, crate::fraction::TooLarge>) -> Option<T> {
        r.map_err(|_| self.too_large(key)).ok()
    }

    /// A figure as the file gives it, already a decimal: what `figure(r)` would make a fraction of
    /// and [`Fraction::to_decimal`] would turn back (`tests` in `fraction.rs`: the round trip is
    /// `normalize`), without the round trip; `None` for anything else.
    fn given_decimal(&self, r: Ref) -> Option<Decimal> {
        let given = match r {
            Ref::Input(i) => match self.data.values.get(i) {
                Some(Some(Value::Number(v))) => *v,
                _ => return None,
            },
            Ref::Field(i, f) => match self.data.values.get(i) {
                Some(Some(Value::Counts(counts))) => *counts.get(f)?,
                _ => return None,
            },
            Ref::Derived(_) => return None,
        };
        Some(given.normalize())
    }

    fn figure(&self, r: Ref) -> Figure {
        match r {
            Ref::Input(i) => match &self.data.values[i] {
                Some(Value::Number(v)) => Figure::Known(Fraction::whole(*v)),
                Some(Value::Flag(b)) => Figure::Known(Fraction::whole(Decimal::from(*b as u8))),
                None if self.rubric.inputs[i].optional => Figure::Unavailable {
                    zh: format!("未填写 `{}`", self.rubric.inputs[i].key),
                    en: format!("`{}` not given", self.rubric.inputs[i].key),
                },
                _ => Figure::Known(Fraction::zero()),
            },
            Ref::Field(i, f) => match &self.data.values[i] {
                Some(Value::Counts(counts)) => Figure::Known(Fraction::whole(counts[f])),
                _ => Figure::Known(Fraction::zero()),
            },
            Ref::Derived(d) => self.derived[d].get_or_init(|| self.derive(d)).clone(),
        }
    }

    fn derive(&self, d: usize) -> Figure {
        let formula = self.rubric.derived[d].formula;
        let (a, b) = match (self.figure(formula.left), self.figure(formula.right)) {
            (Figure::Known(a), Figure::Known(b)) => (a, b),
            (Figure::TooLarge, _) | (_, Figure::TooLarge) => return Figure::TooLarge,
            (unavailable @ Figure::Unavailable { .. }, _) | (_, unavailable) => {
                return unavailable;
            }
        };
        let key = &self.rubric.derived[d].key;
        match formula.op {
            // A share of a loss (产品销售利润 below zero) means nothing: not met, not a number.
            Operation::Ratio if b.is_negative() => {
                let key = self.rubric.key_of(formula.right);
                Figure::Unavailable {
                    zh: format!("分母 `{key}` 为负数（亏损），比重无意义，按未达到计"),
                    en: format!(
                        "the denominator `{key}` is negative (a loss): the share means nothing and is not met"
                    ),
                }
            }
            Operation::Ratio => match Fraction::ratio(&a, &b) {
                Ok(Some(v)) => Figure::Known(v),
                Ok(None) => {
                    let key = self.rubric.key_of(formula.right);
                    Figure::Unavailable {
                        zh: format!("分母 `{key}` 为 0，无法计算"),
                        en: format!("the denominator `{key}` is 0"),
                    }
                }
                Err(_) => {
                    self.too_large(key);
                    Figure::TooLarge
                }
            },
            Operation::Difference => match Fraction::difference(&a, &b) {
                Ok(v) => Figure::Known(v),
                Err(_) => {
                    self.too_large(key);
                    Figure::TooLarge
                }
            },
        }
    }

    /// Whether every input behind a reference was given in the data file.
    fn given(&self, r: Ref) -> bool {
        match r {
            Ref::Input(i) | Ref::Field(i, _) => self.data.values[i].is_some(),
            Ref::Derived(d) => {
                let f = self.rubric.derived[d].formula;
                self.given(f.left) && self.given(f.right)
            }
        }
    }

    /// An item's points, and its row of the sheet when the scorer words one.
    fn item(&mut self, item: &Item, fixed: &ItemWords) -> (Decimal, Option<ItemResult>) {
        let outcome = self.outcome(item, fixed);
        let (points, cap_note) =
            capped(&outcome.raw, item.max, self.words.then_some(&fixed.capped));
        let points = points.normalize();
        if !self.words {
            return (points, None);
        }
        let derivation = self.derivation(item);
        let group = &self.rubric.groups[item.group];
        let category = &self.rubric.categories[group.category];
        let result = ItemResult {
            id: item.id.clone(),
            group: Bilingual::new(group.title.clone(), group.title_en.clone()),
            category: Bilingual::new(category.title.clone(), category.title_en.clone()),
            title: Bilingual::new(item.title.clone(), item.title_en.clone()),
            value: outcome.value,
            value_display: outcome.display,
            unit: item.unit.clone(),
            points,
            max: item.max.normalize(),
            bonus: item.bonus,
            passed: outcome.passed,
            given: outcome.given,
            explain: Bilingual::new(
                joined(outcome.explain.zh, &cap_note.zh),
                joined(outcome.explain.en, &cap_note.en),
            ),
            source: item.source.clone(),
            note: Bilingual::new(item.note.clone(), item.note_en.clone()),
            requirement: fixed.requirement.clone(),
            derivation,
        };
        (points, Some(result))
    }

    /// How the figure an item reads was computed, when it is a ratio or a difference.
    fn derivation(&self, item: &Item) -> Option<Derivation> {
        let Some(r @ Ref::Derived(d)) = item.value else {
            return None;
        };
        let formula = self.rubric.derived[d].formula;
        Some(Derivation {
            sign: formula.op.symbol(),
            left: self.operand(formula.left),
            right: self.operand(formula.right),
            unit: self.rubric.derived[d].unit.clone(),
            result: self.known(r),
        })
    }

    /// One side of a derived figure.
    fn operand(&self, r: Ref) -> Operand {
        Operand {
            title: self.term_titles(r).map(Text::clone),
            unit: match r {
                Ref::Input(i) | Ref::Field(i, _) => self.rubric.inputs[i].unit.clone(),
                Ref::Derived(d) => self.rubric.derived[d].unit.clone(),
            },
            value: self.known(r),
        }
    }

    /// The figure behind a reference, when it can be had (for display: rounded to 28 digits).
    fn known(&self, r: Ref) -> Option<Decimal> {
        if let Some(given) = self.given_decimal(r) {
            return Some(given);
        }
        let rounded = || match self.figure(r) {
            Figure::Known(v) => v.to_decimal(),
            Figure::Unavailable { .. } | Figure::TooLarge => None,
        };
        match r {
            Ref::Derived(d) => self
                .shown
                .get(d)
                .map_or_else(rounded, |s| *s.get_or_init(rounded)),
            _ => rounded(),
        }
    }

    fn outcome(&mut self, item: &Item, fixed: &ItemWords) -> Outcome {
        match &item.rule {
            Rule::Weighted(terms) => self.sum_over_kinds(terms, Per::Each, fixed),
            Rule::EachKindOnce(terms) => self.sum_over_kinds(terms, Per::Once, fixed),
            Rule::Level => self.level(item, fixed),
            Rule::Flag { points } => self.flag(item, *points, fixed),
            Rule::CountAtLeast { min, points } => self.count_at_least(item, *min, *points),
            _ => self.numeric(item, fixed),
        }
    }

    fn numeric(&mut self, item: &Item, fixed: &ItemWords) -> Outcome {
        let Some(r) = item.value else {
            return nothing();
        };
        let given = self.given(r);
        let rubric = self.rubric;
        let unit = rubric.unit_of(r);
        let percent = is_percent_unit(unit);
        let v = match self.figure(r) {
            Figure::Known(v) => v,
            Figure::TooLarge => return too_large_outcome(given),
            Figure::Unavailable { zh, en } => {
                if matches!(r, Ref::Derived(_)) && self.data_optional_missing(r).is_none() {
                    self.warnings.push(crate::tr!(
                        "`{}`（{}）：{zh}，得 0 分",
                        "`{}` ({}): {en}; scored 0",
                        item.id,
                        crate::i18n::lang().pick(&item.title, &item.title_en)
                    ));
                }
                return Outcome {
                    raw: Fraction::zero(),
                    explain: Bilingual {
                        zh: say!(self, "{zh} → 0"),
                        en: say!(self, "{en} → 0"),
                    },
                    value: None,
                    display: Bilingual {
                        zh: "—".into(),
                        en: "—".into(),
                    },
                    passed: matches!(item.rule, Rule::Requirement { .. }).then_some(false),
                    given,
                };
            }
        };
        // Named only for a message: `key_of` builds a string.
        let key = || rubric.key_of(r);
        // `v` is the figure `known` rounds (and, for a derived one, keeps rounded).
        let Some(shown) = self.known(r) else {
            self.too_large(&key());
            return too_large_outcome(given);
        };
        let words = self.words;
        // Printed with the places it takes to agree with the verdict (`1.99997% < 2%`).
        let x = if words {
            let boundaries = crate::faithful::boundaries(&item.rule, &v);
            let exact = |b: Decimal| v.cmp_decimal(b);
            let places = crate::faithful::places(shown, percent, &exact, &boundaries);
            crate::faithful::marked(arithmetic_text_at(percent, shown, places), &v)
        } else {
            String::new()
        };
        let cmp = |t: Decimal| v.cmp_decimal(t);
        let (raw, explain, passed) = match &item.rule {
            Rule::PerUnit { step, points } => {
                let n = match v.floor_steps(Decimal::ZERO, *step) {
                    Ok(Some(n)) if n.is_negative() => Fraction::zero(),
                    Ok(Some(n)) => n,
                    // The rubric's loader refuses a step that is not positive.
                    Ok(None) => Fraction::zero(),
                    Err(_) => {
                        self.too_large(&key());
                        return too_large_outcome(given);
                    }
                };
                let Some(raw) =
                    self.exact(&item.id, Fraction::product(&n, &Fraction::whole(*points)))
                else {
                    return too_large_outcome(given);
                };
                let text = say_cat!(self, fixed.lead, x, fixed.tail, raw.text());
                (raw, Bilingual::same(text), None)
            }
            Rule::ThresholdStep {
                threshold,
                step,
                points,
                step_points,
            } => {
                if cmp(*threshold).is_lt() {
                    (
                        Fraction::zero(),
                        Bilingual::same(say_cat!(self, x, fixed.below)),
                        None,
                    )
                } else {
                    let steps = match v.floor_steps(*threshold, *step) {
                        Ok(Some(n)) => n,
                        // The rubric's loader refuses a step that is not positive.
                        Ok(None) => Fraction::zero(),
                        Err(_) => {
                            self.too_large(&key());
                            return too_large_outcome(given);
                        }
                    };
                    let raw = Fraction::product(&steps, &Fraction::whole(*step_points))
                        .and_then(|s| Fraction::sum(&Fraction::whole(*points), &s));
                    let Some(raw) = self.exact(&item.id, raw) else {
                        return too_large_outcome(given);
                    };
                    let text = say_cat!(self, x, fixed.tail, x, fixed.after, raw.text());
                    (raw, Bilingual::same(text), None)
                }
            }
            Rule::Bands(bands) => {
                let found = bands.iter().enumerate().find(|(_, band)| {
                    let above_min = band.min.is_none_or(|b| {
                        let o = cmp(b.value);
                        o.is_gt() || (b.inclusive && o.is_eq())
                    });
                    let below_max = band.max.is_none_or(|b| {
                        let o = cmp(b.value);
                        o.is_lt() || (b.inclusive && o.is_eq())
                    });
                    above_min && below_max
                });
                match found {
                    Some((_, band)) if !words => (
                        Fraction::whole(band.points),
                        Bilingual::same(String::new()),
                        None,
                    ),
                    Some((index, band)) => {
                        let tail = fixed.bands.get(index).map_or("", |t| &**t);
                        let text = cat!(x, tail);
                        (Fraction::whole(band.points), Bilingual::same(text), None)
                    }
                    None => (
                        Fraction::zero(),
                        Bilingual {
                            zh: say!(self, "{x} 不在任何档位内 → 0"),
                            en: say!(self, "{x} falls in no band → 0"),
                        },
                        None,
                    ),
                }
            }
            Rule::Requirement { op, threshold } => {
                let holds = op.holds(cmp(*threshold));
                let raw = if holds { item.max } else { Decimal::ZERO };
                let explain = if words {
                    let tail = if holds { &fixed.met } else { &fixed.unmet };
                    // A difference of percentages is in 百分点, not %: `0.3个百分点 ≥ 0个百分点`.
                    if unit == "百分点" {
                        let x = unit_texts(unit, x.clone());
                        Bilingual {
                            zh: cat!(x.zh, tail.zh),
                            en: cat!(x.en, tail.en),
                        }
                    } else {
                        Bilingual {
                            zh: cat!(x, tail.zh),
                            en: cat!(x, tail.en),
                        }
                    }
                } else {
                    Bilingual::same(String::new())
                };
                (Fraction::whole(raw), explain, Some(holds))
            }
            Rule::Weighted(_)
            | Rule::EachKindOnce(_)
            | Rule::Level
            | Rule::Flag { .. }
            | Rule::CountAtLeast { .. } => (Fraction::zero(), Bilingual::same(String::new()), None),
        };
        if !words {
            return unworded(raw, passed, given);
        }
        Outcome {
            raw,
            explain,
            value: Some(plain(shown)),
            // `x` is the number worded for the arithmetic: only the unit is added.
            display: { unit_texts(unit, x) },
            passed,
            given,
        }
    }

    /// The optional input whose absence made a figure unavailable, if that is why.
    fn data_optional_missing(&self, r: Ref) -> Option<usize> {
        match r {
            Ref::Input(i) => {
                (self.rubric.inputs[i].optional && self.data.values[i].is_none()).then_some(i)
            }
            Ref::Field(..) => None,
            Ref::Derived(d) => {
                let f = self.rubric.derived[d].formula;
                self.data_optional_missing(f.left)
                    .or(self.data_optional_missing(f.right))
            }
        }
    }

    /// A sum over the kinds of a counts-by-kind row, each kind's part by `per`: 每项 N 分 is
    /// Σ count × points, 拥有…得N分 the points once for a count of 1 or more.
    fn sum_over_kinds(
        &self,
        terms: &[crate::rubric::Term],
        per: Per,
        fixed: &ItemWords,
    ) -> Outcome {
        let mut raw = Fraction::zero();
        // Each kind's part as `title count × points`, joined by ` + ` as they come; room for a
        // few parts at once, as growing the text step by step was a tenth of the sum's cost.
        let room = if self.words { 96 } else { 0 };
        let mut zh = String::with_capacity(room);
        let mut en = String::with_capacity(room);
        // What a reviewer compares with the certificates: the count of each kind (`发明专利2
        // 实用新型专利5`), not the weighted sum, which `--explain` shows.
        let mut shown = Bilingual {
            zh: String::with_capacity(room),
            en: String::with_capacity(room),
        };
        let mut given = false;
        for (index, term) in terms.iter().enumerate() {
            given |= self.given(term.value);
            let count = match self.figure(term.value) {
                Figure::Known(v) => v,
                Figure::Unavailable { .. } => Fraction::zero(),
                Figure::TooLarge => return too_large_outcome(given),
            };
            // Worded once, for the display and the working.
            let count_text = (self.words && !count.is_zero()).then(|| count.text());
            if let Some(text) = &count_text {
                self.show_count(&mut shown, term.value, text);
            }
            let points = Fraction::whole(term.points);
            let part = match per {
                Per::Each if count.is_zero() => continue,
                Per::Each => Fraction::product(&count, &points),
                Per::Once if count.cmp_decimal(Decimal::ONE) == std::cmp::Ordering::Less => {
                    continue;
                }
                Per::Once => Ok(points),
            };
            let Ok(sum) = part.and_then(|p| Fraction::sum(&raw, &p)) else {
                self.too_large(&self.rubric.key_of(term.value));
                return too_large_outcome(given);
            };
            raw = sum;
            // Not worded (no words, or a count of 0, which `per` passed over above).
            let Some(count) = &count_text else {
                continue;
            };
            let title = self.term_titles(term.value);
            if !zh.is_empty() {
                zh.push_str(" + ");
                en.push_str(" + ");
            }
            let (zh_tail, en_tail) = fixed
                .terms
                .get(index)
                .map_or(("", ""), |t| (&*t.zh, &*t.en));
            for (text, title, tail) in [(&mut zh, title.zh, zh_tail), (&mut en, title.en, en_tail)]
            {
                for piece in [&**title, " ", count, tail] {
                    text.push_str(piece);
                }
            }
        }
        if !self.words {
            return unworded(raw, None, given);
        }
        let total = raw.text();
        Outcome {
            display: if shown.zh.is_empty() {
                Bilingual::same("0".into())
            } else {
                shown
            },
            explain: terms_explain(zh, en, &total),
            value: Some(total),
            raw,
            passed: None,
            given,
        }
    }

    /// Adds a kind's count to the display: `发明专利2 实用新型专利5`, `invention 2, utility 5`.
    fn show_count(&self, shown: &mut Bilingual<String>, r: Ref, count: &str) {
        let title = match r {
            Ref::Field(i, f) => {
                let field = &self.rubric.inputs[i].fields[f];
                Bilingual::new(&field.short, &field.short_en)
            }
            Ref::Input(i) => {
                let input = &self.rubric.inputs[i];
                Bilingual::new(&input.short, &input.short_en)
            }
            other => self.term_titles(other),
        };
        if !shown.zh.is_empty() {
            shown.zh.push(' ');
            shown.en.push_str(", ");
        }
        for (text, title, gap) in [
            (&mut shown.zh, title.zh, ""),
            (&mut shown.en, title.en, " "),
        ] {
            text.push_str(title);
            text.push_str(gap);
            text.push_str(count);
        }
    }

    fn term_titles(&self, r: Ref) -> Bilingual<&Text> {
        match r {
            Ref::Field(i, f) => {
                let field = &self.rubric.inputs[i].fields[f];
                Bilingual::new(&field.title, &field.title_en)
            }
            Ref::Input(i) => {
                let input = &self.rubric.inputs[i];
                Bilingual::new(&input.title, &input.title_en)
            }
            Ref::Derived(d) => {
                let derived = &self.rubric.derived[d];
                Bilingual::new(&derived.title, &derived.title_en)
            }
        }
    }

    fn level(&self, item: &Item, fixed: &ItemWords) -> Outcome {
        let Some(Ref::Input(i)) = item.value else {
            return nothing();
        };
        let input = &self.rubric.inputs[i];
        let Some(set) = input.level_set.map(|s| &self.rubric.level_sets[s]) else {
            return nothing();
        };
        let (index, given) = match &self.data.values[i] {
            Some(Value::Level(l)) => (*l, true),
            _ => (set.lowest(), false),
        };
        let level = &set.levels[index];
        Outcome {
            raw: Fraction::whole(level.points),
            explain: match fixed.levels.get(index) {
                Some(words) if self.words => words.clone(),
                _ => Bilingual::same(String::new()),
            },
            value: Some(level.id.clone()),
            display: Bilingual {
                zh: level.label.clone(),
                en: level.label_en.clone(),
            },
            passed: None,
            given,
        }
    }

    fn flag(&self, item: &Item, points: Decimal, fixed: &ItemWords) -> Outcome {
        let Some(Ref::Input(i)) = item.value else {
            return nothing();
        };
        let (on, given) = match &self.data.values[i] {
            Some(Value::Flag(b)) => (*b, true),
            _ => (false, false),
        };
        let raw = if on { points } else { Decimal::ZERO };
        Outcome {
            raw: Fraction::whole(raw),
            explain: match (self.words, on) {
                (true, true) => fixed.flag_on.clone(),
                (true, false) => fixed.flag_off.clone(),
                (false, _) => Bilingual::same(String::new()),
            },
            value: Some(on.to_string()),
            display: Bilingual {
                zh: if on { "是" } else { "否" }.into(),
                en: if on { "yes" } else { "no" }.into(),
            },
            passed: None,
            given,
        }
    }

    fn count_at_least(&self, item: &Item, min: Decimal, points: Decimal) -> Outcome {
        let Some(Ref::Input(i)) = item.value else {
            return nothing();
        };
        let unit = &self.rubric.inputs[i].unit;
        let (list, given): (&[Decimal], bool) = match &self.data.values[i] {
            Some(Value::List(list)) => (list, true),
            _ => (&[], false),
        };
        let qualifying = list.iter().filter(|n| **n >= min).count();
        let raw = Fraction::product(&Fraction::from_count(qualifying), &Fraction::whole(points));
        let Some(raw) = self.exact(&item.id, raw) else {
            return too_large_outcome(given);
        };
        if !self.words {
            return unworded(raw, None, given);
        }
        let shown: Vec<String> = list.iter().map(|n| plain(*n)).collect();
        let per = if points == Decimal::ONE {
            String::new()
        } else {
            format!(" × {}", plain(points))
        };
        let total = raw.text();
        Outcome {
            raw,
            explain: Bilingual {
                zh: format!(
                    "[{}] 中 {qualifying} 次达到 {}{unit}{per} = {}",
                    shown.join(", "),
                    plain(min),
                    total
                ),
                en: format!(
                    "{qualifying} of [{}] reach {} {unit}{per} = {}",
                    shown.join(", "),
                    plain(min),
                    total
                ),
            },
            value: Some(qualifying.to_string()),
            display: Bilingual {
                zh: format!("{qualifying}次（共{}次）", list.len()),
                en: format!("{qualifying} of {}", list.len()),
            },
            passed: None,
            given,
        }
    }

    /// Whether a gate holds, the figure it reads, and its row when the scorer words one.
    fn gate(&self, gate: &crate::rubric::Gate) -> (bool, Option<Decimal>, Option<GateResult>) {
        let figure = self.known(gate.value);
        if !self.words {
            let passed = match self.figure(gate.value) {
                Figure::Known(v) => gate.op.holds(v.cmp_decimal(gate.threshold)),
                Figure::Unavailable { .. } | Figure::TooLarge => false,
            };
            return (passed, figure, None);
        }
        let unit = self.rubric.unit_of(gate.value);
        let t = with_unit(unit, gate.threshold);
        let op = gate.op.symbol();
        let (passed, zh, en) = match self.figure(gate.value) {
            Figure::Known(v) => {
                let x = v.to_decimal().map_or_else(
                    || Bilingual::same(v.text()),
                    |shown| {
                        // Printed with the places it takes to agree with the verdict.
                        let percent = is_percent_unit(unit);
                        let exact = |b: Decimal| v.cmp_decimal(b);
                        let places =
                            crate::faithful::places(shown, percent, &exact, &[gate.threshold]);
                        let text = arithmetic_text_at(percent, shown, places);
                        unit_texts(unit, crate::faithful::marked(text, &v))
                    },
                );
                let holds = gate.op.holds(v.cmp_decimal(gate.threshold));
                if holds {
                    (
                        true,
                        format!("{} {op} {}，符合", x.zh, t.zh),
                        format!("{} {op} {}: met", x.en, t.en),
                    )
                } else {
                    (
                        false,
                        format!("{} 未达到 {op} {}，不符合", x.zh, t.zh),
                        format!("{} is not {op} {}: not met", x.en, t.en),
                    )
                }
            }
            Figure::Unavailable { zh, en } => {
                (false, format!("{zh}，不符合"), format!("{en}: not met"))
            }
            // Recorded as an error for the file when the figure was derived: no verdict stands.
            Figure::TooLarge => (false, "—".into(), "—".into()),
        };
        let result = GateResult {
            id: gate.id.clone(),
            title: Bilingual::new(gate.title.clone(), gate.title_en.clone()),
            passed,
            detail: Bilingual::new(zh, en),
            figure,
            unit: unit.into(),
        };
        (passed, figure, Some(result))
    }
}

fn interval(percent: bool, band: &crate::rubric::Band) -> String {
    let lower = band.min.map_or("(−∞".to_string(), |b| {
        cat!(if b.inclusive { "[" } else { "(" }, num(percent, b.value))
    });
    let upper = band.max.map_or("+∞)".to_string(), |b| {
        cat!(num(percent, b.value), if b.inclusive { "]" } else { ")" })
    });
    cat!(lower, ", ", upper)
}

/// How a kind's count earns its points in a counts-by-kind row.
#[derive(Clone, Copy)]
enum Per {
    /// 每项: count × points.
    Each,
    /// 拥有…得N分: the points once, for a count of 1 or more.
    Once,
}

/// The working of a sum over kinds: each kind's part, then the sum (`无 → 0` for none).
fn terms_explain(mut zh: String, mut en: String, total: &str) -> Bilingual<String> {
    if zh.is_empty() {
        return Bilingual {
            zh: "无 → 0".into(),
            en: "none → 0".into(),
        };
    }
    for text in [&mut zh, &mut en] {
        text.push_str(" = ");
        text.push_str(total);
    }
    Bilingual { zh, en }
}

/// An item whose figure could not be computed exactly: its error is recorded for the file, so
/// this outcome never reaches a sheet that [`try_score`] returns.
fn too_large_outcome(given: bool) -> Outcome {
    Outcome {
        raw: Fraction::zero(),
        explain: Bilingual {
            zh: "数值过大，无法精确计算".into(),
            en: "too large to compute exactly".into(),
        },
        value: None,
        display: Bilingual::same("—".into()),
        passed: None,
        given,
    }
}

/// An outcome for totals only: its points and verdict, no words.
fn unworded(raw: Fraction, passed: Option<bool>, given: bool) -> Outcome {
    Outcome {
        raw,
        explain: Bilingual::same(String::new()),
        value: None,
        display: Bilingual::same(String::new()),
        passed,
        given,
    }
}

fn nothing() -> Outcome {
    Outcome {
        raw: Fraction::zero(),
        explain: Bilingual::same("—".into()),
        value: None,
        display: Bilingual::same("—".into()),
        passed: None,
        given: false,
    }
}
