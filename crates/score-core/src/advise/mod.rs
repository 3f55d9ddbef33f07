//! `score advise`: for every item below its cap (and every failing gate), the smallest raise of one
//! figure that earns more, found exactly from the rubric and confirmed by rescoring the whole sheet.
//!
//! Pure: rubric + data → [`Advice`]; no I/O.
//!
//! How a suggestion is found, for one item (or gate) and one figure that feeds it:
//! 1. Only figures where more is better are raised: a figure that is a denominator or a subtracted
//!    figure anywhere, directly or through derived figures, is never advised (no "hire fewer staff").
//! 2. The rule's own thresholds are collected (band edges, `T + k·S`, `k·step`, a requirement's
//!    threshold, a gate's) and translated back to the figure through the derived formulas with the
//!    other figures as given (`num = t · den`, `minuend = t + subtrahend`), exactly, as fractions.
//! 3. Each is rounded up to the figure's resolution ([`resolution`]); the next step above is kept
//!    too, so that a strict `>` on a representable value is covered. A count, a level, a flag, a
//!    counts-table field or a list gets its own candidates (+1, the higher levels, true, one more
//!    entry of the qualifying size).
//! 4. Candidates are rescored in ascending order with [`engine::score`]; the first for which the
//!    item's points and the total both rise (for a gate: the gate holds) is the answer. It is then
//!    checked one resolution step lower: if that also earned, the answer is narrowed by bisection
//!    and the fact is counted in [`Advice::refinements`] (the tests require it to stay 0).
//!
//! The suggestions are ranked by effort ([`effort`]), or by gain with `--sort gain`. Alongside them,
//! [`risk`] names the points that a small fall of one figure would cost, and [`target`] plans the
//! cheapest moves to a total.
//!
//! Steps 2–4 are in `search`; here are which figures may be raised (step 1), what advice holds
//! and how it is ranked.

pub mod effort;
pub mod risk;
mod search;
pub mod target;

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::data::Data;
use crate::engine;
use crate::num::Exact;
use crate::rubric::{InputKind, Ref, Rubric, Rule};
use crate::sheet::{Bilingual, Sheet};
use crate::what_if::{self, Amount, GateChange, ItemChange, KeyRef, Override};
pub use effort::{Phase, Tier};
use search::suggest;

/// The smallest step a suggestion moves in, in the engine's units: money 0.01 (万元 or 万美元,
/// i.e. 100 元), a percentage 0.01% (held as the fraction 0.0001), any other decimal figure 0.01,
/// counts, counts-table fields and list entries 1.
pub fn resolution(kind: InputKind) -> Decimal {
    match kind {
        InputKind::Money | InputKind::Number => Decimal::new(1, 2),
        InputKind::Percent => Decimal::new(1, 4),
        InputKind::Count | InputKind::Counts | InputKind::List => Decimal::ONE,
        InputKind::Level | InputKind::Flag => Decimal::ONE,
    }
}

/// Another figure that has to move with the suggested one: a part (其中) may not exceed its whole,
/// so an invention application raised above the patent applications raises those too.
#[derive(Debug, Clone, Serialize)]
pub struct Companion {
    pub key: String,
    pub from: Amount,
    pub to: Amount,
    pub unit: String,
}

/// One piece of advice: raise `key` from `from` to `to`, and the sheet gains `gain` points.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub key: String,
    pub from: Amount,
    pub to: Amount,
    #[serde(with = "crate::num::exact_number")]
    pub gain: Decimal,
    /// Every item whose points or figure change, with points before and after.
    pub items: Vec<ItemChange>,
    /// Every gate that flips.
    pub gates: Vec<GateChange>,
    /// Whether the data file gave `from` (a missing figure counts as 0).
    pub given: bool,
    pub unit: String,
    #[serde(flatten, with = "crate::sheet::keys::title")]
    pub title: Bilingual<String>,
    /// The items (and gates) for which `to` is the smallest value of `key` that earns more.
    pub targets: Vec<String>,
    /// Figures that must move too (a part may not exceed its whole).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Companion>,
    #[serde(with = "crate::num::exact_number")]
    pub total_from: Decimal,
    #[serde(with = "crate::num::exact_number")]
    pub total_to: Decimal,
    /// The sheet fails a gate now and every gate holds after this change.
    pub clears_gates: bool,
    /// `--what-if` arguments that reproduce this change.
    pub what_if: Vec<String>,
    #[serde(skip)]
    pub key_ref: KeyRef,
    /// `(to − from) / max(|from|, |to|)`: the second key of the `--sort gain` ranking.
    #[serde(skip)]
    pub relative: Decimal,
    #[serde(skip)]
    pub for_gate: bool,
    /// How hard the change is: a raise, one more, or a first of a kind.
    pub tier: Tier,
    /// Whether it can be checked or added before this deadline, or is for the next application.
    pub phase: Phase,
    /// The effort, in units of one standard or patent (the planning order).
    #[serde(skip)]
    pub cost: Decimal,
    /// `(to − from) / |from|` for a number that was not zero, rounded to 6 decimals for output.
    #[serde(with = "crate::num::exact_number::option")]
    pub relative_change: Option<Decimal>,
    /// The same, exactly: what the effort ranking compares.
    #[serde(skip)]
    pub relative_exact: Option<Exact>,
}

/// An item already at its 满分 (for a requirement: 达标).
#[derive(Debug, Clone, Serialize)]
pub struct Done {
    pub id: String,
    #[serde(flatten, with = "crate::sheet::keys::title")]
    pub title: Bilingual<String>,
    #[serde(with = "crate::num::exact_number")]
    pub points: Decimal,
}

/// Why an item below its cap gets no advice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Reason {
    /// Every figure it reads is also a denominator or a subtracted figure (or it reads none).
    NotRaisable { keys: Vec<String> },
    /// Its figure cannot be computed (a zero denominator, an optional figure not given).
    Unavailable,
    /// Its 二级/一级 group, or the base or bonus, is already at its maximum.
    GroupFull,
    /// No single figure can be raised far enough (e.g. a part already equals its whole).
    NoSingleRaise,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stuck {
    pub id: String,
    #[serde(flatten, with = "crate::sheet::keys::title")]
    pub title: Bilingual<String>,
    #[serde(with = "crate::num::exact_number")]
    pub points: Decimal,
    #[serde(with = "crate::num::exact_number")]
    pub max: Decimal,
    pub reason: Reason,
}

/// Everything `score advise` says about one company.
#[derive(Debug, Clone)]
pub struct Advice {
    /// The sheet the advice starts from.
    pub sheet: Sheet,
    /// In ranking order.
    pub suggestions: Vec<Suggestion>,
    pub done: Vec<Done>,
    pub stuck: Vec<Stuck>,
    /// How many answers the rubric's own thresholds got wrong and bisection had to narrow: 0
    /// unless a rubric has a rule whose breakpoints the candidates miss.
    pub refinements: usize,
    /// The `--what-if` overrides applied before advising.
    pub assumptions: Vec<what_if::Assumption>,
    /// Points that a small fall of one figure would cost, most points first.
    pub at_risk: Vec<risk::Risk>,
    /// The cheapest moves to a total, when `--target` asks for one.
    pub target: Option<target::Plan>,
    /// The order [`Advice::suggestions`] are in.
    pub order: Sort,
}

impl Advice {
    /// Puts the suggestions in `sort` order; gate advice stays first while the sheet is not
    /// eligible.
    pub fn sort(&mut self, sort: Sort) {
        self.order = sort;
        let failing = self.sheet.eligible == Some(false);
        let order: BTreeMap<KeyRef, usize> = {
            let mut keys: Vec<KeyRef> = self.suggestions.iter().map(|s| s.key_ref).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect()
        };
        let gate_rank = |s: &Suggestion| {
            if failing {
                (!s.clears_gates, !s.for_gate)
            } else {
                (false, false)
            }
        };
        self.suggestions.sort_by(|a, b| {
            let first = gate_rank(a).cmp(&gate_rank(b));
            let ranked = match sort {
                Sort::Gain => first.then(b.gain.cmp(&a.gain)),
                Sort::Effort => first.then(effort_order(a, b)),
            };
            ranked
                .then(a.relative.cmp(&b.relative))
                .then(order[&a.key_ref].cmp(&order[&b.key_ref]))
                .then(sort_amount(&a.to).cmp(&sort_amount(&b.to)))
        });
    }
}

/// Tier first; a raise by its exact relative size; then more points first: the `--target`
/// planner's order of moves (a plan is for the next application as a whole).
pub fn tier_order(a: &Suggestion, b: &Suggestion) -> std::cmp::Ordering {
    let size = match (a.tier, &a.relative_exact, &b.relative_exact) {
        (Tier::Raise, Some(x), Some(y)) => effort::cmp_exact(x, y),
        _ => std::cmp::Ordering::Equal,
    };
    a.tier.cmp(&b.tier).then(size).then(b.gain.cmp(&a.gain))
}

/// What a clerk can still check or add first ([`Phase::Check`]): items at zero where any entry
/// earns (more points first), then figures near a threshold (smallest gap first). Then the plan
/// for the next application, cheapest per point first, where one standard or patent weighs as
/// much as a 10% raise of money ([`effort::plan_cost`]); more points first at equal cost.
pub fn effort_order(a: &Suggestion, b: &Suggestion) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let phase = a.phase.cmp(&b.phase);
    if phase != Ordering::Equal {
        return phase;
    }
    match a.phase {
        Phase::Check => {
            let firsts = (a.tier != Tier::First).cmp(&(b.tier != Tier::First));
            let size = match (&a.relative_exact, &b.relative_exact) {
                (Some(x), Some(y)) => effort::cmp_exact(x, y),
                _ => Ordering::Equal,
            };
            firsts.then(b.gain.cmp(&a.gain)).then(size)
        }
        Phase::Plan => {
            // cost_a / gain_a against cost_b / gain_b, cross-multiplied (gains are positive).
            let per_point = (a.cost * b.gain).cmp(&(b.cost * a.gain));
            per_point.then(b.gain.cmp(&a.gain))
        }
    }
}

/// The order of the suggestions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Easiest first: raises by relative size, then one more, then firsts; more points first
    /// within a tier.
    #[default]
    Effort,
    /// Most points first, then the smallest relative change.
    Gain,
}

/// Whether raising a figure can only help: it is read somewhere, never as a denominator or a
/// subtracted figure.
#[derive(Debug, Clone, Copy, Default)]
struct Polarity {
    positive: bool,
    negative: bool,
}

fn walk(rubric: &Rubric, r: Ref, positive: bool, out: &mut HashMap<KeyRef, Polarity>) {
    let mut mark = |key: KeyRef| {
        let p = out.entry(key).or_default();
        if positive {
            p.positive = true;
        } else {
            p.negative = true;
        }
    };
    match r {
        Ref::Input(i) => mark(KeyRef::whole(i)),
        Ref::Field(i, f) => mark(KeyRef {
            input: i,
            field: Some(f),
        }),
        Ref::Derived(d) => {
            let f = rubric.derived[d].formula;
            walk(rubric, f.left, positive, out);
            walk(rubric, f.right, !positive, out);
        }
    }
}

/// The references an item reads.
fn item_refs(item: &crate::rubric::Item) -> Vec<Ref> {
    match &item.rule {
        Rule::Weighted(terms) | Rule::EachKindOnce(terms) => {
            terms.iter().map(|t| t.value).collect()
        }
        _ => item.value.into_iter().collect(),
    }
}

/// The figures behind a reference, in rubric order.
fn keys_of(rubric: &Rubric, r: Ref) -> Vec<KeyRef> {
    let mut map = HashMap::new();
    walk(rubric, r, true, &mut map);
    let mut keys: Vec<KeyRef> = map.into_keys().collect();
    keys.sort();
    keys
}

fn depends(rubric: &Rubric, r: Ref, key: KeyRef) -> bool {
    keys_of(rubric, r).contains(&key)
}

/// Advice for one company's data: the suggestions, easiest first, and the points at risk.
pub fn advise(rubric: &Rubric, data: &Data) -> Advice {
    let mut advice = suggest(rubric, data);
    advice.at_risk = risk::at_risk(rubric, data, &advice.sheet);
    advice
}

/// Advice after `--what-if` overrides: the overrides are applied first.
pub fn advise_with(
    rubric: &Rubric,
    data: &Data,
    overrides: &[Override],
) -> Result<Advice, crate::diag::Failed> {
    let changed = what_if::apply(rubric, data, overrides)?;
    // A figure too large to score exactly is the file's error, not advice from a wrong sheet.
    engine::try_score(rubric, &changed)?;
    let mut advice = advise(rubric, &changed);
    advice.assumptions = what_if::assumptions(rubric, data, &changed, overrides);
    Ok(advice)
}

fn sort_amount(a: &Amount) -> Decimal {
    match a {
        Amount::Number(v) => *v,
        Amount::List(l) => Decimal::from(l.len()),
        Amount::Flag(b) => Decimal::from(*b as u8),
        Amount::Level { .. } | Amount::Missing => Decimal::ZERO,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn resolutions() {
        assert_eq!(resolution(InputKind::Money), d("0.01"));
        assert_eq!(resolution(InputKind::Percent), d("0.0001"));
        assert_eq!(resolution(InputKind::Count), Decimal::ONE);
    }
}
