//! The rules that read one figure: 每 N 得 M, a threshold with steps above it, bands, and a
//! 基本要求. The points are found first ([`Scorer::reach`]) and worded after
//! ([`numeric_words`]), only when the sheet is worded: a batch summary needs the points
//! alone, and the words were most of a sheet's cost.

use rust_decimal::Decimal;

use super::item::{Outcome, nothing, too_large_outcome, unworded};
use super::words::ItemWords;
use super::{Figure, Scorer};
use crate::fraction::Fraction;
use crate::i18n::Bilingual;
use crate::num::plain;
use crate::rubric::{Item, Ref, Rule, is_percent_unit};
use crate::sheet::{arithmetic_text_at, unit_texts};

/// Where a figure stands under its item's rule, beside the points that earns: all the working
/// needs besides the figure and the rubric's fixed words.
#[derive(Clone, Copy)]
enum Reached {
    /// 每 N 得 M: the steps counted.
    Steps,
    /// Below a threshold-and-step rule's threshold: nothing.
    BelowThreshold,
    /// At or above the threshold: its points, and the steps above it.
    AboveThreshold,
    /// Within the band of this index.
    Band(usize),
    /// Within none of the bands.
    NoBand,
    /// A 基本要求, met or not.
    Requirement { holds: bool },
    /// A rule that reads no single figure (the caller sends those elsewhere).
    NotNumeric,
}

impl Reached {
    /// A requirement's verdict; the other rules give points, not a verdict.
    fn passed(self) -> Option<bool> {
        match self {
            Reached::Requirement { holds } => Some(holds),
            _ => None,
        }
    }
}

impl Scorer<'_> {
    pub(super) fn numeric(&mut self, item: &Item, fixed: &ItemWords) -> Outcome {
        let Some(r) = item.value else {
            return nothing();
        };
        let given = self.given(r);
        let v = match self.figure(r) {
            Figure::Known(v) => v,
            Figure::TooLarge => return too_large_outcome(given),
            Figure::Unavailable { zh, en } => return self.unavailable(item, r, zh, en, given),
        };
        // `v` is the figure `known` rounds (and, for a derived one, keeps rounded).
        let Some(shown) = self.known(r) else {
            self.too_large(&self.rubric.key_of(r));
            return too_large_outcome(given);
        };
        let Some((raw, reached)) = self.reach(item, r, &v) else {
            return too_large_outcome(given);
        };
        if !self.words {
            return unworded(raw, reached.passed(), given);
        }
        let unit = self.rubric.unit_of(r);
        let percent = is_percent_unit(unit);
        // Printed with the places it takes to agree with the verdict (`1.99997% < 2%`).
        let x = {
            let boundaries = crate::faithful::boundaries(&item.rule, &v);
            let exact = |b: Decimal| v.cmp_decimal(b);
            let places = crate::faithful::places(shown, percent, &exact, &boundaries);
            crate::faithful::marked(arithmetic_text_at(percent, shown, places), &v)
        };
        Outcome {
            explain: numeric_words(unit, &x, &raw, reached, fixed),
            value: Some(plain(shown)),
            // `x` is the number worded for the arithmetic: only the unit is added.
            display: unit_texts(unit, x),
            passed: reached.passed(),
            raw,
            given,
        }
    }

    /// An item whose figure cannot be had (a ratio over 0, an optional input left out): 0
    /// points, and a warning unless the data simply left an optional figure out.
    fn unavailable(&mut self, item: &Item, r: Ref, zh: String, en: String, given: bool) -> Outcome {
        if matches!(r, Ref::Derived(_)) && self.data_optional_missing(r).is_none() {
            self.warnings.push(crate::tr!(
                "{}：{zh}，得 0 分",
                "{}: {en}; scored 0",
                crate::i18n::lang().pick(&item.title, &item.title_en)
            ));
        }
        let passed = matches!(item.rule, Rule::Requirement { .. }).then_some(false);
        if !self.words {
            return unworded(Fraction::zero(), passed, given);
        }
        Outcome {
            raw: Fraction::zero(),
            explain: Bilingual {
                zh: cat!(zh, " → 0"),
                en: cat!(en, " → 0"),
            },
            value: None,
            display: Bilingual::same("—".into()),
            passed,
            given,
        }
    }

    /// The points figure `v` earns under the item's rule, and where it stands; `None` when the
    /// points are too large to compute exactly (the error is recorded).
    fn reach(&self, item: &Item, r: Ref, v: &Fraction) -> Option<(Fraction, Reached)> {
        // Named only for a message: `key_of` builds a string.
        let key = || self.rubric.key_of(r);
        let cmp = |t: Decimal| v.cmp_decimal(t);
        Some(match &item.rule {
            Rule::PerUnit { step, points } => {
                let n = match v.floor_steps(Decimal::ZERO, *step) {
                    Ok(Some(n)) if n.is_negative() => Fraction::zero(),
                    Ok(Some(n)) => n,
                    // The rubric's loader refuses a step that is not positive.
                    Ok(None) => Fraction::zero(),
                    Err(_) => {
                        self.too_large(&key());
                        return None;
                    }
                };
                let raw = Fraction::product(&n, &Fraction::whole(*points));
                (self.exact(&item.id, raw)?, Reached::Steps)
            }
            Rule::ThresholdStep { threshold, .. } if cmp(*threshold).is_lt() => {
                (Fraction::zero(), Reached::BelowThreshold)
            }
            Rule::ThresholdStep {
                threshold,
                step,
                points,
                step_points,
            } => {
                let steps = match v.floor_steps(*threshold, *step) {
                    Ok(Some(n)) => n,
                    // The rubric's loader refuses a step that is not positive.
                    Ok(None) => Fraction::zero(),
                    Err(_) => {
                        self.too_large(&key());
                        return None;
                    }
                };
                let raw = Fraction::product(&steps, &Fraction::whole(*step_points))
                    .and_then(|s| Fraction::sum(&Fraction::whole(*points), &s));
                (self.exact(&item.id, raw)?, Reached::AboveThreshold)
            }
            Rule::Bands(bands) => {
                let found = bands.iter().enumerate().find(|(_, band)| {
                    let above_min = band.min.is_none_or(|b| {
                        let o = cmp(b.value);
                        o.is_gt() || (b.inclusive && o.is_eq())
                    });
                    let below_max = band.max.is_none_or(|b| {
                        let o = cmp(b.value);
                        o.is_lt() || (b.inclusive && o.is_eq())
                    });
                    above_min && below_max
                });
                match found {
                    Some((index, band)) => (Fraction::whole(band.points), Reached::Band(index)),
                    None => (Fraction::zero(), Reached::NoBand),
                }
            }
            Rule::Requirement { op, threshold } => {
                let holds = op.holds(cmp(*threshold));
                let raw = if holds { item.max } else { Decimal::ZERO };
                (Fraction::whole(raw), Reached::Requirement { holds })
            }
            Rule::Weighted(_)
            | Rule::EachKindOnce(_)
            | Rule::Level
            | Rule::Flag { .. }
            | Rule::CountAtLeast { .. } => (Fraction::zero(), Reached::NotNumeric),
        })
    }
}

/// The working of a numeric rule: the figure as worded for the arithmetic (`x`), the rubric's
/// fixed words around it, and the points.
fn numeric_words(
    unit: &str,
    x: &str,
    raw: &Fraction,
    reached: Reached,
    fixed: &ItemWords,
) -> Bilingual<String> {
    match reached {
        Reached::Steps => Bilingual::same(cat!(fixed.lead, x, fixed.tail, raw.text())),
        Reached::BelowThreshold => Bilingual::same(cat!(x, fixed.below)),
        Reached::AboveThreshold => Bilingual::same(cat!(x, fixed.tail, x, fixed.after, raw.text())),
        Reached::Band(index) => {
            let tail = fixed.bands.get(index).map_or("", |t| &**t);
            Bilingual::same(cat!(x, tail))
        }
        Reached::NoBand => Bilingual {
            zh: cat!(x, " 不在任何档位内 → 0"),
            en: cat!(x, " falls in no band → 0"),
        },
        Reached::Requirement { holds } => {
            let tail = if holds { &fixed.met } else { &fixed.unmet };
            // A difference of percentages is in 百分点, not %: `0.3个百分点 ≥ 0个百分点`.
            if unit == "百分点" {
                let x = unit_texts(unit, x.to_string());
                Bilingual {
                    zh: cat!(x.zh, tail.zh),
                    en: cat!(x.en, tail.en),
                }
            } else {
                Bilingual {
                    zh: cat!(x, tail.zh),
                    en: cat!(x, tail.en),
                }
            }
        }
        Reached::NotNumeric => Bilingual::same(String::new()),
    }
}
