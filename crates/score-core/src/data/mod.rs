//! A company's figures, read from a TOML data file against a rubric's declared inputs.
//!
//! Every problem of a file is collected and reported together; nothing is guessed silently.

#![deny(clippy::arithmetic_side_effects)]

pub mod cells;
pub mod confirmed;
pub mod contact;
pub mod decode;
pub mod fast;
pub mod keys;
pub mod meta;
pub mod rows;
pub mod units;
pub mod which;
pub mod workbook;

use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Failed, Source, did_you_mean};
use crate::num::{NumError, parse_decimal};
use crate::rubric::{Input, InputKind, Rubric};
use units::UnitError;

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
        origin: Origin::File,
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

/// TOML's own complaints, one per line (a broken line tends to produce a cascade), each with a
/// hint for the mistakes people make by hand: a key given twice, text without quotes, Chinese
/// full-width punctuation.
fn syntax_errors(rubric: &Rubric, source: &Source, errors: &[toml::de::Error]) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut lines_seen = std::collections::HashSet::new();
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        let span = span.start.min(source.text.len())..span.end.min(source.text.len());
        let (line, _) = source.line_col(span.start);
        if !lines_seen.insert(line) {
            continue;
        }
        if diagnostics.len() >= crate::diag::MAX_KEPT {
            // Counted, not worded: a file of a million broken lines is not held a million times.
            crate::diag::push_capped(&mut diagnostics, Diagnostic::error("syntax", String::new()));
            continue;
        }
        let message = e.message().trim();
        let line_text = source.line_text(line);
        let diagnostic = if message.starts_with("duplicate key") {
            duplicate_key(source, span)
        } else {
            let after_equals = line_text
                .split_once('=')
                .map(|(_, rest)| rest.split('#').next().unwrap_or("").trim());
            let help = if line_text.contains(['＝', '“', '”', '［', '］', '＃']) {
                crate::tr!(
                    "请用英文半角的 `=`、`\"`、`[`、`]` 和 `#`：中文全角的 `＝` `“”` `［］` `＃` 不是 TOML 语法（请切换到英文输入法）",
                    "use the ASCII `=`, `\"`, `[`, `]` and `#`: the Chinese full-width `＝` `“”` `［］` `＃` \
                     are not TOML (switch the input method to English / 切换到英文输入法)"
                )
            } else if after_equals == Some("") {
                let key = line_text.split('=').next().unwrap_or("").trim();
                crate::tr!(
                    "`{key}` 没有值：请在 `=` 后填写，例如 `{key} = 0`",
                    "`{key}` has no value: write one after `=`, e.g. `{key} = 0`"
                )
            } else if message.contains("unquoted key")
                && let Some(hint) = title_match(rubric, source.text.get(span.clone()).unwrap_or(""))
            {
                hint
            } else if message.contains("unquoted key") {
                crate::tr!(
                    "键是英文名，例如 `rd_expense`；`score template --rubric {}` 列出全部键",
                    "keys are English names such as `rd_expense`; `score template --rubric {}` lists every key",
                    rubric.id
                )
            } else if message.contains("must be quoted") {
                crate::tr!(
                    "文字要放在英文双引号中：`company = \"武威某公司\"`、`org_structure = \"很完善\"`",
                    "text goes in double quotes: `company = \"武威某公司\"`, `org_structure = \"很完善\"`"
                )
            } else {
                crate::tr!(
                    "这不是有效的 TOML：每行写 `键 = 值`，文字放在 \"引号\" 中，注释写在 `#` 之后",
                    "this is not valid TOML: a line reads `key = value`, text in \"quotes\", \
                     a comment after `#`"
                )
            };
            Diagnostic::error("syntax", toml_error_words(message))
                .at(source, span)
                .help(help)
        };
        diagnostics.push(diagnostic);
    }
    diagnostics
}

/// The parser's message by how it starts, in words of ours (first match wins: a longer
/// start before a shorter one).
const KINDS: &[(&str, &str, &str)] = &[
    ("extra `=`", "多了一个 `=`", "an extra `=`"),
    (
        "string values must be quoted",
        "文字没有放在英文双引号中",
        "text is not in double quotes",
    ),
    (
        "unquoted string",
        "文字没有放在英文双引号中",
        "text is not in double quotes",
    ),
    (
        "invalid unquoted key",
        "键名无效（键是英文名，不含空格）",
        "an invalid key (keys are English names without spaces)",
    ),
    (
        "invalid key",
        "键名无效（键是英文名，不含空格）",
        "an invalid key (keys are English names without spaces)",
    ),
    (
        "key with no value",
        "键后面没有 `=` 和值",
        "a key with no `=` and value",
    ),
    ("missing value", "`=` 后面没有值", "no value after `=`"),
    (
        "missing assignment",
        "键和值之间缺少 `=`",
        "no `=` between the key and the value",
    ),
    (
        "invalid float",
        "数字写法不对（例如 `1150` 或 `2.6`）",
        "a number written wrongly (e.g. `1150` or `2.6`)",
    ),
    (
        "invalid integer",
        "数字写法不对（例如 `1150` 或 `2.6`）",
        "a number written wrongly (e.g. `1150` or `2.6`)",
    ),
    (
        "invalid number",
        "数字写法不对（例如 `1150` 或 `2.6`）",
        "a number written wrongly (e.g. `1150` or `2.6`)",
    ),
    (
        "unexpected leading zero",
        "数字不能以 0 开头",
        "a number starting with 0",
    ),
    (
        "`_` may only go between digits",
        "数字中的 `_` 只能写在两个数字之间",
        "a `_` not between two digits",
    ),
    (
        "unclosed table",
        "表头缺少右方括号 `]`",
        "a table header without its closing `]`",
    ),
    (
        "unclosed array table",
        "表头缺少 `]]`",
        "a table header without its closing `]]`",
    ),
    (
        "unclosed array",
        "列表缺少右方括号 `]`",
        "a list without its closing `]`",
    ),
    (
        "unclosed inline table",
        "缺少右花括号 `}`",
        "a missing closing `}`",
    ),
    (
        "missing comma",
        "列表中的各项之间缺少逗号 `,`",
        "a missing `,` between items",
    ),
    ("extra comma", "多了一个逗号 `,`", "an extra `,`"),
    ("duplicate key", "同一个键写了两次", "a key written twice"),
    (
        "unexpected content",
        "这一行在值后面还有多余的内容",
        "more text after the value on this line",
    ),
    (
        "invalid comment character",
        "注释中有不允许的控制字符",
        "a control character in a comment",
    ),
    (
        "carriage return",
        "文件中有单独的回车符",
        "a lone carriage return",
    ),
    (
        "invalid basic string, expected `\"`",
        "文字缺少右引号 `\"`",
        "text without its closing `\"`",
    ),
    (
        "invalid literal string",
        "文字缺少右引号 `'`",
        "text without its closing `'`",
    ),
    (
        "invalid multi-line",
        "多行文字缺少结尾的三个引号",
        "multi-line text without its closing quotes",
    ),
    (
        "missing escaped value",
        "文字中的反斜杠 `\\` 要写成 `\\\\`",
        "a backslash `\\` in text must be written `\\\\`",
    ),
    (
        "invalid boolean",
        "是/否要写作 `true` 或 `false`",
        "yes/no is written `true` or `false`",
    ),
    (
        "invalid exponent",
        "数字写法不对（例如 `1150` 或 `2.6`）",
        "a number written wrongly (e.g. `1150` or `2.6`)",
    ),
    (
        "invalid mantissa",
        "数字写法不对（例如 `1150` 或 `2.6`）",
        "a number written wrongly (e.g. `1150` or `2.6`)",
    ),
    (
        "invalid fraction",
        "数字写法不对（例如 `1150` 或 `2.6`）",
        "a number written wrongly (e.g. `1150` or `2.6`)",
    ),
    (
        "invalid hexadecimal",
        "数字写法不对（例如 `1150` 或 `2.6`）",
        "a number written wrongly (e.g. `1150` or `2.6`)",
    ),
    (
        "invalid octal",
        "数字写法不对（例如 `1150` 或 `2.6`）",
        "a number written wrongly (e.g. `1150` or `2.6`)",
    ),
    (
        "invalid binary",
        "数字写法不对（例如 `1150` 或 `2.6`）",
        "a number written wrongly (e.g. `1150` or `2.6`)",
    ),
    (
        "integers with a radix",
        "数字写法不对（例如 `1150` 或 `2.6`）",
        "a number written wrongly (e.g. `1150` or `2.6`)",
    ),
    (
        "radix must be lowercase",
        "数字写法不对（例如 `1150` 或 `2.6`）",
        "a number written wrongly (e.g. `1150` or `2.6`)",
    ),
    (
        "redundant",
        "数字写法不对（例如 `1150` 或 `2.6`）",
        "a number written wrongly (e.g. `1150` or `2.6`)",
    ),
    (
        "unexpected sign",
        "数字写法不对（例如 `1150` 或 `2.6`）",
        "a number written wrongly (e.g. `1150` or `2.6`)",
    ),
    (
        "invalid date",
        "日期写法不对（例如 `2023-12-31`）",
        "a date written wrongly (e.g. `2023-12-31`)",
    ),
    (
        "invalid time",
        "日期写法不对（例如 `2023-12-31`）",
        "a date written wrongly (e.g. `2023-12-31`)",
    ),
    (
        "invalid offset",
        "日期写法不对（例如 `2023-12-31`）",
        "a date written wrongly (e.g. `2023-12-31`)",
    ),
    (
        "unquoted keys cannot be empty",
        "`=` 前面没有键",
        "no key before `=`",
    ),
    (
        "unexpected key or value",
        "这一行在值后面还有多余的内容",
        "more text after the value on this line",
    ),
    (
        "invalid basic string",
        "文字中有不允许的字符（例如反斜杠 `\\` 要写成 `\\\\`）",
        "a character not allowed in text (write a backslash `\\` as `\\\\`)",
    ),
    (
        "invalid escape",
        "文字中的反斜杠 `\\` 要写成 `\\\\`",
        "a backslash `\\` in text must be written `\\\\`",
    ),
    (
        "invalid string",
        "文字的引号没有成对",
        "text whose quotes do not pair up",
    ),
    (
        "unclosed",
        "引号或括号没有成对",
        "a quote or bracket that is not closed",
    ),
];

/// The TOML parser's error, in the message language. The common kinds get words of their own in
/// both languages, so a reworded parser message changes no output; any other keeps the parser's
/// (English) text only as a detail after a sentence of ours.
fn toml_error_words(message: &str) -> String {
    let lang = crate::i18n::lang();
    match KINDS.iter().find(|(kind, _, _)| message.starts_with(kind)) {
        Some((_, zh, en)) => crate::tr!("TOML 语法错误：{zh}", "TOML syntax error: {en}"),
        None => match lang {
            crate::i18n::Lang::Zh => {
                format!("TOML 语法错误：这一行无法读取（解析器原文：{message}）")
            }
            crate::i18n::Lang::En => format!("TOML syntax error: {message}"),
        },
    }
}

/// A key written as its Chinese description (`研发经费 = 350`): the input whose title holds it.
pub(crate) fn title_match(rubric: &Rubric, word: &str) -> Option<String> {
    let word = word.trim().trim_matches(['"', '\'']);
    if word.is_ascii() || word.chars().count() < 2 {
        return None;
    }
    let found = rubric
        .inputs
        .iter()
        .find(|i| i.title.contains(word) || word.contains(&*i.title))?;
    Some(crate::tr!(
        "键是英文名：您是不是要写 `{}`（{}）？`score template --rubric {}` 列出全部键",
        "keys are English names: did you mean `{}` ({})? `score template --rubric {}` lists every key",
        found.key,
        found.title,
        rubric.id
    ))
}

/// A key (or a `[table]`) given twice, which TOML refuses: name it and say where it first stood.
fn duplicate_key(source: &Source, span: Range<usize>) -> Diagnostic {
    let text = &source.text;
    let start = floor_boundary(text, span.start);
    let end = floor_boundary(text, span.end.max(start));
    let written = text[start..end].trim();
    let key = written.trim_matches(['"', '\'']).to_string();
    let is_header = text[..start].trim_end().ends_with('[');
    // A key repeats within its own table: search from the last `[table]` line before it.
    let line_start = text[..start].rfind('\n').map_or(0, |i| i.saturating_add(1));
    let section = if is_header {
        0
    } else {
        text[..line_start]
            .match_indices('\n')
            .map(|(i, _)| i.saturating_add(1))
            .chain(std::iter::once(0))
            .filter(|&i| text[i..].trim_start_matches([' ', '\t']).starts_with('['))
            .max()
            .unwrap_or(0)
    };
    let first = first_definition(&text[section..start], &key)
        .map(|line| line.saturating_add(text[..section].matches('\n').count()));
    let message = if key.is_empty() {
        crate::tr!("有一个键写了两次", "a key is given twice")
    } else {
        crate::tr!("`{key}` 写了两次", "`{key}` is given twice")
    };
    let help = match first {
        Some(line) => crate::tr!(
            "`{key}` 已在第 {line} 行写过；只保留一处（TOML 中每个键只能写一次）",
            "`{key}` is first given on line {line}; keep one of them (TOML allows each key once)"
        ),
        None => crate::tr!(
            "只保留一处（TOML 中每个键、每个表都只能写一次）",
            "keep one of them (TOML allows each key once, and a table once)"
        ),
    };
    Diagnostic::error("duplicate-key", message)
        .at(source, start..end)
        .help(help)
}

/// The line where `key` is first defined in `before`: `key = …`, `key.field = …` or `[key]`.
fn first_definition(before: &str, key: &str) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    before.lines().enumerate().find_map(|(n, line)| {
        let line = line.trim_start();
        let rest = line
            .strip_prefix('[')
            .map(|r| r.trim_start_matches('['))
            .unwrap_or(line)
            .trim_start();
        let rest = rest
            .strip_prefix(key)
            .or_else(|| rest.strip_prefix(&format!("\"{key}\"")))?;
        let next = rest.trim_start().chars().next();
        matches!(next, Some('=' | '.' | ']')).then_some(n.saturating_add(1))
    })
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset = offset.saturating_sub(1);
    }
    offset
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

struct Reader<'a> {
    rubric: &'a Rubric,
    source: &'a Source,
    errors: Vec<Diagnostic>,
    values: Vec<Option<Value>>,
    spans: Vec<Option<Range<usize>>>,
    /// Per input: whether its value was written with a unit.
    units: Vec<bool>,
    /// Whether the number last read carried a unit.
    unit_seen: bool,
    /// The company, year and table the file names.
    meta: meta::Meta,
    confirmed: Vec<String>,
    /// Kinds left out of a counts table (counted as 0): a warning, or under `--strict` an error.
    left_out: Vec<Diagnostic>,
}

type Entry<'i> = (
    &'i Spanned<std::borrow::Cow<'i, str>>,
    &'i Spanned<DeValue<'i>>,
);

impl<'a> Reader<'a> {
    /// Whether the value came from a workbook or CSV cell: hints then say what to type into the
    /// cell, not a TOML line.
    fn in_cell(&self) -> bool {
        matches!(self.source.position, crate::diag::Position::Cell { .. })
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

    fn read_table(&mut self, table: &DeTable<'_>) {
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

    fn read_value(&mut self, input: &Input, value: &Spanned<DeValue<'_>>) -> Option<Value> {
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
                self.error(
                    "wrong-type",
                    crate::tr!(
                        "`{key}` 应为 true 或 false，而不是{}",
                        "`{key}` should be true or false, not {}",
                        type_name(other)
                    ),
                    span,
                    Some(if self.in_cell() {
                        crate::tr!(
                            "请在单元格中选“是”或“否”",
                            "choose 是 (yes) or 否 (no) in the cell"
                        )
                    } else {
                        crate::tr!(
                            "请写 `{key} = true` 或 `{key} = false`",
                            "write `{key} = true` or `{key} = false`"
                        )
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
            self.error(
                "wrong-type",
                crate::tr!(
                    "`{key}` 应为数字，而不是{}",
                    "`{key}` should be a number, not {}",
                    type_name(value.get_ref())
                ),
                span,
                Some(kind_example(input, self.in_cell())),
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
            self.error(
                "negative",
                crate::tr!(
                    "`{key}` 为 {}，不能为负数",
                    "`{key}` is {}, but it cannot be negative",
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
        let text = crate::diag::quote(text);
        let (message, help) = match e {
            UnitError::Unreadable(forms) => (
                crate::tr!(
                    "无法把 `{text}` 读作 `{key}` 的值",
                    "cannot read `{text}` as the value of `{key}`"
                ),
                crate::tr!("请写{forms}", "write {forms}"),
            ),
            UnitError::Number(NumError::TooLarge) => (
                crate::tr!(
                    "`{key}` = `{text}` 数值过大",
                    "`{key}` = `{text}` is too large"
                ),
                crate::tr!(
                    "数值的绝对值不能超过 {}；单位（{}）是否正确？",
                    "figures are at most {} in magnitude; is the unit ({}) right?",
                    crate::num::MAX_MAGNITUDE,
                    input.unit
                ),
            ),
            UnitError::Number(NumError::TooPrecise) => (
                crate::tr!(
                    "`{key}` = `{text}` 小数位数过多",
                    "`{key}` = `{text}` has too many decimal places"
                ),
                crate::tr!(
                    "最多保留 {} 位小数",
                    "at most {} decimal places are kept",
                    crate::num::MAX_SCALE
                ),
            ),
            UnitError::Number(NumError::NotANumber) => (
                crate::tr!(
                    "无法把 `{text}` 读作 `{key}` 的值",
                    "cannot read `{text}` as the value of `{key}`"
                ),
                kind_example(input, self.in_cell()),
            ),
        };
        self.error("bad-value", message, span, Some(help));
    }

    fn count(&mut self, key: &str, unit: &str, value: &Spanned<DeValue<'_>>) -> Option<Decimal> {
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
                self.error(
                    "wrong-type",
                    crate::tr!(
                        "`{key}` 应为整数，而不是{}",
                        "`{key}` should be a whole number, not {}",
                        type_name(value.get_ref())
                    ),
                    span,
                    Some(if self.in_cell() {
                        crate::tr!(
                            "请在单元格中填写整数，例如 3（不要填 TRUE/FALSE 或“是/否”）",
                            "type a whole number into the cell, e.g. 3 (not TRUE/FALSE or yes/no)"
                        )
                    } else {
                        crate::tr!(
                            "请写 `{} = 3`",
                            "write `{} = 3`",
                            key.rsplit('.').next().unwrap_or(key)
                        )
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
        match parsed {
            Ok(n) if n < Decimal::ZERO => {
                self.error(
                    "negative",
                    crate::tr!(
                        "`{key}` 为 {}，数量不能为负数",
                        "`{key}` is {}, but a count cannot be negative",
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
                        "`{key}` 为 {}，数量应为整数",
                        "`{key}` is {}, but a count is a whole number",
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
        let text = crate::diag::quote(self.source.text.get(span.clone()).unwrap_or(""));
        let (message, help) = match e {
            UnitError::Number(NumError::TooLarge) => (
                crate::tr!(
                    "`{key}` = `{text}` 数值过大",
                    "`{key}` = `{text}` is too large"
                ),
                crate::tr!(
                    "数量不能超过 {}",
                    "counts are at most {}",
                    crate::num::MAX_MAGNITUDE
                ),
            ),
            _ => (
                crate::tr!(
                    "无法把 `{text}` 读作数量 `{key}`",
                    "cannot read `{text}` as the count `{key}`"
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
    fn check_parts(&mut self) {
        for (index, message, help) in parts_exceeding(self.rubric, &self.values) {
            let span = self.spans[index].clone().unwrap_or(0..0);
            self.error("part-exceeds-whole", message, span, Some(help));
        }
    }
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

/// What to write for `input`: as a TOML line, or, when the value came from a workbook or CSV
/// cell (`in_cell`), what to type into the cell, with no key and no quotes.
fn kind_example(input: &Input, in_cell: bool) -> String {
    if in_cell {
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
    fn finds_where_a_key_was_first_given() {
        assert_eq!(
            first_definition("a = 1\nrd_expense = 2\n", "rd_expense"),
            Some(2)
        );
        assert_eq!(first_definition("[standards]\n", "standards"), Some(1));
        assert_eq!(
            first_definition("standards.enterprise = 1\n", "standards"),
            Some(1)
        );
        assert_eq!(first_definition("rd_expense_x = 1\n", "rd_expense"), None);
        assert_eq!(first_definition("", ""), None);
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
