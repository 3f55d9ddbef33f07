//! The figures a rule reads: as the file gives them, or derived (a ratio, a difference), each
//! kept exactly; and the errors for those too large to keep.

use rust_decimal::Decimal;

use super::{Figure, Scorer};
use crate::data::Value;
use crate::fraction::Fraction;
use crate::i18n::{Bilingual, Lang};
use crate::rubric::{Operation, Ref, Text};

impl Scorer<'_> {
    /// Records that the figure behind `key` is too large to score exactly.
    pub(super) fn too_large(&self, key: &str) {
        let mut errors = self.errors.borrow_mut();
        let message = crate::tr!(
            "`{key}` 的计算结果过大，无法精确计算（位宽超过 {bits} 位）；请检查数据与评分表的数值",
            "`{key}`: the result is too large to compute exactly (wider than {bits} bits); check the figures in the data and the rubric",
            bits = crate::fraction::MAX_BITS
        );
        if !errors.contains(&message) {
            errors.push(message);
        }
    }

    /// `a + b` on points; an overflow is recorded as an error and the sum kept at `a`.
    pub(super) fn add(&self, a: Decimal, b: Decimal) -> Decimal {
        a.checked_add(b).unwrap_or_else(|| {
            self.too_large(&crate::tr!("总分", "total"));
            a
        })
    }

    /// An exact result, or the error recorded under `key`.
    pub(super) fn exact<T>(&self, key: &str, r: Result<T, crate::fraction::TooLarge>) -> Option<T> {
        r.map_err(|_| self.too_large(key)).ok()
    }

    /// A figure as the file gives it, already a decimal: what `figure(r)` would make a fraction of
    /// and [`Fraction::to_decimal`] would turn back (`tests` in `fraction.rs`: the round trip is
    /// `normalize`), without the round trip; `None` for anything else.
    pub(super) fn given_decimal(&self, r: Ref) -> Option<Decimal> {
        let given = match r {
            Ref::Input(i) => match self.data.values.get(i) {
                Some(Some(Value::Number(v))) => *v,
                _ => return None,
            },
            Ref::Field(i, f) => match self.data.values.get(i) {
                Some(Some(Value::Counts(counts))) => *counts.get(f)?,
                _ => return None,
            },
            Ref::Derived(_) => return None,
        };
        Some(given.normalize())
    }

    pub(super) fn figure(&self, r: Ref) -> Figure {
        match r {
            Ref::Input(i) => match &self.data.values[i] {
                Some(Value::Number(v)) => Figure::Known(Fraction::whole(*v)),
                Some(Value::Flag(b)) => Figure::Known(Fraction::whole(Decimal::from(*b as u8))),
                None if self.rubric.inputs[i].optional => Figure::Unavailable {
                    zh: format!("未填写“{}”", self.rubric.title_of(r, Lang::Zh)),
                    en: format!("{} not given", self.rubric.title_of(r, Lang::En)),
                },
                _ => Figure::Known(Fraction::zero()),
            },
            Ref::Field(i, f) => match &self.data.values[i] {
                Some(Value::Counts(counts)) => Figure::Known(Fraction::whole(counts[f])),
                _ => Figure::Known(Fraction::zero()),
            },
            Ref::Derived(d) => self.derived[d].get_or_init(|| self.derive(d)).clone(),
        }
    }

    pub(super) fn derive(&self, d: usize) -> Figure {
        let formula = self.rubric.derived[d].formula;
        let (a, b) = match (self.figure(formula.left), self.figure(formula.right)) {
            (Figure::Known(a), Figure::Known(b)) => (a, b),
            (Figure::TooLarge, _) | (_, Figure::TooLarge) => return Figure::TooLarge,
            (unavailable @ Figure::Unavailable { .. }, _) | (_, unavailable) => {
                return unavailable;
            }
        };
        let key = &self.rubric.derived[d].key;
        match formula.op {
            // A share of a loss (产品销售利润 below zero) means nothing: not met, not a number.
            Operation::Ratio if b.is_negative() => {
                let (zh, en) = self.titles(formula.right);
                Figure::Unavailable {
                    zh: format!("分母“{zh}”为负数（亏损），比重无意义，按未达到计"),
                    en: format!(
                        "the denominator, {en}, is negative (a loss): the share means nothing and is not met"
                    ),
                }
            }
            Operation::Ratio => match Fraction::ratio(&a, &b) {
                Ok(Some(v)) => Figure::Known(v),
                Ok(None) => {
                    let (zh, en) = self.titles(formula.right);
                    Figure::Unavailable {
                        zh: format!("分母“{zh}”为 0，无法计算"),
                        en: format!("the denominator, {en}, is 0"),
                    }
                }
                Err(_) => {
                    self.too_large(key);
                    Figure::TooLarge
                }
            },
            Operation::Difference => match Fraction::difference(&a, &b) {
                Ok(v) => Figure::Known(v),
                Err(_) => {
                    self.too_large(key);
                    Figure::TooLarge
                }
            },
        }
    }

    /// A figure's 数据名称 in both languages: the words of a sheet, printed on paper, name no
    /// data key.
    fn titles(&self, r: Ref) -> (String, String) {
        (
            self.rubric.title_of(r, Lang::Zh),
            self.rubric.title_of(r, Lang::En),
        )
    }

    /// Whether every input behind a reference was given in the data file.
    pub(super) fn given(&self, r: Ref) -> bool {
        match r {
            Ref::Input(i) | Ref::Field(i, _) => self.data.values[i].is_some(),
            Ref::Derived(d) => {
                let f = self.rubric.derived[d].formula;
                self.given(f.left) && self.given(f.right)
            }
        }
    }

    /// The figure behind a reference, when it can be had (for display: rounded to 28 digits).
    pub(super) fn known(&self, r: Ref) -> Option<Decimal> {
        if let Some(given) = self.given_decimal(r) {
            return Some(given);
        }
        let rounded = || match self.figure(r) {
            Figure::Known(v) => v.to_decimal(),
            Figure::Unavailable { .. } | Figure::TooLarge => None,
        };
        match r {
            Ref::Derived(d) => self
                .shown
                .get(d)
                .map_or_else(rounded, |s| *s.get_or_init(rounded)),
            _ => rounded(),
        }
    }

    /// The optional input whose absence made a figure unavailable, if that is why.
    pub(super) fn data_optional_missing(&self, r: Ref) -> Option<usize> {
        match r {
            Ref::Input(i) => {
                (self.rubric.inputs[i].optional && self.data.values[i].is_none()).then_some(i)
            }
            Ref::Field(..) => None,
            Ref::Derived(d) => {
                let f = self.rubric.derived[d].formula;
                self.data_optional_missing(f.left)
                    .or(self.data_optional_missing(f.right))
            }
        }
    }

    pub(super) fn term_titles(&self, r: Ref) -> Bilingual<&Text> {
        match r {
            Ref::Field(i, f) => {
                let field = &self.rubric.inputs[i].fields[f];
                Bilingual::new(&field.title, &field.title_en)
            }
            Ref::Input(i) => {
                let input = &self.rubric.inputs[i];
                Bilingual::new(&input.title, &input.title_en)
            }
            Ref::Derived(d) => {
                let derived = &self.rubric.derived[d];
                Bilingual::new(&derived.title, &derived.title_en)
            }
        }
    }
}
