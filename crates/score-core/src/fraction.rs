//! Exact rationals for the engine: every derived figure (a ratio, a difference, a ratio of
//! ratios) stays exact all the way to the comparison with a threshold.
//!
//! `Decimal` holds 28 digits and *rounds* a product that needs more, so a fraction of two
//! `Decimal`s is not exact once the figures have 25 digits (附件3's growth of the R&D share);
//! these are not rounded ever. A nested formula can still square the size of its figures at every
//! level, so a figure wider than [`MAX_BITS`] is refused as too large, an error, never a verdict.
//!
//! Nearly every figure a company reports fits a fraction of two `i128`s, and arithmetic on those
//! costs a few instructions where wide integers allocate; so a fraction is held in `i128`s while
//! it fits and moves to wide integers only when an operation would overflow. The two forms hold
//! the same numbers exactly: which one a value is in changes nothing but speed.

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
#[derive(Debug, Clone)]
pub struct Fraction(Repr);

/// Canonical: a value is `Small` whenever its lowest terms fit (numerator in `±i128::MAX`,
/// denominator in `1..=i128::MAX`), so equal values always have equal forms.
#[derive(Debug, Clone)]
enum Repr {
    Small(Small),
    Big(BigRational),
}

/// `num / den` in lowest terms, `den > 0`, neither equal to `i128::MIN` (so every `abs` and
/// negation of them is defined).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Small {
    num: i128,
    den: i128,
}

/// Stein's binary gcd: shifts and subtractions only, no division (an `i128` remainder is a
/// library call, and Euclid's needs a few dozen of them).
macro_rules! binary_gcd {
    ($t:ty, $a:expr, $b:expr) => {{
        let (mut a, mut b): ($t, $t) = ($a, $b);
        if a == 0 {
            b
        } else if b == 0 {
            a
        } else {
            // Both are non-zero, so every count of trailing zeros is below the width.
            let shift = (a | b).trailing_zeros();
            a = a.wrapping_shr(a.trailing_zeros());
            loop {
                b = b.wrapping_shr(b.trailing_zeros());
                if a > b {
                    std::mem::swap(&mut a, &mut b);
                }
                // Both odd and b ≥ a, so b − a is even or zero and never negative.
                b = b.wrapping_sub(a);
                if b == 0 {
                    break a.wrapping_shl(shift);
                }
            }
        }
    }};
}

/// `$den` without its factors of 5, counting them into `$fives`, in `$den`'s own width.
macro_rules! strip_fives {
    ($den:expr, $fives:ident) => {{
        let mut den = $den;
        // A division by the literal 5 cannot fail; at most 55 fives fit in 128 bits.
        while den % 5 == 0 && den != 0 {
            den /= 5;
            $fives = $fives.saturating_add(1);
        }
        den
    }};
}

fn gcd(a: u128, b: u128) -> u128 {
    // A whole number's denominator is 1: no steps needed.
    if a == 1 || b == 1 {
        return 1;
    }
    // Nearly every figure's terms fit 64 bits, where the hardware's shifts do it all.
    if let (Ok(a), Ok(b)) = (u64::try_from(a), u64::try_from(b)) {
        return u128::from(binary_gcd!(u64, a, b));
    }
    binary_gcd!(u128, a, b)
}

/// `a / d` for a divisor `d` of `a`: no division by 1, and a 64-bit one when both fit (an i128
/// division is a library call); `None` only where `checked_div` gives `None`.
fn divided(a: i128, d: i128) -> Option<i128> {
    if d == 1 {
        return Some(a);
    }
    match (i64::try_from(a), i64::try_from(d)) {
        // A positive divisor cannot overflow a 64-bit division (only `MIN / -1` does).
        (Ok(a), Ok(d)) if d > 0 => a.checked_div(d).map(i128::from),
        _ => a.checked_div(d),
    }
}

/// `10^n` for `n ≤ 38`.
fn ten_pow_small(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

impl Small {
    /// `num / den` reduced, `None` when `den` is zero or a term does not fit.
    fn new(num: i128, den: i128) -> Option<Small> {
        if den == 0 || num == i128::MIN || den == i128::MIN {
            return None;
        }
        let g = gcd(num.unsigned_abs(), den.unsigned_abs());
        // g ≥ 1 since den ≠ 0, and g divides both, so it fits an i128 (|den| ≤ i128::MAX).
        let g = i128::try_from(g).ok()?;
        let (mut num, mut den) = (divided(num, g)?, divided(den, g)?);
        if den < 0 {
            (num, den) = (num.checked_neg()?, den.checked_neg()?);
        }
        Some(Small { num, den })
    }

    fn from_decimal(d: Decimal) -> Option<Small> {
        // A whole number is already in lowest terms.
        if d.scale() == 0 {
            return Some(Small {
                num: d.mantissa(),
                den: 1,
            });
        }
        Small::new(d.mantissa(), ten_pow_small(d.scale())?)
    }

    fn sum(self, other: Small) -> Option<Small> {
        let g = i128::try_from(gcd(self.den.unsigned_abs(), other.den.unsigned_abs())).ok()?;
        let (b, d) = (divided(self.den, g)?, divided(other.den, g)?);
        let num = self
            .num
            .checked_mul(d)?
            .checked_add(other.num.checked_mul(b)?)?;
        Small::new(num, self.den.checked_mul(d)?)
    }

    fn negated(self) -> Small {
        // num ≠ i128::MIN, so its negation is defined.
        Small {
            num: self.num.checked_neg().unwrap_or(i128::MAX),
            den: self.den,
        }
    }

    fn product(self, other: Small) -> Option<Small> {
        let g1 = i128::try_from(gcd(self.num.unsigned_abs(), other.den.unsigned_abs())).ok()?;
        let g2 = i128::try_from(gcd(other.num.unsigned_abs(), self.den.unsigned_abs())).ok()?;
        // Both gcds are at least 1: each includes a denominator, which is never zero.
        let num = divided(self.num, g1)?.checked_mul(divided(other.num, g2)?)?;
        let den = divided(self.den, g2)?.checked_mul(divided(other.den, g1)?)?;
        Small::new(num, den)
    }

    fn reciprocal(self) -> Option<Small> {
        Small::new(self.den, self.num)
    }

    /// Compares exactly; `None` when a cross product does not fit.
    fn compare(self, other: Small) -> Option<Ordering> {
        let left = self.num.checked_mul(other.den)?;
        let right = other.num.checked_mul(self.den)?;
        Some(left.cmp(&right))
    }

    /// `⌊num / den⌋`.
    fn floor(self) -> Option<i128> {
        self.num.checked_div_euclid(self.den)
    }

    /// The places a terminating fraction needs (`den = 2^a 5^b` → `max(a, b)`), `None` for one that
    /// does not terminate.
    fn places(self) -> Option<u32> {
        let twos = self.den.trailing_zeros();
        let odd = self.den.checked_shr(twos)?;
        let mut fives = 0u32;
        // In 64 bits when it fits (nearly always): an i128 remainder is a library call.
        let rest_is_one = match u64::try_from(odd) {
            Ok(den) => strip_fives!(den, fives) == 1,
            Err(_) => strip_fives!(odd, fives) == 1,
        };
        rest_is_one.then_some(twos.max(fives))
    }

    /// `Ok(Some(d))` exact, `Ok(None)` not a 28-place decimal, `Err(())` when only wide integers
    /// can tell (a terminating value whose digits overflow `i128`).
    fn exact_decimal(self) -> Result<Option<Decimal>, ()> {
        // A whole number, as most figures and points are: no places to find, nothing to divide.
        if self.den == 1 {
            return Ok(Decimal::try_from_i128_with_scale(self.num, 0).ok());
        }
        let Some(scale) = self.places() else {
            return Ok(None);
        };
        if scale > 28 {
            return Ok(None);
        }
        // `den` divides `10^scale`: it is `2^a 5^b` with a, b ≤ scale.
        let factor = divided(ten_pow_small(scale).ok_or(())?, self.den).ok_or(())?;
        let mantissa = self.num.checked_mul(factor).ok_or(())?;
        Ok(Decimal::try_from_i128_with_scale(mantissa, scale).ok())
    }

    /// Rounded half away from zero to the places `Decimal` gives a value of this size, as
    /// [`Fraction::to_decimal`] does; `None` when a step overflows or the first choice of places
    /// does not fit (the wide path then decides).
    fn rounded(self) -> Option<Decimal> {
        let magnitude = self.num.unsigned_abs();
        let den = self.den.unsigned_abs();
        let whole = magnitude.checked_div(den)?;
        let digits = if whole == 0 {
            0
        } else {
            whole.checked_ilog10()?.checked_add(1)?
        };
        let scale = 28u32.min(29u32.saturating_sub(digits));
        // Long division, as many digits a step as fit: each remainder is below `den`, so
        // `remainder × 10^k` stays in range while `den × 10^k` does (k = 19 for a 64-bit `den`,
        // so 28 places take two divisions, not 28).
        let per_step = u128::MAX.checked_div(den)?.checked_ilog10()?;
        if per_step == 0 {
            // Not one digit a step fits: the wide path decides.
            return None;
        }
        let mut quotient = whole;
        let mut remainder = magnitude.checked_rem(den)?;
        let mut left = scale;
        while left > 0 {
            let k = left.min(per_step);
            let factor = 10u128.checked_pow(k)?;
            let shifted = remainder.checked_mul(factor)?;
            quotient = quotient
                .checked_mul(factor)?
                .checked_add(shifted.checked_div(den)?)?;
            remainder = shifted.checked_rem(den)?;
            left = left.checked_sub(k)?;
        }
        if remainder >= den.checked_sub(remainder)? {
            quotient = quotient.checked_add(1)?;
        }
        let mut mantissa = i128::try_from(quotient).ok()?;
        if mantissa == 0 {
            mantissa = 1;
        }
        if self.num < 0 {
            mantissa = mantissa.checked_neg()?;
        }
        Decimal::try_from_i128_with_scale(mantissa, scale).ok()
    }
}

fn ten_pow(n: u32) -> BigInt {
    num_traits::pow(BigInt::from(10u8), n as usize)
}

/// A decimal as the integer `mantissa / 10^scale`.
fn rational(d: Decimal) -> BigRational {
    BigRational::new(BigInt::from(d.mantissa()), ten_pow(d.scale()))
}

fn big(small: Small) -> BigRational {
    // Already in lowest terms with a positive denominator.
    BigRational::new_raw(BigInt::from(small.num), BigInt::from(small.den))
}

/// The canonical form of a wide result: small when it fits, refused beyond [`MAX_BITS`].
fn bounded(r: BigRational) -> Result<Fraction, TooLarge> {
    if r.numer().bits() > MAX_BITS || r.denom().bits() > MAX_BITS {
        return Err(TooLarge);
    }
    if let (Some(num), Some(den)) = (r.numer().to_i128(), r.denom().to_i128())
        && num != i128::MIN
        && den != i128::MIN
    {
        return Ok(Fraction(Repr::Small(Small { num, den })));
    }
    Ok(Fraction(Repr::Big(r)))
}

fn small(s: Small) -> Fraction {
    Fraction(Repr::Small(s))
}

/// Equal values: the forms are canonical, but comparing values keeps that a matter of speed.
impl PartialEq for Fraction {
    fn eq(&self, other: &Fraction) -> bool {
        match Fraction::both_small(self, other) {
            Some((x, y)) => x == y,
            None => self.wide() == other.wide(),
        }
    }
}

impl Eq for Fraction {}

impl Fraction {
    /// The value as wide integers (a copy for a small one).
    fn wide(&self) -> std::borrow::Cow<'_, BigRational> {
        match &self.0 {
            Repr::Small(s) => std::borrow::Cow::Owned(big(*s)),
            Repr::Big(r) => std::borrow::Cow::Borrowed(r),
        }
    }

    fn both_small(a: &Fraction, b: &Fraction) -> Option<(Small, Small)> {
        match (&a.0, &b.0) {
            (Repr::Small(x), Repr::Small(y)) => Some((*x, *y)),
            _ => None,
        }
    }

    pub fn whole(d: Decimal) -> Fraction {
        match Small::from_decimal(d) {
            Some(s) => small(s),
            None => Fraction(Repr::Big(rational(d))),
        }
    }

    pub fn from_count(n: usize) -> Fraction {
        match i128::try_from(n) {
            Ok(num) => small(Small { num, den: 1 }),
            Err(_) => Fraction(Repr::Big(BigRational::from_integer(BigInt::from(n)))),
        }
    }

    pub fn zero() -> Fraction {
        small(Small { num: 0, den: 1 })
    }

    pub fn is_zero(&self) -> bool {
        match &self.0 {
            Repr::Small(s) => s.num == 0,
            Repr::Big(r) => r.is_zero(),
        }
    }

    pub fn is_negative(&self) -> bool {
        match &self.0 {
            Repr::Small(s) => s.num < 0,
            Repr::Big(r) => r.is_negative(),
        }
    }

    /// `a / b`; `Ok(None)` when `b` is zero.
    pub fn ratio(a: &Fraction, b: &Fraction) -> Result<Option<Fraction>, TooLarge> {
        if b.is_zero() {
            return Ok(None);
        }
        if let Some((x, y)) = Fraction::both_small(a, b)
            && let Some(q) = y.reciprocal().and_then(|r| x.product(r))
        {
            return Ok(Some(small(q)));
        }
        bounded(&*a.wide() / &*b.wide()).map(Some)
    }

    /// `a − b`.
    pub fn difference(a: &Fraction, b: &Fraction) -> Result<Fraction, TooLarge> {
        if let Some((x, y)) = Fraction::both_small(a, b)
            && let Some(d) = x.sum(y.negated())
        {
            return Ok(small(d));
        }
        bounded(&*a.wide() - &*b.wide())
    }

    /// `a + b`.
    pub fn sum(a: &Fraction, b: &Fraction) -> Result<Fraction, TooLarge> {
        if let Some((x, y)) = Fraction::both_small(a, b)
            && let Some(s) = x.sum(y)
        {
            return Ok(small(s));
        }
        bounded(&*a.wide() + &*b.wide())
    }

    /// `a × b`.
    pub fn product(a: &Fraction, b: &Fraction) -> Result<Fraction, TooLarge> {
        if let Some((x, y)) = Fraction::both_small(a, b)
            && let Some(p) = x.product(y)
        {
            return Ok(small(p));
        }
        bounded(&*a.wide() * &*b.wide())
    }

    /// Compares with a decimal exactly.
    pub fn cmp_decimal(&self, other: Decimal) -> Ordering {
        // `num / den` against `mantissa / 10^scale`, cross-multiplied as they stand: both
        // denominators are positive, so no reduction (and no gcd) is needed to compare.
        if let Repr::Small(s) = &self.0
            && let Some(power) = ten_pow_small(other.scale())
            && let Some(left) = s.num.checked_mul(power)
            && let Some(right) = other.mantissa().checked_mul(s.den)
        {
            return left.cmp(&right);
        }
        if let Repr::Small(s) = &self.0
            && let Some(o) = Small::from_decimal(other)
            && let Some(ordering) = s.compare(o)
        {
            return ordering;
        }
        self.wide().as_ref().cmp(&rational(other))
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
        if let Repr::Small(s) = &self.0
            && let Some(offset) = Small::from_decimal(offset)
            && let Some(step) = Small::from_decimal(step)
            && let Some(floor) = s
                .sum(offset.negated())
                .and_then(|shifted| shifted.product(step.reciprocal()?))
                .and_then(Small::floor)
            && floor != i128::MIN
        {
            return Ok(Some(small(Small { num: floor, den: 1 })));
        }
        let shifted = &*self.wide() - rational(offset);
        let quotient = shifted / rational(step);
        bounded(BigRational::from_integer(quotient.floor().to_integer())).map(Some)
    }

    /// The value as a decimal when it is one exactly (a terminating fraction within 28 digits).
    pub fn exact_decimal(&self) -> Option<Decimal> {
        if let Repr::Small(s) = &self.0
            && let Ok(answer) = s.exact_decimal()
        {
            return answer;
        }
        let wide = self.wide();
        let (numer, denom) = (wide.numer(), wide.denom());
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
        if let Repr::Small(s) = &self.0
            && let Some(d) = s.rounded()
        {
            return Some(d);
        }
        let wide = self.wide();
        let (numer, denom) = (wide.numer(), wide.denom());
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
                let digits = self.wide().to_integer().abs().to_string().len();
                let sign = if self.is_negative() { "-" } else { "" };
                format!("{sign}≈10^{}", digits.saturating_sub(1))
            }
        }
    }

    /// The exact digits of a terminating fraction too wide for `Decimal` (`10^29` points before
    /// the cap), with at most 28 places; `None` for one that does not terminate.
    fn exact_text(&self) -> Option<String> {
        if let Repr::Small(s) = &self.0
            && s.places().is_none()
        {
            return None;
        }
        let wide = self.wide();
        let (numer, denom) = (wide.numer(), wide.denom());
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
        } else if self.is_negative() {
            Some(Decimal::ZERO)
        } else {
            self.exact_decimal()
        }
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
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

    /// The same value held in wide integers whatever its size: the path small values never take.
    fn wide(x: &Fraction) -> Fraction {
        Fraction(Repr::Big(x.wide().into_owned()))
    }

    fn same(a: &Fraction, b: &Fraction) -> bool {
        a == b && a.wide() == b.wide()
    }

    #[test]
    fn small_values_stay_small_and_wide_results_come_back() {
        let a = f("123.45");
        assert!(matches!(a.0, Repr::Small(_)));
        let huge =
            Fraction::product(&f("79228162514264337593543950335"), &f("1000000000000")).unwrap();
        assert!(matches!(huge.0, Repr::Big(_)));
        let back = Fraction::ratio(&huge, &f("1000000000000"))
            .unwrap()
            .unwrap();
        assert!(matches!(back.0, Repr::Small(_)));
        assert_eq!(back.text(), "79228162514264337593543950335");
        // i128::MIN is never a small numerator: −2^127 is held wide.
        let min =
            Fraction::product(&f("-170141183460469231731"), &f("1000000000000000000")).unwrap();
        let min = Fraction::difference(&min, &f("687303715884105728")).unwrap();
        assert_eq!(min.text(), "-170141183460469231731687303715884105728");
    }

    /// Euclid's, the plain reference for the binary gcd.
    fn euclid(mut a: u128, mut b: u128) -> u128 {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        /// The binary gcd is Euclid's, in 64 bits, in 128, across the two and with zeros.
        #[test]
        fn binary_gcd_is_euclids(
            a in proptest::num::u128::ANY, b in proptest::num::u128::ANY,
            a_bits in 0u32..=128, b_bits in 0u32..=128, common in 1u64..=1_000_000,
        ) {
            let a = a.checked_shr(128 - a_bits).unwrap_or(0);
            let b = b.checked_shr(128 - b_bits).unwrap_or(0);
            proptest::prop_assert_eq!(gcd(a, b), euclid(a, b));
            let (a, b) = (a / u128::from(common), b / u128::from(common));
            let (a, b) = (a * u128::from(common), b * u128::from(common));
            proptest::prop_assert_eq!(gcd(a, b), euclid(a, b));
            proptest::prop_assert_eq!(gcd(a, 0), a);
            proptest::prop_assert_eq!(gcd(0, b), b);
        }

        /// A decimal made a fraction and back is the decimal normalised, to the scale (what the
        /// engine's `given_decimal` takes for granted).
        #[test]
        fn a_whole_decimal_comes_back_normalised(
            mantissa in proptest::num::i128::ANY, bits in 0u32..=96, scale in 0u32..=28,
        ) {
            let mantissa = mantissa.checked_shr(127 - bits.min(95)).unwrap_or(0);
            let d = Decimal::from_i128_with_scale(mantissa, scale);
            let back = Fraction::whole(d).to_decimal();
            proptest::prop_assert_eq!(back.map(|b| b.unpack()), Some(d.normalize().unpack()));
        }

        /// Division by a divisor, 64-bit where it fits, is i128's.
        #[test]
        fn dividing_in_64_bits_is_dividing_in_128(
            quotient in proptest::num::i128::ANY, bits in 0u32..=127,
            divisor in proptest::prop_oneof![
                proptest::strategy::Just(1i128),
                proptest::strategy::Just(-1),
                1i128..=1_000_000,
                proptest::num::i128::ANY,
            ],
        ) {
            let quotient = quotient.checked_shr(127 - bits).unwrap_or(0);
            if let Some(a) = quotient.checked_mul(divisor) {
                proptest::prop_assert_eq!(divided(a, divisor), a.checked_div(divisor));
            }
            proptest::prop_assert_eq!(divided(i128::from(i64::MIN), -1), Some(1i128 << 63));
        }

        /// Every operation gives the same exact value, comparison and text on the small path as on
        /// the wide one, including near `i128`'s edge where the small path overflows and falls back.
        #[test]
        fn small_and_wide_paths_agree(
            am in proptest::num::i128::ANY, ascale in 0u32..=28,
            bm in proptest::num::i128::ANY, bscale in 0u32..=28,
            bits_a in 1u32..=96, bits_b in 1u32..=96,
            step_m in 1i64..=1000, step_scale in 0u32..=4,
        ) {
            // Mantissas of every width up to Decimal's 96 bits.
            let a = Decimal::try_from_i128_with_scale(am >> (127 - bits_a), ascale).unwrap_or(Decimal::MAX);
            let b = Decimal::try_from_i128_with_scale(bm >> (127 - bits_b), bscale).unwrap_or(Decimal::MIN);
            let (x, y) = (Fraction::whole(a), Fraction::whole(b));
            let (wx, wy) = (wide(&x), wide(&y));
            let pairs = [
                (Fraction::sum(&x, &y), Fraction::sum(&wx, &wy)),
                (Fraction::difference(&x, &y), Fraction::difference(&wx, &wy)),
                (Fraction::product(&x, &y), Fraction::product(&wx, &wy)),
            ];
            let mut results = Vec::new();
            for (fast, slow) in pairs {
                let (fast, slow) = (fast.unwrap(), slow.unwrap());
                proptest::prop_assert!(same(&fast, &slow));
                results.push(fast);
            }
            if let (Some(fast), Some(slow)) =
                (Fraction::ratio(&x, &y).unwrap(), Fraction::ratio(&wx, &wy).unwrap())
            {
                proptest::prop_assert!(same(&fast, &slow));
                results.push(fast);
            }
            let step = Decimal::new(step_m, step_scale);
            for r in &results {
                let w = wide(r);
                proptest::prop_assert_eq!(r.text(), w.text());
                proptest::prop_assert_eq!(r.exact_decimal(), w.exact_decimal());
                proptest::prop_assert_eq!(r.to_decimal(), w.to_decimal());
                proptest::prop_assert_eq!(r.cmp_decimal(a), w.cmp_decimal(a));
                proptest::prop_assert_eq!(r.cmp_decimal(b), w.cmp_decimal(b));
                proptest::prop_assert_eq!(r.capped(b.abs()), w.capped(b.abs()));
                proptest::prop_assert_eq!(r.is_negative(), w.is_negative());
                proptest::prop_assert_eq!(r.is_zero(), w.is_zero());
                let (fs, ws) = (r.floor_steps(a, step).unwrap(), w.floor_steps(a, step).unwrap());
                proptest::prop_assert!(same(&fs.unwrap(), &ws.unwrap()));
            }
        }
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
