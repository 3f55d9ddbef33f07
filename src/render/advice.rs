//! `score advise` as a table or JSON, and the `--what-if` difference under a score sheet.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, presets};
use rust_decimal::Decimal;

use super::Settings;
use super::width;
use crate::advise::risk::{Risk, RiskKind};
use crate::advise::target::Plan;
use crate::advise::{Advice, Phase, Reason, Sort, Suggestion, Tier};
use crate::num::{plain, readable};
use crate::sheet::Lang;
use crate::what_if::{self, Amount, Assumption, GateChange, ItemChange, WhatIf};

score_core::words! {
    /// The words of `score advise` and the `--what-if` difference.
    struct AdviceWords {
        heading = "提分建议", "advice";
        company = "申报单位", "Applicant";
        data = "数据文件", "Data file";
        now = "当前得分", "Score now";
        base = "基本得分", "base";
        bonus = "加分", "bonus";
        total = "总分", "Total";
        eligible = "符合申报条件", "eligible";
        not_eligible = "不符合申报条件", "NOT eligible";
        gate_first = "第 1 条建议说明怎样满足申报条件", "advice 1 says what makes it eligible";
        no_gate_fix = "提高单项数据无法满足申报条件", "raising one figure cannot make it eligible";
        gate_partial = "提高单项数据无法满足全部申报条件；第 1 条建议满足其中一项", "raising one figure cannot make it eligible; advice 1 meets one of the conditions";
        rank = "序号", "#";
        figure = "提高哪项数据", "Raise";
        from = "现值", "Now";
        to = "提高到", "To";
        gain = "总分", "Total";
        changes = "随之变化", "What changes";
        points = "分", "pts";
        score = "得分", "Points";
        gate_met = "满足", "met";
        gate_lost = "不再满足", "no longer met";
        also = "同时提高", "also raise";
        none = "没有可以通过提高单项数据获得的加分。", "No single figure can be raised to earn more points.";
        done = "已满分", "At full marks";
        stuck = "暂无单项提分途径", "No single-figure advice";
        not_raisable = "所依赖的数据 {keys} 也是分母或减数，提高它们未必加分，故不作建议", "the figures it reads ({keys}) are also denominators or subtracted figures, so raising them may not help; not advised";
        unavailable = "该指标的数值无法计算（分母为 0 或未填写），先补全数据", "its figure cannot be computed (a zero denominator or a figure not given); complete the data first";
        group_full = "所在指标组或总分已达上限", "its group, or the base or bonus, is already at its maximum";
        no_single_raise = "单独提高一项数据无法再得分（如“其中”项已等于总数）", "no single figure can be raised far enough (e.g. a part already equals its whole)";
        assumed = "假设", "Assuming";
        was = "原为", "was";
        footnote =
            "建议值是使该项得分增加的最小值（金额精确到 0.01万元，百分比 0.01%，人数、项数为整数），已按整张表重新计分验证；\
             可用 `score --what-if 键=值` 复算。",
            "Each value is the smallest that raises that item (money to 0.01 万元, percentages to 0.01%, \
             counts whole), confirmed by rescoring the whole sheet; reproduce it with `score --what-if KEY=VALUE`.";
        what_if = "假设（--what-if）", "What-if";
        versus = "与原始数据相比", "Against the original figures";
        item = "指标", "Indicator";
        value = "数据", "Figure";
        change = "变化", "Change";
        gates = "申报条件", "Eligibility";
        list_sep = "、", ", ";
        effort = "难度", "Effort";
        tier_raise = "提高现有数据", "raise";
        tier_more = "增加已有的", "more of";
        tier_first = "首次取得", "first of a kind";
        risk_heading = "风险提示：以下得分所依赖的数据只要下降 5% 以内（人数、项数少 1）就会失去", "Points at risk: these points are lost if one figure falls by 5% or less (a count by one)";
        risk_none = "风险提示：没有得分依赖于数据下降 5% 以内（人数、项数少 1）的余量。", "Points at risk: no points hang on a fall of 5% or less (a count by one) of any figure.";
        risk_now = "现值", "Now";
        risk_lost_at = "降到即失分", "Lost at";
        risk_margin = "余量", "Margin";
        risk_lost = "失分", "Lost";
        risk_eligibility = "不再符合申报条件", "no longer eligible";
        target_heading = "目标总分", "Target total";
        target_already = "当前总分已达到目标，无需调整。", "The total already reaches the target; nothing to change.";
        target_reached = "按以上 {n} 项调整后总分 {total}，达到目标 {target} 分。", "With these {n} moves the total is {total}, reaching the target of {target}.";
        target_unreachable = "无法达到目标 {target} 分：仅提高可调整的数据，最多只能达到 {total} 分（满分 {max}）。", "The target of {target} cannot be reached: raising the figures the company can move reaches {total} at most (out of {max}).";
        target_replay = "复算", "Replay";
        target_after = "调整后总分", "Total after";
        order_effort = "排序：先列申报前还能核对、补充的（为 0 的项目加分多的在前，临近分档线的差距小的在前），再列下次申报的规划（每得 1 分所需的工作量小的在前：一项标准、专利等计 1 份，金额、比例每提高 10% 计 1 份）；`--sort gain` 按加分排序。", "Order: first what can still be checked or added before the deadline (items at 0, most points first; figures near a threshold, smallest gap first), then planning for the next application (least effort per point first: one standard or patent weighs as much as a 10% raise of money or a rate); `--sort gain` orders by points.";
        check_heading = "一、申报前可以核对、补充的（本次的数据以审计报告为准：只核对有无漏填、填错，不要为了提分改动）", "1. To check or add before the deadline (this application's figures are the audited facts: check for omissions and slips, do not change them for points)";
        plan_heading = "二、下次申报的规划（每得 1 分所需工作量小的在前）", "2. Planning for the next application (least effort per point first)";
        check_first = "现为 0：如有遗漏，\n补上即可得分", "now 0: if one was\nleft out, add it";
        check_near = "临近分档线：\n请核对数据", "near a threshold:\ncheck the figure";
        any_amount = "任何大于 0 的数额", "any amount above 0";
        order_gain = "排序：加分多的在前，加分相同时提高幅度小的在前。", "Order: most points first; for equal points, the smallest relative change first.";
        target_not_eligible = "注意：按此方案调整后仍不符合申报条件，先看上面满足申报条件的建议。", "Note: after these moves the company is still not eligible; see the advice above that makes it eligible.";
    }
}

fn words(lang: Lang) -> &'static AdviceWords {
    AdviceWords::of(lang)
}

fn signed(v: Decimal) -> String {
    if v > Decimal::ZERO {
        format!("+{}", plain(v))
    } else {
        plain(v)
    }
}

fn paint(settings: Settings, cell: Cell, color: Color) -> Cell {
    if settings.color { cell.fg(color) } else { cell }
}

fn new_table(header: Vec<&str>) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header);
    table
}

/// One item's change: its points, and its figure when that says more. `any`: the suggestion is
/// any amount above 0 (a first entry), so the figure's smallest step (`0.01万美元`) is not shown
/// as if it were the amount meant.
fn item_line(lang: Lang, w: &AdviceWords, c: &ItemChange, any: bool) -> String {
    let title = c.title.pick(lang);
    let (vf, vt) = (c.value_from.get(lang), c.value_to.get(lang));
    let any_amount = w.any_amount.to_string();
    let vt = if any { &any_amount } else { vt };
    // A weighted sum's figure is its points: say it once.
    let figure = if vf != vt && (vf != &plain(c.from) || vt != &plain(c.to)) {
        match lang {
            Lang::Zh => format!("（{vf} → {vt}）"),
            Lang::En => format!(" ({vf} → {vt})"),
        }
    } else {
        String::new()
    };
    format!(
        "{title}: {} → {} {}{figure}",
        plain(c.from),
        plain(c.to),
        w.points
    )
}

fn gate_line(lang: Lang, w: &AdviceWords, g: &GateChange) -> String {
    let (mark, verb) = if g.to {
        ("✓", w.gate_met)
    } else {
        ("✗", w.gate_lost)
    };
    format!("{mark} {}: {verb}", g.title.pick(lang))
}

fn assumption_line(lang: Lang, w: &AdviceWords, a: &Assumption) -> String {
    match lang {
        Lang::Zh => format!(
            "`{}` = {}（{} {}）",
            a.key, a.to_display.zh, w.was, a.from_display.zh
        ),
        Lang::En => format!(
            "`{}` = {} ({} {})",
            a.key, a.to_display.en, w.was, a.from_display.en
        ),
    }
}

/// A counts-table field by its own title (`主持国际标准`): the key names the table.
fn short_title(lang: Lang, s: &Suggestion) -> &str {
    let title = s.title.pick(lang);
    if !s.key.contains('.') {
        return title;
    }
    let cut = match lang {
        Lang::Zh => title.rsplit_once('·'),
        Lang::En => title.rsplit_once(": "),
    };
    cut.map_or(title, |(_, field)| field)
}

fn changes_cell(lang: Lang, w: &AdviceWords, s: &Suggestion, any: bool) -> String {
    let mut lines: Vec<String> = Vec::new();
    for a in &s.also {
        lines.push(format!(
            "{} `{}` {} → {}",
            w.also,
            a.key,
            a.from.display(&a.unit, lang == Lang::En),
            a.to.display(&a.unit, lang == Lang::En)
        ));
    }
    lines.extend(
        s.items
            .iter()
            .filter(|c| c.from != c.to)
            .map(|c| item_line(lang, w, c, any)),
    );
    lines.extend(s.gates.iter().map(|g| gate_line(lang, w, g)));
    lines.join("\n")
}

fn tier_word(w: &AdviceWords, tier: Tier) -> &'static str {
    match tier {
        Tier::Raise => w.tier_raise,
        Tier::More => w.tier_more,
        Tier::First => w.tier_first,
    }
}

/// A relative size as a percentage: `+2.94%`, `≈` when rounded.
fn percent(share: Decimal) -> String {
    let text = readable(share * Decimal::ONE_HUNDRED, 2);
    match text.strip_prefix('≈') {
        Some(rest) => format!("≈+{rest}%"),
        None => format!("+{text}%"),
    }
}

fn effort_cell(w: &AdviceWords, tier: Tier, relative: Option<Decimal>) -> String {
    match relative {
        Some(r) => format!("{}\n{}", tier_word(w, tier), percent(r)),
        None => tier_word(w, tier).to_string(),
    }
}

fn gain_text(gain: Decimal) -> String {
    if gain.is_zero() {
        "±0".to_string()
    } else {
        signed(gain)
    }
}

/// Suggestions with their place (0-based) in the whole list.
type Numbered<'a> = Vec<(usize, &'a Suggestion)>;

/// The suggestions `rows`, each numbered by its place in the whole list: one table per phase.
fn suggestions_table(
    rows: &[(usize, &Suggestion)],
    settings: Settings,
    w: &AdviceWords,
    by_phase: bool,
) -> comfy_table::Table {
    let lang = settings.lang;
    let en = lang == Lang::En;
    let mut table = new_table(vec![
        w.rank, w.figure, w.from, w.to, w.effort, w.gain, w.changes,
    ]);
    right_align(&mut table, &[0, 5]);
    for &(n, s) in rows {
        // A first where any amount earns: "any amount above 0", not US$100 of exports.
        let any = by_phase
            && s.phase == Phase::Check
            && s.tier == Tier::First
            && matches!(s.to, Amount::Number(v) if v < Decimal::ONE);
        let to = if any {
            w.any_amount.to_string()
        } else {
            s.to.display(&s.unit, en)
        };
        let effort = match (by_phase, s.phase, s.tier) {
            (true, Phase::Check, Tier::First) => w.check_first.to_string(),
            (true, Phase::Check, _) => match s.relative_change {
                Some(r) => format!("{}\n{}", w.check_near, percent(r)),
                None => w.check_near.to_string(),
            },
            _ => effort_cell(w, s.tier, s.relative_change),
        };
        table.add_row(vec![
            Cell::new(n + 1),
            Cell::new(format!("{}\n{}", short_title(lang, s), s.key)),
            Cell::new(what_if::shown(&s.from, &s.unit, en, s.given)),
            paint(settings, Cell::new(to), Color::Cyan),
            Cell::new(effort),
            paint(
                settings,
                Cell::new(format!("{}\n→ {}", gain_text(s.gain), plain(s.total_to))),
                Color::Green,
            ),
            Cell::new(changes_cell(lang, w, s, any)),
        ]);
    }
    table
}

fn right_align(table: &mut comfy_table::Table, columns: &[usize]) {
    for &column in columns {
        if let Some(c) = table.column_mut(column) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}

fn risk_table(at_risk: &[Risk], settings: Settings, w: &AdviceWords) -> comfy_table::Table {
    let lang = settings.lang;
    let en = lang == Lang::En;
    let mut table = new_table(vec![
        w.rank,
        w.item,
        w.value,
        w.risk_now,
        w.risk_lost_at,
        w.risk_margin,
        w.risk_lost,
    ]);
    right_align(&mut table, &[0, 5, 6]);
    for (n, r) in at_risk.iter().enumerate() {
        let margin = Amount::Number(r.margin).display(&r.unit, en);
        let margin = match r.margin_relative {
            Some(share) if !r.margin.is_zero() => {
                format!("{margin}\n{}", percent(share).replacen('+', "", 1))
            }
            _ => margin,
        };
        let lost = match r.kind {
            RiskKind::Gate => w.risk_eligibility.to_string(),
            RiskKind::Item if r.total_lost == r.points_lost => {
                format!("{} {}", signed(-r.points_lost), w.points)
            }
            RiskKind::Item => format!(
                "{} {}\n{} {}",
                signed(-r.points_lost),
                w.points,
                w.total,
                signed(-r.total_lost)
            ),
        };
        table.add_row(vec![
            Cell::new(n + 1),
            Cell::new(r.title.pick(lang)),
            Cell::new(&r.key),
            Cell::new(r.value.display(&r.unit, en)),
            paint(
                settings,
                Cell::new(r.lost_at.display(&r.unit, en)),
                Color::Red,
            ),
            Cell::new(margin),
            paint(settings, Cell::new(lost), Color::Red),
        ]);
    }
    table
}

fn plan_table(plan: &Plan, settings: Settings, w: &AdviceWords) -> comfy_table::Table {
    let lang = settings.lang;
    let en = lang == Lang::En;
    let mut table = new_table(vec![
        w.rank,
        w.figure,
        w.from,
        w.to,
        w.effort,
        w.target_after,
    ]);
    right_align(&mut table, &[0, 5]);
    for (n, m) in plan.moves.iter().enumerate() {
        table.add_row(vec![
            Cell::new(n + 1),
            Cell::new(format!("{}\n{}", m.title.pick(lang), m.key)),
            Cell::new(m.from.display(&m.unit, en)),
            paint(settings, Cell::new(m.to.display(&m.unit, en)), Color::Cyan),
            Cell::new(effort_cell(w, m.tier, m.relative_change)),
            Cell::new(plain(m.total_after)),
        ]);
    }
    table
}

fn target_block(
    advice: &Advice,
    plan: &Plan,
    settings: Settings,
    w: &AdviceWords,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (open, close) = brackets(settings.lang);
    writeln!(
        out,
        "{}: {}{open}{} {}{close}",
        w.target_heading,
        plain(plan.target),
        w.now,
        plain(plan.total_from)
    )?;
    if plan.moves.is_empty() && plan.reached {
        return writeln!(out, "{}", w.target_already);
    }
    if !plan.moves.is_empty() {
        writeln!(
            out,
            "{}",
            width::table(
                plan_table(plan, settings, w),
                settings.width,
                &[0, 2, 3, 4, 5]
            )
        )?;
    }
    let sentence = if plan.reached {
        w.target_reached
    } else {
        w.target_unreachable
    };
    writeln!(
        out,
        "{}",
        sentence
            .replace("{n}", &plan.moves.len().to_string())
            .replace("{total}", &plain(plan.total_to))
            .replace("{target}", &plain(plan.target))
            .replace("{max}", &plain(plan.max_total))
    )?;
    if plan.eligible == Some(false) {
        writeln!(out, "{}", w.target_not_eligible)?;
    }
    if !plan.what_if.is_empty() {
        // The command's own `--what-if` overrides come first, unless the plan moves that figure
        // further: `--what-if` takes each figure once.
        let args: Vec<String> = advice
            .assumptions
            .iter()
            .filter(|a| plan.moves.iter().all(|m| m.key != a.key))
            .map(|a| format!("{}={}", a.key, a.to.arg()))
            .chain(plan.what_if.iter().cloned())
            .map(|a| format!("--what-if {a}"))
            .collect();
        let sheet = &advice.sheet;
        let data = if sheet.data.contains(char::is_whitespace) {
            format!("'{}'", sheet.data)
        } else {
            sheet.data.clone()
        };
        writeln!(
            out,
            "{}: score -r {} {data} {}",
            w.target_replay,
            sheet.rubric,
            args.join(" ")
        )?;
    }
    Ok(())
}

/// `score advise` as a terminal table.
pub fn advice_table(advice: &Advice, settings: Settings, out: &mut dyn Write) -> io::Result<()> {
    // Every line of text fits a terminal's width (`wrap` leaves it alone when piped).
    let mut out = width::Wrapping::new(out, settings.width);
    let out = &mut out;
    let w = words(settings.lang);
    advice_heading(advice, settings.lang, w, out)?;
    writeln!(out)?;
    suggestions_block(advice, settings, w, out)?;
    done_and_stuck(advice, settings.lang, w, out)?;
    if !advice.suggestions.is_empty() {
        let order = match advice.order {
            Sort::Effort => w.order_effort,
            Sort::Gain => w.order_gain,
        };
        writeln!(out, "{order}")?;
        writeln!(out, "{}", w.footnote)?;
    }
    writeln!(out)?;
    risk_block(advice, settings, w, out)?;
    if let Some(plan) = &advice.target {
        writeln!(out)?;
        target_block(advice, plan, settings, w, out)?;
    }
    Ok(())
}

fn brackets(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Zh => ("（", "）"),
        Lang::En => (" (", ")"),
    }
}

/// Which sheet this is, what was assumed, the score now and whether it is eligible.
fn advice_heading(
    advice: &Advice,
    lang: Lang,
    w: &AdviceWords,
    out: &mut dyn Write,
) -> io::Result<()> {
    let sheet = &advice.sheet;
    writeln!(
        out,
        "{}  ({}) · {}",
        sheet.title.pick(lang),
        sheet.rubric,
        w.heading
    )?;
    if let Some(company) = &sheet.company {
        writeln!(out, "{}: {company}", w.company)?;
    }
    writeln!(out, "{}: {}", w.data, sheet.data)?;
    for a in &advice.assumptions {
        writeln!(out, "{}: {}", w.assumed, assumption_line(lang, w, a))?;
    }
    let bonus = if sheet.bonus_max.is_zero() {
        String::new()
    } else {
        format!(
            "{}{} {} / {}",
            w.list_sep,
            w.bonus,
            plain(sheet.bonus),
            plain(sheet.bonus_max)
        )
    };
    let (open, close) = brackets(lang);
    writeln!(
        out,
        "{}: {} {}{open}{} {} / {}{bonus}{close}",
        w.now,
        w.total,
        plain(sheet.total),
        w.base,
        plain(sheet.base),
        plain(sheet.base_max),
    )?;
    if let Some(eligible) = sheet.eligible {
        if eligible {
            writeln!(out, "{}: {}", w.gates, w.eligible)?;
        } else {
            writeln!(
                out,
                "{}: {} — {}",
                w.gates,
                w.not_eligible,
                gate_fix(advice, w)
            )?;
        }
    }
    Ok(())
}

/// What the advice can do about the gates an ineligible sheet fails.
fn gate_fix(advice: &Advice, w: &AdviceWords) -> &'static str {
    let first = advice.suggestions.first();
    if first.is_some_and(|s| s.clears_gates) {
        w.gate_first
    } else if first.is_some_and(|s| s.for_gate) {
        w.gate_partial
    } else {
        w.no_gate_fix
    }
}

fn suggestions_block(
    advice: &Advice,
    settings: Settings,
    w: &AdviceWords,
    out: &mut dyn Write,
) -> io::Result<()> {
    if advice.suggestions.is_empty() {
        return writeln!(out, "{}", w.none);
    }
    let numbered: Vec<(usize, &Suggestion)> = advice.suggestions.iter().enumerate().collect();
    // By effort, what a clerk can still check or add comes first, under its own heading,
    // and the rest is headed as planning for the next application.
    let by_phase = advice.order == Sort::Effort;
    let parts: Vec<(Option<&str>, Numbered)> = if by_phase {
        let (check, plan): (Vec<_>, Vec<_>) = numbered
            .into_iter()
            .partition(|(_, s)| s.phase == Phase::Check);
        [(w.check_heading, check), (w.plan_heading, plan)]
            .into_iter()
            .filter(|(_, rows)| !rows.is_empty())
            .map(|(h, rows)| (Some(h), rows))
            .collect()
    } else {
        vec![(None, numbered)]
    };
    for (heading, rows) in parts {
        if let Some(heading) = heading {
            writeln!(out, "{heading}")?;
        }
        writeln!(
            out,
            "{}",
            width::table(
                suggestions_table(&rows, settings, w, by_phase),
                settings.width,
                &[0, 2, 3, 4, 5]
            )
        )?;
    }
    Ok(())
}

/// The items already at their maximum, and those no single raise can help, with why.
fn done_and_stuck(
    advice: &Advice,
    lang: Lang,
    w: &AdviceWords,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (open, close) = brackets(lang);
    if !advice.done.is_empty() {
        let titles: Vec<&str> = advice.done.iter().map(|d| d.title.pick(lang)).collect();
        writeln!(
            out,
            "{}{open}{}{close}: {}",
            w.done,
            advice.done.len(),
            titles.join(w.list_sep)
        )?;
    }
    if advice.stuck.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}:", w.stuck)?;
    for s in &advice.stuck {
        let reason = match &s.reason {
            Reason::NotRaisable { keys } => {
                let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
                w.not_raisable.replace("{keys}", &keys.join(w.list_sep))
            }
            Reason::Unavailable => w.unavailable.to_string(),
            Reason::GroupFull => w.group_full.to_string(),
            Reason::NoSingleRaise => w.no_single_raise.to_string(),
        };
        writeln!(
            out,
            "  · {}{open}{} / {}{close}: {reason}",
            s.title.pick(lang),
            plain(s.points),
            plain(s.max)
        )?;
    }
    Ok(())
}

fn risk_block(
    advice: &Advice,
    settings: Settings,
    w: &AdviceWords,
    out: &mut dyn Write,
) -> io::Result<()> {
    if advice.at_risk.is_empty() {
        return writeln!(out, "{}", w.risk_none);
    }
    writeln!(out, "{}:", w.risk_heading)?;
    writeln!(
        out,
        "{}",
        width::table(
            risk_table(&advice.at_risk, settings, w),
            settings.width,
            &[0, 3, 4, 5, 6]
        )
    )
}

/// `score advise --format json`: `{"suggestions": [...], "at_risk": [...], "target": …}`, the
/// suggestions in ranking order; `target` is null without `--target`.
pub fn advice_json(advice: &Advice, out: &mut dyn Write) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Json<'a> {
        suggestions: &'a [Suggestion],
        at_risk: &'a [Risk],
        target: Option<&'a Plan>,
    }
    let json = Json {
        suggestions: &advice.suggestions,
        at_risk: &advice.at_risk,
        target: advice.target.as_ref(),
    };
    let mut escaped = super::json_writer::SeparatorsEscaped::new(&mut *out);
    serde_json::to_writer_pretty(&mut escaped, &json)?;
    escaped.flush()?;
    writeln!(out)
}

/// The `--what-if` difference, printed under the new score sheet.
pub fn what_if_table(what_if: &WhatIf, settings: Settings, out: &mut dyn Write) -> io::Result<()> {
    let lang = settings.lang;
    let w = words(lang);
    writeln!(out, "{}:", w.what_if)?;
    for a in &what_if.overrides {
        writeln!(out, "  {}", assumption_line(lang, w, a))?;
    }
    let total_after = what_if.total_before + what_if.change;
    writeln!(out, "{}:", w.versus)?;
    let mut table = new_table(vec![w.item, w.value, w.score, w.change]);
    for column in [2, 3] {
        if let Some(c) = table.column_mut(column) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    for c in &what_if.items {
        let (vf, vt) = (c.value_from.get(lang), c.value_to.get(lang));
        let figure = if vf == vt {
            vt.clone()
        } else {
            format!("{vf} → {vt}")
        };
        let change = if c.change.is_zero() {
            Cell::new("±0")
        } else if c.change > Decimal::ZERO {
            paint(settings, Cell::new(signed(c.change)), Color::Green)
        } else {
            paint(settings, Cell::new(signed(c.change)), Color::Red)
        };
        table.add_row(vec![
            Cell::new(c.title.pick(lang)),
            Cell::new(figure),
            Cell::new(format!("{} → {}", plain(c.from), plain(c.to))),
            change,
        ]);
    }
    let change = if what_if.change.is_zero() {
        "±0".to_string()
    } else {
        signed(what_if.change)
    };
    table.add_row(vec![
        paint(settings, Cell::new(w.total), Color::Cyan),
        Cell::new(""),
        Cell::new(format!(
            "{} → {}",
            plain(what_if.total_before),
            plain(total_after)
        )),
        paint(settings, Cell::new(change), Color::Cyan),
    ]);
    writeln!(out, "{}", width::table(table, settings.width, &[2, 3]))?;
    for g in &what_if.gates {
        writeln!(out, "{}: {}", w.gates, gate_line(lang, w, g))?;
    }
    Ok(())
}
