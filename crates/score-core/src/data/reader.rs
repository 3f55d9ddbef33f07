//! The full reader's walk over the span-keeping TOML tree: every value checked against its
//! input's kind, every problem worded with its position.

use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::units::{self, UnitError};
use super::{META_KEYS, Value, confirmed, left_out_kinds, meta, parts_exceeding, title_match};
use crate::diag::{Diagnostic, Source, did_you_mean};
use crate::num::{NumError, parse_decimal};
use crate::rubric::{Input, InputKind, Rubric};

pub(super) struct Reader<'a> {
    pub(super) rubric: &'a Rubric,
    pub(super) source: &'a Source,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) values: Vec<Option<Value>>,
    pub(super) spans: Vec<Option<Range<usize>>>,
    /// Per input: whether its value was written with a unit.
    pub(super) units: Vec<bool>,
    /// Whether the number last read carried a unit.
    pub(super) unit_seen: bool,
    /// The company, year and table the file names.
    pub(super) meta: meta::Meta,
    pub(super) confirmed: Vec<String>,
    /// Kinds left out of a counts table (counted as 0): a warning, or under `--strict` an error.
    pub(super) left_out: Vec<Diagnostic>,
    /// The text is `score serve`'s form written into TOML ([`super::Options::form`]).
    pub(super) form: bool,
}

/// Where a figure was typed, for what a message calls it and asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Typed {
    /// A line of a TOML file: the key is written there.
    Line,
    /// A workbook's or CSV file's cell, beside its key.
    Cell,
    /// A field of the web form, under its 数据名称, with no key shown.
    Field,
}

type Entry<'i> = (
    &'i Spanned<std::borrow::Cow<'i, str>>,
    &'i Spanned<DeValue<'i>>,
);

impl<'a> Reader<'a> {
    /// Where the value was typed: hints say what to type into a cell or a form's field, not a
    /// TOML line.
    fn typed(&self) -> Typed {
        if self.form {
            Typed::Field
        } else if matches!(self.source.position, crate::diag::Position::Cell { .. }) {
            Typed::Cell
        } else {
            Typed::Line
        }
    }

    /// A figure as a message names it: `key` where the key is written (a file, a cell beside
    /// it), the 数据名称 in a form, whose fields show no keys. A list's entry (`key[2]`) is named
    /// by its list.
    fn named(&self, key: &str) -> String {
        if self.typed() != Typed::Field {
            return format!("`{key}`");
        }
        let whole = key.split('[').next().unwrap_or(key);
        match super::keys::resolve_key(self.rubric, whole) {
            Ok(figure) => format!("“{}”", figure.titles(self.rubric).pick(crate::i18n::lang())),
            Err(_) => format!("`{key}`"),
        }
    }

    /// A value as a message quotes it: as written in the file, or as typed into the form (the
    /// TOML string's quotes the form was written with taken off).
    fn quoted(&self, text: &str) -> String {
        if self.typed() != Typed::Field {
            return format!("`{text}`");
        }
        let typed = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text);
        format!("“{typed}”")
    }

    fn error(
        &mut self,
        code: &'static str,
        message: String,
        span: Range<usize>,
        help: Option<String>,
    ) {
        crate::diag::push_capped(
            &mut self.errors,
            Diagnostic::error(code, message)
                .at(self.source, span)
                .maybe_help(help),
        );
    }

    fn known_keys(&self) -> Vec<&'a str> {
        META_KEYS
            .iter()
            .copied()
            .chain([confirmed::KEY])
            .chain(self.rubric.inputs.iter().map(|i| i.key.as_str()))
            .collect()
    }

    pub(super) fn read_table(&mut self, table: &DeTable<'_>) {
        for entry in table.iter() {
            self.read_entry(entry);
        }
    }

    fn read_entry(&mut self, (key, value): Entry<'_>) {
        let name = key.get_ref().as_ref();
        match name {
            _ if meta::Key::of(name).is_some() => {
                let written = match value.get_ref() {
                    DeValue::String(text) => meta::Written::Text(text),
                    DeValue::Integer(i) if i.radix() == 10 => meta::Written::Number {
                        text: i.as_str(),
                        kind: type_name(value.get_ref()),
                    },
                    DeValue::Float(f) => meta::Written::Number {
                        text: f.as_str(),
                        kind: type_name(value.get_ref()),
                    },
                    other => meta::Written::Other(type_name(other)),
                };
                if let Err(problem) = self.meta.put(self.rubric, name, written) {
                    let span = if problem.at_key {
                        key.span()
                    } else {
                        value.span()
                    };
                    let d = problem.diagnostic().at(self.source, span);
                    crate::diag::push_capped(&mut self.errors, d);
                }
            }
            confirmed::KEY => {
                let (keys, errors) = confirmed::read(self.rubric, self.source, value);
                self.confirmed.extend(keys);
                for d in errors {
                    crate::diag::push_capped(&mut self.errors, d);
                }
            }
            _ => match self.rubric.input(name) {
                Some((index, input)) => {
                    self.unit_seen = false;
                    if let Some(parsed) = self.read_value(input, value) {
                        self.values[index] = Some(parsed);
                        self.spans[index] = Some(value.span());
                        self.units[index] = self.unit_seen;
                    }
                }
                None => {
                    let lower = name.to_lowercase();
                    let help = self
                        .field_owner(name)
                        .or_else(|| {
                            (lower != name && self.known_keys().contains(&lower.as_str())).then(
                                || {
                                    crate::tr!(
                                        "是否想写 `{lower}`？数据键用小写字母",
                                        "did you mean `{lower}`? keys are written in lower case"
                                    )
                                },
                            )
                        })
                        .or_else(|| title_match(self.rubric, name))
                        .or_else(|| did_you_mean(&lower, self.known_keys()));
                    let name = crate::diag::quote(name);
                    self.error(
                        "unknown-key",
                        crate::tr!(
                            "未知的键 `{name}`（评分表 `{}`）",
                            "unknown key `{name}` for rubric `{}`",
                            self.rubric.id
                        ),
                        key.span(),
                        help.or_else(|| {
                            Some(crate::tr!(
                                "`score template --rubric {}` 列出全部键",
                                "`score template --rubric {}` lists every key",
                                self.rubric.id
                            ))
                        }),
                    );
                }
            },
        }
    }

    /// A count table's field written at the top level: say where it belongs.
    fn field_owner(&self, name: &str) -> Option<String> {
        self.rubric.inputs.iter().find_map(|i| {
            i.fields.iter().any(|f| f.key == name).then(|| {
                crate::tr!(
                    "`{name}` 应写在表 `[{}]` 中",
                    "`{name}` belongs in the table `[{}]`",
                    i.key
                )
            })
        })
    }

    pub(super) fn read_value(
        &mut self,
        input: &Input,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<Value> {
        let key = &input.key;
        match input.kind {
            InputKind::Money | InputKind::Percent | InputKind::Number => {
                self.number(input, value).map(Value::Number)
            }
            InputKind::Count => self.count(key, &input.unit, value).map(Value::Number),
            InputKind::Flag => self.read_flag(input, value),
            InputKind::Level => self.read_level(input, value),
            InputKind::Counts => self.read_counts(input, value),
            InputKind::List => self.read_list(input, value),
        }
    }

    /// A yes/no: `true`/`false`, or 是/有 and 否/无.
    fn read_flag(&mut self, input: &Input, value: &Spanned<DeValue<'_>>) -> Option<Value> {
        let span = value.span();
        let key = &input.key;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(Value::Flag(*b)),
            DeValue::String(s) if matches!(s.as_ref(), "是" | "有") => Some(Value::Flag(true)),
            DeValue::String(s) if matches!(s.as_ref(), "否" | "无") => Some(Value::Flag(false)),
            other => {
                let named = self.named(key);
                self.error(
                    "wrong-type",
                    crate::tr!(
                        "{named} 应为 true 或 false，而不是{}",
                        "{named} should be true or false, not {}",
                        type_name(other)
                    ),
                    span,
                    Some(match self.typed() {
                        Typed::Cell => crate::tr!(
                            "请在单元格中选“是”或“否”",
                            "choose 是 (yes) or 否 (no) in the cell"
                        ),
                        Typed::Field => crate::tr!("请选“是”或“否”", "choose 是 (yes) or 否 (no)"),
                        Typed::Line => crate::tr!(
                            "请写 `{key} = true` 或 `{key} = false`",
                            "write `{key} = true` or `{key} = false`"
                        ),
                    }),
                );
                None
            }
        }
    }

    /// One of the table's levels, by its label or id.
    fn read_level(&mut self, input: &Input, value: &Spanned<DeValue<'_>>) -> Option<Value> {
        let span = value.span();
        let key = &input.key;
        let set = &self.rubric.level_sets[input.level_set.unwrap_or(0)];
        let accepted = set
            .levels
            .iter()
            .map(|l| format!("\"{}\" ({})", l.label, l.id))
            .collect::<Vec<_>>()
            .join(", ");
        let Some(text) = value.get_ref().as_str() else {
            self.error(
                "wrong-type",
                crate::tr!(
                    "`{key}` 应为表中的一个档次，而不是{}",
                    "`{key}` should be one of the table's levels, not {}",
                    type_name(value.get_ref())
                ),
                span,
                Some(crate::tr!("可填：{accepted}", "accepted: {accepted}")),
            );
            return None;
        };
        let text = text.trim();
        match set
            .levels
            .iter()
            .position(|l| l.label == text || l.id == text)
        {
            Some(level) => Some(Value::Level(level)),
            None => {
                let guess = text.to_lowercase().replace([' ', '-'], "_");
                let close = did_you_mean(
                    &guess,
                    set.levels
                        .iter()
                        .flat_map(|l| [l.label.as_str(), l.id.as_str()]),
                );
                let help = match close {
                    Some(close) => {
                        crate::tr!("{close}可填：{accepted}", "{close} accepted: {accepted}")
                    }
                    None => crate::tr!("可填：{accepted}", "accepted: {accepted}"),
                };
                let text = crate::diag::quote(text);
                self.error(
                    "unknown-level",
                    crate::tr!(
                        "`{text}` 不是 `{key}`（{}）的档次",
                        "`{text}` is not a level of `{key}` ({})",
                        input.title
                    ),
                    span,
                    Some(help),
                );
                None
            }
        }
    }

    /// A table of counts, one per field.
    fn read_counts(&mut self, input: &Input, value: &Spanned<DeValue<'_>>) -> Option<Value> {
        let span = value.span();
        let key = &input.key;
        let Some(table) = value.get_ref().as_table() else {
            let example = input.fields.first().map_or("…", |f| f.key.as_str());
            self.error(
                "wrong-type",
                crate::tr!(
                    "`{key}` 应为各项数量组成的表，而不是{}",
                    "`{key}` should be a table of counts, not {}",
                    type_name(value.get_ref())
                ),
                span,
                Some(crate::tr!(
                    "请写 `{key} = {{ {example} = 1 }}` 或 `[{key}]` 一节",
                    "write `{key} = {{ {example} = 1 }}` or a `[{key}]` section"
                )),
            );
            return None;
        };
        let mut counts = vec![Decimal::ZERO; input.fields.len()];
        let mut seen = vec![false; input.fields.len()];
        let mut ok = true;
        for (field_key, field_value) in table.iter() {
            let field = field_key.get_ref().as_ref();
            match input.fields.iter().position(|f| f.key == field) {
                Some(f) => {
                    seen[f] = true;
                    let path = format!("{key}.{field}");
                    match self.count(&path, "", field_value) {
                        Some(n) => counts[f] = n,
                        None => ok = false,
                    }
                }
                None => {
                    ok = false;
                    let accepted = input
                        .fields
                        .iter()
                        .map(|f| format!("`{}`", f.key))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let top_level = self.known_keys().contains(&field);
                    let help = if top_level {
                        crate::tr!(
                            "`{field}` 不属于 `{key}`：TOML 中 `[{key}]` 行之后的键都属于该表，\
                             请把 `{field} = …` 移到第一个 `[…]` 行之前",
                            "`{field}` is not part of `{key}`: in TOML every key after a \
                             `[{key}]` line belongs to that table, so move `{field} = …` \
                             above the first `[…]` line"
                        )
                    } else {
                        did_you_mean(field, input.fields.iter().map(|f| f.key.as_str()))
                            .unwrap_or_else(|| {
                                crate::tr!("`{key}` 包含：{accepted}", "`{key}` has: {accepted}")
                            })
                    };
                    self.error(
                        "unknown-key",
                        crate::tr!(
                            "`{key}` 中没有键 `{field}`",
                            "unknown key `{field}` in `{key}`"
                        ),
                        field_key.span(),
                        Some(help),
                    );
                }
            }
        }
        if ok {
            self.left_out_kinds(input, &seen, span);
        }
        ok.then_some(Value::Counts(counts))
    }

    /// A list of counts (one per qualifying entry).
    fn read_list(&mut self, input: &Input, value: &Spanned<DeValue<'_>>) -> Option<Value> {
        let span = value.span();
        let key = &input.key;
        let Some(array) = value.get_ref().as_array() else {
            self.error(
                "wrong-type",
                crate::tr!(
                    "`{key}` 应为数字列表，而不是{}",
                    "`{key}` should be a list of numbers, not {}",
                    type_name(value.get_ref())
                ),
                span,
                Some(crate::tr!(
                    "请写 `{key} = [60, 45, 80]`",
                    "write `{key} = [60, 45, 80]`"
                )),
            );
            return None;
        };
        let mut list = Vec::new();
        let mut ok = true;
        for (i, element) in array.iter().enumerate() {
            match self.count(&format!("{key}[{i}]"), &input.unit, element) {
                Some(n) => list.push(n),
                None => ok = false,
            }
        }
        ok.then_some(Value::List(list))
    }

    /// The raw decimal text of a TOML number, or the string, ready for unit parsing.
    fn number_text<'v>(value: &'v DeValue<'_>) -> Option<(std::borrow::Cow<'v, str>, bool)> {
        match value {
            DeValue::Integer(i) if i.radix() == 10 => Some((i.as_str().into(), false)),
            DeValue::Float(f) => Some((f.as_str().into(), false)),
            DeValue::String(s) => Some((s.as_ref().into(), true)),
            _ => None,
        }
    }

    /// `0x10`, `0o17`, `0b101`: TOML integers, but no way to write a figure in a self-evaluation.
    fn not_decimal(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> bool {
        let DeValue::Integer(i) = value.get_ref() else {
            return false;
        };
        if i.radix() == 10 {
            return false;
        }
        let written = self.source.text.get(value.span()).unwrap_or("").to_string();
        let name = key.rsplit('.').next().unwrap_or(key);
        self.error(
            "bad-value",
            crate::tr!(
                "`{key}` = `{written}` 不是十进制数字",
                "`{key}` = `{written}` is not written in decimal digits"
            ),
            value.span(),
            Some(crate::tr!(
                "请用普通数字填写，例如 `{name} = 12`",
                "write the figure in ordinary digits, e.g. `{name} = 12`"
            )),
        );
        true
    }

    fn number(&mut self, input: &Input, value: &Spanned<DeValue<'_>>) -> Option<Decimal> {
        let key = &input.key;
        let span = value.span();
        if self.not_decimal(key, value) {
            return None;
        }
        let Some((text, is_string)) = Self::number_text(value.get_ref()) else {
            let named = self.named(key);
            self.error(
                "wrong-type",
                crate::tr!(
                    "{named} 应为数字，而不是{}",
                    "{named} should be a number, not {}",
                    type_name(value.get_ref())
                ),
                span,
                Some(kind_example(input, self.typed())),
            );
            return None;
        };
        self.unit_seen = is_string && units::has_unit(&text);
        let parsed = match input.kind {
            InputKind::Money if is_string => units::parse_money(&text, &input.unit),
            InputKind::Percent => units::parse_percent(&text),
            _ if is_string => units::parse_plain(&text, &input.unit),
            _ => parse_decimal(&text).map_err(UnitError::Number),
        };
        let value = match parsed {
            Ok(v) => v,
            Err(e) => {
                self.unreadable(key, &text, e, span, input);
                return None;
            }
        };
        if value < Decimal::ZERO && !input.allow_negative {
            let named = self.named(key);
            self.error(
                "negative",
                crate::tr!(
                    "{named} 为 {}，不能为负数",
                    "{named} is {}, but it cannot be negative",
                    crate::num::plain(value)
                ),
                span,
                Some(crate::tr!("{}不能小于 0", "{} is at least 0", input.title)),
            );
            return None;
        }
        Some(value)
    }

    fn unreadable(
        &mut self,
        key: &str,
        text: &str,
        e: UnitError,
        span: Range<usize>,
        input: &Input,
    ) {
        let text = self.quoted(&crate::diag::quote(text));
        let key = self.named(key);
        let (message, help) = match e {
            UnitError::Unreadable(forms) => (
                crate::tr!(
                    "无法把 {text} 读作 {key} 的值",
                    "cannot read {text} as the value of {key}"
                ),
                match self.typed() {
                    Typed::Field => crate::tr!("请填写{forms}", "type {forms}"),
                    Typed::Line | Typed::Cell => crate::tr!("请写{forms}", "write {forms}"),
                },
            ),
            UnitError::Number(NumError::TooLarge) => (
                crate::tr!("{key} = {text} 数值过大", "{key} = {text} is too large"),
                crate::tr!(
                    "数值的绝对值不能超过 {}；单位（{}）是否正确？",
                    "figures are at most {} in magnitude; is the unit ({}) right?",
                    crate::num::MAX_MAGNITUDE,
                    input.unit
                ),
            ),
            UnitError::Number(NumError::TooPrecise) => (
                crate::tr!(
                    "{key} = {text} 小数位数过多",
                    "{key} = {text} has too many decimal places"
                ),
                crate::tr!(
                    "最多保留 {} 位小数",
                    "at most {} decimal places are kept",
                    crate::num::MAX_SCALE
                ),
            ),
            UnitError::Number(NumError::NotANumber) => (
                crate::tr!(
                    "无法把 {text} 读作 {key} 的值",
                    "cannot read {text} as the value of {key}"
                ),
                kind_example(input, self.typed()),
            ),
        };
        self.error("bad-value", message, span, Some(help));
    }

    pub(super) fn count(
        &mut self,
        key: &str,
        unit: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<Decimal> {
        let span = value.span();
        if self.not_decimal(key, value) {
            return None;
        }
        let parsed = self.count_number(key, unit, value)?;
        self.checked_count(key, parsed, span)
    }

    /// A count's value read as a number (a unit it is written with taken off), or the error for
    /// a value that is no number at all (`true`, a table).
    fn count_number(
        &mut self,
        key: &str,
        unit: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<Result<Decimal, UnitError>> {
        let span = value.span();
        Some(match Self::number_text(value.get_ref()) {
            Some((text, true)) => {
                self.unit_seen = units::has_unit(&text);
                units::parse_plain(&text, unit)
            }
            Some((text, false)) => parse_decimal(&text).map_err(UnitError::Number),
            None => {
                let named = self.named(key);
                self.error(
                    "wrong-type",
                    crate::tr!(
                        "{named} 应为整数，而不是{}",
                        "{named} should be a whole number, not {}",
                        type_name(value.get_ref())
                    ),
                    span,
                    Some(match self.typed() {
                        Typed::Cell => crate::tr!(
                            "请在单元格中填写整数，例如 3（不要填 TRUE/FALSE 或“是/否”）",
                            "type a whole number into the cell, e.g. 3 (not TRUE/FALSE or yes/no)"
                        ),
                        Typed::Field => {
                            crate::tr!("请填写整数，例如 3", "type a whole number, e.g. 3")
                        }
                        Typed::Line => crate::tr!(
                            "请写 `{} = 3`",
                            "write `{} = 3`",
                            key.rsplit('.').next().unwrap_or(key)
                        ),
                    }),
                );
                return None;
            }
        })
    }

    /// A count as read, or the error for one that is negative, fractional or unreadable.
    fn checked_count(
        &mut self,
        key: &str,
        parsed: Result<Decimal, UnitError>,
        span: Range<usize>,
    ) -> Option<Decimal> {
        let named = self.named(key);
        match parsed {
            Ok(n) if n < Decimal::ZERO => {
                self.error(
                    "negative",
                    crate::tr!(
                        "{named} 为 {}，数量不能为负数",
                        "{named} is {}, but a count cannot be negative",
                        crate::num::plain(n)
                    ),
                    span,
                    Some(crate::tr!(
                        "数量是不小于 0 的整数",
                        "counts are whole numbers ≥ 0"
                    )),
                );
                None
            }
            Ok(n) if !n.fract().is_zero() => {
                self.error(
                    "fractional-count",
                    crate::tr!(
                        "{named} 为 {}，数量应为整数",
                        "{named} is {}, but a count is a whole number",
                        crate::num::plain(n)
                    ),
                    span,
                    Some(crate::tr!(
                        "数量是不小于 0 的整数",
                        "counts are whole numbers ≥ 0"
                    )),
                );
                None
            }
            Ok(n) => Some(n.normalize()),
            Err(e) => {
                self.unreadable_count(key, e, span);
                None
            }
        }
    }

    /// The error for a count that cannot be read: too large, or no number.
    fn unreadable_count(&mut self, key: &str, e: UnitError, span: Range<usize>) {
        let text = self.quoted(&crate::diag::quote(
            self.source.text.get(span.clone()).unwrap_or(""),
        ));
        let key = self.named(key);
        let (message, help) = match e {
            UnitError::Number(NumError::TooLarge) => (
                crate::tr!("{key} = {text} 数值过大", "{key} = {text} is too large"),
                crate::tr!(
                    "数量不能超过 {}",
                    "counts are at most {}",
                    crate::num::MAX_MAGNITUDE
                ),
            ),
            _ => (
                crate::tr!(
                    "无法把 {text} 读作数量 {key}",
                    "cannot read {text} as the count {key}"
                ),
                crate::tr!(
                    "数量是不小于 0 的整数，例如 3",
                    "counts are whole numbers ≥ 0, e.g. 3"
                ),
            ),
        };
        self.error("bad-value", message, span, Some(help));
    }

    /// A counts table that gives some of its kinds and leaves others out: said where it is.
    fn left_out_kinds(&mut self, input: &Input, seen: &[bool], span: Range<usize>) {
        if let Some((message, help)) = left_out_kinds(input, seen) {
            self.left_out.push(
                Diagnostic::warning("missing-key", message)
                    .at(self.source, span)
                    .help(help),
            );
        }
    }

    /// 其中: a part may not exceed its whole.
    pub(super) fn check_parts(&mut self) {
        for (index, message, help) in parts_exceeding(self.rubric, &self.values) {
            let span = self.spans[index].clone().unwrap_or(0..0);
            self.error("part-exceeds-whole", message, span, Some(help));
        }
    }
}

/// What to write for `input`: as a TOML line, or, for a workbook or CSV cell or a form's field,
/// what to type, with no key and no quotes.
fn kind_example(input: &Input, typed: Typed) -> String {
    if typed == Typed::Field {
        return match input.kind {
            InputKind::Money => crate::tr!(
                "请填写以{unit}为单位的数，或写上单位，例如 350{unit}",
                "type a number in {unit}, or with its unit, e.g. 350{unit}",
                unit = input.unit
            ),
            InputKind::Percent => crate::tr!(
                "请填写百分数，例如 2.4 或 2.4%",
                "type a percentage, e.g. 2.4 or 2.4%"
            ),
            _ => crate::tr!("请填写数，例如 12", "type a number, e.g. 12"),
        };
    }
    if typed == Typed::Cell {
        return match input.kind {
            InputKind::Money if &*input.unit == "万美元" => crate::tr!(
                "请在单元格中填写以万美元为单位的数，例如 35，或写上单位，例如 35万美元",
                "type a number in 万美元 into the cell, e.g. 35, or with its unit, e.g. 35万美元"
            ),
            InputKind::Money => crate::tr!(
                "请在单元格中填写以万元为单位的数，例如 350，或写上单位，例如 350万元",
                "type a number in 万元 into the cell, e.g. 350, or with its unit, e.g. 350万元"
            ),
            InputKind::Percent => crate::tr!(
                "请在单元格中填写百分数，例如 2.4 或 2.4%",
                "type a percentage into the cell, e.g. 2.4 or 2.4%"
            ),
            _ => crate::tr!(
                "请在单元格中填写数，例如 12",
                "type a number into the cell, e.g. 12"
            ),
        };
    }
    match input.kind {
        InputKind::Money if &*input.unit == "万美元" => {
            crate::tr!(
                "请写 `{} = 35`（万美元）或 \"35万美元\"",
                "write `{} = 35` (万美元) or \"35万美元\"",
                input.key
            )
        }
        InputKind::Money => crate::tr!(
            "请写 `{} = 350`（万元）或 \"350万元\"",
            "write `{} = 350` (万元) or \"350万元\"",
            input.key
        ),
        InputKind::Percent => crate::tr!(
            "请写 `{} = 2.4` 或 \"2.4%\"",
            "write `{} = 2.4` or \"2.4%\"",
            input.key
        ),
        _ => crate::tr!("请写 `{} = 12`", "write `{} = 12`", input.key),
    }
}

/// A TOML value's type in the message language: TOML's own English name, or the Chinese one.
fn type_name(value: &DeValue<'_>) -> &'static str {
    crate::i18n::pick(
        match value {
            DeValue::String(..) => "文字",
            DeValue::Integer(..) => "整数",
            DeValue::Float(..) => "小数",
            DeValue::Boolean(..) => "布尔值",
            DeValue::Datetime(..) => "日期时间",
            DeValue::Array(..) => "列表",
            DeValue::Table(..) => "表",
        },
        value.type_str(),
    )
}
