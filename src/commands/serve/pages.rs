//! The pages: the start page (the four tables and an upload), the form of one table, made from
//! its rubric (the keys, titles, units, levels and rule words of `score template`), and the
//! bureau's page. Chinese first; `?lang=en` words the page in English. Every text from a rubric
//! or a visitor is HTML-escaped; the pages carry no inline script (their script is
//! `/assets/app.js`).

use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::render::html::escape;
use crate::rubric::builtin::BUILTINS;
use crate::rubric::{InputKind, Rubric};
use crate::sheet::Lang;
use crate::template::{Entry, EntryKind};

const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    lang: Option<String>,
}

impl PageQuery {
    fn lang(&self) -> Lang {
        match self.lang.as_deref().and_then(crate::i18n::parse) {
            Some(lang) => lang,
            None => crate::i18n::lang(),
        }
    }
}

fn html(body: String) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// `/assets/NAME`: the script and the styles, from the binary.
pub async fn asset(Path(name): Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        "style.css" => (STYLE_CSS, "text/css; charset=utf-8"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let mut response = (StatusCode::OK, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    response
}

/// The page around a body: head, the bar with the links and the language switch, the script.
fn page(lang: Lang, title: &str, data: &str, here: &str, main: &str) -> String {
    let (html_lang, other, other_name) = match lang {
        Lang::Zh => ("zh-CN", "en", "English"),
        Lang::En => ("en", "zh", "中文"),
    };
    let title = escape(title);
    let home = lang.pick("四张自评表", "The four tables");
    let bureau = lang.pick("县区汇总排名", "Bureau: rank a folder");
    let suffix = match lang {
        Lang::Zh => "",
        Lang::En => "?lang=en",
    };
    format!(
        "<!doctype html>\n<html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title}</title><link rel=\"stylesheet\" href=\"/assets/style.css\"></head>\n\
<body {data} data-lang=\"{html_lang}\"><header class=\"bar\"><a href=\"/{suffix}\">{home}</a>\
<a href=\"/bureau{suffix}\">{bureau}</a><a class=\"lang\" href=\"{here}?lang={other}\">{other_name}</a></header>\n\
<main>\n<h1>{title}</h1>\n{main}</main>\n<script src=\"/assets/app.js\"></script></body></html>\n"
    )
}

/// `/`: the four tables and the upload of a filled file.
pub async fn start(Query(query): Query<PageQuery>) -> Response {
    let lang = query.lang();
    let suffix = if lang == Lang::En { "?lang=en" } else { "" };
    let mut main = String::new();
    main.push_str(&format!(
        "<p>{}</p>\n<ul class=\"tables\">\n",
        lang.pick(
            "选择申报的评分表，在网页上填写数据，右侧即时显示得分；填好后可打印评分表和证明材料清单、下载数据。数据只在本次请求中计算，不保存。",
            "Choose the table you apply for and fill in your figures: the score shows beside the form as you type. Print the sheet and the evidence checklist and download your data when done. Figures are scored in memory and never stored."
        )
    ));
    for rubric in crate::data::which::builtins() {
        let attachment = BUILTINS
            .iter()
            .find(|b| b.id == &*rubric.id)
            .and_then(|b| b.aliases.first().copied())
            .unwrap_or("");
        main.push_str(&format!(
            "<li><a href=\"/form/{id}{suffix}\"><span class=\"att\">{att}</span> {title}</a></li>\n",
            id = escape(&rubric.id),
            att = escape(attachment),
            title = escape(lang.pick(&rubric.title, &rubric.title_en)),
        ));
    }
    main.push_str("</ul>\n");
    main.push_str(&format!(
        "<section class=\"upload\"><h2>{}</h2><p>{}</p>\
<input type=\"file\" id=\"upload\" accept=\".xlsx,.xls,.ods,.toml,.txt,.csv\">\
<div id=\"problems\" class=\"problems\" aria-live=\"polite\"></div></section>\n",
        lang.pick(
            "上传已填好的工作簿/数据文件",
            "Upload a filled workbook or data file"
        ),
        lang.pick(
            "工作簿（.xlsx、.xls、.ods，如 `score template` 生成的填报表）或 TOML 数据文件：自动识别评分表，填入表单并评分。",
            "A workbook (.xlsx, .xls, .ods, such as the fill-in workbook) or a TOML data file: its table is recognised, the form filled in and scored."
        ),
    ));
    let title = lang.pick("甘肃省自评表评分", "Gansu self-evaluation tables");
    html(page(lang, title, "data-page=\"start\"", "/", &main))
}

/// `/bureau`: many files or a zip in, the ranked summaries out.
pub async fn bureau(Query(query): Query<PageQuery>) -> Response {
    let lang = query.lang();
    let main = format!(
        "<p>{intro}</p>\n<form method=\"post\" enctype=\"multipart/form-data\" action=\"/api/summary?format=html\" target=\"_blank\" class=\"bureau\">\n\
<label>{files_label}<br><input type=\"file\" name=\"files\" multiple accept=\".zip,.toml,.txt,.xlsx,.xls,.ods,.csv\" required></label>\n\
<label>{issuer_label}<br><input type=\"text\" name=\"issuer\" autocomplete=\"organization\" placeholder=\"{issuer_example}\"></label>\n\
<p class=\"actions\"><button type=\"submit\">{html_button}</button> \
<button type=\"submit\" formaction=\"/api/summary?format=xlsx\">{xlsx_button}</button></p>\n</form>\n",
        intro = lang.pick(
            "选择各申报单位的数据文件（可多选），或一个文件夹的 .zip 压缩包；按四张表分别排名，得到与 `score --summary` 相同的汇总表。重复的单位会被标出，无法评分的文件列在表末并写明原因。",
            "Choose the applicants' data files (several at once) or a .zip of a folder: each table is ranked, as `score --summary` ranks a folder. Duplicates are marked; files that cannot be scored are listed at the end with the reason."
        ),
        files_label = lang.pick("数据文件或 .zip", "Data files or a .zip"),
        issuer_label = lang.pick("报送单位（印在汇总表上，可不填）", "Sent by (printed on the summary; optional)"),
        issuer_example = lang.pick("如：凉州区工业和信息化局", "e.g. 凉州区工业和信息化局"),
        html_button = lang.pick("汇总表（打印）", "Summary (to print)"),
        xlsx_button = lang.pick("汇总表（Excel 下载）", "Summary (Excel download)"),
    );
    let title = lang.pick("县区汇总排名", "Bureau: rank the applicants");
    html(page(lang, title, "data-page=\"bureau\"", "/bureau", &main))
}

/// `/form/ID`: the table's form, the live sheet beside it.
pub async fn form(Path(id): Path<String>, Query(query): Query<PageQuery>) -> Response {
    let lang = query.lang();
    let Ok(rubric) = super::work::rubric(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let id = escape(&rubric.id);
    let entries = crate::template::entries(rubric, lang);
    let mut fields = String::new();
    let (mut category, mut group) = (String::new(), String::new());
    for entry in entries.iter().filter(|e| e.key != "rubric") {
        if entry.category != category && !entry.category.is_empty() {
            category.clone_from(&entry.category);
            fields.push_str(&format!("<h2>{}</h2>\n", escape(&category)));
        }
        if entry.group != group && !entry.group.is_empty() {
            group.clone_from(&entry.group);
            fields.push_str(&format!("<h3>{}</h3>\n", escape(&group)));
        }
        fields.push_str(&field(rubric, lang, entry));
    }
    let w = |zh, en| lang.pick(zh, en);
    let main = format!(
        "<div class=\"two\">\n<form id=\"data-form\" method=\"post\" action=\"/api/sheet?rubric={id}{lq}\" target=\"_blank\" autocomplete=\"off\">\n\
<input type=\"hidden\" name=\"rubric\" value=\"{id}\">\n\
<div id=\"confirmed-keys\" hidden></div>\n\
<section class=\"actions\">\
<label class=\"file\">{upload}<input type=\"file\" id=\"upload\" accept=\".xlsx,.xls,.ods,.toml,.txt,.csv\"></label> \
<button type=\"submit\" id=\"print\" formaction=\"/api/sheet?rubric={id}{lq}\" formtarget=\"_blank\">{print}</button> \
<button type=\"submit\" id=\"checklist\" formaction=\"/api/checklist?rubric={id}{lq}\" formtarget=\"_blank\">{checklist}</button> \
<button type=\"submit\" formaction=\"/api/checklist?rubric={id}{lq}&amp;format=xlsx\" formtarget=\"_self\">{checklist_xlsx}</button> \
<button type=\"submit\" formaction=\"/api/data?rubric={id}{lq}&amp;format=xlsx\" formtarget=\"_self\">{xlsx}</button> \
<button type=\"submit\" formaction=\"/api/data?rubric={id}{lq}&amp;format=toml\" formtarget=\"_self\">{toml}</button> \
<button type=\"button\" id=\"advise\">{advise}</button></section>\n\
<div id=\"problems\" class=\"problems\" aria-live=\"polite\"></div>\n{fields}</form>\n\
<aside id=\"sheet\" aria-live=\"polite\"><p class=\"hint\">{hint}</p></aside>\n</div>\n\
<section id=\"advice\" hidden><h2>{advise}</h2><pre id=\"advice-text\"></pre></section>\n",
        lq = if lang == Lang::En { "&amp;lang=en" } else { "" },
        upload = w("上传已填好的文件", "Upload a filled file"),
        print = w("打印评分表", "Print the sheet"),
        xlsx = w("下载工作簿", "Download workbook"),
        checklist = w("证明材料清单（打印）", "Evidence checklist (to print)"),
        checklist_xlsx = w("证明材料清单（Excel）", "Evidence checklist (Excel)"),
        toml = w("下载 TOML", "Download TOML"),
        advise = w("提分建议", "How to score more"),
        hint = w(
            "填写左侧数据，这里即时显示得分。",
            "Fill in the figures: the score shows here as you type."
        ),
    );
    let title = lang.pick(&rubric.title, &rubric.title_en);
    let data = format!("data-page=\"form\" data-rubric=\"{id}\"");
    html(page(lang, title, &data, &format!("/form/{id}"), &main))
}

/// One figure: its title and key, the input (a dropdown for a level or 是/否), its unit, and
/// what the template says of it (the item it feeds, the rule, the note).
fn field(rubric: &Rubric, lang: Lang, entry: &Entry) -> String {
    let key = escape(&entry.key);
    let input_id = format!("f-{}", entry.key.replace('.', "-"));
    let prefill = escape(entry.prefill.as_deref().unwrap_or(""));
    let control = match &entry.kind {
        EntryKind::Level(_) => select(&key, &input_id, &level_options(rubric, lang, &entry.key)),
        EntryKind::Flag => {
            let options = vec![
                ("true".to_string(), lang.pick("是", "yes").to_string()),
                ("false".to_string(), lang.pick("否", "no").to_string()),
            ];
            select(&key, &input_id, &options)
        }
        EntryKind::Text => {
            format!("<input type=\"text\" id=\"{input_id}\" name=\"{key}\" value=\"{prefill}\">")
        }
        EntryKind::List => format!(
            "<input type=\"text\" id=\"{input_id}\" name=\"{key}\" placeholder=\"{}\">",
            lang.pick("如 60, 45", "e.g. 60, 45")
        ),
        _ => format!(
            "<input type=\"text\" inputmode=\"decimal\" id=\"{input_id}\" name=\"{key}\" value=\"{prefill}\">"
        ),
    };
    let mut about = String::new();
    if !entry.item.is_empty() {
        let max = entry
            .max
            .map(|m| {
                format!(
                    "{}{}",
                    crate::num::plain(m),
                    lang.pick(
                        " 分",
                        if m == rust_decimal::Decimal::ONE {
                            " point"
                        } else {
                            " points"
                        }
                    )
                )
            })
            .unwrap_or_default();
        about.push_str(&format!(
            "<span class=\"item\">【{}】{}</span> ",
            escape(&entry.item),
            escape(&max)
        ));
    }
    for text in [&entry.rule, &entry.note] {
        if !text.is_empty() {
            about.push_str(&escape(text));
            about.push(' ');
        }
    }
    format!(
        "<div class=\"field\" data-key=\"{key}\"><label for=\"{input_id}\">{title} <code>{key}</code></label>\
<div class=\"control\">{control}<span class=\"unit\">{unit}</span></div>\
<p class=\"about\">{about}</p><p class=\"problem\" hidden></p></div>\n",
        title = escape(&entry.title),
        unit = escape(&entry.unit),
    )
}

/// A level's choices: its id (what the reader takes in any language) and its label.
fn level_options(rubric: &Rubric, lang: Lang, key: &str) -> Vec<(String, String)> {
    let Some((_, input)) = rubric.input(key) else {
        return Vec::new();
    };
    if input.kind != InputKind::Level {
        return Vec::new();
    }
    input
        .level_set
        .and_then(|s| rubric.level_sets.get(s))
        .map(|set| {
            set.levels
                .iter()
                .map(|l| (l.id.clone(), lang.pick(&l.label, &l.label_en).to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn select(key: &str, id: &str, options: &[(String, String)]) -> String {
    let mut out = format!("<select id=\"{id}\" name=\"{key}\"><option value=\"\">—</option>");
    for (value, label) in options {
        out.push_str(&format!(
            "<option value=\"{}\">{}</option>",
            escape(value),
            escape(label)
        ));
    }
    out.push_str("</select>");
    out
}
