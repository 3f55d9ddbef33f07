//! Bands: each holds some value, they run in one direction, and together they hold every
//! value exactly once.

use std::cmp::Ordering;
use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;

use super::{Lint, span_of};
use crate::num::plain;
use crate::rubric::raw::RawBand;
use crate::rubric::{Band, Bound, Formula, Item, Operation, Ref};

/// An item's bands as the band checks see them, with their raw form for the spans of bounds.
struct BandSet<'b> {
    item: &'b Item,
    bands: &'b [Band],
    raw: Vec<&'b Spanned<RawBand>>,
}

impl BandSet<'_> {
    fn name(&self, i: usize) -> String {
        if self.bands[i].label.is_empty() {
            crate::tr!("第 {} 个区间", "band {}", i + 1)
        } else {
            crate::tr!("区间“{}”", "band `{}`", self.bands[i].label)
        }
    }

    fn min_span(&self, i: usize) -> Range<usize> {
        self.raw[i]
            .get_ref()
            .min
            .as_ref()
            .map_or(self.bands[i].span.clone(), span_of)
    }

    fn max_span(&self, i: usize) -> Range<usize> {
        self.raw[i]
            .get_ref()
            .max
            .as_ref()
            .map_or(self.bands[i].span.clone(), span_of)
    }
}

impl Lint<'_> {
    fn show(&self, item: &Item, value: Decimal) -> String {
        let percent = item.value.is_some_and(|r| self.rubric.is_percent(r));
        match value.checked_mul(Decimal::ONE_HUNDRED) {
            Some(hundredfold) if percent => format!("{}%", plain(hundredfold)),
            _ => plain(value),
        }
    }

    /// The lowest value a reference can take: `None` when it may be negative without bound.
    fn lower_limit(&self, r: Ref) -> Option<Decimal> {
        match r {
            Ref::Input(i) => (!self.rubric.inputs[i].allow_negative).then_some(Decimal::ZERO),
            Ref::Field(..) => Some(Decimal::ZERO),
            Ref::Derived(d) => match self.rubric.derived[d].formula {
                Formula {
                    op: Operation::Ratio,
                    left,
                    right,
                } => self
                    .lower_limit(left)
                    .and(self.lower_limit(right))
                    .map(|_| Decimal::ZERO),
                Formula {
                    op: Operation::Difference,
                    ..
                } => None,
            },
        }
    }

    pub(super) fn bands(&mut self, index: usize, item: &Item, bands: &[Band]) {
        let set = BandSet {
            item,
            bands,
            raw: self.raw.items[index]
                .rule
                .get_ref()
                .bands
                .iter()
                .flatten()
                .collect(),
        };
        self.band_points(index, &set);
        let usable = self.band_bounds(&set);
        self.band_order(&set, &usable);
        self.band_coverage(&set, &usable);
    }

    fn band_points(&mut self, index: usize, set: &BandSet<'_>) {
        let (item, bands) = (set.item, set.bands);
        // Points: the best band must reach the cap; no band should give more than it.
        if let Some(best) = bands.iter().map(|b| b.points).max() {
            self.best_below_cap(
                index,
                item,
                best,
                &crate::tr!("最高区间", "its best band gives"),
            );
        }
        for (i, band) in bands.iter().enumerate() {
            let span = span_of(&set.raw[i].get_ref().points);
            self.above_cap(item, band.points, set.name(i), span);
        }
    }

    /// The bands that hold some value; an error for each that holds none.
    fn band_bounds(&mut self, set: &BandSet<'_>) -> Vec<usize> {
        let (item, bands) = (set.item, set.bands);
        // A band that holds no value at all.
        let mut usable = Vec::new();
        for (i, band) in bands.iter().enumerate() {
            if let (Some(lo), Some(hi)) = (band.min, band.max) {
                let empty = lo.value > hi.value
                    || (lo.value == hi.value && !(lo.inclusive && hi.inclusive));
                if empty {
                    let message = crate::tr!(
                        "评分项 `{}`: {}不含任何值: 下限 {} 不小于上限 {}",
                        "item `{}`: {} holds no value: its min {} is not below its max {}",
                        item.id,
                        set.name(i),
                        self.show(item, lo.value),
                        self.show(item, hi.value)
                    );
                    self.error("band-order", message, set.min_span(i)).help = Some(crate::tr!(
                        "对调 `min` 和 `max`，或改正边界",
                        "swap `min` and `max`, or fix the bounds"
                    ));
                    continue;
                }
            }
            usable.push(i);
        }
        usable
    }

    fn band_order(&mut self, set: &BandSet<'_>, usable: &[usize]) {
        let (item, bands) = (set.item, set.bands);
        // Listed in one direction: all from the lowest up or all from the highest down.
        let mut direction = Ordering::Equal;
        for pair in usable.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let order = cmp_lower(bands[a].min, bands[b].min)
                .then_with(|| cmp_upper(bands[a].max, bands[b].max));
            if order == Ordering::Equal {
                continue;
            }
            if direction == Ordering::Equal {
                direction = order;
            } else if order != direction {
                let (run, after) = if direction == Ordering::Less {
                    (
                        crate::tr!("从低到高", "from the lowest up"),
                        crate::tr!("低于", "below"),
                    )
                } else {
                    (
                        crate::tr!("从高到低", "from the highest down"),
                        crate::tr!("高于", "above"),
                    )
                };
                let message = crate::tr!(
                    "评分项 `{}`: {}的次序不对: 各区间{run}排列，但它{after}排在它前面的{}",
                    "item `{}`: {} is out of order: the bands run {run}, but it lies {after} {}, which comes before it",
                    item.id,
                    set.name(b),
                    set.name(a)
                );
                self.error("band-order", message, bands[b].span.clone())
                    .help = Some(crate::tr!(
                    "照表中的次序，按同一方向列出各区间",
                    "list the bands in one direction, as the table prints them"
                ));
                break;
            }
        }
    }

    fn band_coverage(&mut self, set: &BandSet<'_>, usable: &[usize]) {
        let (item, bands) = (set.item, set.bands);
        // Coverage: sorted from the lowest, each band must start where the ones before it end.
        let mut sorted = usable.to_vec();
        sorted.sort_by(|&a, &b| {
            cmp_lower(bands[a].min, bands[b].min)
                .then_with(|| cmp_upper(bands[a].max, bands[b].max))
        });
        let Some(&first) = sorted.first() else {
            return;
        };
        self.band_floor(set, first);
        // `reach`: the highest upper bound so far and the band it belongs to.
        let mut reach: (Option<Bound>, usize) = (bands[first].max, first);
        for &b in &sorted[1..] {
            let band = &bands[b];
            let Some(upper) = reach.0 else {
                let message = crate::tr!(
                    "评分项 `{}`: {}与{}重叠，后者已包含从其下限起的所有值",
                    "item `{}`: {} overlaps {}, which already holds every value from its min upward",
                    item.id,
                    set.name(b),
                    set.name(reach.1)
                );
                self.error("band-overlap", message, set.min_span(b)).help = Some(crate::tr!(
                    "每个值必须恰好落在一个区间: 请改正边界或其 `*_inclusive`",
                    "each value must fall in exactly one band: fix the bounds or their `*_inclusive`"
                ));
                continue;
            };
            self.band_meets(set, reach.1, upper, b);
            if cmp_upper(band.max, reach.0) == Ordering::Greater {
                reach = (band.max, b);
            }
        }
        if let Some(upper) = reach.0 {
            self.band_top(set, reach.1, upper);
        }
    }

    /// No value below the lowest band (`first`) may be left out, down to the figure's floor.
    fn band_floor(&mut self, set: &BandSet<'_>, first: usize) {
        let (item, bands) = (set.item, set.bands);
        let floor = item.value.and_then(|r| self.lower_limit(r));
        if let Some(lo) = bands[first].min {
            let below = match floor {
                None => Some(format!(
                    "(−∞, {}{}",
                    self.show(item, lo.value),
                    close(!lo.inclusive)
                )),
                Some(floor) => match lo.value.cmp(&floor) {
                    Ordering::Less => None,
                    Ordering::Equal if lo.inclusive => None,
                    Ordering::Equal => Some(self.show(item, floor)),
                    Ordering::Greater => Some(format!(
                        "[{}, {}{}",
                        self.show(item, floor),
                        self.show(item, lo.value),
                        close(!lo.inclusive)
                    )),
                },
            };
            if let Some(gap) = below {
                let message = crate::tr!(
                    "评分项 `{}`: 没有区间包含 {gap}（在{}之下）",
                    "item `{}`: no band holds {gap}, below {}",
                    item.id,
                    set.name(first)
                );
                self.error("band-gap", message, set.min_span(first)).help = Some(crate::tr!(
                    "为最低的值加一个区间（如 `…以下`，0 分），或调低这个边界",
                    "add a band for the lowest values (e.g. `…以下`, 0 points), or lower this bound"
                ));
            }
        }
    }

    /// Band `b` against the bands below it, which reach up to `upper` (band `below`'s): it must
    /// start where they end.
    fn band_meets(&mut self, set: &BandSet<'_>, below: usize, upper: Bound, b: usize) {
        let (item, bands) = (set.item, set.bands);
        let band = &bands[b];
        match band.min {
            None => {
                let message = crate::tr!(
                    "评分项 `{}`: {}和{}都包含最低的值",
                    "item `{}`: {} and {} both hold the lowest values",
                    item.id,
                    set.name(b),
                    set.name(below)
                );
                self.error("band-overlap", message, band.span.clone());
            }
            Some(lower) => match lower.value.cmp(&upper.value) {
                Ordering::Greater => {
                    let gap = format!(
                        "{}{}, {}{}",
                        open(!upper.inclusive),
                        self.show(item, upper.value),
                        self.show(item, lower.value),
                        close(!lower.inclusive)
                    );
                    let message = crate::tr!(
                        "评分项 `{}`: 没有区间包含 {gap}（在{}与{}之间）",
                        "item `{}`: no band holds {gap}, between {} and {}",
                        item.id,
                        set.name(below),
                        set.name(b)
                    );
                    self.error("band-gap", message, set.min_span(b)).help = Some(crate::tr!(
                        "让每个区间从下一个区间结束处开始",
                        "make each band start where the one below it ends"
                    ));
                }
                Ordering::Equal if !upper.inclusive && !lower.inclusive => {
                    let message = crate::tr!(
                        "评分项 `{}`: 没有区间包含 {}: {}不含其上限，{}不含其下限",
                        "item `{}`: no band holds {}: {} excludes its max and {} excludes its min",
                        item.id,
                        self.show(item, lower.value),
                        set.name(below),
                        set.name(b)
                    );
                    self.error("band-gap", message, set.min_span(b)).help = Some(crate::tr!(
                        "两者之一必须包含共同的边界（规定: 区间 \"A-B\" 指 A ≤ v < B）",
                        "one of the two must include the shared bound (the rule: a range band \"A-B\" is A ≤ v < B)"
                    ));
                }
                Ordering::Equal if upper.inclusive && lower.inclusive => {
                    let message = crate::tr!(
                        "评分项 `{}`: {}和{}都包含 {}",
                        "item `{}`: {} and {} both hold {}",
                        item.id,
                        set.name(below),
                        set.name(b),
                        self.show(item, lower.value)
                    );
                    self.error("band-overlap", message, set.min_span(b)).help = Some(crate::tr!(
                        "两者只能有一个包含共同的边界（规定: 区间 \"A-B\" 指 A ≤ v < B）",
                        "exactly one of the two may include the shared bound (the rule: a range band \"A-B\" is A ≤ v < B)"
                    ));
                }
                Ordering::Equal => {}
                Ordering::Less => {
                    let end = match band.max {
                        Some(m) if cmp_upper(Some(m), Some(upper)) == Ordering::Less => m,
                        _ => upper,
                    };
                    let message = crate::tr!(
                        "评分项 `{}`: {}和{}在 {}{}, {}{} 上重叠",
                        "item `{}`: {} and {} overlap on {}{}, {}{}",
                        item.id,
                        set.name(below),
                        set.name(b),
                        open(lower.inclusive),
                        self.show(item, lower.value),
                        self.show(item, end.value),
                        close(end.inclusive)
                    );
                    self.error("band-overlap", message, set.min_span(b)).help = Some(crate::tr!(
                        "每个值必须恰好落在一个区间: 请改正边界",
                        "each value must fall in exactly one band: fix the bounds"
                    ));
                }
            },
        }
    }

    /// Above the highest upper bound (band `below`'s) no value may be left out.
    fn band_top(&mut self, set: &BandSet<'_>, below: usize, upper: Bound) {
        let item = set.item;
        let gap = format!(
            "{}{}, +∞)",
            open(!upper.inclusive),
            self.show(item, upper.value)
        );
        let message = crate::tr!(
            "评分项 `{}`: 没有区间包含 {gap}（在{}之上）",
            "item `{}`: no band holds {gap}, above {}",
            item.id,
            set.name(below)
        );
        self.error("band-gap", message, set.max_span(below)).help = Some(crate::tr!(
            "最高的区间（`…以上`）不需要 `max`；或为最高的值加一个区间",
            "the top band (`…以上`) needs no `max`; or add a band for the highest values"
        ));
    }
}

/// Orders lower bounds: none (−∞) first; at one value an included bound starts earlier.
fn cmp_lower(a: Option<Bound>, b: Option<Bound>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => a
            .value
            .cmp(&b.value)
            .then_with(|| b.inclusive.cmp(&a.inclusive)),
    }
}

/// Orders upper bounds: none (+∞) last; at one value an included bound ends later.
fn cmp_upper(a: Option<Bound>, b: Option<Bound>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) => a
            .value
            .cmp(&b.value)
            .then_with(|| a.inclusive.cmp(&b.inclusive)),
    }
}

/// The opening bracket of an interval: `[` when its start is included.
fn open(included: bool) -> &'static str {
    if included { "[" } else { "(" }
}

/// The closing bracket of an interval: `]` when its end is included.
fn close(included: bool) -> &'static str {
    if included { "]" } else { ")" }
}
