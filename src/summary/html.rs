//! The summary as the county bureau sends it: the notice's 汇总表 for the table (申报企业汇总表,
//! 行业技术中心申报名单汇总表 or 申报单位汇总表) with the table's name under it, printed on A4
//! landscape: the bureau's name (`--issuer`), a numbered table whose header repeats on every
//! page, one column per figure the rubric's gates read, the 报送单位（盖章）and 日期 lines on the
//! last page (never alone: the last page always holds rows), and 第 N 页 共 M 页 at the foot of
//! every page, counted per table. The pages are laid out here, a fixed A4 box each, rather than
//! by the browser, so the numbers are right in every browser and `@page` margins of 0 leave no
//! room for a browser's own header and footer. Files that could not be scored or were not read
//! follow on a page of their own, 未能评分的文件（不随汇总表报送）, worded for a clerk, with no seal
//! line. A whole page alone (`--summary`); `<section>`s inside the sheets' page otherwise.

use std::io::{self, Write};

use super::{Column, Placement, Ranked, Summary, cell, columns, counts, file_name, header};
use crate::render::html::escape;
use crate::sheet::Lang;

/// The summary's own pages. Borders are 1px solid black: a hairline vanishes at 600 dpi.
const CSS: &str = r#"
@page summary { size: A4 landscape; margin: 0; }
section.summary { page: summary; break-before: page; font-size: 9.5pt; line-height: 1.2; color: #000; }
section.summary:first-child { break-before: auto; }
section.summary .page { position: relative; box-sizing: border-box; width: 297mm; height: 209mm; padding: 12mm 14mm 14mm; break-after: page; page-break-after: always; }
section.summary:last-of-type .page:last-child { break-after: auto; page-break-after: auto; }
section.summary h1 { margin: 0 0 1mm; text-align: center; font-size: 15pt; letter-spacing: .1em; }
section.summary h2 { margin: 0 0 3mm; text-align: center; font-size: 13pt; }
section.summary .sub { margin: 0 0 2mm; text-align: center; font-size: 10.5pt; }
section.summary .issuer { margin: 0 0 1.5mm; font-size: 10.5pt; }
table.summary { width: 100%; border-collapse: separate; border-spacing: 0; border-top: 1px solid #000; border-left: 1px solid #000; }
table.summary th, table.summary td { border-right: 1px solid #000; border-bottom: 1px solid #000; padding: .5mm 1.5mm; vertical-align: middle; }
table.summary th { font-weight: bold; text-align: center; }
table.summary td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.summary td.c { text-align: center; white-space: nowrap; }
table.summary .name { width: 62mm; }
table.summary.wide .name { width: 100mm; }
section.summary .counts { margin: 1.5mm 0 0; }
section.summary ol.notes { margin: 1mm 0 0; padding-left: 7mm; font-size: 10.5pt; line-height: 1.5; }
section.summary .seal { display: flex; justify-content: space-between; margin-top: 5mm; font-size: 10.5pt; }
section.summary .seal p { margin: 0; }
section.summary .folio { position: absolute; left: 0; right: 0; bottom: 6mm; margin: 0; text-align: center; font-size: 9pt; }
"#;

/// Height budget of a page's rows and header row, in tenths of a millimetre: the A4 landscape
/// page (209 mm) less its margins (26 mm) and the title (about 20 mm). The last page keeps
/// [`SEAL`] for the count line and the seal lines. The estimates err high: a page that still
/// overflows spills onto another page, it never clips a row.
const BODY: u32 = 1560;
const SEAL: u32 = 160;
/// The header row: one line without figure columns, up to four with them (long titles wrap).
const HEAD: u32 = 60;
const HEAD_FIGURES: u32 = 160;
/// The name column holds about this many CJK characters a line at 9.5 pt: 62 mm beside the
/// figure columns, 100 mm without them.
const NAME_LINE: usize = 17;
const NAME_LINE_WIDE: usize = 28;

pub fn write(
    lang: Lang,
    summaries: &[Summary],
    placement: Placement,
    out: &mut dyn Write,
) -> io::Result<()> {
    let alone = placement == Placement::Alone;
    if alone {
        let code = match lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        };
        let page_title = summaries
            .first()
            .map(|s| escape(&super::title(lang, s)))
            .unwrap_or_default();
        writeln!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"generator\" content=\"score\">\n\
             <title>{page_title}</title>\n<style>\n\
             @page {{ size: A4 landscape; margin: 0; }}\n\
             html {{ font-family: \"Microsoft YaHei\", \"PingFang SC\", \"Noto Sans CJK SC\", \
             \"Source Han Sans SC\", \"WenQuanYi Micro Hei\", \"SimSun\", sans-serif; }}\n\
             body {{ margin: 0; }}{CSS}</style>\n</head>\n<body>"
        )?;
    } else {
        writeln!(out, "<style>{CSS}</style>")?;
    }
    for summary in summaries {
        section(lang, summary, out)?;
    }
    if alone {
        writeln!(out, "</body>\n</html>")?;
    }
    Ok(())
}

/// The estimated height of a row, in tenths of a millimetre: its name's lines.
fn row_height(ranked: &Ranked<'_>, per_line: usize) -> u32 {
    let name = ranked
        .row
        .company()
        .unwrap_or_else(|| file_name(ranked.row.data()));
    let width: usize = name.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    let lines = width.div_ceil(per_line * 2).clamp(1, 8);
    // 9.5 pt at 1.2 line height is 4.0 mm a line; padding and border add 1.2 mm.
    u32::try_from(lines).unwrap_or(8) * 41 + 12
}

/// The scored rows cut into pages: each page's rows fit [`BODY`], and the last page also fits
/// [`SEAL`] and holds at least one row (so the seal lines never stand alone).
fn paginate(heights: &[u32], head: u32) -> Vec<std::ops::Range<usize>> {
    let body = BODY - head;
    let mut pages = Vec::new();
    let mut start = 0;
    let mut used = 0;
    for (n, &h) in heights.iter().enumerate() {
        if used + h > body && n > start {
            pages.push(start..n);
            start = n;
            used = 0;
        }
        used += h;
    }
    // The last page must leave room for the seal: move its first rows to a page of their own,
    // keeping at least one row with the seal.
    let mut last = start..heights.len();
    let rest: u32 = heights[last.clone()].iter().sum();
    if rest + SEAL > body && last.len() > 1 {
        let mut cut = last.start;
        let mut tail: u32 = rest;
        while tail + SEAL > body && cut + 1 < last.end {
            tail -= heights[cut];
            cut += 1;
        }
        pages.push(last.start..cut);
        last = cut..last.end;
    }
    pages.push(last);
    pages
}

fn section(lang: Lang, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let ranking = summary.ranked();
    let scored: Vec<Ranked<'_>> = ranking.iter().filter(|r| r.rank.is_some()).collect();
    let failed: Vec<Ranked<'_>> = ranking.iter().filter(|r| r.rank.is_none()).collect();
    let wide = summary.figures.is_empty();
    let (per_line, head) = if wide {
        (NAME_LINE_WIDE, HEAD)
    } else {
        (NAME_LINE, HEAD_FIGURES)
    };
    let heights: Vec<u32> = scored.iter().map(|r| row_height(r, per_line)).collect();
    let pages = paginate(&heights, head);
    let columns: Vec<Column> = columns(summary, false)
        .into_iter()
        .filter(|c| !matches!(c, Column::Data | Column::Warnings))
        .collect();
    writeln!(out, "<section class=\"summary\">")?;
    // A table of files that all failed (or whose table is unknown) has nothing to send: only
    // the page of files that could not be scored.
    let nothing_to_send = scored.is_empty() && !failed.is_empty();
    let pages = if nothing_to_send { Vec::new() } else { pages };
    let count = pages.len();
    for (n, page) in pages.iter().enumerate() {
        writeln!(out, "<div class=\"page\">")?;
        heading(lang, summary, n == 0, out)?;
        table_head(lang, summary, &columns, wide, out)?;
        for i in page.clone() {
            table_row(lang, summary, i + 1, &scored[i], &columns, out)?;
        }
        writeln!(out, "</tbody>\n</table>")?;
        if n + 1 == count {
            writeln!(
                out,
                "<p class=\"counts\">{}</p>",
                escape(&counts(lang, summary))
            )?;
            seal(lang, summary, out)?;
        }
        folio(lang, n + 1, count, out)?;
        writeln!(out, "</div>")?;
    }
    if !failed.is_empty() || !summary.unread.is_empty() {
        not_scored_page(lang, summary, &failed, out)?;
    }
    writeln!(out, "</section>")
}

/// The notice's title for the table, the table's name under it, the issuer on the first page.
fn heading(lang: Lang, summary: &Summary, first: bool, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<h1>{}</h1>",
        escape(super::table_heading(lang, summary))
    )?;
    let mut sub = lang.pick(&summary.title, &summary.title_en).to_string();
    if let Some(year) = summary.year {
        sub.push_str(&match lang {
            Lang::Zh => format!(" · {year}年"),
            Lang::En => format!(" · {year}"),
        });
    }
    writeln!(out, "<p class=\"sub\">{}</p>", escape(&sub))?;
    if first && let Some(issuer) = summary.issuer.as_deref() {
        let sender = match lang {
            Lang::Zh => "报送单位：",
            Lang::En => "Submitted by: ",
        };
        writeln!(out, "<p class=\"issuer\">{sender}{}</p>", escape(issuer))?;
    }
    Ok(())
}

fn table_head(
    lang: Lang,
    summary: &Summary,
    columns: &[Column],
    wide: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let class = if wide { "summary wide" } else { "summary" };
    write!(out, "<table class=\"{class}\">\n<thead><tr>")?;
    for &column in columns {
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
    writeln!(out, "</tr></thead>\n<tbody>")
}

fn table_row(
    lang: Lang,
    summary: &Summary,
    number: usize,
    ranked: &Ranked<'_>,
    columns: &[Column],
    out: &mut dyn Write,
) -> io::Result<()> {
    write!(out, "<tr>")?;
    for &column in columns {
        let mut text = cell(lang, summary, number, ranked, column).unwrap_or_else(|| "—".into());
        if column == Column::Company && ranked.row.company().is_none() {
            // No name to show: the file's name (never its path) says which one it is.
            text = file_name(ranked.row.data()).to_string();
        }
        let class = match column {
            Column::Company => " class=\"name\"",
            Column::Eligible => " class=\"c\"",
            c if c.numeric() => " class=\"n\"",
            _ => "",
        };
        write!(out, "<td{class}>{}</td>", escape(&text))?;
    }
    writeln!(out, "</tr>")
}

fn seal(lang: Lang, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let issuer = summary.issuer.as_deref().map(escape).unwrap_or_default();
    let (seal, date) = super::paper::seal_lines(lang);
    writeln!(
        out,
        "<div class=\"seal\"><p>{seal}{issuer}</p><p>{date}</p></div>"
    )
}

fn folio(lang: Lang, page: usize, pages: usize, out: &mut dyn Write) -> io::Result<()> {
    let text = match lang {
        Lang::Zh => format!("第 {page} 页 共 {pages} 页"),
        Lang::En => format!("Page {page} of {pages}"),
    };
    writeln!(out, "<p class=\"folio\">{text}</p>")
}

/// The page of files that could not be scored or were not read: not sent with the summary, a
/// list for the clerk to follow up, in words a clerk acts on (no raw keys, no options).
fn not_scored_page(
    lang: Lang,
    summary: &Summary,
    failed: &[Ranked<'_>],
    out: &mut dyn Write,
) -> io::Result<()> {
    let heading = match lang {
        Lang::Zh => "未能评分的文件（不随汇总表报送）",
        Lang::En => "Files that could not be scored (not sent with the summary)",
    };
    let sub = lang.pick(&summary.title, &summary.title_en);
    writeln!(
        out,
        "<div class=\"page failed\">\n<h2>{heading}</h2>\n<p class=\"sub\">{}</p>\n<ol class=\"notes\">",
        escape(sub)
    )?;
    for ranked in failed {
        let file = file_name(ranked.row.data());
        let code = ranked
            .row
            .failure()
            .and_then(|f| f.code.as_deref())
            .unwrap_or_default();
        let text = match lang {
            Lang::Zh => format!(
                "{file}：{}，未能评分。请申报单位按模板核对、改正后重新提交。",
                reason(code)
            ),
            Lang::En => {
                format!("{file}: not scored. Ask the applicant to correct and resubmit it.")
            }
        };
        writeln!(out, "<li>{}</li>", escape(&text))?;
    }
    for name in &summary.unread {
        let file = file_name(name);
        let text = match lang {
            Lang::Zh => format!("{file}：不是评分用的数据文件（如 PDF、Word 文件），未读取。"),
            Lang::En => format!("{file}: not a data file (a PDF or Word file, say); not read."),
        };
        writeln!(out, "<li>{}</li>", escape(&text))?;
    }
    writeln!(out, "</ol>\n</div>")
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

#[cfg(test)]
mod tests {
    use super::{HEAD, paginate};

    #[test]
    #[allow(clippy::single_range_in_vec_init)] // a list of one page
    fn pages_fit_their_rows_and_the_seal_never_stands_alone() {
        // One-line rows of 5.3 mm under a one-line header: 1500 for rows, the seal 160.
        let rows = |n: usize| vec![53; n];
        assert_eq!(paginate(&rows(0), HEAD), [0..0]);
        assert_eq!(
            paginate(&rows(25), HEAD),
            [0..25],
            "25 rows and the seal fit a page"
        );
        // 28 rows fill a page (28 × 53 = 1484) but leave no room for the seal: the seal's page
        // takes as many rows as fit beside it (25 × 53 + 160 = 1485).
        assert_eq!(paginate(&rows(28), HEAD), [0..3, 3..28]);
        assert_eq!(paginate(&rows(40), HEAD), [0..28, 28..40]);
        // A row taller than a page is a page of its own, never lost.
        assert_eq!(paginate(&[2000, 53], HEAD), [0..1, 1..2]);
    }
}
