//! Points at risk: items (and gates) whose points hang on a thin margin of one figure.
//!
//! For every item and every figure that feeds it with "more is better" inside that item, the
//! figure is lowered within the allowance (5% of its size, or one unit for a count). If the item
//! loses points somewhere in that range, the exact grid value where it first loses them is found by
//! bisection over the figure's resolution ([`super::resolution`]): the item's points only fall as
//! such a figure falls, so one lower value that loses and the current value that keeps bound it.
//! A list of counts (人次 per training) is at risk when one entry one unit lower loses points.
//! The margin is how far the figure can fall and keep every point: 0 for a figure exactly on an
//! inclusive threshold (`≥ 2%` at 2%) and for one a single step above a strict one (`> 1` at 1.01).

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::effort;
use super::{Polarity, item_refs, walk};
use crate::data::{Data, Value};
use crate::engine;
use crate::num::{Exact, floor_div};
use crate::rubric::{InputKind, Ref, Rubric};
use crate::sheet::{Bilingual, Sheet};
use crate::what_if::{self, Amount, KeyRef, Override};

/// How far a money or rate figure is allowed to fall: 5%.
pub fn allowance_share() -> Decimal {
    Decimal::new(5, 2)
}

/// One item or gate whose points (or eligibility) a small fall of one figure would cost.
#[derive(Debug, Clone, Serialize)]
pub struct Risk {
    /// The item's or gate's id.
    pub id: String,
    /// `item` or `gate`.
    pub kind: RiskKind,
    #[serde(flatten, with = "crate::sheet::keys::title")]
    pub title: Bilingual<String>,
    /// The figure that would fall.
    pub key: String,
    pub unit: String,
    /// The figure now.
    pub value: Amount,
    /// The figure at which the points are lost (the highest value that loses them).
    pub lost_at: Amount,
    /// How far the figure can fall and keep the points, in the unit the data file uses.
    #[serde(with = "crate::num::exact_number")]
    pub margin: Decimal,
    /// The margin relative to the figure, rounded to 6 decimals.
    #[serde(with = "crate::num::exact_number::option")]
    pub margin_relative: Option<Decimal>,
    /// The item's points now and at `lost_at` (for a gate: 0 and 0).
    #[serde(with = "crate::num::exact_number")]
    pub points_from: Decimal,
    #[serde(with = "crate::num::exact_number")]
    pub points_to: Decimal,
    /// The item's points lost.
    #[serde(with = "crate::num::exact_number")]
    pub points_lost: Decimal,
    /// The total's fall at `lost_at` (less than `points_lost` when a group cap absorbs it).
    #[serde(with = "crate::num::exact_number")]
    pub total_lost: Decimal,
    /// The sheet is eligible now and would not be at `lost_at`.
    pub eligibility_lost: bool,
    /// `--what-if` arguments that show the loss.
    pub what_if: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskKind {
    Item,
    Gate,
}

/// Every item and gate at risk, most points lost first (a lost eligibility before all).
pub fn at_risk(rubric: &Rubric, data: &Data, base: &Sheet) -> Vec<Risk> {
    let mut out = Vec::new();
    for (ii, item) in rubric.items.iter().enumerate() {
        let now = base.items[ii].points;
        if now <= Decimal::ZERO {
            continue;
        }
        let keeps = |s: &Sheet| s.items[ii].points >= now;
        for key in rising_keys(rubric, &item_refs(item)) {
            if let Some(found) = probe(rubric, data, key, &keeps) {
                let points_to = found.sheet.items[ii].points;
                out.push(risk(
                    rubric,
                    data,
                    base,
                    key,
                    found,
                    RiskKind::Item,
                    (&item.id, Bilingual::new(&item.title, &item.title_en)),
                    (now, points_to),
                ));
            }
        }
    }
    for (gi, gate) in rubric.gates.iter().enumerate() {
        // A gate is at risk only while the company is eligible: there is eligibility to lose.
        if !base.gates[gi].passed || base.eligible != Some(true) {
            continue;
        }
        let keeps = |s: &Sheet| s.gates[gi].passed;
        for key in rising_keys(rubric, &[gate.value]) {
            if let Some(found) = probe(rubric, data, key, &keeps) {
                out.push(risk(
                    rubric,
                    data,
                    base,
                    key,
                    found,
                    RiskKind::Gate,
                    (&gate.id, Bilingual::new(&gate.title, &gate.title_en)),
                    (Decimal::ZERO, Decimal::ZERO),
                ));
            }
        }
    }
    out.sort_by(|a, b| {
        b.eligibility_lost
            .cmp(&a.eligibility_lost)
            .then(b.total_lost.cmp(&a.total_lost))
            .then(b.points_lost.cmp(&a.points_lost))
            .then(a.margin_relative.cmp(&b.margin_relative))
    });
    out
}

/// The figures that count for `refs` only upwards: these are the ones whose fall costs points.
fn rising_keys(rubric: &Rubric, refs: &[Ref]) -> Vec<KeyRef> {
    let mut polarity: HashMap<KeyRef, Polarity> = HashMap::new();
    for r in refs {
        walk(rubric, *r, true, &mut polarity);
    }
    let mut keys: Vec<KeyRef> = polarity
        .into_iter()
        .filter(|(_, p)| p.positive && !p.negative)
        .map(|(k, _)| k)
        .collect();
    keys.sort();
    keys
}

struct Found {
    /// The data with the figure at the value that loses the points.
    data: Data,
    sheet: Sheet,
    /// Whole resolution steps the figure can fall and keep the points.
    steps_kept: Decimal,
}

/// The figure's numeric value now, if it has one a fall can be measured from.
fn number_now(data: &Data, key: KeyRef) -> Option<Decimal> {
    match (&data.values[key.input], key.field) {
        (Some(Value::Number(v)), None) => Some(*v),
        (Some(Value::Counts(c)), Some(f)) => c.get(f).copied(),
        _ => None,
    }
}

/// The data with `key` lowered `steps` resolution steps; a part above its new whole comes down
/// with it, so that the change stays a valid `--what-if`.
fn lowered(rubric: &Rubric, data: &Data, key: KeyRef, from: Decimal, step: Decimal) -> Data {
    let mut changed = data.clone();
    what_if::set(rubric, &mut changed, key, Value::Number(from - step));
    if key.field.is_none() {
        for (i, input) in rubric.inputs.iter().enumerate() {
            if input.part_of == Some(key.input)
                && let Some(Value::Number(part)) = changed.values[i]
                && part > from - step
            {
                changed.values[i] = Some(Value::Number(from - step));
            }
        }
    }
    changed
}

/// Whether lowering `key` within the allowance loses what `keeps` holds now; if so, where.
fn probe(
    rubric: &Rubric,
    data: &Data,
    key: KeyRef,
    keeps: &dyn Fn(&Sheet) -> bool,
) -> Option<Found> {
    if let Some(Value::List(list)) = &data.values[key.input] {
        return probe_list(rubric, data, key, list, keeps);
    }
    let from = number_now(data, key)?;
    let kind = key.kind(rubric);
    let res = super::resolution(kind);
    let allowance = match kind {
        InputKind::Count | InputKind::Counts | InputKind::List => Decimal::ONE,
        _ => from.abs().checked_mul(allowance_share())?,
    };
    // Whole steps within the allowance; a figure may not go below 0 unless it may be negative.
    let mut steps = floor_div(allowance, res)?;
    if !rubric.inputs[key.input].allow_negative || key.field.is_some() {
        steps = steps.min(floor_div(from, res)?);
    }
    if steps < Decimal::ONE {
        return None;
    }
    let at = |n: Decimal| -> (Data, Sheet) {
        let changed = lowered(rubric, data, key, from, n * res);
        let sheet = engine::score(rubric, &changed);
        (changed, sheet)
    };
    let (mut lost_data, mut lost_sheet) = at(steps);
    if keeps(&lost_sheet) {
        return None;
    }
    // `kept` steps keep the points, `lost` steps lose them.
    let (mut kept, mut lost) = (Decimal::ZERO, steps);
    while lost - kept > Decimal::ONE {
        let mid = kept + floor_div(lost - kept, Decimal::TWO)?;
        let (d, s) = at(mid);
        if keeps(&s) {
            kept = mid;
        } else {
            (lost, lost_data, lost_sheet) = (mid, d, s);
        }
    }
    Some(Found {
        data: lost_data,
        sheet: lost_sheet,
        steps_kept: kept,
    })
}

/// A list of counts (人次 per training): each entry, smallest first, one unit lower.
fn probe_list(
    rubric: &Rubric,
    data: &Data,
    key: KeyRef,
    list: &[Decimal],
    keeps: &dyn Fn(&Sheet) -> bool,
) -> Option<Found> {
    let mut order: Vec<usize> = (0..list.len()).collect();
    order.sort_by_key(|&i| list[i]);
    order.into_iter().find_map(|i| {
        if list[i] < Decimal::ONE {
            return None;
        }
        let mut lower = list.to_vec();
        lower[i] -= Decimal::ONE;
        let mut changed = data.clone();
        what_if::set(rubric, &mut changed, key, Value::List(lower));
        let sheet = engine::score(rubric, &changed);
        (!keeps(&sheet)).then_some(Found {
            data: changed,
            sheet,
            steps_kept: Decimal::ZERO,
        })
    })
}

#[allow(clippy::too_many_arguments)]
fn risk(
    rubric: &Rubric,
    data: &Data,
    base: &Sheet,
    key: KeyRef,
    found: Found,
    kind: RiskKind,
    (id, title): (&str, Bilingual<&str>),
    (points_from, points_to): (Decimal, Decimal),
) -> Risk {
    let value = what_if::amount_of(rubric, data, key);
    let lost_at = what_if::amount_of(rubric, &found.data, key);
    let res = super::resolution(key.kind(rubric));
    // In the data file's unit: a percentage's fraction × 100.
    let shown_res = if key.kind(rubric) == InputKind::Percent {
        res * Decimal::ONE_HUNDRED
    } else {
        res
    };
    let margin = (found.steps_kept * shown_res).normalize();
    let margin_relative = match &value {
        Amount::Number(v) if !v.is_zero() => Some(effort::shown(&Exact {
            num: margin,
            den: v.abs(),
        })),
        _ => None,
    };
    let mut what_if = vec![Override::arg(rubric, key, &lost_at)];
    for (i, input) in rubric.inputs.iter().enumerate() {
        if input.part_of == Some(key.input) && found.data.values[i] != data.values[i] {
            let part = KeyRef::whole(i);
            what_if.push(Override::arg(
                rubric,
                part,
                &what_if::amount_of(rubric, &found.data, part),
            ));
        }
    }
    Risk {
        id: id.to_string(),
        kind,
        title: title.map(str::to_string),
        key: key.name(rubric),
        unit: key.unit(rubric).to_string(),
        value,
        lost_at,
        margin,
        margin_relative,
        points_from,
        points_to,
        points_lost: (points_from - points_to).normalize(),
        total_lost: (base.total - found.sheet.total).normalize(),
        eligibility_lost: base.eligible == Some(true) && found.sheet.eligible == Some(false),
        what_if,
    }
}
