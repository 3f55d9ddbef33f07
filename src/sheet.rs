//! The score sheet: a plain value the engine produces and the renderers read. No I/O here.

use rust_decimal::Decimal;
use serde::Serialize;

/// Chinese (the default) or English labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En if en.is_empty() => zh,
            Lang::En => en,
        }
    }
}

/// Serialises a decimal as a JSON number written exactly (`2.5`, never `2.4999…`).
mod exact_number {
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

#[derive(Debug, Clone, Serialize)]
pub struct Sheet {
    pub rubric: String,
    /// The data file, as given on the command line.
    pub data: String,
    pub title: String,
    pub title_en: String,
    /// Where the table is printed (`武工信发〔2024〕35号 附件1`), for the printable sheet's heading.
    #[serde(skip)]
    pub source_ref: String,
    pub company: Option<String>,
    pub year: Option<i64>,
    #[serde(with = "exact_number")]
    pub base: Decimal,
    #[serde(with = "exact_number")]
    pub base_max: Decimal,
    #[serde(with = "exact_number")]
    pub bonus: Decimal,
    #[serde(with = "exact_number")]
    pub bonus_max: Decimal,
    #[serde(with = "exact_number")]
    pub total: Decimal,
    /// Whether every gate holds; `None` for a rubric without gates.
    pub eligible: Option<bool>,
    pub gates: Vec<GateResult>,
    pub items: Vec<ItemResult>,
    pub groups: Vec<GroupResult>,
    pub categories: Vec<CategoryResult>,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
    /// With `--what-if`: the original totals and what the overrides changed, item by item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub what_if: Option<crate::what_if::WhatIf>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GateResult {
    pub id: String,
    pub title: String,
    pub title_en: String,
    pub passed: bool,
    pub detail: String,
    pub detail_en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemResult {
    pub id: String,
    /// The 二级指标 the item sits under.
    pub group: String,
    pub group_en: String,
    /// The 一级指标.
    pub category: String,
    pub category_en: String,
    pub title: String,
    pub title_en: String,
    /// The figure the rule read, as an exact decimal string (a ratio as a fraction: `0.025`);
    /// a level's id, a flag's `true`/`false`; `null` when it could not be computed.
    pub value: Option<String>,
    /// The figure for people: `2.5%`, `350万元`, `比较完善`.
    pub value_display: String,
    pub value_display_en: String,
    pub unit: String,
    #[serde(with = "exact_number")]
    pub points: Decimal,
    #[serde(with = "exact_number")]
    pub max: Decimal,
    pub bonus: bool,
    /// For a pass/fail requirement: whether it is met (达标).
    pub passed: Option<bool>,
    /// Whether the data file gave the figures this item reads.
    pub given: bool,
    pub explain: String,
    pub explain_en: String,
    /// The seed's sentence this item encodes.
    pub source: String,
    /// For a pass/fail requirement: the 基本要求 as the table prints it, in the item's unit
    /// (`≥2` for ≥ 2%, `>1.2`). Read by the renderers; not part of the JSON contract.
    #[serde(skip)]
    pub requirement: Option<String>,
    /// How a derived figure came from the data (`年度研究与试验发展经费支出额 860万元 ÷ 主营业务收入
    /// 32000万元 = 2.6875%`); empty for a figure read as given. Shown by `--explain`.
    #[serde(skip)]
    pub derivation: String,
    #[serde(skip)]
    pub derivation_en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupResult {
    pub id: String,
    pub title: String,
    pub title_en: String,
    pub category: String,
    pub category_en: String,
    #[serde(with = "exact_number::option")]
    pub weight: Option<Decimal>,
    /// The most the group can give: its weight, or the sum of its items' caps.
    #[serde(with = "exact_number")]
    pub max: Decimal,
    #[serde(with = "exact_number")]
    pub points: Decimal,
    pub bonus: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryResult {
    pub id: String,
    pub title: String,
    pub title_en: String,
    #[serde(with = "exact_number::option")]
    pub weight: Option<Decimal>,
    #[serde(with = "exact_number")]
    pub max: Decimal,
    #[serde(with = "exact_number")]
    pub points: Decimal,
    pub bonus: bool,
}

impl Sheet {
    /// The name to show for whom the sheet is: the company, else the data file.
    pub fn who(&self) -> &str {
        self.company.as_deref().unwrap_or(&self.data)
    }
}
