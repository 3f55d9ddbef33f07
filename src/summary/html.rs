//! The summary as the county bureau sends it: 申报企业汇总表 printed on A4 landscape, the
//! bureau's name (`--issuer`), a numbered table whose header repeats on every page, one column
//! per figure the rubric's gates read, up to 25 applicants a page, a failed file's reason as a
//! numbered note under the table, the 报送单位（盖章）and 日期 line, and 第 N 页 at the foot of
//! every page. A whole page alone (`--summary`); a `<section>` inside the sheets' page otherwise,
//! printed on its own landscape pages (a named `@page`).

use std::io::{self, Write};

use super::{
    Column, Placement, Summary, cell, columns, counts, file_name, header, title, unread, words,
};
use crate::render::html::escape;
use crate::sheet::Lang;

/// The summary's own pages. Borders are 1px solid black: a hairline vanishes at 600 dpi.
const CSS: &str = r#"
@page summary { size: A4 landscape; margin: 12mm 12mm 14mm;
  @bottom-center { content: "PAGE_BEFORE" counter(page) "PAGE_AFTER"; font-size: 9pt; } }
section.summary { page: summary; break-before: page; font-size: 9.5pt; line-height: 1.2; color: #000; }
section.summary:first-child { break-before: auto; }
section.summary h1 { margin: 0 0 1mm; text-align: center; font-size: 15pt; letter-spacing: .1em; }
section.summary .sub { margin: 0 0 2mm; text-align: center; font-size: 10.5pt; }
section.summary .issuer { margin: 0 0 1.5mm; font-size: 10.5pt; }
table.summary { width: 100%; border-collapse: separate; border-spacing: 0; border-top: 1px solid #000; border-left: 1px solid #000; }
table.summary th, table.summary td { border-right: 1px solid #000; border-bottom: 1px solid #000; padding: .5mm 1.5mm; vertical-align: middle; }
table.summary thead { display: table-header-group; }
table.summary th { font-weight: bold; text-align: center; }
table.summary tr { break-inside: avoid; page-break-inside: avoid; }
table.summary td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.summary td.c { text-align: center; white-space: nowrap; }
table.summary .name { min-width: 9em; }
section.summary .counts { margin: 1.5mm 0 0; }
section.summary ol.notes { margin: 1mm 0 0; padding-left: 7mm; font-size: 9.5pt; }
section.summary .seal { display: flex; justify-content: space-between; margin-top: 5mm; font-size: 10.5pt; break-inside: avoid; page-break-inside: avoid; }
section.summary .seal p { margin: 0; }
"#;

pub fn write(
    lang: Lang,
    summaries: &[Summary],
    placement: Placement,
    out: &mut dyn Write,
) -> io::Result<()> {
    let alone = placement == Placement::Alone;
    let (before, after) = match lang {
        Lang::Zh => ("第 ", " 页"),
        Lang::En => ("Page ", ""),
    };
    let css = CSS
        .replace("PAGE_BEFORE", before)
        .replace("PAGE_AFTER", after);
    if alone {
        let code = match lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        };
        let page_title = summaries
            .first()
            .map(|s| escape(&title(lang, s)))
            .unwrap_or_default();
        writeln!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{page_title}</title>\n<style>\n\
             html {{ font-family: \"Microsoft YaHei\", \"PingFang SC\", \"Noto Sans CJK SC\", \
             \"Source Han Sans SC\", \"WenQuanYi Micro Hei\", \"SimSun\", sans-serif; }}\n\
             body {{ margin: 0; }}{css}</style>\n</head>\n<body>"
        )?;
    } else {
        writeln!(out, "<style>{css}</style>")?;
    }
    for summary in summaries {
        section(lang, summary, out)?;
    }
    if alone {
        writeln!(out, "</body>\n</html>")?;
    }
    Ok(())
}

fn section(lang: Lang, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let w = words(lang);
    let sep = match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    };
    writeln!(
        out,
        "<section class=\"summary\">\n<h1>{}</h1>",
        escape(w.heading)
    )?;
    let mut sub = lang.pick(&summary.title, &summary.title_en).to_string();
    if let Some(year) = summary.year {
        sub.push_str(&match lang {
            Lang::Zh => format!(" · {year}年"),
            Lang::En => format!(" · {year}"),
        });
    }
    writeln!(out, "<p class=\"sub\">{}</p>", escape(&sub))?;
    let issuer = summary.issuer.as_deref().map(escape).unwrap_or_default();
    let sender = match lang {
        Lang::Zh => "报送单位",
        Lang::En => "Submitted by",
    };
    if !issuer.is_empty() {
        writeln!(out, "<p class=\"issuer\">{sender}{sep}{issuer}</p>")?;
    }

    let columns: Vec<Column> = columns(summary, false)
        .into_iter()
        .filter(|c| !matches!(c, Column::Data | Column::Warnings))
        .collect();
    write!(out, "<table class=\"summary\">\n<thead><tr>")?;
    for &column in &columns {
        let class = if column == Column::Company {
            " class=\"name\""
        } else {
            ""
        };
        write!(
            out,
            "<th{class}>{}</th>",
            escape(&header(lang, summary, column))
        )?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    let mut notes = Vec::new();
    for (n, ranked) in summary.ranked().iter().enumerate() {
        write!(out, "<tr>")?;
        for &column in &columns {
            let mut text =
                cell(lang, summary, n + 1, &ranked, column).unwrap_or_else(|| "—".into());
            if column == Column::Company && ranked.row.company().is_none() {
                // No name to show: the file's name (never its path) says which one it is.
                text = file_name(ranked.row.data()).to_string();
            }
            if column == Column::Remarks
                && let Some(failure) = ranked.row.failure()
            {
                notes.push((
                    file_name(ranked.row.data()).to_string(),
                    failure.code.clone().unwrap_or_default(),
                    failure.error.clone(),
                ));
                let note = notes.len();
                text = match lang {
                    Lang::Zh => format!("{}（见注{note}）", w.not_scored),
                    Lang::En => format!("{} (note {note})", w.not_scored),
                };
                if ranked.row.duplicate {
                    text.push_str(&format!("；{}", w.duplicate));
                }
            }
            let class = match column {
                Column::Company => " class=\"name\"",
                Column::Eligible => " class=\"c\"",
                c if c.numeric() => " class=\"n\"",
                _ => "",
            };
            write!(out, "<td{class}>{}</td>", escape(&text))?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>")?;
    writeln!(
        out,
        "<p class=\"counts\">{}</p>",
        escape(&counts(lang, summary))
    )?;
    if let Some(unread) = unread(lang, summary) {
        writeln!(out, "<p class=\"unread\">{}</p>", escape(&unread))?;
    }
    if !notes.is_empty() {
        let heading = match lang {
            Lang::Zh => "注：",
            Lang::En => "Notes:",
        };
        writeln!(
            out,
            "<p class=\"counts\">{heading}</p>\n<ol class=\"notes\">"
        )?;
        for (file, code, error) in &notes {
            let text = match lang {
                Lang::Zh => format!("{file}：{}，未能评分。详情：{error}", reason(code)),
                Lang::En => format!("{file}: not scored. {error}"),
            };
            writeln!(out, "<li>{}</li>", escape(&paperless(&text, file)))?;
        }
        writeln!(out, "</ol>")?;
    }
    let (seal, date, blank) = match lang {
        Lang::Zh => ("报送单位（盖章）", "日期", "　　　　年　　月　　日"),
        Lang::En => ("Submitted by (seal)", "Date", ""),
    };
    writeln!(
        out,
        "<div class=\"seal\"><p>{seal}{sep}{issuer}</p><p>{date}{sep}{blank}</p></div>\n</section>"
    )?;
    Ok(())
}

/// Why a file failed, in Chinese words a bureau can act on, by the error's code; the message
/// itself follows in the note.
fn reason(code: &str) -> &'static str {
    match code {
        "syntax" | "duplicate-key" => "文件格式有误（不是有效的 TOML）",
        "encoding" => "文件编码不是 UTF-8",
        "io" => "无法读取文件",
        "unknown-key" => "含有本表没有的数据项",
        "wrong-rubric" => "文件写明的评分表与本次所用的不符",
        "no-rubric" => "文件没有写明按哪张表评分",
        "unknown-rubric" => "文件写明的评分表不存在",
        "missing-key" => "缺少必填数据",
        "no-data" | "no-match" => "没有找到数据文件",
        _ => "所填数据有误",
    }
}

/// An error's place `(dir/file.toml:3:1)` as `(file.toml:3:1)`: no path goes on paper.
fn paperless(text: &str, file: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('(') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        if let Some(end) = rest.find(')') {
            let inside = &rest[..end];
            if let Some(place) = inside.find(file)
                && place > 0
            {
                out.push_str(&inside[place..]);
                rest = &rest[end..];
                continue;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::paperless;

    #[test]
    fn an_error_place_loses_its_folders() {
        assert_eq!(
            paperless("bad (data/x/a.toml:3:1) (+1 more)", "a.toml"),
            "bad (a.toml:3:1) (+1 more)"
        );
        assert_eq!(paperless("bad (a.toml:3:1)", "a.toml"), "bad (a.toml:3:1)");
    }
}
