//! The score sheet: a plain value the engine produces and the renderers read. No I/O here.

#![deny(clippy::arithmetic_side_effects)]

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::num::{exact_number, plain, readable};
use crate::rubric::Text;

pub use crate::i18n::{Bilingual, Lang};

/// The two JSON keys of each bilingual field: the Chinese under the plain name, the English under
/// `…_en` (the public contract). A field is `#[serde(flatten, with = "keys::title")]`.
pub(crate) mod keys {
    crate::json_keys! {
        pub mod title = "title", "title_en";
        pub mod detail = "detail", "detail_en";
        pub mod group = "group", "group_en";
        pub mod category = "category", "category_en";
        pub mod value_display = "value_display", "value_display_en";
        pub mod explain = "explain", "explain_en";
        pub mod note = "note", "note_en";
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Sheet {
    pub rubric: Text,
    /// The data file, as given on the command line.
    pub data: String,
    #[serde(flatten, with = "keys::title")]
    pub title: Bilingual<Text>,
    /// Where the table is printed (`武工信发〔2024〕35号 附件1`), for the printable sheet's heading.
    #[serde(skip)]
    pub source_ref: String,
    pub company: Option<String>,
    pub year: Option<i64>,
    #[serde(with = "crate::num::exact_number")]
    pub base: Decimal,
    #[serde(with = "crate::num::exact_number")]
    pub base_max: Decimal,
    #[serde(with = "crate::num::exact_number")]
    pub bonus: Decimal,
    #[serde(with = "crate::num::exact_number")]
    pub bonus_max: Decimal,
    #[serde(with = "crate::num::exact_number")]
    pub total: Decimal,
    /// Whether every gate holds; `None` for a rubric without gates.
    pub eligible: Option<bool>,
    pub gates: Vec<GateResult>,
    pub items: Vec<ItemResult>,
    pub groups: Vec<GroupResult>,
    pub categories: Vec<CategoryResult>,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
    /// The figures that are almost surely slips ([`crate::plausible`]), as diagnostics pointing
    /// into the data file; their messages are in `warnings` too. Shown on stderr; `--strict`
    /// refuses the file.
    #[serde(skip)]
    pub suspects: Vec<crate::diag::Diagnostic>,
    /// Every figure that looks wrong, confirmed (已核实) or not: what the sheets mark on the
    /// figure and list under the table (数据待核实 / 已核实).
    pub checks: Vec<Check>,
    /// With `--what-if`: the original totals and what the overrides changed, item by item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub what_if: Option<WhatIf>,
}

/// A figure that looks wrong (a likely unit slip, an unusual ratio), for the sheet a person reads.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// The input keys it is about.
    pub keys: Vec<String>,
    /// Where the suspect figure stands: `d.toml:12:14`, `数据.xlsx:Sheet1!D14`.
    pub place: Option<String>,
    pub message: String,
    /// The ids of the items whose figures it is about: the sheet marks them.
    pub items: Vec<Text>,
    /// Whether the file says every one of its figures was checked (`confirmed`, 已核实).
    pub confirmed: bool,
}

impl Sheet {
    /// The checks not confirmed: what must be fixed or confirmed before the sheet is stamped.
    pub fn unconfirmed(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.confirmed)
    }

    /// Whether item `id`'s figure has an unconfirmed check.
    pub fn flagged(&self, id: &str) -> bool {
        self.unconfirmed()
            .any(|c| c.items.iter().any(|i| &**i == id))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GateResult {
    pub id: Text,
    #[serde(flatten, with = "keys::title")]
    pub title: Bilingual<Text>,
    pub passed: bool,
    #[serde(flatten, with = "keys::detail")]
    pub detail: Bilingual<String>,
    /// The figure the gate reads (a ratio as a fraction), `None` when it could not be had: the
    /// summary's key-figure column. Not part of the JSON contract (`detail` words it).
    #[serde(skip)]
    pub figure: Option<Decimal>,
    #[serde(skip)]
    pub unit: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemResult {
    pub id: Text,
    /// The 二级指标 the item sits under.
    #[serde(flatten, with = "keys::group")]
    pub group: Bilingual<Text>,
    /// The 一级指标.
    #[serde(flatten, with = "keys::category")]
    pub category: Bilingual<Text>,
    #[serde(flatten, with = "keys::title")]
    pub title: Bilingual<Text>,
    /// The figure the rule read, as an exact decimal string (a ratio as a fraction: `0.025`);
    /// a level's id, a flag's `true`/`false`; `null` when it could not be computed.
    pub value: Option<String>,
    /// The figure for people: `2.5%`, `350万元`, `比较完善`.
    #[serde(flatten, with = "keys::value_display")]
    pub value_display: Bilingual<String>,
    pub unit: Text,
    #[serde(with = "crate::num::exact_number")]
    pub points: Decimal,
    #[serde(with = "crate::num::exact_number")]
    pub max: Decimal,
    pub bonus: bool,
    /// For a pass/fail requirement: whether it is met (达标).
    pub passed: Option<bool>,
    /// Whether the data file gave the figures this item reads.
    pub given: bool,
    #[serde(flatten, with = "keys::explain")]
    pub explain: Bilingual<String>,
    /// The seed's sentence this item encodes.
    pub source: Text,
    /// How the item is read where the table leaves a choice (`null` where it does not).
    #[serde(flatten, with = "keys::note")]
    pub note: Bilingual<Option<Text>>,
    /// For a pass/fail requirement: the 基本要求 as the table prints it, in the item's unit
    /// (`≥2` for ≥ 2%, `>1.2`). Read by the renderers; not part of the JSON contract.
    #[serde(skip)]
    pub requirement: Option<String>,
    /// How a derived figure came from the data; `None` for a figure read as given. Shown by
    /// `--explain` ([`ItemResult::derivation_text`]).
    #[serde(skip)]
    pub derivation: Option<Derivation>,
}

impl ItemResult {
    /// How the item is read where the table leaves a choice, in `lang` (Chinese when the rubric
    /// has no English note).
    pub fn note_text(&self, lang: Lang) -> Option<&str> {
        let zh = self.note.zh.as_deref()?;
        Some(lang.pick(zh, self.note.en.as_deref().unwrap_or("")))
    }

    /// `年度研究与试验发展经费支出额 860万元 ÷ 主营业务收入 32000万元 = 2.6875%`, or empty.
    pub fn derivation_text(&self, lang: Lang) -> String {
        self.derivation
            .as_ref()
            .map_or_else(String::new, |d| d.text(lang))
    }
}

/// One side of a computed figure: a title and its figure.
#[derive(Debug, Clone)]
pub struct Operand {
    pub title: Bilingual<Text>,
    pub unit: Text,
    /// `None` when it could not be had (a missing optional figure, a zero denominator).
    pub value: Option<Decimal>,
}

/// A ratio or a difference, kept as figures and worded only when someone asks to see it: most
/// sheets (JSON, the batch summary) never do.
#[derive(Debug, Clone)]
pub struct Derivation {
    /// `÷` or `−`.
    pub sign: &'static str,
    pub left: Operand,
    pub right: Operand,
    pub unit: Text,
    pub result: Option<Decimal>,
}

impl Derivation {
    pub fn text(&self, lang: Lang) -> String {
        let figure = |unit: &str, value: Option<Decimal>| {
            value.map_or_else(|| "—".to_string(), |v| figure_text(unit, v, lang))
        };
        let side = |o: &Operand| format!("{} {}", o.title.pick(lang), figure(&o.unit, o.value));
        format!(
            "{} {} {} {}",
            side(&self.left),
            self.sign,
            side(&self.right),
            crate::num::equals(&figure(&self.unit, self.result))
        )
    }
}

/// A number in a rule's arithmetic: percentages (held as fractions) as `2.5%`, others bare.
pub fn arithmetic_text(percent: bool, value: Decimal) -> String {
    arithmetic_text_at(percent, value, 4)
}

/// [`arithmetic_text`] with `places` places (four or more: see [`crate::faithful`]).
pub fn arithmetic_text_at(percent: bool, value: Decimal, places: u32) -> String {
    if percent {
        let mut text = hundredfold_at(value, places);
        text.push('%');
        text
    } else {
        readable(value, places)
    }
}

/// `value × 100` for reading; exact through the wide fractions when `Decimal` would overflow.
fn hundredfold(value: Decimal) -> String {
    hundredfold_at(value, 4)
}

fn hundredfold_at(value: Decimal, places: u32) -> String {
    // With two places or more, ×100 is the same mantissa two places fewer: exact, and no 96-bit
    // product (the text depends only on the value, not on how it is scaled).
    if value.scale() >= 2 {
        let mut shifted = value;
        if shifted.set_scale(value.scale().saturating_sub(2)).is_ok() {
            return readable(shifted, places);
        }
    }
    match value.checked_mul(Decimal::ONE_HUNDRED) {
        Some(v) => readable(v, places),
        None => crate::fraction::Fraction::product(
            &crate::fraction::Fraction::whole(value),
            &crate::fraction::Fraction::whole(Decimal::ONE_HUNDRED),
        )
        .map_or_else(|_| readable(value, places), |v| v.text()),
    }
}

/// A figure with its unit, for people: `2.5%`, `0.5个百分点` / `0.5 pp`, `350万元` / `350 万元`.
pub fn figure_text(unit: &str, value: Decimal, lang: Lang) -> String {
    let hundredfold = || hundredfold(value);
    match (unit, lang) {
        ("%", _) => arithmetic_text(true, value),
        ("百分点", Lang::Zh) => format!("{}个百分点", hundredfold()),
        ("百分点", Lang::En) => format!("{} pp", hundredfold()),
        ("", _) => readable(value, 4),
        (unit, Lang::Zh) => {
            let mut text = readable(value, 4);
            text.push_str(unit);
            text
        }
        (unit, Lang::En) => format!("{} {unit}", readable(value, 4)),
    }
}

/// [`figure_text`] in Chinese and in English, the number worded once for both.
pub fn figure_texts(unit: &str, value: Decimal) -> Bilingual<String> {
    unit_texts(
        unit,
        arithmetic_text(crate::rubric::is_percent_unit(unit), value),
    )
}

/// [`figure_texts`] from the number already worded for the arithmetic
/// (`arithmetic_text(is_percent_unit(unit), value)`: `2.5%`, `350`), in Chinese and English.
pub fn unit_texts(unit: &str, worded: String) -> Bilingual<String> {
    let with_unit = |number: &str, zh_unit: &str, en_unit: &str| {
        let mut zh = String::with_capacity(number.len().saturating_add(zh_unit.len()));
        zh.push_str(number);
        zh.push_str(zh_unit);
        let mut en =
            String::with_capacity(number.len().saturating_add(en_unit.len()).saturating_add(1));
        en.push_str(number);
        en.push(' ');
        en.push_str(en_unit);
        Bilingual::new(zh, en)
    };
    match unit {
        "%" | "" => Bilingual::same(worded),
        // Worded as a percentage (`0.3%`): the number, then the unit for points.
        "百分点" => with_unit(
            worded.strip_suffix('%').unwrap_or(&worded),
            "个百分点",
            "pp",
        ),
        unit => with_unit(&worded, unit, unit),
    }
}

/// A figure rounded to 0.01 as people round (四舍五入: half away from zero), plainly written.
pub fn round_half_up(value: Decimal) -> String {
    let rounded =
        value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    crate::num::plain(rounded.normalize())
}

/// A figure as paper shows it: rounded to 0.01 (a percentage after ×100), never `≈`. The exact
/// figure stays in `--explain` and JSON.
pub fn printed_figure(unit: &str, value: Decimal, lang: Lang) -> String {
    let round = round_half_up;
    // A figure too large to scale is shown as it is rather than overflowing.
    let percent = |v: Decimal| {
        v.checked_mul(Decimal::ONE_HUNDRED)
            .map_or_else(|| plain(v), round)
    };
    match (unit, lang) {
        ("%", _) => format!("{}%", percent(value)),
        ("百分点", Lang::Zh) => format!("{}个百分点", percent(value)),
        ("百分点", Lang::En) => format!("{} pp", percent(value)),
        ("", _) => round(value),
        (unit, Lang::Zh) => format!("{}{unit}", round(value)),
        (unit, Lang::En) => format!("{} {unit}", round(value)),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupResult {
    pub id: Text,
    #[serde(flatten, with = "keys::title")]
    pub title: Bilingual<Text>,
    #[serde(flatten, with = "keys::category")]
    pub category: Bilingual<Text>,
    #[serde(with = "crate::num::exact_number::option")]
    pub weight: Option<Decimal>,
    /// The most the group can give: its weight, or the sum of its items' caps.
    #[serde(with = "crate::num::exact_number")]
    pub max: Decimal,
    #[serde(with = "crate::num::exact_number")]
    pub points: Decimal,
    pub bonus: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryResult {
    pub id: Text,
    #[serde(flatten, with = "keys::title")]
    pub title: Bilingual<Text>,
    #[serde(with = "crate::num::exact_number::option")]
    pub weight: Option<Decimal>,
    /// How the Chinese table prints the weight, where not `（N分）` (附件2's `（27）`).
    #[serde(skip)]
    pub weight_printed: Option<Text>,
    #[serde(with = "crate::num::exact_number")]
    pub max: Decimal,
    #[serde(with = "crate::num::exact_number")]
    pub points: Decimal,
    pub bonus: bool,
}

impl Sheet {
    /// The name to show for whom the sheet is: the company, else the data file.
    pub fn who(&self) -> &str {
        self.company.as_deref().unwrap_or(&self.data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_at_once_word_as_each_alone() {
        let values = [
            "0",
            "350",
            "0.026",
            "-1.5",
            "0.123456",
            "7.9228162514264337593543950335",
        ];
        for unit in ["%", "百分点", "", "万元", "人", "项"] {
            for value in values {
                let Ok(value) = value.parse::<Decimal>() else {
                    panic!("{value} is a decimal");
                };
                let both = figure_texts(unit, value);
                let each = Bilingual::new(
                    figure_text(unit, value, Lang::Zh),
                    figure_text(unit, value, Lang::En),
                );
                assert_eq!(both, each, "{unit} {value}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// A hundredfold by moving the point words the number as the 96-bit product did.
        #[test]
        fn a_hundredfold_by_the_scale_is_the_product(
            mantissa in proptest::prop_oneof![
                -1_000_000i128..1_000_000,
                -(1i128 << 96) + 1..(1i128 << 96),
            ],
            scale in 0u32..=28,
        ) {
            let value = Decimal::from_i128_with_scale(mantissa, scale);
            let by_product = match value.checked_mul(Decimal::ONE_HUNDRED) {
                Some(v) => readable(v, 4),
                None => crate::fraction::Fraction::product(
                    &crate::fraction::Fraction::whole(value),
                    &crate::fraction::Fraction::whole(Decimal::ONE_HUNDRED),
                )
                .map_or_else(|_| readable(value, 4), |v| v.text()),
            };
            proptest::prop_assert_eq!(hundredfold(value), by_product);
        }
    }
}

// What `--what-if` changed, carried by the sheet it made (the reckoning lives in `what_if`).

/// A figure as a person writes it in a data file: money in 万元, a percentage as `2.4` (meaning 2.4%),
/// a level by its id, a flag, a list of 人次.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Amount {
    Number(Decimal),
    Level {
        id: String,
        label: Bilingual<String>,
    },
    Flag(bool),
    List(Vec<Decimal>),
    /// Not given in the data file.
    Missing,
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Amount::Number(v) => exact_number::serialize(v, s),
            Amount::Level { id, .. } => s.serialize_str(id),
            Amount::Flag(b) => s.serialize_bool(*b),
            Amount::List(list) => {
                use serde::ser::SerializeSeq;
                let mut seq = s.serialize_seq(Some(list.len()))?;
                for v in list {
                    seq.serialize_element(&Exact(*v))?;
                }
                seq.end()
            }
            Amount::Missing => s.serialize_none(),
        }
    }
}

struct Exact(Decimal);

impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        exact_number::serialize(&self.0, s)
    }
}

impl Amount {
    /// For people: `420万元`, `3%`, `比较完善`, `是`, `[60, 50]`.
    pub fn display(&self, unit: &str, en: bool) -> String {
        match self {
            Amount::Number(v) => match unit {
                "%" => format!("{}%", plain(*v)),
                "" => plain(*v),
                unit if en => format!("{} {unit}", plain(*v)),
                unit => format!("{}{unit}", plain(*v)),
            },
            Amount::Level { label, .. } => if en { &label.en } else { &label.zh }.clone(),
            Amount::Flag(b) => match (b, en) {
                (true, false) => "是".into(),
                (false, false) => "否".into(),
                (true, true) => "yes".into(),
                (false, true) => "no".into(),
            },
            Amount::List(list) => format!(
                "[{}]",
                list.iter()
                    .map(|v| plain(*v))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Amount::Missing => if en { "not given" } else { "未填写" }.into(),
        }
    }

    /// The value as `--what-if` takes it: `420`, `fairly_complete`, `true`, `60,45,50`.
    pub fn arg(&self) -> String {
        match self {
            Amount::Number(v) => plain(*v),
            Amount::Level { id, .. } => id.clone(),
            Amount::Flag(b) => b.to_string(),
            Amount::List(list) => list.iter().map(|v| plain(*v)).collect::<Vec<_>>().join(","),
            Amount::Missing => String::new(),
        }
    }
}

/// A figure changed by `--what-if`.
#[derive(Debug, Clone, Serialize)]
pub struct Assumption {
    pub key: String,
    pub from: Amount,
    pub to: Amount,
    pub unit: String,
    #[serde(skip)]
    pub from_display: Bilingual<String>,
    #[serde(skip)]
    pub to_display: Bilingual<String>,
}

/// How one item's points (or the figure it read) moved.
#[derive(Debug, Clone)]
pub struct ItemChange {
    pub id: String,
    pub title: Bilingual<String>,
    /// The figure for people before and after (`value_display`).
    pub value_from: Bilingual<String>,
    pub value_to: Bilingual<String>,
    pub from: Decimal,
    pub to: Decimal,
    pub change: Decimal,
    pub bonus: bool,
}

/// The JSON contract's keys, in its order: both figures in Chinese, then both in English.
impl Serialize for ItemChange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut m = s.serialize_struct("ItemChange", 11)?;
        m.serialize_field("id", &self.id)?;
        m.serialize_field("title", &self.title.zh)?;
        m.serialize_field("title_en", &self.title.en)?;
        m.serialize_field("value_from", &self.value_from.zh)?;
        m.serialize_field("value_to", &self.value_to.zh)?;
        m.serialize_field("value_from_en", &self.value_from.en)?;
        m.serialize_field("value_to_en", &self.value_to.en)?;
        m.serialize_field("from", &Exact(self.from))?;
        m.serialize_field("to", &Exact(self.to))?;
        m.serialize_field("change", &Exact(self.change))?;
        m.serialize_field("bonus", &self.bonus)?;
        m.end()
    }
}

/// A gate that flipped.
#[derive(Debug, Clone, Serialize)]
pub struct GateChange {
    pub id: String,
    #[serde(flatten, with = "keys::title")]
    pub title: Bilingual<String>,
    pub from: bool,
    pub to: bool,
}

/// The original sheet's totals and what the overrides changed; carried by the new sheet.
#[derive(Debug, Clone, Serialize)]
pub struct WhatIf {
    pub overrides: Vec<Assumption>,
    #[serde(serialize_with = "crate::num::exact_number::serialize")]
    pub base_before: Decimal,
    #[serde(serialize_with = "crate::num::exact_number::serialize")]
    pub bonus_before: Decimal,
    #[serde(serialize_with = "crate::num::exact_number::serialize")]
    pub total_before: Decimal,
    #[serde(serialize_with = "crate::num::exact_number::serialize")]
    pub change: Decimal,
    pub eligible_before: Option<bool>,
    /// Every item whose points or figure changed, in table order.
    pub items: Vec<ItemChange>,
    pub gates: Vec<GateChange>,
}
