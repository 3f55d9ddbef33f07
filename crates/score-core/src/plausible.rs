//! Figures that are almost surely slips: a bare number outside the range its rubric declares
//! believable (`plausible = { max = … }`), and a derived figure outside its range.
//!
//! The ranges are data in the rubric; this module only compares and words the likely slip. A
//! figure written with a unit (`"5200000元"`, `"0.5%"`) is taken as meant and never suspected.
//! Findings are warnings: the figure is still scored; `--strict` turns them into errors.

use rust_decimal::Decimal;

use crate::data::{Data, Value};
use crate::diag::Diagnostic;
use crate::num::plain;
use crate::rubric::{Input, InputKind, Plausible, Ref, Rubric};
use crate::sheet::{Lang, figure_text};

/// The diagnostic code of every finding here.
pub const CODE: &str = "implausible";

/// Every suspect figure of `data`, inputs first, then derived figures (`derived(d)` gives the
/// value of derived figure `d`, when it can be had).
pub fn check(
    rubric: &Rubric,
    data: &Data,
    derived: &dyn Fn(usize) -> Option<Decimal>,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (i, input) in rubric.inputs.iter().enumerate() {
        let (Some(range), Some(Some(Value::Number(v)))) = (input.plausible, data.values.get(i))
        else {
            continue;
        };
        if range.holds(*v) || data.unit_written(i) {
            continue;
        }
        let d = Diagnostic::warning(CODE, input_slip(input, range, *v));
        let written = data.written.get(i);
        let span = written.and_then(|w| w.span.clone());
        let cell = written.and_then(|w| w.cell.as_ref());
        found.push(match (cell, span) {
            (Some(cell), Some(span)) => d.at(cell, span),
            (None, Some(span)) => d.at(&data.source, span),
            _ => d.in_file(&data.source),
        });
    }
    for (index, figure) in rubric.derived.iter().enumerate() {
        let (Some(range), Some(v)) = (figure.plausible, derived(index)) else {
            continue;
        };
        if range.holds(v) {
            continue;
        }
        let mut keys = Vec::new();
        leaves(rubric, Ref::Derived(index), &mut keys);
        let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        let lang = crate::i18n::lang();
        let shown = figure_text(&figure.unit, v, lang);
        let bounds = range_text(range, &figure.unit, lang);
        let title = lang.pick(&figure.title, &figure.title_en);
        let (key, sep_zh, sep_en) = (&figure.key, keys.join("、"), keys.join(" and "));
        let message = crate::tr!(
            "`{key}`（{title}）= {shown}，超出可信范围 {bounds}：请核对 {sep_zh} 的数值和单位",
            "`{key}` ({title}) = {shown} is outside the believable range {bounds}: check the figures and units of {sep_en}"
        );
        found.push(Diagnostic::warning(CODE, message).in_file(&data.source));
    }
    found
}

/// The input keys a reference is computed from, in formula order, each once.
fn leaves(rubric: &Rubric, r: Ref, into: &mut Vec<String>) {
    match r {
        Ref::Derived(d) => {
            let f = rubric.derived[d].formula;
            leaves(rubric, f.left, into);
            leaves(rubric, f.right, into);
        }
        other => {
            let key = rubric.key_of(other);
            if !into.contains(&key) {
                into.push(key);
            }
        }
    }
}

/// `≤ 100%`, `≥ 1%`, `[1%, 100%]`.
fn range_text(range: Plausible, unit: &str, lang: Lang) -> String {
    let f = |v: Decimal| figure_text(unit, v, lang);
    match (range.min, range.max) {
        (Some(lo), Some(hi)) => format!("[{}, {}]", f(lo), f(hi)),
        (Some(lo), None) => format!("≥ {}", f(lo)),
        (None, Some(hi)) => format!("≤ {}", f(hi)),
        (None, None) => String::new(),
    }
}

/// The warning for a bare input outside its range, naming the slip it most likely is.
fn input_slip(input: &Input, range: Plausible, v: Decimal) -> String {
    let key = &input.key;
    let unit = &*input.unit;
    let lang = crate::i18n::lang();
    let percent = input.kind == InputKind::Percent;
    let above = range.max.is_some_and(|m| v > m);
    if input.kind == InputKind::Money && above {
        // A money figure typed in 元 (or 美元) and read in 万元: ten thousand times too large.
        let (yuan, yi) = if unit == "万美元" {
            ("美元", "亿美元")
        } else {
            ("元", "亿元")
        };
        let written = plain(v);
        let in_yi = plain(v / Decimal::from(10_000));
        let meant = plain(v / Decimal::from(10_000));
        return crate::tr!(
            "`{key}` = {written} {unit} = {in_yi}{yi}：是否按{yuan}填写？请写 `\"{written}{yuan}\"` 或 `{meant}`",
            "`{key}` = {written} {unit} = {in_yi}{yi}: was this {yuan}? write `\"{written}{yuan}\"` or `{meant}`"
        );
    }
    let below = range.min.is_some_and(|m| v < m);
    let typed = v * Decimal::ONE_HUNDRED;
    if percent && below && v > Decimal::ZERO && typed < Decimal::ONE {
        // 2.6% as Excel stores it (0.026), read as 0.026%.
        let (typed, meant) = (plain(typed), plain(typed * Decimal::ONE_HUNDRED));
        return crate::tr!(
            "`{key}` = {typed} 读作 {typed}%：是否把百分数写成了小数？{typed} → {meant}%？请写 `{meant}` 或 `\"{meant}%\"`；确为 {typed}% 请写 `\"{typed}%\"`",
            "`{key}` = {typed} is read as {typed}%: was a percentage written as a fraction? {typed} → {meant}%? write `{meant}` or `\"{meant}%\"`; if {typed}% is meant, write `\"{typed}%\"`"
        );
    }
    let shown = figure_text(unit, v, lang);
    let bounds = range_text(range, unit, lang);
    let title = lang.pick(&input.title, &input.title_en);
    let example = if percent {
        format!("\"{}%\"", plain(typed))
    } else {
        format!("\"{}{unit}\"", plain(v))
    };
    crate::tr!(
        "`{key}`（{title}）= {shown}，超出可信范围 {bounds}：请核对数值和单位；确属实请带单位写作 `{example}`",
        "`{key}` ({title}) = {shown} is outside the believable range {bounds}: check the figure and its unit; if it is right, write it with its unit, `{example}`"
    )
}
