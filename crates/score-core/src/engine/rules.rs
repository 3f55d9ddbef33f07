//! The rules that read a choice rather than a figure's size: a level of the rubric's set, a
//! yes/no, and how many of a list of figures reach a minimum.

use rust_decimal::Decimal;

use super::Scorer;
use super::item::{Outcome, nothing, too_large_outcome, unworded};
use super::words::ItemWords;
use crate::data::Value;
use crate::fraction::Fraction;
use crate::i18n::Bilingual;
use crate::num::plain;
use crate::rubric::{Item, Ref};

impl Scorer<'_> {
    pub(super) fn level(&self, item: &Item, fixed: &ItemWords) -> Outcome {
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

    pub(super) fn flag(&self, item: &Item, points: Decimal, fixed: &ItemWords) -> Outcome {
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

    pub(super) fn count_at_least(&self, item: &Item, min: Decimal, points: Decimal) -> Outcome {
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
}
