//! The checklist's fixed words, Chinese and English (kept apart from the sheet's words so each
//! can change alone).

use crate::checklist::{Checklist, Kind, Row};
use crate::num::plain;
use crate::sheet::Lang;

pub struct Words {
    pub heading: &'static str,
    /// Printed on every checklist: the documents are common practice, not the notice's list.
    pub reference: &'static str,
    pub company: &'static str,
    pub year: &'static str,
    pub total: &'static str,
    pub number: &'static str,
    pub kind: &'static str,
    pub item: &'static str,
    pub figure: &'static str,
    pub points: &'static str,
    pub evidence: &'static str,
    pub pages: &'static str,
    pub gate: &'static str,
    pub scored: &'static str,
    pub bonus: &'static str,
    pub met: &'static str,
    pub nothing: &'static str,
    pub unmet: &'static str,
    pub unconfirmed: &'static str,
    pub how: &'static str,
    pub colon: &'static str,
}

const ZH: Words = Words {
    heading: "自评证明材料清单",
    reference: "常见证明材料，以主管部门要求为准",
    company: "申报单位",
    year: "数据年度",
    total: "自评总分",
    number: "序号",
    kind: "类别",
    item: "指标",
    figure: "申报数据",
    points: "得分",
    evidence: "证明材料",
    pages: "页码",
    gate: "申报条件",
    scored: "评分项",
    bonus: "加分项",
    met: "符合",
    nothing: "未申报任何得分项，也未满足申报条件：没有需要列出的证明材料。请先核对数据文件是否填写完整。",
    unmet: "未满足的申报条件（未列入清单）",
    unconfirmed: "数据待核实",
    how: "在“页码”栏填写各项材料在扫描件（PDF）中的页码。",
    colon: "：",
};

const EN: Words = Words {
    heading: "Self-evaluation evidence checklist",
    reference: "Documents usually asked for; the authority's requirements prevail",
    company: "Applicant",
    year: "Data year",
    total: "Self-assessed total",
    number: "No.",
    kind: "Kind",
    item: "Indicator",
    figure: "Figure claimed",
    points: "Points",
    evidence: "Evidence",
    pages: "Pages",
    gate: "Condition",
    scored: "Item",
    bonus: "Bonus",
    met: "met",
    nothing: "Nothing is claimed: no item earns points and no condition is met, so there is no evidence to list. Check that the data file is filled in.",
    unmet: "Conditions not met (not listed)",
    unconfirmed: "to be checked",
    how: "Write in the Pages column where each document is in the scanned PDF.",
    colon: ": ",
};

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// 申报条件 / 评分项 / 加分项.
pub fn kind(row: &Row, w: &Words) -> &'static str {
    match (row.kind, row.bonus) {
        (Kind::Gate, _) => w.gate,
        (Kind::Item, false) => w.scored,
        (Kind::Item, true) => w.bonus,
    }
}

/// The points cell: `5 / 5` for an item, 符合 for a gate.
pub fn points(row: &Row, w: &Words) -> String {
    match (row.points, row.max) {
        (Some(p), Some(m)) => format!("{} / {}", plain(p), plain(m)),
        (Some(p), None) => plain(p),
        _ => w.met.to_string(),
    }
}

/// The figure, with 数据待核实 when a check on it is not confirmed.
pub fn figure(row: &Row, lang: Lang, w: &Words) -> String {
    let figure = row.figure(lang);
    if row.unconfirmed {
        match lang {
            Lang::Zh => format!("{figure}（{}）", w.unconfirmed),
            Lang::En => format!("{figure} ({})", w.unconfirmed),
        }
    } else {
        figure.to_string()
    }
}

/// `申报单位：… · 数据年度：2023 · 自评总分：54.5`.
pub fn meta(c: &Checklist, lang: Lang) -> Vec<String> {
    let w = words(lang);
    let mut out = vec![format!("{}{}{}", w.company, w.colon, c.who())];
    if let Some(year) = c.year {
        out.push(format!("{}{}{year}", w.year, w.colon));
    }
    out.push(format!("{}{}{}", w.total, w.colon, plain(c.total)));
    out
}

/// The table's title in `lang`, with the notice's reference in Chinese.
pub fn title(c: &Checklist, lang: Lang) -> String {
    let title = c.title.pick(lang);
    format!("{title} · {}", words(lang).heading)
}

/// The gates not met, as one line; `None` when every gate holds.
pub fn unmet(c: &Checklist, lang: Lang) -> Option<String> {
    if c.unmet.is_empty() {
        return None;
    }
    let w = words(lang);
    let names: Vec<&str> = c.unmet.iter().map(|u| u.title.pick(lang)).collect();
    Some(format!(
        "{}{}{}",
        w.unmet,
        w.colon,
        names.join(lang.pick("；", "; "))
    ))
}
