//! The words and figures the summary's papers share beyond its table's own (`Words` in the
//! module): the issuer line, the seal and date lines, the table's short name for a 评分表 column,
//! and a key figure as a number with its unit in the column's heading (so a spreadsheet sorts
//! and sums it). Kept apart from `Words` so each can change alone.

use rust_decimal::Decimal;

use super::{Ranked, Summary};
use crate::sheet::Lang;

/// `报送单位：武威市凉州区工业和信息化局`, the line above the table in CSV and on a terminal.
pub(super) fn issuer_line(lang: Lang, issuer: &str) -> String {
    match lang {
        Lang::Zh => format!("报送单位：{issuer}"),
        Lang::En => format!("Submitted by: {issuer}"),
    }
}

/// The seal and date lines under the printed table: `报送单位（盖章）：` and the blank date.
pub(super) fn seal_lines(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Zh => ("报送单位（盖章）：", "日期：　　　　年　　月　　日"),
        Lang::En => ("Submitted by (seal): ", "Date: "),
    }
}

/// The 附件 of the notice a built-in table is.
pub(super) fn annex(rubric: &str) -> Option<&'static str> {
    match rubric {
        "enterprise-center" => Some("附件1"),
        "industry-center" => Some("附件2"),
        "demonstration-enterprise" => Some("附件3"),
        "alliance" => Some("附件4"),
        _ => None,
    }
}

/// The table's short name: `附件1 企业技术中心` for a built-in table (its attachment number and
/// the short Chinese name `--rubric` takes), else its title; empty for files of no known table.
pub(super) fn short_name(lang: Lang, summary: &Summary) -> String {
    if summary.rubric.is_empty() {
        return String::new();
    }
    let builtin = crate::rubric::builtin::find(&summary.rubric);
    match (
        annex(&summary.rubric),
        builtin.and_then(|b| b.aliases.get(1)),
    ) {
        (Some(annex), Some(short)) if lang == Lang::Zh => format!("{annex} {short}"),
        (Some(annex), _) => format!("{annex} {}", summary.title_en),
        _ => lang.pick(&summary.title, &summary.title_en).to_string(),
    }
}

/// The unit a key figure's number is in, as its heading says it: `万元`, `%`, `百分点`; empty
/// for a bare count.
fn unit_shown(unit: &str, lang: Lang) -> String {
    match (unit, lang) {
        ("百分点", Lang::En) => "pp".into(),
        (unit, _) => unit.to_string(),
    }
}

/// A key figure's heading with its unit: `年度研究与试验发展经费支出额（万元）`.
pub(super) fn figure_heading(lang: Lang, summary: &Summary, gate: usize) -> String {
    let title = summary
        .figures
        .get(gate)
        .map(|(zh, en)| lang.pick(zh, en).to_string())
        .unwrap_or_default();
    let unit = summary
        .units
        .get(gate)
        .map(|u| unit_shown(u, lang))
        .unwrap_or_default();
    match (unit.is_empty(), lang) {
        (true, _) => title,
        (false, Lang::Zh) => format!("{title}（{unit}）"),
        (false, Lang::En) => format!("{title} ({unit})"),
    }
}

/// A key figure as a number in the unit its heading names, rounded as paper rounds it (a share
/// `0.026875` is `2.69` under `（%）`).
pub(super) fn figure_number(summary: &Summary, ranked: &Ranked<'_>, gate: usize) -> Option<String> {
    let unit = summary.units.get(gate)?;
    let value: Decimal = (*ranked.figures.get(gate)?)?;
    let scaled = match &**unit {
        "%" | "百分点" => value.checked_mul(Decimal::ONE_HUNDRED)?,
        _ => value,
    };
    Some(crate::sheet::round_half_up(scaled))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_built_in_table_is_named_by_its_annex_and_short_name() {
        let rubric = crate::data::which::builtin("industry-center").expect("built in");
        let summary = Summary::new(rubric);
        assert_eq!(short_name(Lang::Zh, &summary), "附件2 行业技术中心");
        assert_eq!(short_name(Lang::Zh, &Summary::unknown()), "");
    }
}
