//! Semantic checks of a rubric that loaded without structural errors: do the caps add up, do the
//! bands cover every value exactly once, can every cap be reached, is every input used.
//!
//! Runs on every load (`score --rubric file.toml` as well as `score check`), so an error here
//! refuses the rubric; warnings travel with it. Every finding has a stable code (see
//! [`crate::check::CODES`]), names the item (and its band or level), and points at the value in
//! the rubric file that is wrong.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;

use super::raw::{NumLit, RawRubric};
use super::{Band, Bound, Formula, Item, Operation, Ref, Rubric, Rule, Term, Text};
use crate::diag::Diagnostic;
use crate::num::plain;

/// Findings about a structurally valid rubric. `raw` is the file it was built from: the model and
/// the raw tables correspond one to one, index for index (the loader builds a rubric only when no
/// structural error was found).
pub fn lint(rubric: &Rubric, raw: &RawRubric) -> Vec<Diagnostic> {
    if !corresponds(rubric, raw) {
        return Vec::new(); // not built from this file: nothing here could point into it
    }
    let mut lint = Lint {
        rubric,
        raw,
        out: Vec::new(),
    };
    lint.sums();
    lint.bonus();
    for (index, item) in rubric.items.iter().enumerate() {
        lint.item(index, item);
        lint.note(index);
        lint.item_percents(index, item);
    }
    lint.gate_percents();
    lint.level_sets();
    lint.usage();
    lint.out
}

/// Whether the model's lists match the raw file's one to one, so indices can be shared.
fn corresponds(rubric: &Rubric, raw: &RawRubric) -> bool {
    let rules_match = rubric.items.iter().zip(&raw.items).all(|(item, raw)| {
        let rule = raw.rule.get_ref();
        match &item.rule {
            Rule::Bands(bands) => bands.len() == rule.bands.as_ref().map_or(0, Vec::len),
            Rule::Weighted(terms) | Rule::EachKindOnce(terms) => {
                terms.len() == rule.terms.as_ref().map_or(0, Vec::len)
            }
            _ => true,
        }
    });
    let fields_match = rubric
        .inputs
        .iter()
        .zip(&raw.inputs)
        .all(|(input, raw)| input.fields.len() == raw.fields.len());
    let levels_match = rubric
        .level_sets
        .iter()
        .zip(&raw.levels)
        .all(|(set, raw)| set.levels.len() == raw.levels.len());
    rubric.items.len() == raw.items.len()
        && rubric.groups.len() == raw.groups.len()
        && rubric.categories.len() == raw.categories.len()
        && rubric.inputs.len() == raw.inputs.len()
        && rubric.derived.len() == raw.derived.len()
        && rubric.level_sets.len() == raw.levels.len()
        && rules_match
        && fields_match
        && levels_match
}

/// An item's bands as the band checks see them, with their raw form for the spans of bounds.
struct BandSet<'b> {
    item: &'b Item,
    bands: &'b [Band],
    raw: Vec<&'b Spanned<super::raw::RawBand>>,
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

struct Lint<'a> {
    rubric: &'a Rubric,
    raw: &'a RawRubric,
    out: Vec<Diagnostic>,
}

fn span_of(lit: &Spanned<NumLit>) -> Range<usize> {
    lit.span()
}

/// "`a` 5 + `b` 10"
fn addends(parts: &[(Text, Decimal)]) -> String {
    let list: Vec<String> = parts
        .iter()
        .map(|(name, value)| format!("`{name}` {}", plain(*value)))
        .collect();
    list.join(" + ")
}

fn total(parts: &[(Text, Decimal)]) -> Decimal {
    parts
        .iter()
        .fold(Decimal::ZERO, |sum, (_, v)| sum.saturating_add(*v))
}

fn points_word(value: Decimal) -> &'static str {
    if value == Decimal::ONE {
        "point"
    } else {
        "points"
    }
}

impl Lint<'_> {
    fn error(
        &mut self,
        code: &'static str,
        message: String,
        span: Range<usize>,
    ) -> &mut Diagnostic {
        self.out
            .push(Diagnostic::error(code, message).at(&self.rubric.origin, span));
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    fn warning(
        &mut self,
        code: &'static str,
        message: String,
        span: Range<usize>,
    ) -> &mut Diagnostic {
        self.out
            .push(Diagnostic::warning(code, message).at(&self.rubric.origin, span));
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    // ------------------------------------------------------------------ sums

    /// The caps of a group's items, by item id.
    fn item_caps(&self, group: usize) -> Vec<(Text, Decimal)> {
        self.rubric
            .items
            .iter()
            .filter(|i| i.group == group)
            .map(|i| (i.id.clone(), i.max))
            .collect()
    }

    /// What a group contributes above it: its stated weight, else its items' caps.
    fn group_total(&self, group: usize) -> Decimal {
        self.rubric.groups[group]
            .weight
            .unwrap_or_else(|| total(&self.item_caps(group)))
    }

    fn group_totals(&self, category: usize) -> Vec<(Text, Decimal)> {
        self.rubric
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.category == category)
            .map(|(i, g)| (g.id.clone(), self.group_total(i)))
            .collect()
    }

    /// What a category contributes to the base or the bonus: its stated weight, else its groups'.
    fn category_total(&self, category: usize) -> Decimal {
        self.rubric.categories[category]
            .weight
            .unwrap_or_else(|| total(&self.group_totals(category)))
    }

    fn category_totals(&self, bonus: bool) -> Vec<(Text, Decimal)> {
        self.rubric
            .categories
            .iter()
            .enumerate()
            .filter(|(_, c)| c.bonus == bonus)
            .map(|(i, c)| (c.id.clone(), self.category_total(i)))
            .collect()
    }

    /// Item caps against their group's weight, groups against their category's weight, base
    /// categories against `base_max`. A stated weight stands for its level above, so one wrong
    /// number is reported once, where it is.
    fn sums(&mut self) {
        for (g, group) in self.rubric.groups.iter().enumerate() {
            let (Some(weight), Some(lit)) = (group.weight, &self.raw.groups[g].weight) else {
                continue;
            };
            let parts = self.item_caps(g);
            let sum = total(&parts);
            if sum == weight {
                continue;
            }
            let message = if parts.is_empty() {
                crate::tr!(
                    "分组 `{}`（{}）的权重为 {}，但没有评分项",
                    "group `{}` ({}) has weight {} but no items",
                    group.id,
                    group.title,
                    plain(weight)
                )
            } else {
                crate::tr!(
                    "分组 `{}`（{}）的权重为 {}，但其评分项上限合计为 {}: {}",
                    "group `{}` ({}) has weight {}, but the caps of its items add up to {}: {}",
                    group.id,
                    group.title,
                    plain(weight),
                    plain(sum),
                    addends(&parts)
                )
            };
            self.error("group-sum", message, span_of(lit)).help = Some(crate::tr!(
                "让各评分项的 `max` 之和等于分组的 `weight`，或改正权重",
                "make the items' `max` add up to the group's `weight`, or correct the weight"
            ));
        }
        for (c, category) in self.rubric.categories.iter().enumerate() {
            let (Some(weight), Some(lit)) = (category.weight, &self.raw.categories[c].weight)
            else {
                continue;
            };
            let parts = self.group_totals(c);
            let sum = total(&parts);
            if sum == weight {
                continue;
            }
            let message = if parts.is_empty() {
                crate::tr!(
                    "类别 `{}`（{}）的权重为 {}，但没有分组",
                    "category `{}` ({}) has weight {} but no groups",
                    category.id,
                    category.title,
                    plain(weight)
                )
            } else {
                crate::tr!(
                    "类别 `{}`（{}）的权重为 {}，但其分组合计为 {}: {}",
                    "category `{}` ({}) has weight {}, but its groups add up to {}: {}",
                    category.id,
                    category.title,
                    plain(weight),
                    plain(sum),
                    addends(&parts)
                )
            };
            self.error("category-sum", message, span_of(lit)).help = Some(crate::tr!(
                "分组按其 `weight` 计；没写权重的，按其评分项上限之和计",
                "a group counts with its `weight`, or with its items' caps where it states none"
            ));
        }
        let parts = self.category_totals(false);
        let sum = total(&parts);
        let base_max = self.rubric.base_max;
        if sum != base_max {
            let message = crate::tr!(
                "`base_max` 为 {}，但基础类别合计为 {}{}",
                "`base_max` is {}, but the base categories add up to {}{}",
                plain(base_max),
                plain(sum),
                if parts.is_empty() {
                    String::new()
                } else {
                    format!(": {}", addends(&parts))
                }
            );
            let span = span_of(&self.raw.rubric.base_max);
            self.error("base-sum", message, span).help = Some(crate::tr!(
                "类别按其 `weight` 计；没写权重的，按其分组合计",
                "a category counts with its `weight`, or with its groups' where it states none"
            ));
        }
    }

    /// The bonus cap against what the bonus items can earn together.
    fn bonus(&mut self) {
        let parts = self.category_totals(true);
        let sum = total(&parts);
        let cap = self.rubric.bonus_max;
        let listed = if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", addends(&parts))
        };
        match (&self.raw.rubric.bonus_max, cap.cmp(&sum)) {
            (_, Ordering::Equal) => {}
            (Some(lit), Ordering::Greater) => {
                let message = if parts.is_empty() {
                    crate::tr!(
                        "`bonus_max` 为 {}，但评分表没有加分类别: 永远达不到这个上限",
                        "`bonus_max` is {}, but the rubric has no bonus category: the cap can never be reached",
                        plain(cap)
                    )
                } else {
                    crate::tr!(
                        "`bonus_max` 为 {}，但加分项合计最多 {}{listed}: 永远达不到这个上限",
                        "`bonus_max` is {}, but the bonus items can earn at most {} together{listed}: the cap can never be reached",
                        plain(cap),
                        plain(sum)
                    )
                };
                self.error("bonus-cap-unreachable", message, span_of(lit))
                    .help = Some(crate::tr!(
                    "调低 `bonus_max`，或调高加分项的上限",
                    "lower `bonus_max`, or raise the bonus items' caps"
                ));
            }
            (Some(lit), Ordering::Less) => {
                let message = crate::tr!(
                    "`bonus_max` 为 {}，低于加分项合计可得的 {}{listed}: 累计上限会截去多出的分",
                    "`bonus_max` is {}, below the {} the bonus items can earn together{listed}: the cumulative cap will cut them",
                    plain(cap),
                    plain(sum)
                );
                self.warning("bonus-cap-below-items", message, span_of(lit))
                    .help = Some(crate::tr!(
                    "表中写明“累计不超过…”时这样是对的；否则请让两者一致",
                    "right when the table says so (累计不超过…); otherwise make them agree"
                ));
            }
            (None, _) => {
                let Some(first) = self.rubric.categories.iter().position(|c| c.bonus) else {
                    return;
                };
                let message = crate::tr!(
                    "加分项合计可得 {}{listed}，但 `[rubric]` 没有设 `bonus_max`: 这些分永远不计入",
                    "the bonus items can earn {}{listed}, but `[rubric]` sets no `bonus_max`: they can never count",
                    plain(sum)
                );
                let span = self.raw.categories[first].id.span();
                self.error("missing-field", message, span).help = Some(crate::tr!(
                    "在 `[rubric]` 中加上 `bonus_max = {}`",
                    "add `bonus_max = {}` to `[rubric]`",
                    plain(sum)
                ));
            }
        }
    }

    // ------------------------------------------------------------------ items

    fn item(&mut self, index: usize, item: &Item) {
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

    /// `note-not-sentence`: a note is read by applicants beside the score, so it is one whole
    /// sentence, ending as a sentence ends, not a fragment or a keyword.
    fn note(&mut self, index: usize) {
        let raw = &self.raw.items[index];
        if raw.note.is_none()
            && let Some(en) = &raw.note_en
        {
            let id = &self.rubric.items[index].id;
            self.warning(
                "note-not-sentence",
                crate::tr!(
                    "条目 `{id}`：有 `note_en` 而没有 `note`",
                    "item `{id}`: it has a `note_en` but no `note`"
                ),
                en.span(),
            )
            .help = Some(crate::tr!(
                "同时写中文 `note`：申报单位先读中文",
                "write the Chinese `note` too: applicants read Chinese first"
            ));
        }
        for note in [&raw.note, &raw.note_en].into_iter().flatten() {
            self.sentence(index, note);
        }
    }

    fn sentence(&mut self, index: usize, note: &Spanned<String>) {
        let text = note.get_ref().trim();
        let words = text.split_whitespace().count();
        let chars = text.chars().count();
        let ends = text.ends_with(['。', '.', '！', '!', '？', '?']);
        // Chinese has no spaces: count characters there, words elsewhere.
        let long_enough = if text.is_ascii() {
            words >= 4
        } else {
            chars >= 8
        };
        if ends && long_enough {
            return;
        }
        let id = &self.rubric.items[index].id;
        let message = if text.is_empty() {
            crate::tr!("条目 `{id}`：说明为空", "item `{id}`: a note is empty")
        } else {
            crate::tr!(
                "条目 `{id}`：说明不是完整的句子：`{text}`",
                "item `{id}`: a note is not a full sentence: `{text}`"
            )
        };
        self.warning("note-not-sentence", message, note.span()).help = Some(crate::tr!(
            "写一个完整的句子，说明此项如何理解及理由，以 `。` 或 `.` 结尾",
            "write one whole sentence saying how the item is read and why, ending with `。` or `.`"
        ));
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
    fn best_below_cap(&mut self, index: usize, item: &Item, best: Decimal, what: &str) {
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
    fn above_cap(&mut self, item: &Item, points: Decimal, what: String, span: Range<usize>) {
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

    // ------------------------------------------------------------------ percent thresholds

    /// A threshold, band bound or step compared with a percentage must say `%`: a bare `2` is
    /// 2 = 200%, and a value of 2.69% then scores 0 without a word.
    fn item_percents(&mut self, index: usize, item: &Item) {
        let Some(value) = item.value.filter(|r| self.rubric.is_percent(*r)) else {
            return;
        };
        let rule = self.raw.items[index].rule.get_ref();
        let mut literals: Vec<(String, &Spanned<NumLit>)> = Vec::new();
        for (i, band) in rule.bands.iter().flatten().enumerate() {
            let name = match band.get_ref().label.as_deref().filter(|l| !l.is_empty()) {
                Some(label) => crate::tr!("区间“{label}”", "band `{label}`"),
                None => crate::tr!("第 {} 个区间", "band {}", i + 1),
            };
            for (bound, lit) in [("min", &band.get_ref().min), ("max", &band.get_ref().max)] {
                literals.extend(lit.as_ref().map(|l| (format!("{name} `{bound}`"), l)));
            }
        }
        for (key, lit) in [("threshold", &rule.threshold), ("step", &rule.step)] {
            literals.extend(lit.as_ref().map(|l| (format!("`{key}`"), l)));
        }
        let whose = crate::tr!("评分项 `{}`", "item `{}`", item.id);
        for (what, lit) in literals {
            self.bare_percent(&whose, &what, value, lit);
        }
    }

    fn gate_percents(&mut self) {
        for (gate, raw) in self.rubric.gates.iter().zip(&self.raw.gates) {
            if self.rubric.is_percent(gate.value) {
                let whose = crate::tr!("门槛 `{}`", "gate `{}`", gate.id);
                self.bare_percent(&whose, "`threshold`", gate.value, &raw.threshold);
            }
        }
    }

    /// An error when `lit`, compared with the percentage `value`, is written without `%`.
    fn bare_percent(&mut self, whose: &str, what: &str, value: Ref, lit: &Spanned<NumLit>) {
        let text = self.rubric.origin.text.get(lit.span()).unwrap_or_default();
        let written = text.trim().trim_matches(['"', '\'']).trim();
        if written.ends_with('%') {
            return;
        }
        let key = self.rubric.key_of(value);
        let unit = self.rubric.unit_of(value).to_string();
        let read = written
            .parse::<Decimal>()
            .ok()
            .and_then(|v| v.checked_mul(Decimal::ONE_HUNDRED))
            .map_or_else(|| written.to_string(), |v| format!("{}%", plain(v)));
        let message = crate::tr!(
            "{whose}：{what} 写作 `{written}`，没有 %；但 `{key}` 是百分数（单位 {unit}），`{written}` 会读作 {read}",
            "{whose}: {what} is written `{written}`, without %; `{key}` is a percentage (unit {unit}), so `{written}` reads as {read}"
        );
        self.error("bare-percent", message, lit.span()).help = Some(crate::tr!(
            "写作 \"{written}%\"（带引号和 %）；若本意就是 {read}，写作 \"{read}\"",
            "write \"{written}%\" (quoted, with %); if {read} is meant, write \"{read}\""
        ));
    }

    // ------------------------------------------------------------------ bands

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

    fn bands(&mut self, index: usize, item: &Item, bands: &[Band]) {
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

    // ------------------------------------------------------------------ levels and usage

    fn level_sets(&mut self) {
        for (s, set) in self.raw.levels.iter().enumerate() {
            if set.levels.is_empty() {
                self.error(
                    "missing-field",
                    crate::tr!(
                        "等级集 `{}` 没有任何等级",
                        "level set `{}` has no levels",
                        set.id.get_ref()
                    ),
                    set.id.span(),
                );
                continue;
            }
            let mut seen: Vec<(&str, usize)> = Vec::new();
            for (l, level) in set.levels.iter().enumerate() {
                let names = [&level.id, &level.label];
                for (k, name) in names.iter().enumerate() {
                    // A level's id may equal its own label; only another level's name clashes.
                    if k == 1 && level.label.get_ref() == level.id.get_ref() {
                        continue;
                    }
                    if let Some((_, other)) = seen.iter().find(|(n, _)| *n == name.get_ref()) {
                        let message = crate::tr!(
                            "等级集 `{}`: `{}` 同时是第 {} 级和第 {} 级的名称: 数据写它时无法确定是哪一级",
                            "level set `{}`: `{}` names both level {} and level {}: data giving it would be ambiguous",
                            self.rubric.level_sets[s].id,
                            name.get_ref(),
                            other + 1,
                            l + 1
                        );
                        self.error("duplicate-level", message, name.span()).help =
                            Some(crate::tr!(
                                "每个名称（label）和 id 只能指一个等级（数据可以写其中任一个）",
                                "every label and id must name one level only (data may give either)"
                            ));
                    }
                }
                seen.push((level.id.get_ref(), l));
                if level.label.get_ref() != level.id.get_ref() {
                    seen.push((level.label.get_ref(), l));
                }
            }
        }
    }

    /// Inputs, fields of counts inputs and derived figures that no item, gate or derived figure reads.
    fn usage(&mut self) {
        let mut inputs = HashSet::new();
        let mut fields = HashSet::new();
        let mut derived = HashSet::new();
        let mut mark = |r: Ref| match r {
            Ref::Input(i) => {
                inputs.insert(i);
            }
            Ref::Field(i, f) => {
                inputs.insert(i);
                fields.insert((i, f));
            }
            Ref::Derived(d) => {
                derived.insert(d);
            }
        };
        for item in &self.rubric.items {
            if let Some(r) = item.value {
                mark(r);
            }
            for t in item.rule.terms() {
                mark(t.value);
            }
        }
        for gate in &self.rubric.gates {
            mark(gate.value);
        }
        for (i, d) in self.rubric.derived.iter().enumerate() {
            mark(d.formula.left);
            mark(d.formula.right);
            // A figure declared for its believable range is read by the plausibility check.
            if d.plausible.is_some() {
                mark(Ref::Derived(i));
            }
        }
        let help = crate::tr!(
            "删去它，或为它评分: 要求填写却从不使用的数据只会增加申报单位的负担",
            "remove it, or score it: a figure asked for and never used only burdens the applicant"
        );
        for (i, input) in self.rubric.inputs.iter().enumerate() {
            if !inputs.contains(&i) {
                self.warning(
                    "unused-input",
                    crate::tr!(
                        "输入项 `{}`（{}）没有被任何评分项、申报条件或派生指标使用",
                        "input `{}` ({}) is used by no item, gate or derived figure",
                        input.key,
                        input.title
                    ),
                    input.span.clone(),
                )
                .help = Some(help.clone());
                continue;
            }
            for (f, field) in input.fields.iter().enumerate() {
                if !fields.contains(&(i, f)) {
                    let span = self.raw.inputs[i].fields[f].key.span();
                    self.warning(
                        "unused-input",
                        crate::tr!(
                            "字段 `{}.{}`（{}）没有被任何评分项使用",
                            "field `{}.{}` ({}) is used by no item",
                            input.key,
                            field.key,
                            field.title
                        ),
                        span,
                    )
                    .help = Some(help.clone());
                }
            }
        }
        for (d, figure) in self.rubric.derived.iter().enumerate() {
            if !derived.contains(&d) {
                let span = self.raw.derived[d].key.span();
                self.warning(
                    "unused-input",
                    crate::tr!(
                        "派生指标 `{}`（{}）没有被任何评分项、申报条件或派生指标使用",
                        "derived figure `{}` ({}) is used by no item, gate or derived figure",
                        figure.key,
                        figure.title
                    ),
                    span,
                )
                .help = Some(help.clone());
            }
        }
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

/// A space between Chinese text and a phrase that ends in a name or a number (`加权项 `a` 给`),
/// none after Chinese (`满足时给`).
fn cjk_gap(phrase: &str) -> &'static str {
    if phrase.ends_with(|c: char| c.is_ascii()) {
        " "
    } else {
        ""
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
