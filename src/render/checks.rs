//! Figures that look wrong, as every sheet a person reads shows them: a mark (※) on the item
//! whose figure is suspect, and under the table a 数据待核实 note per unconfirmed check (where
//! the figure stands, what looks wrong, how to fix or confirm it) and an 已核实 line per
//! confirmed one. A sheet with no check prints neither.

use crate::sheet::{Check, ItemResult, Lang, Sheet};

/// The mark on a suspect figure.
pub const MARK: &str = "※";

/// The mark to put after item `item`'s figure: `※` when a check not confirmed is about it.
pub fn mark(sheet: &Sheet, item: &ItemResult) -> &'static str {
    if sheet.flagged(&item.id) { MARK } else { "" }
}

/// The heading of the unconfirmed notes: what the mark means and what to do, for a clerk.
pub fn heading(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => {
            "数据待核实（※）：以下数值看来有误。盖章前请改正后重新评分；确属实的，请在数据文件中列入 confirmed，或在工作簿“已核实”列选“是”"
        }
        Lang::En => {
            "Figures to check (※): these look wrong. Before stamping, correct them and score again; if they are right, list them under confirmed in the data file, or choose 是 in the workbook's 已核实 column"
        }
    }
}

/// The heading of the confirmed lines.
pub fn confirmed_heading(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "已核实（申报单位确认数值属实）",
        Lang::En => "Confirmed (checked by the applicant)",
    }
}

/// The note of one check: `第 29 行：…` (`line 29: …`), or the message alone.
pub fn line(check: &Check, lang: Lang) -> String {
    match (&check.place, lang) {
        (Some(place), Lang::Zh) => format!("{place}：{}", check.message),
        (Some(place), Lang::En) => format!("{place}: {}", check.message),
        (None, _) => check.message.clone(),
    }
}

/// The notes of the checks not confirmed (`false`) or confirmed (`true`), in order.
pub fn lines(sheet: &Sheet, confirmed: bool, lang: Lang) -> Vec<String> {
    sheet
        .checks
        .iter()
        .filter(|c| c.confirmed == confirmed)
        .map(|c| line(c, lang))
        .collect()
}

/// Whether `warning` is the message of one of the sheet's checks (printed with its place in the
/// 数据待核实 note, so not again among the warnings).
pub fn is_check(sheet: &Sheet, warning: &str) -> bool {
    sheet.checks.iter().any(|c| c.message == warning)
}
