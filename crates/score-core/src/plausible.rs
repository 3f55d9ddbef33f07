//! Figures that are almost surely slips: a bare number outside the range its rubric declares
//! believable (`plausible = { max = … }`), and a derived figure outside its range.
//!
//! The ranges are data in the rubric; this module only compares and words the likely slip. A
//! figure written with a unit (`"5200000元"`, `"0.5%"`) is taken as meant and never suspected.
//! Findings are warnings: the figure is still scored; `--strict` turns them into errors.

use rust_decimal::Decimal;

use crate::data::{Data, Origin, Value};
use crate::diag::Diagnostic;
use crate::num::{equals, plain};
use crate::rubric::{Input, InputKind, Plausible, Ref, Rubric};
use crate::sheet::{Check, Lang, figure_text};

/// The diagnostic code of every finding here.
pub const CODE: &str = "implausible";

/// One suspect figure: the warning, pointing at the figure most likely wrong, and the input keys
/// it is about. A finding all of whose keys the file lists under `confirmed` is no longer a
/// warning: the applicant checked those figures.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The warning: what looks wrong, then how to confirm it.
    pub diagnostic: Diagnostic,
    /// What looks wrong alone: an 已核实 line's words.
    pub said: String,
    pub keys: Vec<String>,
}

impl Finding {
    /// The finding of `message` about `keys`, pointing where `at` gives.
    fn new(
        message: String,
        keys: Vec<String>,
        hint: String,
        at: impl FnOnce(Diagnostic) -> Diagnostic,
    ) -> Finding {
        let full = crate::tr!("{message}；{hint}", "{message}; {hint}");
        Finding {
            diagnostic: at(Diagnostic::warning(CODE, full)),
            said: message,
            keys,
        }
    }
}

impl Finding {
    /// Whether every figure the finding is about is listed as checked.
    pub fn confirmed_by(&self, confirmed: &[String]) -> bool {
        !confirmed.is_empty() && self.keys.iter().all(|k| confirmed.contains(k))
    }
}

/// Every suspect figure of `data`, inputs first, then derived figures (`derived(d)` gives the
/// value of derived figure `d`, when it can be had).
pub fn check(
    rubric: &Rubric,
    data: &Data,
    derived: &dyn Fn(usize) -> Option<Decimal>,
) -> Vec<Finding> {
    let mut found = Vec::new();
    for (i, input) in rubric.inputs.iter().enumerate() {
        let (Some(range), Some(Some(Value::Number(v)))) = (input.plausible, data.values.get(i))
        else {
            continue;
        };
        if range.holds(*v) || data.unit_written(i) {
            continue;
        }
        let message = input_slip(input, range, *v, &place_of(data, i));
        let keys = vec![input.key.clone()];
        let hint = how_to_confirm(rubric, data, &keys);
        found.push(Finding::new(message, keys, hint, |d| at_figure(d, data, i)));
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
        let suspect = first_input(rubric, Ref::Derived(index));
        let message = derived_slip(rubric, data, index, range, v, &keys);
        let hint = how_to_confirm(rubric, data, &keys);
        found.push(Finding::new(message, keys, hint, |d| match suspect {
            Some(i) => at_figure(d, data, i),
            None => d.in_file(&data.source),
        }));
    }
    found
}

/// Where the applicant typed a figure, which decides what a message asks them to change.
enum Place {
    /// A data file's line: write `key = …`.
    Line,
    /// A workbook's cell (`数据!F7`): type into it.
    Cell(String),
    /// A field of `score serve`'s form, named by its 数据名称: type into it.
    Field,
}

/// Where input `i` was typed.
fn place_of(data: &Data, i: usize) -> Place {
    match data.origin {
        Origin::Form => Place::Field,
        Origin::File => Place::Line,
        Origin::Cells { .. } => cell_of(data, i).map_or(Place::Line, Place::Cell),
    }
}

/// The cell input `i` was read from (`数据!F7`), when the data came from cells.
fn cell_of(data: &Data, i: usize) -> Option<String> {
    if !matches!(data.origin, Origin::Cells { .. }) {
        return None;
    }
    data.written.get(i)?.cell.as_ref()?.cell_name()
}

/// How a figure is named in a message: `` `rd_expense` `` in a data file, its 数据名称 and cell
/// (`年度研究与试验发展经费支出额（数据!F5）`) in a workbook.
fn label(rubric: &Rubric, data: &Data, key: &str) -> String {
    let Some((i, input)) = rubric.input(key) else {
        return format!("`{key}`");
    };
    if data.origin == Origin::File {
        return format!("`{key}`");
    }
    let title = crate::i18n::lang().pick(&input.title, &input.title_en);
    match cell_of(data, i) {
        Some(cell) => crate::tr!("{title}（{cell}）", "{title} ({cell})"),
        None => title.to_string(),
    }
}

/// How to say the figures `keys` are right, in the terms of where they came from: the row's
/// 已核实 column of the fill-in workbook, else `confirmed = […]` in a data file.
fn how_to_confirm(rubric: &Rubric, data: &Data, keys: &[String]) -> String {
    match data.origin {
        // The form puts one 已核实 box beside each such warning, for all its figures.
        Origin::Form => crate::tr!(
            "数值属实请勾选本条旁的“已核实”",
            "if the figures are right, tick the 已核实 box beside this warning"
        ),
        Origin::Cells {
            confirm_column: true,
        } => confirm_in_column(rubric, keys),
        Origin::File | Origin::Cells { .. } => confirm_hint(keys),
    }
}

/// How to say the figures `keys` are right in the fill-in workbook: its 已核实 column.
fn confirm_in_column(rubric: &Rubric, keys: &[String]) -> String {
    if let [_] = keys {
        return crate::tr!(
            "数值属实请在该行“已核实”列选“是”",
            "if the figure is right, choose 是 in its row's 已核实 column"
        );
    }
    let lang = crate::i18n::lang();
    let titles: Vec<&str> = keys
        .iter()
        .filter_map(|k| rubric.input(k))
        .map(|(_, input)| lang.pick(&input.title, &input.title_en))
        .collect();
    let (zh, en) = (titles.join("、"), titles.join(" and "));
    crate::tr!(
        "数值属实请在{zh}各行的“已核实”列选“是”",
        "if the figures are right, choose 是 in the 已核实 column of the rows of {en}"
    )
}

/// A diagnostic pointing at where input `i` stands: its cell or its line, or the file.
fn at_figure(d: Diagnostic, data: &Data, i: usize) -> Diagnostic {
    let written = data.written.get(i);
    let span = written.and_then(|w| w.span.clone());
    let cell = written.and_then(|w| w.cell.as_ref());
    match (cell, span) {
        (Some(cell), Some(span)) => d.at(cell, span),
        (None, Some(span)) => d.at(&data.source, span),
        _ => d.in_file(&data.source),
    }
}

/// The input a derived figure is first computed from (its numerator, or the numerator's own
/// first input): the figure a warning about it points at.
fn first_input(rubric: &Rubric, r: Ref) -> Option<usize> {
    match r {
        Ref::Input(i) | Ref::Field(i, _) => Some(i),
        Ref::Derived(d) => first_input(rubric, rubric.derived[d].formula.left),
    }
}

/// The warning for a derived figure outside its range: the figures it comes from, and when its
/// numerator is a bare amount of money, the unit slip that would explain it (元 for 万元 when it
/// is too large, 亿元 for 万元 when too small).
fn derived_slip(
    rubric: &Rubric,
    data: &Data,
    index: usize,
    range: Plausible,
    v: Decimal,
    keys: &[String],
) -> String {
    let figure = &rubric.derived[index];
    let lang = crate::i18n::lang();
    let shown = figure_text(&figure.unit, v, lang);
    let bounds = range_text(range, &figure.unit, lang);
    let title = lang.pick(&figure.title, &figure.title_en);
    let named: Vec<String> = keys.iter().map(|k| label(rubric, data, k)).collect();
    let (sep_zh, sep_en) = (named.join("、"), named.join(" and "));
    let givens = keys
        .iter()
        .zip(&named)
        .filter_map(|(k, name)| {
            let (i, input) = rubric.input(k)?;
            let Some(Some(Value::Number(n))) = data.values.get(i) else {
                return None;
            };
            Some(format!(
                "{name} {}",
                equals(&figure_text(&input.unit, *n, lang))
            ))
        })
        .collect::<Vec<_>>()
        .join(if lang == Lang::Zh { "，" } else { ", " });
    let slip = first_input(rubric, Ref::Derived(index))
        .filter(|&i| rubric.inputs[i].kind == InputKind::Money && !data.unit_written(i))
        .and_then(|i| {
            let Some(Some(Value::Number(n))) = data.values.get(i) else {
                return None;
            };
            let above = range.max.is_some_and(|m| v > m);
            let place = place_of(data, i);
            far_outside(range, v).then(|| money_slip(&rubric.inputs[i], *n, above, &place))
        })
        .map(|s| format!("{s}{}", if lang == Lang::Zh { "；" } else { "; " }))
        .unwrap_or_default();
    let name = if data.origin != Origin::File {
        crate::tr!("{title} ", "{title}")
    } else {
        crate::tr!("`{key}`（{title}）", "`{key}` ({title})", key = figure.key)
    };
    crate::tr!(
        "{name}{shown}，超出通常范围 {bounds}（{givens}）：{slip}请核对 {sep_zh} 的数值和单位",
        "{name} {shown} is outside the usual range {bounds} ({givens}): {slip}check the figures and units of {sep_en}",
        shown = equals(&shown)
    )
}

/// Whether `v` looks like a unit slip of its numerator rather than a tenfold typo or an unusual
/// firm: three times or more beyond its range (a tenfold typo of a usual figure is less), and back inside it when read in the other unit (元
/// for 万元 divides it by ten thousand, 亿元 multiplies it).
fn far_outside(range: Plausible, v: Decimal) -> bool {
    let three = Decimal::from(3);
    let ten_thousand = Decimal::from(10_000);
    if v <= Decimal::ZERO {
        return false;
    }
    let above = range.max.filter(|m| *m > Decimal::ZERO).is_some_and(|m| {
        v.checked_div(m).is_some_and(|f| f >= three) && range.holds(v / ten_thousand)
    });
    let below = range.min.filter(|m| *m > Decimal::ZERO).is_some_and(|m| {
        m.checked_div(v).is_some_and(|f| f >= three)
            && v.checked_mul(ten_thousand).is_some_and(|r| range.holds(r))
    });
    above || below
}

/// How to say a figure is right: list it under `confirmed` (a data file) or mark its row 已核实
/// (the workbook template).
pub fn confirm_hint(keys: &[String]) -> String {
    let list = keys
        .iter()
        .map(|k| format!("\"{k}\""))
        .collect::<Vec<_>>()
        .join(", ");
    crate::tr!(
        "数值属实请写 `confirmed = [{list}]`（工作簿：在该行“已核实”列选“是”）",
        "if the figures are right, write `confirmed = [{list}]` (workbook: choose 是 in the row's 已核实 column)"
    )
}

/// The likely unit slip of a bare amount in 万元: typed in 元 when too large (ten thousand times),
/// in 亿元 when too small. What to write is said for the cell it came from (`cell`, `数据!F7`:
/// the figure or the figure with its unit, as typed into a cell) or as a data file's line.
fn money_slip(input: &Input, v: Decimal, above: bool, place: &Place) -> String {
    let key = &input.key;
    let unit = &*input.unit;
    let (yuan, yi) = if unit == "万美元" {
        ("美元", "亿美元")
    } else {
        ("元", "亿元")
    };
    let written = plain(v);
    let ten_thousand = Decimal::from(10_000);
    let (slip, meant) = if above {
        (yuan, plain(v / ten_thousand))
    } else {
        (
            yi,
            v.checked_mul(ten_thousand).map(plain).unwrap_or_default(),
        )
    };
    let question = crate::tr!(
        "是否按{slip}填写？{written}{slip} = {meant}{unit}",
        "was it typed in {slip}? {written} {slip} = {meant} {unit}"
    );
    let title = crate::i18n::lang().pick(&input.title, &input.title_en);
    match place {
        Place::Cell(cell) => crate::tr!(
            "{question}：请在单元格 {cell}（{title}）填写 {meant} 或 {meant}{unit}",
            "{question}: type {meant} or {meant}{unit} into the cell {cell} ({title})"
        ),
        Place::Field => crate::tr!(
            "{question}：请在“{title}”一栏填写 {meant} 或 {meant}{unit}",
            "{question}: type {meant} or {meant}{unit} into the {title} field"
        ),
        Place::Line => crate::tr!(
            "{question}：请写 `{key} = {meant}` 或 `\"{written}{slip}\"`",
            "{question}: write `{key} = {meant}` or `\"{written}{slip}\"`"
        ),
    }
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

/// The warning for a bare input outside its range, naming the slip it most likely is; said for
/// the cell it came from when `cell` names one.
fn input_slip(input: &Input, range: Plausible, v: Decimal, place: &Place) -> String {
    let unit = &*input.unit;
    let lang = crate::i18n::lang();
    let title = lang.pick(&input.title, &input.title_en);
    let name = match place {
        Place::Cell(cell) => crate::tr!("{title}（{cell}）", "{title} ({cell})"),
        Place::Field => title.to_string(),
        Place::Line => format!("`{}`", input.key),
    };
    let percent = input.kind == InputKind::Percent;
    let above = range.max.is_some_and(|m| v > m);
    let below = range.min.is_some_and(|m| v < m);
    if input.kind == InputKind::Money && (above || (below && v > Decimal::ZERO)) {
        let shown = figure_text(unit, v, lang);
        let slip = money_slip(input, v, above, place);
        return crate::tr!(
            "{name} {shown}，超出通常范围：{slip}",
            "{name} {shown} is outside the usual range: {slip}",
            shown = equals(&shown)
        );
    }
    let typed = v * Decimal::ONE_HUNDRED;
    // 2.6% as Excel stores it (0.026), read as 0.026%: said only when the fraction's reading is
    // believable where the percentage's is not (0.9 written for 0.9% is not 90%).
    if percent && below && v > Decimal::ZERO && typed < Decimal::ONE && range.holds(typed) {
        let (typed, meant) = (plain(typed), plain(typed * Decimal::ONE_HUNDRED));
        let question = crate::tr!(
            "{name} = {typed} 读作 {typed}%：是否把百分数写成了小数？{typed} → {meant}%？",
            "{name} = {typed} is read as {typed}%: was a percentage written as a fraction? {typed} → {meant}%? "
        );
        return match place {
            Place::Cell(cell) => crate::tr!(
                "{question}请在单元格 {cell} 填写 {meant} 或 {meant}%；确为 {typed}% 请填写 {typed}%",
                "{question}type {meant} or {meant}% into the cell {cell}; if {typed}% is meant, type {typed}%"
            ),
            Place::Field => crate::tr!(
                "{question}请在“{title}”一栏填写 {meant} 或 {meant}%；确为 {typed}% 请填写 {typed}%",
                "{question}type {meant} or {meant}% into the {title} field; if {typed}% is meant, type {typed}%"
            ),
            Place::Line => crate::tr!(
                "{question}请写 `{meant}` 或 `\"{meant}%\"`；确为 {typed}% 请写 `\"{typed}%\"`",
                "{question}write `{meant}` or `\"{meant}%\"`; if {typed}% is meant, write `\"{typed}%\"`"
            ),
        };
    }
    let shown = figure_text(unit, v, lang);
    let bounds = range_text(range, unit, lang);
    let example = if percent {
        format!("{}%", plain(typed))
    } else {
        format!("{}{unit}", plain(v))
    };
    let name = match place {
        Place::Line => crate::tr!("{name}（{title}）", "{name} ({title})"),
        Place::Cell(_) | Place::Field => name,
    };
    match place {
        Place::Cell(cell) => crate::tr!(
            "{name} = {shown}，超出可信范围 {bounds}：请核对数值和单位；确属实请在单元格 {cell} 带单位填写 {example}",
            "{name} = {shown} is outside the believable range {bounds}: check the figure and its unit; if it is right, type it with its unit into the cell {cell}: {example}"
        ),
        Place::Field => crate::tr!(
            "{name} = {shown}，超出可信范围 {bounds}：请核对数值和单位；确属实请在“{title}”一栏带单位填写 {example}",
            "{name} = {shown} is outside the believable range {bounds}: check the figure and its unit; if it is right, type it with its unit into the {title} field: {example}"
        ),
        Place::Line => crate::tr!(
            "{name}= {shown}，超出可信范围 {bounds}：请核对数值和单位；确属实请带单位写作 `\"{example}\"`",
            "{name} = {shown} is outside the believable range {bounds}: check the figure and its unit; if it is right, write it with its unit, `\"{example}\"`"
        ),
    }
}

/// The findings split in two: the unconfirmed ones as warnings (stderr, `--strict`), and every
/// one as a [`Check`] for the sheets (marked on the items it is about, listed under the table),
/// worded only when the sheet is (`words`).
pub fn sort(
    rubric: &Rubric,
    data: &Data,
    findings: Vec<Finding>,
    words: bool,
) -> (Vec<Diagnostic>, Vec<Check>) {
    let mut suspects = Vec::new();
    let mut checks = Vec::new();
    for finding in findings {
        let confirmed = finding.confirmed_by(&data.confirmed);
        if words {
            checks.push(Check {
                items: items_reading(rubric, &finding.keys[..finding.keys.len().min(1)]),
                // A form's figure is named in the message; its TOML line is nobody's.
                place: match data.origin {
                    Origin::Form => None,
                    Origin::File | Origin::Cells { .. } => short_place(&finding.diagnostic),
                },
                message: if confirmed {
                    finding.said
                } else {
                    finding.diagnostic.message.clone()
                },
                keys: finding.keys,
                confirmed,
            });
        }
        if !confirmed {
            suspects.push(finding.diagnostic);
        }
    }
    (suspects, checks)
}

/// Where a diagnostic points, for a clerk and without the file's path: `第 12 行`, `数据!D14`.
fn short_place(d: &Diagnostic) -> Option<String> {
    let source = d.source.as_ref()?;
    let span = d.span.as_ref()?;
    source.cell_name().or_else(|| {
        let (line, _) = source.line_col(span.start);
        Some(crate::tr!("第 {line} 行", "line {line}"))
    })
}

/// The ids of the items that read any of `keys` (a finding's first key, the figure it suspects), directly or through derived figures.
fn items_reading(rubric: &Rubric, keys: &[String]) -> Vec<crate::rubric::Text> {
    let reads = |r: Ref| {
        let mut leaves_of = Vec::new();
        leaves(rubric, r, &mut leaves_of);
        leaves_of.iter().any(|k| {
            let base = k.split('.').next().unwrap_or(k);
            keys.iter().any(|key| key == base)
        })
    };
    rubric
        .items
        .iter()
        .filter(|item| {
            item.value.is_some_and(reads) || item.rule.terms().iter().any(|t| reads(t.value))
        })
        .map(|item| item.id.clone())
        .collect()
}
