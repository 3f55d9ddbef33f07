//! What every format shows: the columns, each row's cells and remarks, the title and the lines
//! under the table.

use super::{Ranked, Summary, contact, words};
use crate::sheet::Lang;

/// A column of the summary. Every format shows the same columns, in this order; the printed page
/// leaves out the data file, the warning count and the error (it notes a failure under the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Number,
    Rank,
    Company,
    Data,
    /// The figure the rubric's n-th gate reads.
    Figure(usize),
    Base,
    Bonus,
    Total,
    Eligible,
    Warnings,
    /// The credit code, contact person or phone a bureau's list gives ([`contact`]).
    Contact(crate::data::contact::Field),
    Remarks,
    Error,
}

impl Column {
    pub(super) fn numeric(self) -> bool {
        matches!(
            self,
            Column::Number
                | Column::Rank
                | Column::Figure(_)
                | Column::Base
                | Column::Bonus
                | Column::Total
                | Column::Warnings
        )
    }
}

/// The columns of a summary's table; `error` adds the error column.
pub(super) fn columns(summary: &Summary, error: bool) -> Vec<Column> {
    let (code, contact) = contact::columns(summary);
    let mut columns = vec![Column::Number, Column::Rank, Column::Company];
    columns.extend(code);
    columns.push(Column::Data);
    columns.extend((0..summary.figures.len()).map(Column::Figure));
    columns.extend([Column::Base, Column::Bonus, Column::Total]);
    // Eligibility is the gates' verdict: a table without gates has nothing to say there.
    if !summary.figures.is_empty() {
        columns.push(Column::Eligible);
    }
    columns.push(Column::Warnings);
    columns.extend(contact);
    columns.push(Column::Remarks);
    if error {
        columns.push(Column::Error);
    }
    columns
}

pub(super) fn header(lang: Lang, summary: &Summary, column: Column) -> String {
    let w = words(lang);
    match column {
        Column::Number => w.number.into(),
        Column::Rank => w.rank.into(),
        Column::Company => w.company.into(),
        Column::Data => w.data.into(),
        Column::Figure(n) => summary
            .figures
            .get(n)
            .map(|(zh, en)| lang.pick(zh, en).to_string())
            .unwrap_or_default(),
        Column::Base => w.base.into(),
        Column::Bonus => w.bonus.into(),
        Column::Total => w.total.into(),
        Column::Eligible => w.eligible.into(),
        Column::Warnings => w.warnings.into(),
        Column::Contact(field) => contact::header(lang, field).into(),
        Column::Remarks => w.remarks.into(),
        Column::Error => w.error.into(),
    }
}

/// The remarks of a row: 并列, 未能评分, 重复, 数据不完整, 数据待核实 N 项, 未填写申报单位名称,
/// joined.
pub(super) fn remarks(lang: Lang, ranked: &Ranked<'_>) -> String {
    let w = words(lang);
    let row = ranked.row;
    let mut list: Vec<String> = Vec::new();
    if ranked.tied {
        list.push(w.tied.into());
    }
    if !row.is_scored() {
        list.push(w.not_scored.into());
    }
    if row.duplicate {
        list.push(w.duplicate.into());
    }
    if row.incomplete {
        list.push(w.incomplete.into());
    }
    if let Some(n) = row.scores().map(|s| s.warnings).filter(|&n| n > 0) {
        list.push(match lang {
            Lang::Zh => format!("数据待核实 {n} 项"),
            Lang::En => format!("{n} figures to confirm"),
        });
    }
    if row.company().is_none() && row.is_scored() {
        list.push(w.no_company.into());
    }
    list.join(match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    })
}

/// A row's cell in a column: `None` where it has no value (a dash on paper, empty in CSV).
/// `number` is the row's position in the listing (序号).
pub(super) fn cell(
    lang: Lang,
    summary: &Summary,
    number: usize,
    ranked: &Ranked<'_>,
    column: Column,
) -> Option<String> {
    let w = words(lang);
    let row = ranked.row;
    let scored = row.scores();
    let scored = scored.as_ref();
    match column {
        Column::Number => Some(number.to_string()),
        Column::Rank => ranked.rank.map(|r| r.to_string()),
        Column::Company => row.company().map(str::to_string),
        Column::Data => Some(row.data().to_string()),
        Column::Figure(n) => summary.figure_text(ranked, n, lang),
        Column::Base => scored.map(|s| crate::num::plain(s.base)),
        Column::Bonus => scored.map(|s| crate::num::plain(s.bonus)),
        Column::Total => scored.map(|s| crate::num::plain(s.total)),
        Column::Eligible => scored
            .and_then(|s| s.eligible)
            .map(|e| if e { w.yes } else { w.no }.to_string()),
        Column::Warnings => scored.map(|s| s.warnings.to_string()),
        Column::Contact(field) => row.contact().and_then(|c| c.get(field)).map(str::to_string),
        Column::Remarks => Some(remarks(lang, ranked)).filter(|r| !r.is_empty()),
        Column::Error => row.error().map(str::to_string),
    }
}

/// The summary's title as the notice names it for the table: 申报企业汇总表 (附件1, 附件3),
/// 行业技术中心申报名单汇总表 (附件2), 申报单位汇总表 (附件4); 申报企业汇总表 for any other table.
pub(crate) fn table_heading(lang: Lang, summary: &Summary) -> &'static str {
    match (lang, summary.rubric.as_str()) {
        (Lang::Zh, "industry-center") => "行业技术中心申报名单汇总表",
        (Lang::Zh, "alliance") => "申报单位汇总表",
        (Lang::En, "industry-center") => "Summary list of industry technology centres",
        (Lang::En, "alliance") => "Summary of applicant alliances",
        _ => words(lang).heading,
    }
}

/// The heading line: `申报企业汇总表 · 甘肃省企业技术中心自评表 · 2024年`.
pub(super) fn title(lang: Lang, summary: &Summary) -> String {
    let mut text = format!(
        "{} · {}",
        table_heading(lang, summary),
        lang.pick(&summary.title, &summary.title_en)
    );
    if let Some(year) = summary.year {
        text.push_str(&match lang {
            Lang::Zh => format!(" · {year}年"),
            Lang::En => format!(" · {year}"),
        });
    }
    text
}

/// The heading line with the rubric's id, for the formats read on screen.
pub(super) fn heading(lang: Lang, summary: &Summary) -> String {
    if summary.rubric.is_empty() {
        title(lang, summary)
    } else {
        format!("{} ({})", title(lang, summary), summary.rubric)
    }
}

/// The 未读取 list under the count line: every file that was not read, by name, once.
pub(super) fn unread(lang: Lang, summary: &Summary) -> Option<String> {
    if summary.unread.is_empty() {
        return None;
    }
    Some(match lang {
        Lang::Zh => format!(
            "未读取（不是数据文件，未评分）：{}",
            summary.unread.join("、")
        ),
        Lang::En => format!(
            "Not read (not data files, not scored): {}",
            summary.unread.join(", ")
        ),
    })
}

/// The count line under the table: `共 3 份：已评分 2 份，未能评分 1 份，另有 2 个文件未读取`.
pub(super) fn counts(lang: Lang, summary: &Summary) -> String {
    let failed = summary.failed();
    let scored = summary.len() - failed;
    let duplicate = summary.rows.iter().filter(|r| r.duplicate).count();
    let incomplete = summary.rows.iter().filter(|r| r.incomplete).count();
    let skipped = summary.unread.len();
    let total = summary.len();
    match lang {
        Lang::Zh => {
            let mut text = format!("共 {total} 份：已评分 {scored} 份，未能评分 {failed} 份");
            if duplicate > 0 {
                text.push_str(&format!("，重复 {duplicate} 份"));
            }
            if incomplete > 0 {
                text.push_str(&format!("，数据不完整 {incomplete} 份"));
            }
            if skipped > 0 {
                text.push_str(&format!("，另有 {skipped} 个文件未读取"));
            }
            text
        }
        Lang::En => {
            let mut text = format!("{total} files: {scored} scored, {failed} could not be scored");
            if duplicate > 0 {
                text.push_str(&format!(", {duplicate} duplicate"));
            }
            if incomplete > 0 {
                text.push_str(&format!(", {incomplete} with incomplete data"));
            }
            if skipped > 0 {
                text.push_str(&format!("; {skipped} more files not read"));
            }
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::testing::{scores, summary};
    use crate::summary::{Record, Row};

    #[test]
    fn warnings_and_a_blank_name_are_said_in_the_remarks() {
        let mut scored = scores(10, 10);
        scored.warnings = 2;
        let record = Record {
            row: Row::new("w.toml", Some("  ")).with_scores(scored),
            rubric: Some("r".into()),
            figures: Vec::new(),
        };
        let s = summary(vec![record]);
        let ranked = s.ranked().get(0).unwrap();
        assert_eq!(ranked.row.company(), None);
        assert!(!ranked.tied);
        assert_eq!(
            remarks(Lang::Zh, &ranked),
            "数据待核实 2 项；未填写申报单位名称"
        );
        assert_eq!(
            remarks(Lang::En, &ranked),
            "2 figures to confirm; applicant's name not filled in"
        );
    }
}
