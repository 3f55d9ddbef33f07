//! A company's figures, read from a TOML data file against a rubric's declared inputs.
//!
//! Every problem of a file is collected and reported together; nothing is guessed silently.

pub mod decode;
pub mod units;

use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Failed, Source, did_you_mean};
use crate::num::{NumError, parse_decimal};
use crate::rubric::{Input, InputKind, Rubric};
use units::UnitError;

/// Keys every rubric knows besides its inputs.
pub const META_KEYS: [&str; 3] = ["company", "name", "year"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Number(Decimal),
    /// Index into the input's level set.
    Level(usize),
    Flag(bool),
    /// One count per field of the input, in declaration order.
    Counts(Vec<Decimal>),
    List(Vec<Decimal>),
}

/// One data file, read and checked.
#[derive(Debug, Clone)]
pub struct Data {
    pub source: Source,
    pub company: Option<String>,
    pub year: Option<i64>,
    /// Per rubric input: the value given, or `None` when the file lacks it.
    pub values: Vec<Option<Value>>,
    /// Warnings for the sheet (missing keys, a year other than the rubric's, GBK decoding).
    pub warnings: Vec<String>,
    /// Notes for the sheet (an optional figure absent).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Missing keys are errors rather than warnings.
    pub strict: bool,
}

/// Reads a data file from disk.
pub fn load_file(
    rubric: &Rubric,
    path: &std::path::Path,
    options: Options,
) -> Result<Data, Failed> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Failed {
        diagnostics: vec![Diagnostic::error(
            "io",
            format!("cannot read `{name}`: {e}"),
        )],
    })?;
    load_bytes(rubric, &name, &bytes, options)
}

/// Reads a data file's bytes.
pub fn load_bytes(
    rubric: &Rubric,
    name: &str,
    bytes: &[u8],
    options: Options,
) -> Result<Data, Failed> {
    let (text, gbk) = match decode::decode(name, bytes) {
        Ok(decode::Decoded::Utf8(text)) => (text, false),
        Ok(decode::Decoded::Gbk(text)) => (text, true),
        Err(d) => {
            return Err(Failed {
                diagnostics: vec![*d],
            });
        }
    };
    let mut data = load_str(rubric, Source::new(name, text), options)?;
    if gbk {
        data.warnings.insert(
            0,
            format!("`{name}` 不是 UTF-8 编码，已按 GBK 读取；请另存为 UTF-8 (the file is not UTF-8; it was read as GBK — save it as UTF-8: 文件 → 另存为 → 编码: UTF-8)"),
        );
    }
    Ok(data)
}

/// Reads data from text already decoded.
pub fn load_str(rubric: &Rubric, source: Source, options: Options) -> Result<Data, Failed> {
    let text = source.text.clone();
    let (table, parse_errors) = DeTable::parse_recoverable(&text);
    if !parse_errors.is_empty() {
        let diagnostics = parse_errors
            .iter()
            .map(|e| {
                Diagnostic::error("syntax", e.message().trim().to_string())
                    .at(&source, e.span().unwrap_or(0..0))
                    .help("this is not valid TOML; a line reads `key = value`, text in \"quotes\"")
            })
            .collect();
        return Err(Failed { diagnostics });
    }
    let mut reader = Reader {
        rubric,
        source: &source,
        errors: Vec::new(),
        values: vec![None; rubric.inputs.len()],
        spans: vec![None; rubric.inputs.len()],
        company: None,
        year: None,
    };
    reader.read_table(table.get_ref());
    reader.check_parts();
    let Reader {
        mut errors,
        values,
        company,
        year,
        ..
    } = reader;

    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    if let (Some(year), Some(expected)) = (year, rubric.data_year)
        && year != expected
    {
        warnings.push(format!(
            "`year` 为 {year}，但通知要求 {expected} 年数据 (the notice asks for {expected}'s figures)"
        ));
    }
    for (input, value) in rubric.inputs.iter().zip(&values) {
        if value.is_some() {
            continue;
        }
        let counted_as = missing_meaning(rubric, input);
        if input.optional {
            notes.push(format!(
                "未填写 `{}`（{}）：{counted_as}",
                input.key, input.title
            ));
        } else if options.strict {
            errors.push(
                Diagnostic::error(
                    "missing-key",
                    format!("`{}` ({}) is not given", input.key, input.title),
                )
                .in_file(&source)
                .help(format!(
                    "add `{} = …` to the file; --strict refuses missing figures",
                    input.key
                )),
            );
        } else {
            warnings.push(format!(
                "未填写 `{}`（{}）：{counted_as}",
                input.key, input.title
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Failed {
            diagnostics: errors,
        });
    }
    Ok(Data {
        source,
        company,
        year,
        values,
        warnings,
        notes,
    })
}

fn missing_meaning(rubric: &Rubric, input: &Input) -> String {
    match input.kind {
        InputKind::Level => {
            let set = &rubric.level_sets[input.level_set.unwrap_or(0)];
            let lowest = &set.levels[set.lowest()];
            format!(
                "按最低档“{}”计 (not given; counted as the lowest level, {})",
                lowest.label, lowest.id
            )
        }
        InputKind::Flag => "按“否”计 (not given; counted as false)".into(),
        InputKind::List => "按无计 (not given; counted as none)".into(),
        _ if input.optional => {
            "依赖它的指标得 0 分 (not given; the items that need it score 0)".into()
        }
        _ => "按 0 计 (not given; counted as 0)".into(),
    }
}

struct Reader<'a> {
    rubric: &'a Rubric,
    source: &'a Source,
    errors: Vec<Diagnostic>,
    values: Vec<Option<Value>>,
    spans: Vec<Option<Range<usize>>>,
    company: Option<String>,
    year: Option<i64>,
}

type Entry<'i> = (
    &'i Spanned<std::borrow::Cow<'i, str>>,
    &'i Spanned<DeValue<'i>>,
);

impl<'a> Reader<'a> {
    fn error(
        &mut self,
        code: &'static str,
        message: String,
        span: Range<usize>,
        help: Option<String>,
    ) {
        self.errors.push(
            Diagnostic::error(code, message)
                .at(self.source, span)
                .maybe_help(help),
        );
    }

    fn known_keys(&self) -> Vec<&'a str> {
        META_KEYS
            .iter()
            .copied()
            .chain(self.rubric.inputs.iter().map(|i| i.key.as_str()))
            .collect()
    }

    fn read_table(&mut self, table: &DeTable<'_>) {
        for entry in table.iter() {
            self.read_entry(entry);
        }
    }

    fn read_entry(&mut self, (key, value): Entry<'_>) {
        let name = key.get_ref().as_ref();
        match name {
            "company" | "name" => match value.get_ref().as_str() {
                Some(s) => self.company = Some(s.to_string()),
                None => self.error(
                    "wrong-type",
                    format!(
                        "`{name}` should be text, not {}",
                        value.get_ref().type_str()
                    ),
                    value.span(),
                    Some(format!("write `{name} = \"…\"`")),
                ),
            },
            "year" => match value
                .get_ref()
                .as_integer()
                .and_then(|i| i.as_str().parse().ok())
            {
                Some(y) => self.year = Some(y),
                None => self.error(
                    "wrong-type",
                    "`year` should be a whole number such as 2023".into(),
                    value.span(),
                    None,
                ),
            },
            _ => match self.rubric.input(name) {
                Some((index, input)) => {
                    if let Some(parsed) = self.read_value(input, value) {
                        self.values[index] = Some(parsed);
                        self.spans[index] = Some(value.span());
                    }
                }
                None => {
                    let help =
                        did_you_mean(name, self.known_keys()).or_else(|| self.field_owner(name));
                    self.error(
                        "unknown-key",
                        format!("unknown key `{name}` for rubric `{}`", self.rubric.id),
                        key.span(),
                        help.or_else(|| {
                            Some(format!(
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
            i.fields
                .iter()
                .any(|f| f.key == name)
                .then(|| format!("`{name}` belongs in the table `[{}]`", i.key))
        })
    }

    fn read_value(&mut self, input: &Input, value: &Spanned<DeValue<'_>>) -> Option<Value> {
        let span = value.span();
        let key = &input.key;
        match input.kind {
            InputKind::Money | InputKind::Percent | InputKind::Number => {
                self.number(input, value).map(Value::Number)
            }
            InputKind::Count => self.count(key, &input.unit, value).map(Value::Number),
            InputKind::Flag => match value.get_ref() {
                DeValue::Boolean(b) => Some(Value::Flag(*b)),
                DeValue::String(s) if matches!(s.as_ref(), "是" | "有") => {
                    Some(Value::Flag(true))
                }
                DeValue::String(s) if matches!(s.as_ref(), "否" | "无") => {
                    Some(Value::Flag(false))
                }
                other => {
                    self.error(
                        "wrong-type",
                        format!("`{key}` should be true or false, not {}", other.type_str()),
                        span,
                        Some(format!("write `{key} = true` or `{key} = false`")),
                    );
                    None
                }
            },
            InputKind::Level => {
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
                        format!(
                            "`{key}` should be one of the table's levels, not {}",
                            value.get_ref().type_str()
                        ),
                        span,
                        Some(format!("accepted: {accepted}")),
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
                        self.error(
                            "unknown-level",
                            format!("`{text}` is not a level of `{key}`"),
                            span,
                            Some(format!("accepted: {accepted}")),
                        );
                        None
                    }
                }
            }
            InputKind::Counts => {
                let Some(table) = value.get_ref().as_table() else {
                    let example = input.fields.first().map_or("…", |f| f.key.as_str());
                    self.error(
                        "wrong-type",
                        format!(
                            "`{key}` should be a table of counts, not {}",
                            value.get_ref().type_str()
                        ),
                        span,
                        Some(format!(
                            "write `{key} = {{ {example} = 1 }}` or a `[{key}]` section"
                        )),
                    );
                    return None;
                };
                let mut counts = vec![Decimal::ZERO; input.fields.len()];
                let mut ok = true;
                for (field_key, field_value) in table.iter() {
                    let field = field_key.get_ref().as_ref();
                    match input.fields.iter().position(|f| f.key == field) {
                        Some(f) => {
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
                            let help =
                                did_you_mean(field, input.fields.iter().map(|f| f.key.as_str()))
                                    .unwrap_or_else(|| format!("`{key}` has: {accepted}"));
                            self.error(
                                "unknown-key",
                                format!("unknown key `{field}` in `{key}`"),
                                field_key.span(),
                                Some(help),
                            );
                        }
                    }
                }
                ok.then_some(Value::Counts(counts))
            }
            InputKind::List => {
                let Some(array) = value.get_ref().as_array() else {
                    self.error(
                        "wrong-type",
                        format!(
                            "`{key}` should be a list of numbers, not {}",
                            value.get_ref().type_str()
                        ),
                        span,
                        Some(format!("write `{key} = [60, 45, 80]`")),
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
        }
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

    fn number(&mut self, input: &Input, value: &Spanned<DeValue<'_>>) -> Option<Decimal> {
        let key = &input.key;
        let span = value.span();
        let Some((text, is_string)) = Self::number_text(value.get_ref()) else {
            self.error(
                "wrong-type",
                format!(
                    "`{key}` should be a number, not {}",
                    value.get_ref().type_str()
                ),
                span,
                Some(kind_example(input)),
            );
            return None;
        };
        let parsed = match input.kind {
            InputKind::Money if is_string => units::parse_money(&text, &input.unit),
            InputKind::Percent if is_string => units::parse_percent(&text),
            InputKind::Percent => parse_decimal(&text)
                .map(|v| (v / Decimal::ONE_HUNDRED).normalize())
                .map_err(UnitError::Number),
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
            self.error(
                "negative",
                format!(
                    "`{key}` is {}, but it cannot be negative",
                    crate::num::plain(value)
                ),
                span,
                Some(format!("{} is at least 0", input.title)),
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
        let (message, help) = match e {
            UnitError::Unreadable(forms) => (
                format!("cannot read `{text}` as the value of `{key}`"),
                format!("write {forms}"),
            ),
            UnitError::Number(NumError::TooLarge) => (
                format!("`{key}` = `{text}` is too large"),
                format!(
                    "figures are at most {} in magnitude; is the unit ({}) right?",
                    crate::num::MAX_MAGNITUDE,
                    input.unit
                ),
            ),
            UnitError::Number(NumError::TooPrecise) => (
                format!("`{key}` = `{text}` has too many decimal places"),
                format!("at most {} decimal places are kept", crate::num::MAX_SCALE),
            ),
            UnitError::Number(NumError::NotANumber) => (
                format!("cannot read `{text}` as the value of `{key}`"),
                kind_example(input),
            ),
        };
        self.error("bad-value", message, span, Some(help));
    }

    fn count(&mut self, key: &str, unit: &str, value: &Spanned<DeValue<'_>>) -> Option<Decimal> {
        let span = value.span();
        let parsed = match Self::number_text(value.get_ref()) {
            Some((text, true)) => units::parse_plain(&text, unit),
            Some((text, false)) => parse_decimal(&text).map_err(UnitError::Number),
            None => {
                self.error(
                    "wrong-type",
                    format!(
                        "`{key}` should be a whole number, not {}",
                        value.get_ref().type_str()
                    ),
                    span,
                    Some(format!(
                        "write `{} = 3`",
                        key.rsplit('.').next().unwrap_or(key)
                    )),
                );
                return None;
            }
        };
        match parsed {
            Ok(n) if n < Decimal::ZERO => {
                self.error(
                    "negative",
                    format!(
                        "`{key}` is {}, but a count cannot be negative",
                        crate::num::plain(n)
                    ),
                    span,
                    Some("counts are whole numbers ≥ 0".into()),
                );
                None
            }
            Ok(n) if !n.fract().is_zero() => {
                self.error(
                    "fractional-count",
                    format!(
                        "`{key}` is {}, but a count is a whole number",
                        crate::num::plain(n)
                    ),
                    span,
                    Some("counts are whole numbers ≥ 0".into()),
                );
                None
            }
            Ok(n) => Some(n.normalize()),
            Err(e) => {
                let text = self.source.text[span.clone()].to_string();
                let (message, help) = match e {
                    UnitError::Number(NumError::TooLarge) => (
                        format!("`{key}` = `{text}` is too large"),
                        format!("counts are at most {}", crate::num::MAX_MAGNITUDE),
                    ),
                    _ => (
                        format!("cannot read `{text}` as the count `{key}`"),
                        "counts are whole numbers ≥ 0, e.g. 3".to_string(),
                    ),
                };
                self.error("bad-value", message, span, Some(help));
                None
            }
        }
    }

    /// 其中: a part may not exceed its whole.
    fn check_parts(&mut self) {
        for (index, input) in self.rubric.inputs.iter().enumerate() {
            let Some(whole) = input.part_of else { continue };
            let (Some(Value::Number(part)), Some(Value::Number(total))) =
                (&self.values[index], &self.values[whole])
            else {
                continue;
            };
            if part > total {
                let whole_input = &self.rubric.inputs[whole];
                let message = format!(
                    "`{}` ({}) is larger than `{}` ({}), of which it is a part",
                    input.key,
                    crate::num::plain(*part),
                    whole_input.key,
                    crate::num::plain(*total)
                );
                let span = self.spans[index].clone().unwrap_or(0..0);
                self.error(
                    "part-exceeds-whole",
                    message,
                    span,
                    Some(format!(
                        "{} is counted within {}",
                        input.title, whole_input.title
                    )),
                );
            }
        }
    }
}

fn kind_example(input: &Input) -> String {
    match input.kind {
        InputKind::Money if input.unit == "万美元" => {
            format!("write `{} = 35` (万美元) or \"35万美元\"", input.key)
        }
        InputKind::Money => format!("write `{} = 350` (万元) or \"350万元\"", input.key),
        InputKind::Percent => format!("write `{} = 2.4` or \"2.4%\"", input.key),
        _ => format!("write `{} = 12`", input.key),
    }
}
