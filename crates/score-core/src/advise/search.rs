//! The search for each item's and gate's smallest earning change of one figure: candidates from
//! the rule's own thresholds, made exact on the figure's grid and confirmed by rescoring.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::{
    Advice, Companion, Done, Polarity, Reason, Sort, Stuck, Suggestion, depends, effort, item_refs,
    keys_of, resolution, walk,
};
use crate::data::{Data, Value};
use crate::engine;
use crate::num::{Exact, MAX_MAGNITUDE, floor_div};
use crate::rubric::{InputKind, Operation, Ref, Rubric, Rule};
use crate::sheet::{Bilingual, Sheet};
use crate::what_if::{self, Amount, KeyRef, Override};

fn mul(a: Exact, b: Exact) -> Option<Exact> {
    Some(Exact {
        num: a.num.checked_mul(b.num)?,
        den: a.den.checked_mul(b.den)?,
    })
}

fn add(a: Exact, b: Exact) -> Option<Exact> {
    Exact::difference(
        a,
        Exact {
            num: -b.num,
            den: b.den,
        },
    )
}

/// The smallest multiple of `res` at or above `x`.
fn ceil_grid(x: Exact, res: Decimal) -> Option<Decimal> {
    let q = x.den.checked_mul(res)?;
    let index = -floor_div(-x.num, q)?;
    Some(index.checked_mul(res)?.normalize())
}

/// The largest multiple of `res` at or below `x`.
fn floor_grid(x: Decimal, res: Decimal) -> Option<Decimal> {
    Some(floor_div(x, res)?.checked_mul(res)?.normalize())
}

struct Advisor<'a> {
    rubric: &'a Rubric,
    data: &'a Data,
    base: Sheet,
    polarity: HashMap<KeyRef, Polarity>,
    refinements: usize,
}

/// One change tried: the figure's new value, and a whole raised with its part.
#[derive(Debug, Clone, PartialEq)]
struct Trial {
    value: Value,
    companion: Option<(KeyRef, Decimal)>,
}

/// A hit of the search, before merging.
struct Hit {
    key: KeyRef,
    trial: Trial,
    target: String,
    for_gate: bool,
}

/// The suggestions alone, easiest first.
pub(super) fn suggest(rubric: &Rubric, data: &Data) -> Advice {
    let mut polarity = HashMap::new();
    for item in &rubric.items {
        for r in item_refs(item) {
            walk(rubric, r, true, &mut polarity);
        }
    }
    for gate in &rubric.gates {
        walk(rubric, gate.value, true, &mut polarity);
    }
    let mut advisor = Advisor {
        rubric,
        data,
        base: engine::score(rubric, data),
        polarity,
        refinements: 0,
    };
    let mut advice = advisor.run();
    advice.sort(Sort::Effort);
    advice
}

impl Advisor<'_> {
    fn raisable(&self, key: KeyRef) -> bool {
        self.polarity
            .get(&key)
            .is_some_and(|p| p.positive && !p.negative)
    }

    fn run(&mut self) -> Advice {
        let rubric = self.rubric;
        let mut hits = self.gate_hits();

        let mut done = Vec::new();
        let mut stuck = Vec::new();
        for (ii, item) in rubric.items.iter().enumerate() {
            let now = self.base.items[ii].points;
            if now >= item.max {
                done.push(Done {
                    id: item.id.to_string(),
                    title: Bilingual::new(item.title.to_string(), item.title_en.to_string()),
                    points: now,
                });
                continue;
            }
            if let Some(stuck_item) = self.item_hits(ii, &mut hits) {
                stuck.push(stuck_item);
            }
        }

        let suggestions = self.merge(hits);
        Advice {
            sheet: self.base.clone(),
            suggestions,
            done,
            stuck,
            refinements: self.refinements,
            assumptions: Vec::new(),
            at_risk: Vec::new(),
            target: None,
            order: Sort::Effort,
        }
    }

    /// A change of one figure that meets each condition not yet met.
    fn gate_hits(&mut self) -> Vec<Hit> {
        let rubric = self.rubric;
        let mut hits: Vec<Hit> = Vec::new();
        for (gi, gate) in rubric.gates.iter().enumerate() {
            if self.base.gates[gi].passed {
                continue;
            }
            for key in keys_of(rubric, gate.value) {
                if !self.raisable(key) {
                    continue;
                }
                let candidates = self.threshold_candidates(gate.value, key, &[gate.threshold]);
                let found = self.search(key, candidates, &|s: &Sheet| s.gates[gi].passed);
                if let Some(trial) = found {
                    hits.push(Hit {
                        key,
                        trial,
                        target: gate.id.to_string(),
                        for_gate: true,
                    });
                }
            }
        }
        hits
    }

    /// The changes of one figure that raise item `ii` (into `hits`); why none does, if none.
    fn item_hits(&mut self, ii: usize, hits: &mut Vec<Hit>) -> Option<Stuck> {
        let rubric = self.rubric;
        let item = &rubric.items[ii];
        let now = self.base.items[ii].points;
        let base_total = self.base.total;
        let pred = move |s: &Sheet| s.items[ii].points > now && s.total > base_total;
        let mut keys: Vec<KeyRef> = item_refs(item)
            .into_iter()
            .flat_map(|r| keys_of(rubric, r))
            .collect();
        keys.sort();
        keys.dedup();
        let mut any = false;
        let mut raisable_keys = 0;
        for &key in &keys {
            if !self.raisable(key) {
                continue;
            }
            raisable_keys += 1;
            let candidates = self.rule_candidates(item, key);
            if let Some(trial) = self.search(key, candidates, &pred) {
                any = true;
                hits.push(Hit {
                    key,
                    trial,
                    target: item.id.to_string(),
                    for_gate: false,
                });
            }
        }
        if !any {
            let reason = if raisable_keys == 0 {
                Reason::NotRaisable {
                    keys: keys.iter().map(|k| k.name(rubric)).collect(),
                }
            } else if self.base.items[ii].value.is_none()
                && !matches!(
                    item.rule,
                    Rule::Weighted(_) | Rule::EachKindOnce(_) | Rule::Level | Rule::Flag { .. }
                )
            {
                Reason::Unavailable
            } else if self.group_full(ii) {
                Reason::GroupFull
            } else {
                Reason::NoSingleRaise
            };
            Some(Stuck {
                id: item.id.to_string(),
                title: Bilingual::new(item.title.to_string(), item.title_en.to_string()),
                points: now,
                max: item.max.normalize(),
                reason,
            })
        } else {
            None
        }
    }

    /// Whether the item's group, its category, or the base/bonus it counts towards is full.
    fn group_full(&self, ii: usize) -> bool {
        let item = &self.rubric.items[ii];
        let group = &self.base.groups[item.group];
        let category_index = self.rubric.groups[item.group].category;
        let category = &self.base.categories[category_index];
        let (sum, max) = if category.bonus {
            (self.base.bonus, self.base.bonus_max)
        } else {
            (self.base.base, self.base.base_max)
        };
        group.points >= group.max || category.points >= category.max || sum >= max
    }

    /// The value of a reference in the data, as the engine reads it.
    fn eval(&self, r: Ref) -> Option<Exact> {
        match r {
            Ref::Input(i) => match &self.data.values[i] {
                Some(Value::Number(v)) => Some(Exact::whole(*v)),
                Some(Value::Flag(b)) => Some(Exact::whole(Decimal::from(*b as u8))),
                None if self.rubric.inputs[i].optional => None,
                _ => Some(Exact::whole(Decimal::ZERO)),
            },
            Ref::Field(i, f) => match &self.data.values[i] {
                Some(Value::Counts(c)) => c.get(f).map(|v| Exact::whole(*v)),
                _ => Some(Exact::whole(Decimal::ZERO)),
            },
            Ref::Derived(d) => {
                let f = self.rubric.derived[d].formula;
                let (a, b) = (self.eval(f.left)?, self.eval(f.right)?);
                match f.op {
                    Operation::Ratio => Exact::ratio(a, b)?,
                    Operation::Difference => Exact::difference(a, b),
                }
            }
        }
    }

    /// The value of `key` at which the reference `r` equals `t`, the other figures as given.
    fn solve(&self, r: Ref, key: KeyRef, t: Exact) -> Option<Exact> {
        match r {
            Ref::Input(i) => (key == KeyRef::whole(i)).then_some(t),
            Ref::Field(i, f) => (key
                == KeyRef {
                    input: i,
                    field: Some(f),
                })
            .then_some(t),
            Ref::Derived(d) => {
                // Only the left side moves: the other figures stay as given.
                let f = self.rubric.derived[d].formula;
                if depends(self.rubric, f.right, key) {
                    return None;
                }
                let right = self.eval(f.right)?;
                let target = match f.op {
                    Operation::Ratio if right.num.is_zero() => return None,
                    Operation::Ratio => mul(t, right)?,
                    Operation::Difference => add(t, right)?,
                };
                self.solve(f.left, key, target)
            }
        }
    }

    fn kind(&self, key: KeyRef) -> InputKind {
        key.kind(self.rubric)
    }

    fn res(&self, key: KeyRef) -> Decimal {
        resolution(self.kind(key))
    }

    /// The figure's value now, for a numeric figure (missing counts as 0).
    fn current_number(&self, key: KeyRef) -> Decimal {
        match (&self.data.values[key.input], key.field) {
            (Some(Value::Number(v)), None) => *v,
            (Some(Value::Counts(c)), Some(f)) => c.get(f).copied().unwrap_or_default(),
            _ => Decimal::ZERO,
        }
    }

    /// Thresholds on `r` turned into candidate values of `key`, ascending.
    fn threshold_candidates(&self, r: Ref, key: KeyRef, thresholds: &[Decimal]) -> Vec<Trial> {
        let res = self.res(key);
        let from = self.current_number(key);
        let mut values: Vec<Decimal> = Vec::new();
        for t in thresholds {
            let Some(x) = self.solve(r, key, Exact::whole(*t)) else {
                continue;
            };
            let Some(g) = ceil_grid(x, res) else { continue };
            values.push(g);
            if let Some(next) = g.checked_add(res) {
                values.push(next.normalize());
            }
        }
        values.retain(|v| *v > from && v.abs() <= MAX_MAGNITUDE);
        values.sort();
        values.dedup();
        values
            .into_iter()
            .filter_map(|v| self.number_trial(key, v))
            .collect()
    }

    /// A numeric trial, with the whole raised alongside a part where that is allowed.
    fn number_trial(&self, key: KeyRef, v: Decimal) -> Option<Trial> {
        let companion = match (key.field, self.rubric.inputs[key.input].part_of) {
            (None, Some(whole)) => {
                let whole_now = match &self.data.values[whole] {
                    Some(Value::Number(w)) => *w,
                    _ => Decimal::ZERO,
                };
                if v <= whole_now {
                    None
                } else if self.raisable(KeyRef::whole(whole)) {
                    Some((KeyRef::whole(whole), v))
                } else {
                    return None;
                }
            }
            _ => None,
        };
        Some(Trial {
            value: Value::Number(v),
            companion,
        })
    }

    /// Candidate values of `key` where the item's points may change, ascending.
    fn rule_candidates(&self, item: &crate::rubric::Item, key: KeyRef) -> Vec<Trial> {
        let thresholds = |r: Ref, ts: Vec<Decimal>| self.threshold_candidates(r, key, &ts);
        match &item.rule {
            Rule::PerUnit { step, points } => {
                let Some(r) = item.value else {
                    return Vec::new();
                };
                let n = steps_to_cap(item.max, *points, Decimal::ZERO);
                thresholds(r, (1..=n).map(|k| Decimal::from(k) * step).collect())
            }
            Rule::ThresholdStep {
                threshold,
                step,
                points,
                step_points,
            } => {
                let Some(r) = item.value else {
                    return Vec::new();
                };
                let n = steps_to_cap(item.max, *step_points, *points);
                thresholds(
                    r,
                    (0..=n)
                        .map(|k| threshold + Decimal::from(k) * step)
                        .collect(),
                )
            }
            Rule::Bands(bands) => {
                let Some(r) = item.value else {
                    return Vec::new();
                };
                let edges = bands
                    .iter()
                    .flat_map(|b| [b.min, b.max])
                    .flatten()
                    .map(|b| b.value)
                    .collect();
                thresholds(r, edges)
            }
            Rule::Requirement { threshold, .. } => {
                let Some(r) = item.value else {
                    return Vec::new();
                };
                thresholds(r, vec![*threshold])
            }
            Rule::Weighted(terms) => {
                // Points grow linearly with each count: one more is the smallest raise.
                if terms.iter().any(|t| depends(self.rubric, t.value, key)) {
                    let next = self.current_number(key) + self.res(key);
                    if next <= MAX_MAGNITUDE {
                        return self.number_trial(key, next).into_iter().collect();
                    }
                }
                Vec::new()
            }
            Rule::EachKindOnce(terms) => {
                // A kind counts once: only a kind not yet present can raise the score.
                if terms.iter().any(|t| depends(self.rubric, t.value, key))
                    && self.current_number(key).is_zero()
                {
                    return self.number_trial(key, Decimal::ONE).into_iter().collect();
                }
                Vec::new()
            }
            Rule::Level => self.level_candidates(key),
            Rule::Flag { .. } => self.flag_candidates(key),
            Rule::CountAtLeast { min, .. } => self.list_candidates(key, *min),
        }
    }

    /// A flag: set, unless it is already.
    fn flag_candidates(&self, key: KeyRef) -> Vec<Trial> {
        match &self.data.values[key.input] {
            Some(Value::Flag(true)) => Vec::new(),
            _ => vec![Trial {
                value: Value::Flag(true),
                companion: None,
            }],
        }
    }

    /// A level input: each level worth more than the one given, the least first.
    fn level_candidates(&self, key: KeyRef) -> Vec<Trial> {
        let input = &self.rubric.inputs[key.input];
        let Some(set) = input.level_set.and_then(|s| self.rubric.level_sets.get(s)) else {
            return Vec::new();
        };
        let now = match &self.data.values[key.input] {
            Some(Value::Level(l)) => *l,
            _ => set.lowest(),
        };
        let now_points = set.levels.get(now).map(|l| l.points).unwrap_or_default();
        let mut higher: Vec<(Decimal, usize)> = set
            .levels
            .iter()
            .enumerate()
            .filter(|(_, l)| l.points > now_points)
            .map(|(i, l)| (l.points, i))
            .collect();
        higher.sort();
        higher
            .into_iter()
            .map(|(_, i)| Trial {
                value: Value::Level(i),
                companion: None,
            })
            .collect()
    }

    /// A list of counts: the list with one more qualifying entry.
    fn list_candidates(&self, key: KeyRef, min: Decimal) -> Vec<Trial> {
        let mut list = match &self.data.values[key.input] {
            Some(Value::List(list)) => list.clone(),
            _ => Vec::new(),
        };
        // A list entry is a count: the qualifying size is the whole number at or above `min`.
        let Some(size) = ceil_grid(Exact::whole(min), Decimal::ONE) else {
            return Vec::new();
        };
        list.push(size.max(Decimal::ZERO));
        vec![Trial {
            value: Value::List(list),
            companion: None,
        }]
    }

    fn with(&self, key: KeyRef, trial: &Trial) -> Data {
        let mut data = self.data.clone();
        what_if::set(self.rubric, &mut data, key, trial.value.clone());
        if let Some((whole, v)) = trial.companion {
            what_if::set(self.rubric, &mut data, whole, Value::Number(v));
        }
        data
    }

    fn holds(&self, key: KeyRef, trial: &Trial, pred: &dyn Fn(&Sheet) -> bool) -> bool {
        pred(&engine::score(self.rubric, &self.with(key, trial)))
    }

    /// The first candidate that satisfies `pred`, made exact: one step lower must not.
    fn search(
        &mut self,
        key: KeyRef,
        candidates: Vec<Trial>,
        pred: &dyn Fn(&Sheet) -> bool,
    ) -> Option<Trial> {
        let found = candidates
            .into_iter()
            .find(|trial| self.holds(key, trial, pred))?;
        let Value::Number(to) = found.value else {
            return Some(found);
        };
        let res = self.res(key);
        let from = self.current_number(key);
        let lower = to - res;
        let lower_trial = match self.number_trial(key, lower) {
            Some(t) if lower > from => t,
            _ => return Some(found),
        };
        if !self.holds(key, &lower_trial, pred) {
            return Some(found);
        }
        // The candidates missed a breakpoint: narrow down on the grid between `from` and `lower`.
        self.refinements += 1;
        let mut hi = lower;
        let mut lo = floor_grid(from, res).unwrap_or(from);
        while hi - lo > res {
            let half = floor_div((hi - lo) / res, Decimal::TWO).unwrap_or(Decimal::ONE);
            let mid = lo + half.max(Decimal::ONE) * res;
            let ok = mid > from
                && self
                    .number_trial(key, mid)
                    .is_some_and(|t| self.holds(key, &t, pred));
            if ok {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        self.number_trial(key, hi.normalize())
    }

    /// One suggestion per figure and value, in no particular order ([`Advice::sort`] ranks them).
    fn merge(&self, hits: Vec<Hit>) -> Vec<Suggestion> {
        let rubric = self.rubric;
        let mut merged: Vec<(KeyRef, Trial, Vec<String>, bool)> = Vec::new();
        for hit in hits {
            match merged
                .iter_mut()
                .find(|(k, t, _, _)| *k == hit.key && *t == hit.trial)
            {
                Some((_, _, targets, for_gate)) => {
                    if !targets.contains(&hit.target) {
                        targets.push(hit.target);
                    }
                    *for_gate |= hit.for_gate;
                }
                None => merged.push((hit.key, hit.trial, vec![hit.target], hit.for_gate)),
            }
        }
        merged
            .into_iter()
            .map(|(key, trial, targets, for_gate)| {
                let changed = self.with(key, &trial);
                let after = engine::score(rubric, &changed);
                let from = what_if::amount_of(rubric, self.data, key);
                let to = what_if::amount_of(rubric, &changed, key);
                let mut what_if = vec![Override::arg(rubric, key, &to)];
                let also: Vec<Companion> = trial
                    .companion
                    .map(|(whole, _)| {
                        let to = what_if::amount_of(rubric, &changed, whole);
                        what_if.push(Override::arg(rubric, whole, &to));
                        Companion {
                            key: whole.name(rubric),
                            unit: whole.unit(rubric).to_string(),
                            from: what_if::amount_of(rubric, self.data, whole),
                            to,
                        }
                    })
                    .into_iter()
                    .collect();
                let title = key.titles(rubric);
                let (tier, relative_exact) = effort::classify(key.kind(rubric), &from, &to);
                let phase = effort::phase(tier, &to, relative_exact.as_ref());
                let cost = effort::plan_cost(tier, &from, &to, relative_exact.as_ref());
                Suggestion {
                    key: key.name(rubric),
                    relative: relative(rubric, key, &from, &to),
                    tier,
                    phase,
                    cost,
                    relative_change: relative_exact.as_ref().map(effort::shown),
                    relative_exact,
                    from,
                    to,
                    gain: (after.total - self.base.total).normalize(),
                    given: what_if::given(self.data, key),
                    items: what_if::diff(&self.base, &after)
                        .into_iter()
                        .filter(|c| c.from != c.to)
                        .collect(),
                    gates: what_if::gate_changes(&self.base, &after),
                    unit: key.unit(rubric).to_string(),
                    title,
                    targets,
                    also,
                    total_from: self.base.total,
                    total_to: after.total,
                    clears_gates: self.base.eligible == Some(false) && after.eligible == Some(true),
                    what_if,
                    key_ref: key,
                    for_gate,
                }
            })
            .collect()
    }
}

/// How many steps of `points` an item capped at `cap` takes from `from_points` to its cap, and
/// one more; none when a step earns nothing.
fn steps_to_cap(cap: Decimal, points: Decimal, from_points: Decimal) -> i64 {
    /// Enough steps for any cap the tables print, and a bound for a strange rubric.
    const MAX_STEPS: i64 = 400;
    if points <= Decimal::ZERO {
        return 0;
    }
    let needed = floor_div(cap - from_points, points)
        .unwrap_or_default()
        .saturating_add(Decimal::ONE);
    needed.try_into().unwrap_or(MAX_STEPS).clamp(0, MAX_STEPS)
}

/// The size of a change relative to the figure: `(to − from) / max(|from|, |to|)`; a level by its
/// points, a list by its length, a flag as 1.
fn relative(rubric: &Rubric, key: KeyRef, from: &Amount, to: &Amount) -> Decimal {
    let level_points = |a: &Amount| -> Decimal {
        let Amount::Level { id, .. } = a else {
            return Decimal::ZERO;
        };
        rubric.inputs[key.input]
            .level_set
            .and_then(|s| rubric.level_sets.get(s))
            .and_then(|set| set.levels.iter().find(|l| &l.id == id))
            .map(|l| l.points)
            .unwrap_or_default()
    };
    let (a, b) = match (from, to) {
        (Amount::Number(a), Amount::Number(b)) => (*a, *b),
        (Amount::Missing, Amount::Number(b)) => (Decimal::ZERO, *b),
        (Amount::List(a), Amount::List(b)) => (Decimal::from(a.len()), Decimal::from(b.len())),
        (Amount::Missing, Amount::List(b)) => (Decimal::ZERO, Decimal::from(b.len())),
        (_, Amount::Level { .. }) => (level_points(from), level_points(to)),
        _ => (Decimal::ZERO, Decimal::ONE),
    };
    let scale = a.abs().max(b.abs());
    if scale.is_zero() {
        return Decimal::ONE;
    }
    (b - a).checked_div(scale).unwrap_or(Decimal::ONE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn grid_rounding_is_exact() {
        let cent = d("0.01");
        // 0.03 × 3333.33 = 99.9999 → 100.00; 0.03 × 14000 = 420 stays.
        let x = mul(Exact::whole(d("0.03")), Exact::whole(d("3333.33"))).expect("product");
        assert_eq!(ceil_grid(x, cent), Some(d("100")));
        assert_eq!(ceil_grid(Exact::whole(d("420")), cent), Some(d("420")));
        // A third: 1/3 → 0.34; −1/3 → −0.33.
        let third = Exact {
            num: d("1"),
            den: d("3"),
        };
        assert_eq!(ceil_grid(third, cent), Some(d("0.34")));
        let minus = Exact {
            num: d("-1"),
            den: d("3"),
        };
        assert_eq!(ceil_grid(minus, cent), Some(d("-0.33")));
        assert_eq!(
            ceil_grid(Exact::whole(d("2.5")), Decimal::ONE),
            Some(d("3"))
        );
        assert_eq!(floor_grid(d("350.129"), cent), Some(d("350.12")));
        assert_eq!(
            add(Exact::whole(d("0.02")), third),
            Some(Exact {
                num: d("1.06"),
                den: d("3")
            })
        );
    }
}
