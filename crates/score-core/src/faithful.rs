//! A figure printed in a rule's working must agree with the verdict: at 1.99997% the sheet may
//! not say `2% < 2%`, nor `2.5% ≥ 2% → 1 + ⌊(2.5% − 2%) ÷ 0.5%⌋ = 1` at 2.49998%. The figure is
//! shown with as many places as it takes (four at least) for the number printed, read back, to
//! stand on the same side of every boundary the rule compares it with as the exact figure does:
//! its threshold, its bands' ends, and the steps either side of its step count.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::fraction::Fraction;
use crate::rubric::Rule;

/// The fewest places, four or more, at which `shown` (a percentage as a fraction when `percent`:
/// places are counted on the printed percentage) rounds to a number that compares with every
/// one of `boundaries` as the exact figure does (`exact(b)`); the most there are when none does.
pub fn places(
    shown: Decimal,
    percent: bool,
    exact: &dyn Fn(Decimal) -> Ordering,
    boundaries: &[Decimal],
) -> u32 {
    let shift = if percent { 2 } else { 0 };
    let most = 28u32.saturating_sub(shift);
    (4..=most)
        .find(|&p| {
            let printed = shown.round_dp(p.saturating_add(shift));
            boundaries.iter().all(|b| printed.cmp(b) == exact(*b))
        })
        .unwrap_or(most)
}

/// `text` marked `≈` when the figure it prints is not `v` exactly (`v` does not terminate within
/// 28 digits, so even the longest text rounds it), unless it is marked already.
pub fn marked(text: String, v: &Fraction) -> String {
    if text.starts_with('≈') || v.exact_decimal().is_some() {
        text
    } else {
        format!("≈{text}")
    }
}

/// The values a rule compares figure `v` with: its threshold and bands' ends, and for a step
/// rule the boundaries of the step `v` stands on and of the next.
pub fn boundaries(rule: &Rule, v: &Fraction) -> Vec<Decimal> {
    let steps_around = |offset: Decimal, step: Decimal| -> Vec<Decimal> {
        let Ok(Some(n)) = v.floor_steps(offset, step) else {
            return Vec::new();
        };
        let Some(n) = n.exact_decimal() else {
            return Vec::new();
        };
        [n, n + Decimal::ONE]
            .iter()
            .filter_map(|k| k.checked_mul(step).and_then(|s| s.checked_add(offset)))
            .collect()
    };
    match rule {
        Rule::Requirement { threshold, .. } => vec![*threshold],
        Rule::Bands(bands) => bands
            .iter()
            .flat_map(|b| [b.min.as_ref(), b.max.as_ref()])
            .flatten()
            .map(|b| b.value)
            .collect(),
        Rule::ThresholdStep {
            threshold, step, ..
        } => {
            let mut found = vec![*threshold];
            if v.cmp_decimal(*threshold).is_ge() {
                found.extend(steps_around(*threshold, *step));
            }
            found
        }
        Rule::PerUnit { step, .. } => steps_around(Decimal::ZERO, *step),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    #[test]
    fn a_figure_just_below_its_threshold_keeps_the_places_that_say_so() {
        let v = d("0.0199997");
        let exact = |b: Decimal| v.cmp(&b);
        assert_eq!(places(v, true, &exact, &[d("0.02")]), 5);
        // Far from it, four places do.
        let v = d("0.0268751234");
        let exact = |b: Decimal| v.cmp(&b);
        assert_eq!(places(v, true, &exact, &[d("0.02")]), 4);
    }

    #[test]
    fn a_step_rule_checks_the_steps_either_side() {
        let rule = Rule::ThresholdStep {
            threshold: d("0.02"),
            step: d("0.005"),
            points: d("1"),
            step_points: d("1"),
        };
        let v = Fraction::whole(d("0.0249998"));
        let b = boundaries(&rule, &v);
        assert_eq!(b, vec![d("0.02"), d("0.02"), d("0.025")]);
        let exact = |x: Decimal| v.cmp_decimal(x);
        // 2.49998% rounds to 2.5% at four places: five are needed to stay below 2.5%.
        assert_eq!(places(d("0.0249998"), true, &exact, &b), 5);
    }
}
