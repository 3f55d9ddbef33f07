//! `--format html`: one self-contained page (inline CSS, no script, nothing fetched) laid out like
//! the official 自评表 of the seed, to print on A4, stamp and scan as the notice asks.
//!
//! The columns follow the table the sheet's rubric prints ([`Form`]): 附件1 一级指标 · 二级指标 ·
//! 权重 · 三级指标 · 得分; 附件2 and 附件4 一级指标 · 二级指标 · 评价标准 · 得分; 附件3 一级指标 · 二级指标 ·
//! 三级指标 · 权重 · 单位 · 基本要求 · 评价结果 (and 得分, so the total adds up on paper). Groups are
//! merged cells (rowspan); then the total, the gates and warnings, and a place for the seal and the
//! date. Several files: one page each. Everything from a file is HTML-escaped.

use std::io::{self, Write};

use rust_decimal::Decimal;

use super::checks;
use super::layout::{self, CategoryView, Form, GroupView};
use super::words::{self, Labels, words};
use super::{Renderer, Settings};
use crate::num::plain;
use crate::sheet::{ItemResult, Lang, Sheet};

pub struct Html {
    settings: Settings,
    started: bool,
}

impl Html {
    pub fn new(settings: Settings) -> Html {
        Html {
            settings,
            started: false,
        }
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Latin fonts put before the Chinese ones for `--lang en`, whose text is mostly Latin.
const LATIN_FONTS: &str =
    "\"Segoe UI\", \"Helvetica Neue\", Arial, \"Liberation Sans\", \"DejaVu Sans\", ";

/// Fonts that carry Chinese on each system, best first: Windows (Microsoft YaHei, SimSun), macOS
/// (PingFang SC, Hiragino Sans GB, Songti SC), Linux (Noto Sans CJK SC / Source Han Sans SC,
/// WenQuanYi), then whatever the browser has.
const FONTS: &str = "\"Microsoft YaHei\", \"微软雅黑\", \"PingFang SC\", \"Hiragino Sans GB\", \
\"Noto Sans CJK SC\", \"Noto Sans SC\", \"Source Han Sans SC\", \"Source Han Sans CN\", \
\"WenQuanYi Micro Hei\", \"WenQuanYi Zen Hei\", \"SimSun\", \"宋体\", \"Songti SC\", sans-serif";

/// Tables with more rows than this are printed in the denser style.
const DENSE_ABOVE_ITEMS: usize = 18;

const CSS: &str = r#"
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html { font-family: FONTS; font-size: 9.5pt; line-height: 1.3; color: #000; background: #e8e8e8; }
body { margin: 0; padding: 8mm 0; }
.sheet { background: #fff; width: 210mm; margin: 0 auto 8mm; padding: 12mm; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
.sheet + .sheet { break-before: page; page-break-before: always; }
.sheet.dense { font-size: 8.5pt; line-height: 1.2; }
.sheet.dense table.form th, .sheet.dense table.form td { padding: .3mm 1mm; }
.sheet.dense table.form thead th { font-size: 8.5pt; }
.sheet.dense .calc { font-size: 7pt; line-height: 1.15; margin-top: 0; }
.sheet.dense h1 { margin: 0 0 1.5mm; font-size: 13pt; }
.sheet.dense .meta { margin: 0 0 1mm; font-size: 9.5pt; }
.sheet.dense .seal { margin-top: 2mm; min-height: 10mm; }
.ref { margin: 0; font-size: 10.5pt; }
h1 { margin: 1mm 0 3mm; text-align: center; font-size: 15pt; font-weight: bold; }
html:lang(zh-CN) h1 { letter-spacing: .08em; }
html:lang(en) table.form { font-size: 8.5pt; }
html:lang(en) table.form thead th { font-size: 8pt; }
.meta { display: flex; justify-content: space-between; gap: 6mm; margin: 0 0 2mm; font-size: 10.5pt; }
.meta span:last-child { white-space: nowrap; }
.meta .blank { display: inline-block; min-width: 40mm; border-bottom: 1px solid #000; }
table.form { width: 100%; border-collapse: separate; border-spacing: 0; table-layout: fixed; border-top: 1px solid #000; border-left: 1px solid #000; }
table.form th, table.form td { border-right: 1px solid #000; border-bottom: 1px solid #000; padding: .5mm 1.2mm; vertical-align: middle; overflow-wrap: break-word; }
table.form thead th { background: #f0f0f0; font-weight: bold; text-align: center; font-size: 9pt; }
table.form thead { display: table-header-group; }
table.form tr { break-inside: avoid; page-break-inside: avoid; }
td.cat, td.grp, td.c { text-align: center; }
td.n { text-align: center; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.n.pts { font-weight: bold; }
.calc { margin-top: .2mm; font-size: 7.5pt; line-height: 1.25; color: #333; }
.calc .missing { color: #a00; }
.ok { color: #060; }
.fail { color: #a00; }
.flag { color: #a00; font-weight: bold; }
.check { border: 1px solid #a00; padding: 0 6px; }
tr.sum th { text-align: right; font-weight: bold; background: #fafafa; }
tr.sum td { text-align: center; font-weight: bold; }
tr.grand th, tr.grand td { font-size: 10.5pt; }
.remarks { margin: 3mm 0 0; font-size: 9pt; }
.remarks p { margin: 1mm 0; }
.remarks ul { margin: .5mm 0 1mm; padding-left: 5mm; }
.seal { display: flex; justify-content: flex-end; gap: 16mm; margin-top: 5mm; min-height: 16mm; font-size: 10.5pt; break-inside: avoid; page-break-inside: avoid; }
.seal p { margin: 0; }
.whatif { margin: 0 0 2mm; padding: 1.5mm 2.5mm; border: 1.5px solid #a00; color: #a00; font-size: 9pt; }
.whatif ul { margin: .5mm 0; padding-left: 5mm; }
@media print {
  html { background: #fff; }
  body { padding: 0; }
  .sheet { width: 210mm; margin: 0; padding: 9mm 14mm 8mm 12mm; box-shadow: none; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
  .seal { margin-top: 3mm; min-height: 8mm; }
  table.form thead th, tr.sum th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

fn head(sheet: &Sheet, settings: Settings) -> String {
    let lang = settings.lang;
    let mut title = sheet.title.pick(lang).to_string();
    if !settings.multiple
        && let Some(company) = &sheet.company
    {
        title = format!("{title} — {company}");
    }
    let html_lang = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"score\">\n<title>{}</title>\n<style>{}</style>\n\
         </head>\n<body>\n",
        escape(&title),
        CSS.replace(
            "FONTS",
            &match lang {
                Lang::Zh => FONTS.to_string(),
                Lang::En => format!("{LATIN_FONTS}{FONTS}"),
            }
        )
    )
}

/// Column widths (percent) and headings of the form.
pub(super) fn columns(form: Form, lang: Lang, w: &Labels) -> Vec<(u32, &'static str)> {
    let en = lang == Lang::En;
    match form {
        Form::Indicators if en => vec![
            (13, w.category),
            (14, w.group),
            (8, w.weight),
            (55, w.indicator),
            (10, w.points),
        ],
        Form::Indicators => vec![
            (6, w.category),
            (7, w.group),
            (6, w.weight),
            (74, w.indicator),
            (7, w.points),
        ],
        Form::Criteria => vec![
            (12, w.category),
            (22, w.group),
            (58, w.criterion),
            (8, w.points),
        ],
        Form::Requirements if en => vec![
            (11, w.category),
            (13, w.group),
            (31, w.indicator),
            (8, w.weight),
            (6, w.unit),
            (10, w.requirement),
            (21, w.result),
        ],
        // As the notice prints 附件3: the table ends at 评价结果, which holds the figure, its
        // verdict and the points; one 总 分 row under it.
        Form::Requirements => vec![
            (5, w.category),
            (7, w.group),
            (41, w.indicator),
            (6, w.weight),
            (6, w.unit),
            (8, w.requirement),
            (27, w.result),
        ],
    }
}

/// A heading with its weight as the table prints it (`运行机制（9分）`), the weight on a line of
/// its own when `own_line`.
fn weighted(title: &str, weight: Option<String>, own_line: bool) -> String {
    match weight {
        Some(weight) => format!(
            "{}{}{}",
            escape(title),
            if own_line { "<br>" } else { "" },
            escape(&weight)
        ),
        None => escape(title),
    }
}

/// The points under 附件3's 评价结果 (`得 15 分`), with the mark of a figure to confirm.
fn result_points(lang: Lang, points: Decimal, flag: &str) -> String {
    let points = plain(points);
    match lang {
        Lang::Zh => format!("<br><b class=\"pts\">得 {points} 分</b>{flag}"),
        Lang::En => format!("<br><b class=\"pts\">{points} points</b>{flag}"),
    }
}

/// The mark on a row whose figure looks wrong and is not confirmed.
fn flag(sheet: &Sheet, item: &ItemResult) -> String {
    match checks::mark(sheet, item) {
        "" => String::new(),
        mark => format!("<span class=\"flag\">{mark}</span>"),
    }
}

impl Html {
    fn words(&self) -> &'static Labels {
        words(self.settings.lang)
    }

    /// What follows a label on the sheet: `：` in Chinese, `: ` in English.
    fn sep(&self) -> &'static str {
        match self.settings.lang {
            Lang::Zh => "：",
            Lang::En => ": ",
        }
    }

    /// The muted line under a row's text: the arithmetic, and under `--explain` where the figure
    /// came from. The 附件3 form's own columns (figure, requirement, 达标) are its arithmetic, so
    /// there (`columns_explain`) the arithmetic shows only when they cannot: no figure to show.
    fn calc(&self, item: &ItemResult, columns_explain: bool) -> String {
        let lang = self.settings.lang;
        let w = self.words();
        let mut lines = Vec::new();
        if self.settings.explain {
            let derivation = item.derivation_text(lang);
            if !derivation.is_empty() {
                lines.push(escape(&derivation));
            }
        }
        // A figure that could not be had for want of data: （未填写） says it all, without the
        // working's key names.
        let unknown = !item.given && (item.value.is_none() || columns_explain);
        if (!columns_explain || item.value.is_none()) && !unknown {
            let working = words::working(lang, &item.explain);
            // `--explain` keeps the exact figures; the plain sheet prints what it shows.
            let working = if self.settings.explain {
                working
            } else {
                printed(&working)
            };
            lines.push(escape(&working));
        }
        if self.settings.explain
            && let Some(note) = item.note_text(lang)
        {
            lines.push(match lang {
                Lang::Zh => format!("{}：{}", w.notes, escape(note)),
                Lang::En => format!("{}: {}", w.notes, escape(note)),
            });
        }
        if !item.given && !columns_explain {
            // On the working's line, not one of its own: a sheet with many missing figures must
            // still fit its page.
            let missing = format!(
                "<span class=\"missing\">{}</span>",
                escape(w.not_given.trim())
            );
            match lines.last_mut() {
                Some(last) => last.push_str(&missing),
                None => lines.push(missing),
            }
        }
        if lines.is_empty() {
            String::new()
        } else {
            format!("<div class=\"calc\">{}</div>", lines.join("<br>"))
        }
    }

    fn rows(&self, sheet: &Sheet, form: Form, out: &mut String) {
        for view in layout::categories(sheet) {
            let groups = &view.groups;
            // 附件1's 加分 and 附件3's 其他 are one group named as their category: one merged cell.
            let merged = groups.len() == 1 && groups[0].group.title.zh == view.category.title.zh;
            for (gn, gv) in groups.iter().enumerate() {
                for (n, item) in gv.items.iter().enumerate() {
                    out.push_str("<tr>");
                    if gn == 0 && n == 0 {
                        self.category_cell(&view, form, merged, out);
                    }
                    if n == 0 {
                        self.group_cells(gv, form, merged, out);
                    }
                    match form {
                        Form::Indicators => self.indicator_cells(item, out),
                        Form::Criteria => self.criterion_cells(item, out),
                        // 附件3's last column is its result, not the points: it ends its own row.
                        Form::Requirements => {
                            self.requirement_cells(sheet, item, out);
                            continue;
                        }
                    }
                    out.push_str(&format!(
                        "<td class=\"n pts\">{}{}</td></tr>\n",
                        plain(item.points),
                        flag(sheet, item)
                    ));
                }
            }
        }
    }

    /// The category's cell, spanning all its rows (and the group column too when `merged`).
    fn category_cell(&self, view: &CategoryView, form: Form, merged: bool, out: &mut String) {
        let category = view.category;
        let category_rows = view.item_count();
        let category_title = category.title.pick(self.settings.lang);
        match form {
            Form::Indicators | Form::Requirements => {
                let span = if merged { " colspan=\"2\"" } else { "" };
                out.push_str(&format!(
                    "<td class=\"cat\" rowspan=\"{category_rows}\"{span}>{}</td>",
                    escape(category_title)
                ));
            }
            Form::Criteria => {
                out.push_str(&format!(
                    "<td class=\"cat\" rowspan=\"{category_rows}\">{}</td>",
                    weighted(
                        category_title,
                        words::category_weight(category, self.settings.lang),
                        true
                    )
                ));
            }
        }
    }

    /// The group's cells, spanning all its rows: its title, and on 附件1 its weight.
    fn group_cells(&self, gv: &GroupView, form: Form, merged: bool, out: &mut String) {
        let group = gv.group;
        if form != Form::Criteria && !merged {
            out.push_str(&format!(
                "<td class=\"grp\" rowspan=\"{}\">{}</td>",
                gv.items.len(),
                escape(group.title.pick(self.settings.lang))
            ));
        }
        if form == Form::Indicators {
            // The notice leaves 加分's 权重 empty: its cap is in its text.
            let weight = match group.weight {
                Some(weight) => plain(weight),
                None if group.bonus => String::new(),
                None => plain(group.max),
            };
            out.push_str(&format!(
                "<td class=\"n\" rowspan=\"{}\">{weight}</td>",
                gv.items.len()
            ));
        }
    }

    fn indicator_cells(&self, item: &ItemResult, out: &mut String) {
        let text = match self.settings.lang {
            Lang::Zh => layout::printed_criterion(item),
            Lang::En => &item.title.en,
        };
        out.push_str(&format!(
            "<td>{}{}</td>",
            escape(text),
            self.calc(item, false)
        ));
    }

    fn criterion_cells(&self, item: &ItemResult, out: &mut String) {
        let lang = self.settings.lang;
        let title = item.title.pick(lang);
        out.push_str(&format!(
            "<td class=\"grp\">{}</td>",
            weighted(
                title,
                Some(
                    (self.words().points_suffix)(&plain(item.max))
                        .trim()
                        .to_string()
                ),
                false,
            )
        ));
        let text = match lang {
            Lang::Zh => escape(layout::criterion(item)),
            Lang::En => String::new(),
        };
        out.push_str(&format!("<td>{text}{}</td>", self.calc(item, false)));
    }

    /// An 附件3 row from the item on: requirement, weight, unit, figure, verdict and points.
    fn requirement_cells(&self, sheet: &Sheet, item: &ItemResult, out: &mut String) {
        let lang = self.settings.lang;
        let w = self.words();
        out.push_str(&format!(
            "<td>{}{}</td>",
            escape(item.title.pick(lang)),
            self.calc(item, true)
        ));
        let weight = if item.bonus {
            format!("≤{}", plain(item.max))
        } else {
            plain(item.max)
        };
        let (verdict, class) = match item.passed {
            Some(true) => (w.met, "ok"),
            _ => (w.not_met, "fail"),
        };
        out.push_str(&format!(
            "<td class=\"n\">{weight}</td><td class=\"c\">{}</td>\
             <td class=\"n\">{}</td><td class=\"c\">{} \
             <span class=\"{class}\">{verdict}</span>{}</td></tr>\n",
            escape(&item.unit),
            escape(item.requirement.as_deref().unwrap_or_default()),
            // 附件3's result column says （未填写） itself: no extra line.
            if item.given {
                escape(&printed(item.value_display.pick(lang)))
            } else {
                format!(
                    "<span class=\"missing\">{}</span>",
                    escape(w.not_given.trim())
                )
            },
            result_points(lang, item.points, &flag(sheet, item)),
        ));
    }

    fn totals(&self, sheet: &Sheet, form: Form, span: usize, out: &mut String) {
        let rows = layout::total_rows(sheet, self.settings.lang);
        if form == Form::Requirements {
            for (label, points) in rows {
                out.push_str(&format!(
                    "<tr class=\"sum grand\"><th colspan=\"{span}\">{label}</th><td class=\"c\">{}</td></tr>\n",
                    plain(points)
                ));
            }
            return;
        }
        let last = rows.len() - 1;
        for (i, (label, points)) in rows.into_iter().enumerate() {
            let class = if i == last { "sum grand" } else { "sum" };
            out.push_str(&format!(
                "<tr class=\"{class}\"><th colspan=\"{span}\">{}</th><td>{}</td></tr>\n",
                escape(&label),
                plain(points)
            ));
        }
    }

    /// The banner of a sheet scored on assumed figures: each figure as assumed and as it was,
    /// and the total before.
    fn what_if_banner(&self, sheet: &Sheet, out: &mut String) {
        let Some(what_if) = &sheet.what_if else {
            return;
        };
        let lang = self.settings.lang;
        let w = self.words();
        let sep = self.sep();
        out.push_str(&format!(
            "<div class=\"whatif\"><b>{}</b><ul>",
            escape(w.what_if_banner)
        ));
        for (key, to, from) in words::assumptions(sheet, lang) {
            out.push_str(&format!(
                "<li><code>{}</code> = {}{}</li>",
                escape(&key),
                escape(&to),
                escape(&words::was(lang, &from))
            ));
        }
        out.push_str(&format!(
            "</ul>{}{sep}{}</div>\n",
            w.total_before,
            plain(what_if.total_before)
        ));
    }

    /// The company and the year the sheet names, each a blank to fill in by hand when not given.
    fn company_and_year(&self, sheet: &Sheet, out: &mut String) {
        let w = self.words();
        let sep = self.sep();
        let company = match &sheet.company {
            Some(company) => format!("<b>{}</b>", escape(company)),
            None => "<span class=\"blank\"></span>".into(),
        };
        let year = match sheet.year {
            Some(year) => format!("{year}{}", w.year_suffix),
            None => "<span class=\"blank\"></span>".into(),
        };
        out.push_str(&format!(
            "<div class=\"meta\"><span>{}{sep}{company}</span><span>{}{sep}{year}</span></div>\n",
            w.company, w.year
        ));
    }

    /// The form itself: its columns as `form` prints them, the rows and the totals.
    fn form_table(&self, sheet: &Sheet, form: Form, out: &mut String) {
        let columns = columns(form, self.settings.lang, self.words());
        out.push_str("<table class=\"form\">\n<colgroup>");
        for (width, _) in &columns {
            out.push_str(&format!("<col style=\"width:{width}%\">"));
        }
        out.push_str("</colgroup>\n<thead><tr>");
        for (_, heading) in &columns {
            out.push_str(&format!("<th>{heading}</th>"));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        self.rows(sheet, form, out);
        self.totals(sheet, form, columns.len() - 1, out);
        out.push_str("</tbody>\n</table>\n");
    }

    fn remarks(&self, sheet: &Sheet, out: &mut String) {
        let lang = self.settings.lang;
        let w = self.words();
        let sep = self.sep();
        let mut body = String::new();
        if let Some(eligible) = sheet.eligible {
            let (verdict, class) = if eligible {
                (w.eligible, "ok")
            } else {
                (w.not_eligible, "fail")
            };
            body.push_str(&format!(
                "<p><b>{}{sep}<span class=\"{class}\">{verdict}</span></b></p>\n<ul>\n",
                w.gates
            ));
            for gate in &sheet.gates {
                let (mark, class) = if gate.passed {
                    ("✓", "ok")
                } else {
                    ("✗", "fail")
                };
                body.push_str(&format!(
                    "<li><span class=\"{class}\">{mark}</span> {}{sep}{}</li>\n",
                    escape(gate.title.pick(lang)),
                    escape(&titled(
                        &sheet.rubric,
                        lang,
                        &printed(gate.detail.pick(lang))
                    ))
                ));
            }
            body.push_str("</ul>\n");
        }
        // A figure that looks wrong is on paper until it is fixed or confirmed (数据待核实), and
        // one confirmed says so (已核实). Other warnings and notes are the program's words about
        // the file: they stay on stderr and in JSON, and a missing figure's row says （未填写）.
        let unconfirmed = checks::lines(sheet, false, lang);
        if !unconfirmed.is_empty() {
            body.push_str(&format!(
                "<div class=\"check\"><p><b>{}</b></p>\n<ul>\n",
                escape(checks::heading(lang))
            ));
            for note in &unconfirmed {
                body.push_str(&format!("<li>{}</li>\n", escape(note)));
            }
            body.push_str("</ul></div>\n");
        }
        let confirmed = checks::lines(sheet, true, lang);
        if !confirmed.is_empty() {
            body.push_str(&format!(
                "<p><b>{}</b></p>\n<ul>\n",
                escape(checks::confirmed_heading(lang))
            ));
            for note in &confirmed {
                body.push_str(&format!("<li>{}</li>\n", escape(note)));
            }
            body.push_str("</ul>\n");
        }
        if !body.is_empty() {
            out.push_str(&format!("<div class=\"remarks\">\n{body}</div>\n"));
        }
    }
}

impl Renderer for Html {
    fn sheet(&mut self, sheet: &Sheet, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            out.write_all(head(sheet, self.settings).as_bytes())?;
        }
        let lang = self.settings.lang;
        let w = self.words();
        let sep = self.sep();
        let form = layout::form(sheet);
        // A long table (附件2, 附件3: over eighteen rows) is set a little tighter, so the stamped
        // sheet stays one A4 page.
        let mut page = String::from(if sheet.items.len() > DENSE_ABOVE_ITEMS {
            "<section class=\"sheet dense\">\n"
        } else {
            "<section class=\"sheet\">\n"
        });
        if !sheet.source_ref.is_empty() {
            page.push_str(&format!(
                "<p class=\"ref\">{}</p>\n",
                escape(&sheet.source_ref)
            ));
        }
        page.push_str(&format!("<h1>{}</h1>\n", escape(sheet.title.pick(lang))));
        // A sheet scored on assumed figures must not pass for the applicant's own: say so first.
        self.what_if_banner(sheet, &mut page);
        self.company_and_year(sheet, &mut page);
        self.form_table(sheet, form, &mut page);
        self.remarks(sheet, &mut page);
        page.push_str(&format!(
            "<div class=\"seal\"><p>{}{sep}</p><p>{}{sep}{}</p></div>\n",
            w.seal,
            w.date,
            match lang {
                Lang::Zh => format!("　　　　{}", w.date_blank),
                Lang::En => String::new(),
            }
        ));
        // Nothing but the form on paper: who computed it is a comment, never printed (and no file
        // path: it says nothing to the reader and may name a private folder).
        page.push_str(&format!(
            "<!-- {} · {} -->\n</section>\n",
            w.generated,
            escape(&sheet.rubric).replace("--", "- -")
        ));
        out.write_all(page.as_bytes())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.started {
            out.write_all(b"</body>\n</html>\n")?;
        }
        Ok(())
    }
}

/// A gate's or a check's wording for paper: a data key in backticks (`` `main_revenue` ``, as
/// the engine names a figure) becomes the figure's title in the sheet's table (主营业务收入); a
/// key of no built-in table loses its backticks. The clerk reads titles, not keys.
pub fn titled(rubric: &str, lang: Lang, text: &str) -> String {
    let table = crate::data::which::builtin(rubric);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        let key = &rest[open + 1..open + 1 + len];
        out.push_str(&rest[..open]);
        let title = table.and_then(|t| {
            let input = t
                .input(key)
                .map(|(_, input)| lang.pick(&input.title, &input.title_en));
            let derived = || {
                t.derived
                    .iter()
                    .find(|d| *d.key == *key)
                    .map(|d| lang.pick(&d.title, &d.title_en))
            };
            input.or_else(derived).map(str::to_string)
        });
        out.push_str(title.as_deref().unwrap_or(key));
        rest = &rest[open + len + 2..];
    }
    out.push_str(rest);
    out
}

/// Text for paper: every `≈x` figure (a ratio rounded for reading) printed as `x` rounded to
/// 0.01, as the sheet shows it, with no `≈`. `--explain`'s working keeps the exact figure.
pub fn printed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('≈') {
        out.push_str(&rest[..at]);
        rest = &rest[at + '≈'.len_utf8()..];
        let end = rest
            .char_indices()
            .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && *c == '-')))
            .map_or(rest.len(), |(i, _)| i);
        match rest[..end].parse::<Decimal>() {
            Ok(value) => out.push_str(&crate::sheet::round_half_up(value)),
            Err(_) => out.push_str(&rest[..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, printed};

    #[test]
    fn paper_has_no_approximation_sign() {
        assert_eq!(printed("≈2.9167%"), "2.92%");
        assert_eq!(printed("≈28.6667万元/人 ≥ 10"), "28.67万元/人 ≥ 10");
        assert_eq!(printed("≈-0.125 and 3"), "-0.13 and 3");
        assert_eq!(printed("2.5% ≥ 2%"), "2.5% ≥ 2%");
    }

    #[test]
    fn escape_covers_content_and_attributes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("武威示例"), "武威示例");
    }
}
