//! `--what-if KEY=VALUE`: a figure overridden on the command line, read with the same rules as a
//! data file, applied to a [`Data`], and the difference it makes to the sheet, item by item.
//!
//! Pure: parsing, applying and diffing do no I/O. The table form of a [`WhatIf`] is in
//! `render::advice`; in JSON it is the sheet's `what_if` field.

use std::collections::HashSet;

use rust_decimal::Decimal;

use crate::data::{Data, META_KEYS, Value};
use crate::diag::{Diagnostic, Failed, Source};
use crate::engine;
use crate::i18n::Bilingual;
use crate::num::plain;
use crate::rubric::{Input, InputKind, Rubric};
use crate::sheet::Sheet;

pub use crate::data::keys::{KeyRef, key_names, resolve_key};
pub use crate::sheet::{Amount, Assumption, GateChange, ItemChange, WhatIf};

/// A figure's value in `data` as a person writes it; a figure the file lacks as the engine counts
/// it (0, the lowest level, false, no entries), or [`Amount::Missing`] for an optional one.
pub fn amount_of(rubric: &Rubric, data: &Data, key: KeyRef) -> Amount {
    let input = &rubric.inputs[key.input];
    match (&data.values[key.input], key.field) {
        (Some(Value::Counts(counts)), Some(f)) => {
            Amount::Number(counts.get(f).copied().unwrap_or_default())
        }
        (Some(value), None) => amount_of_value(rubric, input, value),
        (None, _) if input.optional => Amount::Missing,
        (None, None) => match input.kind {
            InputKind::Level => match input.level_set.and_then(|s| rubric.level_sets.get(s)) {
                Some(set) => amount_of_value(rubric, input, &Value::Level(set.lowest())),
                None => Amount::Missing,
            },
            InputKind::Flag => Amount::Flag(false),
            InputKind::List => Amount::List(Vec::new()),
            _ => Amount::Number(Decimal::ZERO),
        },
        (None, Some(_)) | (Some(_), Some(_)) => Amount::Number(Decimal::ZERO),
    }
}

/// Whether the data file gave the figure.
pub fn given(data: &Data, key: KeyRef) -> bool {
    data.values[key.input].is_some()
}

/// [`Amount::display`], marked when the file did not give the figure: `0（未填写）`.
pub fn shown(amount: &Amount, unit: &str, en: bool, given: bool) -> String {
    let text = amount.display(unit, en);
    match (given, amount, en) {
        (true, _, _) | (_, Amount::Missing, _) => text,
        (false, _, false) => format!("{text}（未填写）"),
        (false, _, true) => format!("{text} (not given)"),
    }
}

/// A value as a person writes it.
pub fn amount_of_value(rubric: &Rubric, input: &Input, value: &Value) -> Amount {
    match value {
        Value::Number(v) if input.kind == InputKind::Percent => {
            Amount::Number((v * Decimal::ONE_HUNDRED).normalize())
        }
        Value::Number(v) => Amount::Number(v.normalize()),
        Value::Level(l) => {
            let Some(set) = input.level_set.and_then(|s| rubric.level_sets.get(s)) else {
                return Amount::Missing;
            };
            match set.levels.get(*l) {
                Some(level) => Amount::Level {
                    id: level.id.clone(),
                    label: Bilingual::new(level.label.clone(), level.label_en.clone()),
                },
                None => Amount::Missing,
            }
        }
        Value::Flag(b) => Amount::Flag(*b),
        Value::List(list) => Amount::List(list.clone()),
        Value::Counts(_) => Amount::Missing,
    }
}

/// Sets one figure in `data`. For a counts field `value` is `Value::Number(count)`; a counts table
/// the file lacked starts from all zeros.
pub fn set(rubric: &Rubric, data: &mut Data, key: KeyRef, value: Value) {
    match key.field {
        None => data.values[key.input] = Some(value),
        Some(f) => {
            let Value::Number(n) = value else { return };
            let len = rubric.inputs[key.input].fields.len();
            let slot = &mut data.values[key.input];
            if !matches!(slot, Some(Value::Counts(c)) if c.len() == len) {
                *slot = Some(Value::Counts(vec![Decimal::ZERO; len]));
            }
            if let Some(Value::Counts(counts)) = slot
                && let Some(count) = counts.get_mut(f)
            {
                *count = n;
            }
        }
    }
}

/// One `--what-if KEY=VALUE`, read and checked against the rubric.
#[derive(Debug, Clone)]
pub struct Override {
    pub key: KeyRef,
    /// The value in the engine's terms (a percentage as a fraction).
    pub value: Value,
    /// The argument as given, for messages.
    pub text: String,
    source: Source,
    /// Whether the value was written with its unit (`420万元`): then it is taken as meant.
    unit: bool,
}

impl Override {
    /// `rd_expense=420`: the form advice prints and `--what-if` reads.
    pub fn arg(rubric: &Rubric, key: KeyRef, to: &Amount) -> String {
        format!("{}={}", key.name(rubric), to.arg())
    }
}

/// Reads every `--what-if` argument; all problems are reported together.
pub fn parse(rubric: &Rubric, args: &[String]) -> Result<Vec<Override>, Failed> {
    let mut overrides: Vec<Override> = Vec::new();
    let mut diagnostics = Vec::new();
    for arg in args {
        match parse_one(rubric, arg) {
            Ok(o) => {
                if let Some(earlier) = overrides.iter().find(|e| e.key == o.key) {
                    let key_len = arg.find('=').unwrap_or(arg.len());
                    diagnostics.push(
                        Diagnostic::error(
                            "duplicate-key",
                            crate::tr!(
                                "`{}` 在 --what-if 中给了两次",
                                "`{}` is given twice in --what-if",
                                o.key.name(rubric)
                            ),
                        )
                        .at(&o.source, 0..key_len)
                        .help(crate::tr!(
                            "`{}` 和 `{arg}` 只保留一个",
                            "keep one of `{}` and `{arg}`",
                            earlier.text
                        )),
                    );
                } else {
                    overrides.push(o);
                }
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    if diagnostics.is_empty() {
        Ok(overrides)
    } else {
        Err(Failed { diagnostics })
    }
}

fn parse_one(rubric: &Rubric, arg: &str) -> Result<Override, Box<Diagnostic>> {
    let source = Source::new("--what-if", arg.to_string());
    let err = |code: &'static str, message: String, span: std::ops::Range<usize>, help: String| {
        Box::new(
            Diagnostic::error(code, message)
                .at(&source, span)
                .help(help),
        )
    };
    let ((name, key_span), (text, value_span)) = key_and_value(arg, &source)?;
    let key = figure_key(rubric, &source, name, key_span)?;
    if text.is_empty() {
        return Err(err(
            "bad-value",
            crate::tr!("`{name}` 没有给值", "`{name}` is given no value"),
            value_span,
            crate::tr!(
                "请写成 键=值，例如 `--what-if {name}=…`",
                "write KEY=VALUE, e.g. `--what-if {name}=…`"
            ),
        ));
    }
    // The same rules as a value in a data file, by the same code.
    let (value, unit) = crate::data::read_figure_written(
        rubric,
        key.input,
        key.field,
        text,
        &source,
        value_span.start,
    )
    .map_err(|errors| match errors.into_iter().next() {
        Some(first) => Box::new(first),
        None => err(
            "bad-value",
            crate::tr!(
                "无法把 `{text}` 读作 `{name}` 的值",
                "cannot read `{text}` as the value of `{name}`"
            ),
            value_span.clone(),
            String::new(),
        ),
    })?;
    Ok(Override {
        key,
        value,
        text: arg.to_string(),
        source,
        unit,
    })
}

/// A part of a `--what-if` argument, trimmed, and where it is in the argument.
type Part<'a> = (&'a str, std::ops::Range<usize>);

/// The key and the value of a `KEY=VALUE` argument, each trimmed, with where it is in `arg` (an
/// empty value is placed at the `=`); an error for an argument without `=` or without a key.
fn key_and_value<'a>(
    arg: &'a str,
    source: &Source,
) -> Result<(Part<'a>, Part<'a>), Box<Diagnostic>> {
    let err = |code: &'static str, message: String, span: std::ops::Range<usize>, help: String| {
        Box::new(Diagnostic::error(code, message).at(source, span).help(help))
    };
    let Some(eq) = arg.find('=') else {
        return Err(err(
            "bad-what-if",
            crate::tr!(
                "`--what-if {arg}` 应写成 键=值",
                "`--what-if {arg}` should read KEY=VALUE"
            ),
            0..arg.len(),
            crate::tr!(
                "例如 `--what-if rd_expense=420` 或 `--what-if standards.national_lead=1`",
                "e.g. `--what-if rd_expense=420` or `--what-if standards.national_lead=1`"
            ),
        ));
    };
    let raw_key = &arg[..eq];
    let key_start = raw_key.len() - raw_key.trim_start().len();
    let name = raw_key.trim();
    let key_span = key_start..key_start + name.len();
    let raw_value = &arg[eq + 1..];
    let value_start = eq + 1 + (raw_value.len() - raw_value.trim_start().len());
    let text = raw_value.trim();
    let value_span = if text.is_empty() {
        eq..eq + 1
    } else {
        value_start..value_start + text.len()
    };
    if name.is_empty() {
        return Err(err(
            "bad-what-if",
            crate::tr!(
                "`--what-if {arg}` 没有写键名",
                "`--what-if {arg}` names no key"
            ),
            0..eq.max(1),
            crate::tr!(
                "请写成 键=值，例如 `--what-if rd_expense=420`",
                "write KEY=VALUE, e.g. `--what-if rd_expense=420`"
            ),
        ));
    }
    Ok(((name, key_span), (text, value_span)))
}

/// The figure `name` a `--what-if` sets: a figure of the rubric (not `company`, `year`, …), one
/// field of a table of counts rather than the table.
fn figure_key(
    rubric: &Rubric,
    source: &Source,
    name: &str,
    key_span: std::ops::Range<usize>,
) -> Result<KeyRef, Box<Diagnostic>> {
    let err = |code: &'static str, message: String, span: std::ops::Range<usize>, help: String| {
        Box::new(Diagnostic::error(code, message).at(source, span).help(help))
    };
    if META_KEYS.contains(&name) {
        return Err(err(
            "bad-what-if",
            crate::tr!(
                "`{name}` 不是数据项；--what-if 只改数据项",
                "`{name}` is not a figure; --what-if changes figures"
            ),
            key_span,
            crate::tr!(
                "`score template --rubric {}` 列出全部数据项",
                "`score template --rubric {}` lists the figures",
                rubric.id
            ),
        ));
    }
    let key = resolve_key(rubric, name)
        .map_err(|(message, help)| err("unknown-key", message, key_span.clone(), help))?;
    let input = &rubric.inputs[key.input];
    if key.field.is_none() && input.kind == InputKind::Counts {
        let example = input.fields.first().map_or("…", |f| f.key.as_str());
        let fields = input
            .fields
            .iter()
            .map(|f| format!("`{}.{}`", input.key, f.key))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(err(
            "wrong-type",
            crate::tr!(
                "`{name}` 是一组计数；--what-if 一次设其中一个字段",
                "`{name}` is a table of counts; --what-if sets one of its fields"
            ),
            key_span,
            crate::tr!(
                "请写 `{name}.{example}=1`；字段有 {fields}",
                "write `{name}.{example}=1`; the fields are {fields}"
            ),
        ));
    }
    Ok(key)
}

/// The data with every override applied. A part may still not exceed its whole (其中).
pub fn apply(rubric: &Rubric, data: &Data, overrides: &[Override]) -> Result<Data, Failed> {
    let mut out = data.clone();
    for o in overrides {
        set(rubric, &mut out, o.key, o.value.clone());
        // The overridden figure is judged as the command line wrote it, not as the file did.
        if o.key.field.is_none() {
            if out.written.len() < rubric.inputs.len() {
                out.written.resize(rubric.inputs.len(), Default::default());
            }
            out.written[o.key.input] = crate::data::Written {
                span: None,
                unit: o.unit,
                ..Default::default()
            };
        }
    }
    let touched: HashSet<usize> = overrides.iter().map(|o| o.key.input).collect();
    let mut diagnostics = Vec::new();
    for (index, input) in rubric.inputs.iter().enumerate() {
        let Some(whole) = input.part_of else { continue };
        if !touched.contains(&index) && !touched.contains(&whole) {
            continue;
        }
        let (Some(Value::Number(part)), Some(Value::Number(total))) =
            (&out.values[index], &out.values[whole])
        else {
            continue;
        };
        if part > total {
            let whole_input = &rubric.inputs[whole];
            let culprit = overrides
                .iter()
                .find(|o| o.key.input == index)
                .or_else(|| overrides.iter().find(|o| o.key.input == whole));
            let mut d = Diagnostic::error(
                "part-exceeds-whole",
                crate::tr!(
                    "按 --what-if 修改后，`{}`（{}）大于它所属的 `{}`（{}）",
                    "with --what-if, `{}` ({}) is larger than `{}` ({}), of which it is a part",
                    input.key,
                    plain(*part),
                    whole_input.key,
                    plain(*total)
                ),
            )
            .help(crate::tr!(
                "{}包含在{}之内；请把 `{}` 也调高",
                "{} is counted within {}; raise `{}` too",
                input.title,
                whole_input.title,
                whole_input.key
            ));
            if let Some(o) = culprit {
                d = d.at(&o.source, 0..o.text.len());
            }
            diagnostics.push(d);
        }
    }
    if !diagnostics.is_empty() {
        return Err(Failed { diagnostics });
    }
    Ok(out)
}

/// Items whose points or figure differ between two sheets of the same rubric, in table order.
pub fn diff(before: &Sheet, after: &Sheet) -> Vec<ItemChange> {
    after
        .items
        .iter()
        .filter_map(|a| {
            let b = before.items.iter().find(|b| b.id == a.id)?;
            let changed = a.points != b.points || a.value != b.value || a.given != b.given;
            changed.then(|| ItemChange {
                id: a.id.to_string(),
                title: a.title.as_ref().map(|t| t.to_string()),
                value_from: b.value_display.clone(),
                value_to: a.value_display.clone(),
                from: b.points,
                to: a.points,
                change: (a.points - b.points).normalize(),
                bonus: a.bonus,
            })
        })
        .collect()
}

/// Gates that passed in one sheet and failed in the other.
pub fn gate_changes(before: &Sheet, after: &Sheet) -> Vec<GateChange> {
    after
        .gates
        .iter()
        .filter_map(|a| {
            let b = before.gates.iter().find(|b| b.id == a.id)?;
            (a.passed != b.passed).then(|| GateChange {
                id: a.id.to_string(),
                title: a.title.as_ref().map(|t| t.to_string()),
                from: b.passed,
                to: a.passed,
            })
        })
        .collect()
}

/// What each override changed, from the original data to the changed data.
pub fn assumptions(
    rubric: &Rubric,
    before: &Data,
    after: &Data,
    overrides: &[Override],
) -> Vec<Assumption> {
    overrides
        .iter()
        .map(|o| {
            let unit = o.key.unit(rubric).to_string();
            let from = amount_of(rubric, before, o.key);
            let to = amount_of(rubric, after, o.key);
            let was_given = given(before, o.key);
            Assumption {
                key: o.key.name(rubric),
                from_display: Bilingual::new(
                    shown(&from, &unit, false, was_given),
                    shown(&from, &unit, true, was_given),
                ),
                to_display: Bilingual::new(to.display(&unit, false), to.display(&unit, true)),
                from,
                to,
                unit,
            }
        })
        .collect()
}

/// Scores `data`, and, with overrides, scores it again with them applied: the new sheet, carrying
/// in `what_if` the original totals and the per-item difference. Without overrides this is
/// [`engine::score`].
pub fn rescore(rubric: &Rubric, data: &Data, overrides: &[Override]) -> Result<Sheet, Failed> {
    rescore_prepared(&engine::Prepared::new(rubric), data, overrides)
}

/// [`rescore`] with a rubric already prepared, for runs that score many files.
pub fn rescore_prepared(
    prepared: &engine::Prepared,
    data: &Data,
    overrides: &[Override],
) -> Result<Sheet, Failed> {
    let rubric = prepared.rubric();
    let before = prepared.try_score(data)?;
    if overrides.is_empty() {
        return Ok(before);
    }
    let changed = apply(rubric, data, overrides)?;
    let mut after = prepared.try_score(&changed)?;
    let assumptions = assumptions(rubric, data, &changed, overrides);
    after.what_if = Some(WhatIf {
        overrides: assumptions,
        base_before: before.base,
        bonus_before: before.bonus,
        total_before: before.total,
        // Both totals are at most `base_max + bonus_max`, so the difference fits.
        change: after
            .total
            .checked_sub(before.total)
            .unwrap_or_default()
            .normalize(),
        eligible_before: before.eligible,
        items: diff(&before, &after),
        gates: gate_changes(&before, &after),
    });
    Ok(after)
}
