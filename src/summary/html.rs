//! The summary as an HTML table: a whole page alone (`--summary`), a `<section>` inside the
//! sheets' page otherwise.

use std::io::{self, Write};

use super::{Placement, Summary, cells, counts, heading, words};
use crate::render::html::escape;
use crate::sheet::Lang;

pub fn write(
    lang: Lang,
    summary: &Summary,
    placement: Placement,
    out: &mut dyn Write,
) -> io::Result<()> {
    let w = words(lang);
    let title = escape(&heading(lang, summary));
    let alone = placement == Placement::Alone;
    if alone {
        let code = match lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        };
        writeln!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
             <style>table{{border-collapse:collapse}}th,td{{border:1px solid #999;padding:2px 8px}}\
             td.n{{text-align:right}}</style>\n</head>\n<body>"
        )?;
    }
    writeln!(
        out,
        "<section class=\"summary\">\n<h2>{title}</h2>\n<table>"
    )?;
    let header = [
        w.rank, w.company, w.data, w.base, w.bonus, w.total, w.eligible, w.warnings, w.error,
    ];
    write!(out, "<thead><tr>")?;
    for h in header {
        write!(out, "<th>{}</th>", escape(h))?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    for ranked in summary.ranked() {
        let class = if ranked.rank.is_some() {
            ""
        } else {
            " class=\"failed\""
        };
        write!(out, "<tr{class}>")?;
        for (i, cell) in cells(w, &ranked).iter().enumerate() {
            let numeric = matches!(i, 0 | 3 | 4 | 5 | 7);
            let open = if numeric { "<td class=\"n\">" } else { "<td>" };
            write!(out, "{open}{}</td>", escape(cell))?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(
        out,
        "</tbody>\n</table>\n<p>{}</p>\n</section>",
        escape(&counts(lang, summary))
    )?;
    if alone {
        writeln!(out, "</body>\n</html>")?;
    }
    Ok(())
}
