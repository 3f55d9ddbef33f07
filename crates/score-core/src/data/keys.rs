//! Names of the figures a person can point at (`rd_expense`, `standards.national_lead`): how a
//! name on a command line, a spreadsheet row or a web form resolves to an input of the rubric.

use crate::diag::did_you_mean;
use crate::rubric::{InputKind, Rubric};

/// One figure a company can change: a whole input, or one field of a counts table
/// (`standards.national_lead`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyRef {
    pub input: usize,
    pub field: Option<usize>,
}

impl KeyRef {
    pub fn whole(input: usize) -> KeyRef {
        KeyRef { input, field: None }
    }

    /// `rd_expense`, `standards.national_lead`.
    pub fn name(self, rubric: &Rubric) -> String {
        let input = &rubric.inputs[self.input];
        match self.field {
            Some(f) => format!("{}.{}", input.key, input.fields[f].key),
            None => input.key.clone(),
        }
    }

    /// The figure's title in Chinese and English: `标准数·主持国家标准`.
    pub fn titles(self, rubric: &Rubric) -> crate::i18n::Bilingual<String> {
        let input = &rubric.inputs[self.input];
        match self.field {
            Some(f) => {
                let field = &input.fields[f];
                crate::i18n::Bilingual::new(
                    format!("{}·{}", input.title, field.title),
                    format!("{}: {}", input.title_en, field.title_en),
                )
            }
            None => {
                crate::i18n::Bilingual::new(input.title.to_string(), input.title_en.to_string())
            }
        }
    }

    /// The unit a person writes the figure in (`万元`, `%`, `项`).
    pub fn unit(self, rubric: &Rubric) -> &str {
        &rubric.inputs[self.input].unit
    }

    /// The kind of value the figure takes; a counts field is a count.
    pub fn kind(self, rubric: &Rubric) -> InputKind {
        match self.field {
            Some(_) => InputKind::Count,
            None => rubric.inputs[self.input].kind,
        }
    }
}

/// Every name `--what-if` accepts: whole inputs and `table.field` of counts tables.
pub fn key_names(rubric: &Rubric) -> Vec<String> {
    let mut names = Vec::new();
    for input in &rubric.inputs {
        if input.kind == InputKind::Counts {
            for field in &input.fields {
                names.push(format!("{}.{}", input.key, field.key));
            }
        } else {
            names.push(input.key.clone());
        }
    }
    names
}

pub fn resolve_key(rubric: &Rubric, name: &str) -> Result<KeyRef, (String, String)> {
    let unknown = |help: Option<String>| {
        (
            crate::tr!(
                "未知的键 `{name}`（评分表 `{}`）",
                "unknown key `{name}` for rubric `{}`",
                rubric.id
            ),
            help.unwrap_or_else(|| {
                crate::tr!(
                    "`score template --rubric {}` 列出全部键",
                    "`score template --rubric {}` lists every key",
                    rubric.id
                )
            }),
        )
    };
    if let Some((table, field)) = name.split_once('.') {
        let Some((i, input)) = rubric.input(table) else {
            let names = key_names(rubric);
            return Err(unknown(did_you_mean(
                name,
                names.iter().map(String::as_str),
            )));
        };
        if input.kind != InputKind::Counts {
            return Err(unknown(Some(crate::tr!(
                "`{table}` 是单个数据项: 请写 `{table}=…`",
                "`{table}` is a single figure: write `{table}=…`"
            ))));
        }
        return match input.fields.iter().position(|f| f.key == field) {
            Some(f) => Ok(KeyRef {
                input: i,
                field: Some(f),
            }),
            None => {
                let full: Vec<String> = input
                    .fields
                    .iter()
                    .map(|f| format!("{table}.{}", f.key))
                    .collect();
                let help =
                    did_you_mean(name, full.iter().map(String::as_str)).unwrap_or_else(|| {
                        crate::tr!(
                            "`{table}` 的字段有: {}",
                            "`{table}` has: {}",
                            full.iter()
                                .map(|f| format!("`{f}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                Err((
                    crate::tr!(
                        "`{table}` 中没有键 `{field}`",
                        "unknown key `{field}` in `{table}`"
                    ),
                    help,
                ))
            }
        };
    }
    if let Some((i, _)) = rubric.input(name) {
        return Ok(KeyRef::whole(i));
    }
    // A field written alone (`national_lead=1`): say which table it belongs to.
    let owner = rubric.inputs.iter().find_map(|input| {
        input.fields.iter().any(|f| f.key == name).then(|| {
            crate::tr!(
                "您是不是要写 `{}.{name}`？",
                "did you mean `{}.{name}`?",
                input.key
            )
        })
    });
    let names = key_names(rubric);
    Err(unknown(
        did_you_mean(name, names.iter().map(String::as_str)).or(owner),
    ))
}
