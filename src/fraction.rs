//! Exact rationals of wide integers for the engine: every derived figure (a ratio, a difference,
//! a ratio of ratios) stays exact all the way to the comparison with a threshold.
//!
//! `Decimal` holds 28 digits and *rounds* a product that needs more, so a fraction of two
//! `Decimal`s is not exact once the figures have 25 digits (附件3's growth of the R&D share);
//! these are not rounded ever. A nested formula can still square the size of its figures at every
//! level, so a figure wider than [`MAX_BITS`] is refused as too large, an error, never a verdict.

#![deny(clippy::arithmetic_side_effects)]

use std::cmp::Ordering;

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

/// Widest numerator or denominator kept, in bits: about 1,200 decimal digits, a hundred times
/// what the deepest built-in formula needs, and small enough that every operation is cheap.
pub const MAX_BITS: u64 = 4096;

/// A figure too wide to keep exact (more than [`MAX_BITS`] bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// An exact rational number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fraction(BigRational);

fn ten_pow(n: u32) -> BigInt {
    num_traits::pow(BigInt::from(10u8), n as usize)
}

/// A decimal as the integer `mantissa / 10^scale`.
fn rational(d: Decimal) -> BigRational {
    BigRational::new(BigInt::from(d.mantissa()), ten_pow(d.scale()))
}

fn bounded(r: BigRational) -> Result<Fraction, TooLarge> {
    if r.numer().bits() > MAX_BITS || r.denom().bits() > MAX_BITS {
        Err(TooLarge)
    } else {
        Ok(Fraction(r))
    }
}

impl Fraction {
    pub fn whole(d: Decimal) -> Fraction {
        Fraction(rational(d))
    }

    pub fn from_count(n: usize) -> Fraction {
        Fraction(BigRational::from_integer(BigInt::from(n)))
    }

    pub fn zero() -> Fraction {
        Fraction(BigRational::zero())
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(&self) -> bool {
        self.0.is_negative()
    }

    /// `a / b`; `Ok(None)` when `b` is zero.
    pub fn ratio(a: &Fraction, b: &Fraction) -> Result<Option<Fraction>, TooLarge> {
        if b.0.is_zero() {
            return Ok(None);
        }
        bounded(&a.0 / &b.0).map(Some)
    }

    /// `a − b`.
    pub fn difference(a: &Fraction, b: &Fraction) -> Result<Fraction, TooLarge> {
        bounded(&a.0 - &b.0)
    }

    /// `a + b`.
    pub fn sum(a: &Fraction, b: &Fraction) -> Result<Fraction, TooLarge> {
        bounded(&a.0 + &b.0)
    }

    /// `a × b`.
    pub fn product(a: &Fraction, b: &Fraction) -> Result<Fraction, TooLarge> {
        bounded(&a.0 * &b.0)
    }

    /// Compares with a decimal exactly.
    pub fn cmp_decimal(&self, other: Decimal) -> Ordering {
        self.0.cmp(&rational(other))
    }

    /// `⌊(self − offset) / step⌋` for `step > 0`, exact; `Ok(None)` for a step that is not positive.
    pub fn floor_steps(
        &self,
        offset: Decimal,
        step: Decimal,
    ) -> Result<Option<Fraction>, TooLarge> {
        if step <= Decimal::ZERO {
            return Ok(None);
        }
        let shifted = &self.0 - rational(offset);
        let quotient = shifted / rational(step);
        bounded(BigRational::from_integer(quotient.floor().to_integer())).map(Some)
    }

    /// The value as a decimal when it is one exactly (a terminating fraction within 28 digits).
    pub fn exact_decimal(&self) -> Option<Decimal> {
        let (numer, denom) = (self.0.numer(), self.0.denom());
        for scale in 0..=28u32 {
            let scaled = numer * ten_pow(scale);
            let (q, r) = scaled.div_rem(denom);
            if r.is_zero() {
                let mantissa = q.to_i128()?;
                return Decimal::try_from_i128_with_scale(mantissa, scale).ok();
            }
        }
        None
    }

    /// The value rounded to a decimal (28 places at most), for display only; `None` beyond
    /// `Decimal`'s range. A non-zero value never rounds to zero: it keeps its sign as ±1e-28, so
    /// `−8e-35` is not shown as a plain `0` (the display marks it `≈`).
    pub fn to_decimal(&self) -> Option<Decimal> {
        if let Some(d) = self.exact_decimal() {
            return Some(d);
        }
        let (numer, denom) = (self.0.numer(), self.0.denom());
        // The whole part decides how many places fit: as many as the 96-bit mantissa holds (28
        // or 29 digits), the same rounding `Decimal`'s own division gives.
        let whole = (numer / denom).abs();
        let digits = if whole.is_zero() {
            0
        } else {
            whole.to_string().len() as u32
        };
        let mut scale = 28u32.min(29u32.saturating_sub(digits));
        loop {
            let scaled = numer * ten_pow(scale);
            // Round half away from zero.
            let twice = scaled * BigInt::from(2u8);
            let (q, _) = (twice + denom * numer.signum()).div_rem(&(denom * BigInt::from(2u8)));
            let mantissa = match q.to_i128() {
                Some(0) if numer.sign() == Sign::Minus => -1,
                Some(0) => 1,
                Some(m) => m,
                None => 0,
            };
            if mantissa != 0
                && let Ok(d) = Decimal::try_from_i128_with_scale(mantissa, scale)
            {
                return Some(d);
            }
            if scale == 0 {
                return None;
            }
            scale = scale.saturating_sub(1);
        }
    }

    /// The value as text: exact when it is a decimal, else rounded and marked `≈`.
    pub fn text(&self) -> String {
        if let Some(d) = self.exact_decimal() {
            return crate::num::plain(d);
        }
        if let Some(text) = self.exact_text() {
            return text;
        }
        match self.to_decimal() {
            Some(d) => format!("≈{}", crate::num::plain(d)),
            None => {
                let digits = self.0.to_integer().abs().to_string().len();
                let sign = if self.0.is_negative() { "-" } else { "" };
                format!("{sign}≈10^{}", digits.saturating_sub(1))
            }
        }
    }

    /// The exact digits of a terminating fraction too wide for `Decimal` (`10^29` points before
    /// the cap), with at most 28 places; `None` for one that does not terminate.
    fn exact_text(&self) -> Option<String> {
        let (numer, denom) = (self.0.numer(), self.0.denom());
        for scale in 0..=28u32 {
            let (q, r) = (numer * ten_pow(scale)).div_rem(denom);
            if !r.is_zero() {
                continue;
            }
            let digits = q.abs().to_string();
            let sign = if q.is_negative() { "-" } else { "" };
            let places = scale as usize;
            if places == 0 {
                return Some(format!("{sign}{digits}"));
            }
            let padded = format!("{digits:0>width$}", width = places.saturating_add(1));
            let (whole, fraction) = padded.split_at(padded.len().saturating_sub(places));
            return Some(format!("{sign}{whole}.{fraction}"));
        }
        None
    }

    /// The value capped to `[0, max]`, as a decimal: exact, since the result is `0`, `max` or the
    /// value itself when that lies between them and is a decimal; `None` for a value in range that
    /// is no 28-digit decimal (a fraction of points, which no rule makes).
    pub fn capped(&self, max: Decimal) -> Option<Decimal> {
        if self.cmp_decimal(max).is_gt() {
            Some(max)
        } else if self.0.is_negative() {
            Some(Decimal::ZERO)
        } else {
            self.exact_decimal()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn f(s: &str) -> Fraction {
        Fraction::whole(d(s))
    }

    #[test]
    fn ratios_of_ratios_stay_exact() {
        // (1/3) / (1/3) = 1, which a 28-digit rounding would miss.
        let third = Fraction::ratio(&f("1"), &f("3")).unwrap().unwrap();
        let one = Fraction::ratio(&third, &third).unwrap().unwrap();
        assert_eq!(one.cmp_decimal(Decimal::ONE), Ordering::Equal);
        assert_eq!(
            third.cmp_decimal(d("0.3333333333333333333333333333")),
            Ordering::Greater
        );
    }

    #[test]
    fn growth_of_a_share_with_25_digit_figures_keeps_its_sign() {
        // 附件3: rd1/rev1 − rd0/rev0 with figures of 25 significant digits; the exact difference is
        // a tiny negative number that a 28-digit Decimal rounds to 0 (and then passes `≥ 0`).
        let rd1 = f("999999999999999.9999999999");
        let rev1 = f("999999999999999.9999999998");
        let rd0 = f("999999999999999.9999999998");
        let rev0 = f("999999999999999.9999999997");
        let share1 = Fraction::ratio(&rd1, &rev1).unwrap().unwrap();
        let share0 = Fraction::ratio(&rd0, &rev0).unwrap().unwrap();
        let growth = Fraction::difference(&share1, &share0).unwrap();
        assert_eq!(growth.cmp_decimal(Decimal::ZERO), Ordering::Less);
        assert!(growth.text().starts_with('≈'), "{}", growth.text());
        assert!(growth.to_decimal().unwrap() < Decimal::ZERO);
    }

    #[test]
    fn floor_steps_of_a_huge_ratio_is_huge() {
        let big = Fraction::ratio(&f("1000000000000000"), &f("0.0000000001"))
            .unwrap()
            .unwrap();
        let steps = big
            .floor_steps(Decimal::ZERO, Decimal::ONE)
            .unwrap()
            .unwrap();
        assert_eq!(steps.text(), "10000000000000000000000000");
        assert_eq!(steps.capped(d("10")), Some(d("10")));
        assert_eq!(f("0").floor_steps(Decimal::ZERO, Decimal::ZERO), Ok(None));
    }

    #[test]
    fn nesting_beyond_the_width_is_refused() {
        let mut x = f("1000000000000000");
        let mut refused = false;
        for _ in 0..20 {
            match Fraction::product(&x, &x) {
                Ok(y) => x = y,
                Err(TooLarge) => {
                    refused = true;
                    break;
                }
            }
        }
        assert!(refused);
    }

    #[test]
    fn display_rounds_and_says_so() {
        let third = Fraction::ratio(&f("1"), &f("3")).unwrap().unwrap();
        assert_eq!(third.text(), "≈0.3333333333333333333333333333");
        assert_eq!(f("2.5").text(), "2.5");
        let huge = Fraction::product(&f("1000000000000000"), &f("1000000000000000")).unwrap();
        let huger = Fraction::product(&huge, &huge).unwrap();
        assert_eq!(huger.to_decimal(), None);
        assert_eq!(huger.text(), format!("1{}", "0".repeat(60)));
        let third_of_huge = Fraction::ratio(&huger, &f("3")).unwrap().unwrap();
        assert_eq!(third_of_huge.text(), "≈10^59");
        let tiny = Fraction::ratio(&f("-1"), &huger).unwrap().unwrap();
        assert_eq!(tiny.text(), "≈-0.0000000000000000000000000001");
    }
}
