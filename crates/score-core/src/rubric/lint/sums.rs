//! Sums: item caps against their group's weight, groups against their category's, categories
//! against `base_max`, and the bonus cap against what the bonus items can earn.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::{Lint, span_of};
use crate::num::plain;
use crate::rubric::Text;

impl Lint<'_> {
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
    pub(super) fn sums(&mut self) {
        self.group_sums();
        self.category_sums();
        self.base_sum();
    }

    /// Each group's stated weight against its items' caps.
    fn group_sums(&mut self) {
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
    }

    /// Each category's stated weight against its groups'.
    fn category_sums(&mut self) {
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
    }

    /// The base categories against `base_max`.
    fn base_sum(&mut self) {
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
    pub(super) fn bonus(&mut self) {
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
