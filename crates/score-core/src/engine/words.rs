//! The words of an item's working that are the rubric's, not the file's: thresholds, steps,
//! points, band intervals, the 基本要求, the cap note. They are the same on every sheet, so they
//! are made once per rubric ([`of`]) and each sheet only adds its figures.

use rust_decimal::Decimal;

use crate::fraction::Fraction;
use crate::i18n::Bilingual;
use crate::num::plain;
use crate::rubric::{Item, Op, Rubric, Rule, is_percent_unit};
use crate::sheet::{arithmetic_text, figure_texts};

/// One item's fixed words. A part the item's rule does not have is empty.
#[derive(Debug, Clone, Default)]
pub struct ItemWords {
    /// The working is `lead` + the figure + `tail` + the points: `⌊` … ` / 2⌋ × 3 = ` for a step
    /// rule; for a threshold-and-step rule above its threshold, `tail` is said between the two
    /// mentions of the figure and `after` after the second (` ≥ 2% → 1 + ⌊(` x ` − 2%) / 0.5%⌋
    /// = `), and `below` follows the figure below it (` < 2% → 0`).
    pub(super) lead: &'static str,
    pub(super) tail: String,
    pub(super) after: String,
    pub(super) below: String,
    /// Per band, after the figure: ` ∈ 档名 [a, b) → 3`.
    pub(super) bands: Vec<String>,
    /// A requirement, after the figure: met, and not met.
    pub(super) met: Bilingual<String>,
    pub(super) unmet: Bilingual<String>,
    /// A requirement as the table prints it (`≥2`), in the item's unit without its sign.
    pub(super) requirement: Option<String>,
    /// Per term of a sum over kinds, after its title and count: ` × 3`, `（有）→ 5`.
    pub(super) terms: Vec<Bilingual<String>>,
    /// Per level of the item's set: `比较完善 → 2`.
    pub(super) levels: Vec<Bilingual<String>>,
    /// A flag's working, on and off.
    pub(super) flag_on: Bilingual<String>,
    pub(super) flag_off: Bilingual<String>,
    /// What a capped item adds: `，超过满分 5 → 5`.
    pub(super) capped: Bilingual<String>,
}

/// Every item's fixed words, in the rubric's order.
pub(super) fn of(rubric: &Rubric) -> Vec<ItemWords> {
    rubric
        .items
        .iter()
        .map(|item| of_item(rubric, item))
        .collect()
}

/// One item's fixed words.
pub(super) fn of_item(rubric: &Rubric, item: &Item) -> ItemWords {
    let max = plain(item.max);
    let mut words = ItemWords {
        capped: Bilingual {
            zh: cat!("，超过满分 ", max, " → ", max),
            en: cat!(", capped at ", max),
        },
        ..ItemWords::default()
    };
    let unit = item.value.map_or("", |r| rubric.unit_of(r));
    let percent = is_percent_unit(unit);
    match &item.rule {
        Rule::PerUnit { step, points } => per_unit(&mut words, percent, *step, *points),
        Rule::ThresholdStep {
            threshold,
            step,
            points,
            step_points,
        } => {
            let t = num(percent, *threshold);
            words.below = cat!(" < ", t, " → 0");
            words.tail = cat!(" ≥ ", t, " → ", plain(*points), " + ⌊(");
            let per = if *step_points == Decimal::ONE {
                String::new()
            } else {
                cat!(" × ", plain(*step_points))
            };
            words.after = cat!(" − ", t, ") / ", num(percent, *step), "⌋", per, " = ");
        }
        Rule::Bands(bands) => words.bands = bands.iter().map(|b| band(percent, b)).collect(),
        Rule::Requirement { op, threshold } => {
            requirement(&mut words, unit, *op, *threshold, &max);
        }
        Rule::Weighted(terms) | Rule::EachKindOnce(terms) => {
            let once = matches!(item.rule, Rule::EachKindOnce(_));
            words.terms = terms.iter().map(|t| term(once, t.points)).collect();
        }
        Rule::Level => words.levels = levels(rubric, item),
        Rule::Flag { points } => {
            let points = plain(*points);
            words.flag_on = Bilingual {
                zh: cat!("是 → ", points),
                en: cat!("yes → ", points),
            };
            words.flag_off = Bilingual {
                zh: "否 → 0".into(),
                en: "no → 0".into(),
            };
        }
        Rule::CountAtLeast { .. } => {}
    }
    words
}

/// 每 `step` 得 `points`: `⌊` x ` / 2⌋ × 3 = `, the steps and points of 1 left out.
fn per_unit(words: &mut ItemWords, percent: bool, step: Decimal, points: Decimal) {
    let (one_step, one_point) = (step == Decimal::ONE, points == Decimal::ONE);
    words.lead = if one_step { "" } else { "⌊" };
    words.tail = match (one_step, one_point) {
        (true, true) => " × 1 = ".into(),
        (true, false) => cat!(" × ", plain(points), " = "),
        (false, true) => cat!(" / ", num(percent, step), "⌋ = "),
        (false, false) => cat!(" / ", num(percent, step), "⌋ × ", plain(points), " = "),
    };
}

/// A band, after the figure: ` ∈ 档名 [a, b) → 3`.
fn band(percent: bool, band: &crate::rubric::Band) -> String {
    let (label, space) = if band.label.is_empty() {
        ("", "")
    } else {
        (&*band.label, " ")
    };
    let interval = interval(percent, band);
    cat!(" ∈ ", label, space, interval, " → ", plain(band.points))
}

/// A 基本要求: the working met and not met, and the requirement as the table prints it.
fn requirement(words: &mut ItemWords, unit: &str, op: Op, threshold: Decimal, max: &str) {
    let percent = is_percent_unit(unit);
    // A difference of percentages is in 百分点, not %: `0.3个百分点 ≥ 0个百分点`.
    let t = if unit == "百分点" {
        with_unit(unit, threshold)
    } else {
        Bilingual::same(num(percent, threshold))
    };
    let symbol = op.symbol();
    let (held, failed) = match op {
        Op::Gt => (">", "≯"),
        Op::Ge => ("≥", "<"),
    };
    let working = |sign: &str, verdict: (&str, &str), points: &str| Bilingual {
        zh: cat!(
            " ",
            sign,
            " ",
            t.zh,
            "（要求 ",
            symbol,
            " ",
            t.zh,
            "）→ ",
            verdict.0,
            " ",
            points
        ),
        en: cat!(
            " ",
            sign,
            " ",
            t.en,
            " (required ",
            symbol,
            " ",
            t.en,
            ") → ",
            verdict.1,
            " ",
            points
        ),
    };
    words.met = working(held, ("达标", "met"), max);
    words.unmet = working(failed, ("未达标", "not met"), "0");
    let shown = if percent {
        Fraction::product(
            &Fraction::whole(threshold),
            &Fraction::whole(Decimal::ONE_HUNDRED),
        )
        .map_or_else(|_| plain(threshold), |v| v.text())
    } else {
        plain(threshold)
    };
    words.requirement = Some(cat!(symbol, shown));
}

/// A kind of a counts-by-kind row, after its title and count: ` × 3`, or `（有）→ 5` when the
/// kind earns its points `once`.
fn term(once: bool, points: Decimal) -> Bilingual<String> {
    let points = plain(points);
    if once {
        Bilingual {
            zh: cat!("（有）→ ", points),
            en: cat!(" (present) → ", points),
        }
    } else {
        Bilingual::same(cat!(" × ", points))
    }
}

/// Each level of the item's set: `比较完善 → 2`.
fn levels(rubric: &Rubric, item: &Item) -> Vec<Bilingual<String>> {
    let set = match item.value {
        Some(crate::rubric::Ref::Input(i)) => rubric.inputs[i]
            .level_set
            .and_then(|s| rubric.level_sets.get(s)),
        _ => None,
    };
    set.map_or_else(Vec::new, |set| {
        set.levels
            .iter()
            .map(|level| {
                let points = plain(level.points);
                Bilingual {
                    zh: cat!(level.label, " → ", points),
                    en: cat!(level.label_en, " → ", points),
                }
            })
            .collect()
    })
}

/// A band's interval as the working shows it: `[2%, 5%)`, `(−∞, 3)`.
fn interval(percent: bool, band: &crate::rubric::Band) -> String {
    let lower = band.min.map_or("(−∞".to_string(), |b| {
        cat!(if b.inclusive { "[" } else { "(" }, num(percent, b.value))
    });
    let upper = band.max.map_or("+∞)".to_string(), |b| {
        cat!(num(percent, b.value), if b.inclusive { "]" } else { ")" })
    });
    cat!(lower, ", ", upper)
}

/// A number in a rule's arithmetic: percentages as `2.5%`, others bare.
fn num(percent: bool, value: Decimal) -> String {
    arithmetic_text(percent, value)
}

/// A figure with its unit, for people, in both languages.
pub(super) fn with_unit(unit: &str, value: Decimal) -> Bilingual<String> {
    figure_texts(unit, value)
}
