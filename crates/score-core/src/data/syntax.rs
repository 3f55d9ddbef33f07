//! TOML's own syntax errors in words of ours: the parser's message table, a key given twice and
//! where it first stood, a key written as its Chinese title.

use std::ops::Range;

use crate::diag::{Diagnostic, Source};
use crate::rubric::Rubric;

/// TOML's own complaints, one per line (a broken line tends to produce a cascade), each with a
/// hint for the mistakes people make by hand: a key given twice, text without quotes, Chinese
/// full-width punctuation.
pub(super) fn syntax_errors(
    rubric: &Rubric,
    source: &Source,
    errors: &[toml::de::Error],
) -> Vec<Diagnostic> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
