//! `confirmed = ["total_profit", "main_revenue"]`: the figures an applicant has checked and
//! stands by although they look unusual. A plausibility warning all of whose figures are listed
//! is no longer a warning ([`crate::plausible::Finding::confirmed_by`]): the sheets show it as
//! 已核实 and `--strict` lets it pass. Every key listed must be one of the table's inputs.

use toml::Spanned;
use toml::de::DeValue;

use crate::diag::{Diagnostic, Source, did_you_mean};
use crate::rubric::Rubric;

/// The data file's key, and the workbook template's column header (`已核实 confirmed`).
pub const KEY: &str = "confirmed";

/// The input key `name` as the rubric spells it, or the error's message and help.
pub fn resolve(rubric: &Rubric, name: &str) -> Result<String, (String, String)> {
    let name = name.trim();
    if let Some((_, input)) = rubric.input(name) {
        return Ok(input.key.clone());
    }
    let message = crate::tr!(
        "`confirmed` 中的 `{name}` 不是评分表 `{}` 的数据键",
        "`{name}` in `confirmed` is not a key of rubric `{}`",
        rubric.id
    );
    let keys = rubric.inputs.iter().map(|i| i.key.as_str());
    let help = did_you_mean(&name.to_lowercase(), keys).unwrap_or_else(|| {
        crate::tr!(
            "只列出本表的数据键，例如 `confirmed = [\"{}\"]`",
            "list only this table's keys, e.g. `confirmed = [\"{}\"]`",
            rubric.inputs.first().map_or("", |i| i.key.as_str())
        )
    });
    Err((message, help))
}

/// The keys of a data file's `confirmed = […]`, and an error for each entry that is not one.
pub fn read(
    rubric: &Rubric,
    source: &Source,
    value: &Spanned<DeValue<'_>>,
) -> (Vec<String>, Vec<Diagnostic>) {
    let mut keys = Vec::new();
    let mut errors = Vec::new();
    let Some(array) = value.get_ref().as_array() else {
        errors.push(
            Diagnostic::error(
                "wrong-type",
                crate::tr!(
                    "`confirmed` 应为数据键的列表",
                    "`confirmed` should be a list of data keys"
                ),
            )
            .at(source, value.span())
            .help(crate::tr!(
                "例如 `confirmed = [\"total_profit\", \"main_revenue\"]`",
                "e.g. `confirmed = [\"total_profit\", \"main_revenue\"]`"
            )),
        );
        return (keys, errors);
    };
    for entry in array.iter() {
        let resolved = match entry.get_ref().as_str() {
            Some(name) => resolve(rubric, name),
            None => Err((
                crate::tr!(
                    "`confirmed` 中的每一项应为带引号的数据键",
                    "each entry of `confirmed` should be a data key in quotes"
                ),
                crate::tr!(
                    "例如 `confirmed = [\"total_profit\"]`",
                    "e.g. `confirmed = [\"total_profit\"]`"
                ),
            )),
        };
        match resolved {
            Ok(key) if !keys.contains(&key) => keys.push(key),
            Ok(_) => {}
            Err((message, help)) => errors.push(
                Diagnostic::error("unknown-key", message)
                    .at(source, entry.span())
                    .help(help),
            ),
        }
    }
    (keys, errors)
}
