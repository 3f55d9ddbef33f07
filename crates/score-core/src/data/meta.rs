//! What a data file says about itself besides its figures: the company's name (`company` or
//! `name`), the year of the figures (`year`) and the table it is for (`rubric`).
//!
//! One set of rules for every source: the full TOML reader, the fast one, and the cells of a
//! workbook or CSV file. Each source says what it read (a text, a number as written, or another
//! kind of value) and where; these functions decide, and the source only places the message
//! (a TOML span, a cell). A figure's reading is by value, not by source (`docs/readings.md`):
//! - the company is text; empty text is "not named", as the template leaves it. A TOML number
//!   or list is refused (`company = 3` is a type slip or a wrong key). A cell is read as the text
//!   it shows: a spreadsheet turns a typed `3` into a number without asking, so a cell holding
//!   `3` names the company "3".
//! - the year is a whole number, written as a number (`2023`, or `2023.0` from a spreadsheet) or
//!   as text (`"2023"`, `"2023年"`, spaces around allowed); empty text is "not given".
//! - the table is named by text (`rubric = "alliance"`), trimmed; empty is "not named".
//! - each is given once: `company` and `name` both, or any of them twice (a workbook can repeat
//!   a row; TOML refuses a repeated key itself), is an error.

use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::diag::{Diagnostic, did_you_mean};
use crate::rubric::Rubric;
use crate::rubric::builtin::BUILTINS;

/// A metadata key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// `company` or `name`.
    Company,
    Year,
    /// `rubric`: which table the file is for.
    Rubric,
}

impl Key {
    /// The metadata key `name` is, if it is one.
    pub fn of(name: &str) -> Option<Key> {
        match name {
            "company" | "name" => Some(Key::Company),
            "year" => Some(Key::Year),
            super::which::KEY => Some(Key::Rubric),
            _ => None,
        }
    }
}

/// A metadata value as its source wrote it.
#[derive(Debug, Clone, Copy)]
pub enum Written<'a> {
    /// A TOML string, or the text a cell shows.
    Text(&'a str),
    /// A TOML number as written (base 10); `kind` names its type for a message.
    Number { text: &'a str, kind: &'static str },
    /// Any other value; the name of its type, for the message.
    Other(&'static str),
}

/// Why a metadata value is refused. The source places it: at the key (`at_key`) or the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub at_key: bool,
}

impl Problem {
    /// The problem as a diagnostic, not yet placed.
    pub fn diagnostic(self) -> Diagnostic {
        Diagnostic::error(self.code, self.message).maybe_help(self.help)
    }
}

/// The metadata read so far from one company's file (or row).
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub company: Option<String>,
    pub year: Option<i64>,
    /// The keys given so far (`name` as itself), to refuse one given twice.
    given: Vec<&'static str>,
}

impl Meta {
    /// Reads `value`, given for the metadata key `name` (one [`Key::of`] knows), for a file
    /// read with `rubric`.
    pub fn put(&mut self, rubric: &Rubric, name: &str, value: Written<'_>) -> Result<(), Problem> {
        let Some(key) = Key::of(name) else {
            return Ok(());
        };
        let name = match name {
            "company" => "company",
            "name" => "name",
            "year" => "year",
            _ => super::which::KEY,
        };
        if self.given.contains(&name) {
            // What is wrong with the value itself says more (a second `rubric` row naming
            // another table); a good value given again is the repeat.
            Meta::default().put(rubric, name, value)?;
            return Err(twice(name));
        }
        self.given.push(name);
        match key {
            Key::Company => self.company(name, value),
            Key::Year => self.year(value),
            Key::Rubric => table(rubric, value),
        }
    }

    fn company(&mut self, name: &str, value: Written<'_>) -> Result<(), Problem> {
        match value {
            // `company = ""`, as the template leaves it: not named.
            Written::Text(s) if s.trim().is_empty() => Ok(()),
            // `company` and `name` both given: which one is meant cannot be guessed.
            Written::Text(_) if self.company.is_some() => Err(Problem {
                code: "ambiguous-company",
                message: crate::tr!(
                    "`company` 与 `name` 同时给出了企业名称，无法判断以哪个为准",
                    "both `company` and `name` give the company's name; which one is meant is unclear"
                ),
                help: Some(crate::tr!("只保留其中一个", "keep only one of them")),
                at_key: true,
            }),
            Written::Text(s) => {
                self.company = Some(s.trim().to_string());
                Ok(())
            }
            Written::Number { kind, .. } | Written::Other(kind) => Err(Problem {
                code: "wrong-type",
                message: crate::tr!(
                    "`{name}` 应为文字，而不是{kind}",
                    "`{name}` should be text, not {kind}"
                ),
                help: Some(crate::tr!(
                    "请写 `{name} = \"…\"`",
                    "write `{name} = \"…\"`"
                )),
                at_key: false,
            }),
        }
    }

    fn year(&mut self, value: Written<'_>) -> Result<(), Problem> {
        let year = match value {
            Written::Text(t) if t.trim().is_empty() => return Ok(()),
            Written::Text(t) => whole(t.trim().trim_end_matches('年').trim_end()),
            Written::Number { text, .. } => whole(text),
            Written::Other(_) => None,
        };
        match year {
            Some(y) => {
                self.year = Some(y);
                Ok(())
            }
            None => Err(Problem {
                code: "wrong-type",
                message: crate::tr!(
                    "`year` 应为整数年份，例如 2023",
                    "`year` should be a whole number such as 2023"
                ),
                help: None,
                at_key: false,
            }),
        }
    }
}

/// A metadata key given a second time.
fn twice(name: &str) -> Problem {
    Problem {
        code: "duplicate-key",
        message: crate::tr!("`{name}` 填写了两次", "`{name}` is given twice"),
        help: Some(crate::tr!("只保留一处", "keep one of them")),
        at_key: true,
    }
}

/// `rubric = "…"`: it must be text, and name the table the file is read with (or none).
fn table(rubric: &Rubric, value: Written<'_>) -> Result<(), Problem> {
    match value {
        Written::Text(named) => match super::which::mismatch(rubric, named) {
            Some((message, help)) => Err(Problem {
                code: "wrong-rubric",
                message,
                help: Some(help),
                at_key: false,
            }),
            None => Ok(()),
        },
        Written::Number { .. } | Written::Other(_) => Err(Problem {
            code: "wrong-type",
            message: crate::tr!(
                "`rubric` 应为文字，例如 `rubric = \"{id}\"`",
                "`rubric` should be text such as `rubric = \"{id}\"`",
                id = rubric.id
            ),
            help: None,
            at_key: false,
        }),
    }
}

/// A whole number written as `2023` or `2023.0`; `None` for anything else.
fn whole(text: &str) -> Option<i64> {
    if let Ok(y) = i64::from_str(text) {
        return Some(y);
    }
    let d = Decimal::from_str(text).ok()?;
    (d.fract().is_zero()).then(|| d.to_i64()).flatten()
}

/// The table a `rubric` value names: its text trimmed, `None` when empty.
pub fn named(text: &str) -> Option<&str> {
    let named = text.trim();
    (!named.is_empty()).then_some(named)
}

/// The built-in table `id` (as a file named `file` names it), or the `unknown-rubric` error that
/// lists the built-in tables.
pub fn builtin(file: &str, id: &str) -> Result<&'static Rubric, Box<Diagnostic>> {
    if let Some(rubric) = super::which::builtin(id) {
        return Ok(rubric);
    }
    let all = BUILTINS
        .iter()
        .map(|b| format!("`{}`", b.id))
        .collect::<Vec<_>>()
        .join(", ");
    let hint = did_you_mean(id, BUILTINS.iter().map(|b| b.id))
        .unwrap_or_else(|| crate::tr!("内置评分表：{all}", "the built-in tables: {all}"));
    let message = crate::tr!(
        "`{file}` 写明 `rubric = \"{id}\"`，但没有这个内置评分表",
        "`{file}` names `rubric = \"{id}\"`, which is not a built-in table"
    );
    Err(Box::new(
        Diagnostic::error("unknown-rubric", message).help(hint),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric() -> &'static Rubric {
        builtin("f", "alliance").expect("built in")
    }

    fn text(s: &str) -> Written<'_> {
        Written::Text(s)
    }

    #[test]
    fn a_year_is_read_by_value() {
        for (w, y) in [
            (text("2023"), 2023),
            (text(" 2023年 "), 2023),
            (text("2023 年"), 2023),
            (
                Written::Number {
                    text: "2023",
                    kind: "integer",
                },
                2023,
            ),
            (
                Written::Number {
                    text: "2023.0",
                    kind: "float",
                },
                2023,
            ),
        ] {
            let mut m = Meta::default();
            assert_eq!(m.put(rubric(), "year", w), Ok(()), "{w:?}");
            assert_eq!(m.year, Some(y), "{w:?}");
        }
        for w in [
            text("二〇二三"),
            text("2023.5"),
            text("年"),
            text("2023年度"),
            Written::Number {
                text: "2023.5",
                kind: "float",
            },
            Written::Other("boolean"),
        ] {
            let mut m = Meta::default();
            let e = m.put(rubric(), "year", w).expect_err("refused");
            assert_eq!(e.code, "wrong-type", "{w:?}");
            assert_eq!(m.year, None);
        }
        let mut m = Meta::default();
        assert_eq!(m.put(rubric(), "year", text("  ")), Ok(()));
        assert_eq!(m.year, None);
    }

    #[test]
    fn a_company_is_text_once() {
        let mut m = Meta::default();
        assert_eq!(m.put(rubric(), "company", text("")), Ok(()));
        assert_eq!(m.put(rubric(), "name", text(" 甲 ")), Ok(()));
        assert_eq!(m.company.as_deref(), Some("甲"));
        let e = m.put(rubric(), "name", text("丙")).expect_err("twice");
        assert_eq!((e.code, e.at_key), ("duplicate-key", true));
        let mut m = Meta::default();
        assert_eq!(m.put(rubric(), "company", text("甲")), Ok(()));
        let e = m.put(rubric(), "name", text("乙")).expect_err("both");
        assert_eq!((e.code, e.at_key), ("ambiguous-company", true));
        assert_eq!(m.company.as_deref(), Some("甲"));
        let mut m = Meta::default();
        let e = m
            .put(
                rubric(),
                "company",
                Written::Number {
                    text: "3",
                    kind: "integer",
                },
            )
            .expect_err("a number");
        assert_eq!((e.code, e.at_key), ("wrong-type", false));
    }

    #[test]
    fn the_table_named_must_be_the_one_read() {
        let mut m = Meta::default();
        assert_eq!(m.put(rubric(), "rubric", text(" alliance ")), Ok(()));
        let mut m = Meta::default();
        assert_eq!(m.put(rubric(), "rubric", text("")), Ok(()));
        let mut m = Meta::default();
        let e = m.put(rubric(), "rubric", text("enterprise-center"));
        assert_eq!(e.expect_err("another").code, "wrong-rubric");
        let e = Meta::default().put(rubric(), "rubric", Written::Other("array"));
        assert_eq!(e.expect_err("not text").code, "wrong-type");
        assert_eq!(named("  "), None);
        assert_eq!(named(" alliance "), Some("alliance"));
        let e = builtin("u.toml", "aliance").expect_err("unknown");
        assert_eq!(e.code, "unknown-rubric");
    }
}
