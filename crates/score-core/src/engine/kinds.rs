//! Counts by kind (每项 N 分, 拥有…得N分): a sum over the kinds of a row, each kind's part
//! worded as it is added.

use rust_decimal::Decimal;

use super::item::{Outcome, too_large_outcome, unworded};
use super::words::ItemWords;
use super::{Figure, Scorer};
use crate::fraction::Fraction;
use crate::i18n::Bilingual;
use crate::rubric::Ref;

impl Scorer<'_> {
    /// A sum over the kinds of a counts-by-kind row, each kind's part by `per`: 每项 N 分 is
    /// Σ count × points, 拥有…得N分 the points once for a count of 1 or more.
    pub(super) fn sum_over_kinds(
        &self,
        terms: &[crate::rubric::Term],
        per: Per,
        fixed: &ItemWords,
    ) -> Outcome {
        let mut raw = Fraction::zero();
        // Each kind's part as `title count × points`, joined by ` + ` as they come; room for a
        // few parts at once, as growing the text step by step was a tenth of the sum's cost.
        let room = if self.words { 96 } else { 0 };
        let mut zh = String::with_capacity(room);
        let mut en = String::with_capacity(room);
        // What a reviewer compares with the certificates: the count of each kind (`发明专利2
        // 实用新型专利5`), not the weighted sum, which `--explain` shows.
        let mut shown = Bilingual {
            zh: String::with_capacity(room),
            en: String::with_capacity(room),
        };
        let mut given = false;
        for (index, term) in terms.iter().enumerate() {
            given |= self.given(term.value);
            let count = match self.figure(term.value) {
                Figure::Known(v) => v,
                Figure::Unavailable { .. } => Fraction::zero(),
                Figure::TooLarge => return too_large_outcome(given),
            };
            // Worded once, for the display and the working.
            let count_text = (self.words && !count.is_zero()).then(|| count.text());
            if let Some(text) = &count_text {
                self.show_count(&mut shown, term.value, text);
            }
            let points = Fraction::whole(term.points);
            let part = match per {
                Per::Each if count.is_zero() => continue,
                Per::Each => Fraction::product(&count, &points),
                Per::Once if count.cmp_decimal(Decimal::ONE) == std::cmp::Ordering::Less => {
                    continue;
                }
                Per::Once => Ok(points),
            };
            let Ok(sum) = part.and_then(|p| Fraction::sum(&raw, &p)) else {
                self.too_large(&self.rubric.key_of(term.value));
                return too_large_outcome(given);
            };
            raw = sum;
            // Not worded (no words, or a count of 0, which `per` passed over above).
            let Some(count) = &count_text else {
                continue;
            };
            let title = self.term_titles(term.value);
            if !zh.is_empty() {
                zh.push_str(" + ");
                en.push_str(" + ");
            }
            let (zh_tail, en_tail) = fixed
                .terms
                .get(index)
                .map_or(("", ""), |t| (&*t.zh, &*t.en));
            for (text, title, tail) in [(&mut zh, title.zh, zh_tail), (&mut en, title.en, en_tail)]
            {
                for piece in [&**title, " ", count, tail] {
                    text.push_str(piece);
                }
            }
        }
        if !self.words {
            return unworded(raw, None, given);
        }
        let total = raw.text();
        Outcome {
            display: if shown.zh.is_empty() {
                Bilingual::same("0".into())
            } else {
                shown
            },
            explain: terms_explain(zh, en, &total),
            value: Some(total),
            raw,
            passed: None,
            given,
        }
    }

    /// Adds a kind's count to the display: `发明专利2 实用新型专利5`, `invention 2, utility 5`.
    pub(super) fn show_count(&self, shown: &mut Bilingual<String>, r: Ref, count: &str) {
        let title = match r {
            Ref::Field(i, f) => {
                let field = &self.rubric.inputs[i].fields[f];
                Bilingual::new(&field.short, &field.short_en)
            }
            Ref::Input(i) => {
                let input = &self.rubric.inputs[i];
                Bilingual::new(&input.short, &input.short_en)
            }
            other => self.term_titles(other),
        };
        if !shown.zh.is_empty() {
            shown.zh.push(' ');
            shown.en.push_str(", ");
        }
        for (text, title, gap) in [
            (&mut shown.zh, title.zh, ""),
            (&mut shown.en, title.en, " "),
        ] {
            text.push_str(title);
            text.push_str(gap);
            text.push_str(count);
        }
    }
}

/// How a kind's count earns its points in a counts-by-kind row.
#[derive(Clone, Copy)]
pub(super) enum Per {
    /// 每项: count × points.
    Each,
    /// 拥有…得N分: the points once, for a count of 1 or more.
    Once,
}

/// The working of a sum over kinds: each kind's part, then the sum (`无 → 0` for none).
fn terms_explain(mut zh: String, mut en: String, total: &str) -> Bilingual<String> {
    if zh.is_empty() {
        return Bilingual {
            zh: "无 → 0".into(),
            en: "none → 0".into(),
        };
    }
    for text in [&mut zh, &mut en] {
        text.push_str(" = ");
        text.push_str(total);
    }
    Bilingual { zh, en }
}
