//! Rubric TOML → validated [`Rubric`], collecting every problem instead of stopping at the first.

#![deny(clippy::arithmetic_side_effects)]

mod categories;
mod checks;
mod inputs;
mod rules;
mod schema;
mod text;

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use rust_decimal::Decimal;
use toml::Spanned;

use super::raw::{self, NumLit};
use super::*;
use crate::diag::{Diagnostic, Failed, Source, did_you_mean};
use crate::num::parse_decimal;
use text::{control_characters, not_utf8, schema_error, syntax_errors, too_many};

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

/// Most entries in any one table of a rubric (`[[inputs]]`, `[[items]]`, …). A province's table
/// has some fifty items; the bound keeps `check`'s memory and time small for any file (a rubric
/// of a million items took 6.5 GB).
pub const MAX_ENTRIES: usize = 10_000;

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
