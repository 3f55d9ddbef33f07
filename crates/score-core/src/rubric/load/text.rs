//! The passes over a rubric's text before it is resolved: its encoding, control characters,
//! table sizes, TOML syntax and serde's schema errors.

use std::ops::Range;

use super::{MAX_ENTRIES, schema};
use crate::diag::{Diagnostic, Failed, Source};
use crate::rubric::raw;

/// The `encoding` error for a rubric file that is not UTF-8, pointing at the first bad byte.
pub(super) fn not_utf8(name: &str, bytes: &[u8], offset: usize) -> Failed {
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

/// Control characters (ESC, BEL, …) and bidi controls anywhere in a rubric: its titles reach
/// terminals and reports, so a rubric from elsewhere may not carry them (tabs and line breaks may).
pub(super) fn control_characters(source: &Source) -> Vec<Diagnostic> {
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

/// A refusal when some table of the rubric has more than [`MAX_ENTRIES`] entries.
pub(super) fn too_many(source: &Source, raw: &raw::RawRubric) -> Option<Failed> {
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
pub(super) fn syntax_errors(source: &Source) -> Vec<Diagnostic> {
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
pub(super) fn schema_error(
    source: &Source,
    message: &str,
    span: Option<Range<usize>>,
) -> Diagnostic {
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
