//! The headings and labels every format prints, in Chinese (the default) and English.

use crate::sheet::{Bilingual, Lang};

score_core::words! {
    /// The headings and labels of the score sheet, in every format.
    pub struct Labels {
        category = "一级指标", "Category";
        group = "二级指标", "Group";
        item = "三级指标 / 评价标准", "Indicator";
        /// The 三级指标 column of the printable form (附件1, 附件3).
        indicator = "三级指标", "Indicator";
        /// The 评价标准 column of the printable form (附件2, 附件4).
        criterion = "评价标准", "Criterion";
        weight = "权重（分）", "Weight";
        unit = "单位", "Unit";
        requirement = "基本要求", "Required";
        result = "评价结果", "Result";
        value = "数据", "Figure";
        points = "得分", "Points";
        max = "满分", "Max";
        subtotal = "小计", "Subtotal";
        base = "基本得分", "Base score";
        bonus = "加分", "Bonus";
        total = "总分", "Total";
        company = "申报单位", "Applicant";
        data = "数据文件", "Data file";
        year = "数据年度", "Data year";
        rubric = "评分表", "Rubric";
        gates = "申报条件", "Eligibility";
        eligible = "符合申报条件", "eligible";
        not_eligible = "不符合申报条件", "NOT eligible";
        met = "达标", "met";
        not_met = "未达标", "not met";
        not_given = "（未填写）", " (not given)";
        warnings = "警告", "Warnings";
        warning = "警告", "warning";
        notes = "说明", "Notes";
        note = "说明", "note";
        rule = "规则", "rule";
        working = "计算", "working";
        derivation = "数据", "figure";
        by_group = "分项得分", "Points by group";
        yes = "是", "yes";
        no = "否", "no";
        /// `（N分）` after a weighted heading.
        points_suffix: fn(&str) -> String = |n| format!("（{n}分）"), |n| format!(" ({n} pts)");
        /// `不超过N分` for a bonus cap.
        at_most: fn(&str) -> String = |n| format!("不超过{n}分"), |n| format!("at most {n}");
        seal = "申报单位（盖章）", "Applicant (seal)";
        date = "日期", "Date";
        date_blank = "年　　月　　日", "";
        year_suffix = "年", "";
        generated = "由 score 按所填数据计算生成", "Computed by score from the figures given";
        // CSV
        csv_item_id = "指标编号", "item id";
        csv_row = "行类型", "row";
        csv_number = "数值", "value";
        csv_item = "指标", "item";
        csv_group_subtotal = "二级指标小计", "group subtotal";
        csv_category_subtotal = "一级指标小计", "category subtotal";
        csv_gate = "申报条件", "eligibility gate";
        csv_bonus_flag = "加分项", "bonus item";
        csv_working = "计算过程", "Working";
        // --what-if
        what_if = "假设（--what-if）", "What-if";
        what_if_banner = "本表按假设数据（--what-if）计算，并非所填实际数据，不能作为自评表报送。", "Computed with assumed figures (--what-if), not the figures given: not for submission.";
        was = "原为", "was";
        total_before = "假设前总分", "total before";
    }
}

/// The `--what-if` assumptions of a sheet: the key, the figure assumed, the figure given.
pub fn assumptions(sheet: &crate::sheet::Sheet, lang: Lang) -> Vec<(String, String, String)> {
    let Some(what_if) = &sheet.what_if else {
        return Vec::new();
    };
    what_if
        .overrides
        .iter()
        .map(|a| {
            (
                a.key.clone(),
                a.to_display.get(lang).clone(),
                a.from_display.get(lang).clone(),
            )
        })
        .collect()
}

/// `was 860万元` in the language's punctuation.
pub fn was(lang: Lang, from: &str) -> String {
    match lang {
        Lang::Zh => format!("（{} {from}）", Labels::ZH.was),
        Lang::En => format!(" ({} {from})", Labels::EN.was),
    }
}

/// An item's working for a Chinese reader: `⌊a / b⌋` (which few readers know) in words,
/// `向下取整（a ÷ b）`. JSON keeps the symbols (docs/guide.md, "JSON"); English keeps them too.
pub fn working(lang: Lang, text: &Bilingual<String>) -> String {
    match lang {
        Lang::Zh => text
            .zh
            .replace('⌊', "向下取整（")
            .replace('⌋', "）")
            .replace(" / ", " ÷ "),
        Lang::En => text.pick(lang).to_string(),
    }
}

/// A 一级指标's weight as the table prints it: `（9分）`, or the table's own form (附件2's
/// `（27）`) on the Chinese sheet.
pub fn category_weight(category: &crate::sheet::CategoryResult, lang: Lang) -> Option<String> {
    let weight = category.weight?;
    Some(match (&category.weight_printed, lang) {
        (Some(printed), Lang::Zh) => printed.to_string(),
        _ => (words(lang).points_suffix)(&score_core::num::plain(weight))
            .trim()
            .to_string(),
    })
}

pub fn words(lang: Lang) -> &'static Labels {
    Labels::of(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_brackets_are_worded_in_chinese_only() {
        let text = Bilingual::same("2.5% ≥ 2% → 1 + ⌊(2.5% − 2%) / 0.5%⌋ = 2".to_string());
        assert_eq!(
            working(Lang::Zh, &text),
            "2.5% ≥ 2% → 1 + 向下取整（(2.5% − 2%) ÷ 0.5%） = 2"
        );
        assert_eq!(working(Lang::En, &text), text.en);
    }
}
