//! The rubric file exactly as written: serde structs that refuse unknown keys and keep the
//! span of every value that can be wrong, so validation can point at it.
//!
//! Numbers are kept as [`NumLit`] spans and re-read from the source text, never through `f64`.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRubric {
    pub rubric: RawHeader,
    #[serde(default)]
    pub levels: Vec<RawLevelSet>,
    #[serde(default)]
    pub inputs: Vec<RawInput>,
    #[serde(default)]
    pub derived: Vec<RawDerived>,
    #[serde(default)]
    pub categories: Vec<RawCategory>,
    #[serde(default)]
    pub groups: Vec<RawGroup>,
    #[serde(default)]
    pub items: Vec<RawItem>,
    #[serde(default)]
    pub gates: Vec<RawGate>,
    #[serde(default)]
    pub cases: Vec<RawCase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    pub id: Spanned<String>,
    pub title: String,
    pub title_en: String,
    /// Where the table comes from, e.g. `武工信发〔2024〕35号 附件1`.
    pub source: String,
    /// The year the figures must be for (the notice: 2023).
    pub data_year: Option<Spanned<i64>>,
    pub base_max: Spanned<NumLit>,
    #[serde(default)]
    pub bonus_max: Option<Spanned<NumLit>>,
}

/// A number as written: an integer, a float or a string such as `"0.5"` or `"2%"`.
/// Only its span matters; the value is re-read from the source text.
#[derive(Debug)]
pub struct NumLit;

impl<'de> Deserialize<'de> for NumLit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = NumLit;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number such as 5, 0.5 or \"2%\"")
            }
            fn visit_i64<E>(self, _: i64) -> Result<NumLit, E> {
                Ok(NumLit)
            }
            fn visit_u64<E>(self, _: u64) -> Result<NumLit, E> {
                Ok(NumLit)
            }
            fn visit_f64<E>(self, _: f64) -> Result<NumLit, E> {
                Ok(NumLit)
            }
            fn visit_str<E>(self, _: &str) -> Result<NumLit, E> {
                Ok(NumLit)
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevelSet {
    pub id: Spanned<String>,
    pub levels: Vec<RawLevel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub id: Spanned<String>,
    pub label: Spanned<String>,
    pub label_en: String,
    pub points: Spanned<NumLit>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RawInputKind {
    /// An amount of money in the input's `unit` (万元 or 万美元); strings with units are converted.
    Money,
    /// A whole number ≥ 0.
    Count,
    /// A percentage: `2.4` or `"2.4%"` both mean 2.4%.
    Percent,
    /// A plain non-negative decimal (人月, a ratio written by hand).
    Number,
    /// One of a level set's labels or ids.
    Level,
    /// `true` or `false`.
    Flag,
    /// A table of named counts, e.g. `[standards] national_lead = 1`.
    Counts,
    /// A list of whole numbers, e.g. participants per training.
    List,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInput {
    pub key: Spanned<String>,
    pub kind: Spanned<RawInputKind>,
    pub title: String,
    pub title_en: String,
    #[serde(default)]
    pub unit: Option<Spanned<String>>,
    /// For `level`: the id of a `[[levels]]` set.
    #[serde(default)]
    pub levels: Option<Spanned<String>>,
    /// For `counts`: the named fields.
    #[serde(default)]
    pub fields: Vec<RawField>,
    /// Money that may be below zero (profit, cash flow).
    #[serde(default)]
    pub allow_negative: bool,
    /// Absent is normal (e.g. no previous evaluation): a note, not a warning, and never a `--strict` error.
    #[serde(default)]
    pub optional: bool,
    /// This figure is a part (其中) of another input and may not exceed it.
    #[serde(default)]
    pub part_of: Option<Spanned<String>>,
    /// Where a bare number is believable, in the input's unit; outside it the figure is warned
    /// about (and refused under `--strict`) unless it was written with a unit.
    #[serde(default)]
    pub plausible: Option<Spanned<RawPlausible>>,
    /// A short name for a count shown in the 数据 cell beside others (`难题2 空白1`).
    #[serde(default)]
    pub short: Option<String>,
    #[serde(default)]
    pub short_en: Option<String>,
    /// The documents that usually prove the figure (`年度财务审计报告；研发费用辅助账`), as common
    /// practice, not the notice's text: `score checklist`, the template and the form show it.
    #[serde(default)]
    pub evidence: Option<Spanned<String>>,
    #[serde(default)]
    pub evidence_en: Option<Spanned<String>>,
}

/// A believable range: `{ max = 1000000 }`, `{ min = "1%", max = "100%" }`. Both ends included;
/// exactly 0 is always believable (it means "none").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlausible {
    #[serde(default)]
    pub min: Option<Spanned<NumLit>>,
    #[serde(default)]
    pub max: Option<Spanned<NumLit>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawField {
    pub key: Spanned<String>,
    pub title: String,
    pub title_en: String,
    /// A short name for the sheet's 数据 cell (`发明2 实用新型5`); the title when not given.
    #[serde(default)]
    pub short: Option<String>,
    #[serde(default)]
    pub short_en: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDerived {
    pub key: Spanned<String>,
    pub title: String,
    pub title_en: String,
    pub unit: Option<Spanned<String>>,
    /// `ratio` (numerator / denominator) or `difference` (minuend − subtrahend).
    pub op: Spanned<RawOp>,
    #[serde(default)]
    pub numerator: Option<Spanned<String>>,
    #[serde(default)]
    pub denominator: Option<Spanned<String>>,
    #[serde(default)]
    pub minuend: Option<Spanned<String>>,
    #[serde(default)]
    pub subtrahend: Option<Spanned<String>>,
    /// Where the figure is believable; outside it, a warning naming the inputs it comes from.
    #[serde(default)]
    pub plausible: Option<Spanned<RawPlausible>>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RawOp {
    Ratio,
    Difference,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub id: Spanned<String>,
    pub title: String,
    pub title_en: String,
    /// The 一级指标's stated weight, where the table states one.
    #[serde(default)]
    pub weight: Option<Spanned<NumLit>>,
    /// The weight as the table prints it where that is not `（N分）`: 附件2 prints `服务业绩（27）`.
    #[serde(default)]
    pub weight_printed: Option<Spanned<String>>,
    /// A bonus category (加分, 加分项, 其他): scored apart from the base.
    #[serde(default)]
    pub bonus: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    pub id: Spanned<String>,
    pub category: Spanned<String>,
    pub title: String,
    pub title_en: String,
    /// The 二级指标's stated weight, where the table states one.
    #[serde(default)]
    pub weight: Option<Spanned<NumLit>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    pub id: Spanned<String>,
    pub group: Spanned<String>,
    pub title: String,
    pub title_en: String,
    #[serde(default)]
    pub unit: Option<String>,
    /// 满分: the item's cap (for a pass/fail requirement, its weight).
    pub max: Spanned<NumLit>,
    /// The sentence of the seed this item encodes, verbatim.
    #[serde(default)]
    pub source: Option<Spanned<String>>,
    /// The input or derived key the rule reads (not used by `weighted`).
    #[serde(default)]
    pub value: Option<Spanned<String>>,
    pub rule: Spanned<RawRule>,
    /// How the item is read where the table leaves a choice: one full sentence, shown by
    /// `--explain`, the template and JSON.
    #[serde(default)]
    pub note: Option<Spanned<String>>,
    #[serde(default)]
    pub note_en: Option<Spanned<String>>,
}

/// A rule: its `kind` and the parameters that kind takes. One flat struct rather than a tagged
/// enum, because serde's tagged enums buffer their content and lose the spans diagnostics need.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub kind: Spanned<RuleKind>,
    #[serde(default)]
    pub step: Option<Spanned<NumLit>>,
    #[serde(default)]
    pub points: Option<Spanned<NumLit>>,
    #[serde(default)]
    pub threshold: Option<Spanned<NumLit>>,
    #[serde(default)]
    pub step_points: Option<Spanned<NumLit>>,
    #[serde(default)]
    pub min: Option<Spanned<NumLit>>,
    #[serde(default)]
    pub op: Option<Spanned<String>>,
    #[serde(default)]
    pub bands: Option<Vec<Spanned<RawBand>>>,
    #[serde(default)]
    pub terms: Option<Vec<Spanned<RawTerm>>>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// 每N得P分: ⌊v / step⌋ × points (points default 1).
    PerUnit,
    /// 低于T不得分，达到T得1分，每增加S加1分: `threshold`, `step`, `points` (1), `step_points` (1).
    ThresholdStep,
    /// `bands`, each with explicit bounds and inclusivity.
    Bands,
    /// Σ count × points over `terms`.
    Weighted,
    /// Each kind counts once if present: Σ points over the `terms` whose count is at least 1.
    EachKindOnce,
    /// The points of the level given.
    Level,
    /// Entries of a list input at or above `min`, `points` (1) each.
    CountAtLeast,
    /// 基本要求: the item's whole `max` when `value op threshold` holds, else 0.
    Requirement,
    /// `points` when the flag is true.
    Flag,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    /// The band as the table prints it, e.g. `1100-1300万`.
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub min: Option<Spanned<NumLit>>,
    #[serde(default)]
    pub min_inclusive: Option<bool>,
    #[serde(default)]
    pub max: Option<Spanned<NumLit>>,
    #[serde(default)]
    pub max_inclusive: Option<bool>,
    pub points: Spanned<NumLit>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    /// An input key, or `table.field` for a field of a `counts` input.
    pub key: Spanned<String>,
    pub points: Spanned<NumLit>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGate {
    pub id: Spanned<String>,
    pub title: String,
    pub title_en: String,
    pub value: Spanned<String>,
    pub op: Spanned<String>,
    pub threshold: Spanned<NumLit>,
    #[serde(default)]
    pub source: Option<Spanned<String>>,
}

/// A golden case: data in, expected sheet out, computed by hand from the seed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCase {
    pub name: Spanned<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// The data file's text, best written as a literal string (`'''…'''`) so diagnostics can
    /// point into it.
    pub data: Spanned<String>,
    pub expect: RawExpect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExpect {
    #[serde(default)]
    pub base: Option<Spanned<NumLit>>,
    #[serde(default)]
    pub bonus: Option<Spanned<NumLit>>,
    #[serde(default)]
    pub total: Option<Spanned<NumLit>>,
    #[serde(default)]
    pub eligible: Option<Spanned<bool>>,
    #[serde(default)]
    pub items: BTreeMap<Spanned<String>, Spanned<NumLit>>,
    #[serde(default)]
    pub gates: BTreeMap<Spanned<String>, Spanned<bool>>,
}
