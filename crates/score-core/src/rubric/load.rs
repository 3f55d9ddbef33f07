//! Rubric TOML → validated [`Rubric`], collecting every problem instead of stopping at the first.

#![deny(clippy::arithmetic_side_effects)]

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use rust_decimal::Decimal;
use toml::Spanned;

use super::raw::{self, NumLit, RawInputKind, RawOp, RuleKind};
use super::*;
use crate::diag::{Diagnostic, Failed, Source, did_you_mean};
use crate::num::parse_decimal;

/// A rubric and the warnings found while loading it.
pub struct Loaded {
    pub rubric: Rubric,
    pub warnings: Vec<Diagnostic>,
}

/// Loads a rubric file from disk.
pub fn load(path: &Path) -> Result<Loaded, Failed> {
    let name = path.display().to_string();
    let bytes = crate::read::read_regular(path, crate::read::RUBRIC_LIMIT).map_err(|e| Failed {
        diagnostics: vec![Diagnostic::error("io", e)],
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Err(not_utf8(&name, e.as_bytes(), e.utf8_error().valid_up_to())),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    load_str(Source::new(name, text))
}

/// The `encoding` error for a rubric file that is not UTF-8, pointing at the first bad byte.
fn not_utf8(name: &str, bytes: &[u8], offset: usize) -> Failed {
    let bad = bytes.get(offset).copied().unwrap_or(0);
    let (_, _, gbk_errors) = encoding_rs::GBK.decode(bytes);
    let help = if gbk_errors {
        crate::tr!(
            "请把评分表文件另存为 UTF-8 编码",
            "save the rubric file as UTF-8"
        )
    } else {
        crate::tr!(
            "看起来是 GBK 编码: 请把评分表文件另存为 UTF-8（文件 → 另存为 → 编码: UTF-8）",
            "it looks like GBK: save the rubric file as UTF-8 (File → Save As → Encoding: UTF-8)"
        )
    };
    // The lossy text keeps every byte before `offset` and puts U+FFFD (3 bytes) at it.
    let source = Source::new(name, String::from_utf8_lossy(bytes).into_owned());
    Failed {
        diagnostics: vec![
            Diagnostic::error(
                "encoding",
                crate::tr!(
                    "评分表 `{name}` 不是 UTF-8 编码: 无效字节 0x{bad:02X}",
                    "rubric `{name}` is not UTF-8: invalid byte 0x{bad:02X}"
                ),
            )
            .at(&source, offset..offset.saturating_add(3))
            .help(help),
        ],
    }
}

/// Loads a rubric from text already in memory (built-in rubrics, tests).
///
/// Three passes, each reported in full before the next runs: TOML syntax (`syntax`), the schema
/// (`schema`: unknown keys, wrong types, missing keys), then resolution and the semantic checks of
/// [`super::lint`]. Error-level findings refuse the rubric; warnings travel with it.
pub fn load_str(source: Source) -> Result<Loaded, Failed> {
    let hidden = control_characters(&source);
    if !hidden.is_empty() {
        return Err(Failed {
            diagnostics: hidden,
        });
    }
    let syntax = syntax_errors(&source);
    if !syntax.is_empty() {
        return Err(Failed {
            diagnostics: syntax,
        });
    }
    let raw: raw::RawRubric = match toml::from_str(&source.text) {
        Ok(raw) => raw,
        Err(e) => {
            return Err(Failed {
                diagnostics: vec![schema_error(&source, e.message(), e.span())],
            });
        }
    };
    if let Some(failed) = too_many(&source, &raw) {
        return Err(failed);
    }
    let mut builder = Builder {
        source: &source,
        diagnostics: Vec::new(),
    };
    let rubric = builder.build(&raw);
    let mut diagnostics = builder.diagnostics;
    if let Some(rubric) = &rubric {
        diagnostics.extend(super::lint::lint(rubric, &raw));
    }
    let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics.into_iter().partition(|d| d.is_error());
    match rubric {
        Some(rubric) if errors.is_empty() => Ok(Loaded { rubric, warnings }),
        _ => Err(Failed {
            diagnostics: errors.into_iter().chain(warnings).collect(),
        }),
    }
}

/// Control characters (ESC, BEL, …) and bidi controls anywhere in a rubric: its titles reach
/// terminals and reports, so a rubric from elsewhere may not carry them (tabs and line breaks may).
fn control_characters(source: &Source) -> Vec<Diagnostic> {
    source
        .text
        .char_indices()
        .filter(|(_, c)| {
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || crate::diag::is_bidi(*c)
        })
        .take(crate::diag::MAX_SHOWN)
        .map(|(at, c)| {
            let code = c.escape_unicode();
            Diagnostic::error(
                "control-character",
                crate::tr!(
                    "评分表中有控制字符 `{code}`，不允许",
                    "the rubric contains the control character `{code}`, which is not allowed"
                ),
            )
            .at(source, at..at.saturating_add(c.len_utf8()))
            .help(crate::tr!("删除该字符", "delete the character"))
        })
        .collect()
}

/// Most entries in any one table of a rubric (`[[inputs]]`, `[[items]]`, …). A province's table
/// has some fifty items; the bound keeps `check`'s memory and time small for any file (a rubric
/// of a million items took 6.5 GB).
pub const MAX_ENTRIES: usize = 10_000;

/// A refusal when some table of the rubric has more than [`MAX_ENTRIES`] entries.
fn too_many(source: &Source, raw: &raw::RawRubric) -> Option<Failed> {
    let tables = [
        ("inputs", raw.inputs.len()),
        ("derived", raw.derived.len()),
        ("categories", raw.categories.len()),
        ("groups", raw.groups.len()),
        ("items", raw.items.len()),
        ("gates", raw.gates.len()),
        ("cases", raw.cases.len()),
    ];
    let diagnostics: Vec<Diagnostic> = tables
        .iter()
        .filter(|(_, n)| *n > MAX_ENTRIES)
        .map(|(table, n)| {
            Diagnostic::error(
                "too-large",
                crate::tr!(
                    "评分表的 `[[{table}]]` 有 {n} 项，上限为 {MAX_ENTRIES} 项",
                    "the rubric's `[[{table}]]` has {n} entries; at most {MAX_ENTRIES} are allowed"
                ),
            )
            .in_file(source)
        })
        .collect();
    (!diagnostics.is_empty()).then_some(Failed { diagnostics })
}

/// Every TOML syntax error in the text (the parser recovers and goes on), as `syntax` errors.
fn syntax_errors(source: &Source) -> Vec<Diagnostic> {
    /// After the first few, the parser's errors are mostly echoes of an earlier one (an unclosed
    /// `[` makes every later line "missing comma"): they are counted, not shown.
    const SHOWN: usize = 3;
    let (_, errors) = toml::de::DeTable::parse_recoverable(&source.text);
    // A second error on the same line is nearly always an echo of the first: one per line.
    let mut lines = std::collections::HashSet::new();
    let mut in_order: Vec<_> = errors.iter().collect();
    in_order.sort_by_key(|e| e.span().map_or(0, |s| s.start));
    let distinct: Vec<_> = in_order
        .into_iter()
        .filter(|e| lines.insert(source.line_col(e.span().map_or(0, |s| s.start)).0))
        .collect();
    let unclosed_array = distinct
        .iter()
        .any(|e| e.message().contains("missing comma between array elements"));
    let mut out: Vec<Diagnostic> = distinct
        .iter()
        .take(SHOWN)
        .enumerate()
        .map(|(i, e)| {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim();
            let first = message.lines().next().unwrap_or(message);
            let d = Diagnostic::error(
                "syntax",
                crate::tr!("TOML 格式错误: {first}", "invalid TOML: {first}"),
            )
            .at(source, span);
            match i {
                0 if unclosed_array => d.help(crate::tr!(
                    "上方打开的数组（`= [`）可能缺少结尾的 `]`；参见 https://toml.io",
                    "an array opened above (`= [`) may lack its closing `]`; see https://toml.io",
                )),
                0 => d.help(crate::tr!(
                    "参见 https://toml.io: 字符串要加引号，每行一个 `键 = 值`，每个 `[` 和 `{{` 都要闭合",
                    "see https://toml.io: strings need quotes, one `key = value` a line, every `[` and `{{` closed",
                )),
                _ => d,
            }
        })
        .collect();
    if distinct.len() > SHOWN {
        out.push(
            Diagnostic::error(
                "syntax",
                crate::tr!(
                    "另有 {} 处 TOML 格式错误未显示",
                    "{} more TOML syntax errors not shown",
                    distinct.len().saturating_sub(SHOWN)
                ),
            )
            .in_file(source)
            .help(crate::tr!(
                "它们常由上面的错误引起: 先改正上面的错误，再运行一次",
                "they often follow from the ones above: fix those and run again"
            )),
        );
    }
    out
}

/// Turns one of serde's schema errors into a message that names the table and key it is about:
/// "unknown key `wieght` in group `innovation_talent`" rather than "unknown field `wieght`".
fn schema_error(source: &Source, message: &str, span: Option<Range<usize>>) -> Diagnostic {
    let message = message.trim();
    let first_line = message.lines().next().unwrap_or("").trim();
    let at = span
        .as_ref()
        .map(|span| schema::locate(&source.text, span.start))
        .unwrap_or_default();
    let (message, help) = schema::explain(first_line, &at);
    let diagnostic = Diagnostic::error("schema", message).maybe_help(help);
    match span {
        Some(span) => diagnostic.at(source, span),
        None => diagnostic.in_file(source),
    }
}

struct Builder<'s> {
    source: &'s Source,
    diagnostics: Vec<Diagnostic>,
}

/// Names in scope while resolving references.
struct Names {
    inputs: HashMap<String, usize>,
    derived: HashMap<String, usize>,
}

impl Builder<'_> {
    fn error(&mut self, code: &'static str, message: String, span: Range<usize>) {
        self.diagnostics
            .push(Diagnostic::error(code, message).at(self.source, span));
    }

    fn error_help(
        &mut self,
        code: &'static str,
        message: String,
        span: Range<usize>,
        help: Option<String>,
    ) {
        self.diagnostics.push(
            Diagnostic::error(code, message)
                .at(self.source, span)
                .maybe_help(help),
        );
    }

    /// What a span belongs to, for messages: "item `rd_amount`", "gate `rd_min`", "`[rubric]`".
    fn owner(&self, span: &Range<usize>) -> String {
        let path = schema::locate(&self.source.text, span.start);
        let end = match path.get(1) {
            Some(schema::Seg::Index(..)) => 2,
            _ => 1,
        };
        schema::describe(&path[..end.min(path.len())])
    }

    /// The full path to a value, for messages: "item `awards` → `max`".
    fn path(&self, span: &Range<usize>) -> String {
        schema::describe(&schema::locate(&self.source.text, span.start))
    }

    /// Re-reads a number from the source text: `5`, `0.5`, `"0.5"`, `"2%"` (→ 0.02).
    fn num(&mut self, lit: &Spanned<NumLit>) -> Decimal {
        let span = lit.span();
        let text = self.source.text[span.clone()].trim();
        let unquoted = text.trim_matches(|c| c == '"' || c == '\'');
        let (body, percent) = match unquoted.strip_suffix('%') {
            Some(body) => (body, true),
            None => (unquoted, false),
        };
        let is_plain_number =
            !text.starts_with("0x") && !text.starts_with("0o") && !text.starts_with("0b");
        match parse_decimal(body) {
            Ok(v) if is_plain_number => {
                if percent {
                    v.checked_div(Decimal::ONE_HUNDRED).unwrap_or(v)
                } else {
                    v
                }
            }
            Ok(_) | Err(_) => {
                self.error_help(
                    "bad-number",
                    crate::tr!(
                        "{}: `{text}` 不是十进制数",
                        "{}: `{text}` is not a decimal number",
                        self.path(&span)
                    ),
                    span,
                    Some(crate::tr!(
                        "请写十进制数，如 5、0.5 或 \"2%\"",
                        "write a decimal such as 5, 0.5 or \"2%\""
                    )),
                );
                Decimal::ZERO
            }
        }
    }

    fn unique<'a>(
        &mut self,
        what: &str,
        ids: impl IntoIterator<Item = &'a Spanned<String>>,
    ) -> HashMap<String, usize> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut first_at: HashMap<String, Range<usize>> = HashMap::new();
        for (i, id) in ids.into_iter().enumerate() {
            if let Some(first) = first_at.get(id.get_ref()) {
                let (line, _) = self.source.line_col(first.start);
                let owner = if what == "field" {
                    format!("{}: ", self.owner(&id.span()))
                } else {
                    String::new()
                };
                self.error(
                    "duplicate-id",
                    crate::tr!(
                        "{owner}{} `{}` 重复声明（首次在第 {line} 行）",
                        "{owner}{} `{}` is declared twice (first on line {line})",
                        noun(what),
                        id.get_ref()
                    ),
                    id.span(),
                );
            } else {
                seen.insert(id.get_ref().clone(), i);
                first_at.insert(id.get_ref().clone(), id.span());
            }
        }
        seen
    }

    fn lookup(
        &mut self,
        what: &str,
        names: &HashMap<String, usize>,
        key: &Spanned<String>,
    ) -> Option<usize> {
        if let Some(i) = names.get(key.get_ref()) {
            return Some(*i);
        }
        let help = did_you_mean(key.get_ref(), names.keys().map(String::as_str));
        self.error_help(
            "undeclared",
            crate::tr!(
                "{}: {} `{}` 未声明",
                "{}: {} `{}` is not declared",
                self.owner(&key.span()),
                noun(what),
                key.get_ref()
            ),
            key.span(),
            help,
        );
        None
    }

    fn reference(&mut self, names: &Names, inputs: &[Input], key: &Spanned<String>) -> Option<Ref> {
        let name = key.get_ref();
        if let Some(d) = names.derived.get(name) {
            return Some(Ref::Derived(*d));
        }
        if let Some((table, field)) = name.split_once('.')
            && let Some(i) = names.inputs.get(table)
        {
            if let Some(f) = inputs[*i].fields.iter().position(|x| x.key == field) {
                return Some(Ref::Field(*i, f));
            }
            let help = did_you_mean(field, inputs[*i].fields.iter().map(|f| f.key.as_str()));
            self.error_help(
                "undeclared",
                crate::tr!(
                    "{}: 输入项 `{table}` 没有字段 `{field}`",
                    "{}: input `{table}` has no field `{field}`",
                    self.owner(&key.span())
                ),
                key.span(),
                help,
            );
            return None;
        }
        if let Some(i) = names.inputs.get(name) {
            return Some(Ref::Input(*i));
        }
        let candidates: Vec<String> = names
            .inputs
            .keys()
            .chain(names.derived.keys())
            .cloned()
            .collect();
        let help = did_you_mean(name, candidates.iter().map(String::as_str));
        self.error_help(
            "undeclared",
            crate::tr!(
                "{}: 输入项 `{name}` 未声明",
                "{}: input `{name}` is not declared",
                self.owner(&key.span())
            ),
            key.span(),
            help,
        );
        None
    }

    fn op(&mut self, op: &Spanned<String>) -> Op {
        match op.get_ref().as_str() {
            ">" => Op::Gt,
            ">=" | "≥" => Op::Ge,
            other => {
                self.error_help(
                    "bad-op",
                    crate::tr!(
                        "{}: 未知的比较符 `{other}`",
                        "{}: unknown comparison `{other}`",
                        self.owner(&op.span())
                    ),
                    op.span(),
                    Some(crate::tr!(
                        "请照表中写法使用 \">\" 或 \">=\"",
                        "use \">\" or \">=\" exactly as the table prints it"
                    )),
                );
                Op::Ge
            }
        }
    }

    fn build(&mut self, raw: &raw::RawRubric) -> Option<Rubric> {
        let base_max = self.num(&raw.rubric.base_max);
        let bonus_max = raw
            .rubric
            .bonus_max
            .as_ref()
            .map_or(Decimal::ZERO, |b| self.num(b));

        let (level_names, level_sets) = self.level_sets(raw);
        let (input_names, inputs) = self.inputs(raw, &level_names);
        let mut names = Names {
            inputs: input_names,
            derived: HashMap::new(),
        };
        let derived = self.derived(raw, &mut names, &inputs);
        let (category_names, categories) = self.categories(raw);
        let (group_names, groups) = self.groups(raw, &category_names);
        let items = self.items(raw, &group_names, &names, &inputs, (&categories, &groups));
        let gates = self.gates(raw, &names, &inputs);

        self.unique("case", raw.cases.iter().map(|c| &c.name));
        let cases = raw.cases.iter().map(|c| self.case(c)).collect();

        let has_errors = self.diagnostics.iter().any(Diagnostic::is_error);
        if has_errors {
            return None;
        }
        Some(Rubric {
            id: raw.rubric.id.get_ref().clone().into(),
            title: raw.rubric.title.clone().into(),
            title_en: raw.rubric.title_en.clone().into(),
            source_ref: raw.rubric.source.clone(),
            data_year: raw.rubric.data_year.as_ref().map(|y| *y.get_ref()),
            base_max,
            bonus_max,
            inputs,
            derived,
            level_sets,
            categories,
            groups,
            items,
            gates,
            cases,
            origin: self.source.clone(),
        })
    }

    /// `[[levels]]`: the level sets, by id.
    fn level_sets(&mut self, raw: &raw::RawRubric) -> (HashMap<String, usize>, Vec<LevelSet>) {
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
    fn inputs(
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
    fn derived(
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

    /// `[[categories]]`, by id.
    fn categories(&mut self, raw: &raw::RawRubric) -> (HashMap<String, usize>, Vec<Category>) {
        let category_names = self.unique("category", raw.categories.iter().map(|c| &c.id));
        let categories: Vec<Category> = raw
            .categories
            .iter()
            .map(|c| {
                let weight = c.weight.as_ref().map(|w| self.num(w));
                Category {
                    id: c.id.get_ref().clone().into(),
                    title: c.title.clone().into(),
                    title_en: c.title_en.clone().into(),
                    weight_printed: self.weight_printed(c, weight),
                    weight,
                    bonus: c.bonus,
                }
            })
            .collect();
        (category_names, categories)
    }

    /// A category's `weight_printed`: it must print the category's own weight, so the paper
    /// cannot say one figure while the scorer adds up another.
    fn weight_printed(&mut self, c: &raw::RawCategory, weight: Option<Decimal>) -> Option<Text> {
        let printed = c.weight_printed.as_ref()?;
        let span = printed.span();
        let text = printed.get_ref().trim();
        let Some(weight) = weight else {
            self.error(
                "printed-weight",
                crate::tr!(
                    "类别 `{}` 写了 weight_printed = \"{text}\" 却没有 weight",
                    "category `{}` has weight_printed = \"{text}\" but no weight",
                    c.id.get_ref()
                ),
                span,
            );
            return None;
        };
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        if digits != crate::num::plain(weight).replace('.', "") {
            self.error(
                "printed-weight",
                crate::tr!(
                    "类别 `{}` 的 weight_printed = \"{text}\" 与 weight = {} 不符：请照表上印的写，例如 \"（{}）\"",
                    "category `{}`: weight_printed = \"{text}\" does not print weight = {}: write it as the table prints it, e.g. \"（{}）\"",
                    c.id.get_ref(),
                    crate::num::plain(weight),
                    crate::num::plain(weight)
                ),
                span,
            );
            return None;
        }
        Some(text.to_string().into())
    }

    /// `[[groups]]`, by id, each in its category.
    fn groups(
        &mut self,
        raw: &raw::RawRubric,
        category_names: &HashMap<String, usize>,
    ) -> (HashMap<String, usize>, Vec<Group>) {
        let group_names = self.unique("group", raw.groups.iter().map(|g| &g.id));
        let mut groups = Vec::new();
        for g in &raw.groups {
            let category = self.lookup("category", category_names, &g.category);
            let weight = g.weight.as_ref().map(|w| self.num(w));
            groups.push(Group {
                id: g.id.get_ref().clone().into(),
                category: category.unwrap_or(0),
                title: g.title.clone().into(),
                title_en: g.title_en.clone().into(),
                weight,
            });
        }
        (group_names, groups)
    }

    /// `[[items]]`: each with its group, figure and rule.
    fn items(
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

    /// `[[gates]]`: the conditions an application must meet.
    fn gates(&mut self, raw: &raw::RawRubric, names: &Names, inputs: &[Input]) -> Vec<Gate> {
        self.unique("gate", raw.gates.iter().map(|g| &g.id));
        let mut gates = Vec::new();
        for g in &raw.gates {
            let value = self.reference(names, inputs, &g.value);
            let op = self.op(&g.op);
            let threshold = self.num(&g.threshold);
            if let Some(value) = value {
                gates.push(Gate {
                    id: g.id.get_ref().clone().into(),
                    title: g.title.clone().into(),
                    title_en: g.title_en.clone().into(),
                    value,
                    op,
                    threshold,
                    source: g
                        .source
                        .as_ref()
                        .map(|s| s.get_ref().clone())
                        .unwrap_or_default()
                        .into(),
                });
            }
        }
        gates
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
        let bound = |b: &mut Self, lit: &Option<Spanned<NumLit>>| -> Option<Decimal> {
            let lit = lit.as_ref()?;
            let written = b.source.text[lit.span()].trim().trim_matches(['"', '\'']);
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
                b.error_help(
                    "bad-range",
                    crate::tr!(
                        "`{key}`：合理范围的边界 `{written}` 与数值的单位不符",
                        "`{key}`: plausible bound `{written}` is not in the figure's unit"
                    ),
                    lit.span(),
                    Some(help),
                );
            }
            Some(b.num(lit))
        };
        let r = raw.get_ref();
        let min = bound(self, &r.min);
        let max = bound(self, &r.max);
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

    fn case(&mut self, c: &raw::RawCase) -> Case {
        let span = c.data.span();
        let literal = &self.source.text[span.clone()];
        let data_offset = literal.starts_with("'''").then(|| {
            let after = &literal[3..];
            let skip = if after.starts_with("\r\n") {
                2
            } else if after.starts_with('\n') {
                1
            } else {
                0
            };
            span.start.saturating_add(3).saturating_add(skip)
        });
        let name = c.name.get_ref().clone();
        let data = Source::new(
            crate::tr!(
                "{}（校验样例 `{name}`）",
                "{} (case `{name}`)",
                self.source.name
            ),
            c.data.get_ref().as_str(),
        );
        let items = c
            .expect
            .items
            .iter()
            .map(|(k, v)| (k.get_ref().clone(), self.num(v), k.span()))
            .collect();
        let gates = c
            .expect
            .gates
            .iter()
            .map(|(k, v)| (k.get_ref().clone(), *v.get_ref(), k.span()))
            .collect();
        Case {
            name,
            note: c.note.clone().unwrap_or_default(),
            data,
            data_offset,
            span: c.name.span(),
            base: c.expect.base.as_ref().map(|v| self.num(v)),
            bonus: c.expect.bonus.as_ref().map(|v| self.num(v)),
            total: c.expect.total.as_ref().map(|v| self.num(v)),
            eligible: c.expect.eligible.as_ref().map(|e| *e.get_ref()),
            items,
            gates,
        }
    }
}

/// A text the rubric may leave out; blank is the same as left out.
fn text_of(text: &Option<Spanned<String>>) -> Option<Text> {
    text.as_ref()
        .map(|t| t.get_ref().trim())
        .filter(|t| !t.is_empty())
        .map(Into::into)
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

/// What a message calls a kind of declaration (`item`, `level set` …) in the current language.
fn noun(en: &str) -> String {
    let zh = match en {
        "item" => "评分项",
        "input" => "输入项",
        "group" => "分组",
        "category" => "类别",
        "level set" => "等级集",
        "level" => "等级",
        "derived figure" => "派生指标",
        "gate" => "申报条件",
        "case" => "校验样例",
        "band" => "区间",
        "term" => "加权项",
        "field" => "字段",
        other => other,
    };
    crate::tr!("{zh}", "{en}")
}

/// Names the table and key a schema error is about, from the spans of the parsed document.
mod schema {
    use std::ops::Range;

    use toml::Spanned;
    use toml::de::{DeTable, DeValue};

    use crate::diag::did_you_mean;

    /// One step of the path from the document's root to a value.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Seg {
        Key(String),
        /// An element of an array, with its `id`, `key`, `name` or `label` where it has one.
        Index(usize, Option<String>),
    }

    /// The path to the smallest key or value whose span holds `offset` (empty when none does).
    pub fn locate(text: &str, offset: usize) -> Vec<Seg> {
        let Ok(root) = DeTable::parse(text) else {
            return Vec::new();
        };
        let mut walk = Walk {
            offset,
            path: Vec::new(),
            best: None,
        };
        walk.table(root.get_ref());
        walk.best.map(|(_, path)| path).unwrap_or_default()
    }

    struct Walk {
        offset: usize,
        path: Vec<Seg>,
        best: Option<(usize, Vec<Seg>)>,
    }

    impl Walk {
        fn consider(&mut self, span: Range<usize>) {
            let holds = span.start <= self.offset
                && (self.offset < span.end || (span.is_empty() && self.offset == span.start));
            if !holds {
                return;
            }
            let better = self.best.as_ref().is_none_or(|(len, path)| {
                span.len() < *len || (span.len() == *len && self.path.len() > path.len())
            });
            if better {
                self.best = Some((span.len(), self.path.clone()));
            }
        }

        fn table(&mut self, table: &DeTable<'_>) {
            for (key, value) in table.iter() {
                self.path.push(Seg::Key(key.get_ref().to_string()));
                self.consider(key.span());
                self.consider(value.span());
                self.value(value);
                self.path.pop();
            }
        }

        fn value(&mut self, value: &Spanned<DeValue<'_>>) {
            match value.get_ref() {
                DeValue::Table(table) => self.table(table),
                DeValue::Array(array) => {
                    for (i, element) in array.iter().enumerate() {
                        self.path.push(Seg::Index(i, name_of(element.get_ref())));
                        self.consider(element.span());
                        self.value(element);
                        self.path.pop();
                    }
                }
                _ => {}
            }
        }
    }

    fn name_of(value: &DeValue<'_>) -> Option<String> {
        let table = value.as_table()?;
        ["id", "key", "name", "label"].iter().find_map(|wanted| {
            table
                .iter()
                .find(|(k, _)| k.get_ref() == wanted)
                .and_then(|(_, v)| v.get_ref().as_str())
                .map(str::to_string)
        })
    }

    /// What an element of the array `key` is called in a message.
    fn noun(key: &str, depth: usize) -> Option<&'static str> {
        Some(match key {
            "items" => "item",
            "inputs" => "input",
            "groups" => "group",
            "categories" => "category",
            "levels" if depth == 0 => "level set",
            "levels" => "level",
            "derived" => "derived figure",
            "gates" => "gate",
            "cases" => "case",
            "bands" => "band",
            "terms" => "term",
            "fields" => "field",
            _ => return None,
        })
    }

    /// "item `rd_per_staff` → `rule` → band 2 (`1100-1300万`)"; "the top level" for the root.
    pub fn describe(path: &[Seg]) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut i = 0;
        while i < path.len() {
            match (&path[i], path.get(i.saturating_add(1))) {
                (Seg::Key(key), Some(Seg::Index(n, name))) => {
                    let part = match (noun(key, i), name) {
                        (Some("band"), Some(name)) => {
                            crate::tr!(
                                "第 {} 个区间（`{name}`）",
                                "band {} (`{name}`)",
                                n.saturating_add(1)
                            )
                        }
                        (Some(noun), Some(name)) => format!("{} `{name}`", super::noun(noun)),
                        (Some(noun), None) => crate::tr!(
                            "第 {} 个{}",
                            "{1} {0}",
                            n.saturating_add(1),
                            super::noun(noun)
                        ),
                        (None, _) => format!("`{key}[{}]`", n.saturating_add(1)),
                    };
                    parts.push(part);
                    i = i.saturating_add(2);
                }
                (Seg::Key(key), _) if i == 0 => {
                    parts.push(format!("`[{key}]`"));
                    i = i.saturating_add(1);
                }
                (Seg::Key(key), _) => {
                    parts.push(format!("`{key}`"));
                    i = i.saturating_add(1);
                }
                (Seg::Index(n, _), _) => {
                    parts.push(crate::tr!("第 {} 项", "entry {}", n.saturating_add(1)));
                    i = i.saturating_add(1);
                }
            }
        }
        if parts.is_empty() {
            crate::tr!("顶层", "the top level")
        } else {
            parts.join(" → ")
        }
    }

    /// The names in backticks of "expected one of `a`, `b`" / "expected `a`".
    fn expected_names(message: &str) -> Vec<&str> {
        let Some(at) = message.find("expected") else {
            return Vec::new();
        };
        message[at..]
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// The first name in backticks in a message.
    fn first_name(message: &str) -> Option<&str> {
        message.split('`').nth(1)
    }

    /// Splits the path into its container and the key at its end, when it ends in a key.
    fn split_key(path: &[Seg]) -> (&[Seg], Option<&str>) {
        match path.split_last() {
            Some((Seg::Key(key), rest)) => (rest, Some(key.as_str())),
            _ => (path, None),
        }
    }

    fn allowed(names: &[&str]) -> String {
        let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        list.join(", ")
    }

    /// A message and a hint for one of serde's schema errors at `path`.
    pub fn explain(message: &str, path: &[Seg]) -> (String, Option<String>) {
        let expected = expected_names(message);
        if let Some(rest) = message.strip_prefix("unknown field ") {
            let name = first_name(rest).unwrap_or(rest);
            let (container, _) = split_key(path);
            let help = did_you_mean(name, expected.iter().copied()).or_else(|| {
                (!expected.is_empty())
                    .then(|| crate::tr!("这里可以写: {}", "allowed here: {}", allowed(&expected)))
            });
            let place = if container.is_empty() {
                crate::tr!("顶层", "at the top level")
            } else {
                crate::tr!("{} 中", "in {}", describe(container))
            };
            return (
                crate::tr!("{place}有未知的键 `{name}`", "unknown key `{name}` {place}"),
                help,
            );
        }
        if let Some(rest) = message.strip_prefix("missing field ") {
            let name = first_name(rest).unwrap_or(rest);
            if path.is_empty() {
                // At the top level only tables are required (`[rubric]`).
                return (
                    crate::tr!(
                        "评分表文件缺少必需的表 `[{name}]`",
                        "the rubric file lacks the required table `[{name}]`"
                    ),
                    Some(crate::tr!(
                        "请加上 `[{name}]` 表；格式见评分表编写说明",
                        "add a `[{name}]` table; see the schema for rubric authors"
                    )),
                );
            }
            return (
                crate::tr!(
                    "{} 缺少必需的键 `{name}`",
                    "{} lacks the required key `{name}`",
                    describe(path)
                ),
                Some(crate::tr!("请加上 `{name} = …`", "add `{name} = …`")),
            );
        }
        if let Some(rest) = message.strip_prefix("invalid type: ") {
            let (container, key) = split_key(path);
            let (found, wanted) = rest
                .split_once(", expected ")
                .unwrap_or((rest, "another type"));
            let subject = match key {
                Some(key) => crate::tr!("{} 中的 `{key}`", "`{key}` in {}", describe(container)),
                None => describe(container),
            };
            return (
                crate::tr!(
                    "{subject} 的类型不对: 实际是 {found}，应为 {wanted}",
                    "{subject} has the wrong type: found {found}, expected {wanted}"
                ),
                None,
            );
        }
        if let Some(rest) = message.strip_prefix("unknown variant ") {
            let name = first_name(rest).unwrap_or(rest);
            let (container, key) = split_key(path);
            let what = key.unwrap_or("value");
            let help = did_you_mean(name, expected.iter().copied())
                .or_else(|| Some(crate::tr!("可选值: {}", "one of: {}", allowed(&expected))));
            return (
                crate::tr!(
                    "{} 中有未知的 {what} `{name}`",
                    "unknown {what} `{name}` in {}",
                    describe(container)
                ),
                help,
            );
        }
        (
            crate::tr!("{message}（位置: {}）", "{message} (in {})", describe(path)),
            None,
        )
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn finds_the_item_and_key_under_a_header_table() {
            let text = "[rubric]\nid = \"x\"\n\n[[items]]\nid = \"a\"\n\n[[items]]\nid = \"b\"\nmax = true\n[items.rule]\nkind = \"x\"\n";
            let at = text.find("true").unwrap();
            let path = locate(text, at);
            assert_eq!(describe(&path), "item `b` → `max`");
            let at = text.find("kind").unwrap();
            assert_eq!(describe(&locate(text, at)), "item `b` → `rule` → `kind`");
            let at = text.rfind("[[items]]").unwrap();
            assert_eq!(describe(&locate(text, at)), "item `b`");
            assert_eq!(describe(&locate(text, 2)), "`[rubric]`");
        }

        #[test]
        fn explains_serde_messages() {
            let path = vec![
                Seg::Key("groups".into()),
                Seg::Index(1, Some("talent".into())),
                Seg::Key("wieght".into()),
            ];
            let (message, help) = explain(
                "unknown field `wieght`, expected one of `id`, `category`, `weight`",
                &path,
            );
            assert_eq!(message, "unknown key `wieght` in group `talent`");
            assert_eq!(help.as_deref(), Some("did you mean `weight`?"));
            let (message, _) = explain("missing field `title_en`", &path[..2]);
            assert_eq!(message, "group `talent` lacks the required key `title_en`");
        }
    }
}
