//! Names the table and key a schema error is about, from the spans of the parsed document.

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
