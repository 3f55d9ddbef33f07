//! Figures written the way staff write them: `"350万元"`, `"1.2亿元"`, `"2.4%"`, `"３５０"`.

#![deny(clippy::arithmetic_side_effects)]

use rust_decimal::Decimal;

use crate::i18n::pick;
use crate::num::{NumError, check_range, parse_decimal};

/// Full-width digits and punctuation (typed with a Chinese input method) to ASCII; spaces and
/// thousands separators dropped.
fn normalise(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(
                (c as u32)
                    .wrapping_sub('０' as u32)
                    .wrapping_add('0' as u32),
            ),
            '．' | '。' => Some('.'),
            '－' | '—' => Some('-'),
            '＋' => Some('+'),
            '％' => Some('%'),
            // Separators stay, to be checked where the number is read (`num::ungroup`).
            '\u{3000}' => Some(' '),
            '，' => Some(','),
            other => Some(other),
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// The forms shown when a number's separators are misplaced.
const GROUPING: &str =
    "a number with thousands separators every three digits (\"1,500万元\") or none (\"1500万元\")";

/// The number part before a unit, trimmed (`"350 万元"`), and refused with [`GROUPING`] when
/// its separators do not group by three.
fn number_part(number: &str) -> Result<&str, UnitError> {
    let number = number.trim();
    let numeric = number
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '_' | '+' | '-' | 'e' | 'E'));
    if numeric && crate::num::ungroup(number).is_none() {
        return Err(UnitError::Unreadable(GROUPING));
    }
    Ok(number)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitError {
    Number(NumError),
    /// The text is not a number with an accepted unit; holds the accepted forms.
    Unreadable(&'static str),
}

/// The accepted forms follow "write …" / "请写…" in the message that shows them.
fn money_forms() -> &'static str {
    pick(
        "以万元为单位的数，或带上单位: \"350万元\"、\"350万\"、\"3500000元\"、\"1.2亿元\"",
        "a number in 万元, or with a unit: \"350万元\", \"350万\", \"3500000元\", \"1.2亿元\"",
    )
}

fn usd_forms() -> &'static str {
    pick(
        "以万美元为单位的数，或带上单位: \"35万美元\"、\"350000美元\"",
        "a number in 万美元, or with a unit: \"35万美元\", \"350000美元\"",
    )
}

/// Money in the input's base unit (`万元` or `万美元`).
pub fn parse_money(text: &str, base_unit: &str) -> Result<Decimal, UnitError> {
    let text = normalise(text);
    let (forms, scales): (&str, &[(&str, i64)]) = if base_unit == "万美元" {
        (usd_forms(), &[("万美元", 1), ("美元", -4), ("万", 1)])
    } else {
        (
            money_forms(),
            &[("亿元", 4), ("亿", 4), ("万元", 0), ("万", 0), ("元", -4)],
        )
    };
    let (number, shift) = scales
        .iter()
        .find_map(|(suffix, shift)| text.strip_suffix(suffix).map(|n| (n, *shift)))
        .unwrap_or((text.as_str(), 0));
    let shift = if base_unit == "万美元" && shift == 1 {
        0
    } else {
        shift
    };
    let value = parse_decimal(number_part(number)?).map_err(|e| match e {
        NumError::NotANumber => UnitError::Unreadable(forms),
        other => UnitError::Number(other),
    })?;
    let scaled = if shift >= 0 {
        value.checked_mul(Decimal::from(10_i64.pow(shift as u32)))
    } else {
        value.checked_div(Decimal::from(10_i64.pow(shift.unsigned_abs() as u32)))
    };
    let scaled = scaled.ok_or(UnitError::Number(NumError::TooLarge))?;
    check_range(scaled).map_err(UnitError::Number)
}

/// Whether a figure's text names its unit (`"5200000元"`, `"0.5%"`, `"12人"`) rather than being a
/// bare number (`"520"`): what the writer said they meant.
pub fn has_unit(text: &str) -> bool {
    normalise(text)
        .chars()
        .last()
        .is_some_and(|c| !c.is_ascii_digit() && c != '.')
}

/// A percentage as a fraction: `2.4` and `"2.4%"` are both 0.024.
pub fn parse_percent(text: &str) -> Result<Decimal, UnitError> {
    let text = normalise(text);
    let number = text.strip_suffix('%').unwrap_or(&text);
    let value = parse_decimal(number_part(number)?).map_err(|e| match e {
        NumError::NotANumber => UnitError::Unreadable(pick(
            "百分数: 2.4 或 \"2.4%\"",
            "a percentage: 2.4 or \"2.4%\"",
        )),
        other => UnitError::Number(other),
    })?;
    check_range(
        value
            .checked_div(Decimal::ONE_HUNDRED)
            .ok_or(UnitError::Number(NumError::TooLarge))?,
    )
    .map_err(UnitError::Number)
}

/// A plain number, optionally followed by the input's own unit (`"12人"`, `"3项"`).
pub fn parse_plain(text: &str, unit: &str) -> Result<Decimal, UnitError> {
    let text = normalise(text);
    let number = if unit.is_empty() {
        text.as_str()
    } else {
        text.strip_suffix(unit).unwrap_or(&text)
    };
    parse_decimal(number_part(number)?).map_err(|e| match e {
        NumError::NotANumber => UnitError::Unreadable(pick("数字", "a number")),
        other => UnitError::Number(other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn money_units_convert_to_wan_yuan() {
        for (text, want) in [
            ("350万元", "350"),
            ("350万", "350"),
            ("3500000元", "350"),
            ("1.2亿元", "12000"),
            ("1.2亿", "12000"),
            ("350", "350"),
            ("３５０万元", "350"),
            ("1,200 万元", "1200"),
            ("-20万元", "-20"),
        ] {
            assert_eq!(parse_money(text, "万元"), Ok(d(want)), "{text}");
        }
    }

    #[test]
    fn dollars_convert_to_wan_dollars() {
        assert_eq!(parse_money("35万美元", "万美元"), Ok(d("35")));
        assert_eq!(parse_money("350000美元", "万美元"), Ok(d("35")));
        assert_eq!(parse_money("35", "万美元"), Ok(d("35")));
    }

    #[test]
    fn unreadable_money_says_what_is_accepted() {
        for text in ["一点四亿", "350 dollars", "万元", ""] {
            assert!(
                matches!(parse_money(text, "万元"), Err(UnitError::Unreadable(forms)) if forms.contains("350万元")),
                "{text}"
            );
        }
        assert_eq!(
            parse_money("1e40万元", "万元"),
            Err(UnitError::Number(NumError::TooLarge))
        );
    }

    #[test]
    fn percent_accepts_both_forms() {
        assert_eq!(parse_percent("2.4%"), Ok(d("0.024")));
        assert_eq!(parse_percent("2.4"), Ok(d("0.024")));
        assert_eq!(parse_percent("３％"), Ok(d("0.03")));
        assert!(parse_percent("two").is_err());
    }

    #[test]
    fn a_unit_is_seen_only_when_written() {
        for text in [
            "5200000元",
            "3000亿元",
            "0.5%",
            "０.５％",
            "12人",
            "350 万元",
        ] {
            assert!(has_unit(text), "{text}");
        }
        for text in ["520", "0.026", "５２０", "1,200", " 3.5 ", ""] {
            assert!(!has_unit(text), "{text}");
        }
    }

    #[test]
    fn plain_numbers_may_carry_their_unit() {
        assert_eq!(parse_plain("12人", "人"), Ok(d("12")));
        assert_eq!(parse_plain("12", "人"), Ok(d("12")));
        assert!(parse_plain("12项", "人").is_err());
    }
}
