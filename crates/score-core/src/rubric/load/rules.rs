//! `[[items]]` and their rules: the parameters each rule kind takes, the figure it reads, its
//! bands and terms.

use std::collections::HashMap;
use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;

use super::{Builder, Names};
use crate::rubric::raw::{self, NumLit, RuleKind};
use crate::rubric::{Band, Bound, Category, Group, Input, InputKind, Item, Op, Ref, Rule, Term};

impl Builder<'_> {
    /// `[[items]]`: each with its group, figure and rule.
    pub(super) fn items(
        &mut self,
        raw: &raw::RawRubric,
        group_names: &HashMap<String, usize>,
        names: &Names,
        inputs: &[Input],
        (categories, groups): (&[Category], &[Group]),
    ) -> Vec<Item> {
        self.unique("item", raw.items.iter().map(|i| &i.id));
        let mut items = Vec::new();
        for item in &raw.items {
            let group = self.lookup("group", group_names, &item.group);
            let value = item
                .value
                .as_ref()
                .and_then(|v| self.reference(names, inputs, v));
            let max = self.num(&item.max);
            let rule = self.rule(item, value, names, inputs);
            let (Some(group), Some(rule)) = (group, rule) else {
                continue;
            };
            let bonus = categories
                .get(groups[group].category)
                .is_some_and(|c| c.bonus);
            items.push(Item {
                id: item.id.get_ref().clone().into(),
                group,
                title: item.title.clone().into(),
                title_en: item.title_en.clone().into(),
                unit: item.unit.clone().unwrap_or_default().into(),
                max,
                source: item
                    .source
                    .as_ref()
                    .map(|s| s.get_ref().clone())
                    .unwrap_or_default()
                    .into(),
                value,
                rule,
                bonus,
                note: item
                    .note
                    .as_ref()
                    .map(|n| n.get_ref().trim().to_string().into()),
                note_en: item
                    .note_en
                    .as_ref()
                    .map(|n| n.get_ref().trim().to_string().into()),
                span: item.id.span(),
            });
        }
        items
    }

    fn rule(
        &mut self,
        item: &raw::RawItem,
        value: Option<Ref>,
        names: &Names,
        inputs: &[Input],
    ) -> Option<Rule> {
        let raw = item.rule.get_ref();
        let span = item.rule.span();
        let id = item.id.get_ref().clone();
        let kind = *raw.kind.get_ref();
        self.rule_value(item, kind)?;
        self.rule_params(item, kind);
        let required =
            |b: &mut Self, name: &str, lit: &Option<Spanned<NumLit>>| -> Option<Decimal> {
                match lit {
                    Some(lit) => Some(b.num(lit)),
                    None => {
                        b.error(
                            "missing-field",
                            crate::tr!(
                                "评分项 `{id}`: `{}` 规则缺少 `{name}`",
                                "item `{id}`: a `{}` rule needs `{name}`",
                                kind_name(kind)
                            ),
                            span.clone(),
                        );
                        None
                    }
                }
            };
        let or_one = |b: &mut Self, lit: &Option<Spanned<NumLit>>| {
            lit.as_ref().map_or(Decimal::ONE, |p| b.num(p))
        };
        self.rule_reads(item, kind, value, inputs);

        Some(match kind {
            RuleKind::PerUnit => Rule::PerUnit {
                step: self.positive(&raw.step, "step", &id, &span)?,
                points: or_one(self, &raw.points),
            },
            RuleKind::ThresholdStep => Rule::ThresholdStep {
                threshold: required(self, "threshold", &raw.threshold)?,
                step: self.positive(&raw.step, "step", &id, &span)?,
                points: or_one(self, &raw.points),
                step_points: or_one(self, &raw.step_points),
            },
            RuleKind::Bands => self.bands_rule(raw, &id, &span),
            RuleKind::Weighted | RuleKind::EachKindOnce => {
                self.terms_rule(raw, kind, &id, &span, names, inputs)
            }
            RuleKind::Level => Rule::Level,
            RuleKind::CountAtLeast => Rule::CountAtLeast {
                min: required(self, "min", &raw.min)?,
                points: or_one(self, &raw.points),
            },
            RuleKind::Requirement => Rule::Requirement {
                op: self.requirement_op(raw, &id, &span),
                threshold: required(self, "threshold", &raw.threshold)?,
            },
            RuleKind::Flag => Rule::Flag {
                points: required(self, "points", &raw.points)?,
            },
        })
    }

    /// The item's `value` against what a rule of `kind` reads: `None` when a rule that reads a
    /// figure names none; one named by a rule that reads `terms` is reported, and the rule still
    /// built.
    fn rule_value(&mut self, item: &raw::RawItem, kind: RuleKind) -> Option<()> {
        let id = item.id.get_ref();
        let needs_value = !matches!(kind, RuleKind::Weighted | RuleKind::EachKindOnce);
        if needs_value && item.value.is_none() {
            self.error(
                "missing-field",
                crate::tr!(
                    "评分项 `{id}` 没有写 `value`，规则无数可读",
                    "item `{id}` names no `value` for its rule to read"
                ),
                item.id.span(),
            );
            return None;
        }
        if !needs_value && item.value.is_some() {
            self.error(
                "schema",
                crate::tr!(
                    "评分项 `{id}`: `{}` 规则的输入写在 `terms` 中，不用 `value`",
                    "item `{id}`: a `{}` rule names its inputs in `terms`, not `value`",
                    kind_name(kind)
                ),
                item.id.span(),
            );
        }
        Some(())
    }

    /// The parameters a rule of `kind` takes: any other one given is a mistake worth reporting.
    fn rule_params(&mut self, item: &raw::RawItem, kind: RuleKind) {
        let raw = item.rule.get_ref();
        let span = item.rule.span();
        let id = item.id.get_ref();
        let allowed: &[&str] = match kind {
            RuleKind::PerUnit => &["step", "points"],
            RuleKind::ThresholdStep => &["threshold", "step", "points", "step_points"],
            RuleKind::Bands => &["bands"],
            RuleKind::Weighted | RuleKind::EachKindOnce => &["terms"],
            RuleKind::Level => &[],
            RuleKind::CountAtLeast => &["min", "points"],
            RuleKind::Requirement => &["op", "threshold"],
            RuleKind::Flag => &["points"],
        };
        let given: [(&str, Option<Range<usize>>); 8] = [
            ("step", raw.step.as_ref().map(Spanned::span)),
            ("points", raw.points.as_ref().map(Spanned::span)),
            ("threshold", raw.threshold.as_ref().map(Spanned::span)),
            ("step_points", raw.step_points.as_ref().map(Spanned::span)),
            ("min", raw.min.as_ref().map(Spanned::span)),
            ("op", raw.op.as_ref().map(Spanned::span)),
            ("bands", raw.bands.as_ref().map(|_| span.clone())),
            ("terms", raw.terms.as_ref().map(|_| span.clone())),
        ];
        for (name, at) in given {
            if let Some(at) = at
                && !allowed.contains(&name)
            {
                self.error_help(
                    "schema",
                    crate::tr!(
                        "评分项 `{id}`: `{}` 规则没有 `{name}` 参数",
                        "item `{id}`: a `{}` rule takes no `{name}`",
                        kind_name(kind)
                    ),
                    at,
                    Some(if allowed.is_empty() {
                        crate::tr!("它不需要任何参数", "it takes: nothing")
                    } else {
                        crate::tr!("它的参数: {}", "it takes: {}", allowed.join(", "))
                    }),
                );
            }
        }
    }

    /// The figure a rule reads must be of a kind the rule can read.
    fn rule_reads(
        &mut self,
        item: &raw::RawItem,
        kind: RuleKind,
        value: Option<Ref>,
        inputs: &[Input],
    ) {
        let span = item.rule.span();
        let id = item.id.get_ref();
        let value_kind = value.map(|v| match v {
            Ref::Input(i) => Some(inputs[i].kind),
            Ref::Field(..) => Some(InputKind::Count),
            Ref::Derived(_) => None,
        });
        let value_span = item.value.as_ref().map_or(span.clone(), |v| v.span());
        let wanted: &[InputKind] = match kind {
            RuleKind::Level => &[InputKind::Level],
            RuleKind::Flag => &[InputKind::Flag],
            RuleKind::CountAtLeast => &[InputKind::List],
            RuleKind::Weighted | RuleKind::EachKindOnce => &[],
            _ => &[
                InputKind::Money,
                InputKind::Count,
                InputKind::Percent,
                InputKind::Number,
            ],
        };
        let numeric_rule = !matches!(
            kind,
            RuleKind::Level | RuleKind::Flag | RuleKind::CountAtLeast
        );
        let kind_ok = match value_kind {
            None | Some(None) => numeric_rule,
            Some(Some(k)) => wanted.is_empty() || wanted.contains(&k),
        };
        if !kind_ok {
            let read = item.value.as_ref().map_or("?", |v| v.get_ref().as_str());
            let is = match value_kind {
                Some(Some(k)) => crate::tr!("它是 {} 类输入项", "a {} input", input_kind_name(k)),
                _ => crate::tr!("它是派生指标", "a derived figure"),
            };
            let wants: Vec<String> = wanted
                .iter()
                .map(|k| format!("`{}`", input_kind_name(*k)))
                .collect();
            self.error_help(
                "wrong-input-kind",
                crate::tr!(
                    "评分项 `{id}`: `{}` 规则不能读取 `{read}`，{is}",
                    "item `{id}`: a `{}` rule cannot read `{read}`, {is}",
                    kind_name(kind)
                ),
                value_span,
                Some(crate::tr!(
                    "它读取的输入项类型应为 {}",
                    "it reads an input of kind {}",
                    wants.join(crate::tr!(" 或 ", " or ").as_str())
                )),
            );
        }
    }

    /// A `bands` rule: each band's bounds say whether they are included.
    fn bands_rule(&mut self, raw: &raw::RawRule, id: &str, span: &Range<usize>) -> Rule {
        let mut out = Vec::new();
        for band in raw.bands.iter().flatten() {
            let b = band.get_ref();
            let label = b.label.clone().unwrap_or_default();
            let bound = |s: &mut Self,
                         v: &Option<Spanned<NumLit>>,
                         inc: Option<bool>,
                         side: &str| {
                let v = v.as_ref()?;
                let value = s.num(v);
                if inc.is_none() {
                    let end = match side {
                        "min" => crate::tr!("下限", "min"),
                        _ => crate::tr!("上限", "max"),
                    };
                    s.error_help(
                        "band-inclusivity",
                        crate::tr!(
                            "评分项 `{id}`: 区间“{label}”没有说明{end} {} 是否包含在内",
                            "item `{id}`: band `{label}` does not say whether its {end} {} is included",
                            crate::num::plain(value)
                        ),
                        v.span(),
                        Some(crate::tr!(
                            "请加上 `{side}_inclusive = true` 或 `false`",
                            "add `{side}_inclusive = true` or `false`"
                        )),
                    );
                }
                Some(Bound {
                    value,
                    inclusive: inc.unwrap_or(true),
                })
            };
            let min = bound(self, &b.min, b.min_inclusive, "min");
            let max = bound(self, &b.max, b.max_inclusive, "max");
            out.push(Band {
                label,
                min,
                max,
                points: self.num(&b.points),
                span: band.span(),
            });
        }
        if out.is_empty() {
            self.error(
                "missing-field",
                crate::tr!(
                    "评分项 `{id}`: `bands` 规则缺少 `bands`",
                    "item `{id}`: a `bands` rule needs `bands`"
                ),
                span.clone(),
            );
        }
        Rule::Bands(out)
    }

    /// A `weighted` or `each_kind_once` rule: its terms are counts.
    fn terms_rule(
        &mut self,
        raw: &raw::RawRule,
        kind: RuleKind,
        id: &str,
        span: &Range<usize>,
        names: &Names,
        inputs: &[Input],
    ) -> Rule {
        let mut out = Vec::new();
        for term in raw.terms.iter().flatten() {
            let t = term.get_ref();
            let points = self.num(&t.points);
            let Some(r) = self.reference(names, inputs, &t.key) else {
                continue;
            };
            let countable = match r {
                Ref::Field(..) => true,
                Ref::Input(i) => {
                    matches!(inputs[i].kind, InputKind::Count | InputKind::Flag)
                }
                Ref::Derived(_) => false,
            };
            if !countable {
                self.error(
                    "wrong-input-kind",
                    crate::tr!(
                        "评分项 `{id}`: 加权项 `{}` 不是计数",
                        "item `{id}`: term `{}` is not a count",
                        t.key.get_ref()
                    ),
                    t.key.span(),
                );
            }
            out.push(Term {
                key: t.key.get_ref().clone(),
                value: r,
                points,
            });
        }
        if out.is_empty() {
            self.error(
                "missing-field",
                crate::tr!(
                    "评分项 `{id}`: `{}` 规则缺少 `terms`",
                    "item `{id}`: a `{}` rule needs `terms`",
                    kind_name(kind)
                ),
                span.clone(),
            );
        }
        if kind == RuleKind::EachKindOnce {
            Rule::EachKindOnce(out)
        } else {
            Rule::Weighted(out)
        }
    }

    /// A `requirement` rule's comparison (`>=` when it is missing, which is reported).
    fn requirement_op(&mut self, raw: &raw::RawRule, id: &str, span: &Range<usize>) -> Op {
        match &raw.op {
            Some(op) => self.op(op),
            None => {
                self.error(
                    "missing-field",
                    crate::tr!(
                        "评分项 `{id}`: `requirement` 规则缺少 `op`",
                        "item `{id}`: a `requirement` rule needs `op`"
                    ),
                    span.clone(),
                );
                Op::Ge
            }
        }
    }

    fn positive(
        &mut self,
        lit: &Option<Spanned<NumLit>>,
        what: &str,
        id: &str,
        rule: &Range<usize>,
    ) -> Option<Decimal> {
        let Some(lit) = lit else {
            self.error(
                "missing-field",
                crate::tr!(
                    "评分项 `{id}`: 这条规则缺少 `{what}`",
                    "item `{id}`: this rule needs `{what}`"
                ),
                rule.clone(),
            );
            return None;
        };
        let value = self.num(lit);
        if value <= Decimal::ZERO {
            self.error(
                "step-not-positive",
                crate::tr!(
                    "评分项 `{id}`: {what} 必须大于 0，现为 {}",
                    "item `{id}`: {what} must be greater than 0, not {}",
                    crate::num::plain(value)
                ),
                lit.span(),
            );
            return None;
        }
        Some(value)
    }
}

fn input_kind_name(kind: InputKind) -> &'static str {
    match kind {
        InputKind::Money => "money",
        InputKind::Count => "count",
        InputKind::Percent => "percent",
        InputKind::Number => "number",
        InputKind::Level => "level",
        InputKind::Flag => "flag",
        InputKind::Counts => "counts",
        InputKind::List => "list",
    }
}

fn kind_name(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::PerUnit => "per_unit",
        RuleKind::ThresholdStep => "threshold_step",
        RuleKind::Bands => "bands",
        RuleKind::Weighted => "weighted",
        RuleKind::EachKindOnce => "each_kind_once",
        RuleKind::Level => "level",
        RuleKind::CountAtLeast => "count_at_least",
        RuleKind::Requirement => "requirement",
        RuleKind::Flag => "flag",
    }
}
