//! `--format html`: one self-contained page (inline CSS, no script, nothing fetched) with one A4
//! page per applicant, printed as the sheet prints (`@page` margins of 0, the margins inside the
//! page, so a browser's defaults add no header or footer). Everything from a file is escaped.

use std::io::{self, Write};

use super::ChecklistRenderer;
use super::words::{self, words};
use crate::checklist::Checklist;
use crate::render::html::escape;
use crate::sheet::Lang;

pub struct Html {
    lang: Lang,
}

impl Html {
    pub fn new(lang: Lang) -> Html {
        Html { lang }
    }
}

/// Checklists with more rows than this are printed in the denser style, to keep one page.
const DENSE_ABOVE_ROWS: usize = 16;

const CSS: &str = r#"
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html { font-family: "Microsoft YaHei", "微软雅黑", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "SimSun", "宋体", sans-serif; font-size: 9pt; line-height: 1.3; color: #000; background: #e8e8e8; }
body { margin: 0; padding: 8mm 0; }
.page { background: #fff; width: 210mm; margin: 0 auto 8mm; padding: 12mm; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
.page + .page { break-before: page; page-break-before: always; }
.page.dense { font-size: 7.8pt; line-height: 1.15; }
.page.dense td, .page.dense th { padding: .2mm .8mm; }
.page.dense h1 { margin: 0 0 .5mm; font-size: 13pt; }
.page.dense .table-name { margin: 0 0 1mm; }
.ref { margin: 0; font-size: 10pt; }
h1 { margin: 1mm 0 1mm; text-align: center; font-size: 15pt; }
.table-name { margin: 0 0 2mm; text-align: center; font-size: 10.5pt; }
.meta { display: flex; justify-content: space-between; gap: 6mm; margin: 0 0 1.5mm; font-size: 10pt; }
.meta span { white-space: nowrap; }
.meta span:first-child { white-space: normal; flex: 1; }
.note { margin: 0 0 2mm; font-size: 9pt; }
.note strong { border: 1px solid #000; padding: 0 4px; font-weight: bold; }
table.list { width: 100%; border-collapse: separate; border-spacing: 0; table-layout: fixed; border-top: 1px solid #000; border-left: 1px solid #000; }
table.list th, table.list td { border-right: 1px solid #000; border-bottom: 1px solid #000; padding: .5mm 1.2mm; vertical-align: middle; overflow-wrap: break-word; }
table.list thead th { background: #f0f0f0; text-align: center; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
table.list thead { display: table-header-group; }
table.list tr { break-inside: avoid; page-break-inside: avoid; }
td.c { text-align: center; }
td.n { text-align: center; white-space: nowrap; font-variant-numeric: tabular-nums; }
.flag { color: #a00; font-weight: bold; }
.nothing { margin: 6mm 0; padding: 3mm; border: 1px solid #000; font-size: 10.5pt; }
.unmet { margin: 2mm 0 0; }
@media print {
  html { background: #fff; }
  body { padding: 0; }
  .page { margin: 0; padding: 10mm 12mm 8mm 12mm; box-shadow: none; }
}
"#;

fn head(lang: Lang) -> String {
    let (html_lang, title) = match lang {
        Lang::Zh => ("zh-CN", words(lang).heading),
        Lang::En => ("en", words(lang).heading),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"score\">\n<title>{title}</title>\n<style>{CSS}</style>\n\
         </head>\n<body>\n"
    )
}

/// Column widths (percent), in the order of the header.
const WIDTHS: [u32; 7] = [5, 7, 20, 16, 8, 36, 8];

impl Html {
    fn rows(&self, c: &Checklist, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.lang;
        let w = words(lang);
        writeln!(out, "<table class=\"list\">\n<colgroup>")?;
        for width in WIDTHS {
            writeln!(out, "<col style=\"width:{width}%\">")?;
        }
        writeln!(out, "</colgroup>\n<thead><tr>")?;
        for heading in [
            w.number, w.kind, w.item, w.figure, w.points, w.evidence, w.pages,
        ] {
            write!(out, "<th>{heading}</th>")?;
        }
        writeln!(out, "</tr></thead>\n<tbody>")?;
        for (n, row) in c.rows.iter().enumerate() {
            let mut figure = escape(row.figure(lang));
            if row.unconfirmed {
                figure.push_str(&format!(
                    "<br><span class=\"flag\">{}</span>",
                    w.unconfirmed
                ));
            }
            writeln!(
                out,
                "<tr><td class=\"n\">{}</td><td class=\"c\">{}</td><td>{}</td><td>{figure}</td>\
                 <td class=\"n\">{}</td><td>{}</td><td></td></tr>",
                n + 1,
                words::kind(row, w),
                escape(row.title(lang)),
                escape(&words::points(row, w)),
                escape(&row.evidence(lang, "\n")).replace('\n', "<br>"),
            )?;
        }
        writeln!(out, "</tbody>\n</table>")
    }
}

impl ChecklistRenderer for Html {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(head(self.lang).as_bytes())
    }

    fn checklist(&mut self, c: &Checklist, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.lang;
        let w = words(lang);
        let dense = if c.rows.len() > DENSE_ABOVE_ROWS {
            " dense"
        } else {
            ""
        };
        writeln!(out, "<section class=\"page{dense}\">")?;
        if !c.source_ref.is_empty() {
            writeln!(out, "<p class=\"ref\">{}</p>", escape(&c.source_ref))?;
        }
        writeln!(out, "<h1>{}</h1>", w.heading)?;
        writeln!(
            out,
            "<p class=\"table-name\">{}</p>",
            escape(c.title.pick(lang))
        )?;
        let meta: Vec<String> = words::meta(c, lang)
            .iter()
            .map(|m| format!("<span>{}</span>", escape(m)))
            .collect();
        writeln!(out, "<div class=\"meta\">{}</div>", meta.join(""))?;
        writeln!(
            out,
            "<p class=\"note\"><strong>{}</strong> {}</p>",
            w.reference,
            if c.rows.is_empty() { "" } else { w.how }
        )?;
        if c.rows.is_empty() {
            writeln!(out, "<p class=\"nothing\">{}</p>", w.nothing)?;
        } else {
            self.rows(c, out)?;
        }
        if let Some(unmet) = words::unmet(c, lang) {
            writeln!(out, "<p class=\"unmet\">{}</p>", escape(&unmet))?;
        }
        writeln!(out, "</section>")
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"</body>\n</html>\n")
    }
}
