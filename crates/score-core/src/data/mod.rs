//! A company's figures, read from a TOML data file against a rubric's declared inputs.
//!
//! Every problem of a file is collected and reported together; nothing is guessed silently.
//! The full reader walks the parsed file in `reader`; TOML's own syntax errors are worded in
//! `syntax`.

#![deny(clippy::arithmetic_side_effects)]

pub mod cells;
pub mod confirmed;
pub mod contact;
pub mod decode;
pub mod fast;
pub mod keys;
pub mod meta;
mod reader;
pub mod rows;
mod syntax;
pub mod units;
pub mod which;
pub mod workbook;

use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Failed, Source};
use crate::rubric::{Input, InputKind, Rubric};
use reader::Reader;
use syntax::syntax_errors;
pub(crate) use syntax::title_match;

/// Keys every rubric knows besides its inputs (`rubric`: which table the file is for, see
/// [`which`]).
pub const META_KEYS: [&str; 4] = ["company", "name", "year", which::KEY];

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
    /// Per rubric input: where and how its value was written (a unit or a bare number).
    /// May be shorter than `values` (data made in code): a figure not recorded counts as bare.
    pub written: Vec<Written>,
    /// Warnings about the file itself (a year other than the rubric's, GBK decoding); missing
    /// figures are reported by [`missing_notices`].
    pub warnings: Vec<String>,
    /// The input keys the file says were checked although they look unusual ([`confirmed`]).
    pub confirmed: Vec<String>,
    /// Where the figures were typed: how a message names a figure and what it asks for.
    pub origin: Origin,
    /// The applicant's credit code and contact, when a bureau's list gives them ([`contact`]).
    pub contact: Option<Box<contact::Contact>>,
}

/// Where the figures of a [`Data`] were typed. A message names a figure and says what to do in
/// the terms of the place the applicant typed it, never in another's (no TOML line for a
/// workbook, no cell for a web form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// A TOML data file: a figure is its key, a fix is a line to write.
    #[default]
    File,
    /// A workbook's or CSV list's cells: a figure is its 数据名称 and cell, a fix is what to type
    /// into the cell. `confirm_column`: the sheet has the fill-in workbook's `已核实 confirmed`
    /// column, where a figure that looks unusual is marked as checked.
    Cells { confirm_column: bool },
    /// `score serve`'s form: a figure is its 数据名称, a fix is what to type into its field, and
    /// each figure has its own 已核实 box.
    Form,
}

/// How one figure stood in the file. A number written with a unit (`"5200000元"`, `"0.5%"`) is
/// taken as meant; only a bare number is suspect when it falls outside its believable range.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// Where the value stands: in [`Data::source`], or in `cell` when it came from a workbook or
    /// CSV cell.
    pub span: Option<Range<usize>>,
    pub unit: bool,
    pub cell: Option<Source>,
    /// A figure not given, read from cells: the empty value cell of its row.
    pub blank: Option<Source>,
    /// That empty cell lies inside a range of merged cells (`E7:F7`), which hides it.
    pub merged: Option<String>,
}

impl Data {
    /// Whether input `i`'s value was written with an explicit unit.
    pub fn unit_written(&self, i: usize) -> bool {
        self.written.get(i).is_some_and(|w| w.unit)
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Missing keys are errors rather than warnings.
    pub strict: bool,
    /// The text is `score serve`'s form written into the TOML template: a message names a figure
    /// by its 数据名称 and says what to type into its field ([`Origin::Form`]).
    pub form: bool,
}

/// A read's result and the notes made on the way: which sheet of a workbook was read, a CSV
/// file read as GBK. The library prints nothing; the caller says the notes before the read's
/// own errors and warnings, which were found after them.
#[derive(Debug)]
pub struct Noted<T> {
    pub read: T,
    pub notes: Vec<String>,
}

/// Reads a data file from disk. A workbook's or CSV file's notes are dropped:
/// [`load_file_noted`] keeps them.
pub fn load_file(
    rubric: &Rubric,
    path: &std::path::Path,
    options: Options,
) -> Result<Data, Failed> {
    load_file_noted(rubric, path, options).read
}

/// [`load_file`] with the notes made on the way (see [`Noted`]).
pub fn load_file_noted(
    rubric: &Rubric,
    path: &std::path::Path,
    options: Options,
) -> Noted<Result<Data, Failed>> {
    if rows::is_table(path) {
        return rows::read_one_noted(rubric, path, options);
    }
    let name = path.display().to_string();
    let read = crate::read::read_regular(path, crate::read::DATA_LIMIT)
        .map_err(|e| Failed {
            diagnostics: vec![Diagnostic::error("io", e)],
        })
        .and_then(|bytes| load_bytes(rubric, &name, &bytes, options));
    Noted {
        read,
        notes: Vec::new(),
    }
}

/// Reads a data file's bytes.
pub fn load_bytes(
    rubric: &Rubric,
    name: &str,
    bytes: &[u8],
    options: Options,
) -> Result<Data, Failed> {
    let text = decode_text(name, bytes).map_err(|d| Failed {
        diagnostics: vec![*d],
    })?;
    load_text(rubric, name, text, options)
}

/// A data file's text, decoded once for finding its table and reading it.
pub struct FileText<'b> {
    pub text: std::borrow::Cow<'b, str>,
    /// Read as GBK: the data then carries a warning.
    pub gbk: bool,
}

/// A data file's bytes as text: UTF-8, or GBK; else why not.
pub fn decode_text<'b>(name: &str, bytes: &'b [u8]) -> Result<FileText<'b>, Box<Diagnostic>> {
    Ok(match decode::decode(name, bytes)? {
        decode::Decoded::Utf8(text) => FileText {
            text: std::borrow::Cow::Borrowed(text),
            gbk: false,
        },
        decode::Decoded::Gbk(text) => FileText {
            text: std::borrow::Cow::Owned(text),
            gbk: true,
        },
    })
}

/// Reads a data file's decoded text.
pub fn load_text(
    rubric: &Rubric,
    name: &str,
    text: FileText<'_>,
    options: Options,
) -> Result<Data, Failed> {
    let mut data = load_str(rubric, Source::new(name, &*text.text), options)?;
    if text.gbk {
        warn_gbk(name, &mut data);
    }
    Ok(data)
}

/// A clean file read with the table it names, both found in the quick read ([`fast::named`],
/// [`fast::read`]) with `find` turning the id into a table; `None` when the quick read cannot
/// tell (the caller then finds the table by the full parse, [`which::named`], and reads the file
/// with [`load_text`], as if this had not been tried).
pub fn load_text_named<'r>(
    name: &str,
    text: &FileText<'_>,
    options: Options,
    find: impl FnOnce(&str) -> Option<&'r Rubric>,
) -> Option<(&'r Rubric, Data)> {
    let rubric = find(fast::named(&text.text)?)?;
    let mut data = fast::read(rubric, Source::new(name, &*text.text), options).ok()?;
    if text.gbk {
        warn_gbk(name, &mut data);
    }
    Some((rubric, data))
}

fn warn_gbk(name: &str, data: &mut Data) {
    data.warnings.insert(
        0,
        crate::tr!(
            "`{name}` 不是 UTF-8 编码，已按 GBK 读取；请另存为 UTF-8（文件 → 另存为 → 编码: UTF-8）",
            "`{name}` is not UTF-8; it was read as GBK: save it as UTF-8 (文件 → 另存为 → 编码: UTF-8, File → Save As → Encoding: UTF-8)"
        ),
    );
}

/// Reads data from text already decoded: a clean file by the quick read ([`fast`]), anything
/// else by the full reader, which words every problem with its position.
pub fn load_str(rubric: &Rubric, source: Source, options: Options) -> Result<Data, Failed> {
    match fast::read(rubric, source, options) {
        Ok(data) => Ok(data),
        Err(source) => load_str_spanned(rubric, source, options),
    }
}

/// Most lines of a data file that hold something (not blank, not only a comment), as a sheet
/// holds at most 100,000 rows. A filled-in table has a few dozen; a 15 MiB file of 1.5 million
/// one-line entries made the TOML parser and its errors hold 0.9–1.5 GB before any check.
pub const MAX_DATA_LINES: usize = 100_000;

/// The refusal of a file with more than [`MAX_DATA_LINES`] lines that hold something, made
/// before the file is parsed.
pub fn too_many_lines(source: &Source) -> Option<Diagnostic> {
    let mut count: usize = 0;
    for line in source.text.split('\n') {
        let line = line.trim_start();
        if !line.is_empty() && !line.starts_with('#') {
            count = count.saturating_add(1);
        }
    }
    if count <= MAX_DATA_LINES {
        return None;
    }
    let name = crate::diag::visible(&source.name).into_owned();
    Some(
        Diagnostic::error(
            "too-large",
            crate::tr!(
                "数据文件 `{name}` 有 {count} 行内容，超过上限 {MAX_DATA_LINES} 行，未读取",
                "the data file `{name}` has {count} lines of content, more than the {MAX_DATA_LINES} a data file may have; it is not read"
            ),
        )
        .in_file(source)
        .help(crate::tr!(
            "一份自评数据只有几十行；请确认选对了文件（`score template` 生成要填写的文件）",
            "a company's figures take a few dozen lines: check that this is the right file (`score template` writes one to fill in)"
        )),
    )
}

/// The full reader: the `toml` crate's span-keeping parse and every check, with messages.
pub fn load_str_spanned(rubric: &Rubric, source: Source, options: Options) -> Result<Data, Failed> {
    if let Some(d) = too_many_lines(&source) {
        return Err(Failed {
            diagnostics: vec![d],
        });
    }
    let text = source.text.clone();
    let (table, parse_errors) = DeTable::parse_recoverable(&text);
    if !parse_errors.is_empty() {
        return Err(Failed {
            diagnostics: syntax_errors(rubric, &source, &parse_errors),
        });
    }
    let mut reader = Reader {
        rubric,
        source: &source,
        errors: Vec::new(),
        values: vec![None; rubric.inputs.len()],
        spans: vec![None; rubric.inputs.len()],
        units: vec![false; rubric.inputs.len()],
        unit_seen: false,
        meta: meta::Meta::default(),
        confirmed: Vec::new(),
        left_out: Vec::new(),
        form: options.form,
    };
    reader.read_table(table.get_ref());
    reader.check_parts();
    which_hint(rubric, &text, &mut reader.errors);
    // A file of another table: its keys are unknown here, one error each; the table it names is
    // the one thing to say.
    if reader.errors.iter().any(|e| e.code == "wrong-rubric") {
        reader.errors.retain(|e| e.code != "unknown-key");
    }
    let Reader {
        mut errors,
        values,
        spans,
        units,
        meta: meta::Meta { company, year, .. },
        confirmed,
        left_out,
        ..
    } = reader;
    let written = spans
        .into_iter()
        .zip(units)
        .map(|(span, unit)| Written {
            span,
            unit,
            ..Written::default()
        })
        .collect();
    if options.strict {
        errors.extend(left_out.iter().cloned().map(|mut d| {
            d.severity = crate::diag::Severity::Error;
            d
        }));
    }
    let mut data = checked(
        rubric, source, values, written, company, year, errors, options,
    )?;
    data.confirmed = confirmed;
    data.warnings
        .extend(left_out.into_iter().map(|d| d.message));
    Ok(data)
}

/// The warning and its help for a counts table that gives some of its kinds and leaves others
/// out (`talents = { national = 1 }`): those count as 0, said as a left-out key is. `None` when
/// it gives every kind, or none (an empty `[standards]` says "none of any kind" outright). Both
/// readers word it here, so a file reads the same by either.
pub(crate) fn left_out_kinds(input: &Input, seen: &[bool]) -> Option<(String, String)> {
    let missing: Vec<String> = input
        .fields
        .iter()
        .zip(seen)
        .filter(|(_, seen)| !**seen)
        .map(|(f, _)| format!("`{}`", f.key))
        .collect();
    if missing.is_empty() || missing.len() == input.fields.len() {
        return None;
    }
    let key = &input.key;
    let (zh, en) = (missing.join("、"), missing.join(", "));
    let example = input.fields.iter().zip(seen).find(|(_, s)| !**s);
    let example = example.map_or(String::new(), |(f, _)| f.key.clone());
    let message = crate::tr!(
        "`{key}` 未填写 {zh}，按 0 计",
        "`{key}` leaves out {en}, counted as 0"
    );
    let help = crate::tr!(
        "请逐项填写，没有的填 0，例如 `{example} = 0`；--strict 不接受缺项",
        "give every kind, 0 where there is none, e.g. `{example} = 0`; --strict refuses left-out figures"
    );
    Some((message, help))
}

/// The checks on a whole company's figures, whatever they were read from: the year, and with
/// `--strict` every figure present. Fails with `errors` and these together.
#[allow(clippy::too_many_arguments)]
pub(crate) fn checked(
    rubric: &Rubric,
    source: Source,
    values: Vec<Option<Value>>,
    written: Vec<Written>,
    company: Option<String>,
    year: Option<i64>,
    mut errors: Vec<Diagnostic>,
    options: Options,
) -> Result<Data, Failed> {
    let mut warnings = Vec::new();
    if let (Some(year), Some(expected)) = (year, rubric.data_year)
        && year != expected
    {
        warnings.push(crate::tr!(
            "`year` 为 {year}，但通知要求 {expected} 年数据",
            "`year` is {year}, but the notice asks for {expected}'s figures"
        ));
    }
    if options.strict {
        for (input, value) in rubric.inputs.iter().zip(&values) {
            if value.is_none() && !input.optional {
                errors.push(
                    Diagnostic::error(
                        "missing-key",
                        crate::tr!(
                            "未填写 `{}`（{}）",
                            "`{}` ({}) is not given",
                            input.key,
                            input.title
                        ),
                    )
                    .in_file(&source)
                    .help(crate::tr!(
                        "请在文件中加上 `{} = …`；--strict 不接受缺项",
                        "add `{} = …` to the file; --strict refuses missing figures",
                        input.key
                    )),
                );
            }
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
        written,
        warnings,
        confirmed: Vec::new(),
        origin: if options.form {
            Origin::Form
        } else {
            Origin::File
        },
        contact: None,
    })
}

/// Keys unknown to `rubric` that clearly fit another built-in table: say so on the first of them.
fn which_hint(rubric: &Rubric, text: &str, errors: &mut [Diagnostic]) {
    let Some(first) = errors.iter_mut().find(|e| e.code == "unknown-key") else {
        return;
    };
    let keys = which::keys(text);
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    if let Some(fit) = which::best_fit(&keys, Some(&rubric.id)) {
        first.help = Some(which::fit_hint(&fit));
    }
}

/// What the sheet says about figures the file lacks: warnings for required ones (counted as 0 or
/// the lowest level), notes for optional ones. Derived from the values, so an override that fills
/// a figure in (`--what-if`) leaves nothing stale behind.
pub fn missing_notices(rubric: &Rubric, data: &Data) -> (Vec<String>, Vec<String>) {
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    for (i, (input, value)) in rubric.inputs.iter().zip(&data.values).enumerate() {
        if value.is_some() {
            continue;
        }
        let meaning = missing_meaning(rubric, input);
        let title = crate::i18n::lang().pick(&input.title, &input.title_en);
        let written = data.written.get(i);
        let blank = written.and_then(|w| w.blank.as_ref()?.cell_name());
        let merged = written.and_then(|w| w.merged.as_deref());
        let text = match (blank, merged) {
            (Some(cell), Some(range)) => crate::tr!(
                "未填写{title}（单元格 {cell}）：{meaning}；{cell} 在合并单元格 {range} 之中，本工具读取的是 {cell} 本身：请取消合并，把数值填在 {cell}",
                "{title} is not given (cell {cell}): {meaning}; {cell} lies inside the merged cells {range}, and the tool reads {cell} itself: unmerge them and type the figure into {cell}"
            ),
            (Some(cell), None) => crate::tr!(
                "未填写{title}（单元格 {cell} 空着）：{meaning}",
                "{title} is not given (the cell {cell} is empty): {meaning}"
            ),
            (None, _) if data.origin == Origin::Form => crate::tr!(
                "未填写{title}：{meaning}",
                "{title} is not given: {meaning}"
            ),
            (None, _) if matches!(data.origin, Origin::Cells { .. }) => crate::tr!(
                "未填写{title}（工作簿中没有这一行，键 {key}）：{meaning}",
                "{title} is not given (the workbook has no row for it, key {key}): {meaning}",
                key = input.key
            ),
            (None, _) => crate::tr!(
                "未填写 `{key}`（{title}）：{meaning}",
                "`{key}` ({title}) is not given: {meaning}",
                key = input.key
            ),
        };
        if input.optional {
            notes.push(text);
        } else {
            warnings.push(text);
        }
    }
    (warnings, notes)
}

fn missing_meaning(rubric: &Rubric, input: &Input) -> String {
    match input.kind {
        InputKind::Level => {
            let set = &rubric.level_sets[input.level_set.unwrap_or(0)];
            let lowest = &set.levels[set.lowest()];
            crate::tr!(
                "按最低档“{}”计",
                "counted as the lowest level, {}",
                crate::i18n::lang().pick(&lowest.label, &lowest.id)
            )
        }
        InputKind::Flag => crate::tr!("按“否”计", "counted as false"),
        InputKind::List => crate::tr!("按无计", "counted as none"),
        _ if input.optional => crate::tr!("依赖它的指标得 0 分", "the items that need it score 0"),
        _ => crate::tr!("按 0 计", "counted as 0"),
    }
}

/// Reads one figure given outside a data file (`--what-if key=value`) by the very rules a data
/// file's value obeys. `text` is a TOML value (`420`, `true`, `[60, 45]`, `"2.4%"`) or bare text
/// taken as a string (`350万元`, `比较完善`); `field` picks a field of a counts table. Diagnostics
/// point into `source`, where the value starts at byte `offset`.
pub fn read_figure(
    rubric: &Rubric,
    input: usize,
    field: Option<usize>,
    text: &str,
    source: &Source,
    offset: usize,
) -> Result<Value, Vec<Diagnostic>> {
    read_figure_written(rubric, input, field, text, source, offset).map(|(value, _)| value)
}

/// [`read_figure`], also telling whether the figure was written with an explicit unit.
pub fn read_figure_written(
    rubric: &Rubric,
    input: usize,
    field: Option<usize>,
    text: &str,
    source: &Source,
    offset: usize,
) -> Result<(Value, bool), Vec<Diagnostic>> {
    let input = &rubric.inputs[input];
    // On a command line a list is easier typed bare: `85,120,46` means `[85,120,46]`; a Chinese
    // `，` or `、` (three bytes) becomes `,` and two spaces, so spans still fit the original text.
    let bare_list = input.kind == InputKind::List && field.is_none() && !text.starts_with('[');
    let bracketed = format!("[{}]", text.replace(['，', '、'], ",  "));
    let parsed = if bare_list {
        DeValue::parse(&bracketed).map(|v| shift(v, offset.saturating_sub(1)))
    } else {
        DeValue::parse(text).map(|v| shift(v, offset))
    };
    let value = parsed.unwrap_or_else(|_| {
        Spanned::new(
            offset..offset.saturating_add(text.len()),
            DeValue::String(text.into()),
        )
    });
    let mut reader = Reader {
        rubric,
        source,
        errors: Vec::new(),
        values: Vec::new(),
        spans: Vec::new(),
        units: Vec::new(),
        unit_seen: false,
        meta: meta::Meta::default(),
        confirmed: Vec::new(),
        left_out: Vec::new(),
        form: false,
    };
    let read = match field.and_then(|f| input.fields.get(f)) {
        Some(f) => reader
            .count(&format!("{}.{}", input.key, f.key), "", &value)
            .map(Value::Number),
        None => reader.read_value(input, &value),
    };
    match read {
        Some(value) if reader.errors.is_empty() => Ok((value, reader.unit_seen)),
        _ => Err(reader.errors),
    }
}

/// Moves a parsed value's spans (its elements' too) to where the value stands in a longer text.
fn shift(value: Spanned<DeValue<'_>>, by: usize) -> Spanned<DeValue<'_>> {
    let span = value.span();
    let inner = match value.into_inner() {
        DeValue::Array(items) => {
            let mut shifted = toml::de::DeArray::new();
            for item in items.iter().cloned() {
                shifted.push(shift(item, by));
            }
            DeValue::Array(shifted)
        }
        other => other,
    };
    Spanned::new(
        span.start.saturating_add(by)..span.end.saturating_add(by),
        inner,
    )
}

/// 其中: every part larger than its whole, as (the part's input, message, help).
pub(crate) fn parts_exceeding(
    rubric: &Rubric,
    values: &[Option<Value>],
) -> Vec<(usize, String, String)> {
    let mut found = Vec::new();
    for (index, input) in rubric.inputs.iter().enumerate() {
        let Some(whole) = input.part_of else { continue };
        let (Some(Value::Number(part)), Some(Value::Number(total))) =
            (&values[index], &values[whole])
        else {
            continue;
        };
        if part > total {
            let whole_input = &rubric.inputs[whole];
            let message = crate::tr!(
                "`{}`（{}）大于它所属的 `{}`（{}）",
                "`{}` ({}) is larger than `{}` ({}), of which it is a part",
                input.key,
                crate::num::plain(*part),
                whole_input.key,
                crate::num::plain(*total)
            );
            let help = crate::tr!(
                "{}包含在{}之中",
                "{} is counted within {}",
                input.title,
                whole_input.title
            );
            found.push((index, message, help));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric() -> Rubric {
        match crate::rubric::builtin::find("enterprise-center").map(|b| b.load()) {
            Some(Ok(loaded)) => loaded.rubric,
            _ => panic!("built-in rubric does not load"),
        }
    }

    fn errors(text: &str) -> Vec<Diagnostic> {
        match load_str(&rubric(), Source::new("t.toml", text), Options::default()) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(failed) => failed.diagnostics,
        }
    }

    /// Read as `score serve`'s form, a refusal names the field by its 数据名称 and says what to
    /// type into it; read as a file, the same text gets the key and a TOML line. The form and
    /// its read are marked [`Origin::Form`] whichever reader took it.
    #[test]
    fn a_form_hears_of_its_fields_and_a_file_of_its_lines() {
        crate::i18n::scoped(crate::i18n::Lang::Zh, form_and_file_wording);
    }

    fn form_and_file_wording() {
        let rubric = rubric();
        let text = "rd_expense = true\nrd_staff = true\n";
        let form = Options {
            form: true,
            ..Options::default()
        };
        let said = |options| match load_str(&rubric, Source::new("form.toml", text), options) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(failed) => failed
                .diagnostics
                .iter()
                .map(|d| format!("{} {}", d.message, d.help.as_deref().unwrap_or("")))
                .collect::<Vec<_>>(),
        };
        let on_form = said(form);
        assert!(
            on_form[0].starts_with("“年度研究与试验发展经费支出额” 应为数字")
                && on_form[0].ends_with("请填写以万元为单位的数，或写上单位，例如 350万元"),
            "{on_form:?}"
        );
        assert!(
            on_form[1].starts_with("“研发人员数” 应为整数")
                && on_form[1].ends_with("请填写整数，例如 3"),
            "{on_form:?}"
        );
        let in_file = said(Options::default());
        assert!(
            in_file[0].starts_with("`rd_expense` 应为数字")
                && in_file[0].ends_with("请写 `rd_expense = 350`（万元）或 \"350万元\""),
            "{in_file:?}"
        );
        assert!(in_file[1].ends_with("请写 `rd_staff = 3`"), "{in_file:?}");
        let clean = "rd_expense = 350\n";
        for options in [form, Options::default()] {
            let data = load_str(&rubric, Source::new("form.toml", clean), options).expect("read");
            let wanted = if options.form {
                Origin::Form
            } else {
                Origin::File
            };
            assert_eq!(data.origin, wanted);
        }
    }

    #[test]
    fn a_figure_outside_a_file_obeys_the_file_rules_and_points_into_its_source() {
        let rubric = rubric();
        let (staff, _) = rubric.input("rd_staff").expect("rd_staff");
        let source = Source::new("--what-if", "rd_staff=[1, -2]");
        let errors = read_figure(&rubric, staff, None, "[1, -2]", &source, 9).expect_err("a list");
        assert_eq!(errors[0].span, Some(9..16));
        let (money, _) = rubric.input("rd_expense").expect("rd_expense");
        let source = Source::new("--what-if", "rd_expense=350万元");
        assert_eq!(
            read_figure(&rubric, money, None, "350万元", &source, 11).ok(),
            Some(Value::Number(Decimal::from(350)))
        );
        let errors = read_figure(&rubric, money, None, "-5", &source, 11).expect_err("negative");
        assert_eq!(errors[0].span, Some(11..13));
    }

    #[test]
    fn a_repeated_field_points_back_into_its_own_table() {
        let text = "[patent_applications]\ninvention = 1\n[awards]\nfirst = 1\n\n[standards]\nenterprise = 1\nenterprise = 2\n";
        let errors = errors(text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].code, "duplicate-key");
        assert_eq!(
            errors[0].help.as_deref().map(|h| h.contains("line 7")),
            Some(true)
        );
        assert_eq!(errors[0].location().map(|l| (l.1, l.2)), Some((8, 1)));
    }

    #[test]
    fn one_broken_line_gives_one_syntax_error() {
        let errors = errors("rd_expense = = 3\nrd_staff = 1\n");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].location().map(|l| (l.1, l.2)), Some((1, 14)));
    }

    #[test]
    fn every_value_error_points_at_the_value() {
        let text = "rd_expense = -1\nrd_staff = 1.5\nsenior_or_phd = \"x\"\nrd_equipment_value = { a = 1 }\n[standards]\nenterprise = -2\n";
        let errors = errors(text);
        assert_eq!(errors.len(), 5, "{errors:?}");
        for e in &errors {
            let span = e.span.clone().expect("a span");
            let (_, line, _) = e.location().expect("a location");
            let value = text.lines().nth(line - 1).expect("the line");
            assert!(value.contains(text[span].trim()), "{e}");
            assert!(e.to_string().contains(&format!("t.toml:{line}:")), "{e}");
        }
    }

    #[test]
    fn records_where_and_whether_a_unit_was_written() {
        let text = "rd_expense = 5200000\nmain_revenue = \"3.2亿元\"\nrd_staff = \"12人\"\ntotal_staff = \"40\"\n";
        let rubric = rubric();
        let data =
            load_str(&rubric, Source::new("t.toml", text), Options::default()).expect("reads");
        let written = |key: &str| {
            let (i, _) = rubric.input(key).expect("key");
            (
                data.unit_written(i),
                data.written[i].span.clone().map(|s| &text[s]),
            )
        };
        assert_eq!(written("rd_expense"), (false, Some("5200000")));
        assert_eq!(written("main_revenue"), (true, Some("\"3.2亿元\"")));
        assert_eq!(written("rd_staff"), (true, Some("\"12人\"")));
        // Quoted but bare: no unit was said.
        assert_eq!(written("total_staff"), (false, Some("\"40\"")));
        assert_eq!(written("senior_or_phd"), (false, None));
        let (money, _) = rubric.input("rd_expense").expect("rd_expense");
        let source = Source::new("--what-if", "rd_expense=520万元");
        let read = read_figure_written(&rubric, money, None, "520万元", &source, 11);
        assert_eq!(read.ok(), Some((Value::Number(Decimal::from(520)), true)));
    }

    #[test]
    fn a_gbk_file_carries_a_warning_first() {
        let (gbk, _, _) = encoding_rs::GBK.encode("company = \"武威\"\nrd_expense = 350\n");
        let data = load_bytes(&rubric(), "g.toml", &gbk, Options::default()).expect("read as GBK");
        assert_eq!(data.company.as_deref(), Some("武威"));
        assert!(data.warnings[0].contains("GBK"), "{:?}", data.warnings);
    }
}
