//! How hard a suggestion is to carry out, so that the cheap wins come first.
//!
//! Three tiers, easiest first: a raise of a money or rate figure the company already reports
//! (ordered by its relative size), one more of something it already has (a 4th patent, the next
//! level up), and a first of a kind (a first international standard, a special prize, a flag).

use std::cmp::Ordering;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::num::Exact;
use crate::rubric::InputKind;
use crate::what_if::Amount;

/// The effort tier of a change, easiest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// A money, rate or other decimal figure the company already has, raised.
    Raise,
    /// One more of a count, list or level the company already has.
    More,
    /// The first of a kind: a figure at zero or not given, a flag.
    First,
}

/// The tier of a change of a figure of `kind` from `from` to `to`, and, for a number that was not
/// zero, its relative size `(to − from) / |from|` as an exact fraction.
pub fn classify(kind: InputKind, from: &Amount, to: &Amount) -> (Tier, Option<Exact>) {
    match (from, to) {
        (Amount::Number(a), Amount::Number(b)) if !a.is_zero() => {
            let relative = Exact {
                num: b - a,
                den: a.abs(),
            };
            let tier = match kind {
                InputKind::Money | InputKind::Percent | InputKind::Number => Tier::Raise,
                _ => Tier::More,
            };
            (tier, Some(relative))
        }
        (Amount::List(a), Amount::List(_)) if !a.is_empty() => (Tier::More, None),
        (Amount::Level { .. }, Amount::Level { .. }) => (Tier::More, None),
        _ => (Tier::First, None),
    }
}

/// When a suggestion can be acted on. This application's figures are audited facts, not
/// choices: before the deadline a clerk can only check them and add what was left out. So
/// [`Phase::Check`] holds an item at zero where any entry earns points (a lab certificate, a
/// standard, an award that may have been left out) and a figure within [`near`] of a threshold
/// (worth checking, not changing); everything else is [`Phase::Plan`], for the next application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Check,
    Plan,
}

/// A raise this small (5%) is within a figure's usual corrections: worth checking.
pub fn near() -> Decimal {
    Decimal::new(5, 2)
}

/// The phase of a change of tier `tier` to `to`, of relative size `relative` (for a raise).
pub fn phase(tier: Tier, to: &Amount, relative: Option<&Exact>) -> Phase {
    match tier {
        // Any entry at all: one of a count, the smallest amount, a flag, a level, a list entry.
        Tier::First => match to {
            Amount::Number(n) if *n > Decimal::ONE => Phase::Plan,
            _ => Phase::Check,
        },
        Tier::Raise if relative.is_some_and(|r| r.to_decimal() <= near()) => Phase::Check,
        _ => Phase::Plan,
    }
}

/// The effort of a planned change, in units of one standard or patent: one more of a count is
/// one unit per entry added; a raise of money or a rate weighs one unit per 10% of the figure.
/// So a first standard (1) comes before doubling R&D spending (10).
pub fn plan_cost(tier: Tier, from: &Amount, to: &Amount, relative: Option<&Exact>) -> Decimal {
    match (tier, from, to) {
        (Tier::Raise, _, _) => relative.map_or(Decimal::ONE, |r| r.to_decimal() * Decimal::TEN),
        (_, Amount::Number(a), Amount::Number(b)) if b > a && b - a >= Decimal::ONE => b - a,
        _ => Decimal::ONE,
    }
}

/// Compares two fractions exactly by cross-multiplying (denominators are positive); on overflow,
/// by their 28-digit quotients.
pub fn cmp_exact(a: &Exact, b: &Exact) -> Ordering {
    match (a.num.checked_mul(b.den), b.num.checked_mul(a.den)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a.to_decimal().cmp(&b.to_decimal()),
    }
}

/// Places a relative size is written with: 0.0001% is finer than any figure's resolution.
pub const RELATIVE_PLACES: u32 = 6;

/// A fraction as a decimal for output: exact when it has at most [`RELATIVE_PLACES`] decimals,
/// otherwise rounded half away from zero (ranking always uses the fraction itself).
pub fn shown(x: &Exact) -> Decimal {
    x.to_decimal()
        .round_dp_with_strategy(RELATIVE_PLACES, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    fn n(v: &str) -> Amount {
        Amount::Number(d(v))
    }

    #[test]
    fn tiers() {
        let (t, r) = classify(InputKind::Money, &n("100"), &n("107"));
        assert_eq!(t, Tier::Raise);
        assert_eq!(r.map(|r| shown(&r)), Some(d("0.07")));
        assert_eq!(classify(InputKind::Count, &n("3"), &n("4")).0, Tier::More);
        assert_eq!(classify(InputKind::Count, &n("0"), &n("1")).0, Tier::First);
        assert_eq!(
            classify(InputKind::Money, &n("0"), &n("0.01")).0,
            Tier::First
        );
        assert_eq!(
            classify(InputKind::Flag, &Amount::Flag(false), &Amount::Flag(true)).0,
            Tier::First
        );
        // A negative figure raised: relative to its size.
        let (t, r) = classify(InputKind::Money, &n("-100"), &n("50.01"));
        assert_eq!((t, r.map(|r| shown(&r))), (Tier::Raise, Some(d("1.5001"))));
    }

    #[test]
    fn fractions_compare_exactly() {
        // 20/680 ≈ 2.94% before 20/520 ≈ 3.85%; 1/3 and 2/6 are equal.
        let a = Exact {
            num: d("20"),
            den: d("680"),
        };
        let b = Exact {
            num: d("20"),
            den: d("520"),
        };
        assert_eq!(cmp_exact(&a, &b), Ordering::Less);
        let third = Exact {
            num: d("1"),
            den: d("3"),
        };
        let two_sixths = Exact {
            num: d("2"),
            den: d("6"),
        };
        assert_eq!(cmp_exact(&third, &two_sixths), Ordering::Equal);
        assert_eq!(shown(&third), d("0.333333"));
        assert_eq!(
            shown(&Exact {
                num: d("2"),
                den: d("3")
            }),
            d("0.666667")
        );
    }
}
