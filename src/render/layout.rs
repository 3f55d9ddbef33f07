//! The shape of a sheet as the official tables print it, shared by every renderer: 一级指标 holding
//! 二级指标 holding items, and which of the seed's three table layouts a sheet follows.

use rust_decimal::Decimal;
use unicode_width::UnicodeWidthChar;

use super::words::Labels;
use crate::num::plain;
use crate::sheet::{CategoryResult, GroupResult, ItemResult, Lang, Sheet};

/// A 二级指标 and the items under it, in table order.
pub struct GroupView<'a> {
    pub group: &'a GroupResult,
    pub items: Vec<&'a ItemResult>,
}

/// A 一级指标 and its groups, in table order.
pub struct CategoryView<'a> {
    pub category: &'a CategoryResult,
    pub groups: Vec<GroupView<'a>>,
}

impl CategoryView<'_> {
    pub fn item_count(&self) -> usize {
        self.groups.iter().map(|g| g.items.len()).sum()
    }
}

/// The sheet's items grouped as the table prints them. Categories and groups without items are left
/// out (a rubric never has them, but a renderer must not print an empty merged cell).
pub fn categories(sheet: &Sheet) -> Vec<CategoryView<'_>> {
    sheet
        .categories
        .iter()
        .map(|category| CategoryView {
            category,
            groups: sheet
                .groups
                .iter()
                .filter(|g| g.category.zh == category.title.zh)
                .map(|group| GroupView {
                    group,
                    items: sheet
                        .items
                        .iter()
                        .filter(|i| {
                            i.group.zh == group.title.zh && i.category.zh == group.category.zh
                        })
                        .collect(),
                })
                .filter(|g| !g.items.is_empty())
                .collect(),
        })
        .filter(|c| !c.groups.is_empty())
        .collect()
}

/// Which of the seed's table layouts a sheet follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// 附件1: 一级指标 · 二级指标 · 权重 · 三级指标 · 得分.
    Indicators,
    /// 附件2, 附件4: the 二级指标 is the scored row; 一级指标 · 二级指标 · 评价标准 · 得分.
    Criteria,
    /// 附件3: pass/fail rows; 一级指标 · 二级指标 · 三级指标 · 权重 · 单位 · 基本要求 · 评价结果.
    Requirements,
}

pub fn form(sheet: &Sheet) -> Form {
    if sheet.items.is_empty() {
        Form::Indicators
    } else if sheet.items.iter().all(|i| i.requirement.is_some()) {
        Form::Requirements
    } else if items_are_groups(sheet) {
        Form::Criteria
    } else {
        Form::Indicators
    }
}

/// 附件2 and 附件4 score the 二级指标 itself: a separate group column would only repeat it.
pub fn items_are_groups(sheet: &Sheet) -> bool {
    sheet.items.iter().all(|i| i.title.zh == i.group.zh)
}

/// The rows under a printable form's items, as (label, points): 基本得分（满分…） and
/// 加分（不超过…分） when the table has bonus points, then 总分（满分…）. 附件3 ends with one
/// 总　分 row, as the notice prints it.
pub fn total_rows(sheet: &Sheet, lang: Lang) -> Vec<(String, Decimal)> {
    let w = Labels::of(lang);
    if form(sheet) == Form::Requirements {
        let label = match lang {
            Lang::Zh => "总　分",
            Lang::En => w.total,
        };
        return vec![(label.to_string(), sheet.total)];
    }
    let max_suffix = |max: Decimal| match lang {
        Lang::Zh => format!("（满分{}）", plain(max)),
        Lang::En => format!(" (of {})", plain(max)),
    };
    let mut rows = Vec::new();
    if !sheet.bonus_max.is_zero() {
        rows.push((
            format!("{}{}", w.base, max_suffix(sheet.base_max)),
            sheet.base,
        ));
        let cap = match lang {
            Lang::Zh => format!("（{}）", (w.at_most)(&plain(sheet.bonus_max))),
            Lang::En => format!(" ({})", (w.at_most)(&plain(sheet.bonus_max))),
        };
        rows.push((format!("{}{cap}", w.bonus), sheet.bonus));
    }
    let max = sheet.base_max + sheet.bonus_max;
    rows.push((format!("{}{}", w.total, max_suffix(max)), sheet.total));
    rows
}

/// The rule an item is scored by, as the seed words it, without what the row's other cells
/// already say: the indicator's own name before `。`, or a `二级指标（N分）` heading that the
/// seed's text run together with the criterion.
pub fn criterion(item: &ItemResult) -> &str {
    let source = item.source.trim();
    for name in [&item.title.zh, &item.group.zh] {
        if let Some(rest) = source.strip_prefix(&**name) {
            let rest = rest.trim_start();
            if let Some(rest) = rest.strip_prefix('。') {
                return rest.trim();
            }
            if let Some(rest) = rest.strip_prefix('（')
                && let Some((inside, after)) = rest.split_once('）')
                && inside.trim_end_matches('分').trim().parse::<u32>().is_ok()
            {
                return after.trim();
            }
        }
    }
    source
}

/// The seed's sentence for the printable form: the whole sentence where the indicator's name
/// opens it (附件1 prints name and rule in one cell), else without a run-together heading.
pub fn printed_criterion(item: &ItemResult) -> &str {
    let source = item.source.trim();
    if source.starts_with(&format!("{}。", item.title.zh)) {
        source
    } else {
        criterion(item)
    }
}

/// Display width of text in a terminal (CJK counts two).
pub fn width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Wraps text to `columns` display columns. Chinese breaks between any two characters, except
/// that a closing mark (`，` `。` `）` …) never starts a line, and a run of narrow characters
/// (`2.6875%`, `⌊(1150`) moves to the next line whole, with what is attached to it (`10分`),
/// unless it fills a line by itself.
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(8);
    let mut lines = Vec::new();
    let mut line = String::new();
    for c in text.chars() {
        if width(&line) + c.width().unwrap_or(0) > columns && !line.is_empty() {
            // What moves to the next line with `c`: the last character if `c` may not open a
            // line, and before it any narrow run it is attached to.
            let mut cut = line.len();
            if is_closing(c)
                && let Some((i, _)) = line.char_indices().next_back()
            {
                cut = i;
            }
            if c != ' ' {
                let run = line[..cut]
                    .char_indices()
                    .rev()
                    .take_while(|(_, ch)| is_narrow(*ch))
                    .last()
                    .map(|(i, _)| i);
                if let Some(run) = run {
                    cut = run;
                }
            }
            if cut == 0 {
                cut = line.len();
            }
            let rest = line.split_off(cut);
            lines.push(line.trim_end().to_string());
            line = rest.trim_start().to_string();
            if c == ' ' && line.is_empty() {
                continue;
            }
        }
        line.push(c);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A character of a run that should not be split: narrow and not a space.
fn is_narrow(c: char) -> bool {
    !c.is_whitespace() && c.width() == Some(1)
}

/// Punctuation that may not open a line in Chinese typesetting.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '、' | '；' | '：' | '）' | '」' | '』' | '》' | '！' | '？'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_within_the_width() {
        let text = "发明专利 2 × 2 + 实用新型专利 5 × 1 + 软件著作权 1 × 2 = 11，超过满分 5 → 5";
        let lines = wrap(text, 20);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(width(line) <= 20, "{line:?} is wider than 20");
        }
        let joined: String = lines.concat();
        assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
        // `2.6875%`-like runs stay whole, and no line opens with a closing mark.
        for line in &lines {
            assert!(!line.starts_with('，'), "{line:?}");
        }
        assert!(
            lines.iter().any(|l| l.contains("11，超过满分")),
            "{lines:?}"
        );
    }

    #[test]
    fn wrap_moves_a_number_whole() {
        let lines = wrap("低于 2%不得分，达到 2%得 1分，每增加 0.5%，加 1分", 26);
        assert_eq!(lines[0], "低于 2%不得分，达到 2%得");
        assert_eq!(lines[1], "1分，每增加 0.5%，加 1分");
    }

    #[test]
    fn wrap_leaves_short_text_alone() {
        assert_eq!(wrap("4 × 1 = 4", 40), vec!["4 × 1 = 4".to_string()]);
        assert_eq!(wrap("", 40), vec![String::new()]);
    }
}
