//! `[[levels]]`, `[[inputs]]` and `[[derived]]`: the figures a data file gives and those
//! computed from them, with their believable ranges.

use std::collections::HashMap;

use rust_decimal::Decimal;
use toml::Spanned;

use super::{Builder, Names};
use crate::rubric::raw::{self, NumLit, RawInputKind, RawOp};
use crate::rubric::{
    Derived, Field, Formula, Input, InputKind, Level, LevelSet, Operation, Plausible, Text,
    is_percent_unit,
};

impl Builder<'_> {
    /// `[[levels]]`: the level sets, by id.
    pub(super) fn level_sets(
        &mut self,
        raw: &raw::RawRubric,
    ) -> (HashMap<String, usize>, Vec<LevelSet>) {
        let level_names = self.unique("level set", raw.levels.iter().map(|l| &l.id));
        let level_sets: Vec<LevelSet> = raw
            .levels
            .iter()
            .map(|set| LevelSet {
                id: set.id.get_ref().clone(),
                levels: set
                    .levels
                    .iter()
                    .map(|l| Level {
                        id: l.id.get_ref().clone(),
                        label: l.label.get_ref().clone(),
                        label_en: l.label_en.clone(),
                        points: self.num(&l.points),
                    })
                    .collect(),
            })
            .collect();
        (level_names, level_sets)
    }

    /// `[[inputs]]`: the figures a data file gives, by key.
    pub(super) fn inputs(
        &mut self,
        raw: &raw::RawRubric,
        level_names: &HashMap<String, usize>,
    ) -> (HashMap<String, usize>, Vec<Input>) {
        let input_names = self.unique("input", raw.inputs.iter().map(|i| &i.key));
        let mut inputs = Vec::new();
        for input in &raw.inputs {
            let input = self.input(input, level_names, &input_names);
            inputs.push(input);
        }
        (input_names, inputs)
    }

    /// One `[[inputs]]` entry.
    fn input(
        &mut self,
        input: &raw::RawInput,
        level_names: &HashMap<String, usize>,
        input_names: &HashMap<String, usize>,
    ) -> Input {
        let kind = match input.kind.get_ref() {
            RawInputKind::Money => InputKind::Money,
            RawInputKind::Count => InputKind::Count,
            RawInputKind::Percent => InputKind::Percent,
            RawInputKind::Number => InputKind::Number,
            RawInputKind::Level => InputKind::Level,
            RawInputKind::Flag => InputKind::Flag,
            RawInputKind::Counts => InputKind::Counts,
            RawInputKind::List => InputKind::List,
        };
        let level_set = self.input_levels(input, kind, level_names);
        self.input_fields(input, kind);
        let unit = self.input_unit(input, kind);
        let part_of = input
            .part_of
            .as_ref()
            .and_then(|whole| self.lookup("input", input_names, whole));
        let numeric = !matches!(
            kind,
            InputKind::Level | InputKind::Flag | InputKind::Counts | InputKind::List
        );
        let plausible = self.plausible(
            input.key.get_ref(),
            &input.plausible,
            is_percent_unit(&unit),
            numeric,
        );
        Input {
            key: input.key.get_ref().clone(),
            kind,
            title: input.title.clone().into(),
            title_en: input.title_en.clone().into(),
            unit: unit.into(),
            level_set,
            fields: input
                .fields
                .iter()
                .map(|f| Field {
                    key: f.key.get_ref().clone(),
                    title: f.title.clone().into(),
                    title_en: f.title_en.clone().into(),
                    short: f.short.as_ref().unwrap_or(&f.title).clone().into(),
                    short_en: f.short_en.as_ref().unwrap_or(&f.title_en).clone().into(),
                })
                .collect(),
            allow_negative: input.allow_negative,
            optional: input.optional,
            part_of,
            plausible,
            short: input.short.as_ref().unwrap_or(&input.title).clone().into(),
            short_en: input
                .short_en
                .as_ref()
                .unwrap_or(&input.title_en)
                .clone()
                .into(),
            evidence: text_of(&input.evidence),
            evidence_en: text_of(&input.evidence_en),
            span: input.key.span(),
        }
    }

    /// The level set a level input names (and only a level input names one).
    fn input_levels(
        &mut self,
        input: &raw::RawInput,
        kind: InputKind,
        level_names: &HashMap<String, usize>,
    ) -> Option<usize> {
        match (&input.levels, kind) {
            (Some(set), InputKind::Level) => self.lookup("level set", level_names, set),
            (None, InputKind::Level) => {
                self.error(
                    "missing-field",
                    crate::tr!(
                        "等级输入项 `{}` 没有指定 `levels` 等级集",
                        "level input `{}` names no `levels` set",
                        input.key.get_ref()
                    ),
                    input.key.span(),
                );
                None
            }
            (Some(set), _) => {
                self.error(
                    "schema",
                    crate::tr!(
                        "`levels` 只用于 `kind = \"level\"` 的输入项",
                        "`levels` is only for `kind = \"level\"` inputs"
                    ),
                    set.span(),
                );
                None
            }
            (None, _) => None,
        }
    }

    /// A counts input declares its `fields`, and only a counts input does.
    fn input_fields(&mut self, input: &raw::RawInput, kind: InputKind) {
        if kind == InputKind::Counts && input.fields.is_empty() {
            self.error(
                "missing-field",
                crate::tr!(
                    "计数输入项 `{}` 没有声明 `fields`",
                    "counts input `{}` declares no `fields`",
                    input.key.get_ref()
                ),
                input.key.span(),
            );
        }
        if kind != InputKind::Counts && !input.fields.is_empty() {
            self.error(
                "schema",
                crate::tr!(
                    "`fields` 只用于 `kind = \"counts\"` 的输入项",
                    "`fields` is only for `kind = \"counts\"` inputs"
                ),
                input.key.span(),
            );
        }
        self.unique("field", input.fields.iter().map(|f| &f.key));
    }

    /// The input's unit (万元 and % by default), one this kind of input can read.
    fn input_unit(&mut self, input: &raw::RawInput, kind: InputKind) -> String {
        let unit: String = match (&input.unit, kind) {
            (Some(u), _) => u.get_ref().clone(),
            (None, InputKind::Money) => "万元".into(),
            (None, InputKind::Percent) => "%".into(),
            (None, _) => String::new(),
        };
        if kind == InputKind::Money && !matches!(unit.as_str(), "万元" | "万美元") {
            let span = input.unit.as_ref().map_or(input.key.span(), |u| u.span());
            self.error_help(
                "bad-unit",
                crate::tr!(
                    "输入项 `{}`: 不支持金额单位 `{unit}`",
                    "input `{}`: money unit `{unit}` is not supported",
                    input.key.get_ref()
                ),
                span,
                Some(crate::tr!(
                    "请用 \"万元\" 或 \"万美元\"",
                    "use \"万元\" or \"万美元\""
                )),
            );
        }
        if kind == InputKind::Percent && unit != "%" {
            let span = input.unit.as_ref().map_or(input.key.span(), |u| u.span());
            self.error(
                "bad-unit",
                crate::tr!(
                    "输入项 `{}`: 百分比输入项的单位是 \"%\"，不是 `{unit}`",
                    "input `{}`: a percent input's unit is \"%\", not `{unit}`",
                    input.key.get_ref()
                ),
                span,
            );
        }
        unit
    }

    /// `[[derived]]`: figures computed from inputs and earlier derived ones (entered in `names`).
    pub(super) fn derived(
        &mut self,
        raw: &raw::RawRubric,
        names: &mut Names,
        inputs: &[Input],
    ) -> Vec<Derived> {
        let mut derived = Vec::new();
        for d in &raw.derived {
            let key = d.key.get_ref();
            if names.inputs.contains_key(key) || names.derived.contains_key(key) {
                self.error(
                    "duplicate-id",
                    crate::tr!(
                        "派生指标的键 `{key}` 已经声明过",
                        "derived key `{key}` is already declared"
                    ),
                    d.key.span(),
                );
                continue;
            }
            // A derived figure may only use what is declared before it, so there are no cycles.
            let (first, second) = match d.op.get_ref() {
                RawOp::Ratio => (("numerator", &d.numerator), ("denominator", &d.denominator)),
                RawOp::Difference => (("minuend", &d.minuend), ("subtrahend", &d.subtrahend)),
            };
            let operand = |b: &mut Self, (name, key): (&str, &Option<Spanned<String>>)| match key {
                Some(key) => b.reference(names, inputs, key),
                None => {
                    b.error(
                        "missing-field",
                        crate::tr!(
                            "派生指标 `{}` 缺少 `{name}`",
                            "derived `{}` needs `{name}`",
                            d.key.get_ref()
                        ),
                        d.key.span(),
                    );
                    None
                }
            };
            let a = operand(self, first);
            let b = operand(self, second);
            let stray = match d.op.get_ref() {
                RawOp::Ratio => d.minuend.as_ref().or(d.subtrahend.as_ref()),
                RawOp::Difference => d.numerator.as_ref().or(d.denominator.as_ref()),
            };
            if let Some(stray) = stray {
                self.error(
                    "schema",
                    crate::tr!(
                        "派生指标 `{}`: 这个操作数与它的 `op` 不符",
                        "derived `{}`: this operand does not belong to its `op`",
                        d.key.get_ref()
                    ),
                    stray.span(),
                );
            }
            let op = match d.op.get_ref() {
                RawOp::Ratio => Operation::Ratio,
                RawOp::Difference => Operation::Difference,
            };
            let formula = a.zip(b).map(|(left, right)| Formula { op, left, right });
            let Some(formula) = formula else { continue };
            names.derived.insert(key.clone(), derived.len());
            let unit = d
                .unit
                .as_ref()
                .map(|u| u.get_ref().clone())
                .unwrap_or_default();
            let plausible = self.plausible(key, &d.plausible, is_percent_unit(&unit), true);
            derived.push(Derived {
                key: key.clone(),
                title: d.title.clone().into(),
                title_en: d.title_en.clone().into(),
                unit: unit.into(),
                formula,
                plausible,
            });
        }
        derived
    }

    /// A believable range: bounds in the key's terms (`"100%"` for a percentage, a bare number
    /// otherwise), `min` ≤ `max`, and only on figures that are numbers.
    fn plausible(
        &mut self,
        key: &str,
        raw: &Option<Spanned<raw::RawPlausible>>,
        percent: bool,
        numeric: bool,
    ) -> Option<Plausible> {
        let raw = raw.as_ref()?;
        if !numeric {
            self.error_help(
                "bad-range",
                crate::tr!(
                    "`{key}`：`plausible` 只能用于数值",
                    "`{key}`: `plausible` is only for figures that are numbers"
                ),
                raw.span(),
                Some(crate::tr!(
                    "删去 `plausible`：等级、是否、列表和计数表没有范围",
                    "remove `plausible`: a level, flag, list or counts table has no range"
                )),
            );
            return None;
        }
        let r = raw.get_ref();
        let min = self.plausible_bound(key, &r.min, percent);
        let max = self.plausible_bound(key, &r.max, percent);
        if min.is_none() && max.is_none() {
            self.error_help(
                "bad-range",
                crate::tr!(
                    "`{key}`：`plausible` 既没有 `min` 也没有 `max`",
                    "`{key}`: `plausible` gives neither `min` nor `max`"
                ),
                raw.span(),
                Some(crate::tr!(
                    "例如写 `plausible = {{ max = 1000000 }}`",
                    "write e.g. `plausible = {{ max = 1000000 }}`"
                )),
            );
            return None;
        }
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            self.error_help(
                "bad-range",
                {
                    let (lo, hi) = (crate::num::plain(lo), crate::num::plain(hi));
                    crate::tr!(
                        "`{key}`：合理范围的 `min` {lo} 大于 `max` {hi}",
                        "`{key}`: plausible `min` {lo} is above `max` {hi}"
                    )
                },
                raw.span(),
                Some(crate::tr!(
                    "对调两者：范围是 min ≤ 数值 ≤ max",
                    "swap them: the range is min ≤ figure ≤ max"
                )),
            );
            return None;
        }
        Some(Plausible { min, max })
    }

    /// One bound of a believable range, if given; one not written in the key's terms (with `%`
    /// exactly when the figure is a percentage) is reported, and still read.
    fn plausible_bound(
        &mut self,
        key: &str,
        lit: &Option<Spanned<NumLit>>,
        percent: bool,
    ) -> Option<Decimal> {
        let lit = lit.as_ref()?;
        let written = self.source.text[lit.span()]
            .trim()
            .trim_matches(['"', '\'']);
        if written.ends_with('%') != percent {
            let help = if percent {
                crate::tr!(
                    "`{key}` 是百分数：边界写作 \"{written}%\"",
                    "`{key}` is a percentage: write the bound as \"{written}%\""
                )
            } else {
                crate::tr!(
                    "`{key}` 不是百分数：边界按其单位写，不带 `%`",
                    "`{key}` is not a percentage: write the bound in its unit, without `%`"
                )
            };
            self.error_help(
                "bad-range",
                crate::tr!(
                    "`{key}`：合理范围的边界 `{written}` 与数值的单位不符",
                    "`{key}`: plausible bound `{written}` is not in the figure's unit"
                ),
                lit.span(),
                Some(help),
            );
        }
        Some(self.num(lit))
    }
}

/// A text the rubric may leave out; blank is the same as left out.
fn text_of(text: &Option<Spanned<String>>) -> Option<Text> {
    text.as_ref()
        .map(|t| t.get_ref().trim())
        .filter(|t| !t.is_empty())
        .map(Into::into)
}
