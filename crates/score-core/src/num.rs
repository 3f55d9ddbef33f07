//! Exact decimal arithmetic: literals read from their text, ratios kept as fractions so that a
//! comparison against a threshold never suffers a rounding of the quotient.

#![deny(clippy::arithmetic_side_effects)]

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

/// Largest magnitude accepted for a figure. Keeps every product the engine forms
/// (figure × figure) inside `Decimal`'s 28 digits, so arithmetic stays exact.
pub const MAX_MAGNITUDE: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0); // 10^15
/// Most decimal places accepted in a figure.
pub const MAX_SCALE: u32 = 10;

/// Why a number could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumError {
    NotANumber,
    TooLarge,
    TooPrecise,
}

impl fmt::Display for NumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumError::NotANumber => f.write_str("not a number"),
            NumError::TooLarge => write!(f, "larger than {MAX_MAGNITUDE} in magnitude"),
            NumError::TooPrecise => write!(f, "more than {MAX_SCALE} decimal places"),
        }
    }
}

/// Reads a decimal literal as TOML or a person writes it: `2.3`, `-4`, `1_000`, `1.5e3`, `+7`.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumError> {
    if let Some(read) = plain_literal(text) {
        return read;
    }
    parse_written(text)
}

/// `-?[0-9]+(\.[0-9]+)?` of at most 18 digits, the way nearly every figure is written, read
/// straight into a decimal: what [`parse_written`] makes of it (a proptest holds the two
/// together), without its passes over the text and `Decimal::from_str`. `None` for anything else.
fn plain_literal(text: &str) -> Option<Result<Decimal, NumError>> {
    let (negative, body) = match text.as_bytes().split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text.as_bytes()),
    };
    let mut mantissa: i64 = 0;
    let mut digits: u32 = 0;
    let mut places: Option<u32> = None;
    for &b in body {
        match b {
            b'0'..=b'9' => {
                // 18 digits stay below i64::MAX, so the arithmetic below cannot overflow.
                digits = digits.saturating_add(1);
                if digits > 18 {
                    return None;
                }
                mantissa = mantissa
                    .saturating_mul(10)
                    .saturating_add(i64::from(b.saturating_sub(b'0')));
                if let Some(p) = &mut places {
                    *p = p.saturating_add(1);
                }
            }
            b'.' if places.is_none() && digits > 0 => places = Some(0),
            _ => return None,
        }
    }
    let mut scale = match places {
        None if digits > 0 => 0,
        Some(p) if p > 0 => p,
        _ => return None,
    };
    if mantissa == 0 {
        return Some(Ok(Decimal::ZERO));
    }
    // Trailing zeros of the fraction go, as `normalize` would take them.
    while scale > 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale = scale.saturating_sub(1);
    }
    if scale > MAX_SCALE {
        return Some(Err(NumError::TooPrecise));
    }
    let value = Decimal::new(
        if negative {
            mantissa.saturating_neg()
        } else {
            mantissa
        },
        scale,
    );
    Some(if value.abs() > MAX_MAGNITUDE {
        Err(NumError::TooLarge)
    } else {
        Ok(value)
    })
}

/// [`parse_decimal`] for any way of writing a number: signs, grouping, exponents.
fn parse_written(text: &str) -> Result<Decimal, NumError> {
    // Digits with a point and a sign have nothing to ungroup: most figures, read without a copy.
    let cleaned: std::borrow::Cow<'_, str> = if text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'))
    {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(ungroup(text).ok_or(NumError::NotANumber)?)
    };
    if cleaned.is_empty() {
        return Err(NumError::NotANumber);
    }
    let body = cleaned.strip_prefix('+').unwrap_or(&cleaned);
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E' | '+'))
        || !body.chars().any(|c| c.is_ascii_digit())
    {
        return Err(NumError::NotANumber);
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => {
            let exp: i64 = body[at.saturating_add(1)..]
                .parse()
                .map_err(|_| NumError::NotANumber)?;
            (&body[..at], exp)
        }
        None => (body, 0),
    };
    if !is_decimal_syntax(mantissa) {
        return Err(NumError::NotANumber);
    }
    // Places counted in the text, before `Decimal` (which keeps 28 digits and rounds the rest
    // away: `5.99999999999999999999999999999` would be 6) can lose any.
    let written_places = mantissa
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.trim_end_matches('0').len());
    let written_places = i64::try_from(written_places).unwrap_or(i64::MAX);
    if written_places.saturating_sub(exponent) > i64::from(MAX_SCALE) {
        return Err(NumError::TooPrecise);
    }
    // The syntax is right, so the only way `from_str` can fail is a number beyond 28 digits.
    let mut value = Decimal::from_str(mantissa).map_err(|_| NumError::TooLarge)?;
    if value.is_zero() {
        return Ok(Decimal::ZERO);
    }
    if exponent.unsigned_abs() > 40 {
        return Err(if exponent > 0 {
            NumError::TooLarge
        } else {
            NumError::TooPrecise
        });
    }
    // One rule for small numbers, however written: `1e-30` has as many places as
    // `0.000…001`. The places are counted before scaling, since `Decimal` would round them away.
    let places = i64::from(value.normalize().scale()).saturating_sub(exponent);
    if places > i64::from(MAX_SCALE) {
        return Err(NumError::TooPrecise);
    }
    let ten = Decimal::TEN;
    for _ in 0..exponent.unsigned_abs() {
        value = if exponent > 0 {
            value.checked_mul(ten).ok_or(NumError::TooLarge)?
        } else {
            value.checked_div(ten).ok_or(NumError::TooPrecise)?
        };
    }
    check_range(value.normalize())
}

/// The number's text without its digit separators, or `None` when they are misplaced.
///
/// Thousands separators (`,` or a space, one kind) must group the whole part by three:
/// `1,500` and `12 345 678.5` read; `1,50`, `1,5000`, `1, 500` or a separator after the point
/// are refused, since they may be a mistyped decimal point (`1,5` in European style). `_`
/// (TOML's) is allowed between digits.
pub fn ungroup(text: &str) -> Option<String> {
    let text = text.trim();
    let separators: Vec<char> = text.chars().filter(|c| matches!(c, ',' | ' ')).collect();
    let underscores_ok = text.match_indices('_').all(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i.saturating_add(1)..].chars().next();
        before.is_some_and(|c| c.is_ascii_digit()) && after.is_some_and(|c| c.is_ascii_digit())
    });
    if !underscores_ok {
        return None;
    }
    let text: String = text.chars().filter(|c| *c != '_').collect();
    let Some(&sep) = separators.first() else {
        return Some(text);
    };
    if separators.iter().any(|c| *c != sep) {
        return None;
    }
    let body = text.strip_prefix(['-', '+']).unwrap_or(&text);
    let sign = &text[..text.len().saturating_sub(body.len())];
    let whole_end = body.find(['.', 'e', 'E']).unwrap_or(body.len());
    let (whole, rest) = body.split_at(whole_end);
    if rest.contains(sep) {
        return None;
    }
    let groups: Vec<&str> = whole.split(sep).collect();
    let first_ok = groups
        .first()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
    let others_ok = groups
        .iter()
        .skip(1)
        .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    (first_ok && others_ok).then(|| format!("{sign}{}{rest}", groups.concat()))
}

/// `-12.5`, `7`, `.5`, `3.`: a sign, digits and at most one point.
fn is_decimal_syntax(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next().unwrap_or("");
    (!whole.is_empty() || !fraction.is_empty())
        && whole.chars().all(|c| c.is_ascii_digit())
        && fraction.chars().all(|c| c.is_ascii_digit())
}

/// Refuses figures the engine cannot keep exact.
pub fn check_range(value: Decimal) -> Result<Decimal, NumError> {
    if value.abs() > MAX_MAGNITUDE {
        Err(NumError::TooLarge)
    } else if value.normalize().scale() > MAX_SCALE {
        Err(NumError::TooPrecise)
    } else {
        Ok(value.normalize())
    }
}

/// `⌊x / y⌋` for `y > 0`, exact: the quotient's rounding is corrected by multiplying back.
pub fn floor_div(x: Decimal, y: Decimal) -> Option<Decimal> {
    if y <= Decimal::ZERO {
        return None;
    }
    let mut q = x.checked_div(y)?.floor();
    while q.checked_mul(y)? > x {
        q = q.checked_sub(Decimal::ONE)?;
    }
    while q.checked_add(Decimal::ONE)?.checked_mul(y)? <= x {
        q = q.checked_add(Decimal::ONE)?;
    }
    Some(q)
}

/// A value held as a fraction `num / den` with `den > 0`, so that ratios compare exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exact {
    pub num: Decimal,
    pub den: Decimal,
}

impl Exact {
    pub fn whole(value: Decimal) -> Exact {
        Exact {
            num: value,
            den: Decimal::ONE,
        }
    }

    /// `a / b`; `None` when `b` is zero.
    pub fn ratio(a: Exact, b: Exact) -> Option<Option<Exact>> {
        if b.num.is_zero() {
            return Some(None);
        }
        let num = a.num.checked_mul(b.den)?;
        let den = a.den.checked_mul(b.num)?;
        Some(Some(if den < Decimal::ZERO {
            Exact {
                num: Decimal::ZERO.checked_sub(num)?,
                den: Decimal::ZERO.checked_sub(den)?,
            }
        } else {
            Exact { num, den }
        }))
    }

    /// `a − b`; `None` on overflow.
    pub fn difference(a: Exact, b: Exact) -> Option<Exact> {
        if a.den == b.den {
            return Some(Exact {
                num: a.num.checked_sub(b.num)?,
                den: a.den,
            });
        }
        Some(Exact {
            num: a
                .num
                .checked_mul(b.den)?
                .checked_sub(b.num.checked_mul(a.den)?)?,
            den: a.den.checked_mul(b.den)?,
        })
    }

    /// Compares with a plain decimal without dividing.
    pub fn cmp_decimal(&self, other: Decimal) -> Option<Ordering> {
        Some(self.num.cmp(&other.checked_mul(self.den)?))
    }

    /// `⌊(self − offset) / step⌋`, exact.
    pub fn floor_steps(&self, offset: Decimal, step: Decimal) -> Option<Decimal> {
        let shifted = self.num.checked_sub(offset.checked_mul(self.den)?)?;
        floor_div(shifted, step.checked_mul(self.den)?)
    }

    /// The quotient as a decimal, rounded to 28 significant digits: for display only.
    pub fn to_decimal(&self) -> Decimal {
        if self.den == Decimal::ONE {
            return self.num.normalize();
        }
        self.num
            .checked_div(self.den)
            .unwrap_or(Decimal::MAX)
            .normalize()
    }
}

/// A decimal as people write it: no trailing zeros, no exponent.
///
/// The same text as `value.normalize().to_string()`, written straight from the mantissa: the
/// engine writes a dozen numbers per item, and `Decimal`'s `Display` was a tenth of a sheet's cost.
pub fn plain(value: Decimal) -> String {
    // Trailing zeros go (`2.50` → `2.5`); most figures have none, and the test costs less than
    // `normalize`.
    let value = if value.scale() > 0 && value.mantissa() % 10 == 0 {
        value.normalize()
    } else {
        value
    };
    // Digits are written from the right: sign, whole part, point, leading zeros, fraction.
    let mut text = [0u8; 64];
    let mut at = text.len();
    let mut put = |byte: u8| {
        at = at.saturating_sub(1);
        text[at] = byte;
    };
    let scale = value.scale() as usize;
    let mut written = 0;
    let mut digit = |n: u8, written: &mut usize| {
        if *written == scale && scale > 0 {
            put(b'.');
        }
        put(b'0'.saturating_add(n));
        *written = written.saturating_add(1);
    };
    let magnitude = value.mantissa().unsigned_abs();
    // Almost every figure fits in 64 bits, where division by 10 is cheap.
    if let Ok(mut n) = u64::try_from(magnitude) {
        while n > 0 || written <= scale {
            digit((n % 10) as u8, &mut written);
            n /= 10;
        }
    } else {
        let mut n = magnitude;
        while n > 0 || written <= scale {
            digit((n % 10) as u8, &mut written);
            n /= 10;
        }
    }
    if value.is_sign_negative() && !value.is_zero() {
        put(b'-');
    }
    // Only ASCII was written, so this never falls back to the default. Room is left for the
    // unit callers add (`%`, `万元`, `个百分点`), so that does not move the text again.
    let digits = std::str::from_utf8(&text[at..]).unwrap_or_default();
    let mut owned = String::with_capacity(digits.len().saturating_add(12));
    owned.push_str(digits);
    owned
}

/// A figure after its name: `= 5200000万元`, or `≈ 37142.8571%` when the text is rounded, so the
/// message never reads `= ≈…`.
pub fn equals(shown: &str) -> String {
    match shown.strip_prefix('≈') {
        Some(rounded) => format!("≈ {rounded}"),
        None => format!("= {shown}"),
    }
}

/// A decimal rounded for reading (at most `places` decimals), marked `≈` when rounding changed it.
pub fn readable(value: Decimal, places: u32) -> String {
    // Most figures have few places as written: no need to strip their zeros first (`plain`
    // strips them).
    if value.scale() <= places {
        return plain(value);
    }
    let value = value.normalize();
    if value.scale() <= places {
        return plain(value);
    }
    // Normalised with more places than shown, so a digit is dropped: the text is marked `≈`.
    let mut text = String::from("≈");
    text.push_str(&plain(round_places(value, places)));
    text
}

/// `value.round_dp(places)` (half to even) for `places` below the scale, on the mantissa in
/// integer steps instead of `Decimal`'s 96-bit ones.
fn round_places(value: Decimal, places: u32) -> Decimal {
    let dropped = value.scale().saturating_sub(places);
    let Some(unit) = 10i128.checked_pow(dropped) else {
        return value.round_dp(places);
    };
    let magnitude = value.mantissa().unsigned_abs();
    let unit = unit.unsigned_abs();
    let (Some(quotient), Some(rest)) = (magnitude.checked_div(unit), magnitude.checked_rem(unit))
    else {
        return value.round_dp(places);
    };
    let half = unit / 2;
    let up = rest > half || (rest == half && quotient % 2 == 1);
    let quotient = if up {
        quotient.saturating_add(1)
    } else {
        quotient
    };
    match i128::try_from(quotient) {
        Ok(q) => {
            let q = if value.is_sign_negative() {
                q.saturating_neg()
            } else {
                q
            };
            Decimal::try_from_i128_with_scale(q, places).unwrap_or_else(|_| value.round_dp(places))
        }
        Err(_) => value.round_dp(places),
    }
}

/// Serialises a decimal as a JSON number written exactly (`2.5`, never `2.4999…`).
pub mod exact_number {
    use rust_decimal::Decimal;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        rust_decimal::serde::arbitrary_precision::serialize(&value.normalize(), s)
    }

    pub mod option {
        use super::*;
        pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(v) => super::serialize(v, s),
                None => s.serialize_none(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 28: `Decimal` keeps 28 digits; more places than that were rounded before any check.
    #[test]
    fn places_beyond_what_a_decimal_holds_are_refused_not_rounded() {
        assert_eq!(
            parse_decimal("5.99999999999999999999999999999"),
            Err(NumError::TooPrecise)
        );
        assert_eq!(
            parse_decimal("0.000000000000000000000000000001"),
            Err(NumError::TooPrecise)
        );
        assert_eq!(parse_decimal("1e-30"), Err(NumError::TooPrecise));
        // Trailing zeros are no places; an exponent moves the point.
        assert_eq!(
            parse_decimal("5.50000000000000000000000000000"),
            Ok(Decimal::new(55, 1))
        );
        assert_eq!(
            parse_decimal("1.23456789012e5"),
            Ok(Decimal::new(12345678901200, 8).normalize())
        );
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn plain_writes_what_display_writes() {
        let mut cases: Vec<Decimal> = [
            "0",
            "-0",
            "0.000",
            "1",
            "-1",
            "10",
            "100.00",
            "0.5",
            "-0.5",
            "0.025",
            "0.0001",
            "123.4500",
            "-2.30",
            "1300",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
            "0.0000000000000000000000000001",
            "18446744073709551615",
            "18446744073709551616",
        ]
        .iter()
        .map(|s| d(s))
        .collect();
        // A deterministic spread of mantissas and scales.
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..5000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let wide = ((x as u128) << 32) | (x >> 32) as u128;
            let mantissa = if x.is_multiple_of(3) {
                wide as i128
            } else {
                (x % 100_000_000) as i128
            };
            let mantissa = if x.is_multiple_of(5) {
                -mantissa
            } else {
                mantissa
            };
            cases.push(Decimal::from_i128_with_scale(mantissa, (x % 29) as u32));
        }
        for value in cases {
            assert_eq!(plain(value), value.normalize().to_string(), "{value:?}");
        }
    }

    #[test]
    fn readable_rounds_only_when_needed() {
        assert_eq!(readable(d("2.5"), 4), "2.5");
        assert_eq!(readable(d("2.50000"), 4), "2.5");
        assert_eq!(readable(d("0.123456"), 4), "≈0.1235");
        assert_eq!(readable(d("1.00001"), 4), "≈1");
        assert_eq!(readable(d("-3.14159"), 2), "≈-3.14");
    }

    #[test]
    fn reads_literals_from_their_text() {
        assert_eq!(parse_decimal("2.3").unwrap(), d("2.3"));
        assert_eq!(parse_decimal("1_000").unwrap(), d("1000"));
        assert_eq!(parse_decimal("1.5e3").unwrap(), d("1500"));
        assert_eq!(parse_decimal("25e-1").unwrap(), d("2.5"));
        assert_eq!(parse_decimal("+7").unwrap(), d("7"));
        assert_eq!(parse_decimal("-4").unwrap(), d("-4"));
        assert_eq!(
            parse_decimal("0.1").unwrap() + parse_decimal("0.2").unwrap(),
            d("0.3")
        );
    }

    #[test]
    fn refuses_what_it_cannot_keep_exact() {
        assert_eq!(parse_decimal("1e40"), Err(NumError::TooLarge));
        assert_eq!(parse_decimal("1e16"), Err(NumError::TooLarge));
        assert_eq!(parse_decimal("1e999999"), Err(NumError::TooLarge));
        assert_eq!(
            parse_decimal("99999999999999999999999999999999999"),
            Err(NumError::TooLarge)
        );
        assert_eq!(parse_decimal("0.00000000001"), Err(NumError::TooPrecise));
        // One rule for tiny numbers however written: neither is quietly read as 0.
        assert_eq!(parse_decimal("1e-30"), Err(NumError::TooPrecise));
        assert_eq!(parse_decimal("1e-11"), Err(NumError::TooPrecise));
        assert_eq!(parse_decimal("1e-10"), Ok(d("0.0000000001")));
        assert_eq!(parse_decimal("12.5e-9"), Ok(d("0.0000000125")));
        assert_eq!(parse_decimal("1.25e-9"), Err(NumError::TooPrecise));
        assert_eq!(parse_decimal("1.5e2"), Ok(d("150")));
        assert_eq!(parse_decimal("abc"), Err(NumError::NotANumber));
        assert_eq!(parse_decimal(""), Err(NumError::NotANumber));
        assert_eq!(parse_decimal("inf"), Err(NumError::NotANumber));
        assert_eq!(parse_decimal("nan"), Err(NumError::NotANumber));
        assert_eq!(MAX_MAGNITUDE, d("1000000000000000"));
    }

    #[test]
    fn thousands_separators_group_by_three() {
        assert_eq!(parse_decimal("1,500").unwrap(), d("1500"));
        assert_eq!(parse_decimal("12,345,678.25").unwrap(), d("12345678.25"));
        assert_eq!(parse_decimal("-1,500").unwrap(), d("-1500"));
        assert_eq!(parse_decimal("1 500").unwrap(), d("1500"));
        assert_eq!(parse_decimal("1_0").unwrap(), d("10"));
        for bad in [
            "1,50",
            "1,5000",
            "1,5",
            ",500",
            "1,500,",
            "1,500.000,1",
            "1, 500",
            "1,500 000",
            "1__0",
            "_1",
            "1_",
            "1 5",
            "1.500.000",
        ] {
            assert_eq!(parse_decimal(bad), Err(NumError::NotANumber), "{bad}");
        }
    }

    #[test]
    fn floor_div_is_exact() {
        assert_eq!(floor_div(d("30"), d("10")), Some(d("3")));
        assert_eq!(floor_div(d("29.99"), d("10")), Some(d("2")));
        assert_eq!(floor_div(d("-1"), d("10")), Some(d("-1")));
        assert_eq!(floor_div(d("1"), d("0")), None);
    }

    #[test]
    fn ratios_compare_without_rounding() {
        // 1/3 compared with 0.3333333333333333333333333333 (28 digits) must be greater.
        let third = Exact::ratio(Exact::whole(d("1")), Exact::whole(d("3")))
            .unwrap()
            .unwrap();
        assert_eq!(
            third.cmp_decimal(d("0.3333333333333333333333333333")),
            Some(Ordering::Greater)
        );
        // 300 / 10000 is exactly 3%: 1 + ⌊(3% − 2%) / 0.5%⌋ = 3.
        let intensity = Exact::ratio(Exact::whole(d("300")), Exact::whole(d("10000")))
            .unwrap()
            .unwrap();
        assert_eq!(intensity.floor_steps(d("0.02"), d("0.005")), Some(d("2")));
        assert_eq!(
            Exact::ratio(Exact::whole(d("1")), Exact::whole(d("0"))),
            Some(None)
        );
    }

    #[test]
    fn a_plain_literal_is_read_as_written() {
        for (text, expected) in [
            ("0", Ok(Decimal::ZERO)),
            ("-0.00", Ok(Decimal::ZERO)),
            ("007", Ok(d("7"))),
            ("12.50", Ok(d("12.5"))),
            ("-3.000", Ok(d("-3"))),
            ("0.0000000001", Ok(d("0.0000000001"))),
            ("0.00000000001", Err(NumError::TooPrecise)),
            ("1000000000000000", Ok(d("1000000000000000"))),
            ("1000000000000000.1", Err(NumError::TooLarge)),
            ("999999999999999999", Err(NumError::TooLarge)),
        ] {
            assert_eq!(plain_literal(text), Some(expected.clone()), "{text}");
            assert_eq!(parse_written(text), expected, "{text}");
        }
        for other in [
            "", "-", ".5", "5.", "1.2.3", "+1", "1e3", "1_000", "--1", "1-2",
        ] {
            assert_eq!(plain_literal(other), None, "{other}");
        }
        assert_eq!(plain_literal("1234567890123456789"), None, "19 digits");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The quick read of a plain literal is the general one's, value, scale and error.
        #[test]
        fn a_plain_literal_reads_as_the_general_reader_reads_it(
            text in proptest::prop_oneof![
                "-?[0-9]{1,20}(\\.[0-9]{1,20})?",
                "-?0{0,3}[0-9]{0,4}\\.?[0-9]{0,12}0{0,4}",
                "[-+.0-9e_]{0,12}",
            ]
        ) {
            if let Some(quick) = plain_literal(&text) {
                let general = parse_written(&text);
                proptest::prop_assert_eq!(&quick, &general);
                if let (Ok(q), Ok(g)) = (quick, general) {
                    proptest::prop_assert_eq!(q.scale(), g.scale());
                    proptest::prop_assert_eq!(q.is_sign_negative(), g.is_sign_negative());
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Rounding on the mantissa is `round_dp`'s, ties to even included.
        #[test]
        fn rounding_on_the_mantissa_is_round_dp(
            mantissa in proptest::prop_oneof![
                -100_000_000i128..100_000_000,
                -(1i128 << 96) + 1..(1i128 << 96),
                // Ties: a 5 followed by zeros in the dropped places.
                proptest::strategy::Strategy::prop_map(0i128..10_000, |n| n.saturating_mul(10_000).saturating_add(5_000)),
            ],
            scale in 0u32..=28,
            places in 0u32..=6,
        ) {
            let value = Decimal::from_i128_with_scale(mantissa, scale);
            proptest::prop_assume!(places < value.scale());
            let ours = round_places(value, places);
            let theirs = value.round_dp(places);
            proptest::prop_assert_eq!(ours, theirs);
            proptest::prop_assert_eq!(plain(ours), plain(theirs));
        }
    }
}
