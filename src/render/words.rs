//! The headings and labels every format prints, in Chinese (the default) and English.

use crate::sheet::Lang;

pub struct Words {
    pub category: &'static str,
    pub group: &'static str,
    pub item: &'static str,
    /// The 三级指标 column of the printable form (附件1, 附件3).
    pub indicator: &'static str,
    /// The 评价标准 column of the printable form (附件2, 附件4).
    pub criterion: &'static str,
    pub weight: &'static str,
    pub unit: &'static str,
    pub requirement: &'static str,
    pub result: &'static str,
    pub value: &'static str,
    pub points: &'static str,
    pub max: &'static str,
    pub subtotal: &'static str,
    pub base: &'static str,
    pub bonus: &'static str,
    pub total: &'static str,
    pub company: &'static str,
    pub data: &'static str,
    pub year: &'static str,
    pub rubric: &'static str,
    pub gates: &'static str,
    pub eligible: &'static str,
    pub not_eligible: &'static str,
    pub met: &'static str,
    pub not_met: &'static str,
    pub not_given: &'static str,
    pub warnings: &'static str,
    pub warning: &'static str,
    pub notes: &'static str,
    pub note: &'static str,
    pub rule: &'static str,
    pub working: &'static str,
    pub derivation: &'static str,
    pub by_group: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    /// `（N分）` after a weighted heading.
    pub points_suffix: fn(&str) -> String,
    /// `不超过N分` for a bonus cap.
    pub at_most: fn(&str) -> String,
    pub seal: &'static str,
    pub date: &'static str,
    pub date_blank: &'static str,
    pub year_suffix: &'static str,
    pub generated: &'static str,
    // CSV
    pub csv_item_id: &'static str,
    pub csv_row: &'static str,
    pub csv_number: &'static str,
    pub csv_item: &'static str,
    pub csv_group_subtotal: &'static str,
    pub csv_category_subtotal: &'static str,
    pub csv_gate: &'static str,
    pub csv_bonus_flag: &'static str,
    pub csv_working: &'static str,
    // --what-if
    pub what_if: &'static str,
    pub what_if_banner: &'static str,
    pub was: &'static str,
    pub total_before: &'static str,
}

pub const ZH: Words = Words {
    category: "一级指标",
    group: "二级指标",
    item: "三级指标 / 评价标准",
    indicator: "三级指标",
    criterion: "评价标准",
    weight: "权重（分）",
    unit: "单位",
    requirement: "基本要求",
    result: "评价结果",
    value: "数据",
    points: "得分",
    max: "满分",
    subtotal: "小计",
    base: "基本得分",
    bonus: "加分",
    total: "总分",
    company: "申报单位",
    data: "数据文件",
    year: "数据年度",
    rubric: "评分表",
    gates: "申报条件",
    eligible: "符合申报条件",
    not_eligible: "不符合申报条件",
    met: "达标",
    not_met: "未达标",
    not_given: "（未填写）",
    warnings: "警告",
    warning: "警告",
    notes: "说明",
    note: "说明",
    rule: "规则",
    working: "计算",
    derivation: "数据",
    by_group: "分项得分",
    yes: "是",
    no: "否",
    points_suffix: |n| format!("（{n}分）"),
    at_most: |n| format!("不超过{n}分"),
    seal: "申报单位（盖章）",
    date: "日期",
    date_blank: "年　　月　　日",
    year_suffix: "年",
    generated: "由 score 按所填数据计算生成",
    csv_item_id: "指标编号",
    csv_row: "行类型",
    csv_number: "数值",
    csv_item: "指标",
    csv_group_subtotal: "二级指标小计",
    csv_category_subtotal: "一级指标小计",
    csv_gate: "申报条件",
    csv_bonus_flag: "加分项",
    csv_working: "计算过程",
    what_if: "假设（--what-if）",
    what_if_banner: "本表按假设数据（--what-if）计算，并非所填实际数据，不能作为自评表报送。",
    was: "原为",
    total_before: "假设前总分",
};

pub const EN: Words = Words {
    category: "Category",
    group: "Group",
    item: "Indicator",
    indicator: "Indicator",
    criterion: "Criterion",
    weight: "Weight",
    unit: "Unit",
    requirement: "Required",
    result: "Result",
    value: "Figure",
    points: "Points",
    max: "Max",
    subtotal: "Subtotal",
    base: "Base score",
    bonus: "Bonus",
    total: "Total",
    company: "Applicant",
    data: "Data file",
    year: "Data year",
    rubric: "Rubric",
    gates: "Eligibility",
    eligible: "eligible",
    not_eligible: "NOT eligible",
    met: "met",
    not_met: "not met",
    not_given: " (not given)",
    warnings: "Warnings",
    warning: "warning",
    notes: "Notes",
    note: "note",
    rule: "rule",
    working: "working",
    derivation: "figure",
    by_group: "Points by group",
    yes: "yes",
    no: "no",
    points_suffix: |n| format!(" ({n} pts)"),
    at_most: |n| format!("at most {n}"),
    seal: "Applicant (seal)",
    date: "Date",
    date_blank: "",
    year_suffix: "",
    generated: "Computed by score from the figures given",
    csv_item_id: "item id",
    csv_row: "row",
    csv_number: "value",
    csv_item: "item",
    csv_group_subtotal: "group subtotal",
    csv_category_subtotal: "category subtotal",
    csv_gate: "eligibility gate",
    csv_bonus_flag: "bonus item",
    csv_working: "Working",
    what_if: "What-if",
    what_if_banner: "Computed with assumed figures (--what-if), not the figures given: not for submission.",
    was: "was",
    total_before: "total before",
};

/// The `--what-if` assumptions of a sheet: the key, the figure assumed, the figure given.
pub fn assumptions(sheet: &crate::sheet::Sheet, lang: Lang) -> Vec<(String, String, String)> {
    let Some(what_if) = &sheet.what_if else {
        return Vec::new();
    };
    what_if
        .overrides
        .iter()
        .map(|a| {
            let (to, from) = match lang {
                Lang::Zh => (&a.to_display.0, &a.from_display.0),
                Lang::En => (&a.to_display.1, &a.from_display.1),
            };
            (a.key.clone(), to.clone(), from.clone())
        })
        .collect()
}

/// `was 860万元` in the language's punctuation.
pub fn was(lang: Lang, from: &str) -> String {
    match lang {
        Lang::Zh => format!("（{} {from}）", ZH.was),
        Lang::En => format!(" ({} {from})", EN.was),
    }
}

/// An item's working for a Chinese reader: `⌊a / b⌋` (which few readers know) in words,
/// `向下取整（a ÷ b）`. JSON keeps the symbols (docs/guide.md, "JSON"); English keeps them too.
pub fn working(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh
            .replace('⌊', "向下取整（")
            .replace('⌋', "）")
            .replace(" / ", " ÷ "),
        Lang::En => lang.pick(zh, en).to_string(),
    }
}

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_brackets_are_worded_in_chinese_only() {
        let text = "2.5% ≥ 2% → 1 + ⌊(2.5% − 2%) / 0.5%⌋ = 2";
        assert_eq!(
            working(Lang::Zh, text, text),
            "2.5% ≥ 2% → 1 + 向下取整（(2.5% − 2%) ÷ 0.5%） = 2"
        );
        assert_eq!(working(Lang::En, text, text), text);
    }
}
