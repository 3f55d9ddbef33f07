//! Each item against its cap: a `source` sentence, a cap above 0, and a rule whose best reaches
//! the cap and no part of which gives more.

use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;

use super::{Lint, span_of};
use crate::num::plain;
use crate::rubric::raw::NumLit;
use crate::rubric::{Item, Ref, Rule, Term};

impl Lint<'_> {
    pub(super) fn item(&mut self, index: usize, item: &Item) {
        if self.item_source_and_cap(index, item) {
            self.rule_points(index, item);
        }
    }

    /// The item's `source` sentence, and a cap above 0: `false` when it can never earn a point.
    fn item_source_and_cap(&mut self, index: usize, item: &Item) -> bool {
        let raw = &self.raw.items[index];
        if item.source.trim().is_empty() {
            self.warning(
                "missing-source",
                crate::tr!(
                    "评分项 `{}`（{}）没有 `source` 原文",
                    "item `{}` ({}) has no `source` sentence",
                    item.id,
                    item.title
                ),
                raw.id.span(),
            )
            .help = Some(crate::tr!(
                "请加上 `source = \"…\"`: 逐字照录本项所依据的表中原文",
                "add `source = \"…\"`: the sentence of the table this item encodes, verbatim"
            ));
        }
        if item.max <= Decimal::ZERO {
            self.error(
                "cap-not-positive",
                crate::tr!(
                    "评分项 `{}`: 上限（`max`）为 {}，永远得不到分",
                    "item `{}`: its cap (`max`) is {}, so it can never earn a point",
                    item.id,
                    plain(item.max)
                ),
                span_of(&raw.max),
            );
            return false;
        }
        true
    }

    /// The points a rule gives, against the item's cap: its best must reach it, no part exceed it.
    fn rule_points(&mut self, index: usize, item: &Item) {
        let raw = &self.raw.items[index];
        let rule = raw.rule.get_ref();
        let rule_span = raw.rule.span();
        let points_span =
            |lit: &Option<Spanned<NumLit>>| lit.as_ref().map_or(rule_span.clone(), span_of);
        match &item.rule {
            Rule::Bands(bands) => self.bands(index, item, bands),
            Rule::Level => self.levels_of(index, item),
            Rule::Flag { points } => {
                self.best_below_cap(
                    index,
                    item,
                    *points,
                    &crate::tr!("满足时", "its flag gives"),
                );
                self.above_cap(
                    item,
                    *points,
                    crate::tr!("满足时", "its flag"),
                    points_span(&rule.points),
                );
            }
            Rule::PerUnit { points, .. } => {
                self.best_below_cap(
                    index,
                    item,
                    Self::unbounded(*points),
                    &crate::tr!("每档", "each step gives"),
                );
                self.above_cap(
                    item,
                    *points,
                    crate::tr!("每档", "one step"),
                    points_span(&rule.points),
                );
            }
            Rule::CountAtLeast { points, .. } => {
                self.best_below_cap(
                    index,
                    item,
                    Self::unbounded(*points),
                    &crate::tr!("每条", "each entry gives"),
                );
                self.above_cap(
                    item,
                    *points,
                    crate::tr!("每条", "one entry"),
                    points_span(&rule.points),
                );
            }
            Rule::ThresholdStep {
                points,
                step_points,
                ..
            } => self.threshold_points(index, item, *points, *step_points),
            Rule::Weighted(terms) => self.weighted_points(index, item, terms),
            Rule::EachKindOnce(terms) => self.each_kind_points(index, item, terms),
            Rule::Requirement { .. } => {}
        }
    }

    fn threshold_points(
        &mut self,
        index: usize,
        item: &Item,
        points: Decimal,
        step_points: Decimal,
    ) {
        let raw = &self.raw.items[index];
        let rule = raw.rule.get_ref();
        let rule_span = raw.rule.span();
        let points_span =
            |lit: &Option<Spanned<NumLit>>| lit.as_ref().map_or(rule_span.clone(), span_of);
        if step_points <= Decimal::ZERO {
            self.error(
                "step-not-positive",
                crate::tr!(
                    "评分项 `{}`: step_points 必须大于 0，现为 {}",
                    "item `{}`: step_points must be greater than 0, not {}",
                    item.id,
                    plain(step_points)
                ),
                points_span(&rule.step_points),
            );
        }
        // With step_points > 0 the steps rise without bound: every cap is reached.
        self.above_cap(
            item,
            points,
            crate::tr!("达到门槛时", "reaching the threshold"),
            points_span(&rule.points),
        );
    }

    fn weighted_points(&mut self, index: usize, item: &Item, terms: &[Term]) {
        let rule = self.raw.items[index].rule.get_ref();
        let best = terms
            .iter()
            .map(|t| Self::unbounded(t.points))
            .max()
            .unwrap_or(Decimal::ZERO);
        self.best_below_cap(index, item, best, &crate::tr!("各加权项", "its terms give"));
        let spans: Vec<Range<usize>> = rule
            .terms
            .iter()
            .flatten()
            .map(|t| span_of(&t.get_ref().points))
            .collect();
        for (term, span) in terms.iter().zip(spans) {
            self.above_cap(
                item,
                term.points,
                crate::tr!("加权项 `{}`", "term `{}`", term.key),
                span,
            );
        }
    }

    fn each_kind_points(&mut self, index: usize, item: &Item, terms: &[Term]) {
        let rule = self.raw.items[index].rule.get_ref();
        // Each kind gives its points once: the best is all kinds present.
        let best = terms
            .iter()
            .filter(|t| t.points > Decimal::ZERO)
            .fold(Decimal::ZERO, |sum, t| sum.saturating_add(t.points));
        self.best_below_cap(index, item, best, "its kinds give");
        let spans: Vec<Range<usize>> = rule
            .terms
            .iter()
            .flatten()
            .map(|t| span_of(&t.get_ref().points))
            .collect();
        for (term, span) in terms.iter().zip(spans) {
            self.above_cap(item, term.points, format!("term `{}`", term.key), span);
        }
    }

    /// Points that repeat without bound (per step, per entry, per count) reach any cap when > 0.
    fn unbounded(points: Decimal) -> Decimal {
        if points > Decimal::ZERO {
            Decimal::MAX
        } else {
            points
        }
    }

    /// `cap-unreachable` when the most the rule can give is below the item's cap.
    pub(super) fn best_below_cap(&mut self, index: usize, item: &Item, best: Decimal, what: &str) {
        if best >= item.max {
            return;
        }
        let sep = cjk_gap(what);
        let message = crate::tr!(
            "评分项 `{}`: 上限为 {}，但{what}{sep}最多得 {} 分: 永远达不到上限",
            "item `{}`: its cap is {}, but {what} at most {}: the cap can never be reached",
            item.id,
            plain(item.max),
            plain(best)
        );
        let span = span_of(&self.raw.items[index].max);
        self.error("cap-unreachable", message, span).help = Some(crate::tr!(
            "把 `max` 降到规则能给的分数，或改正规则的分值",
            "lower `max` to what the rule can give, or correct the rule's points"
        ));
    }

    /// `points-above-cap` when one band, level or step gives more than the item's cap.
    pub(super) fn above_cap(
        &mut self,
        item: &Item,
        points: Decimal,
        what: String,
        span: Range<usize>,
    ) {
        if points <= item.max {
            return;
        }
        let lost = points - item.max;
        let (given_word, lost_word) = (points_word(points), points_word(lost));
        let (id, given, cap, lost) = (&item.id, plain(points), plain(item.max), plain(lost));
        let sep = cjk_gap(&what);
        let message = crate::tr!(
            "评分项 `{id}`: {what}{sep}给 {given} 分，超过本项上限 {cap} 分，其中 {lost} 分永远得不到",
            "item `{id}`: {what} gives {given} {given_word}, above the item's cap {cap}: {lost} {lost_word} of it can never be earned"
        );
        self.warning("points-above-cap", message, span);
    }

    fn levels_of(&mut self, index: usize, item: &Item) {
        let Some(Ref::Input(input)) = item.value else {
            return;
        };
        let Some(set_index) = self.rubric.inputs[input].level_set else {
            return;
        };
        let set = &self.rubric.level_sets[set_index];
        let Some(best) = set.levels.iter().map(|l| l.points).max() else {
            return; // an empty set is reported once, by `level_sets`
        };
        self.best_below_cap(
            index,
            item,
            best,
            &crate::tr!(
                "等级集 `{}` 的最高等级",
                "its best level in set `{}` gives",
                set.id
            ),
        );
        let raw_levels = &self.raw.levels[set_index].levels;
        for (level, raw) in set.levels.iter().zip(raw_levels) {
            self.above_cap(
                item,
                level.points,
                crate::tr!(
                    "等级集 `{2}` 的等级 `{0}`（`{1}`）",
                    "level `{}` (`{}`) of set `{}`",
                    level.label,
                    level.id,
                    set.id
                ),
                span_of(&raw.points),
            );
        }
    }
}

fn points_word(value: Decimal) -> &'static str {
    if value == Decimal::ONE {
        "point"
    } else {
        "points"
    }
}

/// A space between Chinese text and a phrase that ends in a name or a number (`加权项 `a` 给`),
/// none after Chinese (`满足时给`).
fn cjk_gap(phrase: &str) -> &'static str {
    if phrase.ends_with(|c: char| c.is_ascii()) {
        " "
    } else {
        ""
    }
}
