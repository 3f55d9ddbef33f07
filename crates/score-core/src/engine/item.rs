//! One item's row: its rule's outcome, cut to its maximum, with how its figure was derived.

use rust_decimal::Decimal;

use super::Scorer;
use super::kinds::Per;
use super::words::ItemWords;
use crate::fraction::Fraction;
use crate::i18n::Bilingual;
use crate::rubric::{Item, Ref, Rule, Text};
use crate::sheet::{Derivation, ItemResult, Operand};

/// What one rule made of one item, before the cap.
pub(super) struct Outcome {
    /// Exact: `n × points` may be far beyond `Decimal` before the cap.
    pub(super) raw: Fraction,
    pub(super) explain: Bilingual<String>,
    pub(super) value: Option<String>,
    pub(super) display: Bilingual<String>,
    pub(super) passed: Option<bool>,
    pub(super) given: bool,
}

impl Scorer<'_> {
    /// An item's points, and its row of the sheet when the scorer words one.
    pub(super) fn item(&mut self, item: &Item, fixed: &ItemWords) -> (Decimal, Option<ItemResult>) {
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
    pub(super) fn derivation(&self, item: &Item) -> Option<Derivation> {
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
    pub(super) fn operand(&self, r: Ref) -> Operand {
        Operand {
            title: self.term_titles(r).map(Text::clone),
            unit: match r {
                Ref::Input(i) | Ref::Field(i, _) => self.rubric.inputs[i].unit.clone(),
                Ref::Derived(d) => self.rubric.derived[d].unit.clone(),
            },
            value: self.known(r),
        }
    }

    pub(super) fn outcome(&mut self, item: &Item, fixed: &ItemWords) -> Outcome {
        match &item.rule {
            Rule::Weighted(terms) => self.sum_over_kinds(terms, Per::Each, fixed),
            Rule::EachKindOnce(terms) => self.sum_over_kinds(terms, Per::Once, fixed),
            Rule::Level => self.level(item, fixed),
            Rule::Flag { points } => self.flag(item, *points, fixed),
            Rule::CountAtLeast { min, points } => self.count_at_least(item, *min, *points),
            _ => self.numeric(item, fixed),
        }
    }
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

/// An item whose figure could not be computed exactly: its error is recorded for the file, so
/// this outcome never reaches a sheet that [`super::try_score`] returns.
pub(super) fn too_large_outcome(given: bool) -> Outcome {
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
pub(super) fn unworded(raw: Fraction, passed: Option<bool>, given: bool) -> Outcome {
    Outcome {
        raw,
        explain: Bilingual::same(String::new()),
        value: None,
        display: Bilingual::same(String::new()),
        passed,
        given,
    }
}

pub(super) fn nothing() -> Outcome {
    Outcome {
        raw: Fraction::zero(),
        explain: Bilingual::same("—".into()),
        value: None,
        display: Bilingual::same("—".into()),
        passed: None,
        given: false,
    }
}
