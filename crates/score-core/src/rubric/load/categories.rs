//! `[[categories]]` and `[[groups]]`: what the items' caps add up into, and the weight a
//! category prints.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::Builder;
use crate::rubric::raw;
use crate::rubric::{Category, Group, Text};

impl Builder<'_> {
    /// `[[categories]]`, by id.
    pub(super) fn categories(
        &mut self,
        raw: &raw::RawRubric,
    ) -> (HashMap<String, usize>, Vec<Category>) {
        let category_names = self.unique("category", raw.categories.iter().map(|c| &c.id));
        let categories: Vec<Category> = raw
            .categories
            .iter()
            .map(|c| {
                let weight = c.weight.as_ref().map(|w| self.num(w));
                Category {
                    id: c.id.get_ref().clone().into(),
                    title: c.title.clone().into(),
                    title_en: c.title_en.clone().into(),
                    weight_printed: self.weight_printed(c, weight),
                    weight,
                    bonus: c.bonus,
                }
            })
            .collect();
        (category_names, categories)
    }

    /// A category's `weight_printed`: it must print the category's own weight, so the paper
    /// cannot say one figure while the scorer adds up another.
    fn weight_printed(&mut self, c: &raw::RawCategory, weight: Option<Decimal>) -> Option<Text> {
        let printed = c.weight_printed.as_ref()?;
        let span = printed.span();
        let text = printed.get_ref().trim();
        let Some(weight) = weight else {
            self.error(
                "printed-weight",
                crate::tr!(
                    "类别 `{}` 写了 weight_printed = \"{text}\" 却没有 weight",
                    "category `{}` has weight_printed = \"{text}\" but no weight",
                    c.id.get_ref()
                ),
                span,
            );
            return None;
        };
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        if digits != crate::num::plain(weight).replace('.', "") {
            self.error(
                "printed-weight",
                crate::tr!(
                    "类别 `{}` 的 weight_printed = \"{text}\" 与 weight = {} 不符：请照表上印的写，例如 \"（{}）\"",
                    "category `{}`: weight_printed = \"{text}\" does not print weight = {}: write it as the table prints it, e.g. \"（{}）\"",
                    c.id.get_ref(),
                    crate::num::plain(weight),
                    crate::num::plain(weight)
                ),
                span,
            );
            return None;
        }
        Some(text.to_string().into())
    }

    /// `[[groups]]`, by id, each in its category.
    pub(super) fn groups(
        &mut self,
        raw: &raw::RawRubric,
        category_names: &HashMap<String, usize>,
    ) -> (HashMap<String, usize>, Vec<Group>) {
        let group_names = self.unique("group", raw.groups.iter().map(|g| &g.id));
        let mut groups = Vec::new();
        for g in &raw.groups {
            let category = self.lookup("category", category_names, &g.category);
            let weight = g.weight.as_ref().map(|w| self.num(w));
            groups.push(Group {
                id: g.id.get_ref().clone().into(),
                category: category.unwrap_or(0),
                title: g.title.clone().into(),
                title_en: g.title_en.clone().into(),
                weight,
            });
        }
        (group_names, groups)
    }
}
