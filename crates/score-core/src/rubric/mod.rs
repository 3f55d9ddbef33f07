//! The validated rubric model: what a self-evaluation table says, as data.
//!
//! A rubric is loaded from TOML ([`raw`]), checked and resolved ([`load()`]) into these types; the
//! engine reads nothing else. No rule of any particular table is written in Rust.

pub mod builtin;
pub mod lint;
pub mod load;
pub mod raw;

use std::ops::Range;

use rust_decimal::Decimal;

use crate::diag::Source;

/// Text from the rubric that every sheet repeats (titles, ids, sentences): shared, not copied.
pub type Text = std::sync::Arc<str>;

pub use load::{load, load_str};

#[derive(Debug, Clone)]
pub struct Rubric {
    pub id: Text,
    pub title: Text,
    pub title_en: Text,
    pub source_ref: String,
    pub data_year: Option<i64>,
    pub base_max: Decimal,
    pub bonus_max: Decimal,
    pub inputs: Vec<Input>,
    pub derived: Vec<Derived>,
    pub level_sets: Vec<LevelSet>,
    pub categories: Vec<Category>,
    pub groups: Vec<Group>,
    pub items: Vec<Item>,
    pub gates: Vec<Gate>,
    pub cases: Vec<Case>,
    /// The file it was loaded from, for diagnostics.
    pub origin: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Money,
    Count,
    Percent,
    Number,
    Level,
    Flag,
    Counts,
    List,
}

#[derive(Debug, Clone)]
pub struct Input {
    pub key: String,
    pub kind: InputKind,
    pub title: Text,
    pub title_en: Text,
    pub unit: Text,
    /// For `Level`: index into [`Rubric::level_sets`].
    pub level_set: Option<usize>,
    /// For `Counts`: the named fields.
    pub fields: Vec<Field>,
    pub allow_negative: bool,
    pub optional: bool,
    /// Index of the input this one is a part of (其中).
    pub part_of: Option<usize>,
    /// Where a bare figure is believable.
    pub plausible: Option<Plausible>,
    /// The name shown with its count beside other counts in the 数据 cell: the title when none.
    pub short: Text,
    pub short_en: Text,
    /// The documents that usually prove the figure (`None` when the rubric names none).
    pub evidence: Option<Text>,
    pub evidence_en: Option<Text>,
    pub span: Range<usize>,
}

impl Input {
    /// The documents that usually prove the figure, in `lang` (Chinese when the rubric has no
    /// English); `None` when the rubric names none.
    pub fn evidence_text(&self, lang: crate::i18n::Lang) -> Option<&str> {
        let zh = self.evidence.as_deref()?;
        Some(lang.pick(zh, self.evidence_en.as_deref().unwrap_or(zh)))
    }
}

/// A believable range, both ends included, in the engine's terms (a percentage as a fraction).
/// Exactly 0 is always believable: it means "none".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Plausible {
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
}

impl Plausible {
    /// Whether `value` lies in the range (0 always does).
    pub fn holds(&self, value: Decimal) -> bool {
        value.is_zero()
            || (self.min.is_none_or(|m| value >= m) && self.max.is_none_or(|m| value <= m))
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    pub title: Text,
    pub title_en: Text,
    /// The name the sheet's 数据 cell shows with the count (`发明`): the title when none is given.
    pub short: Text,
    pub short_en: Text,
}

#[derive(Debug, Clone)]
pub struct LevelSet {
    pub id: String,
    pub levels: Vec<Level>,
}

#[derive(Debug, Clone)]
pub struct Level {
    pub id: String,
    pub label: String,
    pub label_en: String,
    pub points: Decimal,
}

impl LevelSet {
    /// The lowest level: what a missing level counts as.
    pub fn lowest(&self) -> usize {
        let mut lowest = 0;
        for (i, level) in self.levels.iter().enumerate() {
            if level.points < self.levels[lowest].points {
                lowest = i;
            }
        }
        lowest
    }
}

/// Where a rule's number comes from: an input, a field of a counts input, or a derived figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ref {
    Input(usize),
    Field(usize, usize),
    Derived(usize),
}

#[derive(Debug, Clone)]
pub struct Derived {
    pub key: String,
    pub title: Text,
    pub title_en: Text,
    pub unit: Text,
    pub formula: Formula,
    pub plausible: Option<Plausible>,
}

/// `left ÷ right` or `left − right`. Either way the figure rises with `left` and falls with
/// `right` (denominators are never negative), which is all the advice and the lints need to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formula {
    pub op: Operation,
    pub left: Ref,
    pub right: Ref,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// numerator ÷ denominator
    Ratio,
    /// minuend − subtrahend
    Difference,
}

impl Operation {
    pub fn symbol(self) -> &'static str {
        match self {
            Operation::Ratio => "÷",
            Operation::Difference => "−",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Category {
    pub id: Text,
    pub title: Text,
    pub title_en: Text,
    pub weight: Option<Decimal>,
    /// How the Chinese table prints the weight, where not `（N分）` (附件2's `（27）`).
    pub weight_printed: Option<Text>,
    pub bonus: bool,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: Text,
    pub category: usize,
    pub title: Text,
    pub title_en: Text,
    pub weight: Option<Decimal>,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub id: Text,
    pub group: usize,
    pub title: Text,
    pub title_en: Text,
    pub unit: Text,
    pub max: Decimal,
    pub source: Text,
    pub value: Option<Ref>,
    pub rule: Rule,
    pub bonus: bool,
    /// How the item is read where the table leaves a choice.
    pub note: Option<Text>,
    pub note_en: Option<Text>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Gt,
    Ge,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Gt => ">",
            Op::Ge => "≥",
        }
    }

    pub fn holds(self, ordering: std::cmp::Ordering) -> bool {
        match self {
            Op::Gt => ordering.is_gt(),
            Op::Ge => ordering.is_ge(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    pub value: Decimal,
    pub inclusive: bool,
}

#[derive(Debug, Clone)]
pub struct Band {
    pub label: String,
    pub min: Option<Bound>,
    pub max: Option<Bound>,
    pub points: Decimal,
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub key: String,
    pub value: Ref,
    pub points: Decimal,
}

#[derive(Debug, Clone)]
pub enum Rule {
    PerUnit {
        step: Decimal,
        points: Decimal,
    },
    ThresholdStep {
        threshold: Decimal,
        step: Decimal,
        points: Decimal,
        step_points: Decimal,
    },
    Bands(Vec<Band>),
    Weighted(Vec<Term>),
    /// Each kind counts once if present: Σ points of the terms whose count is ≥ 1.
    EachKindOnce(Vec<Term>),
    Level,
    CountAtLeast {
        min: Decimal,
        points: Decimal,
    },
    Requirement {
        op: Op,
        threshold: Decimal,
    },
    Flag {
        points: Decimal,
    },
}

#[derive(Debug, Clone)]
pub struct Gate {
    pub id: Text,
    pub title: Text,
    pub title_en: Text,
    pub value: Ref,
    pub op: Op,
    pub threshold: Decimal,
    pub source: Text,
}

/// A golden case kept with the rubric.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub note: String,
    pub data: Source,
    /// Byte offset of the data text inside the rubric file, when it can be mapped.
    pub data_offset: Option<usize>,
    pub span: Range<usize>,
    pub base: Option<Decimal>,
    pub bonus: Option<Decimal>,
    pub total: Option<Decimal>,
    pub eligible: Option<bool>,
    pub items: Vec<(String, Decimal, Range<usize>)>,
    pub gates: Vec<(String, bool, Range<usize>)>,
}

impl Rule {
    /// The counts a `weighted` or `each_kind_once` rule reads.
    pub fn terms(&self) -> &[Term] {
        match self {
            Rule::Weighted(terms) | Rule::EachKindOnce(terms) => terms,
            _ => &[],
        }
    }
}

impl Rubric {
    pub fn input(&self, key: &str) -> Option<(usize, &Input)> {
        self.inputs.iter().enumerate().find(|(_, i)| i.key == key)
    }

    /// Unit of whatever a reference points at.
    pub fn unit_of(&self, r: Ref) -> &str {
        match r {
            Ref::Input(i) | Ref::Field(i, _) => &self.inputs[i].unit,
            Ref::Derived(d) => &self.derived[d].unit,
        }
    }

    /// The 数据名称 of whatever a reference points at, as a person reads it in a message or on
    /// paper (a count by kind as `专利申请数（发明）`).
    pub fn title_of(&self, r: Ref, lang: crate::i18n::Lang) -> String {
        match r {
            Ref::Input(i) => lang
                .pick(&self.inputs[i].title, &self.inputs[i].title_en)
                .into(),
            Ref::Field(i, f) => {
                let (input, field) = (&self.inputs[i], &self.inputs[i].fields[f]);
                let (whole, part) = (
                    lang.pick(&input.title, &input.title_en),
                    lang.pick(&field.title, &field.title_en),
                );
                match lang {
                    crate::i18n::Lang::Zh => format!("{whole}（{part}）"),
                    crate::i18n::Lang::En => format!("{whole} ({part})"),
                }
            }
            Ref::Derived(d) => lang
                .pick(&self.derived[d].title, &self.derived[d].title_en)
                .into(),
        }
    }

    pub fn key_of(&self, r: Ref) -> String {
        match r {
            Ref::Input(i) => self.inputs[i].key.clone(),
            Ref::Field(i, f) => format!("{}.{}", self.inputs[i].key, self.inputs[i].fields[f].key),
            Ref::Derived(d) => self.derived[d].key.clone(),
        }
    }

    /// Whether the values behind a reference are percentages (held as fractions).
    pub fn is_percent(&self, r: Ref) -> bool {
        is_percent_unit(self.unit_of(r))
    }

    pub fn category_of(&self, item: &Item) -> &Category {
        &self.categories[self.groups[item.group].category]
    }
}

/// Units whose values are held as fractions and shown ×100.
pub fn is_percent_unit(unit: &str) -> bool {
    matches!(unit, "%" | "百分点")
}
